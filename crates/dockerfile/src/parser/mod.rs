//! Low-level Dockerfile parser, modelled on BuildKit's `parser.Parse`.
//!
//! It handles parser directives (`# syntax=`, `# escape=`, `# check=`), comments, line
//! continuations, heredocs, the JSON (exec) and shell forms and `--flags`, and produces a node
//! per instruction. [`Ast::dump`] prints the tree in exactly the s-expression format of
//! BuildKit's `AST.Dump()`.
//!
//! Like BuildKit's parser it does not know which instructions exist or which flags they take:
//! `FOO bar` parses fine here and fails in [`crate::instructions`].

mod heredoc;
mod json;
mod line_parsers;

pub use heredoc::{chomp_heredoc_content, parse_heredoc};

use crate::error::{Error, ErrorDetail, LineRange};
use crate::go;

/// ONBUILD nesting deeper than this is kept as text instead of parsed recursively.
pub(crate) const MAX_ONBUILD_NESTING: usize = 64;

/// The maximum length of a physical line (including its newline) BuildKit's scanner accepts.
const MAX_LINE: usize = 64 * 1024;

/// The result of [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ast {
    /// One node per instruction, in order.
    pub children: Vec<Node>,
    /// The escape token in effect (`\` or `` ` ``).
    pub escape_token: char,
    /// The parser directives found at the top of the file.
    pub directives: Vec<Directive>,
    /// Parser warnings (empty continuation lines).
    pub warnings: Vec<Warning>,
}

impl Ast {
    /// BuildKit's `AST.Dump()`: one s-expression per instruction, separated by newlines (no
    /// trailing newline).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            out.push('(');
            out.push_str(&child.dump());
            out.push_str(")\n");
        }
        go::trim_space(&out).to_string()
    }

    /// The value of a parser directive (`"syntax"`, `"escape"` or `"check"`), if present.
    pub fn directive(&self, name: &str) -> Option<&str> {
        self.directives
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.value.as_str())
    }
}

/// One instruction (or, inside `ONBUILD`, the triggered instruction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The instruction name as written (`RUN`, `run`, `FOO` …).
    pub value: String,
    /// The arguments (BuildKit's `Next` chain).
    pub args: Vec<Arg>,
    /// The `--flags` before the arguments, as written (`--from=build`).
    pub flags: Vec<String>,
    /// Whether the arguments came from the JSON (exec) form.
    pub json: bool,
    /// Heredoc bodies read after the instruction line (RUN, COPY, ADD and ONBUILD of those).
    pub heredocs: Vec<Heredoc>,
    /// The instruction's text after joining continuation lines (without heredoc bodies).
    pub original: String,
    /// The source lines of the instruction, including continuation lines and heredoc bodies.
    pub lines: LineRange,
    /// The comment lines directly before the instruction (without `#`).
    pub prev_comment: Vec<String>,
}

/// An argument of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A plain argument.
    Word(String),
    /// The instruction triggered by `ONBUILD`.
    Child(Box<Node>),
}

impl Node {
    /// BuildKit's `Node.Dump()` for one instruction (without the surrounding parentheses).
    pub fn dump(&self) -> String {
        let mut out = go::to_lower(&self.value);
        if !self.flags.is_empty() {
            out.push(' ');
            out.push_str(&go::quote_slice(&self.flags));
        }
        for arg in &self.args {
            out.push(' ');
            match arg {
                Arg::Word(w) => out.push_str(&go::quote(w)),
                Arg::Child(child) => {
                    out.push('(');
                    out.push_str(&child.dump());
                    out.push(')');
                }
            }
        }
        go::trim_space(&out).to_string()
    }

    /// The arguments flattened like BuildKit's `nodeArgs` (an ONBUILD child contributes its
    /// name followed by its own arguments).
    pub fn arg_strings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut node = self;
        loop {
            let mut next_child = None;
            for arg in &node.args {
                match arg {
                    Arg::Word(w) => out.push(w.clone()),
                    Arg::Child(child) => {
                        out.push(child.value.clone());
                        next_child = Some(child.as_ref());
                        break;
                    }
                }
            }
            match next_child {
                Some(child) => node = child,
                None => return out,
            }
        }
    }

    /// The triggered instruction of an `ONBUILD` node.
    pub fn child(&self) -> Option<&Node> {
        self.args.iter().find_map(|a| match a {
            Arg::Child(c) => Some(c.as_ref()),
            Arg::Word(_) => None,
        })
    }

    fn can_contain_heredoc(&self) -> bool {
        let mut node = self;
        if go::to_lower(&node.value) == "onbuild"
            && let Some(Arg::Child(child)) = node.args.first()
        {
            node = child;
        }
        matches!(go::to_lower(&node.value).as_str(), "add" | "copy" | "run") && !node.json
    }
}

