//! The session API every front end uses: feed a typed line, get Docker's output back.
//! It owns the [`World`], the host shell's state, the attached-terminal state
//! (`docker run -it`, `exec -it`), pending y/N questions, undo/redo snapshots and
//! the virtual clock policy.

use crate::docker::{self, Attach, Next};
use crate::io::{Explain, Io};
use crate::time::{SECOND, Time};
use crate::world::World;

/// How a sandbox starts.
#[derive(Clone, Debug)]
pub struct Options {
    /// Seeds ids, names and ports: same seed + same lines = same output.
    pub seed: u64,
    /// The virtual clock at start (ns since the epoch).
    pub start_time: Time,
    /// In scripts the clock moves by this much per line (a person types slowly);
    /// the REPL instead calls [`Sandbox::set_time`] with the wall clock.
    pub step: Time,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            start_time: crate::time::from_civil(2023, 12, 20, 10, 0, 0),
            step: 3 * SECOND,
        }
    }
}

/// What one line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub io: Io,
    pub exit_code: i32,
}

impl Output {
    pub fn stdout(&self) -> String {
        self.io.stdout()
    }
    pub fn stderr(&self) -> String {
        self.io.stderr()
    }
    pub fn explain(&self) -> &[Explain] {
        &self.io.explain
    }
}

/// Where typed lines currently go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Host,
    Attached(Attach),
    Confirm {
        argv: Vec<String>,
        endpoint_env: Option<String>,
    },
}

#[derive(Clone)]
pub struct Sandbox {
    pub world: World,
    pub mode: Mode,
    pub options: Options,
    pub host_shell: dockyard_coreutils::ShellState,
    undo: Vec<(World, Mode, dockyard_coreutils::ShellState)>,
    redo: Vec<(World, Mode, dockyard_coreutils::ShellState)>,
    /// The last line's exit code and output (lesson checks read these).
    pub last: Output,
}

impl Sandbox {
    pub fn new(options: Options) -> Sandbox {
        let world = World::new(options.seed, options.start_time);
        Sandbox {
            world,
            mode: Mode::Host,
            options,
            host_shell: dockyard_coreutils::ShellState::new(dockyard_coreutils::Flavor::Bash),
            undo: Vec::new(),
            redo: Vec::new(),
            last: Output::default(),
        }
    }

    /// Sets the virtual clock (never backwards) and lets timers fire.
    pub fn set_time(&mut self, now: Time) {
        crate::lifecycle::tick(&mut self.world, now);
    }

    /// Moves the clock forward by the per-line step (script mode).
    pub fn step_clock(&mut self) {
        let t = self.world.now + self.options.step;
        self.set_time(t);
    }

    /// True when `text` needs more lines (open quote, heredoc, trailing `|`) in host mode.
    pub fn is_incomplete(&self, text: &str) -> bool {
        match &self.mode {
            Mode::Host => dockyard_shell::needs_more_input(text),
            Mode::Attached(a) => crate::programs::session_incomplete(&self.world, a, text),
            Mode::Confirm { .. } => false,
        }
    }

    /// The prompt to show: `$ ` on the host, the container's prompt when attached.
    pub fn prompt(&self) -> String {
        match &self.mode {
            Mode::Host => "$ ".to_string(),
            Mode::Attached(a) => crate::programs::session_prompt(&self.world, a),
            Mode::Confirm { .. } => String::new(),
        }
    }

    /// A short label of where the prompt is (`host`, `container web`), for front ends.
    pub fn location(&self) -> String {
        match &self.mode {
            Mode::Attached(a) => {
                let name = self
                    .world
                    .daemons
                    .get(&a.endpoint)
                    .and_then(|d| d.container_by_id(&a.container))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                format!("container {name}")
            }
            _ => "host".into(),
        }
    }

    /// Runs one typed line (possibly several physical lines for heredocs).
    pub fn run_line(&mut self, line: &str) -> Output {
        self.push_undo();
        let out = match self.mode.clone() {
            Mode::Host => self.run_host(line),
            Mode::Attached(a) => self.run_attached(&a, line),
            Mode::Confirm { argv, .. } => {
                self.mode = Mode::Host;
                let mut io = Io::default();
                let (code, next) = docker::run(&mut self.world, &argv, None, Some(line.trim()), &mut io);
                self.apply_next(next, &mut io);
                Output { io, exit_code: code }
            }
        };
        self.last = out.clone();
        out
    }

    fn run_host(&mut self, line: &str) -> Output {
        let mut io = Io::default();
        let mut next = Next::Done;
        let code = crate::host::run(self, line, &mut io, &mut next);
        self.world.host.last_status = code;
        self.host_shell.status = code;
        self.apply_next(next, &mut io);
        Output { io, exit_code: code }
    }

