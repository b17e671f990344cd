//! Any line typed into the sandbox — on the host prompt, after `docker`, or inside an
//! attached container — never panics the engine.
#![no_main]

use dockyard_engine::{Options, Sandbox};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sb = Sandbox::new(Options::default());
    for line in text.lines().take(16) {
        let _ = sb.run_line(line);
        let _ = sb.run_line(&format!("docker {line}"));
        let _ = sb.complete(line, line.len() / 2);
    }
    let _ = sb.run_line("docker run -it alpine sh");
    let _ = sb.run_line(text);
    let _ = sb.interrupt();
    let _ = sb.eof();
});
