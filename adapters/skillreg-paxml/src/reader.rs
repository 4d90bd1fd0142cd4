//! The reader: a [`Snapshot`] over the personnel register of a PAXml file.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use skillreg_core::mapping::Unmapped;
use skillreg_core::privacy::looks_like_national_id;
use skillreg_core::{
    EmploymentRecord, Field, Location, Occupation, OrgUnit, PersonRecord, Problem, Snapshot,
    SnapshotHeader, SnapshotKind, SourceCatalog, SourceEnd,
};

use crate::error::PaxmlError;
use crate::input::Pos;
use crate::mapping::{PaxmlMapping, PaxmlOptions};
use crate::value;
use crate::xml::{Child, Cursor, Fatal, Tag};

/// The value of [`SnapshotHeader::source`] for PAXml files.
pub const SOURCE: &str = "paxml";

/// The root element.
const ROOT: &str = "paxml";

/// What the unmapped-codes problem tells the user to do.
const UNMAPPED_HINT: &str = "add them to the mapping file ([units] for resultatenhet ids of \
                             dimension 1, [occupations] for befattningskod, or befattning where \
                             there is no code), or allow unmapped codes to skip those people";

/// Where the file comes from; each reading opens it anew.
enum Origin {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

/// The raw bytes of one reading.
enum Raw {
    File(File),
    Bytes(io::Cursor<Arc<[u8]>>),
}

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Raw::File(f) => f.read(buf),
            Raw::Bytes(b) => b.read(buf),
        }
    }
}

impl Origin {
    fn open(&self) -> io::Result<Raw> {
        Ok(match self {
            Origin::File(path) => Raw::File(File::open(path)?),
            Origin::Bytes(bytes) => Raw::Bytes(io::Cursor::new(bytes.clone())),
        })
    }
}

/// Reads the personnel register (`personal`) of a PAXml 2.x file as a [`Snapshot`]: a full
/// snapshot of the people in it, with their one employment each.
///
/// The file is read as a stream, in bounded memory, twice: [`Snapshot::catalog`] reads it
/// through to gather the org units and occupations that occur (after the mapping) and
/// [`Snapshot::next_person`] reads it again, one person at a time. The header is read when the
/// reader is made.
///
/// # What is read
/// - `header/version` must be 2.x; `header/datum` gives the day the file describes
///   ([`SnapshotHeader::as_of`]): a time without offset is local time and its day is taken; with
///   an offset (or `Z`) it is converted to the day in Europe/Stockholm.
/// - Per `person`: `anstid` (the employee number, required), `fornamn`, `efternamn`, `epostarb`,
///   `befattningskod` (else `befattning`) through the mapping's `[occupations]`,
///   `resenheter/resenhet[@dim=1]/@id` through `[units]`, `anstdatum`, `avgdatum`, `sysgrad`
///   (rounded to a whole percent) and, if the mapping says where, the manager from
///   `persontexter/text`.
/// - A person with `delete="true"` has left: they are not handed over, and the sync ends their
///   employment as for anyone absent from a full snapshot.
/// - Nothing else is read: `persnr` (a personal identity number) is passed over undecoded and
///   never appears in a record, a problem or a log; pay, tax, bank, address and phone elements
///   are skipped unread. An `anstid` or manager value that looks like a personnummer (see
///   [`skillreg_core::privacy::looks_like_national_id`]) is refused with a problem that does not
///   show it.
///
/// # One employment per person element
/// PAXml gives each `person` element one employment (each field appears once). A person with
/// two employments appears only if the payroll system writes two `person` elements, and then
/// with two different `anstid`: the registry sees two employees, one per employee number. The
/// reader does not guess that they are the same person.
///
/// # Problems
/// Problems name file, line, column, element and value. Codes the mapping file lacks are
/// gathered over the whole file and reported after the last person as one problem listing them
/// all, unless [`PaxmlOptions::allow_unmapped`] is set: those people are then skipped, each
/// with a warning, and listed in [`SourceEnd::skipped`] so that they are not taken as gone.
pub struct PaxmlReader {
    origin: Origin,
    file: Arc<str>,
    mapping: PaxmlMapping,
    options: PaxmlOptions,
    header: SnapshotHeader,
    catalog_read: bool,
    /// Problems of the catalog reading, when `next_person` came first.
    pending: Vec<Problem>,
    pass: Option<Pass>,
    /// No more people: the end was reached or the file cannot be read on.
    done: bool,
    digest: Option<String>,
    unmapped: Unmapped,
    skipped: Vec<String>,
    warnings: Vec<Problem>,
    /// How problems name the manager: the `persontexter/text` the mapping names.
    manager_field: String,
}

