//! The syntax tree of host shell input: lists, pipelines, commands, redirections, and words
//! made of quoted and unquoted parts. Produced by [`crate::parse`], consumed by the interpreter.

/// A whole input: commands separated by `;`, `&` or newlines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub items: Vec<ListItem>,
}

/// One entry of a list: an and-or list, run in the background when it ended with `&`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub and_or: AndOr,
    pub background: bool,
}

/// `a && b || c`: the first pipeline, then each following one with its connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `&&`: run the next pipeline when the previous one succeeded.
    And,
    /// `||`: run the next pipeline when the previous one failed.
    Or,
}

/// `! a | b | c`. `commands` is never empty. `a |& b` is stored as `a 2>&1 | b`, which is what
/// bash documents it to mean. A bare `!` is a negated empty simple command, as in bash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(SimpleCommand),
    /// `( list ) redirects`
    Subshell {
        body: Script,
        redirects: Vec<Redirect>,
    },
    /// `{ list; } redirects`
    Group {
        body: Script,
        redirects: Vec<Redirect>,
    },
}

/// `A=1 B=2 cmd arg... >out`. Any of the three parts may be empty (`X=5`, `> file`), but not
/// all of them, except for a bare `!` (see [`Pipeline`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    pub assignments: Vec<Assignment>,
    pub words: Vec<Word>,
    /// In source order (order matters: `>f 2>&1` differs from `2>&1 >f`).
    pub redirects: Vec<Redirect>,
}

/// `NAME=value` or `NAME+=value` before the command name (or alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// `+=`: append to the current value.
    pub append: bool,
    /// Expand with [`crate::expand_word_no_split`]: no field splitting, no pathname expansion.
    pub value: Word,
}

/// A redirection: an optional explicit file descriptor (`2>`) and an operator with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub fd: Option<u32>,
    pub op: RedirectOp,
}

impl Redirect {
    /// The descriptor this redirection applies to: the explicit one, else 0 for input
    /// operators and 1 for output ones (`&>` and `&>>` say 1 and also mean 2).
    pub fn effective_fd(&self) -> u32 {
        self.fd.unwrap_or(match self.op {
            RedirectOp::In(_)
            | RedirectOp::ReadWrite(_)
            | RedirectOp::DupIn(_)
            | RedirectOp::HereString(_)
            | RedirectOp::HereDoc(_) => 0,
            _ => 1,
        })
    }
}

/// The redirection operators. Targets of the file forms are expanded with
/// [`crate::expand_word_no_split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectOp {
    /// `>`
    Out(Word),
    /// `>|`
    Clobber(Word),
    /// `>>`
    Append(Word),
    /// `<`
    In(Word),
    /// `<>`
    ReadWrite(Word),
    /// `>&N` or `>&-` (`2>&1`, `>&2`). `>& file` with a non-numeric word is stored as
    /// [`RedirectOp::OutErr`], as bash reads it.
    DupOut(Word),
    /// `<&N` or `<&-`
    DupIn(Word),
    /// `&>`: stdout and stderr to a file.
    OutErr(Word),
    /// `&>>`
    AppendOutErr(Word),
    /// `<<< word`
    HereString(Word),
    /// `<<DELIM` or `<<-DELIM` with its body.
    HereDoc(HereDoc),
}

impl RedirectOp {
    /// The target word, for every operator but the here-document.
    pub fn target(&self) -> Option<&Word> {
        match self {
            RedirectOp::Out(w)
            | RedirectOp::Clobber(w)
            | RedirectOp::Append(w)
            | RedirectOp::In(w)
            | RedirectOp::ReadWrite(w)
            | RedirectOp::DupOut(w)
            | RedirectOp::DupIn(w)
            | RedirectOp::OutErr(w)
            | RedirectOp::AppendOutErr(w)
            | RedirectOp::HereString(w) => Some(w),
            RedirectOp::HereDoc(_) => None,
        }
    }

    /// The operator as written: `>`, `>>`, `2>&1` is `>&`, `<<`, `<<-`, ...
    pub fn symbol(&self) -> &'static str {
        match self {
            RedirectOp::Out(_) => ">",
            RedirectOp::Clobber(_) => ">|",
            RedirectOp::Append(_) => ">>",
            RedirectOp::In(_) => "<",
            RedirectOp::ReadWrite(_) => "<>",
            RedirectOp::DupOut(_) => ">&",
            RedirectOp::DupIn(_) => "<&",
            RedirectOp::OutErr(_) => "&>",
            RedirectOp::AppendOutErr(_) => "&>>",
            RedirectOp::HereString(_) => "<<<",
            RedirectOp::HereDoc(h) if h.strip_tabs => "<<-",
            RedirectOp::HereDoc(_) => "<<",
        }
    }
}

/// A here-document. The body was taken from the lines after the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HereDoc {
    /// The delimiter after quote removal (`<<'EOF'` gives `EOF`).
    pub delimiter: String,
    /// Any part of the delimiter was quoted: the body is taken literally, without expansion.
    pub quoted: bool,
    /// `<<-`: leading tabs were stripped from the body lines and the delimiter line.
    pub strip_tabs: bool,
    /// Each line with its `\n`. When `quoted`, a single [`WordPart::Literal`]; otherwise
    /// literals, parameter expansions and command substitutions (quotes are ordinary
    /// characters in a body). Expand with [`crate::expand_word_no_split`].
    pub body: Word,
}

/// A shell word: a sequence of parts glued together (`--mount=src="$(pwd)",dst=/app` is one
/// word of four parts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

