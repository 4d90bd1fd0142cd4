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
use std::path::Path;

use serde::Deserialize;
use skillreg_core::{
    Catalog, CatalogLocations, Course, Group, Level, Location, Occupation, OrgUnit, Requirement,
    SourceCatalog, System,
};

/// A catalog file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    /// The file could not be opened.
    #[error("cannot read catalog {file}")]
    Io {
        /// File name.
        file: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid catalog.
    #[error("{file}: {message}")]
    Invalid {
        /// File name.
        file: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

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

/// Parses catalog TOML text; `file` names it in errors and locations.
pub fn parse_catalog(text: &str, file: &str) -> Result<SourceCatalog, CatalogFileError> {
    let parsed: File = toml::from_str(text).map_err(|e| CatalogFileError::Invalid {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    let location = |span: std::ops::Range<usize>, element: &str| {
        let before = &text[..span.start.min(text.len())];
        let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
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
            let level: Level = key.parse().map_err(|_| CatalogFileError::Invalid {
                file: file.to_string(),
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

/// Reads and parses a catalog file.
pub fn read_catalog(path: &Path) -> Result<SourceCatalog, CatalogFileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CatalogFileError::Io {
        file: file.clone(),
        source,
    })?;
    parse_catalog(&text, &file)
}
