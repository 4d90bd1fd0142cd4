//! Fast paths for tags written plainly, as nearly every tag of an export is:
//! `<Name key="value" key='value' .../>`, each name once, text that needs no decoding, no line
//! break or tab in a value and no bad reference.
//!
//! Such a tag is read here in one pass over the input, where the general path (quick-xml's event
//! and attribute iterator, then decoding and unescaping each value) takes several. Whatever is
//! not plain makes these functions give up, with nothing consumed or reported: the general path
//! then reads it, with its problems. What they accept, they read as the general path does.

use crate::xml::{Attrs, Tag, is_xml_space};

/// The most attributes a plain tag has.
const MAX_ATTRS: usize = 16;

/// One attribute of a plain tag, as ranges in the tag's content.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    key: (usize, usize),
    value: (usize, usize),
    /// The value holds `&` or a control character.
    special: bool,
}

/// Where the attributes of a plain tag end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// At the end of the bytes (the content of a tag the parser read).
    End,
    /// At the `/>` that ends an empty element.
    EmptyEnd,
}

/// The attributes of the tag content `content` (the name, then the attributes, without `<`,
/// `/` and `>`) into `out`, if they are plain. `single_byte`: the file is in a single-byte
/// encoding (whose ASCII text needs no decoding either).
pub(crate) fn attrs(content: &[u8], name_len: usize, single_byte: bool, out: &mut Attrs) -> bool {
    let mut found = [Found::default(); MAX_ATTRS];
    let Some((n, _)) = scan(content, name_len, Until::End, &mut found) else {
        return false;
    };
    fill(content, single_byte, &found[..n], out)
}

/// The empty element at the start of `input`, if it is whole there and plain: its length in
/// bytes and its name, with its attributes in `out` (none for [`Tag::Other`], whose attributes
/// are not read).
///
/// The parser would read it as an [`Empty`](quick_xml::events::Event::Empty) event, ending at
/// the first `>` outside quotes: in a plain tag, quotes only delimit values, and a `>` outside
/// them can only be that of the `/>` where this stops.
pub(crate) fn empty_element(
    input: &[u8],
    single_byte: bool,
    out: &mut Attrs,
) -> Option<(usize, Tag)> {
    if input.first() != Some(&b'<') || !input.get(1)?.is_ascii_alphabetic() {
        return None;
    }
    let rest = &input[1..];
    let name_len = rest
        .iter()
        .position(|b| is_xml_space(*b) || matches!(b, b'/' | b'>' | b'"' | b'\''))?;
    let mut found = [Found::default(); MAX_ATTRS];
    let (n, slash) = scan(rest, name_len, Until::EmptyEnd, &mut found)?;
    let name = Tag::of(&rest[..name_len]);
    if name == Tag::Other {
        out.clear();
    } else if !fill(&rest[..slash], single_byte, &found[..n], out) {
        return None;
    }
    // `<`, the content, `/>`.
    Some((1 + slash + 2, name))
}

/// What a byte is to [`scan`], one table look-up instead of a chain of comparisons per byte.
const SPACE: u8 = 1;
/// Ends an attribute's name: `=`, space, a quote, `<`, `>` or `/`.
const KEY_END: u8 = 2;
/// Makes a value special: `&` or a control character.
const SPECIAL: u8 = 4;

static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let space = matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
        if space {
            class[b] |= SPACE;
        }
        if space || matches!(byte, b'=' | b'"' | b'\'' | b'<' | b'>' | b'/') {
            class[b] |= KEY_END;
        }
        if byte == b'&' || byte < 0x20 {
            class[b] |= SPECIAL;
        }
        b += 1;
    }
    class
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Finds the attributes of a plain tag in `tag` from `i` (just after the name): how many, and
/// where they end (the end of `tag`, or the `/` of the `/>` after them).
fn scan(
    tag: &[u8],
    mut i: usize,
    until: Until,
    found: &mut [Found; MAX_ATTRS],
) -> Option<(usize, usize)> {
    let mut n = 0;
    loop {
        while tag.get(i).is_some_and(|b| class(*b) & SPACE != 0) {
            i += 1;
        }
        match until {
            Until::End if i == tag.len() => return Some((n, i)),
            Until::EmptyEnd if tag.get(i..)?.starts_with(b"/>") => return Some((n, i)),
            _ => {}
        }
        // The name: not empty, and up to `=`. None of what ends a tag or starts a value.
        let key_start = i;
        i += tag
            .get(i..)?
            .iter()
            .position(|b| class(*b) & KEY_END != 0)?;
        let key = (key_start, i);
        // `=` and a quote right after the name.
        let quote = match (tag.get(i), tag.get(i + 1)) {
            (Some(b'='), Some(&q @ (b'"' | b'\''))) if key.1 > key.0 => q,
            _ => return None,
        };
        // The value, up to the closing quote, noting on the way whether it needs decoding.
        let value_start = i + 2;
        let mut end = value_start;
        let mut classes = 0;
        loop {
            let b = *tag.get(end)?;
            if b == quote {
                break;
            }
            classes |= class(b);
            end += 1;
        }
        let value = (value_start, end);
        i = end + 1;
        let name = tag.get(key.0..key.1)?;
        if n == MAX_ATTRS
            || found[..n]
                .iter()
                .any(|f| f.key.1 - f.key.0 == name.len() && tag.get(f.key.0..f.key.1) == Some(name))
        {
            return None;
        }
        found[n] = Found {
            key,
            value,
            special: classes & SPECIAL != 0,
        };
        n += 1;
    }
}

