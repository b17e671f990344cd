//! Syntax and expansion of the lines a student types at the host prompt: a small subset of
//! POSIX sh and bash, with no knowledge of docker and no I/O.
//!
//! - [`parse`] turns source into a [`Script`] (lists, `&&`/`||`, pipelines, redirections,
//!   here-documents, subshells and groups), tells unfinished input apart
//!   ([`ParseError::Incomplete`], [`needs_more_input`]) and reports syntax errors in bash's
//!   words.
//! - [`expand_words`] and friends expand words against an [`Env`] the interpreter provides
//!   (variables, `$?`, command substitution, globbing).
//! - [`cursor_context`] describes the cursor for tab completion; [`quote`] and the `Display`
//!   impls print syntax back as safe shell source.
//!
//! Not supported on purpose (clear errors instead): `if`/`for`/`while`/`case` and other
//! compound commands, functions, arithmetic, arrays, process substitution, brace expansion
//! (`{a,b}` stays literal), history expansion (`!` is literal).

mod ast;
mod complete;
mod error;
mod expand;
mod parse;
mod pattern;
mod print;

pub use ast::*;
pub use complete::{CompletionKind, CursorContext, QuoteKind, cursor_context};
pub use error::{ExpandError, Incomplete, ParseError, ParseErrorKind, ParseWarning, Unsupported};
pub use expand::{Env, expand_pattern, expand_word_no_split, expand_words};
pub use parse::{MAX_DEPTH, Parsed, needs_more_input, parse, parse_eof, parse_with};
pub use pattern::{escape_pattern, fnmatch, fnmatch_name, glob_paths, has_glob_chars, unescape_pattern};
pub use print::quote;

#[cfg(test)]
mod test_util;

#[cfg(test)]
mod proptests;
