//! `docker run/create/ps/start/stop/kill/rm/logs/exec/...`: option parsing into typed
//! run options, Docker's validation and messages, and calls into the lifecycle.

use std::collections::BTreeMap;

use super::args::Parsed;
use super::format;
use super::{Attach, Ctx, Next};
use crate::io::Explain;
use crate::lifecycle::{self, StartError};
use crate::model::{Container, Mount, MountKind, PortRequest, RestartPolicy, State, Status};
use crate::reference::Reference;
use crate::tabwriter;
use crate::time::rfc3339_nano;

/// `docker: <msg>\n\nRun 'docker run --help' for more information` (exit 125 family).
fn run_error(ctx: &mut Ctx<'_>, cmd: &str, msg: &str) {
    ctx.io.errln(format!(
        "docker: {msg}\n\nRun 'docker {cmd} --help' for more information"
    ));
}

/// Parses one `-p` value into requests (`8080:80`, `127.0.0.1:8080:80/udp`, `80`, ranges).
pub fn parse_publish(spec: &str) -> Result<Vec<PortRequest>, String> {
    let (body, proto) = match spec.rsplit_once('/') {
        Some((b, p)) => (b, p.to_string()),
        None => (spec, "tcp".to_string()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    // IPv6 host IPs are bracketed: [::1]:8080:80
    let (ip, rest) = if let Some(r) = body.strip_prefix('[') {
        match r.split_once("]:") {
            Some((ip, rest)) => (ip.to_string(), rest.to_string()),
            None => return Err(format!("invalid IP address: {body}")),
        }
    } else {
        let parts: Vec<&str> = body.split(':').collect();
        match parts.len() {
            1 => (String::new(), parts[0].to_string()),
            2 => (String::new(), body.to_string()),
            3 => (parts[0].to_string(), format!("{}:{}", parts[1], parts[2])),
            _ => return Err(format!("invalid IP address: {}", parts[..parts.len() - 2].join(":"))),
        }
    };
    if !ip.is_empty() && !valid_ip(&ip) {
        return Err(format!("invalid IP address: {ip}"));
    }
    let (host, cont) = match rest.split_once(':') {
        Some((h, c)) => (h.to_string(), c.to_string()),
        None => (String::new(), rest.clone()),
    };
    if cont.is_empty() {
        return Err(format!("no port specified: {spec}<empty>"));
    }
    let (clo, chi) = parse_range(&cont).ok_or_else(|| format!("invalid containerPort: {cont}"))?;
    let hrange = if host.is_empty() {
        None
    } else {
        Some(parse_range(&host).ok_or_else(|| format!("invalid hostPort: {host}"))?)
    };
    let n = chi - clo;
    if let Some((hlo, hhi)) = hrange
        && hhi - hlo != n
        && hhi != hlo
    {
        return Err(format!(
            "invalid ranges specified for container and host Ports: {cont} and {host}"
        ));
    }
    let mut out = Vec::new();
    for i in 0..=n {
        let host_port = hrange.map(|(hlo, hhi)| if hhi == hlo { hlo } else { hlo + i });
        out.push(PortRequest {
            container_port: clo + i,
            proto: proto.clone(),
            host_ip: ip.clone(),
            host_port,
        });
    }
    Ok(out)
}

fn valid_ip(ip: &str) -> bool {
    ip.contains(':') || (ip.split('.').count() == 4 && ip.split('.').all(|o| o.parse::<u8>().is_ok()))
}

fn parse_range(s: &str) -> Option<(u16, u16)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    if a == 0 || a > 65535 || b > 65535 || b < a {
        return None;
    }
    Some((a as u16, b as u16))
}

fn parse_restart(s: &str) -> Result<RestartPolicy, String> {
    let (name, max) = s.split_once(':').unwrap_or((s, ""));
    match name {
        "" | "no" => Ok(RestartPolicy::No),
        "always" if max.is_empty() => Ok(RestartPolicy::Always),
        "unless-stopped" if max.is_empty() => Ok(RestartPolicy::UnlessStopped),
        "on-failure" => {
            let n = if max.is_empty() {
                0
            } else {
                max.parse()
                    .map_err(|_| "invalid restart policy format: maximum retry count must be an integer".to_string())?
            };
            Ok(RestartPolicy::OnFailure(n))
        }
        "always" | "unless-stopped" => {
            Err("invalid restart policy format: maximum retry count can only be used with 'on-failure'".to_string())
        }
        _ => Err(format!(
            "invalid restart policy format: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
        )),
    }
}

/// Typed `docker run`/`create` options.
struct RunOpts {
    detach: bool,
    interactive: bool,
    tty: bool,
    rm: bool,
    name: Option<String>,
    env: Vec<String>,
    publish: Vec<PortRequest>,
    publish_all: bool,
    expose: Vec<String>,
    entrypoint: Option<String>,
    workdir: Option<String>,
    user: Option<String>,
    hostname: Option<String>,
    restart: RestartPolicy,
    labels: BTreeMap<String, String>,
    mounts: Vec<MountSpec>,
    network: Option<String>,
    network_aliases: Vec<String>,
    links: Vec<(String, String)>,
    health: Option<crate::model::Healthcheck>,
    no_healthcheck: bool,
    stop_signal: Option<String>,
    stop_timeout: Option<u64>,
    quiet: bool,
    pull: String,
}

/// A requested mount before volumes are created.
#[derive(Clone)]
pub struct MountSpec {
    pub kind: MountKind,
    pub source: String,
    pub target: String,
    pub readonly: bool,
}

fn parse_duration_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (s, 1.0)
    };
    num.parse::<f64>().ok().map(|v| (v * mult).ceil() as u64)
}

