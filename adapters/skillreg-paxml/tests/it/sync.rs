//! End to end: the sample through the sync engine into a SQLite registry.

use chrono::NaiveDate;
use skillreg_core::sync::SyncConfig;
use skillreg_paxml::{PaxmlOptions, PaxmlReader};
use skillreg_store::Registry;

use crate::{fixture_path, sample_mapping};

fn reader(name: &str, options: PaxmlOptions) -> PaxmlReader {
    PaxmlReader::open(fixture_path(name), &sample_mapping(), options).unwrap()
}

#[test]
fn the_sample_syncs_and_a_second_sync_changes_nothing() {
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
    let config = SyncConfig::default();
    let options = PaxmlOptions::default();

    let mut snapshot = reader("sample-personal.pax", options);
    let report = registry
        .sync(&mut snapshot, "sample-personal.pax", &config)
        .unwrap();
    assert_eq!(report.n_seen, 8);
    assert_eq!(report.n_created, 8);
    assert_eq!(report.n_terminated, 0);
    assert!(report.digest.is_some());

    let anna = registry.employee("10023").unwrap();
    assert_eq!(anna.full_name(), "Anna Lindqvist");
    assert_eq!(anna.employments.len(), 1);
    assert_eq!(anna.employments[0].unit, "SOC-HT");
    assert_eq!(anna.employments[0].occupation, "USK");
    assert_eq!(anna.employments[0].manager.as_deref(), Some("10001"));
    let sofia = registry.employee("10025").unwrap();
    assert_eq!(sofia.full_name(), "Sofia Öhman & Berg");
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    assert!(!registry.employee("10041").unwrap().is_active(day));

    let catalog = registry.catalog().unwrap();
    let units: Vec<(&str, &str)> = catalog
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("BUF-EHT", "Elevhälsan"),
            ("SOC-HT", "Hemtjänst Centrum"),
            ("SOC-SÄBO", "Särskilt boende Solgården"),
        ]
    );

    // The same file again, and its UTF-8 twin: nothing changes.
    for name in ["sample-personal.pax", "sample-personal-ns22.pax"] {
        let mut snapshot = reader(name, options);
        let report = registry.sync(&mut snapshot, name, &config).unwrap();
        assert_eq!(report.n_seen, 8, "{name}");
        assert_eq!(report.n_unchanged, 8, "{name}");
        assert_eq!(
            (report.n_created, report.n_updated, report.n_terminated),
            (0, 0, 0),
            "{name}"
        );
    }
}

/// The UTF-8 sample with `from` replaced by `to` (once).
fn sample_with(from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(crate::fixture("sample-personal-utf8.pax")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

fn from_bytes(bytes: Vec<u8>, options: PaxmlOptions) -> PaxmlReader {
    PaxmlReader::from_bytes(bytes, "changed.pax", &sample_mapping(), options).unwrap()
}

#[test]
fn unmapped_codes_refuse_the_sync_and_allowed_ones_keep_the_skipped_people() {
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
    let config = SyncConfig::default();
    let mut snapshot = reader("sample-personal.pax", PaxmlOptions::default());
    registry.sync(&mut snapshot, "sample", &config).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();

    // Anna moves to a cost centre the mapping does not know.
    let moved = sample_with(
        "<text id=\"CHEF\">10001</text></persontexter>\n      <resenheter><resenhet dim=\"1\" id=\"5110\"/>",
        "<text id=\"CHEF\">10001</text></persontexter>\n      <resenheter><resenhet dim=\"1\" id=\"5130\"/>",
    );
    let mut snapshot = from_bytes(moved.clone(), PaxmlOptions::default());
    let err = registry.sync(&mut snapshot, "moved", &config).unwrap_err();
    let skillreg_store::Error::Refused { problems, .. } = err else {
        panic!("expected a refusal, got {err}");
    };
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "changed.pax: 1 code(s) the mapping file does not know: unit 5130 (1 record, at line \
          45); add them to the mapping file ([units] for resultatenhet ids of dimension 1, \
          [occupations] for befattningskod, or befattning where there is no code), or allow \
          unmapped codes to skip those people"
        ]
    );

    // Allowed: Anna is skipped, neither changed nor taken as gone.
    let options = PaxmlOptions {
        allow_unmapped: true,
    };
    let mut snapshot = from_bytes(moved, options);
    let report = registry.sync(&mut snapshot, "moved", &config).unwrap();
    assert_eq!(report.n_seen, 7);
    assert_eq!(report.n_skipped, 1);
    assert_eq!(report.n_unchanged, 7);
    assert_eq!(report.n_terminated, 0);
    assert_eq!(report.n_warnings, 1);
    assert_eq!(
        report.warnings[0].to_string(),
        "changed.pax: line 33, column 5: <person>: person 10023 was skipped: the mapping file \
         does not know unit 5130 (value \"10023\")"
    );
    let anna = registry.employee("10023").unwrap();
    assert!(anna.is_active(day));
    assert_eq!(anna.employments[0].unit, "SOC-HT");
}

