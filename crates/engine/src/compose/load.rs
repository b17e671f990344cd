//! Loading a project the way Compose does: find the file (walking up from the
//! current directory), read `.env`, parse YAML, interpolate `${VARS}`, check the
//! schema, merge override files, then turn the tree into the typed [`Project`]
//! with Compose's validation errors. [`parse_project`] is the single entry point
//! from text to project; [`load`] adds the host file system around it.

use super::model::*;
use super::schema;
use super::yaml::{self, Node, Value};
use crate::fs::{Vfs, normalize};
use crate::io::Explain;
use crate::model::PortRequest;
use crate::world::World;

/// Compose's version, as it labels what it creates.
pub const COMPOSE_VERSION: &str = "2.40.3";

pub const DEFAULT_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
const OVERRIDE_FILES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// A failure to load: compose's message and the teaching note.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub explain: Explain,
    /// Warnings emitted before the failure (printed first).
    pub warnings: Vec<String>,
}

impl LoadError {
    fn new(message: impl Into<String>, explain: Explain) -> LoadError {
        LoadError {
            message: message.into(),
            explain,
            warnings: Vec::new(),
        }
    }
}

/// Global `docker compose` options that shape loading.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub files: Vec<String>,
    pub project_name: Option<String>,
    pub project_dir: Option<String>,
    pub env_file: Option<String>,
    pub profiles: Vec<String>,
}

/// Everything parsing needs from outside the text.
pub struct ParseContext<'a> {
    pub project_dir: String,
    pub home: String,
    /// `-p` / `COMPOSE_PROJECT_NAME`, already chosen over `name:` by the caller.
    pub name_override: Option<String>,
    /// Variables for interpolation (`.env` then the shell's environment on top).
    pub env: Vec<(String, String)>,
    pub profiles: Vec<String>,
    /// Reads a host file (absolute path) — `env_file:` needs it.
    pub read: &'a dyn Fn(&str) -> Option<String>,
}

fn logrus_warn(msg: &str) -> String {
    format!("WARN[0000] {msg}")
}

/// Compose's project-name normalisation: lowercase, keep `[a-z0-9_-]`, no leading `_`/`-`.
pub fn normalize_project_name(s: &str) -> String {
    let kept: String = s
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

pub fn valid_project_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Finds the compose files: `-f` as given, else the default names in the current
/// directory or the nearest parent that has one (plus its override file).
pub fn discover(world: &World, opts: &LoadOptions) -> Result<(Vec<String>, Vec<String>), LoadError> {
    let fs = &world.host.fs;
    let cwd = world.host.cwd.clone();
    let mut warnings = Vec::new();
    if !opts.files.is_empty() {
        let mut out = Vec::new();
        for f in &opts.files {
            let p = normalize(&cwd, f);
            if !fs.exists(&p) {
                return Err(LoadError::new(
                    format!("open {p}: no such file or directory"),
                    Explain::new("compose-file-not-found").arg("file", p.clone()),
                ));
            }
            out.push(p);
        }
        return Ok((out, warnings));
    }
    let start = match &opts.project_dir {
        Some(d) => normalize(&cwd, d),
        None => cwd.clone(),
    };
    let mut dir = start.clone();
    loop {
        let found: Vec<String> = DEFAULT_FILES
            .iter()
            .map(|n| normalize(&dir, n))
            .filter(|p| fs.exists(p) && !fs.is_dir(p))
            .collect();
        if let Some(first) = found.first() {
            if found.len() > 1 {
                warnings.push(logrus_warn(&format!(
                    "Found multiple config files with supported names: {}",
                    found.join(", ")
                )));
                warnings.push(logrus_warn(&format!("Using {first}")));
            }
            let mut files = vec![first.clone()];
            if let Some(o) = OVERRIDE_FILES
                .iter()
                .map(|n| normalize(&dir, n))
                .find(|p| fs.exists(p) && !fs.is_dir(p))
            {
                files.push(o);
            }
            return Ok((files, warnings));
        }
        if dir == "/" {
            break;
        }
        dir = crate::fs::parent(&dir).to_string();
    }
    Err(LoadError {
        message: "no configuration file provided: not found".into(),
        explain: Explain::new("compose-no-file").arg("dir", start),
        warnings,
    })
}

/// Reads `KEY=value` lines (`.env`, `env_file:`): comments, `export`, quotes.
pub fn parse_env_file(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        match line.split_once('=') {
            Some((k, v)) => {
                let v = v.trim();
                let v = if v.len() >= 2
                    && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
                {
                    v[1..v.len() - 1].to_string()
                } else {
                    // An unquoted value ends at ` #`.
                    v.split(" #").next().unwrap_or("").trim_end().to_string()
                };
                out.push((k.trim().to_string(), Some(v)));
            }
            None => out.push((line.to_string(), None)),
        }
    }
    out
}

