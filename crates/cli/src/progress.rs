//! Where the student's progress lives on disk: `progress.toml` in the user's data
//! directory (`$XDG_DATA_HOME/dockyard`, else `~/.local/share/dockyard`, `%APPDATA%\dockyard`
//! on Windows), and `dockyard progress export|import`.
//!
//! Saving writes a temporary file next to the real one, flushes it to disk and renames
//! it over the old file, so a crash leaves either the old or the new progress, never half
//! of one. A file that does not parse is renamed aside (`progress.toml.damaged-<time>`)
//! with a warning, never silently overwritten.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dockyard_i18n::{Lang, text};
use dockyard_lessons::progress::Progress;

/// The progress file and what loading it found.
pub struct Store {
    pub path: PathBuf,
}

/// The data directory Dockyard keeps its files in.
pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = var("XDG_DATA_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
        .or_else(|| var("APPDATA"))?;
    Some(base.join("dockyard"))
}

impl Store {
    pub fn default_location() -> Option<Store> {
        data_dir().map(|d| Store {
            path: d.join("progress.toml"),
        })
    }

    /// Reads the progress. A missing file is a fresh start; a damaged one is moved aside
    /// and reported in the returned warning (already in the student's language).
    pub fn load(&self, lang: Lang) -> (Progress, Option<String>) {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Progress::default(), None),
            Err(e) => {
                let args = [("path", self.path.display().to_string()), ("error", e.to_string())];
                return (Progress::default(), Some(text(lang, "progress-io", &args)));
            }
        };
        let parsed = String::from_utf8(bytes)
            .map_err(|e| e.to_string())
            .and_then(|t| Progress::parse(&t));
        match parsed {
            Ok(p) => (p, None),
            Err(error) => {
                let kept = self.keep_aside();
                let args = [
                    ("path", self.path.display().to_string()),
                    ("error", error),
                    (
                        "kept",
                        kept.map(|p| p.display().to_string()).unwrap_or_else(|e| e.to_string()),
                    ),
                ];
                (Progress::default(), Some(text(lang, "progress-damaged", &args)))
            }
        }
    }

    /// Renames the damaged file to a name that does not exist yet.
    fn keep_aside(&self) -> io::Result<PathBuf> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        for n in 0..1000 {
            let suffix = if n == 0 {
                format!("damaged-{secs}")
            } else {
                format!("damaged-{secs}-{n}")
            };
            let aside = self.path.with_extension(format!("toml.{suffix}"));
            if !aside.exists() {
                std::fs::rename(&self.path, &aside)?;
                return Ok(aside);
            }
        }
        Err(io::Error::other("no free name to keep the damaged file"))
    }

    pub fn save(&self, p: &Progress) -> io::Result<()> {
        write_atomically(&self.path, p.to_toml().as_bytes())
    }
}

/// Writes `data` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced (POSIX).
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `dockyard progress export FILE`.
pub fn export(file: &Path, lang: Lang) -> ExitCode {
    let (progress, warning) = match Store::default_location() {
        Some(store) => store.load(lang),
        None => (Progress::default(), None),
    };
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    let data = progress.to_toml();
    let result = if file.as_os_str() == "-" {
        io::stdout().lock().write_all(data.as_bytes())
    } else {
        write_atomically(file, data.as_bytes())
    };
    match result {
        Ok(()) => {
            if file.as_os_str() != "-" {
                println!(
                    "{}",
                    text(lang, "progress-exported", &[("path", file.display().to_string())])
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}",
                text(
                    lang,
                    "progress-io",
                    &[("path", file.display().to_string()), ("error", e.to_string())]
                )
            );
            ExitCode::FAILURE
        }
    }
}

/// `dockyard progress import FILE`: merges, so importing never loses progress.
pub fn import(file: &Path, lang: Lang) -> ExitCode {
    let read = if file.as_os_str() == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(file)
    };
    let shown = file.display().to_string();
    let incoming = match read {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "{}",
                text(lang, "progress-io", &[("path", shown), ("error", e.to_string())])
            );
            return ExitCode::FAILURE;
        }
    };
    let incoming = match Progress::parse(&incoming) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "{}",
                text(lang, "progress-import-bad", &[("path", shown), ("error", e)])
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(store) = Store::default_location() else {
        eprintln!(
            "{}",
            text(
                lang,
                "progress-io",
                &[("path", shown), ("error", "no data directory (HOME is not set)".into())]
            )
        );
        return ExitCode::FAILURE;
    };
    let (mut progress, warning) = store.load(lang);
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    progress.merge(&incoming);
    match store.save(&progress) {
        Ok(()) => {
            let args = [("path", shown), ("lessons", incoming.lessons.len().to_string())];
            println!("{}", text(lang, "progress-imported", &args));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}",
                text(
                    lang,
                    "progress-io",
                    &[("path", store.path.display().to_string()), ("error", e.to_string())]
                )
            );
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockyard_lessons::progress::Completion;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dockyard-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn saves_atomically_and_loads_back() {
        let d = temp_dir("roundtrip");
        let store = Store {
            path: d.join("sub").join("progress.toml"),
        };
        let mut p = Progress::default();
        p.complete("first-run", "pull", Completion::Solved);
        store.save(&p).unwrap();
        let (back, warning) = store.load(Lang::En);
        assert_eq!(back, p);
        assert!(warning.is_none());
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(d.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["progress.toml"]);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_damaged_file_is_kept_aside_with_a_warning() {
        let d = temp_dir("damaged");
        let store = Store {
            path: d.join("progress.toml"),
        };
        std::fs::write(&store.path, "format = 1\n[lessons.x\n").unwrap();
        let (p, warning) = store.load(Lang::En);
        assert_eq!(p, Progress::default());
        let w = warning.unwrap();
        assert!(w.contains("damaged") && w.contains("progress.toml.damaged-"), "{w}");
        assert!(!store.path.exists());
        let kept: Vec<PathBuf> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "format = 1\n[lessons.x\n");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
