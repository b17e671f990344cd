//! Word expansion in bash's order — tilde, parameters, command substitution, field splitting,
//! pathname expansion, quote removal — against an [`Env`] that the interpreter provides.

// Words are first expanded into characters tagged with how they were quoted; splitting and
// globbing then look only at the tags, which is how `"$x"`, `$x` and `'$x'` come to differ.

use crate::ast::*;
use crate::error::ExpandError;
use crate::pattern::{escape_pattern, fnmatch, unescape_pattern};

/// What expansion needs from the world. Kept small on purpose; the interpreter implements it.
pub trait Env {
    /// The value of a variable, or `None` when unset. Besides variable names it is asked for
    /// the parameters `0`, `1`, ... and `$`, `!`, `#`, `@`, `*`, `-` (`$?` uses
    /// [`Env::last_status`]), and for `IFS` (unset means space, tab, newline).
    fn var(&self, name: &str) -> Option<String>;
    /// Sets a variable (`${x:=word}`).
    fn set_var(&mut self, name: &str, value: String);
    /// The exit status of the last command, for `$?`.
    fn last_status(&self) -> i32;
    /// Runs a command substitution and returns its standard output. Trailing newlines are
    /// removed by the caller. The interpreter updates `$?` as bash does.
    fn command_subst(&mut self, script: &Script) -> String;
    /// Pathname expansion: the paths matching `pattern` (a [`crate::fnmatch`] pattern, where
    /// `\` quotes a character), sorted; empty when none match — the word then stays as it
    /// was written. [`crate::glob_paths`] does the work given a directory lister.
    fn glob(&self, pattern: &str) -> Vec<String>;
    /// The home directory, for `~`.
    fn home(&self) -> String;
}

/// How a character came to be in an expanded word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Written literally or quoted: never split, never a pattern character.
    Quoted,
    /// The result of an unquoted expansion: split on IFS, and `*?[` in it are patterns.
    Split,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Char(char, Kind),
    /// An unquoted `*`, `?` or `[...]` from the source, as written.
    Pattern(String),
    /// A quote was here (so `""` makes an empty field instead of none).
    QuotedEmpty,
}

fn push_str(out: &mut Vec<Item>, s: &str, kind: Kind) {
    out.extend(s.chars().map(|c| Item::Char(c, kind)));
}

/// Expands the words of a command into its arguments: every expansion, field splitting,
/// pathname expansion and quote removal. `$EMPTY` gives no argument, `""` an empty one.
pub fn expand_words(words: &[Word], env: &mut dyn Env) -> Result<Vec<String>, ExpandError> {
    let ifs = env.var("IFS").unwrap_or_else(|| " \t\n".to_string());
    let mut args = Vec::new();
    for word in words {
        let mut items = Vec::new();
        expand_parts(&word.parts, false, Kind::Quoted, &mut items, env)?;
        for field in split_fields(items, &ifs) {
            let globbing = field.iter().any(|item| match item {
                Item::Pattern(_) => true,
                Item::Char(c, Kind::Split) => matches!(c, '*' | '?' | '['),
                _ => false,
            });
            if globbing {
                let matches = env.glob(&items_to_pattern(&field));
                if !matches.is_empty() {
                    args.extend(matches);
                    continue;
                }
            }
            args.push(items_to_text(&field));
        }
    }
    Ok(args)
}

/// Expands one word into one string, without field splitting or pathname expansion: for
/// assignment values, redirection targets, here-strings and here-document bodies.
pub fn expand_word_no_split(word: &Word, env: &mut dyn Env) -> Result<String, ExpandError> {
    let mut items = Vec::new();
    expand_parts(&word.parts, false, Kind::Quoted, &mut items, env)?;
    Ok(items_to_text(&items))
}

/// Expands a word into a pattern for [`crate::fnmatch`]: quoted parts match literally,
/// unquoted `*`, `?`, `[...]` (and unquoted expansions) are pattern characters. For `case`
/// patterns and `${x#pattern}`.
pub fn expand_pattern(word: &Word, env: &mut dyn Env) -> Result<String, ExpandError> {
    let mut items = Vec::new();
    expand_parts(&word.parts, false, Kind::Quoted, &mut items, env)?;
    Ok(items_to_pattern(&items))
}

fn items_to_text(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Char(c, _) => out.push(*c),
            Item::Pattern(raw) => out.push_str(&unescape_pattern(raw)),
            Item::QuotedEmpty => {}
        }
    }
    out
}

fn items_to_pattern(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Char(c, Kind::Split) => out.push(*c),
            Item::Char(c, Kind::Quoted) => out.push_str(&escape_pattern(c.encode_utf8(&mut [0; 4]))),
            Item::Pattern(raw) => out.push_str(raw),
            Item::QuotedEmpty => {}
        }
    }
    out
}

/// `quoted`: inside double quotes. `literal`: the kind of unquoted literal text (`Quoted` in
/// a word, `Split` in the word of an unquoted `${x:-word}`, as bash splits `${x:-a b}`).
fn expand_parts(
    parts: &[WordPart],
    quoted: bool,
    literal: Kind,
    out: &mut Vec<Item>,
    env: &mut dyn Env,
) -> Result<(), ExpandError> {
    let value_kind = if quoted { Kind::Quoted } else { Kind::Split };
    for part in parts {
        match part {
            WordPart::Literal(s) => {
                push_str(out, s, if quoted { Kind::Quoted } else { literal });
            }
            WordPart::SingleQuoted(s) | WordPart::AnsiC(s) => {
                out.push(Item::QuotedEmpty);
                push_str(out, s, Kind::Quoted);
            }
            WordPart::DoubleQuoted(inner) => {
                out.push(Item::QuotedEmpty);
                expand_parts(inner, true, Kind::Quoted, out, env)?;
            }
            WordPart::Glob(raw) => {
                if quoted {
                    push_str(out, &unescape_pattern(raw), Kind::Quoted);
                } else {
                    out.push(Item::Pattern(raw.clone()));
                }
            }
            WordPart::Tilde(user) => {
                if user.is_empty() {
                    push_str(out, &env.home(), Kind::Quoted);
                } else {
                    push_str(out, &format!("~{user}"), Kind::Quoted);
                }
            }
            WordPart::CommandSubst { script, .. } => {
                let output = env.command_subst(script);
                push_str(out, output.trim_end_matches('\n'), value_kind);
            }
            WordPart::Param(pe) => expand_param(pe, quoted, out, env)?,
        }
    }
    Ok(())
}

