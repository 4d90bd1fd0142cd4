//! Integration tests of the xAPI adapter against a real LRS (ralph) started on loopback, seeded
//! with the statements in `fixtures/xapi/`.

mod fetch;
mod fuzz;
mod mapping;
mod paging;
mod sync;

use std::path::PathBuf;
use std::sync::Arc;

use skillreg_core::{Location, PersonRecord, Snapshot, SnapshotHeader, Watermark};
use skillreg_http::{Auth, HttpConfig, Secret};
use skillreg_peers::Server;
use skillreg_xapi::{XapiConfig, XapiError, XapiMapping, XapiSnapshot};

pub const USER: &str = "skillreg";
pub const PASSWORD: &str = "lrs-secret-Kx93";

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/xapi")
        .join(name)
}

pub fn winlas_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/winlas")
        .join(name)
}

/// A JSON fixture.
pub fn statements(name: &str) -> serde_json::Value {
    let path = fixture_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The sample organisation's mapping file.
pub fn mapping() -> XapiMapping {
    XapiMapping::from_file(fixture_path("mapping.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// A real LRS holding the statements of a fixture; stopped when dropped. Fails the test with
/// the reason when it cannot start.
pub struct Lrs {
    pub server: Server,
}

impl Lrs {
    pub fn start(fixture: &str) -> Lrs {
        match skillreg_peers::lrs::start_lrs(USER, PASSWORD, &statements(fixture)) {
            Ok(server) => Lrs { server },
            Err(e) => panic!("the LRS could not be started: {e}"),
        }
    }

    /// The endpoint root, `http://127.0.0.1:PORT/xAPI`.
    pub fn base_url(&self) -> String {
        format!("{}/xAPI", self.server.origin)
    }

    /// A configuration with the right credentials and `page_limit`.
    pub fn config(&self, page_limit: u32) -> XapiConfig {
        XapiConfig {
            base_url: self.base_url(),
            auth: Auth::Basic {
                user: USER.to_string(),
                password: Secret::new(PASSWORD),
            },
            http: HttpConfig {
                attempts: 1,
                ..HttpConfig::default()
            },
            page_limit,
        }
    }

    /// Where a statement is, as the adapter names it.
    pub fn at(&self, statement: u32) -> Location {
        Location {
            file: Some(Arc::from(self.base_url().as_str())),
            element: Some(format!("statement {}", id(statement))),
            ..Location::default()
        }
    }

    /// Every statement the LRS holds, as it returns them (read without the adapter).
    pub fn raw_statements(&self, since: Option<&str>) -> Vec<serde_json::Value> {
        let client = skillreg_http::Client::new(
            HttpConfig::default(),
            self.config(1).auth,
            &[("X-Experience-API-Version", "1.0.3")],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut query = vec![("limit", "100".to_string())];
        if let Some(since) = since {
            query.push(("since", since.to_string()));
        }
        let page: serde_json::Value = client
            .get_json(&format!("{}/statements", self.base_url()), &query)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(page.get("more").is_none(), "one page holds them all");
        page["statements"].as_array().cloned().unwrap_or_default()
    }

    /// The `stored` time of fixture statement `n`, as the LRS writes it.
    pub fn stored_of(&self, n: u32) -> String {
        let wanted = id(n);
        self.raw_statements(None)
            .iter()
            .find(|s| s["id"].as_str() == Some(wanted.as_str()))
            .and_then(|s| s["stored"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("no stored time for statement {n}"))
    }

    /// The latest `stored` time of the statements the LRS holds, as it writes it.
    pub fn latest_stored(&self) -> String {
        let stored: Vec<String> = self
            .raw_statements(None)
            .iter()
            .filter_map(|s| s["stored"].as_str().map(str::to_string))
            .collect();
        // Same offset (UTC) and precision throughout: the text orders like the time.
        stored
            .into_iter()
            .max()
            .unwrap_or_else(|| panic!("no stored time"))
    }
}

/// The id of fixture statement `n`.
pub fn id(n: u32) -> String {
    format!("5c0e7f2a-0000-4000-8000-{n:012}")
}

/// Everything a fetch yields, warnings as the user sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub header: SnapshotHeader,
    pub people: Vec<PersonRecord>,
    pub warnings: Vec<String>,
    pub watermark: Option<Watermark>,
    pub n_statements: usize,
    pub n_pages: usize,
}

/// The one place that drives the adapter: fetch, catalog, people to the end, finish.
pub fn read(
    config: &XapiConfig,
    mapping: &XapiMapping,
    since: Option<&str>,
) -> Result<Fetched, XapiError> {
    let mut snapshot: XapiSnapshot = skillreg_xapi::fetch(config, mapping, since)?;
    let header = snapshot.header().clone();
    let (catalog, problems) = snapshot.catalog();
    assert_eq!(catalog, Default::default(), "an LRS states no catalog");
    assert!(!catalog.names_if_new);
    assert!(problems.is_empty());
    let mut people = Vec::new();
    loop {
        match snapshot.next_person() {
            Ok(Some(person)) => people.push(person),
            Ok(None) => break,
            Err(problems) => panic!("unexpected problems: {problems:?}"),
        }
    }
    assert_eq!(snapshot.next_person(), Ok(None), "the end stays the end");
    let (n_statements, n_pages) = (snapshot.n_statements(), snapshot.n_pages());
    let end = snapshot.finish();
    assert!(end.skipped.is_empty());
    Ok(Fetched {
        header,
        people,
        warnings: end.warnings.iter().map(ToString::to_string).collect(),
        watermark: end.watermark,
        n_statements,
        n_pages,
    })
}

/// [`read`] that must succeed.
pub fn fetch_ok(config: &XapiConfig, since: Option<&str>) -> Fetched {
    read(config, &mapping(), since).unwrap_or_else(|e| panic!("fetch failed: {e}"))
}

pub(crate) use skillreg_core::error_chain as chain;
