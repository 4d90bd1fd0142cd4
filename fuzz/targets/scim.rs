//! AFL++ target: see `skillreg_fuzz::scim`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::scim(data));
}
