//! The reader: a [`Snapshot`] over one CSV file held in memory, its rows grouped by employee
//! number.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use csv::ByteRecord;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use skillreg_core::limits;
use skillreg_core::mapping::Unmapped;
use skillreg_core::{
    EmploymentRecord, FieldNames, Location, Occupation, OrgUnit, PersonRecord, Problem, Snapshot,
    SnapshotHeader, SnapshotKind, SourceCatalog,
};

use crate::error::CsvError;
use crate::mapping::{CsvMapping, Field};
use crate::row::{Columns, Pos, Row};

/// The value of [`SnapshotHeader::source`] for HR CSV files.
pub const SOURCE: &str = "csv";

/// At most this many problems are kept; the rest are counted and reported as one.
const MAX_PROBLEMS: usize = 1000;

/// No next row.
const NONE: usize = usize::MAX;

/// Reads an HR CSV export (one row per employment) as a [`Snapshot`], through a
/// [`CsvMapping`].
///
/// The whole file is held in memory, since the rows of one person need not be next to each
/// other and the catalog (the org units and occupations that occur) must be known before the
/// first person. It is read twice: when the reader is made, for the employee number, unit and
/// occupation of each row (what is kept per row is where it is, a few dozen bytes); then person
/// by person, each person's rows read again and turned into a record as it is handed over.
///
/// # Data minimisation
/// Only the columns named in the mapping are read: the others (a personnummer, a salary, an
/// address) are split off by the CSV parser and never decoded, kept or reported. The employee
/// number and manager columns are checked for values that look like a Swedish personnummer or a
/// Norwegian fødselsnummer (valid check digits): such a row is refused with a problem that does
/// not repeat the value.
///
/// # What it yields
/// - Header: source `csv`, `as_of` as the caller gives it (a CSV file has no export date),
///   `exported_at` the same day as text, kind [`SnapshotKind::Full`].
/// - Catalog: the org units and occupations that occur (after the code tables), named from the
///   `unit_name` / `occupation_name` columns if mapped, else by their code in the file; stated
///   with `names_if_new`, so that names the registry holds are kept.
/// - People, in the order of their first row. A person's first row is the primary employment
///   unless a `primary` column says otherwise; names and email must agree between the rows.
/// - Problems name the file, the row as a spreadsheet numbers it (the header is row 1) and the
///   column's header. When a quoted field above holds a line break, so that the row number and
///   the line in a text editor differ, the message says both: `row 6 (line 8 in a text editor)`.
/// - Codes the `[units]` or `[occupations]` table lacks are reported at the end as one problem.
///
/// Encodings: what the mapping names; else UTF-8 if the file has a UTF-8 byte order mark or is
/// valid UTF-8, UTF-16 if it has a UTF-16 byte order mark (Excel's "Unicode text"), else
/// windows-1252.
pub struct CsvReader {
    header: SnapshotHeader,
    catalog: Option<SourceCatalog>,
    columns: Columns,
    csv: csv::Reader<Cursor<Vec<u8>>>,
    record: ByteRecord,
    /// Every row that belongs to a person, linked per person.
    rows: Vec<RowRef>,
    people: Vec<PersonRef>,
    /// People and problems in the order of their first row.
    order: std::vec::IntoIter<Slot>,
    /// The problem listing the codes the mapping's tables lack, reported after the last person.
    unmapped: Option<Problem>,
    n_problems: usize,
    n_unlisted: usize,
    digest: String,
    /// The columns the engine's problems name, as the mapping names them.
    names: FieldNames,
}

/// Where one row of a person is, and the person's next row.
#[derive(Debug, Clone, Copy)]
struct RowRef {
    /// Where the parser started reading it.
    byte: u64,
    pos: Pos,
    next: usize,
}

/// A person's rows.
#[derive(Debug, Clone, Copy)]
struct PersonRef {
    first: usize,
    last: usize,
    /// A row names a unit or occupation the mapping's tables lack: the person is left out (the
    /// codes are reported together at the end).
    unmapped: bool,
}

