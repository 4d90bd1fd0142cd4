//! The organisation's digital maturity through the CLI: `maturity import` of good and bad
//! answers files (all or nothing, every bad row named, the same answers twice record nothing
//! new, `;` and `,`), and `maturity report` over two days on a generated measurement, with its
//! figures worked out by hand below, as JSON, as a table and as a page whose radar is checked
//! point by point.

use serde_json::Value;

use super::{Env, fixture};

const SMALL: &str = "maturity/small-framework.toml";

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

fn import(env: &Env, answers: &str, date: &str) -> super::Run {
    let framework = fixture(SMALL);
    env.run(&[
        "--format",
        "json",
        "maturity",
        "import",
        answers,
        "--framework",
        framework.to_str().unwrap(),
        "--date",
        date,
    ])
}

fn fixture_str(name: &str) -> String {
    fixture(name).to_str().unwrap().to_string()
}

#[test]
fn the_same_answers_with_commas_then_semicolons_are_recorded_once() {
    let env = sample();
    let first = import(
        &env,
        &fixture_str("maturity/answers-comma.csv"),
        "2026-03-02",
    )
    .ok()
    .json();
    assert_eq!(first["framework"], "small-example");
    assert_eq!(first["version"], "2024.1");
    assert_eq!(
        (first["n_recorded"].as_u64(), first["n_already"].as_u64()),
        (Some(8), Some(0))
    );
    assert_eq!(
        (first["n_respondents"].as_u64(), first["n_units"].as_u64()),
        (Some(3), Some(3))
    );
    // The same answers saved by a spreadsheet (`;`, CRLF): nothing new.
    let again = import(
        &env,
        &fixture_str("maturity/answers-semicolon.csv"),
        "2026-03-02",
    )
    .ok()
    .json();
    assert_eq!(
        (again["n_recorded"].as_u64(), again["n_already"].as_u64()),
        (Some(0), Some(8))
    );
    // The same file on another day is another measurement.
    let later = import(
        &env,
        &fixture_str("maturity/answers-comma.csv"),
        "2026-09-01",
    )
    .ok()
    .json();
    assert_eq!(later["n_recorded"].as_u64(), Some(8));
    // Each import is in the audit trail.
    let audit = env.run(&["audit"]).ok().stdout;
    assert_eq!(
        audit.matches("import maturity answers").count(),
        3,
        "{audit}"
    );
    assert!(audit.contains("0 recorded, 8 already held"));
}

#[test]
fn a_bad_answers_file_is_refused_whole_naming_every_bad_row() {
    let env = sample();
    let before = env.dump();
    let file = fixture_str("maturity/answers-bad.csv");
    let run = import(&env, &file, "2026-03-03");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let err = run.stderr;
    assert!(
        err.contains("was refused, nothing was written: 9 problem(s)"),
        "{err}"
    );
    // Line 2 is good; every other row is named with its line and value.
    for (line, what) in [
        (3, "no org unit \"NO-SUCH-UNIT\""),
        (4, "no capability \"no-such-capability\""),
        (
            5,
            "the step must be 1 to 4 (the framework's scale) (value \"5\")",
        ),
        (
            6,
            "the step must be 1 to 4 (the framework's scale) (value \"0\")",
        ),
        (
            8,
            "a second answer of respondent \"LG-SB\" for unit \"SOC-SÄBO\" and capability \"data\"",
        ),
        (9, "looks like a national identity number (not shown)"),
        (
            10,
            "column \"step\": expected a step number (1, 2, ...) (value \"x\")",
        ),
        (
            11,
            "column \"date\": expected a day such as 2026-11-24 or 24.11.2026 (value \"31.02.2026\")",
        ),
        (12, "a measurement dated after today"),
    ] {
        let needle = format!("answers-bad.csv: line {line}: ");
        let found = err
            .lines()
            .find(|l| l.contains(&needle))
            .unwrap_or_else(|| panic!("line {line} not named: {err}"));
        assert!(found.contains(what), "line {line}: {found}");
    }
    assert!(
        !err.contains("line 2:"),
        "the good row is not a problem: {err}"
    );
    // The identity number is never echoed.
    assert!(!err.contains("19121212"), "{err}");
    // Nothing written, not even the framework.
    assert_eq!(env.dump(), before);
}

