//! The aggregate pages (units, a manager's people, demand, target groups, talk coverage,
//! maturity, the run log, round status) for HR, a manager, an employee and a viewer, against
//! the real provider and the sample registry. Each figure is the one the CLI gives for the
//! same view as of 2026-11-20 (`skillreg --as-actor ACTOR demand --format json` ...), with
//! groups under 5 withheld. The test browser asks for Swedish (`Accept-Language: sv-SE`).

use reqwest::StatusCode;
use skillreg_store::{Actor, Registry, RoundSpec};

use super::{Answer, Browser, Res, Service};

/// The page is served under the CSP and has no inline script or style.
fn assert_strict(answer: &Answer, what: &str) {
    assert_eq!(
        answer.headers["content-security-policy"],
        skillreg_server::CSP,
        "{what}"
    );
    let body = &answer.body;
    assert!(
        !body.contains("<script") && !body.contains("<style") && !body.contains(" style="),
        "{what}: {body}"
    );
}

/// A 200 page under the CSP.
async fn ok(browser: &mut Browser, service: &Service, path: &str) -> Res<String> {
    let answer = browser.get(&format!("{}{path}", service.origin)).await?;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    assert_strict(&answer, path);
    Ok(answer.body)
}

/// A 403 page that shows nothing of what was asked and leaves no audit row.
async fn refused(browser: &mut Browser, service: &Service, path: &str) -> Res {
    let before = service.audit()?.len();
    let answer = browser.get(&format!("{}{path}", service.origin)).await?;
    assert_eq!(
        answer.status,
        StatusCode::FORBIDDEN,
        "{path}: {}",
        answer.body
    );
    assert_strict(&answer, path);
    assert!(!answer.body.contains("<table"), "{path}: {}", answer.body);
    assert!(
        answer.body.contains("Inte tillåtet"),
        "{path}: {}",
        answer.body
    );
    assert_eq!(
        service.audit()?.len(),
        before,
        "{path} wrote to the audit trail"
    );
    Ok(())
}

