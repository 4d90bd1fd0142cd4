//! [`Actor`]: who is asking. Every read and write of the registry is checked against the actor
//! the [`Registry`](crate::Registry) was opened for.
//!
//! | actor | reads | writes |
//! |---|---|---|
//! | `hr` | everything | everything |
//! | `manager:EMPNO` | their own record; their direct and indirect reports (through employments active on the day asked) | assessments (as a manager assessment), course results and referrals of their reports |
//! | `employee:EMPNO` | their own record only | self-assessments of themself |
//! | `sync:SOURCE` | no individual's record | syncs, catalog and exports of its own source |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Who is asking: the registry checks every call against it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Actor {
    /// HR: may read and write everything (also the local administrator of the CLI).
    Hr,
    /// A manager, by employee number: their own record and their direct and indirect reports.
    Manager(String),
    /// An employee, by employee number: their own record only.
    Employee(String),
    /// A sync job: syncs, catalog and exports of its own source, no reads of individuals.
    Sync {
        /// The source name (`wlx`, `paxml` ...) the job may write for.
        source: String,
    },
}

impl Actor {
    /// The employee number of a manager or an employee; `None` for HR and sync jobs.
    pub fn employee_no(&self) -> Option<&str> {
        match self {
            Actor::Manager(no) | Actor::Employee(no) => Some(no),
            Actor::Hr | Actor::Sync { .. } => None,
        }
    }

    /// True for HR.
    pub fn is_hr(&self) -> bool {
        matches!(self, Actor::Hr)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Hr => f.write_str("hr"),
            Actor::Manager(no) => write!(f, "manager:{no}"),
            Actor::Employee(no) => write!(f, "employee:{no}"),
            Actor::Sync { source } => write!(f, "sync:{source}"),
        }
    }
}

/// An actor that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an actor: use hr, manager:EMPLOYEE_NO, employee:EMPLOYEE_NO or sync:SOURCE")]
pub struct ParseActorError(String);

impl FromStr for Actor {
    type Err = ParseActorError;

    /// Parses `hr`, `manager:EMPNO`, `employee:EMPNO` or `sync:SOURCE` (the form [`Actor`]
    /// displays as). The kind is case-insensitive; the number or source may not be empty or
    /// hold white space.
    fn from_str(s: &str) -> Result<Actor, ParseActorError> {
        let bad = || ParseActorError(s.to_string());
        let trimmed = s.trim();
        if trimmed.eq_ignore_ascii_case("hr") {
            return Ok(Actor::Hr);
        }
        let (kind, rest) = trimmed.split_once(':').ok_or_else(bad)?;
        if rest.is_empty() || rest.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        let rest = rest.to_string();
        match kind.to_ascii_lowercase().as_str() {
            "manager" => Ok(Actor::Manager(rest)),
            "employee" => Ok(Actor::Employee(rest)),
            "sync" => Ok(Actor::Sync { source: rest }),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for Actor {
    type Error = ParseActorError;

    fn try_from(s: String) -> Result<Actor, ParseActorError> {
        s.parse()
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        actor.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_displays() {
        for (text, actor) in [
            ("hr", Actor::Hr),
            ("manager:10001", Actor::Manager("10001".into())),
            ("employee:10023", Actor::Employee("10023".into())),
            (
                "sync:wlx",
                Actor::Sync {
                    source: "wlx".into(),
                },
            ),
        ] {
            assert_eq!(text.parse::<Actor>(), Ok(actor.clone()));
            assert_eq!(actor.to_string(), text);
        }
        assert_eq!("HR".parse::<Actor>(), Ok(Actor::Hr));
        assert_eq!(
            "Manager:10001".parse::<Actor>(),
            Ok(Actor::Manager("10001".into()))
        );
    }

    #[test]
    fn refuses_what_is_not_an_actor() {
        for text in [
            "",
            "boss",
            "manager",
            "manager:",
            "employee:10 23",
            "admin:1",
        ] {
            let err = text.parse::<Actor>().err();
            assert!(err.is_some(), "{text:?} parsed");
            assert!(
                err.is_some_and(|e| e.to_string().contains("manager:EMPLOYEE_NO")),
                "{text:?}"
            );
        }
    }

    #[test]
    fn serialises_as_its_text() -> Result<(), serde_json::Error> {
        let actor = Actor::Manager("10001".into());
        assert_eq!(serde_json::to_string(&actor)?, "\"manager:10001\"");
        assert_eq!(serde_json::from_str::<Actor>("\"hr\"")?, Actor::Hr);
        assert!(serde_json::from_str::<Actor>("\"boss\"").is_err());
        Ok(())
    }
}
