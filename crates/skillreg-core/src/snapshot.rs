//! What a source (an adapter reading an outside system) hands to the sync engine.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::model::Level;

/// Where in the source something was found: file, line, column, element.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    /// File name (as the user gave it), if the source is a file. Shared: every location of a
    /// file points to the same name.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub file: Option<Arc<str>>,
    /// 1-based line, if known.
    pub line: Option<u64>,
    /// 1-based column, if known.
    pub column: Option<u64>,
    /// Element or record name, e.g. `Employment`.
    pub element: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.to_string());
        }
        if let Some(line) = self.line {
            parts.push(match self.column {
                Some(col) => format!("line {line}, column {col}"),
                None => format!("line {line}"),
            });
        }
        if let Some(element) = &self.element {
            parts.push(format!("<{element}>"));
        }
        if parts.is_empty() {
            write!(f, "(unknown location)")
        } else {
            write!(f, "{}", parts.join(": "))
        }
    }
}

/// One problem in a source: where, what value, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// The offending value, if there is one.
    pub value: Option<String>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(location: &Location, value: Option<&str>, message: impl Into<String>) -> Problem {
        Problem {
            location: location.clone(),
            value: value.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name, a code in the message or the value may hold control characters: none
        // reaches the terminal that prints the problem.
        let location = self.location.to_string();
        write!(
            f,
            "{}: {}",
            crate::text::for_terminal(&location),
            crate::text::for_terminal(&self.message)
        )?;
        if let Some(value) = &self.value {
            write!(f, " (value {})", crate::text::quoted(value))?;
        }
        Ok(())
    }
}

/// The catalog part of a snapshot, with where each item was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCatalog {
    /// The items.
    pub catalog: Catalog,
    /// Locations, parallel to `catalog`'s lists (may be shorter if the source has none).
    pub locations: CatalogLocations,
    /// The source states org units and occupations only so that they exist (a payroll file
    /// knows its cost centres and job titles, not the competence system's names and tree): a
    /// unit or occupation the registry already holds keeps its name and parent.
    pub names_if_new: bool,
}

/// Locations of catalog items, parallel to the lists in [`Catalog`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogLocations {
    /// Parallel to `Catalog::units`.
    pub units: Vec<Location>,
    /// Parallel to `Catalog::occupations`.
    pub occupations: Vec<Location>,
    /// Parallel to `Catalog::systems`.
    pub systems: Vec<Location>,
    /// Parallel to `Catalog::requirements`.
    pub requirements: Vec<Location>,
    /// Parallel to `Catalog::courses`.
    pub courses: Vec<Location>,
    /// Parallel to `Catalog::groups`.
    pub groups: Vec<Location>,
}

/// A full snapshot holds every current person; a delta only changed people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    /// Every current person: people missing from it have left.
    Full,
    /// Only changed people: nobody leaves by being absent.
    Delta,
}

/// Facts about a snapshot as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotHeader {
    /// Which kind of outside system it came from, e.g. `wlx`. Evidence is tagged with it.
    pub source: String,
    /// The day the snapshot describes (the export date); terminations are judged by it.
    pub as_of: NaiveDate,
    /// The export timestamp as written in the source.
    pub exported_at: String,
    /// Full or delta.
    pub kind: SnapshotKind,
}

/// An employment as a source states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmploymentRecord {
    /// Org unit id.
    pub unit: String,
    /// Occupation code.
    pub occupation: String,
    /// Percent 1-100.
    pub percent: Option<u8>,
    /// First day.
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: Option<NaiveDate>,
    /// Manager's employee number.
    pub manager: Option<String>,
    /// Primary employment (the adapter makes sure exactly one is).
    pub primary: bool,
    /// Where it was found.
    #[serde(skip)]
    pub location: Location,
}

/// How a source stated a competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompetenceSource {
    /// Self-assessment.
    #[serde(rename = "self")]
    SelfAssessment,
    /// Manager assessment.
    Manager,
    /// Level granted by a course that is not named.
    Course,
}

