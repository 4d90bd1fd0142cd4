//! `--as-actor` and `skillreg audit` end to end, on the sample organisation (10001 manages
//! 10023, 10024 and 10025; 10030 manages 10025 and 10031).

use crate::{Env, fixture};

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

#[test]
fn a_manager_reads_a_report_and_the_audit_trail_shows_it() {
    let env = sample();
    let refused = env.run(&[
        "--as-of",
        "2026-11-20",
        "--as-actor",
        "manager:10030",
        "brief",
        "10023",
    ]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert_eq!(refused.stdout, "");
    assert_eq!(
        refused.stderr,
        "error: manager:10030 may not read employee 10023: only HR, the employee and their \
         managers may\n"
    );

    let brief = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--as-actor",
            "manager:10001",
            "brief",
            "10023",
        ])
        .ok();
    assert!(
        brief
            .stdout
            .starts_with("Appraisal brief: 10023 Anna Lindqvist — as of 2026-11-20"),
        "{}",
        brief.stdout
    );

    let trail = env
        .run(&["--format", "json", "audit", "--employee", "10023"])
        .ok()
        .json();
    let rows = trail.as_array().unwrap();
    assert_eq!(rows.len(), 1, "only the read that went through: {trail:#}");
    assert_eq!(rows[0]["actor"], "manager:10001");
    assert_eq!(rows[0]["action"], "read brief");
    assert_eq!(rows[0]["employee_no"], "10023");
    assert_eq!(rows[0]["detail"], "as of 2026-11-20");
    assert_eq!(
        rows[0]["via"],
        "skillreg --as-of 2026-11-20 --as-actor manager:10001 brief 10023"
    );

    // The table names the same row; reading the trail is itself in the trail.
    let table = env.run(&["audit", "--employee", "10023"]).ok().stdout;
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("id  at"), "{table}");
    assert!(
        lines[2].contains("manager:10001  read brief      10023"),
        "{table}"
    );
    assert!(
        lines[3].contains("hr             read audit log  10023"),
        "{table}"
    );
}

#[test]
fn the_actor_comes_from_the_environment_too_and_hr_is_the_default() {
    let env = sample();
    let own = env.run_env(
        &["history", "10023"],
        &[("SKILLREG_ACTOR", "employee:10023")],
    );
    assert_eq!(own.code, 0, "{}", own.stderr);
    let other = env.run_env(
        &["history", "10031"],
        &[("SKILLREG_ACTOR", "employee:10023")],
    );
    assert_eq!(other.code, 1);
    assert!(
        other
            .stderr
            .contains("employee:10023 may not read employee 10031"),
        "{}",
        other.stderr
    );
    // An employee's own reads leave no trace; HR's read of someone does.
    env.run(&["history", "10031"]).ok();
    let trail = env.run(&["--format", "csv", "audit"]).ok().stdout;
    let rows: Vec<&str> = trail.lines().collect();
    assert_eq!(rows[0], "id,at,actor,action,employee,detail,via");
    assert!(rows[1].contains(",hr,sync,,\"wlx "), "{trail}");
    assert!(rows[2].contains(",hr,read history,10031,"), "{trail}");
    assert_eq!(rows.len(), 3, "{trail}");
}

#[test]
fn refused_calls_exit_1_and_change_nothing() {
    let env = sample();
    let before = env.dump();
    let runs = |who: &str, args: &[&str]| {
        let mut all = vec!["--as-of", "2026-11-20", "--as-actor", who];
        all.extend_from_slice(args);
        env.run(&all)
    };
    for (who, args, message) in [
        (
            "employee:10023",
            &["assess", "10023", "LIFECARE", "4", "--manager", "10001"][..],
            "employee:10023 may not record a manager assessment of employee 10023",
        ),
        (
            "manager:10030",
            &["refer", "10023", "TC-CHEF"][..],
            "manager:10030 may not refer employee 10023",
        ),
        (
            "manager:10001",
            &["gaps", "--all"][..],
            "manager:10001 may not read everyone: only HR may",
        ),
        (
            "manager:10001",
            &["demand", "--unit", "SOC"][..],
            "manager:10001 may not read the training demand for unit SOC, which has people \
             manager 10001 does not manage",
        ),
        (
            "viewer:SOC-HT",
            &["unit", "SOC"][..],
            "viewer:SOC-HT may not read the unit view for unit SOC: only HR, viewers of that \
             unit or a unit above it, and managers of everyone in it may",
        ),
        (
            "viewer:SOC",
            &["brief", "10023"][..],
            "viewer:SOC may not read employee 10023: only HR, the employee and their managers may",
        ),
        (
            "manager:10001",
            &["audit"][..],
            "manager:10001 may not read the audit log: only HR may",
        ),
        (
            "employee:10023",
            &["sync", "wlx", "../sample.xml"][..],
            "employee:10023 may not",
        ),
    ] {
        let run = runs(who, args);
        assert_eq!(run.code, 1, "{who} {args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains(message),
            "{who} {args:?}: {}",
            run.stderr
        );
    }
    let file = fixture("nightly/sample-profile.toml");
    let nightly = runs(
        "manager:10001",
        &["sync", "run", "--profile", file.to_str().unwrap()],
    );
    assert_eq!(nightly.code, 1);
    assert!(
        nightly
            .stderr
            .contains("manager:10001 may not run the nightly job: only HR may"),
        "{}",
        nightly.stderr
    );
    assert_eq!(env.dump(), before);
    // The trail holds HR's sync and HR's reads (the dumps), nothing of the refused actors.
    let trail = env.run(&["--format", "json", "audit"]).ok().json();
    let actors: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["actor"].as_str())
        .collect();
    assert!(actors.iter().all(|a| *a == "hr"), "{actors:?}");

    let bad = env.run(&["--as-actor", "boss", "runs"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("expected hr, manager:EMPNO, employee:EMPNO or viewer:UNIT, got \"boss\""),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_manager_records_an_assessment_of_a_report_and_it_is_logged() {
    let env = sample();
    env.run(&[
        "--as-actor",
        "manager:10001",
        "assess",
        "10024",
        "O365",
        "2",
        "--manager",
        "10001",
        "--date",
        "2026-11-20",
    ])
    .ok();
    let trail = env
        .run(&["--format", "json", "audit", "--employee", "10024"])
        .ok()
        .json();
    assert_eq!(trail[0]["action"], "record manager assessment");
    assert_eq!(trail[0]["detail"], "O365 level 2 by 10001 on 2026-11-20");
}
