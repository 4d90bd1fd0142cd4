//! The unit view for managers and HR ([`Registry::unit_view`]): a unit and the units below it as
//! a matrix against the systems, in one streaming pass over the people of the unit.
//!
//! Written-down choices where the rules are silent (docs/src/reports.md#unit-view):
//! - **Who is in the unit.** A person with an employment active on the day in the unit or a unit
//!   below it. Targets and levels are the person's own (rule 1 over all their active
//!   employments), whatever the unit.
//! - **Shape.** At most `max_people` people: one row per person (individuals are shown; the view
//!   is for HR and managers). More: one row per occupation of an active employment in the unit
//!   (someone with two such occupations counts in both), with per system the people with a
//!   target, those at or above it, the mean current level (not assessed counted as 0) and the
//!   mean gap, all over the people with a target.
//! - **Everyone.** [`UnitScope::Everyone`] is the whole organisation (it may have several root
//!   units): everyone with an employment active on the day, in any unit.
//! - **Suppression** is the one rule of every aggregate ([`crate::Suppressor`], explained in its
//!   module docs in `skillreg_core::view`): per system the people with a target are a count, the
//!   people at or above it a count within them, and the means figures over them; a count of 1 to
//!   `min_group - 1` people and every figure over such a group are withheld. So "2 of 6 at
//!   target" shows the 6 and withholds the 2. The per-system totals under the matrix follow it
//!   in both shapes; the people rows are not aggregates and are shown as they are, and so is the
//!   head count of the view (the people rows list it, and the shape says it is above
//!   `max_people`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use skillreg_core::{Level, RuleBook, Standing};

use crate::error::Result;
use crate::registry::{Registry, Scope};
use skillreg_core::view::{
    Suppressor, SystemFigures, UnitOccupation, UnitPerson, UnitShape, UnitView, round,
};

/// The default largest unit shown person by person.
pub const DEFAULT_MAX_PEOPLE: usize = 50;

/// Whose unit view: one unit and the units below it, or the whole organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitScope {
    /// A unit id, with the units below it.
    Unit(String),
    /// Everyone in the organisation, whatever their unit (every root unit and below); for a
    /// manager, everyone they manage; for a viewer, their unit.
    Everyone,
    /// The people of one manager, by employee number: the manager and everyone they manage
    /// today, directly and indirectly.
    Manager(String),
}

impl From<&str> for UnitScope {
    fn from(unit: &str) -> UnitScope {
        UnitScope::Unit(unit.to_string())
    }
}

impl From<&String> for UnitScope {
    fn from(unit: &String) -> UnitScope {
        UnitScope::Unit(unit.clone())
    }
}

impl From<String> for UnitScope {
    fn from(unit: String) -> UnitScope {
        UnitScope::Unit(unit)
    }
}

/// Sums for one (group, system).
#[derive(Default, Clone, Copy)]
struct Acc {
    n: u64,
    n_at_target: u64,
    sum_level: u64,
    sum_gap: u64,
}

impl Acc {
    fn add(&mut self, s: &Standing, target: Level) {
        self.n += 1;
        self.n_at_target += u64::from(s.current.is_some_and(|c| c >= target));
        self.sum_level += u64::from(s.current.map_or(0, Level::number));
        self.sum_gap += u64::from(s.gap);
    }

    fn figures(&self, system: &str, s: &mut Suppressor) -> SystemFigures {
        let mean = |sum: u64| (self.n > 0).then(|| round(sum as f64 / self.n as f64, 2));
        SystemFigures {
            system: system.to_string(),
            n_with_target: s.count(self.n),
            n_at_target: s.count_within(self.n_at_target, self.n),
            mean_level: s.mean(mean(self.sum_level), self.n),
            mean_gap: s.mean(mean(self.sum_gap), self.n),
        }
    }
}

