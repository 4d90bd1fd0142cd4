//! Personal data rules shared by every adapter: the registry never stores a national identity
//! number (DOMAIN, Privacy), so any value that could be one is recognised here and refused
//! without being echoed.
//!
//! ```
//! use skillreg_core::privacy::looks_like_national_id;
//!
//! assert!(looks_like_national_id("19121212-1212")); // Skatteverket's example personnummer
//! assert!(!looks_like_national_id("10023"));        // an employee number
//! ```

use crate::snapshot::{EvidenceRecord, Location, PersonRecord};

/// True if `s` looks like a Swedish personnummer or samordningsnummer (10 or 12 digits, `-` or
/// `+` before the last four allowed, a plausible date and a valid Luhn check digit) or a
/// Norwegian fødselsnummer or D-number (11 digits, a plausible date and both mod-11 check digits
/// valid).
pub fn looks_like_national_id(s: &str) -> bool {
    let s = s.trim();
    let mut digits = [0u8; 12];
    let mut n = 0usize;
    let mut separator_at = None;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'0'..=b'9' if n < digits.len() => {
                digits[n] = b - b'0';
                n += 1;
            }
            b'-' | b'+' | b' ' if separator_at.is_none() && i > 0 => separator_at = Some(n),
            _ => return false,
        }
    }
    let digits = &digits[..n];
    match (n, separator_at) {
        (10, None | Some(6)) | (12, None | Some(8)) => swedish(digits),
        (11, None | Some(6)) => norwegian(digits),
        _ => false,
    }
}

/// The fields of `record` that look like a national identity number, with where each is: the
/// employee number, the names, the email's local part, each employment's manager and each
/// assessor. The sync engine refuses such a record whichever adapter read it, so that no
/// identity number reaches the registry even through a source that does not check.
///
/// ```
/// use skillreg_core::privacy::national_id_fields;
/// use skillreg_core::PersonRecord;
///
/// let mut record = PersonRecord {
///     employee_no: "10023".into(), given_name: "Anna".into(), family_name: "Lindqvist".into(),
///     email: Some("19121212-1212@example.se".into()), employments: vec![], evidence: vec![],
///     location: Default::default(),
/// };
/// assert_eq!(national_id_fields(&record).len(), 1);
/// record.email = None;
/// assert!(national_id_fields(&record).is_empty());
/// ```
pub fn national_id_fields(record: &PersonRecord) -> Vec<(Location, &'static str)> {
    let mut found = Vec::new();
    let local_part = record
        .email
        .as_deref()
        .map(|e| e.split('@').next().unwrap_or_default());
    for (value, field) in [
        (Some(record.employee_no.as_str()), "the employee number"),
        (Some(record.given_name.as_str()), "the given name"),
        (Some(record.family_name.as_str()), "the family name"),
        (local_part, "the email address"),
    ] {
        if value.is_some_and(looks_like_national_id) {
            found.push((record.location.clone(), field));
        }
    }
    for e in &record.employments {
        if e.manager.as_deref().is_some_and(looks_like_national_id) {
            found.push((e.location.clone(), "the manager's employee number"));
        }
    }
    for ev in &record.evidence {
        if let EvidenceRecord::Competence {
            assessor: Some(a), ..
        } = ev
            && looks_like_national_id(a)
        {
            found.push((ev.location().clone(), "the assessor"));
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
        // Skatteverket's well-known example number, in every way it is written.
        for s in [
            "191212121212",
            "19121212-1212",
            "121212-1212",
            "1212121212",
            "121212+1212",
        ] {
            assert!(looks_like_national_id(s), "{s}");
        }
        // A samordningsnummer (day + 60).
        assert!(looks_like_national_id("701063-2391"));
        // Wrong check digit, impossible date, wrong century, employee numbers.
        for s in [
            "121212-1213",
            "1213121212",
            "251212121212",
            "10023",
            "1002300001",
            "12121212-12",
            "-121212-1212",
        ] {
            assert!(!looks_like_national_id(s), "{s}");
        }
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
