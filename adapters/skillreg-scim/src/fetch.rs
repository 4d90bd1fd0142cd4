//! Pulling every User from a SCIM service, page by page.

use std::collections::HashSet;

use chrono::{NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::Value;
use skillreg_http::{Auth, Client, HttpConfig, HttpError, display_url};

use crate::error::ScimError;
use crate::mapping::ScimMapping;
use crate::snapshot::ScimSnapshot;
use crate::user::{ScimUser, requested_attributes};

/// More users than any organisation has: a server whose paging goes past it does not end.
const MAX_USERS: u64 = 10_000_000;

/// Where the SCIM service is and how to talk to it.
#[derive(Debug, Clone)]
pub struct ScimConfig {
    /// The service's base URL, e.g. `https://hr.example.se/scim/v2` (Users are read from
    /// `{base_url}/Users`). User info or a query string is refused: credentials go in `auth`.
    pub base_url: String,
    /// How to authenticate (usually a bearer token).
    pub auth: Auth,
    /// Timeouts and retries.
    pub http: HttpConfig,
    /// Users asked for per page (`count`); the server may give fewer. At least 1.
    pub page_size: u32,
}

impl Default for ScimConfig {
    fn default() -> Self {
        ScimConfig {
            base_url: String::new(),
            auth: Auth::None,
            http: HttpConfig::default(),
            page_size: 100,
        }
    }
}

impl ScimConfig {
    /// A configuration for `base_url` with `auth` and the default timeouts, retries and page
    /// size (100).
    pub fn new(base_url: impl Into<String>, auth: Auth) -> ScimConfig {
        ScimConfig {
            base_url: base_url.into(),
            auth,
            ..ScimConfig::default()
        }
    }
}

/// One page of `GET /Users` (RFC 7644 section 3.4.2). `Resources` may be left out when empty.
#[derive(Debug, Deserialize)]
struct ListResponse {
    #[serde(rename = "totalResults", alias = "totalresults")]
    total_results: Option<u64>,
    #[serde(rename = "Resources", alias = "resources", default)]
    resources: Vec<Value>,
}

/// Reads every User of the service described by `config` and maps them with `mapping` into a
/// full snapshot as of `as_of`.
///
/// Pages are asked for with `startIndex` and `count` until the server's `totalResults` has been
/// read. An empty page ends the list early: if fewer users than announced were read by then, the
/// list is incomplete and [`ScimError::Incomplete`] is returned rather than a snapshot that would
/// terminate the missing people. A page of users already read (by `id`, or for a user without
/// one by all it holds) means the server ignores `startIndex` ([`ScimError::Stalled`]). So the
/// loop always ends.
///
/// Only the attributes the registry reads are asked for (`attributes=`), so the service sends
/// no other personal data.
pub fn fetch(
    config: &ScimConfig,
    mapping: &ScimMapping,
    as_of: NaiveDate,
) -> Result<ScimSnapshot, ScimError> {
    let base = config.base_url.trim().trim_end_matches('/');
    let shown = display_url(base).trim_end_matches('/').to_string();
    let authority = base.split_once("://").map_or(base, |(_, rest)| rest);
    if authority
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|a| a.contains('@'))
    {
        return Err(ScimError::Config(format!(
            "the SCIM base URL {shown:?} holds a user name or password: give the credentials (a bearer token or HTTP Basic) in the settings, not in the URL"
        )));
    }
    if base.contains(['?', '#']) {
        return Err(ScimError::Config(format!(
            "the SCIM base URL {shown:?} has a query string: give the service root only, like https://hr.example.se/scim/v2 (a token belongs in the settings, not in the URL)"
        )));
    }
    let exported_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let users = fetch_users(config, base, mapping)?;
    Ok(ScimSnapshot::new(
        users,
        mapping,
        &shown,
        as_of,
        exported_at,
    ))
}

fn fetch_users(
    config: &ScimConfig,
    base: &str,
    mapping: &ScimMapping,
) -> Result<Vec<ScimUser>, ScimError> {
    let client = Client::new(
        config.http,
        config.auth.clone(),
        &[("Accept", "application/scim+json")],
    )?;
    let url = format!("{base}/Users");
    let shown = display_url(&url);
    let count = config.page_size.max(1).to_string();
    let attributes = requested_attributes(mapping);
    collect_users(&shown, mapping, |start| {
        Ok(client.get_json(
            &url,
            &[
                ("startIndex", start.to_string()),
                ("count", count.clone()),
                ("attributes", attributes.clone()),
            ],
        )?)
    })
}