/// A heredoc attached to an instruction (BuildKit `parser.Heredoc`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Heredoc {
    /// The delimiter word with quotes removed (`EOF`).
    pub name: String,
    /// The file descriptor before `<<` (`3<<EOF`), 0 when absent.
    pub file_descriptor: u64,
    /// Whether variables in the body should be expanded (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body (see [`chomp_heredoc_content`]).
    pub chomp: bool,
    /// The body lines, each with its line ending; the terminator line is not included.
    pub content: String,
}

/// A parser directive (`# name=value` at the top of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `syntax`, `escape` or `check` (lower case).
    pub name: String,
    /// The value as written.
    pub value: String,
    /// The 1-based line.
    pub line: usize,
}

/// A parser warning (BuildKit reports these as the `NoEmptyContinuation` lint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `Empty continuation line found in: …`
    pub short: String,
    /// Longer explanation.
    pub detail: String,
    /// Documentation URL.
    pub url: String,
    /// Where BuildKit reports it (the last line of the instruction).
    pub line: usize,
}

/// Directive state while parsing (BuildKit `directives` + `DirectiveParser`).
pub(crate) struct Directives {
    pub(crate) escape_token: char,
    done: bool,
    line: usize,
    found: Vec<Directive>,
}

impl Directives {
    fn new() -> Self {
        Directives {
            escape_token: '\\',
            done: false,
            line: 0,
            found: Vec::new(),
        }
    }

    /// Returns whether `line` was a directive.
    fn possible_directive(&mut self, line: &str) -> Result<bool, ErrorDetail> {
        self.line += 1;
        if self.done {
            return Ok(false);
        }
        let Some(rest) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(false);
        };
        let rest = go::trim_left_space(rest);
        let Some((key, value)) = match_directive(rest) else {
            self.done = true;
            return Ok(false);
        };
        let key = go::to_lower(key);
        if !matches!(key.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return Ok(false);
        }
        if self.found.iter().any(|d| d.name == key) {
            return Err(ErrorDetail::DuplicateDirective { name: key });
        }
        self.found.push(Directive {
            name: key.clone(),
            value: value.to_string(),
            line: self.line,
        });
        if key == "escape" {
            match value {
                "`" => self.escape_token = '`',
                "\\" => self.escape_token = '\\',
                _ => {
                    return Err(ErrorDetail::InvalidEscapeToken {
                        token: value.to_string(),
                    });
                }
            }
        }
        Ok(true)
    }
}

/// Go's `\s` in RE2: `[\t\n\f\r ]`.
fn is_re_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with Go's leftmost-first semantics.
fn match_directive(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let key = &s[..i];
    let rest = s[i..].trim_start_matches(is_re_space);
    let rest = rest.strip_prefix('=')?;
    if rest.contains('\n') {
        return None;
    }
    // `\s*(.+?)\s*$`: the leading `\s*` is greedy but must leave at least one character.
    let trimmed = rest.trim_start_matches(is_re_space);
    let value_start = if trimmed.is_empty() {
        // All white space: the value is the last character.
        let last = rest.chars().next_back()?;
        rest.len() - last.len_utf8()
    } else {
        rest.len() - trimmed.len()
    };
    let candidate = &rest[value_start..];
    let value = candidate.trim_end_matches(is_re_space);
    let value = if value.is_empty() { candidate } else { value };
    Some((key, value))
}

/// Splits the source into lines that keep their line endings (BuildKit's `scanLines`), stopping
/// like Go's `bufio.Scanner` at a line longer than 64 KiB.
struct LineScanner<'a> {
    src: &'a str,
    pos: usize,
    too_long: bool,
}

impl<'a> Iterator for LineScanner<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.too_long || self.pos >= self.src.len() {
            return None;
        }
        let rest = &self.src[self.pos..];
        let (token, limit) = match rest.find('\n') {
            Some(i) => (&rest[..=i], MAX_LINE),
            None => (rest, MAX_LINE - 1),
        };
        if token.len() > limit {
            self.too_long = true;
            return None;
        }
        self.pos += token.len();
        Some(token)
    }
}

fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

fn is_comment(line: &str) -> bool {
    go::trim_left_space(line).starts_with('#')
}

fn is_empty_continuation_line(line: &str) -> bool {
    go::trim_left_space(trim_newline(line)).is_empty()
}

/// BuildKit's continuation regex `([^E])E[ \t]*$|^E[ \t]*$` for escape token `E`, replaced by
/// `$1`. Returns the line and whether it was the end of the logical line.
fn trim_continuation(line: &str, escape: char) -> (String, bool) {
    let t = line.trim_end_matches([' ', '\t']);
    if let Some(before) = t.strip_suffix(escape) {
        match before.chars().next_back() {
            None => return (String::new(), false),
            Some(c) if c != escape => return (before.to_string(), false),
            Some(_) => {}
        }
    }
    (line.to_string(), true)
}

