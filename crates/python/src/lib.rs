//! Dockyard's simulated `python`: a small, honest, deterministic interpreter of
//! a Python subset plus the behaviour of the `python` and `flask` executables.
//!
//! Everything is pure: files, environment, clock, stdin and randomness go
//! through [`PyHost`]. Runs end in [`PyEnd`]: an exit code, an interactive
//! [`Repl`], or a [`Server`] answering HTTP requests. All state is owned and
//! `Clone` (a clone is a full snapshot).
//!
//! ```
//! use dockyard_python::{run_python, HttpRequest, MemHost, PyEnd, RunOptions};
//!
//! let mut host = MemHost::new();
//! let argv: Vec<String> = ["python", "-c", "print(6 * 7)"].iter().map(|s| s.to_string()).collect();
//! let out = run_python(&argv, &RunOptions::default(), &mut host);
//! assert_eq!((out.stdout.as_str(), out.exit_code()), ("42\n", Some(0)));
//!
//! let argv: Vec<String> = ["python", "-m", "http.server", "8888"].iter().map(|s| s.to_string()).collect();
//! let out = run_python(&argv, &RunOptions::default(), &mut host);
//! let PyEnd::Server(mut server) = out.end else { panic!() };
//! let resp = server.handle(&HttpRequest::get("/", "172.17.0.1"), &mut host);
//! assert_eq!(resp.status, 200);
//! assert!(server.take_output().stderr.contains("\"GET / HTTP/1.1\" 200 -"));
//! ```
//!
//! ## Output buffering
//! CPython block-buffers `stdout` (8 KiB) when it is not a terminal, so in a
//! detached container started without `-t` and without `PYTHONUNBUFFERED=1`,
//! `print` output only appears in `docker logs` when 8 KiB accumulate, on
//! `flush()`/`print(..., flush=True)`, or at a normal exit. The simulator
//! models this: pass [`RunOptions::tty`]; `PYTHONUNBUFFERED` (non-empty) in
//! the host environment or `python -u` make stdout unbuffered; a terminal
//! makes it line-buffered. `stderr` is always written through. A server that
//! is killed keeps its unflushed output ([`Server::pending_stdout`]) forever.
//!
//! ## Limits
//! A run (and each server request / REPL line) may execute at most
//! [`RunOptions::step_budget`] statements/calls/loop iterations, write at most
//! [`RunOptions::max_output`] bytes and sleep at most
//! [`RunOptions::max_sleep_secs`] simulated seconds; then it is stopped with a
//! `dockyard:` message on stderr, exit code 1 and [`PyOutcome::stopped`] set.
//! Recursion is limited (RecursionError), as are string/list sizes
//! (MemoryError).

mod ast;
mod builtins;
mod flask;
mod format;
pub mod host;
mod http;
mod interp;
mod lexer;
mod modules;
mod ops;
mod parser;
mod repl;
mod replay;
mod server;
mod traceback;
mod value;

pub use host::{DirEntry, FsError, MemHost, PyHost};
pub use http::{HttpRequest, HttpResponse};
pub use interp::Fatal as StopReason;
pub use repl::{Repl, ReplOutput};
pub use server::{Server, ServerKind};

use interp::{BufMode, Config, Flow, Interp, Output, Stream};
use value::{Obj, Source, Value};

/// How the simulated `python` process is started.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// `X.Y.Z`, e.g. `3.11.5`.
    pub version: String,
    /// Build info shown in the banner and `sys.version`, e.g. `main, Aug 26 2023, 00:26:34`.
    pub build: String,
    /// Compiler shown in the banner, e.g. `GCC 12.2.1 20220924`.
    pub compiler: String,
    /// stdout/stderr are a terminal (`docker run -t`).
    pub tty: bool,
    /// stdin is an interactive terminal (`docker run -it`): bare `python` starts a REPL.
    pub interactive: bool,
    /// Installed pip packages (name, version), e.g. `("flask", "3.0.0")`.
    pub packages: Vec<(String, String)>,
    /// The container's IP (shown by Flask when bound to 0.0.0.0).
    pub container_ip: String,
    /// `getaddrinfo` returns `::` first (glibc images): `python -m http.server`
    /// then binds `::`. Alpine (musl) binds `0.0.0.0`.
    pub ipv6_first: bool,
    /// Maximum statements/calls/iterations per run, request or REPL line.
    pub step_budget: u64,
    /// Maximum bytes of output per run before it is stopped.
    pub max_output: usize,
    /// Maximum simulated seconds of `time.sleep` per run.
    pub max_sleep_secs: f64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            version: "3.11.5".into(),
            build: "main, Aug 26 2023, 00:26:34".into(),
            compiler: "GCC 12.2.1 20220924".into(),
            tty: false,
            interactive: false,
            packages: Vec::new(),
            container_ip: "172.17.0.2".into(),
            ipv6_first: false,
            step_budget: 2_000_000,
            max_output: 4 << 20,
            max_sleep_secs: 24.0 * 3600.0,
        }
    }
}

