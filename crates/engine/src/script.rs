//! Script mode shared by the CLI and the tests: run lines as if typed and produce the
//! transcript (`$ line` then output) a person would have seen.

use crate::sandbox::{Mode, Sandbox};

/// One executed line and what it printed.
#[derive(Clone, Debug)]
pub struct Step {
    pub prompt: String,
    pub line: String,
    pub stdout: String,
    pub stderr: String,
    /// Both streams in terminal order.
    pub combined: String,
    pub exit_code: i32,
    pub explain: Vec<crate::io::Explain>,
}

/// Splits a script into logical lines (joining heredocs and continuations), skipping
/// `#` comments on the host prompt, and runs them. The clock steps before each line.
pub fn run_script(sb: &mut Sandbox, text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut pending = String::new();
    for raw in text.lines() {
        if pending.is_empty()
            && matches!(sb.mode, Mode::Host)
            && (raw.trim().is_empty() || raw.trim_start().starts_with('#'))
        {
            continue;
        }
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(raw);
        if sb.is_incomplete(&pending) {
            continue;
        }
        let line = std::mem::take(&mut pending);
        steps.push(run_one(sb, &line));
    }
    if !pending.is_empty() {
        steps.push(run_one(sb, &pending));
    }
    steps
}

fn run_one(sb: &mut Sandbox, line: &str) -> Step {
    sb.step_clock();
    let prompt = sb.prompt();
    let out = match line.trim() {
        "^C" => sb.interrupt(),
        "^D" => sb.eof(),
        "^P^Q" => sb.detach(),
        _ => sb.run_line(line),
    };
    Step {
        prompt,
        line: line.to_string(),
        stdout: out.io.stdout(),
        stderr: out.io.stderr(),
        combined: out.io.combined(),
        exit_code: out.exit_code,
        explain: out.io.explain.clone(),
    }
}

/// A transcript as a terminal would show it. A pending y/N question keeps the answer
/// on the question's line.
pub fn transcript(steps: &[Step]) -> String {
    let mut s = String::new();
    for (i, st) in steps.iter().enumerate() {
        if st.prompt.is_empty() && !s.is_empty() && !s.ends_with('\n') {
            s.push_str(&st.line);
            s.push('\n');
        } else {
            s.push_str(&st.prompt);
            s.push_str(&st.line);
            s.push('\n');
        }
        s.push_str(&st.combined);
        // A program that ends without a newline (curl of a Flask app): the shell's prompt
        // would follow on the same line; the transcript starts a new one for readability.
        // A question (`[y/N] `, `Password: `) keeps its answer on its line instead.
        let answered_next = steps.get(i + 1).is_some_and(|n| n.prompt.is_empty());
        if !st.combined.is_empty() && !st.combined.ends_with('\n') && !answered_next {
            s.push('\n');
        }
        for e in &st.explain {
            s.push_str(&format!(
                "[explain {}{}]\n",
                e.id,
                e.args.iter().map(|(k, v)| format!(" {k}={v}")).collect::<String>()
            ));
        }
    }
    s
}
