//! The handlers: health, the style sheet, sign-in and its callback, the signed-in home page
//! (the person's brief) and sign-out. Each is thin over the registry ([`RegistryPool`]) and
//! the sessions; the actor comes from the session, through [`current_session`] only.
//!
//! [`RegistryPool`]: crate::RegistryPool

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use skillreg_l10n::Lang;
use skillreg_store::{Actor, BriefConfig, Scope};

use crate::app::AppState;
use crate::oidc::Identity;
use crate::pages::{self, Refusal};
use crate::session::{SESSION_COOKIE, SIGNIN_COOKIE, SIGNIN_TIMEOUT, Session, same_secret};

type Shared = State<Arc<AppState>>;

/// `GET /healthz`: the process is up.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: the registry opens and its schema is the one this build knows.
pub async fn readyz(State(state): Shared) -> Response {
    match state
        .pool
        .run(Actor::Hr, String::new(), |r| r.schema_version())
        .await
    {
        Ok(v) if v == skillreg_store::SCHEMA_VERSION => (StatusCode::OK, "ready\n").into_response(),
        Ok(v) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "not ready: schema version {v}, this build needs {}\n",
                skillreg_store::SCHEMA_VERSION
            ),
        )
            .into_response(),
        Err(e) => {
            tracing::error!("readiness check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the registry cannot be opened\n",
            )
                .into_response()
        }
    }
}

/// `GET /static/skillreg.css`: the pages' style sheet.
pub async fn stylesheet() -> Response {
    let css = format!("{}{}", skillreg_html::STYLE_SHEET, pages::EXTRA_STYLE);
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
        .into_response()
}

/// Any other path: 404.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::not_found(uri.path());
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// The value of cookie `name` in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> (header::HeaderName, String) {
    let age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
    (
        header::SET_COOKIE,
        format!("{name}={value}; Path=/; Secure; HttpOnly; SameSite=Lax{age}"),
    )
}

pub(crate) fn lang_of(headers: &HeaderMap) -> Lang {
    pages::lang_from_accept(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
}

/// The live session the request's cookie names, if any.
pub(crate) fn current_session(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    state.sessions.get(cookie(headers, SESSION_COOKIE)?)
}

pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

/// `GET /auth/signin`: a new sign-in under way, and off to the identity provider.
pub async fn sign_in(State(state): Shared, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let Some(provider) = &state.provider else {
        return not_found(axum::http::Uri::from_static("/")).await;
    };
    let request = provider.auth_request();
    let id = match state
        .sessions
        .begin_sign_in(request.state, request.nonce, request.pkce_verifier)
    {
        Ok(id) => id,
        Err(e) => return internal(lang, &format!("no randomness: {e}")),
    };
    let mut response = Redirect::to(&request.url).into_response();
    let (name, value) = set_cookie(SIGNIN_COOKIE, &id, Some(SIGNIN_TIMEOUT.as_secs()));
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(name, v);
    }
    response
}

/// The callback's query.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn start_again(lang: Lang, status: StatusCode, why: &str) -> Response {
    let (title, again) = match lang {
        Lang::En => ("The sign-in could not be completed", "Start again"),
        Lang::Sv => ("Inloggningen kunde inte slutföras", "Börja om"),
        Lang::Nb => ("Innloggingen kunne ikke fullføres", "Start på nytt"),
    };
    html(
        status,
        pages::message(lang, title, why, Some(("/auth/signin", again))),
    )
}

pub(crate) fn internal(lang: Lang, why: &str) -> Response {
    tracing::error!("{why}");
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(
            lang,
            "Internal error",
            "Something went wrong; try again later.",
            None,
        ),
    )
}

