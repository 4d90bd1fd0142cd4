//! The reader: a [`Snapshot`] over one CSV file, read whole and grouped by employee number.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use csv::ByteRecord;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use skillreg_core::mapping::Unmapped;
use skillreg_core::{
    EmploymentRecord, Location, Occupation, OrgUnit, PersonRecord, Problem, Snapshot,
    SnapshotHeader, SnapshotKind, SourceCatalog,
};

use crate::error::CsvError;
use crate::mapping::{CsvMapping, Field};
use crate::value;

/// The value of [`SnapshotHeader::source`] for HR CSV files.
pub const SOURCE: &str = "csv";

/// At most this many problems are kept; the rest are counted and reported as one.
const MAX_PROBLEMS: usize = 1000;

/// Reads an HR CSV export (one row per employment) as a [`Snapshot`], through a
/// [`CsvMapping`].
///
/// The whole file is read and parsed when the reader is made: the rows of one person need not
/// be next to each other, and the catalog (the org units and occupations that occur) must be
/// known before the first person. What is kept per row is only the employment it becomes.
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
/// Encodings: UTF-8 with or without a byte order mark, windows-1252 (the default for a file
/// that is not valid UTF-8), UTF-16 with a byte order mark, or what the mapping names.
#[derive(Debug)]
pub struct CsvReader {
    header: SnapshotHeader,
    catalog: Option<SourceCatalog>,
    /// People and problems in the order of their first row.
    order: std::vec::IntoIter<Slot>,
    people: Vec<Option<Entry>>,
    /// Problems reported after the last person (unmapped codes, problems not listed).
    end: Vec<Problem>,
    digest: String,
}

/// One person's or one row's place in the file.
#[derive(Debug)]
enum Slot {
    /// The person at this index of `people`.
    Person(usize),
    /// Problems in a row that belongs to no person (no usable employee number, ragged).
    Problems(Vec<Problem>),
}

/// A person being gathered from their rows.
#[derive(Debug)]
struct Entry {
    record: PersonRecord,
    /// Problems in the person's rows (kept up to [`MAX_PROBLEMS`] in all).
    problems: Vec<Problem>,
    /// Not to be handed over: a row had problems or unmapped codes.
    rejected: bool,
    /// The rows the given name, family name and email were first read from (0: none yet).
    rows: [u64; 3],
}

/// Where a row is: as a spreadsheet numbers rows, and as a text editor numbers lines.
#[derive(Debug, Clone, Copy)]
struct Pos {
    row: u64,
    line: u64,
}

