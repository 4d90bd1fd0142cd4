//! Reading statements from an LRS into a snapshot.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat};
use serde_json::Value;
use skillreg_core::{
    EvidenceRecord, Field, Location, PersonRecord, Problem, Snapshot, SnapshotHeader, SnapshotKind,
    SourceCatalog, SourceEnd, Watermark,
};
use skillreg_http::{Auth, Client, HttpConfig};

use crate::error::XapiError;
use crate::mapping::XapiMapping;
use crate::statement::{Actor, Meaning, Resolver};

/// The source name of this adapter; evidence it brings is tagged with it.
pub const SOURCE: &str = "xapi";

/// The most statements one fetch reads: a bound on an LRS that pages without end.
const MAX_STATEMENTS: usize = 10_000_000;

/// The xAPI version this adapter speaks (sent as `X-Experience-API-Version`).
pub const XAPI_VERSION: &str = "1.0.3";

/// Where the LRS is and how to talk to it.
#[derive(Debug, Clone)]
pub struct XapiConfig {
    /// The LRS endpoint root, e.g. `https://lrs.example.se/xAPI` (statements are read from
    /// `{base_url}/statements`). A trailing `/` is ignored; user info or a query string is
    /// refused (credentials go in `auth`).
    pub base_url: String,
    /// Credentials (usually HTTP Basic with the LRS's key and secret).
    pub auth: Auth,
    /// Timeouts and retries.
    pub http: HttpConfig,
    /// Statements asked for per page (`limit`); the LRS may send fewer.
    pub page_limit: u32,
}

impl XapiConfig {
    /// A configuration for `base_url` with default timeouts and pages of 100 statements.
    pub fn new(base_url: impl Into<String>, auth: Auth) -> XapiConfig {
        XapiConfig {
            base_url: base_url.into(),
            auth,
            http: HttpConfig::default(),
            page_limit: 100,
        }
    }

    /// The base URL without a trailing `/`.
    fn base(&self) -> &str {
        self.base_url.trim().trim_end_matches('/')
    }

    /// The base URL as messages and locations show it: never user info nor a query.
    fn shown_base(&self) -> String {
        skillreg_http::display_url(self.base())
            .trim_end_matches('/')
            .to_string()
    }

    /// The key under which this LRS's watermark is kept: `xapi {base_url}` (without user info
    /// or query, which [`fetch`] refuses anyway).
    pub fn watermark_key(&self) -> String {
        format!("{SOURCE} {}", self.shown_base())
    }
}

/// Everything read from an LRS in one fetch: one person per employee number, with the course
/// results their statements state. See [`fetch`].
#[derive(Debug, Clone)]
pub struct XapiSnapshot {
    header: SnapshotHeader,
    people: std::vec::IntoIter<PersonRecord>,
    warnings: Vec<Problem>,
    watermark: Option<Watermark>,
    n_statements: usize,
    n_pages: usize,
}

impl XapiSnapshot {
    /// Statements read (every verb, voided ones included).
    pub fn n_statements(&self) -> usize {
        self.n_statements
    }

    /// Pages asked for.
    pub fn n_pages(&self) -> usize {
        self.n_pages
    }
}

impl Snapshot for XapiSnapshot {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    /// No catalog: courses come from the competence system; an LRS only says who did what.
    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        (SourceCatalog::default(), Vec::new())
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        Ok(self.people.next())
    }

    fn finish(&mut self) -> SourceEnd {
        SourceEnd {
            warnings: std::mem::take(&mut self.warnings),
            skipped: Vec::new(),
            watermark: self.watermark.take(),
            gone: Vec::new(),
        }
    }

    /// A course result's course is the code the mapping file gives the statement's activity;
    /// the courses themselves come from the competence system.
    fn field_name(&self, field: Field) -> &str {
        match field {
            Field::Course => "the course code in [courses] of the mapping file",
            Field::Courses => "the competence system's courses",
            _ => field.neutral_name(),
        }
    }
}

