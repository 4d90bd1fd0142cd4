//! The HTTP API's brief as an A/B in one invocation: `--ab LABEL=BINARY,...` (each a
//! `skillreg` binary, e.g. one built before a change and this one) and `--ab-workers 4,1` (the
//! servers' `registry_workers`). Every binary with every worker count serves the registry in
//! turn, round after round (`--rounds`, interleaved so that the machine's load falls on all
//! alike), each binary on its own copy of it with tokens it made itself, and each is measured
//! as the API's run measures it: manager tokens asking for their reports' briefs at 32
//! connections, saturated and paced, with the server's CPU time. The table gives the median of
//! the rounds and each line's ratio to the first.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::{Wrk, percentile, secs};
use crate::{Server, cpu_time, load_average};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// What the A/B run needs from the invocation.
pub struct AbOptions<'a> {
    /// The imported registry, as the invocation made or found it.
    pub pristine: &'a Path,
    pub dir: &'a Path,
    pub root: PathBuf,
    pub managers: &'a [(String, usize)],
    pub today: chrono::NaiveDate,
    pub binaries: &'a [(String, PathBuf)],
    pub workers: &'a [usize],
    pub rounds: usize,
    pub connections: usize,
    pub seconds: u64,
    pub pace_ms: u64,
}

struct Sample {
    rate: f64,
    paced_p50: Duration,
    paced_p99: Duration,
    cpu_per_answer: Duration,
    cores: f64,
}

/// A copy of the registry for `bin` (a binary before a schema change cannot open a newer
/// file), with a service token per manager made by `bin` itself, and the request file: each
/// manager's reports' briefs, taken in turn across managers as the API's run does.
fn prepare(o: &AbOptions, i: usize, bin: &Path) -> Result<(PathBuf, PathBuf)> {
    let db = o.dir.join(format!("ab-{i}.db"));
    crate::data::copy_db(o.pristine, &db)?;
    let mut teams = Vec::new();
    for (m, _) in o.managers {
        let out = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["token", "create", "--name", &format!("ab-{m}")])
            .args(["--actor", &format!("manager:{m}")])
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "{} token create failed: {}",
                bin.display(),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let token = String::from_utf8(out.stdout)?.trim().to_string();
        teams.push((token, crate::api::reports_of(&db, m, o.today)?));
    }
    let longest = teams.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
    let mut lines = String::new();
    for i in 0..longest {
        for (token, team) in &teams {
            if let Some(no) = team.get(i) {
                lines.push_str(&format!("{token} /api/v1/people/{no}/brief\n"));
            }
        }
    }
    let briefs = o.dir.join(format!("ab-briefs-{i}.txt"));
    std::fs::write(&briefs, lines)?;
    Ok((db, briefs))
}

/// Runs the A/B and prints its table.
pub fn run(o: &AbOptions) -> Result<()> {
    let mut prepared = Vec::new();
    for (i, (_, bin)) in o.binaries.iter().enumerate() {
        prepared.push(prepare(o, i, bin)?);
    }
    let ticks: f64 = String::from_utf8(Command::new("getconf").arg("CLK_TCK").output()?.stdout)?
        .trim()
        .parse()?;

    let configs: Vec<(String, &Path, usize, &(PathBuf, PathBuf))> = o
        .binaries
        .iter()
        .zip(&prepared)
        .flat_map(|((label, bin), files)| {
            o.workers
                .iter()
                .map(move |w| (format!("{label}, {w} worker(s)"), bin.as_path(), *w, files))
        })
        .collect();
    let mut samples: Vec<Vec<Sample>> = configs.iter().map(|_| Vec::new()).collect();
    println!("A/B: load average (1 min) at the start: {}", load_average());
    for round in 0..o.rounds {
        for (i, (label, bin, workers, (db, briefs))) in configs.iter().enumerate() {
            let s = measure(o, bin, *workers, db, briefs, ticks)?;
            println!(
                "round {round}, {label}: {:.0}/s, paced p50 {} p99 {}, CPU {} per answer, {:.2} cores, load {}",
                s.rate,
                secs(s.paced_p50),
                secs(s.paced_p99),
                secs(s.cpu_per_answer),
                s.cores,
                load_average()
            );
            samples[i].push(s);
        }
    }
    println!("A/B: load average (1 min) at the end: {}", load_average());
    println!(
        "| server | brief JSON saturated, answers/s | paced p50 / p99 | CPU per answer | cores used | ratio to the first (rate, paced p50, CPU) |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let mut first: Option<(f64, Duration, Duration)> = None;
    for ((label, _, _, _), s) in configs.iter().zip(&samples) {
        let rate = median(&mut s.iter().map(|x| x.rate).collect());
        let cores = median(&mut s.iter().map(|x| x.cores).collect());
        let p50 = percentile(&mut s.iter().map(|x| x.paced_p50).collect::<Vec<_>>(), 0.5);
        let p99 = percentile(&mut s.iter().map(|x| x.paced_p99).collect::<Vec<_>>(), 0.5);
        let cpu = percentile(
            &mut s.iter().map(|x| x.cpu_per_answer).collect::<Vec<_>>(),
            0.5,
        );
        let (r0, p0, c0) = *first.get_or_insert((rate, p50, cpu));
        println!(
            "| {label} | {rate:.0}/s | {} / {} | {} | {cores:.2} | {:.2}x, {:.2}x, {:.2}x |",
            secs(p50),
            secs(p99),
            secs(cpu),
            rate / r0,
            p50.as_secs_f64() / p0.as_secs_f64().max(1e-9),
            cpu.as_secs_f64() / c0.as_secs_f64().max(1e-9),
        );
    }
    Ok(())
}

/// One server (`bin` with `workers`) on the registry: the saturated and the paced run.
fn measure(
    o: &AbOptions,
    bin: &Path,
    workers: usize,
    db: &Path,
    briefs: &Path,
    ticks: f64,
) -> Result<Sample> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let origin = format!("http://127.0.0.1:{port}");
    let config = o.dir.join("ab-server.toml");
    std::fs::write(
        &config,
        format!(
            "registry = {}\nlisten = \"127.0.0.1:{port}\"\npublic_url = {:?}\nregistry_workers = {workers}\n",
            toml::Value::String(db.display().to_string()),
            origin,
        ),
    )?;
    let log = File::create(o.dir.join("ab-server.log"))?;
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
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{origin}/healthz"))
        .send()
        .map_or(true, |r| !r.status().is_success())
    {
        if std::time::Instant::now() > deadline {
            return Err(format!("{} did not come up on {origin}", bin.display()).into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let wrk = Wrk {
        script: o.root.join("benches/serve/api.lua"),
        origin,
    };
    let c = o.connections;
    // A short warm-up: each worker opens its registry and reads the catalog.
    wrk.run("/", c, 2, briefs, "get", None)?;
    let before = cpu_time(pid, ticks)?;
    let saturated = wrk.run("/", c, o.seconds, briefs, "get", None)?;
    let cpu = cpu_time(pid, ticks)? - before;
    saturated.expect_only_ok("A/B briefs")?;
    let paced = wrk.run_paced("/", c, o.seconds, briefs, "get", None, o.pace_ms)?;
    paced.expect_only_ok("A/B paced briefs")?;
    drop(server);
    Ok(Sample {
        rate: saturated.per_second(),
        paced_p50: paced.p50,
        paced_p99: paced.p99,
        cpu_per_answer: cpu / saturated.requests.max(1) as u32,
        cores: cpu.as_secs_f64() / saturated.duration.as_secs_f64().max(1e-9),
    })
}
