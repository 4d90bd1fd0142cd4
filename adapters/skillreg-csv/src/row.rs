//! One row of the file: its mapped fields decoded and parsed, with problems that name the file,
//! the row and the column.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDate;
use csv::ByteRecord;
use encoding_rs::{Encoding, UTF_8};
use skillreg_core::privacy::looks_like_national_id;
use skillreg_core::{Location, Problem};

use crate::error::CsvError;
use crate::mapping::{CsvMapping, Field};
use crate::value;

/// Where a row is: as a spreadsheet numbers rows (the header is row 1, a blank line is a row),
/// and as a text editor numbers lines. They differ after a quoted field holding a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) row: u64,
    pub(crate) line: u64,
}

impl Pos {
    /// `message`, saying where the row starts in a text editor when that is not its row
    /// number.
    pub(crate) fn say(self, message: String) -> String {
        if self.row == self.line {
            message
        } else {
            format!(
                "row {} (line {} in a text editor): {message}",
                self.row, self.line
            )
        }
    }
}

/// The mapped fields of a row, by [`Field::index`]: `None` where empty, `Err` where the bytes
/// are not valid in the file's encoding (reported).
type Values<'r> = [Option<Result<Cow<'r, str>, ()>>; Field::ALL.len()];

/// A row read: its mapped fields as text, and the ones that are not text parsed.
pub(crate) struct Row<'r> {
    values: Values<'r>,
    /// The employee number is there and is not a national identity number.
    employee_no_ok: bool,
    pub(crate) start: Option<NaiveDate>,
    pub(crate) end: Option<NaiveDate>,
    pub(crate) percent: Option<u8>,
    pub(crate) primary: bool,
    /// The gender, through the mapping's `[gender]` table (only if the mapping asks for it).
    pub(crate) gender: Option<skillreg_core::Gender>,
}

impl Row<'_> {
    /// The text of `field`, if it is there and could be decoded.
    pub(crate) fn get(&self, field: Field) -> Option<&str> {
        match self.values.get(field.index()) {
            Some(Some(Ok(text))) => Some(text),
            _ => None,
        }
    }

    /// The employee number, unless it is missing or looks like a national identity number.
    pub(crate) fn employee_no(&self) -> Option<&str> {
        self.get(Field::EmployeeNo).filter(|_| self.employee_no_ok)
    }
}

/// The file's columns, as matched to the mapping: reads rows and names places in the file.
#[derive(Debug)]
pub(crate) struct Columns {
    mapping: CsvMapping,
    file: Arc<str>,
    encoding: &'static Encoding,
    /// Header names as the file writes them, trimmed.
    headers: Vec<String>,
    /// The index in the row of each [`Field`]'s column.
    columns: [Option<usize>; Field::ALL.len()],
}

