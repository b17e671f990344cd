//! `lesson.toml`: the language-neutral half of a lesson. Identity and place in the
//! course, the set-up of the sandbox, and the steps with their checks, hint rules and
//! reference solutions. Prose lives in the Markdown files (see [`crate::markdown`]).
//!
//! Every table rejects unknown keys, so a typo is an error with a line number rather
//! than a check that silently never runs.

use serde::Deserialize;
use toml::Spanned;

use crate::check::Check;
use crate::diag::{Diagnostic, line_of};

/// The version of the lesson format this crate reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The lesson format version: [`FORMAT_VERSION`].
    pub format: Spanned<u32>,
    /// Stable identifier; the folder is named `NN-<id>`.
    pub id: Spanned<String>,
    /// Position in the course; the folder's `NN`.
    pub order: Spanned<u32>,
    /// Ids of lessons to take first.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// The language the prose is written in; the other Markdown files are translations
    /// of it and record which version of it they were made from.
    pub source_language: Spanned<String>,
    #[serde(default)]
    pub setup: Setup,
    pub steps: Vec<Step>,
}

/// How the sandbox looks when the lesson starts.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    /// Seed of the simulator's ids and names (default: 1).
    pub seed: Option<u64>,
    /// Images already pulled when the student arrives.
    #[serde(default)]
    pub images: Vec<Spanned<String>>,
    /// Lines run (silently) before the student starts, after the images are pulled.
    #[serde(default)]
    pub commands: Vec<Spanned<String>>,
    /// Where the lesson's `files/` are placed and the shell starts: `~` (the default)
    /// or a path below it such as `~/app`.
    pub workdir: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: Spanned<String>,
    /// What must be true of the sandbox for the step to count as done.
    pub check: Spanned<Check>,
    /// State-aware hints, tried in order when the student asks for a hint.
    #[serde(default)]
    pub hints: Vec<HintRule>,
    /// Lines that, typed after the previous steps' solutions, complete the step.
    pub solution: Vec<Spanned<String>>,
}

/// "When this holds, the hint `### hint KEY` of the step fits the situation."
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HintRule {
    pub when: Check,
    pub key: Spanned<String>,
}

impl Setup {
    /// The absolute workspace directory for a home directory.
    pub fn workdir_in(&self, home: &str) -> String {
        let raw = self.workdir.as_ref().map(|w| w.get_ref().as_str()).unwrap_or("~");
        let rest = raw.strip_prefix('~').unwrap_or(raw).trim_matches('/');
        if rest.is_empty() {
            home.to_string()
        } else {
            format!("{}/{rest}", home.trim_end_matches('/'))
        }
    }
}

/// Parses `text` (the contents of `file`); errors carry the line of the offending key.
pub fn parse(file: &str, text: &str) -> Result<Manifest, Diagnostic> {
    toml::from_str::<Manifest>(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        Diagnostic::new(file, line, explain_toml_error(e.message()))
    })
}

/// serde's wording is about Rust types; authors think in checks and keys.
fn explain_toml_error(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return format!("unknown check {rest}");
    }
    if msg.starts_with("wanted exactly 1 element") {
        return "a check table names exactly one kind of check; combine several with `all = [ {...}, {...} ]`"
            .to_string();
    }
    if msg.starts_with("wanted no elements") || msg.starts_with("wanted exactly 1 element, found 0") {
        return "a check table must name a kind of check, e.g. `{ container = { name = \"web\" } }`".to_string();
    }
    msg.trim_end().to_string()
}

/// Checks a lesson id or step id is made of lowercase letters, digits and dashes.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"format = 1
id = "demo"
order = 3
source_language = "en"

[setup]
images = ["nginx"]

[[steps]]
id = "run"
check = { container = { name = "web", running = true } }
solution = ["docker run -d --name web nginx"]

[[steps.hints]]
when = { container = { name = "web", running = false } }
key = "stopped"
"#;

    #[test]
    fn a_good_manifest_parses() {
        let m = parse("demo/lesson.toml", GOOD).unwrap();
        assert_eq!(*m.id.get_ref(), "demo");
        assert_eq!(m.steps.len(), 1);
        assert_eq!(m.steps[0].hints.len(), 1);
        assert_eq!(m.setup.workdir_in("/home/student"), "/home/student");
    }

    fn err(text: &str) -> String {
        parse("l/lesson.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn unknown_keys_name_file_and_line() {
        let bad = GOOD.replace("running = true", "runing = true");
        assert_eq!(
            err(&bad),
            "l/lesson.toml:11: unknown field `runing`, expected one of `name`, `image`, `running`, `status`, `exit_code`, `env`, `network`, `volume`, `mount`, `restart`, `auto_remove`, `interactive`, `command_contains`"
        );
        let bad = GOOD.replace("[setup]", "[setup]\nseeed = 3");
        assert_eq!(
            err(&bad),
            "l/lesson.toml:7: unknown field `seeed`, expected one of `seed`, `images`, `commands`, `workdir`"
        );
    }

    #[test]
    fn unknown_checks_are_errors() {
        let bad = GOOD.replace("check = { container", "check = { kontainer");
        let e = err(&bad);
        assert!(
            e.starts_with(
                "l/lesson.toml:11: unknown check `kontainer`, expected one of `all`, `any`, `not`, `container`"
            ),
            "{e}"
        );
    }

    #[test]
    fn two_kinds_in_one_table_are_explained() {
        let bad = GOOD.replace("running = true } }", "running = true }, image = { tag = \"x\" } }");
        assert_eq!(
            err(&bad),
            "l/lesson.toml:11: a check table names exactly one kind of check; combine several with `all = [ {...}, {...} ]`"
        );
    }

    #[test]
    fn missing_and_mistyped_fields() {
        let bad = GOOD.replace("solution = [\"docker run -d --name web nginx\"]\n", "");
        assert_eq!(err(&bad), "l/lesson.toml:9: missing field `solution`");
        let bad = GOOD.replace("order = 3", "order = \"3\"");
        assert_eq!(err(&bad), "l/lesson.toml:3: invalid type: string \"3\", expected u32");
        let bad = GOOD.replace("format = 1\n", "format = 1\nformat = 2\n");
        assert!(err(&bad).starts_with("l/lesson.toml:2: "), "{}", err(&bad));
    }

    #[test]
    fn workdir_below_home() {
        let mut m = parse("x", GOOD).unwrap();
        m.setup.workdir = Some(Spanned::new(0..0, "~/app/".into()));
        assert_eq!(m.setup.workdir_in("/home/student"), "/home/student/app");
    }

    #[test]
    fn ids() {
        assert!(valid_id("first-run"));
        assert!(valid_id("step2"));
        assert!(!valid_id("First"));
        assert!(!valid_id("-x"));
        assert!(!valid_id("a b"));
        assert!(!valid_id(""));
    }
}
