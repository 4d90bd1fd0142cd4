//! The encodings an XML adapter reads (UTF-8 and the single-byte ones such as ISO-8859-1 and
//! windows-1252) and decoding text in them.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// The message for an encoding the declaration names that is not read.
pub const UNSUPPORTED_ENCODING: &str =
    "unsupported encoding: the file must be UTF-8, ISO-8859-1 or windows-1252";

/// The encoding an XML declaration's `encoding` label names, if it is one that is read: UTF-8
/// or a single-byte encoding (ISO-8859-1 is windows-1252 to the WHATWG labels).
pub fn declared_encoding(label: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label(label).filter(|enc| *enc == UTF_8 || enc.is_single_byte())
}

/// `bytes` decoded in `encoding`; `Err` holds a lossy decoding (with replacement characters)
/// when they are not valid in it.
#[inline]
pub fn decode<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, String> {
    if encoding == UTF_8 {
        std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| String::from_utf8_lossy(bytes).into_owned())
    } else {
        encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| decode_lossy(encoding, bytes))
    }
}

/// `bytes` decoded in `encoding`, with replacement characters where they are bad.
pub fn decode_lossy(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use encoding_rs::{UTF_16LE, WINDOWS_1252};

    use super::*;

    #[test]
    fn labels() {
        assert_eq!(declared_encoding(b"UTF-8"), Some(UTF_8));
        assert_eq!(declared_encoding(b"iso-8859-1"), Some(WINDOWS_1252));
        assert_eq!(declared_encoding(b"windows-1252"), Some(WINDOWS_1252));
        assert_eq!(declared_encoding(b"UTF-16"), None);
        assert_eq!(declared_encoding(b"Shift_JIS"), None);
        assert_eq!(declared_encoding(b"nonsense"), None);
        assert_ne!(declared_encoding(b"utf-16le"), Some(UTF_16LE));
    }

    #[test]
    fn decodes_in_the_encoding() {
        assert_eq!(decode(UTF_8, "Åsa".as_bytes()), Ok(Cow::Borrowed("Åsa")));
        assert_eq!(
            decode(WINDOWS_1252, b"\xC5sa \x80").map(Cow::into_owned),
            Ok("Åsa €".to_string())
        );
        assert_eq!(decode(UTF_8, b"\xC5sa"), Err("\u{FFFD}sa".to_string()));
    }

    #[test]
    fn lossy_utf8_is_the_same_either_way() {
        // The standard library and encoding_rs replace the same maximal subparts.
        for bad in [
            &b"\xC5sa"[..],
            b"a\xE2\x82b",
            b"\xF0\x9F\x98",
            b"\xED\xA0\x80x",
            b"\xC0\xAF",
            b"\xFF\xFE\xFD",
            b"ok\xE2\x82\xAC\xE2",
        ] {
            assert_eq!(decode(UTF_8, bad), Err(decode_lossy(UTF_8, bad)), "{bad:?}");
        }
    }
}
