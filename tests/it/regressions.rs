//! Regression tests, each named after what broke: found by reading the code against the
//! domain rules and trying nasty inputs.

use crate::{Env, fixture};

fn sample() -> String {
    std::fs::read_to_string(fixture("winlas/sample-export.xml")).unwrap()
}

/// Writes `text` as a file in the environment and syncs it; returns the JSON report or the run.
fn sync_text(env: &Env, name: &str, text: &str, extra: &[&str]) -> crate::Run {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    let mut args = vec!["--format", "json", "sync", "wlx"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    env.run(&args)
}

fn night(text: &str, day: &str) -> String {
    text.replace(
        "exportedAt=\"2026-11-20T02:00:00+01:00\"",
        &format!("exportedAt=\"{day}T02:00:00+01:00\""),
    )
}

#[test]
fn demo_never_replaces_the_registry_named_by_skillreg_db() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    env.run(&["demo"]).ok();
    assert_eq!(env.dump(), before);
    assert_eq!(
        env.run(&["--format", "json", "runs"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(env.path("skillreg-demo.db").exists());
}

#[test]
fn requirement_dropped_from_a_full_export_stops_giving_targets() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env.run(&[
        "catalog",
        "apply",
        fixture("catalog/sample-catalog.toml").to_str().unwrap(),
    ])
    .ok();
    let dropped = night(&sample(), "2026-11-21").replace(
        "    <Requirement occupation=\"USK\" system=\"TIMECARE\" level=\"1\"/>\n",
        "",
    );
    let report = sync_text(&env, "dropped.xml", &dropped, &[]).ok().json();
    assert_eq!(
        report["catalog"],
        serde_json::json!([{"change": "removed", "item": {"type": "requirement", "occupation": "USK", "system": "TIMECARE", "level": 1, "unit": null}}])
    );
    let gaps = env
        .run(&[
            "--as-of",
            "2026-11-21",
            "--format",
            "json",
            "gaps",
            "--employee",
            "10023",
        ])
        .ok()
        .json();
    let systems: Vec<&str> = gaps
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["system"].as_str().unwrap())
        .collect();
    assert_eq!(
        systems,
        ["VISMA-LON"],
        "TIMECARE no longer required; the catalog file's requirement stays"
    );
}

#[test]
fn planned_hire_cancelled_before_starting_is_removed() {
    let env = Env::new();
    let hire = "    <Person employeeNo=\"10050\">\n      <GivenName>Ny</GivenName>\n      <FamilyName>Anställd</FamilyName>\n      <Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"true\" percent=\"100\" start=\"2026-12-01\"/>\n    </Person>\n  </Persons>";
    let with_hire = sample().replace("  </Persons>", hire);
    sync_text(&env, "hire.xml", &with_hire, &[]).ok();
    let report = sync_text(&env, "cancelled.xml", &night(&sample(), "2026-11-21"), &[])
        .ok()
        .json();
    assert_eq!(
        report["people"],
        serde_json::json!([{"employee_no": "10050", "change": "terminated", "n_evidence": 0}])
    );
    let profile = env
        .run(&[
            "--as-of",
            "2026-12-05",
            "--format",
            "json",
            "profile",
            "10050",
        ])
        .ok()
        .json();
    assert_eq!(profile["active"], false);
    assert_eq!(profile["employee"]["employments"], serde_json::json!([]));
}

#[test]
fn unchanged_record_whose_end_date_passed_is_inactive_without_a_write() {
    // The end date was in the registry already: the day passing is not a change of the export,
    // so nothing is written, but every report from that day on leaves the person out.
    let env = Env::new();
    let ending = sample().replace(
        "<Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"true\" percent=\"100\" start=\"2021-08-15\" end=\"\" managerEmployeeNo=\"10001\"/>",
        "<Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"true\" percent=\"100\" start=\"2021-08-15\" end=\"2026-11-30\" managerEmployeeNo=\"10001\"/>",
    );
    sync_text(&env, "ending.xml", &ending, &[]).ok();
    let later = sync_text(&env, "later.xml", &night(&ending, "2026-12-01"), &[])
        .ok()
        .json();
    assert_eq!(later["people"], serde_json::json!([]));
    let gaps = env
        .run(&[
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
            "gaps",
            "--manager",
            "10001",
        ])
        .ok()
        .json();
    assert!(
        gaps.as_array()
            .unwrap()
            .iter()
            .all(|g| g["employee_no"] != "10024"),
        "{gaps}"
    );
    let profile = env
        .run(&[
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
            "profile",
            "10024",
        ])
        .ok()
        .json();
    assert_eq!(profile["active"], false);
}

#[test]
fn same_day_evidence_the_later_record_wins() {
    let env = Env::new();
    let text = sample().replace(
        "<Competence system=\"LIFECARE\" level=\"2\" source=\"manager\" date=\"2026-10-12\" assessor=\"10030\"/>",
        "<Competence system=\"LIFECARE\" level=\"3\" source=\"manager\" date=\"2026-10-12\" assessor=\"10030\"/>\n      <Competence system=\"LIFECARE\" level=\"1\" source=\"manager\" date=\"2026-10-12\" assessor=\"10030\"/>",
    );
    sync_text(&env, "sameday.xml", &text, &[]).ok();
    let brief = env.brief("2026-11-20", "10031");
    assert_eq!(brief["systems"][0]["system"], "LIFECARE");
    assert_eq!(brief["systems"][0]["confirmed"], 1);
}

#[test]
fn duplicate_backwards_and_self_managed_employments_are_refused_with_their_lines() {
    let env = Env::new();
    let text = sample()
        .replace(
            "<Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"true\" percent=\"100\" start=\"2021-08-15\" end=\"\" managerEmployeeNo=\"10001\"/>",
            "<Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"true\" percent=\"100\" start=\"2021-08-15\" end=\"\" managerEmployeeNo=\"10001\"/>\n      <Employment unit=\"SOC-HT\" occupation=\"USK\" primary=\"false\" percent=\"50\" start=\"2021-08-15\" end=\"\"/>",
        )
        .replace("start=\"2010-09-01\" end=\"\"", "start=\"2010-09-01\" end=\"2009-01-01\"")
        .replace("<Employment unit=\"BUF-EHT\" occupation=\"SKSK\" primary=\"true\" percent=\"80\" start=\"2020-08-10\" end=\"\"/>", "<Employment unit=\"BUF-EHT\" occupation=\"SKSK\" primary=\"true\" percent=\"80\" start=\"2020-08-10\" end=\"\" managerEmployeeNo=\"10040\"/>");
    let run = sync_text(&env, "bad.xml", &text, &[]);
    assert_eq!(run.code, 1);
    for expected in [
        "line 78, column 7: <Employment>: person 10024 has two employments in unit SOC-HT as USK starting the same day: merge them (value \"2021-08-15\")",
        "line 95, column 7: <Employment>: the employment ends before it starts (2010-09-01) (value \"2009-01-01\")",
        "line 109, column 7: <Employment>: a person cannot be their own manager: correct managerEmployeeNo (value \"10040\")",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn course_result_returned_by_the_hr_system_without_its_code_is_not_added_again() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env.run(&[
        "course",
        "complete",
        "10031",
        "LC-HANDL",
        "--date",
        "2026-11-22",
    ])
    .ok();
    let echo = night(&sample(), "2026-11-23").replace(
        "<CourseResult course=\"LC-HANDL\" completed=\"2023-04-18\"/>",
        "<CourseResult course=\"LC-HANDL\" completed=\"2023-04-18\"/>\n      <Competence system=\"LIFECARE\" level=\"3\" source=\"course\" date=\"2026-11-22\"/>",
    );
    let report = sync_text(&env, "echo.xml", &echo, &[]).ok().json();
    assert_eq!(report["n_evidence"], 0);
    // The result still expires: on 2028-11-22 LIFECARE is back to the manager's 2.
    let later = env.brief("2028-11-22", "10031");
    assert_eq!(later["systems"][0]["confirmed"], 2);
}

#[test]
fn nightly_sync_keeps_level_descriptions_from_the_catalog_file() {
    let env = Env::new();
    let catalog = env.path("timecare.toml");
    std::fs::write(&catalog, "[[systems]]\ncode = \"TIMECARE\"\nname = \"Timecare Planering\"\nvendor = \"Visma\"\nlevels = { 1 = \"Ser sitt schema\" }\n").unwrap();
    env.sync("winlas/sample-export.xml").ok();
    env.run(&["catalog", "apply", catalog.to_str().unwrap()])
        .ok();
    let report = sync_text(&env, "next.xml", &night(&sample(), "2026-11-21"), &[])
        .ok()
        .json();
    assert_eq!(report["catalog"], serde_json::json!([]));
    let again = env
        .run(&["catalog", "apply", catalog.to_str().unwrap()])
        .ok();
    assert_eq!(again.stdout, "catalog unchanged\n");
}

#[test]
fn refer_again_changes_the_due_date_and_cancel_leaves_a_fulfilled_referral_alone() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    assert_eq!(
        env.run(&[
            "--as-of",
            "2026-11-21",
            "refer",
            "10023",
            "TC-CHEF",
            "--due",
            "2027-01-31"
        ])
        .ok()
        .stdout,
        "referred: 10023 to TC-CHEF, due 2027-01-31\n"
    );
    assert_eq!(
        env.run(&[
            "--as-of",
            "2026-11-22",
            "refer",
            "10023",
            "TC-CHEF",
            "--due",
            "2027-03-31"
        ])
        .ok()
        .stdout,
        "already referred, due date changed: 10023 to TC-CHEF, due 2027-03-31\n"
    );
    let brief = env.brief("2026-11-22", "10023");
    assert_eq!(brief["open_referrals"][0]["due"], "2027-03-31");
    env.run(&[
        "course",
        "complete",
        "10023",
        "TC-CHEF",
        "--date",
        "2026-12-01",
    ])
    .ok();
    let cancel = env.run(&[
        "--as-of",
        "2026-12-02",
        "refer",
        "10023",
        "TC-CHEF",
        "--cancel",
    ]);
    assert_eq!(cancel.code, 1);
    assert!(
        cancel
            .stderr
            .contains("has no open referral to course \"TC-CHEF\""),
        "{}",
        cancel.stderr
    );
    let unknown = env.run(&["refer", "10023", "NOPE", "--cancel"]);
    assert!(
        unknown.stderr.contains("no course \"NOPE\""),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown
            .stderr
            .contains("\nhint: `skillreg catalog apply` adds courses to the catalog\n"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn guard_on_a_dry_run_still_prints_the_plan() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let run = env.run(&[
        "sync",
        "wlx",
        "--dry-run",
        fixture("winlas/truncated-export.xml").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 3);
    assert!(run.stdout.contains("terminated  10031"), "{}", run.stdout);
}
