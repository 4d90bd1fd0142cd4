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
        while tag.get(i).is_some_and(|b| is_xml_space(*b)) {
            i += 1;
        }
        match until {
            Until::End if i == tag.len() => return Some((n, i)),
            Until::EmptyEnd if tag[i..].starts_with(b"/>") => return Some((n, i)),
            _ => {}
        }
        // The name: not empty, and up to `=`. None of what ends a tag or starts a value.
        let key_start = i;
        i += tag[i..].iter().position(|b| {
            *b == b'=' || is_xml_space(*b) || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'/')
        })?;
        let key = (key_start, i);
        // `=` and a quote right after the name.
        let quote = match (tag.get(i), tag.get(i + 1)) {
            (Some(b'='), Some(&q @ (b'"' | b'\''))) if key.1 > key.0 => q,
            _ => return None,
        };
        let value_start = i + 2;
        let len = tag[value_start..].iter().position(|b| *b == quote)?;
        let value = (value_start, value_start + len);
        i = value.1 + 1;
        let name = &tag[key.0..key.1];
        if n == MAX_ATTRS || found[..n].iter().any(|f| &tag[f.key.0..f.key.1] == name) {
            return None;
        }
        let special = tag[value.0..value.1]
            .iter()
            .fold(false, |s, b| s | (*b == b'&') | (*b < 0x20));
        found[n] = Found {
            key,
            value,
            special,
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
