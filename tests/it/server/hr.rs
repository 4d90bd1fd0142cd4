//! HR's and viewers' pages against the real provider: HR opens a round through the form (the
//! CSRF token checked), downloads the reminder list and a subject export, and reads the audit
//! trail; a viewer sees their unit by occupation and is refused person-level pages. Every page
//! carries the CSP and no inline script or style.

use reqwest::StatusCode;
use skillreg_server::CSP;
use skillreg_store::{Actor, Registry};

use super::{Answer, Browser, Res, Service, csrf_of};

/// The page is served under the CSP and has no inline script or style.
fn assert_strict(answer: &Answer, what: &str) {
    assert_eq!(answer.headers["content-security-policy"], CSP, "{what}");
    let body = &answer.body;
    assert!(
        !body.contains("<script") && !body.contains("<style") && !body.contains(" style="),
        "{what}: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_opens_a_round_through_the_form_and_downloads_reminders_and_an_export() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut hr = Browser::default();
    hr.sign_in(&service, "hr1").await?;
    let rounds = hr.get(&format!("{origin}/rounds")).await?;
    assert_eq!(rounds.status, StatusCode::OK, "{}", rounds.body);
    assert_strict(&rounds, "/rounds");
    // No round yet: the page says so (in Swedish, the test browser's language) instead of an empty table.
    assert!(
        rounds.body.contains("Ingen omgång har öppnats ännu."),
        "{}",
        rounds.body
    );
    assert!(!rounds.body.contains("<table>"), "{}", rounds.body);
    let csrf = csrf_of(&rounds.body).ok_or("no CSRF token on the rounds page")?;
    let fields = [
        ("occupation", "USK"),
        ("unit", ""),
        ("opens", "2026-11-20"),
        ("closes", "2026-12-11"),
    ];
    // Without the token: refused, and no round is written.
    let refused = hr.post(&format!("{origin}/rounds"), &fields).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let wrong = [&fields[..], &[("csrf", "0000")]].concat();
    let refused = hr.post(&format!("{origin}/rounds"), &wrong).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        Registry::open_existing(&service.db, Actor::Hr)?
            .rounds()?
            .is_empty()
    );
    let with = [&fields[..], &[("csrf", csrf.as_str())]].concat();
    let opened = hr.post(&format!("{origin}/rounds"), &with).await?;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let rounds = Registry::open_existing(&service.db, Actor::Hr)?.rounds()?;
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0].occupation, "USK");
    assert_eq!(rounds[0].opened_by, "hr");
    let at = format!("/rounds/{}", rounds[0].id);
    assert_eq!(opened.location(), at);
    let listed = hr.get(&format!("{origin}/rounds")).await?;
    assert!(
        listed.body.contains(&format!("<a href=\"{at}\">")),
        "{}",
        listed.body
    );
    assert!(!listed.body.contains("Ingen omgång har öppnats ännu."));
    let status = hr.get(&format!("{origin}{at}")).await?;
    assert_eq!(status.status, StatusCode::OK, "{}", status.body);
    assert_strict(&status, "round status");
    assert!(status.body.contains("reminders.csv"));
    let csv = hr.get(&format!("{origin}{at}/reminders.csv")).await?;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.headers["content-disposition"],
        format!(
            "attachment; filename=\"round-{}-reminders.csv\"",
            rounds[0].id
        )
    );
    let mut lines = csv.body.lines();
    assert_eq!(lines.next(), Some("employee_no,name,email,unit,manager"));
    // Nobody has answered yet: everyone asked and still active is on the list.
    assert_eq!(lines.count() as u64, rounds[0].n_people);
    let export = hr
        .get(&format!("{origin}/subject/10023/export.json"))
        .await?;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert_eq!(
        export.headers["content-disposition"],
        "attachment; filename=\"subject-10023.json\""
    );
    let json: serde_json::Value = serde_json::from_str(&export.body)?;
    assert!(export.body.contains("10023"), "{json}");
    let audit = hr.get(&format!("{origin}/audit?employee=10023")).await?;
    assert_eq!(audit.status, StatusCode::OK);
    assert_strict(&audit, "/audit");
    assert!(audit.body.contains("web session "), "{}", audit.body);
    let progress = hr
        .get(&format!("{origin}/progress?from=2026-01-01&to=2026-11-20"))
        .await?;
    assert_eq!(progress.status, StatusCode::OK, "{}", progress.body);
    assert_strict(&progress, "/progress");
    assert!(
        progress
            .body
            .contains("<title>Utveckling från nulägesmätning till uppföljning</title>")
    );
    let unit = hr.get(&format!("{origin}/units/SOC")).await?;
    assert_eq!(unit.status, StatusCode::OK, "{}", unit.body);
    assert_strict(&unit, "/units/SOC");
    // The round, the export and the unit view are in the audit trail under the session.
    let trail = service.audit()?;
    for action in ["round", "export", "unit view"] {
        assert!(
            trail
                .iter()
                .any(|e| e.action.contains(action) && e.via.starts_with("web session ")),
            "{action}: {trail:#?}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_sees_their_unit_by_occupation_and_nothing_about_a_person() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut viewer = Browser::default();
    viewer.sign_in(&service, "steering").await?;
    let unit = viewer.get(&format!("{origin}/units/SOC")).await?;
    assert_eq!(unit.status, StatusCode::OK, "{}", unit.body);
    assert_strict(&unit, "viewer /units/SOC");
    assert!(unit.body.contains("Yrkesgrupp"), "{}", unit.body);
    let progress = viewer
        .get(&format!(
            "{origin}/progress?unit=SOC&from=2026-01-01&to=2026-11-20"
        ))
        .await?;
    assert!(
        progress.status == StatusCode::OK || progress.status == StatusCode::FORBIDDEN,
        "{}",
        progress.body
    );
    assert_strict(&progress, "viewer /progress");
    // The people shape would name people; the sample's SOC people are not named.
    assert!(!unit.body.contains("10023"), "{}", unit.body);
    for path in [
        "/audit",
        "/audit?employee=10023",
        "/subject/10023/export.json",
        "/units/BUF",
    ] {
        let refused = viewer.get(&format!("{origin}{path}")).await?;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            refused.body
        );
        assert_strict(&refused, path);
        assert!(!refused.body.contains("<table"), "{path}: {}", refused.body);
        assert!(!refused.body.contains("10023\""), "{path}");
    }
    // A form post by a viewer is refused by the store: no round is written.
    let rounds = viewer.get(&format!("{origin}/units/SOC")).await?;
    let csrf = csrf_of(&rounds.body).ok_or("no CSRF token")?;
    let post = viewer
        .post(
            &format!("{origin}/rounds"),
            &[
                ("csrf", csrf.as_str()),
                ("occupation", "USK"),
                ("opens", "2026-11-20"),
                ("closes", "2026-12-11"),
            ],
        )
        .await?;
    assert_eq!(post.status, StatusCode::FORBIDDEN, "{}", post.body);
    assert!(
        Registry::open_existing(&service.db, Actor::Hr)?
            .rounds()?
            .is_empty()
    );
    Ok(())
}
