//! The engine's timestamps (`2026-12-01T10:34:57.056118963Z`) as [`SystemTime`], so a check
//! can ask whether something happened after the learner opened a step.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parses an RFC 3339 time as the engine writes it (UTC or with an offset, any fraction).
/// `None` for the engine's "never" (`0001-01-01T00:00:00Z`) and for anything unreadable.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    let (clock, offset_secs) = split_offset(rest)?;
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut t = hms.splitn(3, ':');
    let hour: i64 = t.next()?.parse().ok()?;
    let minute: i64 = t.next()?.parse().ok()?;
    let second: i64 = t.next()?.parse().ok()?;
    let nanos: u32 = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction.chars().take(9).collect();
        format!("{digits:0<9}").parse().ok()?
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    let secs = u64::try_from(secs).ok().filter(|&s| s > 0)?;
    Some(UNIX_EPOCH + Duration::new(secs, nanos))
}

/// The clock part and the offset from UTC in seconds (`Z`, `+02:00`, `-0500`).
fn split_offset(rest: &str) -> Option<(&str, i64)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let at = rest.rfind(['+', '-'])?;
    let (clock, offset) = rest.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some((clock, sign * (hours * 3600 + minutes * 60)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A time as the engine's `since`/`until` filters take it: `seconds.nanoseconds`.
pub fn unix_filter(at: SystemTime) -> String {
    let d = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    format!("{}.{:09}", d.as_secs(), d.subsec_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_times_read_to_the_nanosecond() {
        let t = parse_rfc3339("2026-12-01T10:34:57.056118963Z").expect("time");
        let d = t.duration_since(UNIX_EPOCH).expect("after epoch");
        assert_eq!(d.as_secs(), 1_796_121_297);
        assert_eq!(d.subsec_nanos(), 56_118_963);
        assert_eq!(unix_filter(t), "1796121297.056118963");
    }

    #[test]
    fn offsets_and_never_are_understood() {
        let utc = parse_rfc3339("2024-02-29T12:00:00Z").expect("utc");
        let cet = parse_rfc3339("2024-02-29T13:00:00+01:00").expect("offset");
        assert_eq!(utc, cet);
        assert_eq!(parse_rfc3339("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
