//! The interpreter: reads a script line by line as a shell does, parses each complete command
//! with `dockyard-shell`, expands words and runs lists, pipelines, redirections and commands
//! (builtins, the caller's commands, the utilities, script files).

use dockyard_shell::{
    AndOr, Command, Connector, Env, ExpandError, ParseError, Pipeline, Redirect, RedirectOp, Script, SimpleCommand,
    Word, WordPart, expand_word_no_split, expand_words, glob_paths,
};
use dockyard_vfs::{Node, normalize};

use crate::state::{Mode, ShellState};
use crate::system::{Io, Stream, System};
use crate::utils::{self, Ctx};
use crate::{Flavor, utils::which_path};

mod builtins;

/// How deep `$(...)`, `sh -c`, `eval`, `source` and aliases may nest at run time.
pub(crate) const MAX_RUN_DEPTH: usize = 24;
/// Commands one top-level `run` may execute, and bytes they may print, before it is stopped:
/// nested aliases or `eval`s could otherwise multiply without end.
const MAX_STEPS: u64 = 100_000;
const MAX_OUTPUT: u64 = 64 << 20;

pub(crate) struct Interp<'a> {
    pub sys: &'a mut dyn System,
    pub st: &'a mut ShellState,
    pub flavor: Flavor,
    depth: usize,
    /// The line of the command being run (for messages).
    line: u32,
    /// Set by `exit`: stop running and leave this shell with the status.
    exit: Option<i32>,
    /// Aliases being expanded (an alias is not expanded inside itself).
    expanding: Vec<String>,
    /// Status of the last command substitution in the current command, for `x=$(false)`.
    subst_status: Option<i32>,
    /// Commands run and bytes printed so far (see [`MAX_STEPS`]).
    steps: u64,
    printed: u64,
    /// The work budget ran out: everything stops, subshells included.
    aborted: bool,
    /// How many subshells deep we are (`exit` there does not end the session).
    pub(crate) subshells: usize,
}

/// Where a file descriptor's output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sink {
    /// The caller's stdout.
    Out,
    /// The caller's stderr.
    Err,
    /// Appended to a file (already truncated or created when the redirection was set up).
    File(String),
    Null,
}

/// A command's I/O after its redirections: stdin text and where fds 1 and 2 go.
struct Wiring {
    stdin: String,
    fd1: Sink,
    fd2: Sink,
}

