//! A maturity measurement's answers file, read and recorded to a framework
//! ([`skillreg_core::maturity::Framework`], parsed from its TOML by `Framework::parse`).
//!
//! The answers file has a header row naming the columns `respondent`, `unit`, `capability` and
//! `step`, and optionally `date` (the day of the measurement, overriding the day given for the
//! whole file: `2026-11-24` or `24.11.2026`); other columns are ignored. The encoding (UTF-8
//! with or without BOM, UTF-16 with BOM, else windows-1252) and the delimiter (`;`, `,` or tab)
//! are detected as in the CSV adapter. A step is a number, or a text starting with it (`3 –
//! Generation 3`).

use chrono::NaiveDate;
use skillreg_core::Problem;
use skillreg_core::maturity::{Framework, MaturityAnswer};
use skillreg_store::{MaturityImport, Registry};

use crate::Error;
pub use crate::table::Read;
use crate::table::{AnswerTable, merged_refusal};

/// The columns an answers file must have.
pub const ANSWER_COLUMNS: [&str; 4] = ["respondent", "unit", "capability", "step"];

/// Reads an answers file (see the module documentation); `day` dates the rows without a
/// `date`. Every problem is named with file, line, column and value; any problem refuses the
/// file ([`skillreg_store::Error::Refused`]).
///
/// ```
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// let file = "respondent;unit;capability;step\nLG-SOC;SOC;data;3 – Established\n";
/// let answers = skillreg_files::maturity::read_answers(file.as_bytes().to_vec(), "a.csv", day)?;
/// assert_eq!((answers[0].respondent.as_str(), answers[0].step), ("LG-SOC", 3));
/// let bad = "respondent,unit,capability,step\nLG-SOC,SOC,data,x\n";
/// let err = skillreg_files::maturity::read_answers(bad.as_bytes().to_vec(), "b.csv", day).unwrap_err();
/// assert!(err.to_string().contains("b.csv was refused"));
/// assert_eq!(err.problems()[0].value.as_deref(), Some("x"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_answers(
    bytes: Vec<u8>,
    file: &str,
    day: NaiveDate,
) -> Result<Vec<MaturityAnswer>, Error> {
    read_answer_rows(bytes, file, day)?.into_result(file)
}

/// The good rows of an answers file, and the problems of the others. A file that cannot be read
/// as a table at all (no header, no delimiter, missing columns) is an error.
pub fn read_answer_rows(
    bytes: Vec<u8>,
    file: &str,
    day: NaiveDate,
) -> Result<Read<MaturityAnswer>, Error> {
    let header_problem = format!(
        "the header line must name the columns {}, separated by ; , or tab",
        ANSWER_COLUMNS.join(", ")
    );
    let mut table = AnswerTable::open(bytes, file, &header_problem)?;
    let columns = table.require(ANSWER_COLUMNS)?;
    let c_date = table.column("date");

    let mut read = Read::default();
    table.for_each_row(|table, row_read| {
        let r = match row_read {
            Ok(r) => r,
            Err(p) => return read.push(p),
        };
        let (row, line) = (r.row, r.line);
        let at = |line| table.at(line);
        let mut row_problems = Vec::new();
        let mut field = |i: usize| table.field(&r, i, &mut row_problems);
        let values: Vec<Option<String>> = columns.iter().map(|i| field(*i)).collect();
        let date = c_date.and_then(&mut field);
        let mut bad = |column: &str, value: Option<&str>, message: &str| {
            row_problems.push(Problem::new(
                &at(line),
                value,
                format!("row {row}, column {column:?}: {message}"),
            ));
        };
        let mut text_of = |i: usize| -> Option<String> {
            let v = values.get(i).cloned().flatten()?;
            if v.is_empty() {
                bad(ANSWER_COLUMNS[i], None, "the value is missing");
                return None;
            }
            Some(v)
        };
        let (respondent, unit, capability, step) = (text_of(0), text_of(1), text_of(2), text_of(3));
        let step = step.and_then(|s| match parse_step(&s) {
            Some(n) => Some(n),
            None => {
                bad("step", Some(&s), "expected a step number (1, 2, ...)");
                None
            }
        });
        let day = match date.filter(|d| !d.is_empty()) {
            None => Some(day),
            Some(d) => match parse_day(&d) {
                Some(d) => Some(d),
                None => {
                    bad(
                        "date",
                        Some(&d),
                        "expected a day such as 2026-11-24 or 24.11.2026",
                    );
                    None
                }
            },
        };
        if row_problems.is_empty()
            && let (Some(respondent), Some(unit), Some(capability), Some(step), Some(day)) =
                (respondent, unit, capability, step, day)
        {
            read.rows.push(MaturityAnswer {
                location: at(line),
                respondent,
                unit,
                capability,
                step,
                day,
            });
        }
        for p in row_problems {
            read.push(p);
        }
    });
    Ok(read)
}

/// `3`, `3 – Generation 3`, `3. established`: the step's number.
fn parse_step(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &text[digits.len()..];
    if !(rest.is_empty() || rest.starts_with([' ', '.', '-', '–', ':'])) {
        return None;
    }
    digits.parse().ok()
}

/// `2026-11-24` or `24.11.2026`.
fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

/// Reads the answers file `bytes` (named `file` in the problems and the audit trail) and
/// records its answers to `framework`, all or nothing
/// ([`Registry::import_maturity_answers`]): a file with bad rows is refused naming every one,
/// both those that do not read and those the registry refuses (unknown unit or capability, a
/// step outside the scale ...). `day` dates rows without a `date`; `today` bounds them.
///
/// ```
/// let mut registry = skillreg_testkit::sample_registry();
/// let framework = skillreg_core::maturity::Framework::parse(
///     "id = \"f\"\nname = \"F\"\nversion = \"1\"\nsteps = [{ name = \"A\" }, { name = \"B\" }]\n\
///      [[capabilities]]\nid = \"data\"\nname = \"Data\"\n", "f.toml")?;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let file = b"respondent,unit,capability,step\nLG-SOC,SOC,data,2\nLG-SOC,SOC,data,9\n".to_vec();
/// let err = skillreg_files::maturity::import_answers(&mut registry, &framework, file, "m.csv", day, day, "hr")
///     .unwrap_err();
/// assert_eq!(err.problems()[0].location.line, Some(3));
/// assert_eq!(err.problems()[0].value.as_deref(), Some("9"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_answers(
    registry: &mut Registry,
    framework: &Framework,
    bytes: Vec<u8>,
    file: &str,
    day: NaiveDate,
    today: NaiveDate,
    entered_by: &str,
) -> Result<MaturityImport, Error> {
    let read = read_answer_rows(bytes, file, day)?;
    let (answers, mut problems, n_more) = (read.rows, read.problems, read.n_more);
    if problems.is_empty() {
        return Ok(registry.import_maturity_answers(framework, &answers, file, today, entered_by)?);
    }
    if !answers.is_empty() {
        problems.extend(registry.maturity_answer_problems(framework, &answers, file, today)?);
    }
    Err(merged_refusal(file, problems, n_more))
}