/// A piece of evidence as a source states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EvidenceRecord {
    /// A rated level in a system.
    Competence {
        /// System code.
        system: String,
        /// Level.
        level: Level,
        /// Self, manager or course.
        source: CompetenceSource,
        /// Day of the assessment.
        date: NaiveDate,
        /// Who assessed (not checked: may name someone who has left).
        assessor: Option<String>,
        /// Where it was found.
        #[serde(skip)]
        location: Location,
    },
    /// A completed course; the level comes from the course.
    CourseResult {
        /// Course code.
        course: String,
        /// Completion day.
        completed: NaiveDate,
        /// Where it was found.
        #[serde(skip)]
        location: Location,
    },
}

impl EvidenceRecord {
    /// Where it was found.
    pub fn location(&self) -> &Location {
        match self {
            EvidenceRecord::Competence { location, .. }
            | EvidenceRecord::CourseResult { location, .. } => location,
        }
    }
}

/// One person as a source states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    /// The stable key.
    pub employee_no: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Work email.
    pub email: Option<String>,
    /// Gender, only where the source states it and its mapping asks for it (the equality
    /// follow-up); `None` otherwise, which clears what an earlier sync kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<crate::Gender>,
    /// Employments (at least one).
    pub employments: Vec<EmploymentRecord>,
    /// Evidence the source holds.
    pub evidence: Vec<EvidenceRecord>,
    /// Where the person element starts.
    #[serde(skip)]
    pub location: Location,
}

thread_local! {
    /// The bytes of the record being digested, kept between records (no allocation per record).
    static DIGEST_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl PersonRecord {
    /// A digest of everything the record states (not where it was found), to detect "unchanged"
    /// cheaply. Independent of the order of employments and evidence.
    pub fn digest(&self) -> [u8; 16] {
        // The bytes are gathered first and hashed in one call: the same digest as feeding them
        // to a hasher piece by piece (blake3 does not depend on how its input is split), at a
        // fraction of the cost of some fifty small updates per record.
        DIGEST_BUFFER.with_borrow_mut(|h| {
            h.clear();
            self.digest_bytes(h);
            let hash = blake3::hash(h);
            let mut out = [0u8; 16];
            out.copy_from_slice(&hash.as_bytes()[..16]);
            out
        })
    }

    /// The bytes [`PersonRecord::digest`] hashes, appended to `h`.
    fn digest_bytes(&self, h: &mut Vec<u8>) {
        fn field(h: &mut Vec<u8>, s: &str) {
            h.extend_from_slice(&(s.len() as u64).to_le_bytes());
            h.extend_from_slice(s.as_bytes());
        }
        fn opt(h: &mut Vec<u8>, s: Option<&str>) {
            match s {
                Some(s) => {
                    h.push(1);
                    field(h, s);
                }
                None => {
                    h.push(0);
                }
            }
        }
        fn date(h: &mut Vec<u8>, d: Option<NaiveDate>) {
            let n = d.map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d));
            h.extend_from_slice(&n.to_le_bytes());
        }
        field(h, &self.employee_no);
        field(h, &self.given_name);
        field(h, &self.family_name);
        opt(h, self.email.as_deref());
        // Only when stated, so that a record without it keeps the digest it had before.
        if let Some(g) = self.gender {
            h.extend_from_slice(b"G");
            field(h, g.code());
        }
        // Canonical order, so that the same facts in another order give the same digest.
        let mut employments: Vec<&EmploymentRecord> = self.employments.iter().collect();
        employments.sort_by(|a, b| {
            (
                &a.unit,
                &a.occupation,
                a.start,
                a.end,
                a.percent,
                &a.manager,
                a.primary,
            )
                .cmp(&(
                    &b.unit,
                    &b.occupation,
                    b.start,
                    b.end,
                    b.percent,
                    &b.manager,
                    b.primary,
                ))
        });
        let mut evidence: Vec<&EvidenceRecord> = self.evidence.iter().collect();
        evidence.sort_by(|a, b| evidence_order(a).cmp(&evidence_order(b)));
        for e in employments {
            h.extend_from_slice(b"E");
            field(h, &e.unit);
            field(h, &e.occupation);
            h.extend_from_slice(&[
                e.percent.map_or(0, |p| p.saturating_add(1)),
                u8::from(e.primary),
            ]);
            date(h, Some(e.start));
            date(h, e.end);
            opt(h, e.manager.as_deref());
        }
        for e in evidence {
            match e {
                EvidenceRecord::Competence {
                    system,
                    level,
                    source,
                    date: d,
                    assessor,
                    ..
                } => {
                    h.extend_from_slice(&[b'C', level.number(), *source as u8]);
                    field(h, system);
                    date(h, Some(*d));
                    opt(h, assessor.as_deref());
                }
                EvidenceRecord::CourseResult {
                    course, completed, ..
                } => {
                    h.extend_from_slice(b"R");
                    field(h, course);
                    date(h, Some(*completed));
                }
            }
        }
    }
}

