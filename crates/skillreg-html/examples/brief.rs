//! Writes the appraisal brief of Linnéa Karlsson (10031) in the shipped sample organisation,
//! as of 2026-11-20, to an HTML file.
//!
//! `cargo run -p skillreg-html --example brief -- [OUT.html] [en|sv|nb] [EMPLOYEE]`
//! (defaults: `brief.html`, `en`, `10031`).

use skillreg_core::sync::SyncConfig;
use skillreg_html::{Lang, render_brief};
use skillreg_store::{BriefConfig, Registry};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "brief.html".into());
    let lang = match args.next() {
        Some(tag) => {
            Lang::from_tag(&tag).ok_or(format!("unknown language {tag:?}: en, sv or nb"))?
        }
        None => Lang::En,
    };
    let employee = args.next().unwrap_or_else(|| "10031".into());
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/winlas/sample-export.xml"
    ));
    let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample-export.xml")?;
    registry.sync(&mut export, "sample-export.xml", &SyncConfig::default())?;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    let brief = registry.brief(&employee, &BriefConfig::new(day))?;
    let html = render_brief(&brief, &registry.catalog()?, lang);
    std::fs::write(&out, html)?;
    println!("wrote {out}");
    Ok(())
}
