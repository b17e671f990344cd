//! The lesson tool's own commands, typed at the same prompt as shell commands.
//!
//! At the host prompt a line is a tool command when its first word is one of
//! [`TOOL_WORDS`] and its arguments fit (`hint`, `lang ru`, `answer b`); every other
//! line goes to the sandbox's shell. Inside a container (`docker run -it ...`) the
//! container's program gets every line, so there the tool is reached with a leading
//! colon (`:hint`), which also works on the host.

/// One of the tool's commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tool {
    Help,
    Hint,
    Solution,
    Check,
    Next,
    Skip,
    Reset,
    Undo,
    Redo,
    State,
    Lessons,
    /// `lang` alone shows the current language.
    Lang(Option<String>),
    Quit,
    /// A quiz answer.
    Answer(String),
}

/// The words that start tool commands.
pub const TOOL_WORDS: [&str; 14] = [
    "help", "hint", "solution", "check", "next", "skip", "reset", "undo", "redo", "state", "lessons", "lang", "quit",
    "answer",
];

impl Tool {
    /// Recognises a tool command. `attached`: the prompt belongs to a container's
    /// program, which then only gives up `:`-prefixed lines.
    pub fn parse(line: &str, attached: bool) -> Option<Tool> {
        let t = line.trim();
        let (text, prefixed) = match t.strip_prefix(':') {
            Some(rest) => (rest.trim_start(), true),
            None => (t, false),
        };
        if attached && !prefixed {
            return None;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let tool = match words.as_slice() {
            ["help"] => Tool::Help,
            ["hint"] => Tool::Hint,
            ["solution"] => Tool::Solution,
            ["check"] => Tool::Check,
            ["next"] => Tool::Next,
            ["skip"] => Tool::Skip,
            ["reset"] => Tool::Reset,
            ["undo"] => Tool::Undo,
            ["redo"] => Tool::Redo,
            ["state"] => Tool::State,
            ["lessons"] => Tool::Lessons,
            ["lang"] => Tool::Lang(None),
            ["lang", l] => Tool::Lang(Some(l.to_string())),
            ["quit"] | ["exit"] if prefixed => Tool::Quit,
            ["quit"] => Tool::Quit,
            ["answer", a] => Tool::Answer(a.trim_end_matches(')').to_ascii_lowercase()),
            _ => return None,
        };
        Some(tool)
    }

    /// The word that names the command (for help texts).
    pub fn word(&self) -> &'static str {
        match self {
            Tool::Help => "help",
            Tool::Hint => "hint",
            Tool::Solution => "solution",
            Tool::Check => "check",
            Tool::Next => "next",
            Tool::Skip => "skip",
            Tool::Reset => "reset",
            Tool::Undo => "undo",
            Tool::Redo => "redo",
            Tool::State => "state",
            Tool::Lessons => "lessons",
            Tool::Lang(_) => "lang",
            Tool::Quit => "quit",
            Tool::Answer(_) => "answer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_words_at_the_host_prompt() {
        assert_eq!(Tool::parse("hint", false), Some(Tool::Hint));
        assert_eq!(Tool::parse("  lang ru ", false), Some(Tool::Lang(Some("ru".into()))));
        assert_eq!(Tool::parse("answer B)", false), Some(Tool::Answer("b".into())));
        assert_eq!(Tool::parse(":state", false), Some(Tool::State));
        // Shell lines stay shell lines.
        assert_eq!(Tool::parse("docker ps", false), None);
        assert_eq!(Tool::parse("check the logs", false), None);
        assert_eq!(Tool::parse("answer", false), None);
        assert_eq!(Tool::parse("exit", false), None);
    }

    #[test]
    fn inside_a_container_only_colon_lines_are_the_tool() {
        assert_eq!(Tool::parse("hint", true), None);
        assert_eq!(Tool::parse("exit", true), None);
        assert_eq!(Tool::parse(":hint", true), Some(Tool::Hint));
        assert_eq!(Tool::parse(": quit", true), Some(Tool::Quit));
    }

    #[test]
    fn every_word_parses() {
        for w in TOOL_WORDS {
            let line = match w {
                "answer" => "answer a".to_string(),
                _ => w.to_string(),
            };
            assert_eq!(Tool::parse(&line, false).map(|t| t.word()), Some(w), "{w}");
        }
    }
}
