//! The web service benchmark's helpers: signing people in at the OpenID Connect provider as a
//! browser would ([`Signer`]), and running wrk with `load.lua` ([`Wrk`], [`Load`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use reqwest::header::{LOCATION, SET_COOKIE};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The `p`-th percentile (0.0-1.0) of `xs`.
pub fn percentile(xs: &mut [Duration], p: f64) -> Duration {
    if xs.is_empty() {
        return Duration::ZERO;
    }
    xs.sort();
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i.min(xs.len() - 1)]
}

/// `a / b`.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

/// A duration for the table.
pub fn secs(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{:.1} µs", d.as_secs_f64() * 1e6)
    } else if d < Duration::from_secs(1) {
        format!("{:.2} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

pub fn client() -> Result<Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?)
}

fn origin_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or_default().to_string()
}

/// Signs people in at the provider and the service, with a cookie jar per browser.
pub struct Signer {
    issuer: String,
    origin: String,
}

/// One browser's cookies, per origin.
#[derive(Default)]
struct Jar(BTreeMap<String, BTreeMap<String, String>>);

struct Answer {
    status: u16,
    location: String,
    body: String,
}

impl Jar {
    fn send(&mut self, request: reqwest::blocking::RequestBuilder, url: &str) -> Result<Answer> {
        let origin = origin_of(url);
        let cookies = self.0.entry(origin.clone()).or_default();
        let header: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let request = if header.is_empty() {
            request
        } else {
            request.header("cookie", header.join("; "))
        };
        let response = request
            .header("accept-language", "sv-SE")
            .send()
            .map_err(|e| format!("{url}: {e}"))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        for value in response.headers().get_all(SET_COOKIE) {
            let value = value.to_str()?;
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, v)) = pair.split_once('=') {
                let cookies = self.0.entry(origin.clone()).or_default();
                if v.is_empty() || value.contains("Max-Age=0") {
                    cookies.remove(name);
                } else {
                    cookies.insert(name.to_string(), v.to_string());
                }
            }
        }
        Ok(Answer {
            status,
            location,
            body: response.text()?,
        })
    }
}

impl Signer {
    /// A signer for the service at `origin` (`http://127.0.0.1:PORT`) and the provider at
    /// `issuer`.
    pub fn new(issuer: &str, origin: &str) -> Result<Signer> {
        Ok(Signer {
            issuer: issuer.to_string(),
            origin: origin.to_string(),
        })
    }

    /// Registers a client at the provider for the service's callback: (client id, secret).
    pub fn register(&self) -> Result<(String, String)> {
        let body = serde_json::json!({
            "redirect_uris": [format!("{}/auth/callback", self.origin)],
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": "client_secret_basic",
        });
        let answer: serde_json::Value = client()?
            .post(format!("{}/reg", self.issuer))
            .json(&body)
            .send()?
            .error_for_status()?
            .json()?;
        let id = answer["client_id"].as_str().ok_or("no client_id")?;
        let secret = answer["client_secret"].as_str().ok_or("no client_secret")?;
        Ok((id.to_string(), secret.to_string()))
    }

    /// Waits until the service answers `/healthz`.
    pub fn wait_healthy(&self, within: Duration) -> Result<()> {
        let client = client()?;
        let deadline = Instant::now() + within;
        loop {
            if let Ok(answer) = client.get(format!("{}/healthz", self.origin)).send()
                && answer.status().is_success()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{} did not answer /healthz in time", self.origin).into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Signs each of `accounts` in (four browsers at a time): each session's cookie value and,
    /// with `csrf`, its CSRF token (else "-"). People the service refuses are left out.
    pub fn sign_in_all(&self, accounts: &[String], csrf: bool) -> Result<Vec<(String, String)>> {
        let chunk = accounts.len().div_ceil(4).max(1);
        type Part = std::result::Result<Vec<(String, String)>, String>;
        let results: Vec<Part> = std::thread::scope(|scope| {
            let handles: Vec<_> = accounts
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || -> Part {
                        let client = client().map_err(|e| e.to_string())?;
                        let mut out = Vec::new();
                        for account in part {
                            let signed = self
                                .sign_in(&client, account, csrf)
                                .map_err(|e| format!("sign-in of {account}: {e}"))?;
                            out.extend(signed);
                        }
                        Ok(out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("a sign-in thread panicked".to_string()))
                })
                .collect()
        });
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
        }
        Ok(all)
    }

