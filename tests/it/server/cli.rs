//! `skillreg serve` as a process: configuration errors name file and line; without `[oidc]`
//! only health answers; SIGTERM stops it cleanly.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skillreg_store::{Actor, Registry};

use super::Res;

/// A child process killed when dropped (a failed assertion must not leave it running).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn skillreg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_skillreg"))
}

#[test]
fn unknown_key_in_the_configuration_is_refused_with_file_and_line() -> Res {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("server.toml");
    std::fs::write(
        &file,
        "registry = \"skillreg.db\"\npublic_url = \"https://skillreg.example.org\"\nlisten_on = \"127.0.0.1:1\"\n",
    )?;
    let out = skillreg()
        .arg("serve")
        .arg("--config")
        .arg(&file)
        .output()?;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3:1: unknown field `listen_on`",
            file.display()
        )),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn example_configuration_parses() -> Res {
    let config = skillreg_server::Config::load(&super::super::fixture("server/example.toml"))?;
    let oidc = config.oidc.ok_or("no [oidc]")?;
    assert_eq!(oidc.viewers["skillreg-steering-soc"], "SOC");
    assert_eq!(config.limits.client_ip_header.as_deref(), Some("X-Real-IP"));
    Ok(())
}

#[test]
fn serve_without_oidc_answers_health_only_and_stops_on_sigterm() -> Res {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("skillreg.db");
    drop(Registry::open(&db, Actor::Hr)?);
    let file = dir.path().join("server.toml");
    std::fs::write(
        &file,
        "registry = \"skillreg.db\"\npublic_url = \"https://skillreg.example.org\"\n",
    )?;
    let port = skillreg_peers::free_port()?;
    let mut running = Running(
        skillreg()
            .args(["serve", "--config"])
            .arg(&file)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("SKILLREG_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?,
    );
    let child = &mut running.0;
    let origin = format!("http://127.0.0.1:{port}");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let health = loop {
        match client.get(format!("{origin}/healthz")).send() {
            Ok(r) => break r,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(e.into()),
        }
    };
    assert_eq!(health.status(), 200);
    assert_eq!(
        client.get(format!("{origin}/readyz")).send()?.text()?,
        "ready\n"
    );
    let home = client.get(format!("{origin}/")).send()?;
    assert_eq!(home.status(), 404, "no [oidc]: no pages");
    assert_eq!(
        home.headers()["content-security-policy"],
        skillreg_server::CSP
    );
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()?;
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            return Err("skillreg serve did not stop within 10 s of SIGTERM".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut log = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut log)?;
    }
    assert!(status.success(), "{status}: {log}");
    assert!(log.contains("shutdown signal received"), "{log}");
    Ok(())
}
