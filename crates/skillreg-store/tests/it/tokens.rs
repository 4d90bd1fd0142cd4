//! Service tokens on the sample organisation (fixtures/winlas/sample-export.xml): a token
//! authenticates as the actor it was made for until it is revoked or its day has passed; what
//! names something the registry does not hold is refused with nothing written; only HR makes,
//! lists and revokes them; the audit trail has one row per creation and revocation and none
//! per authentication; an erasure revokes a leaver's tokens.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use skillreg_store::{
    Actor, AuditFilter, Error, Registry, Revocation, TOKEN_PREFIX, TokenSpec, TokenState,
};
use skillreg_testkit::{d, sample_registry};

/// The organisation's day of these tests.
const TODAY: &str = "2026-11-20";

fn registry() -> Registry {
    sample_registry().with_today(d(TODAY))
}

fn spec(name: &str, actor: &str, expires: Option<&str>) -> TokenSpec {
    TokenSpec {
        name: name.to_string(),
        actor: actor.parse().unwrap(),
        expires: expires.map(d),
    }
}

/// Noon UTC of `day`.
fn noon(day: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d(day).and_hms_opt(12, 0, 0).unwrap())
}

/// The rows of the audit trail about service tokens, as `actor | action | employee | detail`.
fn token_rows(registry: &Registry) -> Vec<String> {
    registry
        .audit(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.action.contains("service token"))
        .map(|a| {
            format!(
                "{} | {} | {} | {}",
                a.actor,
                a.action,
                a.employee_no.unwrap_or_default(),
                a.detail
            )
        })
        .collect()
}

fn n_tokens(registry: &Registry) -> usize {
    registry.service_tokens().unwrap().len()
}

