//! The audit trail: who wrote what, and who read whose record, when, and through which command
//! or sync run. Append-only (schema 7's triggers refuse UPDATE and DELETE).
//!
//! What leaves a row:
//! - every write call, one row each, whether or not it changed anything (an assessment already
//!   held is logged as `already recorded`); a sync is one row naming its run and counts, a
//!   catalog apply one row with the number of changes, an export one row when it is marked
//!   written;
//! - every read of one person's record (profile, history, brief, employee) by anyone but that
//!   person: one row each;
//! - every read over a scope (team, gaps, standings, a unit's people, a round's forms) unless
//!   it is only the reader's own record: one row per query, naming the scope and the number of
//!   people it covered (not one row per person);
//! - reading the audit trail itself.
//!
//! - every aggregate read (demand, progress, a unit by occupation, target groups, a round's
//!   status, talk coverage): one row per query naming the view and what it covered (a unit, a
//!   manager's people, everyone), and no one in it.
//!
//! A refused call (`Error::AccessDenied`) writes nothing, not even here.

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{AuditWriter, Registry};

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who, as [`crate::Actor`] displays (`hr`, `manager:10001` ...), as it was stored.
    pub actor: String,
    /// What (`read brief`, `record assessment`, `sync` ...).
    pub action: String,
    /// Whose record, when the action concerned one person.
    pub employee_no: Option<String>,
    /// More about it: the system and level, a scope and its number of people, a run's counts.
    pub detail: String,
    /// Through which command line or sync run (see [`Registry::set_via`]); empty if not said.
    pub via: String,
}

/// Which rows [`Registry::audit`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only rows about this employee.
    pub employee: Option<String>,
    /// Only rows from this day on (UTC).
    pub since: Option<NaiveDate>,
}

/// Who is acting and through what, copied out of the registry so that a row can be written
/// inside a transaction that borrows the connection.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    actor: String,
    via: String,
}

impl Stamp {
    /// Appends one row.
    pub(crate) fn write(
        &self,
        conn: &Connection,
        action: &str,
        employee_no: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        self.write_via(conn, action, employee_no, detail, &self.via)
    }

    /// Appends one row with its own `via` (a sync names its run).
    pub(crate) fn write_via(
        &self,
        conn: &Connection,
        action: &str,
        employee_no: Option<&str>,
        detail: &str,
        via: &str,
    ) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO audit_log (at, actor, action, employee_no, detail, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            self.actor,
            action,
            employee_no,
            detail,
            via,
        ])?;
        Ok(())
    }

    /// The `via` of a sync's row: the command line (if said) and the run.
    pub(crate) fn sync_via(&self, run_id: i64) -> String {
        match self.via.as_str() {
            "" => format!("sync run {run_id}"),
            via => format!("{via} (sync run {run_id})"),
        }
    }
}

impl Registry {
    /// Says through what the following calls come, for the audit trail: the command line
    /// (`skillreg brief 10031`), a nightly job's step, an embedding tool's screen.
    pub fn set_via(&mut self, via: &str) {
        self.via = via.to_string();
    }

    /// What [`Registry::set_via`] last said (empty if nothing).
    pub fn via(&self) -> &str {
        &self.via
    }

    /// The actor and `via` of the rows the next calls write.
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp {
            actor: self.actor().to_string(),
            via: self.via.clone(),
        }
    }

    /// Has the audit rows of reads (those written outside any transaction) written by `writer`,
    /// which commits the rows of every registry sharing it together (see [`AuditWriter`]); a
    /// read still returns only once its row has committed. `None`: each row is a write
    /// transaction of this registry's own (the default).
    pub fn set_audit_writer(&mut self, writer: Option<AuditWriter>) {
        self.audit_writer = writer;
    }

    /// Appends one row to the audit trail, outside any transaction: through the shared
    /// [`AuditWriter`] if set (returning once its transaction has committed), else on this
    /// connection. Inside a transaction, the row is that transaction's.
    pub(crate) fn log(&self, action: &str, employee_no: Option<&str>, detail: &str) -> Result<()> {
        let stamp = self.stamp();
        match &self.audit_writer {
            Some(writer) if self.connection().is_autocommit() => writer.write(
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                stamp.actor,
                action,
                employee_no,
                detail,
                &stamp.via,
            ),
            _ => stamp.write(self.connection(), action, employee_no, detail),
        }
    }

    /// The audit trail, oldest first: every row, or those about one employee and/or from a day
    /// on. HR only; the reading is itself logged (after the rows are read, so it shows next
    /// time).
    ///
    /// ```
    /// use skillreg_store::{Actor, AuditFilter, Registry};
    /// let registry = Registry::open_in_memory(Actor::Hr)?;
    /// assert!(registry.audit(&AuditFilter::default())?.is_empty());
    /// let trail = registry.audit(&AuditFilter::default())?;
    /// assert_eq!(trail[0].action, "read audit log");
    /// let employee = registry.with_actor(Actor::Employee("10023".into()));
    /// assert!(employee.audit(&AuditFilter::default()).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.require_hr("read the audit log")?;
        let since = filter.since.map(|d| d.format("%Y-%m-%d").to_string());
        let mut stmt = self.connection().prepare(
            "SELECT id, at, actor, action, employee_no, detail, via FROM audit_log
             WHERE (?1 IS NULL OR employee_no = ?1) AND (?2 IS NULL OR at >= ?2)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(params![filter.employee, since], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                employee_no: r.get(4)?,
                detail: r.get(5)?,
                via: r.get(6)?,
            })
        })?;
        let entries: Vec<AuditEntry> = rows.collect::<rusqlite::Result<_>>()?;
        let mut detail = format!("{} row(s)", entries.len());
        if let Some(since) = &since {
            detail = format!("since {since}: {detail}");
        }
        self.log("read audit log", filter.employee.as_deref(), &detail)?;
        Ok(entries)
    }
}
