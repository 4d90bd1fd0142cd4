//! [`ServerError`]: what can go wrong while configuring, starting or running the web service.

use std::path::PathBuf;

/// An error of the web service, in its own words.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The configuration file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadConfig {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration file is not valid: `file:line:column: what`.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending key or value (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// The client secret's environment variable is not set or empty.
    #[error(
        "the environment variable {var} (named by [oidc] client_secret_env) {reason}: set it to the client secret the identity provider issued"
    )]
    Secret {
        /// The variable's name.
        var: String,
        /// `is not set`, `is empty`.
        reason: &'static str,
    },
    /// The identity provider could not be discovered or its answer is unusable.
    #[error("OpenID Connect provider {issuer}: {message}")]
    Provider {
        /// The configured issuer.
        issuer: String,
        /// What went wrong.
        message: String,
    },
    /// The registry could not be opened or read.
    #[error("registry {}: {source}", path.display())]
    Registry {
        /// The registry file.
        path: PathBuf,
        /// The store's error.
        source: Box<skillreg_store::Error>,
    },
    /// The listening socket could not be bound or served.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// The demo service was asked to listen on an address that is not loopback.
    #[error(
        "the demo listens on loopback only (127.0.0.1 or ::1), not {addr}: it signs anyone in who asks"
    )]
    NotLoopback {
        /// The address asked for.
        addr: String,
    },
    /// The registry's worker threads are gone (the service is shutting down).
    #[error("the registry workers have stopped")]
    WorkersGone,
    /// A registry worker could not open its connection to the registry (the file is gone, not
    /// readable, or not a registry); the next request tries again.
    #[error("registry {} cannot be opened: {source}", path.display())]
    Unavailable {
        /// The registry file.
        path: PathBuf,
        /// The store's error.
        source: Box<skillreg_store::Error>,
    },
    /// A registry call panicked (a bug): its worker dropped the connection and opens a new one
    /// for the next request.
    #[error("a registry call panicked: {message}")]
    Panicked {
        /// The panic's message.
        message: String,
    },
}
