//! A small POSIX regular expression engine for `grep` (BRE and ERE with the GNU extensions
//! `\| \+ \? \w \W \s \S \b \< \>`), run as a Pike VM: linear time, no backtracking.
//! Back-references are not supported.

use std::cell::Cell;

use crate::glob::class_matches;

/// Work one compiled pattern may do (thread steps) before giving up, so that no input can
/// make `grep` run for minutes.
const FUEL: u64 = 40_000_000;

/// Why a pattern does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RegexError {
    /// `[` without `]`
    Bracket,
    /// `(` without `)`
    OpenParen,
    /// `\)` without `\(` (BRE)
    CloseParen,
    /// bad `{n,m}`
    Brace,
    TrailingBackslash,
    /// The compiled program would be too big (huge counted repetitions).
    TooBig,
    /// `[[:foo:]]`
    Class,
}

impl RegexError {
    /// GNU grep's message (after `grep: `).
    pub fn gnu_text(&self) -> &'static str {
        match self {
            RegexError::Bracket => "Unmatched [, [^, [:, [., or [=",
            RegexError::OpenParen => "Unmatched ( or \\(",
            RegexError::CloseParen => "Unmatched ) or \\)",
            RegexError::Brace => "Invalid content of \\{\\}",
            RegexError::TrailingBackslash => "Trailing backslash",
            RegexError::TooBig => "regular expression too big",
            RegexError::Class => "Invalid character class name",
        }
    }
    /// musl's `regerror` text (BusyBox prints `bad regex 'P': TEXT`).
    pub fn musl_text(&self) -> &'static str {
        match self {
            RegexError::Bracket => "Missing ']'",
            RegexError::OpenParen => "Missing ')'",
            RegexError::CloseParen => "Unmatched ( or \\(",
            RegexError::Brace => "Invalid contents of {}",
            RegexError::TrailingBackslash => "Trailing backslash",
            RegexError::TooBig => "Out of memory",
            RegexError::Class => "Unknown character class name",
        }
    }
}

#[derive(Clone, Debug)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(String),
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Vec<ClassItem>, bool),
    Bol,
    Eol,
    WordBoundary(bool),
    WordStart,
    WordEnd,
    Word(bool),
    Space(bool),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    ere: bool,
    depth: usize,
}

