//! `PUT /api/v1/catalog` against the real service: the shipped catalog applied over HTTP leaves
//! the catalog `skillreg catalog apply` leaves; a dry run writes nothing; a broken file names
//! its line; `If-Match` guards against a catalog changed since it was read; only HR may.

use std::path::Path;
use std::process::Command;

use reqwest::blocking::RequestBuilder;

use super::{Api, Res, fixture, json, problem};

const CATALOG: &str = "/api/v1/catalog";

/// `PUT /api/v1/catalog` as `who` with `toml` as `application/toml`.
fn put(api: &Api, who: &str, query: &str, toml: &str) -> RequestBuilder {
    api.with(
        Some(who),
        api.client.put(format!("{}{CATALOG}{query}", api.origin)),
    )
    .header("content-type", "application/toml")
    .body(toml.to_string())
}

/// The `skillreg` command on the registry `db` (HR, as the local administrator).
pub(super) fn skillreg(db: &Path, args: &[&str]) -> Res<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_skillreg"))
        .env_remove("SKILLREG_ACTOR")
        .env_remove("SKILLREG_LOG")
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .env("SKILLREG_DB", db)
        .env("USER", "hr-officer")
        .args(args)
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "skillreg {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

#[test]
fn the_shipped_catalog_over_http_is_the_catalog_the_cli_applies() -> Res {
    let api = Api::start("")?;
    let toml = std::fs::read_to_string(fixture("catalog/sample-catalog.toml"))?;
    let applied = json(
        put(&api, "hr", "", &toml)
            .header("x-filename", "sample-catalog.toml")
            .send()?,
        200,
    )?;
    assert_eq!(applied["dry_run"], false);
    let changes = applied["changes"].as_array().cloned().unwrap_or_default();
    let created = applied["created"].as_u64().unwrap_or_default();
    let updated = applied["updated"].as_u64().unwrap_or_default();
    assert!(created > 0, "{applied}");
    assert_eq!(created + updated, changes.len() as u64, "{applied}");

    // The CLI applies the same file to its own copy of the sample registry.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    skillreg(&db, &["init"])?;
    skillreg(
        &db,
        &[
            "sync",
            "wlx",
            &fixture("winlas/sample-export.xml").to_string_lossy(),
        ],
    )?;
    let file = fixture("catalog/sample-catalog.toml");
    let cli_changes: serde_json::Value = serde_json::from_str(&skillreg(
        &db,
        &[
            "--format",
            "json",
            "catalog",
            "apply",
            &file.to_string_lossy(),
        ],
    )?)?;
    assert_eq!(
        cli_changes,
        serde_json::Value::Array(changes),
        "the same changes"
    );
    let over_http = json(api.get(Some("hr"), CATALOG).send()?, 200)?;
    let by_cli: serde_json::Value =
        serde_json::from_str(&skillreg(&db, &["--format", "json", "catalog", "show"])?)?;
    assert_eq!(over_http, by_cli);

    // Applied again: nothing changes (idempotent), and the audit trail names the token.
    let again = json(put(&api, "hr", "", &toml).send()?, 200)?;
    assert_eq!(
        (&again["created"], &again["updated"]),
        (&0.into(), &0.into())
    );
    let conn = rusqlite::Connection::open(&api.db)?;
    let (via, detail): (String, String) = conn.query_row(
        "SELECT via, detail FROM audit_log WHERE action = 'apply catalog' ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!(via, "api token test-hr");
    assert!(detail.starts_with("sample-catalog.toml: "), "{detail}");
    Ok(())
}

#[test]
fn a_dry_run_answers_the_changes_and_writes_nothing() -> Res {
    let api = Api::start("")?;
    let before = api.get(Some("hr"), CATALOG).send()?;
    let tag = before
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or("no ETag")?;
    let before = json(before, 200)?;
    let toml = std::fs::read_to_string(fixture("catalog/sample-catalog.toml"))?;
    let dry = put(&api, "hr", "?dry_run=true", &toml).send()?;
    assert_eq!(
        dry.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some(tag.as_str()),
        "the catalog's tag is unchanged"
    );
    let dry = json(dry, 200)?;
    assert_eq!(dry["dry_run"], true);
    assert!(dry["created"].as_u64().unwrap_or_default() > 0, "{dry}");
    assert_eq!(json(api.get(Some("hr"), CATALOG).send()?, 200)?, before);
    // The real apply makes exactly the changes the dry run listed.
    let real = json(put(&api, "hr", "", &toml).send()?, 200)?;
    assert_eq!(real["changes"], dry["changes"]);
    Ok(())
}

#[test]
fn a_broken_file_names_its_line_and_a_refused_one_every_problem() -> Res {
    let api = Api::start("")?;
    let before = json(api.get(Some("hr"), CATALOG).send()?, 200)?;
    // Line 4 has a key the catalog does not know.
    let broken = "[[systems]]\ncode = \"INTRA\"\nname = \"Intranet\"\nlevel = 3\n";
    let refused = problem(
        put(&api, "hr", "", broken)
            .header("x-filename", "broken.toml")
            .send()?,
        422,
    )?;
    assert_eq!(refused["problems"][0]["file"], "broken.toml", "{refused}");
    assert_eq!(refused["problems"][0]["line"], 4, "{refused}");
    assert!(
        refused["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("level")),
        "{refused}"
    );
    // Two requirements naming unknown systems, on lines 1 and 6: both listed with their value.
    let unknown = "[[requirements]]\noccupation = \"USK\"\nsystem = \"NOPE\"\nlevel = 2\n\n\
                   [[requirements]]\noccupation = \"USK\"\nsystem = \"NADA\"\nlevel = 2\n";
    let refused = problem(put(&api, "hr", "", unknown).send()?, 422)?;
    let problems = refused["problems"].as_array().cloned().unwrap_or_default();
    let found: Vec<(u64, String)> = problems
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap_or_default(),
                p["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(1, "NOPE".to_string()), (6, "NADA".to_string())],
        "{refused}"
    );
    assert_eq!(json(api.get(Some("hr"), CATALOG).send()?, 200)?, before);
    Ok(())
}

#[test]
fn if_match_applies_only_over_the_catalog_it_names() -> Res {
    let api = Api::start("")?;
    let first = api.get(Some("hr"), CATALOG).send()?;
    let tag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or("no ETag")?;
    let one = "[[systems]]\ncode = \"INTRA\"\nname = \"Intranet\"\n";
    let applied = put(&api, "hr", "", one).header("if-match", &tag).send()?;
    let new_tag = applied
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or("no ETag")?;
    assert_ne!(new_tag, tag);
    assert_eq!(json(applied, 200)?["created"], 1);
    // The answer's tag is the one GET answers now.
    let now = api.get(Some("hr"), CATALOG).send()?;
    assert_eq!(
        now.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some(new_tag.as_str())
    );
    // The old tag no longer holds: 412, nothing written.
    let two = "[[systems]]\ncode = \"EXTRA\"\nname = \"Extranet\"\n";
    let stale = problem(
        put(&api, "hr", "", two).header("if-match", &tag).send()?,
        412,
    )?;
    assert_eq!(stale["type"], "/api/v1/problems/precondition-failed");
    let catalog = json(api.get(Some("hr"), CATALOG).send()?, 200)?;
    assert!(
        !catalog["systems"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["code"] == "EXTRA")),
        "{catalog}"
    );
    // `*` and the current tag both apply.
    json(
        put(&api, "hr", "", two).header("if-match", "*").send()?,
        200,
    )?;
    Ok(())
}

#[test]
fn only_hr_may_and_only_as_toml() -> Res {
    // A small limit, so that the refused body fits in the socket's buffers: a server that
    // answers 413 without reading a body of megabytes closes the connection while the client
    // is still writing it (a broken pipe, not an answer).
    let api = Api::start("[sources]\nmax_body_bytes = 4096\n")?;
    let one = "[[systems]]\ncode = \"INTRA\"\nname = \"Intranet\"\n";
    for who in ["viewer", "manager", "sync"] {
        let refused = problem(put(&api, who, "", one).send()?, 403)?;
        assert_eq!(refused["type"], "/api/v1/problems/forbidden", "{who}");
    }
    let json_body = api
        .with(
            Some("hr"),
            api.client.put(format!("{}{CATALOG}", api.origin)),
        )
        .header("content-type", "application/json")
        .body("{}")
        .send()?;
    problem(json_body, 415)?;
    let plain = api
        .with(
            Some("hr"),
            api.client.put(format!("{}{CATALOG}", api.origin)),
        )
        .header("content-type", "text/plain; charset=utf-8")
        .body(one)
        .send()?;
    assert_eq!(json(plain, 200)?["created"], 1);
    let huge = format!("# {}\n", "x".repeat(8 << 10));
    problem(put(&api, "hr", "", &huge).send()?, 413)?;
    Ok(())
}
