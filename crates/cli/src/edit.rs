//! `edit FILE` at the terminal prompt: opens a workspace file of the sandbox in the
//! student's real editor ($VISUAL, $EDITOR, else nano or vi) and stores the result back
//! in the sandbox. The sandbox's files are never written to the real disk otherwise.

use std::process::Command;

use dockyard_engine::Sandbox;
use dockyard_engine::fs::{Vfs, normalize};

/// Edits `name` (relative to the sandbox's cwd). Returns a line to show the student.
pub fn edit(sb: &mut Sandbox, name: &str) -> Result<String, String> {
    let path = normalize(&sb.world.host.cwd, name);
    if sb.world.host.fs.is_dir(&path) {
        return Err(format!("edit: {name}: Is a directory"));
    }
    let before = sb.world.host.fs.read(&path).unwrap_or_default();
    let base = path.rsplit('/').next().unwrap_or("file").to_string();
    let tmp = std::env::temp_dir().join(format!("dockyard-{}-{base}", std::process::id()));
    std::fs::write(&tmp, &before).map_err(|e| format!("edit: {e}"))?;
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| if which("nano") { "nano".into() } else { "vi".into() });
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = Command::new(program).args(parts).arg(&tmp).status();
    let result = match status {
        Ok(s) if s.success() => {
            let after = std::fs::read(&tmp).map_err(|e| format!("edit: {e}"))?;
            sb.world
                .host
                .fs
                .write(&path, &after, false)
                .map_err(|e| format!("edit: {name}: {}", e.text()))?;
            Ok(if after == before {
                format!("{name}: unchanged")
            } else {
                format!("{name}: saved ({} bytes)", after.len())
            })
        }
        Ok(s) => Err(format!("edit: {program} exited with {s}; {name} was not changed")),
        Err(e) => Err(format!("edit: cannot start {program}: {e} (set $EDITOR)")),
    };
    let _ = std::fs::remove_file(&tmp);
    result
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}
