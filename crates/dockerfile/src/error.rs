//! Typed errors whose `Display` is exactly BuildKit's message text.
//!
//! Errors found by the low-level parser (like BuildKit's `parser.Parse`) print their bare
//! message (`unterminated heredoc`, `ENV must have two arguments`). Errors found while turning a
//! node into a typed instruction (like BuildKit's `instructions.Parse`) are prefixed with
//! `dockerfile parse error on line N: `, where `N` is the first line of the instruction.
//! Every error has a stable [`Error::kind`] id that an application can map to its own
//! localized explanation.

use std::fmt;

use crate::go;
use crate::shell::ShellError;
use crate::suggest;

/// An inclusive range of 1-based source lines.
///
/// BuildKit reports some whole-file errors at line 0 (an empty file), so `start` may be 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineRange {
    /// First line (1-based).
    pub start: usize,
    /// Last line (1-based, inclusive, never before `start`).
    pub end: usize,
}

impl LineRange {
    /// A range covering `start..=end`; an `end` before `start` is clamped to `start` (as BuildKit's
    /// `toRanges` does).
    pub fn new(start: usize, end: usize) -> Self {
        LineRange {
            start,
            end: end.max(start),
        }
    }

    /// A range covering a single line.
    pub fn line(line: usize) -> Self {
        LineRange::new(line, line)
    }

    /// Whether `line` is inside the range.
    pub fn contains(&self, line: usize) -> bool {
        self.start <= line && line <= self.end
    }
}

impl fmt::Display for LineRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// A Dockerfile error: what went wrong, where, and how BuildKit words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    detail: Box<ErrorDetail>,
    location: Option<LineRange>,
    parse_error_line: Option<usize>,
}

impl Error {
    pub(crate) fn new(detail: ErrorDetail, location: Option<LineRange>) -> Self {
        Error {
            detail: Box::new(detail),
            location,
            parse_error_line: None,
        }
    }

    pub(crate) fn at(detail: ErrorDetail, start: usize, end: usize) -> Self {
        Error::new(detail, Some(LineRange::new(start, end)))
    }

    /// Marks the error as found while parsing the instruction that starts on `line`: its
    /// message gets BuildKit's `dockerfile parse error on line N: ` prefix.
    pub(crate) fn in_instruction(mut self, line: usize) -> Self {
        self.parse_error_line = Some(line);
        self
    }

    /// A stable id for the kind of error, e.g. `"unknown-instruction"`.
    pub fn kind(&self) -> &'static str {
        self.detail.kind()
    }

    /// The typed details.
    pub fn detail(&self) -> &ErrorDetail {
        &self.detail
    }

    /// The source lines BuildKit attaches to the error (used for the source snippet), if any.
    pub fn lines(&self) -> Option<LineRange> {
        self.location
    }

    /// The line in `dockerfile parse error on line N: …`, when the message has that prefix.
    pub fn parse_error_line(&self) -> Option<usize> {
        self.parse_error_line
    }

    /// The message without the `dockerfile parse error on line N: ` prefix.
    pub fn message(&self) -> String {
        self.detail.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.parse_error_line {
            write!(f, "dockerfile parse error on line {line}: ")?;
        }
        write!(f, "{}", self.detail)
    }
}

impl std::error::Error for Error {}

