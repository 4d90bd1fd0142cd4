//! Syncs over HTTP: `POST /api/v1/sources/{kind}/runs` against the real service: the registry a
//! posted export leaves is the one `Registry::sync` of the same file leaves; dry runs, the
//! termination guard, refused files, size and media type limits, and who may post.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use reqwest::blocking::Body;
use rusqlite::types::ValueRef;
use skillreg_core::sync::{SyncConfig, TerminationLimit};
use skillreg_store::{Actor, Registry, TokenSpec};

use super::{Api, Res, fixture, json, problem};

const WLX: &str = "/api/v1/sources/wlx/runs";

/// Columns that differ between two runs of the same sync (times).
const VOLATILE: &[&str] = &[
    "at",
    "started_at",
    "duration_ms",
    "created_at",
    "updated_at",
    "erased_at",
    "last_used_at",
];

/// Tables that say how and by whom, not what the registry holds.
const NOT_DATA: &[&str] = &["audit_log", "service_tokens"];

/// Every data table's row count and an order-independent digest of its rows: two registries
/// with the same fingerprint hold the same people, employments, evidence and catalog.
fn fingerprint(db: &Path) -> Res<BTreeMap<String, (u64, u64)>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut tables = BTreeMap::new();
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in names
        .into_iter()
        .filter(|t| !NOT_DATA.contains(&t.as_str()))
    {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|c| !VOLATILE.contains(&c.as_str()))
            .map(|c| format!("\"{c}\""))
            .collect();
        let mut statement =
            conn.prepare(&format!("SELECT {} FROM \"{table}\"", columns.join(", ")))?;
        let mut rows = statement.query([])?;
        let (mut n_rows, mut sum) = (0u64, 0u64);
        while let Some(row) = rows.next()? {
            let mut hasher = DefaultHasher::new();
            for i in 0..columns.len() {
                match row.get_ref(i)? {
                    ValueRef::Null => 0u8.hash(&mut hasher),
                    ValueRef::Integer(v) => (1u8, v).hash(&mut hasher),
                    ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut hasher),
                    ValueRef::Text(v) => (3u8, v).hash(&mut hasher),
                    ValueRef::Blob(v) => (4u8, v).hash(&mut hasher),
                }
            }
            n_rows += 1;
            sum = sum.wrapping_add(hasher.finish());
        }
        tables.insert(table, (n_rows, sum));
    }
    Ok(tables)
}

/// [`fingerprint`] without the run log: a dry run, a refused file or a tripped guard is logged
/// as a run (as the command line's are), and changes nothing else.
fn data(db: &Path) -> Res<BTreeMap<String, (u64, u64)>> {
    let mut tables = fingerprint(db)?;
    tables.remove("sync_runs");
    Ok(tables)
}

/// The registry `Registry::sync` leaves: the sample, as the test service starts from, then
/// `file` synced under the name `input` with `config`.
fn reference(dir: &Path, file: &Path, input: &str, config: &SyncConfig) -> Res<std::path::PathBuf> {
    let db = dir.join("reference.db");
    {
        let mut registry = Registry::open(&db, Actor::Hr)?;
        let sample = std::fs::read(fixture("winlas/sample-export.xml"))?;
        let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
        registry.sync(&mut export, "sample", &SyncConfig::default())?;
        let mut export = skillreg_wlx::WlxReader::open(file)?;
        registry.sync(&mut export, input, config)?;
    }
    Ok(db)
}

fn post_wlx(
    api: &Api,
    who: &str,
    path: &str,
    file: &Path,
    name: &str,
) -> Res<reqwest::blocking::Response> {
    Ok(api
        .post(Some(who), path)
        .header("content-type", "application/xml")
        .header("x-filename", name)
        .body(std::fs::read(file)?)
        .send()?)
}

