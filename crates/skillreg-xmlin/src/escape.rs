//! Attribute values and text: decoding, normalizing, unescaping and resolving references, with
//! problems that say where and what to write instead.

use std::borrow::Cow;

use encoding_rs::Encoding;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesRef, BytesStart};
use skillreg_core::{Location, Problem, limits};

use crate::Wording;
use crate::decode::decode;

/// Decodes, normalizes and unescapes the attributes of `e` that `select` picks by their
/// qualified name, and hands each value that is not empty (after trimming) to `keep` with what
/// `select` made of the name.
///
/// `select` also names the attribute in messages. A syntax error in the attributes ends the
/// reading with a problem; a value that is not valid in `encoding` or has a bad reference is
/// reported and passed over. Attributes `select` does not pick are left undecoded.
#[inline]
pub fn read_attributes<'e, K: AsRef<str>>(
    e: &'e BytesStart<'_>,
    encoding: &'static Encoding,
    wording: &Wording,
    location: &dyn Fn() -> Location,
    problems: &mut Vec<Problem>,
    mut select: impl FnMut(&'e [u8]) -> Option<K>,
    mut keep: impl FnMut(K, &str),
) {
    for attr in e.attributes() {
        let attr = match attr {
            Ok(attr) => attr,
            Err(err) => {
                problems.push(Problem::new(
                    &location(),
                    None,
                    format!("not well-formed XML: {err}; each attribute must be name=\"value\""),
                ));
                break;
            }
        };
        let Some(key) = select(attr.key.0) else {
            continue;
        };
        let raw = match decode(encoding, &attr.value) {
            Ok(raw) => raw,
            Err(lossy) => {
                problems.push(invalid_text(
                    &location(),
                    key.as_ref(),
                    encoding,
                    &lossy,
                    wording,
                ));
                continue;
            }
        };
        // Decoded by us (to report a value that is not valid in the encoding), normalized by
        // quick-xml as XML 1.0 says: a literal line break or tab is a space, `&amp;` and
        // `&#229;` are resolved.
        let decoded = Attribute {
            key: attr.key,
            value: Cow::Borrowed(raw.as_bytes()),
        };
        match decoded.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => {
                let value = value.trim();
                if limits::is_too_long(value) {
                    // Quoted no further than its start: it may be megabytes.
                    problems.push(Problem::new(
                        &location(),
                        Some(&excerpt(value)),
                        limits::too_long(key.as_ref()),
                    ));
                } else if !value.is_empty() {
                    keep(key, value);
                }
            }
            Err(err) => problems.push(Problem::new(
                &location(),
                Some(&raw),
                format!("{}: {err} (write a literal & as &amp;)", key.as_ref()),
            )),
        }
    }
}

/// The problem of `what` (an attribute name, or "the text") not being valid in `encoding`, with
/// `lossy`, its lossy decoding, as the value.
pub fn invalid_text(
    location: &Location,
    what: &str,
    encoding: &'static Encoding,
    lossy: &str,
    wording: &Wording,
) -> Problem {
    let value = if wording.shorten_invalid_text {
        Cow::Owned(excerpt(lossy))
    } else {
        Cow::Borrowed(lossy)
    };
    Problem::new(
        location,
        Some(&value),
        format!(
            "{what} is not valid {}: {}",
            encoding.name(),
            wording.invalid_text_advice
        ),
    )
}

/// Resolves `&name;` or `&#n;` in text into `out`; `location` makes the location of a problem.
pub fn push_reference(
    out: &mut String,
    r: &BytesRef<'_>,
    location: &dyn Fn() -> Location,
    problems: &mut Vec<Problem>,
) {
    let name = String::from_utf8_lossy(r);
    if r.is_char_ref() {
        match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            Ok(None) | Err(_) => problems.push(Problem::new(
                &location(),
                Some(&format!("&{name};")),
                "invalid character reference: write &#229; or &#xE5; for å",
            )),
        }
    } else {
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(s) => out.push_str(s),
            None => problems.push(Problem::new(
                &location(),
                Some(&format!("&{name};")),
                "unknown entity: only &amp; &lt; &gt; &quot; &apos; and character references \
                 like &#229; are allowed (write a literal & as &amp;)",
            )),
        }
    }
}

