//! Values both formats write the same way: dates, time stamps judged by the day in Stockholm,
//! and version numbers.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeDelta};

/// `YYYY-MM-DD`, strictly (a valid day of the proleptic Gregorian calendar).
#[inline]
pub fn plain_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    // Digits only from here on, so the arithmetic cannot overflow.
    let number = |range: std::ops::Range<usize>| {
        b.get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
}

/// The day of a time stamp: an RFC 3339 one is converted to the day in Europe/Stockholm;
/// `YYYY-MM-DDTHH:MM:SS` (with optional fractions) is local time already and its day is taken.
pub fn local_day(s: &str) -> Option<NaiveDate> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(stockholm_date(t.naive_utc()));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.date())
}

/// The day in Europe/Stockholm at the UTC time `utc`.
///
/// Stockholm keeps Central European Time, UTC+01:00, but for summer time, UTC+02:00, from 01:00
/// UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (the EU rule,
/// followed since 1996 and applied here to every year). That rule is all the adapters need, so
/// it is written out here rather than taken from a time zone database.
pub fn stockholm_date(utc: NaiveDateTime) -> NaiveDate {
    let change = |month| {
        // March and October have 31 days.
        let last = NaiveDate::from_ymd_opt(utc.year(), month, 31)?;
        let sunday =
            last.checked_sub_days(Days::new(last.weekday().num_days_from_sunday().into()))?;
        sunday.and_hms_opt(1, 0, 0)
    };
    let summer = match (change(3), change(10)) {
        (Some(start), Some(end)) => start <= utc && utc < end,
        _ => false,
    };
    let offset = TimeDelta::hours(if summer { 2 } else { 1 });
    utc.checked_add_signed(offset).unwrap_or(utc).date()
}

/// The major version of a version number like `1.2` or `2` (dot-separated numbers), without
/// leading zeros; `None` if `s` is not a version number.
pub fn major_version(s: &str) -> Option<&str> {
    let mut parts = s.split('.');
    let major = parts.next().unwrap_or_default();
    let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (numeric(major) && parts.all(numeric)).then(|| major.trim_start_matches('0'))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn plain_dates() {
        assert_eq!(plain_date("2015-03-01"), day(2015, 3, 1));
        assert_eq!(plain_date("2024-02-29"), day(2024, 2, 29));
        for bad in [
            "2015-3-01",
            "2015-02-30",
            "01/03/2015",
            "2015-03-01T00:00",
            "2015-03-01Z",
            "",
            "2015-03-0é",
            "2015+03-01",
            "+015-03-01",
        ] {
            assert_eq!(plain_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn time_stamps_give_the_day_in_stockholm() {
        let cases = [
            ("2026-11-20T01:30:00", day(2026, 11, 20)),
            ("2026-11-20T23:59:59.5", day(2026, 11, 20)),
            ("2026-11-19T23:30:00Z", day(2026, 11, 20)),
            ("2026-11-19T22:59:59Z", day(2026, 11, 19)),
            ("2026-06-30T22:30:00Z", day(2026, 7, 1)),
            ("2026-06-30T21:59:59Z", day(2026, 6, 30)),
            ("2026-07-01T01:00:00+03:00", day(2026, 7, 1)),
            ("2026-11-20T02:00:00+01:00", day(2026, 11, 20)),
            // Summer time starts at 01:00 UTC on the last Sunday of March.
            ("2026-03-28T22:59:59Z", day(2026, 3, 28)),
            ("2026-03-29T00:59:59Z", day(2026, 3, 29)),
            ("2026-10-24T22:00:00Z", day(2026, 10, 25)),
            ("2026-10-25T22:59:59Z", day(2026, 10, 25)),
            ("2026-12-31T23:00:00Z", day(2027, 1, 1)),
        ];
        for (s, expected) in cases {
            assert_eq!(local_day(s), expected, "{s}");
        }
        for bad in ["2026-11-20", "20 nov 2026", "2026-11-20T25:00:00", ""] {
            assert_eq!(local_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions() {
        let cases = [
            ("2.0", Some("2")),
            ("1.2", Some("1")),
            ("2", Some("2")),
            ("02.2", Some("2")),
            ("10.1.3", Some("10")),
            ("0.9", Some("")),
            ("2.x", None),
            ("", None),
            ("v2", None),
            ("2.", None),
            ("1..2", None),
        ];
        for (s, expected) in cases {
            assert_eq!(major_version(s), expected, "{s}");
        }
    }

    #[test]
    fn time_stamps_with_an_offset_give_the_day_in_stockholm() {
        let day = |s: &str| local_day(s).map(|d| d.to_string());
        let cases = [
            // Winter: UTC+01:00.
            ("2026-11-19T23:30:00Z", "2026-11-20"),
            ("2026-11-19T22:59:59Z", "2026-11-19"),
            ("2026-11-20T02:00:00+01:00", "2026-11-20"),
            ("2026-11-20T00:30:00+05:00", "2026-11-19"),
            ("2026-12-31T23:00:00Z", "2027-01-01"),
            // Summer time: UTC+02:00.
            ("2026-06-30T22:30:00Z", "2026-07-01"),
            ("2026-06-30T21:59:59Z", "2026-06-30"),
            ("2026-07-01T01:00:00+03:00", "2026-07-01"),
            // It begins at 01:00 UTC on the last Sunday of March (2026-03-29)...
            ("2026-03-29T00:30:00Z", "2026-03-29"),
            ("2026-03-28T22:59:59Z", "2026-03-28"),
            ("2026-03-28T23:00:00Z", "2026-03-29"),
            // ... and ends at 01:00 UTC on the last Sunday of October (2026-10-25).
            ("2026-10-24T21:59:59Z", "2026-10-24"),
            ("2026-10-24T22:00:00Z", "2026-10-25"),
            ("2027-03-27T22:30:00Z", "2027-03-27"),
            ("2027-03-28T22:30:00Z", "2027-03-29"),
            ("2027-10-30T22:30:00Z", "2027-10-31"),
            ("2027-10-31T22:30:00Z", "2027-10-31"),
            // Without an offset, the time is Stockholm's already.
            ("2026-11-19T23:30:00", "2026-11-19"),
            ("2026-06-30T23:59:59", "2026-06-30"),
        ];
        for (timestamp, expected) in cases {
            assert_eq!(day(timestamp).as_deref(), Some(expected), "{timestamp}");
        }
    }

    #[test]
    fn summer_time_changes_at_one_utc() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok();
        let local = |s: &str| at(s).map(|t| stockholm_date(t).to_string());
        // 2026-10-25 01:00 UTC: 03:00 summer time becomes 02:00 winter time, the same day.
        assert_eq!(local("2026-10-25T00:59:59").as_deref(), Some("2026-10-25"));
        assert_eq!(local("2026-10-25T01:00:00").as_deref(), Some("2026-10-25"));
        // Near midnight the offset decides the day.
        assert_eq!(local("2026-10-24T22:00:00").as_deref(), Some("2026-10-25"));
        assert_eq!(local("2026-10-25T22:00:00").as_deref(), Some("2026-10-25"));
        assert_eq!(local("2026-10-25T23:00:00").as_deref(), Some("2026-10-26"));
    }
}
