//! What every operation shares: who is calling, problems, ETags, pagination, the document.

use super::{Api, Res, json, problem, shared};

#[test]
fn each_token_is_its_actor_and_a_bad_one_is_401_with_a_challenge() -> Res {
    let api = shared()?;
    for (who, actor) in [
        ("hr", "hr"),
        ("manager", "manager:10001"),
        ("viewer", "viewer:SOC"),
        ("sync", "sync:wlx"),
    ] {
        let me = json(api.get(Some(who), "/api/v1/me").send()?, 200)?;
        assert_eq!(me["actor"], actor);
        assert_eq!(me["via"], format!("api token test-{who}"));
    }
    let me = json(api.get(Some("manager"), "/api/v1/me").send()?, 200)?;
    assert_eq!(
        (me["kind"].as_str(), me["employee_no"].as_str()),
        (Some("manager"), Some("10001"))
    );

    let none = api.get(None, "/api/v1/me").send()?;
    assert_eq!(
        none.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer realm=\"skillreg\"")
    );
    let p = problem(none, 401)?;
    assert_eq!(p["type"], "/api/v1/problems/unauthenticated");
    let p = problem(api.get(Some("revoked"), "/api/v1/me").send()?, 401)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("\"test-revoked\" was revoked"),
        "{p}"
    );
    let p = problem(api.get(Some("expired"), "/api/v1/me").send()?, 401)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("expired after 2020-01-02"),
        "{p}"
    );
    let forged = format!("skr_{}", "0".repeat(64));
    let p = problem(
        api.client
            .get(format!("{}/api/v1/me", api.origin))
            .bearer_auth(forged)
            .send()?,
        401,
    )?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("not a service token"),
        "{p}"
    );
    // Without [oidc], a JWT is not taken at all.
    let p = problem(
        api.client
            .get(format!("{}/api/v1/me", api.origin))
            .bearer_auth("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
            .send()?,
        401,
    )?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("no [oidc]"),
        "{p}"
    );
    Ok(())
}

#[test]
fn a_brief_is_served_with_an_etag_and_304_when_unchanged() -> Res {
    let api = shared()?;
    let first = api
        .get(Some("manager"), "/api/v1/people/10023/brief")
        .send()?;
    let tag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .ok_or("no etag")?
        .to_string();
    assert_eq!(
        first
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-cache")
    );
    let brief = json(first, 200)?;
    assert_eq!(brief["employee_no"], "10023");
    assert_eq!(brief["manager"], "10001");
    assert_eq!(brief["as_of"], "2026-11-20");
    let again = api
        .get(Some("manager"), "/api/v1/people/10023/brief")
        .header("if-none-match", &tag)
        .send()?;
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.text()?, "");
    // Another day is another answer.
    let other = api
        .get(
            Some("manager"),
            "/api/v1/people/10023/brief?as_of=2026-01-01",
        )
        .header("if-none-match", &tag)
        .send()?;
    assert_eq!(other.status().as_u16(), 200);
    Ok(())
}

#[test]
fn access_is_the_registry_s_a_viewer_reads_no_person_and_no_one_reads_an_unknown_one() -> Res {
    let api = shared()?;
    let p = problem(
        api.get(Some("viewer"), "/api/v1/people/10023/brief")
            .send()?,
        403,
    )?;
    assert_eq!(p["type"], "/api/v1/problems/forbidden");
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("viewer:SOC may not"),
        "{p}"
    );
    problem(
        api.get(Some("sync"), "/api/v1/people/10023/brief").send()?,
        403,
    )?;
    let p = problem(
        api.get(Some("hr"), "/api/v1/people/99999/brief").send()?,
        404,
    )?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("99999"),
        "{p}"
    );
    Ok(())
}

#[test]
fn malformed_requests_and_unknown_paths_are_problems_too() -> Res {
    let api = shared()?;
    let p = problem(
        api.get(Some("hr"), "/api/v1/people/10023/brief?as_of=yesterday")
            .send()?,
        400,
    )?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("as_of"),
        "{p}"
    );
    let p = problem(api.get(Some("hr"), "/api/v1/nothing-here").send()?, 404)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("openapi.json"),
        "{p}"
    );
    let p = problem(api.post(Some("hr"), "/api/v1/me").send()?, 405)?;
    assert_eq!(p["type"], "/api/v1/problems/method-not-allowed");
    let p = problem(api.get(Some("hr"), "/api/v1/gaps").send()?, 400)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("one of employee"),
        "{p}"
    );
    Ok(())
}

#[test]
fn gaps_come_a_page_at_a_time_and_the_pages_make_up_the_whole() -> Res {
    let api = shared()?;
    let whole = json(
        api.get(Some("hr"), "/api/v1/gaps?all=true&limit=1000")
            .send()?,
        200,
    )?;
    let whole = whole["items"].as_array().ok_or("no items")?.clone();
    assert!(whole.len() > 5, "{}", whole.len());
    let mut walked = Vec::new();
    let mut path = "/api/v1/gaps?all=true&limit=3".to_string();
    loop {
        let page = json(api.get(Some("hr"), &path).send()?, 200)?;
        let items = page["items"].as_array().ok_or("no items")?;
        assert!(items.len() <= 3);
        walked.extend(items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/gaps?all=true&limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, whole);
    // A manager reads their own team's, and not another's.
    let team = json(
        api.get(Some("manager"), "/api/v1/gaps?manager=10001")
            .send()?,
        200,
    )?;
    assert!(team["items"].as_array().is_some_and(|i| !i.is_empty()));
    problem(
        api.get(Some("manager"), "/api/v1/gaps?all=true").send()?,
        403,
    )?;
    problem(
        api.get(Some("hr"), "/api/v1/gaps?all=true&cursor=nonsense")
            .send()?,
        400,
    )?;
    Ok(())
}

#[test]
fn the_openapi_document_is_served_and_names_every_operation_s_security() -> Res {
    let api = shared()?;
    let doc = json(api.get(None, "/api/v1/openapi.json").send()?, 200)?;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc,
        serde_json::from_str::<serde_json::Value>(&skillreg_server::openapi())?
    );
    let paths = doc["paths"].as_object().ok_or("no paths")?;
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().ok_or("no operations")? {
            assert_eq!(
                operation["security"],
                serde_json::json!([{"bearer": []}]),
                "{method} {path}"
            );
        }
    }
    Ok(())
}

#[test]
fn refused_service_tokens_are_rate_limited_per_address_as_access_tokens_are() -> Res {
    let api = Api::start("[limits]\nper_minute = 1\nburst = 2\n")?;
    let forged = format!("skr_{}", "0".repeat(64));
    problem(api.get(Some("revoked"), "/api/v1/me").send()?, 401)?;
    problem(
        api.get(None, "/api/v1/me").bearer_auth(&forged).send()?,
        401,
    )?;
    let limited = api.get(Some("expired"), "/api/v1/me").send()?;
    assert_eq!(
        limited
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("60")
    );
    let p = problem(limited, 429)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("refused service tokens"),
        "{p}"
    );
    // A token that holds is not counted, and passes.
    let me = json(api.get(Some("hr"), "/api/v1/me").send()?, 200)?;
    assert_eq!(me["actor"], "hr");
    Ok(())
}
