//! Text filters: grep, wc, head, tail, sort, uniq, cut, tr, tee, seq, printf.

use dockyard_vfs::{FsError, Node, normalize};

use super::{Ctx, lines};
use crate::args::{Has, Spec};
use crate::regex::{Regex, RegexError};

/// Reads every operand (stdin when none), reporting errors with `report`.
fn read_operand(ctx: &mut Ctx, op: &str) -> Result<String, FsError> {
    ctx.read(op)
}

// ---------------------------------------------------------------- grep

pub(crate) fn egrep(ctx: &mut Ctx, args: &[String]) -> i32 {
    let mut a = vec!["-E".to_string()];
    a.extend_from_slice(args);
    grep(ctx, &a)
}

pub(crate) fn fgrep(ctx: &mut Ctx, args: &[String]) -> i32 {
    let mut a = vec!["-F".to_string()];
    a.extend_from_slice(args);
    grep(ctx, &a)
}

enum Matcher {
    Any(Vec<Regex>),
}

impl Matcher {
    fn exhausted(&self) -> bool {
        let Matcher::Any(v) = self;
        v.iter().any(Regex::exhausted)
    }
    fn is_match(&self, line: &str) -> bool {
        let Matcher::Any(v) = self;
        v.iter().any(|r| r.is_match(line))
    }
    /// Non-overlapping leftmost-longest matches (for -o).
    fn matches(&self, line: &str) -> Vec<String> {
        let Matcher::Any(v) = self;
        let s: Vec<char> = line.chars().collect();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= s.len() {
            let best = v
                .iter()
                .filter_map(|r| r.find_chars(&s, pos))
                .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((st, en)) => {
                    if en > st {
                        out.push(s[st..en].iter().collect());
                        pos = en;
                    } else {
                        pos = st + 1;
                    }
                }
                None => break,
            }
        }
        out
    }
}

pub(crate) fn grep(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "EFGivcnwxoqlLhHrRse:m:A:B:C:",
        &[
            ("extended-regexp", Has::No),
            ("fixed-strings", Has::No),
            ("basic-regexp", Has::No),
            ("ignore-case", Has::No),
            ("invert-match", Has::No),
            ("count", Has::No),
            ("line-number", Has::No),
            ("word-regexp", Has::No),
            ("line-regexp", Has::No),
            ("only-matching", Has::No),
            ("quiet", Has::No),
            ("silent", Has::No),
            ("files-with-matches", Has::No),
            ("files-without-match", Has::No),
            ("no-filename", Has::No),
            ("with-filename", Has::No),
            ("recursive", Has::No),
            ("dereference-recursive", Has::No),
            ("no-messages", Has::No),
            ("regexp", Has::Required),
            ("max-count", Has::Required),
            ("after-context", Has::Required),
            ("before-context", Has::Required),
            ("context", Has::Required),
            ("color", Has::Optional),
            ("colour", Has::Optional),
        ],
    );
    const BB: Spec = Spec::new("HhnlLoqvsrRiwxFEce:m:A:B:C:", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 2) {
        Ok(p) => p,
        Err(c) => return if c == 0 { 0 } else { 2 },
    };
    let mut ops = p.operands.clone();
    let mut patterns = p.values("e");
    patterns.extend(p.values("regexp"));
    if patterns.is_empty() {
        if ops.is_empty() {
            if ctx.gnu() {
                ctx.io
                    .err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
            } else {
                ctx.bb_usage();
            }
            return 2;
        }
        let pat = ops.remove(0);
        patterns = pat.split('\n').map(str::to_string).collect();
    }
    let fixed = p.any(&["F", "fixed-strings"]);
    let ere = p.any(&["E", "extended-regexp"]);
    let icase = p.any(&["i", "ignore-case"]);
    let word = p.any(&["w", "word-regexp"]);
    let whole = p.any(&["x", "line-regexp"]);
    let mut regs = Vec::new();
    for pat in &patterns {
        let r = if fixed && !word && !whole {
            Ok(Regex::literal(pat, icase))
        } else {
            let base = if fixed { escape_literal(pat, ere) } else { pat.clone() };
            let wrapped = if whole {
                if ere {
                    format!("^({base})$")
                } else {
                    format!("^\\({base}\\)$")
                }
            } else if word {
                if ere {
                    format!("\\<({base})\\>")
                } else {
                    format!("\\<\\({base}\\)\\>")
                }
            } else {
                base
            };
            Regex::new(&wrapped, ere, icase)
        };
        match r {
            Ok(r) => regs.push(r),
            Err(e) => {
                report_regex(ctx, pat, &e);
                return 2;
            }
        }
    }
    let m = Matcher::Any(regs);
    let invert = p.any(&["v", "invert-match"]);
    let count = p.any(&["c", "count"]);
    let numbers = p.any(&["n", "line-number"]);
    let only = p.any(&["o", "only-matching"]);
    let quiet = p.any(&["q", "quiet", "silent"]);
    let list = p.any(&["l", "files-with-matches"]);
    let list_not = p.any(&["L", "files-without-match"]);
    let silent_errors = p.any(&["s", "no-messages"]);
    let recursive = p.any(&["r", "R", "recursive", "dereference-recursive"]);
    let max_count: Option<usize> = p.value("m").or(p.value("max-count")).and_then(|v| v.parse().ok());
    let num = |v: Option<&str>| v.and_then(|x| x.parse::<usize>().ok());
    let ctx_both = num(p.value("C").or(p.value("context")));
    let after = num(p.value("A").or(p.value("after-context"))).or(ctx_both).unwrap_or(0);
    let before = num(p.value("B").or(p.value("before-context")))
        .or(ctx_both)
        .unwrap_or(0);
    // Files to search: (shown name, absolute path or "-" for stdin).
    let mut files: Vec<(String, Option<String>)> = Vec::new();
    let mut status_err = false;
    if ops.is_empty() {
        if recursive && ctx.gnu() {
            let cwd = ctx.sys.cwd();
            for (rel, n) in ctx.sys.walk(&cwd) {
                if matches!(n, Node::File { .. }) {
                    files.push((rel.clone(), Some(normalize(&cwd, &rel))));
                }
            }
        } else {
            files.push(("(standard input)".into(), None));
        }
    }
    for op in &ops {
        if op == "-" {
            files.push(("(standard input)".into(), None));
            continue;
        }
        let abs = ctx.path(op);
        if recursive && ctx.sys.is_dir(&abs) {
            for (rel, n) in ctx.sys.walk(&abs) {
                if matches!(n, Node::File { .. }) {
                    files.push((
                        format!("{}/{rel}", op.trim_end_matches('/')),
                        Some(normalize(&abs, &rel)),
                    ));
                }
            }
            continue;
        }
        files.push((op.clone(), Some(abs)));
    }
    let multi = files.len() > 1 || recursive;
    let with_name = if p.any(&["h", "no-filename"]) {
        false
    } else {
        p.any(&["H", "with-filename"]) || multi
    };
    let mut any_selected = false;
    let mut out = String::new();
    for (shown, abs) in &files {
        let text = match abs {
            None => ctx.stdin.to_string(),
            Some(a) => match ctx.sys.read_string(a) {
                Ok(t) => t,
                Err(e) => {
                    if e == FsError::IsADirectory && !ctx.gnu() {
                        // BusyBox silently skips directories.
                        continue;
                    }
                    if !silent_errors {
                        ctx.io.out(std::mem::take(&mut out));
                        ctx.err(format!("{shown}: {}", e.text()));
                    }
                    status_err = true;
                    continue;
                }
            },
        };
        let ls = lines(&text);
        let mut n_sel = 0usize;
        let mut last_printed: Option<usize> = None;
        let mut after_left = 0usize;
        let prefix = |i: usize, sep: char| -> String {
            let mut s = String::new();
            if with_name {
                s.push_str(shown);
                s.push(sep);
            }
            if numbers {
                s.push_str(&(i + 1).to_string());
                s.push(sep);
            }
            s
        };
        let context = (before > 0 || after > 0) && !count && !list && !list_not && !quiet && !only;
        for (i, line) in ls.iter().enumerate() {
            if max_count.is_some_and(|mc| n_sel >= mc) {
                if after_left > 0 && context {
                    // Trailing context after the last allowed match still prints.
                } else {
                    break;
                }
            }
            let selected = m.is_match(line) != invert && max_count.is_none_or(|mc| n_sel < mc);
            if selected {
                n_sel += 1;
                any_selected = true;
                if quiet {
                    break;
                }
                if count || list || list_not {
                    continue;
                }
                if context {
                    let from = i.saturating_sub(before);
                    let from = match last_printed {
                        Some(lp) if lp + 1 > from => lp + 1,
                        Some(lp) => {
                            if lp + 1 < from {
                                out.push_str("--\n");
                            }
                            from
                        }
                        None => from,
                    };
                    for (j, l) in ls.iter().enumerate().take(i).skip(from) {
                        out.push_str(&prefix(j, '-'));
                        out.push_str(l);
                        out.push('\n');
                    }
                }
                if only {
                    if !invert {
                        for mt in m.matches(line) {
                            out.push_str(&prefix(i, ':'));
                            out.push_str(&mt);
                            out.push('\n');
                        }
                    }
                } else {
                    out.push_str(&prefix(i, ':'));
                    out.push_str(line);
                    out.push('\n');
                }
                last_printed = Some(i);
                after_left = after;
            } else if context && after_left > 0 {
                out.push_str(&prefix(i, '-'));
                out.push_str(line);
                out.push('\n');
                last_printed = Some(i);
                after_left -= 1;
            }
        }
        if quiet && any_selected {
            break;
        }
        if count {
            if with_name {
                out.push_str(&format!("{shown}:{n_sel}\n"));
            } else {
                out.push_str(&format!("{n_sel}\n"));
            }
        }
        if list && n_sel > 0 {
            out.push_str(&format!("{shown}\n"));
        }
        if list_not && n_sel == 0 {
            out.push_str(&format!("{shown}\n"));
        }
    }
    if m.exhausted() {
        ctx.err("memory exhausted");
        return 2;
    }
    if !quiet {
        ctx.out(out);
    }
    if quiet && any_selected {
        0
    } else if status_err {
        2
    } else if any_selected {
        0
    } else {
        1
    }
}

