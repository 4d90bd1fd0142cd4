//! The xAPI adapter of skillreg: reads course completions from an xAPI 1.0.3 learning record
//! store (LRS) and hands them to the sync engine as course results.
//!
//! An e-learning platform reports "Anna completed *Handledare i Lifecare*" as an xAPI statement
//! (actor, verb, activity, timestamp) to an LRS. This crate asks the LRS for the statements
//! stored since the last sync, keeps the completions, maps actors to employee numbers and
//! activities to course codes with an [`XapiMapping`], and yields one person per employee number
//! with their course results. The caller syncs the snapshot as an evidence source
//! (`SourceRole::Evidence`): the LRS never creates people or changes employments.
//!
//! # Brief overview
//! - [`XapiMapping`]: the TOML mapping file (verbs that count, activity IRI -> course, how an
//!   actor becomes an employee number).
//! - [`XapiConfig`]: the LRS endpoint, credentials, timeouts, page size.
//! - [`fetch`]: reads every page and returns an [`XapiSnapshot`], which implements
//!   [`skillreg_core::Snapshot`] (a delta with no catalog). Its `finish()` reports the
//!   completions it left out (unknown actor, unknown activity) as warnings and the watermark to
//!   resume from: the latest `stored` time read, but never past a completion left out for want
//!   of a mapping, so that it is read again once the mapping file is fixed; such a completion
//!   is given up once it is [`XapiMapping::retry_days`] (default 30) days older than the newest
//!   statement read.
//! - [`read_pages`]: the same reading over answers already fetched (saved pages, tests).
//! - [`XapiError`]: why the mapping or the LRS cannot be used at all (a refused password is a
//!   clear 401 error that never carries the password).
//!
//! # Example
//! ```no_run
//! use skillreg_core::Snapshot;
//! use skillreg_http::{Auth, Secret};
//! use skillreg_xapi::{XapiConfig, XapiMapping, fetch};
//!
//! let mapping = XapiMapping::parse(r#"
//!     [courses]
//!     "https://lms.example.se/course/lifecare-handl" = "LC-HANDL"
//!     [actors]
//!     account_name = true
//!     account_home_page = "https://lms.example.se"
//! "#)?;
//! let auth = Auth::Basic { user: "skillreg".into(), password: Secret::from_env("LRS_SECRET")? };
//! let config = XapiConfig::new("https://lrs.example.se/xAPI", auth);
//! // The watermark the registry stored after the last sync (None the first time).
//! let since = Some("2026-11-23T02:00:04.512000+00:00");
//! let mut snapshot = fetch(&config, &mapping, since)?;
//! while let Some(person) = snapshot.next_person().map_err(|p| format!("{p:?}"))? {
//!     println!("{}: {} course result(s)", person.employee_no, person.evidence.len());
//! }
//! let end = snapshot.finish();
//! for warning in &end.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! println!("resume from {:?}", end.watermark.map(|w| w.value));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod fetch;
mod mapping;
mod statement;

pub use error::XapiError;
pub use fetch::{SOURCE, XAPI_VERSION, XapiConfig, XapiSnapshot, fetch, read_pages};
pub use mapping::{
    ActorMapping, DEFAULT_RETRY_DAYS, VERB_COMPLETED, VERB_PASSED, VERB_VOIDED, XapiMapping,
};
