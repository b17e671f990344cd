//! `docker version/info/system df/system prune/inspect/login/logout`, the help
//! screens, and the y/N confirmation used by every prune.

use serde_json::Value;

use super::args::Parsed;
use super::{Ctx, Next, Spec};
use crate::io::Explain;
use crate::time::ansic;
use crate::units::{bytes_size, human_size};

pub enum Confirm {
    Yes,
    No,
    Ask(Next),
}

/// Docker's `Confirm`: prints `<message> [y/N] `; only `y`/`Y` continue.
pub fn confirm(ctx: &mut Ctx<'_>, message: &str, raw: &[String]) -> Confirm {
    let answer: Option<String> = match (ctx.answer, ctx.stdin) {
        (Some(a), _) => Some(a.to_string()),
        (None, Some(stdin)) => Some(stdin.lines().next().unwrap_or("").to_string()),
        (None, None) => None,
    };
    match answer {
        None => {
            ctx.io.out(format!("{message} [y/N] "));
            Confirm::Ask(Next::Confirm { argv: raw.to_vec() })
        }
        Some(a) => {
            if ctx.answer.is_none() {
                ctx.io.out(format!("{message} [y/N] "));
            }
            if a.trim() == "y" || a.trim() == "Y" {
                if ctx.stdin.is_some() && ctx.answer.is_none() {
                    ctx.io.out("");
                }
                Confirm::Yes
            } else {
                Confirm::No
            }
        }
    }
}

pub fn root_help() -> String {
    let mut s = String::from(
        "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n  run         Create and run a new container from an image\n  exec        Execute a command in a running container\n  ps          List containers\n  build       Build an image from a Dockerfile\n  pull        Download an image from a registry\n  push        Upload an image to a registry\n  images      List images\n  login       Authenticate to a registry\n  logout      Log out from a registry\n  version     Show the Docker version information\n  info        Display system-wide information\n\nManagement Commands:\n  container   Manage containers\n  image       Manage images\n  network     Manage networks\n  system      Manage Docker\n  volume      Manage volumes\n\nCommands:\n",
    );
    for w in [
        "attach", "commit", "cp", "create", "diff", "history", "inspect", "kill", "logs", "pause", "port", "rename",
        "restart", "rm", "rmi", "start", "stats", "stop", "tag", "top", "unpause", "wait",
    ] {
        let path = super::ALIASES
            .iter()
            .find(|(a, _)| *a == w)
            .map(|(_, p)| *p)
            .unwrap_or(w);
        let short = super::spec(path).map(|s| s.short).unwrap_or("");
        s.push_str(&format!("  {w:<10}  {short}\n"));
    }
    s.push_str("\nRun 'docker COMMAND --help' for more information on a command.\n");
    s
}

pub fn group_help(group: &str) -> String {
    let title = match group {
        "container" => "Manage containers",
        "image" => "Manage images",
        "system" => "Manage Docker",
        "volume" => "Manage volumes",
        "network" => "Manage networks",
        _ => "",
    };
    let mut s = format!("\nUsage:  docker {group} COMMAND\n\n{title}\n\nCommands:\n");
    for spec in super::SPECS.iter().filter(|s| s.path.starts_with(&format!("{group} "))) {
        let sub = &spec.path[group.len() + 1..];
        s.push_str(&format!("  {sub:<10}  {}\n", spec.short));
    }
    s.push_str(&format!(
        "\nRun 'docker {group} COMMAND --help' for more information on a command.\n"
    ));
    s
}

pub fn command_help(shown: &str, spec: &Spec) -> String {
    let mut s = format!("\nUsage:  {shown} {}\n\n{}\n", spec.usage, spec.short);
    if !spec.flags.is_empty() {
        s.push_str("\nOptions:\n");
        for f in spec.flags {
            let fl = super::args::flag(f);
            let short = fl.short.map(|c| format!("-{c}, ")).unwrap_or_else(|| "    ".into());
            let val = if fl.takes_value { " string" } else { "" };
            s.push_str(&format!("  {short}--{}{val}\n", fl.long));
        }
    }
    s
}

const BUILT: i64 = 1_759_852_800 * 1_000_000_000 + 3_600 * 16 * 1_000_000_000;

pub fn client_version() -> String {
    format!(
        "Client:\n Version:           28.5.2\n API version:       1.51\n Go version:        go1.24.9\n Git commit:        ecc6942\n Built:             {}\n OS/Arch:           linux/amd64\n Context:           default\n",
        ansic(BUILT)
    )
}