/// The reading that hands over people.
struct Pass {
    cursor: Cursor<Raw>,
    root: Child,
    phase: Phase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Among the root's children.
    Root,
    /// Inside `<personal>`.
    Personal(Child),
}

/// What one step through the people gave.
enum Step {
    Person(Box<PersonRecord>),
    /// The person had problems (they are in the list).
    Rejected,
    /// Deleted, or skipped for unmapped codes.
    Skipped,
    End,
}

/// The org units and occupations that occur, gathered by the first reading.
#[derive(Default)]
struct Scan {
    /// `resultatenhet` of dimension 1: id -> name and where.
    unit_names: HashMap<String, (Option<String>, Location)>,
    /// Registry unit id -> the first outside id mapped to it and where.
    units: BTreeMap<String, (String, Location)>,
    /// Registry occupation code -> the first `befattning` text seen with it and where.
    occupations: BTreeMap<String, (Option<String>, Location)>,
    seen_personal: bool,
}

impl PaxmlReader {
    /// Opens the PAXml file at `path` and reads its header; problems name the path as given.
    ///
    /// Fails if the file cannot be read, is not XML, has another root than `paxml`, a major
    /// version other than 2, or no readable `header/datum`.
    pub fn open(
        path: impl AsRef<Path>,
        mapping: &PaxmlMapping,
        options: PaxmlOptions,
    ) -> Result<PaxmlReader, PaxmlError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        PaxmlReader::start(Origin::File(path.to_path_buf()), &name, mapping, options)
    }

    /// Reads the header of the PAXml file in `bytes`; problems name the file `name`. The bytes
    /// are kept for the second reading (see [`PaxmlReader`]): for a large register, prefer
    /// [`PaxmlReader::open`], which reads the file from disk each time.
    pub fn from_bytes(
        bytes: Vec<u8>,
        name: &str,
        mapping: &PaxmlMapping,
        options: PaxmlOptions,
    ) -> Result<PaxmlReader, PaxmlError> {
        PaxmlReader::start(Origin::Bytes(Arc::from(bytes)), name, mapping, options)
    }

    fn start(
        origin: Origin,
        name: &str,
        mapping: &PaxmlMapping,
        options: PaxmlOptions,
    ) -> Result<PaxmlReader, PaxmlError> {
        let file: Arc<str> = Arc::from(name);
        let raw = origin.open().map_err(|source| PaxmlError::Open {
            path: name.to_string(),
            source,
        })?;
        let mut cursor = Cursor::new(raw, file.clone());
        let (exported_at, as_of) = read_header(&mut cursor)?;
        let manager_field = match &mapping.manager {
            Some(rule) => format!("<text id=\"{}\">", rule.persontext),
            None => Field::Manager.neutral_name().to_string(),
        };
        Ok(PaxmlReader {
            origin,
            file,
            mapping: mapping.clone(),
            options,
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of,
                exported_at,
                kind: SnapshotKind::Full,
            },
            catalog_read: false,
            pending: Vec::new(),
            pass: None,
            done: false,
            digest: None,
            unmapped: Unmapped::default(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            manager_field,
        })
    }

    /// The location of the file as a whole.
    fn file_location(&self) -> Location {
        Location {
            file: Some(self.file.clone()),
            ..Location::default()
        }
    }

    /// A new reading of the file, positioned inside the root element.
    fn open_pass(&self) -> Result<(Cursor<Raw>, Child), Fatal> {
        let raw = self.origin.open().map_err(|e| {
            Box::new(Problem::new(
                &self.file_location(),
                None,
                format!("cannot read the file: {e}"),
            ))
        })?;
        let mut cursor = Cursor::new(raw, self.file.clone());
        match cursor.root() {
            Ok(root) => Ok((cursor, root.element)),
            Err(err) => Err(Box::new(err.problem().cloned().unwrap_or_else(|| {
                Problem::new(&self.file_location(), None, err.to_string())
            }))),
        }
    }

    /// The first reading: the org units and occupations that occur.
    fn scan(&mut self, problems: &mut Vec<Problem>) -> Result<Scan, Fatal> {
        let (mut cursor, root) = self.open_pass()?;
        let mut scan = Scan::default();
        // Problems inside people are reported by the second reading.
        let mut later = Vec::new();
        while let Some(child) = cursor.child_of(&root, problems)? {
            match child.tag {
                Tag::Resultatenheter => {
                    while let Some(item) = cursor.child_of(&child, problems)? {
                        if item.tag != Tag::Resultatenhet {
                            cursor.skip(&item)?;
                            continue;
                        }
                        let (dim, id, name) =
                            (cursor.attr("dim"), cursor.attr("id"), cursor.attr("namn"));
                        let deleted = cursor
                            .attr("delete")
                            .is_some_and(|d| value::boolean("delete", &d) == Ok(true));
                        cursor.skip(&item)?;
                        let dim = dim.and_then(|d| d.parse::<u32>().ok());
                        if let (Some(1), Some(id), false) = (dim, id, deleted) {
                            let location = cursor.location(item.pos, Tag::Resultatenhet.as_str());
                            scan.unit_names.entry(id).or_insert((name, location));
                        }
                    }
                }
                Tag::Personal => {
                    scan.seen_personal = true;
                    while let Some(item) = cursor.child_of(&child, &mut later)? {
                        if item.tag == Tag::Person {
                            later.clear();
                            scan_person(&mut cursor, item, &self.mapping, &mut scan, &mut later)?;
                        } else {
                            cursor.skip(&item)?;
                        }
                    }
                }
                _ => cursor.skip(&child)?,
            }
        }
        problems.extend(cursor.finish());
        if let (Some(label), Some(seen)) = (cursor.declared_single_byte(), cursor.utf8_seen()) {
            let location = Location {
                file: Some(self.file.clone()),
                line: Some(seen.pos.line),
                column: Some(seen.pos.column),
                element: None,
            };
            let meant = seen.meant();
            let as_read = cursor.decode_lossy(seen.bytes.get(..seen.len).unwrap_or_default());
            return Err(Box::new(Problem::new(
                &location,
                Some(&as_read),
                format!(
                    "the file declares {label} but its bytes look UTF-8 (\"{as_read}\" is the \
                     UTF-8 encoding of \"{meant}\"): the names would be stored garbled; have \
                     the file exported again, or change its XML declaration to \
                     encoding=\"UTF-8\" if the whole file is UTF-8"
                ),
            )));
        }
        if !scan.seen_personal {
            problems.push(Problem::new(
                &cursor.location(root.pos, ROOT),
                None,
                "the file has no <personal> section: it is not a personnel register (the sync \
                 would take everyone as gone); export the personnel register (REGISTER)",
            ));
        }
        self.digest = cursor.digest();
        Ok(scan)
    }

    fn build_catalog(scan: Scan, out: &mut SourceCatalog) {
        for (id, (outside, location)) in scan.units {
            let (name, location) = match scan.unit_names.get(&outside) {
                Some((Some(name), at)) => (name.clone(), at.clone()),
                Some((None, at)) => (id.clone(), at.clone()),
                None => (id.clone(), location),
            };
            out.catalog.units.push(OrgUnit {
                id,
                name,
                parent: None,
            });
            out.locations.units.push(location);
        }
        for (code, (title, location)) in scan.occupations {
            let name = title.unwrap_or_else(|| code.clone());
            out.catalog.occupations.push(Occupation { code, name });
            out.locations.occupations.push(location);
        }
    }

    /// One step through the people.
    fn step(&mut self, problems: &mut Vec<Problem>) -> Result<Step, Fatal> {
        if self.pass.is_none() {
            let (cursor, root) = self.open_pass()?;
            let phase = Phase::Root;
            self.pass = Some(Pass {
                cursor,
                root,
                phase,
            });
        }
        let Some(pass) = self.pass.as_mut() else {
            return Ok(Step::End);
        };
        loop {
            match pass.phase {
                Phase::Root => {
                    // Problems outside people were reported by the first reading.
                    let mut scratch = Vec::new();
                    match pass.cursor.child_of(&pass.root, &mut scratch)? {
                        None => return Ok(Step::End),
                        Some(child) if child.tag == Tag::Personal => {
                            if !child.empty {
                                pass.phase = Phase::Personal(child);
                            }
                        }
                        Some(child) => pass.cursor.skip(&child)?,
                    }
                }
                Phase::Personal(personal) => match pass.cursor.child_of(&personal, problems)? {
                    None => pass.phase = Phase::Root,
                    Some(child) if child.tag == Tag::Person => {
                        let n_problems = problems.len();
                        let read = read_person(&mut pass.cursor, child, &self.mapping, problems)?;
                        let PersonRead::Person {
                            record,
                            employee_no,
                            location,
                            unmapped,
                        } = read
                        else {
                            return Ok(Step::Skipped);
                        };
                        for (kind, code, at) in &unmapped {
                            self.unmapped.note(kind, code, at);
                        }
                        if problems.len() > n_problems {
                            return Ok(Step::Rejected);
                        }
                        if !unmapped.is_empty() {
                            if self.options.allow_unmapped
                                && let Some(no) = employee_no
                            {
                                let list: Vec<String> = unmapped
                                    .iter()
                                    .map(|(kind, code, _)| format!("{kind} {code}"))
                                    .collect();
                                self.warnings.push(Problem::new(
                                    &location,
                                    Some(&no),
                                    format!(
                                        "person {no} was skipped: the mapping file does not \
                                             know {}",
                                        list.join(", ")
                                    ),
                                ));
                                self.skipped.push(no);
                            }
                            return Ok(Step::Skipped);
                        }
                        return Ok(match record {
                            Some(record) => Step::Person(record),
                            None => Step::Rejected,
                        });
                    }
                    Some(child) => pass.cursor.skip(&child)?,
                },
            }
        }
    }

    /// After the last person: the file must not have changed since the first reading, and
    /// unmapped codes are one problem (unless allowed).
    fn end(&mut self, problems: &mut Vec<Problem>) {
        if let Some(mut pass) = self.pass.take() {
            let _ = pass.cursor.finish();
            let digest = pass.cursor.digest();
            if digest != self.digest {
                problems.push(Problem::new(
                    &self.file_location(),
                    None,
                    "the file changed while it was being read: run the sync again once the \
                     export is complete",
                ));
            }
            self.digest = digest;
        }
        if !self.options.allow_unmapped
            && let Some(problem) = self.unmapped.problem(&self.file_location(), UNMAPPED_HINT)
        {
            problems.push(problem);
        }
        self.done = true;
    }

    /// After a fatal problem: no more people.
    fn fail(&mut self) {
        if let Some(mut pass) = self.pass.take() {
            let _ = pass.cursor.drain();
        }
        self.done = true;
    }
}