/// `GET /auth/callback`: checks state, exchanges the code (PKCE), checks the ID token (nonce
/// and the rest), maps the claims to an actor, refuses people the registry does not know or
/// who have left, and starts a session under a new id.
pub async fn callback(
    State(state): Shared,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let lang = lang_of(&headers);
    let Some(provider) = &state.provider else {
        return not_found(axum::http::Uri::from_static("/")).await;
    };
    let pending = cookie(&headers, SIGNIN_COOKIE).and_then(|id| state.sessions.take_sign_in(id));
    let Some(pending) = pending else {
        tracing::warn!("sign-in callback without a sign-in under way in this browser");
        return start_again(
            lang,
            StatusCode::BAD_REQUEST,
            "This browser has no sign-in under way (it may have taken too long).",
        );
    };
    if !query
        .state
        .as_deref()
        .is_some_and(|s| same_secret(s, &pending.state))
    {
        tracing::warn!("sign-in callback with a state that does not match");
        return start_again(
            lang,
            StatusCode::BAD_REQUEST,
            "The answer from the identity provider does not belong to this sign-in.",
        );
    }
    if let Some(error) = query.error {
        // The code only (OAuth's are short and lower-case): the query is the browser's to
        // write, and nothing it carries reaches the log unchecked.
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        tracing::warn!("the identity provider answered with an error: {code}");
        return start_again(
            lang,
            StatusCode::FORBIDDEN,
            "The identity provider did not sign you in.",
        );
    }
    let Some(code) = query.code else {
        return start_again(
            lang,
            StatusCode::BAD_REQUEST,
            "The answer from the identity provider has no code.",
        );
    };
    let claims = match provider
        .finish(code, pending.pkce_verifier, pending.nonce)
        .await
    {
        Ok(claims) => claims,
        Err(e) => {
            tracing::warn!("sign-in refused: {e}");
            return start_again(
                lang,
                StatusCode::FORBIDDEN,
                "The identity provider's answer did not pass the checks.",
            );
        }
    };
    let Some(identity) = Identity::from_claims(provider.config(), &claims) else {
        tracing::warn!("sign-in refused: no employee number and no group that gives access");
        return html(
            StatusCode::FORBIDDEN,
            pages::refused(lang, Refusal::NoEmployeeNumber, ""),
        );
    };
    let (actor, employee_no) = match identity {
        Identity::Hr { employee_no } => (Actor::Hr, employee_no.unwrap_or_default()),
        Identity::Viewer { unit, employee_no } => match unit_is_held(&state, &unit).await {
            Ok(true) => (Actor::Viewer(unit), employee_no.unwrap_or_default()),
            Ok(false) => {
                tracing::warn!(unit = %unit, "sign-in refused: the viewer group's unit is not in the registry");
                return html(StatusCode::FORBIDDEN, unknown_unit_page(lang, &unit));
            }
            Err(e) => return internal(lang, &format!("sign-in as a viewer of {unit}: {e}")),
        },
        Identity::Person(no) => match person_actor(&state, &no).await {
            Ok(Ok(actor)) => (actor, no),
            Ok(Err(refusal)) => {
                tracing::warn!(employee = %no, "sign-in refused: {refusal:?}");
                return html(StatusCode::FORBIDDEN, pages::refused(lang, refusal, &no));
            }
            Err(e) => return internal(lang, &format!("sign-in of {no}: {e}")),
        },
    };
    // A session this browser had before ends: the new one gets a new id (no fixation).
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        state.sessions.end(old);
    }
    let session = match state.sessions.create(actor, employee_no, lang) {
        Ok(s) => s,
        Err(e) => return internal(lang, &format!("no randomness: {e}")),
    };
    tracing::info!(session = session.short_id(), actor = %session.actor, "signed in");
    let mut response = Redirect::to("/").into_response();
    for (name, value) in [
        set_cookie(SESSION_COOKIE, &session.id, None),
        set_cookie(SIGNIN_COOKIE, "", Some(0)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(name.clone(), v);
        }
    }
    response
}

/// Whether the registry holds unit `unit` (a viewer group's unit, from `[oidc.viewers]`).
pub(crate) async fn unit_is_held(state: &AppState, unit: &str) -> Result<bool, crate::ServerError> {
    let u = unit.to_string();
    state
        .pool
        .run(
            Actor::Viewer(u.clone()),
            "web sign-in".to_string(),
            move |r| Ok(r.catalog()?.unit(&u).is_some()),
        )
        .await
}