/// Loads the project for the current directory (or `-f`/`-p`/`--project-directory`).
pub fn load(world: &World, opts: &LoadOptions) -> Result<Project, LoadError> {
    let (files, mut warnings) = discover(world, opts)?;
    let first = files.first().cloned().unwrap_or_default();
    let cwd = world.host.cwd.clone();
    let project_dir = match &opts.project_dir {
        Some(d) => normalize(&cwd, d),
        None => crate::fs::parent(&first).to_string(),
    };
    // Interpolation variables: `.env` (or --env-file), overridden by the shell.
    let mut env: Vec<(String, String)> = Vec::new();
    let env_path = match &opts.env_file {
        Some(f) => Some(normalize(&cwd, f)),
        None => Some(normalize(&project_dir, ".env")),
    };
    if let Some(p) = env_path {
        match world.host.fs.read_string(&p) {
            Ok(text) => {
                for (k, v) in parse_env_file(&text) {
                    if let Some(v) = v {
                        env.retain(|(n, _)| *n != k);
                        env.push((k, v));
                    }
                }
            }
            Err(_) if opts.env_file.is_some() => {
                return Err(LoadError::new(
                    format!("couldn't find env file: {p}"),
                    Explain::new("compose-env-file-missing").arg("file", p.clone()),
                ));
            }
            Err(_) => {}
        }
    }
    for (k, v) in &world.host.env {
        env.retain(|(n, _)| n != k);
        env.push((k.clone(), v.clone()));
    }
    let name_override = match &opts.project_name {
        Some(n) => Some(n.clone()),
        None => env
            .iter()
            .find(|(k, _)| k == "COMPOSE_PROJECT_NAME")
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty()),
    };
    if let Some(n) = &name_override
        && !valid_project_name(n)
    {
        return Err(LoadError::new(
            format!(
                "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
                yaml::go_quote(n)
            ),
            Explain::new("compose-invalid-project-name")
                .arg("name", n.clone())
                .arg("suggestion", normalize_project_name(n)),
        ));
    }
    let mut profiles = opts.profiles.clone();
    if let Some((_, p)) = env.iter().find(|(k, _)| k == "COMPOSE_PROFILES") {
        profiles.extend(p.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    }
    let fs = &world.host.fs;
    let read = |p: &str| fs.read_string(p).ok();
    let ctx = ParseContext {
        project_dir,
        home: world.host.home.clone(),
        name_override,
        env,
        profiles,
        read: &read,
    };
    let mut texts = Vec::new();
    for f in &files {
        match world.host.fs.read_string(f) {
            Ok(t) => texts.push((f.clone(), t)),
            Err(_) => {
                return Err(LoadError::new(
                    format!("read {f}: is a directory"),
                    Explain::new("compose-file-not-found").arg("file", f.clone()),
                ));
            }
        }
    }
    match parse_project(&texts, &ctx) {
        Ok(mut p) => {
            warnings.extend(std::mem::take(&mut p.warnings));
            p.warnings = warnings;
            Ok(p)
        }
        Err(mut e) => {
            warnings.extend(e.warnings);
            e.warnings = warnings;
            Err(e)
        }
    }
}

/// Parses compose files (path, text) into a project: the one function from YAML
/// text to [`Project`]. Never panics, whatever the text.
pub fn parse_project(files: &[(String, String)], ctx: &ParseContext<'_>) -> Result<Project, LoadError> {
    let mut warnings: Vec<String> = Vec::new();
    let mut merged: Option<Node> = None;
    let mut obsolete_version = false;
    for (path, text) in files {
        let fail = |mut e: LoadError, w: &Vec<String>| {
            e.warnings = w.clone();
            e
        };
        let mut root = yaml::parse(text).map_err(|e| {
            fail(
                LoadError::new(
                    e.message.clone(),
                    Explain::new("compose-yaml-syntax")
                        .arg("file", path.clone())
                        .arg("line", e.line.to_string())
                        .arg("problem", e.problem.clone()),
                ),
                &warnings,
            )
        })?;
        if matches!(root.value, Value::Null) {
            return Err(fail(
                LoadError::new(
                    "empty compose file",
                    Explain::new("compose-empty-file").arg("file", path.clone()),
                ),
                &warnings,
            ));
        }
        if !matches!(root.value, Value::Map(_)) {
            return Err(fail(
                LoadError::new(
                    format!("validating {path}: must be a mapping"),
                    Explain::new("compose-wrong-type")
                        .arg("file", path.clone())
                        .arg("path", "(root)")
                        .arg("expected", "mapping")
                        .arg("line", root.line.to_string()),
                ),
                &warnings,
            ));
        }
        if root.get("version").is_some() {
            obsolete_version = true;
            warnings.push(logrus_warn(&format!("{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion")));
        }
        let mut missing: Vec<String> = Vec::new();
        interpolate(&mut root, "", &ctx.env, &mut missing).map_err(|(p, s)| {
            fail(
                LoadError::new(
                    format!("invalid interpolation format for {p}.\nYou may need to escape any $ with another $.\n{s}"),
                    Explain::new("compose-bad-interpolation")
                        .arg("file", path.clone())
                        .arg("path", p.clone())
                        .arg("value", s.clone()),
                ),
                &warnings,
            )
        })?;
        for v in missing {
            let w = logrus_warn(&format!(
                "The {} variable is not set. Defaulting to a blank string.",
                yaml::go_quote(&v)
            ));
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        if let Err(v) = schema::check(&root, &schema::S::Obj(schema::TOP), "") {
            let ex = if v.unknown.is_empty() {
                Explain::new("compose-wrong-type")
                    .arg("file", path.clone())
                    .arg("path", v.path.clone())
                    .arg("expected", v.expected.clone().unwrap_or_default())
                    .arg("line", v.line.to_string())
            } else {
                let shown = if v.path.is_empty() {
                    "(root)".to_string()
                } else {
                    v.path.clone()
                };
                let mut ex = Explain::new("compose-unknown-key")
                    .arg("file", path.clone())
                    .arg("path", shown)
                    .arg("key", v.unknown[0].clone())
                    .arg("line", v.line.to_string());
                if let Some(s) = suggest(&v.unknown[0], &v.allowed) {
                    ex = ex.arg("suggestion", s);
                }
                ex
            };
            return Err(fail(
                LoadError::new(format!("validating {path}: {}", v.message), ex),
                &warnings,
            ));
        }
        merged = Some(match merged {
            None => root,
            Some(base) => merge(base, root),
        });
    }
    let Some(root) = merged else {
        return Err(LoadError::new(
            "no configuration file provided: not found",
            Explain::new("compose-no-file").arg("dir", ctx.project_dir.clone()),
        ));
    };
    let mut p = convert(&root, files, ctx).map_err(|mut e| {
        e.warnings = warnings.clone();
        e
    })?;
    p.warnings = warnings;
    p.obsolete_version = obsolete_version;
    Ok(p)
}

/// The closest allowed key to a misspelt one.
fn suggest(key: &str, allowed: &[&str]) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for a in allowed {
        let d = crate::docker::edit_distance(key, a);
        if d <= 2.max(key.len() / 4) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, a));
        }
    }
    best.map(|(_, a)| a.to_string())
}