/// One piece of output, in the order the process wrote (flushed) it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputChunk {
    pub stderr: bool,
    pub text: String,
}

/// Output of a process or a server over some period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PyOutput {
    pub stdout: String,
    pub stderr: String,
    /// Interleaved, in order (what a terminal or `docker logs` shows).
    pub chunks: Vec<OutputChunk>,
}

impl PyOutput {
    fn from_chunks(chunks: Vec<(Stream, String)>) -> PyOutput {
        let mut o = PyOutput::default();
        for (s, t) in chunks {
            if s == Stream::Stderr {
                o.stderr.push_str(&t);
            } else {
                o.stdout.push_str(&t);
            }
            o.chunks.push(OutputChunk {
                stderr: s == Stream::Stderr,
                text: t,
            });
        }
        o
    }

    /// stdout and stderr interleaved.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|c| c.text.as_str()).collect()
    }
}

/// How a run ended (or what it became).
#[derive(Clone, Debug)]
pub enum PyEnd {
    Exited(i32),
    /// An interactive session started; the banner is already in the output.
    Repl(Box<Repl>),
    /// The program is serving HTTP.
    Server(Box<Server>),
    /// The program waits in `input()` for a line typed on the terminal.
    WaitingForInput(Box<Process>),
}

/// Result of [`run_python`].
#[derive(Clone, Debug)]
pub struct PyOutcome {
    pub stdout: String,
    pub stderr: String,
    /// Interleaved output in order.
    pub chunks: Vec<OutputChunk>,
    pub end: PyEnd,
    /// Set when the simulator stopped the program (step/output/sleep limit).
    pub stopped: Option<StopReason>,
}

impl PyOutcome {
    pub fn exit_code(&self) -> Option<i32> {
        match self.end {
            PyEnd::Exited(c) => Some(c),
            _ => None,
        }
    }
    /// stdout and stderr interleaved.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|c| c.text.as_str()).collect()
    }
}

fn outcome(out: Vec<(Stream, String)>, end: PyEnd, stopped: Option<StopReason>) -> PyOutcome {
    let o = PyOutput::from_chunks(out);
    PyOutcome {
        stdout: o.stdout,
        stderr: o.stderr,
        chunks: o.chunks,
        end,
        stopped,
    }
}

fn simple_exit(prog_out: &str, prog_err: &str, code: i32) -> PyOutcome {
    let mut chunks = Vec::new();
    if !prog_out.is_empty() {
        chunks.push((Stream::Stdout, prog_out.to_string()));
    }
    if !prog_err.is_empty() {
        chunks.push((Stream::Stderr, prog_err.to_string()));
    }
    outcome(chunks, PyEnd::Exited(code), None)
}

fn minor_of(version: &str) -> u32 {
    version.split('.').nth(1).and_then(|m| m.parse().ok()).unwrap_or(11)
}

