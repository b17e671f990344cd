//! The whole simulated universe a student can touch: the host (workspace files, cwd,
//! environment), one or more daemons (local and remote `DOCKER_HOST`s), registries,
//! logins, the virtual clock and the seeded random source.

use std::collections::BTreeMap;

use crate::daemon::Daemon;
use crate::fs::{Node, Tree, Vfs};
use crate::model::Network;
use crate::rng::Rng;
use crate::time::{SECOND, Time};

pub const LOCAL_DAEMON: &str = "unix:///var/run/docker.sock";

#[derive(Clone, Debug)]
pub struct Host {
    pub fs: Tree,
    pub cwd: String,
    pub home: String,
    /// Exported environment variables, in insertion order.
    pub env: Vec<(String, String)>,
    /// Shell variables that are not exported.
    pub vars: BTreeMap<String, String>,
    pub hostname: String,
    pub user: String,
    pub last_status: i32,
    pub old_cwd: Option<String>,
}

impl Host {
    pub fn get_env(&self, k: &str) -> Option<&str> {
        self.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }
    pub fn set_env(&mut self, k: &str, v: &str) {
        match self.env.iter_mut().find(|(n, _)| n == k) {
            Some(e) => e.1 = v.to_string(),
            None => self.env.push((k.to_string(), v.to_string())),
        }
    }
    pub fn unset_env(&mut self, k: &str) {
        self.env.retain(|(n, _)| n != k);
        self.vars.remove(k);
    }
}

/// An image stored in a registry: what `docker push` uploaded.
#[derive(Clone, Debug)]
pub struct StoredImage {
    pub image: crate::model::Image,
    pub layers: Vec<crate::model::Layer>,
    pub digest: String,
}

/// A registry other than the built-in Hub catalogue: Docker Hub user repositories
/// pushed during the session, or a private `registry:2` (keyed by its container id).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    /// repository path (`library/python`, `student/app`) → tag → image.
    pub repos: BTreeMap<String, BTreeMap<String, StoredImage>>,
}

#[derive(Clone, Debug)]
pub struct World {
    pub host: Host,
    /// Endpoint (`unix:///var/run/docker.sock`, `tcp://10.0.0.5:2375`) → daemon.
    pub daemons: BTreeMap<String, Daemon>,
    /// Docker Hub uploads (by path) and private registries (by `host:port` of the daemon
    /// that runs them — see `registry` module).
    pub hub_uploads: Registry,
    pub private_registries: BTreeMap<String, Registry>,
    /// Registry host → logged-in user.
    pub logins: BTreeMap<String, String>,
    pub now: Time,
    pub rng: Rng,
    /// The last removed container's id and exit code (`run --rm` reports it after removal).
    pub last_removed: Option<(String, i32)>,
    /// `docker context create` entries: name → (description, endpoint).
    pub contexts: BTreeMap<String, (String, String)>,
    /// `docker context use`; `default` follows `DOCKER_HOST`.
    pub current_context: String,
}

impl World {
    pub fn new(seed: u64, now: Time) -> World {
        let mut rng = Rng::new(seed);
        let mut fs = Tree::new();
        let home = "/home/student".to_string();
        fs.put(&home, Node::dir());
        fs.put("/tmp", Node::dir());
        fs.put("/etc/hostname", Node::file("dockyard\n"));
        fs.put("/etc/os-release", Node::file(
            "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nID=ubuntu\nID_LIKE=debian\n",
        ));
        let env = vec![
            ("HOME".to_string(), home.clone()),
            ("USER".to_string(), "student".to_string()),
            ("SHELL".to_string(), "/bin/bash".to_string()),
            (
                "PATH".to_string(),
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
            ),
            ("LANG".to_string(), "C.UTF-8".to_string()),
            ("TERM".to_string(), "xterm-256color".to_string()),
            ("PWD".to_string(), home.clone()),
        ];
        let host = Host {
            fs,
            cwd: home.clone(),
            home,
            env,
            vars: BTreeMap::new(),
            hostname: "dockyard".into(),
            user: "student".into(),
            last_status: 0,
            old_cwd: None,
        };
        let mut daemons = BTreeMap::new();
        let id = rng.hex_id();
        let d = new_daemon("dockyard", id, now - 3600 * SECOND, &mut rng);
        daemons.insert(LOCAL_DAEMON.to_string(), d);
        // The course notes' second machine: a VM whose daemon listens on tcp 2375,
        // forwarded to the host (`export DOCKER_HOST=localhost:2375`).
        let vm_id = rng.hex_id();
        daemons.insert(
            "tcp://localhost:2375".to_string(),
            new_daemon("vagrant", vm_id, now - 1800 * SECOND, &mut rng),
        );
        World {
            host,
            daemons,
            hub_uploads: Registry::default(),
            private_registries: BTreeMap::new(),
            logins: BTreeMap::new(),
            now,
            rng,
            last_removed: None,
            contexts: BTreeMap::new(),
            current_context: "default".into(),
        }
    }

