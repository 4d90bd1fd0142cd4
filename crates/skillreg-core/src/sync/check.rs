//! Check: the problems in a source's catalog and records, found before anything is planned.
//! Pure: a check reads the record and what is [`Known`], and returns problems.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{FoldMap, FoldSet};

use chrono::NaiveDate;

use crate::catalog::{Catalog, OrgTree};
use crate::model::{Course, EvidenceDayFault, check_evidence_day};
use crate::privacy::national_id_fields;
use crate::snapshot::{
    EvidenceRecord, Field, FieldNames, Location, PersonRecord, Problem, SourceCatalog,
};
use crate::text::{self, Fault};

use super::people::{NOT_SEEN, People, SEEN_NO_LINE, Slot};
use super::{IndexEntry, SourceRole};

/// Reference problems inside a catalog: unknown parents, cycles, requirements and courses naming
/// unknown items. `merged` is the registry's catalog overlaid with the incoming one; locations
/// come from the incoming one.
///
/// Before those, every code of the incoming catalog must be a code ([`text::code`]) and every
/// name and description text ([`text::name`]), and none may hold a national identity number:
/// a catalog with such a value is not checked further.
pub fn check_catalog(merged: &Catalog, incoming: &SourceCatalog) -> Vec<Problem> {
    let problems = check_catalog_values(incoming);
    if !problems.is_empty() {
        return problems;
    }
    let mut problems = Vec::new();
    let loc = |list: &[Location], i: usize| list.get(i).cloned().unwrap_or_default();
    let units: HashSet<&str> = merged.units.iter().map(|u| u.id.as_str()).collect();
    let occupations: HashSet<&str> = merged.occupations.iter().map(|o| o.code.as_str()).collect();
    let systems: HashSet<&str> = merged.systems.iter().map(|s| s.code.as_str()).collect();
    let locs = &incoming.locations;
    for (i, u) in incoming.catalog.units.iter().enumerate() {
        if let Some(parent) = &u.parent
            && !units.contains(parent.as_str())
        {
            problems.push(Problem::new(
                &loc(&locs.units, i),
                Some(parent),
                format!("org unit {} names an unknown parent unit", u.id),
            ));
        }
    }
    for cycle in OrgTree::new(&merged.units).cycles() {
        let i = incoming
            .catalog
            .units
            .iter()
            .position(|u| cycle.contains(&u.id));
        let location = i.map(|i| loc(&locs.units, i)).unwrap_or_default();
        problems.push(Problem::new(
            &location,
            Some(&cycle.join(" > ")),
            "org units form a cycle: each is its own ancestor; fix the parent attributes",
        ));
    }
    for (i, r) in incoming.catalog.requirements.iter().enumerate() {
        let at = loc(&locs.requirements, i);
        if !occupations.contains(r.occupation.as_str()) {
            problems.push(Problem::new(
                &at,
                Some(&r.occupation),
                "requirement names an unknown occupation",
            ));
        }
        if !systems.contains(r.system.as_str()) {
            problems.push(Problem::new(
                &at,
                Some(&r.system),
                "requirement names an unknown system",
            ));
        }
        if let Some(unit) = &r.unit
            && !units.contains(unit.as_str())
        {
            problems.push(Problem::new(
                &at,
                Some(unit),
                "requirement names an unknown org unit",
            ));
        }
    }
    for (i, c) in incoming.catalog.courses.iter().enumerate() {
        if !systems.contains(c.system.as_str()) {
            problems.push(Problem::new(
                &loc(&locs.courses, i),
                Some(&c.system),
                format!("course {} names an unknown system", c.code),
            ));
        }
        for occupation in &c.audience {
            if !occupations.contains(occupation.as_str()) {
                problems.push(Problem::new(
                    &loc(&locs.courses, i),
                    Some(occupation),
                    format!(
                        "course {} is made for an unknown occupation (its audience)",
                        c.code
                    ),
                ));
            }
        }
    }
    problems.extend(check_groups(incoming, &units, &occupations));
    problems
}

