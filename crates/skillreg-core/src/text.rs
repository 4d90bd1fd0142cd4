//! Identifiers and text from outside: which values may stand as an employee number, a code or a
//! reference, which may stand as a name, the shape of an email address, and how a value is shown
//! where a person reads it.
//!
//! A value that looks like another one must not be another one: `100<NUL>24`, `100​24` (with a
//! zero-width space) or `１００２４` (full-width digits) would be a second person beside 10024,
//! and the real 10024 would be terminated as absent. The sets, each decided here and nowhere
//! else:
//!
//! - **Employee numbers** (also a manager's): ASCII graphic characters only, `!` to `~`
//!   (digits, letters A-Z and a-z, punctuation); no space, nothing else. Payroll systems number
//!   people in ASCII; anything else is a look-alike.
//! - **Codes and references** (org unit, occupation, system, course; an assessor): not empty,
//!   no space before or after, no control (Cc), format (Cf: zero-width, bidirectional and
//!   other invisible controls) or other default-ignorable character, no line or paragraph
//!   separator (Zl, Zp), no private-use character or noncharacter, no space other than the
//!   plain space U+0020 inside, and unchanged by NFKC (so also NFC: `SOC-SÄBO` with a
//!   precomposed `Ä`, never `A` and a combining diaeresis, and no full-width or other
//!   compatibility forms). Letters of any script are fine: unit codes like `SOC-SÄBO` exist.
//! - **Names and other text**: no control character (Cc, whether it came raw or as a character
//!   reference), no line or paragraph separator, no bidirectional control and no invisible
//!   format character other than the zero-width non-joiner and joiner (U+200C, U+200D), which
//!   some scripts need inside names.
//! - **Email addresses**: text as above and the shape `local@domain`: exactly one `@`, both
//!   sides non-empty, no space of any kind. (A salary or a name mapped to the email column
//!   fails this.)
//!
//! NFC and NFKC come from the `unicode-normalization` crate: whether a string is normalised
//! cannot be told without the Unicode tables, and the identity-number guard
//! ([`crate::privacy`]) needs NFKC's folding of full-width and other digit forms too.
//!
//! For display, [`for_terminal`] shows every control, format and separator character as
//! `\u{…}`, so that a value cannot move the cursor, change colours or reorder a line on the
//! terminal that prints it; [`quoted`] is the same inside double quotes, for a value named in a
//! message.
//!
//! ```
//! use skillreg_core::text;
//!
//! assert!(text::employee_no("10024").is_ok());
//! assert!(text::employee_no("100\u{0}24").is_err());
//! assert!(text::employee_no("１００２４").is_err());
//! assert!(text::code("SOC-SÄBO").is_ok());
//! assert!(text::code("SOC-SA\u{308}BO").is_err()); // not NFC
//! assert!(text::name("Öhman & Berg").is_ok());
//! assert!(text::email("32000").is_err());
//! assert_eq!(text::quoted("100\u{0}24"), "\"100\\u{0}24\"");
//! assert_eq!(text::for_terminal("\u{1b}[31mred"), "\\u{1b}[31mred");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

/// Why a value cannot stand as what it was given as. Its `Display` continues a sentence that
/// names the field: "employee number contains the control character U+0000 ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Nothing, or only spaces.
    Empty,
    /// Space (of any kind) before or after the value.
    SurroundingSpace,
    /// A control character (Unicode Cc).
    Control(char),
    /// An invisible or direction-changing character (Unicode Cf and the other
    /// default-ignorable characters).
    Invisible(char),
    /// A line or paragraph separator (Unicode Zl, Zp).
    LineSeparator(char),
    /// A space other than the plain space U+0020 inside a code.
    OddSpace(char),
    /// A private-use character or a noncharacter.
    Unassignable(char),
    /// A character outside ASCII `!`..`~` in an employee number.
    NotAscii(char),
    /// The value changes under NFKC (a decomposed accent, full-width or compatibility forms).
    NotNormalized,
    /// Not of the shape `local@domain`.
    EmailShape,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Empty => write!(f, "is empty"),
            Fault::SurroundingSpace => write!(f, "has space before or after it: remove it"),
            Fault::Control(c) => write!(
                f,
                "contains the control character U+{:04X}: remove it",
                u32::from(*c)
            ),
            Fault::Invisible(c) => write!(
                f,
                "contains the invisible or direction-changing character U+{:04X}: remove it",
                u32::from(*c)
            ),
            Fault::LineSeparator(c) => write!(
                f,
                "contains the line or paragraph separator U+{:04X}: remove it",
                u32::from(*c)
            ),
            Fault::OddSpace(c) => write!(
                f,
                "contains the space character U+{:04X}: only a plain space may stand inside",
                u32::from(*c)
            ),
            Fault::Unassignable(c) => write!(
                f,
                "contains U+{:04X}, a private-use character or noncharacter: remove it",
                u32::from(*c)
            ),
            Fault::NotAscii(' ') => write!(
                f,
                "contains a space: an employee number is written with the characters ! to ~ \
                 (digits, letters A-Z, punctuation) only"
            ),
            Fault::NotAscii(c) => write!(
                f,
                "contains U+{:04X}: an employee number is written with the characters ! to ~ \
                 (digits, letters A-Z, punctuation) only",
                u32::from(*c)
            ),
            Fault::NotNormalized => write!(
                f,
                "is not in Unicode normal form NFKC (a decomposed accent, or full-width or \
                 other compatibility characters): write it in plain characters"
            ),
            Fault::EmailShape => write!(
                f,
                "is not an email address: one @ with text on both sides, and no spaces"
            ),
        }
    }
}

