//! The export reader: a [`Snapshot`] over a WLX export file, read as a stream.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use skillreg_core::{
    Course, EmploymentRecord, EvidenceRecord, Field, Location, Occupation, OrgUnit, PersonRecord,
    Problem, Requirement, Snapshot, SnapshotHeader, SnapshotKind, SourceCatalog, System,
};

use crate::error::WlxError;
use crate::value::{self, Fields};
use crate::xml::{Attrs, Child, Cursor, Fatal, Tag};

/// The value of [`SnapshotHeader::source`] for WLX exports.
pub const SOURCE: &str = "wlx";

/// The root element of an export.
const ROOT: &str = "WinlasExport";

/// Reads a WLX export as a stream: the header when constructed, the catalog sections in
/// [`Snapshot::catalog`], then one person per [`Snapshot::next_person`].
///
/// Memory stays bounded whatever the size of the file: no document tree is built and people are
/// handed over one at a time. The blake3 digest of the input is computed while reading and is
/// available from [`Snapshot::digest`] once the last person has been read.
///
/// Problems in records (a level of 7, a date that does not parse, a missing attribute) are
/// reported with file, line, column, element and value, and reading goes on; after XML that is
/// not well-formed, the problem is reported and the reader ends.
///
/// The header's `as_of` is the day of `exportedAt` in Europe/Stockholm, by which the registry
/// judges terminations: a timestamp with another offset is converted (`2026-11-19T23:30:00Z`
/// is 2026-11-20 there), one without an offset is Stockholm time already. `exported_at` is the
/// timestamp as written.
pub struct WlxReader<R> {
    cursor: Cursor<R>,
    buf: Vec<u8>,
    header: SnapshotHeader,
    root_location: Location,
    root_open: bool,
    phase: Phase,
    seen_persons: bool,
    /// Problems found by reading the catalog when `next_person` came first.
    pending: Vec<Problem>,
    /// The evidence of the person being read, gathered here and handed over in a vector of its
    /// own at the end. That one (large) allocation then comes after the many small ones of the
    /// person's records; made first, it costs several times more with some allocators (glibc's
    /// sorts out the small blocks the previous person left behind, when they could have been
    /// reused as they are).
    evidence: Vec<EvidenceRecord>,
    digest: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the catalog sections.
    Catalog,
    /// Inside `<Persons>`.
    Persons,
    /// Inside the root, after a `<Persons>` section.
    AfterPersons,
    /// The root element has ended (or the file is broken).
    Done,
}

/// What one step through the persons gave.
enum Step {
    Person(Box<PersonRecord>),
    Rejected,
    End,
}

impl WlxReader<BufReader<File>> {
    /// Opens the export at `path`; problems name the path as given.
    pub fn open(path: impl AsRef<Path>) -> Result<WlxReader<BufReader<File>>, WlxError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| WlxError::Open {
            path: name.clone(),
            source,
        })?;
        WlxReader::with_file_name(BufReader::with_capacity(1 << 16, file), name)
    }
}

impl<R: BufRead> WlxReader<R> {
    /// Reads the header of the export in `input`. Problems have no file name.
    pub fn new(input: R) -> Result<WlxReader<R>, WlxError> {
        WlxReader::start(input, None)
    }

    /// Reads the header of the export in `input`; problems name `file_name`.
    pub fn with_file_name(
        input: R,
        file_name: impl Into<String>,
    ) -> Result<WlxReader<R>, WlxError> {
        WlxReader::start(input, Some(file_name.into()))
    }

