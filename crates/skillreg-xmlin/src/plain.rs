//! Text elements written plainly, which an adapter may read without the parser.

use encoding_rs::Encoding;
use skillreg_core::limits::MAX_VALUE_CHARS;

use crate::decode;

/// `<name>text</name>` at the start of `bytes`: its length, name and text. Only a name of ASCII
/// letters, digits, `_`, `-` and `.` (no prefix), no attribute, and text with no `<`, `&` or
/// carriage return, of at most [`MAX_VALUE_CHARS`] bytes (a longer one is the parser's to
/// bound and report).
///
/// An adapter reads such an element, nearly every text element of a file, in one pass over the
/// parser's buffer, where the parser would make three events of it; whatever this does not
/// accept, the parser reads.
///
/// ```
/// use skillreg_xmlin::plain_text_element;
///
/// let (len, name, text) = plain_text_element(b"<fornamn>Anna</fornamn>\n").ok_or("not plain")?;
/// assert_eq!((len, name, text), (23, &b"fornamn"[..], &b"Anna"[..]));
/// assert_eq!(plain_text_element(b"<fornamn>A &amp; B</fornamn>"), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plain_text_element(bytes: &[u8]) -> Option<(usize, &[u8], &[u8])> {
    let after_open = bytes.strip_prefix(b"<")?;
    if !after_open.first()?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = after_open
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))?;
    let (name, after_name) = after_open.split_at(name_len);
    let content = after_name.strip_prefix(b">")?;
    let text_len = memchr::memchr(b'<', content)?;
    let (text, after_text) = content.split_at(text_len);
    if text.len() > MAX_VALUE_CHARS || memchr::memchr2(b'&', b'\r', text).is_some() {
        return None;
    }
    let rest = after_text
        .strip_prefix(b"</")?
        .strip_prefix(name)?
        .strip_prefix(b">")?;
    Some((bytes.len() - rest.len(), name, text))
}

/// The text of a plain text element as the parser's way gives it: decoded in `encoding` and
/// trimmed. `None` if it does not decode: the parser's way then reads it, and reports it.
pub fn plain_text(encoding: &'static Encoding, text: &[u8]) -> Option<String> {
    Some(decode(encoding, text).ok()?.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Option<(usize, String, String)> {
        plain_text_element(s.as_bytes()).map(|(len, name, text)| {
            let text = String::from_utf8_lossy(text).into_owned();
            (len, String::from_utf8_lossy(name).into_owned(), text)
        })
    }

    #[test]
    fn a_plain_text_element_is_read_with_its_length() {
        let s = "<fornamn>Anna</fornamn>\n<efternamn>";
        assert_eq!(plain(s), Some((23, "fornamn".into(), "Anna".into())));
        assert_eq!(
            plain("<x-y.z>é</x-y.z>"),
            Some((17, "x-y.z".into(), "é".into()))
        );
        // Spaces are kept: the caller trims, as the parser's text is trimmed.
        assert_eq!(plain("<a> b </a>"), Some((10, "a".into(), " b ".into())));
        assert_eq!(plain("<a></a>"), Some((7, "a".into(), String::new())));
    }

    #[test]
    fn what_is_not_plain_is_left_to_the_parser() {
        for s in [
            "<a>x &amp; y</a>",                                     // a reference
            "<a>x\r\ny</a>",                                        // a carriage return
            "<a>x<b/>y</a>",                                        // a nested element
            "<a>x<!-- c -->y</a>",                                  // a comment
            "<a>x</b>",                                             // another end tag
            "<a>x</a >",                                            // space in the end tag
            "<a>x</ab>",                                            // a longer end tag
            "<a b=\"1\">x</a>",                                     // an attribute
            "<p:a>x</p:a>",                                         // a prefix
            "<a>x",       // cut off by the end of the buffer
            "<a>x</a",    // the same
            "</a>",       // an end tag
            "<1a>x</1a>", // not a name
            "a>x</a>",    // no tag
            &format!("<a>{}</a>", "x".repeat(MAX_VALUE_CHARS + 1)), // too long
        ] {
            assert_eq!(plain(s), None, "{s:?}");
        }
    }
}
