//! The unit view (`Registry::unit_view` + `skillreg_html::render_unit`) on a generated
//! organisation, against the gap list of the same unit (`Registry::gaps`) measured in the same
//! run.
//!
//! ```sh
//! cargo bench -p skillreg-cli --bench unit_view -- --people 10000 --runs 7
//! ```
//!
//! Options: `--people N` (default 10000), `--runs R` (default 7; medians of R runs), `--seed S`.
//! Three views: the whole organisation (`UnitScope::Everyone`, every root unit: occupations ×
//! systems, against `gaps --all`), the largest root unit (occupations × systems) and the unit
//! whose head count (with the units below it) is closest to 40, shown person by person whatever
//! its size (people × systems; the generated units are larger than the default `--max-people`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use skillreg_core::sync::{SyncConfig, TerminationLimit};
use skillreg_gen::GenConfig;
use skillreg_html::{Lang, render_unit};
use skillreg_store::{
    DEFAULT_MAX_PEOPLE, DEFAULT_MIN_GROUP, Registry, Scope, UnitScope, UnitShape,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn runs<T>(n: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..n {
        let start = Instant::now();
        let v = f()?;
        times.push(start.elapsed());
        last = Some(v);
    }
    Ok((median(times), last.ok_or("no runs")?))
}

fn secs(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() -> Result<()> {
    let (mut people, mut n_runs, mut seed) = (10_000usize, 7usize, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--people" => people = value()?.parse()?,
            "--runs" => n_runs = value()?.parse::<usize>()?.max(1),
            "--seed" => seed = value()?.parse()?,
            "--bench" => {}
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let dir = tempfile::tempdir()?;
    let export = dir.path().join("night0.xml");
    skillreg_gen::write_wlx(
        &GenConfig::new(people, seed),
        BufWriter::new(File::create(&export)?),
    )?;
    let mut registry = Registry::open(dir.path().join("registry.db"), skillreg_store::Actor::Hr)?;
    skillreg_cli::sync_wlx_file(
        &mut registry,
        &export,
        &SyncConfig {
            max_terminations: TerminationLimit::Percent(100.0),
            ..SyncConfig::default()
        },
    )?;
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    let catalog = registry.catalog()?;

    // Head counts per unit, the units below included, from one pass.
    let parents: HashMap<&str, Option<&str>> = catalog
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.parent.as_deref()))
        .collect();
    let mut heads: HashMap<String, u64> = HashMap::new();
    registry.for_each_standing(&Scope::All, day, |employee, _| {
        let mut units: Vec<&str> = Vec::new();
        for e in employee.employments.iter().filter(|e| e.is_active(day)) {
            let mut u = Some(e.unit.as_str());
            while let Some(id) = u {
                units.push(id);
                u = parents.get(id).copied().flatten();
            }
        }
        units.sort_unstable();
        units.dedup();
        for u in units {
            *heads.entry(u.to_string()).or_default() += 1;
        }
    })?;
    let root = catalog
        .units
        .iter()
        .filter(|u| u.parent.is_none())
        .max_by_key(|u| heads.get(&u.id).copied().unwrap_or(0))
        .ok_or("no root unit")?
        .id
        .clone();
    let small = heads
        .iter()
        .min_by_key(|(id, n)| (n.abs_diff(40), (*id).clone()))
        .ok_or("no unit")?
        .0
        .clone();

    println!(
        "unit view benchmark: {people} people, seed {seed}, {n_runs} runs each (medians), {} units",
        catalog.units.len()
    );
    println!(
        "| unit | people | shape | unit_view | render_unit | total | baseline gaps(same people) | ratio |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    let views = [
        (
            "(everyone)".to_string(),
            UnitScope::Everyone,
            Scope::All,
            DEFAULT_MAX_PEOPLE,
        ),
        (
            root.clone(),
            UnitScope::Unit(root.clone()),
            Scope::Unit(root),
            DEFAULT_MAX_PEOPLE,
        ),
        (
            small.clone(),
            UnitScope::Unit(small.clone()),
            Scope::Unit(small),
            usize::MAX,
        ),
    ];
    for (unit, scope, gap_scope, max_people) in views {
        let (t_view, view) = runs(n_runs, || {
            Ok(registry.unit_view(scope.clone(), day, max_people, DEFAULT_MIN_GROUP)?)
        })?;
        let (t_render, html) = runs(n_runs, || Ok(render_unit(&view, &catalog, Lang::Sv)))?;
        let (t_gaps, gaps) = runs(n_runs, || Ok(registry.gaps(&gap_scope, day)?))?;
        let total = t_view + t_render;
        println!(
            "| {unit} | {} | {} | {} | {} | {} | {} ({} gaps) | {:.2} |",
            view.n_people,
            match view.shape {
                UnitShape::People => "people",
                UnitShape::Occupations => "occupations",
            },
            secs(t_view),
            secs(t_render),
            secs(total),
            secs(t_gaps),
            gaps.len(),
            total.as_secs_f64() / t_gaps.as_secs_f64().max(1e-9)
        );
        eprintln!("{unit}: page {} bytes", html.len());
    }
    Ok(())
}
