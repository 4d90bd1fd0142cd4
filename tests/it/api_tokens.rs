//! `skillreg token create | list | revoke` on the sample registry: the token is printed alone
//! and authenticates as its actor; the list and the database never hold it; a revoked or
//! expired token fails; what names nothing the registry holds is refused with a message
//! naming the value and writes nothing; only HR may; the last use is recorded.

use chrono::{Days, Utc};
use skillreg_store::{Actor, Error, Registry};

use super::*;

/// The sample organisation, synced.
fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

/// `token create` as HR; the token printed.
fn create(env: &Env, name: &str, actor: &str, extra: &[&str]) -> String {
    let mut args = vec!["token", "create", "--name", name, "--actor", actor];
    args.extend_from_slice(extra);
    let run = env.run(&args).ok();
    assert_secret_alone(&run.stdout);
    run.stdout.trim_end().to_string()
}

/// Standard output is one line: `skr_` and 64 hex digits.
fn assert_secret_alone(stdout: &str) {
    let line = stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("no newline: {stdout:?}"));
    assert!(!line.contains('\n'), "more than one line: {stdout:?}");
    let hex = line
        .strip_prefix("skr_")
        .unwrap_or_else(|| panic!("no prefix: {stdout:?}"));
    assert_eq!(hex.len(), 64, "{stdout:?}");
    assert!(
        hex.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{stdout:?}"
    );
}

/// Who `secret` acts as, asked the way a server will.
fn authenticate(env: &Env, secret: &str) -> Result<Actor, Error> {
    authenticate_at(env, secret, Utc::now())
}

fn authenticate_at(env: &Env, secret: &str, now: chrono::DateTime<Utc>) -> Result<Actor, Error> {
    let registry = Registry::open_existing(env.db(), Actor::Hr).unwrap();
    registry.authenticate_service_token(secret, now)
}

/// Rows of the service tokens and of the audit trail, counted in the file.
fn counts(env: &Env) -> (i64, i64) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (count("service_tokens"), count("audit_log"))
}

