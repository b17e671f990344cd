//! Virtual file systems: a [`Tree`] of paths (the host workspace, a volume, one image
//! layer or a container's writable layer), and [`View`], the union of layers plus
//! mounts that a container sees — overlayfs rules, whiteouts and copy-up included.

use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir {
        mode: u32,
        opaque: bool,
    },
    File {
        data: Arc<Vec<u8>>,
        size: u64,
        mode: u32,
        program: Option<String>,
    },
    Symlink {
        target: String,
    },
    /// Marks a path deleted in this layer (overlayfs whiteout).
    Whiteout,
}

impl Node {
    pub fn dir() -> Node {
        Node::Dir {
            mode: 0o755,
            opaque: false,
        }
    }
    pub fn file(data: impl Into<Vec<u8>>) -> Node {
        let data: Vec<u8> = data.into();
        Node::File {
            size: data.len() as u64,
            data: Arc::new(data),
            mode: 0o644,
            program: None,
        }
    }
    pub fn kind(&self) -> Kind {
        match self {
            Node::Dir { .. } => Kind::Dir,
            Node::File { .. } => Kind::File,
            Node::Symlink { .. } => Kind::Symlink,
            Node::Whiteout => Kind::File,
        }
    }
    pub fn size(&self) -> u64 {
        match self {
            Node::File { size, .. } => *size,
            Node::Symlink { target } => target.len() as u64,
            _ => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Dir,
    File,
    Symlink,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    NotADirectory,
    IsADirectory,
    Exists,
    NotEmpty,
    ReadOnly,
    Loop,
}

impl FsError {
    /// The C library's text, as tools print it after the path.
    pub fn text(&self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::ReadOnly => "Read-only file system",
            FsError::Loop => "Symbolic link loop",
        }
    }
}

/// Normalises `p` against `cwd`: absolute, no `.`/`..`, no trailing slash (`/` is root).
pub fn normalize(cwd: &str, p: &str) -> String {
    let joined = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{cwd}/{p}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    if parts.is_empty() {
        "/".into()
    } else {
        format!("/{}", parts.join("/"))
    }
}

pub fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}

pub fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// Ancestors of an absolute path, root excluded, nearest last: `/a/b/c` → `/a`, `/a/b`.
fn ancestors(p: &str) -> impl Iterator<Item = &str> {
    p.match_indices('/').filter(|(i, _)| *i > 0).map(move |(i, _)| &p[..i])
}

/// A set of paths: one layer, a volume, or the host workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub entries: BTreeMap<String, Node>,
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    pub fn get(&self, p: &str) -> Option<&Node> {
        self.entries.get(p)
    }

    /// Inserts a node, creating missing parent directories.
    pub fn put(&mut self, p: &str, node: Node) {
        let p = normalize("/", p);
        if p == "/" {
            return;
        }
        for a in ancestors(&p) {
            self.entries.entry(a.to_string()).or_insert_with(Node::dir);
        }
        self.entries.insert(p, node);
    }

    /// Paths strictly below `dir`.
    pub fn below<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a String, &'a Node)> + 'a {
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        self.entries
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
    }

    pub fn remove_below(&mut self, dir: &str) {
        let keys: Vec<String> = self.below(dir).map(|(k, _)| k.clone()).collect();
        for k in keys {
            self.entries.remove(&k);
        }
    }

    /// Total bytes of regular files (what `docker ps -s` and `system df` add up).
    pub fn size(&self) -> u64 {
        self.entries.values().map(Node::size).sum()
    }

    /// Copies the subtree at `src` (of a view) to `dst` in this tree.
    pub fn graft(&mut self, dst: &str, items: Vec<(String, Node)>) {
        for (rel, node) in items {
            let path = if rel.is_empty() {
                dst.to_string()
            } else {
                normalize(dst, &rel)
            };
            self.put(&path, node);
        }
    }
}

/// What a mount point in a container refers to.
pub struct MountRef {
    /// Mount point inside the container (normalised).
    pub target: String,
    /// Index into [`View::trees`] of the tree holding the data.
    pub tree: usize,
    /// The path inside that tree which is mounted.
    pub source: String,
    pub readonly: bool,
}

