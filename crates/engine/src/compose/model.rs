//! A loaded Compose project: the subset of the Compose specification the simulator
//! acts on, already interpolated, validated and normalised (paths absolute, short
//! and long syntaxes unified). Produced by `load`, consumed by the commands.

use crate::model::PortRequest;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    /// `-p`, `COMPOSE_PROJECT_NAME`, top-level `name:` or the directory's name.
    pub name: String,
    /// The project directory (relative paths in the file are resolved against it).
    pub dir: String,
    /// The compose files read, absolute, in merge order.
    pub files: Vec<String>,
    /// Services in file order (disabled profiles left out).
    pub services: Vec<Service>,
    pub volumes: Vec<VolumeDef>,
    pub networks: Vec<NetworkDef>,
    /// `WARN[0000] …` lines to print before doing anything.
    pub warnings: Vec<String>,
    /// A `version:` attribute was present (for the teaching note).
    pub obsolete_version: bool,
}

impl Project {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// Services ordered so that each comes after what it depends on (file order
    /// otherwise). The loader has rejected cycles.
    pub fn dependency_order(&self) -> Vec<&Service> {
        let mut done: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for _ in 0..=self.services.len() {
            for s in &self.services {
                if done.contains(&s.name.as_str()) {
                    continue;
                }
                let ready = s
                    .depends_on
                    .iter()
                    .all(|d| done.contains(&d.service.as_str()) || self.service(&d.service).is_none());
                if ready {
                    done.push(&s.name);
                    out.push(s);
                }
            }
        }
        out
    }

    /// The real (daemon) name of the network a service refers to as `key`.
    pub fn network_name(&self, key: &str) -> String {
        match self.networks.iter().find(|n| n.key == key) {
            Some(n) => n.name.clone(),
            None => format!("{}_{key}", self.name),
        }
    }

    /// The real (daemon) name of the top-level volume `key`.
    pub fn volume_name(&self, key: &str) -> String {
        match self.volumes.iter().find(|v| v.key == key) {
            Some(v) => v.name.clone(),
            None => format!("{}_{key}", self.name),
        }
    }

    /// The image a service runs: `image:` or `<project>-<service>` for builds.
    pub fn image_of(&self, s: &Service) -> String {
        match &s.image {
            Some(i) => i.clone(),
            None => format!("{}-{}", self.name, s.name),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub image: Option<String>,
    pub build: Option<Build>,
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// Resolved `KEY=value` pairs (env_file first, then environment), in order.
    pub environment: Vec<(String, String)>,
    pub env_files: Vec<String>,
    pub ports: Vec<PortRequest>,
    /// The port entries as written, for `config`.
    pub port_specs: Vec<PortSpec>,
    pub expose: Vec<String>,
    pub volumes: Vec<Mount>,
    pub depends_on: Vec<Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<String>,
    /// Network keys (top-level names) with aliases; empty list means `default`.
    pub networks: Vec<ServiceNetwork>,
    pub network_mode: Option<String>,
    pub container_name: Option<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    pub labels: Vec<(String, String)>,
    pub stdin_open: bool,
    pub tty: bool,
    pub stop_signal: Option<String>,
    pub stop_grace_period: Option<u64>,
    pub pull_policy: Option<String>,
    pub profiles: Vec<String>,
    /// Line of the service's key in the file.
    pub line: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Build {
    /// Absolute context directory.
    pub context: String,
    pub dockerfile: Option<String>,
    pub args: Vec<(String, String)>,
    pub target: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PortSpec {
    pub mode: String,
    pub host_ip: Option<String>,
    pub target: u16,
    pub published: Option<String>,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountType {
    Volume,
    Bind,
    Tmpfs,
}

impl MountType {
    pub fn as_str(&self) -> &'static str {
        match self {
            MountType::Volume => "volume",
            MountType::Bind => "bind",
            MountType::Tmpfs => "tmpfs",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    pub kind: MountType,
    /// Volume key (top-level name), absolute host path, or empty (anonymous / tmpfs).
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// Bind mounts: create the host directory when missing (short syntax does).
    pub create_host_path: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Started,
    Healthy,
    CompletedSuccessfully,
}

impl Condition {
    pub fn as_str(&self) -> &'static str {
        match self {
            Condition::Started => "service_started",
            Condition::Healthy => "service_healthy",
            Condition::CompletedSuccessfully => "service_completed_successfully",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub service: String,
    pub condition: Condition,
    pub required: bool,
    pub restart: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    /// `["CMD-SHELL", "…"]`, `["CMD", …]`, `["NONE"]` or empty (use the image's test).
    pub test: Vec<String>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub start_period: Option<Duration>,
    pub retries: Option<u32>,
    pub disable: bool,
}

/// A Go duration as written (`1m30s`) and its value in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duration {
    pub text: String,
    pub millis: u64,
}

impl Duration {
    /// Whole seconds, rounded up (the simulator's health clock counts seconds).
    pub fn secs(&self) -> u64 {
        self.millis.div_ceil(1000)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceNetwork {
    pub key: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeDef {
    pub key: String,
    /// Daemon name (`<project>_<key>`, `name:`, or the external name).
    pub name: String,
    pub external: bool,
    pub driver: Option<String>,
    pub labels: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkDef {
    pub key: String,
    pub name: String,
    pub external: bool,
    pub driver: Option<String>,
    pub internal: bool,
    pub labels: Vec<(String, String)>,
}
