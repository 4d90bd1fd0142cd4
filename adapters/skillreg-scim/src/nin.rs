//! Recognises national identity numbers, so that one is never taken for an employee number, nor
//! repeated in a message.
//!
//! Some identity providers fill `employeeNumber` (or `userName`) with the person's national
//! identity number. The registry must never store one, so a value shaped like one is refused.

/// Whether `value` has the shape and check digits of a Swedish personnummer or
/// samordningsnummer (`YYMMDD-NNNN`, `YYMMDD+NNNN`, `YYYYMMDDNNNN`, `YYYYMMDD-NNNN`,
/// `YYMMDDNNNN`) or a Norwegian fødselsnummer or D-number (11 digits).
pub(crate) fn looks_like_national_id(value: &str) -> bool {
    let value = value.trim();
    let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    let others: Vec<char> = value.chars().filter(|c| !c.is_ascii_digit()).collect();
    let separator_ok = match others.as_slice() {
        [] => true,
        ['-' | '+'] => value.len() >= 5 && matches!(value.as_bytes()[value.len() - 5], b'-' | b'+'),
        _ => false,
    };
    if !separator_ok {
        return false;
    }
    match digits.len() {
        10 => swedish(&digits),
        12 => (19..=20).contains(&(digits[0] * 10 + digits[1])) && swedish(&digits[2..]),
        11 if others.is_empty() => norwegian(&digits),
        _ => false,
    }
}

/// YYMMDDNNNN with a valid month, a day (or day + 60) and the Luhn check digit.
fn swedish(d: &[u32]) -> bool {
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    let day = if day > 60 { day - 60 } else { day };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let v = if i % 2 == 0 { x * 2 } else { x };
            v / 10 + v % 10
        })
        .sum();
    (10 - sum % 10) % 10 == d[9]
}

/// DDMMYYIIIKK with a valid day (or day + 40), month (or month + 40) and both mod-11 digits.
fn norwegian(d: &[u32]) -> bool {
    let day = d[0] * 10 + d[1];
    let day = if day > 40 { day - 40 } else { day };
    let month = d[2] * 10 + d[3];
    let month = if month > 40 { month - 40 } else { month };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let control = |weights: &[u32]| -> Option<u32> {
        let sum: u32 = weights.iter().zip(d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    control(&[3, 7, 6, 1, 8, 9, 4, 5, 2]) == Some(d[9])
        && control(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10])
}

#[cfg(test)]
mod tests {
    use super::looks_like_national_id;

    #[test]
    fn national_ids_are_recognised() {
        // Skatteverket's well-known test number, in every way it is written.
        for id in [
            "191212121212",
            "19121212-1212",
            "121212-1212",
            "121212+1212",
            "1212121212",
        ] {
            assert!(looks_like_national_id(id), "{id}");
        }
        // A samordningsnummer (day + 60).
        assert!(looks_like_national_id("701063-2391"));
        // A Norwegian test fødselsnummer.
        assert!(looks_like_national_id("01010000110"));
    }

    #[test]
    fn employee_numbers_are_not_national_ids() {
        for no in [
            "10023",
            "E-10023",
            "121212-1213",
            "1212121213",
            "01010000111",
            "",
            "131312-1212",
        ] {
            assert!(!looks_like_national_id(no), "{no}");
        }
    }
}
