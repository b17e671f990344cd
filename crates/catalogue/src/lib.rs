//! Dockyard's built-in "Docker Hub": the catalogue of official images that
//! `docker pull` / `docker run` fetch in the simulator.
//!
//! The catalogue is *data*: TOML files under `crates/catalogue/data/`, embedded
//! with `include_str!` and parsed once, lazily, by [`hub`]. This crate gives
//! typed, validated access to it:
//!
//! * [`Layer`]s: a stable key, sizes, the `docker history` line that created the
//!   layer and the small file tree it adds. Layers are shared between images the
//!   way the real ones are, so a second pull prints `Already exists`.
//! * [`CatalogueImage`]s: repository, tags, config (Cmd, Entrypoint, Env, ...),
//!   history (layer and empty-layer entries, oldest first), "facts" such as the
//!   Python version, and stable identities (image ID, repo digest).
//! * program texts ([`Catalogue::text`]) with `{placeholders}` the engine fills
//!   (see `data/texts.toml` for the documentation of every placeholder).
//!
//! Everything is pure: no I/O, no clock, and it builds for
//! `wasm32-unknown-unknown`.
//!
//! ## Identities
//! Where the real value is known (from the public image metadata the data was
//! taken from) a layer's blob digest, an image ID or a repo digest is written in
//! the data and used verbatim: `docker pull python:3.11.5-alpine` then prints
//! the same `7264a8db6415: Pull complete` lines as the real one. Everything
//! else is computed deterministically by this crate (see [`digest`]), so the
//! values never change unless the data changes.

pub mod digest;
mod fs;
mod load;
mod model;
mod text;
mod time;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

pub use fs::{FileTree, Resolved};
pub use load::CatalogueError;
pub use model::{FileEntry, FileKind, Healthcheck, ImageConfig, ImageFamily};
pub use text::{placeholders, render};
pub use time::parse_rfc3339;

/// Names of the simulated programs a file may declare with `program = "..."`.
///
/// The engine implements exactly these; the catalogue validates against them.
/// * `busybox`: the applet is chosen by `argv[0]`'s file name (`sh`, `ls`, ...).
/// * `coreutils`: GNU coreutils on Debian/Ubuntu, applet chosen by `argv[0]`.
/// * `python`: any `python3.x` interpreter; the version comes from the image's
///   `python` fact ([`CatalogueImage::python_version`]).
/// * `docker-entrypoint`: each image's entrypoint script; the engine picks the
///   behaviour from the image's [`ImageFamily`].
pub const PROGRAMS: &[&str] = &[
    "busybox",
    "bash",
    "python",
    "pip",
    "node",
    "npm",
    "nginx",
    "docker-entrypoint",
    "redis-server",
    "redis-cli",
    "postgres",
    "psql",
    "pg_isready",
    "registry",
    "hello",
    "apk",
    "apt-get",
    "sleep",
    "coreutils",
];

/// Keys an image may use in its `facts` table, with what they mean.
pub const FACTS: &[(&str, &str)] = &[
    (
        "os",
        "distribution id as in /etc/os-release ID (alpine, debian, ubuntu) or busybox",
    ),
    ("os_version", "distribution version (3.18.3, 12.1, 22.04, ...)"),
    ("python", "Python version of the image's interpreter (3.11.5)"),
    (
        "python_sys_version",
        "exact sys.version string, used by the interactive banner",
    ),
    ("pip", "pip version installed in the image"),
    ("nginx", "nginx version (1.25.2)"),
    ("nginx_built_by", "nginx -V 'built by' compiler string"),
    ("redis", "Redis version (7.2.1)"),
    ("postgres", "PostgreSQL version (15.4)"),
    ("postgres_version_string", "SELECT version() / startup log string"),
    ("node", "Node.js version (20.6.0)"),
    ("npm", "npm version bundled with node"),
    ("yarn", "yarn version installed in node images"),
    ("registry", "distribution registry version (2.8.2)"),
    ("registry_go", "Go version the registry binary reports"),
    ("busybox", "BusyBox version"),
];

