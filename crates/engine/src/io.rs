//! What one command line produces: ordered stdout/stderr chunks, an exit code, and
//! teaching explanations (message ids the front end renders in the student's language).

use serde::Serialize;

pub use crate::model::Stream;

/// A teaching note attached to a mistake: a Fluent message id plus arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explain {
    pub id: String,
    pub args: Vec<(String, String)>,
}

impl Explain {
    pub fn new(id: &str) -> Explain {
        Explain {
            id: id.to_string(),
            args: Vec::new(),
        }
    }
    pub fn arg(mut self, k: &str, v: impl Into<String>) -> Explain {
        self.args.push((k.to_string(), v.into()));
        self
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Io {
    pub chunks: Vec<(Stream, String)>,
    pub explain: Vec<Explain>,
    pub clear: bool,
}

impl Io {
    pub fn out(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stdout, s.as_ref());
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stderr, s.as_ref());
    }
    /// A line on stdout (newline added).
    pub fn outln(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stdout, s.as_ref());
        self.push(Stream::Stdout, "\n");
    }
    pub fn errln(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stderr, s.as_ref());
        self.push(Stream::Stderr, "\n");
    }
    pub fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((st, text)) if *st == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    pub fn explain(&mut self, e: Explain) {
        if !self.explain.contains(&e) {
            self.explain.push(e);
        }
    }
    pub fn stdout(&self) -> String {
        self.collect(Stream::Stdout)
    }
    pub fn stderr(&self) -> String {
        self.collect(Stream::Stderr)
    }
    fn collect(&self, s: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(st, _)| *st == s)
            .map(|(_, t)| t.as_str())
            .collect()
    }
    /// Everything in terminal order.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
    pub fn append(&mut self, other: Io) {
        for (s, t) in other.chunks {
            self.push(s, &t);
        }
        for e in other.explain {
            self.explain(e);
        }
        self.clear |= other.clear;
    }
}
