//! One statement: what it says, read from the LRS's JSON, and what it means for the registry.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;
use skillreg_core::privacy::looks_like_national_id;

use crate::mapping::{VERB_VOIDED, XapiMapping};

/// The mapping, prepared for lookups.
pub(crate) struct Resolver<'a> {
    verbs: HashSet<&'a str>,
    mapping: &'a XapiMapping,
    /// Lower-cased mailbox -> employee number.
    mbox: HashMap<String, &'a str>,
    home_page: Option<&'a str>,
}

/// What one statement means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// A completed course (not yet known to map to a person and a course).
    Completion {
        /// Who.
        actor: Actor,
        /// The activity IRI and the course it maps to, if any.
        activity: String,
        /// The course code.
        course: Option<String>,
        /// The completion day.
        day: NaiveDate,
    },
    /// A statement that voids the statement with this id.
    Voids(String),
    /// Nothing for the registry: another verb, a failed attempt, not an activity.
    Nothing,
    /// A completion that cannot be read, and why.
    Unreadable(String),
}

/// The actor of a completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    /// An employee number.
    Employee(String),
    /// No employee number: how to name the actor (never a national identity number) and what
    /// to do about it.
    Unmapped {
        /// The actor as a warning names it (also the key warnings are grouped by).
        shown: String,
        /// What to do.
        hint: String,
        /// Whether a change to the mapping file can map this actor (an account name or a
        /// mailbox), so that its statements are worth reading again.
        mappable: bool,
    },
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(mapping: &'a XapiMapping) -> Resolver<'a> {
        Resolver {
            verbs: mapping.verbs.iter().map(|v| v.trim()).collect(),
            mbox: mapping
                .actors
                .mbox
                .iter()
                .map(|(mbox, no)| (mbox.trim().to_lowercase(), no.trim()))
                .collect(),
            home_page: mapping
                .actors
                .account_home_page
                .as_deref()
                .map(|h| h.trim().trim_end_matches('/')),
            mapping,
        }
    }

    /// What `statement` means. `stored` is its parsed `stored` time, if it has one.
    pub(crate) fn meaning(
        &self,
        statement: &Value,
        stored: Option<DateTime<FixedOffset>>,
    ) -> Meaning {
        let verb = statement["verb"]["id"].as_str().unwrap_or("").trim();
        let object = &statement["object"];
        if verb == VERB_VOIDED
            && object["objectType"].as_str() == Some("StatementRef")
            && let Some(target) = object["id"].as_str()
        {
            return Meaning::Voids(target.to_string());
        }
        if !self.verbs.contains(verb) {
            return Meaning::Nothing;
        }
        // A failed attempt is reported with the verb `passed` by some players: not a completion.
        let result = &statement["result"];
        if result["success"] == Value::Bool(false) || result["completion"] == Value::Bool(false) {
            return Meaning::Nothing;
        }
        if !matches!(object["objectType"].as_str(), None | Some("Activity")) {
            return Meaning::Nothing;
        }
        let Some(activity) = object["id"].as_str().map(str::trim) else {
            return Meaning::Unreadable("the object has no activity id".to_string());
        };
        let day = match (statement["timestamp"].as_str(), stored) {
            (Some(text), stored) => match DateTime::parse_from_rfc3339(text.trim()) {
                // A course cannot be completed after the LRS recorded it: a timestamp later
                // than `stored` is a clock that runs ahead, and `stored` is the better day.
                Ok(at) => match stored {
                    Some(stored) if at > stored => stored.date_naive(),
                    _ => at.date_naive(),
                },
                Err(e) => {
                    return Meaning::Unreadable(format!(
                        "timestamp {text:?} is not an RFC 3339 date-time ({e})"
                    ));
                }
            },
            (None, Some(stored)) => stored.date_naive(),
            (None, None) => {
                return Meaning::Unreadable(
                    "it has neither a timestamp nor a stored time".to_string(),
                );
            }
        };
        Meaning::Completion {
            actor: self.actor(&statement["actor"]),
            activity: activity.to_string(),
            course: self.mapping.courses.get(activity).map(str::to_string),
            day,
        }
    }

    fn actor(&self, actor: &Value) -> Actor {
        let unmapped = |shown: String, hint: &str| Actor::Unmapped {
            shown,
            hint: hint.to_string(),
            mappable: false,
        };
        let mappable = |shown: String, hint: &str| Actor::Unmapped {
            shown,
            hint: hint.to_string(),
            mappable: true,
        };
        if let Some(account) = actor.get("account") {
            let name = account["name"].as_str().unwrap_or("").trim();
            let home = account["homePage"].as_str().unwrap_or("").trim();
            if looks_like_national_id(name) {
                return unmapped(
                    format!(
                        "account at {home} whose name looks like a national identity number (not shown)"
                    ),
                    "such a name is never read or shown: make the LMS send employee numbers as account names, or map the learners' mailboxes in [actors.mbox]",
                );
            }
            let shown = format!("account {name:?} at {home}");
            if !self.mapping.actors.account_name {
                return mappable(
                    shown,
                    "account names are not read as employee numbers: set account_name = true under [actors] in the mapping file",
                );
            }
            if let Some(wanted) = self.home_page
                && home.trim_end_matches('/') != wanted
            {
                return Actor::Unmapped {
                    shown,
                    hint: format!(
                        "only accounts at account_home_page {wanted} are read (correct it in the mapping file if this is the same LMS)"
                    ),
                    mappable: true,
                };
            }
            if name.is_empty() {
                return unmapped(shown, "the account has no name");
            }
            return Actor::Employee(name.to_string());
        }
        if let Some(mbox) = actor["mbox"].as_str().map(str::trim) {
            return match self.mbox.get(&mbox.to_lowercase()) {
                Some(no) => Actor::Employee((*no).to_string()),
                None => mappable(
                    format!("mbox {mbox}"),
                    "add the mailbox to [actors.mbox] in the mapping file",
                ),
            };
        }
        let other = |key: &str| actor[key].as_str().map(|v| format!("{key} {}", v.trim()));
        let shown = other("mbox_sha1sum")
            .or_else(|| other("openid"))
            .unwrap_or_else(|| match actor["objectType"].as_str() {
                Some("Group") => "a group without an identifier".to_string(),
                _ => "an actor without an identifier".to_string(),
            });
        unmapped(
            shown,
            "only account names and mailboxes (mbox) can be mapped to employee numbers",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> XapiMapping {
        let text = r#"
            [courses]
            "https://lms.example.se/course/lifecare-handl" = "LC-HANDL"
            [actors]
            account_name = true
            account_home_page = "https://lms.example.se/"
            [actors.mbox]
            "mailto:Anna.Lindqvist@example.se" = "10023"
        "#;
        match XapiMapping::parse(text) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    fn check(statement: &str, stored: Option<&str>, expected: Meaning) {
        let mapping = mapping();
        let resolver = Resolver::new(&mapping);
        let value: Value = serde_json::from_str(statement).unwrap_or(Value::Null);
        let stored = stored.and_then(|s| DateTime::parse_from_rfc3339(s).ok());
        assert_eq!(resolver.meaning(&value, stored), expected, "{statement}");
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or(NaiveDate::MIN)
    }

    const HANDL: &str = "https://lms.example.se/course/lifecare-handl";

    #[test]
    fn completion_without_timestamp_takes_the_stored_day() {
        check(
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@EXAMPLE.se"},
                "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"}}"#,
            Some("2026-11-02T23:10:00+00:00"),
            Meaning::Completion {
                actor: Actor::Employee("10023".into()),
                activity: HANDL.into(),
                course: Some("LC-HANDL".into()),
                day: day("2026-11-02"),
            },
        );
    }

    #[test]
    fn timestamp_later_than_stored_takes_the_stored_day() {
        check(
            r#"{"actor":{"account":{"homePage":"https://lms.example.se","name":"10024"}},
                "verb":{"id":"http://adlnet.gov/expapi/verbs/passed"},
                "object":{"objectType":"Activity","id":"https://lms.example.se/course/lifecare-handl"},
                "timestamp":"2099-01-01T10:00:00+01:00"}"#,
            Some("2026-11-20T08:00:00+00:00"),
            Meaning::Completion {
                actor: Actor::Employee("10024".into()),
                activity: HANDL.into(),
                course: Some("LC-HANDL".into()),
                day: day("2026-11-20"),
            },
        );
    }

    #[test]
    fn timestamp_day_is_the_day_in_its_own_offset() {
        check(
            r#"{"actor":{"account":{"homePage":"https://lms.example.se","name":"10024"}},
                "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"id":"https://lms.example.se/course/other"},
                "timestamp":"2026-11-20T00:30:00+01:00"}"#,
            None,
            Meaning::Completion {
                actor: Actor::Employee("10024".into()),
                activity: "https://lms.example.se/course/other".into(),
                course: None,
                day: day("2026-11-20"),
            },
        );
    }

    #[test]
    fn failed_pass_and_other_verbs_mean_nothing() {
        for statement in [
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"},"result":{"success":false},"timestamp":"2026-11-02T10:00:00Z"}"#,
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"},"result":{"completion":false},"timestamp":"2026-11-02T10:00:00Z"}"#,
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/launched"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"},"timestamp":"2026-11-02T10:00:00Z"}"#,
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"objectType":"Agent","mbox":"mailto:x@example.se"},"timestamp":"2026-11-02T10:00:00Z"}"#,
        ] {
            check(statement, Some("2026-11-03T10:00:00Z"), Meaning::Nothing);
        }
    }

    #[test]
    fn voiding_statement_names_its_target() {
        check(
            r#"{"actor":{"mbox":"mailto:admin@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
                "object":{"objectType":"StatementRef","id":"5c0e7f2a-0000-4000-8000-000000000009"}}"#,
            None,
            Meaning::Voids("5c0e7f2a-0000-4000-8000-000000000009".into()),
        );
    }

    #[test]
    fn unreadable_completions_say_why() {
        check(
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"},"timestamp":"2026-11-02"}"#,
            None,
            Meaning::Unreadable(
                "timestamp \"2026-11-02\" is not an RFC 3339 date-time (premature end of input)"
                    .into(),
            ),
        );
        check(
            r#"{"actor":{"mbox":"mailto:anna.lindqvist@example.se"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                "object":{"id":"https://lms.example.se/course/lifecare-handl"}}"#,
            None,
            Meaning::Unreadable("it has neither a timestamp nor a stored time".into()),
        );
    }

    #[test]
    fn actors_that_map_to_nobody_are_named_with_a_hint() {
        let mapping = mapping();
        let resolver = Resolver::new(&mapping);
        let actor = |json: &str| resolver.actor(&serde_json::from_str(json).unwrap_or(Value::Null));
        let shown = |a: Actor| match a {
            Actor::Unmapped { shown, .. } => shown,
            Actor::Employee(no) => format!("employee {no}"),
        };
        assert_eq!(
            shown(actor(
                r#"{"account":{"homePage":"https://lms.example.se/","name":" 10040 "}}"#
            )),
            "employee 10040"
        );
        assert_eq!(
            shown(actor(
                r#"{"account":{"homePage":"https://other.example.com","name":"10040"}}"#
            )),
            "account \"10040\" at https://other.example.com"
        );
        assert_eq!(
            shown(actor(
                r#"{"account":{"homePage":"https://lms.example.se","name":"191212121212"}}"#
            )),
            "account at https://lms.example.se whose name looks like a national identity number (not shown)"
        );
        assert_eq!(
            shown(actor(
                r#"{"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}"#
            )),
            "mbox_sha1sum ebd31e95054c018b10727ccffd2ef2ec3a016ee9"
        );
        assert_eq!(
            shown(actor(r#"{"objectType":"Group","member":[]}"#)),
            "a group without an identifier"
        );
        assert_eq!(
            shown(actor(r#"{"mbox":"mailto:extern@example.com"}"#)),
            "mbox mailto:extern@example.com"
        );
    }

    #[test]
    fn an_account_name_shaped_like_a_date_is_an_employee_number() {
        let mapping = mapping();
        let resolver = Resolver::new(&mapping);
        let actor = |name: &str| {
            let json = format!(
                r#"{{"account":{{"homePage":"https://lms.example.se/","name":"{name}"}}}}"#
            );
            resolver.actor(&serde_json::from_str(&json).unwrap_or(Value::Null))
        };
        // Starts like 2020-01-15 but fails the check digit: an employee number.
        assert_eq!(
            actor("2001150001"),
            Actor::Employee("2001150001".to_string())
        );
        assert_eq!(
            actor("1099900001"),
            Actor::Employee("1099900001".to_string())
        );
        // Real identity numbers (Skatteverket's example, a Norwegian test number) are not.
        for id in ["19121212-1212", "121212+1212", "01818799868"] {
            assert!(
                matches!(actor(id), Actor::Unmapped { ref shown, .. } if !shown.contains("1212") && !shown.contains("99868")),
                "{id}"
            );
        }
    }
}
