//! Two syncs of one registry at once, and readers during a sync. The first sync reads its
//! export from a named pipe that the test fills, so that it stops half-way through its
//! transaction, holding the run lock, for as long as the test needs: no test depends on how fast
//! the machine is.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use skillreg_gen::{GenConfig, GenStats};

use crate::Env;
use crate::crash::{Spawned, finish, spawn};

const PEOPLE: usize = 3_000;

/// An export written into a named pipe: the first half at once, the rest once released, a
/// sixteenth at a time `pace` apart.
struct Pipe {
    path: PathBuf,
    /// Receives once the first half has been read by the other end.
    half_read: mpsc::Receiver<()>,
    release: mpsc::Sender<()>,
    writer: JoinHandle<()>,
}

impl Pipe {
    fn new(path: PathBuf, data: Vec<u8>, pace: Duration) -> Pipe {
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo {}", path.display());
        let (half_tx, half_read) = mpsc::channel();
        let (release, release_rx) = mpsc::channel::<()>();
        let fifo = path.clone();
        let writer = std::thread::spawn(move || {
            // Blocks until the sync opens the pipe; each write until it has read enough.
            let mut out = File::options().write(true).open(&fifo).unwrap();
            let half = data.len() / 2;
            // A pipe holds 64 KiB: once this returns, the reader has read all but the last
            // 64 KiB of the first half, and waits for more inside its transaction.
            out.write_all(&data[..half]).unwrap();
            half_tx.send(()).unwrap();
            if release_rx.recv().is_ok() {
                for chunk in data[half..].chunks((data.len() - half).div_ceil(16).max(1)) {
                    std::thread::sleep(pace);
                    out.write_all(chunk).unwrap();
                }
            }
        });
        Pipe {
            path,
            half_read,
            release,
            writer,
        }
    }

    fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }

    /// Waits until the reader is half-way through.
    fn wait_half_read(&self) {
        self.half_read
            .recv_timeout(Duration::from_secs(60))
            .expect("the sync reads the first half of its export");
    }

    /// Lets the reader have the rest, and waits until it has.
    fn finish(self) {
        self.release.send(()).unwrap();
        self.writer.join().unwrap();
    }
}

fn export(config: &GenConfig) -> (Vec<u8>, GenStats) {
    let mut data = Vec::new();
    let stats = skillreg_gen::write_wlx(config, &mut data).unwrap();
    (data, stats)
}

fn nights() -> (GenConfig, GenConfig) {
    let night0 = GenConfig {
        leavers_per_mille: 30,
        joiners_per_mille: 30,
        changed_per_mille: 300,
        ..GenConfig::new(PEOPLE, 9)
    };
    let night1 = GenConfig {
        night: 1,
        ..night0.clone()
    };
    (night0, night1)
}

fn start(env: &Env, args: &[&str]) -> Spawned {
    spawn(env.dir.path(), &env.db(), args)
}

/// The first sync: night 0 into the empty registry, stopped half-way.
fn first_sync_stopped_half_way(env: &Env) -> (Spawned, Pipe, GenStats) {
    let (night0, _) = nights();
    let (data, stats) = export(&night0);
    let pipe = Pipe::new(env.path("night0.pipe"), data, Duration::ZERO);
    let first = start(env, &["--format", "json", "sync", "wlx", pipe.path()]);
    pipe.wait_half_read();
    (first, pipe, stats)
}

#[test]
fn a_second_sync_waits_for_the_first_and_then_runs_after_it() {
    let env = Env::new();
    let (_, night1) = nights();
    let (data1, stats1) = export(&night1);
    std::fs::write(env.path("night1.xml"), data1).unwrap();
    let (first, pipe, stats0) = first_sync_stopped_half_way(&env);

    let mut second = start(
        &env,
        &[
            "--lock-timeout",
            "120",
            "--format",
            "json",
            "sync",
            "wlx",
            "night1.xml",
        ],
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        second.child.try_wait().unwrap().is_none(),
        "the second sync waits while the first holds the lock"
    );
    pipe.finish();

    let first = finish(first).ok().json();
    assert_eq!(first["n_created"], stats0.n_people);
    // The second ran on the first one's registry: it created only the night's joiners.
    let second = finish(second).ok().json();
    assert_eq!(second["n_created"], stats1.n_joined);
    assert_eq!(
        second["n_updated"].as_u64().unwrap() + second["n_reactivated"].as_u64().unwrap(),
        stats1.n_changed
    );
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    // Newest first: night 1 after night 0, both applied.
    assert_eq!(runs[0]["input"], "night1.xml");
    assert_eq!(runs[1]["input"], env.path("night0.pipe").to_str().unwrap());
    assert!(runs.iter().all(|r| r["outcome"] == "applied"), "{runs:?}");
}

