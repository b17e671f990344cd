//! Evaluating checks against a sandbox: "does it hold?" and, when it does not, "what is
//! still missing?" as [`Finding`]s (a message id plus arguments, rendered by the front
//! end in the student's language, like the engine's explanations).
//!
//! Most checks read the engine's state view (what `docker ps`, `images`, `volume ls`
//! would show). A few need more than the view holds and read the world directly: a
//! container's `-it`, the files inside a volume, what a registry holds, workspace files,
//! and what the host's `curl` gets back (asked of a copy of the world, so a check never
//! leaves an access-log line behind in the student's nginx).

use dockyard_coreutils::{HttpRequest, NetError};
use dockyard_engine::Sandbox;
use dockyard_engine::daemon::Daemon;
use dockyard_engine::fs::{Node, Vfs};
use dockyard_engine::programs::net::{Origin, http};
use dockyard_engine::reference::Reference;
use dockyard_engine::state::{ContainerView, StateView};

use crate::check::*;

/// What a check is evaluated against.
pub struct Env<'a> {
    pub sandbox: &'a Sandbox,
    /// The quiz answer recorded for the step being checked.
    pub answer: Option<&'a str>,
    /// The lesson's workspace directory (relative file paths start here).
    pub workdir: &'a str,
    view: StateView,
}

impl<'a> Env<'a> {
    pub fn new(sandbox: &'a Sandbox, answer: Option<&'a str>, workdir: &'a str) -> Env<'a> {
        Env {
            sandbox,
            answer,
            workdir,
            view: sandbox.state(),
        }
    }

    fn daemon(&self) -> Option<&Daemon> {
        self.sandbox.world.daemon(&self.view.endpoint)
    }
}

/// Why a check does not hold yet: a message id (`lesson-check-...` in the Fluent files)
/// and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub id: &'static str,
    pub args: Vec<(String, String)>,
}

