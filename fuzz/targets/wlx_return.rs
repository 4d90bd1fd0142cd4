//! AFL++ target: see `skillreg_fuzz::wlx_return`.
fn main() {
    afl::fuzz!(|data: &[u8]| skillreg_fuzz::wlx_return(data));
}
