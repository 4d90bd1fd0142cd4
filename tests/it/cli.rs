//! The CLI's commands on the sample organisation.

use crate::{Env, fixture};

#[test]
fn demo_imports_the_sample_and_prints_a_team_and_a_brief() {
    let env = Env::empty();
    let run = env.run_plain(&["demo"]).ok();
    let out = &run.stdout;
    assert!(
        out.contains(
            "Imported the sample export into skillreg-demo.db (8 people, 19 evidence records"
        ),
        "{out}"
    );
    assert!(
        out.contains("Team of 10001 Karin Åberg, as of 2026-11-20:"),
        "{out}"
    );
    // Anna: LIFECARE 3 of 2, O365 self-assessed 1 of 1, TIMECARE not assessed of 1 (gap 1).
    let anna = out.lines().find(|l| l.starts_with("10023")).unwrap();
    assert!(
        anna.contains("3/2") && anna.contains("1s/1") && anna.contains("–/1 ▲1"),
        "{anna}"
    );
    assert!(
        out.contains("Appraisal brief: 10023 Anna Lindqvist — as of 2026-11-20"),
        "{out}"
    );
    // Timecare's course for staff; the one for unit managers is not hers.
    assert!(out.contains("TC-PERS") && !out.contains("TC-CHEF"), "{out}");
    assert!(env.path("skillreg-demo.db").exists());
    // And as pages a person opens.
    assert!(
        out.contains(
            "Pages: skillreg-demo-brief.html skillreg-demo-team.html skillreg-demo-progress.html"
        ),
        "{out}"
    );
    let brief = std::fs::read_to_string(env.path("skillreg-demo-brief.html")).unwrap();
    assert!(brief.contains("Anna Lindqvist") && brief.contains("radar-target"));
    let team = std::fs::read_to_string(env.path("skillreg-demo-team.html")).unwrap();
    assert!(team.contains("Mohammed Al-Sayed"));
    let progress = std::fs::read_to_string(env.path("skillreg-demo-progress.html")).unwrap();
    assert!(progress.contains("<svg"), "a chart");
    // Run again: a fresh registry each time, same output.
    assert_eq!(env.run_plain(&["demo"]).ok().stdout, run.stdout);
    // The demo registry answers further questions.
    let gaps = env
        .run_plain(&[
            "--db",
            "skillreg-demo.db",
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "gaps",
            "--manager",
            "10030",
        ])
        .ok()
        .json();
    assert_eq!(gaps.as_array().unwrap().len(), 4, "{gaps}");
}

#[test]
fn brief_json_has_the_documented_fields() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let brief = env.brief("2026-11-20", "10023");
    for key in [
        "employee_no",
        "as_of",
        "open_referrals",
        "expiring",
        "systems",
        "changes",
    ] {
        assert!(brief.get(key).is_some(), "no {key} in {brief}");
    }
    let systems = brief["systems"].as_array().unwrap();
    let names: Vec<&str> = systems
        .iter()
        .map(|s| s["system"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["LIFECARE", "O365", "TIMECARE"]);
    let expected = [
        (
            "LIFECARE",
            serde_json::json!({"target": 2, "current": 3, "current_source": "confirmed", "confirmed": 3, "self": 2, "gap": 0, "recommended_courses": []}),
        ),
        (
            "O365",
            serde_json::json!({"target": 1, "current": 1, "current_source": "self", "confirmed": null, "self": 1, "gap": 0, "recommended_courses": []}),
        ),
        (
            "TIMECARE",
            serde_json::json!({"target": 1, "current": null, "current_source": "none", "confirmed": null, "self": null, "gap": 1, "recommended_courses": ["TC-PERS"], "no_course_for_group": false}),
        ),
    ];
    for (system, want) in expected {
        let got = systems.iter().find(|s| s["system"] == system).unwrap();
        for (key, value) in want.as_object().unwrap() {
            assert_eq!(&got[key], value, "{system}.{key}");
        }
    }
    assert_eq!(systems[0]["discrepancy"], true);
}