    /// The endpoint the CLI talks to: `-H` if given, else `DOCKER_HOST`, else the local socket.
    pub fn endpoint(&self, host_flag: Option<&str>) -> String {
        let from_context = self.contexts.get(&self.current_context).map(|(_, ep)| ep.clone());
        let raw = host_flag
            .map(str::to_string)
            .or_else(|| self.host.get_env("DOCKER_HOST").map(str::to_string))
            .filter(|s| !s.is_empty())
            .or(from_context)
            .unwrap_or_else(|| LOCAL_DAEMON.to_string());
        normalize_endpoint(&raw)
    }

    pub fn daemon(&self, endpoint: &str) -> Option<&Daemon> {
        self.daemons.get(endpoint)
    }

    pub fn daemon_mut(&mut self, endpoint: &str) -> Option<&mut Daemon> {
        self.daemons.get_mut(endpoint)
    }

    /// Adds a remote daemon reachable at `endpoint` (lessons about `DOCKER_HOST` use this).
    pub fn add_remote_daemon(&mut self, endpoint: &str, hostname: &str) {
        let id = self.rng.hex_id();
        let d = new_daemon(hostname, id, self.now - 7200 * SECOND, &mut self.rng);
        self.daemons.insert(normalize_endpoint(endpoint), d);
    }

    /// The images of the private registry at `domain` (`localhost:5000`): the store of the
    /// local `registry:2` container that publishes that port (running ones first).
    pub fn registry_for_domain(&self, domain: &str) -> Option<&Registry> {
        let port: u16 = domain.rsplit_once(':').and_then(|(_, p)| p.parse().ok())?;
        let d = self.daemons.get(LOCAL_DAEMON)?;
        let mut candidates: Vec<&crate::model::Container> = d
            .containers
            .iter()
            .filter(|c| {
                d.images
                    .get(&c.image_id)
                    .and_then(|i| i.facts.get("family"))
                    .is_some_and(|f| f == "registry")
                    && (c.ports.iter().any(|b| b.host_port == port)
                        || c.port_requests.iter().any(|r| r.host_port == Some(port)))
            })
            .collect();
        candidates.sort_by_key(|c| !c.is_running());
        candidates
            .iter()
            .find_map(|c| self.private_registries.get(&crate::registry::store_key(c)))
    }

    /// Reads a host file relative to the cwd.
    pub fn host_read(&self, p: &str) -> Option<String> {
        let path = crate::fs::normalize(&self.host.cwd, p);
        self.host.fs.read_string(&path).ok()
    }
}

/// `tcp://host:2375` stays; `unix:///var/run/docker.sock` stays; a bare `host:port` gets tcp://.
pub fn normalize_endpoint(raw: &str) -> String {
    if raw.contains("://") {
        raw.trim_end_matches('/').to_string()
    } else if raw.starts_with('/') {
        format!("unix://{raw}")
    } else {
        format!("tcp://{raw}")
    }
}

fn new_daemon(hostname: &str, id: String, started: Time, rng: &mut Rng) -> Daemon {
    let mut d = Daemon::new(hostname, id, started);
    for (name, driver, subnet, gw) in [
        ("bridge", "bridge", "172.17.0.0/16", "172.17.0.1"),
        ("host", "host", "", ""),
        ("none", "null", "", ""),
    ] {
        d.networks.push(Network {
            id: rng.hex_id(),
            name: name.into(),
            driver: driver.into(),
            subnet: subnet.into(),
            gateway: gw.into(),
            created: started,
            internal: false,
            labels: BTreeMap::new(),
            next_host: 2,
        });
    }
    d
}
