//! A self-assessment round online: HR opens a round, the employee signs in at the real
//! provider, sees it on her home page, answers her form, and the answers are in the registry
//! with the round as their source, all or nothing; refusals (a level outside 1-4, a system not
//! on her form, a round that does not ask her, a closed round, a missing or stale CSRF token)
//! write nothing.

use reqwest::StatusCode;
use skillreg_core::EvidenceKind;
use skillreg_store::{Actor, Registry, RoundSpec};

use super::{Answer, Browser, Res, Service, csrf_of, origin_of, today};

const ANNA: &str = "10023";

fn day(s: &str) -> Res<chrono::NaiveDate> {
    Ok(s.parse()?)
}

/// Opens a round for `occupation` from `opens` to `closes` as HR: its number.
fn open_round(service: &Service, occupation: &str, opens: &str, closes: &str) -> Res<i64> {
    let mut registry = Registry::open_existing(&service.db, Actor::Hr)?;
    let spec = RoundSpec {
        occupation: occupation.into(),
        unit: None,
        opens: day(opens)?,
        closes: day(closes)?,
    };
    Ok(registry.open_round(&spec, "hr")?.id)
}

/// A piece of evidence: "SYSTEM kind", level, source.
type Held = (String, u8, String);

/// Every piece of evidence of Anna, and the audit rows of answers.
fn evidence(service: &Service) -> Res<(Vec<Held>, usize)> {
    let registry = Registry::open_existing(&service.db, Actor::Hr)?;
    let held = registry
        .history(ANNA)?
        .into_iter()
        .map(|e| {
            let kind = match e.evidence.kind {
                EvidenceKind::SelfAssessment => "self",
                _ => "other",
            };
            (
                format!("{} {kind}", e.evidence.system),
                e.evidence.level.number(),
                e.source,
            )
        })
        .collect();
    let answered = service
        .audit()?
        .into_iter()
        .filter(|e| e.action == "answer round")
        .count();
    Ok((held, answered))
}

/// The page's text with its quotes unescaped.
fn text(page: &Answer) -> String {
    page.body.replace("&quot;", "\"").replace("&#34;", "\"")
}

