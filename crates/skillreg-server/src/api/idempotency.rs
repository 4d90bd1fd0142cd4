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
//! The write and its stored answer are one transaction (a registry holds both or neither; see
//! [`skillreg_store::idempotency`]); the claim before them is its own, so that the same key
//! sent meanwhile is answered `409` at once. The writes get all this from
//! [`super::write::Write`].

use std::sync::Arc;

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

/// What the `Idempotency-Key` of a request asks.
pub(crate) enum Keyed {
    /// No key: simply write.
    None,
    /// A new key, now claimed: write, and store the answer in the same transaction
    /// ([`skillreg_store::Registry::write_once`]) under (scope, key).
    New { scope: String, key: String },
    /// Answered already (a replay, a key reused for another request, a key still being
    /// answered, or not a key): this is the answer.
    Answered(Response),
}

/// Claims the `Idempotency-Key` of the request (see the module docs), if it has one.
pub(crate) async fn claim(
    state: &Arc<AppState>,
    caller: &Caller,
    headers: &HeaderMap,
    uri: &Uri,
    method: &str,
    body: &[u8],
) -> Keyed {
    let Some(key) = headers.get(IDEMPOTENCY_KEY) else {
        return Keyed::None;
    };
    let key = match key.to_str() {
        Ok(k) if is_valid_key(k) => k.to_string(),
        _ => {
            return Keyed::Answered(
                ApiError::bad_request(
                    "The Idempotency-Key is not 1 to 255 visible ASCII characters.",
                )
                .into_response(),
            );
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
        Err(e) => {
            return Keyed::Answered(
                ApiError::from_server(e, "api idempotency key").into_response(),
            );
        }
    };
    Keyed::Answered(match claim {
        Claim::New => return Keyed::New { scope, key },
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
    })
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
