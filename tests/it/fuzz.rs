//! Malformed input at scale for the files the CLI reads itself: the TOML catalog, the nightly
//! profile, a round's answers CSV, a maturity framework and its answers, arbitrary and damaged, are read or refused with a
//! message that says where, never with a panic or a hang.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::sample::Index;
use skillreg_cli::JobError;
use skillreg_cli::nightly::{NightlyError, Profile};
use skillreg_cli::{CatalogFileError, parse_catalog, rounds::read_answers};
use skillreg_testkit::mutate::{self, LIMIT, within};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// What gets inserted into a CSV answers file.
const CSV_TOKENS: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"\"",
    b"\n",
    b"\r\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\x00",
    b"99999999999999999999",
    b"-1",
    b"7",
    b"3 \xE2\x80\x93 Avancerad",
    b"2026-02-30",
    b"24.11.2026",
    b"2026-11-24 25:61",
    b"197003121238",
    b"round",
    b"level",
];

/// Parses catalog text on a thread with a time limit: the number of systems, or the error,
/// which must say where (TOML errors name line and column).
fn catalog(text: String) -> Result<usize, String> {
    within("the catalog parser", LIMIT, move || {
        match parse_catalog(&text, "fuzz.toml") {
            Ok(read) => {
                for at in read.locations.systems.iter().chain(&read.locations.units) {
                    assert!(at.line.is_some(), "a catalog item without a line: {at}");
                }
                Ok(read.catalog.systems.len())
            }
            Err(err @ CatalogFileError::Invalid { .. }) => {
                let message = err.to_string();
                assert!(
                    message.starts_with("fuzz.toml: ") && message.contains("line"),
                    "a catalog error without a line: {message}"
                );
                Err(message)
            }
            Err(other) => panic!("parsing text gave {other}"),
        }
    })
}

/// Parses a profile on a thread with a time limit; an error names the file.
fn profile(text: String) -> Result<usize, String> {
    within("the profile parser", LIMIT, move || {
        match Profile::parse(
            &text,
            "fuzz.toml",
            PathBuf::from(ROOT).join("fixtures/nightly"),
        ) {
            Ok(profile) => Ok(profile.steps.len()),
            Err(err @ NightlyError::Profile { .. }) => {
                let message = err.to_string();
                assert!(message.starts_with("profile fuzz.toml: "), "{message}");
                Err(message)
            }
            Err(other) => panic!("parsing text gave {other}"),
        }
    })
}

/// Reads an answers file on a thread with a time limit; every problem of a refusal has a line.
fn answers(bytes: Vec<u8>) -> Result<usize, String> {
    within("the answers reader", LIMIT, move || {
        match read_answers(bytes, "fuzz.csv") {
            Ok(read) => Ok(read.len()),
            Err(JobError::Registry(skillreg_store::Error::Refused { problems, .. })) => {
                assert!(!problems.is_empty(), "a refusal without a problem");
                for p in &problems {
                    assert!(p.location.line.is_some(), "a problem without a line: {p}");
                }
                Err(problems[0].to_string())
            }
            Err(other) => panic!("reading bytes gave {other}"),
        }
    })
}

/// Parses a maturity framework on a thread with a time limit; an error names the file, and a
/// line (the TOML parser's, or each problem's).
fn framework(text: String) -> Result<usize, String> {
    within(
        "the framework parser",
        LIMIT,
        move || match skillreg_core::maturity::Framework::parse(&text, "fuzz.toml") {
            Ok(f) => Ok(f.capabilities.len()),
            Err(skillreg_core::maturity::FrameworkError::Invalid { problems, .. }) => {
                assert!(!problems.is_empty(), "a refusal without a problem");
                for p in &problems {
                    assert!(p.location.line.is_some(), "a problem without a line: {p}");
                }
                Err(problems[0].to_string())
            }
            Err(err) => {
                let message = err.to_string();
                assert!(
                    message.starts_with("fuzz.toml ") && message.contains("line"),
                    "{message}"
                );
                Err(message)
            }
        },
    )
}

