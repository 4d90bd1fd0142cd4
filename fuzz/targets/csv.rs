//! AFL++ target: see `skillreg_fuzz::csv`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::csv(data));
}
