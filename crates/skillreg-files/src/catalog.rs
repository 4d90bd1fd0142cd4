//! The declarative TOML catalog: systems and their levels, occupations, org units,
//! requirements, courses and the target groups of the roll-out.
//!
//! ```toml
//! [[systems]]
//! code = "LIFECARE"
//! name = "Lifecare"
//! vendor = "Tieto"
//! levels = { 1 = "Loggar in", 2 = "Dokumenterar" }
//!
//! [[occupations]]
//! code = "USK"
//! name = "Undersköterska"
//!
//! [[units]]
//! id = "SOC"
//! name = "Socialförvaltningen"
//!
//! [[requirements]]
//! occupation = "USK"
//! system = "LIFECARE"
//! level = 2
//! unit = "SOC"          # optional: only this unit and the units below it
//!
//! [[courses]]
//! code = "LC-DOK"
//! name = "Dokumentation i Lifecare"
//! system = "LIFECARE"
//! grants = 2
//! valid_months = 24     # optional: the result expires
//! audience = ["USK", "SSK"]  # optional: the occupations it is made for (absent: everyone)
//!
//! [[groups]]                # a target group: mapped and trained together, phase by phase
//! code = "STEG1"
//! name = "Steg 1: omvårdnad"
//! occupations = ["USK", "SSK"]  # at least one; each a known occupation
//! units = ["SOC"]           # optional: only these units and the units below them (absent: all)
//! phase = 1                 # the stage of the roll-out, 1 first
//! ```
//!
//! Every group code is listed once; an unknown occupation or unit in a group refuses the whole
//! file, naming the line. Groups are kept when a later file or an HR export does not list them
//! (no HR export states groups); a file that lists a group again replaces it.

use std::collections::BTreeMap;

use serde::Deserialize;
use skillreg_core::sync::CatalogOp;
use skillreg_core::{
    Catalog, CatalogLocations, Course, Group, Level, Location, Occupation, OrgUnit, Requirement,
    SourceCatalog, System,
};
use skillreg_store::Registry;

