//! The store's integration tests, one module per subject, in one test binary (a binary of its
//! own per file would link the store and SQLite once for each).

mod access;
mod audience;
mod audit;
mod files;
mod groups;
mod idempotency;
mod migrations;
mod prop;
mod reports;
mod roles;
mod rounds;
mod statements;
mod steering;
mod tokens;
mod unit_view;
mod write_lock;
