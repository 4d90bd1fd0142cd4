//! Counting lines and columns over the bytes a parser consumed.

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many characters `bytes` hold: UTF-8 continuation bytes are not counted when `utf8`,
/// every byte is one character otherwise (single-byte encodings).
#[inline]
pub fn count_chars(utf8: bool, bytes: &[u8]) -> u64 {
    let n = if utf8 {
        count_bytes(bytes, |b| (b & 0xC0) != 0x80)
    } else {
        bytes.len()
    };
    n as u64
}

/// How many line feeds `bytes` hold.
#[inline]
pub fn count_newlines(bytes: &[u8]) -> u64 {
    count_bytes(bytes, |b| b == b'\n') as u64
}

/// How many bytes of `bytes` are `which`. Counted in chunks of 255 bytes with a byte-sized sum,
/// which the compiler turns into full-width vector code (a `usize` count per byte is several
/// times slower, and every byte of a file is counted).
#[inline]
fn count_bytes(bytes: &[u8], which: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, b| n.wrapping_add(u8::from(which(*b))));
            usize::from(n)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_in_utf8_and_single_byte() {
        let text = "åäö\nabc".as_bytes();
        assert_eq!(count_chars(true, text), 7);
        assert_eq!(count_chars(false, text), 10);
        assert_eq!(count_newlines(text), 1);
        // Longer than one chunk of 255 bytes, where the byte-sized sum would wrap.
        let long = "å\n".repeat(300);
        assert_eq!(count_chars(true, long.as_bytes()), 600);
        assert_eq!(count_newlines(long.as_bytes()), 300);
    }
}
