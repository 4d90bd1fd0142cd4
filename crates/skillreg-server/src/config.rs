//! [`Config`]: the `server.toml` file: the registry, where to listen, the public URL, sessions,
//! rate limits and the optional `[oidc]` sign-in. Unknown keys are refused with file and line.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::ServerError;

mod sources;
pub use sources::{CsvSource, DEFAULT_MAX_BODY_BYTES, PaxmlSource, SourcesConfig};

/// The web service's configuration, as read from `server.toml`.
///
/// ```
/// let text = r#"
/// registry = "/var/lib/skillreg/skillreg.db"
/// public_url = "https://skillreg.example.org"
/// "#;
/// let config = skillreg_server::Config::parse(text, "server.toml".as_ref())?;
/// assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
/// assert!(config.oidc.is_none());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// The SQLite registry file (it must exist: `skillreg init` creates it).
    pub registry: PathBuf,
    /// Where to listen (default `127.0.0.1:8080`, behind a TLS-terminating proxy).
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The external URL people use, e.g. `https://skillreg.example.org` (no trailing path):
    /// the sign-in's redirect URI is `<public_url>/auth/callback`.
    pub public_url: String,
    /// How many registry connections (worker threads) serve requests (default 4).
    #[serde(default = "default_workers")]
    pub registry_workers: usize,
    /// Session timeouts.
    #[serde(default)]
    pub session: SessionConfig,
    /// Rate limits per client address.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// OpenID Connect sign-in; without it the web pages are off.
    pub oidc: Option<OidcConfig>,
    /// The maturity framework (its id, as `skillreg maturity import` recorded it) whose report
    /// the maturity page shows, its latest version held; unset, the page lists the frameworks
    /// the registry holds answers to.
    #[serde(default)]
    pub maturity_framework: Option<String>,
    /// Syncs posted to the API: body limit, run lock wait, the PAXml and CSV mappings.
    #[serde(default)]
    pub sources: SourcesConfig,
}

/// `[session]`: idle and absolute timeouts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SessionConfig {
    /// A session unused for this many seconds ends (default 1800: 30 minutes).
    #[serde(default = "default_idle")]
    pub idle_timeout_secs: u64,
    /// A session ends this many seconds after sign-in, however busy (default 28800: 8 hours).
    #[serde(default = "default_absolute")]
    pub absolute_timeout_secs: u64,
}

/// `[limits]`: requests per client address.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LimitsConfig {
    /// Sign-in starts, callbacks and form posts per minute and client address (default 20).
    #[serde(default = "default_per_minute")]
    pub per_minute: u32,
    /// How many of those may come at once (default 10).
    #[serde(default = "default_burst")]
    pub burst: u32,
    /// A header that carries the client's address when a reverse proxy sets it (e.g.
    /// `X-Real-IP`); unset, the peer address of the connection is used. Set it only behind a
    /// proxy that overwrites the header, or anyone can choose their own address.
    pub client_ip_header: Option<String>,
}

/// `[oidc]`: the identity provider and how its claims map to registry actors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OidcConfig {
    /// The issuer URL (discovery at `<issuer>/.well-known/openid-configuration`).
    pub issuer: String,
    /// The client id registered at the provider.
    pub client_id: String,
    /// The NAME of the environment variable that holds the client secret.
    pub client_secret_env: String,
    /// The ID token claim that carries the employee number (e.g. `employee_number`).
    pub employee_claim: String,
    /// The claim that lists the person's groups (default `groups`).
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Groups that make someone HR.
    #[serde(default)]
    pub hr_groups: Vec<String>,
    /// Group -> unit id: a member signs in as `viewer:UNIT`.
    #[serde(default)]
    pub viewers: BTreeMap<String, String>,
    /// Scopes to ask for besides `openid` (default `["profile"]`).
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The audience (`aud`) the provider's access tokens (JWT) for the API must carry: the
    /// resource indicator the provider knows the API by; unset, the `client_id`.
    #[serde(default)]
    pub api_audience: Option<String>,
}

impl OidcConfig {
    /// The audience an API access token must carry: `api_audience`, else the `client_id`.
    ///
    /// ```
    /// let config: skillreg_server::OidcConfig = toml::from_str(r#"
    ///     issuer = "https://id.example"
    ///     client_id = "skillreg"
    ///     client_secret_env = "SKILLREG_OIDC_SECRET"
    ///     employee_claim = "employee_number"
    /// "#)?;
    /// assert_eq!(config.api_audience(), "skillreg");
    /// Ok::<(), toml::de::Error>(())
    /// ```
    pub fn api_audience(&self) -> &str {
        self.api_audience
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or(&self.client_id)
    }
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_workers() -> usize {
    4
}
fn default_idle() -> u64 {
    1800
}
fn default_absolute() -> u64 {
    8 * 3600
}
fn default_per_minute() -> u32 {
    20
}
fn default_burst() -> u32 {
    10
}
fn default_groups_claim() -> String {
    "groups".to_string()
}
fn default_scopes() -> Vec<String> {
    vec!["profile".to_string()]
}

impl Default for SessionConfig {
    fn default() -> SessionConfig {
        SessionConfig {
            idle_timeout_secs: default_idle(),
            absolute_timeout_secs: default_absolute(),
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> LimitsConfig {
        LimitsConfig {
            per_minute: default_per_minute(),
            burst: default_burst(),
            client_ip_header: None,
        }
    }
}

impl SessionConfig {
    /// The idle timeout.
    pub fn idle(&self) -> Duration {
        Duration::from_secs(self.idle_timeout_secs)
    }
    /// The absolute timeout.
    pub fn absolute(&self) -> Duration {
        Duration::from_secs(self.absolute_timeout_secs)
    }
}

impl Config {
    /// Reads and checks `path`; a relative `registry` is taken relative to the file's folder.
    pub fn load(path: &Path) -> Result<Config, ServerError> {
        let text = std::fs::read_to_string(path).map_err(|source| ServerError::ReadConfig {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text, path)?;
        if config.registry.is_relative()
            && let Some(dir) = path.parent()
        {
            config.registry = dir.join(&config.registry);
        }
        if let Err((key, message)) = config.sources.load_mappings(path.parent()) {
            let (line, column) = find_key_in_table(&text, "sources", key);
            return Err(ServerError::Config {
                path: path.to_path_buf(),
                line,
                column,
                message,
            });
        }
        Ok(config)
    }

    /// Parses and checks the text of a configuration file (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ServerError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_column(text, span.start))
                .unwrap_or((0, 0));
            ServerError::Config {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim_end().to_string(),
            }
        })?;
        config.check(text, path)?;
        Ok(config)
    }

