//! CSV for people and for machines: the two forms of every CSV the CLI writes (round forms,
//! reminder lists, `--format csv` reports).
//!
//! - [`CsvStyle::Rfc4180`] (the default): comma-separated, a quote only where needed, `\n`
//!   line ends, no byte order mark. Scripts read it; its bytes never change.
//! - [`CsvStyle::Excel`]: what a spreadsheet set to Swedish or Norwegian opens right by a double
//!   click: a UTF-8 byte order mark (else å ä ö come out garbled), `;` between cells (the comma
//!   is the decimal sign there), `\r\n` line ends, text cells in quotes. A cell that a
//!   spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return) gets a `'` in front, as OWASP advises against CSV injection: a name such as
//!   `=HYPERLINK("http://evil.example";"click")` in the HR system shows as text, never runs.
//!
//! A cell that is a plain number (`-3`, `+2`, `-0.25`: an optional sign, digits, at most one
//! decimal point or comma) keeps its sign and stays a number: it cannot hold a formula, and a
//! `'` in front would turn a column of changes into text that no longer adds up. This is the
//! one place skillreg departs from OWASP's "prefix every such cell"; `-1+cmd|...` or `-inf` is
//! not a plain number and is neutralised.
//!
//! ```
//! use skillreg_cli::csv_out::{CsvStyle, CsvWriter};
//!
//! let mut w = CsvWriter::new(CsvStyle::Excel, Vec::new())?;
//! w.write_record(["name", "change"])?;
//! w.write_record(["=1+2", "-3"])?;
//! let bytes = w.into_inner()?;
//! assert_eq!(bytes, "\u{feff}\"name\";\"change\"\r\n\"'=1+2\";-3\r\n".as_bytes());
//!
//! let mut w = CsvWriter::new(CsvStyle::Rfc4180, Vec::new())?;
//! w.write_record(["name", "change"])?;
//! w.write_record(["=1+2", "-3"])?;
//! assert_eq!(w.into_inner()?, b"name,change\n=1+2,-3\n");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::io::Write;

/// The UTF-8 byte order mark an Excel-style file begins with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which form of CSV to write (see the module documentation). A command-line option takes it
/// as `rfc4180` or `excel` (it is a [`clap::ValueEnum`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvStyle {
    /// RFC 4180 as the `csv` crate writes it: `,`, `\n`, no byte order mark, nothing changed.
    #[default]
    #[value(name = "rfc4180")]
    Rfc4180,
    /// For a spreadsheet in a Nordic locale: byte order mark, `;`, `\r\n`, text quoted,
    /// formula-like cells neutralised.
    #[value(name = "excel")]
    Excel,
}

impl CsvStyle {
    /// Every style, in the order `--help` lists them.
    pub const ALL: [CsvStyle; 2] = [CsvStyle::Rfc4180, CsvStyle::Excel];

    /// The style's name on the command line: `rfc4180` or `excel`.
    pub fn name(self) -> &'static str {
        match self {
            CsvStyle::Rfc4180 => "rfc4180",
            CsvStyle::Excel => "excel",
        }
    }

    /// A `csv` writer over `out` for this style. It writes no byte order mark and changes no
    /// cell: [`CsvWriter`] does both.
    pub fn builder(self) -> csv::WriterBuilder {
        let mut builder = csv::WriterBuilder::new();
        if self == CsvStyle::Excel {
            builder
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .quote_style(csv::QuoteStyle::NonNumeric);
        }
        builder
    }

    /// `cell` as this style writes it: unchanged for RFC 4180, [`neutralise`]d for Excel.
    pub fn cell(self, cell: &str) -> Cow<'_, str> {
        match self {
            CsvStyle::Rfc4180 => Cow::Borrowed(cell),
            CsvStyle::Excel => neutralise(cell),
        }
    }
}

impl std::fmt::Display for CsvStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for CsvStyle {
    type Err = String;

    /// `rfc4180` or `excel` (any case).
    fn from_str(s: &str) -> Result<CsvStyle, String> {
        CsvStyle::ALL
            .into_iter()
            .find(|style| style.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("expected rfc4180 or excel, got {s:?}"))
    }
}

/// `cell` with a `'` in front when a spreadsheet would read it as a formula: it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number.
///
/// ```
/// use skillreg_cli::csv_out::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(neutralise("\t=1"), "'\t=1");
/// assert_eq!(neutralise("-3"), "-3");
/// assert_eq!(neutralise("-0.25"), "-0.25");
/// assert_eq!(neutralise("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
/// assert_eq!(neutralise("Åsa Öberg"), "Åsa Öberg");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_like && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An optional `+` or `-`, then digits with at most one `.` or `,` between them.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A CSV writer in a [`CsvStyle`]: the byte order mark first (Excel), then records whose cells
/// the style has made safe.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    style: CsvStyle,
}

impl<W: Write> CsvWriter<W> {
    /// A writer over `out`; for [`CsvStyle::Excel`] the byte order mark is written at once.
    pub fn new(style: CsvStyle, mut out: W) -> Result<CsvWriter<W>, csv::Error> {
        if style == CsvStyle::Excel {
            out.write_all(BOM)?;
        }
        Ok(CsvWriter {
            inner: style.builder().from_writer(out),
            style,
        })
    }

