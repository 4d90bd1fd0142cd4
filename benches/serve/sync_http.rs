//! A sync over HTTP against the command line's, at full size (`--sync-http`): the generated
//! export (night 0, the benchmark's organisation) synced into a fresh registry by
//! `skillreg sync wlx FILE`, and posted whole to `POST /api/v1/sources/wlx/runs` (one request,
//! the body streamed from the file, a service token acting as `sync:wlx`) of `skillreg serve`
//! over another fresh registry; `--runs` times each, taken in turn. Reported: each one's median
//! time and the ratio HTTP / CLI, the peak resident memory of the command line's process and of
//! the server's (VmHWM of `/proc/PID/status`: the command's sampled every 10 ms until it ends,
//! the server's read after the sync), and whether the two registries hold the same data (each
//! data table's rows and an order-free digest of them, as the API's tests compare).

use std::collections::BTreeMap;
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use skillreg_store::{Actor, Registry, TokenSpec};

use crate::data::remove_db;
use crate::support::{percentile, secs};
use crate::{Server, load_average, peak_memory};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Columns that differ between two runs of the same sync (times).
const VOLATILE: &[&str] = &[
    "at",
    "started_at",
    "duration_ms",
    "created_at",
    "updated_at",
    "erased_at",
    "last_used_at",
];

/// Tables that say how and by whom, not what the registry holds.
const NOT_DATA: &[&str] = &["audit_log", "service_tokens", "sync_runs"];

/// Every data table's row count and an order-independent digest of its rows.
fn fingerprint(db: &Path) -> Result<BTreeMap<String, (u64, u64)>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut tables = BTreeMap::new();
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for table in names
        .into_iter()
        .filter(|t| !NOT_DATA.contains(&t.as_str()))
    {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|c| !VOLATILE.contains(&c.as_str()))
            .map(|c| format!("\"{c}\""))
            .collect();
        let mut statement =
            conn.prepare(&format!("SELECT {} FROM \"{table}\"", columns.join(", ")))?;
        let mut rows = statement.query([])?;
        let (mut n_rows, mut sum) = (0u64, 0u64);
        while let Some(row) = rows.next()? {
            let mut hasher = DefaultHasher::new();
            for i in 0..columns.len() {
                match row.get_ref(i)? {
                    ValueRef::Null => 0u8.hash(&mut hasher),
                    ValueRef::Integer(v) => (1u8, v).hash(&mut hasher),
                    ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut hasher),
                    ValueRef::Text(v) => (3u8, v).hash(&mut hasher),
                    ValueRef::Blob(v) => (4u8, v).hash(&mut hasher),
                }
            }
            n_rows += 1;
            sum = sum.wrapping_add(hasher.finish());
        }
        tables.insert(table, (n_rows, sum));
    }
    Ok(tables)
}

/// `skillreg sync wlx export` into a fresh registry: its time and peak memory.
fn cli_run(bin: &str, db: &Path, export: &Path) -> Result<(Duration, u64)> {
    remove_db(db);
    drop(Registry::open(db, Actor::Hr)?);
    let start = Instant::now();
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["sync", "wlx"])
        .arg(export)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Ok(now) = peak_memory(pid) {
            peak = peak.max(now);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = start.elapsed();
    if !status.success() {
        return Err(format!("skillreg sync wlx {} failed: {status}", export.display()).into());
    }
    Ok((took, peak))
}