/// The page that refuses a viewer whose group names a unit the registry does not hold (403).
fn unknown_unit_page(lang: Lang, unit: &str) -> String {
    let t = pages::person::t;
    let text = format!(
        "{} {unit} {}",
        t(
            lang,
            "Your group gives access to unit",
            "Din grupp ger tillgång till enheten",
            "Gruppen din gir tilgang til enheten",
        ),
        t(
            lang,
            "but the registry has no such unit, so you cannot sign in. Ask the service's administrators to correct [oidc.viewers] in the configuration.",
            "men registret har ingen sådan enhet, så du kan inte logga in. Be tjänstens administratörer rätta [oidc.viewers] i konfigurationen.",
            "men registeret har ingen slik enhet, så du kan ikke logge inn. Be tjenestens administratorer rette [oidc.viewers] i konfigurasjonen.",
        ),
    );
    pages::message(
        lang,
        t(
            lang,
            "Sign-in refused",
            "Inloggningen nekades",
            "Innloggingen ble avvist",
        ),
        &text,
        None,
    )
}

/// Logs a warning for each unit in `[oidc.viewers]` the registry does not hold (their members
/// would be refused at sign-in); quiet when the registry cannot be read (`/readyz` says so).
pub(crate) async fn warn_unknown_viewer_units(state: &AppState) {
    let Some(provider) = &state.provider else {
        return;
    };
    let viewers: Vec<(String, String)> = provider
        .config()
        .viewers
        .iter()
        .map(|(g, u)| (g.clone(), u.clone()))
        .collect();
    if viewers.is_empty() {
        return;
    }
    let read = state
        .pool
        .run(Actor::Hr, String::new(), move |r| {
            let catalog = r.catalog()?;
            Ok(viewers
                .into_iter()
                .filter(|(_, unit)| catalog.unit(unit).is_none())
                .collect::<Vec<_>>())
        })
        .await;
    for (group, unit) in read.unwrap_or_default() {
        tracing::warn!(
            "[oidc.viewers] {group} = {unit:?}: the registry has no unit {unit:?}; members of {group} will be refused at sign-in"
        );
    }
}

/// The actor a person signs in as: `manager:N` when the registry says N manages anyone today,
/// else `employee:N`; refused when N is unknown or has no employment active today. Asked as
/// the person themself (their own record: not an audited read of someone else).
pub(crate) async fn person_actor(
    state: &AppState,
    no: &str,
) -> Result<Result<Actor, Refusal>, crate::ServerError> {
    let n = no.to_string();
    let via = "web sign-in".to_string();
    state
        .pool
        .run(Actor::Manager(n.clone()), via, move |r| {
            let employee = match r.employee(&n) {
                Ok(e) => e,
                Err(skillreg_store::Error::UnknownEmployee(_)) => return Ok(Err(Refusal::Unknown)),
                Err(e) => return Err(e),
            };
            let today = r.today();
            if !employee.is_active(today) {
                return Ok(Err(Refusal::Left));
            }
            let scope = Scope::Manager {
                manager: n.clone(),
                indirect: false,
            };
            let reports = r.people(&scope, today)?;
            Ok(Ok(if reports.is_empty() {
                Actor::Employee(n)
            } else {
                Actor::Manager(n)
            }))
        })
        .await
}

/// The home page's query: `?lang=sv` chooses the language for the rest of the session.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    lang: Option<String>,
}

/// `GET /`: the signed-in person's brief; without a session, off to sign in.
pub async fn home(
    State(state): Shared,
    headers: HeaderMap,
    Query(query): Query<HomeQuery>,
) -> Response {
    let Some(session) = current_session(&state, &headers) else {
        return Redirect::to("/auth/signin").into_response();
    };
    let chosen = query.lang.as_deref().and_then(Lang::from_tag);
    if let Some(lang) = chosen {
        state.sessions.set_lang(&session.id, lang);
    }
    let lang = chosen.unwrap_or(session.lang);
    let bar = pages::signed_in_bar(&session, lang) + &pages::person::menu(&session);
    let no = session.employee_no.clone();
    if no.is_empty() || matches!(session.actor, Actor::Viewer(_)) {
        let text = format!("Signed in as {}.", session.actor);
        return html(
            StatusCode::OK,
            pages::page(
                lang,
                "skillreg",
                &format!("<p>{}</p>", skillreg_html::escape(&text)),
                &bar,
            ),
        );
    }
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let brief = r.brief(&no, &BriefConfig::new(r.today()))?;
            let asked = r.rounds_asking(&no, r.today())?;
            Ok((brief, r.catalog()?, asked))
        })
        .await;
    match read {
        Ok((brief, catalog, asked)) => {
            let bar = pages::signed_in_bar(&session, lang)
                + &pages::person::menu_marked(&session, asked.len())
                + &pages::round::notice(lang, &asked);
            html(
                StatusCode::OK,
                skillreg_html::render_brief_with(&brief, &catalog, lang, pages::linked(&bar)),
            )
        }
        Err(e) => internal(lang, &format!("brief of {}: {e}", session.employee_no)),
    }
}

