//! Per-instruction argument parsers (BuildKit `parser/line_parsers.go` and `split_command.go`).

use super::json::{self, JsonError};
use super::{Arg, Directives, MAX_ONBUILD_NESTING, Node};
use crate::error::ErrorDetail;
use crate::go;

/// The `Next` chain of a node and whether it came from the JSON form.
pub(super) struct Parsed {
    pub args: Vec<Arg>,
    pub json: bool,
}

impl Parsed {
    fn empty() -> Self {
        Parsed {
            args: Vec::new(),
            json: false,
        }
    }

    fn words(words: Vec<String>, json: bool) -> Self {
        Parsed {
            args: words.into_iter().map(Arg::Word).collect(),
            json,
        }
    }
}

/// BuildKit `newNodeFromLine`: splits off the instruction name and flags and dispatches.
pub(super) fn node_from_line(
    line: &str,
    d: &Directives,
    comments: Vec<String>,
    depth: usize,
) -> Result<Node, ErrorDetail> {
    let (cmd, flags, args) = split_command(line, d.escape_token);
    let lower = go::to_lower(&cmd);
    let parsed = match lower.as_str() {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(&args)?,
        "arg" => parse_name_or_name_val(&args, d),
        "cmd" | "entrypoint" | "run" | "shell" => parse_maybe_json(&args)?,
        "env" => parse_name_val(&args, "ENV", d)?,
        "label" => parse_name_val(&args, "LABEL", d)?,
        "expose" | "from" => parse_strings_whitespace_delimited(&args),
        "healthcheck" => parse_health_config(&args)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => parse_string(&args),
        "onbuild" => parse_sub_command(&args, d, depth)?,
        // BuildKit's parseIgnore: a single empty argument.
        _ => Parsed {
            args: vec![Arg::Word(String::new())],
            json: false,
        },
    };
    Ok(Node {
        value: cmd,
        args: parsed.args,
        flags,
        json: parsed.json,
        heredocs: Vec::new(),
        original: line.to_string(),
        lines: crate::LineRange::new(0, 0),
        prev_comment: comments,
    })
}

/// BuildKit `splitCommand`: `(instruction, flags, rest)`.
pub(super) fn split_command(line: &str, escape: char) -> (String, Vec<String>, String) {
    let trimmed = go::trim_space(line);
    match trimmed.find(is_ws_sep) {
        None => (trimmed.to_string(), Vec::new(), String::new()),
        Some(i) => {
            let cmd = &trimmed[..i];
            let rest = trimmed[i..].trim_start_matches(is_ws_sep);
            let (args, flags) = extract_builder_flags(rest, escape);
            (cmd.to_string(), flags, go::trim_space(&args).to_string())
        }
    }
}

