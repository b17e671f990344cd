//! Container lifecycle shared by `docker run/start/stop/...` and compose: start (ports,
//! networks, launching the main program), exit (restart policies, `--rm`), stop and
//! kill with signal semantics, removal, and the clock-driven `tick` (timers, restarts).

use crate::io::Io;
use crate::model::{Container, LogLine, PortBinding, Status, Stream};
use crate::programs::{self, End, Launch};
use crate::time::{SECOND, Time};
use crate::world::World;

#[derive(Debug)]
pub enum StartError {
    /// `Bind for 0.0.0.0:8080 failed: port is already allocated` (container stays Created).
    PortAllocated {
        endpoint_id: String,
        ip: String,
        port: u16,
    },
    /// The executable could not be found / run (exit 127 / 126).
    Exec {
        message: String,
        code: i32,
    },
    NotFound,
}

fn c_mut<'a>(w: &'a mut World, ep: &str, cid: &str) -> Option<&'a mut Container> {
    w.daemons.get_mut(ep)?.container_by_id_mut(cid)
}

/// Records program output into the container's log (line by line, with time).
pub fn append_logs(c: &mut Container, io: &Io, now: Time) {
    for (stream, text) in &io.chunks {
        let stream = if c.tty { Stream::Stdout } else { stream.clone() };
        for piece in text.split_inclusive('\n') {
            match c.logs.last_mut() {
                Some(last) if !last.text.ends_with('\n') && last.stream == stream => last.text.push_str(piece),
                _ => c.logs.push(LogLine {
                    time: now,
                    stream: stream.clone(),
                    text: piece.to_string(),
                }),
            }
        }
    }
}

/// Starts a created or exited container. Output produced at start goes to `out`.
pub fn start(w: &mut World, ep: &str, cid: &str, out: &mut Io, interactive: bool) -> Result<(), StartError> {
    let now = w.now;
    let d = w.daemons.get_mut(ep).ok_or(StartError::NotFound)?;
    let idx = d
        .containers
        .iter()
        .position(|c| c.id == cid)
        .ok_or(StartError::NotFound)?;
    // Ports.
    let requests = d.containers[idx].port_requests.clone();
    let mut bindings: Vec<PortBinding> = Vec::new();
    let mut publish_all: Vec<(u16, String)> = Vec::new();
    if d.containers[idx].publish_all {
        for e in &d.containers[idx].config.exposed_ports {
            let (n, proto) = e.split_once('/').unwrap_or((e, "tcp"));
            if let Ok(n) = n.parse::<u16>()
                && !requests.iter().any(|r| r.container_port == n && r.proto == proto)
            {
                publish_all.push((n, proto.to_string()));
            }
        }
    }
    let host_network = d.containers[idx].network_mode == "host";
    if !host_network {
        let mut all = requests.clone();
        for (n, proto) in publish_all {
            all.push(crate::model::PortRequest {
                container_port: n,
                proto,
                host_ip: String::new(),
                host_port: None,
            });
        }
        for r in all {
            let port = match r.host_port {
                Some(p) => p,
                None => d.allocate_port(&r.proto),
            };
            let ips: Vec<String> = if r.host_ip.is_empty() {
                vec!["0.0.0.0".into(), "::".into()]
            } else {
                vec![r.host_ip.clone()]
            };
            for ip in ips {
                let taken = d.port_taken(&ip, port, &r.proto).is_some()
                    || bindings
                        .iter()
                        .any(|b| b.host_port == port && b.proto == r.proto && b.host_ip == ip);
                if taken {
                    let endpoint_id = w.rng.hex_id();
                    return Err(StartError::PortAllocated { endpoint_id, ip, port });
                }
                bindings.push(PortBinding {
                    container_port: r.container_port,
                    proto: r.proto.clone(),
                    host_ip: ip,
                    host_port: port,
                });
            }
        }
    }
    bindings.sort();
    let pid = d.next_pid();
    {
        let c = &mut d.containers[idx];
        c.ports = bindings;
        c.state.pid = pid;
    }
    crate::network::connect_all(w, ep, cid);
    let c = c_mut(w, ep, cid).ok_or(StartError::NotFound)?;
    let argv: Vec<String> = std::iter::once(c.path.clone()).chain(c.args.iter().cloned()).collect();
    let tty = c.tty;
    // A container created with -i keeps its stdin open whether or not a terminal is
    // attached now (`docker start` of an `-it` shell leaves it waiting for input).
    let _ = interactive;
    let open_stdin = c.open_stdin;
    let Launch { io, end } = programs::launch_main(w, ep, cid, &argv, open_stdin, tty);
    let c = c_mut(w, ep, cid).ok_or(StartError::NotFound)?;
    match end {
        End::NotFound(message) | End::CannotRun(message) => {
            let code = if message.contains("permission denied") || message.contains("is a directory") {
                126
            } else {
                127
            };
            c.ports.clear();
            c.state.exit_code = code;
            c.state.error = message.clone();
            c.state.pid = 0;
            // Docker leaves such a container in Created state.
            return Err(StartError::Exec { message, code });
        }
        _ => {}
    }
    c.state.status = Status::Running;
    c.state.started_at = Some(now);
    c.state.finished_at = None;
    c.state.error.clear();
    c.state.health = c
        .config
        .healthcheck
        .as_ref()
        .filter(|h| h.test.first().map(String::as_str) != Some("NONE"))
        .map(|_| crate::model::Health::Starting);
    if c.state.health.is_some() {
        let interval = c.config.healthcheck.as_ref().map(|h| h.interval_s.max(1)).unwrap_or(30);
        c.next_health = Some(now + interval as i64 * SECOND);
    }
    append_logs(c, &io, now);
    out.append(io);
    match end {
        End::Exited(code) => {
            exited(w, ep, cid, code, false);
        }
        End::Running(p) => {
            if let Some(c) = c_mut(w, ep, cid) {
                c.process = Some(p);
            }
        }
        End::NotFound(_) | End::CannotRun(_) => {}
    }
    Ok(())
}

