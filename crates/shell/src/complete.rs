//! Completion support: which command the cursor is in and what the word under it is, on
//! partial and even invalid lines, for a completer that proposes subcommands, flags, names.

// A tolerant scanner of its own rather than the parser: the text before the cursor is
// usually unfinished (an open quote, a `$(` not closed yet), which the parser rejects.

use crate::parse::{is_name_char, is_name_start, is_valid_name};

/// What surrounds the cursor. See [`cursor_context`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorContext {
    /// The words of the simple command the cursor is in, before the word under the cursor,
    /// with quotes removed but nothing expanded (`$HOME` stays `$HOME`). Assignments before
    /// the command name and redirections with their targets are left out. Inside an open
    /// `$(` or backquote, the command inside it.
    pub words: Vec<String>,
    /// The word under the cursor, from its start to the cursor, with quotes removed. For
    /// [`CompletionKind::Variable`], the part of the name typed after `$` or `${`.
    pub partial: String,
    /// Byte offset in the line where the text to replace starts: the start of the word
    /// (its opening quote included), or of the variable name. Equals the cursor when no word
    /// has started. A completer replaces `line[start..cursor]` with [`crate::quote`] of its
    /// candidate (or, inside an open quote, the candidate escaped for that quote).
    pub start: usize,
    /// The quote open at the cursor, if any.
    pub quote: Option<QuoteKind>,
    pub kind: CompletionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// `'...`
    Single,
    /// `"...`
    Double,
    /// `$'...`
    AnsiC,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// The command name: `words` is empty.
    Command,
    /// An argument of the command `words[0]`.
    Argument,
    /// The target of a redirection (a file, or a descriptor after `>&`).
    RedirectTarget,
    /// An assignment `NAME=value` before the command name.
    Assignment,
    /// A variable name after `$` or `${`.
    Variable,
    /// Nothing to complete: in a comment, a here-document body or delimiter.
    Nothing,
}

/// Describes the cursor at byte `pos` of `line` (clamped to the line and to a character
/// boundary). Only the text before the cursor is looked at. Never fails.
pub fn cursor_context(line: &str, pos: usize) -> CursorContext {
    let mut pos = pos.min(line.len());
    while !line.is_char_boundary(pos) {
        pos -= 1;
    }
    Scanner::new(line.get(..pos).unwrap_or("")).run()
}

