//! skillreg-csv (work in progress).
