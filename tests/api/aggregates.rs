//! The organisation's views: every operation against every caller on the sample registry,
//! each answer the JSON of the library call the CLI makes for the same actor, and the store's
//! refusals as problems.

use serde::Serialize;
use skillreg_store::{Actor, Registry, RoundSpec};

use super::{Api, Res, json, problem, shared, today};

/// The service-token callers and the actors they are.
const WHO: [(&str, &str); 4] = [
    ("hr", "hr"),
    ("manager", "manager:10001"),
    ("viewer", "viewer:SOC"),
    ("sync", "sync:wlx"),
];

/// The registry as `actor`, on the organisation's day.
fn as_actor(api: &Api, actor: &str) -> Res<Registry> {
    let actor: Actor = actor.parse()?;
    Ok(Registry::open_existing(&api.db, actor)?.with_today(today()))
}

/// Checks that `path` answers `who` as the library answers the same actor: the same JSON
/// (`items` of a page, when `paged`) or the same refusal (403, 404, 422) as a problem. Returns
/// the answer's JSON.
fn same<T: Serialize>(
    api: &Api,
    (who, actor): (&str, &str),
    path: &str,
    paged: bool,
    call: impl Fn(&Registry) -> skillreg_store::Result<T>,
) -> Res<serde_json::Value> {
    let registry = as_actor(api, actor)?;
    let response = api.get(Some(who), path).send()?;
    match call(&registry) {
        Ok(value) => {
            let want = serde_json::to_value(&value)?;
            let got = json(response, 200)?;
            let got_items = if paged { &got["items"] } else { &got };
            assert_eq!(got_items, &want, "{who} {path}");
            Ok(got)
        }
        Err(e) => {
            let status = match &e {
                skillreg_store::Error::AccessDenied { .. } => 403,
                e if e.to_string().contains("unknown") || e.to_string().contains("no such") => 404,
                _ => 422,
            };
            let p = problem(response, status).map_err(|x| format!("{who} {path}: {x} ({e})"))?;
            Ok(p)
        }
    }
}

/// A revoked or expired token, or none, is 401 on every operation.
fn unauthenticated(api: &Api, path: &str) -> Res {
    for who in [Some("revoked"), Some("expired"), None] {
        problem(api.get(who, path).send()?, 401).map_err(|e| format!("{who:?} {path}: {e}"))?;
    }
    Ok(())
}