fn escape_literal(s: &str, ere: bool) -> String {
    let specials: &[char] = if ere {
        &['.', '[', ']', '\\', '*', '^', '$', '+', '?', '(', ')', '{', '}', '|']
    } else {
        &['.', '[', ']', '\\', '*', '^', '$']
    };
    let mut out = String::new();
    for c in s.chars() {
        if specials.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn report_regex(ctx: &mut Ctx, pat: &str, e: &RegexError) {
    if ctx.gnu() {
        ctx.err(e.gnu_text());
    } else {
        ctx.err(format!("bad regex '{pat}': {}", e.musl_text()));
    }
}

// ---------------------------------------------------------------- wc

#[derive(Default, Clone, Copy)]
struct Counts {
    lines: u64,
    words: u64,
    bytes: u64,
    chars: u64,
    longest: u64,
}

fn count(text: &str) -> Counts {
    Counts {
        lines: text.matches('\n').count() as u64,
        words: text.split_whitespace().count() as u64,
        bytes: text.len() as u64,
        chars: text.chars().count() as u64,
        longest: text.split('\n').map(|l| l.chars().count() as u64).max().unwrap_or(0),
    }
}

pub(crate) fn wc(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "lwcmL",
        &[
            ("lines", Has::No),
            ("words", Has::No),
            ("bytes", Has::No),
            ("chars", Has::No),
            ("max-line-length", Has::No),
        ],
    );
    const BB: Spec = Spec::new("lwcmL", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut want = [
        p.any(&["l", "lines"]),
        p.any(&["w", "words"]),
        p.any(&["m", "chars"]),
        p.any(&["c", "bytes"]),
        p.any(&["L", "max-line-length"]),
    ];
    if !want.iter().any(|x| *x) {
        want = [true, true, false, true, false];
    }
    let nfields = want.iter().filter(|x| **x).count();
    let mut ops = p.operands.clone();
    let stdin_only = ops.is_empty();
    if stdin_only {
        ops.push("-".into());
    }
    let mut status = 0;
    let mut results: Vec<(Counts, Option<String>)> = Vec::new();
    let mut total = Counts::default();
    let mut any_stdin = false;
    let mut out = String::new();
    for op in &ops {
        match read_operand(ctx, op) {
            Ok(t) => {
                let c = count(&t);
                total.lines += c.lines;
                total.words += c.words;
                total.bytes += c.bytes;
                total.chars += c.chars;
                total.longest = total.longest.max(c.longest);
                if op == "-" {
                    any_stdin = true;
                }
                let name = if stdin_only { None } else { Some(op.clone()) };
                results.push((c, name));
            }
            Err(e) => {
                ctx.io.out(std::mem::take(&mut out));
                ctx.err(format!("{op}: {}", e.text()));
                status = 1;
            }
        }
    }
    if ops.len() > 1 {
        results.push((total, Some("total".into())));
    }
    let width = if ctx.gnu() {
        if nfields == 1 && ops.len() == 1 {
            1
        } else if any_stdin {
            7
        } else {
            total.bytes.to_string().len().max(1)
        }
    } else if nfields == 1 {
        0
    } else {
        9
    };
    for (c, name) in results {
        let vals = [c.lines, c.words, c.chars, c.bytes, c.longest];
        let mut parts = Vec::new();
        for (i, v) in vals.iter().enumerate() {
            if want[i] {
                parts.push(format!("{v:>width$}"));
            }
        }
        let mut line = parts.join(" ");
        if let Some(n) = name {
            line.push(' ');
            line.push_str(&n);
        }
        out.push_str(&line);
        out.push('\n');
    }
    ctx.out(out);
    status
}

// ---------------------------------------------------------------- head / tail

/// Rewrites the obsolete `-5` / `+5` forms into `-n 5` / `-n +5`.
fn modernize_count(args: &[String], allow_plus: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if i == 0 && a.len() > 1 && a.starts_with('-') && digits(&a[1..]) {
            out.push("-n".into());
            out.push(a[1..].to_string());
        } else if i == 0 && allow_plus && a.len() > 1 && a.starts_with('+') && digits(&a[1..]) {
            out.push("-n".into());
            out.push(a.clone());
        } else {
            out.push(a.clone());
        }
    }
    out
}

pub(crate) fn head(ctx: &mut Ctx, args: &[String]) -> i32 {
    head_tail(ctx, args, false)
}

pub(crate) fn tail(ctx: &mut Ctx, args: &[String]) -> i32 {
    head_tail(ctx, args, true)
}

fn head_tail(ctx: &mut Ctx, args: &[String], is_tail: bool) -> i32 {
    const GNU_HEAD: Spec = Spec::new(
        "n:c:qv",
        &[
            ("lines", Has::Required),
            ("bytes", Has::Required),
            ("quiet", Has::No),
            ("silent", Has::No),
            ("verbose", Has::No),
        ],
    );
    const GNU_TAIL: Spec = Spec::new(
        "n:c:qvfF",
        &[
            ("lines", Has::Required),
            ("bytes", Has::Required),
            ("quiet", Has::No),
            ("silent", Has::No),
            ("verbose", Has::No),
            ("follow", Has::Optional),
        ],
    );
    const BB_HEAD: Spec = Spec::new("n:c:qv", &[]);
    const BB_TAIL: Spec = Spec::new("n:c:qvfF", &[]);
    let args = modernize_count(args, is_tail);
    let spec = match (ctx.gnu(), is_tail) {
        (true, false) => &GNU_HEAD,
        (true, true) => &GNU_TAIL,
        (false, false) => &BB_HEAD,
        (false, true) => &BB_TAIL,
    };
    let p = match ctx.parse(spec, &args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (spec_val, bytes) = match (p.value("c").or(p.value("bytes")), p.value("n").or(p.value("lines"))) {
        (Some(c), None) => (c.to_string(), true),
        (_, Some(n)) => (n.to_string(), false),
        (None, None) => ("10".to_string(), false),
    };
    // `+N` (tail: from line N), `-N` (head: all but the last N).
    let (from_start, all_but, num_text) = if let Some(r) = spec_val.strip_prefix('+') {
        (true, false, r.to_string())
    } else if let Some(r) = spec_val.strip_prefix('-') {
        (false, true, r.to_string())
    } else {
        (false, false, spec_val.clone())
    };
    let Ok(n) = parse_count(&num_text) else {
        if ctx.gnu() {
            let q = ctx.lq(&spec_val);
            let what = if bytes { "bytes" } else { "lines" };
            ctx.err(format!("invalid number of {what}: {q}"));
        } else {
            ctx.err(format!("invalid number '{spec_val}'"));
        }
        return 1;
    };
    let mut ops = p.operands.clone();
    if ops.is_empty() {
        ops.push("-".into());
    }
    let headers = if p.any(&["q", "quiet", "silent"]) {
        false
    } else {
        p.any(&["v", "verbose"]) || ops.len() > 1
    };
    let mut status = 0;
    let mut first = true;
    let mut any_ok = false;
    for op in &ops {
        let text = match read_operand(ctx, op) {
            Ok(t) => t,
            Err(e) => {
                let prog = if is_tail { "tail" } else { "head" };
                let _ = prog;
                if ctx.gnu() {
                    let q = ctx.sq(op);
                    ctx.err(format!("cannot open {q} for reading: {}", e.text()));
                } else if is_tail {
                    ctx.err(format!("can't open '{op}': {}", e.text()));
                } else {
                    ctx.err(format!("{op}: {}", e.text()));
                }
                status = 1;
                continue;
            }
        };
        any_ok = true;
        let mut out = String::new();
        if headers {
            if !first {
                out.push('\n');
            }
            let name = if op == "-" { "standard input" } else { op.as_str() };
            out.push_str(&format!("==> {name} <==\n"));
        }
        first = false;
        let n = n as usize;
        if bytes {
            let b = text.as_bytes();
            let slice = if is_tail {
                if from_start {
                    &b[(n.saturating_sub(1)).min(b.len())..]
                } else {
                    &b[b.len().saturating_sub(n)..]
                }
            } else if all_but {
                &b[..b.len().saturating_sub(n)]
            } else {
                &b[..n.min(b.len())]
            };
            out.push_str(&String::from_utf8_lossy(slice));
        } else {
            let pieces: Vec<&str> = text.split_inclusive('\n').collect();
            let sel: &[&str] = if is_tail {
                if from_start {
                    &pieces[(n.saturating_sub(1)).min(pieces.len())..]
                } else {
                    &pieces[pieces.len().saturating_sub(n)..]
                }
            } else if all_but {
                &pieces[..pieces.len().saturating_sub(n)]
            } else {
                &pieces[..n.min(pieces.len())]
            };
            for s in sel {
                out.push_str(s);
            }
        }
        ctx.out(out);
    }
    if is_tail && !ctx.gnu() && !any_ok {
        ctx.err("no files");
    }
    status
}

fn parse_count(s: &str) -> Result<u64, ()> {
    let (digits, mult) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        None => (s, 1u64),
        Some((i, _)) => {
            let m = match &s[i..] {
                "b" => 512,
                "k" | "K" | "KiB" => 1024,
                "kB" | "KB" => 1000,
                "M" | "MiB" => 1024 * 1024,
                "MB" => 1000 * 1000,
                "G" | "GiB" => 1024 * 1024 * 1024,
                _ => return Err(()),
            };
            (&s[..i], m)
        }
    };
    if digits.is_empty() {
        return Err(());
    }
    digits.parse::<u64>().map(|v| v.saturating_mul(mult)).map_err(|_| ())
}

// ---------------------------------------------------------------- sort / uniq

/// The leading number of a string as `sort -n` reads it.
fn numeric_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    let b = t.as_bytes();
    if end < b.len() && (b[end] == b'-' || b[end] == b'+') {
        end += 1;
    }
    let mut seen_digit = false;
    while end < b.len() && b[end].is_ascii_digit() {
        end += 1;
        seen_digit = true;
    }
    if end < b.len() && b[end] == b'.' {
        end += 1;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
            seen_digit = true;
        }
    }
    if !seen_digit {
        return 0.0;
    }
    t[..end].parse().unwrap_or(0.0)
}