/// What went wrong. `Display` gives BuildKit's message for this part of the error.
///
/// Variant fields hold the values quoted in the message (the instruction, flag, word …).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum ErrorDetail {
    // ---- low-level parser (BuildKit `parser.Parse`) ----
    /// `# escape=` with something other than `\` or `` ` ``.
    InvalidEscapeToken { token: String },
    /// The same parser directive twice.
    DuplicateDirective { name: String },
    /// `ENV name` / `LABEL name` without a value.
    KeyValueNeedsTwoArguments { instruction: String },
    /// `ENV a=b c`: a later word without `=`.
    KeyValueMissingEquals { word: String },
    /// A JSON array holding something other than strings, like `CMD ["a", 1]`.
    JsonNotStringArray,
    /// The file ended inside a heredoc.
    UnterminatedHeredoc,
    /// A heredoc delimiter that the shell lexer rejects.
    HeredocSyntax(ShellError),
    /// BuildKit's internal consistency check of a heredoc delimiter failed.
    HeredocInconsistent { delimiter: String },
    /// The file has no instructions (empty or only comments).
    NoInstructions,
    /// A physical line longer than BuildKit's scanner accepts.
    LineTooLong,

    // ---- instructions (BuildKit `instructions.Parse`, prefixed) ----
    /// An instruction name BuildKit does not know.
    UnknownInstruction {
        instruction: String,
        suggestion: Option<String>,
    },
    /// A `--flag` the instruction does not accept.
    UnknownFlag { flag: String, suggestion: Option<String> },
    /// The same flag twice.
    DuplicateFlag { flag: String },
    /// `--flag` without `=value` where a value is needed (or `--bool=`).
    MissingFlagValue { flag: String },
    /// `--link=maybe`.
    InvalidBoolFlag { flag: String, value: String },
    /// A flag that does not start with `--`.
    FlagNotDoubleDash { arg: String },
    /// `X requires at least one argument`.
    AtLeastOneArgument { instruction: String },
    /// `X requires exactly one argument`.
    ExactlyOneArgument { instruction: String },
    /// `COPY`/`ADD` with a single argument.
    NoDestination { instruction: String },
    /// `FROM` with two or more than three words, or without `AS`.
    FromArguments,
    /// `FROM x AS 1bad`.
    InvalidStageName { name: String },
    /// `ENV =x`, `ARG =x`.
    BlankName { instruction: String },
    /// Internal consistency check of key/value arguments.
    TooManyArguments { instruction: String },
    /// `SHELL` in shell form.
    NotJson { instruction: String },
    /// A heredoc used as the destination of `COPY`/`ADD`.
    HeredocNotAllowed { instruction: String, option: String },
    /// `ONBUILD ONBUILD …`.
    OnbuildChaining,
    /// `ONBUILD FROM …` / `ONBUILD MAINTAINER …`.
    OnbuildTrigger { trigger: String },
    /// An `ONBUILD` trigger text that is not exactly one instruction.
    OnbuildNotSingleExpression,
    /// An `ONBUILD` trigger that is a `FROM`.
    NotACommand,
    /// `HEALTHCHECK NONE something`.
    HealthcheckNoneArguments,
    /// `HEALTHCHECK CMD` without a command.
    HealthcheckMissingCommand,
    /// `HEALTHCHECK FOO …`.
    HealthcheckUnknownType { ty: String },
    /// A duration flag Go's `time.ParseDuration` rejects (message is Go's).
    InvalidDuration { message: String },
    /// A duration flag between 0 and 1ms (or negative).
    IntervalTooShort { flag: String },
    /// `--retries` that is not a 32-bit integer (message is Go's `strconv` error).
    InvalidRetries { message: String },
    /// `--retries=-1`.
    NegativeRetries { value: i64 },
    /// `VOLUME ["", "/a"]`.
    EmptyVolume,
    /// `RUN --network=bogus`.
    InvalidNetwork { value: String },
    /// A bad `RUN --mount` value.
    Mount(MountError),

    // ---- whole Dockerfile (BuildKit `instructions.Parse` / `dockerfile2llb`) ----
    /// An instruction other than `ARG` before the first `FROM`.
    NoBuildStage,
    /// No `FROM` at all.
    NoStages,
    /// A zero-byte Dockerfile.
    EmptyDockerfile,
    /// A variable expansion error (for callers that expand values with [`crate::shell`]).
    Expansion(ShellError),
}

impl ErrorDetail {
    /// A stable id for the kind of error, e.g. `"unknown-instruction"`.
    pub fn kind(&self) -> &'static str {
        use ErrorDetail::*;
        match self {
            InvalidEscapeToken { .. } => "invalid-escape-token",
            DuplicateDirective { .. } => "duplicate-directive",
            KeyValueNeedsTwoArguments { .. } => "key-value-needs-two-arguments",
            KeyValueMissingEquals { .. } => "key-value-missing-equals",
            JsonNotStringArray => "json-not-string-array",
            UnterminatedHeredoc => "unterminated-heredoc",
            HeredocSyntax(_) => "heredoc-syntax",
            HeredocInconsistent { .. } => "heredoc-inconsistent",
            NoInstructions => "no-instructions",
            LineTooLong => "line-too-long",
            UnknownInstruction { .. } => "unknown-instruction",
            UnknownFlag { .. } => "unknown-flag",
            DuplicateFlag { .. } => "duplicate-flag",
            MissingFlagValue { .. } => "missing-flag-value",
            InvalidBoolFlag { .. } => "invalid-bool-flag",
            FlagNotDoubleDash { .. } => "flag-not-double-dash",
            AtLeastOneArgument { .. } => "requires-at-least-one-argument",
            ExactlyOneArgument { .. } => "requires-exactly-one-argument",
            NoDestination { .. } => "no-destination",
            FromArguments => "from-arguments",
            InvalidStageName { .. } => "invalid-stage-name",
            BlankName { .. } => "blank-name",
            TooManyArguments { .. } => "too-many-arguments",
            NotJson { .. } => "requires-json-form",
            HeredocNotAllowed { .. } => "heredoc-not-allowed",
            OnbuildChaining => "onbuild-chaining",
            OnbuildTrigger { .. } => "onbuild-trigger-not-allowed",
            OnbuildNotSingleExpression => "onbuild-not-single-expression",
            NotACommand => "not-a-command",
            HealthcheckNoneArguments => "healthcheck-none-arguments",
            HealthcheckMissingCommand => "healthcheck-missing-command",
            HealthcheckUnknownType { .. } => "healthcheck-unknown-type",
            InvalidDuration { .. } => "invalid-duration",
            IntervalTooShort { .. } => "interval-too-short",
            InvalidRetries { .. } => "invalid-retries",
            NegativeRetries { .. } => "negative-retries",
            EmptyVolume => "empty-volume",
            InvalidNetwork { .. } => "invalid-network",
            Mount(m) => m.kind(),
            NoBuildStage => "no-build-stage",
            NoStages => "no-stages",
            EmptyDockerfile => "empty-dockerfile",
            Expansion(_) => "expansion",
        }
    }
}

