//! The return file (registry -> HR system): competence records the registry learned.

use std::io::{self, BufRead, Write};

use chrono::NaiveDate;
use skillreg_core::{CompetenceSource, Level, Problem};

use crate::error::WlxError;
use crate::value::{self, Fields};
use crate::xml::{Cursor, Tag};

/// The root element of a return file.
pub(crate) const ROOT: &str = "WinlasImport";

/// The format version written.
const FORMAT_VERSION: &str = "1.2";

/// One competence record sent back to the HR system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    /// The person's employee number.
    pub employee_no: String,
    /// System code.
    pub system: String,
    /// The level.
    pub level: Level,
    /// Self-assessment, manager assessment or course.
    pub source: CompetenceSource,
    /// Day of the assessment or completion.
    pub date: NaiveDate,
    /// For course records: the course code (`reference` attribute). `None` otherwise.
    pub reference: Option<String>,
    /// For manager records: who assessed, when known (`assessor` attribute). `None` otherwise.
    pub assessor: Option<String>,
}

/// A return file as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnFile {
    /// When the file was made, as written.
    pub created_at: String,
    /// The `createdAt` of the previous return file: records are newer than it. As written.
    pub since: Option<String>,
    /// The records, in file order.
    pub records: Vec<ReturnRecord>,
}

/// Writes a return file: UTF-8, one `<Competence>` element per line, in the order given.
///
/// `created_at` and `since` are timestamps as in the export (`2026-11-21T02:10:00+01:00`).
/// Fails with [`io::ErrorKind::InvalidInput`] on a bad timestamp, an empty employee number or
/// system, or a character that XML cannot carry; nothing is written then.
pub fn write_return_file<W: Write>(
    out: W,
    created_at: &str,
    since: Option<&str>,
    records: &[ReturnRecord],
) -> io::Result<()> {
    check_timestamp("createdAt", created_at)?;
    if let Some(since) = since {
        check_timestamp("since", since)?;
    }
    let mut text = String::new();
    text.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    text.push_str(&format!("<{ROOT} formatVersion=\"{FORMAT_VERSION}\""));
    push_attr(&mut text, "createdAt", created_at)?;
    if let Some(since) = since {
        push_attr(&mut text, "since", since)?;
    }
    text.push_str(">\n");
    let mut out = io::BufWriter::new(out);
    out.write_all(text.as_bytes())?;
    for record in records {
        // Checked before anything of the record is written.
        for (key, value) in [
            ("employeeNo", &record.employee_no),
            ("system", &record.system),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(format!("{key} of a return record is empty")));
            }
        }
        text.clear();
        text.push_str("  <Competence");
        push_attr(&mut text, "employeeNo", &record.employee_no)?;
        push_attr(&mut text, "system", &record.system)?;
        push_attr(&mut text, "level", &record.level.to_string())?;
        push_attr(&mut text, "source", value::source_name(record.source))?;
        push_attr(
            &mut text,
            "date",
            &record.date.format("%Y-%m-%d").to_string(),
        )?;
        // An empty value would read back as absent: leave it out.
        if let Some(reference) = record.reference.as_deref().filter(|r| !r.is_empty()) {
            push_attr(&mut text, "reference", reference)?;
        }
        if let Some(assessor) = record.assessor.as_deref().filter(|a| !a.is_empty()) {
            push_attr(&mut text, "assessor", assessor)?;
        }
        text.push_str("/>\n");
        out.write_all(text.as_bytes())?;
    }
    out.write_all(format!("</{ROOT}>\n").as_bytes())?;
    out.flush()
}

/// Reads a return file (as written by [`write_return_file`], or by hand). All problems in it
/// are listed in [`WlxError::InvalidReturnFile`].
pub fn read_return_file<R: BufRead>(input: R) -> Result<ReturnFile, WlxError> {
    let mut cursor = Cursor::new(input, None);
    let mut buf = Vec::new();
    let root = cursor.root(&mut buf)?;
    if root.name != ROOT {
        return Err(WlxError::WrongRoot(Box::new(Problem::new(
            &root.location,
            Some(&root.name),
            format!("the root element must be <{ROOT}>: this is not a WLX return file"),
        ))));
    }
    let location = root.location;
    let mut attrs = root.attrs;
    value::root_required(
        &mut attrs,
        &location,
        "formatVersion",
        "the WLX version, e.g. 1.2",
        value::format_version,
        WlxError::UnsupportedVersion,
    )?;
    let (created_at, _) = value::root_required(
        &mut attrs,
        &location,
        "createdAt",
        "when the file was made",
        value::timestamp,
        WlxError::InvalidHeader,
    )?;
    let since = value::root_optional(
        &mut attrs,
        &location,
        "since",
        value::timestamp,
        WlxError::InvalidHeader,
    )?
    .map(|(raw, _)| raw);

    let mut problems = Vec::new();
    let mut records = Vec::new();
    if !root.empty {
        loop {
            let child = match cursor.next_child(&mut buf, &mut problems) {
                Ok(Some(child)) => child,
                Ok(None) => {
                    problems.extend(cursor.finish(&mut buf, ROOT));
                    break;
                }
                Err(fatal) => {
                    problems.push(*fatal);
                    break;
                }
            };
            if let Err(fatal) = cursor.skip(&mut buf, &child) {
                problems.push(*fatal);
                break;
            }
            if child.tag != Tag::Competence {
                continue;
            }
            let location = cursor.location(child.pos, Tag::Competence.as_str());
            let mut f = Fields::new(cursor.attrs(), &location, &mut problems);
            let employee_no = f.required("employeeNo", "the employee number");
            let system = f.required("system", "a system code");
            let level = f.required_with("level", "the level 1-4", value::level);
            let source = f.required_with("source", "self, manager or course", value::source);
            let date = f.required_with("date", "YYYY-MM-DD", value::date);
            let reference = f.optional("reference");
            let assessor = f.optional("assessor");
            if let (Some(employee_no), Some(system), Some(level), Some(source), Some(date)) =
                (employee_no, system, level, source, date)
            {
                records.push(ReturnRecord {
                    employee_no,
                    system,
                    level,
                    source,
                    date,
                    reference,
                    assessor,
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(WlxError::InvalidReturnFile(problems));
    }
    Ok(ReturnFile {
        created_at,
        since,
        records,
    })
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn check_timestamp(key: &str, s: &str) -> io::Result<()> {
    value::timestamp(key, s)
        .map(|_| ())
        .map_err(|message| invalid(format!("{message} (value {s:?})")))
}

/// Appends ` key="value"`, escaped so that it reads back exactly.
fn push_attr(out: &mut String, key: &str, value: &str) -> io::Result<()> {
    out.push(' ');
    out.push_str(key);
    out.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            c => {
                return Err(invalid(format!(
                    "{key} {value:?} holds the character U+{:04X}, which XML cannot carry",
                    u32::from(c)
                )));
            }
        }
    }
    out.push('"');
    Ok(())
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
