//! The registry's own files posted over HTTP (read by [`skillreg_files`], as the command line
//! reads them): a round's answers table (`POST /api/v1/rounds/{id}/imports`, as `skillreg round
//! import`) and a maturity measurement's answers table (`POST /api/v1/maturity/measurements`, as
//! `skillreg maturity import`). The catalog TOML is [`super::catalog`].
//!
//! Each is HR's, all or nothing, with the same checks and audit rows as the command line (`via`
//! naming the token); a refused file answers `422` listing every problem with its file, line
//! and value (the name is `X-Filename`, or `request body`); `Idempotency-Key` is honoured as on
//! the other writes. The body is the CSV file itself (`text/csv`), held in memory up to
//! [`MAX_FILE_BYTES`] (and `[sources] max_body_bytes`, if lower).
//!
//! The checks of a file posted as the body (its media type, `X-Filename`, its size) are here
//! once, for these imports, the catalog ([`super::catalog`]) and the syncs ([`super::sync`]).
//!
//! The round's answers are posted to `/rounds/{id}/imports`, not to `/rounds/{id}/answers`:
//! that path takes one person's answers as JSON, and each operation keeps one body type.

use std::pin::Pin;
use std::sync::Arc;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use skillreg_store::{MaturityImport, Registry, RoundImport};
use utoipa::IntoParams;

use super::auth::Caller;
use super::problem::{ApiError, InputProblem, Problem};
use super::sync::DEFAULT_INPUT_NAME;
use super::write::{Write, WriteRequest, Written};
use crate::app::AppState;

/// The largest answers file taken: 32 MiB (a round of 10,000 people with ten systems each is
/// about 10 MiB).
pub const MAX_FILE_BYTES: usize = 32 << 20;

/// `403` unless the caller is HR: the registry's own check
/// ([`skillreg_store::Registry::require_hr`]), asked before the body is read so that a caller
/// who may not import learns that first (the import checks again).
pub(super) async fn require_hr(
    state: &AppState,
    caller: &Caller,
    action: &'static str,
) -> Result<(), ApiError> {
    state
        .pool
        .run(caller.actor.clone(), caller.via.clone(), move |r| {
            r.require_hr(action)
        })
        .await
        .map_err(|e| ApiError::from_server(e, action))
}

/// `415` unless the body's Content-Type (without parameters) is one of `wanted`.
pub(super) fn check_media_type(
    headers: &HeaderMap,
    what: &str,
    wanted: &[&str],
) -> Result<(), ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    match given {
        Some(t) if wanted.contains(&t.as_str()) => Ok(()),
        given => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            format!(
                "{what} is sent as {}, not {}.",
                wanted.join(" or "),
                given.as_deref().unwrap_or("a body without Content-Type")
            ),
        )),
    }
}

/// The whole body, at most `limit` bytes (`413` beyond, nothing written).
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    what: &str,
) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request body too large",
            format!("{what} is over this service's limit of {limit} bytes; nothing was written."),
        )
    };
    if let Some(length) = content_length(headers)?
        && length > limit as u64
    {
        return Err(too_large());
    }
    let mut body = body;
    let mut bytes = Vec::new();
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None => return Ok(Bytes::from(bytes)),
            Some(Err(_)) => {
                return Err(ApiError::bad_request(
                    "The request body broke off before its end; nothing was written.",
                ));
            }
            Some(Ok(frame)) => {
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                if bytes.len().saturating_add(data.len()) > limit {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&data);
            }
        }
    }
}

/// The declared Content-Length, if any (`400` if it is not a number).
pub(super) fn content_length(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::CONTENT_LENGTH) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Some)
        .ok_or_else(|| ApiError::bad_request("Content-Length is not a number."))
}

/// The name the problems, the audit trail and the run log give the file: `X-Filename`, or
/// `request body`.
pub(super) fn input_name(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get("x-filename") else {
        return Ok(DEFAULT_INPUT_NAME.to_string());
    };
    let name = value.to_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.len() > 255 || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "X-Filename must be a file name of 1 to 255 visible characters.",
        ));
    }
    Ok(name.to_string())
}

