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
//! `WWW-Authenticate: Bearer` challenge, and reads or writes nothing. Refused tokens of
//! either kind are counted per client address ([`super::jwt::FailureLimiter`]): past
//! `[limits]`, the address is answered `429` for a while.
//!
//! A service token the registry has verified is remembered for [`TOKEN_CACHE_SECS`] seconds
//! ([`TokenCache`], by a hash of the secret, never the secret itself), so a client's
//! requests do not each cost a round trip to the registry before their own. The price: a
//! token revoked (or expiring at midnight) is still taken for at most that long by a service
//! that saw it in use just before. A token that failed is never remembered: a new or
//! corrected one works at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
            service_token(state, parts, credential).await
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

/// How long a verified service token is taken without asking the registry again: the most a
/// revocation may take to reach a running service.
pub const TOKEN_CACHE_SECS: u64 = 10;

/// The most verified tokens remembered at once.
const MAX_CACHED_TOKENS: usize = 10_000;

/// Service tokens verified in the last [`TOKEN_CACHE_SECS`] seconds, by the BLAKE3 hash of
/// their secret, with the caller each names.
#[derive(Debug, Default)]
pub struct TokenCache {
    verified: Mutex<HashMap<[u8; 32], (Caller, Instant)>>,
}

impl TokenCache {
    /// The caller of `secret` if it was verified less than [`TOKEN_CACHE_SECS`] ago.
    fn get(&self, key: &[u8; 32], now: Instant) -> Option<Caller> {
        let verified = self.verified.lock().ok()?;
        let (caller, at) = verified.get(key)?;
        (now.duration_since(*at) < Duration::from_secs(TOKEN_CACHE_SECS)).then(|| caller.clone())
    }

    /// Remembers that `key`'s token was verified `at` as `caller`.
    fn put(&self, key: [u8; 32], caller: Caller, at: Instant) {
        let Ok(mut verified) = self.verified.lock() else {
            return;
        };
        if verified.len() >= MAX_CACHED_TOKENS {
            let ttl = Duration::from_secs(TOKEN_CACHE_SECS);
            verified.retain(|_, (_, then)| at.duration_since(*then) < ttl);
            if verified.len() >= MAX_CACHED_TOKENS {
                verified.clear();
            }
        }
        verified.insert(key, (caller, at));
    }
}

/// The caller a service token names, or `401`; from [`TokenCache`] when it was verified in the
/// last seconds. Refused tokens are counted per client address as refused access tokens are
/// (`429` past `[limits]`).
async fn service_token(
    state: &Arc<AppState>,
    parts: &Parts,
    secret: String,
) -> Result<Caller, ApiError> {
    let key: [u8; 32] = *blake3::hash(secret.as_bytes()).as_bytes();
    let asked = Instant::now();
    if let Some(caller) = state.api_tokens.get(&key, asked) {
        return Ok(caller);
    }
    let caller = verify_service_token(state, parts, secret).await?;
    state.api_tokens.put(key, caller.clone(), asked);
    Ok(caller)
}

/// The caller a service token names according to the registry, or `401`.
async fn verify_service_token(
    state: &Arc<AppState>,
    parts: &Parts,
    secret: String,
) -> Result<Caller, ApiError> {
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
            Err(state
                .token_failures
                .refuse(parts, "service token", refused.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verified_token_is_remembered_for_the_stated_seconds_only() {
        let cache = TokenCache::default();
        let key = *blake3::hash(b"skr_secret").as_bytes();
        let other = *blake3::hash(b"skr_other").as_bytes();
        let caller = Caller {
            actor: Actor::Manager("10001".to_string()),
            via: "api token intranet".to_string(),
        };
        let at = Instant::now();
        cache.put(key, caller.clone(), at);
        assert_eq!(cache.get(&key, at + Duration::from_secs(9)), Some(caller));
        assert_eq!(cache.get(&other, at), None);
        assert_eq!(
            cache.get(&key, at + Duration::from_secs(TOKEN_CACHE_SECS)),
            None
        );
    }
}
