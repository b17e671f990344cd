//! What a shell remembers between lines: variables, `$?`, aliases, positional parameters,
//! how it was started (prompt, `-c`, script) and whether `exit` ran.

use std::collections::{BTreeMap, BTreeSet};

use crate::Flavor;

/// How the shell was started; decides the prefix of its error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A prompt: `bash: foo: command not found`.
    Interactive,
    /// `sh -c '...'` (and shell-form `CMD`): `/bin/sh: 1: foo: not found`.
    Command,
    /// `sh script.sh`: `script.sh: line 3: foo: not found`.
    Script,
}

/// The state of one shell session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellState {
    /// Shell variables that are not exported (exported ones live in the [`crate::System`]).
    pub vars: BTreeMap<String, String>,
    /// `alias name=value`.
    pub aliases: BTreeMap<String, String>,
    /// `export NAME` of a variable without a value: exported once it gets one.
    pub pending_exports: BTreeSet<String>,
    /// `$?`
    pub status: i32,
    /// `$0` then the positional parameters `$1`...
    pub args: Vec<String>,
    pub mode: Mode,
    /// Whether stdout is a terminal (`ls` prints columns, `curl` shows no progress meter).
    pub tty: bool,
    /// `$$`
    pub pid: u32,
    /// Lines read so far (dash numbers its interactive errors with it).
    pub lineno: u32,
    /// `$!`
    pub last_bg: Option<u32>,
    /// Background jobs started (`[1] 42`).
    pub jobs: u32,
    exited: Option<i32>,
}

impl ShellState {
    /// An interactive shell at a prompt, named after the flavour (`bash`, `sh`).
    pub fn new(flavor: Flavor) -> ShellState {
        ShellState::with_mode(flavor.shell_name(), Mode::Interactive)
    }

    /// A shell started as `name` (`$0`: `bash`, `sh`, `/bin/sh`, `./entrypoint.sh`) in `mode`.
    /// Only interactive shells are on a terminal by default.
    pub fn with_mode(name: &str, mode: Mode) -> ShellState {
        ShellState {
            vars: BTreeMap::new(),
            aliases: BTreeMap::new(),
            pending_exports: BTreeSet::new(),
            status: 0,
            args: vec![name.to_string()],
            tty: mode == Mode::Interactive,
            mode,
            pid: 1,
            lineno: 0,
            last_bg: None,
            jobs: 0,
            exited: None,
        }
    }

    /// `Some(status)` once `exit` (or `exec`) ran: the caller should close this shell.
    pub fn exited(&self) -> Option<i32> {
        self.exited
    }

    /// Clears the exit request (for a caller that keeps the session, e.g. after a nested shell).
    pub fn take_exit(&mut self) -> Option<i32> {
        self.exited.take()
    }

    pub(crate) fn set_exited(&mut self, code: i32) {
        self.exited = Some(code);
    }

    /// `$0`
    pub fn name(&self) -> &str {
        self.args.first().map(String::as_str).unwrap_or("sh")
    }

    pub fn interactive(&self) -> bool {
        self.mode == Mode::Interactive
    }
}
