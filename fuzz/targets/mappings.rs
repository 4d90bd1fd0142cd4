//! AFL++ target: see `skillreg_fuzz::mappings`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::mappings(data));
}