/// The answer for a failure of [`skillreg_files`].
pub(super) fn files_error(error: skillreg_files::Error, what: &str) -> ApiError {
    match error {
        skillreg_files::Error::Registry(e) => ApiError::from_store(e, what),
        skillreg_files::Error::Invalid {
            file,
            line,
            column,
            message,
        } => {
            let detail = format!("{file} was refused, nothing was written: {message}");
            ApiError::invalid(detail).with_problems(
                vec![InputProblem {
                    file: Some(file),
                    line,
                    column,
                    record: None,
                    value: None,
                    message,
                }],
                0,
            )
        }
        changed @ skillreg_files::Error::Changed => ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "The resource changed",
            format!("{changed}: read it again (its ETag) and send the change again."),
        ),
    }
}

/// `201` when something new was recorded, `200` when the registry held it all already.
fn status_of(n_recorded: u64) -> StatusCode {
    if n_recorded > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// Records a round's answers file (the round's forms CSV with `level` filled in) as
/// self-assessments, all or nothing, as `skillreg round import` does (HR). Every row must be of
/// round `id`. Name the file with `X-Filename` for the problems and the audit trail.
#[utoipa::path(
    post,
    path = "/api/v1/rounds/{id}/imports",
    tag = "writes",
    params(
        ("id" = i64, Path, description = "The round's number; every row's `round` must be it"),
        ("X-Filename" = Option<String>, Header, description = "The file's name, for the problems and the audit trail (default `request body`)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)"),
    ),
    request_body(
        description = "The answers file: a header naming `round`, `employee_no`, `system`, `level` (and optionally `answered`), separated by `;`, `,` or tab; UTF-8 (with or without BOM), UTF-16 with BOM, or windows-1252",
        content((String = "text/csv"))
    ),
    responses(
        (status = 201, description = "Recorded (counts)", body = RoundImport),
        (status = 200, description = "Every answer was already held: nothing written (counts)", body = RoundImport),
        (status = 400, description = "A header is malformed, or the body broke off", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credential, or one that does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not HR", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same Idempotency-Key is still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the service takes", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `text/csv`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file was refused, every problem listed with line and value; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "The service could not answer (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy or stopping: try again after Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn round_answers(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<i64>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let file = AnswersFile {
        state,
        caller,
        uri,
        headers,
        body,
    };
    file.import(
        "import a round's answers",
        "A round's answers file",
        |input, body| RoundAnswers { id, input, body },
    )
    .await
}

/// A round's answers file, read from the request (see [`round_answers`]).
struct RoundAnswers {
    id: i64,
    input: String,
    body: Bytes,
}

impl Write for RoundAnswers {
    const WHAT: &'static str = "api import round answers";
    type Answer = RoundImport;

    fn write(&self, r: &mut Registry, via: &str) -> Written<RoundImport> {
        let today = r.today();
        let import = skillreg_files::rounds::import_answers(
            r,
            self.body.to_vec(),
            &self.input,
            Some(self.id),
            today,
            via,
        )
        .map_err(|e| files_error(e, Self::WHAT))?;
        Ok((status_of(import.n_recorded), import))
    }
}

/// Which measurement a maturity answers file is.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeasurementQuery {
    /// The maturity framework's id, as the registry holds it (`GET /api/v1/maturity` names
    /// them). A framework's first measurement is imported with `skillreg maturity import
    /// --framework FILE`, which records its shape.
    pub framework: String,
    /// The framework's version (default: the latest held).
    pub version: Option<String>,
    /// The day of the measurement (rows may give their own in a `date` column).
    pub date: NaiveDate,
}

