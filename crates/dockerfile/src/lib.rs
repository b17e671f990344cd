//! Dockerfile parser for the Dockyard simulator, modelled on BuildKit.
//!
//! * [`parser`]: the low-level parse (directives, continuations, heredocs, JSON/shell forms,
//!   flags) with a dump in BuildKit's `AST.Dump()` format.
//! * [`instructions`]: typed, validated instructions grouped into stages.
//! * [`shell`]: variable expansion and word splitting like BuildKit's shell lexer.
//! * [`error`]: errors whose text is exactly BuildKit's, each with a stable kind id.
//! * [`snippet`]: BuildKit's source snippet shown under build errors.
//!
//! The crate does no I/O and never panics on any input.
//!
//! ```
//! let df = dockyard_dockerfile::parse("FROM alpine AS base\nRUN echo hi\n").unwrap();
//! assert_eq!(df.stages[0].name.as_deref(), Some("base"));
//! assert_eq!(df.stages[0].instructions[0].original(), "RUN echo hi");
//!
//! let err = dockyard_dockerfile::parse("FROM alpine\nCOPPY . .\n").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)"
//! );
//! assert_eq!(err.kind(), "unknown-instruction");
//! ```

#![warn(missing_docs)]

pub mod error;
mod go;
pub mod instructions;
pub mod parser;
pub mod shell;
pub mod snippet;
mod suggest;

pub use error::{Error, ErrorDetail, LineRange, MountError};
pub use instructions::{CommandForm, Dockerfile, Instruction, SourceInfo, Stage, from_ast, parse, parse_instruction};
pub use snippet::{source_snippet, source_snippet_named};
