//! Aggregate reports for managers and HR: training demand ([`Registry::demand`]) and a baseline
//! compared with a follow-up ([`Registry::progress`]). Both read every person in one streaming
//! pass over the registry and name nobody: every figure is a count, a share or a mean over a
//! group, and a figure over fewer than `min_group` people is withheld (a [`crate::Cell`] with
//! `suppressed` set).
//!
//! Written-down choices where the rules are silent (docs/src/reports.md#who-is-counted):
//! - **Who is counted.** A person is in a report on a day when they have an employment active on
//!   that day that matches the filter (its unit is the filter's unit or below it; its occupation
//!   is the filter's occupation; it is in the filter's target group: one of the group's
//!   occupations, in one of the group's units or below). Targets and levels are the person's own (rule 1 over all their
//!   active employments), whatever the filter.
//! - **Groups.** A person counts in the unit of every matching employment and in each unit above
//!   it, up to the filter's unit or the target group's (a unit's figure covers the units below it), and in the
//!   occupation of every matching employment. Someone with two employments therefore counts in
//!   both units; breakdowns need not add up to the total, which counts each person once.
//! - **Demand.** A person counts for a course when it is among their recommended courses (rule
//!   6) for a gap: under `closes` when it grants the target level or more, under `narrows` when
//!   it grants less. A person with an open referral to a course on that system gets no
//!   recommendation (rule 6); they count under `referred` instead. A gap that none of the
//!   person's recommended or referred courses closes is an unmet need for (system, target): no
//!   course in the catalog reaches the target, or the one that does is already completed and
//!   still valid. A gap that no course *made for the person's occupational group* reaches
//!   (rule 6: `no_course_for_group`) counts under `missing_courses`, per occupation of the
//!   person's matching employments, system and target level: the tailored training HR is to
//!   commission. One person may count for several courses (all sufficient courses are
//!   recommended).
//! - **Progress.** Each day counts its own active people: someone who left between the days is
//!   in the first day's figures only, someone who joined in the second's only. The catalog is
//!   not historised, so both days use today's requirements and courses. Not assessed counts as
//!   0 in the mean level and is also counted on its own.
//! - **By gender** (`DemandFilter::by`, the equality follow-up): each count is also split into
//!   women, men, other and not stated (the gender the owning source stated, today's: it is not
//!   historised), through [`Suppressor::parts`] so that a whole minus the parts shown gives no
//!   withheld part back; the progress report then also counts, per course, the people who
//!   completed it after the first day and on or before the second (each once), in scope on
//!   either day. Differences between nested units' rows are not checked against each other, as
//!   for the other breakdowns.
//! - **Suppression**: one rule for every aggregate (these reports, the unit view and the team
//!   page's totals), [`crate::Suppressor`]; its module docs in `skillreg_core::view` state it
//!   and why. Every report says what it withheld ([`crate::Suppression`]). Shares are rounded to
//!   3 decimals, means and their changes to 2 (changes are computed before rounding).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use skillreg_core::rules::{confirmed_level, self_level};
use skillreg_core::{Catalog, Employee, Group, Level, OrgTree, RuleBook};

use skillreg_core::view::{
    Breakdown, Change, CourseDemand, DayFigures, Demand, DemandFilter, GroupCount, MissingCourse,
    Progress, ProgressRow, ReportFilter, Suppressor, Turnover, UnmetNeed, round,
};

use crate::error::{Error, Result};
use crate::reach::Reach;
use crate::registry::Registry;
use crate::scan;

mod by_gender;

use skillreg_core::view::{By, GenderGroup};

/// Where a person counts on one day: units (with the units above, up to the filter's) and
/// occupations of their active employments that match the filter.
pub(crate) struct Placement {
    pub(crate) units: BTreeSet<String>,
    pub(crate) occupations: BTreeSet<String>,
}

/// A report's filter with its group looked up in the catalog.
#[derive(Clone, Copy, Default)]
pub(crate) struct Filter<'a> {
    pub(crate) unit: Option<&'a str>,
    pub(crate) occupation: Option<&'a str>,
    pub(crate) group: Option<&'a Group>,
    /// Only the employments of one manager's people.
    pub(crate) reach: Option<&'a Reach>,
}

