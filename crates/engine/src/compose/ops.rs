//! What compose does to the daemon: find a project's objects by their labels,
//! make sure images exist (pull or build), create networks, volumes and
//! containers with compose's names and labels, start them in dependency order
//! while waiting on health, and stop/remove them again. Each step reports
//! progress events; the commands in `mod.rs` decide how they are shown.

use std::collections::BTreeMap;

use super::load::COMPOSE_VERSION;
use super::model::{Condition, MountType, Project, Service};
use super::progress::{Progress, Status};
use crate::docker::Ctx;
use crate::docker::containers::MountSpec;
use crate::io::{Explain, Io};
use crate::lifecycle::{self, StartError};
use crate::model::{Container, Endpoint, Health, Healthcheck, MountKind, Network, RestartPolicy, State, Volume};
use crate::reference::Reference;
use crate::time::{SECOND, Time};

pub const L_PROJECT: &str = "com.docker.compose.project";
pub const L_SERVICE: &str = "com.docker.compose.service";
pub const L_NUMBER: &str = "com.docker.compose.container-number";
pub const L_ONEOFF: &str = "com.docker.compose.oneoff";
pub const L_HASH: &str = "com.docker.compose.config-hash";
pub const L_IMAGE: &str = "com.docker.compose.image";
pub const L_NETWORK: &str = "com.docker.compose.network";
pub const L_VOLUME: &str = "com.docker.compose.volume";
pub const L_VERSION: &str = "com.docker.compose.version";

const MS: i64 = 1_000_000;

/// A failure that ends the command: the message compose prints and its note.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub explain: Option<Explain>,
}

impl Failure {
    pub fn new(message: impl Into<String>, explain: Option<Explain>) -> Failure {
        Failure {
            message: message.into(),
            explain,
        }
    }
}

/// Advances the simulated clock (timers and health checks fire on the way).
pub fn advance(ctx: &mut Ctx<'_>, d: Time) {
    let t = ctx.world.now + d;
    lifecycle::tick(ctx.world, t);
}

/// `web-1` — how compose names a container in logs and `Attaching to`.
pub fn short_name(project: &str, c: &Container) -> String {
    c.name
        .strip_prefix(&format!("{project}-"))
        .map(str::to_string)
        .unwrap_or_else(|| c.name.clone())
}

/// Ids of the project's containers (any state), optionally of some services only;
/// one-off `run` containers left out.
pub fn project_containers(ctx: &Ctx<'_>, project: &str, services: &[String]) -> Vec<String> {
    project_containers_with(ctx, project, services, false)
}

/// [`project_containers`], with `run` containers when `one_off` (`ps`, `down`).
pub fn project_containers_with(ctx: &Ctx<'_>, project: &str, services: &[String], one_off: bool) -> Vec<String> {
    ctx.d()
        .containers
        .iter()
        .filter(|c| c.labels.get(L_PROJECT).is_some_and(|p| p == project))
        .filter(|c| one_off || c.labels.get(L_ONEOFF).is_none_or(|o| o != "True"))
        .filter(|c| services.is_empty() || c.labels.get(L_SERVICE).is_some_and(|s| services.contains(s)))
        .map(|c| c.id.clone())
        .collect()
}

/// The container of a service (number 1).
pub fn service_container(ctx: &Ctx<'_>, project: &str, service: &str) -> Option<String> {
    ctx.d()
        .containers
        .iter()
        .find(|c| {
            c.labels.get(L_PROJECT).is_some_and(|p| p == project)
                && c.labels.get(L_SERVICE).is_some_and(|s| s == service)
                && c.labels.get(L_ONEOFF).is_none_or(|o| o != "True")
        })
        .map(|c| c.id.clone())
}

pub fn container_name(p: &Project, s: &Service) -> String {
    s.container_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}-1", p.name, s.name))
}

/// The services to act on: the named ones plus everything they depend on.
pub fn with_dependencies(p: &Project, names: &[String]) -> Vec<String> {
    if names.is_empty() {
        return p.services.iter().map(|s| s.name.clone()).collect();
    }
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<String> = names.to_vec();
    while let Some(n) = stack.pop() {
        if out.contains(&n) {
            continue;
        }
        if let Some(s) = p.service(&n) {
            stack.extend(s.depends_on.iter().map(|d| d.service.clone()));
        }
        out.push(n);
    }
    out
}

// ------------------------------------------------------------------ images

fn pull_secs(size: u64) -> i64 {
    // About 25 MB/s after a short round trip.
    300 * MS + (size.min(1 << 40) as i64) * 40
}

