//! File utilities: cat, mkdir, rmdir, touch, rm, cp, mv, ln, chmod, find, du, df, basename,
//! dirname. Errors carry each tool's own wording, GNU or BusyBox.

use dockyard_vfs::{FsError, Node, basename as base_of, normalize, parent};

use super::{Ctx, blocks_k, human};
use crate::args::{Has, Spec};
use crate::glob::fnmatch;

fn bail(ctx: &mut Ctx, spec: &Spec, args: &[String], code: i32) -> Result<crate::args::Parsed, i32> {
    ctx.parse(spec, args, code)
}

// ---------------------------------------------------------------- cat

pub(crate) fn cat(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "AbeEnstTuv",
        &[
            ("show-all", Has::No),
            ("number-nonblank", Has::No),
            ("show-ends", Has::No),
            ("number", Has::No),
            ("squeeze-blank", Has::No),
            ("show-tabs", Has::No),
            ("show-nonprinting", Has::No),
        ],
    );
    const BB: Spec = Spec::new("nbvteA", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let number_nonblank = p.any(&["b", "number-nonblank"]);
    let number = p.any(&["n", "number"]) && !number_nonblank;
    let ends = p.any(&["E", "e", "A", "show-ends", "show-all"]);
    let tabs = p.any(&["T", "t", "A", "show-tabs", "show-all"]);
    let squeeze = p.any(&["s", "squeeze-blank"]);
    let plain = !(number || number_nonblank || ends || tabs || squeeze);
    let mut ops = p.operands.clone();
    if ops.is_empty() {
        ops.push("-".into());
    }
    let mut status = 0;
    let mut n = 0u64;
    let mut prev_blank = false;
    for op in &ops {
        let text = match ctx.read(op) {
            Ok(t) => t,
            Err(e) => {
                if ctx.gnu() {
                    ctx.err(format!("{op}: {}", e.text()));
                } else if e == FsError::IsADirectory {
                    ctx.err(format!("read error: {}", e.text()));
                } else {
                    ctx.err(format!("can't open '{op}': {}", e.text()));
                }
                status = 1;
                continue;
            }
        };
        if plain {
            ctx.out(text);
            continue;
        }
        let mut out = String::new();
        for piece in text.split_inclusive('\n') {
            let (line, nl) = match piece.strip_suffix('\n') {
                Some(l) => (l, true),
                None => (piece, false),
            };
            let blank = line.is_empty();
            if squeeze && blank && prev_blank && nl {
                continue;
            }
            prev_blank = blank && nl;
            if number || (number_nonblank && !blank) {
                n += 1;
                out.push_str(&format!("{n:>6}\t"));
            }
            if tabs {
                out.push_str(&line.replace('\t', "^I"));
            } else {
                out.push_str(line);
            }
            if nl {
                if ends {
                    out.push('$');
                }
                out.push('\n');
            }
        }
        ctx.out(out);
    }
    status
}

// ---------------------------------------------------------------- mkdir / rmdir / touch

pub(crate) fn mkdir(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "pm:v",
        &[("parents", Has::No), ("mode", Has::Required), ("verbose", Has::No)],
    );
    const BB: Spec = Spec::new("pm:", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        return ctx.missing_operand("missing operand");
    }
    let parents = p.any(&["p", "parents"]);
    let mode = match p.value("m").or(p.value("mode")) {
        Some(m) => match parse_mode(m, 0o755, true) {
            Some(v) => Some(v),
            None => {
                if ctx.gnu() {
                    let q = ctx.lq(m);
                    ctx.err(format!("invalid mode {q}"));
                } else {
                    ctx.err(format!("invalid mode '{m}'"));
                }
                return 1;
            }
        },
        None => None,
    };
    let mut status = 0;
    for op in &p.operands {
        let abs = ctx.path(op);
        let existed = ctx.sys.exists(&abs);
        match ctx.sys.mkdir(&abs, parents) {
            Ok(()) => {
                if let Some(m) = mode {
                    let _ = ctx.sys.write_node(&abs, Node::Dir { mode: m, opaque: false });
                }
                if p.any(&["v", "verbose"]) && !existed {
                    ctx.out(format!("mkdir: created directory {}\n", ctx.sq(op)));
                }
            }
            Err(e) => {
                let e = if e == FsError::NotADirectory && parents {
                    FsError::NotADirectory
                } else {
                    e
                };
                if ctx.gnu() {
                    let q = ctx.lq(op);
                    ctx.err(format!("cannot create directory {q}: {}", e.text()));
                } else {
                    ctx.err(format!("can't create directory '{op}': {}", e.text()));
                }
                status = 1;
            }
        }
    }
    status
}

pub(crate) fn rmdir(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "pv",
        &[
            ("parents", Has::No),
            ("verbose", Has::No),
            ("ignore-fail-on-non-empty", Has::No),
        ],
    );
    const BB: Spec = Spec::new("p", &[("parents", Has::No), ("ignore-fail-on-non-empty", Has::No)]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        return ctx.missing_operand("missing operand");
    }
    let ignore_nonempty = p.has("ignore-fail-on-non-empty");
    let mut status = 0;
    for op in &p.operands {
        let mut targets = vec![op.clone()];
        if p.any(&["p", "parents"]) {
            let mut cur = op.trim_end_matches('/').to_string();
            while let Some(i) = cur.rfind('/') {
                cur.truncate(i);
                if cur.is_empty() {
                    break;
                }
                targets.push(cur.clone());
            }
        }
        for t in targets {
            let abs = ctx.path(&t);
            let res = match ctx.sys.lstat(&abs) {
                None => Err(FsError::NotFound),
                Some(Node::Dir { .. }) => ctx.sys.remove(&abs, false),
                Some(_) => Err(FsError::NotADirectory),
            };
            if let Err(e) = res {
                if e == FsError::NotEmpty && ignore_nonempty {
                    break;
                }
                if ctx.gnu() {
                    ctx.err(format!("failed to remove {}: {}", ctx.sq(&t), e.text()));
                } else {
                    ctx.err(format!("'{t}': {}", e.text()));
                }
                status = 1;
                break;
            } else if p.any(&["v", "verbose"]) {
                ctx.out(format!("rmdir: removing directory, {}\n", ctx.sq(&t)));
            }
        }
    }
    status
}

