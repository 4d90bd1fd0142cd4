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

mod records;

use records::{PersonRead, read_header, read_person, scan_person};

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
        if self.mapping.gender.is_some() {
            cursor.derive_gender();
        }
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
            gone: Vec::new(),
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
