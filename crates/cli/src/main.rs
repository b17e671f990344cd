//! `dockyard`: the terminal front end. It parses the tool's own options and wires the
//! simulator (dockyard-engine), the messages (dockyard-i18n) and the terminal together;
//! every bit of Docker behaviour lives in the engine.

mod args;
mod edit;
mod learn;
mod lessons_cmd;
mod output;
mod progress;
mod repl;
mod script;
mod workspace;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use dockyard_engine::{Options, Sandbox};
use dockyard_i18n::{Lang, text};

use args::{Command, LessonsCommand, ProgressCommand, SandboxArgs};
use output::Style;

fn main() -> ExitCode {
    let lang = args::language_before_parsing();
    let cli = args::parse(lang);
    let lang_given = cli.lang.is_some();
    let lang = cli.lang.unwrap_or(lang);
    match cli.command {
        Some(Command::Sandbox(a)) => sandbox(a, lang),
        Some(Command::Learn(a)) => learn::learn(learn::LearnOptions {
            lesson: a.lesson,
            script: a.script,
            lessons_dir: cli.lessons,
            lang,
            lang_given,
        }),
        Some(Command::Lessons(a)) => lessons(a.command, cli.lessons, lang),
        Some(Command::Progress(a)) => match a.command {
            ProgressCommand::Export { file } => progress::export(&file, lang),
            ProgressCommand::Import { file } => progress::import(&file, lang),
        },
        // On a terminal, the course menu; a piped script runs in a plain sandbox.
        None if std::io::stdin().is_terminal() => learn::menu(cli.lessons, lang, lang_given),
        None => sandbox(SandboxArgs::default(), lang),
    }
}

/// `dockyard lessons list|check|stamp`.
fn lessons(command: LessonsCommand, dir: Option<std::path::PathBuf>, lang: Lang) -> ExitCode {
    match command {
        LessonsCommand::Check { dir: check_dir } => lessons_cmd::check(check_dir.or(dir).as_deref(), lang),
        LessonsCommand::Stamp { dir } => lessons_cmd::stamp(&dir, lang),
        LessonsCommand::List => {
            let course = match lessons_cmd::load(dir.as_deref(), lang) {
                Ok((course, _)) => course,
                Err(msg) => {
                    eprintln!("{msg}");
                    return ExitCode::from(2);
                }
            };
            let (progress, warning) = match progress::Store::default_location() {
                Some(store) => store.load(lang),
                None => Default::default(),
            };
            if let Some(w) = warning {
                eprintln!("{w}");
            }
            lessons_cmd::list(&course, &progress, lang)
        }
    }
}

/// Where a sandbox's lines come from.
enum Source {
    Terminal,
    Stdin,
    Script(String),
}

/// `dockyard sandbox`: the REPL on a terminal, a transcript otherwise.
fn sandbox(a: SandboxArgs, lang: Lang) -> ExitCode {
    let source = match &a.script {
        Some(path) if path.as_os_str() == "-" => Source::Stdin,
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => Source::Script(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => {
                let args = [("path", path.display().to_string()), ("error", e.to_string())];
                eprintln!("{}", text(lang, "error-script-unreadable", &args));
                return ExitCode::from(2);
            }
        },
        None if std::io::stdin().is_terminal() => Source::Terminal,
        None => Source::Stdin,
    };

    let now = wall_clock();
    let seed = a.seed.unwrap_or(now as u64);
    let options = match source {
        // The REPL follows the wall clock (the loop passes it before every line).
        Source::Terminal => Options {
            seed,
            start_time: now,
            ..Options::default()
        },
        // Scripts run on the virtual clock from its fixed start, so a seed fixes everything.
        _ => Options {
            seed,
            ..Options::default()
        },
    };
    let mut sb = Sandbox::new(options);
    let mut workspace_note = None;
    if let Some(dir) = &a.workspace {
        match workspace::copy_in(&mut sb, dir) {
            Ok(inside) => workspace_note = Some((dir.display().to_string(), inside)),
            Err(e) => {
                let args = [("path", dir.display().to_string()), ("error", e.to_string())];
                eprintln!("{}", text(lang, "error-workspace-unreadable", &args));
                return ExitCode::from(2);
            }
        }
    }

    let input = match source {
        Source::Terminal => {
            return match repl::run(sb, lang, Style::for_terminal(true), workspace_note) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", text(lang, "error-input", &[("error", e.to_string())]));
                    ExitCode::FAILURE
                }
            };
        }
        Source::Script(s) => s,
        Source::Stdin => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                eprintln!("{}", text(lang, "error-input", &[("error", e.to_string())]));
                return ExitCode::from(2);
            }
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    let style = Style::for_terminal(std::io::stdout().is_terminal());
    let mut stdout = std::io::stdout().lock();
    match script::run(&mut sb, &input, a.format, lang, style, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`dockyard ... | head`): nothing left to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dockyard: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Nanoseconds since the Unix epoch, the engine's unit of time.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}
