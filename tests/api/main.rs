//! The HTTP API (`/api/v1/`) against the real service, in-process on loopback, over the sample
//! registry: one service for the reads of this binary ([`shared`]), and services of their own
//! ([`Api::start`]) for the tests that write.
//!
//! The callers hold real service tokens made by the registry ([`Api::token`]): HR, manager
//! 10001, the viewer of SOC, the `wlx` sync job, and a revoked and an expired token.

mod aggregates;
mod audit;
mod basics;
mod catalog;
mod contract;
mod imports;
mod jwt;
mod reads;
mod sync;
mod writes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use reqwest::blocking::{Client, RequestBuilder, Response};
use skillreg_server::{App, Config, Options};
use skillreg_store::{Actor, Registry, TokenSpec};

type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The sample organisation's day: 10041 left on 2026-06-30.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

/// A running service over its own copy of the sample registry, with a token per caller.
#[allow(dead_code)] // `db` and `registry` serve the tests that write.
struct Api {
    origin: String,
    db: PathBuf,
    tokens: BTreeMap<&'static str, String>,
    client: Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

/// The callers every service has a token for: (name, actor as written, expires in 2020).
const CALLERS: [(&str, &str); 6] = [
    ("hr", "hr"),
    ("manager", "manager:10001"),
    ("viewer", "viewer:SOC"),
    ("sync", "sync:wlx"),
    ("revoked", "hr"),
    ("expired", "hr"),
];

impl Api {
    /// A new service, `extra` added to its `server.toml` (no `[oidc]`: service tokens only).
    fn start(extra: &str) -> Res<Api> {
        let (dir, db) = sample_registry()?;
        let mut tokens = BTreeMap::new();
        {
            let registry = Registry::open(&db, Actor::Hr)?;
            let mut registry =
                registry.with_today(chrono::NaiveDate::from_ymd_opt(2020, 1, 1).ok_or("day")?);
            for (name, actor) in CALLERS {
                let spec = TokenSpec {
                    name: format!("test-{name}"),
                    actor: actor.parse()?,
                    expires: (name == "expired")
                        .then(|| chrono::NaiveDate::from_ymd_opt(2020, 1, 2))
                        .flatten(),
                };
                let new = registry.create_service_token(&spec, "test")?;
                tokens.insert(name, new.secret.expose().to_string());
            }
            registry.revoke_service_token("test-revoked", "test")?;
        }
        let config = format!("{}{extra}\n", base_config(&db));
        let mut api = Api::serve(dir, db, &config, Options::default().with_today(today()))?;
        api.tokens = tokens;
        Ok(api)
    }

    /// A service over the registry `db` (in `dir`, which it keeps), with the `server.toml`
    /// `config` and `options`, and no tokens yet: the one way this binary starts a service.
    fn serve(dir: tempfile::TempDir, db: PathBuf, config: &str, options: Options) -> Res<Api> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let config = Config::parse(config, "server.toml".as_ref())?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<String, String>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
            };
            runtime.block_on(async move {
                let app = match App::bind(config, options).await {
                    Ok(app) => app,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let origin = app.local_addr().map(|a| format!("http://{a}"));
                let _ = ready_tx.send(origin.map_err(|e| e.to_string()));
                let _ = app
                    .run_until(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        let origin = ready_rx.recv()??;
        Ok(Api {
            origin,
            db,
            tokens: BTreeMap::new(),
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            stop: Some(stop),
            thread: Some(thread),
            _dir: dir,
        })
    }

    /// The secret of caller `name` (see [`CALLERS`]).
    fn token(&self, name: &str) -> &str {
        self.tokens.get(name).map_or("skr_missing", String::as_str)
    }

    /// `GET path` as caller `who` (`None`: no credential).
    fn get(&self, who: Option<&str>, path: &str) -> RequestBuilder {
        self.with(who, self.client.get(format!("{}{path}", self.origin)))
    }

    /// `POST path` as caller `who`.
    fn post(&self, who: Option<&str>, path: &str) -> RequestBuilder {
        self.with(who, self.client.post(format!("{}{path}", self.origin)))
    }

    fn with(&self, who: Option<&str>, request: RequestBuilder) -> RequestBuilder {
        match who {
            Some(who) => request.bearer_auth(self.token(who)),
            None => request,
        }
    }

    /// The registry as HR, to check what the API wrote.
    #[allow(dead_code)]
    fn registry(&self) -> Res<Registry> {
        Ok(Registry::open_existing(&self.db, Actor::Hr)?.with_today(today()))
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A new copy of the sample registry (the sample export synced), in a folder of its own.
fn sample_registry() -> Res<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("skillreg.db");
    let mut registry = Registry::open(&db, Actor::Hr)?;
    let sample = std::fs::read(fixture("winlas/sample-export.xml"))?;
    let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
    registry.sync(
        &mut export,
        "sample",
        &skillreg_core::sync::SyncConfig::default(),
    )?;
    Ok((dir, db))
}

/// The start of every test service's `server.toml`: the registry `db` on loopback.
fn base_config(db: &Path) -> String {
    format!(
        "registry = {db:?}\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://skillreg.example.org\"\n"
    )
}

/// The service the read-only tests of this binary share.
fn shared() -> Res<&'static Api> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    // Many tests send refused tokens to it, which are counted per address: a high limit.
    API.get_or_init(|| {
        Api::start("[limits]\nper_minute = 6000\nburst = 1000\n").map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| e.clone().into())
}

/// The JSON of an answer, after checking its status.
fn json(response: Response, status: u16) -> Res<serde_json::Value> {
    let got = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.text()?;
    if got != status {
        return Err(format!("expected {status}, got {got}: {body}").into());
    }
    if !content_type.starts_with("application/json")
        && !content_type.starts_with("application/problem+json")
    {
        return Err(format!("not JSON but {content_type:?}: {body}").into());
    }
    Ok(serde_json::from_str(&body)?)
}

/// The problem of an error answer, after checking its status and media type.
fn problem(response: Response, status: u16) -> Res<serde_json::Value> {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let value = json(response, status)?;
    if content_type != "application/problem+json" {
        return Err(format!("not a problem but {content_type:?}: {value}").into());
    }
    if value["status"] != status {
        return Err(format!("the problem's status is not {status}: {value}").into());
    }
    Ok(value)
}
