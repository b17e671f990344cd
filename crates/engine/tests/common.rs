//! Shared helpers for the engine's transcript tests.

use dockyard_engine::script::{run_script, transcript};
use dockyard_engine::{Options, Sandbox};

/// A fresh sandbox with a fixed seed.
pub fn sandbox() -> Sandbox {
    Sandbox::new(Options {
        seed: 42,
        ..Options::default()
    })
}

/// Runs `script` in a fresh sandbox and returns its transcript.
pub fn session(script: &str) -> String {
    let mut sb = sandbox();
    let steps = run_script(&mut sb, script);
    transcript(&steps)
}
