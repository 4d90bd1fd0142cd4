//! Self-assessment rounds as files: the forms as CSV for survey tools, and their answers read
//! back and recorded (see [`skillreg_store::Registry::open_round`] for what a round is).
//!
//! The forms file has one row per person and system ([`FORM_COLUMNS`]), with the local
//! description of each level and the person's last self-assessment; the `level` column is left
//! blank for the answer. The answers file is the same file with `level` filled in (1-4, or a
//! text starting with the digit, such as `3 – Avancerad`), and optionally `answered` (the day
//! the person answered: `2026-11-24`, `2026-11-24 09:15` or `24.11.2026`). Only the columns
//! `round`, `employee_no`, `system`, `level` and `answered` are read; survey tools may add or
//! drop any others. The encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
//! windows-1252) and the delimiter (`;`, `,` or tab) are detected, as in the CSV adapter.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use skillreg_store::{Registry, RoundAnswer, RoundForms, RoundImport};

use crate::csv_out::{CsvStyle, CsvWriter};
use crate::jobs::JobError;

/// The columns of the forms file, in order. `level` and `answered` are for the answer.
pub const FORM_COLUMNS: [&str; 16] = [
    "round",
    "employee_no",
    "name",
    "email",
    "unit",
    "unit_name",
    "system",
    "system_name",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "last_self",
    "last_self_day",
    "level",
    "answered",
];

/// Writes the forms of a round as CSV (comma-separated, UTF-8, a header row of
/// [`FORM_COLUMNS`]): one row per person and system, `level` and `answered` left blank. The
/// RFC 4180 form of [`write_forms_csv_with`].
///
/// ```
/// use skillreg_store::{Registry, RoundSpec};
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// skillreg_cli::sync_wlx_bytes(&mut registry, skillreg_cli::SAMPLE_EXPORT, "sample",
///     &skillreg_core::sync::SyncConfig::default())?;
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
/// let round = registry.open_round(
///     &RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? }, "hr")?;
/// let mut csv = Vec::new();
/// skillreg_cli::rounds::write_forms_csv(&registry.round_forms(round.id, day(11, 20)?)?, &mut csv)?;
/// let text = String::from_utf8(csv)?;
/// assert!(text.starts_with("round,employee_no,name,email,unit,unit_name,system,system_name,"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_forms_csv(forms: &RoundForms, out: impl Write) -> Result<(), JobError> {
    write_forms_csv_with(forms, CsvStyle::Rfc4180, out)
}

/// Writes the forms of a round as CSV in `style`: [`CsvStyle::Excel`] for a person who opens
/// them in a spreadsheet (byte order mark, `;`, `\r\n`, formula-like cells neutralised; the
/// answers file read back from it is read as well as the RFC 4180 form).
pub fn write_forms_csv_with(
    forms: &RoundForms,
    style: CsvStyle,
    out: impl Write,
) -> Result<(), JobError> {
    let io = |e: csv::Error| JobError::Write {
        file: "forms CSV".to_string(),
        source: std::io::Error::other(e),
    };
    let mut w = CsvWriter::new(style, out).map_err(io)?;
    w.write_record(FORM_COLUMNS).map_err(io)?;
    let round = forms.round.id.to_string();
    for form in &forms.forms {
        for s in &form.systems {
            let [d1, d2, d3, d4] = s.level_descriptions.clone().map(Option::unwrap_or_default);
            let (last, last_day) = match s.last_self {
                Some((level, day)) => (level.to_string(), day.to_string()),
                None => (String::new(), String::new()),
            };
            w.write_record([
                round.as_str(),
                &form.employee_no,
                &form.name,
                form.email.as_deref().unwrap_or_default(),
                &form.unit,
                &form.unit_name,
                &s.system,
                &s.name,
                &d1,
                &d2,
                &d3,
                &d4,
                &last,
                &last_day,
                "",
                "",
            ])
            .map_err(io)?;
        }
    }
    w.flush().map_err(|source| JobError::Write {
        file: "forms CSV".to_string(),
        source,
    })
}

/// [`write_forms_csv`] to a file, written whole or not at all and readable by its owner only
/// ([`crate::write_atomically`]).
pub fn write_forms_csv_file(forms: &RoundForms, path: &Path) -> Result<(), JobError> {
    write_forms_csv_file_with(forms, CsvStyle::Rfc4180, path)
}

/// [`write_forms_csv_with`] to a file, written whole or not at all and readable by its owner
/// only ([`crate::write_atomically`]).
pub fn write_forms_csv_file_with(
    forms: &RoundForms,
    style: CsvStyle,
    path: &Path,
) -> Result<(), JobError> {
    let mut bytes = Vec::new();
    write_forms_csv_with(forms, style, &mut bytes)?;
    crate::jobs::write_atomically(path, &bytes)
}

