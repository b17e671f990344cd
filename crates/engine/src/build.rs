//! `docker build`: a BuildKit-like builder over the host workspace as context. Stages,
//! the layer cache (instruction text + parent + copied content), RUN executed in a
//! throw-away build container, COPY/ADD with `.dockerignore`, globs and `--from`,
//! image config and history as BuildKit writes them, and BuildKit's progress/error text.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use dockyard_dockerfile::{CommandForm, Dockerfile, Instruction, LineRange};

use crate::digest::sha256_hex;
use crate::docker::Ctx;
use crate::docker::args::Parsed;
use crate::fs::{Node, Tree, Vfs, View, normalize};
use crate::io::Explain;
use crate::model::{Config, Healthcheck, History, Image, Layer};
use crate::reference::{RefError, Reference};

/// Terminal width the TTY progress view is laid out for (as in the course notes).
const WIDTH: usize = 94;

/// One vertex of the progress display.
#[derive(Clone, Debug)]
struct Vertex {
    name: String,
    cached: bool,
    error: bool,
    secs: f64,
    subs: Vec<(String, f64)>,
    logs: Vec<(f64, String)>,
}

impl Vertex {
    fn new(name: impl Into<String>, secs: f64) -> Vertex {
        Vertex {
            name: name.into(),
            cached: false,
            error: false,
            secs,
            subs: Vec::new(),
            logs: Vec::new(),
        }
    }
}

struct Progress {
    vertices: Vec<Vertex>,
    plain: bool,
}

fn fmt_secs(s: f64) -> String {
    format!("{s:.1}s")
}

fn tty_line(text: &str, secs: f64) -> String {
    let t = fmt_secs(secs);
    let max = WIDTH - 2 - t.len();
    let mut body: String = text.chars().take(max).collect();
    let pad = WIDTH - t.len() - body.chars().count();
    body.extend(std::iter::repeat_n(' ', pad));
    body.push_str(&t);
    body
}

impl Progress {
    fn render(&self, total_secs: f64, finished: bool) -> String {
        let done = self.vertices.iter().filter(|v| !v.error).count();
        let n = self.vertices.len();
        if self.plain {
            let mut s = String::from("#0 building with \"default\" instance using docker driver\n");
            for (i, v) in self.vertices.iter().enumerate() {
                let num = i + 1;
                s.push_str(&format!("\n#{num} {}\n", v.name));
                for (sub, secs) in &v.subs {
                    s.push_str(&format!("#{num} {sub} {secs:.1}s done\n"));
                }
                for (t, l) in &v.logs {
                    s.push_str(&format!("#{num} {} {l}\n", plain_elapsed(*t)));
                }
                if v.cached {
                    s.push_str(&format!("#{num} CACHED\n"));
                } else if v.error {
                    s.push_str(&format!("#{num} ERROR: {}\n", v.logs.last().map(|_| "").unwrap_or("")));
                } else {
                    s.push_str(&format!("#{num} DONE {:.1}s\n", v.secs));
                }
            }
            return s;
        }
        let title = format!(
            "[+] Building {:.1}s ({done}/{n}){}",
            total_secs,
            if finished { " FINISHED" } else { "" }
        );
        let right = "docker:default";
        let pad = WIDTH.saturating_sub(title.len() + right.len()).max(1);
        let mut s = format!("{title}{}{right}\n", " ".repeat(pad));
        for v in &self.vertices {
            let prefix = if v.cached {
                "CACHED "
            } else if v.error {
                "ERROR "
            } else {
                ""
            };
            s.push_str(&tty_line(&format!(" => {prefix}{}", v.name), v.secs));
            s.push('\n');
            if !v.cached {
                for (sub, secs) in &v.subs {
                    s.push_str(&tty_line(&format!(" => => {sub}"), *secs));
                    s.push('\n');
                }
            }
        }
        s
    }
}

fn plain_elapsed(t: f64) -> String {
    if t < 10.0 {
        format!("{t:.3}")
    } else if t < 100.0 {
        format!("{t:.2}")
    } else {
        format!("{t:.1}")
    }
}

/// Expansion environment for Dockerfile words.
fn expand(word: &str, env: &[(String, String)], escape: char) -> String {
    let lex = dockyard_dockerfile::shell::Lex::new(escape);
    lex.process_word(word, env).unwrap_or_else(|_| word.to_string())
}

/// `.dockerignore` patterns (with `!` exceptions), matched against context-relative paths.
fn ignored(patterns: &[(bool, String)], rel: &str) -> bool {
    let mut out = false;
    for (neg, p) in patterns {
        let p = p.trim_start_matches("./").trim_start_matches('/');
        let hit = path_match(p, rel)
            || rel.starts_with(&format!("{p}/"))
            || (p.starts_with("**/") && dockyard_shell::fnmatch(&p[3..], rel.rsplit('/').next().unwrap_or(rel)));
        if hit {
            out = !neg;
        }
    }
    out
}

/// Go's `filepath.Match` per path component: `*` never crosses a `/`.
fn path_match(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let t: Vec<&str> = path.trim_matches('/').split('/').collect();
    p.len() == t.len() && p.iter().zip(&t).all(|(a, b)| dockyard_shell::fnmatch(a, b))
}

/// The build context: a snapshot of the context directory minus ignored files.
struct Context {
    tree: Tree,
    size: u64,
}

fn load_context(host: &Tree, dir: &str) -> (Context, u64) {
    let mut patterns: Vec<(bool, String)> = Vec::new();
    let di = host.read_string(&normalize(dir, ".dockerignore")).ok();
    let di_size = di.as_ref().map(|s| s.len() as u64).unwrap_or(0);
    if let Some(text) = di {
        for line in text.lines() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            match l.strip_prefix('!') {
                Some(rest) => patterns.push((true, rest.to_string())),
                None => patterns.push((false, l.to_string())),
            }
        }
    }
    let mut tree = Tree::new();
    let mut size = 0;
    for (rel, node) in host.walk(dir) {
        if ignored(&patterns, &rel) {
            continue;
        }
        size += node.size();
        tree.put(&format!("/{rel}"), node);
    }
    (Context { tree, size }, di_size)
}

