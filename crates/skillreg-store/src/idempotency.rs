//! Idempotency keys (schema 15): a write sent again with the same key is answered again, not
//! written twice (the HTTP API's `Idempotency-Key` header).
//!
//! A caller claims a key with a fingerprint of its request ([`Registry::claim_idempotency_key`]):
//! the first claim is [`Claim::New`], and the caller then makes its write and stores its answer
//! in one transaction ([`Registry::write_once`]). A later claim of the same key by the same
//! caller is the stored answer ([`Claim::Replay`]) if the fingerprint is the same,
//! [`Claim::Mismatch`] if not, and [`Claim::InFlight`] while the first is still answering
//! (whatever its fingerprint).
//!
//! Written-down choices:
//! - **Scope**: a key is the caller's own (`caller` is what the audit trail names as the way
//!   in, e.g. `api token intranet`); two callers may use the same key.
//! - **Keys** are 1 to 255 visible ASCII characters (`!` to `~`); anything else is refused
//!   ([`Error::Invalid`]).
//! - **Kept 24 hours** from the claim ([`KEY_LIFETIME_HOURS`]), then pruned lazily by the next
//!   claim; after that the same key is new again.
//! - **The write and its answer commit together**: [`Registry::write_once`] runs the write
//!   inside the transaction that stores the answer, so a registry holds both or neither. A
//!   service that stops during the write leaves neither, only the claim; a refused write
//!   ([`Kept::Refused`]) leaves its answer and nothing of the write; a write whose answer cannot
//!   be stored is rolled back with it. The claim itself is a transaction of its own before
//!   them, so that a second request with the key, from another worker or process, sees it
//!   answering ([`Claim::InFlight`]) rather than waiting for it.
//! - **An abandoned claim**: a claim still answering after [`ABANDONED_AFTER_SECONDS`] (the
//!   service stopped between claiming and answering) is taken as given back, and the key is
//!   new again; nothing of its write was kept, so a retry writes once.
//! - **Erasure**: the stored answers may name people (a talk's answer is the talk). Erasing a
//!   person who left ([`Registry::erase_terminated_before`]) deletes the keys whose stored request or answer names
//!   their employee number.
//! - **No audit row**: a key is bookkeeping; the write it guards leaves its own.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use crate::error::{Error, Result};
use crate::registry::Registry;

/// How long a key is kept after its claim.
pub const KEY_LIFETIME_HOURS: i64 = 24;

/// How long a claim may go unanswered before it is taken as abandoned.
pub const ABANDONED_AFTER_SECONDS: i64 = 300;

/// The answer stored for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The media type of the body, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// What a claim of a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: it is now claimed; write, then store the answer.
    New,
    /// The key was answered for the same request: this is the answer.
    Replay(StoredAnswer),
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still being answered.
    InFlight,
}

/// What [`Registry::write_once`] keeps of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// The write, and this answer to it.
    Written(StoredAnswer),
    /// Not the write (it was refused), but this answer: the refusal.
    Refused(StoredAnswer),
    /// Neither: the request could not be answered, the key is given back.
    Nothing,
}

/// A key's row: fingerprint, status, media type, body.
type KeyRow = (String, Option<u16>, Option<String>, Option<Vec<u8>>);

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Deletes the keys whose stored answer names `number` (as a JSON string: `"10041"`) or whose
/// caller does (an access token's subject), for the erasure of that person, in its
/// transaction `tx`. Returns how many were deleted.
pub(crate) fn erase_number(tx: &rusqlite::Connection, number: &str) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM idempotency_keys
         WHERE instr(CAST(body AS TEXT), ?1) > 0 OR instr(' ' || caller || ' ', ?2) > 0",
        params![format!("\"{number}\""), format!(" {number} ")],
    )?)
}

/// Whether `key` is 1 to 255 visible ASCII characters.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic())
}