/// A form that carries only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /signout`: with the session's CSRF token, ends the session; without it, 403 and the
/// session stays.
pub async fn sign_out(
    State(state): Shared,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = lang_of(&headers);
    let Some(session) = current_session(&state, &headers) else {
        return Redirect::to("/signed-out").into_response();
    };
    let token = form.map(|Form(f)| f.csrf).unwrap_or_default();
    if !same_secret(&token, &session.csrf) {
        tracing::warn!(
            session = session.short_id(),
            "form post with a missing or wrong CSRF token refused"
        );
        return html(
            StatusCode::FORBIDDEN,
            pages::message(
                lang,
                "Refused",
                "The form was out of date or not from this site: reload the page and try again.",
                Some(("/", "Back")),
            ),
        );
    }
    state.sessions.end(&session.id);
    tracing::info!(session = session.short_id(), actor = %session.actor, "signed out");
    let mut response = Redirect::to("/signed-out").into_response();
    let (name, value) = set_cookie(SESSION_COOKIE, "", Some(0));
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(name, v);
    }
    response
}

/// `GET /signed-out`.
pub async fn signed_out(headers: HeaderMap) -> Response {
    html(StatusCode::OK, pages::signed_out(lang_of(&headers)))
}

/// The language form: the CSRF token and the language's code.
#[derive(Debug, Deserialize)]
pub struct LangForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
}

/// `POST /lang`: with the session's CSRF token, keeps the chosen language (`en`, `sv` or `nb`)
/// for every later page of the session, and goes back to the page the form was on (the
/// `Referer`'s path on this site, else `/`). Without a session, off to sign in; without the
/// token, 403 and nothing changes; an unknown language, 400.
pub async fn choose_lang(
    State(state): Shared,
    headers: HeaderMap,
    form: Result<Form<LangForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some(session) = current_session(&state, &headers) else {
        return Redirect::to("/auth/signin").into_response();
    };
    let form = form.map(|Form(f)| f).unwrap_or(LangForm {
        csrf: String::new(),
        lang: String::new(),
    });
    if let Some(refused) = pages::person::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == form.lang.trim()) else {
        return html(
            StatusCode::BAD_REQUEST,
            pages::message(
                session.lang,
                pages::person::t(session.lang, "Refused", "Nekad", "Avvist"),
                pages::person::t(
                    session.lang,
                    "Choose English, Swedish or Norwegian.",
                    "Välj engelska, svenska eller norska.",
                    "Velg engelsk, svensk eller norsk.",
                ),
                Some((
                    "/",
                    pages::person::t(session.lang, "Back", "Tillbaka", "Tilbake"),
                )),
            ),
        );
    };
    state.sessions.set_lang(&session.id, lang);
    Redirect::to(&back_path(&headers)).into_response()
}

/// The path (and query) of the page a form was posted from, from the `Referer` header: only a
/// path on this site (one `/`, not `//` or `/\`), so the answer never sends anyone elsewhere.
fn back_path(headers: &HeaderMap) -> String {
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let after_scheme = referer.split_once("://").map_or("", |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |at| &after_scheme[at..]);
    let path = path.split('#').next().unwrap_or_default();
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.starts_with("/lang")
        && path.bytes().all(|b| b.is_ascii_graphic());
    if safe {
        path.to_string()
    } else {
        "/".to_string()
    }
}