#[test]
fn assess_course_and_refer_change_the_brief() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    // The manager refers Anna to TC-CHEF: the brief shows the referral instead of recommending.
    env.run(&[
        "--as-of",
        "2026-11-21",
        "refer",
        "10023",
        "TC-CHEF",
        "--due",
        "2027-01-31",
    ])
    .ok();
    let brief = env.brief("2026-11-22", "10023");
    assert_eq!(brief["open_referrals"][0]["course"], "TC-CHEF");
    assert_eq!(brief["open_referrals"][0]["due"], "2027-01-31");
    let tc = brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "TIMECARE")
        .unwrap()
        .clone();
    assert_eq!(tc["recommended_courses"], serde_json::json!([]));
    assert_eq!(tc["referred_courses"], serde_json::json!(["TC-CHEF"]));
    // She completes it: the referral closes, TIMECARE is confirmed 3.
    env.run(&[
        "course",
        "complete",
        "10023",
        "TC-CHEF",
        "--date",
        "2026-12-01",
    ])
    .ok();
    let brief = env
        .run(&[
            "--as-of",
            "2026-12-02",
            "--format",
            "json",
            "brief",
            "10023",
            "--since",
            "2026-11-20",
        ])
        .ok()
        .json();
    assert_eq!(brief["open_referrals"], serde_json::json!([]));
    let tc = brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "TIMECARE")
        .unwrap()
        .clone();
    assert_eq!(
        (tc["current"].clone(), tc["gap"].clone()),
        (serde_json::json!(3), serde_json::json!(0))
    );
    assert_eq!(brief["changes"][0]["system"], "TIMECARE");
    assert_eq!(brief["changes"][0]["gap_before"], 1);
    // A manager lowers LIFECARE to 1: a gap again, with the smallest sufficient course first.
    env.run(&[
        "assess",
        "10023",
        "LIFECARE",
        "1",
        "--manager",
        "10001",
        "--date",
        "2026-12-02",
    ])
    .ok();
    let gaps = env
        .run(&[
            "--as-of",
            "2026-12-02",
            "--format",
            "json",
            "gaps",
            "--employee",
            "10023",
        ])
        .ok()
        .json();
    assert_eq!(
        gaps,
        serde_json::json!([{"employee_no": "10023", "system": "LIFECARE", "target": 2, "current": 1, "gap": 1}])
    );
    let table = env
        .run(&["--as-of", "2026-12-02", "gaps", "--employee", "10023"])
        .ok()
        .stdout;
    assert!(table.contains("LC-HANDL"), "{table}");
    let history = env.run(&["history", "10023"]).ok().stdout;
    assert!(history.contains("registry by hr-officer"), "{history}");
    // Recording the same assessment again adds nothing.
    let again = env
        .run(&[
            "assess",
            "10023",
            "LIFECARE",
            "1",
            "--manager",
            "10001",
            "--date",
            "2026-12-02",
        ])
        .ok();
    assert!(
        again.stdout.starts_with("already recorded"),
        "{}",
        again.stdout
    );
}

#[test]
fn gaps_by_manager_unit_and_occupation() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let people = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--as-of", "2026-11-20", "--format", "json", "gaps"];
        a.extend_from_slice(args);
        let mut v: Vec<String> = env
            .run(&a)
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["employee_no"].as_str().unwrap().to_string())
            .collect();
        v.dedup();
        v
    };
    assert_eq!(people(&["--manager", "10001"]), ["10023", "10024", "10025"]);
    assert_eq!(people(&["--manager", "10030"]), ["10025", "10031"]);
    assert_eq!(people(&["--unit", "SOC-SÄBO"]), ["10025", "10030", "10031"]);
    assert_eq!(
        people(&["--unit", "SOC"]),
        ["10001", "10023", "10024", "10025", "10030", "10031"]
    );
    assert_eq!(people(&["--occupation", "SSK"]), ["10031"]);
    let csv = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "csv",
            "gaps",
            "--occupation",
            "SSK",
        ])
        .ok()
        .stdout;
    assert_eq!(
        csv,
        "employee,name,system,target,current,gap,recommended\n10031,Linnéa Karlsson,LIFECARE,3,2,1,LC-HANDL\n10031,Linnéa Karlsson,O365,2,–,2,TEAMS-1\n"
    );
    let unknown = env.run(&["gaps", "--unit", "NOPE"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("no org unit \"NOPE\""),
        "{}",
        unknown.stderr
    );
    assert_eq!(env.run(&["gaps"]).code, 2, "a scope is required");
    assert_eq!(
        env.run(&["gaps", "--all", "--unit", "SOC"]).code,
        2,
        "one scope only"
    );
}

