//! The languages of skillreg: every text a person reads that does not come from the registry,
//! in English, Swedish and Norwegian Bokmål, shared by the HTML pages, the command line's text
//! tables and anything else that shows the registry to people.
//!
//! One typed table per language: a label missing in one language is a compile error, because
//! every field of the struct must be given; the tests check that no label is empty, that the
//! translations are not copies of the English and that every language has the same
//! `{placeholders}`.
//!
//! # Brief overview
//! - [`Lang`]: the language; level names ([`Lang::level_name`]), dates ([`Lang::date`],
//!   [`Lang::short_date`]), decimals and percentages in the local form, and the language the
//!   locale variables ask for ([`Lang::from_locale`]).
//! - [`Labels`] ([`EN`], [`SV`], [`NB`]): the pages.
//! - [`TableLabels`] ([`TABLE_EN`], [`TABLE_SV`], [`TABLE_NB`]): the command line's text tables.
//! - [`FormLabels`] ([`FORM_EN`], [`FORM_SV`], [`FORM_NB`]): the printable self-assessment forms.
//! - [`MaturityLabels`] ([`MATURITY_EN`], [`MATURITY_SV`], [`MATURITY_NB`]): the digital maturity
//!   report, page and text table.
//! - [`Counted`]: a phrase with a count in it, singular and plural ("1 day", "90 days").
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use skillreg_core::Level;
//! use skillreg_l10n::Lang;
//!
//! let lang = Lang::from_tag("sv_SE.UTF-8").ok_or("not a language")?;
//! assert_eq!(lang.level(Some(Level::Advanced)), "3 avancerad");
//! let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
//! assert_eq!(lang.date(day), "20 nov. 2026");
//! assert_eq!(lang.labels().expiring_heading.format(1),
//!            "Utbildningsresultat som upphör att gälla inom 1 dag");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod counted;
mod form;
mod labels;
mod lang;
mod maturity;
mod table;
#[cfg(test)]
mod tests;

pub use counted::Counted;
pub use form::{FORM_EN, FORM_NB, FORM_SV, FormLabels};
pub use labels::{EN, Labels, NB, SV};
pub use lang::Lang;
pub use maturity::{MATURITY_EN, MATURITY_NB, MATURITY_SV, MaturityLabels};
pub use table::{TABLE_EN, TABLE_NB, TABLE_SV, TableLabels};
