//! AFL++ target: see `skillreg_fuzz::paxml`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::paxml(data));
}