fn make_interp(
    opts: &RunOptions,
    argv: Vec<String>,
    script_dir: String,
    main_file: Option<String>,
    unbuffered: bool,
    host: &dyn PyHost,
) -> Interp {
    let env_unbuf = host.getenv("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty());
    let mode = if unbuffered || env_unbuf {
        BufMode::Unbuffered
    } else if opts.tty {
        BufMode::Line
    } else {
        BufMode::Block
    };
    let cfg = Config {
        version: opts.version.clone(),
        minor: minor_of(&opts.version),
        sys_version: format!("{} ({}) [{}]", opts.version, opts.build, opts.compiler),
        packages: opts.packages.clone(),
        budget: opts.step_budget.max(1),
        max_sleep: opts.max_sleep_secs,
        argv,
        container_ip: opts.container_ip.clone(),
        script_dir,
        main_file,
        tty: opts.tty,
        interactive: opts.interactive,
    };
    Interp::new(cfg, Output::new(mode, opts.max_output))
}

/// Exit code for an uncaught SystemExit (printing a non-int argument).
pub(crate) fn exit_code(i: &mut Interp, v: &Value, host: &mut dyn PyHost) -> i32 {
    let arg = match v {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => match inst.attrs.get("args") {
                Some(Value::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
                _ => Value::None,
            },
            _ => Value::None,
        },
        _ => Value::None,
    };
    match arg {
        Value::None => 0,
        Value::Int(n) => n as i32,
        Value::Bool(b) => b as i32,
        other => {
            let s = i.str_of(&other, host).unwrap_or_default();
            i.write_stderr(&format!("{s}\n"));
            1
        }
    }
}

/// Run code in a fresh interpreter and turn the result into an outcome.
fn run_source(
    mut i: Interp,
    src: &str,
    filename: &str,
    show_source: bool,
    module_name: &str,
    host: &mut dyn PyHost,
    inspect: bool,
) -> PyOutcome {
    let body = match parser::parse_module(src) {
        Ok(b) => b,
        Err(e) => {
            let msg = traceback::format_syntax_error(&e, filename, src);
            i.write_stderr(&msg);
            i.out.flush();
            return outcome(i.out.take(), PyEnd::Exited(1), None);
        }
    };
    let env = i.main_env;
    i.env_set(env, "__name__", Value::str(module_name));
    if show_source {
        i.env_set(env, "__file__", Value::str(filename));
    }
    i.modules.insert("__main__".into(), env);
    let p = Process {
        snapshot: i,
        src: src.to_string(),
        body,
        filename: filename.to_string(),
        show: show_source,
        inputs: Vec::new(),
        shown: 0,
        log: replay::HostLog::default(),
        inspect,
    };
    p.run(false, host)
}

/// A program blocked in `input()` while stdin is an interactive terminal
/// (`docker run -it ... python script.py`). Feed it the line the user types.
///
/// Resuming re-runs the program from its start with the typed lines queued;
/// output already shown is not repeated and host effects (file writes,
/// sleeps, clock, randomness) are replayed from a log, never done twice.
#[derive(Clone)]
pub struct Process {
    snapshot: Interp,
    src: String,
    body: Vec<ast::Stmt>,
    filename: String,
    show: bool,
    inputs: Vec<String>,
    shown: usize,
    log: replay::HostLog,
    inspect: bool,
}

impl std::fmt::Debug for Process {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Process")
            .field("filename", &self.filename)
            .field("inputs", &self.inputs)
            .finish()
    }
}

impl Process {
    /// The user typed `line` (without newline) and pressed Enter.
    pub fn feed(mut self, line: &str, host: &mut dyn PyHost) -> PyOutcome {
        self.inputs.push(line.to_string());
        self.run(false, host)
    }

    /// Ctrl-D: `input()` raises EOFError.
    pub fn eof(self, host: &mut dyn PyHost) -> PyOutcome {
        self.run(true, host)
    }

    /// Ctrl-C while waiting: KeyboardInterrupt, exit code 130.
    pub fn interrupt(self) -> PyOutcome {
        let tb = format!(
            "Traceback (most recent call last):\n  File \"{}\", line 1, in <module>\nKeyboardInterrupt\n",
            self.filename
        );
        outcome(vec![(Stream::Stderr, tb)], PyEnd::Exited(130), None)
    }

    fn run(mut self, eof: bool, host: &mut dyn PyHost) -> PyOutcome {
        let mut i = self.snapshot.clone();
        i.input_queue = self.inputs.iter().cloned().collect();
        i.input_suspend = !eof && i.cfg.interactive;
        i.out.suppress = self.shown;
        i.out.emitted = 0;
        let env = i.main_env;
        let source = Source::new(&self.filename, &self.src, self.show);
        let r = {
            let mut rh = replay::ReplayHost::new(host, &mut self.log);
            i.run_module(&self.body, env, source, &mut rh)
        };
        i.input_suspend = false;
        i.out.suppress = 0;
        i.frames.clear();
        if let Err(Flow::NeedInput) = r {
            self.shown = i.out.emitted;
            let out = i.out.take();
            return outcome(out, PyEnd::WaitingForInput(Box::new(self)), None);
        }
        let inspect = self.inspect;
        finish(i, r, host, inspect)
    }
}