pub fn version(ctx: &mut Ctx<'_>) -> i32 {
    let mut s = client_version();
    s.push_str(&format!(
        "\nServer: Docker Engine - Community\n Engine:\n  Version:          28.5.2\n  API version:      1.51 (minimum version 1.24)\n  Go version:       go1.24.9\n  Git commit:       89c5e8f\n  Built:            {}\n  OS/Arch:          linux/amd64\n  Experimental:     false\n containerd:\n  Version:          1.7.28\n  GitCommit:        b98a3aace656320842a23f4a392a33f46af97866\n runc:\n  Version:          1.3.0\n  GitCommit:        v1.3.0-0-g4ca628d1\n docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0\n",
        ansic(BUILT)
    ));
    ctx.io.out(s);
    0
}

pub fn info(ctx: &mut Ctx<'_>) -> i32 {
    let d = ctx.d();
    let running = d
        .containers
        .iter()
        .filter(|c| c.state.status == crate::model::Status::Running)
        .count();
    let paused = d
        .containers
        .iter()
        .filter(|c| c.state.status == crate::model::Status::Paused)
        .count();
    let total = d.containers.len();
    let s = format!(
        "Client: Docker Engine - Community\n Version:    28.5.2\n Context:    default\n Debug Mode: false\n Plugins:\n  buildx: Docker Buildx (Docker Inc.)\n    Version:  v0.29.1\n    Path:     /usr/libexec/docker/cli-plugins/docker-buildx\n  compose: Docker Compose (Docker Inc.)\n    Version:  v2.40.3\n    Path:     /usr/libexec/docker/cli-plugins/docker-compose\n\nServer:\n Containers: {total}\n  Running: {running}\n  Paused: {paused}\n  Stopped: {}\n Images: {}\n Server Version: 28.5.2\n Storage Driver: overlay2\n  Backing Filesystem: extfs\n  Supports d_type: true\n  Using metacopy: false\n  Native Overlay Diff: true\n  userxattr: false\n Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n Plugins:\n  Volume: local\n  Network: bridge host ipvlan macvlan null overlay\n  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n Swarm: inactive\n Runtimes: io.containerd.runc.v2 runc\n Default Runtime: runc\n Init Binary: docker-init\n containerd version: b98a3aace656320842a23f4a392a33f46af97866\n runc version: v1.3.0-0-g4ca628d1\n init version: de40ad0\n Security Options:\n  apparmor\n  seccomp\n   Profile: builtin\n  cgroupns\n Kernel Version: 6.8.0-45-generic\n Operating System: Ubuntu 24.04.1 LTS\n OSType: linux\n Architecture: x86_64\n CPUs: 2\n Total Memory: {}\n Name: {}\n ID: {}\n Docker Root Dir: /var/lib/docker\n Debug Mode: false\n Experimental: false\n Insecure Registries:\n  ::1/128\n  127.0.0.0/8\n Live Restore Enabled: false\n\n",
        total - running - paused,
        d.images.len(),
        bytes_size(2_095_944_000),
        d.hostname,
        format_daemon_id(&d.id),
    );
    ctx.io.out(s);
    0
}