impl fmt::Display for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorDetail::*;
        match self {
            InvalidEscapeToken { token } => {
                write!(f, "invalid escape token '{token}' does not match ` or \\")
            }
            DuplicateDirective { name } => {
                write!(f, "only one {name} parser directive can be used")
            }
            KeyValueNeedsTwoArguments { instruction } => {
                write!(f, "{instruction} must have two arguments")
            }
            KeyValueMissingEquals { word } => write!(
                f,
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go::quote(word)
            ),
            JsonNotStringArray => write!(
                f,
                "when using JSON array syntax, arrays must be comprised of strings only"
            ),
            UnterminatedHeredoc => write!(f, "unterminated heredoc"),
            HeredocSyntax(e) => write!(f, "{e}"),
            HeredocInconsistent { delimiter } => write!(
                f,
                "internal lexing of heredoc produced inconsistent results: {delimiter}"
            ),
            NoInstructions => write!(f, "file with no instructions"),
            LineTooLong => write!(f, "dockerfile line greater than max allowed size of 65535"),
            UnknownInstruction {
                instruction,
                suggestion,
            } => write!(f, "unknown instruction: {instruction}{}", suggest::suffix(suggestion)),
            UnknownFlag { flag, suggestion } => {
                write!(f, "unknown flag: {flag}{}", suggest::suffix(suggestion))
            }
            DuplicateFlag { flag } => write!(f, "duplicate flag specified: {flag}"),
            MissingFlagValue { flag } => write!(f, "missing a value on flag: {flag}"),
            InvalidBoolFlag { flag, value } => {
                write!(f, "expecting boolean value for flag {flag}, not: {value}")
            }
            FlagNotDoubleDash { arg } => write!(f, "arg should start with -- : {arg}"),
            AtLeastOneArgument { instruction } => {
                write!(f, "{instruction} requires at least one argument")
            }
            ExactlyOneArgument { instruction } => {
                write!(f, "{instruction} requires exactly one argument")
            }
            NoDestination { instruction } => write!(
                f,
                "{instruction} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
            FromArguments => write!(f, "FROM requires either one or three arguments"),
            InvalidStageName { name } => write!(
                f,
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                go::quote(name)
            ),
            BlankName { instruction } => write!(f, "{instruction} names can not be blank"),
            TooManyArguments { instruction } => {
                write!(f, "Bad input to {instruction}, too many arguments")
            }
            NotJson { instruction } => {
                write!(f, "{instruction} requires the arguments to be in JSON form")
            }
            HeredocNotAllowed { instruction, option } => write!(f, "{instruction} cannot accept a heredoc as {option}"),
            OnbuildChaining => write!(f, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
            OnbuildTrigger { trigger } => {
                write!(f, "{trigger} isn't allowed as an ONBUILD trigger")
            }
            OnbuildNotSingleExpression => {
                write!(f, "onbuild trigger should be a single expression")
            }
            NotACommand => write!(f, "*instructions.Stage is not a command type"),
            HealthcheckNoneArguments => write!(f, "HEALTHCHECK NONE takes no arguments"),
            HealthcheckMissingCommand => write!(f, "Missing command after HEALTHCHECK CMD"),
            HealthcheckUnknownType { ty } => {
                write!(f, "Unknown type {} in HEALTHCHECK (try CMD)", go::quote(ty))
            }
            InvalidDuration { message } => write!(f, "{message}"),
            IntervalTooShort { flag } => write!(
                f,
                "Interval {} cannot be less than {}",
                go::quote(flag),
                go::format_duration(1_000_000)
            ),
            InvalidRetries { message } => write!(f, "{message}"),
            NegativeRetries { value } => write!(f, "--retries cannot be negative ({value})"),
            EmptyVolume => write!(f, "VOLUME specified can not be an empty string"),
            InvalidNetwork { value } => write!(f, "invalid network mode {}", go::quote(value)),
            Mount(m) => write!(f, "{m}"),
            NoBuildStage => write!(f, "no build stage in current context"),
            NoStages => write!(f, "dockerfile contains no stages to build"),
            EmptyDockerfile => write!(f, "the Dockerfile cannot be empty"),
            Expansion(e) => write!(f, "{e}"),
        }
    }
}