/// Reads the statements the LRS stored after `since` (a watermark from an earlier fetch: an
/// RFC 3339 time with a zone), or all when `None`, following `more` links to the end, and
/// turns the completions among them into course results.
///
/// - A statement counts when its verb is one of the mapping's `verbs`, its object is an
///   activity, it is not a failure (`result.success` or `result.completion` false: a `passed`
///   with `success: false` is not a completion), and no statement read in the same fetch voids
///   it.
/// - The completion day is the date of its `timestamp` as written (in its own offset), or of
///   `stored` when it has no timestamp or one later than `stored`.
/// - The same course on the same day for the same person is one result.
/// - Completions whose actor maps to no employee number, or whose activity maps to no course,
///   are left out and reported by [`Snapshot::finish`]: one warning per actor or activity, with
///   the number of statements and the first statement's id as the location. A completion that
///   maps to neither is counted under both.
/// - The watermark is the latest `stored` time read (any verb), kept as the LRS wrote it, under
///   the key [`XapiConfig::watermark_key`]; `since` again when nothing new was read, none when
///   the store is empty and there was no `since`.
/// - But a completion left out for want of a mapping (an account name or mailbox that maps to no
///   employee number, an activity that maps to no course) holds the watermark back, so that the
///   next fetch reads it again once the mapping file is fixed: the watermark is then the latest
///   `stored` time read that is strictly before the earliest such statement (`since` again, or
///   none, when there is none before it). Such a statement stops holding the watermark back
///   once it was stored more than [`XapiMapping::retry_days`] days (default 30) before the newest
///   statement read: it is given up, and its warning says so. Reading statements again is
///   harmless (the engine keeps one course result per course and day), and the warnings for
///   statements still left out come again with every fetch. Completions that no mapping can
///   use (an account name that looks like a national identity number, a nameless account, an
///   actor known only by `mbox_sha1sum` or `openid`) and unreadable ones never hold it back.
/// - Paging follows `more` links and ends at a page without one, or at an empty page (whatever
///   its `more` says). A `more` link already followed, a page holding only statements already
///   read, or more than 10 million statements in one fetch is an error: the LRS pages without
///   end.
/// - Statements stored at or before `since` are dropped on this side too (the spec makes
///   `since` exclusive; not every LRS compares it with `stored`), so a re-run reads nothing
///   twice.
pub fn fetch(
    config: &XapiConfig,
    mapping: &XapiMapping,
    since: Option<&str>,
) -> Result<XapiSnapshot, XapiError> {
    let (origin, since_at) = check_config(config, since)?;
    let exported_at = Local::now();
    let client = Client::new(
        config.http,
        config.auth.clone(),
        &[("X-Experience-API-Version", XAPI_VERSION)],
    )?;
    let resolver = Resolver::new(mapping);
    let mut reading = Reading::new(config, since_at);
    let base = config.base();
    let first = format!("{base}/statements");
    let mut query = vec![("limit", config.page_limit.to_string())];
    if let Some(since) = since {
        query.push(("since", since.trim().to_string()));
    }
    let mut url = first;
    let mut asked: HashSet<String> = HashSet::new();
    loop {
        let page: Value = client.get_json(&url, &query)?;
        let shown = skillreg_http::display_url(&url);
        match reading.page(&page, &shown, &resolver)? {
            None => break,
            Some(more) => url = next_url(&origin, &more, &shown, &mut asked)?,
        }
        query.clear();
    }
    Ok(reading.finish(config, mapping.retry_days, since, exported_at))
}