/// An override file on top of a base: mappings merge key by key, lists of ports,
/// volumes etc. are appended, scalars are replaced.
fn merge(base: Node, over: Node) -> Node {
    match (base.value, over.value) {
        (Value::Map(mut b), Value::Map(o)) => {
            for (k, v) in o {
                match b.iter().position(|(bk, _)| bk.value == k.value) {
                    Some(i) => {
                        let (bk, bv) = b.remove(i);
                        b.insert(i, (bk, merge(bv, v)));
                    }
                    None => b.push((k, v)),
                }
            }
            Node::new(Value::Map(b), base.line, base.col)
        }
        (Value::Seq(mut b), Value::Seq(o)) => {
            for item in o {
                if !b.iter().any(|x| x.value == item.value) {
                    b.push(item);
                }
            }
            Node::new(Value::Seq(b), base.line, base.col)
        }
        (_, o) => Node::new(o, over.line, over.col),
    }
}

// ---------------------------------------------------------------- interpolation

fn lookup<'e>(env: &'e [(String, String)], k: &str) -> Option<&'e str> {
    env.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

fn interpolate(
    n: &mut Node,
    path: &str,
    env: &[(String, String)],
    missing: &mut Vec<String>,
) -> Result<(), (String, String)> {
    match &mut n.value {
        Value::Str(s) => {
            if s.contains('$') {
                let out = substitute(s, env, missing).map_err(|_| (path.to_string(), s.clone()))?;
                *s = out;
            }
            Ok(())
        }
        Value::Seq(items) => {
            for (i, it) in items.iter_mut().enumerate() {
                let p = if path.is_empty() {
                    i.to_string()
                } else {
                    format!("{path}.{i}")
                };
                interpolate(it, &p, env, missing)?;
            }
            Ok(())
        }
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                let key = k.key_text();
                let p = if path.is_empty() { key } else { format!("{path}.{key}") };
                interpolate(v, &p, env, missing)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
/// `${VAR:+alt}` and `$$` — compose-go's template rules. Err on a malformed `${`.
pub fn substitute(s: &str, env: &[(String, String)], missing: &mut Vec<String>) -> Result<String, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('{') => {
                // Find the matching brace (defaults may nest `${...}`).
                let mut depth = 0;
                let mut j = i + 1;
                let mut end = None;
                while j < chars.len() {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else { return Err(s.to_string()) };
                let body: String = chars[i + 2..end].iter().collect();
                let name_len = body
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .count();
                let name: String = body.chars().take(name_len).collect();
                let rest: String = body.chars().skip(name_len).collect();
                if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(s.to_string());
                }
                let val = lookup(env, &name);
                let piece = if rest.is_empty() {
                    match val {
                        Some(v) => v.to_string(),
                        None => {
                            if !missing.contains(&name) {
                                missing.push(name.clone());
                            }
                            String::new()
                        }
                    }
                } else if let Some(d) = rest.strip_prefix(":-") {
                    match val.filter(|v| !v.is_empty()) {
                        Some(v) => v.to_string(),
                        None => substitute(d, env, missing)?,
                    }
                } else if let Some(d) = rest.strip_prefix('-') {
                    match val {
                        Some(v) => v.to_string(),
                        None => substitute(d, env, missing)?,
                    }
                } else if let Some(a) = rest.strip_prefix(":+") {
                    match val.filter(|v| !v.is_empty()) {
                        Some(_) => substitute(a, env, missing)?,
                        None => String::new(),
                    }
                } else if let Some(a) = rest.strip_prefix('+') {
                    match val {
                        Some(_) => substitute(a, env, missing)?,
                        None => String::new(),
                    }
                } else if let Some(m) = rest.strip_prefix(":?").or_else(|| rest.strip_prefix('?')) {
                    let strict = rest.starts_with(":?");
                    match val.filter(|v| !strict || !v.is_empty()) {
                        Some(v) => v.to_string(),
                        None => return Err(format!("required variable {name} is missing a value: {m}")),
                    }
                } else {
                    return Err(s.to_string());
                };
                out.push_str(&piece);
                i = end + 1;
            }
            Some(c2) if c2.is_ascii_alphabetic() || *c2 == '_' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                match lookup(env, &name) {
                    Some(v) => out.push_str(v),
                    None => {
                        if !missing.contains(&name) {
                            missing.push(name.clone());
                        }
                    }
                }
                i = j;
            }
            _ => {
                // A lone `$` stays (compose would reject `$` followed by junk; keep it lenient).
                out.push('$');
                i += 1;
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- conversion

fn invalid_project(msg: String, ex: Explain) -> LoadError {
    LoadError::new(format!("{msg}: invalid compose project"), ex)
}

fn str_of(n: Option<&Node>) -> Option<String> {
    n.and_then(|x| x.scalar_text())
}

fn bool_of(n: Option<&Node>) -> bool {
    match n.map(|x| &x.value) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Str(s)) => matches!(s.as_str(), "true" | "True" | "TRUE" | "yes" | "y" | "on" | "1"),
        _ => false,
    }
}

