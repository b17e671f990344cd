//! Parsing and validation of the TOML sources into a [`Catalogue`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{FileEntry, FileKind, RawFile, RawFileEntry, RawImage, RawLayer};
use crate::{
    Catalogue, CatalogueImage, FACTS, HistoryEntry, Layer, PROGRAMS, Text, digest, parse_rfc3339, placeholders,
};

/// Why catalogue data was rejected: the source file and a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// Data file name (`python.toml`), or `catalogue` for cross-file checks.
    pub source: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for CatalogueError {}

fn err(source: &str, message: impl Into<String>) -> CatalogueError {
    CatalogueError {
        source: source.to_owned(),
        message: message.into(),
    }
}

pub(crate) fn load(sources: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
    let mut parsed = Vec::with_capacity(sources.len());
    for (name, text) in sources {
        let raw: RawFile = toml::from_str(text).map_err(|e| err(name, e.to_string()))?;
        parsed.push((*name, raw));
    }

    // Layers first (images in any file may use layers from any file).
    let mut layers: BTreeMap<String, Arc<Layer>> = BTreeMap::new();
    for (name, raw) in &mut parsed {
        for rl in std::mem::take(&mut raw.layers) {
            let id = rl.id.clone();
            let layer = build_layer(name, rl)?;
            if layers.insert(id.clone(), Arc::new(layer)).is_some() {
                return Err(err(name, format!("duplicate layer id `{id}`")));
            }
        }
    }
    let mut seen_digests = BTreeMap::new();
    for l in layers.values() {
        if let Some(other) = seen_digests.insert(l.digest.clone(), l.id.clone()) {
            return Err(err(
                "catalogue",
                format!("layers `{other}` and `{}` have the same digest", l.id),
            ));
        }
    }

    let mut images = Vec::new();
    let mut texts = BTreeMap::new();
    for (name, raw) in parsed {
        for ri in raw.images {
            images.push(build_image(name, ri, &layers)?);
        }
        for (key, rt) in raw.texts {
            let used: BTreeSet<&str> = placeholders(&rt.text).into_iter().collect();
            let documented: BTreeSet<&str> = rt.placeholders.keys().map(String::as_str).collect();
            if used != documented {
                return Err(err(
                    name,
                    format!("text `{key}`: placeholders used {used:?} but documented {documented:?}"),
                ));
            }
            if let Some(k) = rt
                .placeholders
                .iter()
                .find(|(_, doc)| doc.trim().is_empty())
                .map(|(k, _)| k)
            {
                return Err(err(name, format!("text `{key}`: placeholder `{k}` has no description")));
            }
            if texts
                .insert(
                    key.clone(),
                    Text {
                        text: rt.text,
                        placeholders: rt.placeholders,
                    },
                )
                .is_some()
            {
                return Err(err(name, format!("duplicate text `{key}`")));
            }
        }
    }

    // Cross-image checks.
    let mut refs = BTreeSet::new();
    let mut ids = BTreeMap::new();
    let mut repo_digests = BTreeSet::new();
    for img in &images {
        for t in &img.tags {
            if !refs.insert((img.repository.clone(), t.clone())) {
                return Err(err("catalogue", format!("duplicate tag {}:{t}", img.repository)));
            }
        }
        if let Some(other) = ids.insert(img.id.clone(), img.familiar_name()) {
            return Err(err(
                "catalogue",
                format!("{} and {other} have the same image id", img.familiar_name()),
            ));
        }
        if !repo_digests.insert(img.repo_digest.clone()) {
            return Err(err(
                "catalogue",
                format!("{}: repo digest used twice", img.familiar_name()),
            ));
        }
    }

    Ok(Catalogue { layers, images, texts })
}

fn check_time(src: &str, what: &str, t: &str) -> Result<(), CatalogueError> {
    if parse_rfc3339(t).is_none() {
        return Err(err(src, format!("{what}: bad RFC 3339 time `{t}`")));
    }
    Ok(())
}