impl CsvReader {
    /// Reads the CSV file at `path` through `mapping`, as of `as_of`; problems name the path
    /// as given.
    pub fn open(
        path: &Path,
        mapping: &CsvMapping,
        as_of: NaiveDate,
    ) -> Result<CsvReader, CsvError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| CsvError::Open {
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
        let (encoding, body) = prepare(&bytes, mapping.encoding());
        let file: Arc<str> = Arc::from(name);
        let at_file = Location {
            file: Some(file.clone()),
            ..Location::default()
        };
        let delimiter = match mapping.delimiter() {
            Some(d) => d,
            None => detect_delimiter(&body).map_err(|message| {
                CsvError::Header(Box::new(Problem::new(&at_file, None, message)))
            })?,
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&body[..]);
        let mut record = ByteRecord::new();
        // Lines are counted here rather than taken from the parser's positions, which point
        // before the line break (and blank lines) that precede a record.
        let mut newlines = 0u64;
        let mut cursor = (0usize, 1u64);
        let mut next = |csv: &mut csv::Reader<&[u8]>, record: &mut ByteRecord| {
            let read = csv.read_byte_record(record);
            let from = record
                .position()
                .and_then(|p| usize::try_from(p.byte()).ok())
                .unwrap_or(0);
            let start = body
                .get(from..)
                .and_then(|rest| rest.iter().position(|b| !matches!(b, b'\r' | b'\n')))
                .map_or(body.len(), |i| from + i);
            if let Some(skipped) = body.get(cursor.0..start) {
                cursor = (start, cursor.1 + count_newlines(skipped));
            }
            let line = cursor.1;
            let pos = Pos {
                row: line.saturating_sub(newlines).max(1),
                line,
            };
            newlines += count_newlines(record.as_slice());
            (read, pos)
        };
        let header_pos = loop {
            match next(&mut csv, &mut record) {
                (Ok(true), pos) if !is_blank(&record) => break pos,
                (Ok(true), _) => {}
                (Ok(false), _) => {
                    return Err(CsvError::Header(Box::new(Problem::new(
                        &at_file,
                        None,
                        "the file is empty: its first line must name the columns",
                    ))));
                }
                (Err(e), pos) => {
                    let at = Location {
                        line: Some(pos.row),
                        ..at_file
                    };
                    return Err(CsvError::Header(Box::new(Problem::new(
                        &at,
                        None,
                        format!("the header cannot be read: {e}"),
                    ))));
                }
            }
        };
        let mut parser = Parser::new(mapping, file, encoding, &record, header_pos)?;
        loop {
            match next(&mut csv, &mut record) {
                (Ok(true), pos) => parser.row(pos, &record),
                (Ok(false), _) => break,
                (Err(e), pos) => {
                    let at = parser.location(pos, None);
                    let problem =
                        Problem::new(&at, None, format!("the file cannot be read on: {e}"));
                    parser.standalone(vec![problem]);
                    break;
                }
            }
        }
        let (catalog, order, people, end) = parser.finish();
        Ok(CsvReader {
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of,
                exported_at: as_of.to_string(),
                kind: SnapshotKind::Full,
            },
            catalog: Some(catalog),
            order: order.into_iter(),
            people,
            end,
            digest,
        })
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
        for slot in self.order.by_ref() {
            match slot {
                Slot::Problems(problems) if !problems.is_empty() => return Err(problems),
                Slot::Problems(_) => {}
                Slot::Person(i) => {
                    let Some(entry) = self.people.get_mut(i).and_then(Option::take) else {
                        continue;
                    };
                    if !entry.problems.is_empty() {
                        return Err(entry.problems);
                    }
                    if !entry.rejected {
                        return Ok(Some(entry.record));
                    }
                }
            }
        }
        if !self.end.is_empty() {
            return Err(std::mem::take(&mut self.end));
        }
        Ok(None)
    }

    fn digest(&self) -> Option<String> {
        Some(self.digest.clone())
    }
}

/// The encoding to decode fields with, and the bytes to parse (without a byte order mark).
/// UTF-16 is turned into UTF-8 first, since the CSV parser works on ASCII-compatible bytes.
fn prepare<'a>(
    bytes: &'a [u8],
    explicit: Option<&'static Encoding>,
) -> (&'static Encoding, Cow<'a, [u8]>) {
    let utf16 = match explicit {
        Some(e) if e == UTF_16LE || e == UTF_16BE => Some(e),
        Some(_) => None,
        None => Encoding::for_bom(bytes)
            .map(|(e, _)| e)
            .filter(|e| *e != UTF_8),
    };
    if let Some(e) = utf16 {
        let (text, _) = e.decode_with_bom_removal(bytes);
        return (UTF_8, Cow::Owned(text.into_owned().into_bytes()));
    }
    let encoding = explicit.unwrap_or_else(|| {
        if bytes.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            WINDOWS_1252
        }
    });
    let body = if encoding == UTF_8 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    (encoding, Cow::Borrowed(body))
}

