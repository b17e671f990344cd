//! Glob patterns (`*`, `?`, `[...]`, `\` quoting): matching a string (`fnmatch`), escaping
//! text into a pattern, and pathname expansion over any directory lister (for `Env::glob`).

/// One element of a compiled pattern; each but `Star` matches exactly one character.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Char(char),
    Any,
    Star,
    Class { negated: bool, items: Vec<ClassItem> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(String),
}

fn compile(pattern: &str) -> Vec<Tok> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => {
                if toks.last() != Some(&Tok::Star) {
                    toks.push(Tok::Star);
                }
                i += 1;
            }
            '?' => {
                toks.push(Tok::Any);
                i += 1;
            }
            '\\' => {
                toks.push(Tok::Char(chars.get(i + 1).copied().unwrap_or('\\')));
                i += 2;
            }
            '[' => match compile_class(&chars, i) {
                Some((tok, next)) => {
                    toks.push(tok);
                    i = next;
                }
                None => {
                    toks.push(Tok::Char('['));
                    i += 1;
                }
            },
            c => {
                toks.push(Tok::Char(c));
                i += 1;
            }
        }
    }
    toks
}

/// A bracket expression starting at `chars[start] == '['`: the token and the index after
/// its `]`, or `None` when it does not close (then `[` is an ordinary character).
fn compile_class(chars: &[char], start: usize) -> Option<(Tok, usize)> {
    let mut i = start + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class { negated, items }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let name_start = i + 2;
            let mut j = name_start;
            while j + 1 < chars.len() && !(chars[j] == ':' && chars[j + 1] == ']') {
                if chars[j] == ']' {
                    break;
                }
                j += 1;
            }
            if j + 1 < chars.len() && chars[j] == ':' && chars[j + 1] == ']' {
                items.push(ClassItem::Named(chars[name_start..j].iter().collect()));
                i = j + 2;
                continue;
            }
        }
        let (lo, after) = if c == '\\' {
            (*chars.get(i + 1)?, i + 2)
        } else {
            (c, i + 1)
        };
        if chars.get(after) == Some(&'-') && chars.get(after + 1).is_some_and(|&n| n != ']') {
            let hi_at = after + 1;
            let (hi, next) = if chars[hi_at] == '\\' {
                (*chars.get(hi_at + 1)?, hi_at + 2)
            } else {
                (chars[hi_at], hi_at + 1)
            };
            items.push(ClassItem::Range(lo, hi));
            i = next;
        } else {
            items.push(ClassItem::Char(lo));
            i = after;
        }
    }
}

fn class_matches(items: &[ClassItem], c: char) -> bool {
    items.iter().any(|item| match item {
        ClassItem::Char(x) => *x == c,
        ClassItem::Range(lo, hi) => *lo <= c && c <= *hi,
        ClassItem::Named(name) => match name.as_str() {
            "alpha" => c.is_alphabetic(),
            "digit" => c.is_ascii_digit(),
            "alnum" => c.is_alphanumeric(),
            "upper" => c.is_uppercase(),
            "lower" => c.is_lowercase(),
            "space" => c.is_whitespace(),
            "blank" => c == ' ' || c == '\t',
            "punct" => c.is_ascii_punctuation(),
            "xdigit" => c.is_ascii_hexdigit(),
            "cntrl" => c.is_control(),
            "print" => !c.is_control(),
            "graph" => !c.is_control() && !c.is_whitespace(),
            "word" => c.is_alphanumeric() || c == '_',
            _ => false,
        },
    })
}

fn tok_matches(tok: &Tok, c: char) -> bool {
    match tok {
        Tok::Char(x) => *x == c,
        Tok::Any => true,
        Tok::Star => false,
        Tok::Class { negated, items } => class_matches(items, c) != *negated,
    }
}