#[test]
fn a_framework_file_with_problems_is_refused_before_anything_is_read() {
    let env = sample();
    let framework = fixture("maturity/bad-framework.toml");
    let run = env.run(&[
        "maturity",
        "import",
        &fixture_str("maturity/answers-comma.csv"),
        "--framework",
        framework.to_str().unwrap(),
        "--date",
        "2026-03-02",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("bad-framework.toml is not a maturity framework"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 12") && run.stderr.contains("given twice"),
        "{}",
        run.stderr
    );
}

/// The generated measurement: three units of the sample organisation, respondents `HT-01` ..
/// `HT-09` (SOC-HT), `SB-01` .. `SB-12` (SOC-SÄBO) and `EHT-01` .. `EHT-06` (BUF-EHT), the
/// capabilities of the small framework in order c = 0 (leadership), 1 (competence), 2 (data).
///
/// Baseline, 2026-03-02 (r = the respondent's number):
/// - SOC-HT: step 1 + (r + c) mod 3, so each capability has the steps 1, 2, 3 three times each;
/// - SOC-SÄBO: leadership 1 (r <= 6) or 2; competence 2; data 1 + r mod 4 (1-4 three times);
/// - BUF-EHT: 3 everywhere.
///
/// Follow-up, 2026-10-05: SOC-HT one step more (at most 4); SOC-SÄBO respondents 1-10 only
/// (11 and 12 do not answer again, so their baseline answer stands): leadership 2, competence
/// 3, data as before; BUF-EHT 4 everywhere.
///
/// Late, 2026-11-16 (after the follow-up day of the report): HT-01 .. HT-05 answer 1 everywhere.
fn generated(env: &Env) -> [String; 3] {
    let caps = ["leadership", "competence", "data"];
    let mut base = String::from("respondent,unit,capability,step\n");
    let mut follow = String::from("respondent;unit;capability;step\n");
    let mut late = String::from("respondent,unit,capability,step,date\n");
    for (c, cap) in caps.iter().enumerate() {
        for r in 1..=9usize {
            let b = 1 + (r + c) % 3;
            base += &format!("HT-{r:02},SOC-HT,{cap},{b}\n");
            follow += &format!("HT-{r:02};SOC-HT;{cap};{}\n", (b + 1).min(4));
            if r <= 5 {
                late += &format!("HT-{r:02},SOC-HT,{cap},1,2026-11-16\n");
            }
        }
        for r in 1..=12usize {
            let (b, f) = match c {
                0 => (if r <= 6 { 1 } else { 2 }, 2),
                1 => (2, 3),
                _ => (1 + r % 4, 1 + r % 4),
            };
            base += &format!("SB-{r:02},SOC-SÄBO,{cap},{b}\n");
            if r <= 10 {
                follow += &format!("SB-{r:02};SOC-SÄBO;{cap};{f}\n");
            }
        }
        for r in 1..=6usize {
            base += &format!("EHT-{r:02},BUF-EHT,{cap},3\n");
            follow += &format!("EHT-{r:02};BUF-EHT;{cap};4\n");
        }
    }
    let mut paths = Vec::new();
    for (name, text) in [
        ("base.csv", base),
        ("follow.csv", follow),
        ("late.csv", late),
    ] {
        let path = env.path(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path.to_str().unwrap().to_string());
    }
    [paths[0].clone(), paths[1].clone(), paths[2].clone()]
}

fn measured() -> Env {
    let env = sample();
    let [base, follow, late] = generated(&env);
    // 27 respondents × 3 capabilities; 25 respondents (SB-11, SB-12 do not answer) × 3; 5 × 3.
    for (file, date, n) in [
        (&base, "2026-03-02", 81),
        (&follow, "2026-10-05", 75),
        (&late, "2026-11-01", 15),
    ] {
        assert_eq!(
            import(&env, file, date).ok().json()["n_recorded"].as_u64(),
            Some(n)
        );
    }
    env
}

fn report(env: &Env, to: &str, min_group: &str) -> Value {
    let framework = fixture(SMALL);
    env.run(&[
        "--format",
        "json",
        "maturity",
        "report",
        "--framework",
        framework.to_str().unwrap(),
        "--from",
        "2026-03-31",
        "--to",
        to,
        "--min-group",
        min_group,
    ])
    .ok()
    .json()
}

fn group<'a>(report: &'a Value, unit: Option<&str>) -> &'a Value {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["unit"].as_str() == unit)
        .unwrap_or_else(|| panic!("no group {unit:?}"))
}

