//! `{placeholder}` templates.
//!
//! A placeholder is `{` + one or more of `[a-z0-9_:.-]` + `}`; anything else in
//! braces (JSON, shell `${VAR}`, nginx blocks) is left alone because it does not
//! match (`${VAR}` is skipped: a `$` right before `{` never starts a placeholder).

/// The placeholders used in `template`, in order of first appearance, without duplicates.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    scan(template, |name| {
        if !out.contains(&name) {
            out.push(name);
        }
    });
    out
}

/// Replaces each placeholder for which `lookup` returns `Some`; others stay verbatim.
pub fn render(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut last = 0;
    for (start, end, name) in spans(template) {
        if let Some(v) = lookup(name) {
            out.push_str(&template[last..start]);
            out.push_str(&v);
            last = end;
        }
    }
    out.push_str(&template[last..]);
    out
}

fn scan<'a>(template: &'a str, mut f: impl FnMut(&'a str)) {
    for (_, _, name) in spans(template) {
        f(name);
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b':' | b'.' | b'-')
}

/// (start, end, name) of every placeholder.
fn spans(t: &str) -> Vec<(usize, usize, &str)> {
    let b = t.as_bytes();
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' && (i == 0 || b[i - 1] != b'$') {
            let mut j = i + 1;
            while j < b.len() && is_name_byte(b[j]) {
                j += 1;
            }
            if j > i + 1 && j < b.len() && b[j] == b'}' {
                v.push((i, j + 1, &t[i + 1..j]));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_renders() {
        let t = "Serving HTTP on {host} port {port} (http://{host}:{port}/) ... ${HOME} {not a placeholder} {}";
        assert_eq!(placeholders(t), vec!["host", "port"]);
        let r = render(t, |k| match k {
            "host" => Some("0.0.0.0".into()),
            "port" => Some("8000".into()),
            _ => None,
        });
        assert_eq!(
            r,
            "Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ... ${HOME} {not a placeholder} {}"
        );
    }

    #[test]
    fn unknown_stays() {
        assert_eq!(render("a {b} {fact:python}", |_| None), "a {b} {fact:python}");
    }
}
