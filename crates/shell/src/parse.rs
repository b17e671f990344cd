//! The parser: shell source to a [`Script`], reading here-document bodies from the lines that
//! follow their command, and telling unfinished input (a `> ` prompt) from syntax errors.

// It is a hand-written recursive descent over the characters of the source: bash's grammar
// depends on context (a `#` starts a comment only at a word's start, `}` is special only
// where a command starts), so there is no separate tokenizer pass.

use crate::ast::*;
use crate::error::*;

/// How deeply substitutions, subshells, groups and `${...}` may nest before the parser gives
/// up with [`ParseError::TooDeep`]. Keeps every recursion (parse, expand, print, drop) small
/// enough for a WebAssembly stack.
pub const MAX_DEPTH: usize = 32;

/// A successful parse with the warnings bash would print before running it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub script: Script,
    pub warnings: Vec<ParseWarning>,
}

/// Parses input typed at an interactive prompt. `src` may hold several lines (the lines typed
/// so far). Returns [`ParseError::Incomplete`] when more lines could complete it, as bash
/// would show its `> ` prompt. Warnings (rare, see [`ParseWarning`]) are dropped; use
/// [`parse_with`] to get them.
pub fn parse(src: &str) -> Result<Script, ParseError> {
    parse_with(src, false).map(|p| p.script)
}

/// Parses input that will get no more lines (a script, or the REPL's input after Ctrl-D):
/// never returns [`ParseError::Incomplete`]. A here-document cut by the end of input is
/// accepted with a warning, and a final lone `\` is a literal backslash, as in bash.
pub fn parse_eof(src: &str) -> Result<Parsed, ParseError> {
    parse_with(src, true)
}

/// [`parse`] (`at_eof == false`) or [`parse_eof`] (`at_eof == true`) with the warnings.
pub fn parse_with(src: &str, at_eof: bool) -> Result<Parsed, ParseError> {
    let mut p = Parser::new(src, at_eof, 0);
    let script = p.parse_program()?;
    Ok(Parsed {
        script,
        warnings: p.warnings,
    })
}

/// Whether a REPL should read another line before running `src` (an open quote, `$(`, `${`,
/// subshell or group, an unterminated here-document, or a line ending in `\`, `|`, `&&`,
/// `||`).
pub fn needs_more_input(src: &str) -> bool {
    matches!(parse(src), Err(ParseError::Incomplete(_)))
}

/// The characters that end an unquoted word.
pub(crate) fn is_word_end(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>')
}

pub(crate) fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

pub(crate) fn is_valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// Operators, longest first so that the first match is the longest one.
const OPERATORS: &[&str] = &[
    ";;&", "<<<", "<<-", "&>>", "&&", "||", ";;", ";&", "|&", "&>", "<<", "<&", "<>", ">>", ">&", ">|", ";", "&", "|",
    "(", ")", "<", ">", "\n",
];

fn is_redirect_op(op: &str) -> bool {
    matches!(
        op,
        "<<<" | "<<-" | "&>>" | "&>" | "<<" | "<&" | "<>" | ">>" | ">&" | ">|" | "<" | ">"
    )
}

/// Words that open a compound command this shell does not support.
const UNSUPPORTED_KEYWORDS: &[&str] = &["if", "for", "while", "until", "case", "select", "[[", "coproc", "time"];

/// Words that are only valid inside a compound command: a syntax error where a command starts.
const MISPLACED_KEYWORDS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "esac", "}"];

