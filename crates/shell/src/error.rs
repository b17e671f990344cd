//! Parse errors, parse warnings and expansion errors. `Display` gives bash's own wording (as an
//! interactive bash prints it); `kind()` gives a stable id for front ends and explanations.

use std::fmt;

/// Why [`crate::parse`] rejected the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The input is fine so far but unfinished: a REPL should read another line (bash shows
    /// its `> ` prompt). Only [`crate::parse`] returns it, never [`crate::parse_eof`].
    Incomplete(Incomplete),
    /// `bash: syntax error near unexpected token `X'` (`X` may be `newline`).
    UnexpectedToken { token: String, offset: usize },
    /// The input ended inside a construct and no more input will come. With `matching`:
    /// ``bash: unexpected EOF while looking for matching `"'``; without:
    /// `bash: syntax error: unexpected end of file`.
    UnexpectedEof { matching: Option<char>, offset: usize },
    /// `bash: ${x y}: bad substitution`
    BadSubstitution { text: String, offset: usize },
    /// Valid bash that this shell deliberately does not implement (`if`, `for`, `$((...))`).
    Unsupported { feature: Unsupported, offset: usize },
    /// Nesting (substitutions, subshells, groups) deeper than [`crate::MAX_DEPTH`].
    TooDeep { offset: usize },
}

/// A stable id for each kind of [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseErrorKind {
    Incomplete,
    UnexpectedToken,
    UnexpectedEof,
    BadSubstitution,
    Unsupported,
    TooDeep,
}

impl ParseErrorKind {
    /// `incomplete`, `unexpected_token`, `unexpected_eof`, `bad_substitution`, `unsupported`,
    /// `too_deep`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParseErrorKind::Incomplete => "incomplete",
            ParseErrorKind::UnexpectedToken => "unexpected_token",
            ParseErrorKind::UnexpectedEof => "unexpected_eof",
            ParseErrorKind::BadSubstitution => "bad_substitution",
            ParseErrorKind::Unsupported => "unsupported",
            ParseErrorKind::TooDeep => "too_deep",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is still open when the input is [`ParseError::Incomplete`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incomplete {
    /// `'...`
    SingleQuote,
    /// `"...`
    DoubleQuote,
    /// `$'...`
    AnsiCQuote,
    /// `` `... ``
    Backtick,
    /// `$(...`
    CommandSubst,
    /// `${...`
    ParamBrace,
    /// `( ...`
    Subshell,
    /// `{ ...`
    Group,
    /// A here-document whose delimiter line has not come yet.
    HereDoc { delimiter: String },
    /// A line ending in `\`.
    Backslash,
    /// A line ending in `|`.
    Pipe,
    /// A line ending in `&&`.
    And,
    /// A line ending in `||`.
    Or,
}

impl Incomplete {
    /// The error bash reports when the input ends here for good, or `None` when bash accepts
    /// it (a here-document closed by end of file, a trailing backslash).
    pub fn at_eof(&self, offset: usize) -> Option<ParseError> {
        let matching = match self {
            Incomplete::SingleQuote | Incomplete::AnsiCQuote => Some('\''),
            Incomplete::DoubleQuote => Some('"'),
            Incomplete::Backtick => Some('`'),
            Incomplete::CommandSubst => Some(')'),
            Incomplete::ParamBrace => Some('}'),
            Incomplete::Subshell | Incomplete::Group | Incomplete::Pipe | Incomplete::And | Incomplete::Or => None,
            Incomplete::HereDoc { .. } | Incomplete::Backslash => return None,
        };
        Some(ParseError::UnexpectedEof { matching, offset })
    }
}

/// Constructs that bash accepts but this shell does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// `if`, `for`, `while`, `until`, `case`, `select`, `function`, `[[`, `coproc`, `time`.
    Keyword(String),
    /// `name() { ...; }`
    FunctionDefinition,
    /// `$(( ... ))`
    ArithmeticExpansion,
    /// `(( ... ))`
    ArithmeticCommand,
    /// `<(...)`, `>(...)`
    ProcessSubstitution,
    /// `a=(1 2 3)`
    ArrayAssignment,
    /// `${x/a/b}`, `${x:1:2}`, `${x^^}`, `${!x}`, `${x[0]}`: holds the text as written.
    ParamForm(String),
    /// A here-document delimiter that no line can match: with a newline in it, or starting
    /// with a tab after `<<-`.
    HereDocDelimiter,
}

impl Unsupported {
    /// A stable id: `keyword`, `function_definition`, `arithmetic_expansion`,
    /// `arithmetic_command`, `process_substitution`, `array_assignment`, `param_form`,
    /// `heredoc_delimiter`.
    pub fn id(&self) -> &'static str {
        match self {
            Unsupported::Keyword(_) => "keyword",
            Unsupported::FunctionDefinition => "function_definition",
            Unsupported::ArithmeticExpansion => "arithmetic_expansion",
            Unsupported::ArithmeticCommand => "arithmetic_command",
            Unsupported::ProcessSubstitution => "process_substitution",
            Unsupported::ArrayAssignment => "array_assignment",
            Unsupported::ParamForm(_) => "param_form",
            Unsupported::HereDocDelimiter => "heredoc_delimiter",
        }
    }
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsupported::Keyword(k) => write!(f, "`{k}' compound commands"),
            Unsupported::FunctionDefinition => f.write_str("function definitions"),
            Unsupported::ArithmeticExpansion => f.write_str("arithmetic expansion `$((...))'"),
            Unsupported::ArithmeticCommand => f.write_str("arithmetic commands `((...))'"),
            Unsupported::ProcessSubstitution => f.write_str("process substitution `<(...)'"),
            Unsupported::ArrayAssignment => f.write_str("arrays"),
            Unsupported::ParamForm(text) => write!(f, "parameter expansions like `{text}'"),
            Unsupported::HereDocDelimiter => f.write_str("here-document delimiters that no line can match"),
        }
    }
}