use crate::Error;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    units: Vec<toml::Spanned<UnitEntry>>,
    #[serde(default)]
    occupations: Vec<toml::Spanned<OccupationEntry>>,
    #[serde(default)]
    systems: Vec<toml::Spanned<SystemEntry>>,
    #[serde(default)]
    requirements: Vec<toml::Spanned<RequirementEntry>>,
    #[serde(default)]
    courses: Vec<toml::Spanned<CourseEntry>>,
    #[serde(default)]
    groups: Vec<toml::Spanned<GroupEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    code: String,
    name: String,
    occupations: Vec<String>,
    #[serde(default)]
    units: Vec<String>,
    phase: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    id: String,
    name: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OccupationEntry {
    code: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemEntry {
    code: String,
    name: String,
    vendor: Option<String>,
    #[serde(default)]
    levels: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementEntry {
    occupation: String,
    system: String,
    level: Level,
    unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseEntry {
    code: String,
    name: String,
    system: String,
    grants: Level,
    valid_months: Option<u32>,
    #[serde(default)]
    audience: Vec<String>,
}

/// Parses catalog TOML text; `file` names it in errors and locations. A file that is not TOML
/// of this shape is [`Error::Invalid`] with the line and column; what the catalog's items say
/// is checked when it is applied ([`apply_catalog`]).
///
/// ```
/// let text = "[[systems]]\ncode = \"LIFECARE\"\nname = \"Lifecare\"\nlevels = { 1 = \"Loggar in\" }\n";
/// let catalog = skillreg_files::parse_catalog(text, "catalog.toml")?;
/// assert_eq!(catalog.catalog.systems[0].code, "LIFECARE");
/// assert_eq!(catalog.locations.systems[0].line, Some(1));
/// let err = skillreg_files::parse_catalog("[[systems]]\ncode = \"X\"\nname = \"X\"\nlevel = 3\n", "c.toml")
///     .unwrap_err();
/// assert!(matches!(err, skillreg_files::Error::Invalid { line: Some(4), .. }), "{err}");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_catalog(text: &str, file: &str) -> Result<SourceCatalog, Error> {
    let parsed: File = toml::from_str(text).map_err(|e| {
        let (line, column) = match e.span() {
            Some(span) => {
                let (line, column) = line_and_column(text, span.start);
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        Error::Invalid {
            file: file.to_string(),
            line,
            column,
            message: e.to_string().trim_end().to_string(),
        }
    })?;
    let location = |span: std::ops::Range<usize>, element: &str| {
        let (line, column) = line_and_column(text, span.start);
        Location {
            file: Some(file.into()),
            line: Some(line),
            column: Some(column),
            element: Some(element.to_string()),
        }
    };
    let mut catalog = Catalog::default();
    let mut locations = CatalogLocations::default();
    for u in parsed.units {
        locations.units.push(location(u.span(), "units"));
        let u = u.into_inner();
        catalog.units.push(OrgUnit {
            id: u.id,
            name: u.name,
            parent: u.parent.filter(|p| !p.is_empty()),
        });
    }
    for o in parsed.occupations {
        locations
            .occupations
            .push(location(o.span(), "occupations"));
        let o = o.into_inner();
        catalog.occupations.push(Occupation {
            code: o.code,
            name: o.name,
        });
    }
    for s in parsed.systems {
        let at = location(s.span(), "systems");
        let s = s.into_inner();
        let mut level_descriptions: [Option<String>; 4] = Default::default();
        for (key, text) in s.levels {
            let level: Level = key.parse().map_err(|_| Error::Invalid {
                file: file.to_string(),
                line: at.line,
                column: at.column,
                message: format!(
                    "line {}: system {}: levels key {key:?} must be a level 1-4",
                    at.line.unwrap_or(0),
                    s.code
                ),
            })?;
            level_descriptions[usize::from(level.number() - 1)] = Some(text);
        }
        locations.systems.push(at);
        catalog.systems.push(System {
            code: s.code,
            name: s.name,
            vendor: s.vendor,
            level_descriptions,
        });
    }
    for r in parsed.requirements {
        locations
            .requirements
            .push(location(r.span(), "requirements"));
        let r = r.into_inner();
        catalog.requirements.push(Requirement {
            occupation: r.occupation,
            system: r.system,
            level: r.level,
            unit: r.unit,
        });
    }
    for c in parsed.courses {
        locations.courses.push(location(c.span(), "courses"));
        let c = c.into_inner();
        catalog.courses.push(Course {
            code: c.code,
            name: c.name,
            system: c.system,
            grants: c.grants,
            valid_months: c.valid_months.filter(|m| *m > 0),
            audience: c.audience,
        });
    }
    for g in parsed.groups {
        locations.groups.push(location(g.span(), "groups"));
        let g = g.into_inner();
        catalog.groups.push(Group {
            code: g.code,
            name: g.name,
            occupations: g.occupations,
            units: g.units,
            phase: g.phase,
        });
    }
    Ok(SourceCatalog {
        catalog,
        locations,
        ..SourceCatalog::default()
    })
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_and_column(text: &str, at: usize) -> (u64, u64) {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

/// How [`apply_catalog`] applies a file.
#[derive(Default, Clone, Copy)]
pub struct CatalogApply<'a> {
    /// Check and plan only: answer what would change, write nothing (no audit row either).
    pub dry_run: bool,
    /// A precondition on the catalog as it stands, checked in the same transaction as the
    /// write: if it answers false, nothing is written and the answer is [`Error::Changed`]
    /// (the web service compares the catalog's entity tag with `If-Match`).
    pub unchanged_since: Option<&'a dyn Fn(&Catalog) -> bool>,
}

impl std::fmt::Debug for CatalogApply<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogApply")
            .field("dry_run", &self.dry_run)
            .field("unchanged_since", &self.unchanged_since.is_some())
            .finish()
    }
}

/// Parses the catalog TOML `text` (named `file` in the problems and the audit trail) and
/// applies it to the registry as `skillreg catalog apply` does
/// ([`Registry::apply_catalog_with`]): HR only, items not named kept, every reference checked
/// first (a refusal names each problem's line and value, and writes nothing), one audit row.
/// Returns what changed (or, for a dry run, what would); the same file again changes nothing.
///
/// ```
/// let mut registry = skillreg_testkit::sample_registry();
/// let text = "[[occupations]]\ncode = \"IT\"\nname = \"IT-tekniker\"\n";
/// let dry = skillreg_files::CatalogApply { dry_run: true, ..Default::default() };
/// assert_eq!(skillreg_files::apply_catalog(&mut registry, text, "it.toml", &dry)?.len(), 1);
/// assert!(registry.catalog()?.occupations.iter().all(|o| o.code != "IT"), "a dry run writes nothing");
/// // A requirement naming an unknown system is refused, naming its line and value.
/// let bad = "[[requirements]]\noccupation = \"USK\"\nsystem = \"NOPE\"\nlevel = 2\n";
/// let err = skillreg_files::apply_catalog(&mut registry, bad, "bad.toml", &Default::default()).unwrap_err();
/// assert_eq!(err.problems()[0].location.line, Some(1));
/// assert_eq!(err.problems()[0].value.as_deref(), Some("NOPE"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apply_catalog(
    registry: &mut Registry,
    text: &str,
    file: &str,
    how: &CatalogApply<'_>,
) -> Result<Vec<CatalogOp>, Error> {
    let catalog = parse_catalog(text, file)?;
    let expected = |existing: &Catalog| how.unchanged_since.is_none_or(|f| f(existing));
    registry
        .apply_catalog_with(&catalog, file, how.dry_run, expected)?
        .ok_or(Error::Changed)
}