impl std::fmt::Debug for PaxmlReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaxmlReader")
            .field("file", &self.file)
            .field("header", &self.header)
            .field("options", &self.options)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Snapshot for PaxmlReader {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        let mut out = SourceCatalog {
            names_if_new: true,
            ..SourceCatalog::default()
        };
        let mut problems = Vec::new();
        if self.catalog_read {
            return (out, problems);
        }
        self.catalog_read = true;
        match self.scan(&mut problems) {
            Ok(scan) => PaxmlReader::build_catalog(scan, &mut out),
            Err(fatal) => {
                problems.push(*fatal);
                self.done = true;
            }
        }
        (out, problems)
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        if !self.catalog_read {
            let (_, problems) = self.catalog();
            self.pending.extend(problems);
        }
        if !self.pending.is_empty() {
            return Err(std::mem::take(&mut self.pending));
        }
        if self.done {
            return Ok(None);
        }
        let mut problems = Vec::new();
        loop {
            match self.step(&mut problems) {
                Ok(Step::Person(person)) => return Ok(Some(*person)),
                Ok(Step::Rejected) => return Err(problems),
                Ok(Step::Skipped) => {
                    if !problems.is_empty() {
                        return Err(problems);
                    }
                }
                Ok(Step::End) => {
                    self.end(&mut problems);
                    return if problems.is_empty() {
                        Ok(None)
                    } else {
                        Err(problems)
                    };
                }
                Err(fatal) => {
                    problems.push(*fatal);
                    self.fail();
                    return Err(problems);
                }
            }
        }
    }

    fn digest(&self) -> Option<String> {
        self.digest.clone()
    }

    fn finish(&mut self) -> SourceEnd {
        SourceEnd {
            warnings: std::mem::take(&mut self.warnings),
            skipped: std::mem::take(&mut self.skipped),
            watermark: None,
        }
    }

    /// The attribute or element of a `person` as the file has it.
    fn field_name(&self, field: Field) -> &str {
        match field {
            Field::EmployeeNo => "anstid",
            Field::Manager => &self.manager_field,
            Field::Unit => "<resenhet dim=\"1\">",
            Field::Occupation => "<befattningskod>",
            _ => field.neutral_name(),
        }
    }
}

