//! Files that cannot be read, and problems in records, with the exact messages.

use skillreg_paxml::{PaxmlError, PaxmlOptions};

use crate::{fixture, open_error, read_fixture, read_with, sample_mapping};

#[test]
fn a_file_that_declares_iso_8859_1_but_is_utf8_is_refused() {
    let read = read_fixture("bad-mojibake.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-mojibake.pax: line 9, column 19: the file declares ISO-8859-1 but its bytes \
             look UTF-8 (\"Ã¶\" is the UTF-8 encoding of \"ö\"): the names would be stored \
             garbled; have the file exported again, or change its XML declaration to \
             encoding=\"UTF-8\" if the whole file is UTF-8 (value \"Ã¶\")"
        ]
    );
    assert!(read.people.is_empty());
    assert!(read.catalog.catalog.units.is_empty());
}

#[test]
fn mojibake_in_a_name_names_its_line() {
    // Only the payroll form of Karin's employment is broken: MÅN read as MÃ…N.
    let text = String::from_utf8(fixture("sample-personal-utf8.pax")).unwrap();
    let text = text
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replacen("Lön", "Lon", 1);
    let latin1: Vec<u8> = text
        .char_indices()
        .flat_map(|(i, c)| {
            // Everything but the first MÅN (line 29) as ISO-8859-1 would write it.
            let first_man = text.find("MÅN").unwrap();
            if (first_man..first_man + "MÅN".len()).contains(&i) {
                c.to_string().into_bytes()
            } else {
                vec![u8::try_from(u32::from(c)).unwrap()]
            }
        })
        .collect();
    let read = read_with(
        "mixed.pax",
        &latin1,
        &sample_mapping(),
        PaxmlOptions::default(),
    )
    .unwrap();
    assert_eq!(read.problems.len(), 1);
    assert!(
        read.problems[0].starts_with(
            "mixed.pax: line 29, column 17: the file declares ISO-8859-1 but its bytes look \
             UTF-8 (\"Ã…\" is the UTF-8 encoding of \"Å\")"
        ),
        "{}",
        read.problems[0]
    );
    assert!(read.people.is_empty());
}

#[test]
fn unmapped_codes_are_listed_as_one_problem() {
    let read = read_fixture("bad-unmapped.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-unmapped.pax: 3 code(s) the mapping file does not know: occupation USK09 (1 \
             record, at line 36), occupation title Kock (1 record, at line 45), unit 5130 (2 \
             records, first at line 30); add them to the mapping file ([units] for \
             resultatenhet ids of dimension 1, [occupations] for befattningskod, or befattning \
             where there is no code), or allow unmapped codes to skip those people"
        ]
    );
    // Only the person with known codes is handed over; the sync is refused by the problem.
    assert_eq!(read.people.len(), 1);
    assert_eq!(read.people[0].employee_no, "10023");
    assert_eq!(read.end, Default::default());
}

#[test]
fn allow_unmapped_skips_those_people_with_a_warning_each() {
    let options = PaxmlOptions {
        allow_unmapped: true,
    };
    let read = read_with(
        "bad-unmapped.pax",
        &fixture("bad-unmapped.pax"),
        &sample_mapping(),
        options,
    )
    .unwrap();
    assert_eq!(read.problems, Vec::<String>::new());
    assert_eq!(read.people.len(), 1);
    assert_eq!(read.end.skipped, ["10050", "10051", "10052"]);
    let warnings: Vec<String> = read.end.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "bad-unmapped.pax: line 22, column 5: <person>: person 10050 was skipped: the \
             mapping file does not know unit 5130 (value \"10050\")",
            "bad-unmapped.pax: line 32, column 5: <person>: person 10051 was skipped: the \
             mapping file does not know occupation USK09, unit 5130 (value \"10051\")",
            "bad-unmapped.pax: line 42, column 5: <person>: person 10052 was skipped: the \
             mapping file does not know occupation title Kock (value \"10052\")",
        ]
    );
}

#[test]
fn bad_dates_are_reported_where_they_are() {
    let read = read_fixture("bad-date.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-date.pax: line 17, column 7: <anstdatum>: anstdatum must be a date YYYY-MM-DD \
             (value \"2015-02-30\")",
            "bad-date.pax: line 28, column 7: <avgdatum>: avgdatum must be a date YYYY-MM-DD \
             (value \"30/06/2026\")",
        ]
    );
    assert!(read.people.is_empty());
}

#[test]
fn bad_employment_rates_are_reported_and_good_ones_rounded() {
    let read = read_fixture("bad-sysgrad.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-sysgrad.pax: line 18, column 7: <sysgrad>: sysgrad must be a percentage more \
             than 0 and at most 100 (with . as decimal mark, not ,) (value \"75,5\")",
            "bad-sysgrad.pax: line 28, column 7: <sysgrad>: sysgrad must be a percentage more \
             than 0 and at most 100 (value \"0\")",
            "bad-sysgrad.pax: line 38, column 7: <sysgrad>: sysgrad must be a percentage more \
             than 0 and at most 100 (value \"120\")",
            "bad-sysgrad.pax: line 48, column 7: <sysgrad>: sysgrad must be a percentage more \
             than 0 and at most 100 (value \"heltid\")",
        ]
    );
    assert_eq!(read.people.len(), 1);
    assert_eq!(read.person("10027").employments[0].percent, Some(38));
}