/// State of a stage being built.
#[derive(Clone)]
struct StageState {
    layers: Vec<String>,
    config: Config,
    history: Vec<History>,
    facts: BTreeMap<String, String>,
    /// Cache chain key.
    key: String,
    shell: Vec<String>,
    args: Vec<(String, String)>,
}

enum StepError {
    /// (message after `failed to solve: `, source lines, logs)
    Solve(String, LineRange, Vec<(f64, String)>),
}

/// `docker build` / `docker image build` / `docker buildx build`.
pub fn build_cmd(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let arg = p.args[0].clone();
    let quiet = p.has("quiet");
    let plain = matches!(p.value("progress"), Some("plain") | Some("rawjson"));
    // Tags first, like buildx.
    let mut tags: Vec<Reference> = Vec::new();
    for t in p.values("tag") {
        match Reference::parse(t) {
            Ok(r) => tags.push(r.with_default_tag()),
            Err(RefError::Uppercase(_)) => {
                ctx.io
                    .errln(format!("ERROR: invalid tag \"{t}\": repository name must be lowercase"));
                ctx.explain(
                    Explain::new("build-tag-uppercase")
                        .arg("tag", t.to_string())
                        .arg("lower", t.to_ascii_lowercase()),
                );
                return 1;
            }
            Err(_) => {
                ctx.io
                    .errln(format!("ERROR: invalid tag \"{t}\": invalid reference format"));
                ctx.explain(Explain::new("invalid-reference").arg("reference", t.to_string()));
                return 1;
            }
        }
    }
    let cwd = ctx.world.host.cwd.clone();
    let ctx_dir = normalize(&cwd, &arg);
    if arg != "-" && !ctx.world.host.fs.is_dir(&ctx_dir) {
        ctx.io
            .errln(format!("ERROR: unable to prepare context: path \"{arg}\" not found"));
        ctx.explain(Explain::new("build-context-missing").arg("path", arg.clone()));
        return 1;
    }
    let df_name = p.value("file").unwrap_or("Dockerfile").to_string();
    let df_path = if p.value("file").is_some() {
        normalize(&cwd, &df_name)
    } else {
        normalize(&ctx_dir, "Dockerfile")
    };
    let df_base = df_name.rsplit('/').next().unwrap_or("Dockerfile").to_string();
    let mut progress = Progress {
        vertices: Vec::new(),
        plain,
    };
    let src = if arg == "-" {
        ctx.stdin.map(str::to_string)
    } else {
        ctx.world.host.fs.read_string(&df_path).ok()
    };
    let Some(src) = src else {
        let mut v = Vertex::new(format!("[internal] load build definition from {df_base}"), 0.0);
        v.subs.push(("transferring dockerfile: 2B".into(), 0.0));
        progress.vertices.push(v);
        if !quiet {
            ctx.io.err(progress.render(0.0, true));
        }
        ctx.io.errln(format!("ERROR: failed to build: failed to solve: failed to read dockerfile: open {df_base}: no such file or directory"));
        ctx.explain(Explain::new("build-no-dockerfile").arg("dir", arg.clone()));
        return 1;
    };
    let mut v = Vertex::new(format!("[internal] load build definition from {df_base}"), 0.0);
    v.subs.push((
        format!("transferring dockerfile: {}", crate::units::size3(src.len() as u64)),
        0.0,
    ));
    progress.vertices.push(v);
    let df = match dockyard_dockerfile::parse(&src) {
        Ok(df) => df,
        Err(e) => {
            if !quiet {
                ctx.io.err(progress.render(0.0, true));
            }
            if let Some(lines) = e.lines() {
                ctx.io
                    .err(dockyard_dockerfile::source_snippet_named(&df_base, &src, &[lines]));
            }
            ctx.io.errln(format!("ERROR: failed to build: failed to solve: {e}"));
            let mut ex = Explain::new(&format!("build-{}", e.kind()));
            ex = ex.arg("message", e.to_string());
            ctx.explain(ex);
            return 1;
        }
    };
    let (context, di_size) = if arg == "-" {
        (
            Context {
                tree: Tree::new(),
                size: 0,
            },
            0,
        )
    } else {
        load_context(&ctx.world.host.fs, &ctx_dir)
    };
    let mut build_args: BTreeMap<String, String> = BTreeMap::new();
    for ba in p.values("build-arg") {
        match ba.split_once('=') {
            Some((k, v)) => {
                build_args.insert(k.to_string(), v.to_string());
            }
            None => {
                if let Some(v) = ctx.world.host.get_env(ba) {
                    build_args.insert(ba.to_string(), v.to_string());
                }
            }
        }
    }
    let no_cache = p.has("no-cache");
    let target = p.value("target").map(|t| t.to_ascii_lowercase());
    let start_time = ctx.world.now;
    let result = run_build(
        ctx,
        &df,
        &context,
        di_size,
        &build_args,
        no_cache,
        target.as_deref(),
        &mut progress,
    );
    let total: f64 = progress.vertices.iter().map(|v| v.secs).sum::<f64>() + 0.1;
    ctx.world.now = start_time + (total * 1e9) as i64;
    match result {
        Err(StepError::Solve(msg, lines, logs)) => {
            if !quiet {
                ctx.io.err(progress.render(total, true));
                if let Some(failed) = progress.vertices.iter().find(|v| v.error) {
                    ctx.io.err(format!("------\n > {}:\n", failed.name));
                    for (t, l) in logs.iter().rev().take(10).rev() {
                        ctx.io.err(format!("{} {l}\n", plain_elapsed(*t)));
                    }
                    ctx.io.err("------\n");
                }
            }
            if lines.start > 0 {
                ctx.io
                    .err(dockyard_dockerfile::source_snippet_named(&df_base, &src, &[lines]));
            }
            ctx.io.errln(format!("ERROR: failed to build: failed to solve: {msg}"));
            // The failing instruction's text (for a COPY that reaches outside the context).
            let failing: String = src.lines().nth(lines.start.saturating_sub(1)).unwrap_or("").to_string();
            let id = if msg.contains("not found") && msg.contains("checksum") && failing.contains("../") {
                "build-copy-outside-context"
            } else if msg.contains("not found") && msg.contains("checksum") {
                "build-copy-missing"
            } else if msg.contains("did not complete successfully") {
                "build-run-failed"
            } else if msg.contains("pull access denied") {
                "pull-access-denied"
            } else {
                "build-failed"
            };
            ctx.explain(Explain::new(id).arg("message", msg));
            1
        }
        Ok(state) => {
            // Export.
            let img = finish_image(ctx, &state);
            let id = img.id.clone();
            let mut export = Vertex::new("exporting to image", 0.1);
            export.subs.push(("exporting layers".into(), 0.1));
            export.subs.push((format!("writing image {id}"), 0.0));
            for t in &tags {
                export
                    .subs
                    .push((format!("naming to {}", t.full().trim_end_matches(":latest")), 0.0));
            }
            progress.vertices.push(export);
            let d = ctx.daemon();
            d.images.entry(id.clone()).or_insert(img);
            for t in &tags {
                d.tags.insert(t.full(), id.clone());
            }
            if quiet {
                ctx.io.outln(&id);
            } else {
                ctx.io.err(progress.render(total, true));
            }
            0
        }
    }
}