    fn start(input: R, file: Option<String>) -> Result<WlxReader<R>, WlxError> {
        let mut cursor = Cursor::new(input, file);
        let mut buf = Vec::new();
        let root = cursor.root(&mut buf)?;
        if root.name != ROOT {
            let hint = if root.name == crate::return_file::ROOT {
                "this is a WLX return file, not an export"
            } else {
                "this is not a WLX export"
            };
            return Err(WlxError::WrongRoot(Box::new(Problem::new(
                &root.location,
                Some(&root.name),
                format!("the root element must be <{ROOT}>: {hint}"),
            ))));
        }
        let mut attrs = root.attrs;
        let location = root.location;
        value::root_required(
            &mut attrs,
            &location,
            "formatVersion",
            "the WLX version, e.g. 1.2",
            value::format_version,
            WlxError::UnsupportedVersion,
        )?;
        let (exported_at, as_of) = value::root_required(
            &mut attrs,
            &location,
            "exportedAt",
            "when the file was exported, e.g. 2026-11-20T02:00:00+01:00",
            value::timestamp,
            WlxError::InvalidHeader,
        )?;
        let kind = value::root_optional(
            &mut attrs,
            &location,
            "kind",
            value::kind,
            WlxError::InvalidHeader,
        )?
        .map_or(SnapshotKind::Full, |(_, kind)| kind);
        Ok(WlxReader {
            cursor,
            buf,
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of,
                exported_at,
                kind,
            },
            root_location: location,
            root_open: !root.empty,
            phase: Phase::Catalog,
            seen_persons: false,
            pending: Vec::new(),
            evidence: Vec::new(),
            digest: None,
        })
    }

    /// Reads the catalog sections up to `<Persons>` (or the end of the root).
    fn read_catalog(
        &mut self,
        out: &mut SourceCatalog,
        problems: &mut Vec<Problem>,
    ) -> Result<(), Fatal> {
        if !self.root_open {
            self.end_of_root(problems);
            return Ok(());
        }
        let (catalog, locations) = (&mut out.catalog, &mut out.locations);
        while let Some(child) = self.cursor.next_child(&mut self.buf, problems)? {
            match child.tag {
                Tag::OrgUnits => self.section(
                    &child,
                    Tag::OrgUnit,
                    org_unit,
                    &mut catalog.units,
                    &mut locations.units,
                    problems,
                )?,
                Tag::Occupations => self.section(
                    &child,
                    Tag::Occupation,
                    occupation,
                    &mut catalog.occupations,
                    &mut locations.occupations,
                    problems,
                )?,
                Tag::Systems => self.systems(
                    &child,
                    &mut catalog.systems,
                    &mut locations.systems,
                    problems,
                )?,
                Tag::Requirements => self.section(
                    &child,
                    Tag::Requirement,
                    requirement,
                    &mut catalog.requirements,
                    &mut locations.requirements,
                    problems,
                )?,
                Tag::Courses => self.section(
                    &child,
                    Tag::Course,
                    course,
                    &mut catalog.courses,
                    &mut locations.courses,
                    problems,
                )?,
                Tag::Persons => {
                    self.seen_persons = true;
                    self.phase = if child.empty {
                        Phase::AfterPersons
                    } else {
                        Phase::Persons
                    };
                    return Ok(());
                }
                _ => self.cursor.skip(&mut self.buf, &child)?,
            }
        }
        self.end_of_root(problems);
        Ok(())
    }

    /// The next child of `parent`, `None` at its end (at once if it is empty).
    fn child_of(
        &mut self,
        parent: &Child,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Child>, Fatal> {
        if parent.empty {
            return Ok(None);
        }
        self.cursor.next_child(&mut self.buf, problems)
    }

    /// Reads a catalog section of elements named `item` (their content, if any, is skipped).
    fn section<T>(
        &mut self,
        section: &Child,
        item: Tag,
        parse: fn(&mut Attrs, &Location, &mut Vec<Problem>) -> Option<T>,
        items: &mut Vec<T>,
        locations: &mut Vec<Location>,
        problems: &mut Vec<Problem>,
    ) -> Result<(), Fatal> {
        while let Some(child) = self.child_of(section, problems)? {
            self.cursor.skip(&mut self.buf, &child)?;
            if child.tag == item {
                let location = self.cursor.location(child.pos, item.as_str());
                if let Some(value) = parse(self.cursor.attrs(), &location, problems) {
                    items.push(value);
                    locations.push(location);
                }
            }
        }
        Ok(())
    }

    /// Reads `<Systems>`: each system with its `<Level>` descriptions.
    fn systems(
        &mut self,
        section: &Child,
        systems: &mut Vec<System>,
        locations: &mut Vec<Location>,
        problems: &mut Vec<Problem>,
    ) -> Result<(), Fatal> {
        while let Some(child) = self.child_of(section, problems)? {
            if child.tag != Tag::System {
                self.cursor.skip(&mut self.buf, &child)?;
                continue;
            }
            let location = self.cursor.location(child.pos, Tag::System.as_str());
            let mut attrs = self.cursor.take_attrs();
            let n_problems = problems.len();
            let mut descriptions: [Option<String>; 4] = Default::default();
            while let Some(level) = self.child_of(&child, problems)? {
                if level.tag != Tag::Level {
                    self.cursor.skip(&mut self.buf, &level)?;
                    continue;
                }
                let text = self.cursor.text(&mut self.buf, &level, problems)?;
                let level_location = self.cursor.location(level.pos, Tag::Level.as_str());
                let mut fields = Fields::new(self.cursor.attrs(), &level_location, problems);
                let value = fields.required_with("value", "the level 1-4 described", value::level);
                let Some(value) = value else { continue };
                let slot = &mut descriptions[usize::from(value.number() - 1)];
                if slot.is_some() {
                    problems.push(Problem::new(
                        &level_location,
                        Some(&value.to_string()),
                        "this level is described twice in the system: keep one <Level>",
                    ));
                }
                *slot = (!text.is_empty()).then_some(text);
            }
            let mut fields = Fields::new(&mut attrs, &location, problems);
            let code = fields.required("code", "the system code");
            let name = fields.required("name", "the system's name");
            let vendor = fields.optional("vendor");
            let (Some(code), Some(name)) = (code, name) else {
                continue;
            };
            if problems.len() == n_problems {
                systems.push(System {
                    code,
                    name,
                    vendor,
                    level_descriptions: descriptions,
                });
                locations.push(location);
            }
        }
        Ok(())
    }

    /// Reads one `<Person>`; `None` if it had problems (they are in `problems`).
    fn person(
        &mut self,
        child: Child,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<PersonRecord>, Fatal> {
        let location = self.cursor.location(child.pos, Tag::Person.as_str());
        let n_problems = problems.len();
        let employee_no = Fields::new(self.cursor.attrs(), &location, problems)
            .required("employeeNo", "the employee number");
        // Who the person is, for messages.
        let who = || person_name(employee_no.as_deref());
        let mut given_name = None;
        let mut family_name = None;
        let mut email = None;
        let mut n_employment_elements = 0usize;
        let mut employments = Vec::new();
        self.evidence.clear();
        while let Some(item) = self.child_of(&child, problems)? {
            let slot = match item.tag {
                Tag::GivenName => Some(&mut given_name),
                Tag::FamilyName => Some(&mut family_name),
                Tag::Email => Some(&mut email),
                _ => None,
            };
            if let Some(slot) = slot {
                let text = self.cursor.text(&mut self.buf, &item, problems)?;
                if slot.is_some() {
                    let element = item.tag.as_str();
                    problems.push(Problem::new(
                        &self.cursor.location(item.pos, element),
                        Some(&text),
                        format!("{} has more than one <{element}>: keep one", who()),
                    ));
                }
                *slot = Some(text).filter(|t| !t.is_empty());
                continue;
            }
            self.cursor.skip(&mut self.buf, &item)?;
            let location = || self.cursor.location(item.pos, item.tag.as_str());
            match item.tag {
                Tag::Employment => {
                    n_employment_elements += 1;
                    let location = location();
                    employments.extend(employment(self.cursor.attrs(), location, problems));
                }
                Tag::Competence => {
                    let location = location();
                    let record = competence(self.cursor.attrs(), location, problems);
                    self.evidence.extend(record);
                }
                Tag::CourseResult => {
                    let location = location();
                    let record = course_result(self.cursor.attrs(), location, problems);
                    self.evidence.extend(record);
                }
                _ => {}
            }
        }
        for (element, value) in [("GivenName", &given_name), ("FamilyName", &family_name)] {
            if value.is_none() {
                problems.push(Problem::new(
                    &location,
                    None,
                    format!(
                        "{} has no {element} (or an empty one): it is required",
                        who()
                    ),
                ));
            }
        }
        if n_employment_elements == 0 {
            problems.push(Problem::new(
                &location,
                None,
                format!("{} has no <Employment>: at least one is required", who()),
            ));
        }
        settle_primary(&mut employments, &who, problems);
        let (Some(employee_no), Some(given_name), Some(family_name)) =
            (employee_no, given_name, family_name)
        else {
            return Ok(None);
        };
        if problems.len() > n_problems {
            return Ok(None);
        }
        let evidence = self.evidence.drain(..).collect();
        Ok(Some(PersonRecord {
            employee_no,
            given_name,
            family_name,
            email,
            gender: None,
            employments,
            evidence,
            location,
        }))
    }

    /// One step through the people.
    fn step(&mut self, problems: &mut Vec<Problem>) -> Result<Step, Fatal> {
        loop {
            match self.phase {
                Phase::Catalog | Phase::Done => return Ok(Step::End),
                Phase::Persons => match self.cursor.next_child(&mut self.buf, problems)? {
                    None => self.phase = Phase::AfterPersons,
                    Some(child) if child.tag == Tag::Person => {
                        return Ok(match self.person(child, problems)? {
                            Some(person) => Step::Person(Box::new(person)),
                            None => Step::Rejected,
                        });
                    }
                    Some(child) => self.cursor.skip(&mut self.buf, &child)?,
                },
                Phase::AfterPersons => match self.cursor.next_child(&mut self.buf, problems)? {
                    None => {
                        self.end_of_root(problems);
                        return Ok(if problems.is_empty() {
                            Step::End
                        } else {
                            Step::Rejected
                        });
                    }
                    Some(child) if child.tag == Tag::Persons => {
                        if !child.empty {
                            self.phase = Phase::Persons;
                        }
                    }
                    Some(child) => {
                        self.cursor.skip(&mut self.buf, &child)?;
                        if is_catalog_section(child.tag) {
                            let element = child.tag.as_str();
                            problems.push(Problem::new(
                                &self.cursor.location(child.pos, element),
                                None,
                                format!(
                                    "<{element}> comes after <Persons> and was not read: \
                                     catalog sections must come before <Persons>"
                                ),
                            ));
                            return Ok(Step::Rejected);
                        }
                    }
                },
            }
        }
    }

    /// After the root's end tag: checks there was a `<Persons>` and reads the input through.
    fn end_of_root(&mut self, problems: &mut Vec<Problem>) {
        if !self.seen_persons {
            problems.push(Problem::new(
                &self.root_location,
                None,
                "the export has no <Persons> section: it is required, even if empty",
            ));
        }
        problems.extend(self.cursor.finish(&mut self.buf, ROOT));
        self.done();
    }

    /// After a fatal problem: reads the input through so the digest covers it, and ends. (A read
    /// error while doing so is not reported: the reading has failed already.)
    fn fail(&mut self) {
        let _ = self.cursor.drain();
        self.done();
    }

    fn done(&mut self) {
        self.phase = Phase::Done;
        self.digest = self.cursor.digest();
        self.buf = Vec::new();
    }
}

impl<R> std::fmt::Debug for WlxReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WlxReader")
            .field("header", &self.header)
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead> Snapshot for WlxReader<R> {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        let mut out = SourceCatalog::default();
        let mut problems = Vec::new();
        if self.phase == Phase::Catalog {
            self.phase = Phase::AfterPersons;
            if let Err(fatal) = self.read_catalog(&mut out, &mut problems) {
                problems.push(*fatal);
                self.fail();
            }
        }
        (out, problems)
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        if self.phase == Phase::Catalog {
            let (_, problems) = self.catalog();
            self.pending.extend(problems);
        }
        if !self.pending.is_empty() {
            return Err(std::mem::take(&mut self.pending));
        }
        let mut problems = Vec::new();
        match self.step(&mut problems) {
            Ok(Step::Person(person)) if problems.is_empty() => Ok(Some(*person)),
            Ok(Step::End) if problems.is_empty() => Ok(None),
            Ok(_) => Err(problems),
            Err(fatal) => {
                problems.push(*fatal);
                self.fail();
                Err(problems)
            }
        }
    }

    fn digest(&self) -> Option<String> {
        self.digest.clone()
    }

    /// The attribute or section as an export spells it.
    fn field_name(&self, field: Field) -> &str {
        match field {
            Field::EmployeeNo => "employeeNo",
            Field::Manager => "managerEmployeeNo",
            Field::Unit => "unit",
            Field::Occupation => "occupation",
            Field::System => "system",
            Field::Course => "course",
            Field::Units => "OrgUnits",
            Field::Occupations => "Occupations",
            Field::Systems => "Systems",
            Field::Courses => "Courses",
            _ => field.neutral_name(),
        }
    }
}