/// (median, distribution) of one capability on one day, as the report has them (`None` =
/// withheld or nothing to show).
fn figures(g: &Value, capability: &str, day: &str) -> (Option<f64>, Vec<Option<u64>>) {
    let row = g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["capability"] == capability)
        .unwrap();
    let f = &row[day];
    (
        f["median"]["value"].as_f64(),
        f["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_u64())
            .collect(),
    )
}

fn change(g: &Value, capability: &str) -> Option<f64> {
    g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["capability"] == capability)
        .unwrap()["change"]["value"]
        .as_f64()
}

/// Expected (median, distribution) of a capability: distributions counted from the lists in
/// [`generated`]'s docs; the median is the middle one of the sorted steps (the mean of the two
/// middle ones for an even count).
type Expect = (f64, [u64; 4]);

fn check(g: &Value, capability: &str, from: Expect, to: Expect, delta: f64) {
    let some = |d: [u64; 4]| d.map(Some).to_vec();
    assert_eq!(
        figures(g, capability, "from"),
        (Some(from.0), some(from.1)),
        "{capability} from in {}",
        g["unit"]
    );
    assert_eq!(
        figures(g, capability, "to"),
        (Some(to.0), some(to.1)),
        "{capability} to in {}",
        g["unit"]
    );
    assert_eq!(
        change(g, capability),
        Some(delta),
        "{capability} change in {}",
        g["unit"]
    );
}

