//! Printing syntax back as shell source (`Display` / `to_source()`), and [`quote`] for
//! making any string one safe shell word. Output re-parses to the same meaning.

use std::fmt;

use crate::ast::*;
use crate::parse::{is_name_char, is_valid_name};

/// One shell word that stands for exactly `s`: `s` itself when nothing in it is special,
/// `'...'` otherwise (also for reserved words like `if`), `$'...'` when it holds control characters (so it stays on one line and
/// draws nothing on a terminal). `quote("")` is `''`.
pub fn quote(s: &str) -> String {
    if s.is_empty() {
        return "''".to_string();
    }
    if s.chars().any(char::is_control) {
        return ansi_c(s);
    }
    let safe = s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '-')
            || (!c.is_ascii() && c.is_alphanumeric())
    });
    if safe && !looks_like_assignment(s) && !crate::parse::is_reserved(s) {
        return s.to_string();
    }
    single_quoted(s)
}

fn looks_like_assignment(s: &str) -> bool {
    s.split_once('=')
        .is_some_and(|(name, _)| is_valid_name(name.strip_suffix('+').unwrap_or(name)))
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn ansi_c(s: &str) -> String {
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\'' => out.push_str(r"\'"),
            '\n' => out.push_str(r"\n"),
            '\t' => out.push_str(r"\t"),
            '\r' => out.push_str(r"\r"),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Where a word is printed: the rules for what needs a backslash differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// An ordinary word. `command` is set for the first word of a command, where a reserved
    /// word or `NAME=` would be read differently.
    Word { command: bool },
    /// Inside `"..."`.
    Double,
    /// The word of `${x:-word}`; `in_dq` when the `${` is inside double quotes.
    Brace { in_dq: bool },
    /// An unquoted here-document body.
    HereDoc,
}

/// Characters that need a backslash in an ordinary word.
fn special_in_word(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | ';'
            | '&'
            | '|'
            | '('
            | ')'
            | '<'
            | '>'
            | '\''
            | '"'
            | '\\'
            | '$'
            | '`'
            | '*'
            | '?'
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '~'
            | '!'
            | '^'
    )
}

/// How a printed list ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// With a command: a `;` or newline must come before a `}`.
    Command,
    /// With `&` or a newline (after here-document bodies).
    Terminated,
}

struct Printer {
    out: String,
    /// Here-document bodies (rendered, each line ending in a newline) and delimiters, to
    /// print after the current line.
    pending: Vec<(String, String)>,
}

impl Printer {
    fn new() -> Printer {
        Printer {
            out: String::new(),
            pending: Vec::new(),
        }
    }

    /// Prints a list; returns how it ended, which decides what may follow (`}` needs a `;`
    /// before it unless the list ended with `&` or a newline).
    fn script(&mut self, script: &Script) -> End {
        let mut end = End::Command;
        for (i, item) in script.items.iter().enumerate() {
            self.and_or(&item.and_or);
            end = End::Command;
            if item.background {
                self.out.push_str(" &");
                end = End::Terminated;
            }
            if !self.pending.is_empty() {
                self.flush_heredocs();
                end = End::Terminated;
                continue;
            }
            if i + 1 < script.items.len() {
                self.out.push_str(if item.background { " " } else { "; " });
            }
        }
        end
    }

    fn flush_heredocs(&mut self) {
        for (body, delimiter) in std::mem::take(&mut self.pending) {
            self.out.push('\n');
            self.out.push_str(&body);
            self.out.push_str(&delimiter);
        }
        self.out.push('\n');
    }

    /// Prints `<<DELIM` (or `<<-DELIM`) and queues the body for after the line. The body is
    /// rendered first: when one of its lines would end the document early (possible only
    /// through substitutions printed inside it), the delimiter gets a `_` more, and when a
    /// line would lose leading tabs to `<<-`, plain `<<` is used (the body is already
    /// stripped). Either way the meaning stays.
    fn heredoc(&mut self, fd: Option<u32>, h: &HereDoc) {
        let mut body = String::new();
        {
            let mut p = Printer::new();
            if h.quoted {
                for part in &h.body.parts {
                    match part {
                        WordPart::Literal(s) | WordPart::SingleQuoted(s) | WordPart::AnsiC(s) => p.out.push_str(s),
                        other => p.part(other, None, Ctx::HereDoc),
                    }
                }
            } else {
                p.parts(&h.body.parts, Ctx::HereDoc);
            }
            body.push_str(&p.out);
        }
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        let lines = || body.split('\n');
        let strip = h.strip_tabs && !lines().any(|l| l.starts_with('\t'));
        let mut delimiter = h.delimiter.clone();
        while lines().any(|l| l == delimiter) {
            delimiter.push('_');
        }
        if let Some(fd) = fd {
            self.out.push_str(&fd.to_string());
        }
        self.out.push_str(if strip { "<<-" } else { "<<" });
        if delimiter.starts_with('-') {
            // `<< -x`, not the operator `<<-`.
            self.out.push(' ');
        }
        if h.quoted || delimiter.is_empty() {
            self.out.push_str(&single_quoted(&delimiter));
        } else {
            self.out.push_str(&delimiter);
        }
        self.pending.push((body, delimiter));
    }

