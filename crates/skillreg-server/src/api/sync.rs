//! Syncs over HTTP: `POST /api/v1/sources/{kind}/runs` with a WLX, PAXml or CSV export as the
//! body. The body is streamed into the same sync engine as `skillreg sync KIND`
//! ([`skillreg_store::Registry::sync`]), under the same run lock
//! ([`skillreg_store::run_lock`]), as the caller (HR, or the source's sync token: the store
//! decides); the answer is the run's report, as `skillreg sync KIND --format json` prints it.
//!
//! A WLX export is read as it arrives (memory does not grow with it). PAXml is read twice by
//! its adapter and CSV whole, so those bodies are held in memory (up to
//! `[sources] max_body_bytes`), as the command line's adapters hold the file.

mod body;

use std::io::{BufReader, Read};
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use skillreg_core::sync::{ReadAhead, SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_store::Registry;
use skillreg_store::run_lock::{RunLock, RunLockError};
use tokio::sync::mpsc;
use utoipa::IntoParams;

use super::auth::Caller;
use super::imports::{check_media_type, content_length, input_name};
use super::problem::{ApiError, InputProblem, Problem};
use crate::app::AppState;
use crate::error::ServerError;
use body::{BodyReader, Pumped};

/// What the run log and the problems call a body without an `X-Filename`.
pub const DEFAULT_INPUT_NAME: &str = "request body";

/// The settings of a posted sync.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// Plan only: answer the report, write nothing (default false).
    pub dry_run: Option<bool>,
    /// Take only evidence (course results) from the export, change no one's employment
    /// (default false).
    pub evidence_only: Option<bool>,
    /// The termination guard: at most this many people (`25`) or this share of the active
    /// people (`5%`) may be terminated (default as the command line's).
    pub max_terminations: Option<String>,
}

