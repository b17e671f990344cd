//! Public data types of images and files, and the raw (serde) shapes of the TOML data.

use std::collections::BTreeMap;

use serde::Deserialize;

/// What kind of filesystem entry a [`FileEntry`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link ([`FileEntry::link`] holds the target).
    Symlink,
}

/// One file, directory or symlink added by a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Absolute, normalised path (`/usr/local/bin/python3`).
    pub path: String,
    /// File, directory or symlink.
    pub kind: FileKind,
    /// Text content, when the catalogue models it (config files, scripts, HTML, ...).
    /// `None` for binaries and for text files whose content is not modelled.
    pub content: Option<String>,
    /// Size in bytes (content length when `content` is set; 4096 for directories;
    /// target length for symlinks).
    pub size: u64,
    /// Permission bits (e.g. `0o755`).
    pub mode: u32,
    /// Owner as `uid:gid` (`0:0` unless the data says otherwise).
    pub owner: String,
    /// Symlink target (relative or absolute), for [`FileKind::Symlink`].
    pub link: Option<String>,
    /// Simulated program run when this file is executed (one of [`crate::PROGRAMS`]).
    pub program: Option<String>,
}

impl FileEntry {
    /// True for directories.
    pub fn is_dir(&self) -> bool {
        self.kind == FileKind::Dir
    }

    /// True for symlinks.
    pub fn is_symlink(&self) -> bool {
        self.kind == FileKind::Symlink
    }

    /// The last path component.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or("")
    }
}

/// Which entrypoint/program family an image belongs to.
///
/// The engine picks `docker-entrypoint` behaviour and startup logs from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageFamily {
    /// Plain OS base images (alpine, debian, ubuntu, busybox).
    Os,
    /// `python`.
    Python,
    /// `nginx`.
    Nginx,
    /// `redis`.
    Redis,
    /// `postgres`.
    Postgres,
    /// `registry`.
    Registry,
    /// `node`.
    Node,
    /// `hello-world`.
    HelloWorld,
}

/// A container healthcheck (no catalogue image defines one; kept for completeness).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Healthcheck {
    /// `["CMD-SHELL", "..."]` or `["CMD", ...]`.
    pub test: Vec<String>,
    /// Seconds between checks.
    #[serde(default)]
    pub interval_s: u64,
    /// Seconds before a check times out.
    #[serde(default)]
    pub timeout_s: u64,
    /// Failures before `unhealthy`.
    #[serde(default)]
    pub retries: u32,
}

/// The image config (`docker inspect` `.Config`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageConfig {
    /// `CMD` (exec form), if any.
    #[serde(default)]
    pub cmd: Option<Vec<String>>,
    /// `ENTRYPOINT` (exec form), if any.
    #[serde(default)]
    pub entrypoint: Option<Vec<String>>,
    /// `KEY=value` strings, exactly like the real image (incl. `PATH`).
    #[serde(default)]
    pub env: Vec<String>,
    /// `WORKDIR` (empty = `/`).
    #[serde(default)]
    pub working_dir: String,
    /// `EXPOSE`d ports like `80/tcp`.
    #[serde(default)]
    pub exposed_ports: Vec<String>,
    /// `VOLUME`s.
    #[serde(default)]
    pub volumes: Vec<String>,
    /// `USER` (empty = root).
    #[serde(default)]
    pub user: String,
    /// `STOPSIGNAL`, if set.
    #[serde(default)]
    pub stop_signal: Option<String>,
    /// `LABEL`s.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// `HEALTHCHECK` (none of the catalogue images has one).
    #[serde(default)]
    pub healthcheck: Option<Healthcheck>,
}

/// Default `PATH` when an image does not set one (moby's `oci.DefaultPathEnv` on Linux).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

impl ImageConfig {
    /// Value of `name` in [`ImageConfig::env`].
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find_map(|kv| kv.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
    }

    /// The `PATH` a container of this image gets (the image's, or the default).
    pub fn path(&self) -> &str {
        self.env_var("PATH").unwrap_or(DEFAULT_PATH)
    }

    /// Entrypoint followed by Cmd: the argv a container runs with no arguments.
    pub fn default_argv(&self) -> Vec<String> {
        let mut v = self.entrypoint.clone().unwrap_or_default();
        v.extend(self.cmd.clone().unwrap_or_default());
        v
    }
}

// ---- raw TOML shapes -------------------------------------------------------

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub layers: Vec<RawLayer>,
    #[serde(default)]
    pub images: Vec<RawImage>,
    #[serde(default)]
    pub texts: BTreeMap<String, RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLayer {
    pub id: String,
    #[serde(default)]
    pub digest: Option<String>,
    #[serde(default)]
    pub diff_id: Option<String>,
    pub size: u64,
    #[serde(default)]
    pub compressed_size: Option<u64>,
    pub created: String,
    pub created_by: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub files: Vec<RawFileEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFileEntry {
    pub path: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub dir: bool,
    #[serde(default)]
    pub program: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawImage {
    pub repository: String,
    pub tags: Vec<String>,
    pub family: ImageFamily,
    pub created: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub repo_digest: Option<String>,
    #[serde(default)]
    pub manifest_digest: Option<String>,
    pub history: Vec<RawHistory>,
    pub config: ImageConfig,
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHistory {
    #[serde(default)]
    pub layer: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub empty_layer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    pub text: String,
    #[serde(default)]
    pub placeholders: BTreeMap<String, String>,
}
