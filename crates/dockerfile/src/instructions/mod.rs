//! Typed, validated instructions built from the node tree, modelled on BuildKit's
//! `instructions/parse.go`.
//!
//! Values are kept **unexpanded**, as BuildKit keeps them at this stage: `ENV A="x y"` has the
//! value `"x y"` with its quotes, and `FROM $BASE` has the base `$BASE`. Expand them with
//! [`crate::shell`] when building (quote removal happens during expansion).

mod flags;
mod mount;

pub use mount::{Expander, Mount, MountType, ShareMode};

use std::time::Duration;

use crate::error::{Error, ErrorDetail, LineRange, MountError};
use crate::go;
use crate::parser::{self, Ast, Directive, Node, Warning};
use flags::BFlags;

/// A parsed Dockerfile: the ARGs before the first `FROM` and the build stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// `ARG` instructions before the first `FROM` (usable in `FROM` lines).
    pub meta_args: Vec<ArgCommand>,
    /// The build stages in order.
    pub stages: Vec<Stage>,
    /// The escape token in effect (`\` or `` ` ``).
    pub escape_token: char,
    /// The parser directives at the top of the file.
    pub directives: Vec<Directive>,
    /// Parser warnings (empty continuation lines).
    pub warnings: Vec<Warning>,
}

impl Dockerfile {
    /// The stage named `name` (stage names are case-insensitive).
    pub fn stage(&self, name: &str) -> Option<(usize, &Stage)> {
        let name = go::to_lower(name);
        self.stages
            .iter()
            .enumerate()
            .find(|(_, s)| s.name.as_deref() == Some(name.as_str()))
    }
}

/// Where an instruction came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The lines of the instruction (continuations and heredoc bodies included).
    pub lines: LineRange,
    /// The instruction's text after joining continuation lines, trimmed (BuildKit's
    /// `String()` of a command), e.g. `COPY requirements.txt /app`.
    pub original: String,
}

/// One build stage: a `FROM` and the instructions after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The stage name from `FROM … AS name`, lower-cased.
    pub name: Option<String>,
    /// The base image or stage as written (unexpanded).
    pub base: String,
    /// `--platform=` (unexpanded).
    pub platform: Option<String>,
    /// The instructions of the stage.
    pub instructions: Vec<Instruction>,
    /// The `FROM` line.
    pub source: SourceInfo,
}

impl Stage {
    /// The lines of the `FROM` instruction.
    pub fn lines(&self) -> LineRange {
        self.source.lines
    }
}

/// The command of RUN, CMD and ENTRYPOINT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandForm {
    /// Shell form: run with the image's shell (`/bin/sh -c <string>` by default).
    Shell(String),
    /// Exec (JSON) form.
    Exec(Vec<String>),
}

impl CommandForm {
    fn from_args(args: Vec<String>, json: bool) -> Self {
        if json {
            CommandForm::Exec(args)
        } else {
            CommandForm::Shell(args.join(" "))
        }
    }

    /// Whether this is the shell form.
    pub fn is_shell(&self) -> bool {
        matches!(self, CommandForm::Shell(_))
    }
}

/// A heredoc attached to `RUN` (BuildKit `ShellInlineFile`, plus the delimiter details).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocFile {
    /// The delimiter (`EOF`).
    pub name: String,
    /// The body exactly as written (leading tabs are *not* removed even when `chomp`).
    pub data: String,
    /// `<<-`: leading tabs should be removed (see [`crate::parser::chomp_heredoc_content`]).
    pub chomp: bool,
    /// The delimiter was not quoted.
    pub expand: bool,
    /// The file descriptor before `<<` (0 when absent).
    pub file_descriptor: u64,
}

/// A heredoc used as a `COPY`/`ADD` source (BuildKit `SourceContent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceContent {
    /// The file name (the delimiter).
    pub path: String,
    /// The body (leading tabs already removed for `<<-`).
    pub data: String,
    /// Variables in the body should be expanded (the delimiter was not quoted).
    pub expand: bool,
}