/// One person's or one row's place in the file.
#[derive(Debug)]
enum Slot {
    /// The person at this index of `people`.
    Person(usize),
    /// Problems in a row that belongs to no person (no usable employee number, ragged).
    Problems(Vec<Problem>),
}

impl CsvReader {
    /// Reads the CSV file at `path` through `mapping`, as of `as_of`; problems name the path
    /// as given.
    pub fn open(
        path: impl AsRef<Path>,
        mapping: &CsvMapping,
        as_of: NaiveDate,
    ) -> Result<CsvReader, CsvError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let utf16 = mapping
            .encoding()
            .is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
        let bytes = std::fs::File::open(path)
            .and_then(|file| read_bounded(file, utf16))
            .map_err(|source| CsvError::Open {
                path: name.clone(),
                source,
            })?;
        CsvReader::from_bytes(bytes, &name, mapping, as_of)
    }

    /// Reads the CSV file in `bytes` through `mapping`, as of `as_of`; problems name the file
    /// `name`.
    pub fn from_bytes(
        bytes: Vec<u8>,
        name: &str,
        mapping: &CsvMapping,
        as_of: NaiveDate,
    ) -> Result<CsvReader, CsvError> {
        let digest = blake3::hash(&bytes).to_hex().to_string();
        let (encoding, body) = prepare(bytes, mapping.encoding());
        let file: Arc<str> = Arc::from(name);
        let at_file = Location {
            file: Some(file.clone()),
            ..Location::default()
        };
        let header_error = |line: Option<u64>, message: String| {
            let at = Location {
                line,
                ..at_file.clone()
            };
            CsvError::Header(Box::new(Problem::new(&at, None, message)))
        };
        let delimiter = match mapping.delimiter() {
            Some(d) => d,
            None => detect_delimiter(&body).map_err(|message| header_error(None, message))?,
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(body));
        let mut record = ByteRecord::new();
        let mut lines = Lines::default();
        let header_pos = loop {
            let read = csv.read_byte_record(&mut record);
            let (_, pos) = lines.locate(&csv, &record);
            match read {
                Ok(true) if !is_blank(&record) => break pos,
                Ok(true) => {}
                Ok(false) => {
                    return Err(header_error(
                        None,
                        "the file is empty: its first line must name the columns".to_string(),
                    ));
                }
                Err(e) => {
                    return Err(header_error(
                        Some(pos.row),
                        format!("the header cannot be read: {e}"),
                    ));
                }
            }
        };
        let columns = Columns::new(mapping, file, encoding, &record, header_pos)?;
        let mut reader = CsvReader {
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of,
                exported_at: as_of.to_string(),
                kind: SnapshotKind::Full,
            },
            catalog: None,
            columns,
            csv,
            record,
            rows: Vec::new(),
            people: Vec::new(),
            order: Vec::new().into_iter(),
            unmapped: None,
            n_problems: 0,
            n_unlisted: 0,
            digest,
            names: field_names(mapping),
        };
        reader.index(lines);
        Ok(reader)
    }

    /// The first reading: finds each person's rows, the catalog and the unmapped codes, and
    /// reports the rows that belong to no person.
    fn index(&mut self, mut lines: Lines) {
        let mut order = Vec::new();
        let mut index: HashMap<Box<str>, usize> = HashMap::new();
        let mut units = Seen::default();
        let mut occupations = Seen::default();
        let mut unmapped = Unmapped::default();
        let mut record = std::mem::take(&mut self.record);
        loop {
            let read = self.csv.read_byte_record(&mut record);
            let (byte, pos) = lines.locate(&self.csv, &record);
            match read {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let message = format!("the file cannot be read on: {e}");
                    let problem = self.columns.problem(pos, None, None, message);
                    order.push(Slot::Problems(self.keep(vec![problem])));
                    break;
                }
            }
            if is_blank(&record) {
                continue;
            }
            if record.len() != self.columns.len() {
                let message = format!(
                    "this row has {} fields where the header has {}: check the delimiter and \
                     the quotes in this row",
                    record.len(),
                    self.columns.len()
                );
                let problem = self.columns.problem(pos, None, None, message);
                order.push(Slot::Problems(self.keep(vec![problem])));
                continue;
            }
            let (row, problems) = self.columns.read(pos, &record);
            let mut row_unmapped = false;
            for (field, name, seen, kind) in [
                (Field::Unit, Field::UnitName, &mut units, "unit"),
                (
                    Field::Occupation,
                    Field::OccupationName,
                    &mut occupations,
                    "occupation",
                ),
            ] {
                let Some(code) = row.get(field) else { continue };
                let at = self.columns.location(pos, Some(field));
                match self.columns.registry_code(field, code) {
                    Some(id) => seen.note(id, code, row.get(name), at),
                    None => {
                        unmapped.note(kind, code, &at);
                        row_unmapped = true;
                    }
                }
            }
            let Some(employee_no) = row.employee_no() else {
                order.push(Slot::Problems(self.keep(problems)));
                continue;
            };
            // The row's problems are found again when the person is read.
            let i = self.rows.len();
            self.rows.push(RowRef {
                byte,
                pos,
                next: NONE,
            });
            match index.get(employee_no) {
                Some(&p) => {
                    if let Some(person) = self.people.get_mut(p) {
                        if let Some(last) = self.rows.get_mut(person.last) {
                            last.next = i;
                        }
                        person.last = i;
                        person.unmapped |= row_unmapped;
                    }
                }
                None => {
                    index.insert(employee_no.into(), self.people.len());
                    order.push(Slot::Person(self.people.len()));
                    self.people.push(PersonRef {
                        first: i,
                        last: i,
                        unmapped: row_unmapped,
                    });
                }
            }
        }
        self.record = record;
        self.order = order.into_iter();
        let mut catalog = SourceCatalog {
            names_if_new: true,
            ..SourceCatalog::default()
        };
        for (id, name) in units.items {
            catalog.catalog.units.push(OrgUnit {
                id,
                name,
                parent: None,
            });
        }
        catalog.locations.units = units.locations;
        for (code, name) in occupations.items {
            catalog.catalog.occupations.push(Occupation { code, name });
        }
        catalog.locations.occupations = occupations.locations;
        self.catalog = Some(catalog);
        let mapping = self.columns.mapping();
        let tables = match (mapping.units(), mapping.occupations()) {
            (Some(_), Some(_)) => "[units] or [occupations]",
            (Some(_), None) => "[units]",
            _ => "[occupations]",
        };
        let hint = format!("add them to {tables} in {}", mapping.name());
        self.unmapped = unmapped.problem(&self.columns.file(), &hint);
    }

    /// Keeps `problems` up to the limit, counting the rest.
    fn keep(&mut self, mut problems: Vec<Problem>) -> Vec<Problem> {
        let room = MAX_PROBLEMS.saturating_sub(self.n_problems);
        if problems.len() > room {
            self.n_unlisted += problems.len() - room;
            problems.truncate(room);
        }
        self.n_problems += problems.len();
        problems
    }

    /// The second reading of one person's rows: the record, or the problems in it; `Ok(None)`
    /// for a person left out without a problem of their own (unmapped codes, or problems over
    /// the limit).
    fn person(&mut self, person: PersonRef) -> Result<Option<PersonRecord>, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut names: [Option<(String, u64)>; 4] = Default::default();
        let mut gender = None;
        let mut employments = Vec::new();
        let mut employee_no = String::new();
        let mut location = Location::default();
        let mut record = std::mem::take(&mut self.record);
        let mut next = person.first;
        while let Some(&RowRef {
            byte,
            pos,
            next: after,
        }) = self.rows.get(next)
        {
            next = after;
            let mut at = csv::Position::new();
            at.set_byte(byte);
            let read = self
                .csv
                .seek(at)
                .and_then(|()| self.csv.read_byte_record(&mut record));
            if let Err(e) = read {
                let message = format!("the row cannot be read again: {e}");
                problems.push(self.columns.problem(pos, None, None, message));
                continue;
            }
            let (row, row_problems) = self.columns.read(pos, &record);
            let clean = row_problems.is_empty();
            problems.extend(row_problems);
            if employee_no.is_empty() {
                employee_no = row.employee_no().unwrap_or_default().to_string();
                location = self.columns.location(pos, None);
            }
            self.agree(pos, &row, &employee_no, &mut names, &mut problems);
            gender = gender.or(row.gender);
            let unit = row.get(Field::Unit);
            let unit = unit.and_then(|c| self.columns.registry_code(Field::Unit, c));
            let occupation = row.get(Field::Occupation);
            let occupation =
                occupation.and_then(|c| self.columns.registry_code(Field::Occupation, c));
            if let (true, Some(unit), Some(occupation), Some(start)) =
                (clean, unit, occupation, row.start)
            {
                employments.push(EmploymentRecord {
                    unit: unit.to_string(),
                    occupation: occupation.to_string(),
                    percent: row.percent,
                    start,
                    end: row.end,
                    manager: row.get(Field::Manager).map(str::to_string),
                    primary: row.primary,
                    location: self.columns.location(pos, None),
                });
            }
        }
        self.record = record;
        if problems.is_empty() {
            problems = self.settle_primary(&employee_no, &mut employments);
        }
        if !problems.is_empty() {
            let problems = self.keep(problems);
            return if problems.is_empty() {
                Ok(None)
            } else {
                Err(problems)
            };
        }
        if person.unmapped {
            return Ok(None);
        }
        let [given_name, family_name, email, _] = names.map(|n| n.map(|(text, _)| text));
        Ok(Some(PersonRecord {
            employee_no,
            given_name: given_name.unwrap_or_default(),
            family_name: family_name.unwrap_or_default(),
            email,
            gender,
            employments,
            evidence: Vec::new(),
            location,
        }))
    }

    /// Checks that the names and email in `row` agree with the ones earlier rows gave (kept in
    /// `names` with the row they came from), and notes the ones first given here.
    fn agree(
        &self,
        pos: Pos,
        row: &Row<'_>,
        employee_no: &str,
        names: &mut [Option<(String, u64)>; 4],
        problems: &mut Vec<Problem>,
    ) {
        let fields = [
            Field::GivenName,
            Field::FamilyName,
            Field::Email,
            Field::Gender,
        ];
        for (slot, field) in names.iter_mut().zip(fields) {
            let Some(value) = row.get(field) else {
                continue;
            };
            let Some((have, first_row)) = slot else {
                *slot = Some((value.to_string(), pos.row));
                continue;
            };
            // Email addresses are the same in any case.
            let agree =
                have == value || (field == Field::Email && have.eq_ignore_ascii_case(value));
            if !agree {
                problems.push(self.columns.problem(
                    pos,
                    Some(field),
                    Some(value),
                    format!(
                        "{} differs from row {first_row} ({have:?}): the rows of person \
                         {employee_no} must agree",
                        field.key()
                    ),
                ));
            }
        }
    }

    /// Makes exactly one employment primary: the first if no row says so; more than one is a
    /// problem.
    fn settle_primary(
        &self,
        employee_no: &str,
        employments: &mut [EmploymentRecord],
    ) -> Vec<Problem> {
        let mut primaries = employments.iter().filter(|e| e.primary);
        let Some(first) = primaries.next() else {
            if let Some(first) = employments.first_mut() {
                first.primary = true;
            }
            return Vec::new();
        };
        let first_row = first.location.line.unwrap_or_default();
        let column = self.columns.mapping().column(Field::Primary);
        let column = column.unwrap_or_default();
        primaries
            .map(|other| {
                let row = other.location.line.unwrap_or_default();
                let pos = Pos { row, line: row };
                self.columns.problem(
                    pos,
                    Some(Field::Primary),
                    None,
                    format!(
                        "person {employee_no} has more than one primary employment (the first \
                         is on row {first_row}): exactly one row may say so in column \
                         {column:?}"
                    ),
                )
            })
            .collect()
    }
}

