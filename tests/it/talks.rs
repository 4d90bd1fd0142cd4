//! The appraisal talk through the real binary: recorded by a manager with what was agreed,
//! followed up by the next brief (met, not yet, overdue across days), refused whole when wrong,
//! planned with `talks due`, and covered per unit for HR.

use serde_json::{Value, json};

use crate::Env;

fn with(fixture: &str) -> Env {
    let env = Env::new();
    env.sync(fixture).ok();
    env
}

/// Karin (10001) records her talk with Anna (10023) on 2026-09-01: LIFECARE 3 by mid-October,
/// TIMECARE 1 by November, and the course LC-DOK by the end of the year.
fn record_annas_talk(env: &Env) {
    let out = env
        .run(&[
            "--as-actor",
            "manager:10001",
            "talk",
            "record",
            "10023",
            "--date",
            "2026-09-01",
            "--agree",
            "LIFECARE=3@2026-10-15",
            "--agree",
            "TIMECARE=1@2026-11-01",
            "--refer",
            "LC-DOK@2026-12-31",
        ])
        .ok()
        .stdout;
    assert_eq!(
        out,
        "recorded: talk with 10023 on 2026-09-01, 3 agreement(s)\n"
    );
}

fn statuses(brief: &Value) -> Vec<(String, String)> {
    brief["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let what = a["system"].as_str().or(a["course"].as_str()).unwrap();
            (what.to_string(), a["status"].as_str().unwrap().to_string())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_next_brief_follows_up_what_was_agreed_at_the_last_talk() {
    let env = with("winlas/sample-export.xml");
    record_annas_talk(&env);

    // Two weeks later nothing is done yet; the course is an open referral.
    let early = env.brief("2026-09-15", "10023");
    assert_eq!(early["last_talk"], "2026-09-01");
    assert_eq!(
        early["since"], "2026-09-01",
        "changes are counted from the talk"
    );
    assert_eq!(
        statuses(&early),
        pairs(&[
            ("LIFECARE", "not_yet"),
            ("TIMECARE", "not_yet"),
            ("LC-DOK", "not_yet")
        ])
    );
    assert_eq!(
        early["agreements"][0],
        json!({"kind": "level", "system": "LIFECARE", "level": 3, "due": "2026-10-15", "status": "not_yet"})
    );
    assert_eq!(early["open_referrals"][0]["course"], "LC-DOK");
    assert_eq!(early["open_referrals"][0]["due"], "2026-12-31");

    // At the next talk: Karin assessed LIFECARE 3 on 2026-10-01 and LC-DOK was completed on
    // 2026-10-20 (met); TIMECARE is still not assessed and was due on 2026-11-01 (overdue).
    let later = env.brief("2026-11-20", "10023");
    assert_eq!(
        statuses(&later),
        pairs(&[
            ("LIFECARE", "met"),
            ("TIMECARE", "overdue"),
            ("LC-DOK", "met")
        ])
    );

    // The table and the page say the same.
    let table = env
        .run(&["--as-of", "2026-11-20", "brief", "10023"])
        .ok()
        .stdout;
    assert!(table.contains("Agreed at the last talk (2026-09-01):\n  LIFECARE 3 advanced (due 2026-10-15): met\n  TIMECARE 1 basic (due 2026-11-01): overdue\n  LC-DOK (due 2026-12-31): met\n"), "{table}");
    let page = env.path("anna.html");
    env.run(&[
        "--as-of",
        "2026-11-20",
        "brief",
        "10023",
        "--html",
        page.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<li data-status=\"overdue\">"), "{html}");
    assert_eq!(html.matches("<li data-status=\"met\">").count(), 2);

    // Before the talk there was none.
    let before = env.brief("2026-08-01", "10023");
    assert_eq!(before["last_talk"], Value::Null);
    assert_eq!(before["agreements"], json!([]));

    // `talks` lists it, in each format and language.
    let csv = env.run(&["--format", "csv", "talks", "10023"]).ok().stdout;
    assert_eq!(
        csv,
        "date,held by,agreed\n2026-09-01,10001,LIFECARE 3 (due 2026-10-15); TIMECARE 1 (due 2026-11-01); LC-DOK (due 2026-12-31)\n"
    );
    let sv = env.run(&["--lang", "sv", "talks", "10023"]).ok().stdout;
    assert!(sv.starts_with("datum       hölls av"), "{sv}");
    // And the person's own export holds it.
    let export = env.run(&["subject", "export", "10023"]).ok().json();
    assert_eq!(export["Appraisal talks"][0]["date"], "2026-09-01");
    assert_eq!(
        export["Appraisal talks"][0]["agreements"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_wrong_talk_is_refused_whole_and_writes_nothing() {
    let env = with("winlas/sample-export.xml");
    let talk = |who: &str, args: &[&str]| {
        let mut all = vec!["--as-actor", who, "talk", "record", "10023"];
        all.extend_from_slice(args);
        env.run(&all)
    };
    let cases: &[(&str, &[&str], i32, &str)] = &[
        ("hr", &["--date", "2099-01-01"], 1, "after today"),
        (
            "hr",
            &["--date", "2026-09-01", "--agree", "NOPE=2"],
            1,
            "no system \"NOPE\" in the catalog",
        ),
        (
            "hr",
            &["--date", "2026-09-01", "--refer", "NOPE-1"],
            1,
            "no course \"NOPE-1\" in the catalog",
        ),
        (
            "hr",
            &["--date", "2026-09-01", "--agree", "LIFECARE=2@2026-08-01"],
            1,
            "LIFECARE=2 is due 2026-08-01, before the talk on 2026-09-01",
        ),
        (
            "hr",
            &["--date", "2026-09-01", "--agree", "LIFECARE=5"],
            2,
            "level must be a number 1-4",
        ),
        (
            "hr",
            &["--date", "2026-09-01", "--agree", "LIFECARE"],
            2,
            "expected SYSTEM=LEVEL",
        ),
        // Per Ström manages Solgården, not Anna.
        (
            "manager:10030",
            &["--date", "2026-09-01", "--refer", "LC-DOK"],
            1,
            "manager:10030 may not record an appraisal talk with employee 10023",
        ),
        // Nor may Anna record her own.
        (
            "employee:10023",
            &["--date", "2026-09-01"],
            1,
            "may not record an appraisal talk",
        ),
    ];
    for (who, args, code, message) in cases {
        let run = talk(who, args);
        assert_eq!(run.code, *code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    // Nothing was written: no talk, and the referral of the refused one was not made.
    assert_eq!(
        env.run(&["--format", "json", "talks", "10023"]).ok().json(),
        json!([])
    );
    let brief = env.brief("2026-11-20", "10023");
    assert_eq!(brief["open_referrals"], json!([]));
}

#[test]
fn talks_due_lists_reports_without_a_recent_talk_soonest_first() {
    // The head of department (10000) above both unit managers; 10041 left on 2026-06-30.
    let env = with("winlas/access-chain.xml");
    for (who, day) in [
        ("10024", "2025-12-01"),
        ("10023", "2026-09-01"),
        ("10031", "2025-11-25"),
    ] {
        env.run(&["talk", "record", who, "--date", day]).ok();
    }
    let due = |args: &[&str]| {
        let mut all = vec!["--as-of", "2026-11-20", "--format", "json"];
        all.extend_from_slice(args);
        let v = env.run(&all).ok().json();
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p["employee_no"].as_str().unwrap(),
                    p["due"].as_str().unwrap_or("now")
                )
            })
            .collect::<Vec<_>>()
    };
    // Karin's direct reports: Sofia never had one; Mohammed's is due on 2026-12-01, within 30
    // days; Anna's not before 2027-09-01.
    assert_eq!(
        due(&["--as-actor", "manager:10001", "talks", "due"]),
        ["10025 now"]
    );
    assert_eq!(
        due(&[
            "--as-actor",
            "manager:10001",
            "talks",
            "due",
            "--within",
            "30"
        ]),
        ["10025 now", "10024 2026-12-01"]
    );
    // Everyone below the head of department who is due; 10031's talk (2025-11-25) falls due
    // only on 2026-11-25, and 10041, who left, is not listed.
    assert_eq!(
        due(&[
            "--as-actor",
            "manager:10000",
            "talks",
            "due",
            "--manager",
            "10000",
            "--indirect"
        ]),
        ["10001 now", "10025 now", "10030 now"]
    );
    // A manager may not plan another manager's talks.
    let run = env.run(&[
        "--as-actor",
        "manager:10030",
        "talks",
        "due",
        "--manager",
        "10001",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);

    // HR: the coverage per unit, suppressed like every aggregate.
    let coverage = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "talks",
            "due",
            "--min-group",
            "1",
        ])
        .ok()
        .json();
    let row = |unit: &str| {
        coverage["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == unit)
            .cloned()
            .unwrap()
    };
    // 8 active people, 3 with a talk within 12 months (10024's of 2025-12-01, 10023's, and
    // 10031's of 2025-11-25 is within 2025-11-20..2026-11-20).
    assert_eq!(row("")["n_people"]["value"], 8);
    assert_eq!(row("")["n_with_talk"]["value"], 3);
    assert_eq!(row("SOC-HT")["n_with_talk"]["value"], 2);
    let suppressed = env
        .run(&["--as-of", "2026-11-20", "--format", "json", "talks", "due"])
        .ok()
        .json();
    assert_eq!(suppressed["units"][0]["n_people"]["value"], 8);
    assert_eq!(suppressed["units"][0]["n_with_talk"]["suppressed"], true);
    let nb = env
        .run(&["--as-of", "2026-11-20", "--lang", "nb", "talks", "due"])
        .ok()
        .stdout;
    assert!(
        nb.starts_with("Medarbeidersamtaler innen 12 måneder, per 20.11.2026"),
        "{nb}"
    );
}
