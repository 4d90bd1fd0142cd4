//! Service tokens (schema 14): how another system (an HR system, an intranet, a learning
//! platform, a sync job) proves which [`Actor`] it calls the registry as, without a person
//! signing in.
//!
//! HR creates a token with a name and the actor it acts as
//! ([`Registry::create_service_token`]); the secret is shown once and never again. Whoever
//! presents it is that actor ([`Registry::authenticate_service_token`]) until it is revoked
//! ([`Registry::revoke_service_token`]) or its expiry day has passed. [`Registry::service_tokens`]
//! lists them for HR, without secrets.
//!
//! Written-down choices:
//! - **The secret** is `skr_` followed by 32 random bytes from the operating system in
//!   lowercase hex (68 characters in all). The prefix lets a secret scanner or a person
//!   recognise one in a log or a repository.
//! - **Only a hash is stored**: BLAKE3 in its key-derivation mode, with a context of its own, of
//!   the whole token. The secret has 256 bits of entropy, so a fast hash is enough (a slow one
//!   protects guessable passwords; nobody guesses 2^256 values), and a copy of the database
//!   gives no token that works. A presented token is looked up by its hash, so no comparison
//!   of secrets is made at all, and none whose time depends on how much of a secret was right.
//! - **Actors**: `hr`, `manager:EMPNO` (a person the registry holds), `sync:SOURCE` and
//!   `viewer:UNIT` (a unit of the catalog). Not `employee:EMPNO`: an employee calls with their
//!   own sign-in (an access token of the identity provider), not with a secret HR made for
//!   them. The registry keeps no list of sources (they are named in the nightly profile and on
//!   the command line), so any `SOURCE` that is a valid code is taken.
//! - **Expiry** is a day: the token works through that day (UTC, as [`Registry::today`]) and
//!   not after it. A token without one works until it is revoked.
//! - **Names** are 1 to 64 ASCII letters, digits, `-`, `_` or `.`, unique for good: a revoked
//!   token keeps its name (and its row), so that the audit trail's rows about it stay
//!   unambiguous. Name a token after the system that holds it (`intranet`, `lms-nightly`),
//!   never after a person.
//! - **The audit trail** has a row for every creation and revocation (with the manager's
//!   number for a manager's token). An authentication, failed or not, leaves none: a failure is
//!   not a person's data (nobody's record was read), a flood of them must not fill the trail,
//!   and the calls a token then makes leave their own rows (naming the token in `via`).
//! - **Last use** is recorded to the minute: a token used many times a second writes at most
//!   once a minute, and never waits for a running sync's write lock (the time is then
//!   recorded at a later use).
//! - **An erasure** of a manager who left revokes every token acting as them and replaces
//!   their number wherever a token names it, as it does everywhere else.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use skillreg_core::text;

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::registry::{Registry, now};
use crate::sql::{self, to_day};

/// What every token begins with.
pub const TOKEN_PREFIX: &str = "skr_";

/// The BLAKE3 key-derivation context of a token's hash: no other hash of the same text, here
/// or anywhere, is the same value.
const HASH_CONTEXT: &str = "skillreg 2026-12 service token secret hash v1";

/// Random bytes in a token.
const SECRET_BYTES: usize = 32;

/// The longest name of a token.
const MAX_NAME_CHARS: usize = 64;

/// Last use is written at most this often per token (seconds).
const LAST_USED_EVERY_SECS: i64 = 60;

/// What [`Registry::create_service_token`] is to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpec {
    /// The token's name: 1 to 64 ASCII letters, digits, `-`, `_` or `.`; unique.
    pub name: String,
    /// Who the token acts as.
    pub actor: Actor,
    /// The last day it works, if it should stop by itself.
    pub expires: Option<NaiveDate>,
}

/// A token's secret, as handed out once. Its `Debug` does not show it, so that it does not end
/// up in a log by accident; [`Secret::expose`] does.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The token itself, to give to the system that will call with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

