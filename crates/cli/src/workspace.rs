//! `--workspace DIR`: copies a real directory (read only) into the sandbox's host file
//! system as `~/<name of DIR>` and makes it the current directory.

use std::io;
use std::path::Path;
use std::sync::Arc;

use dockyard_engine::Sandbox;
use dockyard_engine::fs::{Node, Tree};

/// More than this is not a lesson workspace; refuse rather than fill memory.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Copies `dir` into the sandbox and changes into it; returns the path inside.
pub fn copy_in(sb: &mut Sandbox, dir: &Path) -> io::Result<String> {
    if !std::fs::metadata(dir)?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a directory"));
    }
    let name = std::fs::canonicalize(dir)?
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workspace".to_string());
    let host = &mut sb.world.host;
    let inside = format!("{}/{name}", host.home.trim_end_matches('/'));
    let mut total = 0;
    copy_dir(dir, &inside, &mut host.fs, &mut total)?;
    host.old_cwd = Some(std::mem::replace(&mut host.cwd, inside.clone()));
    host.set_env("PWD", &inside);
    Ok(inside)
}

fn copy_dir(src: &Path, dst: &str, fs: &mut Tree, total: &mut u64) -> io::Result<()> {
    fs.put(
        dst,
        Node::Dir {
            mode: mode_of(&std::fs::metadata(src)?, 0o755),
            opaque: false,
        },
    );
    let mut entries: Vec<_> = std::fs::read_dir(src)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let target = format!("{dst}/{}", entry.file_name().to_string_lossy());
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            let to = std::fs::read_link(&path)?;
            fs.put(
                &target,
                Node::Symlink {
                    target: to.to_string_lossy().into_owned(),
                },
            );
        } else if meta.is_dir() {
            copy_dir(&path, &target, fs, total)?;
        } else if meta.is_file() {
            *total += meta.len();
            if *total > MAX_BYTES {
                return Err(io::Error::other(format!("more than {} MiB of files", MAX_BYTES >> 20)));
            }
            let data = std::fs::read(&path)?;
            let node = Node::File {
                size: data.len() as u64,
                data: Arc::new(data),
                mode: mode_of(&meta, 0o644),
                program: None,
            };
            fs.put(&target, node);
        }
        // Sockets, fifos and devices have no place in a workspace: skipped.
    }
    Ok(())
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata, _default: u32) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata, default: u32) -> u32 {
    default
}