fn is_catalog_section(name: Tag) -> bool {
    matches!(
        name,
        Tag::OrgUnits | Tag::Occupations | Tag::Systems | Tag::Requirements | Tag::Courses
    )
}

/// How messages name a person.
fn person_name(employee_no: Option<&str>) -> String {
    employee_no.map_or_else(|| "this person".to_string(), |no| format!("person {no}"))
}

/// Makes exactly one employment primary: the first if none says so; more than one is a problem.
/// `who` names the person.
fn settle_primary(
    employments: &mut [EmploymentRecord],
    who: &dyn Fn() -> String,
    problems: &mut Vec<Problem>,
) {
    let mut primaries = employments.iter().filter(|e| e.primary);
    match primaries.next() {
        None => {
            if let Some(first) = employments.first_mut() {
                first.primary = true;
            }
        }
        Some(first) => {
            let first_line = first
                .location
                .line
                .map(|line| format!(" (the first is on line {line})"))
                .unwrap_or_default();
            for other in primaries {
                problems.push(Problem::new(
                    &other.location,
                    Some("true"),
                    format!(
                        "{} has more than one primary employment{first_line}: exactly one \
                         <Employment> may say primary=\"true\"",
                        who()
                    ),
                ));
            }
        }
    }
}

fn org_unit(
    attrs: &mut Attrs,
    location: &Location,
    problems: &mut Vec<Problem>,
) -> Option<OrgUnit> {
    let mut f = Fields::new(attrs, location, problems);
    let id = f.required("id", "the org unit id");
    let name = f.required("name", "the org unit's name");
    let parent = f.optional("parent");
    Some(OrgUnit {
        id: id?,
        name: name?,
        parent,
    })
}