/// BuildKit `processLine`: returns the line without its newline (left-trimmed if asked), empty
/// for comments, and whether it was a parser directive.
fn process_line(d: &mut Directives, token: &str, strip_left: bool) -> (String, bool, Option<ErrorDetail>) {
    let mut t = trim_newline(token);
    if strip_left {
        t = go::trim_left_space(t);
    }
    let (ok, err) = match d.possible_directive(t) {
        Ok(ok) => (ok, None),
        Err(e) => (false, Some(e)),
    };
    let out = if is_comment(t) { String::new() } else { t.to_string() };
    (out, ok, err)
}

/// Parses a Dockerfile (BuildKit `parser.Parse`).
pub fn parse(src: &str) -> Result<Ast, Error> {
    let mut d = Directives::new();
    let mut lines = LineScanner {
        src,
        pos: 0,
        too_long: false,
    };
    let mut current_line = 0usize;
    let mut children: Vec<Node> = Vec::new();
    let mut warnings = Vec::new();
    let mut comments: Vec<String> = Vec::new();

    while let Some(raw) = lines.next() {
        let mut bytes_read = raw;
        if current_line == 0 {
            bytes_read = bytes_read.strip_prefix('\u{feff}').unwrap_or(bytes_read);
        }
        if is_comment(bytes_read) {
            let c = go::trim_space(&go::lossy(&bytes_read.as_bytes()[1..])).to_string();
            if c.is_empty() {
                comments.clear();
            } else {
                comments.push(c);
            }
        }
        let (processed, directive_ok, err) = process_line(&mut d, bytes_read, true);
        if directive_ok {
            comments.pop();
        }
        if let Some(e) = err {
            return Err(Error::at(e, current_line, current_line));
        }
        current_line += 1;

        let start_line = current_line;
        let (first, mut is_end) = trim_continuation(&processed, d.escape_token);
        if is_end && first.is_empty() {
            continue;
        }
        let mut line = first;

        let mut has_empty_continuation = false;
        while !is_end {
            let Some(raw) = lines.next() else {
                break;
            };
            let (processed, _, err) = process_line(&mut d, raw, false);
            if let Some(e) = err {
                return Err(Error::at(e, current_line, current_line));
            }
            current_line += 1;
            if is_comment(raw) {
                continue;
            }
            if is_empty_continuation_line(&processed) {
                has_empty_continuation = true;
                continue;
            }
            let (part, end) = trim_continuation(&processed, d.escape_token);
            is_end = end;
            line.push_str(&part);
        }

        if has_empty_continuation {
            warnings.push(Warning {
                short: format!("Empty continuation line found in: {line}"),
                detail: "Empty continuation lines will become errors in a future release".to_string(),
                url: "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/".to_string(),
                line: current_line,
            });
        }

        let mut child = line_parsers::node_from_line(&line, &d, comments.clone(), 0)
            .map_err(|e| Error::at(e, start_line, current_line))?;

        if child.can_contain_heredoc() && line.contains("<<") {
            let docs = heredoc::heredocs_from_line(&line).map_err(|e| Error::at(e, start_line, current_line))?;
            for mut doc in docs {
                let mut terminated = false;
                for raw in lines.by_ref() {
                    current_line += 1;
                    let mut possible = trim_newline(raw);
                    if doc.chomp {
                        possible = possible.trim_start_matches('\t');
                    }
                    if possible == doc.name {
                        terminated = true;
                        break;
                    }
                    doc.content.push_str(raw);
                }
                if !terminated {
                    return Err(Error::at(ErrorDetail::UnterminatedHeredoc, start_line, current_line));
                }
                child.heredocs.push(doc);
            }
        }

        set_lines(&mut child, LineRange::new(start_line, current_line));
        children.push(child);
        comments.clear();
    }

    if children.is_empty() {
        return Err(Error::at(ErrorDetail::NoInstructions, current_line, current_line));
    }
    if lines.too_long {
        return Err(Error::at(ErrorDetail::LineTooLong, current_line, current_line));
    }
    Ok(Ast {
        children,
        escape_token: d.escape_token,
        directives: d.found,
        warnings,
    })
}

fn set_lines(node: &mut Node, lines: LineRange) {
    let mut node = node;
    loop {
        node.lines = lines;
        let next = node.args.iter_mut().find_map(|a| match a {
            Arg::Child(c) => Some(c.as_mut()),
            Arg::Word(_) => None,
        });
        match next {
            Some(child) => node = child,
            None => return,
        }
    }
}

#[cfg(test)]
mod tests;