/// Every byte of the registry's files (the database and its write-ahead log).
fn registry_bytes(env: &Env) -> Vec<u8> {
    let mut bytes = std::fs::read(env.db()).unwrap();
    for suffix in ["-wal", "-shm"] {
        if let Ok(more) = std::fs::read(env.path(&format!("skillreg.db{suffix}"))) {
            bytes.extend(more);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn create_prints_the_token_alone_and_it_authenticates_as_its_actor() {
    let env = sample();
    for (name, actor) in [
        ("intranet", "manager:10001"),
        ("hr-system", "hr"),
        ("wlx-nightly", "sync:wlx"),
        ("steering", "viewer:SOC"),
    ] {
        let run = env
            .run(&["token", "create", "--name", name, "--actor", actor])
            .ok();
        assert_secret_alone(&run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "Service token {name} created, acting as {actor}, without expiry. It is printed above, this once only"
            )),
            "{}",
            run.stderr
        );
        let secret = run.stdout.trim_end();
        assert_eq!(authenticate(&env, secret).unwrap().to_string(), actor);
    }
    // --format json changes nothing: the token is still alone.
    let run = env
        .run(&[
            "--format", "json", "token", "create", "--name", "json", "--actor", "hr",
        ])
        .ok();
    assert_secret_alone(&run.stdout);
}

#[test]
fn the_list_and_the_database_never_hold_the_secret() {
    let env = sample();
    let secret = create(
        &env,
        "intranet",
        "manager:10001",
        &["--expires", "2099-12-31"],
    );
    authenticate(&env, &secret).unwrap();
    let table = env.run(&["token", "list"]).ok().stdout;
    assert!(table.contains("intranet"), "{table}");
    assert!(table.contains("manager:10001"), "{table}");
    assert!(table.contains("active"), "{table}");
    assert!(table.contains("hr-officer"), "{table}");
    let json = env.run(&["--format", "json", "token", "list"]).ok();
    let listed = json.json();
    assert_eq!(listed[0]["name"], "intranet");
    assert_eq!(listed[0]["actor"], "manager:10001");
    assert_eq!(listed[0]["state"], "active");
    assert_eq!(listed[0]["expires"], "2099-12-31");
    assert_eq!(listed[0]["created_by"], "hr-officer");
    assert!(listed[0]["last_used_at"].is_string(), "{}", json.stdout);
    let csv = env.run(&["--format", "csv", "token", "list"]).ok().stdout;
    assert!(
        csv.starts_with(
            "name,actor,state,expires,created_at,created_by,last_used_at,revoked_at,revoked_by\n"
        ),
        "{csv}"
    );
    let hex = &secret[4..];
    for out in [&table, &json.stdout, &csv] {
        assert!(!out.contains(hex), "the list shows the secret: {out}");
    }
    let audit = env.run(&["audit"]).ok().stdout;
    assert!(audit.contains("create service token"), "{audit}");
    assert!(!audit.contains(hex), "{audit}");
    let bytes = registry_bytes(&env);
    assert!(!contains(&bytes, &secret));
    assert!(!contains(&bytes, hex));
    // Nor half of it.
    assert!(!contains(&bytes, &hex[..32]));
}

#[test]
fn a_revoked_token_fails() {
    let env = sample();
    let secret = create(&env, "lms", "sync:lms", &[]);
    assert!(authenticate(&env, &secret).is_ok());
    let run = env.run(&["token", "revoke", "lms"]).ok();
    assert_eq!(run.stdout, "revoked service token lms (sync:lms)\n");
    let refused = authenticate(&env, &secret);
    assert!(
        matches!(&refused, Err(Error::RevokedToken { name, .. }) if name == "lms"),
        "{refused:?}"
    );
    let listed = env.run(&["--format", "json", "token", "list"]).ok().json();
    assert_eq!(listed[0]["state"], "revoked");
    assert_eq!(listed[0]["revoked_by"], "hr-officer");
    let again = env.run(&["token", "revoke", "lms"]).ok();
    assert!(
        again
            .stdout
            .starts_with("service token lms was revoked already, at "),
        "{}",
        again.stdout
    );
    let unknown = env.run(&["token", "revoke", "nope"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("no service token \"nope\": `skillreg token list` shows them"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn an_expired_token_fails() {
    let env = sample();
    let today = Utc::now().date_naive().to_string();
    let secret = create(&env, "temp", "viewer:SOC", &["--expires", &today]);
    assert_eq!(
        authenticate(&env, &secret).unwrap(),
        Actor::Viewer("SOC".into())
    );
    let tomorrow = Utc::now().checked_add_days(Days::new(1)).unwrap();
    let refused = authenticate_at(&env, &secret, tomorrow);
    let Err(Error::ExpiredToken { name, last }) = refused else {
        panic!("not refused as expired: {refused:?}")
    };
    assert_eq!((name.as_str(), last.to_string()), ("temp", today));
}

#[test]
fn what_the_registry_does_not_hold_is_refused_naming_it_and_nothing_is_written() {
    let env = sample();
    create(&env, "intranet", "manager:10001", &[]);
    let before = counts(&env);
    for (args, code, message) in [
        (
            vec!["--name", "intranet", "--actor", "hr"],
            1,
            "a service token named \"intranet\" exists already (created ",
        ),
        (
            vec!["--name", "x", "--actor", "manager:99999"],
            1,
            "cannot create service token \"x\" for manager:99999; nothing was written: no employee \"99999\" in the registry",
        ),
        (
            vec!["--name", "x", "--actor", "viewer:NOWHERE"],
            1,
            "no org unit \"NOWHERE\" in the catalog",
        ),
        (
            vec!["--name", "x", "--actor", "employee:10023"],
            1,
            "a service token cannot act as employee:10023",
        ),
        (
            vec!["--name", "x", "--actor", "boss"],
            2,
            "expected hr, manager:EMPNO, sync:SOURCE or viewer:UNIT, got \"boss\"",
        ),
        (
            vec!["--name", "x", "--actor", "hr", "--expires", "2020-01-01"],
            1,
            "cannot create service token \"x\" for hr; nothing was written: the expiry day 2020-01-01 is before today",
        ),
        (
            vec!["--name", "x", "--actor", "hr", "--expires", "31.12.2099"],
            2,
            "expected a date YYYY-MM-DD, got \"31.12.2099\"",
        ),
        (
            vec!["--name", "two words", "--actor", "hr"],
            1,
            "\"two words\" cannot name a service token",
        ),
    ] {
        let mut full = vec!["token", "create"];
        full.extend(args.iter().copied());
        let run = env.run(&full);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(counts(&env), before, "{args:?} wrote something");
    }
}

#[test]
fn only_hr_may_create_list_or_revoke() {
    let env = sample();
    let secret = create(&env, "intranet", "hr", &[]);
    let before = counts(&env);
    for actor in ["manager:10001", "employee:10023", "viewer:SOC"] {
        for args in [
            &["token", "create", "--name", "mine", "--actor", "hr"][..],
            &["token", "list"][..],
            &["token", "revoke", "intranet"][..],
        ] {
            let mut full = vec!["--as-actor", actor];
            full.extend_from_slice(args);
            let run = env.run(&full);
            assert_eq!(run.code, 1, "{full:?}: {}", run.stdout);
            assert!(run.stdout.is_empty(), "{full:?}: {}", run.stdout);
            assert!(
                run.stderr.contains(&format!("{actor} may not "))
                    && run.stderr.contains("only HR may"),
                "{full:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(counts(&env), before);
    assert_eq!(authenticate(&env, &secret).unwrap(), Actor::Hr);
}

#[test]
fn last_use_is_recorded() {
    let env = sample();
    let secret = create(&env, "intranet", "hr", &[]);
    let listed = env.run(&["--format", "json", "token", "list"]).ok().json();
    assert!(listed[0]["last_used_at"].is_null());
    let before = Utc::now().timestamp();
    authenticate(&env, &secret).unwrap();
    let listed = env.run(&["--format", "json", "token", "list"]).ok().json();
    let at = listed[0]["last_used_at"].as_str().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(at)
        .unwrap()
        .timestamp();
    assert!((before - 1..=Utc::now().timestamp()).contains(&at), "{at}");
}

#[test]
fn the_list_speaks_swedish_and_norwegian() {
    let env = sample();
    create(&env, "intranet", "viewer:SOC", &[]);
    let sv = env.run(&["--lang", "sv", "token", "list"]).ok().stdout;
    assert!(
        sv.contains("namn") && sv.contains("aktör") && sv.contains("aktiv"),
        "{sv}"
    );
    let nb = env.run(&["--lang", "nb", "token", "list"]).ok().stdout;
    assert!(
        nb.contains("navn") && nb.contains("aktør") && nb.contains("sist brukt"),
        "{nb}"
    );
    // CSV keeps its English columns whatever the language.
    let csv = env
        .run(&["--lang", "sv", "--format", "csv", "token", "list"])
        .ok()
        .stdout;
    assert!(csv.starts_with("name,actor,state,"), "{csv}");
    let empty = Env::new();
    assert_eq!(
        empty.run(&["token", "list"]).ok().stdout,
        "no service tokens: create one with `skillreg token create --name NAME --actor ACTOR`\n"
    );
}
