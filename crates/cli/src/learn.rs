//! The lessons in the terminal: the course menu (`dockyard`), the lesson screen and its
//! prompt (`dockyard learn [LESSON]`), the lesson's own commands (hint, check, solution,
//! ...), and script mode (`dockyard learn LESSON --script FILE`), which types a file's
//! lines as the student and prints a transcript.
//!
//! A [`Tutor`] holds what outlives one lesson (course, language, progress); the lesson
//! itself is a dockyard-lessons `Session`, which checks the steps after every line. This
//! module only turns what the session reports into text in the student's language.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use dockyard_engine::Output;
use dockyard_engine::sandbox::Mode;
use dockyard_i18n::{Lang, explain, text};
use dockyard_lessons::progress::{Completion, Progress, Status};
use dockyard_lessons::session::{AnswerError, LineResult, StepEvent};
use dockyard_lessons::tool::{TOOL_WORDS, Tool};
use dockyard_lessons::{Course, Lesson, Session};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use crate::output::{Style, explanations};
use crate::progress::Store;

/// What `dockyard learn` was asked to do.
pub struct LearnOptions {
    pub lesson: Option<String>,
    pub script: Option<PathBuf>,
    pub lessons_dir: Option<PathBuf>,
    pub lang: Lang,
    /// `--lang` was given (else the language saved with `lang` wins over the locale).
    pub lang_given: bool,
}

/// A y/N question of the tool's own, answered by the next line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Nothing,
    Solution,
    Reset,
}

/// Where the lesson loop goes next.
enum Flow {
    Stay,
    Quit,
    Menu,
    Open(usize),
}

/// The session shared with the line editor's completion.
type Slot = Rc<RefCell<Option<Session>>>;

pub struct Tutor {
    course: Course,
    lang: Lang,
    style: Style,
    store: Option<Store>,
    progress: Progress,
    /// Script mode: transcript, virtual clock, no questions to a terminal.
    script: bool,
    out: Box<dyn Write>,
    slot: Slot,
    /// Index of the open lesson in the course.
    lesson: usize,
    pending: Pending,
    /// The unfinished last line of a y/N question from the sandbox (`docker system
    /// prune`), held back to be the prompt its answer is typed at.
    held: String,
}

impl Tutor {
    fn new(course: Course, opts_lang: Lang, lang_given: bool, script: bool) -> (Tutor, Option<String>) {
        let store = Store::default_location();
        let (progress, warning) = match &store {
            Some(s) => s.load(opts_lang),
            None => (Progress::default(), None),
        };
        let lang = if lang_given {
            opts_lang
        } else {
            progress.language.as_deref().and_then(Lang::parse).unwrap_or(opts_lang)
        };
        let style = Style::for_terminal(!script && io::IsTerminal::is_terminal(&io::stdout()));
        let tutor = Tutor {
            course,
            lang,
            style,
            store,
            progress,
            script,
            out: Box::new(io::stdout()),
            slot: Rc::new(RefCell::new(None)),
            lesson: 0,
            pending: Pending::Nothing,
            held: String::new(),
        };
        (tutor, warning)
    }

    fn t(&self, id: &str, args: &[(&str, String)]) -> String {
        text(self.lang, id, args)
    }

    fn say(&mut self, s: &str) {
        let _ = writeln!(self.out, "{s}");
    }

    fn note(&mut self, s: &str) {
        let styled = self.style.note(s);
        self.say(&styled);
    }

    /// Markdown: rendered with termimad on a terminal, as written otherwise (a
    /// transcript stays plain and stable).
    fn markdown(&mut self, md: &str) {
        if md.trim().is_empty() {
            return;
        }
        if self.style.terminal {
            let skin = if self.style.color {
                termimad::MadSkin::default()
            } else {
                termimad::MadSkin::no_style()
            };
            let width = termimad::terminal_size().0.clamp(20, 100) as usize;
            let rendered = termimad::FmtText::from(&skin, md, Some(width)).to_string();
            let _ = write!(self.out, "{rendered}");
        } else {
            let _ = writeln!(self.out, "{}", md.trim_end());
        }
    }

