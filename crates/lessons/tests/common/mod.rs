//! Shared by the integration tests: the course folder read from disk.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dockyard_lessons::Course;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(Result::unwrap).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.path().is_dir() {
            walk(&e.path(), &rel, out);
        } else {
            out.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
}

/// Every file of `lessons/`, as the loader takes them.
pub fn course_files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    walk(&repo_root().join("lessons"), "", &mut out);
    out
}

pub fn course() -> Course {
    let (course, diags) = Course::load(course_files());
    assert!(diags.is_empty(), "{diags:?}");
    course
}

/// Types `lines` into a fresh session of `lesson` the way the terminal does: tool
/// commands through the tool, `^C`/`^D` as keys, the rest through the sandbox.
pub fn type_lines(lesson: &dockyard_lessons::Lesson, lines: &[&str]) -> dockyard_lessons::Session {
    use dockyard_engine::sandbox::Mode;
    use dockyard_lessons::tool::Tool;
    let mut s = dockyard_lessons::Session::new(lesson).unwrap();
    for line in lines {
        s.sandbox_mut().step_clock();
        match *line {
            "^C" => {
                s.key(|sb| sb.interrupt());
            }
            "^D" => {
                s.key(|sb| sb.eof());
            }
            _ => match Tool::parse(line, s.sandbox().mode != Mode::Host) {
                Some(Tool::Answer(a)) => {
                    let _ = s.answer(&a);
                }
                Some(other) => panic!("{line}: {other:?} is not typed in these tests"),
                None => {
                    s.run(line);
                }
            },
        }
    }
    s
}

/// The files of the fenced blocks marked `title=PATH` in a Markdown text, placed in
/// `folder` (the README's complete example).
pub fn fenced_files(text: &str, folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let fence: String = line.chars().take_while(|c| *c == '`').collect();
        if fence.len() < 3 {
            continue;
        }
        let Some((_, name)) = line[fence.len()..].split_once(" title=") else {
            continue;
        };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == fence {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((format!("{folder}/{}", name.trim()), body.into_bytes()));
    }
    out
}

/// A lesson's reference solution as the student would see it in `lang`: each step's
/// title, the lines with their output, and the explanation after success.
pub fn transcript(lesson: &dockyard_lessons::Lesson, lang: &str) -> String {
    use std::fmt::Write as _;
    let doc = lesson.doc(lang);
    let mut out = String::new();
    let mut s = dockyard_lessons::Session::new(lesson).unwrap();
    let total = lesson.steps().len();
    writeln!(out, "# {}", doc.title.as_ref().unwrap().text).unwrap();
    for (i, step) in lesson.steps().iter().enumerate() {
        let text = doc.step(step.id.get_ref()).unwrap();
        writeln!(out, "\n## {}/{total} {}: {}", i + 1, step.id.get_ref(), text.title).unwrap();
        for line in &step.solution {
            let prompt = s.sandbox().prompt();
            writeln!(out, "{prompt}{}", line.get_ref().replace('\n', "\n> ")).unwrap();
            s.sandbox_mut().step_clock();
            let events = match dockyard_lessons::tool::Tool::parse(line.get_ref(), false) {
                Some(dockyard_lessons::tool::Tool::Answer(a)) => s.answer(&a).unwrap(),
                _ => {
                    let r = s.run(line.get_ref());
                    out.push_str(&r.output.io.combined());
                    for e in r.output.explain() {
                        writeln!(out, "(explain {})", e.id).unwrap();
                    }
                    r.completed
                }
            };
            for e in events {
                writeln!(out, "[done {}/{total} {} {:?}]", e.index + 1, e.id, e.how).unwrap();
                let done = doc.step(&e.id).unwrap().done.as_ref().unwrap();
                writeln!(out, "{}", done.text).unwrap();
            }
        }
    }
    assert!(
        s.all_solved(),
        "{}: the solution did not complete the lesson",
        lesson.id()
    );
    out
}
