//! `docker pull` and the implicit pull of `docker run`: finding the image in the
//! built-in Hub catalogue, session uploads or a private registry, and printing the
//! pull stream (`Pull complete`, `Already exists`, `Digest:`, `Status:`).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::Ctx;
use super::args::Parsed;
use crate::fs::{Node, Tree};
use crate::io::Explain;
use crate::model::{Config, Healthcheck, History, Image, Layer};
use crate::reference::Reference;
use crate::time::SECOND;

/// An image as a registry serves it.
pub struct Remote {
    pub image: Image,
    pub layers: Vec<Layer>,
    pub digest: String,
}

fn tree_of(layer: &dockyard_catalogue::Layer) -> Tree {
    let mut t = Tree::new();
    for f in &layer.files {
        let node = match f.kind {
            dockyard_catalogue::FileKind::Dir => Node::Dir {
                mode: f.mode,
                opaque: false,
            },
            dockyard_catalogue::FileKind::Symlink => Node::Symlink {
                target: f.link.clone().unwrap_or_default(),
            },
            dockyard_catalogue::FileKind::File => {
                let data: Vec<u8> = f.content.clone().map(String::into_bytes).unwrap_or_default();
                Node::File {
                    size: if data.is_empty() { f.size } else { data.len() as u64 },
                    data: Arc::new(data),
                    mode: f.mode,
                    program: f.program.clone(),
                }
            }
        };
        t.put(&f.path, node);
    }
    t
}

/// Converts a catalogue image into the daemon's model.
pub fn from_catalogue(ci: &dockyard_catalogue::CatalogueImage) -> Remote {
    let mut layers: Vec<Layer> = Vec::new();
    let mut history = Vec::new();
    for h in &ci.history {
        let size = h.layer.as_ref().map(|l| l.size).unwrap_or(0);
        history.push(History {
            created: h.created_unix() * SECOND,
            created_by: h.created_by.clone(),
            empty_layer: h.empty_layer(),
            comment: h.comment.clone(),
            size,
        });
    }
    for l in ci.layers() {
        layers.push(Layer {
            digest: l.digest().to_string(),
            size: l.size,
            tree: Arc::new(tree_of(l)),
        });
    }
    let c = &ci.config;
    let config = Config {
        cmd: c.cmd.clone(),
        entrypoint: c.entrypoint.clone(),
        env: c.env.clone(),
        working_dir: c.working_dir.clone(),
        exposed_ports: c.exposed_ports.clone(),
        volumes: c.volumes.clone(),
        user: c.user.clone(),
        labels: c.labels.clone(),
        stop_signal: c.stop_signal.clone(),
        healthcheck: c.healthcheck.as_ref().map(|h| Healthcheck {
            test: h.test.clone(),
            interval_s: h.interval_s,
            timeout_s: h.timeout_s,
            start_period_s: 0,
            retries: h.retries,
        }),
        shell: None,
        onbuild: Vec::new(),
    };
    let mut facts = ci.facts.clone();
    facts.insert("family".into(), format!("{:?}", ci.family).to_lowercase());
    let size = layers.iter().map(|l| l.size).sum();
    let image = Image {
        id: ci.id(),
        parent: None,
        layers: layers.iter().map(|l| l.digest.clone()).collect(),
        config,
        history,
        created: ci.created_unix() * SECOND,
        repo_digests: Vec::new(),
        architecture: ci.architecture.clone(),
        os: ci.os.clone(),
        comment: String::new(),
        author: String::new(),
        facts,
        size,
        last_tag_time: None,
    };
    Remote {
        image,
        layers,
        digest: ci
            .repo_digest()
            .split_once('@')
            .map(|x| x.1.to_string())
            .unwrap_or_else(|| ci.repo_digest()),
    }
}

/// Looks an image up where the reference points. Err = the daemon's error text.
pub fn lookup(ctx: &Ctx<'_>, r: &Reference) -> Result<Remote, String> {
    let tag = r.tag_or_latest().to_string();
    if r.is_docker_hub() {
        if let Some(repo) = ctx.world.hub_uploads.repos.get(&r.path)
            && let Some(s) = repo.get(&tag)
        {
            return Ok(Remote {
                image: s.image.clone(),
                layers: s.layers.clone(),
                digest: s.digest.clone(),
            });
        }
        let hub = dockyard_catalogue::hub();
        let found = match &r.digest {
            Some(d) => hub.by_digest(d),
            None => hub.resolve(&r.path, &tag),
        };
        if let Some(ci) = found {
            return Ok(from_catalogue(ci));
        }
        let repo_known = !hub.tags(&r.path).is_empty() || ctx.world.hub_uploads.repos.contains_key(&r.path);
        if repo_known {
            return Err(format!(
                "manifest for {} not found: manifest unknown: manifest unknown",
                r.familiar()
            ));
        }
        return Err(format!(
            "pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            r.familiar_repository()
        ));
    }
    crate::registry::lookup_private(ctx, r)
}