/// Records the answers of one maturity measurement, all or nothing, as `skillreg maturity
/// import` does (HR), to a framework the registry holds. Name the file with `X-Filename` for
/// the problems and the audit trail.
#[utoipa::path(
    post,
    path = "/api/v1/maturity/measurements",
    tag = "writes",
    params(
        MeasurementQuery,
        ("X-Filename" = Option<String>, Header, description = "The file's name, for the problems and the audit trail (default `request body`)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)"),
    ),
    request_body(
        description = "The answers file: a header naming `respondent`, `unit`, `capability`, `step` (and optionally `date`), separated by `;`, `,` or tab; UTF-8 (with or without BOM), UTF-16 with BOM, or windows-1252",
        content((String = "text/csv"))
    ),
    responses(
        (status = 201, description = "Recorded (counts)", body = MaturityImport),
        (status = 200, description = "Every answer was already held: nothing written (counts)", body = MaturityImport),
        (status = 400, description = "A parameter or header is malformed, or the body broke off", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credential, or one that does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not HR", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The registry holds no such framework (or version)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same Idempotency-Key is still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the service takes", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `text/csv`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file was refused, every problem listed with line and value; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "The service could not answer (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy or stopping: try again after Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn maturity_answers(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<MeasurementQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let file = AnswersFile {
        state,
        caller,
        uri,
        headers,
        body,
    };
    file.import(
        "import maturity answers",
        "A maturity answers file",
        |input, body| MaturityAnswers { query, input, body },
    )
    .await
}

/// A maturity measurement's answers file, read from the request (see [`maturity_answers`]).
struct MaturityAnswers {
    query: MeasurementQuery,
    input: String,
    body: Bytes,
}

impl Write for MaturityAnswers {
    const WHAT: &'static str = "api import maturity answers";
    type Answer = MaturityImport;

    fn write(&self, r: &mut Registry, via: &str) -> Written<MaturityImport> {
        let query = &self.query;
        let held = r.maturity_frameworks()?;
        let found = held.iter().rev().find(|f| {
            f.id == query.framework && query.version.as_ref().is_none_or(|v| *v == f.version)
        });
        let Some(framework) = found else {
            let version = query
                .version
                .as_ref()
                .map(|v| format!(" version {v:?}"))
                .unwrap_or_default();
            return Err(ApiError::not_found(format!(
                "The registry holds no maturity framework {:?}{version}; a framework's first measurement is imported with `skillreg maturity import --framework FILE`.",
                query.framework
            ))
            .into());
        };
        let today = r.today();
        let import = skillreg_files::maturity::import_answers(
            r,
            framework,
            self.body.to_vec(),
            &self.input,
            query.date,
            today,
            via,
        )
        .map_err(|e| files_error(e, Self::WHAT))?;
        Ok((status_of(import.n_recorded), import))
    }
}

/// An answers file posted to one of the bulk imports, with the request it came in.
struct AnswersFile {
    state: Arc<AppState>,
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
}

impl AnswersFile {
    /// Reads the file (HR only, checked before the body is read, so that anyone else gets 403
    /// rather than 422; `text/csv`; named by `X-Filename`; at most [`limit`]) and answers the
    /// write `make` builds from its name and bytes. `action` names the refusal, `what` the
    /// file in a wrong media type's problem.
    async fn import<W: Write>(
        self,
        action: &'static str,
        what: &str,
        make: impl FnOnce(String, Bytes) -> W,
    ) -> Response {
        let AnswersFile {
            state,
            caller,
            uri,
            headers,
            body,
        } = self;
        let read = async {
            require_hr(&state, &caller, action).await?;
            check_media_type(&headers, what, &["text/csv"])?;
            let input = input_name(&headers)?;
            let bytes = read_body(&headers, body, limit(&state), "The answers file").await?;
            Ok::<_, ApiError>((input, bytes))
        };
        let (input, bytes) = match read.await {
            Ok(read) => read,
            Err(e) => return e.into_response(),
        };
        let write = make(input, bytes.clone());
        WriteRequest::of(Method::POST, uri, headers, bytes)
            .answer_made(&state, caller, write)
            .await
    }
}

/// The largest answers file: [`MAX_FILE_BYTES`], or `[sources] max_body_bytes` if lower.
fn limit(state: &AppState) -> usize {
    usize::try_from(state.sources.max_body_bytes)
        .unwrap_or(usize::MAX)
        .min(MAX_FILE_BYTES)
}