fn finish(mut i: Interp, r: Result<(), Flow>, host: &mut dyn PyHost, inspect: bool) -> PyOutcome {
    let mut stopped = None;
    let code = match r {
        Ok(()) => 0,
        Err(Flow::Exc(e)) => {
            if i.exc_matches(&e.value, "SystemExit") {
                exit_code(&mut i, &e.value, host)
            } else {
                let tb = traceback::format_exception(&mut i, &e, host);
                i.write_stderr(&tb);
                if i.exc_matches(&e.value, "KeyboardInterrupt") {
                    130
                } else {
                    1
                }
            }
        }
        Err(Flow::Serve(e)) => {
            let tb_prefix = traceback::format_entries(&i, &e.tb);
            if let Value::Obj(id) = e.value {
                let module_mode = i.env_get(i.main_env, "__dockyard_module_mode__").is_some();
                let out = i.out.take();
                if let Some(s) = Server::new(i, id, module_mode, tb_prefix) {
                    return outcome(out, PyEnd::Server(Box::new(s)), None);
                }
                return outcome(out, PyEnd::Exited(1), None);
            }
            1
        }
        Err(Flow::Fatal(f)) => {
            stopped = Some(f);
            let msg = traceback::fatal_message(f, i.cfg.budget, i.cfg.max_sleep);
            i.write_stderr(&msg);
            1
        }
        Err(_) => 0,
    };
    if inspect && stopped.is_none() {
        i.out.flush();
        let out = i.out.take();
        return outcome(out, PyEnd::Repl(Box::new(Repl::from_interp(i))), None);
    }
    builtins::flush_all_files(&mut i, host);
    i.out.flush();
    outcome(i.out.take(), PyEnd::Exited(code), stopped)
}

fn usage(prog: &str) -> String {
    format!(
        "usage: {prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n"
    )
}

fn help_text(prog: &str) -> String {
    format!(
        "usage: {prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options (and corresponding environment variables):
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)
         and comparing bytes/bytearray with str. (-bb: issue errors)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-d     : turn on parser debugging output (for experts only, only works on
         debug builds); also PYTHONDEBUG=x
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal; also PYTHONINSPECT=x
-I     : isolate Python from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements; add .opt-1 before
         .pyc extension; also PYTHONOPTIMIZE=x
-OO    : do -O changes and also discard docstrings; add .opt-2 before
         .pyc extension
-P     : don't prepend a potentially unsafe path to sys.path
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered;
         this option has no effect on stdin; also PYTHONUNBUFFERED=x
-v     : verbose (trace import statements); also PYTHONVERBOSE=x
         can be supplied multiple times to increase verbosity
-V     : print the Python version number and exit (also --version)
         when given twice, print more information about the build
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option
--check-hash-based-pycs always|default|never:
         control how Python invalidates hash-based .pyc files
--help-env      : print help about Python environment variables and exit
--help-xoptions : print help about implementation-specific -X options
--help-all      : print complete help information and exit
Arguments:
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
"
    )
}

fn read_stdin_all(host: &mut dyn PyHost) -> String {
    let mut s = String::new();
    let mut n = 0;
    while let Some(l) = host.stdin_line() {
        s.push_str(&l);
        s.push('\n');
        n += 1;
        if n > 100_000 || s.len() > (4 << 20) {
            break;
        }
    }
    s
}

