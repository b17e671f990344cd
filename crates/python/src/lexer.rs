//! Tokenizer: turns Python source into tokens with INDENT/DEDENT, tracking
//! character-based positions for tracebacks and SyntaxError carets.

use std::sync::Arc;

/// A string literal as written (after escape processing, except f-strings).
#[derive(Clone, Debug, PartialEq)]
pub enum StrLit {
    Str(String),
    Bytes(Vec<u8>),
    /// Raw body of an f-string; `raw` tells whether it had an `r` prefix.
    /// `body_col` is the column where the body starts (after the quotes).
    FStr {
        body: String,
        raw: bool,
        body_line: u32,
        body_col: u32,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(Arc<str>),
    Int(i128),
    Float(f64),
    Str(StrLit),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

/// What kind of error the tokenizer or parser found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxKind {
    Syntax,
    Indentation,
}

/// A syntax error with its position (1-based line, 0-based character columns).
#[derive(Clone, Debug)]
pub struct SyntaxErr {
    pub kind: SyntaxKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
    /// Exclusive end column on `line` (for multi-caret ranges).
    pub end_col: u32,
    /// True when more input could complete the source (used by the REPL).
    pub incomplete: bool,
}

impl SyntaxErr {
    pub fn new(msg: impl Into<String>, line: u32, col: u32, end_col: u32) -> Self {
        SyntaxErr {
            kind: SyntaxKind::Syntax,
            msg: msg.into(),
            line,
            col,
            end_col: end_col.max(col + 1),
            incomplete: false,
        }
    }
}

const OPS3: [&str; 5] = ["**=", "//=", ">>=", "<<=", "..."];
const OPS2: [&str; 19] = [
    "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "@=",
];
const OPS1: &str = "+-*/%@&|^~<>()[]{},:.;=";

fn op_static(s: &str) -> &'static str {
    for o in OPS3.iter().chain(OPS2.iter()) {
        if *o == s {
            return o;
        }
    }
    const SINGLES: [&str; 23] = [
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";",
        "=",
    ];
    for o in SINGLES {
        if o == s {
            return o;
        }
    }
    "?"
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
    toks: Vec<Token>,
    indents: Vec<u32>,
    parens: Vec<(char, u32, u32)>,
    at_line_start: bool,
    lines: &'a [&'a str],
}

