//! The benchmark harness: generates an organisation, then measures the nightly job and the
//! managers' queries against the physical limits measured in the same run.
//!
//! ```sh
//! cargo bench -p skillreg-cli --bench sync -- --people 100000 --runs 5
//! ```
//!
//! Options: `--people N` (default 100000), `--runs R` (default 5; medians of R runs),
//! `--seed S`, `--dir PATH` (where to write files; default a temporary directory),
//! `--no-python` (skip the Python standard-library baseline), `--large N` (also a first import
//! and an unchanged re-import of N people as processes, e.g. `--large 1000000`: time with the
//! commit and the write-ahead log's checkpoint, peak memory, against the `--people` figures).

#[path = "sync/large.rs"]
mod large;

// The same allocator as the `skillreg` binary, so in-process figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use skillreg_cli::sources::{Source, sync_source};
use skillreg_core::sync::{SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_core::{EvidenceRecord, Snapshot};
use skillreg_gen::GenConfig;
use skillreg_paxml::PaxmlMapping;
use skillreg_store::{Assessment, BriefConfig, Registry, Scope};
use skillreg_wlx::WlxReader;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Options {
    people: usize,
    runs: usize,
    seed: u64,
    dir: Option<PathBuf>,
    python: bool,
    large: Option<usize>,
}

fn options() -> Result<Options> {
    let mut o = Options {
        people: 100_000,
        runs: 5,
        seed: 1,
        dir: None,
        python: true,
        large: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--people" => o.people = value()?.parse()?,
            "--runs" => o.runs = value()?.parse::<usize>()?.max(1),
            "--seed" => o.seed = value()?.parse()?,
            "--dir" => o.dir = Some(PathBuf::from(value()?)),
            "--no-python" => o.python = false,
            "--large" => o.large = Some(value()?.parse()?),
            "--bench" => {}
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    Ok(o)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn percentile(xs: &mut [Duration], p: f64) -> Duration {
    xs.sort();
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i.min(xs.len() - 1)]
}

fn time<T>(f: impl FnOnce() -> Result<T>) -> Result<(Duration, T)> {
    let start = Instant::now();
    let value = f()?;
    Ok((start.elapsed(), value))
}

fn runs<T>(n: usize, mut f: impl FnMut(usize) -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for i in 0..n {
        let (t, v) = time(|| f(i))?;
        times.push(t);
        last = Some(v);
    }
    Ok((median(times), last.ok_or("no runs")?))
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn copy_db(from: &Path, to: &Path) -> Result<()> {
    Connection::open(from)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    remove_db(to);
    std::fs::copy(from, to)?;
    Ok(())
}

fn generate(config: &GenConfig, path: &Path) -> Result<u64> {
    let out = BufWriter::new(File::create(path)?);
    let stats = skillreg_gen::write_wlx(config, out)?;
    Ok(stats.n_bytes)
}

/// The parse-free limit: every XML event of the file, nothing else.
fn scan(path: &Path) -> Result<u64> {
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, File::open(path)?));
    let mut buf = Vec::with_capacity(4096);
    let mut n = 0u64;
    loop {
        match reader.read_event_into(&mut buf)? {
            quick_xml::events::Event::Eof => break,
            _ => n += 1,
        }
        buf.clear();
    }
    Ok(n)
}

/// The reading limit: the registry's own reader through every record of the file, nothing
/// else (what the reading thread of an import does).
fn parse(path: &Path) -> Result<u64> {
    let mut reader = WlxReader::open(path)?;
    let _ = reader.catalog();
    let mut n = 0u64;
    loop {
        match reader.next_person() {
            Ok(Some(p)) => n += p.evidence.len() as u64,
            Ok(None) => break,
            Err(problems) => return Err(format!("{problems:?}").into()),
        }
    }
    Ok(n)
}

/// The insert limit: the same parser, the same rows into plain tables with prepared statements in
/// one transaction, one index built after; no validation, no plan, no digests.
fn raw_insert(path: &Path, db: &Path) -> Result<u64> {
    remove_db(db);
    let mut conn = Connection::open(db)?;
    // The same settings the registry uses.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -8_000)?;
    conn.execute_batch(
        "CREATE TABLE persons (id INTEGER PRIMARY KEY, employee_no TEXT NOT NULL, given_name TEXT, family_name TEXT, email TEXT);
         CREATE TABLE employments (person_id INTEGER, unit TEXT, occupation TEXT, percent INTEGER, start_day INTEGER, end_day INTEGER, manager_no TEXT, is_primary INTEGER);
         CREATE TABLE evidence (person_id INTEGER, system TEXT, kind INTEGER, level INTEGER, day INTEGER, assessor TEXT, course TEXT);",
    )?;
    let tx = conn.transaction()?;
    let mut n = 0u64;
    {
        let mut reader = WlxReader::open(path)?;
        let _ = reader.catalog();
        let mut person = tx.prepare("INSERT INTO persons (employee_no, given_name, family_name, email) VALUES (?1, ?2, ?3, ?4)")?;
        let mut employment =
            tx.prepare("INSERT INTO employments VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let mut evidence =
            tx.prepare("INSERT INTO evidence VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        let day = |d: chrono::NaiveDate| chrono::Datelike::num_days_from_ce(&d);
        while let Some(p) = reader.next_person().map_err(|e| format!("{e:?}"))? {
            person.execute(params![p.employee_no, p.given_name, p.family_name, p.email])?;
            let id = tx.last_insert_rowid();
            for e in &p.employments {
                employment.execute(params![
                    id,
                    e.unit,
                    e.occupation,
                    e.percent,
                    day(e.start),
                    e.end.map(day),
                    e.manager,
                    e.primary
                ])?;
            }
            for e in &p.evidence {
                match e {
                    EvidenceRecord::Competence {
                        system,
                        level,
                        source,
                        date,
                        assessor,
                        ..
                    } => evidence.execute(params![
                        id,
                        system,
                        *source as i64,
                        level.number(),
                        day(*date),
                        assessor,
                        None::<String>
                    ])?,
                    EvidenceRecord::CourseResult {
                        course, completed, ..
                    } => evidence.execute(params![
                        id,
                        None::<String>,
                        2,
                        None::<i64>,
                        day(*completed),
                        None::<String>,
                        course
                    ])?,
                };
                n += 1;
            }
        }
    }
    tx.execute_batch("CREATE INDEX evidence_person ON evidence(person_id)")?;
    tx.commit()?;
    Ok(n)
}

/// Like [`runs`], with `prepare` run before each run and left out of its time.
fn prepared_runs<T>(
    n: usize,
    mut prepare: impl FnMut() -> Result<()>,
    mut f: impl FnMut() -> Result<T>,
) -> Result<(Duration, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..n {
        prepare()?;
        let (t, v) = time(&mut f)?;
        times.push(t);
        last = Some(v);
    }
    Ok((median(times), last.ok_or("no runs")?))
}

/// One source into the registry at `db`, through the library call the nightly job makes.
fn sync_into(
    db: &Path,
    source: &Source,
    config: &SyncConfig,
    day: chrono::NaiveDate,
) -> Result<SyncReport> {
    let mut registry = Registry::open(db, skillreg_store::Actor::Hr)?;
    Ok(sync_source(
        &mut registry,
        source,
        config,
        day,
        &mut |_| {},
    )?)
}

/// Fails unless `report` changes nothing: no person, no employment, no catalog entry, no
/// evidence.
fn assert_unchanged(what: &str, report: &SyncReport) -> Result<()> {
    if !report.is_empty()
        || report.n_evidence != 0
        || report.n_created + report.n_updated + report.n_reactivated + report.n_terminated != 0
    {
        return Err(format!(
            "{what} on an unchanged night changed something: {} created, {} updated, {} reactivated, {} terminated, {} evidence, {} catalog changes",
            report.n_created,
            report.n_updated,
            report.n_reactivated,
            report.n_terminated,
            report.n_evidence,
            report.catalog.len()
        )
        .into());
    }
    Ok(())
}

/// A TOML basic string holding `path`.
fn toml_path(path: &Path) -> String {
    toml::Value::String(path.display().to_string()).to_string()
}

fn import(path: &Path, db: &Path) -> Result<skillreg_core::sync::SyncReport> {
    let mut registry = Registry::open(db, skillreg_store::Actor::Hr)?;
    Ok(skillreg_cli::sync_wlx_file(
        &mut registry,
        path,
        &SyncConfig {
            max_terminations: skillreg_core::sync::TerminationLimit::Percent(100.0),
            ..SyncConfig::default()
        },
    )?)
}

/// [`import`] with the file read on the calling thread, as before files were read ahead: the
/// same import, to show what the second thread gains.
fn import_on_one_thread(path: &Path, db: &Path) -> Result<skillreg_core::sync::SyncReport> {
    let mut registry = Registry::open(db, skillreg_store::Actor::Hr)?;
    let mut reader = WlxReader::open(path)?;
    Ok(registry.sync(
        &mut reader,
        &path.display().to_string(),
        &SyncConfig {
            max_terminations: skillreg_core::sync::TerminationLimit::Percent(100.0),
            ..SyncConfig::default()
        },
    )?)
}

/// Runs a command and samples its peak resident memory (VmHWM) until it exits.
fn peak_memory(command: Command) -> Result<(Duration, u64)> {
    let (t, peak, _) = peak_memory_and_wal(command, None)?;
    Ok((t, peak))
}

/// Like [`peak_memory`], sampling also the largest size the registry `db`'s write-ahead log
/// reaches.
fn peak_memory_and_wal(mut command: Command, db: Option<&Path>) -> Result<(Duration, u64, u64)> {
    let wal = db.map(|db| PathBuf::from(format!("{}-wal", db.display())));
    let mut wal_peak = 0u64;
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(size) = wal.as_ref().and_then(|w| std::fs::metadata(w).ok()) {
            wal_peak = wal_peak.max(size.len());
        }
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                return Err(format!("{command:?} failed: {status}").into());
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok((start.elapsed(), peak_kb * 1024, wal_peak))
}

struct Report {
    lines: Vec<String>,
}

impl Report {
    fn line(&mut self, what: &str, value: String, ratio: Option<(f64, &str)>) {
        let ratio = ratio
            .map(|(r, of)| format!("{r:>7.2}x {of}"))
            .unwrap_or_default();
        let line = format!("| {what:<44} | {value:>12} | {ratio:<36} |");
        println!("{line}");
        self.lines.push(line);
    }
}

fn secs(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{:.1} µs", d.as_secs_f64() * 1e6)
    } else if d < Duration::from_secs(1) {
        format!("{:.2} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

fn main() -> Result<()> {
    let o = options()?;
    let tmp = tempfile::tempdir()?;
    let dir = o.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let night0 = dir.join("night0.xml");
    let night1 = dir.join("night1-1pct.xml");
    let base = GenConfig::new(o.people, o.seed);
    let (t_gen, bytes) = time(|| generate(&base, &night0))?;
    generate(
        &GenConfig {
            night: 1,
            leavers_per_mille: 0,
            joiners_per_mille: 0,
            changed_per_mille: 10,
            ..base.clone()
        },
        &night1,
    )?;
    println!(
        "skillreg benchmark: {} people, seed {}, {} runs each (medians); export {:.0} MB generated in {}",
        o.people,
        o.seed,
        o.runs,
        bytes as f64 / 1e6,
        secs(t_gen)
    );
    println!("| measure | median | ratio |\n|---|---:|---|");
    let mut r = Report { lines: Vec::new() };

    let (t_scan, _) = runs(o.runs, |_| scan(&night0))?;
    r.line("limit: quick-xml scan of the export", secs(t_scan), None);
    let raw_db = dir.join("raw.db");
    let (t_raw, n_rows) = runs(o.runs, |_| raw_insert(&night0, &raw_db))?;
    r.line(
        &format!("limit: parse + raw insert ({n_rows} evidence rows)"),
        secs(t_raw),
        Some((ratio(t_raw, t_scan), "scan")),
    );

    let (t_parse, _) = runs(o.runs, |_| parse(&night0))?;
    r.line(
        "limit: parse only (the registry's reader)",
        secs(t_parse),
        Some((ratio(t_parse, t_raw), "raw insert")),
    );

    let db = dir.join("registry.db");
    let (t_first, report) = runs(o.runs, |_| {
        remove_db(&db);
        import(&night0, &db)
    })?;
    r.line(
        &format!("first import ({} people created)", report.n_created),
        secs(t_first),
        Some((ratio(t_first, t_raw), "raw insert (target <= 1.5)")),
    );
    let (t_same, report) = runs(o.runs, |_| import(&night0, &db))?;
    assert_eq!(
        report.n_unchanged, report.n_seen,
        "an unchanged re-import changes nobody"
    );
    r.line(
        "unchanged re-import (writes nothing)",
        secs(t_same),
        Some((ratio(t_same, t_first), "first import (target <= 0.25)")),
    );
    let one_db = dir.join("one-thread.db");
    let (t_first_one, _) = runs(o.runs, |_| {
        remove_db(&one_db);
        import_on_one_thread(&night0, &one_db)
    })?;
    r.line(
        "first import, file read on the same thread",
        secs(t_first_one),
        Some((ratio(t_first_one, t_first), "first import (read ahead)")),
    );
    let (t_same_one, _) = runs(o.runs, |_| import_on_one_thread(&night0, &one_db))?;
    r.line(
        "unchanged re-import, read on the same thread",
        secs(t_same_one),
        Some((
            ratio(t_same_one, t_same),
            "unchanged re-import (read ahead)",
        )),
    );
    remove_db(&one_db);
    let changed_db = dir.join("changed.db");
    let (t_changed, report) = runs(o.runs, |_| {
        copy_db(&db, &changed_db)?;
        import(&night1, &changed_db)
    })?;
    r.line(
        &format!("re-import, 1 % changed ({} updated)", report.n_updated),
        secs(t_changed),
        Some((ratio(t_changed, t_first), "first import (target <= 0.4)")),
    );

    // Memory and whole-process figures, through the real binary.
    let bin = env!("CARGO_BIN_EXE_skillreg");
    let mem_db = dir.join("memory.db");
    remove_db(&mem_db);
    let mut init = Command::new(bin);
    init.args(["--db"]).arg(&mem_db).arg("init");
    peak_memory(init)?;
    let mut sync = Command::new(bin);
    sync.arg("--db")
        .arg(&mem_db)
        .args(["sync", "wlx"])
        .arg(&night0);
    let (t_proc, peak) = peak_memory(sync)?;
    r.line(
        "first import as a process: peak memory",
        format!("{:.1} MB", peak as f64 / 1e6),
        Some((peak as f64 / 1e6 / 100.0, "100 MB (target <= 1)")),
    );
    r.line(
        "first import as a process: time",
        secs(t_proc),
        Some((ratio(t_proc, t_raw), "raw insert")),
    );

    if o.python {
        let py_db = dir.join("python.db");
        remove_db(&py_db);
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/stdlib_import.py");
        let mut py = Command::new("python3");
        py.arg(&script).arg(&night0).arg(&py_db);
        match peak_memory(py) {
            Ok((t_py, py_peak)) => r.line(
                &format!("Python stdlib import ({:.0} MB peak)", py_peak as f64 / 1e6),
                secs(t_py),
                Some((ratio(t_py, t_first), "first import (target >= 3)")),
            ),
            Err(e) => println!("(Python baseline skipped: {e})"),
        }
    }

    // Queries on the imported registry.
    let day = report.header.as_of;
    let mut registry = Registry::open(&db, skillreg_store::Actor::Hr)?;
    let conn = Connection::open(&db)?;
    let ids: Vec<(i64, String)> = conn
        .prepare("SELECT id, employee_no FROM persons ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let step = (ids.len() / 1000).max(1);
    let sample: Vec<&(i64, String)> = ids.iter().step_by(step).collect();
    let mut lookup =
        conn.prepare("SELECT system_id, level, day, kind FROM evidence WHERE person_id = ?1")?;
    let mut t_lookups = Vec::new();
    for (id, _) in &sample {
        let (t, _) = time(|| Ok(lookup.query_map([id], |r| r.get::<_, i64>(0))?.count()))?;
        t_lookups.push(t);
    }
    let t_lookup = percentile(&mut t_lookups, 0.5);
    r.line(
        "limit: point lookup of one person's evidence",
        secs(t_lookup),
        None,
    );
    let mut t_briefs = Vec::new();
    for (_, no) in &sample {
        let (t, _) = time(|| Ok(registry.brief(no, &BriefConfig::new(day))?))?;
        t_briefs.push(t);
    }
    let p50 = percentile(&mut t_briefs, 0.5);
    let p99 = percentile(&mut t_briefs, 0.99);
    r.line(
        "brief of one person, in process, p50",
        secs(p50),
        Some((ratio(p50, t_lookup), "point lookup (target p50 <= 1 ms)")),
    );
    r.line(
        "brief of one person, in process, p99",
        secs(p99),
        Some((ratio(p99, t_lookup), "point lookup")),
    );

    let mut t_proc_briefs = Vec::new();
    for (_, no) in sample.iter().take(20) {
        let (t, out) = time(|| {
            Ok(Command::new(bin)
                .arg("--db")
                .arg(&db)
                .args(["--as-of", &day.to_string(), "brief", no])
                .output()?)
        })?;
        if !out.status.success() {
            return Err(format!(
                "skillreg brief {no} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        t_proc_briefs.push(t);
    }
    let proc_p50 = percentile(&mut t_proc_briefs, 0.5);
    r.line(
        "`skillreg brief` as a process, p50",
        secs(proc_p50),
        Some((proc_p50.as_secs_f64() / 0.050, "50 ms (target <= 1)")),
    );

    let managers: Vec<String> = conn.prepare("SELECT DISTINCT manager_no FROM employments WHERE manager_no IS NOT NULL ORDER BY manager_no LIMIT 50")?.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    let mut t_teams = Vec::new();
    let mut team_sizes = 0usize;
    for m in &managers {
        let (t, rows) = time(|| {
            Ok(registry
                .people(
                    &Scope::Manager {
                        manager: m.clone(),
                        indirect: false,
                    },
                    day,
                )?
                .len())
        })?;
        let (t2, _) = time(|| {
            Ok(registry.gaps(
                &Scope::Manager {
                    manager: m.clone(),
                    indirect: false,
                },
                day,
            )?)
        })?;
        team_sizes += rows;
        t_teams.push(t + t2);
    }
    let t_team = percentile(&mut t_teams, 0.5);
    r.line(
        &format!(
            "a manager's team gaps, p50 (avg team {})",
            team_sizes / managers.len().max(1)
        ),
        secs(t_team),
        Some((ratio(t_team, t_lookup), "point lookup")),
    );

    let (t_agg, _) = runs(o.runs, |_| {
        Ok(conn
            .prepare("SELECT system_id, level, count(*) FROM evidence GROUP BY system_id, level")?
            .query_map([], |r| r.get::<_, i64>(2))?
            .count())
    })?;
    r.line("limit: aggregation per system and level", secs(t_agg), None);
    let (t_gaps, gaps) = runs(o.runs.min(3), |_| Ok(registry.gaps(&Scope::All, day)?))?;
    r.line(
        &format!("gaps --all ({} gaps)", gaps.len()),
        secs(t_gaps),
        Some((ratio(t_gaps, t_agg), "aggregation (target <= 3 s)")),
    );

    // The return file: 1 % of the people get a new assessment in the registry.
    for (_, no) in ids.iter().step_by(100) {
        registry.record_assessment(
            no,
            "O365",
            skillreg_core::Level::Advanced,
            &Assessment::Manager("bench".into()),
            day,
            "bench",
        )?;
    }
    drop(registry);
    let export_db = dir.join("export.db");
    let out = dir.join("return.xml");
    let mut t_exports = Vec::new();
    let mut n = 0;
    for _ in 0..o.runs {
        copy_db(&db, &export_db)?;
        let mut registry = Registry::open(&export_db, skillreg_store::Actor::Hr)?;
        let (t, written) = time(|| Ok(skillreg_cli::export_wlx_file(&mut registry, &out)?))?;
        t_exports.push(t);
        n = written;
    }
    let t_export = median(t_exports);
    r.line(
        &format!("return-file export ({n} records)"),
        secs(t_export),
        Some((ratio(t_export, t_lookup * n as u32), "n point lookups")),
    );

    // Several sources: payroll (PAXml) owns people and employments, the competence export (WLX)
    // of the same organisation adds evidence only.
    r.line(
        "**several sources** (PAXml people, WLX evidence)",
        String::new(),
        None,
    );
    let pax = dir.join("night0.pax");
    let pax_mapping = dir.join("paxml-mapping.toml");
    skillreg_gen::write_paxml(&base, BufWriter::new(File::create(&pax)?))?;
    skillreg_gen::write_paxml_mapping(&base, BufWriter::new(File::create(&pax_mapping)?))?;
    let paxml = Source::Paxml {
        file: pax.clone(),
        mapping: PaxmlMapping::from_file(&pax_mapping)?,
        allow_unmapped: false,
    };
    let wlx = Source::Wlx {
        file: night0.clone(),
    };
    let people_config = SyncConfig {
        max_terminations: TerminationLimit::Percent(100.0),
        ..SyncConfig::default()
    };
    let evidence_config = SyncConfig {
        role: SourceRole::Evidence,
        ..SyncConfig::default()
    };
    // The night-0 files' day (`day` above is the next night's).
    let day =
        chrono::NaiveDate::parse_from_str(base.exported_at().get(..10).unwrap_or(""), "%Y-%m-%d")?;
    let pax_db = dir.join("paxml.db");
    let (t_pax_first, report) = prepared_runs(
        o.runs,
        || {
            remove_db(&pax_db);
            Ok(())
        },
        || sync_into(&pax_db, &paxml, &people_config, day),
    )?;
    r.line(
        &format!("PAXml first import ({} people created)", report.n_created),
        secs(t_pax_first),
        Some((ratio(t_pax_first, t_first), "WLX first import")),
    );
    let multi_db = dir.join("multi.db");
    let (t_evidence_first, report) = prepared_runs(
        o.runs,
        || copy_db(&pax_db, &multi_db),
        || sync_into(&multi_db, &wlx, &evidence_config, day),
    )?;
    r.line(
        &format!("WLX evidence only, first ({} evidence)", report.n_evidence),
        secs(t_evidence_first),
        Some((ratio(t_evidence_first, t_first), "WLX first import")),
    );
    let night_db = dir.join("night.db");
    copy_db(&multi_db, &night_db)?;
    let mut t_night_pax = Vec::new();
    let mut t_night_wlx = Vec::new();
    let mut t_night = Vec::new();
    for _ in 0..o.runs {
        let (t_pax, report) = time(|| sync_into(&night_db, &paxml, &people_config, day))?;
        assert_unchanged("PAXml", &report)?;
        let (t_wlx, report) = time(|| sync_into(&night_db, &wlx, &evidence_config, day))?;
        assert_unchanged("WLX evidence only", &report)?;
        t_night_pax.push(t_pax);
        t_night_wlx.push(t_wlx);
        t_night.push(t_pax + t_wlx);
    }
    let (t_night_pax, t_night_wlx, t_night) =
        (median(t_night_pax), median(t_night_wlx), median(t_night));
    r.line(
        "unchanged night: PAXml people step",
        secs(t_night_pax),
        Some((ratio(t_night_pax, t_same), "WLX unchanged re-import")),
    );
    r.line(
        "unchanged night: WLX evidence step",
        secs(t_night_wlx),
        Some((ratio(t_night_wlx, t_same), "WLX unchanged re-import")),
    );
    r.line(
        "unchanged night: both (nothing changed)",
        secs(t_night),
        Some((
            ratio(t_night, t_same),
            "WLX unchanged re-import (target <= 2)",
        )),
    );
    let night_mem_db = dir.join("night-memory.db");
    copy_db(&night_db, &night_mem_db)?;
    let profile = dir.join("night.toml");
    std::fs::write(
        &profile,
        format!(
            "name = \"benchmark night\"\n\n[[step]]\nkind = \"paxml\"\nfile = {}\nmapping = {}\npeople = true\n\n[[step]]\nkind = \"wlx\"\nfile = {}\n",
            toml_path(&pax),
            toml_path(&pax_mapping),
            toml_path(&night0)
        ),
    )?;
    let mut night = Command::new(bin);
    night
        .arg("--db")
        .arg(&night_mem_db)
        .args(["--as-of", &day.to_string(), "sync", "run", "--profile"])
        .arg(&profile);
    let (t_night_proc, night_peak) = peak_memory(night)?;
    r.line(
        "unchanged night as a process: peak memory",
        format!("{:.1} MB", night_peak as f64 / 1e6),
        Some((night_peak as f64 / 1e6 / 100.0, "100 MB (target <= 1)")),
    );
    r.line(
        "unchanged night as a process: time",
        secs(t_night_proc),
        Some((ratio(t_night_proc, t_same), "WLX unchanged re-import")),
    );
    if let Some(n) = o.large {
        large::large(n, &o, &dir, &mem_db, &night0, (t_proc, t_raw), &mut r)?;
    }
    std::io::stdout().flush()?;
    Ok(())
}