impl<'a> Interp<'a> {
    pub fn new(sys: &'a mut dyn System, st: &'a mut ShellState, flavor: Flavor) -> Interp<'a> {
        Interp {
            sys,
            st,
            flavor,
            depth: 0,
            line: 0,
            exit: None,
            expanding: Vec::new(),
            subst_status: None,
            steps: 0,
            printed: 0,
            aborted: false,
            subshells: 0,
        }
    }

    // ------------------------------------------------------------ messages

    /// The prefix of a shell error message, as each shell prints it. `builtin` names the
    /// builtin that complains (`cd`), if any.
    pub(crate) fn prefix(&self, builtin: Option<&str>) -> String {
        let name = self.st.name().to_string();
        let b = builtin.map(|b| format!("{b}: ")).unwrap_or_default();
        match (self.flavor, &self.st.mode) {
            (Flavor::Bash, Mode::Interactive) => format!("{name}: {b}"),
            (Flavor::Bash, _) => format!("{name}: line {}: {b}", self.line),
            (Flavor::Dash, _) => format!("{name}: {}: {b}", self.line),
            (Flavor::Busybox, Mode::Interactive) => format!("{name}: {b}"),
            (Flavor::Busybox, Mode::Command) => match builtin {
                Some(bn) => format!("{name}: {bn}: line 0: "),
                None => format!("{name}: "),
            },
            (Flavor::Busybox, Mode::Script) => match builtin {
                Some(bn) => format!("{name}: {bn}: line {}: ", self.line),
                None => format!("{name}: line {}: ", self.line),
            },
        }
    }

    /// Writes a shell diagnostic line to stderr.
    pub(crate) fn diag(&self, io: &mut Io, builtin: Option<&str>, msg: &str) {
        io.err(format!("{}{msg}\n", self.prefix(builtin)));
    }

    // ------------------------------------------------------------ reading scripts

    /// Runs source text the way a shell reads it: line by line, each complete command as soon
    /// as it is complete. A syntax error stops a non-interactive shell.
    pub fn run_text(&mut self, text: &str, io: &mut Io) -> i32 {
        let base = if self.st.interactive() { self.st.lineno } else { 0 };
        let pieces: Vec<&str> = text.split_inclusive('\n').collect();
        let mut acc = String::new();
        let mut start = 1u32;
        for (i, piece) in pieces.iter().enumerate() {
            if acc.is_empty() {
                start = i as u32 + 1;
            }
            acc.push_str(piece);
            match dockyard_shell::parse(&acc) {
                Err(ParseError::Incomplete(_)) => continue,
                Ok(script) => {
                    self.line = base + i as u32 + 1;
                    let _ = start;
                    self.run_script(&script, "", io, self.st.tty);
                    acc.clear();
                }
                Err(e) => {
                    self.line = base + i as u32 + 1;
                    self.syntax_error(&e, &acc, io);
                    acc.clear();
                    if !self.st.interactive() {
                        self.exit = Some(2);
                    }
                }
            }
            if self.exit.is_some() || self.aborted {
                break;
            }
        }
        if !acc.is_empty() && self.exit.is_none() && !self.aborted {
            self.line = base + pieces.len() as u32;
            match dockyard_shell::parse_eof(&acc) {
                Ok(parsed) => {
                    for w in &parsed.warnings {
                        let msg = w.to_string();
                        let msg = msg.strip_prefix("bash: ").unwrap_or(&msg).to_string();
                        self.diag(io, None, &msg);
                    }
                    self.run_script(&parsed.script, "", io, self.st.tty);
                }
                Err(e) => {
                    self.syntax_error(&e, &acc, io);
                    if !self.st.interactive() {
                        self.exit = Some(2);
                    }
                }
            }
        }
        if self.st.interactive() {
            self.st.lineno = base + pieces.len().max(1) as u32;
        }
        if let Some(code) = self.exit {
            self.st.status = code;
            return code;
        }
        self.st.status
    }

    fn syntax_error(&mut self, e: &ParseError, src: &str, io: &mut Io) {
        self.st.status = 2;
        let token = match e {
            ParseError::UnexpectedToken { token, .. } => Some(token.clone()),
            _ => None,
        };
        let unsupported = matches!(e, ParseError::Unsupported { .. } | ParseError::TooDeep { .. });
        let text = e.to_string();
        let msg = match self.flavor {
            _ if unsupported => {
                io.err(format!("{text}\n"));
                return;
            }
            Flavor::Bash => text.strip_prefix("bash: ").unwrap_or(&text).to_string(),
            Flavor::Dash => match (&token, e) {
                (Some(t), _) => format!("Syntax error: \"{t}\" unexpected").replace("\"newline\"", "newline"),
                (None, ParseError::UnexpectedEof { matching: Some(_), .. }) => {
                    "Syntax error: Unterminated quoted string".into()
                }
                (None, ParseError::BadSubstitution { .. }) => "Syntax error: Bad substitution".into(),
                _ => "Syntax error: end of file unexpected".into(),
            },
            Flavor::Busybox => match (&token, e) {
                (Some(t), _) => format!("syntax error: unexpected \"{t}\"").replace("\"newline\"", "newline"),
                (None, ParseError::UnexpectedEof { matching: Some(_), .. }) => {
                    "syntax error: unterminated quoted string".into()
                }
                (None, ParseError::BadSubstitution { text: t, .. }) => {
                    format!("syntax error: bad substitution {t}")
                }
                _ => "syntax error: unexpected end of file".into(),
            },
        };
        match (self.flavor, &self.st.mode) {
            (Flavor::Bash, Mode::Interactive) => io.err(format!("bash: {msg}\n")),
            (Flavor::Bash, mode) => {
                let name = if *mode == Mode::Command {
                    format!("{}: -c", self.st.name())
                } else {
                    self.st.name().to_string()
                };
                io.err(format!("{name}: line {}: {msg}\n", self.line));
                if token.is_some() {
                    let last = src.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
                    io.err(format!("{name}: line {}: `{last}'\n", self.line));
                }
            }
            (Flavor::Dash, _) => io.err(format!("{}: {}: {msg}\n", self.st.name(), self.line)),
            (Flavor::Busybox, _) => io.err(format!("{}: {msg}\n", self.st.name())),
        }
    }

    // ------------------------------------------------------------ lists and pipelines

    pub(crate) fn run_script(&mut self, script: &Script, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let mut status = self.st.status;
        for item in &script.items {
            if self.exit.is_some() || self.aborted {
                break;
            }
            if item.background {
                self.st.jobs += 1;
                let pid = self.sys.processes().iter().map(|p| p.pid).max().unwrap_or(self.st.pid) + 1;
                if self.st.interactive() {
                    io.err(format!("[{}] {pid}\n", self.st.jobs));
                }
                // Background jobs run to completion at once (servers are the caller's and
                // return immediately); `$?` is 0 as for any job put in the background.
                let mut sub = Io::new();
                self.run_and_or(&item.and_or, stdin, &mut sub, tty);
                io.append(sub);
                self.st.last_bg = Some(pid);
                status = 0;
                self.st.status = 0;
            } else {
                status = self.run_and_or(&item.and_or, stdin, io, tty);
            }
        }
        if let Some(code) = self.exit {
            return code;
        }
        status
    }

    fn run_and_or(&mut self, ao: &AndOr, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let mut status = self.run_pipeline(&ao.first, stdin, io, tty);
        for (conn, p) in &ao.rest {
            if self.exit.is_some() || self.aborted {
                break;
            }
            let go = match conn {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if go {
                status = self.run_pipeline(p, stdin, io, tty);
            }
        }
        status
    }

    fn run_pipeline(&mut self, p: &Pipeline, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let n = p.commands.len();
        let status = if n == 1 {
            self.run_command(&p.commands[0], stdin, io, tty)
        } else {
            // Every part runs in a subshell; stdout feeds the next part, stderr passes through.
            let mut input = stdin.to_string();
            let mut status = 0;
            for (i, c) in p.commands.iter().enumerate() {
                let last = i + 1 == n;
                let mut sub = Io::new();
                status = self.subshell(|it| it.run_command(c, &input, &mut sub, tty && last));
                if last {
                    io.append(sub);
                } else {
                    let mut out = String::new();
                    for (s, t) in sub.chunks {
                        match s {
                            Stream::Stdout => out.push_str(&t),
                            Stream::Stderr => io.err(t),
                        }
                    }
                    input = out;
                }
            }
            status
        };
        let status = if p.negated { i32::from(status == 0) } else { status };
        if self.exit.is_none() {
            self.st.status = status;
        }
        status
    }

    /// Runs `f` in a subshell: variables, aliases, the directory, the environment and `exit`
    /// are restored afterwards. Returns `f`'s status, or the subshell's `exit` status.
    pub(crate) fn subshell(&mut self, f: impl FnOnce(&mut Self) -> i32) -> i32 {
        let vars = self.st.vars.clone();
        let aliases = self.st.aliases.clone();
        let args = self.st.args.clone();
        let cwd = self.sys.cwd();
        let env = self.sys.env();
        let outer_exit = self.exit.take();
        let exited_before = self.st.exited();
        self.subshells += 1;
        let mut status = f(self);
        self.subshells -= 1;
        if let Some(code) = self.exit.take() {
            status = code;
        }
        self.exit = outer_exit;
        self.st.vars = vars;
        self.st.aliases = aliases;
        self.st.args = args;
        if self.st.exited() != exited_before {
            self.st.take_exit();
        }
        if self.sys.cwd() != cwd {
            self.sys.set_cwd(&cwd);
        }
        let now = self.sys.env();
        for (k, _) in &now {
            if !env.iter().any(|(ek, _)| ek == k) {
                self.sys.unset_env(k);
            }
        }
        for (k, v) in &env {
            if !now.iter().any(|(nk, nv)| nk == k && nv == v) {
                self.sys.set_env(k, v);
            }
        }
        status
    }

    // ------------------------------------------------------------ commands

    fn run_command(&mut self, c: &Command, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        match c {
            Command::Simple(sc) => self.run_simple(sc, stdin, io, tty),
            Command::Subshell { body, redirects } | Command::Group { body, redirects } => {
                let subshell = matches!(c, Command::Subshell { .. });
                let Some(w) = self.wire(redirects, stdin, io) else {
                    self.st.status = 1;
                    return 1;
                };
                let tty = tty && w.fd1 == Sink::Out;
                let mut sub = Io::new();
                let status = if self.depth >= MAX_RUN_DEPTH {
                    self.too_deep(&mut sub)
                } else {
                    self.depth += 1;
                    let s = if subshell {
                        self.subshell(|it| it.run_script(body, &w.stdin, &mut sub, tty))
                    } else {
                        self.run_script(body, &w.stdin, &mut sub, tty)
                    };
                    self.depth -= 1;
                    s
                };
                self.route(sub, &w, io);
                status
            }
        }
    }

    fn too_deep(&mut self, io: &mut Io) -> i32 {
        io.err("dockyard: command is nested too deeply\n");
        1
    }

    /// Expands words, reporting expansion errors as the shell does.
    fn expand(&mut self, words: &[Word], io: &mut Io) -> Result<Vec<String>, i32> {
        let r = {
            let mut env = ExpEnv { it: self, io };
            expand_words(words, &mut env)
        };
        r.map_err(|e| self.expand_error(&e, io))
    }

    fn expand_one(&mut self, word: &Word, io: &mut Io) -> Result<String, i32> {
        let r = {
            let mut env = ExpEnv { it: self, io };
            expand_word_no_split(word, &mut env)
        };
        r.map_err(|e| self.expand_error(&e, io))
    }

    fn expand_error(&mut self, e: &ExpandError, io: &mut Io) -> i32 {
        let text = e.to_string();
        let msg = text.strip_prefix("bash: ").unwrap_or(&text).to_string();
        self.diag(io, None, &msg);
        if !self.st.interactive() {
            let code = if self.flavor == Flavor::Bash { 127 } else { 2 };
            self.exit = Some(code);
            return code;
        }
        1
    }

    fn run_simple(&mut self, sc: &SimpleCommand, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.printed > MAX_OUTPUT {
            if !self.aborted {
                io.err("dockyard: too much work for one command line; stopped\n");
                self.aborted = true;
            }
            return 1;
        }
        self.subst_status = None;
        // Aliases: the first word, unquoted and literal, is looked up before anything else.
        if let Some(first) = sc.words.first()
            && let Some(name) = plain_word(first)
            && let Some(value) = self.st.aliases.get(&name).cloned()
            && !self.expanding.contains(&name)
        {
            return self.run_alias(&name, &value, sc, stdin, io, tty);
        }
        let mut assigns: Vec<(String, String)> = Vec::new();
        for a in &sc.assignments {
            let v = match self.expand_one(&a.value, io) {
                Ok(v) => v,
                Err(code) => return self.finish(code),
            };
            let v = if a.append {
                format!("{}{v}", self.lookup(&a.name).unwrap_or_default())
            } else {
                v
            };
            assigns.push((a.name.clone(), v));
        }
        let argv = match self.expand(&sc.words, io) {
            Ok(v) => v,
            Err(code) => return self.finish(code),
        };
        if self.exit.is_some() {
            return self.exit.unwrap_or(0);
        }
        let Some(w) = self.wire(&sc.redirects, stdin, io) else {
            return self.finish(1);
        };
        if argv.is_empty() {
            for (k, v) in &assigns {
                self.assign(k, v);
            }
            let status = self.subst_status.unwrap_or(0);
            return self.finish(status);
        }
        // `A=1 cmd`: the assignments are exported to this command only.
        let mut saved: Vec<(String, Option<String>)> = Vec::new();
        for (k, v) in &assigns {
            saved.push((k.clone(), self.sys.get_env(k)));
            self.sys.set_env(k, v);
        }
        let tty = tty && w.fd1 == Sink::Out;
        let mut sub = Io::new();
        let status = self.dispatch(&argv, &w.stdin, &mut sub, tty);
        self.printed += sub.chunks.iter().map(|(_, t)| t.len() as u64).sum::<u64>();
        self.route(sub, &w, io);
        for (k, old) in saved {
            match old {
                Some(v) => self.sys.set_env(&k, &v),
                None => self.sys.unset_env(&k),
            }
        }
        self.finish(status)
    }

    fn finish(&mut self, status: i32) -> i32 {
        if self.exit.is_none() {
            self.st.status = status;
        }
        status
    }

    fn run_alias(&mut self, name: &str, value: &str, sc: &SimpleCommand, stdin: &str, io: &mut Io, tty: bool) -> i32 {
        if self.depth >= MAX_RUN_DEPTH {
            return self.too_deep(io);
        }
        let Ok(mut script) = dockyard_shell::parse(value) else {
            // An alias whose text does not parse on its own: run it with the rest appended.
            let mut text = value.to_string();
            for w in &sc.words[1..] {
                text.push(' ');
                text.push_str(&dockyard_shell::quote(&word_text(w)));
            }
            self.expanding.push(name.to_string());
            self.depth += 1;
            let s = self.run_text_nested(&text, io);
            self.depth -= 1;
            self.expanding.pop();
            return s;
        };
        // Append the remaining words and the redirections to the alias's last command.
        let target = script
            .items
            .last_mut()
            .map(|it| match it.and_or.rest.last_mut() {
                Some((_, p)) => p,
                None => &mut it.and_or.first,
            })
            .and_then(|p| p.commands.last_mut());
        match target {
            Some(Command::Simple(last)) => {
                last.words.extend(sc.words[1..].iter().cloned());
                last.redirects.extend(sc.redirects.iter().cloned());
                if script.items.len() == 1
                    && let Some(Command::Simple(first)) = script.items[0].and_or.first.commands.first_mut()
                {
                    let mut a = sc.assignments.clone();
                    a.append(&mut first.assignments);
                    first.assignments = a;
                }
            }
            _ => {
                if script.items.is_empty() {
                    let mut rest = sc.clone();
                    rest.words.remove(0);
                    if rest.words.is_empty() && rest.assignments.is_empty() && rest.redirects.is_empty() {
                        return self.finish(0);
                    }
                    self.expanding.push(name.to_string());
                    let s = self.run_simple(&rest, stdin, io, tty);
                    self.expanding.pop();
                    return s;
                }
            }
        }
        self.expanding.push(name.to_string());
        self.depth += 1;
        let status = self.run_script(&script, stdin, io, tty);
        self.depth -= 1;
        self.expanding.pop();
        status
    }

    /// Runs source text in this shell (eval, source, aliases), reporting syntax errors.
    pub(crate) fn run_text_nested(&mut self, text: &str, io: &mut Io) -> i32 {
        match dockyard_shell::parse_eof(text) {
            Ok(p) => self.run_script(&p.script, "", io, self.st.tty),
            Err(e) => {
                self.syntax_error(&e, text, io);
                2
            }
        }
    }

    // ------------------------------------------------------------ redirections

    /// Sets up redirections: reads inputs, truncates/creates output files. `None` after
    /// printing an error (the command does not run).
    fn wire(&mut self, redirects: &[Redirect], stdin: &str, io: &mut Io) -> Option<Wiring> {
        let mut w = Wiring {
            stdin: stdin.to_string(),
            fd1: Sink::Out,
            fd2: Sink::Err,
        };
        for r in redirects {
            let fd = r.effective_fd();
            let target = match &r.op {
                RedirectOp::HereDoc(h) => {
                    w.stdin = if h.quoted {
                        h.body.as_literal().unwrap_or_default()
                    } else {
                        self.expand_one(&h.body, io).ok()?
                    };
                    continue;
                }
                op => match op.target() {
                    Some(t) => self.expand_one(t, io).ok()?,
                    None => continue,
                },
            };
            match &r.op {
                RedirectOp::HereString(_) => {
                    if fd == 0 {
                        w.stdin = format!("{target}\n");
                    }
                }
                RedirectOp::In(_) | RedirectOp::ReadWrite(_) => {
                    let abs = normalize(&self.sys.cwd(), &target);
                    if abs == "/dev/null" || abs == "/dev/stdin" {
                        if fd == 0 && abs == "/dev/null" {
                            w.stdin = String::new();
                        }
                        continue;
                    }
                    match self.sys.read_string(&abs) {
                        Ok(t) => {
                            if fd == 0 {
                                w.stdin = t;
                            }
                        }
                        Err(_)
                            if matches!(r.op, RedirectOp::ReadWrite(_)) && self.sys.write(&abs, b"", true).is_ok() => {}
                        Err(e) => {
                            self.redirect_error(io, &target, e.text(), false);
                            return None;
                        }
                    }
                }
                RedirectOp::DupIn(_) => {}
                RedirectOp::DupOut(_) => {
                    let src = match target.as_str() {
                        "1" => Some(w.fd1.clone()),
                        "2" => Some(w.fd2.clone()),
                        "-" => Some(Sink::Null),
                        "0" => Some(Sink::Null),
                        _ => None,
                    };
                    let Some(sink) = src else {
                        self.diag(io, None, &format!("{target}: Bad file descriptor"));
                        return None;
                    };
                    match fd {
                        1 => w.fd1 = sink,
                        2 => w.fd2 = sink,
                        _ => {}
                    }
                }
                RedirectOp::Out(_)
                | RedirectOp::Clobber(_)
                | RedirectOp::Append(_)
                | RedirectOp::OutErr(_)
                | RedirectOp::AppendOutErr(_) => {
                    let append = matches!(r.op, RedirectOp::Append(_) | RedirectOp::AppendOutErr(_));
                    let sink = self.open_out(&target, append, io)?;
                    if matches!(r.op, RedirectOp::OutErr(_) | RedirectOp::AppendOutErr(_)) {
                        w.fd1 = sink.clone();
                        w.fd2 = sink;
                    } else {
                        match fd {
                            1 => w.fd1 = sink,
                            2 => w.fd2 = sink,
                            _ => {}
                        }
                    }
                }
                RedirectOp::HereDoc(_) => {}
            }
        }
        Some(w)
    }

    fn open_out(&mut self, target: &str, append: bool, io: &mut Io) -> Option<Sink> {
        match target {
            "/dev/null" => return Some(Sink::Null),
            "/dev/stdout" => return Some(Sink::Out),
            "/dev/stderr" => return Some(Sink::Err),
            "" => {
                self.diag(io, None, ": No such file or directory");
                return None;
            }
            _ => {}
        }
        let abs = normalize(&self.sys.cwd(), target);
        let res = if append {
            self.sys.write(&abs, b"", true)
        } else {
            // Truncate: write an empty file, keeping the mode of an existing one.
            match self.sys.resolve(&abs) {
                Ok((real, Node::File { mode, program, .. })) => self.sys.write_node(
                    &real,
                    Node::File {
                        data: Default::default(),
                        size: 0,
                        mode,
                        program,
                    },
                ),
                _ => self.sys.write(&abs, b"", false),
            }
        };
        match res {
            Ok(()) => Some(Sink::File(abs)),
            Err(e) => {
                self.redirect_error(io, target, e.text(), true);
                None
            }
        }
    }

    fn redirect_error(&mut self, io: &mut Io, target: &str, why: &str, create: bool) {
        let msg = match self.flavor {
            Flavor::Bash => format!("{target}: {why}"),
            Flavor::Dash => {
                if create {
                    format!("cannot create {target}: {why}")
                } else {
                    format!("cannot open {target}: {why}")
                }
            }
            Flavor::Busybox => {
                if create {
                    format!("can't create {target}: {why}")
                } else {
                    format!("can't open '{target}': {why}")
                }
            }
        };
        self.diag(io, None, &msg);
    }

    /// Sends a command's output where its redirections say.
    fn route(&mut self, sub: Io, w: &Wiring, io: &mut Io) {
        for (stream, text) in sub.chunks {
            let sink = match stream {
                Stream::Stdout => &w.fd1,
                Stream::Stderr => &w.fd2,
            };
            match sink {
                Sink::Out => io.out(&text),
                Sink::Err => io.err(&text),
                Sink::Null => {}
                Sink::File(p) => {
                    if let Err(e) = self.sys.write(p, text.as_bytes(), true) {
                        io.err(format!("{}write error: {}\n", self.prefix(None), e.text()));
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ commands

    /// Runs argv: builtins, then the caller's commands, the utilities, script files.
    pub(crate) fn dispatch(&mut self, argv: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let name = argv[0].as_str();
        if let Some(status) = self.builtin(name, argv, stdin, io, tty) {
            return status;
        }
        self.exec_program(argv, stdin, io, tty)
    }

    /// Runs a program (not a builtin): what `env`, `xargs`, `exec` and `command` start.
    pub(crate) fn exec_program(&mut self, argv: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        if let Some(status) = self.sys.external_tty(argv, stdin, io, tty) {
            return status;
        }
        let name = argv[0].as_str();
        let base = name.rsplit('/').next().unwrap_or(name).to_string();
        // A script file named by path or found in $PATH.
        if name.contains('/') {
            let abs = normalize(&self.sys.cwd(), name);
            match self.sys.stat(&abs) {
                Some(Node::Dir { .. }) => {
                    let why = if self.flavor == Flavor::Bash {
                        "Is a directory"
                    } else {
                        "Permission denied"
                    };
                    self.diag(io, None, &format!("{name}: {why}"));
                    return 126;
                }
                Some(Node::File {
                    mode,
                    data,
                    size,
                    program,
                }) => {
                    let is_script = program.is_none() && !(data.is_empty() && size > 0);
                    if is_script {
                        if mode & 0o111 == 0 {
                            self.diag(io, None, &format!("{name}: Permission denied"));
                            return 126;
                        }
                        let text = String::from_utf8_lossy(&data).into_owned();
                        return self.run_script_file(name, &text, argv, stdin, io, tty);
                    }
                }
                _ => {
                    if !self.is_utility(&base) {
                        let msg = match self.flavor {
                            Flavor::Bash => format!("{name}: No such file or directory"),
                            _ => format!("{name}: not found"),
                        };
                        self.diag(io, None, &msg);
                        return 127;
                    }
                }
            }
        } else if let Some(path) = self.path_script(name) {
            let text = self.sys.read_string(&path).unwrap_or_default();
            return self.run_script_file(name, &text, argv, stdin, io, tty);
        }
        if self.is_utility(&base) {
            return self.run_utility(&base, argv, stdin, io, tty);
        }
        self.not_found(io, name);
        127
    }

    fn is_utility(&self, name: &str) -> bool {
        let known = utils::lookup(name).is_some() || matches!(name, "sh" | "bash" | "dash" | "ash" | "env" | "xargs");
        known
            && self.sys.has_utility(name)
            && !(name == "bash" && self.flavor == Flavor::Busybox && !self.has_file_in_path("bash"))
    }

    fn has_file_in_path(&self, name: &str) -> bool {
        let path = self.sys.get_env("PATH").unwrap_or_default();
        path.split(':')
            .filter(|d| !d.is_empty())
            .any(|d| self.sys.exists(&normalize(d, name)))
    }

    /// A text script (not a binary) called `name` in `$PATH`.
    fn path_script(&self, name: &str) -> Option<String> {
        let path = self.sys.get_env("PATH")?;
        for dir in path.split(':').filter(|d| !d.is_empty()) {
            let cand = normalize(dir, name);
            if let Some(Node::File {
                data,
                program: None,
                mode,
                ..
            }) = self.sys.stat(&cand)
                && (data.starts_with(b"#!") && mode & 0o111 != 0)
            {
                return Some(cand);
            }
        }
        None
    }

    pub(crate) fn not_found(&self, io: &mut Io, name: &str) {
        let msg = match self.flavor {
            Flavor::Bash => format!("{name}: command not found"),
            _ => format!("{name}: not found"),
        };
        self.diag(io, None, &msg);
    }

    fn run_utility(&mut self, name: &str, argv: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        match name {
            "sh" | "bash" | "dash" | "ash" => {
                return self.run_shell(name, &argv[1..], stdin, io, tty);
            }
            "env" => return self.run_env(&argv[1..], stdin, io, tty),
            "xargs" => return self.run_xargs(&argv[1..], stdin, io, tty),
            _ => {}
        }
        let Some(f) = utils::lookup(name) else {
            self.not_found(io, name);
            return 127;
        };
        let mut ctx = Ctx {
            sys: &mut *self.sys,
            io,
            stdin,
            flavor: self.flavor,
            tty,
            prog: name.to_string(),
        };
        f(&mut ctx, &argv[1..])
    }

    /// Runs a script file: `#!/bin/sh` scripts in a new shell of the right flavour, other
    /// interpreters through the caller (`#!/usr/bin/env python3`).
    fn run_script_file(&mut self, name: &str, text: &str, argv: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        if let Some(first) = text.lines().next()
            && let Some(shebang) = first.strip_prefix("#!")
        {
            let mut parts = shebang.split_whitespace();
            let interp = parts.next().unwrap_or("");
            let mut iargs: Vec<String> = parts.map(str::to_string).collect();
            let base = interp.rsplit('/').next().unwrap_or(interp).to_string();
            let (prog, rest) = if base == "env" && !iargs.is_empty() {
                (iargs.remove(0), iargs)
            } else {
                (base.clone(), iargs)
            };
            if !matches!(prog.as_str(), "sh" | "bash" | "dash" | "ash") {
                let mut full = vec![prog.clone()];
                full.extend(rest);
                full.push(name.to_string());
                full.extend(argv[1..].iter().cloned());
                if let Some(s) = self.sys.external(&full, stdin, io) {
                    return s;
                }
                let msg = format!("{name}: {interp}: bad interpreter: No such file or directory");
                self.diag(io, None, &msg);
                return 126;
            }
            if !self.is_utility(&prog) {
                let msg = match self.flavor {
                    Flavor::Bash => {
                        format!("{name}: {interp}: bad interpreter: No such file or directory")
                    }
                    _ => format!("{name}: not found"),
                };
                self.diag(io, None, &msg);
                return if self.flavor == Flavor::Bash { 126 } else { 127 };
            }
            let flavor = self.child_flavor(&prog);
            return self.nested_shell(flavor, name, Mode::Script, text, &argv[1..], stdin, io, tty);
        }
        let flavor = self.child_flavor("sh");
        self.nested_shell(flavor, name, Mode::Script, text, &argv[1..], stdin, io, tty)
    }

    /// The flavour of a shell started by name from this one.
    fn child_flavor(&self, prog: &str) -> Flavor {
        match (prog, self.flavor) {
            (_, Flavor::Busybox) => Flavor::Busybox,
            ("bash", _) => Flavor::Bash,
            _ => Flavor::Dash,
        }
    }

    /// Runs `text` in a new shell process (its own variables; the environment is inherited).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn nested_shell(
        &mut self,
        flavor: Flavor,
        name: &str,
        mode: Mode,
        text: &str,
        args: &[String],
        stdin: &str,
        io: &mut Io,
        tty: bool,
    ) -> i32 {
        if self.depth >= MAX_RUN_DEPTH {
            return self.too_deep(io);
        }
        let mut st = ShellState::with_mode(name, mode);
        st.args.extend(args.iter().cloned());
        st.tty = tty;
        st.pid = self.st.pid + 1;
        let cwd = self.sys.cwd();
        let env = self.sys.env();
        let depth = self.depth + 1;
        let status = {
            let mut child = Interp::new(&mut *self.sys, &mut st, flavor);
            child.depth = depth;
            child.steps = self.steps;
            child.printed = self.printed;
            let _ = stdin;
            let s = child.run_text(text, io);
            self.steps = child.steps;
            self.printed = child.printed;
            self.aborted |= child.aborted;
            s
        };
        // A child cannot change its parent's directory or environment.
        if self.sys.cwd() != cwd {
            self.sys.set_cwd(&cwd);
        }
        let now = self.sys.env();
        for (k, _) in &now {
            if !env.iter().any(|(ek, _)| ek == k) {
                self.sys.unset_env(k);
            }
        }
        for (k, v) in &env {
            if !now.iter().any(|(nk, nv)| nk == k && nv == v) {
                self.sys.set_env(k, v);
            }
        }
        status
    }

    /// Variable lookup: shell variables, the environment, special parameters.
    pub(crate) fn lookup(&self, name: &str) -> Option<String> {
        if let Some(v) = self.st.vars.get(name) {
            return Some(v.clone());
        }
        if let Some(v) = self.sys.get_env(name) {
            return Some(v);
        }
        if let Ok(n) = name.parse::<usize>() {
            return self.st.args.get(n).cloned();
        }
        match name {
            "#" => Some(self.st.args.len().saturating_sub(1).to_string()),
            "@" | "*" => Some(self.st.args.iter().skip(1).cloned().collect::<Vec<_>>().join(" ")),
            "$" => Some(self.st.pid.to_string()),
            "!" => self.st.last_bg.map(|p| p.to_string()),
            "-" => Some(match (self.flavor, self.st.interactive()) {
                (Flavor::Bash, true) => "himBHs".into(),
                (Flavor::Bash, false) => "hB".into(),
                (_, true) => "i".into(),
                _ => String::new(),
            }),
            "LINENO" => Some(self.line.to_string()),
            _ => None,
        }
    }

    /// `name=value`: updates the exported variable if there is one, else a shell variable.
    pub(crate) fn assign(&mut self, name: &str, value: &str) {
        if self.sys.get_env(name).is_some() || self.st.pending_exports.remove(name) {
            self.sys.set_env(name, value);
        } else {
            self.st.vars.insert(name.to_string(), value.to_string());
        }
    }

    /// The `$PATH` location of a command, for `type`, `command -v`, `which`.
    pub(crate) fn locate(&self, name: &str) -> Option<String> {
        which_path(&*self.sys, self.flavor, name)
    }
}

/// The word's text when it is a plain unquoted literal (candidates for alias expansion).
fn plain_word(w: &Word) -> Option<String> {
    match w.parts.as_slice() {
        [WordPart::Literal(s)] => Some(s.clone()),
        _ => None,
    }
}

/// A word's text as written as far as it is literal (used to re-quote alias arguments).
fn word_text(w: &Word) -> String {
    w.as_literal().unwrap_or_default()
}

/// Expansion's view of the interpreter.
struct ExpEnv<'i, 'a> {
    it: &'i mut Interp<'a>,
    io: &'i mut Io,
}

impl Env for ExpEnv<'_, '_> {
    fn var(&self, name: &str) -> Option<String> {
        self.it.lookup(name)
    }
    fn set_var(&mut self, name: &str, value: String) {
        self.it.assign(name, &value);
    }
    fn last_status(&self) -> i32 {
        self.it.st.status
    }
    fn command_subst(&mut self, script: &Script) -> String {
        if self.it.depth >= MAX_RUN_DEPTH {
            self.io.err("dockyard: command is nested too deeply\n");
            return String::new();
        }
        let mut sub = Io::new();
        self.it.depth += 1;
        let status = self.it.subshell(|it| it.run_script(script, "", &mut sub, false));
        self.it.depth -= 1;
        self.it.subst_status = Some(status);
        self.it.st.status = status;
        let mut out = String::new();
        for (s, t) in sub.chunks {
            match s {
                Stream::Stdout => out.push_str(&t),
                Stream::Stderr => self.io.err(t),
            }
        }
        out
    }
    fn glob(&self, pattern: &str) -> Vec<String> {
        let cwd = self.it.sys.cwd();
        let sys = &*self.it.sys;
        let mut read_dir = |dir: &str| -> Option<Vec<String>> {
            let abs = normalize(&cwd, if dir.is_empty() { "." } else { dir });
            sys.list(&abs).ok().map(|l| l.into_iter().map(|(n, _)| n).collect())
        };
        glob_paths(pattern, &mut read_dir)
    }
    fn home(&self) -> String {
        self.it.sys.get_env("HOME").unwrap_or_else(|| match self.it.sys.user() {
            (0, _) => "/root".into(),
            (_, name) => format!("/home/{name}"),
        })
    }
}
