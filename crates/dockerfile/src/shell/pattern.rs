//! Shell wildcard patterns (`*`, `?`, `\` escapes) as BuildKit converts them to Go regular
//! expressions, matched with a small Pike VM that has Go's leftmost-first semantics.

use crate::go;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    Char(char),
    /// Any character except `\n` (Go's `.` without the `s` flag).
    Any,
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    prog: Vec<Inst>,
    anchored: bool,
}

impl Pattern {
    /// BuildKit's `convertShellPatternToRegex`: `*` is `.*` (greedy) or `.*?`, `?` is `.`, and a
    /// backslash escapes `*`, `?` or `\`; a backslash before `}` or `/` is dropped.
    /// Errors carry Go's message (`invalid escape '\x'`).
    pub(crate) fn compile(pattern: &str, greedy: bool, anchored: bool) -> Result<Pattern, String> {
        let mut chars = pattern.chars().peekable();
        // Go's text/scanner skips a byte order mark at the very start.
        if chars.peek() == Some(&'\u{feff}') {
            chars.next();
        }
        let mut prog = Vec::new();
        while let Some(tok) = chars.next() {
            match tok {
                '*' => {
                    let l = prog.len();
                    if greedy {
                        prog.push(Inst::Split(l + 1, l + 3));
                    } else {
                        prog.push(Inst::Split(l + 3, l + 1));
                    }
                    prog.push(Inst::Any);
                    prog.push(Inst::Jmp(l));
                }
                '?' => prog.push(Inst::Any),
                '\\' => {
                    if matches!(chars.peek(), Some('}') | Some('/')) {
                        continue;
                    }
                    let next = chars.next();
                    match next {
                        Some(c @ ('*' | '?' | '\\')) => prog.push(Inst::Char(c)),
                        other => {
                            return Err(format!("invalid escape '\\{}'", go::rune_or_replacement(other)));
                        }
                    }
                }
                c => prog.push(Inst::Char(c)),
            }
        }
        prog.push(Inst::Match);
        Ok(Pattern { prog, anchored })
    }

    /// The leftmost-first match starting at or after `start` (or only at `start` when anchored),
    /// as character indices.
    pub(crate) fn find_at(&self, text: &[char], start: usize) -> Option<(usize, usize)> {
        let n = text.len();
        if start > n {
            return None;
        }
        let mut clist = ThreadList::new(self.prog.len());
        let mut nlist = ThreadList::new(self.prog.len());
        let mut matched = None;
        let mut i = start;
        loop {
            if matched.is_none() && (!self.anchored || i == start) {
                self.add_thread(&mut clist, 0, i);
            }
            if clist.threads.is_empty() {
                break;
            }
            for idx in 0..clist.threads.len() {
                let (pc, st) = clist.threads[idx];
                match self.prog[pc] {
                    Inst::Char(c) => {
                        if i < n && text[i] == c {
                            self.add_thread(&mut nlist, pc + 1, st);
                        }
                    }
                    Inst::Any => {
                        if i < n && text[i] != '\n' {
                            self.add_thread(&mut nlist, pc + 1, st);
                        }
                    }
                    Inst::Match => {
                        matched = Some((st, i));
                        break;
                    }
                    Inst::Split(..) | Inst::Jmp(_) => {}
                }
            }
            std::mem::swap(&mut clist, &mut nlist);
            nlist.clear();
            if i >= n {
                break;
            }
            i += 1;
        }
        matched
    }

    fn add_thread(&self, list: &mut ThreadList, pc: usize, start: usize) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if !list.mark(pc) {
                continue;
            }
            match self.prog[pc] {
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Jmp(a) => stack.push(a),
                _ => list.threads.push((pc, start)),
            }
        }
    }
}

struct ThreadList {
    threads: Vec<(usize, usize)>,
    seen: Vec<bool>,
}

impl ThreadList {
    fn new(n: usize) -> Self {
        ThreadList {
            threads: Vec::new(),
            seen: vec![false; n],
        }
    }

    fn mark(&mut self, pc: usize) -> bool {
        if self.seen[pc] {
            false
        } else {
            self.seen[pc] = true;
            true
        }
    }

    fn clear(&mut self) {
        self.threads.clear();
        self.seen.iter_mut().for_each(|s| *s = false);
    }
}