fn check_digest(src: &str, what: &str, d: &Option<String>) -> Result<(), CatalogueError> {
    match d {
        Some(d) if !digest::is_valid(d) => Err(err(src, format!("{what}: bad digest `{d}`"))),
        _ => Ok(()),
    }
}

fn build_layer(src: &str, rl: RawLayer) -> Result<Layer, CatalogueError> {
    let what = format!("layer `{}`", rl.id);
    if rl.id.is_empty()
        || !rl
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    {
        return Err(err(src, format!("{what}: id must be [a-z0-9._-]+")));
    }
    check_time(src, &what, &rl.created)?;
    check_digest(src, &what, &rl.digest)?;
    check_digest(src, &what, &rl.diff_id)?;
    if rl.created_by.trim().is_empty() {
        return Err(err(src, format!("{what}: empty created_by")));
    }
    if !(rl.comment.is_empty() || rl.comment == "buildkit.dockerfile.v0") {
        return Err(err(src, format!("{what}: unexpected comment `{}`", rl.comment)));
    }
    let mut files = Vec::with_capacity(rl.files.len());
    let mut paths = BTreeSet::new();
    for rf in rl.files {
        let f = build_file(src, &what, rf)?;
        if !paths.insert(f.path.clone()) {
            return Err(err(src, format!("{what}: duplicate path {}", f.path)));
        }
        files.push(f);
    }
    let declared: u64 = files.iter().filter(|f| f.kind == FileKind::File).map(|f| f.size).sum();
    if declared > rl.size {
        return Err(err(
            src,
            format!(
                "{what}: files add up to {declared} bytes, more than the layer size {}",
                rl.size
            ),
        ));
    }
    Ok(Layer {
        digest: rl
            .digest
            .unwrap_or_else(|| digest::tagged("dockyard/layer-blob", &rl.id)),
        diff_id: rl
            .diff_id
            .unwrap_or_else(|| digest::tagged("dockyard/layer-diff", &rl.id)),
        id: rl.id,
        size: rl.size,
        compressed_size: rl.compressed_size,
        created: rl.created,
        created_by: rl.created_by,
        comment: rl.comment,
        files,
    })
}

fn is_normal_abs_path(p: &str) -> bool {
    p == "/"
        || (p.starts_with('/')
            && !p.ends_with('/')
            && p[1..].split('/').all(|c| !c.is_empty() && c != "." && c != ".."))
}

fn build_file(src: &str, layer: &str, rf: RawFileEntry) -> Result<FileEntry, CatalogueError> {
    let what = format!("{layer} file {}", rf.path);
    if !is_normal_abs_path(&rf.path) {
        return Err(err(src, format!("{what}: path must be absolute and normalised")));
    }
    let kinds = usize::from(rf.dir) + usize::from(rf.link.is_some());
    if kinds > 1 {
        return Err(err(src, format!("{what}: both dir and link")));
    }
    let kind = if rf.dir {
        FileKind::Dir
    } else if rf.link.is_some() {
        FileKind::Symlink
    } else {
        FileKind::File
    };
    if kind != FileKind::File && (rf.content.is_some() || rf.size.is_some() || rf.program.is_some()) {
        return Err(err(
            src,
            format!("{what}: only regular files have content, size or program"),
        ));
    }
    if let Some(p) = &rf.program
        && !PROGRAMS.contains(&p.as_str())
    {
        return Err(err(src, format!("{what}: unknown program `{p}`")));
    }
    if let Some(t) = &rf.link
        && t.is_empty()
    {
        return Err(err(src, format!("{what}: empty link target")));
    }
    let size = match (&rf.content, rf.size) {
        (Some(c), Some(s)) if s != c.len() as u64 => {
            return Err(err(src, format!("{what}: size {s} but content is {} bytes", c.len())));
        }
        (Some(c), _) => c.len() as u64,
        (None, Some(s)) => s,
        (None, None) => match kind {
            FileKind::Dir => 4096,
            FileKind::Symlink => rf.link.as_ref().map_or(0, |l| l.len() as u64),
            FileKind::File => 0,
        },
    };
    let default_mode = match kind {
        FileKind::Dir => 0o755,
        FileKind::Symlink => 0o777,
        FileKind::File if rf.program.is_some() => 0o755,
        FileKind::File => 0o644,
    };
    let mode = match &rf.mode {
        Some(m) => match u32::from_str_radix(m, 8) {
            Ok(v) if v <= 0o7777 && !m.is_empty() => v,
            _ => return Err(err(src, format!("{what}: bad octal mode `{m}`"))),
        },
        None => default_mode,
    };
    let owner = rf.owner.unwrap_or_else(|| "0:0".to_owned());
    let valid_owner = owner
        .split_once(':')
        .is_some_and(|(u, g)| u.parse::<u32>().is_ok() && g.parse::<u32>().is_ok());
    if !valid_owner {
        return Err(err(src, format!("{what}: owner must be uid:gid, got `{owner}`")));
    }
    Ok(FileEntry {
        path: rf.path,
        kind,
        content: rf.content,
        size,
        mode,
        owner,
        link: rf.link,
        program: rf.program,
    })
}

