//! `skillreg demand`, `skillreg progress`, and the brief and team as JSON on the sample
//! organisation, compared exactly with golden files in `fixtures/golden/`. After an intended change of output, rewrite them with
//! `SKILLREG_BLESS=1 cargo test --test it reports` and review the diff before committing.
//!
//! The figures themselves are worked out by hand in `crates/skillreg-store/tests/it/reports.rs`.

use crate::{Env, fixture};

/// Compares `actual` with `fixtures/golden/<name>`, or writes it when SKILLREG_BLESS is set.
fn golden(name: &str, actual: &str) {
    let path = fixture(&format!("golden/{name}"));
    if std::env::var_os("SKILLREG_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; write it with SKILLREG_BLESS=1",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{name} differs from its golden file (rewrite with SKILLREG_BLESS=1 if intended):\n{actual}"
    );
}

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

const DAY: [&str; 2] = ["--as-of", "2026-11-20"];

#[test]
fn demand_golden_json_and_csv_with_the_default_threshold() {
    let env = sample();
    let json = env
        .run(&[DAY[0], DAY[1], "--format", "json", "demand"])
        .ok()
        .stdout;
    golden("demand.json", &json);
    let csv = env
        .run(&[DAY[0], DAY[1], "--format", "csv", "demand"])
        .ok()
        .stdout;
    golden("demand.csv", &csv);
    // 7 active people, 6 with a gap: shown; every course's non-zero count is withheld.
    let v = env
        .run(&[DAY[0], DAY[1], "--format", "json", "demand"])
        .ok()
        .json();
    assert_eq!(
        v["n_people"],
        serde_json::json!({"value": 7, "suppressed": false})
    );
    assert_eq!(
        v["courses"][1]["closes"]["total"],
        serde_json::json!({"value": null, "suppressed": true})
    );
    assert_eq!(v["suppression"]["n_suppressed"], 44);
    assert_eq!(v["suppression"]["min_group"], 5);
    assert!(
        csv.contains("course,LIFECARE,2,LC-DOK,all,,<5,0,0,\n"),
        "{csv}"
    );
    assert!(csv.contains("new course,O365,3,,all,,,,,<5\n"), "{csv}");
}

#[test]
fn demand_golden_csv_with_groups_of_one_has_nothing_withheld() {
    let env = sample();
    let csv = env
        .run(&[
            DAY[0],
            DAY[1],
            "--format",
            "csv",
            "demand",
            "--min-group",
            "1",
        ])
        .ok()
        .stdout;
    golden("demand-min1.csv", &csv);
    assert!(!csv.contains('<'), "{csv}");
    // LC-HANDL closes a gap for 4: 10024, 10025, 10030, 10031.
    assert!(
        csv.contains("course,LIFECARE,3,LC-HANDL,all,,4,0,0,\n"),
        "{csv}"
    );
    // O365 3 is needed by 2 (10001, 10030) and no course grants it.
    assert!(csv.contains("new course,O365,3,,all,,,,,2\n"), "{csv}");
    // Rule 6: Sofia (USK at Solgården) needs TIMECARE 2; TC-CHEF reaches it but is made for
    // unit managers, so a course is to be made for USK.
    assert!(
        csv.contains("course for the group,TIMECARE,2,,occupation,USK,,,,1\n"),
        "{csv}"
    );
    assert!(
        !csv.contains("course,TIMECARE,3,TC-CHEF,occupation,USK"),
        "{csv}"
    );
}