/// Whether the audit trail has a row of `action` read through a web session.
fn audited(service: &Service, action: &str) -> Res<bool> {
    Ok(service
        .audit()?
        .iter()
        .any(|e| e.action.contains(action) && e.via.starts_with("web session ")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_reads_every_aggregate_page_with_the_samples_figures() -> Res {
    let service = Service::start("").await?;
    let mut hr = Browser::default();
    hr.sign_in(&service, "hr1").await?;
    // The menu under the bar links every aggregate page, in Swedish.
    let home = ok(&mut hr, &service, "/rounds").await?;
    for link in [
        "<a href=\"/units\">Enheter</a>",
        "<a href=\"/demand\">Utbildningsbehov</a>",
        "<a href=\"/groups\">Målgrupper</a>",
        "<a href=\"/talks/coverage\">Samtalstäckning</a>",
        "<a href=\"/maturity\">Mognad</a>",
        "<a href=\"/runs\">Synkroniseringslogg</a>",
    ] {
        assert!(home.contains(link), "{link}: {home}");
    }
    // The rounds page, once English only, is Swedish by Accept-Language.
    assert!(home.contains("<h1>Omgångar</h1>"), "{home}");
    assert!(home.contains("<label for=\"occupation\">Yrkesgrupp (kod)</label>"));

    let units = ok(&mut hr, &service, "/units").await?;
    assert!(units.contains("<h1>Enheter</h1>"));
    for unit in ["SOC", "SOC-HT", "BUF"] {
        assert!(
            units.contains(&format!("<a href=\"/units/{unit}\">")),
            "{unit}: {units}"
        );
    }

    // `skillreg demand`: 7 active people, 6 with a gap; TC-PERS's counts under 5 withheld.
    let demand = ok(&mut hr, &service, "/demand").await?;
    assert!(demand.contains("<h1>Utbildningsbehov</h1>"), "{demand}");
    assert!(
        demand.contains("<dd data-figure=\"people\">7</dd>"),
        "{demand}"
    );
    assert!(
        demand.contains("<dd data-figure=\"with-gaps\">6</dd>"),
        "{demand}"
    );
    assert!(demand.contains("data-closes>färre än 5</td>"), "{demand}");
    assert!(audited(&service, "read demand")?);
    // The CLI's filters: a unit, and by gender (HR only).
    let soc = ok(&mut hr, &service, "/demand?unit=SOC&by=gender").await?;
    assert!(soc.contains("<dd data-figure=\"people\">6</dd>"), "{soc}");
    assert!(soc.contains("class=\"demand-gender\""), "{soc}");

    // The sample's catalog lists no target groups.
    let groups = ok(&mut hr, &service, "/groups").await?;
    assert!(groups.contains("<h1>Målgrupper</h1>"));
    assert!(
        groups.contains("Katalogen har inga målgrupper."),
        "{groups}"
    );
    assert!(audited(&service, "read target groups")?);

    // `skillreg talks due` as HR: 7 people, none with a talk in 12 months.
    let coverage = ok(&mut hr, &service, "/talks/coverage").await?;
    assert!(
        coverage.contains("<th scope=\"row\">Alla</th><td class=\"num\" data-people>7</td><td class=\"num\" data-talked>0</td>"),
        "{coverage}"
    );
    assert!(audited(&service, "read talk coverage")?);

    // No framework configured and no answers held.
    let maturity = ok(&mut hr, &service, "/maturity").await?;
    assert!(maturity.contains("<h1>Digital mognad</h1>"), "{maturity}");
    assert!(maturity.contains("Inga svar om digital mognad har lästs in ännu."));

    // `skillreg runs`: the sample's sync created 8 people with 19 pieces of evidence.
    let runs = ok(&mut hr, &service, "/runs").await?;
    assert!(runs.contains("<h1>Synkroniseringslogg</h1>"));
    assert!(
        runs.contains("<td>genomförd</td><td class=\"num\">8</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">19</td>"),
        "{runs}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_reads_the_aggregates_of_their_people_and_not_the_unit_above() -> Res {
    let service = Service::start("").await?;
    let mut manager = Browser::default();
    manager.sign_in(&service, "10001").await?;
    // `skillreg --as-actor manager:10001 unit`: 10001 and the three they manage, by person.
    let overview = ok(&mut manager, &service, "/team/overview").await?;
    for no in ["10001", "10023", "10024", "10025"] {
        assert!(overview.contains(no), "{no}: {overview}");
    }
    assert!(!overview.contains("10031"), "{overview}");
    assert!(overview.contains("<a href=\"/team/overview\">Mina medarbetare i översikt</a>"));
    // Their demand: four people, withheld.
    let demand = ok(&mut manager, &service, "/demand").await?;
    assert!(
        demand.contains("<dd data-figure=\"people\">färre än 5</dd>"),
        "{demand}"
    );
    assert!(demand.contains("Medarbetare till chef 10001"), "{demand}");
    ok(&mut manager, &service, "/progress").await?;
    // The unit of their people is theirs; the unit above holds people they do not manage.
    ok(&mut manager, &service, "/units/SOC-HT").await?;
    refused(&mut manager, &service, "/units/SOC").await?;
    refused(&mut manager, &service, "/demand?unit=SOC").await?;
    refused(&mut manager, &service, "/runs").await?;
    // The talk form labels every input.
    let talk = ok(&mut manager, &service, "/people/10023/talk").await?;
    for id in [
        "date", "system1", "level1", "due1", "system3", "course1", "cdue2",
    ] {
        assert!(
            talk.contains(&format!("<label for=\"{id}\">"))
                && talk.contains(&format!("id=\"{id}\"")),
            "{id}: {talk}"
        );
    }
    assert!(!talk.contains("aria-label=\"system"), "{talk}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employee_is_refused_every_aggregate_page() -> Res {
    let service = Service::start("").await?;
    let mut employee = Browser::default();
    employee.sign_in(&service, "10023").await?;
    let home = ok(&mut employee, &service, "/").await?;
    assert!(!home.contains("href=\"/demand\""), "{home}");
    for path in [
        "/units",
        "/team/overview",
        "/demand",
        "/groups",
        "/talks/coverage",
        "/maturity",
        "/runs",
        "/units/SOC-HT",
    ] {
        refused(&mut employee, &service, path).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_reads_their_units_aggregates_and_nothing_about_a_person() -> Res {
    let service = Service::start("").await?;
    let round = {
        let mut registry = Registry::open_existing(&service.db, Actor::Hr)?;
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
        registry.open_round(
            &RoundSpec {
                occupation: "USK".into(),
                unit: None,
                opens: day(11, 20)?,
                closes: day(12, 11)?,
            },
            "hr",
        )?
    };
    let mut viewer = Browser::default();
    viewer.sign_in(&service, "steering").await?;
    // By occupation, and saying why: the viewer may see no one one by one (SOC's 6 people
    // are fewer than the 50 a unit view shows by name).
    let unit = ok(&mut viewer, &service, "/units/SOC").await?;
    assert!(unit.contains("Den här vyn namnger ingen"), "{unit}");
    assert!(
        !unit.contains("Fler personer än som visas en och en"),
        "{unit}"
    );
    // `skillreg --as-actor viewer:SOC demand`: 6 people, 6 with a gap.
    let demand = ok(&mut viewer, &service, "/demand").await?;
    assert!(
        demand.contains("<dd data-figure=\"people\">6</dd>"),
        "{demand}"
    );
    assert!(
        demand.contains("<dd data-figure=\"with-gaps\">6</dd>"),
        "{demand}"
    );
    assert!(!demand.contains("name=\"manager\""), "{demand}");
    let coverage = ok(&mut viewer, &service, "/talks/coverage").await?;
    assert!(
        coverage.contains("data-unit=\"SOC\"><th scope=\"row\">Socialförvaltningen</th><td class=\"num\" data-people>6</td>"),
        "{coverage}"
    );
    assert!(!coverage.contains("data-unit=\"BUF\""), "{coverage}");
    ok(&mut viewer, &service, "/groups").await?;
    ok(&mut viewer, &service, "/maturity").await?;
    ok(&mut viewer, &service, "/progress?unit=SOC").await?;
    // Round status: three assistant nurses asked, fewer than 5: withheld, and no one named.
    let rounds = ok(&mut viewer, &service, "/rounds").await?;
    assert!(!rounds.contains("action=\"/rounds\""), "{rounds}");
    let status = ok(&mut viewer, &service, &format!("/rounds/{}", round.id)).await?;
    assert!(
        status
            .contains("data-asked>färre än 5</td><td class=\"num\" data-answered>färre än 5</td>"),
        "{status}"
    );
    assert!(!status.contains("reminders.csv"), "{status}");
    assert!(audited(
        &service,
        &format!("read round {} status", round.id)
    )?);
    for path in [
        "/people/10023/brief",
        "/runs",
        "/units/BUF",
        "/demand?manager=10001",
        "/team/overview",
    ] {
        refused(&mut viewer, &service, path).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maturity_page_shows_the_configured_frameworks_report() -> Res {
    let extra = "maturity_framework = \"f\"\n[limits]\nper_minute = 600\nburst = 100\n";
    let service = Service::start(extra).await?;
    {
        use skillreg_core::Location;
        use skillreg_core::maturity::{Framework, MaturityAnswer};
        let mut registry = Registry::open_existing(&service.db, Actor::Hr)?;
        let framework = Framework::parse(
            "id = \"f\"\nname = \"Mognad F\"\nversion = \"1\"\nsteps = [{ name = \"A\" }, { name = \"B\" }]\n\
             [[capabilities]]\nid = \"data\"\nname = \"Data\"\n",
            "f.toml",
        )?;
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
        let mut answers = Vec::new();
        for (i, who) in ["LG-1", "LG-2", "LG-3", "LG-4", "LG-5"].iter().enumerate() {
            for (step, when) in [(1, day(1, 10)?), (2, day(11, 10)?)] {
                answers.push(MaturityAnswer {
                    location: Location::default(),
                    respondent: (*who).into(),
                    unit: if i < 3 { "SOC-HT" } else { "SOC-SÄBO" }.into(),
                    capability: "data".into(),
                    step,
                    day: when,
                });
            }
        }
        registry.import_maturity_answers(&framework, &answers, "a.csv", day(11, 20)?, "hr")?;
    }
    let mut hr = Browser::default();
    hr.sign_in(&service, "hr1").await?;
    let report = ok(&mut hr, &service, "/maturity?from=2026-02-01&to=2026-11-20").await?;
    assert!(report.contains("Mognad F"), "{report}");
    assert!(report.contains("maturity-radar-"), "{report}");
    assert!(audited(&service, "read maturity report")?);
    let mut viewer = Browser::default();
    viewer.sign_in(&service, "steering").await?;
    let theirs = ok(
        &mut viewer,
        &service,
        "/maturity?from=2026-02-01&to=2026-11-20",
    )
    .await?;
    assert!(theirs.contains("maturity-radar-"), "{theirs}");
    Ok(())
}
