//! How files are written: delimiters, encodings, header matching, empty files, code tables,
//! and columns that are never read.

use skillreg_csv::{CsvError, CsvMapping};

use crate::{fixture_path, inline_mapping, read};

const MAPPING: &str = r#"
    [columns]
    employee_no = "No"
    given_name = "Given"
    family_name = "Family"
    unit = "Unit"
    occupation = "Occupation"
    start = "Start"
"#;

fn read_text(text: &str, mapping: &str) -> Result<crate::Read, CsvError> {
    read("hr.csv", text.as_bytes().to_vec(), &inline_mapping(mapping))
}

fn ok(result: Result<crate::Read, CsvError>) -> crate::Read {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn refused(result: Result<crate::Read, CsvError>) -> String {
    match result {
        Ok(read) => panic!("read: {:?}", read.employee_nos()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn tab_separated_file_is_told_by_its_header() {
    let read = ok(read_text(
        "No\tGiven\tFamily\tUnit\tOccupation\tStart\n1\tA\tB\tU\tO\t2026-01-01\n",
        MAPPING,
    ));
    assert_eq!(read.employee_nos(), ["1"]);
    assert_eq!(read.problems, Vec::<String>::new());
}

#[test]
fn delimiter_inside_quotes_does_not_count_when_telling() {
    let read = ok(read_text(
        "\"No;a,b,c,d,e,f\",Given,Family,Unit,Occupation,Start\n1,A,B,U,O,2026-01-01\n",
        &MAPPING.replace("\"No\"", "\"No;a,b,c,d,e,f\""),
    ));
    assert_eq!(read.employee_nos(), ["1"]);
}

#[test]
fn header_without_delimiter_is_refused() {
    assert_eq!(
        refused(read_text("No Given Family\n1 A B\n", MAPPING)),
        "hr.csv: the header line has no ; , or tab between columns, so the delimiter cannot be \
         told: set [format] delimiter in the mapping file"
    );
}

#[test]
fn header_with_as_many_of_two_delimiters_is_refused() {
    assert_eq!(
        refused(read_text("No;Given,Family\n", MAPPING)),
        "hr.csv: the header line has as many ';' as ',', so the delimiter cannot be told: set \
         [format] delimiter in the mapping file"
    );
}

#[test]
fn delimiter_from_the_mapping_wins() {
    let mapping = format!("{MAPPING}\n[format]\ndelimiter = \"|\"\n");
    let read = ok(read_text(
        "No|Given|Family|Unit|Occupation|Start\n1|A;x|B,y|U|O|2026-01-01\n",
        &mapping,
    ));
    assert_eq!(read.people[0].given_name, "A;x");
    assert_eq!(read.people[0].family_name, "B,y");
}

#[test]
fn empty_files_are_refused() {
    let expected = "hr.csv: the file is empty: its first line must name the columns";
    let mapping = format!("{MAPPING}\n[format]\ndelimiter = \";\"\n");
    for text in ["", "\u{feff}", "\n\n", "\r\n"] {
        assert_eq!(refused(read_text(text, &mapping)), expected, "{text:?}");
    }
}

#[test]
fn header_only_gives_no_people() {
    let read = ok(read_text(
        "No;Given;Family;Unit;Occupation;Start\n",
        MAPPING,
    ));
    assert!(read.people.is_empty());
    assert!(read.problems.is_empty());
    assert!(read.catalog.catalog.units.is_empty());
}

#[test]
fn column_twice_in_the_header_is_refused() {
    assert_eq!(
        refused(read_text(
            "No;Given;Family;Unit;Occupation;Start;unit\n",
            MAPPING
        )),
        r#"hr.csv: line 1: the header has this column twice (columns 4 and 7), so it cannot be told which holds unit: rename one in the file (value "Unit")"#
    );
}

#[test]
fn several_missing_columns_are_named_together() {
    assert_eq!(
        refused(read_text("No;Given;Family;Unit\n", MAPPING)),
        r#"hr.csv: line 1: the header has no columns "Occupation" (mapped to occupation), "Start" (mapped to start); its columns are "No", "Given", "Family", "Unit": correct [columns] in mapping.toml or check the delimiter"#
    );
}

#[test]
fn windows_1252_is_told_from_bytes_that_are_not_utf8() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("No;Given;Family;Unit;Occupation;Start\n1;Linnéa;Ström;SÄBO;USK;2026-01-01\n");
    let read = crate::read("hr.csv", bytes.into_owned(), &inline_mapping(MAPPING))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.people[0].given_name, "Linnéa");
    assert_eq!(read.people[0].family_name, "Ström");
    assert_eq!(read.people[0].employments[0].unit, "SÄBO");
}

#[test]
fn utf16_with_byte_order_mark_is_read() {
    // Excel's "Unicode text": UTF-16LE with a byte order mark, tab-separated.
    let text = "\u{feff}No\tGiven\tFamily\tUnit\tOccupation\tStart\r\n1\tLinnéa\tÖhman\tU\tO\t2026-01-01\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let read =
        crate::read("hr.txt", bytes, &inline_mapping(MAPPING)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.people[0].given_name, "Linnéa");
    assert_eq!(read.people[0].family_name, "Öhman");
}

#[test]
fn utf8_named_in_the_mapping_reports_bytes_that_are_not() {
    let mapping = format!("{MAPPING}\n[format]\nencoding = \"UTF-8\"\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("No;Given;Family;Unit;Occupation;Start\n1;Linnéa;B;U;O;2026-01-01\n");
    let read = crate::read("hr.csv", bytes.into_owned(), &inline_mapping(&mapping))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read.people.is_empty());
    assert_eq!(
        read.problems,
        [
            r#"hr.csv: line 2: <Given>: given_name is not valid UTF-8: set [format] encoding in mapping.toml to the file's encoding, e.g. windows-1252 (value "Linn�a")"#
        ]
    );
}

#[test]
fn columns_not_mapped_are_never_read() {
    // Under an encoding named in the mapping, a mapped field that is not valid is reported (see
    // above); the same bytes in a column that is not mapped are not even decoded. Nor is a
    // personnummer there looked at.
    let mapping = format!("{MAPPING}\n[format]\nencoding = \"UTF-8\"\n");
    let mut bytes =
        b"No;Given;Family;Personnummer;Note;Unit;Occupation;Start\n1;A;B;19121212-1212;".to_vec();
    bytes.extend_from_slice(b"Linn\xe9a\xff\xfe;U;O;2026-01-01\n");
    let read =
        crate::read("hr.csv", bytes, &inline_mapping(&mapping)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.problems, Vec::<String>::new());
    assert_eq!(read.employee_nos(), ["1"]);
}

#[test]
fn header_names_match_trimmed_and_ignoring_case() {
    let read = ok(read_text(
        " NO ;given;FAMILY;  Unit;occupation ;START\n1;A;B;U;O;2026-01-01\n",
        MAPPING,
    ));
    assert_eq!(read.employee_nos(), ["1"]);
    // Locations name the column as the file writes it.
    let bad = ok(read_text(
        " NO ;given;FAMILY;  Unit;occupation ;START\n1;A;B;U;O;2026-02-30\n",
        MAPPING,
    ));
    assert_eq!(
        bad.problems,
        [
            r#"hr.csv: line 2: <START>: start must be a date like 2026-11-20 or 20.11.2026 (value "2026-02-30")"#
        ]
    );
}

#[test]
fn values_are_trimmed_and_dates_may_carry_a_time() {
    let read = ok(read_text(
        "No;Given;Family;Unit;Occupation;Start\n 7 ; Anna ;\"Lind \";U ; O;2026-11-20T00:00:00\n",
        MAPPING,
    ));
    let anna = &read.people[0];
    assert_eq!(anna.employee_no, "7");
    assert_eq!(
        (anna.given_name.as_str(), anna.family_name.as_str()),
        ("Anna", "Lind")
    );
    assert_eq!(anna.employments[0].unit, "U");
    assert_eq!(anna.employments[0].start.to_string(), "2026-11-20");
}

#[test]
fn catalog_names_units_by_their_code_without_a_name_column() {
    let mapping = format!(
        "{MAPPING}\n[units]\n\"5110\" = \"SOC-HT\"\n\"5111\" = \"SOC-HT\"\n[occupations]\n\"7140\" = \"USK\"\n"
    );
    let read = ok(read_text(
        "No;Given;Family;Unit;Occupation;Start\n1;A;B;5110;7140;2026-01-01\n2;C;D;5111;7140;2026-01-01\n",
        &mapping,
    ));
    let units: Vec<(&str, &str)> = read
        .catalog
        .catalog
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    assert_eq!(units, [("SOC-HT", "5110")]);
    assert_eq!(read.catalog.catalog.occupations[0].name, "7140");
    assert_eq!(read.people[1].employments[0].unit, "SOC-HT");
}

#[test]
fn catalog_takes_a_name_from_a_later_row_when_the_first_has_none() {
    let mapping = MAPPING.replace(
        "start = \"Start\"",
        "start = \"Start\"\nunit_name = \"Unit name\"",
    );
    let read = ok(read_text(
        "No;Given;Family;Unit;Unit name;Occupation;Start\n1;A;B;U;;O;2026-01-01\n2;C;D;U;Hemtjänst;O;2026-01-01\n3;E;F;U;Other;O;2026-01-01\n",
        &mapping,
    ));
    assert_eq!(read.catalog.catalog.units[0].name, "Hemtjänst");
}

#[test]
fn rows_after_a_line_break_say_row_and_line() {
    let read = ok(read_text(
        "No;Given;Family;Unit;Occupation;Start;Note\n1;A;B;U;O;2026-01-01;\"two\nlines\"\n\n2;C;D;U;O;31.02.2026;\n",
        MAPPING,
    ));
    assert_eq!(
        read.problems,
        [
            r#"hr.csv: line 4: <Start>: row 4 (line 5 in a text editor): start must be a date like 2026-11-20 or 20.11.2026 (value "31.02.2026")"#
        ]
    );
}

#[test]
fn many_problems_are_capped_and_counted() {
    let mut text = String::from("No;Given;Family;Unit;Occupation;Start\n");
    for i in 0..1500 {
        text.push_str(&format!("{i};A;B;U;O;never\n"));
    }
    let read = ok(read_text(&text, MAPPING));
    assert!(read.people.is_empty());
    assert_eq!(read.problems.len(), 1001);
    assert_eq!(
        read.problems[1000],
        "hr.csv: 500 more problem(s) were found and not listed: correct the ones listed and read \
         the file again"
    );
}

#[test]
fn mapping_file_errors_name_the_file() {
    let missing = fixture_path("no-such-mapping.toml");
    let err = CsvMapping::from_file(&missing)
        .err()
        .unwrap_or_else(|| panic!("read a missing mapping"));
    // The message names the file; the cause is the source, not repeated in the message.
    assert_eq!(
        err.to_string(),
        format!("cannot read {}", missing.display())
    );
    assert!(
        std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
    // A CSV file is not a mapping file: the message names the file and where TOML fails.
    let csv = fixture_path("sample-hr.csv");
    let err = CsvMapping::from_file(&csv)
        .err()
        .unwrap_or_else(|| panic!("read a CSV file as mapping"));
    assert!(
        err.to_string().starts_with(&format!("{}: ", csv.display())),
        "{err}"
    );
    let err = CsvMapping::parse("[columns]\nemployee_no = \"No\"\n", "m.toml")
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert!(
        err.to_string().contains("missing field `given_name`"),
        "{err}"
    );
    assert!(err.problems().is_empty());
}

#[test]
fn debug_output_holds_no_file_content() {
    let reader = skillreg_csv::CsvReader::from_bytes(
        b"No;Given;Family;Personnummer;Unit;Occupation;Start\n1;A;B;19121212-1212;U;O;2026-01-01\n"
            .to_vec(),
        "hr.csv",
        &inline_mapping(MAPPING),
        crate::as_of(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let shown = format!("{reader:?}");
    assert!(!shown.contains("1212"), "{shown}");
    assert!(shown.contains("n_people: 1"), "{shown}");
}