/// Splits a string command like compose (shellwords: quotes and backslashes, no expansion).
pub fn shell_split(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                has = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                has = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => {
                            if let Some(&e) = chars.peek()
                                && matches!(e, '"' | '\\' | '$' | '`')
                            {
                                cur.push(e);
                                chars.next();
                            } else {
                                cur.push('\\');
                            }
                        }
                        d => cur.push(d),
                    }
                }
            }
            '\\' => {
                has = true;
                if let Some(d) = chars.next() {
                    cur.push(d);
                }
            }
            c if c.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            c => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

fn command_of(n: Option<&Node>) -> Option<Vec<String>> {
    let n = n?;
    match &n.value {
        Value::Null => None,
        Value::Str(s) => Some(shell_split(s)),
        Value::Seq(items) => Some(items.iter().filter_map(|i| i.scalar_text()).collect()),
        _ => None,
    }
}

/// `environment`/`labels`/`args` in either form: (key, value or None for "unset").
fn list_or_dict(n: Option<&Node>) -> Vec<(String, Option<String>)> {
    let Some(n) = n else { return Vec::new() };
    match &n.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| i.scalar_text())
            .map(|s| match s.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (s, None),
            })
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| {
                (
                    k.key_text(),
                    if matches!(v.value, Value::Null) {
                        None
                    } else {
                        v.scalar_text()
                    },
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A Go duration (`1m30s`, `500ms`, `2h`) in milliseconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
        if num_len == 0 {
            return None;
        }
        let num: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == 'µ')
            .map(char::len_utf8)
            .sum::<usize>();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let mult = match unit {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += num * mult;
    }
    if !total.is_finite() || total > 1e15 {
        return None;
    }
    Some(total.round() as u64)
}

fn duration_of(n: Option<&Node>, path: &str, file: &str) -> Result<Option<Duration>, LoadError> {
    let Some(text) = str_of(n) else { return Ok(None) };
    match parse_duration(&text) {
        Some(millis) => Ok(Some(Duration { text, millis })),
        None => Err(LoadError::new(
            format!(
                "validating {file}: {path} time: invalid duration {}",
                yaml::go_quote(&text)
            ),
            Explain::new("compose-invalid-duration")
                .arg("path", path.to_string())
                .arg("value", text),
        )),
    }
}

fn port_error(service: &str, spec: &str, msg: &str) -> LoadError {
    LoadError::new(
        msg.to_string(),
        Explain::new("compose-invalid-port")
            .arg("service", service.to_string())
            .arg("port", spec.to_string())
            .arg("message", msg.to_string()),
    )
}

fn ports_of(svc: &str, n: Option<&Node>) -> Result<(Vec<PortRequest>, Vec<PortSpec>), LoadError> {
    let mut reqs = Vec::new();
    let mut specs = Vec::new();
    let Some(Value::Seq(items)) = n.map(|x| &x.value) else {
        return Ok((reqs, specs));
    };
    for it in items {
        match &it.value {
            Value::Map(_) => {
                let target_txt = str_of(it.get("target")).unwrap_or_default();
                let target: u16 = match target_txt.parse() {
                    Ok(t) if t > 0 => t,
                    _ => {
                        return Err(port_error(
                            svc,
                            &target_txt,
                            &format!("invalid containerPort: {target_txt}"),
                        ));
                    }
                };
                let protocol = str_of(it.get("protocol")).unwrap_or_else(|| "tcp".into());
                let host_ip = str_of(it.get("host_ip")).filter(|s| !s.is_empty());
                let published = str_of(it.get("published")).filter(|s| !s.is_empty());
                let mode = str_of(it.get("mode")).unwrap_or_else(|| "ingress".into());
                let mut spec = match &published {
                    Some(p) => format!("{p}:{target}/{protocol}"),
                    None => format!("{target}/{protocol}"),
                };
                if let Some(ip) = &host_ip {
                    spec = if ip.contains(':') {
                        format!("[{ip}]:{spec}")
                    } else {
                        format!("{ip}:{spec}")
                    };
                }
                let r = crate::docker::containers::parse_publish(&spec).map_err(|e| port_error(svc, &spec, &e))?;
                reqs.extend(r);
                specs.push(PortSpec {
                    mode,
                    host_ip,
                    target,
                    published,
                    protocol,
                });
            }
            _ => {
                let spec = it.scalar_text().unwrap_or_default();
                let r = crate::docker::containers::parse_publish(&spec).map_err(|e| port_error(svc, &spec, &e))?;
                for q in &r {
                    specs.push(PortSpec {
                        mode: "ingress".into(),
                        host_ip: if q.host_ip.is_empty() {
                            None
                        } else {
                            Some(q.host_ip.clone())
                        },
                        target: q.container_port,
                        published: q.host_port.map(|p| p.to_string()),
                        protocol: q.proto.clone(),
                    });
                }
                reqs.extend(r);
            }
        }
    }
    Ok((reqs, specs))
}

