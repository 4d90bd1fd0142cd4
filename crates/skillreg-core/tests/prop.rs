//! Property tests of `sync::run` over a registry in memory, on generated nights of one source
//! (see `fuzz/snapshots.rs`): a night applied twice plans nothing the second time; night A then
//! night B leaves the same current state (people, active employments, standings) as B alone;
//! every piece of evidence either night stated is held exactly once.

#[path = "../../../fuzz/snapshots.rs"]
mod snapshots;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use proptest::prelude::*;
use skillreg_core::sync::{
    self, CatalogItem, CatalogOp, Change, EmploymentOp, IndexEntry, PersonPlan, PersonState,
    SyncConfig, SyncReport, SyncTarget, TerminationLimit,
};
use skillreg_core::{
    Catalog, Employee, Employment, Evidence, PersonRecord, Requirement, RuleBook, SnapshotHeader,
};

use snapshots::{VecSnapshot, day_a, evidence_form, nights, stated_evidence};

/// The in-memory store never fails.
#[derive(Debug)]
struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "never")
    }
}

impl std::error::Error for Never {}

struct Stored {
    employee: Employee,
    evidence: Vec<Evidence>,
    digest: Option<[u8; 16]>,
}

/// A registry in a map: the catalog, and per person the employee, evidence and digest. It
/// applies plans as the store does: evidence appended, employments by (unit, occupation, start).
#[derive(Default)]
struct Memory {
    catalog: Catalog,
    people: BTreeMap<String, Stored>,
}

impl SyncTarget for Memory {
    type Error = Never;

    fn begin(&mut self, _: &SnapshotHeader, _: sync::SourceRole) -> Result<(), Never> {
        Ok(())
    }

    fn catalog(&mut self) -> Result<Catalog, Never> {
        Ok(self.catalog.clone())
    }

    /// Every requirement here came from the one source.
    fn requirements_from(&mut self, _source: &str) -> Result<Vec<Requirement>, Never> {
        Ok(self.catalog.requirements.clone())
    }

    fn person_index(
        &mut self,
        day: NaiveDate,
        visit: &mut dyn FnMut(String, IndexEntry),
    ) -> Result<(), Never> {
        for (no, p) in &self.people {
            let entry = IndexEntry {
                digest: p.digest,
                active: p.employee.is_active(day),
                planned: p.employee.employments.iter().any(|e| e.start > day),
            };
            visit(no.clone(), entry);
        }
        Ok(())
    }

    fn person_state(&mut self, employee_no: &str) -> Result<PersonState, Never> {
        Ok(self
            .people
            .get(employee_no)
            .map(|p| PersonState {
                employee: Some(p.employee.clone()),
                evidence: p.evidence.clone(),
            })
            .unwrap_or_default())
    }

    fn apply_catalog(&mut self, ops: &[CatalogOp]) -> Result<(), Never> {
        let mut incoming = Catalog::default();
        for op in ops {
            if let (Change::Removed, CatalogItem::Requirement(r)) = (op.change, &op.item) {
                self.catalog.requirements.retain(|held| held != r);
                continue;
            }
            match op.item.clone() {
                CatalogItem::Unit(u) => incoming.units.push(u),
                CatalogItem::Occupation(o) => incoming.occupations.push(o),
                CatalogItem::System(s) => incoming.systems.push(s),
                CatalogItem::Requirement(r) => incoming.requirements.push(r),
                CatalogItem::Course(c) => incoming.courses.push(c),
            }
        }
        self.catalog = self.catalog.merged(&incoming);
        Ok(())
    }

    fn apply_person(&mut self, plan: &PersonPlan) -> Result<(), Never> {
        let p = self
            .people
            .entry(plan.employee_no.clone())
            .or_insert_with(|| Stored {
                employee: Employee {
                    employee_no: plan.employee_no.clone(),
                    given_name: String::new(),
                    family_name: String::new(),
                    email: None,
                    employments: vec![],
                },
                evidence: vec![],
                digest: None,
            });
        if let Some(details) = &plan.details {
            p.employee.given_name = details.given_name.clone();
            p.employee.family_name = details.family_name.clone();
            p.employee.email = details.email.clone();
        }
        let same = |a: &Employment, b: &Employment| {
            (&a.unit, &a.occupation, a.start) == (&b.unit, &b.occupation, b.start)
        };
        for op in &plan.employments {
            match op {
                EmploymentOp::Insert(e) => p.employee.employments.push(e.clone()),
                EmploymentOp::Remove(e) => p.employee.employments.retain(|o| !same(o, e)),
                EmploymentOp::Update(e) => {
                    for old in p.employee.employments.iter_mut().filter(|o| same(o, e)) {
                        *old = e.clone();
                    }
                }
                EmploymentOp::End {
                    employment,
                    last_day,
                } => {
                    for old in p
                        .employee
                        .employments
                        .iter_mut()
                        .filter(|o| same(o, employment))
                    {
                        old.end = Some(*last_day);
                    }
                }
            }
        }
        p.evidence.extend(plan.evidence.iter().cloned());
        p.digest = Some(plan.digest);
        Ok(())
    }

