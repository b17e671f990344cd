//! The merged filesystem view of an image's layers.

use std::collections::BTreeMap;

use crate::Layer;
use crate::model::{FileEntry, FileKind};

/// Maximum symlinks followed while resolving one path (Linux `MAXSYMLINKS`).
const MAX_SYMLINKS: usize = 40;

/// An image's files: all layers applied in order (later layers win), with
/// parent directories implied for every entry.
#[derive(Debug, Clone)]
pub struct FileTree<'a> {
    entries: BTreeMap<String, Node<'a>>,
}

#[derive(Debug, Clone)]
enum Node<'a> {
    Entry(&'a FileEntry),
    ImpliedDir(FileEntry),
}

impl<'a> Node<'a> {
    fn entry(&self) -> &FileEntry {
        match self {
            Node::Entry(e) => e,
            Node::ImpliedDir(e) => e,
        }
    }
}

/// A command found through [`FileTree::which`] or a path resolved with [`FileTree::resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'t> {
    /// The path as found (e.g. `/usr/local/bin/python`).
    pub path: String,
    /// The path after following every symlink (e.g. `/usr/local/bin/python3.11`).
    pub real_path: String,
    /// The final (non-symlink) entry.
    pub entry: &'t FileEntry,
}

fn parent(p: &str) -> Option<&str> {
    if p == "/" {
        return None;
    }
    match p.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&p[..i]),
        None => None,
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn implied_dir(path: &str) -> FileEntry {
    FileEntry {
        path: path.to_owned(),
        kind: FileKind::Dir,
        content: None,
        size: 4096,
        mode: 0o755,
        owner: "0:0".to_owned(),
        link: None,
        program: None,
    }
}

impl<'a> FileTree<'a> {
    /// Builds the merged view of `layers` (bottom first).
    pub fn new(layers: impl Iterator<Item = &'a Layer>) -> Self {
        let mut entries: BTreeMap<String, Node<'a>> = BTreeMap::new();
        entries.insert("/".to_owned(), Node::ImpliedDir(implied_dir("/")));
        for layer in layers {
            for f in &layer.files {
                let mut p = parent(&f.path);
                while let Some(dir) = p {
                    entries
                        .entry(dir.to_owned())
                        .or_insert_with(|| Node::ImpliedDir(implied_dir(dir)));
                    p = parent(dir);
                }
                entries.insert(f.path.clone(), Node::Entry(f));
            }
        }
        FileTree { entries }
    }

    /// The entry at exactly `path` (symlinks are not followed).
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.entries.get(path).map(Node::entry)
    }

    /// Every entry, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = &FileEntry> {
        self.entries.values().map(Node::entry)
    }

    /// Direct children of the directory `dir` (not following symlinks), sorted by name.
    pub fn children(&self, dir: &str) -> Vec<&FileEntry> {
        self.entries
            .iter()
            .filter(|(p, _)| p.as_str() != "/" && parent(p) == Some(dir))
            .map(|(_, n)| n.entry())
            .collect()
    }

    /// Follows symlinks in every component of the absolute `path`.
    pub fn resolve(&self, path: &str) -> Option<Resolved<'_>> {
        let real = self.real_path(path, 0)?;
        let entry = self.get(&real)?;
        Some(Resolved {
            path: path.to_owned(),
            real_path: real,
            entry,
        })
    }

    fn real_path(&self, path: &str, depth: usize) -> Option<String> {
        if depth > MAX_SYMLINKS || !path.starts_with('/') {
            return None;
        }
        let mut cur = "/".to_owned();
        let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
        for (i, c) in comps.iter().enumerate() {
            if *c == ".." {
                cur = parent(&cur).unwrap_or("/").to_owned();
                continue;
            }
            let next = join(&cur, c);
            let e = self.get(&next)?;
            if let (FileKind::Symlink, Some(target)) = (e.kind, &e.link) {
                let base = if target.starts_with('/') {
                    target.clone()
                } else {
                    join(&cur, target)
                };
                let rest = comps[i + 1..].join("/");
                let full = if rest.is_empty() {
                    base
                } else {
                    format!("{base}/{rest}")
                };
                return self.real_path(&full, depth + 1);
            }
            if i + 1 < comps.len() && e.kind != FileKind::Dir {
                return None;
            }
            cur = next;
        }
        Some(cur)
    }

    /// Finds `cmd` like a shell: a name with `/` is a path (relative to `/`),
    /// otherwise each directory of the colon-separated `path_var` is searched for
    /// a non-directory. Symlinks are followed.
    pub fn which(&self, cmd: &str, path_var: &str) -> Option<Resolved<'_>> {
        if cmd.is_empty() {
            return None;
        }
        if cmd.contains('/') {
            let abs = if cmd.starts_with('/') {
                cmd.to_owned()
            } else {
                format!("/{cmd}")
            };
            return self.resolve(&abs).filter(|r| r.entry.kind == FileKind::File);
        }
        path_var
            .split(':')
            .filter(|d| d.starts_with('/'))
            .find_map(|d| self.resolve(&join(d, cmd)).filter(|r| r.entry.kind == FileKind::File))
    }
}
