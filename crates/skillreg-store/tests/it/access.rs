//! Access scopes: every actor against every kind of call, on `fixtures/winlas/access-chain.xml`
//! (the sample organisation with a head of department above both unit managers).
//!
//! Who manages whom in the fixture:
//! - 10000 Maria Holm (SOC) manages 10001 Karin Åberg (SOC-HT) and 10030 Per Ström (SOC-SÄBO);
//! - 10001 manages 10023, 10024 and (through a second employment) 10025;
//! - 10030 manages 10025 and 10031, and managed 10041 Elin Nilsson until her employment ended on
//!   2026-06-30;
//! - 10040 (BUF-EHT) has no manager in the registry.
//!
//! Each case is an actor, a call and the expected outcome: `ok`, or the refusal's message. A
//! refused call must leave every table as it was (the audit trail included).

use skillreg_core::Level;
use skillreg_core::sync::SyncConfig;
use skillreg_store::{
    Actor, Assessment, AuditFilter, BriefConfig, DemandFilter, Error, Registry, Scope, UnitScope,
};
use skillreg_testkit::d;

const DAY: &str = "2026-11-20";
/// Before 10041 left.
const EARLY: &str = "2026-06-01";
const CHAIN: &[u8] = include_bytes!("../../../../fixtures/winlas/access-chain.xml");

fn actor(s: &str) -> Actor {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

/// A registry file holding the fixture, and a way to open it as anyone.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Fixture { dir };
        let mut hr = fixture.open("hr");
        let mut source = skillreg_wlx::WlxReader::new(CHAIN).unwrap();
        hr.sync(&mut source, "access-chain.xml", &SyncConfig::default())
            .unwrap();
        fixture
    }

    /// The registry as `who`, on the organisation's day [`DAY`]: access is decided by the
    /// relationships on that day, whatever day a call asks about.
    fn open(&self, who: &str) -> Registry {
        Registry::open(self.dir.path().join("skillreg.db"), actor(who))
            .unwrap()
            .with_today(d(DAY))
    }

    /// Every row of every table, for before/after comparisons.
    fn dump(&self) -> String {
        let hr = self.open("hr");
        let conn = hr.hr_connection().unwrap();
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.retain(|t| !t.starts_with("sqlite_"));
        let mut out = String::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            for row in rows {
                out += &format!("{table}: {}\n", row.unwrap().join(" | "));
            }
        }
        out
    }
}

