//! The sync engine: reconcile one source's snapshot with the registry.
//!
//! Check -> plan -> apply, as three modules that [`run`] calls in turn:
//! - `check`: the problems in the source's catalog ([`check_catalog`]) and in each person's
//!   record ([`check_person`]), against what is [`Known`]: the merged catalog and the people
//!   of the registry and the snapshot. Pure. Problems name fields as the source spells them
//!   ([`Snapshot::field_name`]).
//! - `plan`: [`plan_catalog`], [`plan_person`] and [`plan_evidence_only`] are pure,
//!   deterministic functions (sorted output) of the registry's state and the incoming records.
//! - `apply`: hands each step to a [`SyncTarget`] (the store, inside one transaction), behind
//!   the termination guard ([`TerminationLimit`]).
//!
//! [`run`] streams the snapshot person by person. If any problem is found, or the termination
//! guard trips, it returns an error and the caller rolls the transaction back: nothing is
//! written.
//!
//! Written-down choices:
//! - The catalog is merged: items in the snapshot are created or updated; items missing from it
//!   are kept (people's history refers to them).
//! - An employment is identified by (unit, occupation, start). A person's employments missing from
//!   a new record of that person are ended on the day before the snapshot's day.
//! - In a full snapshot, an active person missing from it is terminated: their ongoing
//!   employments end on the day before the snapshot's day. History is kept.
//! - Evidence is never duplicated: an incoming record equal (system, level, date, kind,
//!   assessor/course) to one the registry holds, from any source, is not added again.
//! - A manager reference must name a person in the snapshot or already in the registry.

mod apply;
mod check;
mod people;
mod plan;
mod read_ahead;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::model::Requirement;
use crate::snapshot::{
    FieldNames, Location, PersonRecord, Problem, Snapshot, SnapshotHeader, SnapshotKind, Watermark,
};

pub use apply::TerminationLimit;
pub use check::{
    Known, check_catalog, check_identity, check_managers, check_person, check_references,
    leave_out_unknown_evidence, unknown_managers,
};
pub use plan::{
    CatalogItem, CatalogOp, Change, EmploymentOp, EvidenceKey, PersonChange, PersonDetails,
    PersonPlan, PersonState, day_before, evidence_key, new_evidence, plan_catalog,
    plan_evidence_only, plan_person, plan_requirement_removals, resolve_evidence,
};
pub use read_ahead::ReadAhead;

/// The sync's maps and sets of short keys (codes, employee numbers), looked up for every
/// record: foldhash hashes such a key in a fraction of SipHash's instructions, and is still
/// seeded anew in every process.
type FoldMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type FoldSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Runs one sync: checks the whole snapshot, plans it, and (unless `config.dry_run`, and only
/// while no problem has been found) hands each step to `target`. Returns the plan.
///
/// On `Err`, the caller must roll back whatever `target` did: the plan was refused.
pub fn run<S: Snapshot + ?Sized, T: SyncTarget>(
    source: &mut S,
    target: &mut T,
    config: &SyncConfig,
) -> Result<SyncReport, SyncError<T::Error>> {
    let header = source.header().clone();
    let names = FieldNames::of(source);
    target
        .begin(&header, config.role)
        .map_err(SyncError::Store)?;
    let mut found = Found::new(config.max_problems);

    // The catalog: check, plan, apply.
    let (merged, catalog_ops) = sync_catalog(source, target, &header, config, &mut found)?;

    // People, one at a time: check, plan, apply.
    let mut known = Known::new(&merged, names, config.role).with_as_of(header.as_of);
    target
        .person_index(header.as_of, &mut |no, entry| known.register(&no, entry))
        .map_err(SyncError::Store)?;
    let mut tally = Tally::default();
    let mut managers = Vec::new();
    loop {
        let record = match source.next_person() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(problems) => {
                found.problems(problems);
                continue;
            }
        };
        let Some(record) = check_record(record, &mut known, &mut found, &mut managers, &mut tally)
        else {
            continue;
        };
        let plan = plan_record(&record, &known, target, &header, &mut found, &mut tally)?;
        source.give_back(record);
        let Some(plan) = plan else {
            continue;
        };
        tally.count(&plan, config.max_listed_created);
        if found.may_write(config) {
            apply::person(target, &plan)?;
        }
    }

    // The end: people the source left out, managers named before (or instead of) their record,
    // and the people a full snapshot no longer names.
    let end = source.finish();
    tally.n_skipped += known.skip(&end.skipped);
    known.gone(&end.gone);
    found.warnings(end.warnings);
    found.problems(check_managers(managers, &known));
    let warnings = found.refuse_on_problems()?;
    let absent = match (header.kind, config.role) {
        (SnapshotKind::Full, SourceRole::People) => known.unseen(),
        _ => Vec::new(),
    };
    let report = tally.report(Report {
        header,
        config,
        catalog: catalog_ops,
        n_active_before: known.n_terminable(),
        absent: &absent,
        digest: source.digest(),
        warnings,
        watermark: end.watermark,
    });
    apply::terminations(target, report, &absent, config)
}

