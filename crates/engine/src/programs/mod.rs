//! What runs inside containers: resolving the executable through `PATH` in the
//! container's files, and the simulated programs — shells and utilities (via
//! dockyard-coreutils), Python (via dockyard-python), nginx, redis, postgres, the
//! registry, hello-world, sleep — with their output, servers and signal behaviour.

pub mod csys;
pub mod net;
pub mod pkg;

use dockyard_coreutils::{Flavor, HttpRequest, HttpResponse, Io as CIo, NetError, ShellState};

use crate::docker::Attach;
use crate::fs::{Node, Vfs};
use crate::io::Io;
use crate::model::Stream;
use crate::time::{SECOND, Time};
use crate::world::World;
use csys::ContainerSys;

/// A long-running process's state (kept in the container while it runs).
#[derive(Clone, Debug)]
pub enum Process {
    /// Listens on a TCP port and answers requests.
    Server(Server),
    /// `sleep N` / `sleep infinity` / `tail -f`: ends at `until`.
    Sleep { until: Option<Time> },
    /// An interactive shell reading lines.
    Shell {
        flavor: Flavor,
        state: ShellState,
        cwd: String,
        env: Vec<(String, String)>,
    },
    /// Python's interactive interpreter.
    Python(Box<dockyard_python::Repl>),
    /// A Python program waiting in `input()` for a typed line.
    PythonInput(Box<dockyard_python::Process>),
    /// Reads stdin and prints nothing (e.g. `cat` without input).
    Stdin,
}

#[derive(Clone, Debug)]
pub struct Server {
    pub kind: ServerKind,
    pub port: u16,
    /// `0.0.0.0` or `127.0.0.1` (a Flask dev server by default).
    pub bind: String,
    /// Dies on SIGTERM (true) or ignores it as PID 1 (false → killed after the timeout).
    pub handles_term: bool,
}

#[derive(Clone, Debug)]
pub enum ServerKind {
    Nginx,
    Redis,
    Postgres,
    Registry,
    Python(Box<dockyard_python::Server>),
}

/// How starting a program went.
pub enum End {
    Exited(i32),
    Running(Process),
    NotFound(String),
    CannotRun(String),
}

pub struct Launch {
    pub io: Io,
    pub end: End,
}

fn to_io(c: CIo) -> Io {
    let mut io = Io::default();
    for (s, t) in c.chunks {
        match s {
            dockyard_coreutils::Stream::Stdout => io.push(Stream::Stdout, &t),
            dockyard_coreutils::Stream::Stderr => io.push(Stream::Stderr, &t),
        }
    }
    io
}

/// The userland flavour of a container (Alpine busybox or Debian GNU).
fn flavor_of(sys: &ContainerSys<'_>, shell: &str) -> Flavor {
    let os = csys::image_fact(sys.world, &sys.ep, &sys.cid, "os").unwrap_or_default();
    let busybox = os == "alpine" || os == "busybox" || sys.lstat("/bin/busybox").is_some();
    if busybox {
        Flavor::Busybox
    } else if shell.ends_with("bash") {
        Flavor::Bash
    } else {
        Flavor::Dash
    }
}

/// Looks `cmd` up like execve + PATH: returns the real path and its program name.
fn resolve_exe(sys: &ContainerSys<'_>, cmd: &str) -> Result<(String, Option<String>), String> {
    let candidates: Vec<String> = if cmd.contains('/') {
        vec![crate::fs::normalize(&sys.cwd, cmd)]
    } else {
        let path = sys
            .env
            .iter()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        path.split(':')
            .filter(|d| !d.is_empty())
            .map(|d| format!("{}/{cmd}", d.trim_end_matches('/')))
            .collect()
    };
    for p in &candidates {
        match sys.resolve(p) {
            Ok((_, Node::Dir { .. })) if cmd.contains('/') => {
                return Err(format!("exec: \"{cmd}\": is a directory"));
            }
            Ok((
                real,
                Node::File {
                    program, mode, data, ..
                },
            )) => {
                if program.is_none() && mode & 0o111 == 0 && !data.starts_with(b"#!") {
                    if cmd.contains('/') {
                        return Err(format!("exec: \"{cmd}\": permission denied"));
                    }
                    continue;
                }
                let prog = program.or_else(|| {
                    if data.starts_with(b"#!") {
                        Some("script".into())
                    } else {
                        None
                    }
                });
                return Ok((real, prog));
            }
            _ => {}
        }
    }
    if cmd.contains('/') {
        Err(format!("exec: \"{cmd}\": stat {cmd}: no such file or directory"))
    } else {
        Err(format!("exec: \"{cmd}\": executable file not found in $PATH"))
    }
}

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// A catalogue text with `{placeholders}` filled from `vars` and `{fact:x}` from the image.
pub fn text(sys: &ContainerSys<'_>, name: &str, vars: &[(&str, String)]) -> String {
    let Some(t) = dockyard_catalogue::hub().text(name) else {
        return String::new();
    };
    let t = t.to_string();
    let facts = sys
        .world
        .daemons
        .get(&sys.ep)
        .and_then(|d| d.container_by_id(&sys.cid).and_then(|c| d.images.get(&c.image_id)))
        .map(|i| i.facts.clone())
        .unwrap_or_default();
    dockyard_catalogue::render(&t, |k| {
        if let Some(f) = k.strip_prefix("fact:") {
            return facts.get(f).cloned();
        }
        vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    })
}

/// Starts a container's main process.
pub fn launch_main(w: &mut World, ep: &str, cid: &str, argv: &[String], interactive: bool, tty: bool) -> Launch {
    let Some(mut sys) = ContainerSys::new(w, ep, cid, &[], None, None) else {
        return Launch {
            io: Io::default(),
            end: End::Exited(1),
        };
    };
    start_program(&mut sys, argv, interactive, tty, true)
}