#[test]
fn units_hr_sees_all_a_viewer_theirs_sync_none() -> Res {
    let api = shared()?;
    for caller in WHO {
        same(api, caller, "/api/v1/units?limit=1000", true, |r| {
            r.aggregate_units()
        })?;
    }
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| u["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let hr = ids(&json(api.get(Some("hr"), "/api/v1/units").send()?, 200)?);
    assert!(
        hr.contains(&"SOC".into()) && hr.contains(&"BUF".into()),
        "{hr:?}"
    );
    let viewer = ids(&json(
        api.get(Some("viewer"), "/api/v1/units").send()?,
        200,
    )?);
    assert!(viewer.contains(&"SOC".into()) && viewer.contains(&"SOC-HT".into()));
    assert!(!viewer.contains(&"BUF".into()), "{viewer:?}");
    problem(api.get(Some("sync"), "/api/v1/units").send()?, 403)?;
    // Pages of one walk the same list.
    let first = json(api.get(Some("hr"), "/api/v1/units?limit=1").send()?, 200)?;
    assert_eq!(ids(&first), hr[..1]);
    let cursor = first["next_cursor"].as_str().ok_or("no cursor")?;
    let second = json(
        api.get(
            Some("hr"),
            &format!("/api/v1/units?limit=1&cursor={cursor}"),
        )
        .send()?,
        200,
    )?;
    assert_eq!(ids(&second), hr[1..2]);
    unauthenticated(api, "/api/v1/units")
}

#[test]
fn a_unit_for_a_viewer_is_occupations_never_a_person() -> Res {
    let api = shared()?;
    let day = today();
    for caller in WHO {
        for unit in ["SOC", "SOC-HT", "BUF", "all"] {
            let scope = || match unit {
                "all" => skillreg_store::UnitScope::Everyone,
                u => skillreg_store::UnitScope::Unit(u.into()),
            };
            same(api, caller, &format!("/api/v1/units/{unit}"), false, |r| {
                r.unit_view(scope(), day, skillreg_store::DEFAULT_MAX_PEOPLE, 5)
            })?;
        }
    }
    let hr = json(
        api.get(Some("hr"), "/api/v1/units/SOC-HT?max_people=1000")
            .send()?,
        200,
    )?;
    assert_eq!(hr["shape"], "people");
    assert!(hr["people"].as_array().is_some_and(|p| !p.is_empty()));
    let viewer = json(api.get(Some("viewer"), "/api/v1/units/SOC").send()?, 200)?;
    assert_eq!(viewer["shape"], "occupations", "{viewer}");
    assert!(
        viewer["people"].as_array().is_none_or(|p| p.is_empty()),
        "{viewer}"
    );
    assert!(
        !viewer.to_string().contains("10023"),
        "a person in {viewer}"
    );
    let p = problem(api.get(Some("viewer"), "/api/v1/units/BUF").send()?, 403)?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("BUF"),
        "{p}"
    );
    problem(api.get(Some("manager"), "/api/v1/units/SOC").send()?, 403)?;
    problem(api.get(Some("sync"), "/api/v1/units/SOC").send()?, 403)?;
    problem(api.get(Some("hr"), "/api/v1/units/NOWHERE").send()?, 404)?;
    problem(
        api.get(Some("hr"), "/api/v1/units/SOC?max_people=99999")
            .send()?,
        400,
    )?;
    unauthenticated(api, "/api/v1/units/SOC")
}

#[test]
fn demand_and_progress_are_the_cli_reports_narrowed_to_the_caller() -> Res {
    let api = shared()?;
    let day = today();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("day")?;
    let soc = || skillreg_store::DemandFilter {
        unit: Some("SOC".into()),
        ..Default::default()
    };
    let gender = || skillreg_store::DemandFilter {
        by: Some(skillreg_store::By::Gender),
        ..Default::default()
    };
    for caller in WHO {
        same(api, caller, "/api/v1/demand", false, |r| {
            r.demand(&Default::default(), day, 5)
        })?;
        same(api, caller, "/api/v1/demand?unit=SOC", false, |r| {
            r.demand(&soc(), day, 5)
        })?;
        same(api, caller, "/api/v1/demand?by=gender", false, |r| {
            r.demand(&gender(), day, 5)
        })?;
        same(
            api,
            caller,
            "/api/v1/progress?from=2026-01-01",
            false,
            |r| r.progress_of(from, day, &Default::default(), 5),
        )?;
        same(
            api,
            caller,
            "/api/v1/progress?from=2026-01-01&unit=SOC&min_group=1",
            false,
            |r| r.progress_of(from, day, &soc(), 1),
        )?;
    }
    let hr = json(api.get(Some("hr"), "/api/v1/demand").send()?, 200)?;
    let manager = json(api.get(Some("manager"), "/api/v1/demand").send()?, 200)?;
    // Seven people in the sample have a gap; manager 10001's fewer than five are withheld.
    assert_eq!(
        hr["n_people"],
        serde_json::json!({"suppressed": false, "value": 7})
    );
    assert_eq!(manager["n_people"]["suppressed"], true, "{manager}");
    let p = problem(
        api.get(Some("manager"), "/api/v1/demand?unit=SOC").send()?,
        403,
    )?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("has people manager 10001 does not manage"),
        "{p}"
    );
    problem(api.get(Some("sync"), "/api/v1/demand").send()?, 403)?;
    problem(api.get(Some("hr"), "/api/v1/demand?by=age").send()?, 400)?;
    problem(api.get(Some("hr"), "/api/v1/progress").send()?, 400)?;
    // Seven people active on both days, none joined; who left is withheld (1 to 4 people).
    let progress = json(
        api.get(Some("hr"), "/api/v1/progress?from=2026-01-01")
            .send()?,
        200,
    )?;
    assert_eq!(progress["people"]["n_both"]["value"], 7, "{progress}");
    assert_eq!(progress["people"]["n_joined"]["value"], 0, "{progress}");
    assert_eq!(
        progress["people"]["n_left"]["suppressed"], true,
        "{progress}"
    );
    unauthenticated(api, "/api/v1/demand")?;
    unauthenticated(api, "/api/v1/progress?from=2026-01-01")
}

