//! Errors as RFC 9457 problem details (`application/problem+json`): [`ApiError`].
//!
//! Every error the API answers is a [`Problem`]: a `type` naming the kind of problem (a
//! relative URI, `/api/v1/problems/<slug>`, documented in `docs/src/guides/api.md`), a `title` that does
//! not change from one occurrence to the next, the HTTP `status`, a `detail` in the registry's
//! own words, and, for refused input, every problem the library found with its file, line,
//! record and value (`problems`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ServerError;

/// The media type of a problem.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem detail.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// The kind of problem: `/api/v1/problems/<slug>` (see `docs/src/guides/api.md`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in the registry's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every problem found in refused input, where it is and which value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<InputProblem>,
    /// Problems found beyond the ones listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_problems: Option<usize>,
    /// For a tripped termination guard: the employee numbers the sync would have terminated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_terminate: Option<Vec<String>>,
}

/// One problem the library found in input it refused.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InputProblem {
    /// The file or input's name, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The element, record or field (`Employment`, `answers[2]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The offending value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl From<&skillreg_core::Problem> for InputProblem {
    fn from(p: &skillreg_core::Problem) -> InputProblem {
        InputProblem {
            file: p.location.file.as_ref().map(|f| f.to_string()),
            line: p.location.line,
            column: p.location.column,
            record: p.location.element.clone(),
            value: p.value.clone(),
            message: p.message.clone(),
        }
    }
}

/// An error answer of the API: a [`Problem`] with its status, and for `401` the
/// `WWW-Authenticate` challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    status: StatusCode,
    problem: Box<Problem>,
}

// Some constructors and accessors serve only the operations that need them.
#[allow(dead_code)]
impl ApiError {
    /// A problem of kind `slug` with `status`, `title` and `detail`.
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            problem: Box::new(Problem {
                kind: format!("/api/v1/problems/{slug}"),
                title: title.to_string(),
                status: status.as_u16(),
                detail: Some(detail.into()),
                problems: Vec::new(),
                more_problems: None,
                would_terminate: None,
            }),
        }
    }

    /// `401 unauthenticated`: no credentials, or ones that do not hold.
    pub fn unauthenticated(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Authentication required",
            detail,
        )
    }

    /// `403 forbidden`: the caller may not do this.
    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", detail)
    }

    /// `404 not-found`.
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    /// `400 bad-request`: the request itself is malformed (a parameter, a header, a body that
    /// is not JSON).
    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    }

    /// `422 invalid`: well-formed, but the registry refuses it; nothing was written.
    pub fn invalid(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Refused, nothing was written",
            detail,
        )
    }

    /// `500 internal`: a fault of the service (logged; the detail says no more).
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "The service could not answer; the fault is logged.",
        )
    }

    /// These problems, found in the input, listed in the answer.
    pub fn with_problems(mut self, problems: Vec<InputProblem>, more: usize) -> ApiError {
        self.problem.problems = problems;
        self.problem.more_problems = (more > 0).then_some(more);
        self
    }

    /// The employee numbers a tripped termination guard would have terminated.
    pub fn with_would_terminate(mut self, people: Vec<String>) -> ApiError {
        self.problem.would_terminate = Some(people);
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The problem.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The answer for a failure of the registry call `what` (logged here when it is the
    /// service's fault, not the caller's).
    pub fn from_server(error: ServerError, what: &str) -> ApiError {
        match error {
            ServerError::Registry { source, .. } => ApiError::from_store(*source, what),
            ServerError::WorkersGone => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "The service is shutting down.",
            ),
            other => {
                tracing::error!("{what}: {other}");
                ApiError::internal()
            }
        }
    }

    /// The answer for the store's error.
    pub fn from_store(error: skillreg_store::Error, what: &str) -> ApiError {
        use skillreg_store::Error as E;
        let detail = error.to_string();
        match error {
            E::AccessDenied { .. } => {
                tracing::warn!("{what}: refused by the registry: {detail}");
                ApiError::forbidden(detail)
            }
            E::UnknownEmployee(_)
            | E::UnknownSystem(_)
            | E::UnknownCourse(_)
            | E::UnknownUnit(_)
            | E::UnknownOccupation(_)
            | E::UnknownGroup(_)
            | E::UnknownRound(_)
            | E::NoSuchToken(_) => ApiError::not_found(detail),
            E::Invalid(_) | E::NoOpenReferral { .. } => ApiError::invalid(detail),
            E::Refused {
                problems, n_more, ..
            } => ApiError::invalid(detail)
                .with_problems(problems.iter().map(InputProblem::from).collect(), n_more),
            E::GuardTripped { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "termination-guard",
                "The termination guard tripped, nothing was written",
                detail,
            ),
            E::UnknownToken | E::RevokedToken { .. } | E::ExpiredToken { .. } => {
                ApiError::unauthenticated(detail)
            }
            busy if busy.is_busy() => {
                tracing::warn!("{what}: the registry is busy: {detail}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "The registry is busy",
                    "Another writer held the registry too long; try again shortly.",
                )
            }
            other => {
                tracing::error!("{what}: {}", crate::pages::person::with_causes(&other));
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(*self.problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"skillreg\""),
            );
        }
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// The error answers every operation may give (for the OpenAPI document).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum ReadErrors {
    /// Not modified: the `If-None-Match` tag is the answer's (reads).
    #[response(
        status = 304,
        description = "Not modified: the If-None-Match tag is still the answer's"
    )]
    NotModified,
    /// A parameter, header or body is malformed.
    #[response(
        status = 400,
        description = "A parameter, header or body is malformed",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    /// No credential, or one that does not hold.
    #[response(
        status = 401,
        description = "No credential, or one that does not hold",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    /// The caller may not do this.
    #[response(
        status = 403,
        description = "The caller may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// No such person, unit, system, round ...
    #[response(
        status = 404,
        description = "No such person, unit, system, round ...",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    /// The registry refuses the request as asked (the detail says why).
    #[response(
        status = 422,
        description = "The registry refuses the request as asked (the detail says why)",
        content_type = "application/problem+json"
    )]
    Refused(Problem),
    /// The service could not answer (logged).
    #[response(
        status = 500,
        description = "The service could not answer (logged)",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
    /// The registry is busy or the service is stopping: try again (`Retry-After`).
    #[response(
        status = 503,
        description = "Busy or stopping: try again after Retry-After",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// The error answers every write may give (for the OpenAPI document).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum WriteErrors {
    /// A parameter, header or body is malformed (not JSON, a wrong field).
    #[response(
        status = 400,
        description = "A parameter, header or body is malformed",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    /// No credential, or one that does not hold.
    #[response(
        status = 401,
        description = "No credential, or one that does not hold",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    /// The caller may not do this.
    #[response(
        status = 403,
        description = "The caller may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// No such person, system, course, round ...
    #[response(
        status = 404,
        description = "No such person, system, course, round ...",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    /// A conflict: the same Idempotency-Key is still being answered, or a guard tripped.
    #[response(
        status = 409,
        description = "A conflict: the same Idempotency-Key is still being answered",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    /// The body is larger than the service takes.
    #[response(
        status = 413,
        description = "The body is larger than the service takes",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    /// Refused, nothing written: every problem listed, `record` a JSON pointer into the body.
    #[response(
        status = 422,
        description = "Refused, nothing was written: every problem listed",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    /// The service could not answer (logged).
    #[response(
        status = 500,
        description = "The service could not answer (logged)",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
    /// The registry is busy or the service is stopping: try again (`Retry-After`).
    #[response(
        status = 503,
        description = "Busy or stopping: try again after Retry-After",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}
