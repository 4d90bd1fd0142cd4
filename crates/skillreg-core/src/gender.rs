//! A person's gender, kept only for the equality follow-up that the competence programmes must
//! do (are women and men offered and given the same training?), and only where the source that
//! owns people states it and its mapping asks for it (SECURITY.md says who sees it).
//!
//! [`Gender::from_identity_number`] derives it from a Swedish personnummer or a Norwegian
//! fødselsnummer at import, for a source that carries only the number: the number itself is
//! read, used and dropped, never kept.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A person's gender as the owning source states it. Not stated is `Option::None`, never a
/// fourth value here (reports call it "unknown").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Another gender (or the source's own other value, as its mapping says).
    Other,
}

impl Gender {
    /// The three genders, in the order reports show them.
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Other];

    /// `female`, `male` or `other`: the stored and machine-readable code.
    ///
    /// ```
    /// use skillreg_core::Gender;
    /// assert_eq!(Gender::Female.code(), "female");
    /// assert_eq!("other".parse::<Gender>(), Ok(Gender::Other));
    /// assert!("F".parse::<Gender>().is_err());
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }

    /// The gender a Swedish personnummer (or samordningsnummer) or a Norwegian fødselsnummer
    /// (or D-number) carries, or `None` if `number` is neither (wrong length or check digit).
    ///
    /// Swedish: 10 or 12 digits, a `-` or `+` before the last four allowed; the second-to-last
    /// digit is odd for men and even for women; the last is the Luhn check digit. Norwegian: 11
    /// digits; the ninth is odd for men and even for women; the last two are the mod-11 check
    /// digits. Nothing else about the number is looked at, and nothing of it is returned.
    ///
    /// ```
    /// use skillreg_core::Gender;
    /// assert_eq!(Gender::from_identity_number("19850621-2342"), Some(Gender::Female));
    /// assert_eq!(Gender::from_identity_number("9202143450"), Some(Gender::Male));
    /// assert_eq!(Gender::from_identity_number("01010012356"), Some(Gender::Male));
    /// assert_eq!(Gender::from_identity_number("198506212343"), None); // check digit
    /// ```
    pub fn from_identity_number(number: &str) -> Option<Gender> {
        let digits = identity_digits(number)?;
        let by_parity = |d: u8| {
            if d % 2 == 1 {
                Gender::Male
            } else {
                Gender::Female
            }
        };
        match digits.len() {
            10 | 12 => {
                let ten = &digits[digits.len() - 10..];
                luhn_ok(ten).then(|| by_parity(ten[8]))
            }
            11 => fodselsnummer_ok(&digits).then(|| by_parity(digits[8])),
            _ => None,
        }
    }
}

/// The digits of `number` (ASCII only), with at most one `-` or `+` before the last four.
fn identity_digits(number: &str) -> Option<Vec<u8>> {
    let number = number.trim();
    let mut digits = Vec::with_capacity(12);
    let mut separators = 0;
    for (i, c) in number.char_indices() {
        match c {
            '0'..='9' => digits.push(c as u8 - b'0'),
            '-' | '+' if number.len() - i == 5 => separators += 1,
            _ => return None,
        }
    }
    (separators <= 1 && digits.len() <= 12).then_some(digits)
}

/// The Luhn check of a ten-digit Swedish number.
fn luhn_ok(ten: &[u8]) -> bool {
    let sum: u32 = ten[..9]
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(ten[9])
}

/// The two mod-11 check digits of an eleven-digit Norwegian number.
fn fodselsnummer_ok(d: &[u8]) -> bool {
    fn check(d: &[u8], weights: &[u32]) -> Option<u8> {
        let sum: u32 = d.iter().zip(weights).map(|(&d, w)| u32::from(d) * w).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => u8::try_from(k).ok(),
        }
    }
    let k1 = check(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = check(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    k1 == Some(d[9]) && k2 == Some(d[10])
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Gender {
    type Err = String;
    /// Exactly `female`, `male` or `other` (what a mapping file maps a source's values to).
    fn from_str(s: &str) -> Result<Gender, String> {
        Gender::ALL
            .into_iter()
            .find(|g| g.code() == s)
            .ok_or_else(|| {
                format!(
                    "a gender is female, male or other, got {}",
                    crate::text::quoted(s)
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Gender;

    #[test]
    fn swedish_and_norwegian_numbers() {
        // Second-to-last digit: 4 even, 5 odd; with and without the century and the dash.
        assert_eq!(
            Gender::from_identity_number("198506212342"),
            Some(Gender::Female)
        );
        assert_eq!(
            Gender::from_identity_number("850621-2342"),
            Some(Gender::Female)
        );
        assert_eq!(
            Gender::from_identity_number("199202143450"),
            Some(Gender::Male)
        );
        // Ninth digit of a fødselsnummer: 1 odd, 2 even.
        assert_eq!(
            Gender::from_identity_number("01010012356"),
            Some(Gender::Male)
        );
        assert_eq!(
            Gender::from_identity_number("01010012275"),
            Some(Gender::Female)
        );
        for bad in [
            "",
            "12345",
            "198506212343",
            "01010012357",
            "1985-06212342",
            "19850621 2342",
        ] {
            assert_eq!(Gender::from_identity_number(bad), None, "{bad}");
        }
    }
}
