//! Fetching from a real LRS: records, warnings, watermark, paging, `since`, errors.

use chrono::{DateTime, Local};
use skillreg_core::{EvidenceRecord, PersonRecord, SnapshotKind, Watermark};
use skillreg_http::{Auth, HttpConfig, Secret};
use skillreg_testkit::d;
use skillreg_xapi::{XapiConfig, XapiError, XapiMapping};

use crate::{Lrs, PASSWORD, fetch_ok, id, mapping, read};

fn person(lrs: &Lrs, no: &str, first: u32, results: &[(&str, &str, u32)]) -> PersonRecord {
    PersonRecord {
        employee_no: no.to_string(),
        given_name: String::new(),
        family_name: String::new(),
        email: None,
        gender: None,
        employments: Vec::new(),
        evidence: results
            .iter()
            .map(
                |(course, completed, statement)| EvidenceRecord::CourseResult {
                    course: course.to_string(),
                    completed: d(completed),
                    location: lrs.at(*statement),
                },
            )
            .collect(),
        location: lrs.at(first),
    }
}

/// What the sample statements come to: Anna's LC-HANDL (completed), Mohammed's LC-GRUND (its
/// timestamp is 00:30 on the 20th in +01:00, so the 20th, though it is still the 19th in UTC),
/// Linnéa's LC-HANDL once although she both passed (14:05) and completed (14:00) it that day.
/// Left out without a warning: Anna's `launched` and `experienced`, Mohammed's failed pass of
/// LC-DOK, Jonas's TEAMS-1 (voided by statement 10).
fn sample_people(lrs: &Lrs) -> Vec<PersonRecord> {
    vec![
        person(lrs, "10023", 1, &[("LC-HANDL", "2026-11-16", 1)]),
        person(lrs, "10024", 8, &[("LC-GRUND", "2026-11-20", 8)]),
        person(lrs, "10031", 2, &[("LC-HANDL", "2026-11-17", 2)]),
    ]
}

fn sample_warnings(lrs: &Lrs) -> Vec<String> {
    let base = lrs.base_url();
    vec![
        format!(
            "{base}: <statement {}>: 1 completion statement left out: account \"10025\" at https://other-lms.example.com maps to no employee number; only accounts at account_home_page https://lms.example.se are read (correct it in the mapping file if this is the same LMS)",
            id(11)
        ),
        format!(
            "{base}: <statement {}>: 1 completion statement left out: account at https://lms.example.se whose name looks like a national identity number (not shown) maps to no employee number; such a name is never read or shown: make the LMS send employee numbers as account names, or map the learners' mailboxes in [actors.mbox]",
            id(14)
        ),
        format!(
            "{base}: <statement {}>: 2 completion statements left out: mbox mailto:extern.konsult@example.com maps to no employee number; add the mailbox to [actors.mbox] in the mapping file",
            id(5)
        ),
        format!(
            "{base}: <statement {}>: 1 completion statement left out: activity https://lms.example.se/course/excel-grund maps to no course; add it to [courses] in the mapping file",
            id(7)
        ),
    ]
}

#[test]
fn sample_statements_become_one_record_per_employee() {
    let lrs = Lrs::start("statements.json");
    let before = Local::now();
    let fetched = fetch_ok(&lrs.config(100), None);
    assert_eq!(fetched.people, sample_people(&lrs));
    assert_eq!(fetched.header.source, "xapi");
    assert_eq!(fetched.header.kind, SnapshotKind::Delta);
    assert_eq!(fetched.header.as_of, Local::now().date_naive());
    let exported = DateTime::parse_from_rfc3339(&fetched.header.exported_at)
        .unwrap_or_else(|e| panic!("{}: {e}", fetched.header.exported_at));
    assert!(exported.timestamp() >= before.timestamp() - 1);
    assert!(exported.timestamp() <= Local::now().timestamp());
    assert_eq!((fetched.n_statements, fetched.n_pages), (14, 1));
}

#[test]
fn unmapped_actors_and_activities_are_warned_once_each_with_counts() {
    let lrs = Lrs::start("statements.json");
    let fetched = fetch_ok(&lrs.config(100), None);
    assert_eq!(fetched.warnings, sample_warnings(&lrs));
    // The identity-number-like account name is neither shown nor used.
    assert!(fetched.warnings.iter().all(|w| !w.contains("19121212")));
    assert!(
        fetched
            .people
            .iter()
            .all(|p| !p.employee_no.contains("1212"))
    );
}