/// Runs `argv` in `sys`. `main`: this is PID 1 (servers become the container's process).
pub fn start_program(sys: &mut ContainerSys<'_>, argv: &[String], interactive: bool, tty: bool, main: bool) -> Launch {
    let mut io = CIo::default();
    let (real, program) = match resolve_exe(sys, &argv[0]) {
        Ok(x) => x,
        Err(msg) => {
            let end = if msg.contains("permission denied") || msg.contains("is a directory") {
                End::CannotRun(msg)
            } else {
                End::NotFound(msg)
            };
            return Launch { io: Io::default(), end };
        }
    };
    let name = basename(&argv[0]).to_string();
    let family = sys.family();
    let program = program.unwrap_or_else(|| "coreutils".into());
    let end = match program.as_str() {
        "busybox" | "coreutils" | "bash" | "script" => {
            let applet = if program == "script" {
                "sh".to_string()
            } else if program == "bash" {
                "bash".into()
            } else {
                basename(&real).to_string().replace("busybox", &name)
            };
            let applet = if matches!(name.as_str(), "sh" | "ash" | "bash" | "dash") {
                name.clone()
            } else {
                applet
            };
            if program == "script" {
                let script = sys.read_string(&real).unwrap_or_default();
                let flavor = flavor_of(sys, "sh");
                let body: String = script.lines().skip(1).collect::<Vec<_>>().join("\n");
                shell_script_with_args(sys, &body, &argv[0], &argv[1..], flavor, &mut io, main)
            } else if matches!(applet.as_str(), "sh" | "ash" | "bash" | "dash") {
                let flavor = flavor_of(sys, &applet);
                let file_arg = argv[1..].iter().position(|a| !a.starts_with('-')).map(|i| i + 1);
                if let Some(pos) = argv.iter().position(|a| a == "-c") {
                    let script = argv.get(pos + 1).cloned().unwrap_or_default();
                    shell_script_main(sys, &script, flavor, &mut io, main)
                } else if let Some(fi) = file_arg {
                    // `sh start.sh args…`
                    let path = crate::fs::normalize(&sys.cwd, &argv[fi]);
                    match sys.read_string(&path) {
                        Ok(script) => {
                            shell_script_with_args(sys, &script, &argv[fi], &argv[fi + 1..], flavor, &mut io, main)
                        }
                        Err(_) => {
                            io.errln(format!(
                                "{applet}: can't open '{}': No such file or directory",
                                argv[fi]
                            ));
                            End::Exited(2)
                        }
                    }
                } else if interactive {
                    let mut env = sys.env.clone();
                    let shlvl = env
                        .iter()
                        .find(|(k, _)| k == "SHLVL")
                        .and_then(|(_, v)| v.parse::<u32>().ok())
                        .unwrap_or(0)
                        + 1;
                    env.retain(|(k, _)| k != "SHLVL" && k != "PWD");
                    env.push(("SHLVL".into(), shlvl.to_string()));
                    env.push(("PWD".into(), sys.cwd.clone()));
                    End::Running(Process::Shell {
                        flavor,
                        state: ShellState::new(flavor),
                        cwd: sys.cwd.clone(),
                        env,
                    })
                } else {
                    End::Exited(0)
                }
            } else if name == "sleep" && main {
                sleep_process(sys, argv.get(1).map(String::as_str).unwrap_or(""), &mut io)
            } else if name == "tail" && argv.iter().any(|a| a == "-f") && main {
                End::Running(Process::Sleep { until: None })
            } else if name == "cat" && argv.len() == 1 && interactive {
                End::Running(Process::Stdin)
            } else {
                let flavor = flavor_of(sys, "sh");
                let mut st = ShellState::with_mode(&name, dockyard_coreutils::Mode::Command);
                st.tty = tty;
                End::Exited(dockyard_coreutils::run_argv(argv, "", sys, &mut st, flavor, &mut io))
            }
        }
        "sleep" => {
            if main {
                sleep_process(sys, argv.get(1).map(String::as_str).unwrap_or(""), &mut io)
            } else {
                let flavor = flavor_of(sys, "sh");
                let mut st = ShellState::with_mode("sleep", dockyard_coreutils::Mode::Command);
                End::Exited(dockyard_coreutils::run_argv(argv, "", sys, &mut st, flavor, &mut io))
            }
        }
        "python" => {
            if argv.get(1).is_some_and(|a| a == "-m") && argv.get(2).is_some_and(|a| a == "pip") {
                let mut v = vec!["pip".to_string()];
                v.extend(argv[3..].iter().cloned());
                End::Exited(pkg::pip(sys, &v, &mut io))
            } else {
                python(sys, argv, interactive, tty, &mut io)
            }
        }
        "pip" => End::Exited(pkg::pip(sys, argv, &mut io)),
        "apk" => End::Exited(pkg::apk(sys, argv, &mut io)),
        "apt-get" => End::Exited(pkg::apt_get(sys, argv, &mut io)),
        "hello" => {
            io.out(text(sys, "hello-world", &[]));
            End::Exited(0)
        }
        "nginx" => nginx(sys, argv, &mut io, false),
        "docker-entrypoint" => entrypoint(sys, &family, argv, interactive, tty, main, &mut io),
        "redis-server" => redis(sys, &mut io),
        "redis-cli" => {
            let cmd = argv.get(1).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
            match cmd.as_str() {
                "ping" => io.outln("PONG"),
                "" => io.outln("127.0.0.1:6379> "),
                _ => io.outln("OK"),
            }
            End::Exited(0)
        }
        "postgres" => postgres(sys, &mut io),
        "pg_isready" => {
            let up = sys
                .world
                .daemons
                .get(&sys.ep)
                .and_then(|d| d.container_by_id(&sys.cid))
                .is_some_and(|c| {
                    matches!(
                        c.process,
                        Some(Process::Server(Server {
                            kind: ServerKind::Postgres,
                            ..
                        }))
                    )
                });
            if up {
                io.outln("/var/run/postgresql:5432 - accepting connections");
                End::Exited(0)
            } else {
                io.outln("/var/run/postgresql:5432 - no response");
                End::Exited(2)
            }
        }
        "psql" => {
            io.errln("psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  role \"root\" does not exist");
            End::Exited(2)
        }
        "registry" => registry(sys, &mut io),
        "node" | "npm" => {
            if argv.len() > 1 && (argv[1] == "--version" || argv[1] == "-v") {
                let key = if program == "node" { "node" } else { "npm" };
                let v = csys::image_fact(sys.world, &sys.ep, &sys.cid, key).unwrap_or_else(|| "20.6.0".into());
                io.outln(if program == "node" { format!("v{v}") } else { v });
                End::Exited(0)
            } else if interactive && argv.len() == 1 {
                io.out(text(sys, "node-banner", &[]));
                End::Running(Process::Stdin)
            } else {
                End::Exited(0)
            }
        }
        _ => {
            let flavor = flavor_of(sys, "sh");
            let mut st = ShellState::with_mode(&name, dockyard_coreutils::Mode::Command);
            End::Exited(dockyard_coreutils::run_argv(argv, "", sys, &mut st, flavor, &mut io))
        }
    };
    Launch { io: to_io(io), end }
}

fn sleep_process(sys: &mut ContainerSys<'_>, arg: &str, io: &mut CIo) -> End {
    if arg == "infinity" {
        return End::Running(Process::Sleep { until: None });
    }
    let secs: f64 = match arg.trim_end_matches('s').parse() {
        Ok(s) => s,
        Err(_) => {
            io.errln(format!("sleep: invalid number '{arg}'"));
            return End::Exited(1);
        }
    };
    End::Running(Process::Sleep {
        until: Some(sys.world.now + (secs * 1e9) as i64),
    })
}

