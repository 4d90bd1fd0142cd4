//! The SCIM adapter against a real SCIM 2.0 server (`scim2-server`, started on loopback for each
//! test), seeded from `fixtures/scim/`.
//!
//! The seed `sample-users.json` holds the eight people of the shared WLX sample export as an HR
//! system would provision them: enterprise `employeeNumber`, `department`, `manager`, `title` in
//! words, and the first day in an extension attribute (the server sets `meta.created` itself and
//! ignores a client's value, so the default start attribute cannot carry the sample's days).
//! Elin Nilsson (10041), whose employment has ended, is `active: false`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};
use skillreg_core::sync::SyncConfig;
use skillreg_core::{PersonRecord, Problem, Snapshot, SnapshotKind, SourceCatalog};
use skillreg_http::{Auth, HttpConfig, Secret};
use skillreg_peers::Server;
use skillreg_peers::scim::{
    EMPLOYMENT_EXTENSION, scim_base, seed_users, seed_users_from_file, set_active, start_scim,
    start_scim_with_employment_extension,
};
use skillreg_scim::{ScimConfig, ScimError, ScimMapping, ScimSnapshot, fetch};
use skillreg_testkit::d;

const TOKEN: &str = "tok-7f3a9c1e5b2d";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/scim")
        .join(name)
}

