//! Text elements written plainly (`<fornamn>Anna</fornamn>`) are read in one pass; the same
//! elements written otherwise go through the parser's events. Both must read alike: the same
//! people, catalog, problems and locations.

use crate::{Read, fixture, read_with, sample_mapping};
use skillreg_paxml::PaxmlOptions;

/// `bytes` with an empty comment after the start tag of every element that holds only text,
/// which makes none of them plain. Start tags keep their place, so locations stay the same.
fn not_plain(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut changed = 0;
    let mut i = 0;
    while i < bytes.len() {
        out.push(bytes[i]);
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            // `<name>` directly followed by text (no `<`) and `</name>`.
            let name_len = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let name = &bytes[i + 1..i + 1 + name_len];
            let after = i + 1 + name_len;
            if bytes.get(after) == Some(&b'>') {
                let text_end = bytes[after + 1..]
                    .iter()
                    .position(|b| *b == b'<')
                    .map_or(bytes.len(), |n| after + 1 + n);
                let mut close = b"</".to_vec();
                close.extend_from_slice(name);
                close.push(b'>');
                if bytes[text_end..].starts_with(&close) {
                    out.extend_from_slice(&bytes[i + 1..=after]);
                    out.extend_from_slice(b"<!---->");
                    i = after + 1;
                    changed += 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    assert!(changed > 10, "only {changed} text elements found");
    out
}

fn read_both(name: &str) -> (Read, Read) {
    let bytes = fixture(name);
    let read = |bytes: &[u8]| {
        read_with(name, bytes, &sample_mapping(), PaxmlOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let mut plain = read(&bytes);
    let mut general = read(&not_plain(&bytes));
    // The files differ, so do their digests.
    assert_ne!(plain.digest, general.digest);
    plain.digest = None;
    general.digest = None;
    (plain, general)
}

#[test]
fn plain_text_elements_read_as_the_parser_reads_them() {
    let (plain, general) = read_both("sample-personal-utf8.pax");
    assert_eq!(plain.people.len(), 8);
    assert_eq!(plain, general);
    let (plain, general) = read_both("sample-personal.pax");
    assert_eq!(plain, general);
    assert_eq!(plain.person("10025").family_name, "Öhman & Berg");
}

#[test]
fn problems_in_plain_text_elements_are_located_as_the_parser_locates_them() {
    let (plain, general) = read_both("bad-date.pax");
    assert!(!plain.problems.is_empty());
    assert_eq!(plain.problems, general.problems);
    assert!(
        plain
            .problems
            .iter()
            .any(|p| p.contains("line ") && p.contains("column ")),
        "{:?}",
        plain.problems
    );
}