    fn check(&self, text: &str, path: &Path) -> Result<(), ServerError> {
        let fail = |key: &str, message: String| {
            let (line, column) = find_key(text, key);
            ServerError::Config {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let url = self.public_url.trim_end_matches('/');
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('?') {
            return Err(fail(
                "public_url",
                format!(
                    "public_url {:?} is not an http(s) URL: give the external address, e.g. \"https://skillreg.example.org\"",
                    self.public_url
                ),
            ));
        }
        if self.registry_workers == 0 || self.registry_workers > 64 {
            return Err(fail(
                "registry_workers",
                format!(
                    "registry_workers = {} is out of range: use 1 to 64",
                    self.registry_workers
                ),
            ));
        }
        if self.session.idle_timeout_secs == 0
            || self.session.absolute_timeout_secs < self.session.idle_timeout_secs
        {
            return Err(fail(
                "idle_timeout_secs",
                "session timeouts: idle_timeout_secs must be above 0 and at most absolute_timeout_secs".to_string(),
            ));
        }
        if self.sources.max_body_bytes == 0 {
            return Err(fail(
                "max_body_bytes",
                "[sources] max_body_bytes must be above 0".to_string(),
            ));
        }
        if self.limits.per_minute == 0 || self.limits.burst == 0 {
            return Err(fail(
                "per_minute",
                "limits: per_minute and burst must be above 0".to_string(),
            ));
        }
        if let Some(oidc) = &self.oidc {
            if oidc.employee_claim.trim().is_empty() {
                return Err(fail(
                    "employee_claim",
                    "[oidc] employee_claim is empty: name the ID token claim that carries the employee number".to_string(),
                ));
            }
            if oidc.client_secret_env.trim().is_empty() {
                return Err(fail(
                    "client_secret_env",
                    "[oidc] client_secret_env is empty: name the environment variable that holds the client secret".to_string(),
                ));
            }
        }
        Ok(())
    }

    /// `public_url` without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// The redirect URI to register at the identity provider: `<public_url>/auth/callback`.
    pub fn redirect_uri(&self) -> String {
        format!("{}/auth/callback", self.public_url())
    }
}

/// 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The line and column of the first line that sets `key`, or (0, 0).
fn find_key(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or((0, 0), |i| (i + 1, 1))
}

/// The line and column of the first line that sets `key` in a table whose name starts with
/// `table` (`[sources.paxml]`), or (0, 0).
fn find_key_in_table(text: &str, table: &str, key: &str) -> (usize, usize) {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if let Some(name) = line.strip_prefix('[') {
            inside = name.trim_start().starts_with(table);
        } else if inside
            && line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return (i + 1, 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match Config::parse(text, Path::new("server.toml")) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn unknown_key_is_refused_with_its_line() {
        let text = "registry = \"r.db\"\npublic_url = \"https://x.example\"\n\n[oidc]\nissuer = \"https://id.example\"\nclient_id = \"c\"\nclient_secret_env = \"S\"\nemployee_claim = \"emp\"\nhr_group = [\"hr\"]\n";
        let e = error(text);
        assert!(
            e.starts_with("server.toml:9:1: unknown field `hr_group`"),
            "{e}"
        );
    }

    #[test]
    fn bad_listen_names_its_line() {
        let e = error("registry = \"r.db\"\nlisten = \"localhost\"\npublic_url = \"https://x\"\n");
        assert!(e.starts_with("server.toml:2:10: "), "{e}");
    }

    #[test]
    fn public_url_must_be_http() {
        let e = error("registry = \"r.db\"\npublic_url = \"skillreg.example\"\n");
        assert!(
            e.starts_with("server.toml:2:1: public_url \"skillreg.example\" is not"),
            "{e}"
        );
    }

    #[test]
    fn defaults() -> Result<(), ServerError> {
        let c = Config::parse(
            "registry = \"r.db\"\npublic_url = \"https://x.example/\"\n",
            Path::new("s.toml"),
        )?;
        assert_eq!(c.redirect_uri(), "https://x.example/auth/callback");
        assert_eq!(c.session.idle(), Duration::from_secs(1800));
        assert_eq!(c.session.absolute(), Duration::from_secs(28800));
        assert_eq!((c.limits.per_minute, c.limits.burst), (20, 10));
        Ok(())
    }
}
