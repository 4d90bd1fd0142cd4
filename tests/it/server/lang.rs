//! The language a signed-in person chooses (the form in the bar, `POST /lang` with the CSRF
//! token): kept for every later page of the session, over the browser's Accept-Language;
//! refused without the token; signed-out pages keep following Accept-Language.

use reqwest::StatusCode;

use super::{Answer, Browser, Res, Service, csrf_of, http};

/// Posts the language form as a browser on `from` would (its `Referer`).
async fn choose(
    browser: &mut Browser,
    origin: &str,
    form: &[(&str, &str)],
    from: &str,
) -> Res<Answer> {
    let url = format!("{origin}/lang");
    let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let request = http()?
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("referer", from)
        .body(body.join("&"));
    browser.send(request, &url).await
}

fn lang_of_page(page: &Answer) -> &str {
    page.body
        .split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_language_holds_for_the_session_and_needs_the_csrf_token() -> Res {
    let service = Service::start("").await?;
    let origin = service.origin.clone();
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;

    // At sign-in the browser's Accept-Language (Swedish first) decides; the bar offers the
    // three languages, each in its own words, the current one chosen.
    let home = browser.get(&format!("{origin}/")).await?;
    assert_eq!(lang_of_page(&home), "sv");
    assert!(
        home.body
            .contains("<form method=\"post\" action=\"/lang\" class=\"lang\">"),
        "{}",
        home.body
    );
    assert!(
        home.body
            .contains("<label for=\"session-lang\">Språk</label>")
    );
    assert!(
        home.body
            .contains("<option value=\"sv\" lang=\"sv\" selected>Svenska</option>")
    );
    assert!(
        home.body
            .contains("<option value=\"nb\" lang=\"nb\">Norsk bokmål</option>")
    );
    assert!(
        home.body
            .contains("<option value=\"en\" lang=\"en\">English</option>")
    );
    let csrf = csrf_of(&home.body).ok_or("no CSRF token in the bar")?;

    // Without the token, or with a stale one: 403 and the language stays.
    let from = format!("{origin}/me/history");
    let forged = choose(&mut browser, &origin, &[("lang", "nb")], &from).await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let stale = "0".repeat(64);
    let forged = choose(
        &mut browser,
        &origin,
        &[("csrf", &stale), ("lang", "nb")],
        &from,
    )
    .await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        lang_of_page(&browser.get(&format!("{origin}/")).await?),
        "sv"
    );

    // With it: back to the page the form was on, and every later page in Norwegian.
    let chosen = choose(
        &mut browser,
        &origin,
        &[("csrf", &csrf), ("lang", "nb")],
        &from,
    )
    .await?;
    assert_eq!(
        (chosen.status, chosen.location()),
        (StatusCode::SEE_OTHER, "/me/history")
    );
    let history = browser.get(&format!("{origin}/me/history")).await?;
    assert_eq!(lang_of_page(&history), "nb");
    assert!(
        history.body.contains("<h1>Min historikk</h1>"),
        "{}",
        history.body
    );
    assert!(
        history
            .body
            .contains("<option value=\"nb\" lang=\"nb\" selected>Norsk bokmål</option>")
    );
    for path in ["/", "/me/talks", "/me/assess"] {
        let page = browser.get(&format!("{origin}{path}")).await?;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(lang_of_page(&page), "nb", "{path}");
    }
    // A refusal of the store is in the chosen language too.
    let other = browser.get(&format!("{origin}/people/10024/brief")).await?;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(lang_of_page(&other), "nb");

    // An unknown language: 400, the choice stays.
    let unknown = choose(
        &mut browser,
        &origin,
        &[("csrf", &csrf), ("lang", "de")],
        &from,
    )
    .await?;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(lang_of_page(&unknown), "nb");

    // The way back is a path on this site only, whatever the Referer says.
    for (referer, back) in [
        ("https://elsewhere.example/me/talks?x=1", "/me/talks?x=1"),
        ("https://elsewhere.example//elsewhere.example/", "/"),
        ("https://elsewhere.example", "/"),
        ("not a url", "/"),
    ] {
        let answer = choose(
            &mut browser,
            &origin,
            &[("csrf", &csrf), ("lang", "en")],
            referer,
        )
        .await?;
        assert_eq!(
            (answer.status, answer.location()),
            (StatusCode::SEE_OTHER, back),
            "{referer}"
        );
    }
    assert_eq!(
        lang_of_page(&browser.get(&format!("{origin}/")).await?),
        "en"
    );

    // Another person's session keeps its own language.
    let mut other = Browser::default();
    other.sign_in(&service, "10001").await?;
    assert_eq!(
        lang_of_page(&other.get(&format!("{origin}/team")).await?),
        "sv"
    );

    // Signed out, the pages follow Accept-Language again; without a session the form leads to
    // sign-in and changes nothing.
    browser
        .post(&format!("{origin}/signout"), &[("csrf", &csrf)])
        .await?;
    let out = browser.get(&format!("{origin}/signed-out")).await?;
    assert!(out.body.contains("Du är utloggad."), "{}", out.body);
    let anonymous = choose(
        &mut browser,
        &origin,
        &[("csrf", &csrf), ("lang", "nb")],
        &from,
    )
    .await?;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/auth/signin")
    );
    Ok(())
}
