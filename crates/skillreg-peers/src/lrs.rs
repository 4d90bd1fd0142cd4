//! Starts a real xAPI learning record store (ralph) on loopback (filled in with its adapter's tests).
