//! The tool's own command line (clap derive), with help texts from the Fluent files so
//! `--help` speaks the student's language.

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use dockyard_i18n::{Lang, text};

#[derive(Debug, Parser)]
#[command(
    name = "dockyard",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of explanations and messages.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// A course folder to teach from instead of the built-in course.
    #[arg(long, global = true, value_name = "DIR")]
    pub lessons: Option<PathBuf>,
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A sandbox: the REPL, or a script's transcript.
    Sandbox(SandboxArgs),
    /// Take a lesson.
    Learn(LearnArgs),
    /// The course: list, check, stamp.
    Lessons(LessonsArgs),
    /// Export or import progress.
    Progress(ProgressArgs),
}

#[derive(Debug, Default, Args)]
pub struct LearnArgs {
    /// The lesson (id, folder or number).
    #[arg(value_name = "LESSON")]
    pub lesson: Option<String>,
    /// Lines to type as the student; `-` is standard input.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LessonsArgs {
    #[command(subcommand)]
    pub command: LessonsCommand,
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// List the lessons.
    List,
    /// Check a course folder.
    Check {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Record translations as up to date.
    Stamp {
        #[arg(value_name = "LESSON_DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[command(subcommand)]
    pub command: ProgressCommand,
}

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Write the progress to a file.
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Add a file's progress to yours.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Default, Args)]
pub struct SandboxArgs {
    /// Lines to run instead of the prompt; `-` is standard input.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// How a transcript is printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Seed for ids, names and timings.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// A directory copied into the sandbox as the working directory.
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Prompt, line, output and explanations, as a terminal shows them.
    #[default]
    Text,
    /// One JSON object per line run.
    Json,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// The language to print help and early errors in, before clap has parsed anything:
/// `--lang X` / `--lang=X` anywhere on the command line, else the locale.
pub fn language_before_parsing() -> Lang {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for (i, a) in argv.iter().enumerate() {
        let value = if a == "--lang" {
            argv.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--lang=")
        };
        if let Some(lang) = value.and_then(Lang::parse) {
            return lang;
        }
    }
    Lang::detect(locale_from_env().as_deref())
}

/// The first non-empty of LC_ALL, LC_MESSAGES and LANG, the order POSIX gives them.
fn locale_from_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
}

/// Parses the command line with help texts in `lang`; exits on `--help`, `--version` and errors.
pub fn parse(lang: Lang) -> Cli {
    let t = |id: &str| text(lang, id, &[]);
    let cmd = Cli::command()
        .about(t("cli-about"))
        .mut_arg("lang", |a| a.help(t("cli-arg-lang")))
        .mut_arg("help", |a| a.help(t("cli-help")))
        .mut_arg("version", |a| a.help(t("cli-version")))
        .mut_subcommand("sandbox", |s| {
            s.about(t("cli-sandbox-about"))
                .mut_arg("script", |a| a.help(t("cli-arg-script")))
                .mut_arg("format", |a| a.help(t("cli-arg-format")))
                .mut_arg("seed", |a| a.help(t("cli-arg-seed")))
                .mut_arg("workspace", |a| a.help(t("cli-arg-workspace")))
        })
        .mut_arg("lessons", |a| a.help(t("cli-arg-lessons-dir")))
        .mut_subcommand("learn", |s| {
            s.about(t("cli-learn-about"))
                .mut_arg("lesson", |a| a.help(t("cli-arg-lesson")))
                .mut_arg("script", |a| a.help(t("cli-arg-learn-script")))
        })
        .mut_subcommand("lessons", |s| {
            s.about(t("cli-lessons-about"))
                .mut_subcommand("list", |c| c.about(t("cli-lessons-list-about")))
                .mut_subcommand("check", |c| {
                    c.about(t("cli-lessons-check-about"))
                        .mut_arg("dir", |a| a.help(t("cli-arg-check-dir")))
                })
                .mut_subcommand("stamp", |c| {
                    c.about(t("cli-lessons-stamp-about"))
                        .mut_arg("dir", |a| a.help(t("cli-arg-stamp-dir")))
                })
        })
        .mut_subcommand("progress", |s| {
            s.about(t("cli-progress-about"))
                .mut_subcommand("export", |c| {
                    c.about(t("cli-progress-export-about"))
                        .mut_arg("file", |a| a.help(t("cli-arg-progress-file")))
                })
                .mut_subcommand("import", |c| {
                    c.about(t("cli-progress-import-about"))
                        .mut_arg("file", |a| a.help(t("cli-arg-progress-file")))
                })
        });
    let matches = cmd.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sandbox_options_parse() {
        let cli = Cli::try_parse_from([
            "dockyard", "sandbox", "--script", "-", "--format", "json", "--seed", "7", "--lang", "ru",
        ])
        .unwrap();
        assert_eq!(cli.lang, Some(Lang::Ru));
        let Some(Command::Sandbox(a)) = cli.command else {
            panic!("no sandbox")
        };
        assert_eq!(a.script.as_deref(), Some(std::path::Path::new("-")));
        assert_eq!(a.format, Format::Json);
        assert_eq!(a.seed, Some(7));
        assert!(Cli::try_parse_from(["dockyard", "--lang", "de"]).is_err());
        assert!(Cli::try_parse_from(["dockyard"]).unwrap().command.is_none());
    }
}