/// `RUN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCommand {
    /// The command.
    pub command: CommandForm,
    /// Heredoc bodies of the instruction.
    pub heredocs: Vec<HeredocFile>,
    /// The raw `--mount=` values; see [`RunCommand::parse_mounts`].
    pub mounts: Vec<String>,
    /// `--network=`.
    pub network: NetworkMode,
    /// The flags that were given (names without `--`).
    pub flags_used: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

impl RunCommand {
    /// Parses the `--mount` values, expanding option values with `expander` (BuildKit does this
    /// at build time with the stage's variables).
    pub fn parse_mounts(&self, expander: Expander<'_>) -> Result<Vec<Mount>, MountError> {
        let mut out = Vec::new();
        for m in &self.mounts {
            out.push(Mount::parse(m, Some(&mut *expander))?);
        }
        Ok(out)
    }
}

/// `RUN --network=` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NetworkMode {
    /// `default` (or no flag).
    #[default]
    Default,
    /// `none`.
    None,
    /// `host`.
    Host,
}

/// `CMD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdCommand {
    /// The command.
    pub command: CommandForm,
    /// Heredoc bodies (BuildKit collects them, though the parser only reads them for RUN/COPY/ADD).
    pub heredocs: Vec<HeredocFile>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `ENTRYPOINT`. `ENTRYPOINT []` is `Exec(vec![])` (BuildKit: no entrypoint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrypointCommand {
    /// The command.
    pub command: CommandForm,
    /// Heredoc bodies (see [`CmdCommand::heredocs`]).
    pub heredocs: Vec<HeredocFile>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `COPY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyCommand {
    /// Source paths (unexpanded).
    pub sources: Vec<String>,
    /// Heredoc sources.
    pub contents: Vec<SourceContent>,
    /// Destination (unexpanded).
    pub dest: String,
    /// `--from=` (None when absent or empty).
    pub from: Option<String>,
    /// `--chown=`.
    pub chown: Option<String>,
    /// `--chmod=`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents`.
    pub parents: bool,
    /// `--exclude=` patterns.
    pub excludes: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCommand {
    /// Source paths or URLs (unexpanded).
    pub sources: Vec<String>,
    /// Heredoc sources.
    pub contents: Vec<SourceContent>,
    /// Destination (unexpanded).
    pub dest: String,
    /// `--chown=`.
    pub chown: Option<String>,
    /// `--chmod=`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--keep-git-dir`.
    pub keep_git_dir: bool,
    /// `--checksum=`.
    pub checksum: Option<String>,
    /// `--unpack` / `--unpack=false` (None when absent).
    pub unpack: Option<bool>,
    /// `--exclude=` patterns.
    pub excludes: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `WORKDIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkdirCommand {
    /// The path (unexpanded).
    pub path: String,
    /// Where it came from.
    pub source: SourceInfo,
}

/// A `key=value` pair of `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The key (unexpanded).
    pub key: String,
    /// The value (unexpanded, quotes kept).
    pub value: String,
    /// Written in the legacy `ENV key value` form.
    pub legacy_form: bool,
}

/// `ENV`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvCommand {
    /// The variables in order.
    pub vars: Vec<KeyValue>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// One name of an `ARG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDefinition {
    /// The name.
    pub key: String,
    /// The default value (unexpanded, quotes kept), if given.
    pub value: Option<String>,
}

/// `ARG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgCommand {
    /// The declared arguments.
    pub args: Vec<ArgDefinition>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCommand {
    /// The labels in order.
    pub labels: Vec<KeyValue>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `EXPOSE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposeCommand {
    /// The ports as written, sorted like BuildKit sorts them (byte order).
    pub ports: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `VOLUME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeCommand {
    /// The paths (trimmed, unexpanded).
    pub volumes: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `USER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCommand {
    /// `user[:group]` (unexpanded).
    pub user: String,
    /// Where it came from.
    pub source: SourceInfo,
}

/// The health check of `HEALTHCHECK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: disable the base image's check.
    None,
    /// `HEALTHCHECK [options] CMD …`.
    Cmd(HealthConfig),
}

/// `HEALTHCHECK CMD` settings. Zero durations and retries mean "use the default".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthConfig {
    /// The check command.
    pub command: CommandForm,
    /// `--interval`.
    pub interval: Duration,
    /// `--timeout`.
    pub timeout: Duration,
    /// `--start-period`.
    pub start_period: Duration,
    /// `--start-interval`.
    pub start_interval: Duration,
    /// `--retries`.
    pub retries: u32,
}

impl HealthConfig {
    /// Docker's `Healthcheck.Test`: `["CMD", args…]` or `["CMD-SHELL", command]`.
    pub fn test(&self) -> Vec<String> {
        match &self.command {
            CommandForm::Exec(args) => {
                let mut t = vec!["CMD".to_string()];
                t.extend(args.iter().cloned());
                t
            }
            CommandForm::Shell(s) => vec!["CMD-SHELL".to_string(), s.clone()],
        }
    }
}

/// `HEALTHCHECK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthcheckCommand {
    /// The check.
    pub health: Healthcheck,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `SHELL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    /// The shell and its arguments.
    pub shell: Vec<String>,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `STOPSIGNAL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopSignalCommand {
    /// The signal (unexpanded).
    pub signal: String,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `ONBUILD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnbuildCommand {
    /// The trigger instruction text stored in the image (heredoc bodies appended as BuildKit
    /// does). Parse it with [`parse_onbuild_trigger`] when the image is used as a base.
    pub expression: String,
    /// The trigger instruction name, upper-cased (`RUN`).
    pub trigger: String,
    /// Where it came from.
    pub source: SourceInfo,
}

/// `MAINTAINER` (deprecated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintainerCommand {
    /// The maintainer text.
    pub maintainer: String,
    /// Where it came from.
    pub source: SourceInfo,
}

/// A typed instruction (everything except `FROM`, which starts a [`Stage`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// `RUN`
    Run(RunCommand),
    /// `CMD`
    Cmd(CmdCommand),
    /// `ENTRYPOINT`
    Entrypoint(EntrypointCommand),
    /// `COPY`
    Copy(CopyCommand),
    /// `ADD`
    Add(AddCommand),
    /// `WORKDIR`
    Workdir(WorkdirCommand),
    /// `ENV`
    Env(EnvCommand),
    /// `ARG`
    Arg(ArgCommand),
    /// `LABEL`
    Label(LabelCommand),
    /// `EXPOSE`
    Expose(ExposeCommand),
    /// `VOLUME`
    Volume(VolumeCommand),
    /// `USER`
    User(UserCommand),
    /// `HEALTHCHECK`
    Healthcheck(HealthcheckCommand),
    /// `SHELL`
    Shell(ShellCommand),
    /// `STOPSIGNAL`
    StopSignal(StopSignalCommand),
    /// `ONBUILD`
    Onbuild(OnbuildCommand),
    /// `MAINTAINER`
    Maintainer(MaintainerCommand),
}

impl Instruction {
    /// The instruction name in upper case (`RUN`).
    pub fn name(&self) -> &'static str {
        match self {
            Instruction::Run(_) => "RUN",
            Instruction::Cmd(_) => "CMD",
            Instruction::Entrypoint(_) => "ENTRYPOINT",
            Instruction::Copy(_) => "COPY",
            Instruction::Add(_) => "ADD",
            Instruction::Workdir(_) => "WORKDIR",
            Instruction::Env(_) => "ENV",
            Instruction::Arg(_) => "ARG",
            Instruction::Label(_) => "LABEL",
            Instruction::Expose(_) => "EXPOSE",
            Instruction::Volume(_) => "VOLUME",
            Instruction::User(_) => "USER",
            Instruction::Healthcheck(_) => "HEALTHCHECK",
            Instruction::Shell(_) => "SHELL",
            Instruction::StopSignal(_) => "STOPSIGNAL",
            Instruction::Onbuild(_) => "ONBUILD",
            Instruction::Maintainer(_) => "MAINTAINER",
        }
    }

    /// Where the instruction came from.
    pub fn source(&self) -> &SourceInfo {
        match self {
            Instruction::Run(c) => &c.source,
            Instruction::Cmd(c) => &c.source,
            Instruction::Entrypoint(c) => &c.source,
            Instruction::Copy(c) => &c.source,
            Instruction::Add(c) => &c.source,
            Instruction::Workdir(c) => &c.source,
            Instruction::Env(c) => &c.source,
            Instruction::Arg(c) => &c.source,
            Instruction::Label(c) => &c.source,
            Instruction::Expose(c) => &c.source,
            Instruction::Volume(c) => &c.source,
            Instruction::User(c) => &c.source,
            Instruction::Healthcheck(c) => &c.source,
            Instruction::Shell(c) => &c.source,
            Instruction::StopSignal(c) => &c.source,
            Instruction::Onbuild(c) => &c.source,
            Instruction::Maintainer(c) => &c.source,
        }
    }

    /// The source lines.
    pub fn lines(&self) -> LineRange {
        self.source().lines
    }

    /// The instruction text (continuations joined, trimmed).
    pub fn original(&self) -> &str {
        &self.source().original
    }
}

/// What one node parses to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A `FROM`: a new stage.
    Stage(Stage),
    /// Any other instruction.
    Instruction(Instruction),
}

/// All instruction names BuildKit knows (for suggestions).
const INSTRUCTION_NAMES: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Parses Dockerfile source into stages (BuildKit `parser.Parse` + `instructions.Parse` +
/// the stage checks of `dockerfile2llb`).
pub fn parse(src: &str) -> Result<Dockerfile, Error> {
    if src.is_empty() {
        return Err(Error::new(ErrorDetail::EmptyDockerfile, None));
    }
    let ast = parser::parse(src)?;
    let df = from_ast(&ast)?;
    if df.stages.is_empty() {
        return Err(Error::new(ErrorDetail::NoStages, None));
    }
    Ok(df)
}

/// Turns a node tree into stages (BuildKit `instructions.Parse`). Unlike [`parse`] this accepts
/// a file without `FROM` (it returns no stages).
pub fn from_ast(ast: &Ast) -> Result<Dockerfile, Error> {
    let mut meta_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for node in &ast.children {
        let parsed = parse_instruction(node)?;
        match parsed {
            Parsed::Stage(s) => stages.push(s),
            Parsed::Instruction(Instruction::Arg(a)) if stages.is_empty() => meta_args.push(a),
            Parsed::Instruction(i) => match stages.last_mut() {
                Some(stage) => stage.instructions.push(i),
                None => {
                    return Err(Error::new(ErrorDetail::NoBuildStage, Some(node.lines)));
                }
            },
        }
    }
    Ok(Dockerfile {
        meta_args,
        stages,
        escape_token: ast.escape_token,
        directives: ast.directives.clone(),
        warnings: ast.warnings.clone(),
    })
}

/// Parses the text of an `ONBUILD` trigger (as stored in [`OnbuildCommand::expression`]) into
/// the instruction to run, like BuildKit does when the image is used as a base.
pub fn parse_onbuild_trigger(expression: &str) -> Result<Instruction, Error> {
    let ast = parser::parse(expression)?;
    if ast.children.len() != 1 {
        return Err(Error::new(ErrorDetail::OnbuildNotSingleExpression, None));
    }
    let node = &ast.children[0];
    match parse_instruction(node)? {
        Parsed::Instruction(i) => Ok(i),
        Parsed::Stage(_) => Err(Error::new(ErrorDetail::NotACommand, Some(node.lines))),
    }
}

/// The data of one node needed by the instruction parsers (BuildKit `parseRequest`).
struct Request<'a> {
    node: &'a Node,
    args: Vec<String>,
    source: SourceInfo,
}

impl Request<'_> {
    fn flags(&self) -> BFlags<'_> {
        BFlags::new(&self.node.flags)
    }
}

/// Parses one node into a typed instruction or a stage (BuildKit `ParseInstruction`). Errors
/// have BuildKit's `dockerfile parse error on line N: ` prefix.
pub fn parse_instruction(node: &Node) -> Result<Parsed, Error> {
    let req = Request {
        node,
        args: node.arg_strings(),
        source: SourceInfo {
            lines: node.lines,
            original: go::trim_space(&node.original).to_string(),
        },
    };
    parse_request(&req).map_err(|detail| Error::new(detail, Some(node.lines)).in_instruction(node.lines.start))
}

type R<T> = Result<T, ErrorDetail>;

fn parse_request(req: &Request<'_>) -> R<Parsed> {
    let name = go::to_lower(&req.node.value);
    let ins = match name.as_str() {
        "from" => return parse_from(req).map(Parsed::Stage),
        "env" => Instruction::Env(parse_env(req)?),
        "maintainer" => Instruction::Maintainer(parse_maintainer(req)?),
        "label" => Instruction::Label(parse_label(req)?),
        "add" => Instruction::Add(parse_add(req)?),
        "copy" => Instruction::Copy(parse_copy(req)?),
        "onbuild" => Instruction::Onbuild(parse_onbuild(req)?),
        "workdir" => Instruction::Workdir(parse_workdir(req)?),
        "run" => Instruction::Run(parse_run(req)?),
        "cmd" => Instruction::Cmd(parse_cmd(req)?),
        "healthcheck" => Instruction::Healthcheck(parse_healthcheck(req)?),
        "entrypoint" => Instruction::Entrypoint(parse_entrypoint(req)?),
        "expose" => Instruction::Expose(parse_expose(req)?),
        "user" => Instruction::User(parse_user(req)?),
        "volume" => Instruction::Volume(parse_volume(req)?),
        "stopsignal" => Instruction::StopSignal(parse_stopsignal(req)?),
        "arg" => Instruction::Arg(parse_arg(req)?),
        "shell" => Instruction::Shell(parse_shell(req)?),
        _ => {
            return Err(ErrorDetail::UnknownInstruction {
                instruction: req.node.value.clone(),
                suggestion: crate::suggest::search(&req.node.value, &INSTRUCTION_NAMES, false),
            });
        }
    };
    Ok(Parsed::Instruction(ins))
}

fn at_least_one(req: &Request<'_>, name: &str) -> R<()> {
    if req.args.is_empty() {
        return Err(ErrorDetail::AtLeastOneArgument {
            instruction: name.to_string(),
        });
    }
    Ok(())
}

fn exactly_one(req: &Request<'_>, name: &str) -> R<()> {
    if req.args.len() != 1 {
        return Err(ErrorDetail::ExactlyOneArgument {
            instruction: name.to_string(),
        });
    }
    Ok(())
}

fn no_flags(req: &Request<'_>) -> R<()> {
    req.flags().parse()
}

fn parse_kvps(args: &[String], name: &str) -> R<Vec<KeyValue>> {
    if args.is_empty() {
        return Err(ErrorDetail::AtLeastOneArgument {
            instruction: name.to_string(),
        });
    }
    if !args.len().is_multiple_of(3) {
        return Err(ErrorDetail::TooManyArguments {
            instruction: name.to_string(),
        });
    }
    let mut out = Vec::new();
    for chunk in args.chunks(3) {
        if chunk[0].is_empty() {
            return Err(ErrorDetail::BlankName {
                instruction: name.to_string(),
            });
        }
        out.push(KeyValue {
            key: chunk[0].clone(),
            value: chunk[1].clone(),
            legacy_form: chunk[2].is_empty(),
        });
    }
    Ok(out)
}

fn parse_env(req: &Request<'_>) -> R<EnvCommand> {
    no_flags(req)?;
    Ok(EnvCommand {
        vars: parse_kvps(&req.args, "ENV")?,
        source: req.source.clone(),
    })
}

fn parse_maintainer(req: &Request<'_>) -> R<MaintainerCommand> {
    exactly_one(req, "MAINTAINER")?;
    no_flags(req)?;
    Ok(MaintainerCommand {
        maintainer: req.args[0].clone(),
        source: req.source.clone(),
    })
}

fn parse_label(req: &Request<'_>) -> R<LabelCommand> {
    no_flags(req)?;
    Ok(LabelCommand {
        labels: parse_kvps(&req.args, "LABEL")?,
        source: req.source.clone(),
    })
}

struct SourcesAndDest {
    sources: Vec<String>,
    contents: Vec<SourceContent>,
    dest: String,
}

fn parse_sources_and_dest(req: &Request<'_>, command: &str) -> R<SourcesAndDest> {
    let (dest, srcs) = match req.args.split_last() {
        Some(x) => x,
        None => {
            return Err(ErrorDetail::NoDestination {
                instruction: command.to_string(),
            });
        }
    };
    if matches!(parser::parse_heredoc(dest), Ok(Some(_))) {
        return Err(ErrorDetail::HeredocNotAllowed {
            instruction: command.to_string(),
            option: "a destination".to_string(),
        });
    }
    let mut sources = Vec::new();
    let mut contents = Vec::new();
    for src in srcs {
        match parser::parse_heredoc(src) {
            Ok(Some(h)) => {
                let mut data = req
                    .node
                    .heredocs
                    .iter()
                    .rev()
                    .find(|d| d.name == h.name)
                    .map(|d| d.content.clone())
                    .unwrap_or_default();
                if h.chomp {
                    data = parser::chomp_heredoc_content(&data);
                }
                contents.push(SourceContent {
                    path: h.name,
                    data,
                    expand: h.expand,
                });
            }
            _ => sources.push(src.clone()),
        }
    }
    Ok(SourcesAndDest {
        sources,
        contents,
        dest: dest.clone(),
    })
}

fn parse_add(req: &Request<'_>) -> R<AddCommand> {
    if req.args.len() < 2 {
        return Err(ErrorDetail::NoDestination {
            instruction: "ADD".to_string(),
        });
    }
    let mut f = req.flags();
    f.add_strings("exclude");
    f.add_string("chown");
    f.add_string("chmod");
    f.add_bool("link");
    f.add_bool("keep-git-dir");
    f.add_string("checksum");
    f.add_bool("unpack");
    f.parse()?;
    let sd = parse_sources_and_dest(req, "ADD")?;
    Ok(AddCommand {
        sources: sd.sources,
        contents: sd.contents,
        dest: sd.dest,
        chown: f.string("chown"),
        chmod: f.string("chmod"),
        link: f.bool("link"),
        keep_git_dir: f.bool("keep-git-dir"),
        checksum: f.string("checksum"),
        unpack: f.used("unpack").then(|| f.bool("unpack")),
        excludes: f.strings("exclude"),
        source: req.source.clone(),
    })
}

fn parse_copy(req: &Request<'_>) -> R<CopyCommand> {
    if req.args.len() < 2 {
        return Err(ErrorDetail::NoDestination {
            instruction: "COPY".to_string(),
        });
    }
    let mut f = req.flags();
    f.add_string("chown");
    f.add_string("from");
    f.add_string("chmod");
    f.add_bool("link");
    f.add_strings("exclude");
    f.add_bool("parents");
    f.parse()?;
    let sd = parse_sources_and_dest(req, "COPY")?;
    Ok(CopyCommand {
        sources: sd.sources,
        contents: sd.contents,
        dest: sd.dest,
        from: f.string("from"),
        chown: f.string("chown"),
        chmod: f.string("chmod"),
        link: f.bool("link"),
        parents: f.bool("parents"),
        excludes: f.strings("exclude"),
        source: req.source.clone(),
    })
}

fn is_valid_stage_name(name: &str) -> bool {
    let b = name.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_lowercase() => {}
        _ => return false,
    }
    b[1..]
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_' | b'.'))
}

fn parse_from(req: &Request<'_>) -> R<Stage> {
    let args = &req.args;
    let name = if args.len() == 3 && go::equal_fold(&args[1], "as") {
        let name = go::to_lower(&args[2]);
        if !is_valid_stage_name(&name) {
            return Err(ErrorDetail::InvalidStageName { name: args[2].clone() });
        }
        Some(name)
    } else if args.len() != 1 {
        return Err(ErrorDetail::FromArguments);
    } else {
        None
    };
    let mut f = req.flags();
    f.add_string("platform");
    f.parse()?;
    Ok(Stage {
        name,
        base: args[0].clone(),
        platform: f.string("platform"),
        instructions: Vec::new(),
        source: req.source.clone(),
    })
}

fn parse_onbuild(req: &Request<'_>) -> R<OnbuildCommand> {
    at_least_one(req, "ONBUILD")?;
    no_flags(req)?;
    let trigger = go::to_upper(go::trim_space(&req.args[0]));
    match trigger.as_str() {
        "ONBUILD" => return Err(ErrorDetail::OnbuildChaining),
        "MAINTAINER" | "FROM" => return Err(ErrorDetail::OnbuildTrigger { trigger }),
        _ => {}
    }
    let mut expression = strip_onbuild_prefix(&req.node.original).to_string();
    for h in &req.node.heredocs {
        expression.push('\n');
        expression.push_str(&h.content);
        expression.push_str(&h.name);
    }
    Ok(OnbuildCommand {
        expression,
        trigger,
        source: req.source.clone(),
    })
}

/// `regexp.MustCompile("(?i)^\\s*ONBUILD\\s*").ReplaceAllString(s, "")`.
fn strip_onbuild_prefix(s: &str) -> &str {
    let is_re_space = |c: char| matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ');
    let t = s.trim_start_matches(is_re_space);
    match t.get(..7) {
        Some(word) if word.eq_ignore_ascii_case("onbuild") => t[7..].trim_start_matches(is_re_space),
        _ => s,
    }
}

fn parse_workdir(req: &Request<'_>) -> R<WorkdirCommand> {
    exactly_one(req, "WORKDIR")?;
    no_flags(req)?;
    Ok(WorkdirCommand {
        path: req.args[0].clone(),
        source: req.source.clone(),
    })
}

fn heredoc_files(req: &Request<'_>) -> Vec<HeredocFile> {
    req.node
        .heredocs
        .iter()
        .map(|h| HeredocFile {
            name: h.name.clone(),
            data: h.content.clone(),
            chomp: h.chomp,
            expand: h.expand,
            file_descriptor: h.file_descriptor,
        })
        .collect()
}

fn parse_run(req: &Request<'_>) -> R<RunCommand> {
    let mut f = req.flags();
    f.add_strings("mount");
    f.add_string("network");
    f.parse()?;
    let flags_used = f.used_names();
    let command = CommandForm::from_args(req.args.clone(), req.node.json);
    let mounts = f.strings("mount");
    for m in &mounts {
        Mount::parse(m, None).map_err(ErrorDetail::Mount)?;
    }
    let network_value = if f.used("network") {
        f.string("network").unwrap_or_default()
    } else {
        "default".to_string()
    };
    let network = match network_value.as_str() {
        "default" => NetworkMode::Default,
        "none" => NetworkMode::None,
        "host" => NetworkMode::Host,
        _ => {
            return Err(ErrorDetail::InvalidNetwork { value: network_value });
        }
    };
    Ok(RunCommand {
        command,
        heredocs: heredoc_files(req),
        mounts,
        network,
        flags_used,
        source: req.source.clone(),
    })
}

fn parse_cmd(req: &Request<'_>) -> R<CmdCommand> {
    no_flags(req)?;
    Ok(CmdCommand {
        command: CommandForm::from_args(req.args.clone(), req.node.json),
        heredocs: heredoc_files(req),
        source: req.source.clone(),
    })
}

fn parse_entrypoint(req: &Request<'_>) -> R<EntrypointCommand> {
    no_flags(req)?;
    Ok(EntrypointCommand {
        command: CommandForm::from_args(req.args.clone(), req.node.json),
        heredocs: heredoc_files(req),
        source: req.source.clone(),
    })
}

/// BuildKit `parseOptInterval`: empty and zero are 0; otherwise at least 1ms.
fn parse_opt_interval(f: &BFlags<'_>, name: &str) -> R<Duration> {
    let Some(s) = f.string(name) else {
        return Ok(Duration::ZERO);
    };
    let nanos = go::parse_duration(&s).map_err(|message| ErrorDetail::InvalidDuration { message })?;
    if nanos == 0 {
        return Ok(Duration::ZERO);
    }
    if nanos < 1_000_000 {
        return Err(ErrorDetail::IntervalTooShort { flag: name.to_string() });
    }
    Ok(Duration::from_nanos(nanos as u64))
}

fn parse_healthcheck(req: &Request<'_>) -> R<HealthcheckCommand> {
    at_least_one(req, "HEALTHCHECK")?;
    let typ = go::to_upper(&req.args[0]);
    let args = &req.args[1..];
    if typ == "NONE" {
        if !args.is_empty() {
            return Err(ErrorDetail::HealthcheckNoneArguments);
        }
        return Ok(HealthcheckCommand {
            health: Healthcheck::None,
            source: req.source.clone(),
        });
    }
    let mut f = req.flags();
    f.add_string("interval");
    f.add_string("timeout");
    f.add_string("start-period");
    f.add_string("start-interval");
    f.add_string("retries");
    f.parse()?;
    let command = match typ.as_str() {
        "CMD" => {
            if args.is_empty() {
                return Err(ErrorDetail::HealthcheckMissingCommand);
            }
            CommandForm::from_args(args.to_vec(), req.node.json)
        }
        _ => return Err(ErrorDetail::HealthcheckUnknownType { ty: typ }),
    };
    let interval = parse_opt_interval(&f, "interval")?;
    let timeout = parse_opt_interval(&f, "timeout")?;
    let start_period = parse_opt_interval(&f, "start-period")?;
    let start_interval = parse_opt_interval(&f, "start-interval")?;
    let retries = match f.string("retries") {
        None => 0,
        Some(v) => {
            let n = go::parse_int32(&v).map_err(|message| ErrorDetail::InvalidRetries { message })?;
            if n < 0 {
                return Err(ErrorDetail::NegativeRetries { value: n });
            }
            n as u32
        }
    };
    Ok(HealthcheckCommand {
        health: Healthcheck::Cmd(HealthConfig {
            command,
            interval,
            timeout,
            start_period,
            start_interval,
            retries,
        }),
        source: req.source.clone(),
    })
}

fn parse_expose(req: &Request<'_>) -> R<ExposeCommand> {
    at_least_one(req, "EXPOSE")?;
    no_flags(req)?;
    let mut ports = req.args.clone();
    ports.sort();
    Ok(ExposeCommand {
        ports,
        source: req.source.clone(),
    })
}

fn parse_user(req: &Request<'_>) -> R<UserCommand> {
    exactly_one(req, "USER")?;
    no_flags(req)?;
    Ok(UserCommand {
        user: req.args[0].clone(),
        source: req.source.clone(),
    })
}

fn parse_volume(req: &Request<'_>) -> R<VolumeCommand> {
    at_least_one(req, "VOLUME")?;
    no_flags(req)?;
    let mut volumes = Vec::new();
    for v in &req.args {
        let v = go::trim_space(v);
        if v.is_empty() {
            return Err(ErrorDetail::EmptyVolume);
        }
        volumes.push(v.to_string());
    }
    Ok(VolumeCommand {
        volumes,
        source: req.source.clone(),
    })
}

fn parse_stopsignal(req: &Request<'_>) -> R<StopSignalCommand> {
    exactly_one(req, "STOPSIGNAL")?;
    Ok(StopSignalCommand {
        signal: req.args[0].clone(),
        source: req.source.clone(),
    })
}

fn parse_arg(req: &Request<'_>) -> R<ArgCommand> {
    at_least_one(req, "ARG")?;
    no_flags(req)?;
    let mut args = Vec::new();
    for arg in &req.args {
        match arg.split_once('=') {
            Some((k, v)) => {
                if k.is_empty() {
                    return Err(ErrorDetail::BlankName {
                        instruction: "ARG".to_string(),
                    });
                }
                args.push(ArgDefinition {
                    key: k.to_string(),
                    value: Some(v.to_string()),
                });
            }
            None => args.push(ArgDefinition {
                key: arg.clone(),
                value: None,
            }),
        }
    }
    Ok(ArgCommand {
        args,
        source: req.source.clone(),
    })
}

fn parse_shell(req: &Request<'_>) -> R<ShellCommand> {
    no_flags(req)?;
    if req.args.is_empty() {
        return Err(ErrorDetail::AtLeastOneArgument {
            instruction: "SHELL".to_string(),
        });
    }
    if !req.node.json {
        return Err(ErrorDetail::NotJson {
            instruction: "SHELL".to_string(),
        });
    }
    Ok(ShellCommand {
        shell: req.args.clone(),
        source: req.source.clone(),
    })
}

#[cfg(test)]
mod tests;
