//! Every error says each thing once: printed as the command line prints it (`{:#}`: the error,
//! then each `source()`, joined by ": "), no part of the chain appears twice, and a message
//! does not repeat the message of its own cause.
//!
//! One value of every variant of every public error enum of the workspace, wrapped I/O, XML and
//! SQLite errors made for real (a missing file, bad XML, bad SQL). A new variant belongs here.

use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use skillreg_cli::nightly::NightlyError;
use skillreg_cli::{CatalogFileError, JobError};
use skillreg_core::sync::{SyncConfig, SyncError, SyncReport, TerminationLimit};
use skillreg_core::{Location, Problem};
use skillreg_csv::CsvError;
use skillreg_http::HttpError;
use skillreg_paxml::PaxmlError;
use skillreg_scim::ScimError;
use skillreg_store::{Actor, Registry};
use skillreg_wlx::WlxError;
use skillreg_xapi::XapiError;

/// The chain as `{:#}` prints it, one entry per link.
fn links(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut links = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        links.push(cause.to_string());
        source = cause.source();
    }
    links
}

/// What is wrong with how `err` prints, or `None` when it says each thing once.
fn repeated(err: &(dyn Error + 'static)) -> Option<String> {
    let links = links(err);
    for (i, link) in links.iter().enumerate() {
        for cause in &links[i + 1..] {
            if !cause.is_empty() && link.contains(cause.as_str()) {
                return Some(format!("{link:?} repeats its cause {cause:?}"));
            }
        }
    }
    let joined = links.join(": ");
    let mut seen = Vec::new();
    for segment in joined.split(": ") {
        if seen.contains(&segment) {
            return Some(format!("{segment:?} appears twice in {joined:?}"));
        }
        seen.push(segment);
    }
    None
}

fn check(name: &str, err: &(dyn Error + 'static)) {
    assert!(!err.to_string().is_empty(), "{name}: an empty message");
    if let Some(what) = repeated(err) {
        panic!("{name}: {what}");
    }
}

/// Library errors say what went wrong; the commands to run and the flags to pass are the
/// command line's hints (`skillreg_cli::hints`).
fn check_library(name: &str, err: &(dyn Error + 'static)) {
    check(name, err);
    let text = links(err).join(": ");
    assert!(
        !text.contains("--") && !text.contains("`skillreg"),
        "{name}: a library message tells the user what to type: {text}"
    );
}

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path)
}

fn missing(name: &str) -> PathBuf {
    fixture("no-such-dir").join(name)
}

fn io_error() -> std::io::Error {
    match std::fs::File::open(missing("x.xml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    }
}

fn sqlite_error() -> rusqlite::Error {
    let conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    match conn.execute("selekt nothing", []) {
        Err(e) => e,
        Ok(_) => panic!("bad SQL ran"),
    }
}

fn problem(message: &str) -> Problem {
    let at = Location {
        file: Some(Arc::from("x.xml")),
        line: Some(3),
        column: Some(7),
        element: Some("Person".to_string()),
    };
    Problem::new(&at, Some("bad"), message)
}

/// A real tripped guard and its report: the sample, then an export that lacks five people.
fn guard_tripped() -> (skillreg_store::Error, SyncReport) {
    let mut registry = Registry::open_in_memory(Actor::Hr).unwrap_or_else(|e| panic!("{e}"));
    let config = SyncConfig::default();
    skillreg_cli::sync_wlx_bytes(
        &mut registry,
        skillreg_cli::SAMPLE_EXPORT,
        "sample",
        &config,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    match skillreg_cli::sync_wlx_file(
        &mut registry,
        &fixture("winlas/truncated-export.xml"),
        &config,
    ) {
        Err(JobError::Registry(e @ skillreg_store::Error::GuardTripped { .. })) => {
            let skillreg_store::Error::GuardTripped { report, .. } = &e else {
                unreachable!()
            };
            let report = (**report).clone();
            (e, report)
        }
        other => panic!("the guard did not trip: {other:?}"),
    }
}

/// A real refusal: an export with a level out of range.
fn refused() -> skillreg_store::Error {
    let mut registry = Registry::open_in_memory(Actor::Hr).unwrap_or_else(|e| panic!("{e}"));
    match skillreg_cli::sync_wlx_file(
        &mut registry,
        &fixture("winlas/bad-level.xml"),
        &SyncConfig::default(),
    ) {
        Err(JobError::Registry(e @ skillreg_store::Error::Refused { .. })) => e,
        other => panic!("not refused: {other:?}"),
    }
}

fn store_errors() -> Vec<(&'static str, skillreg_store::Error)> {
    use skillreg_store::Error;
    vec![
        ("Sqlite", Error::Sqlite(sqlite_error())),
        (
            "SchemaTooNew",
            Error::SchemaTooNew {
                found: 9,
                supported: 7,
            },
        ),
        ("UnknownEmployee", Error::UnknownEmployee("10001".into())),
        ("UnknownSystem", Error::UnknownSystem("NOPE".into())),
        ("UnknownCourse", Error::UnknownCourse("NOPE".into())),
        ("UnknownUnit", Error::UnknownUnit("NOPE".into())),
        ("UnknownOccupation", Error::UnknownOccupation("NOPE".into())),
        ("UnknownGroup", Error::UnknownGroup("NOPE".into())),
        ("UnknownRound", Error::UnknownRound(7)),
        (
            "Invalid",
            Error::Invalid("a round closes after it opens".into()),
        ),
        (
            "NoOpenReferral",
            Error::NoOpenReferral {
                employee_no: "10023".into(),
                course: "TC-CHEF".into(),
            },
        ),
        ("Refused", refused()),
        ("GuardTripped", guard_tripped().0),
        (
            "AccessDenied",
            Error::AccessDenied {
                actor: Actor::Employee("10023".into()),
                action: "read".into(),
                subject: "employee 10001".into(),
                who_may: "HR, the employee and their managers".into(),
            },
        ),
        ("Corrupt", Error::Corrupt("level 9 in assessment 4".into())),
    ]
}

fn http_errors() -> Vec<(&'static str, HttpError)> {
    let url = "https://hr.example.se/scim/v2/Users".to_string();
    vec![
        (
            "Secret",
            HttpError::Secret {
                var: "SCIM_TOKEN".into(),
                reason: "is not set",
            },
        ),
        (
            "Header",
            HttpError::Header {
                name: "X Bad".into(),
                reason: "not a valid header name".into(),
            },
        ),
        (
            "Url",
            HttpError::Url {
                url: "hr.example.se".into(),
                reason: "relative URL without a base".into(),
            },
        ),
        (
            "Unauthorized",
            HttpError::Unauthorized {
                url: url.clone(),
                status: 401,
            },
        ),
        (
            "Status",
            HttpError::Status {
                url: url.clone(),
                status: 404,
                attempts: 1,
                body: "{\"detail\":\"Not Found\"}".into(),
            },
        ),
        (
            "Transport",
            HttpError::Transport {
                url: url.clone(),
                message: "connection refused".into(),
                attempts: 5,
            },
        ),
        (
            "Decode",
            HttpError::Decode {
                url,
                message: "expected value at line 1 column 1".into(),
            },
        ),
    ]
}

fn wlx_errors() -> Vec<(&'static str, WlxError)> {
    let open = match skillreg_wlx::WlxReader::open(missing("export.xml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    };
    let malformed = match skillreg_wlx::WlxReader::new(&b"<WinlasExport formatVersion=\"1.0\"<"[..])
    {
        Err(e) => e,
        Ok(_) => panic!("bad XML was read"),
    };
    let return_file = match skillreg_wlx::read_return_file(&b"<WinlasExport/>"[..]) {
        Err(e) => e,
        Ok(_) => panic!("an export was read as a return file"),
    };
    vec![
        ("Open", open),
        ("Read", WlxError::Read(Box::new(problem("disk on fire")))),
        ("Malformed", malformed),
        (
            "UnsupportedEncoding",
            WlxError::UnsupportedEncoding(Box::new(problem("encoding UTF-16"))),
        ),
        ("WrongRoot", return_file),
        (
            "UnsupportedVersion",
            WlxError::UnsupportedVersion(Box::new(problem("formatVersion 2.0"))),
        ),
        (
            "InvalidHeader",
            WlxError::InvalidHeader(Box::new(problem("exportedAt is not a time"))),
        ),
        (
            "InvalidReturnFile",
            WlxError::InvalidReturnFile(vec![problem("a bad level"), problem("a bad date")]),
        ),
    ]
}

fn paxml_errors() -> Vec<(&'static str, PaxmlError)> {
    let open = match skillreg_paxml::PaxmlMapping::from_file(missing("mapping.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    };
    let mapping = match skillreg_paxml::PaxmlMapping::from_file(fixture(
        "paxml/bad-mapping-unknown-key.toml",
    )) {
        Err(e) => e,
        Ok(_) => panic!("a bad mapping was read"),
    };
    vec![
        ("Open", open),
        ("Read", PaxmlError::Read(Box::new(problem("disk on fire")))),
        (
            "Malformed",
            PaxmlError::Malformed(Box::new(problem("not well-formed XML"))),
        ),
        (
            "UnsupportedEncoding",
            PaxmlError::UnsupportedEncoding(Box::new(problem("encoding UTF-16"))),
        ),
        (
            "WrongRoot",
            PaxmlError::WrongRoot(Box::new(problem("root <foo>"))),
        ),
        (
            "UnsupportedVersion",
            PaxmlError::UnsupportedVersion(Box::new(problem("version 3.0"))),
        ),
        (
            "InvalidHeader",
            PaxmlError::InvalidHeader(Box::new(problem("no datum"))),
        ),
        ("Mapping", mapping),
    ]
}

fn csv_errors() -> Vec<(&'static str, CsvError)> {
    let open = match skillreg_csv::CsvMapping::from_file(missing("mapping.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    };
    let mapping = match skillreg_csv::CsvMapping::parse("delimiter = 7", "mapping.toml") {
        Err(e) => e,
        Ok(_) => panic!("a bad mapping was read"),
    };
    vec![
        ("Open", open),
        ("Mapping", mapping),
        (
            "Header",
            CsvError::Header(Box::new(problem("no column anstnr"))),
        ),
    ]
}

fn scim_errors() -> Vec<(&'static str, ScimError)> {
    let read = match skillreg_scim::ScimMapping::from_file(missing("scim.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    };
    let mapping = match skillreg_scim::ScimMapping::parse("[units]\nx = 1") {
        Err(e) => e,
        Ok(_) => panic!("a bad mapping was read"),
    };
    let url = "https://hr.example.se/scim/v2/Users".to_string();
    let mut errors = vec![
        ("MappingRead", read),
        ("Mapping", mapping),
        (
            "Config",
            ScimError::Config("the base URL holds a user name".into()),
        ),
        (
            "Incomplete",
            ScimError::Incomplete {
                url: url.clone(),
                announced: 100,
                received: 2,
                start_index: 3,
            },
        ),
        (
            "Stalled",
            ScimError::Stalled {
                url: url.clone(),
                start_index: 101,
            },
        ),
        (
            "TooMany",
            ScimError::TooMany {
                url,
                limit: 100_000,
            },
        ),
    ];
    for (_, http) in http_errors() {
        errors.push(("Http", ScimError::Http(http)));
    }
    errors
}

fn xapi_errors() -> Vec<(&'static str, XapiError)> {
    let file = match skillreg_xapi::XapiMapping::from_file(missing("xapi.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing file opened"),
    };
    let mapping = match skillreg_xapi::XapiMapping::parse("courses = 1") {
        Err(e) => e,
        Ok(_) => panic!("a bad mapping was read"),
    };
    let mut errors = vec![
        ("MappingFile", file),
        ("Mapping", mapping),
        (
            "Config",
            XapiError::Config("the page limit must be at least 1 statement".into()),
        ),
        (
            "Response",
            XapiError::Response {
                url: "https://lrs.example.se/xAPI/statements".into(),
                message: "no statements array".into(),
            },
        ),
    ];
    for (_, http) in http_errors() {
        errors.push(("Http", XapiError::Http(http)));
    }
    errors
}

fn job_errors() -> Vec<(&'static str, JobError)> {
    let mut errors: Vec<(&'static str, JobError)> = Vec::new();
    errors.extend(
        store_errors()
            .into_iter()
            .map(|(_, e)| ("Registry", e.into())),
    );
    errors.extend(wlx_errors().into_iter().map(|(_, e)| ("Wlx", e.into())));
    errors.extend(paxml_errors().into_iter().map(|(_, e)| ("Paxml", e.into())));
    errors.extend(csv_errors().into_iter().map(|(_, e)| ("Csv", e.into())));
    errors.extend(scim_errors().into_iter().map(|(_, e)| ("Scim", e.into())));
    errors.extend(xapi_errors().into_iter().map(|(_, e)| ("Xapi", e.into())));
    errors.extend(http_errors().into_iter().map(|(_, e)| ("Http", e.into())));
    errors.push((
        "Usage",
        JobError::Usage("--since needs --source xapi".into()),
    ));
    errors.push((
        "Write",
        JobError::Write {
            file: "return.xml".into(),
            source: io_error(),
        },
    ));
    errors
}

fn nightly_errors() -> Vec<(&'static str, NightlyError)> {
    let profile = match skillreg_cli::nightly::Profile::from_file(&missing("nightly.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing profile was read"),
    };
    vec![
        ("Profile", profile),
        (
            "Locked",
            NightlyError::Locked {
                lock: "registry.db.lock".into(),
                timeout: Duration::from_secs(1),
            },
        ),
        (
            "LockFile",
            NightlyError::LockFile {
                lock: "registry.db.lock".into(),
                source: io_error(),
            },
        ),
        (
            "Registry",
            NightlyError::Registry(store_errors().remove(0).1),
        ),
    ]
}

fn catalog_errors() -> Vec<(&'static str, CatalogFileError)> {
    let io = match skillreg_cli::read_catalog(&missing("catalog.toml")) {
        Err(e) => e,
        Ok(_) => panic!("a missing catalog was read"),
    };
    let invalid = match skillreg_cli::parse_catalog("[[systems]]\ncode = 1", "catalog.toml") {
        Err(e) => e,
        Ok(_) => panic!("a bad catalog was read"),
    };
    vec![("Io", io), ("Invalid", invalid)]
}

#[test]
fn the_checker_finds_a_cause_said_twice() {
    #[derive(Debug, thiserror::Error)]
    #[error("cannot open x.xml: {0}")]
    struct Twice(#[source] std::io::Error);
    assert!(repeated(&Twice(io_error())).is_some());

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open x.xml")]
    struct Once(#[source] std::io::Error);
    assert_eq!(repeated(&Once(io_error())), None);
    assert_eq!(links(&Once(io_error())).len(), 2);
}

#[test]
fn store_errors_say_each_thing_once() {
    for (name, err) in store_errors() {
        check_library(name, &err);
    }
    let actor = "bogus".parse::<Actor>().err();
    let actor = actor.unwrap_or_else(|| panic!("bogus is an actor"));
    check_library("ParseActorError", &actor);
}

#[test]
fn a_database_error_names_sqlites_message_once() {
    let err = skillreg_store::Error::Sqlite(sqlite_error());
    let links = links(&err);
    assert_eq!(links[0], "database error");
    assert!(links[1].contains("syntax error"), "{links:?}");
}

#[test]
fn sync_errors_say_each_thing_once() {
    let (_, report) = guard_tripped();
    let problems = match refused() {
        skillreg_store::Error::Refused { problems, .. } => problems,
        other => panic!("{other:?}"),
    };
    let errors: Vec<(&str, SyncError<skillreg_store::Error>)> = vec![
        (
            "Refused",
            SyncError::Refused {
                problems,
                n_more: 3,
            },
        ),
        (
            "GuardTripped",
            SyncError::GuardTripped {
                limit: TerminationLimit::Count(2),
                report: Box::new(report),
            },
        ),
        ("Store", SyncError::Store(store_errors().remove(0).1)),
    ];
    for (name, err) in &errors {
        check_library(name, err);
    }
}

#[test]
fn adapter_and_http_errors_say_each_thing_once() {
    for (name, err) in http_errors() {
        check_library(name, &err);
    }
    for (name, err) in wlx_errors() {
        check_library(name, &err);
    }
    for (name, err) in paxml_errors() {
        check_library(name, &err);
    }
    for (name, err) in csv_errors() {
        check_library(name, &err);
    }
    for (name, err) in scim_errors() {
        check_library(name, &err);
    }
    for (name, err) in xapi_errors() {
        check_library(name, &err);
    }
}

#[test]
fn file_errors_name_the_file_and_give_the_cause_as_source() {
    let (_, open) = wlx_errors().remove(0);
    let links = links(&open);
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].starts_with("cannot open ") && links[0].ends_with("export.xml"));
    assert_eq!(links[1], io_error().to_string());
}

#[test]
fn the_command_lines_errors_say_each_thing_once() {
    for (name, err) in job_errors() {
        check(name, &err);
        let err = anyhow::Error::from(err);
        let err: &(dyn Error + Send + Sync + 'static) = err.as_ref();
        check(name, err);
    }
    for (name, err) in nightly_errors() {
        check(name, &err);
    }
    for (name, err) in catalog_errors() {
        check(name, &err);
    }
}
