//! End to end: the sample synced into a real registry (SQLite in memory) by the real engine.

use skillreg_core::sync::SyncConfig;
use skillreg_csv::CsvReader;
use skillreg_store::{Error, Registry};

use crate::{as_of, day, fixture, mapping};

fn reader(name: &str, mapping_name: &str) -> CsvReader {
    CsvReader::from_bytes(fixture(name), name, &mapping(mapping_name), as_of())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn registry() -> Registry {
    Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sample_creates_eight_people_and_a_second_sync_changes_nothing() {
    let mut registry = registry();
    let config = SyncConfig::default();
    let mut first = reader("sample-hr.csv", "sample-hr-mapping.toml");
    let report = registry
        .sync(&mut first, "sample-hr.csv", &config)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.n_seen, 8);
    assert_eq!(report.n_created, 8);
    // Elin Nilsson's only employment ended 2026-06-30: she is recorded, but not active.
    assert_eq!(report.n_terminated, 0);
    assert_eq!(report.catalog.len(), 7, "3 units and 4 occupations");

    let sofia = registry.employee("10025").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sofia.family_name, "Öhman & Berg");
    let employments: Vec<(&str, Option<u8>, bool, Option<&str>)> = sofia
        .employments
        .iter()
        .map(|e| (e.unit.as_str(), e.percent, e.primary, e.manager.as_deref()))
        .collect();
    assert_eq!(employments.len(), 2);
    assert!(employments.contains(&("SOC-SÄBO", Some(50), true, Some("10030"))));
    assert!(employments.contains(&("SOC-HT", Some(25), false, Some("10001"))));
    let elin = registry.employee("10041").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(elin.employments[0].end, Some(day(2026, 6, 30)));

    let mut second = reader("sample-hr.csv", "sample-hr-mapping.toml");
    let report = registry
        .sync(&mut second, "sample-hr.csv", &config)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.n_unchanged, 8);
    assert_eq!(report.n_created + report.n_updated + report.n_terminated, 0);
    assert!(report.is_empty(), "{report:?}");
}

#[test]
fn twin_after_sample_changes_nothing() {
    let mut registry = registry();
    let config = SyncConfig::default();
    let mut sample = reader("sample-hr.csv", "sample-hr-mapping.toml");
    registry
        .sync(&mut sample, "sample-hr.csv", &config)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut twin = reader("sample-hr-no.csv", "sample-hr-no-mapping.toml");
    let report = registry
        .sync(&mut twin, "sample-hr-no.csv", &config)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.n_unchanged, 8);
    assert!(report.is_empty(), "{report:?}");
}

#[test]
fn a_bad_file_is_refused_and_nothing_is_written() {
    let mut registry = registry();
    let mut bad = reader("bad-unmapped-codes.csv", "sample-hr-no-mapping.toml");
    let err = registry
        .sync(&mut bad, "bad-unmapped-codes.csv", &SyncConfig::default())
        .err()
        .unwrap_or_else(|| panic!("a file with unmapped codes was synced"));
    match &err {
        Error::Refused {
            problems, n_more, ..
        } => {
            assert_eq!(*n_more, 0);
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            // The engine adds what follows from it: Sofia Öhman & Berg's manager 10030 was
            // left out for his unmapped unit.
            assert_eq!(
                problems,
                [
                    "bad-unmapped-codes.csv: 2 code(s) the mapping file does not know: occupation 7999 (1 record, at line 8), unit 5130 (2 records, first at line 6); add them to [units] or [occupations] in sample-hr-no-mapping.toml",
                    r#"bad-unmapped-codes.csv: line 5: unknown manager: column "Leders ansattnr" names nobody in the file or the registry (value "10030")"#,
                ]
            );
        }
        other => panic!("expected a refusal, got {other}"),
    }
    assert!(registry.employee("10001").is_err(), "nothing was written");
}

/// The same mistakes as `skillreg-scim`'s `the_engine_names_the_scim_attributes`: a person who is
/// their own manager, a manager who is not in the file. The engine names the column the mapping
/// file gives, as the HR user sees it in the spreadsheet.
#[test]
fn the_engine_names_the_mapped_columns() {
    let text = String::from_utf8(fixture("sample-hr.csv")).unwrap_or_else(|e| panic!("{e}"));
    let text = text
        .replacen(
            "USK;Undersköterska;10001;2021-08-15",
            "USK;Undersköterska;10024;2021-08-15",
            1,
        )
        .replacen(
            "USK;Undersköterska;10001;2015-03-01",
            "USK;Undersköterska;10099;2015-03-01",
            1,
        );
    let mut reader = CsvReader::from_bytes(
        text.into_bytes(),
        "hr.csv",
        &mapping("sample-hr-mapping.toml"),
        as_of(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    match registry().sync(&mut reader, "hr.csv", &SyncConfig::default()) {
        Err(Error::Refused { problems, .. }) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(
                problems,
                [
                    r#"hr.csv: line 4: a person cannot be their own manager: correct column "Chef anst.nr" (value "10024")"#,
                    r#"hr.csv: line 3: unknown manager: column "Chef anst.nr" names nobody in the file or the registry (value "10099")"#,
                ]
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// An unknown unit cannot reach the engine from a CSV file (the units that occur are stated as
/// the catalog), so the check is asked directly, with the reader's names.
#[test]
fn an_unknown_unit_names_the_mapped_column() {
    use skillreg_core::sync::{Known, SourceRole, check_person};
    use skillreg_core::{Catalog, FieldNames, Snapshot};

    let mut reader = reader("sample-hr.csv", "sample-hr-mapping.toml");
    let names = FieldNames::of(&reader);
    let anna = reader
        .next_person()
        .unwrap_or_else(|p| panic!("{p:?}"))
        .unwrap_or_else(|| panic!("no person"));
    let empty = Catalog::default();
    let problems: Vec<String> = check_person(&anna, &Known::new(&empty, names, SourceRole::People))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            r#"sample-hr.csv: line 2: unknown org unit: add it to the org units or correct column "Enhet" (value "SOC-HT")"#,
            r#"sample-hr.csv: line 2: unknown occupation: add it to the occupations or correct column "Befattningskod" (value "ECH")"#,
        ]
    );
}