#[test]
fn hr_posting_a_night_gives_the_registry_the_library_gives() -> Res {
    let api = Api::start("")?;
    let file = fixture("winlas/next-night-leaver.xml");
    let report = json(post_wlx(&api, "hr", WLX, &file, "night.xml")?, 200)?;
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["n_terminated"], 1, "{report}");
    let dir = tempfile::tempdir()?;
    let expected = reference(dir.path(), &file, "night.xml", &SyncConfig::default())?;
    assert_eq!(fingerprint(&api.db)?, fingerprint(&expected)?);
    // The run log names the file as posted, the audit trail the token.
    let runs = api.registry()?.runs()?;
    assert!(
        runs.iter().any(|r| r.input.as_deref() == Some("night.xml")),
        "{runs:?}"
    );
    Ok(())
}

#[test]
fn a_generated_organisation_posted_by_the_sync_token_equals_the_library_sync() -> Res {
    let api = Api::start("")?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("org.xml");
    let config = skillreg_gen::GenConfig::new(20_000, 7);
    skillreg_gen::write_wlx(&config, std::fs::File::create(&file)?)?;
    // Every sample person is absent from the generated export: let the guard pass them.
    let path = format!("{WLX}?max_terminations=100%25");
    let report = json(post_wlx(&api, "sync", &path, &file, "org.xml")?, 200)?;
    assert_eq!(report["n_seen"], 20_000, "{}", report["n_seen"]);
    let sync = SyncConfig {
        max_terminations: TerminationLimit::Percent(100.0),
        ..SyncConfig::default()
    };
    let expected = reference(dir.path(), &file, "org.xml", &sync)?;
    assert_eq!(fingerprint(&api.db)?, fingerprint(&expected)?);
    Ok(())
}

#[test]
fn a_dry_run_answers_the_plan_and_writes_nothing() -> Res {
    let api = Api::start("")?;
    let before = data(&api.db)?;
    let file = fixture("winlas/next-night-leaver.xml");
    let report = json(
        post_wlx(&api, "hr", &format!("{WLX}?dry_run=true"), &file, "n.xml")?,
        200,
    )?;
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["n_terminated"], 1, "{report}");
    assert_eq!(data(&api.db)?, before);
    Ok(())
}

#[test]
fn a_tripped_guard_is_409_naming_who_would_be_terminated() -> Res {
    let api = Api::start("")?;
    let file = fixture("winlas/next-night-leaver.xml");
    let plan = json(
        post_wlx(&api, "hr", &format!("{WLX}?dry_run=true"), &file, "n.xml")?,
        200,
    )?;
    let leavers: Vec<serde_json::Value> = plan["people"]
        .as_array()
        .ok_or("people")?
        .iter()
        .filter(|p| p["change"] == "terminated")
        .map(|p| p["employee_no"].clone())
        .collect();
    assert_eq!(leavers.len(), 1, "{plan}");
    let before = data(&api.db)?;
    let refused = problem(
        post_wlx(
            &api,
            "hr",
            &format!("{WLX}?max_terminations=0"),
            &file,
            "n.xml",
        )?,
        409,
    )?;
    assert_eq!(
        refused["would_terminate"],
        serde_json::Value::Array(leavers)
    );
    assert_eq!(refused["type"], "/api/v1/problems/termination-guard");
    assert_eq!(data(&api.db)?, before);
    Ok(())
}

#[test]
fn a_malformed_export_is_422_with_line_and_value_and_changes_nothing() -> Res {
    let api = Api::start("")?;
    let before = data(&api.db)?;
    for bad in ["bad-malformed.xml", "bad-level.xml", "bad-date.xml"] {
        let file = fixture(&format!("winlas/{bad}"));
        let refused = problem(post_wlx(&api, "hr", WLX, &file, bad)?, 422)?;
        let problems = refused["problems"].as_array().ok_or("problems")?;
        assert!(!problems.is_empty(), "{refused}");
        assert!(
            problems
                .iter()
                .all(|p| p["file"] == bad && p["line"].as_u64() > Some(0)),
            "{refused}"
        );
        assert_eq!(data(&api.db)?, before, "{bad}");
    }
    // A wrong value is named.
    let file = fixture("winlas/bad-level.xml");
    let refused = problem(post_wlx(&api, "hr", WLX, &file, "bad-level.xml")?, 422)?;
    assert!(
        refused["problems"]
            .as_array()
            .ok_or("problems")?
            .iter()
            .any(|p| p["value"].is_string()),
        "{refused}"
    );
    Ok(())
}