fn sample_mapping() -> ScimMapping {
    ScimMapping::from_file(fixture("mapping.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// A running server seeded from a fixture, and the id it gave each userName.
struct Peer {
    server: Server,
    ids: HashMap<String, String>,
}

impl Peer {
    fn start(seed: &str, token: Option<&str>) -> Peer {
        let server = start_scim_with_employment_extension(token).unwrap_or_else(|e| panic!("{e}"));
        let ids = seed_users_from_file(&server, token, &fixture(seed))
            .unwrap_or_else(|e| panic!("seeding {seed}: {e}\n{}", server.log_tail()));
        Peer { server, ids }
    }

    fn config(&self) -> ScimConfig {
        ScimConfig::new(scim_base(&self.server), Auth::None)
    }

    fn id(&self, user_name: &str) -> &str {
        self.ids
            .get(user_name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no user {user_name}"))
    }

    /// `text` with the base URL as `$BASE` and each id as `{id:userName}`.
    fn names(&self, text: &str) -> String {
        let mut text = text.replace(&scim_base(&self.server), "$BASE");
        for (name, id) in &self.ids {
            text = text.replace(id, &format!("{{id:{name}}}"));
        }
        text
    }
}

/// Everything a snapshot yields, read through as the engine reads it.
struct Output {
    catalog: SourceCatalog,
    catalog_problems: Vec<Problem>,
    people: Vec<PersonRecord>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    digest: Option<String>,
}

fn read_all(mut snapshot: ScimSnapshot) -> Output {
    let (catalog, catalog_problems) = snapshot.catalog();
    let mut people = Vec::new();
    let mut problems = Vec::new();
    loop {
        match snapshot.next_person() {
            Ok(Some(p)) => people.push(p),
            Ok(None) => break,
            Err(list) => problems.extend(list),
        }
    }
    let digest = snapshot.digest();
    let warnings = snapshot.finish().warnings;
    Output {
        catalog,
        catalog_problems,
        people,
        problems,
        warnings,
        digest,
    }
}

/// One line per person: number, names, email, employment, where.
fn person_line(peer: &Peer, p: &PersonRecord) -> String {
    let employments: Vec<String> = p
        .employments
        .iter()
        .map(|e| {
            format!(
                "{} {} {}from {}{}{} mgr {}",
                e.unit,
                e.occupation,
                e.percent.map(|x| format!("{x}% ")).unwrap_or_default(),
                e.start,
                e.end.map(|x| format!(" to {x}")).unwrap_or_default(),
                if e.primary { " primary" } else { "" },
                e.manager.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    peer.names(&format!(
        "{} {} | {} | {} | {} | {}",
        p.employee_no,
        p.given_name,
        p.family_name,
        p.email.as_deref().unwrap_or("-"),
        employments.join("; "),
        p.location
    ))
}

fn problem_lines(peer: &Peer, problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| peer.names(&p.to_string()))
        .collect()
}

const SAMPLE_PEOPLE: [&str; 7] = [
    "10001 Karin | Åberg | karin.aberg@example.se | SOC-HT ECH from 2012-01-01 primary mgr - | $BASE: <User {id:karin.aberg}>",
    "10023 Anna | Lindqvist | anna.lindqvist@example.se | SOC-HT USK from 2015-03-01 primary mgr 10001 | $BASE: <User {id:anna.lindqvist}>",
    "10024 Mohammed | Al-Sayed | - | SOC-HT USK from 2021-08-15 primary mgr 10001 | $BASE: <User {id:mohammed.al-sayed}>",
    "10025 Sofia | Öhman & Berg | sofia.ohman@example.se | SOC-SÄBO USK from 2019-02-01 primary mgr 10030 | $BASE: <User {id:sofia.ohman}>",
    "10030 Per | Ström | - | SOC-SÄBO ECH from 2010-09-01 primary mgr - | $BASE: <User {id:per.strom}>",
    "10031 Linnéa | Karlsson | - | SOC-SÄBO SSK from 2018-06-01 primary mgr 10030 | $BASE: <User {id:linnea.karlsson}>",
    "10040 Jonas | Berg | - | BUF-EHT SKSK from 2020-08-10 primary mgr - | $BASE: <User {id:jonas.berg}>",
];

fn sample_catalog_lines(catalog: &SourceCatalog) -> Vec<String> {
    let mut lines: Vec<String> = catalog
        .catalog
        .units
        .iter()
        .map(|u| format!("unit {} {:?} parent {:?}", u.id, u.name, u.parent))
        .collect();
    lines.extend(
        catalog
            .catalog
            .occupations
            .iter()
            .map(|o| format!("occupation {} {:?}", o.code, o.name)),
    );
    lines
}

#[test]
fn sample_users_become_the_sample_people() {
    let peer = Peer::start("sample-users.json", None);
    let snapshot =
        fetch(&peer.config(), &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}"));
    let header = snapshot.header().clone();
    assert_eq!(header.source, "scim");
    assert_eq!(header.as_of, d("2026-11-20"));
    assert_eq!(header.kind, SnapshotKind::Full);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&header.exported_at).is_ok(),
        "{}",
        header.exported_at
    );
    assert_eq!((snapshot.n_users(), snapshot.n_inactive()), (8, 1));

    let read = read_all(snapshot);
    let lines: Vec<String> = read.people.iter().map(|p| person_line(&peer, p)).collect();
    // Elin Nilsson (10041) is inactive: not yielded.
    assert_eq!(lines, SAMPLE_PEOPLE);
    assert!(read.catalog.names_if_new);
    assert_eq!(
        sample_catalog_lines(&read.catalog),
        [
            "unit BUF-EHT \"Elevhälsan\" parent None",
            "unit SOC-HT \"Hemtjänst Centrum\" parent None",
            "unit SOC-SÄBO \"Särskilt boende Solgården\" parent None",
            "occupation ECH \"Enhetschef\"",
            "occupation SKSK \"Skolsköterska\"",
            "occupation SSK \"Sjuksköterska\"",
            "occupation USK \"Undersköterska\"",
        ]
    );
    assert_eq!(read.catalog.locations.units.len(), 3);
    assert!(read.catalog_problems.is_empty());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert!(read.digest.is_some());
}

#[test]
fn pages_of_three_give_the_same_snapshot() {
    let peer = Peer::start("sample-users.json", None);
    let whole = read_all(
        fetch(&peer.config(), &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    let mut config = peer.config();
    config.page_size = 3;
    let paged = read_all(
        fetch(&config, &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    let lines: Vec<String> = paged.people.iter().map(|p| person_line(&peer, p)).collect();
    assert_eq!(lines, SAMPLE_PEOPLE);
    assert_eq!(paged.people, whole.people);
    assert_eq!(paged.digest, whole.digest);
    // A page of one user at a time, too.
    config.page_size = 1;
    let single = read_all(
        fetch(&config, &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(single.people, whole.people);
}

#[test]
fn a_user_made_inactive_is_terminated_by_the_next_sync() {
    let peer = Peer::start("sample-users.json", None);
    let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut first =
        fetch(&peer.config(), &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}"));
    let report = registry
        .sync(&mut first, "scim", &SyncConfig::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.n_created, report.n_terminated), (7, 0));
    // The inactive user never came in.
    assert!(registry.employee("10041").is_err());
    let anna = registry.employee("10023").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(anna.full_name(), "Anna Lindqvist");
    assert_eq!(anna.employments[0].manager.as_deref(), Some("10001"));
    assert_eq!(anna.employments[0].start, d("2015-03-01"));
    let units = registry.catalog().unwrap_or_else(|e| panic!("{e}")).units;
    assert_eq!(units.len(), 3);

    set_active(&peer.server, None, peer.id("mohammed.al-sayed"), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut second =
        fetch(&peer.config(), &sample_mapping(), d("2026-11-21")).unwrap_or_else(|e| panic!("{e}"));
    let report = registry
        .sync(&mut second, "scim", &SyncConfig::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.terminated(), ["10024"]);
    assert_eq!(report.n_unchanged, 6);
    let mohammed = registry.employee("10024").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mohammed.employments[0].end, Some(d("2026-11-20")));
    assert!(!mohammed.is_active(d("2026-11-21")));

    // Active again: back the next night.
    set_active(&peer.server, None, peer.id("mohammed.al-sayed"), true)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut third =
        fetch(&peer.config(), &sample_mapping(), d("2026-11-22")).unwrap_or_else(|e| panic!("{e}"));
    let report = registry
        .sync(&mut third, "scim", &SyncConfig::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.n_reactivated, 1);
}

#[test]
fn the_right_bearer_token_is_accepted() {
    let peer = Peer::start("sample-users.json", Some(TOKEN));
    let mut config = peer.config();
    config.auth = Auth::Bearer(Secret::new(TOKEN));
    let read = read_all(
        fetch(&config, &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(read.people.len(), 7);
}

#[test]
fn a_wrong_bearer_token_gets_a_clear_401_error_without_the_token() {
    let peer = Peer::start("sample-users.json", Some(TOKEN));
    let wrong = "wrong-token-41b8d2";
    for auth in [Auth::Bearer(Secret::new(wrong)), Auth::None] {
        let mut config = peer.config();
        config.auth = auth;
        let Err(e) = fetch(&config, &sample_mapping(), d("2026-11-20")) else {
            panic!("a wrong token was accepted");
        };
        let text = chain(&e);
        assert_eq!(
            peer.names(&text),
            "cannot read Users from the SCIM service: $BASE/Users: the server refused the credentials (HTTP 401); check the token or user and password (401: missing or wrong credentials)"
        );
        let debug = format!("{e:?} {config:?}");
        for secret in [wrong, TOKEN] {
            assert!(!text.contains(secret) && !debug.contains(secret), "{debug}");
        }
    }
    // Nor does the server's log hold it.
    assert!(!peer.server.log_tail().contains(wrong));
}

#[test]
fn bad_users_give_problems_and_warnings_naming_the_user() {
    let peer = Peer::start("bad-users.json", None);
    let read = read_all(
        fetch(&peer.config(), &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    let lines: Vec<String> = read.people.iter().map(|p| person_line(&peer, p)).collect();
    assert_eq!(
        lines,
        [
            // Two reports of a manager without an employee number: read without the link.
            "20003 Nils | Utan | - | SOC-HT USK from 2024-01-15 primary mgr - | $BASE: <User {id:numberless.manager}>",
            "20009 Frida | Fin | - | SOC-HT USK from 2024-01-15 primary mgr - | $BASE: <User {id:fine.person}>",
            "20010 Alva | Utan | - | SOC-HT USK from 2024-01-15 primary mgr - | $BASE: <User {id:also.numberless.manager}>",
        ]
    );
    let mut problems = problem_lines(&peer, &read.problems);
    problems.sort();
    assert_eq!(
        problems,
        [
            "$BASE: <User {id:national.id}>: employeeNumber looks like a national identity number (personnummer or fødselsnummer), which the registry never stores: give the person an employee number (the value is not shown)",
            "$BASE: <User {id:no.given.name}>: name.givenName is missing: the registry needs it",
            "$BASE: <User {id:no.unit}>: department (enterprise extension) is missing: the registry needs it",
            "$BASE: <User {id:unknown.manager}>: manager.value names no User on the server: correct the manager in the identity system (value \"no-such-id\")",
        ]
    );
    let all = format!("{:?}", read.problems);
    assert!(!all.contains("1212"), "{all}");
    assert_eq!(
        problem_lines(&peer, &read.catalog_problems),
        [
            "$BASE: <Users>: 2 code(s) the mapping file does not know: occupation Vårdbiträde (1 record), unit Kostenheten (1 record); add them to [units] or [occupations] in the mapping file (a table left out or empty uses the values as they are)"
        ]
    );
    // The inactive user without a number is not worth a warning.
    let mut warnings = problem_lines(&peer, &read.warnings);
    warnings.sort();
    assert_eq!(
        warnings,
        [
            // A userName shaped like a personnummer is not repeated.
            "$BASE: <User {id:121212-1212}>: userName (withheld: it looks like a national identity number) has no employeeNumber (enterprise extension): the user was left out; give them an employee number in the identity system to bring them into the registry",
            "$BASE: <User {id:boss.without.number}>: this manager has no employeeNumber, so 2 users reporting to them were read without a manager; give the manager an employee number in the identity system",
            "$BASE: <User {id:boss.without.number}>: userName \"boss.without.number\" has no employeeNumber (enterprise extension): the user was left out; give them an employee number in the identity system to bring them into the registry",
        ]
    );
    assert!(!format!("{:?}", read.warnings).contains("121212-1212"));
}

/// The day of `meta.created` of a user, as the server reports it.
fn created_day(peer: &Peer, user_name: &str) -> String {
    let (status, user) = skillreg_peers::scim::request(
        &peer.server,
        None,
        "GET",
        &format!("/Users/{}", peer.id(user_name)),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status, 200, "{user}");
    user["meta"]["created"]
        .as_str()
        .and_then(|s| s.get(..10))
        .unwrap_or_else(|| panic!("no meta.created in {user}"))
        .to_string()
}

#[test]
fn bad_users_refuse_the_sync_and_the_warning_is_reported() {
    let peer = Peer::start("bad-users.json", None);
    let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot =
        fetch(&peer.config(), &sample_mapping(), d("2026-11-20")).unwrap_or_else(|e| panic!("{e}"));
    let Err(e) = registry.sync(&mut snapshot, "scim", &SyncConfig::default()) else {
        panic!("bad users were accepted");
    };
    assert_eq!(
        e.to_string(),
        "scim was refused, nothing was written: 5 problem(s)"
    );
    assert!(registry.employee("20009").is_err());
}

#[test]
fn the_default_start_is_the_day_the_user_was_created() {
    let server = start_scim(None).unwrap_or_else(|e| panic!("{e}"));
    let users = json!([{
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "ny.anstalld",
        "name": {"givenName": "Ny", "familyName": "Anställd"},
        "title": "USK",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "40001", "costCenter": "5110"}
    }]);
    let ids = seed_users(&server, None, &users).unwrap_or_else(|e| panic!("{e}"));
    let peer = Peer { server, ids };
    let mapping =
        ScimMapping::parse("unit_attribute = \"costCenter\"").unwrap_or_else(|e| panic!("{e}"));
    let read = read_all(
        fetch(&peer.config(), &mapping, d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    let created = created_day(&peer, "ny.anstalld");
    // No tables: the cost centre and the title are used as they are.
    assert_eq!(
        read.people
            .iter()
            .map(|p| person_line(&peer, p))
            .collect::<Vec<_>>(),
        [format!(
            "40001 Ny | Anställd | - | 5110 USK from {created} primary mgr - | $BASE: <User {{id:ny.anstalld}}>"
        )]
    );
    assert_eq!(
        sample_catalog_lines(&read.catalog),
        ["unit 5110 \"5110\" parent None", "occupation USK \"USK\""]
    );
}

#[test]
fn a_start_attribute_that_is_no_date_is_a_problem_with_its_value() {
    let peer = Peer::start("bad-start.json", None);
    let mapping = ScimMapping::parse(
        "start_attribute = \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division\"",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let read = read_all(
        fetch(&peer.config(), &mapping, d("2026-11-20")).unwrap_or_else(|e| panic!("{e}")),
    );
    let mut problems = problem_lines(&peer, &read.problems);
    problems.sort();
    assert_eq!(
        problems,
        [
            "$BASE: <User {id:bad.month}>: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss, RFC 3339) (value \"2015-13-01\")",
            "$BASE: <User {id:no.start}>: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division is missing: the registry needs it",
            "$BASE: <User {id:words}>: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss, RFC 3339) (value \"1 mars 2015\")",
        ]
    );
    assert_eq!(
        read.people
            .iter()
            .map(|p| person_line(&peer, p))
            .collect::<Vec<_>>(),
        [
            "30004 God | Start | - | Hemtjänst Centrum Undersköterska from 2015-03-01 primary mgr - | $BASE: <User {id:good.start}>"
        ]
    );
}

#[test]
fn the_employment_extension_names_its_start_attribute() {
    assert_eq!(
        sample_mapping().start_attribute.as_str(),
        format!("{EMPLOYMENT_EXTENSION}:startDate")
    );
}

#[test]
fn mapping_files_refuse_unknown_keys_and_values() {
    let err = |text: &str| match ScimMapping::parse(text) {
        Ok(m) => panic!("accepted: {m:?}"),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        err("unit_atribute = \"department\""),
        "mapping file (text): TOML parse error at line 1, column 1 unknown field `unit_atribute`, expected one of `unit_attribute`, `start_attribute`, `units`, `occupations`, `gender_attribute`, `gender`"
    );
    assert_eq!(
        err("unit_attribute = \"room\""),
        "mapping file (text): TOML parse error at line 1, column 18 unknown variant `room`, expected one of `department`, `organization`, `costCenter`, `division`"
    );
    assert_eq!(
        err("start_attribute = \"meta..created\""),
        "mapping file (text): TOML parse error at line 1, column 19 \"meta..created\" is not an attribute path: write e.g. meta.created, or URN:attribute for an extension"
    );
    assert_eq!(
        err("[units]\nx = 1"),
        "mapping file (text): TOML parse error at line 2, column 5 invalid type: integer `1`, expected a string"
    );
    let missing = ScimMapping::from_file("/nonexistent/scim-mapping.toml")
        .map_err(|e| chain(&e))
        .err();
    assert_eq!(
        missing.as_deref(),
        Some(
            "cannot read the mapping file /nonexistent/scim-mapping.toml: No such file or directory (os error 2)"
        )
    );
    let mapping = sample_mapping();
    assert_eq!(mapping.unit_attribute.name(), "department");
    assert_eq!(mapping.units.get("Elevhälsan"), Some("BUF-EHT"));
    assert_eq!(mapping.occupations.len(), 4);
    let default = ScimMapping::parse("").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(default.start_attribute.as_str(), "meta.created");
    assert!(default.units.is_empty());
}

#[test]
fn a_server_that_is_not_there_is_a_transport_error() {
    let port = skillreg_peers::free_port().unwrap_or_else(|e| panic!("{e}"));
    let mut config = ScimConfig::new(format!("http://127.0.0.1:{port}/v2"), Auth::None);
    config.http = HttpConfig {
        attempts: 2,
        backoff: Duration::from_millis(10),
        ..HttpConfig::default()
    };
    let Err(e) = fetch(&config, &ScimMapping::default(), d("2026-11-20")) else {
        panic!("no server, yet a snapshot");
    };
    let text = chain(&e);
    assert!(
        text.starts_with(&format!(
            "cannot read Users from the SCIM service: http://127.0.0.1:{port}/v2/Users: "
        )) && text.ends_with("(after 2 attempt(s))"),
        "{text}"
    );
}

#[test]
fn a_base_url_with_credentials_or_a_query_is_refused_without_showing_them() {
    // Nothing listens on port 9: the errors come before any request.
    let error = |base: &str| match fetch(
        &ScimConfig::new(base, Auth::None),
        &ScimMapping::default(),
        d("2026-11-20"),
    ) {
        Ok(_) => panic!("{base} was used"),
        Err(e) => {
            assert!(matches!(e, ScimError::Config(_)), "{e:?}");
            e.to_string()
        }
    };
    for base in [
        "http://user:S3CRET@127.0.0.1:9/scim/v2",
        "http://S3CRET@127.0.0.1:9/scim/v2/",
    ] {
        assert_eq!(
            error(base),
            "the SCIM base URL \"http://127.0.0.1:9/scim/v2\" holds a user name or password: give the credentials (a bearer token or HTTP Basic) in the settings, not in the URL"
        );
    }
    assert_eq!(
        error("http://127.0.0.1:9/scim/v2?access_token=S3CRET"),
        "the SCIM base URL \"http://127.0.0.1:9/scim/v2\" has a query string: give the service root only, like https://hr.example.se/scim/v2 (a token belongs in the settings, not in the URL)"
    );
}

// --- Paging guards. The real server pages correctly, so these run against a scripted one. ---

/// A loopback server that answers each request with the next of `pages` (as JSON, status 200)
/// and records the request lines. After the script ends it answers the last page again.
fn scripted(pages: Vec<Value>) -> (String, thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot bind: {e}"));
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let handle = thread::spawn(move || {
        let mut seen = Vec::new();
        let _ = listener.set_nonblocking(false);
        for (i, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            // Skip the headers.
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                    break;
                }
            }
            let quit = line.contains("/quit");
            seen.push(line.trim().to_string());
            let body = if quit {
                String::new()
            } else {
                pages[i.min(pages.len() - 1)].to_string()
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = stream.read_to_end(&mut rest);
            if quit {
                break;
            }
        }
        seen
    });
    (format!("http://127.0.0.1:{port}/v2"), handle)
}

fn stop(base: &str, handle: thread::JoinHandle<Vec<String>>) -> Vec<String> {
    let _ = reqwest_free_get(&format!("{base}/quit"));
    handle
        .join()
        .unwrap_or_else(|_| panic!("the scripted server panicked"))
}

/// A bare GET without any client library, to stop the scripted server.
fn reqwest_free_get(url: &str) -> std::io::Result<()> {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = std::net::TcpStream::connect(host)?;
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(())
}

fn user(id: &str, no: &str) -> Value {
    json!({
        "id": id, "userName": id, "name": {"givenName": "G", "familyName": id}, "title": "USK",
        "meta": {"created": "2020-01-01T00:00:00Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": no, "department": "D"}
    })
}

fn list(total: Option<u64>, users: Vec<Value>) -> Value {
    let mut page = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": users});
    if let Some(total) = total {
        page["totalResults"] = json!(total);
    }
    page
}

fn quick(base: &str) -> ScimConfig {
    let mut config = ScimConfig::new(base, Auth::None);
    config.page_size = 2;
    config.http.attempts = 1;
    config
}

#[test]
fn a_server_announcing_more_users_than_it_has_is_refused_not_looped_on() {
    let (base, handle) = scripted(vec![
        list(Some(100), vec![user("a", "1"), user("b", "2")]),
        list(Some(100), vec![]),
    ]);
    let result = fetch(&quick(&base), &ScimMapping::default(), d("2026-11-20"));
    let requests = stop(&base, handle);
    let Err(e) = result else {
        panic!("an incomplete list was accepted")
    };
    assert!(matches!(e, ScimError::Incomplete { .. }));
    assert_eq!(
        e.to_string().replace(&base, "$BASE"),
        "$BASE/Users: the server announced 100 users (totalResults) but gave 2 distinct ones by startIndex 3; an incomplete list would terminate the missing people, so nothing was read: try again, and check the server's paging if it persists"
    );
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert!(
        requests[0]
            .starts_with("GET /v2/Users?startIndex=1&count=2&attributes=userName%2Cname.givenName"),
        "{}",
        requests[0]
    );
    assert!(
        requests[1].starts_with("GET /v2/Users?startIndex=3&count=2&"),
        "{}",
        requests[1]
    );
}

#[test]
fn a_server_that_ignores_start_index_is_refused_not_looped_on() {
    let (base, handle) = scripted(vec![list(Some(4), vec![user("a", "1"), user("b", "2")])]);
    let result = fetch(&quick(&base), &ScimMapping::default(), d("2026-11-20"));
    let requests = stop(&base, handle);
    let Err(e) = result else {
        panic!("a repeated page was accepted")
    };
    assert_eq!(
        e.to_string().replace(&base, "$BASE"),
        "$BASE/Users: the page at startIndex 3 held only users already read; the server does not page by startIndex as SCIM asks, so the list cannot be read completely"
    );
    assert_eq!(requests.len(), 3, "{requests:?}");
}

#[test]
fn a_server_that_repeats_users_without_id_and_without_total_is_refused_not_looped_on() {
    let mut nameless = user("x", "1");
    nameless
        .as_object_mut()
        .unwrap_or_else(|| panic!("a user is an object"))
        .remove("id");
    let mut other = user("y", "2");
    other
        .as_object_mut()
        .unwrap_or_else(|| panic!("a user is an object"))
        .remove("id");
    // No totalResults, startIndex ignored: the same two id-less users on every page.
    let (base, handle) = scripted(vec![list(None, vec![nameless, other])]);
    let result = fetch(&quick(&base), &ScimMapping::default(), d("2026-11-20"));
    let requests = stop(&base, handle);
    let Err(e) = result else {
        panic!("a repeated page was accepted")
    };
    assert_eq!(
        e.to_string().replace(&base, "$BASE"),
        "$BASE/Users: the page at startIndex 3 held only users already read; the server does not page by startIndex as SCIM asks, so the list cannot be read completely"
    );
    assert_eq!(requests.len(), 3, "{requests:?}");
}

#[test]
fn without_total_results_pages_are_read_until_an_empty_one() {
    let (base, handle) = scripted(vec![
        list(None, vec![user("a", "1"), user("b", "2")]),
        list(None, vec![user("c", "3")]),
        list(None, vec![]),
    ]);
    let result = fetch(&quick(&base), &ScimMapping::default(), d("2026-11-20"));
    let requests = stop(&base, handle);
    let read = read_all(result.unwrap_or_else(|e| panic!("{e}")));
    let numbers: Vec<&str> = read.people.iter().map(|p| p.employee_no.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    assert_eq!(requests.len(), 4, "{requests:?}");
}

#[test]
fn a_server_that_gives_more_than_it_was_asked_is_read_once() {
    // count=2 ignored: every user on the first page, totalResults 3.
    let (base, handle) = scripted(vec![list(
        Some(3),
        vec![user("a", "1"), user("b", "2"), user("c", "3")],
    )]);
    let result = fetch(&quick(&base), &ScimMapping::default(), d("2026-11-20"));
    let requests = stop(&base, handle);
    assert_eq!(
        read_all(result.unwrap_or_else(|e| panic!("{e}")))
            .people
            .len(),
        3
    );
    assert_eq!(requests.len(), 2, "{requests:?}");
}

/// The same mistakes as `skillreg-csv`'s `the_engine_names_the_mapped_columns`: a person who is
/// their own manager, a manager who is not in the snapshot. A SCIM administrator reads the
/// attribute to correct, not an HR file's field.
#[test]
fn the_engine_names_the_scim_attributes() {
    let with_manager = |id: &str, no: &str, manager: &str| {
        let mut u = user(id, no);
        u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"] =
            json!({"value": manager});
        u
    };
    let mut gone = user("gone", "10099");
    gone["active"] = json!(false);
    let page = list(
        Some(3),
        vec![
            with_manager("self", "10024", "self"),
            with_manager("report", "10025", "gone"),
            gone,
        ],
    );
    let bytes = serde_json::to_vec(&page).unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot = skillreg_scim::snapshot_from_pages(
        "https://idp.example.se/scim/v2",
        &ScimMapping::default(),
        d("2026-11-20"),
        [bytes.as_slice()],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)
        .unwrap_or_else(|e| panic!("{e}"));
    match registry.sync(&mut snapshot, "scim", &SyncConfig::default()) {
        Err(skillreg_store::Error::Refused { problems, .. }) => {
            let problems: Vec<String> = problems.iter().map(Problem::to_string).collect();
            assert_eq!(
                problems,
                [
                    "https://idp.example.se/scim/v2: <User self>: a person cannot be their own manager: correct urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager (value \"10024\")",
                    "https://idp.example.se/scim/v2: <User report>: unknown manager: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager names nobody in the file or the registry (value \"10099\")",
                ]
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

use skillreg_core::error_chain as chain;