    fn apply_next(&mut self, next: Next, io: &mut Io) {
        match next {
            Next::Done => {}
            Next::Attach(a) => self.mode = Mode::Attached(a),
            Next::Confirm { argv } => {
                let _ = io;
                self.mode = Mode::Confirm {
                    argv,
                    endpoint_env: None,
                };
            }
        }
    }

    fn run_attached(&mut self, a: &Attach, line: &str) -> Output {
        let mut io = Io::default();
        // Script spellings of the control keys.
        match line.trim() {
            "^C" => return self.interrupt(),
            "^D" => return self.eof(),
            "^P^Q" | "^P ^Q" => return self.detach(),
            _ => {}
        }
        if !a.stdin {
            // Without -i the container does not read what is typed.
            io.explain(Explain::new("attached-no-stdin"));
            return Output { io, exit_code: 0 };
        }
        let ended = crate::programs::session_input(&mut self.world, a, line, &mut io);
        if let Some(code) = ended {
            self.end_session(a, code, &mut io);
            return Output { io, exit_code: code };
        }
        Output { io, exit_code: 0 }
    }

    fn end_session(&mut self, a: &Attach, code: i32, _io: &mut Io) {
        self.mode = Mode::Host;
        if a.exec_pid.is_none() {
            crate::lifecycle::exited(&mut self.world, &a.endpoint, &a.container, code, false);
        } else {
            crate::programs::end_exec(&mut self.world, a);
        }
        self.world.host.last_status = code;
        // `docker run -it … ; echo $?` sees the container's exit code.
        self.host_shell.status = code;
    }

    /// Ctrl-C: SIGINT to the attached foreground process (or cancels a question).
    pub fn interrupt(&mut self) -> Output {
        let out = self.interrupt_inner();
        self.last = out.clone();
        out
    }

    fn interrupt_inner(&mut self) -> Output {
        let mut io = Io::default();
        match self.mode.clone() {
            Mode::Attached(a) => {
                let ended = crate::programs::session_interrupt(&mut self.world, &a, &mut io);
                if let Some(code) = ended {
                    self.end_session(&a, code, &mut io);
                    return Output { io, exit_code: code };
                }
                Output { io, exit_code: 0 }
            }
            Mode::Confirm { .. } => {
                self.mode = Mode::Host;
                io.outln("");
                Output { io, exit_code: 130 }
            }
            Mode::Host => {
                io.outln("^C");
                Output { io, exit_code: 130 }
            }
        }
    }

    /// Ctrl-D: end of input for the attached program, or nothing on the host.
    pub fn eof(&mut self) -> Output {
        let out = self.eof_inner();
        self.last = out.clone();
        out
    }

    fn eof_inner(&mut self) -> Output {
        let mut io = Io::default();
        if let Mode::Attached(a) = self.mode.clone() {
            if !a.stdin {
                return Output { io, exit_code: 0 };
            }
            let ended = crate::programs::session_eof(&mut self.world, &a, &mut io);
            if let Some(code) = ended {
                self.end_session(&a, code, &mut io);
                return Output { io, exit_code: code };
            }
        }
        Output { io, exit_code: 0 }
    }

    /// Ctrl-P Ctrl-Q: detach, leaving the container running (only with `-it`).
    pub fn detach(&mut self) -> Output {
        let out = self.detach_inner();
        self.last = out.clone();
        out
    }

    fn detach_inner(&mut self) -> Output {
        let mut io = Io::default();
        if let Mode::Attached(a) = self.mode.clone() {
            if a.tty && a.stdin {
                io.outln("read escape sequence");
                self.mode = Mode::Host;
            } else {
                io.explain(Explain::new("detach-needs-tty"));
            }
        }
        Output { io, exit_code: 0 }
    }

    fn push_undo(&mut self) {
        self.undo
            .push((self.world.clone(), self.mode.clone(), self.host_shell.clone()));
        if self.undo.len() > 200 {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Goes back to the state before the last line. False when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some((w, m, s)) => {
                let cur = (
                    std::mem::replace(&mut self.world, w),
                    std::mem::replace(&mut self.mode, m),
                    std::mem::replace(&mut self.host_shell, s),
                );
                self.redo.push(cur);
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some((w, m, s)) => {
                let cur = (
                    std::mem::replace(&mut self.world, w),
                    std::mem::replace(&mut self.mode, m),
                    std::mem::replace(&mut self.host_shell, s),
                );
                self.undo.push(cur);
                true
            }
            None => false,
        }
    }

    /// Completion candidates for `line` with the cursor at byte `pos`:
    /// (start of the word being replaced, candidates).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        crate::complete::complete(self, line, pos)
    }
}
