//! The registry's sync runs and their log.

use super::*;

/// One row of the sync run log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunRecord {
    /// Run id.
    pub id: i64,
    /// Adapter.
    pub source: String,
    /// Input name (file).
    pub input: Option<String>,
    /// Input digest.
    pub digest: Option<String>,
    /// When it started (UTC).
    pub started_at: String,
    /// How long it took.
    pub duration_ms: i64,
    /// `applied`, `dry_run`, `refused`, `guard_tripped` or `failed`.
    pub outcome: String,
    /// People created, updated, terminated, reactivated; evidence added. In JSON an object that
    /// names them (`{"created": 8, "updated": 0, ...}`), as the nightly summary does.
    #[serde(with = "named_counts")]
    #[cfg_attr(feature = "openapi", schema(value_type = named_counts::Named))]
    pub counts: [i64; 5],
    /// Error message, for runs that did not apply.
    pub message: Option<String>,
    /// `people` (the source owns people and employments) or `evidence`.
    pub role: String,
    /// Warnings (records the source named but that were left alone, and why).
    pub n_warnings: i64,
    /// People named by the source but left alone.
    pub n_skipped: i64,
}

impl Registry {
    /// Syncs the registry with one snapshot (see [`skillreg_core::sync`]): everything is applied
    /// in one transaction, or nothing is. Every run, refused or not, is recorded in the run log.
    ///
    /// Foreign keys hold for what a sync commits, but they are checked once, before the commit,
    /// rather than row by row (see [`references`](super::references)): a run that would leave
    /// a reference to nothing is rolled back as `failed` and changes nothing.
    pub fn sync<S: Snapshot + ?Sized>(
        &mut self,
        source: &mut S,
        input: &str,
        config: &SyncConfig,
    ) -> Result<SyncReport> {
        // SQLite changes this setting only outside a transaction (inside one, it is left as it
        // is and every row is checked as it is written, which is slower but as safe).
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let outcome = self.sync_checked_at_commit(source, input, config);
        let restored = self.conn.pragma_update(None, "foreign_keys", true);
        let report = outcome?;
        restored?;
        Ok(report)
    }