fn match_toks(toks: &[Tok], text: &[char]) -> bool {
    // Greedy matching that backtracks only to the last `*`: enough because every other
    // token matches exactly one character. Worst case O(pattern * text).
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            Some(tok) if tok_matches(tok, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks.get(p..).is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
}

/// Whether `text` matches the shell pattern `pattern` as a whole: `*` any string, `?` any
/// character, `[abc]` `[a-z]` `[!x]` `[[:digit:]]` a set, `\c` the character `c`. No special
/// rule for `/` or a leading `.` (as in `case` and `${x#pattern}`).
pub fn fnmatch(pattern: &str, text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    match_toks(&compile(pattern), &text)
}

/// Like [`fnmatch`] for one file name in pathname expansion: a leading `.` must be matched
/// by a literal `.` in the pattern.
pub fn fnmatch_name(pattern: &str, name: &str) -> bool {
    let toks = compile(pattern);
    if name.starts_with('.') && toks.first() != Some(&Tok::Char('.')) {
        return false;
    }
    let text: Vec<char> = name.chars().collect();
    match_toks(&toks, &text)
}

/// Whether the pattern has an unquoted `*`, `?` or `[` (pathname expansion would apply).
pub fn has_glob_chars(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// `text` as a pattern that matches only itself (backslash before `\ * ? [ ]`).
pub fn escape_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '?' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Removes the backslashes that quote characters in a pattern.
pub fn unescape_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}

/// Pathname expansion over any file tree. `read_dir(dir)` lists the entry names of a
/// directory, or gives `None` when `dir` is not one; `dir` is `""` for the current directory,
/// else spelled as in the pattern (`/`, `/etc`, `src`, `../app`). Returns the matching paths,
/// spelled as the pattern spells them (`src/*.py` gives `src/main.py`), sorted; empty when
/// nothing matches. A trailing `/` keeps only directories. Names starting with `.` match only
/// a pattern component starting with `.`.
pub fn glob_paths(pattern: &str, read_dir: &mut dyn FnMut(&str) -> Option<Vec<String>>) -> Vec<String> {
    let (mut paths, rest) = match pattern.strip_prefix('/') {
        Some(rest) => (vec!["/".to_string()], rest),
        None => (vec![String::new()], pattern),
    };
    let components: Vec<&str> = rest.split('/').collect();
    let last = components.len().saturating_sub(1);
    for (i, comp) in components.iter().enumerate() {
        if comp.is_empty() {
            if i == last && i > 0 {
                // Trailing slash: directories only.
                paths.retain(|p| read_dir(p).is_some());
                for p in &mut paths {
                    p.push('/');
                }
            }
            continue;
        }
        let mut next = Vec::new();
        for base in &paths {
            let dir = dir_of(base);
            if has_glob_chars(comp) {
                let Some(mut names) = read_dir(dir) else {
                    continue;
                };
                names.sort();
                for name in names {
                    if fnmatch_name(comp, &name) {
                        next.push(join(base, &name));
                    }
                }
            } else {
                let name = unescape_pattern(comp);
                let exists = match name.as_str() {
                    "." | ".." => read_dir(dir).is_some(),
                    _ => read_dir(dir).is_some_and(|names| names.contains(&name)),
                };
                if exists {
                    next.push(join(base, &name));
                }
            }
        }
        paths = next;
        if paths.is_empty() {
            break;
        }
    }
    paths.retain(|p| !p.is_empty());
    paths.sort();
    paths
}

fn dir_of(base: &str) -> &str {
    if base == "/" {
        return "/";
    }
    base.strip_suffix('/').unwrap_or(base)
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else if base.ends_with('/') {
        format!("{base}{name}")
    } else {
        format!("{base}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_question_and_literals() {
        assert!(fnmatch("*.txt", "notes.txt"));
        assert!(fnmatch("*.txt", ".txt"));
        assert!(!fnmatch("*.txt", "notes.txt.bak"));
        assert!(fnmatch("web-?", "web-1"));
        assert!(!fnmatch("web-?", "web-10"));
        assert!(fnmatch("*", ""));
        assert!(!fnmatch("?", ""));
        assert!(fnmatch("a*b*c", "aXXbYYc"));
        assert!(!fnmatch("a*b*c", "aXXbYY"));
        assert!(fnmatch("**x", "abx"));
        assert!(fnmatch("python:3.*-alpine", "python:3.11.5-alpine"));
    }

    #[test]
    fn bracket_expressions() {
        assert!(fnmatch("[abc]1", "b1"));
        assert!(!fnmatch("[abc]1", "d1"));
        assert!(fnmatch("[a-z][0-9]", "q7"));
        assert!(fnmatch("[!a-z]", "Q"));
        assert!(!fnmatch("[^a-z]", "q"));
        assert!(fnmatch("[]x]", "]"));
        assert!(fnmatch("[[:digit:]][[:alpha:]]", "1a"));
        assert!(!fnmatch("[[:digit:]]", "a"));
        assert!(fnmatch("[\\]]", "]"));
        assert!(fnmatch("[a-]", "-"));
        // An unclosed bracket is an ordinary character.
        assert!(fnmatch("a[b", "a[b"));
        assert!(!fnmatch("a[b", "ab"));
    }

    #[test]
    fn escapes_are_literal() {
        assert!(fnmatch("\\*", "*"));
        assert!(!fnmatch("\\*", "x"));
        assert!(fnmatch(&escape_pattern("a*b?[c]\\"), "a*b?[c]\\"));
        assert!(!fnmatch(&escape_pattern("a*"), "abc"));
        assert_eq!(unescape_pattern(&escape_pattern("x[*]\\y")), "x[*]\\y");
        assert!(has_glob_chars("*.py"));
        assert!(!has_glob_chars("\\*.py"));
    }

    #[test]
    fn non_ascii_text() {
        assert!(fnmatch("привет*", "привет мир"));
        assert!(fnmatch("?ир", "мир"));
        assert!(fnmatch("[а-я]", "ж"));
    }

    #[test]
    fn hidden_names_need_an_explicit_dot() {
        assert!(!fnmatch_name("*", ".env"));
        assert!(fnmatch_name(".*", ".env"));
        assert!(fnmatch_name("*", "app.py"));
        assert!(fnmatch("*", ".env"));
    }

    #[test]
    fn pathological_pattern_is_fast() {
        let text = "a".repeat(2000);
        let pattern = format!("{}b", "*a".repeat(200));
        assert!(!fnmatch(&pattern, &text));
    }

    fn tree(dir: &str) -> Option<Vec<String>> {
        let names: &[&str] = match dir {
            "" | "." => &["app.py", "util.py", "Dockerfile", ".env", "src", "data.txt"],
            "src" | "./src" => &["main.py", "lib"],
            "src/lib" => &["x.py"],
            "/" => &["etc", "tmp"],
            "/etc" => &["hosts", "hostname", "passwd"],
            "/tmp" => &[],
            _ => return None,
        };
        Some(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn glob_paths_over_a_tree() {
        let mut ls = tree;
        assert_eq!(glob_paths("*.py", &mut ls), ["app.py", "util.py"]);
        assert_eq!(glob_paths("*", &mut ls).len(), 5);
        assert_eq!(glob_paths(".*", &mut ls), [".env"]);
        assert_eq!(glob_paths("src/*.py", &mut ls), ["src/main.py"]);
        assert_eq!(glob_paths("*/*.py", &mut ls), ["src/main.py"]);
        assert_eq!(glob_paths("src/*/*.py", &mut ls), ["src/lib/x.py"]);
        assert_eq!(glob_paths("/etc/host*", &mut ls), ["/etc/hostname", "/etc/hosts"]);
        assert_eq!(glob_paths("/*", &mut ls), ["/etc", "/tmp"]);
        assert_eq!(glob_paths("*/", &mut ls), ["src/"]);
        assert_eq!(glob_paths("./*.txt", &mut ls), ["./data.txt"]);
        assert!(glob_paths("*.go", &mut ls).is_empty());
        assert!(glob_paths("nope/*", &mut ls).is_empty());
        assert_eq!(glob_paths("Dockerfil?", &mut ls), ["Dockerfile"]);
    }
}
