//! The mapping file: which column of the CSV file holds which registry field, how the file is
//! written, and the code tables.

use std::collections::BTreeMap;
use std::path::Path;

use encoding_rs::Encoding;
use serde::Deserialize;
use skillreg_core::Gender;
use skillreg_core::mapping::CodeMap;

use crate::error::CsvError;

/// A registry field that a column of the CSV file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    EmployeeNo,
    GivenName,
    FamilyName,
    Email,
    Unit,
    UnitName,
    Occupation,
    OccupationName,
    Manager,
    Start,
    End,
    Percent,
    Primary,
    Gender,
}

impl Field {
    /// Every field, in the order of the `[columns]` table's documentation.
    pub(crate) const ALL: [Field; 14] = [
        Field::EmployeeNo,
        Field::GivenName,
        Field::FamilyName,
        Field::Email,
        Field::Unit,
        Field::UnitName,
        Field::Occupation,
        Field::OccupationName,
        Field::Manager,
        Field::Start,
        Field::End,
        Field::Percent,
        Field::Primary,
        Field::Gender,
    ];

    /// The key in `[columns]`, also how messages name the field.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::EmployeeNo => "employee_no",
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::Email => "email",
            Field::Unit => "unit",
            Field::UnitName => "unit_name",
            Field::Occupation => "occupation",
            Field::OccupationName => "occupation_name",
            Field::Manager => "manager",
            Field::Start => "start",
            Field::End => "end",
            Field::Percent => "percent",
            Field::Primary => "primary",
            Field::Gender => "gender",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The mapping file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    columns: Columns,
    #[serde(default)]
    format: Format,
    units: Option<CodeMap>,
    occupations: Option<CodeMap>,
    gender: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Columns {
    employee_no: String,
    given_name: String,
    family_name: String,
    email: Option<String>,
    unit: String,
    unit_name: Option<String>,
    occupation: String,
    occupation_name: Option<String>,
    manager: Option<String>,
    start: String,
    end: Option<String>,
    percent: Option<String>,
    primary: Option<String>,
    gender: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Format {
    delimiter: Option<String>,
    encoding: Option<String>,
}

/// How to read one HR system's CSV export: which column holds which registry field, the
/// delimiter and encoding if they are not to be detected, and the tables that translate the
/// HR system's unit and occupation codes to the registry's.
///
/// Written in TOML (unknown keys are refused, naming the key):
///
/// ```toml
/// [columns]                  # header in the file -> registry field
/// employee_no = "Anst.nr"    # required: employee_no, given_name, family_name, unit,
/// given_name = "Förnamn"     #           occupation, start
/// family_name = "Efternamn"
/// email = "E-post"           # optional: email, unit_name, occupation_name, manager, end,
/// unit = "Enhet"             #           percent, primary
/// occupation = "Befattningskod"
/// manager = "Chef anst.nr"
/// start = "Startdatum"
/// end = "Slutdatum"
/// percent = "Sysselsättningsgrad"
///
/// [format]                   # optional
/// delimiter = ";"            # default: told from the header line (; , or tab)
/// encoding = "windows-1252"  # default: UTF-8 if the file has a UTF-8 byte order mark or is
///                            # valid UTF-8, UTF-16 after its byte order mark, else windows-1252
///
/// [units]                    # optional: HR unit code -> registry org unit id
/// "5110" = "SOC-HT"
///
/// [occupations]              # optional: HR occupation code -> registry occupation code
/// "7140" = "USK"
///
/// [gender]                   # only with columns.gender (both or neither): the file's
/// K = "female"               # values -> female, male or other
/// M = "male"
/// ```
///
/// The gender is read only where the mapping asks for it (`gender` in `[columns]` and the
/// `[gender]` table, for the equality follow-up): without them the column is never read, and a
/// sync clears what an earlier mapping kept. A value the table lacks is a problem naming the
/// row and the value, and the file is refused.
///
/// Header names are matched after trimming, ignoring case. Without a `[units]` table the unit
/// column holds registry org unit ids as they are (likewise `[occupations]`); with one, a code
/// the table lacks is reported (all such codes in one problem) and the file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMapping {
    name: String,
    /// Column header per [`Field`], by [`Field::index`].
    columns: [Option<String>; Field::ALL.len()],
    delimiter: Option<u8>,
    encoding: Option<&'static Encoding>,
    units: Option<CodeMap>,
    occupations: Option<CodeMap>,
    gender: Option<BTreeMap<String, Gender>>,
}

impl CsvMapping {
    /// Reads the mapping file at `path`; errors name the path as given.
    pub fn from_file(path: impl AsRef<Path>) -> Result<CsvMapping, CsvError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| CsvError::Open {
            path: name.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| CsvError::Mapping {
            name: name.clone(),
            message: "the mapping file is not UTF-8: save it as UTF-8".to_string(),
        })?;
        CsvMapping::parse(&text, &name)
    }