fn parse_run_opts(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<RunOpts, String> {
    if p.has("rm") && p.value("restart").is_some_and(|r| r != "no" && !r.is_empty()) {
        return Err("conflicting options: cannot specify both --restart and --rm".into());
    }
    if p.has("detach") && !p.values("attach").is_empty() {
        return Err("conflicting options: cannot specify both --attach and --detach".into());
    }
    let mut env = Vec::new();
    for f in p.values("env-file") {
        let path = crate::fs::normalize(&ctx.world.host.cwd, f);
        use crate::fs::Vfs;
        let text = ctx
            .world
            .host
            .fs
            .read_string(&path)
            .map_err(|_| format!("open {f}: no such file or directory"))?;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            env.push(line.to_string());
        }
    }
    for e in p.values("env") {
        if e.contains('=') {
            env.push(e.to_string());
        } else if let Some(v) = ctx.world.host.get_env(e) {
            env.push(format!("{e}={v}"));
        }
    }
    let mut publish = Vec::new();
    for spec in p.values("publish") {
        publish.extend(parse_publish(spec)?);
    }
    let mut expose = Vec::new();
    for e in p.values("expose") {
        let (body, proto) = e.split_once('/').unwrap_or((e, "tcp"));
        let (lo, hi) =
            parse_range(body).ok_or_else(|| format!("invalid range format for --expose: {e}, error: invalid port"))?;
        for n in lo..=hi {
            expose.push(format!("{n}/{proto}"));
        }
    }
    let restart = parse_restart(p.value("restart").unwrap_or("no"))?;
    let mut labels = BTreeMap::new();
    for l in p.values("label") {
        let (k, v) = l.split_once('=').unwrap_or((l, ""));
        labels.insert(k.to_string(), v.to_string());
    }
    let mut mounts = Vec::new();
    for v in p.values("volume") {
        mounts.push(crate::volumes::parse_volume_flag(v, &ctx.world.host.cwd)?);
    }
    for m in p.values("mount") {
        mounts.push(crate::volumes::parse_mount_flag(m, &ctx.world.host.cwd)?);
    }
    for t in p.values("tmpfs") {
        let target = t.split(':').next().unwrap_or(t).to_string();
        mounts.push(MountSpec {
            kind: MountKind::Tmpfs,
            source: String::new(),
            target,
            readonly: false,
        });
    }
    let mut links = Vec::new();
    for l in p.values("link") {
        let (n, a) = l.split_once(':').unwrap_or((l, l));
        links.push((n.to_string(), a.to_string()));
    }
    let health = p.value("health-cmd").map(|cmd| crate::model::Healthcheck {
        test: vec!["CMD-SHELL".into(), cmd.to_string()],
        interval_s: p.value("health-interval").and_then(parse_duration_secs).unwrap_or(30),
        timeout_s: p.value("health-timeout").and_then(parse_duration_secs).unwrap_or(30),
        start_period_s: p
            .value("health-start-period")
            .and_then(parse_duration_secs)
            .unwrap_or(0),
        retries: p.value("health-retries").and_then(|r| r.parse().ok()).unwrap_or(3),
    });
    let pull = p.value("pull").unwrap_or("missing").to_string();
    if !matches!(pull.as_str(), "missing" | "always" | "never") {
        return Err(format!(
            "invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\""
        ));
    }
    let stop_timeout = match p.value("stop-timeout") {
        Some(v) => Some(v.parse::<u64>().map_err(|_| format!("invalid argument \"{v}\" for \"--stop-timeout\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"))?),
        None => None,
    };
    Ok(RunOpts {
        detach: p.has("detach"),
        interactive: p.has("interactive"),
        tty: p.has("tty"),
        rm: p.has("rm"),
        name: p.value("name").map(str::to_string),
        env,
        publish,
        publish_all: p.has("publish-all"),
        expose,
        entrypoint: p.value("entrypoint").map(str::to_string),
        workdir: p.value("workdir").map(str::to_string),
        user: p.value("user").map(str::to_string),
        hostname: p.value("hostname").map(str::to_string),
        restart,
        labels,
        mounts,
        network: p.value("network").or(p.value("net")).map(str::to_string),
        network_aliases: p
            .values("network-alias")
            .into_iter()
            .chain(p.values("net-alias"))
            .map(str::to_string)
            .collect(),
        links,
        health,
        no_healthcheck: p.has("no-healthcheck"),
        stop_signal: p.value("stop-signal").map(str::to_string),
        stop_timeout,
        quiet: p.has("quiet"),
        pull,
    })
}

