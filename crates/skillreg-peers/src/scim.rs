//! Starts a real SCIM 2.0 server (scim2-server) on loopback (filled in with its adapter's tests).