#[test]
fn each_kind_of_token_authenticates_as_its_actor() {
    let mut registry = registry();
    for (name, actor) in [
        ("hr-system", "hr"),
        ("intranet", "manager:10001"),
        ("wlx-nightly", "sync:wlx"),
        ("steering", "viewer:SOC"),
    ] {
        let new = registry
            .create_service_token(&spec(name, actor, None), "hr-officer")
            .unwrap();
        let secret = new.secret.expose();
        assert!(secret.starts_with(TOKEN_PREFIX), "{secret:?}");
        assert_eq!(secret.len(), 68);
        assert!(secret[4..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(format!("{:?}", new.secret), "Secret(hidden)");
        let as_actor = registry
            .authenticate_service_token(secret, noon(TODAY))
            .unwrap();
        assert_eq!(as_actor.to_string(), actor);
    }
    let names: Vec<String> = registry
        .service_tokens()
        .unwrap()
        .into_iter()
        .map(|t| format!("{} {} {}", t.name, t.actor, t.created_by))
        .collect();
    assert_eq!(
        names,
        [
            "hr-system hr hr-officer",
            "intranet manager:10001 hr-officer",
            "steering viewer:SOC hr-officer",
            "wlx-nightly sync:wlx hr-officer"
        ]
    );
}

#[test]
fn two_tokens_never_share_a_secret() {
    let mut registry = registry();
    let a = registry
        .create_service_token(&spec("a", "hr", None), "hr-officer")
        .unwrap();
    let b = registry
        .create_service_token(&spec("b", "hr", None), "hr-officer")
        .unwrap();
    assert_ne!(a.secret, b.secret);
}

#[test]
fn what_is_not_a_token_of_the_registry_is_unknown() {
    let mut registry = registry();
    let new = registry
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    let secret = new.secret.expose().to_string();
    let cut = &secret[..secret.len() - 1];
    let other_last = format!("{cut}{}", if secret.ends_with('0') { '1' } else { '0' });
    for presented in [
        "",
        "skr_",
        cut,
        other_last.as_str(),
        &secret.to_uppercase(),
        &format!(" {secret}"),
        &format!("{secret}\n"),
        &secret[4..],
    ] {
        let refused = registry.authenticate_service_token(presented, noon(TODAY));
        assert!(
            matches!(refused, Err(Error::UnknownToken)),
            "{presented:?}: {refused:?}"
        );
        // The message never repeats what was presented.
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("not a service token of this registry"));
        assert!(presented.len() < 5 || !message.contains(presented.trim()));
    }
    assert_eq!(
        registry
            .authenticate_service_token(&secret, noon(TODAY))
            .unwrap(),
        Actor::Hr
    );
}

#[test]
fn a_revoked_token_authenticates_nobody() {
    let mut registry = registry();
    let new = registry
        .create_service_token(&spec("lms", "sync:lms", None), "hr-officer")
        .unwrap();
    let revoked = registry.revoke_service_token("lms", "hr-lead").unwrap();
    let Revocation::Revoked(token) = revoked else {
        panic!("not revoked now: {revoked:?}")
    };
    assert_eq!(token.revoked_by.as_deref(), Some("hr-lead"));
    assert_eq!(token.state(d(TODAY)), TokenState::Revoked);
    let refused = registry.authenticate_service_token(new.secret.expose(), noon(TODAY));
    let Err(Error::RevokedToken { name, at }) = refused else {
        panic!("not refused as revoked: {refused:?}")
    };
    assert_eq!(name, "lms");
    assert_eq!(Some(at.clone()), token.revoked_at);
    // Again: nothing changes, and it says when it was.
    let again = registry.revoke_service_token("lms", "hr-officer").unwrap();
    let Revocation::AlreadyRevoked(token) = again else {
        panic!("revoked twice: {again:?}")
    };
    assert_eq!(token.revoked_by.as_deref(), Some("hr-lead"));
    assert_eq!(token.revoked_at, Some(at));
    // A revoked token keeps its name.
    let taken = registry.create_service_token(&spec("lms", "sync:lms", None), "hr-officer");
    assert!(
        taken
            .err()
            .is_some_and(|e| e.to_string().contains("\"lms\" exists already")
                && e.to_string().contains("now revoked"))
    );
    let unknown = registry.revoke_service_token("nope", "hr-officer");
    assert_eq!(
        unknown.err().map(|e| e.to_string()),
        Some("no service token \"nope\": `skillreg token list` shows them".to_string())
    );
}

#[test]
fn a_token_works_through_its_expiry_day_and_not_after() {
    let mut registry = registry();
    let new = registry
        .create_service_token(
            &spec("temp", "viewer:SOC", Some("2026-11-30")),
            "hr-officer",
        )
        .unwrap();
    let secret = new.secret.expose();
    let last_minute = Utc.from_utc_datetime(&d("2026-11-30").and_hms_opt(23, 59, 59).unwrap());
    assert!(
        registry
            .authenticate_service_token(secret, last_minute)
            .is_ok()
    );
    let refused = registry.authenticate_service_token(secret, noon("2026-12-01"));
    let Err(Error::ExpiredToken { name, last }) = refused else {
        panic!("not refused as expired: {refused:?}")
    };
    assert_eq!((name.as_str(), last), ("temp", d("2026-11-30")));
    let token = &registry.service_tokens().unwrap()[0];
    assert_eq!(token.state(d("2026-11-30")), TokenState::Active);
    assert_eq!(token.state(d("2026-12-01")), TokenState::Expired);
    // Expiring today is allowed; yesterday is refused.
    assert!(
        registry
            .create_service_token(&spec("today", "hr", Some(TODAY)), "hr-officer")
            .is_ok()
    );
    let past = registry.create_service_token(&spec("past", "hr", Some("2026-11-19")), "hr-officer");
    assert_eq!(
        past.err().map(|e| e.to_string()),
        Some(
            "the expiry day 2026-11-19 is before today (2026-11-20): give a day from today on, or none"
                .to_string()
        )
    );
}

#[test]
fn what_names_nothing_the_registry_holds_is_refused_and_nothing_is_written() {
    let mut registry = registry();
    registry
        .create_service_token(&spec("intranet", "manager:10001", None), "hr-officer")
        .unwrap();
    let trail_before = token_rows(&registry);
    for (spec, message) in [
        (
            spec("intranet", "hr", None),
            "a service token named \"intranet\" exists already (created ",
        ),
        (
            spec("x", "manager:99999", None),
            "no employee \"99999\" in the registry",
        ),
        (
            spec("x", "viewer:NOWHERE", None),
            "no org unit \"NOWHERE\" in the catalog",
        ),
        (
            spec("x", "employee:10023", None),
            "a service token cannot act as employee:10023: an employee calls with their own sign-in",
        ),
        (
            spec("bad name", "hr", None),
            "\"bad name\" cannot name a service token: use 1 to 64 ASCII letters",
        ),
        (spec("", "hr", None), "\"\" cannot name a service token"),
        (
            spec(&"x".repeat(65), "hr", None),
            "cannot name a service token",
        ),
        (spec("-x", "hr", None), "\"-x\" cannot name a service token"),
        (
            spec("x", "sync:ｗｌｘ", None),
            "a service token cannot act as sync:ｗｌｘ: the source \"ｗｌｘ\"",
        ),
    ] {
        let refused = registry.create_service_token(&spec, "hr-officer");
        let text = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains(message), "{:?}: {text}", spec.name);
        assert_eq!(n_tokens(&registry), 1, "{:?} wrote a token", spec.name);
    }
    assert_eq!(token_rows(&registry), trail_before);
}

