//! Calendar days as day numbers (days since 1970-01-01), after Howard Hinnant's
//! `days_from_civil` / `civil_from_days`, and the Stockholm offset of the nightly export.

/// A day number: days since 1970-01-01.
pub(crate) type Day = i32;

/// The day of the first export (night 0): 2026-11-20.
pub(crate) const NIGHT_ZERO: Day = days_from_civil(2026, 11, 20);

pub(crate) const fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

pub(crate) const fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe as i32 + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// Appends `YYYY-MM-DD` (years 0-9999).
pub(crate) fn push_date(buf: &mut Vec<u8>, day: Day) {
    let (y, m, d) = civil_from_days(day);
    let y = y.clamp(0, 9999) as u32;
    buf.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (d / 10) as u8,
        b'0' + (d % 10) as u8,
    ]);
}

/// 0 = Monday ... 6 = Sunday.
const fn weekday(day: Day) -> i32 {
    (day + 3).rem_euclid(7)
}

/// The last Sunday of a month.
const fn last_sunday(y: i32, m: u32) -> Day {
    let first_of_next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let last = first_of_next - 1;
    last - (weekday(last) + 1) % 7
}

/// The local time and UTC offset to write for "02:00 in Stockholm" on `day`: `+01:00` in
/// winter, `+02:00` in summer (EU rules: from the last Sunday of March to the last Sunday of
/// October). On the spring-forward Sunday 02:00 does not exist, so 03:00+02:00 is written.
pub(crate) fn stockholm_two_am(day: Day) -> (&'static str, &'static str) {
    let (y, _, _) = civil_from_days(day);
    let summer_start = last_sunday(y, 3);
    let summer_end = last_sunday(y, 10);
    if day == summer_start {
        ("03:00:00", "+02:00")
    } else if day > summer_start && day <= summer_end {
        // On the autumn Sunday 02:00 happens twice; the first (summer) one is meant.
        ("02:00:00", "+02:00")
    } else {
        ("02:00:00", "+01:00")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(day: Day) -> String {
        let mut v = Vec::new();
        push_date(&mut v, day);
        String::from_utf8(v).unwrap_or_default()
    }

    #[test]
    fn round_trips_and_formats() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(show(NIGHT_ZERO), "2026-11-20");
        assert_eq!(show(NIGHT_ZERO + 42), "2027-01-01");
        assert_eq!(show(days_from_civil(2024, 2, 29)), "2024-02-29");
        for day in -1000..30_000 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn stockholm_offsets() {
        assert_eq!(stockholm_two_am(NIGHT_ZERO), ("02:00:00", "+01:00"));
        assert_eq!(
            stockholm_two_am(days_from_civil(2027, 3, 28)),
            ("03:00:00", "+02:00")
        );
        assert_eq!(
            stockholm_two_am(days_from_civil(2027, 3, 29)),
            ("02:00:00", "+02:00")
        );
        assert_eq!(
            stockholm_two_am(days_from_civil(2027, 10, 31)),
            ("02:00:00", "+02:00")
        );
        assert_eq!(
            stockholm_two_am(days_from_civil(2027, 11, 1)),
            ("02:00:00", "+01:00")
        );
    }
}
