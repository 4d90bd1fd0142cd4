//! The shape of every write of the API: a handler states only what is its own (its body, its
//! store call, its answer) and [`WriteRequest::answer`] does the rest, the same for all:
//!
//! 1. parses the JSON body (`400` if it is not JSON, `422` if it does not fit, with the line
//!    and column);
//! 2. claims the `Idempotency-Key`, if the request has one ([`super::idempotency`]): a retry
//!    is answered again, a key reused for another request is `422`, one still being answered
//!    `409`;
//! 3. runs [`Write::write`] on the registry pool as the caller (the store's checks, the audit
//!    trail's `via` naming the token), all or nothing;
//! 4. turns a refusal into a problem ([`super::problem`]), its problems pointed into the body
//!    by [`Write::point`];
//! 5. answers the status and JSON the write gave, and with a key stores that answer in the
//!    write's own transaction ([`skillreg_store::Registry::write_once`]): the registry holds
//!    the write and its answer, or neither. A refusal's answer is kept too (its write rolled
//!    back); an answer of the service's fault (5xx) is not, and the key is given back.
//!
//! A new write is a body type, a type implementing [`Write`] and a handler of one line:
//!
//! ```ignore
//! struct Talk { no: String, body: NewTalk }
//!
//! impl Write for Talk {
//!     const WHAT: &'static str = "api talk";
//!     type Answer = skillreg_core::talk::Talk;
//!
//!     fn write(&self, r: &mut Registry, via: &str) -> Written<Self::Answer> {
//!         let talk = r.record_talk(&self.no, self.body.date, &self.body.agreements, via)?;
//!         Ok((StatusCode::CREATED, talk))
//!     }
//! }
//!
//! #[utoipa::path(post, path = "/api/v1/people/{no}/talks", params(..., IDEMPOTENCY_KEY_PARAM) ...)]
//! pub async fn record_talk(
//!     State(state): State<Arc<AppState>>,
//!     caller: Caller,
//!     Path(no): Path<String>,
//!     request: WriteRequest,
//! ) -> Response {
//!     request.answer(&state, caller, |body| Talk { no, body }).await
//! }
//! ```
//!
//! A write whose handler makes it itself (a `DELETE` without a body, or a file posted as
//! `text/csv` and read by the handler, [`WriteRequest::of`] its parts) uses
//! [`WriteRequest::answer_made`]. A check of the
//! body before the store call returns an [`ApiError`] (`?` turns it into a [`Refusal`], as it
//! does the store's errors).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use skillreg_store::Registry;
use skillreg_store::idempotency::{Kept, StoredAnswer};

use super::auth::Caller;
use super::idempotency::{Keyed, claim, parse};
use super::problem::{ApiError, PROBLEM_JSON};
use crate::app::AppState;

/// The media type of a write's answer.
const JSON: &str = "application/json";

/// What a write answers: its status and its JSON body, or why it was refused.
pub(crate) type Written<A> = Result<(StatusCode, A), Refusal>;

/// One write of the API: what it does in the registry and what it answers (see the module
/// docs).
pub(crate) trait Write: Send + 'static {
    /// What the service's log names it by (`"api talk"`).
    const WHAT: &'static str;

    /// The answer's JSON body.
    type Answer: Serialize;

    /// The store call, on a worker's registry narrowed to the caller; `via` names the caller's
    /// way in (`api token intranet`), for the `entered_by` of what is written. Inside a
    /// transaction when the request has an `Idempotency-Key`: the store's own transactions
    /// nest in it.
    fn write(&self, registry: &mut Registry, via: &str) -> Written<Self::Answer>;

    /// A refusal, its problems pointed into the body (`/answers/2/value`); as it is by default.
    fn point(&self, error: ApiError) -> ApiError {
        error
    }
}

/// Why a write was refused: an error of the store, or a problem the handler found itself.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The store's error, turned into a problem by [`ApiError::from_store`].
    Store(skillreg_store::Error),
    /// The handler's own problem.
    Api(ApiError),
}

impl From<skillreg_store::Error> for Refusal {
    fn from(error: skillreg_store::Error) -> Refusal {
        Refusal::Store(error)
    }
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Refusal {
        Refusal::Api(error)
    }
}

