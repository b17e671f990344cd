//! `docker compose` (Compose v2): projects from `compose.yaml`/`docker-compose.yml` in
//! the workspace, run against the simulated daemon.

use crate::docker::Next;
use crate::io::Io;
use crate::world::World;

/// Runs `docker compose ARGS…` (args after the word `compose`).
pub fn run(_world: &mut World, _endpoint: &str, args: &[String], io: &mut Io) -> (i32, Next) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    io.errln(format!("docker: unknown command: docker compose {sub}\n\nRun 'docker compose --help' for more information"));
    (1, Next::Done)
}
