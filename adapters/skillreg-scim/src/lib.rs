//! skillreg-scim (work in progress).
