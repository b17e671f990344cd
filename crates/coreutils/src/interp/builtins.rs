//! Shell builtins (cd, echo, export, exit, type, alias, test, read, ...) and the commands that
//! start other commands (sh -c, env, xargs, exec, command).

use dockyard_vfs::{Node, normalize};

use super::Interp;
use crate::Flavor;
use crate::state::Mode;
use crate::system::Io;
use crate::utils::text::{printf_format, unescape};

/// Builtins of each shell (what `type` calls "a shell builtin").
const BUILTINS: &[&str] = &[
    "cd", "pwd", "echo", "printf", "export", "unset", "exit", "true", "false", ":", "type", "command", "alias",
    "unalias", "set", "source", ".", "exec", "eval", "shift", "read", "test", "[", "wait", "trap", "umask",
];

fn valid_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch == '_' || ch.is_ascii_alphabetic())
        && c.all(|ch| ch == '_' || ch.is_ascii_alphanumeric())
}

/// Quotes a value as `alias` and `export -p` print it: `'ls -l'`, `'it'\''s'`.
fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl Interp<'_> {
    pub(crate) fn is_builtin(&self, name: &str) -> bool {
        BUILTINS.contains(&name) && !(name == "source" && self.flavor == Flavor::Dash)
    }

    /// Runs a builtin; `None` when `name` is not one.
    pub(crate) fn builtin(&mut self, name: &str, argv: &[String], stdin: &str, io: &mut Io, tty: bool) -> Option<i32> {
        if !self.is_builtin(name) {
            return None;
        }
        let args = &argv[1..];
        Some(match name {
            "cd" => self.cd(args, io),
            "pwd" => self.pwd(args, io),
            "echo" => self.echo(args, io),
            "printf" => self.printf(args, io),
            "export" => self.export(args, io),
            "unset" => self.unset(args, io),
            "exit" => self.exit_builtin(args, io),
            "true" | ":" => 0,
            "false" => 1,
            "type" => self.type_builtin(args, io),
            "command" => self.command(args, stdin, io, tty),
            "alias" => self.alias(args, io),
            "unalias" => self.unalias(args, io),
            "set" => self.set(args, io),
            "source" | "." => self.source(name, args, io),
            "exec" => self.exec(args, stdin, io, tty),
            "eval" => {
                if self.depth >= super::MAX_RUN_DEPTH {
                    return Some(self.too_deep(io));
                }
                self.depth += 1;
                let s = self.run_text_nested(&args.join(" "), io);
                self.depth -= 1;
                s
            }
            "shift" => self.shift(args, io),
            "read" => self.read(args, stdin),
            "test" => self.test(args, false, io),
            "[" => self.test(args, true, io),
            "wait" | "trap" => 0,
            "umask" => {
                if args.is_empty() {
                    io.out("0022\n");
                }
                0
            }
            _ => return None,
        })
    }

    fn cd(&mut self, args: &[String], io: &mut Io) -> i32 {
        let args: Vec<&String> = args
            .iter()
            .filter(|a| !matches!(a.as_str(), "-L" | "-P" | "--"))
            .collect();
        if args.len() > 1 && self.flavor == Flavor::Bash {
            self.diag(io, Some("cd"), "too many arguments");
            return 1;
        }
        let (target, print) = match args.first().map(|s| s.as_str()) {
            None => match self.lookup("HOME") {
                Some(h) => (h, false),
                None => {
                    self.diag(io, Some("cd"), "HOME not set");
                    return 1;
                }
            },
            Some("-") => match self.lookup("OLDPWD") {
                Some(o) => (o, true),
                None => {
                    self.diag(io, Some("cd"), "OLDPWD not set");
                    return 1;
                }
            },
            Some(t) => (t.to_string(), false),
        };
        let cwd = self.sys.cwd();
        let abs = normalize(&cwd, &target);
        let err = match self.sys.stat(&abs) {
            Some(Node::Dir { .. }) => None,
            Some(_) => Some("Not a directory"),
            None => Some("No such file or directory"),
        };
        if let Some(why) = err {
            match self.flavor {
                Flavor::Bash => self.diag(io, Some("cd"), &format!("{target}: {why}")),
                Flavor::Dash => self.diag(io, Some("cd"), &format!("can't cd to {target}")),
                Flavor::Busybox => self.diag(io, Some("cd"), &format!("can't cd to {target}: {why}")),
            }
            return if self.flavor == Flavor::Bash { 1 } else { 2 };
        }
        self.sys.set_cwd(&abs);
        self.sys.set_env("OLDPWD", &cwd);
        self.sys.set_env("PWD", &abs);
        self.st.vars.remove("OLDPWD");
        self.st.vars.remove("PWD");
        if print {
            io.out(format!("{abs}\n"));
        }
        0
    }

    fn pwd(&mut self, args: &[String], io: &mut Io) -> i32 {
        for a in args {
            if a.starts_with('-') && a != "-L" && a != "-P" && a != "--" {
                match self.flavor {
                    Flavor::Bash => {
                        self.diag(io, Some("pwd"), &format!("{a}: invalid option"));
                        io.err("pwd: usage: pwd [-LP]\n");
                    }
                    Flavor::Dash => self.diag(io, Some("pwd"), &format!("Illegal option {a}")),
                    Flavor::Busybox => self.diag(io, Some("pwd"), &format!("illegal option {a}")),
                }
                return 2;
            }
        }
        let cwd = self.sys.cwd();
        let shown = if args.iter().any(|a| a == "-P") {
            self.sys.resolve(&cwd).map(|(p, _)| p).unwrap_or(cwd)
        } else {
            cwd
        };
        io.out(format!("{shown}\n"));
        0
    }

    fn echo(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut newline = true;
        let mut escapes = self.flavor == Flavor::Dash;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            let flags_ok = a.len() > 1
                && a.starts_with('-')
                && a[1..].chars().all(|c| {
                    if self.flavor == Flavor::Dash {
                        c == 'n'
                    } else {
                        "neE".contains(c)
                    }
                });
            if !flags_ok {
                break;
            }
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    'E' => escapes = false,
                    _ => {}
                }
            }
            i += 1;
        }
        let text = args[i..].join(" ");
        if escapes {
            let (s, stop) = unescape(&text, true);
            io.out(s);
            if stop {
                return 0;
            }
        } else {
            io.out(text);
        }
        if newline {
            io.out("\n");
        }
        0
    }

    fn printf(&mut self, args: &[String], io: &mut Io) -> i32 {
        let args: Vec<String> = if args.first().is_some_and(|a| a == "--") {
            args[1..].to_vec()
        } else {
            args.to_vec()
        };
        let Some(fmt) = args.first() else {
            match self.flavor {
                Flavor::Bash => {
                    io.err("printf: usage: printf [-v var] format [arguments]\n");
                    return 2;
                }
                Flavor::Dash => {
                    self.diag(io, Some("printf"), "usage: printf format [arg ...]");
                    return 2;
                }
                Flavor::Busybox => {
                    io.err(format!(
                        "{}\n{}",
                        crate::utils::usage::BANNER,
                        crate::utils::usage::usage("printf").unwrap_or("\n")
                    ));
                    return 1;
                }
            }
        };
        let (out, bad) = printf_format(fmt, &args[1..]);
        io.out(out);
        for b in &bad {
            match self.flavor {
                Flavor::Bash => self.diag(io, Some("printf"), &format!("{b}: invalid number")),
                Flavor::Dash => self.diag(io, Some("printf"), &format!("{b}: expected numeric value")),
                Flavor::Busybox => self.diag(io, Some("printf"), &format!("invalid number '{b}'")),
            }
        }
        i32::from(!bad.is_empty())
    }

    fn bad_name(&mut self, io: &mut Io, builtin: &str, arg: &str) -> i32 {
        match self.flavor {
            Flavor::Bash => {
                self.diag(io, Some(builtin), &format!("`{arg}': not a valid identifier"));
                1
            }
            _ => {
                let name = arg.split('=').next().unwrap_or(arg);
                self.diag(io, Some(builtin), &format!("{name}: bad variable name"));
                if !self.st.interactive() {
                    self.exit = Some(2);
                }
                2
            }
        }
    }

    fn export(&mut self, args: &[String], io: &mut Io) -> i32 {
        let args: Vec<&String> = args
            .iter()
            .filter(|a| a.as_str() != "-p" && a.as_str() != "--")
            .collect();
        if args.is_empty() {
            let mut env = self.sys.env();
            env.sort();
            let mut out = String::new();
            for (k, v) in env {
                match self.flavor {
                    Flavor::Bash => out.push_str(&format!(
                        "declare -x {k}=\"{}\"\n",
                        v.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")
                    )),
                    _ => out.push_str(&format!("export {k}={}\n", single_quote(&v))),
                }
            }
            io.out(out);
            return 0;
        }
        let mut status = 0;
        for a in args {
            let (name, value) = match a.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            if !valid_name(&name) {
                status = self.bad_name(io, "export", a);
                if self.exit.is_some() {
                    return status;
                }
                continue;
            }
            let v = value.or_else(|| self.st.vars.get(&name).cloned());
            self.st.vars.remove(&name);
            match v {
                Some(v) => self.sys.set_env(&name, &v),
                None => {
                    // `export X` with X unset: exported once it gets a value.
                    if self.sys.get_env(&name).is_none() {
                        self.st.pending_exports.insert(name.clone());
                    }
                }
            }
        }
        status
    }

    fn unset(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut status = 0;
        for a in args.iter().filter(|a| !matches!(a.as_str(), "-v" | "-f")) {
            if !valid_name(a) {
                status = self.bad_name(io, "unset", a);
                continue;
            }
            self.st.vars.remove(a);
            self.st.pending_exports.remove(a.as_str());
            self.sys.unset_env(a);
        }
        status
    }

    fn exit_builtin(&mut self, args: &[String], io: &mut Io) -> i32 {
        let leaves_session = self.subshells == 0;
        if self.flavor == Flavor::Bash && self.st.interactive() && leaves_session {
            io.err("exit\n");
        }
        let code = match args.first() {
            None => self.st.status,
            Some(a) => match a.trim().parse::<i64>() {
                Ok(n) => {
                    if args.len() > 1 && self.flavor == Flavor::Bash {
                        self.diag(io, Some("exit"), "too many arguments");
                        return 1;
                    }
                    (n & 0xff) as i32
                }
                Err(_) => {
                    match self.flavor {
                        Flavor::Bash => self.diag(io, Some("exit"), &format!("{a}: numeric argument required")),
                        _ => self.diag(io, Some("exit"), &format!("Illegal number: {a}")),
                    }
                    2
                }
            },
        };
        self.exit = Some(code);
        if leaves_session {
            self.st.set_exited(code);
        }
        code
    }

    /// How `type` describes a name; `None` when not found.
    fn describe(&self, name: &str) -> Option<String> {
        if let Some(v) = self.st.aliases.get(name) {
            return Some(match self.flavor {
                Flavor::Bash => format!("{name} is aliased to `{v}'"),
                _ => format!("{name} is an alias for {v}"),
            });
        }
        if self.is_builtin(name) {
            let special = matches!(
                name,
                "export" | "unset" | "exit" | "set" | "." | "exec" | "eval" | "shift" | ":" | "trap"
            );
            return Some(if special && self.flavor != Flavor::Bash {
                format!("{name} is a special shell builtin")
            } else {
                format!("{name} is a shell builtin")
            });
        }
        self.locate(name).map(|p| format!("{name} is {p}"))
    }

    fn type_builtin(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut status = 0;
        let mut out = String::new();
        for n in args.iter().filter(|a| !a.starts_with('-')) {
            match self.describe(n) {
                Some(d) => {
                    out.push_str(&d);
                    out.push('\n');
                }
                None => {
                    io.out(std::mem::take(&mut out));
                    match self.flavor {
                        Flavor::Bash => {
                            self.diag(io, Some("type"), &format!("{n}: not found"));
                            status = 1;
                        }
                        _ => {
                            io.out(format!("{n}: not found\n"));
                            status = 127;
                        }
                    }
                }
            }
        }
        io.out(out);
        status
    }

    fn command(&mut self, args: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let mut i = 0;
        let mut mode = ' ';
        while i < args.len() && args[i].starts_with('-') && args[i].len() > 1 {
            match args[i].as_str() {
                "-v" => mode = 'v',
                "-V" => mode = 'V',
                "-p" | "--" => {}
                _ => {}
            }
            i += 1;
        }
        let rest = &args[i..];
        if rest.is_empty() {
            return 0;
        }
        match mode {
            'v' => {
                let mut status = 0;
                for n in rest {
                    if let Some(v) = self.st.aliases.get(n) {
                        let line = match self.flavor {
                            Flavor::Bash => format!("alias {n}={}\n", single_quote(v)),
                            _ => format!("{n}={}\n", single_quote(v)),
                        };
                        io.out(line);
                    } else if self.is_builtin(n) {
                        io.out(format!("{n}\n"));
                    } else if let Some(p) = self.locate(n) {
                        io.out(format!("{p}\n"));
                    } else {
                        status = 1;
                    }
                }
                status
            }
            'V' => self.type_builtin(rest, io),
            _ => {
                if let Some(s) = self.builtin(&rest[0], rest, stdin, io, tty) {
                    return s;
                }
                self.exec_program(rest, stdin, io, tty)
            }
        }
    }

    fn alias(&mut self, args: &[String], io: &mut Io) -> i32 {
        let show = |flavor: Flavor, k: &str, v: &str| match flavor {
            Flavor::Bash => format!("alias {k}={}\n", single_quote(v)),
            _ => format!("{k}={}\n", single_quote(v)),
        };
        let args: Vec<&String> = args.iter().filter(|a| a.as_str() != "-p").collect();
        if args.is_empty() {
            let mut out = String::new();
            for (k, v) in &self.st.aliases {
                out.push_str(&show(self.flavor, k, v));
            }
            io.out(out);
            return 0;
        }
        let mut status = 0;
        for a in args {
            match a.split_once('=') {
                Some((k, v)) if !k.is_empty() => {
                    self.st.aliases.insert(k.to_string(), v.to_string());
                }
                _ => match self.st.aliases.get(a.as_str()) {
                    Some(v) => io.out(show(self.flavor, a, v)),
                    None => {
                        match self.flavor {
                            Flavor::Bash => self.diag(io, Some("alias"), &format!("{a}: not found")),
                            _ => io.err(format!("alias: {a} not found\n")),
                        }
                        status = 1;
                    }
                },
            }
        }
        status
    }

    fn unalias(&mut self, args: &[String], io: &mut Io) -> i32 {
        if args.iter().any(|a| a == "-a") {
            self.st.aliases.clear();
            return 0;
        }
        let mut status = 0;
        for a in args {
            if self.st.aliases.remove(a.as_str()).is_none() {
                match self.flavor {
                    Flavor::Bash => self.diag(io, Some("unalias"), &format!("{a}: not found")),
                    _ => io.err(format!("unalias: {a} not found\n")),
                }
                status = 1;
            }
        }
        status
    }

    fn set(&mut self, args: &[String], io: &mut Io) -> i32 {
        if args.is_empty() {
            let mut all: Vec<(String, String)> = self.sys.env();
            for (k, v) in &self.st.vars {
                all.push((k.clone(), v.clone()));
            }
            all.sort();
            let mut out = String::new();
            for (k, v) in all {
                let simple = !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "/._-:,+@%=".contains(c));
                if simple {
                    out.push_str(&format!("{k}={v}\n"));
                } else {
                    out.push_str(&format!("{k}={}\n", single_quote(&v)));
                }
            }
            io.out(out);
            return 0;
        }
        // Options (-e, -x, -o pipefail, ...) are accepted and have no effect here; `--` sets
        // the positional parameters.
        if let Some(pos) = args.iter().position(|a| a == "--") {
            let name = self.st.name().to_string();
            self.st.args = std::iter::once(name).chain(args[pos + 1..].iter().cloned()).collect();
        } else if !args[0].starts_with('-') && !args[0].starts_with('+') {
            let name = self.st.name().to_string();
            self.st.args = std::iter::once(name).chain(args.iter().cloned()).collect();
        }
        0
    }

    fn shift(&mut self, args: &[String], io: &mut Io) -> i32 {
        let n: usize = match args.first() {
            None => 1,
            Some(a) => match a.parse() {
                Ok(n) => n,
                Err(_) => {
                    match self.flavor {
                        Flavor::Bash => self.diag(io, Some("shift"), &format!("{a}: numeric argument required")),
                        _ => self.diag(io, Some("shift"), &format!("Illegal number: {a}")),
                    }
                    return if self.flavor == Flavor::Bash { 1 } else { 2 };
                }
            },
        };
        let count = self.st.args.len().saturating_sub(1);
        if n == 0 {
            return 0;
        }
        if n > count {
            if self.flavor != Flavor::Bash {
                self.diag(io, Some("shift"), "can't shift that many");
                return 2;
            }
            return 1;
        }
        self.st.args.drain(1..1 + n);
        0
    }

    fn read(&mut self, args: &[String], stdin: &str) -> i32 {
        let mut names: Vec<String> = Vec::new();
        let mut raw = false;
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "-r" => raw = true,
                "-p" | "-t" | "-n" | "-u" | "-d" => i += 1,
                s if s.starts_with('-') => {}
                s => names.push(s.to_string()),
            }
            i += 1;
        }
        if names.is_empty() {
            names.push("REPLY".into());
        }
        let Some(line) = stdin.split_inclusive('\n').next() else {
            for n in &names {
                self.assign(n, "");
            }
            return 1;
        };
        let complete = line.ends_with('\n');
        let mut line = line.trim_end_matches('\n').to_string();
        if !raw {
            line = line.replace("\\", "");
        }
        let mut fields: Vec<&str> = line.split_whitespace().collect();
        for (k, n) in names.iter().enumerate() {
            let v = if k + 1 == names.len() {
                let rest = fields.clone();
                fields.clear();
                rest.join(" ")
            } else if fields.is_empty() {
                String::new()
            } else {
                fields.remove(0).to_string()
            };
            self.assign(n, &v);
        }
        i32::from(!complete)
    }

    fn source(&mut self, name: &str, args: &[String], io: &mut Io) -> i32 {
        let Some(file) = args.first() else {
            if self.flavor == Flavor::Bash {
                self.diag(io, Some(name), "filename argument required");
                io.err(format!("{name}: usage: {name} filename [arguments]\n"));
            }
            return 2;
        };
        let candidates: Vec<String> = if file.contains('/') {
            vec![normalize(&self.sys.cwd(), file)]
        } else {
            let mut v: Vec<String> = self
                .lookup("PATH")
                .unwrap_or_default()
                .split(':')
                .filter(|d| !d.is_empty())
                .map(|d| normalize(d, file))
                .collect();
            if self.flavor == Flavor::Bash {
                v.push(normalize(&self.sys.cwd(), file));
            }
            v
        };
        let found = candidates
            .into_iter()
            .find(|p| matches!(self.sys.stat(p), Some(Node::File { .. })));
        let Some(path) = found else {
            match self.flavor {
                Flavor::Bash => self.diag(io, None, &format!("{file}: No such file or directory")),
                Flavor::Dash if file.contains('/') => {
                    self.diag(io, Some(name), &format!("cannot open {file}: No such file"))
                }
                _ => self.diag(io, Some(name), &format!("{file}: not found")),
            }
            return if self.flavor == Flavor::Bash { 1 } else { 2 };
        };
        if self.depth >= super::MAX_RUN_DEPTH {
            return self.too_deep(io);
        }
        let text = self.sys.read_string(&path).unwrap_or_default();
        let saved_args = if args.len() > 1 {
            let name0 = self.st.name().to_string();
            Some(std::mem::replace(
                &mut self.st.args,
                std::iter::once(name0).chain(args[1..].iter().cloned()).collect(),
            ))
        } else {
            None
        };
        self.depth += 1;
        let status = self.run_text_nested(&text, io);
        self.depth -= 1;
        if let Some(a) = saved_args {
            self.st.args = a;
        }
        status
    }

    fn exec(&mut self, args: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        if args.is_empty() {
            return 0;
        }
        let status = if let Some(s) = self.builtin(&args[0], args, stdin, io, tty) {
            s
        } else {
            let name = args[0].clone();
            let known = self.sys.has_utility(&name) || name.contains('/');
            let _ = known;
            let mut sub = Io::new();
            let s = self.exec_program(args, stdin, &mut sub, tty);
            if s == 127 && sub.stdout().is_empty() {
                // exec reports a missing program in its own words.
                let msg = match self.flavor {
                    Flavor::Bash => format!("{name}: not found"),
                    _ => format!("{name}: not found"),
                };
                self.diag(io, Some("exec"), &msg);
            } else {
                io.append(sub);
            }
            s
        };
        self.exit = Some(status);
        if self.subshells == 0 {
            self.st.set_exited(status);
        }
        status
    }

    // ------------------------------------------------------------ test / [

    fn test(&mut self, args: &[String], bracket: bool, io: &mut Io) -> i32 {
        let mut args: Vec<String> = args.to_vec();
        if bracket {
            if args.last().map(String::as_str) != Some("]") {
                let msg = match self.flavor {
                    Flavor::Bash => "[: missing `]'".to_string(),
                    _ => "[: missing ]".to_string(),
                };
                self.diag(io, None, &msg);
                return 2;
            }
            args.pop();
        }
        let name = if bracket { "[" } else { "test" };
        match self.eval_test(&args) {
            Ok(b) => i32::from(!b),
            Err(msg) => {
                self.diag(io, Some(name), &msg);
                2
            }
        }
    }

    fn eval_test(&self, a: &[String]) -> Result<bool, String> {
        let s = |i: usize| a[i].as_str();
        match a.len() {
            0 => Ok(false),
            1 => Ok(!a[0].is_empty()),
            2 => {
                if s(0) == "!" {
                    return Ok(a[1].is_empty());
                }
                self.unary(s(0), s(1))
            }
            3 => {
                if let Some(r) = self.binary(s(0), s(1), s(2))? {
                    return Ok(r);
                }
                if s(0) == "!" {
                    return self.eval_test(&a[1..]).map(|b| !b);
                }
                if s(0) == "(" && s(2) == ")" {
                    return Ok(!a[1].is_empty());
                }
                Err(format!("{}: binary operator expected", s(1)))
            }
            _ => {
                if s(0) == "!" {
                    return self.eval_test(&a[1..]).map(|b| !b);
                }
                if let Some(i) = a.iter().position(|x| x == "-o") {
                    return Ok(self.eval_test(&a[..i])? || self.eval_test(&a[i + 1..])?);
                }
                if let Some(i) = a.iter().position(|x| x == "-a") {
                    return Ok(self.eval_test(&a[..i])? && self.eval_test(&a[i + 1..])?);
                }
                Err("too many arguments".into())
            }
        }
    }

    fn unary(&self, op: &str, arg: &str) -> Result<bool, String> {
        let path = || normalize(&self.sys.cwd(), arg);
        Ok(match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-e" => self.sys.exists(&path()),
            "-f" => matches!(self.sys.stat(&path()), Some(Node::File { .. })),
            "-d" => self.sys.is_dir(&path()),
            "-L" | "-h" => matches!(self.sys.lstat(&path()), Some(Node::Symlink { .. })),
            "-s" => self
                .sys
                .stat(&path())
                .is_some_and(|n| n.size() > 0 || matches!(n, Node::Dir { .. })),
            "-r" | "-w" => self.sys.exists(&path()),
            "-x" => match self.sys.stat(&path()) {
                Some(Node::File { mode, .. }) | Some(Node::Dir { mode, .. }) => mode & 0o111 != 0,
                _ => false,
            },
            _ => return Err(format!("{op}: unary operator expected")),
        })
    }

    fn binary(&self, l: &str, op: &str, r: &str) -> Result<Option<bool>, String> {
        let int = |x: &str| -> Result<i64, String> {
            x.trim().parse::<i64>().map_err(|_| match self.flavor {
                Flavor::Bash => format!("{x}: integer expression expected"),
                _ => format!("Illegal number: {x}"),
            })
        };
        Ok(Some(match op {
            "=" | "==" => l == r,
            "!=" => l != r,
            "<" => l < r,
            ">" => l > r,
            "-eq" => int(l)? == int(r)?,
            "-ne" => int(l)? != int(r)?,
            "-lt" => int(l)? < int(r)?,
            "-le" => int(l)? <= int(r)?,
            "-gt" => int(l)? > int(r)?,
            "-ge" => int(l)? >= int(r)?,
            "-a" => !l.is_empty() && !r.is_empty(),
            "-o" => !l.is_empty() || !r.is_empty(),
            _ => return Ok(None),
        }))
    }

    // ------------------------------------------------------------ programs that run programs

    /// `sh`, `bash`, `dash`, `ash` as commands: `-c STRING [NAME ARGS]`, `SCRIPT [ARGS]`, or a
    /// script on stdin.
    pub(crate) fn run_shell(&mut self, prog: &str, args: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let flavor = match (prog, self.flavor) {
            (_, Flavor::Busybox) => Flavor::Busybox,
            ("bash", _) => Flavor::Bash,
            _ => Flavor::Dash,
        };
        let mut i = 0;
        let mut command: Option<String> = None;
        while i < args.len() && args[i].starts_with('-') && args[i].len() > 1 {
            let a = &args[i];
            if a == "--" {
                i += 1;
                break;
            }
            if a.contains('c') && !a.starts_with("--") {
                i += 1;
                match args.get(i) {
                    Some(c) => command = Some(c.clone()),
                    None => {
                        let msg = match flavor {
                            Flavor::Bash => format!("{prog}: -c: option requires an argument\n"),
                            Flavor::Dash => format!("{prog}: 0: -c requires an argument\n"),
                            Flavor::Busybox => format!("{prog}: -c requires an argument\n"),
                        };
                        io.err(msg);
                        return 2;
                    }
                }
            }
            i += 1;
        }
        if let Some(c) = command {
            let rest = &args[i..];
            let name = rest.first().cloned().unwrap_or_else(|| prog.to_string());
            let extra: Vec<String> = rest.iter().skip(1).cloned().collect();
            return self.nested_shell(flavor, &name, Mode::Command, &c, &extra, "", io, tty);
        }
        if let Some(script) = args.get(i) {
            let abs = normalize(&self.sys.cwd(), script);
            return match self.sys.read_string(&abs) {
                Ok(text) => self.nested_shell(flavor, script, Mode::Script, &text, &args[i + 1..], stdin, io, tty),
                Err(e) => {
                    match flavor {
                        Flavor::Bash => io.err(format!("{prog}: {script}: {}\n", e.text())),
                        Flavor::Dash => io.err(format!("{prog}: 0: cannot open {script}: No such file\n")),
                        Flavor::Busybox => io.err(format!("{prog}: can't open '{script}': {}\n", e.text())),
                    }
                    if flavor == Flavor::Bash { 127 } else { 2 }
                }
            };
        }
        // Commands from stdin (`echo ls | sh`); an interactive nested shell is the caller's.
        self.nested_shell(flavor, prog, Mode::Command, stdin, &[], "", io, tty)
    }

    /// `env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]`
    pub(crate) fn run_env(&mut self, args: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let mut i = 0;
        let mut clear = false;
        let mut unsets: Vec<String> = Vec::new();
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "-i" | "-" | "--ignore-environment" => clear = true,
                "-u" | "--unset" => {
                    i += 1;
                    if let Some(n) = args.get(i) {
                        unsets.push(n.clone());
                    }
                }
                "--" => {
                    i += 1;
                    break;
                }
                _ if a.starts_with("-u") && a.len() > 2 => unsets.push(a[2..].to_string()),
                _ if a.starts_with('-') && a.len() > 1 => {
                    let c = a.chars().nth(1).unwrap_or('-');
                    if self.flavor.gnu() {
                        if a.starts_with("--") {
                            io.err(format!(
                                "env: unrecognized option '{a}'\nTry 'env --help' for more information.\n"
                            ));
                        } else {
                            io.err(format!(
                                "env: invalid option -- '{c}'\nTry 'env --help' for more information.\n"
                            ));
                        }
                        return 125;
                    }
                    io.err(format!(
                        "env: unrecognized option: {c}\n{}\n{}",
                        crate::utils::usage::BANNER,
                        crate::utils::usage::usage("env").unwrap_or("\n")
                    ));
                    return 1;
                }
                _ => break,
            }
            i += 1;
        }
        let mut assigns: Vec<(String, String)> = Vec::new();
        while i < args.len() {
            match args[i].split_once('=') {
                Some((k, v)) if !k.is_empty() => assigns.push((k.to_string(), v.to_string())),
                _ => break,
            }
            i += 1;
        }
        let saved = self.sys.env();
        if clear {
            for (k, _) in &saved {
                self.sys.unset_env(k);
            }
        }
        for u in &unsets {
            self.sys.unset_env(u);
        }
        for (k, v) in &assigns {
            self.sys.set_env(k, v);
        }
        let status = if i >= args.len() {
            let mut out = String::new();
            for (k, v) in self.sys.env() {
                out.push_str(&format!("{k}={v}\n"));
            }
            io.out(out);
            0
        } else {
            let argv = &args[i..];
            let name = argv[0].clone();
            let runs_as_binary = matches!(
                name.as_str(),
                "echo" | "printf" | "test" | "[" | "true" | "false" | "pwd"
            );
            if runs_as_binary {
                self.builtin(&name, argv, stdin, io, tty).unwrap_or(0)
            } else {
                let mut sub = Io::new();
                let s = if self.is_builtin(&name) && !name.contains('/') {
                    127
                } else {
                    self.exec_program(argv, stdin, &mut sub, tty)
                };
                if s == 127 && sub.stdout().is_empty() {
                    if self.flavor.gnu() {
                        io.err(format!("env: \u{2018}{name}\u{2019}: No such file or directory\n"));
                    } else {
                        io.err(format!("env: can't execute '{name}': No such file or directory\n"));
                    }
                } else {
                    io.append(sub);
                }
                s
            }
        };
        // Restore the shell's own environment.
        for (k, _) in self.sys.env() {
            if !saved.iter().any(|(sk, _)| *sk == k) {
                self.sys.unset_env(&k);
            }
        }
        for (k, v) in &saved {
            if self.sys.get_env(k).as_deref() != Some(v.as_str()) {
                self.sys.set_env(k, v);
            }
        }
        status
    }

    /// `xargs [-n N] [-I R] [-t] [-r] [COMMAND [ARG]...]`
    pub(crate) fn run_xargs(&mut self, args: &[String], stdin: &str, io: &mut Io, tty: bool) -> i32 {
        let mut i = 0;
        let mut per: Option<usize> = None;
        let mut replace: Option<String> = None;
        let mut trace = false;
        let mut no_empty = !self.flavor.gnu();
        let mut delim_nul = false;
        while i < args.len() && args[i].starts_with('-') && args[i].len() > 1 {
            let a = args[i].as_str();
            match a {
                "-n" => {
                    i += 1;
                    per = args.get(i).and_then(|v| v.parse().ok());
                }
                "-I" => {
                    i += 1;
                    replace = args.get(i).cloned();
                }
                "-t" => trace = true,
                "-r" | "--no-run-if-empty" => no_empty = true,
                "-0" | "--null" => delim_nul = true,
                "--" => {
                    i += 1;
                    break;
                }
                _ if a.starts_with("-n") => per = a[2..].parse().ok(),
                _ if a.starts_with("-I") => replace = Some(a[2..].to_string()),
                _ => {
                    if self.flavor.gnu() {
                        io.err(format!("xargs: invalid option -- '{}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n", a.chars().nth(1).unwrap_or('-')));
                    } else {
                        io.err(format!(
                            "xargs: unrecognized option: {}\n{}\n{}",
                            a.chars().nth(1).unwrap_or('-'),
                            crate::utils::usage::BANNER,
                            crate::utils::usage::usage("xargs").unwrap_or("\n")
                        ));
                    }
                    return 1;
                }
            }
            i += 1;
        }
        let cmd: Vec<String> = if i < args.len() {
            args[i..].to_vec()
        } else {
            vec!["echo".into()]
        };
        let items: Vec<String> = if replace.is_some() {
            stdin
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        } else if delim_nul {
            stdin
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        } else {
            split_xargs(stdin)
        };
        if items.is_empty() && (no_empty || replace.is_some()) {
            return 0;
        }
        let batches: Vec<Vec<String>> = if let Some(r) = &replace {
            items
                .iter()
                .map(|it| cmd.iter().map(|c| c.replace(r.as_str(), it)).collect())
                .collect()
        } else {
            let n = per.unwrap_or(usize::MAX).max(1);
            let mut v: Vec<Vec<String>> = items
                .chunks(n.min(items.len().max(1)))
                .map(|c| {
                    let mut a = cmd.clone();
                    a.extend(c.iter().cloned());
                    a
                })
                .collect();
            if v.is_empty() {
                v.push(cmd.clone());
            }
            v
        };
        let mut status = 0;
        for argv in batches.into_iter().take(10_000) {
            if trace {
                io.err(format!("{}\n", argv.join(" ")));
            }
            let s = if let Some(s) = self.builtin_as_binary(&argv, io) {
                s
            } else {
                self.exec_program(&argv, "", io, tty)
            };
            if s == 127 {
                return 127;
            }
            if s != 0 {
                status = 123;
            }
        }
        status
    }

    /// Builtins that also exist as programs (`/bin/echo`), for xargs.
    fn builtin_as_binary(&mut self, argv: &[String], io: &mut Io) -> Option<i32> {
        match argv[0].as_str() {
            "echo" | "printf" | "test" | "[" | "true" | "false" | "pwd" => {
                self.builtin(&argv[0].clone(), argv, "", io, false)
            }
            _ => None,
        }
    }
}

/// Splits xargs input into items: blanks separate, quotes group, backslash escapes.
fn split_xargs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else {
                    cur.push(c);
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    has = true;
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                        has = true;
                    }
                }
                c if c.is_whitespace() => {
                    if has {
                        out.push(std::mem::take(&mut cur));
                        has = false;
                    }
                }
                c => {
                    cur.push(c);
                    has = true;
                }
            },
        }
    }
    if has {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xargs_split() {
        assert_eq!(split_xargs("a b\n'c d' e\\ f"), vec!["a", "b", "c d", "e f"]);
        assert!(valid_name("_A1"));
        assert!(!valid_name("1a"));
        assert_eq!(single_quote("it's"), "'it'\\''s'");
    }
}