fn lookup(param: &Param, env: &dyn Env) -> Option<String> {
    match param {
        Param::Special(SpecialParam::Status) => Some(env.last_status().to_string()),
        p => env.var(&p.name()),
    }
}

fn expand_param(pe: &ParamExpansion, quoted: bool, out: &mut Vec<Item>, env: &mut dyn Env) -> Result<(), ExpandError> {
    let value_kind = if quoted { Kind::Quoted } else { Kind::Split };
    let value = lookup(&pe.param, env);
    let missing = |colon: bool| match &value {
        None => true,
        Some(v) => colon && v.is_empty(),
    };
    match &pe.op {
        ParamOp::Get => push_str(out, value.as_deref().unwrap_or(""), value_kind),
        ParamOp::Length => {
            let len = value.as_deref().map_or(0, |v| v.chars().count());
            push_str(out, &len.to_string(), value_kind);
        }
        ParamOp::Default { colon, word } => {
            if missing(*colon) {
                expand_parts(&word.parts, quoted, value_kind, out, env)?;
            } else {
                push_str(out, value.as_deref().unwrap_or(""), value_kind);
            }
        }
        ParamOp::Alternative { colon, word } => {
            if !missing(*colon) {
                expand_parts(&word.parts, quoted, value_kind, out, env)?;
            }
        }
        ParamOp::Assign { colon, word } => {
            if missing(*colon) {
                let Param::Named(name) = &pe.param else {
                    return Err(ExpandError::CannotAssign { name: pe.param.name() });
                };
                let new = expand_word_no_split(word, env)?;
                env.set_var(name, new.clone());
                push_str(out, &new, value_kind);
            } else {
                push_str(out, value.as_deref().unwrap_or(""), value_kind);
            }
        }
        ParamOp::Error { colon, word } => {
            if missing(*colon) {
                let message = expand_word_no_split(word, env)?;
                return Err(ExpandError::ParameterUnset {
                    name: pe.param.name(),
                    colon: *colon,
                    message,
                });
            }
            push_str(out, value.as_deref().unwrap_or(""), value_kind);
        }
        ParamOp::RemovePrefix { longest, pattern } => {
            let pat = expand_pattern(pattern, env)?;
            let v = value.unwrap_or_default();
            push_str(out, remove_prefix(&v, &pat, *longest), value_kind);
        }
        ParamOp::RemoveSuffix { longest, pattern } => {
            let pat = expand_pattern(pattern, env)?;
            let v = value.unwrap_or_default();
            push_str(out, remove_suffix(&v, &pat, *longest), value_kind);
        }
    }
    Ok(())
}

fn char_bounds(v: &str) -> Vec<usize> {
    v.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(v.len()))
        .collect()
}

fn remove_prefix<'v>(v: &'v str, pattern: &str, longest: bool) -> &'v str {
    let mut bounds = char_bounds(v);
    if longest {
        bounds.reverse();
    }
    for b in bounds {
        if let (Some(head), Some(tail)) = (v.get(..b), v.get(b..))
            && fnmatch(pattern, head)
        {
            return tail;
        }
    }
    v
}

fn remove_suffix<'v>(v: &'v str, pattern: &str, longest: bool) -> &'v str {
    let mut bounds = char_bounds(v);
    if !longest {
        bounds.reverse();
    }
    for b in bounds {
        if let (Some(head), Some(tail)) = (v.get(..b), v.get(b..))
            && fnmatch(pattern, tail)
        {
            return head;
        }
    }
    v
}

fn is_ifs_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// POSIX field splitting: only `Split` characters in IFS delimit. A run of IFS whitespace
/// around at most one other IFS character is one delimiter; leading and trailing IFS
/// whitespace makes no field; a non-whitespace delimiter always ends a field (`a::b` gives
/// `a`, ``, `b`).
fn split_fields(items: Vec<Item>, ifs: &str) -> Vec<Vec<Item>> {
    let delim = |item: &Item| match item {
        Item::Char(c, Kind::Split) if ifs.contains(*c) => Some(is_ifs_space(*c)),
        _ => None,
    };
    let mut fields = Vec::new();
    let mut current = Vec::new();
    let mut started = false;
    let mut i = 0;
    while i < items.len() {
        if delim(&items[i]).is_some() {
            let mut j = i;
            while j < items.len() && delim(&items[j]) == Some(true) {
                j += 1;
            }
            let hard = j < items.len() && delim(&items[j]) == Some(false);
            if hard {
                j += 1;
                while j < items.len() && delim(&items[j]) == Some(true) {
                    j += 1;
                }
            }
            if hard || started {
                fields.push(std::mem::take(&mut current));
            }
            started = false;
            i = j;
            continue;
        }
        match &items[i] {
            Item::QuotedEmpty => {}
            item => current.push(item.clone()),
        }
        started = true;
        i += 1;
    }
    if started {
        fields.push(current);
    }
    fields
}

#[cfg(test)]
mod tests;
