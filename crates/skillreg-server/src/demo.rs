//! The demo (`skillreg demo --serve`): the sample registry served on loopback only, with a
//! sign-in page where the visitor chooses who they are (HR, a manager, an employee, a viewer
//! of SOC). It exists only when [`Options::demo`] is set, never in a normal `serve`: the
//! listen address must be loopback (refused before binding) and so must every request's peer.
//!
//! [`Options::demo`]: crate::Options::demo

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Form;
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;
use skillreg_html::escape;
use skillreg_l10n::Lang;
use skillreg_store::Actor;

use crate::app::{App, AppState, Options, shutdown_signal};
use crate::config::Config;
use crate::error::ServerError;
use crate::pages;
use crate::session::SESSION_COOKIE;
use crate::web::{current_session, html, internal, lang_of, set_cookie};

/// Who a visitor of the demo may be: (form value, actor, employee number, where they land).
fn choice(who: &str) -> Option<(Actor, &'static str, &'static str)> {
    match who {
        "hr" => Some((Actor::Hr, "", "/rounds")),
        "manager" => Some((Actor::Manager("10001".into()), "10001", "/")),
        "employee" => Some((Actor::Employee("10023".into()), "10023", "/")),
        "viewer" => Some((Actor::Viewer("SOC".into()), "", "/units/SOC")),
        _ => None,
    }
}

/// The demo's routes: its sign-in page and form (`/auth/signin` leads there).
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/demo", get(sign_in_page).post(choose))
        .route("/auth/signin", get(|| async { Redirect::to("/demo") }))
}

/// Middleware: refuses (403) a request whose peer is not loopback.
pub(crate) async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    if !peer.is_some_and(|a| a.ip().is_loopback()) {
        tracing::warn!(?peer, "demo request from outside loopback refused");
        return (StatusCode::FORBIDDEN, "the demo answers loopback only\n").into_response();
    }
    next.run(request).await
}

fn labels(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::En => [
            "Demo — choose who you are",
            "This is the demo with the sample organisation: nobody signs in for real, and this page exists only in the demo.",
            "HR",
            "Manager 10001",
            "Employee 10023",
            "Viewer of SOC (unit aggregates only)",
            "Continue",
        ],
        Lang::Sv => [
            "Demo — välj vem du är",
            "Det här är demon med exempelorganisationen: ingen loggar in på riktigt, och sidan finns bara i demon.",
            "HR",
            "Chef 10001",
            "Medarbetare 10023",
            "Betraktare av SOC (bara enhetens sammanställningar)",
            "Fortsätt",
        ],
        Lang::Nb => [
            "Demo — velg hvem du er",
            "Dette er demoen med eksempelorganisasjonen: ingen logger inn på ordentlig, og siden finnes bare i demoen.",
            "HR",
            "Leder 10001",
            "Ansatt 10023",
            "Leser av SOC (bare enhetens sammenstillinger)",
            "Fortsett",
        ],
    }
}

/// `GET /demo`: the demo sign-in page.
async fn sign_in_page(headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let [title, note, hr, manager, employee, viewer, go] = labels(lang);
    let mut body = format!(
        "<p class=\"demo\"><strong>{}</strong></p>\n<form method=\"post\" action=\"/demo\">\n",
        escape(note)
    );
    for (value, label) in [
        ("hr", hr),
        ("manager", manager),
        ("employee", employee),
        ("viewer", viewer),
    ] {
        body += &format!(
            "<p><button type=\"submit\" name=\"who\" value=\"{value}\">{}</button></p>\n",
            escape(label)
        );
    }
    body += &format!("<p>{}</p>\n</form>\n", escape(go));
    html(StatusCode::OK, pages::page(lang, title, &body, ""))
}

/// The demo sign-in form.
#[derive(Debug, Deserialize)]
struct DemoForm {
    #[serde(default)]
    who: String,
}

/// `POST /demo`: a session as the chosen person, under a new id.
async fn choose(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    form: Result<Form<DemoForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = lang_of(&headers);
    let who = form.map(|Form(f)| f.who).unwrap_or_default();
    let Some((actor, employee_no, landing)) = choice(&who) else {
        return html(
            StatusCode::BAD_REQUEST,
            pages::message(
                lang,
                "Demo",
                "Choose one of the four.",
                Some(("/demo", "Back")),
            ),
        );
    };
    if let Some(old) = current_session(&state, &headers) {
        state.sessions.end(&old.id);
    }
    let session = match state.sessions.create(actor, employee_no.to_string(), lang) {
        Ok(s) => s,
        Err(e) => return internal(lang, &format!("no randomness: {e}")),
    };
    tracing::info!(session = session.short_id(), actor = %session.actor, "demo sign-in");
    let mut response = Redirect::to(landing).into_response();
    let (name, value) = set_cookie(SESSION_COOKIE, &session.id, None);
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(name, v);
    }
    response
}

/// Serves the demo: `registry` on `listen` (loopback only, refused before binding), with the
/// demo sign-in page, until Ctrl-C or SIGTERM. `today` fixes the organisation's day.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let db = dir.path().join("demo.db");
/// let refused = skillreg_server::serve_demo(&db, "0.0.0.0:8080".parse()?, None);
/// assert!(refused.unwrap_err().to_string().contains("loopback only"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn serve_demo(
    registry: &std::path::Path,
    listen: SocketAddr,
    today: Option<NaiveDate>,
) -> Result<(), ServerError> {
    if !listen.ip().is_loopback() {
        return Err(ServerError::NotLoopback {
            addr: listen.to_string(),
        });
    }
    let text = format!(
        "registry = {:?}\nlisten = \"{listen}\"\npublic_url = \"http://{listen}\"\n",
        registry.display().to_string()
    );
    let config = Config::parse(&text, "demo".as_ref())?;
    let mut options = Options {
        demo: true,
        ..Options::default()
    };
    options.today = today;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServerError::Listen {
            addr: listen.to_string(),
            source,
        })?;
    runtime.block_on(async {
        let app = App::bind(config, options).await?;
        let addr = app.local_addr()?;
        eprintln!("The demo is at http://{addr}/demo (Ctrl-C stops it).");
        app.run_until(shutdown_signal()).await
    })
}
