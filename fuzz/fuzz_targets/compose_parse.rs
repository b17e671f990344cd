//! Any text as a compose file: parsing never panics, a parsed project renders as
//! `docker compose config` and that rendering parses again, and `up`/`down` on it
//! never panic the engine.
#![no_main]

use dockyard_engine::fs::Node;
use dockyard_engine::{Options, Sandbox};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(project) = dockyard_engine::compose::parse(text) {
        let rendered = dockyard_engine::compose::config::render_yaml(&project);
        // `env_file:` paths are checked on disk, which the bare parser does not have.
        if project.services.iter().all(|s| s.env_files.is_empty()) {
            assert!(dockyard_engine::compose::parse(&rendered).is_ok(), "config output does not parse:\n{rendered}");
        }
        let mut sb = Sandbox::new(Options::default());
        sb.world.host.fs.put("/home/student/compose.yaml", Node::file(text));
        for line in ["docker compose config", "docker compose up -d", "docker compose ps -a", "docker compose logs", "docker compose down -v"] {
            let _ = sb.run_line(line);
        }
    }
});
