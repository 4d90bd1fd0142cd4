//! Erasure of the people who left ([`Registry::erase_terminated_before`]), and the wrapper
//! that keeps a sync from bringing them back ([`LeaveOutLongGone`]). The rules are in the
//! documentation of the parent module.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use skillreg_core::snapshot::{SnapshotHeader, SourceEnd};
use skillreg_core::{Problem, SourceCatalog};

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql::{day_col, to_day};

/// What [`Registry::erase_terminated_before`] did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Erasure {
    /// Everyone whose every employment ended before this day.
    pub cutoff: NaiveDate,
    /// People erased.
    pub n_people: u64,
    /// Employments of others whose manager number was removed.
    pub n_manager_links: u64,
    /// Evidence whose assessor number was removed.
    pub n_assessor_links: u64,
    /// Audit trail rows whose mention of an erased number now says `erased-<n>` instead.
    pub n_audit_rows: u64,
    /// Run log messages (the problems of refused syncs) that quoted an erased person's number,
    /// name or email and no longer do.
    pub n_run_log_rows: u64,
    /// Nothing was written.
    pub dry_run: bool,
}

impl Registry {
    /// the module documentation for what is kept and why), in one transaction. With `dry_run`
    /// nothing is written and the counts say what would be.
    ///
    /// ```
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let cutoff = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?;
    /// // 10041 left on 2026-06-30.
    /// assert_eq!(registry.erase_terminated_before(cutoff, false)?.n_people, 1);
    /// assert!(registry.employee("10041").is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn erase_terminated_before(&mut self, cutoff: NaiveDate, dry_run: bool) -> Result<Erasure> {
        self.require_hr("erase the personal data of people who left")?;
        let cutoff_day = to_day(cutoff);
        // Overwrite what is deleted or replaced with zeros, so the old names do not linger in
        // the file's free space.
        self.connection()
            .pragma_update(None, "secure_delete", true)?;
        let tx = self.transaction()?;
        let people: Vec<Leaver> = {
            let mut stmt = tx.prepare(
                "SELECT p.id, p.employee_no, p.given_name, p.family_name, p.email FROM persons p
                 JOIN employments e ON e.person_id = p.id
                 WHERE p.employee_no NOT LIKE 'erased-%'
                 GROUP BY p.id
                 HAVING count(*) = count(e.end_day) AND max(e.end_day) < ?1",
            )?;
            stmt.query_map([cutoff_day], |r| {
                Ok(Leaver {
                    id: r.get(0)?,
                    employee_no: r.get(1)?,
                    names: [
                        r.get(2)?,
                        r.get(3)?,
                        r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    ],
                })
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        let mut erasure = Erasure {
            cutoff,
            n_people: people.len() as u64,
            n_manager_links: 0,
            n_assessor_links: 0,
            n_audit_rows: 0,
            n_run_log_rows: 0,
            dry_run,
        };
        tx.execute("INSERT OR IGNORE INTO erasing (one) VALUES (1)", [])?;
        for leaver in &people {
            let (id, employee_no) = (leaver.id, leaver.employee_no.as_str());
            let pseudonym = format!("erased-{id}");
            erasure.n_manager_links += tx.execute(
                "UPDATE employments SET manager_no = NULL WHERE manager_no = ?1",
                [employee_no],
            )? as u64;
            erasure.n_assessor_links += tx.execute(
                "UPDATE evidence SET assessor = NULL WHERE kind = 1 AND assessor = ?1",
                [employee_no],
            )? as u64;
            tx.execute("DELETE FROM source_digests WHERE person_id = ?1", [id])?;
            erasure.n_audit_rows += pseudonymise_audit(&tx, employee_no, &pseudonym)?;
            erasure.n_run_log_rows += scrub_run_log(&tx, leaver, &pseudonym)?;
            tx.execute(
                "UPDATE talks SET held_by = NULL WHERE held_by = ?1",
                [employee_no],
            )?;
            crate::tokens::erase_number(&tx, employee_no, &pseudonym)?;
            crate::idempotency::erase_number(&tx, employee_no)?;
            for (table, column) in [
                ("evidence", "entered_by"),
                ("referrals", "referred_by"),
                ("rounds", "opened_by"),
                ("talks", "recorded_by"),
            ] {
                replace_in_column(&tx, table, column, employee_no, &pseudonym)?;
            }
            tx.execute(
                "UPDATE persons SET employee_no = 'erased-' || id, given_name = '', family_name = '',
                        email = NULL, digest = NULL, gender = NULL WHERE id = ?1",
                [id],
            )?;
        }
        // What keeps them out from now on: the cutoff, never who they were.
        tx.execute(
            "INSERT INTO retention (one, cutoff_day) VALUES (1, ?1)
             ON CONFLICT (one) DO UPDATE SET cutoff_day = max(cutoff_day, excluded.cutoff_day)",
            [cutoff_day],
        )?;
        tx.execute("DELETE FROM erasing", [])?;
        if dry_run {
            tx.rollback()?;
            return Ok(erasure);
        }
        tx.commit()?;
        self.log(
            "erase people who left",
            None,
            &format!(
                "{} people whose every employment ended before {cutoff}",
                erasure.n_people
            ),
        )?;
        // The old pages also live in the write-ahead log until a checkpoint copies it back over
        // them; a reader of an older state keeps them alive. Run again, this finishes the job.
        let (busy, log, checkpointed): (i64, i64, i64) =
            self.connection()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 || log != checkpointed {
            return Err(Error::ErasureUnfinished {
                n_people: erasure.n_people,
            });
        }
        Ok(erasure)
    }

    /// The latest erasure's cutoff: a person the registry does not hold whose every employment
    /// ended before it is not created by a sync.
    pub(crate) fn retention_cutoff(&self) -> Result<Option<NaiveDate>> {
        Ok(self
            .connection()
            .query_row("SELECT cutoff_day FROM retention WHERE one = 1", [], |r| {
                day_col(r, 0)
            })
            .optional()?)
    }
}

/// A person about to be erased: their row, number, and the names and email to scrub.
struct Leaver {
    id: i64,
    employee_no: String,
    /// Given name, family name, email (empty when there is none).
    names: [String; 3],
}

/// The run log's messages that quote the leaver (a refused sync's first problem may quote
/// their number, name or email, and values near them that a scrub could not know, such as a
/// misspelt name): the problem is dropped, the summary before it kept with the number
/// replaced by `pseudonym` and the names and email by `[erased]`. Returns the rows changed.
fn scrub_run_log(tx: &Connection, leaver: &Leaver, pseudonym: &str) -> Result<u64> {
    let [given, family, email] = &leaver.names;
    let mut replacements: Vec<(&str, &str)> = vec![(leaver.employee_no.as_str(), pseudonym)];
    for text in [email.as_str(), family.as_str(), given.as_str()] {
        if !text.trim().is_empty() {
            replacements.push((text, "[erased]"));
        }
    }
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, message FROM sync_runs WHERE message IS NOT NULL")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut n = 0;
    for (id, message) in rows {
        let scrubbed = replacements
            .iter()
            .fold(message.clone(), |text, (from, to)| {
                replace_number(&text, from, to)
            });
        if scrubbed == message {
            continue;
        }
        let scrubbed = match scrubbed.split_once("; first: ") {
            Some((summary, _)) => {
                format!("{summary}; first: (removed: it named a person whose data was erased)")
            }
            None => scrubbed,
        };
        n += tx.execute(
            "UPDATE sync_runs SET message = ?2 WHERE id = ?1",
            params![id, scrubbed],
        )? as u64;
    }
    Ok(n)
}

/// Replaces the whole-word `number` in `table.column` (who entered, referred or opened
/// something) with `with`.
fn replace_in_column(
    tx: &Connection,
    table: &str,
    column: &str,
    number: &str,
    with: &str,
) -> Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT rowid, {column} FROM {table} WHERE instr({column}, ?1)"
        ))?;
        stmt.query_map([number], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (rowid, text) in rows {
        let replaced = replace_number(&text, number, with);
        if replaced != text {
            tx.execute(
                &format!("UPDATE {table} SET {column} = ?2 WHERE rowid = ?1"),
                params![rowid, replaced],
            )?;
        }
    }
    Ok(())
}