/// Programs that keep running in the foreground (a script ending in them becomes them).
const LONG_RUNNING: &[&str] = &[
    "sleep",
    "python",
    "python3",
    "nginx",
    "redis-server",
    "tail",
    "flask",
    "node",
    "gunicorn",
    "postgres",
    "registry",
];

/// A shell script as PID 1 (`sh -c "..."`, an entrypoint script, `sh start.sh`). When it
/// ends by `exec`-ing (or simply running) a long-running program, the container becomes
/// that program, as with a real shell. `args` are the script's positional parameters.
fn shell_script_main(sys: &mut ContainerSys<'_>, script: &str, flavor: Flavor, io: &mut CIo, main: bool) -> End {
    shell_script_with_args(sys, script, "/bin/sh", &[], flavor, io, main)
}

fn shell_script_with_args(
    sys: &mut ContainerSys<'_>,
    script: &str,
    name: &str,
    args: &[String],
    flavor: Flavor,
    io: &mut CIo,
    main: bool,
) -> End {
    let mode = if name == "/bin/sh" {
        dockyard_coreutils::Mode::Command
    } else {
        dockyard_coreutils::Mode::Script
    };
    let mut st = ShellState::with_mode(name, mode);
    st.args.extend(args.iter().cloned());
    if main {
        let lines: Vec<&str> = script.lines().collect();
        let last_idx = lines
            .iter()
            .rposition(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if let Some(li) = last_idx {
            let last = lines[li].trim();
            // `head && tail` / `head; tail` on the last line.
            let (head_extra, tail, sep) = match (last.rsplit_once("&&"), last.rsplit_once(';')) {
                (Some((h, t)), _) => (h.to_string(), t.trim().to_string(), "&&"),
                (None, Some((h, t))) => (h.to_string(), t.trim().to_string(), ";"),
                _ => (String::new(), last.to_string(), ""),
            };
            let mut words: Vec<String> = Vec::new();
            for w in tail.split_whitespace() {
                match w {
                    "\"$@\"" | "$@" | "\"$*\"" | "$*" => words.extend(args.iter().cloned()),
                    w => words.push(w.trim_matches('"').to_string()),
                }
            }
            let exec = words.first().is_some_and(|w| w == "exec");
            if exec {
                words.remove(0);
            }
            let simple = !tail.contains(['|', '>', '<', '`']) && !tail.contains("$(");
            let long = words.first().is_some_and(|w| LONG_RUNNING.contains(&basename(w)));
            if simple && !words.is_empty() && (exec || long) {
                let mut head = lines[..li].join("\n");
                if !head_extra.is_empty() {
                    head.push('\n');
                    head.push_str(&head_extra);
                }
                if !head.trim().is_empty() {
                    let code = dockyard_coreutils::run(&head, sys, &mut st, flavor, io);
                    if st.exited().is_some() || (code != 0 && sep == "&&") {
                        return End::Exited(st.exited().unwrap_or(code));
                    }
                }
                let l = start_program(sys, &words, false, false, true);
                for (s, t) in l.io.chunks {
                    match s {
                        Stream::Stdout => io.out(t),
                        Stream::Stderr => io.err(t),
                    }
                }
                return match l.end {
                    End::NotFound(_) => {
                        io.errln(format!("{name}: exec: line {}: {}: not found", li + 1, words[0]));
                        End::Exited(127)
                    }
                    e => e,
                };
            }
        }
    }
    let code = dockyard_coreutils::run(script, sys, &mut st, flavor, io);
    End::Exited(st.exited().unwrap_or(code))
}

fn entrypoint(
    sys: &mut ContainerSys<'_>,
    family: &str,
    argv: &[String],
    interactive: bool,
    tty: bool,
    main: bool,
    io: &mut CIo,
) -> End {
    let rest: Vec<String> = argv[1..].to_vec();
    match family {
        "nginx" => {
            if rest.first().is_some_and(|a| a == "nginx" || a == "nginx-debug") {
                nginx(sys, &rest, io, true)
            } else if rest.is_empty() {
                End::Exited(0)
            } else {
                relay(sys, &rest, interactive, tty, main, io)
            }
        }
        "redis" => {
            if rest.is_empty() || rest[0].starts_with('-') || rest[0] == "redis-server" {
                redis(sys, io)
            } else {
                relay(sys, &rest, interactive, tty, main, io)
            }
        }
        "postgres" => {
            if rest.is_empty() || rest[0].starts_with('-') || rest[0] == "postgres" {
                postgres(sys, io)
            } else {
                relay(sys, &rest, interactive, tty, main, io)
            }
        }
        "registry" => registry(sys, io),
        _ => {
            if rest.is_empty() {
                End::Exited(0)
            } else {
                relay(sys, &rest, interactive, tty, main, io)
            }
        }
    }
}

/// An entrypoint script that ends in `exec "$@"`.
fn relay(sys: &mut ContainerSys<'_>, argv: &[String], interactive: bool, tty: bool, main: bool, io: &mut CIo) -> End {
    let l = start_program(sys, argv, interactive, tty, main);
    for (s, t) in l.io.chunks {
        match s {
            Stream::Stdout => io.out(t),
            Stream::Stderr => io.err(t),
        }
    }
    match l.end {
        End::NotFound(m) => {
            io.errln(format!("/docker-entrypoint.sh: exec: line 47: {}: not found", argv[0]));
            let _ = m;
            End::Exited(127)
        }
        e => e,
    }
}

fn registry(sys: &mut ContainerSys<'_>, io: &mut CIo) -> End {
    let id = sys.world.rng.hex_id();
    let uuid = format!(
        "{}-{}-{}-{}-{}",
        &id[0..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    );
    io.err(text(
        sys,
        "registry-startup",
        &[("ts", crate::time::rfc3339_nano(sys.world.now)), ("instance_id", uuid)],
    ));
    End::Running(Process::Server(Server {
        kind: ServerKind::Registry,
        port: 5000,
        bind: "0.0.0.0".into(),
        handles_term: true,
    }))
}

/// `2023/09/19` and `21:59:56` as nginx logs them.
fn nginx_date_time(now: Time) -> (String, String) {
    let c = crate::time::civil(now);
    (
        format!("{:04}/{:02}/{:02}", c.year, c.month, c.day),
        format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
    )
}

fn nginx(sys: &mut ContainerSys<'_>, argv: &[String], io: &mut CIo, via_entrypoint: bool) -> End {
    if argv.iter().any(|a| a == "-v") {
        let v = csys::image_fact(sys.world, &sys.ep, &sys.cid, "nginx").unwrap_or_default();
        io.errln(format!("nginx version: nginx/{v}"));
        return End::Exited(0);
    }
    let (date, time) = nginx_date_time(sys.world.now);
    let mut workers = String::new();
    for w in [29, 30] {
        workers.push_str(&text(
            sys,
            "nginx-worker",
            &[
                ("date", date.clone()),
                ("time", time.clone()),
                ("pid", "1".into()),
                ("worker_pid", w.to_string()),
            ],
        ));
    }
    let t = text(
        sys,
        "nginx-startup",
        &[
            ("date", date),
            ("time", time),
            ("pid", "1".into()),
            ("kernel", "Linux 6.8.0-45-generic".into()),
            ("workers", workers.trim_end().to_string()),
        ],
    );
    let t = if t.ends_with('\n') { t } else { format!("{t}\n") };
    // The entrypoint's lines go to stdout, nginx's own notices to stderr.
    for line in t.split_inclusive('\n') {
        if line.contains("[notice]") {
            io.err(line);
        } else if via_entrypoint {
            io.out(line);
        }
    }
    End::Running(Process::Server(Server {
        kind: ServerKind::Nginx,
        port: 80,
        bind: "0.0.0.0".into(),
        handles_term: true,
    }))
}

fn redis(sys: &mut ContainerSys<'_>, io: &mut CIo) -> End {
    let c = crate::time::civil(sys.world.now);
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = format!("{:02} {} {:04}", c.day, M[(c.month - 1) as usize], c.year);
    let time = format!(
        "{:02}:{:02}:{:02}.{:03}",
        c.hour,
        c.minute,
        c.second,
        c.nanos / 1_000_000
    );
    io.out(text(
        sys,
        "redis-startup",
        &[
            ("pid", "1".into()),
            ("date", date),
            ("time", time),
            ("port", "6379".into()),
        ],
    ));
    End::Running(Process::Server(Server {
        kind: ServerKind::Redis,
        port: 6379,
        bind: "0.0.0.0".into(),
        handles_term: true,
    }))
}

fn postgres(sys: &mut ContainerSys<'_>, io: &mut CIo) -> End {
    let now = sys.world.now;
    let ts = crate::time::postgres_log(now);
    let ts_seconds = {
        let c = crate::time::civil(now);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    };
    let data_dir = sys
        .env
        .iter()
        .find(|(k, _)| k == "PGDATA")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "/var/lib/postgresql/data".into());
    let initialized = sys.lstat(&format!("{data_dir}/PG_VERSION")).is_some();
    if initialized {
        io.out(text(sys, "postgres-existing-db", &[]));
    } else {
        let has_pw = sys.env.iter().any(|(k, v)| {
            (k == "POSTGRES_PASSWORD" && !v.is_empty()) || (k == "POSTGRES_HOST_AUTH_METHOD" && v == "trust")
        });
        if !has_pw {
            io.err(text(sys, "postgres-no-password", &[]));
            return End::Exited(1);
        }
        io.out(text(
            sys,
            "postgres-init",
            &[("ts", ts.clone()), ("ts_seconds", ts_seconds.clone())],
        ));
        let major = csys::image_fact(sys.world, &sys.ep, &sys.cid, "postgres").unwrap_or_else(|| "16".into());
        let major = major.split('.').next().unwrap_or("16").to_string();
        let _ = sys.mkdir(&data_dir, true);
        let _ = sys.write(
            &format!("{data_dir}/PG_VERSION"),
            format!("{major}\n").as_bytes(),
            false,
        );
        for (f, size) in [
            ("base/1/1259", 8_192_000u64),
            ("global/pg_control", 8_192),
            ("pg_wal/000000010000000000000001", 16_777_216),
            ("postgresql.conf", 29_525),
            ("pg_hba.conf", 5_743),
        ] {
            let path = format!("{data_dir}/{f}");
            let _ = sys.mkdir(crate::fs::parent(&path), true);
            let _ = sys.write_node(
                &path,
                Node::File {
                    data: std::sync::Arc::new(Vec::new()),
                    size,
                    mode: 0o600,
                    program: None,
                },
            );
        }
    }
    io.err(text(
        sys,
        "postgres-startup",
        &[("ts", ts), ("ts_seconds", ts_seconds), ("pid", "57".into())],
    ));
    End::Running(Process::Server(Server {
        kind: ServerKind::Postgres,
        port: 5432,
        bind: "0.0.0.0".into(),
        handles_term: true,
    }))
}

fn python_options(sys: &ContainerSys<'_>, interactive: bool, tty: bool) -> dockyard_python::RunOptions {
    let fact = |k: &str| csys::image_fact(sys.world, &sys.ep, &sys.cid, k);
    let mut o = dockyard_python::RunOptions {
        interactive,
        tty,
        ..Default::default()
    };
    if let Some(v) = fact("python") {
        o.version = v;
    }
    // `3.11.5 (main, Aug 26 2023, 00:26:34) [GCC 12.2.1 20220924]`
    if let Some(sv) = fact("python_sys_version")
        && let (Some(a), Some(b)) = (sv.find('('), sv.find(')'))
    {
        o.build = sv[a + 1..b].to_string();
        if let (Some(c), Some(d)) = (sv.find('['), sv.rfind(']')) {
            o.compiler = sv[c + 1..d].to_string();
        }
    }
    let os = fact("os").unwrap_or_default();
    o.ipv6_first = os != "alpine" && !os.is_empty();
    o.container_ip = crate::network::ip_of(sys.world, &sys.ep, &sys.cid).unwrap_or_else(|| "172.17.0.2".into());
    // Installed packages: `*.dist-info` directories in site-packages.
    let minor: Vec<&str> = o.version.split('.').take(2).collect();
    let sp = format!("/usr/local/lib/python{}/site-packages", minor.join("."));
    o.packages = sys
        .list(&sp)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(n, _)| {
            n.strip_suffix(".dist-info")
                .and_then(|x| x.rsplit_once('-'))
                .map(|(a, b)| (a.to_ascii_lowercase().replace('_', "-"), b.to_string()))
        })
        .collect();
    o
}