impl Finding {
    fn new(id: &'static str, args: &[(&str, String)]) -> Finding {
        Finding {
            id,
            args: args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }
}

/// Every message id a [`Finding`] can carry (front ends must have a text for each).
pub const FINDING_IDS: [&str; 26] = [
    "lesson-check-any",
    "lesson-check-not",
    "lesson-check-no-container",
    "lesson-check-container-field",
    "lesson-check-container-not-running",
    "lesson-check-container-running",
    "lesson-check-no-port",
    "lesson-check-no-image",
    "lesson-check-image-field",
    "lesson-check-image-layer",
    "lesson-check-no-volume",
    "lesson-check-volume-file",
    "lesson-check-volume-content",
    "lesson-check-no-network",
    "lesson-check-registry",
    "lesson-check-login",
    "lesson-check-http-error",
    "lesson-check-http-field",
    "lesson-check-http-body",
    "lesson-check-file-missing",
    "lesson-check-file-exists",
    "lesson-check-file-content",
    "lesson-check-last-exit-code",
    "lesson-check-last-output",
    "lesson-check-quiz-unanswered",
    "lesson-check-quiz-wrong",
];

/// True when `check` holds.
pub fn holds(check: &Check, env: &Env<'_>) -> bool {
    missing(check, env).is_empty()
}

/// What keeps `check` from holding; empty when it holds.
pub fn missing(check: &Check, env: &Env<'_>) -> Vec<Finding> {
    match check {
        Check::All(v) => v.iter().flat_map(|c| missing(c, env)).collect(),
        Check::Any(v) => {
            let mut out = Vec::new();
            for c in v {
                let m = missing(c, env);
                if m.is_empty() {
                    return Vec::new();
                }
                out.push(c.spec());
            }
            vec![Finding::new("lesson-check-any", &[("options", out.join(" | "))])]
        }
        Check::Not(c) => {
            if missing(c, env).is_empty() {
                vec![Finding::new("lesson-check-not", &[("spec", c.spec())])]
            } else {
                Vec::new()
            }
        }
        Check::Container(c) => container(c, env),
        Check::Port(p) => port(p, env),
        Check::Image(i) => image(i, env),
        Check::Volume(v) => volume(v, env),
        Check::Network(n) => network(n, env),
        Check::Registry(r) => registry(r, env),
        Check::Login(l) => login(l, env),
        Check::Http(h) => http_check(h, env),
        Check::File(f) => file(f, env),
        Check::LastCommand(l) => last_command(l, env),
        Check::Quiz(q) => quiz(q, env),
    }
}

/// Does the reference `want` name the same image as one of `refs`? Without a tag,
/// `want` accepts any tag of its repository.
pub fn reference_matches(want: &str, refs: &[String]) -> bool {
    let Ok(w) = Reference::parse(want) else {
        return refs.iter().any(|r| r == want);
    };
    let any_tag = w.tag.is_none() && w.digest.is_none();
    let w_repo = w.repository();
    let w_full = w.with_default_tag().full();
    refs.iter().filter_map(|r| Reference::parse(r).ok()).any(|r| {
        if any_tag {
            r.repository() == w_repo
        } else {
            r.with_default_tag().full() == w_full
        }
    })
}

/// Every reference a container's image is known by: what it was created from and the
/// image's current tags.
fn container_refs(c: &ContainerView, env: &Env<'_>) -> Vec<String> {
    let mut refs = vec![c.image.clone()];
    if let Some(d) = env.daemon() {
        refs.extend(d.tags_of(&c.image_id));
    }
    refs
}

fn env_matches(want: &str, vars: &[String]) -> bool {
    match want.split_once('=') {
        Some(_) => vars.iter().any(|v| v == want),
        None => vars
            .iter()
            .any(|v| v.split_once('=').map(|(k, _)| k) == Some(want) || v == want),
    }
}

/// Which fields of `c` differ from what the check asks: (field, wanted, actual).
fn container_diffs(want: &ContainerCheck, c: &ContainerView, env: &Env<'_>) -> Vec<(&'static str, String, String)> {
    let mut d = Vec::new();
    if let Some(img) = &want.image
        && !reference_matches(img, &container_refs(c, env))
    {
        d.push(("image", img.clone(), c.image.clone()));
    }
    if let Some(r) = want.running
        && c.running != r
    {
        d.push(("running", r.to_string(), c.running.to_string()));
    }
    if let Some(s) = &want.status
        && c.status != *s
    {
        d.push(("status", s.clone(), c.status.clone()));
    }
    if let Some(code) = want.exit_code
        && (c.exit_code != code || c.running || c.status == "created")
    {
        let have = if c.running || c.status == "created" {
            c.status.clone()
        } else {
            c.exit_code.to_string()
        };
        d.push(("exit_code", code.to_string(), have));
    }
    if let Some(e) = &want.env
        && !env_matches(e, &c.env)
    {
        d.push(("env", e.clone(), c.env.join(" ")));
    }
    if let Some(n) = &want.network
        && !c.networks.contains(n)
    {
        d.push(("network", n.clone(), c.networks.join(",")));
    }
    if let Some(v) = &want.volume
        && !c
            .mounts
            .iter()
            .any(|m| m.kind == dockyard_engine::model::MountKind::Volume && m.source == *v)
    {
        let have: Vec<String> = c.mounts.iter().map(|m| format!("{}:{}", m.source, m.target)).collect();
        d.push(("volume", v.clone(), have.join(",")));
    }
    if let Some(t) = &want.mount
        && !c.mounts.iter().any(|m| m.target == *t)
    {
        let have: Vec<String> = c.mounts.iter().map(|m| m.target.clone()).collect();
        d.push(("mount", t.clone(), have.join(",")));
    }
    if let Some(r) = &want.restart
        && c.restart != *r
    {
        d.push(("restart", r.clone(), c.restart.clone()));
    }
    if let Some(a) = want.auto_remove
        && c.auto_remove != a
    {
        d.push(("auto_remove", a.to_string(), c.auto_remove.to_string()));
    }
    if let Some(i) = want.interactive {
        let have = env
            .daemon()
            .and_then(|d| d.container_by_id(&c.id))
            .is_some_and(|k| k.tty && k.open_stdin);
        if have != i {
            d.push(("interactive", i.to_string(), have.to_string()));
        }
    }
    if let Some(t) = &want.command_contains
        && !c.command.contains(t.as_str())
    {
        d.push(("command", t.clone(), c.command.clone()));
    }
    d
}

fn container(want: &ContainerCheck, env: &Env<'_>) -> Vec<Finding> {
    let candidates: Vec<&ContainerView> = env
        .view
        .containers
        .iter()
        .filter(|c| want.name.as_ref().is_none_or(|n| c.name == *n))
        .collect();
    if candidates.iter().any(|c| container_diffs(want, c, env).is_empty()) {
        return Vec::new();
    }
    match (&want.name, candidates.as_slice()) {
        (Some(name), [c]) => container_diffs(want, c, env)
            .into_iter()
            .map(|(field, want, have)| match (field, want.as_str()) {
                ("running", "true") => Finding::new("lesson-check-container-not-running", &[("name", name.clone())]),
                ("running", _) => Finding::new("lesson-check-container-running", &[("name", name.clone())]),
                _ => Finding::new(
                    "lesson-check-container-field",
                    &[
                        ("name", name.clone()),
                        ("field", field.into()),
                        ("want", want),
                        ("have", have),
                    ],
                ),
            })
            .collect(),
        _ => vec![Finding::new(
            "lesson-check-no-container",
            &[("spec", Check::Container(want.clone()).spec())],
        )],
    }
}

/// `0.0.0.0:8080->80/tcp` → (8080, 80, "tcp").
fn parse_binding(s: &str) -> Option<(u16, u16, String)> {
    let (left, right) = s.split_once("->")?;
    let host = left.rsplit_once(':')?.1.parse().ok()?;
    let (cport, proto) = right.split_once('/')?;
    Some((host, cport.parse().ok()?, proto.to_string()))
}

fn port(want: &PortCheck, env: &Env<'_>) -> Vec<Finding> {
    let proto = want.proto.as_deref().unwrap_or("tcp");
    let found = env
        .view
        .containers
        .iter()
        .filter(|c| want.container.as_ref().is_none_or(|n| c.name == *n))
        .any(|c| {
            c.running
                && c.ports.iter().filter_map(|p| parse_binding(p)).any(|(h, cp, pr)| {
                    want.host.is_none_or(|w| w == h) && want.container_port.is_none_or(|w| w == cp) && pr == proto
                })
        });
    if found {
        Vec::new()
    } else {
        vec![Finding::new(
            "lesson-check-no-port",
            &[("spec", Check::Port(want.clone()).spec())],
        )]
    }
}

fn image(want: &ImageCheck, env: &Env<'_>) -> Vec<Finding> {
    let Some(d) = env.daemon() else {
        return vec![Finding::new(
            "lesson-check-no-image",
            &[("spec", Check::Image(want.clone()).spec())],
        )];
    };
    let candidates: Vec<_> = env
        .view
        .images
        .iter()
        .filter(|i| {
            want.tag
                .as_ref()
                .is_none_or(|t| reference_matches(t, &d.tags_of(&i.id)))
        })
        .collect();
    let diffs = |i: &dockyard_engine::state::ImageView| {
        let mut out: Vec<(&'static str, String, String)> = Vec::new();
        let cfg = &i.config;
        if let Some(t) = &want.layer_created_by_contains
            && !i.history.iter().any(|h| h.contains(t.as_str()))
        {
            out.push(("layer_created_by_contains", t.clone(), String::new()));
        }
        if let Some(e) = &want.env
            && !env_matches(e, &cfg.env)
        {
            out.push(("env", e.clone(), cfg.env.join(" ")));
        }
        if let Some(w) = &want.workdir
            && cfg.working_dir != *w
        {
            out.push(("workdir", w.clone(), cfg.working_dir.clone()));
        }
        if let Some(p) = &want.exposes {
            let p = if p.contains('/') { p.clone() } else { format!("{p}/tcp") };
            if !cfg.exposed_ports.contains(&p) {
                out.push(("exposes", p, cfg.exposed_ports.join(",")));
            }
        }
        if let Some(c) = &want.cmd_contains {
            let cmd: Vec<String> = cfg.entrypoint.iter().chain(cfg.cmd.iter()).flatten().cloned().collect();
            let cmd = cmd.join(" ");
            if !cmd.contains(c.as_str()) {
                out.push(("cmd", c.clone(), cmd));
            }
        }
        if let Some(u) = &want.user
            && cfg.user != *u
        {
            out.push(("user", u.clone(), cfg.user.clone()));
        }
        out
    };
    if candidates.iter().any(|i| diffs(i).is_empty()) {
        return Vec::new();
    }
    match (&want.tag, candidates.as_slice()) {
        (Some(tag), [i]) => diffs(i)
            .into_iter()
            .map(|(field, w, have)| match field {
                "layer_created_by_contains" => {
                    Finding::new("lesson-check-image-layer", &[("image", tag.clone()), ("want", w)])
                }
                _ => Finding::new(
                    "lesson-check-image-field",
                    &[
                        ("image", tag.clone()),
                        ("field", field.into()),
                        ("want", w),
                        ("have", have),
                    ],
                ),
            })
            .collect(),
        _ => vec![Finding::new(
            "lesson-check-no-image",
            &[("spec", Check::Image(want.clone()).spec())],
        )],
    }
}

fn read_file(tree: &impl Vfs, path: &str) -> Option<String> {
    match tree.stat(path) {
        Some(Node::File { .. }) => tree.read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
        _ => None,
    }
}

fn volume(want: &VolumeCheck, env: &Env<'_>) -> Vec<Finding> {
    let Some(d) = env.daemon() else {
        return vec![Finding::new(
            "lesson-check-no-volume",
            &[("spec", Check::Volume(want.clone()).spec())],
        )];
    };
    let names: Vec<&String> = env
        .view
        .volumes
        .iter()
        .filter(|v| want.name.as_ref().is_none_or(|n| *v == n))
        .collect();
    let ok = |name: &str| -> Result<(), Finding> {
        let Some(path) = &want.has_file else {
            return Ok(());
        };
        let path = dockyard_engine::fs::normalize("/", path);
        let Some(vol) = d.volumes.get(name) else {
            return Err(Finding::new("lesson-check-no-volume", &[("spec", name.to_string())]));
        };
        match read_file(&vol.data, &path) {
            None => Err(Finding::new(
                "lesson-check-volume-file",
                &[("name", name.to_string()), ("path", path)],
            )),
            Some(text) => match &want.file_contains {
                Some(w) if !text.contains(w.as_str()) => Err(Finding::new(
                    "lesson-check-volume-content",
                    &[("name", name.to_string()), ("path", path), ("want", w.clone())],
                )),
                _ => Ok(()),
            },
        }
    };
    let results: Vec<Result<(), Finding>> = names.iter().map(|n| ok(n)).collect();
    if results.iter().any(Result::is_ok) {
        return Vec::new();
    }
    match (&want.name, results.into_iter().next()) {
        (Some(_), Some(Err(f))) => vec![f],
        _ => vec![Finding::new(
            "lesson-check-no-volume",
            &[("spec", Check::Volume(want.clone()).spec())],
        )],
    }
}

fn network(want: &NetworkCheck, env: &Env<'_>) -> Vec<Finding> {
    let found = env.daemon().is_some_and(|d| {
        d.networks.iter().any(|n| {
            want.name.as_ref().is_none_or(|w| n.name == *w)
                && want.driver.as_ref().is_none_or(|w| n.driver == *w)
                && want.container.as_ref().is_none_or(|w| {
                    env.view
                        .containers
                        .iter()
                        .any(|c| c.name == *w && c.networks.contains(&n.name))
                })
        })
    });
    if found {
        Vec::new()
    } else {
        vec![Finding::new(
            "lesson-check-no-network",
            &[("spec", Check::Network(want.clone()).spec())],
        )]
    }
}

fn registry(want: &RegistryCheck, env: &Env<'_>) -> Vec<Finding> {
    let w = &env.sandbox.world;
    let found = Reference::parse(&want.image).ok().is_some_and(|r| {
        let reg = if r.is_docker_hub() {
            Some(&w.hub_uploads)
        } else {
            w.registry_for_domain(&r.domain)
        };
        reg.and_then(|reg| reg.repos.get(&r.path))
            .is_some_and(|tags| tags.contains_key(r.tag_or_latest()))
    });
    if found {
        Vec::new()
    } else {
        vec![Finding::new("lesson-check-registry", &[("image", want.image.clone())])]
    }
}

fn login(want: &LoginCheck, env: &Env<'_>) -> Vec<Finding> {
    let reg = want.registry.as_deref().unwrap_or("docker.io");
    let found = env
        .view
        .logins
        .iter()
        .any(|(r, u)| r == reg && want.user.as_ref().is_none_or(|w| w == u));
    if found {
        Vec::new()
    } else {
        vec![Finding::new("lesson-check-login", &[("registry", reg.to_string())])]
    }
}

/// `http://host:port/path` → a GET request.
pub fn parse_url(url: &str) -> Option<HttpRequest> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, 80),
    };
    if host.is_empty() {
        return None;
    }
    Some(HttpRequest {
        method: "GET".into(),
        host: host.into(),
        port,
        path,
        headers: Vec::new(),
        body: String::new(),
    })
}