#[test]
fn groups_coverage_and_maturity_answer_as_the_store_decides() -> Res {
    let api = shared()?;
    let day = today();
    for caller in WHO {
        same(api, caller, "/api/v1/groups", false, |r| r.groups(day, 5))?;
        same(api, caller, "/api/v1/talks/coverage", false, |r| {
            r.talk_coverage(day, 12, 5)
        })?;
        same(
            api,
            caller,
            "/api/v1/talks/coverage?interval_months=6&min_group=1",
            false,
            |r| r.talk_coverage(day, 6, 1),
        )?;
    }
    problem(api.get(Some("sync"), "/api/v1/groups").send()?, 403)?;
    problem(api.get(Some("sync"), "/api/v1/talks/coverage").send()?, 403)?;
    problem(
        api.get(Some("hr"), "/api/v1/talks/coverage?interval_months=0")
            .send()?,
        400,
    )?;
    // The sample holds no maturity answers: no framework to name, and an unknown one is 404.
    let p = problem(api.get(Some("hr"), "/api/v1/maturity").send()?, 400)?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("none"),
        "{p}"
    );
    let p = problem(
        api.get(Some("viewer"), "/api/v1/maturity?framework=DIMA")
            .send()?,
        404,
    )?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("DIMA"),
        "{p}"
    );
    problem(
        api.get(Some("manager"), "/api/v1/maturity?framework=DIMA")
            .send()?,
        404,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/maturity?framework=DIMA")
            .send()?,
        403,
    )?;
    for path in [
        "/api/v1/groups",
        "/api/v1/talks/coverage",
        "/api/v1/maturity",
    ] {
        unauthenticated(api, path)?;
    }
    Ok(())
}

#[test]
fn rounds_and_a_round_status_with_suppression_for_a_viewer() -> Res {
    let api = Api::start("")?;
    let day = today();
    let closes = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).ok_or("day")?;
    let round = api.registry()?.open_round(
        &RoundSpec {
            occupation: "USK".into(),
            unit: None,
            opens: day,
            closes,
        },
        "test",
    )?;
    for caller in WHO {
        same(&api, caller, "/api/v1/rounds", true, |r| r.rounds())?;
        same(
            &api,
            caller,
            &format!("/api/v1/rounds/{}", round.id),
            false,
            |r| r.round_status(round.id, day),
        )?;
    }
    let list = json(api.get(Some("hr"), "/api/v1/rounds").send()?, 200)?;
    assert_eq!(list["items"][0]["id"], round.id);
    assert_eq!(list["items"][0]["occupation"], "USK");
    assert_eq!(list["items"][0]["closes"], "2026-12-04");
    let usk = json(
        api.get(Some("viewer"), "/api/v1/rounds?occupation=USK")
            .send()?,
        200,
    )?;
    assert_eq!(usk["items"][0]["id"], round.id);
    // No round opened for an occupation: none listed (`skillreg round status --occupation SSK`
    // says there is no status to report); an occupation the catalog does not hold: 404.
    let ssk = json(
        api.get(Some("hr"), "/api/v1/rounds?occupation=SSK")
            .send()?,
        200,
    )?;
    assert_eq!(ssk["items"], serde_json::json!([]));
    let p = problem(
        api.get(Some("hr"), "/api/v1/rounds?occupation=NOPE")
            .send()?,
        404,
    )?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("NOPE"),
        "{p}"
    );
    let hr = json(
        api.get(Some("hr"), &format!("/api/v1/rounds/{}", round.id))
            .send()?,
        200,
    )?;
    assert_eq!(hr["closed"], false);
    assert!(hr["unanswered"].as_array().is_some_and(|u| !u.is_empty()));
    let viewer = json(
        api.get(Some("viewer"), &format!("/api/v1/rounds/{}", round.id))
            .send()?,
        200,
    )?;
    assert_eq!(viewer["unanswered"], serde_json::json!([]), "{viewer}");
    problem(api.get(Some("sync"), "/api/v1/rounds").send()?, 403)?;
    problem(api.get(Some("hr"), "/api/v1/rounds/9999").send()?, 404)?;
    problem(api.get(Some("hr"), "/api/v1/rounds/x").send()?, 400)?;
    unauthenticated(&api, "/api/v1/rounds")?;
    unauthenticated(&api, &format!("/api/v1/rounds/{}", round.id))
}