/// Statement 5 (a mailbox the mapping lacks) is the first completion left out for want of a
/// mapping: the watermark stops at the statement stored before it, so that the next fetch reads
/// it again.
#[test]
fn watermark_is_the_stored_time_before_the_first_unmapped_completion_under_the_lrs_key() {
    let lrs = Lrs::start("statements.json");
    let fetched = fetch_ok(&lrs.config(100), None);
    assert_eq!(
        fetched.watermark,
        Some(Watermark {
            key: format!("xapi {}", lrs.base_url()),
            value: lrs.stored_of(4),
        })
    );
    // Without left-out completions it is the latest stored time.
    let lrs = Lrs::start("future-timestamp.json");
    assert_eq!(
        fetch_ok(&lrs.config(100), None).watermark.map(|w| w.value),
        Some(lrs.latest_stored())
    );
    // A trailing slash on the base URL names the same LRS.
    let mut config = lrs.config(100);
    config.base_url.push('/');
    assert_eq!(config.watermark_key(), format!("xapi {}", lrs.base_url()));
}

#[test]
fn pages_of_two_give_the_same_snapshot() {
    let lrs = Lrs::start("statements.json");
    let whole = fetch_ok(&lrs.config(100), None);
    let paged = fetch_ok(&lrs.config(2), None);
    assert_eq!(paged.people, whole.people);
    assert_eq!(paged.warnings, whole.warnings);
    assert_eq!(paged.watermark, whole.watermark);
    // 14 statements: 7 full pages, then the empty page the LRS offers after a full one.
    assert_eq!((paged.n_statements, paged.n_pages), (14, 8));
    let odd = fetch_ok(&lrs.config(3), None);
    assert_eq!(odd.people, whole.people);
    assert_eq!((odd.n_statements, odd.n_pages), (14, 5));
}

#[test]
fn since_the_watermark_nothing_is_new() {
    let lrs = Lrs::start("statements.json");
    let first = fetch_ok(&lrs.config(2), None);
    let mark = first.watermark.clone().map(|w| w.value);
    let again = fetch_ok(&lrs.config(2), mark.as_deref());
    assert_eq!(again.people, []);
    assert_eq!(again.warnings, Vec::<String>::new());
    assert_eq!(again.n_statements, 0);
    assert_eq!(
        again.watermark, first.watermark,
        "the watermark stays where it was"
    );
}

/// This LRS compares `since` with each statement's `timestamp`, not `stored`: a statement whose
/// timestamp lies after its stored time comes back on every run. The adapter drops what was
/// stored at or before `since`, so the re-run still reads nothing twice; and it dates the
/// completion by `stored`, since it cannot have happened after the LRS recorded it.
#[test]
fn statement_dated_after_it_was_stored_is_read_once_on_its_stored_day() {
    let lrs = Lrs::start("future-timestamp.json");
    let first = fetch_ok(&lrs.config(100), None);
    let stored = lrs.latest_stored();
    let stored_day = DateTime::parse_from_rfc3339(&stored)
        .unwrap_or_else(|e| panic!("{stored}: {e}"))
        .date_naive();
    assert_eq!(
        first.people,
        [PersonRecord {
            evidence: vec![EvidenceRecord::CourseResult {
                course: "TC-CHEF".to_string(),
                completed: stored_day,
                location: lrs.at(101),
            }],
            ..person(&lrs, "10023", 101, &[])
        }]
    );
    assert_eq!(
        first.watermark.as_ref().map(|w| w.value.as_str()),
        Some(stored.as_str())
    );
    assert_eq!(
        lrs.raw_statements(Some(&stored)).len(),
        1,
        "the LRS sends it again"
    );
    let again = fetch_ok(&lrs.config(100), Some(&stored));
    assert_eq!((again.people.len(), again.n_statements), (0, 0));
    assert_eq!(again.watermark, first.watermark);
}

/// A voiding statement read without the statement it voids (an earlier sync read that one)
/// cannot take back a course result already recorded: it is reported. (The LRS's `since` on
/// timestamps lets the test read statement 10 without statement 9.)
#[test]
fn voiding_a_statement_read_by_an_earlier_sync_is_reported() {
    let lrs = Lrs::start("statements.json");
    let since = "2026-11-19T11:00:00+01:00";
    let fetched = fetch_ok(&lrs.config(100), Some(since));
    // Read: 8, 10, 11, 14. Statement 11 (an account of another LMS) holds the watermark at
    // statement 10.
    let read_ids: Vec<String> = lrs
        .raw_statements(Some(since))
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(read_ids, [id(8), id(10), id(11), id(14)]);
    assert_eq!(fetched.watermark.map(|w| w.value), Some(lrs.stored_of(10)));
    assert_eq!(
        fetched.people,
        [person(&lrs, "10024", 8, &[("LC-GRUND", "2026-11-20", 8)])]
    );
    let base = lrs.base_url();
    let all = sample_warnings(&lrs);
    assert_eq!(
        fetched.warnings,
        [
            format!(
                "{base}: <statement {}>: it voids statement {}, which this sync did not read: if an earlier sync recorded a course result from it, the registry still holds it",
                id(10),
                id(9)
            ),
            all[0].clone(),
            all[1].clone(),
        ]
    );
    assert_eq!(fetched.n_statements, 4);
}