#[test]
fn only_hr_makes_lists_and_revokes_tokens_but_anyone_may_present_one() {
    let mut hr = registry();
    let new = hr
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    let trail_before = token_rows(&hr);
    for actor in ["manager:10001", "employee:10023", "sync:wlx", "viewer:SOC"] {
        let mut other = hr.with_actor(actor.parse().unwrap());
        let refused = other.create_service_token(&spec("mine", "hr", None), "someone");
        assert!(
            matches!(refused, Err(Error::AccessDenied { .. })),
            "{actor}: {refused:?}"
        );
        assert_eq!(
            refused.err().map(|e| e.to_string()),
            Some(format!(
                "{actor} may not create a service token: only HR may"
            ))
        );
        assert!(matches!(
            other.service_tokens(),
            Err(Error::AccessDenied { .. })
        ));
        assert!(matches!(
            other.revoke_service_token("intranet", "someone"),
            Err(Error::AccessDenied { .. })
        ));
        // The token is the proof, whoever the registry was opened for.
        assert_eq!(
            other
                .authenticate_service_token(new.secret.expose(), noon(TODAY))
                .unwrap(),
            Actor::Hr
        );
        hr = other.with_actor(Actor::Hr);
    }
    assert_eq!(n_tokens(&hr), 1);
    assert_eq!(token_rows(&hr), trail_before);
}

#[test]
fn creation_and_revocation_are_audited_and_authentication_is_not() {
    let mut registry = registry();
    registry.set_via("skillreg token create");
    let new = registry
        .create_service_token(
            &spec("intranet", "manager:10001", Some("2027-01-31")),
            "hr-officer",
        )
        .unwrap();
    for _ in 0..3 {
        registry
            .authenticate_service_token(new.secret.expose(), noon(TODAY))
            .unwrap();
    }
    let _ = registry.authenticate_service_token("skr_0000", noon(TODAY));
    registry
        .revoke_service_token("intranet", "hr-officer")
        .unwrap();
    registry
        .revoke_service_token("intranet", "hr-officer")
        .unwrap();
    let _ = registry.authenticate_service_token(new.secret.expose(), noon(TODAY));
    assert_eq!(
        token_rows(&registry),
        [
            "hr | create service token | 10001 | intranet as manager:10001, expires after 2027-01-31",
            "hr | revoke service token | 10001 | intranet as manager:10001",
        ]
        .into_iter()
        .map(String::from)
        .chain(std::iter::once(format!(
            "hr | revoke service token | 10001 | intranet as manager:10001: revoked already at {}",
            registry.service_tokens().unwrap()[0]
                .revoked_at
                .clone()
                .unwrap()
        )))
        .collect::<Vec<_>>()
    );
}

#[test]
fn last_use_is_recorded_to_the_minute() {
    let mut registry = registry();
    let new = registry
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    let last_used =
        |registry: &Registry| registry.service_tokens().unwrap()[0].last_used_at.clone();
    assert_eq!(last_used(&registry), None);
    let first = noon(TODAY);
    registry
        .authenticate_service_token(new.secret.expose(), first)
        .unwrap();
    assert_eq!(
        last_used(&registry).as_deref(),
        Some("2026-11-20T12:00:00Z")
    );
    // Within the minute: not written again.
    registry
        .authenticate_service_token(new.secret.expose(), first + chrono::Duration::seconds(59))
        .unwrap();
    assert_eq!(
        last_used(&registry).as_deref(),
        Some("2026-11-20T12:00:00Z")
    );
    registry
        .authenticate_service_token(new.secret.expose(), first + chrono::Duration::seconds(61))
        .unwrap();
    assert_eq!(
        last_used(&registry).as_deref(),
        Some("2026-11-20T12:01:01Z")
    );
    // A refused token records no use.
    registry
        .revoke_service_token("intranet", "hr-officer")
        .unwrap();
    let later = first.checked_add_days(Days::new(1)).unwrap();
    assert!(
        registry
            .authenticate_service_token(new.secret.expose(), later)
            .is_err()
    );
    assert_eq!(
        last_used(&registry).as_deref(),
        Some("2026-11-20T12:01:01Z")
    );
}