fn occupation(
    attrs: &mut Attrs,
    location: &Location,
    problems: &mut Vec<Problem>,
) -> Option<Occupation> {
    let mut f = Fields::new(attrs, location, problems);
    let code = f.required("code", "the occupation code");
    let name = f.required("name", "the occupation's name");
    Some(Occupation {
        code: code?,
        name: name?,
    })
}

fn requirement(
    attrs: &mut Attrs,
    location: &Location,
    problems: &mut Vec<Problem>,
) -> Option<Requirement> {
    let mut f = Fields::new(attrs, location, problems);
    let occupation = f.required("occupation", "an occupation code");
    let system = f.required("system", "a system code");
    let level = f.required_with("level", "the required level 1-4", value::level);
    let unit = f.optional("unit");
    Some(Requirement {
        occupation: occupation?,
        system: system?,
        level: level?,
        unit,
    })
}

fn course(attrs: &mut Attrs, location: &Location, problems: &mut Vec<Problem>) -> Option<Course> {
    let mut f = Fields::new(attrs, location, problems);
    let code = f.required("code", "the course code");
    let name = f.required("name", "the course's name");
    let system = f.required("system", "the system code");
    let grants = f.required_with("grantsLevel", "the level 1-4 it grants", value::level);
    let valid_months = f.optional_with("validMonths", value::months).flatten();
    // Since 1.3: the occupation codes the course is made for, separated by spaces.
    let audience = f
        .optional("audience")
        .map(|a| a.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let ok = f.ok();
    let course = Course {
        code: code?,
        name: name?,
        system: system?,
        grants: grants?,
        valid_months,
        audience,
    };
    ok.then_some(course)
}

fn employment(
    attrs: &mut Attrs,
    location: Location,
    problems: &mut Vec<Problem>,
) -> Option<EmploymentRecord> {
    let mut f = Fields::new(attrs, &location, problems);
    let unit = f.required("unit", "an org unit id");
    let occupation = f.required("occupation", "an occupation code");
    let start = f.required_with("start", "the first day, YYYY-MM-DD", value::date);
    let end = f.optional_with("end", value::date);
    let percent = f.optional_with("percent", value::percent);
    let manager = f.optional("managerEmployeeNo");
    let primary = f.optional_with("primary", value::boolean).unwrap_or(false);
    let ok = f.ok();
    let record = EmploymentRecord {
        unit: unit?,
        occupation: occupation?,
        percent,
        start: start?,
        end,
        manager,
        primary,
        location,
    };
    ok.then_some(record)
}

fn competence(
    attrs: &mut Attrs,
    location: Location,
    problems: &mut Vec<Problem>,
) -> Option<EvidenceRecord> {
    let mut f = Fields::new(attrs, &location, problems);
    let system = f.required("system", "a system code");
    let level = f.required_with("level", "the level 1-4", value::level);
    let source = f.required_with("source", "self, manager or course", value::source);
    let date = f.required_with("date", "the day of the assessment, YYYY-MM-DD", value::date);
    let assessor = f.optional("assessor");
    Some(EvidenceRecord::Competence {
        system: system?,
        level: level?,
        source: source?,
        date: date?,
        assessor,
        location,
    })
}

fn course_result(
    attrs: &mut Attrs,
    location: Location,
    problems: &mut Vec<Problem>,
) -> Option<EvidenceRecord> {
    let mut f = Fields::new(attrs, &location, problems);
    let course = f.required("course", "a course code");
    let completed = f.required_with("completed", "the completion day, YYYY-MM-DD", value::date);
    Some(EvidenceRecord::CourseResult {
        course: course?,
        completed: completed?,
        location,
    })
}