/// Reads statement pages already fetched (the bodies of an LRS's answers to
/// `GET {base_url}/statements`, first page first) into a snapshot, as [`fetch`] reads the pages
/// it asks for, without asking the LRS: to replay saved answers, or to test the reading of odd
/// ones. Every page is checked as [`fetch`] checks it (a body that is not JSON, or has no
/// `statements` list, is an error naming the page as `page N`, and so is a `more` link that
/// leaves the LRS or was already followed); reading stops at the first page without a `more`
/// link, or at an empty page, and the pages after it are not read.
///
/// ```
/// use skillreg_core::Snapshot;
/// use skillreg_http::Auth;
/// use skillreg_xapi::{XapiConfig, XapiMapping, read_pages};
///
/// let mapping = XapiMapping::parse(
///     "[courses]\n\"https://lms.example.se/course/teams-1\" = \"TEAMS-1\"\n[actors]\naccount_name = true\n",
/// )?;
/// let page = br#"{"statements": [{
///     "id": "a1", "stored": "2026-11-20T02:00:00Z", "timestamp": "2026-11-19T15:00:00+01:00",
///     "actor": {"account": {"homePage": "https://lms.example.se", "name": "10023"}},
///     "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
///     "object": {"id": "https://lms.example.se/course/teams-1"}}]}"#;
/// let config = XapiConfig::new("https://lrs.example.se/xAPI", Auth::None);
/// let mut snapshot = read_pages(&config, &mapping, None, [&page[..]])?;
/// let person = snapshot.next_person().map_err(|_| "problems")?.ok_or("no person")?;
/// assert_eq!(person.employee_no, "10023");
/// assert!(read_pages(&config, &mapping, None, [&b"{\"statements\": 7}"[..]]).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_pages<'a>(
    config: &XapiConfig,
    mapping: &XapiMapping,
    since: Option<&str>,
    pages: impl IntoIterator<Item = &'a [u8]>,
) -> Result<XapiSnapshot, XapiError> {
    let (origin, since_at) = check_config(config, since)?;
    let resolver = Resolver::new(mapping);
    let mut reading = Reading::new(config, since_at);
    let mut asked: HashSet<String> = HashSet::new();
    for (n, body) in pages.into_iter().enumerate() {
        let shown = format!("{} page {}", config.shown_base(), n + 1);
        let page: Value = serde_json::from_slice(body).map_err(|e| XapiError::Response {
            url: shown.clone(),
            message: format!("it is not JSON: {e}"),
        })?;
        match reading.page(&page, &shown, &resolver)? {
            None => break,
            Some(more) => {
                next_url(&origin, &more, &shown, &mut asked)?;
            }
        }
    }
    Ok(reading.finish(config, mapping.retry_days, since, Local::now()))
}

/// Checks the base URL, the page limit and `since`: the LRS's origin and `since` as a time.
fn check_config(
    config: &XapiConfig,
    since: Option<&str>,
) -> Result<(String, Option<DateTime<FixedOffset>>), XapiError> {
    let base = config.base();
    let authority = base.split_once("://").map_or(base, |(_, rest)| rest);
    if authority
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|a| a.contains('@'))
    {
        return Err(XapiError::Config(format!(
            "the LRS base URL {:?} holds a user name or password: give the credentials in the settings, not in the URL",
            skillreg_http::display_url(base)
        )));
    }
    let origin = origin_of(base).ok_or_else(|| {
        XapiError::Config(format!(
            "the LRS base URL {:?} is not an http(s) URL like https://lrs.example.se/xAPI",
            skillreg_http::display_url(base)
        ))
    })?;
    if base.contains(['?', '#']) {
        return Err(XapiError::Config(format!(
            "the LRS base URL {:?} has a query string: give the endpoint root only, like https://lrs.example.se/xAPI (credentials belong in the settings, not in the URL)",
            skillreg_http::display_url(base)
        )));
    }
    if config.page_limit == 0 {
        return Err(XapiError::Config(
            "the page limit must be at least 1 statement".to_string(),
        ));
    }
    let since_at = match since {
        Some(text) => Some(DateTime::parse_from_rfc3339(text.trim()).map_err(|e| {
            XapiError::Config(format!(
                "the watermark {text:?} is not an RFC 3339 time with a zone (like 2026-11-23T14:22:29.137504+00:00): {e}"
            ))
        })?),
        None => None,
    };
    Ok((origin, since_at))
}

