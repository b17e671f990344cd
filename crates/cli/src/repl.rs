//! The interactive sandbox: a rustyline prompt over the engine, with its completion,
//! multi-line input, history on disk and the terminal's control keys.

use std::cell::RefCell;
use std::io::{self, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use dockyard_engine::model::Stream;
use dockyard_engine::sandbox::Mode;
use dockyard_engine::{Output, Sandbox};
use dockyard_i18n::{Lang, text};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, Context, Editor, Event, EventContext, EventHandler, Helper,
    KeyEvent, RepeatCount,
};

use crate::output::{Style, explanations};

/// Lets rustyline ask the engine for completions and for "is this line finished?".
struct SandboxHelper {
    sb: Rc<RefCell<Sandbox>>,
}

impl Completer for SandboxHelper {
    type Candidate = String;
    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        let sb = self.sb.borrow();
        if matches!(sb.mode, Mode::Confirm { .. }) {
            return Ok((pos, Vec::new()));
        }
        Ok(sb.complete(line, pos))
    }
}

impl Validator for SandboxHelper {
    /// Enter on an open quote, a heredoc or a trailing `|` adds a line instead of running.
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let incomplete = self.sb.borrow().is_incomplete(ctx.input());
        Ok(if incomplete {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Hinter for SandboxHelper {
    type Hint = String;
}
impl Highlighter for SandboxHelper {}
impl Helper for SandboxHelper {}

/// State shared with the key handlers, which rustyline requires to be `Send + Sync`.
///
/// Docker's detach keys are a sequence, Ctrl-P then Ctrl-Q, and rustyline binds single
/// keys only (sequences just after Ctrl-X), so the sequence is tracked here: while
/// attached, Ctrl-P is held back, and a Ctrl-Q right after it ends `readline` with an
/// interrupt marked as a detach. On the host prompt Ctrl-P keeps its history meaning.
#[derive(Default)]
struct DetachKeys {
    attached: AtomicBool,
    after_ctrl_p: AtomicBool,
    detach: AtomicBool,
}

struct CtrlP(Arc<DetachKeys>);
struct CtrlQ(Arc<DetachKeys>);
struct AnyOtherKey(Arc<DetachKeys>);

impl ConditionalEventHandler for CtrlP {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, _: &EventContext) -> Option<Cmd> {
        let attached = self.0.attached.load(Ordering::SeqCst);
        self.0.after_ctrl_p.store(attached, Ordering::SeqCst);
        attached.then_some(Cmd::Noop)
    }
}

impl ConditionalEventHandler for CtrlQ {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, _: &EventContext) -> Option<Cmd> {
        if self.0.after_ctrl_p.swap(false, Ordering::SeqCst) {
            self.0.detach.store(true, Ordering::SeqCst);
            return Some(Cmd::Interrupt);
        }
        None
    }
}

impl ConditionalEventHandler for AnyOtherKey {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, _: &EventContext) -> Option<Cmd> {
        self.0.after_ctrl_p.store(false, Ordering::SeqCst);
        None
    }
}

/// Where the history lives: `$XDG_DATA_HOME/dockyard/history.txt`, else
/// `~/.local/share/dockyard/history.txt` (`%APPDATA%\dockyard` on Windows).
fn history_path() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = var("XDG_DATA_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
        .or_else(|| var("APPDATA"))?;
    Some(base.join("dockyard").join("history.txt"))
}

