//! AFL++ target: see `skillreg_fuzz::answers`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::answers(data));
}
