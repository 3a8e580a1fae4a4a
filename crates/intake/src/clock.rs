//! The one place the server reads the wall clock. Everything below takes the time as an
//! argument (`now_ms`), so rules are tested with any time they need.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

const DAY_MS: i64 = 86_400_000;

/// The first millisecond (UTC) of a `yyyy-mm-dd` day, or `None` if it is not such a date.
/// Days from civil date by Howard Hinnant's algorithm: two conversions do not pay for a
/// date library.
pub fn day_start_ms(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * DAY_MS)
}

/// The last millisecond (UTC) of a `yyyy-mm-dd` day.
pub fn day_end_ms(date: &str) -> Option<i64> {
    day_start_ms(date).map(|start| start + DAY_MS - 1)
}

/// `yyyy-mm-dd hh:mm` in UTC (civil from days, the inverse of [`day_start_ms`]).
pub fn utc_minute(ms: i64) -> String {
    let z = ms.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let minutes = ms.rem_euclid(DAY_MS) / 60_000;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

/// `yyyy-mm-dd` in UTC.
pub fn utc_day(ms: i64) -> String {
    utc_minute(ms)[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_parsed_in_utc() {
        assert_eq!(day_start_ms("1970-01-02"), Some(86_400_000));
        assert_eq!(day_start_ms("2026-11-24"), Some(1_795_478_400_000));
        assert_eq!(day_end_ms("2026-11-24"), Some(1_795_564_799_999));
        assert_eq!(day_start_ms("2026-13-01"), None);
        assert_eq!(day_start_ms("yesterday"), None);
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(
            utc_minute(1_795_478_400_000 + 3_600_000 * 13 + 60_000 * 5),
            "2026-11-24 13:05"
        );
    }

    #[test]
    fn showing_a_day_start_gives_the_day_back() {
        for day in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2026-03-01",
            "2100-03-01",
        ] {
            let start = day_start_ms(day).unwrap();
            assert_eq!(utc_minute(start), format!("{day} 00:00"));
            assert_eq!(utc_minute(start + DAY_MS - 1), format!("{day} 23:59"));
        }
    }
}
