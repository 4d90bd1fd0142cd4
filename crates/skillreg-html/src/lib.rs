//! Self-contained HTML pages of the registry: the appraisal brief and the team overview.
//!
//! Pure rendering: data in, one `String` of HTML out. No I/O, no network. Each page carries its
//! own style sheet (and, for the team matrix, a small sorting script) and references nothing
//! outside itself, prints on A4, and does not depend on colour alone: each series of the radar
//! chart has its own colour, dash pattern and marker, and each matrix cell a symbol and text.
//!
//! # Brief overview
//! - [`render_brief`]: the appraisal brief of one person, with a radar chart ([`radar()`],
//!   [`radar_svg`]) of target, current and self-assessed levels and the table that is its text
//!   alternative, gaps, discrepancies, referrals, expiring results and changes.
//! - [`render_team`]: people × systems, per system the count at or above target, counts over
//!   fewer than [`TeamConfig::min_group`] people suppressed.
//! - [`render_progress`]: a baseline compared with a follow-up, per unit and system: paired
//!   bars of the share at or above target on each day, and the table of every figure.
//! - [`render_demand`]: the training demand: per course the people it would close or narrow a
//!   gap for, by occupation and unit; the gaps no course closes; the courses to make for a group.
//! - [`render_maturity`]: the organisation's digital maturity, per unit a radar of the median
//!   step per capability on two days (the brief's radar code, on the framework's scale) beside
//!   the share of people at all their skill targets, and the table of every figure.
//! - [`render_unit`]: a unit as people × systems, or occupations × systems when it is large,
//!   aggregates over too few people withheld.
//! - [`render_round_forms`]: the printable forms of a self-assessment round, a page per person.
//! - [`Lang`]: English, Swedish and Norwegian Bokmål labels ([`Labels`] for the pages,
//!   [`TableLabels`] for the command line's text tables), level names, dates, the language the
//!   locale variables ask for ([`Lang::from_locale`]); re-exported from `skillreg-l10n`.
//!
//! The pages take the view models of `skillreg_core::view` ([`skillreg_core::view::Brief`],
//! [`skillreg_core::view::UnitView`], ...), whoever filled them; this crate does not depend on
//! the store.
//! - [`escape`]: the HTML escaping every text from data goes through.
//! - [`PageAssets`]: a page's style sheet inline (the stand-alone files) or linked (the web
//!   service, whose Content-Security-Policy forbids inline style), with [`render_brief_with`]
//!   and [`STYLE_SHEET`].
//!
//! # Example
//! ```
//! use skillreg_store::{BriefConfig, Registry};
//! use skillreg_html::{Lang, render_brief};
//!
//! let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
//! # let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
//! # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
//! # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
//! # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
//! let brief = registry.brief("10031", &BriefConfig::new(day))?;
//! let html = render_brief(&brief, &registry.catalog()?, Lang::Sv);
//! assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
//! assert!(html.contains("Handledare i Lifecare"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod brief;
mod demand;
mod escape;
mod maturity;
mod page;
mod progress;
mod radar;
mod round;
mod team;
mod unit;

pub use brief::{RADAR_CAPTION_ID, brief_axes, render_brief, render_brief_with};
pub use demand::{render_demand, render_demand_with};
pub use escape::escape;
pub use maturity::{maturity_radar_id, render_maturity, render_maturity_with};
pub use page::{PageAssets, STYLE_SHEET};
pub use progress::{render_progress, render_progress_with};
pub use radar::{
    AxisLine, Point, Radar, RadarAxis, RadarFrame, RadarSeries, RadarShape, Series, Vertex, angle,
    radar, radar_svg, scale_vertex, vertex,
};
pub use round::render_round_forms;
pub use skillreg_l10n::{
    Counted, EN, FORM_EN, FORM_NB, FORM_SV, FormLabels, Labels, Lang, NB, SV, TABLE_EN, TABLE_NB,
    TABLE_SV, TableLabels,
};
pub use team::{SORT_SCRIPT, TeamConfig, render_team, render_team_with};
pub use unit::{render_unit, render_unit_with};