fn valid_tag(t: &str) -> bool {
    // distribution/reference: [\w][\w.-]{0,127}
    !t.is_empty()
        && t.len() <= 128
        && t.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

fn build_image(
    src: &str,
    mut ri: RawImage,
    layers: &BTreeMap<String, Arc<Layer>>,
) -> Result<CatalogueImage, CatalogueError> {
    let what = format!(
        "image {}:{}",
        ri.repository,
        ri.tags.first().map_or("?", String::as_str)
    );
    if ri.repository.is_empty()
        || !ri.repository.contains('/')
        || !ri
            .repository
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/._-".contains(&b))
    {
        return Err(err(
            src,
            format!("{what}: repository must be a lowercase path like library/python"),
        ));
    }
    if ri.tags.is_empty() {
        return Err(err(src, format!("{what}: no tags")));
    }
    if let Some(t) = ri.tags.iter().find(|t| !valid_tag(t)) {
        return Err(err(src, format!("{what}: invalid tag `{t}`")));
    }
    check_time(src, &what, &ri.created)?;
    check_digest(src, &what, &ri.id)?;
    check_digest(src, &what, &ri.repo_digest)?;
    check_digest(src, &what, &ri.manifest_digest)?;
    if let Some(k) = ri.facts.keys().find(|k| !FACTS.iter().any(|(f, _)| f == k)) {
        return Err(err(src, format!("{what}: unknown fact `{k}`")));
    }
    for p in &ri.config.exposed_ports {
        let ok = p
            .split_once('/')
            .is_some_and(|(n, proto)| n.parse::<u16>().is_ok_and(|n| n > 0) && (proto == "tcp" || proto == "udp"));
        if !ok {
            return Err(err(
                src,
                format!("{what}: exposed port must look like 80/tcp, got `{p}`"),
            ));
        }
    }
    if ri.config.cmd.is_none() && ri.config.entrypoint.is_none() {
        return Err(err(src, format!("{what}: neither Cmd nor Entrypoint")));
    }

    let mut history = Vec::with_capacity(ri.history.len());
    let mut image_layers: Vec<Arc<Layer>> = Vec::new();
    for h in std::mem::take(&mut ri.history) {
        match (&h.layer, h.empty_layer) {
            (Some(id), false) => {
                if h.created.is_some() || h.created_by.is_some() || h.comment.is_some() {
                    return Err(err(
                        src,
                        format!("{what}: history entry for layer `{id}` must not repeat its fields"),
                    ));
                }
                let layer = layers
                    .get(id)
                    .ok_or_else(|| err(src, format!("{what}: unknown layer `{id}`")))?;
                if image_layers.iter().any(|l| l.id == *id) {
                    return Err(err(src, format!("{what}: layer `{id}` used twice")));
                }
                image_layers.push(Arc::clone(layer));
                history.push(HistoryEntry {
                    created: layer.created.clone(),
                    created_by: layer.created_by.clone(),
                    comment: layer.comment.clone(),
                    layer: Some(Arc::clone(layer)),
                });
            }
            (None, true) => {
                let created = h
                    .created
                    .ok_or_else(|| err(src, format!("{what}: empty-layer entry without created")))?;
                let created_by = h
                    .created_by
                    .ok_or_else(|| err(src, format!("{what}: empty-layer entry without created_by")))?;
                check_time(src, &what, &created)?;
                let comment = h.comment.unwrap_or_default();
                if !(comment.is_empty() || comment == "buildkit.dockerfile.v0") {
                    return Err(err(src, format!("{what}: unexpected comment `{comment}`")));
                }
                history.push(HistoryEntry {
                    created,
                    created_by,
                    comment,
                    layer: None,
                });
            }
            _ => {
                return Err(err(
                    src,
                    format!("{what}: history entries need either `layer` or `empty_layer = true`"),
                ));
            }
        }
    }
    if image_layers.is_empty() {
        return Err(err(src, format!("{what}: no layers")));
    }

    let config_json = canonical_config_json(&ri, &history, &image_layers);
    let id = ri.id.unwrap_or_else(|| digest::sha256(config_json.as_bytes()));
    let manifest_digest = ri
        .manifest_digest
        .unwrap_or_else(|| digest::tagged("dockyard/manifest", &id));
    let repo_digest = ri
        .repo_digest
        .unwrap_or_else(|| digest::tagged("dockyard/manifest-list", &id));
    Ok(CatalogueImage {
        repository: ri.repository,
        tags: ri.tags,
        created: ri.created,
        architecture: "amd64".to_owned(),
        os: "linux".to_owned(),
        family: ri.family,
        config: ri.config,
        history,
        facts: ri.facts,
        layers: image_layers,
        id,
        repo_digest,
        manifest_digest,
        config_json,
    })
}

// Field order is alphabetical so the document is canonical without relying on
// serde_json's map ordering feature.
#[derive(Serialize)]
struct ConfigDoc<'a> {
    architecture: &'a str,
    config: ConfigInner<'a>,
    created: &'a str,
    history: Vec<HistDoc<'a>>,
    os: &'a str,
    rootfs: RootFs<'a>,
}

