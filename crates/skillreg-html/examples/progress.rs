//! Writes the progress report of the shipped sample organisation, baseline 2026-01-01 and
//! follow-up 2026-11-20, everyone, to an HTML file.
//!
//! `cargo run -p skillreg-html --example progress -- [OUT.html] [en|sv|nb] [MIN_GROUP]`
//! (defaults: `progress.html`, `en`, `5`).

use skillreg_core::sync::SyncConfig;
use skillreg_html::{Lang, render_progress};
use skillreg_store::Registry;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "progress.html".into());
    let lang = match args.next() {
        Some(tag) => {
            Lang::from_tag(&tag).ok_or(format!("unknown language {tag:?}: en, sv or nb"))?
        }
        None => Lang::En,
    };
    let min_group = match args.next() {
        Some(n) => n.parse()?,
        None => skillreg_store::DEFAULT_MIN_GROUP,
    };
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/winlas/sample-export.xml"
    ));
    let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample-export.xml")?;
    registry.sync(&mut export, "sample-export.xml", &SyncConfig::default())?;
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("date")?;
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    let progress = registry.progress(from, to, None, min_group)?;
    let html = render_progress(&progress, &registry.catalog()?, lang);
    std::fs::write(&out, html)?;
    println!("wrote {out}");
    Ok(())
}
