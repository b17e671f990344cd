//! Script mode: lines from a file or a pipe run as if typed at the prompt, and come out
//! as a transcript (what a terminal would have shown) or as one JSON object per line.

use std::io::{self, Write};

use dockyard_engine::sandbox::Mode;
use dockyard_engine::{Output, Sandbox};
use dockyard_i18n::Lang;
use serde::Serialize;

use crate::args::Format;
use crate::output::{Style, explanations};

/// The control keys a script spells as lines of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    CtrlC,
    CtrlD,
    Detach,
}

impl Key {
    fn parse(line: &str) -> Option<Key> {
        match line.to_ascii_uppercase().as_str() {
            "^C" => Some(Key::CtrlC),
            "^D" => Some(Key::CtrlD),
            "^P^Q" | "^P ^Q" => Some(Key::Detach),
            _ => None,
        }
    }

    fn notation(self) -> &'static str {
        match self {
            Key::CtrlC => "^C",
            Key::CtrlD => "^D",
            Key::Detach => "^P^Q",
        }
    }

    fn press(self, sb: &mut Sandbox) -> Output {
        match self {
            Key::CtrlC => sb.interrupt(),
            Key::CtrlD => sb.eof(),
            Key::Detach => sb.detach(),
        }
    }
}

/// One line of the JSON format.
#[derive(Serialize)]
struct Record<'a> {
    line: &'a str,
    prompt: &'a str,
    stdout: String,
    stderr: String,
    exit_code: i32,
    explain: Vec<String>,
}

/// Runs every line of `input` in `sb` and writes the transcript to `w`.
///
/// Comment lines (`#...`) are skipped unless they are part of a multi-line construct (a
/// heredoc, an open quote); blank lines too, on the host prompt only.
/// The virtual clock moves by one step before each line, as if a person typed it.
pub fn run(
    sb: &mut Sandbox,
    input: &str,
    format: Format,
    lang: Lang,
    style: Style,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut pending: Vec<&str> = Vec::new();
    for line in input.lines() {
        if pending.is_empty() {
            let t = line.trim();
            // A blank line means something only to a program (ending a Python block)
            // or as an answer; on the host prompt it would just repeat the prompt.
            let on_host = matches!(sb.mode, Mode::Host);
            if t.starts_with('#') || (t.is_empty() && on_host) {
                continue;
            }
            if let Some(key) = Key::parse(t) {
                let prompt = sb.prompt();
                sb.step_clock();
                let out = key.press(sb);
                emit(w, format, lang, style, &prompt, &[key.notation()], Some(key), &out)?;
                continue;
            }
        }
        pending.push(line);
        let text = pending.join("\n");
        if sb.is_incomplete(&text) {
            continue;
        }
        let ended = run_one(sb, &pending, &text, format, lang, style, w)?;
        pending.clear();
        if ended {
            // `exit` on the host closes the terminal: later lines have nowhere to go.
            break;
        }
    }
    if !pending.is_empty() {
        // The script ended inside a construct: run it as it is, as a shell at EOF would.
        let text = pending.join("\n");
        run_one(sb, &pending, &text, format, lang, style, w)?;
    }
    w.flush()
}

/// Runs one (possibly multi-line) command; true when it was `exit` in the host shell.
fn run_one(
    sb: &mut Sandbox,
    lines: &[&str],
    text: &str,
    format: Format,
    lang: Lang,
    style: Style,
    w: &mut dyn Write,
) -> io::Result<bool> {
    let prompt = sb.prompt();
    let on_host = matches!(sb.mode, Mode::Host);
    sb.step_clock();
    let out = sb.run_line(text);
    emit(w, format, lang, style, &prompt, lines, None, &out)?;
    Ok(on_host && sb.host_shell.exited().is_some())
}

#[allow(clippy::too_many_arguments)]
fn emit(
    w: &mut dyn Write,
    format: Format,
    lang: Lang,
    style: Style,
    prompt: &str,
    lines: &[&str],
    key: Option<Key>,
    out: &Output,
) -> io::Result<()> {
    let explain = explanations(lang, out);
    match format {
        Format::Json => {
            let record = Record {
                line: &lines.join("\n"),
                prompt,
                stdout: out.stdout(),
                stderr: out.stderr(),
                exit_code: out.exit_code,
                explain,
            };
            serde_json::to_writer(&mut *w, &record)?;
            writeln!(w)
        }
        Format::Text => {
            let shown = out.io.combined();
            write!(w, "{prompt}")?;
            match key {
                // A key shows only through what it makes the program print (`^C`,
                // `exit`, `read escape sequence`); when it prints nothing, name the key.
                Some(k) if shown.is_empty() => writeln!(w, "{}", k.notation())?,
                Some(_) => {}
                None => {
                    let mut it = lines.iter();
                    writeln!(w, "{}", it.next().copied().unwrap_or(""))?;
                    for more in it {
                        writeln!(w, "> {more}")?;
                    }
                }
            }
            if out.io.clear {
                write!(w, "{}", style.clear_screen())?;
            }
            write!(w, "{shown}")?;
            if !explain.is_empty() && !shown.is_empty() && !shown.ends_with('\n') {
                writeln!(w)?;
            }
            for e in explain {
                writeln!(w, "{}", style.hint(&e))?;
            }
            Ok(())
        }
    }
}
