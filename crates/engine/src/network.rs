//! Container networking state: endpoints and addresses on the daemon's networks,
//! and name resolution as Docker does it (only user-defined networks resolve names).

use crate::model::Endpoint;
use crate::world::World;

/// Attaches a starting container to its networks (default `bridge`), handing out addresses.
pub fn connect_all(w: &mut World, ep: &str, cid: &str) {
    let Some(d) = w.daemons.get_mut(ep) else { return };
    let Some(idx) = d.containers.iter().position(|c| c.id == cid) else {
        return;
    };
    let mode = d.containers[idx].network_mode.clone();
    if mode == "host" || mode == "none" || mode.starts_with("container:") {
        return;
    }
    let mut wanted: Vec<String> = d.containers[idx].networks.keys().cloned().collect();
    if wanted.is_empty() {
        wanted.push(if mode.is_empty() || mode == "default" {
            "bridge".into()
        } else {
            mode.clone()
        });
    }
    let mut eps = std::collections::BTreeMap::new();
    for name in wanted {
        let Some(ni) = d.networks.iter().position(|n| n.name == name || n.id == name) else {
            continue;
        };
        let existing = d.containers[idx].networks.get(&d.networks[ni].name).cloned();
        let net = &mut d.networks[ni];
        let host = net.next_host;
        net.next_host += 1;
        let base: Vec<&str> = net
            .subnet
            .split('/')
            .next()
            .unwrap_or("172.17.0.0")
            .split('.')
            .collect();
        let ip = if base.len() == 4 {
            format!(
                "{}.{}.{}.{}",
                base[0],
                base[1],
                (host / 256) as u8 as u32 + base[2].parse::<u32>().unwrap_or(0),
                host % 256
            )
        } else {
            String::new()
        };
        let mac = format!(
            "02:42:{}",
            ip.split('.')
                .map(|o| format!("{:02x}", o.parse::<u8>().unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(":")
        );
        let aliases = existing.map(|e| e.aliases).unwrap_or_default();
        eps.insert(
            net.name.clone(),
            Endpoint {
                network_id: net.id.clone(),
                ip,
                mac,
                aliases,
            },
        );
    }
    d.containers[idx].networks = eps;
}

/// Releases addresses when a container stops (the endpoint configuration is kept).
pub fn disconnect_all(w: &mut World, ep: &str, cid: &str) {
    let Some(d) = w.daemons.get_mut(ep) else { return };
    if let Some(c) = d.containers.iter_mut().find(|c| c.id == cid) {
        for e in c.networks.values_mut() {
            e.ip.clear();
            e.mac.clear();
        }
    }
}

/// The address of `cid` as seen from container `from`: its IP on a network they share.
pub fn ip_seen_from(w: &World, ep: &str, cid: &str, from: &str) -> Option<String> {
    let d = w.daemons.get(ep)?;
    let target = d.container_by_id(cid)?;
    let me = d.container_by_id(from)?;
    me.networks
        .keys()
        .filter_map(|n| target.networks.get(n))
        .find(|e| !e.ip.is_empty())
        .map(|e| e.ip.clone())
        .or_else(|| ip_of(w, ep, cid))
}

/// The IP a container has on its first network.
pub fn ip_of(w: &World, ep: &str, cid: &str) -> Option<String> {
    let c = w.daemons.get(ep)?.container_by_id(cid)?;
    c.networks.values().find(|e| !e.ip.is_empty()).map(|e| e.ip.clone())
}

/// Resolves `name` as seen from container `from`: itself (`localhost`), containers on a
/// shared user-defined network by name/alias/short id, `--link` aliases. Returns the id.
pub fn resolve_from_container(w: &World, ep: &str, from: &str, name: &str) -> Option<String> {
    let d = w.daemons.get(ep)?;
    let me = d.container_by_id(from)?;
    if name == "localhost" || name == "127.0.0.1" || name == me.hostname || name == "0.0.0.0" {
        return Some(me.id.clone());
    }
    for (alias_target, alias) in &me.links {
        if alias == name || alias_target == name {
            return d
                .container(alias_target)
                .filter(|c| c.is_running())
                .map(|c| c.id.clone());
        }
    }
    for (net_name, my_ep) in &me.networks {
        let net = d.networks.iter().find(|n| &n.name == net_name)?;
        for other in &d.containers {
            if other.id == me.id || !other.is_running() {
                continue;
            }
            let Some(oe) = other.networks.get(net_name) else {
                continue;
            };
            if oe.ip == name && !my_ep.ip.is_empty() {
                return Some(other.id.clone());
            }
            if net.user_defined()
                && (other.name == name
                    || oe.aliases.iter().any(|a| a == name)
                    || other.id.starts_with(name) && name.len() >= 12)
            {
                return Some(other.id.clone());
            }
        }
    }
    None
}