/// The delimiter of the first non-empty line: whichever of `;`, `,` and tab occurs most often
/// outside quotes.
fn detect_delimiter(body: &[u8]) -> Result<u8, String> {
    const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let start = body
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(body.len());
    for &b in &body[start..] {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
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
    let best: Vec<u8> = CANDIDATES
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n == max)
        .map(|(d, _)| *d)
        .collect();
    match best.as_slice() {
        _ if max == 0 => Err(
            "the header line has no ; , or tab between columns, so the delimiter cannot be \
             told: set [format] delimiter in the mapping file"
                .to_string(),
        ),
        [one] => Ok(*one),
        several => Err(format!(
            "the header line has as many {} as {}, so the delimiter cannot be told: set [format] \
             delimiter in the mapping file",
            name(several[0]),
            name(several[several.len() - 1])
        )),
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

/// The field `bytes` as text: `None` if they are not valid in `encoding`.
fn decode<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
    if encoding == UTF_8 {
        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
    } else {
        encoding.decode_without_bom_handling_and_without_replacement(bytes)
    }
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

/// The mapped fields of a row, by [`Field::index`]: `None` where empty, `Err` where the bytes
/// are not valid in the file's encoding (reported).
type Values<'r> = [Option<Result<Cow<'r, str>, ()>>; Field::ALL.len()];

/// The state while the rows are read.
struct Parser<'m> {
    mapping: &'m CsvMapping,
    file: Arc<str>,
    encoding: &'static Encoding,
    /// Header names, trimmed.
    headers: Vec<String>,
    /// The index in the row of each [`Field`]'s column.
    columns: [Option<usize>; Field::ALL.len()],
    /// Employee number -> index in `entries`.
    index: HashMap<Box<str>, usize>,
    entries: Vec<Option<Entry>>,
    order: Vec<Slot>,
    /// The org units met.
    units: Seen,
    /// The occupations met.
    occupations: Seen,
    unmapped: Unmapped,
    n_problems: usize,
    n_unlisted: usize,
}