/// Runs the REPL until Ctrl-D on the host prompt.
pub fn run(sb: Sandbox, lang: Lang, style: Style, workspace: Option<(String, String)>) -> rustyline::Result<()> {
    let sb = Rc::new(RefCell::new(sb));
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut rl: Editor<SandboxHelper, FileHistory> = Editor::with_config(config)?;
    rl.set_helper(Some(SandboxHelper { sb: sb.clone() }));
    let keys = Arc::new(DetachKeys::default());
    rl.bind_sequence(
        KeyEvent::ctrl('P'),
        EventHandler::Conditional(Box::new(CtrlP(keys.clone()))),
    );
    rl.bind_sequence(
        KeyEvent::ctrl('Q'),
        EventHandler::Conditional(Box::new(CtrlQ(keys.clone()))),
    );
    rl.bind_sequence(
        Event::Any,
        EventHandler::Conditional(Box::new(AnyOtherKey(keys.clone()))),
    );

    let history = history_path();
    let mut history_ok = false;
    if let Some(path) = &history {
        match path.parent().map(std::fs::create_dir_all).unwrap_or(Ok(())) {
            Ok(()) => {
                history_ok = true;
                if path.exists()
                    && let Err(e) = rl.load_history(path)
                {
                    println!(
                        "{}",
                        style.note(&text(lang, "repl-history-unavailable", &[("error", e.to_string())]))
                    );
                    history_ok = false;
                }
            }
            Err(e) => println!(
                "{}",
                style.note(&text(lang, "repl-history-unavailable", &[("error", e.to_string())]))
            ),
        }
    }

    println!("{}", style.note(&text(lang, "repl-banner", &[])));
    println!("{}", style.note(&text(lang, "repl-keys", &[])));
    if let Some((path, dir)) = workspace {
        println!(
            "{}",
            style.note(&text(lang, "repl-workspace", &[("path", path), ("dir", dir)]))
        );
    }

    // The last, unfinished line of a y/N question becomes the prompt for its answer.
    let mut question = String::new();
    loop {
        let (raw, styled) = {
            let s = sb.borrow();
            keys.attached
                .store(matches!(s.mode, Mode::Attached(_)), Ordering::SeqCst);
            match s.mode {
                Mode::Confirm { .. } => (question.clone(), question.clone()),
                _ => style.prompt(&s.prompt()),
            }
        };
        let read = rl.readline(&(raw.as_str(), styled.as_str()));
        let mut s = sb.borrow_mut();
        s.set_time(crate::wall_clock());
        let on_host = matches!(s.mode, Mode::Host);
        let out = match read {
            Ok(line) => {
                if !line.trim().is_empty() && !matches!(s.mode, Mode::Confirm { .. }) {
                    rl.add_history_entry(line.as_str())?;
                }
                // `edit FILE` opens the student's editor on a sandbox file (terminal only).
                if let (true, Some(name)) = (on_host, line.trim().strip_prefix("edit ")) {
                    match crate::edit::edit(&mut s, name.trim()) {
                        Ok(msg) => println!("{msg}"),
                        Err(msg) => eprintln!("{msg}"),
                    }
                    continue;
                }
                s.run_line(&line)
            }
            Err(ReadlineError::Interrupted) if keys.detach.swap(false, Ordering::SeqCst) => s.detach(),
            Err(ReadlineError::Interrupted) => s.interrupt(),
            Err(ReadlineError::Eof) => match s.mode {
                Mode::Host => {
                    println!();
                    break;
                }
                Mode::Attached(_) => s.eof(),
                // End of input answers a question with the default (no).
                Mode::Confirm { .. } => s.run_line(""),
            },
            Err(e) => return Err(e),
        };
        if out.io.clear {
            rl.clear_screen()?;
        }
        let asking = matches!(s.mode, Mode::Confirm { .. });
        question = show(&out, lang, style, asking)?;
        if on_host && s.host_shell.exited().is_some() {
            // `exit` in the host shell: the session is over, as when a terminal's shell exits.
            break;
        }
    }
    if history_ok && let Some(path) = &history {
        // Losing the history is no reason to fail the session.
        let _ = rl.save_history(path);
    }
    println!("{}", style.note(&text(lang, "repl-bye", &[])));
    Ok(())
}

/// Prints one line's output: the chunks in order (stdout to stdout, stderr to stderr),
/// then the explanations. When a question is pending, its unfinished last line is held
/// back and returned, to be the prompt the answer is typed at.
fn show(out: &Output, lang: Lang, style: Style, asking: bool) -> io::Result<String> {
    let mut chunks = out.io.chunks.clone();
    let mut held = String::new();
    if asking && let Some((_, last)) = chunks.last_mut() {
        let cut = last.rfind('\n').map_or(0, |i| i + 1);
        held = last.split_off(cut);
    }
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    let mut at_line_start = true;
    for (stream, text) in chunks.iter().filter(|(_, t)| !t.is_empty()) {
        match stream {
            Stream::Stdout => {
                stdout.write_all(text.as_bytes())?;
                stdout.flush()?;
            }
            Stream::Stderr => {
                stderr.write_all(text.as_bytes())?;
                stderr.flush()?;
            }
        }
        at_line_start = text.ends_with('\n');
    }
    let hints = explanations(lang, out);
    if !hints.is_empty() && !at_line_start {
        writeln!(stdout)?;
    }
    for h in hints {
        writeln!(stdout, "{}", style.hint(&h))?;
    }
    stdout.flush()?;
    Ok(held)
}