/// Reads the root and the header: `(datum as written, the day it is in)`.
fn read_header<R: Read>(cursor: &mut Cursor<R>) -> Result<(String, chrono::NaiveDate), PaxmlError> {
    let root = cursor.root()?;
    if root.name != ROOT {
        return Err(PaxmlError::WrongRoot(Box::new(Problem::new(
            &root.location,
            Some(&root.name),
            format!("the root element must be <{ROOT}>: this is not a PAXml file"),
        ))));
    }
    let fatal = |cursor: &Cursor<R>, problem: Fatal| {
        if cursor.io_error() {
            PaxmlError::Read(problem)
        } else {
            PaxmlError::Malformed(problem)
        }
    };
    // Problems in the text of other header elements do not matter.
    let mut scratch = Vec::new();
    let header = loop {
        match cursor.child_of(&root.element, &mut scratch) {
            Err(problem) => return Err(fatal(cursor, problem)),
            Ok(None) => {
                return Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
                    &root.location,
                    None,
                    "the file has no <header>: a PAXml file starts with a <header> holding \
                     <version> and <datum>",
                ))));
            }
            Ok(Some(child)) if child.tag == Tag::Header => break child,
            Ok(Some(child)) => cursor.skip(&child).map_err(|p| fatal(cursor, p))?,
        }
    };
    let mut version = None;
    let mut datum = None;
    loop {
        let child = match cursor.child_of(&header, &mut scratch) {
            Err(problem) => return Err(fatal(cursor, problem)),
            Ok(None) => break,
            Ok(Some(child)) => child,
        };
        let slot = match child.tag {
            Tag::Version => &mut version,
            Tag::Datum => &mut datum,
            _ => {
                cursor.skip(&child).map_err(|p| fatal(cursor, p))?;
                continue;
            }
        };
        let text = cursor
            .text(&child, &mut scratch)
            .map_err(|p| fatal(cursor, p))?;
        let location = cursor.location(child.pos, child.tag.as_str());
        slot.get_or_insert((text, location));
    }
    let header_location = cursor.location(header.pos, Tag::Header.as_str());
    let Some((version, at)) = version.filter(|(v, _)| !v.is_empty()) else {
        return Err(PaxmlError::UnsupportedVersion(Box::new(Problem::new(
            &header_location,
            None,
            "the header has no <version>: it is required (the PAXml version, e.g. 2.0)",
        ))));
    };
    if let Err(message) = value::version(&version) {
        return Err(PaxmlError::UnsupportedVersion(Box::new(Problem::new(
            &at,
            Some(&version),
            message,
        ))));
    }
    let Some((datum, at)) = datum.filter(|(d, _)| !d.is_empty()) else {
        return Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
            &header_location,
            None,
            "the header has no <datum>: it is required here (when the file was made, e.g. \
             2026-11-20T01:30:00), as the day by which ended employments are judged",
        ))));
    };
    match value::timestamp("datum", &datum) {
        Ok(day) => Ok((datum, day)),
        Err(message) => Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
            &at,
            Some(&datum),
            message,
        )))),
    }
}