/// The URL a `more` link points to, refused if it leaves the LRS or was already followed.
fn next_url(
    origin: &str,
    more: &str,
    shown: &str,
    asked: &mut HashSet<String>,
) -> Result<String, XapiError> {
    let next = resolve_more(origin, more).ok_or_else(|| XapiError::Response {
        url: shown.to_string(),
        message: format!(
            "the \"more\" link {:?} does not point into the LRS at {origin}",
            skillreg_http::display_url(more)
        ),
    })?;
    if !asked.insert(next.clone()) {
        return Err(XapiError::Response {
            url: shown.to_string(),
            message: format!(
                "the \"more\" link {:?} was already followed: the LRS pages in a circle",
                skillreg_http::display_url(more)
            ),
        });
    }
    Ok(next)
}

/// One completion that maps to a person and a course, or not.
struct Completion {
    id: String,
    stored: Option<DateTime<FixedOffset>>,
    actor: Actor,
    activity: String,
    course: Option<String>,
    day: NaiveDate,
}

/// What a fetch has gathered so far.
#[derive(Default)]
struct Reading {
    file: Option<Arc<str>>,
    since: Option<DateTime<FixedOffset>>,
    completions: Vec<Completion>,
    voided: HashMap<String, String>,
    ids: HashSet<String>,
    latest: Option<(DateTime<FixedOffset>, String)>,
    /// Every `stored` time read, as written: the watermark may have to stop short of the
    /// latest.
    stored: Vec<(DateTime<FixedOffset>, String)>,
    warnings: Vec<Problem>,
    n_statements: usize,
    n_pages: usize,
    /// Statements offered on the pages read (repeats included).
    received: usize,
}

impl Reading {
    fn new(config: &XapiConfig, since: Option<DateTime<FixedOffset>>) -> Reading {
        Reading {
            file: Some(Arc::from(config.shown_base())),
            since,
            ..Reading::default()
        }
    }