fn push_py_chunks(io: &mut CIo, chunks: Vec<dockyard_python::OutputChunk>) {
    for c in chunks {
        if c.stderr {
            io.err(c.text);
        } else {
            io.out(c.text);
        }
    }
}

fn python(sys: &mut ContainerSys<'_>, argv: &[String], interactive: bool, tty: bool, io: &mut CIo) -> End {
    let opts = python_options(sys, interactive, tty);
    let mut host = PyAdapter { sys };
    let mut out = dockyard_python::run_python(argv, &opts, &mut host);
    // Without -i the container's stdin is closed: `input()` sees end of file.
    if !interactive && let dockyard_python::PyEnd::WaitingForInput(p) = out.end {
        let first = std::mem::take(&mut out.chunks);
        out = p.eof(&mut host);
        out.chunks.splice(0..0, first);
    }
    push_py_chunks(io, out.chunks);
    match out.end {
        dockyard_python::PyEnd::Exited(c) => End::Exited(c),
        other => End::Running(py_process(other)),
    }
}

/// The simulator's process for a Python program that keeps running.
fn py_process(end: dockyard_python::PyEnd) -> Process {
    match end {
        dockyard_python::PyEnd::Repl(r) => Process::Python(r),
        dockyard_python::PyEnd::Server(s) => {
            let port = s.port();
            let bind = if s.reachable_from_outside() {
                "0.0.0.0".to_string()
            } else {
                "127.0.0.1".to_string()
            };
            Process::Server(Server {
                kind: ServerKind::Python(s),
                port,
                bind,
                handles_term: false,
            })
        }
        dockyard_python::PyEnd::WaitingForInput(p) => Process::PythonInput(p),
        dockyard_python::PyEnd::Exited(_) => Process::Stdin,
    }
}