/// Whether `s` may stand as an employee number (a person's or a manager's): ASCII `!` to `~`,
/// not empty.
///
/// ```
/// use skillreg_core::text::{employee_no, Fault};
///
/// assert_eq!(employee_no("E-10024"), Ok(()));
/// assert_eq!(employee_no("100\u{200b}24"), Err(Fault::Invisible('\u{200b}')));
/// assert_eq!(employee_no(" 10024"), Err(Fault::SurroundingSpace));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn employee_no(s: &str) -> Result<(), Fault> {
    outline(s)?;
    for c in s.chars() {
        if !('!'..='~').contains(&c) {
            // Say what the character is when it is one of the dangerous kinds.
            return Err(match class(c) {
                Class::Plain | Class::OddSpace => Fault::NotAscii(c),
                other => other.fault(c).unwrap_or(Fault::NotAscii(c)),
            });
        }
    }
    Ok(())
}

/// Whether `s` may stand as a code (org unit, occupation, system, course) or a reference (an
/// assessor): see the module's rules.
///
/// ```
/// use skillreg_core::text::{code, Fault};
///
/// assert_eq!(code("SOC-SÄBO"), Ok(()));
/// assert_eq!(code("Karin Åberg"), Ok(()));
/// assert_eq!(code("ＵＳＫ"), Err(Fault::NotNormalized));
/// assert_eq!(code("USK\u{202e}"), Err(Fault::Invisible('\u{202e}')));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn code(s: &str) -> Result<(), Fault> {
    outline(s)?;
    // Fast path, nearly every code: printable ASCII is plain and already NFKC.
    if is_printable_ascii(s) {
        return Ok(());
    }
    for c in s.chars() {
        if let Some(fault) = class(c).fault(c) {
            return Err(fault);
        }
    }
    if !unicode_normalization::is_nfkc(s) {
        return Err(Fault::NotNormalized);
    }
    Ok(())
}

/// Whether `s` may stand as a name or other free text: no control character, line or paragraph
/// separator, bidirectional control or invisible format character (the zero-width non-joiner
/// and joiner excepted). Empty text is fine.
///
/// ```
/// use skillreg_core::text::{name, Fault};
///
/// assert_eq!(name("Linnéa"), Ok(()));
/// assert_eq!(name("Anna\u{1b}[2J"), Err(Fault::Control('\u{1b}')));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn name(s: &str) -> Result<(), Fault> {
    if is_printable_ascii(s) {
        return Ok(());
    }
    for c in s.chars() {
        match class(c) {
            Class::Invisible if matches!(c, '\u{200c}' | '\u{200d}') => {}
            Class::Invisible if !is_format(c) => {}
            Class::Control | Class::Invisible | Class::LineSeparator => {
                return Err(class(c).fault(c).unwrap_or(Fault::Control(c)));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `s` has the shape of an email address: text as [`name`] says, exactly one `@` with
/// something on both sides, no space of any kind.
///
/// ```
/// use skillreg_core::text::{email, Fault};
///
/// assert_eq!(email("anna.lindqvist@example.se"), Ok(()));
/// assert_eq!(email("anna lindqvist@example.se"), Err(Fault::EmailShape));
/// assert_eq!(email("a@b@example.se"), Err(Fault::EmailShape));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn email(s: &str) -> Result<(), Fault> {
    name(s)?;
    let (local, domain) = s.split_once('@').ok_or(Fault::EmailShape)?;
    // Printable ASCII (nearly every address) has one space character and no format character.
    let spaced = if is_printable_ascii(s) {
        s.contains(' ')
    } else {
        s.chars().any(|c| c.is_whitespace() || is_format(c))
    };
    if local.is_empty() || domain.is_empty() || domain.contains('@') || spaced {
        return Err(Fault::EmailShape);
    }
    Ok(())
}

/// `s` as it may be shown on a terminal: every control character (C0 and C1), format character
/// (bidirectional controls, zero-width spaces, the byte order mark ...; the zero-width
/// non-joiner and joiner excepted) and line or paragraph separator written as `\u{…}`
/// (lower-case hex), everything else as it is. Borrowed when nothing needed escaping.
///
/// ```
/// use skillreg_core::text::for_terminal;
///
/// assert_eq!(for_terminal("Åberg"), "Åberg");
/// assert_eq!(for_terminal("a\u{202e}b\tc"), "a\\u{202e}b\\u{9}c");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_char(&mut out, c, needs_escape(c));
    }
    Cow::Owned(out)
}