const MAX_DEPTH: usize = 100;
const MAX_REPEAT: u32 = 255;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn peek2(&self) -> Option<char> {
        self.s.get(self.i + 1).copied()
    }
    fn at_alt(&self) -> bool {
        if self.ere {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some('|')
        }
    }
    fn at_close(&self) -> bool {
        if self.ere {
            self.peek() == Some(')') && self.depth > 0
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        }
    }

    fn alt(&mut self) -> Result<Node, RegexError> {
        if self.depth > MAX_DEPTH {
            return Err(RegexError::TooBig);
        }
        let mut alts = vec![self.concat()?];
        while self.at_alt() {
            self.i += if self.ere { 1 } else { 2 };
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        let start = self.i;
        while self.peek().is_some() && !self.at_alt() && !self.at_close() {
            let at_start = self.i == start;
            let atom = self.atom(at_start)?;
            let atom = self.repeats(atom)?;
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn repeats(&mut self, mut atom: Node) -> Result<Node, RegexError> {
        loop {
            let (min, max, len) = match (self.peek(), self.peek2()) {
                (Some('*'), _) => (0, None, 1),
                (Some('+'), _) if self.ere => (1, None, 1),
                (Some('?'), _) if self.ere => (0, Some(1), 1),
                (Some('\\'), Some('+')) if !self.ere => (1, None, 2),
                (Some('\\'), Some('?')) if !self.ere => (0, Some(1), 2),
                (Some('{'), _) if self.ere => match self.brace(1)? {
                    Some((a, b, l)) => (a, b, l),
                    None => return Ok(atom),
                },
                (Some('\\'), Some('{')) if !self.ere => match self.brace(2)? {
                    Some((a, b, l)) => (a, b, l),
                    None => return Err(RegexError::Brace),
                },
                _ => return Ok(atom),
            };
            self.i += len;
            if matches!(atom, Node::Bol | Node::Eol) {
                continue;
            }
            atom = Node::Repeat(Box::new(atom), min, max);
        }
    }

    /// Parses `{n}`, `{n,}`, `{,m}`, `{n,m}` (BRE: `\{...\}`) at the cursor without moving it;
    /// returns (min, max, length). In ERE a `{` not starting a valid interval is literal.
    fn brace(&self, open: usize) -> Result<Option<(u32, Option<u32>, usize)>, RegexError> {
        let mut j = self.i + open;
        let mut text = String::new();
        loop {
            match self.s.get(j) {
                None => {
                    return if self.ere { Ok(None) } else { Err(RegexError::Brace) };
                }
                Some('}') if self.ere => {
                    j += 1;
                    break;
                }
                Some('\\') if !self.ere && self.s.get(j + 1) == Some(&'}') => {
                    j += 2;
                    break;
                }
                Some(&c) => {
                    text.push(c);
                    j += 1;
                }
            }
        }
        let bad = || {
            if self.ere { Ok(None) } else { Err(RegexError::Brace) }
        };
        let (a, b) = match text.split_once(',') {
            Some((a, b)) => (a, Some(b)),
            None => (text.as_str(), None),
        };
        if !a.chars().all(|c| c.is_ascii_digit()) || b.is_some_and(|b| !b.chars().all(|c| c.is_ascii_digit())) {
            return bad();
        }
        let min: u32 = if a.is_empty() {
            0
        } else {
            a.parse().map_err(|_| RegexError::Brace)?
        };
        let max: Option<u32> = match b {
            None => Some(min),
            Some("") => None,
            Some(b) => Some(b.parse().map_err(|_| RegexError::Brace)?),
        };
        if a.is_empty() && b.is_none() {
            return bad();
        }
        if max.is_some_and(|m| m < min) {
            return Err(RegexError::Brace);
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
            return Err(RegexError::TooBig);
        }
        Ok(Some((min, max, j - self.i)))
    }

    fn atom(&mut self, at_start: bool) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.i += 1;
        Ok(match c {
            '.' => Node::Any,
            '[' => self.bracket()?,
            '^' if self.ere || at_start => Node::Bol,
            '$' if self.ere || self.peek().is_none() || self.at_alt() || self.at_close() => Node::Eol,
            '*' if at_start => Node::Char('*'),
            '*' | '+' | '?' if self.ere && at_start => Node::Char(c),
            '(' if self.ere => self.group()?,
            ')' if self.ere => Node::Char(')'),
            '\\' => {
                let Some(n) = self.peek() else {
                    return Err(RegexError::TrailingBackslash);
                };
                self.i += 1;
                match n {
                    '(' if !self.ere => self.group()?,
                    ')' if !self.ere => return Err(RegexError::CloseParen),
                    'w' => Node::Word(true),
                    'W' => Node::Word(false),
                    's' => Node::Space(true),
                    'S' => Node::Space(false),
                    'b' => Node::WordBoundary(true),
                    'B' => Node::WordBoundary(false),
                    '<' => Node::WordStart,
                    '>' => Node::WordEnd,
                    'n' => Node::Char('n'),
                    't' => Node::Char('t'),
                    other => Node::Char(other),
                }
            }
            other => Node::Char(other),
        })
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        self.depth += 1;
        let inner = self.alt()?;
        self.depth -= 1;
        if self.ere {
            if self.peek() == Some(')') {
                self.i += 1;
                return Ok(inner);
            }
        } else if self.peek() == Some('\\') && self.peek2() == Some(')') {
            self.i += 2;
            return Ok(inner);
        }
        Err(RegexError::OpenParen)
    }

    fn bracket(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        let negate = self.peek() == Some('^');
        if negate {
            self.i += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(RegexError::Bracket);
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == '[' && matches!(self.peek2(), Some(':') | Some('.') | Some('=')) {
                let kind = self.peek2().unwrap_or(':');
                let rest: String = self.s[self.i + 2..].iter().collect();
                let close = format!("{kind}]");
                let Some(end) = rest.find(&close) else {
                    return Err(RegexError::Bracket);
                };
                let name: String = rest[..end].to_string();
                self.i += 2 + name.chars().count() + 2;
                if kind == ':' {
                    if !matches!(
                        name.as_str(),
                        "alpha"
                            | "digit"
                            | "alnum"
                            | "upper"
                            | "lower"
                            | "space"
                            | "blank"
                            | "punct"
                            | "xdigit"
                            | "cntrl"
                            | "print"
                            | "graph"
                    ) {
                        return Err(RegexError::Class);
                    }
                    items.push(ClassItem::Named(name));
                } else if let Some(ch) = name.chars().next() {
                    items.push(ClassItem::Char(ch));
                }
                continue;
            }
            self.i += 1;
            if self.peek() == Some('-') && self.peek2().is_some_and(|n| n != ']') {
                let hi = self.peek2().unwrap_or(c);
                self.i += 2;
                items.push(ClassItem::Range(c, hi));
            } else {
                items.push(ClassItem::Char(c));
            }
        }
        Ok(Node::Class(items, negate))
    }
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(Vec<ClassItem>, bool),
    Word(bool),
    Space(bool),
    Assert(Assertion),
    Split(usize, usize),
    Jmp(usize),
    Match,
}

#[derive(Clone, Copy, Debug)]
enum Assertion {
    Bol,
    Eol,
    Boundary(bool),
    WordStart,
    WordEnd,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(crate) struct Regex {
    prog: Vec<Inst>,
    icase: bool,
    fuel: Cell<u64>,
}

const MAX_PROG: usize = 20_000;

fn emit(n: &Node, prog: &mut Vec<Inst>) -> Result<(), RegexError> {
    if prog.len() > MAX_PROG {
        return Err(RegexError::TooBig);
    }
    match n {
        Node::Empty => {}
        Node::Char(c) => prog.push(Inst::Char(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Class(items, neg) => prog.push(Inst::Class(items.clone(), *neg)),
        Node::Bol => prog.push(Inst::Assert(Assertion::Bol)),
        Node::Eol => prog.push(Inst::Assert(Assertion::Eol)),
        Node::WordBoundary(b) => prog.push(Inst::Assert(Assertion::Boundary(*b))),
        Node::WordStart => prog.push(Inst::Assert(Assertion::WordStart)),
        Node::WordEnd => prog.push(Inst::Assert(Assertion::WordEnd)),
        Node::Word(b) => prog.push(Inst::Word(*b)),
        Node::Space(b) => prog.push(Inst::Space(*b)),
        Node::Concat(v) => {
            for x in v {
                emit(x, prog)?;
            }
        }
        Node::Alt(v) => {
            let mut jumps = Vec::new();
            for (k, x) in v.iter().enumerate() {
                if k + 1 < v.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(x, prog)?;
                    jumps.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let next = prog.len();
                    prog[split] = Inst::Split(split + 1, next);
                } else {
                    emit(x, prog)?;
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jmp(end);
            }
        }
        Node::Repeat(x, min, max) => {
            for _ in 0..*min {
                emit(x, prog)?;
                if prog.len() > MAX_PROG {
                    return Err(RegexError::TooBig);
                }
            }
            match max {
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(x, prog)?;
                    prog.push(Inst::Jmp(split));
                    let end = prog.len();
                    prog[split] = Inst::Split(split + 1, end);
                }
                Some(m) => {
                    let mut splits = Vec::new();
                    for _ in *min..*m {
                        splits.push(prog.len());
                        prog.push(Inst::Split(0, 0));
                        emit(x, prog)?;
                        if prog.len() > MAX_PROG {
                            return Err(RegexError::TooBig);
                        }
                    }
                    let end = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Regex {
    /// Compiles a basic (`ere == false`) or extended regular expression.
    pub fn new(pattern: &str, ere: bool, icase: bool) -> Result<Regex, RegexError> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = Parser {
            s: &chars,
            i: 0,
            ere,
            depth: 0,
        };
        let mut node = p.alt()?;
        while p.i < chars.len() {
            // Only a stray `)` in ERE at top level can stop the parser early: it is literal.
            p.i += 1;
            let rest = p.alt()?;
            node = Node::Concat(vec![node, Node::Char(')'), rest]);
        }
        let mut prog = Vec::new();
        emit(&node, &mut prog)?;
        prog.push(Inst::Match);
        Ok(Regex {
            prog,
            icase,
            fuel: Cell::new(FUEL),
        })
    }

    /// A literal (fixed-string) pattern.
    pub fn literal(s: &str, icase: bool) -> Regex {
        let mut prog: Vec<Inst> = s.chars().map(Inst::Char).collect();
        prog.push(Inst::Match);
        Regex {
            prog,
            icase,
            fuel: Cell::new(FUEL),
        }
    }

    fn char_eq(&self, a: char, b: char) -> bool {
        a == b || (self.icase && a.to_lowercase().eq(b.to_lowercase()))
    }

    fn class_has(&self, items: &[ClassItem], c: char) -> bool {
        let test = |c: char| {
            items.iter().any(|it| match it {
                ClassItem::Char(x) => *x == c,
                ClassItem::Range(a, b) => *a <= c && c <= *b,
                ClassItem::Named(n) => class_matches(n, c),
            })
        };
        if test(c) {
            return true;
        }
        if self.icase {
            let l = c.to_lowercase().next().unwrap_or(c);
            let u = c.to_uppercase().next().unwrap_or(c);
            return test(l) || test(u);
        }
        false
    }

    fn assert_ok(a: Assertion, s: &[char], i: usize) -> bool {
        let before = if i > 0 { s.get(i - 1).copied() } else { None };
        let after = s.get(i).copied();
        let wb = before.is_some_and(is_word);
        let wa = after.is_some_and(is_word);
        match a {
            Assertion::Bol => i == 0,
            Assertion::Eol => i == s.len(),
            Assertion::Boundary(b) => (wb != wa) == b,
            Assertion::WordStart => !wb && wa,
            Assertion::WordEnd => wb && !wa,
        }
    }

    /// Adds the thread at `pc` and everything reachable through jumps and assertions.
    fn add(&self, list: &mut Vec<usize>, seen: &mut [bool], pc: usize, s: &[char], i: usize) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if pc >= self.prog.len() || seen[pc] {
                continue;
            }
            seen[pc] = true;
            match &self.prog[pc] {
                Inst::Jmp(t) => stack.push(*t),
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Assert(a) => {
                    if Self::assert_ok(*a, s, i) {
                        stack.push(pc + 1);
                    }
                }
                _ => list.push(pc),
            }
        }
    }

    /// Whether the work budget ran out (the answers so far may be incomplete).
    pub fn exhausted(&self) -> bool {
        self.fuel.get() == 0
    }

    fn burn(&self, n: usize) -> bool {
        let left = self.fuel.get().saturating_sub(n as u64 + 1);
        self.fuel.set(left);
        left > 0
    }

    fn step_ok(&self, pc: usize, c: Option<char>) -> bool {
        match (&self.prog[pc], c) {
            (_, None) => false,
            (Inst::Char(x), Some(c)) => self.char_eq(*x, c),
            (Inst::Any, Some(c)) => c != '\n',
            (Inst::Class(items, neg), Some(c)) => self.class_has(items, c) != *neg,
            (Inst::Word(b), Some(c)) => is_word(c) == *b,
            (Inst::Space(b), Some(c)) => c.is_whitespace() == *b,
            _ => false,
        }
    }

    /// The leftmost-longest match at or after char index `from`: (start, end) in char
    /// indices. One pass; each thread remembers where its match started.
    pub fn find_chars(&self, s: &[char], from: usize) -> Option<(usize, usize)> {
        let n = self.prog.len();
        let mut clist: Vec<(usize, usize)> = Vec::new();
        let mut best: Option<(usize, usize)> = None;
        let mut i = from;
        loop {
            // New threads start here until a match has been found.
            if best.is_none() && i <= s.len() {
                let mut seen: Vec<bool> = vec![false; n];
                for &(pc, _) in &clist {
                    seen[pc] = true;
                }
                let mut fresh = Vec::new();
                self.add(&mut fresh, &mut seen, 0, s, i);
                clist.extend(fresh.into_iter().map(|pc| (pc, i)));
            }
            if clist.is_empty() && (best.is_some() || i >= s.len()) {
                break;
            }
            if !self.burn(clist.len()) {
                break;
            }
            let c = s.get(i).copied();
            let mut nlist: Vec<(usize, usize)> = Vec::new();
            let mut nseen = vec![false; n];
            for &(pc, st) in &clist {
                if let Some((bs, _)) = best
                    && st > bs
                {
                    continue;
                }
                if matches!(self.prog[pc], Inst::Match) {
                    match best {
                        Some((bs, be)) if bs < st || (bs == st && be >= i) => {}
                        _ => best = Some((st, i)),
                    }
                    continue;
                }
                if self.step_ok(pc, c) {
                    let mut added = Vec::new();
                    self.add(&mut added, &mut nseen, pc + 1, s, i + 1);
                    nlist.extend(added.into_iter().map(|p| (p, st)));
                }
            }
            if i >= s.len() {
                break;
            }
            clist = nlist;
            i += 1;
        }
        best
    }

    /// Whether the pattern matches anywhere: one pass, a new thread started at each position.
    pub fn is_match(&self, text: &str) -> bool {
        let s: Vec<char> = text.chars().collect();
        let n = self.prog.len();
        let mut clist = Vec::new();
        let mut seen = vec![false; n];
        self.add(&mut clist, &mut seen, 0, &s, 0);
        for i in 0..=s.len() {
            if !self.burn(clist.len()) {
                return false;
            }
            let mut nlist = Vec::new();
            let mut nseen = vec![false; n];
            let c = s.get(i).copied();
            for &pc in &clist {
                if matches!(self.prog[pc], Inst::Match) {
                    return true;
                }
                if self.step_ok(pc, c) {
                    self.add(&mut nlist, &mut nseen, pc + 1, &s, i + 1);
                }
            }
            if i < s.len() {
                self.add(&mut nlist, &mut nseen, 0, &s, i + 1);
            }
            clist = nlist;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, ere: bool, t: &str) -> bool {
        Regex::new(p, ere, false).unwrap().is_match(t)
    }

    #[test]
    fn basics() {
        assert!(m("hello", false, "say hello there"));
        assert!(m("^GET", false, "GET / HTTP/1.1"));
        assert!(!m("^GET", false, " GET"));
        assert!(m("200$", false, "status 200"));
        assert!(m("a.c", false, "abc"));
        assert!(m("ab*c", false, "ac"));
        assert!(m("a\\+b", false, "aaab"));
        assert!(m("a+b", false, "a+b"));
        assert!(m("a+b", true, "aab"));
        assert!(m("cat|dog", true, "hotdog"));
        assert!(m("cat\\|dog", false, "hotdog"));
        assert!(m("^(ab)+$", true, "ababab"));
        assert!(!m("^(ab)+$", true, "ababa"));
        assert!(m("[0-9]\\{3\\}", false, "port 8080"));
        assert!(m("^[[:digit:]]{2,3}$", true, "123"));
        assert!(!m("^[[:digit:]]{2,3}$", true, "1234"));
        assert!(m("[^a-z]", false, "abc1"));
        assert!(m("\\bword\\b", false, "a word here"));
        assert!(!m("\\bword\\b", false, "swordfish"));
        assert!(m("*star", false, "*star"));
        assert!(m("x{", true, "x{"));
        assert!(Regex::new("HELLO", false, true).unwrap().is_match("hello"));
    }

    #[test]
    fn errors() {
        assert_eq!(Regex::new("[abc", false, false).unwrap_err(), RegexError::Bracket);
        assert_eq!(Regex::new("(ab", true, false).unwrap_err(), RegexError::OpenParen);
        assert_eq!(
            Regex::new("ab\\", false, false).unwrap_err(),
            RegexError::TrailingBackslash
        );
        assert_eq!(Regex::new("a\\{x\\}", false, false).unwrap_err(), RegexError::Brace);
        assert!(m("a)", true, "a)"));
        assert!(Regex::new("(((a{255}){255}){255})", true, false).is_err());
    }

    #[test]
    fn leftmost_longest() {
        let r = Regex::new("[0-9]+", true, false).unwrap();
        let s: Vec<char> = "port 8080 and 80".chars().collect();
        assert_eq!(r.find_chars(&s, 0), Some((5, 9)));
        let r = Regex::new("a|ab", true, false).unwrap();
        let s: Vec<char> = "xab".chars().collect();
        assert_eq!(r.find_chars(&s, 0), Some((1, 3)));
    }

    #[test]
    fn pathological_is_fast() {
        let r = Regex::new("(a*)*b", true, false).unwrap();
        assert!(!r.is_match(&"a".repeat(200)));
    }
}