/// Shows the header and counts only: the file's bytes hold columns that are not to be read.
impl std::fmt::Debug for CsvReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvReader")
            .field("header", &self.header)
            .field("n_people", &self.people.len())
            .field("n_rows", &self.rows.len())
            .finish_non_exhaustive()
    }
}

impl Snapshot for CsvReader {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        (self.catalog.take().unwrap_or_default(), Vec::new())
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        while let Some(slot) = self.order.next() {
            match slot {
                Slot::Problems(problems) if !problems.is_empty() => return Err(problems),
                Slot::Problems(_) => {}
                Slot::Person(i) => {
                    let Some(&person) = self.people.get(i) else {
                        continue;
                    };
                    if let Some(record) = self.person(person)? {
                        return Ok(Some(record));
                    }
                }
            }
        }
        let mut end: Vec<Problem> = self.unmapped.take().into_iter().collect();
        if self.n_unlisted > 0 {
            end.push(Problem::new(
                &self.columns.file(),
                None,
                format!(
                    "{} more problem(s) were found and not listed: correct the ones listed and \
                     read the file again",
                    self.n_unlisted
                ),
            ));
            self.n_unlisted = 0;
        }
        if end.is_empty() { Ok(None) } else { Err(end) }
    }

    fn digest(&self) -> Option<String> {
        Some(self.digest.clone())
    }

    fn field_name(&self, field: skillreg_core::Field) -> &str {
        self.names.get(field)
    }
}

