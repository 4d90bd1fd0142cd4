//! The sync engine (in progress).