#[test]
fn authentication_does_not_wait_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("skillreg.db");
    let mut registry = Registry::open(&db, Actor::Hr).unwrap();
    let new = registry
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    // Another process holds the write lock (a running sync).
    let writer = rusqlite_writer(&db);
    let started = std::time::Instant::now();
    assert_eq!(
        registry
            .authenticate_service_token(new.secret.expose(), noon(TODAY))
            .unwrap(),
        Actor::Hr
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    drop(writer);
    assert_eq!(registry.service_tokens().unwrap()[0].last_used_at, None);
    // Once it has committed, the next use is recorded.
    registry
        .authenticate_service_token(new.secret.expose(), noon(TODAY))
        .unwrap();
    assert!(registry.service_tokens().unwrap()[0].last_used_at.is_some());
}

/// A second registry that has begun a write transaction and holds it until dropped.
fn rusqlite_writer(db: &std::path::Path) -> Registry {
    let writer = Registry::open(db, Actor::Hr).unwrap();
    writer
        .hr_connection()
        .unwrap()
        .execute_batch("BEGIN IMMEDIATE")
        .unwrap();
    writer
}

#[test]
fn the_database_holds_a_hash_and_never_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("skillreg.db");
    let mut registry = Registry::open(&db, Actor::Hr).unwrap();
    let new = registry
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    registry
        .authenticate_service_token(new.secret.expose(), noon(TODAY))
        .unwrap();
    let stored: Vec<u8> = registry
        .hr_connection()
        .unwrap()
        .query_row("SELECT secret_hash FROM service_tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored.len(), 32);
    drop(registry);
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("skillreg.db-wal")) {
        bytes.extend(wal);
    }
    let secret = new.secret.expose().as_bytes();
    assert!(!bytes.windows(secret.len()).any(|w| w == secret));
    // Not even the random part alone.
    assert!(!bytes.windows(secret.len() - 4).any(|w| w == &secret[4..]));
}

#[test]
fn the_schema_refuses_to_forget_a_token_or_undo_a_revocation() {
    let mut registry = registry();
    registry
        .create_service_token(&spec("intranet", "hr", None), "hr-officer")
        .unwrap();
    registry
        .revoke_service_token("intranet", "hr-officer")
        .unwrap();
    let conn = registry.hr_connection().unwrap();
    for sql in [
        "DELETE FROM service_tokens",
        "UPDATE service_tokens SET revoked_at = NULL, revoked_by = NULL",
        "UPDATE service_tokens SET expires_day = NULL",
        "UPDATE service_tokens SET name = 'other'",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} went through");
    }
}

#[test]
fn an_erasure_revokes_the_tokens_of_a_manager_who_left() {
    // 10041 Elin Nilsson left on 2026-06-30; a token made for her while she was held.
    let mut registry = registry();
    let new = registry
        .create_service_token(&spec("elins-app", "manager:10041", None), "hr-officer")
        .unwrap();
    let erased = registry
        .erase_terminated_before(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), false)
        .unwrap();
    assert_eq!(erased.n_people, 1);
    let token = &registry.service_tokens().unwrap()[0];
    assert!(
        token.actor.to_string().starts_with("manager:erased-"),
        "{}",
        token.actor
    );
    assert_eq!(token.revoked_by.as_deref(), Some("erasure"));
    assert!(matches!(
        registry.authenticate_service_token(new.secret.expose(), noon(TODAY)),
        Err(Error::RevokedToken { .. })
    ));
    assert!(
        !token_rows(&registry)
            .iter()
            .any(|row| row.contains("10041"))
    );
    // And an erased number is no manager to make a token for.
    let actor = token.actor.to_string();
    let refused = registry.create_service_token(&spec("again", &actor, None), "hr-officer");
    assert!(matches!(refused, Err(Error::UnknownEmployee(_))));
}
