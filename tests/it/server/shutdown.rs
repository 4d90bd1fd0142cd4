//! Graceful shutdown with a request in flight: a self-assessment whose form is still arriving
//! when the shutdown comes (a slow client: the head sent, half the body held back) is answered
//! in full and recorded, while new connections are refused; then the service stops. Once
//! in-process through the shutdown future, once as `skillreg demo --serve` through SIGTERM.

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use skillreg_core::EvidenceKind;
use skillreg_store::{Actor, Registry};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use super::{Browser, Res, Service, csrf_of, http, origin_of};

/// A child process killed when dropped (a failed assertion must not leave it running).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A form post under way: its head and the first half of its body sent, the rest held back.
struct SlowPost {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl SlowPost {
    async fn start(addr: SocketAddr, path: &str, cookie: &str, body: &str) -> Res<SlowPost> {
        let mut stream = TcpStream::connect(addr).await?;
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept-Language: en\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(first).await?;
        stream.flush().await?;
        Ok(SlowPost {
            stream,
            rest: rest.to_vec(),
        })
    }

    /// Sends the rest of the body and reads the whole answer (the server closes the
    /// connection after it: it is shutting down).
    async fn finish(mut self) -> Res<String> {
        self.stream.write_all(&self.rest).await?;
        self.stream.flush().await?;
        let mut answer = Vec::new();
        tokio::time::timeout(
            Duration::from_secs(20),
            self.stream.read_to_end(&mut answer),
        )
        .await??;
        Ok(String::from_utf8(answer)?)
    }
}

/// The answer's status line and its body, checked whole against its Content-Length.
fn whole(answer: &str) -> Res<(String, String)> {
    let (head, body) = answer.split_once("\r\n\r\n").ok_or("no end of the head")?;
    let status = head.lines().next().unwrap_or_default().to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_string())
        })
        .ok_or_else(|| format!("no content-length: {head}"))?
        .parse()?;
    assert_eq!(body.len(), length, "the body is cut short");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    Ok((status, body.to_string()))
}

fn self_assessments(db: &std::path::Path, employee: &str) -> Res<Vec<(String, String)>> {
    let registry = Registry::open_existing(db, Actor::Hr)?;
    Ok(registry
        .history(employee)?
        .into_iter()
        .filter(|e| matches!(e.evidence.kind, EvidenceKind::SelfAssessment))
        .map(|e| (e.evidence.system, e.evidence.level.to_string()))
        .collect())
}

/// Whether a new connection to `addr` is refused.
async fn refuses_connections(addr: SocketAddr) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), TcpStream::connect(addr)).await,
        Ok(Err(_))
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_in_flight_at_shutdown_is_answered_in_full_and_recorded() -> Res {
    let mut service = Service::start("").await?;
    let addr: SocketAddr = origin_of(&service.origin).parse()?;
    let mut browser = Browser::default();
    browser.sign_in(&service, "10023").await?;
    let form = browser
        .get(&format!("{}/me/assess", service.origin))
        .await?;
    let csrf = csrf_of(&form.body).ok_or("no CSRF token")?;
    let session = browser.jar[&origin_of(&service.origin)]["__Host-skillreg"].clone();
    let before = self_assessments(&service.db, "10023")?;

    let post = SlowPost::start(
        addr,
        "/me/assess",
        &format!("__Host-skillreg={session}"),
        &format!("csrf={csrf}&O365=4&TIMECARE=1&LIFECARE="),
    )
    .await?;
    // The head is read and the handler waits for the body when the shutdown comes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    if let Some(stop) = service.stop.take() {
        let _ = stop.send(());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !service.task.is_finished(),
        "the service stopped with a request in flight"
    );
    assert!(
        refuses_connections(addr).await,
        "a new connection was accepted during shutdown"
    );

    let answer = post.finish().await?;
    let (status, body) = whole(&answer)?;
    assert_eq!(status, "HTTP/1.1 200 OK", "{answer}");
    assert!(body.contains("Självskattningar registrerade: 2."), "{body}");
    assert!(body.trim_end().ends_with("</html>"), "{body}");
    tokio::time::timeout(Duration::from_secs(10), &mut service.task).await???;
    let after = self_assessments(&service.db, "10023")?;
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert!(after.contains(&("O365".to_string(), "4".to_string())));
    assert!(after.contains(&("TIMECARE".to_string(), "1".to_string())));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_request_in_flight_finish_and_refuses_new_ones() -> Res {
    let dir = tempfile::tempdir()?;
    let port = skillreg_peers::free_port()?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let origin = format!("http://{addr}");
    let mut running = Running(
        Command::new(env!("CARGO_BIN_EXE_skillreg"))
            .current_dir(dir.path())
            .args(["--as-of", "2026-11-20", "demo", "--serve"])
            .args(["--listen", &addr.to_string()])
            .env("SKILLREG_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
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
    let chosen = browser
        .post(&format!("{origin}/demo"), &[("who", "employee")])
        .await?;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    let form = browser.get(&format!("{origin}/me/assess")).await?;
    let csrf = csrf_of(&form.body).ok_or("no CSRF token")?;
    let session = browser.jar[&origin_of(&origin)]["__Host-skillreg"].clone();
    let db = dir.path().join("skillreg-demo.db");
    let before = self_assessments(&db, "10023")?;

    let post = SlowPost::start(
        addr,
        "/me/assess",
        &format!("__Host-skillreg={session}"),
        &format!("csrf={csrf}&O365=4&TIMECARE=1"),
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let child = &mut running.0;
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()?;
    assert!(term.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        child.try_wait()?.is_none(),
        "stopped with a request in flight"
    );
    assert!(
        refuses_connections(addr).await,
        "a new connection was accepted after SIGTERM"
    );

    let answer = post.finish().await?;
    let (status, body) = whole(&answer)?;
    assert_eq!(status, "HTTP/1.1 200 OK", "{answer}");
    assert!(body.contains("Självskattningar registrerade: 2."), "{body}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            return Err("the demo did not stop within 10 s of its last answer".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut log = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read as _;
        err.read_to_string(&mut log)?;
    }
    assert!(exit.success(), "{exit}: {log}");
    assert!(log.contains("shutdown signal received"), "{log}");
    let after = self_assessments(&db, "10023")?;
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    Ok(())
}
