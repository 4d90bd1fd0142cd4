//! What an operator sees on standard error with `SKILLREG_LOG`: one JSON object per event when
//! standard error is not a terminal (here a pipe, as under systemd), nothing new without it;
//! and the nightly summary as one JSON line.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::{Env, Run, fixture};

/// Runs `args` on `env`'s registry with `SKILLREG_LOG` set to `log` (or unset), standard error
/// a pipe.
fn run_logged(env: &Env, args: &[&str], log: Option<&str>, vars: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillreg"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("SKILLREG_LOG")
        .env("SKILLREG_DB", env.db())
        .env("USER", "hr-officer")
        .envs(vars.iter().copied())
        .current_dir(env.dir.path())
        .args(args);
    if let Some(log) = log {
        command.env("SKILLREG_LOG", log);
    }
    let out = command.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The log events of a run: every line of standard error that begins with `{`, each of which
/// must be a JSON object with the standard fields (the other lines are the command's own report:
/// `error: ...`, the problems, who would be terminated).
fn log_events(run: &Run) -> Vec<Value> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let event: Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\nstderr: {}", run.stderr));
            assert!(event.is_object(), "{l}");
            for key in ["timestamp", "level", "message", "target"] {
                assert!(event.get(key).is_some(), "no {key} in {l}");
            }
            event
        })
        .collect()
}

/// The events with this message.
fn with_message<'a>(events: &'a [Value], message: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["message"] == message).collect()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_sync_logs_its_start_and_its_counts_as_json_lines() {
    let env = Env::new();
    let sample = fixture("winlas/sample-export.xml");
    let run = run_logged(&env, &["sync", "wlx", path(&sample)], Some("info"), &[]).ok();
    let events = log_events(&run);
    assert!(
        run.stderr.lines().all(|l| l.starts_with('{')),
        "every line an event: {}",
        run.stderr
    );
    let started = with_message(&events, "sync started");
    assert_eq!(started.len(), 1, "{}", run.stderr);
    assert_eq!(started[0]["level"], "INFO");
    assert_eq!(started[0]["source"], "wlx");
    assert_eq!(started[0]["role"], "people");
    assert_eq!(started[0]["dry_run"], false);
    assert!(
        started[0]["input"]
            .as_str()
            .is_some_and(|i| i.ends_with("sample-export.xml")),
        "{}",
        started[0]
    );
    let finished = with_message(&events, "sync finished");
    assert_eq!(finished.len(), 1, "{}", run.stderr);
    let f = finished[0];
    assert_eq!(f["target"], "skillreg_cli::sources");
    for (count, want) in [
        ("seen", 8),
        ("created", 8),
        ("updated", 0),
        ("terminated", 0),
        ("evidence", 19),
    ] {
        assert_eq!(f[count], want, "{count} in {f}");
    }

    // The same sync again without SKILLREG_LOG: standard error stays as it always was.
    let quiet = run_logged(&env, &["sync", "wlx", path(&sample)], None, &[]).ok();
    assert_eq!(quiet.stderr, "");
    // And with a filter that names only the HTTP client, a file sync logs nothing.
    let other = run_logged(
        &env,
        &["sync", "wlx", path(&sample)],
        Some("skillreg_http=debug"),
        &[],
    )
    .ok();
    assert_eq!(other.stderr, "");
}