impl Registry {
    /// The unit view of `unit` (and the units below it), or of everyone
    /// ([`UnitScope::Everyone`]), on `day`: one row per person when there are at most
    /// `max_people` people, else one row per occupation, against every system that matters to
    /// anyone in it; per system the people at or above target. Aggregates are withheld by the
    /// rule of [`crate::Suppressor`] with groups of `min_group`. One pass over the people.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{Actor, Registry, UnitScope, UnitShape};
    ///
    /// let mut registry = Registry::open_in_memory(Actor::Hr)?;
    /// let xml = include_bytes!("../../../fixtures/winlas/sample-export.xml");
    /// registry.sync(&mut skillreg_wlx::WlxReader::new(&xml[..])?, "sample", &Default::default())?;
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let view = registry.unit_view("SOC", day, 50, 5)?;
    /// assert_eq!(view.shape, UnitShape::People);
    /// let view = registry.unit_view("SOC", day, 3, 5)?;
    /// assert_eq!(view.shape, UnitShape::Occupations);
    /// assert!(registry.unit_view("NOPE", day, 50, 5).is_err());
    /// // The whole organisation: SOC's 6 and BUF's 1 active people.
    /// assert_eq!(registry.unit_view(UnitScope::Everyone, day, 50, 5)?.n_people, 7);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit_view(
        &self,
        unit: impl Into<UnitScope>,
        day: NaiveDate,
        max_people: usize,
        min_group: u32,
    ) -> Result<UnitView> {
        let (unit, manager) = match unit.into() {
            UnitScope::Unit(id) => (Some(id), None),
            UnitScope::Everyone => (None, None),
            UnitScope::Manager(no) => (None, Some(no)),
        };
        let catalog = self.catalog()?;
        let book = RuleBook::new(&catalog);
        let tree = book.tree();
        let access = self.aggregate_access(
            "read the unit view",
            tree,
            unit.as_deref(),
            manager.as_deref(),
            min_group,
        )?;
        let unit = access.unit.clone();
        // A viewer sees occupations only, never a row per person.
        let max_people = if access.person_rows { max_people } else { 0 };
        let unit_name = unit.as_ref().map(|id| {
            catalog
                .units
                .iter()
                .find(|u| u.id == *id)
                .map_or_else(|| id.clone(), |u| u.name.clone())
        });
        let people_in = match (&access.reach, &unit) {
            (Some(reach), _) => Some(reach.people().map(str::to_string).collect()),
            (None, Some(id)) => Some(self.people_unchecked(&Scope::Unit(id.clone()), day)?),
            (None, None) => None,
        };
        let mut n_people = 0u64;
        let mut people = Vec::new();
        let mut by_occupation: BTreeMap<String, (u64, BTreeMap<String, Acc>)> = BTreeMap::new();
        let mut totals: BTreeMap<String, Acc> = BTreeMap::new();
        let mut seen_systems = std::collections::BTreeSet::new();
        self.for_each_standing_of(people_in, day, |employee, standings| {
            let mut occupations: Vec<String> = employee
                .employments
                .iter()
                .filter(|e| {
                    e.is_active(day)
                        && access.covers(tree, &employee.employee_no, &e.unit, e.manager.as_deref())
                })
                .map(|e| e.occupation.clone())
                .collect();
            occupations.sort_unstable();
            occupations.dedup();
            if occupations.is_empty() {
                return;
            }
            n_people += 1;
            for o in &occupations {
                by_occupation.entry(o.clone()).or_default().0 += 1;
            }
            for s in &standings {
                if !seen_systems.contains(&s.system) {
                    seen_systems.insert(s.system.clone());
                }
                let Some(target) = s.target else { continue };
                totals.entry(s.system.clone()).or_default().add(s, target);
                for o in &occupations {
                    if let Some((_, sums)) = by_occupation.get_mut(o) {
                        sums.entry(s.system.clone()).or_default().add(s, target);
                    }
                }
            }
            // Only as many rows as the people shape can show are kept.
            if people.len() <= max_people {
                let mut systems = standings;
                systems.sort_by(|a, b| a.system.cmp(&b.system));
                people.push(UnitPerson {
                    employee_no: employee.employee_no.clone(),
                    name: employee.full_name(),
                    occupations,
                    systems,
                });
            }
        })?;
        let mut systems: Vec<String> = catalog
            .systems
            .iter()
            .filter(|s| seen_systems.contains(&s.code))
            .map(|s| s.code.clone())
            .collect();
        for code in &seen_systems {
            if !systems.contains(code) {
                systems.push(code.clone());
            }
        }
        let mut s = Suppressor::new(min_group);
        let shape = if people.len() <= max_people {
            UnitShape::People
        } else {
            UnitShape::Occupations
        };
        let occupations = match shape {
            UnitShape::People => Vec::new(),
            UnitShape::Occupations => {
                people.clear();
                by_occupation
                    .iter()
                    .map(|(occupation, (n, sums))| UnitOccupation {
                        occupation: occupation.clone(),
                        n_people: s.count(*n),
                        systems: systems
                            .iter()
                            .map(|code| {
                                sums.get(code)
                                    .copied()
                                    .unwrap_or_default()
                                    .figures(code, &mut s)
                            })
                            .collect(),
                    })
                    .collect()
            }
        };
        people.sort_by(|a, b| a.employee_no.cmp(&b.employee_no));
        let totals = systems
            .iter()
            .map(|code| {
                totals
                    .get(code)
                    .copied()
                    .unwrap_or_default()
                    .figures(code, &mut s)
            })
            .collect();
        if shape == UnitShape::People {
            // People one by one: a read of their records, logged once for the query.
            let scope = match (&unit, &access.reach) {
                (_, Some(reach)) => Scope::Manager {
                    manager: reach.manager().to_string(),
                    indirect: true,
                },
                (Some(id), None) => Scope::Unit(id.clone()),
                (None, None) => Scope::All,
            };
            self.log_scope("read unit view", &scope, day, people.len())?;
        } else {
            self.log_aggregate("read unit view", &access, day)?;
        }
        Ok(UnitView {
            manager: access.reach.as_ref().map(|r| r.manager().to_string()),
            unit,
            unit_name,
            as_of: day,
            shape,
            max_people,
            n_people,
            systems,
            people,
            occupations,
            totals,
            suppression: s.finish(),
        })
    }
}
