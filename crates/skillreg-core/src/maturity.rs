//! The organisation's digital maturity: a framework of capabilities measured on an ordered
//! scale of steps, and the answers of leader groups (or other respondents) per unit.
//!
//! A **framework** is data, not code: a TOML file that a municipality writes or takes from its
//! network ([`Framework::parse`]). It has an `id`, a `name`, a `version`, the ordered `steps`
//! of its scale (step 1 first, each with a `name` and an optional `description`) and its
//! `[[capabilities]]` (`id`, `name`, an optional `area` such as "core" or "supplementary", an
//! optional `description` and optional per-step descriptions in `steps`, one per step):
//!
//! ```toml
//! id = "small-example"
//! name = "A small example framework"
//! version = "1"
//! steps = [{ name = "Starting" }, { name = "Developing" }, { name = "Established" }, { name = "Leading" }]
//!
//! [[capabilities]]
//! id = "leadership"
//! name = "Leadership of digital change"
//! steps = ["Ad hoc", "Planned", "Managed", "Renewing"]
//! ```
//!
//! Every problem of a framework is named with file, line and value: a syntax error or an
//! unknown key (refused, so that a misspelt key is not silently ignored), an id that is not a
//! code by [`crate::text::code`], an empty name, fewer than [`MIN_STEPS`] or more than
//! [`MAX_STEPS`] steps, no capability, a capability id given twice, and per-step descriptions
//! that do not match the number of steps.
//!
//! Answers ([`MaturityAnswer`]) name a respondent (a reference such as a leader group, never a
//! national identity number), a unit, a capability and the step chosen. Reports take, for each
//! day, the latest answer on or before that day of every respondent, unit and capability, and
//! summarise them by the [`median`] and the distribution over the steps.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::snapshot::{Location, Problem};
use crate::text;

/// The fewest steps a scale may have.
pub const MIN_STEPS: usize = 2;
/// The most steps a scale may have.
pub const MAX_STEPS: usize = 10;

/// One step of a framework's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityStep {
    /// Its name ("Generation 2").
    pub name: String,
    /// What the step means, if the framework says.
    pub description: Option<String>,
}

/// One capability a framework measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capability {
    /// Its id (a code), used in answer files.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The part of the framework it belongs to ("core", "supplementary"), if any.
    pub area: Option<String>,
    /// What it covers, if the framework says.
    pub description: Option<String>,
    /// What each step means for this capability: empty, or one text per step.
    pub step_descriptions: Vec<String>,
}

/// A maturity framework: capabilities measured on an ordered scale of steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Framework {
    /// Its id (a code).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version: answers are recorded with id and version.
    pub version: String,
    /// The scale, step 1 first.
    pub steps: Vec<MaturityStep>,
    /// The capabilities, in the order the file lists them.
    pub capabilities: Vec<Capability>,
}