pub(crate) fn touch(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("acm", &[("no-create", Has::No)]);
    const BB: Spec = Spec::new("cham", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        return ctx.missing_operand("missing file operand");
    }
    let no_create = p.any(&["c", "no-create"]);
    let mut status = 0;
    for op in &p.operands {
        let abs = ctx.path(op);
        if ctx.sys.exists(&abs) || no_create || matches!(abs.as_str(), "/dev/null" | "/dev/stdout" | "/dev/stderr") {
            continue;
        }
        if let Err(e) = ctx.sys.write(&abs, b"", true) {
            if ctx.gnu() {
                ctx.err(format!("cannot touch {}: {}", ctx.sq(op), e.text()));
            } else {
                ctx.err(format!("{op}: {}", e.text()));
            }
            status = 1;
        }
    }
    status
}

// ---------------------------------------------------------------- rm

pub(crate) fn rm(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "frRdv",
        &[
            ("force", Has::No),
            ("recursive", Has::No),
            ("dir", Has::No),
            ("verbose", Has::No),
            ("no-preserve-root", Has::No),
            ("preserve-root", Has::Optional),
        ],
    );
    const BB: Spec = Spec::new("frR", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let force = p.any(&["f", "force"]);
    let recursive = p.any(&["r", "R", "recursive"]);
    let dir_ok = p.any(&["d", "dir"]);
    let verbose = p.any(&["v", "verbose"]);
    if p.operands.is_empty() {
        if force {
            return 0;
        }
        return ctx.missing_operand("missing operand");
    }
    let mut status = 0;
    for op in &p.operands {
        let abs = ctx.path(op);
        let last = op.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if last == "." || last == ".." {
            if ctx.gnu() {
                ctx.err(format!(
                    "refusing to remove '.' or '..' directory: skipping {}",
                    ctx.sq(op)
                ));
            } else {
                ctx.err("can't remove '.' or '..'");
            }
            status = 1;
            continue;
        }
        if abs == "/" && recursive && ctx.gnu() && !p.has("no-preserve-root") {
            ctx.err("it is dangerous to operate recursively on '/'");
            ctx.err("use --no-preserve-root to override this failsafe");
            status = 1;
            continue;
        }
        let res = match ctx.sys.lstat(&abs) {
            None => {
                if force {
                    continue;
                }
                Err(FsError::NotFound)
            }
            Some(Node::Dir { .. }) if !recursive && !dir_ok => Err(FsError::IsADirectory),
            Some(Node::Dir { .. }) if abs == "/" => {
                let kids: Vec<String> = ctx
                    .sys
                    .list("/")
                    .map(|l| l.into_iter().map(|x| x.0).collect())
                    .unwrap_or_default();
                for k in kids {
                    let _ = ctx.sys.remove(&format!("/{k}"), true);
                }
                Ok(())
            }
            Some(Node::Dir { .. }) => ctx.sys.remove(&abs, recursive),
            Some(_) => ctx.sys.remove(&abs, false),
        };
        match res {
            Ok(()) => {
                if verbose {
                    ctx.out(format!("removed {}\n", ctx.sq(op)));
                }
            }
            Err(e) => {
                if ctx.gnu() {
                    ctx.err(format!("cannot remove {}: {}", ctx.sq(op), e.text()));
                } else if e == FsError::IsADirectory {
                    ctx.err(format!("'{op}' is a directory"));
                } else {
                    ctx.err(format!("can't remove '{op}': {}", e.text()));
                }
                status = 1;
            }
        }
    }
    status
}

// ---------------------------------------------------------------- cp / mv

/// Copies the node at `src` (absolute) to `dst` (absolute), recursively for directories.
/// Symlinks inside a tree are copied as links.
fn copy_tree(ctx: &mut Ctx, src: &str, dst: &str, top: Node) -> Result<(), FsError> {
    let top = match top {
        Node::Dir { mode, .. } => Node::Dir { mode, opaque: false },
        n => n,
    };
    let is_dir = matches!(top, Node::Dir { .. });
    if is_dir {
        if !ctx.sys.is_dir(dst) {
            ctx.sys.write_node(dst, top)?;
        }
        for (rel, node) in ctx.sys.walk(src) {
            let target = normalize(dst, &rel);
            let node = match node {
                Node::Dir { mode, .. } => {
                    if ctx.sys.is_dir(&target) {
                        continue;
                    }
                    Node::Dir { mode, opaque: false }
                }
                n => n,
            };
            ctx.sys.write_node(&target, node)?;
        }
        Ok(())
    } else {
        if !ctx.sys.is_dir(parent(dst)) {
            return Err(FsError::NotFound);
        }
        if ctx.sys.is_dir(dst) {
            return Err(FsError::IsADirectory);
        }
        // Write through an existing symlink at the destination, as open(2) does.
        let real = ctx.sys.resolve(dst).map(|(p, _)| p).unwrap_or_else(|_| dst.to_string());
        ctx.sys.write_node(&real, top)
    }
}

struct Transfer {
    is_move: bool,
    recursive: bool,
    no_clobber: bool,
    verbose: bool,
    target_dir: Option<String>,
}

pub(crate) fn cp(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "rRafpnvLPdt:T",
        &[
            ("recursive", Has::No),
            ("archive", Has::No),
            ("force", Has::No),
            ("preserve", Has::Optional),
            ("no-clobber", Has::No),
            ("verbose", Has::No),
            ("dereference", Has::No),
            ("no-dereference", Has::No),
            ("target-directory", Has::Required),
            ("no-target-directory", Has::No),
        ],
    );
    const BB: Spec = Spec::new("arRPLHpfndvt:T", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let t = Transfer {
        is_move: false,
        recursive: p.any(&["r", "R", "a", "recursive", "archive"]),
        no_clobber: p.any(&["n", "no-clobber"]),
        verbose: p.any(&["v", "verbose"]),
        target_dir: p.value("t").or(p.value("target-directory")).map(str::to_string),
    };
    transfer(ctx, &p.operands, &t)
}