/// `text` with every whole-word `number` (not part of a longer number or word) replaced.
fn replace_number(text: &str, number: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(number) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + number.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) {
            number
        } else {
            with
        });
        rest = &rest[at + number.len()..];
    }
    out.push_str(rest);
    out
}

/// Replaces an erased employee number in the audit trail (whose record was read, by whom,
/// through which command) with the erased person's new name, so that the trail still shows who
/// did what to the same pseudonymous person without naming them. Returns the rows changed.
fn pseudonymise_audit(tx: &Connection, number: &str, with: &str) -> Result<u64> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, employee_no, actor, detail, via FROM audit_log
             WHERE employee_no = ?1 OR instr(actor, ?1) OR instr(detail, ?1) OR instr(via, ?1)",
        )?;
        stmt.query_map([number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut n = 0;
    for (id, employee_no, actor, detail, via) in rows {
        let employee_no = employee_no.map(|e| if e == number { with.to_string() } else { e });
        n += tx.execute(
            "UPDATE audit_log SET employee_no = ?2, actor = ?3, detail = ?4, via = ?5 WHERE id = ?1",
            params![
                id,
                employee_no,
                replace_number(&actor, number, with),
                replace_number(&detail, number, with),
                replace_number(&via, number, with)
            ],
        )? as u64;
    }
    Ok(n)
}

/// A snapshot with the people who left before the registry's retention cutoff left out (see
/// the module documentation): a record of someone the registry does not hold loses the
/// employments that ended before the cutoff, and is skipped with a warning if none is left.
/// References to the people skipped so are dropped here (those named before their record) or
/// by [`LeaveOutLongGone::forget_references`] after the sync (those named after it).
pub(crate) struct LeaveOutLongGone<'a, S: skillreg_core::Snapshot + ?Sized> {
    inner: &'a mut S,
    /// The registry, inside the sync's transaction: whether it holds a number.
    conn: &'a Connection,
    cutoff: Option<NaiveDate>,
    gone: HashSet<String>,
    warnings: Vec<Problem>,
}

