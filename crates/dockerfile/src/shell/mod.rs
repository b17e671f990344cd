//! Variable expansion and word splitting, modelled on BuildKit's `frontend/dockerfile/shell/lex.go`.
//!
//! Supported: `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`,
//! `${VAR:?msg}`, `${VAR?msg}`, `${VAR#pat}`, `${VAR##pat}`, `${VAR%pat}`, `${VAR%%pat}`,
//! `${VAR/pat/repl}` and `${VAR//pat/repl}`, single and double quotes, and the escape token
//! (`\` or `` ` ``). Positional and special parameters (`$1`, `$@`, …) are looked up like any
//! other name and are normally unset.
//!
//! Known differences from BuildKit:
//! * BuildKit (current HEAD) shares one word buffer between nested `${…}` expansions, so
//!   `process_words("a${X:-b}")` there returns `["b"]`; here it returns `["ab"]`.
//! * Nesting deeper than 200 levels of quotes/expansions is rejected instead of recursing.
//! * Letters and digits in variable names follow [`char`] properties, which differ from Go's
//!   `unicode.IsLetter`/`IsDigit` for a few non-ASCII characters.

mod pattern;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::go;
use pattern::Pattern;

/// Source of variable values for expansion.
pub trait EnvGetter {
    /// The value of `name`, or `None` when the variable is not set (which differs from set to "").
    fn get_env(&self, name: &str) -> Option<&str>;
}

