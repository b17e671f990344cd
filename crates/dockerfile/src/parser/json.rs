//! The JSON (exec) form of instructions: a strict validator and string decoder that behave like
//! Go's `encoding/json` unmarshalling into `[]any`, without recursion.

/// Why the text is not an exec-form array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Does not start with `[` (after leading white space).
    NotArray,
    /// Not valid JSON: the instruction falls back to the shell form.
    Syntax,
    /// Valid JSON, but an element is not a string: a hard error in BuildKit.
    NotStringArray,
}

/// Go's `encoding/json` maximum nesting depth.
const MAX_DEPTH: usize = 10_000;

/// Parses `rest` as a JSON array of strings (BuildKit `parseJSON`).
pub(crate) fn parse_string_array(rest: &str) -> Result<Vec<String>, JsonError> {
    let rest = crate::go::trim_left_space(rest);
    if !rest.starts_with('[') {
        return Err(JsonError::NotArray);
    }
    let b = rest.as_bytes();
    let elements = validate(b).ok_or(JsonError::Syntax)?;
    let mut out = Vec::with_capacity(elements.len());
    for (start, is_string) in elements {
        if !is_string {
            return Err(JsonError::NotStringArray);
        }
        out.push(decode_string(b, start));
    }
    Ok(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    ValueOrEnd,
    Key,
    KeyOrEnd,
    AfterValue,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Validates the whole text as one JSON value followed only by white space. Returns the start
/// offsets of the top-level array's elements and whether each one is a string.
fn validate(b: &[u8]) -> Option<Vec<(usize, bool)>> {
    let mut stack: Vec<u8> = Vec::new();
    let mut elements = Vec::new();
    let mut state = State::Value;
    let mut i = 0;
    loop {
        i = skip_ws(b, i);
        match state {
            State::Value | State::ValueOrEnd => {
                let c = *b.get(i)?;
                if state == State::ValueOrEnd && c == b']' {
                    stack.pop();
                    i += 1;
                    state = State::AfterValue;
                    continue;
                }
                if stack.len() == 1 && stack[0] == b'[' {
                    elements.push((i, c == b'"'));
                }
                match c {
                    b'[' | b'{' => {
                        stack.push(c);
                        if stack.len() > MAX_DEPTH {
                            return None;
                        }
                        i += 1;
                        state = if c == b'[' { State::ValueOrEnd } else { State::KeyOrEnd };
                        continue;
                    }
                    b'"' => i = scan_string(b, i)?,
                    b'-' | b'0'..=b'9' => i = scan_number(b, i)?,
                    b't' => i = scan_literal(b, i, b"true")?,
                    b'f' => i = scan_literal(b, i, b"false")?,
                    b'n' => i = scan_literal(b, i, b"null")?,
                    _ => return None,
                }
                state = State::AfterValue;
            }
            State::Key | State::KeyOrEnd => {
                let c = *b.get(i)?;
                if state == State::KeyOrEnd && c == b'}' {
                    stack.pop();
                    i += 1;
                    state = State::AfterValue;
                    continue;
                }
                if c != b'"' {
                    return None;
                }
                i = scan_string(b, i)?;
                i = skip_ws(b, i);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i += 1;
                state = State::Value;
            }
            State::AfterValue => {
                let Some(&top) = stack.last() else {
                    break;
                };
                let c = *b.get(i)?;
                i += 1;
                match (top, c) {
                    (b'[', b',') => state = State::Value,
                    (b'{', b',') => state = State::Key,
                    (b'[', b']') | (b'{', b'}') => {
                        stack.pop();
                        state = State::AfterValue;
                    }
                    _ => return None,
                }
            }
        }
    }
    if skip_ws(b, i) != b.len() {
        return None;
    }
    Some(elements)
}

/// Scans a string starting at the opening quote; returns the offset after the closing quote.
fn scan_string(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => return Some(i + 1),
            b'\\' => {
                let e = *b.get(i + 1)?;
                match e {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' => {
                        for k in 0..4 {
                            if !b.get(i + 2 + k)?.is_ascii_hexdigit() {
                                return None;
                            }
                        }
                        i += 6;
                    }
                    _ => return None,
                }
            }
            0..=0x1f => return None,
            _ => i += 1,
        }
    }
}

fn scan_number(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return None;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+') | Some(b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return None;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    Some(i)
}

fn scan_literal(b: &[u8], start: usize, lit: &[u8]) -> Option<usize> {
    if b.len() >= start + lit.len() && &b[start..start + lit.len()] == lit {
        Some(start + lit.len())
    } else {
        None
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
        return None;
    }
    let s = std::str::from_utf8(b.get(i + 2..i + 6)?).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Decodes a string already validated by [`scan_string`] (Go's `unquote`, including its
/// handling of invalid surrogates as U+FFFD).
fn decode_string(b: &[u8], start: usize) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'"' => break,
            b'\\' => {
                let e = b.get(i + 1).copied().unwrap_or(b'"');
                let simple = match e {
                    b'"' => Some(b'"'),
                    b'\\' => Some(b'\\'),
                    b'/' => Some(b'/'),
                    b'b' => Some(0x08),
                    b'f' => Some(0x0c),
                    b'n' => Some(b'\n'),
                    b'r' => Some(b'\r'),
                    b't' => Some(b'\t'),
                    _ => None,
                };
                if let Some(c) = simple {
                    out.push(c);
                    i += 2;
                    continue;
                }
                let Some(r) = hex4(b, i) else {
                    break;
                };
                i += 6;
                let ch = if (0xd800..0xe000).contains(&r) {
                    match hex4(b, i) {
                        Some(r2) if (0xd800..0xdc00).contains(&r) && (0xdc00..0xe000).contains(&r2) => {
                            i += 6;
                            char::from_u32(0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00)).unwrap_or('\u{fffd}')
                        }
                        _ => '\u{fffd}',
                    }
                } else {
                    char::from_u32(r).unwrap_or('\u{fffd}')
                };
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        parse_string_array(s).unwrap()
    }

    #[test]
    fn arrays_of_strings() {
        assert_eq!(ok("[]"), Vec::<String>::new());
        assert_eq!(ok(" [ \"a\" , \"b\" ] "), vec!["a", "b"]);
        assert_eq!(
            ok(r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#),
            vec!["\" \\ / \u{8} \u{c} \n \r \t \u{0}"]
        );
        assert_eq!(
            ok(r#"["\ud83d\ude00", "\ud83d", "\udc00"]"#),
            vec!["😀", "\u{fffd}", "\u{fffd}"]
        );
    }

    #[test]
    fn syntax_errors_fall_back() {
        for s in [
            "['a']",
            "[\"a\"",
            "[\"a\",]",
            "[\"a\"] x",
            "[\"a\tb\"]",
            "[01]",
            "[1.]",
            "[\"\\x\"]",
            "[{\"a\"}]",
        ] {
            assert_eq!(parse_string_array(s), Err(JsonError::Syntax), "{s}");
        }
        assert_eq!(parse_string_array("a"), Err(JsonError::NotArray));
    }

    #[test]
    fn valid_non_strings_are_errors() {
        for s in [
            "[1]",
            "[\"a\", [\"b\"]]",
            "[null]",
            "[{\"a\": [1, {}]}]",
            "[true, -1.5e3]",
        ] {
            assert_eq!(parse_string_array(s), Err(JsonError::NotStringArray), "{s}");
        }
    }

    #[test]
    fn depth_limit() {
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert_eq!(parse_string_array(&deep), Err(JsonError::Syntax));
        let ok_depth = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse_string_array(&ok_depth), Err(JsonError::NotStringArray));
    }
}