/// Pulls `image` for service `svc`, recording compose's pull events.
pub fn pull_image(ctx: &mut Ctx<'_>, pr: &mut Progress, svc: &str, image: &str) -> Result<String, Failure> {
    let start = ctx.world.now;
    pr.event_text(svc, None, Status::Working, "Pulling", start);
    let r = match Reference::parse(image) {
        Ok(r) => r.with_default_tag(),
        Err(e) => {
            pr.event_text(svc, None, Status::Error, "Error", start);
            return Err(Failure::new(
                e.to_string(),
                Some(Explain::new("invalid-reference").arg("reference", image.to_string())),
            ));
        }
    };
    let remote = match crate::docker::pull::lookup(ctx, &r) {
        Ok(x) => x,
        Err(msg) => {
            advance(ctx, 800 * MS);
            let now = ctx.world.now;
            pr.event_text(svc, None, Status::Error, "Error", now);
            let mut ex = None;
            if msg.contains("pull access denied") {
                ex = Some(Explain::new("pull-access-denied").arg("image", r.familiar_repository()));
            } else if msg.contains("manifest unknown") {
                ex = Some(Explain::new("manifest-unknown").arg("image", r.familiar()));
            }
            return Err(Failure::new(format!("Error response from daemon: {msg}"), ex));
        }
    };
    let have_same = ctx.d().tags.get(&r.full()).is_some_and(|id| *id == remote.image.id);
    if !have_same {
        let mut seen = Vec::new();
        for l in &remote.layers {
            if seen.contains(&l.digest) {
                continue;
            }
            seen.push(l.digest.clone());
            let short = crate::docker::format::short(&l.digest).to_string();
            let t0 = ctx.world.now;
            pr.event_text(&short, Some(svc), Status::Working, "Pulling fs layer", t0);
            let (text, d) = if ctx.d().layers.contains_key(&l.digest) {
                ("Already exists", 0)
            } else {
                ("Pull complete", pull_secs(l.size))
            };
            advance(ctx, d);
            let t1 = ctx.world.now;
            pr.event_text(&short, Some(svc), Status::Done, text, t1);
        }
    }
    crate::docker::pull::install(ctx, &r, remote);
    advance(ctx, 100 * MS);
    let now = ctx.world.now;
    pr.event_text(svc, None, Status::Done, "Pulled", now);
    Ok(ctx.d().tags.get(&r.full()).cloned().unwrap_or_default())
}

