//! A self-assessment round's answers file, read and recorded (see
//! [`skillreg_store::Registry::open_round`] for what a round is).
//!
//! The answers file is the round's forms file with `level` filled in (1-4, or a text starting
//! with the digit, such as `3 – Avancerad`), and optionally `answered` (the day the person
//! answered: `2026-11-24`, `2026-11-24 09:15` or `24.11.2026`). Only the columns `round`,
//! `employee_no`, `system`, `level` and `answered` are read; survey tools may add or drop any
//! others. The encoding (UTF-8 with or without BOM, UTF-16 with BOM, else windows-1252) and the
//! delimiter (`;`, `,` or tab) are detected, as in the CSV adapter.

use chrono::NaiveDate;
use skillreg_core::privacy::looks_like_national_id;
use skillreg_core::{Level, Problem};
use skillreg_store::{Registry, RoundAnswer, RoundImport};

use crate::Error;
pub use crate::table::Read;
use crate::table::{AnswerTable, merged_refusal};

/// Reads an answers file (see the module documentation). Every problem is reported with the
/// file, line, row, column and value (an identity number is never repeated); any problem
/// refuses the file ([`skillreg_store::Error::Refused`]).
///
/// ```
/// let answers = "round;employee_no;system;level\n1;10031;LIFECARE;3 – Avancerad\n1;10031;O365;\n";
/// let read = skillreg_files::rounds::read_answers(answers.as_bytes().to_vec(), "answers.csv")?;
/// assert_eq!(read.len(), 2);
/// assert_eq!(read[0].level, Some(skillreg_core::Level::Advanced));
/// assert_eq!(read[1].level, None);
/// let bad = skillreg_files::rounds::read_answers(b"round,employee_no,system,level\n1,10031,O365,7\n".to_vec(), "a.csv")
///     .unwrap_err();
/// assert!(bad.to_string().contains("a.csv was refused"));
/// assert_eq!(bad.problems()[0].value.as_deref(), Some("7"));
/// assert_eq!(bad.problems()[0].location.line, Some(2));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_answers(bytes: Vec<u8>, file: &str) -> Result<Vec<RoundAnswer>, Error> {
    read_answer_rows(bytes, file)?.into_result(file)
}

/// The good rows of an answers file, and the problems of the others. A file that cannot be
/// read as a table at all (no header, no delimiter, missing columns) is an error.
pub fn read_answer_rows(bytes: Vec<u8>, file: &str) -> Result<Read<RoundAnswer>, Error> {
    let mut table = AnswerTable::open(
        bytes,
        file,
        "the header line must name the columns round, employee_no, system and level, \
         separated by ; , or tab",
    )?;
    let [c_round, c_employee, c_system, c_level] =
        table.require(["round", "employee_no", "system", "level"])?;
    let c_answered = table.column("answered");

    let mut read = Read::default();
    table.for_each_row(|table, row_read| {
        let r = match row_read {
            Ok(r) => r,
            Err(p) => return read.push(p),
        };
        let (row, line) = (r.row, r.line);
        let mut row_problems = Vec::new();
        let mut field = |i: usize| table.field(&r, i, &mut row_problems);
        let (round, employee_no, system, level, answered) = (
            field(c_round),
            field(c_employee),
            field(c_system),
            field(c_level),
            c_answered.and_then(&mut field),
        );
        let at = |line| table.at(line);
        let mut bad = |column: &str, value: Option<&str>, message: &str| {
            row_problems.push(Problem::new(
                &at(line),
                value,
                format!("row {row}, column {column:?}: {message}"),
            ));
        };
        let round = round.and_then(|r| match r.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                bad("round", Some(&r), "expected the round's number");
                None
            }
        });
        let employee_no = employee_no.and_then(|e| {
            if e.is_empty() {
                bad("employee_no", None, "the employee number is missing");
                None
            } else if looks_like_national_id(&e) {
                bad(
                    "employee_no",
                    None,
                    "looks like a national identity number (not shown); answers must carry the \
                     employee number",
                );
                None
            } else {
                Some(e)
            }
        });
        let system = system.and_then(|s| {
            if s.is_empty() {
                bad("system", None, "the system code is missing");
                None
            } else {
                Some(s)
            }
        });
        let level = level.map(|l| match parse_answer_level(&l) {
            Ok(level) => level,
            Err(()) => {
                bad(
                    "level",
                    Some(&l),
                    "expected a level 1-4 (or blank for no answer)",
                );
                None
            }
        });
        let answered = answered.and_then(|a| match parse_answer_day(&a) {
            Ok(day) => day,
            Err(()) => {
                bad(
                    "answered",
                    Some(&a),
                    "expected a day such as 2026-11-24, 2026-11-24 09:15 or 24.11.2026",
                );
                None
            }
        });
        if row_problems.is_empty()
            && let (Some(round), Some(employee_no), Some(system), Some(level)) =
                (round, employee_no, system, level)
        {
            read.rows.push(RoundAnswer {
                location: at(line),
                round,
                employee_no,
                system,
                level,
                answered,
            });
        }
        for p in row_problems {
            read.push(p);
        }
    });
    Ok(read)
}

