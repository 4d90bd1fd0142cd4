//! The HTTP API, `/api/v1/`: the registry's views and writes as JSON for HR systems,
//! intranets and learning platforms, described by an OpenAPI 3.1 document generated from the
//! Rust types ([`openapi`], served at `/api/v1/openapi.json`).
//!
//! Every operation:
//! - takes its caller from `Authorization: Bearer` ([`auth::Caller`]: a service token, or an
//!   access token of the `[oidc]` identity provider) and runs as that actor, with the same
//!   checks in the store as the command line and the audit trail's `via` naming the token;
//! - answers errors as RFC 9457 problem details ([`problem`]), the library's problems (file,
//!   line, value) listed for refused input; any plain error of the framework (a malformed
//!   parameter, a wrong method, a body too large) is turned into one too ([`problems_only`]);
//! - answers reads with an `ETag` and `304` to `If-None-Match` ([`fresh`]), lists a page at a
//!   time by cursor ([`page`]).
//!
//! Handlers state only what is their own: a read calls [`auth::Caller::read`] ([`read`]) and
//! answers with [`fresh::fresh`]; a write implements [`write::Write`] (its body, its store
//! call, its answer) and [`write::WriteRequest::answer`] does the rest: the body, the
//! `Idempotency-Key` in the write's own transaction, the problems, the status.

pub(crate) mod aggregates;
pub(crate) mod auth;
pub(crate) mod catalog;
pub(crate) mod fresh;
pub(crate) mod idempotency;
pub(crate) mod imports;
pub(crate) mod jwt;
pub(crate) mod page;
pub(crate) mod people;
pub(crate) mod problem;
pub(crate) mod read;
pub(crate) mod reads;
pub(crate) mod sync;
pub(crate) mod write;
pub(crate) mod writes;

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use problem::{ApiError, PROBLEM_JSON};

/// The document's fixed parts; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "skillreg",
        description = "The registry of which digital systems each employee can use, at four proficiency levels: its views and writes for HR systems and other integrations. Authenticate with `Authorization: Bearer` and a service token (`skillreg token create`) or an access token of the organisation's identity provider. Errors are RFC 9457 problem details.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    modifiers(&BearerScheme),
    components(schemas(problem::Problem, problem::InputProblem)),
    tags(
        (name = "people", description = "One person, a team, their gaps"),
        (name = "reads", description = "A person's profile, history and talks, a team, talks due, the subject export, the catalog"),
        (name = "aggregates", description = "The organisation's views: units, demand, progress, groups, rounds, talk coverage, maturity, the run log and the audit trail"),
        (name = "writes", description = "Assessments, course completions, referrals, talks, rounds opened and answered, the catalog applied, round and maturity answers files imported"),
        (name = "sync", description = "Syncs posted over HTTP: an HR export in, the run's report out"),
    )
)]
struct ApiDoc;

/// Adds the bearer security scheme.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description = Some(
            "A service token (`skr_` and 64 hex digits) or an access token (JWT) of the identity provider".to_string(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The routes of the API with their documentation.
fn documented() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(people::me))
        .routes(routes!(people::brief))
        .routes(routes!(people::gaps))
        .routes(routes!(reads::profile))
        .routes(routes!(reads::history))
        .routes(routes!(reads::talks))
        .routes(routes!(reads::team))
        .routes(routes!(reads::talks_due))
        .routes(routes!(reads::subject_export))
        .routes(routes!(reads::catalog))
        .routes(routes!(aggregates::units))
        .routes(routes!(aggregates::unit))
        .routes(routes!(aggregates::demand))
        .routes(routes!(aggregates::progress))
        .routes(routes!(aggregates::groups))
        .routes(routes!(aggregates::rounds))
        .routes(routes!(aggregates::round))
        .routes(routes!(aggregates::talk_coverage))
        .routes(routes!(aggregates::maturity))
        .routes(routes!(aggregates::runs))
        .routes(routes!(aggregates::audit))
        .routes(routes!(writes::assess))
        .routes(routes!(writes::self_assess))
        .routes(routes!(writes::complete_course))
        .routes(routes!(writes::refer))
        .routes(routes!(writes::cancel_referral))
        .routes(routes!(writes::record_talk))
        .routes(routes!(writes::open_round))
        .routes(routes!(writes::answer_round))
        .routes(routes!(catalog::apply))
        .routes(routes!(imports::round_answers))
        .routes(routes!(imports::maturity_answers))
        .routes(routes!(sync::run))
}

/// The OpenAPI 3.1 document of the API, as the service serves it at `/api/v1/openapi.json`.
///
/// ```
/// let document = skillreg_server::openapi();
/// let json: serde_json::Value = serde_json::from_str(&document)?;
/// assert_eq!(json["openapi"], "3.1.0");
/// assert!(json["paths"]["/api/v1/people/{no}/brief"]["get"].is_object());
/// Ok::<(), serde_json::Error>(())
/// ```
pub fn openapi() -> String {
    let (_, document) = documented().split_for_parts();
    document.to_pretty_json().unwrap_or_else(|e| {
        tracing::error!("cannot write the OpenAPI document: {e}");
        String::new()
    })
}

/// The API's routes, to merge into the service's router.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    let (router, document) = documented().split_for_parts();
    let document: Arc<str> = Arc::from(document.to_pretty_json().unwrap_or_default());
    router
        .route(
            "/api/v1/openapi.json",
            get(move |headers: axum::http::HeaderMap| {
                let document = Arc::clone(&document);
                async move {
                    let value: serde_json::Value =
                        serde_json::from_str(&document).unwrap_or_default();
                    fresh::fresh(&headers, &value)
                }
            }),
        )
        .layer(middleware::from_fn(problems_only))
}

/// The answer to a request under `/api/` that matches no route: a `404` problem.
pub(crate) fn not_found(path: &str) -> Response {
    ApiError::not_found(format!(
        "No operation at {path}: /api/v1/openapi.json lists them."
    ))
    .into_response()
}

/// Middleware: an error answer that is not yet a problem (axum's own rejections: a malformed
/// path, query or body, a wrong method, a body too large) becomes one, its text as the detail.
async fn problems_only(request: axum::extract::Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let (slug, title) = match status {
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "Method not allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", "Request body too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported-media-type", "Unsupported media type"),
        StatusCode::NOT_FOUND => ("not-found", "Not found"),
        s if s.is_server_error() => ("internal", "Internal error"),
        _ => ("bad-request", "Bad request"),
    };
    let detail = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut answer = ApiError::new(status, slug, title, detail).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&name) {
            answer.headers_mut().insert(name, v.clone());
        }
    }
    answer
}
