//! `dockyard lessons list|check|stamp` and loading a course: the built-in one, or an
//! instructor's folder given with `--lessons DIR`. Reading the folder is the only file
//! I/O here; parsing and validation are dockyard-lessons' job.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dockyard_i18n::{Lang, text};
use dockyard_lessons::progress::{Progress, Status};
use dockyard_lessons::{Course, Diagnostic, markdown, validate};

/// More than this is not a course folder; refuse rather than fill memory.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Every file below `dir` as (`/`-separated path relative to `dir`, contents); hidden
/// files and folders are skipped.
pub fn read_dir_files(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    if !std::fs::metadata(dir)?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a directory"));
    }
    let mut out = Vec::new();
    let mut total = 0;
    walk(dir, "", &mut out, &mut total)?;
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>, total: &mut u64) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let meta = std::fs::metadata(e.path())?;
        if meta.is_dir() {
            walk(&e.path(), &rel, out, total)?;
        } else if meta.is_file() {
            *total += meta.len();
            if *total > MAX_BYTES {
                return Err(io::Error::other(format!("more than {} MiB of files", MAX_BYTES >> 20)));
            }
            out.push((rel, std::fs::read(e.path())?));
        }
    }
    Ok(())
}

/// The course to teach from: `--lessons DIR`, else the built-in one. Problems are
/// returned for the caller to mention.
pub fn load(dir: Option<&Path>, lang: Lang) -> Result<(Course, Vec<Diagnostic>), String> {
    match dir {
        Some(d) => match read_dir_files(d) {
            Ok(files) => Ok(Course::load(files)),
            Err(e) => Err(text(
                lang,
                "course-unreadable",
                &[("path", d.display().to_string()), ("error", e.to_string())],
            )),
        },
        None => Ok(Course::load(dockyard_lessons::builtin::files())),
    }
}

/// The mark of a lesson in lists and the menu.
pub fn mark(status: Status, current: bool) -> &'static str {
    match status {
        Status::Done => "✔",
        Status::FinishedWithHelp => "◐",
        Status::InProgress => "▶",
        Status::NotStarted if current => "▶",
        Status::NotStarted => " ",
    }
}

/// The lesson list, one line per lesson, as the menu and `lessons list` show it.
pub fn lines(course: &Course, progress: &Progress, lang: Lang) -> Vec<String> {
    let width = course
        .lessons
        .iter()
        .map(|l| l.title(lang.code()).chars().count())
        .max()
        .unwrap_or(0);
    course
        .lessons
        .iter()
        .map(|l| {
            let current = progress.current.as_deref() == Some(l.id());
            let status = progress.status(l.id());
            let title = l.title(lang.code());
            let pad = " ".repeat(width - title.chars().count());
            let steps = text(lang, "menu-steps", &[("count", l.steps().len().to_string())]);
            format!("{} {:>2}  {title}{pad}  {steps}", mark(status, current), l.order())
        })
        .collect()
}

/// `dockyard lessons list`.
pub fn list(course: &Course, progress: &Progress, lang: Lang) -> ExitCode {
    if course.lessons.is_empty() {
        println!("{}", text(lang, "course-empty", &[]));
        return ExitCode::SUCCESS;
    }
    for l in lines(course, progress, lang) {
        println!("{l}");
    }
    println!("\n{}", text(lang, "menu-legend", &[]));
    ExitCode::SUCCESS
}

/// `dockyard lessons check [DIR]`: every problem as `file:line: reason`, then a summary.
pub fn check(dir: Option<&Path>, lang: Lang) -> ExitCode {
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("lessons"));
    let files = match read_dir_files(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "{}",
                text(
                    lang,
                    "course-unreadable",
                    &[("path", dir.display().to_string()), ("error", e.to_string())]
                )
            );
            return ExitCode::from(2);
        }
    };
    let (course, diags) = validate::check_files(files);
    let shown = dir.display().to_string();
    let prefix = shown.trim_end_matches('/');
    for d in &diags {
        println!("{prefix}/{d}");
    }
    let s = validate::summary(&course);
    let mut args = vec![
        ("lessons", s.lessons.to_string()),
        ("steps", s.steps.to_string()),
        ("languages", s.languages.to_string()),
    ];
    if diags.is_empty() {
        println!("{}", text(lang, "check-summary-ok", &args));
        ExitCode::SUCCESS
    } else {
        args.push(("problems", diags.len().to_string()));
        println!("{}", text(lang, "check-summary-failed", &args));
        ExitCode::FAILURE
    }
}

/// `dockyard lessons stamp LESSON_DIR`: records, in every translation's front matter,
/// the hashes of the source sections as they are now.
pub fn stamp(dir: &Path, lang: Lang) -> ExitCode {
    let fail = |error: String| {
        eprintln!(
            "{}",
            text(
                lang,
                "stamp-not-lesson",
                &[("path", dir.display().to_string()), ("error", error)]
            )
        );
        ExitCode::from(2)
    };
    let manifest_path = dir.join("lesson.toml");
    let manifest_text = match std::fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", manifest_path.display())),
    };
    let manifest = match dockyard_lessons::manifest::parse("lesson.toml", &manifest_text) {
        Ok(m) => m,
        Err(d) => return fail(d.to_string()),
    };
    let source_lang = manifest.source_language.get_ref().clone();
    let source_path = dir.join(format!("{source_lang}.md"));
    let source = match std::fs::read_to_string(&source_path)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            markdown::parse(&format!("{source_lang}.md"), &t)
                .map_err(|ds| ds.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
        }) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    for code in dockyard_lessons::LANGUAGES.iter().filter(|c| **c != source_lang) {
        let path = dir.join(format!("{code}.md"));
        let old = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => return fail(format!("{}: {e}", path.display())),
        };
        let before = markdown::parse(&format!("{code}.md"), &old)
            .ok()
            .and_then(|d| d.translation);
        let new = markdown::stamp(&source, &source_lang, &old);
        if let Err(e) = crate::progress::write_atomically(&path, new.as_bytes()) {
            return fail(format!("{}: {e}", path.display()));
        }
        let file = path.display().to_string();
        for s in &source.sections {
            let recorded = before.as_ref().and_then(|t| t.hashes.get(&s.key));
            if recorded.is_some_and(|h| *h != s.hash) {
                println!(
                    "{}",
                    text(
                        lang,
                        "stamp-stale",
                        &[("file", file.clone()), ("section", s.key.clone())]
                    )
                );
            }
        }
        let args = [
            ("file", file),
            ("source", format!("{source_lang}.md")),
            ("count", source.sections.len().to_string()),
        ];
        println!("{}", text(lang, "stamp-done", &args));
    }
    ExitCode::SUCCESS
}