/// `docker run` and `docker create`.
pub fn run(ctx: &mut Ctx<'_>, p: &Parsed, create_only: bool) -> (i32, Next) {
    let cmd = if create_only { "create" } else { "run" };
    let opts = match parse_run_opts(ctx, p) {
        Ok(o) => o,
        Err(msg) => {
            run_error(ctx, cmd, &msg);
            if msg.contains("--restart and --rm") {
                ctx.explain(Explain::new("run-rm-restart-conflict"));
            } else if msg.contains("--mount")
                && (msg.contains("invalid field ''") || msg.contains("target is required"))
            {
                ctx.explain(Explain::new("mount-space-after-comma"));
            } else if msg.contains("invalid") {
                ctx.explain(Explain::new("run-invalid-option").arg("message", msg.clone()));
            }
            return (125, Next::Done);
        }
    };
    let image_arg = p.args[0].clone();
    let reference = match Reference::parse(&image_arg) {
        Ok(r) => r,
        Err(e) => {
            // An image id (prefix) is also accepted.
            if ctx.d().image_id_for(&image_arg).is_none() {
                run_error(ctx, cmd, &e.to_string());
                ctx.explain(Explain::new("invalid-reference").arg("reference", image_arg.clone()));
                return (125, Next::Done);
            }
            Reference {
                domain: String::new(),
                path: String::new(),
                tag: None,
                digest: None,
            }
        }
    };
    // Find or pull the image.
    let image_id = match ctx.d().image_id_for(&image_arg) {
        Some(id) if opts.pull != "always" => id,
        _ => {
            if opts.pull == "never" {
                run_error(
                    ctx,
                    cmd,
                    &format!(
                        "Error response from daemon: No such image: {}",
                        reference.clone().with_default_tag().familiar()
                    ),
                );
                return (125, Next::Done);
            }
            let r = reference.clone().with_default_tag();
            if opts.pull != "always" {
                ctx.io.errln(format!("Unable to find image '{}' locally", r.familiar()));
            }
            match super::pull::pull(ctx, &r, true, opts.quiet) {
                Ok(id) => id,
                Err(msg) => {
                    run_error(ctx, cmd, &format!("Error response from daemon: {msg}"));
                    super::pull::explain_pull_error(ctx, &r, &msg);
                    return (125, Next::Done);
                }
            }
        }
    };
    // Name.
    let name = match &opts.name {
        Some(n) => {
            if !crate::names::valid_container_name(n) {
                run_error(
                    ctx,
                    cmd,
                    &format!(
                        "Error response from daemon: Invalid container name ({n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                    ),
                );
                ctx.explain(Explain::new("invalid-container-name").arg("name", n.clone()));
                return (125, Next::Done);
            }
            if let Some(other) = ctx.d().name_in_use(n) {
                let oid = other.id.clone();
                run_error(
                    ctx,
                    cmd,
                    &format!(
                        "Error response from daemon: Conflict. The container name \"/{n}\" is already in use by container \"{oid}\". You have to remove (or rename) that container to be able to reuse that name."
                    ),
                );
                ctx.explain(Explain::new("container-name-conflict").arg("name", n.clone()));
                return (125, Next::Done);
            }
            n.clone()
        }
        None => generate_name(ctx),
    };
    if let Some(net) = &opts.network
        && !matches!(net.as_str(), "default" | "bridge" | "host" | "none")
        && !net.starts_with("container:")
        && ctx.d().network(net).is_none()
    {
        run_error(
            ctx,
            cmd,
            &format!("Error response from daemon: network {net} not found"),
        );
        ctx.explain(Explain::new("network-not-found").arg("network", net.clone()));
        return (125, Next::Done);
    }
    let img = ctx.d().images.get(&image_id).cloned().expect("image exists");
    // Entrypoint / cmd resolution.
    let user_cmd: Vec<String> = p.args[1..].to_vec();
    let entrypoint: Vec<String> = match &opts.entrypoint {
        Some(e) if e.is_empty() => Vec::new(),
        Some(e) => vec![e.clone()],
        None => img.config.entrypoint.clone().unwrap_or_default(),
    };
    let cmd_part: Vec<String> = if !user_cmd.is_empty() {
        user_cmd.clone()
    } else if opts.entrypoint.is_some() {
        Vec::new()
    } else {
        img.config.cmd.clone().unwrap_or_default()
    };
    let mut full: Vec<String> = entrypoint.clone();
    full.extend(cmd_part.iter().cloned());
    if full.is_empty() {
        run_error(ctx, cmd, "Error response from daemon: no command specified");
        ctx.explain(Explain::new("no-command"));
        return (125, Next::Done);
    }
    let id = ctx.world.rng.hex_id();
    let mut config = img.config.clone();
    for e in &opts.env {
        let (k, v) = e.split_once('=').unwrap_or((e, ""));
        config.env_set(k, v);
    }
    if !user_cmd.is_empty() {
        config.cmd = Some(user_cmd.clone());
    } else if opts.entrypoint.is_some() {
        config.cmd = None;
    }
    if opts.entrypoint.is_some() {
        config.entrypoint = if entrypoint.is_empty() {
            None
        } else {
            Some(entrypoint.clone())
        };
    }
    if let Some(w) = &opts.workdir {
        config.working_dir = crate::fs::normalize("/", w);
    }
    if let Some(u) = &opts.user {
        config.user = u.clone();
    }
    let mut exposed: Vec<String> = config.exposed_ports.clone();
    exposed.extend(opts.expose.iter().cloned());
    exposed.extend(opts.publish.iter().map(|r| format!("{}/{}", r.container_port, r.proto)));
    exposed.sort_by_key(|e| {
        let (n, p) = e.split_once('/').unwrap_or((e, "tcp"));
        (n.parse::<u32>().unwrap_or(0), p.to_string())
    });
    exposed.dedup();
    config.exposed_ports = exposed;
    config.labels.extend(opts.labels.clone());
    if opts.no_healthcheck {
        config.healthcheck = Some(crate::model::Healthcheck {
            test: vec!["NONE".into()],
            ..Default::default()
        });
    } else if let Some(h) = &opts.health {
        config.healthcheck = Some(h.clone());
    }
    if let Some(s) = &opts.stop_signal {
        config.stop_signal = Some(s.clone());
    }
    let hostname = opts.hostname.clone().unwrap_or_else(|| id[..12].to_string());
    config.env.insert(0, format!("HOSTNAME={hostname}"));
    if opts.tty && config.env_get("TERM").is_none() {
        config.env.push("TERM=xterm".into());
    }
    // Mounts (creating named and anonymous volumes).
    let mounts: Vec<Mount> = match crate::volumes::prepare_mounts(ctx, &opts.mounts, &img) {
        Ok(m) => m,
        Err(msg) => {
            run_error(ctx, cmd, &format!("Error response from daemon: {msg}"));
            return (125, Next::Done);
        }
    };
    let now = ctx.world.now;
    let network_mode = opts.network.clone().unwrap_or_else(|| "bridge".into());
    let mut networks = BTreeMap::new();
    if !matches!(network_mode.as_str(), "host" | "none") && !network_mode.starts_with("container:") {
        let net_name = if network_mode == "default" {
            "bridge".to_string()
        } else {
            network_mode.clone()
        };
        if let Some(n) = ctx.d().network(&net_name) {
            let mut aliases = opts.network_aliases.clone();
            if n.user_defined() {
                aliases.push(id[..12].to_string());
            }
            networks.insert(
                n.name.clone(),
                crate::model::Endpoint {
                    network_id: n.id.clone(),
                    ip: String::new(),
                    mac: String::new(),
                    aliases,
                },
            );
        }
    }
    let c = Container {
        id: id.clone(),
        name: name.clone(),
        image_id: image_id.clone(),
        image_ref: image_arg.clone(),
        created: now,
        path: full[0].clone(),
        args: full[1..].to_vec(),
        config,
        hostname,
        tty: opts.tty,
        open_stdin: opts.interactive,
        auto_remove: opts.rm,
        restart: opts.restart.clone(),
        port_requests: opts.publish.clone(),
        publish_all: opts.publish_all,
        mounts,
        network_mode,
        links: opts.links.clone(),
        state: State::default(),
        rw: crate::fs::Tree::new(),
        logs: Vec::new(),
        ports: Vec::new(),
        networks,
        process: None,
        exec_processes: Vec::new(),
        sessions: BTreeMap::new(),
        labels: opts.labels.clone(),
        stop_timeout: opts.stop_timeout,
        next_restart: None,
        next_health: None,
    };
    ctx.daemon().containers.push(c);
    crate::volumes::populate_volumes(ctx.world, &ctx.endpoint, &id);
    if create_only {
        ctx.io.outln(&id);
        return (0, Next::Done);
    }
    let ep = ctx.endpoint.clone();
    let mut out = crate::io::Io::default();
    let started = lifecycle::start(ctx.world, &ep, &id, &mut out, !opts.detach && opts.interactive);
    if let Err(e) = started {
        report_start_error(ctx, &name, e, "run");
        return (
            if ctx.io.stderr().contains("executable file not found") {
                127
            } else {
                125
            },
            Next::Done,
        );
    }
    if opts.detach {
        ctx.io.outln(&id);
        return (0, Next::Done);
    }
    // Attached: show what the program printed.
    if opts.tty {
        ctx.io.out(out.combined());
    } else {
        ctx.io.append(out);
    }
    let (running, code) = match ctx.d().container_by_id(&id) {
        Some(c) => (c.is_running(), c.state.exit_code),
        None => (
            false,
            ctx.world.daemons[&ep]
                .containers
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.state.exit_code)
                .unwrap_or(0),
        ),
    };
    if !running {
        let code = last_exit_code(ctx, &id, code);
        return (code, Next::Done);
    }
    (
        0,
        Next::Attach(Attach {
            endpoint: ep,
            container: id,
            exec_pid: None,
            stdin: opts.interactive,
            tty: opts.tty,
            remove_on_exit: opts.rm,
        }),
    )
}