/// The catalog: checked (problems go to `found`), planned and, if `found` allows, applied.
/// Returns the merged catalog (the registry's overlaid with the snapshot's) and the plan.
fn sync_catalog<S: Snapshot + ?Sized, T: SyncTarget>(
    source: &mut S,
    target: &mut T,
    header: &SnapshotHeader,
    config: &SyncConfig,
    found: &mut Found,
) -> Result<(Catalog, Vec<CatalogOp>), SyncError<T::Error>> {
    let (incoming, problems) = source.catalog();
    found.problems(problems);
    let existing = target.catalog().map_err(SyncError::Store)?;
    let incoming = plan::stated_catalog(incoming, &existing);
    let merged = existing.merged(&incoming.catalog);
    found.problems(check_catalog(&merged, &incoming));
    let mut ops = plan_catalog(&existing, &incoming.catalog);
    // A full snapshot that states requirements states all of its source's requirements.
    if header.kind == SnapshotKind::Full && !incoming.catalog.requirements.is_empty() {
        let held = target
            .requirements_from(&header.source)
            .map_err(SyncError::Store)?;
        ops.extend(plan_requirement_removals(&held, &incoming.catalog));
    }
    if found.may_write(config) {
        apply::catalog(target, &ops)?;
    }
    Ok((merged, ops))
}

/// Checks one record of the snapshot. Problems and warnings go to `found`, managers not known
/// yet to `managers`; the record comes back (without evidence an evidence source may not state)
/// if it may be planned.
fn check_record(
    mut record: PersonRecord,
    known: &mut Known<'_>,
    found: &mut Found,
    managers: &mut Vec<(String, Location)>,
    tally: &mut Tally,
) -> Option<PersonRecord> {
    let problems = check_identity(&record, known);
    if !problems.is_empty() {
        found.problems(problems);
        return None;
    }
    known.see(&record);
    tally.n_seen += 1;
    managers.extend(unknown_managers(&record, known));
    let problems = check_references(&record, known);
    found.warnings(leave_out_unknown_evidence(&mut record, known));
    if !problems.is_empty() {
        found.problems(problems);
        return None;
    }
    Some(record)
}

/// Plans one checked record, reading what the registry holds about the person. `None` if there
/// is nothing to plan: the record is unchanged since the last sync, or names someone the
/// registry does not hold to an evidence source (a warning).
fn plan_record<T: SyncTarget>(
    record: &PersonRecord,
    known: &Known<'_>,
    target: &mut T,
    header: &SnapshotHeader,
    found: &mut Found,
    tally: &mut Tally,
) -> Result<Option<PersonPlan>, SyncError<T::Error>> {
    let entry = known.entry(&record.employee_no);
    let owns_people = known.role() == SourceRole::People;
    if !owns_people && entry.is_none() {
        tally.n_skipped += 1;
        found.warnings([Problem::new(
            &record.location,
            Some(&record.employee_no),
            format!(
                "not in the registry: {} contributes evidence only, so the person was not created; their evidence was not recorded",
                header.source
            ),
        )]);
        return Ok(None);
    }
    // Unchanged since the last sync: nothing to read or write. (An end date that has now
    // passed needs no write either: activity is computed from the dates on every day.)
    let digest = match entry {
        Some(IndexEntry {
            digest: Some(held), ..
        }) => {
            let digest = record.digest();
            if *held == digest {
                tally.n_unchanged += 1;
                return Ok(None);
            }
            Some(digest)
        }
        _ => None,
    };
    if entry.is_some() && !owns_people {
        // An evidence source plans against the evidence held, nothing else.
        let state = target
            .person_evidence(&record.employee_no)
            .map_err(SyncError::Store)?;
        return Ok(Some(plan_evidence_only(
            &state,
            record,
            known.courses(),
            digest.unwrap_or_else(|| record.digest()),
        )));
    }
    let state = match entry {
        Some(_) => Some(
            target
                .person_state(&record.employee_no)
                .map_err(SyncError::Store)?,
        ),
        None => None,
    };
    Ok(Some(plan_person(
        state.as_ref(),
        record,
        known.courses(),
        header.as_of,
    )))
}