fn net_error(e: &NetError) -> &'static str {
    match e {
        NetError::ConnectionRefused => "connection refused",
        NetError::CouldNotResolve => "could not resolve host",
        NetError::Timeout => "timed out",
        NetError::NoRoute => "no route to host",
    }
}

fn http_check(want: &HttpCheck, env: &Env<'_>) -> Vec<Finding> {
    let Some(req) = parse_url(&want.url) else {
        return vec![Finding::new(
            "lesson-check-http-error",
            &[("url", want.url.clone()), ("error", "bad URL".into())],
        )];
    };
    let mut world = env.sandbox.world.clone();
    match http(&mut world, &Origin::Host, &req) {
        Err(e) => vec![Finding::new(
            "lesson-check-http-error",
            &[("url", want.url.clone()), ("error", net_error(&e).into())],
        )],
        Ok(resp) => {
            let mut out = Vec::new();
            if let Some(s) = want.status
                && resp.status != s
            {
                out.push(Finding::new(
                    "lesson-check-http-field",
                    &[
                        ("url", want.url.clone()),
                        ("field", "status".into()),
                        ("want", s.to_string()),
                        ("have", resp.status.to_string()),
                    ],
                ));
            }
            if let Some(c) = &want.contains
                && !resp.body.contains(c.as_str())
            {
                out.push(Finding::new(
                    "lesson-check-http-body",
                    &[("url", want.url.clone()), ("want", c.clone())],
                ));
            }
            out
        }
    }
}

