//! Crash safety: the `skillreg sync wlx` process killed (SIGKILL) at many points of a large
//! import. After each kill the registry opens, passes SQLite's `PRAGMA integrity_check`, holds
//! exactly the night before or exactly the new night (never a part of it), and the same sync run
//! again completes and gives the new night. Linux: the test watches how far the process has
//! read its export in `/proc`.

use std::collections::BTreeMap;
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use rusqlite::types::ValueRef;
use skillreg_gen::GenConfig;

use crate::Env;

/// Large enough that the next night's import takes about a second in release.
const PEOPLE: usize = 10_000;

/// Columns that say when or how long, which differ between two runs of the same import.
const VOLATILE: &[&str] = &[
    "at",
    "started_at",
    "duration_ms",
    "created_at",
    "updated_at",
    "erased_at",
];

/// A `skillreg` process started and not yet waited for. Its output goes to files, so that it
/// never blocks on a full pipe while the test watches it.
pub(crate) struct Spawned {
    pub(crate) child: Child,
    stdout: File,
    stderr: File,
}

/// `skillreg` with `args` on the registry at `db`, in `dir`, started and not waited for.
pub(crate) fn spawn(dir: &Path, db: &Path, args: &[&str]) -> Spawned {
    let stdout = tempfile::tempfile().unwrap();
    let stderr = tempfile::tempfile().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_skillreg"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("SKILLREG_DB", db)
        .env("USER", "hr-officer")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().unwrap())
        .stderr(stderr.try_clone().unwrap())
        .spawn()
        .unwrap();
    Spawned {
        child,
        stdout,
        stderr,
    }
}

/// Waits for a process [`spawn`] started: exit code (-1 if killed), stdout, stderr.
pub(crate) fn finish(mut spawned: Spawned) -> crate::Run {
    let status = spawned.child.wait().unwrap();
    let read = |file: &mut File| {
        let mut text = String::new();
        file.seek(SeekFrom::Start(0)).unwrap();
        file.read_to_string(&mut text).unwrap();
        text
    };
    crate::Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&mut spawned.stdout),
        stderr: read(&mut spawned.stderr),
    }
}

