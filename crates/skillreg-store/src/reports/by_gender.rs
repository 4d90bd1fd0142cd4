//! The equality follow-up's breakdown of the reports by gender (`DemandFilter::by`): each
//! person's gender as the owning source stated it, tallied in four groups (female, male,
//! other, not stated), and the figures per group withheld by the same rule as the rest
//! ([`Suppressor`], with [`Suppressor::parts`] so that a shown whole minus the parts shown
//! never gives a withheld part back). Nothing here names anyone.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use skillreg_core::view::{
    Change, CourseCompletions, DayFigures, GenderCount, GenderFigures, GenderGroup, Suppressor,
    round,
};
use skillreg_core::{Catalog, Evidence, EvidenceKind, Gender};

use super::Acc;
use crate::error::Result;

/// Every person's gender held, by employee number (those with none stated are absent).
pub(super) fn genders(conn: &Connection) -> Result<HashMap<String, Gender>> {
    let mut stmt =
        conn.prepare("SELECT employee_no, gender FROM persons WHERE gender IS NOT NULL")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, crate::sql::gender_col(r, 1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (no, gender) = row?;
        if let Some(g) = gender {
            out.insert(no, g);
        }
    }
    Ok(out)
}

/// The gender group of `employee_no`.
pub(super) fn group_of(genders: &HashMap<String, Gender>, employee_no: &str) -> GenderGroup {
    GenderGroup::of(genders.get(employee_no).copied())
}

/// Counts per gender group, of a whole shown or not (`whole_shown`).
pub(super) fn counts(s: &mut Suppressor, whole_shown: bool, n: [u64; 4]) -> Vec<GenderCount> {
    let hide = s.parts(whole_shown, &n);
    GenderGroup::ALL
        .into_iter()
        .map(|g| GenderCount {
            gender: g,
            count: if hide[g.index()] {
                s.withheld()
            } else {
                s.count(n[g.index()])
            },
        })
        .collect()
}

/// One day's figures per gender group, given the row's figures for everyone (`whole`).
fn day_figures(s: &mut Suppressor, whole: &DayFigures, accs: [Acc; 4]) -> [DayFigures; 4] {
    let n = accs.map(|a| a.n);
    let hide = s.parts(!whole.n_people.suppressed, &n);
    let at = accs.map(|a| a.n_at_target);
    let hide_at = s.more_parts(!whole.share_at_target.suppressed, &at, hide.clone());
    let na = accs.map(|a| a.n_not_assessed);
    let hide_na = s.more_parts(!whole.n_not_assessed.suppressed, &na, hide.clone());
    let mut figure = |i: usize| {
        let a = accs[i];
        if hide[i] {
            return DayFigures {
                n_people: s.withheld(),
                share_at_target: s.withheld(),
                mean_level: s.withheld(),
                n_not_assessed: s.withheld(),
            };
        }
        DayFigures {
            n_people: s.count(a.n),
            share_at_target: if hide_at[i] {
                s.withheld()
            } else {
                s.share(a.n_at_target, a.n, 3)
            },
            mean_level: s.mean(a.mean().map(|x| round(x, 2)), a.n),
            n_not_assessed: if hide_na[i] {
                s.withheld()
            } else {
                s.count_within(a.n_not_assessed, a.n)
            },
        }
    };
    [figure(0), figure(1), figure(2), figure(3)]
}

/// A progress row's figures per gender group: `whole` is the row's own figures on each day,
/// `accs[g][day]` the sums of group `g`.
pub(super) fn progress_rows(
    s: &mut Suppressor,
    whole: [&DayFigures; 2],
    accs: &[[Acc; 2]; 4],
) -> Vec<GenderFigures> {
    let before = day_figures(s, whole[0], accs.map(|a| a[0]));
    let after = day_figures(s, whole[1], accs.map(|a| a[1]));
    GenderGroup::ALL
        .into_iter()
        .zip(before.into_iter().zip(after))
        .map(|(gender, (from, to))| {
            let [a, b] = accs[gender.index()];
            let change = Change {
                n_people: s.change(
                    &from.n_people,
                    &to.n_people,
                    Some(
                        i64::try_from(b.n).unwrap_or(i64::MAX)
                            - i64::try_from(a.n).unwrap_or(i64::MAX),
                    ),
                ),
                share_at_target: s.change(
                    &from.share_at_target,
                    &to.share_at_target,
                    a.share().zip(b.share()).map(|(x, y)| round(y - x, 3)),
                ),
                mean_level: s.change(
                    &from.mean_level,
                    &to.mean_level,
                    a.mean().zip(b.mean()).map(|(x, y)| round(y - x, 2)),
                ),
            };
            GenderFigures {
                gender,
                from,
                to,
                change,
            }
        })
        .collect()
}

/// The people who completed each course after `from` and on or before `to`, each once per
/// course, in total and per gender group.
#[derive(Default)]
pub(super) struct Completions {
    by_course: BTreeMap<String, [u64; 4]>,
}

impl Completions {
    /// Notes the courses `evidence` shows completed in the period, for a person of `group`.
    pub(super) fn add(
        &mut self,
        evidence: &[Evidence],
        from: NaiveDate,
        to: NaiveDate,
        group: GenderGroup,
    ) {
        let mut done: Vec<&str> = evidence
            .iter()
            .filter(|e| e.date > from && e.date <= to)
            .filter_map(|e| match &e.kind {
                EvidenceKind::CourseResult {
                    course: Some(c), ..
                } => Some(c.as_str()),
                _ => None,
            })
            .collect();
        done.sort_unstable();
        done.dedup();
        for course in done {
            self.by_course.entry(course.to_string()).or_default()[group.index()] += 1;
        }
    }

    /// Every course of the catalog, by code, with the people who completed it.
    pub(super) fn finish(self, catalog: &Catalog, s: &mut Suppressor) -> Vec<CourseCompletions> {
        let mut courses: Vec<_> = catalog.courses.iter().collect();
        courses.sort_by(|a, b| a.code.cmp(&b.code));
        courses
            .into_iter()
            .map(|c| {
                let n = self.by_course.get(&c.code).copied().unwrap_or_default();
                let n_people = s.count(n.iter().sum());
                let by_gender = counts(s, !n_people.suppressed, n);
                CourseCompletions {
                    course: c.code.clone(),
                    name: c.name.clone(),
                    n_people,
                    by_gender,
                }
            })
            .collect()
    }
}
