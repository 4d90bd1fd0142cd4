//! The skillreg web service: `skillreg serve` runs it behind a TLS-terminating reverse proxy.
//!
//! A thin layer on axum and tokio over the registry ([`skillreg_store::Registry`]): the store's
//! blocking calls run on a few worker threads that each keep a registry open
//! ([`RegistryPool`]), narrowed per request to the signed-in [`skillreg_store::Actor`] and
//! naming the web session in the audit trail's `via`.
//!
//! # Brief overview
//! - [`Config`]: `server.toml` (registry, listen, public URL, sessions, limits, `[oidc]`).
//! - [`App`]: the router bound to a socket; [`App::run_until`] serves until a shutdown signal
//!   ([`shutdown_signal`]: Ctrl-C or SIGTERM) and finishes the requests under way; [`serve`]
//!   does it all for the command line.
//! - Routes: `/healthz`, `/readyz`, `/static/skillreg.css`; with `[oidc]`: `/` (the signed-in
//!   person's brief), `/auth/signin`, `/auth/callback`, `POST /signout`, `/signed-out`.
//! - Sign-in ([`Provider`]): OpenID Connect code flow with PKCE, state and nonce; the claims
//!   map to an actor by [`Identity::from_claims`]; a manager is whoever the registry says
//!   manages anyone today.
//! - Sessions ([`Sessions`]): server-side, in memory, random ids, idle and absolute timeouts,
//!   a CSRF token each, cookie [`SESSION_COOKIE`] (`__Host-`, Secure, HttpOnly, SameSite=Lax).
//! - Every response carries [`CSP`], `X-Content-Type-Options: nosniff` and
//!   `Referrer-Policy: same-origin`; sign-in and form posts are rate limited per address.
//!
//! # Example
//! ```
//! use skillreg_server::{App, Config, Options};
//!
//! # let dir = tempfile::tempdir()?;
//! # let db = dir.path().join("skillreg.db");
//! # drop(skillreg_store::Registry::open(&db, skillreg_store::Actor::Hr)?);
//! let text = format!("registry = {:?}\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://skillreg.example.org\"\n", db);
//! let config = Config::parse(&text, "server.toml".as_ref())?;
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let app = App::bind(config, Options::default()).await?;
//!     let addr = app.local_addr()?;
//!     let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//!     let server = tokio::spawn(app.run_until(async { let _ = stopped.await; }));
//!     let mut stream = tokio::net::TcpStream::connect(addr).await?;
//!     use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!     stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await?;
//!     let mut answer = String::new();
//!     stream.read_to_string(&mut answer).await?;
//!     assert!(answer.starts_with("HTTP/1.0 200 OK"));
//!     assert!(answer.contains("x-content-type-options: nosniff"));
//!     let _ = stop.send(());
//!     server.await??;
//!     Ok::<(), Box<dyn std::error::Error>>(())
//! })?;
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod api;
mod app;
mod config;
mod demo;
mod error;
mod limit;
mod oidc;
mod pages;
mod pool;
mod session;
mod web;

pub use api::openapi;
pub use api::problem::{InputProblem, Problem};
pub use app::{App, CSP, Options, serve, shutdown_signal};
pub use config::{Config, LimitsConfig, OidcConfig, SessionConfig};
pub use config::{CsvSource, DEFAULT_MAX_BODY_BYTES, PaxmlSource, SourcesConfig};
pub use demo::serve_demo;
pub use error::ServerError;
pub use oidc::{CallbackError, Identity, Provider};
pub use pages::lang_from_accept;
pub use pool::RegistryPool;
pub use session::{SESSION_COOKIE, SIGNIN_COOKIE, Session, Sessions};
