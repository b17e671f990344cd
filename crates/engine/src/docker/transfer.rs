//! Moving images between places: `docker push` to Docker Hub (your namespace, after
//! `docker login`) or to a private `registry:2`, and `docker save` / `docker load`
//! through tar files in the workspace.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::Ctx;
use super::args::Parsed;
use crate::fs::{Node, Tree, Vfs};
use crate::io::Explain;
use crate::model::{Config, History, Image, Layer};
use crate::reference::Reference;
use crate::world::StoredImage;

/// `docker push NAME[:TAG]`.
pub fn push(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let arg = &p.args[0];
    let r = match Reference::parse(arg) {
        Ok(r) => r,
        Err(e) => {
            ctx.io.errln(e.to_string());
            return 1;
        }
    };
    if r.tag.is_none() && !p.has("all-tags") {
        ctx.io.outln("Using default tag: latest");
    }
    let r = r.with_default_tag();
    let Some(id) = ctx.d().tags.get(&r.full()).cloned() else {
        ctx.io.errln(format!(
            "An image does not exist locally with the tag: {}",
            r.familiar_repository()
        ));
        ctx.explain(Explain::new("push-no-such-tag").arg("image", r.familiar()));
        return 1;
    };
    let img = ctx.d().images[&id].clone();
    let layers: Vec<Layer> = img
        .layers
        .iter()
        .filter_map(|l| ctx.d().layers.get(l).cloned())
        .collect();
    ctx.io
        .outln(format!("The push refers to repository [{}]", r.repository()));
    // Where it goes.
    let existing: Vec<String> = if r.is_docker_hub() {
        let user = ctx.world.logins.get("docker.io").cloned();
        let ns = r.path.split('/').next().unwrap_or("").to_string();
        let allowed = user.as_ref().is_some_and(|u| *u == ns);
        if !allowed {
            for l in layers.iter().rev() {
                ctx.io.outln(format!(
                    "{}: Preparing",
                    super::format::short(&crate::inspect::diff_id(&l.digest))
                ));
            }
            ctx.io.errln("denied: requested access to the resource is denied");
            let id = if user.is_none() {
                "push-not-logged-in"
            } else {
                "push-wrong-namespace"
            };
            ctx.explain(
                Explain::new(id)
                    .arg("namespace", ns)
                    .arg("user", user.unwrap_or_default()),
            );
            return 1;
        }
        ctx.world
            .hub_uploads
            .repos
            .values()
            .flat_map(|t| t.values())
            .flat_map(|s| s.image.layers.clone())
            .collect()
    } else {
        if !crate::registry::serving(ctx, &r.domain) {
            for l in layers.iter().rev() {
                ctx.io.outln(format!(
                    "{}: Preparing",
                    super::format::short(&crate::inspect::diff_id(&l.digest))
                ));
            }
            ctx.io.errln(crate::registry::unreachable_error(&r.domain));
            ctx.explain(Explain::new("registry-unreachable").arg("registry", r.domain.clone()));
            return 1;
        }
        let key = crate::registry::serving_key(ctx, &r.domain).unwrap_or_default();
        ctx.world
            .private_registries
            .get(&key)
            .map(|reg| {
                reg.repos
                    .values()
                    .flat_map(|t| t.values())
                    .flat_map(|s| s.image.layers.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let hub_layers: Vec<String> = dockyard_catalogue::hub()
        .layers()
        .map(|l| l.digest().to_string())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for l in layers.iter().rev() {
        if !seen.insert(l.digest.clone()) {
            continue;
        }
        let short = super::format::short(&crate::inspect::diff_id(&l.digest)).to_string();
        if existing.contains(&l.digest) {
            ctx.io.outln(format!("{short}: Layer already exists"));
        } else if r.is_docker_hub() && hub_layers.contains(&l.digest) {
            let from = img
                .repo_digests
                .first()
                .and_then(|d| d.split('@').next())
                .map(|n| Reference::parse(n).map(|x| x.path).unwrap_or_default())
                .unwrap_or_else(|| "library/alpine".into());
            ctx.io.outln(format!("{short}: Mounted from {from}"));
        } else {
            ctx.io.outln(format!("{short}: Pushed"));
        }
    }
    let digest = format!(
        "sha256:{}",
        crate::digest::sha256_hex(format!("manifest:{}:{}", img.id, r.repository()).as_bytes())
    );
    let size = 500 + 200 * layers.len();
    ctx.io
        .outln(format!("{}: digest: {digest} size: {size}", r.tag_or_latest()));
    let stored = StoredImage {
        image: img.clone(),
        layers,
        digest: digest.clone(),
    };
    if r.is_docker_hub() {
        ctx.world
            .hub_uploads
            .repos
            .entry(r.path.clone())
            .or_default()
            .insert(r.tag_or_latest().to_string(), stored);
    } else {
        let key = crate::registry::serving_key(ctx, &r.domain).unwrap_or_default();
        ctx.world
            .private_registries
            .entry(key)
            .or_default()
            .repos
            .entry(r.path.clone())
            .or_default()
            .insert(r.tag_or_latest().to_string(), stored);
    }
    let repo_digest = format!("{}@{digest}", r.familiar_repository());
    if let Some(i) = ctx.daemon().images.get_mut(&id)
        && !i.repo_digests.contains(&repo_digest)
    {
        i.repo_digests.push(repo_digest);
    }
    0
}

fn image_json(img: &Image, tags: &[String]) -> Value {
    json!({
        "id": img.id,
        "repo_tags": tags,
        "layers": img.layers,
        "config": img.config,
        "history": img.history,
        "created": img.created,
        "repo_digests": img.repo_digests,
        "architecture": img.architecture,
        "os": img.os,
        "facts": img.facts,
    })
}

/// `docker save IMAGE... [-o FILE]` (stdout when redirected).
pub fn save(ctx: &mut Ctx<'_>, p: &Parsed, stdout_is_terminal: bool) -> i32 {
    let output = p.value("output").map(str::to_string);
    if output.is_none() && stdout_is_terminal {
        ctx.io
            .errln("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        ctx.explain(Explain::new("save-to-terminal"));
        return 1;
    }
    let mut entries: Vec<(String, Node)> = Vec::new();
    let mut manifest = Vec::new();
    for arg in &p.args {
        let Some(id) = ctx.d().image_id_for(arg) else {
            let shown = Reference::parse(arg)
                .map(|r| r.with_default_tag().familiar())
                .unwrap_or(arg.clone());
            ctx.daemon_error(format!("No such image: {shown}"));
            return 1;
        };
        let d = ctx.d();
        let img = &d.images[&id];
        let tags: Vec<String> = match Reference::parse(arg) {
            Ok(r) if d.tags.contains_key(&r.clone().with_default_tag().full()) => vec![r.with_default_tag().familiar()],
            _ => d
                .tags_of(&id)
                .iter()
                .filter_map(|t| Reference::parse(t).ok())
                .map(|r| r.familiar())
                .collect(),
        };
        let hex = id.trim_start_matches("sha256:").to_string();
        entries.push((
            format!("blobs/sha256/{hex}"),
            Node::file(serde_json::to_string(&image_json(img, &tags)).unwrap_or_default()),
        ));
        for l in &img.layers {
            if let Some(layer) = d.layers.get(l) {
                let lhex = l.trim_start_matches("sha256:");
                let mut files: Vec<(String, Node)> = Vec::new();
                let mut sizes = serde_json::Map::new();
                for (path, node) in &layer.tree.entries {
                    let rel = path.trim_start_matches('/').to_string();
                    if let Node::File { data, size, .. } = node
                        && data.is_empty()
                        && *size > 0
                    {
                        sizes.insert(rel.clone(), json!(size));
                    }
                    if matches!(node, Node::Whiteout) {
                        let (dir, base) = rel.rsplit_once('/').unwrap_or(("", &rel));
                        files.push((
                            if dir.is_empty() {
                                format!(".wh.{base}")
                            } else {
                                format!("{dir}/.wh.{base}")
                            },
                            Node::file(""),
                        ));
                    } else {
                        files.push((rel, node.clone()));
                    }
                }
                let inner = crate::tar::write(&files);
                entries.push((
                    format!("blobs/sha256/{lhex}"),
                    Node::File {
                        size: inner.len() as u64,
                        data: Arc::new(inner),
                        mode: 0o644,
                        program: None,
                    },
                ));
                let meta = json!({"size": layer.size, "files": sizes});
                entries.push((
                    format!("blobs/sha256/{lhex}.sizes"),
                    Node::file(serde_json::to_string(&meta).unwrap_or_default()),
                ));
            }
        }
        manifest.push(json!({"Config": format!("blobs/sha256/{hex}"), "RepoTags": tags, "Layers": img.layers.iter().map(|l| format!("blobs/sha256/{}", l.trim_start_matches("sha256:"))).collect::<Vec<_>>()}));
    }
    entries.insert(
        0,
        (
            "manifest.json".into(),
            Node::file(serde_json::to_string(&manifest).unwrap_or_default()),
        ),
    );
    entries.insert(
        0,
        ("oci-layout".into(), Node::file("{\"imageLayoutVersion\":\"1.0.0\"}")),
    );
    let bytes = crate::tar::write(&entries);
    match output {
        Some(path) => {
            let abs = crate::fs::normalize(&ctx.world.host.cwd, &path);
            if let Err(e) = ctx.world.host.fs.write(&abs, &bytes, false) {
                ctx.io.errln(format!(
                    "failed to save image: open {path}: {}",
                    e.text().to_lowercase()
                ));
                return 1;
            }
        }
        None => ctx.io.out(String::from_utf8_lossy(&bytes)),
    }
    0
}

/// `docker load [-i FILE]` (stdin when redirected).
pub fn load(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let bytes: Vec<u8> = match p.value("input") {
        Some(path) => {
            let abs = crate::fs::normalize(&ctx.world.host.cwd, path);
            match ctx.world.host.fs.read(&abs) {
                Ok(b) => b,
                Err(_) => {
                    ctx.io.errln(format!("open {abs}: no such file or directory"));
                    return 1;
                }
            }
        }
        None => match ctx.stdin {
            Some(s) => s.as_bytes().to_vec(),
            None => {
                ctx.io.errln("requested load from stdin, but stdin is empty");
                ctx.explain(Explain::new("load-needs-input"));
                return 1;
            }
        },
    };
    let Some(entries) = crate::tar::read(&bytes) else {
        ctx.daemon_error("unexpected EOF");
        return 1;
    };
    let files: BTreeMap<String, Node> = entries.into_iter().collect();
    let Some(Node::File { data, .. }) = files.get("manifest.json") else {
        ctx.daemon_error("open /var/lib/docker/tmp/docker-import-1/repositories: no such file or directory");
        return 1;
    };
    let manifest: Vec<Value> = serde_json::from_slice(data).unwrap_or_default();
    for m in manifest {
        let cfg_path = m["Config"].as_str().unwrap_or("");
        let Some(Node::File { data, .. }) = files.get(cfg_path) else {
            continue;
        };
        let v: Value = serde_json::from_slice(data).unwrap_or(Value::Null);
        let id = v["id"].as_str().unwrap_or("").to_string();
        let layer_ids: Vec<String> = v["layers"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        for l in &layer_ids {
            let lhex = l.trim_start_matches("sha256:");
            let Some(Node::File { data, .. }) = files.get(&format!("blobs/sha256/{lhex}")) else {
                continue;
            };
            let meta: Value = files
                .get(&format!("blobs/sha256/{lhex}.sizes"))
                .and_then(|n| match n {
                    Node::File { data, .. } => serde_json::from_slice(data).ok(),
                    _ => None,
                })
                .unwrap_or(Value::Null);
            let sizes: BTreeMap<String, u64> = serde_json::from_value(meta["files"].clone()).unwrap_or_default();
            let declared = meta["size"].as_u64();
            let mut tree = Tree::new();
            for (rel, node) in crate::tar::read(data).unwrap_or_default() {
                let base = rel.rsplit('/').next().unwrap_or(&rel);
                if let Some(orig) = base.strip_prefix(".wh.") {
                    let dir = rel.rsplit_once('/').map(|x| x.0).unwrap_or("");
                    tree.put(&format!("/{dir}/{orig}"), Node::Whiteout);
                    continue;
                }
                let node = match (node, sizes.get(&rel)) {
                    (Node::File { mode, program, .. }, Some(sz)) => Node::File {
                        data: Arc::new(Vec::new()),
                        size: *sz,
                        mode,
                        program,
                    },
                    (n, _) => n,
                };
                tree.put(&format!("/{rel}"), node);
            }
            let size = declared.unwrap_or_else(|| tree.size());
            ctx.daemon().layers.entry(l.clone()).or_insert(Layer {
                digest: l.clone(),
                size,
                tree: Arc::new(tree),
            });
        }
        let config: Config = config_from(&v["config"]);
        let history: Vec<History> = v["history"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|h| History {
                        created: h["created"].as_i64().unwrap_or(0),
                        created_by: h["created_by"].as_str().unwrap_or("").to_string(),
                        empty_layer: h["empty_layer"].as_bool().unwrap_or(false),
                        comment: h["comment"].as_str().unwrap_or("").to_string(),
                        size: h["size"].as_u64().unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let facts: BTreeMap<String, String> = serde_json::from_value(v["facts"].clone()).unwrap_or_default();
        let repo_digests: Vec<String> = serde_json::from_value(v["repo_digests"].clone()).unwrap_or_default();
        let d = ctx.daemon();
        let size = layer_ids.iter().filter_map(|l| d.layers.get(l)).map(|l| l.size).sum();
        d.images.entry(id.clone()).or_insert(Image {
            id: id.clone(),
            parent: None,
            layers: layer_ids,
            config,
            history,
            created: v["created"].as_i64().unwrap_or(0),
            repo_digests,
            architecture: v["architecture"].as_str().unwrap_or("amd64").to_string(),
            os: v["os"].as_str().unwrap_or("linux").to_string(),
            comment: String::new(),
            author: String::new(),
            facts,
            size,
            last_tag_time: None,
        });
        let tags: Vec<String> = v["repo_tags"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if tags.is_empty() {
            ctx.io.outln(format!("Loaded image ID: {id}"));
        }
        for t in tags {
            let Ok(r) = Reference::parse(&t) else { continue };
            let full = r.with_default_tag().full();
            if let Some(old) = ctx.d().tags.get(&full).cloned()
                && old != id
            {
                ctx.io.outln(format!(
                    "The image {t} already exists, renaming the old one with ID {old} to empty string"
                ));
            }
            ctx.daemon().tags.insert(full, id.clone());
            ctx.io.outln(format!("Loaded image: {t}"));
        }
    }
    0
}

fn config_from(v: &Value) -> Config {
    let strs = |k: &str| -> Option<Vec<String>> {
        v[k].as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
    };
    Config {
        cmd: strs("cmd"),
        entrypoint: strs("entrypoint"),
        env: strs("env").unwrap_or_default(),
        working_dir: v["working_dir"].as_str().unwrap_or("").to_string(),
        exposed_ports: strs("exposed_ports").unwrap_or_default(),
        volumes: strs("volumes").unwrap_or_default(),
        user: v["user"].as_str().unwrap_or("").to_string(),
        labels: serde_json::from_value(v["labels"].clone()).unwrap_or_default(),
        stop_signal: v["stop_signal"].as_str().map(str::to_string),
        healthcheck: serde_json::from_value::<Option<crate::model::HealthcheckDe>>(v["healthcheck"].clone())
            .ok()
            .flatten()
            .map(Into::into),
        shell: strs("shell"),
        onbuild: strs("onbuild").unwrap_or_default(),
    }
}
