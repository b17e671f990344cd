//! "did you mean …?" suggestions, modelled on BuildKit's `util/suggest`.

use crate::go;

/// Levenshtein distance over characters (insert, delete and substitute all cost 1).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() {
        return b.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// BuildKit's `suggest.WrapErrorMaybe` search: the first option within distance 2 with the
/// smallest distance, or `None` when `val` is exactly one of the options or nothing is close.
///
/// When not case sensitive the options are compared lower-cased and the suggestion takes the
/// case of `val`: all lower-case input gets a lower-case suggestion, all upper-case input an
/// upper-case one, anything else lower-case.
pub(crate) fn search(val: &str, options: &[&str], case_sensitive: bool) -> Option<String> {
    let cmp_val = if case_sensitive {
        val.to_string()
    } else {
        go::to_lower(val)
    };
    let mut best: Option<String> = None;
    let mut min = 3;
    for opt in options {
        let opt = if case_sensitive {
            (*opt).to_string()
        } else {
            go::to_lower(opt)
        };
        if cmp_val == opt {
            return None;
        }
        let dist = levenshtein(&cmp_val, &opt);
        if dist < min {
            best = Some(if case_sensitive { opt } else { match_case(&opt, val) });
            min = dist;
        }
    }
    best
}

fn match_case(val: &str, orig: &str) -> String {
    if orig == go::to_lower(orig) {
        return go::to_lower(val);
    }
    if orig == go::to_upper(orig) {
        return go::to_upper(val);
    }
    val.to_string()
}

/// The text BuildKit appends to an error when it has a suggestion.
pub(crate) fn suffix(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s}?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("copy", "copy"), 0);
        assert_eq!(levenshtein("cpy", "copy"), 1);
    }

    #[test]
    fn search_matches_case_of_input() {
        let opts = ["add", "copy", "run"];
        assert_eq!(search("COPPY", &opts, false).as_deref(), Some("COPY"));
        assert_eq!(search("coppy", &opts, false).as_deref(), Some("copy"));
        assert_eq!(search("Coppy", &opts, false).as_deref(), Some("copy"));
        assert_eq!(search("FOO", &opts, false), None);
        assert_eq!(search("RUN", &opts, false), None);
        assert_eq!(search("form", &["from", "chown"], true).as_deref(), Some("from"));
    }
}