/// The parts of a write request [`Write`] needs: method, path and query, headers (the
/// `Idempotency-Key`) and the raw body. The last argument of a write handler.
pub(crate) struct WriteRequest {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for WriteRequest {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<WriteRequest, Response> {
        let (method, uri, headers) = (
            request.method().clone(),
            request.uri().clone(),
            request.headers().clone(),
        );
        let body = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(WriteRequest {
            method,
            uri,
            headers,
            body,
        })
    }
}

impl WriteRequest {
    /// Answers the write `make` builds from the JSON body (see the module docs).
    pub(crate) async fn answer<B, W>(
        self,
        state: &Arc<AppState>,
        caller: Caller,
        make: impl FnOnce(B) -> W,
    ) -> Response
    where
        B: DeserializeOwned,
        W: Write,
    {
        let write = parse::<B>(&self.body).map(make);
        self.run(state, caller, write).await
    }

    /// The parts of a request whose body the handler has read itself (a file, not JSON):
    /// what the `Idempotency-Key` is claimed for.
    pub(crate) fn of(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> WriteRequest {
        WriteRequest {
            method,
            uri,
            headers,
            body,
        }
    }

    /// Answers `write`, made by the handler (a request without a body, or with one that is
    /// not JSON).
    pub(crate) async fn answer_made<W: Write>(
        self,
        state: &Arc<AppState>,
        caller: Caller,
        write: W,
    ) -> Response {
        self.run(state, caller, Ok(write)).await
    }

    async fn run<W: Write>(
        self,
        state: &Arc<AppState>,
        caller: Caller,
        write: Result<W, ApiError>,
    ) -> Response {
        let method = self.method.as_str();
        let key = match claim(state, &caller, &self.headers, &self.uri, method, &self.body).await {
            Keyed::None => None,
            Keyed::New { scope, key } => Some((scope, key)),
            Keyed::Answered(response) => return response,
        };
        let via = caller.via.clone();
        let answered = state
            .pool
            .run_mut(caller.actor, caller.via, move |r| {
                let answer = |r: &mut Registry| match write {
                    Err(e) => Answer::Refused(e),
                    Ok(w) => match w.write(r, &via) {
                        Ok((status, body)) => Answer::of(status, &body),
                        Err(Refusal::Api(e)) => Answer::Refused(w.point(e)),
                        Err(Refusal::Store(e)) => {
                            Answer::Refused(w.point(ApiError::from_store(e, W::WHAT)))
                        }
                    },
                };
                match key {
                    None => Ok(answer(r)),
                    Some((scope, key)) => r.write_once(&scope, &key, |r| {
                        let a = answer(r);
                        let kept = a.kept();
                        (a, kept)
                    }),
                }
            })
            .await;
        match answered {
            Ok(answer) => answer.into_response(),
            Err(e) => ApiError::from_server(e, W::WHAT).into_response(),
        }
    }
}

/// A write's answer, made on the worker (so that it can be stored in the write's transaction).
enum Answer {
    /// Written: the status and the JSON body.
    Written(StatusCode, Vec<u8>),
    /// Refused (nothing written).
    Refused(ApiError),
}

impl Answer {
    fn of(status: StatusCode, body: &impl Serialize) -> Answer {
        match serde_json::to_vec(body) {
            Ok(json) => Answer::Written(status, json),
            Err(e) => {
                tracing::error!("api: cannot write the answer as JSON: {e}");
                Answer::Refused(ApiError::internal())
            }
        }
    }

    /// What the registry keeps of it for its `Idempotency-Key`.
    fn kept(&self) -> Kept {
        match self {
            Answer::Written(status, json) => Kept::Written(StoredAnswer {
                status: status.as_u16(),
                content_type: Some(JSON.to_string()),
                body: json.clone(),
            }),
            Answer::Refused(e) if e.status().is_server_error() => Kept::Nothing,
            Answer::Refused(e) => match serde_json::to_vec(e.problem()) {
                Ok(json) => Kept::Refused(StoredAnswer {
                    status: e.status().as_u16(),
                    content_type: Some(PROBLEM_JSON.to_string()),
                    body: json,
                }),
                Err(_) => Kept::Nothing,
            },
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Written(status, json) => {
                let json_type = HeaderValue::from_static(JSON);
                (status, [(header::CONTENT_TYPE, json_type)], json).into_response()
            }
            Answer::Refused(e) => e.into_response(),
        }
    }
}
