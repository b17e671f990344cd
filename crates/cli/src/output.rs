//! How a line's result reaches the terminal: the engine's chunks in order, then its
//! explanations in the student's language, set apart with 💡 (coloured unless NO_COLOR).

use dockyard_engine::Output;
use dockyard_i18n::{Lang, explain};

const RESET: &str = "\x1b[0m";
const MARKER: &str = "\x1b[1;36m";
const HINT: &str = "\x1b[33m";

/// Whether to colour what we print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Output goes to a terminal, so screen control (clear) makes sense.
    pub terminal: bool,
}

impl Style {
    /// Colours on a terminal unless `NO_COLOR` is set (to anything non-empty) or the
    /// terminal is `dumb`.
    pub fn for_terminal(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Style {
            color: is_terminal && !no_color && !dumb,
            terminal: is_terminal,
        }
    }

    /// The REPL prompt: the `dockyard` marker and the engine's prompt, as (plain, styled)
    /// with the same display width.
    pub fn prompt(&self, engine_prompt: &str) -> (String, String) {
        let raw = format!("dockyard {engine_prompt}");
        let styled = if self.color {
            format!("{MARKER}dockyard{RESET} {engine_prompt}")
        } else {
            raw.clone()
        };
        (raw, styled)
    }

    /// One explanation, set apart from Docker's output.
    pub fn hint(&self, text: &str) -> String {
        // Continuation lines line up under the text, past the lamp and its space.
        let text = text.replace('\n', "\n   ");
        if self.color {
            format!("{HINT}💡 {text}{RESET}")
        } else {
            format!("💡 {text}")
        }
    }

    /// Clears the screen and homes the cursor (only on a terminal).
    pub fn clear_screen(&self) -> &'static str {
        if self.terminal { "\x1b[H\x1b[2J" } else { "" }
    }

    /// Dimmed text for the tool's own notes (banner, farewell).
    pub fn note(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// The explanations of `out` rendered in `lang`, without decoration.
pub fn explanations(lang: Lang, out: &Output) -> Vec<String> {
    out.explain().iter().map(|e| explain(lang, &e.id, &e.args)).collect()
}