    fn heading(&mut self, s: &str) {
        let shown = if self.style.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        };
        self.say(&shown);
    }

    fn save(&mut self) {
        let Some(store) = &self.store else { return };
        if let Err(e) = store.save(&self.progress) {
            let msg = self.t("progress-unsaved", &[("error", e.to_string())]);
            self.note(&msg);
        }
    }

    fn lesson_ref(&self) -> &Lesson {
        &self.course.lessons[self.lesson]
    }

    fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        f(self.slot.borrow().as_ref().expect("a lesson is open"))
    }

    fn with_session_mut<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(self.slot.borrow_mut().as_mut().expect("a lesson is open"))
    }

    /// Opens lesson `index`. `resume`: continue at the step saved in the progress.
    fn open(&mut self, index: usize, resume: bool) -> Result<(), ()> {
        self.lesson = index;
        self.pending = Pending::Nothing;
        let lesson = self.course.lessons[index].clone();
        let saved = self
            .progress
            .lesson(lesson.id())
            .filter(|p| !p.finished)
            .and_then(|p| p.step.clone());
        let at = if resume {
            saved.and_then(|s| lesson.step_index(&s)).unwrap_or(0)
        } else {
            0
        };
        let start = (!self.script).then(crate::wall_clock);
        let session = match Session::start(&lesson, at, start) {
            Ok(s) => s,
            Err(e) => {
                let msg = self.t(
                    "lesson-setup-failed",
                    &[("line", e.line), ("output", e.output.trim().to_string())],
                );
                self.say(&msg);
                return Err(());
            }
        };
        *self.slot.borrow_mut() = Some(session);
        let lang = self.lang.code();
        let header = self.t(
            "lesson-header",
            &[
                ("number", lesson.order().to_string()),
                ("title", lesson.title(lang).to_string()),
            ],
        );
        self.heading(&header);
        self.say("");
        let intro = lesson.doc(lang).intro.text.clone();
        self.markdown(&intro);
        self.say("");
        let tools = self.t("lesson-tools", &[]);
        self.note(&tools);
        let needs: Vec<String> = lesson
            .requires()
            .into_iter()
            .filter(|r| matches!(self.progress.status(r), Status::NotStarted | Status::InProgress))
            .map(|r| {
                self.course
                    .lesson(r)
                    .map(|l| l.title(lang).to_string())
                    .unwrap_or_else(|| r.to_string())
            })
            .collect();
        if !needs.is_empty() {
            let msg = self.t("lesson-needs", &[("lessons", needs.join(", "))]);
            self.note(&msg);
        }
        if at > 0 {
            let msg = self.t("lesson-resumed", &[("index", (at + 1).to_string())]);
            self.note(&msg);
        }
        self.progress.current = Some(lesson.id().to_string());
        if let Some(step) = lesson.steps().get(at) {
            self.progress.at_step(lesson.id(), step.id.get_ref());
        }
        self.save();
        self.show_step();
        Ok(())
    }

    /// The current step's heading and text.
    fn show_step(&mut self) {
        let (index, finished) = self.with_session(|s| (s.step_index(), s.finished()));
        if finished {
            return;
        }
        let lesson = self.lesson_ref().clone();
        let step = &lesson.steps()[index];
        let doc = lesson.doc(self.lang.code());
        let Some(st) = doc.step(step.id.get_ref()) else {
            return;
        };
        self.say("");
        let header = self.t(
            "lesson-step-header",
            &[
                ("index", (index + 1).to_string()),
                ("total", lesson.steps().len().to_string()),
                ("title", st.title.clone()),
            ],
        );
        self.heading(&header);
        self.say("");
        let body = st.body.text.clone();
        self.markdown(&body);
        self.say("");
    }

    /// The prompt: lesson and step, then the sandbox's own prompt.
    fn prompt(&self) -> String {
        match self.pending {
            Pending::Solution => return self.t("solution-confirm", &[]),
            Pending::Reset => return self.t("reset-confirm", &[]),
            Pending::Nothing => {}
        }
        self.with_session(|s| {
            if matches!(s.sandbox().mode, Mode::Confirm { .. }) {
                return self.held.clone();
            }
            let total = s.lesson().steps().len();
            let step = if s.finished() {
                "✔".to_string()
            } else {
                format!("{}/{total}", s.step_index() + 1)
            };
            format!("[{} {step}] {}", s.lesson().id(), s.sandbox().prompt())
        })
    }

    /// Prints a line's output: the sandbox's chunks in order, then its explanations.
    fn show_output(&mut self, out: &Output) {
        let mut shown = out.io.combined();
        self.held.clear();
        if !self.script && self.with_session(|s| matches!(s.sandbox().mode, Mode::Confirm { .. })) {
            let cut = shown.rfind('\n').map_or(0, |i| i + 1);
            self.held = shown.split_off(cut);
        }
        let _ = write!(self.out, "{shown}");
        let hints = explanations(self.lang, out);
        if !hints.is_empty() && !shown.is_empty() && !shown.ends_with('\n') {
            self.say("");
        }
        for h in hints {
            let styled = self.style.hint(&h);
            self.say(&styled);
        }
    }

    /// Reports completed steps (with their explanations), records them, and shows
    /// what comes next.
    fn show_events(&mut self, events: &[StepEvent]) {
        if events.is_empty() {
            return;
        }
        let lesson = self.lesson_ref().clone();
        let total = lesson.steps().len().to_string();
        let doc = lesson.doc(self.lang.code()).clone();
        for e in events {
            let Some(st) = doc.step(&e.id) else { continue };
            let id = match e.how {
                Completion::Solved => "lesson-step-solved",
                Completion::Revealed => "lesson-step-revealed",
                Completion::Skipped => "lesson-step-skipped",
            };
            self.say("");
            let line = self.t(
                id,
                &[
                    ("index", (e.index + 1).to_string()),
                    ("total", total.clone()),
                    ("title", st.title.clone()),
                ],
            );
            self.heading(&line);
            if let Some(done) = &st.done {
                self.markdown(&done.text);
            }
            self.progress.complete(lesson.id(), &e.id, e.how);
        }
        let (finished, current) =
            self.with_session(|s| (s.finished(), s.current_step().map(|st| st.id.get_ref().clone())));
        match current {
            Some(step) => self.progress.at_step(lesson.id(), &step),
            None => self.progress.finish(lesson.id()),
        }
        self.save();
        if finished {
            self.say("");
            let msg = self.t(
                "lesson-complete",
                &[("title", lesson.title(self.lang.code()).to_string())],
            );
            self.heading(&msg);
            let next = if self.lesson + 1 < self.course.lessons.len() {
                "lesson-complete-next"
            } else {
                "lesson-complete-last"
            };
            let msg = self.t(next, &[]);
            self.say(&msg);
        } else {
            self.show_step();
        }
    }

    fn show_result(&mut self, r: LineResult) {
        self.show_output(&r.output);
        self.show_events(&r.completed);
    }

    /// Handles one complete input (a line, or several for a heredoc).
    fn handle(&mut self, input: &str) -> Flow {
        if self.pending != Pending::Nothing {
            let yes = matches!(input.trim().to_lowercase().as_str(), "y" | "yes" | "д" | "да");
            let what = std::mem::replace(&mut self.pending, Pending::Nothing);
            match (what, yes) {
                (Pending::Solution, true) => {
                    let lines = self.with_session_mut(|s| s.reveal_solution()).unwrap_or_default();
                    let title = self.t("solution-title", &[]);
                    self.say(&title);
                    for l in lines {
                        self.say(&format!("    {l}"));
                    }
                }
                (Pending::Solution, false) => {
                    let msg = self.t("solution-cancelled", &[]);
                    self.say(&msg);
                }
                (Pending::Reset, true) => {
                    if let Err(e) = self.with_session_mut(|s| s.reset()) {
                        let msg = self.t("lesson-setup-failed", &[("line", e.line), ("output", e.output)]);
                        self.say(&msg);
                        return Flow::Menu;
                    }
                    let msg = self.t("reset-done", &[]);
                    self.say(&msg);
                    let lesson = self.lesson_ref().clone();
                    if let Some(first) = lesson.steps().first() {
                        self.progress.at_step(lesson.id(), first.id.get_ref());
                        self.save();
                    }
                    self.show_step();
                }
                (Pending::Reset, false) => {
                    let msg = self.t("reset-cancelled", &[]);
                    self.say(&msg);
                }
                (Pending::Nothing, _) => {}
            }
            return Flow::Stay;
        }
        let attached = self.with_session(|s| !matches!(s.sandbox().mode, Mode::Host));
        let confirming = self.with_session(|s| matches!(s.sandbox().mode, Mode::Confirm { .. }));
        if !confirming && let Some(tool) = Tool::parse(input, attached) {
            return self.tool(tool);
        }
        if self.script {
            self.with_session_mut(|s| s.sandbox_mut().step_clock());
        } else {
            self.with_session_mut(|s| s.sandbox_mut().set_time(crate::wall_clock()));
        }
        let r = self.with_session_mut(|s| s.run(input));
        self.show_result(r);
        Flow::Stay
    }

    fn hints_text(&self, keys: &[String]) -> Vec<String> {
        let lesson = self.lesson_ref();
        let Some(step) = self.with_session(|s| s.current_step().map(|st| st.id.get_ref().clone())) else {
            return Vec::new();
        };
        let doc = lesson.doc(self.lang.code());
        let Some(st) = doc.step(&step) else {
            return Vec::new();
        };
        keys.iter()
            .filter_map(|k| st.keyed_hints.get(k).map(|b| b.text.clone()))
            .collect()
    }

    fn tool(&mut self, tool: Tool) -> Flow {
        match tool {
            Tool::Help => self.help(),
            Tool::Hint => {
                let Some(h) = self.with_session_mut(|s| s.hint()) else {
                    let msg = self.t("hint-none", &[]);
                    self.say(&msg);
                    return Flow::Stay;
                };
                let keyed = self.hints_text(&h.keyed);
                if !keyed.is_empty() {
                    let label = self.t("hint-situation", &[]);
                    self.heading(&label);
                    for k in keyed {
                        self.markdown(&k);
                    }
                }
                if let Some(i) = h.progressive {
                    let step = self
                        .with_session(|s| s.current_step().map(|st| st.id.get_ref().clone()))
                        .unwrap_or_default();
                    let doc = self.lesson_ref().doc(self.lang.code()).clone();
                    if let Some(block) = doc.step(&step).and_then(|st| st.hints.get(i)) {
                        let label = self.t(
                            "hint-label",
                            &[("index", (i + 1).to_string()), ("total", h.total.to_string())],
                        );
                        self.heading(&label);
                        self.markdown(&block.text);
                    }
                    if i + 1 == h.total {
                        let msg = self.t("hint-last", &[]);
                        self.note(&msg);
                    }
                }
            }
            Tool::Solution => {
                if self.with_session(Session::finished) {
                    let msg = self.t("check-finished", &[]);
                    self.say(&msg);
                } else {
                    // The question is the prompt the answer is typed at.
                    self.pending = Pending::Solution;
                }
            }
            Tool::Check => {
                let missing = self.with_session(|s| s.missing());
                if missing.is_empty() {
                    let msg = self.t("check-finished", &[]);
                    self.say(&msg);
                } else {
                    let title = self.t("check-missing", &[]);
                    self.say(&title);
                    for f in missing {
                        let line = explain(self.lang, f.id, &f.args);
                        self.say(&format!("  • {line}"));
                    }
                }
            }
            Tool::Next => {
                if !self.with_session(Session::finished) {
                    let msg = self.t("next-not-finished", &[]);
                    self.say(&msg);
                } else if self.lesson + 1 < self.course.lessons.len() {
                    if self.script {
                        self.list();
                    } else {
                        return Flow::Open(self.lesson + 1);
                    }
                } else {
                    let msg = self.t("lesson-complete-last", &[]);
                    self.say(&msg);
                }
            }
            Tool::Skip => {
                let Some(skipped) = self.with_session_mut(|s| s.skip()) else {
                    let msg = self.t("check-finished", &[]);
                    self.say(&msg);
                    return Flow::Stay;
                };
                let title = self.t("skip-ran", &[]);
                self.note(&title);
                for (line, out) in skipped.ran {
                    self.say(&format!("$ {line}"));
                    self.show_output(&out);
                }
                self.show_events(&skipped.completed);
            }
            Tool::Reset => self.pending = Pending::Reset,
            Tool::Undo | Tool::Redo => {
                let before = self.with_session(Session::step_index);
                let undo = tool == Tool::Undo;
                let ok = self.with_session_mut(|s| if undo { s.undo() } else { s.redo() });
                let id = match (undo, ok) {
                    (true, true) => "undo-done",
                    (true, false) => "undo-nothing",
                    (false, true) => "redo-done",
                    (false, false) => "redo-nothing",
                };
                let msg = self.t(id, &[]);
                self.say(&msg);
                let after = self.with_session(Session::step_index);
                if ok && after != before {
                    let lesson = self.lesson_ref().clone();
                    match lesson.steps().get(after) {
                        Some(step) => {
                            // Undone steps stay solved in the progress; the student is back on this one.
                            self.progress.at_step(lesson.id(), step.id.get_ref());
                            self.save();
                            self.show_step();
                        }
                        None => {
                            let msg = self.t(
                                "lesson-complete",
                                &[("title", lesson.title(self.lang.code()).to_string())],
                            );
                            self.heading(&msg);
                        }
                    }
                }
            }
            Tool::State => self.draw_state(),
            Tool::Lessons => {
                if self.script {
                    self.list();
                } else {
                    return Flow::Menu;
                }
            }
            Tool::Lang(None) => {
                let msg = self.t("lang-now", &[("lang", self.lang.code().to_string())]);
                self.say(&msg);
            }
            Tool::Lang(Some(code)) => match Lang::parse(&code) {
                Some(l) => {
                    self.lang = l;
                    self.progress.language = Some(l.code().to_string());
                    self.save();
                    let msg = self.t("lang-now", &[("lang", l.code().to_string())]);
                    self.say(&msg);
                    self.show_step();
                }
                None => {
                    let msg = self.t("lang-unknown", &[("lang", code)]);
                    self.say(&msg);
                }
            },
            Tool::Quit => {
                self.save();
                let msg = self.t("quit-bye", &[]);
                self.note(&msg);
                return Flow::Quit;
            }
            Tool::Answer(a) => match self.with_session_mut(|s| s.answer(&a)) {
                Ok(events) if events.is_empty() => {
                    let msg = self.t("answer-wrong", &[("answer", a)]);
                    self.say(&msg);
                    let keys = self.with_session(Session::situation_hints);
                    for k in self.hints_text(&keys) {
                        self.markdown(&k);
                    }
                }
                Ok(events) => self.show_events(&events),
                Err(AnswerError::NoQuestion) => {
                    let msg = self.t("answer-no-question", &[]);
                    self.say(&msg);
                }
                Err(AnswerError::NotAnOption(options)) => {
                    let msg = self.t("answer-not-option", &[("answer", a), ("options", options.join(", "))]);
                    self.say(&msg);
                }
            },
        }
        Flow::Stay
    }

    fn help(&mut self) {
        let title = self.t("tool-help-title", &[]);
        self.say(&title);
        let entries: Vec<(&str, &str)> = vec![
            ("help", "tool-help-help"),
            ("hint", "tool-help-hint"),
            ("check", "tool-help-check"),
            ("solution", "tool-help-solution"),
            ("skip", "tool-help-skip"),
            ("next", "tool-help-next"),
            ("undo", "tool-help-undo"),
            ("redo", "tool-help-redo"),
            ("reset", "tool-help-reset"),
            ("state", "tool-help-state"),
            ("lessons", "tool-help-lessons"),
            ("lang ru|en", "tool-help-lang"),
            ("answer X", "tool-help-answer"),
            ("quit", "tool-help-quit"),
        ];
        for (word, id) in entries {
            let desc = self.t(id, &[]);
            self.say(&format!("  {word:<11} {desc}"));
        }
        let colon = self.t("tool-help-colon", &[]);
        self.note(&colon);
    }

    fn list(&mut self) {
        for l in crate::lessons_cmd::lines(&self.course, &self.progress, self.lang) {
            self.say(&l);
        }
    }

    /// `state`: the sandbox as text.
    fn draw_state(&mut self) {
        let (view, volumes) = self.with_session(|s| {
            let view = s.sandbox().state();
            let d = s.sandbox().world.daemon(&view.endpoint);
            let volumes: Vec<(String, Vec<String>)> = view
                .volumes
                .iter()
                .map(|v| {
                    let files = d
                        .and_then(|d| d.volumes.get(v))
                        .map(|vol| {
                            vol.data
                                .entries
                                .iter()
                                .filter(|(_, n)| matches!(n, dockyard_engine::fs::Node::File { .. }))
                                .map(|(p, _)| p.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    (v.clone(), files)
                })
                .collect();
            (view, volumes)
        });
        let none = self.t("state-none", &[]);
        let h = self.t("state-images", &[]);
        self.heading(&h);
        if view.images.is_empty() {
            self.say(&format!("  {none}"));
        }
        for i in &view.images {
            let name = if i.tags.is_empty() {
                "<none>".to_string()
            } else {
                i.tags.join(", ")
            };
            let layers = self.t("state-layers", &[("count", i.history.len().to_string())]);
            let size = dockyard_engine::units::human_size(i.size);
            self.say(&format!("  {name}  {size}  {layers}"));
        }
        let h = self.t("state-containers", &[]);
        self.heading(&h);
        if view.containers.is_empty() {
            self.say(&format!("  {none}"));
        }
        for c in &view.containers {
            let dot = if c.running { "●" } else { "○" };
            let status = if c.running || c.status == "created" {
                c.status.clone()
            } else {
                format!("{} ({})", c.status, c.exit_code)
            };
            let mut line = format!("  {dot} {}  {}  {status}", c.name, c.image);
            for p in &c.ports {
                line.push_str(&format!("  {p}"));
            }
            for m in &c.mounts {
                line.push_str(&format!("  {}:{}", m.source, m.target));
            }
            self.say(&line);
        }
        let h = self.t("state-volumes", &[]);
        self.heading(&h);
        if volumes.is_empty() {
            self.say(&format!("  {none}"));
        }
        for (name, files) in volumes {
            if files.is_empty() {
                self.say(&format!("  {name}"));
            } else {
                let f = self.t("state-files", &[("files", files.join(", "))]);
                self.say(&format!("  {name}  {f}"));
            }
        }
        let h = self.t("state-networks", &[]);
        self.heading(&h);
        self.say(&format!("  {}", view.networks.join("  ")));
        let wd = self.t("state-workdir", &[("dir", view.cwd.clone())]);
        self.say(&wd);
    }
}

/// Lets rustyline complete from the engine (and the tool's words) and keep heredocs open.
struct LessonHelper {
    slot: Slot,
}

impl Completer for LessonHelper {
    type Candidate = String;
    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        let slot = self.slot.borrow();
        let Some(s) = slot.as_ref() else {
            return Ok((pos, Vec::new()));
        };
        if matches!(s.sandbox().mode, Mode::Confirm { .. }) {
            return Ok((pos, Vec::new()));
        }
        let (start, mut found) = s.sandbox().complete(line, pos);
        let word = &line[..pos];
        if matches!(s.sandbox().mode, Mode::Host) && !word.contains(char::is_whitespace) {
            for w in TOOL_WORDS {
                if w.starts_with(word) && !found.iter().any(|f| f.trim_end() == w) {
                    found.push(w.to_string());
                }
            }
            found.sort();
        }
        Ok((start, found))
    }
}

impl Validator for LessonHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let incomplete = self
            .slot
            .borrow()
            .as_ref()
            .is_some_and(|s| s.sandbox().is_incomplete(ctx.input()));
        Ok(if incomplete {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Hinter for LessonHelper {
    type Hint = String;
}
impl Highlighter for LessonHelper {}
impl Helper for LessonHelper {}

fn load_course(dir: Option<&std::path::Path>, lang: Lang) -> Result<Course, ExitCode> {
    match crate::lessons_cmd::load(dir, lang) {
        Ok((course, diags)) => {
            if !diags.is_empty() {
                eprintln!(
                    "{}",
                    text(lang, "course-problems", &[("count", diags.len().to_string())])
                );
            }
            if course.lessons.is_empty() {
                eprintln!("{}", text(lang, "course-empty", &[]));
                return Err(ExitCode::FAILURE);
            }
            Ok(course)
        }
        Err(msg) => {
            eprintln!("{msg}");
            Err(ExitCode::from(2))
        }
    }
}

/// The lesson to open when none is named: the one in progress, else the first not done.
fn default_lesson(course: &Course, progress: &Progress) -> usize {
    if let Some(i) = progress.current.as_deref().and_then(|c| course.index_of(c))
        && progress.status(course.lessons[i].id()) == Status::InProgress
    {
        return i;
    }
    course
        .lessons
        .iter()
        .position(|l| !matches!(progress.status(l.id()), Status::Done | Status::FinishedWithHelp))
        .unwrap_or(0)
}

/// `dockyard learn [LESSON] [--script FILE]`.
pub fn learn(opts: LearnOptions) -> ExitCode {
    let course = match load_course(opts.lessons_dir.as_deref(), opts.lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let script = match &opts.script {
        Some(p) if p.as_os_str() == "-" => Some(read_stdin(opts.lang)),
        Some(p) => Some(
            std::fs::read(p)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| {
                    eprintln!(
                        "{}",
                        text(
                            opts.lang,
                            "error-script-unreadable",
                            &[("path", p.display().to_string()), ("error", e.to_string())]
                        )
                    );
                }),
        ),
        None if !io::IsTerminal::is_terminal(&io::stdin()) => Some(read_stdin(opts.lang)),
        None => None,
    };
    let script = match script {
        Some(Ok(s)) => Some(s),
        Some(Err(())) => return ExitCode::from(2),
        None => None,
    };
    let (mut tutor, warning) = Tutor::new(course, opts.lang, opts.lang_given, script.is_some());
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    let index = match &opts.lesson {
        Some(key) => match tutor.course.lesson(key).and_then(|l| tutor.course.index_of(l.id())) {
            Some(i) => i,
            None => {
                eprintln!("{}", text(tutor.lang, "lesson-unknown", &[("lesson", key.clone())]));
                return ExitCode::from(2);
            }
        },
        None => default_lesson(&tutor.course, &tutor.progress),
    };
    match script {
        Some(input) => run_script(&mut tutor, index, &input),
        None => run_terminal(tutor, Some(index)),
    }
}

/// `dockyard` on a terminal: the course menu.
pub fn menu(lessons_dir: Option<PathBuf>, lang: Lang, lang_given: bool) -> ExitCode {
    let course = match load_course(lessons_dir.as_deref(), lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (tutor, warning) = Tutor::new(course, lang, lang_given, false);
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    run_terminal(tutor, None)
}

fn read_stdin(lang: Lang) -> Result<String, ()> {
    let mut buf = Vec::new();
    io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| eprintln!("{}", text(lang, "error-input", &[("error", e.to_string())])))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The control keys a script spells as lines of their own.
fn script_key(line: &str) -> Option<fn(&mut dockyard_engine::Sandbox) -> Output> {
    match line.to_ascii_uppercase().as_str() {
        "^C" => Some(|sb| sb.interrupt()),
        "^D" => Some(|sb| sb.eof()),
        "^P^Q" | "^P ^Q" => Some(|sb| sb.detach()),
        _ => None,
    }
}

/// Script mode: each line typed as the student; exit 0 only when every step of the
/// lesson was solved.
fn run_script(tutor: &mut Tutor, index: usize, input: &str) -> ExitCode {
    if tutor.open(index, false).is_err() {
        return ExitCode::FAILURE;
    }
    let mut pending: Vec<&str> = Vec::new();
    let mut quit = false;
    for line in input.lines() {
        if pending.is_empty() {
            let t = line.trim();
            let answering = tutor.pending != Pending::Nothing
                || tutor.with_session(|s| matches!(s.sandbox().mode, Mode::Confirm { .. }));
            if t.starts_with('#') || (t.is_empty() && !answering) {
                continue;
            }
            if let Some(press) = script_key(t) {
                let prompt = tutor.prompt();
                let _ = writeln!(tutor.out, "{prompt}{t}");
                tutor.with_session_mut(|s| s.sandbox_mut().step_clock());
                let r = tutor.with_session_mut(|s| s.key(press));
                tutor.show_result(r);
                continue;
            }
        }
        pending.push(line);
        let joined = pending.join("\n");
        if tutor.pending == Pending::Nothing && tutor.with_session(|s| s.sandbox().is_incomplete(&joined)) {
            continue;
        }
        let prompt = tutor.prompt();
        let _ = writeln!(tutor.out, "{prompt}{}", pending.join("\n> "));
        pending.clear();
        match tutor.handle(&joined) {
            Flow::Quit => {
                quit = true;
                break;
            }
            Flow::Stay | Flow::Menu | Flow::Open(_) => {}
        }
    }
    if !pending.is_empty() && !quit {
        let joined = pending.join("\n");
        let prompt = tutor.prompt();
        let _ = writeln!(tutor.out, "{prompt}{}", pending.join("\n> "));
        tutor.handle(&joined);
    }
    let (finished, all_solved, index, solved) = tutor.with_session(|s| {
        (
            s.finished(),
            s.all_solved(),
            s.step_index(),
            s.completed().iter().filter(|e| e.how == Completion::Solved).count(),
        )
    });
    let lesson = tutor.lesson_ref().clone();
    let total = lesson.steps().len().to_string();
    tutor.say("");
    let msg = if all_solved {
        tutor.t(
            "lesson-script-done",
            &[("solved", solved.to_string()), ("total", total)],
        )
    } else if finished {
        tutor.t(
            "lesson-script-helped",
            &[("solved", solved.to_string()), ("total", total)],
        )
    } else {
        let step = lesson.steps()[index].id.get_ref().clone();
        tutor.t(
            "lesson-script-not-done",
            &[("index", (index + 1).to_string()), ("total", total), ("step", step)],
        )
    };
    tutor.say(&msg);
    let _ = tutor.out.flush();
    if all_solved {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The menu (when `first` is None) and lessons, on a terminal.
fn run_terminal(mut tutor: Tutor, first: Option<usize>) -> ExitCode {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut rl: Editor<LessonHelper, FileHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("{}", text(tutor.lang, "error-input", &[("error", e.to_string())]));
            return ExitCode::FAILURE;
        }
    };
    rl.set_helper(Some(LessonHelper {
        slot: tutor.slot.clone(),
    }));
    let history = crate::progress::data_dir().map(|d| d.join("history.txt"));
    if let Some(h) = &history
        && h.exists()
    {
        let _ = rl.load_history(h);
    }
    let mut next = first;
    loop {
        let index = match next.take() {
            Some(i) => i,
            None => match menu_choice(&mut tutor, &mut rl) {
                Some(i) => i,
                None => break,
            },
        };
        // On a terminal a lesson in progress continues where the student left it.
        if tutor.open(index, true).is_err() {
            continue;
        }
        match lesson_loop(&mut tutor, &mut rl) {
            Flow::Quit => break,
            Flow::Open(i) => next = Some(i),
            Flow::Menu | Flow::Stay => {}
        }
    }
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.save_history(h);
    }
    tutor.save();
    ExitCode::SUCCESS
}

/// Shows the menu and reads a choice; None to quit.
fn menu_choice(tutor: &mut Tutor, rl: &mut Editor<LessonHelper, FileHistory>) -> Option<usize> {
    *tutor.slot.borrow_mut() = None;
    loop {
        tutor.say("");
        let title = tutor.t("menu-title", &[]);
        tutor.heading(&title);
        tutor.say("");
        tutor.list();
        tutor.say("");
        let legend = tutor.t("menu-legend", &[]);
        tutor.note(&legend);
        let default = default_lesson(&tutor.course, &tutor.progress);
        let prompt = tutor.t(
            "menu-prompt",
            &[("default", tutor.course.lessons[default].order().to_string())],
        );
        let _ = tutor.out.flush();
        let choice = match rl.readline(&prompt) {
            Ok(c) => c,
            Err(_) => return None,
        };
        let c = choice.trim();
        match c {
            "" => return Some(default),
            "q" | "quit" | "exit" => return None,
            _ => match tutor.course.lesson(c).and_then(|l| tutor.course.index_of(l.id())) {
                Some(i) => return Some(i),
                None => {
                    let msg = tutor.t("menu-unknown", &[("choice", c.to_string())]);
                    tutor.say(&msg);
                }
            },
        }
    }
}

/// The prompt of one lesson until the student leaves it.
fn lesson_loop(tutor: &mut Tutor, rl: &mut Editor<LessonHelper, FileHistory>) -> Flow {
    loop {
        let prompt = tutor.prompt();
        let styled = if tutor.style.color && tutor.pending == Pending::Nothing {
            match prompt.split_once("] ") {
                Some((tag, rest)) => format!("\x1b[1;36m{tag}]\x1b[0m {rest}"),
                None => prompt.clone(),
            }
        } else {
            prompt.clone()
        };
        let _ = tutor.out.flush();
        let read = rl.readline(&(prompt.as_str(), styled.as_str()));
        let flow = match read {
            Ok(line) => {
                if !line.trim().is_empty() && tutor.pending == Pending::Nothing {
                    let _ = rl.add_history_entry(line.as_str());
                }
                tutor.handle(&line)
            }
            Err(ReadlineError::Interrupted) => {
                tutor.pending = Pending::Nothing;
                let r = tutor.with_session_mut(|s| s.key(|sb| sb.interrupt()));
                tutor.show_result(r);
                Flow::Stay
            }
            Err(ReadlineError::Eof) => {
                if tutor.with_session(|s| matches!(s.sandbox().mode, Mode::Attached(_))) {
                    let r = tutor.with_session_mut(|s| s.key(|sb| sb.eof()));
                    tutor.show_result(r);
                    Flow::Stay
                } else {
                    tutor.tool(Tool::Quit)
                }
            }
            Err(e) => {
                eprintln!("{}", text(tutor.lang, "error-input", &[("error", e.to_string())]));
                Flow::Quit
            }
        };
        match flow {
            Flow::Stay => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message id the lesson tools use (string literals with these prefixes in
    /// their sources) and every check finding has a text in both languages.
    #[test]
    fn every_message_exists_in_both_languages() {
        let sources = [
            include_str!("learn.rs"),
            include_str!("lessons_cmd.rs"),
            include_str!("progress.rs"),
        ];
        let prefixes = [
            "course-",
            "lesson-",
            "check-",
            "stamp-",
            "progress-",
            "menu-",
            "tool-",
            "hint-",
            "solution-",
            "next-",
            "skip-",
            "reset-",
            "undo-",
            "redo-",
            "lang-",
            "answer-",
            "quit-",
            "state-",
            "error-",
        ];
        let mut ids: Vec<String> = dockyard_lessons::eval::FINDING_IDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        for src in sources {
            for piece in src.split('"').skip(1).step_by(2) {
                let looks_like_id = piece.len() > 4
                    && !piece.ends_with('-')
                    && piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                if looks_like_id && prefixes.iter().any(|p| piece.starts_with(p)) {
                    ids.push(piece.to_string());
                }
            }
        }
        assert!(ids.len() > 60, "{ids:?}");
        // Every argument any of these messages takes (a missing one makes Fluent fail).
        let names = [
            "answer",
            "choice",
            "count",
            "default",
            "dir",
            "error",
            "field",
            "file",
            "files",
            "have",
            "image",
            "index",
            "kept",
            "lang",
            "languages",
            "lesson",
            "lessons",
            "line",
            "name",
            "number",
            "options",
            "output",
            "path",
            "problems",
            "registry",
            "section",
            "solved",
            "source",
            "spec",
            "step",
            "steps",
            "stream",
            "title",
            "total",
            "url",
            "want",
        ];
        let args: Vec<(&str, String)> = names.iter().map(|n| (*n, "2".to_string())).collect();
        for id in ids {
            for lang in Lang::ALL {
                assert_ne!(text(lang, &id, &args), id, "{id} has no {lang} text");
            }
        }
    }

    #[test]
    fn the_default_lesson_is_the_one_in_progress_else_the_first_not_done() {
        let course = dockyard_lessons::builtin::course();
        let mut p = Progress::default();
        assert_eq!(default_lesson(&course, &p), 0);
        p.complete("containers-vs-vms", "kernel", Completion::Solved);
        p.finish("containers-vs-vms");
        assert_eq!(default_lesson(&course, &p), 1);
        p.at_step("detached", "logs");
        assert_eq!(default_lesson(&course, &p), 2);
    }
}
