//! Shell patterns (`*`, `?`, `[...]`) for `find -name`/`-iname`, and the POSIX character
//! classes shared with `tr` and `grep`.

/// Whether `name` matches the shell pattern `pat` (no special meaning for `/` or leading dots).
pub(crate) fn fnmatch(pat: &str, name: &str, icase: bool) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let s: Vec<char> = name.chars().collect();
    // Iterative matcher with single-star backtracking: linear in practice, no recursion.
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    let eq = |a: char, b: char| {
        if icase {
            a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    };
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, si));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = bracket(&p, pi, s[si], icase) {
                        if matched {
                            pi = next;
                            si += 1;
                            continue;
                        }
                    } else if eq('[', s[si]) {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if eq(p[pi + 1], s[si]) {
                        pi += 2;
                        si += 1;
                        continue;
                    }
                }
                c => {
                    if eq(c, s[si]) {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Matches one character against the bracket expression starting at `p[start]` (`[`).
/// Returns (matched, index after `]`), or `None` when the bracket is not closed.
fn bracket(p: &[char], start: usize, c: char, icase: bool) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = i < p.len() && (p[i] == '!' || p[i] == '^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    let lc = c.to_lowercase().next().unwrap_or(c);
    let uc = c.to_uppercase().next().unwrap_or(c);
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if p[i] == '[' && i + 1 < p.len() && p[i + 1] == ':' {
            let rest: String = p[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                let class = &rest[..end];
                if class_matches(class, c) {
                    matched = true;
                }
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let lo = p[i];
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            let hi = p[i + 2];
            if (lo <= c && c <= hi) || (icase && ((lo <= lc && lc <= hi) || (lo <= uc && uc <= hi))) {
                matched = true;
            }
            i += 3;
        } else {
            if lo == c || (icase && (lo == lc || lo == uc)) {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

/// POSIX character classes (`[:digit:]`), shared with `tr` and `grep`.
pub(crate) fn class_matches(class: &str, c: char) -> bool {
    match class {
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
        "graph" => !c.is_control() && c != ' ',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(fnmatch("*.py", "app.py", false));
        assert!(!fnmatch("*.py", "app.pyc", false));
        assert!(fnmatch("a?c", "abc", false));
        assert!(fnmatch("[a-c]*", "b1", false));
        assert!(!fnmatch("[!a-c]*", "b1", false));
        assert!(fnmatch("*.TXT", "x.txt", true));
        assert!(fnmatch("[[:digit:]]x", "7x", false));
        assert!(fnmatch("a\\*", "a*", false));
        assert!(fnmatch("[", "[", false));
        assert!(fnmatch("**a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaab", false));
    }
}