#[test]
fn runs_and_the_audit_trail_newest_first_for_hr_only() -> Res {
    let api = shared()?;
    for caller in WHO {
        same(api, caller, "/api/v1/runs", true, |r| r.runs())?;
    }
    let runs = json(api.get(Some("hr"), "/api/v1/runs").send()?, 200)?;
    let run = &runs["items"][0];
    assert_eq!(
        (&run["source"], &run["input"]),
        (&"wlx".into(), &"sample".into())
    );
    assert_eq!(run["counts"]["created"], 8, "{runs}");
    assert_eq!(run["counts"]["evidence"], 19, "{runs}");
    let audit = json(api.get(Some("hr"), "/api/v1/audit?limit=1000").send()?, 200)?;
    let ids: Vec<i64> = audit["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["id"].as_i64()).collect())
        .unwrap_or_default();
    assert!(ids.len() > 1, "{audit}");
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first: {ids:?}"
    );
    let one = json(
        api.get(Some("hr"), "/api/v1/audit?employee=10023&since=2020-01-01")
            .send()?,
        200,
    )?;
    assert!(
        one["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|e| e["employee_no"] == "10023")),
        "{one}"
    );
    for who in ["manager", "viewer", "sync"] {
        let p = problem(api.get(Some(who), "/api/v1/audit").send()?, 403)?;
        assert!(
            p["detail"].as_str().unwrap_or_default().contains("audit"),
            "{p}"
        );
    }
    problem(
        api.get(Some("hr"), "/api/v1/audit?since=yesterday")
            .send()?,
        400,
    )?;
    unauthenticated(api, "/api/v1/runs")?;
    unauthenticated(api, "/api/v1/audit")
}

#[test]
fn an_aggregate_answers_304_to_its_etag_and_is_in_the_document() -> Res {
    let api = shared()?;
    let first = api.get(Some("viewer"), "/api/v1/units/SOC").send()?;
    let tag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .ok_or("no etag")?
        .to_string();
    let again = api
        .get(Some("viewer"), "/api/v1/units/SOC")
        .header("if-none-match", &tag)
        .send()?;
    assert_eq!(again.status().as_u16(), 304);
    let doc = json(api.get(None, "/api/v1/openapi.json").send()?, 200)?;
    for path in [
        "/api/v1/units",
        "/api/v1/units/{unit}",
        "/api/v1/demand",
        "/api/v1/progress",
        "/api/v1/groups",
        "/api/v1/rounds",
        "/api/v1/rounds/{id}",
        "/api/v1/talks/coverage",
        "/api/v1/maturity",
        "/api/v1/runs",
        "/api/v1/audit",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
    }
    Ok(())
}
