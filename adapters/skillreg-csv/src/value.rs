//! Field values: dates, percentages, yes/no, and the check that keeps national identity numbers
//! out of the registry. Each parser gets the field's name (for the message) and the trimmed,
//! non-empty value.

use chrono::{NaiveDate, NaiveTime};

/// A date: `2026-11-20`, `20.11.2026`, `20261120`, each optionally followed by a time
/// (`2026-11-20T00:00:00`, `20.11.2026 00:00`) that is ignored. Two-digit years and dates with
/// slashes are refused as ambiguous.
pub(crate) fn date(key: &str, s: &str) -> Result<NaiveDate, String> {
    let bad = || format!("{key} must be a date like 2026-11-20 or 20.11.2026");
    if s.contains('/') {
        return Err(format!(
            "{key} is written with slashes, which is ambiguous (20/11 or 11/20?): export dates \
             as 2026-11-20 or 20.11.2026"
        ));
    }
    let (day, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim_start())),
        None => (s, None),
    };
    if let Some(time) = time {
        let is_time = ["%H:%M:%S%.f", "%H:%M"]
            .iter()
            .any(|f| NaiveTime::parse_from_str(time, f).is_ok());
        if !is_time {
            return Err(bad());
        }
    }
    let digits = |p: &str, lengths: &[usize]| {
        lengths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    // At most 4 ASCII digits each from here on: parsing cannot fail or overflow.
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    let ymd = |y: &str, m: &str, d: &str| {
        let year = i32::try_from(number(y)).ok()?;
        NaiveDate::from_ymd_opt(year, number(m), number(d))
    };
    let found = if let Some((y, rest)) = day.split_once('-') {
        let (m, d) = rest.split_once('-').unwrap_or((rest, ""));
        (digits(y, &[4]) && digits(m, &[2]) && digits(d, &[2]))
            .then(|| ymd(y, m, d))
            .flatten()
    } else if let Some((d, rest)) = day.split_once('.') {
        let (m, y) = rest.split_once('.').unwrap_or((rest, ""));
        if !(digits(d, &[1, 2]) && digits(m, &[1, 2])) {
            None
        } else if digits(y, &[2]) {
            return Err(format!(
                "{key} has a two-digit year, which is ambiguous: write the year in full, e.g. \
                 20.11.2026"
            ));
        } else if digits(y, &[4]) {
            ymd(y, m, d)
        } else {
            None
        }
    } else if digits(day, &[8]) {
        ymd(&day[..4], &day[4..6], &day[6..])
    } else {
        None
    };
    found.ok_or_else(bad)
}

/// A percentage 1-100: `75`, `75,5`, `75.5`, `75 %`, rounded to a whole percent (half up).
pub(crate) fn percent(key: &str, s: &str) -> Result<u8, String> {
    let bad = || format!("{key} must be a percentage 1-100, e.g. 75, 75,5 or 75 %");
    let n = s.strip_suffix('%').unwrap_or(s).trim_end();
    let (whole, fraction) = match n.split_once([',', '.']) {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return Err(bad()),
        None => (n, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || !digits(whole) || !digits(fraction) {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let exact = fraction.bytes().all(|b| b == b'0');
    if whole == 0 {
        return Err(if exact {
            bad()
        } else {
            format!(
                "{key} must be a percentage 1-100: {s} looks like a fraction; write 75 for 75 %"
            )
        });
    }
    if whole > 100 || (whole == 100 && !exact) {
        return Err(bad());
    }
    let up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    u8::try_from(whole + u32::from(up)).map_err(|_| bad())
}

/// Whether a row is the primary employment: 1/0, true/false, ja/nej (nei), yes/no, x.
pub(crate) fn flag(key: &str, s: &str) -> Result<bool, String> {
    const YES: [&str; 6] = ["1", "true", "ja", "j", "yes", "x"];
    const NO: [&str; 6] = ["0", "false", "nej", "nei", "n", "no"];
    if YES.iter().any(|y| s.eq_ignore_ascii_case(y)) {
        Ok(true)
    } else if NO.iter().any(|n| s.eq_ignore_ascii_case(n)) {
        Ok(false)
    } else {
        Err(format!(
            "{key} must be 1 or 0, true or false, ja or nej (nei), yes or no, or x or empty"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<String, String> {
        date("start", s).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_every_accepted_form() {
        for s in [
            "2026-11-20",
            "20.11.2026",
            "2026-11-20T00:00:00",
            "2026-11-20 00:00:00",
            "2026-11-20T08:30",
            "20.11.2026 00:00",
            "20261120",
        ] {
            assert_eq!(d(s), Ok("2026-11-20".to_string()), "{s}");
        }
        assert_eq!(d("1.2.2026"), Ok("2026-02-01".to_string()));
    }

    #[test]
    fn ambiguous_dates_are_refused_with_the_reason() {
        assert_eq!(
            d("20.11.26"),
            Err(
                "start has a two-digit year, which is ambiguous: write the year in full, e.g. \
                 20.11.2026"
                    .to_string()
            )
        );
        assert_eq!(
            d("20/11/2026"),
            Err(
                "start is written with slashes, which is ambiguous (20/11 or 11/20?): export \
                 dates as 2026-11-20 or 20.11.2026"
                    .to_string()
            )
        );
        assert!(d("2026/11/20").is_err_and(|e| e.contains("slashes")));
    }

    #[test]
    fn bad_dates() {
        let bad = Err("start must be a date like 2026-11-20 or 20.11.2026".to_string());
        for s in [
            "2026-13-45",
            "31.02.2026",
            "2026-1-5",
            "2026.11.20",
            "20.11",
            "x",
            "2026-11-20Tnoon",
            "2026-11-20T25:00:00",
            "202611200",
            "20.11.20266",
            "٢٠٢٦-١١-٢٠",
            "2026-11-20-",
        ] {
            assert_eq!(d(s), bad, "{s}");
        }
    }

    #[test]
    fn percentages_round_to_whole_percent() {
        let p = |s| percent("percent", s);
        assert_eq!(p("75"), Ok(75));
        assert_eq!(p("75,5"), Ok(76));
        assert_eq!(p("75.5"), Ok(76));
        assert_eq!(p("75,49"), Ok(75));
        assert_eq!(p("75 %"), Ok(75));
        assert_eq!(p("75%"), Ok(75));
        assert_eq!(p("100,0"), Ok(100));
        assert_eq!(p("1"), Ok(1));
        assert_eq!(p("007"), Ok(7));
    }

    #[test]
    fn bad_percentages() {
        let bad = Err("percent must be a percentage 1-100, e.g. 75, 75,5 or 75 %".to_string());
        for s in [
            "0",
            "150",
            "100,5",
            "-5",
            "75,",
            ",5",
            "1e2",
            "inf",
            "75 %%",
            "7 5",
            "9999999999",
        ] {
            assert_eq!(percent("percent", s), bad, "{s}");
        }
        assert_eq!(
            percent("percent", "0,75"),
            Err(
                "percent must be a percentage 1-100: 0,75 looks like a fraction; write 75 for \
                 75 %"
                    .to_string()
            )
        );
    }

    #[test]
    fn flags() {
        for s in ["1", "true", "JA", "yes", "x", "X", "j"] {
            assert_eq!(flag("primary", s), Ok(true), "{s}");
        }
        for s in ["0", "False", "nej", "nei", "no", "n"] {
            assert_eq!(flag("primary", s), Ok(false), "{s}");
        }
        assert!(flag("primary", "kanske").is_err());
    }
}
