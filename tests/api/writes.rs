//! The writes: each by each caller, what the registry holds afterwards, the audit rows, and a
//! refused body that changes nothing.

use serde_json::json;
use skillreg_store::AuditFilter;

use super::{Api, Res, json, problem};

/// The number of evidence rows of `no` and of audit rows about them (other than reads).
fn counts(api: &Api, no: &str) -> Res<(usize, usize)> {
    let registry = api.registry()?;
    let audit = registry
        .audit(&AuditFilter {
            employee: Some(no.to_string()),
            since: None,
        })?
        .iter()
        .filter(|a| !a.action.starts_with("read"))
        .count();
    Ok((registry.history(no)?.len(), audit))
}

#[test]
fn an_assessment_is_recorded_for_hr_and_a_manager_and_refused_to_others() -> Res {
    let api = Api::start("")?;
    let body = json!({"system": "TIMECARE", "level": 3, "assessor": "10001", "date": "2026-11-19"});
    let before = counts(&api, "10023")?;
    for (who, status) in [
        ("viewer", 403),
        ("sync", 403),
        ("revoked", 401),
        ("expired", 401),
    ] {
        let p = problem(
            api.post(Some(who), "/api/v1/people/10023/assessments")
                .json(&body)
                .send()?,
            status,
        )?;
        assert!(p["detail"].is_string(), "{p}");
    }
    assert_eq!(counts(&api, "10023")?, before);

    let done = json(
        api.post(Some("manager"), "/api/v1/people/10023/assessments")
            .json(&body)
            .send()?,
        201,
    )?;
    assert_eq!(done["recorded"], true);
    assert_eq!(done["date"], "2026-11-19");
    // The same again: held, nothing written.
    let again = json(
        api.post(Some("manager"), "/api/v1/people/10023/assessments")
            .json(&body)
            .send()?,
        200,
    )?;
    assert_eq!(again["recorded"], false);
    let registry = api.registry()?;
    let history = registry.history("10023")?;
    let held = history
        .iter()
        .filter(|h| {
            h.evidence.system == "TIMECARE"
                && h.evidence.level.number() == 3
                && h.evidence.date.to_string() == "2026-11-19"
        })
        .count();
    assert_eq!(held, 1);
    assert_eq!(history.len(), before.0 + 1);
    let audit = registry.audit(&AuditFilter {
        employee: Some("10023".into()),
        since: None,
    })?;
    let row = audit
        .iter()
        .rfind(|a| a.action == "record manager assessment")
        .ok_or("no audit row")?;
    assert_eq!(row.via, "api token test-manager");

    // A manager may not assess someone outside their team; HR may.
    problem(
        api.post(Some("manager"), "/api/v1/people/10041/assessments")
            .json(&body)
            .send()?,
        403,
    )?;
    let hr = json(
        api.post(Some("hr"), "/api/v1/people/10024/assessments")
            .json(&body)
            .send()?,
        201,
    )?;
    assert_eq!(hr["recorded"], true);
    let audit = api.registry()?.audit(&AuditFilter {
        employee: Some("10024".into()),
        since: None,
    })?;
    assert!(audit.iter().any(|a| a.via == "api token test-hr"));
    problem(
        api.post(Some("hr"), "/api/v1/people/99999/assessments")
            .json(&body)
            .send()?,
        404,
    )?;
    Ok(())
}

