//! The interactive interpreter (`>>>` / `...` prompts, echo of expression
//! values, multi-line blocks, `exit()`, Ctrl-D, Ctrl-C).

use crate::host::PyHost;
use crate::interp::{Flow, Interp};
use crate::lexer::{Tok, tokenize};
use crate::server::Server;
use crate::value::{Source, Value};

/// What one line typed at the REPL produced.
#[derive(Clone, Debug)]
pub struct ReplOutput {
    /// Everything written to the terminal (stdout and stderr interleaved).
    pub output: String,
    /// The next prompt: `">>> "` or `"... "` (or the `input()` prompt text
    /// already included in `output`).
    pub prompt: String,
    /// Set when the interpreter exited (`exit()`, `sys.exit(n)`, Ctrl-D).
    pub exited: Option<i32>,
    /// Set when the input started a server (`serve_forever()`, `app.run()`).
    pub server: Option<Box<Server>>,
}

/// An interactive Python session.
#[derive(Clone)]
pub struct Repl {
    interp: Interp,
    buffer: Vec<String>,
    waiting: Option<Box<Waiting>>,
}

/// A chunk suspended in `input()`: it is re-run from a snapshot with the
/// typed lines queued, hiding the output already shown.
#[derive(Clone)]
struct Waiting {
    snapshot: Interp,
    src: String,
    body: Vec<crate::ast::Stmt>,
    inputs: Vec<String>,
    shown: usize,
    log: crate::replay::HostLog,
}

impl std::fmt::Debug for Repl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repl").field("buffer", &self.buffer).finish()
    }
}

const COMPOUND: [&str; 9] = ["if", "for", "while", "def", "class", "with", "try", "async", "@"];

impl Repl {
    pub(crate) fn from_interp(mut interp: Interp) -> Repl {
        interp.echo = true;
        interp.frames.clear();
        Repl {
            interp,
            buffer: Vec::new(),
            waiting: None,
        }
    }

