//! Starts a real OpenID Connect provider (panva's `oidc-provider`, an npm package installed by
//! `.ci/oidc` into `.peers/oidc/`) on loopback, configured by `tests/oidc/provider.mjs` (see
//! that file for its accounts, open client registration and password-less test login).
//!
//! The provider ends when the process that started it ends: it exits when its standard input
//! closes, so a provider kept in a `static` for a whole test binary does not outlive it.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::{free_port, workspace_root};

/// A running provider.
pub struct OidcProvider {
    child: Mutex<Child>,
    _stdin: Option<ChildStdin>,
    /// Its issuer, `http://127.0.0.1:PORT`.
    pub issuer: String,
    /// Its output, for error messages.
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl OidcProvider {
    /// The last 4,000 bytes of the provider's output.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(4000);
        String::from_utf8_lossy(&text[start..]).into_owned()
    }
}

/// The installed `oidc-provider` module, installing it first (`.ci/oidc`) if needed.
fn module() -> Result<PathBuf, String> {
    let root = workspace_root();
    let dir = root.join(".peers").join("oidc");
    let entry = dir.join("node_modules/oidc-provider/lib/index.js");
    if entry.exists() && dir.join(".installed").exists() {
        return Ok(entry);
    }
    let lock_path = std::env::temp_dir().join("skillreg-oidc-install.lock");
    let lock = std::fs::File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    if !(entry.exists() && dir.join(".installed").exists()) {
        let out = Command::new("bash")
            .arg(root.join(".ci").join("oidc"))
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run .ci/oidc to install oidc-provider: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                ".ci/oidc failed to install oidc-provider ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(entry)
}

/// Starts the provider on a free port and waits until its discovery document answers.
pub fn start_oidc() -> Result<OidcProvider, String> {
    let module = module()?;
    let script = workspace_root().join("tests/oidc/provider.mjs");
    let port = free_port()?;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a directory: {e}"))?;
    let log = dir.path().join("provider.log");
    let out = std::fs::File::create(&log).map_err(|e| format!("cannot create the log: {e}"))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot share the log: {e}"))?;
    let mut child = Command::new("node")
        .arg(&script)
        .env("PORT", port.to_string())
        .env("OIDC_PROVIDER_MODULE", &module)
        .env("NODE_ENV", "test")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start node {}: {e}", script.display()))?;
    let stdin = child.stdin.take();
    let provider = OidcProvider {
        child: Mutex::new(child),
        _stdin: stdin,
        issuer: format!("http://127.0.0.1:{port}"),
        log,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(mut child) = provider.child.lock()
            && let Ok(Some(status)) = child.try_wait()
        {
            return Err(format!(
                "oidc-provider exited ({status}); its log:\n{}",
                provider.log_tail()
            ));
        }
        if crate::http_answers(port, "/.well-known/openid-configuration") {
            return Ok(provider);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "oidc-provider did not answer within 30 s; its log:\n{}",
                provider.log_tail()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
