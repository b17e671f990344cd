//! Docker's human-readable numbers: sizes (`52.1MB`, `5.629MiB`) and durations
//! (`About a minute`), ported from the rules of `github.com/docker/go-units`.

/// Go's `fmt.Sprintf("%.*g", prec, v)`: `prec` significant digits, trailing zeros
/// dropped, exponent form when the exponent is < -4 or >= `prec`.
pub fn go_g(v: f64, prec: usize) -> String {
    let prec = prec.max(1);
    if v == 0.0 {
        return "0".to_string();
    }
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let sci = format!("{:.*e}", prec - 1, v);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= prec as i32 {
        let m = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (prec as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

const DECIMAL: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const BINARY: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

fn scaled(size: f64, base: f64, units: &[&'static str; 9]) -> (f64, &'static str) {
    let mut size = size;
    let mut i = 0;
    while size >= base && i < units.len() - 1 {
        size /= base;
        i += 1;
    }
    (size, units[i])
}

/// `units.HumanSizeWithPrecision(size, prec)`: decimal units, `141MB`, `13.3kB`.
pub fn human_size_prec(size: u64, prec: usize) -> String {
    let (v, unit) = scaled(size as f64, 1000.0, &DECIMAL);
    format!("{}{unit}", go_g(v, prec))
}

/// `units.HumanSize`: precision 4 (`16.43MB`), used by `system df` and prune totals.
pub fn human_size(size: u64) -> String {
    human_size_prec(size, 4)
}

/// Sizes in `docker images`, `ps -s`, `history`: precision 3 (`52.1MB`).
pub fn size3(size: u64) -> String {
    human_size_prec(size, 3)
}

/// `units.BytesSize`: binary units with `%.4g` (`5.629MiB`, `1.952GiB`).
pub fn bytes_size(size: u64) -> String {
    let (v, unit) = scaled(size as f64, 1024.0, &BINARY);
    format!("{}{unit}", go_g(v, 4))
}

/// `units.HumanDuration` for a duration in seconds (fractions allowed).
pub fn human_duration(secs: f64) -> String {
    let seconds = secs as i64;
    if seconds < 1 {
        return "Less than a second".into();
    }
    if seconds == 1 {
        return "1 second".into();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = (secs / 60.0) as i64;
    if minutes == 1 {
        return "About a minute".into();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    let hours = (secs / 3600.0 + 0.5) as i64;
    if hours == 1 {
        return "About an hour".into();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    format!("{} years", (secs / 3600.0) as i64 / 24 / 365)
}

/// Parses a size such as `512m`, `1g`, `100k`, `2048` (docker's `RAMInBytes`).
pub fn parse_ram(s: &str) -> Option<u64> {
    let s = s.trim();
    let idx = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = s.split_at(idx);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some((n * mult) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_g_matches_go() {
        assert_eq!(go_g(52.1, 3), "52.1");
        assert_eq!(go_g(141.0, 3), "141");
        assert_eq!(go_g(999.9, 3), "1e+03");
        assert_eq!(go_g(1.25, 3), "1.25");
        assert_eq!(go_g(0.0, 3), "0");
        assert_eq!(go_g(16.4321, 4), "16.43");
        assert_eq!(go_g(7.0, 3), "7");
    }

    #[test]
    fn sizes() {
        assert_eq!(size3(0), "0B");
        assert_eq!(size3(13256), "13.3kB");
        assert_eq!(size3(52_100_000), "52.1MB");
        assert_eq!(size3(141_000_000), "141MB");
        assert_eq!(human_size(16_430_000), "16.43MB");
        assert_eq!(bytes_size(5_902_336), "5.629MiB");
        assert_eq!(bytes_size(2_095_944_000), "1.952GiB");
        assert_eq!(size3(212), "212B");
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(0.2), "Less than a second");
        assert_eq!(human_duration(1.5), "1 second");
        assert_eq!(human_duration(12.0), "12 seconds");
        assert_eq!(human_duration(61.0), "About a minute");
        assert_eq!(human_duration(150.0), "2 minutes");
        assert_eq!(human_duration(3600.0 * 1.2), "About an hour");
        assert_eq!(human_duration(90.0 * 60.0), "2 hours");
        assert_eq!(human_duration(3.0 * 24.0 * 3600.0), "3 days");
        assert_eq!(human_duration(21.0 * 24.0 * 3600.0), "3 weeks");
        assert_eq!(human_duration(90.0 * 24.0 * 3600.0), "3 months");
        assert_eq!(human_duration(800.0 * 24.0 * 3600.0), "2 years");
    }

    #[test]
    fn ram() {
        assert_eq!(parse_ram("512m"), Some(512 * 1024 * 1024));
        assert_eq!(parse_ram("x"), None);
    }
}