/// Tokenize a whole module.
pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxErr> {
    let lines: Vec<&str> = src.split('\n').collect();
    let mut lx = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
        col: 0,
        toks: Vec::new(),
        indents: vec![0],
        parens: Vec::new(),
        at_line_start: true,
        lines: &lines,
    };
    lx.run()?;
    Ok(lx.toks)
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}
fn is_id_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 0;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.toks.push(Token {
            tok,
            line,
            col,
            end_line: self.line,
            end_col: self.col,
        });
    }
    fn line_len(&self, line: u32) -> u32 {
        self.lines
            .get(line as usize - 1)
            .map(|l| l.trim_end_matches('\r').chars().count() as u32)
            .unwrap_or(0)
    }

    fn run(&mut self) -> Result<(), SyntaxErr> {
        loop {
            if self.at_line_start && self.parens.is_empty() {
                self.at_line_start = false;
                // measure indentation
                let mut width = 0u32;
                let start_line = self.line;
                while let Some(c) = self.peek() {
                    match c {
                        ' ' => width += 1,
                        '\t' => width = (width / 8 + 1) * 8,
                        '\x0c' => width = 0,
                        _ => break,
                    }
                    self.bump();
                }
                match self.peek() {
                    None => break,
                    Some('#') | Some('\n') | Some('\r') => {
                        // blank or comment-only line: no indentation change
                        self.skip_comment();
                        if self.peek() == Some('\r') {
                            self.bump();
                        }
                        if self.peek() == Some('\n') {
                            self.bump();
                            self.at_line_start = true;
                        }
                        continue;
                    }
                    Some('\\') if self.peek_at(1) == Some('\n') => {}
                    _ => {
                        let cur = *self.indents.last().unwrap_or(&0);
                        if width > cur {
                            self.indents.push(width);
                            self.push(Tok::Indent, start_line, 0);
                        } else if width < cur {
                            while let Some(&top) = self.indents.last() {
                                if top > width {
                                    self.indents.pop();
                                    self.push(Tok::Dedent, start_line, width);
                                } else {
                                    break;
                                }
                            }
                            if *self.indents.last().unwrap_or(&0) != width {
                                let len = self.line_len(start_line);
                                let mut e = SyntaxErr::new(
                                    "unindent does not match any outer indentation level",
                                    start_line,
                                    len,
                                    len + 1,
                                );
                                e.kind = SyntaxKind::Indentation;
                                return Err(e);
                            }
                        }
                    }
                }
            }
            let Some(c) = self.peek() else { break };
            let (line, col) = (self.line, self.col);
            match c {
                ' ' | '\t' | '\x0c' | '\r' => {
                    self.bump();
                }
                '#' => self.skip_comment(),
                '\n' => {
                    self.bump();
                    if self.parens.is_empty() {
                        let last_is_nl = matches!(
                            self.toks.last().map(|t| &t.tok),
                            None | Some(Tok::Newline) | Some(Tok::Indent) | Some(Tok::Dedent)
                        );
                        if !last_is_nl {
                            self.toks.push(Token {
                                tok: Tok::Newline,
                                line,
                                col,
                                end_line: line,
                                end_col: col + 1,
                            });
                        }
                        self.at_line_start = true;
                    }
                }
                '\\' => {
                    self.bump();
                    if self.peek() == Some('\r') {
                        self.bump();
                    }
                    match self.peek() {
                        Some('\n') => {
                            self.bump();
                        }
                        None => {
                            let mut e = SyntaxErr::new("unexpected EOF while parsing", line, col, col + 1);
                            e.incomplete = true;
                            return Err(e);
                        }
                        _ => {
                            return Err(SyntaxErr::new(
                                "unexpected character after line continuation character",
                                line,
                                col + 1,
                                col + 2,
                            ));
                        }
                    }
                }
                c if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) => {
                    self.number()?;
                }
                c if is_id_start(c) => {
                    // string prefix?
                    let mut j = self.pos;
                    while j < self.chars.len() && is_id_continue(self.chars[j]) {
                        j += 1;
                    }
                    let word: String = self.chars[self.pos..j].iter().collect();
                    let next = self.chars.get(j).copied();
                    let lower = word.to_ascii_lowercase();
                    if matches!(next, Some('\'') | Some('"'))
                        && matches!(lower.as_str(), "r" | "b" | "f" | "u" | "rb" | "br" | "fr" | "rf")
                    {
                        for _ in 0..word.chars().count() {
                            self.bump();
                        }
                        self.string(&lower, line, col)?;
                    } else {
                        for _ in 0..word.chars().count() {
                            self.bump();
                        }
                        self.push(Tok::Name(Arc::from(word.as_str())), line, col);
                    }
                }
                '\'' | '"' => self.string("", line, col)?,
                '(' | '[' | '{' => {
                    if self.parens.len() >= 200 {
                        return Err(SyntaxErr::new("too many nested parentheses", line, col, col + 1));
                    }
                    self.bump();
                    self.parens.push((c, line, col));
                    self.push(Tok::Op(op_static(&c.to_string())), line, col);
                }
                ')' | ']' | '}' => {
                    let open = match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    match self.parens.pop() {
                        None => {
                            return Err(SyntaxErr::new(format!("unmatched '{c}'"), line, col, col + 1));
                        }
                        Some((o, oline, _)) if o != open => {
                            let msg = if oline == line {
                                format!("closing parenthesis '{c}' does not match opening parenthesis '{o}'")
                            } else {
                                format!(
                                    "closing parenthesis '{c}' does not match opening parenthesis '{o}' on line {oline}"
                                )
                            };
                            return Err(SyntaxErr::new(msg, line, col, col + 1));
                        }
                        Some(_) => {}
                    }
                    self.bump();
                    self.push(Tok::Op(op_static(&c.to_string())), line, col);
                }
                _ => {
                    let rest: String = self.chars[self.pos..(self.pos + 3).min(self.chars.len())]
                        .iter()
                        .collect();
                    let mut matched = None;
                    for o in OPS3 {
                        if rest.starts_with(o) {
                            matched = Some(o);
                            break;
                        }
                    }
                    if matched.is_none() {
                        for o in OPS2 {
                            if rest.starts_with(o) {
                                matched = Some(o);
                                break;
                            }
                        }
                    }
                    if matched.is_none() && OPS1.contains(c) {
                        matched = Some(op_static(&c.to_string()));
                    }
                    match matched {
                        Some(o) => {
                            for _ in 0..o.len() {
                                self.bump();
                            }
                            self.push(Tok::Op(o), line, col);
                        }
                        None => {
                            let msg = if c.is_ascii() {
                                "invalid syntax".to_string()
                            } else {
                                format!("invalid character '{c}' (U+{:04X})", c as u32)
                            };
                            return Err(SyntaxErr::new(msg, line, col, col + 1));
                        }
                    }
                }
            }
        }
        if let Some(&(c, l, col)) = self.parens.last() {
            let mut e = SyntaxErr::new(format!("'{c}' was never closed"), l, col, col + 1);
            e.incomplete = true;
            return Err(e);
        }
        if !matches!(
            self.toks.last().map(|t| &t.tok),
            None | Some(Tok::Newline) | Some(Tok::Dedent)
        ) {
            let (l, c) = (self.line, self.col);
            self.toks.push(Token {
                tok: Tok::Newline,
                line: l,
                col: c,
                end_line: l,
                end_col: c + 1,
            });
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.toks.push(Token {
                tok: Tok::Dedent,
                line: self.line,
                col: 0,
                end_line: self.line,
                end_col: 0,
            });
        }
        self.toks.push(Token {
            tok: Tok::Eof,
            line: self.line,
            col: self.col,
            end_line: self.line,
            end_col: self.col,
        });
        Ok(())
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while let Some(c) = self.peek() {
                if c == '\n' {
                    break;
                }
                self.bump();
            }
        }
    }

    fn number(&mut self) -> Result<(), SyntaxErr> {
        let (line, col) = (self.line, self.col);
        let start = self.pos;
        let bad = |s: &Self, msg: &str| SyntaxErr::new(msg, line, col, s.col.max(col + 1));
        if self.peek() == Some('0') && matches!(self.peek_at(1), Some('x' | 'X' | 'o' | 'O' | 'b' | 'B')) {
            let radix = match self.peek_at(1) {
                Some('x' | 'X') => 16,
                Some('o' | 'O') => 8,
                _ => 2,
            };
            self.bump();
            self.bump();
            let mut digits = String::new();
            while let Some(c) = self.peek() {
                if c == '_' {
                    self.bump();
                    continue;
                }
                if c.is_ascii_alphanumeric() {
                    if c.to_digit(radix).is_none() {
                        let kind = match radix {
                            16 => "hexadecimal",
                            8 => "octal",
                            _ => "binary",
                        };
                        return Err(SyntaxErr::new(
                            format!("invalid digit '{c}' in {kind} literal"),
                            line,
                            self.col,
                            self.col + 1,
                        ));
                    }
                    digits.push(c);
                    self.bump();
                } else {
                    break;
                }
            }
            let v = i128::from_str_radix(&digits, radix).map_err(|_| bad(self, "invalid syntax"))?;
            self.push(Tok::Int(v), line, col);
            return Ok(());
        }
        let mut text = String::new();
        let mut is_float = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || c == '_' {
                if c != '_' {
                    text.push(c);
                }
                self.bump();
            } else if c == '.' && !is_float && !text.contains('e') {
                is_float = true;
                text.push(c);
                self.bump();
            } else if (c == 'e' || c == 'E') && !text.contains('e') {
                let n1 = self.peek_at(1);
                let ok = n1.is_some_and(|d| d.is_ascii_digit())
                    || (matches!(n1, Some('+' | '-')) && self.peek_at(2).is_some_and(|d| d.is_ascii_digit()));
                if !ok {
                    break;
                }
                is_float = true;
                text.push('e');
                self.bump();
                if let Some(s @ ('+' | '-')) = self.peek() {
                    text.push(s);
                    self.bump();
                }
            } else {
                break;
            }
        }
        if matches!(self.peek(), Some('j' | 'J')) {
            self.bump();
            return Err(SyntaxErr::new(
                "complex numbers are not supported by the Dockyard Python simulator",
                line,
                col,
                self.col,
            ));
        }
        if self.peek().is_some_and(is_id_start) {
            let c = self.col;
            return Err(SyntaxErr::new("invalid decimal literal", line, c - 1, c));
        }
        let _ = start;
        if is_float {
            let v: f64 = text.parse().map_err(|_| bad(self, "invalid syntax"))?;
            self.push(Tok::Float(v), line, col);
        } else {
            if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
                return Err(SyntaxErr::new(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    line,
                    col,
                    self.col,
                ));
            }
            match text.parse::<i128>() {
                Ok(v) => self.push(Tok::Int(v), line, col),
                Err(_) => {
                    return Err(SyntaxErr::new(
                        "integer literal too large for the Dockyard Python simulator (limit 2**127)",
                        line,
                        col,
                        self.col,
                    ));
                }
            }
        }
        Ok(())
    }

    fn string(&mut self, prefix: &str, line: u32, col: u32) -> Result<(), SyntaxErr> {
        let raw = prefix.contains('r');
        let bytes = prefix.contains('b');
        let fstr = prefix.contains('f');
        let q = self.bump().unwrap_or('"');
        let triple = self.peek() == Some(q) && self.peek_at(1) == Some(q);
        if triple {
            self.bump();
            self.bump();
        }
        let (body_line, body_col) = (self.line, self.col);
        let mut body = String::new();
        loop {
            let Some(c) = self.peek() else {
                let mut e = if triple {
                    SyntaxErr::new(
                        format!(
                            "unterminated triple-quoted string literal (detected at line {})",
                            self.line
                        ),
                        line,
                        col,
                        col + 1,
                    )
                } else {
                    SyntaxErr::new(
                        format!("unterminated string literal (detected at line {line})"),
                        line,
                        col,
                        col + 1,
                    )
                };
                e.incomplete = triple;
                return Err(e);
            };
            if c == q {
                if !triple {
                    self.bump();
                    break;
                }
                if self.peek_at(1) == Some(q) && self.peek_at(2) == Some(q) {
                    self.bump();
                    self.bump();
                    self.bump();
                    break;
                }
                body.push(c);
                self.bump();
                continue;
            }
            if c == '\n' && !triple {
                return Err(SyntaxErr::new(
                    format!("unterminated string literal (detected at line {line})"),
                    line,
                    col,
                    col + 1,
                ));
            }
            if c == '\\' {
                self.bump();
                match self.peek() {
                    Some(n) => {
                        body.push('\\');
                        body.push(n);
                        self.bump();
                    }
                    None => body.push('\\'),
                }
                continue;
            }
            body.push(c);
            self.bump();
        }
        let lit = if fstr {
            StrLit::FStr {
                body,
                raw,
                body_line,
                body_col,
            }
        } else if bytes {
            if !body.is_ascii() {
                return Err(SyntaxErr::new(
                    "bytes can only contain ASCII literal characters",
                    line,
                    col,
                    self.col,
                ));
            }
            let s = if raw {
                body
            } else {
                unescape(&body, true).map_err(|m| SyntaxErr::new(m, line, col, self.col))?
            };
            StrLit::Bytes(s.chars().map(|c| c as u32 as u8).collect())
        } else if raw {
            StrLit::Str(body)
        } else {
            StrLit::Str(unescape(&body, false).map_err(|m| SyntaxErr::new(m, line, col, self.col))?)
        };
        self.push(Tok::Str(lit), line, col);
        Ok(())
    }
}