impl Registry {
    /// Claims `key` of `caller` for the request with `fingerprint` at `now`, after removing
    /// the keys older than [`KEY_LIFETIME_HOURS`].
    ///
    /// ```
    /// use skillreg_store::idempotency::{Claim, StoredAnswer};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let now = chrono::Utc::now();
    /// let claim = registry.claim_idempotency_key("api token lms", "k-1", "abc", now)?;
    /// assert_eq!(claim, Claim::New);
    /// assert_eq!(registry.claim_idempotency_key("api token lms", "k-1", "abc", now)?, Claim::InFlight);
    /// let answer = StoredAnswer { status: 201, content_type: Some("application/json".into()), body: b"{}".to_vec() };
    /// registry.complete_idempotency_key("api token lms", "k-1", &answer)?;
    /// assert_eq!(registry.claim_idempotency_key("api token lms", "k-1", "abc", now)?, Claim::Replay(answer));
    /// assert_eq!(registry.claim_idempotency_key("api token lms", "k-1", "other", now)?, Claim::Mismatch);
    /// // Another caller's key of the same name is its own.
    /// assert_eq!(registry.claim_idempotency_key("api token hr", "k-1", "other", now)?, Claim::New);
    /// Ok::<(), skillreg_store::Error>(())
    /// ```
    pub fn claim_idempotency_key(
        &mut self,
        caller: &str,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
    ) -> Result<Claim> {
        if !is_valid_key(key) {
            return Err(Error::Invalid(
                "an Idempotency-Key is 1 to 255 visible ASCII characters".to_string(),
            ));
        }
        let expired = stamp(now - Duration::hours(KEY_LIFETIME_HOURS));
        let abandoned = stamp(now - Duration::seconds(ABANDONED_AFTER_SECONDS));
        let tx = self.transaction()?;
        tx.execute(
            "DELETE FROM idempotency_keys WHERE claimed_at < ?1",
            params![expired],
        )?;
        tx.execute(
            "DELETE FROM idempotency_keys WHERE status IS NULL AND claimed_at < ?1",
            params![abandoned],
        )?;
        let found: Option<KeyRow> = tx
            .query_row(
                "SELECT fingerprint, status, content_type, body FROM idempotency_keys
                 WHERE caller = ?1 AND key = ?2",
                params![caller, key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let claim = match found {
            None => {
                tx.execute(
                    "INSERT INTO idempotency_keys (caller, key, fingerprint, claimed_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![caller, key, fingerprint, stamp(now)],
                )?;
                Claim::New
            }
            Some((_, None, _, _)) => Claim::InFlight,
            Some((stored, _, _, _)) if stored != fingerprint => Claim::Mismatch,
            Some((_, Some(status), content_type, body)) => Claim::Replay(StoredAnswer {
                status,
                content_type,
                body: body.unwrap_or_default(),
            }),
        };
        tx.commit()?;
        Ok(claim)
    }

    /// Stores the answer to the request that claimed `key` of `caller`.
    pub fn complete_idempotency_key(
        &mut self,
        caller: &str,
        key: &str,
        answer: &StoredAnswer,
    ) -> Result<()> {
        let tx = self.transaction()?;
        tx.execute(
            "UPDATE idempotency_keys SET status = ?3, content_type = ?4, body = ?5
             WHERE caller = ?1 AND key = ?2",
            params![caller, key, answer.status, answer.content_type, answer.body],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Makes the write of the request that claimed `key` of `caller` ([`Claim::New`]) and
    /// stores its answer, in one transaction: `write` runs inside it and says what to keep
    /// ([`Kept`]). Returns what `write` returned besides.
    ///
    /// - [`Kept::Written`]: the write and the answer commit together.
    /// - [`Kept::Refused`]: the write is rolled back, the answer (a refusal, answered again to
    ///   a retry) is kept.
    /// - [`Kept::Nothing`]: the write is rolled back and the key given back (the request could
    ///   not be answered: a retry is new).
    ///
    /// If the answer cannot be stored, or the commit fails, the write is rolled back with it,
    /// the key given back, and the error returned.
    ///
    /// ```
    /// use skillreg_store::idempotency::{Claim, Kept, StoredAnswer};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let now = chrono::Utc::now();
    /// let day = registry.today();
    /// assert_eq!(registry.claim_idempotency_key("api token lms", "k-1", "abc", now)?, Claim::New);
    /// let answer = StoredAnswer { status: 201, content_type: None, body: b"referred".to_vec() };
    /// let referred = registry.write_once("api token lms", "k-1", |r| {
    ///     let done = r.refer("10023", "TC-PERS", day, None, "lms");
    ///     (done, Kept::Written(answer.clone()))
    /// })?;
    /// assert!(referred.is_ok());
    /// assert_eq!(registry.claim_idempotency_key("api token lms", "k-1", "abc", now)?, Claim::Replay(answer));
    /// Ok::<(), skillreg_store::Error>(())
    /// ```
    pub fn write_once<T>(
        &mut self,
        caller: &str,
        key: &str,
        write: impl FnOnce(&mut Registry) -> (T, Kept),
    ) -> Result<T> {
        if !self.connection().is_autocommit() {
            return Err(Error::Invalid(
                "a write with an Idempotency-Key is a transaction of its own, not part of another"
                    .to_string(),
            ));
        }
        self.connection()
            .execute_batch("BEGIN IMMEDIATE; SAVEPOINT keyed_write")?;
        let (value, kept) = write(self);
        let stored = self.keep_answer(caller, key, &kept);
        let ended = stored.and_then(|()| Ok(self.connection().execute_batch("COMMIT")?));
        if let Err(e) = ended {
            // Nothing of the write stays, and the next request with the key is new.
            let _ = self.connection().execute_batch("ROLLBACK");
            let _ = self.release_idempotency_key(caller, key);
            return Err(e);
        }
        Ok(value)
    }

    /// Inside [`Registry::write_once`]'s transaction: keeps or undoes the write, and stores
    /// the answer or gives the key back.
    fn keep_answer(&mut self, caller: &str, key: &str, kept: &Kept) -> Result<()> {
        let conn = self.connection();
        if !matches!(kept, Kept::Written(_)) {
            conn.execute_batch("ROLLBACK TO keyed_write")?;
        }
        conn.execute_batch("RELEASE keyed_write")?;
        match kept {
            Kept::Written(answer) | Kept::Refused(answer) => {
                let n = conn.execute(
                    "UPDATE idempotency_keys SET status = ?3, content_type = ?4, body = ?5
                     WHERE caller = ?1 AND key = ?2 AND status IS NULL",
                    params![caller, key, answer.status, answer.content_type, answer.body],
                )?;
                if n == 0 {
                    return Err(Error::Invalid(format!(
                        "the Idempotency-Key {key:?} of {caller} is not claimed (or answered already): the write is not kept"
                    )));
                }
            }
            Kept::Nothing => {
                conn.execute(
                    "DELETE FROM idempotency_keys WHERE caller = ?1 AND key = ?2 AND status IS NULL",
                    params![caller, key],
                )?;
            }
        }
        Ok(())
    }

    /// Gives back the claim of `key` of `caller` (the request could not be answered): the
    /// next request with it is new.
    pub fn release_idempotency_key(&mut self, caller: &str, key: &str) -> Result<()> {
        let tx = self.transaction()?;
        tx.execute(
            "DELETE FROM idempotency_keys WHERE caller = ?1 AND key = ?2 AND status IS NULL",
            params![caller, key],
        )?;
        tx.commit()?;
        Ok(())
    }
}
