//! The HTTP client that skillreg's network adapters (SCIM, xAPI) share.
//!
//! - **Timeouts** on connecting and on each request.
//! - **Retries with backoff** on 429 and 5xx answers and on transport errors, honouring
//!   `Retry-After` (seconds or an HTTP date), up to a configured number of attempts.
//! - **Clear errors** on 401 and 403 (no retry: a wrong token does not get better).
//! - **Secrets stay secret**: a [`Secret`] prints as `***`, is sent only in the `Authorization`
//!   header, and no error message carries a header or a URL's user info.
//!
//! ```no_run
//! use skillreg_http::{Auth, Client, HttpConfig, Secret};
//!
//! let auth = Auth::Bearer(Secret::from_env("SCIM_TOKEN")?);
//! let client = Client::new(HttpConfig::default(), auth, &[])?;
//! let page: serde_json::Value = client.get_json("http://127.0.0.1:8080/v2/Users", &[("count", "100".into())])?;
//! println!("{}", page["totalResults"]);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use std::fmt;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Response;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;

/// A password or token: never printed, never in an error.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// Reads a secret from the environment variable `var`. The error names the variable, never
    /// a value.
    pub fn from_env(var: &str) -> Result<Secret, HttpError> {
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Secret(v)),
            Ok(_) => Err(HttpError::Secret {
                var: var.to_string(),
                reason: "is empty",
            }),
            Err(std::env::VarError::NotPresent) => Err(HttpError::Secret {
                var: var.to_string(),
                reason: "is not set",
            }),
            Err(std::env::VarError::NotUnicode(_)) => Err(HttpError::Secret {
                var: var.to_string(),
                reason: "is not valid UTF-8",
            }),
        }
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the client authenticates.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// HTTP Basic.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: Secret,
    },
}

/// Timeouts and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpConfig {
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub timeout: Duration,
    /// Attempts per request in all (1: no retry).
    pub attempts: u32,
    /// Wait before the first retry; doubled each time.
    pub backoff: Duration,
    /// Longest wait between attempts, also for a server's `Retry-After`.
    pub max_wait: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            attempts: 5,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Why a request failed. Messages name the URL (without user info or query secrets) and the
/// status, never a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// A secret's environment variable is missing or empty.
    #[error("environment variable {var} {reason}: it must hold the secret the profile names")]
    Secret {
        /// The variable.
        var: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A header given to [`Client::new`] cannot be sent.
    #[error("cannot send the header {name:?}: {reason}")]
    Header {
        /// The header's name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// The URL cannot be used.
    #[error("invalid URL {url:?}: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// 401 or 403: the credentials were refused.
    #[error("{url}: the server refused the credentials (HTTP {status}); check the token or user and password{}", hint_for(*status))]
    Unauthorized {
        /// The URL.
        url: String,
        /// 401 or 403.
        status: u16,
    },
    /// Another unsuccessful status (after retries for 429 and 5xx).
    #[error("{url}: HTTP {status} after {attempts} attempt(s){}", if body.is_empty() { String::new() } else { format!(": {body}") })]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// The start of the response body, for diagnosis.
        body: String,
    },
    /// The server could not be reached or did not answer in time (after retries).
    #[error("{url}: {message} (after {attempts} attempt(s))")]
    Transport {
        /// The URL.
        url: String,
        /// What happened.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The answer is not the JSON expected.
    #[error("{url}: the answer is not valid JSON of the expected shape: {message}")]
    Decode {
        /// The URL.
        url: String,
        /// What is wrong.
        message: String,
    },
}

fn hint_for(status: u16) -> &'static str {
    match status {
        401 => " (401: missing or wrong credentials)",
        403 => " (403: the credentials lack permission)",
        _ => "",
    }
}

/// TLS through rustls with the ring provider (no C build), checking certificates with the
/// platform's verifier and root store, as reqwest's own rustls setup does.
fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}

/// A blocking HTTP client with the behaviour described in the crate docs.
#[derive(Debug, Clone)]
pub struct Client {
    inner: reqwest::blocking::Client,
    auth: Auth,
    config: HttpConfig,
}

