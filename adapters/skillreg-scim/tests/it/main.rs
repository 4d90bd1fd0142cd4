//! The SCIM adapter's integration tests, against a real SCIM 2.0 server (scim2-server) started on
//! loopback, and on generated input, in one test binary.

mod fuzz;
mod gender;
mod scim;
