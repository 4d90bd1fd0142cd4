//! Deterministic synthetic organisations for skillreg: a Swedish municipality of any size, written
//! as the nightly WLX export an HR system would send (docs/src/formats/wlx.md), night
//! after night, or as a PAXml 2.0 personnel register (docs/src/formats/payroll.md). For load tests,
//! benchmarks and end-to-end tests of the importers.
//!
//! # Brief overview
//! - [`GenConfig`]: how many people, which seed, which night, and the nightly shares of leavers,
//!   joiners and changed people. The output is a function of it alone.
//! - [`write_wlx`], [`write_paxml`] and [`write_paxml_mapping`] stream a file to any
//!   [`std::io::Write`] and return [`GenStats`].
//!
//! # What the organisation looks like
//! - An org tree four levels deep: administrations (*förvaltningar*) > departments > units >
//!   subunits, about one subunit per 250 people (some 540 units for 100 000 people). Everyone
//!   works in a unit; the first person of each unit heads it and is the manager
//!   (`managerEmployeeNo`) of the others there; heads report to the head of the unit above.
//! - 62 systems (0-4 level descriptions each), 26 occupations with 2-6 requirements each (some
//!   limited to a department and below), about 120 courses (some with `validMonths`).
//! - People: employee numbers `100000 + i` (joiners continue after the original range; never a
//!   national identity number), Nordic names with diacritics (and some outside Latin-1), some
//!   double names with `&`; one or two employments (the second often ended), a few people whose
//!   only employment ended in the past months; about 20 competence records over the last three
//!   years (self, manager, now and then a course) and a few course results each.
//!
//! # Nights
//! Night 0 is exported at `2026-11-20T02:00:00+01:00`, night `n` one day later each. Relative to
//! the night before, exactly `leavers_per_mille` of `people` leave (for good; heads of units
//! never leave), `joiners_per_mille` join and `changed_per_mille` change (a new self
//! assessment, a new manager assessment or a changed percent); everyone else's `<Person>` block
//! is byte-identical to the night before.
//!
//! Person `i` is generated from `(seed, i)` alone, and their changes from `(seed, i, night)`,
//! so memory does not grow with the number of people, and no state is kept between nights.
//! The randomness is SplitMix64, written out in this crate, so that the bytes never change with
//! a dependency's version.
//!
//! # Example
//! ```
//! use skillreg_gen::{GenConfig, write_wlx};
//!
//! let config = GenConfig { people: 300, seed: 7, ..GenConfig::default() };
//! let mut night0 = Vec::new();
//! let stats = write_wlx(&config, &mut night0)?;
//! assert_eq!(stats.n_people, 300);
//! assert_eq!(stats.n_bytes, night0.len() as u64);
//! assert!(String::from_utf8(night0)?.contains(r#"exportedAt="2026-11-20T02:00:00+01:00""#));
//!
//! // The next night: 2 leave, 2 join and 3 change (per mille of 300, rounded).
//! let night1 = GenConfig { night: 1, ..config };
//! let stats = write_wlx(&night1, std::io::sink())?;
//! assert_eq!((stats.n_left, stats.n_joined, stats.n_changed), (2, 2, 3));
//! assert_eq!(stats.n_people, 300);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub use crate::config::{GenConfig, GenStats};
pub use crate::paxml::{write_paxml, write_paxml_mapping};
pub use crate::wlx::write_wlx;

mod config;
mod data;
mod date;
mod org;
mod paxml;
mod person;
mod plan;
mod rng;
mod wlx;
mod xml;
