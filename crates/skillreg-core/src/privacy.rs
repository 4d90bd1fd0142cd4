//! Personal data rules shared by every adapter: the registry never stores a national identity
//! number (docs/src/things.md#people), so any value that holds one is recognised here and refused
//! without being echoed.
//!
//! A number is found however it is written and wherever it stands in a value: with any dash
//! (`19121212–1212`), a dot, a slash, an underscore or spaces between its groups, in full-width or
//! other digit forms (`１９１２１２１２-１２１２`), with invisible characters inside
//! (`1912\u{200b}1212-1212`), and inside a longer value (`Al-Sayed 19121212-1212`,
//! `x.19121212-1212@example.se`).
//!
//! ```
//! use skillreg_core::privacy::looks_like_national_id;
//!
//! assert!(looks_like_national_id("19121212-1212")); // Skatteverket's example personnummer
//! assert!(looks_like_national_id("Al-Sayed 19121212–1212"));
//! assert!(!looks_like_national_id("10023"));        // an employee number
//! assert!(!looks_like_national_id("2026-11-20"));   // a date
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::snapshot::{EvidenceRecord, Location, PersonRecord};

/// True if `s` holds, anywhere, a Swedish personnummer or samordningsnummer (10 or 12 digits,
/// a plausible date and a valid Luhn check digit) or a Norwegian fødselsnummer or D-number
/// (11 digits, a plausible date and both mod-11 check digits valid).
///
/// `s` is read as NFKC (full-width and other compatibility digits become `0`-`9`), with
/// invisible characters (Unicode Cf, other default-ignorables, combining marks) dropped and
/// decimal digits of every script read as digits. Its digits then form groups; groups separated
/// by at most three separators (spaces of any kind, dashes of any kind, dots, `+`, `/`, `_`)
/// are read together, and every run of whole groups with 10 to 12 digits is checked. A group
/// of more than 12 digits is not one number.
pub fn looks_like_national_id(s: &str) -> bool {
    // Fast path: fewer than ten digits, in text whose normal form has no other digits, holds
    // no such number (one pass, as every value of every record is checked).
    if plain_digits(s).is_some_and(|n| n < 10) {
        return false;
    }
    let mut chain: Vec<Vec<u8>> = Vec::new();
    let mut seps = 0usize;
    for token in s.nfkc().filter_map(token) {
        match token {
            Token::Digit(d) => {
                match chain.last_mut() {
                    Some(group) if seps == 0 => group.push(d),
                    _ => chain.push(vec![d]),
                }
                seps = 0;
            }
            Token::Separator if !chain.is_empty() => {
                seps += 1;
                if seps > MAX_SEPARATORS {
                    if holds_number(&chain) {
                        return true;
                    }
                    chain.clear();
                    seps = 0;
                }
            }
            Token::Separator => {}
            Token::Other => {
                if holds_number(&chain) {
                    return true;
                }
                chain.clear();
                seps = 0;
            }
        }
    }
    holds_number(&chain)
}

/// How many digits `s` holds, if it is made of ASCII and the Latin letters with diacritics
/// (U+00C0 to U+024F: the names of people and places), whose normal forms hold no digit. Other
/// characters may (`¹`, `½`, `１`, `⑩`): `None`, and the whole check reads them.
fn plain_digits(s: &str) -> Option<usize> {
    let mut digits = 0usize;
    if s.is_ascii() {
        for b in s.bytes() {
            digits += usize::from(b.is_ascii_digit());
        }
        return Some(digits);
    }
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !(c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(&c)) {
            return None;
        }
    }
    Some(digits)
}

/// How many separator characters may stand between two groups of one number (`19121212 - 1212`).
const MAX_SEPARATORS: usize = 3;

/// Whether a run of whole groups of `chain` is an identity number.
fn holds_number(chain: &[Vec<u8>]) -> bool {
    let mut digits = Vec::with_capacity(12);
    for start in 0..chain.len() {
        digits.clear();
        for group in &chain[start..] {
            digits.extend_from_slice(group);
            if digits.len() > 12 {
                break;
            }
            let found = match digits.len() {
                10 | 12 => swedish(&digits),
                11 => norwegian(&digits),
                _ => false,
            };
            if found {
                return true;
            }
        }
    }
    false
}

/// One character of a value as the guard reads it (after NFKC).
enum Token {
    Digit(u8),
    Separator,
    Other,
}