/// One call of the public API.
#[derive(Debug, Clone)]
enum Call {
    Profile(&'static str, &'static str),
    History(&'static str),
    Brief(&'static str, &'static str),
    Employee(&'static str),
    Gaps(Scope, &'static str),
    Team(Scope, &'static str),
    People(Scope, &'static str),
    Demand,
    Progress,
    UnitView,
    Rounds,
    Runs,
    Counts,
    Audit,
    Connection,
    Assess(&'static str, Assessment),
    Course(&'static str),
    Refer(&'static str),
    Cancel(&'static str),
    SyncSample,
    Catalog,
    PendingExport(&'static str),
    Watermark,
    RefusedRun(&'static str),
}

fn manager(no: &str, indirect: bool) -> Scope {
    Scope::Manager {
        manager: no.into(),
        indirect,
    }
}

fn by(no: &str) -> Assessment {
    Assessment::Manager(no.into())
}

/// The single place that calls the API: `ok` (with what a read returned, where it says
/// something) or the error's message.
fn attempt(registry: &mut Registry, call: &Call) -> String {
    let result: Result<String, Error> = (|| {
        Ok(match call {
            Call::Profile(no, day) => registry.profile(no, d(day))?.employee.employee_no,
            Call::History(no) => format!("{} records", registry.history(no)?.len()),
            Call::Brief(no, day) => registry.brief(no, &BriefConfig::new(d(day)))?.name,
            Call::Employee(no) => registry.employee(no)?.full_name(),
            Call::Gaps(scope, day) => format!("{} gaps", registry.gaps(scope, d(day))?.len()),
            Call::Team(scope, day) => registry
                .team(scope, d(day))?
                .iter()
                .map(|p| p.employee.employee_no.clone())
                .collect::<Vec<_>>()
                .join(" "),
            Call::People(scope, day) => registry.people(scope, d(day))?.join(" "),
            Call::Demand => {
                registry.demand(&DemandFilter::default(), d(DAY), 5)?;
                String::new()
            }
            Call::Progress => {
                registry.progress(d(EARLY), d(DAY), None, 5)?;
                String::new()
            }
            Call::UnitView => {
                registry.unit_view(UnitScope::Everyone, d(DAY), 50, 5)?;
                String::new()
            }
            Call::Rounds => format!("{} rounds", registry.rounds()?.len()),
            Call::Runs => format!("{} runs", registry.runs()?.len()),
            Call::Counts => format!("{} persons", registry.counts(d(DAY))?["persons"]),
            Call::Audit => {
                registry.audit(&AuditFilter::default())?;
                String::new()
            }
            Call::Connection => {
                registry.hr_connection()?;
                String::new()
            }
            Call::Assess(no, who) => {
                let new =
                    registry.record_assessment(no, "O365", Level::Advanced, who, d(DAY), "test")?;
                format!("new {new}")
            }
            Call::Course(no) => {
                format!(
                    "new {}",
                    registry.complete_course(no, "TEAMS-1", d(DAY), "test")?
                )
            }
            Call::Refer(no) => {
                format!("{:?}", registry.refer(no, "TC-CHEF", d(DAY), None, "test")?)
            }
            Call::Cancel(no) => {
                registry.cancel_referral(no, "TC-CHEF", d(DAY))?;
                String::new()
            }
            Call::SyncSample => {
                let xml = include_bytes!("../../../../fixtures/winlas/sample-export.xml");
                let mut source = skillreg_wlx::WlxReader::new(&xml[..]).unwrap();
                let report = registry.sync(&mut source, "sample", &SyncConfig::default())?;
                format!("{} updated", report.n_updated)
            }
            Call::Catalog => {
                let catalog = skillreg_core::SourceCatalog::default();
                format!(
                    "{} changes",
                    registry.apply_catalog(&catalog, "empty")?.len()
                )
            }
            Call::PendingExport(target) => {
                format!("{} records", registry.pending_export(target)?.records.len())
            }
            Call::Watermark => format!("{:?}", registry.watermark("xapi x")?),
            Call::RefusedRun(source) => {
                registry.record_refused_run(
                    source,
                    skillreg_core::sync::SourceRole::Evidence,
                    "input",
                    "unreadable",
                )?;
                String::new()
            }
        })
    })();
    match result {
        Ok(what) if what.is_empty() => "ok".to_string(),
        Ok(what) => format!("ok: {what}"),
        Err(e @ Error::AccessDenied { .. }) => e.to_string(),
        Err(e) => panic!("{call:?} failed otherwise: {e}"),
    }
}

/// Runs each case on a fresh copy of the fixture; a refused call must change nothing at all.
fn check(cases: &[(&str, Call, &str)]) {
    let fixture = Fixture::new();
    for (who, call, expected) in cases {
        let before = fixture.dump();
        let mut registry = fixture.open(who);
        let got = attempt(&mut registry, call);
        assert_eq!(got, *expected, "{who} {call:?}");
        if !got.starts_with("ok") {
            assert_eq!(fixture.dump(), before, "{who} {call:?} wrote something");
        }
    }
}

const READ_DENIED: &str = "only HR, the employee and their managers may";

fn denied(who: &str, subject: &str) -> String {
    format!("{who} may not read employee {subject}: {READ_DENIED}")
}

#[test]
fn reads_of_one_person() {
    let cases = [
        ("hr", Call::Profile("10023", DAY), "ok: 10023".to_string()),
        ("hr", Call::History("10041"), "ok: 1 records".into()),
        (
            "employee:10023",
            Call::Profile("10023", DAY),
            "ok: 10023".into(),
        ),
        (
            "employee:10023",
            Call::History("10023"),
            "ok: 4 records".into(),
        ),
        (
            "employee:10023",
            Call::Brief("10023", DAY),
            "ok: Anna Lindqvist".into(),
        ),
        (
            "employee:10023",
            Call::Employee("10023"),
            "ok: Anna Lindqvist".into(),
        ),
        (
            "employee:10023",
            Call::Profile("10031", DAY),
            denied("employee:10023", "10031"),
        ),
        (
            "employee:10023",
            Call::History("10001"),
            denied("employee:10023", "10001"),
        ),
        // A direct report, and the manager's own record.
        (
            "manager:10001",
            Call::Brief("10023", DAY),
            "ok: Anna Lindqvist".into(),
        ),
        (
            "manager:10001",
            Call::Profile("10001", DAY),
            "ok: 10001".into(),
        ),
        (
            "manager:10001",
            Call::History("10024"),
            "ok: 2 records".into(),
        ),
        // A report through a second employment only.
        (
            "manager:10001",
            Call::Profile("10025", DAY),
            "ok: 10025".into(),
        ),
        (
            "manager:10030",
            Call::Profile("10025", DAY),
            "ok: 10025".into(),
        ),
        // Someone else's report, their manager, a stranger.
        (
            "manager:10030",
            Call::Brief("10023", DAY),
            denied("manager:10030", "10023"),
        ),
        (
            "manager:10001",
            Call::Employee("10031"),
            denied("manager:10001", "10031"),
        ),
        (
            "manager:10001",
            Call::Profile("10000", DAY),
            denied("manager:10001", "10000"),
        ),
        (
            "manager:10000",
            Call::Profile("10040", DAY),
            denied("manager:10000", "10040"),
        ),
        // Indirect reports, through the unit managers.
        (
            "manager:10000",
            Call::Brief("10031", DAY),
            "ok: Linnéa Karlsson".into(),
        ),
        (
            "manager:10000",
            Call::History("10023"),
            "ok: 4 records".into(),
        ),
        // 10041 reported to 10030 until 2026-06-30. Access is decided by today's
        // relationships: naming a day before she left does not bring her back into scope.
        (
            "manager:10030",
            Call::Profile("10041", EARLY),
            denied("manager:10030", "10041"),
        ),
        (
            "manager:10000",
            Call::Brief("10041", EARLY),
            denied("manager:10000", "10041"),
        ),
        // A current manager still reads a report's past.
        (
            "manager:10030",
            Call::Profile("10031", EARLY),
            "ok: 10031".into(),
        ),
        (
            "manager:10030",
            Call::Profile("10041", DAY),
            denied("manager:10030", "10041"),
        ),
        (
            "manager:10000",
            Call::Brief("10041", DAY),
            denied("manager:10000", "10041"),
        ),
        // A sync job reads no one; nor does a stranger learn whether a number exists.
        (
            "sync:wlx",
            Call::Profile("10023", DAY),
            denied("sync:wlx", "10023"),
        ),
        (
            "sync:wlx",
            Call::Employee("10023"),
            denied("sync:wlx", "10023"),
        ),
        (
            "manager:10001",
            Call::Profile("99999", DAY),
            denied("manager:10001", "99999"),
        ),
    ];
    check_owned(&cases);
}

#[test]
fn reads_over_a_scope() {
    let reports_denied = |who: &str, m: &str| {
        format!(
            "{who} may not read the reports of manager {m}: only HR, that manager and the \
             managers above them may"
        )
    };
    let cases: Vec<(&str, Call, String)> = vec![
        (
            "hr",
            Call::People(Scope::All, DAY),
            "ok: 10000 10001 10023 10024 10025 10030 10031 10040".into(),
        ),
        (
            "hr",
            Call::Gaps(Scope::Unit("SOC".into()), DAY),
            "ok: 13 gaps".into(),
        ),
        // Everyone below the head of department.
        (
            "manager:10000",
            Call::Team(manager("10000", true), DAY),
            "ok: 10001 10023 10024 10025 10030 10031".into(),
        ),
        // As of a day before 10041 left, she was in the team; she is not the manager's to
        // read today, so the team of that day is shown without her.
        (
            "manager:10000",
            Call::Team(manager("10000", true), EARLY),
            "ok: 10001 10023 10024 10025 10030 10031".into(),
        ),
        (
            "hr",
            Call::Team(manager("10000", true), EARLY),
            "ok: 10001 10023 10024 10025 10030 10031 10041".into(),
        ),
        (
            "manager:10000",
            Call::People(manager("10000", false), DAY),
            "ok: 10001 10030".into(),
        ),
        // A manager may look at the team of a manager below them, not beside or above.
        (
            "manager:10000",
            Call::People(manager("10030", false), DAY),
            "ok: 10025 10031".into(),
        ),
        (
            "manager:10001",
            Call::People(manager("10030", false), DAY),
            reports_denied("manager:10001", "10030"),
        ),
        (
            "manager:10001",
            Call::Team(manager("10000", true), DAY),
            reports_denied("manager:10001", "10000"),
        ),
        (
            "manager:10001",
            Call::Gaps(manager("10001", false), DAY),
            "ok: 5 gaps".into(),
        ),
        (
            "manager:10001",
            Call::Gaps(Scope::Employee("10023".into()), DAY),
            "ok: 1 gaps".into(),
        ),
        (
            "manager:10001",
            Call::Gaps(Scope::Employee("10031".into()), DAY),
            denied("manager:10001", "10031"),
        ),
        (
            "employee:10023",
            Call::Gaps(Scope::Employee("10023".into()), DAY),
            "ok: 1 gaps".into(),
        ),
        (
            "employee:10023",
            Call::Team(manager("10023", false), DAY),
            reports_denied("employee:10023", "10023"),
        ),
        (
            "manager:10001",
            Call::Gaps(Scope::Unit("SOC-HT".into()), DAY),
            "manager:10001 may not read everyone in unit SOC-HT: only HR may".into(),
        ),
        (
            "manager:10001",
            Call::Team(Scope::Occupation("USK".into()), DAY),
            "manager:10001 may not read everyone in occupation USK: only HR may".into(),
        ),
        (
            "employee:10023",
            Call::Gaps(Scope::All, DAY),
            "employee:10023 may not read everyone: only HR may".into(),
        ),
        (
            "sync:wlx",
            Call::Gaps(Scope::All, DAY),
            "sync:wlx may not read everyone: only HR may".into(),
        ),
    ];
    check_owned(&cases);
}

fn check_owned(cases: &[(&str, Call, String)]) {
    let cases: Vec<(&str, Call, &str)> = cases
        .iter()
        .map(|(w, c, e)| (*w, c.clone(), e.as_str()))
        .collect();
    check(&cases);
}

#[test]
fn runs_and_the_database_are_for_hr_and_aggregates_for_those_who_steer_too() {
    let mut cases: Vec<(&str, Call, String)> = Vec::new();
    for call in [
        Call::Demand,
        Call::Progress,
        Call::UnitView,
        Call::Rounds,
        Call::Runs,
        Call::Counts,
        Call::Audit,
        Call::Connection,
    ] {
        let what = match call {
            Call::Demand => "read the training demand",
            Call::Progress => "read the progress report",
            Call::UnitView => "read the unit view",
            Call::Rounds => "list the self-assessment rounds",
            Call::Runs => "read the sync run log",
            Call::Counts => "count the registry's people and records",
            Call::Audit => "read the audit log",
            _ => "query the database directly",
        };
        let ok = match call {
            Call::Rounds => "ok: 0 rounds",
            Call::Runs => "ok: 1 runs",
            Call::Counts => "ok: 9 persons",
            _ => "ok",
        };
        cases.push(("hr", call.clone(), ok.to_string()));
        // The aggregates (and the list of rounds, which names no one) are open to managers
        // over their people and to viewers over their unit: steering.rs has them by
        // view and actor. The rest is HR's alone.
        let aggregate = matches!(
            call,
            Call::Demand | Call::Progress | Call::UnitView | Call::Rounds
        );
        for who in ["manager:10000", "viewer:SOC", "employee:10023", "sync:wlx"] {
            let outcome = match (aggregate, who) {
                (true, "manager:10000" | "viewer:SOC") => ok.to_string(),
                (true, _) => format!(
                    "{who} may not {what}: only HR, managers over the people they manage and \
                     viewers over their unit may"
                ),
                (false, _) => format!("{who} may not {what}: only HR may"),
            };
            cases.push((who, call.clone(), outcome));
        }
    }
    check_owned(&cases);
}

#[test]
fn writes_about_one_person() {
    let assess_denied = |who: &str, no: &str| {
        format!(
            "{who} may not record a manager assessment of employee {no}: only HR and the \
             employee's managers may"
        )
    };
    let self_denied = |who: &str, no: &str| {
        format!(
            "{who} may not record a self-assessment of employee {no}: only HR and the employee may"
        )
    };
    let managers_only = |who: &str, what: &str, no: &str| {
        format!("{who} may not {what} employee {no}: only HR and the employee's managers may")
    };
    let cases: Vec<(&str, Call, String)> = vec![
        ("hr", Call::Assess("10023", by("10001")), "ok: new true".into()),
        ("hr", Call::Assess("10023", Assessment::SelfAssessment), "ok: new true".into()),
        // A manager assesses a report, directly or not, in their own name only.
        ("manager:10001", Call::Assess("10024", by("10001")), "ok: new true".into()),
        ("manager:10000", Call::Assess("10031", by("10000")), "ok: new true".into()),
        ("manager:10001", Call::Assess("10024", by("10030")), "manager:10001 may not record an assessment in the name of 10030 of employee 10024: only HR and 10030 may".into()),
        ("manager:10030", Call::Assess("10024", by("10030")), assess_denied("manager:10030", "10024")),
        ("manager:10001", Call::Assess("10001", by("10001")), assess_denied("manager:10001", "10001")),
        ("manager:10001", Call::Assess("10024", Assessment::SelfAssessment), self_denied("manager:10001", "10024")),
        // An employee rates themself, nobody else, and never as a manager.
        ("employee:10024", Call::Assess("10024", Assessment::SelfAssessment), "ok: new true".into()),
        ("employee:10024", Call::Assess("10023", Assessment::SelfAssessment), self_denied("employee:10024", "10023")),
        ("employee:10024", Call::Assess("10024", by("10024")), assess_denied("employee:10024", "10024")),
        ("sync:wlx", Call::Assess("10024", Assessment::SelfAssessment), self_denied("sync:wlx", "10024")),
        // Course results and referrals: HR and the person's managers.
        ("manager:10001", Call::Course("10023"), "ok: new true".into()),
        ("employee:10031", Call::Course("10031"), managers_only("employee:10031", "record a course result of", "10031")),
        ("manager:10030", Call::Course("10023"), managers_only("manager:10030", "record a course result of", "10023")),
        ("manager:10000", Call::Refer("10024"), "ok: Created".into()),
        ("manager:10001", Call::Cancel("10024"), "ok".into()),
        ("manager:10030", Call::Refer("10024"), managers_only("manager:10030", "refer", "10024")),
        ("employee:10024", Call::Refer("10024"), managers_only("employee:10024", "refer", "10024")),
        ("hr", Call::Refer("10040"), "ok: Created".into()),
        ("manager:10000", Call::Cancel("10040"), managers_only("manager:10000", "cancel a referral of", "10040")),
        // After 10041 left, her former manager may no longer assess her.
        ("manager:10030", Call::Assess("10041", by("10030")), assess_denied("manager:10030", "10041")),
    ];
    check_owned(&cases);
}

#[test]
fn syncs_exports_and_the_catalog() {
    let cases: Vec<(&str, Call, String)> = vec![
        ("sync:wlx", Call::SyncSample, "ok: 3 updated".into()),
        ("sync:paxml", Call::SyncSample, "sync:paxml may not sync a snapshot from source wlx: only HR and sync:wlx may".into()),
        ("manager:10000", Call::SyncSample, "manager:10000 may not sync a snapshot from source wlx: only HR and sync:wlx may".into()),
        ("sync:wlx", Call::PendingExport("wlx"), "ok: 0 records".into()),
        ("hr", Call::PendingExport("wlx"), "ok: 0 records".into()),
        ("sync:xapi", Call::PendingExport("wlx"), "sync:xapi may not export to source wlx: only HR and sync:wlx may".into()),
        ("employee:10023", Call::PendingExport("wlx"), "employee:10023 may not export to source wlx: only HR and sync:wlx may".into()),
        ("sync:xapi", Call::Watermark, "ok: None".into()),
        ("manager:10001", Call::Watermark, "manager:10001 may not read where a source's sync resumes: only HR and the sync jobs may".into()),
        ("sync:scim", Call::RefusedRun("scim"), "ok".into()),
        ("sync:scim", Call::RefusedRun("csv"), "sync:scim may not log a run of source csv: only HR and sync:csv may".into()),
        ("hr", Call::Catalog, "ok: 0 changes".into()),
        ("sync:wlx", Call::Catalog, "sync:wlx may not change the catalog: only HR may".into()),
        ("manager:10000", Call::Catalog, "manager:10000 may not change the catalog: only HR may".into()),
    ];
    check_owned(&cases);
}

#[test]
fn an_actor_is_chosen_when_the_registry_is_opened_and_can_be_narrowed() {
    let fixture = Fixture::new();
    let registry = fixture.open("hr");
    assert_eq!(registry.actor(), &Actor::Hr);
    let registry = registry.with_actor(actor("employee:10023"));
    assert_eq!(registry.actor().to_string(), "employee:10023");
    assert!(matches!(
        registry.profile("10031", d(DAY)),
        Err(Error::AccessDenied { .. })
    ));
    let memory = Registry::open_in_memory(actor("manager:1")).unwrap();
    assert_eq!(memory.actor(), &Actor::Manager("1".into()));
}

/// The fixture after a later night: on 2026-10-01 10023 moved from 10001 to 10000, and 10030's
/// employment ended on 2026-10-31 (their reports still name them as manager).
fn fixture_after_moves() -> Fixture {
    let text = std::str::from_utf8(CHAIN).unwrap();
    let moved = text
        .replace(
            r#"exportedAt="2026-11-20T02:00:00+01:00""#,
            r#"exportedAt="2026-11-21T02:00:00+01:00""#,
        )
        .replace(
            r#"<Employment unit="SOC-HT" occupation="USK" primary="true" percent="75" start="2015-03-01" end="" managerEmployeeNo="10001"/>"#,
            r#"<Employment unit="SOC-HT" occupation="USK" primary="false" percent="75" start="2015-03-01" end="2026-09-30" managerEmployeeNo="10001"/>
      <Employment unit="SOC-HT" occupation="USK" primary="true" percent="75" start="2026-10-01" end="" managerEmployeeNo="10000"/>"#,
        )
        .replace(
            r#"<Employment unit="SOC-SÄBO" occupation="ECH" primary="true" percent="100" start="2010-09-01" end="" managerEmployeeNo="10000"/>"#,
            r#"<Employment unit="SOC-SÄBO" occupation="ECH" primary="true" percent="100" start="2010-09-01" end="2026-10-31" managerEmployeeNo="10000"/>"#,
        );
    assert_ne!(moved, text);
    let fixture = Fixture::new();
    let mut hr = fixture.open("hr");
    let mut source = skillreg_wlx::WlxReader::new(moved.as_bytes()).unwrap();
    hr.sync(&mut source, "moved.xml", &SyncConfig::default())
        .unwrap();
    fixture
}

#[test]
fn a_manager_may_not_reach_a_former_report_by_naming_a_day_before_the_move() {
    let fixture = fixture_after_moves();
    let before = fixture.dump();
    let early = d("2026-09-01");
    let mut former = fixture.open("manager:10001");
    // As the CLI's `--as-actor manager:10001 --as-of 2026-09-01 assess 10023 O365 4 --manager 10001`.
    let assessed = former.record_assessment(
        "10023",
        "O365",
        Level::Expert,
        &Assessment::Manager("10001".into()),
        early,
        "test",
    );
    assert!(
        matches!(&assessed, Err(Error::AccessDenied { .. })),
        "{assessed:?}"
    );
    assert!(matches!(
        former.profile("10023", early),
        Err(Error::AccessDenied { .. })
    ));
    let team = former.people(
        &Scope::Manager {
            manager: "10001".into(),
            indirect: false,
        },
        early,
    );
    assert_eq!(
        team.unwrap(),
        ["10024", "10025"],
        "10023 was in the team then, not now"
    );
    drop(former);
    assert_eq!(fixture.dump(), before, "a refused write changed something");
    // The current manager may read and write about the person's past.
    let mut current = fixture.open("manager:10000");
    assert_eq!(
        current
            .profile("10023", early)
            .unwrap()
            .employee
            .employee_no,
        "10023"
    );
    let new = current
        .record_assessment(
            "10023",
            "O365",
            Level::Expert,
            &Assessment::Manager("10000".into()),
            early,
            "test",
        )
        .unwrap();
    assert!(new);
}

#[test]
fn a_manager_who_has_left_reads_and_writes_nobody() {
    let fixture = fixture_after_moves();
    let mut gone = fixture.open("manager:10030");
    for (no, day) in [("10031", DAY), ("10031", "2026-10-15"), ("10025", EARLY)] {
        assert!(
            matches!(gone.profile(no, d(day)), Err(Error::AccessDenied { .. })),
            "{no} on {day}"
        );
    }
    let reports = Scope::Manager {
        manager: "10030".into(),
        indirect: true,
    };
    assert!(matches!(
        gone.people(&reports, d("2026-10-15")),
        Err(Error::AccessDenied { .. })
    ));
    assert!(matches!(
        gone.complete_course("10031", "LC-DOK", d("2026-10-15"), "test"),
        Err(Error::AccessDenied { .. })
    ));
    // Their own record stays theirs to read.
    assert_eq!(
        gone.profile("10030", d(DAY)).unwrap().employee.employee_no,
        "10030"
    );
}