pub(crate) fn mv(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "fnvt:Ti",
        &[
            ("force", Has::No),
            ("no-clobber", Has::No),
            ("verbose", Has::No),
            ("target-directory", Has::Required),
            ("no-target-directory", Has::No),
        ],
    );
    const BB: Spec = Spec::new("fnit:T", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let t = Transfer {
        is_move: true,
        recursive: true,
        no_clobber: p.any(&["n", "no-clobber"]),
        verbose: p.any(&["v", "verbose"]),
        target_dir: p.value("t").or(p.value("target-directory")).map(str::to_string),
    };
    transfer(ctx, &p.operands, &t)
}

fn transfer(ctx: &mut Ctx, ops: &[String], t: &Transfer) -> i32 {
    let mut ops = ops.to_vec();
    if let Some(d) = &t.target_dir {
        ops.push(d.clone());
    }
    if ops.is_empty() {
        return ctx.missing_operand("missing file operand");
    }
    if ops.len() == 1 {
        if !ctx.gnu() {
            ctx.bb_usage();
            return 1;
        }
        let q = ctx.sq(&ops[0]);
        return ctx.missing_operand(&format!("missing destination file operand after {q}"));
    }
    let dest = ops.pop().unwrap_or_default();
    let dest_abs = ctx.path(&dest);
    let dest_is_dir = ctx.sys.is_dir(&dest_abs);
    if ops.len() > 1 && !dest_is_dir {
        if ctx.gnu() {
            let q = ctx.sq(&dest);
            ctx.err(format!("target {q} is not a directory"));
        } else {
            ctx.err(format!("'{dest}' is not a directory"));
        }
        return 1;
    }
    let mut status = 0;
    for src in &ops {
        let src_abs = ctx.path(src);
        let lnode = ctx.sys.lstat(&src_abs);
        let Some(lnode) = lnode else {
            if ctx.gnu() {
                ctx.err(format!("cannot stat {}: No such file or directory", ctx.sq(src)));
            } else if t.is_move {
                ctx.err(format!("can't rename '{src}': No such file or directory"));
            } else {
                ctx.err(format!("can't stat '{src}': No such file or directory"));
            }
            status = 1;
            continue;
        };
        // cp follows a symlink named on the command line unless copying recursively.
        let node = if !t.is_move && !t.recursive {
            ctx.sys.stat(&src_abs).unwrap_or(lnode.clone())
        } else {
            lnode
        };
        let target_shown = if dest_is_dir {
            format!("{}/{}", dest.trim_end_matches('/'), base_of(&src_abs))
        } else {
            dest.clone()
        };
        let target = if dest_is_dir {
            normalize(&dest_abs, base_of(&src_abs))
        } else {
            dest_abs.clone()
        };
        if matches!(node, Node::Dir { .. }) && !t.recursive {
            if ctx.gnu() {
                ctx.err(format!("-r not specified; omitting directory {}", ctx.sq(src)));
            } else {
                ctx.err(format!("omitting directory '{src}'"));
            }
            status = 1;
            continue;
        }
        if target == src_abs {
            if ctx.gnu() {
                ctx.err(format!(
                    "{} and {} are the same file",
                    ctx.sq(src),
                    ctx.sq(&target_shown)
                ));
            } else {
                ctx.err(format!("'{src}' and '{target_shown}' are the same file"));
            }
            status = 1;
            continue;
        }
        if matches!(node, Node::Dir { .. }) && target.starts_with(&format!("{src_abs}/")) {
            if ctx.gnu() {
                let (a, b) = (ctx.sq(src), ctx.sq(&target_shown));
                if t.is_move {
                    ctx.err(format!("cannot move {a} to a subdirectory of itself, {b}"));
                } else {
                    ctx.err(format!("cannot copy a directory, {a}, into itself, {b}"));
                }
            } else {
                ctx.err(format!(
                    "can't {} '{src}' into itself",
                    if t.is_move { "move" } else { "copy a directory" }
                ));
            }
            status = 1;
            continue;
        }
        if t.no_clobber && ctx.sys.lstat(&target).is_some() {
            continue;
        }
        if matches!(node, Node::Dir { .. }) && ctx.sys.lstat(&target).is_some() && !ctx.sys.is_dir(&target) {
            if ctx.gnu() {
                let (a, b) = (ctx.sq(&target_shown), ctx.sq(src));
                ctx.err(format!("cannot overwrite non-directory {a} with directory {b}"));
            } else {
                ctx.err(format!("'{target_shown}' is not a directory"));
            }
            status = 1;
            continue;
        }
        if t.is_move && matches!(node, Node::Dir { .. }) && ctx.sys.is_dir(&target) {
            // Renaming onto an existing directory needs it to be empty.
            if ctx.sys.list(&target).map(|l| !l.is_empty()).unwrap_or(false) {
                if ctx.gnu() {
                    let (a, b) = (ctx.sq(src), ctx.sq(&target_shown));
                    ctx.err(format!("cannot move {a} to {b}: Directory not empty"));
                } else {
                    ctx.err(format!("can't rename '{src}': Directory not empty"));
                }
                status = 1;
                continue;
            }
        }
        let res = copy_tree(ctx, &src_abs, &target, node);
        let res = match res {
            Ok(()) if t.is_move => ctx.sys.remove(&src_abs, true),
            r => r,
        };
        match res {
            Ok(()) => {
                if t.verbose {
                    let line = if t.is_move && ctx.gnu() {
                        format!("renamed {} -> {}\n", ctx.sq(src), ctx.sq(&target_shown))
                    } else {
                        format!("{} -> {}\n", ctx.sq(src), ctx.sq(&target_shown))
                    };
                    ctx.out(line);
                }
            }
            Err(e) => {
                let verb = if t.is_move { "move" } else { "create regular file" };
                if ctx.gnu() {
                    if t.is_move {
                        let (a, b) = (ctx.sq(src), ctx.sq(&target_shown));
                        ctx.err(format!("cannot {verb} {a} to {b}: {}", e.text()));
                    } else {
                        let b = ctx.sq(&target_shown);
                        ctx.err(format!("cannot {verb} {b}: {}", e.text()));
                    }
                } else {
                    ctx.err(format!("can't create '{target_shown}': {}", e.text()));
                }
                status = 1;
            }
        }
    }
    status
}

