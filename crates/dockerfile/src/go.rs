//! Helpers that reproduce the Go standard-library behaviour BuildKit's messages and dumps rely on.
//!
//! Go's `unicode` tables are not available in `std`; where a Go predicate depends on the Unicode
//! general category the approximation used here is documented on the function.

/// Go `unicode.IsSpace`: the Unicode `White_Space` property, the same set as [`char::is_whitespace`].
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go `unicode.IsSpace(rune(b))` for code that iterates a string byte by byte (Latin-1 view).
pub(crate) fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xa0)
}

/// Go `strings.TrimSpace`.
pub(crate) fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Go `strings.TrimLeftFunc(s, unicode.IsSpace)`.
pub(crate) fn trim_left_space(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// Go `unicode.IsLetter` (general category L).
///
/// Exact for ASCII; for other characters it uses the `Alphabetic` property minus numeric
/// characters, which also accepts a few combining marks Go would reject.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic() && !c.is_numeric()
    }
}

/// Go `unicode.IsDigit` (general category Nd).
///
/// Exact for ASCII; for other characters it accepts numeric characters that are not alphabetic,
/// which also accepts a few `No` characters (like superscripts) Go would reject.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric() && !c.is_alphabetic()
    }
}

/// Go `strings.ToLower` (simple per-rune case mapping).
pub(crate) fn to_lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// Go `strings.ToUpper` (simple per-rune case mapping).
pub(crate) fn to_upper(s: &str) -> String {
    s.chars().map(upper_char).collect()
}

fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn upper_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go `strings.EqualFold` restricted to what BuildKit uses it for (`AS`); simple case folding.
pub(crate) fn equal_fold(a: &str, b: &str) -> bool {
    to_lower(a) == to_lower(b)
}

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Go `strconv.Quote`: a double-quoted Go string literal.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_quoted_char(&mut out, c);
    }
    out.push('"');
    out
}

fn push_quoted_char(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ => {
            let v = c as u32;
            if v < 0x20 || v == 0x7f {
                out.push_str("\\x");
                out.push(LOWER_HEX[(v >> 4) as usize] as char);
                out.push(LOWER_HEX[(v & 0xf) as usize] as char);
            } else if v < 0x10000 {
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(LOWER_HEX[((v >> shift) & 0xf) as usize] as char);
                }
            } else {
                out.push_str("\\U");
                for shift in [28, 24, 20, 16, 12, 8, 4, 0] {
                    out.push(LOWER_HEX[((v >> shift) & 0xf) as usize] as char);
                }
            }
        }
    }
}

/// Go `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
///
/// Approximation: everything is printable except control characters, white space other than
/// U+0020, the format characters (Cf), private-use characters and noncharacters. Unassigned
/// code points (which Go treats as non-printable) are printed raw.
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let v = c as u32;
    let format = matches!(v,
        0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2 | 0x180e
        | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff
        | 0xfff9..=0xfffb | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f);
    let private = matches!(v, 0xe000..=0xf8ff | 0xf0000..=0xffffd | 0x100000..=0x10fffd);
    let nonchar = matches!(v, 0xfdd0..=0xfdef) || (v & 0xfffe) == 0xfffe;
    !(format || private || nonchar)
}

/// Go's `fmt` `%q` applied to a `[]string`: `["a" "b"]`.
pub(crate) fn quote_slice(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&quote(item));
    }
    out.push(']');
    out
}

/// Go `fmt` `%c` of a rune that may be EOF (-1): invalid runes print as U+FFFD.
pub(crate) fn rune_or_replacement(c: Option<char>) -> char {
    c.unwrap_or('\u{fffd}')
}

/// Converts a byte range of `s` to a `String`, replacing invalid UTF-8 (possible when Go code
/// slices a string at a byte that is not a character boundary) with U+FFFD.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Error of Go's `strconv` number parsing functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumError {
    Syntax,
    Range,
}

/// Go `strconv.ParseUint(s, base, bits)` for an explicit base (no prefixes, no underscores).
/// On overflow Go returns the maximum value together with a range error.
pub(crate) fn parse_uint(s: &str, base: u32, bits: u32) -> Result<u64, (NumError, u64)> {
    if s.is_empty() {
        return Err((NumError::Syntax, 0));
    }
    let max: u64 = if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let mut n: u64 = 0;
    let mut overflow = false;
    for c in s.chars() {
        let d = match c.to_digit(base) {
            Some(d) => u64::from(d),
            None => return Err((NumError::Syntax, 0)),
        };
        if overflow {
            continue;
        }
        match n.checked_mul(u64::from(base)).and_then(|v| v.checked_add(d)) {
            Some(v) if v <= max => n = v,
            _ => overflow = true,
        }
    }
    if overflow { Err((NumError::Range, max)) } else { Ok(n) }
}

/// Go `strconv.ParseInt(s, 10, 32)`, returning Go's error text on failure.
pub(crate) fn parse_int32(s: &str) -> Result<i64, String> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let err = |kind: NumError| {
        let what = match kind {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
        };
        format!("strconv.ParseInt: parsing {}: {what}", quote(s))
    };
    let un = match parse_uint(digits, 10, 32) {
        Ok(v) => v,
        Err((NumError::Syntax, _)) => return Err(err(NumError::Syntax)),
        Err((NumError::Range, _)) => return Err(err(NumError::Range)),
    };
    let cutoff: u64 = 1 << 31;
    if !neg && un >= cutoff {
        return Err(err(NumError::Range));
    }
    if neg && un > cutoff {
        return Err(err(NumError::Range));
    }
    let v = un as i64;
    Ok(if neg { -v } else { v })
}