/// Run the `python` (or `flask`) executable with `argv` (argv[0] is the
/// program name as invoked: `python`, `python3`, `/usr/local/bin/python3.11`,
/// `flask`). `python -m pip` is not handled here (the engine does pip).
pub fn run_python(argv: &[String], opts: &RunOptions, host: &mut dyn PyHost) -> PyOutcome {
    let prog = argv.first().cloned().unwrap_or_else(|| "python".into());
    let base = prog.rsplit('/').next().unwrap_or(&prog).to_string();
    if base == "flask" {
        return flask_cli(&argv[1.min(argv.len())..], opts, host, "flask");
    }
    let mut k = 1;
    let mut unbuffered = false;
    let mut quiet = false;
    let mut inspect = false;
    let mut version_count = 0;
    while k < argv.len() {
        let a = &argv[k];
        if a == "--" {
            k += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "version" => version_count += 1,
                "help" | "help-all" | "help-env" | "help-xoptions" => {
                    return simple_exit(&help_text(&prog), "", 0);
                }
                _ => {
                    return simple_exit("", &format!("unknown option --{long}\n{}", usage(&prog)), 2);
                }
            }
            k += 1;
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < flags.len() {
            let f = flags[j];
            match f {
                'c' | 'm' => {
                    let rest: String = flags[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        Some(rest)
                    } else {
                        k += 1;
                        argv.get(k).cloned()
                    };
                    let Some(value) = value else {
                        return simple_exit(
                            "",
                            &format!("Argument expected for the -{f} option\n{}", usage(&prog)),
                            2,
                        );
                    };
                    if version_count > 0 {
                        return print_version(opts, version_count);
                    }
                    let rest_args: Vec<String> = argv[k + 1..].to_vec();
                    return if f == 'c' {
                        run_command(&value, rest_args, opts, host, unbuffered, inspect)
                    } else {
                        run_module_cli(&prog, &value, rest_args, opts, host, unbuffered)
                    };
                }
                'u' => unbuffered = true,
                'q' => quiet = true,
                'i' => inspect = true,
                'V' => version_count += 1,
                'h' | '?' => return simple_exit(&help_text(&prog), "", 0),
                'W' | 'X' => {
                    if j + 1 == flags.len() {
                        k += 1;
                        if k >= argv.len() {
                            return simple_exit(
                                "",
                                &format!("Argument expected for the -{f} option\n{}", usage(&prog)),
                                2,
                            );
                        }
                    }
                    break;
                }
                'b' | 'B' | 'd' | 'E' | 'I' | 'O' | 'P' | 's' | 'S' | 'v' | 'x' | 'R' => {}
                other => {
                    return simple_exit("", &format!("Unknown option: -{other}\n{}", usage(&prog)), 2);
                }
            }
            j += 1;
        }
        k += 1;
    }
    if version_count > 0 {
        return print_version(opts, version_count);
    }
    let cwd = host.cwd();
    if k >= argv.len() || argv[k] == "-" {
        let rest: Vec<String> = if k < argv.len() {
            argv[k + 1..].to_vec()
        } else {
            Vec::new()
        };
        if opts.interactive && k >= argv.len() {
            let i = make_interp(opts, vec![String::new()], cwd, None, unbuffered, host);
            let mut i = i;
            i.env_set(i.main_env, "__name__", Value::str("__main__"));
            let banner = if quiet {
                String::new()
            } else {
                repl::banner(&opts.version, &opts.build, &opts.compiler)
            };
            let chunks = if banner.is_empty() {
                vec![]
            } else {
                vec![(Stream::Stdout, banner)]
            };
            return outcome(chunks, PyEnd::Repl(Box::new(Repl::from_interp(i))), None);
        }
        let mut args = vec![if k < argv.len() { "-".to_string() } else { String::new() }];
        args.extend(rest);
        let src = read_stdin_all(host);
        let i = make_interp(opts, args, cwd, None, unbuffered, host);
        return run_source(i, &src, "<stdin>", false, "__main__", host, false);
    }
    // a script
    let script = argv[k].clone();
    let abs = builtins::abspath(host, &script);
    let data = match host.read_file(&abs) {
        Ok(d) => d,
        Err(FsError::IsADirectory) => {
            let main = format!("{}/__main__.py", abs.trim_end_matches('/'));
            match host.read_file(&main) {
                Ok(d) => d,
                Err(_) => {
                    return simple_exit("", &format!("{prog}: can't find '__main__' module in '{script}'\n"), 1);
                }
            }
        }
        Err(e) => {
            let (errno, msg) = match e {
                FsError::PermissionDenied => (13, "Permission denied"),
                FsError::NotADirectory => (20, "Not a directory"),
                _ => (2, "No such file or directory"),
            };
            return simple_exit(
                "",
                &format!("{prog}: can't open file '{abs}': [Errno {errno}] {msg}\n"),
                2,
            );
        }
    };
    let src = String::from_utf8_lossy(&data).to_string();
    let dir = match abs.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(p) => abs[..p].to_string(),
    };
    let mut args = vec![script.clone()];
    args.extend(argv[k + 1..].iter().cloned());
    let i = make_interp(opts, args, dir, Some(abs.clone()), unbuffered, host);
    run_source(i, &src, &abs, true, "__main__", host, inspect && opts.interactive)
}

fn print_version(opts: &RunOptions, count: usize) -> PyOutcome {
    if count >= 2 {
        simple_exit(
            &format!("Python {} ({}) [{}]\n", opts.version, opts.build, opts.compiler),
            "",
            0,
        )
    } else {
        simple_exit(&format!("Python {}\n", opts.version), "", 0)
    }
}

fn run_command(
    code: &str,
    rest: Vec<String>,
    opts: &RunOptions,
    host: &mut dyn PyHost,
    unbuffered: bool,
    inspect: bool,
) -> PyOutcome {
    let mut args = vec!["-c".to_string()];
    args.extend(rest);
    let i = make_interp(opts, args, host.cwd(), None, unbuffered, host);
    run_source(
        i,
        code,
        "<string>",
        false,
        "__main__",
        host,
        inspect && opts.interactive,
    )
}

