//! A student's progress through the course, as a small human-readable TOML document.
//! The terminal keeps it in a file in the user's data directory, the browser in
//! localStorage; `progress export|import` moves it between the two. This module only
//! converts to and from text; where the text is stored is the front end's business.
//!
//! ```toml
//! format = 1
//! language = "ru"
//! current = "first-run"
//!
//! [lessons.first-run]
//! step = "ps"                      # where the student is; absent once finished
//! solved = ["pull", "run"]         # done without looking at the solution
//! revealed = []                    # done after `solution` showed the answer
//! skipped = []                     # passed over with `skip`
//! finished = false
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::line_of;

pub const PROGRESS_FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub format: u32,
    /// The language the student chose with `lang` (else the locale decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The lesson opened last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default)]
    pub solved: Vec<String>,
    #[serde(default)]
    pub revealed: Vec<String>,
    #[serde(default)]
    pub skipped: Vec<String>,
    #[serde(default)]
    pub finished: bool,
}

/// How a step was completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    Solved,
    /// Completed after the student looked at the solution: never counts as solved.
    Revealed,
    Skipped,
}

/// A lesson's mark in the course menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    /// Finished, every step solved without help.
    Done,
    /// Finished, but some steps were skipped or solved after seeing the solution.
    FinishedWithHelp,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format: PROGRESS_FORMAT,
            language: None,
            current: None,
            lessons: BTreeMap::new(),
        }
    }
}

impl Progress {
    /// Parses a progress document; the error names the line.
    pub fn parse(text: &str) -> Result<Progress, String> {
        let p: Progress = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            format!("line {line}: {}", e.message().trim_end())
        })?;
        if p.format != PROGRESS_FORMAT {
            return Err(format!(
                "format {} is not supported (expected {PROGRESS_FORMAT})",
                p.format
            ));
        }
        Ok(p)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("progress is plain data")
    }

    pub fn lesson(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.get(id)
    }

    pub fn status(&self, id: &str) -> Status {
        match self.lessons.get(id) {
            None => Status::NotStarted,
            Some(l) if l.finished && l.revealed.is_empty() && l.skipped.is_empty() => Status::Done,
            Some(l) if l.finished => Status::FinishedWithHelp,
            Some(l) if l.step.is_none() && l.solved.is_empty() && l.revealed.is_empty() && l.skipped.is_empty() => {
                Status::NotStarted
            }
            Some(_) => Status::InProgress,
        }
    }

    /// Records that the student is on `step` of `lesson`.
    pub fn at_step(&mut self, lesson: &str, step: &str) {
        self.current = Some(lesson.to_string());
        self.lessons.entry(lesson.to_string()).or_default().step = Some(step.to_string());
    }

    /// Records a completed step. A step solved once stays solved; looking at the solution
    /// later, or skipping it on a second run, does not take that back.
    pub fn complete(&mut self, lesson: &str, step: &str, how: Completion) {
        let l = self.lessons.entry(lesson.to_string()).or_default();
        let step = step.to_string();
        if l.solved.contains(&step) {
            return;
        }
        match how {
            Completion::Solved => {
                l.revealed.retain(|s| *s != step);
                l.skipped.retain(|s| *s != step);
                l.solved.push(step);
            }
            Completion::Revealed => {
                l.skipped.retain(|s| *s != step);
                if !l.revealed.contains(&step) {
                    l.revealed.push(step);
                }
            }
            Completion::Skipped => {
                if !l.revealed.contains(&step) && !l.skipped.contains(&step) {
                    l.skipped.push(step);
                }
            }
        }
    }

    /// Records that the last step of `lesson` is done.
    pub fn finish(&mut self, lesson: &str) {
        let l = self.lessons.entry(lesson.to_string()).or_default();
        l.finished = true;
        l.step = None;
    }

    /// Forgets a lesson (a fresh start).
    pub fn forget(&mut self, lesson: &str) {
        self.lessons.remove(lesson);
    }

    /// Adds what `other` knows to this progress: nothing recorded here is lost.
    pub fn merge(&mut self, other: &Progress) {
        if self.language.is_none() {
            self.language = other.language.clone();
        }
        if self.current.is_none() {
            self.current = other.current.clone();
        }
        for (id, theirs) in &other.lessons {
            let mine = self.lessons.entry(id.clone()).or_default();
            for s in &theirs.solved {
                let step = s.clone();
                mine.revealed.retain(|x| *x != step);
                mine.skipped.retain(|x| *x != step);
                if !mine.solved.contains(&step) {
                    mine.solved.push(step);
                }
            }
            for s in &theirs.revealed {
                if !mine.solved.contains(s) && !mine.revealed.contains(s) {
                    mine.skipped.retain(|x| x != s);
                    mine.revealed.push(s.clone());
                }
            }
            for s in &theirs.skipped {
                if !mine.solved.contains(s) && !mine.revealed.contains(s) && !mine.skipped.contains(s) {
                    mine.skipped.push(s.clone());
                }
            }
            mine.finished |= theirs.finished;
            if mine.finished {
                mine.step = None;
            } else if mine.step.is_none() {
                mine.step = theirs.step.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut p = Progress {
            language: Some("ru".into()),
            ..Progress::default()
        };
        p.at_step("first-run", "pull");
        p.complete("first-run", "pull", Completion::Solved);
        p.at_step("first-run", "run");
        p.complete("first-run", "run", Completion::Revealed);
        let text = p.to_toml();
        assert_eq!(Progress::parse(&text).unwrap(), p);
        assert!(text.contains("[lessons.first-run]"), "{text}");
        assert_eq!(p.status("first-run"), Status::InProgress);
        assert_eq!(p.status("other"), Status::NotStarted);
        p.finish("first-run");
        assert_eq!(p.status("first-run"), Status::FinishedWithHelp);
    }

    #[test]
    fn solved_is_never_downgraded() {
        let mut p = Progress::default();
        p.complete("l", "a", Completion::Revealed);
        p.complete("l", "a", Completion::Solved);
        p.complete("l", "a", Completion::Skipped);
        p.complete("l", "a", Completion::Revealed);
        let l = p.lesson("l").unwrap();
        assert_eq!((l.solved.len(), l.revealed.len(), l.skipped.len()), (1, 0, 0));
        p.finish("l");
        assert_eq!(p.status("l"), Status::Done);
    }

    #[test]
    fn damaged_text_names_the_line() {
        let e = Progress::parse("format = 1\n[lessons.x]\nsolvd = []\n").unwrap_err();
        assert!(e.starts_with("line 3: unknown field `solvd`"), "{e}");
        assert!(Progress::parse("format = 9\n").unwrap_err().contains("format 9"));
        assert!(Progress::parse("\u{0}garbage").is_err());
    }

    #[test]
    fn merging_keeps_everything() {
        let mut a = Progress::default();
        a.complete("l", "x", Completion::Skipped);
        a.at_step("l", "y");
        let mut b = Progress::default();
        b.complete("l", "x", Completion::Solved);
        b.complete("m", "z", Completion::Solved);
        b.finish("m");
        b.language = Some("en".into());
        a.merge(&b);
        assert_eq!(a.lesson("l").unwrap().solved, vec!["x"]);
        assert!(a.lesson("l").unwrap().skipped.is_empty());
        assert_eq!(a.lesson("l").unwrap().step.as_deref(), Some("y"));
        assert_eq!(a.status("m"), Status::Done);
        assert_eq!(a.language.as_deref(), Some("en"));
    }
}
