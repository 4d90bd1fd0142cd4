//! Who is calling the API: [`Caller`], from the request's `Authorization: Bearer` credential.
//!
//! Two kinds of credential are taken:
//! - a **service token** (`skr_...`, made by `skillreg token create`): the registry looks it up
//!   by its hash ([`skillreg_store::Registry::service_token_caller`]) and the caller is the
//!   actor it was made for; the audit trail's `via` is `api token NAME`;
//! - an **access token** (a JWT) of the identity provider in `[oidc]`, checked by
//!   [`super::jwt`] and mapped to an actor as a sign-in is. A service without `[oidc]` serves
//!   the API to service tokens alone.
//!
//! A request without a credential, or with one that does not hold, is `401` with a
//! `WWW-Authenticate: Bearer` challenge, and reads or writes nothing.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use skillreg_store::{Actor, TOKEN_PREFIX};

use super::problem::ApiError;
use crate::app::AppState;

/// The caller of an API request: the actor the registry is narrowed to, and the `via` its
/// audit rows carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Who the registry answers as.
    pub actor: Actor,
    /// What the audit trail names as the way in (`api token intranet`).
    pub via: String,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Caller, ApiError> {
        let credential = bearer(parts)?;
        if credential.starts_with(TOKEN_PREFIX) {
            service_token(state, credential).await
        } else {
            super::jwt::caller(state, parts, credential).await
        }
    }
}

/// The bearer credential of the request.
fn bearer(parts: &Parts) -> Result<String, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthenticated(
            "No credential: send `Authorization: Bearer <token>` with a service token or an access token.",
        ));
    };
    let value = value.to_str().unwrap_or_default().trim();
    let (scheme, credential) = value.split_once(' ').unwrap_or((value, ""));
    let credential = credential.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || credential.is_empty() {
        return Err(ApiError::unauthenticated(
            "The Authorization header is not `Bearer <token>`.",
        ));
    }
    Ok(credential.to_string())
}

/// The caller a service token names, or `401`.
async fn service_token(state: &Arc<AppState>, secret: String) -> Result<Caller, ApiError> {
    let now = chrono::Utc::now();
    let found = state
        .pool
        .run(
            Actor::Hr,
            "api authentication".to_string(),
            move |r| match r.service_token_caller(&secret, now) {
                Ok(caller) => Ok(Ok(caller)),
                Err(
                    e @ (skillreg_store::Error::UnknownToken
                    | skillreg_store::Error::RevokedToken { .. }
                    | skillreg_store::Error::ExpiredToken { .. }),
                ) => Ok(Err(e)),
                Err(e) => Err(e),
            },
        )
        .await
        .map_err(|e| ApiError::from_server(e, "api authentication"))?;
    match found {
        Ok(caller) => Ok(Caller {
            actor: caller.actor,
            via: format!("api token {}", caller.name),
        }),
        Err(refused) => {
            tracing::warn!("api authentication refused: {refused}");
            Err(ApiError::unauthenticated(refused.to_string()))
        }
    }
}