impl Columns {
    /// Matches the `header` record (at `pos` of `file`) to the mapping's columns.
    pub(crate) fn new(
        mapping: &CsvMapping,
        file: Arc<str>,
        encoding: &'static Encoding,
        header: &ByteRecord,
        pos: Pos,
    ) -> Result<Columns, CsvError> {
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
            let mut found = lower
                .iter()
                .enumerate()
                .filter(|(_, h)| **h == wanted)
                .map(|(i, _)| i);
            match (found.next(), found.next()) {
                (None, _) => missing.push(format!("{name:?} (mapped to {})", field.key())),
                (Some(one), None) => columns[field.index()] = Some(one),
                (Some(first), Some(second)) => {
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
            let noun = if missing.len() == 1 {
                "column"
            } else {
                "columns"
            };
            return Err(CsvError::Header(Box::new(Problem::new(
                &at,
                None,
                format!(
                    "the header has no {noun} {}; its columns are {}: correct [columns] in {} \
                     or check the delimiter",
                    missing.join(", "),
                    list.join(", "),
                    mapping.name()
                ),
            ))));
        }
        Ok(Columns {
            mapping: mapping.clone(),
            file,
            encoding,
            headers,
            columns,
        })
    }

    /// The mapping the columns were matched to.
    pub(crate) fn mapping(&self) -> &CsvMapping {
        &self.mapping
    }

    /// The number of columns in the header.
    pub(crate) fn len(&self) -> usize {
        self.headers.len()
    }

    /// The location of the file as a whole.
    pub(crate) fn file(&self) -> Location {
        Location {
            file: Some(self.file.clone()),
            ..Location::default()
        }
    }

    /// The location of the row at `pos`, and of `field`'s column in it if given.
    pub(crate) fn location(&self, pos: Pos, field: Option<Field>) -> Location {
        let column = field.and_then(|f| self.columns[f.index()]);
        Location {
            file: Some(self.file.clone()),
            line: Some(pos.row),
            column: None,
            element: column.and_then(|c| self.headers.get(c)).cloned(),
        }
    }

    /// A problem in `field` of the row at `pos` (or in the row as a whole).
    pub(crate) fn problem(
        &self,
        pos: Pos,
        field: Option<Field>,
        value: Option<&str>,
        message: String,
    ) -> Problem {
        Problem::new(&self.location(pos, field), value, pos.say(message))
    }

    /// The registry code for the outside `code` in the unit or occupation column `field`:
    /// translated by the mapping's table if it has one (`None` if the table lacks it), else
    /// the code as it is.
    pub(crate) fn registry_code<'a>(&'a self, field: Field, code: &'a str) -> Option<&'a str> {
        let table = match field {
            Field::Unit => self.mapping.units(),
            _ => self.mapping.occupations(),
        };
        table.map_or(Some(code), |t| t.get(code))
    }

    /// Reads the mapped fields of `record` (a row at `pos` with as many fields as the header):
    /// decoded, trimmed and parsed, every problem reported. Columns that are not mapped are not
    /// looked at.
    pub(crate) fn read<'r>(&self, pos: Pos, record: &'r ByteRecord) -> (Row<'r>, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut values: Values<'r> = Default::default();
        for field in Field::ALL {
            let Some(column) = self.columns[field.index()] else {
                continue;
            };
            let raw = record.get(column).unwrap_or_default().trim_ascii();
            if raw.is_empty() {
                continue;
            }
            values[field.index()] = Some(match decode(self.encoding, raw) {
                Some(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.trim())),
                Some(Cow::Owned(s)) => Ok(Cow::Owned(s.trim().to_string())),
                None => {
                    problems.push(self.problem(
                        pos,
                        Some(field),
                        Some(&String::from_utf8_lossy(raw)),
                        format!(
                            "{} is not valid {}: set [format] encoding in {} to the file's \
                             encoding, e.g. windows-1252",
                            field.key(),
                            self.encoding.name(),
                            self.mapping.name()
                        ),
                    ));
                    Err(())
                }
            });
        }
        let mut row = Row {
            values,
            employee_no_ok: true,
            start: None,
            end: None,
            percent: None,
            primary: false,
            gender: None,
        };
        for field in [Field::EmployeeNo, Field::Manager] {
            if row.get(field).is_some_and(looks_like_national_id) {
                let whose = match field {
                    Field::Manager => "the manager's employee number",
                    _ => "the employee number",
                };
                problems.push(self.problem(
                    pos,
                    Some(field),
                    None,
                    format!("looks like a national identity number; map {whose} column instead"),
                ));
                row.employee_no_ok &= field != Field::EmployeeNo;
            }
        }
        for field in [
            Field::EmployeeNo,
            Field::GivenName,
            Field::FamilyName,
            Field::Unit,
            Field::Occupation,
            Field::Start,
        ] {
            if row.values[field.index()].is_none() {
                problems.push(self.problem(
                    pos,
                    Some(field),
                    None,
                    format!("{} is empty: every row needs one", field.key()),
                ));
            }
        }
        row.employee_no_ok &= row.get(Field::EmployeeNo).is_some();
        row.start = self.parse(pos, &row, Field::Start, value::date, &mut problems);
        row.end = self.parse(pos, &row, Field::End, value::date, &mut problems);
        row.percent = self.parse(pos, &row, Field::Percent, value::percent, &mut problems);
        row.primary = self
            .parse(pos, &row, Field::Primary, value::flag, &mut problems)
            .unwrap_or(false);
        if let (Some(table), Some(value)) = (self.mapping.gender(), row.get(Field::Gender)) {
            let gender = table.get(value).copied();
            if gender.is_none() {
                let message = format!(
                    "gender is not in the [gender] table of {}: add the value there with what it \
                     means (female, male or other)",
                    self.mapping.name()
                );
                problems.push(self.problem(pos, Some(Field::Gender), Some(value), message));
            }
            row.gender = gender;
        }
        (row, problems)
    }

    /// `field` of `row` parsed by `f`; `None` if empty or bad (reported in `problems`).
    fn parse<T>(
        &self,
        pos: Pos,
        row: &Row<'_>,
        field: Field,
        f: fn(&str, &str) -> Result<T, String>,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let value = row.get(field)?;
        match f(field.key(), value) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                problems.push(self.problem(pos, Some(field), Some(value), message));
                None
            }
        }
    }
}

/// The field `bytes` as text: `None` if they are not valid in `encoding`.
pub fn decode<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
    if encoding == UTF_8 {
        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
    } else {
        encoding.decode_without_bom_handling_and_without_replacement(bytes)
    }
}