/// Every table's row count and an order-independent digest of its rows (the columns in
/// [`VOLATILE`] left out), and the schema version: two registries with the same fingerprint hold
/// the same data.
fn fingerprint(db: &Path) -> BTreeMap<String, (u64, u64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    tables.insert("user_version".to_string(), (version as u64, 0));
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in names {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .into_iter()
            .filter(|c| !VOLATILE.contains(&c.as_str()))
            .map(|c| format!("\"{c}\""))
            .collect();
        let mut statement = conn
            .prepare(&format!("SELECT {} FROM \"{table}\"", columns.join(", ")))
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        let (mut n_rows, mut sum) = (0u64, 0u64);
        while let Some(row) = rows.next().unwrap() {
            let mut hasher = DefaultHasher::new();
            for i in 0..columns.len() {
                match row.get_ref(i).unwrap() {
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
    tables
}

fn integrity_check(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Copies the registry `from` (closed, its WAL checkpointed) to `to`, replacing `to` and any
/// WAL and shared-memory files a killed process left next to it.
fn copy_db(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(to, suffix));
        assert!(
            !with_suffix(from, suffix).exists(),
            "{} has a WAL file: it was not closed",
            from.display()
        );
    }
    std::fs::copy(from, to).unwrap();
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// When to kill a sync: at a point of what the process has visibly done, so that a loaded
/// machine moves the kills with the import instead of past it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum KillAt {
    /// Once it has read this many bytes of its export (Linux: `/proc/PID/fdinfo`): inside the
    /// transaction, reading, planning and writing into the page cache.
    Read(u64),
    /// Once the WAL holds this many bytes (pages spilled from the cache, or being committed).
    Wal(u64),
    /// This long after the main database file was first written: the checkpoint that copies
    /// the committed WAL back into it, as the process ends.
    Checkpoint(Duration),
}

/// What one whole import visibly did.
#[derive(Debug)]
struct Timeline {
    /// The WAL's largest size.
    peak_wal: u64,
    /// From the first write to the main database file to the end of the process.
    checkpoint: Duration,
}

/// How far `pid` has read the file `input`: the offset of its open file, once found.
fn read_offset(pid: u32, input: &Path, fdinfo: &mut Option<PathBuf>) -> Option<u64> {
    if fdinfo.is_none() {
        let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
        *fdinfo = fds
            .flatten()
            .find(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == input))
            .map(|fd| Path::new(&format!("/proc/{pid}/fdinfo")).join(fd.file_name()));
    }
    let info = std::fs::read_to_string(fdinfo.as_ref()?).ok()?;
    info.lines()
        .find_map(|line| line.strip_prefix("pos:"))
        .and_then(|pos| pos.trim().parse().ok())
}

/// Watches `child`, a sync of `db` reading `input`, until it ends, killing it at `kill`:
/// whether it was killed, and what it visibly did.
fn watch(child: &mut Child, db: &Path, input: &Path, kill: Option<KillAt>) -> (bool, Timeline) {
    let started = Instant::now();
    let wal = with_suffix(db, "-wal");
    let db_modified = modified(db);
    let (mut peak_wal, mut first_db_write, mut fdinfo) = (0, None, None);
    let mut killed = false;
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("a sync of {} took over two minutes", input.display());
        }
        let n_wal = std::fs::metadata(&wal).map_or(0, |m| m.len());
        peak_wal = peak_wal.max(n_wal);
        if first_db_write.is_none() && modified(db) != db_modified {
            first_db_write = Some(Instant::now());
        }
        let now = match kill {
            None => false,
            Some(KillAt::Read(n)) => {
                read_offset(child.id(), input, &mut fdinfo).is_some_and(|read| read >= n)
            }
            Some(KillAt::Wal(n)) => n_wal >= n,
            Some(KillAt::Checkpoint(t)) => first_db_write.is_some_and(|w| w.elapsed() >= t),
        };
        if now {
            // SIGKILL: no destructor, no rollback, no checkpoint.
            child.kill().unwrap();
            killed = child.wait().unwrap().code().is_none();
            break;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    let timeline = Timeline {
        peak_wal,
        checkpoint: first_db_write.map_or(Duration::ZERO, |w| w.elapsed()),
    };
    (killed, timeline)
}

/// 16 kill points for an import of `input_len` bytes that did what `full` says: through
/// reading and planning, through the WAL's growth, then through the checkpoint.
fn kill_points(input_len: u64, full: &Timeline) -> Vec<KillAt> {
    let mut points: Vec<KillAt> = (1..=4).map(|k| KillAt::Read(input_len * k / 5)).collect();
    points.push(KillAt::Wal(1));
    points.extend((1..=7).map(|k| KillAt::Wal(full.peak_wal * k / 7)));
    points.extend((0..4).map(|k| KillAt::Checkpoint(full.checkpoint * k / 4)));
    points
}

#[test]
fn a_sync_killed_at_any_point_leaves_the_old_or_the_new_night_and_a_rerun_completes() {
    let test_started = Instant::now();
    let env = Env::new();
    let night0 = GenConfig {
        leavers_per_mille: 30,
        joiners_per_mille: 30,
        changed_per_mille: 300,
        ..GenConfig::new(PEOPLE, 5)
    };
    let night1 = GenConfig {
        night: 1,
        ..night0.clone()
    };
    let file0 = env.path("night0.xml");
    let file1 = env.path("night1.xml");
    skillreg_gen::write_wlx(&night0, File::create(&file0).unwrap()).unwrap();
    let stats1 = skillreg_gen::write_wlx(&night1, File::create(&file1).unwrap()).unwrap();
    let file1 = file1.canonicalize().unwrap();
    let input_len = std::fs::metadata(&file1).unwrap().len();
    env.run(&["sync", "wlx", file0.to_str().unwrap()]).ok();

    // The night before, kept aside; each kill starts again from a copy of it.
    let base = env.path("base.db");
    copy_db(&env.db(), &base);
    let old = fingerprint(&base);
    let work = env.path("work.db");
    let args = ["--format", "json", "sync", "wlx", file1.to_str().unwrap()];
    let sync = || spawn(env.dir.path(), &work, &args);

    // One whole import, watched: the new night, and what an import visibly does.
    copy_db(&base, &work);
    let started = Instant::now();
    let mut child = sync();
    let (_, full) = watch(&mut child.child, &work, &file1, None);
    let full_time = started.elapsed();
    let report = finish(child).ok().json();
    assert_eq!(report["n_created"], stats1.n_joined);
    assert_eq!(
        report["n_updated"].as_u64().unwrap() + report["n_reactivated"].as_u64().unwrap(),
        stats1.n_changed
    );
    assert!(full.peak_wal > 0, "{full:?}");
    let new = fingerprint(&work);
    assert_ne!(old, new, "the next night changes the registry");
    assert_eq!(new["persons"].0, old["persons"].0 + stats1.n_joined);
    // The new night imported again: the same data, and one more (unchanged) run in the log.
    let again = finish(sync()).ok().json();
    assert_eq!(again["n_unchanged"], stats1.n_people);
    let new_again = fingerprint(&work);
    assert_eq!(new_again["sync_runs"].0, new["sync_runs"].0 + 1);

    let points = kill_points(input_len, &full);
    let mut outcomes = Vec::new();
    for (i, &point) in points.iter().enumerate() {
        copy_db(&base, &work);
        let mut child = sync();
        let (killed, _) = watch(&mut child.child, &work, &file1, Some(point));
        let run = finish(child);
        assert!(
            killed || run.code == 0,
            "kill {i} ({point:?}): exit {}\n{}",
            run.code,
            run.stderr
        );

        assert_eq!(integrity_check(&work), "ok", "kill {i} ({point:?})");
        let state = fingerprint(&work);
        let is_new = if state == old {
            false
        } else if state == new {
            true
        } else {
            let differ: Vec<&String> = state
                .keys()
                .filter(|t| state.get(*t) != old.get(*t) && state.get(*t) != new.get(*t))
                .collect();
            panic!(
                "kill {i} ({point:?}) left a registry that is neither the old nor the new \
                 night; tables unlike both: {differ:?}"
            );
        };
        if let KillAt::Read(_) = point {
            // Before the whole export is read, nothing can have been committed.
            assert!(killed && !is_new, "kill {i} ({point:?})");
        }
        outcomes.push((point, killed, is_new));

        // The same sync again completes and gives the new night.
        let rerun = finish(sync()).ok();
        assert_eq!(
            &fingerprint(&work),
            if is_new { &new_again } else { &new },
            "kill {i} ({point:?}): the re-run gives the new night\n{}",
            rerun.stdout
        );
    }
    let count =
        |f: &dyn Fn(&(KillAt, bool, bool)) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let n_killed = count(&|o| o.1);
    let n_killed_writing = count(&|o| o.1 && matches!(o.0, KillAt::Wal(_)));
    eprintln!(
        "crash: one import {full_time:?} ({full:?}); {n_killed} of {} runs killed \
         ({n_killed_writing} while the WAL grew); the registry held the old night after {}, \
         the new one after {}; {:?} in all",
        points.len(),
        count(&|o| !o.2),
        count(&|o| o.2),
        test_started.elapsed()
    );
    // The WAL grows for a good part of an import: most of its kill points fall inside it.
    assert!(n_killed_writing >= 4, "{outcomes:?}");
}
