//! Code mappings: the tables in an adapter's mapping file that translate an outside system's
//! codes (a payroll cost centre, a job title code, an e-learning activity IRI) to the registry's.
//!
//! Payroll codes rarely equal competence-system codes, so adapters look every code up in a
//! [`CodeMap`] and gather the ones it lacks in [`Unmapped`], which reports them as one list
//! rather than one problem per person.
//!
//! ```
//! use skillreg_core::mapping::{CodeMap, Unmapped};
//! use skillreg_core::Location;
//!
//! let units: CodeMap = [("5110", "SOC-HT")].into_iter().collect();
//! assert_eq!(units.get("5110"), Some("SOC-HT"));
//!
//! let mut unmapped = Unmapped::default();
//! let at = Location { line: Some(40), ..Location::default() };
//! assert_eq!(units.get("5130"), None);
//! unmapped.note("unit", "5130", &at);
//! unmapped.note("unit", "5130", &at);
//! let problem = unmapped.problem(&Location::default(), "add them to the mapping file").ok_or("none")?;
//! assert!(problem.message.contains("unit 5130 (2 records, first at line 40)"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::snapshot::{Location, Problem};

/// A table from outside codes to registry codes, as written in a mapping file
/// (`"5110" = "SOC-HT"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CodeMap(BTreeMap<String, String>);

impl CodeMap {
    /// The registry code for an outside code. Codes are compared exactly, after trimming
    /// surrounding whitespace from the outside code.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.0.get(code.trim()).map(String::as_str)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, sorted by outside code.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for CodeMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        CodeMap(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Outside codes that a mapping lacked, by kind (`unit`, `occupation`, `course` ...), each with
/// how often it was met and where first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unmapped {
    by_kind: BTreeMap<&'static str, BTreeMap<String, (usize, Location)>>,
}

impl Unmapped {
    /// Notes one use of an unmapped `code` of `kind` at `location`.
    pub fn note(&mut self, kind: &'static str, code: &str, location: &Location) {
        let entry = self
            .by_kind
            .entry(kind)
            .or_default()
            .entry(code.to_string())
            .or_insert_with(|| (0, location.clone()));
        entry.0 += 1;
    }

    /// True when no code was missing.
    pub fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }

    /// Number of distinct codes missing.
    pub fn n_codes(&self) -> usize {
        self.by_kind.values().map(BTreeMap::len).sum()
    }

    /// The missing codes as `(kind, code, uses, first location)`, sorted by kind and code.
    pub fn codes(&self) -> impl Iterator<Item = (&'static str, &str, usize, &Location)> {
        self.by_kind.iter().flat_map(|(kind, codes)| {
            codes
                .iter()
                .map(|(code, (n, at))| (*kind, code.as_str(), *n, at))
        })
    }

    /// One problem at `location` listing every missing code, ending with `hint`; `None` when
    /// nothing was missing.
    pub fn problem(&self, location: &Location, hint: &str) -> Option<Problem> {
        if self.is_empty() {
            return None;
        }
        let list: Vec<String> = self
            .codes()
            .map(|(kind, code, n, at)| {
                let records = if n == 1 { "record" } else { "records" };
                let first = match (n, at.line) {
                    (1, Some(line)) => format!(", at line {line}"),
                    (_, Some(line)) => format!(", first at line {line}"),
                    _ => String::new(),
                };
                format!("{kind} {code} ({n} {records}{first})")
            })
            .collect();
        Some(Problem::new(
            location,
            None,
            format!(
                "{} code(s) the mapping file does not know: {}; {hint}",
                self.n_codes(),
                list.join(", ")
            ),
        ))
    }
}