#[test]
fn a_deleted_person_is_terminated() {
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
    let config = SyncConfig::default();
    let mut snapshot = reader("sample-personal.pax", PaxmlOptions::default());
    registry.sync(&mut snapshot, "sample", &config).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    assert!(registry.employee("10040").unwrap().is_active(day));

    let deleted = sample_with(
        "<person anstid=\"10040\" persnr=\"197912247892\">",
        "<person anstid=\"10040\" persnr=\"197912247892\" delete=\"true\">",
    );
    let mut snapshot = from_bytes(deleted, PaxmlOptions::default());
    let report = registry.sync(&mut snapshot, "deleted", &config).unwrap();
    assert_eq!(report.n_seen, 7);
    assert_eq!(report.n_terminated, 1);
    assert_eq!(report.n_unchanged, 7);
    assert!(!registry.employee("10040").unwrap().is_active(day));
}

#[test]
fn a_file_that_changes_between_the_two_readings_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("personal.pax");
    std::fs::write(&path, crate::fixture("sample-personal.pax")).unwrap();
    let mut reader = PaxmlReader::open(&path, &sample_mapping(), PaxmlOptions::default()).unwrap();
    let (_, problems) = skillreg_core::Snapshot::catalog(&mut reader);
    assert!(problems.is_empty());
    // The export is written again while the sync runs.
    std::fs::write(&path, crate::fixture("sample-personal-cp1252.pax")).unwrap();
    let read = crate::drive(reader);
    assert_eq!(read.people.len(), 8);
    assert_eq!(
        read.problems,
        [format!(
            "{}: the file changed while it was being read: run the sync again once the export \
             is complete",
            path.display()
        )]
    );
}

/// The engine names the manager as the payroll file carries it: the person text the mapping
/// file names, not a field of another format.
#[test]
fn a_person_who_is_their_own_manager_is_refused_naming_the_person_text() {
    let bytes = std::fs::read(fixture_path("sample-personal.pax")).unwrap();
    // The second person text is Mohammed's (10024): make him his own manager.
    let chef = b"<text id=\"CHEF\">10001</text>";
    let at = bytes
        .windows(chef.len())
        .enumerate()
        .filter(|(_, w)| w == chef)
        .map(|(i, _)| i)
        .nth(1)
        .unwrap();
    let mut own = bytes[..at].to_vec();
    own.extend_from_slice(b"<text id=\"CHEF\">10024</text>");
    own.extend_from_slice(&bytes[at + chef.len()..]);
    let mut snapshot =
        PaxmlReader::from_bytes(own, "own.pax", &sample_mapping(), PaxmlOptions::default())
            .unwrap();
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
    match registry.sync(&mut snapshot, "own.pax", &SyncConfig::default()) {
        Err(skillreg_store::Error::Refused { problems, .. }) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].ends_with(
                    r#"a person cannot be their own manager: correct <text id="CHEF"> (value "10024")"#
                ),
                "{problems:?}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}