/// Reads a maturity answers file on a thread with a time limit; every problem has a line.
fn maturity_answers(bytes: Vec<u8>) -> Result<usize, String> {
    within("the maturity answers reader", LIMIT, move || {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a day");
        match skillreg_cli::maturity::read_answers(bytes, "fuzz.csv", day) {
            Ok(read) => Ok(read.len()),
            Err(JobError::Registry(skillreg_store::Error::Refused { problems, .. })) => {
                assert!(!problems.is_empty(), "a refusal without a problem");
                for p in &problems {
                    assert!(p.location.line.is_some(), "a problem without a line: {p}");
                }
                Err(problems[0].to_string())
            }
            Err(other) => panic!("reading bytes gave {other}"),
        }
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_catalogs_are_read_or_refused_with_a_line(
        edits in prop::collection::vec(mutate::edit(512), 1..6),
    ) {
        let doc = mutate::fixture(ROOT, "catalog/sample-catalog.toml");
        let _ = catalog(text(&mutate::apply(&doc, &edits, mutate::TOML_TOKENS, b'[')));
    }

    #[test]
    fn damaged_profiles_are_read_or_refused_naming_the_file(
        edits in prop::collection::vec(mutate::edit(512), 1..6),
    ) {
        let doc = mutate::fixture(ROOT, "nightly/sample-profile.toml");
        let _ = profile(text(&mutate::apply(&doc, &edits, mutate::TOML_TOKENS, b'\n')));
    }

    #[test]
    fn damaged_answers_are_read_or_refused_with_lines(
        (which, edits) in mutate::damaged(6),
    ) {
        let files = ["usk-answers.csv", "usk-answers-cp1252.csv", "usk-answers-bad.csv"];
        let doc = mutate::fixture(ROOT, &format!("rounds/{}", files[which.index(files.len())]));
        let _ = answers(mutate::apply(&doc, &edits, CSV_TOKENS, b'\n'));
    }

    #[test]
    fn damaged_maturity_frameworks_are_read_or_refused_with_a_line(
        (which, edits) in mutate::damaged(6),
    ) {
        let files = ["example-framework.toml", "small-framework.toml", "bad-framework.toml"];
        let doc = mutate::fixture(ROOT, &format!("maturity/{}", files[which.index(files.len())]));
        let _ = framework(text(&mutate::apply(&doc, &edits, mutate::TOML_TOKENS, b'\n')));
    }

    #[test]
    fn damaged_maturity_answers_are_read_or_refused_with_lines(
        (which, edits) in mutate::damaged(6),
    ) {
        let files = ["answers-comma.csv", "answers-semicolon.csv", "answers-bad.csv"];
        let doc = mutate::fixture(ROOT, &format!("maturity/{}", files[which.index(files.len())]));
        let _ = maturity_answers(mutate::apply(&doc, &edits, CSV_TOKENS, b'\n'));
    }

    #[test]
    fn arbitrary_text_is_read_or_refused_with_a_location(
        doc in mutate::bytes(&[b"", b"[[systems]]\n", b"[[step]]\n", b"round;employee_no;system;level\n"], 1024),
        which in any::<Index>(),
    ) {
        match which.index(5) {
            0 => { let _ = catalog(text(&doc)); }
            1 => { let _ = profile(text(&doc)); }
            2 => { let _ = framework(text(&doc)); }
            3 => { let _ = maturity_answers(doc); }
            _ => { let _ = answers(doc); }
        }
    }
}

#[test]
fn the_shipped_files_read_before_damage() {
    // The check that the documents above start out valid.
    let doc = mutate::fixture(ROOT, "catalog/sample-catalog.toml");
    assert!(catalog(text(&doc)).is_ok_and(|n| n >= 3));
    let doc = mutate::fixture(ROOT, "nightly/sample-profile.toml");
    assert_eq!(profile(text(&doc)), Ok(3));
    let doc = mutate::fixture(ROOT, "rounds/usk-answers.csv");
    assert!(answers(doc).is_ok_and(|n| n > 0));
    let doc = mutate::fixture(ROOT, "maturity/example-framework.toml");
    assert_eq!(framework(text(&doc)), Ok(13));
    let doc = mutate::fixture(ROOT, "maturity/answers-semicolon.csv");
    assert_eq!(maturity_answers(doc), Ok(8));
}

#[test]
fn deeply_nested_toml_is_refused_not_overflowed() {
    // An inline table nested 100,000 deep: the TOML parser's depth limit, not the stack.
    let doc = format!("x = {}1{}\n", "{a=".repeat(100_000), "}".repeat(100_000));
    let message = catalog(doc.clone()).err().unwrap_or_default();
    assert!(message.contains("line 1"), "{message}");
    assert!(profile(doc).is_err());
}