struct Word {
    start: usize,
    text: String,
    /// The word began with an unquoted `NAME=`.
    assignment: bool,
    /// Every character so far is an unquoted name character.
    name_so_far: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Closer {
    Top,
    /// `(` or `$(`
    Paren,
    Backtick,
}

struct Frame {
    words: Vec<String>,
    cur: Option<Word>,
    /// The next word is a redirection target / a here-document delimiter.
    redirect_next: bool,
    /// `Some(strip_tabs)` after `<<` / `<<-`.
    heredoc_next: Option<bool>,
    closer: Closer,
    /// Opened by `$(` or a backquote inside a word of the enclosing frame: where it started
    /// and the quote that was open there.
    subst: Option<(usize, Option<QuoteKind>)>,
}

impl Frame {
    fn new(closer: Closer, subst: Option<(usize, Option<QuoteKind>)>) -> Frame {
        Frame {
            words: Vec::new(),
            cur: None,
            redirect_next: false,
            heredoc_next: None,
            closer,
            subst,
        }
    }
}

struct Scanner<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    i: usize,
    frames: Vec<Frame>,
    quote: Option<QuoteKind>,
    /// Here-document delimiters (and whether tabs are stripped) waiting for the line's end.
    heredocs: Vec<(String, bool)>,
    /// Set when the scan stops somewhere with nothing to complete.
    nothing: bool,
    /// A variable name running up to the cursor: its start and text.
    var: Option<(usize, String)>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            chars: text.char_indices().collect(),
            i: 0,
            frames: vec![Frame::new(Closer::Top, None)],
            quote: None,
            heredocs: Vec::new(),
            nothing: false,
            var: None,
        }
    }

    fn frame(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::new(Closer::Top, None));
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn peek(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).map(|&(_, c)| c)
    }

    fn offset(&self) -> usize {
        self.chars.get(self.i).map_or(self.text.len(), |&(off, _)| off)
    }

    /// The current word, started here if there is none.
    fn word(&mut self) -> &mut Word {
        let start = self.offset();
        let frame = self.frame();
        frame.cur.get_or_insert_with(|| Word {
            start,
            text: String::new(),
            assignment: false,
            name_so_far: true,
        })
    }

    fn push(&mut self, c: char, quoted: bool) {
        let word = self.word();
        if c == '=' && !quoted && word.name_so_far && !word.assignment {
            word.assignment = is_valid_name(word.text.trim_end_matches('+'));
        }
        if quoted || !(is_name_char(c) || c == '+') {
            word.name_so_far = false;
        }
        word.text.push(c);
    }

    fn finish_word(&mut self) {
        let frame = self.frame();
        let Some(word) = frame.cur.take() else {
            return;
        };
        if let Some(strip) = frame.heredoc_next.take() {
            self.heredocs.push((word.text, strip));
        } else if frame.redirect_next {
            frame.redirect_next = false;
        } else if frame.words.is_empty() && word.assignment {
            // An assignment before the command name.
        } else {
            frame.words.push(word.text);
        }
    }

    fn end_command(&mut self) {
        self.finish_word();
        let frame = self.frame();
        frame.words.clear();
        frame.redirect_next = false;
        frame.heredoc_next = None;
    }

    fn run(mut self) -> CursorContext {
        while self.i < self.chars.len() && !self.nothing {
            self.step();
        }
        let pos = self.text.len();
        let quote = self.quote;
        if self.nothing {
            return CursorContext {
                words: Vec::new(),
                partial: String::new(),
                start: pos,
                quote,
                kind: CompletionKind::Nothing,
            };
        }
        let var = self.var.take();
        let frame = self.frame();
        let words = frame.words.clone();
        if let Some((start, name)) = var {
            return CursorContext {
                words,
                partial: name,
                start,
                quote,
                kind: CompletionKind::Variable,
            };
        }
        let (partial, start, assignment) = match &frame.cur {
            Some(w) => (w.text.clone(), w.start, w.assignment),
            None => (String::new(), pos, false),
        };
        let kind = if frame.heredoc_next.is_some() {
            CompletionKind::Nothing
        } else if frame.redirect_next {
            CompletionKind::RedirectTarget
        } else if words.is_empty() && assignment {
            CompletionKind::Assignment
        } else if words.is_empty() {
            CompletionKind::Command
        } else {
            CompletionKind::Argument
        };
        CursorContext {
            words,
            partial,
            start,
            quote,
            kind,
        }
    }

    fn step(&mut self) {
        let Some(c) = self.peek(0) else {
            return;
        };
        match self.quote {
            Some(QuoteKind::Single) => {
                self.i += 1;
                if c == '\'' {
                    self.quote = None;
                } else {
                    self.push(c, true);
                }
            }
            Some(QuoteKind::AnsiC) => {
                self.i += 1;
                match c {
                    '\'' => self.quote = None,
                    '\\' => {
                        if let Some(e) = self.peek(0) {
                            self.i += 1;
                            let decoded = match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                e => e,
                            };
                            self.push(decoded, true);
                        }
                    }
                    c => self.push(c, true),
                }
            }
            Some(QuoteKind::Double) => match c {
                '"' => {
                    self.i += 1;
                    self.quote = None;
                }
                '\\' => {
                    self.i += 1;
                    match self.peek(0) {
                        Some('\n') => self.i += 1,
                        Some(e @ ('$' | '`' | '"' | '\\')) => {
                            self.i += 1;
                            self.push(e, true);
                        }
                        _ => self.push('\\', true),
                    }
                }
                '$' => self.dollar(),
                '`' => self.open_subst(Closer::Backtick, 1),
                c => {
                    self.i += 1;
                    self.push(c, true);
                }
            },
            None => self.unquoted(c),
        }
    }

    fn unquoted(&mut self, c: char) {
        match c {
            ' ' | '\t' => {
                self.i += 1;
                self.finish_word();
            }
            '\n' => {
                self.i += 1;
                self.end_command();
                self.skip_heredoc_bodies();
            }
            '&' if self.peek(1) == Some('>') => {
                self.finish_word();
                self.i += 2;
                if self.peek(0) == Some('>') {
                    self.i += 1;
                }
                self.frame().redirect_next = true;
            }
            ';' | '&' | '|' => {
                self.i += 1;
                self.end_command();
            }
            '(' => {
                self.i += 1;
                self.finish_word();
                self.frames.push(Frame::new(Closer::Paren, None));
            }
            ')' => {
                self.i += 1;
                self.close(Closer::Paren);
            }
            '<' | '>' => self.redirect(c),
            '#' if self.frame().cur.is_none() => {
                let rest = self.text.get(self.offset()..).unwrap_or("");
                match rest.find('\n') {
                    Some(nl) => {
                        let target = self.offset() + nl;
                        while self.i < self.chars.len() && self.offset() < target {
                            self.i += 1;
                        }
                    }
                    None => self.nothing = true,
                }
            }
            '\'' => {
                self.word();
                self.i += 1;
                self.quote = Some(QuoteKind::Single);
            }
            '"' => {
                self.word();
                self.i += 1;
                self.quote = Some(QuoteKind::Double);
            }
            '$' if self.peek(1) == Some('\'') => {
                self.word();
                self.i += 2;
                self.quote = Some(QuoteKind::AnsiC);
            }
            '$' => self.dollar(),
            '\\' => match self.peek(1) {
                Some('\n') => self.i += 2,
                Some(e) => {
                    self.word();
                    self.i += 2;
                    self.push(e, true);
                }
                None => {
                    self.word();
                    self.i += 1;
                }
            },
            '`' => {
                if self.frame().closer == Closer::Backtick {
                    self.i += 1;
                    self.close(Closer::Backtick);
                } else {
                    self.open_subst(Closer::Backtick, 1);
                }
            }
            c => {
                self.word();
                self.i += 1;
                self.push(c, false);
            }
        }
    }

    fn redirect(&mut self, c: char) {
        let io_number = self
            .frame()
            .cur
            .as_ref()
            .is_some_and(|w| !w.text.is_empty() && w.name_so_far && w.text.bytes().all(|b| b.is_ascii_digit()));
        if io_number {
            self.frame().cur = None;
        } else {
            self.finish_word();
        }
        self.i += 1;
        let mut heredoc = None;
        match (c, self.peek(0)) {
            ('<', Some('<')) => {
                self.i += 1;
                match self.peek(0) {
                    Some('<') => self.i += 1,
                    Some('-') => {
                        self.i += 1;
                        heredoc = Some(true);
                    }
                    _ => heredoc = Some(false),
                }
            }
            (_, Some('&' | '>' | '|')) => self.i += 1,
            _ => {}
        }
        let frame = self.frame();
        if heredoc.is_some() {
            frame.heredoc_next = heredoc;
        } else {
            frame.redirect_next = true;
        }
    }

    /// At `$`: `$(`, `${name`, `$name`, or a lone `$`.
    fn dollar(&mut self) {
        match self.peek(1) {
            Some('(') => self.open_subst(Closer::Paren, 2),
            Some('{') => {
                self.word();
                self.i += 2;
                let name_start = self.offset();
                let mut name = String::new();
                while let Some(c) = self.peek(0).filter(|&c| is_name_char(c)) {
                    name.push(c);
                    self.i += 1;
                }
                if self.i >= self.chars.len() {
                    self.var = Some((name_start, name));
                    return;
                }
                // Keep the rest of `${...}` as written.
                let mut raw = format!("${{{name}");
                while let Some(c) = self.peek(0) {
                    self.i += 1;
                    raw.push(c);
                    if c == '}' {
                        break;
                    }
                }
                self.word().text.push_str(&raw);
                self.word().name_so_far = false;
            }
            Some(c) if is_name_start(c) => {
                self.word();
                self.i += 1;
                let name_start = self.offset();
                let mut name = String::new();
                while let Some(c) = self.peek(0).filter(|&c| is_name_char(c)) {
                    name.push(c);
                    self.i += 1;
                }
                if self.i >= self.chars.len() {
                    self.var = Some((name_start, name));
                    return;
                }
                let word = self.word();
                word.text.push('$');
                word.text.push_str(&name);
                word.name_so_far = false;
            }
            None => {
                // A `$` right before the cursor: a variable name is about to be typed.
                self.word();
                self.i += 1;
                self.var = Some((self.text.len(), String::new()));
            }
            _ => {
                self.word();
                self.i += 1;
                let quoted = self.quote.is_some();
                self.push('$', quoted);
            }
        }
    }

    /// Opens `$(` (len 2) or a backquote (len 1): a new command inside the current word.
    fn open_subst(&mut self, closer: Closer, len: usize) {
        let start = self.offset();
        self.word();
        self.word().name_so_far = false;
        self.i += len;
        let saved = self.quote.take();
        self.frames.push(Frame::new(closer, Some((start, saved))));
    }

    /// Closes a `(`, `$(` or backquote frame; a substitution's text joins the outer word.
    fn close(&mut self, closer: Closer) {
        self.finish_word();
        if self.frames.len() <= 1 || self.frame().closer != closer {
            // An unmatched `)`: start a fresh command.
            self.end_command();
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if let Some((start, saved_quote)) = frame.subst {
            let end = self.offset();
            let raw = self.text.get(start..end).unwrap_or("").to_string();
            self.quote = saved_quote;
            self.word().text.push_str(&raw);
        }
    }

    /// After a newline: skips the bodies of the here-documents begun on the line before.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, strip) in std::mem::take(&mut self.heredocs) {
            loop {
                let rest = self.text.get(self.offset()..).unwrap_or("");
                let Some(nl) = rest.find('\n') else {
                    // The cursor is inside the body.
                    self.nothing = true;
                    return;
                };
                let line = rest.get(..nl).unwrap_or("");
                let line = if strip { line.trim_start_matches('\t') } else { line };
                let done = line == delimiter;
                let target = self.offset() + nl + 1;
                while self.i < self.chars.len() && self.offset() < target {
                    self.i += 1;
                }
                if done {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