/// `3`, `3 – Avancerad`, `3. advanced`: the level; blank: no answer.
fn parse_answer_level(text: &str) -> Result<Option<Level>, ()> {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Ok(None);
    };
    if chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(());
    }
    first
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
        .and_then(Level::new)
        .map(Some)
        .ok_or(())
}

/// `2026-11-24`, `2026-11-24 09:15`, `2026-11-24T09:15:00Z`, `24.11.2026`; blank: not given.
fn parse_answer_day(text: &str) -> Result<Option<NaiveDate>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let iso = text
        .get(..10)
        .filter(|d| d.len() == 10 && d.as_bytes().get(4) == Some(&b'-'));
    let rest_ok = text
        .get(10..)
        .is_some_and(|r| r.is_empty() || r.starts_with(['T', ' ']));
    if let Some(d) = iso
        && rest_ok
    {
        return NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ());
    }
    if text.len() == 10 && text.as_bytes().get(2) == Some(&b'.') {
        return NaiveDate::parse_from_str(text, "%d.%m.%Y")
            .map(Some)
            .map_err(|_| ());
    }
    Err(())
}

/// Reads the answers file `bytes` (named `file` in the problems and the audit trail) and
/// records the answers as self-assessments, all or nothing
/// ([`Registry::import_round_answers`]): a file with bad rows is refused naming every one, both
/// those that do not read and those the registry refuses (a person not asked, a system not on
/// their form ...). With `round`, every row must name that round (the web service's
/// `/rounds/{id}/imports`). `today` dates answers without a day.
///
/// ```
/// use skillreg_store::RoundSpec;
///
/// let mut registry = skillreg_testkit::sample_registry();
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
/// let spec = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
/// let round = registry.open_round(&spec, "hr")?;
/// let file = format!("round,employee_no,system,level\n{},10023,LIFECARE,3\n", round.id);
/// let import = skillreg_files::rounds::import_answers(
///     &mut registry, file.clone().into_bytes(), "a.csv", Some(round.id), day(11, 24)?, "hr")?;
/// assert_eq!(import.n_recorded, 1);
/// // Posted to another round: refused, naming the row.
/// let err = skillreg_files::rounds::import_answers(
///     &mut registry, file.into_bytes(), "a.csv", Some(round.id + 1), day(11, 24)?, "hr").unwrap_err();
/// assert_eq!(err.problems()[0].location.line, Some(2));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_answers(
    registry: &mut Registry,
    bytes: Vec<u8>,
    file: &str,
    round: Option<i64>,
    today: NaiveDate,
    entered_by: &str,
) -> Result<RoundImport, Error> {
    let mut read = read_answer_rows(bytes, file)?;
    if let Some(id) = round {
        let others: Vec<Problem> = read
            .rows
            .iter()
            .filter(|a| a.round != id)
            .map(|a| {
                Problem::new(
                    &a.location,
                    Some(&a.round.to_string()),
                    format!(
                        "column \"round\": the answers were sent to round {id}, this row is of round {}",
                        a.round
                    ),
                )
            })
            .collect();
        for p in others {
            read.push(p);
        }
    }
    if read.problems.is_empty() {
        return Ok(registry.import_round_answers(&read.rows, file, today, entered_by)?);
    }
    let (rows, mut problems, n_more) = (read.rows, read.problems, read.n_more);
    // Report the rows that read well but name the wrong person or system too, in one go.
    if round.is_none() || rows.iter().all(|a| Some(a.round) == round) {
        problems.extend(registry.round_answer_problems(&rows, file, today)?);
    }
    Err(merged_refusal(file, problems, n_more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_levels() {
        assert_eq!(parse_answer_level(""), Ok(None));
        assert_eq!(parse_answer_level("1"), Ok(Some(Level::Basic)));
        assert_eq!(parse_answer_level("4 – Expert"), Ok(Some(Level::Expert)));
        assert_eq!(parse_answer_level("3. avansert"), Ok(Some(Level::Advanced)));
        assert_eq!(parse_answer_level("0"), Err(()));
        assert_eq!(parse_answer_level("5"), Err(()));
        assert_eq!(parse_answer_level("34"), Err(()));
        assert_eq!(parse_answer_level("avancerad"), Err(()));
    }

    #[test]
    fn answer_days() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24);
        assert_eq!(parse_answer_day(""), Ok(None));
        assert_eq!(parse_answer_day("2026-11-24"), Ok(d));
        assert_eq!(parse_answer_day("2026-11-24 09:15"), Ok(d));
        assert_eq!(parse_answer_day("2026-11-24T09:15:00Z"), Ok(d));
        assert_eq!(parse_answer_day("24.11.2026"), Ok(d));
        assert_eq!(parse_answer_day("11/24/2026"), Err(()));
        assert_eq!(parse_answer_day("2026-02-30"), Err(()));
        assert_eq!(parse_answer_day("2026-11-245"), Err(()));
    }
}
