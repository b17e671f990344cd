//! The host interface: every effect of a simulated Python process (files,
//! environment, clock, stdin, randomness) goes through [`PyHost`].

use std::collections::BTreeMap;

/// Why a filesystem operation failed; mapped to CPython's `OSError` subclasses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    /// `FileNotFoundError: [Errno 2] No such file or directory`
    NotFound,
    /// `IsADirectoryError: [Errno 21] Is a directory`
    IsADirectory,
    /// `NotADirectoryError: [Errno 20] Not a directory`
    NotADirectory,
    /// `PermissionError: [Errno 13] Permission denied`
    PermissionDenied,
    /// `OSError: [Errno 30] Read-only file system`
    ReadOnly,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
    pub is_symlink: bool,
}

/// What the simulated process may ask of the container it runs in.
///
/// Paths passed in are absolute and normalized (no `.`/`..`, no trailing `/`
/// except for `/` itself). All methods must be deterministic for a given
/// simulator state.
pub trait PyHost {
    /// One environment variable of the process.
    fn getenv(&self, key: &str) -> Option<String>;
    /// The whole environment, in the order `env` would print it.
    fn environ(&self) -> Vec<(String, String)>;
    /// Contents of a regular file.
    fn read_file(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// Create/truncate (`append == false`) or append to a file.
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError>;
    /// Entries of a directory (any order; callers sort as Python would).
    fn list_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError>;
    /// Current working directory of the process (absolute).
    fn cwd(&self) -> String;
    /// Wall clock, seconds since the Unix epoch (UTC).
    fn now_unix(&self) -> f64;
    /// Next line of standard input without its newline; `None` at EOF.
    fn stdin_line(&mut self) -> Option<String>;
    /// `time.sleep(secs)`: the host may advance its simulated clock.
    fn sleep(&mut self, secs: f64);
    /// 64 random bits (deterministic in the simulator: e.g. a seeded PRNG).
    fn random_u64(&mut self) -> u64;
    /// Modification time of a file, if the host tracks it (used for the
    /// `Last-Modified` header of `http.server`). Defaults to "unknown".
    fn mtime(&self, _path: &str) -> Option<f64> {
        None
    }
}

/// A simple in-memory host, for tests and for callers that do not need a
/// real simulated filesystem.
#[derive(Clone, Debug, Default)]
pub struct MemHost {
    pub env: Vec<(String, String)>,
    /// Files by absolute path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Extra (possibly empty) directories.
    pub dirs: Vec<String>,
    /// Paths under these prefixes are read-only mounts.
    pub read_only: Vec<String>,
    pub cwd: String,
    pub now: f64,
    pub stdin: Vec<String>,
    pub rng: u64,
    /// Total seconds slept.
    pub slept: f64,
}

impl MemHost {
    pub fn new() -> Self {
        MemHost {
            cwd: "/".into(),
            now: 1_695_160_796.0,
            rng: 0x9E37_79B9_7F4A_7C15,
            ..Default::default()
        }
    }
    pub fn with_file(mut self, path: &str, data: &str) -> Self {
        self.files.insert(path.to_string(), data.as_bytes().to_vec());
        self
    }
    pub fn with_env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.to_string(), v.to_string()));
        self
    }
    fn is_dir(&self, path: &str) -> bool {
        if path == "/" || self.dirs.iter().any(|d| d == path) {
            return true;
        }
        let prefix = format!("{path}/");
        self.files.keys().any(|k| k.starts_with(&prefix)) || self.dirs.iter().any(|d| d.starts_with(&prefix))
    }
}

impl PyHost for MemHost {
    fn getenv(&self, key: &str) -> Option<String> {
        self.env.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
    fn environ(&self) -> Vec<(String, String)> {
        self.env.clone()
    }
    fn read_file(&self, path: &str) -> Result<Vec<u8>, FsError> {
        if let Some(d) = self.files.get(path) {
            return Ok(d.clone());
        }
        if self.is_dir(path) {
            Err(FsError::IsADirectory)
        } else {
            Err(FsError::NotFound)
        }
    }
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        if self
            .read_only
            .iter()
            .any(|p| path == p || path.starts_with(&format!("{p}/")))
        {
            return Err(FsError::ReadOnly);
        }
        if self.is_dir(path) {
            return Err(FsError::IsADirectory);
        }
        let parent = match path.rfind('/') {
            Some(0) => "/".to_string(),
            Some(i) => path[..i].to_string(),
            None => "/".to_string(),
        };
        if !self.is_dir(&parent) {
            return Err(FsError::NotFound);
        }
        let f = self.files.entry(path.to_string()).or_default();
        if !append {
            f.clear();
        }
        f.extend_from_slice(data);
        Ok(())
    }
    fn list_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        if self.files.contains_key(path) {
            return Err(FsError::NotADirectory);
        }
        if !self.is_dir(path) {
            return Err(FsError::NotFound);
        }
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        let mut out: Vec<DirEntry> = Vec::new();
        let all = self
            .files
            .keys()
            .map(|k| (k, false))
            .chain(self.dirs.iter().map(|d| (d, true)));
        for (p, is_dir) in all {
            if let Some(rest) = p.strip_prefix(&prefix) {
                if rest.is_empty() {
                    continue;
                }
                let (name, dir) = match rest.find('/') {
                    Some(i) => (&rest[..i], true),
                    None => (rest, is_dir),
                };
                if !out.iter().any(|e| e.name == name) {
                    out.push(DirEntry {
                        name: name.to_string(),
                        is_dir: dir,
                        is_symlink: false,
                    });
                }
            }
        }
        Ok(out)
    }
    fn cwd(&self) -> String {
        self.cwd.clone()
    }
    fn now_unix(&self) -> f64 {
        self.now
    }
    fn stdin_line(&mut self) -> Option<String> {
        if self.stdin.is_empty() {
            None
        } else {
            Some(self.stdin.remove(0))
        }
    }
    fn sleep(&mut self, secs: f64) {
        if secs.is_finite() && secs > 0.0 {
            self.now += secs;
            self.slept += secs;
        }
    }
    fn random_u64(&mut self) -> u64 {
        // splitmix64
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
