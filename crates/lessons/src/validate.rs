//! `dockyard lessons check`: the checks that need the simulator. Each lesson is replayed
//! from its set-up, step by step: a step's check must *not* hold before its solution
//! runs (else the step teaches nothing, or its check is too loose), every solution line
//! must be something the simulator supports, and the check must hold afterwards. Then
//! the whole solution is typed again the way a student would, and the lesson must end
//! completed.

use dockyard_engine::Output;

use crate::course::{Course, LANGUAGES, Lesson};
use crate::diag::Diagnostic;
use crate::eval::Finding;
use crate::session::Session;
use crate::tool::Tool;

/// What `lessons check` prints at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub lessons: usize,
    pub steps: usize,
    pub languages: usize,
}

pub fn summary(course: &Course) -> Summary {
    Summary {
        lessons: course.lessons.len(),
        steps: course.step_count(),
        languages: LANGUAGES.len(),
    }
}

/// Loads a course and runs every check: the static ones of [`Course::load`] and the
/// replays. Diagnostics come sorted by file and line.
pub fn check_files(files: Vec<(String, Vec<u8>)>) -> (Course, Vec<Diagnostic>) {
    let (course, mut diags) = Course::load(files);
    for lesson in &course.lessons {
        diags.extend(replay(lesson));
    }
    diags.sort();
    diags.dedup();
    (course, diags)
}

/// Output that shows the simulator did not understand a line.
fn unsupported(out: &Output) -> Option<String> {
    let ids = [
        "docker-unknown-command",
        "docker-unknown-flag",
        "host-command-not-found",
    ];
    let flagged = out.exit_code == 127 || out.explain().iter().any(|e| ids.contains(&e.id.as_str()));
    flagged.then(|| {
        let err = out.stderr();
        let text = if err.trim().is_empty() { out.stdout() } else { err };
        text.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

/// A finding in plain English, for authors.
pub fn plain(f: &Finding) -> String {
    let get = |k: &str| {
        f.args
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let kind = f.id.trim_start_matches("lesson-check-");
    if f.args.iter().any(|(k, _)| k == "field") {
        let subject = ["name", "image", "url"]
            .iter()
            .map(|k| get(k))
            .find(|v| !v.is_empty())
            .unwrap_or("");
        let subject = if subject.is_empty() {
            kind.to_string()
        } else {
            format!("{kind} {subject}")
        };
        return format!(
            "{subject}: {} should be {:?}, is {:?}",
            get("field"),
            get("want"),
            get("have")
        );
    }
    let args: Vec<String> = f.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if args.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} ({})", args.join(", "))
    }
}

/// Replays one lesson; returns what is wrong with it.
pub fn replay(lesson: &Lesson) -> Vec<Diagnostic> {
    let file = lesson.manifest_file();
    let mut diags = Vec::new();
    let mut session = match Session::new(lesson) {
        Ok(s) => s,
        Err(e) => {
            let line = lesson
                .manifest
                .setup
                .commands
                .iter()
                .chain(lesson.manifest.setup.images.iter())
                .find(|c| e.line.ends_with(c.get_ref().as_str()))
                .map(|c| lesson.line(c.span().start))
                .unwrap_or(0);
            diags.push(Diagnostic::new(
                &file,
                line,
                format!("set-up line `{}` failed: {}", e.line, e.output.trim()),
            ));
            return diags;
        }
    };
    for (i, step) in lesson.steps().iter().enumerate() {
        let id = step.id.get_ref();
        if session.step_holds(i) {
            diags.push(Diagnostic::new(
                &file,
                lesson.line(step.check.span().start),
                format!(
                    "step `{id}`: the check already holds before its solution runs (after the earlier steps' solutions)"
                ),
            ));
        }
        for line in &step.solution {
            let at = lesson.line(line.span().start);
            match Tool::parse(line.get_ref(), false) {
                Some(Tool::Answer(_)) | None => {}
                Some(t) => {
                    diags.push(Diagnostic::new(
                        &file,
                        at,
                        format!(
                            "step `{id}`: `{}` is a tool command; a solution holds shell lines and `answer X`",
                            t.word()
                        ),
                    ));
                    continue;
                }
            }
            let out = session.apply_solution(i, line.get_ref());
            if let Some(err) = unsupported(&out) {
                diags.push(Diagnostic::new(
                    &file,
                    at,
                    format!(
                        "step `{id}`: the simulator does not support `{}`: {err}",
                        line.get_ref()
                    ),
                ));
            }
        }
        let missing = session.step_missing(i);
        if !missing.is_empty() {
            let why: Vec<String> = missing.iter().map(plain).collect();
            diags.push(Diagnostic::new(
                &file,
                lesson.line(step.check.span().start),
                format!(
                    "step `{id}`: the reference solution does not satisfy the check: {}",
                    why.join("; ")
                ),
            ));
        }
    }
    if diags.is_empty() {
        // The same lines, typed as a student types them, with steps checked after each.
        match play(lesson) {
            Ok(s) if s.all_solved() => {}
            Ok(s) => diags.push(Diagnostic::new(
                &file,
                0,
                format!(
                    "typed as a student would, the solutions stop at step {} of {}",
                    s.step_index() + 1,
                    lesson.steps().len()
                ),
            )),
            Err(e) => diags.push(Diagnostic::new(&file, 0, format!("set-up failed: {}", e.line))),
        }
    }
    diags
}

/// Types every step's solution into a fresh session as a student would (tool commands
/// through the tool, the rest through the sandbox) and returns the session.
pub fn play(lesson: &Lesson) -> Result<Session, crate::session::SetupError> {
    let mut s = Session::new(lesson)?;
    for step in lesson.steps() {
        for line in &step.solution {
            s.sandbox_mut().step_clock();
            match Tool::parse(line.get_ref(), s.sandbox().mode != dockyard_engine::sandbox::Mode::Host) {
                Some(Tool::Answer(a)) => {
                    let _ = s.answer(&a);
                }
                Some(_) => {}
                None => {
                    s.run(line.get_ref());
                }
            }
        }
    }
    Ok(s)
}