/// The exit code of a container that may already be auto-removed.
fn last_exit_code(ctx: &mut Ctx<'_>, id: &str, fallback: i32) -> i32 {
    match ctx.d().container_by_id(id) {
        Some(c) => c.state.exit_code,
        None => match &ctx.world.last_removed {
            Some((rid, code)) if rid == id => *code,
            _ => fallback,
        },
    }
}

fn report_start_error(ctx: &mut Ctx<'_>, name: &str, e: StartError, cmd: &str) {
    match e {
        StartError::PortAllocated { endpoint_id, ip, port } => {
            let msg = format!(
                "Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint {name} ({endpoint_id}): Bind for {ip}:{port} failed: port is already allocated"
            );
            if cmd == "run" {
                run_error(ctx, cmd, &msg);
            } else {
                ctx.io.errln(msg);
            }
            let holder = ctx
                .d()
                .port_taken(&ip, port, "tcp")
                .map(|c| c.name.clone())
                .unwrap_or_default();
            ctx.explain(
                Explain::new("port-already-allocated")
                    .arg("port", port.to_string())
                    .arg("holder", holder),
            );
        }
        StartError::Exec { message, .. } => {
            let msg = format!(
                "Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {message}: unknown"
            );
            if cmd == "run" {
                run_error(ctx, cmd, &msg);
            } else {
                ctx.io.errln(msg);
            }
            let exe = message.split('"').nth(1).unwrap_or("").to_string();
            ctx.explain(Explain::new("executable-not-found").arg("command", exe));
        }
        StartError::NotFound => {}
    }
}

fn generate_name(ctx: &mut Ctx<'_>) -> String {
    for retry in 0..6 {
        let n = crate::names::random_name(&mut ctx.world.rng, retry);
        if ctx.d().name_in_use(&n).is_none() {
            return n;
        }
    }
    ctx.world.rng.hex_id()[..12].to_string()
}

