//! The AFL++ targets' bodies: each takes the fuzzer's bytes as one input file (or one page of
//! answers) and reads it through. Reading must end in `Ok` or in problems or errors that say
//! where; anything else panics, which AFL++ records as a crash. A reader that does not end is
//! recorded as a hang (the `-t` limit of `.ci/fuzz`).

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use skillreg_core::{Problem, Snapshot};

/// The repository's root (where `fixtures/` is).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn day() -> NaiveDate {
    skillreg_testkit::d("2026-11-20")
}

/// Reads a snapshot through (the test kit's reader, as the property tests do); every problem
/// must pass `located`.
fn drive(snapshot: &mut dyn Snapshot, max_steps: usize, located: impl Fn(&Problem) -> bool) {
    let _ = skillreg_testkit::mutate::drive(snapshot, max_steps, located);
}

fn has_line(p: &Problem) -> bool {
    p.location.line.is_some() || p.message.contains(" line ") || p.message.contains(" row")
}

fn names_record(p: &Problem) -> bool {
    p.location.line.is_some() || p.location.element.is_some()
}

/// A WLX export.
pub fn wlx_export(data: &[u8]) {
    match skillreg_wlx::WlxReader::with_file_name(data, "fuzz.xml") {
        Ok(mut reader) => drive(&mut reader, data.len() + 1, has_line),
        Err(err) => assert!(
            err.problems().iter().all(has_line) && !err.problems().is_empty(),
            "{err}"
        ),
    }
}

/// A WLX return file.
pub fn wlx_return(data: &[u8]) {
    if let Err(err) = skillreg_wlx::read_return_file(data) {
        assert!(
            err.problems().iter().all(has_line) && !err.problems().is_empty(),
            "{err}"
        );
    }
}

fn paxml_mapping() -> &'static skillreg_paxml::PaxmlMapping {
    static MAPPING: OnceLock<skillreg_paxml::PaxmlMapping> = OnceLock::new();
    MAPPING.get_or_init(|| {
        skillreg_paxml::PaxmlMapping::from_file(root().join("fixtures/paxml/sample-mapping.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// A PAXml file, with the sample mapping.
pub fn paxml(data: &[u8]) {
    let options = skillreg_paxml::PaxmlOptions::default();
    match skillreg_paxml::PaxmlReader::from_bytes(
        data.to_vec(),
        "fuzz.pax",
        paxml_mapping(),
        options,
    ) {
        Ok(mut reader) => drive(&mut reader, data.len() + 1, has_line),
        Err(err) => assert!(err.problem().is_some_and(has_line), "{err}"),
    }
}

fn csv_mapping() -> &'static skillreg_csv::CsvMapping {
    static MAPPING: OnceLock<skillreg_csv::CsvMapping> = OnceLock::new();
    MAPPING.get_or_init(|| {
        skillreg_csv::CsvMapping::from_file(root().join("fixtures/csv/sample-hr-mapping.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// An HR CSV file, with the sample mapping.
pub fn csv(data: &[u8]) {
    match skillreg_csv::CsvReader::from_bytes(data.to_vec(), "fuzz.csv", csv_mapping(), day()) {
        Ok(mut reader) => drive(&mut reader, data.len() + 1, has_line),
        Err(err) => assert!(
            err.problems().iter().all(|p| has_line(p)
                || p.message.starts_with("the header line")
                || p.message.contains("its first line"))
                && !err.problems().is_empty(),
            "{err}"
        ),
    }
}

/// One page of a SCIM service's Users, with the sample mapping.
pub fn scim(data: &[u8]) {
    static MAPPING: OnceLock<skillreg_scim::ScimMapping> = OnceLock::new();
    let mapping = MAPPING.get_or_init(|| {
        skillreg_scim::ScimMapping::from_file(root().join("fixtures/scim/mapping.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    });
    match skillreg_scim::snapshot_from_pages(
        "https://hr.example.se/scim/v2",
        mapping,
        day(),
        [data],
    ) {
        Ok(mut snapshot) => drive(&mut snapshot, data.len() + 1, names_record),
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.contains(" page ") || message.contains("startIndex"),
                "{message}"
            );
        }
    }
}

/// One page of an LRS's statements, with the sample mapping.
pub fn xapi(data: &[u8]) {
    static MAPPING: OnceLock<skillreg_xapi::XapiMapping> = OnceLock::new();
    let mapping = MAPPING.get_or_init(|| {
        skillreg_xapi::XapiMapping::from_file(root().join("fixtures/xapi/mapping.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let config =
        skillreg_xapi::XapiConfig::new("https://lrs.example.se/xAPI", skillreg_http::Auth::None);
    match skillreg_xapi::read_pages(&config, mapping, None, [data]) {
        Ok(mut snapshot) => drive(&mut snapshot, data.len() + 1, names_record),
        Err(err) => {
            let message = err.to_string();
            assert!(message.contains(" page "), "{message}");
        }
    }
}

/// A TOML catalog file.
pub fn catalog(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(err) = skillreg_cli::parse_catalog(text, "fuzz.toml") {
        let message = err.to_string();
        assert!(
            message.starts_with("fuzz.toml: ") && message.contains("line"),
            "{message}"
        );
    }
}

/// A nightly profile.
pub fn nightly(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(err) =
        skillreg_cli::nightly::Profile::parse(text, "fuzz.toml", root().join("fixtures/nightly"))
    {
        let message = err.to_string();
        assert!(message.starts_with("profile fuzz.toml: "), "{message}");
    }
}

/// A self-assessment round's answers CSV.
pub fn answers(data: &[u8]) {
    match skillreg_cli::rounds::read_answers(data.to_vec(), "fuzz.csv") {
        Ok(_) => {}
        Err(skillreg_cli::JobError::Registry(skillreg_store::Error::Refused {
            problems, ..
        })) => {
            assert!(!problems.is_empty() && problems.iter().all(|p| p.location.line.is_some()));
        }
        Err(other) => panic!("reading bytes gave {other}"),
    }
}

/// The mapping files of PAXml, HR CSV, SCIM and xAPI (the same text to each).
pub fn mappings(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(err) = skillreg_paxml::PaxmlMapping::parse(text, "fuzz.toml") {
        assert!(err.to_string().contains("fuzz.toml"), "{err}");
    }
    if let Err(err) = skillreg_csv::CsvMapping::parse(text, "fuzz.toml") {
        assert!(err.to_string().starts_with("fuzz.toml: "), "{err}");
    }
    if let Err(err) = skillreg_scim::ScimMapping::parse(text) {
        assert!(err.to_string().starts_with("mapping file "), "{err}");
    }
    if let Err(err) = skillreg_xapi::XapiMapping::parse(text) {
        assert!(err.to_string().starts_with("mapping: "), "{err}");
    }
}
