//! The sample register and its twins in other encodings and with a namespace.

use chrono::NaiveDate;
use skillreg_core::{Occupation, OrgUnit, SnapshotKind};
use skillreg_paxml::{PaxmlOptions, PaxmlReader, SOURCE};

use crate::{fixture, fixture_path, read_fixture, sample_mapping};

const SAMPLE_PEOPLE: [&str; 8] = [
    "10001 Karin | Åberg | karin.aberg@example.se | SOC-HT ECH 100% 2012-01-01.. manager - primary true | line 20",
    "10023 Anna | Lindqvist | anna.lindqvist@example.se | SOC-HT USK 75% 2015-03-01.. manager 10001 primary true | line 33",
    "10024 Mohammed | Al-Sayed | - | SOC-HT USK 100% 2021-08-15.. manager 10001 primary true | line 47",
    "10025 Sofia | Öhman & Berg | sofia.ohman@example.se | SOC-SÄBO USK 50% 2019-02-01.. manager 10030 primary true | line 60",
    "10030 Per | Ström | - | SOC-SÄBO ECH 100% 2010-09-01.. manager - primary true | line 74",
    "10031 Linnéa | Karlsson | - | SOC-SÄBO SSK 100% 2018-06-01.. manager 10030 primary true | line 86",
    "10040 Jonas | Berg | - | BUF-EHT SKSK 80% 2020-08-10.. manager - primary true | line 99",
    "10041 Elin | Nilsson | - | BUF-EHT SKSK 100% 2016-01-04..2026-06-30 manager - primary true | line 111",
];

#[test]
fn the_sample_gives_its_eight_people() {
    let read = read_fixture("sample-personal.pax").unwrap();
    assert_eq!(read.problems, Vec::<String>::new());
    assert_eq!(read.lines(), SAMPLE_PEOPLE);

    let anna = read.person("10023");
    let employment = &anna.employments[0];
    assert_eq!(anna.given_name, "Anna");
    assert_eq!(employment.unit, "SOC-HT");
    assert_eq!(employment.occupation, "USK");
    assert_eq!(employment.percent, Some(75));
    assert_eq!(
        employment.start,
        NaiveDate::from_ymd_opt(2015, 3, 1).unwrap()
    );
    assert_eq!(employment.manager.as_deref(), Some("10001"));
    assert!(employment.primary);
    assert!(anna.evidence.is_empty());
    assert_eq!(
        anna.location.to_string(),
        "sample-personal.pax: line 33, column 5: <person>"
    );

    assert_eq!(read.person("10025").family_name, "Öhman & Berg");
    assert_eq!(read.end, Default::default());
}

#[test]
fn the_header_is_the_datum_of_the_file() {
    let read = read_fixture("sample-personal.pax").unwrap();
    assert_eq!(read.header.source, SOURCE);
    assert_eq!(read.header.source, "paxml");
    assert_eq!(
        read.header.as_of,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    assert_eq!(read.header.exported_at, "2026-11-20T01:30:00");
    assert_eq!(read.header.kind, SnapshotKind::Full);
}

#[test]
fn the_catalog_holds_the_mapped_units_and_occupations_that_occur() {
    let read = read_fixture("sample-personal.pax").unwrap();
    let catalog = &read.catalog;
    assert!(catalog.names_if_new);
    let unit = |id: &str, name: &str| OrgUnit {
        id: id.into(),
        name: name.into(),
        parent: None,
    };
    assert_eq!(
        catalog.catalog.units,
        [
            unit("BUF-EHT", "Elevhälsan"),
            unit("SOC-HT", "Hemtjänst Centrum"),
            unit("SOC-SÄBO", "Särskilt boende Solgården"),
        ]
    );
    let occupation = |code: &str, name: &str| Occupation {
        code: code.into(),
        name: name.into(),
    };
    assert_eq!(
        catalog.catalog.occupations,
        [
            occupation("ECH", "Enhetschef"),
            occupation("SKSK", "Skolsköterska"),
            occupation("SSK", "Sjuksköterska"),
            occupation("USK", "Undersköterska"),
        ]
    );
    // Where each was found: the resultatenhet, and the first befattningskod of the occupation.
    let lines: Vec<String> = catalog
        .locations
        .units
        .iter()
        .chain(&catalog.locations.occupations)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "sample-personal.pax: line 17, column 5: <resultatenhet>",
            "sample-personal.pax: line 15, column 5: <resultatenhet>",
            "sample-personal.pax: line 16, column 5: <resultatenhet>",
            "sample-personal.pax: line 26, column 7: <befattningskod>",
            "sample-personal.pax: line 104, column 7: <befattningskod>",
            "sample-personal.pax: line 91, column 7: <befattningskod>",
            "sample-personal.pax: line 39, column 7: <befattningskod>",
        ]
    );
    assert!(catalog.catalog.systems.is_empty());
}

