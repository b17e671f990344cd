//! Volumes and mounts: `-v`/`--mount` parsing with Docker's errors, creating named
//! and anonymous volumes, pre-filling an empty volume from the image, and pruning.

use crate::docker::Ctx;
use crate::docker::containers::MountSpec;
use crate::fs::{Tree, Vfs};
use crate::model::{Image, Mount, MountKind, Volume};

/// `-v [SRC:]DST[:OPTS]`: a path SRC is a bind mount, a name is a volume.
pub fn parse_volume_flag(v: &str, cwd: &str) -> Result<MountSpec, String> {
    let parts: Vec<&str> = v.split(':').collect();
    let (src, dst, opts) = match parts.len() {
        1 => ("", parts[0], ""),
        2 => (parts[0], parts[1], ""),
        3 => (parts[0], parts[1], parts[2]),
        _ => return Err(format!("invalid spec: {v}: too many colons")),
    };
    if dst.is_empty() || !dst.starts_with('/') {
        return Err(format!(
            "invalid volume specification: '{v}': invalid mount config for type \"volume\": invalid mount path: '{dst}' mount path must be absolute"
        ));
    }
    let readonly = opts.split(',').any(|o| o == "ro");
    if src.is_empty() {
        return Ok(MountSpec {
            kind: MountKind::Volume,
            source: String::new(),
            target: crate::fs::normalize("/", dst),
            readonly,
        });
    }
    if src.starts_with('/') || src.starts_with('.') || src.starts_with('~') {
        let path = if let Some(rest) = src.strip_prefix('~') {
            format!("/home/student{rest}")
        } else {
            crate::fs::normalize(cwd, src)
        };
        return Ok(MountSpec {
            kind: MountKind::Bind,
            source: path,
            target: crate::fs::normalize("/", dst),
            readonly,
        });
    }
    if !crate::names::valid_container_name(src) && src.len() > 1 {
        return Err(format!(
            "create {src}: \"{src}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
        ));
    }
    Ok(MountSpec {
        kind: MountKind::Volume,
        source: src.to_string(),
        target: crate::fs::normalize("/", dst),
        readonly,
    })
}

/// `--mount type=...,source=...,target=...,readonly` (CSV, as the CLI parses it).
pub fn parse_mount_flag(m: &str, cwd: &str) -> Result<MountSpec, String> {
    let mut kind = MountKind::Volume;
    let mut source = String::new();
    let mut target = String::new();
    let mut readonly = false;
    for field in m.split(',') {
        let (k, v) = match field.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (field, None),
        };
        match k.to_ascii_lowercase().as_str() {
            "type" => {
                kind = match v.unwrap_or("") {
                    "volume" => MountKind::Volume,
                    "bind" => MountKind::Bind,
                    "tmpfs" => MountKind::Tmpfs,
                    other => {
                        return Err(format!(
                            "invalid argument \"{m}\" for \"--mount\" flag: invalid mount type: {other}"
                        ));
                    }
                }
            }
            "source" | "src" => source = v.unwrap_or("").to_string(),
            "target" | "destination" | "dst" => target = v.unwrap_or("").to_string(),
            "readonly" | "ro" => readonly = !matches!(v, Some("false") | Some("0")),
            "volume-nocopy" | "bind-propagation" | "consistency" | "volume-driver" | "volume-opt" | "tmpfs-size"
            | "tmpfs-mode" | "volume-subpath" => {}
            _ if v.is_none() => {
                return Err(format!(
                    "invalid argument \"{m}\" for \"--mount\" flag: invalid field '{field}' must be a key=value pair"
                ));
            }
            _ => {
                return Err(format!(
                    "invalid argument \"{m}\" for \"--mount\" flag: unexpected key '{k}' in '{field}'"
                ));
            }
        }
    }
    if target.is_empty() {
        return Err(format!(
            "invalid argument \"{m}\" for \"--mount\" flag: target is required"
        ));
    }
    if kind == MountKind::Bind {
        if source.is_empty() {
            return Err(format!(
                "invalid argument \"{m}\" for \"--mount\" flag: source is required when type is bind"
            ));
        }
        source = crate::fs::normalize(cwd, &source);
    }
    Ok(MountSpec {
        kind,
        source,
        target: crate::fs::normalize("/", &target),
        readonly,
    })
}

