//! The web service in real Chromium: one OpenID provider (oidc-provider), one skillreg service
//! of the sample registry registered at it, and one `chromedriver` for this test binary, all on
//! loopback ports. Each actor walks its pages in a WebDriver session of its own (a fresh
//! profile: no cookie of another actor's sign-in), and every page of the service it reaches is
//! checked in place: the HTTP status the browser got, axe-core run inside the page, no Content
//! Security Policy violation in the browser's log, and a screenshot in
//! `target/browser-shots/<actor>-<page>.png`.
//!
//! The walks themselves (which pages, in which order, through which links and forms) are the
//! tables in `server_walk.rs`.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use skillreg_peers::oidc::{OidcProvider, start_oidc};
use skillreg_server::{App, Config, Options};
use skillreg_store::{Actor, Registry};

pub(crate) type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long a page may take to show what its row expects.
const PAGE_WAIT: Duration = Duration::from_secs(15);
/// The browser window's width; its height follows each page's content (within these bounds).
const WIDTH: u32 = 1000;
const MIN_HEIGHT: u32 = 700;
const MAX_HEIGHT: u32 = 6000;
/// The accessibility rules every page of the service must pass.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The sample organisation's day (as the other server tests use): 10041 left on 2026-06-30.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// The one provider of this test binary (it exits when the binary does).
fn provider() -> Result<&'static OidcProvider, String> {
    static PROVIDER: OnceLock<Result<OidcProvider, String>> = OnceLock::new();
    PROVIDER
        .get_or_init(start_oidc)
        .as_ref()
        .map_err(Clone::clone)
}

/// The one service of this test binary: the sample registry, served on its own runtime (so
/// that it outlives each test's runtime) at `origin`.
pub(crate) struct Service {
    pub(crate) origin: String,
    pub(crate) db: PathBuf,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

pub(crate) fn service() -> Result<&'static Service, String> {
    static SERVICE: OnceLock<Result<Service, String>> = OnceLock::new();
    SERVICE
        .get_or_init(|| {
            // A thread of its own: a runtime cannot be started inside a test's runtime.
            std::thread::spawn(|| start_service().map_err(|e| e.to_string()))
                .join()
                .unwrap_or_else(|_| Err("starting the service panicked".to_string()))
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn start_service() -> Res<Service> {
    let issuer = provider()?.issuer.clone();
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("skillreg.db");
    {
        let mut registry = Registry::open(&db, Actor::Hr)?;
        let sample =
            std::fs::read(super::workspace_root().join("fixtures/winlas/sample-export.xml"))?;
        let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
        registry.sync(
            &mut export,
            "sample",
            &skillreg_core::sync::SyncConfig::default(),
        )?;
        // A self-assessment round that asks the USK (10023 Anna among them), for the
        // employee's walk; HR's walk opens another through the form.
        registry.open_round(
            &skillreg_store::RoundSpec {
                occupation: "USK".into(),
                unit: None,
                opens: today(),
                closes: today() + chrono::Days::new(21),
            },
            "the browser tests' setup",
        )?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let db_path = db.clone();
    let origin = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let (client_id, secret) = register(&issuer, &format!("{origin}/auth/callback")).await?;
        // Every actor's browser comes from 127.0.0.1: room for all their sign-ins and posts.
        let text = format!(
            "registry = {db_path:?}\npublic_url = {origin:?}\n[limits]\nper_minute = 600\nburst = 100\n[oidc]\nissuer = {issuer:?}\nclient_id = {client_id:?}\nclient_secret_env = \"SKILLREG_TEST_SECRET\"\nemployee_claim = \"employee_number\"\nhr_groups = [\"skillreg-hr\"]\n[oidc.viewers]\nsteering-soc = \"SOC\"\n"
        );
        let config = Config::parse(&text, "server.toml".as_ref())?;
        let options = Options::default()
            .with_client_secret(secret)
            .with_today(today());
        let app = App::with_listener(config, options, listener).await?;
        tokio::spawn(app.run_until(std::future::pending::<()>()));
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(origin)
    })?;
    Ok(Service {
        origin,
        db,
        _runtime: runtime,
        _dir: dir,
    })
}

/// Registers a client for `redirect_uri` at the provider (open registration, test only):
/// (client id, secret).
async fn register(issuer: &str, redirect_uri: &str) -> Res<(String, String)> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let body = json!({
        "redirect_uris": [redirect_uri],
        "response_types": ["code"],
        "grant_types": ["authorization_code"],
        "token_endpoint_auth_method": "client_secret_basic",
    });
    let answer: Value = reqwest::Client::new()
        .post(format!("{issuer}/reg"))
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = answer["client_id"].as_str().ok_or("no client_id")?;
    let secret = answer["client_secret"].as_str().ok_or("no client_secret")?;
    Ok((id.to_string(), secret.to_string()))
}

/// The one `chromedriver` of this test binary, on a loopback port. It runs under a shell that
/// ends it when its standard input closes, that is when this binary ends (a `static` is never
/// dropped), so no driver outlives the tests.
struct Driver {
    url: String,
    log: PathBuf,
    _child: Mutex<Child>,
    _stdin: Mutex<ChildStdin>,
    _dir: tempfile::TempDir,
}

fn driver() -> Result<&'static Driver, String> {
    static DRIVER: OnceLock<Result<Driver, String>> = OnceLock::new();
    DRIVER
        .get_or_init(start_driver)
        .as_ref()
        .map_err(Clone::clone)
}