    fn and_or(&mut self, and_or: &AndOr) {
        self.pipeline(&and_or.first);
        for (connector, pipeline) in &and_or.rest {
            self.out.push_str(match connector {
                Connector::And => " && ",
                Connector::Or => " || ",
            });
            self.pipeline(pipeline);
        }
    }

    fn pipeline(&mut self, pipeline: &Pipeline) {
        if pipeline.negated {
            self.out.push_str("! ");
        }
        for (i, command) in pipeline.commands.iter().enumerate() {
            if i > 0 {
                self.out.push_str(" | ");
            }
            self.command(command);
        }
    }

    fn command(&mut self, command: &Command) {
        match command {
            Command::Simple(simple) => self.simple(simple),
            Command::Subshell { body, redirects } => {
                self.out.push('(');
                self.nested(body);
                self.out.push(')');
                self.redirects(redirects);
            }
            Command::Group { body, redirects } => {
                self.out.push_str("{ ");
                if body.items.is_empty() {
                    self.out.push(':');
                }
                match self.nested(body) {
                    End::Command => self.out.push_str("; "),
                    End::Terminated if !self.out.ends_with('\n') => self.out.push(' '),
                    End::Terminated => {}
                }
                self.out.push('}');
                self.redirects(redirects);
            }
        }
    }

    /// A list inside `(...)`, `{ ...; }` or `$(...)`, with its here-document bodies inside.
    fn nested(&mut self, body: &Script) -> End {
        let outer = std::mem::take(&mut self.pending);
        let mut inner = Printer::new();
        let end = inner.script(body);
        if inner.out.starts_with('(') {
            self.out.push(' ');
        }
        self.out.push_str(&inner.out);
        self.pending = outer;
        end
    }

    fn simple(&mut self, simple: &SimpleCommand) {
        let mut first = true;
        for a in &simple.assignments {
            if !first {
                self.out.push(' ');
            }
            first = false;
            self.out.push_str(&a.name);
            self.out.push_str(if a.append { "+=" } else { "=" });
            self.parts(&a.value.parts, Ctx::Word { command: false });
        }
        for (i, word) in simple.words.iter().enumerate() {
            if !first {
                self.out.push(' ');
            }
            first = false;
            self.word(word, Ctx::Word { command: i == 0 });
        }
        if !first {
            self.redirects(&simple.redirects);
        } else {
            for (i, r) in simple.redirects.iter().enumerate() {
                if i > 0 {
                    self.out.push(' ');
                }
                self.redirect(r);
            }
        }
    }

    fn redirects(&mut self, redirects: &[Redirect]) {
        for r in redirects {
            self.out.push(' ');
            self.redirect(r);
        }
    }

    fn redirect(&mut self, r: &Redirect) {
        if let RedirectOp::HereDoc(h) = &r.op {
            self.heredoc(r.fd, h);
            return;
        }
        if let Some(fd) = r.fd {
            self.out.push_str(&fd.to_string());
        }
        self.out.push_str(r.op.symbol());
        match &r.op {
            RedirectOp::DupOut(w) | RedirectOp::DupIn(w) => self.word(w, Ctx::Word { command: false }),
            op => {
                self.out.push(' ');
                if let Some(w) = op.target() {
                    self.word(w, Ctx::Word { command: false });
                }
            }
        }
    }

    fn word(&mut self, word: &Word, ctx: Ctx) {
        if word.parts.is_empty() {
            self.out.push_str("''");
            return;
        }
        if ctx == (Ctx::Word { command: true })
            && let [WordPart::Literal(s)] = word.parts.as_slice()
            && crate::parse::is_reserved(s)
        {
            self.out.push('\\');
            self.out.push_str(s);
            return;
        }
        self.parts(&word.parts, ctx);
    }

    fn parts(&mut self, parts: &[WordPart], ctx: Ctx) {
        for (i, part) in parts.iter().enumerate() {
            let ctx = match ctx {
                Ctx::Word { command: true } if i > 0 => Ctx::Word { command: false },
                c => c,
            };
            self.part(part, parts.get(i + 1), ctx);
        }
    }