/// Puts the service name into BuildKit's vertex names the way compose's bake
/// build shows them: ` => [web 2/4] RUN …`, ` => [web internal] load …`.
fn prefix_build_output(text: &str, svc: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let mut changed: Option<String> = None;
        for lead in [" => CACHED [", " => ERROR [", " => ["] {
            if let Some(rest) = body.strip_prefix(lead) {
                changed = Some(format!("{lead}{svc} {rest}"));
                break;
            }
        }
        if changed.is_none() && body.starts_with(" => exporting to image") {
            changed = Some(body.replacen(" => exporting to image", &format!(" => [{svc}] exporting to image"), 1));
        }
        match changed {
            Some(c) => {
                out.push_str(&refit(&c, body.chars().count()));
                out.push_str(nl);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Lays a BuildKit progress line out again at its width after the service name was
/// added: the text is cut where BuildKit would cut it and the timer stays right-aligned.
fn refit(line: &str, width: usize) -> String {
    let Some((text, timer)) = line.rsplit_once(' ') else {
        return line.to_string();
    };
    let is_timer = timer.ends_with('s') && timer[..timer.len() - 1].parse::<f64>().is_ok();
    if !is_timer || line.chars().count() <= width {
        return line.to_string();
    }
    let text = text.trim_end();
    let max = width.saturating_sub(2 + timer.len());
    let body: String = text.chars().take(max).collect();
    let pad = width.saturating_sub(timer.len() + body.chars().count()).max(1);
    format!("{body}{}{timer}", " ".repeat(pad))
}

/// Builds a service's image (`<project>-<service>` unless `image:` names it).
pub fn build_image(ctx: &mut Ctx<'_>, p: &Project, s: &Service, no_cache: bool) -> Result<String, Failure> {
    let Some(b) = &s.build else {
        return Err(Failure::new(format!("service {:?} has no build section", s.name), None));
    };
    let tag = p.image_of(s);
    let mut argv: Vec<String> = vec!["-t".into(), tag.clone()];
    if let Some(df) = &b.dockerfile {
        argv.push("-f".into());
        argv.push(crate::fs::normalize(&b.context, df));
    }
    if let Some(t) = &b.target {
        argv.push("--target".into());
        argv.push(t.clone());
    }
    for (k, v) in &b.args {
        argv.push("--build-arg".into());
        argv.push(format!("{k}={v}"));
    }
    if no_cache {
        argv.push("--no-cache".into());
    }
    argv.push(b.context.clone());
    let spec = crate::docker::spec("image build").ok_or_else(|| Failure::new("build is unavailable", None))?;
    let flags: Vec<crate::docker::args::Flag> = spec.flags.iter().map(|f| crate::docker::args::flag(f)).collect();
    let parsed = crate::docker::args::parse(&argv, &flags, true).map_err(|e| Failure::new(e.to_string(), None))?;
    let mut bio = Io::default();
    let code = {
        let mut bctx = Ctx {
            world: &mut *ctx.world,
            endpoint: ctx.endpoint.clone(),
            io: &mut bio,
            stdin: None,
            answer: None,
            stdout_redirected: false,
        };
        crate::build::build_cmd(&mut bctx, &parsed)
    };
    for (stream, text) in &bio.chunks {
        ctx.io.push(stream.clone(), &prefix_build_output(text, &s.name));
    }
    if code != 0 {
        // BuildKit's error is already printed; compose adds nothing but the exit code.
        for e in bio.explain {
            ctx.io.explain(e);
        }
        return Err(Failure::new(String::new(), None));
    }
    ctx.d()
        .image_id_for(&tag)
        .ok_or_else(|| Failure::new(format!("image {tag} not found after build"), None))
}

/// Makes sure every service in `names` has its image: builds (`--build`, or a
/// missing image with a build section) and pulls. Prints the pull and build
/// displays. Returns service → image id.
pub fn ensure_images(
    ctx: &mut Ctx<'_>,
    p: &Project,
    names: &[String],
    force_build: bool,
    plain: bool,
) -> Result<BTreeMap<String, String>, Failure> {
    let mut ids = BTreeMap::new();
    let mut pulls = Progress::new("Running");
    let mut result: Result<(), Failure> = Ok(());
    // Pull first (compose pulls everything it can before building).
    for s in p.services.iter().filter(|s| names.contains(&s.name)) {
        let image = p.image_of(s);
        let local = ctx.d().image_id_for(&image);
        let policy = s.pull_policy.as_deref().unwrap_or("missing");
        let wants_pull = match policy {
            "always" => s.image.is_some(),
            "never" | "build" => false,
            _ => s.image.is_some() && local.is_none() && !(s.build.is_some() && force_build),
        };
        if wants_pull {
            match pull_image(ctx, &mut pulls, &s.name, &image) {
                Ok(id) => {
                    ids.insert(s.name.clone(), id);
                }
                Err(_) if s.build.is_some() => {
                    // The image can be built instead: compose only warns.
                    let now = ctx.world.now;
                    pulls.event_text(&s.name, None, Status::Warning, "Warning", now);
                }
                Err(f) => {
                    result = Err(f);
                    break;
                }
            }
        } else if policy == "never" && local.is_none() && s.build.is_none() {
            result = Err(Failure::new(
                format!("Error response from daemon: No such image: {image}"),
                Some(Explain::new("compose-image-missing").arg("image", image.clone())),
            ));
            break;
        }
    }
    if !pulls.is_empty() {
        ctx.io.err(if plain { pulls.render_plain() } else { pulls.render() });
    }
    result?;
    // Then build what has to be built.
    let mut built = Progress::new("Building");
    for s in p.services.iter().filter(|s| names.contains(&s.name)) {
        if ids.contains_key(&s.name) {
            continue;
        }
        let image = p.image_of(s);
        let local = ctx.d().image_id_for(&image);
        if s.build.is_some() && (force_build || local.is_none()) {
            let id = build_image(ctx, p, s, false)?;
            let now = ctx.world.now;
            built.event(&s.name, Status::Done, "Built", now);
            ids.insert(s.name.clone(), id);
        } else if let Some(id) = local {
            ids.insert(s.name.clone(), id);
        }
    }
    if !built.is_empty() {
        ctx.io.err(if plain { built.render_plain() } else { built.render() });
    }
    Ok(ids)
}

// ------------------------------------------------------------------ networks and volumes

fn compose_labels(project: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(L_PROJECT.to_string(), project.to_string());
    m.insert(L_VERSION.to_string(), COMPOSE_VERSION.to_string());
    m
}

/// Network keys the given services attach to (`default` when they list none).
pub fn networks_used(p: &Project, names: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for s in p.services.iter().filter(|s| names.contains(&s.name)) {
        if s.network_mode.is_some() {
            continue;
        }
        if s.networks.is_empty() {
            if !keys.contains(&"default".to_string()) {
                keys.push("default".into());
            }
        } else {
            for n in &s.networks {
                if !keys.contains(&n.key) {
                    keys.push(n.key.clone());
                }
            }
        }
    }
    // Compose creates networks in the order the file declares them, `default` first.
    let mut ordered: Vec<String> = Vec::new();
    if keys.contains(&"default".to_string()) {
        ordered.push("default".into());
    }
    for n in &p.networks {
        if keys.contains(&n.key) && !ordered.contains(&n.key) {
            ordered.push(n.key.clone());
        }
    }
    ordered
}

pub fn ensure_networks(ctx: &mut Ctx<'_>, p: &Project, keys: &[String], pr: &mut Progress) -> Result<(), Failure> {
    for key in keys {
        let def = p.networks.iter().find(|n| n.key == *key);
        let name = p.network_name(key);
        if def.is_some_and(|d| d.external) {
            if ctx.d().network(&name).is_none() {
                return Err(Failure::new(
                    format!("network {name} declared as external, but could not be found"),
                    Some(Explain::new("compose-external-network-missing").arg("network", name.clone())),
                ));
            }
            continue;
        }
        if ctx.d().networks.iter().any(|n| n.name == name) {
            continue;
        }
        let id = format!("Network {name}");
        let t0 = ctx.world.now;
        pr.event(&id, Status::Working, "Creating", t0);
        let idx = ctx.d().networks.iter().filter(|n| n.user_defined()).count() as u32;
        let mut labels = compose_labels(&p.name);
        labels.insert(L_NETWORK.to_string(), key.clone());
        if let Some(d) = def {
            for (k, v) in &d.labels {
                labels.insert(k.clone(), v.clone());
            }
        }
        let net = Network {
            id: ctx.world.rng.hex_id(),
            name: name.clone(),
            driver: def.and_then(|d| d.driver.clone()).unwrap_or_else(|| "bridge".into()),
            subnet: format!("172.{}.0.0/16", 18 + idx),
            gateway: format!("172.{}.0.1", 18 + idx),
            created: t0,
            internal: def.is_some_and(|d| d.internal),
            labels,
            next_host: 2,
        };
        ctx.daemon().networks.push(net);
        advance(ctx, 100 * MS);
        let t1 = ctx.world.now;
        pr.event(&id, Status::Done, "Created", t1);
    }
    Ok(())
}

/// Top-level volume keys used by the given services.
pub fn volumes_used(p: &Project, names: &[String]) -> Vec<String> {
    let mut keys = Vec::new();
    for v in &p.volumes {
        let used = p.services.iter().filter(|s| names.contains(&s.name)).any(|s| {
            s.volumes
                .iter()
                .any(|m| m.kind == MountType::Volume && m.source == v.key)
        });
        if used {
            keys.push(v.key.clone());
        }
    }
    keys
}

pub fn ensure_volumes(ctx: &mut Ctx<'_>, p: &Project, keys: &[String], pr: &mut Progress) -> Result<(), Failure> {
    for key in keys {
        let Some(def) = p.volumes.iter().find(|v| v.key == *key) else {
            continue;
        };
        let name = def.name.clone();
        if def.external {
            if !ctx.d().volumes.contains_key(&name) {
                return Err(Failure::new(
                    format!("volume {:?} declared as external, but could not be found", name),
                    Some(Explain::new("compose-external-volume-missing").arg("volume", name.clone())),
                ));
            }
            continue;
        }
        if ctx.d().volumes.contains_key(&name) {
            continue;
        }
        let id = format!("Volume {name}");
        let t0 = ctx.world.now;
        pr.event(&id, Status::Working, "Creating", t0);
        let mut labels = compose_labels(&p.name);
        labels.insert(L_VOLUME.to_string(), key.clone());
        for (k, v) in &def.labels {
            labels.insert(k.clone(), v.clone());
        }
        let vol = Volume {
            name: name.clone(),
            driver: def.driver.clone().unwrap_or_else(|| "local".into()),
            created: t0,
            labels,
            anonymous: false,
            data: crate::fs::Tree::new(),
        };
        ctx.daemon().volumes.insert(name.clone(), vol);
        pr.event(&id, Status::Done, "Created", t0);
    }
    Ok(())
}

// ------------------------------------------------------------------ containers

fn restart_policy(s: &Service) -> RestartPolicy {
    let r = s.restart.clone().unwrap_or_default();
    let (name, max) = r.split_once(':').unwrap_or((r.as_str(), ""));
    match name {
        "always" => RestartPolicy::Always,
        "unless-stopped" => RestartPolicy::UnlessStopped,
        "on-failure" => RestartPolicy::OnFailure(max.parse().unwrap_or(0)),
        _ => RestartPolicy::No,
    }
}

/// A stable digest of everything that makes a service's container what it is;
/// a change means `up` recreates the container.
pub fn config_hash(s: &Service, image_id: &str) -> String {
    let text = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        s.image,
        s.command,
        s.entrypoint,
        s.environment,
        s.ports,
        s.expose,
        s.volumes,
        s.healthcheck,
        s.restart,
        s.networks,
        s.network_mode,
        s.container_name,
        s.working_dir,
        s.user,
        s.labels,
        (s.stdin_open, s.tty, &s.hostname, &s.stop_signal),
        image_id
    );
    crate::digest::sha256_hex(text.as_bytes())
}

fn healthcheck_for(s: &Service, image: Option<&Healthcheck>) -> Option<Healthcheck> {
    let h = s.healthcheck.as_ref()?;
    if h.disable {
        return Some(Healthcheck {
            test: vec!["NONE".into()],
            ..Default::default()
        });
    }
    let base = image.cloned().unwrap_or(Healthcheck {
        test: vec![],
        interval_s: 30,
        timeout_s: 30,
        start_period_s: 0,
        retries: 3,
    });
    Some(Healthcheck {
        test: if h.test.is_empty() {
            base.test.clone()
        } else {
            h.test.clone()
        },
        interval_s: h
            .interval
            .as_ref()
            .map(|d| d.secs())
            .unwrap_or(if base.interval_s == 0 { 30 } else { base.interval_s }),
        timeout_s: h.timeout.as_ref().map(|d| d.secs()).unwrap_or(if base.timeout_s == 0 {
            30
        } else {
            base.timeout_s
        }),
        start_period_s: h.start_period.as_ref().map(|d| d.secs()).unwrap_or(base.start_period_s),
        retries: h.retries.unwrap_or(if base.retries == 0 { 3 } else { base.retries }),
    })
}

/// Creates the container of service `s` from image `image_id` (not started).
pub fn create_container(ctx: &mut Ctx<'_>, p: &Project, s: &Service, image_id: &str) -> Result<String, Failure> {
    create_container_as(ctx, p, s, image_id, None)
}

/// [`create_container`], or a one-off container (`compose run`) with this name.
pub fn create_container_as(
    ctx: &mut Ctx<'_>,
    p: &Project,
    s: &Service,
    image_id: &str,
    one_off: Option<&str>,
) -> Result<String, Failure> {
    let name = match one_off {
        Some(n) => n.to_string(),
        None => container_name(p, s),
    };
    if let Some(other) = ctx.d().name_in_use(&name) {
        let oid = other.id.clone();
        return Err(Failure::new(
            format!(
                "Error response from daemon: Conflict. The container name \"/{name}\" is already in use by container \"{oid}\". You have to remove (or rename) that container to be able to reuse that name."
            ),
            Some(Explain::new("container-name-conflict").arg("name", name.clone())),
        ));
    }
    let Some(img) = ctx.d().images.get(image_id).cloned() else {
        return Err(Failure::new(
            format!("Error response from daemon: No such image: {}", p.image_of(s)),
            None,
        ));
    };
    let id = ctx.world.rng.hex_id();
    // Command: the service's entrypoint/command over the image's (a new entrypoint drops the image's CMD).
    let entrypoint: Vec<String> = match &s.entrypoint {
        Some(e) => e.clone(),
        None => img.config.entrypoint.clone().unwrap_or_default(),
    };
    let cmd: Vec<String> = match &s.command {
        Some(c) => c.clone(),
        None if s.entrypoint.is_some() => Vec::new(),
        None => img.config.cmd.clone().unwrap_or_default(),
    };
    let mut full = entrypoint.clone();
    full.extend(cmd.iter().cloned());
    if full.is_empty() {
        return Err(Failure::new(
            "Error response from daemon: no command specified",
            Some(Explain::new("no-command")),
        ));
    }
    let mut config = img.config.clone();
    for (k, v) in &s.environment {
        config.env_set(k, v);
    }
    if let Some(c) = &s.command {
        config.cmd = Some(c.clone());
    } else if s.entrypoint.is_some() {
        config.cmd = None;
    }
    if let Some(e) = &s.entrypoint {
        config.entrypoint = if e.is_empty() { None } else { Some(e.clone()) };
    }
    if let Some(w) = &s.working_dir {
        config.working_dir = crate::fs::normalize("/", w);
    }
    if let Some(u) = &s.user {
        config.user = u.clone();
    }
    let mut exposed = config.exposed_ports.clone();
    for e in &s.expose {
        let (n, proto) = e.split_once('/').unwrap_or((e.as_str(), "tcp"));
        exposed.push(format!("{n}/{proto}"));
    }
    exposed.extend(s.ports.iter().map(|r| format!("{}/{}", r.container_port, r.proto)));
    exposed.sort_by_key(|e| {
        let (n, pr) = e.split_once('/').unwrap_or((e, "tcp"));
        (n.parse::<u32>().unwrap_or(0), pr.to_string())
    });
    exposed.dedup();
    config.exposed_ports = exposed;
    if let Some(h) = healthcheck_for(s, img.config.healthcheck.as_ref()) {
        config.healthcheck = Some(h);
    }
    if let Some(sig) = &s.stop_signal {
        config.stop_signal = Some(sig.clone());
    }
    let hostname = s.hostname.clone().unwrap_or_else(|| id[..12].to_string());
    config.env.insert(0, format!("HOSTNAME={hostname}"));
    if s.tty && config.env_get("TERM").is_none() {
        config.env.push("TERM=xterm".into());
    }
    // Labels: the user's, then compose's own.
    let mut labels: BTreeMap<String, String> = s.labels.iter().cloned().collect();
    labels.insert(L_PROJECT.into(), p.name.clone());
    labels.insert(L_SERVICE.into(), s.name.clone());
    labels.insert(L_NUMBER.into(), "1".into());
    labels.insert(
        L_ONEOFF.into(),
        if one_off.is_some() {
            "True".into()
        } else {
            "False".into()
        },
    );
    labels.insert(L_HASH.into(), config_hash(s, image_id));
    labels.insert(L_IMAGE.into(), image_id.to_string());
    labels.insert(L_VERSION.into(), COMPOSE_VERSION.into());
    labels.insert("com.docker.compose.project.config_files".into(), p.files.join(","));
    labels.insert("com.docker.compose.project.working_dir".into(), p.dir.clone());
    labels.insert(
        "com.docker.compose.depends_on".into(),
        s.depends_on
            .iter()
            .map(|d| format!("{}:{}:{}", d.service, d.condition.as_str(), d.restart))
            .collect::<Vec<_>>()
            .join(","),
    );
    config.labels.extend(labels.clone());
    // Mounts.
    let mut specs = Vec::new();
    for m in &s.volumes {
        match m.kind {
            MountType::Volume => {
                let source = if m.source.is_empty() {
                    String::new()
                } else {
                    p.volume_name(&m.source)
                };
                specs.push(MountSpec {
                    kind: MountKind::Volume,
                    source,
                    target: m.target.clone(),
                    readonly: m.read_only,
                });
            }
            MountType::Bind => {
                if !m.create_host_path && !crate::fs::Vfs::exists(&ctx.world.host.fs, &m.source) {
                    return Err(Failure::new(
                        format!(
                            "Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: {}",
                            m.source
                        ),
                        Some(Explain::new("compose-bind-source-missing").arg("path", m.source.clone())),
                    ));
                }
                specs.push(MountSpec {
                    kind: MountKind::Bind,
                    source: m.source.clone(),
                    target: m.target.clone(),
                    readonly: m.read_only,
                });
            }
            MountType::Tmpfs => specs.push(MountSpec {
                kind: MountKind::Tmpfs,
                source: String::new(),
                target: m.target.clone(),
                readonly: false,
            }),
        }
    }
    let mounts = crate::volumes::prepare_mounts(ctx, &specs, &img)
        .map_err(|m| Failure::new(format!("Error response from daemon: {m}"), None))?;
    // Networks: each with the service name as an alias, so it resolves by DNS.
    let network_mode = match &s.network_mode {
        Some(m) => m.clone(),
        None => {
            let first = s
                .networks
                .first()
                .map(|n| n.key.clone())
                .unwrap_or_else(|| "default".into());
            p.network_name(&first)
        }
    };
    let mut networks = BTreeMap::new();
    if s.network_mode.is_none() {
        let list: Vec<(String, Vec<String>)> = if s.networks.is_empty() {
            vec![("default".into(), vec![])]
        } else {
            s.networks.iter().map(|n| (n.key.clone(), n.aliases.clone())).collect()
        };
        for (key, extra) in list {
            let real = p.network_name(&key);
            if let Some(n) = ctx.d().network(&real) {
                let mut aliases = vec![name.clone(), s.name.clone()];
                aliases.extend(extra);
                networks.insert(
                    n.name.clone(),
                    Endpoint {
                        network_id: n.id.clone(),
                        ip: String::new(),
                        mac: String::new(),
                        aliases,
                    },
                );
            }
        }
    }
    let c = Container {
        id: id.clone(),
        name: name.clone(),
        image_id: image_id.to_string(),
        image_ref: p.image_of(s),
        created: ctx.world.now,
        path: full[0].clone(),
        args: full[1..].to_vec(),
        config,
        hostname,
        tty: s.tty,
        open_stdin: s.stdin_open,
        auto_remove: false,
        restart: restart_policy(s),
        port_requests: s.ports.clone(),
        publish_all: false,
        mounts,
        network_mode,
        links: Vec::new(),
        state: State::default(),
        rw: crate::fs::Tree::new(),
        logs: Vec::new(),
        ports: Vec::new(),
        networks,
        process: None,
        sessions: BTreeMap::new(),
        exec_processes: Vec::new(),
        labels,
        stop_timeout: s.stop_grace_period,
        next_restart: None,
        next_health: None,
    };
    ctx.daemon().containers.push(c);
    let ep = ctx.endpoint.clone();
    crate::volumes::populate_volumes(ctx.world, &ep, &id);
    Ok(id)
}

/// Starts a container; the daemon's errors as compose prints them.
pub fn start_container(ctx: &mut Ctx<'_>, cid: &str) -> Result<(), Failure> {
    let ep = ctx.endpoint.clone();
    if let Some(c) = ctx.daemon().container_by_id_mut(cid) {
        c.state.manually_stopped = false;
    }
    let name = ctx.d().container_by_id(cid).map(|c| c.name.clone()).unwrap_or_default();
    let mut out = Io::default();
    match lifecycle::start(ctx.world, &ep, cid, &mut out, false) {
        Ok(()) => Ok(()),
        Err(StartError::PortAllocated { endpoint_id, ip, port }) => {
            let holder = ctx
                .d()
                .port_taken(&ip, port, "tcp")
                .map(|c| c.name.clone())
                .unwrap_or_default();
            Err(Failure::new(
                format!(
                    "Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint {name} ({endpoint_id}): Bind for {ip}:{port} failed: port is already allocated"
                ),
                Some(
                    Explain::new("port-already-allocated")
                        .arg("port", port.to_string())
                        .arg("holder", holder),
                ),
            ))
        }
        Err(StartError::Exec { message, .. }) => {
            let exe = message.split('"').nth(1).unwrap_or("").to_string();
            Err(Failure::new(
                format!(
                    "Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {message}: unknown"
                ),
                Some(Explain::new("executable-not-found").arg("command", exe)),
            ))
        }
        Err(StartError::NotFound) => Err(Failure::new(
            format!("Error response from daemon: No such container: {name}"),
            None,
        )),
    }
}

/// Waits (on the simulated clock, polling every 500 ms like compose) until the
/// dependencies of `s` meet their conditions. Events go on the dependencies' lines.
pub fn wait_dependencies(ctx: &mut Ctx<'_>, p: &Project, s: &Service, pr: &mut Progress) -> Result<(), Failure> {
    for d in &s.depends_on {
        if d.condition == Condition::Started {
            continue;
        }
        let Some(cid) = service_container(ctx, &p.name, &d.service) else {
            if d.required {
                return Err(Failure::new(
                    format!("{} is missing dependency {}", s.name, d.service),
                    None,
                ));
            }
            continue;
        };
        let cname = ctx
            .d()
            .container_by_id(&cid)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let ev = format!("Container {cname}");
        let now = ctx.world.now;
        pr.event(&ev, Status::Working, "Waiting", now);
        let mut polls = 0;
        loop {
            advance(ctx, 500 * MS);
            polls += 1;
            let now = ctx.world.now;
            let Some(c) = ctx.d().container_by_id(&cid) else {
                return Err(Failure::new(
                    format!("dependency failed to start: container {cname} not found"),
                    None,
                ));
            };
            let (status, code, health) = (c.state.status, c.state.exit_code, c.state.health);
            let has_check = c
                .config
                .healthcheck
                .as_ref()
                .is_some_and(|h| h.test.first().map(String::as_str) != Some("NONE") && !h.test.is_empty());
            match d.condition {
                Condition::Healthy => {
                    if status == crate::model::Status::Exited {
                        pr.event(&ev, Status::Error, "Error", now);
                        return Err(Failure::new(
                            format!("dependency failed to start: container {cname} exited ({code})"),
                            Some(
                                Explain::new("compose-dependency-exited")
                                    .arg("container", cname.clone())
                                    .arg("code", code.to_string()),
                            ),
                        ));
                    }
                    if !has_check {
                        pr.event(&ev, Status::Error, "Error", now);
                        return Err(Failure::new(
                            format!("dependency failed to start: container {cname} has no healthcheck configured"),
                            Some(
                                Explain::new("compose-dependency-no-healthcheck")
                                    .arg("container", cname.clone())
                                    .arg("service", d.service.clone()),
                            ),
                        ));
                    }
                    match health {
                        Some(Health::Healthy) => {
                            pr.event(&ev, Status::Done, "Healthy", now);
                            break;
                        }
                        Some(Health::Unhealthy) => {
                            pr.event(&ev, Status::Error, "Error", now);
                            return Err(Failure::new(
                                format!("dependency failed to start: container {cname} is unhealthy"),
                                Some(
                                    Explain::new("compose-dependency-unhealthy")
                                        .arg("container", cname.clone())
                                        .arg("service", d.service.clone()),
                                ),
                            ));
                        }
                        _ => {}
                    }
                }
                Condition::CompletedSuccessfully => {
                    if status == crate::model::Status::Exited {
                        if code == 0 {
                            pr.event(&ev, Status::Done, "Exited", now);
                            break;
                        }
                        return Err(Failure::new(
                            format!("service {:?} didn't complete successfully: exit {code}", d.service),
                            Some(
                                Explain::new("compose-dependency-failed")
                                    .arg("service", d.service.clone())
                                    .arg("code", code.to_string()),
                            ),
                        ));
                    }
                }
                Condition::Started => break,
            }
            // Compose would wait for ever; the simulation gives up after an hour.
            if polls > 7200 {
                pr.event(&ev, Status::Error, "Error", now);
                return Err(Failure::new(
                    format!("dependency failed to start: container {cname} did not become ready"),
                    Some(Explain::new("compose-dependency-timeout").arg("container", cname.clone())),
                ));
            }
        }
    }
    Ok(())
}

/// Stops a running container (SIGTERM, then SIGKILL after the grace period).
pub fn stop_container(ctx: &mut Ctx<'_>, cid: &str, timeout: Option<i64>) {
    let ep = ctx.endpoint.clone();
    lifecycle::stop(ctx.world, &ep, cid, timeout, None);
}

pub fn remove_container(ctx: &mut Ctx<'_>, cid: &str, volumes: bool) {
    let ep = ctx.endpoint.clone();
    let running = ctx.d().container_by_id(cid).is_some_and(|c| c.is_running());
    if running {
        lifecycle::exited(ctx.world, &ep, cid, 137, true);
    }
    lifecycle::remove(ctx.world, &ep, cid, volumes);
}

/// Order to take containers down: dependents first (reverse dependency order),
/// containers of services no longer in the file last.
pub fn stop_order(ctx: &Ctx<'_>, p: &Project, ids: &[String]) -> Vec<String> {
    let order: Vec<String> = p.dependency_order().iter().rev().map(|s| s.name.clone()).collect();
    let mut out: Vec<String> = Vec::new();
    for svc in &order {
        for id in ids {
            if ctx
                .d()
                .container_by_id(id)
                .and_then(|c| c.labels.get(L_SERVICE))
                .is_some_and(|s| s == svc)
                && !out.contains(id)
            {
                out.push(id.clone());
            }
        }
    }
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Container state summary used by several commands.
pub fn is_running(ctx: &Ctx<'_>, cid: &str) -> bool {
    ctx.d().container_by_id(cid).is_some_and(|c| c.is_running())
}

pub fn seconds(t: Time) -> i64 {
    t / SECOND
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_lines_get_the_service() {
        let line = format!(" => [1/3] FROM docker.io/library/python{}0.0s\n", " ".repeat(40));
        let out = prefix_build_output(&line, "web");
        assert!(out.starts_with(" => [web 1/3] FROM"));
        assert_eq!(
            out.trim_end_matches('\n').chars().count(),
            line.trim_end_matches('\n').chars().count()
        );
        let export = format!(" => exporting to image{}0.1s\n", " ".repeat(20));
        assert_eq!(
            prefix_build_output(&export, "web"),
            format!(" => [web] exporting to image{}0.1s\n", " ".repeat(14))
        );
        let long = format!(" => [1/3] FROM {}  0.0s", "x".repeat(80));
        let out = prefix_build_output(&long, "web");
        assert_eq!(out.chars().count(), long.chars().count());
        assert!(out.ends_with("xx  0.0s"));
    }
}