/// Reads an answers file (see the module documentation): [`skillreg_files::rounds::read_answers`].
/// Every problem is reported with the file, line, row, column and value (an identity number is
/// never repeated); any problem refuses the file.
///
/// ```
/// let answers = "round;employee_no;system;level\n1;10031;LIFECARE;3 – Avancerad\n1;10031;O365;\n";
/// let read = skillreg_cli::rounds::read_answers(answers.as_bytes().to_vec(), "answers.csv")?;
/// assert_eq!(read.len(), 2);
/// assert_eq!(read[0].level, Some(skillreg_core::Level::Advanced));
/// assert_eq!(read[1].level, None);
/// assert!(skillreg_cli::rounds::read_answers(b"round,employee_no,system,level\n1,10031,O365,7\n".to_vec(), "a.csv")
///     .unwrap_err().to_string().contains("a.csv was refused"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_answers(bytes: Vec<u8>, file: &str) -> Result<Vec<RoundAnswer>, JobError> {
    Ok(skillreg_files::rounds::read_answers(bytes, file)?)
}

/// Reads the answers file at `path` and records the answers as self-assessments, all or
/// nothing ([`skillreg_files::rounds::import_answers`]). `today` dates answers without a day.
pub fn import_answers_file(
    registry: &mut Registry,
    path: &Path,
    today: NaiveDate,
    entered_by: &str,
) -> Result<RoundImport, JobError> {
    let file = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| JobError::Usage(format!("cannot read {file}: {e}")))?;
    Ok(skillreg_files::rounds::import_answers(
        registry, bytes, &file, None, today, entered_by,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formula Anna Lindqvist's given name is replaced with.
    const FORMULA: &str = "=HYPERLINK(\"http://evil.example\";\"Anna\")";

    /// The sample's assistant nurses asked in a round, with Anna Lindqvist's given name replaced
    /// by a formula (a hostile or careless entry in the HR system).
    fn hostile_forms() -> RoundForms {
        let sample = std::str::from_utf8(crate::SAMPLE_EXPORT).unwrap().replace(
            "<GivenName>Anna</GivenName>",
            &format!("<GivenName>{}</GivenName>", FORMULA.replace('"', "&quot;")),
        );
        let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
        crate::sync_wlx_bytes(
            &mut registry,
            sample.as_bytes(),
            "sample",
            &skillreg_core::sync::SyncConfig::default(),
        )
        .unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let spec = skillreg_store::RoundSpec {
            occupation: "USK".into(),
            unit: None,
            opens: day(11, 20),
            closes: day(12, 11),
        };
        let round = registry.open_round(&spec, "hr").unwrap();
        registry.round_forms(round.id, day(11, 20)).unwrap()
    }

    #[test]
    fn rfc_forms_keep_their_bytes() {
        let forms = hostile_forms();
        let mut rfc = Vec::new();
        write_forms_csv(&forms, &mut rfc).unwrap();
        // The bytes the writer gave before there were styles (RFC 4180, LF, no BOM).
        assert_eq!(
            String::from_utf8_lossy(&rfc),
            String::from_utf8_lossy(include_bytes!(
                "../../../fixtures/golden/round-forms-formula.csv"
            ))
        );
        let mut styled = Vec::new();
        write_forms_csv_with(&forms, CsvStyle::Rfc4180, &mut styled).unwrap();
        assert_eq!(styled, rfc);
        // The formula is left as it is: RFC 4180 is for machines, which must get the data.
        let text = String::from_utf8(rfc).unwrap();
        assert!(text.starts_with("round,employee_no,name,"), "{text}");
        assert!(
            text.contains(
                ",10023,\"=HYPERLINK(\"\"http://evil.example\"\";\"\"Anna\"\") Lindqvist\","
            ),
            "{text}"
        );
    }

    #[test]
    fn excel_forms_open_in_a_nordic_spreadsheet_and_run_no_formula() {
        let forms = hostile_forms();
        let mut excel = Vec::new();
        write_forms_csv_with(&forms, CsvStyle::Excel, &mut excel).unwrap();
        assert!(
            excel.starts_with(crate::csv_out::BOM),
            "a byte order mark first"
        );
        let text = std::str::from_utf8(&excel[3..]).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            lines[0],
            FORM_COLUMNS.map(|c| format!("\"{c}\"")).join(";"),
            "a header of quoted names between semicolons"
        );
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "every line ends in CRLF"
        );
        let rows = forms.forms.iter().map(|f| f.systems.len()).sum::<usize>();
        assert_eq!(lines.len(), rows + 1);
        let anna_rows: Vec<&&str> = lines.iter().filter(|l| l.contains(";10023;")).collect();
        assert!(!anna_rows.is_empty(), "{text}");
        for row in anna_rows {
            assert!(
                row.contains(
                    ";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Anna\"\") Lindqvist\";"
                ),
                "{row}"
            );
        }
        assert!(text.contains(";\"SOC-HT\";"), "{text}");

        // The file comes back as answers once a level is filled in (BOM and `;` detected).
        let mut answers = Vec::new();
        answers.extend_from_slice(crate::csv_out::BOM);
        for (i, line) in lines.iter().enumerate() {
            let filled = if i == 1 {
                let start = line.strip_suffix(";\"\";\"\"").unwrap();
                format!("{start};\"3 – Avancerad\";\"\"")
            } else {
                line.to_string()
            };
            answers.extend_from_slice(filled.as_bytes());
            answers.extend_from_slice(b"\r\n");
        }
        let read = read_answers(answers, "answers.csv").unwrap();
        assert_eq!(read.len(), rows);
        assert_eq!(read[0].level, Some(skillreg_core::Level::Advanced));
        assert!(read[1..].iter().all(|a| a.level.is_none()));
    }
}
