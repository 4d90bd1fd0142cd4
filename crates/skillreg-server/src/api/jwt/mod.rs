//! Access tokens (JWT) of the identity provider in `[oidc]`: checked against the provider's
//! key set ([`keys::AccessTokens`]: signature, `typ: at+jwt`, issuer, audience, expiry) and
//! mapped to an actor as a sign-in is ([`crate::Identity::from_claims`]: HR groups, viewer
//! groups, else the employee number: a manager when the registry says they manage anyone
//! today, else an employee; unknown people and people who have left are refused).
//!
//! The audit trail's `via` is `api access token of SUB` (the provider's subject, as a
//! session's `via` names its session and nothing more). Refused tokens are logged without the
//! token, and counted per client address ([`FailureLimiter`], which counts refused service
//! tokens too): past `[limits]` they are answered `429`.

mod keys;

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::Value;
use skillreg_store::Actor;

pub(crate) use keys::AccessTokens;

use super::auth::Caller;
use super::problem::ApiError;
use crate::app::AppState;
use crate::config::LimitsConfig;
use crate::oidc::Identity;
use crate::pages::Refusal;

/// How many addresses the limiter remembers before it forgets the idle ones.
const FORGET_ABOVE: usize = 10_000;

/// Refused credentials per client address (access tokens and service tokens alike), as
/// `[limits]` allows sign-ins.
#[derive(Debug)]
pub(crate) struct FailureLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    ip_header: Option<String>,
}

impl FailureLimiter {
    /// A limiter of `config`'s rate.
    pub(crate) fn new(config: &LimitsConfig) -> FailureLimiter {
        let per_minute = NonZeroU32::new(config.per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(config.burst).unwrap_or(NonZeroU32::MIN);
        FailureLimiter {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            ip_header: config.client_ip_header.clone(),
        }
    }

    fn client(&self, parts: &Parts) -> IpAddr {
        let from_header = self.ip_header.as_ref().and_then(|name| {
            parts
                .headers
                .get(name.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        });
        from_header
            .or_else(|| {
                parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            .unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    /// The answer to a refused credential (`what`: `access token`, `service token`) of the
    /// request `parts`: `401` with `detail`, counted for the client's address; `429` once the
    /// address is past the limit.
    pub(crate) fn refuse(&self, parts: &Parts, what: &str, detail: String) -> ApiError {
        let client = self.client(parts);
        if !self.count(client) {
            tracing::warn!(client = %client, "api {what}s refused too often from this address");
            return ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
                format!("Too many refused {what}s from this address: wait a minute and try again."),
            );
        }
        tracing::warn!(client = %client, "api {what} refused: {detail}");
        ApiError::unauthenticated(detail)
    }

    /// Counts one refusal for `client`: whether it is still within the limit.
    fn count(&self, client: IpAddr) -> bool {
        if self.limiter.len() > FORGET_ABOVE {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client).is_ok()
    }
}

/// The caller an access token names, or `401` (`403` for a token that holds but names no one
/// the registry lets in; `429` past the limit of refusals).
pub(crate) async fn caller(
    state: &Arc<AppState>,
    parts: &Parts,
    token: String,
) -> Result<Caller, ApiError> {
    let (Some(provider), Some(tokens)) = (&state.provider, &state.access_tokens) else {
        return Err(ApiError::unauthenticated(
            "Not a service token (they begin `skr_`), and this service takes no access tokens: it has no [oidc] identity provider.",
        ));
    };
    let claims = match tokens.verify(provider, &token).await {
        Ok(claims) => claims,
        Err(refused) => {
            return Err(state.token_failures.refuse(
                parts,
                "access token",
                format!("The access token was refused: {refused}."),
            ));
        }
    };
    let subject = match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => {
            return Err(ApiError::unauthenticated(
                "The access token has no subject.",
            ));
        }
    };
    let actor = actor(state, &claims, &subject).await?;
    Ok(Caller {
        actor,
        via: format!("api access token of {subject}"),
    })
}

/// The actor the claims map to, as at sign-in, or `403`.
async fn actor(
    state: &AppState,
    claims: &std::collections::BTreeMap<String, Value>,
    subject: &str,
) -> Result<Actor, ApiError> {
    let Some(provider) = &state.provider else {
        return Err(ApiError::internal());
    };
    let what = "api access token";
    match Identity::from_claims(provider.config(), claims) {
        None => {
            tracing::warn!(subject = %subject, "api access token refused: no employee number and no group that gives access");
            Err(ApiError::forbidden(
                "The access token carries no employee number and no group that gives access.",
            ))
        }
        Some(Identity::Hr { .. }) => Ok(Actor::Hr),
        Some(Identity::Viewer { unit, .. }) => match crate::web::unit_is_held(state, &unit).await {
            Ok(true) => Ok(Actor::Viewer(unit)),
            Ok(false) => {
                tracing::warn!(unit = %unit, "api access token refused: the viewer group's unit is not in the registry");
                Err(ApiError::forbidden(format!(
                    "The access token's group gives access to unit {unit}, which the registry does not hold."
                )))
            }
            Err(e) => Err(ApiError::from_server(e, what)),
        },
        Some(Identity::Person(no)) => match crate::web::person_actor(state, &no).await {
            Ok(Ok(actor)) => Ok(actor),
            Ok(Err(refusal)) => {
                tracing::warn!(employee = %no, "api access token refused: {refusal:?}");
                Err(ApiError::forbidden(match refusal {
                    Refusal::Unknown => format!("The registry does not know employee {no}."),
                    Refusal::Left => {
                        format!("Employee {no} has no employment active today.")
                    }
                    Refusal::NoEmployeeNumber => {
                        "The access token carries no employee number.".to_string()
                    }
                }))
            }
            Err(e) => Err(ApiError::from_server(e, what)),
        },
    }
}
