//! Who an aggregate view covers, by actor: the one check in front of every aggregate (the unit
//! view, demand, progress, target groups, round status, talk coverage).
//!
//! | actor | covers | person-level rows |
//! |---|---|---|
//! | `hr` | everyone; or the people of one manager, when asked | yes |
//! | `manager:EMPNO` | themself and the people they manage today, directly and indirectly (the employments under them or under someone below them); a unit only when every employment active in it today is one of those, else refused | yes: they may read each of those people already |
//! | `viewer:UNIT` | their unit and the units below it (a unit below theirs when asked); never the people of a manager | none: the unit view is always by occupation, a round's status lists no one, and asking for groups smaller than [`DEFAULT_MIN_GROUP`] is refused |
//! | `employee:EMPNO`, `sync:SOURCE` | refused | |
//!
//! Written-down choices:
//! - **Today's relationships.** As for the scopes of person-level reads, a manager's people are
//!   those they manage on the organisation's current day ([`Registry::today`]), whatever day a
//!   report is about: a baseline day counts only the employments of people who are theirs today.
//! - **Employments, not people.** A person with two employments under two managers counts, in a
//!   manager's aggregates, only through the employment under that manager; their targets are
//!   still their own, from every employment (rule 1).
//! - **A unit above.** A manager who asks for a unit that holds someone they do not manage is
//!   refused, rather than shown a figure labelled with the unit but covering part of it.
//! - **Audit.** Every aggregate read leaves one row naming the view and what it covered (a
//!   unit, a manager's people, everyone), never a person (see [`Registry::audit`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use skillreg_core::OrgTree;
use skillreg_core::view::{By, DEFAULT_MIN_GROUP, DemandFilter};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql;

/// Who may read aggregates, for the refusals.
const WHO_AGGREGATES: &str = "HR, managers over the people they manage and viewers over their unit";

/// The people one manager covers: themself and everyone they manage today.
#[derive(Debug, Clone)]
pub(crate) struct Reach {
    manager: String,
    /// The manager and everyone below them.
    people: HashSet<String>,
}

impl Reach {
    /// Whether an employment of `person` under `manager` counts: the manager's own, or one
    /// under the manager or someone below them, of a person below them.
    pub(crate) fn covers(&self, person: &str, manager: Option<&str>) -> bool {
        person == self.manager
            || (self.people.contains(person) && manager.is_some_and(|m| self.people.contains(m)))
    }

    /// Whether `person` is the manager or below them.
    pub(crate) fn has(&self, person: &str) -> bool {
        self.people.contains(person)
    }

    /// The manager and everyone below them, by employee number.
    pub(crate) fn people(&self) -> impl Iterator<Item = &str> {
        self.people.iter().map(String::as_str)
    }

    /// The manager whose people these are.
    pub(crate) fn manager(&self) -> &str {
        &self.manager
    }
}

/// What an aggregate read may cover, as [`Registry::aggregate_access`] granted it.
#[derive(Debug, Clone)]
pub(crate) struct Aggregate {
    /// Only employments in this unit and below (the filter's, or a viewer's own).
    pub(crate) unit: Option<String>,
    /// Only the employments of one manager's people.
    pub(crate) reach: Option<Reach>,
    /// Whether rows naming people may be shown (not to viewers).
    pub(crate) person_rows: bool,
}

impl Aggregate {
    /// Whether an employment of `person` at `unit` under `manager` counts.
    pub(crate) fn covers(
        &self,
        tree: &OrgTree,
        person: &str,
        unit: &str,
        manager: Option<&str>,
    ) -> bool {
        self.unit.as_deref().is_none_or(|u| tree.is_within(unit, u))
            && self
                .reach
                .as_ref()
                .is_none_or(|r| r.covers(person, manager))
    }

    /// `filter` as granted: a viewer's unit when none was asked for, a manager's own people.
    pub(crate) fn narrow(&self, filter: &DemandFilter) -> DemandFilter {
        DemandFilter {
            unit: self.unit.clone(),
            manager: self.reach.as_ref().map(|r| r.manager.clone()),
            ..filter.clone()
        }
    }

    /// Words for the audit trail: what the read covered.
    fn scope_text(&self) -> String {
        match (&self.unit, &self.reach) {
            (Some(u), Some(r)) => format!("unit {u}, people of manager {}", r.manager),
            (Some(u), None) => format!("unit {u}"),
            (None, Some(r)) => format!("people of manager {}", r.manager),
            (None, None) => "everyone".to_string(),
        }
    }
}