impl<T: EnvGetter + ?Sized> EnvGetter for &T {
    fn get_env(&self, name: &str) -> Option<&str> {
        (**self).get_env(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> EnvGetter for [(K, V)] {
    /// The last entry with the name wins (like BuildKit's `EnvsFromSlice`).
    fn get_env(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> EnvGetter for Vec<(K, V)> {
    fn get_env(&self, name: &str) -> Option<&str> {
        self.as_slice().get_env(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> EnvGetter for [(K, V); N] {
    fn get_env(&self, name: &str) -> Option<&str> {
        self.as_slice().get_env(name)
    }
}

impl<V: AsRef<str>, S: std::hash::BuildHasher> EnvGetter for HashMap<String, V, S> {
    fn get_env(&self, name: &str) -> Option<&str> {
        self.get(name).map(|v| v.as_ref())
    }
}

impl<V: AsRef<str>> EnvGetter for BTreeMap<String, V> {
    fn get_env(&self, name: &str) -> Option<&str> {
        self.get(name).map(|v| v.as_ref())
    }
}

/// An environment with no variables.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyEnv;

impl EnvGetter for EmptyEnv {
    fn get_env(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// Builds an environment from `KEY=value` strings (a string without `=` sets `KEY` to "").
/// Later entries win, like BuildKit's `EnvsFromSlice`.
pub fn envs_from_slice<S: AsRef<str>>(entries: &[S]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for e in entries {
        let e = e.as_ref();
        let (k, v) = e.split_once('=').unwrap_or((e, ""));
        map.insert(k.to_string(), v.to_string());
    }
    map
}

/// Why an expansion failed. `Display` is BuildKit's inner message.
///
/// Variant fields hold the values quoted in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum ShellErrorKind {
    /// `'abc` without the closing quote.
    UnterminatedSingleQuote,
    /// `"abc` without the closing quote.
    UnterminatedDoubleQuote,
    /// The input ended while looking for `stop` (only seen through nested expansions).
    UnexpectedEnd { stop: char },
    /// `${abc` without `}`.
    MissingBrace,
    /// `${}`, `${:x}`, `${{x}`.
    BadSubstitution,
    /// `${x:=y}`, `${x.}`, `${x:#y}` …
    UnsupportedModifier { modifier: String },
    /// `${x?msg}` / `${x:?msg}` on an unset (or empty) variable.
    Required { name: String, message: String },
    /// `${x/pattern` without the second `/`.
    MissingSlash,
    /// A bad wildcard pattern.
    InvalidPattern { pattern: String, message: String },
    /// Quotes and expansions nested deeper than this implementation allows.
    TooDeep,
}

impl fmt::Display for ShellErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ShellErrorKind::*;
        match self {
            UnterminatedSingleQuote => write!(f, "unexpected end of statement while looking for matching single-quote"),
            UnterminatedDoubleQuote => write!(f, "unexpected end of statement while looking for matching double-quote"),
            UnexpectedEnd { stop } => write!(f, "unexpected end of statement while looking for matching {stop}"),
            MissingBrace => write!(f, "syntax error: missing '}}'"),
            BadSubstitution => write!(f, "syntax error: bad substitution"),
            UnsupportedModifier { modifier } => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            Required { name, message } => write!(f, "{name}: {message}"),
            MissingSlash => write!(f, "syntax error: missing '/' in ${{}}"),
            InvalidPattern { pattern, message } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {message}")
            }
            TooDeep => write!(f, "quotes and substitutions nested too deeply"),
        }
    }
}

/// An expansion error: `failed to process "<word>": <kind>` (BuildKit's wording).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    /// The word that was being processed.
    pub source: String,
    /// What went wrong.
    pub kind: ShellErrorKind,
}

impl ShellError {
    /// A stable id for the kind of error.
    pub fn kind_id(&self) -> &'static str {
        use ShellErrorKind::*;
        match self.kind {
            UnterminatedSingleQuote | UnterminatedDoubleQuote => "unterminated-quote",
            UnexpectedEnd { .. } => "unexpected-end",
            MissingBrace => "missing-brace",
            BadSubstitution => "bad-substitution",
            UnsupportedModifier { .. } => "unsupported-modifier",
            Required { .. } => "required-variable",
            MissingSlash => "missing-slash",
            InvalidPattern { .. } => "invalid-pattern",
            TooDeep => "too-deep",
        }
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to process {}: {}", go::quote(&self.source), self.kind)
    }
}

impl std::error::Error for ShellError {}

/// The full result of processing a word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessResult {
    /// The word with quotes removed and variables expanded.
    pub result: String,
    /// The word split on unquoted white space after expansion.
    pub words: Vec<String>,
    /// Variables that were looked up and found.
    pub matched: BTreeSet<String>,
    /// Variables that were looked up and not found.
    pub unmatched: BTreeSet<String>,
}

/// The lexer configuration (BuildKit's `shell.Lex`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lex {
    escape_token: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape tokens in the output.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written instead of expanding them to "".
    pub skip_unset_env: bool,
}

const MAX_DEPTH: usize = 200;

impl Lex {
    /// A lexer using `escape_token` (`\` or `` ` ``) to escape characters.
    pub fn new(escape_token: char) -> Self {
        Lex {
            escape_token,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// The escape token.
    pub fn escape_token(&self) -> char {
        self.escape_token
    }

    /// Expands `word` into a single string (spaces between words are kept).
    pub fn process_word<E: EnvGetter + ?Sized>(&self, word: &str, env: &E) -> Result<String, ShellError> {
        self.process(word, env).map(|r| r.result)
    }

    /// Expands `word` and splits the result into words on unquoted white space.
    pub fn process_words<E: EnvGetter + ?Sized>(&self, word: &str, env: &E) -> Result<Vec<String>, ShellError> {
        self.process(word, env).map(|r| r.words)
    }

    /// Expands `word`, returning the string, the words and which variables were used.
    pub fn process<E: EnvGetter + ?Sized>(&self, word: &str, env: &E) -> Result<ProcessResult, ShellError> {
        let mut chars: Vec<char> = word.chars().collect();
        // Go's text/scanner skips a byte order mark at the very start.
        if chars.first() == Some(&'\u{feff}') {
            chars.remove(0);
        }
        let mut sw = ShellWord {
            lex: self,
            env,
            chars,
            pos: 0,
            raw_escapes: self.raw_escapes,
            depth: 0,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        };
        match sw.process_stop_on(None, self.raw_escapes) {
            Ok((result, words)) => Ok(ProcessResult {
                result,
                words,
                matched: sw.matched,
                unmatched: sw.unmatched,
            }),
            Err(kind) => Err(ShellError {
                source: word.to_string(),
                kind,
            }),
        }
    }
}

impl Default for Lex {
    fn default() -> Self {
        Lex::new('\\')
    }
}

/// Expands `word` with the default escape token `\` (BuildKit `ProcessWord`).
pub fn process_word<E: EnvGetter + ?Sized>(word: &str, env: &E) -> Result<String, ShellError> {
    Lex::default().process_word(word, env)
}

/// Expands `word` with the default escape token `\` and splits it into words (BuildKit
/// `ProcessWords`).
pub fn process_words<E: EnvGetter + ?Sized>(word: &str, env: &E) -> Result<Vec<String>, ShellError> {
    Lex::default().process_words(word, env)
}

#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if go::is_space(ch) && self.in_word {
            if !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else if !go::is_space(ch) {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        for ch in s.chars() {
            self.add_char(ch);
        }
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn into_words(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(std::mem::take(&mut self.buf));
        }
        self.words
    }
}

type LexResult<T> = Result<T, ShellErrorKind>;

struct ShellWord<'a, E: ?Sized> {
    lex: &'a Lex,
    env: &'a E,
    chars: Vec<char>,
    pos: usize,
    raw_escapes: bool,
    depth: usize,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

impl<E: EnvGetter + ?Sized> ShellWord<'_, E> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn enter(&mut self) -> LexResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(ShellErrorKind::TooDeep);
        }
        Ok(())
    }