/// Pulls `r` into the daemon; prints the stream to stderr (`in_run`) or stdout.
/// Returns the image id.
pub fn pull(ctx: &mut Ctx<'_>, r: &Reference, in_run: bool, quiet: bool) -> Result<String, String> {
    let remote = lookup(ctx, r)?;
    let mut lines = String::new();
    let tag_or_digest = r.tag.clone().unwrap_or_else(|| r.digest.clone().unwrap_or_default());
    let have_same = ctx.d().tags.get(&r.full()).is_some_and(|id| *id == remote.image.id);
    if have_same {
        lines.push_str(&format!("{tag_or_digest}: Pulling from {}\n", r.path));
        lines.push_str(&format!("Digest: {}\n", remote.digest));
        lines.push_str(&format!("Status: Image is up to date for {}\n", r.familiar()));
    } else {
        lines.push_str(&format!("{tag_or_digest}: Pulling from {}\n", r.path));
        let mut seen = BTreeSet::new();
        for l in &remote.layers {
            if !seen.insert(l.digest.clone()) {
                continue;
            }
            let short = super::format::short(&l.digest).to_string();
            if ctx.d().layers.contains_key(&l.digest) {
                lines.push_str(&format!("{short}: Already exists\n"));
            } else {
                lines.push_str(&format!("{short}: Pull complete\n"));
            }
        }
        lines.push_str(&format!("Digest: {}\n", remote.digest));
        lines.push_str(&format!("Status: Downloaded newer image for {}\n", r.familiar()));
    }
    if !quiet {
        if in_run {
            ctx.io.err(&lines);
        } else {
            ctx.io.out(&lines);
        }
    }
    install(ctx, r, remote);
    Ok(ctx.d().tags.get(&r.full()).cloned().unwrap_or_default())
}

/// Stores a pulled/loaded image and tags it.
pub fn install(ctx: &mut Ctx<'_>, r: &Reference, remote: Remote) {
    let now = ctx.world.now;
    let d = ctx.daemon();
    for l in remote.layers {
        d.layers.entry(l.digest.clone()).or_insert(l);
    }
    let id = remote.image.id.clone();
    let repo_digest = format!("{}@{}", r.familiar_repository(), remote.digest);
    let img = d.images.entry(id.clone()).or_insert(remote.image);
    if !img.repo_digests.contains(&repo_digest) {
        img.repo_digests.push(repo_digest);
    }
    if r.tag.is_some() {
        img.last_tag_time = Some(now);
        d.tags.insert(r.full(), id);
    }
}

/// `docker pull`.
pub fn pull_cmd(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let arg = &p.args[0];
    let r = match Reference::parse(arg) {
        Ok(r) => r,
        Err(e) => {
            ctx.io.errln(e.to_string());
            ctx.explain(Explain::new("invalid-reference").arg("reference", arg.clone()));
            return 1;
        }
    };
    if r.tag.is_none() && r.digest.is_none() && !p.has("all-tags") {
        ctx.io.outln("Using default tag: latest");
    }
    let r = r.with_default_tag();
    match pull(ctx, &r, false, p.has("quiet")) {
        Ok(_) => {
            ctx.io.outln(r.full());
            0
        }
        Err(msg) => {
            ctx.daemon_error(&msg);
            explain_pull_error(ctx, &r, &msg);
            1
        }
    }
}

pub fn explain_pull_error(ctx: &mut Ctx<'_>, r: &Reference, msg: &str) {
    if msg.contains("pull access denied") {
        ctx.explain(Explain::new("pull-access-denied").arg("image", r.familiar_repository()));
    } else if msg.contains("manifest unknown") {
        ctx.explain(Explain::new("manifest-unknown").arg("image", r.familiar()));
    } else if msg.contains("connection refused") {
        ctx.explain(Explain::new("registry-unreachable").arg("registry", r.domain.clone()));
    }
}