/// `docker ps` / `docker container ls`.
pub fn ps(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let now = ctx.world.now;
    let d = ctx.d();
    let all = p.has("all");
    let trunc = !p.has("no-trunc");
    let size = p.has("size");
    let mut list: Vec<&Container> = d.containers.iter().filter(|c| all || c.is_running()).collect();
    // Filters.
    for f in p.values("filter") {
        let (k, v) = f.split_once('=').unwrap_or((f, ""));
        list.retain(|c| match k {
            "name" => c.name.contains(v),
            "status" => c.state.status.as_str() == v,
            "ancestor" => d.image_id_for(v).is_some_and(|id| id == c.image_id) || c.image_ref == v,
            "id" => c.id.starts_with(v),
            "label" => {
                let (lk, lv) = v.split_once('=').unwrap_or((v, ""));
                c.labels.get(lk).is_some_and(|x| lv.is_empty() || x == lv)
            }
            "exited" => c.state.status == Status::Exited && c.state.exit_code.to_string() == v,
            "network" => c.networks.contains_key(v),
            "publish" | "expose" => c.ports.iter().any(|b| {
                b.container_port.to_string() == v.split('/').next().unwrap_or(v) || b.host_port.to_string() == v
            }),
            _ => true,
        });
    }
    if p.has("latest") {
        list = d.containers.iter().rev().take(1).collect();
    } else if let Some(n) = p.value("last").and_then(|n| n.parse::<usize>().ok()) {
        list = d
            .containers
            .iter()
            .rev()
            .take(n)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
    }
    // Newest first (ids break ties deterministically).
    list.sort_by(|a, b| {
        b.created.cmp(&a.created).then_with(|| {
            let ia = d.containers.iter().position(|c| c.id == a.id);
            let ib = d.containers.iter().position(|c| c.id == b.id);
            ib.cmp(&ia)
        })
    });
    let rows: Vec<BTreeMap<&'static str, String>> = list
        .iter()
        .map(|c| format::container_fields(d, c, now, trunc, size))
        .collect();
    if p.has("quiet") {
        let mut s = String::new();
        for c in &list {
            s.push_str(if trunc { format::short(&c.id) } else { &c.id });
            s.push('\n');
        }
        ctx.io.out(s);
        return 0;
    }
    let tpl = match p.value("format") {
        Some(f) if f != "table" => f.to_string(),
        _ => {
            let mut t = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
                .to_string();
            if size {
                t.push_str("\t{{.Size}}");
            }
            t
        }
    };
    match format::format_rows(&tpl, &format::ps_header(), &rows) {
        Ok(s) => {
            ctx.io.out(s);
            0
        }
        Err(e) => {
            ctx.io.errln(e);
            1
        }
    }
}

fn no_such_container(ctx: &mut Ctx<'_>, name: &str) {
    ctx.daemon_error(format!("No such container: {name}"));
    ctx.explain(Explain::new("no-such-container").arg("name", name.to_string()));
}

/// `docker start [-a] [-i] NAME...`.
pub fn start(ctx: &mut Ctx<'_>, p: &Parsed) -> (i32, Next) {
    let attach = p.has("attach") || p.has("interactive");
    let mut failed: Vec<String> = Vec::new();
    let mut next = Next::Done;
    let mut code = 0;
    for name in &p.args {
        let Some(c) = ctx.d().container(name) else {
            no_such_container(ctx, name);
            failed.push(name.clone());
            continue;
        };
        let (id, cname, running, tty) = (c.id.clone(), c.name.clone(), c.is_running(), c.tty);
        if running {
            if attach {
                next = Next::Attach(Attach {
                    endpoint: ctx.endpoint.clone(),
                    container: id,
                    exec_pid: None,
                    stdin: p.has("interactive"),
                    tty,
                    remove_on_exit: false,
                });
            } else {
                ctx.io.outln(name);
            }
            continue;
        }
        if let Some(c) = ctx.daemon().container_by_id_mut(&id) {
            c.state.manually_stopped = false;
        }
        let ep = ctx.endpoint.clone();
        let mut out = crate::io::Io::default();
        match lifecycle::start(ctx.world, &ep, &id, &mut out, p.has("interactive")) {
            Ok(()) => {
                if attach {
                    ctx.io.append(out);
                    match ctx.d().container_by_id(&id) {
                        Some(c) if c.is_running() => {
                            next = Next::Attach(Attach {
                                endpoint: ep,
                                container: id,
                                exec_pid: None,
                                stdin: p.has("interactive"),
                                tty,
                                remove_on_exit: false,
                            });
                        }
                        Some(c) => code = c.state.exit_code,
                        None => {}
                    }
                } else {
                    ctx.io.outln(name);
                }
            }
            Err(e) => {
                report_start_error(ctx, &cname, e, "start");
                failed.push(name.clone());
            }
        }
    }
    if !failed.is_empty() {
        ctx.io
            .errln(format!("Error: failed to start containers: {}", failed.join(", ")));
        return (1, Next::Done);
    }
    (code, next)
}

/// `docker stop` / `docker restart`.
pub fn stop(ctx: &mut Ctx<'_>, p: &Parsed, restart: bool) -> i32 {
    let timeout = p
        .value("timeout")
        .or(p.value("time"))
        .and_then(|t| t.parse::<i64>().ok());
    let sig = p.value("signal").map(str::to_string);
    let mut code = 0;
    for name in &p.args {
        let Some(id) = ctx.d().container(name).map(|c| c.id.clone()) else {
            no_such_container(ctx, name);
            code = 1;
            continue;
        };
        let ep = ctx.endpoint.clone();
        lifecycle::stop(ctx.world, &ep, &id, timeout, sig.as_deref());
        if restart && ctx.d().container_by_id(&id).is_some() {
            if let Some(c) = ctx.daemon().container_by_id_mut(&id) {
                c.state.manually_stopped = false;
            }
            let mut out = crate::io::Io::default();
            if let Err(e) = lifecycle::start(ctx.world, &ep, &id, &mut out, false) {
                let n = name.clone();
                report_start_error(ctx, &n, e, "restart");
                code = 1;
                continue;
            }
        }
        ctx.io.outln(name);
    }
    code
}

