//! Bad input: every problem names the file, the row (as a spreadsheet numbers it), the column's
//! header and the value, and the other people are still read.

use crate::read_fixture;

const SV: &str = "sample-hr-mapping.toml";
const NO: &str = "sample-hr-no-mapping.toml";

/// Reads `name` through `mapping` and checks the people read and the problems reported, in
/// order.
fn check(name: &str, mapping: &str, people: &[&str], problems: &[&str]) {
    let result = read_fixture(name, mapping).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(result.employee_nos(), people, "{name}: people");
    assert_eq!(result.problems, problems, "{name}: problems");
}

#[test]
fn bad_dates_two_digit_year_slashes_no_such_day() {
    check(
        "bad-date.csv",
        SV,
        &["10001", "10023", "10025", "10031", "10040"],
        &[
            r#"bad-date.csv: line 4: <Startdatum>: start has a two-digit year, which is ambiguous: write the year in full, e.g. 20.11.2026 (value "15.08.21")"#,
            r#"bad-date.csv: line 7: <Startdatum>: start is written with slashes, which is ambiguous (20/11 or 11/20?): export dates as 2026-11-20 or 20.11.2026 (value "09/01/2010")"#,
            r#"bad-date.csv: line 10: <Slutdatum>: end must be a date like 2026-11-20 or 20.11.2026 (value "2026-06-31")"#,
        ],
    );
}

#[test]
fn bad_percentages() {
    check(
        "bad-percent.csv",
        SV,
        &["10024", "10025", "10030", "10031", "10041"],
        &[
            r#"bad-percent.csv: line 2: <Sysselsättningsgrad>: percent must be a percentage 1-100, e.g. 75, 75,5 or 75 % (value "150")"#,
            r#"bad-percent.csv: line 3: <Sysselsättningsgrad>: percent must be a percentage 1-100, e.g. 75, 75,5 or 75 % (value "75 procent")"#,
            r#"bad-percent.csv: line 9: <Sysselsättningsgrad>: percent must be a percentage 1-100: 0,8 looks like a fraction; write 75 for 75 % (value "0,8")"#,
        ],
    );
}

#[test]
fn missing_column_lists_the_header() {
    let err = read_fixture("bad-missing-column.csv", SV)
        .err()
        .unwrap_or_else(|| panic!("bad-missing-column.csv was read"));
    assert_eq!(
        err.to_string(),
        r#"bad-missing-column.csv: line 1: the header has no column "Befattningskod" (mapped to occupation); its columns are "Anst.nr", "Förnamn", "Efternamn", "E-post", "Enhet", "Enhetsnamn", "Bef.kod", "Befattning", "Chef anst.nr", "Startdatum", "Slutdatum", "Sysselsättningsgrad", "Månadslön", "Anteckning": correct [columns] in sample-hr-mapping.toml or check the delimiter"#
    );
    assert_eq!(err.problems().len(), 1);
}

#[test]
fn ragged_row_after_a_line_break_names_row_and_line() {
    check(
        "bad-ragged.csv",
        SV,
        &[
            "10001", "10023", "10025", "10030", "10031", "10040", "10041",
        ],
        &[
            "bad-ragged.csv: line 4: row 4 (line 5 in a text editor): this row has 15 fields where the header has 14: check the delimiter and the quotes in this row",
        ],
    );
}

#[test]
fn rows_of_one_person_that_disagree_name_both_rows() {
    // 10025's rows give two family names (and the email in other case, which is the same
    // address); 10001's give two emails; 10041's second row gives an email the first lacks.
    check(
        "bad-names.csv",
        SV,
        &["10023", "10024", "10030", "10031", "10040", "10041"],
        &[
            r#"bad-names.csv: line 11: <E-post>: email differs from row 2 ("karin.aberg@example.se"): the rows of person 10001 must agree (value "k.aberg@example.se")"#,
            r#"bad-names.csv: line 10: <Efternamn>: family_name differs from row 5 ("Öhman & Berg"): the rows of person 10025 must agree (value "Öhman")"#,
        ],
    );
    let read = read_fixture("bad-names.csv", SV).unwrap_or_else(|e| panic!("{e}"));
    let elin = read.person("10041");
    assert_eq!(elin.email.as_deref(), Some("elin.nilsson@example.se"));
    assert_eq!(elin.employments.len(), 2);
}

#[test]
fn national_identity_numbers_are_refused_and_never_repeated() {
    let expected_people = ["10001", "10025", "10030", "10031", "10041"];
    let expected = [
        "bad-personnummer.csv: line 3: <Anst.nr>: looks like a national identity number; map the employee number column instead",
        "bad-personnummer.csv: line 4: <Chef anst.nr>: looks like a national identity number; map the manager's employee number column instead",
        "bad-personnummer.csv: line 9: <Anst.nr>: looks like a national identity number; map the employee number column instead",
    ];
    check("bad-personnummer.csv", SV, &expected_people, &expected);
    let read = read_fixture("bad-personnummer.csv", SV).unwrap_or_else(|e| panic!("{e}"));
    let everything = format!("{:?} {:?}", read.people, read.catalog);
    for part in ["1212", "01818799868", "018187", "99868"] {
        assert!(!everything.contains(part), "{part} was kept");
        assert!(
            read.problems.iter().all(|p| !p.contains(part)),
            "{part} was reported"
        );
    }
}

#[test]
fn empty_required_fields() {
    check(
        "bad-empty-fields.csv",
        SV,
        &["10001", "10023", "10025", "10030", "10040", "10041"],
        &[
            "bad-empty-fields.csv: line 4: <Efternamn>: family_name is empty: every row needs one",
            "bad-empty-fields.csv: line 4: <Startdatum>: start is empty: every row needs one",
            "bad-empty-fields.csv: line 8: <Anst.nr>: employee_no is empty: every row needs one",
        ],
    );
}

#[test]
fn unmapped_codes_are_one_problem_at_the_end() {
    check(
        "bad-unmapped-codes.csv",
        NO,
        &["10001", "10023", "10024", "10025", "10041"],
        &[
            "bad-unmapped-codes.csv: 2 code(s) the mapping file does not know: occupation 7999 (1 record, at line 8), unit 5130 (2 records, first at line 6); add them to [units] or [occupations] in sample-hr-no-mapping.toml",
        ],
    );
    // The catalog holds what could be mapped: 7999 is missing, SKSK came with Elin Nilsson.
    let read = read_fixture("bad-unmapped-codes.csv", NO).unwrap_or_else(|e| panic!("{e}"));
    let units: Vec<&str> = read
        .catalog
        .catalog
        .units
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(units, ["SOC-HT", "SOC-SÄBO", "BUF-EHT"]);
    let occupations: Vec<&str> = read
        .catalog
        .catalog
        .occupations
        .iter()
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(occupations, ["ECH", "USK", "SSK", "SKSK"]);
}

#[test]
fn primary_column_two_primaries_and_a_bad_flag() {
    check(
        "bad-primary.csv",
        NO,
        &["10023", "10024", "10030", "10031", "10040", "10041"],
        &[
            r#"bad-primary.csv: line 2: <Hovedstilling>: primary must be 1 or 0, true or false, ja or nej (nei), yes or no, or x or empty (value "kanskje")"#,
            r#"bad-primary.csv: line 10: <Hovedstilling>: person 10025 has more than one primary employment (the first is on row 5): exactly one row may say so in column "Hovedstilling""#,
        ],
    );
}