/// Gives the Python interpreter the container's files, environment and clock.
pub struct PyAdapter<'a, 'w> {
    pub sys: &'a mut ContainerSys<'w>,
}

impl dockyard_python::PyHost for PyAdapter<'_, '_> {
    fn getenv(&self, k: &str) -> Option<String> {
        self.sys.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }
    fn environ(&self) -> Vec<(String, String)> {
        self.sys.env.clone()
    }
    fn read_file(&self, path: &str) -> Result<Vec<u8>, dockyard_python::FsError> {
        let p = crate::fs::normalize(&self.sys.cwd, path);
        self.sys.read(&p).map_err(py_err)
    }
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), dockyard_python::FsError> {
        let p = crate::fs::normalize(&self.sys.cwd, path);
        self.sys.write(&p, data, append).map_err(py_err)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<dockyard_python::DirEntry>, dockyard_python::FsError> {
        let p = crate::fs::normalize(&self.sys.cwd, path);
        self.sys
            .list(&p)
            .map(|v| {
                v.into_iter()
                    .map(|(name, n)| dockyard_python::DirEntry {
                        is_dir: matches!(n, Node::Dir { .. }),
                        is_symlink: matches!(n, Node::Symlink { .. }),
                        name,
                    })
                    .collect()
            })
            .map_err(py_err)
    }
    fn cwd(&self) -> String {
        self.sys.cwd.clone()
    }
    fn now_unix(&self) -> f64 {
        self.sys.world.now as f64 / 1e9
    }
    fn stdin_line(&mut self) -> Option<String> {
        None
    }
    fn sleep(&mut self, secs: f64) {
        self.sys.world.now += (secs * 1e9) as i64;
    }
    fn random_u64(&mut self) -> u64 {
        self.sys.world.rng.next_u64()
    }
}

fn py_err(e: crate::fs::FsError) -> dockyard_python::FsError {
    match e {
        crate::fs::FsError::IsADirectory => dockyard_python::FsError::IsADirectory,
        crate::fs::FsError::ReadOnly => dockyard_python::FsError::ReadOnly,
        crate::fs::FsError::NotADirectory => dockyard_python::FsError::NotADirectory,
        crate::fs::FsError::Exists => dockyard_python::FsError::PermissionDenied,
        _ => dockyard_python::FsError::NotFound,
    }
}

/// Answers an HTTP request sent to `port` of container `cid`.
pub fn serve(
    w: &mut World,
    ep: &str,
    cid: &str,
    port: u16,
    req: &HttpRequest,
    client: &str,
    local: bool,
) -> Result<HttpResponse, NetError> {
    let now = w.now;
    let Some(c) = w.daemons.get(ep).and_then(|d| d.container_by_id(cid)) else {
        return Err(NetError::ConnectionRefused);
    };
    if c.state.status != crate::model::Status::Running {
        return Err(if c.state.status == crate::model::Status::Paused {
            NetError::Timeout
        } else {
            NetError::ConnectionRefused
        });
    }
    let Some(Process::Server(server)) = c.process.clone() else {
        return Err(NetError::ConnectionRefused);
    };
    if server.port != port || (server.bind == "127.0.0.1" && !local) {
        return Err(NetError::ConnectionRefused);
    }
    let (port_v, bind_v, term_v) = (server.port, server.bind.clone(), server.handles_term);
    match server.kind {
        ServerKind::Nginx => {
            let path = req.path.split('?').next().unwrap_or("/").to_string();
            let file = if path.ends_with('/') {
                format!("/usr/share/nginx/html{path}index.html")
            } else {
                format!("/usr/share/nginx/html{path}")
            };
            let body = csys::read_only(w, ep, cid, |v| v.read_string(&file).ok()).flatten();
            let ua = req
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| "-".into());
            let (resp, status) = match body {
                Some(b) => {
                    let mut r = HttpResponse::ok(b);
                    r.headers.insert(0, ("Server".into(), "nginx".into()));
                    r.headers.push(("Content-Type".into(), "text/html".into()));
                    (r, 200)
                }
                None => {
                    let tpl = dockyard_catalogue::hub().text("nginx-404").unwrap_or("").to_string();
                    let v = w
                        .daemons
                        .get(ep)
                        .and_then(|d| d.container_by_id(cid).and_then(|c| d.images.get(&c.image_id)))
                        .and_then(|i| i.facts.get("nginx").cloned())
                        .unwrap_or_default();
                    let b =
                        dockyard_catalogue::render(&tpl, |k| if k == "fact:nginx" { Some(v.clone()) } else { None });
                    let mut r = HttpResponse::ok(b);
                    r.status = 404;
                    r.reason = "Not Found".into();
                    (r, 404)
                }
            };
            let c = crate::time::civil(now);
            const M: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let time_local = format!(
                "{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000",
                c.day,
                M[(c.month - 1) as usize],
                c.year,
                c.hour,
                c.minute,
                c.second
            );
            let tpl = dockyard_catalogue::hub()
                .text("nginx-access-log")
                .unwrap_or("")
                .to_string();
            let vars = [
                ("client", client.to_string()),
                ("time_local", time_local),
                ("request", format!("{} {} HTTP/1.1", req.method, req.path)),
                ("status", status.to_string()),
                ("bytes", resp.body.len().to_string()),
                ("user_agent", ua),
            ];
            let mut line =
                dockyard_catalogue::render(&tpl, |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()));
            if !line.ends_with('\n') {
                line.push('\n');
            }
            log(w, ep, cid, Stream::Stdout, &line);
            Ok(resp)
        }
        ServerKind::Registry => {
            let key = w
                .daemons
                .get(ep)
                .and_then(|d| d.container_by_id(cid))
                .map(crate::registry::store_key)
                .unwrap_or_default();
            let store = w.private_registries.get(&key);
            let path = req.path.split('?').next().unwrap_or("/");
            let body = if path.starts_with("/v2/_catalog") {
                let repos: Vec<String> = store.map(|r| r.repos.keys().cloned().collect()).unwrap_or_default();
                format!(
                    "{{\"repositories\":{}}}\n",
                    serde_json::to_string(&repos).unwrap_or_default()
                )
            } else if let Some(name) = path.strip_prefix("/v2/").and_then(|p| p.strip_suffix("/tags/list")) {
                match store.and_then(|r| r.repos.get(name)) {
                    Some(tags) => {
                        let tags: Vec<&String> = tags.keys().collect();
                        format!(
                            "{{\"name\":{},\"tags\":{}}}\n",
                            serde_json::to_string(name).unwrap_or_default(),
                            serde_json::to_string(&tags).unwrap_or_default()
                        )
                    }
                    None => format!(
                        "{{\"errors\":[{{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{{\"name\":{}}}}}]}}\n",
                        serde_json::to_string(name).unwrap_or_default()
                    ),
                }
            } else {
                "{}".to_string()
            };
            let mut r = HttpResponse::ok(body);
            r.headers
                .push(("Content-Type".into(), "application/json; charset=utf-8".into()));
            r.headers
                .push(("Docker-Distribution-Api-Version".into(), "registry/2.0".into()));
            Ok(r)
        }
        ServerKind::Redis | ServerKind::Postgres => Err(NetError::ConnectionRefused),
        ServerKind::Python(mut s) => {
            let mut py_req = dockyard_python::HttpRequest::get(&req.path, client);
            py_req.method = req.method.clone();
            py_req.headers = req.headers.clone();
            py_req.body = req.body.clone().into_bytes();
            py_req.client_addr = client.to_string();
            py_req.client_port = 40000 + (now / SECOND % 20000) as u16;
            let Some(mut sys) = ContainerSys::new(w, ep, cid, &[], None, None) else {
                return Err(NetError::ConnectionRefused);
            };
            let (resp, chunks) = {
                let mut host = PyAdapter { sys: &mut sys };
                let r = s.handle(&py_req, &mut host);
                (r, s.take_chunks())
            };
            drop(sys);
            if let Some(c) = w.daemons.get_mut(ep).and_then(|d| d.container_by_id_mut(cid)) {
                c.process = Some(Process::Server(Server {
                    kind: ServerKind::Python(s),
                    port: port_v,
                    bind: bind_v,
                    handles_term: term_v,
                }));
                let mut io = Io::default();
                for ch in chunks {
                    io.push(if ch.stderr { Stream::Stderr } else { Stream::Stdout }, &ch.text);
                }
                crate::lifecycle::append_logs(c, &io, now);
            }
            if resp.status == 0 {
                return Err(NetError::ConnectionRefused);
            }
            Ok(HttpResponse {
                version: resp.version,
                status: resp.status,
                reason: resp.reason,
                headers: resp.headers,
                body: String::from_utf8_lossy(&resp.body).into_owned(),
            })
        }
    }
}