/// The same export posted to a fresh registry behind `skillreg serve`: the request's time and
/// the server's peak memory after it.
fn http_run(bin: &str, dir: &Path, db: &Path, export: &Path) -> Result<(Duration, u64)> {
    remove_db(db);
    let secret = {
        let mut registry = Registry::open(db, Actor::Hr)?;
        let spec = TokenSpec {
            name: "bench-sync".to_string(),
            actor: "sync:wlx".parse()?,
            expires: None,
        };
        registry
            .create_service_token(&spec, "bench")?
            .secret
            .expose()
            .to_string()
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let origin = format!("http://127.0.0.1:{port}");
    let config = dir.join("sync-http-server.toml");
    std::fs::write(
        &config,
        format!(
            "registry = {}\nlisten = \"127.0.0.1:{port}\"\npublic_url = {:?}\n\n[sources]\nmax_body_bytes = {}\n",
            toml::Value::String(db.display().to_string()),
            origin,
            16u64 << 30,
        ),
    )?;
    let log = File::create(dir.join("sync-http-server.log"))?;
    let server = Server {
        child: Command::new(bin)
            .args(["serve", "--config"])
            .arg(&config)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?,
    };
    let pid = server.child.id();
    let client = crate::support::client()?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{origin}/healthz"))
        .send()
        .map_or(true, |r| !r.status().is_success())
    {
        if Instant::now() > deadline {
            return Err(format!("the server did not come up on {origin}").into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(3600))
        .build()?;
    let start = Instant::now();
    let answer = client
        .post(format!("{origin}/api/v1/sources/wlx/runs"))
        .bearer_auth(&secret)
        .header("content-type", "application/xml")
        .header("x-filename", "night0.xml")
        .body(reqwest::blocking::Body::new(File::open(export)?))
        .send()?;
    let status = answer.status();
    let text = answer.text()?;
    let took = start.elapsed();
    if !status.is_success() {
        return Err(format!("POST /api/v1/sources/wlx/runs answered {status}: {text}").into());
    }
    let peak = peak_memory(pid)?;
    drop(server);
    Ok((took, peak))
}

/// Runs the comparison and prints its table.
///
/// `servers`: the binaries to serve with (label, path), each posted to in every run; the
/// command line is `bin`'s.
pub fn run(
    bin: &str,
    servers: &[(String, std::path::PathBuf)],
    dir: &Path,
    export: &Path,
    runs: usize,
) -> Result<()> {
    let cli_db = dir.join("sync-cli.db");
    let http_db = dir.join("sync-http.db");
    println!(
        "sync over HTTP: {} ({:.0} MB), {runs} run(s) each, load average (1 min) at the start: {}",
        export.display(),
        std::fs::metadata(export)?.len() as f64 / 1e6,
        load_average()
    );
    let mut t_cli = Vec::new();
    let mut m_cli = Vec::new();
    let mut t_http: Vec<Vec<Duration>> = servers.iter().map(|_| Vec::new()).collect();
    let mut m_http: Vec<u64> = servers.iter().map(|_| 0).collect();
    let mut same = true;
    for run in 0..runs {
        let (t, m) = cli_run(bin, &cli_db, export)?;
        println!(
            "run {run}: skillreg sync wlx {}, peak {:.1} MB (load {})",
            secs(t),
            m as f64 / 1e6,
            load_average()
        );
        t_cli.push(t);
        m_cli.push(m);
        let expected = fingerprint(&cli_db)?;
        for (i, (label, server)) in servers.iter().enumerate() {
            let server = server.display().to_string();
            let (t, m) = http_run(&server, dir, &http_db, export)?;
            println!(
                "run {run}: {label}: POST /api/v1/sources/wlx/runs {}, server peak {:.1} MB (load {})",
                secs(t),
                m as f64 / 1e6,
                load_average()
            );
            t_http[i].push(t);
            m_http[i] = m_http[i].max(m);
            let got = fingerprint(&http_db)?;
            if got != expected {
                same = false;
                for (table, rows) in &expected {
                    if got.get(table) != Some(rows) {
                        println!(
                            "run {run}: {label}: {table} differs: CLI {rows:?}, HTTP {:?}",
                            got.get(table)
                        );
                    }
                }
            }
        }
    }
    let cli = percentile(&mut t_cli, 0.5);
    let mc = *m_cli.iter().max().unwrap_or(&0);
    println!("load average (1 min) at the end: {}", load_average());
    println!("| measure | median | ratio | target |\n|---|---:|---|---|");
    println!(
        "| `skillreg sync wlx` into a fresh registry | {} | peak memory {:.1} MB |  |",
        secs(cli),
        mc as f64 / 1e6
    );
    for (i, (label, _)) in servers.iter().enumerate() {
        let http = percentile(&mut t_http[i], 0.5);
        let ratio = http.as_secs_f64() / cli.as_secs_f64().max(1e-9);
        println!(
            "| {label}: `POST /api/v1/sources/wlx/runs` into a fresh registry | {} | {ratio:.2}x the CLI | <= 1.2x ({}) |",
            secs(http),
            if ratio <= 1.2 { "ok" } else { "MISSED" }
        );
        println!(
            "| {label}: server peak memory (VmHWM) | {:.1} MB | {:.2}x the CLI's {:.1} MB |  |",
            m_http[i] as f64 / 1e6,
            m_http[i] as f64 / mc.max(1) as f64,
            mc as f64 / 1e6
        );
    }
    println!(
        "| the registries hold the same data (every run, every server) | {} |  |  |",
        if same { "yes" } else { "NO" }
    );
    if !same {
        return Err("the registry the HTTP sync left differs from the CLI's".into());
    }
    Ok(())
}