/// Syncs the registry with the export in the body (`kind`: `wlx`, `paxml`, `csv`), as
/// `skillreg sync KIND FILE` does; `?dry_run=true` plans without writing. Name the file with
/// `X-Filename` for the run log and the problems (default `request body`).
#[utoipa::path(
    post,
    path = "/api/v1/sources/{kind}/runs",
    tag = "sync",
    params(
        ("kind" = String, Path, description = "The source: `wlx`, `paxml` or `csv` (PAXml and CSV need their mapping in the service's config)"),
        ("X-Filename" = Option<String>, Header, description = "The export's file name, for the run log and the problems"),
        RunQuery,
    ),
    request_body(
        description = "The export: WLX or PAXml XML (`application/xml`), CSV (`text/csv`)",
        content(
            (String = "application/xml"),
            (String = "text/xml"),
            (String = "text/csv"),
        )
    ),
    responses(
        (status = 200, description = "The run's report (a plan, for a dry run)", body = SyncReport),
        (status = 400, description = "A parameter or header is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credential, or one that does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may not sync this source", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such source, or none configured", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The termination guard tripped: `would_terminate` lists who; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over the configured size", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body's Content-Type is not the source's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The export was refused, every problem listed; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "The service could not answer (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Another sync holds the run lock, or the registry is busy: try again after Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn run(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    Path(kind): Path<String>,
    Query(query): Query<RunQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match start(caller, &state, &kind, query, &headers, body).await {
        Ok(report) => (StatusCode::OK, Json(report)).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The adapter a posted export is read by, with its mapping.
enum Adapter {
    Wlx,
    Paxml(Arc<skillreg_paxml::PaxmlMapping>, bool),
    Csv(Arc<skillreg_csv::CsvMapping>),
}

impl Adapter {
    fn kind(&self) -> &'static str {
        match self {
            Adapter::Wlx => skillreg_wlx::SOURCE,
            Adapter::Paxml(..) => skillreg_paxml::SOURCE,
            Adapter::Csv(_) => skillreg_csv::SOURCE,
        }
    }

    /// The media types the adapter reads.
    fn media_types(&self) -> &'static [&'static str] {
        match self {
            Adapter::Wlx | Adapter::Paxml(..) => &["application/xml", "text/xml"],
            Adapter::Csv(_) => &["text/csv"],
        }
    }
}

/// What the worker's part of a posted sync gave, besides the store's own errors.
enum Outcome {
    Done(Box<SyncReport>),
    Locked(RunLockError),
    Refused(ApiError),
}

async fn start(
    caller: Caller,
    state: &Arc<AppState>,
    kind: &str,
    query: RunQuery,
    headers: &HeaderMap,
    body: Body,
) -> Result<SyncReport, ApiError> {
    let sources = &state.sources;
    let adapter = match kind {
        "wlx" => Adapter::Wlx,
        "paxml" => sources
            .paxml_mapping()
            .map(|(m, allow)| Adapter::Paxml(m, allow))
            .ok_or_else(|| {
                ApiError::not_found(
                    "PAXml is not taken here: the service's config has no [sources.paxml] mapping.",
                )
            })?,
        "csv" => sources.csv_mapping().map(Adapter::Csv).ok_or_else(|| {
            ApiError::not_found(
                "CSV is not taken here: the service's config has no [sources.csv] mapping.",
            )
        })?,
        other => {
            return Err(ApiError::not_found(format!(
                "No source {other:?}: post to wlx, paxml or csv."
            )));
        }
    };
    let what = format!("A {} export", adapter.kind());
    check_media_type(headers, &what, adapter.media_types())?;
    let limit = sources.max_body_bytes;
    if let Some(length) = content_length(headers)?
        && length > limit
    {
        return Err(too_large(limit));
    }
    let config = sync_config(&query)?;
    let input = input_name(headers)?;
    let db = state.pool.path().to_path_buf();
    let lock_timeout = sources.lock_timeout();
    let (chunks, received) = mpsc::channel(body::CHUNKS);
    let what = format!("sync {kind}");
    let job = state.pool.run_mut(caller.actor, caller.via, {
        let input = input.clone();
        move |r| {
            let lock = match RunLock::acquire_within(&db, lock_timeout) {
                Ok(lock) => lock,
                Err(e) => return Ok(Outcome::Locked(e)),
            };
            let reader = BufReader::with_capacity(1 << 16, BodyReader::new(received));
            let outcome = read_and_sync(r, &adapter, reader, &input, &config);
            drop(lock);
            outcome
        }
    });
    let (done, pumped) = tokio::join!(job, body::pump(body, chunks, limit));
    match pumped {
        Pumped::TooLarge => return Err(too_large(limit)),
        Pumped::Broken => {
            return Err(ApiError::bad_request(
                "The request body broke off before its end; nothing was written.",
            ));
        }
        Pumped::Done => {}
    }
    match done {
        Ok(Outcome::Done(report)) => {
            tracing::info!(
                source = kind,
                input = %input,
                dry_run = report.dry_run,
                seen = report.n_seen,
                created = report.n_created,
                updated = report.n_updated,
                terminated = report.n_terminated,
                "sync over http finished"
            );
            Ok(*report)
        }
        Ok(Outcome::Refused(error)) => Err(error),
        Ok(Outcome::Locked(RunLockError::Locked { lock, timeout })) => {
            tracing::warn!("{what}: another run holds {lock}");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "locked",
                "Another sync is running",
                format!(
                    "Another sync run holds the registry's run lock and did not finish within {} s; nothing was written: try again later.",
                    timeout.as_secs()
                ),
            ))
        }
        Ok(Outcome::Locked(e @ RunLockError::LockFile { .. })) => {
            tracing::error!("{what}: {e}");
            Err(ApiError::internal())
        }
        Err(ServerError::Registry { source, .. }) => Err(store_error(*source, &what)),
        Err(other) => Err(ApiError::from_server(other, &what)),
    }
}