impl Registry {
    /// Checks that the actor may read the aggregate `view` (e.g. `read the training demand`)
    /// over `unit` and/or the people of `manager`, with figures over fewer than `min_group`
    /// people withheld, and narrows it to what the actor covers (see the module docs). An
    /// unknown unit is an error.
    pub(crate) fn aggregate_access(
        &self,
        view: &str,
        tree: &OrgTree,
        unit: Option<&str>,
        manager: Option<&str>,
        min_group: u32,
    ) -> Result<Aggregate> {
        if let Some(u) = unit
            && !tree.contains(u)
        {
            return Err(Error::UnknownUnit(u.to_string()));
        }
        match self.actor() {
            Actor::Hr => Ok(Aggregate {
                unit: unit.map(str::to_string),
                reach: manager.map(|m| self.reach_of(m)).transpose()?,
                person_rows: true,
            }),
            Actor::Manager(me) => {
                if !self.employed_today(me)? {
                    return Err(self.denied(
                        view,
                        format!("for the people of manager {me}"),
                        "HR and managers employed today",
                    ));
                }
                let whose = manager.unwrap_or(me);
                if whose != me && !self.manages(whose)? {
                    return Err(self.denied(
                        view,
                        format!("for the people of manager {whose}"),
                        "HR, that manager and the managers above them",
                    ));
                }
                let reach = self.reach_of(whose)?;
                if let Some(u) = unit
                    && !self.unit_within(tree, u, &reach)?
                {
                    return Err(self.denied(
                        view,
                        format!("for unit {u}, which has people manager {me} does not manage"),
                        "HR, viewers of the unit and managers of everyone in it",
                    ));
                }
                Ok(Aggregate {
                    unit: unit.map(str::to_string),
                    reach: Some(reach),
                    person_rows: true,
                })
            }
            Actor::Viewer(mine) => {
                if let Some(m) = manager {
                    return Err(self.denied(
                        view,
                        format!("for the people of manager {m}"),
                        "HR and the managers above them",
                    ));
                }
                if !tree.contains(mine) {
                    return Err(Error::UnknownUnit(mine.clone()));
                }
                let unit = unit.unwrap_or(mine);
                if !tree.is_within(unit, mine) {
                    return Err(self.denied(
                        view,
                        format!("for unit {unit}"),
                        "HR, viewers of that unit or a unit above it, and managers of everyone in it",
                    ));
                }
                if min_group < DEFAULT_MIN_GROUP {
                    return Err(self.denied(
                        &format!(
                            "{view} with groups of fewer than {DEFAULT_MIN_GROUP} people shown (one person's figures)"
                        ),
                        format!("for unit {unit}"),
                        "HR and managers over the people they manage",
                    ));
                }
                Ok(Aggregate {
                    unit: Some(unit.to_string()),
                    reach: None,
                    person_rows: false,
                })
            }
            Actor::Employee(_) | Actor::Sync { .. } => Err(self.denied(view, "", WHO_AGGREGATES)),
        }
    }

    /// Refuses a breakdown by gender (`by`) with groups smaller than [`DEFAULT_MIN_GROUP`] to
    /// anyone but HR: a manager may read each of their people, but not their gender, which only
    /// HR and the person see one by one.
    pub(crate) fn check_breakdown(&self, view: &str, by: Option<By>, min_group: u32) -> Result<()> {
        match by {
            Some(By::Gender) if !self.actor().is_hr() && min_group < DEFAULT_MIN_GROUP => {
                Err(self.denied(
                    &format!(
                        "{view} by gender with groups of fewer than {DEFAULT_MIN_GROUP} people shown"
                    ),
                    "",
                    "HR",
                ))
            }
            _ => Ok(()),
        }
    }

    /// Refuses anyone but HR, managers and viewers to `action` (reads that name no one, such
    /// as the list of rounds).
    pub(crate) fn require_aggregate_reader(&self, action: &str) -> Result<()> {
        match self.actor() {
            Actor::Hr | Actor::Manager(_) | Actor::Viewer(_) => Ok(()),
            Actor::Employee(_) | Actor::Sync { .. } => Err(self.denied(action, "", WHO_AGGREGATES)),
        }
    }

