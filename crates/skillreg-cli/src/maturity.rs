//! The organisation's digital maturity as files: the framework (TOML, see
//! [`skillreg_core::maturity`]), the answers read and recorded, and the report as a text table,
//! JSON or CSV.
//!
//! The answers file has a header row naming the columns `respondent`, `unit`, `capability` and
//! `step`, and optionally `date` (the day of the measurement, overriding the day given for the
//! whole file: `2026-11-24` or `24.11.2026`); other columns are ignored. The encoding (UTF-8
//! with or without BOM, UTF-16 with BOM, else windows-1252) and the delimiter (`;`, `,` or tab)
//! are detected as in the CSV adapter. A step is a number, or a text starting with it (`3 –
//! Generation 3`).

use std::path::Path;

use chrono::NaiveDate;
use skillreg_core::Problem;
use skillreg_core::maturity::{Framework, MaturityAnswer};
use skillreg_core::view::MaturityReport;
use skillreg_store::{MaturityImport, Registry};

use crate::answers::{AnswerTable, MAX_PROBLEMS, refused};
use crate::jobs::JobError;
use crate::render::{self, Format, Table, Text, report_cell, suppression_note};

/// The columns an answers file must have.
pub const ANSWER_COLUMNS: [&str; 4] = ["respondent", "unit", "capability", "step"];

/// Reads and parses a framework file.
pub fn read_framework(path: &Path) -> Result<Framework, JobError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| JobError::Usage(format!("cannot read {file}: {e}")))?;
    Ok(Framework::parse(&text, &file)?)
}

/// Reads an answers file (see the module documentation); `day` dates the rows without a
/// `date`. Every problem is named with file, line, column and value; any problem refuses the
/// file.
///
/// ```
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// let file = "respondent;unit;capability;step\nLG-SOC;SOC;data;3 – Established\n";
/// let answers = skillreg_cli::maturity::read_answers(file.as_bytes().to_vec(), "a.csv", day)?;
/// assert_eq!((answers[0].respondent.as_str(), answers[0].step), ("LG-SOC", 3));
/// let bad = "respondent,unit,capability,step\nLG-SOC,SOC,data,x\n";
/// let err = skillreg_cli::maturity::read_answers(bad.as_bytes().to_vec(), "b.csv", day).unwrap_err();
/// assert!(err.to_string().contains("b.csv was refused"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_answers(
    bytes: Vec<u8>,
    file: &str,
    day: NaiveDate,
) -> Result<Vec<MaturityAnswer>, JobError> {
    let (answers, problems, n_more) = read_answers_lenient(bytes, file, day)?;
    if !problems.is_empty() {
        return Err(refused(file, problems, n_more));
    }
    Ok(answers)
}

/// The good rows of an answers file, and the problems of the others. A file that cannot be read
/// as a table at all (no header, no delimiter, missing columns) is an error.
fn read_answers_lenient(
    bytes: Vec<u8>,
    file: &str,
    day: NaiveDate,
) -> Result<(Vec<MaturityAnswer>, Vec<Problem>, usize), JobError> {
    let header_problem = format!(
        "the header line must name the columns {}, separated by ; , or tab",
        ANSWER_COLUMNS.join(", ")
    );
    let mut table = AnswerTable::open(bytes, file, &header_problem)?;
    let columns = table.require(ANSWER_COLUMNS)?;
    let c_date = table.column("date");

    let (mut answers, mut problems, mut n_more) = (Vec::new(), Vec::new(), 0usize);
    let mut push = |problems: &mut Vec<Problem>, p: Problem| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(p);
        } else {
            n_more += 1;
        }
    };
    table.for_each_row(|table, read| {
        let r = match read {
            Ok(r) => r,
            Err(p) => return push(&mut problems, p),
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
            answers.push(MaturityAnswer {
                location: at(line),
                respondent,
                unit,
                capability,
                step,
                day,
            });
        }
        for p in row_problems {
            push(&mut problems, p);
        }
    });
    Ok((answers, problems, n_more))
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

/// Reads the answers file at `path` and records its answers to `framework`, all or nothing
/// ([`Registry::import_maturity_answers`]): a file with bad rows is refused naming every one,
/// both those that do not read and those the registry refuses (unknown unit or capability, a
/// step outside the scale ...). `day` dates rows without a `date`; `today` bounds them.
pub fn import_answers_file(
    registry: &mut Registry,
    framework: &Framework,
    path: &Path,
    day: NaiveDate,
    today: NaiveDate,
    entered_by: &str,
) -> Result<MaturityImport, JobError> {
    let file = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| JobError::Usage(format!("cannot read {file}: {e}")))?;
    let (answers, mut problems, n_more) = read_answers_lenient(bytes, &file, day)?;
    if problems.is_empty() {
        return Ok(registry.import_maturity_answers(framework, &answers, &file, today, entered_by)?);
    }
    if !answers.is_empty() {
        problems.extend(registry.maturity_answer_problems(framework, &answers, &file, today)?);
    }
    problems.sort_by_key(|p| p.location.line);
    let n_more = n_more + problems.len().saturating_sub(MAX_PROBLEMS);
    problems.truncate(MAX_PROBLEMS);
    Err(refused(&file, problems, n_more))
}

/// The maturity report as a text table (in the language of `text`), JSON or CSV: one row per
/// group and capability.
pub fn render_report(
    format: Format,
    text: Text,
    report: &MaturityReport,
) -> anyhow::Result<String> {
    let m = if text.machine {
        skillreg_html::Lang::En.maturity_labels()
    } else {
        text.lang.maturity_labels()
    };
    let n = report.suppression.min_group;
    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
    let median = |c: &skillreg_store::Cell<f64>| {
        report_cell(c, n, |v| {
            if text.machine {
                v.to_string()
            } else {
                text.decimal(*v, 1)
            }
        })
    };
    let dist = |f: &skillreg_core::view::MaturityFigures| {
        f.distribution
            .iter()
            .map(count)
            .collect::<Vec<_>>()
            .join(if text.machine { " " } else { " · " })
    };
    let mut t = Table::new(&m.columns);
    for g in &report.groups {
        for r in &g.rows {
            t.row(vec![
                g.unit.clone().unwrap_or_else(|| {
                    if text.machine {
                        String::new()
                    } else {
                        m.everyone.to_string()
                    }
                }),
                r.capability.clone(),
                count(&r.from.n_respondents),
                median(&r.from.median),
                dist(&r.from),
                count(&r.to.n_respondents),
                median(&r.to.median),
                dist(&r.to),
                report_cell(&r.change, n, |v| {
                    if text.machine {
                        v.to_string()
                    } else {
                        text.signed(*v, 1)
                    }
                }),
            ]);
        }
    }
    if text.machine {
        return render::emit_with(format, text.csv, report, &t);
    }
    let mut out = format!(
        "{}: {} ({} {}) · {} {} · {} {}\n",
        m.title,
        report.framework.name,
        m.version,
        report.framework.version,
        m.baseline,
        text.date(report.from),
        m.follow_up,
        text.date(report.to)
    );
    if report.groups.is_empty() {
        out += m.no_answers;
        out += "\n";
        return Ok(out);
    }
    out += &t.render();
    let share = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.percent(*v));
    out += &format!("\n{}:\n", m.skills_heading);
    for g in &report.groups {
        out += &format!(
            "  {}: {} {} → {} {}\n",
            g.unit.as_deref().unwrap_or(m.everyone),
            m.baseline,
            share(&g.skills.from.share_at_targets),
            m.follow_up,
            share(&g.skills.to.share_at_targets),
        );
    }
    out += &suppression_note(text, &report.suppression);
    Ok(out)
}