#[test]
fn a_person_with_only_a_persnr_is_a_problem_that_does_not_show_it() {
    let read = read_fixture("bad-missing-anstid.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-missing-anstid.pax: line 12, column 5: <person>: this person has no anstid \
             (the employee number): it is required; people are never identified by persnr"
        ]
    );
    assert!(!read.problems[0].contains("198506212342"));
    assert!(!format!("{read:?}").contains("198506212342"));
    assert_eq!(read.people.len(), 1);
    assert_eq!(read.people[0].employee_no, "10024");
}

#[test]
fn a_deleted_person_is_not_handed_over() {
    let read = read_fixture("deleted-person.pax").unwrap();
    assert_eq!(read.problems, Vec::<String>::new());
    let numbers: Vec<&str> = read.people.iter().map(|p| p.employee_no.as_str()).collect();
    // 10041 (delete="true") and 10042 (delete="1", unknown codes) are left out, and their
    // codes are neither problems nor in the catalog.
    assert_eq!(numbers, ["10023"]);
    assert_eq!(read.end, Default::default());
    assert_eq!(read.catalog.catalog.units.len(), 1);
}

#[test]
fn major_version_3_is_refused() {
    let err = open_error("bad-version.pax");
    assert_eq!(
        err,
        "bad-version.pax: line 5, column 5: <version>: PAXml version 3.0 is not supported: \
         this adapter reads PAXml 2.x; ask for a 2.x file or upgrade skillreg (value \"3.0\")"
    );
    let result = read_fixture("bad-version.pax");
    assert!(matches!(result, Err(PaxmlError::UnsupportedVersion(_))));
}

#[test]
fn another_root_is_refused() {
    assert_eq!(
        open_error("bad-root.pax"),
        "bad-root.pax: line 2, column 1: <WinlasExport>: the root element must be <paxml>: \
         this is not a PAXml file (value \"WinlasExport\")"
    );
}

#[test]
fn a_header_without_datum_is_refused() {
    assert_eq!(
        open_error("bad-no-datum.pax"),
        "bad-no-datum.pax: line 3, column 3: <header>: the header has no <datum>: it is \
         required here (when the file was made, e.g. 2026-11-20T01:30:00), as the day by which \
         ended employments are judged"
    );
}

#[test]
fn an_unreadable_file_names_it() {
    let path = crate::fixture_path("no-such-file.pax");
    let err = skillreg_paxml::PaxmlReader::open(&path, &sample_mapping(), PaxmlOptions::default())
        .unwrap_err();
    assert!(matches!(err, PaxmlError::Open { .. }));
    assert_eq!(err.to_string(), format!("cannot read {}", path.display()));
    assert!(
        std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
}

#[test]
fn a_file_without_a_personnel_register_is_a_problem() {
    let read = read_fixture("bad-no-personal.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-no-personal.pax: line 2, column 1: <paxml>: the file has no <personal> \
             section: it is not a personnel register (the sync would take everyone as gone); \
             export the personnel register (REGISTER)"
        ]
    );
}

#[test]
fn a_cut_off_file_is_reported_once_where_it_ends() {
    let read = read_fixture("truncated.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "truncated.pax: line 62, column 18: <efternamn>: the file ends before </efternamn>: it \
          was cut off or damaged, export it again"
        ]
    );
    assert!(read.people.is_empty());
    assert_eq!(read.digest, None);
}

#[test]
fn a_personnummer_as_anstid_or_manager_is_refused_without_showing_it() {
    let read = read_fixture("bad-anstid-personnummer.pax").unwrap();
    assert_eq!(
        read.problems,
        [
            "bad-anstid-personnummer.pax: line 12, column 5: <person>: anstid looks like a \
             national identity number; the payroll system must export the employee number",
            "bad-anstid-personnummer.pax: line 24, column 21: <text>: person 10024: the manager \
             (<text id=\"CHEF\">) looks like a national identity number; the payroll system \
             must export the manager's employee number",
        ]
    );
    // An employee number that merely starts like a date is no identity number.
    assert_eq!(
        read.lines(),
        [
            "2001150001 Karin | Åberg | - | SOC-HT ECH -% 2012-01-01.. manager - primary true | line 27"
        ]
    );
    let everything = format!("{read:?}");
    for digits in ["19121212-1212", "191212121212", "1212121212"] {
        assert!(
            !everything.contains(digits),
            "{digits} shown in {everything}"
        );
    }
}
