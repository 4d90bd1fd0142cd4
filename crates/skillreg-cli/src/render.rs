//! Output: aligned tables for people, JSON and CSV for machines.
//!
//! Tables for people are written in a language ([`Text`]: English, Swedish or Norwegian
//! Bokmål, with level names and local dates); JSON and CSV always keep their English keys and
//! column names, ISO dates and plain numbers, so that scripts do not depend on the reader's
//! language.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal as _;

use chrono::NaiveDate;
use serde::Serialize;
use skillreg_core::Level;
use skillreg_html::{EN, Labels, Lang, TABLE_EN, TableLabels};

use crate::csv_out::{CsvStyle, CsvWriter};

mod aggregate;
mod person;
mod sync;
mod talk;

pub use aggregate::{
    render_demand, render_groups, render_progress, report_cell, scope_words, scope_words_in_group,
    suppression_note,
};
pub use person::{
    employment_percent, evidence_kind, gap_cells, render_brief, render_profile, standing_table,
    team_overview,
};
pub use sync::{outcome_name, render_guard_tripped, render_summary, render_sync, sync_warnings};
pub use talk::{
    agreement_words, render_talk_coverage, render_talks, render_talks_due, status_word,
};

/// How to print a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned text for people.
    #[default]
    Table,
    /// JSON for machines.
    Json,
    /// CSV with a header row.
    Csv,
}

/// `text` as a terminal may show it: every control, invisible, bidirectional or separator
/// character from the data written as `\u{…}` (the line breaks of the text itself kept), so that
/// a name or code cannot move the cursor, change colours, retitle the window or reorder a line.
/// Every renderer of text for people passes its result through this (tables cell by cell,
/// through [`skillreg_core::text::for_terminal`], newlines included).
///
/// ```
/// use skillreg_cli::render::terminal_text;
///
/// assert_eq!(terminal_text("Anna\u{1b}[2J Lindqvist\n".to_string()), "Anna\\u{1b}[2J Lindqvist\n");
/// assert_eq!(terminal_text("a\u{202e}b\n".to_string()), "a\\u{202e}b\n");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn terminal_text(text: String) -> String {
    use skillreg_core::text::for_terminal;
    if !text
        .split('\n')
        .any(|line| matches!(for_terminal(line), Cow::Owned(_)))
    {
        return text;
    }
    text.split('\n')
        .map(for_terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A level for a table cell: the number, or `–` when not assessed / no target.
pub fn level(level: Option<Level>) -> String {
    level.map_or_else(|| "–".to_string(), |l| l.to_string())
}

/// How the headings and cells of a report are written: for people in a language (a table), or
/// for machines (JSON and CSV: English names, ISO dates, level numbers, numbers with a point).
///
/// ```
/// use chrono::NaiveDate;
/// use skillreg_cli::render::{Format, Text};
/// use skillreg_core::Level;
/// use skillreg_html::Lang;
///
/// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let nb = Text::new(Format::Table, Lang::Nb);
/// assert_eq!(nb.date(day), "20.11.2026");
/// assert_eq!(nb.level(Some(Level::Advanced)), "3 avansert");
/// assert_eq!(nb.table().gap_columns[3], "målnivå");
/// let csv = Text::new(Format::Csv, Lang::Nb);
/// assert_eq!(csv.date(day), "2026-11-20");
/// assert_eq!(csv.level(Some(Level::Advanced)), "3");
/// assert_eq!(csv.table().gap_columns[3], "target");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// The language of a table for people.
    pub lang: Lang,
    /// Written for machines: English names, ISO dates, plain numbers.
    pub machine: bool,
    /// How CSV is written (`--csv-style`): RFC 4180 for machines, or for a spreadsheet.
    pub csv: CsvStyle,
}

impl Text {
    /// How `format` is written: a table in `lang`, JSON and CSV for machines.
    pub fn new(format: Format, lang: Lang) -> Text {
        Text {
            lang,
            machine: format != Format::Table,
            csv: CsvStyle::Rfc4180,
        }
    }

    /// The same, with CSV written in `style`.
    pub fn with_csv(self, style: CsvStyle) -> Text {
        Text { csv: style, ..self }
    }