/// Maps SCIM `ListResponse` pages already fetched (the bodies of a service's answers to
/// `GET {base_url}/Users`, `startIndex` 1 first) into a full snapshot as of `as_of`, as
/// [`fetch`] reads the pages it asks for, without asking the service: to replay saved answers,
/// or to test the reading of odd ones. The pages are checked as [`fetch`] checks them (a body
/// that is not a `ListResponse` is an error naming the page as `page N`; so are a list shorter
/// than its `totalResults` and a page of users already read); after the last page given, the
/// service is taken to answer with no users and the last `totalResults` again. `base_url` names the service in locations.
///
/// ```
/// use chrono::NaiveDate;
/// use skillreg_core::Snapshot;
/// use skillreg_scim::{ScimMapping, snapshot_from_pages};
///
/// let mapping = ScimMapping::parse("")?;
/// let page = br#"{"totalResults": 1, "Resources": [{"id": "u1", "userName": "anna",
///     "name": {"givenName": "Anna", "familyName": "Lindqvist"}, "title": "USK",
///     "meta": {"created": "2015-03-01T00:00:00Z"},
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
///         {"employeeNumber": "10023", "department": "SOC-HT"}}]}"#;
/// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
/// let mut snapshot = snapshot_from_pages("https://hr.example.se/scim/v2", &mapping, day, [&page[..]])?;
/// let person = snapshot.next_person().map_err(|_| "problems")?.ok_or("no person")?;
/// assert_eq!(person.employee_no, "10023");
/// assert!(snapshot_from_pages("x", &mapping, day, [&b"{\"totalResults\": 2}"[..]]).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn snapshot_from_pages<'a>(
    base_url: &str,
    mapping: &ScimMapping,
    as_of: NaiveDate,
    pages: impl IntoIterator<Item = &'a [u8]>,
) -> Result<ScimSnapshot, ScimError> {
    let shown = display_url(base_url.trim().trim_end_matches('/'))
        .trim_end_matches('/')
        .to_string();
    let mut pages = pages.into_iter().enumerate();
    let mut total_results = None;
    let users = collect_users(&format!("{shown}/Users"), mapping, |_| {
        let Some((n, body)) = pages.next() else {
            // Past the last page, as a service answers: no users, the same total.
            return Ok(ListResponse {
                total_results,
                resources: Vec::new(),
            });
        };
        let page: ListResponse = serde_json::from_slice(body).map_err(|e| {
            ScimError::Http(HttpError::Decode {
                url: format!("{shown}/Users page {}", n + 1),
                message: e.to_string(),
            })
        })?;
        total_results = page.total_results;
        Ok(page)
    })?;
    let exported_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(ScimSnapshot::new(
        users,
        mapping,
        &shown,
        as_of,
        exported_at,
    ))
}

/// Reads pages from `get_page` (given the `startIndex` to ask for) until the list ends; `shown`
/// names the Users endpoint in errors.
fn collect_users(
    shown: &str,
    mapping: &ScimMapping,
    mut get_page: impl FnMut(u64) -> Result<ListResponse, ScimError>,
) -> Result<Vec<ScimUser>, ScimError> {
    let shown = shown.to_string();
    let mut users = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut start: u64 = 1;
    loop {
        let page = get_page(start)?;
        let received = users.len() as u64;
        if page.resources.is_empty() {
            return match page.total_results {
                Some(announced) if received < announced => Err(ScimError::Incomplete {
                    url: shown,
                    announced,
                    received,
                    start_index: start,
                }),
                _ => Ok(users),
            };
        }
        let n_on_page = page.resources.len() as u64;
        let mut n_new = 0usize;
        for resource in &page.resources {
            let user = ScimUser::from_json(resource, mapping);
            // A user inserted while paging shifts the rest: one may come twice. A user without
            // an id (which SCIM requires) is known by everything the server sent, so that a
            // server repeating such users is caught too.
            let key = if user.id.is_empty() {
                format!("\0{resource}")
            } else {
                user.id.clone()
            };
            if !ids.insert(key) {
                continue;
            }
            n_new += 1;
            users.push(user);
        }
        if n_new == 0 {
            return Err(ScimError::Stalled {
                url: shown,
                start_index: start,
            });
        }
        if users.len() as u64 > MAX_USERS {
            return Err(ScimError::TooMany {
                url: shown,
                limit: MAX_USERS,
            });
        }
        start = start.saturating_add(n_on_page);
        match page.total_results {
            Some(total) if start > total => {
                let received = users.len() as u64;
                return if received < total {
                    Err(ScimError::Incomplete {
                        url: shown,
                        announced: total,
                        received,
                        start_index: start,
                    })
                } else {
                    Ok(users)
                };
            }
            // No total (it is required, but some services leave it out): read until an empty
            // page.
            _ => {}
        }
    }
}
