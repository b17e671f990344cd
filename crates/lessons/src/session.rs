//! A lesson being taken: the sandbox, which step the student is on, quiz answers, hints
//! shown, and undo/redo across both. Front ends (terminal, browser) drive a [`Session`]
//! and render what it reports; it holds no text of its own, only ids and keys, so the
//! student can switch languages at any moment.
//!
//! After every line the current step's check is evaluated; when it holds, the step is
//! complete and the next one is checked at once (a student who runs `docker run nginx`
//! before the "pull" step has done both). A step completed after its solution was shown
//! counts as [`Completion::Revealed`], never as solved.

use std::collections::{BTreeMap, BTreeSet};

use dockyard_engine::fs::Node;
use dockyard_engine::time::Time;
use dockyard_engine::{Options, Output, Sandbox};

use crate::course::Lesson;
use crate::eval::{self, Env, Finding};
use crate::manifest::Step;
use crate::progress::Completion;
use crate::tool::Tool;

/// A step that was just completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepEvent {
    pub index: usize,
    pub id: String,
    pub how: Completion,
}

/// What a line did: the sandbox's output and the steps it completed.
#[derive(Clone, Debug, Default)]
pub struct LineResult {
    pub output: Output,
    pub completed: Vec<StepEvent>,
}

/// What `skip` did: the solution lines it ran with their output, and the steps that
/// ended up completed (the skipped one first).
#[derive(Clone, Debug)]
pub struct Skipped {
    pub ran: Vec<(String, Output)>,
    pub completed: Vec<StepEvent>,
}

/// The set-up of a lesson failed (a broken lesson, or a simulator that changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    pub line: String,
    pub output: String,
}

/// Why an `answer` was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerError {
    /// The current step asks no question.
    NoQuestion,
    /// Not one of the options; here are the valid ones.
    NotAnOption(Vec<String>),
}

/// Hints for the current step: the keys of state-aware hints whose rules hold now, and
/// the index of the progressive hint to show next (with their count).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hints {
    pub keyed: Vec<String>,
    pub progressive: Option<usize>,
    pub total: usize,
}

#[derive(Clone, Debug)]
struct Mark {
    step: usize,
    answers: BTreeMap<String, String>,
    hint_level: usize,
    revealed: BTreeSet<String>,
    completed: Vec<StepEvent>,
    /// How many sandbox lines the action ran (what to undo in the sandbox).
    lines: usize,
}

const MAX_HISTORY: usize = 100;

#[derive(Clone)]
pub struct Session {
    lesson: Lesson,
    sb: Sandbox,
    workdir: String,
    step: usize,
    answers: BTreeMap<String, String>,
    hint_level: usize,
    revealed: BTreeSet<String>,
    completed: Vec<StepEvent>,
    history: Vec<Mark>,
    future: Vec<Mark>,
    /// Whether the clock started from the caller's time (then a reset keeps it going).
    wall_clock: bool,
}

/// A fresh sandbox set up for `lesson`: its files in the workdir, its images pulled, its
/// set-up commands run, nothing to undo and no "last command".
/// `start_time` sets the virtual clock's start (the terminal passes the wall clock);
/// by default it is the engine's fixed start, so lessons replay identically.
pub fn setup_sandbox(lesson: &Lesson, start_time: Option<Time>) -> Result<(Sandbox, String), SetupError> {
    let setup = &lesson.manifest.setup;
    let mut options = Options {
        seed: setup.seed.unwrap_or(1),
        ..Options::default()
    };
    if let Some(t) = start_time {
        options.start_time = t;
    }
    let mut sb = Sandbox::new(options);
    let workdir = setup.workdir_in(&sb.world.host.home);
    let host = &mut sb.world.host;
    host.fs.put(&workdir, Node::dir());
    for (path, data) in &lesson.files {
        let mut node = Node::file(data.clone());
        if path.ends_with(".sh")
            && let Node::File { mode, .. } = &mut node
        {
            *mode = 0o755;
        }
        host.fs.put(&format!("{workdir}/{path}"), node);
    }
    if host.cwd != workdir {
        host.old_cwd = Some(std::mem::replace(&mut host.cwd, workdir.clone()));
        host.set_env("PWD", &workdir);
    }
    let lines = setup
        .images
        .iter()
        .map(|i| format!("docker pull {}", i.get_ref()))
        .chain(setup.commands.iter().map(|c| c.get_ref().clone()));
    for line in lines {
        sb.step_clock();
        let out = sb.run_line(&line);
        if out.exit_code != 0 {
            return Err(SetupError {
                line,
                output: out.io.combined(),
            });
        }
    }
    sb.last = Output::default();
    Ok((sb, workdir))
}

impl Session {
    /// Starts `lesson` at its first step on the engine's fixed clock.
    pub fn new(lesson: &Lesson) -> Result<Session, SetupError> {
        Session::start(lesson, 0, None)
    }