fn host_path(ctx: &ParseContext<'_>, src: &str) -> String {
    if src == "~" {
        ctx.home.clone()
    } else if let Some(rest) = src.strip_prefix("~/") {
        normalize(&ctx.home, rest)
    } else {
        normalize(&ctx.project_dir, src)
    }
}

fn volumes_of(svc: &str, n: Option<&Node>, ctx: &ParseContext<'_>, file: &str) -> Result<Vec<Mount>, LoadError> {
    let mut out = Vec::new();
    let Some(Value::Seq(items)) = n.map(|x| &x.value) else {
        return Ok(out);
    };
    for (i, it) in items.iter().enumerate() {
        match &it.value {
            Value::Map(_) => {
                let ty = str_of(it.get("type")).unwrap_or_default();
                let kind = match ty.as_str() {
                    "volume" => MountType::Volume,
                    "bind" => MountType::Bind,
                    "tmpfs" => MountType::Tmpfs,
                    "" => {
                        return Err(LoadError::new(
                            format!("validating {file}: services.{svc}.volumes.{i} missing property 'type'"),
                            Explain::new("compose-volume-type-missing").arg("service", svc.to_string()),
                        ));
                    }
                    other => {
                        return Err(LoadError::new(
                            format!("invalid mount type: {other}"),
                            Explain::new("compose-invalid-volume")
                                .arg("service", svc.to_string())
                                .arg("volume", other.to_string()),
                        ));
                    }
                };
                let target = str_of(it.get("target")).unwrap_or_default();
                if target.is_empty() {
                    return Err(LoadError::new(
                        format!("invalid mount config: target is required for services.{svc}.volumes.{i}"),
                        Explain::new("compose-invalid-volume")
                            .arg("service", svc.to_string())
                            .arg("volume", i.to_string()),
                    ));
                }
                let mut source = str_of(it.get("source")).unwrap_or_default();
                if kind == MountType::Bind {
                    source = host_path(ctx, &source);
                }
                let create = it
                    .get("bind")
                    .map(|b| bool_of(b.get("create_host_path")))
                    .unwrap_or(false);
                out.push(Mount {
                    kind,
                    source,
                    target: normalize("/", &target),
                    read_only: bool_of(it.get("read_only")),
                    create_host_path: create,
                });
            }
            _ => {
                let spec = it.scalar_text().unwrap_or_default();
                let parts: Vec<&str> = spec.split(':').collect();
                let (src, dst, mode) = match parts.len() {
                    1 => ("", parts[0], ""),
                    2 => (parts[0], parts[1], ""),
                    3 => (parts[0], parts[1], parts[2]),
                    _ => {
                        return Err(LoadError::new(
                            format!("invalid spec: {spec}: too many colons"),
                            Explain::new("compose-invalid-volume")
                                .arg("service", svc.to_string())
                                .arg("volume", spec.clone()),
                        ));
                    }
                };
                if dst.is_empty() || !dst.starts_with('/') {
                    return Err(LoadError::new(
                        format!(
                            "invalid volume specification: '{spec}': invalid mount config for type \"volume\": invalid mount path: '{dst}' mount path must be absolute"
                        ),
                        Explain::new("compose-invalid-volume")
                            .arg("service", svc.to_string())
                            .arg("volume", spec.clone()),
                    ));
                }
                let read_only = mode.split(',').any(|m| m == "ro");
                let target = normalize("/", dst);
                if src.is_empty() {
                    out.push(Mount {
                        kind: MountType::Volume,
                        source: String::new(),
                        target,
                        read_only,
                        create_host_path: false,
                    });
                } else if src.starts_with('.') || src.starts_with('/') || src.starts_with('~') {
                    out.push(Mount {
                        kind: MountType::Bind,
                        source: host_path(ctx, src),
                        target,
                        read_only,
                        create_host_path: true,
                    });
                } else {
                    out.push(Mount {
                        kind: MountType::Volume,
                        source: src.to_string(),
                        target,
                        read_only,
                        create_host_path: false,
                    });
                }
            }
        }
    }
    Ok(out)
}

fn healthcheck_of(n: Option<&Node>, svc: &str, file: &str) -> Result<Option<Healthcheck>, LoadError> {
    let Some(n) = n else { return Ok(None) };
    if !matches!(n.value, Value::Map(_)) {
        return Ok(None);
    }
    let base = format!("services.{svc}.healthcheck");
    let test = match n.get("test").map(|t| &t.value) {
        Some(Value::Str(s)) => vec!["CMD-SHELL".to_string(), s.clone()],
        Some(Value::Seq(items)) => items.iter().filter_map(|i| i.scalar_text()).collect(),
        _ => Vec::new(),
    };
    if let Some(first) = test.first()
        && !matches!(first.as_str(), "CMD" | "CMD-SHELL" | "NONE")
    {
        return Err(LoadError::new(
            format!(
                "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\" to disable container healthcheck, got {first}"
            ),
            Explain::new("compose-healthcheck-test")
                .arg("service", svc.to_string())
                .arg("value", first.clone()),
        ));
    }
    let retries = str_of(n.get("retries")).map(|r| {
        r.parse::<f64>()
            .ok()
            .filter(|v| *v >= 0.0 && *v < 1e9)
            .map(|v| v as u32)
            .unwrap_or(3)
    });
    Ok(Some(Healthcheck {
        test,
        interval: duration_of(n.get("interval"), &format!("{base}.interval"), file)?,
        timeout: duration_of(n.get("timeout"), &format!("{base}.timeout"), file)?,
        start_period: duration_of(n.get("start_period"), &format!("{base}.start_period"), file)?,
        retries,
        disable: bool_of(n.get("disable")),
    }))
}