/// The first 40 characters of `s` and `...` if there are more, for quoting a long value in a
/// message.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}...", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Whitespace as XML (and quick-xml) has it.
#[inline]
pub fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

#[cfg(test)]
mod tests {
    use encoding_rs::{UTF_8, WINDOWS_1252};

    use super::*;

    const WORDING: Wording = Wording {
        invalid_text_advice: "save it again",
        shorten_invalid_text: true,
        quote_text_before_root: false,
        normalize_line_ends: false,
    };

    fn here() -> Location {
        Location {
            file: Some("f.xml".into()),
            line: Some(3),
            column: Some(5),
            element: Some("e".into()),
        }
    }

    fn attributes(tag: &[u8], encoding: &'static Encoding) -> (Vec<(String, String)>, Vec<String>) {
        let mut xml = quick_xml::Reader::from_reader(tag);
        let mut buf = Vec::new();
        let Ok(quick_xml::events::Event::Empty(e)) = xml.read_event_into(&mut buf) else {
            panic!("not an empty element: {tag:?}");
        };
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        read_attributes(
            &e,
            encoding,
            &WORDING,
            &here,
            &mut problems,
            |key| std::str::from_utf8(key).ok().filter(|k| *k != "skip"),
            |key, value| found.push((key.to_string(), value.to_string())),
        );
        let problems = problems.iter().map(ToString::to_string).collect();
        (found, problems)
    }

    #[test]
    fn attribute_values_are_normalized_unescaped_and_trimmed() {
        let (found, problems) = attributes(
            b"<e a=\" x&amp;y \" b=\"\" c=\"one\r\ntwo\tthree\" skip=\"&bad;\" d=\"&#229;\" \
              f=\"x&#10;y&lt;\"/>",
            UTF_8,
        );
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // A line break written as a character reference is kept: only literal ones are spaces.
        assert_eq!(
            pairs,
            [
                ("a", "x&y"),
                ("c", "one two three"),
                ("d", "å"),
                ("f", "x\ny<")
            ]
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn bad_attributes_are_reported() {
        let (found, problems) = attributes(b"<e a=\"AT&T\" b=\"\xC5sa\" c=\"ok\"/>", UTF_8);
        assert_eq!(found, [("c".to_string(), "ok".to_string())]);
        assert_eq!(
            problems,
            [
                "f.xml: line 3, column 5: <e>: a: Error while escaping character at range 2..4: \
                 Cannot find ';' after '&' (write a literal & as &amp;) (value \"AT&T\")",
                "f.xml: line 3, column 5: <e>: b is not valid UTF-8: save it again (value \
                 \"\u{FFFD}sa\")",
            ]
        );
        let (found, problems) = attributes(b"<e b=\"\xC5sa\" c=ok/>", WINDOWS_1252);
        assert_eq!(found, [("b".to_string(), "Åsa".to_string())]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("f.xml: line 3, column 5: <e>: not well-formed XML: "),
            "{problems:?}"
        );
    }

    #[test]
    fn references() {
        let mut out = String::new();
        let mut problems = Vec::new();
        for r in ["amp", "#229", "#xE5", "nbsp", "#0"] {
            push_reference(&mut out, &BytesRef::new(r), &here, &mut problems);
        }
        assert_eq!(out, "&åå");
        let values: Vec<_> = problems.iter().map(|p| p.value.clone()).collect();
        assert_eq!(
            values,
            [Some("&nbsp;".to_string()), Some("&#0;".to_string())]
        );
        assert!(problems[0].message.starts_with("unknown entity"));
        assert!(
            problems[1]
                .message
                .starts_with("invalid character reference")
        );
    }

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("short"), "short");
        let long = "å".repeat(41);
        assert_eq!(excerpt(&long), format!("{}...", "å".repeat(40)));
    }
}