pub fn kill(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let sig = lifecycle::normalize_signal(p.value("signal").unwrap_or("KILL"));
    let mut code = 0;
    for name in &p.args {
        let Some(c) = ctx.d().container(name) else {
            no_such_container(ctx, name);
            code = 1;
            continue;
        };
        let (id, running) = (c.id.clone(), c.is_running());
        if !running {
            ctx.daemon_error(format!("cannot kill container: {name}: container {id} is not running"));
            ctx.explain(Explain::new("container-not-running").arg("name", name.clone()));
            code = 1;
            continue;
        }
        let ep = ctx.endpoint.clone();
        let dies = if sig == "SIGKILL" {
            Some(137)
        } else {
            lifecycle::signal(ctx.world, &ep, &id, &sig)
        };
        if let Some(exit) = dies {
            lifecycle::exited(ctx.world, &ep, &id, exit, true);
        }
        ctx.io.outln(name);
    }
    code
}

pub fn pause(ctx: &mut Ctx<'_>, p: &Parsed, pause: bool) -> i32 {
    let mut code = 0;
    for name in &p.args {
        let Some(c) = ctx.d().container(name) else {
            no_such_container(ctx, name);
            code = 1;
            continue;
        };
        let (id, status) = (c.id.clone(), c.state.status);
        let err = match (pause, status) {
            (true, Status::Paused) => Some(format!("Container {id} is already paused")),
            (true, Status::Running) => None,
            (true, _) => Some(format!("Container {id} is not running")),
            (false, Status::Paused) => None,
            (false, _) => Some(format!("Container {id} is not paused")),
        };
        if let Some(e) = err {
            ctx.daemon_error(e);
            code = 1;
            continue;
        }
        if let Some(c) = ctx.daemon().container_by_id_mut(&id) {
            c.state.status = if pause { Status::Paused } else { Status::Running };
        }
        ctx.io.outln(name);
    }
    code
}

/// `docker rm [-f] [-v]`.
pub fn rm(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let force = p.has("force");
    let mut code = 0;
    for name in &p.args {
        let Some(c) = ctx.d().container(name) else {
            no_such_container(ctx, name);
            if !force {
                code = 1;
            }
            continue;
        };
        let (id, status) = (c.id.clone(), c.state.status);
        if !force && matches!(status, Status::Running | Status::Restarting) {
            ctx.daemon_error(format!("cannot remove container \"{name}\": container is running: stop the container before removing or force remove"));
            ctx.explain(Explain::new("rm-running-container").arg("name", name.clone()));
            code = 1;
            continue;
        }
        if !force && status == Status::Paused {
            ctx.daemon_error(format!(
                "cannot remove container \"{name}\": container is paused and must be unpaused first"
            ));
            code = 1;
            continue;
        }
        let ep = ctx.endpoint.clone();
        if matches!(status, Status::Running | Status::Paused | Status::Restarting) {
            lifecycle::exited(ctx.world, &ep, &id, 137, true);
        }
        lifecycle::remove(ctx.world, &ep, &id, p.has("volumes"));
        ctx.io.outln(name);
    }
    code
}