/// Go `Regexp.ReplaceAllString` (with `$` template expansion; the pattern has no capture groups
/// besides the whole match `$0`).
pub(crate) fn replace_all(re: &Pattern, value: &str, template: &str) -> String {
    let src: Vec<char> = value.chars().collect();
    let mut out = String::new();
    let mut last_match_end = 0usize;
    let mut search_pos = 0usize;
    while search_pos <= src.len() {
        let Some((a0, a1)) = re.find_at(&src, search_pos) else {
            break;
        };
        out.extend(&src[last_match_end..a0]);
        if a1 > last_match_end || a0 == 0 {
            let matched: String = src[a0..a1].iter().collect();
            out.push_str(&expand_template(template, &matched));
        }
        last_match_end = a1;
        let width = usize::from(search_pos < src.len());
        if search_pos + width > a1 {
            search_pos += width;
        } else if search_pos + 1 > a1 {
            search_pos += 1;
        } else {
            search_pos = a1;
        }
    }
    out.extend(&src[last_match_end.min(src.len())..]);
    out
}

/// Go `Regexp.Expand` for a regexp whose only group is the whole match.
fn expand_template(template: &str, matched: &str) -> String {
    let mut out = String::new();
    let mut t = template;
    while let Some(i) = t.find('$') {
        out.push_str(&t[..i]);
        t = &t[i + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        match extract_name(t) {
            None => out.push('$'),
            Some((name, rest)) => {
                t = rest;
                if group_number(name) == Some(0) {
                    out.push_str(matched);
                }
            }
        }
    }
    out.push_str(t);
    out
}

fn extract_name(s: &str) -> Option<(&str, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let end = body
        .char_indices()
        .find(|&(_, c)| !(go::is_letter(c) || go::is_digit(c) || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let name = &body[..end];
    let mut rest = &body[end..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    Some((name, rest))
}

fn group_number(name: &str) -> Option<u64> {
    let mut num: u64 = 0;
    for b in name.bytes() {
        if !b.is_ascii_digit() || num >= 100_000_000 {
            return None;
        }
        num = num * 10 + u64::from(b - b'0');
    }
    if name.len() > 1 && name.starts_with('0') {
        return None;
    }
    Some(num)
}

/// BuildKit's `reversePattern`: reverses a pattern keeping `\x` escape pairs in order.
pub(crate) fn reverse_pattern(pattern: &str) -> String {
    let runes: Vec<char> = pattern.chars().collect();
    if runes.is_empty() {
        return String::new();
    }
    let last = runes.len() - 1;
    let mut out = vec!['\0'; runes.len()];
    let mut i = 0;
    while i <= last {
        let tok = runes[i];
        let out_idx = last - i;
        if tok == '\\' && i != last {
            out[out_idx - 1] = tok;
            out[out_idx] = runes[i + 1];
            i += 2;
        } else {
            out[out_idx] = tok;
            i += 1;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, greedy: bool, anchored: bool, text: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        Pattern::compile(p, greedy, anchored).unwrap().find_at(&chars, 0)
    }

    #[test]
    fn leftmost_first() {
        assert_eq!(find("a*", true, true, "abcabc"), Some((0, 6)));
        assert_eq!(find("a*", false, true, "abcabc"), Some((0, 1)));
        assert_eq!(find("*", false, true, "abc"), Some((0, 0)));
        assert_eq!(find("b?", true, false, "aabcd"), Some((2, 4)));
        assert_eq!(find("x", true, false, "abc"), None);
        assert_eq!(find("c", true, true, "abc"), None);
        assert_eq!(find("", true, false, ""), Some((0, 0)));
        assert_eq!(find("*", true, true, "a\nb"), Some((0, 1)));
    }

    #[test]
    fn escapes() {
        assert_eq!(find("\\*", true, false, "a*b"), Some((1, 2)));
        assert_eq!(
            Pattern::compile("\\x", true, false).unwrap_err(),
            "invalid escape '\\x'"
        );
        assert_eq!(
            Pattern::compile("\\", true, false).unwrap_err(),
            "invalid escape '\\\u{fffd}'"
        );
        assert_eq!(reverse_pattern("a\\*c"), "c\\*a");
    }

    #[test]
    fn replace_all_like_go() {
        let re = Pattern::compile("o", true, false).unwrap();
        assert_eq!(replace_all(&re, "foo boo", "0"), "f00 b00");
        let empty = Pattern::compile("", true, false).unwrap();
        assert_eq!(replace_all(&empty, "ab", "-"), "-a-b-");
        let star = Pattern::compile("*", true, false).unwrap();
        assert_eq!(replace_all(&star, "ab", "x"), "x");
        let re = Pattern::compile("b", true, false).unwrap();
        assert_eq!(replace_all(&re, "abc", "[$0]$$"), "a[b]$c");
    }
}