/// The fields the engine checks by the columns `mapping` puts them in: `column "Chef anst.nr"`.
fn field_names(mapping: &CsvMapping) -> FieldNames {
    use skillreg_core::Field as Checked;
    [
        (Checked::EmployeeNo, Field::EmployeeNo),
        (Checked::Manager, Field::Manager),
        (Checked::Unit, Field::Unit),
        (Checked::Occupation, Field::Occupation),
    ]
    .into_iter()
    .fold(
        FieldNames::default(),
        |names, (checked, field)| match mapping.column(field) {
            Some(column) => names.with(checked, format!("column {column:?}")),
            None => names,
        },
    )
}

/// Counts lines as records are read. (The parser's own positions point before the line break,
/// and any blank lines, that precede a record.)
#[derive(Debug, Default)]
struct Lines {
    /// A byte up to which lines have been counted, and the line it is on (0: not started).
    counted: (usize, u64),
    /// Line breaks inside quoted fields so far: the rows are that many fewer than the lines.
    inside: u64,
}

impl Lines {
    /// Where the parser started reading `record`, and where the record is.
    fn locate(&mut self, csv: &csv::Reader<Cursor<Vec<u8>>>, record: &ByteRecord) -> (u64, Pos) {
        let body = csv.get_ref().get_ref();
        let byte = record.position().map_or(0, csv::Position::byte);
        let from = usize::try_from(byte).unwrap_or(usize::MAX);
        let start = body
            .get(from..)
            .and_then(|rest| rest.iter().position(|b| !matches!(b, b'\r' | b'\n')))
            .map_or(body.len(), |i| from + i);
        let (counted, line) = self.counted;
        if let Some(between) = body.get(counted..start) {
            self.counted = (start, line.max(1) + count_newlines(between));
        }
        let line = self.counted.1;
        let pos = Pos {
            row: line.saturating_sub(self.inside).max(1),
            line,
        };
        self.inside += count_newlines(record.as_slice());
        (byte, pos)
    }
}