/// Whether the last child (a `person`) says `delete="true"`; a bad value is not a deletion.
fn is_deleted<R: Read>(cursor: &mut Cursor<R>) -> (bool, Option<String>) {
    let delete = cursor.attr("delete");
    let deleted = delete
        .as_deref()
        .is_some_and(|d| value::boolean("delete", d) == Ok(true));
    (deleted, delete)
}

/// Notes the org unit and occupation of one person for the catalog (first reading).
fn scan_person<R: Read>(
    cursor: &mut Cursor<R>,
    person: Child,
    mapping: &PaxmlMapping,
    scan: &mut Scan,
    scratch: &mut Vec<Problem>,
) -> Result<(), Fatal> {
    if is_deleted(cursor).0 {
        return cursor.skip(&person);
    }
    let mut code: Option<(String, Pos)> = None;
    let mut title: Option<(String, Pos)> = None;
    let mut unit: Option<(String, Pos)> = None;
    while let Some(item) = cursor.child_of(&person, scratch)? {
        match item.tag {
            Tag::Befattningskod | Tag::Befattning => {
                let text = cursor.text(&item, scratch)?;
                let slot = if item.tag == Tag::Befattningskod {
                    &mut code
                } else {
                    &mut title
                };
                if slot.is_none() && !text.is_empty() {
                    *slot = Some((text, item.pos));
                }
            }
            Tag::Resenheter => {
                while let Some(r) = cursor.child_of(&item, scratch)? {
                    let dim = cursor.attr("dim");
                    let id = cursor.attr("id");
                    cursor.skip(&r)?;
                    if r.tag == Tag::Resenhet
                        && unit.is_none()
                        && dim.and_then(|d| d.parse::<u32>().ok()) == Some(1)
                        && let Some(id) = id
                    {
                        unit = Some((id, r.pos));
                    }
                }
            }
            _ => cursor.skip(&item)?,
        }
    }
    let occupation = match (&code, &title) {
        (Some((code, pos)), _) => mapping
            .occupations
            .get(code)
            .map(|o| (o, *pos, Tag::Befattningskod)),
        (None, Some((title, pos))) => mapping
            .occupations
            .get(title)
            .map(|o| (o, *pos, Tag::Befattning)),
        (None, None) => None,
    };
    if let Some((occupation, pos, tag)) = occupation {
        let entry = scan
            .occupations
            .entry(occupation.to_string())
            .or_insert_with(|| (None, cursor.location(pos, tag.as_str())));
        if entry.0.is_none() {
            entry.0 = title.map(|(t, _)| t);
        }
    }
    if let Some((id, pos)) = unit
        && let Some(to) = mapping.units.get(&id)
    {
        scan.units
            .entry(to.to_string())
            .or_insert_with(|| (id, cursor.location(pos, Tag::Resenhet.as_str())));
    }
    Ok(())
}