/// One layer (a filesystem diff) of one or more images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Unique key in the catalogue, e.g. `alpine-3.18.3-rootfs`.
    pub id: String,
    /// Uncompressed size in bytes (what `docker history` / `docker images` add up).
    pub size: u64,
    /// Compressed (transfer) size in bytes, when known.
    pub compressed_size: Option<u64>,
    /// RFC 3339 creation time of the history entry that made this layer.
    pub created: String,
    /// The history line, as `docker history --no-trunc` shows it.
    pub created_by: String,
    /// History comment (`buildkit.dockerfile.v0` for BuildKit steps, else empty).
    pub comment: String,
    /// Files, directories and symlinks this layer adds.
    pub files: Vec<FileEntry>,
    digest: String,
    diff_id: String,
}

impl Layer {
    /// Blob digest, `sha256:<64 hex>` (the 12-hex prefix is what `docker pull` prints).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Uncompressed content digest (`DiffID`), `sha256:<64 hex>`; `docker push` prints its prefix.
    pub fn diff_id(&self) -> &str {
        &self.diff_id
    }

    /// The 12-hex short form of [`Layer::digest`], as in `a2abf6c4d29d: Pull complete`.
    pub fn short_digest(&self) -> &str {
        digest::short(&self.digest)
    }

    /// Creation time as seconds since the Unix epoch.
    pub fn created_unix(&self) -> i64 {
        parse_rfc3339(&self.created).unwrap_or(0)
    }
}

/// One entry of an image's history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// RFC 3339 creation time.
    pub created: String,
    /// The `CREATED BY` text (`docker history --no-trunc`).
    pub created_by: String,
    /// The `COMMENT` column (`buildkit.dockerfile.v0` for BuildKit steps).
    pub comment: String,
    /// The layer this step created, or `None` for an empty-layer step (ENV, CMD, ...).
    pub layer: Option<Arc<Layer>>,
}

impl HistoryEntry {
    /// True for metadata-only steps (`empty_layer: true` in the image config).
    pub fn empty_layer(&self) -> bool {
        self.layer.is_none()
    }

    /// Size shown by `docker history` (0 for empty layers).
    pub fn size(&self) -> u64 {
        self.layer.as_ref().map_or(0, |l| l.size)
    }

    /// Creation time as seconds since the Unix epoch.
    pub fn created_unix(&self) -> i64 {
        parse_rfc3339(&self.created).unwrap_or(0)
    }
}

/// One image of the catalogue, with every tag that names it.
#[derive(Debug, Clone)]
pub struct CatalogueImage {
    /// Repository path, e.g. `library/python`.
    pub repository: String,
    /// Every tag of `repository` that names this image.
    pub tags: Vec<String>,
    /// RFC 3339 creation time of the image.
    pub created: String,
    /// Always `amd64` in this catalogue.
    pub architecture: String,
    /// Always `linux` in this catalogue.
    pub os: String,
    /// Which program family this image belongs to (selects entrypoint behaviour).
    pub family: ImageFamily,
    /// The image config (`docker inspect` `.Config`).
    pub config: ImageConfig,
    /// History, oldest first (`docker history` prints it newest first).
    pub history: Vec<HistoryEntry>,
    /// Facts the engine can ask about (see [`FACTS`]), e.g. `python = "3.11.5"`.
    pub facts: BTreeMap<String, String>,
    layers: Vec<Arc<Layer>>,
    id: String,
    repo_digest: String,
    manifest_digest: String,
    config_json: String,
}