/// The problems of the incoming target groups: a code given twice, no occupation, an unknown
/// occupation or unit, a phase that is not 1 or more.
fn check_groups(
    incoming: &SourceCatalog,
    units: &HashSet<&str>,
    occupations: &HashSet<&str>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let loc = |i: usize| {
        incoming
            .locations
            .groups
            .get(i)
            .cloned()
            .unwrap_or_default()
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, g) in incoming.catalog.groups.iter().enumerate() {
        let at = loc(i);
        if let Some(first) = seen.insert(g.code.as_str(), i) {
            let first = loc(first);
            let earlier = first
                .line
                .map(|l| format!(" (first on line {l})"))
                .unwrap_or_default();
            problems.push(Problem::new(
                &at,
                Some(&g.code),
                format!(
                    "group {} is listed twice{earlier}; give each group its own code",
                    g.code
                ),
            ));
        }
        if g.occupations.is_empty() {
            problems.push(Problem::new(
                &at,
                None,
                format!(
                    "group {} names no occupation; list at least one in occupations",
                    g.code
                ),
            ));
        }
        if g.phase == 0 {
            problems.push(Problem::new(
                &at,
                Some("0"),
                format!("group {}: the phase must be 1 or more", g.code),
            ));
        }
        let mut named = HashSet::new();
        for o in &g.occupations {
            if !named.insert(o.as_str()) {
                problems.push(Problem::new(
                    &at,
                    Some(o),
                    format!("group {} names occupation {o} twice", g.code),
                ));
            } else if !occupations.contains(o.as_str()) {
                problems.push(Problem::new(
                    &at,
                    Some(o),
                    format!("group {} names an unknown occupation", g.code),
                ));
            }
        }
        for u in &g.units {
            if !units.contains(u.as_str()) {
                problems.push(Problem::new(
                    &at,
                    Some(u),
                    format!("group {} names an unknown org unit", g.code),
                ));
            }
        }
    }
    problems
}

/// The problems in the values of an incoming catalog: codes that cannot be codes, names that
/// are not text, identity numbers anywhere.
fn check_catalog_values(incoming: &SourceCatalog) -> Vec<Problem> {
    enum Kind {
        Code,
        Text,
    }
    let c = &incoming.catalog;
    let locs = &incoming.locations;
    let loc = |list: &[Location], i: usize| list.get(i).cloned().unwrap_or_default();
    let mut values: Vec<(Location, &str, &str, Kind)> = Vec::new();
    for (i, u) in c.units.iter().enumerate() {
        let at = loc(&locs.units, i);
        values.push((at.clone(), &u.id, "the org unit's id", Kind::Code));
        values.push((at.clone(), &u.name, "the org unit's name", Kind::Text));
        if let Some(parent) = &u.parent {
            values.push((at, parent, "the parent unit", Kind::Code));
        }
    }
    for (i, o) in c.occupations.iter().enumerate() {
        let at = loc(&locs.occupations, i);
        values.push((at.clone(), &o.code, "the occupation's code", Kind::Code));
        values.push((at, &o.name, "the occupation's name", Kind::Text));
    }
    for (i, sys) in c.systems.iter().enumerate() {
        let at = loc(&locs.systems, i);
        values.push((at.clone(), &sys.code, "the system's code", Kind::Code));
        values.push((at.clone(), &sys.name, "the system's name", Kind::Text));
        if let Some(vendor) = &sys.vendor {
            values.push((at.clone(), vendor, "the vendor", Kind::Text));
        }
        for d in sys.level_descriptions.iter().flatten() {
            values.push((at.clone(), d, "a level's description", Kind::Text));
        }
    }
    for (i, r) in c.requirements.iter().enumerate() {
        let at = loc(&locs.requirements, i);
        values.push((at.clone(), &r.occupation, "the occupation", Kind::Code));
        values.push((at.clone(), &r.system, "the system", Kind::Code));
        if let Some(unit) = &r.unit {
            values.push((at, unit, "the unit", Kind::Code));
        }
    }
    for (i, course) in c.courses.iter().enumerate() {
        let at = loc(&locs.courses, i);
        values.push((at.clone(), &course.code, "the course's code", Kind::Code));
        values.push((at.clone(), &course.name, "the course's name", Kind::Text));
        values.push((at, &course.system, "the system", Kind::Code));
    }
    for (i, g) in c.groups.iter().enumerate() {
        let at = loc(&locs.groups, i);
        values.push((at.clone(), &g.code, "the group's code", Kind::Code));
        values.push((at.clone(), &g.name, "the group's name", Kind::Text));
        for o in &g.occupations {
            values.push((at.clone(), o, "an occupation of the group", Kind::Code));
        }
        for u in &g.units {
            values.push((at.clone(), u, "a unit of the group", Kind::Code));
        }
    }
    let mut problems = Vec::new();
    for (at, value, field, kind) in values {
        if crate::privacy::looks_like_national_id(value) {
            problems.push(Problem::new(
                &at,
                None,
                format!(
                    "{field} looks like a national identity number; the value is not shown and \
                     the registry never stores one"
                ),
            ));
            continue;
        }
        let checked = match kind {
            Kind::Code => text::code(value),
            Kind::Text => text::name(value),
        };
        if let Err(fault) = checked {
            problems.push(fault_problem(&at, Some(value), field, fault));
        }
    }
    problems
}

