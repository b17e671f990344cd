//! Virtual time. The engine never reads a clock: the front end (or the script runner)
//! tells it what time it is, as nanoseconds since the Unix epoch.

/// Nanoseconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

pub const SECOND: Time = 1_000_000_000;

/// A calendar date and time in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    pub weekday: u32, // 0 = Sunday
}

pub fn civil(t: Time) -> Civil {
    let secs = t.div_euclid(SECOND);
    let nanos = t.rem_euclid(SECOND) as u32;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = if m <= 2 { y + 1 } else { y };
    Civil {
        year,
        month: m,
        day: d,
        hour: (sod / 3600) as u32,
        minute: (sod % 3600 / 60) as u32,
        second: (sod % 60) as u32,
        nanos,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// Inverse of [`civil`] for whole seconds (used to parse catalogue dates).
pub fn from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Time {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days * 86_400 + hour as i64 * 3600 + minute as i64 * 60 + second as i64) * SECOND
}

/// Parses `2023-08-26T00:26:34Z` (optionally with fractional seconds).
pub fn parse_rfc3339(s: &str) -> Option<Time> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-');
    let year = d.next()?.parse().ok()?;
    let month = d.next()?.parse().ok()?;
    let day = d.next()?.parse().ok()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':');
    let hour = t.next()?.parse().ok()?;
    let minute = t.next()?.parse().ok()?;
    let second = t.next()?.parse().ok()?;
    let mut nanos: i64 = 0;
    if !frac.is_empty() {
        let digits: String = frac.chars().take(9).collect();
        nanos = digits.parse::<i64>().ok()? * 10i64.pow(9 - digits.len() as u32);
    }
    Some(from_civil(year, month, day, hour, minute, second) + nanos)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Go's `time.RFC3339Nano` in UTC: `2023-09-19T21:59:56.123456789Z`, zeros trimmed.
pub fn rfc3339_nano(t: Time) -> String {
    let c = civil(t);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    );
    if c.nanos != 0 {
        let frac = format!("{:09}", c.nanos);
        s.push('.');
        s.push_str(frac.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

/// `2023-09-19 21:59:56 +0000 UTC` (Go's default `time.Time` string, used by `CREATED AT`).
pub fn go_default(t: Time) -> String {
    let c = civil(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} +0000 UTC",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `19/Sep/2023 21:59:56` — Python's http.server log date.
pub fn python_log(t: Time) -> String {
    let c = civil(t);
    format!(
        "{:02}/{}/{:04} {:02}:{:02}:{:02}",
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `2023/09/19 21:59:56` — nginx's error log date.
pub fn slash_date(t: Time) -> String {
    let c = civil(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `Tue Oct  7 16:05:01 2025` — Go's `time.ANSIC`.
pub fn ansic(t: Time) -> String {
    let c = civil(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        DAYS[c.weekday as usize],
        MONTHS[(c.month - 1) as usize],
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

/// `21:59` — `ps -ef` STIME.
pub fn hh_mm(t: Time) -> String {
    let c = civil(t);
    format!("{:02}:{:02}", c.hour, c.minute)
}

/// `19 Sep 2023 21:59:56.123 UTC`-style clock used by redis logs: `19 Sep 2023 21:59:56.123`.
pub fn redis_log(t: Time) -> String {
    let c = civil(t);
    format!(
        "{:02} {} {:04} {:02}:{:02}:{:02}.{:03}",
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second,
        c.nanos / 1_000_000
    )
}

/// `2023-09-19 21:59:56.123 UTC` — postgres log prefix.
pub fn postgres_log(t: Time) -> String {
    let c = civil(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.nanos / 1_000_000
    )
}

/// `Tue Sep 19 21:59:56 UTC 2023` — the `date` command.
pub fn unix_date(t: Time) -> String {
    let c = civil(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        DAYS[c.weekday as usize],
        MONTHS[(c.month - 1) as usize],
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let t = parse_rfc3339("2023-09-19T21:59:56.5Z").unwrap();
        assert_eq!(rfc3339_nano(t), "2023-09-19T21:59:56.5Z");
        assert_eq!(python_log(t), "19/Sep/2023 21:59:56");
        assert_eq!(ansic(t), "Tue Sep 19 21:59:56 2023");
        assert_eq!(civil(0).weekday, 4);
        assert_eq!(rfc3339_nano(from_civil(2000, 2, 29, 0, 0, 0)), "2000-02-29T00:00:00Z");
    }
}