/// Puts the attributes `found` in `content` into `out`: unescaped, trimmed, empty ones left out.
fn fill(content: &[u8], single_byte: bool, found: &[Found], out: &mut Attrs) -> bool {
    if single_byte && !content.is_ascii() {
        return false;
    }
    // Valid as a whole, so valid between any two ASCII delimiters.
    let Ok(content) = std::str::from_utf8(content) else {
        return false;
    };
    out.clear();
    out.push_text(content);
    for f in found {
        let raw = &content[f.value.0..f.value.1];
        if f.special {
            // Line breaks and tabs are spaces in XML: left to the general path.
            if raw.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                return false;
            }
            if raw.contains('&') {
                let Ok(unescaped) = quick_xml::escape::unescape(raw) else {
                    return false;
                };
                let unescaped = unescaped.trim();
                if !unescaped.is_empty() {
                    out.push_value(f.key, unescaped);
                }
                continue;
            }
        }
        let value = match (raw.as_bytes().first(), raw.as_bytes().last()) {
            // Nothing to trim (the usual case, checked first: `trim` is not cheap).
            (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => f.value,
            _ => {
                let start = f.value.0 + (raw.len() - raw.trim_start().len());
                (start, start + raw.trim().len())
            }
        };
        if value.1 > value.0 {
            out.push_in_text(f.key, value);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan` of the tag content `content` after its name: each attribute's name, value and
    /// whether the value needs decoding, or `None` where the general path must read it.
    fn scanned(content: &str) -> Option<Vec<(String, String, bool)>> {
        let tag = content.as_bytes();
        let name_len = tag.iter().position(|b| *b == b' ').unwrap_or(tag.len());
        let mut found = [Found::default(); MAX_ATTRS];
        let (n, end) = scan(tag, name_len, Until::End, &mut found)?;
        assert_eq!(end, tag.len());
        let text = |(a, b): (usize, usize)| content[a..b].to_string();
        Some(
            found[..n]
                .iter()
                .map(|f| (text(f.key), text(f.value), f.special))
                .collect(),
        )
    }

    fn attr(key: &str, value: &str, special: bool) -> (String, String, bool) {
        (key.to_string(), value.to_string(), special)
    }

    #[test]
    fn plain_attributes_are_found_with_their_values() {
        assert_eq!(
            scanned(r#"Competence system="SYS1"  level='3' source="self""#),
            Some(vec![
                attr("system", "SYS1", false),
                attr("level", "3", false),
                attr("source", "self", false),
            ])
        );
        // A quote of the other kind is part of the value.
        assert_eq!(
            scanned(r#"Person note="it's" other='say "hi"'"#),
            Some(vec![
                attr("note", "it's", false),
                attr("other", r#"say "hi""#, false)
            ])
        );
        assert_eq!(scanned("Persons"), Some(vec![]));
    }

    #[test]
    fn values_with_a_reference_or_a_control_character_are_marked() {
        assert_eq!(
            scanned("Unit name=\"R&amp;D\" tab=\"a\tb\" plain=\"x\""),
            Some(vec![
                attr("name", "R&amp;D", true),
                attr("tab", "a\tb", true),
                attr("plain", "x", false),
            ])
        );
    }

    #[test]
    fn what_is_not_plain_is_left_to_the_general_path() {
        // The same name twice, a value without its closing quote, no quote, an empty name.
        assert_eq!(scanned(r#"Person a="1" a="2""#), None);
        assert_eq!(scanned(r#"Person ab="1" a="2""#).map(|a| a.len()), Some(2));
        assert_eq!(scanned(r#"Person a="1"#), None);
        assert_eq!(scanned("Person a=1"), None);
        assert_eq!(scanned(r#"Person ="1""#), None);
        assert_eq!(scanned(r#"Person a = "1""#), None);
        // More attributes than a plain tag has.
        let many: String = (0..=MAX_ATTRS).map(|i| format!(" k{i}=\"v\"")).collect();
        assert_eq!(scanned(&format!("Person{many}")), None);
    }
}