fn resolve_env(items: Vec<(String, Option<String>)>, env: &[(String, String)], out: &mut Vec<(String, String)>) {
    for (k, v) in items {
        let v = match v {
            Some(v) => Some(v),
            None => lookup(env, &k).map(str::to_string),
        };
        if let Some(v) = v {
            out.retain(|(n, _)| *n != k);
            out.push((k, v));
        }
    }
}

fn convert(root: &Node, files: &[(String, String)], ctx: &ParseContext<'_>) -> Result<Project, LoadError> {
    let file = files.first().map(|(p, _)| p.clone()).unwrap_or_default();
    let dir_name = ctx.project_dir.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let name = match &ctx.name_override {
        Some(n) => n.clone(),
        None => match str_of(root.get("name")) {
            Some(n) => {
                if !valid_project_name(&n) {
                    return Err(LoadError::new(
                        format!(
                            "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
                            yaml::go_quote(&n)
                        ),
                        Explain::new("compose-invalid-project-name")
                            .arg("name", n.clone())
                            .arg("suggestion", normalize_project_name(&n)),
                    ));
                }
                n
            }
            None => normalize_project_name(dir_name),
        },
    };
    if name.is_empty() {
        return Err(LoadError::new(
            "project name must not be empty",
            Explain::new("compose-invalid-project-name")
                .arg("name", dir_name.to_string())
                .arg("suggestion", "app"),
        ));
    }
    let mut p = Project {
        name: name.clone(),
        dir: ctx.project_dir.clone(),
        files: files.iter().map(|(f, _)| f.clone()).collect(),
        ..Default::default()
    };
    // Top-level volumes and networks.
    if let Some(entries) = root.get("volumes").and_then(|v| v.as_map()) {
        for (k, v) in entries {
            let key = k.key_text();
            let external = bool_of(v.get("external")) || v.get("external").and_then(|e| e.get("name")).is_some();
            let vname = match str_of(v.get("name")) {
                Some(n) => n,
                None if external => key.clone(),
                None => format!("{name}_{key}"),
            };
            let labels = list_or_dict(v.get("labels"))
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect();
            p.volumes.push(VolumeDef {
                key,
                name: vname,
                external,
                driver: str_of(v.get("driver")),
                labels,
            });
        }
    }
    if let Some(entries) = root.get("networks").and_then(|v| v.as_map()) {
        for (k, v) in entries {
            let key = k.key_text();
            let external = bool_of(v.get("external"));
            let nname = match str_of(v.get("name")) {
                Some(n) => n,
                None if external => key.clone(),
                None => format!("{name}_{key}"),
            };
            let labels = list_or_dict(v.get("labels"))
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect();
            p.networks.push(NetworkDef {
                key,
                name: nname,
                external,
                driver: str_of(v.get("driver")),
                internal: bool_of(v.get("internal")),
                labels,
            });
        }
    }
    let Some(services) = root.get("services").and_then(|s| s.as_map()) else {
        return Ok(p);
    };
    for (k, v) in services {
        let svc = k.key_text();
        if !matches!(v.value, Value::Map(_)) {
            continue;
        }
        let profiles: Vec<String> = match v.get("profiles").map(|x| &x.value) {
            Some(Value::Seq(items)) => items.iter().filter_map(|i| i.scalar_text()).collect(),
            _ => Vec::new(),
        };
        if !profiles.is_empty()
            && !profiles
                .iter()
                .any(|pr| ctx.profiles.contains(pr) || ctx.profiles.iter().any(|c| c == "*"))
        {
            continue;
        }
        let image = str_of(v.get("image")).filter(|s| !s.is_empty());
        let build = match v.get("build").map(|b| &b.value) {
            Some(Value::Str(c)) => Some(Build {
                context: host_path(ctx, c),
                ..Default::default()
            }),
            Some(Value::Map(_)) => {
                let b = v.get("build").expect("matched above");
                let context = str_of(b.get("context")).unwrap_or_else(|| ".".into());
                let args = list_or_dict(b.get("args"))
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect();
                Some(Build {
                    context: host_path(ctx, &context),
                    dockerfile: str_of(b.get("dockerfile")),
                    args,
                    target: str_of(b.get("target")),
                })
            }
            _ => None,
        };
        if image.is_none() && build.is_none() {
            return Err(invalid_project(
                format!(
                    "service {} has neither an image nor a build context specified",
                    yaml::go_quote(&svc)
                ),
                Explain::new("compose-no-image")
                    .arg("service", svc.clone())
                    .arg("line", k.line.to_string()),
            ));
        }
        let mut environment = Vec::new();
        let mut env_files = Vec::new();
        let env_file_items: Vec<(String, bool)> = match v.get("env_file").map(|x| &x.value) {
            Some(Value::Str(s)) => vec![(s.clone(), true)],
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(|i| match &i.value {
                    Value::Map(_) => {
                        str_of(i.get("path")).map(|p| (p, i.get("required").map(|r| bool_of(Some(r))).unwrap_or(true)))
                    }
                    _ => i.scalar_text().map(|s| (s, true)),
                })
                .collect(),
            _ => Vec::new(),
        };
        for (f, required) in env_file_items {
            let path = host_path(ctx, &f);
            match (ctx.read)(&path) {
                Some(text) => {
                    resolve_env(parse_env_file(&text), &ctx.env, &mut environment);
                    env_files.push(path);
                }
                None if required => {
                    return Err(LoadError::new(
                        format!("env file {path} not found: stat {path}: no such file or directory"),
                        Explain::new("compose-env-file-missing").arg("file", path.clone()),
                    ));
                }
                None => {}
            }
        }
        resolve_env(list_or_dict(v.get("environment")), &ctx.env, &mut environment);
        let (ports, port_specs) = ports_of(&svc, v.get("ports"))?;
        let expose = match v.get("expose").map(|x| &x.value) {
            Some(Value::Seq(items)) => items.iter().filter_map(|i| i.scalar_text()).collect(),
            _ => Vec::new(),
        };
        let volumes = volumes_of(&svc, v.get("volumes"), ctx, &file)?;
        let mut depends_on = Vec::new();
        match v.get("depends_on").map(|x| &x.value) {
            Some(Value::Seq(items)) => {
                for i in items {
                    if let Some(s) = i.scalar_text() {
                        depends_on.push(Dependency {
                            service: s,
                            condition: Condition::Started,
                            required: true,
                            restart: false,
                        });
                    }
                }
            }
            Some(Value::Map(entries)) => {
                for (dk, dv) in entries {
                    let cond = str_of(dv.get("condition")).unwrap_or_else(|| "service_started".into());
                    let condition = match cond.as_str() {
                        "service_started" => Condition::Started,
                        "service_healthy" => Condition::Healthy,
                        "service_completed_successfully" => Condition::CompletedSuccessfully,
                        other => {
                            return Err(LoadError::new(
                                format!(
                                    "validating {file}: services.{svc}.depends_on.{}.condition must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"",
                                    dk.key_text()
                                ),
                                Explain::new("compose-bad-condition")
                                    .arg("service", svc.clone())
                                    .arg("condition", other.to_string()),
                            ));
                        }
                    };
                    let required = dv.get("required").map(|r| bool_of(Some(r))).unwrap_or(true);
                    depends_on.push(Dependency {
                        service: dk.key_text(),
                        condition,
                        required,
                        restart: bool_of(dv.get("restart")),
                    });
                }
            }
            _ => {}
        }
        let mut networks = Vec::new();
        match v.get("networks").map(|x| &x.value) {
            Some(Value::Seq(items)) => {
                for i in items {
                    if let Some(s) = i.scalar_text() {
                        networks.push(ServiceNetwork {
                            key: s,
                            aliases: Vec::new(),
                        });
                    }
                }
            }
            Some(Value::Map(entries)) => {
                for (nk, nv) in entries {
                    let aliases = match nv.get("aliases").map(|x| &x.value) {
                        Some(Value::Seq(items)) => items.iter().filter_map(|i| i.scalar_text()).collect(),
                        _ => Vec::new(),
                    };
                    networks.push(ServiceNetwork {
                        key: nk.key_text(),
                        aliases,
                    });
                }
            }
            _ => {}
        }
        let restart = str_of(v.get("restart"));
        if let Some(r) = &restart {
            let (pname, max) = r.split_once(':').unwrap_or((r.as_str(), ""));
            let ok = match pname {
                "no" | "always" | "unless-stopped" => max.is_empty(),
                "on-failure" => max.is_empty() || max.parse::<u32>().is_ok(),
                _ => false,
            };
            if !ok {
                return Err(LoadError::new(
                    format!(
                        "invalid restart policy: unknown policy '{pname}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
                    ),
                    Explain::new("compose-bad-restart")
                        .arg("service", svc.clone())
                        .arg("value", r.clone()),
                ));
            }
        }
        let labels = list_or_dict(v.get("labels"))
            .into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect();
        let stop_grace_period = duration_of(
            v.get("stop_grace_period"),
            &format!("services.{svc}.stop_grace_period"),
            &file,
        )?
        .map(|d| d.secs());
        p.services.push(Service {
            name: svc.clone(),
            image,
            build,
            command: command_of(v.get("command")),
            entrypoint: command_of(v.get("entrypoint")),
            environment,
            env_files,
            ports,
            port_specs,
            expose,
            volumes,
            depends_on,
            healthcheck: healthcheck_of(v.get("healthcheck"), &svc, &file)?,
            restart,
            networks,
            network_mode: str_of(v.get("network_mode")),
            container_name: str_of(v.get("container_name")),
            working_dir: str_of(v.get("working_dir")),
            user: str_of(v.get("user")),
            hostname: str_of(v.get("hostname")),
            labels,
            stdin_open: bool_of(v.get("stdin_open")),
            tty: bool_of(v.get("tty")),
            stop_signal: str_of(v.get("stop_signal")),
            stop_grace_period,
            pull_policy: str_of(v.get("pull_policy")),
            profiles,
            line: k.line,
        });
    }
    check_references(&p)?;
    Ok(p)
}