/// A bad `RUN --mount=…` value (BuildKit `instructions/commands_runmount.go`).
///
/// Variant fields hold the values quoted in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum MountError {
    /// The value is not a valid CSV record.
    Csv { message: String },
    /// A field without `=` that is not a boolean option.
    NotKeyValue { field: String },
    /// `from=$VAR`.
    FromVariable { key: String },
    /// `type=bogus`.
    UnsupportedType { value: String, suggestion: Option<String> },
    /// `ro=maybe`, `size=huge`.
    InvalidValue { key: String, value: String },
    /// A key that the mount type does not take (`required` on a bind mount).
    UnexpectedKeyForType { key: String, ty: String },
    /// `sharing=bogus`.
    UnsupportedSharing { value: String, suggestion: Option<String> },
    /// `mode=9`, `uid=x`.
    InvalidNumber { value: String, what: String },
    /// An unknown key.
    UnexpectedKey {
        key: String,
        field: String,
        suggestion: Option<String>,
    },
    /// `mode`/`uid`/`gid` on a bind or tmpfs mount.
    NotAllowedForType { what: String, ty: String },
    /// A secret mount with `from`.
    SecretFrom,
    /// A secret mount with `sharing`.
    SecretSharing,
    /// A secret mount without source, target or id.
    SecretMissingTarget,
    /// A secret mount with both source and id.
    SecretSourceAndId,
    /// `sharing` on a mount that is not a cache.
    SharingNotCache { ty: String },
    /// The expander given to [`crate::instructions::Mount::parse`] failed.
    Expansion(ShellError),
}

impl MountError {
    /// A stable id for the kind of error.
    pub fn kind(&self) -> &'static str {
        use MountError::*;
        match self {
            Csv { .. } => "mount-csv",
            NotKeyValue { .. } => "mount-not-key-value",
            FromVariable { .. } => "mount-from-variable",
            UnsupportedType { .. } => "mount-unsupported-type",
            InvalidValue { .. } => "mount-invalid-value",
            UnexpectedKeyForType { .. } => "mount-unexpected-key-for-type",
            UnsupportedSharing { .. } => "mount-unsupported-sharing",
            InvalidNumber { .. } => "mount-invalid-number",
            UnexpectedKey { .. } => "mount-unexpected-key",
            NotAllowedForType { .. } => "mount-option-not-allowed",
            SecretFrom => "mount-secret-from",
            SecretSharing => "mount-secret-sharing",
            SecretMissingTarget => "mount-secret-missing-target",
            SecretSourceAndId => "mount-secret-source-and-id",
            SharingNotCache { .. } => "mount-sharing-not-cache",
            Expansion(_) => "expansion",
        }
    }
}

impl fmt::Display for MountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MountError::*;
        match self {
            Csv { message } => write!(f, "failed to parse csv mounts: {message}"),
            NotKeyValue { field } => {
                write!(f, "invalid field '{field}' must be a key=value pair")
            }
            FromVariable { key } => write!(
                f,
                "'{key}' doesn't support variable expansion, define alias stage instead"
            ),
            UnsupportedType { value, suggestion } => write!(
                f,
                "unsupported mount type {}{}",
                go::quote(value),
                suggest::suffix(suggestion)
            ),
            InvalidValue { key, value } => write!(f, "invalid value for {key}: {value}"),
            UnexpectedKeyForType { key, ty } => {
                write!(f, "unexpected key '{key}' for mount type '{ty}'")
            }
            UnsupportedSharing { value, suggestion } => write!(
                f,
                "unsupported sharing value {}{}",
                go::quote(value),
                suggest::suffix(suggestion)
            ),
            InvalidNumber { value, what } => write!(f, "invalid value {value} for {what}"),
            UnexpectedKey { key, field, suggestion } => {
                write!(f, "unexpected key '{key}' in '{field}'{}", suggest::suffix(suggestion))
            }
            NotAllowedForType { what, ty } => {
                write!(f, "{what} not allowed for {} type mounts", go::quote(ty))
            }
            SecretFrom => write!(f, "secret mount should not have a from"),
            SecretSharing => write!(f, "secret mount should not define sharing"),
            SecretMissingTarget => {
                write!(f, "invalid secret mount. one of source, target required")
            }
            SecretSourceAndId => write!(f, "both source and id can't be set"),
            SharingNotCache { ty } => write!(f, "invalid cache sharing set for {ty} mount"),
            Expansion(e) => write!(f, "{e}"),
        }
    }
}
