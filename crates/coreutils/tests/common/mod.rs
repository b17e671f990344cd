//! A shell session over the in-memory TestSystem, for transcript-like tests.
#![allow(dead_code)]

use dockyard_coreutils::testing::TestSystem;
use dockyard_coreutils::{Flavor, Io, Mode, ShellState, run};

pub struct Session {
    pub sys: TestSystem,
    pub st: ShellState,
    pub flavor: Flavor,
}

/// What one line printed.
#[derive(Debug)]
pub struct Out {
    pub status: i32,
    pub out: String,
    pub err: String,
    /// Both streams in terminal order.
    pub all: String,
}

impl Session {
    /// The student's host: bash with GNU tools.
    pub fn host() -> Session {
        Session {
            sys: TestSystem::new(),
            st: ShellState::new(Flavor::Bash),
            flavor: Flavor::Bash,
        }
    }
    /// `docker exec -it c sh` in an Alpine container.
    pub fn alpine() -> Session {
        Session {
            sys: TestSystem::container(),
            st: ShellState::new(Flavor::Busybox),
            flavor: Flavor::Busybox,
        }
    }
    /// `docker exec -it c sh` in a Debian container (dash).
    pub fn debian_sh() -> Session {
        Session {
            sys: TestSystem::container(),
            st: ShellState::new(Flavor::Dash),
            flavor: Flavor::Dash,
        }
    }
    /// `docker exec -it c bash` in a Debian container.
    pub fn debian_bash() -> Session {
        Session {
            sys: TestSystem::container(),
            st: ShellState::new(Flavor::Bash),
            flavor: Flavor::Bash,
        }
    }
    /// `/bin/sh -c` as a shell-form CMD runs.
    pub fn command(flavor: Flavor) -> Session {
        let name = if flavor == Flavor::Bash { "bash" } else { "/bin/sh" };
        Session {
            sys: TestSystem::container(),
            st: ShellState::with_mode(name, Mode::Command),
            flavor,
        }
    }

    pub fn run(&mut self, line: &str) -> Out {
        let mut io = Io::new();
        let status = run(line, &mut self.sys, &mut self.st, self.flavor, &mut io);
        Out {
            status,
            out: io.stdout(),
            err: io.stderr(),
            all: io.combined(),
        }
    }

    /// Runs a line and returns everything it printed (stdout and stderr in order).
    pub fn sh(&mut self, line: &str) -> String {
        self.run(line).all
    }
}
