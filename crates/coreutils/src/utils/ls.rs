//! `ls`: columns on a terminal (GNU's and BusyBox's layouts differ), one name per line when
//! piped, and the long format of each.

use dockyard_vfs::{Node, normalize, parent};

use super::{Ctx, blocks_k, human, shell_quote};
use crate::args::{Has, Spec};
use crate::time;

const GNU: Spec = Spec::new(
    "aAlRdhFprtSC1nw:",
    &[
        ("all", Has::No),
        ("almost-all", Has::No),
        ("recursive", Has::No),
        ("directory", Has::No),
        ("human-readable", Has::No),
        ("classify", Has::Optional),
        ("reverse", Has::No),
        ("numeric-uid-gid", Has::No),
        ("width", Has::Required),
        ("color", Has::Optional),
        ("group-directories-first", Has::No),
    ],
);
const BUSYBOX: Spec = Spec::new(
    "1AaCdRFplnhrStw:",
    &[("color", Has::Optional), ("group-directories-first", Has::No)],
);

struct Opts {
    all: bool,
    almost: bool,
    long: bool,
    recursive: bool,
    dirs_as_files: bool,
    human: bool,
    classify: bool,
    slash: bool,
    reverse: bool,
    by_time: bool,
    by_size: bool,
    one: bool,
    columns: bool,
    numeric: bool,
    width: usize,
    group_dirs: bool,
}

/// One name to show.
struct Entry {
    name: String,
    path: String,
    node: Node,
}

pub(crate) fn ls(ctx: &mut Ctx, args: &[String]) -> i32 {
    let spec = if ctx.gnu() { &GNU } else { &BUSYBOX };
    let p = match ctx.parse(spec, args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let width = match p.value("w").or(p.value("width")) {
        Some(w) => match w.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                if ctx.gnu() {
                    let q = ctx.lq(w);
                    ctx.err(format!("invalid line width: {q}"));
                    return 2;
                }
                ctx.err(format!("invalid number '{w}'"));
                return 1;
            }
        },
        None => 80,
    };
    // The last of -1 / -C / -l decides the layout; -l wins over both when given.
    let one_pos = p.last_pos("1");
    let col_pos = p.last_pos("C");
    let o = Opts {
        all: p.any(&["a", "all"]),
        almost: p.any(&["A", "almost-all"]),
        long: p.any(&["l", "n", "numeric-uid-gid"]),
        recursive: p.any(&["R", "recursive"]),
        dirs_as_files: p.any(&["d", "directory"]),
        human: p.any(&["h", "human-readable"]),
        classify: p.any(&["F", "classify"]),
        slash: p.has("p"),
        reverse: p.any(&["r", "reverse"]),
        by_time: p.has("t"),
        by_size: p.has("S"),
        one: one_pos > col_pos,
        columns: col_pos > one_pos,
        numeric: p.any(&["n", "numeric-uid-gid"]),
        width: if width == 0 { usize::MAX } else { width },
        group_dirs: p.has("group-directories-first"),
    };
    let mut operands = p.operands.clone();
    if operands.is_empty() {
        operands.push(".".into());
    }
    let mut status = 0;
    let mut files: Vec<Entry> = Vec::new();
    let mut dirs: Vec<Entry> = Vec::new();
    for op in &operands {
        let abs = ctx.path(op);
        let Some(lnode) = ctx.sys.lstat(&abs) else {
            if ctx.gnu() {
                let q = shell_quote(op);
                ctx.err(format!("cannot access {q}: No such file or directory"));
                status = 2;
            } else {
                ctx.err(format!("{op}: No such file or directory"));
                status = 1;
            }
            continue;
        };
        // A symlink named on the command line is followed unless the long format shows it.
        let node = match &lnode {
            Node::Symlink { .. } if !o.long && !o.dirs_as_files && !o.classify => {
                ctx.sys.stat(&abs).unwrap_or(lnode.clone())
            }
            _ => lnode.clone(),
        };
        let e = Entry {
            name: op.clone(),
            path: abs,
            node,
        };
        if matches!(e.node, Node::Dir { .. }) && !o.dirs_as_files {
            dirs.push(e);
        } else {
            files.push(Entry { node: lnode, ..e });
        }
    }
    sort_entries(ctx, &mut files, &o);
    sort_entries(ctx, &mut dirs, &o);
    let mut first = true;
    if !files.is_empty() {
        show(ctx, &files, &o, false);
        first = false;
    }
    let many = operands.len() > 1 || o.recursive;
    for d in dirs {
        list_dir(ctx, &d.name, &d.path, &o, many, &mut first, 0);
    }
    status
}