#[test]
fn demand_table_states_what_was_withheld_and_names_nobody() {
    let env = sample();
    let out = env.run(&[DAY[0], DAY[1], "demand"]).ok().stdout;
    assert!(
        out.starts_with(
            "Training demand as of 2026-11-20, everyone: 7 active people, 6 with a gap\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("44 figures withheld, shown as <5: a count of 1 to 4 people"),
        "{out}"
    );
    for person in ["10001", "10023", "10031", "Anna", "Karlsson"] {
        assert!(!out.contains(person), "{person} in {out}");
    }
    // A unit and an occupation narrow the scope: ECH in SOC has 2 people, withheld.
    let out = env
        .run(&[
            DAY[0],
            DAY[1],
            "demand",
            "--unit",
            "SOC",
            "--occupation",
            "ECH",
        ])
        .ok()
        .stdout;
    assert!(
        out.starts_with("Training demand as of 2026-11-20, occupation ECH in unit SOC and below: <5 active people, <5 with a gap\n"),
        "{out}"
    );
}

#[test]
fn demand_of_an_unknown_unit_fails_naming_it() {
    let env = sample();
    let run = env.run(&[DAY[0], DAY[1], "demand", "--unit", "SOC-XX"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "error: no org unit \"SOC-XX\" in the catalog\n");
    assert_eq!(run.stdout, "");
}

#[test]
fn progress_golden_json_and_csv_from_new_year() {
    let env = sample();
    let args = |format| {
        vec![
            "--format",
            format,
            "progress",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-20",
        ]
    };
    let json = env.run(&args("json")).ok().stdout;
    golden("progress.json", &json);
    golden("progress.csv", &env.run(&args("csv")).ok().stdout);
    let mut min1 = args("csv");
    min1.extend(["--min-group", "1"]);
    let csv = env.run(&min1).ok().stdout;
    golden("progress-min1.csv", &csv);
    // LIFECARE for everyone: 6 with a target both days; none at target on 2026-01-01, 2 of 6 on
    // 2026-11-20; mean 0 then 10/6; 10030 not assessed.
    assert!(
        csv.contains("(all),LIFECARE,6,0,0,6,6,0.333,1.67,1,0,0.333,1.67\n"),
        "{csv}"
    );
    let v = env.run(&args("json")).ok().json();
    // 7 on both days; 10041 left (withheld: 1 person); nobody joined.
    assert_eq!(v["people"]["n_both"]["value"], 7);
    assert_eq!(
        v["people"]["n_left"],
        serde_json::json!({"value": null, "suppressed": true})
    );
    assert_eq!(v["people"]["n_joined"]["value"], 0);
    // With groups of 5 the 6 with a LIFECARE target show, but not the share of 2 of them at
    // target: it would give the count of 2 back.
    let lifecare = &v["rows"][0];
    assert_eq!(lifecare["system"], "LIFECARE");
    assert_eq!(lifecare["to"]["n_people"]["value"], 6);
    assert_eq!(
        lifecare["to"]["share_at_target"],
        serde_json::json!({"value": null, "suppressed": true})
    );
    assert_eq!(lifecare["from"]["share_at_target"]["value"], 0.0);
}

#[test]
fn progress_counts_a_joiner_and_the_follow_up_day_defaults_to_as_of() {
    let env = Env::new();
    env.sync("winlas/reports-joiner.xml").ok();
    // 10050 joined SOC-HT on 2026-08-01; 10041 (BUF-EHT) left on 2026-06-30.
    let v = env
        .run(&[
            DAY[0],
            DAY[1],
            "--format",
            "json",
            "progress",
            "--from",
            "2026-01-01",
            "--unit",
            "SOC-HT",
            "--min-group",
            "1",
        ])
        .ok()
        .json();
    assert_eq!(v["to"], "2026-11-20");
    assert_eq!(v["unit"], "SOC-HT");
    assert_eq!(v["people"]["n_both"]["value"], 4);
    assert_eq!(v["people"]["n_left"]["value"], 0);
    assert_eq!(v["people"]["n_joined"]["value"], 1);
    // LIFECARE in SOC-HT: 4 then 5 people; 10001, 10023 and the joiner at target: 3/5.
    let row = &v["rows"][0];
    assert_eq!(row["unit"], serde_json::Value::Null);
    assert_eq!(row["system"], "LIFECARE");
    assert_eq!(row["to"]["share_at_target"]["value"], 0.6);
    assert_eq!(row["change"]["n_people"]["value"], 1);
    let out = env
        .run(&[DAY[0], DAY[1], "progress", "--from", "2026-01-01"])
        .ok()
        .stdout;
    assert!(
        out.starts_with("Progress from 2026-01-01 to 2026-11-20, everyone\nPeople: 7 on both days, <5 left, <5 joined; each day counts its own active people"),
        "{out}"
    );
    assert!(out.contains("(all)     LIFECARE  6"), "{out}");
}

#[test]
fn brief_and_team_golden_json() {
    // Linnéa Karlsson's brief (docs/src/rules.md#worked-example: LIFECARE target 3, confirmed 2 after
    // her LC-HANDL expired, self 3) and the team of Karin Åberg (10001): 10023, 10024, 10025.
    let env = sample();
    let brief = env
        .run(&[DAY[0], DAY[1], "--format", "json", "brief", "10031"])
        .ok()
        .stdout;
    golden("brief-10031.json", &brief);
    let team = env
        .run(&[DAY[0], DAY[1], "--format", "json", "team", "10001"])
        .ok()
        .stdout;
    golden("team-10001.json", &team);
    let b: serde_json::Value = serde_json::from_str(&brief).unwrap();
    assert_eq!(b["employee_no"], "10031");
    let lifecare = &b["systems"][0];
    assert_eq!(
        (
            &lifecare["system"],
            &lifecare["target"],
            &lifecare["confirmed"],
            &lifecare["self"],
            &lifecare["gap"]
        ),
        (
            &serde_json::json!("LIFECARE"),
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(3),
            &serde_json::json!(1)
        )
    );
    assert_eq!(lifecare["discrepancy"], true);
    let t: serde_json::Value = serde_json::from_str(&team).unwrap();
    let nos: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["employee"]["employee_no"].as_str().unwrap())
        .collect();
    assert_eq!(nos, ["10023", "10024", "10025"]);
}