    fn terminate(&mut self, employee_no: &str, last_day: NaiveDate) -> Result<(), Never> {
        if let Some(p) = self.people.get_mut(employee_no) {
            for e in &mut p.employee.employments {
                if e.end.is_none_or(|end| end > last_day) {
                    e.end = Some(last_day);
                }
            }
            p.digest = None;
        }
        Ok(())
    }
}

impl Memory {
    /// What a person is on `day`: names, email, active, the employments active then, and the
    /// standings by the rules.
    fn current(&self, no: &str, day: NaiveDate) -> Option<String> {
        let p = self.people.get(no)?;
        let mut employments: Vec<&Employment> = p
            .employee
            .employments
            .iter()
            .filter(|e| e.is_active(day))
            .collect();
        employments.sort_by(|a, b| {
            (&a.unit, &a.occupation, a.start).cmp(&(&b.unit, &b.occupation, b.start))
        });
        let standings = RuleBook::new(&self.catalog).standings(&p.employee, &p.evidence, &[], day);
        Some(format!(
            "{} {} {:?} active {}\n{employments:?}\n{standings:?}",
            p.employee.given_name,
            p.employee.family_name,
            p.employee.email,
            p.employee.is_active(day),
        ))
    }
}

/// Full snapshots may terminate everyone they lack: the guard is not under test here.
fn config() -> SyncConfig {
    SyncConfig {
        max_terminations: TerminationLimit::Count(usize::MAX),
        ..SyncConfig::default()
    }
}

fn run(
    memory: &mut Memory,
    day: NaiveDate,
    requirements: u8,
    people: &[PersonRecord],
) -> SyncReport {
    let mut snapshot = VecSnapshot::new(day, requirements, people);
    sync::run(&mut snapshot, memory, &config())
        .unwrap_or_else(|e| panic!("the night was refused: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_night_applied_twice_plans_nothing_the_second_time(nights in nights()) {
        let mut memory = Memory::default();
        let (req, people) = &nights.a;
        run(&mut memory, day_a(), *req, people);
        let before: Vec<_> = people.iter().map(|p| memory.current(&p.employee_no, day_a())).collect();
        let again = run(&mut memory, day_a(), *req, people);
        prop_assert!(again.catalog.is_empty(), "{:?}", again.catalog);
        prop_assert!(again.people.is_empty(), "{:?}", again.people);
        prop_assert_eq!((again.n_evidence, again.n_unchanged), (0, people.len()));
        let after: Vec<_> = people.iter().map(|p| memory.current(&p.employee_no, day_a())).collect();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn night_a_then_b_leaves_what_b_alone_leaves(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut both = Memory::default();
        run(&mut both, day_a(), *req_a, a);
        run(&mut both, nights.day_b, *req_b, b);
        let mut only_b = Memory::default();
        run(&mut only_b, nights.day_b, *req_b, b);
        prop_assert_eq!(&both.catalog, &only_b.catalog);
        for p in b {
            let no = &p.employee_no;
            prop_assert_eq!(both.current(no, nights.day_b), only_b.current(no, nights.day_b), "person {}", no);
        }
        let in_b: BTreeSet<&str> = b.iter().map(|p| p.employee_no.as_str()).collect();
        for p in a.iter().filter(|p| !in_b.contains(p.employee_no.as_str())) {
            let gone = both.people.get(&p.employee_no).is_some_and(|s| !s.employee.is_active(nights.day_b));
            prop_assert!(gone, "{} is still active", p.employee_no);
            prop_assert!(!only_b.people.contains_key(&p.employee_no));
        }
    }

    #[test]
    fn evidence_is_never_lost_nor_held_twice(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut memory = Memory::default();
        run(&mut memory, day_a(), *req_a, a);
        run(&mut memory, nights.day_b, *req_b, b);
        for (no, stated) in stated_evidence(&[a, b]) {
            let mut held: Vec<_> = memory
                .people
                .get(&no)
                .map(|p| p.evidence.iter().map(evidence_form).collect())
                .unwrap_or_default();
            held.sort();
            let stated: Vec<_> = stated.into_iter().collect();
            prop_assert_eq!(held, stated, "person {}", no);
        }
    }
}