// ---------------------------------------------------------------- ln

pub(crate) fn ln(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "sfnvT",
        &[
            ("symbolic", Has::No),
            ("force", Has::No),
            ("no-dereference", Has::No),
            ("verbose", Has::No),
            ("no-target-directory", Has::No),
        ],
    );
    const BB: Spec = Spec::new("sfnvT", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let symbolic = p.any(&["s", "symbolic"]);
    let force = p.any(&["f", "force"]);
    let no_deref = p.any(&["n", "no-dereference", "T", "no-target-directory"]);
    let ops = &p.operands;
    if ops.is_empty() {
        return ctx.missing_operand("missing file operand");
    }
    let (targets, link_dir): (Vec<String>, Option<String>) = if ops.len() == 1 {
        (ops.clone(), Some(".".into()))
    } else {
        let last = ops[ops.len() - 1].clone();
        let last_abs = ctx.path(&last);
        let is_dir = if no_deref {
            matches!(ctx.sys.lstat(&last_abs), Some(Node::Dir { .. }))
        } else {
            ctx.sys.is_dir(&last_abs)
        };
        if ops.len() > 2 && !is_dir {
            if ctx.gnu() {
                let q = ctx.sq(&last);
                ctx.err(format!("target {q} is not a directory"));
            } else {
                ctx.err(format!("{last}: Not a directory"));
            }
            return 1;
        }
        if is_dir {
            (ops[..ops.len() - 1].to_vec(), Some(last))
        } else {
            (vec![ops[0].clone()], None)
        }
    };
    let mut status = 0;
    for target in &targets {
        let (link_shown, link_abs) = match &link_dir {
            Some(d) => {
                let name = base_of(target.trim_end_matches('/')).to_string();
                let shown = if d == "." {
                    name.clone()
                } else {
                    format!("{}/{}", d.trim_end_matches('/'), name)
                };
                (shown, normalize(&ctx.path(d), &name))
            }
            None => (ops[1].clone(), ctx.path(&ops[1])),
        };
        let kind = if symbolic { "symbolic link" } else { "hard link" };
        let node = if symbolic {
            Node::Symlink { target: target.clone() }
        } else {
            match ctx.sys.stat(&ctx.path(target)) {
                Some(Node::Dir { .. }) => {
                    if ctx.gnu() {
                        ctx.err(format!("{}: hard link not allowed for directory", ctx.sq(target)));
                    } else {
                        ctx.err(format!("{target}: Operation not permitted"));
                    }
                    status = 1;
                    continue;
                }
                Some(n) => n,
                None => {
                    if ctx.gnu() {
                        ctx.err(format!(
                            "failed to access {}: No such file or directory",
                            ctx.sq(target)
                        ));
                    } else {
                        ctx.err(format!("{target}: No such file or directory"));
                    }
                    status = 1;
                    continue;
                }
            }
        };
        if ctx.sys.lstat(&link_abs).is_some() {
            if force && !matches!(ctx.sys.lstat(&link_abs), Some(Node::Dir { .. })) {
                let _ = ctx.sys.remove(&link_abs, false);
            } else {
                if ctx.gnu() {
                    ctx.err(format!("failed to create {kind} {}: File exists", ctx.sq(&link_shown)));
                } else {
                    ctx.err(format!("{link_shown}: File exists"));
                }
                status = 1;
                continue;
            }
        }
        if !ctx.sys.is_dir(parent(&link_abs)) {
            if ctx.gnu() {
                ctx.err(format!(
                    "failed to create {kind} {}: No such file or directory",
                    ctx.sq(&link_shown)
                ));
            } else {
                ctx.err(format!("{link_shown}: No such file or directory"));
            }
            status = 1;
            continue;
        }
        match ctx.sys.write_node(&link_abs, node) {
            Ok(()) => {
                if p.any(&["v", "verbose"]) {
                    let arrow = if symbolic { "->" } else { "=>" };
                    ctx.out(format!("{} {arrow} {}\n", ctx.sq(&link_shown), ctx.sq(target)));
                }
            }
            Err(e) => {
                if ctx.gnu() {
                    ctx.err(format!("failed to create {kind} {}: {}", ctx.sq(&link_shown), e.text()));
                } else {
                    ctx.err(format!("{link_shown}: {}", e.text()));
                }
                status = 1;
            }
        }
    }
    status
}

// ---------------------------------------------------------------- chmod

/// Applies a chmod mode (`755`, `u+x`, `go-w,a+r`, `+x`) to `cur`. `None` when invalid.
pub(crate) fn parse_mode(spec: &str, cur: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        let v = u32::from_str_radix(spec, 8).ok()?;
        return (v <= 0o7777).then_some(v);
    }
    let mut mode = cur;
    for clause in spec.split(',') {
        let mut chars = clause.chars().peekable();
        let mut who = 0u32;
        while let Some(&c) = chars.peek() {
            match c {
                'u' => who |= 0o4700,
                'g' => who |= 0o2070,
                'o' => who |= 0o1007,
                'a' => who |= 0o7777,
                _ => break,
            }
            chars.next();
        }
        let default_who = who == 0;
        if default_who {
            who = 0o7777;
        }
        let mut any_op = false;
        while let Some(op) = chars.next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            any_op = true;
            let mut bits = 0u32;
            while let Some(&c) = chars.peek() {
                match c {
                    'r' => bits |= 0o444,
                    'w' => bits |= 0o222,
                    'x' => bits |= 0o111,
                    'X' => {
                        if is_dir || mode & 0o111 != 0 {
                            bits |= 0o111
                        }
                    }
                    's' => bits |= 0o6000,
                    't' => bits |= 0o1000,
                    _ => break,
                }
                chars.next();
            }
            // With no "who", the umask (022) limits what is granted.
            bits &= who;
            if default_who {
                bits &= !0o022;
            }
            match op {
                '+' => mode |= bits,
                '-' => mode &= !bits,
                _ => mode = (mode & !who) | bits,
            }
        }
        if !any_op {
            return None;
        }
    }
    Some(mode)
}

