//! AFL++ target: see `skillreg_fuzz::xapi`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::xapi(data));
}
