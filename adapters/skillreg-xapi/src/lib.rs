//! skillreg-xapi (work in progress).
