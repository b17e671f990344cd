//! Calendar arithmetic for `date`, `ls -l` and `ps` (UTC only: containers have no zone set).

/// A broken-down UTC time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tm {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    /// 0 = Sunday
    pub wday: u32,
    /// 0-based day of the year
    pub yday: u32,
    pub nanos: u32,
    /// Seconds since the epoch.
    pub epoch: i64,
}

pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAYS_LONG: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Breaks nanoseconds since the epoch into a UTC calendar time.
pub(crate) fn tm(ns: i64) -> Tm {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000) as u32;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let mut yday = cum[(month - 1) as usize] + day - 1;
    if month > 2 && is_leap(year) {
        yday += 1;
    }
    Tm {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        min: ((rem % 3600) / 60) as u32,
        sec: (rem % 60) as u32,
        wday: (days + 4).rem_euclid(7) as u32,
        yday,
        nanos,
        epoch: secs,
    }
}

/// `Sat Nov 22 15:45:00 UTC 2025`: what `date` prints by default.
pub(crate) fn default_date(ns: i64) -> String {
    strftime("%a %b %e %H:%M:%S %Z %Y", ns)
}

/// The date column of `ls -l`: `Nov 22 15:45` within six months of `now`, else `Nov 22  2024`.
pub(crate) fn ls_date(t: i64, now: i64) -> String {
    let six_months = 31_556_952i64 / 2 * 1_000_000_000;
    if t > now - six_months && t <= now + 60 * 1_000_000_000 {
        strftime("%b %e %H:%M", t)
    } else {
        strftime("%b %e  %Y", t)
    }
}

/// A `strftime` subset (the conversions `date +FORMAT` users reach for). Unknown
/// conversions are printed as written, like glibc does.
pub(crate) fn strftime(fmt: &str, ns: i64) -> String {
    let t = tm(ns);
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Flags: `-` (no padding), `_` (space padding), `0`.
        let mut pad: Option<char> = None;
        while let Some(&f) = chars.peek() {
            if f == '-' || f == '_' || f == '0' {
                pad = Some(f);
                chars.next();
            } else {
                break;
            }
        }
        let num = |v: i64, width: usize, default_pad: char| -> String {
            match pad.unwrap_or(default_pad) {
                '-' => v.to_string(),
                '_' => format!("{v:>width$}"),
                _ => format!("{v:0>width$}"),
            }
        };
        let Some(conv) = chars.next() else {
            out.push('%');
            break;
        };
        let s = match conv {
            'Y' => t.year.to_string(),
            'C' => num(t.year / 100, 2, '0'),
            'y' => num(t.year % 100, 2, '0'),
            'm' => num(t.month as i64, 2, '0'),
            'd' => num(t.day as i64, 2, '0'),
            'e' => num(t.day as i64, 2, '_'),
            'H' => num(t.hour as i64, 2, '0'),
            'k' => num(t.hour as i64, 2, '_'),
            'I' => num(((t.hour + 11) % 12 + 1) as i64, 2, '0'),
            'l' => num(((t.hour + 11) % 12 + 1) as i64, 2, '_'),
            'M' => num(t.min as i64, 2, '0'),
            'S' => num(t.sec as i64, 2, '0'),
            'N' => format!("{:09}", t.nanos),
            'p' => (if t.hour < 12 { "AM" } else { "PM" }).to_string(),
            'P' => (if t.hour < 12 { "am" } else { "pm" }).to_string(),
            'j' => num(t.yday as i64 + 1, 3, '0'),
            'a' => DAYS[t.wday as usize].to_string(),
            'A' => DAYS_LONG[t.wday as usize].to_string(),
            'b' | 'h' => MONTHS[(t.month - 1) as usize].to_string(),
            'B' => MONTHS_LONG[(t.month - 1) as usize].to_string(),
            'u' => (if t.wday == 0 { 7 } else { t.wday }).to_string(),
            'w' => t.wday.to_string(),
            's' => t.epoch.to_string(),
            'Z' => "UTC".to_string(),
            'z' => "+0000".to_string(),
            'F' => format!("{}-{:02}-{:02}", t.year, t.month, t.day),
            'D' => format!("{:02}/{:02}/{:02}", t.month, t.day, t.year % 100),
            'T' => format!("{:02}:{:02}:{:02}", t.hour, t.min, t.sec),
            'R' => format!("{:02}:{:02}", t.hour, t.min),
            'r' => format!(
                "{:02}:{:02}:{:02} {}",
                (t.hour + 11) % 12 + 1,
                t.min,
                t.sec,
                if t.hour < 12 { "AM" } else { "PM" }
            ),
            'c' => strftime("%a %b %e %H:%M:%S %Y", ns),
            'x' => strftime("%m/%d/%y", ns),
            'X' => strftime("%H:%M:%S", ns),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}

/// Parses `YYYY-MM-DD[ T]hh:mm[:ss]` or `@SECONDS` (for `date -d`), to ns since the epoch.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some(secs) = s.strip_prefix('@') {
        return secs.parse::<i64>().ok().and_then(|v| v.checked_mul(1_000_000_000));
    }
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(0..=9999).contains(&y) {
        return None;
    }
    let (mut hh, mut mm, mut ss) = (0u32, 0u32, 0u32);
    if let Some(t) = time {
        let mut tp = t.split(':');
        hh = tp.next()?.parse().ok()?;
        mm = tp.next()?.parse().ok()?;
        ss = match tp.next() {
            Some(x) => x.parse().ok()?,
            None => 0,
        };
        if hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
    }
    let days = days_from_civil(y, m, d);
    Some((days * 86_400 + (hh * 3600 + mm * 60 + ss) as i64) * 1_000_000_000)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_763_826_300 * 1_000_000_000; // 2025-11-22 15:45:00 UTC

    #[test]
    fn formats() {
        assert_eq!(default_date(T), "Sat Nov 22 15:45:00 UTC 2025");
        assert_eq!(strftime("%F %T %j %s %-d", T), "2025-11-22 15:45:00 326 1763826300 22");
        assert_eq!(ls_date(T, T), "Nov 22 15:45");
        assert_eq!(ls_date(0, T), "Jan  1  1970");
        assert_eq!(parse_date("2025-11-22 15:45:00"), Some(T));
        assert_eq!(parse_date("@1763826300"), Some(T));
        assert_eq!(strftime("%Q", T), "%Q");
    }
}