impl<'a> Filter<'a> {
    /// Checks `filter` against `catalog`: an unknown unit, occupation or group is an error.
    pub(crate) fn resolve(
        filter: &'a DemandFilter,
        catalog: &'a Catalog,
        tree: &OrgTree,
    ) -> Result<Filter<'a>> {
        if let Some(u) = &filter.unit
            && !tree.contains(u)
        {
            return Err(Error::UnknownUnit(u.clone()));
        }
        if let Some(o) = &filter.occupation
            && !catalog.occupations.iter().any(|x| x.code == *o)
        {
            return Err(Error::UnknownOccupation(o.clone()));
        }
        let group = match &filter.group {
            Some(g) => Some(
                catalog
                    .group(g)
                    .ok_or_else(|| Error::UnknownGroup(g.clone()))?,
            ),
            None => None,
        };
        Ok(Filter {
            unit: filter.unit.as_deref(),
            occupation: filter.occupation.as_deref(),
            group,
            reach: None,
        })
    }

    /// Whether an employment in `occupation` at `unit` matches.
    fn matches(&self, tree: &OrgTree, unit: &str, occupation: &str) -> bool {
        self.unit.is_none_or(|u| tree.is_within(unit, u))
            && self.occupation.is_none_or(|o| o == occupation)
            && self.group.is_none_or(|g| g.covers(tree, unit, occupation))
    }

    /// The highest unit a matching employment in `unit` counts in: the filter's unit, else the
    /// highest of the group's units it lies in, else none (up to the root).
    fn top<'t>(&self, tree: &'t OrgTree, unit: &'t str) -> Option<&'t str> {
        if let Some(u) = self.unit {
            return tree.self_and_ancestors(unit).find(|a| *a == u);
        }
        let group = self.group.filter(|g| !g.units.is_empty())?;
        tree.self_and_ancestors(unit)
            .filter(|a| group.units.iter().any(|u| u == a))
            .last()
    }
}

pub(crate) fn placement(
    employee: &Employee,
    day: NaiveDate,
    tree: &OrgTree,
    filter: &Filter<'_>,
) -> Option<Placement> {
    let mut place = Placement {
        units: BTreeSet::new(),
        occupations: BTreeSet::new(),
    };
    for e in employee.employments.iter().filter(|e| e.is_active(day)) {
        if !filter.matches(tree, &e.unit, &e.occupation)
            || filter
                .reach
                .is_some_and(|r| !r.covers(&employee.employee_no, e.manager.as_deref()))
        {
            continue;
        }
        let top = filter.top(tree, &e.unit);
        for u in tree.self_and_ancestors(&e.unit) {
            place.units.insert(u.to_string());
            if Some(u) == top {
                break;
            }
        }
        place.occupations.insert(e.occupation.clone());
    }
    (!place.occupations.is_empty()).then_some(place)
}

/// People counted per group while a report is assembled.
#[derive(Default)]
struct Tally {
    total: u64,
    by_occupation: BTreeMap<String, u64>,
    by_unit: BTreeMap<String, u64>,
    by_gender: [u64; 4],
}

impl Tally {
    fn add(&mut self, place: &Placement, gender: Option<GenderGroup>) {
        self.total += 1;
        if let Some(g) = gender {
            self.by_gender[g.index()] += 1;
        }
        for o in &place.occupations {
            *self.by_occupation.entry(o.clone()).or_default() += 1;
        }
        for u in &place.units {
            *self.by_unit.entry(u.clone()).or_default() += 1;
        }
    }

    fn finish(&self, s: &mut Suppressor, by: Option<By>) -> Breakdown {
        let groups = |map: &BTreeMap<String, u64>, s: &mut Suppressor| {
            map.iter()
                .map(|(group, n)| GroupCount {
                    group: group.clone(),
                    count: s.count(*n),
                })
                .collect()
        };
        let total = s.count(self.total);
        Breakdown {
            by_occupation: groups(&self.by_occupation, s),
            by_unit: groups(&self.by_unit, s),
            by_gender: match by {
                Some(By::Gender) => by_gender::counts(s, !total.suppressed, self.by_gender),
                None => Vec::new(),
            },
            total,
        }
    }
}

/// Sums for one (unit, system) on one day.
#[derive(Default, Clone, Copy, Debug)]
struct Acc {
    n: u64,
    n_at_target: u64,
    sum_level: u64,
    n_not_assessed: u64,
}

