//! [`MemoryTarget`]: the one in-memory sync target.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use skillreg_core::sync::{
    self, CatalogItem, CatalogOp, Change, EmploymentOp, IndexEntry, PersonPlan, PersonState,
    SourceRole, SyncConfig, SyncError, SyncReport, SyncTarget,
};
use skillreg_core::{
    Catalog, Employee, Employment, Evidence, Requirement, Snapshot, SnapshotHeader,
};

/// What the target holds about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// Names, email and every employment.
    pub employee: Employee,
    /// Every piece of evidence, from any source, in the order it came.
    pub evidence: Vec<Evidence>,
    /// The digest the owner of people ([`SourceRole::People`]) last stored; an evidence
    /// source's digests are kept apart ([`MemoryTarget::source_digest`]).
    pub digest: Option<[u8; 16]>,
    /// The gender the owner of people last stated.
    pub gender: Option<skillreg_core::Gender>,
}

/// One write call the sync engine made. Its `Display` is one short line:
/// `apply_catalog 10`, `apply_person 10023 updated`, `terminate 10024 2026-11-30`.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// [`SyncTarget::apply_catalog`] with these operations.
    Catalog(Vec<CatalogOp>),
    /// [`SyncTarget::apply_person`] with this plan.
    Person(PersonPlan),
    /// [`SyncTarget::terminate`].
    Terminate {
        /// Employee number.
        employee_no: String,
        /// The last day of every employment ongoing after it.
        last_day: NaiveDate,
    },
}

impl fmt::Display for Write {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Write::Catalog(ops) => write!(f, "apply_catalog {}", ops.len()),
            Write::Person(plan) => {
                write!(
                    f,
                    "apply_person {} {}",
                    plan.employee_no,
                    plan.change.name()
                )
            }
            Write::Terminate {
                employee_no,
                last_day,
            } => write!(f, "terminate {employee_no} {last_day}"),
        }
    }
}

/// When the target fails a write, to test that a sync stops there and is all or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Every write fails.
    EveryWrite,
    /// The n-th write of a run fails (counting from 1, again from each [`SyncTarget::begin`]).
    NthWrite(usize),
    /// A write about this employee number (its plan or its termination) fails.
    Person(String),
}

/// The error of a write that [`Failure`] made fail: `store failed: apply_person 10024 created`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryError {
    write: String,
}

impl MemoryError {
    /// The write that failed, as [`Write`]'s `Display` spells it.
    pub fn write(&self) -> &str {
        &self.write
    }
}

impl fmt::Display for MemoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store failed: {}", self.write)
    }
}

impl std::error::Error for MemoryError {}

/// What a target holds; cloned to roll a failed run back.
#[derive(Debug, Clone, Default)]
struct State {
    catalog: Catalog,
    people: BTreeMap<String, Held>,
    source_digests: BTreeMap<(String, String), [u8; 16]>,
}

/// A registry in memory that does what the SQLite store does for the sync engine: the catalog
/// merged item by item (a removed requirement dropped), per person the employee, the evidence
/// (appended) and the owner's digest, and each evidence source's digest per person apart; plans
/// applied by employment key (unit, occupation, start).
///
/// It records every write ([`MemoryTarget::writes`]) and fails one on request
/// ([`MemoryTarget::failing`]). Calling [`sync::run`] on it directly leaves whatever the engine
/// wrote before an error, as the engine itself does; [`MemoryTarget::sync`] rolls back, as the
/// store's transaction does.
///
/// Two simplifications: every requirement held counts as stated by the source being synced
/// ([`SyncTarget::requirements_from`]), and nothing is written to a log of runs.
#[derive(Debug, Clone, Default)]
pub struct MemoryTarget {
    state: State,
    source: String,
    role: SourceRole,
    writes: Vec<Write>,
    n_writes: usize,
    failure: Option<Failure>,
}

impl MemoryTarget {
    /// An empty target that fails writes as `failure` says.
    pub fn failing(failure: Failure) -> MemoryTarget {
        MemoryTarget {
            failure: Some(failure),
            ..MemoryTarget::default()
        }
    }

    /// Runs one sync of `snapshot` into this target; on `Err` (a refusal, a tripped guard, a
    /// failed write) everything the run wrote is undone, as the store's transaction does. The
    /// writes it made stay listed in [`MemoryTarget::writes`].
    pub fn sync<S: Snapshot + ?Sized>(
        &mut self,
        snapshot: &mut S,
        config: &SyncConfig,
    ) -> Result<SyncReport, SyncError<MemoryError>> {
        let before = self.state.clone();
        let result = sync::run(snapshot, self, config);
        if result.is_err() {
            self.state = before;
        }
        result
    }

    /// The catalog held (named apart from [`SyncTarget::catalog`], which clones it).
    pub fn held_catalog(&self) -> &Catalog {
        &self.state.catalog
    }

    /// Everyone held, by employee number.
    pub fn people(&self) -> &BTreeMap<String, Held> {
        &self.state.people
    }

    /// Everyone held, to prepare a case (e.g. evidence recorded by hand since the last sync).
    pub fn people_mut(&mut self) -> &mut BTreeMap<String, Held> {
        &mut self.state.people
    }

    /// What is held about `employee_no`.
    pub fn person(&self, employee_no: &str) -> Option<&Held> {
        self.state.people.get(employee_no)
    }