/// A piece of a word. At the top level of a word, every part except [`WordPart::Glob`] and
/// [`WordPart::Tilde`] stands for exactly the characters it holds (after expansion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPart {
    /// Text with no special meaning left: unquoted characters (backslash escapes already
    /// removed, so `\*` is a literal `*`) or, inside double quotes, the quoted text.
    Literal(String),
    /// `'...'`: the text between the quotes.
    SingleQuoted(String),
    /// `$'...'`: the text after decoding its backslash escapes.
    AnsiC(String),
    /// `"..."`: contains only `Literal`, `Param` and `CommandSubst` parts.
    DoubleQuoted(Vec<WordPart>),
    /// `$x`, `${x}`, `${x:-word}`, `${#x}`, `$?`, `$1`, ...
    Param(ParamExpansion),
    /// `$(...)` or `` `...` ``.
    CommandSubst { script: Script, backtick: bool },
    /// `~` or `~user` at the start of a word, or after `=` / `:` in an assignment-like word.
    /// Holds the user name (empty for `~`).
    Tilde(String),
    /// An unquoted pattern piece: `*`, `?` or a bracket expression `[...]` as written.
    /// Words with such a part are eligible for pathname expansion.
    Glob(String),
}

/// A parameter expansion: which parameter and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamExpansion {
    pub param: Param,
    pub op: ParamOp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// A variable: `$HOME`, `${name}`.
    Named(String),
    /// `$0`, `$1`, ..., `${10}`.
    Positional(u32),
    /// `$?`, `$$`, `$!`, `$#`, `$@`, `$*`, `$-`.
    Special(SpecialParam),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialParam {
    /// `$?`
    Status,
    /// `$$`
    Pid,
    /// `$!`
    LastBackground,
    /// `$#`
    ArgCount,
    /// `$@`
    AllArgs,
    /// `$*`
    AllArgsJoined,
    /// `$-`
    Flags,
}

impl SpecialParam {
    pub fn as_char(self) -> char {
        match self {
            SpecialParam::Status => '?',
            SpecialParam::Pid => '$',
            SpecialParam::LastBackground => '!',
            SpecialParam::ArgCount => '#',
            SpecialParam::AllArgs => '@',
            SpecialParam::AllArgsJoined => '*',
            SpecialParam::Flags => '-',
        }
    }

    pub fn from_char(c: char) -> Option<SpecialParam> {
        Some(match c {
            '?' => SpecialParam::Status,
            '$' => SpecialParam::Pid,
            '!' => SpecialParam::LastBackground,
            '#' => SpecialParam::ArgCount,
            '@' => SpecialParam::AllArgs,
            '*' => SpecialParam::AllArgsJoined,
            '-' => SpecialParam::Flags,
            _ => return None,
        })
    }
}

impl Param {
    /// The name as written after `$` (`HOME`, `1`, `?`): also the name [`crate::Env::var`]
    /// is asked for.
    pub fn name(&self) -> String {
        match self {
            Param::Named(n) => n.clone(),
            Param::Positional(n) => n.to_string(),
            Param::Special(s) => s.as_char().to_string(),
        }
    }
}

/// What a `${...}` does with its parameter. `colon` means "unset or empty" instead of "unset".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamOp {
    /// `$x`, `${x}`
    Get,
    /// `${#x}`: length in characters.
    Length,
    /// `${x-word}`, `${x:-word}`
    Default { colon: bool, word: Word },
    /// `${x=word}`, `${x:=word}`
    Assign { colon: bool, word: Word },
    /// `${x+word}`, `${x:+word}`
    Alternative { colon: bool, word: Word },
    /// `${x?word}`, `${x:?word}`
    Error { colon: bool, word: Word },
    /// `${x#pattern}`, `${x##pattern}` (`longest`)
    RemovePrefix { longest: bool, pattern: Word },
    /// `${x%pattern}`, `${x%%pattern}` (`longest`)
    RemoveSuffix { longest: bool, pattern: Word },
}

impl Word {
    /// A word that stands for exactly `s`.
    pub fn literal(s: impl Into<String>) -> Word {
        let s = s.into();
        if s.is_empty() {
            return Word {
                parts: vec![WordPart::SingleQuoted(String::new())],
            };
        }
        Word {
            parts: vec![WordPart::Literal(s)],
        }
    }

    /// The word's value when it needs no expansion at all (only literal and quoted text):
    /// `'a b'"c"` gives `Some("a bc")`, `$HOME` or `*.txt` give `None`.
    pub fn as_literal(&self) -> Option<String> {
        fn collect(parts: &[WordPart], out: &mut String) -> bool {
            parts.iter().all(|p| match p {
                WordPart::Literal(s) | WordPart::SingleQuoted(s) | WordPart::AnsiC(s) => {
                    out.push_str(s);
                    true
                }
                WordPart::DoubleQuoted(inner) => collect(inner, out),
                _ => false,
            })
        }
        let mut out = String::new();
        collect(&self.parts, &mut out).then_some(out)
    }

    /// Whether the word has an unquoted `*`, `?` or `[...]` (pathname expansion applies).
    pub fn has_glob(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, WordPart::Glob(_)))
    }

    /// Whether any part is quoted (`'...'`, `"..."`, `$'...'`). Such a word always expands
    /// to at least one argument: `""` gives an empty one where `$EMPTY` gives none.
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|p| {
            matches!(
                p,
                WordPart::SingleQuoted(_) | WordPart::AnsiC(_) | WordPart::DoubleQuoted(_)
            )
        })
    }
}

impl Script {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Command {
    /// The redirections attached to this command, whatever its form.
    pub fn redirects(&self) -> &[Redirect] {
        match self {
            Command::Simple(s) => &s.redirects,
            Command::Subshell { redirects, .. } | Command::Group { redirects, .. } => redirects,
        }
    }
}
