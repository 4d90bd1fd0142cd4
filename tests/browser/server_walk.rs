//! Each actor's walk through the web service in Chromium, as a table: a row per page, saying
//! how the browser gets there from the page before (sign in at the provider, open a path,
//! follow a link, press a button for the page's own script, fill and submit a form) and what
//! only that page shows. Every row's page is checked where it stands (status, axe-core, CSP,
//! screenshot: `server::check_page`); after the walk the registry file must hold what the
//! forms wrote, audited under a web session.
//!
//! To walk a new page, add a row to the actor's table.

use std::time::Instant;

use fantoccini::Client;
use serde_json::json;
use skillreg_core::EvidenceKind;
use skillreg_store::{Actor, Agreed, AuditFilter, Registry};

use crate::server::{Res, check_page, find, open_browser, screenshot, service, wait_until};

/// How the browser gets to a page from the one before.
#[derive(Debug, Clone, Copy)]
enum Go {
    /// Sign in as this account: open the service's home page, which sends the browser to the
    /// provider's login form (screenshot `<actor>-provider-login.png`, not checked: it is the
    /// test provider's page); type the account into `login` and submit; the provider sends
    /// the browser back to the service's home page.
    SignIn(&'static str),
    /// Open this path of the service (as if typed into the address bar).
    Open(&'static str),
    /// Click the link or button this CSS selector finds; a new page loads.
    Follow(&'static str),
    /// Click what this CSS selector finds for the page's own script; no new page loads.
    Press(&'static str),
    /// Fill the form this CSS selector finds, (field name, value) in turn: typed into a text
    /// field, chosen in a select, set on a date field (whose typing depends on the locale);
    /// then click its submit button.
    Submit(&'static str, &'static [(&'static str, &'static str)]),
}

/// What shows that the browser is on the page a row expects.
#[derive(Debug, Clone, Copy)]
enum Shows {
    /// An element this CSS selector finds.
    Css(&'static str),
    /// This text, in what the page shows.
    Text(&'static str),
    /// This script expression is true in the page.
    Script(&'static str),
}

/// A row of a walk: one page of the service.
#[derive(Debug, Clone, Copy)]
struct Page {
    /// The page's name in its screenshot, `target/browser-shots/<actor>-<name>.png`.
    name: &'static str,
    go: Go,
    shows: Shows,
    /// The HTTP status the page is served with.
    status: u16,
    /// axe-core rules the page breaks knowingly: (rule id, why). Each one is listed in the
    /// test's output.
    excused: &'static [(&'static str, &'static str)],
}

/// A row for a page served with 200 and no excused rule.
const fn page(name: &'static str, go: Go, shows: Shows) -> Page {
    Page {
        name,
        go,
        shows,
        status: 200,
        excused: &[],
    }
}

/// The last row of every walk: sign out with the bar's button.
const SIGN_OUT: Page = page(
    "signed-out",
    Go::Follow("nav.session form[action='/signout'] button"),
    Shows::Text("You are signed out."),
);

/// Manager 10001: the team (sorted by a click), a report's brief, a talk recorded with two
/// agreed levels and a course, the talks due.
const MANAGER: &[Page] = &[
    page(
        "home",
        Go::SignIn("10001"),
        Shows::Text("Signed in as manager:10001"),
    ),
    page(
        "team",
        Go::Follow("nav.menu a[href='/team']"),
        // The sorting script (a file, as the CSP wants) ran: the headings are buttons.
        Shows::Css("thead th button.sort"),
    ),
    page(
        "team-sorted",
        Go::Press("thead th:nth-child(2) button.sort"),
        Shows::Css("thead th:nth-child(2)[aria-sort='ascending']"),
    ),
    page(
        "team-sorted-descending",
        Go::Press("thead th:nth-child(2) button.sort"),
        // Largest gap first: 10023, at target in Lifecare, moves from the top to the bottom.
        Shows::Script(
            "document.querySelector(\"thead th:nth-child(2)[aria-sort='descending']\") !== null \
             && !document.querySelector('tbody tr:first-child').innerText.includes('10023') \
             && document.querySelector('tbody tr:last-child').innerText.includes('10023')",
        ),
    ),
    page(
        "brief",
        Go::Follow("nav.people a[href='/people/10024/brief']"),
        Shows::Text("10024"),
    ),
    page(
        "talk",
        Go::Open("/people/10024/talk"),
        Shows::Css("form[action='/people/10024/talk']"),
    ),
    page(
        "talk-recorded",
        Go::Submit(
            "form[action='/people/10024/talk']",
            &[
                ("date", "2026-11-18"),
                ("system1", "LIFECARE"),
                ("level1", "3"),
                ("due1", "2027-03-31"),
                ("system2", "O365"),
                ("level2", "2"),
                ("course1", "LC-HANDL"),
                ("cdue1", "2027-02-28"),
            ],
        ),
        Shows::Text("Talk recorded: 2026-11-18 (3 agreements)"),
    ),
    page(
        "due",
        Go::Follow("nav.menu a[href='/team/due']"),
        Shows::Text("Talks due"),
    ),
    page(
        "overview",
        Go::Follow("nav.menu a[href='/team/overview']"),
        Shows::Css("main table"),
    ),
    page(
        "demand",
        Go::Follow("nav.menu a[href='/demand']"),
        Shows::Css("main h1"),
    ),
    page(
        "progress",
        Go::Follow("nav.menu a[href='/progress']"),
        Shows::Css("svg.progress-chart"),
    ),
    page(
        "coverage",
        Go::Follow("nav.menu a[href='/talks/coverage']"),
        Shows::Css("main table"),
    ),
    SIGN_OUT,
];

/// Employee 10023: her brief, history and talks, and a self-assessment submitted.
const EMPLOYEE: &[Page] = &[
    page(
        "home",
        Go::SignIn("10023"),
        Shows::Text("Signed in as employee:10023"),
    ),
    page(
        "history",
        Go::Follow("nav.menu a[href='/me/history']"),
        Shows::Text("My history"),
    ),
    page(
        "talks",
        Go::Follow("nav.menu a[href='/me/talks']"),
        Shows::Text("My talks"),
    ),
    page(
        "assess",
        Go::Follow("nav.menu a[href='/me/assess']"),
        Shows::Css("form[action='/me/assess'] select[name='O365']"),
    ),
    page(
        "assessed",
        Go::Submit(
            "form[action='/me/assess']",
            &[("O365", "3"), ("TIMECARE", "2")],
        ),
        Shows::Text("Self-assessments recorded: 2. Already held: 0."),
    ),
    page(
        "rounds",
        Go::Follow("nav.menu a[href='/me/rounds']"),
        Shows::Css("main a[href^='/me/rounds/']"),
    ),
    page(
        "round-form",
        Go::Follow("main a[href^='/me/rounds/']"),
        Shows::Css("form.round-answers fieldset legend"),
    ),
    page(
        "round-answered",
        Go::Submit(
            "form.round-answers",
            &[("s-LIFECARE", "2"), ("s-TIMECARE", "1"), ("s-O365", "3")],
        ),
        Shows::Css("p[role='status']"),
    ),
    SIGN_OUT,
];

/// HR (hr1): the rounds, a round opened through the form and its status, the audit trail.
const HR: &[Page] = &[
    page("home", Go::SignIn("hr1"), Shows::Text("Signed in as hr")),
    page(
        "rounds",
        Go::Follow("nav.menu a[href='/rounds']"),
        Shows::Css("form[action='/rounds']"),
    ),
    page(
        "round",
        Go::Submit(
            "form[action='/rounds']",
            &[
                ("occupation", "USK"),
                ("opens", "2026-11-20"),
                ("closes", "2026-12-11"),
            ],
        ),
        Shows::Css("a[href$='/reminders.csv']"),
    ),
    page(
        "audit",
        Go::Follow("nav.menu a[href='/audit']"),
        Shows::Text("web session "),
    ),
    page(
        "units",
        Go::Follow("nav.menu a[href='/units']"),
        Shows::Css("main a[href='/units/SOC']"),
    ),
    page(
        "unit",
        Go::Follow("main a[href='/units/SOC']"),
        Shows::Css("main table"),
    ),
    page(
        "demand",
        Go::Follow("nav.menu a[href='/demand']"),
        Shows::Text("LC-HANDL"),
    ),
    page(
        "groups",
        Go::Follow("nav.menu a[href='/groups']"),
        Shows::Css("main h1"),
    ),
    page(
        "coverage",
        Go::Follow("nav.menu a[href='/talks/coverage']"),
        Shows::Css("main table"),
    ),
    page(
        "maturity",
        Go::Follow("nav.menu a[href='/maturity']"),
        Shows::Css("main h1"),
    ),
    page(
        "runs",
        Go::Follow("nav.menu a[href='/runs']"),
        Shows::Css("main table"),
    ),
    SIGN_OUT,
];

/// A steering group's viewer of unit SOC: the unit's aggregates and the progress report.
const VIEWER: &[Page] = &[
    page(
        "home",
        Go::SignIn("steering"),
        Shows::Text("Signed in as viewer:SOC"),
    ),
    page(
        "unit",
        Go::Follow("nav.menu a[href='/units/SOC']"),
        Shows::Css("main table"),
    ),
    page(
        "progress",
        Go::Follow("nav.menu a[href='/progress']"),
        Shows::Css("svg.progress-chart"),
    ),
    page(
        "demand",
        Go::Follow("nav.menu a[href='/demand']"),
        Shows::Css("main h1"),
    ),
    page(
        "groups",
        Go::Follow("nav.menu a[href='/groups']"),
        Shows::Css("main h1"),
    ),
    page(
        "rounds",
        Go::Follow("nav.menu a[href='/rounds']"),
        Shows::Css("main h1"),
    ),
    page(
        "coverage",
        Go::Follow("nav.menu a[href='/talks/coverage']"),
        Shows::Css("main table"),
    ),
    page(
        "maturity",
        Go::Follow("nav.menu a[href='/maturity']"),
        Shows::Css("main h1"),
    ),
    SIGN_OUT,
];

/// Walks `pages` as `actor` in a new browser, checking each page; the browser is closed
/// whatever happens.
async fn walk(actor: &str, pages: &[Page]) -> Res {
    let client = open_browser().await?;
    let walked = walk_in(&client, actor, pages).await;
    let closed = client.close().await;
    walked?;
    closed?;
    Ok(())
}

async fn walk_in(client: &Client, actor: &str, pages: &[Page]) -> Res {
    let origin = &service()?.origin;
    let started = Instant::now();
    for row in pages {
        let at = Instant::now();
        go(client, origin, actor, row)
            .await
            .map_err(|e| format!("{actor}-{}: getting there ({:?}): {e}", row.name, row.go))?;
        let shown = match row.shows {
            Shows::Css(css) => format!("document.querySelector({}) !== null", json!(css)),
            Shows::Text(text) => format!("document.body.innerText.includes({})", json!(text)),
            Shows::Script(script) => format!("({script})"),
        };
        wait_until(
            client,
            &format!(
                "return location.origin === {} && document.readyState === 'complete' && {shown};",
                json!(origin)
            ),
            &format!("{actor}-{} to show {:?}", row.name, row.shows),
        )
        .await?;
        let checked = check_page(client, actor, row.name, row.status, row.excused).await?;
        eprintln!(
            "{actor}-{}: {} axe rules passed{}, {:.2?}, {}",
            row.name,
            checked.n_rules_passed,
            if checked.excused.is_empty() {
                String::new()
            } else {
                format!(", excused: {}", checked.excused.join("; "))
            },
            at.elapsed(),
            checked.shot.display()
        );
    }
    eprintln!(
        "{actor}: {} pages in {:.2?}",
        pages.len(),
        started.elapsed()
    );
    Ok(())
}

/// Marks the page the browser shows, so that a wait can tell the next one from it.
async fn mark_old_page(client: &Client) -> Res {
    client
        .execute("window.skillregOldPage = true; return true;", vec![])
        .await?;
    Ok(())
}

async fn until_new_page(client: &Client, what: &str) -> Res {
    wait_until(
        client,
        "return window.skillregOldPage === undefined && document.readyState === 'complete';",
        what,
    )
    .await
}

async fn go(client: &Client, origin: &str, actor: &str, row: &Page) -> Res {
    match row.go {
        Go::SignIn(account) => {
            client.goto(&format!("{origin}/")).await?;
            // The provider's login form: the test provider's own page, so only looked at (a
            // municipality's identity provider has its own).
            let login = find(client, "form input[name='login']").await?;
            screenshot(client, actor, "provider-login").await?;
            login.send_keys(account).await?;
            mark_old_page(client).await?;
            find(client, "form button").await?.click().await?;
            until_new_page(client, "the service after the provider's login").await
        }
        Go::Open(path) => Ok(client.goto(&format!("{origin}{path}")).await?),
        Go::Follow(css) => {
            let target = find(client, css).await?;
            mark_old_page(client).await?;
            target.click().await?;
            until_new_page(client, css).await
        }
        Go::Press(css) => Ok(find(client, css).await?.click().await?),
        Go::Submit(form, fields) => {
            for (name, value) in fields {
                let input = find(client, &format!("{form} [name='{name}']")).await?;
                let tag = input.tag_name().await?;
                let kind = input.attr("type").await?.unwrap_or_default();
                if kind == "radio" {
                    let choice =
                        find(client, &format!("{form} [name='{name}'][value='{value}']")).await?;
                    choice.click().await?;
                } else if tag == "select" {
                    input.select_by_value(value).await?;
                } else if kind == "date" {
                    client
                        .execute(
                            "arguments[0].value = arguments[1]; return arguments[0].value;",
                            vec![serde_json::to_value(&input)?, json!(value)],
                        )
                        .await?;
                } else {
                    input.clear().await?;
                    input.send_keys(value).await?;
                }
            }
            let button = find(client, &format!("{form} button[type=submit]")).await?;
            mark_old_page(client).await?;
            button.click().await?;
            until_new_page(client, &format!("the answer to {form}")).await
        }
    }
}

/// The registry file as HR reads it (after the walk: the service has written it).
fn registry() -> Res<Registry> {
    Ok(Registry::open_existing(&service()?.db, Actor::Hr)?)
}

/// Whether the audit trail holds a row by `actor` about `employee` whose action names
/// `action`, made through a web session.
fn audited(actor: &str, action: &str, employee: Option<&str>) -> Res<bool> {
    let entries = registry()?.audit(&AuditFilter::default())?;
    Ok(entries.iter().any(|e| {
        e.actor == actor
            && e.action.contains(action)
            && e.via.starts_with("web session ")
            && (employee.is_none() || e.employee_no.as_deref() == employee)
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_signs_in_sorts_the_team_and_records_a_talk_in_chromium() -> Res {
    walk("manager", MANAGER).await?;
    let talks = registry()?.talks("10024")?;
    let talk = talks
        .iter()
        .find(|t| t.date.to_string() == "2026-11-18")
        .ok_or_else(|| format!("no talk of 2026-11-18 with 10024: {talks:#?}"))?;
    assert_eq!(talk.agreements.len(), 3, "{talk:#?}");
    assert!(
        talk.agreements.iter().any(|a| matches!(
            &a.agreed,
            Agreed::Level { system, level } if system == "LIFECARE" && level.to_string() == "3"
        )),
        "{talk:#?}"
    );
    assert!(
        audited("manager:10001", "record talk", Some("10024"))?,
        "no audited talk through a web session"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_signs_in_and_assesses_herself_in_chromium() -> Res {
    walk("employee", EMPLOYEE).await?;
    let answers: Vec<(String, String)> = registry()?
        .history("10023")?
        .into_iter()
        .filter(|e| matches!(e.evidence.kind, EvidenceKind::SelfAssessment))
        .map(|e| (e.evidence.system, e.evidence.level.to_string()))
        .collect();
    for answer in [("O365", "3"), ("TIMECARE", "2")] {
        assert!(
            answers.contains(&(answer.0.to_string(), answer.1.to_string())),
            "{answer:?} not in {answers:?}"
        );
    }
    assert!(
        audited("employee:10023", "record self-assessment", Some("10023"))?,
        "no audited self-assessment through a web session"
    );
    // The round's form: LIFECARE 2, TIMECARE 1, O365 3, all recorded in one answer.
    for answer in [("LIFECARE", "2"), ("TIMECARE", "1"), ("O365", "3")] {
        assert!(
            answers.contains(&(answer.0.to_string(), answer.1.to_string())),
            "{answer:?} from the round not in {answers:?}"
        );
    }
    assert!(
        audited("employee:10023", "answer round", Some("10023"))?,
        "no audited round answer through a web session"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_signs_in_and_opens_a_round_in_chromium() -> Res {
    walk("hr", HR).await?;
    let rounds = registry()?.rounds()?;
    assert!(
        rounds.iter().any(|r| r.occupation == "USK"
            && r.opened_by == "hr"
            && r.opened.to_string() == "2026-11-20"),
        "{rounds:#?}"
    );
    assert!(
        audited("hr", "open round", None)?,
        "no audited round through a web session"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_signs_in_and_reads_the_unit_and_progress_in_chromium() -> Res {
    walk("viewer", VIEWER).await
}

/// The CSP check is not vacuous: a script element added to a page of the service is refused by
/// Chromium under the service's CSP (it does not run), the console says so, and the page's
/// check fails naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inline_script_on_a_page_of_the_service_is_refused_and_fails_the_check() -> Res {
    let client = open_browser().await?;
    let outcome = inline_script_refused(&client).await;
    client.close().await?;
    outcome
}

async fn inline_script_refused(client: &Client) -> Res {
    client
        .goto(&format!("{}/signed-out", service()?.origin))
        .await?;
    let title = client
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'document.title = \"inline ran\"';
             document.body.appendChild(s);
             return document.title;",
            vec![],
        )
        .await?;
    assert_ne!(title, json!("inline ran"), "the inline script ran");
    let checked = check_page(client, "csp", "inline-script", 200, &[]).await;
    let fault = checked
        .err()
        .ok_or("the check passed a page with a CSP violation")?
        .to_string();
    assert!(
        fault.contains("CSP violations") && fault.contains("script-src"),
        "{fault}"
    );
    Ok(())
}

/// The column check is not vacuous: a table on a page of the service whose rows have more
/// cells than its header names (as the progress table's had) fails the page's check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_with_columns_under_no_heading_fails_the_check() -> Res {
    let client = open_browser().await?;
    let outcome = headless_column_found(&client).await;
    client.close().await?;
    outcome
}

async fn headless_column_found(client: &Client) -> Res {
    client
        .goto(&format!("{}/signed-out", service()?.origin))
        .await?;
    client
        .execute(
            "const t = document.createElement('table');
             t.id = 'short-header';
             t.createTHead().insertRow().append(document.createElement('th'), document.createElement('th'));
             const row = t.createTBody().insertRow();
             for (let i = 0; i < 3; i++) row.insertCell().textContent = String(i);
             document.querySelector('main').append(t);
             return true;",
            vec![],
        )
        .await?;
    let checked = check_page(client, "columns", "short-header", 200, &[]).await;
    let fault = checked
        .err()
        .ok_or("the check passed a table with a column under no heading")?
        .to_string();
    assert!(
        fault.contains("short-header: 3 cells, 2 headings"),
        "{fault}"
    );
    Ok(())
}