/// What `c` is to the guard; `None` for a character that is dropped (invisible).
fn token(c: char) -> Option<Token> {
    let n = u32::from(c);
    if crate::text::is_format(c)
        || matches!(n, 0x0300..=0x036F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0x180B..=0x180F)
    {
        return None;
    }
    if let Some(d) = digit(c) {
        return Some(Token::Digit(d));
    }
    let separator = c.is_whitespace()
        || matches!(c, '-' | '+' | '.' | '/' | '_')
        || matches!(
            n,
            0x00B7 | 0x058A | 0x05BE | 0x1400 | 0x1806 | 0x2010
                ..=0x2015
                    | 0x2024
                    | 0x2027
                    | 0x2043
                    | 0x2212
                    | 0x2219
                    | 0x22C5
                    | 0x2796
                    | 0x2E17
                    | 0x2E1A
                    | 0x2E3A
                    | 0x2E3B
                    | 0x2E40
                    | 0x2E5D
                    | 0x301C
                    | 0x3002
                    | 0x3030
                    | 0x30A0
                    | 0x30FB
                    | 0xFE31
                    | 0xFE32
                    | 0xFE58
                    | 0xFE63
                    | 0xFF0D
                    | 0xFF0E
                    | 0xFF61
                    | 0x10EAD
        );
    Some(if separator {
        Token::Separator
    } else {
        Token::Other
    })
}

/// The value of a decimal digit of any script (Unicode Nd) that NFKC leaves as it is.
fn digit(c: char) -> Option<u8> {
    if let Some(d) = c.to_digit(10) {
        return u8::try_from(d).ok();
    }
    if c.is_ascii() || !c.is_numeric() {
        return None;
    }
    // The zero of each block of ten decimal digits outside ASCII.
    const ZEROS: [u32; 59] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
        0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
        0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
        0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0,
        0x16A60, 0x16AC0, 0x16B50, 0x1E140, 0x1E2F0, 0x1E950,
    ];
    let n = u32::from(c);
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&n))
        .and_then(|zero| u8::try_from(n - zero).ok())
}

/// The fields of `record` that hold a national identity number, with where each is: the
/// employee number, the names, the email address, each employment's unit, occupation and
/// manager, and each evidence record's system, course and assessor. The sync engine refuses
/// such a record whichever adapter read it, so that no identity number reaches the registry
/// even through a source that does not check.
///
/// ```
/// use skillreg_core::privacy::national_id_fields;
/// use skillreg_core::PersonRecord;
///
/// let mut record = PersonRecord {
///     employee_no: "10023".into(), given_name: "Anna".into(), family_name: "Lindqvist".into(),
///     email: Some("19121212-1212@example.se".into()), gender: None, employments: vec![], evidence: vec![],
///     location: Default::default(),
/// };
/// assert_eq!(national_id_fields(&record).len(), 1);
/// record.email = None;
/// record.family_name = "Lindqvist 19121212.1212".into();
/// assert_eq!(national_id_fields(&record).len(), 1);
/// record.family_name = "Lindqvist".into();
/// assert!(national_id_fields(&record).is_empty());
/// ```
pub fn national_id_fields(record: &PersonRecord) -> Vec<(Location, &'static str)> {
    let mut found = Vec::new();
    for (value, field) in [
        (Some(record.employee_no.as_str()), "the employee number"),
        (Some(record.given_name.as_str()), "the given name"),
        (Some(record.family_name.as_str()), "the family name"),
        (record.email.as_deref(), "the email address"),
    ] {
        if value.is_some_and(looks_like_national_id) {
            found.push((record.location.clone(), field));
        }
    }
    for e in &record.employments {
        for (value, field) in [
            (Some(e.unit.as_str()), "the unit"),
            (Some(e.occupation.as_str()), "the occupation"),
            (e.manager.as_deref(), "the manager's employee number"),
        ] {
            if value.is_some_and(looks_like_national_id) {
                found.push((e.location.clone(), field));
            }
        }
    }
    for ev in &record.evidence {
        let values = match ev {
            EvidenceRecord::Competence {
                system, assessor, ..
            } => [
                (Some(system.as_str()), "the system"),
                (assessor.as_deref(), "the assessor"),
            ],
            EvidenceRecord::CourseResult { course, .. } => {
                [(Some(course.as_str()), "the course"), (None, "")]
            }
        };
        for (value, field) in values {
            if value.is_some_and(looks_like_national_id) {
                found.push((ev.location().clone(), field));
            }
        }
    }
    found
}

/// Two digits as a number.
fn pair(d: &[u8]) -> u8 {
    d.iter().take(2).fold(0, |n, x| n * 10 + x)
}

fn swedish(digits: &[u8]) -> bool {
    let ten = &digits[digits.len().saturating_sub(10)..];
    if digits.len() == 12 && !(18..=20).contains(&pair(digits)) {
        return false;
    }
    let (month, day) = (pair(&ten[2..]), pair(&ten[4..]));
    // Samordningsnummer add 60 to the day.
    let plausible = (1..=12).contains(&month) && matches!(day, 1..=31 | 61..=91);
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    plausible && sum.is_multiple_of(10)
}