fn file(want: &FileCheck, env: &Env<'_>) -> Vec<Finding> {
    let home = &env.sandbox.world.host.home;
    let path = match want.path.strip_prefix('~') {
        Some(rest) => format!("{home}{rest}"),
        None => dockyard_engine::fs::normalize(env.workdir, &want.path),
    };
    let fs = &env.sandbox.world.host.fs;
    let content = read_file(fs, &path);
    let exists = want.exists.unwrap_or(true);
    match (exists, content) {
        (false, None) => Vec::new(),
        (false, Some(_)) => vec![Finding::new("lesson-check-file-exists", &[("path", want.path.clone())])],
        (true, None) => vec![Finding::new(
            "lesson-check-file-missing",
            &[("path", want.path.clone())],
        )],
        (true, Some(text)) => match &want.contains {
            Some(c) if !text.contains(c.as_str()) => vec![Finding::new(
                "lesson-check-file-content",
                &[("path", want.path.clone()), ("want", c.clone())],
            )],
            _ => Vec::new(),
        },
    }
}

fn last_command(want: &LastCommandCheck, env: &Env<'_>) -> Vec<Finding> {
    let last = &env.sandbox.last;
    let (stdout, stderr) = (last.stdout(), last.stderr());
    let mut out = Vec::new();
    if let Some(code) = want.exit_code
        && last.exit_code != code
    {
        out.push(Finding::new(
            "lesson-check-last-exit-code",
            &[("want", code.to_string()), ("have", last.exit_code.to_string())],
        ));
    }
    let streams = [
        (
            "stdout",
            &want.stdout_contains,
            stdout.contains_text(want.stdout_contains.as_deref()),
        ),
        (
            "stderr",
            &want.stderr_contains,
            stderr.contains_text(want.stderr_contains.as_deref()),
        ),
        (
            "output",
            &want.output_contains,
            stdout.contains_text(want.output_contains.as_deref())
                || stderr.contains_text(want.output_contains.as_deref()),
        ),
    ];
    for (stream, wanted, found) in streams {
        if let Some(w) = wanted
            && !found
        {
            out.push(Finding::new(
                "lesson-check-last-output",
                &[("stream", stream.into()), ("want", w.clone())],
            ));
        }
    }
    out
}

