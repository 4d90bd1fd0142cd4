//! The answers files posted over HTTP: `POST /api/v1/rounds/{id}/imports` (a round's answers,
//! as `skillreg round import`) and `POST /api/v1/maturity/measurements` (a maturity
//! measurement, as `skillreg maturity import`): the same file gives the same counts and the
//! same response rate as the command line; a bad file names each line and value and writes
//! nothing; only HR may; `Idempotency-Key` is honoured.

use std::path::Path;

use reqwest::blocking::RequestBuilder;
use serde_json::Value;

use super::catalog::skillreg;
use super::{Api, Res, fixture, json, problem};

/// `POST path` as `who` with `csv` as `text/csv`, named `name`.
fn post_csv(api: &Api, who: &str, path: &str, name: &str, csv: Vec<u8>) -> RequestBuilder {
    api.post(Some(who), path)
        .header("content-type", "text/csv")
        .header("x-filename", name)
        .body(csv)
}

/// The round answers fixture, answered on the service's day (2026-11-20), the day the round
/// opens: answers dated after the registry's today are refused, on both paths alike.
fn answers_today() -> Res<Vec<u8>> {
    let text = std::fs::read_to_string(fixture("rounds/usk-answers.csv"))?;
    Ok(text
        .replace("2026-11-24", "2026-11-20")
        .replace("25.11.2026", "20.11.2026")
        .into_bytes())
}