/// Fields of a line as `sort -k` sees them: by `sep`, or by runs of blanks (each field
/// keeps its leading blanks).
fn sort_fields(line: &str, sep: Option<char>) -> Vec<String> {
    match sep {
        Some(c) => line.split(c).map(str::to_string).collect(),
        None => {
            let mut out = Vec::new();
            let mut cur = String::new();
            let mut in_blank_prefix = true;
            for ch in line.chars() {
                if ch == ' ' || ch == '\t' {
                    if !in_blank_prefix {
                        out.push(std::mem::take(&mut cur));
                        in_blank_prefix = true;
                    }
                    cur.push(ch);
                } else {
                    in_blank_prefix = false;
                    cur.push(ch);
                }
            }
            out.push(cur);
            out
        }
    }
}

pub(crate) fn sort(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "rnufbhk:t:o:s",
        &[
            ("reverse", Has::No),
            ("numeric-sort", Has::No),
            ("unique", Has::No),
            ("ignore-case", Has::No),
            ("ignore-leading-blanks", Has::No),
            ("human-numeric-sort", Has::No),
            ("key", Has::Required),
            ("field-separator", Has::Required),
            ("output", Has::Required),
            ("stable", Has::No),
        ],
    );
    const BB: Spec = Spec::new("rnufbhk:t:o:s", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let reverse = p.any(&["r", "reverse"]);
    let numeric = p.any(&["n", "numeric-sort", "h", "human-numeric-sort"]);
    let unique = p.any(&["u", "unique"]);
    let fold = p.any(&["f", "ignore-case"]);
    let blanks = p.any(&["b", "ignore-leading-blanks"]);
    let stable = p.any(&["s", "stable"]);
    let sep = match p.value("t").or(p.value("field-separator")) {
        Some(t) if t.chars().count() == 1 => t.chars().next(),
        Some(t) => {
            if ctx.gnu() {
                let q = ctx.lq(t);
                ctx.err(format!("multi-character tab {q}"));
                return 2;
            }
            t.chars().next()
        }
        None => None,
    };
    // -k START[,END]: field numbers (character offsets and per-key flags ignored).
    let key = match p.value("k").or(p.value("key")) {
        Some(k) => {
            let field = |s: &str| -> Option<usize> {
                let digits: String = s
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                digits.parse::<usize>().ok().filter(|n| *n > 0)
            };
            let (a, b) = match k.split_once(',') {
                Some((a, b)) => (field(a), Some(field(b))),
                None => (field(k), None),
            };
            match (a, b) {
                (Some(a), None) => Some((a, None)),
                (Some(a), Some(Some(b))) => Some((a, Some(b))),
                _ => {
                    if ctx.gnu() {
                        let q = ctx.lq(k);
                        ctx.err(format!("invalid number at field start: invalid count at start of {q}"));
                    } else {
                        ctx.err(format!("bad field specification '{k}'"));
                    }
                    return 2;
                }
            }
        }
        None => None,
    };
    let mut ops = p.operands.clone();
    if ops.is_empty() {
        ops.push("-".into());
    }
    let mut all: Vec<String> = Vec::new();
    for op in &ops {
        match read_operand(ctx, op) {
            Ok(t) => all.extend(lines(&t).into_iter().map(str::to_string)),
            Err(e) => {
                if ctx.gnu() {
                    ctx.err(format!("cannot read: {op}: {}", e.text()));
                } else {
                    ctx.err(format!("{op}: {}", e.text()));
                }
                return 2;
            }
        }
    }
    let key_of = |line: &str| -> String {
        let mut k = match key {
            None => line.to_string(),
            Some((a, b)) => {
                let f = sort_fields(line, sep);
                let end = b.unwrap_or(f.len()).min(f.len());
                if a > f.len() || a > end {
                    String::new()
                } else {
                    let s = sep.map(|c| c.to_string()).unwrap_or_default();
                    f[a - 1..end].join(&s)
                }
            }
        };
        if blanks || (key.is_some() && sep.is_none()) {
            k = k.trim_start().to_string();
        }
        if fold {
            k = k.to_uppercase();
        }
        k
    };
    let cmp_keys = |a: &str, b: &str| -> std::cmp::Ordering {
        let (ka, kb) = (key_of(a), key_of(b));
        if numeric {
            numeric_prefix(&ka)
                .partial_cmp(&numeric_prefix(&kb))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else {
            ka.as_bytes().cmp(kb.as_bytes())
        }
    };
    all.sort_by(|a, b| {
        let mut o = cmp_keys(a, b);
        if o == std::cmp::Ordering::Equal && !stable && !unique {
            o = a.as_bytes().cmp(b.as_bytes());
        }
        if reverse { o.reverse() } else { o }
    });
    if unique {
        all.dedup_by(|a, b| cmp_keys(a, b) == std::cmp::Ordering::Equal);
    }
    let mut out = String::new();
    for l in all {
        out.push_str(&l);
        out.push('\n');
    }
    if let Some(o) = p.value("o").or(p.value("output")) {
        let abs = ctx.path(o);
        if let Err(e) = ctx.write_file(&abs, &out, false) {
            if ctx.gnu() {
                let q = ctx.sq(o);
                ctx.err(format!("open failed: {q}: {}", e.text()));
            } else {
                ctx.err(format!("can't open '{o}': {}", e.text()));
            }
            return 2;
        }
        return 0;
    }
    ctx.out(out);
    0
}

pub(crate) fn uniq(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "cdui",
        &[
            ("count", Has::No),
            ("repeated", Has::No),
            ("unique", Has::No),
            ("ignore-case", Has::No),
        ],
    );
    const BB: Spec = Spec::new("cdui", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let input = p.operands.first().cloned().unwrap_or_else(|| "-".into());
    let text = match read_operand(ctx, &input) {
        Ok(t) => t,
        Err(e) => {
            if ctx.gnu() {
                ctx.err(format!("{input}: {}", e.text()));
            } else {
                ctx.err(format!("can't open '{input}': {}", e.text()));
            }
            return 1;
        }
    };
    let icase = p.any(&["i", "ignore-case"]);
    let same = |a: &str, b: &str| {
        if icase {
            a.to_lowercase() == b.to_lowercase()
        } else {
            a == b
        }
    };
    let mut groups: Vec<(String, usize)> = Vec::new();
    for l in lines(&text) {
        match groups.last_mut() {
            Some((g, n)) if same(g, l) => *n += 1,
            _ => groups.push((l.to_string(), 1)),
        }
    }
    let mut out = String::new();
    for (l, n) in groups {
        if p.any(&["d", "repeated"]) && n < 2 {
            continue;
        }
        if p.any(&["u", "unique"]) && n > 1 {
            continue;
        }
        if p.any(&["c", "count"]) {
            out.push_str(&format!("{n:>7} {l}\n"));
        } else {
            out.push_str(&l);
            out.push('\n');
        }
    }
    if let Some(o) = p.operands.get(1) {
        let abs = ctx.path(o);
        if let Err(e) = ctx.write_file(&abs, &out, false) {
            ctx.err(format!("{o}: {}", e.text()));
            return 1;
        }
        return 0;
    }
    ctx.out(out);
    0
}

// ---------------------------------------------------------------- cut

/// A list like `1,3-5,7-`: inclusive 1-based ranges.
fn parse_list(s: &str) -> Option<Vec<(usize, usize)>> {
    let mut v = Vec::new();
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => {
                let a = if a.is_empty() { 1 } else { a.parse().ok()? };
                let b = if b.is_empty() { usize::MAX } else { b.parse().ok()? };
                (a, b)
            }
            None => {
                let n: usize = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || b < a {
            return None;
        }
        v.push((a, b));
    }
    Some(v)
}

pub(crate) fn cut(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "b:c:d:f:s",
        &[
            ("bytes", Has::Required),
            ("characters", Has::Required),
            ("delimiter", Has::Required),
            ("fields", Has::Required),
            ("only-delimited", Has::No),
            ("complement", Has::No),
            ("output-delimiter", Has::Required),
        ],
    );
    const BB: Spec = Spec::new("b:c:d:f:s", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let fields = p.value("f").or(p.value("fields"));
    let chars = p
        .value("c")
        .or(p.value("characters"))
        .or(p.value("b"))
        .or(p.value("bytes"));
    let list_text = match (fields, chars) {
        (Some(f), _) => f.to_string(),
        (None, Some(c)) => c.to_string(),
        (None, None) => {
            if ctx.gnu() {
                let t = ctx.try_help();
                ctx.err("you must specify a list of bytes, characters, or fields");
                ctx.io.err(t);
            } else {
                ctx.err("expected a list of bytes, characters, or fields");
            }
            return 1;
        }
    };
    let Some(list) = parse_list(&list_text) else {
        if ctx.gnu() {
            let t = ctx.try_help();
            let q = ctx.lq(&list_text);
            ctx.err(format!("invalid field value {q}"));
            ctx.io.err(t);
        } else {
            ctx.err(format!("invalid number '{list_text}'"));
        }
        return 1;
    };
    let delim = match p.value("d").or(p.value("delimiter")) {
        Some(d) if d.chars().count() == 1 => d.chars().next().unwrap_or('\t'),
        Some(d) => {
            if ctx.gnu() {
                let t = ctx.try_help();
                ctx.err("the delimiter must be a single character");
                ctx.io.err(t);
                return 1;
            }
            d.chars().next().unwrap_or('\t')
        }
        None => '\t',
    };
    let out_delim = p
        .value("output-delimiter")
        .map(str::to_string)
        .unwrap_or_else(|| delim.to_string());
    let complement = p.has("complement");
    let only_delim = p.any(&["s", "only-delimited"]);
    let in_list = |i: usize| list.iter().any(|&(a, b)| a <= i && i <= b) != complement;
    let mut ops = p.operands.clone();
    if ops.is_empty() {
        ops.push("-".into());
    }
    let mut status = 0;
    let mut out = String::new();
    for op in &ops {
        let text = match read_operand(ctx, op) {
            Ok(t) => t,
            Err(e) => {
                ctx.io.out(std::mem::take(&mut out));
                ctx.err(format!("{op}: {}", e.text()));
                status = 1;
                continue;
            }
        };
        for line in lines(&text) {
            if fields.is_some() {
                if !line.contains(delim) {
                    if !only_delim {
                        out.push_str(line);
                        out.push('\n');
                    }
                    continue;
                }
                let sel: Vec<&str> = line
                    .split(delim)
                    .enumerate()
                    .filter(|(i, _)| in_list(i + 1))
                    .map(|(_, f)| f)
                    .collect();
                out.push_str(&sel.join(&out_delim));
            } else {
                let sel: String = line
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| in_list(i + 1))
                    .map(|(_, c)| c)
                    .collect();
                out.push_str(&sel);
            }
            out.push('\n');
        }
    }
    ctx.out(out);
    status
}

