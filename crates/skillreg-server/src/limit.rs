//! Rate limits per client address on sign-in and form posts, with `governor`'s keyed
//! generic cell rate algorithm: `per_minute` requests a minute, up to `burst` at once.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsConfig;

/// How many addresses the limiter remembers before it forgets the idle ones.
const FORGET_ABOVE: usize = 10_000;

/// The limiter and where the client's address comes from.
#[derive(Debug)]
pub struct Limiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    ip_header: Option<String>,
}

impl Limiter {
    /// A limiter for `config`.
    pub fn new(config: &LimitsConfig) -> Limiter {
        let per_minute = NonZeroU32::new(config.per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(config.burst).unwrap_or(NonZeroU32::MIN);
        Limiter {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            ip_header: config.client_ip_header.clone(),
        }
    }

    fn client(&self, request: &Request) -> Option<IpAddr> {
        if let Some(name) = &self.ip_header {
            return request
                .headers()
                .get(name.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }
}

/// Middleware: 429 with `Retry-After` when the client's address is over its limit.
pub async fn limit(State(limiter): State<Arc<Limiter>>, request: Request, next: Next) -> Response {
    let ip = limiter
        .client(&request)
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    // Forget addresses whose allowance is full again, so that the table stays small.
    if limiter.limiter.len() > FORGET_ABOVE {
        limiter.limiter.retain_recent();
    }
    if let Err(not_until) = limiter.limiter.check_key(&ip) {
        let wait = not_until
            .wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
            .as_secs()
            .max(1);
        tracing::warn!(client = %ip, "rate limit reached on {}", request.uri().path());
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests: wait a moment and try again.\n",
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return response;
    }
    next.run(request).await
}