    fn part(&mut self, part: &WordPart, next: Option<&WordPart>, ctx: Ctx) {
        match part {
            WordPart::Literal(s) => self.literal(s, ctx),
            WordPart::SingleQuoted(s) => match ctx {
                Ctx::Double | Ctx::HereDoc | Ctx::Brace { in_dq: true } => self.literal(s, ctx),
                Ctx::Brace { in_dq: false } if s.chars().count() == 1 && s != "\n" => {
                    self.out.push('\\');
                    self.out.push_str(s);
                }
                _ => self.out.push_str(&single_quoted(s)),
            },
            WordPart::AnsiC(s) => match ctx {
                Ctx::Double | Ctx::HereDoc | Ctx::Brace { in_dq: true } => self.literal(s, ctx),
                _ => self.out.push_str(&ansi_c(s)),
            },
            WordPart::DoubleQuoted(inner) => match ctx {
                Ctx::Double | Ctx::HereDoc => self.parts(inner, ctx),
                _ => {
                    self.out.push('"');
                    self.parts(inner, Ctx::Double);
                    self.out.push('"');
                }
            },
            WordPart::Param(pe) => self.param(pe, next, ctx),
            WordPart::CommandSubst { script, .. } => {
                self.out.push_str("$(");
                self.nested(script);
                self.out.push(')');
            }
            WordPart::Tilde(user) => {
                self.out.push('~');
                self.out.push_str(user);
            }
            WordPart::Glob(raw) => match ctx {
                Ctx::Word { .. } | Ctx::Brace { .. } => self.out.push_str(raw),
                _ => self.literal(raw, ctx),
            },
        }
    }

    fn literal(&mut self, s: &str, ctx: Ctx) {
        let mut name_so_far = true;
        for (i, c) in s.char_indices() {
            match ctx {
                Ctx::Word { command } => {
                    if c.is_control() {
                        self.out.push_str(&ansi_c(c.encode_utf8(&mut [0; 4])));
                        name_so_far = false;
                        continue;
                    }
                    let assignment_eq = command
                        && c == '='
                        && name_so_far
                        && i > 0
                        && is_valid_name(s.get(..i).unwrap_or("").trim_end_matches('+'));
                    if special_in_word(c) || assignment_eq {
                        self.out.push('\\');
                    }
                    if !(is_name_char(c) || c == '+') {
                        name_so_far = false;
                    }
                }
                Ctx::Double => {
                    if matches!(c, '$' | '`' | '"' | '\\') {
                        self.out.push('\\');
                    }
                }
                Ctx::Brace { in_dq: true } => {
                    if matches!(c, '$' | '`' | '"' | '\\' | '}') {
                        self.out.push('\\');
                    }
                }
                Ctx::Brace { in_dq: false } => {
                    if matches!(c, '$' | '`' | '"' | '\\' | '}' | '\'' | '*' | '?' | '[' | '~') {
                        self.out.push('\\');
                    }
                }
                Ctx::HereDoc => {
                    if matches!(c, '$' | '`' | '\\') {
                        self.out.push('\\');
                    }
                }
            }
            self.out.push(c);
        }
    }

    fn param(&mut self, pe: &ParamExpansion, next: Option<&WordPart>, ctx: Ctx) {
        let in_dq = matches!(ctx, Ctx::Double | Ctx::HereDoc | Ctx::Brace { in_dq: true });
        let next_is_name_char = match next {
            Some(WordPart::Literal(s)) => s.chars().next().is_some_and(is_name_char),
            _ => false,
        };
        let name = pe.param.name();
        if pe.op == ParamOp::Get {
            let short = match &pe.param {
                Param::Named(_) => !next_is_name_char,
                Param::Positional(n) => *n < 10 && !next_is_name_char,
                Param::Special(_) => true,
            };
            if short {
                self.out.push('$');
                self.out.push_str(&name);
                return;
            }
        }
        self.out.push_str("${");
        let (symbol, word) = match &pe.op {
            ParamOp::Get => ("", None),
            ParamOp::Length => {
                self.out.push('#');
                ("", None)
            }
            ParamOp::Default { colon, word } => (if *colon { ":-" } else { "-" }, Some(word)),
            ParamOp::Assign { colon, word } => (if *colon { ":=" } else { "=" }, Some(word)),
            ParamOp::Alternative { colon, word } => (if *colon { ":+" } else { "+" }, Some(word)),
            ParamOp::Error { colon, word } => (if *colon { ":?" } else { "?" }, Some(word)),
            ParamOp::RemovePrefix { longest, pattern } => (if *longest { "##" } else { "#" }, Some(pattern)),
            ParamOp::RemoveSuffix { longest, pattern } => (if *longest { "%%" } else { "%" }, Some(pattern)),
        };
        self.out.push_str(&name);
        self.out.push_str(symbol);
        if let Some(word) = word {
            self.parts(&word.parts, Ctx::Brace { in_dq });
        }
        self.out.push('}');
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer::new();
        p.script(self);
        f.write_str(&p.out)
    }
}

impl fmt::Display for Command {
    /// The command; here-document bodies follow it on the next lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer::new();
        p.command(self);
        if !p.pending.is_empty() {
            p.flush_heredocs();
        }
        f.write_str(&p.out)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer::new();
        p.word(self, Ctx::Word { command: false });
        f.write_str(&p.out)
    }
}

impl Script {
    /// Shell source that parses back to the same meaning (same as `to_string()`).
    pub fn to_source(&self) -> String {
        self.to_string()
    }
}

impl Command {
    /// Shell source that parses back to the same meaning (same as `to_string()`).
    pub fn to_source(&self) -> String {
        self.to_string()
    }
}

impl Word {
    /// Shell source for this word as an argument (same as `to_string()`).
    pub fn to_source(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests;