/// Problems and warnings found so far, each list capped (the rest counted).
struct Found {
    problems: Capped,
    warnings: Capped,
}

impl Found {
    fn new(max: usize) -> Found {
        Found {
            problems: Capped::new(max),
            warnings: Capped::new(max),
        }
    }

    fn problems(&mut self, problems: impl IntoIterator<Item = Problem>) {
        problems.into_iter().for_each(|p| self.problems.push(p));
    }

    fn warnings(&mut self, warnings: impl IntoIterator<Item = Problem>) {
        warnings.into_iter().for_each(|w| self.warnings.push(w));
    }

    /// Whether steps may be handed to the target: not a dry run, and no problem so far.
    fn may_write(&self, config: &SyncConfig) -> bool {
        !config.dry_run && self.problems.is_empty()
    }

    /// The warnings, or the refusal if any problem was found.
    fn refuse_on_problems<E: std::error::Error>(self) -> Result<Capped, SyncError<E>> {
        if self.problems.is_empty() {
            Ok(self.warnings)
        } else {
            Err(SyncError::Refused {
                problems: self.problems.list,
                n_more: self.problems.n_more,
            })
        }
    }
}

/// A list of at most `max` problems, and how many more there were.
struct Capped {
    list: Vec<Problem>,
    n_more: usize,
    max: usize,
}

impl Capped {
    /// Keeps at least one.
    fn new(max: usize) -> Capped {
        Capped {
            list: Vec::new(),
            n_more: 0,
            max: max.max(1),
        }
    }

    fn push(&mut self, p: Problem) {
        if self.list.len() < self.max {
            self.list.push(p);
        } else {
            self.n_more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty() && self.n_more == 0
    }
}

/// What happened to the people of the snapshot, counted as they are planned.
#[derive(Default)]
struct Tally {
    people: Vec<PersonLine>,
    n_seen: usize,
    n_created: usize,
    n_updated: usize,
    n_reactivated: usize,
    n_terminated: usize,
    n_unchanged: usize,
    n_evidence: usize,
    n_skipped: usize,
}

/// The rest of a report, besides the [`Tally`].
struct Report<'a> {
    header: SnapshotHeader,
    config: &'a SyncConfig,
    catalog: Vec<CatalogOp>,
    n_active_before: usize,
    absent: &'a [&'a str],
    digest: Option<String>,
    warnings: Capped,
    watermark: Option<Watermark>,
}

impl Tally {
    /// Counts `plan`, and lists it unless it changes nothing or is one creation more than
    /// `max_listed_created`.
    fn count(&mut self, plan: &PersonPlan, max_listed_created: usize) {
        let n = match plan.change {
            PersonChange::Created => &mut self.n_created,
            PersonChange::Updated => &mut self.n_updated,
            PersonChange::Reactivated => &mut self.n_reactivated,
            PersonChange::Terminated => &mut self.n_terminated,
            PersonChange::Unchanged => &mut self.n_unchanged,
        };
        *n += 1;
        self.n_evidence += plan.evidence.len();
        let listed = match plan.change {
            PersonChange::Unchanged => false,
            PersonChange::Created => self.n_created <= max_listed_created,
            _ => true,
        };
        if listed {
            self.people.push(PersonLine {
                employee_no: plan.employee_no.clone(),
                change: plan.change,
                n_evidence: plan.evidence.len(),
            });
        }
    }

