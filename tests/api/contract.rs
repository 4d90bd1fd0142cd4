//! The contract: the OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator), and the
//! running service keeps it (Schemathesis, a property-based API tester, sends requests generated
//! from the document to every operation in it and checks every answer against it).
//!
//! Both tools are Python packages that `.ci/peers` installs into `.peers/`. The fuzzer's
//! settings are in `tests/api/schemathesis.toml`; it runs once as HR and once as the viewer of
//! SOC (so the `403`s are checked too), each run within a time budget. It is generic over the
//! document: an operation added to the API is fuzzed without a change here. On a failure, the
//! test prints Schemathesis's report (what it sent, what came back, and a curl command that
//! reproduces it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::{Api, Res, json};

/// The checks every answer must pass.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance,ignored_auth";

/// Seconds each Schemathesis run may take (two runs: the whole test stays within 90 s).
const BUDGET_SECS: u64 = 30;

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/api")
}

/// Standard output and error of a finished command, for a failure message.
fn output_text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_openapi_document_is_valid_openapi_3_1() -> Res {
    let validator = skillreg_peers::peer_bin("openapi-spec-validator")?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, skillreg_server::openapi())?;
    let out = Command::new(&validator)
        .arg("--schema")
        .arg("3.1.0")
        .arg(&file)
        .output()?;
    assert!(
        out.status.success(),
        "openapi-spec-validator refused the document:\n{}",
        output_text(&out)
    );
    let document: serde_json::Value = serde_json::from_str(&skillreg_server::openapi())?;
    let operations = document["paths"].as_object().map_or(0, |paths| {
        paths.values().filter_map(|p| p.as_object()).count()
    });
    assert!(operations >= 3, "{document}");
    Ok(())
}

/// One Schemathesis run against `api` as caller `who`; its report on failure.
fn schemathesis(api: &Api, who: &str, report_dir: &Path) -> Res<()> {
    let st = skillreg_peers::peer_bin("st")?;
    let started = Instant::now();
    let out = Command::new(&st)
        .arg("--config-file")
        .arg(here().join("schemathesis.toml"))
        .arg("--no-color")
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", api.origin))
        .args(["--checks", CHECKS])
        .args([
            "--header",
            &format!("Authorization: Bearer {}", api.token(who)),
        ])
        .args(["--max-time", &BUDGET_SECS.to_string()])
        .arg("--report-dir")
        .arg(report_dir.join(who))
        .current_dir(report_dir)
        .output()?;
    let took = started.elapsed();
    if !out.status.success() {
        return Err(format!(
            "Schemathesis as {who} found answers that break the OpenAPI document ({} s):\n{}",
            took.as_secs(),
            output_text(&out)
        )
        .into());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("Schemathesis as {who}:\n{text}");
    assert!(
        took < Duration::from_secs(BUDGET_SECS + 15),
        "Schemathesis as {who} took {} s:\n{text}",
        took.as_secs()
    );
    // The run reached the operations and checked answers (not an empty success).
    assert!(
        text.contains("passed") && !text.contains("No operations"),
        "Schemathesis as {who} tested nothing:\n{text}"
    );
    Ok(())
}

#[test]
fn the_service_keeps_the_document_for_hr_and_for_a_viewer() -> Res {
    let api = Api::start("")?;
    let reports = tempfile::tempdir()?;
    let hr = schemathesis(&api, "hr", reports.path());
    let viewer = schemathesis(&api, "viewer", reports.path());
    match (hr, viewer) {
        (Ok(()), Ok(())) => Ok(()),
        (hr, viewer) => Err([hr.err(), viewer.err()]
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n\n")
            .into()),
    }
}

/// Runs `docs/examples/nightly_integration.py` against `api` with `args`, the token of `who`
/// in `SKILLREG_TOKEN` and the sync job's in `SKILLREG_SYNC_TOKEN`.
fn nightly(api: &Api, who: &str, args: &[&str]) -> Res<Output> {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/nightly_integration.py");
    Ok(Command::new("python3")
        .arg(script)
        .args(["--base-url", &api.origin])
        .args(args)
        .env("SKILLREG_TOKEN", api.token(who))
        .env("SKILLREG_SYNC_TOKEN", api.token("sync"))
        .output()?)
}

#[test]
fn the_nightly_integration_example_pages_through_a_teams_gaps() -> Res {
    let api = Api::start("")?;
    let whole = json(
        api.get(Some("manager"), "/api/v1/gaps?manager=10001&limit=1000")
            .send()?,
        200,
    )?;
    let items = whole["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() > 3, "{whole}");
    let dir = tempfile::tempdir()?;
    let out_file = dir.path().join("gaps.csv");
    let out_path = out_file.to_string_lossy().to_string();
    let out = nightly(
        &api,
        "manager",
        &["--manager", "10001", "--limit", "3", "--out", &out_path],
    )?;
    assert!(out.status.success(), "{}", output_text(&out));
    let pages = items.len().div_ceil(3);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("gaps {} rows in {pages} pages", items.len())),
        "{}",
        output_text(&out)
    );
    let csv = std::fs::read_to_string(&out_file)?;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), items.len() + 1, "{csv}");
    // Page after page, the rows are the whole list's, in its order.
    for (line, item) in lines.iter().skip(1).zip(&items) {
        let expected = format!(
            "{},{},{},",
            item["employee_no"].as_str().unwrap_or_default(),
            item["name"].as_str().unwrap_or_default(),
            item["system"].as_str().unwrap_or_default()
        );
        assert!(line.starts_with(&expected), "{line} is not {item}");
    }

    // A refusal ends the script with status 1 and the problem printed.
    let refused = nightly(&api, "viewer", &["--manager", "10001"])?;
    assert_eq!(refused.status.code(), Some(1), "{}", output_text(&refused));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("/api/v1/problems/forbidden"),
        "{}",
        output_text(&refused)
    );

    // The sync step, where the service offers syncs over HTTP: a dry run of the sample export.
    let document: serde_json::Value = serde_json::from_str(&skillreg_server::openapi())?;
    if document["paths"]["/api/v1/sources/{kind}/runs"].is_object() {
        let export = super::fixture("winlas/sample-export.xml");
        let export = export.to_string_lossy().to_string();
        let out = nightly(&api, "hr", &["--export", &export, "--dry-run"])?;
        assert!(out.status.success(), "{}", output_text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("sync {"),
            "{}",
            output_text(&out)
        );
    } else {
        eprintln!(
            "no POST /api/v1/sources/{{kind}}/runs in this service: the sync step is not run"
        );
    }
    Ok(())
}