#[test]
fn the_report_of_a_generated_measurement_has_the_figures_worked_out_by_hand() {
    let env = measured();
    let r = report(&env, "2026-10-31", "1");
    let units: Vec<Option<&str>> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["unit"].as_str())
        .collect();
    assert_eq!(
        units,
        [
            None,
            Some("BUF"),
            Some("BUF-EHT"),
            Some("SOC"),
            Some("SOC-HT"),
            Some("SOC-SÄBO")
        ]
    );

    // SOC-HT: 1, 2, 3 three times each (median 2), then 2, 3, 4 three times each (median 3); the
    // late answers of 2026-11-16 are after the follow-up day and do not count.
    let ht = group(&r, Some("SOC-HT"));
    for cap in ["leadership", "competence", "data"] {
        check(ht, cap, (2.0, [3, 3, 3, 0]), (3.0, [0, 3, 3, 3]), 1.0);
    }
    assert_eq!(ht["n_respondents_to"]["value"], 9);
    // SOC-SÄBO: leadership six 1s and six 2s (median (1 + 2) / 2 = 1.5), then twelve 2s;
    // competence twelve 2s, then ten 3s and the two 2s of SB-11 and SB-12, who did not answer
    // again (median 3); data 1-4 three times each (median (2 + 3) / 2 = 2.5), unchanged.
    let sb = group(&r, Some("SOC-SÄBO"));
    check(
        sb,
        "leadership",
        (1.5, [6, 6, 0, 0]),
        (2.0, [0, 12, 0, 0]),
        0.5,
    );
    check(
        sb,
        "competence",
        (2.0, [0, 12, 0, 0]),
        (3.0, [0, 2, 10, 0]),
        1.0,
    );
    check(sb, "data", (2.5, [3, 3, 3, 3]), (2.5, [3, 3, 3, 3]), 0.0);
    assert_eq!(
        sb["n_respondents_to"]["value"], 12,
        "SB-11 and SB-12 still count"
    );
    // BUF-EHT and BUF above it: six 3s, then six 4s.
    for unit in ["BUF", "BUF-EHT"] {
        for cap in ["leadership", "competence", "data"] {
            check(
                group(&r, Some(unit)),
                cap,
                (3.0, [0, 0, 6, 0]),
                (4.0, [0, 0, 0, 6]),
                1.0,
            );
        }
    }
    // SOC = SOC-HT + SOC-SÄBO, 21 answers per capability; the median is the 11th:
    // leadership 1×9 2×9 3×3 -> 2, then 2×15 3×3 4×3 -> 2;
    // competence 1×3 2×15 3×3 -> 2, then 2×5 3×13 4×3 -> 3;
    // data 1×6 2×6 3×6 4×3 -> 2, then 1×3 2×6 3×6 4×6 -> 3.
    let soc = group(&r, Some("SOC"));
    check(
        soc,
        "leadership",
        (2.0, [9, 9, 3, 0]),
        (2.0, [0, 15, 3, 3]),
        0.0,
    );
    check(
        soc,
        "competence",
        (2.0, [3, 15, 3, 0]),
        (3.0, [0, 5, 13, 3]),
        1.0,
    );
    check(soc, "data", (2.0, [6, 6, 6, 3]), (3.0, [3, 6, 6, 6]), 1.0);
    // Everyone = SOC + BUF-EHT, 27 answers per capability; the median is the 14th.
    let all = group(&r, None);
    check(
        all,
        "leadership",
        (2.0, [9, 9, 9, 0]),
        (2.0, [0, 15, 3, 9]),
        0.0,
    );
    check(
        all,
        "competence",
        (2.0, [3, 15, 9, 0]),
        (3.0, [0, 5, 13, 9]),
        1.0,
    );
    check(all, "data", (3.0, [6, 6, 12, 3]), (3.0, [3, 6, 6, 12]), 0.0);
    assert_eq!(
        (
            all["n_respondents_from"]["value"].as_u64(),
            all["n_respondents_to"]["value"].as_u64()
        ),
        (Some(27), Some(27))
    );

    // The skills beside it (the sample organisation, docs/src/sample.md): on 2026-03-31 eight people have
    // a target and none is at all of them (each lacks an O365, TIMECARE or other level); on
    // 2026-10-31 seven (10041 left on 2026-06-30), and 10040 of BUF-EHT is: PMO 3 (manager,
    // February), O365 3 (self, September) against targets 3 and 2.
    let skills = |g: &Value, day: &str| {
        let d = &g["skills"][day];
        (
            d["n_people"]["value"].as_u64(),
            d["n_at_targets"]["value"].as_u64(),
            d["share_at_targets"]["value"].as_f64(),
        )
    };
    assert_eq!(skills(all, "from"), (Some(8), Some(0), Some(0.0)));
    assert_eq!(skills(all, "to"), (Some(7), Some(1), Some(0.143)));
    assert_eq!(all["skills"]["change"]["value"].as_f64(), Some(0.143));
    assert_eq!(
        skills(group(&r, Some("BUF-EHT")), "to"),
        (Some(1), Some(1), Some(1.0))
    );
    assert_eq!(
        skills(group(&r, Some("SOC-HT")), "from"),
        (Some(4), Some(0), Some(0.0))
    );
    assert_eq!(r["suppression"]["n_suppressed"], 0);

    // With the late answers: HT-01 .. HT-05 now say 1, so SOC-HT's leadership is
    // 1, 1, 1, 1, 1, 2 (HT-06), 3 (HT-07), 4 (HT-08), 2 (HT-09): median 1.
    let later = report(&env, "2026-11-30", "1");
    assert_eq!(
        figures(group(&later, Some("SOC-HT")), "leadership", "to").0,
        Some(1.0)
    );
}

#[test]
fn groups_of_fewer_respondents_than_the_minimum_are_withheld() {
    let env = measured();
    let r = report(&env, "2026-10-31", "7");
    // BUF-EHT and BUF have 6 respondents: every figure withheld, changes too.
    for unit in ["BUF", "BUF-EHT"] {
        let g = group(&r, Some(unit));
        assert_eq!(g["n_respondents_from"]["suppressed"], true);
        for row in g["rows"].as_array().unwrap() {
            assert_eq!(row["from"]["median"]["suppressed"], true);
            assert_eq!(row["to"]["median"]["value"], Value::Null);
            assert_eq!(row["change"]["suppressed"], true);
            assert!(
                row["to"]["distribution"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|c| c["suppressed"] == true)
            );
        }
    }
    // SOC-HT (9) shows its medians; a step chosen by 3 is withheld, one chosen by none is not.
    let ht = group(&r, Some("SOC-HT"));
    assert_eq!(
        figures(ht, "data", "from"),
        (Some(2.0), vec![None, None, None, Some(0)])
    );
    // SOC-SÄBO's competence follow-up: 2 withheld, 10 shown.
    assert_eq!(
        figures(group(&r, Some("SOC-SÄBO")), "competence", "to"),
        (Some(3.0), vec![Some(0), None, Some(10), Some(0)])
    );
    // Everyone's skills: 8 people and none at target on the baseline; at the follow-up 1 of 7,
    // which singles out someone: withheld, with the share and the change.
    let all = group(&r, None);
    assert_eq!(all["skills"]["from"]["n_at_targets"]["value"], 0);
    assert_eq!(all["skills"]["to"]["n_at_targets"]["suppressed"], true);
    assert_eq!(all["skills"]["to"]["share_at_targets"]["suppressed"], true);
    assert_eq!(all["skills"]["change"]["suppressed"], true);
    assert!(r["suppression"]["n_suppressed"].as_u64().unwrap() > 40);
}