/// A service token as the registry holds it: everything but the secret, which it does not
/// hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceToken {
    /// Its name.
    pub name: String,
    /// Who it acts as.
    pub actor: Actor,
    /// Who created it (the user of the command line, or what the embedding tool said).
    pub created_by: String,
    /// When (UTC, RFC 3339).
    pub created_at: String,
    /// The last day it works, if any.
    pub expires: Option<NaiveDate>,
    /// Who revoked it, if anyone.
    pub revoked_by: Option<String>,
    /// When it was revoked (UTC, RFC 3339).
    pub revoked_at: Option<String>,
    /// When it was last used (UTC, RFC 3339, to the minute), if ever.
    pub last_used_at: Option<String>,
}

/// Who presented a service token ([`Registry::service_token_caller`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCaller {
    /// The token's name.
    pub name: String,
    /// Who it acts as.
    pub actor: Actor,
}

/// Whether a token works on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// It works.
    Active,
    /// It was revoked.
    Revoked,
    /// Its expiry day has passed.
    Expired,
}

impl ServiceToken {
    /// Whether the token works on `day`: revoked comes before expired.
    pub fn state(&self, day: NaiveDate) -> TokenState {
        if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires.is_some_and(|last| last < day) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }
}

/// A token just created: what the registry holds, and the secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// The token as listed.
    pub token: ServiceToken,
    /// The secret (see [`Secret::expose`]).
    pub secret: Secret,
}

/// What [`Registry::revoke_service_token`] did, with the token as it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    /// The token was revoked now.
    Revoked(ServiceToken),
    /// It had been revoked already (see its `revoked_at`); nothing changed.
    AlreadyRevoked(ServiceToken),
}

/// The stored hash of a token.
fn secret_hash(secret: &str) -> [u8; 32] {
    blake3::derive_key(HASH_CONTEXT, secret.as_bytes())
}

/// A fresh token: the prefix and [`SECRET_BYTES`] random bytes from the operating system, in hex.
fn fresh_secret() -> Result<Secret> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Invalid(format!(
            "the operating system gave no random bytes for a token ({e}); nothing was written"
        ))
    })?;
    let mut secret = String::with_capacity(TOKEN_PREFIX.len() + 2 * SECRET_BYTES);
    secret.push_str(TOKEN_PREFIX);
    for b in bytes {
        secret.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        secret.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    Ok(Secret(secret))
}

/// Refuses a name that is not 1 to 64 ASCII letters, digits, `-`, `_` or `.`, beginning with a
/// letter or digit.
fn check_name(name: &str) -> Result<()> {
    let fine = (1..=MAX_NAME_CHARS).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fine {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{} cannot name a service token: use 1 to {MAX_NAME_CHARS} ASCII letters, digits, '-', '_' or '.', beginning with a letter or digit",
        text::quoted(name)
    )))
}

const TOKEN_COLUMNS: &str =
    "name, actor, created_by, created_at, expires_day, revoked_by, revoked_at, last_used_at";

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ServiceToken, String)> {
    let actor: String = r.get(1)?;
    Ok((
        ServiceToken {
            name: r.get(0)?,
            actor: Actor::Hr,
            created_by: r.get(2)?,
            created_at: r.get(3)?,
            expires: sql::opt_day_col(r, 4)?,
            revoked_by: r.get(5)?,
            revoked_at: r.get(6)?,
            last_used_at: r.get(7)?,
        },
        actor,
    ))
}

/// The token with its stored actor parsed; a stored actor that does not parse is corrupt data.
fn with_actor((mut token, actor): (ServiceToken, String)) -> Result<ServiceToken> {
    token.actor = actor.parse().map_err(|_| {
        Error::Corrupt(format!(
            "service token {:?} acts as {actor:?}, which is not an actor",
            token.name
        ))
    })?;
    Ok(token)
}

fn load_token(conn: &Connection, name: &str) -> Result<Option<ServiceToken>> {
    conn.query_row(
        &format!("SELECT {TOKEN_COLUMNS} FROM service_tokens WHERE name = ?1"),
        [name],
        token_row,
    )
    .optional()?
    .map(with_actor)
    .transpose()
}

