//! The target groups of the roll-out ([`Registry::groups`]): each group with its phase, its
//! people, the response to its latest rounds, the share at target and its training demand.
//!
//! Written-down choices where the programme is silent:
//! - **Who is in a group** on a day: everyone with an active employment in one of the group's
//!   occupations, in one of its units or below (any unit when it names none), as in the
//!   reports' `--group` filter. A person may be in several groups. Targets, levels and gaps are
//!   the person's own (rule 1 over all their active employments).
//! - **At target**: a person with a target in at least one system whose current level reaches
//!   every one of their targets; the share is over the people with a target.
//! - **Training demand**: the people with at least one gap, and among them those with a gap that
//!   no course made for their occupational group reaches (rule 6, `no_course_for_group`): the
//!   training still to be made for the group.
//! - **Latest round**: the rounds last opened together for the group (`round open --group`),
//!   every round of that batch added up; people asked who have left are not counted, as in
//!   `round status`. Rounds opened one occupation at a time are not the group's.
//! - **Suppression**: every count and share goes through [`Suppressor`], with the same rule as
//!   every other aggregate; the report says what it withheld.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use skillreg_core::RuleBook;
use skillreg_core::view::{GroupFigures, GroupRound, GroupsReport, Suppressor};

use crate::error::Result;
use crate::registry::Registry;
use crate::reports::{Filter, placement};
use crate::scan;

/// People counted for one group.
#[derive(Default, Clone, Copy)]
struct Counts {
    n_people: u64,
    n_with_target: u64,
    n_at_target: u64,
    n_with_gaps: u64,
    n_without_course: u64,
}

impl Registry {
    /// Every target group as of `day`, by phase then code: its people, the response to its
    /// latest rounds, the share of its people at target and its training demand (see the
    /// module documentation). Figures over fewer than `min_group` people are withheld. One
    /// pass over the registry.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::{Catalog, Group, SourceCatalog};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let group = |code: &str, phase, occupations: &[&str]| Group {
    ///     code: code.into(), name: code.into(), phase, units: vec![],
    ///     occupations: occupations.iter().map(|o| o.to_string()).collect(),
    /// };
    /// let catalog = Catalog {
    ///     groups: vec![group("STEG2", 2, &["ECH"]), group("STEG1", 1, &["SSK", "USK"])],
    ///     ..Catalog::default()
    /// };
    /// registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "groups")?;
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let report = registry.groups(day, 1)?;
    /// assert_eq!(report.groups[0].code, "STEG1");
    /// assert_eq!(report.groups[0].n_people.value, Some(4));
    /// // Two unit managers: too few to show with the default smallest group of 5.
    /// assert!(registry.groups(day, 5)?.groups[1].n_people.suppressed);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn groups(&self, day: NaiveDate, min_group: u32) -> Result<GroupsReport> {
        let catalog = self.catalog()?;
        let book = RuleBook::new(&catalog);
        let tree = book.tree();
        let access =
            self.aggregate_access("read the target groups", tree, None, None, min_group)?;
        let mut groups: Vec<_> = catalog.groups.iter().collect();
        groups.sort_by(|a, b| (a.phase, &a.code).cmp(&(b.phase, &b.code)));
        let filters: Vec<Filter<'_>> = groups
            .iter()
            .map(|g| Filter {
                group: Some(g),
                unit: access.unit.as_deref(),
                reach: access.reach.as_ref(),
                ..Filter::default()
            })
            .collect();
        let mut counts = vec![Counts::default(); groups.len()];
        scan::for_each_person(self.connection(), |employee, evidence, referrals| {
            let member: Vec<bool> = filters
                .iter()
                .map(|f| placement(employee, day, tree, f).is_some())
                .collect();
            if !member.contains(&true) {
                return Ok(());
            }
            let standings = book.standings(employee, evidence, referrals, day);
            let with_target = standings.iter().any(|s| s.target.is_some());
            let at_target =
                with_target && standings.iter().all(|s| s.target.is_none() || s.gap == 0);
            let with_gaps = standings.iter().any(|s| s.target.is_some() && s.gap > 0);
            let without_course = standings
                .iter()
                .any(|s| s.target.is_some() && s.gap > 0 && s.no_course_for_group);
            for (c, _) in counts.iter_mut().zip(&member).filter(|(_, m)| **m) {
                c.n_people += 1;
                c.n_with_target += u64::from(with_target);
                c.n_at_target += u64::from(at_target);
                c.n_with_gaps += u64::from(with_gaps);
                c.n_without_course += u64::from(without_course);
            }
            Ok(())
        })?;
        // The latest batch of each group: (rounds, opened, closes, asked, answered).
        let mut batches = BTreeMap::new();
        for g in &groups {
            let ids = self.latest_group_batch(&g.code)?;
            let mut batch: Option<(Vec<i64>, NaiveDate, NaiveDate, u64, u64)> = None;
            for id in ids {
                let status = self.round_status_within(id, day, &access, tree, min_group)?;
                let b = batch.get_or_insert_with(|| {
                    (Vec::new(), status.round.opened, status.round.closes, 0, 0)
                });
                b.0.push(id);
                b.3 += status.total.n_asked;
                b.4 += status.total.n_answered;
            }
            batches.insert(g.code.clone(), batch);
        }
        self.log_aggregate("read target groups", &access, day)?;
        let mut s = Suppressor::new(min_group);
        let rows = groups
            .iter()
            .zip(counts)
            .map(|(g, c)| {
                let latest_round = batches.remove(&g.code).flatten().map(
                    |(rounds, opened, closes, asked, answered)| GroupRound {
                        rounds,
                        opened,
                        closes,
                        n_asked: s.count(asked),
                        n_answered: s.count_within(answered, asked),
                        rate: s.share(answered, asked, 3),
                    },
                );
                GroupFigures {
                    code: g.code.clone(),
                    name: g.name.clone(),
                    phase: g.phase,
                    occupations: g.occupations.clone(),
                    units: g.units.clone(),
                    n_people: s.count(c.n_people),
                    latest_round,
                    n_with_target: s.count_within(c.n_with_target, c.n_people),
                    n_at_target: s.count_within(c.n_at_target, c.n_with_target),
                    share_at_target: s.share(c.n_at_target, c.n_with_target, 3),
                    n_with_gaps: s.count_within(c.n_with_gaps, c.n_people),
                    n_without_course: s.count_within(c.n_without_course, c.n_people),
                }
            })
            .collect();
        Ok(GroupsReport {
            as_of: day,
            groups: rows,
            suppression: s.finish(),
        })
    }
}