/// Resolves requested mounts (creating volumes) and adds anonymous volumes for the
/// image's `VOLUME`s that no mount covers.
pub fn prepare_mounts(ctx: &mut Ctx<'_>, specs: &[MountSpec], img: &Image) -> Result<Vec<Mount>, String> {
    let mut out = Vec::new();
    let now = ctx.world.now;
    for s in specs {
        match s.kind {
            MountKind::Bind => {
                if !ctx.world.host.fs.exists(&s.source) {
                    // -v creates a missing host directory; --mount would refuse (simplified: create).
                    ctx.world.host.fs.mkdir(&s.source, true).map_err(|_| {
                        format!(
                            "invalid mount config for type \"bind\": bind source path does not exist: {}",
                            s.source
                        )
                    })?;
                }
                out.push(Mount {
                    kind: MountKind::Bind,
                    source: s.source.clone(),
                    target: s.target.clone(),
                    readonly: s.readonly,
                    anonymous: false,
                });
            }
            MountKind::Volume => {
                let (name, anonymous) = if s.source.is_empty() {
                    (ctx.world.rng.hex_id(), true)
                } else {
                    (s.source.clone(), false)
                };
                ensure_volume(ctx, &name, anonymous, now);
                out.push(Mount {
                    kind: MountKind::Volume,
                    source: name,
                    target: s.target.clone(),
                    readonly: s.readonly,
                    anonymous,
                });
            }
            MountKind::Tmpfs => out.push(Mount {
                kind: MountKind::Tmpfs,
                source: String::new(),
                target: s.target.clone(),
                readonly: false,
                anonymous: false,
            }),
        }
    }
    for v in &img.config.volumes {
        let target = crate::fs::normalize("/", v);
        if out.iter().any(|m| m.target == target) {
            continue;
        }
        let name = ctx.world.rng.hex_id();
        ensure_volume(ctx, &name, true, now);
        out.push(Mount {
            kind: MountKind::Volume,
            source: name,
            target,
            readonly: false,
            anonymous: true,
        });
    }
    Ok(out)
}

pub fn ensure_volume(ctx: &mut Ctx<'_>, name: &str, anonymous: bool, now: i64) {
    let d = ctx.daemon();
    d.volumes.entry(name.to_string()).or_insert_with(|| {
        let mut labels = std::collections::BTreeMap::new();
        if anonymous {
            labels.insert("com.docker.volume.anonymous".into(), String::new());
        }
        Volume {
            name: name.to_string(),
            driver: "local".into(),
            created: now,
            labels,
            anonymous,
            data: Tree::new(),
        }
    });
}

/// Copies the image's files at each volume mount point into empty volumes.
pub fn populate_volumes(w: &mut crate::world::World, ep: &str, cid: &str) {
    let Some(d) = w.daemons.get_mut(ep) else { return };
    let Some(c) = d.containers.iter().find(|c| c.id == cid) else {
        return;
    };
    let Some(img) = d.images.get(&c.image_id) else { return };
    let lower: Vec<std::sync::Arc<Tree>> = img
        .layers
        .iter()
        .filter_map(|l| d.layers.get(l))
        .map(|l| l.tree.clone())
        .collect();
    let mounts: Vec<(String, String)> = c
        .mounts
        .iter()
        .filter(|m| m.kind == MountKind::Volume)
        .map(|m| (m.source.clone(), m.target.clone()))
        .collect();
    for (name, target) in mounts {
        let Some(vol) = d.volumes.get_mut(&name) else { continue };
        if !vol.data.entries.is_empty() {
            continue;
        }
        let mut empty = Tree::new();
        let view = crate::fs::View {
            lower: &lower,
            upper: &mut empty,
            trees: vec![],
            mounts: vec![],
        };
        if view.is_dir(&target) {
            for (rel, node) in view.walk(&target) {
                vol.data.put(&format!("/{rel}"), node);
            }
        }
    }
}

/// Removes unused custom networks; returns their names.
pub fn prune_networks(ctx: &mut Ctx<'_>) -> Vec<String> {
    let d = ctx.daemon();
    let used: Vec<String> = d.containers.iter().flat_map(|c| c.networks.keys().cloned()).collect();
    let victims: Vec<String> = d
        .networks
        .iter()
        .filter(|n| n.user_defined() && !used.contains(&n.name))
        .map(|n| n.name.clone())
        .collect();
    d.networks.retain(|n| !victims.contains(&n.name));
    victims
}

/// Removes unused (anonymous, or all with `all`) volumes; names and reclaimed bytes.
pub fn prune_volumes(ctx: &mut Ctx<'_>, all: bool) -> (Vec<String>, u64) {
    let d = ctx.daemon();
    let used: Vec<String> = d
        .containers
        .iter()
        .flat_map(|c| c.mounts.iter().map(|m| m.source.clone()))
        .collect();
    let victims: Vec<String> = d
        .volumes
        .values()
        .filter(|v| (all || v.anonymous) && !used.contains(&v.name))
        .map(|v| v.name.clone())
        .collect();
    let mut space = 0;
    for v in &victims {
        if let Some(vol) = d.volumes.remove(v) {
            space += vol.data.size();
        }
    }
    (victims, space)
}
