//! AFL++ target: see `skillreg_fuzz::nightly`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::nightly(data));
}
