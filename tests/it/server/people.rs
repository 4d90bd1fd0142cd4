//! The people's pages of the web service: an employee's own history, talks and
//! self-assessment; a manager's team, a report's brief, a talk with its agreements and a
//! referral; the store's refusals as 403 pages that show and write nothing.

use reqwest::StatusCode;
use skillreg_core::EvidenceKind;
use skillreg_store::{Actor, Agreed, Registry};

use super::{Answer, Browser, Res, Service, csrf_of};

/// The page is whole, under the strict CSP, and holds no inline script or style.
fn assert_strict(page: &Answer, path: &str) {
    assert_eq!(
        page.headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some(skillreg_server::CSP),
        "{path}"
    );
    assert!(page.body.starts_with("<!DOCTYPE html>"), "{path}");
    for inline in ["<script>", "<style", "style="] {
        assert!(!page.body.contains(inline), "{path} holds {inline}");
    }
    assert!(
        !page.body.contains("<script") || page.body.contains("<script src=\"/static/sort.js\""),
        "{path}"
    );
}

fn web_entries(service: &Service, employee: &str) -> Res<Vec<skillreg_store::AuditEntry>> {
    Ok(service
        .audit()?
        .into_iter()
        .filter(|e| e.via.starts_with("web session ") && e.employee_no.as_deref() == Some(employee))
        .collect())
}