    /// The report: these counts, and the people `absent` from a full snapshot terminated.
    fn report(mut self, rest: Report<'_>) -> SyncReport {
        self.people.extend(rest.absent.iter().map(|no| PersonLine {
            employee_no: no.to_string(),
            change: PersonChange::Terminated,
            n_evidence: 0,
        }));
        self.people
            .sort_by(|a, b| a.employee_no.cmp(&b.employee_no));
        SyncReport {
            header: rest.header,
            dry_run: rest.config.dry_run,
            catalog: rest.catalog,
            people: self.people,
            n_seen: self.n_seen,
            n_active_before: rest.n_active_before,
            n_created: self.n_created,
            n_updated: self.n_updated,
            n_reactivated: self.n_reactivated,
            n_terminated: self.n_terminated + rest.absent.len(),
            n_unchanged: self.n_unchanged,
            n_evidence: self.n_evidence,
            digest: rest.digest,
            role: rest.config.role,
            n_warnings: rest.warnings.list.len() + rest.warnings.n_more,
            warnings: rest.warnings.list,
            n_skipped: self.n_skipped,
            watermark: rest.watermark,
        }
    }
}

/// What a source may change. A nightly job names exactly one source that owns people and
/// employments; the others contribute catalog and evidence only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceRole {
    /// The source owns people and employments: it creates, updates and (when full) terminates
    /// people, and adds catalog and evidence.
    #[default]
    People,
    /// The source adds catalog and evidence only. A person it names who is not in the registry
    /// is reported as a warning, not created; names and employments it states are ignored; being
    /// absent from it means nothing.
    Evidence,
}

impl SourceRole {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            SourceRole::People => "people",
            SourceRole::Evidence => "evidence",
        }
    }
}

/// Settings of one sync run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncConfig {
    /// What the source may change.
    pub role: SourceRole,
    /// Plan only: call nothing that writes.
    pub dry_run: bool,
    /// The termination guard.
    pub max_terminations: TerminationLimit,
    /// Report at most this many problems (the rest are counted).
    pub max_problems: usize,
    /// List at most this many created people in the report (the rest are counted in
    /// `n_created`): a first import of a large organisation need not hold them all. Every
    /// update, termination and reactivation is always listed.
    pub max_listed_created: usize,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            role: SourceRole::People,
            dry_run: false,
            max_terminations: TerminationLimit::default(),
            max_problems: 100,
            max_listed_created: 10_000,
        }
    }
}

/// What the registry knows of a person before a sync, in brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEntry {
    /// Digest of the record last synced (None: never synced, or terminated by absence since).
    pub digest: Option<[u8; 16]>,
    /// Active on the snapshot's day.
    pub active: bool,
    /// Has an employment that starts after the snapshot's day (a planned hire).
    pub planned: bool,
}

/// What the store does for the sync engine. Every call happens inside one transaction that the
/// caller commits only if [`run`] returns `Ok` and it is not a dry run.
pub trait SyncTarget {
    /// The store's error.
    type Error: std::error::Error + Send + Sync + 'static;
    /// Called first, with the snapshot's header and the source's role (a store that keeps
    /// digests per source needs to know which source this is).
    fn begin(&mut self, header: &SnapshotHeader, role: SourceRole) -> Result<(), Self::Error> {
        let _ = (header, role);
        Ok(())
    }
    /// The registry's catalog.
    fn catalog(&mut self) -> Result<Catalog, Self::Error>;
    /// The requirements that `source` stated in earlier snapshots.
    fn requirements_from(&mut self, source: &str) -> Result<Vec<Requirement>, Self::Error>;
    /// Every person: calls `visit` with each employee number, its digest and whether the person
    /// is active on `day` (a visitor, so that no second copy of the index is built). The digest
    /// is the one this source's role last stored: the owner's for [`SourceRole::People`], this
    /// source's own for [`SourceRole::Evidence`].
    fn person_index(
        &mut self,
        day: NaiveDate,
        visit: &mut dyn FnMut(String, IndexEntry),
    ) -> Result<(), Self::Error>;
    /// Everything a plan needs about one person.
    fn person_state(&mut self, employee_no: &str) -> Result<PersonState, Self::Error>;
    /// What the plan of a source that contributes evidence only needs about one person: the
    /// evidence held ([`plan_evidence_only`] reads nothing else, so a store may leave the rest
    /// of the [`PersonState`] empty). Called just before that person's
    /// [`SyncTarget::apply_person`]. The default reads the whole [`SyncTarget::person_state`].
    fn person_evidence(&mut self, employee_no: &str) -> Result<PersonState, Self::Error> {
        self.person_state(employee_no)
    }
    /// Create, update or remove catalog items, in the order given.
    fn apply_catalog(&mut self, ops: &[CatalogOp]) -> Result<(), Self::Error>;
    /// Apply one person's plan (also when unchanged: the digest may be new).
    fn apply_person(&mut self, plan: &PersonPlan) -> Result<(), Self::Error>;
    /// End every employment of `employee_no` that is ongoing after `last_day` (removing those
    /// that would only have started after it); forget the digest.
    fn terminate(&mut self, employee_no: &str, last_day: NaiveDate) -> Result<(), Self::Error>;
}

