//! dockyard-coreutils: runs shell scripts and the common Unix utilities over an abstract
//! [`System`], for the student's host prompt and the shells inside simulated containers.
//!
//! [`run`] executes a line or a script the way bash, dash or BusyBox `sh` would ([`Flavor`]):
//! lists, `&&`/`||`, pipelines, redirections, here-documents, `$(...)`, assignments, aliases
//! and builtins, then the caller's own commands ([`System::external`]: docker, python, ...),
//! then the utilities here (ls, cat, grep, curl, wget, ps, ...), with each tool's own output
//! formats and error texts. Pure: no I/O, no clock, no panics.

mod args;
mod flavor;
mod glob;
mod interp;
mod regex;
mod state;
mod system;
mod time;
mod utils;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

/// Whether a prompt should read another line before running the input (open quote,
/// here-document, trailing `|`...): re-exported from `dockyard-shell`.
pub use dockyard_shell::needs_more_input;
pub use flavor::Flavor;
pub use state::{Mode, ShellState};
pub use system::{HttpRequest, HttpResponse, Io, NetError, ProcessInfo, Stream, System};

/// Runs `script` (one line typed at a prompt, or a whole script) in the shell `state`,
/// writing output to `io`. Returns the exit status (`$?`). After `exit`,
/// [`ShellState::exited`] is set and the caller should close the shell. Input that is
/// unfinished (an open quote, a here-document without its end) is treated as ended: check
/// `dockyard_shell::needs_more_input` first at an interactive prompt.
pub fn run(script: &str, sys: &mut dyn System, state: &mut ShellState, flavor: Flavor, io: &mut Io) -> i32 {
    let mut it = interp::Interp::new(sys, state, flavor);
    it.run_text(script, io)
}

/// Runs one command given as argv (no shell parsing): builtins, the caller's commands, the
/// utilities. For `docker exec c ls -l` and exec-form `CMD ["ls", "-l"]`.
pub fn run_argv(
    argv: &[String],
    stdin: &str,
    sys: &mut dyn System,
    state: &mut ShellState,
    flavor: Flavor,
    io: &mut Io,
) -> i32 {
    if argv.is_empty() {
        return 0;
    }
    let tty = state.tty;
    let mut it = interp::Interp::new(sys, state, flavor);
    let status = it.dispatch(argv, stdin, io, tty);
    state.status = status;
    status
}

/// Names of the utilities this crate implements (shell builtins excluded), for completion
/// and for a caller deciding what an image has.
pub fn utility_names() -> &'static [&'static str] {
    utils::NAMES
}
