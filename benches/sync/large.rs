//! `--large N`: the import of a much larger organisation, through the `skillreg` binary.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use skillreg_gen::GenConfig;

use super::{
    Options, Report, Result, generate, peak_memory, peak_memory_and_wal, ratio, raw_insert,
    remove_db, secs, time,
};

/// A first import and an unchanged re-import of `n` people, as processes of the `skillreg`
/// binary (the commit and the checkpoint of the write-ahead log when it closes included),
/// against the same measures of the `--people` organisation in this run: the first import's
/// process time `t_first_proc`, and an unchanged re-import of it into `db` measured here. The
/// raw-insert limit of the `n` people too, against `t_raw` of the `--people`: how much of the
/// first import's growth is the limit's own.
pub(super) fn large(
    n: usize,
    o: &Options,
    dir: &Path,
    db: &Path,
    night0: &Path,
    (t_first_proc, t_raw): (Duration, Duration),
    r: &mut Report,
) -> Result<()> {
    let bin = env!("CARGO_BIN_EXE_skillreg");
    let sync = |db: &Path, file: &Path| {
        let mut sync = Command::new(bin);
        sync.arg("--db")
            .arg(db)
            .args(["sync", "wlx", "--max-terminations", "100%"])
            .arg(file);
        sync
    };
    let (t_same_proc, _) = peak_memory(sync(db, night0))?;
    r.line(
        &format!("**{n} people** (`--large`), as processes"),
        String::new(),
        None,
    );
    r.line(
        &format!("{} people: unchanged re-import as a process", o.people),
        secs(t_same_proc),
        Some((
            ratio(t_same_proc, t_first_proc),
            "first import as a process",
        )),
    );
    let file = dir.join(format!("large-{n}.xml"));
    let (t_gen, bytes) = time(|| generate(&GenConfig::new(n, o.seed), &file))?;
    println!(
        "({n} people: export of {:.0} MB generated in {})",
        bytes as f64 / 1e6,
        secs(t_gen)
    );
    let big_db = dir.join("large.db");
    remove_db(&big_db);
    let mut init = Command::new(bin);
    init.arg("--db").arg(&big_db).arg("init");
    peak_memory(init)?;
    let scale = n as f64 / o.people as f64;
    let (t_first, peak, wal) = peak_memory_and_wal(sync(&big_db, &file), Some(&big_db))?;
    r.line(
        &format!("{n} people: first import, time"),
        secs(t_first),
        Some((
            ratio(t_first, t_first_proc),
            &format!("{} people (target <= {:.0})", o.people, scale * 1.1),
        )),
    );
    r.line(
        &format!("{n} people: first import, peak memory"),
        format!("{:.1} MB", peak as f64 / 1e6),
        Some((peak as f64 / 1e6 / 150.0, "150 MB (target <= 1)")),
    );
    r.line(
        &format!("{n} people: first import, largest write-ahead log"),
        format!("{:.0} MB", wal as f64 / 1e6),
        Some((wal as f64 / bytes as f64, "the export's size")),
    );
    let raw_db = dir.join("large-raw.db");
    let (t_big_raw, _) = time(|| raw_insert(&file, &raw_db))?;
    remove_db(&raw_db);
    r.line(
        &format!("{n} people: limit: parse + raw insert"),
        secs(t_big_raw),
        Some((ratio(t_big_raw, t_raw), &format!("{} people", o.people))),
    );
    r.line(
        &format!("{n} people: first import as a process / raw insert"),
        format!("{:.2}x", ratio(t_first, t_big_raw)),
        None,
    );
    let (t_same, peak_same) = peak_memory(sync(&big_db, &file))?;
    r.line(
        &format!("{n} people: unchanged re-import, time"),
        secs(t_same),
        Some((ratio(t_same, t_same_proc), &format!("{} people", o.people))),
    );
    r.line(
        &format!("{n} people: unchanged re-import, peak memory"),
        format!("{:.1} MB", peak_same as f64 / 1e6),
        Some((peak_same as f64 / 1e6 / 150.0, "150 MB (target <= 1)")),
    );
    remove_db(&big_db);
    let _ = std::fs::remove_file(&file);
    Ok(())
}