#[test]
fn a_refused_assessment_names_the_field_and_writes_nothing() -> Res {
    let api = Api::start("")?;
    let before = counts(&api, "10023")?;
    let p = problem(
        api.post(Some("hr"), "/api/v1/people/10023/assessments")
            .json(&json!({"system": "TIMECARE", "level": 5, "assessor": "10001"}))
            .send()?,
        422,
    )?;
    assert_eq!(p["problems"][0]["record"], "/level");
    assert_eq!(p["problems"][0]["value"], "5");
    let p = problem(
        api.post(Some("hr"), "/api/v1/people/10023/assessments")
            .json(&json!({"system": "NOPE", "level": 2, "assessor": "10001"}))
            .send()?,
        404,
    )?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("NOPE"),
        "{p}"
    );
    // Not JSON at all, an unknown field: 4xx problems.
    let response = api
        .post(Some("hr"), "/api/v1/people/10023/assessments")
        .header("content-type", "application/json")
        .body("{")
        .send()?;
    assert!(response.status().is_client_error());
    let response = api
        .post(Some("hr"), "/api/v1/people/10023/assessments")
        .json(&json!({"system": "TIMECARE", "level": 2, "colour": "red"}))
        .send()?;
    assert!(response.status().is_client_error());
    assert_eq!(counts(&api, "10023")?, before);
    Ok(())
}