impl ParseError {
    pub fn kind(&self) -> ParseErrorKind {
        match self {
            ParseError::Incomplete(_) => ParseErrorKind::Incomplete,
            ParseError::UnexpectedToken { .. } => ParseErrorKind::UnexpectedToken,
            ParseError::UnexpectedEof { .. } => ParseErrorKind::UnexpectedEof,
            ParseError::BadSubstitution { .. } => ParseErrorKind::BadSubstitution,
            ParseError::Unsupported { .. } => ParseErrorKind::Unsupported,
            ParseError::TooDeep { .. } => ParseErrorKind::TooDeep,
        }
    }

    /// Byte offset in the source where the problem was found, when known.
    pub fn offset(&self) -> Option<usize> {
        match self {
            ParseError::Incomplete(_) => None,
            ParseError::UnexpectedToken { offset, .. }
            | ParseError::UnexpectedEof { offset, .. }
            | ParseError::BadSubstitution { offset, .. }
            | ParseError::Unsupported { offset, .. }
            | ParseError::TooDeep { offset } => Some(*offset),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Incomplete(inc) => match inc.at_eof(0) {
                Some(err) => err.fmt(f),
                None => match inc {
                    Incomplete::HereDoc { delimiter } => {
                        write!(f, "bash: here-document not terminated (wanted `{delimiter}')")
                    }
                    _ => f.write_str("bash: line continues on the next line"),
                },
            },
            ParseError::UnexpectedToken { token, .. } => {
                write!(f, "bash: syntax error near unexpected token `{token}'")
            }
            ParseError::UnexpectedEof { matching: Some(c), .. } => {
                write!(f, "bash: unexpected EOF while looking for matching `{c}'")
            }
            ParseError::UnexpectedEof { matching: None, .. } => {
                f.write_str("bash: syntax error: unexpected end of file")
            }
            ParseError::BadSubstitution { text, .. } => {
                write!(f, "bash: {text}: bad substitution")
            }
            ParseError::Unsupported { feature, .. } => {
                write!(f, "dockyard: {feature} are not supported by this shell")
            }
            ParseError::TooDeep { .. } => f.write_str("dockyard: command is nested too deeply"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Something bash warns about but accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseWarning {
    /// The input ended before the here-document's delimiter line. `line` is the 1-based line
    /// of the source where the `<<` was.
    HereDocAtEof { delimiter: String, line: usize },
    /// `$(cat <<EOF)`: the substitution closed before the body could start; the body is empty.
    HereDocInSubst { count: usize },
}

impl fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseWarning::HereDocAtEof { delimiter, line } => write!(
                f,
                "bash: warning: here-document at line {line} delimited by end-of-file (wanted `{delimiter}')"
            ),
            ParseWarning::HereDocInSubst { count } => write!(
                f,
                "bash: warning: command substitution: {count} unterminated here-document"
            ),
        }
    }
}

/// Why [`crate::expand_words`] failed. The command must not run; its status is 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// `${x:?message}` or `${x?message}` with `x` unset (or empty, with the colon).
    /// `bash: x: message`, or bash's default text when the message is empty.
    ParameterUnset { name: String, colon: bool, message: String },
    /// `${1:=x}`: `bash: $1: cannot assign in this way`.
    CannotAssign { name: String },
}

impl ExpandError {
    /// `parameter_unset` or `cannot_assign`.
    pub fn kind(&self) -> &'static str {
        match self {
            ExpandError::ParameterUnset { .. } => "parameter_unset",
            ExpandError::CannotAssign { .. } => "cannot_assign",
        }
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpandError::ParameterUnset { name, colon, message } => {
                if !message.is_empty() {
                    write!(f, "bash: {name}: {message}")
                } else if *colon {
                    write!(f, "bash: {name}: parameter null or not set")
                } else {
                    write!(f, "bash: {name}: parameter not set")
                }
            }
            ExpandError::CannotAssign { name } => {
                write!(f, "bash: ${name}: cannot assign in this way")
            }
        }
    }
}

impl std::error::Error for ExpandError {}