/// What a person's references are checked against: the merged catalog (the registry's overlaid
/// with the snapshot's), the people the registry holds and those the snapshot has named so far,
/// how the source names its fields, and what the source may state.
///
/// The sync engine fills it as it reads: the registry's people first ([`Known::register`]),
/// then each person of the snapshot once checked ([`Known::see`]).
#[derive(Debug)]
pub struct Known<'a> {
    units: FoldSet<&'a str>,
    occupations: FoldSet<&'a str>,
    systems: FoldSet<&'a str>,
    courses: FoldMap<&'a str, &'a Course>,
    names: FieldNames,
    role: SourceRole,
    people: People,
    n_terminable: usize,
    as_of: Option<NaiveDate>,
}

impl<'a> Known<'a> {
    /// Knows the items of `catalog` and nobody yet; problems name fields by `names`. An
    /// evidence source's employments are not read (see [`SourceRole`]).
    pub fn new(catalog: &'a Catalog, names: FieldNames, role: SourceRole) -> Known<'a> {
        Known {
            units: catalog.units.iter().map(|u| u.id.as_str()).collect(),
            occupations: catalog
                .occupations
                .iter()
                .map(|o| o.code.as_str())
                .collect(),
            systems: catalog.systems.iter().map(|s| s.code.as_str()).collect(),
            courses: catalog
                .courses
                .iter()
                .map(|c| (c.code.as_str(), c))
                .collect(),
            names,
            role,
            people: People::default(),
            n_terminable: 0,
            as_of: None,
        }
    }

    /// These, for a snapshot of `day` (its export day): evidence dated after it is refused.
    /// Without it, only evidence dated before 1900 is.
    pub fn with_as_of(mut self, day: NaiveDate) -> Known<'a> {
        self.as_of = Some(day);
        self
    }

    /// The registry holds `employee_no`, as `entry` says.
    pub fn register(&mut self, employee_no: &str, entry: IndexEntry) {
        // The people a full snapshot can terminate: active, or hired to start later.
        self.n_terminable += usize::from(entry.active || entry.planned);
        self.people.register(employee_no, entry);
    }

    /// The snapshot has named the person of `record` (at its line): a manager reference may name
    /// them, and a second record of theirs is a duplicate.
    pub fn see(&mut self, record: &PersonRecord) {
        let seen_at = Slot::line_code(record.location.line);
        match self.people.get_mut(record.employee_no.as_str()) {
            Some(slot) => slot.seen_at = seen_at,
            None => {
                self.people
                    .get_or_insert(&record.employee_no, Slot::unregistered(seen_at));
            }
        }
    }

    /// The source read the people `skipped` but left them out: not absent (so not terminated),
    /// and a manager reference may name them only if the registry holds them. Returns how many
    /// people that is (each counted once).
    pub(super) fn skip(&mut self, skipped: &[String]) -> usize {
        let skipped: BTreeSet<&str> = skipped.iter().map(String::as_str).collect();
        for no in &skipped {
            if let Some(slot) = self.people.get_mut(no)
                && slot.seen_at == NOT_SEEN
                && slot.registered()
            {
                slot.seen_at = SEEN_NO_LINE;
            }
        }
        skipped.len()
    }