    /// Parses the mapping file `text`; errors name it `name`.
    pub fn parse(text: &str, name: &str) -> Result<CsvMapping, CsvError> {
        let error = |message: String| CsvError::Mapping {
            name: name.to_string(),
            message,
        };
        let file: MappingFile = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let c = file.columns;
        let columns = [
            Some(c.employee_no),
            Some(c.given_name),
            Some(c.family_name),
            c.email,
            Some(c.unit),
            c.unit_name,
            Some(c.occupation),
            c.occupation_name,
            c.manager,
            Some(c.start),
            c.end,
            c.percent,
            c.primary,
            c.gender,
        ];
        let mut trimmed: [Option<String>; Field::ALL.len()] = Default::default();
        for ((field, column), slot) in Field::ALL.iter().zip(columns).zip(&mut trimmed) {
            if let Some(column) = column {
                let column = column.trim();
                if column.is_empty() {
                    return Err(error(format!(
                        "columns.{} is empty: give the header of the column that holds it, or \
                         leave the key out if it is optional",
                        field.key()
                    )));
                }
                *slot = Some(column.to_string());
            }
        }
        let delimiter = file
            .format
            .delimiter
            .as_deref()
            .map(|d| delimiter(d).map_err(error))
            .transpose()?;
        let encoding = file
            .format
            .encoding
            .as_deref()
            .map(|e| encoding(e).map_err(error))
            .transpose()?;
        let gender = match (&trimmed[Field::Gender.index()], file.gender) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(error(
                    "columns.gender needs a [gender] table saying what each value of the \
                     column is, e.g. K = \"female\", M = \"male\""
                        .to_string(),
                ));
            }
            (None, Some(_)) => {
                return Err(error(
                    "[gender] is given without columns.gender: name the column that holds it, \
                     or leave [gender] out"
                        .to_string(),
                ));
            }
            (Some(_), Some(table)) => Some(gender_table(table).map_err(error)?),
        };
        Ok(CsvMapping {
            name: name.to_string(),
            columns: trimmed,
            delimiter,
            encoding,
            units: file.units,
            occupations: file.occupations,
            gender,
        })
    }

    /// The mapping file's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The header of the column mapped to `field`, if any.
    pub(crate) fn column(&self, field: Field) -> Option<&str> {
        self.columns.get(field.index()).and_then(Option::as_deref)
    }

    pub(crate) fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    pub(crate) fn encoding(&self) -> Option<&'static Encoding> {
        self.encoding
    }

    pub(crate) fn units(&self) -> Option<&CodeMap> {
        self.units.as_ref()
    }

    pub(crate) fn occupations(&self) -> Option<&CodeMap> {
        self.occupations.as_ref()
    }

    /// The `[gender]` table (the file's value, trimmed, to a gender), if the mapping asks for
    /// the gender.
    pub(crate) fn gender(&self) -> Option<&BTreeMap<String, Gender>> {
        self.gender.as_ref()
    }
}

/// `[gender]`: each value must be female, male or other.
fn gender_table(table: BTreeMap<String, String>) -> Result<BTreeMap<String, Gender>, String> {
    table
        .into_iter()
        .map(|(from, to)| {
            let gender = to.trim().parse::<Gender>().map_err(|e| {
                format!("[gender] {from:?}: {e}: map each of the file's values to one of them")
            })?;
            Ok((from.trim().to_string(), gender))
        })
        .collect()
}

/// `format.delimiter`: one ASCII character that can separate fields.
fn delimiter(s: &str) -> Result<u8, String> {
    let d = match s {
        "tab" | "\\t" => "\t",
        other => other,
    };
    match d.as_bytes() {
        [b] if (b.is_ascii_punctuation() || *b == b'\t' || *b == b' ') && *b != b'"' => Ok(*b),
        _ => Err(format!(
            "format.delimiter {s:?} cannot separate fields: use one character such as \";\", \
             \",\" or \"\\t\" (tab), or leave it out to tell it from the header line"
        )),
    }
}