fn log(w: &mut World, ep: &str, cid: &str, stream: Stream, text: &str) {
    let now = w.now;
    if let Some(c) = w.daemons.get_mut(ep).and_then(|d| d.container_by_id_mut(cid)) {
        let mut io = Io::default();
        io.push(stream, text);
        crate::lifecycle::append_logs(c, &io, now);
    }
}

/// Whether a signal ends the process (and its exit code), None if it ignores it.
pub fn on_signal(p: &Process, sig: &str) -> Option<i32> {
    match (p, sig) {
        (_, "SIGKILL") => Some(137),
        (Process::Server(s), "SIGTERM") if s.handles_term => Some(0),
        (Process::Server(s), "SIGQUIT") if matches!(s.kind, ServerKind::Nginx) => Some(0),
        (Process::Server(_), "SIGINT") => Some(0),
        (Process::Sleep { .. }, "SIGINT") | (Process::Shell { .. }, "SIGHUP") => Some(130),
        // PID 1 without a handler ignores TERM and INT.
        _ => None,
    }
}

/// Lines a process prints while shutting down (nginx and redis say goodbye).
pub fn shutdown_text(p: &Process, code: i32, now: Time) -> Io {
    let mut io = Io::default();
    if code == 137 {
        return io;
    }
    if let Process::Server(s) = p {
        match s.kind {
            ServerKind::Nginx => {
                let t = crate::time::slash_date(now);
                io.push(
                    Stream::Stderr,
                    &format!("{t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n{t} [notice] 1#1: exit\n"),
                );
            }
            ServerKind::Redis => {
                let t = crate::time::redis_log(now);
                io.push(Stream::Stdout, &format!("1:signal-handler ({}) Received SIGTERM scheduling shutdown...\n1:M {t} * User requested shutdown...\n1:M {t} # Redis is now ready to exit, bye bye...\n", now / SECOND));
            }
            _ => {}
        }
    }
    io
}

/// When a process ends by itself: (time, exit code).
pub fn deadline(p: &Process) -> Option<(Time, i32)> {
    match p {
        Process::Sleep { until: Some(t) } => Some((*t, 0)),
        _ => None,
    }
}

/// Memory a running container plausibly uses (for `docker stats`).
pub fn memory_estimate(c: &crate::model::Container) -> u64 {
    match &c.process {
        Some(Process::Server(s)) => match s.kind {
            ServerKind::Nginx => 3_300_000,
            ServerKind::Redis => 3_900_000,
            ServerKind::Postgres => 38_000_000,
            ServerKind::Registry => 8_100_000,
            ServerKind::Python(_) => 11_600_000,
        },
        Some(Process::Python(_)) => 9_800_000,
        _ => 600_000,
    }
}

pub struct ExecOpts {
    pub interactive: bool,
    pub tty: bool,
    pub detach: bool,
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
}

pub enum ExecResult {
    Done { io: Io, code: i32 },
    Session { io: Io, pid: u32 },
}