fn stage_label(df: &Dockerfile, i: usize) -> Option<String> {
    if df.stages.len() <= 1 {
        return None;
    }
    Some(df.stages[i].name.clone().unwrap_or_else(|| format!("stage-{i}")))
}

/// Stages the target depends on (FROM <stage>, COPY --from=<stage>), in order.
fn needed_stages(df: &Dockerfile, target: usize) -> Vec<usize> {
    let mut need = BTreeSet::new();
    let mut stack = vec![target];
    while let Some(i) = stack.pop() {
        if !need.insert(i) {
            continue;
        }
        let st = &df.stages[i];
        if let Some((j, _)) = df.stage(&st.base).filter(|(j, _)| *j < i) {
            stack.push(j);
        }
        for ins in &st.instructions {
            if let Instruction::Copy(c) = ins
                && let Some(from) = &c.from
            {
                if let Some((j, _)) = df.stage(from) {
                    stack.push(j);
                } else if let Ok(n) = from.parse::<usize>()
                    && n < i
                {
                    stack.push(n);
                }
            }
        }
    }
    need.into_iter().collect()
}

#[allow(clippy::too_many_arguments)]
fn run_build(
    ctx: &mut Ctx<'_>,
    df: &Dockerfile,
    context: &Context,
    di_size: u64,
    build_args: &BTreeMap<String, String>,
    no_cache: bool,
    target: Option<&str>,
    progress: &mut Progress,
) -> Result<StageState, StepError> {
    let target_idx = match target {
        Some(t) => match df.stage(t) {
            Some((i, _)) => i,
            None => {
                return Err(StepError::Solve(
                    format!("target stage \"{t}\" could not be found"),
                    LineRange::new(0, 0),
                    vec![],
                ));
            }
        },
        None => df.stages.len() - 1,
    };
    // Meta args (before FROM).
    let mut meta: Vec<(String, String)> = Vec::new();
    for a in &df.meta_args {
        for def in &a.args {
            let v = build_args
                .get(&def.key)
                .cloned()
                .or_else(|| def.value.as_ref().map(|v| expand(v, &meta, df.escape_token)))
                .unwrap_or_default();
            meta.push((def.key.clone(), v));
        }
    }
    let order = needed_stages(df, target_idx);
    // Metadata vertices for every external base image.
    let mut bases: Vec<(usize, String)> = Vec::new();
    for &i in &order {
        let st = &df.stages[i];
        let base = expand(&st.base, &meta, df.escape_token);
        if base != "scratch" && df.stage(&base).is_none_or(|(j, _)| j >= i) {
            bases.push((i, base));
        }
    }
    let mut seen_meta = BTreeSet::new();
    for (_, b) in &bases {
        if let Ok(r) = Reference::parse(b) {
            let full = r.with_default_tag().full();
            if seen_meta.insert(full.clone()) {
                progress
                    .vertices
                    .push(Vertex::new(format!("[internal] load metadata for {full}"), 0.4));
            }
        }
    }
    let mut di = Vertex::new("[internal] load .dockerignore", 0.0);
    di.subs.push((
        format!("transferring context: {}", crate::units::size3(di_size.max(2))),
        0.0,
    ));
    progress.vertices.push(di);
    let mut done: BTreeMap<usize, StageState> = BTreeMap::new();
    let mut context_shown = false;
    for &i in &order {
        let st = &df.stages[i];
        let label = stage_label(df, i);
        let numbered = st
            .instructions
            .iter()
            .filter(|ins| {
                matches!(
                    ins,
                    Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_)
                )
            })
            .count();
        let base = expand(&st.base, &meta, df.escape_token);
        let from_stage = df.stage(&base).filter(|(j, _)| *j < i).map(|(j, _)| j);
        let has_from = base != "scratch" && from_stage.is_none();
        // ONBUILD triggers of a local base image run first, as if written after FROM.
        let triggers: Vec<Instruction> = if has_from {
            ctx.d()
                .image_id_for(&base)
                .and_then(|id| ctx.d().images.get(&id))
                .map(|img| img.config.onbuild.iter().filter_map(|t| parse_trigger(t)).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let trigger_layers = triggers
            .iter()
            .filter(|ins| {
                matches!(
                    ins,
                    Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_)
                )
            })
            .count();
        let total = numbered + trigger_layers + usize::from(has_from);
        let width = total.to_string().len();
        let mut n = 0usize;
        let onbuild_mode = std::cell::Cell::new(false);
        let mut prefix = |n: usize| -> String {
            let num = format!("{:>width$}/{total}", n);
            let tag = if onbuild_mode.get() { " ONBUILD" } else { "" };
            match &label {
                Some(l) => format!("[{l} {num}]{tag}"),
                None => format!("[{num}]{tag}"),
            }
        };
        let mut state = if let Some(j) = from_stage {
            done.get(&j)
                .cloned()
                .ok_or_else(|| StepError::Solve("stage not built".into(), st.source.lines, vec![]))?
        } else if base == "scratch" {
            StageState {
                layers: vec![],
                config: Config::default(),
                history: vec![],
                facts: BTreeMap::new(),
                key: "scratch".into(),
                shell: vec!["/bin/sh".into(), "-c".into()],
                args: vec![],
            }
        } else {
            n += 1;
            let r = Reference::parse(&base).map_err(|e| {
                StepError::Solve(
                    format!("failed to parse stage name \"{base}\": {e}"),
                    st.source.lines,
                    vec![],
                )
            })?;
            let r = r.with_default_tag();
            let local = ctx.d().image_id_for(&base);
            let (img_id, mut vtx) = match local {
                Some(id) => {
                    let digest = ctx.d().images[&id]
                        .repo_digests
                        .first()
                        .and_then(|d| d.split_once('@').map(|x| x.1.to_string()));
                    let name = match &digest {
                        Some(d) => format!("{} FROM {}@{d}", prefix(n), r.full()),
                        None => format!("{} FROM {}", prefix(n), r.full()),
                    };
                    (id, Vertex::new(name, 0.0))
                }
                None => {
                    let remote = crate::docker::pull::lookup(ctx, &r).map_err(|m| {
                        StepError::Solve(
                            format!("{} : {m}", r.full()).replacen(" : ", ": ", 1),
                            st.source.lines,
                            vec![],
                        )
                    })?;
                    let mut v = Vertex::new(format!("{} FROM {}@{}", prefix(n), r.full(), remote.digest), 0.0);
                    v.subs.push((format!("resolve {}@{}", r.full(), remote.digest), 0.0));
                    let mut secs = 0.0;
                    let mut seen = BTreeSet::new();
                    for l in &remote.layers {
                        if !seen.insert(l.digest.clone()) || ctx.d().layers.contains_key(&l.digest) {
                            continue;
                        }
                        let dl = (l.size as f64 / 40e6).max(0.1);
                        secs += dl;
                        v.subs.push((
                            format!(
                                "{} {} / {}",
                                l.digest,
                                crate::units::size3(l.size / 2),
                                crate::units::size3(l.size / 2)
                            ),
                            dl,
                        ));
                    }
                    for l in &remote.layers {
                        if ctx.d().layers.contains_key(&l.digest) {
                            continue;
                        }
                        let ex = (l.size as f64 / 100e6).max(0.1);
                        secs += ex;
                        v.subs.push((format!("extracting {}", l.digest), ex));
                    }
                    v.secs = (secs * 10.0_f64).round() / 10.0;
                    crate::docker::pull::install(ctx, &r, remote);
                    let id = ctx.d().image_id_for(&r.full()).unwrap_or_default();
                    (id, v)
                }
            };
            if vtx.subs.is_empty() {
                vtx.secs = 0.0;
            }
            progress.vertices.push(vtx);
            let img = ctx.d().images[&img_id].clone();
            let shell = img
                .config
                .shell
                .clone()
                .unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into()]);
            StageState {
                layers: img.layers.clone(),
                config: img.config.clone(),
                history: img.history.clone(),
                facts: img.facts.clone(),
                key: img.id.clone(),
                shell,
                args: vec![],
            }
        };
        state.args.clear();
        if !triggers.is_empty() {
            // Triggers fire once: the new image does not inherit them.
            state.config.onbuild.clear();
        }
        let steps = triggers
            .iter()
            .map(|t| (true, t))
            .chain(st.instructions.iter().map(|t| (false, t)));
        for (is_trigger, ins) in steps {
            onbuild_mode.set(is_trigger);
            let lines = ins.lines();
            let env_now: Vec<(String, String)> = state
                .args
                .iter()
                .cloned()
                .chain(state.config.env.iter().map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    (k.to_string(), v.to_string())
                }))
                .collect();
            let ex = |w: &str| expand(w, &env_now, df.escape_token);
            let now = ctx.world.now;
            match ins {
                Instruction::Env(e) => {
                    for kv in &e.vars {
                        let v = ex(&kv.value);
                        state.config.env_set(&kv.key, &v);
                        push_meta(ctx, &mut state, now, format!("ENV {}={}", kv.key, v));
                    }
                }
                Instruction::Arg(a) => {
                    for def in &a.args {
                        let v = build_args
                            .get(&def.key)
                            .cloned()
                            .or_else(|| {
                                meta.iter()
                                    .find(|(k, _)| *k == def.key)
                                    .filter(|_| def.value.is_none())
                                    .map(|(_, v)| v.clone())
                            })
                            .or_else(|| def.value.as_ref().map(|v| ex(v)));
                        let shown = match &v {
                            Some(v) => format!("ARG {}={v}", def.key),
                            None => format!("ARG {}", def.key),
                        };
                        if let Some(v) = v {
                            state.args.push((def.key.clone(), v));
                        }
                        push_meta(ctx, &mut state, now, shown);
                    }
                }
                Instruction::Label(l) => {
                    for kv in &l.labels {
                        let (k, v) = (ex(&kv.key), ex(&kv.value));
                        state.config.labels.insert(k.clone(), v.clone());
                        push_meta(ctx, &mut state, now, format!("LABEL {k}={v}"));
                    }
                }
                Instruction::Expose(e) => {
                    let mut shown = Vec::new();
                    for p in &e.ports {
                        let p = ex(p);
                        let key = if p.contains('/') {
                            p.to_ascii_lowercase()
                        } else {
                            format!("{p}/tcp")
                        };
                        if !state.config.exposed_ports.contains(&key) {
                            state.config.exposed_ports.push(key.clone());
                        }
                        shown.push(key);
                    }
                    state.config.exposed_ports.sort();
                    push_meta(
                        ctx,
                        &mut state,
                        now,
                        format!(
                            "EXPOSE map[{}]",
                            shown.iter().map(|s| format!("{s}:{{}}")).collect::<Vec<_>>().join(" ")
                        ),
                    );
                }
                Instruction::Volume(v) => {
                    let vols: Vec<String> = v.volumes.iter().map(|x| ex(x)).collect();
                    for x in &vols {
                        if !state.config.volumes.contains(x) {
                            state.config.volumes.push(x.clone());
                        }
                    }
                    push_meta(ctx, &mut state, now, format!("VOLUME [{}]", vols.join(" ")));
                }
                Instruction::User(u) => {
                    state.config.user = ex(&u.user);
                    let shown = format!("USER {}", state.config.user);
                    push_meta(ctx, &mut state, now, shown);
                }
                Instruction::Cmd(c) => {
                    let v = form_to_vec(&c.command, &state.shell);
                    push_meta(ctx, &mut state, now, format!("CMD {}", go_slice(&v)));
                    state.config.cmd = Some(v);
                }
                Instruction::Entrypoint(c) => {
                    let v = form_to_vec(&c.command, &state.shell);
                    push_meta(ctx, &mut state, now, format!("ENTRYPOINT {}", go_slice(&v)));
                    state.config.entrypoint = Some(v);
                    // An ENTRYPOINT resets a CMD inherited from the base image.
                    if !st
                        .instructions
                        .iter()
                        .take_while(|x| !std::ptr::eq(*x, ins))
                        .any(|x| matches!(x, Instruction::Cmd(_)))
                    {
                        state.config.cmd = None;
                    }
                }
                Instruction::Shell(s) => {
                    state.shell = s.shell.clone();
                    state.config.shell = Some(s.shell.clone());
                    push_meta(ctx, &mut state, now, format!("SHELL {}", go_slice(&s.shell)));
                }
                Instruction::StopSignal(s) => {
                    state.config.stop_signal = Some(ex(&s.signal));
                    push_meta(ctx, &mut state, now, format!("STOPSIGNAL {}", ex(&s.signal)));
                }
                Instruction::Healthcheck(h) => {
                    match &h.health {
                        dockyard_dockerfile::instructions::Healthcheck::None => {
                            state.config.healthcheck = Some(Healthcheck {
                                test: vec!["NONE".into()],
                                ..Default::default()
                            });
                        }
                        dockyard_dockerfile::instructions::Healthcheck::Cmd(c) => {
                            let secs =
                                |d: std::time::Duration, def: u64| if d.is_zero() { def } else { d.as_secs().max(1) };
                            state.config.healthcheck = Some(Healthcheck {
                                test: c.test(),
                                interval_s: secs(c.interval, 30),
                                timeout_s: secs(c.timeout, 30),
                                start_period_s: secs(c.start_period, 0),
                                retries: if c.retries == 0 { 3 } else { c.retries },
                            });
                        }
                    }
                    push_meta(
                        ctx,
                        &mut state,
                        now,
                        format!(
                            "HEALTHCHECK {}",
                            ins.original()
                                .trim_start_matches("HEALTHCHECK ")
                                .trim_start_matches("healthcheck ")
                        ),
                    );
                }
                Instruction::Onbuild(o) => {
                    state.config.onbuild.push(o.expression.clone());
                    push_meta(ctx, &mut state, now, format!("ONBUILD {}", o.expression));
                }
                Instruction::Maintainer(m) => {
                    push_meta(ctx, &mut state, now, format!("MAINTAINER {}", m.maintainer));
                }
                Instruction::Workdir(w) => {
                    n += 1;
                    let path = normalize(
                        if state.config.working_dir.is_empty() {
                            "/"
                        } else {
                            &state.config.working_dir
                        },
                        &ex(&w.path),
                    );
                    state.config.working_dir = path.clone();
                    let name = format!("{} WORKDIR {}", prefix(n), path);
                    let key = cache_key(&state.key, &format!("WORKDIR {path}"), "");
                    let created_by = format!("WORKDIR {path}");
                    step_layer(ctx, &mut state, progress, name, key, created_by, no_cache, 0.0, |t| {
                        t.put(&path, Node::dir());
                        Ok(vec![])
                    })?;
                }
                Instruction::Copy(_) | Instruction::Add(_) => {
                    n += 1;
                    // `--chown` is accepted; the simulated file systems do not model owners.
                    let (sources, dest, from, _chown, contents, is_add) = match ins {
                        Instruction::Copy(c) => (
                            c.sources.clone(),
                            c.dest.clone(),
                            c.from.clone(),
                            c.chown.clone(),
                            c.contents.clone(),
                            false,
                        ),
                        Instruction::Add(a) => (
                            a.sources.clone(),
                            a.dest.clone(),
                            None,
                            a.chown.clone(),
                            a.contents.clone(),
                            true,
                        ),
                        _ => unreachable_pair(),
                    };
                    if from.is_none() && !context_shown && contents.is_empty() {
                        context_shown = true;
                        let mut v = Vertex::new("[internal] load build context", 0.0);
                        v.subs.push((
                            format!("transferring context: {}", crate::units::size3(context.size.max(2))),
                            0.0,
                        ));
                        progress.vertices.push(v);
                    }
                    let sources: Vec<String> = sources.iter().map(|s| ex(s)).collect();
                    let dest_x = ex(&dest);
                    let workdir = if state.config.working_dir.is_empty() {
                        "/".to_string()
                    } else {
                        state.config.working_dir.clone()
                    };
                    let dest_abs = normalize(&workdir, &dest_x);
                    let dest_exists_as_dir = {
                        let lower: Vec<Arc<Tree>> = state
                            .layers
                            .iter()
                            .filter_map(|l| ctx.d().layers.get(l))
                            .map(|l| l.tree.clone())
                            .collect();
                        let mut empty = Tree::new();
                        let view = View {
                            lower: &lower,
                            upper: &mut empty,
                            trees: vec![],
                            mounts: vec![],
                        };
                        view.is_dir(&dest_abs)
                    };
                    let dest_is_dir = dest_x.ends_with('/')
                        || dest_x == "."
                        || dest_exists_as_dir
                        || sources.len() > 1
                        || sources.iter().any(|s| s.contains('*'));
                    // Source tree: the context, or another stage / image.
                    let (src_tree, src_label): (Tree, String) = match &from {
                        Some(f) => {
                            let idx = df.stage(f).map(|(j, _)| j).or_else(|| f.parse::<usize>().ok());
                            match idx.and_then(|j| done.get(&j)) {
                                Some(s) => (flatten(ctx, &s.layers), f.clone()),
                                None => match ctx.d().image_id_for(f) {
                                    Some(id) => {
                                        let layers = ctx.d().images[&id].layers.clone();
                                        (flatten(ctx, &layers), f.clone())
                                    }
                                    None => {
                                        return Err(StepError::Solve(
                                            format!(
                                                "{f}: failed to resolve source metadata for docker.io/library/{f}:latest: pull access denied, repository does not exist or may require authorization"
                                            ),
                                            lines,
                                            vec![],
                                        ));
                                    }
                                },
                            }
                        }
                        None => (context.tree.clone(), "context".into()),
                    };
                    // Collect files and a content hash.
                    let mut items: Vec<(String, Node)> = Vec::new();
                    let mut hash_input = String::new();
                    for h in &contents {
                        let data = if h.expand { ex(&h.data) } else { h.data.clone() };
                        hash_input.push_str(&format!("heredoc:{}:{data}", h.path));
                        let target = if dest_is_dir || dest_x.ends_with('/') {
                            normalize(&dest_abs, &h.path)
                        } else {
                            dest_abs.clone()
                        };
                        items.push((target, Node::file(data)));
                    }
                    for s in sources.iter().filter(|s| !contents.iter().any(|h| &h.path == *s)) {
                        if is_add && (s.starts_with("http://") || s.starts_with("https://")) {
                            let fname = s.rsplit('/').next().unwrap_or("download").to_string();
                            let target = if dest_is_dir {
                                normalize(&dest_abs, &fname)
                            } else {
                                dest_abs.clone()
                            };
                            hash_input.push_str(s);
                            items.push((
                                target,
                                Node::File {
                                    data: Arc::new(Vec::new()),
                                    size: 1_048_576,
                                    mode: 0o600,
                                    program: None,
                                },
                            ));
                            continue;
                        }
                        let rel = normalize("/", s);
                        let matches: Vec<String> = if s.contains(['*', '?', '[']) {
                            src_tree
                                .entries
                                .keys()
                                .filter(|k| path_match(&rel, k))
                                .cloned()
                                .collect()
                        } else if rel == "/" || src_tree.get(&rel).is_some() {
                            vec![rel.clone()]
                        } else {
                            vec![]
                        };
                        if matches.is_empty() {
                            let refid = sha256_hex(format!("{}{}", state.key, src_label).as_bytes());
                            let msg = format!(
                                "failed to compute cache key: failed to calculate checksum of ref {}::{}: \"{}\": not found",
                                &refid[..25],
                                &refid[25..50],
                                rel
                            );
                            let mut v = Vertex::new(format!("{} {}", prefix(n), display_ins(ins, &ex)), 0.0);
                            v.error = true;
                            progress.vertices.push(v);
                            return Err(StepError::Solve(msg, lines, vec![]));
                        }
                        for m in matches {
                            match src_tree.get(&m) {
                                Some(Node::Dir { .. }) | None
                                    if m == "/" || matches!(src_tree.get(&m), Some(Node::Dir { .. })) =>
                                {
                                    // A directory's *contents* are copied.
                                    let base = if m == "/" {
                                        dest_abs.clone()
                                    } else if s.contains('*') {
                                        normalize(&dest_abs, m.rsplit('/').next().unwrap_or(""))
                                    } else {
                                        dest_abs.clone()
                                    };
                                    items.push((base.clone(), Node::dir()));
                                    for (k, node) in src_tree.below(&m) {
                                        let r = &k[m.len().min(k.len())..];
                                        let r = r.trim_start_matches('/');
                                        hash_input.push_str(k);
                                        if let Node::File { data, .. } = node {
                                            hash_input.push_str(&sha256_hex(data));
                                        }
                                        items.push((normalize(&base, r), node.clone()));
                                    }
                                }
                                Some(node) => {
                                    let fname = m.rsplit('/').next().unwrap_or("");
                                    let target = if dest_is_dir {
                                        normalize(&dest_abs, fname)
                                    } else {
                                        dest_abs.clone()
                                    };
                                    hash_input.push_str(&m);
                                    if let Node::File { data, .. } = node {
                                        hash_input.push_str(&sha256_hex(data));
                                    }
                                    // ADD of a local tar unpacks it.
                                    if is_add
                                        && (fname.ends_with(".tar")
                                            || fname.ends_with(".tar.gz")
                                            || fname.ends_with(".tgz"))
                                        && let Some(unpacked) = crate::tar::unpack(node)
                                    {
                                        for (p, n2) in unpacked {
                                            items.push((normalize(&dest_abs, &p), n2));
                                        }
                                        continue;
                                    }
                                    items.push((target, node.clone()));
                                }
                                None => {}
                            }
                        }
                    }
                    let text = display_ins(ins, &ex);
                    let name = format!("{} {text}", prefix(n));
                    let key = cache_key(&state.key, &text, &sha256_hex(hash_input.as_bytes()));
                    let total_bytes: u64 = items.iter().map(|(_, n)| n.size()).sum();
                    let created_by = format!("{text} # buildkit");
                    step_layer(
                        ctx,
                        &mut state,
                        progress,
                        name,
                        key,
                        created_by,
                        no_cache,
                        (total_bytes as f64 / 50e6).max(0.0),
                        move |t| {
                            for (p, node) in items {
                                t.put(&p, node);
                            }
                            Ok(vec![])
                        },
                    )?;
                }
                Instruction::Run(r) => {
                    n += 1;
                    let argv: Vec<String> = match &r.command {
                        CommandForm::Shell(s) => {
                            let mut v = state.shell.clone();
                            v.push(s.clone());
                            v
                        }
                        CommandForm::Exec(v) => v.clone(),
                    };
                    // Build args used by RUN are part of its history and cache key.
                    let arg_env: Vec<String> = state.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    let shown_cmd = match &r.command {
                        CommandForm::Shell(s) => s.clone(),
                        CommandForm::Exec(v) => go_slice(v),
                    };
                    let name = format!("{} RUN {shown_cmd}", prefix(n));
                    let arg_prefix = if arg_env.is_empty() {
                        String::new()
                    } else {
                        format!("|{} {} ", arg_env.len(), arg_env.join(" "))
                    };
                    let created_by = format!("RUN {arg_prefix}{} # buildkit", argv.join(" "));
                    let key = cache_key(
                        &state.key,
                        &created_by,
                        &r.heredocs.iter().map(|h| h.data.clone()).collect::<String>(),
                    );
                    let heredoc_script = r.heredocs.first().map(|h| h.data.clone());
                    let argv = match (&r.command, heredoc_script) {
                        (CommandForm::Shell(s), Some(body)) if s.trim_start().starts_with("<<") => {
                            let mut v = state.shell.clone();
                            v.push(body);
                            v
                        }
                        _ => argv,
                    };
                    let env = arg_env.clone();
                    let st_clone = state.clone();
                    let failed_cmd = argv.clone();
                    let res = step_layer(ctx, &mut state, progress, name, key, created_by, no_cache, 0.0, |_t| {
                        Ok(vec![])
                    });
                    res?;
                    // step_layer above only decided cached-or-not; execute when it was a miss.
                    if progress.vertices.last().is_some_and(|v| !v.cached) {
                        let (tree, logs, code) = run_in_build_container(ctx, &st_clone, &argv, &env);
                        let secs: f64 = estimate_run_secs(&argv, &tree);
                        let v = progress.vertices.last_mut().expect("vertex pushed");
                        v.secs = secs;
                        v.logs = logs.clone();
                        if code != 0 {
                            v.error = true;
                            let key = state.key.clone();
                            ctx.daemon().build_cache.remove(&key);
                            let cmdtxt = failed_cmd.join(" ");
                            return Err(StepError::Solve(
                                format!("process \"{cmdtxt}\" did not complete successfully: exit code: {code}"),
                                lines,
                                logs,
                            ));
                        }
                        // Replace the placeholder layer with the real one.
                        replace_last_layer(ctx, &mut state, tree);
                    }
                }
            }
        }
        let _ = &mut prefix;
        done.insert(i, state);
    }
    Ok(done.remove(&target_idx).expect("target built"))
}

