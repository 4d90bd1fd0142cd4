//! Foreign keys of a sync, checked once before its commit instead of row by row.
//!
//! With `PRAGMA foreign_keys` on, SQLite checks each reference of each row as the row is written:
//! for every evidence row it opens the persons, systems and courses tables and looks the parent
//! up from the root, which was the largest share of a first import beyond the raw insert. A sync
//! writes only references it resolved itself in the same transaction (the person row it has just
//! written or looked up, catalog ids loaded after the catalog was applied), so during the sync's
//! own transaction the registry turns the row-by-row check off and, before the commit, checks
//! every row the run may have written or changed with one query per table ([`check`]). A run
//! that would commit a reference to nothing is rolled back: the same guarantee, paid once.
//!
//! What a sync writes, and how each is checked:
//! - `evidence` and `employments`: rows are only added (evidence is append-only; an employment
//!   is updated in its dates, percent, manager and flag, never in a reference), so the rows with
//!   an id above the largest before the run are checked ([`Written`]); into an empty table, the
//!   whole table with `PRAGMA foreign_key_check`. A sync never deletes a
//!   person, system, course, unit or occupation, so older rows keep their parents.
//! - `source_digests` of the run's source, when any was written.
//! - The catalog tables that hold references (`org_units`, `requirements`, `courses`) and
//!   `source_watermarks`: small, checked whole with `PRAGMA foreign_key_check`.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};

/// The largest row ids of the tables a sync adds rows to, read at the start of the run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    evidence: i64,
    employments: i64,
}

impl Written {
    /// Read inside the run's transaction, before anything is written.
    pub fn before(tx: &Connection) -> Result<Written> {
        let max = |table: &str| -> Result<i64> {
            let id: Option<i64> = tx
                .query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))
                .optional()?
                .flatten();
            Ok(id.unwrap_or(0))
        };
        Ok(Written {
            evidence: max("evidence")?,
            employments: max("employments")?,
        })
    }
}

/// Rows of `evidence` above `after` that name a person, system or course that does not exist.
const EVIDENCE: &str = "
    SELECT count(*) FROM evidence e
    LEFT JOIN persons p ON p.id = e.person_id
    LEFT JOIN systems s ON s.id = e.system_id
    LEFT JOIN courses c ON c.id = e.course_id
    WHERE e.id > ?1
      AND (p.id IS NULL OR s.id IS NULL OR (e.course_id IS NOT NULL AND c.id IS NULL))";

/// Rows of `employments` above `after` that name a person, unit or occupation that does not
/// exist.
const EMPLOYMENTS: &str = "
    SELECT count(*) FROM employments e
    LEFT JOIN persons p ON p.id = e.person_id
    LEFT JOIN org_units u ON u.id = e.unit_id
    LEFT JOIN occupations o ON o.id = e.occupation_id
    WHERE e.id > ?1 AND (p.id IS NULL OR u.id IS NULL OR o.id IS NULL)";

/// Digests of source `?1` kept for a person who does not exist.
const DIGESTS: &str = "
    SELECT count(*) FROM source_digests d
    LEFT JOIN persons p ON p.id = d.person_id
    WHERE d.source = ?1 AND p.id IS NULL";

/// Small tables checked whole.
const WHOLE: [&str; 4] = ["org_units", "requirements", "courses", "source_watermarks"];

/// Checks every reference the run may have written since `written` was read (and the digests
/// of `digests_of`, if the run wrote any). `Err` names each table with references to nothing
/// and how many: the caller rolls the run back.
pub(crate) fn check(tx: &Connection, written: &Written, digests_of: Option<&str>) -> Result<()> {
    let mut broken = Vec::new();
    for (table, query, after) in [
        ("evidence", EVIDENCE, written.evidence),
        ("employments", EMPLOYMENTS, written.employments),
    ] {
        let n = match after {
            // Every row is new (a first import): SQLite's own check of the whole table, which
            // costs about half the query's per row.
            0 => whole(tx, table)?,
            // SQLite gives a new row the largest id plus one, unless the largest is i64::MAX:
            // then anywhere, and the whole table is checked.
            i64::MAX => whole(tx, table)?,
            after => tx.query_row(query, [after], |r| r.get(0))?,
        };
        if n > 0 {
            broken.push(format!("{table}: {n}"));
        }
    }
    if let Some(source) = digests_of {
        let n: i64 = tx.query_row(DIGESTS, [source], |r| r.get(0))?;
        if n > 0 {
            broken.push(format!("source_digests: {n}"));
        }
    }
    for table in WHOLE {
        let n = whole(tx, table)?;
        if n > 0 {
            broken.push(format!("{table}: {n}"));
        }
    }
    if broken.is_empty() {
        Ok(())
    } else {
        Err(Error::Corrupt(format!(
            "the sync would have written rows that refer to nothing ({}); nothing was written",
            broken.join(", ")
        )))
    }
}

