//! Starts a real xAPI learning record store (ralph, from the `ralph-malph` package) on loopback,
//! with HTTP Basic credentials and a store seeded with statements.
//!
//! Quirks of ralph's file-system backend that tests must live with (seen with ralph 5.1):
//! - It writes its store file only once: the first POST to a fresh data directory is accepted,
//!   every later one fails with HTTP 500 ("already exists and overwrite is not allowed"). So
//!   [`start_lrs`] seeds the store with ONE POST of every statement, in a fresh directory per
//!   server.
//! - `GET /xAPI/statements` ignores `activity`, and a `verb` filter matches nothing: clients
//!   must filter on their side.
//! - `since` is compared with each statement's `timestamp` (the spec says `stored`), strictly
//!   (exclusive), and must carry a time zone: without one the server answers HTTP 500.
//! - `limit` is capped at 100; a `more` link (path only, e.g.
//!   `/xAPI/statements?limit=2&pit_id=None&search_after=<id>`) is offered whenever a page is
//!   full, so a store of exactly N x limit statements ends with an empty page.
//! - Statements come back in the order they were posted; `ascending=true` only reverses each
//!   page. `stored` is the POST time in UTC with microseconds
//!   (`2026-11-23T14:22:29.137504+00:00`); a statement posted without `timestamp` gets its
//!   `stored` time as `timestamp`.
//! - Its `ralph auth` command needs extras that are not installed, so the auth file is written
//!   here, with a bcrypt hash made by the venv's Python (`bcrypt` is a dependency of ralph).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::{Server, free_port, peer_bin};

/// How many times a start is tried on a fresh port when another process took the port first.
const PORT_ATTEMPTS: u32 = 5;

/// Starts ralph (file-system backend) on a free loopback port with one user `user` /
/// `password` allowed everything, then stores `statements` (a JSON array of xAPI statements)
/// with one `POST /xAPI/statements`. The LRS endpoint is `{server.origin}/xAPI`.
///
/// The auth file (`auth.json`) and the store (`data/`) live in the server's temporary
/// directory. An empty array is not posted (the store stays empty).
pub fn start_lrs(
    user: &str,
    password: &str,
    statements: &serde_json::Value,
) -> Result<Server, String> {
    let Some(list) = statements.as_array() else {
        return Err("the statements to seed must be a JSON array".to_string());
    };
    let uvicorn = peer_bin("uvicorn")?;
    let python = peer_bin("python")?;
    let hash = bcrypt_hash(&python, password)?;
    let mut last_error = String::new();
    for _ in 0..PORT_ATTEMPTS {
        let port = free_port()?;
        let dir = tempfile::Builder::new()
            .prefix("skillreg-lrs-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory for the LRS: {e}"))?;
        let auth_file = dir.path().join("auth.json");
        let data_dir = dir.path().join("data");
        let app_dir = dir.path().join("app");
        std::fs::create_dir_all(&data_dir)
            .and_then(|()| std::fs::create_dir_all(&app_dir))
            .map_err(|e| format!("cannot create the LRS directories: {e}"))?;
        let auth = serde_json::json!([{
            "agent": {"objectType": "Agent",
                      "account": {"homePage": "http://127.0.0.1", "name": user}},
            "scopes": ["all"],
            "username": user,
            "hash": hash,
        }]);
        std::fs::write(&auth_file, auth.to_string())
            .map_err(|e| format!("cannot write {}: {e}", auth_file.display()))?;
        let mut command = Command::new(&uvicorn);
        command
            .args(["ralph.api:app", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .env("RALPH_AUTH_FILE", &auth_file)
            .env("RALPH_APP_DIR", &app_dir)
            .env("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH", &data_dir);
        let server = match Server::start(
            command,
            port,
            dir,
            "/__heartbeat__",
            Duration::from_secs(60),
        ) {
            Ok(server) => server,
            Err(e) if e.contains("address already in use") => {
                last_error = e;
                continue;
            }
            Err(e) => return Err(format!("the LRS (ralph) did not start: {e}")),
        };
        // Another process may have taken the port between `free_port` and the bind and
        // answered the readiness probe: only ralph's heartbeat says `{"database":"ok"}`.
        match heartbeat(&server) {
            Ok(()) => {}
            Err(e) => {
                last_error = e;
                continue;
            }
        }
        if !list.is_empty() {
            seed(&server, user, password, statements)?;
        }
        return Ok(server);
    }
    Err(format!(
        "the LRS (ralph) could not get a free port in {PORT_ATTEMPTS} attempts; last: {last_error}"
    ))
}

/// A bcrypt hash of `password` (cost 4: test credentials), made by the venv's Python.
fn bcrypt_hash(python: &std::path::Path, password: &str) -> Result<String, String> {
    let mut child = Command::new(python)
        .args([
            "-c",
            "import sys, bcrypt; print(bcrypt.hashpw(sys.stdin.buffer.read(), bcrypt.gensalt(4)).decode())",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {} to hash the LRS password: {e}", python.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(password.as_bytes())
            .map_err(|e| format!("cannot hand the password to Python: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("hashing the LRS password failed: {e}"))?;
    let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || !hash.starts_with("$2") {
        return Err(format!(
            "hashing the LRS password with Python's bcrypt failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(hash)
}

fn client() -> Result<reqwest::blocking::Client, String> {
    // reqwest is built without a default TLS provider; the peers talk plain HTTP on
    // loopback, but the client still needs one (already installed is fine).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))
}

fn heartbeat(server: &Server) -> Result<(), String> {
    let url = format!("{}/__heartbeat__", server.origin);
    let answer = client()?
        .get(&url)
        .send()
        .and_then(|r| r.text())
        .map_err(|e| format!("GET {url} failed: {e}"))?;
    if answer.contains("\"database\":\"ok\"") {
        Ok(())
    } else {
        Err(format!(
            "GET {url} answered {answer:?}, not ralph's heartbeat (another process holds the port?); the LRS log:\n{}",
            server.log_tail()
        ))
    }
}

fn seed(
    server: &Server,
    user: &str,
    password: &str,
    statements: &serde_json::Value,
) -> Result<(), String> {
    let url = format!("{}/xAPI/statements", server.origin);
    let response = client()?
        .post(&url)
        .basic_auth(user, Some(password))
        .header("X-Experience-API-Version", "1.0.3")
        .json(statements)
        .send()
        .map_err(|e| format!("POST {url} failed: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().unwrap_or_default();
        return Err(format!(
            "POST {url} to seed the LRS answered HTTP {status}: {body}; the LRS log:\n{}",
            server.log_tail()
        ));
    }
    Ok(())
}
