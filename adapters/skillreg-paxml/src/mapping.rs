//! The mapping file: how a payroll system's codes become the registry's, and where the file
//! carries each person's manager.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use skillreg_core::mapping::CodeMap;
use skillreg_core::{Location, Problem};

use crate::error::PaxmlError;

/// The mapping file of a PAXml source (TOML):
///
/// ```toml
/// [units]            # resultatenhet id (dimension 1, cost centre) -> org unit id
/// "5110" = "SOC-HT"
///
/// [occupations]      # befattningskod (or, without one, the befattning text) -> occupation code
/// "USK02" = "USK"
///
/// [manager]          # optional: the persontexter/text whose id is this holds the manager
/// persontext = "CHEF"
///
/// [gender]           # optional, for the equality follow-up: derive each person's gender
/// from = "persnr"    # from the identity number (the number itself is never kept)
/// ```
///
/// `[units]` and `[occupations]` are required (they may be empty); any other key is an error
/// that names it. Without `[gender]` nothing about the gender is read or kept (and a sync
/// clears what an earlier mapping kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaxmlMapping {
    /// `resultatenhet` id of dimension 1 (the cost centre) to org unit id.
    pub units: CodeMap,
    /// `befattningskod` (or the `befattning` text, for people without a code) to occupation
    /// code.
    pub occupations: CodeMap,
    /// Where the file carries each person's manager, if it does.
    pub manager: Option<ManagerRule>,
    /// Whether to derive each person's gender, and from what.
    pub gender: Option<GenderRule>,
}

/// Where a PAXml source's gender comes from (`[gender] from = "persnr"`): the second-to-last
/// digit of a Swedish personnummer (odd = male, even = female), or the ninth of a Norwegian
/// fødselsnummer. The identity number is read for this only, in place, and never kept or
/// shown; a person without `persnr` has no gender stated, and a `persnr` that is neither kind
/// of number (wrong length or check digit) is a problem that does not quote it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenderRule {
    /// What to derive it from: only `"persnr"`.
    pub from: GenderFrom,
}

/// What a PAXml source's gender is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GenderFrom {
    /// The `persnr` attribute of each `person`.
    Persnr,
}

/// Where a PAXml file carries each person's manager. The standard has no such field; by a
/// bilateral convention the payroll system writes the manager's employee number into a free
/// text of the person (`<persontexter><text id="CHEF">10001</text></persontexter>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagerRule {
    /// The `id` of the `persontexter/text` that holds the manager's employee number.
    pub persontext: String,
}

impl PaxmlMapping {
    /// Reads the mapping file at `path`; problems name the path as given.
    pub fn from_file(path: impl AsRef<Path>) -> Result<PaxmlMapping, PaxmlError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| PaxmlError::Open {
            path: name.clone(),
            source,
        })?;
        PaxmlMapping::parse(&text, &name)
    }

    /// Parses the mapping file `text`; problems name the file `name`.
    pub fn parse(text: &str, name: &str) -> Result<PaxmlMapping, PaxmlError> {
        let file: Arc<str> = Arc::from(name);
        let mapping: PaxmlMapping = toml::from_str(text).map_err(|err| {
            let (line, column) = match err.span() {
                Some(span) => line_column(text, span.start),
                None => (None, None),
            };
            let location = Location {
                file: Some(file.clone()),
                line,
                column,
                element: None,
            };
            PaxmlError::Mapping(Box::new(Problem::new(
                &location,
                None,
                format!(
                    "{}; the mapping file has the tables [units], [occupations], an optional \
                     [manager] with persontext = \"...\" and an optional [gender] with \
                     from = \"persnr\"",
                    err.message().trim_end()
                ),
            )))
        })?;
        let at = |table: &str| Location {
            file: Some(file.clone()),
            line: None,
            column: None,
            element: Some(table.to_string()),
        };
        for (table, map) in [
            ("units", &mapping.units),
            ("occupations", &mapping.occupations),
        ] {
            if let Some((code, _)) = map.iter().find(|(_, to)| to.trim().is_empty()) {
                return Err(PaxmlError::Mapping(Box::new(Problem::new(
                    &at(table),
                    Some(code),
                    "the code maps to an empty registry code: give the registry's code",
                ))));
            }
        }
        if let Some(rule) = &mapping.manager
            && rule.persontext.trim().is_empty()
        {
            return Err(PaxmlError::Mapping(Box::new(Problem::new(
                &at("manager"),
                None,
                "persontext is empty: give the id of the persontexter/text that holds the \
                 manager's employee number, or leave [manager] out",
            ))));
        }
        Ok(mapping)
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (Option<u64>, Option<u64>) {
    let Some(before) = text.get(..offset) else {
        return (None, None);
    };
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before
        .get(line_start..)
        .map_or(0, |s| s.chars().count() as u64)
        + 1;
    (Some(line), Some(column))
}

/// How a [`PaxmlReader`](crate::PaxmlReader) treats people whose codes the mapping lacks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaxmlOptions {
    /// Skip people whose unit or occupation code the mapping file does not know (each is a
    /// warning, and they are neither changed nor terminated) rather than refuse the file.
    pub allow_unmapped: bool,
}
