//! How requests travel: from the host through published ports, between containers by
//! IP or (on user-defined networks) by name, and to a container's own `localhost`.

use dockyard_coreutils::{HttpRequest, HttpResponse, NetError};

use crate::world::{LOCAL_DAEMON, World};

#[derive(Clone, Debug)]
pub enum Origin {
    Host,
    Container { ep: String, cid: String },
}

fn container_by_ip(w: &World, ep: &str, ip: &str) -> Option<String> {
    w.daemons
        .get(ep)?
        .containers
        .iter()
        .find(|c| c.is_running() && c.networks.values().any(|e| e.ip == ip))
        .map(|c| c.id.clone())
}

/// Name → IPv4 address as seen from `origin`.
pub fn resolve_from(w: &World, origin: &Origin, host: &str) -> Result<String, NetError> {
    match origin {
        Origin::Host => {
            if matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0") || host == w.host.hostname {
                return Ok("127.0.0.1".into());
            }
            if host.split('.').count() == 4 && host.split('.').all(|o| o.parse::<u8>().is_ok()) {
                return Ok(host.to_string());
            }
            Err(NetError::CouldNotResolve)
        }
        Origin::Container { ep, cid } => {
            if matches!(host, "localhost" | "127.0.0.1") {
                return Ok("127.0.0.1".into());
            }
            if host.split('.').count() == 4 && host.split('.').all(|o| o.parse::<u8>().is_ok()) {
                return Ok(host.to_string());
            }
            match crate::network::resolve_from_container(w, ep, cid, host) {
                Some(target) => crate::network::ip_seen_from(w, ep, &target, cid).ok_or(NetError::CouldNotResolve),
                None => Err(NetError::CouldNotResolve),
            }
        }
    }
}

/// Sends an HTTP request from `origin`.
pub fn http(w: &mut World, origin: &Origin, req: &HttpRequest) -> Result<HttpResponse, NetError> {
    match origin {
        Origin::Host => {
            let ip = resolve_from(w, origin, &req.host)?;
            let ep = LOCAL_DAEMON.to_string();
            if ip == "127.0.0.1" {
                let d = w.daemons.get(&ep).ok_or(NetError::ConnectionRefused)?;
                let hit = d.containers.iter().find_map(|c| {
                    if !c.is_running() {
                        return None;
                    }
                    if c.network_mode == "host" {
                        return Some((c.id.clone(), req.port));
                    }
                    c.ports
                        .iter()
                        .find(|b| {
                            b.host_port == req.port
                                && b.proto == "tcp"
                                && (b.host_ip == "0.0.0.0" || b.host_ip == "127.0.0.1")
                        })
                        .map(|b| (c.id.clone(), b.container_port))
                });
                let (cid, port) = hit.ok_or(NetError::ConnectionRefused)?;
                super::serve(w, &ep, &cid, port, req, "172.17.0.1", false)
            } else {
                let cid = container_by_ip(w, &ep, &ip).ok_or(NetError::Timeout)?;
                super::serve(w, &ep, &cid, req.port, req, "172.17.0.1", false)
            }
        }
        Origin::Container { ep, cid } => {
            if matches!(req.host.as_str(), "localhost" | "127.0.0.1") {
                return super::serve(w, ep, cid, req.port, req, "127.0.0.1", true);
            }
            let ip = resolve_from(w, origin, &req.host)?;
            let target = container_by_ip(w, ep, &ip).ok_or(NetError::Timeout)?;
            let client = crate::network::ip_of(w, ep, cid).unwrap_or_default();
            if target == *cid {
                return super::serve(w, ep, cid, req.port, req, &client, true);
            }
            // Only containers sharing a network reach each other.
            let shares = {
                let d = &w.daemons[ep];
                let me = d.container_by_id(cid);
                let them = d.container_by_id(&target);
                match (me, them) {
                    (Some(a), Some(b)) => a.networks.keys().any(|n| b.networks.contains_key(n)),
                    _ => false,
                }
            };
            if !shares {
                return Err(NetError::Timeout);
            }
            super::serve(w, ep, &target, req.port, req, &client, false)
        }
    }
}
