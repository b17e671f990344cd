//! BuildKit's source snippet for errors (`solver/errdefs/source.go` `Source.Print`).
//!
//! ```text
//! Dockerfile:3
//! --------------------
//!    1 |     FROM alpine
//!    2 |     WORKDIR /app
//!    3 | >>> RUNN make
//!    4 |     COPY . .
//!    5 |
//! --------------------
//! ```
//!
//! The error lines are marked `>>>`. Context is added alternately before and after the error
//! range until a budget is used up: the budget is 4 for a single-line error and 2 otherwise,
//! and every round costs one extra, so a single line gets up to 2 lines of context on each side
//! and a longer range up to 1.

use crate::error::LineRange;

/// The snippet for `lines` of the file named `Dockerfile`.
pub fn source_snippet(src: &str, lines: LineRange) -> String {
    source_snippet_named("Dockerfile", src, &[lines])
}

/// The snippet for one or more ranges of the file `filename`. Returns an empty string when the
/// ranges are empty or start outside the file, as BuildKit prints nothing then.
pub fn source_snippet_named(filename: &str, src: &str, ranges: &[LineRange]) -> String {
    let lines: Vec<&str> = src.split('\n').collect();
    let Some(first) = ranges.first() else {
        return String::new();
    };
    let mut start = first.start;
    let mut end = first.end.max(first.start);
    for r in ranges {
        start = start.min(r.start);
        end = end.max(r.end.max(r.start));
    }
    if start > lines.len() || start < 1 {
        return String::new();
    }
    if end > lines.len() {
        end = lines.len();
    }
    let pad = if end == start { 4 } else { 2 };
    let mut p = 0;
    let pre_pad_start = start;
    while p < pad {
        if start > 1 {
            start -= 1;
            p += 1;
        }
        if end != lines.len() {
            end += 1;
            p += 1;
        }
        p += 1;
    }
    let mut out = format!("{filename}:{pre_pad_start}\n--------------------\n");
    for i in start..=end {
        let pfx = if ranges.iter().any(|r| r.contains(i)) {
            ">>>"
        } else {
            "   "
        };
        out.push_str(&format!(" {i:3} | {pfx} {}\n", lines[i - 1]));
    }
    out.push_str("--------------------\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "FROM alpine\nWORKDIR /app\nCOPY a b\nRUN make\nCOPY . .\nCMD x\nEXPOSE 1\n";

    #[test]
    fn single_line_gets_two_lines_of_context() {
        let s = source_snippet(SRC, LineRange::line(4));
        assert_eq!(
            s,
            "Dockerfile:4\n--------------------\n   2 |     WORKDIR /app\n   3 |     COPY a b\n   4 | >>> RUN make\n   5 |     COPY . .\n   6 |     CMD x\n--------------------\n"
        );
    }

    #[test]
    fn multi_line_gets_one_line_of_context() {
        let s = source_snippet(SRC, LineRange::new(3, 4));
        assert_eq!(
            s,
            "Dockerfile:3\n--------------------\n   2 |     WORKDIR /app\n   3 | >>> COPY a b\n   4 | >>> RUN make\n   5 |     COPY . .\n--------------------\n"
        );
    }

    #[test]
    fn first_line_takes_context_after() {
        let s = source_snippet(SRC, LineRange::line(1));
        assert_eq!(
            s,
            "Dockerfile:1\n--------------------\n   1 | >>> FROM alpine\n   2 |     WORKDIR /app\n   3 |     COPY a b\n--------------------\n"
        );
        let s = source_snippet(SRC, LineRange::line(2));
        assert_eq!(
            s,
            "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> WORKDIR /app\n   3 |     COPY a b\n   4 |     RUN make\n--------------------\n"
        );
    }

    #[test]
    fn last_line_and_trailing_newline() {
        // The file ends with a newline, so there is an empty line 8.
        let s = source_snippet(SRC, LineRange::line(7));
        assert_eq!(
            s,
            "Dockerfile:7\n--------------------\n   5 |     COPY . .\n   6 |     CMD x\n   7 | >>> EXPOSE 1\n   8 |     \n--------------------\n"
        );
    }

    #[test]
    fn out_of_range_prints_nothing() {
        assert_eq!(source_snippet(SRC, LineRange::line(0)), "");
        assert_eq!(source_snippet(SRC, LineRange::line(20)), "");
        assert_eq!(source_snippet_named("Dockerfile", SRC, &[]), "");
    }

    #[test]
    fn buildkit_example_layout() {
        let mut src = String::new();
        for i in 1..=172 {
            let line = match i {
                168 => "ADD web /opt/web",
                169 => "ADD map /opt/map",
                170 => "ADD deployment /deployment",
                171 => "",
                172 => "EXPOSE 8080",
                _ => "RUN true",
            };
            src.push_str(line);
            src.push('\n');
        }
        let s = source_snippet(&src, LineRange::line(170));
        assert_eq!(
            s,
            "Dockerfile:170\n--------------------\n 168 |     ADD web /opt/web\n 169 |     ADD map /opt/map\n 170 | >>> ADD deployment /deployment\n 171 |     \n 172 |     EXPOSE 8080\n--------------------\n"
        );
    }
}