    /// [`Registry::sync`] with foreign keys checked by [`references::check`](super::references)
    /// before the commit.
    fn sync_checked_at_commit<S: Snapshot + ?Sized>(
        &mut self,
        source: &mut S,
        input: &str,
        config: &SyncConfig,
    ) -> Result<SyncReport> {
        let claimed = source.header().source.clone();
        self.check_source(&claimed, "sync a snapshot from")?;
        let stamp = self.stamp();
        self.forget_rules();
        // People who left before the retention cutoff are not created (see
        // `erase_terminated_before`).
        let cutoff = self.retention_cutoff()?;
        let started = Instant::now();
        let started_at = now();
        let header = source.header().clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO sync_runs (source, input, exported_at, started_at, outcome)
             VALUES (?1, ?2, ?3, ?4, 'running')",
            params![header.source, input, header.exported_at, started_at],
        )?;
        let run_id = tx.last_insert_rowid();
        let written_after = super::references::Written::before(&tx)?;
        let wrote_digests;
        let mut forgotten = 0;
        let outcome = {
            let mut target = TxTarget {
                conn: &tx,
                ids: Ids::load(&tx)?,
                origin: Origin {
                    source: header.source.clone(),
                    run_id: Some(run_id),
                    entered_by: None,
                },
                role: config.role,
                last_looked_up: None,
                wrote_digests: false,
            };
            let mut source = crate::subject::LeaveOutLongGone::new(source, &tx, cutoff);
            let outcome = sync::run(&mut source, &mut target, config);
            wrote_digests = target.wrote_digests;
            if outcome.is_ok() && !config.dry_run {
                forgotten = source.forget_references(&tx)?;
            }
            outcome
        };
        let digest = source.digest();
        let elapsed = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let log = |conn: &Connection,
                   outcome: &str,
                   report: Option<&SyncReport>,
                   message: Option<String>| {
            stamp.write_via(
                conn,
                "sync",
                None,
                &sync_detail(&header.source, input, outcome, report),
                &stamp.sync_via(run_id),
            )?;
            log_run(
                conn,
                run_id,
                &header.source,
                input,
                &header.exported_at,
                &started_at,
                elapsed,
                outcome,
                report,
                message,
                digest.clone(),
                config.role,
            )?;
            Ok::<(), Error>(())
        };
        match outcome {
            Ok(report) if !config.dry_run => {
                if let Some(w) = &report.watermark {
                    tx.execute(
                        "INSERT INTO source_watermarks (key, value, run_id, updated_at)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                           run_id = excluded.run_id, updated_at = excluded.updated_at",
                        params![w.key, w.value, run_id, now()],
                    )?;
                }
                let digests_of = wrote_digests.then_some(header.source.as_str());
                if let Err(broken) = super::references::check(&tx, &written_after, digests_of) {
                    tx.rollback()?;
                    log(&self.conn, "failed", None, Some(broken.to_string()))?;
                    return Err(broken);
                }
                log(&tx, "applied", Some(&report), None)?;
                tx.commit()?;
                if forgotten > 0 {
                    self.flush_write_ahead_log()?;
                }
                Ok(report)
            }
            Ok(report) => {
                tx.rollback()?;
                log(&self.conn, "dry_run", Some(&report), None)?;
                Ok(report)
            }
            Err(SyncError::Refused { problems, n_more }) => {
                tx.rollback()?;
                let err = Error::Refused {
                    input: input.to_string(),
                    problems,
                    n_more,
                };
                let first = match &err {
                    Error::Refused { problems, .. } => {
                        problems.first().map(|p| format!("{err}; first: {p}"))
                    }
                    _ => None,
                };
                log(&self.conn, "refused", None, first)?;
                Err(err)
            }
            Err(SyncError::GuardTripped { limit, report }) => {
                tx.rollback()?;
                let err = Error::GuardTripped { limit, report };
                let report = match &err {
                    Error::GuardTripped { report, .. } => Some(report.as_ref()),
                    _ => None,
                };
                log(&self.conn, "guard_tripped", report, Some(err.to_string()))?;
                Err(err)
            }
            Err(SyncError::Store(e)) => {
                tx.rollback()?;
                log(&self.conn, "failed", None, Some(crate::error::chain(&e)))?;
                Err(e.into())
            }
            Err(other) => {
                tx.rollback()?;
                log(&self.conn, "failed", None, Some(other.to_string()))?;
                Err(Error::Corrupt(other.to_string()))
            }
        }
    }

    /// Logs a run that was refused before it could start (e.g. a file whose header is not a
    /// supported export), so that the run log shows every attempt.
    pub fn record_refused_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        message: &str,
    ) -> Result<()> {
        self.record_unread_run(source, role, input, "refused", message)
    }

    /// Logs a run whose source could not be read for a reason that is not the input's fault (the
    /// service did not answer, a secret is missing): outcome `failed`.
    pub fn record_failed_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        message: &str,
    ) -> Result<()> {
        self.record_unread_run(source, role, input, "failed", message)
    }

    pub(super) fn record_unread_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        outcome: &str,
        message: &str,
    ) -> Result<()> {
        self.check_source(source, "log a run of")?;
        let stamp = self.stamp();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO sync_runs (source, input, started_at, outcome, message, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![source, input, now(), outcome, message, role.name()],
        )?;
        let run_id = tx.last_insert_rowid();
        stamp.write_via(
            &tx,
            "sync",
            None,
            &sync_detail(source, input, outcome, None),
            &stamp.sync_via(run_id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The watermark an incremental source last recorded under `key` (see
    /// [`skillreg_core::Watermark`]): where its next sync resumes. `None` before its first sync.
    pub fn watermark(&self, key: &str) -> Result<Option<String>> {
        self.check_sync_job("read where a source's sync resumes")?;
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM source_watermarks WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The sync run log, newest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        self.require_hr("read the sync run log")?;
        let mut stmt = self.conn.prepare(
            "SELECT id, source, input, digest, started_at, duration_ms, outcome, n_created,
                    n_updated, n_terminated, n_reactivated, n_evidence, message, role,
                    n_warnings, n_skipped
             FROM sync_runs ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RunRecord {
                id: r.get(0)?,
                source: r.get(1)?,
                input: r.get(2)?,
                digest: r.get(3)?,
                started_at: r.get(4)?,
                duration_ms: r.get(5)?,
                outcome: r.get(6)?,
                counts: [r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
                message: r.get(12)?,
                role: r.get(13)?,
                n_warnings: r.get(14)?,
                n_skipped: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[allow(clippy::too_many_arguments)]
fn log_run(
    conn: &Connection,
    run_id: i64,
    source: &str,
    input: &str,
    exported_at: &str,
    started_at: &str,
    duration_ms: i64,
    outcome: &str,
    report: Option<&SyncReport>,
    message: Option<String>,
    digest: Option<String>,
    role: SourceRole,
) -> rusqlite::Result<()> {
    let c = |f: fn(&SyncReport) -> usize| report.map_or(0, |r| f(r) as i64);
    conn.execute(
        "INSERT INTO sync_runs (id, source, input, digest, exported_at, started_at, duration_ms, outcome,
                               n_seen, n_created, n_updated, n_terminated, n_reactivated, n_evidence, message,
                               role, n_warnings, n_skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, duration_ms = excluded.duration_ms,
           outcome = excluded.outcome, n_seen = excluded.n_seen, n_created = excluded.n_created,
           n_updated = excluded.n_updated, n_terminated = excluded.n_terminated,
           n_reactivated = excluded.n_reactivated, n_evidence = excluded.n_evidence,
           message = excluded.message, role = excluded.role, n_warnings = excluded.n_warnings,
           n_skipped = excluded.n_skipped",
        params![
            run_id,
            source,
            input,
            digest,
            exported_at,
            started_at,
            duration_ms,
            outcome,
            c(|r| r.n_seen),
            c(|r| r.n_created),
            c(|r| r.n_updated),
            c(|r| r.n_terminated),
            c(|r| r.n_reactivated),
            c(|r| r.n_evidence),
            message,
            role.name(),
            c(|r| r.n_warnings),
            c(|r| r.n_skipped),
        ],
    )?;
    Ok(())
}

/// A sync's row in the audit trail: source, input, outcome and counts.
fn sync_detail(source: &str, input: &str, outcome: &str, report: Option<&SyncReport>) -> String {
    let counts = report.map_or_else(String::new, |r| {
        format!(
            ": {} created, {} updated, {} terminated, {} reactivated, {} evidence",
            r.n_created, r.n_updated, r.n_terminated, r.n_reactivated, r.n_evidence
        )
    });
    format!("{source} {input} {outcome}{counts}")
}

/// A run's counts in JSON: an object naming each (`created`, `updated`, `terminated`,
/// `reactivated`, `evidence`), the names the nightly summary uses, not a bare array.
mod named_counts {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A run's counts by name.
    #[derive(Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub(super) struct Named {
        created: i64,
        updated: i64,
        terminated: i64,
        reactivated: i64,
        evidence: i64,
    }

    pub fn serialize<S: Serializer>(counts: &[i64; 5], s: S) -> Result<S::Ok, S::Error> {
        let [created, updated, terminated, reactivated, evidence] = *counts;
        Named {
            created,
            updated,
            terminated,
            reactivated,
            evidence,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[i64; 5], D::Error> {
        let n = Named::deserialize(d)?;
        Ok([
            n.created,
            n.updated,
            n.terminated,
            n.reactivated,
            n.evidence,
        ])
    }
}