    /// The texts of the tables (English for machines: they are the CSV's column names).
    pub fn table(self) -> &'static TableLabels {
        if self.machine {
            &TABLE_EN
        } else {
            self.lang.table_labels()
        }
    }

    /// The labels shared with the pages (level names, evidence kinds, headings of the brief);
    /// English for machines.
    pub fn labels(self) -> &'static Labels {
        if self.machine {
            &EN
        } else {
            self.lang.labels()
        }
    }

    /// A day: ISO for machines, the language's short form for people.
    pub fn date(self, day: NaiveDate) -> String {
        if self.machine {
            day.to_string()
        } else {
            self.lang.short_date(day)
        }
    }

    /// A level: its number for machines, number and name for people ("3 avancerad"); `–` when
    /// not assessed or no target.
    pub fn level(self, l: Option<Level>) -> String {
        match l {
            Some(l) if !self.machine => format!("{} {}", l.number(), self.lang.level_name(l)),
            _ => level(l),
        }
    }

    /// `value` with `places` decimals: as it is for machines, with the local decimal sign for
    /// people.
    pub fn decimal(self, value: f64, places: usize) -> String {
        if self.machine {
            value.to_string()
        } else {
            self.lang.decimal(value, places)
        }
    }

    /// `value` with `places` decimals and a sign (`+0.33`, `−0,33`) for people; as it is for
    /// machines.
    pub fn signed(self, value: f64, places: usize) -> String {
        let text = self.decimal(value, places);
        if self.machine || text.starts_with('\u{2212}') || !value.is_sign_positive() {
            text
        } else {
            format!("+{text}")
        }
    }

    /// A share (0-1) as a whole percentage for people (`62%`, `62 %`); as it is for machines.
    pub fn percent(self, share: f64) -> String {
        if self.machine {
            return share.to_string();
        }
        let number = self.lang.decimal(share * 100.0, 0);
        match self.lang {
            Lang::En => format!("{number}%"),
            Lang::Sv | Lang::Nb => format!("{number} %"),
        }
    }

    /// The four levels with their names: `levels: 1 basic, 2 independent, 3 advanced, 4 expert`.
    pub fn level_names(self) -> String {
        let names: Vec<String> = Level::ALL
            .iter()
            .map(|l| format!("{} {}", l.number(), self.lang.level_name(*l)))
            .collect();
        format!("{}: {}", self.table().levels, names.join(", "))
    }

    /// The legend under level cells: the level names and what `–` stands for.
    pub fn level_legend(self) -> String {
        let l = self.labels();
        format!(
            "({}; – = {} / {})\n",
            self.level_names(),
            l.not_assessed,
            l.no_target
        )
    }
}

/// A plain table: headers and rows of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headers.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders with columns aligned (by characters, so å ä ö line up). Each cell is shown as
    /// [`skillreg_core::text::for_terminal`] writes it: a control character or line break in a
    /// value is escaped, never sent to the terminal.
    ///
    /// ```
    /// use skillreg_cli::render::Table;
    ///
    /// let mut t = Table::new(&["employee", "name"]);
    /// t.row(vec!["10024".into(), "Al-Sayed\u{1b}]0;pwned\u{7}".into()]);
    /// assert!(t.render().ends_with("10024     Al-Sayed\\u{1b}]0;pwned\\u{7}\n"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self) -> String {
        let escaped = |cells: &[String]| -> Vec<String> {
            cells
                .iter()
                .map(|c| skillreg_core::text::for_terminal(c).into_owned())
                .collect()
        };
        let headers = escaped(&self.headers);
        let rows: Vec<Vec<String>> = self.rows.iter().map(|r| escaped(r)).collect();
        let n = headers.len();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate().take(n) {
                let pad = widths[i].saturating_sub(cell.chars().count());
                if i + 1 == n {
                    text.push_str(cell);
                } else {
                    let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&rule, &mut out);
        for row in &rows {
            line(row, &mut out);
        }
        out
    }

    /// Renders as CSV with a header row, in the RFC 4180 form ([`Table::csv_with`]).
    pub fn csv(&self) -> Result<String, csv::Error> {
        self.csv_with(CsvStyle::Rfc4180)
    }

    /// Renders as CSV with a header row, in `style` (see [`crate::csv_out`]).
    ///
    /// ```
    /// use skillreg_cli::csv_out::CsvStyle;
    /// use skillreg_cli::render::Table;
    ///
    /// let mut t = Table::new(&["employee", "name", "gap"]);
    /// t.row(vec!["10031".into(), "=HYPERLINK(\"x\")".into(), "-1".into()]);
    /// assert_eq!(t.csv_with(CsvStyle::Rfc4180)?, "employee,name,gap\n10031,\"=HYPERLINK(\"\"x\"\")\",-1\n");
    /// assert_eq!(
    ///     t.csv_with(CsvStyle::Excel)?,
    ///     "\u{feff}\"employee\";\"name\";\"gap\"\r\n10031;\"'=HYPERLINK(\"\"x\"\")\";-1\r\n"
    /// );
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn csv_with(&self, style: CsvStyle) -> Result<String, csv::Error> {
        let mut w = CsvWriter::new(style, Vec::new())?;
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        let bytes = w.into_inner()?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Prints `value` as JSON, or `table` as a table or CSV (RFC 4180: [`emit_with`] for another
/// form).
pub fn emit<T: Serialize + ?Sized>(
    format: Format,
    value: &T,
    table: &Table,
) -> anyhow::Result<String> {
    emit_with(format, CsvStyle::Rfc4180, value, table)
}

/// Prints `value` as JSON, or `table` as a table or as CSV in `csv` style.
pub fn emit_with<T: Serialize + ?Sized>(
    format: Format,
    csv: CsvStyle,
    value: &T,
    table: &Table,
) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
        Format::Csv => table.csv_with(csv)?,
        Format::Table => table.render(),
    })
}

/// `value` as JSON for a reader on `out_is_terminal`: indented for a person at a terminal, one
/// line otherwise (a log collector such as journald keeps one entry per line). Ends in a
/// newline.
///
/// ```
/// let value = serde_json::json!({"outcome": "applied", "steps": [1, 2]});
/// assert_eq!(skillreg_cli::render::json_for(false, &value)?, "{\"outcome\":\"applied\",\"steps\":[1,2]}\n");
/// assert_eq!(skillreg_cli::render::json_for(true, &value)?.lines().count(), 7);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_for<T: Serialize + ?Sized>(
    out_is_terminal: bool,
    value: &T,
) -> serde_json::Result<String> {
    let text = if out_is_terminal {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    Ok(text + "\n")
}

/// [`json_for`] standard output: one line unless stdout is a terminal.
pub fn json_for_stdout<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    json_for(std::io::stdout().is_terminal(), value)
}