/// Process backslash escapes. For bytes, `\xNN` yields the char U+00NN which
/// the caller maps back to a byte.
pub fn unescape(s: &str, bytes: bool) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c != '\\' || i + 1 >= cs.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = cs[i + 1];
        i += 2;
        match n {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = n.to_digit(8).unwrap_or(0);
                let mut k = 0;
                while k < 2 && i < cs.len() && cs[i].is_digit(8) {
                    v = v * 8 + cs[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                out.push(char::from_u32(v & 0xff).unwrap_or('\0'));
            }
            'x' => {
                let h: String = cs.iter().skip(i).take(2).collect();
                if h.len() != 2 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!(
                        "({}) truncated \\xXX escape",
                        if bytes { "value error" } else { "unicode error" }
                    ));
                }
                i += 2;
                let v = u32::from_str_radix(&h, 16).unwrap_or(0);
                out.push(char::from_u32(v).unwrap_or('\0'));
            }
            'u' | 'U' if !bytes => {
                let len = if n == 'u' { 4 } else { 8 };
                let h: String = cs.iter().skip(i).take(len).collect();
                if h.chars().count() != len || !h.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\{n}XXXX escape"
                    ));
                }
                i += len;
                let v = u32::from_str_radix(&h, 16).unwrap_or(0);
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(
                            "(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character"
                                .into(),
                        );
                    }
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn indentation_tokens() {
        let t = kinds("if x:\n    y = 1\nz\n");
        assert!(t.contains(&Tok::Indent));
        assert!(t.contains(&Tok::Dedent));
        assert_eq!(t.last(), Some(&Tok::Eof));
    }

    #[test]
    fn strings_and_numbers() {
        let t = kinds("'a\\n' b'\\x41' 0x1f 1_000 2.5e3 \"\"\"x\ny\"\"\"");
        assert_eq!(t[0], Tok::Str(StrLit::Str("a\n".into())));
        assert_eq!(t[1], Tok::Str(StrLit::Bytes(b"A".to_vec())));
        assert_eq!(t[2], Tok::Int(31));
        assert_eq!(t[3], Tok::Int(1000));
        assert_eq!(t[4], Tok::Float(2500.0));
        assert_eq!(t[5], Tok::Str(StrLit::Str("x\ny".into())));
    }

    #[test]
    fn errors() {
        let e = tokenize("print('hi)\n").unwrap_err();
        assert_eq!(e.msg, "unterminated string literal (detected at line 1)");
        assert_eq!(e.col, 6);
        let e = tokenize("print(1\n").unwrap_err();
        assert_eq!(e.msg, "'(' was never closed");
        assert!(e.incomplete);
    }
}