pub(crate) fn chmod(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "Rvcf",
        &[
            ("recursive", Has::No),
            ("verbose", Has::No),
            ("changes", Has::No),
            ("silent", Has::No),
            ("quiet", Has::No),
        ],
    );
    const BB: Spec = Spec::new("Rvcf", &[]);
    // `-x`, `-w`, `-rwx` are modes, not options.
    let is_mode_like = |a: &str| a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "rwxXst".contains(c));
    let mut mode_arg: Option<String> = None;
    let mut rest: Vec<String> = Vec::new();
    for a in args {
        if mode_arg.is_none() && is_mode_like(a) {
            mode_arg = Some(a.clone());
        } else {
            rest.push(a.clone());
        }
    }
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, &rest, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut ops = p.operands.clone();
    if mode_arg.is_none() && !ops.is_empty() {
        mode_arg = Some(ops.remove(0));
    }
    let Some(mode) = mode_arg else {
        return ctx.missing_operand("missing operand");
    };
    if ops.is_empty() {
        if ctx.gnu() {
            let q = ctx.lq(&mode);
            return ctx.missing_operand(&format!("missing operand after {q}"));
        }
        ctx.bb_usage();
        return 1;
    }
    if parse_mode(&mode, 0o644, false).is_none() {
        if ctx.gnu() {
            let q = ctx.lq(&mode);
            let t = ctx.try_help();
            ctx.err(format!("invalid mode: {q}"));
            ctx.io.err(t);
        } else {
            ctx.err(format!("invalid mode '{mode}'"));
        }
        return 1;
    }
    let recursive = p.any(&["R", "recursive"]);
    let verbose = p.any(&["v", "verbose"]);
    let mut status = 0;
    for op in &ops {
        let abs = ctx.path(op);
        let Ok((real, _)) = ctx.sys.resolve(&abs) else {
            if ctx.gnu() {
                ctx.err(format!("cannot access {}: No such file or directory", ctx.sq(op)));
            } else {
                ctx.err(format!("{op}: No such file or directory"));
            }
            status = 1;
            continue;
        };
        let mut paths = vec![(real.clone(), op.clone())];
        if recursive && ctx.sys.is_dir(&real) {
            for (rel, node) in ctx.sys.walk(&real) {
                if !matches!(node, Node::Symlink { .. }) {
                    paths.push((normalize(&real, &rel), format!("{}/{}", op.trim_end_matches('/'), rel)));
                }
            }
        }
        for (path, shown) in paths {
            let Some(node) = ctx.sys.lstat(&path) else {
                continue;
            };
            let (old, new_node) = match node {
                Node::Dir { mode: m, opaque } => {
                    let nm = parse_mode(&mode, m, true).unwrap_or(m);
                    (m, Node::Dir { mode: nm, opaque })
                }
                Node::File {
                    data,
                    size,
                    mode: m,
                    program,
                } => {
                    let nm = parse_mode(&mode, m, false).unwrap_or(m);
                    (
                        m,
                        Node::File {
                            data,
                            size,
                            mode: nm,
                            program,
                        },
                    )
                }
                other => (0o777, other),
            };
            let new_mode = match &new_node {
                Node::Dir { mode, .. } | Node::File { mode, .. } => *mode,
                _ => old,
            };
            if let Err(e) = ctx.sys.write_node(&path, new_node) {
                if ctx.gnu() {
                    ctx.err(format!("changing permissions of {}: {}", ctx.sq(&shown), e.text()));
                } else {
                    ctx.err(format!("{shown}: {}", e.text()));
                }
                status = 1;
            } else if verbose {
                let (a, b) = (
                    super::ls::mode_string(&Node::File {
                        data: Default::default(),
                        size: 0,
                        mode: old,
                        program: None,
                    }),
                    super::ls::mode_string(&Node::File {
                        data: Default::default(),
                        size: 0,
                        mode: new_mode,
                        program: None,
                    }),
                );
                if old == new_mode {
                    ctx.out(format!(
                        "mode of {} retained as {:04o} ({})\n",
                        ctx.sq(&shown),
                        old,
                        &a[1..]
                    ));
                } else {
                    ctx.out(format!(
                        "mode of {} changed from {:04o} ({}) to {:04o} ({})\n",
                        ctx.sq(&shown),
                        old,
                        &a[1..],
                        new_mode,
                        &b[1..]
                    ));
                }
            }
        }
    }
    status
}

// ---------------------------------------------------------------- find

/// A `find` expression.
#[derive(Debug)]
enum Expr {
    True,
    Name(String, bool),
    Path(String, bool),
    Type(char),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Print,
    Empty,
}

struct FindParser<'a> {
    toks: &'a [String],
    pos: usize,
    maxdepth: Option<usize>,
    mindepth: usize,
    has_action: bool,
}

enum FindError {
    Unknown(String),
    Missing(String),
    BadType(String),
    Paren,
}

