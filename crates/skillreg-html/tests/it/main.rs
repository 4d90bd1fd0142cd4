//! The renderers' integration tests, in one test binary.

mod pages;
mod progress;