    fn get_env(&mut self, name: &str) -> (String, bool) {
        match self.env.get_env(name) {
            Some(v) => {
                self.matched.insert(name.to_string());
                (v.to_string(), true)
            }
            None => {
                self.unmatched.insert(name.to_string());
                (String::new(), false)
            }
        }
    }

    /// Processes until `stop` (consumed) or the end of input.
    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> LexResult<(String, Vec<String>)> {
        self.enter()?;
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let r = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        self.depth -= 1;
        r
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> LexResult<(String, Vec<String>)> {
        let mut result = String::new();
        let mut words = Words::default();
        let escape = self.lex.escape_token;
        while let Some(ch) = self.peek() {
            if stop == Some(ch) {
                self.next();
                return Ok((result, words.into_words()));
            }
            if ch == '$' {
                let tmp = self.process_dollar()?;
                result.push_str(&tmp);
                words.add_string(&tmp);
                continue;
            }
            if !self.lex.skip_process_quotes && (ch == '\'' || ch == '"') {
                let tmp = if ch == '\'' {
                    self.process_single_quote()?
                } else {
                    self.process_double_quote()?
                };
                result.push_str(&tmp);
                words.add_raw_string(&tmp);
                continue;
            }
            let mut ch = ch;
            self.next();
            if ch == escape {
                if self.raw_escapes {
                    words.add_raw_char(ch);
                    result.push(ch);
                }
                match self.next() {
                    None => break,
                    Some(c) => {
                        ch = c;
                        words.add_raw_char(ch);
                    }
                }
            } else {
                words.add_char(ch);
            }
            result.push(ch);
        }
        if let Some(stop) = stop {
            return Err(ShellErrorKind::UnexpectedEnd { stop });
        }
        Ok((result, words.into_words()))
    }

    fn process_single_quote(&mut self) -> LexResult<String> {
        let mut result = String::new();
        let q = self.next();
        if self.lex.raw_quotes {
            result.extend(q);
        }
        loop {
            match self.next() {
                None => return Err(ShellErrorKind::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> LexResult<String> {
        self.enter()?;
        let r = self.double_quote_inner();
        self.depth -= 1;
        r
    }

    fn double_quote_inner(&mut self) -> LexResult<String> {
        let mut result = String::new();
        let escape = self.lex.escape_token;
        let q = self.next();
        if self.lex.raw_quotes {
            result.extend(q);
        }
        loop {
            match self.peek() {
                None => return Err(ShellErrorKind::UnterminatedDoubleQuote),
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let v = self.process_dollar()?;
                    result.push_str(&v);
                }
                Some(c) => {
                    self.next();
                    let mut ch = c;
                    if ch == escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(p) if p == '"' || p == '$' || p == escape => {
                                self.next();
                                ch = p;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_dollar(&mut self) -> LexResult<String> {
        self.next(); // '$'
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            let (value, found) = self.get_env(&name);
            if !found && self.lex.skip_unset_env {
                return Ok(format!("${name}"));
            }
            return Ok(value);
        }
        self.next(); // '{'
        match self.peek() {
            None => return Err(ShellErrorKind::MissingBrace),
            Some('{') | Some('}') | Some(':') => return Err(ShellErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let ch = self.next();
        let mut chs = String::from(go::rune_or_replacement(ch));
        match ch {
            Some('}') => {
                let (value, set) = self.get_env(&name);
                if !set && self.lex.skip_unset_env {
                    return Ok(format!("${{{name}}}"));
                }
                Ok(value)
            }
            Some(':') => {
                let ch2 = self.next();
                chs.push(go::rune_or_replacement(ch2));
                self.modifier(&name, ch2, chs, true)
            }
            Some(c @ ('+' | '-' | '?' | '#' | '%')) => self.modifier(&name, Some(c), chs, false),
            Some('/') => self.replace(&name),
            _ => Err(ShellErrorKind::UnsupportedModifier { modifier: chs }),
        }
    }

    fn modifier(&mut self, name: &str, ch: Option<char>, chs: String, null_is_unset: bool) -> LexResult<String> {
        let raw = matches!(ch, Some('#') | Some('%'));
        if null_is_unset && raw {
            return Err(ShellErrorKind::UnsupportedModifier { modifier: chs });
        }
        let word = match self.process_stop_on(Some('}'), raw) {
            Ok((w, _)) => w,
            Err(ShellErrorKind::TooDeep) => return Err(ShellErrorKind::TooDeep),
            Err(e) => {
                if self.peek().is_none() {
                    return Err(ShellErrorKind::MissingBrace);
                }
                return Err(e);
            }
        };
        let (value, set) = self.get_env(name);
        if self.lex.skip_unset_env && !set {
            return Ok(format!("${{{name}{chs}{word}}}"));
        }
        match ch {
            Some('-') => {
                if !set || (null_is_unset && value.is_empty()) {
                    Ok(word)
                } else {
                    Ok(value)
                }
            }
            Some('+') => {
                if !set || (null_is_unset && value.is_empty()) {
                    Ok(String::new())
                } else {
                    Ok(word)
                }
            }
            Some('?') => {
                if !set {
                    let message = if word.is_empty() {
                        "is not allowed to be unset".to_string()
                    } else {
                        word
                    };
                    return Err(ShellErrorKind::Required {
                        name: name.to_string(),
                        message,
                    });
                }
                if null_is_unset && value.is_empty() {
                    let message = if word.is_empty() {
                        "is not allowed to be empty".to_string()
                    } else {
                        word
                    };
                    return Err(ShellErrorKind::Required {
                        name: name.to_string(),
                        message,
                    });
                }
                Ok(value)
            }
            Some(c @ ('%' | '#')) => {
                let mut word = word.as_str();
                let mut greedy = false;
                if let Some(rest) = word.strip_prefix(c) {
                    greedy = true;
                    word = rest;
                }
                if c == '%' {
                    trim_suffix(word, &value, greedy)
                } else {
                    trim_prefix(word, &value, greedy)
                }
            }
            _ => Err(ShellErrorKind::UnsupportedModifier { modifier: chs }),
        }
    }

    fn replace(&mut self, name: &str) -> LexResult<String> {
        let replace_all = self.peek() == Some('/');
        if replace_all {
            self.next();
        }
        let pattern = match self.process_stop_on(Some('/'), true) {
            Ok((p, _)) => p,
            Err(ShellErrorKind::TooDeep) => return Err(ShellErrorKind::TooDeep),
            Err(e) => {
                if self.peek().is_none() {
                    return Err(ShellErrorKind::MissingSlash);
                }
                return Err(e);
            }
        };
        let replacement = match self.process_stop_on(Some('}'), true) {
            Ok((r, _)) => r,
            Err(ShellErrorKind::TooDeep) => return Err(ShellErrorKind::TooDeep),
            Err(e) => {
                if self.peek().is_none() {
                    return Err(ShellErrorKind::MissingBrace);
                }
                return Err(e);
            }
        };
        let (value, set) = self.get_env(name);
        if self.lex.skip_unset_env && !set {
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        let re = Pattern::compile(&pattern, true, false).map_err(|message| ShellErrorKind::InvalidPattern {
            pattern: pattern.clone(),
            message,
        })?;
        if replace_all {
            return Ok(pattern::replace_all(&re, &value, &replacement));
        }
        let chars: Vec<char> = value.chars().collect();
        match re.find_at(&chars, 0) {
            Some((s, e)) => {
                let mut out: String = chars[..s].iter().collect();
                out.push_str(&replacement);
                out.extend(&chars[e..]);
                Ok(out)
            }
            None => Ok(value),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && go::is_digit(ch) {
                while let Some(c) = self.peek() {
                    if !go::is_digit(c) {
                        break;
                    }
                    self.next();
                    name.push(c);
                }
                return name;
            }
            if name.is_empty() && is_special_param(ch) {
                self.next();
                return ch.to_string();
            }
            if !go::is_letter(ch) && !go::is_digit(ch) && ch != '_' {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> LexResult<String> {
    let re = Pattern::compile(pattern, greedy, true).map_err(|message| ShellErrorKind::InvalidPattern {
        pattern: pattern.to_string(),
        message,
    })?;
    let chars: Vec<char> = value.chars().collect();
    match re.find_at(&chars, 0) {
        Some((_, end)) => Ok(chars[end..].iter().collect()),
        None => Ok(value.to_string()),
    }
}

fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> LexResult<String> {
    let pattern = pattern::reverse_pattern(pattern);
    let reversed: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&pattern, &reversed, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> BTreeMap<String, String> {
        envs_from_slice(&["PWD=/home", "FILE=archive.tar.gz", "PATHV=/usr/local/bin", "EMPTY="])
    }

    fn w(s: &str) -> String {
        process_word(s, &env()).unwrap()
    }

    #[test]
    fn basic_forms() {
        assert_eq!(w("$PWD"), "/home");
        assert_eq!(w("${PWD}"), "/home");
        assert_eq!(w("${NOPE:-x}"), "x");
        assert_eq!(w("${EMPTY:-x}"), "x");
        assert_eq!(w("${EMPTY-x}"), "");
        assert_eq!(w("${NOPE-x}"), "x");
        assert_eq!(w("${PWD:+set}"), "set");
        assert_eq!(w("${EMPTY+set}"), "set");
        assert_eq!(w("${EMPTY:+set}"), "");
    }

    #[test]
    fn required() {
        let e = process_word("${NOPE?must be set}", &env()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to process \"${NOPE?must be set}\": NOPE: must be set"
        );
        let e = process_word("${EMPTY:?}", &env()).unwrap_err();
        assert_eq!(e.kind.to_string(), "EMPTY: is not allowed to be empty");
        let e = process_word("${NOPE?}", &env()).unwrap_err();
        assert_eq!(e.kind.to_string(), "NOPE: is not allowed to be unset");
        assert_eq!(w("${EMPTY?}"), "");
    }

    #[test]
    fn trimming() {
        assert_eq!(w("${FILE#*.}"), "tar.gz");
        assert_eq!(w("${FILE##*.}"), "gz");
        assert_eq!(w("${FILE%.*}"), "archive.tar");
        assert_eq!(w("${FILE%%.*}"), "archive");
        assert_eq!(w("${PATHV#/usr}"), "/local/bin");
        assert_eq!(w("${PATHV%/bin}"), "/usr/local");
        assert_eq!(w("${PATHV#nomatch}"), "/usr/local/bin");
        assert_eq!(w("${FILE%\\*}"), "archive.tar.gz");
        let e = process_word("${FILE:#x}", &env()).unwrap_err();
        assert_eq!(e.kind.to_string(), "unsupported modifier (:#) in substitution");
    }

    #[test]
    fn replacement() {
        assert_eq!(w("${FILE/a/A}"), "Archive.tar.gz");
        assert_eq!(w("${FILE//a/A}"), "Archive.tAr.gz");
        assert_eq!(w("${FILE/.*/}"), "archive");
        assert_eq!(w("${NOPE/a/b}"), "");
        let e = process_word("${FILE/a", &env()).unwrap_err();
        assert_eq!(e.kind, ShellErrorKind::MissingSlash);
        let e = process_word("${FILE/\\x/y}", &env()).unwrap_err();
        assert_eq!(
            e.kind.to_string(),
            "invalid pattern (\\x) in substitution: invalid escape '\\x'"
        );
    }

    #[test]
    fn backtick_escape() {
        let lex = Lex::new('`');
        assert_eq!(lex.process_word("a`$PWD", &env()).unwrap(), "a$PWD");
        assert_eq!(lex.process_word("C:\\dir", &env()).unwrap(), "C:\\dir");
        assert_eq!(lex.process_word("\"a`\"b\"", &env()).unwrap(), "a\"b");
    }

    #[test]
    fn words_and_matches() {
        let r = Lex::default().process("x $PWD \"a b\" ${NOPE}", &env()).unwrap();
        assert_eq!(r.words, vec!["x", "/home", "a b"]);
        assert!(r.matched.contains("PWD"));
        assert!(r.unmatched.contains("NOPE"));
        assert_eq!(process_words("a${NOPE:-b}c", &env()).unwrap(), vec!["abc".to_string()]);
    }

    #[test]
    fn skip_unset_keeps_references() {
        let lex = Lex {
            skip_unset_env: true,
            ..Lex::default()
        };
        assert_eq!(
            lex.process_word("$A ${B} ${C:-x}", &EmptyEnv).unwrap(),
            "$A ${B} ${C:-x}"
        );
        assert_eq!(lex.process_word("${D/a/b}", &EmptyEnv).unwrap(), "${D/a/b}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "${a:-".repeat(5000) + &"}".repeat(5000);
        let e = process_word(&deep, &EmptyEnv).unwrap_err();
        assert_eq!(e.kind, ShellErrorKind::TooDeep);
        let quotes = "\"${a:-".repeat(5000);
        assert!(process_word(&quotes, &EmptyEnv).is_err());
    }
}
