//! Which shell and userland a prompt belongs to; it decides every error text and format.

/// The shell and the utilities behind a prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// GNU bash with GNU coreutils, procps, iputils, GNU wget and curl: the student's host,
    /// and `bash` inside Debian/Ubuntu images.
    Bash,
    /// Debian's `/bin/sh` (dash) with GNU coreutils: `sh` inside Debian/Ubuntu images and
    /// shell-form `CMD`/`RUN` there.
    Dash,
    /// BusyBox `sh` (ash) with BusyBox applets, musl's option errors: Alpine images.
    Busybox,
}

impl Flavor {
    /// Whether the utilities are GNU ones (coreutils, procps, iputils, GNU wget).
    pub fn gnu(self) -> bool {
        !matches!(self, Flavor::Busybox)
    }

    /// `$0` of an interactive shell of this flavour (`bash`, `sh`).
    pub fn shell_name(self) -> &'static str {
        match self {
            Flavor::Bash => "bash",
            Flavor::Dash | Flavor::Busybox => "sh",
        }
    }
}
