//! Idempotency keys on the sample organisation (fixtures/winlas/sample-export.xml): a write
//! and its stored answer commit together or not at all ([`Registry::write_once`]), and the
//! erasure of people who left deletes the keys whose answers name them.

use chrono::{DateTime, TimeZone, Utc};
use skillreg_store::Registry;
use skillreg_store::idempotency::{Claim, Kept, StoredAnswer};
use skillreg_testkit::{d, sample_registry};

/// The organisation's day of these tests.
const TODAY: &str = "2026-11-20";

/// The caller of these tests' keys.
const CALLER: &str = "api token lms";

fn registry() -> Registry {
    sample_registry().with_today(d(TODAY))
}

fn now() -> DateTime<Utc> {
    Utc.from_utc_datetime(&d(TODAY).and_hms_opt(12, 0, 0).unwrap())
}

fn answer(body: &str) -> StoredAnswer {
    StoredAnswer {
        status: 201,
        content_type: Some("application/json".to_string()),
        body: body.as_bytes().to_vec(),
    }
}

/// Referrals of 10023 to TC-PERS.
fn referrals(registry: &Registry) -> i64 {
    registry
        .hr_connection()
        .unwrap()
        .query_row(
            "SELECT count(*) FROM referrals r JOIN persons p ON p.id = r.person_id
             JOIN courses c ON c.id = r.course_id
             WHERE p.employee_no = '10023' AND c.code = 'TC-PERS'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Claims `key` and refers 10023 to TC-PERS under it, keeping what `kept` says.
fn refer_once(registry: &mut Registry, key: &str, kept: Kept) -> skillreg_store::Result<()> {
    assert_eq!(
        registry.claim_idempotency_key(CALLER, key, "fp", now())?,
        Claim::New
    );
    let day = d(TODAY);
    registry.write_once(CALLER, key, |r| {
        let referred = r.refer("10023", "TC-PERS", day, None, "lms");
        assert!(referred.is_ok(), "{referred:?}");
        ((), kept)
    })
}

#[test]
fn a_written_answer_commits_with_its_write() {
    let mut registry = registry();
    assert_eq!(referrals(&registry), 0);
    refer_once(&mut registry, "k-1", Kept::Written(answer("{\"n\":1}"))).unwrap();
    assert_eq!(referrals(&registry), 1);
    assert_eq!(
        registry
            .claim_idempotency_key(CALLER, "k-1", "fp", now())
            .unwrap(),
        Claim::Replay(answer("{\"n\":1}"))
    );
}

#[test]
fn a_refusal_keeps_its_answer_and_nothing_of_the_write() {
    let mut registry = registry();
    let refusal = StoredAnswer {
        status: 422,
        content_type: Some("application/problem+json".to_string()),
        body: b"{\"title\":\"refused\"}".to_vec(),
    };
    refer_once(&mut registry, "k-2", Kept::Refused(refusal.clone())).unwrap();
    assert_eq!(referrals(&registry), 0);
    assert_eq!(
        registry
            .claim_idempotency_key(CALLER, "k-2", "fp", now())
            .unwrap(),
        Claim::Replay(refusal)
    );
}

#[test]
fn an_unanswered_write_is_undone_and_its_key_given_back() {
    let mut registry = registry();
    refer_once(&mut registry, "k-3", Kept::Nothing).unwrap();
    assert_eq!(referrals(&registry), 0);
    // The key is new again: a retry writes, once.
    refer_once(&mut registry, "k-3", Kept::Written(answer("{}"))).unwrap();
    assert_eq!(referrals(&registry), 1);
}

#[test]
fn an_answer_that_cannot_be_stored_rolls_its_write_back() {
    let mut registry = registry();
    // The failure, after the write: storing the answer aborts.
    registry
        .hr_connection()
        .unwrap()
        .execute_batch(
            "CREATE TEMP TRIGGER no_answers BEFORE UPDATE ON idempotency_keys
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
        )
        .unwrap();
    let failed = refer_once(&mut registry, "k-4", Kept::Written(answer("{}")));
    let message = format!("{:?}", failed.unwrap_err());
    assert!(message.contains("injected failure"), "{message}");
    assert_eq!(referrals(&registry), 0);
    // Neither the write nor the key is left: a retry is new, and writes once.
    registry
        .hr_connection()
        .unwrap()
        .execute_batch("DROP TRIGGER temp.no_answers")
        .unwrap();
    refer_once(&mut registry, "k-4", Kept::Written(answer("{}"))).unwrap();
    assert_eq!(referrals(&registry), 1);
}

#[test]
fn a_keyed_write_is_not_part_of_another_transaction() {
    let mut registry = registry();
    registry
        .hr_connection()
        .unwrap()
        .execute_batch("BEGIN")
        .unwrap();
    let refused = registry.write_once(CALLER, "k-5", |_| ((), Kept::Nothing));
    assert!(refused.is_err());
}

#[test]
fn erasing_a_leaver_deletes_the_keys_that_name_them() {
    let mut registry = registry();
    let keep = |registry: &mut Registry, caller: &str, key: &str, body: &str| {
        assert_eq!(
            registry
                .claim_idempotency_key(caller, key, "fp", now())
                .unwrap(),
            Claim::New
        );
        registry
            .write_once(caller, key, |_| ((), Kept::Written(answer(body))))
            .unwrap();
    };
    // 10041 left on 2026-06-30: an answer about them, and a key of their own access token.
    keep(
        &mut registry,
        CALLER,
        "about-10041",
        "{\"employee_no\":\"10041\",\"recorded\":true}",
    );
    keep(
        &mut registry,
        "api access token of 10041",
        "theirs",
        "{\"n_recorded\":2}",
    );
    // Not about them: another person, a number that only begins the same.
    keep(
        &mut registry,
        CALLER,
        "about-10023",
        "{\"employee_no\":\"10023\",\"recorded\":true}",
    );
    keep(
        &mut registry,
        CALLER,
        "about-100411",
        "{\"employee_no\":\"100411\"}",
    );
    let keys = |registry: &Registry| -> Vec<String> {
        let conn = registry.hr_connection().unwrap();
        let mut stmt = conn
            .prepare("SELECT key FROM idempotency_keys ORDER BY key")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // A dry run deletes nothing.
    registry
        .erase_terminated_before(d("2026-11-01"), true)
        .unwrap();
    assert_eq!(keys(&registry).len(), 4);
    let erasure = registry
        .erase_terminated_before(d("2026-11-01"), false)
        .unwrap();
    assert_eq!(erasure.n_people, 1);
    assert_eq!(keys(&registry), ["about-10023", "about-100411"]);
}