    /// The current prompt.
    pub fn prompt(&self) -> &'static str {
        if self.buffer.is_empty() { ">>> " } else { "... " }
    }

    fn take_output(&mut self) -> String {
        self.interp.out.flush();
        self.interp.out.take().into_iter().map(|(_, t)| t).collect()
    }

    fn starts_block(first: &str) -> bool {
        let t = first.trim_start();
        if t.starts_with('@') {
            return true;
        }
        let word: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        COMPOUND.contains(&word.as_str()) && {
            // `if` etc. used as a name is a syntax error anyway; require a colon somewhere.
            match tokenize(t) {
                Ok(toks) => toks.iter().any(|tk| tk.tok == Tok::Op(":")),
                Err(_) => true,
            }
        }
    }

    /// Feed one line (without its newline). While a statement waits in
    /// `input()`, the line is its answer.
    pub fn feed(&mut self, line: &str, host: &mut dyn PyHost) -> ReplOutput {
        let line = line.trim_end_matches(['\r', '\n']);
        if let Some(mut w) = self.waiting.take() {
            w.inputs.push(line.to_string());
            return self.execute(*w, false, host);
        }
        self.buffer.push(line.to_string());
        let first = self.buffer[0].clone();
        if self.buffer.len() == 1 && first.trim().is_empty() {
            self.buffer.clear();
            return self.done(None, None);
        }
        let src = format!("{}\n", self.buffer.join("\n"));
        let block = Self::starts_block(&first);
        match crate::parser::parse_module(&src) {
            Err(e) if e.incomplete => {
                let last_blank = line.trim().is_empty();
                if last_blank && block && self.buffer.len() > 1 && !src.contains("\"\"\"") && !src.contains("\'\'\'") {
                    // a blank line cannot complete it: report the error
                    self.buffer.clear();
                    let msg = crate::traceback::format_syntax_error(&e, "<stdin>", &src);
                    self.interp.write_stderr(&msg);
                    return self.done(None, None);
                }
                self.more()
            }
            Err(e) => {
                self.buffer.clear();
                let msg = crate::traceback::format_syntax_error(&e, "<stdin>", &src);
                self.interp.write_stderr(&msg);
                self.done(None, None)
            }
            Ok(body) => {
                if block && !line.trim().is_empty() {
                    return self.more();
                }
                self.buffer.clear();
                let w = Waiting {
                    snapshot: self.interp.clone(),
                    src,
                    body,
                    inputs: Vec::new(),
                    shown: 0,
                    log: Default::default(),
                };
                self.execute(w, false, host)
            }
        }
    }

    /// Run (or re-run, after `input()`) one complete chunk.
    fn execute(&mut self, mut w: Waiting, eof: bool, host: &mut dyn PyHost) -> ReplOutput {
        self.interp = w.snapshot.clone();
        self.interp.input_queue = w.inputs.iter().cloned().collect();
        self.interp.input_suspend = !eof;
        self.interp.out.suppress = w.shown;
        self.interp.out.emitted = 0;
        let env = self.interp.main_env;
        let source = Source::new("<stdin>", &w.src, false);
        self.interp.steps = 0;
        self.interp.slept = 0.0;
        let r = {
            let mut rh = crate::replay::ReplayHost::new(host, &mut w.log);
            self.interp.run_module(&w.body, env, source, &mut rh)
        };
        self.interp.input_suspend = false;
        self.interp.out.suppress = 0;
        self.interp.frames.clear();
        self.interp.roots.clear();
        self.interp.handling.clear();
        match r {
            Ok(()) => {}
            Err(Flow::NeedInput) => {
                let shown = self.interp.out.emitted;
                let output = self.take_output();
                self.waiting = Some(Box::new(Waiting { shown, ..w }));
                return ReplOutput {
                    output,
                    prompt: String::new(),
                    exited: None,
                    server: None,
                };
            }
            Err(Flow::Exc(e)) => {
                if self.interp.exc_matches(&e.value, "SystemExit") {
                    let code = crate::exit_code(&mut self.interp, &e.value, host);
                    crate::builtins::flush_all_files(&mut self.interp, host);
                    return self.done(Some(code), None);
                }
                let tb = crate::traceback::format_exception(&mut self.interp, &e, host);
                self.interp.write_stderr(&tb);
            }
            Err(Flow::Serve(e)) => {
                if let Value::Obj(id) = e.value {
                    let interp = self.interp.clone();
                    if let Some(s) = Server::new(interp, id, false, String::new()) {
                        return self.done(None, Some(Box::new(s)));
                    }
                }
            }
            Err(Flow::Fatal(f)) => {
                let msg = crate::traceback::fatal_message(f, self.interp.cfg.budget, self.interp.cfg.max_sleep);
                self.interp.write_stderr(&msg);
            }
            Err(_) => {}
        }
        if self.interp.cells > 200_000 {
            self.interp.collect_garbage(&[]);
        }
        self.done(None, None)
    }

    fn more(&mut self) -> ReplOutput {
        ReplOutput {
            output: self.take_output(),
            prompt: "... ".into(),
            exited: None,
            server: None,
        }
    }

    fn done(&mut self, exited: Option<i32>, server: Option<Box<Server>>) -> ReplOutput {
        let output = self.take_output();
        ReplOutput {
            output,
            prompt: ">>> ".into(),
            exited,
            server,
        }
    }

    /// Ctrl-D at the prompt.
    pub fn eof(&mut self, host: &mut dyn PyHost) -> ReplOutput {
        if let Some(w) = self.waiting.take() {
            // EOF in input(): EOFError in the program
            let mut out = self.execute(*w, true, host);
            out.output.insert(0, '\n');
            return out;
        }
        if !self.buffer.is_empty() {
            // Ctrl-D in a continuation: run what was typed, as an empty line would.
            let out = self.feed("", host);
            if !self.buffer.is_empty() {
                self.buffer.clear();
            }
            let mut out = out;
            out.output.push('\n');
            out.exited = Some(0);
            return out;
        }
        crate::builtins::flush_all_files(&mut self.interp, host);
        let mut out = self.done(Some(0), None);
        out.output.push('\n');
        out
    }

    /// Ctrl-C at the prompt.
    pub fn interrupt(&mut self) -> ReplOutput {
        if self.waiting.take().is_some() {
            self.interp.write_stderr(
                "\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nKeyboardInterrupt\n",
            );
            return self.done(None, None);
        }
        self.buffer.clear();
        self.interp.write_stderr("\nKeyboardInterrupt\n");
        self.done(None, None)
    }

    /// Value of a global (for tests and tooling).
    pub fn global_repr(&mut self, name: &str, host: &mut dyn PyHost) -> Option<String> {
        let env = self.interp.main_env;
        let v = self.interp.env_get(env, name)?;
        self.interp.repr(&v, host).ok()
    }
}

pub(crate) fn banner(version: &str, build: &str, compiler: &str) -> String {
    format!(
        "Python {version} ({build}) [{compiler}] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n"
    )
}
