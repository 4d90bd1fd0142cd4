//! The core's integration tests, one module per subject, in one test binary.

mod check;
mod common;
mod identifiers;
mod layers;
mod plan;
mod prop;
mod roles;
mod rules;
mod worked_example;
