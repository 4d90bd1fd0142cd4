//! The HTML pages through the CLI: `brief --html` and `team --html`, and the team as CSV.

use super::Env;

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

#[test]
fn brief_html_writes_one_self_contained_page_in_the_language_asked() {
    let env = sample();
    let page = env.path("anna.html");
    let run = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "brief",
            "10023",
            "--html",
            page.to_str().unwrap(),
            "--lang",
            "sv",
        ])
        .ok();
    assert_eq!(run.stdout, format!("wrote {}\n", page.display()));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("Anna Lindqvist"));
    // Three systems matter to Anna: a radar with three polygons, one per series.
    for series in ["radar-target", "radar-current", "radar-self"] {
        assert!(
            html.contains(&format!("<polygon id=\"{series}\"")),
            "no {series} polygon"
        );
    }
    assert!(html.contains("data-levels=\"2,1,1\""), "target levels");
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!env.path("anna.partial").exists());

    // Norwegian and English labels, from --lang or from LANG.
    let nb = env.path("anna-nb.html");
    env.run_env(
        &[
            "--as-of",
            "2026-11-20",
            "brief",
            "10023",
            "--html",
            nb.to_str().unwrap(),
        ],
        &[("LANG", "nb_NO.UTF-8"), ("LC_ALL", ""), ("LC_MESSAGES", "")],
    )
    .ok();
    assert!(
        std::fs::read_to_string(&nb)
            .unwrap()
            .contains("<html lang=\"nb\">")
    );
    let bad = env.run(&["brief", "10023", "--html", "x.html", "--lang", "de"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("expected en, sv or nb, got \"de\""),
        "{}",
        bad.stderr
    );
}

#[test]
fn team_as_a_page_a_table_and_csv() {
    let env = sample();
    let page = env.path("team.html");
    env.run(&[
        "--as-of",
        "2026-11-20",
        "team",
        "10001",
        "--html",
        page.to_str().unwrap(),
        "--lang",
        "en",
        "--min-group",
        "2",
    ])
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Team overview") && html.contains("Sofia Öhman &amp; Berg"));
    // At or above target of 3 with a target: O365 2, shown; LIFECARE and TIMECARE 1, withheld.
    assert!(html.contains(">2 of 3</td>"), "at-or-above-target counts");
    assert!(
        html.contains(">fewer than 2 of 3</td>"),
        "a count of 1 withheld"
    );

    let table = env.run(&["--as-of", "2026-11-20", "team", "10001"]).ok();
    assert!(
        table
            .stdout
            .contains("10024     Mohammed Al-Sayed   1s/2 ▲1   –/1 ▲1  2s/1"),
        "{}",
        table.stdout
    );
    let csv = env
        .run(&["--as-of", "2026-11-20", "--format", "csv", "team", "10001"])
        .ok();
    assert!(
        csv.stdout.starts_with(
            "employee,name,system,target,current,self,gap\n10023,Anna Lindqvist,LIFECARE,2,3,2,0\n"
        ),
        "{}",
        csv.stdout
    );
}

#[test]
fn progress_as_a_page_with_a_chart() {
    let env = sample();
    let page = env.path("progress.html");
    env.run(&[
        "progress",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-20",
        "--min-group",
        "1",
        "--html",
        page.to_str().unwrap(),
        "--lang",
        "nb",
    ])
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<html lang=\"nb\">"));
    assert!(html.contains("role=\"img\""), "the chart");
    // LIFECARE: nobody at target on 1 January, a third on 20 November.
    assert!(html.contains("33,3\u{a0}%"), "Norwegian percent");
    assert!(!html.contains("http://") && !html.contains("https://"));
}