#[test]
fn self_assessments_are_all_or_nothing_with_pointers_to_each_problem() -> Res {
    let api = Api::start("")?;
    let before = counts(&api, "10001")?;
    let bad = json!({"answers": [
        {"system": "O365", "value": "2"},
        {"system": "NOPE", "value": "2"},
        {"system": "TIMECARE", "value": "7"},
    ]});
    let p = problem(
        api.post(Some("manager"), "/api/v1/people/10001/self-assessments")
            .json(&bad)
            .send()?,
        422,
    )?;
    let records: Vec<&str> = p["problems"]
        .as_array()
        .ok_or("no problems")?
        .iter()
        .filter_map(|q| q["record"].as_str())
        .collect();
    assert!(records.contains(&"/answers/1/system"), "{p}");
    assert!(records.contains(&"/answers/2/value"), "{p}");
    assert_eq!(counts(&api, "10001")?, before);

    let good = json!({"answers": [
        {"system": "O365", "value": "3"},
        {"system": "LIFECARE", "value": ""},
    ]});
    let done = json(
        api.post(Some("manager"), "/api/v1/people/10001/self-assessments")
            .json(&good)
            .send()?,
        201,
    )?;
    assert_eq!(
        (done["n_recorded"].as_u64(), done["n_blank"].as_u64()),
        (Some(1), Some(1))
    );
    let again = json(
        api.post(Some("manager"), "/api/v1/people/10001/self-assessments")
            .json(&good)
            .send()?,
        201,
    )?;
    assert_eq!(
        (again["n_recorded"].as_u64(), again["n_already"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(counts(&api, "10001")?.0, before.0 + 1);
    // A self-assessment is the person's own word: not a manager's for a report.
    problem(
        api.post(Some("manager"), "/api/v1/people/10023/self-assessments")
            .json(&good)
            .send()?,
        403,
    )?;
    for (who, status) in [("viewer", 403), ("sync", 403), ("expired", 401)] {
        problem(
            api.post(Some(who), "/api/v1/people/10023/self-assessments")
                .json(&good)
                .send()?,
            status,
        )?;
    }
    json(
        api.post(Some("hr"), "/api/v1/people/10023/self-assessments")
            .json(&good)
            .send()?,
        201,
    )?;
    Ok(())
}

#[test]
fn a_course_completion_and_a_referral_and_its_cancellation() -> Res {
    let api = Api::start("")?;
    for (who, status) in [("viewer", 403), ("sync", 403), ("revoked", 401)] {
        problem(
            api.post(Some(who), "/api/v1/people/10023/course-completions")
                .json(&json!({"course": "LC-DOK"}))
                .send()?,
            status,
        )?;
        problem(
            api.post(Some(who), "/api/v1/people/10023/referrals")
                .json(&json!({"course": "LC-HANDL"}))
                .send()?,
            status,
        )?;
    }
    let done = json(
        api.post(Some("manager"), "/api/v1/people/10023/course-completions")
            .json(&json!({"course": "LC-DOK", "date": "2026-11-18"}))
            .send()?,
        201,
    )?;
    assert_eq!(done["recorded"], true);
    let history = api.registry()?.history("10023")?;
    assert!(history.iter().any(|h| h.evidence.system == "LIFECARE"
        && h.evidence.level.number() == 2
        && h.evidence.date.to_string() == "2026-11-18"));
    problem(
        api.post(Some("hr"), "/api/v1/people/10023/course-completions")
            .json(&json!({"course": "NO-SUCH"}))
            .send()?,
        404,
    )?;

    let referred = json(
        api.post(Some("manager"), "/api/v1/people/10024/referrals")
            .json(&json!({"course": "LC-HANDL", "due": "2027-03-01"}))
            .send()?,
        201,
    )?;
    assert_eq!(referred["outcome"], "created");
    let again = json(
        api.post(Some("manager"), "/api/v1/people/10024/referrals")
            .json(&json!({"course": "LC-HANDL", "due": "2027-03-01"}))
            .send()?,
        200,
    )?;
    assert_eq!(again["outcome"], "already_open");
    let brief = json(
        api.get(Some("hr"), "/api/v1/people/10024/brief").send()?,
        200,
    )?;
    assert!(brief.to_string().contains("LC-HANDL"), "{brief}");
    let audit = api.registry()?.audit(&AuditFilter {
        employee: Some("10024".into()),
        since: None,
    })?;
    assert!(
        audit
            .iter()
            .any(|a| a.action == "refer" && a.via == "api token test-manager")
    );

    problem(
        api.with(
            Some("viewer"),
            api.client.delete(format!(
                "{}/api/v1/people/10024/referrals/LC-HANDL",
                api.origin
            )),
        )
        .send()?,
        403,
    )?;
    let cancelled = json(
        api.with(
            Some("hr"),
            api.client.delete(format!(
                "{}/api/v1/people/10024/referrals/LC-HANDL",
                api.origin
            )),
        )
        .send()?,
        200,
    )?;
    assert_eq!(cancelled["cancelled"], "2026-11-20");
    // Nothing open any more.
    problem(
        api.with(
            Some("hr"),
            api.client.delete(format!(
                "{}/api/v1/people/10024/referrals/LC-HANDL",
                api.origin
            )),
        )
        .send()?,
        422,
    )?;
    Ok(())
}

#[test]
fn a_talk_with_agreements_is_recorded_whole_or_not_at_all() -> Res {
    let api = Api::start("")?;
    let talk = json!({"date": "2026-11-18", "agreements": [
        {"kind": "level", "system": "LIFECARE", "level": 3, "due": "2027-06-30"},
        {"kind": "course", "course": "LC-HANDL"},
    ]});
    for (who, status) in [("viewer", 403), ("sync", 403), ("expired", 401)] {
        problem(
            api.post(Some(who), "/api/v1/people/10023/talks")
                .json(&talk)
                .send()?,
            status,
        )?;
    }
    let bad = json!({"date": "2026-11-18", "agreements": [
        {"kind": "level", "system": "NOPE", "level": 3},
    ]});
    problem(
        api.post(Some("manager"), "/api/v1/people/10023/talks")
            .json(&bad)
            .send()?,
        422,
    )?;
    assert!(api.registry()?.talks("10023")?.is_empty());
    let done = json(
        api.post(Some("manager"), "/api/v1/people/10023/talks")
            .json(&talk)
            .send()?,
        201,
    )?;
    assert_eq!(done["date"], "2026-11-18");
    let talks = api.registry()?.talks("10023")?;
    assert_eq!(talks.len(), 1);
    assert_eq!(talks[0].agreements.len(), 2);
    problem(
        api.post(Some("manager"), "/api/v1/people/10041/talks")
            .json(&talk)
            .send()?,
        403,
    )?;
    Ok(())
}

#[test]
fn hr_opens_a_round_and_its_answers_are_recorded() -> Res {
    let api = Api::start("")?;
    let spec = json!({"occupation": "USK", "closes": "2026-12-11"});
    for (who, status) in [
        ("manager", 403),
        ("viewer", 403),
        ("sync", 403),
        ("revoked", 401),
    ] {
        problem(
            api.post(Some(who), "/api/v1/rounds").json(&spec).send()?,
            status,
        )?;
    }
    assert!(api.registry()?.rounds()?.is_empty());
    let opened = json(
        api.post(Some("hr"), "/api/v1/rounds").json(&spec).send()?,
        201,
    )?;
    let round = &opened["rounds"][0];
    assert_eq!(round["occupation"], "USK");
    let id = round["id"].as_i64().ok_or("no id")?;
    assert_eq!(api.registry()?.rounds()?.len(), 1);

    let path = format!("/api/v1/rounds/{id}/answers");
    let bad = json!({"employee_no": "10023", "answers": [
        {"system": "O365", "value": "2"},
        {"system": "TIMECARE", "value": "5"},
    ]});
    let before = counts(&api, "10023")?;
    let p = problem(api.post(Some("hr"), &path).json(&bad).send()?, 422)?;
    assert_eq!(p["problems"][0]["record"], "/answers/1/value", "{p}");
    assert_eq!(p["problems"][0]["value"], "5");
    assert_eq!(counts(&api, "10023")?, before);

    let good = json!({"employee_no": "10023", "answers": [
        {"system": "O365", "value": "2"},
        {"system": "TIMECARE", "value": "1"},
        {"system": "LIFECARE", "value": ""},
    ]});
    for (who, status) in [
        ("manager", 403),
        ("viewer", 403),
        ("sync", 403),
        ("expired", 401),
    ] {
        problem(api.post(Some(who), &path).json(&good).send()?, status)?;
    }
    let done = json(api.post(Some("hr"), &path).json(&good).send()?, 201)?;
    assert_eq!(
        (done["n_recorded"].as_u64(), done["n_blank"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(counts(&api, "10023")?.0, before.0 + 2);
    problem(
        api.post(Some("hr"), "/api/v1/rounds/999/answers")
            .json(&good)
            .send()?,
        404,
    )?;
    Ok(())
}

#[test]
fn a_retried_write_with_the_same_idempotency_key_records_once() -> Res {
    let api = Api::start("")?;
    let talk = json!({"date": "2026-11-18", "agreements": [
        {"kind": "course", "course": "LC-HANDL"},
    ]});
    let send = |who: &str, key: &str, body: &serde_json::Value| {
        api.post(Some(who), "/api/v1/people/10023/talks")
            .header("Idempotency-Key", key)
            .json(body)
            .send()
    };
    let first = send("hr", "talk-2026-11-18", &talk)?;
    assert!(first.headers().get("idempotency-replayed").is_none());
    let first = json(first, 201)?;
    let audit_before = counts(&api, "10023")?.1;
    let again = send("hr", "talk-2026-11-18", &talk)?;
    assert_eq!(
        again
            .headers()
            .get("idempotency-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(json(again, 201)?, first);
    assert_eq!(api.registry()?.talks("10023")?.len(), 1);
    assert_eq!(counts(&api, "10023")?.1, audit_before);

    // The same key with another body: refused, nothing written.
    let other = json!({"date": "2026-11-17", "agreements": []});
    let p = problem(send("hr", "talk-2026-11-18", &other)?, 422)?;
    assert_eq!(p["type"], "/api/v1/problems/idempotency-key-reused");
    assert_eq!(api.registry()?.talks("10023")?.len(), 1);
    // Another caller's key of the same name is its own: the manager's talk is recorded.
    json(send("manager", "talk-2026-11-18", &other)?, 201)?;
    assert_eq!(api.registry()?.talks("10023")?.len(), 2);
    // Not a key: too long, or not visible ASCII.
    problem(send("hr", &"k".repeat(256), &talk)?, 400)?;
    problem(send("hr", "with space", &talk)?, 400)?;
    assert_eq!(api.registry()?.talks("10023")?.len(), 2);

    // The key is kept in the registry, so a restarted service still knows it.
    let now = chrono::Utc::now();
    let claim = api.registry()?.claim_idempotency_key(
        "api token test-hr",
        "talk-2026-11-18",
        "another request",
        now,
    )?;
    assert_eq!(claim, skillreg_store::idempotency::Claim::Mismatch);
    // A key still being answered (claimed, no answer yet): 409, nothing written.
    let claim =
        api.registry()?
            .claim_idempotency_key("api token test-hr", "in-flight", "whatever", now)?;
    assert_eq!(claim, skillreg_store::idempotency::Claim::New);
    let p = problem(send("hr", "in-flight", &talk)?, 409)?;
    assert_eq!(p["type"], "/api/v1/problems/idempotency-key-in-use");
    assert_eq!(api.registry()?.talks("10023")?.len(), 2);
    Ok(())
}

#[test]
fn a_retried_assessment_and_a_refusal_are_answered_again_the_same() -> Res {
    let api = Api::start("")?;
    let body = json!({"system": "O365", "level": 4, "assessor": "10001", "date": "2026-11-19"});
    let post = |body: &serde_json::Value| {
        api.post(Some("hr"), "/api/v1/people/10024/assessments")
            .header("Idempotency-Key", "a1")
            .json(body)
            .send()
    };
    let before = counts(&api, "10024")?;
    assert_eq!(json(post(&body)?, 201)?["recorded"], true);
    // Without the key, the same again is held (200); with it, the first answer (201).
    assert_eq!(json(post(&body)?, 201)?["recorded"], true);
    assert_eq!(counts(&api, "10024")?.0, before.0 + 1);
    // A refused request's answer is kept too.
    let bad = json!({"system": "O365", "level": 9});
    let refused = api
        .post(Some("hr"), "/api/v1/people/10024/assessments")
        .header("Idempotency-Key", "a2")
        .json(&bad)
        .send()?;
    let first = problem(refused, 422)?;
    let again = api
        .post(Some("hr"), "/api/v1/people/10024/assessments")
        .header("Idempotency-Key", "a2")
        .json(&bad)
        .send()?;
    assert_eq!(problem(again, 422)?, first);
    assert_eq!(counts(&api, "10024")?.0, before.0 + 1);
    Ok(())
}

#[test]
fn a_keyed_write_and_its_answer_commit_together_or_not_at_all() -> Res {
    let api = Api::start("")?;
    let talk = json!({"date": "2026-11-18", "agreements": [
        {"kind": "course", "course": "LC-HANDL"},
    ]});
    let send = || {
        api.post(Some("hr"), "/api/v1/people/10023/talks")
            .header("Idempotency-Key", "talk-1")
            .json(&talk)
            .send()
    };
    // A failure after the write, as the answer is stored: neither stays.
    api.registry()?.hr_connection()?.execute_batch(
        "CREATE TRIGGER no_answers BEFORE UPDATE ON idempotency_keys
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )?;
    problem(send()?, 500)?;
    assert_eq!(api.registry()?.talks("10023")?.len(), 0);
    api.registry()?
        .hr_connection()?
        .execute_batch("DROP TRIGGER no_answers")?;
    // The key was given back: the retry writes, once, and is then answered again.
    let first = json(send()?, 201)?;
    assert_eq!(api.registry()?.talks("10023")?.len(), 1);
    let again = send()?;
    assert!(again.headers().get("idempotency-replayed").is_some());
    assert_eq!(json(again, 201)?, first);
    assert_eq!(api.registry()?.talks("10023")?.len(), 1);
    // A write the store refuses keeps its refusal and nothing of the write.
    let late = json!({"date": "2026-12-24", "agreements": []});
    let refuse = || {
        api.post(Some("hr"), "/api/v1/people/10023/talks")
            .header("Idempotency-Key", "talk-2")
            .json(&late)
            .send()
    };
    let refused = problem(refuse()?, 422)?;
    assert_eq!(problem(refuse()?, 422)?, refused);
    assert_eq!(api.registry()?.talks("10023")?.len(), 1);
    Ok(())
}