impl Client {
    /// A client with `config`, authenticating with `auth` and sending `headers` on every request
    /// (e.g. `X-Experience-API-Version`).
    pub fn new(
        config: HttpConfig,
        auth: Auth,
        headers: &[(&str, &str)],
    ) -> Result<Client, HttpError> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| HttpError::Header {
                name: name.to_string(),
                reason: format!("not a valid header name: {e}"),
            })?;
            let value = HeaderValue::from_str(value).map_err(|e| HttpError::Header {
                name: name.to_string(),
                reason: format!("not a valid header value: {e}"),
            })?;
            map.insert(name, value);
        }
        let tls = tls_config().map_err(|e| HttpError::Transport {
            url: String::new(),
            message: format!("cannot set up TLS: {e}"),
            attempts: 0,
        })?;
        let inner = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .default_headers(map)
            .user_agent(concat!("skillreg/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HttpError::Transport {
                url: String::new(),
                message: format!("cannot build the HTTP client: {e}"),
                attempts: 0,
            })?;
        Ok(Client {
            inner,
            auth,
            config,
        })
    }

    /// GETs `url` with `query` parameters and decodes the JSON answer.
    pub fn get_json<T: DeserializeOwned>(
        &self,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T, HttpError> {
        let shown = display_url(url);
        let attempts = self.config.attempts.max(1);
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        // A connection that breaks while the body is read is retried like one that fails
        // before the answer.
        let bytes = loop {
            attempt += 1;
            let response = self.get(url, query)?;
            match response.bytes() {
                Ok(bytes) => break bytes,
                Err(e) if attempt >= attempts => {
                    return Err(HttpError::Transport {
                        url: shown,
                        message: format!("reading the answer failed: {}", error_chain(e)),
                        attempts: attempt,
                    });
                }
                Err(e) => {
                    let pause = wait.min(self.config.max_wait);
                    tracing::info!(
                        url = %shown,
                        attempt,
                        attempts,
                        wait_ms = millis(pause),
                        error = %error_chain(e),
                        "reading the answer failed; retrying"
                    );
                    thread::sleep(pause);
                    wait = wait.saturating_mul(2);
                }
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| HttpError::Decode {
            url: shown,
            message: e.to_string(),
        })
    }

    /// GETs `url` with `query` parameters; retries as described in the crate docs and returns
    /// the first successful response.
    pub fn get(&self, url: &str, query: &[(&str, String)]) -> Result<Response, HttpError> {
        let shown = display_url(url);
        let mut parsed = reqwest::Url::parse(url).map_err(|e| HttpError::Url {
            url: shown.clone(),
            reason: e.to_string(),
        })?;
        if !query.is_empty() {
            parsed
                .query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let attempts = self.config.attempts.max(1);
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self.inner.get(parsed.clone());
            request = match &self.auth {
                Auth::None => request,
                Auth::Bearer(token) => request.bearer_auth(token.expose()),
                Auth::Basic { user, password } => request.basic_auth(user, Some(password.expose())),
            };
            let last = attempt >= attempts;
            tracing::debug!(url = %shown, attempt, attempts, "GET");
            match request.send() {
                Ok(response) if response.status().is_success() => {
                    tracing::debug!(url = %shown, status = response.status().as_u16(), "answered");
                    return Ok(response);
                }
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(url = %shown, status = status.as_u16(), "answered");
                    if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                        return Err(HttpError::Unauthorized {
                            url: shown,
                            status: status.as_u16(),
                        });
                    }
                    let retryable =
                        status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
                    if !retryable || last {
                        let body = response.text().unwrap_or_default();
                        return Err(HttpError::Status {
                            url: shown,
                            status: status.as_u16(),
                            attempts: attempt,
                            body: excerpt(&body),
                        });
                    }
                    let asked = retry_after(response.headers());
                    let pause = asked.unwrap_or(wait).min(self.config.max_wait);
                    tracing::info!(
                        url = %shown,
                        status = status.as_u16(),
                        attempt,
                        attempts,
                        wait_ms = millis(pause),
                        retry_after = asked.is_some(),
                        "HTTP {}; retrying",
                        status.as_u16()
                    );
                    thread::sleep(pause);
                }
                Err(e) => {
                    let message = error_chain(e);
                    if last {
                        return Err(HttpError::Transport {
                            url: shown,
                            message,
                            attempts: attempt,
                        });
                    }
                    let pause = wait.min(self.config.max_wait);
                    tracing::info!(
                        url = %shown,
                        attempt,
                        attempts,
                        wait_ms = millis(pause),
                        error = %message,
                        "no answer; retrying"
                    );
                    thread::sleep(pause);
                }
            }
            wait = wait.saturating_mul(2);
        }
    }
}

/// A wait in whole milliseconds, for the log.
fn millis(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delta = when.signed_duration_since(chrono::Utc::now());
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// `url` without user info and without its query string, for messages.
pub fn display_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if u.has_host() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.to_string()
        }
        _ => {
            // Unparsable (or no host): still never show user info (`scheme://user:pass@host`).
            let head = url.split(['?', '#']).next().unwrap_or("");
            let (scheme, rest) = head.split_once("://").unwrap_or(("", head));
            let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            let slash = if rest.contains('/') { "/" } else { "" };
            if scheme.is_empty() {
                format!("{host}{slash}{path}")
            } else {
                format!("{scheme}://{host}{slash}{path}")
            }
        }
    }
}

/// An error and its causes, on one line (reqwest's own message alone says only "error sending
/// request"). The URL is stripped from reqwest's error, since the caller names it safely.
fn error_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// At most 300 characters of a body, on one line.
fn excerpt(body: &str) -> String {
    let one_line: String = body
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    one_line.trim().to_string()
}
