//! AFL++ target: see `skillreg_fuzz::catalog`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::catalog(data));
}