impl Registry {
    /// Creates a service token acting as `spec.actor`, and returns it with its secret, which
    /// the registry does not keep: show it to the one who asked, once. HR only. Refused, with
    /// nothing written, when the name is taken (by a token revoked or not) or not a valid name,
    /// when the actor is an employee, a manager the registry does not hold, a viewer of a unit
    /// the catalog does not have or a sync job whose source is not a valid code, or when the
    /// expiry day is before today ([`Registry::today`]). `created_by` names who asked (the
    /// user of the command line). Leaves one row in the audit trail.
    ///
    /// ```
    /// use chrono::Utc;
    /// use skillreg_store::{Actor, TokenSpec};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let spec = TokenSpec { name: "intranet".into(), actor: Actor::Manager("10001".into()), expires: None };
    /// let new = registry.create_service_token(&spec, "hr-officer")?;
    /// assert!(new.secret.expose().starts_with("skr_"));
    /// assert_eq!(new.secret.expose().len(), 68);
    /// assert_eq!(registry.authenticate_service_token(new.secret.expose(), Utc::now())?, spec.actor);
    /// // A name is a token's for good; an unknown manager is no actor.
    /// assert!(registry.create_service_token(&spec, "hr-officer").is_err());
    /// let nobody = TokenSpec { name: "x".into(), actor: Actor::Manager("99999".into()), expires: None };
    /// assert!(registry.create_service_token(&nobody, "hr-officer").is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_service_token(&mut self, spec: &TokenSpec, created_by: &str) -> Result<NewToken> {
        self.require_hr("create a service token")?;
        check_name(&spec.name)?;
        let today = self.today();
        if let Some(last) = spec.expires
            && last < today
        {
            return Err(Error::Invalid(format!(
                "the expiry day {last} is before today ({today}): give a day from today on, or none"
            )));
        }
        let stamp = self.stamp();
        let tx = self.transaction()?;
        check_actor(&tx, &spec.actor)?;
        if let Some(held) = load_token(&tx, &spec.name)? {
            return Err(Error::Invalid(format!(
                "a service token named {:?} exists already (created {} by {}{}): choose another name",
                spec.name,
                held.created_at,
                held.created_by,
                if held.revoked_at.is_some() {
                    ", now revoked"
                } else {
                    ""
                }
            )));
        }
        let secret = fresh_secret()?;
        let token = ServiceToken {
            name: spec.name.clone(),
            actor: spec.actor.clone(),
            created_by: created_by.to_string(),
            created_at: now(),
            expires: spec.expires,
            revoked_by: None,
            revoked_at: None,
            last_used_at: None,
        };
        tx.execute(
            "INSERT INTO service_tokens (name, actor, secret_hash, created_by, created_at, expires_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                token.name,
                token.actor.to_string(),
                secret_hash(secret.expose()).as_slice(),
                token.created_by,
                token.created_at,
                token.expires.map(to_day),
            ],
        )?;
        let expiry = match token.expires {
            Some(day) => format!("expires after {day}"),
            None => "no expiry".to_string(),
        };
        stamp.write(
            &tx,
            "create service token",
            token.actor.employee_no(),
            &format!("{} as {}, {expiry}", token.name, token.actor),
        )?;
        tx.commit()?;
        Ok(NewToken { token, secret })
    }

    /// Every service token, by name, without secrets (the registry holds none). HR only.
    ///
    /// ```
    /// use skillreg_store::{Actor, TokenSpec, TokenState};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let spec = TokenSpec { name: "steering".into(), actor: Actor::Viewer("SOC".into()), expires: None };
    /// registry.create_service_token(&spec, "hr-officer")?;
    /// let tokens = registry.service_tokens()?;
    /// assert_eq!(tokens[0].name, "steering");
    /// assert_eq!(tokens[0].state(registry.today()), TokenState::Active);
    /// assert!(registry.with_actor(Actor::Manager("10001".into())).service_tokens().is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_tokens(&self) -> Result<Vec<ServiceToken>> {
        self.require_hr("list the service tokens")?;
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {TOKEN_COLUMNS} FROM service_tokens ORDER BY name"
        ))?;
        let rows = stmt
            .query_map([], token_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(with_actor).collect()
    }

    /// Revokes the token named `name`: from now on it authenticates nobody. HR only. A token
    /// revoked already stays as it was ([`Revocation::AlreadyRevoked`]). `revoked_by` names who
    /// asked. Leaves one row in the audit trail either way.
    ///
    /// ```
    /// use chrono::Utc;
    /// use skillreg_store::{Actor, Error, Revocation, TokenSpec};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let spec = TokenSpec { name: "lms".into(), actor: Actor::Sync { source: "lms".into() }, expires: None };
    /// let new = registry.create_service_token(&spec, "hr-officer")?;
    /// assert!(matches!(registry.revoke_service_token("lms", "hr-officer")?, Revocation::Revoked(_)));
    /// assert!(matches!(
    ///     registry.authenticate_service_token(new.secret.expose(), Utc::now()),
    ///     Err(Error::RevokedToken { .. })
    /// ));
    /// assert!(matches!(registry.revoke_service_token("lms", "hr-officer")?, Revocation::AlreadyRevoked(_)));
    /// assert!(matches!(registry.revoke_service_token("nope", "hr-officer"), Err(Error::NoSuchToken(_))));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn revoke_service_token(&mut self, name: &str, revoked_by: &str) -> Result<Revocation> {
        self.require_hr("revoke a service token")?;
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let mut token =
            load_token(&tx, name)?.ok_or_else(|| Error::NoSuchToken(name.to_string()))?;
        let (detail, revocation): (String, fn(ServiceToken) -> Revocation) = match &token.revoked_at
        {
            Some(at) => (
                format!("{name} as {}: revoked already at {at}", token.actor),
                Revocation::AlreadyRevoked,
            ),
            None => {
                token.revoked_by = Some(revoked_by.to_string());
                token.revoked_at = Some(now());
                tx.execute(
                    "UPDATE service_tokens SET revoked_by = ?2, revoked_at = ?3 WHERE name = ?1",
                    params![name, token.revoked_by, token.revoked_at],
                )?;
                (format!("{name} as {}", token.actor), Revocation::Revoked)
            }
        };
        stamp.write(
            &tx,
            "revoke service token",
            token.actor.employee_no(),
            &detail,
        )?;
        let revocation = revocation(token);
        tx.commit()?;
        Ok(revocation)
    }

    /// The actor a presented token acts as, at `now`; records the use. Refuses a token the
    /// registry does not know ([`Error::UnknownToken`]), one revoked
    /// ([`Error::RevokedToken`]) and one whose expiry day is before `now`'s (UTC) day
    /// ([`Error::ExpiredToken`]). Any actor may ask: the token is the proof, whoever the
    /// registry was opened for (a server opens it as HR and then narrows it to the actor
    /// returned here with [`Registry::with_actor`]).
    ///
    /// The token is looked up by its hash, so no secret is compared with another. Nothing is
    /// written to the audit trail, neither for a failure (it is no one's data, and a flood of
    /// failures must not fill the trail: a server logs them and limits their rate) nor for a
    /// success (the calls that follow leave their rows). The last use is written at most once
    /// a minute per token, and not at all when another writer holds the registry (a running
    /// sync): an authentication never waits for a lock.
    ///
    /// ```
    /// use chrono::{Days, Utc};
    /// use skillreg_store::{Actor, Error, TokenSpec};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let today = registry.today();
    /// let spec = TokenSpec { name: "hr-system".into(), actor: Actor::Hr, expires: Some(today) };
    /// let new = registry.create_service_token(&spec, "hr-officer")?;
    /// let now = Utc::now();
    /// assert_eq!(registry.authenticate_service_token(new.secret.expose(), now)?, Actor::Hr);
    /// assert!(registry.service_tokens()?[0].last_used_at.is_some());
    /// let tomorrow = now.checked_add_days(Days::new(1)).ok_or("date")?;
    /// assert!(matches!(
    ///     registry.authenticate_service_token(new.secret.expose(), tomorrow),
    ///     Err(Error::ExpiredToken { .. })
    /// ));
    /// assert!(matches!(
    ///     registry.authenticate_service_token("skr_not-a-token", now),
    ///     Err(Error::UnknownToken)
    /// ));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authenticate_service_token(&self, secret: &str, now: DateTime<Utc>) -> Result<Actor> {
        self.service_token_caller(secret, now).map(|c| c.actor)
    }

    /// [`Registry::authenticate_service_token`], also giving the token's name (for the audit
    /// trail's `via` of the calls the token makes).
    ///
    /// ```
    /// use chrono::Utc;
    /// use skillreg_store::{Actor, TokenSpec};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let spec = TokenSpec { name: "intranet".into(), actor: Actor::Viewer("SOC".into()), expires: None };
    /// let new = registry.create_service_token(&spec, "hr-officer")?;
    /// let caller = registry.service_token_caller(new.secret.expose(), Utc::now())?;
    /// assert_eq!((caller.name.as_str(), caller.actor), ("intranet", Actor::Viewer("SOC".into())));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_token_caller(&self, secret: &str, now: DateTime<Utc>) -> Result<TokenCaller> {
        let hash = secret_hash(secret);
        let found = self
            .connection()
            .prepare_cached(
                "SELECT id, name, actor, expires_day, revoked_at, last_used_at
                 FROM service_tokens WHERE secret_hash = ?1",
            )?
            .query_row([hash.as_slice()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    sql::opt_day_col(r, 3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()?;
        let Some((id, name, actor, expires, revoked_at, last_used_at)) = found else {
            return Err(Error::UnknownToken);
        };
        if let Some(at) = revoked_at {
            return Err(Error::RevokedToken { name, at });
        }
        if let Some(last) = expires
            && last < now.date_naive()
        {
            return Err(Error::ExpiredToken { name, last });
        }
        let actor: Actor = actor.parse().map_err(|_| {
            Error::Corrupt(format!(
                "service token {name:?} acts as {actor:?}, which is not an actor"
            ))
        })?;
        let due = last_used_at
            .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
            .is_none_or(|at| (now - at.with_timezone(&Utc)).num_seconds() >= LAST_USED_EVERY_SECS);
        if due {
            self.record_use(id, now)?;
        }
        Ok(TokenCaller { name, actor })
    }

    /// Writes a token's last use, unless another writer holds the registry (then a later use
    /// records it).
    fn record_use(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        let written = self.without_waiting(|conn| {
            conn.execute(
                "UPDATE service_tokens SET last_used_at = ?2 WHERE id = ?1",
                params![id, at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
            )
        })?;
        match written {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// Refuses an actor a token cannot act as, or one that names what the registry does not hold.
fn check_actor(conn: &Connection, actor: &Actor) -> Result<()> {
    match actor {
        Actor::Hr => Ok(()),
        Actor::Employee(no) => Err(Error::Invalid(format!(
            "a service token cannot act as employee:{no}: an employee calls with their own sign-in; use hr, manager:EMPNO, sync:SOURCE or viewer:UNIT"
        ))),
        Actor::Manager(no) => {
            let held = !no.starts_with("erased-") && sql::person_id(conn, no)?.is_some();
            match held {
                true => Ok(()),
                false => Err(Error::UnknownEmployee(no.clone())),
            }
        }
        Actor::Viewer(unit) => match sql::code_id(conn, "org_units", unit)? {
            Some(_) => Ok(()),
            None => Err(Error::UnknownUnit(unit.clone())),
        },
        Actor::Sync { source } => text::code(source).map_err(|fault| {
            Error::Invalid(format!(
                "a service token cannot act as sync:{source}: the source {} {fault}",
                text::quoted(source)
            ))
        }),
    }
}

/// In an erasure's transaction: revokes every token acting as the manager `number`, and
/// replaces the number wherever a token names it (who it acts as, who created or revoked it)
/// with `pseudonym`.
pub(crate) fn erase_number(tx: &Connection, number: &str, pseudonym: &str) -> Result<()> {
    tx.execute(
        "UPDATE service_tokens SET revoked_by = 'erasure', revoked_at = ?2
         WHERE actor = ?1 AND revoked_at IS NULL",
        params![format!("manager:{number}"), now()],
    )?;
    tx.execute(
        "UPDATE service_tokens SET actor = ?2 WHERE actor = ?1",
        params![format!("manager:{number}"), format!("manager:{pseudonym}")],
    )?;
    for column in ["created_by", "revoked_by"] {
        tx.execute(
            &format!("UPDATE service_tokens SET {column} = ?2 WHERE {column} = ?1"),
            params![number, pseudonym],
        )?;
    }
    Ok(())
}