/// One `person` element as read.
enum PersonRead {
    /// `delete="true"`.
    Deleted,
    Person {
        /// `None` if a required field is missing or bad (the problems say which) or a code is
        /// unmapped.
        record: Option<Box<PersonRecord>>,
        employee_no: Option<String>,
        location: Location,
        /// Codes the mapping lacks: kind, code, where.
        unmapped: Vec<(&'static str, String, Location)>,
    },
}

/// The text elements of a person that are read.
const TEXTS: [Tag; 8] = [
    Tag::Fornamn,
    Tag::Efternamn,
    Tag::Epostarb,
    Tag::Befattning,
    Tag::Befattningskod,
    Tag::Anstdatum,
    Tag::Avgdatum,
    Tag::Sysgrad,
];

/// Reads one `person` (second reading).
fn read_person<R: Read>(
    cursor: &mut Cursor<R>,
    person: Child,
    mapping: &PaxmlMapping,
    problems: &mut Vec<Problem>,
) -> Result<PersonRead, Fatal> {
    let location = cursor.location(person.pos, Tag::Person.as_str());
    let mut employee_no = cursor.attr("anstid");
    let (deleted, delete) = is_deleted(cursor);
    if deleted {
        cursor.skip(&person)?;
        return Ok(PersonRead::Deleted);
    }
    // A payroll export that puts the personnummer in anstid: refused, the value never shown.
    let national_id = employee_no.as_deref().is_some_and(looks_like_national_id);
    if national_id {
        employee_no = None;
        problems.push(Problem::new(
            &location,
            None,
            "anstid looks like a national identity number; the payroll system must export the \
             employee number",
        ));
    }
    let who = match &employee_no {
        Some(no) => format!("person {no}"),
        None => "this person".to_string(),
    };
    if let Some(delete) = delete
        && let Err(message) = value::boolean("delete", &delete)
    {
        problems.push(Problem::new(&location, Some(&delete), message));
    }
    let mut texts: [Option<(String, Pos)>; TEXTS.len()] = Default::default();
    let mut manager: Option<(String, Pos)> = None;
    let mut unit: Option<(String, Pos)> = None;
    while let Some(item) = cursor.child_of(&person, problems)? {
        if let Some(i) = TEXTS.iter().position(|t| *t == item.tag) {
            let text = cursor.text(&item, problems)?;
            let Some(slot) = texts.get_mut(i) else {
                continue;
            };
            if slot.is_some() {
                let element = item.tag.as_str();
                problems.push(Problem::new(
                    &cursor.location(item.pos, element),
                    Some(&text),
                    format!("{who} has more than one <{element}>: keep one"),
                ));
            }
            *slot = (!text.is_empty()).then_some((text, item.pos));
            continue;
        }
        match item.tag {
            Tag::Persontexter => {
                let Some(rule) = &mapping.manager else {
                    cursor.skip(&item)?;
                    continue;
                };
                while let Some(text) = cursor.child_of(&item, problems)? {
                    let id = cursor.attr("id");
                    if text.tag != Tag::Text || id.as_deref() != Some(rule.persontext.trim()) {
                        cursor.skip(&text)?;
                        continue;
                    }
                    let value = cursor.text(&text, problems)?;
                    if looks_like_national_id(&value) {
                        problems.push(Problem::new(
                            &cursor.location(text.pos, Tag::Text.as_str()),
                            None,
                            format!(
                                "{who}: the manager (<text id=\"{}\">) looks like a national \
                                 identity number; the payroll system must export the manager's \
                                 employee number",
                                rule.persontext.trim()
                            ),
                        ));
                        continue;
                    }
                    if manager.is_some() {
                        problems.push(Problem::new(
                            &cursor.location(text.pos, Tag::Text.as_str()),
                            Some(&value),
                            format!(
                                "{who} has more than one <text id=\"{}\"> (the manager): keep one",
                                rule.persontext.trim()
                            ),
                        ));
                    }
                    manager = (!value.is_empty()).then_some((value, text.pos));
                }
            }
            Tag::Resenheter => {
                while let Some(r) = cursor.child_of(&item, problems)? {
                    let dim = cursor.attr("dim");
                    let id = cursor.attr("id");
                    cursor.skip(&r)?;
                    if r.tag != Tag::Resenhet {
                        continue;
                    }
                    let at = cursor.location(r.pos, Tag::Resenhet.as_str());
                    match dim.as_deref().map(|d| (d, d.parse::<u32>().ok())) {
                        None => problems.push(Problem::new(
                            &at,
                            None,
                            "dim is missing: it is required (the dimension, 1 for the cost \
                             centre)",
                        )),
                        Some((d, None)) => problems.push(Problem::new(
                            &at,
                            Some(d),
                            "dim must be a dimension number 1-99",
                        )),
                        Some((_, Some(1))) => match id {
                            None => problems.push(Problem::new(
                                &at,
                                None,
                                "id is missing: it is required (the cost centre)",
                            )),
                            Some(id) if unit.is_some() => problems.push(Problem::new(
                                &at,
                                Some(&id),
                                format!(
                                    "{who} has more than one <resenhet dim=\"1\">: keep one \
                                     (it gives the org unit)"
                                ),
                            )),
                            Some(id) => unit = Some((id, r.pos)),
                        },
                        Some(_) => {}
                    }
                }
            }
            _ => cursor.skip(&item)?,
        }
    }
    let [
        fornamn,
        efternamn,
        epostarb,
        befattning,
        befattningskod,
        anstdatum,
        avgdatum,
        sysgrad,
    ] = texts;
    let missing = |problems: &mut Vec<Problem>, message: String| {
        problems.push(Problem::new(&location, None, message));
    };
    if employee_no.is_none() && !national_id {
        missing(
            problems,
            "this person has no anstid (the employee number): it is required; people are never \
             identified by persnr"
                .to_string(),
        );
    }
    for (value, element) in [(&fornamn, Tag::Fornamn), (&efternamn, Tag::Efternamn)] {
        if value.is_none() {
            missing(
                problems,
                format!(
                    "{who} has no <{}> (or an empty one): it is required",
                    element.as_str()
                ),
            );
        }
    }
    let mut unmapped = Vec::new();
    let occupation = match (&befattningskod, &befattning) {
        (Some((code, pos)), _) => lookup(
            &mapping.occupations,
            "occupation",
            code,
            cursor.location(*pos, Tag::Befattningskod.as_str()),
            &mut unmapped,
        ),
        (None, Some((title, pos))) => lookup(
            &mapping.occupations,
            "occupation title",
            title,
            cursor.location(*pos, Tag::Befattning.as_str()),
            &mut unmapped,
        ),
        (None, None) => {
            missing(
                problems,
                format!(
                    "{who} has neither <befattningskod> nor <befattning>: one of them is required \
                     (it gives the occupation)"
                ),
            );
            None
        }
    };
    let unit = match &unit {
        Some((id, pos)) => lookup(
            &mapping.units,
            "unit",
            id,
            cursor.location(*pos, Tag::Resenhet.as_str()),
            &mut unmapped,
        ),
        None => {
            missing(
                problems,
                format!(
                    "{who} has no <resenhet dim=\"1\"> in <resenheter>: it is required (the cost \
                     centre gives the org unit)"
                ),
            );
            None
        }
    };
    let mut parsed = |field: &Option<(String, Pos)>, tag: Tag, parse: fn(&str, &str) -> _| {
        let (text, pos) = field.as_ref()?;
        match parse(tag.as_str(), text) {
            Ok(value) => Some(value),
            Err(message) => {
                problems.push(Problem::new(
                    &cursor.location(*pos, tag.as_str()),
                    Some(text),
                    message,
                ));
                None
            }
        }
    };
    let start = parsed(&anstdatum, Tag::Anstdatum, value::date);
    let end = parsed(&avgdatum, Tag::Avgdatum, value::date);
    let percent = match &sysgrad {
        Some((text, pos)) => match value::percent(Tag::Sysgrad.as_str(), text) {
            Ok(p) => Some(p),
            Err(message) => {
                problems.push(Problem::new(
                    &cursor.location(*pos, Tag::Sysgrad.as_str()),
                    Some(text),
                    message,
                ));
                None
            }
        },
        None => None,
    };
    if anstdatum.is_none() {
        missing(
            problems,
            format!("{who} has no <anstdatum>: it is required (the first day of the employment)"),
        );
    }
    let record = (|| {
        let employment = EmploymentRecord {
            unit: unit?,
            occupation: occupation?,
            percent,
            start: start?,
            end,
            manager: manager.map(|(m, _)| m),
            primary: true,
            location: location.clone(),
        };
        Some(Box::new(PersonRecord {
            employee_no: employee_no.clone()?,
            given_name: fornamn?.0,
            family_name: efternamn?.0,
            email: epostarb.map(|(e, _)| e),
            employments: vec![employment],
            evidence: Vec::new(),
            location: location.clone(),
        }))
    })();
    Ok(PersonRead::Person {
        record,
        employee_no,
        location,
        unmapped,
    })
}

/// The registry code for `code`, or `None` with the code noted as unmapped.
fn lookup(
    map: &skillreg_core::mapping::CodeMap,
    kind: &'static str,
    code: &str,
    at: Location,
    unmapped: &mut Vec<(&'static str, String, Location)>,
) -> Option<String> {
    let found = map.get(code).map(str::to_string);
    if found.is_none() {
        unmapped.push((kind, code.to_string(), at));
    }
    found
}
