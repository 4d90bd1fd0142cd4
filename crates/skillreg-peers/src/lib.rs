//! Test support: starts the real outside systems skillreg talks to (a SCIM 2.0 server, an xAPI
//! learning record store, an OpenID Connect provider) on a free loopback port, and stops them
//! when dropped.
//!
//! The servers are Python packages installed by `.ci/peers` into `.peers/` at the workspace
//! root. When they are missing, [`peer_bin`] runs `.ci/peers` once (under a file lock, since
//! test binaries run in parallel). Nothing is skipped: if a server cannot be installed or
//! started, the error says why and the test fails with it.
#![deny(missing_docs)]

pub mod lrs;
pub mod oidc;
pub mod scim;

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The workspace root (where `.ci/peers` and `.peers/` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The path of an executable installed in `.peers/bin`, installing the peers first if needed.
pub fn peer_bin(name: &str) -> Result<PathBuf, String> {
    let root = workspace_root();
    let bin = root.join(".peers").join("bin").join(name);
    let stamp = root.join(".peers").join(".installed");
    if bin.exists() && stamp.exists() {
        return Ok(bin);
    }
    let lock_path = std::env::temp_dir().join("skillreg-peers-install.lock");
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    if !(bin.exists() && stamp.exists()) {
        let out = Command::new("bash")
            .arg(root.join(".ci").join("peers"))
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run .ci/peers to install the test servers: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                ".ci/peers failed to install the test servers ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "{} is missing after running .ci/peers",
            bin.display()
        ))
    }
}

/// A port that was free on 127.0.0.1 a moment ago.
pub fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind a free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot read the bound port: {e}"))
}

/// A server process started by a test; killed when dropped.
pub struct Server {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    log: PathBuf,
    /// Working directory and log, removed when dropped.
    pub dir: tempfile::TempDir,
}

impl Server {
    /// Starts `command` (which must listen on `port`) with its output in a log file in `dir`,
    /// then waits up to `timeout` until `GET ready_path` gets any HTTP answer. If the process
    /// exits or never answers, the error carries the end of its log.
    pub fn start(
        mut command: Command,
        port: u16,
        dir: tempfile::TempDir,
        ready_path: &str,
        timeout: Duration,
    ) -> Result<Server, String> {
        let log = dir.path().join("server.log");
        let out = File::create(&log).map_err(|e| format!("cannot create the server log: {e}"))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot share the server log: {e}"))?;
        let child = command
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
        let mut server = Server {
            child,
            port,
            origin: format!("http://127.0.0.1:{port}"),
            log,
            dir,
        };
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "the server exited ({status}) before answering on port {port}; its log:\n{}",
                    server.log_tail()
                ));
            }
            if http_answers(port, ready_path) {
                // Another process may have taken the port first and answered in our child's
                // place; the child then dies of "address in use". Make sure it still runs.
                thread::sleep(Duration::from_millis(200));
                if let Ok(Some(status)) = server.child.try_wait() {
                    return Err(format!(
                        "port {port} answered, but the server exited ({status}): another process holds the port; its log:\n{}",
                        server.log_tail()
                    ));
                }
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the server did not answer GET {ready_path} on port {port} within {timeout:?}; its log:\n{}",
                    server.log_tail()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// The last 4,000 bytes of the server's output.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(4000);
        String::from_utf8_lossy(&text[start..]).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `GET path` on 127.0.0.1:port gets an HTTP status line back.
fn http_answers(port: u16, path: &str) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    matches!(stream.read(&mut head), Ok(n) if n >= 5 && head.starts_with(b"HTTP/"))
}
