//! AFL++ target: see `skillreg_fuzz::wlx_export`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::wlx_export(data));
}