fn start_driver() -> Result<Driver, String> {
    let tools = super::tools();
    let port = skillreg_peers::free_port()?;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a directory: {e}"))?;
    let log = dir.path().join("chromedriver.log");
    let out = std::fs::File::create(&log).map_err(|e| format!("cannot create the log: {e}"))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot share the log: {e}"))?;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#""$1" --port="$2" --allowed-ips= --log-level=WARNING & pid=$!; trap 'kill $pid 2>/dev/null' EXIT HUP INT TERM; cat >/dev/null"#)
        .arg("sh")
        .arg(&tools.chromedriver)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", tools.chromedriver.display()))?;
    let stdin = child.stdin.take().ok_or("no stdin for chromedriver")?;
    let driver = Driver {
        url: format!("http://127.0.0.1:{port}"),
        log,
        _child: Mutex::new(child),
        _stdin: Mutex::new(stdin),
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !answers_ready(port) {
        if Instant::now() > deadline {
            return Err(format!(
                "chromedriver did not answer on port {port} within 20 s; its log:\n{}",
                super::tail(&driver.log)
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(driver)
}

/// Whether a WebDriver server on `port` answers `GET /status` with `"ready": true`.
fn answers_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.contains("\"ready\":true") || answer.contains("\"ready\": true")
}

/// A new WebDriver session: headless Chromium with a fresh profile, English pages, and the
/// browser's console (where Chromium reports CSP violations) kept for [`browser_log`].
pub(crate) async fn open_browser() -> Res<Client> {
    let driver = driver()?;
    let tools = super::tools();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": tools.chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--lang=en",
                format!("--window-size={WIDTH},{MIN_HEIGHT}"),
            ],
            "prefs": { "intl.accept_languages": "en" },
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(capabilities) = capabilities else {
        return Err("capabilities are not an object".into());
    };
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities);
    builder.connect(&driver.url).await.map_err(|e| {
        format!(
            "no WebDriver session at {}: {e}; chromedriver's log:\n{}",
            driver.url,
            super::tail(&driver.log)
        )
        .into()
    })
}

/// chromedriver's `POST /session/{id}/se/log` for the `browser` log: the console entries
/// since the last call (a Chromium extension of WebDriver; fantoccini sends it as is).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// The browser's console entries since the last call: (level, message).
async fn browser_log(client: &Client) -> Res<Vec<(String, String)>> {
    let entries = client.issue_cmd(BrowserLog).await?;
    Ok(entries
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["level"].as_str().unwrap_or_default().to_string(),
                e["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// Where the screenshots of the walks go: `target/browser-shots/`.
pub(crate) fn shots_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("browser-shots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Waits until `ready` (a script returning a boolean) is true in the page, up to
/// [`PAGE_WAIT`]; `what` names the wait in the error.
pub(crate) async fn wait_until(client: &Client, ready: &str, what: &str) -> Res {
    let deadline = Instant::now() + PAGE_WAIT;
    loop {
        // A page in the middle of loading may answer with an error: try again.
        if let Ok(Value::Bool(true)) = client.execute(ready, vec![]).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            let url = client.current_url().await.map(|u| u.to_string());
            let source = client.source().await.unwrap_or_default();
            let start: String = source.chars().take(3000).collect();
            return Err(format!(
                "waited {PAGE_WAIT:?} for {what} at {url:?}; the page begins:\n{start}"
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One page of the service as the checks found it.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) shot: PathBuf,
    pub(crate) n_rules_passed: u64,
    pub(crate) excused: Vec<String>,
}

/// The checks on the page the browser shows: HTTP status `status`, every table column under a
/// heading, axe-core's wcag2a/wcag2aa (and 2.1) rules without a violation other than those
/// `excused` for this page, no CSP violation in the console, and a screenshot of the whole
/// page in `<actor>-<name>.png` (taken first, so that a failing page can be looked at).
pub(crate) async fn check_page(
    client: &Client,
    actor: &str,
    name: &str,
    status: u16,
    excused: &[(&str, &str)],
) -> Res<Checked> {
    let url = client.current_url().await?.to_string();
    let got = client
        .execute(
            "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null;",
            vec![],
        )
        .await?;
    if got != json!(status) {
        return Err(format!("{actor}-{name}: {url} answered {got}, not {status}").into());
    }
    let shot = screenshot(client, actor, name).await?;
    let headless = client.execute(HEADLESS_COLUMNS, vec![]).await?;
    if headless != json!([]) {
        return Err(format!(
            "{actor}-{name} ({url}): table cells beyond the columns the header names: {headless}"
        )
        .into());
    }
    let axe = run_axe(client).await?;
    let mut faults = Vec::new();
    let mut excused_here = Vec::new();
    for violation in axe["violations"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let id = violation["id"].as_str().unwrap_or_default();
        if let Some((_, why)) = excused.iter().find(|(rule, _)| *rule == id) {
            excused_here.push(format!("{id} ({why})"));
            continue;
        }
        let nodes: Vec<String> = violation["nodes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|n| {
                format!(
                    "{} {}",
                    n["target"],
                    n["failureSummary"].as_str().unwrap_or_default()
                )
            })
            .collect();
        faults.push(format!(
            "{id}: {} ({} nodes)\n    {}",
            violation["help"].as_str().unwrap_or_default(),
            nodes.len(),
            nodes.join("\n    ")
        ));
    }
    if !faults.is_empty() {
        return Err(format!(
            "{actor}-{name} ({url}) breaks {} accessibility rule(s) (axe {}):\n  {}\nscreenshot: {}",
            faults.len(),
            axe["version"],
            faults.join("\n  "),
            shot.display()
        )
        .into());
    }
    let log = browser_log(client).await?;
    let csp: Vec<&(String, String)> = log
        .iter()
        .filter(|(_, message)| message.contains("Content Security Policy"))
        .collect();
    if !csp.is_empty() {
        return Err(format!(
            "{actor}-{name} ({url}): the browser reports CSP violations: {csp:#?}"
        )
        .into());
    }
    for (level, message) in &log {
        eprintln!("{actor}-{name}: console {level}: {message}");
    }
    Ok(Checked {
        shot,
        n_rules_passed: axe["passes"].as_u64().unwrap_or_default(),
        excused: excused_here,
    })
}

/// A script listing the tables whose body rows have more cells than the header's last row
/// (with the cells that span down into it) names: columns a screen reader announces without
/// a heading, which axe-core lets pass when the row has a heading of its own.
const HEADLESS_COLUMNS: &str = "
const faults = [];
for (const table of document.querySelectorAll('table')) {
  const rows = table.tHead ? [...table.tHead.rows] : [];
  if (rows.length === 0) continue;
  const grid = rows.map(() => []);
  rows.forEach((tr, r) => {
    let c = 0;
    for (const cell of tr.cells) {
      while (grid[r][c]) c++;
      for (let i = 0; i < cell.rowSpan && r + i < rows.length; i++)
        for (let j = 0; j < cell.colSpan; j++) grid[r + i][c + j] = true;
      c += cell.colSpan;
    }
  });
  const named = grid[rows.length - 1].reduce((n, v) => n + (v ? 1 : 0), 0);
  for (const body of table.tBodies)
    for (const tr of body.rows) {
      const n = [...tr.cells].reduce((s, cell) => s + cell.colSpan, 0);
      if (n > named) { faults.push((table.id || table.className || 'table') + ': ' + n + ' cells, ' + named + ' headings'); break; }
    }
}
return faults;";

/// Runs axe-core inside the page (injected through WebDriver, which the page's CSP does not
/// govern) on [`AXE_TAGS`]: `{version, violations, passes}`.
async fn run_axe(client: &Client) -> Res<Value> {
    static AXE: OnceLock<Result<String, String>> = OnceLock::new();
    let source = AXE
        .get_or_init(|| {
            let path = &super::tools().axe;
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        })
        .as_ref()
        .map_err(Clone::clone)?;
    client
        .execute(&format!("{source}\n;return typeof axe;"), vec![])
        .await?;
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } }).then(
               (r) => done({ version: r.testEngine.version, violations: r.violations,
                             passes: r.passes.length }),
               (e) => done({ error: String(e) }));",
            vec![json!(AXE_TAGS)],
        )
        .await?;
    if let Some(error) = result.get("error") {
        return Err(format!("axe-core failed: {error}").into());
    }
    Ok(result)
}

/// A screenshot of the whole page: the window grown to the page's height first.
pub(crate) async fn screenshot(client: &Client, actor: &str, name: &str) -> Res<PathBuf> {
    let height = client
        .execute(
            "return Math.ceil(document.documentElement.scrollHeight);",
            vec![],
        )
        .await?
        .as_u64()
        .unwrap_or(u64::from(MIN_HEIGHT));
    let height = u32::try_from(height)
        .unwrap_or(MAX_HEIGHT)
        .clamp(MIN_HEIGHT, MAX_HEIGHT);
    client.set_window_size(WIDTH, height).await?;
    let png = client.screenshot().await?;
    let path = shots_dir().join(format!("{actor}-{name}.png"));
    std::fs::write(&path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    client.set_window_size(WIDTH, MIN_HEIGHT).await?;
    Ok(path)
}

/// The element `css` finds, waiting for it as long as a page may take.
pub(crate) async fn find(client: &Client, css: &str) -> Res<fantoccini::elements::Element> {
    let found = client
        .wait()
        .at_most(PAGE_WAIT)
        .for_element(Locator::Css(css))
        .await;
    match found {
        Ok(element) => Ok(element),
        Err(e) => {
            let url = client.current_url().await.map(|u| u.to_string());
            Err(format!("no {css} at {url:?}: {e}").into())
        }
    }
}