/// Cross-references compose checks after loading: dependencies, volumes, networks, cycles.
fn check_references(p: &Project) -> Result<(), LoadError> {
    for s in &p.services {
        for d in &s.depends_on {
            if p.service(&d.service).is_none() && d.required {
                return Err(invalid_project(
                    format!(
                        "service {} depends on undefined service {}",
                        yaml::go_quote(&s.name),
                        yaml::go_quote(&d.service)
                    ),
                    Explain::new("compose-undefined-service")
                        .arg("service", s.name.clone())
                        .arg("dependency", d.service.clone()),
                ));
            }
        }
        for m in &s.volumes {
            if m.kind == MountType::Volume && !m.source.is_empty() && !p.volumes.iter().any(|v| v.key == m.source) {
                return Err(invalid_project(
                    format!(
                        "service {} refers to undefined volume {}",
                        yaml::go_quote(&s.name),
                        m.source
                    ),
                    Explain::new("compose-undefined-volume")
                        .arg("service", s.name.clone())
                        .arg("volume", m.source.clone()),
                ));
            }
        }
        for n in &s.networks {
            if n.key != "default" && !p.networks.iter().any(|d| d.key == n.key) {
                return Err(invalid_project(
                    format!(
                        "service {} refers to undefined network {}",
                        yaml::go_quote(&s.name),
                        n.key
                    ),
                    Explain::new("compose-undefined-network")
                        .arg("service", s.name.clone())
                        .arg("network", n.key.clone()),
                ));
            }
        }
    }
    // Cycles: walk the dependency graph from every service.
    for s in &p.services {
        let mut path = vec![s.name.clone()];
        if let Some(cycle) = find_cycle(p, &s.name, &mut path) {
            return Err(LoadError::new(
                format!("dependency cycle detected: {}", cycle.join(" -> ")),
                Explain::new("compose-dependency-cycle").arg("cycle", cycle.join(" -> ")),
            ));
        }
    }
    Ok(())
}