fn format_daemon_id(id: &str) -> String {
    // Real daemon ids are UUIDs.
    format!(
        "{}-{}-{}-{}-{}",
        &id[0..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    )
}

/// `docker system df` (and `-v`).
pub fn df(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let d = ctx.d();
    let images_total = d.images.len();
    let active_images = d
        .images
        .values()
        .filter(|i| d.containers.iter().any(|c| c.image_id == i.id))
        .count();
    let images_size = d.images_disk_size();
    let used_layers: std::collections::BTreeSet<&String> = d
        .images
        .values()
        .filter(|i| d.containers.iter().any(|c| c.image_id == i.id))
        .flat_map(|i| i.layers.iter())
        .collect();
    let used_size: u64 = used_layers
        .iter()
        .filter_map(|l| d.layers.get(*l))
        .map(|l| l.size)
        .sum();
    let img_reclaim = images_size.saturating_sub(used_size);
    let c_total = d.containers.len();
    let c_active = d.containers.iter().filter(|c| c.is_running()).count();
    let c_size: u64 = d.containers.iter().map(|c| c.rw.size()).sum();
    let c_reclaim: u64 = d
        .containers
        .iter()
        .filter(|c| !c.is_running())
        .map(|c| c.rw.size())
        .sum();
    let v_total = d.volumes.len();
    let v_active = d
        .volumes
        .keys()
        .filter(|n| d.containers.iter().any(|c| c.mounts.iter().any(|m| &m.source == *n)))
        .count();
    let v_size: u64 = d.volumes.values().map(|v| v.data.size()).sum();
    let v_reclaim: u64 = d
        .volumes
        .values()
        .filter(|v| !d.containers.iter().any(|c| c.mounts.iter().any(|m| m.source == v.name)))
        .map(|v| v.data.size())
        .sum();
    let bc_total = d.build_cache.len();
    let bc_active = d.build_cache.values().filter(|r| r.in_use).count();
    let bc_size: u64 = d.build_cache.values().map(|r| r.size).sum();
    let pct = |r: u64, t: u64| match (r * 100).checked_div(t) {
        Some(p) => format!("{} ({p}%)", human_size(r)),
        None => human_size(r),
    };
    if p.has("verbose") {
        let now = ctx.world.now;
        let mut s = String::from("Images space usage:\n\n");
        let mut rows = Vec::new();
        for img in d.images.values() {
            let tags = d.tags_of(&img.id);
            let (repo, tag) = tags
                .first()
                .and_then(|t| crate::reference::Reference::parse(t).ok())
                .map(|r| (r.familiar_repository(), r.tag.unwrap_or_default()))
                .unwrap_or(("<none>".into(), "<none>".into()));
            let size = d.image_size(img);
            let containers = d.containers.iter().filter(|c| c.image_id == img.id).count();
            rows.push(vec![
                repo,
                tag,
                super::format::short(&img.id).to_string(),
                super::format::ago(now, img.created),
                human_size(size),
                human_size(size),
                "0B".into(),
                containers.to_string(),
            ]);
        }
        s.push_str(&crate::tabwriter::table(
            &[
                "REPOSITORY",
                "TAG",
                "IMAGE ID",
                "CREATED",
                "SIZE",
                "SHARED SIZE",
                "UNIQUE SIZE",
                "CONTAINERS",
            ],
            &rows,
        ));
        s.push_str("\nContainers space usage:\n\n");
        let rows: Vec<Vec<String>> = d
            .containers
            .iter()
            .map(|c| {
                vec![
                    c.short_id().to_string(),
                    super::format::image_cell(d, c),
                    super::format::command_cell(c, true),
                    "0".into(),
                    human_size(c.rw.size()),
                    super::format::ago(now, c.created),
                    super::format::status(c, now),
                    c.name.clone(),
                ]
            })
            .collect();
        s.push_str(&crate::tabwriter::table(
            &[
                "CONTAINER ID",
                "IMAGE",
                "COMMAND",
                "LOCAL VOLUMES",
                "SIZE",
                "CREATED",
                "STATUS",
                "NAMES",
            ],
            &rows,
        ));
        s.push_str("\nLocal Volumes space usage:\n\n");
        let rows: Vec<Vec<String>> = d
            .volumes
            .values()
            .map(|v| {
                vec![
                    v.name.clone(),
                    d.containers
                        .iter()
                        .filter(|c| c.mounts.iter().any(|m| m.source == v.name))
                        .count()
                        .to_string(),
                    human_size(v.data.size()),
                ]
            })
            .collect();
        s.push_str(&crate::tabwriter::table(&["VOLUME NAME", "LINKS", "SIZE"], &rows));
        s.push_str(&format!("\nBuild cache usage: {}\n", human_size(bc_size)));
        if bc_total > 0 {
            s.push('\n');
            let rows: Vec<Vec<String>> = d
                .build_cache
                .iter()
                .map(|(k, r)| {
                    vec![
                        k[..12.min(k.len())].to_string(),
                        "regular".into(),
                        human_size(r.size),
                        super::format::ago(now, r.created),
                        super::format::ago(now, r.last_used),
                        "1".into(),
                        r.in_use.to_string(),
                        "false".into(),
                    ]
                })
                .collect();
            s.push_str(
                &crate::tabwriter::table(
                    &[
                        "CACHE ID",
                        "CACHE TYPE",
                        "SIZE",
                        "CREATED",
                        "LAST USED",
                        "USAGE",
                        "SHARED",
                        "",
                    ],
                    &rows,
                )
                .replace("SHARED      \n", "SHARED\n"),
            );
        }
        ctx.io.out(s);
        return 0;
    }
    let rows = vec![
        vec![
            "Images".into(),
            images_total.to_string(),
            active_images.to_string(),
            human_size(images_size),
            pct(img_reclaim, images_size),
        ],
        vec![
            "Containers".into(),
            c_total.to_string(),
            c_active.to_string(),
            human_size(c_size),
            pct(c_reclaim, c_size),
        ],
        vec![
            "Local Volumes".into(),
            v_total.to_string(),
            v_active.to_string(),
            human_size(v_size),
            pct(v_reclaim, v_size),
        ],
        vec![
            "Build Cache".into(),
            bc_total.to_string(),
            bc_active.to_string(),
            human_size(bc_size),
            human_size(bc_size),
        ],
    ];
    ctx.io.out(crate::tabwriter::table(
        &["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
        &rows,
    ));
    0
}

/// `docker system prune [-a] [--volumes] [-f]`.
pub fn prune(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    let all = p.has("all");
    let volumes = p.has("volumes");
    if !p.has("force") {
        let mut msg = String::from(
            "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n",
        );
        if volumes {
            msg.push_str("  - all anonymous volumes not used by at least one container\n");
        }
        if all {
            msg.push_str("  - all images without at least one container associated to them\n  - all build cache\n");
        } else {
            msg.push_str("  - all dangling images\n  - unused build cache\n");
        }
        msg.push_str("\nAre you sure you want to continue?");
        match confirm(ctx, &msg, raw) {
            Confirm::Yes => {}
            Confirm::No => return (0, Next::Done),
            Confirm::Ask(n) => return (0, n),
        }
    }
    let mut total = 0u64;
    let (ids, space) = super::containers::prune_containers(ctx);
    total += space;
    if !ids.is_empty() {
        ctx.io.outln("Deleted Containers:");
        for id in ids {
            ctx.io.outln(id);
        }
        ctx.io.outln("");
    }
    let nets = crate::volumes::prune_networks(ctx);
    if !nets.is_empty() {
        ctx.io.outln("Deleted Networks:");
        for n in nets {
            ctx.io.outln(n);
        }
        ctx.io.outln("");
    }
    if volumes {
        let (vols, vspace) = crate::volumes::prune_volumes(ctx, false);
        total += vspace;
        if !vols.is_empty() {
            ctx.io.outln("Deleted Volumes:");
            for v in vols {
                ctx.io.outln(v);
            }
            ctx.io.outln("");
        }
    }
    let (lines, ispace) = super::images::prune_images(ctx, all);
    total += ispace;
    if !lines.is_empty() {
        ctx.io.outln("Deleted Images:");
        for l in lines {
            ctx.io.outln(l);
        }
        ctx.io.outln("");
    }
    let d = ctx.daemon();
    let cache: Vec<String> = d
        .build_cache
        .iter()
        .filter(|(_, r)| all || !r.in_use)
        .map(|(k, _)| k.clone())
        .collect();
    if !cache.is_empty() {
        let mut cspace = 0;
        ctx.io.outln("Deleted build cache objects:");
        for k in cache {
            if let Some(r) = ctx.daemon().build_cache.remove(&k) {
                cspace += r.size;
            }
            ctx.io.outln(&k[..25.min(k.len())]);
        }
        ctx.io.outln("");
        total += cspace;
    }
    ctx.io.outln(format!("Total reclaimed space: {}", human_size(total)));
    (0, Next::Done)
}

/// `docker inspect` / `docker container inspect` / `docker image inspect`.
pub fn inspect(ctx: &mut Ctx<'_>, p: &Parsed, kind: Option<&str>) -> i32 {
    let mut out: Vec<Value> = Vec::new();
    let mut code = 0;
    for name in &p.args {
        let v = match kind {
            Some("container") => crate::inspect::container(ctx, name, p.has("size")),
            Some("image") => crate::inspect::image(ctx, name),
            Some("volume") => crate::inspect::volume(ctx, name),
            Some("network") => crate::inspect::network(ctx, name),
            _ => crate::inspect::container(ctx, name, p.has("size"))
                .or_else(|| crate::inspect::image(ctx, name))
                .or_else(|| crate::inspect::volume(ctx, name))
                .or_else(|| crate::inspect::network(ctx, name)),
        };
        match v {
            Some(v) => out.push(v),
            None => {
                code = 1;
                match kind {
                    Some("container") => ctx
                        .io
                        .errln(format!("Error response from daemon: No such container: {name}")),
                    Some("image") => ctx
                        .io
                        .errln(format!("Error response from daemon: No such image: {name}")),
                    Some("volume") => ctx
                        .io
                        .errln(format!("Error response from daemon: get {name}: no such volume")),
                    Some("network") => ctx
                        .io
                        .errln(format!("Error response from daemon: network {name} not found")),
                    _ => ctx.io.errln(format!("Error: No such object: {name}")),
                }
                ctx.explain(Explain::new("no-such-object").arg("name", name.clone()));
            }
        }
    }
    if let Some(fmt) = p.value("format") {
        for v in &out {
            match crate::inspect::render_format(fmt, v) {
                Ok(s) => ctx.io.outln(s),
                Err(e) => {
                    ctx.io.errln(e);
                    return 1;
                }
            }
        }
        return code;
    }
    if out.is_empty() && code != 0 && matches!(kind, Some("container") | Some("image")) {
        ctx.io.outln("[]");
        return code;
    }
    ctx.io.outln(crate::inspect::to_json(&Value::Array(out)));
    code
}

/// `docker login` against the simulated Docker Hub (any non-empty password works
/// for user names the student chooses; the account is created on first login).
pub fn login(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    let server = p.args.first().cloned().unwrap_or_else(|| "docker.io".into());
    let registry = if server.contains("docker.io") {
        "docker.io".to_string()
    } else {
        server.clone()
    };
    let user = p.value("username").map(str::to_string);
    let mut password = if p.has("password-stdin") {
        ctx.stdin.map(|s| s.trim().to_string())
    } else {
        p.value("password").map(str::to_string)
    };
    let terminal = ctx.stdin.is_none();
    if terminal && password.is_none() {
        match (&user, ctx.answer) {
            // The answer to "Password: ".
            (Some(_), Some(a)) => password = Some(a.to_string()),
            (Some(_), None) => {
                ctx.io.out("Password: ");
                return (0, Next::Confirm { argv: raw.to_vec() });
            }
            // Docker Hub without a user name: Docker 28's browser (device-code) login.
            (None, _) if registry == "docker.io" => {
                let code = ctx.world.rng.hex_id().to_ascii_uppercase();
                ctx.io.outln(format!(
                    "\nUSING WEB-BASED LOGIN\nTo sign in with credentials on the command line, use 'docker login -u <username>'\n\nYour one-time device confirmation code is: {}-{}\nPress ENTER to open your browser or submit your device code here: https://login.docker.com/activate\n",
                    &code[..4],
                    &code[4..8]
                ));
                ctx.explain(Explain::new("login-web-flow"));
                return (1, Next::Done);
            }
            // Another registry: "Username: " first, then "Password: ".
            (None, Some(a)) => {
                let mut argv = raw.to_vec();
                argv.push("--username".into());
                argv.push(a.to_string());
                ctx.io.out("Password: ");
                return (0, Next::Confirm { argv });
            }
            (None, None) => {
                ctx.io.out("Username: ");
                return (0, Next::Confirm { argv: raw.to_vec() });
            }
        }
    }
    let (Some(user), Some(password)) = (user, password) else {
        ctx.io
            .errln("Error: Cannot perform an interactive login from a non TTY device");
        ctx.explain(Explain::new("login-needs-credentials"));
        return (1, Next::Done);
    };
    if user.is_empty() || password.is_empty() {
        ctx.io
            .errln("Error: Cannot perform an interactive login from a non TTY device");
        return (1, Next::Done);
    }
    if p.value("password").is_some() {
        ctx.io
            .errln("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if user.chars().any(|c| c.is_ascii_uppercase()) {
        ctx.daemon_error("Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password");
        return (1, Next::Done);
    }
    ctx.world.logins.insert(registry, user);
    ctx.io.outln("\nWARNING! Your credentials are stored unencrypted in '/home/student/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\nLogin Succeeded");
    (0, Next::Done)
}

pub fn logout(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let server = p.args.first().cloned().unwrap_or_else(|| "docker.io".into());
    let registry = if server.contains("docker.io") {
        "docker.io".to_string()
    } else {
        server.clone()
    };
    let shown = if registry == "docker.io" {
        "https://index.docker.io/v1/".to_string()
    } else {
        registry.clone()
    };
    if ctx.world.logins.remove(&registry).is_none() {
        ctx.io.outln(format!("Not logged in to {shown}"));
    } else {
        ctx.io.outln(format!("Removing login credentials for {shown}"));
    }
    0
}