/// Parses an `ONBUILD` trigger (`COPY . /app`) into the instruction it stands for.
fn parse_trigger(trigger: &str) -> Option<Instruction> {
    let df = dockyard_dockerfile::parse(&format!("FROM scratch\n{trigger}\n")).ok()?;
    df.stages.into_iter().next()?.instructions.into_iter().next()
}

fn unreachable_pair() -> (
    Vec<String>,
    String,
    Option<String>,
    Option<String>,
    Vec<dockyard_dockerfile::instructions::SourceContent>,
    bool,
) {
    (vec![], String::new(), None, None, vec![], false)
}

/// The instruction as BuildKit names the vertex: keyword upper-case, variables expanded.
fn display_ins(ins: &Instruction, ex: &dyn Fn(&str) -> String) -> String {
    let orig = ins.original();
    let (kw, rest) = orig.split_once(char::is_whitespace).unwrap_or((orig, ""));
    format!("{} {}", kw.to_ascii_uppercase(), ex(rest.trim()))
}

fn form_to_vec(f: &CommandForm, shell: &[String]) -> Vec<String> {
    match f {
        CommandForm::Exec(v) => v.clone(),
        CommandForm::Shell(s) => {
            let mut v = shell.to_vec();
            v.push(s.clone());
            v
        }
    }
}