    /// The style this writer writes.
    pub fn style(&self) -> CsvStyle {
        self.style
    }

    /// Writes one record.
    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let style = self.style;
        for cell in record {
            self.inner
                .write_field(style.cell(cell.as_ref()).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Flushes what is buffered to the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(style: CsvStyle, rows: &[&[&str]]) -> Vec<u8> {
        let mut w = CsvWriter::new(style, Vec::new()).unwrap();
        for row in rows {
            w.write_record(*row).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\";\"y\")",
                "'=HYPERLINK(\"http://x\";\"y\")",
            ),
            ("+1+2", "'+1+2"),
            ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("--3", "'--3"),
            ("-3.", "'-3."),
            ("-.5", "'-.5"),
            ("-1.2.3", "'-1.2.3"),
            ("-3", "-3"),
            ("+3", "+3"),
            ("-0.25", "-0.25"),
            ("-0,25", "-0,25"),
            ("3", "3"),
            ("", ""),
            ("a=b", "a=b"),
            (" =1", " =1"),
            ("'=1", "'=1"),
            ("Åsa-Britt", "Åsa-Britt"),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralise(cell), want, "{cell:?}");
            assert_eq!(CsvStyle::Rfc4180.cell(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn excel_form_has_bom_semicolons_crlf_and_quoted_text() {
        let rows: &[&[&str]] = &[
            &["name", "gap", "note"],
            &["Åsa Öberg", "2", "a;b"],
            &["=cmd", "-1", "say \"hi\"\nthere"],
        ];
        let bytes = written(CsvStyle::Excel, rows);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}\"name\";\"gap\";\"note\"\r\n\
             \"Åsa Öberg\";2;\"a;b\"\r\n\
             \"'=cmd\";-1;\"say \"\"hi\"\"\nthere\"\r\n"
        );
        // A reader that knows the dialect gets the cells back (the neutralised one with its ').
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(&bytes[BOM.len()..]);
        let read: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(read[1], ["Åsa Öberg", "2", "a;b"]);
        assert_eq!(read[2], ["'=cmd", "-1", "say \"hi\"\nthere"]);
    }

    #[test]
    fn rfc_form_is_the_csv_crate_default() {
        let rows: &[&[&str]] = &[
            &["name", "gap", "note"],
            &["Åsa Öberg", "2", "a;b"],
            &["=cmd", "-1", "say \"hi\", \"there\""],
        ];
        let mut plain = csv::Writer::from_writer(Vec::new());
        for row in rows {
            plain.write_record(*row).unwrap();
        }
        assert_eq!(
            written(CsvStyle::Rfc4180, rows),
            plain.into_inner().unwrap()
        );
    }

    #[test]
    fn style_names_round_trip() {
        for style in CsvStyle::ALL {
            assert_eq!(style.name().parse::<CsvStyle>(), Ok(style));
            assert_eq!(style.to_string(), style.name());
        }
        assert_eq!("EXCEL".parse::<CsvStyle>(), Ok(CsvStyle::Excel));
        assert!("tsv".parse::<CsvStyle>().is_err());
        assert_eq!(CsvStyle::default(), CsvStyle::Rfc4180);
    }

    #[test]
    fn a_global_option_takes_the_style_by_name() {
        use clap::{Parser, Subcommand};

        // As the CLI declares it: global, next to `round forms --csv FILE` (which is why the
        // option is not called `--csv`: a global `--csv` clashes with it at parse time).
        #[derive(Parser)]
        struct Cli {
            #[arg(long, global = true, value_enum, default_value_t = CsvStyle::Rfc4180)]
            csv_style: CsvStyle,
            #[command(subcommand)]
            command: Command,
        }
        #[derive(Subcommand)]
        enum Command {
            Forms {
                #[arg(long)]
                csv: Option<std::path::PathBuf>,
            },
        }
        let parse = |args: &[&str]| {
            Cli::try_parse_from(args).map(|c| {
                let Command::Forms { csv } = c.command;
                (c.csv_style, csv)
            })
        };
        assert_eq!(
            parse(&["skillreg", "forms"]).unwrap(),
            (CsvStyle::Rfc4180, None)
        );
        let file = Some(std::path::PathBuf::from("f.csv"));
        for args in [
            &[
                "skillreg",
                "--csv-style",
                "excel",
                "forms",
                "--csv",
                "f.csv",
            ][..],
            &[
                "skillreg",
                "forms",
                "--csv",
                "f.csv",
                "--csv-style",
                "excel",
            ],
        ] {
            assert_eq!(
                parse(args).unwrap(),
                (CsvStyle::Excel, file.clone()),
                "{args:?}"
            );
        }
        assert_eq!(
            parse(&["skillreg", "--csv-style", "rfc4180", "forms"]).unwrap(),
            (CsvStyle::Rfc4180, None)
        );
        assert!(parse(&["skillreg", "--csv-style", "tsv", "forms"]).is_err());
    }
}