#[test]
fn with_a_short_lock_timeout_the_second_sync_gives_up_naming_the_lock_and_the_first_completes() {
    let env = Env::new();
    std::fs::copy(
        crate::fixture("winlas/sample-export.xml"),
        env.path("sample.xml"),
    )
    .unwrap();
    let (first, pipe, stats0) = first_sync_stopped_half_way(&env);

    let started = Instant::now();
    let second = env.run(&["--lock-timeout", "1", "sync", "wlx", "sample.xml"]);
    let waited = started.elapsed();
    assert_eq!(second.code, 1, "{}", second.stdout);
    let lock = skillreg_cli::nightly::lock_path(&env.db());
    for part in [
        "another sync run is in progress",
        lock.to_str().unwrap(),
        "lock timeout of 1 s",
        "this run did nothing",
        "\nhint: retry when that run has finished, or wait longer with --lock-timeout SECONDS\n",
    ] {
        assert!(second.stderr.contains(part), "{part}: {}", second.stderr);
    }
    assert!(waited >= Duration::from_secs(1), "it waited: {waited:?}");

    pipe.finish();
    let first = finish(first).ok().json();
    assert_eq!(first["n_created"], stats0.n_people);
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(
        runs.as_array().unwrap().len(),
        1,
        "the second sync did nothing, not even log a run: {runs}"
    );
}

/// Who asks what, as JSON, as of the next night's day.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Query {
    /// HR: everyone's gaps (the audit trail records it).
    AllGaps,
    /// A manager: their team (recorded).
    Team,
    /// An employee: their own history (not recorded: it writes nothing).
    OwnHistory,
}

const QUERIES: [Query; 3] = [Query::AllGaps, Query::Team, Query::OwnHistory];

fn ask(env: &Env, query: Query, manager: &str, employee: &str) -> String {
    let actor = match query {
        Query::AllGaps => "hr".to_string(),
        Query::Team => format!("manager:{manager}"),
        Query::OwnHistory => format!("employee:{employee}"),
    };
    let what = match query {
        Query::AllGaps => ["gaps", "--all"],
        Query::Team => ["team", manager],
        Query::OwnHistory => ["history", employee],
    };
    let mut args = vec![
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        "--as-actor",
        &actor,
    ];
    args.extend(what);
    let run = env.run(&args);
    assert_eq!(run.code, 0, "{query:?}: {}", run.stderr);
    assert!(!run.stderr.contains("locked"), "{query:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn readers_during_a_sync_see_the_registry_before_it_or_after_it_never_a_mix() {
    let env = Env::new();
    let (night0, night1) = nights();
    let (data0, _) = export(&night0);
    std::fs::write(env.path("night0.xml"), data0).unwrap();
    env.run(&["sync", "wlx", "night0.xml"]).ok();
    let (data1, _) = export(&night1);
    std::fs::write(env.path("night1.xml"), &data1).unwrap();
    // The manager with the most reports, and someone who gets new evidence in the night.
    let manager = busiest_manager(&env.db());
    let plan = env
        .run(&["--format", "json", "sync", "wlx", "--dry-run", "night1.xml"])
        .ok()
        .json();
    let employee = plan["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["change"] == "updated" && p["n_evidence"].as_u64() > Some(0))
        .map(|p| p["employee_no"].as_str().unwrap().to_string())
        .unwrap();
    let before: Vec<String> = QUERIES
        .iter()
        .map(|&q| ask(&env, q, &manager, &employee))
        .collect();

    // The second half over about half a second, so that readers run all through it.
    let pipe = Pipe::new(env.path("night1.pipe"), data1, Duration::from_millis(30));
    let mut sync = start(&env, &["sync", "wlx", pipe.path()]);
    pipe.wait_half_read();
    // Half-way through the sync's transaction, a read that writes nothing answers at once, and
    // nothing of the sync shows.
    for _ in 0..3 {
        assert_eq!(
            ask(&env, Query::OwnHistory, &manager, &employee),
            before[2],
            "mid-transaction"
        );
    }
    // One reader per query, from there through the rest of the import, its commit and its end.
    // A read the audit trail records waits for the sync's commit to write its row.
    let done = AtomicBool::new(false);
    let seen: Vec<(usize, String)> = std::thread::scope(|scope| {
        let readers: Vec<_> = QUERIES
            .iter()
            .enumerate()
            .map(|(k, &query)| {
                let (done, env, manager, employee) = (&done, &env, &manager, &employee);
                scope.spawn(move || {
                    let mut seen = Vec::new();
                    while !done.load(Ordering::Relaxed) {
                        seen.push((k, ask(env, query, manager, employee)));
                    }
                    seen
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        pipe.finish();
        let status = sync.child.wait();
        done.store(true, Ordering::Relaxed);
        assert!(status.unwrap().success());
        readers
            .into_iter()
            .flat_map(|r| r.join().unwrap())
            .collect()
    });
    let after: Vec<String> = QUERIES
        .iter()
        .map(|&q| ask(&env, q, &manager, &employee))
        .collect();
    for k in 0..QUERIES.len() {
        assert_ne!(after[k], before[k], "the night changes {:?}", QUERIES[k]);
    }
    for (i, (k, text)) in seen.iter().enumerate() {
        assert!(
            *text == before[*k] || *text == after[*k],
            "read {i} ({:?}): neither the registry before the sync nor after it\n{text}",
            QUERIES[*k]
        );
    }
    let count = |k: usize, state: &[String]| {
        seen.iter()
            .filter(|(q, text)| *q == k && *text == state[k])
            .count()
    };
    eprintln!(
        "concurrency: reads during the rest of the sync (before/after its commit): {}",
        QUERIES
            .iter()
            .enumerate()
            .map(|(k, q)| format!("{q:?} {}/{}", count(k, &before), count(k, &after)))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// The employee number of the manager with the most people reporting directly.
fn busiest_manager(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT manager_no FROM employments WHERE manager_no IS NOT NULL AND end_day IS NULL
         GROUP BY manager_no ORDER BY count(*) DESC, manager_no LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}