/// Go's `%q` of a string slice: `["python" "app.py"]`.
fn go_slice(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|s| crate::tabwriter::go_quote(s))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// A metadata-only step (ENV, CMD, ...): no layer, a history entry. Its time is recorded
/// in the build cache like a layer's, so a rebuild of an unchanged Dockerfile keeps both
/// the time and the image id.
fn push_meta(ctx: &mut Ctx<'_>, state: &mut StageState, now: i64, created_by: String) {
    state.key = cache_key(&state.key, &created_by, "");
    let d = ctx.daemon();
    let created = match d.build_cache.get_mut(&state.key) {
        Some(r) => {
            r.last_used = now;
            r.created
        }
        None => {
            d.build_cache.insert(
                state.key.clone(),
                crate::daemon::CacheRecord {
                    layer: None,
                    size: 0,
                    created: now,
                    last_used: now,
                    in_use: false,
                },
            );
            now
        }
    };
    state.history.push(History {
        created,
        created_by,
        empty_layer: true,
        comment: "buildkit.dockerfile.v0".into(),
        size: 0,
    });
}

fn cache_key(parent: &str, text: &str, content: &str) -> String {
    sha256_hex(format!("{parent}\n{text}\n{content}").as_bytes())
}

/// A layer-producing step: reuse the cache record for `key` or build the layer with `make`.
#[allow(clippy::too_many_arguments)]
fn step_layer(
    ctx: &mut Ctx<'_>,
    state: &mut StageState,
    progress: &mut Progress,
    name: String,
    key: String,
    created_by: String,
    no_cache: bool,
    secs: f64,
    make: impl FnOnce(&mut Tree) -> Result<Vec<(f64, String)>, StepError>,
) -> Result<(), StepError> {
    let now = ctx.world.now;
    let cached = if no_cache {
        None
    } else {
        ctx.d().build_cache.get(&key).cloned()
    };
    let mut v = Vertex::new(name, 0.0);
    let (digest, size, created) =
        match cached.filter(|r| r.layer.as_ref().is_none_or(|l| ctx.d().layers.contains_key(l))) {
            Some(rec) => {
                v.cached = true;
                if let Some(r) = ctx.daemon().build_cache.get_mut(&key) {
                    r.last_used = now;
                }
                (rec.layer.clone().unwrap_or_default(), rec.size, rec.created)
            }
            None => {
                let mut tree = Tree::new();
                let logs = make(&mut tree)?;
                v.logs = logs;
                v.secs = (secs * 10.0).round() / 10.0;
                let size = tree.size();
                let digest = format!("sha256:{}", sha256_hex(format!("layer:{key}").as_bytes()));
                let d = ctx.daemon();
                d.layers.insert(
                    digest.clone(),
                    Layer {
                        digest: digest.clone(),
                        size,
                        tree: Arc::new(tree),
                    },
                );
                d.build_cache.insert(
                    key.clone(),
                    crate::daemon::CacheRecord {
                        layer: Some(digest.clone()),
                        size,
                        created: now,
                        last_used: now,
                        in_use: false,
                    },
                );
                (digest, size, now)
            }
        };
    progress.vertices.push(v);
    state.key = key;
    state.layers.push(digest);
    state.history.push(History {
        created,
        created_by,
        empty_layer: false,
        comment: "buildkit.dockerfile.v0".into(),
        size,
    });
    Ok(())
}

