//! `skillreg sync wlx`: the sample, re-sync, leavers and returners, the guard, refusals.

use crate::{Env, fixture};

fn standing<'a>(brief: &'a serde_json::Value, system: &str) -> &'a serde_json::Value {
    brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == system)
        .unwrap_or_else(|| panic!("no {system} in {brief}"))
}

#[test]
fn sample_sync_gives_the_worked_example_brief_of_10031() {
    let env = Env::new();
    let run = env.sync("winlas/sample-export.xml").ok();
    assert!(run.stdout.contains("applied: 8 people"), "{}", run.stdout);
    let brief = env.brief("2026-11-20", "10031");
    assert_eq!(brief["employee_no"], "10031");
    assert_eq!(brief["as_of"], "2026-11-20");
    let lc = standing(&brief, "LIFECARE");
    assert_eq!(lc["target"], 3);
    assert_eq!(lc["current"], 2);
    assert_eq!(lc["current_source"], "confirmed");
    assert_eq!(lc["confirmed"], 2);
    assert_eq!(lc["self"], 3);
    assert_eq!(lc["gap"], 1);
    assert_eq!(lc["discrepancy"], true);
    assert_eq!(lc["recommended_courses"], serde_json::json!(["LC-HANDL"]));
    assert_eq!(brief["open_referrals"], serde_json::json!([]));
    assert_eq!(brief["expiring"], serde_json::json!([]));
}

#[test]
fn sample_gaps_match_the_worked_example() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let gaps = env
        .run(&["--as-of", "2026-11-20", "--format", "json", "gaps", "--all"])
        .ok()
        .json();
    let rows: Vec<(String, String, u64, Option<u64>, u64)> = gaps
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["employee_no"].as_str().unwrap().to_string(),
                g["system"].as_str().unwrap().to_string(),
                g["target"].as_u64().unwrap(),
                g["current"].as_u64(),
                g["gap"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |no: &str, system: &str| rows.iter().find(|r| r.0 == no && r.1 == system).cloned();
    // 10023 Anna: TIMECARE not assessed, target 1; LIFECARE and O365 no gap.
    assert_eq!(
        row("10023", "TIMECARE"),
        Some(("10023".into(), "TIMECARE".into(), 1, None, 1))
    );
    assert_eq!(row("10023", "LIFECARE"), None);
    assert_eq!(row("10023", "O365"), None);
    // 10031 Linnéa: LIFECARE 2 of 3.
    assert_eq!(
        row("10031", "LIFECARE"),
        Some(("10031".into(), "LIFECARE".into(), 3, Some(2), 1))
    );
    // 10025 Sofia: the SÄBO unit requirement gives target 3.
    assert_eq!(
        row("10025", "LIFECARE"),
        Some(("10025".into(), "LIFECARE".into(), 3, Some(2), 1))
    );
    // 10041 Elin left on 2026-06-30: in no gap report of 2026-11-20 ...
    assert!(rows.iter().all(|r| r.0 != "10041"), "{rows:?}");
    // ... but in one as of 2026-06-01 (PMO 4 confirmed meets target 3; O365 target 2 not assessed).
    let june = env
        .run(&[
            "--as-of",
            "2026-06-01",
            "--format",
            "json",
            "gaps",
            "--employee",
            "10041",
        ])
        .ok()
        .json();
    assert_eq!(
        june,
        serde_json::json!([{"employee_no": "10041", "system": "O365", "target": 2, "current": null, "gap": 2}])
    );
}

