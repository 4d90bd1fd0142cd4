//! skillreg-paxml (work in progress).