trait ContainsText {
    fn contains_text(&self, t: Option<&str>) -> bool;
}

impl ContainsText for String {
    fn contains_text(&self, t: Option<&str>) -> bool {
        t.is_none_or(|t| self.contains(t))
    }
}

fn quiz(want: &QuizCheck, env: &Env<'_>) -> Vec<Finding> {
    match env.answer {
        None => vec![Finding::new("lesson-check-quiz-unanswered", &[])],
        Some(a) if a == want.answer => Vec::new(),
        Some(a) => vec![Finding::new("lesson-check-quiz-wrong", &[("answer", a.to_string())])],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_match_like_docker() {
        let refs = vec!["docker.io/library/nginx:latest".to_string()];
        assert!(reference_matches("nginx", &refs));
        assert!(reference_matches("nginx:latest", &refs));
        assert!(reference_matches("docker.io/library/nginx", &refs));
        assert!(!reference_matches("nginx:1.27", &refs));
        assert!(!reference_matches("python", &refs));
        let alpine = vec!["nginx:alpine".to_string()];
        assert!(reference_matches("nginx", &alpine));
        assert!(!reference_matches("nginx:latest", &alpine));
    }

    #[test]
    fn every_finding_id_is_listed() {
        let src = include_str!("eval.rs");
        // Every literal naming a finding (the list itself included) must be in the list.
        let used: Vec<String> = src
            .split("\"lesson-check-")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|tail| !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
            .map(|tail| format!("lesson-check-{tail}"))
            .collect();
        assert!(used.len() > FINDING_IDS.len() + 20, "{used:?}");
        for id in used {
            assert!(FINDING_IDS.contains(&id.as_str()), "{id} is missing from FINDING_IDS");
        }
    }

    #[test]
    fn urls() {
        let r = parse_url("http://localhost:8080/index.html").unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.path.as_str()),
            ("localhost", 8080, "/index.html")
        );
        let r = parse_url("localhost").unwrap();
        assert_eq!((r.port, r.path.as_str()), (80, "/"));
        assert!(parse_url("http://:80").is_none());
    }

    #[test]
    fn bindings() {
        assert_eq!(parse_binding("0.0.0.0:8080->80/tcp"), Some((8080, 80, "tcp".into())));
        assert_eq!(parse_binding("junk"), None);
    }
}
