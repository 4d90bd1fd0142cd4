//! Attribute values: parsing with messages that say what is expected, and the `Fields` helper
//! that reports missing and bad attributes of one element.

use chrono::NaiveDate;
use skillreg_core::{CompetenceSource, Level, Location, Problem, SnapshotKind};

use crate::error::WlxError;
use crate::xml::Attrs;

/// A parser for one attribute: gets the attribute name (for the message) and the value.
pub(crate) type Parse<T> = fn(&str, &str) -> Result<T, String>;

/// Exactly `1`, `2`, `3` or `4` (not `+3`, `03` or ` 3`).
pub(crate) fn level(key: &str, s: &str) -> Result<Level, String> {
    Level::parse_exact(s).ok_or_else(|| format!("{key} must be 1-4"))
}

/// `YYYY-MM-DD`, strictly.
#[inline]
pub(crate) fn date(key: &str, s: &str) -> Result<NaiveDate, String> {
    skillreg_xmlin::plain_date(s).ok_or_else(|| format!("{key} must be a valid date YYYY-MM-DD"))
}

/// A whole number 1-100.
pub(crate) fn percent(key: &str, s: &str) -> Result<u8, String> {
    s.parse::<u8>()
        .ok()
        .filter(|p| (1..=100).contains(p))
        .ok_or_else(|| format!("{key} must be a whole number 1-100"))
}

/// `true` or `false` (also `1` or `0`).
pub(crate) fn boolean(key: &str, s: &str) -> Result<bool, String> {
    if s.eq_ignore_ascii_case("true") || s == "1" {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") || s == "0" {
        Ok(false)
    } else {
        Err(format!("{key} must be true or false"))
    }
}

/// `self`, `manager` or `course`.
pub(crate) fn source(key: &str, s: &str) -> Result<CompetenceSource, String> {
    let sources = [
        CompetenceSource::SelfAssessment,
        CompetenceSource::Manager,
        CompetenceSource::Course,
    ];
    sources
        .into_iter()
        .find(|source| s.eq_ignore_ascii_case(source_name(*source)))
        .ok_or_else(|| format!("{key} must be self, manager or course"))
}

/// The attribute value for a competence source.
pub(crate) fn source_name(source: CompetenceSource) -> &'static str {
    match source {
        CompetenceSource::SelfAssessment => "self",
        CompetenceSource::Manager => "manager",
        CompetenceSource::Course => "course",
    }
}

/// Months of validity: a whole number, 0 meaning "never expires" (`None`).
pub(crate) fn months(key: &str, s: &str) -> Result<Option<u32>, String> {
    s.parse::<u32>()
        .map(|m| (m > 0).then_some(m))
        .map_err(|_| format!("{key} must be a whole number of months (0 or absent: never expires)"))
}

/// `1.x`: the major version must be 1.
pub(crate) fn format_version(key: &str, s: &str) -> Result<(), String> {
    let Some(major) = skillreg_xmlin::major_version(s) else {
        return Err(format!("{key} must be a version like 1.2"));
    };
    if major != "1" {
        return Err(format!(
            "{key} {s} is not supported: this adapter reads WLX 1.x; ask for a 1.x export or \
             upgrade skillreg"
        ));
    }
    Ok(())
}

/// An RFC 3339 timestamp or `YYYY-MM-DDTHH:MM:SS` (local time in Europe/Stockholm); the day
/// it is in Stockholm. (The registry judges by the day in Stockholm: `2026-11-19T23:30:00Z` is
/// already 2026-11-20 there.)
pub(crate) fn timestamp(key: &str, s: &str) -> Result<NaiveDate, String> {
    skillreg_xmlin::local_day(s).ok_or_else(|| {
        format!("{key} must be a timestamp like 2026-11-20T02:00:00+01:00 or 2026-11-20T02:00:00")
    })
}

/// `full` or `delta`.
pub(crate) fn kind(key: &str, s: &str) -> Result<SnapshotKind, String> {
    if s.eq_ignore_ascii_case("full") {
        Ok(SnapshotKind::Full)
    } else if s.eq_ignore_ascii_case("delta") {
        Ok(SnapshotKind::Delta)
    } else {
        Err(format!("{key} must be full or delta"))
    }
}