/// A container's (or build step's) file system: read-only layers, a writable layer, mounts.
pub struct View<'a> {
    pub lower: &'a [Arc<Tree>],
    pub upper: &'a mut Tree,
    /// Trees that mounts refer to (volumes, the host workspace); several mounts may share one.
    pub trees: Vec<&'a mut Tree>,
    pub mounts: Vec<MountRef>,
}

/// Read/write operations shared by the host shell and container programs.
pub trait Vfs {
    /// The node at `p` without following a final symlink (intermediate ones are followed).
    fn lstat(&self, p: &str) -> Option<Node>;
    /// Lists a directory's entries (sorted by name).
    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError>;
    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError>;
    fn remove_path(&mut self, p: &str) -> Result<(), FsError>;

    /// Follows symlinks to the final path (and node).
    fn resolve(&self, p: &str) -> Result<(String, Node), FsError> {
        let mut path = normalize("/", p);
        for _ in 0..40 {
            match self.lstat(&path) {
                Some(Node::Symlink { target }) => {
                    path = normalize(parent(&path), &target);
                }
                Some(n) => return Ok((path, n)),
                None => return Err(FsError::NotFound),
            }
        }
        Err(FsError::Loop)
    }

    fn stat(&self, p: &str) -> Option<Node> {
        self.resolve(p).ok().map(|(_, n)| n)
    }

    fn exists(&self, p: &str) -> bool {
        self.stat(p).is_some()
    }

    fn is_dir(&self, p: &str) -> bool {
        matches!(self.stat(p), Some(Node::Dir { .. }))
    }

    fn read(&self, p: &str) -> Result<Vec<u8>, FsError> {
        match self.resolve(p)? {
            (_, Node::File { data, size, .. }) => {
                if data.is_empty() && size > 0 {
                    // A binary we only know the size of: its bytes are not interesting.
                    Ok(Vec::new())
                } else {
                    Ok(data.as_ref().clone())
                }
            }
            (_, Node::Dir { .. }) => Err(FsError::IsADirectory),
            _ => Err(FsError::NotFound),
        }
    }