/// After a RUN ran, its real layer replaces the placeholder recorded by `step_layer`.
fn replace_last_layer(ctx: &mut Ctx<'_>, state: &mut StageState, tree: Tree) {
    let size = tree.size();
    let Some(digest) = state.layers.last().cloned() else {
        return;
    };
    let d = ctx.daemon();
    d.layers.insert(
        digest.clone(),
        Layer {
            digest: digest.clone(),
            size,
            tree: Arc::new(tree),
        },
    );
    if let Some(r) = d.build_cache.get_mut(&state.key) {
        r.size = size;
    }
    if let Some(h) = state.history.last_mut() {
        h.size = size;
    }
}

/// Merges layers into one tree (for `COPY --from`).
fn flatten(ctx: &Ctx<'_>, layers: &[String]) -> Tree {
    let lower: Vec<Arc<Tree>> = layers
        .iter()
        .filter_map(|l| ctx.d().layers.get(l))
        .map(|l| l.tree.clone())
        .collect();
    let mut empty = Tree::new();
    let view = View {
        lower: &lower,
        upper: &mut empty,
        trees: vec![],
        mounts: vec![],
    };
    let mut out = Tree::new();
    for (rel, node) in view.walk("/") {
        out.put(&format!("/{rel}"), node);
    }
    out
}

