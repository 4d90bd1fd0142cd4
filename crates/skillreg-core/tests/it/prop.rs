//! Property tests of `sync::run` over the test kit's registry in memory, on generated nights of
//! one source (see `skillreg_testkit::nights`): a night applied twice plans nothing the second
//! time; night A then night B leaves the same current state (people, active employments,
//! standings) as B alone; every piece of evidence either night stated is held exactly once.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;
use skillreg_core::sync::{self, SyncConfig, SyncReport, TerminationLimit};
use skillreg_core::{Employment, PersonRecord, RuleBook};
use skillreg_testkit::MemoryTarget;
use skillreg_testkit::nights::{day_a, evidence_form, nights, snapshot, stated_evidence};

/// What a person is on `day`: names, email, active, the employments active then, and the
/// standings by the rules.
fn current(memory: &MemoryTarget, no: &str, day: NaiveDate) -> Option<String> {
    let p = memory.person(no)?;
    let mut employments: Vec<&Employment> = p
        .employee
        .employments
        .iter()
        .filter(|e| e.is_active(day))
        .collect();
    employments
        .sort_by(|a, b| (&a.unit, &a.occupation, a.start).cmp(&(&b.unit, &b.occupation, b.start)));
    let standings =
        RuleBook::new(memory.held_catalog()).standings(&p.employee, &p.evidence, &[], day);
    Some(format!(
        "{} {} {:?} active {}\n{employments:?}\n{standings:?}",
        p.employee.given_name,
        p.employee.family_name,
        p.employee.email,
        p.employee.is_active(day),
    ))
}

/// Full snapshots may terminate everyone they lack: the guard is not under test here.
fn config() -> SyncConfig {
    SyncConfig {
        max_terminations: TerminationLimit::Count(usize::MAX),
        ..SyncConfig::default()
    }
}

fn run(
    memory: &mut MemoryTarget,
    day: NaiveDate,
    requirements: u8,
    people: &[PersonRecord],
) -> SyncReport {
    let mut snapshot = snapshot(day, requirements, people);
    sync::run(&mut snapshot, memory, &config())
        .unwrap_or_else(|e| panic!("the night was refused: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_night_applied_twice_plans_nothing_the_second_time(nights in nights()) {
        let mut memory = MemoryTarget::default();
        let (req, people) = &nights.a;
        run(&mut memory, day_a(), *req, people);
        let before: Vec<_> = people.iter().map(|p| current(&memory, &p.employee_no, day_a())).collect();
        let again = run(&mut memory, day_a(), *req, people);
        prop_assert!(again.catalog.is_empty(), "{:?}", again.catalog);
        prop_assert!(again.people.is_empty(), "{:?}", again.people);
        prop_assert_eq!((again.n_evidence, again.n_unchanged), (0, people.len()));
        let after: Vec<_> = people.iter().map(|p| current(&memory, &p.employee_no, day_a())).collect();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn night_a_then_b_leaves_what_b_alone_leaves(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut both = MemoryTarget::default();
        run(&mut both, day_a(), *req_a, a);
        run(&mut both, nights.day_b, *req_b, b);
        let mut only_b = MemoryTarget::default();
        run(&mut only_b, nights.day_b, *req_b, b);
        prop_assert_eq!(both.held_catalog(), only_b.held_catalog());
        for p in b {
            let no = &p.employee_no;
            prop_assert_eq!(current(&both, no, nights.day_b), current(&only_b, no, nights.day_b), "person {}", no);
        }
        let in_b: BTreeSet<&str> = b.iter().map(|p| p.employee_no.as_str()).collect();
        for p in a.iter().filter(|p| !in_b.contains(p.employee_no.as_str())) {
            let gone = both.person(&p.employee_no).is_some_and(|s| !s.employee.is_active(nights.day_b));
            prop_assert!(gone, "{} is still active", p.employee_no);
            prop_assert!(only_b.person(&p.employee_no).is_none());
        }
    }

    #[test]
    fn evidence_is_never_lost_nor_held_twice(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut memory = MemoryTarget::default();
        run(&mut memory, day_a(), *req_a, a);
        run(&mut memory, nights.day_b, *req_b, b);
        for (no, stated) in stated_evidence(&[a, b]) {
            let mut held: Vec<_> = memory
                .person(&no)
                .map(|p| p.evidence.iter().map(evidence_form).collect())
                .unwrap_or_default();
            held.sort();
            let stated: Vec<_> = stated.into_iter().collect();
            prop_assert_eq!(held, stated, "person {}", no);
        }
    }
}

/// The case the property found: a course result held from the first night returns on the
/// second without its course code (as the return file sends it back) and is not held twice.
#[test]
fn a_course_result_returning_without_its_code_is_not_held_twice() {
    use skillreg_testkit::fixture::person;
    let employment = ["SOC USK 2024-01-01.."];
    let a = vec![person(
        "a.xml",
        "10027",
        "Anna Lindqvist",
        1,
        &employment,
        &["result LC-DOK 2025-09-13"],
    )];
    let b = vec![person(
        "b.xml",
        "10027",
        "Anna Lindqvist",
        1,
        &employment,
        &[
            "result LC-DOK 2025-09-13",
            "competence LIFECARE 2 course 2025-09-13",
        ],
    )];
    let mut memory = MemoryTarget::default();
    run(&mut memory, day_a(), 1, &a);
    run(
        &mut memory,
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("a day"),
        1,
        &b,
    );
    let held: Vec<_> = memory
        .person("10027")
        .map(|p| p.evidence.iter().map(evidence_form).collect())
        .unwrap_or_default();
    let day = NaiveDate::from_ymd_opt(2025, 9, 13).expect("a day");
    assert_eq!(
        held,
        vec![("LIFECARE".to_string(), 2, day, "course LC-DOK".to_string())]
    );
    assert_eq!(stated_evidence(&[&a, &b])["10027"].len(), 1);
}