/// `format.encoding`: an encoding label that `encoding_rs` knows and the CSV parser can work in.
fn encoding(label: &str) -> Result<&'static Encoding, String> {
    let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!(
            "format.encoding {label:?} is not an encoding this adapter knows: use e.g. \"UTF-8\" \
             or \"windows-1252\", or leave it out to tell it from the file"
        )
    })?;
    let usable = encoding.is_ascii_compatible()
        || encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE;
    if !usable {
        return Err(format!(
            "format.encoding {label:?} cannot be read as CSV: export the file as UTF-8 or \
             windows-1252"
        ));
    }
    Ok(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [columns]
        employee_no = "No"
        given_name = "Given"
        family_name = "Family"
        unit = "Unit"
        occupation = "Occ"
        start = "Start"
    "#;

    fn message(text: &str) -> String {
        match CsvMapping::parse(text, "m.toml") {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn minimal_mapping_has_no_optional_columns() {
        let m = CsvMapping::parse(MINIMAL, "m.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.column(Field::Start), Some("Start"));
        assert_eq!(m.column(Field::End), None);
        assert_eq!(m.delimiter(), None);
        assert_eq!(m.encoding(), None);
        assert!(m.units().is_none());
        assert_eq!(m.name(), "m.toml");
    }

    #[test]
    fn unknown_key_is_named() {
        let text = MINIMAL.replace("start = ", "startdate = \"x\"\nstart = ");
        let e = message(&text);
        assert!(e.starts_with("m.toml: "), "{e}");
        assert!(e.contains("unknown field `startdate`"), "{e}");
    }

    #[test]
    fn unknown_table_is_named() {
        let e = message(&format!("{MINIMAL}\n[unit]\n\"5110\" = \"SOC-HT\"\n"));
        assert!(e.contains("unknown field `unit`"), "{e}");
    }

    #[test]
    fn missing_required_column_is_named() {
        let e = message(&MINIMAL.replace("start = \"Start\"", ""));
        assert!(e.contains("missing field `start`"), "{e}");
    }

    #[test]
    fn empty_column_name_is_refused() {
        let e = message(&MINIMAL.replace("\"Occ\"", "\" \""));
        assert_eq!(
            e,
            "m.toml: columns.occupation is empty: give the header of the column that holds it, \
             or leave the key out if it is optional"
        );
    }

    #[test]
    fn delimiters() {
        let with = |d: &str| {
            CsvMapping::parse(&format!("{MINIMAL}\n[format]\ndelimiter = {d}\n"), "m.toml")
                .map(|m| m.delimiter())
                .map_err(|e| e.to_string())
        };
        assert_eq!(with(r#"";""#), Ok(Some(b';')));
        assert_eq!(with(r#""\t""#), Ok(Some(b'\t')));
        assert_eq!(with(r#""tab""#), Ok(Some(b'\t')));
        assert_eq!(with(r#""|""#), Ok(Some(b'|')));
        let e = with(r#"";;""#).err().unwrap_or_default();
        assert!(
            e.contains("format.delimiter \";;\" cannot separate fields"),
            "{e}"
        );
        assert!(with(r#""\"""#).is_err());
        assert!(with(r#""a""#).is_err());
    }

    #[test]
    fn encodings() {
        let with = |e: &str| {
            CsvMapping::parse(
                &format!("{MINIMAL}\n[format]\nencoding = {e:?}\n"),
                "m.toml",
            )
            .map(|m| m.encoding().map(Encoding::name))
            .map_err(|e| e.to_string())
        };
        assert_eq!(with("windows-1252"), Ok(Some("windows-1252")));
        assert_eq!(with("latin1"), Ok(Some("windows-1252")));
        assert_eq!(with("utf-8"), Ok(Some("UTF-8")));
        let e = with("ebcdic").err().unwrap_or_default();
        assert!(
            e.contains("format.encoding \"ebcdic\" is not an encoding"),
            "{e}"
        );
        let e = with("iso-2022-jp").err().unwrap_or_default();
        assert!(e.contains("cannot be read as CSV"), "{e}");
    }
}