/// `docker exec`: runs a program next to the main process.
pub fn exec(w: &mut World, ep: &str, cid: &str, argv: &[String], o: &ExecOpts) -> ExecResult {
    let pid = w.daemons.get_mut(ep).map(|d| d.next_pid()).unwrap_or(100);
    let mut extra = o.env.clone();
    if o.tty && !extra.iter().any(|e| e.starts_with("TERM=")) {
        extra.push("TERM=xterm".into());
    }
    let Some(mut sys) = ContainerSys::new(w, ep, cid, &extra, o.workdir.as_deref(), o.user.as_deref()) else {
        return ExecResult::Done {
            io: Io::default(),
            code: 1,
        };
    };
    let l = start_program(&mut sys, argv, o.interactive, o.tty, false);
    drop(sys);
    match l.end {
        End::NotFound(msg) | End::CannotRun(msg) => {
            let mut io = Io::default();
            let text =
                format!("OCI runtime exec failed: exec failed: unable to start container process: {msg}: unknown\n");
            io.push(if o.tty { Stream::Stdout } else { Stream::Stderr }, &text);
            let code = if msg.contains("permission denied") || msg.contains("is a directory") {
                126
            } else {
                127
            };
            ExecResult::Done { io, code }
        }
        End::Exited(code) => ExecResult::Done { io: l.io, code },
        End::Running(p) => {
            if o.detach || !o.interactive {
                if let Some(c) = w.daemons.get_mut(ep).and_then(|d| d.container_by_id_mut(cid)) {
                    c.exec_processes.push((pid, argv.to_vec()));
                }
                return ExecResult::Done { io: l.io, code: 0 };
            }
            if let Some(c) = w.daemons.get_mut(ep).and_then(|d| d.container_by_id_mut(cid)) {
                c.exec_processes.push((pid, argv.to_vec()));
                c.sessions.insert(pid, p);
            }
            ExecResult::Session { io: l.io, pid }
        }
    }
}

fn session_process<'a>(w: &'a mut World, a: &Attach) -> Option<&'a mut Process> {
    let c = w.daemons.get_mut(&a.endpoint)?.container_by_id_mut(&a.container)?;
    match a.exec_pid {
        Some(pid) => c.sessions.get_mut(&pid),
        None => c.process.as_mut(),
    }
}

/// The prompt of the attached program.
pub fn session_prompt(w: &World, a: &Attach) -> String {
    let Some(c) = w.daemons.get(&a.endpoint).and_then(|d| d.container_by_id(&a.container)) else {
        return String::new();
    };
    let p = match a.exec_pid {
        Some(pid) => c.sessions.get(&pid),
        None => c.process.as_ref(),
    };
    match p {
        Some(Process::Shell { flavor, cwd, .. }) => {
            let user_root = c.config.user.is_empty() || c.config.user == "root";
            let sign = if user_root { '#' } else { '$' };
            match flavor {
                Flavor::Busybox => format!("{} {sign} ", if cwd == "/root" { "~".to_string() } else { cwd.clone() }),
                Flavor::Dash => format!("{sign} "),
                Flavor::Bash => format!(
                    "root@{}:{}{sign} ",
                    c.hostname,
                    if cwd == "/root" { "~".to_string() } else { cwd.clone() }
                ),
            }
        }
        Some(Process::Python(r)) => r.prompt().to_string(),
        _ => String::new(),
    }
}

pub fn session_incomplete(w: &World, a: &Attach, text: &str) -> bool {
    let Some(c) = w.daemons.get(&a.endpoint).and_then(|d| d.container_by_id(&a.container)) else {
        return false;
    };
    let p = match a.exec_pid {
        Some(pid) => c.sessions.get(&pid),
        None => c.process.as_ref(),
    };
    matches!(p, Some(Process::Shell { .. })) && dockyard_shell::needs_more_input(text)
}

/// Feeds one typed line to the attached program; Some(code) when it ended.
pub fn session_input(w: &mut World, a: &Attach, line: &str, io: &mut Io) -> Option<i32> {
    let p = session_process(w, a)?.clone();
    match p {
        Process::Shell {
            flavor,
            mut state,
            cwd,
            env,
        } => {
            let mut sys = ContainerSys::new(w, &a.endpoint, &a.container, &[], Some(&cwd), None)?;
            sys.env = env;
            let mut cio = CIo::default();
            let code = dockyard_coreutils::run(line, &mut sys, &mut state, flavor, &mut cio);
            let (cwd, env) = (sys.cwd.clone(), sys.env.clone());
            drop(sys);
            io.append(to_io(cio));
            if state.exited().is_some() {
                return Some(state.exited().unwrap_or(code));
            }
            if let Some(slot) = session_process(w, a) {
                *slot = Process::Shell {
                    flavor,
                    state,
                    cwd,
                    env,
                };
            }
            None
        }
        Process::Python(mut repl) => {
            let mut sys = ContainerSys::new(w, &a.endpoint, &a.container, &[], None, None)?;
            let out = {
                let mut host = PyAdapter { sys: &mut sys };
                repl.feed(line, &mut host)
            };
            drop(sys);
            io.push(Stream::Stdout, &out.output);
            if let Some(code) = out.exited {
                return Some(code);
            }
            if let Some(slot) = session_process(w, a) {
                *slot = match out.server {
                    Some(srv) => {
                        let port = srv.port();
                        let bind = if srv.reachable_from_outside() {
                            "0.0.0.0".to_string()
                        } else {
                            "127.0.0.1".to_string()
                        };
                        Process::Server(Server {
                            kind: ServerKind::Python(srv),
                            port,
                            bind,
                            handles_term: false,
                        })
                    }
                    None => Process::Python(repl),
                };
            }
            None
        }
        Process::PythonInput(p) => {
            let mut sys = ContainerSys::new(w, &a.endpoint, &a.container, &[], None, None)?;
            let out = {
                let mut host = PyAdapter { sys: &mut sys };
                p.feed(line, &mut host)
            };
            drop(sys);
            for ch in &out.chunks {
                io.push(if ch.stderr { Stream::Stderr } else { Stream::Stdout }, &ch.text);
            }
            match out.end {
                dockyard_python::PyEnd::Exited(code) => Some(code),
                other => {
                    if let Some(slot) = session_process(w, a) {
                        *slot = py_process(other);
                    }
                    None
                }
            }
        }
        Process::Stdin => None,
        _ => None,
    }
}

pub fn session_eof(w: &mut World, a: &Attach, io: &mut Io) -> Option<i32> {
    let p = session_process(w, a)?.clone();
    match p {
        Process::Shell { .. } => {
            io.outln("exit");
            Some(0)
        }
        Process::Python(mut repl) => {
            let mut sys = ContainerSys::new(w, &a.endpoint, &a.container, &[], None, None)?;
            let out = {
                let mut host = PyAdapter { sys: &mut sys };
                repl.eof(&mut host)
            };
            io.push(Stream::Stdout, &out.output);
            Some(out.exited.unwrap_or(0))
        }
        Process::PythonInput(p) => {
            let mut sys = ContainerSys::new(w, &a.endpoint, &a.container, &[], None, None)?;
            let out = {
                let mut host = PyAdapter { sys: &mut sys };
                p.eof(&mut host)
            };
            for ch in &out.chunks {
                io.push(if ch.stderr { Stream::Stderr } else { Stream::Stdout }, &ch.text);
            }
            Some(out.exit_code().unwrap_or(1))
        }
        Process::Stdin => Some(0),
        _ => None,
    }
}