    /// Reads one page (the answer from `shown`): its `more` link, `None` when the statements
    /// end here.
    fn page(
        &mut self,
        page: &Value,
        shown: &str,
        resolver: &Resolver<'_>,
    ) -> Result<Option<String>, XapiError> {
        self.n_pages += 1;
        let Some(statements) = page.get("statements").and_then(Value::as_array) else {
            return Err(XapiError::Response {
                url: shown.to_string(),
                message: "it has no \"statements\" list".to_string(),
            });
        };
        self.received = self.received.saturating_add(statements.len());
        if self.received > MAX_STATEMENTS {
            return Err(XapiError::Response {
                url: shown.to_string(),
                message: format!(
                    "it offers more than {MAX_STATEMENTS} statements in one fetch: the LRS seems to page without end (or give a later watermark)"
                ),
            });
        }
        let before = self.ids.len();
        for statement in statements {
            self.read(statement, resolver);
        }
        // An empty page ends the statements whatever its `more` says (an LRS may offer one
        // after a full last page, or new links forever).
        if statements.is_empty() {
            return Ok(None);
        }
        if self.ids.len() == before && statements.iter().any(|s| s["id"].is_string()) {
            return Err(XapiError::Response {
                url: shown.to_string(),
                message: "it holds only statements already read on earlier pages: the LRS pages in a circle".to_string(),
            });
        }
        match page.get("more") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(more)) if more.trim().is_empty() => Ok(None),
            Some(Value::String(more)) => Ok(Some(more.trim().to_string())),
            Some(other) => Err(XapiError::Response {
                url: shown.to_string(),
                message: format!("\"more\" is not a string but {other}"),
            }),
        }
    }

    fn location(&self, id: &str) -> Location {
        Location {
            file: self.file.clone(),
            element: Some(format!("statement {id}")),
            ..Location::default()
        }
    }

    fn read(&mut self, statement: &Value, resolver: &Resolver<'_>) {
        let Some(id) = statement["id"].as_str().map(str::trim) else {
            self.warnings.push(Problem::new(
                &self.location("without id"),
                None,
                "a statement without an id was left out",
            ));
            return;
        };
        // A page boundary that moved may repeat a statement.
        if !self.ids.insert(id.to_string()) {
            return;
        }
        let stored_text = statement["stored"].as_str().map(str::trim);
        let stored = stored_text.and_then(|s| DateTime::parse_from_rfc3339(s).ok());
        if let (Some(stored), Some(since)) = (stored, self.since)
            && stored <= since
        {
            return;
        }
        self.n_statements += 1;
        if let (Some(at), Some(text)) = (stored, stored_text) {
            if self.latest.as_ref().is_none_or(|(latest, _)| at > *latest) {
                self.latest = Some((at, text.to_string()));
            }
            self.stored.push((at, text.to_string()));
        }
        match resolver.meaning(statement, stored) {
            Meaning::Completion {
                actor,
                activity,
                course,
                day,
            } => self.completions.push(Completion {
                id: id.to_string(),
                stored,
                actor,
                activity,
                course,
                day,
            }),
            Meaning::Voids(target) => {
                self.voided.insert(target, id.to_string());
            }
            Meaning::Nothing => {}
            Meaning::Unreadable(why) => {
                let at = self.location(id);
                self.warnings.push(Problem::new(
                    &at,
                    None,
                    format!("a completion statement was left out: {why}"),
                ));
            }
        }
    }

    fn finish(
        mut self,
        config: &XapiConfig,
        retry_days: u32,
        since: Option<&str>,
        exported_at: DateTime<Local>,
    ) -> XapiSnapshot {
        // Voiding statements whose target was read by an earlier fetch cannot take back a
        // course result already recorded (evidence is kept forever): say so.
        let read: HashSet<&str> = self.ids.iter().map(String::as_str).collect();
        let mut late: Vec<(&String, &String)> = self
            .voided
            .iter()
            .filter(|(target, _)| !read.contains(target.as_str()))
            .collect();
        late.sort();
        let mut warnings = Vec::new();
        for (target, by) in late {
            warnings.push(Problem::new(
                &self.location(by),
                None,
                format!(
                    "it voids statement {target}, which this sync did not read: if an earlier sync recorded a course result from it, the registry still holds it"
                ),
            ));
        }
        // A completion left out for want of a mapping is read again by the next fetch (the
        // watermark stops short of it) until it is `retry_days` older than the newest
        // statement read; then it is given up.
        let give_up_before = self
            .latest
            .as_ref()
            .map(|(newest, _)| *newest - chrono::TimeDelta::days(i64::from(retry_days)));
        let mut earliest_held: Option<DateTime<FixedOffset>> = None;
        // Per actor or activity: statements, the first, the hint, statements given up.
        let mut unmapped_actors: BTreeMap<String, (usize, &Completion, &str, usize)> =
            BTreeMap::new();
        let mut unmapped_activities: BTreeMap<&str, (usize, &Completion, usize)> = BTreeMap::new();
        let mut results: BTreeMap<&str, BTreeMap<(NaiveDate, &str), &Completion>> = BTreeMap::new();
        for c in &self.completions {
            if self.voided.contains_key(&c.id) {
                continue;
            }
            let mappable = match &c.actor {
                Actor::Employee(_) => true,
                Actor::Unmapped { mappable, .. } => *mappable,
            };
            let left_out = c.course.is_none() || !matches!(c.actor, Actor::Employee(_));
            let mut given_up = 0;
            if left_out
                && mappable
                && let Some(stored) = c.stored
            {
                if give_up_before.is_some_and(|before| stored < before) {
                    given_up = 1;
                } else if earliest_held.is_none_or(|held| stored < held) {
                    earliest_held = Some(stored);
                }
            }
            if let Actor::Unmapped { shown, hint, .. } = &c.actor {
                let entry =
                    unmapped_actors
                        .entry(shown.clone())
                        .or_insert((0, c, hint.as_str(), 0));
                entry.0 += 1;
                entry.3 += given_up;
            }
            if c.course.is_none() {
                let entry = unmapped_activities
                    .entry(c.activity.as_str())
                    .or_insert((0, c, 0));
                entry.0 += 1;
                entry.2 += given_up;
            }
            if let (Actor::Employee(no), Some(course)) = (&c.actor, &c.course) {
                results
                    .entry(no.as_str())
                    .or_default()
                    .entry((c.day, course.as_str()))
                    .or_insert(c);
            }
        }
        let given_up = |n: usize, given_up: usize| match given_up {
            0 => String::new(),
            k if k == n => format!("; no longer retried after {retry_days} days"),
            k => format!("; {k} of them no longer retried after {retry_days} days"),
        };
        for (shown, (n, first, hint, k)) in &unmapped_actors {
            warnings.push(Problem::new(
                &self.location(&first.id),
                None,
                format!(
                    "{} left out: {shown} maps to no employee number; {hint}{}",
                    statements(*n),
                    given_up(*n, *k)
                ),
            ));
        }
        for (activity, (n, first, k)) in &unmapped_activities {
            warnings.push(Problem::new(
                &self.location(&first.id),
                None,
                format!(
                    "{} left out: activity {activity} maps to no course; add it to [courses] in the mapping file{}",
                    statements(*n),
                    given_up(*n, *k)
                ),
            ));
        }
        let people: Vec<PersonRecord> = results
            .iter()
            .filter_map(|(no, courses)| {
                let first = courses.values().map(|c| c.id.as_str()).min()?;
                Some(PersonRecord {
                    employee_no: (*no).to_string(),
                    given_name: String::new(),
                    family_name: String::new(),
                    email: None,
                    gender: None,
                    employments: Vec::new(),
                    evidence: courses
                        .iter()
                        .map(|((day, course), c)| EvidenceRecord::CourseResult {
                            course: (*course).to_string(),
                            completed: *day,
                            location: self.location(&c.id),
                        })
                        .collect(),
                    location: self.location(first),
                })
            })
            .collect();
        self.warnings.extend(warnings);
        let latest = match earliest_held {
            // The latest stored strictly before the earliest held statement, so that `since`
            // (exclusive) takes it in again.
            Some(held) => self
                .stored
                .iter()
                .filter(|(at, _)| *at < held)
                .max_by_key(|(at, _)| *at)
                .map(|(_, text)| text.clone()),
            None => self.latest.map(|(_, text)| text),
        };
        let value = latest.or_else(|| since.map(|s| s.trim().to_string()));
        XapiSnapshot {
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of: exported_at.date_naive(),
                exported_at: exported_at.to_rfc3339_opts(SecondsFormat::Secs, false),
                kind: SnapshotKind::Delta,
            },
            people: people.into_iter(),
            warnings: self.warnings,
            watermark: value.map(|value| Watermark {
                key: config.watermark_key(),
                value,
            }),
            n_statements: self.n_statements,
            n_pages: self.n_pages,
        }
    }
}