/// The attributes of one element being turned into a record. Every missing or bad attribute is
/// reported as a problem at the element's location; [`Fields::ok`] says whether there was none.
pub(crate) struct Fields<'a> {
    attrs: &'a mut Attrs,
    location: &'a Location,
    problems: &'a mut Vec<Problem>,
    ok: bool,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        attrs: &'a mut Attrs,
        location: &'a Location,
        problems: &'a mut Vec<Problem>,
    ) -> Fields<'a> {
        Fields {
            attrs,
            location,
            problems,
            ok: true,
        }
    }

    /// No attribute was missing or bad.
    pub(crate) fn ok(&self) -> bool {
        self.ok
    }

    /// An optional text attribute.
    // These are always inlined, as `Attrs::find` is: the keys are then literals, compared in
    // place rather than by a library call (which showed in profiles).
    #[inline(always)]
    pub(crate) fn optional(&mut self, key: &str) -> Option<String> {
        self.attrs.take(key)
    }

    /// A required text attribute; `what` says what it holds.
    #[inline(always)]
    pub(crate) fn required(&mut self, key: &str, what: &str) -> Option<String> {
        let value = self.attrs.take(key);
        if value.is_none() {
            self.missing(key, what);
        }
        value
    }

    fn missing(&mut self, key: &str, what: &str) {
        self.ok = false;
        self.problems.push(Problem::new(
            self.location,
            None,
            format!("{key} is missing: it is required ({what})"),
        ));
    }

    /// An optional attribute parsed with `parse`; `None` if absent or bad.
    #[inline(always)]
    pub(crate) fn optional_with<T>(&mut self, key: &str, parse: Parse<T>) -> Option<T> {
        self.parsed(key, parse).flatten()
    }

    /// A required attribute parsed with `parse`.
    #[inline(always)]
    pub(crate) fn required_with<T>(&mut self, key: &str, what: &str, parse: Parse<T>) -> Option<T> {
        let value = self.parsed(key, parse);
        if value.is_none() {
            self.missing(key, what);
        }
        value.flatten()
    }

    /// `None` if `key` is absent, `Some(None)` if its value is bad (a problem), else the value.
    #[inline(always)]
    fn parsed<T>(&mut self, key: &str, parse: Parse<T>) -> Option<Option<T>> {
        match self
            .attrs
            .take_with(key, |raw| parse(key, raw).map_err(|m| (m, raw.to_string())))?
        {
            Ok(value) => Some(Some(value)),
            Err((message, raw)) => {
                self.ok = false;
                self.problems
                    .push(Problem::new(self.location, Some(&raw), message));
                Some(None)
            }
        }
    }
}

/// An optional attribute of the root element, as written and as parsed; a bad value is the
/// error `wrap` makes of the problem.
pub(crate) fn root_optional<T>(
    attrs: &mut Attrs,
    location: &Location,
    key: &str,
    parse: Parse<T>,
    wrap: fn(Box<Problem>) -> WlxError,
) -> Result<Option<(String, T)>, WlxError> {
    let Some(raw) = attrs.take(key) else {
        return Ok(None);
    };
    match parse(key, &raw) {
        Ok(value) => Ok(Some((raw, value))),
        Err(message) => Err(wrap(Box::new(Problem::new(location, Some(&raw), message)))),
    }
}

/// A required attribute of the root element; `what` says what it holds.
pub(crate) fn root_required<T>(
    attrs: &mut Attrs,
    location: &Location,
    key: &str,
    what: &str,
    parse: Parse<T>,
    wrap: fn(Box<Problem>) -> WlxError,
) -> Result<(String, T), WlxError> {
    root_optional(attrs, location, key, parse, wrap)?.ok_or_else(|| {
        wrap(Box::new(Problem::new(
            location,
            None,
            format!("{key} is missing: it is required ({what})"),
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(level("level", "3"), Ok(Level::Advanced));
        assert_eq!(level("level", "7"), Err("level must be 1-4".to_string()));
        for bad in ["+3", "03", " 3", "3 ", "\u{ff13}", "3.0", "0", ""] {
            assert_eq!(
                level("level", bad),
                Err("level must be 1-4".to_string()),
                "{bad:?}"
            );
        }
        assert!(date("date", "2026-13-45").is_err());
        assert!(date("date", "2026-1-05").is_err());
        assert!(date("date", "+2026-01-05").is_err());
        assert_eq!(
            date("date", "2026-02-28").ok(),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert!(percent("percent", "0").is_err());
        assert!(percent("percent", "101").is_err());
        assert_eq!(percent("percent", "100"), Ok(100));
        assert_eq!(months("validMonths", "0"), Ok(None));
        assert_eq!(months("validMonths", "24"), Ok(Some(24)));
        assert!(months("validMonths", "-1").is_err());
        assert!(format_version("formatVersion", "1.2").is_ok());
        assert!(format_version("formatVersion", "1").is_ok());
        assert!(format_version("formatVersion", "2.0").is_err());
        assert!(format_version("formatVersion", "1.x").is_err());
        assert!(format_version("formatVersion", "").is_err());
        assert_eq!(
            timestamp("exportedAt", "2026-11-20T00:30:00+01:00").ok(),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert_eq!(
            timestamp("exportedAt", "2026-11-20T23:30:00").ok(),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert!(timestamp("exportedAt", "2026-11-20").is_err());
        assert!(timestamp("exportedAt", "2026-11-20T25:00:00Z").is_err());
        assert_eq!(kind("kind", "delta"), Ok(SnapshotKind::Delta));
        assert_eq!(kind("kind", "FULL"), Ok(SnapshotKind::Full));
        assert_eq!(source("source", "Manager"), Ok(CompetenceSource::Manager));
        assert!(source("source", "colleague").is_err());
        assert_eq!(boolean("primary", "TRUE"), Ok(true));
        assert_eq!(boolean("primary", "0"), Ok(false));
        assert!(boolean("primary", "yes").is_err());
        assert!(kind("kind", "partial").is_err());
    }
}