impl<'m> Parser<'m> {
    /// Matches the header to the mapping's columns.
    fn new(
        mapping: &'m CsvMapping,
        file: Arc<str>,
        encoding: &'static Encoding,
        header: &ByteRecord,
        pos: Pos,
    ) -> Result<Parser<'m>, CsvError> {
        let headers: Vec<String> = header
            .iter()
            .map(|h| match decode(encoding, h) {
                Some(text) => text.trim().to_string(),
                None => String::from_utf8_lossy(h).trim().to_string(),
            })
            .collect();
        let lower: Vec<String> = headers.iter().map(|h| h.to_lowercase()).collect();
        let at = Location {
            file: Some(file.clone()),
            line: Some(pos.row),
            column: None,
            element: None,
        };
        let mut columns: [Option<usize>; Field::ALL.len()] = Default::default();
        let mut missing = Vec::new();
        for field in Field::ALL {
            let Some(name) = mapping.column(field) else {
                continue;
            };
            let wanted = name.to_lowercase();
            let found: Vec<usize> = (0..lower.len()).filter(|i| lower[*i] == wanted).collect();
            match found.as_slice() {
                [] => missing.push(format!("{name:?} (mapped to {})", field.key())),
                [one] => columns[field.index()] = Some(*one),
                [first, second, ..] => {
                    return Err(CsvError::Header(Box::new(Problem::new(
                        &at,
                        Some(name),
                        format!(
                            "the header has this column twice (columns {} and {}), so it \
                             cannot be told which holds {}: rename one in the file",
                            first + 1,
                            second + 1,
                            field.key()
                        ),
                    ))));
                }
            }
        }
        if !missing.is_empty() {
            let list: Vec<String> = headers.iter().map(|h| format!("{h:?}")).collect();
            let (noun, names) = match missing.as_slice() {
                [one] => ("column", one.clone()),
                several => ("columns", several.join(", ")),
            };
            return Err(CsvError::Header(Box::new(Problem::new(
                &at,
                None,
                format!(
                    "the header has no {noun} {names}; its columns are {}: correct [columns] in \
                     {} or check the delimiter",
                    list.join(", "),
                    mapping.name()
                ),
            ))));
        }
        Ok(Parser {
            mapping,
            file,
            encoding,
            headers,
            columns,
            index: HashMap::new(),
            entries: Vec::new(),
            order: Vec::new(),
            units: Seen::default(),
            occupations: Seen::default(),
            unmapped: Unmapped::default(),
            n_problems: 0,
            n_unlisted: 0,
        })
    }

    /// The location of `column` (an index in the row) of the row at `pos`.
    fn location(&self, pos: Pos, column: Option<usize>) -> Location {
        Location {
            file: Some(self.file.clone()),
            line: Some(pos.row),
            column: None,
            element: column.and_then(|c| self.headers.get(c)).cloned(),
        }
    }

    /// A problem in `field` of the row at `pos`.
    fn problem(&self, pos: Pos, field: Field, value: Option<&str>, message: String) -> Problem {
        let column = self.columns[field.index()];
        let message = if pos.row == pos.line {
            message
        } else {
            format!(
                "row {} (line {} in a text editor): {message}",
                pos.row, pos.line
            )
        };
        Problem::new(&self.location(pos, column), value, message)
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

    /// Problems in a row that belongs to no person.
    fn standalone(&mut self, problems: Vec<Problem>) {
        let problems = self.keep(problems);
        self.order.push(Slot::Problems(problems));
    }

    /// The mapped fields of `record`, decoded and trimmed; `None` where empty.
    fn values<'r>(
        &self,
        pos: Pos,
        record: &'r ByteRecord,
        problems: &mut Vec<Problem>,
    ) -> Values<'r> {
        let mut values: Values<'r> = Default::default();
        for field in Field::ALL {
            let Some(column) = self.columns[field.index()] else {
                continue;
            };
            let raw = record.get(column).unwrap_or_default().trim_ascii();
            if raw.is_empty() {
                continue;
            }
            let text = match decode(self.encoding, raw) {
                Some(Cow::Borrowed(s)) => Cow::Borrowed(s.trim()),
                Some(Cow::Owned(s)) => Cow::Owned(s.trim().to_string()),
                None => {
                    let shown = String::from_utf8_lossy(raw);
                    problems.push(self.problem(
                        pos,
                        field,
                        Some(&shown),
                        format!(
                            "{} is not valid {}: set [format] encoding in {} to the file's \
                             encoding, e.g. windows-1252",
                            field.key(),
                            self.encoding.name(),
                            self.mapping.name()
                        ),
                    ));
                    values[field.index()] = Some(Err(()));
                    continue;
                }
            };
            if !text.is_empty() {
                values[field.index()] = Some(Ok(text));
            }
        }
        values
    }

    /// `value` (of `field`) parsed by `f`; `None` if empty or bad (reported in `problems`).
    fn parse<T>(
        &self,
        pos: Pos,
        field: Field,
        value: Option<&str>,
        f: fn(&str, &str) -> Result<T, String>,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let value = value?;
        match f(field.key(), value) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                problems.push(self.problem(pos, field, Some(value), message));
                None
            }
        }
    }

    /// Reads one row.
    fn row(&mut self, pos: Pos, record: &ByteRecord) {
        if is_blank(record) {
            return;
        }
        if record.len() != self.headers.len() {
            let message = format!(
                "this row has {} fields where the header has {}: check the delimiter and the \
                 quotes in this row",
                record.len(),
                self.headers.len()
            );
            let message = if pos.row == pos.line {
                message
            } else {
                format!(
                    "row {} (line {} in a text editor): {message}",
                    pos.row, pos.line
                )
            };
            let problem = Problem::new(&self.location(pos, None), None, message);
            self.standalone(vec![problem]);
            return;
        }
        let mut problems = Vec::new();
        let values = self.values(pos, record, &mut problems);
        let get = |field: Field| match &values[field.index()] {
            Some(Ok(text)) => Some(text.as_ref()),
            _ => None,
        };
        let required = |field: Field, problems: &mut Vec<Problem>| {
            let value = get(field);
            if values[field.index()].is_none() {
                problems.push(self.problem(
                    pos,
                    field,
                    None,
                    format!("{} is empty: every row needs one", field.key()),
                ));
            }
            value
        };
        let employee_no = required(Field::EmployeeNo, &mut problems);
        let identity = |field: Field, value: Option<&str>, problems: &mut Vec<Problem>| {
            let looks = value.is_some_and(value::looks_like_national_id);
            if looks {
                let message = match field {
                    Field::Manager => {
                        "looks like a national identity number; map the manager's employee \
                         number column instead"
                    }
                    _ => {
                        "looks like a national identity number; map the employee number column \
                         instead"
                    }
                };
                problems.push(self.problem(pos, field, None, message.to_string()));
            }
            looks
        };
        let no_is_identity = identity(Field::EmployeeNo, employee_no, &mut problems);
        let given_name = required(Field::GivenName, &mut problems);
        let family_name = required(Field::FamilyName, &mut problems);
        let email = get(Field::Email);
        let manager = get(Field::Manager);
        identity(Field::Manager, manager, &mut problems);
        let start = required(Field::Start, &mut problems);
        let start = self.parse(pos, Field::Start, start, value::date, &mut problems);
        let end = self.parse(pos, Field::End, get(Field::End), value::date, &mut problems);
        let percent = get(Field::Percent);
        let percent = self.parse(pos, Field::Percent, percent, value::percent, &mut problems);
        let primary = get(Field::Primary);
        let primary = self.parse(pos, Field::Primary, primary, value::flag, &mut problems);
        let primary = primary.unwrap_or(false);
        let unit_code = required(Field::Unit, &mut problems);
        let occupation_code = required(Field::Occupation, &mut problems);
        let unit_name = get(Field::UnitName);
        let occupation_name = get(Field::OccupationName);
        let unit = unit_code.and_then(|code| self.code(pos, Field::Unit, code, unit_name));
        let occupation = occupation_code
            .and_then(|code| self.code(pos, Field::Occupation, code, occupation_name));
        let unmapped = (unit_code.is_some() && unit.is_none())
            || (occupation_code.is_some() && occupation.is_none());

        let employee_no = match employee_no {
            Some(no) if !no_is_identity => no,
            _ => {
                self.standalone(problems);
                return;
            }
        };
        let i = match self.index.get(employee_no) {
            Some(i) => *i,
            None => {
                let i = self.entries.len();
                self.index.insert(employee_no.into(), i);
                self.order.push(Slot::Person(i));
                self.entries.push(Some(Entry {
                    record: PersonRecord {
                        employee_no: employee_no.to_string(),
                        given_name: String::new(),
                        family_name: String::new(),
                        email: None,
                        employments: Vec::new(),
                        evidence: Vec::new(),
                        location: self.location(pos, None),
                    },
                    problems: Vec::new(),
                    rejected: false,
                    rows: [0; 3],
                }));
                i
            }
        };
        let Some(Some(mut entry)) = self.entries.get_mut(i).map(Option::take) else {
            return;
        };
        for (n, field, value) in [
            (0, Field::GivenName, given_name),
            (1, Field::FamilyName, family_name),
            (2, Field::Email, email),
        ] {
            let Some(value) = value else { continue };
            let have = match field {
                Field::GivenName => Some(entry.record.given_name.as_str()),
                Field::FamilyName => Some(entry.record.family_name.as_str()),
                _ => entry.record.email.as_deref(),
            };
            let first_row = entry.rows[n];
            if first_row == 0 {
                entry.rows[n] = pos.row;
                match field {
                    Field::GivenName => entry.record.given_name = value.to_string(),
                    Field::FamilyName => entry.record.family_name = value.to_string(),
                    _ => entry.record.email = Some(value.to_string()),
                }
                continue;
            }
            let have = have.unwrap_or_default();
            let same = if field == Field::Email {
                have.eq_ignore_ascii_case(value)
            } else {
                have == value
            };
            if !same {
                problems.push(self.problem(
                    pos,
                    field,
                    Some(value),
                    format!(
                        "{} differs from row {first_row} ({have:?}): the rows of person \
                         {employee_no} must agree",
                        field.key()
                    ),
                ));
            }
        }
        match (unit, occupation, start) {
            (Some(unit), Some(occupation), Some(start)) if problems.is_empty() && !unmapped => {
                entry.record.employments.push(EmploymentRecord {
                    unit,
                    occupation,
                    percent,
                    start,
                    end,
                    manager: manager.map(str::to_string),
                    primary,
                    location: self.location(pos, None),
                });
            }
            _ => {
                entry.rejected = true;
                let kept = self.keep(problems);
                entry.problems.extend(kept);
            }
        }
        if let Some(slot) = self.entries.get_mut(i) {
            *slot = Some(entry);
        }
    }

    /// The registry code for the outside `code` in `field` (the unit or the occupation
    /// column), noting it in the catalog when first met, named `name` (or by `code`); `None`
    /// (noted as unmapped) if the mapping's table lacks it.
    fn code(&mut self, pos: Pos, field: Field, code: &str, name: Option<&str>) -> Option<String> {
        let (table, kind) = match field {
            Field::Unit => (self.mapping.units(), "unit"),
            _ => (self.mapping.occupations(), "occupation"),
        };
        let at = self.location(pos, self.columns[field.index()]);
        let Some(id) = table.map_or(Some(code), |t| t.get(code)) else {
            self.unmapped.note(kind, code, &at);
            return None;
        };
        let seen = match field {
            Field::Unit => &mut self.units,
            _ => &mut self.occupations,
        };
        seen.note(id, code, name, at);
        Some(id.to_string())
    }

    /// Settles each person's primary employment and gathers what the reader hands over.
    fn finish(mut self) -> (SourceCatalog, Vec<Slot>, Vec<Option<Entry>>, Vec<Problem>) {
        let mut entries = std::mem::take(&mut self.entries);
        for entry in entries.iter_mut().flatten() {
            if entry.rejected {
                continue;
            }
            let problems = self.settle_primary(&mut entry.record);
            if !problems.is_empty() {
                entry.rejected = true;
                entry.problems = self.keep(problems);
            }
        }
        let mut end = Vec::new();
        let hint = match (self.mapping.units(), self.mapping.occupations()) {
            (Some(_), Some(_)) => "[units] or [occupations]",
            (Some(_), None) => "[units]",
            _ => "[occupations]",
        };
        let at_file = Location {
            file: Some(self.file.clone()),
            ..Location::default()
        };
        end.extend(self.unmapped.problem(
            &at_file,
            &format!("add them to {hint} in {}", self.mapping.name()),
        ));
        if self.n_unlisted > 0 {
            end.push(Problem::new(
                &at_file,
                None,
                format!(
                    "{} more problem(s) were found and not listed: correct the ones listed and \
                     read the file again",
                    self.n_unlisted
                ),
            ));
        }
        let mut catalog = SourceCatalog {
            names_if_new: true,
            ..SourceCatalog::default()
        };
        for (id, name) in self.units.items {
            catalog.catalog.units.push(OrgUnit {
                id,
                name,
                parent: None,
            });
        }
        catalog.locations.units = self.units.locations;
        for (code, name) in self.occupations.items {
            catalog.catalog.occupations.push(Occupation { code, name });
        }
        catalog.locations.occupations = self.occupations.locations;
        (catalog, self.order, entries, end)
    }

    /// Makes exactly one employment primary: the first if no row says so; more than one is a
    /// problem.
    fn settle_primary(&self, record: &mut PersonRecord) -> Vec<Problem> {
        let mut primaries = record.employments.iter().filter(|e| e.primary);
        let Some(first) = primaries.next() else {
            if let Some(first) = record.employments.first_mut() {
                first.primary = true;
            }
            return Vec::new();
        };
        let first_row = first.location.line.unwrap_or_default();
        let column = self.mapping.column(Field::Primary).unwrap_or_default();
        primaries
            .map(|other| {
                let mut at = other.location.clone();
                at.element = self.columns[Field::Primary.index()]
                    .and_then(|c| self.headers.get(c))
                    .cloned();
                Problem::new(
                    &at,
                    None,
                    format!(
                        "person {} has more than one primary employment (the first is on row \
                         {first_row}): exactly one row may say so in column {column:?}",
                        record.employee_no
                    ),
                )
            })
            .collect()
    }
}
