//! The mapping file: which SCIM attributes hold the org unit and the start day, and tables from
//! the SCIM service's values to registry codes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use skillreg_core::Gender;
use skillreg_core::mapping::CodeMap;

use crate::error::ScimError;

/// The schema of the enterprise User extension (RFC 7643 section 4.3).
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// How a SCIM service's Users map to the registry, read from a TOML file:
///
/// ```toml
/// # The enterprise attribute that names the org unit: department (default), organization,
/// # costCenter or division.
/// unit_attribute = "costCenter"
/// # The first day of employment: a dotted attribute path (default meta.created), or a fully
/// # qualified one, URN:attribute, for an extension.
/// start_attribute = "urn:example:params:scim:schemas:extension:employment:2.0:User:startDate"
///
/// [units]            # unit attribute value -> registry org unit id
/// "5110" = "SOC-HT"
///
/// [occupations]      # title -> registry occupation code
/// "Undersköterska" = "USK"
///
/// # Optional, for the equality follow-up only: the attribute that holds the gender, and what
/// # each of its values means (female, male or other). Both or neither.
/// gender_attribute = "urn:example:params:scim:schemas:extension:hr:2.0:User:gender"
/// [gender]
/// "F" = "female"
/// "M" = "male"
/// ```
///
/// A table that is absent or empty maps every value to itself. A table with entries maps only
/// the values it lists; the others are reported together as one problem. The gender is asked
/// of the server and kept only with `gender_attribute` and `[gender]`; a value the table lacks
/// is a problem naming the user and the value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScimMapping {
    /// The enterprise attribute that names a user's org unit.
    #[serde(default)]
    pub unit_attribute: UnitAttribute,
    /// The attribute holding the first day of employment.
    #[serde(default)]
    pub start_attribute: AttributePath,
    /// Unit attribute value -> registry org unit id.
    #[serde(default)]
    pub units: CodeMap,
    /// `title` -> registry occupation code.
    #[serde(default)]
    pub occupations: CodeMap,
    /// The attribute holding the gender, if the registry is to keep it (with `gender`).
    #[serde(default)]
    pub gender_attribute: Option<AttributePath>,
    /// The gender attribute's values -> female, male or other.
    #[serde(default)]
    pub gender: Option<BTreeMap<String, Gender>>,
}

impl ScimMapping {
    /// Reads a mapping file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<ScimMapping, ScimError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ScimError::MappingRead {
            path: path.display().to_string(),
            source,
        })?;
        parse(&text, &path.display().to_string())
    }

    /// Parses the text of a mapping file.
    pub fn parse(text: &str) -> Result<ScimMapping, ScimError> {
        parse(text, "(text)")
    }
}

fn parse(text: &str, file: &str) -> Result<ScimMapping, ScimError> {
    let error = |message: String| ScimError::Mapping {
        file: file.to_string(),
        message,
    };
    let mapping: ScimMapping = toml::from_str(text).map_err(|e| error(one_line(&e.to_string())))?;
    match (&mapping.gender_attribute, &mapping.gender) {
        (Some(_), None) => Err(error(
            "gender_attribute needs a [gender] table saying what each value means (female, \
             male or other)"
                .to_string(),
        )),
        (None, Some(_)) => Err(error(
            "[gender] is given without gender_attribute: name the attribute that holds it, or \
             leave [gender] out"
                .to_string(),
        )),
        _ => Ok(mapping),
    }
}

/// toml's messages span several lines (with a caret under the spot); one line reads better in a
/// report.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default().to_string();
    match lines.next_back() {
        Some(last) if last != first => format!("{first} {last}"),
        _ => first,
    }
}

/// The enterprise User attribute that names a user's org unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnitAttribute {
    /// `department` (the default).
    #[default]
    Department,
    /// `organization`.
    Organization,
    /// `costCenter`.
    CostCenter,
    /// `division`.
    Division,
}

impl UnitAttribute {
    /// The attribute's name in the enterprise extension.
    pub fn name(self) -> &'static str {
        match self {
            UnitAttribute::Department => "department",
            UnitAttribute::Organization => "organization",
            UnitAttribute::CostCenter => "costCenter",
            UnitAttribute::Division => "division",
        }
    }
}

impl fmt::Display for UnitAttribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A path to an attribute of a User: `meta.created` (dotted, from the resource's top), or
/// `URN:attr.sub` for an extension's attribute (SCIM's fully qualified notation, e.g.
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct AttributePath {
    text: String,
    schema: Option<String>,
    names: Vec<String>,
}

impl AttributePath {
    /// Parses a path.
    pub fn parse(text: &str) -> Result<AttributePath, String> {
        let text = text.trim();
        let (schema, rest) = if text
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        {
            match text.rsplit_once(':') {
                Some((urn, attr)) => (Some(urn.to_string()), attr),
                None => (None, text),
            }
        } else {
            (None, text)
        };
        let names: Vec<String> = rest.split('.').map(str::to_string).collect();
        let valid = |n: &String| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
        };
        if rest.is_empty() || !names.iter().all(valid) {
            return Err(format!(
                "{text:?} is not an attribute path: write e.g. meta.created, or URN:attribute for an extension"
            ));
        }
        Ok(AttributePath {
            text: text.to_string(),
            schema,
            names,
        })
    }

    /// The extension schema the path starts in, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The attribute names, outermost first.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Default for AttributePath {
    fn default() -> Self {
        AttributePath {
            text: "meta.created".to_string(),
            schema: None,
            names: vec!["meta".to_string(), "created".to_string()],
        }
    }
}

impl TryFrom<String> for AttributePath {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        AttributePath::parse(&value)
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
