//! Property tests of `Registry::sync` on generated nights of one source (see
//! `skillreg_testkit::nights`): a night applied twice changes nothing the second time; night A
//! then night B leaves the same current state (people, active employments, standings) as B
//! alone; every piece of evidence either night stated is held exactly once.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;
use skillreg_core::sync::{SyncConfig, SyncReport, TerminationLimit};
use skillreg_core::{Employment, PersonRecord};
use skillreg_store::{Actor, Registry};

use skillreg_testkit::nights::{day_a, evidence_form, nights, snapshot, stated_evidence};

/// Full snapshots may terminate everyone they lack: the guard is not under test here.
fn config() -> SyncConfig {
    SyncConfig {
        max_terminations: TerminationLimit::Count(usize::MAX),
        ..SyncConfig::default()
    }
}

fn registry() -> Registry {
    Registry::open_in_memory(Actor::Hr).unwrap_or_else(|e| panic!("cannot open a registry: {e}"))
}

fn sync(
    registry: &mut Registry,
    day: NaiveDate,
    requirements: u8,
    people: &[PersonRecord],
) -> SyncReport {
    let mut snapshot = snapshot(day, requirements, people);
    registry
        .sync(&mut snapshot, "night.xml", &config())
        .unwrap_or_else(|e| panic!("the night was refused: {e}"))
}

/// What a person is on `day`: names, email, active, the employments active then, standings.
fn current(registry: &Registry, no: &str, day: NaiveDate) -> String {
    let profile = registry
        .profile(no, day)
        .unwrap_or_else(|e| panic!("no profile of {no}: {e}"));
    let mut employments: Vec<&Employment> = profile
        .employee
        .employments
        .iter()
        .filter(|e| e.is_active(day))
        .collect();
    employments
        .sort_by(|a, b| (&a.unit, &a.occupation, a.start).cmp(&(&b.unit, &b.occupation, b.start)));
    format!(
        "{} {} {:?} active {}\n{employments:?}\n{:?}",
        profile.employee.given_name,
        profile.employee.family_name,
        profile.employee.email,
        profile.active,
        profile.systems
    )
}

/// Every piece of evidence held about `no`, as a list (duplicates would show).
fn held(registry: &Registry, no: &str) -> Vec<(String, u8, NaiveDate, String)> {
    let mut list: Vec<_> = registry
        .history(no)
        .unwrap_or_else(|e| panic!("no history of {no}: {e}"))
        .iter()
        .map(|h| evidence_form(&h.evidence))
        .collect();
    list.sort();
    list
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_night_applied_twice_changes_nothing_the_second_time(nights in nights()) {
        let mut registry = registry();
        let (req, people) = &nights.a;
        sync(&mut registry, day_a(), *req, people);
        let before: Vec<String> = people.iter().map(|p| current(&registry, &p.employee_no, day_a())).collect();
        let again = sync(&mut registry, day_a(), *req, people);
        prop_assert!(again.catalog.is_empty(), "{:?}", again.catalog);
        prop_assert_eq!(
            (again.n_created, again.n_updated, again.n_terminated, again.n_reactivated, again.n_evidence),
            (0, 0, 0, 0, 0)
        );
        prop_assert_eq!(again.n_unchanged, people.len());
        let after: Vec<String> = people.iter().map(|p| current(&registry, &p.employee_no, day_a())).collect();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn night_a_then_b_leaves_what_b_alone_leaves(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut both = registry();
        sync(&mut both, day_a(), *req_a, a);
        sync(&mut both, nights.day_b, *req_b, b);
        let mut only_b = registry();
        sync(&mut only_b, nights.day_b, *req_b, b);
        for p in b {
            prop_assert_eq!(
                current(&both, &p.employee_no, nights.day_b),
                current(&only_b, &p.employee_no, nights.day_b),
                "person {}", p.employee_no
            );
        }
        // Whoever B lacks has left (by the day before B), and B alone never knew them.
        let in_b: BTreeSet<&str> = b.iter().map(|p| p.employee_no.as_str()).collect();
        for p in a.iter().filter(|p| !in_b.contains(p.employee_no.as_str())) {
            let profile = both.profile(&p.employee_no, nights.day_b);
            prop_assert!(profile.is_ok_and(|profile| !profile.active), "{} is still active", p.employee_no);
            prop_assert!(only_b.profile(&p.employee_no, nights.day_b).is_err());
        }
    }

    #[test]
    fn evidence_is_never_lost_nor_held_twice(nights in nights()) {
        let (req_a, a) = &nights.a;
        let (req_b, b) = &nights.b;
        let mut registry = registry();
        sync(&mut registry, day_a(), *req_a, a);
        sync(&mut registry, nights.day_b, *req_b, b);
        for (no, stated) in stated_evidence(&[a, b]) {
            let held = held(&registry, &no);
            let stated: Vec<_> = stated.into_iter().collect();
            prop_assert_eq!(held, stated, "person {}", no);
        }
    }
}