    /// The source left out the people `gone` because they left before the registry's
    /// retention cutoff: a manager reference may name them (it names nobody and is dropped).
    pub(super) fn gone(&mut self, gone: &[String]) {
        for no in gone {
            if let Some(slot) = self.people.get_or_insert(no, Slot::unregistered(NOT_SEEN))
                && slot.seen_at == NOT_SEEN
                && !slot.registered()
            {
                slot.seen_at = SEEN_NO_LINE;
            }
        }
    }

    /// What the registry knew of `employee_no`, if it holds them.
    pub(super) fn entry(&self, employee_no: &str) -> Option<&IndexEntry> {
        self.people
            .get(employee_no)
            .and_then(|s| self.people.entry(s))
    }

    /// The merged catalog's courses, by code.
    pub(super) fn courses(&self) -> &FoldMap<&'a str, &'a Course> {
        &self.courses
    }

    /// How many people the registry holds who are active or hired to start later: those a full
    /// snapshot can terminate.
    pub(super) fn n_terminable(&self) -> usize {
        self.n_terminable
    }

    /// The registry's active or planned people the snapshot has not named, sorted.
    pub(super) fn unseen(&self) -> Vec<&str> {
        let mut unseen: Vec<&str> = self
            .people
            .iter()
            .filter(|(_, s)| {
                s.seen_at == NOT_SEEN && self.people.entry(s).is_some_and(|e| e.active || e.planned)
            })
            .map(|(no, _)| no)
            .collect();
        unseen.sort_unstable();
        unseen
    }

    /// What the source may state.
    pub(super) fn role(&self) -> SourceRole {
        self.role
    }

    fn name(&self, field: Field) -> &str {
        self.names.get(field)
    }

    fn owns_people(&self) -> bool {
        self.role == SourceRole::People
    }
}

/// Every problem in one person's record: [`check_identity`], and when that finds none,
/// [`check_references`]. Pure.
///
/// A manager the record names who is not known yet is no problem here: the snapshot may name
/// them later (see [`unknown_managers`] and [`check_managers`]).
pub fn check_person(record: &PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    let problems = check_identity(record, known);
    if !problems.is_empty() {
        return problems;
    }
    check_references(record, known)
}

/// Whether `record` may stand for a person of the snapshot at all: no field holds a national
/// identity number (the registry never stores one, whichever adapter read the record), the
/// employee number is one ([`text::employee_no`]: plain ASCII, so that `100<NUL>24` or
/// full-width digits cannot pass for another person beside 10024), the names are text
/// ([`text::name`]), the email address has the shape of one ([`text::email`]), and the snapshot
/// has not named the person before. A record with such a problem is not checked further, and
/// is not taken as a person of the snapshot.
pub fn check_identity(record: &PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    let national_ids = national_id_fields(record);
    if !national_ids.is_empty() {
        return national_ids
            .into_iter()
            .map(|(location, field)| {
                Problem::new(
                    &location,
                    None,
                    format!(
                        "{field} looks like a national identity number (personnummer, \
                         samordningsnummer, fødselsnummer or D-nummer); the value is not shown \
                         and the registry never stores one: use the employee number"
                    ),
                )
            })
            .collect();
    }
    let problems = check_person_text(record, known);
    if !problems.is_empty() {
        return problems;
    }
    let Some(first_line) = known
        .people
        .get(record.employee_no.as_str())
        .and_then(Slot::seen_line)
    else {
        return Vec::new();
    };
    let first = first_line
        .map(|l| format!(" (first on line {l})"))
        .unwrap_or_default();
    vec![Problem::new(
        &record.location,
        Some(&record.employee_no),
        format!(
            "duplicate {}{first}: each person may appear once",
            known.name(Field::EmployeeNo)
        ),
    )]
}