/// Whether `word`, unquoted where a command starts, is a reserved word.
pub(crate) fn is_reserved(word: &str) -> bool {
    ["!", "{", "function"]
        .iter()
        .chain(UNSUPPORTED_KEYWORDS)
        .chain(MISPLACED_KEYWORDS)
        .any(|k| *k == word)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Term {
    Eof,
    Subshell,
    CommandSubst,
    Group,
}

struct PendingHereDoc {
    delimiter: String,
    quoted: bool,
    strip_tabs: bool,
    line: usize,
}

/// An unescaped `NAME=` or `NAME+=` at the start of a word.
struct AssignPrefix {
    name: String,
    append: bool,
}

#[derive(Default)]
struct Parts(Vec<WordPart>);

impl Parts {
    fn lit(&mut self, c: char) {
        if let Some(WordPart::Literal(s)) = self.0.last_mut() {
            s.push(c);
        } else {
            self.0.push(WordPart::Literal(c.to_string()));
        }
    }

    fn push(&mut self, part: WordPart) {
        self.0.push(part);
    }
}

pub(crate) struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// No more input will come: report end of input as an error, never as `Incomplete`.
    at_eof: bool,
    depth: usize,
    /// Offset of `src` in the text the user typed, for error offsets of nested parsers.
    base: usize,
    /// Here-documents of the current level whose bodies start after the next newline.
    pending: Vec<PendingHereDoc>,
    /// Bodies read so far for the here-documents of the current level, in operator order.
    bodies: Vec<Word>,
    warnings: Vec<ParseWarning>,
    /// A known (offset, 1-based line) pair, so that line numbers cost linear time overall.
    line_cache: (usize, usize),
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, at_eof: bool, base: usize) -> Parser<'a> {
        Parser {
            src,
            pos: 0,
            at_eof,
            depth: 0,
            base,
            pending: Vec::new(),
            bodies: Vec::new(),
            warnings: Vec::new(),
            line_cache: (0, 1),
        }
    }

    /// The 1-based line of a byte offset of `src`.
    fn line_at(&mut self, offset: usize) -> usize {
        let (mut from, mut line) = self.line_cache;
        if offset < from {
            (from, line) = (0, 1);
        }
        line += self.src.get(from..offset).unwrap_or("").matches('\n').count();
        self.line_cache = (offset, line);
        line
    }

    // ----- characters -----

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn offset(&self) -> usize {
        self.base + self.pos
    }

    // ----- errors -----

    fn incomplete(&self, what: Incomplete) -> ParseError {
        if self.at_eof {
            what.at_eof(self.base + self.src.len())
                .unwrap_or(ParseError::UnexpectedEof {
                    matching: None,
                    offset: self.base + self.src.len(),
                })
        } else {
            ParseError::Incomplete(what)
        }
    }

    fn unexpected_here(&self) -> ParseError {
        ParseError::UnexpectedToken {
            token: self.token_text(),
            offset: self.offset(),
        }
    }

    fn unsupported(&self, feature: Unsupported) -> ParseError {
        ParseError::Unsupported {
            feature,
            offset: self.offset(),
        }
    }

    /// The token at the current position as bash names it in a syntax error.
    fn token_text(&self) -> String {
        match self.op_at() {
            Some("\n") | None if self.peek().is_none_or(|c| c == '\n') => "newline".into(),
            Some(op) => op.into(),
            None => {
                let mut out = String::new();
                let mut quote = None;
                for c in self.rest().chars() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None if c == '\'' || c == '"' => quote = Some(c),
                        None if is_word_end(c) => break,
                        None => {}
                    }
                    out.push(c);
                }
                out
            }
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::TooDeep { offset: self.offset() });
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ----- tokens -----

    fn op_at(&self) -> Option<&'static str> {
        let rest = self.rest();
        OPERATORS.iter().copied().find(|op| rest.starts_with(op))
    }

    /// `2>` / `10<`: the digits of an IO number and their length, when followed by `<`/`>`.
    fn io_number(&self) -> Option<(u32, usize)> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || !matches!(rest.as_bytes().get(len), Some(b'<' | b'>')) {
            return None;
        }
        rest.get(..len)?.parse().ok().map(|n| (n, len))
    }

    /// The reserved word at the current position, if the text there is exactly one.
    fn reserved_here(&self) -> Option<&'a str> {
        let rest = self.rest();
        let end = rest.find(is_word_end).unwrap_or(rest.len());
        let word = rest.get(..end)?;
        is_reserved(word).then_some(word)
    }

    /// Skips blanks, `\`-newline continuations and a comment; never a newline.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t') => self.pos += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('#') => {
                    let rest = self.rest();
                    self.pos += rest.find('\n').unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    /// Skips blanks, comments and newlines (reading here-document bodies at each newline).
    fn skip_linebreaks(&mut self) -> Result<(), ParseError> {
        loop {
            self.skip_blanks();
            if self.peek() == Some('\n') {
                self.newline()?;
            } else {
                return Ok(());
            }
        }
    }

    /// Consumes a newline token, then the bodies of the here-documents started on that line.
    fn newline(&mut self) -> Result<(), ParseError> {
        self.pos += 1;
        for h in std::mem::take(&mut self.pending) {
            let body = self.read_heredoc_body(&h)?;
            self.bodies.push(body);
        }
        Ok(())
    }

    // ----- lists and commands -----

    fn parse_program(&mut self) -> Result<Script, ParseError> {
        let mut script = self.parse_list(Term::Eof)?;
        self.finish_level(&mut script, false)?;
        Ok(script)
    }

    /// Attaches the bodies read at this level to its here-documents, in order.
    fn finish_level(&mut self, script: &mut Script, in_subst: bool) -> Result<(), ParseError> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            if in_subst {
                self.warnings
                    .push(ParseWarning::HereDocInSubst { count: pending.len() });
            } else if self.at_eof {
                for h in &pending {
                    self.warnings.push(ParseWarning::HereDocAtEof {
                        delimiter: h.delimiter.clone(),
                        line: h.line,
                    });
                }
            } else {
                let delimiter = pending.into_iter().next().map(|h| h.delimiter).unwrap_or_default();
                return Err(ParseError::Incomplete(Incomplete::HereDoc { delimiter }));
            }
            self.bodies.extend(pending.iter().map(|_| Word::default()));
        }
        let mut bodies = std::mem::take(&mut self.bodies).into_iter();
        fill_heredocs(script, &mut bodies);
        Ok(())
    }

    fn parse_list(&mut self, term: Term) -> Result<Script, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_linebreaks()?;
            match self.peek() {
                None => {
                    return match term {
                        Term::Eof => Ok(Script { items }),
                        Term::Subshell => Err(self.incomplete(Incomplete::Subshell)),
                        Term::CommandSubst => Err(self.incomplete(Incomplete::CommandSubst)),
                        Term::Group => Err(self.incomplete(Incomplete::Group)),
                    };
                }
                Some(')') if term == Term::CommandSubst => return Ok(Script { items }),
                Some(')') if term == Term::Subshell && !items.is_empty() => {
                    return Ok(Script { items });
                }
                _ => {}
            }
            if term == Term::Group && self.reserved_here() == Some("}") && !items.is_empty() {
                return Ok(Script { items });
            }
            let and_or = self.parse_and_or()?;
            self.skip_blanks();
            let mut background = false;
            match self.op_at() {
                Some(";") => self.pos += 1,
                Some("&") => {
                    self.pos += 1;
                    background = true;
                }
                Some("\n") => self.newline()?,
                Some(")") if matches!(term, Term::Subshell | Term::CommandSubst) => {}
                None if self.peek().is_none() => {}
                _ => return Err(self.unexpected_here()),
            }
            items.push(ListItem { and_or, background });
        }
    }

    fn parse_and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.parse_pipeline()?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let (connector, open) = match self.op_at() {
                Some("&&") => (Connector::And, Incomplete::And),
                Some("||") => (Connector::Or, Incomplete::Or),
                _ => break,
            };
            self.pos += 2;
            self.skip_linebreaks()?;
            if self.peek().is_none() {
                return Err(self.incomplete(open));
            }
            rest.push((connector, self.parse_pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline, ParseError> {
        self.skip_blanks();
        let mut negated = false;
        if self.reserved_here() == Some("!") {
            self.pos += 1;
            negated = true;
            self.skip_blanks();
            if self.peek().is_none() || matches!(self.op_at(), Some(";" | "&" | "\n" | ")")) {
                return Ok(Pipeline {
                    negated,
                    commands: vec![Command::Simple(SimpleCommand::default())],
                });
            }
        }
        let mut commands = vec![self.parse_command()?];
        loop {
            self.skip_blanks();
            match self.op_at() {
                Some("|") => self.pos += 1,
                Some("|&") => {
                    self.pos += 2;
                    if let Some(last) = commands.last_mut() {
                        let dup = Redirect {
                            fd: Some(2),
                            op: RedirectOp::DupOut(Word::literal("1")),
                        };
                        match last {
                            Command::Simple(s) => s.redirects.push(dup),
                            Command::Subshell { redirects, .. } | Command::Group { redirects, .. } => {
                                redirects.push(dup)
                            }
                        }
                    }
                }
                _ => break,
            }
            self.skip_linebreaks()?;
            if self.peek().is_none() {
                return Err(self.incomplete(Incomplete::Pipe));
            }
            commands.push(self.parse_command()?);
        }
        Ok(Pipeline { negated, commands })
    }

    fn parse_command(&mut self) -> Result<Command, ParseError> {
        self.skip_blanks();
        match self.op_at() {
            Some("(") => {
                if self.rest().starts_with("((") {
                    return Err(self.unsupported(Unsupported::ArithmeticCommand));
                }
                self.pos += 1;
                self.enter()?;
                let body = self.parse_list(Term::Subshell)?;
                self.leave();
                self.pos += 1; // `)`: parse_list stops only there
                let redirects = self.parse_trailing_redirects()?;
                return Ok(Command::Subshell { body, redirects });
            }
            Some(op) if !is_redirect_op(op) => return Err(self.unexpected_here()),
            None if self.peek().is_none() => return Err(self.unexpected_here()),
            _ => {}
        }
        if let Some(word) = self.reserved_here() {
            match word {
                "{" => {
                    self.pos += 1;
                    self.enter()?;
                    let body = self.parse_list(Term::Group)?;
                    self.leave();
                    self.pos += 1; // `}`: parse_list stops only there
                    let redirects = self.parse_trailing_redirects()?;
                    return Ok(Command::Group { body, redirects });
                }
                "function" => return Err(self.unsupported(Unsupported::FunctionDefinition)),
                w if UNSUPPORTED_KEYWORDS.contains(&w) => {
                    return Err(self.unsupported(Unsupported::Keyword(w.to_string())));
                }
                w if MISPLACED_KEYWORDS.contains(&w) => return Err(self.unexpected_here()),
                _ => {}
            }
        }
        self.parse_simple()
    }

    fn parse_trailing_redirects(&mut self) -> Result<Vec<Redirect>, ParseError> {
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            if let Some((fd, len)) = self.io_number() {
                self.pos += len;
                redirects.push(self.parse_redirect(Some(fd))?);
            } else if self.op_at().is_some_and(is_redirect_op) {
                redirects.push(self.parse_redirect(None)?);
            } else {
                return Ok(redirects);
            }
        }
    }

    fn parse_simple(&mut self) -> Result<Command, ParseError> {
        let mut cmd = SimpleCommand::default();
        loop {
            self.skip_blanks();
            if self.peek().is_none() {
                break;
            }
            if let Some((fd, len)) = self.io_number() {
                self.pos += len;
                cmd.redirects.push(self.parse_redirect(Some(fd))?);
                continue;
            }
            match self.op_at() {
                Some(op) if is_redirect_op(op) => {
                    cmd.redirects.push(self.parse_redirect(None)?);
                    continue;
                }
                Some("(") => {
                    let only_name = cmd.words.len() == 1 && cmd.assignments.is_empty() && cmd.redirects.is_empty();
                    if only_name {
                        // `name (`: bash reads a function definition.
                        self.pos += 1;
                        self.skip_blanks();
                        if self.peek() == Some(')') {
                            return Err(self.unsupported(Unsupported::FunctionDefinition));
                        }
                    }
                    return Err(self.unexpected_here());
                }
                Some(_) => break,
                None => {}
            }
            let (word, assign) = self.read_word()?;
            if cmd.words.is_empty()
                && let Some(assign) = assign
            {
                if self.peek() == Some('(') && word_is_prefix_only(&word, &assign) {
                    return Err(self.unsupported(Unsupported::ArrayAssignment));
                }
                cmd.assignments.push(split_assignment(word, assign));
                continue;
            }
            cmd.words.push(word);
        }
        if cmd.words.is_empty() && cmd.assignments.is_empty() && cmd.redirects.is_empty() {
            return Err(self.unexpected_here());
        }
        Ok(Command::Simple(cmd))
    }

    fn parse_redirect(&mut self, fd: Option<u32>) -> Result<Redirect, ParseError> {
        let Some(op) = self.op_at() else {
            return Err(self.unexpected_here());
        };
        if matches!(op, "<" | ">") && self.peek_at(1) == Some('(') {
            return Err(self.unsupported(Unsupported::ProcessSubstitution));
        }
        let op_offset = self.pos;
        self.pos += op.len();
        self.skip_blanks();
        match self.op_at() {
            Some(_) => return Err(self.unexpected_here()),
            None if self.peek().is_none() => return Err(self.unexpected_here()),
            None => {}
        }
        if op == "<<" || op == "<<-" {
            let start = self.pos;
            self.read_word()?;
            let raw = self.src.get(start..self.pos).unwrap_or("");
            let (delimiter, quoted) = heredoc_delimiter(raw);
            // No line could end such a document (bash reads it to the end of the input).
            if delimiter.contains('\n') || (op == "<<-" && delimiter.starts_with('\t')) {
                self.pos = start;
                return Err(self.unsupported(Unsupported::HereDocDelimiter));
            }
            let line = self.line_at(op_offset);
            self.pending.push(PendingHereDoc {
                delimiter: delimiter.clone(),
                quoted,
                strip_tabs: op == "<<-",
                line,
            });
            return Ok(Redirect {
                fd,
                op: RedirectOp::HereDoc(HereDoc {
                    delimiter,
                    quoted,
                    strip_tabs: op == "<<-",
                    body: Word::default(),
                }),
            });
        }
        let (target, _) = self.read_word()?;
        let op = match op {
            ">" => RedirectOp::Out(target),
            ">|" => RedirectOp::Clobber(target),
            ">>" => RedirectOp::Append(target),
            "<" => RedirectOp::In(target),
            "<>" => RedirectOp::ReadWrite(target),
            ">&" => {
                let is_fd = target
                    .as_literal()
                    .is_none_or(|s| s == "-" || s.bytes().all(|b| b.is_ascii_digit()));
                if fd.is_none() && !is_fd {
                    RedirectOp::OutErr(target)
                } else {
                    RedirectOp::DupOut(target)
                }
            }
            "<&" => RedirectOp::DupIn(target),
            "&>" => RedirectOp::OutErr(target),
            "&>>" => RedirectOp::AppendOutErr(target),
            _ => RedirectOp::HereString(target),
        };
        Ok(Redirect { fd, op })
    }

    fn read_heredoc_body(&mut self, h: &PendingHereDoc) -> Result<Word, ParseError> {
        let start = self.pos;
        let mut text = String::new();
        loop {
            let rest = self.rest();
            let (line, newline) = match rest.find('\n') {
                Some(i) => (rest.get(..i).unwrap_or(""), true),
                None => (rest, false),
            };
            let line_text = if h.strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            // An empty delimiter matches an empty line, never the end of the input.
            if line_text == h.delimiter && (newline || !line.is_empty()) {
                self.pos += line.len() + usize::from(newline);
                break;
            }
            if !newline {
                if !self.at_eof {
                    return Err(ParseError::Incomplete(Incomplete::HereDoc {
                        delimiter: h.delimiter.clone(),
                    }));
                }
                self.warnings.push(ParseWarning::HereDocAtEof {
                    delimiter: h.delimiter.clone(),
                    line: h.line,
                });
                text.push_str(line_text);
                self.pos += line.len();
                break;
            }
            text.push_str(line_text);
            text.push('\n');
            self.pos += line.len() + 1;
        }
        if h.quoted {
            return Ok(if text.is_empty() {
                Word::default()
            } else {
                Word {
                    parts: vec![WordPart::Literal(text)],
                }
            });
        }
        let mut sub = Parser::new(&text, true, self.base + start);
        sub.depth = self.depth;
        let parts = sub.read_heredoc_text()?;
        self.warnings.append(&mut sub.warnings);
        Ok(Word { parts })
    }

    // ----- words -----

    /// Reads one unquoted-context word. Also tells whether it starts with an unescaped
    /// `NAME=` / `NAME+=`.
    fn read_word(&mut self) -> Result<(Word, Option<AssignPrefix>), ParseError> {
        let mut parts = Parts::default();
        let mut name_so_far = true; // every char so far is an unescaped name char
        let mut assign: Option<AssignPrefix> = None;
        let mut tilde_ok = true;
        while let Some(c) = self.peek() {
            if tilde_ok
                && c == '~'
                && let Some(user) = self.try_tilde(assign.is_some(), false)
            {
                parts.push(WordPart::Tilde(user));
                tilde_ok = false;
                name_so_far = false;
                continue;
            }
            tilde_ok = false;
            if is_word_end(c) {
                break;
            }
            match c {
                '=' if name_so_far && assign.is_none() => {
                    let text = match parts.0.first() {
                        Some(WordPart::Literal(s)) => s.clone(),
                        _ => String::new(),
                    };
                    let (name, append) = match text.strip_suffix('+') {
                        Some(n) => (n.to_string(), true),
                        None => (text, false),
                    };
                    if is_valid_name(&name) {
                        assign = Some(AssignPrefix { name, append });
                        tilde_ok = true;
                    }
                    name_so_far = false;
                    parts.lit('=');
                    self.pos += 1;
                }
                ':' if assign.is_some() => {
                    parts.lit(':');
                    self.pos += 1;
                    tilde_ok = true;
                }
                _ => {
                    let keeps_name = is_name_char(c) || (c == '+' && self.peek_at(1) == Some('='));
                    if !keeps_name {
                        name_so_far = false;
                    }
                    self.read_unquoted_char(&mut parts, false)?;
                }
            }
        }
        Ok((Word { parts: parts.0 }, assign))
    }

    /// One step of an unquoted word (also used inside `${x:-word}` when not in double quotes).
    fn read_unquoted_char(&mut self, parts: &mut Parts, in_brace: bool) -> Result<(), ParseError> {
        let Some(c) = self.peek() else {
            return Ok(());
        };
        match c {
            '\\' => match self.peek_at(1) {
                Some('\n') => self.pos += 2,
                Some(e) => {
                    self.pos += 1 + e.len_utf8();
                    if in_brace {
                        // Keep escaped text apart: `${x:-a\ b}` is one field.
                        parts.push(WordPart::SingleQuoted(e.to_string()));
                    } else {
                        parts.lit(e);
                    }
                }
                None if self.at_eof => {
                    self.pos += 1;
                    parts.lit('\\');
                }
                None => return Err(ParseError::Incomplete(Incomplete::Backslash)),
            },
            '\'' => {
                let s = self.read_single_quoted()?;
                parts.push(WordPart::SingleQuoted(s));
            }
            '"' => {
                self.pos += 1;
                let inner = self.read_double_quoted()?;
                parts.push(WordPart::DoubleQuoted(inner));
            }
            '$' => self.read_dollar(parts, false)?,
            '`' => {
                let part = self.read_backtick(false)?;
                parts.push(part);
            }
            '*' | '?' => {
                self.pos += 1;
                parts.push(WordPart::Glob(c.to_string()));
            }
            '[' => match self.bracket_len(in_brace) {
                Some(len) => {
                    let raw = self.rest().get(..len).unwrap_or("[").to_string();
                    self.pos += len;
                    parts.push(WordPart::Glob(raw));
                }
                None => {
                    self.pos += 1;
                    parts.lit('[');
                }
            },
            c => {
                self.pos += c.len_utf8();
                parts.lit(c);
            }
        }
        Ok(())
    }

    /// At a `~` that may start a tilde prefix: reads `~` or `~user` when followed by `/`, the
    /// end of the word, or (in an assignment) `:`.
    fn try_tilde(&mut self, in_assign: bool, in_brace: bool) -> Option<String> {
        let rest = self.rest().get(1..)?;
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(rest.len());
        let next = rest.get(len..)?.chars().next();
        let ends = match next {
            None => true,
            Some('/') => true,
            Some(':') => in_assign,
            Some('}') => in_brace,
            Some(c) => is_word_end(c) && !in_brace,
        };
        if !ends {
            return None;
        }
        let user = rest.get(..len)?.to_string();
        self.pos += 1 + len;
        Some(user)
    }

    /// Length of a bracket expression `[...]` starting at the current `[`, if it closes
    /// within the word.
    fn bracket_len(&self, in_brace: bool) -> Option<usize> {
        let b = self.rest().as_bytes();
        let mut i = 1;
        if matches!(b.get(i), Some(b'!' | b'^')) {
            i += 1;
        }
        if b.get(i) == Some(&b']') {
            i += 1;
        }
        loop {
            match *b.get(i)? {
                b']' => return Some(i + 1),
                b'[' if b.get(i + 1) == Some(&b':') => {
                    let close = self.rest().get(i + 2..)?.find(":]");
                    match close {
                        Some(k) if !self.rest().get(i + 2..i + 2 + k)?.contains(']') => {
                            i += k + 4;
                        }
                        _ => i += 1,
                    }
                }
                b'\\' => {
                    let next = self.rest().get(i + 1..)?.chars().next()?;
                    if next == '\n' {
                        return None;
                    }
                    i += 1 + next.len_utf8();
                }
                b'}' if in_brace => return None,
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' | b'\'' | b'"' | b'`' | b'$' => {
                    return None;
                }
                _ => i += 1,
            }
        }
    }

    /// At a `'`: the text up to the closing quote.
    fn read_single_quoted(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let rest = self.rest();
        match rest.find('\'') {
            Some(end) => {
                let s = rest.get(..end).unwrap_or("").to_string();
                self.pos += end + 1;
                Ok(s)
            }
            None => Err(self.incomplete(Incomplete::SingleQuote)),
        }
    }

    /// After an opening `"`: the parts up to and including the closing quote.
    fn read_double_quoted(&mut self) -> Result<Vec<WordPart>, ParseError> {
        let mut parts = Parts::default();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.incomplete(Incomplete::DoubleQuote));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(parts.0);
                }
                '\\' => match self.peek_at(1) {
                    Some('\n') => self.pos += 2,
                    Some(e @ ('$' | '`' | '"' | '\\')) => {
                        self.pos += 2;
                        parts.lit(e);
                    }
                    Some(_) => {
                        self.pos += 1;
                        parts.lit('\\');
                    }
                    None => return Err(self.incomplete(Incomplete::DoubleQuote)),
                },
                '$' => self.read_dollar(&mut parts, true)?,
                '`' => {
                    let part = self.read_backtick(true)?;
                    parts.push(part);
                }
                c => {
                    self.pos += c.len_utf8();
                    parts.lit(c);
                }
            }
        }
    }

    /// The text of an unquoted here-document body: `$` expansions, backquotes and the
    /// backslash escapes `\$`, `` \` ``, `\\`, `\newline`; quotes are ordinary characters.
    fn read_heredoc_text(&mut self) -> Result<Vec<WordPart>, ParseError> {
        let mut parts = Parts::default();
        while let Some(c) = self.peek() {
            match c {
                '\\' => match self.peek_at(1) {
                    Some('\n') => self.pos += 2,
                    Some(e @ ('$' | '`' | '\\')) => {
                        self.pos += 2;
                        parts.lit(e);
                    }
                    _ => {
                        self.pos += 1;
                        parts.lit('\\');
                    }
                },
                '$' => self.read_dollar(&mut parts, true)?,
                '`' => {
                    let part = self.read_backtick(false)?;
                    parts.push(part);
                }
                c => {
                    self.pos += c.len_utf8();
                    parts.lit(c);
                }
            }
        }
        Ok(parts.0)
    }

    /// At a `$`: an expansion, a `$'...'` / `$"..."` quote, or a literal `$`.
    fn read_dollar(&mut self, parts: &mut Parts, in_dq: bool) -> Result<(), ParseError> {
        let start = self.pos;
        match self.peek_at(1) {
            Some('\'') if !in_dq => {
                self.pos += 1;
                let s = self.read_ansi_c()?;
                parts.push(WordPart::AnsiC(s));
            }
            Some('"') if !in_dq => {
                self.pos += 2;
                let inner = self.read_double_quoted()?;
                parts.push(WordPart::DoubleQuoted(inner));
            }
            Some('(') => {
                if self.peek_at(2) == Some('(') {
                    return Err(self.unsupported(Unsupported::ArithmeticExpansion));
                }
                self.pos += 2;
                let script = self.read_command_subst()?;
                parts.push(WordPart::CommandSubst {
                    script,
                    backtick: false,
                });
            }
            Some('{') => {
                self.enter()?;
                let pe = self.read_brace_param(start, in_dq)?;
                self.leave();
                parts.push(WordPart::Param(pe));
            }
            Some(c) if is_name_start(c) => {
                self.pos += 1;
                let rest = self.rest();
                let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
                let name = rest.get(..len).unwrap_or("").to_string();
                self.pos += len;
                parts.push(WordPart::Param(ParamExpansion {
                    param: Param::Named(name),
                    op: ParamOp::Get,
                }));
            }
            Some(c @ '0'..='9') => {
                self.pos += 2;
                parts.push(WordPart::Param(ParamExpansion {
                    param: Param::Positional(c as u32 - '0' as u32),
                    op: ParamOp::Get,
                }));
            }
            Some(c) if SpecialParam::from_char(c).is_some() => {
                self.pos += 2;
                if let Some(sp) = SpecialParam::from_char(c) {
                    parts.push(WordPart::Param(ParamExpansion {
                        param: Param::Special(sp),
                        op: ParamOp::Get,
                    }));
                }
            }
            _ => {
                self.pos += 1;
                parts.lit('$');
            }
        }
        Ok(())
    }

    /// After `$(`: the commands up to and including the matching `)`. Here-documents inside
    /// take their bodies from lines inside the substitution.
    fn read_command_subst(&mut self) -> Result<Script, ParseError> {
        self.enter()?;
        let outer_pending = std::mem::take(&mut self.pending);
        let outer_bodies = std::mem::take(&mut self.bodies);
        let result = self.parse_list(Term::CommandSubst);
        let result = result.and_then(|mut script| {
            self.pos += 1; // `)`
            self.finish_level(&mut script, true)?;
            Ok(script)
        });
        self.pending = outer_pending;
        self.bodies = outer_bodies;
        self.leave();
        result
    }

    /// At a `` ` ``: the command up to the closing backquote, parsed on its own after
    /// removing the backslashes that quote `` ` ``, `$` and `\` (and `"` in double quotes).
    fn read_backtick(&mut self, in_dq: bool) -> Result<WordPart, ParseError> {
        self.pos += 1;
        let content_start = self.pos;
        let mut content = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.incomplete(Incomplete::Backtick));
            };
            match c {
                '`' => break,
                '\\' => match self.peek() {
                    Some(e @ ('$' | '`' | '\\')) => {
                        self.pos += 1;
                        content.push(e);
                    }
                    Some('"') if in_dq => {
                        self.pos += 1;
                        content.push('"');
                    }
                    Some(_) => content.push('\\'),
                    None => return Err(self.incomplete(Incomplete::Backtick)),
                },
                c => content.push(c),
            }
        }
        let mut sub = Parser::new(&content, true, self.base + content_start);
        sub.depth = self.depth;
        sub.enter()?;
        let script = sub.parse_program()?;
        self.warnings.append(&mut sub.warnings);
        Ok(WordPart::CommandSubst { script, backtick: true })
    }

    /// At the `'` of `$'...'`: the decoded text.
    fn read_ansi_c(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut bytes: Vec<u8> = Vec::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.incomplete(Incomplete::AnsiCQuote));
            };
            match c {
                '\'' => break,
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(self.incomplete(Incomplete::AnsiCQuote));
                    };
                    let simple = match e {
                        'n' => Some(b'\n'),
                        't' => Some(b'\t'),
                        'r' => Some(b'\r'),
                        'a' => Some(7),
                        'b' => Some(8),
                        'e' | 'E' => Some(27),
                        'f' => Some(12),
                        'v' => Some(11),
                        '\\' => Some(b'\\'),
                        '\'' => Some(b'\''),
                        '"' => Some(b'"'),
                        '?' => Some(b'?'),
                        _ => None,
                    };
                    if let Some(b) = simple {
                        bytes.push(b);
                        continue;
                    }
                    match e {
                        'x' => match self.take_digits(16, 2) {
                            Some(v) => bytes.push(v as u8),
                            None => bytes.extend_from_slice(b"\\x"),
                        },
                        'u' | 'U' => {
                            let max = if e == 'u' { 4 } else { 8 };
                            match self.take_digits(16, max).and_then(char::from_u32) {
                                Some(ch) => push_char(&mut bytes, ch),
                                None => {
                                    bytes.push(b'\\');
                                    push_char(&mut bytes, e);
                                }
                            }
                        }
                        '0'..='7' => {
                            self.pos -= 1;
                            let v = self.take_digits(8, 3).unwrap_or(0);
                            bytes.push((v & 0xff) as u8);
                        }
                        'c' => match self.bump() {
                            Some(ctl) if ctl.is_ascii() => bytes.push(ctl as u8 & 0x1f),
                            Some(other) => {
                                bytes.extend_from_slice(b"\\c");
                                push_char(&mut bytes, other);
                            }
                            None => return Err(self.incomplete(Incomplete::AnsiCQuote)),
                        },
                        other => {
                            bytes.push(b'\\');
                            push_char(&mut bytes, other);
                        }
                    }
                }
                c => push_char(&mut bytes, c),
            }
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Up to `max` digits in `radix`, as a number; `None` when there is none.
    fn take_digits(&mut self, radix: u32, max: usize) -> Option<u32> {
        let mut value: u32 = 0;
        let mut count = 0;
        while count < max {
            let Some(d) = self.peek().and_then(|c| c.to_digit(radix)) else {
                break;
            };
            value = value.saturating_mul(radix).saturating_add(d);
            self.pos += 1;
            count += 1;
        }
        (count > 0).then_some(value)
    }

    /// At the `$` of `${`: the whole `${...}` up to and including its `}`.
    fn read_brace_param(&mut self, start: usize, in_dq: bool) -> Result<ParamExpansion, ParseError> {
        self.pos += 2;
        // `${#}` is `$#`; `${#x}` is a length.
        if self.peek() == Some('#') && self.peek_at(1) != Some('}') {
            let next = self.peek_at(1);
            if next.is_some_and(|c| is_name_start(c) || c.is_ascii_digit())
                || next.is_some_and(|c| SpecialParam::from_char(c).is_some())
            {
                self.pos += 1;
                let param = self.read_param_name(start)?;
                return match self.peek() {
                    Some('}') => {
                        self.pos += 1;
                        Ok(ParamExpansion {
                            param,
                            op: ParamOp::Length,
                        })
                    }
                    _ => Err(self.bad_substitution(start)),
                };
            }
        }
        if self.peek() == Some('!') && self.peek_at(1) != Some('}') {
            return Err(self.unsupported_param(start));
        }
        let param = self.read_param_name(start)?;
        let op_char = self.peek();
        let colon = op_char == Some(':');
        if colon {
            self.pos += 1;
        }
        let op = match self.peek() {
            None => return Err(self.incomplete(Incomplete::ParamBrace)),
            Some('}') if !colon => {
                self.pos += 1;
                return Ok(ParamExpansion {
                    param,
                    op: ParamOp::Get,
                });
            }
            Some(c @ ('-' | '=' | '+' | '?')) => {
                self.pos += 1;
                let word = self.read_brace_word(in_dq)?;
                match c {
                    '-' => ParamOp::Default { colon, word },
                    '=' => ParamOp::Assign { colon, word },
                    '+' => ParamOp::Alternative { colon, word },
                    _ => ParamOp::Error { colon, word },
                }
            }
            Some(c @ ('#' | '%')) if !colon => {
                self.pos += 1;
                let longest = self.peek() == Some(c);
                if longest {
                    self.pos += 1;
                }
                let pattern = self.read_brace_word(in_dq)?;
                if c == '#' {
                    ParamOp::RemovePrefix { longest, pattern }
                } else {
                    ParamOp::RemoveSuffix { longest, pattern }
                }
            }
            Some('}') => return Err(self.bad_substitution(start)),
            Some(_) if colon => return Err(self.unsupported_param(start)),
            Some('/' | '^' | ',' | '@' | '[') => return Err(self.unsupported_param(start)),
            Some(_) => return Err(self.bad_substitution(start)),
        };
        Ok(ParamExpansion { param, op })
    }

    fn read_param_name(&mut self, start: usize) -> Result<Param, ParseError> {
        let rest = self.rest();
        match rest.chars().next() {
            Some(c) if is_name_start(c) => {
                let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
                self.pos += len;
                Ok(Param::Named(rest.get(..len).unwrap_or("").to_string()))
            }
            Some(c) if c.is_ascii_digit() => {
                let len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                let n = rest.get(..len).and_then(|d| d.parse().ok());
                match n {
                    Some(n) => {
                        self.pos += len;
                        Ok(Param::Positional(n))
                    }
                    None => Err(self.bad_substitution(start)),
                }
            }
            Some(c) => match SpecialParam::from_char(c) {
                Some(sp) => {
                    self.pos += 1;
                    Ok(Param::Special(sp))
                }
                None => Err(self.bad_substitution(start)),
            },
            None => Err(self.incomplete(Incomplete::ParamBrace)),
        }
    }

    /// The `${...}` text from `start` to the next `}`, for error messages.
    fn brace_text(&self, start: usize) -> Option<String> {
        let from = self.src.get(start..)?;
        let end = from.find('}')?;
        Some(from.get(..=end)?.to_string())
    }

    fn bad_substitution(&self, start: usize) -> ParseError {
        match self.brace_text(start) {
            Some(text) => ParseError::BadSubstitution {
                text,
                offset: self.base + start,
            },
            None => self.incomplete(Incomplete::ParamBrace),
        }
    }

    fn unsupported_param(&self, start: usize) -> ParseError {
        match self.brace_text(start) {
            Some(text) => ParseError::Unsupported {
                feature: Unsupported::ParamForm(text),
                offset: self.base + start,
            },
            None => self.incomplete(Incomplete::ParamBrace),
        }
    }

    /// The word of `${x:-word}` up to and including the closing `}`.
    fn read_brace_word(&mut self, in_dq: bool) -> Result<Word, ParseError> {
        let mut parts = Parts::default();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.incomplete(Incomplete::ParamBrace));
            };
            if first
                && !in_dq
                && c == '~'
                && let Some(user) = self.try_tilde(false, true)
            {
                parts.push(WordPart::Tilde(user));
                first = false;
                continue;
            }
            first = false;
            match c {
                '}' => {
                    self.pos += 1;
                    return Ok(Word { parts: parts.0 });
                }
                '\\' if in_dq => match self.peek_at(1) {
                    Some('\n') => self.pos += 2,
                    Some(e @ ('$' | '`' | '"' | '\\' | '}')) => {
                        self.pos += 2;
                        parts.lit(e);
                    }
                    Some(_) => {
                        self.pos += 1;
                        parts.lit('\\');
                    }
                    None => return Err(self.incomplete(Incomplete::ParamBrace)),
                },
                '\\' if self.peek_at(1).is_none() => {
                    return Err(self.incomplete(Incomplete::ParamBrace));
                }
                '\'' if in_dq => {
                    self.pos += 1;
                    parts.lit('\'');
                }
                '$' => self.read_dollar(&mut parts, in_dq)?,
                '`' => {
                    let part = self.read_backtick(in_dq)?;
                    parts.push(part);
                }
                '"' => {
                    self.pos += 1;
                    let inner = self.read_double_quoted()?;
                    parts.push(WordPart::DoubleQuoted(inner));
                }
                '*' | '?' | '[' | '\\' | '\'' => self.read_unquoted_char(&mut parts, true)?,
                c => {
                    self.pos += c.len_utf8();
                    parts.lit(c);
                }
            }
        }
    }
}