fn list_dir(ctx: &mut Ctx, shown: &str, abs: &str, o: &Opts, header: bool, first: &mut bool, depth: usize) {
    if depth > 64 {
        return;
    }
    if header {
        if !*first {
            ctx.out("\n");
        }
        ctx.out(format!("{shown}:\n"));
    }
    *first = false;
    let mut entries: Vec<Entry> = Vec::new();
    if o.all {
        entries.push(Entry {
            name: ".".into(),
            path: abs.to_string(),
            node: ctx.sys.stat(abs).unwrap_or_else(Node::dir),
        });
        let par = parent(abs).to_string();
        entries.push(Entry {
            name: "..".into(),
            node: ctx.sys.stat(&par).unwrap_or_else(Node::dir),
            path: par,
        });
    }
    match ctx.sys.list(abs) {
        Ok(list) => {
            for (name, node) in list {
                if name.starts_with('.') && !o.all && !o.almost {
                    continue;
                }
                entries.push(Entry {
                    path: normalize(abs, &name),
                    name,
                    node,
                });
            }
        }
        Err(e) => {
            let q = if ctx.gnu() {
                shell_quote(shown)
            } else {
                shown.to_string()
            };
            ctx.err(format!("cannot open directory {q}: {}", e.text()));
            return;
        }
    }
    sort_entries(ctx, &mut entries, o);
    if o.long {
        let total: u64 = entries.iter().map(|e| blocks_k(&e.node)).sum();
        let t = if o.human && ctx.gnu() {
            human(total * 1024)
        } else {
            total.to_string()
        };
        ctx.out(format!("total {t}\n"));
    }
    show(ctx, &entries, o, true);
    if o.recursive {
        for e in &entries {
            if matches!(e.node, Node::Dir { .. }) && e.name != "." && e.name != ".." {
                let child = if shown == "/" {
                    format!("/{}", e.name)
                } else {
                    format!("{}/{}", shown.trim_end_matches('/'), e.name)
                };
                list_dir(ctx, &child, &e.path, o, true, first, depth + 1);
            }
        }
    }
}

fn mtime(ctx: &Ctx, path: &str) -> i64 {
    ctx.sys.mtime(path).unwrap_or_else(|| ctx.sys.now())
}

fn sort_entries(ctx: &Ctx, v: &mut [Entry], o: &Opts) {
    v.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    if o.by_size {
        v.sort_by_key(|e| {
            std::cmp::Reverse(if matches!(e.node, Node::Dir { .. }) {
                4096
            } else {
                e.node.size()
            })
        });
    } else if o.by_time {
        v.sort_by_key(|e| std::cmp::Reverse(mtime(ctx, &e.path)));
    }
    if o.reverse {
        v.reverse();
    }
    if o.group_dirs {
        v.sort_by_key(|e| !matches!(e.node, Node::Dir { .. }));
    }
}

fn is_exec(node: &Node) -> bool {
    matches!(node, Node::File { mode, .. } if mode & 0o111 != 0)
}

fn suffix(node: &Node, o: &Opts) -> &'static str {
    match node {
        Node::Dir { .. } if o.classify || o.slash => "/",
        Node::Symlink { .. } if o.classify && !o.long => "@",
        n if o.classify && is_exec(n) => "*",
        _ => "",
    }
}

/// GNU quotes names with special characters on a terminal ('my file').
fn needs_quotes(name: &str) -> bool {
    name.chars().any(|c| " \t\n'\"$`\\!*?[]{}()<>|&;#~".contains(c))
}

fn display_name(ctx: &Ctx, name: &str) -> String {
    if ctx.gnu() && ctx.tty && needs_quotes(name) {
        shell_quote(name)
    } else {
        name.to_string()
    }
}

