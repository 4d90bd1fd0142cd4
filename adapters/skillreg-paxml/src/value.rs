//! Values of a PAXml file: dates, the header's time stamp and version, the employment rate,
//! booleans; each parser says what it expected.

use chrono::NaiveDate;
use skillreg_xmlin::{local_day, major_version, plain_date};

/// An `xs:date`: `YYYY-MM-DD`, optionally followed by a time zone (`Z`, `+01:00`), which is
/// ignored (the day is the day written).
pub(crate) fn date(element: &str, s: &str) -> Result<NaiveDate, String> {
    let day = s.get(..10).filter(|_| {
        let zone = s.get(10..).unwrap_or_default();
        zone.is_empty() || zone == "Z" || is_offset(zone)
    });
    day.and_then(plain_date)
        .ok_or_else(|| format!("{element} must be a date YYYY-MM-DD"))
}

/// `+HH:MM` or `-HH:MM`.
fn is_offset(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && matches!(b.first(), Some(b'+' | b'-'))
        && b.get(3) == Some(&b':')
        && [1, 2, 4, 5]
            .iter()
            .all(|&i| b.get(i).is_some_and(u8::is_ascii_digit))
}

/// The header's `datum`, an `xs:dateTime`: with an offset (or `Z`) it is converted to the day in
/// Europe/Stockholm; without one it is local time already and its day is taken. A plain date is
/// accepted too.
pub(crate) fn timestamp(element: &str, s: &str) -> Result<NaiveDate, String> {
    local_day(s).or_else(|| plain_date(s)).ok_or_else(|| {
        format!("{element} must be a date and time like 2026-11-20T01:30:00 (local time)")
    })
}

/// `header/version`: `2.x` (or `2`); another major version is refused.
pub(crate) fn version(s: &str) -> Result<(), String> {
    let Some(major) = major_version(s) else {
        return Err("version must be a PAXml version like 2.0".to_string());
    };
    if major != "2" {
        return Err(format!(
            "PAXml version {s} is not supported: this adapter reads PAXml 2.x; ask for a 2.x \
             file or upgrade skillreg"
        ));
    }
    Ok(())
}

/// `sysgrad`: a percentage with `.` as decimal mark, more than 0 and at most 100, rounded to a
/// whole percent (half away from zero; at least 1).
pub(crate) fn percent(element: &str, s: &str) -> Result<u8, String> {
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let shape = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    if !shape {
        let hint = if s.contains(',') {
            " (with . as decimal mark, not ,)"
        } else {
            ""
        };
        return Err(format!(
            "{element} must be a percentage more than 0 and at most 100{hint}"
        ));
    }
    // Whole part as a number (leading zeros allowed, at most 3 digits that matter), then the
    // first decimal decides the rounding; any later non-zero decimal matters only for 100.
    let whole = whole.trim_start_matches('0');
    let out_of_range = || format!("{element} must be a percentage more than 0 and at most 100");
    if whole.len() > 3 {
        return Err(out_of_range());
    }
    let n: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| out_of_range())?
    };
    let any_fraction = fraction.bytes().any(|b| b != b'0');
    if n > 100 || (n == 100 && any_fraction) || (n == 0 && !any_fraction) {
        return Err(out_of_range());
    }
    let round_up = fraction.as_bytes().first().is_some_and(|b| *b >= b'5');
    let rounded = (n + u32::from(round_up)).clamp(1, 100);
    u8::try_from(rounded).map_err(|_| out_of_range())
}

/// An `xs:boolean`: `true`, `false`, `1` or `0`.
pub(crate) fn boolean(key: &str, s: &str) -> Result<bool, String> {
    match s {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(format!("{key} must be true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates() {
        assert_eq!(date("anstdatum", "2015-03-01").ok(), day(2015, 3, 1));
        assert_eq!(date("anstdatum", "2015-03-01Z").ok(), day(2015, 3, 1));
        assert_eq!(date("anstdatum", "2015-03-01+01:00").ok(), day(2015, 3, 1));
        // The day itself is checked by `skillreg_xmlin::plain_date`; here what may follow it.
        for bad in [
            "2015-02-30",
            "2015-03-01T00:00",
            "2015-03-01+1:00",
            "2015-03-01z",
        ] {
            assert_eq!(
                date("anstdatum", bad),
                Err("anstdatum must be a date YYYY-MM-DD".to_string()),
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamps_give_the_local_day() {
        let cases = [
            ("2026-11-20T01:30:00", day(2026, 11, 20)),
            ("2026-11-20T23:59:59.5", day(2026, 11, 20)),
            ("2026-11-19T23:30:00Z", day(2026, 11, 20)),
            ("2026-11-19T22:59:59Z", day(2026, 11, 19)),
            ("2026-06-30T22:30:00Z", day(2026, 7, 1)),
            ("2026-07-01T01:00:00+03:00", day(2026, 7, 1)),
            ("2026-11-20", day(2026, 11, 20)),
        ];
        for (s, expected) in cases {
            assert_eq!(timestamp("datum", s).ok(), expected, "{s}");
        }
        assert!(timestamp("datum", "20 nov 2026").is_err());
        assert!(timestamp("datum", "2026-11-20T25:00:00").is_err());
    }

    #[test]
    fn versions() {
        for ok in ["2.0", "2.1", "2.3", "2", "02.2"] {
            assert_eq!(version(ok), Ok(()), "{ok}");
        }
        for bad in ["3.0", "1.0", "2.x", "", "v2"] {
            assert!(version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn percentages() {
        let cases = [
            ("75", Some(75)),
            ("75.00", Some(75)),
            ("37.5", Some(38)),
            ("37.49", Some(37)),
            ("100", Some(100)),
            ("100.00", Some(100)),
            ("0.4", Some(1)),
            ("0.5", Some(1)),
            ("+50", Some(50)),
            ("007", Some(7)),
            (".5", Some(1)),
            ("0", None),
            ("0.00", None),
            ("100.01", None),
            ("101", None),
            ("-5", None),
            ("75,5", None),
            ("", None),
            (".", None),
            ("1e2", None),
            ("99999999999999999999", None),
        ];
        for (s, expected) in cases {
            assert_eq!(percent("sysgrad", s).ok(), expected, "{s}");
        }
        assert_eq!(
            percent("sysgrad", "75,5"),
            Err(
                "sysgrad must be a percentage more than 0 and at most 100 (with . as decimal \
                 mark, not ,)"
                    .to_string()
            )
        );
    }

    #[test]
    fn booleans() {
        assert_eq!(boolean("delete", "true"), Ok(true));
        assert_eq!(boolean("delete", "0"), Ok(false));
        assert!(boolean("delete", "yes").is_err());
    }
}