fn push_char(bytes: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Whether the word is exactly its `NAME=` prefix (for `a=(...)` detection).
fn word_is_prefix_only(word: &Word, assign: &AssignPrefix) -> bool {
    let prefix_len = assign.name.len() + usize::from(assign.append) + 1;
    matches!(word.parts.as_slice(), [WordPart::Literal(s)] if s.len() == prefix_len)
}

fn split_assignment(mut word: Word, assign: AssignPrefix) -> Assignment {
    let prefix_len = assign.name.len() + usize::from(assign.append) + 1;
    if let Some(WordPart::Literal(first)) = word.parts.first_mut() {
        let remainder = first.get(prefix_len..).unwrap_or("").to_string();
        if remainder.is_empty() {
            word.parts.remove(0);
        } else {
            *first = remainder;
        }
    }
    Assignment {
        name: assign.name,
        append: assign.append,
        value: word,
    }
}

/// The delimiter of `<<word` after quote removal, and whether any of it was quoted.
fn heredoc_delimiter(raw: &str) -> (String, bool) {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    out.push(q);
                }
            }
            '"' => {
                quoted = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            if let Some(e) = chars.next() {
                                out.push(e);
                            }
                        }
                        q => out.push(q),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(e) => {
                    quoted = true;
                    out.push(e);
                }
                None => {
                    // A final lone backslash (only at the end of input): literal, and kept
                    // quoted so that it prints back as `'\'`.
                    quoted = true;
                    out.push('\\');
                }
            },
            '$' if matches!(chars.peek(), Some('\'' | '"')) => {}
            c => out.push(c),
        }
    }
    (out, quoted)
}

/// Gives the here-documents of one level (not those inside command substitutions, which
/// were filled at their own level) their bodies, in source order.
fn fill_heredocs(script: &mut Script, bodies: &mut impl Iterator<Item = Word>) {
    for item in &mut script.items {
        let and_or = &mut item.and_or;
        let pipelines = std::iter::once(&mut and_or.first).chain(and_or.rest.iter_mut().map(|(_, p)| p));
        for pipeline in pipelines {
            for command in &mut pipeline.commands {
                let redirects = match command {
                    Command::Simple(s) => &mut s.redirects,
                    Command::Subshell { body, redirects } | Command::Group { body, redirects } => {
                        fill_heredocs(body, bodies);
                        redirects
                    }
                };
                for r in redirects {
                    if let RedirectOp::HereDoc(h) = &mut r.op {
                        h.body = bodies.next().unwrap_or_default();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