#[derive(Serialize)]
#[allow(non_snake_case)]
struct ConfigInner<'a> {
    Cmd: &'a Option<Vec<String>>,
    Entrypoint: &'a Option<Vec<String>>,
    Env: &'a [String],
    ExposedPorts: BTreeMap<&'a str, BTreeMap<(), ()>>,
    Labels: &'a BTreeMap<String, String>,
    StopSignal: &'a Option<String>,
    User: &'a str,
    Volumes: BTreeMap<&'a str, BTreeMap<(), ()>>,
    WorkingDir: &'a str,
}

#[derive(Serialize)]
struct HistDoc<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    comment: &'a str,
    created: &'a str,
    created_by: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    empty_layer: bool,
}

#[derive(Serialize)]
struct RootFs<'a> {
    diff_ids: Vec<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
}

fn canonical_config_json(ri: &RawImage, history: &[HistoryEntry], layers: &[Arc<Layer>]) -> String {
    let c = &ri.config;
    let doc = ConfigDoc {
        architecture: "amd64",
        config: ConfigInner {
            Cmd: &c.cmd,
            Entrypoint: &c.entrypoint,
            Env: &c.env,
            ExposedPorts: c.exposed_ports.iter().map(|p| (p.as_str(), BTreeMap::new())).collect(),
            Labels: &c.labels,
            StopSignal: &c.stop_signal,
            User: &c.user,
            Volumes: c.volumes.iter().map(|v| (v.as_str(), BTreeMap::new())).collect(),
            WorkingDir: &c.working_dir,
        },
        created: &ri.created,
        history: history
            .iter()
            .map(|h| HistDoc {
                comment: &h.comment,
                created: &h.created,
                created_by: &h.created_by,
                empty_layer: h.layer.is_none(),
            })
            .collect(),
        os: "linux",
        rootfs: RootFs {
            diff_ids: layers.iter().map(|l| l.diff_id.as_str()).collect(),
            kind: "layers",
        },
    };
    // Serialising plain structs, strings and BTreeMaps cannot fail.
    serde_json::to_string(&doc).unwrap_or_default()
}