/// The problems in what `record` refers to: its employments (for a source that owns people:
/// two the same, one that ends before it starts, a person who is their own manager, an unknown
/// unit or occupation) and its evidence (an unknown system or course; for an evidence source
/// see [`leave_out_unknown_evidence`] instead).
///
/// For every source, each evidence record's codes and assessor must be codes
/// ([`text::code`]) and its date neither before 1900 nor after the snapshot's day
/// ([`Known::with_as_of`]); an employment's unit and occupation must be codes and its manager
/// an employee number.
pub fn check_references(record: &PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    let mut problems = check_evidence_values(record, known);
    if !known.owns_people() {
        return problems;
    }
    let mut keys = HashSet::new();
    for e in &record.employments {
        if !keys.insert((e.unit.as_str(), e.occupation.as_str(), e.start)) {
            problems.push(Problem::new(
                &e.location,
                Some(&e.start.to_string()),
                format!(
                    "person {} has two employments in unit {} as {} starting the same day: merge them",
                    record.employee_no, e.unit, e.occupation
                ),
            ));
        }
        if let Some(end) = e.end.filter(|end| *end < e.start) {
            problems.push(Problem::new(
                &e.location,
                Some(&end.to_string()),
                format!("the employment ends before it starts ({})", e.start),
            ));
        }
        if e.manager.as_deref() == Some(record.employee_no.as_str()) {
            problems.push(Problem::new(
                &e.location,
                Some(&record.employee_no),
                format!(
                    "a person cannot be their own manager: correct {}",
                    known.name(Field::Manager)
                ),
            ));
        }
        if let Some(Err(fault)) = e.manager.as_deref().map(text::employee_no) {
            problems.push(fault_problem(
                &e.location,
                e.manager.as_deref(),
                known.name(Field::Manager),
                fault,
            ));
        }
        if let Err(fault) = text::code(&e.unit) {
            problems.push(fault_problem(
                &e.location,
                Some(&e.unit),
                known.name(Field::Unit),
                fault,
            ));
        } else if !known.units.contains(e.unit.as_str()) {
            problems.push(Problem::new(
                &e.location,
                Some(&e.unit),
                unknown(known, "org unit", Field::Units, Field::Unit),
            ));
        }
        if let Err(fault) = text::code(&e.occupation) {
            problems.push(fault_problem(
                &e.location,
                Some(&e.occupation),
                known.name(Field::Occupation),
                fault,
            ));
        } else if !known.occupations.contains(e.occupation.as_str()) {
            problems.push(Problem::new(
                &e.location,
                Some(&e.occupation),
                unknown(known, "occupation", Field::Occupations, Field::Occupation),
            ));
        }
    }
    for (ev, code, message) in unknown_evidence(record, known) {
        problems.push(Problem::new(ev.location(), Some(code), message));
    }
    problems
}

/// The problems in `record`'s own values: its employee number, names and email address.
fn check_person_text(record: &PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let at = &record.location;
    if let Err(fault) = text::employee_no(&record.employee_no) {
        problems.push(fault_problem(
            at,
            Some(&record.employee_no),
            known.name(Field::EmployeeNo),
            fault,
        ));
    }
    for (value, field) in [
        (&record.given_name, "the given name"),
        (&record.family_name, "the family name"),
    ] {
        if let Err(fault) = text::name(value) {
            problems.push(fault_problem(at, Some(value), field, fault));
        }
    }
    if let Some(Err(fault)) = record.email.as_deref().map(text::email) {
        problems.push(fault_problem(
            at,
            record.email.as_deref(),
            "the email address",
            fault,
        ));
    }
    problems
}

/// The problems in the values of `record`'s evidence: codes that cannot be codes, an assessor
/// that cannot be a reference, a date before 1900 or after the snapshot's day.
fn check_evidence_values(record: &PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for ev in &record.evidence {
        let at = ev.location();
        let (code, field, day, assessor) = match ev {
            EvidenceRecord::Competence {
                system,
                date,
                assessor,
                ..
            } => (system, Field::System, *date, assessor.as_deref()),
            EvidenceRecord::CourseResult {
                course, completed, ..
            } => (course, Field::Course, *completed, None),
        };
        if let Err(fault) = text::code(code) {
            problems.push(fault_problem(at, Some(code), known.name(field), fault));
        }
        if let Some(Err(fault)) = assessor.map(text::code) {
            problems.push(fault_problem(at, assessor, "the assessor", fault));
        }
        match check_evidence_day(day, known.as_of) {
            Ok(()) => {}
            Err(EvidenceDayFault::TooEarly) => problems.push(Problem::new(
                at,
                Some(&day.to_string()),
                "the date is before 1900: correct it",
            )),
            Err(EvidenceDayFault::AfterLatest) => problems.push(Problem::new(
                at,
                Some(&day.to_string()),
                format!(
                    "the date is after the day of the export ({}): evidence cannot be from the \
                     future; correct it",
                    known.as_of.map(|d| d.to_string()).unwrap_or_default()
                ),
            )),
        }
    }
    problems
}