/// The encoding to decode fields with, and the bytes to parse (without a byte order mark).
/// UTF-16 is turned into UTF-8 first, since the CSV parser works on ASCII-compatible bytes.
/// Without `explicit`: a BOM decides, else valid UTF-8 is UTF-8, else windows-1252.
pub fn prepare(
    mut bytes: Vec<u8>,
    explicit: Option<&'static Encoding>,
) -> (&'static Encoding, Vec<u8>) {
    let utf16 = match explicit {
        Some(e) if e == UTF_16LE || e == UTF_16BE => Some(e),
        Some(_) => None,
        None => Encoding::for_bom(&bytes)
            .map(|(e, _)| e)
            .filter(|e| *e != UTF_8),
    };
    if let Some(e) = utf16 {
        let (text, _) = e.decode_with_bom_removal(&bytes);
        return (UTF_8, text.into_owned().into_bytes());
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let encoding = explicit.unwrap_or_else(|| {
        if bom || std::str::from_utf8(&bytes).is_ok() {
            UTF_8
        } else {
            WINDOWS_1252
        }
    });
    if bom && encoding == UTF_8 {
        bytes.drain(..3);
    }
    (encoding, bytes)
}

/// The bytes of `file`, refused (as a read error naming the byte) at a NUL byte, a line of more
/// than [`limits::MAX_RUN_BYTES`] or more than [`limits::MAX_WHOLE_INPUT_BYTES`] in all, so that
/// a binary file or `/dev/zero` is refused at once and not read into memory. UTF-16 (`utf16`,
/// or a UTF-16 byte order mark) holds NUL bytes: only its size is bounded.
fn read_bounded(file: std::fs::File, utf16: bool) -> std::io::Result<Vec<u8>> {
    use std::io::{BufRead, BufReader, Read};
    let mut input = BufReader::with_capacity(1 << 16, file);
    let head = input.fill_buf()?;
    let utf16 = utf16 || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let cap = limits::MAX_WHOLE_INPUT_BYTES;
    let mut bytes = Vec::new();
    if utf16 {
        input.take(cap + 1).read_to_end(&mut bytes)?;
    } else {
        limits::BoundedInput::new(input, limits::Shape::Lines)
            .take(cap + 1)
            .read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is larger than {cap} bytes: split it, or it is not an HR export"),
        ));
    }
    Ok(bytes)
}

