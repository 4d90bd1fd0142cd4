//! The mapping file: which verbs count as a completion, which activity is which course, and
//! how an actor becomes an employee number.

use std::path::Path;

use serde::Deserialize;
use skillreg_core::mapping::CodeMap;

use crate::error::XapiError;

/// The verb `http://adlnet.gov/expapi/verbs/completed`.
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// The verb `http://adlnet.gov/expapi/verbs/passed`.
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
/// The verb `http://adlnet.gov/expapi/verbs/voided`: its statement voids another.
pub const VERB_VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// How statements map to the registry, read from a TOML file:
///
/// ```toml
/// # Verbs whose statements count as a completed course (default: completed and passed).
/// verbs = ["http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed"]
///
/// # Completions left out for an unmapped actor or activity are read again on the next fetch
/// # until this many days of newer statements lie after them (default 30).
/// retry_days = 30
///
/// [courses]   # activity IRI (the statement's object.id) -> course code
/// "https://lms.example.se/course/lifecare-handl" = "LC-HANDL"
///
/// [actors]
/// account_name = true                            # actor.account.name is the employee number
/// account_home_page = "https://lms.example.se"   # ... only for accounts of this LMS
///
/// [actors.mbox]                                  # explicit mailbox -> employee number
/// "mailto:anna.lindqvist@example.se" = "10023"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XapiMapping {
    /// Verb IRIs that count as completing the activity.
    #[serde(default = "default_verbs")]
    pub verbs: Vec<String>,
    /// Activity IRI -> course code.
    #[serde(default)]
    pub courses: CodeMap,
    /// How actors become employee numbers.
    #[serde(default)]
    pub actors: ActorMapping,
    /// How long a completion left out for an unmapped actor or activity holds the watermark
    /// back so that it is read again once the mapping is fixed: until it was stored more than
    /// this many days before the newest statement read (default 30). See [`fetch`](crate::fetch).
    #[serde(default = "default_retry_days")]
    pub retry_days: u32,
}

/// The default of [`XapiMapping::retry_days`].
pub const DEFAULT_RETRY_DAYS: u32 = 30;

fn default_retry_days() -> u32 {
    DEFAULT_RETRY_DAYS
}

/// How an actor of a statement becomes an employee number. An actor is looked up by the one
/// identifier it has: an account by its name (when `account_name` is on), a mailbox in `mbox`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorMapping {
    /// `actor.account.name` is the employee number.
    #[serde(default)]
    pub account_name: bool,
    /// Only accounts whose `homePage` is this one are read (compared without a trailing `/`).
    #[serde(default)]
    pub account_home_page: Option<String>,
    /// `mailto:` IRI -> employee number (compared ignoring case).
    #[serde(default)]
    pub mbox: CodeMap,
}

fn default_verbs() -> Vec<String> {
    vec![VERB_COMPLETED.to_string(), VERB_PASSED.to_string()]
}

impl XapiMapping {
    /// Reads and checks the mapping file at `path`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<XapiMapping, XapiError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| XapiError::MappingFile {
            path: path.display().to_string(),
            source,
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        XapiMapping::parse_named(&text, &name)
    }

    /// Parses and checks mapping text (errors name the file `mapping`).
    pub fn parse(text: &str) -> Result<XapiMapping, XapiError> {
        XapiMapping::parse_named(text, "mapping")
    }

    fn parse_named(text: &str, file: &str) -> Result<XapiMapping, XapiError> {
        let error = |message: String| XapiError::Mapping {
            file: file.to_string(),
            message,
        };
        let mapping: XapiMapping = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let before = text.get(..span.start).unwrap_or("");
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    format!("line {line}, column {column}: ")
                })
                .unwrap_or_default();
            error(format!("{at}{}", e.message()))
        })?;
        mapping.check().map_err(error)?;
        Ok(mapping)
    }

    /// What makes the mapping unusable, if anything.
    fn check(&self) -> Result<(), String> {
        if self.verbs.is_empty() {
            return Err("verbs is empty: name at least one verb IRI that means a course was completed (or leave verbs out for completed and passed)".to_string());
        }
        if let Some(verb) = self.verbs.iter().find(|v| !is_iri(v)) {
            return Err(format!(
                "verbs: {verb:?} is not an IRI (e.g. {VERB_COMPLETED})"
            ));
        }
        if self.courses.is_empty() {
            return Err("[courses] maps no activity: add lines like \"https://lms.example.se/course/lifecare-handl\" = \"LC-HANDL\"".to_string());
        }
        if let Some((iri, _)) = self.courses.iter().find(|(iri, _)| !is_iri(iri)) {
            return Err(format!("[courses]: {iri:?} is not an activity IRI"));
        }
        if let Some((iri, _)) = self.courses.iter().find(|(_, code)| code.trim().is_empty()) {
            return Err(format!("[courses]: {iri:?} maps to an empty course code"));
        }
        let actors = &self.actors;
        if !actors.account_name && actors.mbox.is_empty() {
            return Err("[actors] gives no way to find employee numbers: set account_name = true or map mailboxes in [actors.mbox]".to_string());
        }
        if actors.account_home_page.is_some() && !actors.account_name {
            return Err("[actors]: account_home_page is set but account_name is not: set account_name = true".to_string());
        }
        if let Some((mbox, _)) = actors
            .mbox
            .iter()
            .find(|(mbox, _)| !mbox.to_ascii_lowercase().starts_with("mailto:"))
        {
            return Err(format!(
                "[actors.mbox]: {mbox:?} is not a mailbox IRI: write it as \"mailto:name@example.se\""
            ));
        }
        if let Some((mbox, _)) = actors.mbox.iter().find(|(_, no)| no.trim().is_empty()) {
            return Err(format!(
                "[actors.mbox]: {mbox:?} maps to an empty employee number"
            ));
        }
        Ok(())
    }
}

/// A scheme followed by `:` and something: enough to catch a code written where an IRI belongs.
fn is_iri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}