fn statements(n: usize) -> String {
    if n == 1 {
        "1 completion statement".to_string()
    } else {
        format!("{n} completion statements")
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{authority}"))
}

/// The URL of a `more` link: a path is relative to the LRS's origin (as the xAPI spec says);
/// an absolute URL must stay on that origin (credentials go nowhere else).
fn resolve_more(origin: &str, more: &str) -> Option<String> {
    if more.starts_with('/') && !more.starts_with("//") {
        return Some(format!("{origin}{more}"));
    }
    let same = origin_of(more)?;
    (same.eq_ignore_ascii_case(origin)).then(|| more.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completions stored on the given days (`course` an activity name under
    /// https://lms.example.se/course/), read in that order; the snapshot's warnings and
    /// watermark.
    fn read_days(statements: &[(&str, &str)]) -> (Vec<String>, Option<String>) {
        let mapping = XapiMapping::parse(
            "[courses]\n\"https://lms.example.se/course/teams-1\" = \"TEAMS-1\"\n[actors]\naccount_name = true\n",
        );
        let mapping = mapping.unwrap_or_else(|e| panic!("{e}"));
        let resolver = Resolver::new(&mapping);
        let mut reading = Reading::default();
        for (n, (stored, course)) in statements.iter().enumerate() {
            let statement = serde_json::json!({
                "id": format!("s{n}"),
                "actor": {"account": {"homePage": "https://lms.example.se", "name": "10023"}},
                "verb": {"id": crate::VERB_COMPLETED},
                "object": {"id": format!("https://lms.example.se/course/{course}")},
                "stored": format!("{stored}T02:00:00.000000+00:00"),
            });
            reading.read(&statement, &resolver);
        }
        let config = XapiConfig::new("http://127.0.0.1:9/xAPI", Auth::None);
        let mut snapshot = reading.finish(&config, mapping.retry_days, None, Local::now());
        let end = snapshot.finish();
        (
            end.warnings.iter().map(ToString::to_string).collect(),
            end.watermark.map(|w| w.value),
        )
    }

    #[test]
    fn left_out_completions_hold_the_watermark_for_30_days() {
        let (warnings, watermark) = read_days(&[
            ("2026-10-01", "excel-grund"),
            ("2026-10-20", "teams-1"),
            ("2026-10-25", "excel-grund"),
            ("2026-11-20", "teams-1"),
        ]);
        // The first Excel completion is 50 days older than the newest statement: given up; the
        // second (26 days) holds the watermark at the statement stored before it.
        assert_eq!(
            watermark.as_deref(),
            Some("2026-10-20T02:00:00.000000+00:00")
        );
        assert_eq!(
            warnings,
            [
                "<statement s0>: 2 completion statements left out: activity \
              https://lms.example.se/course/excel-grund maps to no course; add it to [courses] in \
              the mapping file; 1 of them no longer retried after 30 days"
            ]
        );
        // Nothing stored before the held one: no watermark (without `since`), all read again.
        let (_, watermark) = read_days(&[("2026-11-01", "excel-grund"), ("2026-11-20", "teams-1")]);
        assert_eq!(watermark, None);
        // All given up: the latest.
        let (warnings, watermark) =
            read_days(&[("2026-09-01", "excel-grund"), ("2026-11-20", "teams-1")]);
        assert_eq!(
            watermark.as_deref(),
            Some("2026-11-20T02:00:00.000000+00:00")
        );
        assert!(
            warnings[0].ends_with("; no longer retried after 30 days"),
            "{warnings:?}"
        );
    }

    #[test]
    fn more_links_stay_on_the_lrs() {
        let origin = "http://127.0.0.1:8100";
        assert_eq!(
            resolve_more(origin, "/xAPI/statements?limit=2&search_after=x").as_deref(),
            Some("http://127.0.0.1:8100/xAPI/statements?limit=2&search_after=x")
        );
        assert_eq!(
            resolve_more(origin, "http://127.0.0.1:8100/xAPI/statements?p=2").as_deref(),
            Some("http://127.0.0.1:8100/xAPI/statements?p=2")
        );
        assert_eq!(
            resolve_more(origin, "https://evil.example.com/xAPI/statements"),
            None
        );
        assert_eq!(resolve_more(origin, "//evil.example.com/x"), None);
        assert_eq!(resolve_more(origin, "statements?p=2"), None);
    }

    #[test]
    fn origin_of_takes_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://lrs.example.se:8443/xAPI").as_deref(),
            Some("https://lrs.example.se:8443")
        );
        assert_eq!(origin_of("ftp://lrs.example.se/xAPI"), None);
        assert_eq!(origin_of("https://user:pw@lrs.example.se/xAPI"), None);
        assert_eq!(origin_of("lrs.example.se/xAPI"), None);
    }
}
