//! `skillreg demo --serve` as a process: the demo sign-in page, each of the four choices
//! landing on a page in their role; a listen address that is not loopback refused before
//! anything is built; and no demo sign-in in a normal `serve`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use skillreg_server::CSP;

use super::{Browser, Res, Service, http};

/// A child process killed when dropped (a failed assertion must not leave it running).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn assert_no_inline(body: &str, what: &str) {
    assert!(
        !body.contains("<script") && !body.contains("<style") && !body.contains(" style="),
        "{what}: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_serve_signs_in_each_of_the_four_into_a_page_of_their_role() -> Res {
    let dir = tempfile::tempdir()?;
    let port = skillreg_peers::free_port()?;
    let origin = format!("http://127.0.0.1:{port}");
    let _running = Running(
        Command::new(env!("CARGO_BIN_EXE_skillreg"))
            .current_dir(dir.path())
            .args(["--as-of", "2026-11-20", "--lang", "en", "demo", "--serve"])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let started = Instant::now();
    loop {
        if let Ok(answer) = http()?.get(format!("{origin}/healthz")).send().await
            && answer.status() == StatusCode::OK
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the demo did not start within a minute".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut browser = Browser::default();
    let page = browser.get(&format!("{origin}/demo")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["content-security-policy"], CSP);
    // The test browser asks for Swedish first.
    assert!(page.body.contains("Demo — välj vem du är"), "{}", page.body);
    assert_no_inline(&page.body, "/demo");
    // Without a session the home page leads to the demo sign-in.
    let home = browser.get(&format!("{origin}/")).await?;
    assert_eq!(home.location(), "/auth/signin");
    let signin = browser.get(&format!("{origin}/auth/signin")).await?;
    assert_eq!(signin.location(), "/demo");
    for (who, landing, role) in [
        ("hr", "/rounds", "<strong>hr</strong>"),
        ("manager", "/", "<strong>manager:10001</strong>"),
        ("employee", "/", "<strong>employee:10023</strong>"),
        ("viewer", "/units/SOC", "<strong>viewer:SOC</strong>"),
    ] {
        let mut browser = Browser::default();
        let chosen = browser
            .post(&format!("{origin}/demo"), &[("who", who)])
            .await?;
        assert_eq!(
            chosen.status,
            StatusCode::SEE_OTHER,
            "{who}: {}",
            chosen.body
        );
        assert_eq!(chosen.location(), landing, "{who}");
        let page = browser.get(&format!("{origin}{landing}")).await?;
        assert_eq!(page.status, StatusCode::OK, "{who}: {}", page.body);
        assert!(page.body.contains(role), "{who}: {}", page.body);
        assert_eq!(page.headers["content-security-policy"], CSP);
        assert_no_inline(&page.body, who);
    }
    let nobody = Browser::default()
        .post(&format!("{origin}/demo"), &[("who", "root")])
        .await?;
    assert_eq!(nobody.status, StatusCode::BAD_REQUEST);
    Ok(())
}

#[test]
fn demo_serve_refuses_a_listen_address_that_is_not_loopback() -> Res {
    let dir = tempfile::tempdir()?;
    let out = Command::new(env!("CARGO_BIN_EXE_skillreg"))
        .current_dir(dir.path())
        .args(["demo", "--serve", "--listen", "0.0.0.0:18080"])
        .output()?;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--listen 0.0.0.0:18080: the demo serves on loopback only"),
        "{stderr}"
    );
    // Refused before anything was built.
    assert!(!dir.path().join("skillreg-demo.db").exists());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_normal_serve_has_no_demo_sign_in() -> Res {
    let service = Service::start("").await?;
    let mut browser = Browser::default();
    let demo = browser.get(&format!("{}/demo", service.origin)).await?;
    assert_eq!(demo.status, StatusCode::NOT_FOUND);
    let chosen = browser
        .post(&format!("{}/demo", service.origin), &[("who", "hr")])
        .await?;
    assert_eq!(chosen.status, StatusCode::NOT_FOUND);
    assert!(
        !browser
            .set_cookies
            .iter()
            .any(|c| c.starts_with("__Host-skillreg="))
    );
    Ok(())
}
