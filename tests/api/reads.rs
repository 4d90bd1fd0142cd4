//! The reads of people: profile, history, talks, team, talks due, the subject export and the
//! catalog, each for every caller, with the sample's own values.

use super::{Api, Res, json, problem, shared};

/// The employee numbers of a page of profiles.
fn numbers(page: &serde_json::Value, pointer: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.pointer(pointer).and_then(|v| v.as_str()))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_profile_is_the_cli_json_and_the_store_decides_who_reads_it() -> Res {
    let api = shared()?;
    for who in ["hr", "manager"] {
        let p = json(api.get(Some(who), "/api/v1/people/10023").send()?, 200)?;
        assert_eq!(p["employee"]["given_name"], "Anna");
        assert_eq!(p["employee"]["employments"][0]["unit"], "SOC-HT");
        assert_eq!(p["as_of"], "2026-11-20");
        assert_eq!(p["active"], true);
        let lifecare = &p["systems"][0];
        assert_eq!(
            (
                &lifecare["system"],
                &lifecare["target"],
                &lifecare["current"],
                &lifecare["current_source"]
            ),
            (
                &"LIFECARE".into(),
                &2.into(),
                &3.into(),
                &"confirmed".into()
            )
        );
        assert_eq!(p["systems"][2]["recommended_courses"][0], "TC-PERS");
    }
    let p = json(
        api.get(Some("hr"), "/api/v1/people/10023?as_of=2015-01-01")
            .send()?,
        200,
    )?;
    assert_eq!(
        (&p["as_of"], &p["active"]),
        (&"2015-01-01".into(), &false.into())
    );

    let p = problem(api.get(Some("viewer"), "/api/v1/people/10023").send()?, 403)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("viewer:SOC may not read employee 10023"),
        "{p}"
    );
    problem(api.get(Some("sync"), "/api/v1/people/10023").send()?, 403)?;
    // Not one of 10001's people.
    problem(
        api.get(Some("manager"), "/api/v1/people/10030").send()?,
        403,
    )?;
    let p = problem(api.get(Some("hr"), "/api/v1/people/99999").send()?, 404)?;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("99999"),
        "{p}"
    );
    problem(
        api.get(Some("hr"), "/api/v1/people/10023?as_of=soon")
            .send()?,
        400,
    )?;
    for who in [None, Some("revoked"), Some("expired")] {
        problem(api.get(who, "/api/v1/people/10023").send()?, 401)?;
    }
    Ok(())
}

#[test]
fn history_comes_a_page_at_a_time_in_the_order_recorded() -> Res {
    let api = shared()?;
    let all = json(
        api.get(Some("hr"), "/api/v1/people/10023/history").send()?,
        200,
    )?;
    let items = all["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 4, "{all}");
    assert_eq!(items[2]["kind"], "manager_assessment");
    assert_eq!(items[2]["assessor"], "10001");
    assert_eq!(items[3]["course"], "LC-DOK");
    assert_eq!(items[3]["source"], "wlx");

    let first = json(
        api.get(Some("manager"), "/api/v1/people/10023/history?limit=3")
            .send()?,
        200,
    )?;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(3));
    let cursor = first["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let rest = json(
        api.get(
            Some("manager"),
            &format!("/api/v1/people/10023/history?limit=3&cursor={cursor}"),
        )
        .send()?,
        200,
    )?;
    assert_eq!(rest["items"][0], items[3]);
    assert!(rest.get("next_cursor").is_none(), "{rest}");

    problem(
        api.get(Some("viewer"), "/api/v1/people/10023/history")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/people/10023/history")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("manager"), "/api/v1/people/10030/history")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("hr"), "/api/v1/people/99999/history").send()?,
        404,
    )?;
    problem(
        api.get(Some("hr"), "/api/v1/people/10023/history?limit=0")
            .send()?,
        400,
    )?;
    problem(
        api.get(Some("expired"), "/api/v1/people/10023/history")
            .send()?,
        401,
    )?;
    Ok(())
}

