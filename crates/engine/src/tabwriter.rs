//! Docker's table layout: a port of the elastic-tabstop rules of Go's `text/tabwriter`
//! as the docker CLI configures it (cells end with `\t`; the last cell of a line is
//! never padded; width is measured in terminal columns).

use unicode_width::UnicodeWidthStr;

/// Lays out `text` (lines of `\t`-terminated cells) with `minwidth` and `padding`.
pub fn layout(text: &str, minwidth: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::with_capacity(text.len() * 2);
    // Column widths are computed per block of consecutive lines that have that column
    // terminated (Go's semantics); docker's tables are rectangular, but `top` and
    // `version` are not, so blocks are honoured.
    let n = lines.len();
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len().saturating_sub(1)]).collect();
    let max_cols = lines.iter().map(|l| l.len().saturating_sub(1)).max().unwrap_or(0);
    for col in 0..max_cols {
        let mut i = 0;
        while i < n {
            if lines[i].len().saturating_sub(1) <= col {
                i += 1;
                continue;
            }
            let start = i;
            let mut w = minwidth;
            while i < n && lines[i].len().saturating_sub(1) > col {
                w = w.max(lines[i][col].width() + padding);
                i += 1;
            }
            for row in widths.iter_mut().take(i).skip(start) {
                row[col] = w;
            }
        }
    }
    for (li, cells) in lines.iter().enumerate() {
        for (ci, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if ci + 1 < cells.len() {
                let pad = widths[li][ci].saturating_sub(cell.width());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if li + 1 < n {
            out.push('\n');
        }
    }
    out
}

/// A table as `docker ... ls` prints it: header + rows, minwidth 10, padding 3.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(header, rows, 10, 3)
}

/// A table with explicit tabwriter settings (`docker top` uses minwidth 20).
pub fn table_with(header: &[&str], rows: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let mut text = header.join("\t");
    for r in rows {
        text.push('\n');
        text.push_str(&r.join("\t"));
    }
    let mut s = layout(&text, minwidth, padding);
    s.push('\n');
    s
}

/// `Ellipsis(s, n)`: first `n-1` columns plus `…` when wider than `n`.
pub fn ellipsis(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        w += cw;
        out.push(ch);
    }
    out.push('…');
    out
}

/// Go's `strconv.Quote` for the strings docker quotes (COMMAND column).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_df_golden() {
        let rows = vec![
            vec!["Images".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
            vec!["Containers".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
            vec!["Local Volumes".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
            vec!["Build Cache".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
        ];
        let t = table(&["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"], &rows);
        assert_eq!(
            t,
            "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n\
             Images          0         0         0B        0B\n\
             Containers      0         0         0B        0B\n\
             Local Volumes   0         0         0B        0B\n\
             Build Cache     0         0         0B        0B\n"
        );
    }

    #[test]
    fn ellipsis_and_quote() {
        assert_eq!(ellipsis("python -m http.server 8888", 20), "python -m http.serv…");
        assert_eq!(
            go_quote(&ellipsis("python -m http.server 8888", 20)),
            "\"python -m http.serv…\""
        );
        assert_eq!(go_quote(""), "\"\"");
    }
}