impl CatalogueImage {
    /// The image's layers, bottom (oldest) first.
    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().map(|l| l.as_ref())
    }

    /// Number of layers.
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// Total uncompressed size in bytes (the `SIZE` column of `docker images`).
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }

    /// Image ID `sha256:<64 hex>`; identical for every tag of this image.
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// The 12-hex short image ID shown by `docker images`.
    pub fn short_id(&self) -> &str {
        digest::short(&self.id)
    }

    /// Repo (manifest list) digest `sha256:<64 hex>`: the `Digest:` line of `docker pull`
    /// and the value accepted in `repo@sha256:...`.
    pub fn repo_digest(&self) -> String {
        self.repo_digest.clone()
    }

    /// Digest of the linux/amd64 manifest (what `docker push` reports as `digest:`).
    pub fn manifest_digest(&self) -> &str {
        &self.manifest_digest
    }

    /// The canonical config JSON the computed image ID is the digest of.
    /// (For images whose real ID is pinned in the data, this is still the
    /// simulator's config document, not the registry's byte-exact one.)
    pub fn config_json(&self) -> &str {
        &self.config_json
    }

    /// Creation time as seconds since the Unix epoch.
    pub fn created_unix(&self) -> i64 {
        parse_rfc3339(&self.created).unwrap_or(0)
    }

    /// A fact (see [`FACTS`]).
    pub fn fact(&self, key: &str) -> Option<&str> {
        self.facts.get(key).map(String::as_str)
    }

    /// The Python version of this image's interpreter (`3.11.5`), if it has one.
    pub fn python_version(&self) -> Option<&str> {
        self.fact("python")
    }

    /// Value of an environment variable in the image config.
    pub fn env(&self, name: &str) -> Option<&str> {
        self.config.env_var(name)
    }

    /// The merged filesystem of all layers (later layers win).
    pub fn file_tree(&self) -> FileTree<'_> {
        FileTree::new(self.layers())
    }

    /// `{fact:KEY}` placeholders are filled from the image's facts, other
    /// placeholders from `vars`; unknown placeholders are left as they are.
    pub fn render_text(&self, template: &str, vars: &[(&str, &str)]) -> String {
        render(template, |key| {
            if let Some(fact) = key.strip_prefix("fact:") {
                return self.fact(fact).map(str::to_owned);
            }
            vars.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
        })
    }

    /// `repository:tag` in familiar form (`python:3.11.5-alpine`) for the first tag.
    pub fn familiar_name(&self) -> String {
        let repo = self.repository.strip_prefix("library/").unwrap_or(&self.repository);
        match self.tags.first() {
            Some(tag) => format!("{repo}:{tag}"),
            None => repo.to_owned(),
        }
    }
}

/// A documented program text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The template, with `{placeholders}`.
    pub text: String,
    /// What each placeholder means (every placeholder in `text` is documented).
    pub placeholders: BTreeMap<String, String>,
}

/// The whole catalogue: layers, images and program texts.
#[derive(Debug)]
pub struct Catalogue {
    layers: BTreeMap<String, Arc<Layer>>,
    images: Vec<CatalogueImage>,
    texts: BTreeMap<String, Text>,
}

/// The embedded data files, in load order.
pub const SOURCES: &[(&str, &str)] = &[
    ("alpine.toml", include_str!("../data/alpine.toml")),
    ("debian.toml", include_str!("../data/debian.toml")),
    ("ubuntu.toml", include_str!("../data/ubuntu.toml")),
    ("busybox.toml", include_str!("../data/busybox.toml")),
    ("hello-world.toml", include_str!("../data/hello-world.toml")),
    ("registry.toml", include_str!("../data/registry.toml")),
    ("python.toml", include_str!("../data/python.toml")),
    ("nginx.toml", include_str!("../data/nginx.toml")),
    ("redis.toml", include_str!("../data/redis.toml")),
    ("postgres.toml", include_str!("../data/postgres.toml")),
    ("node.toml", include_str!("../data/node.toml")),
    ("texts.toml", include_str!("../data/texts.toml")),
];

static HUB: OnceLock<Catalogue> = OnceLock::new();