fn self_assessments(service: &Service, employee: &str) -> Res<Vec<(String, String)>> {
    let registry = Registry::open_existing(&service.db, Actor::Hr)?;
    Ok(registry
        .history(employee)?
        .into_iter()
        .filter(|e| matches!(e.evidence.kind, EvidenceKind::SelfAssessment))
        .map(|e| (e.evidence.system, e.evidence.level.to_string()))
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_reads_her_history_and_talks_and_assesses_herself() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;
    let history = browser.get(&format!("{origin}/me/history")).await?;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert_strict(&history, "/me/history");
    assert!(history.body.contains("<html lang=\"sv\">"));
    assert!(history.body.contains("Min historik"));
    assert!(
        history.body.contains("<td>LIFECARE</td><td>3</td>"),
        "{}",
        history.body
    );
    let talks = browser.get(&format!("{origin}/me/talks")).await?;
    assert_eq!(talks.status, StatusCode::OK);
    assert_strict(&talks, "/me/talks");
    let form = browser.get(&format!("{origin}/me/assess")).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert_strict(&form, "/me/assess");
    assert!(form.body.contains("name=\"O365\""), "{}", form.body);
    let csrf = csrf_of(&form.body).ok_or("no CSRF token on the form")?;
    let before = self_assessments(&service, "10023")?;

    // Without the token: 403, nothing written.
    let forged = browser
        .post(&format!("{origin}/me/assess"), &[("O365", "3")])
        .await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_strict(&forged, "/me/assess (forged)");
    assert_eq!(self_assessments(&service, "10023")?, before);

    // A level out of range: the form again, the fault on it, the values kept, nothing written.
    let wrong = browser
        .post(
            &format!("{origin}/me/assess"),
            &[("csrf", &csrf), ("O365", "3"), ("LIFECARE", "7")],
        )
        .await?;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_strict(&wrong, "/me/assess (wrong)");
    assert!(wrong.body.contains("role=\"alert\""));
    assert!(
        wrong
            .body
            .contains("<option value=\"3\" selected>3</option>")
    );
    assert_eq!(self_assessments(&service, "10023")?, before);

    let done = browser
        .post(
            &format!("{origin}/me/assess"),
            &[
                ("csrf", &csrf),
                ("O365", "3"),
                ("TIMECARE", "2"),
                ("LIFECARE", ""),
            ],
        )
        .await?;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_strict(&done, "/me/assess (done)");
    let after = self_assessments(&service, "10023")?;
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert!(after.contains(&("O365".to_string(), "3".to_string())));
    assert!(after.contains(&("TIMECARE".to_string(), "2".to_string())));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_gets_403_for_anothers_brief_and_nothing_is_shown_or_written() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;
    let n_before = service.audit()?.len();
    for path in [
        "/people/10024/brief",
        "/people/10024/talk",
        "/team",
        "/team/due",
    ] {
        let page = browser.get(&format!("{origin}{path}")).await?;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}: {}", page.body);
        assert_strict(&page, path);
        assert!(!page.body.contains("10024"), "{path}: {}", page.body);
        assert!(!page.body.contains("LIFECARE") && !page.body.contains("Lifecare"));
    }
    let form = browser.get(&format!("{origin}/me/assess")).await?;
    let csrf = csrf_of(&form.body).ok_or("no CSRF token")?;
    let post = browser
        .post(
            &format!("{origin}/people/10024/talk"),
            &[("csrf", &csrf), ("date", "2026-11-18")],
        )
        .await?;
    assert_eq!(post.status, StatusCode::FORBIDDEN, "{}", post.body);
    let refer = browser
        .post(
            &format!("{origin}/people/10024/refer"),
            &[("csrf", &csrf), ("course", "TEAMS-1")],
        )
        .await?;
    assert_eq!(refer.status, StatusCode::FORBIDDEN, "{}", refer.body);
    assert!(web_entries(&service, "10024")?.is_empty());
    assert_eq!(service.audit()?.len(), n_before, "{:#?}", service.audit()?);
    let registry = Registry::open_existing(&service.db, Actor::Hr)?;
    assert!(registry.talks("10024")?.is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_sees_the_team_records_a_talk_and_refers() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut browser = Browser::default();
    browser.sign_in(&service, "10001").await?;
    let team = browser.get(&format!("{origin}/team?lang=en")).await?;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    assert_strict(&team, "/team");
    assert!(
        team.body
            .contains("<script src=\"/static/sort.js\" defer></script>")
    );
    assert!(team.body.contains("id=\"team-table\""), "{}", team.body);
    for no in ["10023", "10024", "10025"] {
        assert!(team.body.contains(&format!("/people/{no}/brief")), "{no}");
    }
    assert!(!team.body.contains("/people/10030/brief"));
    let js = browser.get(&format!("{origin}/static/sort.js")).await?;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("team-table"));

    let brief = browser.get(&format!("{origin}/people/10023/brief")).await?;
    assert_eq!(brief.status, StatusCode::OK, "{}", brief.body);
    assert_strict(&brief, "/people/10023/brief");
    assert!(brief.body.contains("Lifecare"));
    assert!(
        web_entries(&service, "10023")?
            .iter()
            .any(|e| e.actor == "manager:10001"),
        "the read of a report's brief is audited with the session"
    );

    let page = browser.get(&format!("{origin}/people/10023/talk")).await?;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_strict(&page, "/people/10023/talk");
    let csrf = csrf_of(&page.body).ok_or("no CSRF token")?;
    // Without the token: 403 and no talk.
    let forged = browser
        .post(
            &format!("{origin}/people/10023/talk"),
            &[("date", "2026-11-18")],
        )
        .await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let recorded = browser
        .post(
            &format!("{origin}/people/10023/talk"),
            &[
                ("csrf", &csrf),
                ("date", "2026-11-18"),
                ("system1", "O365"),
                ("level1", "2"),
                ("due1", "2027-03-01"),
                ("course1", "TEAMS-1"),
            ],
        )
        .await?;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    assert_strict(&recorded, "/people/10023/talk (recorded)");
    let registry = Registry::open_existing(&service.db, Actor::Hr)?;
    let talks = registry.talks("10023")?;
    assert_eq!(talks.len(), 1, "{talks:?}");
    assert_eq!(talks[0].agreements.len(), 2);
    assert!(talks[0].agreements.iter().any(|a| matches!(
        &a.agreed,
        Agreed::Level { system, level } if system == "O365" && level.to_string() == "2"
    )));
    let listed = browser.get(&format!("{origin}/people/10023/talk")).await?;
    assert!(listed.body.contains("2026-11-18"), "{}", listed.body);

    // A talk with an unknown system: the fault on the form, values kept, nothing written.
    let wrong = browser
        .post(
            &format!("{origin}/people/10023/talk"),
            &[
                ("csrf", &csrf),
                ("date", "2026-11-19"),
                ("system1", "NOPE"),
                ("level1", "2"),
            ],
        )
        .await?;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert!(wrong.body.contains("value=\"NOPE\""));
    assert_eq!(registry.talks("10023")?.len(), 1);

    let referred = browser
        .post(
            &format!("{origin}/people/10024/refer"),
            &[("csrf", &csrf), ("course", "LC-DOK"), ("due", "2027-02-01")],
        )
        .await?;
    assert_eq!(referred.status, StatusCode::OK, "{}", referred.body);
    assert_strict(&referred, "/people/10024/refer");
    assert!(
        web_entries(&service, "10024")?
            .iter()
            .any(|e| e.action == "refer" && e.detail.contains("LC-DOK")),
        "{:#?}",
        service.audit()?
    );

    let due = browser.get(&format!("{origin}/team/due")).await?;
    assert_eq!(due.status, StatusCode::OK, "{}", due.body);
    assert_strict(&due, "/team/due");
    assert!(due.body.contains("/people/10024/talk"), "{}", due.body);

    // Not a report: 403, nothing of the record, nothing written about them.
    let other = browser.get(&format!("{origin}/people/10030/brief")).await?;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    assert_strict(&other, "/people/10030/brief");
    assert!(!other.body.contains("10030"));
    assert!(
        !web_entries(&service, "10030")?
            .iter()
            .any(|e| e.actor == "manager:10001")
    );
    Ok(())
}
