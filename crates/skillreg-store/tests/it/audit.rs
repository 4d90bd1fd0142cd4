//! The audit trail on `fixtures/winlas/access-chain.xml` (see `access.rs` for who
//! manages whom): a row for every write and for every read of someone else's record, none for
//! reading one's own, none for a refused call; the trail is HR's to read, and reading it is
//! logged too.

use skillreg_core::Level;
use skillreg_core::sync::SyncConfig;
use skillreg_store::{
    Actor, Assessment, AuditEntry, AuditFilter, BriefConfig, Registry, RoundSpec, Scope,
};
use skillreg_testkit::d;

const CHAIN: &[u8] = include_bytes!("../../../../fixtures/winlas/access-chain.xml");

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// The fixture synced by HR through `skillreg sync wlx access-chain.xml`.
    fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        let mut hr = fixture.open("hr", "skillreg sync wlx access-chain.xml");
        let mut source = skillreg_wlx::WlxReader::new(CHAIN).unwrap();
        hr.sync(&mut source, "access-chain.xml", &SyncConfig::default())
            .unwrap();
        fixture
    }

    fn open(&self, who: &str, via: &str) -> Registry {
        let actor: Actor = who.parse().unwrap();
        let mut registry = Registry::open(self.dir.path().join("skillreg.db"), actor).unwrap();
        registry.set_via(via);
        registry
    }

    /// The trail as lines `actor | action | employee | detail | via`, read without logging
    /// the reading (straight from the table).
    fn trail(&self) -> Vec<String> {
        let hr = self.open("hr", "");
        let conn = hr.hr_connection().unwrap();
        let mut stmt = conn
            .prepare("SELECT actor, action, coalesce(employee_no, ''), detail, via FROM audit_log ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| {
            Ok([0, 1, 2, 3, 4]
                .map(|i| r.get::<_, String>(i).unwrap_or_default())
                .join(" | "))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// The rows added since the trail held `n` rows.
    fn since(&self, n: usize) -> Vec<String> {
        self.trail().split_off(n)
    }
}

const SYNC_ROW: &str = "hr | sync |  | wlx access-chain.xml applied: 9 created, 0 updated, 0 terminated, 0 reactivated, 19 evidence | skillreg sync wlx access-chain.xml (sync run 1)";

#[test]
fn a_sync_is_one_row_with_its_run_and_counts() {
    let fixture = Fixture::new();
    assert_eq!(fixture.trail(), [SYNC_ROW]);
}

#[test]
fn reads_of_others_are_logged_own_reads_are_not() {
    let fixture = Fixture::new();
    let day = d("2026-11-20");
    let n = fixture.trail().len();

    // Reading one's own record leaves nothing, as an employee or as a manager.
    let anna = fixture.open("employee:10023", "skillreg brief 10023");
    anna.brief("10023", &BriefConfig::new(day)).unwrap();
    anna.profile("10023", day).unwrap();
    anna.history("10023").unwrap();
    anna.gaps(&Scope::Employee("10023".into()), day).unwrap();
    let karin = fixture.open("manager:10001", "skillreg profile 10001");
    karin.profile("10001", day).unwrap();
    assert_eq!(fixture.since(n), Vec::<String>::new());

    // A refused read leaves nothing either.
    let per = fixture.open("manager:10030", "skillreg brief 10023");
    assert!(per.brief("10023", &BriefConfig::new(day)).is_err());
    assert!(per.gaps(&Scope::All, day).is_err());
    assert_eq!(fixture.since(n), Vec::<String>::new());

    // Someone else's record: one row per read, a scope one row per query.
    karin.brief("10023", &BriefConfig::new(day)).unwrap();
    karin.history("10024").unwrap();
    karin.employee("10025").unwrap();
    let maria = fixture.open("manager:10000", "skillreg team 10000 --indirect");
    maria
        .team(
            &Scope::Manager {
                manager: "10000".into(),
                indirect: true,
            },
            day,
        )
        .unwrap();
    let hr = fixture.open("hr", "skillreg gaps --unit SOC");
    hr.gaps(&Scope::Unit("SOC".into()), day).unwrap();
    hr.profile("10041", d("2026-06-01")).unwrap();
    assert_eq!(
        fixture.since(n),
        [
            "manager:10001 | read brief | 10023 | as of 2026-11-20 | skillreg profile 10001",
            "manager:10001 | read history | 10024 | 2 record(s) | skillreg profile 10001",
            "manager:10001 | read employee | 10025 |  | skillreg profile 10001",
            "manager:10000 | read team |  | all reports of 10000 as of 2026-11-20: 6 people | skillreg team 10000 --indirect",
            "hr | read gaps |  | unit SOC as of 2026-11-20: 7 people | skillreg gaps --unit SOC",
            "hr | read profile | 10041 | as of 2026-06-01 | skillreg gaps --unit SOC",
        ]
    );
}

#[test]
fn every_write_call_is_one_row() {
    let fixture = Fixture::new();
    let day = d("2026-11-20");
    let n = fixture.trail().len();
    let mut karin = fixture.open(
        "manager:10001",
        "skillreg assess 10023 O365 3 --manager 10001",
    );
    let by = Assessment::Manager("10001".into());
    assert!(
        karin
            .record_assessment("10023", "O365", Level::Advanced, &by, day, "karin")
            .unwrap()
    );
    // The same again changes nothing, and is still a call that is logged.
    assert!(
        !karin
            .record_assessment("10023", "O365", Level::Advanced, &by, day, "karin")
            .unwrap()
    );
    karin.set_via("skillreg refer 10024 TC-CHEF");
    karin.refer("10024", "TC-CHEF", day, None, "karin").unwrap();
    karin.cancel_referral("10024", "TC-CHEF", day).unwrap();
    let mut anna = fixture.open("employee:10023", "forms");
    anna.record_assessment(
        "10023",
        "TIMECARE",
        Level::Basic,
        &Assessment::SelfAssessment,
        day,
        "anna",
    )
    .unwrap();
    // Refused writes leave nothing.
    assert!(
        anna.complete_course("10023", "TC-CHEF", day, "anna")
            .is_err()
    );
    let mut hr = fixture.open("hr", "skillreg course complete 10031 LC-HANDL");
    hr.complete_course("10031", "LC-HANDL", day, "hr").unwrap();
    hr.set_via("skillreg round open --occupation SSK");
    hr.open_round(
        &RoundSpec {
            occupation: "SSK".into(),
            unit: None,
            opens: day,
            closes: d("2026-12-11"),
        },
        "hr",
    )
    .unwrap();
    let pending = hr.pending_export("wlx").unwrap();
    hr.set_via("skillreg export wlx return.xml");
    hr.mark_exported("wlx", &pending, "2026-11-20T03:00:00+01:00", "return.xml")
        .unwrap();
    let via = "skillreg assess 10023 O365 3 --manager 10001";
    assert_eq!(
        fixture.since(n),
        [
            format!("manager:10001 | record manager assessment | 10023 | O365 level 3 by 10001 on 2026-11-20 | {via}"),
            format!("manager:10001 | record manager assessment | 10023 | O365 level 3 by 10001 on 2026-11-20 (already recorded) | {via}"),
            "manager:10001 | refer | 10024 | TC-CHEF on 2026-11-20 (referred) | skillreg refer 10024 TC-CHEF".into(),
            "manager:10001 | cancel referral | 10024 | TC-CHEF on 2026-11-20 | skillreg refer 10024 TC-CHEF".into(),
            "employee:10023 | record self-assessment | 10023 | TIMECARE level 1 on 2026-11-20 | forms".into(),
            "hr | record course result | 10031 | LIFECARE level 3 (LC-HANDL) on 2026-11-20 | skillreg course complete 10031 LC-HANDL".into(),
            "hr | open round |  | round 1: occupation SSK, 2026-11-20 to 2026-12-11, 1 people | skillreg round open --occupation SSK".into(),
            "hr | export |  | 3 record(s) to wlx (return.xml) | skillreg export wlx return.xml".into(),
        ]
    );
}

#[test]
fn the_trail_is_read_by_hr_filtered_and_the_reading_is_logged() {
    let fixture = Fixture::new();
    let day = d("2026-11-20");
    let karin = fixture.open("manager:10001", "skillreg brief 10023");
    karin.brief("10023", &BriefConfig::new(day)).unwrap();
    karin.brief("10024", &BriefConfig::new(day)).unwrap();

    let denied = karin.audit(&AuditFilter::default()).unwrap_err();
    assert_eq!(
        denied.to_string(),
        "manager:10001 may not read the audit log: only HR may"
    );

    let hr = fixture.open("hr", "skillreg audit --employee 10023");
    let about_anna = hr
        .audit(&AuditFilter {
            employee: Some("10023".into()),
            since: None,
        })
        .unwrap();
    let line = |a: &AuditEntry| format!("{} {} {:?}", a.actor, a.action, a.employee_no);
    assert_eq!(
        about_anna.iter().map(line).collect::<Vec<_>>(),
        ["manager:10001 read brief Some(\"10023\")"]
    );
    assert!(about_anna[0].at.ends_with('Z'), "{}", about_anna[0].at);
    // The reading shows next time, naming whose rows were read.
    let again = hr
        .audit(&AuditFilter {
            employee: Some("10023".into()),
            since: None,
        })
        .unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(again[1].action, "read audit log");
    assert_eq!(again[1].detail, "1 row(s)");
    assert_eq!(again[1].via, "skillreg audit --employee 10023");
    // Since a day: every row so far is from today; none from tomorrow.
    let today = chrono::Utc::now().date_naive();
    let all = hr
        .audit(&AuditFilter {
            employee: None,
            since: Some(today),
        })
        .unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    let tomorrow = today.succ_opt().unwrap();
    let none = hr
        .audit(&AuditFilter {
            employee: None,
            since: Some(tomorrow),
        })
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
}