impl FindParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }
    fn or(&mut self) -> Result<Expr, FindError> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some("-o") | Some("-or")) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, FindError> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                None | Some("-o") | Some("-or") | Some(")") => return Ok(left),
                Some("-a") | Some("-and") => {
                    self.pos += 1;
                }
                _ => {}
            }
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }
    fn unary(&mut self) -> Result<Expr, FindError> {
        match self.peek() {
            Some("!") | Some("-not") => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some("(") => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(")") {
                    return Err(FindError::Paren);
                }
                self.pos += 1;
                Ok(e)
            }
            _ => self.primary(),
        }
    }
    fn arg(&mut self, name: &str) -> Result<String, FindError> {
        match self.toks.get(self.pos) {
            Some(v) => {
                self.pos += 1;
                Ok(v.clone())
            }
            None => Err(FindError::Missing(name.to_string())),
        }
    }
    fn primary(&mut self) -> Result<Expr, FindError> {
        let Some(tok) = self.peek().map(str::to_string) else {
            return Ok(Expr::True);
        };
        self.pos += 1;
        Ok(match tok.as_str() {
            "-name" => Expr::Name(self.arg(&tok)?, false),
            "-iname" => Expr::Name(self.arg(&tok)?, true),
            "-path" | "-wholename" => Expr::Path(self.arg(&tok)?, false),
            "-ipath" => Expr::Path(self.arg(&tok)?, true),
            "-type" => {
                let t = self.arg(&tok)?;
                match t.as_str() {
                    "f" | "d" | "l" => Expr::Type(t.chars().next().unwrap_or('f')),
                    _ => return Err(FindError::BadType(t)),
                }
            }
            "-maxdepth" | "-mindepth" => {
                let v = self.arg(&tok)?;
                let n: usize = v.parse().map_err(|_| FindError::Unknown(format!("{tok} {v}")))?;
                if tok == "-maxdepth" {
                    self.maxdepth = Some(n);
                } else {
                    self.mindepth = n;
                }
                Expr::True
            }
            "-print" => {
                self.has_action = true;
                Expr::Print
            }
            "-empty" => Expr::Empty,
            "-true" => Expr::True,
            "-false" => Expr::Not(Box::new(Expr::True)),
            _ => return Err(FindError::Unknown(tok)),
        })
    }
}

struct Visit<'a> {
    shown: &'a str,
    name: &'a str,
    node: &'a Node,
    empty: bool,
}

/// Evaluates `e`; `printed` records whether an explicit -print fired.
fn eval(e: &Expr, v: &Visit, out: &mut String, depth: usize) -> bool {
    if depth > 200 {
        return false;
    }
    match e {
        Expr::True => true,
        Expr::Name(p, ic) => fnmatch(p, v.name, *ic),
        Expr::Path(p, ic) => fnmatch(p, v.shown, *ic),
        Expr::Type(t) => matches!(
            (t, v.node),
            ('f', Node::File { .. }) | ('d', Node::Dir { .. }) | ('l', Node::Symlink { .. })
        ),
        Expr::Not(x) => !eval(x, v, out, depth + 1),
        Expr::And(a, b) => eval(a, v, out, depth + 1) && eval(b, v, out, depth + 1),
        Expr::Or(a, b) => eval(a, v, out, depth + 1) || eval(b, v, out, depth + 1),
        Expr::Print => {
            out.push_str(v.shown);
            out.push('\n');
            true
        }
        Expr::Empty => v.empty,
    }
}

pub(crate) fn find(ctx: &mut Ctx, args: &[String]) -> i32 {
    if !ctx.gnu() && args.first().is_some_and(|a| a == "--help") {
        ctx.bb_usage();
        return 0;
    }
    let split = args
        .iter()
        .position(|a| a.starts_with('-') && a.len() > 1 || a == "!" || a == "(")
        .unwrap_or(args.len());
    let mut roots: Vec<String> = args[..split].to_vec();
    if roots.is_empty() {
        roots.push(".".into());
    }
    let mut parser = FindParser {
        toks: &args[split..],
        pos: 0,
        maxdepth: None,
        mindepth: 0,
        has_action: false,
    };
    let expr = match parser.or() {
        Ok(e) if parser.pos >= parser.toks.len() => e,
        Ok(_) => {
            let tok = parser.toks.get(parser.pos).cloned().unwrap_or_default();
            if ctx.gnu() {
                ctx.err(format!("paths must precede expression: `{tok}'"));
            } else {
                ctx.err(format!("unrecognized: {tok}"));
                ctx.bb_usage();
            }
            return 1;
        }
        Err(e) => {
            match e {
                FindError::Unknown(t) => {
                    if ctx.gnu() {
                        ctx.err(format!("unknown predicate `{t}'"));
                    } else {
                        ctx.err(format!("unrecognized: {t}"));
                        ctx.bb_usage();
                    }
                }
                FindError::Missing(t) => {
                    if ctx.gnu() {
                        ctx.err(format!("missing argument to `{t}'"));
                    } else {
                        ctx.err(format!("{t} requires an argument"));
                    }
                }
                FindError::BadType(t) => {
                    if ctx.gnu() {
                        ctx.err(format!("Unknown argument to -type: {t}"));
                    } else {
                        ctx.err(format!("invalid argument '{t}' to '-type'"));
                    }
                }
                FindError::Paren => {
                    if ctx.gnu() {
                        ctx.err("invalid expression; you have used a binary operator '(' with nothing before it.");
                    } else {
                        ctx.err("unrecognized: (");
                    }
                }
            }
            return 1;
        }
    };
    let implicit_print = !parser.has_action;
    let mut status = 0;
    let mut out = String::new();
    for root in &roots {
        let abs = ctx.path(root);
        let Some(node) = ctx.sys.lstat(&abs) else {
            if ctx.gnu() {
                let q = ctx.lq(root);
                ctx.err(format!("{q}: No such file or directory"));
            } else {
                ctx.err(format!("{root}: No such file or directory"));
            }
            status = 1;
            continue;
        };
        // The root itself (a symlinked root is followed).
        let root_node = if matches!(node, Node::Symlink { .. }) {
            ctx.sys.stat(&abs).unwrap_or(node)
        } else {
            node
        };
        let mut items: Vec<(String, String, Node, usize)> = vec![(root.clone(), abs.clone(), root_node.clone(), 0)];
        if matches!(root_node, Node::Dir { .. }) {
            for (rel, n) in ctx.sys.walk(&abs) {
                let depth = rel.matches('/').count() + 1;
                if parser.maxdepth.is_some_and(|m| depth > m) {
                    continue;
                }
                let shown = if root.ends_with('/') {
                    format!("{root}{rel}")
                } else {
                    format!("{root}/{rel}")
                };
                items.push((shown, normalize(&abs, &rel), n, depth));
            }
        }
        for (shown, path, n, depth) in items {
            if depth < parser.mindepth || parser.maxdepth.is_some_and(|m| depth > m) {
                continue;
            }
            let name = if depth == 0 {
                root.trim_end_matches('/').rsplit('/').next().unwrap_or(root)
            } else {
                base_of(&path)
            };
            let empty = match &n {
                Node::Dir { .. } => ctx.sys.list(&path).map(|l| l.is_empty()).unwrap_or(false),
                Node::File { size, .. } => *size == 0,
                _ => false,
            };
            let v = Visit {
                shown: &shown,
                name,
                node: &n,
                empty,
            };
            if eval(&expr, &v, &mut out, 0) && implicit_print {
                out.push_str(&shown);
                out.push('\n');
            }
        }
    }
    ctx.out(out);
    status
}

