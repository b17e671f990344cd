//! The daemon's objects: images and their layers, containers and their state machine,
//! volumes and networks. Plain data; the operations live in `daemon` and `docker`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::time::Time;
use dockyard_vfs::Tree;

/// One read-only layer: a file-system diff with its digest.
#[derive(Clone, Debug)]
pub struct Layer {
    /// `sha256:<64 hex>` (the compressed blob digest, as pull lines show it).
    pub digest: String,
    pub size: u64,
    pub tree: Arc<Tree>,
}

/// Deserialising a [`Healthcheck`] back from a saved image.
#[derive(serde::Deserialize)]
pub struct HealthcheckDe {
    pub test: Vec<String>,
    pub interval_s: u64,
    pub timeout_s: u64,
    pub start_period_s: u64,
    pub retries: u32,
}

impl From<HealthcheckDe> for Healthcheck {
    fn from(h: HealthcheckDe) -> Healthcheck {
        Healthcheck {
            test: h.test,
            interval_s: h.interval_s,
            timeout_s: h.timeout_s,
            start_period_s: h.start_period_s,
            retries: h.retries,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Healthcheck {
    /// `["CMD-SHELL", "pg_isready"]`, `["CMD", ...]` or `["NONE"]`.
    pub test: Vec<String>,
    pub interval_s: u64,
    pub timeout_s: u64,
    pub start_period_s: u64,
    pub retries: u32,
}

/// An image's (and a container's) run configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Config {
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub env: Vec<String>,
    pub working_dir: String,
    /// `80/tcp` style keys, sorted.
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub user: String,
    pub labels: BTreeMap<String, String>,
    pub stop_signal: Option<String>,
    pub healthcheck: Option<Healthcheck>,
    pub shell: Option<Vec<String>>,
    pub onbuild: Vec<String>,
}

impl Config {
    pub fn env_get(&self, key: &str) -> Option<&str> {
        self.env
            .iter()
            .find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }

    pub fn env_set(&mut self, key: &str, value: &str) {
        let entry = format!("{key}={value}");
        match self
            .env
            .iter_mut()
            .find(|kv| kv.split_once('=').map(|x| x.0) == Some(key) || *kv == key)
        {
            Some(kv) => *kv = entry,
            None => self.env.push(entry),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    pub created: Time,
    pub created_by: String,
    pub empty_layer: bool,
    pub comment: String,
    /// Size of the layer this entry made (0 for empty ones).
    pub size: u64,
}

#[derive(Clone, Debug)]
pub struct Image {
    /// `sha256:<64 hex>`.
    pub id: String,
    pub parent: Option<String>,
    /// Layer digests, bottom first.
    pub layers: Vec<String>,
    pub config: Config,
    pub history: Vec<History>,
    pub created: Time,
    /// `python@sha256:…` digests known from a registry.
    pub repo_digests: Vec<String>,
    pub architecture: String,
    pub os: String,
    pub comment: String,
    pub author: String,
    /// Facts for simulated programs, e.g. `python` → `3.11.5`, `family` → `alpine`.
    pub facts: BTreeMap<String, String>,
    pub size: u64,
    pub last_tag_time: Option<Time>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Restarting => "restarting",
            Status::Removing => "removing",
            Status::Exited => "exited",
            Status::Dead => "dead",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Starting,
    Healthy,
    Unhealthy,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub pid: u32,
    pub exit_code: i32,
    pub error: String,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
    pub restart_count: u32,
    pub manually_stopped: bool,
    pub oom_killed: bool,
    pub health: Option<Health>,
    pub failing_streak: u32,
}

impl Default for State {
    fn default() -> Self {
        State {
            status: Status::Created,
            pid: 0,
            exit_code: 0,
            error: String::new(),
            started_at: None,
            finished_at: None,
            restart_count: 0,
            manually_stopped: false,
            oom_killed: false,
            health: None,
            failing_streak: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RestartPolicy {
    No,
    Always,
    OnFailure(u32),
    UnlessStopped,
}

impl RestartPolicy {
    pub fn name(&self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::OnFailure(_) => "on-failure",
            RestartPolicy::UnlessStopped => "unless-stopped",
        }
    }
}

/// `-p [ip:]host:container[/proto]` as requested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortRequest {
    pub container_port: u16,
    pub proto: String,
    pub host_ip: String,
    /// `None` = pick a free port.
    pub host_port: Option<u16>,
}

/// A port actually bound while the container runs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PortBinding {
    pub container_port: u16,
    pub proto: String,
    pub host_ip: String,
    pub host_port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    Volume,
    Bind,
    Tmpfs,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mount {
    pub kind: MountKind,
    /// Volume name, or host path for binds, empty for tmpfs.
    pub source: String,
    pub target: String,
    pub readonly: bool,
    /// True for volumes created without a name (`-v /data`, `VOLUME`).
    pub anonymous: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub network_id: String,
    pub ip: String,
    pub mac: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time: Time,
    pub stream: Stream,
    /// One line, with its trailing newline when the program printed one.
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Container {
    pub id: String,
    pub name: String,
    pub image_id: String,
    /// The image as the user typed it (`nginx`, `python:3.11.5-alpine`).
    pub image_ref: String,
    pub created: Time,
    /// The executable and its arguments (entrypoint + cmd resolved).
    pub path: String,
    pub args: Vec<String>,
    pub config: Config,
    pub hostname: String,
    pub tty: bool,
    pub open_stdin: bool,
    pub auto_remove: bool,
    pub restart: RestartPolicy,
    pub port_requests: Vec<PortRequest>,
    pub publish_all: bool,
    pub mounts: Vec<Mount>,
    pub network_mode: String,
    pub links: Vec<(String, String)>,
    pub state: State,
    pub rw: Tree,
    pub logs: Vec<LogLine>,
    pub ports: Vec<PortBinding>,
    pub networks: BTreeMap<String, Endpoint>,
    /// The simulated main process while running.
    pub process: Option<crate::programs::Process>,
    /// Interactive `docker exec -it` sessions by pid.
    pub sessions: BTreeMap<u32, crate::programs::Process>,
    /// Extra processes started by `docker exec -d` or kept by interactive execs.
    pub exec_processes: Vec<(u32, Vec<String>)>,
    pub labels: BTreeMap<String, String>,
    pub stop_timeout: Option<u64>,
    pub next_restart: Option<Time>,
    pub next_health: Option<Time>,
}

impl Container {
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state.status, Status::Running | Status::Paused | Status::Restarting)
    }

    /// `python -m http.server 8888` — path and args joined, args with spaces quoted.
    pub fn command_line(&self) -> String {
        let mut s = self.path.clone();
        for a in &self.args {
            s.push(' ');
            if a.contains(' ') {
                s.push('\'');
                s.push_str(a);
                s.push('\'');
            } else {
                s.push_str(a);
            }
        }
        s
    }
}

#[derive(Clone, Debug)]
pub struct Volume {
    pub name: String,
    pub driver: String,
    pub created: Time,
    pub labels: BTreeMap<String, String>,
    pub anonymous: bool,
    pub data: Tree,
}

#[derive(Clone, Debug)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub subnet: String,
    pub gateway: String,
    pub created: Time,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
    /// Next host number to hand out in the subnet.
    pub next_host: u32,
}

impl Network {
    pub fn user_defined(&self) -> bool {
        !matches!(self.name.as_str(), "bridge" | "host" | "none")
    }
}
