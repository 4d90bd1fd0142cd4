//! `skillreg serve` with a real provider: a `[oidc.viewers]` unit the registry does not hold is
//! named in a warning at start-up (its members would be refused at sign-in).

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skillreg_store::{Actor, Registry};

use super::{Res, http, provider, register};

/// A child process killed when dropped (a failed assertion must not leave it running).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_warns_at_start_up_about_a_viewer_unit_the_registry_does_not_hold() -> Res {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("skillreg.db");
    {
        let mut registry = Registry::open(&db, Actor::Hr)?;
        let sample = std::fs::read(super::super::fixture("winlas/sample-export.xml"))?;
        let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
        registry.sync(
            &mut export,
            "sample",
            &skillreg_core::sync::SyncConfig::default(),
        )?;
    }
    let port = skillreg_peers::free_port()?;
    let origin = format!("http://127.0.0.1:{port}");
    let issuer = &provider()?.issuer;
    let (client_id, secret) = register(issuer, &format!("{origin}/auth/callback")).await?;
    let file = dir.path().join("server.toml");
    std::fs::write(
        &file,
        format!(
            "registry = \"skillreg.db\"\nlisten = \"127.0.0.1:{port}\"\npublic_url = {origin:?}\n\n[oidc]\nissuer = {issuer:?}\nclient_id = {client_id:?}\nclient_secret_env = \"SKILLREG_TEST_SECRET\"\nemployee_claim = \"employee_number\"\n\n[oidc.viewers]\nsteering-soc = \"SOC\"\nsteering-social = \"SOCIAL\"\n"
        ),
    )?;
    let mut running = Running(
        Command::new(env!("CARGO_BIN_EXE_skillreg"))
            .args(["serve", "--config"])
            .arg(&file)
            .env("SKILLREG_TEST_SECRET", &secret)
            .env("SKILLREG_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?,
    );
    let started = Instant::now();
    loop {
        if let Ok(answer) = http()?.get(format!("{origin}/readyz")).send().await
            && answer.status() == reqwest::StatusCode::OK
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err("skillreg serve did not start within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let child = &mut running.0;
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
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut log = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut log)?;
    }
    assert!(status.success(), "{status}: {log}");
    assert!(
        log.contains(
            "[oidc.viewers] steering-social = \\\"SOCIAL\\\": the registry has no unit \\\"SOCIAL\\\"; members of steering-social will be refused at sign-in"
        ),
        "{log}"
    );
    // One warning, for the unit that is missing only.
    assert_eq!(log.matches("the registry has no unit").count(), 1, "{log}");
    Ok(())
}
