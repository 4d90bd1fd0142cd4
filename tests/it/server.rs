//! The web service against a real OpenID Connect provider (oidc-provider, started once for
//! this test binary): sign-in end to end, refusals, tampered callbacks, CSRF, sessions,
//! headers, health and shutdown. The skillreg server runs in-process on its own port; a
//! small cookie jar per "browser" follows each redirect by hand so every step is checked.

mod aggregates;
mod cli;
mod demo;
mod hr;
mod lang;
mod shutdown;
mod startup;
mod tokens;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use skillreg_peers::oidc::{OidcProvider, start_oidc};
use skillreg_server::{App, Config, Options};
use skillreg_store::{Actor, AuditFilter, Registry};

type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The sample organisation's day: 10041 left on 2026-06-30.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

fn provider() -> Res<&'static OidcProvider> {
    static PROVIDER: OnceLock<Result<OidcProvider, String>> = OnceLock::new();
    PROVIDER
        .get_or_init(start_oidc)
        .as_ref()
        .map_err(|e| e.clone().into())
}

fn http() -> Res<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

/// Registers a client at the provider for `redirect_uri`: (client id, secret).
async fn register(issuer: &str, redirect_uri: &str) -> Res<(String, String)> {
    let body = serde_json::json!({
        "redirect_uris": [redirect_uri],
        "response_types": ["code"],
        "grant_types": ["authorization_code"],
        "token_endpoint_auth_method": "client_secret_basic",
    });
    let answer: serde_json::Value = http()?
        .post(format!("{issuer}/reg"))
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = answer["client_id"].as_str().ok_or("no client_id")?;
    let secret = answer["client_secret"].as_str().ok_or("no client_secret")?;
    Ok((id.to_string(), secret.to_string()))
}

/// A running service with the sample registry.
struct Service {
    origin: String,
    db: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), skillreg_server::ServerError>>,
    _dir: tempfile::TempDir,
}

impl Service {
    async fn start(extra: &str) -> Res<Service> {
        Service::start_with(extra, "steering-soc = \"SOC\"\n").await
    }

    /// A service with `viewers` as the `[oidc.viewers]` table.
    async fn start_with(extra: &str, viewers: &str) -> Res<Service> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("skillreg.db");
        {
            let mut registry = Registry::open(&db, Actor::Hr)?;
            let sample = std::fs::read(super::fixture("winlas/sample-export.xml"))?;
            let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
            registry.sync(
                &mut export,
                "sample",
                &skillreg_core::sync::SyncConfig::default(),
            )?;
        }
        // Every browser of a test comes from 127.0.0.1: room for many sign-ins, unless the test
        // is about the limits.
        let limits = if extra.contains("[limits]") {
            ""
        } else {
            "[limits]\nper_minute = 600\nburst = 100\n"
        };
        let extra = format!("{limits}{extra}");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let issuer = &provider()?.issuer;
        let (client_id, secret) = register(issuer, &format!("{origin}/auth/callback")).await?;
        let text = format!(
            "registry = {db:?}\npublic_url = {origin:?}\n{extra}\n[oidc]\nissuer = {issuer:?}\nclient_id = {client_id:?}\nclient_secret_env = \"SKILLREG_TEST_SECRET\"\nemployee_claim = \"employee_number\"\nhr_groups = [\"skillreg-hr\"]\n[oidc.viewers]\n{viewers}"
        );
        let config = Config::parse(&text, "server.toml".as_ref())?;
        let options = Options::default()
            .with_client_secret(secret)
            .with_today(today());
        let app = App::with_listener(config, options, listener).await?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Ok(Service {
            origin,
            db,
            stop: Some(stop),
            task,
            _dir: dir,
        })
    }

    /// The audit trail, without the rows of its own reading.
    fn audit(&self) -> Res<Vec<skillreg_store::AuditEntry>> {
        let entries =
            Registry::open_existing(&self.db, Actor::Hr)?.audit(&AuditFilter::default())?;
        Ok(entries
            .into_iter()
            .filter(|e| !e.action.contains("audit"))
            .collect())
    }
}

