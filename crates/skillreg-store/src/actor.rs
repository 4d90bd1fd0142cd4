//! [`Actor`]: who is asking. Every read and write of the registry is checked against the actor
//! the [`Registry`](crate::Registry) was opened for.
//!
//! | actor | reads | writes |
//! |---|---|---|
//! | `hr` | everything | everything |
//! | `manager:EMPNO` | their own record; their direct and indirect reports today (through employments active on the organisation's current day, [`Registry::today`], whatever day a read or write is about), while they are employed themself | assessments (as a manager assessment), course results and referrals of their reports |
//! | `employee:EMPNO` | their own record only | self-assessments of themself |
//! | `sync:SOURCE` | no individual's record | syncs, catalog and exports of its own source |
//! | `viewer:UNIT` | the suppressed aggregates of that unit and the units below it, nothing about any one person | nothing |
//!
//! The aggregate views (unit view, demand, progress, target groups, round status, talk
//! coverage, maturity) are open to HR over everyone, to a manager over the people they manage
//! and to a viewer over their unit; see [`crate::reach`] for how each is narrowed.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::registry::{Assessment, Registry, Scope};
use crate::sql;

/// Who is asking: the registry checks every call against it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// A steering group, union representatives or a programme coordinator, by unit id: the
    /// suppressed aggregates of that unit and the units below it, never one person's data.
    Viewer(String),
}

impl Actor {
    /// The employee number of a manager or an employee; `None` for HR and sync jobs.
    pub fn employee_no(&self) -> Option<&str> {
        match self {
            Actor::Manager(no) | Actor::Employee(no) => Some(no),
            Actor::Hr | Actor::Sync { .. } | Actor::Viewer(_) => None,
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
            Actor::Viewer(unit) => write!(f, "viewer:{unit}"),
        }
    }
}

/// An actor that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not an actor: use hr, manager:EMPLOYEE_NO, employee:EMPLOYEE_NO, viewer:UNIT or sync:SOURCE"
)]
pub struct ParseActorError(String);

impl FromStr for Actor {
    type Err = ParseActorError;

    /// Parses `hr`, `manager:EMPNO`, `employee:EMPNO`, `viewer:UNIT` or `sync:SOURCE` (the form [`Actor`]
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
            "viewer" => Ok(Actor::Viewer(rest)),
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

/// Who may read one person's record.
const WHO_READS: &str = "HR, the employee and their managers";
/// Who may assess, record a course or refer.
const WHO_MANAGES: &str = "HR and the employee's managers";

/// A write about one person, for [`Registry::check_write`].
pub(crate) enum Write<'a> {
    /// An assessment, self or by a manager.
    Assessment(&'a Assessment),
    /// A course result.
    Course,
    /// A referral made or its due day changed.
    Refer,
    /// A referral cancelled.
    CancelReferral,
    /// An appraisal talk recorded, with what was agreed.
    Talk,
}

impl Registry {
    pub(crate) fn denied(&self, action: &str, subject: impl Into<String>, who_may: &str) -> Error {
        Error::AccessDenied {
            actor: self.actor().clone(),
            action: action.to_string(),
            subject: subject.into(),
            who_may: who_may.to_string(),
        }
    }