/// The store's error as the answer; a tripped guard names who would have been terminated.
fn store_error(error: skillreg_store::Error, what: &str) -> ApiError {
    if let skillreg_store::Error::GuardTripped { report, .. } = &error {
        let people = report.terminated().iter().map(|s| s.to_string()).collect();
        return ApiError::from_store(error, what).with_would_terminate(people);
    }
    ApiError::from_store(error, what)
}

/// Opens the export with its adapter and syncs the registry with it, on the worker.
fn read_and_sync(
    r: &mut Registry,
    adapter: &Adapter,
    mut reader: BufReader<BodyReader>,
    input: &str,
    config: &SyncConfig,
) -> Result<Outcome, skillreg_store::Error> {
    let opened: Result<Box<dyn skillreg_core::Snapshot>, (String, Vec<InputProblem>)> =
        match adapter {
            // Parsed ahead on a thread of its own while the registry writes, as the command
            // line reads a file: on one thread, the sync took 1.xx times the command line's.
            Adapter::Wlx => skillreg_wlx::WlxReader::with_file_name(reader, input)
                .map(|s| Box::new(ReadAhead::new(s)) as Box<dyn skillreg_core::Snapshot>)
                .map_err(|e| refusal(&e, e.problems())),
            Adapter::Paxml(mapping, allow_unmapped) => {
                let bytes = read_all(&mut reader, input)?;
                let options = skillreg_paxml::PaxmlOptions {
                    allow_unmapped: *allow_unmapped,
                };
                skillreg_paxml::PaxmlReader::from_bytes(bytes, input, mapping, options)
                    .map(|s| Box::new(s) as Box<dyn skillreg_core::Snapshot>)
                    .map_err(|e| {
                        refusal(
                            &e,
                            e.problem().map(std::slice::from_ref).unwrap_or_default(),
                        )
                    })
            }
            Adapter::Csv(mapping) => {
                let bytes = read_all(&mut reader, input)?;
                skillreg_csv::CsvReader::from_bytes(bytes, input, mapping, r.today())
                    .map(|s| Box::new(s) as Box<dyn skillreg_core::Snapshot>)
                    .map_err(|e| refusal(&e, e.problems()))
            }
        };
    match opened {
        Ok(mut snapshot) => r
            .sync(&mut *snapshot, input, config)
            .map(|report| Outcome::Done(Box::new(report))),
        Err((message, problems)) => {
            r.record_refused_run(adapter.kind(), config.role, input, &message)?;
            Ok(Outcome::Refused(
                ApiError::invalid(message).with_problems(problems, 0),
            ))
        }
    }
}

/// The message (with causes) and problems of an adapter's refusal.
fn refusal(
    error: &dyn std::error::Error,
    problems: &[skillreg_core::Problem],
) -> (String, Vec<InputProblem>) {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    (message, problems.iter().map(InputProblem::from).collect())
}

/// The whole body (PAXml and CSV adapters read from memory); a broken body is the store's
/// refusal of the input.
fn read_all(reader: &mut impl Read, input: &str) -> Result<Vec<u8>, skillreg_store::Error> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| skillreg_store::Error::Invalid(format!("{input}: cannot be read: {e}")))?;
    Ok(bytes)
}

/// The sync's settings from the query.
fn sync_config(query: &RunQuery) -> Result<SyncConfig, ApiError> {
    let max_terminations = match &query.max_terminations {
        Some(text) => text
            .parse::<TerminationLimit>()
            .map_err(|e| ApiError::bad_request(format!("max_terminations {text:?}: {e}")))?,
        None => TerminationLimit::default(),
    };
    Ok(SyncConfig {
        role: if query.evidence_only.unwrap_or(false) {
            SourceRole::Evidence
        } else {
            SourceRole::People
        },
        dry_run: query.dry_run.unwrap_or(false),
        max_terminations,
        ..SyncConfig::default()
    })
}

/// `413` for a body over `limit` bytes.
fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "Request body too large",
        format!(
            "The export is over this service's limit of {limit} bytes ([sources] max_body_bytes); nothing was written."
        ),
    )
}
