//! One simulated Docker daemon: its image store (images, tags, layers), containers,
//! volumes, networks and port allocator, with the lookup rules Docker uses
//! (full name, unique id prefix, reference normalisation).

use std::collections::BTreeMap;

use crate::model::{Container, Image, Layer, Network, Volume};
use crate::reference::Reference;
use crate::time::Time;

#[derive(Clone, Debug)]
pub struct Daemon {
    /// Shown by `docker info` (`Name:`) and used in remote-host messages.
    pub hostname: String,
    pub id: String,
    pub images: BTreeMap<String, Image>,
    /// Full reference (`docker.io/library/nginx:latest`) → image id.
    pub tags: BTreeMap<String, String>,
    pub layers: BTreeMap<String, Layer>,
    /// In creation order.
    pub containers: Vec<Container>,
    pub volumes: BTreeMap<String, Volume>,
    pub networks: Vec<Network>,
    pub next_pid: u32,
    /// The ephemeral port allocator's last handed-out port.
    pub last_port: u16,
    pub started: Time,
    /// Build-cache records: cache key → (resulting layer digest or empty, size).
    pub build_cache: BTreeMap<String, CacheRecord>,
}

#[derive(Clone, Debug)]
pub struct CacheRecord {
    pub layer: Option<String>,
    pub size: u64,
    pub created: Time,
    pub last_used: Time,
    pub in_use: bool,
}

pub enum Found<'a> {
    One(&'a Container),
    None,
}

impl Daemon {
    pub fn new(hostname: &str, id: String, started: Time) -> Daemon {
        Daemon {
            hostname: hostname.to_string(),
            id,
            images: BTreeMap::new(),
            tags: BTreeMap::new(),
            layers: BTreeMap::new(),
            containers: Vec::new(),
            volumes: BTreeMap::new(),
            networks: Vec::new(),
            next_pid: 1000,
            last_port: 32767,
            started,
            build_cache: BTreeMap::new(),
        }
    }

    /// Container lookup as the daemon does it: exact id, exact name, then a unique id prefix.
    pub fn container_index(&self, key: &str) -> Option<usize> {
        let key = key.strip_prefix('/').unwrap_or(key);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self.containers.iter().position(|c| c.id == key) {
            return Some(i);
        }
        if let Some(i) = self.containers.iter().position(|c| c.name == key) {
            return Some(i);
        }
        let matches: Vec<usize> = self
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id.starts_with(key))
            .map(|(i, _)| i)
            .collect();
        if matches.len() == 1 { Some(matches[0]) } else { None }
    }

    pub fn container(&self, key: &str) -> Option<&Container> {
        self.container_index(key).map(|i| &self.containers[i])
    }

    pub fn container_mut(&mut self, key: &str) -> Option<&mut Container> {
        self.container_index(key).map(move |i| &mut self.containers[i])
    }

    pub fn container_by_id(&self, id: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.id == id)
    }

    pub fn container_by_id_mut(&mut self, id: &str) -> Option<&mut Container> {
        self.containers.iter_mut().find(|c| c.id == id)
    }

    pub fn name_in_use(&self, name: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.name == name)
    }

    /// Image lookup: a reference (tag or digest) or an id / unique id prefix.
    pub fn image_id_for(&self, key: &str) -> Option<String> {
        if let Ok(r) = Reference::parse(key) {
            let r = r.with_default_tag();
            if let Some(id) = self.tags.get(&r.full()) {
                return Some(id.clone());
            }
            if let Some(d) = &r.digest {
                let repo = r.repository();
                for img in self.images.values() {
                    if img.repo_digests.iter().any(|rd| {
                        rd.split_once('@').is_some_and(|(n, dg)| {
                            dg == d && Reference::parse(n).map(|x| x.repository()) == Ok(repo.clone())
                        })
                    }) {
                        return Some(img.id.clone());
                    }
                }
            }
        }
        let hex = key.strip_prefix("sha256:").unwrap_or(key);
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let matches: Vec<&String> = self
            .images
            .keys()
            .filter(|id| id.strip_prefix("sha256:").is_some_and(|h| h.starts_with(hex)))
            .collect();
        if matches.len() == 1 {
            Some(matches[0].clone())
        } else {
            None
        }
    }

    /// Every full reference that points at `id`, sorted.
    pub fn tags_of(&self, id: &str) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(_, v)| *v == id)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Image ids whose parent is `id` (built locally on top of it).
    pub fn children_of(&self, id: &str) -> Vec<String> {
        self.images
            .values()
            .filter(|i| i.parent.as_deref() == Some(id))
            .map(|i| i.id.clone())
            .collect()
    }

    pub fn is_dangling(&self, id: &str) -> bool {
        self.tags_of(id).is_empty()
    }

    /// Containers (any state) created from image `id`.
    pub fn containers_using(&self, id: &str) -> Vec<&Container> {
        self.containers.iter().filter(|c| c.image_id == id).collect()
    }

    /// Host ports in use on the daemon (by running containers).
    pub fn port_taken(&self, host_ip: &str, port: u16, proto: &str) -> Option<&Container> {
        self.containers.iter().find(|c| {
            c.ports.iter().any(|b| {
                b.host_port == port
                    && b.proto == proto
                    && (b.host_ip == host_ip
                        || b.host_ip == "0.0.0.0"
                        || host_ip == "0.0.0.0"
                        || b.host_ip == "::"
                        || host_ip == "::")
            })
        })
    }

    /// The next free ephemeral port, sequential from 32768 like libnetwork's allocator.
    pub fn allocate_port(&mut self, proto: &str) -> u16 {
        let mut p = self.last_port;
        for _ in 0..30000 {
            p = if p >= 60999 { 32768 } else { p + 1 };
            if self.port_taken("0.0.0.0", p, proto).is_none() {
                self.last_port = p;
                return p;
            }
        }
        p
    }

    pub fn network(&self, key: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.name == key || n.id == key).or_else(|| {
            let m: Vec<&Network> = self.networks.iter().filter(|n| n.id.starts_with(key)).collect();
            if m.len() == 1 { Some(m[0]) } else { None }
        })
    }

    pub fn next_pid(&mut self) -> u32 {
        self.next_pid += 1 + (self.next_pid % 7);
        self.next_pid
    }

    pub fn image_size(&self, img: &Image) -> u64 {
        img.layers
            .iter()
            .filter_map(|d| self.layers.get(d))
            .map(|l| l.size)
            .sum()
    }

    /// Total size of the distinct layers of all images.
    pub fn images_disk_size(&self) -> u64 {
        let mut seen = std::collections::BTreeSet::new();
        let mut total = 0;
        for img in self.images.values() {
            for d in &img.layers {
                if seen.insert(d.clone())
                    && let Some(l) = self.layers.get(d)
                {
                    total += l.size;
                }
            }
        }
        total
    }

    /// Drops layers no image refers to any more.
    pub fn gc_layers(&mut self) -> Vec<String> {
        let used: std::collections::BTreeSet<&String> = self.images.values().flat_map(|i| i.layers.iter()).collect();
        let unused: Vec<String> = self.layers.keys().filter(|d| !used.contains(d)).cloned().collect();
        for d in &unused {
            self.layers.remove(d);
        }
        unused
    }
}
