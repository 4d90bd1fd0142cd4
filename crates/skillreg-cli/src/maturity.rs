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
use skillreg_core::maturity::{Framework, MaturityAnswer};
use skillreg_core::view::MaturityReport;
use skillreg_store::{MaturityImport, Registry};

use crate::jobs::JobError;
use crate::render::{self, Format, Table, Text, report_cell, suppression_note};

/// The columns an answers file must have.
pub const ANSWER_COLUMNS: [&str; 4] = skillreg_files::maturity::ANSWER_COLUMNS;

/// Reads and parses a framework file.
pub fn read_framework(path: &Path) -> Result<Framework, JobError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| JobError::Usage(format!("cannot read {file}: {e}")))?;
    Ok(Framework::parse(&text, &file)?)
}

/// Reads an answers file (see the module documentation): [`skillreg_files::maturity::read_answers`].
/// `day` dates the rows without a `date`. Every problem is named with file, line, column and
/// value; any problem refuses the file.
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
    Ok(skillreg_files::maturity::read_answers(bytes, file, day)?)
}

/// Reads the answers file at `path` and records its answers to `framework`, all or nothing
/// ([`skillreg_files::maturity::import_answers`]): a file with bad rows is refused naming every
/// one, both those that do not read and those the registry refuses (unknown unit or
/// capability, a step outside the scale ...). `day` dates rows without a `date`; `today`
/// bounds them.
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
    Ok(skillreg_files::maturity::import_answers(
        registry, framework, bytes, &file, day, today, entered_by,
    )?)
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