/// The main process ended with `code`: update state, apply restart policy / auto-remove.
pub fn exited(w: &mut World, ep: &str, cid: &str, code: i32, manual: bool) {
    let now = w.now;
    let Some(c) = c_mut(w, ep, cid) else { return };
    c.state.status = Status::Exited;
    c.state.exit_code = code;
    c.state.pid = 0;
    c.state.finished_at = Some(now);
    c.state.health = None;
    c.process = None;
    c.exec_processes.clear();
    c.ports.clear();
    if manual {
        c.state.manually_stopped = true;
    }
    let restart = match &c.restart {
        crate::model::RestartPolicy::No => false,
        crate::model::RestartPolicy::Always => !manual,
        crate::model::RestartPolicy::UnlessStopped => !manual,
        crate::model::RestartPolicy::OnFailure(max) => {
            !manual && code != 0 && (*max == 0 || c.state.restart_count < *max)
        }
    };
    if restart {
        c.state.status = Status::Restarting;
        let ran_long = c.state.started_at.is_some_and(|s| now - s >= 10 * SECOND);
        let delay_ms: i64 = if ran_long {
            100
        } else {
            (100i64 << c.state.restart_count.min(10)).min(60_000)
        };
        c.next_restart = Some(now + delay_ms * 1_000_000);
        return;
    }
    crate::network::disconnect_all(w, ep, cid);
    let auto = c_mut(w, ep, cid).is_some_and(|c| c.auto_remove);
    if auto {
        remove(w, ep, cid, true);
    }
}

/// How a process reacts to a signal: Some(exit code) if it dies.
pub fn signal(w: &mut World, ep: &str, cid: &str, sig: &str) -> Option<i32> {
    let c = c_mut(w, ep, cid)?;
    let sig = normalize_signal(sig);
    if sig == "SIGKILL" {
        return Some(137);
    }
    let p = c.process.as_ref()?;
    programs::on_signal(p, &sig)
}

pub fn normalize_signal(s: &str) -> String {
    let up = s.to_ascii_uppercase();
    let name = up.strip_prefix("SIG").unwrap_or(&up).to_string();
    let name = match name.as_str() {
        "9" => "KILL",
        "15" => "TERM",
        "2" => "INT",
        "1" => "HUP",
        "3" => "QUIT",
        n => n,
    }
    .to_string();
    format!("SIG{name}")
}

pub fn signal_number(sig: &str) -> i32 {
    match normalize_signal(sig).as_str() {
        "SIGHUP" => 1,
        "SIGINT" => 2,
        "SIGQUIT" => 3,
        "SIGKILL" => 9,
        "SIGUSR1" => 10,
        "SIGUSR2" => 12,
        "SIGTERM" => 15,
        _ => 15,
    }
}