    /// The digest the evidence source `source` last stored for `employee_no`.
    pub fn source_digest(&self, source: &str, employee_no: &str) -> Option<[u8; 16]> {
        self.state
            .source_digests
            .get(&(source.to_string(), employee_no.to_string()))
            .copied()
    }

    /// How many people are active on `day`.
    pub fn n_active(&self, day: NaiveDate) -> usize {
        self.state
            .people
            .values()
            .filter(|p| p.employee.is_active(day))
            .count()
    }

    /// The writes made (successfully) since the last [`MemoryTarget::take_writes`].
    pub fn writes(&self) -> &[Write] {
        &self.writes
    }

    /// The writes made since the last call, leaving none.
    pub fn take_writes(&mut self) -> Vec<Write> {
        std::mem::take(&mut self.writes)
    }

    /// Counts a write and fails it if [`Failure`] says so; records it otherwise.
    fn write(&mut self, write: Write) -> Result<(), MemoryError> {
        self.n_writes += 1;
        let fails = match &self.failure {
            None => false,
            Some(Failure::EveryWrite) => true,
            Some(Failure::NthWrite(n)) => self.n_writes == *n,
            Some(Failure::Person(no)) => match &write {
                Write::Catalog(_) => false,
                Write::Person(plan) => &plan.employee_no == no,
                Write::Terminate { employee_no, .. } => employee_no == no,
            },
        };
        if fails {
            return Err(MemoryError {
                write: write.to_string(),
            });
        }
        self.writes.push(write);
        Ok(())
    }
}

impl SyncTarget for MemoryTarget {
    type Error = MemoryError;

    fn begin(&mut self, header: &SnapshotHeader, role: SourceRole) -> Result<(), MemoryError> {
        self.source = header.source.clone();
        self.role = role;
        self.n_writes = 0;
        Ok(())
    }

    fn catalog(&mut self) -> Result<Catalog, MemoryError> {
        Ok(self.state.catalog.clone())
    }

    fn requirements_from(&mut self, _source: &str) -> Result<Vec<Requirement>, MemoryError> {
        Ok(self.state.catalog.requirements.clone())
    }

    fn person_index(
        &mut self,
        day: NaiveDate,
        visit: &mut dyn FnMut(String, IndexEntry),
    ) -> Result<(), MemoryError> {
        for (no, p) in &self.state.people {
            let digest = match self.role {
                SourceRole::People => p.digest,
                SourceRole::Evidence => self
                    .state
                    .source_digests
                    .get(&(self.source.clone(), no.clone()))
                    .copied(),
            };
            let entry = IndexEntry {
                digest,
                active: p.employee.is_active(day),
                planned: p.employee.employments.iter().any(|e| e.start > day),
            };
            visit(no.clone(), entry);
        }
        Ok(())
    }

    fn person_state(&mut self, employee_no: &str) -> Result<PersonState, MemoryError> {
        Ok(self
            .state
            .people
            .get(employee_no)
            .map(|p| PersonState {
                employee: Some(p.employee.clone()),
                evidence: p.evidence.clone(),
                gender: p.gender,
            })
            .unwrap_or_default())
    }

    fn apply_catalog(&mut self, ops: &[CatalogOp]) -> Result<(), MemoryError> {
        self.write(Write::Catalog(ops.to_vec()))?;
        let catalog = &mut self.state.catalog;
        let mut incoming = Catalog::default();
        for op in ops {
            if let (Change::Removed, CatalogItem::Requirement(r)) = (op.change, &op.item) {
                catalog.requirements.retain(|held| held != r);
                continue;
            }
            match op.item.clone() {
                CatalogItem::Unit(u) => incoming.units.push(u),
                CatalogItem::Occupation(o) => incoming.occupations.push(o),
                CatalogItem::System(s) => incoming.systems.push(s),
                CatalogItem::Requirement(r) => incoming.requirements.push(r),
                CatalogItem::Course(c) => incoming.courses.push(c),
                CatalogItem::Group(g) => incoming.groups.push(g),
            }
        }
        *catalog = catalog.merged(&incoming);
        Ok(())
    }

    /// Applies the whole plan whatever the role, so that a plan that carries names or
    /// employments for an evidence source shows in the person held.
    fn apply_person(&mut self, plan: &PersonPlan) -> Result<(), MemoryError> {
        self.write(Write::Person(plan.clone()))?;
        let p = self
            .state
            .people
            .entry(plan.employee_no.clone())
            .or_insert_with(|| Held {
                employee: Employee {
                    employee_no: plan.employee_no.clone(),
                    given_name: String::new(),
                    family_name: String::new(),
                    email: None,
                    employments: vec![],
                },
                evidence: vec![],
                digest: None,
                gender: None,
            });
        if let Some(details) = &plan.details {
            p.employee.given_name = details.given_name.clone();
            p.employee.family_name = details.family_name.clone();
            p.employee.email = details.email.clone();
            p.gender = details.gender;
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
        match self.role {
            SourceRole::People => p.digest = Some(plan.digest),
            SourceRole::Evidence => {
                self.state
                    .source_digests
                    .insert((self.source.clone(), plan.employee_no.clone()), plan.digest);
            }
        }
        Ok(())
    }

    fn terminate(&mut self, employee_no: &str, last_day: NaiveDate) -> Result<(), MemoryError> {
        self.write(Write::Terminate {
            employee_no: employee_no.into(),
            last_day,
        })?;
        if let Some(p) = self.state.people.get_mut(employee_no) {
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