fn run_module_cli(
    prog: &str,
    module: &str,
    rest: Vec<String>,
    opts: &RunOptions,
    host: &mut dyn PyHost,
    unbuffered: bool,
) -> PyOutcome {
    let lib = format!(
        "/usr/local/lib/python{}",
        opts.version.split('.').take(2).collect::<Vec<_>>().join(".")
    );
    match module {
        "http.server" => http_server_cli(prog, rest, opts, host, unbuffered, &lib),
        "flask" => {
            if !opts.packages.iter().any(|(n, _)| n.eq_ignore_ascii_case("flask")) {
                return simple_exit("", &format!("{prog}: No module named flask\n"), 1);
            }
            flask_cli(&rest, opts, host, "python -m flask")
        }
        "pip" => simple_exit(
            "",
            "dockyard: `python -m pip` is handled by the simulator engine, not by the Python interpreter\n",
            1,
        ),
        _ => {
            let cwd = host.cwd();
            let path = format!("{}/{}.py", cwd.trim_end_matches('/'), module.replace('.', "/"));
            match host.read_file(&path) {
                Ok(d) => {
                    let src = String::from_utf8_lossy(&d).to_string();
                    let mut args = vec![path.clone()];
                    args.extend(rest);
                    let i = make_interp(opts, args, cwd, Some(path.clone()), unbuffered, host);
                    run_source(i, &src, &path, true, "__main__", host, false)
                }
                Err(_) => simple_exit("", &format!("{prog}: No module named {module}\n"), 1),
            }
        }
    }
}

fn http_server_cli(
    _prog: &str,
    rest: Vec<String>,
    opts: &RunOptions,
    host: &mut dyn PyHost,
    unbuffered: bool,
    lib: &str,
) -> PyOutcome {
    let usage = "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n";
    let mut port: Option<String> = None;
    let mut bind: Option<String> = None;
    let mut directory: Option<String> = None;
    let mut k = 0;
    while k < rest.len() {
        let a = &rest[k];
        let take = |k: &mut usize, name: &str| -> Result<String, PyOutcome> {
            *k += 1;
            rest.get(*k).cloned().ok_or_else(|| {
                simple_exit(
                    "",
                    &format!("{usage}server.py: error: argument {name}: expected one argument\n"),
                    2,
                )
            })
        };
        match a.as_str() {
            "-h" | "--help" => {
                return simple_exit(
                    &format!(
                        "{usage}\npositional arguments:\n  port                  bind to this port (default: 8000)\n\noptions:\n  -h, --help            show this help message and exit\n  --cgi                 run as CGI server\n  -b ADDRESS, --bind ADDRESS\n                        bind to this address (default: all interfaces)\n  -d DIRECTORY, --directory DIRECTORY\n                        serve this directory (default: current directory)\n  -p VERSION, --protocol VERSION\n                        conform to this HTTP version (default: HTTP/1.0)\n"
                    ),
                    "",
                    0,
                );
            }
            "-b" | "--bind" => match take(&mut k, "-b/--bind") {
                Ok(v) => bind = Some(v),
                Err(o) => return o,
            },
            "-d" | "--directory" => match take(&mut k, "-d/--directory") {
                Ok(v) => directory = Some(v),
                Err(o) => return o,
            },
            "-p" | "--protocol" => {
                if let Err(o) = take(&mut k, "-p/--protocol") {
                    return o;
                }
            }
            "--cgi" => {}
            s if s.starts_with("--bind=") => bind = Some(s[7..].to_string()),
            s if s.starts_with("--directory=") => directory = Some(s[12..].to_string()),
            s if s.starts_with('-') && s.len() > 1 && !s[1..].chars().all(|c| c.is_ascii_digit()) => {
                return simple_exit(
                    "",
                    &format!("{usage}server.py: error: unrecognized arguments: {s}\n"),
                    2,
                );
            }
            s => {
                if port.is_some() {
                    return simple_exit(
                        "",
                        &format!("{usage}server.py: error: unrecognized arguments: {s}\n"),
                        2,
                    );
                }
                port = Some(s.to_string());
            }
        }
        k += 1;
    }
    let port: u16 = match port {
        None => 8000,
        Some(p) => match p.parse::<i64>() {
            Ok(n) if (0..=65535).contains(&n) => n as u16,
            Ok(_) => {
                return simple_exit("", "OverflowError: bind(): port must be 0-65535.\n", 1);
            }
            Err(_) => {
                return simple_exit(
                    "",
                    &format!("{usage}server.py: error: argument port: invalid int value: '{p}'\n"),
                    2,
                );
            }
        },
    };
    let host_addr = match bind.as_deref() {
        None | Some("") => {
            if opts.ipv6_first {
                "::".to_string()
            } else {
                "0.0.0.0".to_string()
            }
        }
        Some("localhost") => "127.0.0.1".to_string(),
        Some(b) => b.to_string(),
    };
    let mut args = vec![format!("{lib}/http/server.py")];
    args.extend(rest);
    let cwd = host.cwd();
    let mut i = make_interp(opts, args, cwd.clone(), None, unbuffered, host);
    let dir = directory.map(|d| builtins::abspath(host, &d));
    let r: Result<value::ObjId, Flow> = (|| {
        let m = modules::import(&mut i, "http.server", host)?;
        let _ = m;
        let handler = i
            .classes
            .get("http.server.SimpleHTTPRequestHandler")
            .copied()
            .unwrap_or(0);
        let server_cls = i.classes.get("http.server.ThreadingHTTPServer").copied().unwrap_or(0);
        let spec = http::ServerSpec {
            host: host_addr.clone(),
            port,
            handler: Value::Obj(handler),
            directory: dir.clone(),
        };
        let id = i.alloc(Obj::Instance(value::Instance {
            class: server_cls,
            attrs: Default::default(),
            native: value::NativeData::Server(Box::new(spec)),
        }))?;
        Ok(id)
    })();
    let id = match r {
        Ok(id) => id,
        Err(_) => return simple_exit("", "dockyard: could not start http.server\n", 1),
    };
    let url_host = if host_addr.contains(':') {
        format!("[{host_addr}]")
    } else {
        host_addr.clone()
    };
    i.write_stdout(&format!(
        "Serving HTTP on {host_addr} port {port} (http://{url_host}:{port}/) ...\n"
    ));
    let me = i.main_env;
    i.env_set(me, "__dockyard_module_mode__", Value::Bool(true));
    i.env_set(me, "__dockyard_server__", Value::Obj(id));
    let out = i.out.take();
    match Server::new(i, id, true, String::new()) {
        Some(s) => outcome(out, PyEnd::Server(Box::new(s)), None),
        None => outcome(out, PyEnd::Exited(1), None),
    }
}