impl Acc {
    fn add(&mut self, other: Acc) {
        self.n += other.n;
        self.n_at_target += other.n_at_target;
        self.sum_level += other.sum_level;
        self.n_not_assessed += other.n_not_assessed;
    }

    fn share(&self) -> Option<f64> {
        (self.n > 0).then(|| self.n_at_target as f64 / self.n as f64)
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum_level as f64 / self.n as f64)
    }

    fn figures(&self, s: &mut Suppressor) -> DayFigures {
        DayFigures {
            n_people: s.count(self.n),
            share_at_target: s.share(self.n_at_target, self.n, 3),
            mean_level: s.mean(self.mean().map(|x| round(x, 2)), self.n),
            n_not_assessed: s.count_within(self.n_not_assessed, self.n),
        }
    }
}

impl Registry {
    /// The training demand of the active people matching `filter` on `day`: for every course,
    /// how many people it would close a gap for (and narrow one for), per occupation and unit;
    /// and per (system, level) how many people have a gap no course closes. Figures over fewer
    /// than `min_group` people are withheld. One pass over the registry.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::{Catalog, Course, Level, SourceCatalog, System};
    /// use skillreg_store::{Actor, DemandFilter, Registry};
    ///
    /// let mut registry = Registry::open_in_memory(Actor::Hr)?;
    /// let catalog = Catalog {
    ///     systems: vec![System { code: "O365".into(), name: "Microsoft 365".into(), vendor: None,
    ///                            level_descriptions: Default::default() }],
    ///     courses: vec![Course { code: "TEAMS-1".into(), name: "Teams för alla".into(),
    ///                            system: "O365".into(), grants: Level::Independent,
    ///                            valid_months: None, audience: vec![] }],
    ///     ..Catalog::default()
    /// };
    /// registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "example")?;
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let demand = registry.demand(&DemandFilter::default(), day, 5)?;
    /// // Nobody is employed yet: every course is listed, with nobody who needs it.
    /// assert_eq!(demand.courses[0].course, "TEAMS-1");
    /// assert_eq!(demand.courses[0].closes.total.value, Some(0));
    /// assert_eq!(demand.suppression.n_suppressed, 0);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn demand(&self, filter: &DemandFilter, day: NaiveDate, min_group: u32) -> Result<Demand> {
        let catalog = self.catalog()?;
        let book = RuleBook::new(&catalog);
        let tree = book.tree();
        let access = self.aggregate_access(
            "read the training demand",
            tree,
            filter.unit.as_deref(),
            filter.manager.as_deref(),
            min_group,
        )?;
        self.check_breakdown("read the training demand", filter.by, min_group)?;
        let filter = &access.narrow(filter);
        let mut scope = Filter::resolve(filter, &catalog, tree)?;
        scope.reach = access.reach.as_ref();
        let mut courses: Vec<_> = catalog.courses.iter().collect();
        courses.sort_by(|a, b| (&a.system, a.grants, &a.code).cmp(&(&b.system, b.grants, &b.code)));
        let index: HashMap<&str, usize> = courses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut closes: Vec<Tally> = courses.iter().map(|_| Tally::default()).collect();
        let mut narrows: Vec<Tally> = courses.iter().map(|_| Tally::default()).collect();
        let mut referred: Vec<Tally> = courses.iter().map(|_| Tally::default()).collect();
        let mut unmet: BTreeMap<(String, Level), Tally> = BTreeMap::new();
        let mut missing: BTreeMap<(String, String, Level), u64> = BTreeMap::new();
        let (mut n_people, mut n_with_gaps) = (0u64, 0u64);
        let genders = match filter.by {
            Some(By::Gender) => Some(by_gender::genders(self.connection())?),
            None => None,
        };
        let mut people_by_gender = [0u64; 4];
        scan::for_each_person(self.connection(), |employee, evidence, referrals| {
            let Some(place) = placement(employee, day, tree, &scope) else {
                return Ok(());
            };
            n_people += 1;
            let g = (genders.as_ref()).map(|m| by_gender::group_of(m, &employee.employee_no));
            if let Some(g) = g {
                people_by_gender[g.index()] += 1;
            }
            let mut any_gap = false;
            for s in book.standings(employee, evidence, referrals, day) {
                let Some(target) = s.target.filter(|_| s.gap > 0) else {
                    continue;
                };
                any_gap = true;
                if s.no_course_for_group {
                    for occupation in &place.occupations {
                        *missing
                            .entry((occupation.clone(), s.system.clone(), target))
                            .or_default() += 1;
                    }
                }
                let mut closed = false;
                for code in &s.recommended_courses {
                    if let Some(&i) = index.get(code.as_str()) {
                        if courses[i].grants >= target {
                            closes[i].add(&place, g);
                            closed = true;
                        } else {
                            narrows[i].add(&place, g);
                        }
                    }
                }
                for code in &s.referred_courses {
                    if let Some(&i) = index.get(code.as_str()) {
                        referred[i].add(&place, g);
                        closed |= courses[i].grants >= target;
                    }
                }
                if !closed {
                    unmet.entry((s.system, target)).or_default().add(&place, g);
                }
            }
            n_with_gaps += u64::from(any_gap);
            Ok(())
        })?;
        self.log_aggregate("read demand", &access, day)?;
        let mut s = Suppressor::new(min_group);
        let by = filter.by;
        let n_people = s.count(n_people);
        Ok(Demand {
            as_of: day,
            filter: filter.clone(),
            people_by_gender: match by {
                Some(By::Gender) => {
                    by_gender::counts(&mut s, !n_people.suppressed, people_by_gender)
                }
                None => Vec::new(),
            },
            n_people,
            n_people_with_gaps: s.count(n_with_gaps),
            courses: courses
                .iter()
                .enumerate()
                .map(|(i, c)| CourseDemand {
                    course: c.code.clone(),
                    name: c.name.clone(),
                    system: c.system.clone(),
                    grants: c.grants,
                    closes: closes[i].finish(&mut s, by),
                    narrows: narrows[i].finish(&mut s, by),
                    referred: referred[i].finish(&mut s, by),
                })
                .collect(),
            unmet: unmet
                .iter()
                .map(|((system, level), tally)| UnmetNeed {
                    system: system.clone(),
                    level: *level,
                    people: tally.finish(&mut s, by),
                })
                .collect(),
            missing_courses: missing
                .into_iter()
                .map(|((occupation, system, level), n)| MissingCourse {
                    occupation,
                    system,
                    level,
                    n_people: s.count(n),
                })
                .collect(),
            suppression: s.finish(),
        })
    }

    /// A baseline on `from` compared with a follow-up on `to`, per unit (and everyone) and
    /// system: people with a target, the share at or above it, the mean current level and the
    /// people not assessed, each day with its own active people; and how many people were in
    /// scope on both days, only the first (left) or only the second (joined). Only `unit` and
    /// below it when given. Figures over fewer than `min_group` people are withheld. One pass
    /// over the registry for both days. [`Registry::progress_of`] filters by occupation and
    /// target group too.
    pub fn progress(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        unit: Option<&str>,
        min_group: u32,
    ) -> Result<Progress> {
        let filter = ReportFilter {
            unit: unit.map(str::to_string),
            ..ReportFilter::default()
        };
        self.progress_of(from, to, &filter, min_group)
    }

    /// [`Registry::progress`] for the people `filter` covers: employments in its unit (and
    /// below), its occupation and its target group, each when given. With a group, a unit's
    /// figures cover the units below it up to the group's unit.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::ReportFilter;
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let registry = skillreg_testkit::sample_registry();
    /// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("date");
    /// let filter = ReportFilter { occupation: Some("USK".into()), ..ReportFilter::default() };
    /// let progress = registry.progress_of(day(2026, 1, 1)?, day(2026, 11, 20)?, &filter, 1)?;
    /// assert_eq!(progress.occupation.as_deref(), Some("USK"));
    /// // Three assistant nurses, on both days.
    /// assert_eq!(progress.people.n_both.value, Some(3));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress_of(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &ReportFilter,
        min_group: u32,
    ) -> Result<Progress> {
        let catalog = self.catalog()?;
        let book = RuleBook::new(&catalog);
        let tree = book.tree();
        let access = self.aggregate_access(
            "read the progress report",
            tree,
            filter.unit.as_deref(),
            filter.manager.as_deref(),
            min_group,
        )?;
        self.check_breakdown("read the progress report", filter.by, min_group)?;
        let filter = &access.narrow(filter);
        let mut scope = Filter::resolve(filter, &catalog, tree)?;
        scope.reach = access.reach.as_ref();
        let mut sums: BTreeMap<(Option<String>, String), [Acc; 2]> = BTreeMap::new();
        let (mut n_both, mut n_left, mut n_joined) = (0u64, 0u64, 0u64);
        let genders = match filter.by {
            Some(By::Gender) => Some(by_gender::genders(self.connection())?),
            None => None,
        };
        let mut by_sums: BTreeMap<(Option<String>, String), [[Acc; 2]; 4]> = BTreeMap::new();
        let mut completions = by_gender::Completions::default();
        scan::for_each_person(self.connection(), |employee, evidence, _| {
            let places = [from, to].map(|day| placement(employee, day, tree, &scope));
            match (&places[0], &places[1]) {
                (Some(_), Some(_)) => n_both += 1,
                (Some(_), None) => n_left += 1,
                (None, Some(_)) => n_joined += 1,
                (None, None) => return Ok(()),
            }
            let g = (genders.as_ref()).map(|m| by_gender::group_of(m, &employee.employee_no));
            if let Some(g) = g {
                completions.add(evidence, from, to, g);
            }
            for (i, (day, place)) in [from, to].into_iter().zip(&places).enumerate() {
                let Some(place) = place else { continue };
                for (system, target) in book.targets(employee, day) {
                    let current = confirmed_level(evidence, &system, day)
                        .or_else(|| self_level(evidence, &system, day));
                    let groups = std::iter::once(None).chain(place.units.iter().cloned().map(Some));
                    let one = Acc {
                        n: 1,
                        n_at_target: u64::from(current.is_some_and(|c| c >= target)),
                        sum_level: u64::from(current.map_or(0, Level::number)),
                        n_not_assessed: u64::from(current.is_none()),
                    };
                    for group in groups {
                        if let Some(g) = g {
                            let key = (group.clone(), system.clone());
                            by_sums.entry(key).or_default()[g.index()][i].add(one);
                        }
                        sums.entry((group, system.clone())).or_default()[i].add(one);
                    }
                }
            }
            Ok(())
        })?;
        self.log_aggregate("read progress", &access, to)?;
        let mut s = Suppressor::new(min_group);
        let people = Turnover {
            n_both: s.count(n_both),
            n_left: s.count(n_left),
            n_joined: s.count(n_joined),
            handling: "each day counts its own active people: people who left are in the first \
                       day's figures only, people who joined in the second day's only"
                .to_string(),
        };
        let rows = sums
            .into_iter()
            .map(|((unit, system), [a, b])| {
                let (before, after) = (a.figures(&mut s), b.figures(&mut s));
                let change = Change {
                    n_people: s.change(
                        &before.n_people,
                        &after.n_people,
                        Some(
                            i64::try_from(b.n).unwrap_or(i64::MAX)
                                - i64::try_from(a.n).unwrap_or(i64::MAX),
                        ),
                    ),
                    share_at_target: s.change(
                        &before.share_at_target,
                        &after.share_at_target,
                        a.share().zip(b.share()).map(|(x, y)| round(y - x, 3)),
                    ),
                    mean_level: s.change(
                        &before.mean_level,
                        &after.mean_level,
                        a.mean().zip(b.mean()).map(|(x, y)| round(y - x, 2)),
                    ),
                };
                let by_gender = match by_sums.get(&(unit.clone(), system.clone())) {
                    Some(accs) => by_gender::progress_rows(&mut s, [&before, &after], accs),
                    None if genders.is_some() => {
                        by_gender::progress_rows(&mut s, [&before, &after], &Default::default())
                    }
                    None => Vec::new(),
                };
                ProgressRow {
                    unit,
                    system,
                    from: before,
                    to: after,
                    change,
                    by_gender,
                }
            })
            .collect();
        Ok(Progress {
            from,
            to,
            unit: filter.unit.clone(),
            occupation: filter.occupation.clone(),
            group: filter.group.clone(),
            manager: filter.manager.clone(),
            people,
            rows,
            by: filter.by,
            completions: match filter.by {
                Some(By::Gender) => completions.finish(&catalog, &mut s),
                None => Vec::new(),
            },
            suppression: s.finish(),
        })
    }
}