/// Runs a RUN command in a throw-away container on top of the stage's layers.
fn run_in_build_container(
    ctx: &mut Ctx<'_>,
    state: &StageState,
    argv: &[String],
    args_env: &[String],
) -> (Tree, Vec<(f64, String)>, i32) {
    let now = ctx.world.now;
    let tmp_img_id = format!("sha256:{}", sha256_hex(format!("buildtmp:{}", state.key).as_bytes()));
    // `state` is the stage as it was before this step: its layers are the RUN's base.
    let layers = state.layers.clone();
    let img = Image {
        id: tmp_img_id.clone(),
        parent: None,
        layers,
        config: state.config.clone(),
        history: vec![],
        created: now,
        repo_digests: vec![],
        architecture: "amd64".into(),
        os: "linux".into(),
        comment: String::new(),
        author: String::new(),
        facts: state.facts.clone(),
        size: 0,
        last_tag_time: None,
    };
    let cid = format!("{:0>64}", sha256_hex(format!("buildctr:{}", state.key).as_bytes()));
    let mut config = state.config.clone();
    for kv in args_env {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        if config.env_get(k).is_none() {
            config.env_set(k, v);
        }
    }
    let c = crate::model::Container {
        id: cid.clone(),
        name: format!("buildkit_{}", &cid[..12]),
        image_id: tmp_img_id.clone(),
        image_ref: String::new(),
        created: now,
        path: argv[0].clone(),
        args: argv[1..].to_vec(),
        config,
        hostname: "buildkitsandbox".into(),
        tty: false,
        open_stdin: false,
        auto_remove: false,
        restart: crate::model::RestartPolicy::No,
        port_requests: vec![],
        publish_all: false,
        mounts: vec![],
        network_mode: "host".into(),
        links: vec![],
        state: crate::model::State {
            status: crate::model::Status::Running,
            ..Default::default()
        },
        rw: Tree::new(),
        logs: vec![],
        ports: vec![],
        networks: BTreeMap::new(),
        process: None,
        sessions: BTreeMap::new(),
        exec_processes: vec![],
        labels: BTreeMap::new(),
        stop_timeout: None,
        next_restart: None,
        next_health: None,
    };
    let ep = ctx.endpoint.clone();
    {
        let d = ctx.daemon();
        d.images.insert(tmp_img_id.clone(), img);
        d.containers.push(c);
    }
    let launch = {
        match crate::programs::csys::ContainerSys::new(ctx.world, &ep, &cid, &[], None, None) {
            Some(mut sys) => crate::programs::start_program(&mut sys, argv, false, false, false),
            None => crate::programs::Launch {
                io: crate::io::Io::default(),
                end: crate::programs::End::Exited(1),
            },
        }
    };
    let code = match launch.end {
        crate::programs::End::Exited(c) => c,
        crate::programs::End::Running(_) => 0,
        crate::programs::End::NotFound(m) | crate::programs::End::CannotRun(m) => {
            let _ = m;
            127
        }
    };
    let mut logs = Vec::new();
    let mut t = 0.1;
    for line in launch.io.combined().lines() {
        logs.push((t, line.to_string()));
        t += 0.05;
    }
    let d = ctx.daemon();
    let tree = d
        .containers
        .iter()
        .find(|c| c.id == cid)
        .map(|c| c.rw.clone())
        .unwrap_or_default();
    d.containers.retain(|c| c.id != cid);
    d.images.remove(&tmp_img_id);
    (tree, logs, code)
}