#[test]
fn refused_runs_and_the_termination_guard_are_logged_with_their_counts() {
    let env = Env::new();
    let bad = fixture("winlas/bad-many.xml");
    let run = run_logged(&env, &["sync", "wlx", path(&bad)], Some("info"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let events = log_events(&run);
    let refused = with_message(&events, "sync refused");
    assert_eq!(refused.len(), 1, "{}", run.stderr);
    let problems = refused[0]["problems"].as_u64().unwrap();
    let listed = run.stderr.lines().filter(|l| l.starts_with("  ")).count() as u64;
    assert!(
        problems >= listed && problems > 1,
        "{} vs {listed}",
        refused[0]
    );
    assert!(with_message(&events, "sync finished").is_empty());

    // A file that cannot be opened is a refused run too, with the reason.
    let missing = env.path("no-such-export.xml");
    let run = run_logged(&env, &["sync", "wlx", path(&missing)], Some("info"), &[]);
    assert_eq!(run.code, 1);
    let events = log_events(&run);
    let refused = with_message(&events, "sync refused");
    assert_eq!(refused.len(), 1, "{}", run.stderr);
    assert!(refused[0]["error"].as_str().is_some(), "{}", refused[0]);

    // The sample (7 people active, 10041 left in June), then a file where 3 of them are gone:
    // the guard (limit 1) stops it.
    run_logged(
        &env,
        &["sync", "wlx", path(&fixture("winlas/sample-export.xml"))],
        None,
        &[],
    )
    .ok();
    let sample = std::fs::read_to_string(fixture("winlas/sample-export.xml")).unwrap();
    let mut shorter = String::new();
    let mut skip = false;
    for line in sample.lines() {
        if ["10024", "10025", "10040"]
            .iter()
            .any(|no| line.contains(&format!("<Person employeeNo=\"{no}\"")))
        {
            skip = true;
        }
        if !skip {
            shorter += line;
            shorter += "\n";
        }
        if line.contains("</Person>") {
            skip = false;
        }
    }
    let file = env.path("shorter.xml");
    std::fs::write(&file, shorter).unwrap();
    let run = run_logged(
        &env,
        &["sync", "wlx", path(&file), "--max-terminations", "1"],
        Some("info"),
        &[],
    );
    assert_eq!(
        run.code, 3,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let events = log_events(&run);
    let guard = with_message(&events, "sync refused by the termination guard");
    assert_eq!(guard.len(), 1, "{}", run.stderr);
    assert_eq!(guard[0]["would_terminate"], 3, "{}", guard[0]);
    assert_eq!(guard[0]["active"], 7, "{}", guard[0]);
    assert_eq!(guard[0]["limit"], "1", "{}", guard[0]);
}

/// A profile in `env`'s folder: the sample's payroll owns people, the sample's WLX export adds
/// evidence, the return file is written beside it.
fn profile(env: &Env) -> String {
    let toml = |p: &Path| p.display().to_string().replace('\\', "\\\\");
    let text = format!(
        r#"name = "Exempel kommun"

[[step]]
name = "payroll"
kind = "paxml"
file = "{}"
mapping = "{}"
people = true

[[step]]
name = "competences"
kind = "wlx"
file = "{}"

[[step]]
kind = "export-wlx"
file = "return.xml"
"#,
        toml(&fixture("paxml/sample-personal.pax")),
        toml(&fixture("paxml/sample-mapping.toml")),
        toml(&fixture("winlas/sample-export.xml")),
    );
    let file = env.path("nightly.toml");
    std::fs::write(&file, text).unwrap();
    file.display().to_string()
}

#[test]
fn a_nightly_run_logs_each_step_and_prints_its_summary_on_one_line() {
    let env = Env::new();
    let profile = profile(&env);
    let run = run_logged(
        &env,
        &["--format", "json", "sync", "run", "--profile", &profile],
        Some("info"),
        &[],
    )
    .ok();
    // Not on a terminal, the summary is one line of JSON.
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.ends_with("}\n"), "{}", run.stdout);
    let summary = run.json();
    assert_eq!(summary["outcome"], "applied");

    let events = log_events(&run);
    let started: Vec<(u64, &str)> = with_message(&events, "step started")
        .iter()
        .map(|e| (e["step"].as_u64().unwrap(), e["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        started,
        [(1, "payroll"), (2, "competences"), (3, "export-wlx")]
    );
    let finished = with_message(&events, "step finished");
    assert_eq!(finished.len(), 3, "{}", run.stderr);
    let payroll = finished[0];
    assert_eq!(payroll["profile"], "Exempel kommun");
    assert_eq!(payroll["kind"], "paxml");
    assert_eq!(payroll["outcome"], "applied");
    assert_eq!(payroll["created"], 8, "{payroll}");
    assert_eq!(
        payroll["created"], summary["steps"][0]["counts"]["created"],
        "the log and the summary agree"
    );
    // The registry learned nothing the WLX export did not bring itself: no return file.
    let export = finished[2];
    assert_eq!(export["outcome"], "nothing to export");
    assert_eq!(export["exported"], 0);
    assert_eq!(summary["steps"][2]["outcome"], "nothing_to_export");
    // Each sync step also logs its source's sync, and the run its end.
    assert_eq!(with_message(&events, "sync finished").len(), 2);
    let end = with_message(&events, "sync run finished");
    assert_eq!(end.len(), 1);
    assert_eq!(end[0]["outcome"], "applied");

    // A step that does not go through is logged, and the steps after it as skipped.
    let broken = std::fs::read_to_string(&profile)
        .unwrap()
        .replace("sample-export.xml", "bad-many.xml");
    std::fs::write(&profile, broken).unwrap();
    let run = run_logged(
        &env,
        &["--format", "json", "sync", "run", "--profile", &profile],
        Some("info"),
        &[],
    );
    assert_ne!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let events = log_events(&run);
    let finished = with_message(&events, "step finished");
    assert_eq!(finished[1]["outcome"], "refused", "{}", finished[1]);
    assert!(finished[1]["problems"].as_u64().unwrap() > 1);
    assert!(finished[1]["error"].as_str().is_some());
    let skipped = with_message(&events, "step skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["kind"], "export-wlx");
}

#[test]
fn each_http_retry_is_logged_with_its_status_and_wait() {
    // A service provider that is down: every request gets 503 and "try again at once".
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let Ok(clone) = stream.try_clone() else { break };
            let mut reader = BufReader::new(clone);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let env = Env::new();
    let url = format!("{origin}/scim/v2");
    let run = run_logged(
        &env,
        &["sync", "scim", &url, "--token-env", "TEST_TOKEN"],
        Some("info,skillreg_http=debug"),
        &[("TEST_TOKEN", "t0ken-not-for-logs")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("not-for-logs"), "{}", run.stderr);
    let events = log_events(&run);
    let retries = with_message(&events, "HTTP 503; retrying");
    assert_eq!(retries.len(), 4, "5 attempts, 4 retries: {}", run.stderr);
    for (i, r) in retries.iter().enumerate() {
        assert_eq!(r["level"], "INFO");
        assert_eq!(r["target"], "skillreg_http");
        assert_eq!(r["status"], 503);
        assert_eq!(r["attempt"], i as u64 + 1);
        assert_eq!(r["attempts"], 5);
        assert_eq!(r["wait_ms"], 0, "Retry-After: 0 is honoured");
        assert_eq!(r["retry_after"], true);
        assert!(
            r["url"].as_str().is_some_and(|u| u.starts_with(&origin)),
            "{r}"
        );
    }
    // Debug shows each request; the sync is logged as failed (not refused: the input was
    // never read).
    assert_eq!(with_message(&events, "GET").len(), 5, "{}", run.stderr);
    let failed = with_message(&events, "sync failed");
    assert_eq!(failed.len(), 1, "{}", run.stderr);
    assert_eq!(failed[0]["source"], "scim");
}
