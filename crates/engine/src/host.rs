//! The student's host prompt: a bash-like shell over the host workspace where `docker`
//! is one more command, `curl localhost:8080` reaches published ports, and `sleep`
//! moves the virtual clock.

use dockyard_coreutils::{Flavor, HttpRequest, HttpResponse, Io as CIo, NetError, ProcessInfo, System};

use crate::docker::{self, Next};
use crate::fs::{FsError, Node, Vfs};
use crate::io::{Explain, Io};
use crate::sandbox::Sandbox;
use crate::world::World;

/// The host as the shell and utilities see it.
pub struct HostSys<'w> {
    pub world: &'w mut World,
    pub next: Next,
    pub explain: Vec<Explain>,
    pub clear: bool,
}

impl Vfs for HostSys<'_> {
    fn lstat(&self, p: &str) -> Option<Node> {
        self.world.host.fs.lstat(p)
    }
    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError> {
        self.world.host.fs.list(p)
    }
    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError> {
        self.world.host.fs.write_node(p, node)
    }
    fn remove_path(&mut self, p: &str) -> Result<(), FsError> {
        self.world.host.fs.remove_path(p)
    }
}

impl System for HostSys<'_> {
    fn env(&self) -> Vec<(String, String)> {
        self.world.host.env.clone()
    }
    fn get_env(&self, k: &str) -> Option<String> {
        self.world.host.get_env(k).map(str::to_string)
    }
    fn set_env(&mut self, k: &str, v: &str) {
        self.world.host.set_env(k, v);
    }
    fn unset_env(&mut self, k: &str) {
        self.world.host.unset_env(k);
    }
    fn cwd(&self) -> String {
        self.world.host.cwd.clone()
    }
    fn set_cwd(&mut self, dir: &str) {
        self.world.host.cwd = dir.to_string();
        self.world.host.set_env("PWD", dir);
    }
    fn hostname(&self) -> String {
        self.world.host.hostname.clone()
    }
    fn user(&self) -> (u32, String) {
        (1000, self.world.host.user.clone())
    }
    fn now(&self) -> i64 {
        self.world.now
    }
    fn processes(&self) -> Vec<ProcessInfo> {
        let mut v = vec![ProcessInfo {
            pid: 1,
            ppid: 0,
            user: "root".into(),
            command: "/sbin/init".into(),
            ..Default::default()
        }];
        v.push(ProcessInfo {
            pid: 812,
            ppid: 1,
            user: "root".into(),
            command: "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock".into(),
            ..Default::default()
        });
        for d in self.world.daemons.values().take(1) {
            for c in d.containers.iter().filter(|c| c.is_running()) {
                v.push(ProcessInfo {
                    pid: c.state.pid,
                    ppid: c.state.pid.saturating_sub(22),
                    user: "root".into(),
                    command: c.command_line(),
                    start: c.state.started_at.unwrap_or(c.created),
                    ..Default::default()
                });
            }
        }
        v.push(ProcessInfo {
            pid: 2201,
            ppid: 2200,
            user: self.world.host.user.clone(),
            command: "-bash".into(),
            tty: Some("pts/0".into()),
            ..Default::default()
        });
        v
    }
    fn lookup_host(&self, host: &str) -> Result<String, NetError> {
        crate::programs::net::resolve_from(self.world, &crate::programs::net::Origin::Host, host)
    }
    fn http(&mut self, req: &HttpRequest) -> Result<HttpResponse, NetError> {
        crate::programs::net::http(self.world, &crate::programs::net::Origin::Host, req)
    }
    fn sleep(&mut self, secs: f64) {
        let t = self.world.now + (secs * 1e9) as i64;
        crate::lifecycle::tick(self.world, t);
    }
    fn external(&mut self, argv: &[String], stdin: &str, io: &mut CIo) -> Option<i32> {
        self.external_tty(argv, stdin, io, true)
    }
    fn external_tty(&mut self, argv: &[String], stdin: &str, io: &mut CIo, stdout_is_tty: bool) -> Option<i32> {
        match argv[0].as_str() {
            "docker" | "docker-compose" => {
                let mut dio = Io::default();
                let piped = if stdin.is_empty() { None } else { Some(stdin) };
                let args: Vec<String> = if argv[0] == "docker-compose" {
                    std::iter::once("compose".to_string())
                        .chain(argv[1..].iter().cloned())
                        .collect()
                } else {
                    argv[1..].to_vec()
                };
                let (code, next) = docker::run_with(self.world, &args, piped, None, !stdout_is_tty, &mut dio);
                if next != Next::Done {
                    self.next = next;
                }
                for (s, t) in dio.chunks {
                    match s {
                        crate::model::Stream::Stdout => io.out(t),
                        crate::model::Stream::Stderr => io.err(t),
                    }
                }
                self.explain.extend(dio.explain);
                Some(code)
            }
            "help" => {
                io.out(HELP);
                Some(0)
            }
            // The terminal front end opens a real editor for `edit FILE`; elsewhere
            // (scripts, lessons) files are written with the shell.
            "edit" => {
                io.errln(
                    "edit: an editor opens only at the terminal prompt; write files with: cat > FILE <<'END' ... END",
                );
                Some(1)
            }
            _ => None,
        }
    }
    fn clear_screen(&mut self) {
        self.clear = true;
    }
}

const HELP: &str = "This is a Docker sandbox: type docker commands as on a real host.\n\
  docker run, ps, images, pull, exec, logs, stop, rm, rmi, ... (docker --help lists them)\n\
  Shell: ls, cat, echo, cd, mkdir, rm, export, curl, sleep, pipes (|), &&, heredocs (cat > f <<EOF)\n\
  edit FILE opens a workspace file in your editor ($EDITOR) in the terminal sandbox\n\
  Keys: Ctrl-C interrupts, Ctrl-D ends input, Ctrl-P Ctrl-Q detaches from a container\n";

/// Runs one host line. Returns the exit status.
pub fn run(sb: &mut Sandbox, line: &str, io: &mut Io, next: &mut Next) -> i32 {
    let mut sys = HostSys {
        world: &mut sb.world,
        next: Next::Done,
        explain: Vec::new(),
        clear: false,
    };
    let mut cio = CIo::default();
    let code = dockyard_coreutils::run(line, &mut sys, &mut sb.host_shell, Flavor::Bash, &mut cio);
    for (s, t) in cio.chunks {
        match s {
            dockyard_coreutils::Stream::Stdout => io.out(t),
            dockyard_coreutils::Stream::Stderr => io.err(t),
        }
    }
    for e in sys.explain {
        io.explain(e);
    }
    if sys.clear {
        io.clear = true;
    }
    *next = sys.next;
    if code == 127 && io.stderr().contains("command not found") {
        let word = line.split_whitespace().next().unwrap_or("").to_string();
        io.explain(Explain::new("host-command-not-found").arg("command", word));
    }
    code
}