/// The page is whole, under the strict CSP, with no inline script or style.
fn assert_strict(page: &Answer, what: &str) {
    assert_eq!(
        page.headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some(skillreg_server::CSP),
        "{what}"
    );
    assert!(page.body.starts_with("<!DOCTYPE html>"), "{what}");
    for inline in ["<script", "<style", "style="] {
        assert!(!page.body.contains(inline), "{what} holds {inline}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_answers_her_round_online_and_refusals_write_nothing() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let round = open_round(&service, "USK", "2026-11-20", "2026-12-11")?;
    let closed = open_round(&service, "USK", "2026-11-01", "2026-11-10")?;
    let nurses = open_round(&service, "SSK", "2026-11-20", "2026-12-11")?;
    assert!(today() >= day("2026-11-20")? && today() <= day("2026-12-11")?);

    let mut browser = Browser::default();
    browser.sign_in(&service, ANNA).await?;
    // The home page and its menu say that a round asks her (Swedish, by Accept-Language).
    let home = browser.get(&format!("{origin}/")).await?;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert_strict(&home, "/");
    assert!(
        home.body
            .contains("En självskattningsomgång väntar på ditt svar"),
        "{}",
        home.body
    );
    assert!(
        home.body
            .contains(&format!("<a href=\"/me/rounds/{round}\">"))
    );
    assert!(!home.body.contains(&format!("/me/rounds/{closed}\"")));
    assert!(!home.body.contains(&format!("/me/rounds/{nurses}\"")));
    assert!(
        home.body
            .contains("Mina omgångar (en omgång väntar på ditt svar)")
    );
    let list = browser.get(&format!("{origin}/me/rounds")).await?;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("/me/rounds/{round}\"")));

    // Her form: a fieldset per system, four labelled radio buttons each, her last answers.
    let form = browser.get(&format!("{origin}/me/rounds/{round}")).await?;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_strict(&form, "the form");
    assert_eq!(form.body.matches("<fieldset").count(), 3, "{}", form.body);
    assert!(
        form.body
            .contains("<legend>Lifecare <span class=\"code\">LIFECARE</span></legend>")
    );
    for n in 1..=4 {
        let id = format!("s-O365-{n}");
        assert!(
            form.body.contains(&format!(
                "<input type=\"radio\" id=\"{id}\" name=\"s-O365\" value=\"{n}\">"
            )),
            "{id}"
        );
        assert!(form.body.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    // Her last self-assessment of Lifecare (2, from the export) is shown.
    assert!(
        form.body
            .contains("<p class=\"note\">Ditt senaste svar: 2 självständig (14 sep. 2026)</p>"),
        "{}",
        form.body
    );
    let csrf = csrf_of(&form.body).ok_or("no CSRF token on the form")?;
    let path = format!("{origin}/me/rounds/{round}");
    let before = evidence(&service)?;

    // Without the token, or with a wrong one: 403, nothing written.
    for token in [None, Some("0123456789abcdef")] {
        let mut fields = vec![("s-O365", "2")];
        if let Some(token) = token {
            fields.push(("csrf", token));
        }
        let refused = browser.post(&path, &fields).await?;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{token:?}");
        assert_strict(&refused, "forged");
    }
    assert_eq!(evidence(&service)?, before);

    // A level outside 1-4: the form again with the problem, her values kept, nothing written.
    let wrong = browser
        .post(
            &path,
            &[("csrf", &csrf), ("s-O365", "2"), ("s-TIMECARE", "5")],
        )
        .await?;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_strict(&wrong, "a level outside 1-4");
    assert!(wrong.body.contains("role=\"alert\""));
    assert!(
        text(&wrong).contains("system \"TIMECARE\": level must be a number 1-4, got \"5\""),
        "{}",
        wrong.body
    );
    assert!(
        wrong
            .body
            .contains("id=\"s-O365-2\" name=\"s-O365\" value=\"2\" checked"),
        "{}",
        wrong.body
    );
    assert_eq!(evidence(&service)?, before);

    // A system not on her form: refused, nothing written, not even her good answer.
    let foreign = browser
        .post(&path, &[("csrf", &csrf), ("s-O365", "2"), ("s-PMO", "2")])
        .await?;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&foreign).contains("system \"PMO\" is not on the form of employee \"10023\""),
        "{}",
        foreign.body
    );
    assert_eq!(evidence(&service)?, before);

    // A round that does not ask her: 404; a closed round: 403; neither writes anything.
    for (id, status) in [
        (nurses.to_string(), StatusCode::NOT_FOUND),
        (closed.to_string(), StatusCode::FORBIDDEN),
        ("99".to_string(), StatusCode::NOT_FOUND),
        ("x".to_string(), StatusCode::NOT_FOUND),
    ] {
        let url = format!("{origin}/me/rounds/{id}");
        let page = browser.get(&url).await?;
        assert_eq!(page.status, status, "GET {id}: {}", page.body);
        assert_strict(&page, &url);
        let post = browser
            .post(&url, &[("csrf", &csrf), ("s-O365", "2")])
            .await?;
        assert_eq!(post.status, status, "POST {id}: {}", post.body);
    }
    assert_eq!(evidence(&service)?, before);

    // Her answers: recorded, with the round as their source, and a receipt.
    let done = browser
        .post(
            &path,
            &[("csrf", &csrf), ("s-O365", "2"), ("s-TIMECARE", "1")],
        )
        .await?;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_strict(&done, "the receipt");
    assert!(done.body.contains("Registrerade svar 2"), "{}", done.body);
    let (after, n_answered) = evidence(&service)?;
    assert_eq!(after.len(), before.0.len() + 2, "{after:?}");
    let source = format!("round {round}");
    assert!(after.contains(&("O365 self".to_string(), 2, source.clone())));
    assert!(after.contains(&("TIMECARE self".to_string(), 1, source)));
    assert_eq!(n_answered, before.1 + 1);
    // The same again: nothing new.
    let again = browser
        .post(
            &path,
            &[("csrf", &csrf), ("s-O365", "2"), ("s-TIMECARE", "1")],
        )
        .await?;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("Registrerade svar 0"), "{}", again.body);
    assert_eq!(evidence(&service)?.0, after);

    // The round's status counts her as answered.
    let status = Registry::open_existing(&service.db, Actor::Hr)?.round_status(round, today())?;
    assert_eq!(status.total.n_answered, 1);
    assert!(!status.unanswered.iter().any(|u| u.employee_no == ANNA));
    // The audit rows name her web session.
    let session = browser.jar[&origin_of(&origin)]["__Host-skillreg"].clone();
    let via = format!("web session {}", &session[..8]);
    let rows: Vec<_> = service
        .audit()?
        .into_iter()
        .filter(|e| e.action == "answer round")
        .collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows.iter().all(|e| e.via == via
        && e.actor == "employee:10023"
        && e.employee_no.as_deref() == Some(ANNA)));

    // A token of a session that has ended is stale: 403, nothing written.
    let out = browser
        .post(&format!("{origin}/signout"), &[("csrf", &csrf)])
        .await?;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    browser.sign_in(&service, ANNA).await?;
    let stale = browser
        .post(&path, &[("csrf", &csrf), ("s-O365", "4")])
        .await?;
    assert_eq!(stale.status, StatusCode::FORBIDDEN, "{}", stale.body);
    assert_eq!(evidence(&service)?.0, after);

    // In English and Norwegian too.
    browser.get(&format!("{origin}/?lang=en")).await?;
    let en = browser.get(&path).await?;
    assert!(en.body.contains("Send my answers"), "{}", en.body);
    browser.get(&format!("{origin}/?lang=nb")).await?;
    let nb = browser.get(&path).await?;
    assert!(nb.body.contains("Send svarene mine"), "{}", nb.body);
    Ok(())
}
