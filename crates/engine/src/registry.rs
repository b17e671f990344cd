//! Private registries: a `registry:2` container with a published port is a registry
//! at `localhost:<port>`. Its repositories live where the real registry keeps them: in
//! the volume at `/var/lib/registry` (the image's anonymous volume unless you name one),
//! so removing the container without a named volume loses them, as it does for real.

use crate::docker::Ctx;
use crate::docker::pull::Remote;
use crate::reference::Reference;

/// Where a registry container keeps its data: the volume at `/var/lib/registry`, or
/// the container itself.
pub fn store_key(c: &crate::model::Container) -> String {
    match c.mounts.iter().find(|m| m.target == "/var/lib/registry") {
        Some(m) => format!("volume:{}", m.source),
        None => format!("container:{}", c.id),
    }
}

/// The store of the registry container serving `domain` (`localhost:5000`), if any.
pub fn serving_key(ctx: &Ctx<'_>, domain: &str) -> Option<String> {
    let port: u16 = domain.rsplit_once(':').and_then(|(_, p)| p.parse().ok()).unwrap_or(443);
    let host = domain.split(':').next().unwrap_or("");
    if !matches!(host, "localhost" | "127.0.0.1") {
        return None;
    }
    ctx.d()
        .containers
        .iter()
        .find(|c| {
            c.state.status == crate::model::Status::Running
                && matches!(&c.process, Some(crate::programs::Process::Server(s)) if matches!(s.kind, crate::programs::ServerKind::Registry))
                && c.ports.iter().any(|b| b.host_port == port)
        })
        .map(store_key)
}

/// Is a registry container serving `domain` on the local daemon?
pub fn serving(ctx: &Ctx<'_>, domain: &str) -> bool {
    serving_key(ctx, domain).is_some()
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
    let key = serving_key(ctx, &r.domain).unwrap_or_default();
    match ctx
        .world
        .private_registries
        .get(&key)
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