#[test]
fn a_team_is_the_managers_people_and_talks_due_the_ones_without_a_talk() -> Res {
    let api = shared()?;
    let team = json(api.get(Some("manager"), "/api/v1/team").send()?, 200)?;
    assert_eq!(
        numbers(&team, "/employee/employee_no"),
        ["10023", "10024", "10025"]
    );
    let hr = json(
        api.get(
            Some("hr"),
            "/api/v1/team?manager=10001&indirect=true&limit=2",
        )
        .send()?,
        200,
    )?;
    assert_eq!(numbers(&hr, "/employee/employee_no"), ["10023", "10024"]);
    assert!(hr["next_cursor"].is_string(), "{hr}");
    let p = problem(api.get(Some("hr"), "/api/v1/team").send()?, 400)?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("manager="),
        "{p}"
    );
    problem(
        api.get(Some("viewer"), "/api/v1/team?manager=10001")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/team?manager=10001").send()?,
        403,
    )?;
    // Another manager's team is not 10001's to read.
    problem(
        api.get(Some("manager"), "/api/v1/team?manager=10002")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("revoked"), "/api/v1/team?manager=10001")
            .send()?,
        401,
    )?;

    let due = json(api.get(Some("manager"), "/api/v1/talks/due").send()?, 200)?;
    assert_eq!(numbers(&due, "/employee_no"), ["10023", "10024", "10025"]);
    assert_eq!(due["items"][0]["name"], "Anna Lindqvist");
    assert_eq!(due["items"][0]["last_talk"], serde_json::Value::Null);
    let unit = json(
        api.get(Some("hr"), "/api/v1/talks/due?unit=SOC-HT&within=30")
            .send()?,
        200,
    )?;
    assert!(
        numbers(&unit, "/employee_no").contains(&"10023".to_string()),
        "{unit}"
    );
    problem(api.get(Some("hr"), "/api/v1/talks/due").send()?, 400)?;
    problem(
        api.get(Some("hr"), "/api/v1/talks/due?manager=10001&unit=SOC")
            .send()?,
        400,
    )?;
    problem(
        api.get(
            Some("hr"),
            "/api/v1/talks/due?manager=10001&interval_months=0",
        )
        .send()?,
        400,
    )?;
    problem(
        api.get(Some("viewer"), "/api/v1/talks/due?unit=SOC")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/talks/due?manager=10001")
            .send()?,
        403,
    )?;
    problem(api.get(Some("expired"), "/api/v1/talks/due").send()?, 401)?;
    Ok(())
}

#[test]
fn talks_recorded_show_on_the_person_and_leave_the_due_list() -> Res {
    let api = Api::start("")?;
    let none = json(
        api.get(Some("hr"), "/api/v1/people/10023/talks").send()?,
        200,
    )?;
    assert_eq!(none, serde_json::json!([]));
    {
        let mut registry = api.registry()?;
        let agreements = [skillreg_store::Agreement {
            agreed: skillreg_store::Agreed::Course {
                course: "TC-PERS".into(),
            },
            due: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
        }];
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).ok_or("day")?;
        registry.record_talk("10023", day, &agreements, "test")?;
    }
    let talks = json(
        api.get(Some("manager"), "/api/v1/people/10023/talks")
            .send()?,
        200,
    )?;
    assert_eq!(talks[0]["date"], "2026-11-02", "{talks}");
    assert_eq!(talks[0]["agreements"][0]["course"], "TC-PERS", "{talks}");
    assert_eq!(talks[0]["agreements"][0]["due"], "2027-03-01", "{talks}");
    let due = json(api.get(Some("manager"), "/api/v1/talks/due").send()?, 200)?;
    assert_eq!(numbers(&due, "/employee_no"), ["10024", "10025"]);
    // Due within 360 days: the talk of 2026-11-02 falls due on 2027-11-02.
    let soon = json(
        api.get(Some("manager"), "/api/v1/talks/due?within=360")
            .send()?,
        200,
    )?;
    assert_eq!(numbers(&soon, "/employee_no"), ["10024", "10025", "10023"]);
    assert_eq!(soon["items"][2]["due"], "2027-11-02");

    problem(
        api.get(Some("viewer"), "/api/v1/people/10023/talks")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/people/10023/talks").send()?,
        403,
    )?;
    problem(
        api.get(Some("manager"), "/api/v1/people/10030/talks")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("hr"), "/api/v1/people/99999/talks").send()?,
        404,
    )?;
    problem(
        api.get(Some("revoked"), "/api/v1/people/10023/talks")
            .send()?,
        401,
    )?;
    Ok(())
}

