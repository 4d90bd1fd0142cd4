//! Data subject requests: `subject export` (everything held about a person) and `purge` /
//! the nightly `erase` step (erasure of people who left, aggregates kept).

use crate::{Env, fixture};

fn with(fixture_name: &str) -> Env {
    let env = Env::new();
    env.sync(fixture_name).ok();
    env
}

/// The registry file and its write-ahead log, as bytes.
fn file_bytes(env: &Env) -> Vec<u8> {
    let mut bytes = std::fs::read(env.db()).unwrap();
    if let Ok(wal) = std::fs::read(env.path("skillreg.db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn subject_export_holds_everything_about_the_person_in_readable_fields() {
    let env = with("winlas/sample-export.xml");
    env.run(&[
        "--as-of",
        "2026-11-20",
        "refer",
        "10023",
        "TC-CHEF",
        "--due",
        "2027-01-31",
    ])
    .ok();
    let out = env.path("anna.json");
    env.run(&[
        "--as-of",
        "2026-11-20",
        "subject",
        "export",
        "10023",
        "--output",
        out.to_str().unwrap(),
    ])
    .ok();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["Employee number"], "10023");
    assert_eq!(v["Given name"], "Anna");
    assert_eq!(v["Family name"], "Lindqvist");
    assert_eq!(v["Work email"], "anna.lindqvist@example.se");
    assert_eq!(v["Employments"][0]["Unit name"], "Hemtjänst Centrum");
    assert_eq!(v["Employments"][0]["Manager's employee number"], "10001");
    assert_eq!(v["Employments"][0]["Percent of full time"], 75);
    // Every piece of evidence the history shows, with where it came from.
    let history = env
        .run(&["--format", "json", "history", "10023"])
        .ok()
        .json();
    let evidence = v["Evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), history.as_array().unwrap().len());
    assert!(evidence.iter().any(|e| e["System"] == "Lifecare (LIFECARE)"
        && e["Kind"] == "manager assessment"
        && e["Assessed by"] == "10001"
        && e["Came from"] == "wlx"));
    let lifecare = v["Levels today"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["System"] == "Lifecare (LIFECARE)")
        .unwrap();
    assert_eq!(lifecare["Current level comes from"], "confirmed");
    assert_eq!(v["Referrals to courses"][0]["Course"], "TC-CHEF");
    assert_eq!(v["Referrals to courses"][0]["Due"], "2027-01-31");
    assert!(
        v["About this export"]
            .as_str()
            .unwrap()
            .contains("no national identity number")
    );

    let unknown = env.run(&["subject", "export", "99999"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("no employee \"99999\""),
        "{}",
        unknown.stderr
    );
}

#[test]
fn purge_erases_who_left_keeps_past_reports_and_they_do_not_come_back() {
    // Karin Åberg (a manager, and an assessor) left at the end of 2025; Elin Nilsson in June.
    let env = with("winlas/manager-left.xml");
    let progress = |env: &Env| {
        env.run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "progress",
            "--from",
            "2025-06-01",
            "--to",
            "2026-11-20",
            "--min-group",
            "1",
        ])
        .ok()
        .stdout
    };
    let before = progress(&env);
    assert!(contains(&file_bytes(&env), "Åberg"));
    // HR reads Elin's record before she is erased: the audit trail names her.
    env.run(&["profile", "10041"]).ok();

    let dry = env
        .run(&["purge", "--terminated-before", "2026-11-01", "--dry-run"])
        .ok();
    assert_eq!(
        dry.stdout,
        "would erase 2 people who left before 2026-11-01 (3 manager and 1 assessor references removed, 1 audit rows renamed); nothing was written\n"
    );
    assert_eq!(env.run(&["--format", "json", "profile", "10001"]).code, 0);

    let done = env
        .run(&[
            "--format",
            "json",
            "purge",
            "--terminated-before",
            "2026-11-01",
        ])
        .ok()
        .json();
    assert_eq!(done["n_people"], 2);
    assert_eq!(done["n_manager_links"], 3);
    assert_eq!(done["n_assessor_links"], 1);
    // The profile read before the dry run names Elin (and the dry run's read of Karin, her).
    assert!(done["n_audit_rows"].as_u64().unwrap() >= 1, "{done}");
    let trail = env
        .run(&["--format", "json", "audit", "--employee", "erased-8"])
        .ok()
        .json();
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "read profile"),
        "{trail}"
    );

    // Baseline vs follow-up over the day Karin was still there adds up exactly as before.
    assert_eq!(progress(&env), before);
    // Nothing names them any more: not the registry's answers, not the file's free pages.
    for who in ["10001", "10041"] {
        let run = env.run(&["brief", who]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(&format!("no employee \"{who}\"")));
    }
    let brief = env.brief("2026-11-20", "10023");
    assert_eq!(brief["manager"], serde_json::Value::Null);
    let bytes = file_bytes(&env);
    for trace in [
        "Karin",
        "Åberg",
        "karin.aberg@example.se",
        "Elin",
        "Nilsson",
        "10041",
    ] {
        assert!(!contains(&bytes, trace), "{trace} is still in the file");
    }

    // The HR system still sends them with their old employments: they stay erased.
    let again = env.sync("winlas/manager-left.xml").ok();
    assert!(again.stdout.contains("0 created"), "{}", again.stdout);
    assert!(
        again
            .stdout
            .contains("a person whose data was erased after they left"),
        "{}",
        again.stdout
    );
    assert_eq!(env.run(&["profile", "10001"]).code, 1);
    assert_eq!(progress(&env), before);
}