pub fn rename(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let (old, new) = (&p.args[0], &p.args[1]);
    let Some(id) = ctx.d().container(old).map(|c| c.id.clone()) else {
        ctx.daemon_error(format!("No such container: {old}"));
        return 1;
    };
    if !crate::names::valid_container_name(new) {
        ctx.daemon_error(format!(
            "Invalid container name ({new}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        ));
        return 1;
    }
    if let Some(o) = ctx.d().name_in_use(new) {
        let oid = o.id.clone();
        ctx.daemon_error(format!("Error when allocating new name: Conflict. The container name \"/{new}\" is already in use by container \"{oid}\". You have to remove (or rename) that container to be able to reuse that name."));
        return 1;
    }
    if let Some(c) = ctx.daemon().container_by_id_mut(&id) {
        if c.name == *new {
            ctx.io
                .errln("Error response from daemon: Renaming a container with the same name as its current name");
            return 1;
        }
        c.name = new.clone();
    }
    0
}

/// `docker wait`: a running container is waited for by advancing the clock to its end.
pub fn wait(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let mut code = 0;
    for name in &p.args {
        let Some(id) = ctx.d().container(name).map(|c| c.id.clone()) else {
            no_such_container(ctx, name);
            code = 1;
            continue;
        };
        let ep = ctx.endpoint.clone();
        let deadline = ctx
            .d()
            .container_by_id(&id)
            .and_then(|c| c.process.as_ref())
            .and_then(crate::programs::deadline);
        if let Some((t, _)) = deadline {
            let t = t.max(ctx.world.now);
            lifecycle::tick(ctx.world, t);
        }
        match ctx.world.daemons[&ep].container_by_id(&id) {
            Some(c) if c.is_running() => {
                ctx.io.errln(format!(
                    "(the simulator does not block: {name} is still running; press Ctrl-C in a real terminal)"
                ));
                ctx.explain(Explain::new("wait-would-block").arg("name", name.clone()));
                code = 1;
            }
            Some(c) => ctx.io.outln(c.state.exit_code.to_string()),
            None => ctx.io.outln("0"),
        }
    }
    code
}

/// `docker logs [-t] [-n N] [-f]`.
pub fn logs(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return 1;
    };
    let lines: Vec<_> = c.logs.clone();
    let tail = p
        .value("tail")
        .and_then(|t| if t == "all" { None } else { t.parse::<usize>().ok() });
    let skip = tail.map(|n| lines.len().saturating_sub(n)).unwrap_or(0);
    for l in &lines[skip..] {
        let mut text = l.text.clone();
        if p.has("timestamps") {
            text = format!("{} {text}", rfc3339_nano(l.time));
        }
        ctx.io.push(l.stream.clone(), &text);
    }
    0
}

/// `docker exec [-it] [-d] [-e] [-w] [-u] NAME CMD...`.
pub fn exec(ctx: &mut Ctx<'_>, p: &Parsed) -> (i32, Next) {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return (1, Next::Done);
    };
    let id = c.id.clone();
    match c.state.status {
        Status::Running => {}
        Status::Paused => {
            ctx.daemon_error(format!("Container {id} is paused, unpause the container before exec"));
            return (1, Next::Done);
        }
        Status::Restarting => {
            ctx.daemon_error(format!(
                "Container {id} is restarting, wait until the container is running"
            ));
            return (1, Next::Done);
        }
        _ => {
            ctx.daemon_error(format!("container {id} is not running"));
            ctx.explain(Explain::new("exec-not-running").arg("name", name.clone()));
            return (1, Next::Done);
        }
    }
    let argv: Vec<String> = p.args[1..].to_vec();
    let env: Vec<String> = p.values("env").into_iter().map(str::to_string).collect();
    let opts = crate::programs::ExecOpts {
        interactive: p.has("interactive"),
        tty: p.has("tty"),
        detach: p.has("detach"),
        env,
        workdir: p.value("workdir").map(str::to_string),
        user: p.value("user").map(str::to_string),
    };
    let ep = ctx.endpoint.clone();
    let res = crate::programs::exec(ctx.world, &ep, &id, &argv, &opts);
    match res {
        crate::programs::ExecResult::Done { io, code } => {
            if opts.tty {
                ctx.io.out(io.combined());
            } else {
                ctx.io.append(io);
            }
            if code == 127 && ctx.io.combined().contains("executable file not found") {
                ctx.explain(Explain::new("exec-binary-missing").arg("command", argv[0].clone()));
            }
            (code, Next::Done)
        }
        crate::programs::ExecResult::Session { io, pid } => {
            ctx.io.out(io.combined());
            (
                0,
                Next::Attach(Attach {
                    endpoint: ep,
                    container: id,
                    exec_pid: Some(pid),
                    stdin: opts.interactive,
                    tty: opts.tty,
                    remove_on_exit: false,
                }),
            )
        }
    }
}

pub fn attach(ctx: &mut Ctx<'_>, p: &Parsed) -> (i32, Next) {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return (1, Next::Done);
    };
    if !c.is_running() {
        ctx.io.errln("You cannot attach to a stopped container, start it first");
        ctx.explain(Explain::new("attach-stopped").arg("name", name.clone()));
        return (1, Next::Done);
    }
    if c.state.status == Status::Paused {
        ctx.io
            .errln("You cannot attach to a paused container, unpause it first");
        return (1, Next::Done);
    }
    let a = Attach {
        endpoint: ctx.endpoint.clone(),
        container: c.id.clone(),
        exec_pid: None,
        stdin: c.open_stdin && !p.has("no-stdin"),
        tty: c.tty,
        remove_on_exit: false,
    };
    (0, Next::Attach(a))
}