#[test]
fn the_subject_export_is_hrs_and_audited_naming_the_token() -> Res {
    let api = Api::start("")?;
    let export = json(
        api.get(Some("hr"), "/api/v1/subjects/10023/export")
            .send()?,
        200,
    )?;
    assert_eq!(export["Employments"][0]["Unit name"], "Hemtjänst Centrum");
    let audit = api.registry()?.audit(&skillreg_store::AuditFilter {
        employee: Some("10023".into()),
        since: None,
    })?;
    let row = audit
        .iter()
        .find(|a| a.action == "export subject data")
        .ok_or("no audit row of the export")?;
    assert_eq!(
        (row.actor.as_str(), row.via.as_str()),
        ("hr", "api token test-hr")
    );

    let p = problem(
        api.get(Some("manager"), "/api/v1/subjects/10023/export")
            .send()?,
        403,
    )?;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("only HR may"),
        "{p}"
    );
    problem(
        api.get(Some("viewer"), "/api/v1/subjects/10023/export")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("sync"), "/api/v1/subjects/10023/export")
            .send()?,
        403,
    )?;
    problem(
        api.get(Some("hr"), "/api/v1/subjects/99999/export")
            .send()?,
        404,
    )?;
    problem(
        api.get(Some("expired"), "/api/v1/subjects/10023/export")
            .send()?,
        401,
    )?;
    Ok(())
}

#[test]
fn the_catalog_is_the_cli_json_with_an_etag() -> Res {
    let api = shared()?;
    let first = api.get(Some("hr"), "/api/v1/catalog").send()?;
    let tag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let catalog = json(first, 200)?;
    let codes: Vec<&str> = catalog["systems"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["LIFECARE", "O365", "PMO", "TIMECARE"]);
    assert_eq!(catalog["units"].as_array().map(Vec::len), Some(5));
    assert_eq!(catalog["occupations"].as_array().map(Vec::len), Some(4));
    assert_eq!(catalog["courses"].as_array().map(Vec::len), Some(6));
    assert_eq!(catalog["requirements"].as_array().map(Vec::len), Some(12));
    let again = api
        .get(Some("hr"), "/api/v1/catalog")
        .header("if-none-match", &tag)
        .send()?;
    assert_eq!(again.status().as_u16(), 304);
    // Codes and names, no one's data: every caller reads the same catalog.
    for who in ["manager", "viewer", "sync"] {
        assert_eq!(
            json(api.get(Some(who), "/api/v1/catalog").send()?, 200)?,
            catalog
        );
    }
    problem(api.get(Some("revoked"), "/api/v1/catalog").send()?, 401)?;
    problem(api.get(None, "/api/v1/catalog").send()?, 401)?;
    Ok(())
}

#[test]
fn the_document_describes_every_read_with_its_parameters() -> Res {
    let api = shared()?;
    let doc = json(api.get(None, "/api/v1/openapi.json").send()?, 200)?;
    for path in [
        "/api/v1/people/{no}",
        "/api/v1/people/{no}/history",
        "/api/v1/people/{no}/talks",
        "/api/v1/team",
        "/api/v1/talks/due",
        "/api/v1/subjects/{no}/export",
        "/api/v1/catalog",
    ] {
        let get = &doc["paths"][path]["get"];
        assert_eq!(get["tags"][0], "reads", "{path}");
        assert!(get["responses"]["200"].is_object(), "{path}");
        assert!(get["responses"]["401"].is_object(), "{path}");
        assert_eq!(
            get["security"][0]["bearer"],
            serde_json::json!([]),
            "{path}"
        );
    }
    let names: Vec<&str> = doc["paths"]["/api/v1/talks/due"]["get"]["parameters"]
        .as_array()
        .map(|ps| ps.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "manager",
            "indirect",
            "unit",
            "interval_months",
            "within",
            "as_of",
            "limit",
            "cursor"
        ]
    );
    Ok(())
}