    /// Starts `lesson` at step `index` (the earlier steps' solutions are run silently:
    /// the sandbox is not saved between sessions, progress is), with the clock starting
    /// at `start_time` if given.
    pub fn start(lesson: &Lesson, index: usize, start_time: Option<Time>) -> Result<Session, SetupError> {
        let (sb, workdir) = setup_sandbox(lesson, start_time)?;
        let mut s = Session {
            lesson: lesson.clone(),
            sb,
            workdir,
            step: 0,
            answers: BTreeMap::new(),
            hint_level: 0,
            revealed: BTreeSet::new(),
            completed: Vec::new(),
            history: Vec::new(),
            future: Vec::new(),
            wall_clock: start_time.is_some(),
        };
        while s.step < index.min(s.lesson.steps().len()) {
            let step = s.lesson.steps()[s.step].clone();
            for line in &step.solution {
                s.apply_solution_line(step.id.get_ref(), line.get_ref());
            }
            s.step += 1;
        }
        s.sb.last = Output::default();
        Ok(s)
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.sb
    }

    /// For the clock (`set_time`, `step_clock`), completion and prompts; lines go
    /// through [`Session::run`] so steps are checked.
    pub fn sandbox_mut(&mut self) -> &mut Sandbox {
        &mut self.sb
    }

    pub fn workdir(&self) -> &str {
        &self.workdir
    }

    /// Index of the current step; equal to the number of steps once finished.
    pub fn step_index(&self) -> usize {
        self.step
    }

    pub fn current_step(&self) -> Option<&Step> {
        self.lesson.steps().get(self.step)
    }

    pub fn finished(&self) -> bool {
        self.step >= self.lesson.steps().len()
    }

    /// Steps completed in this session, in order.
    pub fn completed(&self) -> &[StepEvent] {
        &self.completed
    }

    /// True when every step was completed in this session without help.
    pub fn all_solved(&self) -> bool {
        self.finished()
            && self.completed.len() == self.lesson.steps().len()
            && self.completed.iter().all(|e| e.how == Completion::Solved)
    }

    /// The answer given to a step's question.
    pub fn answer_of(&self, step_id: &str) -> Option<&str> {
        self.answers.get(step_id).map(String::as_str)
    }