// ---------------------------------------------------------------- du / df

/// BusyBox's human-readable sizes: one decimal from K upwards (`88.0K`), rounded.
pub(crate) fn bb_human(n: u64) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let units = ['K', 'M', 'G', 'T'];
    let mut v = n as f64 / 1024.0;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1}{}", units[u])
}

pub(crate) fn du(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "shacd:",
        &[
            ("summarize", Has::No),
            ("human-readable", Has::No),
            ("all", Has::No),
            ("total", Has::No),
            ("max-depth", Has::Required),
        ],
    );
    const BB: Spec = Spec::new("shacd:", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let summarize = p.any(&["s", "summarize"]);
    let hum = p.any(&["h", "human-readable"]);
    let all = p.any(&["a", "all"]);
    let max_depth: Option<usize> = match p.value("d").or(p.value("max-depth")) {
        Some(v) => match v.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                if ctx.gnu() {
                    let q = ctx.lq(v);
                    ctx.err(format!("invalid maximum depth {q}"));
                } else {
                    ctx.err(format!("invalid number '{v}'"));
                }
                return 1;
            }
        },
        None => None,
    };
    let max_depth = if summarize { Some(0) } else { max_depth };
    let mut ops = p.operands.clone();
    if ops.is_empty() {
        ops.push(".".into());
    }
    let fmt = |ctx: &Ctx, k: u64| -> String {
        if !hum {
            k.to_string()
        } else if ctx.gnu() {
            human(k * 1024)
        } else {
            bb_human(k * 1024)
        }
    };
    let mut status = 0;
    let mut grand = 0u64;
    let mut out = String::new();
    for op in &ops {
        let abs = ctx.path(op);
        let Some(node) = ctx.sys.stat(&abs) else {
            if ctx.gnu() {
                ctx.err(format!("cannot access {}: No such file or directory", ctx.sq(op)));
            } else {
                ctx.err(format!("{op}: No such file or directory"));
            }
            status = 1;
            continue;
        };
        if !matches!(node, Node::Dir { .. }) {
            let k = blocks_k(&node);
            grand += k;
            out.push_str(&format!("{}\t{op}\n", fmt(ctx, k)));
            continue;
        }
        // Post-order totals for every directory below.
        let walk = ctx.sys.walk(&abs);
        let mut totals: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
        totals.insert(String::new(), 4);
        for (rel, n) in &walk {
            let k = blocks_k(n);
            if matches!(n, Node::Dir { .. }) {
                *totals.entry(rel.clone()).or_insert(0) += k;
            }
            // Every ancestor directory (up to the operand itself, "") holds this entry.
            let mut cur = rel.as_str();
            loop {
                let par = cur.rfind('/').map(|i| &cur[..i]).unwrap_or("");
                *totals.entry(par.to_string()).or_insert(0) += k;
                if par.is_empty() {
                    break;
                }
                cur = par;
            }
        }
        let join = |rel: &str| -> String {
            if rel.is_empty() {
                op.clone()
            } else {
                format!("{}/{rel}", op.trim_end_matches('/'))
            }
        };
        // Print in post-order: children before parents (walk is sorted pre-order).
        let mut lines: Vec<(String, String)> = Vec::new();
        let emit_dir = |rel: &str, lines: &mut Vec<(String, String)>| {
            let depth = if rel.is_empty() {
                0
            } else {
                rel.matches('/').count() + 1
            };
            if max_depth.is_none_or(|m| depth <= m) {
                lines.push((
                    rel.to_string(),
                    format!("{}\t{}\n", fmt(ctx, totals.get(rel).copied().unwrap_or(4)), join(rel)),
                ));
            }
        };
        let mut stack: Vec<String> = Vec::new();
        for (rel, n) in &walk {
            while let Some(top) = stack.last() {
                if rel.starts_with(&format!("{top}/")) {
                    break;
                }
                let t = stack.pop().unwrap_or_default();
                emit_dir(&t, &mut lines);
            }
            match n {
                Node::Dir { .. } => stack.push(rel.clone()),
                _ => {
                    let depth = rel.matches('/').count() + 1;
                    if all && max_depth.is_none_or(|m| depth <= m) {
                        lines.push((rel.clone(), format!("{}\t{}\n", fmt(ctx, blocks_k(n)), join(rel))));
                    }
                }
            }
        }
        while let Some(t) = stack.pop() {
            emit_dir(&t, &mut lines);
        }
        emit_dir("", &mut lines);
        for (_, l) in lines {
            out.push_str(&l);
        }
        grand += totals.get("").copied().unwrap_or(4);
    }
    if p.any(&["c", "total"]) {
        out.push_str(&format!("{}\ttotal\n", fmt(ctx, grand)));
    }
    ctx.out(out);
    status
}

