//! dockyard-lessons: the lesson format and everything that reads it.
//!
//! A lesson is a folder `NN-id/` with `lesson.toml` (language-neutral: identity, set-up,
//! steps with declarative checks, hint rules, reference solutions; see [`manifest`] and
//! [`check`]), `en.md` and `ru.md` (the prose; see [`markdown`]) and `files/` (the
//! starting workspace). This crate loads a course from `(path, bytes)` pairs
//! ([`course`]), evaluates checks against a sandbox ([`eval`]), runs a lesson for a
//! front end ([`session`]), validates a course by replaying it ([`validate`]) and models
//! a student's progress ([`progress`]). It does no I/O, so the terminal and the browser
//! share it; the course in `lessons/` is bundled in at build time ([`builtin`]).

pub mod check;
pub mod course;
pub mod diag;
pub mod eval;
pub mod manifest;
pub mod markdown;
pub mod progress;
pub mod session;
pub mod tool;
pub mod validate;

pub use course::{Course, LANGUAGES, Lesson};
pub use diag::Diagnostic;
pub use session::Session;

/// The course bundled into the build (the repository's `lessons/` folder).
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

    /// The bundled files as owned pairs, ready for [`crate::Course::load`].
    pub fn files() -> Vec<(String, Vec<u8>)> {
        FILES.iter().map(|(p, d)| (p.to_string(), d.to_vec())).collect()
    }

    /// The bundled course (lessons that do not load are left out; `dockyard lessons
    /// check` reports why).
    pub fn course() -> crate::Course {
        crate::Course::load(files()).0
    }
}