/// The points of the `class` polygon of radar `id` in `html`.
fn polygon_points(html: &str, id: &str, class: &str) -> Vec<(f64, f64)> {
    let svg_start = html
        .find(&format!("<svg id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let svg = &html[svg_start..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let poly = svg
        .find(&format!("class=\"{class}\" data-levels="))
        .unwrap_or_else(|| panic!("no {class} in {id}"));
    let points = &svg[poly..];
    let points = &points[points.find("points=\"").unwrap() + 8..];
    let points = &points[..points.find('"').unwrap()];
    points
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn the_page_draws_each_units_medians_where_the_figures_say() {
    let env = measured();
    let framework = fixture(SMALL);
    for lang in ["en", "sv", "nb"] {
        let page = env.path(&format!("maturity-{lang}.html"));
        env.run(&[
            "maturity",
            "report",
            "--framework",
            framework.to_str().unwrap(),
            "--from",
            "2026-03-31",
            "--to",
            "2026-10-31",
            "--min-group",
            "7",
            "--html",
            page.to_str().unwrap(),
            "--lang",
            lang,
        ])
        .ok();
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(!html.contains("http://") && !html.contains("https://"));
        // Groups in the report's order: everyone, BUF, BUF-EHT, SOC, SOC-HT, SOC-SÄBO. The BUF
        // groups are withheld (6 respondents < 7): no radar, a sentence instead.
        assert!(
            !html.contains("id=\"maturity-radar-1\"") && !html.contains("id=\"maturity-radar-2\"")
        );
        assert_eq!(html.matches("class=\"radar-withheld\"").count(), 2);
        // Axis a of 3 points at -90° + 120°·a from (320, 215); step s of 4 lies at s/4 of the
        // radius 150. Medians from the hand-worked figures above.
        let at = |a: usize, s: f64| {
            let rad = (-90.0 + 120.0 * a as f64).to_radians();
            (
                320.0 + 150.0 * s / 4.0 * rad.cos(),
                215.0 + 150.0 * s / 4.0 * rad.sin(),
            )
        };
        for (i, base, follow) in [
            (0, [2.0, 2.0, 3.0], [2.0, 3.0, 3.0]),
            (3, [2.0, 2.0, 2.0], [2.0, 3.0, 3.0]),
            (4, [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]),
            (5, [1.5, 2.0, 2.5], [2.0, 3.0, 2.5]),
        ] {
            let id = format!("maturity-radar-{i}");
            for (class, medians) in [("radar-baseline", base), ("radar-followup", follow)] {
                let got = polygon_points(&html, &id, class);
                assert_eq!(got.len(), 3, "{id} {class}");
                for (a, ((x, y), m)) in got.iter().zip(medians).enumerate() {
                    let (ex, ey) = at(a, m);
                    assert!(
                        (x - ex).abs() < 0.06 && (y - ey).abs() < 0.06,
                        "{lang} {id} {class} axis {a}: ({x}, {y}) vs ({ex:.1}, {ey:.1})"
                    );
                }
            }
        }
        // The table is the radar's text alternative: the same medians, in the page's language.
        assert!(html.contains("data-capability=\"leadership\""));
        assert!(html.contains("data-median-from=\"1.5\""));
    }
    let sv = std::fs::read_to_string(env.path("maturity-sv.html")).unwrap();
    assert!(
        sv.contains("Digital mognad") && sv.contains("Personer som når alla sina kompetensmål")
    );
    let nb = std::fs::read_to_string(env.path("maturity-nb.html")).unwrap();
    assert!(nb.contains("Digital modenhet") && nb.contains("Nullpunktsmåling"));
}

#[test]
fn the_report_refuses_a_framework_it_holds_no_answers_to_or_that_changed_shape() {
    let env = measured();
    let example = fixture("maturity/example-framework.toml");
    let run = env.run(&[
        "maturity",
        "report",
        "--framework",
        example.to_str().unwrap(),
        "--from",
        "2026-03-31",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("holds no answers to maturity framework example-maturity version 1"),
        "{}",
        run.stderr
    );
    // The small framework with a capability added under the same version.
    let changed = env.path("changed.toml");
    let text = std::fs::read_to_string(fixture(SMALL)).unwrap()
        + "\n[[capabilities]]\nid = \"more\"\nname = \"More\"\n";
    std::fs::write(&changed, text).unwrap();
    let run = env.run(&[
        "maturity",
        "report",
        "--framework",
        changed.to_str().unwrap(),
        "--from",
        "2026-03-31",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("differs from the one the registry holds answers to"),
        "{}",
        run.stderr
    );
    // Only HR.
    let run = env.run(&[
        "--as-actor",
        "manager:10001",
        "maturity",
        "report",
        "--framework",
        fixture(SMALL).to_str().unwrap(),
        "--from",
        "2026-03-31",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("may not read the maturity report"),
        "{}",
        run.stderr
    );
    // A table for people, in Swedish.
    let run = env
        .run(&[
            "--lang",
            "sv",
            "maturity",
            "report",
            "--framework",
            fixture(SMALL).to_str().unwrap(),
            "--from",
            "2026-03-31",
            "--to",
            "2026-10-31",
        ])
        .ok();
    assert!(
        run.stdout.contains("Digital mognad") && run.stdout.contains("Förmåga"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_steering_group_and_a_head_of_unit_read_the_maturity_of_their_units_only() {
    let env = measured();
    let framework = fixture(SMALL);
    let read = |who: &str, extra: &[&str]| {
        let mut args = vec![
            "--as-of",
            "2026-11-20",
            "--as-actor",
            who,
            "--format",
            "json",
            "maturity",
            "report",
            "--framework",
            framework.to_str().unwrap(),
            "--from",
            "2026-03-31",
            "--to",
            "2026-10-31",
        ];
        args.extend_from_slice(extra);
        env.run(&args)
    };
    let units = |run: crate::Run| -> Vec<String> {
        run.ok().json()["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["unit"].as_str().unwrap_or("everyone").to_string())
            .collect()
    };
    // The steering group of SOC: SOC and the units below it, never BUF-EHT's answers.
    assert_eq!(
        units(read("viewer:SOC", &[])),
        ["everyone", "SOC", "SOC-HT", "SOC-SÄBO"]
    );
    // 10001 manages everyone in SOC-HT, nobody else in SOC.
    assert_eq!(
        units(read("manager:10001", &["--unit", "SOC-HT"])),
        ["everyone", "SOC-HT"]
    );
    for (who, extra, refusal) in [
        (
            "manager:10001",
            &["--unit", "SOC"][..],
            "manager:10001 may not read the maturity report for unit SOC, which has people \
             manager 10001 does not manage",
        ),
        (
            "manager:10001",
            &[][..],
            "manager:10001 may not read the maturity report for the whole organisation",
        ),
        (
            "viewer:SOC",
            &["--unit", "BUF-EHT"][..],
            "viewer:SOC may not read the maturity report for unit BUF-EHT",
        ),
        (
            "viewer:SOC",
            &["--min-group", "1"][..],
            "viewer:SOC may not read the maturity report with groups of fewer than 5 people shown",
        ),
        (
            "employee:10023",
            &[][..],
            "employee:10023 may not read the maturity report",
        ),
    ] {
        let run = read(who, extra);
        assert_eq!(run.code, 1, "{who} {extra:?}: {}", run.stdout);
        assert!(
            run.stderr.contains(refusal),
            "{who} {extra:?}: {}",
            run.stderr
        );
    }
}