    fn read_string(&self, p: &str) -> Result<String, FsError> {
        self.read(p).map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn write(&mut self, p: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let p = match self.resolve(p) {
            Ok((real, Node::Dir { .. })) => {
                let _ = real;
                return Err(FsError::IsADirectory);
            }
            Ok((real, _)) => real,
            Err(_) => normalize("/", p),
        };
        if !self.is_dir(parent(&p)) {
            return Err(if self.exists(parent(&p)) {
                FsError::NotADirectory
            } else {
                FsError::NotFound
            });
        }
        let mut content = Vec::new();
        let mut mode = 0o644;
        let mut program = None;
        if append
            && let Some(Node::File {
                data,
                mode: m,
                program: pr,
                ..
            }) = self.lstat(&p)
        {
            content = data.as_ref().clone();
            mode = m;
            program = pr;
        }
        content.extend_from_slice(data);
        let size = content.len() as u64;
        self.write_node(
            &p,
            Node::File {
                data: Arc::new(content),
                size,
                mode,
                program,
            },
        )
    }

    fn mkdir(&mut self, p: &str, parents: bool) -> Result<(), FsError> {
        let p = normalize("/", p);
        if p == "/" {
            return if parents { Ok(()) } else { Err(FsError::Exists) };
        }
        match self.stat(&p) {
            Some(Node::Dir { .. }) => return if parents { Ok(()) } else { Err(FsError::Exists) },
            Some(_) => return Err(FsError::Exists),
            None => {}
        }
        let par = parent(&p).to_string();
        if !self.is_dir(&par) {
            if parents {
                self.mkdir(&par, true)?;
            } else {
                return Err(if self.exists(&par) {
                    FsError::NotADirectory
                } else {
                    FsError::NotFound
                });
            }
        }
        self.write_node(&p, Node::dir())
    }

    fn remove(&mut self, p: &str, recursive: bool) -> Result<(), FsError> {
        let p = normalize("/", p);
        match self.lstat(&p) {
            None => Err(FsError::NotFound),
            Some(Node::Dir { .. }) => {
                if !recursive && !self.list(&p)?.is_empty() {
                    return Err(FsError::NotEmpty);
                }
                self.remove_path(&p)
            }
            Some(_) => self.remove_path(&p),
        }
    }

    /// Every path below `dir` (relative, depth-first, sorted) with its node.
    fn walk(&self, dir: &str) -> Vec<(String, Node)> {
        let mut out = Vec::new();
        let mut stack = vec![(normalize("/", dir), String::new())];
        while let Some((abs, rel)) = stack.pop() {
            if let Ok(entries) = self.list(&abs) {
                for (name, node) in entries.into_iter().rev() {
                    let r = if rel.is_empty() {
                        name.clone()
                    } else {
                        format!("{rel}/{name}")
                    };
                    let a = normalize(&abs, &name);
                    let is_dir = matches!(node, Node::Dir { .. });
                    out.push((r.clone(), node));
                    if is_dir {
                        stack.push((a, r));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

impl Tree {
    fn raw_lstat(&self, p: &str) -> Option<Node> {
        if p == "/" {
            return Some(Node::dir());
        }
        self.entries.get(p).cloned()
    }
}

/// Resolves intermediate symlinks of `p` (not the last component) via `lstat`.
fn resolve_parent(lstat: &dyn Fn(&str) -> Option<Node>, p: &str) -> Option<String> {
    let p = normalize("/", p);
    if p == "/" {
        return Some(p);
    }
    let mut base = parent(&p).to_string();
    for _ in 0..40 {
        // Walk components of base, following symlinks.
        let mut cur = String::from("/");
        let mut changed = false;
        for comp in base.split('/').filter(|c| !c.is_empty()) {
            let next = normalize(&cur, comp);
            match lstat(&next) {
                Some(Node::Symlink { target }) => {
                    let resolved = normalize(&cur, &target);
                    let rest = base[next.len()..].to_string();
                    base = normalize(&resolved, rest.trim_start_matches('/'));
                    changed = true;
                    break;
                }
                Some(_) => cur = next,
                None => return None,
            }
        }
        if !changed {
            return Some(normalize(&base, basename(&p)));
        }
    }
    None
}

impl Vfs for Tree {
    fn lstat(&self, p: &str) -> Option<Node> {
        let real = resolve_parent(&|x| self.raw_lstat(x), p)?;
        self.raw_lstat(&real)
    }

    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError> {
        let (real, node) = self.resolve(p)?;
        if !matches!(node, Node::Dir { .. }) {
            return Err(FsError::NotADirectory);
        }
        let prefix = if real == "/" {
            "/".to_string()
        } else {
            format!("{real}/")
        };
        Ok(self
            .below(&real)
            .filter(|(k, _)| !k[prefix.len()..].contains('/'))
            .filter(|(_, n)| !matches!(n, Node::Whiteout))
            .map(|(k, n)| (k[prefix.len()..].to_string(), n.clone()))
            .collect())
    }

    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError> {
        let real = resolve_parent(&|x| self.raw_lstat(x), p).ok_or(FsError::NotFound)?;
        if real == "/" {
            return Err(FsError::Exists);
        }
        self.entries.insert(real, node);
        Ok(())
    }

    fn remove_path(&mut self, p: &str) -> Result<(), FsError> {
        let real = resolve_parent(&|x| self.raw_lstat(x), p).ok_or(FsError::NotFound)?;
        self.remove_below(&real);
        self.entries.remove(&real).map(|_| ()).ok_or(FsError::NotFound)
    }
}

impl<'a> View<'a> {
    /// Which mount (index) holds `p`, and the path inside its tree.
    fn mount_for(&self, p: &str) -> Option<(usize, String)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, m) in self.mounts.iter().enumerate() {
            let t = &m.target;
            if (p == t || p.starts_with(&format!("{t}/")) || t == "/") && best.is_none_or(|(_, l)| t.len() > l) {
                best = Some((i, t.len()));
            }
        }
        best.map(|(i, l)| {
            let m = &self.mounts[i];
            let rest = &p[l.min(p.len())..];
            (i, normalize(&m.source, rest.trim_start_matches('/')))
        })
    }

    /// Union lookup through the layers (no mounts), no symlink following.
    fn layered(&self, p: &str) -> Option<Node> {
        if p == "/" {
            return Some(Node::dir());
        }
        let layers = std::iter::once(&*self.upper).chain(self.lower.iter().rev().map(|a| a.as_ref()));
        for layer in layers {
            if let Some(n) = layer.entries.get(p) {
                return match n {
                    Node::Whiteout => None,
                    n => Some(n.clone()),
                };
            }
            // A deleted or opaque ancestor in this layer hides everything below.
            for a in ancestors(p) {
                match layer.entries.get(a) {
                    Some(Node::Whiteout) => return None,
                    Some(Node::Dir { opaque: true, .. }) => return None,
                    _ => {}
                }
            }
        }
        None
    }

    fn raw(&self, p: &str) -> Option<Node> {
        if let Some((i, inner)) = self.mount_for(p) {
            let m = &self.mounts[i];
            return if inner == "/" {
                Some(Node::dir())
            } else {
                self.trees[m.tree].entries.get(&inner).cloned()
            };
        }
        self.layered(p)
    }

    /// Mount points directly inside `dir` (they appear in listings even if the image lacks
    /// them), with what is mounted there (a directory, or a single file).
    fn mount_children(&self, dir: &str) -> Vec<(String, Node)> {
        self.mounts
            .iter()
            .filter(|m| parent(&m.target) == dir && m.target != "/")
            .map(|m| {
                let node = self.trees[m.tree]
                    .entries
                    .get(&m.source)
                    .cloned()
                    .unwrap_or_else(Node::dir);
                (basename(&m.target).to_string(), node)
            })
            .collect()
    }

    /// Copies up the parent directories of `p` into the writable layer.
    fn copy_up_parents(&mut self, p: &str) {
        for a in ancestors(p).map(str::to_string).collect::<Vec<_>>() {
            if !self.upper.entries.contains_key(&a) {
                let node = self.layered(&a).unwrap_or_else(Node::dir);
                let node = match node {
                    Node::Dir { mode, .. } => Node::Dir { mode, opaque: false },
                    n => n,
                };
                self.upper.entries.insert(a, node);
            }
        }
    }
}

impl Vfs for View<'_> {
    fn lstat(&self, p: &str) -> Option<Node> {
        let real = resolve_parent(&|x| self.raw(x), p)?;
        self.raw(&real)
    }

    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError> {
        let (real, node) = self.resolve(p)?;
        if !matches!(node, Node::Dir { .. }) {
            return Err(FsError::NotADirectory);
        }
        let mut names: BTreeMap<String, Node> = BTreeMap::new();
        if let Some((i, inner)) = self.mount_for(&real) {
            let m = &self.mounts[i];
            let prefix = if inner == "/" {
                "/".to_string()
            } else {
                format!("{inner}/")
            };
            for (k, n) in self.trees[m.tree].below(&inner) {
                let rest = &k[prefix.len()..];
                if !rest.contains('/') && !matches!(n, Node::Whiteout) {
                    names.insert(rest.to_string(), n.clone());
                }
            }
        } else {
            let prefix = if real == "/" {
                "/".to_string()
            } else {
                format!("{real}/")
            };
            let mut candidates: Vec<String> = Vec::new();
            for layer in std::iter::once(&*self.upper).chain(self.lower.iter().map(|a| a.as_ref())) {
                for (k, _) in layer.below(&real) {
                    let rest = &k[prefix.len()..];
                    if !rest.contains('/') {
                        candidates.push(rest.to_string());
                    }
                }
            }
            for name in candidates {
                if let Some(n) = self.layered(&normalize(&real, &name)) {
                    names.insert(name, n);
                }
            }
        }
        for (name, node) in self.mount_children(&real) {
            names.insert(name, node);
        }
        Ok(names.into_iter().collect())
    }

    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError> {
        let real = resolve_parent(&|x| self.raw(x), p).ok_or(FsError::NotFound)?;
        if let Some((i, inner)) = self.mount_for(&real) {
            let m = &self.mounts[i];
            if m.readonly {
                return Err(FsError::ReadOnly);
            }
            if inner == "/" {
                return Err(FsError::Exists);
            }
            let t = m.tree;
            self.trees[t].put(&inner, node);
            return Ok(());
        }
        self.copy_up_parents(&real);
        // A new directory over a deleted one must not show the old content.
        let node = match node {
            Node::Dir { mode, .. } if matches!(self.upper.entries.get(&real), Some(Node::Whiteout)) => {
                Node::Dir { mode, opaque: true }
            }
            n => n,
        };
        self.upper.entries.insert(real, node);
        Ok(())
    }

    fn remove_path(&mut self, p: &str) -> Result<(), FsError> {
        let real = resolve_parent(&|x| self.raw(x), p).ok_or(FsError::NotFound)?;
        if let Some((i, inner)) = self.mount_for(&real) {
            if self.mounts[i].target == real {
                return Err(FsError::Exists); // "Resource busy" in reality
            }
            let m = &self.mounts[i];
            if m.readonly {
                return Err(FsError::ReadOnly);
            }
            let t = m.tree;
            self.trees[t].remove_below(&inner);
            self.trees[t].entries.remove(&inner);
            return Ok(());
        }
        let in_lower = self
            .lower
            .iter()
            .any(|l| l.entries.contains_key(&real) || l.below(&real).next().is_some());
        self.upper.remove_below(&real);
        self.copy_up_parents(&real);
        if in_lower {
            self.upper.entries.insert(real, Node::Whiteout);
        } else {
            self.upper.entries.remove(&real);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Arc<Tree> {
        let mut t = Tree::new();
        t.put("/etc/os-release", Node::file("NAME=Alpine"));
        t.put("/bin/busybox", Node::file("bb"));
        t.put(
            "/bin/sh",
            Node::Symlink {
                target: "/bin/busybox".into(),
            },
        );
        t.put("/usr/lib", Node::Symlink { target: "/lib".into() });
        t.put("/lib/libc.so", Node::file("c"));
        Arc::new(t)
    }

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize("/app", "x/../y/./z"), "/app/y/z");
        assert_eq!(normalize("/", ".."), "/");
        assert_eq!(normalize("/a", "/b/"), "/b");
    }

    #[test]
    fn overlay_rules() {
        let lower = vec![base()];
        let mut upper = Tree::new();
        let mut v = View {
            lower: &lower,
            upper: &mut upper,
            trees: vec![],
            mounts: vec![],
        };
        assert_eq!(v.read_string("/bin/sh").unwrap(), "bb");
        assert_eq!(v.read_string("/usr/lib/libc.so").unwrap(), "c");
        v.write("/etc/hosts", b"127.0.0.1", false).unwrap();
        v.remove("/etc/os-release", false).unwrap();
        assert!(!v.exists("/etc/os-release"));
        let names: Vec<String> = v.list("/etc").unwrap().into_iter().map(|x| x.0).collect();
        assert_eq!(names, vec!["hosts"]);
        v.remove("/bin", true).unwrap();
        v.mkdir("/bin", false).unwrap();
        assert!(v.list("/bin").unwrap().is_empty());
        assert!(matches!(upper.get("/etc/os-release"), Some(Node::Whiteout)));
        assert!(matches!(upper.get("/etc"), Some(Node::Dir { .. })));
    }

    #[test]
    fn mounts_hide_and_refuse() {
        let lower = vec![base()];
        let mut upper = Tree::new();
        let mut vol = Tree::new();
        vol.put("/data.txt", Node::file("v"));
        let mut v = View {
            lower: &lower,
            upper: &mut upper,
            trees: vec![&mut vol],
            mounts: vec![MountRef {
                target: "/etc".into(),
                tree: 0,
                source: "/".into(),
                readonly: true,
            }],
        };
        assert_eq!(v.read_string("/etc/data.txt").unwrap(), "v");
        assert!(!v.exists("/etc/os-release"));
        assert_eq!(v.write("/etc/x", b"1", false), Err(FsError::ReadOnly));
    }
}