#[test]
fn wrong_password_is_a_clear_401_without_the_password() {
    let lrs = Lrs::start("statements.json");
    let config = XapiConfig {
        auth: Auth::Basic {
            user: crate::USER.to_string(),
            password: Secret::new("not-the-Kx93-password"),
        },
        ..lrs.config(100)
    };
    let e = read(&config, &mapping(), None)
        .err()
        .map(|e| crate::chain(&e));
    let e = e.unwrap_or_else(|| panic!("a wrong password must fail"));
    assert_eq!(
        e,
        format!(
            "cannot read statements from the LRS: {}/statements: the server refused the credentials (HTTP 401); check the token or user and password (401: missing or wrong credentials)",
            lrs.base_url()
        )
    );
    assert!(!e.contains("not-the-Kx93-password") && !e.contains(PASSWORD));
}

#[test]
fn wrong_endpoint_path_names_the_url_and_status() {
    let lrs = Lrs::start("statements.json");
    let config = XapiConfig {
        base_url: format!("{}/lrs", lrs.server.origin),
        ..lrs.config(100)
    };
    let e = read(&config, &mapping(), None)
        .err()
        .map(|e| crate::chain(&e));
    assert_eq!(
        e,
        Some(format!(
            "cannot read statements from the LRS: {}/lrs/statements: HTTP 404 after 1 attempt(s): {{\"detail\":\"Not Found\"}}",
            lrs.server.origin
        ))
    );
}

#[test]
fn unreachable_lrs_is_a_transport_error() {
    let port = skillreg_peers::free_port().unwrap_or_else(|e| panic!("{e}"));
    let config = XapiConfig {
        http: HttpConfig {
            attempts: 1,
            ..HttpConfig::default()
        },
        ..XapiConfig::new(format!("http://127.0.0.1:{port}/xAPI"), Auth::None)
    };
    let e = read(&config, &mapping(), None).err();
    assert!(matches!(e, Some(XapiError::Http(_))), "{e:?}");
    let e = e.map(|e| crate::chain(&e)).unwrap_or_default();
    assert!(
        e.starts_with(&format!(
            "cannot read statements from the LRS: http://127.0.0.1:{port}/xAPI/statements: "
        )),
        "{e}"
    );
    assert!(
        e.contains("onnection refused") && e.ends_with("(after 1 attempt(s))"),
        "{e}"
    );
}

#[test]
fn bad_configuration_is_refused_before_asking() {
    let config = |base: &str, limit: u32| XapiConfig {
        page_limit: limit,
        ..XapiConfig::new(base, Auth::None)
    };
    let error = |config: &XapiConfig, since: Option<&str>| {
        read(config, &mapping(), since).err().map(|e| e.to_string())
    };
    // Nothing listens on port 9: the errors come before any request.
    let good = "http://127.0.0.1:9/xAPI";
    assert_eq!(
        error(&config(good, 100), Some("2026-11-23T10:00:00")),
        Some("the watermark \"2026-11-23T10:00:00\" is not an RFC 3339 time with a zone (like 2026-11-23T14:22:29.137504+00:00): premature end of input".to_string())
    );
    assert_eq!(
        error(&config(good, 0), None),
        Some("the page limit must be at least 1 statement".to_string())
    );
    // Credentials or a token in the URL are refused, and not shown.
    for base in [
        "http://user:S3CRET@127.0.0.1:9/xAPI",
        "http://S3CRET@127.0.0.1:9/xAPI",
    ] {
        let e = error(&config(base, 100), None).unwrap_or_default();
        assert_eq!(
            e,
            "the LRS base URL \"http://127.0.0.1:9/xAPI\" holds a user name or password: give the credentials in the settings, not in the URL"
        );
    }
    assert_eq!(
        config("http://user:S3CRET@lrs.example.se/xAPI/?key=S3CRET", 100).watermark_key(),
        "xapi http://lrs.example.se/xAPI"
    );
    let e = error(&config("http://127.0.0.1:9/xAPI?key=S3CRET", 100), None);
    assert_eq!(
        e.as_deref(),
        Some(
            "the LRS base URL \"http://127.0.0.1:9/xAPI\" has a query string: give the endpoint root only, like https://lrs.example.se/xAPI (credentials belong in the settings, not in the URL)"
        )
    );
    assert_eq!(
        error(&config("lrs.example.se/xAPI", 100), None),
        Some("the LRS base URL \"lrs.example.se/xAPI\" is not an http(s) URL like https://lrs.example.se/xAPI".to_string())
    );
}

