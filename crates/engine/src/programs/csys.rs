//! The [`System`] a program inside a container sees: the container's union file
//! system with its mounts, its environment and hostname, its processes, and the
//! network as Docker wires it.

use std::sync::Arc;

use dockyard_coreutils::{HttpRequest, HttpResponse, Io as CIo, NetError, ProcessInfo, System};

use crate::fs::{FsError, MountRef, Node, Tree, Vfs, View};
use crate::model::MountKind;
use crate::world::World;

/// A program's view of one container.
pub struct ContainerSys<'w> {
    pub world: &'w mut World,
    pub ep: String,
    pub cid: String,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub user: String,
    pub exited: Option<i32>,
}

impl<'w> ContainerSys<'w> {
    pub fn new(
        world: &'w mut World,
        ep: &str,
        cid: &str,
        extra_env: &[String],
        workdir: Option<&str>,
        user: Option<&str>,
    ) -> Option<ContainerSys<'w>> {
        let c = world.daemons.get(ep)?.container_by_id(cid)?;
        let mut env: Vec<(String, String)> = Vec::new();
        let mut set = |kv: &str| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            match env.iter_mut().find(|(n, _)| n == k) {
                Some(e) => e.1 = v.to_string(),
                None => env.push((k.to_string(), v.to_string())),
            }
        };
        if c.config.env_get("PATH").is_none() {
            set("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
        for kv in &c.config.env {
            set(kv);
        }
        for kv in link_env(world.daemons.get(ep)?, c) {
            set(&kv);
        }
        for kv in extra_env {
            set(kv);
        }
        if !env.iter().any(|(k, _)| k == "HOME") {
            env.push(("HOME".into(), "/root".into()));
        }
        let cwd = workdir.map(str::to_string).unwrap_or_else(|| {
            if c.config.working_dir.is_empty() {
                "/".into()
            } else {
                c.config.working_dir.clone()
            }
        });
        let user = user.map(str::to_string).unwrap_or_else(|| {
            if c.config.user.is_empty() {
                "root".into()
            } else {
                c.config.user.clone()
            }
        });
        Some(ContainerSys {
            world,
            ep: ep.to_string(),
            cid: cid.to_string(),
            env,
            cwd,
            user,
            exited: None,
        })
    }

    /// Runs `f` with the container's file system view.
    pub fn with_view<R>(&mut self, f: impl FnOnce(&mut View<'_>) -> R) -> Option<R> {
        with_view(self.world, &self.ep, &self.cid, f)
    }

    pub fn family(&self) -> String {
        image_fact(self.world, &self.ep, &self.cid, "family").unwrap_or_default()
    }
}

pub fn image_fact(world: &World, ep: &str, cid: &str, key: &str) -> Option<String> {
    let d = world.daemons.get(ep)?;
    let c = d.container_by_id(cid)?;
    d.images.get(&c.image_id)?.facts.get(key).cloned()
}

/// Builds the container's `View` (layers, writable layer, volume and bind mounts).
pub fn with_view<R>(world: &mut World, ep: &str, cid: &str, f: impl FnOnce(&mut View<'_>) -> R) -> Option<R> {
    let host_fs = &mut world.host.fs;
    let d = world.daemons.get_mut(ep)?;
    let ci = d.containers.iter().position(|c| c.id == cid)?;
    let lower: Vec<Arc<Tree>> = d
        .images
        .get(&d.containers[ci].image_id)
        .map(|img| {
            img.layers
                .iter()
                .filter_map(|l| d.layers.get(l))
                .map(|l| l.tree.clone())
                .collect()
        })
        .unwrap_or_default();
    let mounts_spec = d.containers[ci].mounts.clone();
    let mut etc = etc_files(&d.containers[ci], d);
    let containers = &mut d.containers;
    let volumes = &mut d.volumes;
    let c = &mut containers[ci];
    let mut trees: Vec<&mut Tree> = Vec::new();
    let mut mounts: Vec<MountRef> = Vec::new();
    let mut host_index: Option<usize> = None;
    let mut vol_refs: Vec<(&String, &mut crate::model::Volume)> = volumes.iter_mut().collect();
    let mut host_slot = Some(host_fs);
    let mut tmpfs: Vec<Tree> = mounts_spec
        .iter()
        .filter(|m| m.kind == MountKind::Tmpfs)
        .map(|_| Tree::new())
        .collect();
    let mut tmp_iter = tmpfs.iter_mut();
    for m in &mounts_spec {
        match m.kind {
            MountKind::Bind => {
                let idx = match host_index {
                    Some(i) => i,
                    None => {
                        let Some(h) = host_slot.take() else { continue };
                        trees.push(h);
                        host_index = Some(trees.len() - 1);
                        trees.len() - 1
                    }
                };
                mounts.push(MountRef {
                    target: m.target.clone(),
                    tree: idx,
                    source: m.source.clone(),
                    readonly: m.readonly,
                });
            }
            MountKind::Volume => {
                if let Some(pos) = vol_refs.iter().position(|(n, _)| **n == m.source) {
                    let (_, v) = vol_refs.swap_remove(pos);
                    trees.push(&mut v.data);
                    mounts.push(MountRef {
                        target: m.target.clone(),
                        tree: trees.len() - 1,
                        source: "/".into(),
                        readonly: m.readonly,
                    });
                }
            }
            MountKind::Tmpfs => {
                if let Some(t) = tmp_iter.next() {
                    trees.push(t);
                    mounts.push(MountRef {
                        target: m.target.clone(),
                        tree: trees.len() - 1,
                        source: "/".into(),
                        readonly: false,
                    });
                }
            }
        }
    }
    trees.push(&mut etc);
    let idx = trees.len() - 1;
    for f in ["hostname", "hosts", "resolv.conf"] {
        mounts.push(MountRef {
            target: format!("/etc/{f}"),
            tree: idx,
            source: format!("/{f}"),
            readonly: false,
        });
    }
    let mut view = View {
        lower: &lower,
        upper: &mut c.rw,
        trees,
        mounts,
    };
    Some(f(&mut view))
}

impl Vfs for ContainerSys<'_> {
    fn lstat(&self, p: &str) -> Option<Node> {
        // Reading needs no mutation; build a read-only clone-free view through a cell trick:
        // the view API takes &mut, so route through a shared helper.
        read_only(self.world, &self.ep, &self.cid, |v| v.lstat(p)).flatten()
    }
    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError> {
        read_only(self.world, &self.ep, &self.cid, |v| v.list(p)).unwrap_or(Err(FsError::NotFound))
    }
    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError> {
        self.with_view(|v| v.write_node(p, node))
            .unwrap_or(Err(FsError::NotFound))
    }
    fn remove_path(&mut self, p: &str) -> Result<(), FsError> {
        self.with_view(|v| v.remove_path(p)).unwrap_or(Err(FsError::NotFound))
    }
}

/// Legacy `--link` environment: `WEB_PORT_80_TCP=tcp://172.17.0.2:80`, `WEB_NAME=/me/web`, …
fn link_env(d: &crate::daemon::Daemon, c: &crate::model::Container) -> Vec<String> {
    let mut out = Vec::new();
    for (target, alias) in &c.links {
        let Some(t) = d.container(target) else { continue };
        let Some(ip) = t.networks.get("bridge").map(|e| e.ip.clone()).filter(|i| !i.is_empty()) else {
            continue;
        };
        let up: String = alias
            .to_ascii_uppercase()
            .chars()
            .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
            .collect();
        for (i, p) in t.config.exposed_ports.iter().enumerate() {
            let (num, proto) = p.split_once('/').unwrap_or((p.as_str(), "tcp"));
            let pu = proto.to_ascii_uppercase();
            if i == 0 {
                out.push(format!("{up}_PORT={proto}://{ip}:{num}"));
            }
            out.push(format!("{up}_PORT_{num}_{pu}={proto}://{ip}:{num}"));
            out.push(format!("{up}_PORT_{num}_{pu}_ADDR={ip}"));
            out.push(format!("{up}_PORT_{num}_{pu}_PORT={num}"));
            out.push(format!("{up}_PORT_{num}_{pu}_PROTO={proto}"));
        }
        out.push(format!("{up}_NAME=/{}/{alias}", c.name));
    }
    out
}

/// The files Docker bind-mounts into every container: `/etc/hostname`, `/etc/hosts`
/// (with the container's address and `--link` aliases) and `/etc/resolv.conf`.
fn etc_files(c: &crate::model::Container, d: &crate::daemon::Daemon) -> Tree {
    let mut t = Tree::new();
    let ip = c.networks.values().find(|e| !e.ip.is_empty()).map(|e| e.ip.clone());
    t.put("/hostname", Node::file(format!("{}\n", c.hostname)));
    let mut hosts = String::from(
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    );
    for (target, alias) in &c.links {
        if let Some(t) = d.container(target)
            && let Some(tip) = t.networks.get("bridge").map(|e| e.ip.clone()).filter(|i| !i.is_empty())
        {
            let names = if alias == &t.name {
                format!("{alias} {}", t.short_id())
            } else {
                format!("{alias} {} {}", t.short_id(), t.name)
            };
            hosts.push_str(&format!("{tip}\t{names}\n"));
        }
    }
    if let Some(ip) = &ip {
        hosts.push_str(&format!("{ip}\t{}\n", c.hostname));
    }
    t.put("/hosts", Node::file(hosts));
    let user_defined = c
        .networks
        .keys()
        .any(|n| !matches!(n.as_str(), "bridge" | "host" | "none"));
    let resolv = if user_defined {
        "nameserver 127.0.0.11\noptions ndots:0\n"
    } else {
        "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n"
    };
    t.put("/resolv.conf", Node::file(resolv));
    t
}

/// A read-only look at a container's files (clones only the writable layer handle).
pub fn read_only<R>(world: &World, ep: &str, cid: &str, f: impl FnOnce(&View<'_>) -> R) -> Option<R> {
    let d = world.daemons.get(ep)?;
    let c = d.container_by_id(cid)?;
    let lower: Vec<Arc<Tree>> = d
        .images
        .get(&c.image_id)
        .map(|img| {
            img.layers
                .iter()
                .filter_map(|l| d.layers.get(l))
                .map(|l| l.tree.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut upper = c.rw.clone();
    let mut owned: Vec<Tree> = Vec::new();
    let mut mounts = Vec::new();
    for m in &c.mounts {
        match m.kind {
            MountKind::Bind => {
                owned.push(world.host.fs.clone());
                mounts.push(MountRef {
                    target: m.target.clone(),
                    tree: owned.len() - 1,
                    source: m.source.clone(),
                    readonly: m.readonly,
                });
            }
            MountKind::Volume => {
                owned.push(d.volumes.get(&m.source).map(|v| v.data.clone()).unwrap_or_default());
                mounts.push(MountRef {
                    target: m.target.clone(),
                    tree: owned.len() - 1,
                    source: "/".into(),
                    readonly: m.readonly,
                });
            }
            MountKind::Tmpfs => {
                owned.push(Tree::new());
                mounts.push(MountRef {
                    target: m.target.clone(),
                    tree: owned.len() - 1,
                    source: "/".into(),
                    readonly: false,
                });
            }
        }
    }
    owned.push(etc_files(c, d));
    let idx = owned.len() - 1;
    for f in ["hostname", "hosts", "resolv.conf"] {
        mounts.push(MountRef {
            target: format!("/etc/{f}"),
            tree: idx,
            source: format!("/{f}"),
            readonly: false,
        });
    }
    let trees: Vec<&mut Tree> = owned.iter_mut().collect();
    let view = View {
        lower: &lower,
        upper: &mut upper,
        trees,
        mounts,
    };
    Some(f(&view))
}

impl System for ContainerSys<'_> {
    fn env(&self) -> Vec<(String, String)> {
        self.env.clone()
    }
    fn get_env(&self, k: &str) -> Option<String> {
        self.env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }
    fn set_env(&mut self, k: &str, v: &str) {
        match self.env.iter_mut().find(|(n, _)| n == k) {
            Some(e) => e.1 = v.to_string(),
            None => self.env.push((k.to_string(), v.to_string())),
        }
    }
    fn unset_env(&mut self, k: &str) {
        self.env.retain(|(n, _)| n != k);
    }
    fn cwd(&self) -> String {
        self.cwd.clone()
    }
    fn set_cwd(&mut self, dir: &str) {
        self.cwd = dir.to_string();
    }
    fn hostname(&self) -> String {
        self.world
            .daemons
            .get(&self.ep)
            .and_then(|d| d.container_by_id(&self.cid))
            .map(|c| c.hostname.clone())
            .unwrap_or_default()
    }
    fn user(&self) -> (u32, String) {
        if self.user == "root" || self.user == "0" {
            (0, "root".into())
        } else {
            (1000, self.user.clone())
        }
    }
    fn now(&self) -> i64 {
        self.world.now
    }
    fn processes(&self) -> Vec<ProcessInfo> {
        let Some(c) = self
            .world
            .daemons
            .get(&self.ep)
            .and_then(|d| d.container_by_id(&self.cid))
        else {
            return Vec::new();
        };
        let mut v = Vec::new();
        if c.is_running() {
            v.push(ProcessInfo {
                pid: 1,
                command: c.command_line(),
                start: c.state.started_at.unwrap_or(c.created),
                ..Default::default()
            });
        }
        for (i, (_, argv)) in c.exec_processes.iter().enumerate() {
            v.push(ProcessInfo {
                pid: 7 + 6 * i as u32,
                ppid: 0,
                command: argv.join(" "),
                start: self.world.now,
                ..Default::default()
            });
        }
        v
    }
    fn lookup_host(&self, host: &str) -> Result<String, NetError> {
        super::net::resolve_from(
            self.world,
            &super::net::Origin::Container {
                ep: self.ep.clone(),
                cid: self.cid.clone(),
            },
            host,
        )
    }
    fn http(&mut self, req: &HttpRequest) -> Result<HttpResponse, NetError> {
        let origin = super::net::Origin::Container {
            ep: self.ep.clone(),
            cid: self.cid.clone(),
        };
        super::net::http(self.world, &origin, req)
    }
    fn sleep(&mut self, secs: f64) {
        let t = self.world.now + (secs * 1e9) as i64;
        crate::lifecycle::tick(self.world, t);
    }
    fn external(&mut self, argv: &[String], stdin: &str, io: &mut CIo) -> Option<i32> {
        super::external_in_container(self, argv, stdin, io)
    }
    fn has_utility(&self, name: &str) -> bool {
        super::utility_installed(self, name)
    }
    fn clear_screen(&mut self) {}
}