    fn env(&self, step_id: &str) -> Env<'_> {
        Env::new(&self.sb, self.answer_of(step_id), &self.workdir)
    }

    /// Does step `index`'s check hold now?
    pub fn step_holds(&self, index: usize) -> bool {
        let step = &self.lesson.steps()[index];
        eval::holds(step.check.get_ref(), &self.env(step.id.get_ref()))
    }

    /// What keeps step `index` from being done.
    pub fn step_missing(&self, index: usize) -> Vec<Finding> {
        let step = &self.lesson.steps()[index];
        eval::missing(step.check.get_ref(), &self.env(step.id.get_ref()))
    }

    /// What keeps the current step from being done (empty once finished).
    pub fn missing(&self) -> Vec<Finding> {
        if self.finished() {
            Vec::new()
        } else {
            self.step_missing(self.step)
        }
    }

    fn mark(&self, lines: usize) -> Mark {
        Mark {
            step: self.step,
            answers: self.answers.clone(),
            hint_level: self.hint_level,
            revealed: self.revealed.clone(),
            completed: self.completed.clone(),
            lines,
        }
    }

    fn restore(&mut self, m: Mark) {
        self.step = m.step;
        self.answers = m.answers;
        self.hint_level = m.hint_level;
        self.revealed = m.revealed;
        self.completed = m.completed;
    }

    fn remember(&mut self, m: Mark) {
        self.history.push(m);
        if self.history.len() > MAX_HISTORY {
            self.history.remove(0);
        }
        self.future.clear();
    }

    /// Completes every step whose check holds, from the current one on.
    fn advance(&mut self) -> Vec<StepEvent> {
        let mut events = Vec::new();
        while !self.finished() && self.step_holds(self.step) {
            let id = self.lesson.steps()[self.step].id.get_ref().clone();
            let how = if self.revealed.contains(&id) {
                Completion::Revealed
            } else {
                Completion::Solved
            };
            let e = StepEvent {
                index: self.step,
                id,
                how,
            };
            self.completed.push(e.clone());
            events.push(e);
            self.step += 1;
            self.hint_level = 0;
        }
        events
    }

    /// Runs a line typed by the student (a shell line, or input for the program of an
    /// attached container) and checks the steps.
    pub fn run(&mut self, line: &str) -> LineResult {
        let m = self.mark(1);
        self.remember(m);
        let output = self.sb.run_line(line);
        let completed = self.advance();
        LineResult { output, completed }
    }

    /// Runs one of the control keys (Ctrl-C, Ctrl-D, detach) and checks the steps.
    pub fn key(&mut self, press: impl FnOnce(&mut Sandbox) -> Output) -> LineResult {
        let m = self.mark(0);
        self.remember(m);
        let output = press(&mut self.sb);
        let completed = self.advance();
        LineResult { output, completed }
    }

    /// The valid quiz options of the current step (from the source language's text).
    pub fn options(&self) -> Vec<String> {
        let Some(step) = self.current_step() else {
            return Vec::new();
        };
        let doc = self.lesson.doc(self.lesson.manifest.source_language.get_ref());
        doc.step(step.id.get_ref())
            .map(|t| t.options.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default()
    }

    /// `answer KEY`: records the answer to the current step's question.
    pub fn answer(&mut self, key: &str) -> Result<Vec<StepEvent>, AnswerError> {
        let Some(step) = self.current_step() else {
            return Err(AnswerError::NoQuestion);
        };
        let asks = !step.check.get_ref().quiz_answers().is_empty();
        if !asks {
            return Err(AnswerError::NoQuestion);
        }
        let options = self.options();
        if !options.iter().any(|o| o == key) {
            return Err(AnswerError::NotAnOption(options));
        }
        let id = step.id.get_ref().clone();
        let m = self.mark(0);
        self.remember(m);
        self.answers.insert(id, key.to_string());
        Ok(self.advance())
    }

    /// The keys of the current step's state-aware hints whose rules hold now.
    pub fn situation_hints(&self) -> Vec<String> {
        let Some(step) = self.current_step() else {
            return Vec::new();
        };
        let env = self.env(step.id.get_ref());
        step.hints
            .iter()
            .filter(|r| eval::holds(&r.when, &env))
            .map(|r| r.key.get_ref().clone())
            .collect()
    }

    /// The next hints for the current step; each call moves one progressive hint on
    /// (staying on the last).
    pub fn hint(&mut self) -> Option<Hints> {
        let keyed = self.situation_hints();
        let step = self.current_step()?;
        let doc = self.lesson.doc(self.lesson.manifest.source_language.get_ref());
        let total = doc.step(step.id.get_ref()).map(|t| t.hints.len()).unwrap_or(0);
        let progressive = (total > 0).then(|| self.hint_level.min(total - 1));
        self.hint_level += 1;
        Some(Hints {
            keyed,
            progressive,
            total,
        })
    }

    /// The reference solution of the current step. From now on completing the step
    /// counts as [`Completion::Revealed`]. Front ends ask before calling this.
    pub fn reveal_solution(&mut self) -> Option<Vec<String>> {
        let step = self.current_step()?;
        let lines = step.solution.iter().map(|l| l.get_ref().clone()).collect();
        let id = step.id.get_ref().clone();
        self.revealed.insert(id);
        Some(lines)
    }

    /// Runs a solution line for `step_id`: `answer X` records a quiz answer, anything
    /// else goes to the sandbox (on the virtual clock, as a script would).
    fn apply_solution_line(&mut self, step_id: &str, line: &str) -> (Output, bool) {
        if let Some(Tool::Answer(a)) = Tool::parse(line, false) {
            self.answers.insert(step_id.to_string(), a);
            return (Output::default(), false);
        }
        self.sb.step_clock();
        (self.sb.run_line(line), true)
    }

    /// Runs one solution line for the step at `index` without checking any step: the
    /// validator's way to replay a lesson.
    pub fn apply_solution(&mut self, index: usize, line: &str) -> Output {
        let id = self.lesson.steps()[index].id.get_ref().clone();
        self.apply_solution_line(&id, line).0
    }

    /// `skip`: runs the current step's solution (so the next steps find the state they
    /// expect), marks the step skipped and moves on. Returns the lines and their output.
    pub fn skip(&mut self) -> Option<Skipped> {
        let step = self.current_step()?.clone();
        let before = self.mark(0);
        let mut ran = Vec::new();
        let mut lines = 0;
        for l in &step.solution {
            let (out, sandbox) = self.apply_solution_line(step.id.get_ref(), l.get_ref());
            lines += usize::from(sandbox);
            ran.push((l.get_ref().clone(), out));
        }
        self.remember(Mark { lines, ..before });
        let e = StepEvent {
            index: self.step,
            id: step.id.get_ref().clone(),
            how: Completion::Skipped,
        };
        self.completed.push(e.clone());
        self.step += 1;
        self.hint_level = 0;
        let mut events = vec![e];
        // Later steps that already hold are the student's own doing.
        events.extend(self.advance());
        Some(Skipped { ran, completed: events })
    }

    /// Starts the lesson over: a fresh sandbox, the first step, no answers.
    pub fn reset(&mut self) -> Result<(), SetupError> {
        let now = self.wall_clock.then_some(self.sb.world.now);
        *self = Session::start(&self.lesson, 0, now)?;
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Goes back to before the last line (or answer, or skip). Steps completed by it
    /// are undone too; progress already saved keeps them.
    pub fn undo(&mut self) -> bool {
        let Some(m) = self.history.pop() else {
            return false;
        };
        for _ in 0..m.lines {
            if !self.sb.undo() {
                break;
            }
        }
        let now = self.mark(m.lines);
        self.future.push(now);
        self.restore(m);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(m) = self.future.pop() else {
            return false;
        };
        for _ in 0..m.lines {
            if !self.sb.redo() {
                break;
            }
        }
        let now = self.mark(m.lines);
        self.history.push(now);
        self.restore(m);
        true
    }
}