#[test]
fn a_body_over_the_limit_is_413_declared_or_streamed() -> Res {
    let api = Api::start("[sources]\nmax_body_bytes = 2000\n")?;
    let before = data(&api.db)?;
    let sample = std::fs::read(fixture("winlas/next-night-leaver.xml"))?;
    assert!(sample.len() > 2000);
    let declared = api
        .post(Some("hr"), WLX)
        .header("content-type", "application/xml")
        .body(sample.clone())
        .send()?;
    let refused = problem(declared, 413)?;
    assert_eq!(refused["type"], "/api/v1/problems/too-large");
    // Without Content-Length (chunked), counted while read.
    let streamed = api
        .post(Some("hr"), WLX)
        .header("content-type", "application/xml")
        .body(Body::new(std::io::Cursor::new(sample)))
        .send()?;
    problem(streamed, 413)?;
    assert_eq!(data(&api.db)?, before);
    Ok(())
}

#[test]
fn a_wrong_media_type_is_415_and_unknown_sources_404() -> Res {
    let api = super::shared()?;
    let file = fixture("winlas/sample-export.xml");
    let wrong = api
        .post(Some("hr"), WLX)
        .header("content-type", "text/plain")
        .body(std::fs::read(&file)?)
        .send()?;
    problem(wrong, 415)?;
    let none = api
        .post(Some("hr"), WLX)
        .body(std::fs::read(&file)?)
        .send()?;
    problem(none, 415)?;
    problem(
        post_wlx(api, "hr", "/api/v1/sources/ldap/runs", &file, "x")?,
        404,
    )?;
    // PAXml and CSV are taken only with a mapping in the config.
    let paxml = api
        .post(Some("hr"), "/api/v1/sources/paxml/runs")
        .header("content-type", "application/xml")
        .body("<paxml/>")
        .send()?;
    let absent = problem(paxml, 404)?;
    assert!(
        absent["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("[sources.paxml]")
    );
    Ok(())
}

#[test]
fn only_hr_and_the_sources_own_sync_token_may_post() -> Res {
    let mut api = Api::start("")?;
    {
        let mut registry = api.registry()?;
        let spec = TokenSpec {
            name: "test-paxml".to_string(),
            actor: "sync:paxml".parse()?,
            expires: None,
        };
        let new = registry.create_service_token(&spec, "test")?;
        api.tokens.insert("paxml", new.secret.expose().to_string());
    }
    let before = data(&api.db)?;
    let file = fixture("winlas/next-night-leaver.xml");
    for who in ["paxml", "viewer", "manager"] {
        let refused = problem(post_wlx(&api, who, WLX, &file, "n.xml")?, 403)?;
        assert_eq!(refused["type"], "/api/v1/problems/forbidden", "{who}");
    }
    for who in ["revoked", "expired"] {
        problem(post_wlx(&api, who, WLX, &file, "n.xml")?, 401)?;
    }
    let anonymous = api
        .post(None, WLX)
        .header("content-type", "application/xml")
        .body(std::fs::read(&file)?)
        .send()?;
    problem(anonymous, 401)?;
    assert_eq!(data(&api.db)?, before);
    // The sync job of wlx may.
    let report = json(post_wlx(&api, "sync", WLX, &file, "n.xml")?, 200)?;
    assert_eq!(report["n_terminated"], 1);
    Ok(())
}
