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
            .contains("left out: every employment of this person ended before 2026-11-01"),
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

/// Schema 6 kept a BLAKE3 hash of each erased number keyed with a constant from the source:
/// hashing every number with that key found the person again. Now nothing derived from the
/// number is kept: not that hash, nor any other trace of the number, the names or the email.
#[test]
fn erasure_leaves_nothing_to_find_by_trying_every_number() {
    let env = with("winlas/sample-export.xml");
    env.run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    let bytes = file_bytes(&env);
    const OLD_KEY: [u8; 32] = *b"skillreg erased employee number.";
    let windows: std::collections::HashSet<&[u8]> = bytes.windows(32).collect();
    for n in 0..1_000_000u32 {
        let hash = blake3::keyed_hash(&OLD_KEY, n.to_string().as_bytes());
        assert!(
            !windows.contains(&hash.as_bytes()[..]),
            "the hash of {n} is in the file"
        );
    }
    for trace in ["10041", "Elin", "Nilsson"] {
        assert!(!contains(&bytes, trace), "{trace} is still in the file");
    }
    // What keeps her out is a day, not who she was: the same export brings nothing back.
    let again = env.sync("winlas/sample-export.xml").ok();
    assert!(again.stdout.contains("0 created"), "{}", again.stdout);
    assert_eq!(env.run(&["profile", "10041"]).code, 1);
}

/// A refused sync's problem quotes the values it found; after the erasure the run log no
/// longer holds the erased person's name or number.
#[test]
fn the_run_log_keeps_no_name_or_number_of_an_erased_person() {
    let env = with("winlas/sample-export.xml");
    let csv = env.path("hr.csv");
    let mut text = std::fs::read_to_string(fixture("csv/sample-hr.csv")).unwrap();
    text.push_str("10041;Elin;Nilsen;;BUF-EHT;Elevhälsan;SKSK;Skolsköterska;;2016-01-04;2026-06-30;100;40000;\n");
    std::fs::write(&csv, text).unwrap();
    let mapping = fixture("csv/sample-hr-mapping.toml");
    let refused = env.run(&[
        "sync",
        "csv",
        csv.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    let runs = |env: &Env| env.run(&["--format", "json", "runs"]).ok().stdout;
    let before = runs(&env);
    assert!(
        before.contains("Nilsson") && before.contains("10041"),
        "{before}"
    );

    env.run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    let after = runs(&env);
    for trace in ["Nilsson", "Nilsen", "10041", "Elin"] {
        assert!(
            !after.contains(trace),
            "{trace} is still in the run log: {after}"
        );
    }
    assert!(
        after.contains(
            "was refused, nothing was written: 1 problem(s); first: (removed: it named a person whose data was erased)"
        ),
        "{after}"
    );
    let bytes = file_bytes(&env);
    for trace in ["Nilsson", "10041"] {
        assert!(!contains(&bytes, trace), "{trace} is still in the file");
    }
}

/// Another process reading an older state keeps the old pages (with the erased name) alive:
/// the purge must say it could not finish and exit non-zero, and finish when run again.
#[test]
fn a_purge_that_cannot_overwrite_the_old_pages_says_so_and_exits_non_zero() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let env = with("winlas/sample-export.xml");
    // A reader holding a read transaction, as a long report or a backup would.
    let script = "import sqlite3, sys, time\n\
                  c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                  c.execute('BEGIN')\n\
                  c.execute('SELECT count(*) FROM persons').fetchone()\n\
                  print('reading', flush=True)\n\
                  time.sleep(60)\n";
    let mut reader = Command::new("python3")
        .args(["-c", script, env.db().to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(reader.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "reading");

    let stuck = env.run(&[
        "--lock-timeout",
        "1",
        "purge",
        "--terminated-before",
        "2026-11-01",
    ]);
    reader.kill().ok();
    reader.wait().ok();
    assert_ne!(stuck.code, 0, "{}", stuck.stdout);
    assert!(
        !stuck.stdout.contains("erased 1 people"),
        "{}",
        stuck.stdout
    );
    assert!(
        stuck.stderr.contains("could not finish")
            && stuck.stderr.contains("run the same purge again"),
        "{}",
        stuck.stderr
    );
    // With the reader gone, the same purge finishes the job.
    let done = env
        .run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    assert!(
        done.stdout.starts_with("erased 0 people"),
        "{}",
        done.stdout
    );
    assert!(!contains(&file_bytes(&env), "Nilsson"));
}

/// The HR system lists the erased manager after the people whose employments still name her:
/// those references name nobody the registry keeps, so they are dropped, not refused, and her
/// number does not come back into the file.
#[test]
fn references_to_an_erased_manager_listed_after_her_reports_are_dropped() {
    let env = with("winlas/manager-left.xml");
    env.run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    let text = std::fs::read_to_string(fixture("winlas/manager-left.xml")).unwrap();
    let start = text.find(r#"    <Person employeeNo="10001">"#).unwrap();
    let end = start + text[start..].find("    </Person>\n").unwrap() + "    </Person>\n".len();
    let karin = &text[start..end];
    let reordered = text[..start].to_string() + &text[end..];
    // Anna's record changes too (75 to 80 percent), so that it is planned and written again.
    let reordered = reordered
        .replace("  </Persons>", &format!("{karin}  </Persons>"))
        .replace(
            r#"percent="75" start="2015-03-01" end="" managerEmployeeNo="10001""#,
            r#"percent="80" start="2015-03-01" end="" managerEmployeeNo="10001""#,
        );
    let file = env.path("karin-last.xml");
    std::fs::write(&file, reordered).unwrap();
    let again = env.run(&["sync", "wlx", file.to_str().unwrap()]).ok();
    assert!(
        again.stdout.contains("0 created, 1 updated"),
        "{}",
        again.stdout
    );
    assert_eq!(env.run(&["profile", "10001"]).code, 1);
    assert_eq!(
        env.brief("2026-11-20", "10023")["manager"],
        serde_json::Value::Null
    );
    let bytes = file_bytes(&env);
    for trace in ["Karin", "Åberg", "10001"] {
        assert!(!contains(&bytes, trace), "{trace} is in the file again");
    }
}