/// `docker top`: `ps -ef` of the container's processes.
pub fn top(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return 1;
    };
    if !c.is_running() {
        let id = c.id.clone();
        ctx.daemon_error(format!("container {id} is not running"));
        return 1;
    }
    let start = crate::time::hh_mm(c.state.started_at.unwrap_or(c.created));
    let ppid = c.state.pid.saturating_sub(22);
    let mut rows = vec![vec![
        "root".to_string(),
        c.state.pid.to_string(),
        ppid.to_string(),
        "0".into(),
        start.clone(),
        if c.tty { "pts/0".into() } else { "?".into() },
        "00:00:00".into(),
        std::iter::once(c.path.clone())
            .chain(c.args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
    ]];
    for (pid, argv) in &c.exec_processes {
        rows.push(vec![
            "root".into(),
            pid.to_string(),
            ppid.to_string(),
            "0".into(),
            start.clone(),
            "?".into(),
            "00:00:00".into(),
            argv.join(" "),
        ]);
    }
    let s = tabwriter::table_with(
        &["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        &rows,
        20,
        3,
    );
    ctx.io.out(s);
    0
}

/// `docker stats --no-stream`: believable, deterministic numbers.
pub fn stats(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let d = ctx.d();
    let list: Vec<&Container> = if p.args.is_empty() {
        d.containers.iter().filter(|c| p.has("all") || c.is_running()).collect()
    } else {
        let mut v = Vec::new();
        for a in &p.args {
            match d.container(a) {
                Some(c) => v.push(c),
                None => {
                    let a = a.clone();
                    ctx.io
                        .errln(format!("Error response from daemon: No such container: {a}"));
                    return 1;
                }
            }
        }
        v
    };
    let limit: u64 = 2_095_944_000;
    let mut rows = Vec::new();
    for c in list.iter().rev() {
        if c.is_running() {
            let seed = u64::from_str_radix(&c.id[..8], 16).unwrap_or(1);
            let mem = crate::programs::memory_estimate(c) + (seed % 900_000);
            let cpu = (seed % 50) as f64 / 100.0;
            let net_rx = 800 + seed % 2000;
            let net_tx = seed % 900;
            rows.push(vec![
                c.short_id().to_string(),
                c.name.clone(),
                format!("{cpu:.2}%"),
                format!(
                    "{} / {}",
                    crate::units::bytes_size(mem),
                    crate::units::bytes_size(limit)
                ),
                format!("{:.2}%", mem as f64 * 100.0 / limit as f64),
                format!("{} / {}", crate::units::size3(net_rx), crate::units::size3(net_tx)),
                format!("{} / {}", crate::units::size3(0), crate::units::size3(c.rw.size())),
                (1 + c.exec_processes.len()).to_string(),
            ]);
        } else {
            rows.push(vec![
                c.short_id().to_string(),
                c.name.clone(),
                "0.00%".into(),
                "0B / 0B".into(),
                "0.00%".into(),
                "0B / 0B".into(),
                "0B / 0B".into(),
                "0".into(),
            ]);
        }
    }
    let s = tabwriter::table(
        &[
            "CONTAINER ID",
            "NAME",
            "CPU %",
            "MEM USAGE / LIMIT",
            "MEM %",
            "NET I/O",
            "BLOCK I/O",
            "PIDS",
        ],
        &rows,
    );
    ctx.io.out(s);
    if !p.has("no-stream") {
        ctx.explain(Explain::new("stats-snapshot"));
    }
    0
}

/// `docker port NAME [PORT[/PROTO]]`.
pub fn port(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return 1;
    };
    let mut b = c.ports.clone();
    b.sort_by(|x, y| {
        (x.container_port, &x.proto, x.host_ip.contains(':'), x.host_port).cmp(&(
            y.container_port,
            &y.proto,
            y.host_ip.contains(':'),
            y.host_port,
        ))
    });
    let hp = |ip: &str, port: u16| {
        if ip.contains(':') {
            format!("[{ip}]:{port}")
        } else {
            format!("{ip}:{port}")
        }
    };
    if let Some(want) = p.args.get(1) {
        let (num, proto) = want.split_once('/').unwrap_or((want.as_str(), "tcp"));
        let Ok(n) = num.parse::<u16>() else {
            ctx.io.errln(format!("Error: invalid port ({want})"));
            return 1;
        };
        let m: Vec<_> = b.iter().filter(|x| x.container_port == n && x.proto == proto).collect();
        if m.is_empty() {
            ctx.io
                .errln(format!("Error: No public port '{n}/{proto}' published for {name}"));
            ctx.explain(Explain::new("no-public-port").arg("port", format!("{n}/{proto}")));
            return 1;
        }
        for x in m {
            ctx.io.outln(hp(&x.host_ip, x.host_port));
        }
        return 0;
    }
    for x in &b {
        ctx.io.outln(format!(
            "{}/{} -> {}",
            x.container_port,
            x.proto,
            hp(&x.host_ip, x.host_port)
        ));
    }
    0
}

/// `docker container prune`.
pub fn prune(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    if !p.has("force") {
        match super::system::confirm(
            ctx,
            "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?",
            raw,
        ) {
            super::system::Confirm::Yes => {}
            super::system::Confirm::No => return (0, Next::Done),
            super::system::Confirm::Ask(n) => return (0, n),
        }
    }
    let (ids, space) = prune_containers(ctx);
    if !ids.is_empty() {
        ctx.io.outln("Deleted Containers:");
        for id in &ids {
            ctx.io.outln(id);
        }
        ctx.io.outln("");
    }
    ctx.io
        .outln(format!("Total reclaimed space: {}", crate::units::human_size(space)));
    (0, Next::Done)
}

/// Removes stopped containers; returns their ids (in creation order) and reclaimed bytes.
pub fn prune_containers(ctx: &mut Ctx<'_>) -> (Vec<String>, u64) {
    let victims: Vec<(String, u64)> = ctx
        .d()
        .containers
        .iter()
        .filter(|c| matches!(c.state.status, Status::Exited | Status::Created | Status::Dead))
        .map(|c| (c.id.clone(), c.rw.size()))
        .collect();
    let ep = ctx.endpoint.clone();
    for (id, _) in &victims {
        lifecycle::remove(ctx.world, &ep, id, false);
    }
    let space = victims.iter().map(|(_, s)| s).sum();
    (victims.into_iter().map(|(i, _)| i).collect(), space)
}

/// `docker cp` between the host workspace and a container.
pub fn cp(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    crate::programs::docker_cp(ctx, &p.args[0], &p.args[1])
}

/// `docker diff`: A/C/D lines from the writable layer.
pub fn diff(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name) else {
        no_such_container(ctx, name);
        return 1;
    };
    let img_layers: Vec<std::sync::Arc<crate::fs::Tree>> = ctx
        .d()
        .images
        .get(&c.image_id)
        .map(|i| {
            i.layers
                .iter()
                .filter_map(|l| ctx.d().layers.get(l))
                .map(|l| l.tree.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut lines = Vec::new();
    for (path, node) in &c.rw.entries {
        let in_image = img_layers.iter().any(|t| t.entries.contains_key(path));
        let letter = match node {
            crate::fs::Node::Whiteout => 'D',
            _ if in_image => 'C',
            _ => 'A',
        };
        lines.push(format!("{letter} {path}"));
    }
    for l in lines {
        ctx.io.outln(l);
    }
    0
}

/// `docker commit CONTAINER [REPO[:TAG]]`.
pub fn commit(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    crate::images_ops::commit(ctx, p)
}