/// `s` in double quotes, for a message that names a value: `"` and `\` escaped with a
/// backslash, and what [`for_terminal`] escapes, every other invisible character, private-use
/// characters and noncharacters written as `\u{…}` (`"100\u{0}24"`, never the ambiguous
/// `"100\024"`), so that the reader sees what the value holds.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => push_char(
                &mut out,
                c,
                !matches!(class(c), Class::Plain | Class::OddSpace),
            ),
        }
    }
    out.push('"');
    out
}

fn push_char(out: &mut String, c: char, escape: bool) {
    if escape {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Whether [`for_terminal`] escapes `c`: a control character, a format character (the
/// zero-width non-joiner and joiner, which names need and terminals draw harmlessly, excepted)
/// or a line or paragraph separator.
fn needs_escape(c: char) -> bool {
    match class(c) {
        Class::Control | Class::LineSeparator => true,
        Class::Invisible => is_format(c) && !matches!(c, '\u{200c}' | '\u{200d}'),
        _ => false,
    }
}

/// Not empty, no space before or after.
/// Only the printable ASCII characters, space to `~`: nothing any rule here refuses.
fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

fn outline(s: &str) -> Result<(), Fault> {
    if s.trim().is_empty() {
        return Err(Fault::Empty);
    }
    let first = s.chars().next();
    let last = s.chars().next_back();
    if [first, last].into_iter().flatten().any(char::is_whitespace) {
        return Err(Fault::SurroundingSpace);
    }
    Ok(())
}

/// What kind of character `c` is, for these rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Control,
    Invisible,
    LineSeparator,
    OddSpace,
    Unassignable,
}

impl Class {
    /// The fault of a code containing a character of this class, if any.
    fn fault(self, c: char) -> Option<Fault> {
        match self {
            Class::Plain => None,
            Class::Control => Some(Fault::Control(c)),
            Class::Invisible => Some(Fault::Invisible(c)),
            Class::LineSeparator => Some(Fault::LineSeparator(c)),
            Class::OddSpace => Some(Fault::OddSpace(c)),
            Class::Unassignable => Some(Fault::Unassignable(c)),
        }
    }
}

fn class(c: char) -> Class {
    if c.is_control() {
        Class::Control
    } else if matches!(c, '\u{2028}' | '\u{2029}') {
        Class::LineSeparator
    } else if is_format(c) || is_other_ignorable(c) {
        Class::Invisible
    } else if c.is_whitespace() && c != ' ' {
        Class::OddSpace
    } else if is_private_use(c) || is_noncharacter(c) {
        Class::Unassignable
    } else {
        Class::Plain
    }
}

/// Unicode general category Cf (format characters: zero-width spaces and joiners, the
/// bidirectional controls, the byte order mark, invisible operators, tags ...), as of Unicode
/// 16.
pub(crate) fn is_format(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// The default-ignorable characters that are not Cf (shown as nothing by most fonts):
/// the combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian variation
/// selectors, variation selectors, and the unassigned default-ignorable planes' blocks.
fn is_other_ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x034F
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180D
            | 0x180F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFFA0
            | 0xE0000
            | 0xE0002..=0xE001F
            | 0xE0080..=0xE0FFF
    )
}

fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_numbers() {
        for ok in ["10024", "E-10024", "a.b_c", "!~"] {
            assert_eq!(employee_no(ok), Ok(()), "{ok:?}");
        }
        for (bad, fault) in [
            ("", Fault::Empty),
            ("   ", Fault::Empty),
            (" 10024", Fault::SurroundingSpace),
            ("10024\u{a0}", Fault::SurroundingSpace),
            ("\u{200b}10024", Fault::Invisible('\u{200b}')),
            ("100\u{0}24", Fault::Control('\0')),
            ("100\u{1b}24", Fault::Control('\u{1b}')),
            ("100\u{9b}24", Fault::Control('\u{9b}')),
            ("100\u{200b}24", Fault::Invisible('\u{200b}')),
            ("100\u{202e}24", Fault::Invisible('\u{202e}')),
            ("100\u{2028}24", Fault::LineSeparator('\u{2028}')),
            ("１００２４", Fault::NotAscii('１')),
            ("100 24", Fault::NotAscii(' ')),
            ("100\u{a0}24", Fault::NotAscii('\u{a0}')),
            ("1002٤", Fault::NotAscii('٤')),
            ("Åberg", Fault::NotAscii('Å')),
        ] {
            assert_eq!(employee_no(bad), Err(fault), "{bad:?}");
        }
    }

    #[test]
    fn codes() {
        for ok in [
            "SOC-SÄBO",
            "USK",
            "LC-DOK",
            "4711",
            "Karin Åberg",
            "hr-officer",
        ] {
            assert_eq!(code(ok), Ok(()), "{ok:?}");
        }
        for (bad, fault) in [
            ("", Fault::Empty),
            ("USK ", Fault::SurroundingSpace),
            ("\tUSK", Fault::SurroundingSpace),
            ("US\u{0}K", Fault::Control('\0')),
            ("US\u{200d}K", Fault::Invisible('\u{200d}')),
            ("US\u{fe0f}K", Fault::Invisible('\u{fe0f}')),
            ("US\u{2029}K", Fault::LineSeparator('\u{2029}')),
            ("SOC\u{a0}HT", Fault::OddSpace('\u{a0}')),
            ("US\u{e000}K", Fault::Unassignable('\u{e000}')),
            ("US\u{fffe}K", Fault::Unassignable('\u{fffe}')),
            ("SOC-SA\u{308}BO", Fault::NotNormalized),
            ("ＵＳＫ", Fault::NotNormalized),
            ("LC-ﬁ", Fault::NotNormalized),
        ] {
            assert_eq!(code(bad), Err(fault), "{bad:?}");
        }
    }

    #[test]
    fn names_and_emails() {
        for ok in ["", "Öhman & Berg", "Al-Sayed", "مهرداد\u{200c}ی", "O'Brien"] {
            assert_eq!(name(ok), Ok(()), "{ok:?}");
        }
        for (bad, fault) in [
            ("Anna\u{0}", Fault::Control('\0')),
            ("Anna\nBerg", Fault::Control('\n')),
            ("Anna\u{1b}[2J", Fault::Control('\u{1b}')),
            ("Anna\u{202e}greB", Fault::Invisible('\u{202e}')),
            ("An\u{200b}na", Fault::Invisible('\u{200b}')),
            ("Anna\u{2028}", Fault::LineSeparator('\u{2028}')),
        ] {
            assert_eq!(name(bad), Err(fault), "{bad:?}");
        }
        assert_eq!(email("anna.lindqvist@example.se"), Ok(()));
        for bad in [
            "32000",
            "Karin",
            "@example.se",
            "anna@",
            "a@b@example.se",
            "anna @example.se",
            "anna@exa\u{200c}mple.se",
        ] {
            assert_eq!(email(bad), Err(Fault::EmailShape), "{bad:?}");
        }
        assert_eq!(email("anna\u{0}@example.se"), Err(Fault::Control('\0')));
        assert_eq!(
            email("anna@exa\u{200b}mple.se"),
            Err(Fault::Invisible('\u{200b}'))
        );
    }

    #[test]
    fn display_escapes() {
        assert_eq!(for_terminal("plain Åberg"), "plain Åberg");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("\u{1b}]0;pwned\u{7}x\u{9b}2J\u{202e}"),
            "\\u{1b}]0;pwned\\u{7}x\\u{9b}2J\\u{202e}"
        );
        assert_eq!(quoted("100\u{0}24"), "\"100\\u{0}24\"");
        assert_eq!(quoted("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        assert_eq!(quoted("a\u{a0}b"), "\"a\u{a0}b\"");
        assert_eq!(quoted("a\u{200d}b"), "\"a\\u{200d}b\"");
        assert_eq!(for_terminal("a\u{200d}b\u{200c}"), "a\u{200d}b\u{200c}");
    }
}
