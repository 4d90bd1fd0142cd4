//! Forward-only schema migrations, versioned in `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The migrations, in order: index + 1 is the schema version each one produces.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_registry.sql"),
    include_str!("migrations/002_runs_exports.sql"),
    include_str!("migrations/003_requirement_source.sql"),
    include_str!("migrations/004_source_state.sql"),
    include_str!("migrations/005_rounds.sql"),
    include_str!("migrations/006_erasure.sql"),
    include_str!("migrations/007_audit.sql"),
    include_str!("migrations/008_retention.sql"),
    include_str!("migrations/009_course_audience.sql"),
    include_str!("migrations/010_talks.sql"),
    include_str!("migrations/011_groups.sql"),
    include_str!("migrations/012_gender.sql"),
    include_str!("migrations/013_maturity.sql"),
    include_str!("migrations/014_service_tokens.sql"),
    include_str!("migrations/015_idempotency.sql"),
    include_str!("migrations/016_catalog_version.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema version of an open database.
pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` up to `target` (at most [`SCHEMA_VERSION`]): each step in its own transaction.
/// Refuses a database newer than the code.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let target = target.min(SCHEMA_VERSION);
    if found >= target {
        return Ok(());
    }
    // A step may drop what must not linger (schema 8 drops the old erasure hashes): freed pages
    // are overwritten with zeros, and the write-ahead log is emptied afterwards.
    conn.pragma_update(None, "secure_delete", true)?;
    for version in found..target {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    if found > 0 {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}
