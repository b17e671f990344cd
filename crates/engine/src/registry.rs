//! Private registries: a `registry:2` container with a published port is a registry
//! at `localhost:<port>`; its repositories live in the world, keyed by that address.

use crate::docker::Ctx;
use crate::docker::pull::Remote;
use crate::reference::Reference;

/// Is a registry container serving `domain` (`localhost:5000`) on the local daemon?
pub fn serving(ctx: &Ctx<'_>, domain: &str) -> bool {
    let port: u16 = domain.rsplit_once(':').and_then(|(_, p)| p.parse().ok()).unwrap_or(443);
    let host = domain.split(':').next().unwrap_or("");
    if !matches!(host, "localhost" | "127.0.0.1") {
        return false;
    }
    ctx.d().containers.iter().any(|c| {
        c.state.status == crate::model::Status::Running
            && matches!(&c.process, Some(crate::programs::Process::Server(s)) if matches!(s.kind, crate::programs::ServerKind::Registry))
            && c.ports.iter().any(|b| b.host_port == port)
    })
}

pub fn unreachable_error(domain: &str) -> String {
    let port = domain.rsplit_once(':').map(|(_, p)| p).unwrap_or("443");
    let host = domain.split(':').next().unwrap_or("");
    let ip = if host == "localhost" { "127.0.0.1" } else { host };
    format!("Get \"http://{domain}/v2/\": dial tcp {ip}:{port}: connect: connection refused")
}

pub fn lookup_private(ctx: &Ctx<'_>, r: &Reference) -> Result<Remote, String> {
    if !serving(ctx, &r.domain) {
        if r.domain.starts_with("localhost") || r.domain.starts_with("127.") {
            return Err(unreachable_error(&r.domain));
        }
        return Err(format!(
            "Get \"https://{}/v2/\": dial tcp: lookup {} on 127.0.0.53:53: no such host",
            r.domain,
            r.domain.split(':').next().unwrap_or("")
        ));
    }
    let tag = r.tag_or_latest();
    match ctx
        .world
        .private_registries
        .get(&r.domain)
        .and_then(|reg| reg.repos.get(&r.path))
        .and_then(|t| t.get(tag))
    {
        Some(s) => Ok(Remote {
            image: s.image.clone(),
            layers: s.layers.clone(),
            digest: s.digest.clone(),
        }),
        None => Err(format!(
            "manifest for {} not found: manifest unknown: manifest unknown",
            r.familiar()
        )),
    }
}