/// A browser: cookies per origin, set and sent by hand (the service's cookies are `Secure`,
/// which a client may rightly keep off plain http; the test checks their attributes instead).
#[derive(Default)]
struct Browser {
    jar: BTreeMap<String, BTreeMap<String, String>>,
    set_cookies: Vec<String>,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

fn origin_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or_default().to_string()
}

impl Browser {
    async fn send(&mut self, request: reqwest::RequestBuilder, url: &str) -> Res<Answer> {
        let origin = origin_of(url);
        let cookies = self.jar.entry(origin.clone()).or_default();
        let header: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let request = if header.is_empty() {
            request
        } else {
            request.header("cookie", header.join("; "))
        };
        let response = request
            .header("accept-language", "sv-SE,sv;q=0.9,en;q=0.5")
            .send()
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(SET_COOKIE) {
            let value = value.to_str()?.to_string();
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, v)) = pair.split_once('=') {
                let cookies = self.jar.entry(origin.clone()).or_default();
                if v.is_empty() || value.contains("Max-Age=0") {
                    cookies.remove(name);
                } else {
                    cookies.insert(name.to_string(), v.to_string());
                }
            }
            self.set_cookies.push(value);
        }
        Ok(Answer {
            status,
            headers,
            body: response.text().await?,
        })
    }

    async fn get(&mut self, url: &str) -> Res<Answer> {
        self.send(http()?.get(url), url).await
    }

    async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> Res<Answer> {
        let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let request = http()?
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.join("&"));
        self.send(request, url).await
    }

    /// Starts a sign-in and logs in at the provider as `account`: the callback URL the provider
    /// sends the browser back to (not yet followed).
    async fn log_in_at_provider(&mut self, service: &Service, account: &str) -> Res<String> {
        let start = self.get(&format!("{}/auth/signin", service.origin)).await?;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let auth = start.location().to_string();
        assert!(auth.contains("code_challenge_method=S256"), "{auth}");
        assert!(auth.contains("nonce=") && auth.contains("state="), "{auth}");
        let to_login = self.get(&auth).await?;
        if to_login.location().starts_with(&service.origin) {
            // Still signed in at the provider (an earlier sign-in in this browser): straight back.
            return Ok(to_login.location().to_string());
        }
        let issuer = &provider()?.issuer;
        let login = format!("{issuer}{}", to_login.location());
        assert!(
            login.contains("/interaction/"),
            "{} {}",
            to_login.status,
            to_login.body
        );
        let done = self.post(&login, &[("login", account)]).await?;
        let mut next = done.location().to_string();
        // The provider resumes the authorization at /auth/<uid>, then redirects to the client.
        for _ in 0..5 {
            if next.starts_with(&service.origin) {
                return Ok(next);
            }
            let url = if next.starts_with('/') {
                format!("{issuer}{next}")
            } else {
                next.clone()
            };
            let answer = self.get(&url).await?;
            next = answer.location().to_string();
            if next.is_empty() {
                return Err(format!(
                    "the provider stopped at {url}: {} {}",
                    answer.status, answer.body
                )
                .into());
            }
        }
        Err(format!("no redirect back to the service; last: {next}").into())
    }

    async fn sign_in(&mut self, service: &Service, account: &str) -> Res<Answer> {
        let callback = self.log_in_at_provider(service, account).await?;
        self.get(&callback).await
    }
}