fn flask_cli(args: &[String], opts: &RunOptions, host: &mut dyn PyHost, invoked: &str) -> PyOutcome {
    if !opts.packages.iter().any(|(n, _)| n.eq_ignore_ascii_case("flask")) {
        return simple_exit("", "exec: \"flask\": executable file not found in $PATH\n", 127);
    }
    let flask_v = opts
        .packages
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("flask"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let wz_v = opts
        .packages
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("werkzeug"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "3.0.1".into());
    let mut app_path = host.getenv("FLASK_APP").filter(|s| !s.is_empty());
    let mut debug = host
        .getenv("FLASK_DEBUG")
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    let mut run = false;
    let mut h = host.getenv("FLASK_RUN_HOST").unwrap_or_else(|| "127.0.0.1".into());
    let mut port_s = host.getenv("FLASK_RUN_PORT").unwrap_or_else(|| "5000".into());
    let mut k = 0;
    while k < args.len() {
        let a = args[k].as_str();
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a, None),
        };
        let value = |k: &mut usize| -> Option<String> {
            if let Some(v) = inline.clone() {
                return Some(v);
            }
            *k += 1;
            args.get(*k).cloned()
        };
        match name {
            "--version" => {
                return simple_exit(
                    &format!("Python {}\nFlask {flask_v}\nWerkzeug {wz_v}\n", opts.version),
                    "",
                    0,
                );
            }
            "--app" | "-A" => app_path = value(&mut k),
            "--debug" => debug = true,
            "--no-debug" => debug = false,
            "run" => run = true,
            "--host" | "-h" if run => {
                if let Some(v) = value(&mut k) {
                    h = v;
                }
            }
            "--port" | "-p" if run => {
                if let Some(v) = value(&mut k) {
                    port_s = v;
                }
            }
            "--reload" | "--no-reload" | "--with-threads" | "--without-threads" | "--no-debugger" | "--debugger" => {}
            "--help" => {
                return simple_exit(
                    "Usage: flask [OPTIONS] COMMAND [ARGS]...\n\n  A general utility script for Flask applications.\n\nCommands:\n  routes  Show the routes for the app.\n  run     Run a development server.\n  shell   Run a shell in the app context.\n",
                    "",
                    0,
                );
            }
            other => {
                let cmd = if run { "flask run" } else { "flask" };
                let err = if other.starts_with('-') {
                    format!("Error: No such option: {other}")
                } else {
                    format!("Error: No such command '{other}'.")
                };
                return simple_exit(
                    "",
                    &format!(
                        "Usage: {cmd} [OPTIONS]{}\nTry '{cmd} --help' for help.\n\n{err}\n",
                        if run { "" } else { " COMMAND [ARGS]..." }
                    ),
                    2,
                );
            }
        }
        k += 1;
    }
    let _ = invoked;
    if !run {
        return simple_exit(
            "Usage: flask [OPTIONS] COMMAND [ARGS]...\n\n  A general utility script for Flask applications.\n\nCommands:\n  routes  Show the routes for the app.\n  run     Run a development server.\n  shell   Run a shell in the app context.\n",
            "",
            0,
        );
    }
    let port: u16 = match port_s.parse() {
        Ok(p) => p,
        Err(_) => {
            return simple_exit(
                "",
                &format!(
                    "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Invalid value for '--port' / '-p': '{port_s}' is not a valid integer.\n"
                ),
                2,
            );
        }
    };
    let cwd = host.cwd();
    let (module, attr) = match &app_path {
        Some(p) => {
            let (m, a) = match p.split_once(':') {
                Some((m, a)) => (m.to_string(), Some(a.to_string())),
                None => (p.clone(), None),
            };
            (Some(m.trim_end_matches(".py").replace('/', ".")), a)
        }
        None => (None, None),
    };
    let candidates: Vec<String> = match &module {
        Some(m) => vec![m.clone()],
        None => vec!["wsgi".into(), "app".into()],
    };
    let mut found = None;
    for m in &candidates {
        let path = format!("{}/{}.py", cwd.trim_end_matches('/'), m.replace('.', "/"));
        if let Ok(d) = host.read_file(&path) {
            found = Some((m.clone(), path, String::from_utf8_lossy(&d).to_string()));
            break;
        }
    }
    let no_app = "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment variable, or a 'wsgi.py' or 'app.py' file in the current directory.\n";
    let Some((mname, path, src)) = found else {
        if let Some(m) = module {
            return simple_exit(
                "",
                &format!(
                    "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Could not import '{m}'.\n"
                ),
                2,
            );
        }
        return simple_exit("", no_app, 2);
    };
    let mut i = make_interp(
        opts,
        vec![format!("/usr/local/bin/flask"), "run".into()],
        cwd.clone(),
        Some(path.clone()),
        false,
        host,
    );
    let body = match parser::parse_module(&src) {
        Ok(b) => b,
        Err(e) => {
            let msg = traceback::format_syntax_error(&e, &path, &src);
            return simple_exit("", &msg, 1);
        }
    };
    let env = i.main_env;
    i.env_set(env, "__name__", Value::str(&mname));
    i.env_set(env, "__file__", Value::str(&path));
    i.modules.insert(mname.clone(), env);
    let source = Source::new(&path, &src, true);
    let r = i.run_module(&body, env, source, host);
    i.frames.clear();
    match r {
        Ok(()) => {}
        Err(f @ Flow::Serve(_)) => return finish(i, Err(f), host, false),
        Err(other) => return finish(i, Err(other), host, false),
    }
    // find the app object
    let mut app = None;
    let names: Vec<String> = match &attr {
        Some(a) => vec![a.trim_end_matches("()").to_string()],
        None => vec!["app".into(), "application".into()],
    };
    for n in &names {
        if let Some(v) = i.env_get(env, n) {
            app = Some(v);
            break;
        }
    }
    if app.is_none()
        && attr.is_none()
        && let Obj::Env(e) = i.obj(env)
    {
        let flasks: Vec<Value> = e.vars.values().filter(|v| is_flask(&i, v)).cloned().collect();
        if flasks.len() == 1 {
            app = flasks.into_iter().next();
        }
    }
    let Some(app) = app.filter(|a| is_flask(&i, a)) else {
        return simple_exit(
            "",
            &format!(
                "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Failed to find Flask application or factory in module '{mname}'. Use '{mname}:name' to specify one.\n"
            ),
            2,
        );
    };
    let shown = app_path.clone();
    let r = flask::start(&mut i, &app, &h, port, debug, shown.as_deref(), host);
    match r {
        Err(f) => finish(i, Err(f), host, false),
        Ok(_) => finish(i, Ok(()), host, false),
    }
}

fn is_flask(i: &Interp, v: &Value) -> bool {
    match v {
        Value::Obj(id) => {
            matches!(i.obj(*id), Obj::Instance(inst) if matches!(inst.native, value::NativeData::Flask(_)))
        }
        _ => false,
    }
}

/// Start an interactive session directly (as `docker run -it python` does).
pub fn start_repl(opts: &RunOptions, host: &mut dyn PyHost) -> (Repl, String) {
    let mut i = make_interp(opts, vec![String::new()], host.cwd(), None, false, host);
    i.env_set(i.main_env, "__name__", Value::str("__main__"));
    (
        Repl::from_interp(i),
        repl::banner(&opts.version, &opts.build, &opts.compiler),
    )
}