/// A borrowed sort key for evidence records (no allocation).
type EvidenceOrder<'a> = (u8, &'a str, u8, u8, NaiveDate, Option<&'a str>);

fn evidence_order(e: &EvidenceRecord) -> EvidenceOrder<'_> {
    match e {
        EvidenceRecord::Competence {
            system,
            level,
            source,
            date,
            assessor,
            ..
        } => (
            0,
            system,
            level.number(),
            *source as u8,
            *date,
            assessor.as_deref(),
        ),
        EvidenceRecord::CourseResult {
            course, completed, ..
        } => (1, course, 0, 0, *completed, None),
    }
}

/// A field of a source's records that the sync engine checks and names in its problems.
///
/// Each source spells its fields in its own words (a WLX export says `managerEmployeeNo`, a CSV
/// file has a column `Chef anst.nr`, a SCIM service the enterprise attribute `manager`): the
/// adapter says how through [`Snapshot::field_name`], so that a problem points at what the user
/// can see and correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Field {
    /// A person's employee number.
    EmployeeNo,
    /// An employment's manager (the manager's employee number).
    Manager,
    /// An employment's org unit.
    Unit,
    /// An employment's occupation.
    Occupation,
    /// A competence record's system.
    System,
    /// A course result's course.
    Course,
    /// Where the source states its org units.
    Units,
    /// Where the source states its occupations.
    Occupations,
    /// Where the source states its systems.
    Systems,
    /// Where the source states its courses.
    Courses,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 10] = [
        Field::EmployeeNo,
        Field::Manager,
        Field::Unit,
        Field::Occupation,
        Field::System,
        Field::Course,
        Field::Units,
        Field::Occupations,
        Field::Systems,
        Field::Courses,
    ];

    /// How a source that does not say otherwise names the field, as a message uses it:
    /// `employee number` ("duplicate employee number"), `the manager` ("correct the manager"),
    /// `the org units` ("add it to the org units") ...
    pub fn neutral_name(self) -> &'static str {
        match self {
            Field::EmployeeNo => "employee number",
            Field::Manager => "the manager",
            Field::Unit => "the unit",
            Field::Occupation => "the occupation",
            Field::System => "the system",
            Field::Course => "the course",
            Field::Units => "the org units",
            Field::Occupations => "the occupations",
            Field::Systems => "the systems",
            Field::Courses => "the courses",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How one source names each [`Field`], kept for the length of a sync (the engine reads them
/// from the [`Snapshot`] once, before the first person).
///
/// ```
/// use skillreg_core::{Field, FieldNames};
///
/// let names = FieldNames::default().with(Field::Manager, "column \"Chef anst.nr\"");
/// assert_eq!(names.get(Field::Manager), "column \"Chef anst.nr\"");
/// assert_eq!(names.get(Field::Unit), "the unit");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    names: [String; Field::ALL.len()],
}

impl Default for FieldNames {
    /// The neutral names ([`Field::neutral_name`]).
    fn default() -> Self {
        FieldNames {
            names: Field::ALL.map(|f| f.neutral_name().to_string()),
        }
    }
}

impl FieldNames {
    /// The names `source` gives its fields.
    pub fn of<S: Snapshot + ?Sized>(source: &S) -> FieldNames {
        FieldNames {
            names: Field::ALL.map(|f| source.field_name(f).to_string()),
        }
    }

    /// These names, with `field` named `name`.
    pub fn with(mut self, field: Field, name: impl Into<String>) -> FieldNames {
        if let Some(slot) = self.names.get_mut(field.index()) {
            *slot = name.into();
        }
        self
    }

    /// How the source names `field`.
    pub fn get(&self, field: Field) -> &str {
        self.names
            .get(field.index())
            .map_or(field.neutral_name(), String::as_str)
    }
}

/// A source of one snapshot: the header, then the catalog, then people one at a time.
///
/// Adapters implement this over their outside format; the sync engine consumes it. Problems in
/// the source's own syntax (a bad date, a level of 7) are the adapter's to report, with
/// locations; references between records are checked by the engine.
pub trait Snapshot {
    /// Facts about the snapshot.
    fn header(&self) -> &SnapshotHeader;

    /// The catalog part (org units, occupations, systems, requirements, courses). Called once,
    /// before the first person. Problems found are returned alongside what could be read.
    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>);

    /// The next person, `Ok(None)` at the end. An `Err` is a problem in one person's record;
    /// the engine keeps reading to report more problems. A problem after which the source cannot
    /// go on (broken XML) is returned as `Err` and then `Ok(None)`.
    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>>;

    /// A digest of the whole input (e.g. the file's blake3), known once it has been read through.
    fn digest(&self) -> Option<String> {
        None
    }

    /// How the source spells `field`, for the engine's problems: an attribute, element, column
    /// or mapping key the user can find and correct. The default is [`Field::neutral_name`].
    fn field_name(&self, field: Field) -> &str {
        field.neutral_name()
    }

    /// What the source has to say once every person has been read: warnings, people it read but
    /// deliberately left out, and a watermark to resume from. Called once, after the last person.
    fn finish(&mut self) -> SourceEnd {
        SourceEnd::default()
    }

    /// Takes back a record [`Snapshot::next_person`] handed out, once the engine is done with
    /// it. The default drops it. A snapshot that reads on another thread
    /// ([`ReadAhead`](crate::sync::ReadAhead)) has it dropped there: memory is then freed by
    /// the thread that allocated it, which costs that thread's allocator far less than frees
    /// from elsewhere. A wrapper around another snapshot passes it on.
    fn give_back(&mut self, record: PersonRecord) {
        drop(record);
    }
}

/// What a source reports besides people, once it has been read through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceEnd {
    /// Things the source read but left out, with where and why (statements that map to no
    /// person, people skipped for unmapped codes ...). They do not stop the sync.
    pub warnings: Vec<Problem>,
    /// Employee numbers the source holds but deliberately left out: they are neither changed
    /// nor taken as absent from a full snapshot.
    pub skipped: Vec<String>,
    /// Employee numbers left out because the person left so long ago that the registry keeps
    /// nothing about them (before its retention cutoff). A manager reference to one of them is
    /// no problem: it names nobody and is dropped (by the store that left them out).
    #[serde(default)]
    pub gone: Vec<String>,
    /// Where to resume next time, recorded with the sync in the same transaction.
    pub watermark: Option<Watermark>,
}

/// A position in an outside system to resume from (e.g. the `stored` time of the last xAPI
/// statement read), kept per `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Watermark {
    /// Which source and stream, e.g. `xapi http://lrs.example/xAPI`.
    pub key: String,
    /// The position, in the source's own terms.
    pub value: String,
}