#[test]
fn the_digest_is_the_blake3_of_the_file() {
    let read = read_fixture("sample-personal.pax").unwrap();
    let expected = blake3::hash(&fixture("sample-personal.pax"))
        .to_hex()
        .to_string();
    assert_eq!(read.digest, Some(expected));
}

#[test]
fn open_reads_a_file_and_names_it() {
    let path = fixture_path("sample-personal.pax");
    let reader = PaxmlReader::open(&path, &sample_mapping(), PaxmlOptions::default()).unwrap();
    let read = crate::drive(reader);
    assert_eq!(read.people.len(), 8);
    let location = read.person("10023").location.to_string();
    assert_eq!(
        location,
        format!("{}: line 33, column 5: <person>", path.display())
    );
}

/// The same people, whatever the encoding, namespace, line ends or element order.
#[test]
fn twins_give_identical_records() {
    let sample = read_fixture("sample-personal.pax").unwrap();
    let without_lines = |read: &crate::Read| -> Vec<String> {
        read.people
            .iter()
            .map(|p| {
                crate::person_line(p)
                    .rsplit_once(" | line")
                    .unwrap()
                    .0
                    .to_string()
            })
            .collect()
    };
    for twin in [
        "sample-personal-utf8.pax",
        "sample-personal-ns22.pax",
        "sample-personal-cp1252.pax",
        "sample-personal-reordered.pax",
    ] {
        let read = read_fixture(twin).unwrap();
        assert_eq!(read.problems, Vec::<String>::new(), "{twin}");
        assert_eq!(without_lines(&read), without_lines(&sample), "{twin}");
        assert_eq!(read.catalog.catalog, sample.catalog.catalog, "{twin}");
        assert_eq!(read.header.as_of, sample.header.as_of, "{twin}");
        if twin != "sample-personal-reordered.pax" {
            // Same lines: the records are equal but for the file name in their locations.
            let digests: Vec<_> = read.people.iter().map(|p| p.digest()).collect();
            let expected: Vec<_> = sample.people.iter().map(|p| p.digest()).collect();
            assert_eq!(digests, expected, "{twin}");
            assert_eq!(read.lines(), sample.lines(), "{twin}");
        }
    }
    // Columns count characters, with a byte order mark and CRLF line ends too.
    let ns = read_fixture("sample-personal-ns22.pax").unwrap();
    assert_eq!(
        ns.person("10023").location.to_string(),
        "sample-personal-ns22.pax: line 33, column 5: <person>"
    );
}

/// No personal identity number reaches a record, a catalog or a Debug output.
#[test]
fn persnr_values_never_appear_in_what_is_read() {
    let bytes = fixture("sample-personal.pax");
    let text: String = bytes.iter().map(|b| char::from(*b)).collect();
    let persnrs: Vec<&str> = text
        .split("persnr=\"")
        .skip(1)
        .map(|rest| &rest[..12])
        .collect();
    assert_eq!(persnrs.len(), 8);
    assert!(
        persnrs
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    );
    for name in [
        "sample-personal.pax",
        "sample-personal-ns22.pax",
        "bad-missing-anstid.pax",
        "bad-date.pax",
    ] {
        let reader = PaxmlReader::from_bytes(
            fixture(name),
            name,
            &sample_mapping(),
            PaxmlOptions::default(),
        )
        .unwrap();
        let debug_reader = format!("{reader:?}");
        let read = crate::drive(reader);
        let everything = format!(
            "{debug_reader}\n{read:?}\n{}\n{}",
            serde_json::to_string(&read.people).unwrap(),
            read.problems.join("\n")
        );
        for persnr in &persnrs {
            assert!(!everything.contains(persnr), "{name} shows {persnr}");
        }
    }
}

#[test]
fn paths_are_taken_as_a_path_buf_or_a_string_too() {
    let mapping_path = crate::fixture_path("sample-mapping.toml");
    let by_value = skillreg_paxml::PaxmlMapping::from_file(mapping_path.clone()).unwrap();
    assert_eq!(
        by_value,
        skillreg_paxml::PaxmlMapping::from_file(mapping_path.as_path()).unwrap()
    );
    let path = fixture_path("sample-personal.pax").display().to_string();
    let reader = PaxmlReader::open(path.clone(), &by_value, PaxmlOptions::default()).unwrap();
    let read = crate::drive(reader);
    assert_eq!(read.people.len(), 8);
    assert_eq!(
        read.person("10023").location.file.as_deref(),
        Some(path.as_str())
    );
}
