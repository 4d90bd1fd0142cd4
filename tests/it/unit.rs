//! `skillreg unit`: the unit view of SOC (SOC-HT and SOC-SÄBO below it, 6 active people) on
//! the sample as of 2026-11-20, as a page, as JSON and as CSV.

use super::Env;

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

const DAY: &str = "2026-11-20";

#[test]
fn a_small_unit_as_a_page_of_people() {
    let env = sample();
    let page = env.path("soc.html");
    let run = env
        .run(&[
            "--as-of",
            DAY,
            "unit",
            "SOC",
            "--html",
            page.to_str().unwrap(),
            "--lang",
            "sv",
        ])
        .ok();
    assert_eq!(run.stdout, format!("wrote {}\n", page.display()));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("<h1>Översikt för enheten</h1>"));
    assert!(html.contains("Socialförvaltningen (SOC) · Per 20 nov. 2026"));
    // All six people, Sofia's name escaped; BUF's people are not in SOC.
    for no in ["10001", "10023", "10024", "10025", "10030", "10031"] {
        assert!(html.contains(&format!("data-employee=\"{no}\"")), "{no}");
    }
    assert!(html.contains("Sofia Öhman &amp; Berg"));
    assert!(!html.contains("10040"));
    // LIFECARE: 2 of the 6 with a target are at or above it: the 6 is shown, the 2 is a count
    // of fewer than 5 people and is withheld, as are O365's 2 of 6 and TIMECARE's 3 of 5.
    assert!(html.contains(
        "<td class=\"num suppressed\" data-system=\"LIFECARE\" data-with-target=\"6\">färre än 5 av 6</td>"
    ));
    assert!(html.contains(
        "<td class=\"num suppressed\" data-system=\"TIMECARE\" data-with-target=\"5\">färre än 5 av 5</td>"
    ));
    assert!(!html.contains("data-at-target"));
    assert!(html.contains("<span class=\"n-suppressed\">3</span>"));
}

#[test]
fn a_large_unit_as_a_page_of_occupations_with_withheld_figures() {
    let env = sample();
    let page = env.path("soc.html");
    env.run(&[
        "--as-of",
        DAY,
        "unit",
        "SOC",
        "--max-people",
        "1",
        "--html",
        page.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("data-occupation=\"USK\""));
    assert!(!html.contains("data-employee"));
    assert!(html.contains(
        "<td class=\"cell suppressed\" data-system=\"LIFECARE\" data-sort=\"-1\">fewer than 5</td>"
    ));
    // 38 figures withheld: see the store's unit view tests for the count.
    assert!(html.contains("Figures withheld: <span class=\"n-suppressed\">38</span>"));
}

#[test]
fn json_and_csv() {
    let env = sample();
    let json = env
        .run(&[
            "--as-of",
            DAY,
            "--format",
            "json",
            "unit",
            "SOC",
            "--max-people",
            "1",
            "--min-group",
            "1",
        ])
        .ok()
        .json();
    assert_eq!(json["shape"], "occupations");
    assert_eq!(json["n_people"], 6);
    let usk = &json["occupations"][2];
    assert_eq!(usk["occupation"], "USK");
    assert_eq!(usk["n_people"]["value"], 3);
    assert_eq!(usk["systems"][0]["system"], "LIFECARE");
    assert_eq!(usk["systems"][0]["mean_level"]["value"], 2.0);
    assert_eq!(json["suppression"]["n_suppressed"], 0);

    let csv = env
        .run(&[
            "--as-of",
            DAY,
            "--format",
            "csv",
            "unit",
            "SOC",
            "--max-people",
            "1",
        ])
        .ok();
    assert!(
        csv.stdout.starts_with(
            "occupation,people,system,with_target,at_target,mean_level,mean_gap\n\
             ECH,<5,LIFECARE,<5,<5,<5,<5\n"
        ),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains("SSK,<5,TIMECARE,0,0,–,–\n"));
    assert!(csv.stdout.ends_with(
        "*,6,LIFECARE,6,<5,1.67,0.83\n*,6,O365,6,<5,0.83,1.17\n*,6,TIMECARE,5,<5,1.80,0.60\n"
    ));

    let people = env
        .run(&["--as-of", DAY, "--format", "csv", "unit", "SOC-SÄBO"])
        .ok();
    assert!(
        people.stdout.starts_with(
            "employee,name,system,target,current,gap\n10025,Sofia Öhman & Berg,LIFECARE,3,2,1\n"
        ),
        "{}",
        people.stdout
    );

    let unknown = env.run(&["--as-of", DAY, "unit", "NOPE"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("no org unit \"NOPE\" in the catalog"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_whole_organisation_with_all() {
    let env = sample();
    let v = env
        .run(&["--as-of", "2026-11-20", "--format", "json", "unit", "--all"])
        .ok()
        .json();
    // Every active person of every top-level unit (SOC and BUF); 10041 has left.
    assert_eq!(v["unit"], serde_json::Value::Null);
    assert_eq!(v["n_people"], 7);
    let people: Vec<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["employee_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        [
            "10001", "10023", "10024", "10025", "10030", "10031", "10040"
        ]
    );
    // A unit and --all together is a usage error; neither is --all.
    assert_eq!(env.run(&["unit", "SOC", "--all"]).code, 2);
    assert_eq!(
        env.run(&["--format", "json", "--as-of", "2026-11-20", "unit"])
            .ok()
            .json()["n_people"],
        7
    );
}