#[test]
fn the_same_file_twice_writes_nothing_the_second_time() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    let second = env
        .run(&[
            "--format",
            "json",
            "sync",
            "wlx",
            fixture("winlas/sample-export.xml").to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(second["catalog"], serde_json::json!([]));
    assert_eq!(second["people"], serde_json::json!([]));
    assert_eq!(second["n_unchanged"], 8);
    assert_eq!(second["n_evidence"], 0);
    assert_eq!(env.dump(), before);
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs.as_array().unwrap().len(), 2, "both runs are logged");
    assert_eq!(runs[0]["outcome"], "applied");
    assert_eq!(
        runs[0]["counts"],
        serde_json::json!({"created": 0, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 0})
    );
    assert_eq!(
        runs[1]["counts"],
        serde_json::json!({"created": 8, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 19})
    );
    assert_eq!(runs[0]["digest"], runs[1]["digest"]);
    assert_eq!(runs[0]["digest"].as_str().unwrap().len(), 64);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let env = Env::new();
    let run = env
        .run(&[
            "sync",
            "wlx",
            "--dry-run",
            fixture("winlas/sample-export.xml").to_str().unwrap(),
        ])
        .ok();
    assert!(
        run.stdout
            .starts_with("plan (dry run, nothing written): 8 people"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("created     10031 (+3 evidence)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("created     unit SOC-SÄBO"),
        "{}",
        run.stdout
    );
    let profile = env.run(&["profile", "10031"]);
    assert_eq!(profile.code, 1);
    assert!(
        profile.stderr.contains("no employee \"10031\""),
        "{}",
        profile.stderr
    );
}

#[test]
fn a_leaver_is_terminated_with_history_kept_and_a_returner_reactivated() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let night2 = env
        .run(&[
            "--format",
            "json",
            "sync",
            "wlx",
            fixture("winlas/next-night-leaver.xml").to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(
        night2["people"],
        serde_json::json!([
            {"employee_no": "10024", "change": "terminated", "n_evidence": 0},
            {"employee_no": "10040", "change": "updated", "n_evidence": 1}
        ])
    );
    let profile = env
        .run(&[
            "--as-of",
            "2026-11-21",
            "--format",
            "json",
            "profile",
            "10024",
        ])
        .ok()
        .json();
    assert_eq!(profile["active"], false);
    assert_eq!(
        profile["employee"]["employments"][0]["end"], "2026-11-20",
        "last day = the day before the export"
    );
    let history = env
        .run(&["--format", "json", "history", "10024"])
        .ok()
        .json();
    assert_eq!(history.as_array().unwrap().len(), 2, "history kept");
    // Not in the gap report after leaving, still in one for the day before.
    let gaps = env
        .run(&["--as-of", "2026-11-21", "--format", "json", "gaps", "--all"])
        .ok()
        .json();
    assert!(
        gaps.as_array()
            .unwrap()
            .iter()
            .all(|g| g["employee_no"] != "10024")
    );
    let gaps = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "gaps",
            "--employee",
            "10024",
        ])
        .ok()
        .json();
    assert_eq!(
        gaps.as_array().unwrap().len(),
        2,
        "LIFECARE and O365: {gaps}"
    );

    let night3 = env
        .run(&[
            "--format",
            "json",
            "sync",
            "wlx",
            fixture("winlas/next-night-returner.xml").to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(
        night3["people"],
        serde_json::json!([{"employee_no": "10024", "change": "reactivated", "n_evidence": 0}])
    );
    let profile = env
        .run(&[
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
            "profile",
            "10024",
        ])
        .ok()
        .json();
    assert_eq!(profile["active"], true);
    assert_eq!(
        profile["employee"]["employments"][0]["end"],
        serde_json::Value::Null
    );
    let history = env
        .run(&["--format", "json", "history", "10024"])
        .ok()
        .json();
    assert_eq!(
        history.as_array().unwrap().len(),
        2,
        "history intact, nothing duplicated"
    );
}

#[test]
fn the_guard_trips_on_a_truncated_export_and_can_be_overridden() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    let file = fixture("winlas/truncated-export.xml");
    let tripped = env.run(&["sync", "wlx", file.to_str().unwrap()]);
    assert_eq!(tripped.code, 3, "{}", tripped.stderr);
    assert!(
        tripped
            .stderr
            .contains("would terminate 5 of 7 active people"),
        "{}",
        tripped.stderr
    );
    assert!(
        tripped.stderr.contains("10024, 10025, 10030, 10031, 10040"),
        "{}",
        tripped.stderr
    );
    assert!(
        tripped.stderr.ends_with(
            "\nhint: check that the export is complete, or allow the terminations with --max-terminations\n"
        ),
        "{}",
        tripped.stderr
    );
    assert_eq!(env.dump(), before, "nothing written");
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["outcome"], "guard_tripped");

    let too_low = env.run(&[
        "sync",
        "wlx",
        "--max-terminations",
        "4",
        file.to_str().unwrap(),
    ]);
    assert_eq!(too_low.code, 3);
    let allowed = env
        .run(&[
            "sync",
            "wlx",
            "--max-terminations",
            "5",
            file.to_str().unwrap(),
        ])
        .ok();
    assert!(
        allowed.stdout.contains("5 terminated"),
        "{}",
        allowed.stdout
    );
    let gaps = env
        .run(&["--as-of", "2026-11-21", "--format", "json", "gaps", "--all"])
        .ok()
        .json();
    let people: std::collections::BTreeSet<&str> = gaps
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["employee_no"].as_str().unwrap())
        .collect();
    assert_eq!(people.into_iter().collect::<Vec<_>>(), ["10001", "10023"]);
}

