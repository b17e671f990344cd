//! Helpers shared by the unit tests: a mock [`Env`] over a small file tree, and shortcuts to
//! reach the simple commands of a parsed line.

use std::collections::BTreeMap;

use crate::*;

/// The current directory of the mock host and two subdirectories.
fn tree(dir: &str) -> Option<Vec<String>> {
    let names: &[&str] = match dir {
        "" | "." => &[
            "Dockerfile",
            "app.py",
            "notes.txt",
            "todo.txt",
            "requirements.txt",
            ".env",
            "src",
        ],
        "src" => &["main.py", "util.py"],
        "/" => &["etc", "home"],
        "/etc" => &["hosts", "hostname"],
        _ => return None,
    };
    Some(names.iter().map(|s| s.to_string()).collect())
}

/// An [`Env`] with a few variables, `$?` = 0, home `/home/student`, files from [`tree`], and
/// command substitution answered from `outputs` (by the command's source) or, for `echo`,
/// by expanding its arguments.
pub(crate) struct MockEnv {
    pub vars: BTreeMap<String, String>,
    pub status: i32,
    pub outputs: BTreeMap<String, String>,
    pub substituted: Vec<String>,
}

impl MockEnv {
    pub fn new() -> MockEnv {
        let mut vars = BTreeMap::new();
        for (k, v) in [
            ("HOME", "/home/student"),
            ("USER", "student"),
            ("EMPTY", ""),
            ("SPACED", "  a  b "),
            ("STAR", "*.txt"),
            ("FILE", "a.tar.gz"),
            ("0", "bash"),
            ("1", "first"),
            ("$", "4242"),
            ("#", "1"),
        ] {
            vars.insert(k.to_string(), v.to_string());
        }
        let mut outputs = BTreeMap::new();
        outputs.insert("docker ps -aq".to_string(), "3f2a\n9b1c\n".to_string());
        outputs.insert("pwd".to_string(), "/home/student/app\n".to_string());
        MockEnv {
            vars,
            status: 0,
            outputs,
            substituted: Vec::new(),
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> MockEnv {
        self.vars.insert(name.to_string(), value.to_string());
        self
    }
}

impl Env for MockEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn set_var(&mut self, name: &str, value: String) {
        self.vars.insert(name.to_string(), value);
    }

    fn last_status(&self) -> i32 {
        self.status
    }

    fn command_subst(&mut self, script: &Script) -> String {
        let source = script.to_source();
        self.substituted.push(source.clone());
        if let Some(out) = self.outputs.get(&source) {
            return out.clone();
        }
        let cmds = simple_commands(script);
        let [cmd] = cmds.as_slice() else {
            return String::new();
        };
        let cmd = cmd.clone();
        match cmd.words.first().and_then(Word::as_literal).as_deref() {
            Some("echo") => {
                let args = expand_words(&cmd.words[1..], self).unwrap_or_default();
                format!("{}\n", args.join(" "))
            }
            _ => String::new(),
        }
    }

    fn glob(&self, pattern: &str) -> Vec<String> {
        glob_paths(pattern, &mut tree)
    }

    fn home(&self) -> String {
        "/home/student".to_string()
    }
}

/// Every simple command of a script, in order, not looking inside substitutions.
pub(crate) fn simple_commands(script: &Script) -> Vec<SimpleCommand> {
    let mut out = Vec::new();
    for item in &script.items {
        let and_or = &item.and_or;
        for pipeline in std::iter::once(&and_or.first).chain(and_or.rest.iter().map(|(_, p)| p)) {
            for command in &pipeline.commands {
                match command {
                    Command::Simple(s) => out.push(s.clone()),
                    Command::Subshell { body, .. } | Command::Group { body, .. } => {
                        out.extend(simple_commands(body));
                    }
                }
            }
        }
    }
    out
}

/// Parses `src` (which must parse) and returns its only simple command.
pub(crate) fn one_command(src: &str) -> SimpleCommand {
    let script = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    let cmds = simple_commands(&script);
    assert_eq!(cmds.len(), 1, "{src:?} should be one simple command");
    cmds.into_iter().next().unwrap_or_default()
}

/// Parses and expands the words of the only simple command of `src`.
pub(crate) fn argv(src: &str, env: &mut MockEnv) -> Vec<String> {
    let cmd = one_command(src);
    expand_words(&cmd.words, env).unwrap_or_else(|e| panic!("{src:?}: {e}"))
}

pub(crate) fn lit(s: &str) -> WordPart {
    WordPart::Literal(s.to_string())
}

pub(crate) fn var(name: &str) -> WordPart {
    WordPart::Param(ParamExpansion {
        param: Param::Named(name.to_string()),
        op: ParamOp::Get,
    })
}

pub(crate) fn err(src: &str) -> ParseError {
    match parse(src) {
        Ok(script) => panic!("{src:?} parsed: {script:?}"),
        Err(e) => e,
    }
}

/// The words of the only simple command, each with quotes removed (must need no expansion).
pub(crate) fn static_words(src: &str) -> Vec<String> {
    one_command(src)
        .words
        .iter()
        .map(|w| {
            w.as_literal()
                .unwrap_or_else(|| panic!("{src:?}: word {w:?} needs expansion"))
        })
        .collect()
}