// ---------------------------------------------------------------- tr

/// Expands a `tr` set: ranges, classes, escapes.
fn tr_set(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let esc = |c: char| match c {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '\\' => '\\',
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'v' => '\x0b',
        '0' => '\0',
        c => c,
    };
    while i < chars.len() {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                let class = &rest[..end];
                let set: Vec<char> = match class {
                    "lower" => ('a'..='z').collect(),
                    "upper" => ('A'..='Z').collect(),
                    "digit" => ('0'..='9').collect(),
                    "alpha" => ('A'..='Z').chain('a'..='z').collect(),
                    "alnum" => ('0'..='9').chain('A'..='Z').chain('a'..='z').collect(),
                    "space" => vec![' ', '\t', '\n', '\r', '\x0b', '\x0c'],
                    "blank" => vec![' ', '\t'],
                    "punct" => (0u8..128)
                        .map(char::from)
                        .filter(|c| c.is_ascii_punctuation())
                        .collect(),
                    "xdigit" => ('0'..='9').chain('A'..='F').chain('a'..='f').collect(),
                    _ => Vec::new(),
                };
                out.extend(set);
                i += 2 + end + 2;
                continue;
            }
        }
        let c = if chars[i] == '\\' && i + 1 < chars.len() {
            i += 1;
            esc(chars[i])
        } else {
            chars[i]
        };
        if chars.get(i + 1) == Some(&'-') && i + 2 < chars.len() {
            let hi = if chars[i + 2] == '\\' && i + 3 < chars.len() {
                i += 1;
                esc(chars[i + 2])
            } else {
                chars[i + 2]
            };
            if hi >= c {
                let n = (hi as u32 - c as u32).min(0x10000);
                out.extend((0..=n).filter_map(|k| char::from_u32(c as u32 + k)));
            }
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

pub(crate) fn tr(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "cCdst",
        &[
            ("complement", Has::No),
            ("delete", Has::No),
            ("squeeze-repeats", Has::No),
            ("truncate-set1", Has::No),
        ],
    );
    const BB: Spec = Spec::new("cCdst", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let delete = p.any(&["d", "delete"]);
    let squeeze = p.any(&["s", "squeeze-repeats"]);
    let complement = p.any(&["c", "C", "complement"]);
    let ops = &p.operands;
    if ops.is_empty() {
        return ctx.missing_operand("missing operand");
    }
    let need_two = !delete && !squeeze;
    if need_two && ops.len() < 2 {
        if ctx.gnu() {
            let q = ctx.lq(&ops[0]);
            let t = ctx.try_help();
            ctx.err(format!("missing operand after {q}"));
            ctx.io.err(format!("Two strings must be given when translating.\n{t}"));
            return 1;
        }
        // BusyBox with one set and no -d/-s copies its input.
        let input = ctx.stdin;
        ctx.out(input);
        return 0;
    }
    let set1 = tr_set(&ops[0]);
    let set2 = ops.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let in1 = |c: char| set1.contains(&c) != complement;
    let two = ops.len() >= 2;
    let mut out = String::new();
    let mut last: Option<char> = None;
    for c in ctx.stdin.chars() {
        let m = if delete {
            if in1(c) {
                continue;
            }
            c
        } else if two {
            if complement {
                if in1(c) { set2.last().copied().unwrap_or(c) } else { c }
            } else {
                match set1.iter().rposition(|&x| x == c) {
                    Some(i) => set2.get(i).or(set2.last()).copied().unwrap_or(c),
                    None => c,
                }
            }
        } else {
            c
        };
        if squeeze {
            let in_sq = if two { set2.contains(&m) } else { in1(m) };
            if in_sq && last == Some(m) {
                continue;
            }
        }
        last = Some(m);
        out.push(m);
    }
    ctx.out(out);
    0
}

// ---------------------------------------------------------------- tee

pub(crate) fn tee(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("ai", &[("append", Has::No), ("ignore-interrupts", Has::No)]);
    const BB: Spec = Spec::new("ai", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let append = p.any(&["a", "append"]);
    let data = ctx.stdin.to_string();
    let mut status = 0;
    for op in &p.operands {
        let abs = ctx.path(op);
        if let Err(e) = ctx.write_file(&abs, &data, append) {
            ctx.err(format!("{op}: {}", e.text()));
            status = 1;
        }
    }
    ctx.out(data);
    status
}

// ---------------------------------------------------------------- seq

pub(crate) fn seq(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("s:w", &[("separator", Has::Required), ("equal-width", Has::No)]);
    const BB: Spec = Spec::new("s:w", &[]);
    // Negative numbers are operands, not options.
    let neg = |a: &String| {
        a.len() > 1 && a.starts_with('-') && a[1..].chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
    };
    let (opt_args, nums): (Vec<String>, Vec<String>) = {
        let mut o = Vec::new();
        let mut n = Vec::new();
        let mut it = args.iter().peekable();
        while let Some(a) = it.next() {
            if neg(a) {
                n.push(a.clone());
            } else if a == "-s" {
                o.push(a.clone());
                if let Some(v) = it.next() {
                    o.push(v.clone());
                }
            } else if a.starts_with('-') && a.len() > 1 {
                o.push(a.clone());
            } else {
                n.push(a.clone());
            }
        }
        (o, n)
    };
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, &opt_args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut all = p.operands.clone();
    all.extend(nums);
    if all.is_empty() || all.len() > 3 {
        if ctx.gnu() {
            if all.is_empty() {
                return ctx.missing_operand("missing operand");
            }
            let q = ctx.lq(&all[3]);
            return ctx.missing_operand(&format!("extra operand {q}"));
        }
        ctx.bb_usage();
        return 1;
    }
    let mut vals = Vec::new();
    let mut decimals = 0usize;
    for a in &all {
        match a.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                vals.push(v);
                if let Some((_, frac)) = a.split_once('.') {
                    decimals = decimals.max(frac.len());
                }
            }
            _ => {
                if ctx.gnu() {
                    let q = ctx.lq(a);
                    let t = ctx.try_help();
                    ctx.err(format!("invalid floating point argument: {q}"));
                    ctx.io.err(t);
                } else {
                    ctx.bb_usage();
                }
                return 1;
            }
        }
    }
    let (first, inc, last) = match vals.len() {
        1 => (1.0, 1.0, vals[0]),
        2 => (vals[0], 1.0, vals[1]),
        _ => (vals[0], vals[1], vals[2]),
    };
    if inc == 0.0 {
        if ctx.gnu() {
            let q = ctx.lq(&all[1]);
            let t = ctx.try_help();
            ctx.err(format!("invalid Zero increment value: {q}"));
            ctx.io.err(t);
        } else {
            ctx.bb_usage();
        }
        return 1;
    }
    let sep = p.value("s").or(p.value("separator")).unwrap_or("\n").to_string();
    let fmt = |v: f64| format!("{v:.decimals$}");
    let width = if p.any(&["w", "equal-width"]) {
        fmt(first).len().max(fmt(last).len())
    } else {
        0
    };
    let mut items = Vec::new();
    let mut k = 0u64;
    loop {
        let v = first + inc * k as f64;
        if (inc > 0.0 && v > last + 1e-9) || (inc < 0.0 && v < last - 1e-9) || items.len() >= 100_000 {
            break;
        }
        let s = fmt(v);
        items.push(if width > 0 { format!("{s:0>width$}") } else { s });
        k += 1;
    }
    if !items.is_empty() {
        ctx.out(format!("{}\n", items.join(&sep)));
    }
    0
}