fn csrf_of(page: &str) -> Option<String> {
    let at = page.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(page[at..].split('"').next()?.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_signs_in_and_reads_her_own_brief() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    let back = browser.sign_in(&service, "10023").await?;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert_eq!(back.location(), "/");
    let cookie = browser
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-skillreg="))
        .ok_or("no session cookie")?;
    assert!(
        cookie.ends_with("; Path=/; Secure; HttpOnly; SameSite=Lax"),
        "{cookie}"
    );
    let home = browser.get(&format!("{}/", service.origin)).await?;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"),
        "{}",
        &home.body[..200]
    );
    assert!(home.body.contains("employee:10023"));
    assert!(
        home.body
            .contains("<link rel=\"stylesheet\" href=\"/static/skillreg.css\">")
    );
    assert!(!home.body.contains("<style") && !home.body.contains("<script"));
    assert!(home.body.contains("Lifecare"));
    // A language chosen stays chosen for the session.
    let en = browser.get(&format!("{}/?lang=en", service.origin)).await?;
    assert!(en.body.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let again = browser.get(&format!("{}/", service.origin)).await?;
    assert!(
        again
            .body
            .starts_with("<!DOCTYPE html>\n<html lang=\"en\">")
    );
    let session_id = browser.jar[&origin_of(&service.origin)]["__Host-skillreg"].clone();
    // Her own brief is not an audited read (one's own record never is).
    let audit = service.audit()?;
    assert!(
        !audit.iter().any(|e| e.via.starts_with("web")),
        "{audit:#?}"
    );
    let css = browser
        .get(&format!("{}/static/skillreg.css", service.origin))
        .await?;
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    assert!(css.body.contains("nav.session"));
    assert_eq!(session_id.len(), 64);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_signs_in_as_manager_and_hr_as_hr() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    browser.sign_in(&service, "10001").await?;
    let home = browser.get(&format!("{}/?lang=en", service.origin)).await?;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body
            .contains("Signed in as <strong>manager:10001</strong>"),
        "{}",
        home.body
    );
    // Signing in again in the same browser ends the old session and starts one under a new id.
    let origin = origin_of(&service.origin);
    let first = browser.jar[&origin]["__Host-skillreg"].clone();
    browser.sign_in(&service, "10001").await?;
    let second = browser.jar[&origin]["__Host-skillreg"].clone();
    assert_ne!(first, second);
    let mut stale = Browser::default();
    stale
        .jar
        .entry(origin.clone())
        .or_default()
        .insert("__Host-skillreg".into(), first);
    assert_eq!(
        stale.get(&format!("{}/", service.origin)).await?.location(),
        "/auth/signin"
    );
    let mut hr = Browser::default();
    hr.sign_in(&service, "hr1").await?;
    let home = hr.get(&format!("{}/?lang=en", service.origin)).await?;
    assert!(home.body.contains("<strong>hr</strong>"), "{}", home.body);
    // HR reading their own brief (10030) through the web is audited with the session.
    let audit = service.audit()?;
    assert!(
        audit.iter().any(|e| e.actor == "hr"
            && e.via.starts_with("web session ")
            && e.employee_no.as_deref() == Some("10030")),
        "{audit:#?}"
    );
    let mut viewer = Browser::default();
    viewer.sign_in(&service, "steering").await?;
    let home = viewer.get(&format!("{}/?lang=en", service.origin)).await?;
    assert!(home.body.contains("viewer:SOC"), "{}", home.body);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_person_and_person_who_left_are_refused_with_a_page() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    let refused = browser.sign_in(&service, "99999").await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Anställningsnummer 99999 finns inte i registret"),
        "{}",
        refused.body
    );
    assert!(
        !browser
            .set_cookies
            .iter()
            .any(|c| c.starts_with("__Host-skillreg=") && !c.starts_with("__Host-skillreg=;"))
    );
    let mut browser = Browser::default();
    let refused = browser.sign_in(&service, "10041").await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Anställd 10041 har ingen anställning som gäller i dag"),
        "{}",
        refused.body
    );
    let mut browser = Browser::default();
    let refused = browser.sign_in(&service, "nobody").await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let home = browser.get(&format!("{}/", service.origin)).await?;
    assert_eq!(home.location(), "/auth/signin");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_group_whose_unit_the_registry_does_not_hold_is_refused_with_a_page() -> Res {
    let service = Service::start_with("", "steering-soc = \"SOCIAL\"\n").await?;
    let before = service.audit()?.len();
    let mut browser = Browser::default();
    let refused = browser.sign_in(&service, "steering").await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains(
            "Din grupp ger tillgång till enheten SOCIAL men registret har ingen sådan enhet"
        ),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("[oidc.viewers]"));
    assert!(!browser.jar[&origin_of(&service.origin)].contains_key("__Host-skillreg"));
    assert_eq!(
        browser
            .get(&format!("{}/", service.origin))
            .await?
            .location(),
        "/auth/signin"
    );
    assert_eq!(service.audit()?.len(), before, "{:#?}", service.audit()?);
    // The same account with a unit the registry holds signs in as its viewer.
    let service = Service::start_with("", "steering-soc = \"SOC\"\n").await?;
    let mut browser = Browser::default();
    let back = browser.sign_in(&service, "steering").await?;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let unit = browser
        .get(&format!("{}/units/SOC", service.origin))
        .await?;
    assert_eq!(unit.status, StatusCode::OK, "{}", unit.body);
    assert!(unit.body.contains("viewer:SOC"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_state_and_a_code_from_another_sign_in_are_refused() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    let callback = browser.log_in_at_provider(&service, "10023").await?;
    let tampered = callback.replace("state=", "state=x");
    let answer = browser.get(&tampered).await?;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.body.contains("hör inte till den här inloggningen")
            || answer.body.contains("does not belong"),
        "{}",
        answer.body
    );
    // The sign-in under way is used up: the real callback now fails too.
    let again = browser.get(&callback).await?;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    // A callback from another browser's sign-in, replayed in this one with this one's state:
    // its code was issued for another PKCE challenge and nonce, so it is refused.
    let mut victim = Browser::default();
    let theirs = victim.log_in_at_provider(&service, "10001").await?;
    let mut attacker = Browser::default();
    let mine = attacker.log_in_at_provider(&service, "10023").await?;
    let state = mine
        .split("state=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .ok_or("no state")?;
    let code = theirs
        .split("code=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .ok_or("no code")?;
    let forged = format!("{}/auth/callback?code={code}&state={state}", service.origin);
    let answer = attacker.get(&forged).await?;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(!attacker.jar[&origin_of(&service.origin)].contains_key("__Host-skillreg"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_needs_the_csrf_token_and_ends_the_session() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;
    let home = browser.get(&format!("{}/", service.origin)).await?;
    let csrf = csrf_of(&home.body).ok_or("no csrf field")?;
    let origin = origin_of(&service.origin);
    let session_id = browser.jar[&origin]["__Host-skillreg"].clone();
    let before = service.audit()?.len();
    let url = format!("{}/signout", service.origin);
    let without = browser.post(&url, &[]).await?;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let stale = browser.post(&url, &[("csrf", &"0".repeat(64))]).await?;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(
        service.audit()?.len(),
        before,
        "a refused post writes nothing"
    );
    assert_eq!(
        browser.get(&format!("{}/", service.origin)).await?.status,
        StatusCode::OK
    );
    let out = browser.post(&url, &[("csrf", &csrf)]).await?;
    assert_eq!(
        (out.status, out.location()),
        (StatusCode::SEE_OTHER, "/signed-out")
    );
    let home = browser.get(&format!("{}/", service.origin)).await?;
    assert_eq!(
        (home.status, home.location()),
        (StatusCode::SEE_OTHER, "/auth/signin")
    );
    // The old cookie, sent again by hand, names no session.
    let mut replay = Browser::default();
    replay
        .jar
        .entry(origin)
        .or_default()
        .insert("__Host-skillreg".into(), session_id);
    let home = replay.get(&format!("{}/", service.origin)).await?;
    assert_eq!(home.location(), "/auth/signin");
    // Signed in again: the last session's token is stale.
    browser.sign_in(&service, "10023").await?;
    let stale = browser.post(&url, &[("csrf", &csrf)]).await?;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get(&format!("{}/", service.origin)).await?.status,
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_absolute_timeouts_end_sessions() -> Res {
    let service =
        Service::start("[session]\nidle_timeout_secs = 1\nabsolute_timeout_secs = 2").await?;
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;
    assert_eq!(
        browser.get(&format!("{}/", service.origin)).await?.status,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let home = browser.get(&format!("{}/", service.origin)).await?;
    assert_eq!(home.location(), "/auth/signin", "idle session ended");
    let mut busy = Browser::default();
    busy.sign_in(&service, "10023").await?;
    for _ in 0..4 {
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        let _ = busy.get(&format!("{}/", service.origin)).await?;
    }
    let home = busy.get(&format!("{}/", service.origin)).await?;
    assert_eq!(
        home.location(),
        "/auth/signin",
        "absolute timeout ended a busy session"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_has_the_security_headers_and_health_answers() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    for path in [
        "/healthz",
        "/readyz",
        "/static/skillreg.css",
        "/",
        "/nothing",
        "/auth/signin",
    ] {
        let answer = browser.get(&format!("{}{path}", service.origin)).await?;
        assert_eq!(
            answer.headers["content-security-policy"],
            skillreg_server::CSP,
            "{path}"
        );
        assert_eq!(
            answer.headers["x-content-type-options"], "nosniff",
            "{path}"
        );
        assert_eq!(answer.headers["referrer-policy"], "same-origin", "{path}");
    }
    assert_eq!(
        browser
            .get(&format!("{}/healthz", service.origin))
            .await?
            .body,
        "ok\n"
    );
    assert_eq!(
        browser
            .get(&format!("{}/readyz", service.origin))
            .await?
            .body,
        "ready\n"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_per_address() -> Res {
    let service = Service::start("[limits]\nper_minute = 2\nburst = 3").await?;
    let mut browser = Browser::default();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            browser
                .get(&format!("{}/auth/signin", service.origin))
                .await?
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses, [303, 303, 303, 429, 429]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_post_is_rate_limited_per_address() -> Res {
    // The sign-in (its start and its callback) takes two of the four at once.
    let service = Service::start("[limits]\nper_minute = 1\nburst = 4").await?;
    let origin = service.origin.clone();
    let mut browser = Browser::default();
    browser.sign_in(&service, "10001").await?;
    let home = browser.get(&format!("{origin}/")).await?;
    let csrf = csrf_of(&home.body).ok_or("no csrf field")?;
    let forms = [
        ("/me/assess", vec![("csrf", csrf.as_str()), ("O365", "3")]),
        ("/people/10023/talk", vec![("csrf", csrf.as_str())]),
        ("/people/10023/refer", vec![("csrf", csrf.as_str())]),
        ("/lang", vec![("csrf", csrf.as_str()), ("lang", "en")]),
        ("/rounds", vec![("csrf", csrf.as_str())]),
        ("/signout", vec![("csrf", csrf.as_str())]),
    ];
    // The two left are answered ...
    for (path, form) in &forms[..2] {
        let answer = browser.post(&format!("{origin}{path}"), form).await?;
        assert_ne!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
    }
    // ... and then every form post is refused until the allowance grows again.
    for (path, form) in &forms {
        let answer = browser.post(&format!("{origin}{path}"), form).await?;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(answer.headers.contains_key("retry-after"), "{path}");
    }
    // Pages that only read are not limited.
    assert_eq!(
        browser.get(&format!("{origin}/me/history")).await?.status,
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_and_stops_listening() -> Res {
    let mut service = Service::start("").await?;
    let url = format!("{}/healthz", service.origin);
    assert_eq!(http()?.get(&url).send().await?.status(), StatusCode::OK);
    if let Some(stop) = service.stop.take() {
        let _ = stop.send(());
    }
    (&mut service.task).await??;
    assert!(
        http()?.get(&url).send().await.is_err(),
        "still listening after shutdown"
    );
    Ok(())
}

mod people;
mod rounds;