fn norwegian(digits: &[u8]) -> bool {
    let (day, month) = (pair(digits), pair(&digits[2..]));
    // D-numbers add 40 to the day, H-numbers 40 and synthetic test numbers 80 to the month.
    let plausible = matches!(day, 1..=31 | 41..=71) && matches!(month, 1..=12 | 41..=52 | 81..=92);
    let check = |weights: &[u32]| {
        let sum: u32 = weights
            .iter()
            .zip(digits)
            .map(|(w, &d)| w * u32::from(d))
            .sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k as u8),
        }
    };
    let k1 = check(&[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    plausible && k1 == digits.get(9).copied() && k2 == digits.get(10).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_identity_numbers() {
        // Skatteverket's well-known example number, in every way it is written; the groups
        // may be split anywhere and stand after a separator.
        for s in [
            "191212121212",
            "19121212-1212",
            "121212-1212",
            "1212121212",
            "121212+1212",
            "12121212-12",
            "-121212-1212",
        ] {
            assert!(looks_like_national_id(s), "{s}");
        }
        // A samordningsnummer (day + 60).
        assert!(looks_like_national_id("701063-2391"));
        // Wrong check digit, impossible date, wrong century, employee numbers, dates, a number
        // too long to be one.
        for s in [
            "121212-1213",
            "1213121212",
            "251212121212",
            "10023",
            "1002300001",
            "2026-11-20",
            "2026-11-20 10:15",
            "1912121212120",
            "10023 10024 10025",
        ] {
            assert!(!looks_like_national_id(s), "{s}");
        }
    }

    /// The ways around the guard that the first version let through: another dash, a dot,
    /// full-width digits, an invisible character inside, and the number inside a longer value.
    #[test]
    fn identity_number_guard_bypasses_are_caught() {
        for s in [
            "19121212\u{2013}1212",
            "19121212\u{2014}1212",
            "19121212\u{2212}1212",
            "19121212\u{2011}1212",
            "19121212.1212",
            "19121212 1212",
            "19121212\u{a0}1212",
            "19121212 - 1212",
            "19121212/1212",
            "\u{ff11}\u{ff19}\u{ff11}\u{ff12}\u{ff11}\u{ff12}\u{ff11}\u{ff12}-\u{ff11}\u{ff12}\u{ff11}\u{ff12}",
            "\u{ff11}\u{ff19}\u{ff11}\u{ff12}\u{ff11}\u{ff12}\u{ff11}\u{ff12}\u{ff0d}\u{ff11}\u{ff12}\u{ff11}\u{ff12}",
            "\u{661}\u{669}\u{661}\u{662}\u{661}\u{662}\u{661}\u{662}-\u{661}\u{662}\u{661}\u{662}",
            "1912\u{200b}1212-1212",
            "19121212-\u{2060}1212",
            "19121212\u{feff}1212",
            "1\u{301}9121212-1212",
            "Al-Sayed 19121212-1212",
            "x.19121212-1212@example.se",
            "pnr:191212121212",
            "ID191212121212",
            "0701234567 19121212-1212",
            "018187 99868 (test)",
        ] {
            assert!(looks_like_national_id(s), "{s:?}");
        }
    }

    /// Names with Latin letters take the fast path only when they cannot hold a number:
    /// digits that only normalization makes (superscripts, fractions) take the whole check.
    #[test]
    fn names_with_diacritics_and_digits_that_normalization_makes() {
        for s in ["Åsa Öhman", "Łukasz Żółć", "Ærøskøbing 2", "Ğülşen × ÷"] {
            assert!(!looks_like_national_id(s), "{s:?}");
        }
        for s in [
            "Åsa 19121212-1212",
            "Åsa \u{b9}\u{2079}\u{b9}\u{b2}\u{b9}\u{b2}\u{b9}\u{b2}-\u{b9}\u{b2}\u{b9}\u{b2}",
            "Öhman \u{2460}\u{2468}\u{2460}\u{2461}\u{2460}\u{2461}\u{2460}\u{2461}\u{2460}\u{2461}\u{2460}\u{2461}",
        ] {
            assert!(looks_like_national_id(s), "{s:?}");
        }
        assert_eq!(plain_digits("Åsa 1234"), Some(4));
        assert_eq!(plain_digits("Åsa \u{b9}"), None);
    }

    #[test]
    fn norwegian_identity_numbers() {
        // Synthetic test numbers (month + 80), as issued for test systems.
        for s in ["01818799868", "018187 99868", "018187-99868"] {
            assert!(looks_like_national_id(s), "{s}");
        }
        for s in ["01818799869", "01818799878", "99818799868", "0181879986"] {
            assert!(!looks_like_national_id(s), "{s}");
        }
    }
}