/// `employee number contains the control character U+0000: remove it`, at `at`, with the value.
fn fault_problem(at: &Location, value: Option<&str>, field: &str, fault: Fault) -> Problem {
    Problem::new(at, value, format!("{field} {fault}"))
}

/// Leaves out of `record` the evidence of an evidence source that names a system or course the
/// catalog lacks, and returns a warning for each: one stale mapping in an LRS must not block
/// everyone's results. (A source that owns people has its catalog wrong: such evidence is a
/// problem, from [`check_references`].)
pub fn leave_out_unknown_evidence(record: &mut PersonRecord, known: &Known<'_>) -> Vec<Problem> {
    if known.owns_people() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    for (i, ev) in record.evidence.iter().enumerate() {
        if let Some((code, message)) = unknown_code(ev, known) {
            warnings.push(Problem::new(
                ev.location(),
                Some(code),
                format!("{message}; the record was left out"),
            ));
            unknown.push(i);
        }
    }
    if !unknown.is_empty() {
        let mut index = 0;
        record.evidence.retain(|_| {
            let keep = !unknown.contains(&index);
            index += 1;
            keep
        });
    }
    warnings
}

/// The managers `record`'s employments name whom `known` does not hold yet (not in the registry,
/// not yet in the snapshot), with where each is named: the snapshot may name them later.
pub fn unknown_managers(record: &PersonRecord, known: &Known<'_>) -> Vec<(String, Location)> {
    if !known.owns_people() {
        return Vec::new();
    }
    record
        .employments
        .iter()
        .filter_map(|e| {
            let m = e.manager.as_deref()?;
            let unknown = m != record.employee_no && !known.people.contains_key(m);
            unknown.then(|| (m.to_string(), e.location.clone()))
        })
        .collect()
}

/// Once the whole snapshot has been read: a problem for each manager reference (from
/// [`unknown_managers`]) that still names nobody in the snapshot (a person the source left out
/// counts only if the registry holds them).
pub fn check_managers(references: Vec<(String, Location)>, known: &Known<'_>) -> Vec<Problem> {
    references
        .into_iter()
        .filter(|(manager, _)| {
            known
                .people
                .get(manager.as_str())
                .is_none_or(|s| s.seen_at == NOT_SEEN)
        })
        .map(|(manager, location)| {
            Problem::new(
                &location,
                Some(&manager),
                format!(
                    "unknown manager: {} names nobody in the file or the registry",
                    known.name(Field::Manager)
                ),
            )
        })
        .collect()
}

/// The evidence of `record` that names a system or course the catalog lacks, with the code and
/// what is wrong.
fn unknown_evidence<'r>(
    record: &'r PersonRecord,
    known: &Known<'_>,
) -> Vec<(&'r EvidenceRecord, &'r str, String)> {
    record
        .evidence
        .iter()
        .filter_map(|ev| unknown_code(ev, known).map(|(code, message)| (ev, code, message)))
        .collect()
}

/// The system or course `ev` names, if the catalog lacks it, and what is wrong. (A value that
/// cannot be a code at all is a problem of its own, from [`check_references`].)
fn unknown_code<'r>(ev: &'r EvidenceRecord, known: &Known<'_>) -> Option<(&'r str, String)> {
    let unknown_system = |s: &str| !known.systems.contains(s) && text::code(s).is_ok();
    let unknown_course = |c: &str| !known.courses.contains_key(c) && text::code(c).is_ok();
    match ev {
        EvidenceRecord::Competence { system, .. } if unknown_system(system) => Some((
            system,
            unknown(known, "system", Field::Systems, Field::System),
        )),
        EvidenceRecord::CourseResult { course, .. } if unknown_course(course) => Some((
            course,
            unknown(known, "course", Field::Courses, Field::Course),
        )),
        _ => None,
    }
}

/// `unknown org unit: add it to OrgUnits or correct unit`, in the source's words.
fn unknown(known: &Known<'_>, what: &str, list: Field, field: Field) -> String {
    format!(
        "unknown {what}: add it to {} or correct {}",
        known.name(list),
        known.name(field)
    )
}