    /// The org units whose aggregates the actor may ask for by id, in the catalog's order:
    /// every unit for HR; a viewer's unit and the units below it; for a manager, each unit
    /// with someone in it today where every employment active today is one of their people's
    /// (the units the aggregate access check lets them ask for). Unit ids and names only,
    /// which name no one: not audited. Refused to anyone else.
    ///
    /// ```
    /// use skillreg_store::Actor;
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml).
    /// let registry = skillreg_testkit::sample_registry_as(Actor::Viewer("SOC".into()));
    /// let units: Vec<String> = registry.aggregate_units()?.into_iter().map(|u| u.id).collect();
    /// assert!(units.contains(&"SOC".to_string()) && !units.contains(&"BUF".to_string()));
    /// let employee = skillreg_testkit::sample_registry_as(Actor::Employee("10023".into()));
    /// assert!(employee.aggregate_units().is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn aggregate_units(&self) -> Result<Vec<skillreg_core::OrgUnit>> {
        self.require_aggregate_reader("list the units")?;
        let catalog = self.catalog()?;
        let tree = OrgTree::new(&catalog.units);
        let units = catalog.units.clone();
        match self.actor().clone() {
            Actor::Viewer(mine) => Ok(units
                .into_iter()
                .filter(|u| tree.is_within(&u.id, &mine))
                .collect()),
            Actor::Manager(me) => {
                let reach = self.reach_of(&me)?;
                // Units with an employment of someone else, and units with one of theirs.
                let (mut other, mut theirs) = (HashSet::new(), HashSet::new());
                let mut stmt = self.connection().prepare_cached(
                    "SELECT u.code, p.employee_no, e.manager_no FROM employments e
                     JOIN persons p ON p.id = e.person_id JOIN org_units u ON u.id = e.unit_id
                     WHERE e.start_day <= ?1 AND (e.end_day IS NULL OR e.end_day >= ?1)",
                )?;
                let mut rows = stmt.query([sql::to_day(self.today())])?;
                while let Some(row) = rows.next()? {
                    let (code, person, boss): (String, String, Option<String>) =
                        (row.get(0)?, row.get(1)?, row.get(2)?);
                    if reach.covers(&person, boss.as_deref()) {
                        theirs.insert(code);
                    } else {
                        other.insert(code);
                    }
                }
                Ok(units
                    .into_iter()
                    .filter(|u| {
                        let below = tree.subtree(&u.id);
                        below.iter().any(|b| theirs.contains(b))
                            && !below.iter().any(|b| other.contains(b))
                    })
                    .collect())
            }
            _ => Ok(units),
        }
    }

    /// Leaves the audit row of an aggregate read.
    pub(crate) fn log_aggregate(
        &self,
        action: &str,
        access: &Aggregate,
        day: NaiveDate,
    ) -> Result<()> {
        self.log(
            action,
            None,
            &format!("{} as of {day}", access.scope_text()),
        )
    }

    /// The people `manager` manages today, directly and indirectly, and the manager.
    pub(crate) fn reach_of(&self, manager: &str) -> Result<Reach> {
        self.person(manager)?;
        let mut stmt = self.connection().prepare_cached(
            "SELECT e.manager_no, p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id
             WHERE e.manager_no IS NOT NULL AND e.start_day <= ?1 AND (e.end_day IS NULL OR e.end_day >= ?1)",
        )?;
        let mut reports: HashMap<String, Vec<String>> = HashMap::new();
        let rows = stmt.query_map([sql::to_day(self.today())], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (boss, person) = row?;
            reports.entry(boss).or_default().push(person);
        }
        let mut people = HashSet::from([manager.to_string()]);
        let mut queue = vec![manager.to_string()];
        while let Some(boss) = queue.pop() {
            for person in reports.get(&boss).into_iter().flatten() {
                if people.insert(person.clone()) {
                    queue.push(person.clone());
                }
            }
        }
        Ok(Reach {
            manager: manager.to_string(),
            people,
        })
    }

    /// Whether every employment active today in `unit` (and below) is covered by `reach`.
    fn unit_within(&self, tree: &OrgTree, unit: &str, reach: &Reach) -> Result<bool> {
        let units = tree.subtree(unit);
        let mut stmt = self.connection().prepare_cached(
            "SELECT u.code, p.employee_no, e.manager_no FROM employments e
             JOIN persons p ON p.id = e.person_id JOIN org_units u ON u.id = e.unit_id
             WHERE e.start_day <= ?1 AND (e.end_day IS NULL OR e.end_day >= ?1)",
        )?;
        let mut rows = stmt.query([sql::to_day(self.today())])?;
        while let Some(row) = rows.next()? {
            let code: String = row.get(0)?;
            if !units.contains(&code) {
                continue;
            }
            let (person, boss): (String, Option<String>) = (row.get(1)?, row.get(2)?);
            if !reach.covers(&person, boss.as_deref()) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