// ---------------------------------------------------------------- printf

/// Decodes backslash escapes as printf's format and `%b` do. Returns the text and whether
/// `\c` asked to stop all output.
pub(crate) fn unescape(s: &str, in_b: bool) -> (String, bool) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let e = chars[i];
        i += 1;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            'e' | 'E' => out.push('\x1b'),
            '\\' => out.push('\\'),
            '"' if !in_b => out.push('"'),
            'c' => return (out, true),
            'x' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && i < chars.len() && chars[i].is_ascii_hexdigit() {
                    v = v * 16 + chars[i].to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.push_str("\\x");
                } else if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                }
            }
            '0'..='7' => {
                // printf: \NNN (up to 3 digits); %b and echo: \0NNN.
                let mut v = if in_b && e == '0' {
                    0
                } else {
                    e.to_digit(8).unwrap_or(0)
                };
                let max = if in_b && e == '0' { 3 } else { 2 };
                let mut n = 0;
                while n < max && i < chars.len() && chars[i].is_digit(8) {
                    v = v * 8 + chars[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if in_b && e != '0' {
                    out.push('\\');
                    out.push(e);
                    continue;
                }
                if let Some(ch) = char::from_u32(v & 0xff) {
                    out.push(ch);
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

/// Parses a printf numeric argument: decimal, 0x hex, 0 octal, 'c (character code).
fn printf_int(a: &str) -> Option<i64> {
    let t = a.trim();
    if let Some(r) = t.strip_prefix('\'').or(t.strip_prefix('"')) {
        return Some(r.chars().next().map(|c| c as i64).unwrap_or(0));
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else {
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

/// Formats `printf FORMAT ARGS...`: the output, the errors (bad numbers, as `arg`), and
/// whether `\c` stopped output.
pub(crate) fn printf_format(fmt: &str, args: &[String]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut bad = Vec::new();
    let mut ai = 0usize;
    let chars: Vec<char> = fmt.chars().collect();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let mut i = 0;
        let mut consumed = false;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let mut j = i + 1;
                // Take the whole escape for `unescape`.
                if j < chars.len() {
                    j += 1;
                    if chars[j - 1] == 'x' {
                        while j < chars.len() && j < i + 4 && chars[j].is_ascii_hexdigit() {
                            j += 1;
                        }
                    } else if chars[j - 1].is_digit(8) {
                        while j < chars.len() && j < i + 4 && chars[j].is_digit(8) {
                            j += 1;
                        }
                    }
                }
                let piece: String = chars[i..j].iter().collect();
                let (s, stop) = unescape(&piece, false);
                out.push_str(&s);
                if stop {
                    return (out, bad);
                }
                i = j;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            if chars.get(i + 1) == Some(&'%') {
                out.push('%');
                i += 2;
                continue;
            }
            // %[flags][width][.prec]conv
            let mut j = i + 1;
            let mut flags = String::new();
            while j < chars.len() && "-+ 0#".contains(chars[j]) {
                flags.push(chars[j]);
                j += 1;
            }
            let mut width = String::new();
            if chars.get(j) == Some(&'*') {
                let a = args.get(ai).cloned().unwrap_or_default();
                ai += 1;
                consumed = true;
                width = printf_int(&a).unwrap_or(0).to_string();
                j += 1;
            } else {
                while j < chars.len() && chars[j].is_ascii_digit() {
                    width.push(chars[j]);
                    j += 1;
                }
            }
            let mut prec: Option<usize> = None;
            if chars.get(j) == Some(&'.') {
                j += 1;
                let mut p = String::new();
                while j < chars.len() && chars[j].is_ascii_digit() {
                    p.push(chars[j]);
                    j += 1;
                }
                prec = Some(p.parse().unwrap_or(0));
            }
            let Some(&conv) = chars.get(j) else {
                let rest: String = chars[i..].iter().collect();
                out.push_str(&rest);
                break;
            };
            j += 1;
            let arg = args.get(ai).cloned();
            let left = flags.contains('-');
            let zero = flags.contains('0') && !left;
            let w: usize = width.trim_start_matches('-').parse().unwrap_or(0).min(10_000);
            let left = left || width.starts_with('-');
            let pad = |s: String, numeric: bool| -> String {
                if s.chars().count() >= w {
                    s
                } else if left {
                    format!("{s:<w$}")
                } else if zero && numeric {
                    let (sign, digits) = match s.strip_prefix('-') {
                        Some(d) => ("-", d),
                        None => ("", &s[..]),
                    };
                    format!("{sign}{digits:0>width$}", width = w - sign.len())
                } else {
                    format!("{s:>w$}")
                }
            };
            let piece = match conv {
                's' => {
                    ai += 1;
                    consumed = true;
                    let mut s = arg.unwrap_or_default();
                    if let Some(p) = prec {
                        s = s.chars().take(p).collect();
                    }
                    pad(s, false)
                }
                'b' => {
                    ai += 1;
                    consumed = true;
                    let (s, stop) = unescape(&arg.unwrap_or_default(), true);
                    if stop {
                        out.push_str(&pad(s, false));
                        return (out, bad);
                    }
                    pad(s, false)
                }
                'c' => {
                    ai += 1;
                    consumed = true;
                    pad(
                        arg.unwrap_or_default()
                            .chars()
                            .next()
                            .map(String::from)
                            .unwrap_or_default(),
                        false,
                    )
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    ai += 1;
                    consumed = true;
                    let a = arg.unwrap_or_default();
                    let v = if a.is_empty() {
                        0
                    } else {
                        match printf_int(&a) {
                            Some(v) => v,
                            None => {
                                bad.push(a.clone());
                                // The valid prefix counts, as in C.
                                let digits: String =
                                    a.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
                                digits.parse().unwrap_or(0)
                            }
                        }
                    };
                    let mut s = match conv {
                        'x' => format!("{:x}", v),
                        'X' => format!("{:X}", v),
                        'o' => format!("{:o}", v),
                        'u' => (v as u64).to_string(),
                        _ => v.to_string(),
                    };
                    if flags.contains('+') && v >= 0 && matches!(conv, 'd' | 'i') {
                        s.insert(0, '+');
                    }
                    if let Some(p) = prec
                        && s.trim_start_matches('-').len() < p
                    {
                        let neg = s.starts_with('-');
                        let d = s.trim_start_matches('-');
                        s = format!("{}{d:0>p$}", if neg { "-" } else { "" });
                    }
                    pad(s, true)
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    ai += 1;
                    consumed = true;
                    let a = arg.unwrap_or_default();
                    let v: f64 = if a.is_empty() {
                        0.0
                    } else {
                        match a.trim().parse() {
                            Ok(v) => v,
                            Err(_) => {
                                bad.push(a.clone());
                                0.0
                            }
                        }
                    };
                    let p = prec.unwrap_or(6).min(50);
                    let s = match conv {
                        'e' | 'E' => {
                            let s = format!("{v:.p$e}");
                            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                            let ev: i32 = e.parse().unwrap_or(0);
                            let r = format!("{m}e{}{:02}", if ev < 0 { '-' } else { '+' }, ev.abs());
                            if conv == 'E' { r.to_uppercase() } else { r }
                        }
                        'g' | 'G' => {
                            let s = format!("{v}");
                            if conv == 'G' { s.to_uppercase() } else { s }
                        }
                        _ => format!("{v:.p$}"),
                    };
                    pad(s, true)
                }
                other => {
                    // An invalid conversion is printed as written.
                    format!("%{flags}{width}{other}")
                }
            };
            out.push_str(&piece);
            i = j;
        }
        if !consumed || ai >= args.len() || rounds > 10_000 {
            break;
        }
    }
    (out, bad)
}

pub(crate) fn printf(ctx: &mut Ctx, args: &[String]) -> i32 {
    let args: Vec<String> = if args.first().is_some_and(|a| a == "--") {
        args[1..].to_vec()
    } else {
        args.to_vec()
    };
    let Some(fmt) = args.first() else {
        if ctx.gnu() {
            return ctx.missing_operand("missing operand");
        }
        ctx.bb_usage();
        return 1;
    };
    let (out, bad) = printf_format(fmt, &args[1..]);
    ctx.out(out);
    for b in &bad {
        if ctx.gnu() {
            let q = ctx.lq(b);
            ctx.err(format!("{q}: expected a numeric value"));
        } else {
            ctx.err(format!("invalid number '{b}'"));
        }
    }
    i32::from(!bad.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn printf_formats() {
        assert_eq!(printf_format("%s-%d\\n", &s(&["a", "5", "b", "6"])).0, "a-5\nb-6\n");
        assert_eq!(
            printf_format("%5s|%-5s|%05d", &s(&["ab", "cd", "42"])).0,
            "   ab|cd   |00042"
        );
        assert_eq!(printf_format("%x %o %c %%", &s(&["255", "8", "hello"])).0, "ff 10 h %");
        assert_eq!(printf_format("%.2f", &s(&["3.14159"])).0, "3.14");
        assert_eq!(printf_format("%b", &s(&["a\\tb"])).0, "a\tb");
        assert_eq!(printf_format("%d", &s(&["x"])).1, vec!["x".to_string()]);
        assert_eq!(printf_format("no args\\n", &[]).0, "no args\n");
    }

    #[test]
    fn tr_sets() {
        assert_eq!(tr_set("a-e"), vec!['a', 'b', 'c', 'd', 'e']);
        assert_eq!(tr_set("[:digit:]").len(), 10);
        assert_eq!(tr_set("\\n"), vec!['\n']);
    }

    #[test]
    fn lists() {
        assert_eq!(parse_list("1,3-4,6-"), Some(vec![(1, 1), (3, 4), (6, usize::MAX)]));
        assert_eq!(parse_list("0"), None);
        assert_eq!(numeric_prefix("  42abc"), 42.0);
        assert_eq!(numeric_prefix("-3.5"), -3.5);
        assert_eq!(numeric_prefix("x"), 0.0);
    }
}