/// Per unit: asked, answered, complete, rate.
fn rates(status: &Value) -> Vec<(String, u64, u64, u64, f64)> {
    status["units"]
        .as_array()
        .map(|units| {
            units
                .iter()
                .map(|u| {
                    (
                        u["unit"].as_str().unwrap_or_default().to_string(),
                        u["n_asked"].as_u64().unwrap_or_default(),
                        u["n_answered"].as_u64().unwrap_or_default(),
                        u["n_complete"].as_u64().unwrap_or_default(),
                        u["rate"].as_f64().unwrap_or(-1.0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Self-assessments held (evidence rows of kind self).
fn evidence_rows(db: &Path) -> Res<i64> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row("SELECT count(*) FROM evidence", [], |r| r.get(0))?)
}

/// The API's service with round 1 of the assistant nurses opened over HTTP.
fn api_with_round() -> Res<Api> {
    let api = Api::start("")?;
    let opened = json(
        api.post(Some("hr"), "/api/v1/rounds")
            .json(&serde_json::json!({"occupation": "USK", "closes": "2026-12-11"}))
            .send()?,
        201,
    )?;
    assert_eq!(opened["rounds"][0]["id"], 1, "{opened}");
    Ok(api)
}

#[test]
fn a_rounds_answers_over_http_give_the_response_rate_of_the_cli_import() -> Res {
    let api = api_with_round()?;
    let csv = answers_today()?;
    let import = json(
        post_csv(
            &api,
            "hr",
            "/api/v1/rounds/1/imports",
            "usk-answers.csv",
            csv.clone(),
        )
        .header("idempotency-key", "round-1-answers")
        .send()?,
        201,
    )?;
    let status = json(
        api.get(Some("hr"), "/api/v1/rounds/1?as_of=2026-11-20")
            .send()?,
        200,
    )?;

    // The command line, on its own copy of the sample registry, with the same file.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let file = dir.path().join("usk-answers.csv");
    std::fs::write(&file, &csv)?;
    let export = fixture("winlas/sample-export.xml");
    skillreg(&db, &["init"])?;
    skillreg(&db, &["sync", "wlx", &export.to_string_lossy()])?;
    let day = ["--as-of", "2026-11-20"];
    skillreg(
        &db,
        &[
            &day[..],
            &[
                "round",
                "open",
                "--occupation",
                "USK",
                "--closes",
                "2026-12-11",
            ],
        ]
        .concat(),
    )?;
    let by_cli: Value = serde_json::from_str(&skillreg(
        &db,
        &[
            &day[..],
            &[
                "--format",
                "json",
                "round",
                "import",
                &file.to_string_lossy(),
            ],
        ]
        .concat(),
    )?)?;
    let cli_status: Value = serde_json::from_str(&skillreg(
        &db,
        &[&day[..], &["--format", "json", "round", "status", "1"]].concat(),
    )?)?;
    assert_eq!(import, by_cli, "the same counts");
    assert_eq!(import["n_recorded"], 4, "{import}");
    assert_eq!(rates(&status), rates(&cli_status), "{status}\n{cli_status}");
    assert_eq!(
        rates(&status),
        [
            ("SOC-HT".to_string(), 2, 1, 1, 0.5),
            ("SOC-SÄBO".to_string(), 1, 1, 0, 1.0)
        ]
    );

    // The same request with the same key: the first answer again, nothing written twice.
    let held = evidence_rows(&api.db)?;
    let replayed = post_csv(
        &api,
        "hr",
        "/api/v1/rounds/1/imports",
        "usk-answers.csv",
        csv.clone(),
    )
    .header("idempotency-key", "round-1-answers")
    .send()?;
    assert_eq!(
        replayed
            .headers()
            .get("idempotency-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(json(replayed, 201)?, import);
    // Without a key, the file again records nothing new: 200.
    let again = json(
        post_csv(
            &api,
            "hr",
            "/api/v1/rounds/1/imports",
            "usk-answers.csv",
            csv,
        )
        .send()?,
        200,
    )?;
    assert_eq!(
        (&again["n_recorded"], &again["n_already"]),
        (&0.into(), &4.into())
    );
    assert_eq!(evidence_rows(&api.db)?, held);

    // The audit trail names the file and the token.
    let conn = rusqlite::Connection::open(&api.db)?;
    let via: String = conn.query_row(
        "SELECT via FROM audit_log WHERE action = 'import round answers' AND detail LIKE '%usk-answers.csv%' LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(via, "api token test-hr");
    Ok(())
}

#[test]
fn bad_round_answers_are_each_named_and_nothing_is_written() -> Res {
    let api = api_with_round()?;
    let before = evidence_rows(&api.db)?;
    let bad = std::fs::read(fixture("rounds/usk-answers-bad.csv"))?;
    let refused = problem(
        post_csv(
            &api,
            "hr",
            "/api/v1/rounds/1/imports",
            "usk-answers-bad.csv",
            bad,
        )
        .send()?,
        422,
    )?;
    let problems = refused["problems"].as_array().cloned().unwrap_or_default();
    let lines: Vec<u64> = problems
        .iter()
        .map(|p| p["line"].as_u64().unwrap_or_default())
        .collect();
    // Line 10 is good in itself, but answered after the service's day (2026-11-20).
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10], "{refused}");
    assert!(problems.iter().all(|p| p["file"] == "usk-answers-bad.csv"));
    assert_eq!(problems[0]["value"], "5", "{refused}");
    assert_eq!(problems[2]["value"], "10031", "{refused}");
    // The identity number is never repeated.
    assert!(!refused.to_string().contains("1212"), "{refused}");
    assert_eq!(evidence_rows(&api.db)?, before);

    // Good rows posted to another round are refused, naming the round of each row.
    let other = problem(
        post_csv(
            &api,
            "hr",
            "/api/v1/rounds/2/imports",
            "a.csv",
            answers_today()?,
        )
        .send()?,
        422,
    )?;
    assert_eq!(other["problems"][0]["line"], 2, "{other}");
    assert_eq!(other["problems"][0]["value"], "1", "{other}");
    assert_eq!(evidence_rows(&api.db)?, before);

    // Only HR imports, and only CSV.
    for who in ["viewer", "manager"] {
        problem(
            post_csv(
                &api,
                who,
                "/api/v1/rounds/1/imports",
                "a.csv",
                answers_today()?,
            )
            .send()?,
            403,
        )?;
    }
    problem(
        api.post(Some("hr"), "/api/v1/rounds/1/imports")
            .header("content-type", "application/json")
            .body("{}")
            .send()?,
        415,
    )?;
    assert_eq!(evidence_rows(&api.db)?, before);
    Ok(())
}

/// `skillreg maturity import` of `answers` to the small framework on `date`, as JSON.
fn cli_maturity(db: &Path, answers: &str, date: &str) -> Res<Value> {
    let framework = fixture("maturity/small-framework.toml");
    Ok(serde_json::from_str(&skillreg(
        db,
        &[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "maturity",
            "import",
            &fixture(answers).to_string_lossy(),
            "--framework",
            &framework.to_string_lossy(),
            "--date",
            date,
        ],
    )?)?)
}

fn maturity_rows(db: &Path) -> Res<i64> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row("SELECT count(*) FROM maturity_answers", [], |r| r.get(0))?)
}

#[test]
fn a_maturity_measurement_over_http_is_recorded_as_the_cli_records_it() -> Res {
    let api = Api::start("")?;
    const MEASUREMENTS: &str = "/api/v1/maturity/measurements";
    // Before its first measurement, the framework is not held: 404.
    let unknown = problem(
        post_csv(
            &api,
            "hr",
            &format!("{MEASUREMENTS}?framework=small-example&date=2026-09-01"),
            "answers.csv",
            std::fs::read(fixture("maturity/answers-semicolon.csv"))?,
        )
        .send()?,
        404,
    )?;
    assert!(
        unknown["detail"]
            .as_str()
            .is_some_and(|d| d.contains("small-example")),
        "{unknown}"
    );
    // The baseline by the command line on the service's registry, which records the framework.
    let baseline = cli_maturity(&api.db, "maturity/answers-comma.csv", "2026-03-02")?;
    assert_eq!(baseline["n_recorded"], 8, "{baseline}");

    // The follow-up over HTTP.
    let path = format!("{MEASUREMENTS}?framework=small-example&date=2026-09-01");
    let csv = std::fs::read(fixture("maturity/answers-semicolon.csv"))?;
    let follow_up = json(
        post_csv(&api, "hr", &path, "answers-semicolon.csv", csv.clone())
            .header("idempotency-key", "maturity-2026-09")
            .send()?,
        201,
    )?;
    // The command line, on its own registry, with the same two files.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let export = fixture("winlas/sample-export.xml");
    skillreg(&db, &["init"])?;
    skillreg(&db, &["sync", "wlx", &export.to_string_lossy()])?;
    cli_maturity(&db, "maturity/answers-comma.csv", "2026-03-02")?;
    let by_cli = cli_maturity(&db, "maturity/answers-semicolon.csv", "2026-09-01")?;
    assert_eq!(follow_up, by_cli, "the same counts");
    assert_eq!(follow_up["n_recorded"], 8, "{follow_up}");
    assert_eq!(maturity_rows(&api.db)?, maturity_rows(&db)?);

    // A retry with the key: the same answer, nothing written twice.
    let held = maturity_rows(&api.db)?;
    let replayed = json(
        post_csv(&api, "hr", &path, "answers-semicolon.csv", csv)
            .header("idempotency-key", "maturity-2026-09")
            .send()?,
        201,
    )?;
    assert_eq!(replayed, follow_up);
    assert_eq!(maturity_rows(&api.db)?, held);

    // A bad file: every row named with its line, nothing written.
    let bad = problem(
        post_csv(
            &api,
            "hr",
            &format!("{MEASUREMENTS}?framework=small-example&date=2026-10-01"),
            "answers-bad.csv",
            std::fs::read(fixture("maturity/answers-bad.csv"))?,
        )
        .send()?,
        422,
    )?;
    let lines: Vec<u64> = bad["problems"]
        .as_array()
        .map(|p| p.iter().filter_map(|p| p["line"].as_u64()).collect())
        .unwrap_or_default();
    assert!(!lines.contains(&2), "the good row is not a problem: {bad}");
    assert!(lines.contains(&3) && lines.contains(&12), "{bad}");
    assert_eq!(bad["problems"][0]["value"], "NO-SUCH-UNIT", "{bad}");
    assert!(!bad.to_string().contains("19121212"), "{bad}");
    assert_eq!(maturity_rows(&api.db)?, held);

    // Only HR.
    problem(
        post_csv(
            &api,
            "viewer",
            &format!("{MEASUREMENTS}?framework=small-example&date=2026-10-01"),
            "answers.csv",
            b"respondent,unit,capability,step\n".to_vec(),
        )
        .send()?,
        403,
    )?;
    Ok(())
}