fn find_cycle(p: &Project, at: &str, path: &mut Vec<String>) -> Option<Vec<String>> {
    let s = p.service(at)?;
    for d in &s.depends_on {
        if let Some(pos) = path.iter().position(|x| *x == d.service) {
            let mut c: Vec<String> = path[pos..].to_vec();
            c.push(d.service.clone());
            return Some(c);
        }
        if path.len() > 64 {
            return None;
        }
        path.push(d.service.clone());
        if let Some(c) = find_cycle(p, &d.service, path) {
            return Some(c);
        }
        path.pop();
    }
    None
}

/// Parses one compose text with a neutral context (tests, fuzzing, benches).
pub fn parse_text(text: &str) -> Result<Project, LoadError> {
    let read = |_: &str| None;
    let ctx = ParseContext {
        project_dir: "/home/student/app".into(),
        home: "/home/student".into(),
        name_override: None,
        env: Vec::new(),
        profiles: Vec::new(),
        read: &read,
    };
    parse_project(
        &[("/home/student/app/compose.yaml".to_string(), text.to_string())],
        &ctx,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(normalize_project_name("My App_1"), "myapp_1");
        assert_eq!(normalize_project_name("__x"), "x");
        assert!(!valid_project_name("My"));
    }

    #[test]
    fn interpolation() {
        let env = vec![
            ("TAG".to_string(), "7".to_string()),
            ("EMPTY".to_string(), String::new()),
        ];
        let mut miss = Vec::new();
        assert_eq!(
            substitute("redis:${TAG}-alpine", &env, &mut miss).unwrap(),
            "redis:7-alpine"
        );
        assert_eq!(
            substitute("${EMPTY:-d} ${EMPTY-d} $$HOME $TAG", &env, &mut miss).unwrap(),
            "d  $HOME 7"
        );
        assert_eq!(substitute("${NOPE}", &env, &mut miss).unwrap(), "");
        assert_eq!(miss, vec!["NOPE".to_string()]);
        assert!(substitute("${TAG", &env, &mut miss).is_err());
    }

    #[test]
    fn split_and_durations() {
        assert_eq!(
            shell_split("python -c 'print(1)' \"a b\""),
            vec!["python", "-c", "print(1)", "a b"]
        );
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("abc"), None);
    }

    #[test]
    fn project_from_text() {
        let p = parse_text(
            "services:\n  web:\n    build: .\n    ports:\n      - \"8080:80\"\n      - target: 81\n        published: 8081\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data\n      - ./init:/docker-entrypoint-initdb.d:ro\nvolumes:\n  data:\n",
        )
        .unwrap();
        assert_eq!(p.name, "app");
        let order: Vec<&str> = p.dependency_order().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(order, vec!["db", "web"]);
        let web = p.service("web").unwrap();
        assert_eq!(web.ports.len(), 2);
        assert_eq!(web.build.as_ref().unwrap().context, "/home/student/app");
        let db = p.service("db").unwrap();
        assert_eq!(db.volumes[1].source, "/home/student/app/init");
        assert!(db.volumes[1].read_only);
        let e = parse_text("services:\n  web:\n    ports: [\"80:80\"]\n").unwrap_err();
        assert_eq!(
            e.message,
            "service \"web\" has neither an image nor a build context specified: invalid compose project"
        );
        let e = parse_text("services:\n  db:\n    image: postgres\n    volumes: [\"data:/x\"]\n").unwrap_err();
        assert_eq!(
            e.message,
            "service \"db\" refers to undefined volume data: invalid compose project"
        );
    }
}