fn estimate_run_secs(argv: &[String], tree: &Tree) -> f64 {
    let cmd = argv.join(" ");
    let base = if cmd.contains("pip install") || cmd.contains("npm install") {
        2.5
    } else if cmd.contains("apt-get") || cmd.contains("apk add") {
        3.1
    } else {
        0.2
    };
    ((base + tree.size() as f64 / 20e6) * 10.0).round() / 10.0
}

/// Assembles the final image (config → id).
fn finish_image(ctx: &Ctx<'_>, s: &StageState) -> Image {
    let now = ctx.world.now;
    let created = s.history.iter().map(|h| h.created).max().unwrap_or(now);
    let cfg_json = serde_json::json!({
        "config": s.config,
        "rootfs": s.layers,
        "history": s.history,
    });
    let id = format!("sha256:{}", sha256_hex(cfg_json.to_string().as_bytes()));
    let mut facts = s.facts.clone();
    facts.remove("intermediate");
    let size = s
        .layers
        .iter()
        .filter_map(|l| ctx.d().layers.get(l))
        .map(|l| l.size)
        .sum();
    Image {
        id,
        parent: None,
        layers: s.layers.clone(),
        config: s.config.clone(),
        history: s.history.clone(),
        created,
        repo_digests: vec![],
        architecture: "amd64".into(),
        os: "linux".into(),
        comment: "buildkit.dockerfile.v0".into(),
        author: String::new(),
        facts,
        size,
        last_tag_time: Some(now),
    }
}