#[test]
fn catalog_apply_is_idempotent_and_feeds_targets() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let file = fixture("catalog/sample-catalog.toml");
    let first = env
        .run(&["catalog", "apply", file.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(first.contains("created  system VISMA-LON"), "{first}");
    assert!(
        first.contains("updated  system LIFECARE") || !first.contains("system LIFECARE"),
        "{first}"
    );
    assert!(
        first.contains("created  requirement USK/VISMA-LON = 2"),
        "{first}"
    );
    let second = env
        .run(&["catalog", "apply", file.to_str().unwrap()])
        .ok()
        .stdout;
    assert_eq!(second, "catalog unchanged\n");
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
    let visma = gaps
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["system"] == "VISMA-LON")
        .unwrap()
        .clone();
    assert_eq!(
        visma,
        serde_json::json!({"employee_no": "10024", "system": "VISMA-LON", "target": 2, "current": null, "gap": 2})
    );
}

#[test]
fn bad_catalog_names_file_and_line_and_changes_nothing() {
    let env = Env::new();
    let bad = env.path("bad.toml");
    std::fs::write(&bad, "[[systems]]\ncode = \"X\"\nname = \"X\"\n\n[[requirements]]\noccupation = \"USK\"\nsystem = \"X\"\nlevel = 7\n").unwrap();
    let run = env.run(&["catalog", "apply", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("bad.toml")
            && run.stderr.contains("line 8")
            && run.stderr.contains("level must be 1-4, got 7"),
        "{}",
        run.stderr
    );
    let unknown = env.path("unknown.toml");
    std::fs::write(&unknown, "[[systems]]\ncode = \"X\"\nname = \"X\"\n\n[[requirements]]\noccupation = \"USK\"\nsystem = \"X\"\nlevel = 2\n").unwrap();
    let run = env.run(&["catalog", "apply", unknown.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("unknown.toml: line 5, column 1: <requirements>: requirement names an unknown occupation (value \"USK\")"), "{}", run.stderr);
    let shown = env
        .run(&["--format", "json", "catalog", "show"])
        .ok()
        .json();
    assert_eq!(
        shown["systems"],
        serde_json::json!([]),
        "refused: system X not created either"
    );
}

#[test]
fn usage_and_missing_registry_errors() {
    let env = Env::empty();
    let run = env.run(&["profile", "10023"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no registry at") && run.stderr.contains("skillreg init"),
        "{}",
        run.stderr
    );
    assert_eq!(env.run(&["assess", "10023", "O365", "5", "--self"]).code, 2);
    assert_eq!(
        env.run(&["assess", "10023", "O365", "2"]).code,
        2,
        "--self or --manager is required"
    );
    assert_eq!(env.run(&["--as-of", "2026-02-30", "gaps", "--all"]).code, 2);
    assert_eq!(env.run(&["frobnicate"]).code, 2);
}

/// A TOML catalog names the occupational groups a course is made for; rule 6 follows it, and an
/// unknown occupation in an audience is refused with its place, writing nothing.
#[test]
fn catalog_course_audience_steers_recommendations_and_is_checked() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let file = env.path("audience.toml");
    std::fs::write(
        &file,
        "[[courses]]\ncode = \"TC-USK2\"\nname = \"Timecare: planera själv\"\nsystem = \"TIMECARE\"\n\
         grants = 2\naudience = [\"USK\"]\n",
    )
    .unwrap();
    env.run(&["catalog", "apply", file.to_str().unwrap()]).ok();
    let brief = env.brief("2026-11-20", "10025");
    let timecare = brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "TIMECARE")
        .unwrap()
        .clone();
    // Now a course made for USK reaches Sofia's TIMECARE 2.
    assert_eq!(
        timecare["recommended_courses"],
        serde_json::json!(["TC-USK2"])
    );
    assert_eq!(timecare["no_course_for_group"], false);
    // Not for a unit manager.
    let karin = env.brief("2026-11-20", "10030");
    assert!(!karin.to_string().contains("TC-USK2"), "{karin}");

    let bad = env.path("bad-audience.toml");
    std::fs::write(
        &bad,
        "[[courses]]\ncode = \"TC-X\"\nname = \"X\"\nsystem = \"TIMECARE\"\ngrants = 1\n\
         audience = [\"USK\", \"NOPE\"]\n",
    )
    .unwrap();
    let before = env
        .run(&["--format", "json", "catalog", "show"])
        .ok()
        .stdout;
    let run = env.run(&["catalog", "apply", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "bad-audience.toml: line 1, column 1: <courses>: course TC-X is made for an unknown occupation (its audience) (value \"NOPE\")"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.run(&["--format", "json", "catalog", "show"])
            .ok()
            .stdout,
        before
    );
}