/// Go `strconv.ParseBool`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The quoting helper of Go's `time` package (non-ASCII and control bytes become `\xNN`).
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str("\\x");
                out.push(LOWER_HEX[(b >> 4) as usize] as char);
                out.push(LOWER_HEX[(b & 0xf) as usize] as char);
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go `time.ParseDuration`, returning nanoseconds or Go's error text.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(&c) = s.as_bytes().first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // leading integer
        let mut i = 0;
        let mut v: u64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i != 0;
        s = &s[i..];
        let mut post = false;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        if s.as_bytes().first() == Some(&b'.') {
            s = &s[1..];
            let b = s.as_bytes();
            let mut j = 0;
            let mut overflow = false;
            while j < b.len() && b[j].is_ascii_digit() {
                let c = u64::from(b[j] - b'0');
                j += 1;
                if overflow {
                    continue;
                }
                if f > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + c;
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = j != 0;
            s = &s[j..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        let b = s.as_bytes();
        let mut k = 0;
        while k < b.len() && !(b[k] == b'.' || b[k].is_ascii_digit()) {
            k += 1;
        }
        if k == 0 {
            return Err(format!("time: missing unit in duration {}", time_quote(orig)));
        }
        let unit_str = &s[..k];
        s = &s[k..];
        let unit: u64 = match unit_str {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(unit_str),
                    time_quote(orig)
                ));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v = v.saturating_add((f as f64 * (unit as f64 / scale)) as u64);
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d = d.saturating_add(v);
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i128).wrapping_neg() as i64);
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go `time.Duration.String()` for non-negative durations (used in error messages).
pub(crate) fn format_duration(nanos: u64) -> String {
    if nanos == 0 {
        return "0s".to_string();
    }
    if nanos < 1_000_000_000 {
        let (unit, div) = if nanos < 1_000 {
            ("ns", 1)
        } else if nanos < 1_000_000 {
            ("\u{b5}s", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        return format!("{}{unit}", format_frac(nanos, div));
    }
    let mut out = String::new();
    let h = nanos / 3_600_000_000_000;
    let rem = nanos % 3_600_000_000_000;
    let m = rem / 60_000_000_000;
    let s = rem % 60_000_000_000;
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&format_frac(s, 1_000_000_000));
    out.push('s');
    out
}

fn format_frac(v: u64, div: u64) -> String {
    let int = v / div;
    let frac = v % div;
    if frac == 0 {
        return int.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{frac:0width$}");
    format!("{int}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_go() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\u{0}\u{7f}\t"), r#""\x00\x7f\t""#);
        assert_eq!(quote("♥☃"), "\"♥☃\"");
        assert_eq!(quote("\u{a0}"), r#""\u00a0""#);
        assert_eq!(quote("\u{e0001}"), r#""\U000e0001""#);
        assert_eq!(quote_slice(&["--a".into(), "b c".into()]), r#"["--a" "b c"]"#);
    }

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("5s"), Ok(5_000_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-2s"), Ok(-2_000_000_000));
        assert_eq!(
            parse_duration("5"),
            Err("time: missing unit in duration \"5\"".to_string())
        );
        assert_eq!(
            parse_duration("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".to_string())
        );
        assert_eq!(parse_duration("abc"), Err("time: invalid duration \"abc\"".to_string()));
        assert_eq!(parse_duration(""), Err("time: invalid duration \"\"".to_string()));
        assert!(parse_duration("99999999999999999999h").is_err());
        assert!(parse_duration("9223372036854775808ns9223372036854775808ns").is_err());
        assert_eq!(parse_duration("-9223372036854775808ns"), Ok(i64::MIN));
    }

    #[test]
    fn durations_format_like_go() {
        assert_eq!(format_duration(1_000_000), "1ms");
        assert_eq!(format_duration(90_000_000_000), "1m30s");
        assert_eq!(format_duration(1_500), "1.5\u{b5}s");
        assert_eq!(format_duration(3_600_000_000_000), "1h0m0s");
    }

    #[test]
    fn ints_parse_like_go() {
        assert_eq!(parse_int32("3"), Ok(3));
        assert_eq!(parse_int32("-3"), Ok(-3));
        assert_eq!(
            parse_int32("x"),
            Err("strconv.ParseInt: parsing \"x\": invalid syntax".to_string())
        );
        assert_eq!(
            parse_int32("2147483648"),
            Err("strconv.ParseInt: parsing \"2147483648\": value out of range".to_string())
        );
        assert_eq!(parse_int32("-2147483648"), Ok(-2147483648));
        assert_eq!(parse_uint("777", 8, 32), Ok(511));
        assert!(parse_uint("8", 8, 32).is_err());
        assert_eq!(
            parse_uint("99999999999999999999", 10, 64),
            Err((NumError::Range, u64::MAX))
        );
    }
}