/// `docker stop`: the stop signal, then SIGKILL after the timeout (advancing the clock).
pub fn stop(w: &mut World, ep: &str, cid: &str, timeout: Option<i64>, sig: Option<&str>) {
    let Some(c) = c_mut(w, ep, cid) else { return };
    if c.state.status == Status::Restarting {
        c.next_restart = None;
        c.state.status = Status::Exited;
        c.state.manually_stopped = true;
        return;
    }
    if !c.is_running() {
        return;
    }
    let stop_sig = sig
        .map(str::to_string)
        .or_else(|| c.config.stop_signal.clone())
        .unwrap_or_else(|| "SIGTERM".into());
    let timeout = timeout.or(c.stop_timeout.map(|t| t as i64)).unwrap_or(10);
    let was_paused = c.state.status == Status::Paused;
    let code = if was_paused {
        None
    } else {
        signal(w, ep, cid, &stop_sig)
    };
    let code = match code {
        Some(code) => {
            w.now += SECOND / 4;
            code
        }
        None => {
            w.now += timeout.max(0) * SECOND;
            137
        }
    };
    let now = w.now;
    let text = c_mut(w, ep, cid)
        .and_then(|c| c.process.as_ref())
        .map(|p| programs::shutdown_text(p, code, now));
    if let Some(io) = text
        && let Some(c) = c_mut(w, ep, cid)
    {
        append_logs(c, &io, now);
    }
    exited(w, ep, cid, code, true);
}

/// Removes a container (caller checked it may be removed). `volumes`: drop anonymous ones.
pub fn remove(w: &mut World, ep: &str, cid: &str, volumes: bool) {
    crate::network::disconnect_all(w, ep, cid);
    let Some(d) = w.daemons.get_mut(ep) else { return };
    let Some(idx) = d.containers.iter().position(|c| c.id == cid) else {
        return;
    };
    let c = d.containers.remove(idx);
    w.last_removed = Some((c.id.clone(), c.state.exit_code));
    let d = w.daemons.get_mut(ep).expect("checked above");
    if volumes {
        for m in c
            .mounts
            .iter()
            .filter(|m| m.anonymous && m.kind == crate::model::MountKind::Volume)
        {
            let in_use = d
                .containers
                .iter()
                .any(|o| o.mounts.iter().any(|om| om.source == m.source));
            if !in_use {
                d.volumes.remove(&m.source);
            }
        }
    }
}

/// Advances the world to `now`: sleeping processes finish, restart timers fire,
/// health checks run.
pub fn tick(w: &mut World, now: Time) {
    if now > w.now {
        w.now = now;
    }
    for _ in 0..64 {
        let mut events: Vec<(String, String, Event)> = Vec::new();
        for (ep, d) in &w.daemons {
            for c in &d.containers {
                if let (Status::Running, Some(p)) = (c.state.status, &c.process)
                    && let Some((t, code)) = programs::deadline(p)
                    && t <= w.now
                {
                    events.push((ep.clone(), c.id.clone(), Event::Exit(t, code)));
                }
                if c.state.status == Status::Restarting && c.next_restart.is_some_and(|t| t <= w.now) {
                    events.push((ep.clone(), c.id.clone(), Event::Restart));
                }
                if c.state.status == Status::Running && c.next_health.is_some_and(|t| t <= w.now) {
                    events.push((ep.clone(), c.id.clone(), Event::Health));
                }
            }
        }
        if events.is_empty() {
            return;
        }
        let now = w.now;
        for (ep, cid, ev) in events {
            match ev {
                Event::Exit(t, code) => {
                    w.now = t;
                    exited(w, &ep, &cid, code, false);
                    w.now = now;
                }
                Event::Restart => {
                    if let Some(c) = c_mut(w, &ep, &cid) {
                        c.next_restart = None;
                        c.state.restart_count += 1;
                    }
                    let mut io = Io::default();
                    if start(w, &ep, &cid, &mut io, false).is_err()
                        && let Some(c) = c_mut(w, &ep, &cid)
                    {
                        c.state.status = Status::Exited;
                    }
                }
                Event::Health => crate::health::run_check(w, &ep, &cid),
            }
        }
    }
}

enum Event {
    Exit(Time, i32),
    Restart,
    Health,
}