fn show(ctx: &mut Ctx, entries: &[Entry], o: &Opts, _in_dir: bool) {
    if entries.is_empty() {
        return;
    }
    if o.long {
        long_format(ctx, entries, o);
        return;
    }
    let any_quoted = ctx.gnu() && ctx.tty && entries.iter().any(|e| needs_quotes(&e.name));
    let names: Vec<String> = entries
        .iter()
        .map(|e| {
            let d = display_name(ctx, &e.name);
            let pad = if any_quoted && !d.starts_with(['\'', '"']) {
                " "
            } else {
                ""
            };
            format!("{pad}{d}{}", suffix(&e.node, o))
        })
        .collect();
    let columns = (ctx.tty || o.columns) && !o.one;
    if !columns {
        for n in names {
            ctx.out(format!("{n}\n"));
        }
        return;
    }
    let text = if ctx.gnu() {
        gnu_columns(&names, o.width)
    } else {
        busybox_columns(&names, o.width)
    };
    ctx.out(text);
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// GNU ls: the most columns whose widths (longest name + 2, none after the last column)
/// fit in the line, filled top to bottom.
pub(crate) fn gnu_columns(names: &[String], line: usize) -> String {
    let n = names.len();
    let min_col = 3;
    let max_idx = line / min_col + usize::from(!line.is_multiple_of(min_col));
    let max_cols = max_idx.min(n).max(1);
    let lens: Vec<usize> = names.iter().map(|s| width_of(s)).collect();
    let mut best_cols = 1;
    let mut best_widths = vec![lens.iter().copied().max().unwrap_or(0)];
    for cols in (1..=max_cols).rev() {
        let rows = n.div_ceil(cols);
        let mut widths = vec![0usize; cols];
        for (i, &l) in lens.iter().enumerate() {
            let c = i / rows;
            if c >= cols {
                continue;
            }
            let real = l + if c == cols - 1 { 0 } else { 2 };
            widths[c] = widths[c].max(real);
        }
        let total: usize = widths.iter().sum();
        if cols == 1 || total < line {
            best_cols = cols;
            best_widths = widths;
            break;
        }
    }
    let rows = n.div_ceil(best_cols);
    let mut out = String::new();
    for r in 0..rows {
        let mut line_s = String::new();
        let mut c = 0;
        let mut idx = r;
        while idx < n {
            line_s.push_str(&names[idx]);
            let next = idx + rows;
            if next < n {
                let pad = best_widths[c].saturating_sub(lens[idx]);
                line_s.push_str(&" ".repeat(pad));
            }
            idx = next;
            c += 1;
        }
        out.push_str(&line_s);
        out.push('\n');
    }
    out
}

/// BusyBox ls: every column as wide as the longest name + 2, filled top to bottom.
pub(crate) fn busybox_columns(names: &[String], line: usize) -> String {
    let n = names.len();
    let colw = names.iter().map(|s| width_of(s)).max().unwrap_or(0) + 2;
    let ncols = (line / colw).max(1);
    let (nrows, ncols) = if ncols > 1 {
        let rows = n.div_ceil(ncols);
        (rows, ncols)
    } else {
        (n, 1)
    };
    let mut out = String::new();
    for r in 0..nrows {
        let mut col = 0usize;
        let mut next_tab = 0usize;
        for c in 0..ncols {
            let i = c * nrows + r;
            if i < n {
                if col > 0 {
                    out.push_str(&" ".repeat(next_tab.saturating_sub(col)));
                    col = next_tab;
                }
                next_tab = col + colw;
                out.push_str(&names[i]);
                col += width_of(&names[i]);
            }
        }
        out.push('\n');
    }
    out
}

/// `drwxr-xr-x` for a node.
pub(crate) fn mode_string(node: &Node) -> String {
    let (t, mode) = match node {
        Node::Dir { mode, .. } => ('d', *mode),
        Node::File { mode, .. } => ('-', *mode),
        Node::Symlink { .. } => ('l', 0o777),
        Node::Whiteout => ('c', 0),
    };
    let mut s = String::new();
    s.push(t);
    let bit = |m: u32, c: char| if mode & m != 0 { c } else { '-' };
    let special = |x: bool, s_: bool, lower: char, upper: char| match (x, s_) {
        (true, true) => lower,
        (false, true) => upper,
        (true, false) => 'x',
        (false, false) => '-',
    };
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(special(mode & 0o100 != 0, mode & 0o4000 != 0, 's', 'S'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(special(mode & 0o010 != 0, mode & 0o2000 != 0, 's', 'S'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(special(mode & 0o001 != 0, mode & 0o1000 != 0, 't', 'T'));
    s
}

fn nlink(ctx: &Ctx, e: &Entry) -> u64 {
    match e.node {
        Node::Dir { .. } => {
            let subdirs = ctx
                .sys
                .list(&e.path)
                .map(|l| l.iter().filter(|(_, n)| matches!(n, Node::Dir { .. })).count())
                .unwrap_or(0);
            2 + subdirs as u64
        }
        _ => 1,
    }
}

fn long_format(ctx: &mut Ctx, entries: &[Entry], o: &Opts) {
    let (uid, user) = ctx.sys.user();
    let (owner, group) = if o.numeric {
        (uid.to_string(), uid.to_string())
    } else {
        (user.clone(), user)
    };
    let now = ctx.sys.now();
    let any_quoted = ctx.gnu() && ctx.tty && entries.iter().any(|e| needs_quotes(&e.name));
    struct Row {
        mode: String,
        links: String,
        size: String,
        date: String,
        name: String,
    }
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let size = if matches!(e.node, Node::Dir { .. }) {
                4096
            } else {
                e.node.size()
            };
            let shown = display_name(ctx, &e.name);
            let pad = if any_quoted && !shown.starts_with(['\'', '"']) {
                " "
            } else {
                ""
            };
            let mut name = format!("{pad}{shown}{}", suffix(&e.node, o));
            if let Node::Symlink { target } = &e.node {
                name.push_str(" -> ");
                name.push_str(target);
            }
            Row {
                mode: mode_string(&e.node),
                links: nlink(ctx, e).to_string(),
                size: if o.human { human(size) } else { size.to_string() },
                date: time::ls_date(mtime(ctx, &e.path), now),
                name,
            }
        })
        .collect();
    let mut out = String::new();
    if ctx.gnu() {
        let wl = rows.iter().map(|r| r.links.len()).max().unwrap_or(1);
        let ws = rows.iter().map(|r| r.size.len()).max().unwrap_or(1);
        for r in &rows {
            out.push_str(&format!(
                "{} {:>wl$} {} {} {:>ws$} {} {}\n",
                r.mode, r.links, owner, group, r.size, r.date, r.name
            ));
        }
    } else {
        let o8: String = owner.chars().take(8).collect();
        let g8: String = group.chars().take(8).collect();
        for r in &rows {
            out.push_str(&format!(
                "{:<10} {:>4} {:<8} {:<8} {:>9} {} {}\n",
                r.mode, r.links, o8, g8, r.size, r.date, r.name
            ));
        }
    }
    ctx.out(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const SAMPLE: &[&str] = &[
        "Dockerfile",
        "README.md",
        "a",
        "app.py",
        "b",
        "c",
        "docker-compose.yml",
        "link",
        "longer_name_here.txt",
        "requirements.txt",
        "src",
        "x1",
        "x2",
        "x3",
        "x4",
        "x5",
        "x6",
        "x7",
        "x8",
        "x9",
    ];

    #[test]
    fn gnu_layout_matches_coreutils() {
        // Captured from GNU ls 9.1 `ls -C -w 80` (tabs expanded).
        let expected = "\
Dockerfile  app.py  docker-compose.yml    requirements.txt  x2  x5  x8
README.md   b       link                  src               x3  x6  x9
a           c       longer_name_here.txt  x1                x4  x7
";
        assert_eq!(gnu_columns(&names(SAMPLE), 80), expected);
    }

    #[test]
    fn busybox_layout_matches_busybox() {
        let expected = "\
Dockerfile            link                  x4
README.md             longer_name_here.txt  x5
a                     requirements.txt      x6
app.py                src                   x7
b                     x1                    x8
c                     x2                    x9
docker-compose.yml    x3
";
        assert_eq!(busybox_columns(&names(SAMPLE), 80), expected);
    }

    #[test]
    fn modes() {
        assert_eq!(mode_string(&Node::dir()), "drwxr-xr-x");
        assert_eq!(mode_string(&Node::file("x")), "-rw-r--r--");
        assert_eq!(mode_string(&Node::Symlink { target: "x".into() }), "lrwxrwxrwx");
        assert_eq!(
            mode_string(&Node::Dir {
                mode: 0o1777,
                opaque: false
            }),
            "drwxrwxrwt"
        );
    }
}