/// The rows of `table` whose references name nothing (`PRAGMA foreign_key_check`).
fn whole(tx: &Connection, table: &str) -> Result<i64> {
    let mut stmt = tx.prepare(&format!("PRAGMA foreign_key_check({table})"))?;
    let n = stmt.query_map([], |_| Ok(()))?.count();
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use rusqlite::params;
    use skillreg_core::sync::SyncConfig;
    use skillreg_testkit::SAMPLE_EXPORT;

    use crate::{Actor, Error, Registry};

    fn count(registry: &Registry, table: &str) -> i64 {
        registry
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_sync_that_would_write_a_reference_to_nothing_is_refused_and_changes_nothing() {
        let mut registry = Registry::open_in_memory(Actor::Hr).unwrap();
        // Every person the sync creates also gets an employment in a unit that does not exist,
        // written inside the sync's transaction (as a fault in the store would).
        registry
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER dangling AFTER INSERT ON persons BEGIN
                   INSERT INTO employments (person_id, unit_id, occupation_id, start_day)
                   VALUES (new.id, 999999, (SELECT min(id) FROM occupations), 0);
                 END",
            )
            .unwrap();
        let mut source = skillreg_wlx::WlxReader::new(SAMPLE_EXPORT).unwrap();
        let err = registry
            .sync(&mut source, "sample-export.xml", &SyncConfig::default())
            .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::Corrupt(_)), "{message}");
        assert!(message.contains("employments: "), "{message}");
        for table in [
            "persons",
            "employments",
            "evidence",
            "systems",
            "source_digests",
        ] {
            assert_eq!(count(&registry, table), 0, "{table} after a refused sync");
        }
        let outcome: String = registry
            .conn
            .query_row("SELECT outcome FROM sync_runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(outcome, "failed");

        // Without the fault the same file goes in, and enforcement is on again afterwards.
        registry
            .conn
            .execute_batch("DROP TRIGGER dangling")
            .unwrap();
        let mut source = skillreg_wlx::WlxReader::new(SAMPLE_EXPORT).unwrap();
        let report = registry
            .sync(&mut source, "sample-export.xml", &SyncConfig::default())
            .unwrap();
        assert!(report.n_created > 0);
        assert_eq!(count(&registry, "persons") as usize, report.n_created);
        let refused = registry.conn.execute(
            "INSERT INTO evidence (person_id, system_id, kind, level, day, source)
             VALUES (?1, 999999, 0, 1, 0, 'test')",
            params![1],
        );
        assert!(refused.is_err(), "foreign keys are enforced after a sync");
    }

    #[test]
    fn rows_already_held_are_not_checked_again_but_new_ones_are() {
        let mut registry = Registry::open_in_memory(Actor::Hr).unwrap();
        let mut source = skillreg_wlx::WlxReader::new(SAMPLE_EXPORT).unwrap();
        registry
            .sync(&mut source, "sample-export.xml", &SyncConfig::default())
            .unwrap();
        registry
            .conn
            .execute_batch("PRAGMA foreign_keys = OFF")
            .unwrap();
        let tx = registry.conn.unchecked_transaction().unwrap();
        let written = super::Written::before(&tx).unwrap();
        assert!(super::check(&tx, &written, Some("wlx")).is_ok());
        tx.execute(
            "INSERT INTO evidence (person_id, system_id, kind, level, day, source)
             VALUES (424242, (SELECT min(id) FROM systems), 0, 1, 0, 'test')",
            [],
        )
        .unwrap();
        let err = super::check(&tx, &written, None).unwrap_err().to_string();
        assert!(err.contains("evidence: 1"), "{err}");
    }
}
