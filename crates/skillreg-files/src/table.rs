//! The small CSV tables people fill in and send back: a round's self-assessments
//! ([`crate::rounds`]) and a maturity measurement's answers ([`crate::maturity`]). Both are read
//! the same way: encoding and delimiter detected as the HR CSV adapter does, a header row whose
//! names are matched without regard to case, blank rows skipped, and every problem named with
//! the file, line and row. What each row means is the caller's.

use std::io::Cursor;
use std::sync::Arc;

use skillreg_core::{Location, Problem};

use crate::Error;

/// The most problems listed before the rest are only counted.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// `file` refused with `problems` (and `n_more` not listed).
pub(crate) fn refused(file: &str, problems: Vec<Problem>, n_more: usize) -> Error {
    Error::Registry(skillreg_store::Error::Refused {
        input: file.to_string(),
        problems,
        n_more,
    })
}

/// The problems of rows that read, then those the registry finds, in the file's order and
/// held to [`MAX_PROBLEMS`], as one refusal.
pub(crate) fn merged_refusal(file: &str, mut problems: Vec<Problem>, n_more: usize) -> Error {
    problems.sort_by_key(|p| p.location.line);
    let n_more = n_more + problems.len().saturating_sub(MAX_PROBLEMS);
    problems.truncate(MAX_PROBLEMS);
    refused(file, problems, n_more)
}

/// What a table gave: the rows that read well, the problems of the others, and how many
/// problems were not listed.
#[derive(Debug, Clone)]
pub struct Read<T> {
    /// The rows that read well, in the file's order.
    pub rows: Vec<T>,
    /// The problems of the rows that did not (at most 100).
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed.
    pub n_more: usize,
}

impl<T> Default for Read<T> {
    fn default() -> Read<T> {
        Read {
            rows: Vec::new(),
            problems: Vec::new(),
            n_more: 0,
        }
    }
}

impl<T> Read<T> {
    /// The rows, or the refusal of `file` if any row had a problem.
    pub fn into_result(self, file: &str) -> Result<Vec<T>, Error> {
        if self.problems.is_empty() {
            Ok(self.rows)
        } else {
            Err(refused(file, self.problems, self.n_more))
        }
    }

    /// Records `problem`, or counts it past the limit.
    pub(crate) fn push(&mut self, problem: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.n_more += 1;
        }
    }
}

/// An answers file opened past its header row.
pub(crate) struct AnswerTable {
    file: Arc<str>,
    encoding: &'static skillreg_csv::text::Encoding,
    header_line: u64,
    names: Vec<String>,
    reader: csv::Reader<Cursor<Vec<u8>>>,
}

/// One non-blank row: its number (1 = the first after the header), its line, its fields.
pub(crate) struct AnswerRow {
    pub(crate) row: u64,
    pub(crate) line: u64,
    pub(crate) record: csv::ByteRecord,
}

impl AnswerTable {
    /// Opens `bytes` read from `file` and reads its header. A file with no delimiter the
    /// detection knows is refused with `header_problem`, one with no header row as empty.
    pub(crate) fn open(
        bytes: Vec<u8>,
        file: &str,
        header_problem: &str,
    ) -> Result<AnswerTable, Error> {
        let file: Arc<str> = Arc::from(file);
        let first = location(&file, 1);
        let (encoding, body) = skillreg_csv::text::prepare(bytes, None);
        let delimiter = skillreg_csv::text::detect_delimiter(&body)
            .map_err(|_| refused(&file, vec![Problem::new(&first, None, header_problem)], 0))?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(Cursor::new(body));
        let mut header = csv::ByteRecord::new();
        match reader.read_byte_record(&mut header) {
            Ok(true) => {}
            Ok(false) => {
                return Err(refused(
                    &file,
                    vec![Problem::new(&first, None, "the file is empty")],
                    0,
                ));
            }
            Err(e) => {
                return Err(refused(
                    &file,
                    vec![Problem::new(&first, None, e.to_string())],
                    0,
                ));
            }
        }
        let header_line = header.position().map_or(1, |p| p.line());
        let names = header
            .iter()
            .map(|h| {
                skillreg_csv::text::decode(encoding, h)
                    .map(|t| t.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                    .unwrap_or_default()
            })
            .collect();
        Ok(AnswerTable {
            file,
            encoding,
            header_line,
            names,
            reader,
        })
    }

    /// The position of the column named `name` (lower case), if the header has it.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|h| h == name)
    }