    /// Whether the actor manages `employee_no` today (see [`Registry::today`]), directly or
    /// through their reports: walks up from the employee through the managers of their
    /// employments active today (as many lookups as the chain is long, however many people the
    /// manager has below them). A manager with no employment active today manages nobody.
    pub(crate) fn manages(&self, employee_no: &str) -> Result<bool> {
        let Actor::Manager(me) = self.actor() else {
            return Ok(false);
        };
        let today = sql::to_day(self.today());
        if !self.employed_today(me)? {
            return Ok(false);
        }
        let mut stmt = self.connection().prepare_cached(
            "SELECT DISTINCT e.manager_no FROM employments e JOIN persons p ON p.id = e.person_id
             WHERE p.employee_no = ?1 AND e.manager_no IS NOT NULL
               AND e.start_day <= ?2 AND (e.end_day IS NULL OR e.end_day >= ?2)",
        )?;
        let mut seen = BTreeSet::from([employee_no.to_string()]);
        let mut queue = vec![employee_no.to_string()];
        while let Some(person) = queue.pop() {
            let managers = stmt
                .query_map(rusqlite::params![person, today], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for manager in managers {
                if manager == *me {
                    return Ok(true);
                }
                if seen.insert(manager.clone()) {
                    queue.push(manager);
                }
            }
        }
        Ok(false)
    }

    /// Whether `employee_no` has an employment active today.
    pub(crate) fn employed_today(&self, employee_no: &str) -> Result<bool> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM employments e JOIN persons p ON p.id = e.person_id
             WHERE p.employee_no = ?1 AND e.start_day <= ?2 AND (e.end_day IS NULL OR e.end_day >= ?2))",
        )?;
        Ok(stmt.query_row(
            rusqlite::params![employee_no, sql::to_day(self.today())],
            |r| r.get(0),
        )?)
    }

    /// Whether the actor may see `employee_no` in a scope read for a day other than today: HR
    /// anyone; a manager themself and the people they manage today (a report who has moved to
    /// another manager since the day asked about is not theirs to read any more); an employee
    /// themself.
    pub(crate) fn may_see_today(&self, employee_no: &str) -> Result<bool> {
        Ok(match self.actor() {
            Actor::Hr => true,
            Actor::Employee(me) => me == employee_no,
            Actor::Manager(me) => me == employee_no || self.manages(employee_no)?,
            Actor::Sync { .. } | Actor::Viewer(_) => false,
        })
    }

    /// Refuses a read of `employee_no`'s record (of any day) unless the actor is HR, that
    /// person, or one of their managers today. `Ok(true)` when the record is someone else's
    /// (the read is to be logged), `Ok(false)` for the actor's own.
    pub(crate) fn check_read(&self, employee_no: &str) -> Result<bool> {
        let allowed = match self.actor() {
            Actor::Hr => return Ok(true),
            Actor::Employee(me) | Actor::Manager(me) if me == employee_no => return Ok(false),
            Actor::Manager(_) => self.manages(employee_no)?,
            Actor::Employee(_) | Actor::Sync { .. } | Actor::Viewer(_) => false,
        };
        if allowed {
            Ok(true)
        } else {
            Err(self.denied("read", format!("employee {employee_no}"), WHO_READS))
        }
    }

    /// Refuses a read over `scope` unless the actor may see everyone in it: HR any scope; a
    /// manager their own or a report's record and the reports of themself or of one of their
    /// reports (reports today, while the manager is employed); an employee their own record.
    /// `Ok(true)` unless the scope is the actor's own record only. A read for another day
    /// than today keeps only the people the actor may see today (see
    /// [`Registry::may_see_today`]).
    pub(crate) fn check_scope(&self, scope: &Scope) -> Result<bool> {
        match scope {
            Scope::Employee(no) => self.check_read(no),
            Scope::Manager { manager, .. } => {
                let allowed = match self.actor() {
                    Actor::Hr => true,
                    Actor::Manager(me) => {
                        (me == manager && self.employed_today(me)?) || self.manages(manager)?
                    }
                    Actor::Employee(_) | Actor::Sync { .. } | Actor::Viewer(_) => false,
                };
                match allowed {
                    true => Ok(true),
                    false => Err(self.denied(
                        "read",
                        format!("the reports of manager {manager}"),
                        "HR, that manager and the managers above them",
                    )),
                }
            }
            Scope::Unit(_) | Scope::Occupation(_) | Scope::All if self.actor().is_hr() => Ok(true),
            Scope::Unit(unit) => Err(self.denied("read", format!("everyone in unit {unit}"), "HR")),
            Scope::Occupation(occupation) => {
                Err(self.denied("read", format!("everyone in occupation {occupation}"), "HR"))
            }
            Scope::All => Err(self.denied("read", "everyone", "HR")),
        }
    }

    /// Refuses a write about `employee_no` unless the actor may: HR anything; a manager a
    /// manager assessment in their own name, a course result or a referral of someone they
    /// manage today (whatever day the write is dated); an employee a self-assessment of
    /// themself.
    pub(crate) fn check_write(&self, employee_no: &str, write: Write<'_>) -> Result<()> {
        let subject = format!("employee {employee_no}");
        let (action, who) = match &write {
            Write::Assessment(Assessment::SelfAssessment) => {
                ("record a self-assessment of", "HR and the employee")
            }
            Write::Assessment(Assessment::Manager(_)) => {
                ("record a manager assessment of", WHO_MANAGES)
            }
            Write::Course => ("record a course result of", WHO_MANAGES),
            Write::Refer => ("refer", WHO_MANAGES),
            Write::CancelReferral => ("cancel a referral of", WHO_MANAGES),
            Write::Talk => ("record an appraisal talk with", WHO_MANAGES),
        };
        let allowed = match (self.actor(), &write) {
            (Actor::Hr, _) => true,
            (Actor::Employee(me), Write::Assessment(Assessment::SelfAssessment)) => {
                me == employee_no
            }
            (Actor::Manager(me), Write::Assessment(Assessment::Manager(assessor)))
                if assessor != me =>
            {
                return Err(self.denied(
                    &format!("record an assessment in the name of {assessor} of"),
                    subject,
                    &format!("HR and {assessor}"),
                ));
            }
            (Actor::Manager(_), Write::Assessment(Assessment::SelfAssessment)) => false,
            (Actor::Manager(_), _) => self.manages(employee_no)?,
            (Actor::Employee(_) | Actor::Sync { .. } | Actor::Viewer(_), _) => false,
        };
        match allowed {
            true => Ok(()),
            false => Err(self.denied(action, subject, who)),
        }
    }

    /// Refuses anyone but HR and the sync job of `source` to `action` (e.g. `sync a snapshot
    /// from`) that source.
    pub(crate) fn check_source(&self, source: &str, action: &str) -> Result<()> {
        match self.actor() {
            Actor::Hr => Ok(()),
            Actor::Sync { source: mine } if mine == source => Ok(()),
            _ => Err(self.denied(
                action,
                format!("source {source}"),
                &format!("HR and sync:{source}"),
            )),
        }
    }

    /// Refuses anyone but HR and sync jobs to `action`.
    pub(crate) fn check_sync_job(&self, action: &str) -> Result<()> {
        match self.actor() {
            Actor::Hr | Actor::Sync { .. } => Ok(()),
            _ => Err(self.denied(action, "", "HR and the sync jobs")),
        }
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
            ("viewer:SOC", Actor::Viewer("SOC".into())),
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
            "viewer:",
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
