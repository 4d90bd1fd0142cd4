//! `Idempotency-Key` on the writes (draft-ietf-httpapi-idempotency-key-header): a write sent
//! again with the same key by the same caller is answered again, not written twice.
//!
//! - The same key, the same caller, the same request (method, path and query, body): the
//!   first answer again, its status and body, with `Idempotency-Replayed: true`; nothing is
//!   written.
//! - The same key for a different request: `422`, nothing written.
//! - The same key while the first request is still being answered: `409`.
//! - A key is 1 to 255 visible ASCII characters (else `400`), the caller's own (scoped by the
//!   token's name or the access token's subject), kept 24 hours in the registry (so a restart
//!   does not forget it). An answer of the service's fault (5xx) is not kept: a retry writes.
//!
//! The claim, the write and the stored answer are separate transactions; see
//! [`skillreg_store::idempotency`] for the window that leaves.

use std::future::Future;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use skillreg_store::idempotency::{Claim, StoredAnswer, is_valid_key};

use super::auth::Caller;
use super::problem::{ApiError, InputProblem};
use crate::app::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The header of a replayed answer.
pub const IDEMPOTENCY_REPLAYED: &str = "idempotency-replayed";

/// The largest answer kept for a key (writes answer with counts and ids, far below this).
const MAX_KEPT: usize = 1024 * 1024;

/// The JSON body `raw` as `T`: `400` if it is not JSON, `422` if it is JSON of another shape.
pub(crate) fn parse<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(raw).map_err(|e| {
        if e.is_data() {
            ApiError::invalid(format!("The body does not fit the operation: {e}")).with_problems(
                vec![InputProblem {
                    file: None,
                    line: Some(e.line() as u64),
                    column: Some(e.column() as u64),
                    record: None,
                    value: None,
                    message: e.to_string(),
                }],
                0,
            )
        } else {
            ApiError::bad_request(format!("The body is not JSON: {e}"))
        }
    })
}

/// Answers `write` once per `Idempotency-Key` of the caller (see the module docs); without
/// the header, simply answers it.
pub(crate) async fn once<F>(
    state: &Arc<AppState>,
    caller: &Caller,
    headers: &HeaderMap,
    uri: &Uri,
    method: &str,
    body: &[u8],
    write: F,
) -> Response
where
    F: Future<Output = Result<Response, ApiError>>,
{
    let Some(key) = headers.get(IDEMPOTENCY_KEY) else {
        return write.await.into_response();
    };
    let key = match key.to_str() {
        Ok(k) if is_valid_key(k) => k.to_string(),
        _ => {
            return ApiError::bad_request(
                "The Idempotency-Key is not 1 to 255 visible ASCII characters.",
            )
            .into_response();
        }
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(uri.to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    let fingerprint = hasher.finalize().to_hex().to_string();
    let scope = caller.via.clone();
    let (s, k) = (scope.clone(), key.clone());
    let claim = state
        .pool
        .run_mut(caller.actor.clone(), caller.via.clone(), move |r| {
            r.claim_idempotency_key(&s, &k, &fingerprint, chrono::Utc::now())
        })
        .await;
    let claim = match claim {
        Ok(c) => c,
        Err(e) => return ApiError::from_server(e, "api idempotency key").into_response(),
    };
    match claim {
        Claim::Replay(answer) => replay(answer),
        Claim::Mismatch => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "The Idempotency-Key was used for another request",
            "This Idempotency-Key was sent before with another request; use a new key for a new request.",
        )
        .into_response(),
        Claim::InFlight => ApiError::new(
            StatusCode::CONFLICT,
            "idempotency-key-in-use",
            "The request with this Idempotency-Key is still being answered",
            "The first request with this Idempotency-Key is still being answered; retry later.",
        )
        .into_response(),
        Claim::New => {
            let response = write.await.into_response();
            keep(state, caller, scope, key, response).await
        }
    }
}

/// Stores `response` as the answer for `key` (or gives the key back on a fault of the
/// service), and answers it.
async fn keep(
    state: &Arc<AppState>,
    caller: &Caller,
    scope: String,
    key: String,
    response: Response,
) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_KEPT).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!("api idempotency key: cannot keep the answer: {e}");
            Bytes::new()
        }
    };
    let status = parts.status;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let kept = bytes.to_vec();
    let stored = state
        .pool
        .run_mut(caller.actor.clone(), caller.via.clone(), move |r| {
            if status.is_server_error() {
                r.release_idempotency_key(&scope, &key)
            } else {
                let answer = StoredAnswer {
                    status: status.as_u16(),
                    content_type,
                    body: kept,
                };
                r.complete_idempotency_key(&scope, &key, &answer)
            }
        })
        .await;
    if let Err(e) = stored {
        tracing::error!("api idempotency key: cannot store the answer: {e}");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The stored answer, again.
fn replay(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    if let Some(v) = answer
        .content_type
        .as_deref()
        .and_then(|t| HeaderValue::from_str(t).ok())
    {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(IDEMPOTENCY_REPLAYED, HeaderValue::from_static("true"));
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"skillreg\""),
        );
    }
    response
}