#[test]
fn someone_rehired_after_erasure_comes_back_with_the_new_employment_only() {
    let env = with("winlas/sample-export.xml");
    env.run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    let before = env
        .run(&[
            "--format",
            "json",
            "progress",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-01",
            "--min-group",
            "1",
        ])
        .ok()
        .stdout;
    let sync = env.sync("winlas/erased-returner.xml").ok();
    assert!(sync.stdout.contains("1 created"), "{}", sync.stdout);
    let profile = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "profile",
            "10041",
        ])
        .ok()
        .json();
    let employments = profile["employee"]["employments"].as_array().unwrap();
    assert_eq!(employments.len(), 1);
    assert_eq!(employments[0]["start"], "2026-11-16");
    assert_eq!(employments[0]["primary"], true);
    // The first half of 2026 is counted once, under the erased person, as before.
    let after = env
        .run(&[
            "--format",
            "json",
            "progress",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-01",
            "--min-group",
            "1",
        ])
        .ok()
        .stdout;
    assert_eq!(after, before);
}

#[test]
fn the_nightly_erase_step_applies_the_retention_period() {
    let env = with("winlas/sample-export.xml");
    let profile = env.path("retention.toml");
    std::fs::write(
        &profile,
        format!(
            "name = \"retention\"\n\n[[step]]\nkind = \"wlx\"\nfile = {:?}\npeople = true\n\n\
             [[step]]\nkind = \"erase\"\nkeep_days = 100\n",
            fixture("winlas/sample-export.xml").to_str().unwrap()
        ),
    )
    .unwrap();
    // 2026-09-01 is 63 days after Elin left on 2026-06-30: kept.
    let early = env
        .run(&[
            "--as-of",
            "2026-09-01",
            "--format",
            "json",
            "sync",
            "run",
            "--profile",
            profile.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(early["steps"][1]["kind"], "erase");
    assert_eq!(early["steps"][1]["role"], "retention");
    assert_eq!(early["steps"][1]["counts"]["erased"], 0);
    // On 2026-11-20, 143 days after: erased.
    let late = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "sync",
            "run",
            "--profile",
            profile.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(late["outcome"], "applied");
    assert_eq!(late["steps"][1]["counts"]["erased"], 1);
    assert_eq!(env.run(&["profile", "10041"]).code, 1);
}

#[test]
fn only_the_person_and_hr_may_export_their_data_and_only_hr_may_erase() {
    let env = with("winlas/sample-export.xml");
    let own = env
        .run(&["--as-actor", "employee:10023", "subject", "export", "10023"])
        .ok()
        .json();
    assert_eq!(own["Given name"], "Anna");
    // Her manager may read her brief, but the full export is hers and HR's.
    let manager = env.run(&["--as-actor", "manager:10001", "subject", "export", "10023"]);
    assert_eq!(manager.code, 1);
    assert!(manager.stderr.contains("only HR may"), "{}", manager.stderr);
    let other = env.run(&["--as-actor", "employee:10024", "subject", "export", "10023"]);
    assert_eq!(other.code, 1);
    let erase = env.run(&[
        "--as-actor",
        "manager:10001",
        "purge",
        "--terminated-before",
        "2026-11-01",
    ]);
    assert_eq!(erase.code, 1);
    assert!(erase.stderr.contains("only HR may"), "{}", erase.stderr);
    assert_eq!(env.run(&["profile", "10041"]).code, 0);
    // HR's export is in the audit trail; Anna's own is not.
    let trail = env
        .run(&["--format", "json", "audit", "--employee", "10023"])
        .ok()
        .json();
    let exports = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export subject data")
        .count();
    assert_eq!(exports, 0);
    env.run(&["subject", "export", "10023"]).ok();
    let trail = env
        .run(&["--format", "json", "audit", "--employee", "10023"])
        .ok()
        .json();
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "export subject data" && e["actor"] == "hr")
    );
}