/// One line of the people part of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonLine {
    /// Employee number.
    pub employee_no: String,
    /// What happens.
    pub change: PersonChange,
    /// Evidence records added.
    pub n_evidence: usize,
}

/// The plan of a sync run (applied unless it was a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncReport {
    /// The snapshot's header.
    pub header: SnapshotHeader,
    /// Planned only.
    pub dry_run: bool,
    /// Catalog changes, in apply order.
    pub catalog: Vec<CatalogOp>,
    /// People who change, sorted by employee number.
    pub people: Vec<PersonLine>,
    /// People in the snapshot.
    pub n_seen: usize,
    /// People in the registry before who are active or hired to start later: those a full
    /// snapshot can terminate, and what the termination guard compares with.
    pub n_active_before: usize,
    /// People created.
    pub n_created: usize,
    /// People updated.
    pub n_updated: usize,
    /// People terminated (absent from a full snapshot or with every employment ended).
    pub n_terminated: usize,
    /// People reactivated.
    pub n_reactivated: usize,
    /// People unchanged.
    pub n_unchanged: usize,
    /// Evidence records added.
    pub n_evidence: usize,
    /// Digest of the input, if the source gives one.
    pub digest: Option<String>,
    /// What the source was allowed to change.
    pub role: SourceRole,
    /// Warnings (not refusals): people an evidence source names who are not in the registry,
    /// records the source left out. At most `max_problems` are listed; `n_warnings` counts all.
    pub warnings: Vec<Problem>,
    /// Warnings in all.
    pub n_warnings: usize,
    /// People the source named but that were left alone: not in the registry (an evidence
    /// source), or skipped by the adapter.
    pub n_skipped: usize,
    /// Where the source resumes next time; recorded with the sync.
    pub watermark: Option<Watermark>,
}

impl SyncReport {
    /// True when the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.catalog.is_empty() && self.people.is_empty()
    }

    /// Employee numbers of the people this plan terminates.
    pub fn terminated(&self) -> Vec<&str> {
        self.people
            .iter()
            .filter(|p| p.change == PersonChange::Terminated)
            .map(|p| p.employee_no.as_str())
            .collect()
    }
}

/// Why a sync did not go through.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError<E: std::error::Error + 'static> {
    /// The snapshot has problems; nothing may be written.
    #[error("the input was refused: {} problem(s){}", problems.len() + n_more, if *n_more > 0 { format!(" ({} not shown)", n_more) } else { String::new() })]
    Refused {
        /// The problems found (up to the configured limit).
        problems: Vec<Problem>,
        /// How many more were found but not kept.
        n_more: usize,
    },
    /// The plan would terminate more people than allowed.
    #[error("the plan would terminate {} of {} active people, more than the limit of {}; check that the source is complete", report.n_terminated, report.n_active_before, limit)]
    GuardTripped {
        /// The limit that tripped.
        limit: TerminationLimit,
        /// The whole plan, terminations included.
        report: Box<SyncReport>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(E),
}