/// Why a framework file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameworkError {
    /// The file is not TOML of the framework's shape (a syntax error, an unknown key, a value
    /// of the wrong type); the message names line and column.
    #[error("{file} is not a maturity framework: {message}")]
    Syntax {
        /// File name.
        file: String,
        /// What is wrong, with line and column.
        message: String,
    },
    /// The file reads, but breaks the framework's rules: every problem named.
    #[error("{file} is not a maturity framework: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// File name.
        file: String,
        /// Each problem, with its line and value.
        problems: Vec<Problem>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    id: toml::Spanned<String>,
    name: toml::Spanned<String>,
    version: toml::Spanned<Version>,
    steps: Option<toml::Spanned<Vec<toml::Spanned<StepShape>>>>,
    #[serde(default)]
    capabilities: Vec<toml::Spanned<CapabilityShape>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Version {
    Text(String),
    Number(i64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepShape {
    name: String,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapabilityShape {
    id: String,
    name: String,
    area: Option<String>,
    description: Option<String>,
    steps: Option<Vec<String>>,
}

impl Framework {
    /// Parses a framework from TOML `text`; `file` names it in every problem.
    ///
    /// ```
    /// use skillreg_core::maturity::Framework;
    ///
    /// let text = r#"
    /// id = "small"
    /// name = "Small example"
    /// version = "1"
    /// steps = [{ name = "Starting" }, { name = "Established" }]
    /// [[capabilities]]
    /// id = "data"
    /// name = "Use of data"
    /// "#;
    /// let framework = Framework::parse(text, "small.toml")?;
    /// assert_eq!(framework.n_steps(), 2);
    /// assert_eq!(framework.capabilities[0].id, "data");
    /// // A second capability with the same id is refused, naming the line.
    /// let twice = format!("{text}[[capabilities]]\nid = \"data\"\nname = \"Again\"\n");
    /// let err = Framework::parse(&twice, "small.toml").unwrap_err().to_string();
    /// assert!(err.contains("line 9") && err.contains("\"data\""), "{err}");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, file: &str) -> Result<Framework, FrameworkError> {
        let shape: FileShape = toml::from_str(text).map_err(|e| FrameworkError::Syntax {
            file: file.to_string(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let name_of_file: Arc<str> = Arc::from(file);
        let at = |span: Range<usize>, element: &str| {
            let before = text.get(..span.start.min(text.len())).unwrap_or_default();
            Location {
                file: Some(Arc::clone(&name_of_file)),
                line: Some(before.bytes().filter(|b| *b == b'\n').count() as u64 + 1),
                column: None,
                element: Some(element.to_string()),
            }
        };
        let mut problems = Vec::new();
        let check_code = |loc: &Location, what: &str, value: &str, problems: &mut Vec<_>| {
            if let Err(fault) = text::code(value) {
                problems.push(Problem::new(
                    loc,
                    Some(value),
                    format!("the {what} {fault}"),
                ));
            }
        };
        let check_name = |loc: &Location, what: &str, value: &str, problems: &mut Vec<_>| {
            if value.trim().is_empty() {
                problems.push(Problem::new(loc, None, format!("the {what} is empty")));
            } else if let Err(fault) = text::name(value) {
                problems.push(Problem::new(loc, None, format!("the {what} {fault}")));
            }
        };
        let id_at = at(shape.id.span(), "id");
        check_code(&id_at, "framework id", shape.id.get_ref(), &mut problems);
        check_name(
            &at(shape.name.span(), "name"),
            "framework name",
            shape.name.get_ref(),
            &mut problems,
        );
        let version_at = at(shape.version.span(), "version");
        let version = match shape.version.into_inner() {
            Version::Text(t) => t,
            Version::Number(n) => n.to_string(),
        };
        check_code(&version_at, "version", &version, &mut problems);

        let (steps_at, step_shapes) = match shape.steps {
            Some(s) => (at(s.span(), "steps"), s.into_inner()),
            None => (id_at.clone(), Vec::new()),
        };
        if step_shapes.len() < MIN_STEPS || step_shapes.len() > MAX_STEPS {
            problems.push(Problem::new(
                &steps_at,
                Some(&step_shapes.len().to_string()),
                format!(
                    "a framework needs a scale of {MIN_STEPS} to {MAX_STEPS} steps (`steps = [{{ name = \"...\" }}, ...]`, step 1 first)"
                ),
            ));
        }
        let mut steps = Vec::new();
        for (i, s) in step_shapes.into_iter().enumerate() {
            let loc = at(s.span(), "steps");
            let s = s.into_inner();
            check_name(
                &loc,
                &format!("name of step {}", i + 1),
                &s.name,
                &mut problems,
            );
            if let Some(d) = &s.description {
                check_name(
                    &loc,
                    &format!("description of step {}", i + 1),
                    d,
                    &mut problems,
                );
            }
            steps.push(MaturityStep {
                name: s.name,
                description: s.description,
            });
        }

        if shape.capabilities.is_empty() {
            problems.push(Problem::new(
                &id_at,
                None,
                "a framework needs at least one capability (`[[capabilities]]` with id and name)",
            ));
        }
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut capabilities = Vec::new();
        for c in shape.capabilities {
            let loc = at(c.span(), "capabilities");
            let c = c.into_inner();
            check_code(&loc, "capability id", &c.id, &mut problems);
            if let Some(first) = seen.get(&c.id) {
                problems.push(Problem::new(
                    &loc,
                    Some(&c.id),
                    format!(
                        "capability id given twice; the first is at line {}",
                        first.line.unwrap_or(0)
                    ),
                ));
            } else {
                seen.insert(c.id.clone(), loc.clone());
            }
            check_name(
                &loc,
                &format!("name of capability {:?}", c.id),
                &c.name,
                &mut problems,
            );
            for (what, t) in [("area", &c.area), ("description", &c.description)] {
                if let Some(t) = t {
                    check_name(
                        &loc,
                        &format!("{what} of capability {:?}", c.id),
                        t,
                        &mut problems,
                    );
                }
            }
            let step_descriptions = c.steps.unwrap_or_default();
            if !step_descriptions.is_empty() && step_descriptions.len() != steps.len() {
                problems.push(Problem::new(
                    &loc,
                    Some(&step_descriptions.len().to_string()),
                    format!(
                        "capability {:?} describes {} step(s), but the scale has {}: give one \
                         description per step, or none",
                        c.id,
                        step_descriptions.len(),
                        steps.len()
                    ),
                ));
            }
            for (i, d) in step_descriptions.iter().enumerate() {
                check_name(
                    &loc,
                    &format!("description of step {} of capability {:?}", i + 1, c.id),
                    d,
                    &mut problems,
                );
            }
            capabilities.push(Capability {
                id: c.id,
                name: c.name,
                area: c.area,
                description: c.description,
                step_descriptions,
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.location.line);
            return Err(FrameworkError::Invalid {
                file: file.to_string(),
                problems,
            });
        }
        Ok(Framework {
            id: shape.id.into_inner(),
            name: shape.name.into_inner(),
            version,
            steps,
            capabilities,
        })
    }

    /// The number of steps of the scale (2 to [`MAX_STEPS`]).
    pub fn n_steps(&self) -> u8 {
        u8::try_from(self.steps.len()).unwrap_or(u8::MAX)
    }

    /// The capability with id `id`.
    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.capabilities.iter().find(|c| c.id == id)
    }

    /// What answers and reports depend on, as a digest: id, version, the number of steps and
    /// the capability ids in order. Names and descriptions may be reworded without changing it;
    /// a framework that adds, removes or reorders capabilities or steps under the same version
    /// does.
    pub fn digest(&self) -> String {
        let mut h = blake3::Hasher::new();
        for part in [self.id.as_str(), self.version.as_str()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.update(&[self.n_steps()]);
        for c in &self.capabilities {
            h.update(&(c.id.len() as u64).to_le_bytes());
            h.update(c.id.as_bytes());
        }
        h.finalize().to_hex().to_string()
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} version {}", self.id, self.version)
    }
}

/// One answer read from an answers file: a respondent's step for one capability of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaturityAnswer {
    /// Where in the file it is.
    pub location: Location,
    /// Who answered: a reference such as a leader group's code (never an identity number).
    pub respondent: String,
    /// The unit answered for (an org unit id).
    pub unit: String,
    /// The capability's id.
    pub capability: String,
    /// The step chosen, 1 first (checked against the framework's scale by the store).
    pub step: u32,
    /// The day of the measurement.
    pub day: NaiveDate,
}

/// The median of `steps`: the middle value, or the mean of the two middle values of an even
/// number (2 and 3 give 2.5); `None` for none.
///
/// ```
/// use skillreg_core::maturity::median;
/// assert_eq!(median(&[3, 1, 2]), Some(2.0));
/// assert_eq!(median(&[4, 1, 2, 3]), Some(2.5));
/// assert_eq!(median(&[]), None);
/// ```
pub fn median(steps: &[u32]) -> Option<f64> {
    let mut sorted = steps.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => sorted.get(n / 2).map(|v| f64::from(*v)),
        _ => {
            let (a, b) = (sorted.get(n / 2 - 1)?, sorted.get(n / 2)?);
            Some((f64::from(*a) + f64::from(*b)) / 2.0)
        }
    }
}

#[cfg(test)]
mod tests;