#[test]
fn percent_limit_is_accepted() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let file = fixture("winlas/truncated-export.xml");
    assert_eq!(
        env.run(&[
            "sync",
            "wlx",
            "--max-terminations",
            "50%",
            file.to_str().unwrap()
        ])
        .code,
        3
    );
    env.run(&[
        "sync",
        "wlx",
        "--max-terminations",
        "80%",
        file.to_str().unwrap(),
    ])
    .ok();
    let bad = env.run(&[
        "sync",
        "wlx",
        "--max-terminations",
        "lots",
        file.to_str().unwrap(),
    ]);
    assert_eq!(bad.code, 2, "usage error");
}

#[test]
fn reference_problems_are_all_reported_and_nothing_is_written() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    let run = env.sync("winlas/bad-references.xml");
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains("bad-references.xml was refused, nothing was written: 7 problem(s)"),
        "{err}"
    );
    for expected in [
        "line 9, column 5: <OrgUnit>: org units form a cycle: each is its own ancestor; fix the parent attributes (value \"LOOP-A > LOOP-B\")",
        "line 77, column 7: <Employment>: unknown org unit: add it to OrgUnits or correct unit (value \"SOC-XX\")",
        "line 89, column 7: <CourseResult>: unknown course: add it to Courses or correct course (value \"TEAMS-9\")",
        "line 95, column 7: <Competence>: unknown system: add it to Systems or correct system (value \"COSMIC\")",
        "line 108, column 7: <Employment>: unknown occupation: add it to Occupations or correct occupation (value \"LARARE\")",
        "line 112, column 5: <Person>: duplicate employeeNo (first on line 64): each person may appear once (value \"10023\")",
        "line 108, column 7: <Employment>: unknown manager: managerEmployeeNo names nobody in the file or the registry (value \"99999\")",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(env.dump(), before, "a refused file changes nothing");
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["outcome"], "refused");
    assert_eq!(runs.as_array().unwrap().len(), 2);
}

#[test]
fn latin1_export_gives_the_same_registry_as_its_utf8_twin() {
    let utf8 = Env::new();
    utf8.sync("winlas/sample-export.xml").ok();
    let latin1 = Env::new();
    latin1.sync("winlas/sample-export-latin1.xml").ok();
    let dump = utf8.dump();
    assert!(dump.contains("Öhman & Berg") && dump.contains("Särskilt boende Solgården"));
    assert_eq!(latin1.dump(), dump);
}

#[test]
fn every_bad_input_of_the_format_is_refused_with_its_location_and_changes_nothing() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    let cases: &[(&str, &str)] = &[
        (
            "bad-malformed.xml",
            "line 20, column 26: <GivenName>: not well-formed XML",
        ),
        (
            "bad-root.xml",
            "line 2, column 1: <WinlasExprot>: the root element must be <WinlasExport>",
        ),
        (
            "bad-version.xml",
            "line 2, column 1: <WinlasExport>: formatVersion 2.0 is not supported",
        ),
        (
            "bad-level.xml",
            "line 17, column 7: <Competence>: level must be 1-4 (value \"7\")",
        ),
        (
            "bad-date.xml",
            "line 17, column 7: <Competence>: date must be a valid date YYYY-MM-DD (value \"2026-13-45\")",
        ),
        (
            "bad-percent.xml",
            "line 16, column 7: <Employment>: percent must be a whole number 1-100 (value \"150\")",
        ),
        (
            "bad-missing-employeeno.xml",
            "line 13, column 5: <Person>: employeeNo is missing",
        ),
        (
            "bad-two-primaries.xml",
            "line 17, column 7: <Employment>: person 10023 has more than one primary employment",
        ),
        // 16 in an empty registry; here LIFECARE is already known from the sample.
        (
            "bad-many.xml",
            "refused, nothing was written: 15 problem(s)",
        ),
        (
            "bad-references.xml",
            "refused, nothing was written: 7 problem(s)",
        ),
    ];
    for (file, expected) in cases {
        let run = env.sync(&format!("winlas/{file}"));
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file),
            "{file} not named in: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(expected),
            "{file}: {expected:?} not in:\n{}",
            run.stderr
        );
        assert_eq!(env.dump(), before, "{file} changed the registry");
    }
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    let outcomes: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    // Every refusal is logged, header problems too.
    assert_eq!(
        outcomes.iter().filter(|o| **o == "refused").count(),
        10,
        "{outcomes:?}"
    );
    assert_eq!(outcomes.last(), Some(&"applied"));
}

#[test]
fn bom_cp1252_and_character_reference_twins_give_the_same_registry() {
    let utf8 = Env::new();
    utf8.sync("winlas/sample-export.xml").ok();
    let dump = utf8.dump();
    for twin in [
        "sample-export-bom.xml",
        "sample-export-cp1252.xml",
        "sample-export-charrefs.xml",
    ] {
        let env = Env::new();
        env.sync(&format!("winlas/{twin}")).ok();
        assert_eq!(env.dump(), dump, "{twin}");
    }
}
