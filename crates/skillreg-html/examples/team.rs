//! Writes the team overview of manager 10001 (reports of reports included) in the shipped
//! sample organisation, as of 2026-11-20, to an HTML file.
//!
//! `cargo run -p skillreg-html --example team -- [OUT.html] [en|sv|nb] [MIN_GROUP]`
//! (defaults: `team.html`, `en`, `5`).

use skillreg_core::sync::SyncConfig;
use skillreg_html::{Lang, TeamConfig, render_team};
use skillreg_store::{Registry, Scope};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "team.html".into());
    let lang = match args.next() {
        Some(tag) => {
            Lang::from_tag(&tag).ok_or(format!("unknown language {tag:?}: en, sv or nb"))?
        }
        None => Lang::En,
    };
    let min_group = match args.next() {
        Some(n) => n.parse()?,
        None => 5,
    };
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/winlas/sample-export.xml"
    ));
    let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample-export.xml")?;
    registry.sync(&mut export, "sample-export.xml", &SyncConfig::default())?;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    let scope = Scope::Manager {
        manager: "10001".into(),
        indirect: true,
    };
    let team = registry.team(&scope, day)?;
    let config = TeamConfig {
        min_group,
        subtitle: Some("10001 Karin Åberg".into()),
        ..TeamConfig::new(day)
    };
    std::fs::write(
        &out,
        render_team(&team, &registry.catalog()?, lang, &config),
    )?;
    println!("wrote {out}");
    Ok(())
}