pub(crate) fn df(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("hkT", &[("human-readable", Has::No), ("print-type", Has::No)]);
    const BB: Spec = Spec::new("hkT", &[]);
    let p = match bail(ctx, if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let hum = p.any(&["h", "human-readable"]);
    let in_container = ctx.sys.exists("/.dockerenv");
    // (filesystem, size K, used K, mount point)
    let disk = 61_255_492u64;
    let used = 12_583_004 + ctx.sys.walk("/tmp").len() as u64 * 4;
    let rows: Vec<(&str, u64, u64, &str)> = if in_container {
        vec![
            ("overlay", disk, used, "/"),
            ("tmpfs", 65_536, 0, "/dev"),
            ("shm", 65_536, 0, "/dev/shm"),
            ("/dev/sda1", disk, used, "/etc/hosts"),
            ("tmpfs", 4_019_084, 0, "/proc/acpi"),
            ("tmpfs", 4_019_084, 0, "/sys/firmware"),
        ]
    } else {
        vec![
            ("tmpfs", 803_820, 1_224, "/run"),
            ("/dev/sda1", disk, used, "/"),
            ("tmpfs", 4_019_084, 0, "/dev/shm"),
            ("tmpfs", 5_120, 0, "/run/lock"),
            ("/dev/sda15", 106_858, 6_186, "/boot/efi"),
            ("tmpfs", 803_816, 4, "/run/user/1000"),
        ]
    };
    let avail = |size: u64, used: u64| -> u64 {
        if size == disk {
            size.saturating_sub(used).saturating_sub(3_142_684)
        } else {
            size - used
        }
    };
    let pct = |used: u64, av: u64| -> u64 {
        if used + av == 0 {
            0
        } else {
            (used * 100).div_ceil(used + av)
        }
    };
    let mut out = String::new();
    if ctx.gnu() {
        let cells: Vec<[String; 6]> = rows
            .iter()
            .map(|&(fs, size, u, mnt)| {
                let a = avail(size, u);
                let f = |k: u64| {
                    if hum {
                        if k == 0 { "0".to_string() } else { human(k * 1024) }
                    } else {
                        k.to_string()
                    }
                };
                [
                    fs.to_string(),
                    f(size),
                    f(u),
                    f(a),
                    format!("{}%", pct(u, a)),
                    mnt.to_string(),
                ]
            })
            .collect();
        let headers = if hum {
            ["Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on"]
        } else {
            ["Filesystem", "1K-blocks", "Used", "Available", "Use%", "Mounted on"]
        };
        let mins = if hum { [14, 5, 5, 5, 4, 0] } else { [14, 9, 5, 9, 4, 0] };
        let mut w = [0usize; 6];
        for i in 0..6 {
            w[i] = mins[i]
                .max(headers[i].len())
                .max(cells.iter().map(|c| c[i].len()).max().unwrap_or(0));
        }
        let line = |c: [&str; 6]| -> String {
            format!(
                "{:<w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {}\n",
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3],
                w4 = w[4]
            )
        };
        out.push_str(&line(headers));
        for c in &cells {
            out.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]]));
        }
    } else {
        if hum {
            out.push_str("Filesystem                Size      Used Available Use% Mounted on\n");
        } else {
            out.push_str("Filesystem           1K-blocks      Used Available Use% Mounted on\n");
        }
        for &(fs, size, u, mnt) in &rows {
            let a = avail(size, u);
            let f = |k: u64| {
                if hum {
                    if k == 0 { "0".to_string() } else { bb_human(k * 1024) }
                } else {
                    k.to_string()
                }
            };
            out.push_str(&format!(
                "{:<20} {:>9} {:>9} {:>9} {:>3}% {}\n",
                fs,
                f(size),
                f(u),
                f(a),
                pct(u, a),
                mnt
            ));
        }
    }
    ctx.out(out);
    0
}

// ---------------------------------------------------------------- basename / dirname

fn strip_base(name: &str) -> String {
    let t = name.trim_end_matches('/');
    if t.is_empty() {
        return if name.is_empty() { String::new() } else { "/".into() };
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

pub(crate) fn basename(ctx: &mut Ctx, args: &[String]) -> i32 {
    const SPEC: Spec = Spec::new(
        "as:z",
        &[("multiple", Has::No), ("suffix", Has::Required), ("zero", Has::No)],
    );
    let p = match bail(ctx, &SPEC, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        return ctx.missing_operand("missing operand");
    }
    let suffix = p.value("s").or(p.value("suffix")).map(str::to_string);
    let multiple = p.any(&["a", "multiple"]) || suffix.is_some();
    let (names, suffix) = if multiple {
        (p.operands.clone(), suffix)
    } else if p.operands.len() > 2 {
        if ctx.gnu() {
            let q = ctx.sq(&p.operands[2]);
            return ctx.missing_operand(&format!("extra operand {q}"));
        }
        ctx.bb_usage();
        return 1;
    } else {
        (vec![p.operands[0].clone()], p.operands.get(1).cloned())
    };
    let mut out = String::new();
    for n in names {
        let mut b = strip_base(&n);
        if let Some(s) = &suffix
            && b.len() > s.len()
            && b.ends_with(s.as_str())
        {
            b.truncate(b.len() - s.len());
        }
        out.push_str(&b);
        out.push('\n');
    }
    ctx.out(out);
    0
}

pub(crate) fn dirname(ctx: &mut Ctx, args: &[String]) -> i32 {
    const SPEC: Spec = Spec::new("z", &[("zero", Has::No)]);
    let p = match bail(ctx, &SPEC, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        return ctx.missing_operand("missing operand");
    }
    let mut out = String::new();
    for n in &p.operands {
        let t = n.trim_end_matches('/');
        let d = if t.is_empty() {
            if n.is_empty() { ".".to_string() } else { "/".to_string() }
        } else {
            match t.rfind('/') {
                None => ".".to_string(),
                Some(i) => {
                    let d = t[..i].trim_end_matches('/');
                    if d.is_empty() { "/".to_string() } else { d.to_string() }
                }
            }
        };
        out.push_str(&d);
        out.push('\n');
    }
    ctx.out(out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(parse_mode("755", 0, false), Some(0o755));
        assert_eq!(parse_mode("+x", 0o644, false), Some(0o755));
        assert_eq!(parse_mode("u+x", 0o644, false), Some(0o744));
        assert_eq!(parse_mode("go-r", 0o644, false), Some(0o600));
        assert_eq!(parse_mode("a=r", 0o755, false), Some(0o444));
        assert_eq!(parse_mode("u=rwx,g=rx,o=", 0, false), Some(0o750));
        assert_eq!(parse_mode("-w", 0o644, false), Some(0o444));
        assert_eq!(parse_mode("abc", 0o644, false), None);
        assert_eq!(parse_mode("99", 0o644, false), None);
        assert_eq!(bb_human(88 * 1024), "88.0K");
    }
}