/// The built-in catalogue, parsed and validated on first use.
///
/// The embedded data is checked by this crate's tests, so this cannot fail at
/// run time for a build whose tests pass.
pub fn hub() -> &'static Catalogue {
    HUB.get_or_init(|| match Catalogue::from_sources(SOURCES) {
        Ok(c) => c,
        // Unreachable for tested data; kept explicit rather than `unwrap`.
        Err(e) => panic!("embedded catalogue data is invalid: {e}"),
    })
}

/// Normalises a repository name to path form: `python` -> `library/python`.
pub fn normalize_repository(repository: &str) -> String {
    let r = repository
        .strip_prefix("docker.io/")
        .or_else(|| repository.strip_prefix("index.docker.io/"))
        .unwrap_or(repository);
    if r.contains('/') {
        r.to_owned()
    } else {
        format!("library/{r}")
    }
}

impl Catalogue {
    /// Parses and validates catalogue sources (`(file name, TOML text)` pairs).
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
        load::load(sources)
    }

    /// Finds an image by repository (`library/python` or `python`) and tag, or by
    /// digest when `tag` is `sha256:...` (repo digest, manifest digest or image ID).
    pub fn resolve(&self, repository: &str, tag: &str) -> Option<&CatalogueImage> {
        let repo = normalize_repository(repository);
        let repo_images = self.images.iter().filter(|i| i.repository == repo);
        if tag.starts_with("sha256:") {
            let mut it = repo_images;
            return it.find(|i| i.repo_digest == tag || i.manifest_digest == tag || i.id == tag);
        }
        let mut it = repo_images;
        it.find(|i| i.tags.iter().any(|t| t == tag))
    }

    /// Finds an image by any of its digests (repo digest, manifest digest, image ID),
    /// or by a unique image-ID prefix of at least 12 hex digits.
    pub fn by_digest(&self, digest: &str) -> Option<&CatalogueImage> {
        let full = digest.strip_prefix("sha256:").unwrap_or(digest);
        if let Some(i) = self.images.iter().find(|i| {
            digest::hex(&i.repo_digest) == full || digest::hex(&i.manifest_digest) == full || digest::hex(&i.id) == full
        }) {
            return Some(i);
        }
        if full.len() >= 12 {
            let mut hits = self.images.iter().filter(|i| digest::hex(&i.id).starts_with(full));
            let first = hits.next()?;
            if hits.next().is_none() {
                return Some(first);
            }
        }
        None
    }

    /// All images, in data order.
    pub fn images(&self) -> &[CatalogueImage] {
        &self.images
    }

    /// All repositories (`library/alpine`, ...), sorted.
    pub fn repositories(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.images.iter().map(|i| i.repository.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Every tag of a repository (`library/python` or `python`), sorted.
    pub fn tags(&self, repository: &str) -> Vec<&str> {
        let repo = normalize_repository(repository);
        let mut v: Vec<&str> = self
            .images
            .iter()
            .filter(|i| i.repository == repo)
            .flat_map(|i| i.tags.iter().map(String::as_str))
            .collect();
        v.sort_unstable();
        v
    }

    /// A layer by its catalogue key.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.get(id).map(|l| l.as_ref())
    }

    /// A layer by its blob digest (`sha256:...`).
    pub fn layer_by_digest(&self, digest: &str) -> Option<&Layer> {
        self.layers.values().map(|l| l.as_ref()).find(|l| l.digest == digest)
    }

    /// All layers, sorted by key.
    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.layers.values().map(|l| l.as_ref())
    }

    /// A program text template by name (see `data/texts.toml`).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(|t| t.text.as_str())
    }

    /// A program text with its placeholder documentation.
    pub fn text_entry(&self, name: &str) -> Option<&Text> {
        self.texts.get(name)
    }

    /// Names of all program texts, sorted.
    pub fn text_names(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }
}