/// The sample mapping with `extra` put first (top-level keys) and `course` added to [courses].
fn mapping_with(extra: &str, course: Option<(&str, &str)>) -> XapiMapping {
    let path = crate::fixture_path("mapping.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let text = match course {
        Some((iri, code)) => text.replace(
            "[courses]\n",
            &format!("[courses]\n\"{iri}\" = \"{code}\"\n"),
        ),
        None => text,
    };
    XapiMapping::parse(&format!("{extra}\n{text}")).unwrap_or_else(|e| panic!("{e}"))
}

/// The `stored` times of the statements the LRS holds, in the order it returns them (the
/// order they were posted), each with its day.
fn stored_times(lrs: &Lrs) -> Vec<String> {
    let stored: Vec<String> = lrs
        .raw_statements(None)
        .iter()
        .filter_map(|s| s["stored"].as_str().map(str::to_string))
        .collect();
    assert!(
        stored.windows(2).all(|w| w[0] < w[1]),
        "the LRS stored the statements at distinct, increasing times: {stored:?}"
    );
    stored
}

fn stored_day(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored)
        .unwrap_or_else(|e| panic!("{stored}: {e}"))
        .date_naive()
        .to_string()
}

const EXCEL: &str = "https://lms.example.se/course/excel-grund";

/// `retry.json`: 201 Anna LC-HANDL, 202 Mohammed on an activity the mapping lacks (Excel),
/// 203 Linnéa TEAMS-1, 204 Mohammed LC-GRUND; no timestamps, so each is dated by `stored` (and
/// this LRS, comparing `since` with the timestamp, compares it with `stored` too).
#[test]
fn a_completion_left_out_for_an_unmapped_activity_is_read_again_once_mapped() {
    let lrs = Lrs::start("retry.json");
    let stored = stored_times(&lrs);
    let day = stored_day(&stored[3]);
    let day = day.as_str();
    let first = read(&lrs.config(2), &mapping(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        first.people,
        [
            person(&lrs, "10023", 201, &[("LC-HANDL", day, 201)]),
            person(&lrs, "10024", 204, &[("LC-GRUND", day, 204)]),
            person(&lrs, "10031", 203, &[("TEAMS-1", day, 203)]),
        ]
    );
    assert_eq!(
        first.warnings,
        [format!(
            "{}: <statement {}>: 1 completion statement left out: activity {EXCEL} maps to no course; add it to [courses] in the mapping file",
            lrs.base_url(),
            id(202)
        )]
    );
    // The watermark stops just before statement 202.
    let key = format!("xapi {}", lrs.base_url());
    assert_eq!(
        first.watermark,
        Some(Watermark {
            key: key.clone(),
            value: stored[0].clone()
        })
    );
    // Still unmapped the next night: read again, warned again, the watermark stays.
    let again =
        read(&lrs.config(2), &mapping(), Some(&stored[0])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.n_statements, 3);
    assert_eq!(again.warnings.len(), 1);
    assert!(again.warnings[0].contains(&id(202)), "{:?}", again.warnings);
    assert_eq!(again.watermark, first.watermark);
    // Once the mapping knows the activity, the completion comes in and the watermark moves on.
    let fixed = mapping_with("", Some((EXCEL, "EXCEL-1")));
    let mapped = read(&lrs.config(2), &fixed, Some(&stored[0])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        mapped.people,
        [
            person(
                &lrs,
                "10024",
                202,
                &[("EXCEL-1", day, 202), ("LC-GRUND", day, 204)]
            ),
            person(&lrs, "10031", 203, &[("TEAMS-1", day, 203)]),
        ]
    );
    assert_eq!(mapped.warnings, Vec::<String>::new());
    assert_eq!(
        mapped.watermark,
        Some(Watermark {
            key,
            value: stored[3].clone()
        })
    );
}

#[test]
fn a_completion_left_out_longer_than_retry_days_no_longer_holds_the_watermark() {
    let lrs = Lrs::start("retry.json");
    let stored = stored_times(&lrs);
    // With retry_days = 0 any statement stored before the newest one is past the window.
    let fetched = read(
        &lrs.config(100),
        &mapping_with("retry_days = 0", None),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fetched.warnings,
        [format!(
            "{}: <statement {}>: 1 completion statement left out: activity {EXCEL} maps to no course; add it to [courses] in the mapping file; no longer retried after 0 days",
            lrs.base_url(),
            id(202)
        )]
    );
    assert_eq!(
        fetched.watermark.map(|w| w.value).as_deref(),
        Some(stored[3].as_str())
    );
    // Within the default 30 days it holds the watermark back.
    let held = fetch_ok(&lrs.config(100), None);
    assert_eq!(
        held.watermark.map(|w| w.value).as_deref(),
        Some(stored[0].as_str())
    );
}