/// The `[\t\v\f\r ]` class BuildKit splits on.
fn is_ws_sep(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// BuildKit `extractBuilderFlags`: leading `--words` become flags. Like BuildKit this walks the
/// line byte by byte (non-ASCII bytes in flags are read as Latin-1 characters).
fn extract_builder_flags(line: &str, escape: char) -> (String, Vec<String>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let len = b.len();
    let esc = if escape.is_ascii() { escape as u8 } else { b'\\' };
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= len {
        let mut ch = if pos < len { b[pos] } else { 0 };
        if phase == Phase::Spaces {
            if pos == len {
                break;
            }
            if go::is_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == len || b[pos + 1] != b'-' {
                return (go::lossy(&b[pos..]), words);
            }
            phase = Phase::Word;
        }
        if (phase == Phase::Word || phase == Phase::Quote) && pos == len {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(word);
            }
            break;
        }
        if phase == Phase::Word {
            if go::is_space_byte(ch) {
                phase = Phase::Spaces;
                if word == "--" {
                    return (go::lossy(&b[pos..]), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            if ch == esc {
                if pos + 1 == len {
                    pos += 1;
                    continue;
                }
                pos += 1;
                ch = b[pos];
            }
            word.push(char::from(ch));
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        if ch == esc {
            if pos + 1 == len {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            ch = b[pos];
        }
        word.push(char::from(ch));
        pos += 1;
    }
    (String::new(), words)
}

/// BuildKit `parseWords`: splits on white space, keeping quotes and escapes in the words.
fn parse_words(rest: &str, escape: char) -> Vec<String> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let chars: Vec<char> = rest.chars().collect();
    let n = chars.len();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut sb = String::new();
    let mut pos = 0;
    while pos <= n {
        let mut ch = if pos < n { chars[pos] } else { '\0' };
        if phase == Phase::Spaces {
            if pos == n {
                break;
            }
            if go::is_space(ch) {
                pos += 1;
                continue;
            }
            phase = Phase::Word;
        }
        if (phase == Phase::Word || phase == Phase::Quote) && pos == n {
            if blank_ok || !sb.is_empty() {
                words.push(sb);
            }
            break;
        }
        if phase == Phase::Word {
            if go::is_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !sb.is_empty() {
                    words.push(std::mem::take(&mut sb));
                }
                sb.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if pos + 1 == n {
                    pos += 1;
                    continue;
                }
                sb.push(ch);
                pos += 1;
                ch = chars[pos];
            }
            sb.push(ch);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if pos + 1 == n {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            sb.push(ch);
            ch = chars[pos];
        }
        sb.push(ch);
        pos += 1;
    }
    words
}

/// BuildKit `parseNameVal` (ENV and LABEL): `key value` (legacy) or `k=v k2=v2`, as triples
/// key, value, separator.
fn parse_name_val(rest: &str, key: &str, d: &Directives) -> Result<Parsed, ErrorDetail> {
    let words = parse_words(rest, d.escape_token);
    if words.is_empty() {
        return Ok(Parsed::empty());
    }
    let mut out = Vec::new();
    if !words[0].contains('=') {
        match rest.find(is_ws_sep) {
            None => {
                return Err(ErrorDetail::KeyValueNeedsTwoArguments {
                    instruction: key.to_string(),
                });
            }
            Some(i) => {
                let k = &rest[..i];
                let v = rest[i..].trim_start_matches(is_ws_sep);
                out.push(k.to_string());
                out.push(v.to_string());
                out.push(String::new());
            }
        }
        return Ok(Parsed::words(out, false));
    }
    for word in words {
        match word.split_once('=') {
            None => return Err(ErrorDetail::KeyValueMissingEquals { word }),
            Some((k, v)) => {
                out.push(k.to_string());
                out.push(v.to_string());
                out.push("=".to_string());
            }
        }
    }
    Ok(Parsed::words(out, false))
}

/// BuildKit `parseNameOrNameVal` (ARG): the words as they are.
fn parse_name_or_name_val(rest: &str, d: &Directives) -> Parsed {
    Parsed::words(parse_words(rest, d.escape_token), false)
}

/// BuildKit `parseStringsWhitespaceDelimited` (FROM, EXPOSE and the non-JSON COPY/ADD/VOLUME).
fn parse_strings_whitespace_delimited(rest: &str) -> Parsed {
    if rest.is_empty() {
        return Parsed::empty();
    }
    Parsed::words(split_ws_runs(rest), false)
}

/// Go `regexp.MustCompile("[\\t\\v\\f\\r ]+").Split(s, -1)`.
fn split_ws_runs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut beg = 0;
    let mut end = 0;
    let mut i = 0;
    let b = s.as_bytes();
    while i < b.len() {
        if is_ws_sep(char::from(b[i])) {
            let start = i;
            while i < b.len() && is_ws_sep(char::from(b[i])) {
                i += 1;
            }
            end = start;
            out.push(s[beg..end].to_string());
            beg = i;
        } else {
            i += 1;
        }
    }
    if end != s.len() || out.is_empty() {
        out.push(s[beg..].to_string());
    }
    out
}

/// BuildKit `parseString`: the whole rest as one argument.
fn parse_string(rest: &str) -> Parsed {
    if rest.is_empty() {
        return Parsed::empty();
    }
    Parsed::words(vec![rest.to_string()], false)
}

/// BuildKit `parseMaybeJSON` (RUN, CMD, ENTRYPOINT, SHELL).
fn parse_maybe_json(rest: &str) -> Result<Parsed, ErrorDetail> {
    if rest.is_empty() {
        return Ok(Parsed::empty());
    }
    match json::parse_string_array(rest) {
        Ok(words) => Ok(Parsed::words(words, true)),
        Err(JsonError::NotStringArray) => Err(ErrorDetail::JsonNotStringArray),
        Err(_) => Ok(Parsed::words(vec![rest.to_string()], false)),
    }
}

/// BuildKit `parseMaybeJSONToList` (ADD, COPY, VOLUME).
fn parse_maybe_json_to_list(rest: &str) -> Result<Parsed, ErrorDetail> {
    match json::parse_string_array(rest) {
        Ok(words) => Ok(Parsed::words(words, true)),
        Err(JsonError::NotStringArray) => Err(ErrorDetail::JsonNotStringArray),
        Err(_) => Ok(parse_strings_whitespace_delimited(rest)),
    }
}

/// BuildKit `parseHealthConfig`: the type word, then the command like `parseMaybeJSON`.
fn parse_health_config(rest: &str) -> Result<Parsed, ErrorDetail> {
    let b = rest.as_bytes();
    let mut sep = 0;
    while sep < b.len() && !go::is_space_byte(b[sep]) {
        sep += 1;
    }
    let mut next = sep;
    while next < b.len() && go::is_space_byte(b[next]) {
        next += 1;
    }
    if sep == 0 {
        return Ok(Parsed::empty());
    }
    let typ = go::lossy(&b[..sep]);
    let cmd = parse_maybe_json(&go::lossy(&b[next..]))?;
    let mut args = vec![Arg::Word(typ)];
    args.extend(cmd.args);
    Ok(Parsed { args, json: cmd.json })
}

/// BuildKit `parseSubCommand` (ONBUILD): the rest is parsed as its own instruction.
fn parse_sub_command(rest: &str, d: &Directives, depth: usize) -> Result<Parsed, ErrorDetail> {
    if rest.is_empty() {
        return Ok(Parsed::empty());
    }
    if depth >= MAX_ONBUILD_NESTING {
        // Absurdly deep `ONBUILD ONBUILD …`: keep the rest as text instead of recursing.
        // (The instruction layer rejects any `ONBUILD ONBUILD` anyway.)
        return Ok(parse_string(rest));
    }
    let child = node_from_line(rest, d, Vec::new(), depth + 1)?;
    Ok(Parsed {
        args: vec![Arg::Child(Box::new(child))],
        json: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_split_off() {
        let (cmd, flags, rest) = split_command("COPY --from=build --chown=a:b src dst", '\\');
        assert_eq!(cmd, "COPY");
        assert_eq!(flags, vec!["--from=build", "--chown=a:b"]);
        assert_eq!(rest, "src dst");
        let (_, flags, rest) = split_command("RUN --mount=type=bind,source=\"a b\" ls", '\\');
        assert_eq!(flags, vec!["--mount=type=bind,source=a b"]);
        assert_eq!(rest, "ls");
        let (_, flags, rest) = split_command("COPY --a -- --b c", '\\');
        assert_eq!(flags, vec!["--a"]);
        assert_eq!(rest, "--b c");
        let (cmd, flags, rest) = split_command("  RUN  ", '\\');
        assert_eq!((cmd.as_str(), flags.len(), rest.as_str()), ("RUN", 0, ""));
    }

    #[test]
    fn words_keep_quotes() {
        assert_eq!(
            parse_words(r#"a="b c" d\ e 'f\'"#, '\\'),
            vec![r#"a="b c""#, r"d\ e", r"'f\'"]
        );
        assert_eq!(parse_words("x\\", '\\'), vec!["x"]);
        assert_eq!(parse_words("\"\"", '\\'), vec!["\"\""]);
    }
}