    /// The positions of `names`, in order; a header that lacks any of them refuses the file.
    pub(crate) fn require<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], Error> {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|c| self.column(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(refused(
                &self.file,
                vec![Problem::new(
                    &self.at(self.header_line),
                    None,
                    format!("the header lacks the column(s) {}", missing.join(", ")),
                )],
                0,
            ));
        }
        Ok(names.map(|c| self.column(c).unwrap_or_default()))
    }

    /// A line of the file, for a problem.
    pub(crate) fn at(&self, line: u64) -> Location {
        location(&self.file, line)
    }

    /// The line a record at `position` starts on, counted from the bytes: after a CRLF line end
    /// the reader places the next record at the `\n` it has not consumed yet (and its own line
    /// count is then one short), so line ends before the record's first byte are skipped.
    /// `counted` carries (byte, line) from the previous row, so a file is counted once.
    fn line_of(&self, position: &csv::Position, counted: &mut (usize, u64)) -> u64 {
        let body = self.reader.get_ref().get_ref();
        let mut at = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(body.len());
        while matches!(body.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let (from, line) = *counted;
        if at < from {
            return position.line();
        }
        let more = body
            .get(from..at)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        *counted = (at, line + more as u64);
        counted.1
    }

    /// Calls `f` with every non-blank row, or with the problem of a row that cannot be read.
    pub(crate) fn for_each_row(
        &mut self,
        mut f: impl FnMut(&AnswerTable, Result<AnswerRow, Problem>),
    ) {
        let mut row = 0u64;
        let mut record = csv::ByteRecord::new();
        let mut counted = (0usize, 1u64);
        loop {
            row += 1;
            let fallback = self.header_line + row;
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => return,
                Ok(true) if record.iter().all(|f| f.trim_ascii().is_empty()) => {}
                Ok(true) => {
                    let line = record
                        .position()
                        .map_or(fallback, |p| self.line_of(p, &mut counted));
                    let read = AnswerRow {
                        row,
                        line,
                        record: record.clone(),
                    };
                    f(self, Ok(read));
                }
                Err(e) => {
                    let line = e
                        .position()
                        .map_or(fallback, |p| self.line_of(p, &mut counted));
                    let problem = Problem::new(&self.at(line), None, format!("row {row}: {e}"));
                    f(self, Err(problem));
                    if e.is_io_error() {
                        return;
                    }
                }
            }
        }
    }

    /// Field `i` of `row` as trimmed text (empty when the row is short); `None`, with a problem
    /// pushed to `problems`, when it is not valid text in the file's encoding.
    pub(crate) fn field(
        &self,
        row: &AnswerRow,
        i: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<String> {
        let bytes = row.record.get(i).unwrap_or_default();
        let text = skillreg_csv::text::decode(self.encoding, bytes);
        if text.is_none() {
            problems.push(Problem::new(
                &self.at(row.line),
                None,
                format!(
                    "row {}, column {:?}: not valid {} text",
                    row.row,
                    self.names.get(i).map_or("", String::as_str),
                    self.encoding.name()
                ),
            ));
        }
        text.map(|t| t.trim().to_string())
    }
}

fn location(file: &Arc<str>, line: u64) -> Location {
    Location {
        file: Some(Arc::clone(file)),
        line: Some(line),
        ..Location::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of the rows of `bytes`, as problems would name them.
    fn lines(bytes: &[u8]) -> Vec<u64> {
        let mut table = AnswerTable::open(bytes.to_vec(), "t.csv", "no header").unwrap();
        let mut lines = Vec::new();
        table.for_each_row(|_, row| lines.push(row.map(|r| r.line).unwrap_or(0)));
        lines
    }

    #[test]
    fn rows_are_named_by_their_line_whatever_the_line_ends() {
        let lf = b"round;level\n1;2\n\n1;3\n";
        let crlf = b"round;level\r\n1;2\r\n\r\n1;3\r\n";
        let bom_crlf = b"\xef\xbb\xbfround;level\r\n1;2\r\n1;3\r\n";
        assert_eq!(lines(lf), [2, 4]);
        assert_eq!(lines(crlf), [2, 4]);
        assert_eq!(lines(bom_crlf), [2, 3]);
    }
}
