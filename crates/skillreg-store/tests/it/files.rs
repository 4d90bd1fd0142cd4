//! The registry's files on disk: who may read them, and what is not a registry.

use skillreg_store::{Actor, Registry};

/// The permission bits of `path`.
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn registry_wal_and_shm_are_created_0600_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("skillreg.db");
    let registry = Registry::open(&db, Actor::Hr).unwrap();
    // Creating the schema wrote through the WAL: all three files exist while it is open.
    assert!(registry.schema_version().unwrap() > 0);
    for file in ["skillreg.db", "skillreg.db-wal", "skillreg.db-shm"] {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
    }
    drop(registry);
    // Opened again (an existing file), the mode stays.
    let registry = Registry::open_existing(&db, Actor::Hr).unwrap();
    assert!(registry.schema_version().unwrap() > 0);
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn zero_byte_db_is_not_turned_into_a_registry_by_open_existing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let err = Registry::open_existing(&db, Actor::Hr)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("not a registry"), "{err}");
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        0,
        "the file is left empty"
    );
    assert!(!dir.path().join("empty.db-wal").exists());
}