    /// One sign-in through the whole code flow, in a new browser.
    fn sign_in(
        &self,
        client: &Client,
        account: &str,
        csrf: bool,
    ) -> Result<Option<(String, String)>> {
        let mut jar = Jar::default();
        let url = format!("{}/auth/signin", self.origin);
        let start = jar.send(client.get(&url), &url)?;
        if start.status != 303 {
            return Err(format!("{url}: {} {}", start.status, start.body).into());
        }
        let auth = start.location;
        let to_login = jar.send(client.get(&auth), &auth)?;
        let login = format!("{}{}", self.issuer, to_login.location);
        let done = jar.send(
            client
                .post(&login)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("login={account}")),
            &login,
        )?;
        if done.location.is_empty() {
            return Err(format!("{login}: {} {}", done.status, done.body).into());
        }
        let mut next = done.location;
        for _ in 0..5 {
            if next.starts_with(&self.origin) {
                break;
            }
            let url = if next.starts_with('/') {
                format!("{}{next}", self.issuer)
            } else {
                next.clone()
            };
            let answer = jar.send(client.get(&url), &url)?;
            if answer.location.is_empty() {
                return Err(format!(
                    "the provider stopped at {url}: {} {}",
                    answer.status, answer.body
                )
                .into());
            }
            next = answer.location;
        }
        let back = jar.send(client.get(&next), &next)?;
        if back.status == 403 {
            return Ok(None);
        }
        let Some(id) = jar
            .0
            .get(&origin_of(&self.origin))
            .and_then(|c| c.get("__Host-skillreg"))
            .cloned()
        else {
            return Err(format!(
                "no session after the callback: {} {}",
                back.status, back.body
            )
            .into());
        };
        if !csrf {
            return Ok(Some((id, "-".to_string())));
        }
        let url = format!("{}/me/assess", self.origin);
        let page = jar.send(client.get(&url), &url)?;
        let marker = "name=\"csrf\" value=\"";
        let token = page
            .body
            .find(marker)
            .and_then(|at| page.body[at + marker.len()..].split('"').next())
            .ok_or_else(|| format!("no CSRF token on {url}: {}", page.status))?;
        Ok(Some((id, token.to_string())))
    }
}

/// wrk with `load.lua` against the service at `origin`.
pub struct Wrk {
    /// `benches/serve/load.lua`.
    pub script: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
}

/// What one wrk run measured.
#[derive(Debug)]
pub struct Load {
    pub requests: u64,
    pub duration: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub statuses: BTreeMap<u16, u64>,
    /// Connect, read and write errors and timeouts.
    pub errors: u64,
}

impl Load {
    /// Answers per second.
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.duration.as_secs_f64().max(1e-9)
    }

    /// Answers with `status`.
    pub fn status(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    /// Answers with a 5xx status.
    pub fn n_5xx(&self) -> u64 {
        self.statuses.range(500..600).map(|(_, n)| n).sum()
    }

    /// The answers other than `status`, and the errors.
    pub fn others(&self, status: u16) -> String {
        let mut out: Vec<String> = self
            .statuses
            .iter()
            .filter(|(s, _)| **s != status)
            .map(|(s, n)| format!("{n} x {s}"))
            .collect();
        if self.errors > 0 {
            out.push(format!("{} errors", self.errors));
        }
        if out.is_empty() {
            "none".to_string()
        } else {
            out.join(", ")
        }
    }

    /// Fails unless every answer was a 200.
    pub fn expect_only_ok(&self, what: &str) -> Result<()> {
        if self.status(200) != self.requests || self.errors > 0 || self.requests == 0 {
            return Err(format!(
                "{what}: not every answer was 200: {} answers, {}",
                self.requests,
                self.others(200)
            )
            .into());
        }
        Ok(())
    }
}

impl Wrk {
    /// One run of `seconds` at `connections` on `path`, one wrk thread (the machine has two
    /// cores: the generator takes as little of them as it can).
    pub fn run(
        &self,
        path: &str,
        connections: usize,
        seconds: u64,
        sessions: &Path,
        mode: &str,
        systems: Option<&Path>,
    ) -> Result<Load> {
        self.run_paced(path, connections, seconds, sessions, mode, systems, 0)
    }

    /// [`Wrk::run`] with each connection waiting `pace_ms` before each request (wrk's
    /// `delay()`, not counted in the latency): `connections / pace` requests a second are
    /// offered, so the latency is the service's at that rate rather than the queue's at
    /// saturation (where, by Little's law, p50 is about connections / rate).
    #[allow(clippy::too_many_arguments)]
    pub fn run_paced(
        &self,
        path: &str,
        connections: usize,
        seconds: u64,
        sessions: &Path,
        mode: &str,
        systems: Option<&Path>,
        pace_ms: u64,
    ) -> Result<Load> {
        let mut command = Command::new("wrk");
        command
            .args(["-t", "1", "-c", &connections.to_string()])
            .args(["-d", &format!("{seconds}s"), "--timeout", "10s", "-s"])
            .arg(&self.script)
            .arg(format!("{}{path}", self.origin))
            .arg("--")
            .arg(sessions)
            .arg(mode);
        match systems {
            Some(systems) => command.arg(systems),
            None => command.arg("-"),
        };
        command.arg(pace_ms.to_string());
        let out = command.output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "{command:?} failed: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("wrk-result "))
            .ok_or_else(|| format!("no result line from wrk: {text}"))?;
        let mut values = BTreeMap::new();
        for pair in line.split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                values.insert(k.to_string(), v.parse::<f64>()?);
            }
        }
        let get = |k: &str| values.get(k).copied().unwrap_or(0.0);
        let us = |k: &str| Duration::from_secs_f64(get(k) / 1e6);
        let statuses = values
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("status_")?.parse().ok()?, *v as u64)))
            .collect();
        Ok(Load {
            requests: get("requests") as u64,
            duration: us("duration_us"),
            p50: us("p50_us"),
            p99: us("p99_us"),
            statuses,
            errors: (get("connect_errors")
                + get("read_errors")
                + get("write_errors")
                + get("timeouts")) as u64,
        })
    }
}