/// Ctrl-C on the attached terminal.
pub fn session_interrupt(w: &mut World, a: &Attach, io: &mut Io) -> Option<i32> {
    let p = session_process(w, a)?.clone();
    match p {
        Process::Shell { .. } => {
            io.outln("^C");
            None
        }
        Process::Python(mut repl) => {
            let out = repl.interrupt();
            io.push(Stream::Stdout, &out.output);
            if let Some(slot) = session_process(w, a) {
                *slot = Process::Python(repl);
            }
            None
        }
        Process::Server(s) => {
            io.outln("^C");
            match s.kind {
                ServerKind::Python(srv) => {
                    let (out, code) = srv.interrupt();
                    for ch in out.chunks {
                        io.push(if ch.stderr { Stream::Stderr } else { Stream::Stdout }, &ch.text);
                    }
                    Some(code)
                }
                _ => Some(0),
            }
        }
        Process::PythonInput(p) => {
            let out = p.interrupt();
            for ch in &out.chunks {
                io.push(if ch.stderr { Stream::Stderr } else { Stream::Stdout }, &ch.text);
            }
            Some(out.exit_code().unwrap_or(130))
        }
        Process::Sleep { .. } | Process::Stdin => {
            io.outln("^C");
            Some(130)
        }
    }
}

pub fn end_exec(w: &mut World, a: &Attach) {
    if let (Some(pid), Some(c)) = (
        a.exec_pid,
        w.daemons
            .get_mut(&a.endpoint)
            .and_then(|d| d.container_by_id_mut(&a.container)),
    ) {
        c.sessions.remove(&pid);
        c.exec_processes.retain(|(p, _)| *p != pid);
    }
}

/// Commands inside containers that are simulated programs rather than utilities.
pub fn external_in_container(sys: &mut ContainerSys<'_>, argv: &[String], _stdin: &str, io: &mut CIo) -> Option<i32> {
    let (_, program) = resolve_exe(sys, &argv[0]).ok()?;
    match program.as_deref() {
        Some(
            "python" | "pip" | "apk" | "apt-get" | "hello" | "nginx" | "redis-cli" | "pg_isready" | "psql" | "node"
            | "npm" | "redis-server" | "postgres" | "registry",
        ) => {
            let l = start_program(sys, argv, false, false, false);
            for (s, t) in l.io.chunks {
                match s {
                    Stream::Stdout => io.out(t),
                    Stream::Stderr => io.err(t),
                }
            }
            Some(match l.end {
                End::Exited(c) => c,
                End::Running(_) => 0,
                End::NotFound(_) => 127,
                End::CannotRun(_) => 126,
            })
        }
        _ => None,
    }
}

/// Whether the image ships a utility (slim images have no curl, ping or ps).
pub fn utility_installed(sys: &ContainerSys<'_>, name: &str) -> bool {
    resolve_exe(sys, name).is_ok()
}

/// `docker cp` in both directions.
pub fn docker_cp(ctx: &mut crate::docker::Ctx<'_>, src: &str, dst: &str) -> i32 {
    let split = |s: &str| -> Option<(String, String)> {
        let (a, b) = s.split_once(':')?;
        if a.contains('/') || a.is_empty() {
            None
        } else {
            Some((a.to_string(), b.to_string()))
        }
    };
    let ep = ctx.endpoint.clone();
    match (split(src), split(dst)) {
        (Some((cname, cpath)), None) => {
            let Some(cid) = ctx.d().container(&cname).map(|c| c.id.clone()) else {
                ctx.io
                    .errln(format!("Error response from daemon: No such container: {cname}"));
                return 1;
            };
            let items = csys::read_only(ctx.world, &ep, &cid, |v| {
                let p = crate::fs::normalize("/", &cpath);
                match v.resolve(&p) {
                    Ok((_, n @ Node::File { .. })) => Ok(vec![(String::new(), n)]),
                    Ok((_, Node::Dir { .. })) => Ok(std::iter::once((String::new(), Node::dir()))
                        .chain(v.walk(&p))
                        .collect()),
                    _ => Err(()),
                }
            })
            .unwrap_or(Err(()));
            let Ok(items) = items else {
                ctx.io.errln(format!(
                    "Error response from daemon: Could not find the file {cpath} in container {cname}"
                ));
                return 1;
            };
            let host_dst = crate::fs::normalize(&ctx.world.host.cwd, dst);
            let target = if ctx.world.host.fs.is_dir(&host_dst) {
                crate::fs::normalize(&host_dst, basename(&cpath))
            } else {
                host_dst
            };
            ctx.world.host.fs.graft(&target, items);
            ctx.io.errln(format!(
                "Successfully copied {} to {dst}",
                crate::units::size3(
                    ctx.world.host.fs.below(&target).map(|(_, n)| n.size()).sum::<u64>()
                        + ctx.world.host.fs.get(&target).map(Node::size).unwrap_or(0)
                )
            ));
            0
        }
        (None, Some((cname, cpath))) => {
            let Some(cid) = ctx.d().container(&cname).map(|c| c.id.clone()) else {
                ctx.io
                    .errln(format!("Error response from daemon: No such container: {cname}"));
                return 1;
            };
            let host_src = crate::fs::normalize(&ctx.world.host.cwd, src);
            let items: Vec<(String, Node)> = match ctx.world.host.fs.resolve(&host_src) {
                Ok((_, n @ Node::File { .. })) => vec![(String::new(), n)],
                Ok((_, Node::Dir { .. })) => std::iter::once((String::new(), Node::dir()))
                    .chain(ctx.world.host.fs.walk(&host_src))
                    .collect(),
                _ => {
                    ctx.io.errln(format!("lstat {host_src}: no such file or directory"));
                    return 1;
                }
            };
            let size: u64 = items.iter().map(|(_, n)| n.size()).sum();
            let ok = csys::with_view(ctx.world, &ep, &cid, |v| {
                let p = crate::fs::normalize("/", &cpath);
                let target = if v.is_dir(&p) {
                    crate::fs::normalize(&p, basename(&host_src))
                } else {
                    p
                };
                for (rel, node) in items {
                    let path = if rel.is_empty() {
                        target.clone()
                    } else {
                        crate::fs::normalize(&target, &rel)
                    };
                    if v.write_node(&path, node).is_err() {
                        return false;
                    }
                }
                true
            });
            if ok != Some(true) {
                ctx.io.errln(format!(
                    "Error response from daemon: Could not find the file {cpath} in container {cname}"
                ));
                return 1;
            }
            ctx.io.errln(format!(
                "Successfully copied {} to {cname}:{cpath}",
                crate::units::size3(size)
            ));
            0
        }
        _ => {
            ctx.io.errln("must specify at least one container source");
            1
        }
    }
}