impl<'a, S: skillreg_core::Snapshot + ?Sized> LeaveOutLongGone<'a, S> {
    pub(crate) fn new(inner: &'a mut S, conn: &'a Connection, cutoff: Option<NaiveDate>) -> Self {
        LeaveOutLongGone {
            inner,
            conn,
            cutoff,
            gone: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    fn holds(&self, employee_no: &str) -> rusqlite::Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM persons WHERE employee_no = ?1)")?;
        stmt.query_row([employee_no], |r| r.get(0))
    }

    /// After the sync, in its transaction: references to the people left out, named before
    /// their record was read, name nobody and are removed (their old bytes overwritten with
    /// zeros). Returns how many were removed; the caller checkpoints the write-ahead log after
    /// the commit when there were any, so that the number does not linger in it.
    pub(crate) fn forget_references(&self, tx: &Connection) -> Result<usize> {
        if self.gone.is_empty() {
            return Ok(0);
        }
        tx.pragma_update(None, "secure_delete", true)?;
        tx.execute("INSERT OR IGNORE INTO erasing (one) VALUES (1)", [])?;
        let mut n = 0;
        for no in &self.gone {
            if self.holds(no)? {
                continue;
            }
            n += tx.execute(
                "UPDATE employments SET manager_no = NULL WHERE manager_no = ?1",
                [no],
            )?;
            n += tx.execute(
                "UPDATE evidence SET assessor = NULL WHERE kind = 1 AND assessor = ?1",
                [no],
            )?;
        }
        tx.execute("DELETE FROM erasing", [])?;
        Ok(n)
    }
}

impl<S: skillreg_core::Snapshot + ?Sized> skillreg_core::Snapshot for LeaveOutLongGone<'_, S> {
    fn header(&self) -> &SnapshotHeader {
        self.inner.header()
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        self.inner.catalog()
    }

    fn next_person(&mut self) -> Result<Option<skillreg_core::PersonRecord>, Vec<Problem>> {
        let Some(cutoff) = self.cutoff else {
            return self.inner.next_person();
        };
        loop {
            let Some(mut record) = self.inner.next_person()? else {
                return Ok(None);
            };
            // A reference to someone left out names nobody the registry may know.
            for e in &mut record.employments {
                if e.manager.as_deref().is_some_and(|m| self.gone.contains(m)) {
                    e.manager = None;
                }
            }
            for e in &mut record.evidence {
                if let skillreg_core::EvidenceRecord::Competence { assessor, .. } = e
                    && assessor.as_deref().is_some_and(|a| self.gone.contains(a))
                {
                    *assessor = None;
                }
            }
            let ended_before =
                |e: &skillreg_core::EmploymentRecord| e.end.is_some_and(|end| end < cutoff);
            if !record.employments.iter().any(ended_before) {
                return Ok(Some(record));
            }
            let held = self.holds(&record.employee_no).map_err(|e| {
                vec![Problem::new(
                    &record.location,
                    None,
                    format!("cannot look the person up in the registry: {e}"),
                )]
            })?;
            if held {
                return Ok(Some(record));
            }
            record.employments.retain(|e| !ended_before(e));
            if !record.employments.is_empty() {
                // Someone rehired comes back as a new person with the later employments only.
                if !record.employments.iter().any(|e| e.primary)
                    && let Some(first) = record.employments.first_mut()
                {
                    first.primary = true;
                }
                return Ok(Some(record));
            }
            self.warnings.push(Problem::new(
                &record.location,
                None,
                format!(
                    "left out: every employment of this person ended before {cutoff}, the \
                     registry's retention cutoff, so nothing about them is kept (a new \
                     employment would bring them in)"
                ),
            ));
            self.gone.insert(record.employee_no);
        }
    }

    fn digest(&self) -> Option<String> {
        self.inner.digest()
    }

    fn finish(&mut self) -> SourceEnd {
        let mut end = self.inner.finish();
        end.warnings.append(&mut self.warnings);
        end.gone.extend(self.gone.iter().cloned());
        end
    }

    fn field_name(&self, field: skillreg_core::Field) -> &str {
        self.inner.field_name(field)
    }

    fn give_back(&mut self, record: skillreg_core::PersonRecord) {
        self.inner.give_back(record);
    }
}

#[cfg(test)]
mod tests {
    use super::replace_number;

    #[test]
    fn only_whole_numbers_are_replaced() {
        assert_eq!(
            replace_number("skillreg brief 10041 --since 10041-x", "10041", "erased-8"),
            "skillreg brief erased-8 --since 10041-x"
        );
        assert_eq!(
            replace_number("manager:10041", "10041", "erased-8"),
            "manager:erased-8"
        );
        assert_eq!(
            replace_number("100410 and 210041", "10041", "erased-8"),
            "100410 and 210041"
        );
    }
}