/// The delimiter of the first non-empty line: whichever of `;`, `,` and tab occurs most often
/// outside quotes. A tie or none of them is an error saying so.
pub fn detect_delimiter(body: &[u8]) -> Result<u8, String> {
    const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let start = body
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(body.len());
    for &b in body.get(start..).unwrap_or_default() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b)
                    && let Some(n) = counts.get_mut(i)
                {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    let max = counts.iter().copied().max().unwrap_or(0);
    let name = |d: u8| {
        if d == b'\t' {
            "tab".to_string()
        } else {
            format!("{:?}", char::from(d))
        }
    };
    let mut best = CANDIDATES
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0 && *n == max)
        .map(|(d, _)| *d);
    match (best.next(), best.next()) {
        (Some(one), None) => Ok(one),
        (Some(first), Some(second)) => Err(format!(
            "the header line has as many {} as {}, so the delimiter cannot be told: set [format] \
             delimiter in the mapping file",
            name(first),
            name(second)
        )),
        (None, _) => Err(
            "the header line has no ; , or tab between columns, so the delimiter cannot be \
             told: set [format] delimiter in the mapping file"
                .to_string(),
        ),
    }
}

/// The number of line feeds in `bytes`.
fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// True if every field of the record is empty or blank.
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.trim_ascii().is_empty())
}

/// The org units or occupations met, in the order met: registry code and name, with where each
/// was first met.
#[derive(Default)]
struct Seen {
    /// Registry code -> (index in `items`, named from a name column).
    index: HashMap<String, (usize, bool)>,
    items: Vec<(String, String)>,
    locations: Vec<Location>,
}

impl Seen {
    /// Notes registry code `id`, met as outside `code` named `name` at `at`. The first name
    /// given wins; an item first met without one is named by its outside code until a row
    /// names it.
    fn note(&mut self, id: &str, code: &str, name: Option<&str>, at: Location) {
        match self.index.get_mut(id) {
            Some((i, named)) => {
                if let (false, Some(name)) = (*named, name)
                    && let Some(item) = self.items.get_mut(*i)
                {
                    item.1 = name.to_string();
                    *named = true;
                }
            }
            None => {
                let i = self.items.len();
                self.index.insert(id.to_string(), (i, name.is_some()));
                self.items
                    .push((id.to_string(), name.unwrap_or(code).to_string()));
                self.locations.push(at);
            }
        }
    }
}
