//! Image-producing operations outside builds: `docker commit`.

use crate::docker::Ctx;
use crate::docker::args::Parsed;
use crate::model::{History, Image, Layer};
use crate::reference::Reference;

/// `docker commit`: the container's writable layer becomes a new image layer.
pub fn commit(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = &p.args[0];
    let Some(c) = ctx.d().container(name).cloned() else {
        ctx.daemon_error(format!("No such container: {name}"));
        return 1;
    };
    let target = match p.args.get(1) {
        Some(t) => match Reference::parse(t) {
            Ok(r) => Some(r.with_default_tag()),
            Err(e) => {
                ctx.io.errln(e.to_string());
                return 1;
            }
        },
        None => None,
    };
    let Some(base) = ctx.d().images.get(&c.image_id).cloned() else {
        return 1;
    };
    let now = ctx.world.now;
    let size = c.rw.size();
    let mut hasher_input = format!("{}{}{}", base.id, c.id, now);
    for k in c.rw.entries.keys() {
        hasher_input.push_str(k);
    }
    let digest = crate::digest::sha256_hex(hasher_input.as_bytes());
    let layer = Layer {
        digest: format!("sha256:{digest}"),
        size,
        tree: std::sync::Arc::new(c.rw.clone()),
    };
    let mut config = base.config.clone();
    config.cmd = Some(
        std::iter::once(c.path.clone())
            .chain(c.args.iter().cloned())
            .collect::<Vec<_>>(),
    )
    .filter(|_| base.config.entrypoint.is_none())
    .or(base.config.cmd.clone());
    config.env = c
        .config
        .env
        .iter()
        .filter(|e| !e.starts_with("HOSTNAME="))
        .cloned()
        .collect();
    let mut history = base.history.clone();
    history.push(History {
        created: now,
        created_by: std::iter::once(c.path.clone())
            .chain(c.args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        empty_layer: false,
        comment: p.value("message").unwrap_or("").to_string(),
        size,
    });
    let id = format!(
        "sha256:{}",
        crate::digest::sha256_hex(format!("{digest}config").as_bytes())
    );
    let mut layers = base.layers.clone();
    layers.push(layer.digest.clone());
    let img = Image {
        id: id.clone(),
        parent: Some(base.id.clone()),
        layers,
        config,
        history,
        created: now,
        repo_digests: vec![],
        architecture: base.architecture.clone(),
        os: base.os.clone(),
        comment: p.value("message").unwrap_or("").to_string(),
        author: p.value("author").unwrap_or("").to_string(),
        facts: base.facts.clone(),
        size: base.size + size,
        last_tag_time: target.as_ref().map(|_| now),
    };
    let d = ctx.daemon();
    d.layers.insert(layer.digest.clone(), layer);
    d.images.insert(id.clone(), img);
    if let Some(r) = target {
        d.tags.insert(r.full(), id.clone());
    }
    ctx.io.outln(&id);
    0
}
