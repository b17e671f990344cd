//! The `docker` command line: the command table (names, aliases, usage, flags), argv
//! dispatch with cobra's exact errors, and the typed commands' executors per area.

pub mod args;
pub mod containers;
pub mod context;
pub mod format;
pub mod images;
pub mod objects;
pub mod pull;
pub mod system;
pub mod transfer;

use crate::io::{Explain, Io};
use crate::world::World;
use args::{Flag, Parsed, flag};

/// How a docker invocation ended, beyond its exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Done,
    /// Attach the terminal to a container's interactive process (`run -it`, `exec -it`,
    /// `attach`, `start -ai`): the sandbox routes the following lines there.
    Attach(Attach),
    /// A y/N question was printed; re-run `argv` with the answer.
    Confirm {
        argv: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attach {
    pub endpoint: String,
    pub container: String,
    /// Exec'd process pid, or None for the container's main process.
    pub exec_pid: Option<u32>,
    /// `-i`: lines typed go to the process; otherwise only Ctrl-C / detach work.
    pub stdin: bool,
    pub tty: bool,
    /// Remove the container when this attachment ends with its exit (`run --rm`).
    pub remove_on_exit: bool,
}

/// Everything a command executor needs.
pub struct Ctx<'a> {
    pub world: &'a mut World,
    pub endpoint: String,
    pub io: &'a mut Io,
    /// Piped stdin, or None when stdin is the terminal.
    pub stdin: Option<&'a str>,
    /// The answer to a pending y/N question.
    pub answer: Option<&'a str>,
    /// Stdout goes to a file or pipe (`docker save img > f.tar`).
    pub stdout_redirected: bool,
}

impl Ctx<'_> {
    pub fn daemon(&mut self) -> &mut crate::daemon::Daemon {
        let ep = self.endpoint.clone();
        self.world
            .daemons
            .get_mut(&ep)
            .expect("endpoint checked before dispatch")
    }
    pub fn d(&self) -> &crate::daemon::Daemon {
        self.world
            .daemons
            .get(&self.endpoint)
            .expect("endpoint checked before dispatch")
    }
    /// `Error response from daemon: <msg>` on stderr.
    pub fn daemon_error(&mut self, msg: impl AsRef<str>) {
        self.io.errln(format!("Error response from daemon: {}", msg.as_ref()));
    }
    pub fn explain(&mut self, e: Explain) {
        self.io.explain(e);
    }
}

/// A command: canonical path, usage tail, flags, argument rules.
pub struct Spec {
    /// `container run`, `image ls`, `version` …
    pub path: &'static str,
    pub usage: &'static str,
    pub short: &'static str,
    pub flags: &'static [&'static str],
    pub interspersed: bool,
    pub min: usize,
    pub max: Option<usize>,
}

const RUN_FLAGS: &[&str] = &[
    "a|attach=",
    "d|detach",
    "detach-keys=",
    "e|env=",
    "env-file=",
    "entrypoint=",
    "expose=",
    "h|hostname=",
    "i|interactive",
    "l|label=",
    "label-file=",
    "link=",
    "m|memory=",
    "memory-swap=",
    "mount=",
    "name=",
    "network=",
    "net=",
    "network-alias=",
    "net-alias=",
    "p|publish=",
    "P|publish-all",
    "pull=",
    "platform=",
    "restart=",
    "rm",
    "read-only",
    "stop-signal=",
    "stop-timeout=",
    "t|tty",
    "u|user=",
    "v|volume=",
    "volumes-from=",
    "w|workdir=",
    "health-cmd=",
    "health-interval=",
    "health-retries=",
    "health-timeout=",
    "health-start-period=",
    "health-start-interval=",
    "no-healthcheck",
    "init",
    "privileged",
    "cpus=",
    "sig-proxy",
    "q|quiet",
    "tmpfs=",
    "add-host=",
    "dns=",
    "ip=",
    "ip6=",
    "cap-add=",
    "cap-drop=",
    "log-driver=",
    "log-opt=",
    "shm-size=",
    "ulimit=",
    "group-add=",
    "device=",
    "security-opt=",
    "cidfile=",
    "mac-address=",
    "pid=",
    "ipc=",
    "userns=",
    "uts=",
    "runtime=",
    "gpus=",
    "oom-kill-disable",
    "c|cpu-shares=",
    "cpuset-cpus=",
    "disable-content-trust",
    "domainname=",
    "sysctl=",
    "storage-opt=",
];

pub const SPECS: &[Spec] = &[
    Spec {
        path: "container run",
        usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create and run a new container from an image",
        flags: RUN_FLAGS,
        interspersed: false,
        min: 1,
        max: None,
    },
    Spec {
        path: "container create",
        usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create a new container",
        flags: RUN_FLAGS,
        interspersed: false,
        min: 1,
        max: None,
    },
    Spec {
        path: "container ls",
        usage: "[OPTIONS]",
        short: "List containers",
        flags: &[
            "a|all",
            "f|filter=",
            "format=",
            "n|last=",
            "l|latest",
            "no-trunc",
            "q|quiet",
            "s|size",
        ],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "container start",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Start one or more stopped containers",
        flags: &["a|attach", "i|interactive", "detach-keys="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container stop",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Stop one or more running containers",
        flags: &["s|signal=", "t|timeout=", "time="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container restart",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Restart one or more containers",
        flags: &["s|signal=", "t|timeout=", "time="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container kill",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Kill one or more running containers",
        flags: &["s|signal="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container pause",
        usage: "CONTAINER [CONTAINER...]",
        short: "Pause all processes within one or more containers",
        flags: &[],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container unpause",
        usage: "CONTAINER [CONTAINER...]",
        short: "Unpause all processes within one or more containers",
        flags: &[],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container rm",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Remove one or more containers",
        flags: &["f|force", "l|link", "v|volumes"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container rename",
        usage: "CONTAINER NEW_NAME",
        short: "Rename a container",
        flags: &[],
        interspersed: true,
        min: 2,
        max: Some(2),
    },
    Spec {
        path: "container wait",
        usage: "CONTAINER [CONTAINER...]",
        short: "Block until one or more containers stop, then print their exit codes",
        flags: &[],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container logs",
        usage: "[OPTIONS] CONTAINER",
        short: "Fetch the logs of a container",
        flags: &["details", "f|follow", "since=", "n|tail=", "t|timestamps", "until="],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "container exec",
        usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
        short: "Execute a command in a running container",
        flags: &[
            "d|detach",
            "detach-keys=",
            "e|env=",
            "env-file=",
            "i|interactive",
            "privileged",
            "t|tty",
            "u|user=",
            "w|workdir=",
        ],
        interspersed: false,
        min: 2,
        max: None,
    },
    Spec {
        path: "container attach",
        usage: "[OPTIONS] CONTAINER",
        short: "Attach local standard input, output, and error streams to a running container",
        flags: &["detach-keys=", "no-stdin", "sig-proxy"],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "container top",
        usage: "CONTAINER [ps OPTIONS]",
        short: "Display the running processes of a container",
        flags: &[],
        interspersed: false,
        min: 1,
        max: None,
    },
    Spec {
        path: "container stats",
        usage: "[OPTIONS] [CONTAINER...]",
        short: "Display a live stream of container(s) resource usage statistics",
        flags: &["a|all", "format=", "no-stream", "no-trunc"],
        interspersed: true,
        min: 0,
        max: None,
    },
    Spec {
        path: "container inspect",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Display detailed information on one or more containers",
        flags: &["f|format=", "s|size"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "container port",
        usage: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        short: "List port mappings or a specific mapping for the container",
        flags: &[],
        interspersed: true,
        min: 1,
        max: Some(2),
    },
    Spec {
        path: "container prune",
        usage: "[OPTIONS]",
        short: "Remove all stopped containers",
        flags: &["filter=", "f|force"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "container cp",
        usage: "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        short: "Copy files/folders between a container and the local filesystem",
        flags: &["a|archive", "L|follow-link", "q|quiet"],
        interspersed: true,
        min: 2,
        max: Some(2),
    },
    Spec {
        path: "container diff",
        usage: "CONTAINER",
        short: "Inspect changes to files or directories on a container's filesystem",
        flags: &[],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "container commit",
        usage: "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        short: "Create a new image from a container's changes",
        flags: &["a|author=", "c|change=", "m|message=", "p|pause"],
        interspersed: false,
        min: 1,
        max: Some(2),
    },
    Spec {
        path: "image pull",
        usage: "[OPTIONS] NAME[:TAG|@DIGEST]",
        short: "Download an image from a registry",
        flags: &["a|all-tags", "disable-content-trust", "platform=", "q|quiet"],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "image ls",
        usage: "[OPTIONS] [REPOSITORY[:TAG]]",
        short: "List images",
        flags: &[
            "a|all",
            "digests",
            "f|filter=",
            "format=",
            "no-trunc",
            "q|quiet",
            "tree",
        ],
        interspersed: true,
        min: 0,
        max: Some(1),
    },
    Spec {
        path: "image inspect",
        usage: "[OPTIONS] IMAGE [IMAGE...]",
        short: "Display detailed information on one or more images",
        flags: &["f|format=", "platform="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "image history",
        usage: "[OPTIONS] IMAGE",
        short: "Show the history of an image",
        flags: &["format=", "H|human", "no-trunc", "q|quiet", "platform="],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "image tag",
        usage: "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        flags: &[],
        interspersed: false,
        min: 2,
        max: Some(2),
    },
    Spec {
        path: "image rm",
        usage: "[OPTIONS] IMAGE [IMAGE...]",
        short: "Remove one or more images",
        flags: &["f|force", "no-prune", "platform="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "image prune",
        usage: "[OPTIONS]",
        short: "Remove unused images",
        flags: &["a|all", "filter=", "f|force"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "image build",
        usage: "[OPTIONS] PATH | URL | -",
        short: "Build an image from a Dockerfile",
        flags: &[
            "t|tag=",
            "f|file=",
            "build-arg=",
            "target=",
            "no-cache",
            "q|quiet",
            "progress=",
            "pull",
            "platform=",
            "label=",
            "network=",
            "secret=",
            "ssh=",
            "load",
            "push",
            "o|output=",
            "cache-from=",
            "cache-to=",
            "iidfile=",
            "add-host=",
            "shm-size=",
            "ulimit=",
            "build-context=",
        ],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "volume create",
        usage: "[OPTIONS] [VOLUME]",
        short: "Create a volume",
        flags: &["d|driver=", "label=", "o|opt=", "name="],
        interspersed: true,
        min: 0,
        max: Some(1),
    },
    Spec {
        path: "volume ls",
        usage: "[OPTIONS]",
        short: "List volumes",
        flags: &["f|filter=", "format=", "q|quiet", "cluster"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "volume inspect",
        usage: "[OPTIONS] VOLUME [VOLUME...]",
        short: "Display detailed information on one or more volumes",
        flags: &["f|format="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "volume rm",
        usage: "[OPTIONS] VOLUME [VOLUME...]",
        short: "Remove one or more volumes",
        flags: &["f|force"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "volume prune",
        usage: "[OPTIONS]",
        short: "Remove unused local volumes",
        flags: &["a|all", "filter=", "f|force"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "network create",
        usage: "[OPTIONS] NETWORK",
        short: "Create a network",
        flags: &[
            "d|driver=",
            "subnet=",
            "gateway=",
            "ip-range=",
            "internal",
            "attachable",
            "label=",
            "o|opt=",
            "ipv6",
            "scope=",
        ],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "network ls",
        usage: "[OPTIONS]",
        short: "List networks",
        flags: &["f|filter=", "format=", "no-trunc", "q|quiet"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "network inspect",
        usage: "[OPTIONS] NETWORK [NETWORK...]",
        short: "Display detailed information on one or more networks",
        flags: &["f|format=", "v|verbose"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "network rm",
        usage: "NETWORK [NETWORK...]",
        short: "Remove one or more networks",
        flags: &["f|force"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "network prune",
        usage: "[OPTIONS]",
        short: "Remove all unused networks",
        flags: &["filter=", "f|force"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "network connect",
        usage: "[OPTIONS] NETWORK CONTAINER",
        short: "Connect a container to a network",
        flags: &["alias=", "ip=", "ip6=", "link=", "driver-opt="],
        interspersed: true,
        min: 2,
        max: Some(2),
    },
    Spec {
        path: "network disconnect",
        usage: "[OPTIONS] NETWORK CONTAINER",
        short: "Disconnect a container from a network",
        flags: &["f|force"],
        interspersed: true,
        min: 2,
        max: Some(2),
    },
    Spec {
        path: "image push",
        usage: "[OPTIONS] NAME[:TAG]",
        short: "Upload an image to a registry",
        flags: &["a|all-tags", "disable-content-trust", "platform=", "q|quiet"],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "image save",
        usage: "[OPTIONS] IMAGE [IMAGE...]",
        short: "Save one or more images to a tar archive (streamed to STDOUT by default)",
        flags: &["o|output=", "platform="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "image load",
        usage: "[OPTIONS]",
        short: "Load an image from a tar archive or STDIN",
        flags: &["i|input=", "q|quiet", "platform="],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "context ls",
        usage: "[OPTIONS]",
        short: "List contexts",
        flags: &["format=", "q|quiet"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "context create",
        usage: "[OPTIONS] CONTEXT",
        short: "Create a context",
        flags: &["description=", "docker=", "from="],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "context use",
        usage: "CONTEXT",
        short: "Set the current docker context",
        flags: &[],
        interspersed: true,
        min: 1,
        max: Some(1),
    },
    Spec {
        path: "context show",
        usage: "",
        short: "Print the name of the current context",
        flags: &[],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "context inspect",
        usage: "[OPTIONS] [CONTEXT] [CONTEXT...]",
        short: "Display detailed information on one or more contexts",
        flags: &["f|format="],
        interspersed: true,
        min: 0,
        max: None,
    },
    Spec {
        path: "context rm",
        usage: "CONTEXT [CONTEXT...]",
        short: "Remove one or more contexts",
        flags: &["f|force"],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "system prune",
        usage: "[OPTIONS]",
        short: "Remove unused data",
        flags: &["a|all", "filter=", "f|force", "volumes"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "system df",
        usage: "[OPTIONS]",
        short: "Show docker disk usage",
        flags: &["format=", "v|verbose"],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "system info",
        usage: "[OPTIONS]",
        short: "Display system-wide information",
        flags: &["f|format="],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "version",
        usage: "[OPTIONS]",
        short: "Show the Docker version information",
        flags: &["f|format="],
        interspersed: true,
        min: 0,
        max: Some(0),
    },
    Spec {
        path: "inspect",
        usage: "[OPTIONS] NAME|ID [NAME|ID...]",
        short: "Return low-level information on Docker objects",
        flags: &["f|format=", "s|size", "type="],
        interspersed: true,
        min: 1,
        max: None,
    },
    Spec {
        path: "login",
        usage: "[OPTIONS] [SERVER]",
        short: "Authenticate to a registry",
        flags: &["p|password=", "password-stdin", "u|username="],
        interspersed: true,
        min: 0,
        max: Some(1),
    },
    Spec {
        path: "logout",
        usage: "[SERVER]",
        short: "Log out from a registry",
        flags: &[],
        interspersed: true,
        min: 0,
        max: Some(1),
    },
];

/// Top-level shortcuts and group aliases → canonical path.
const ALIASES: &[(&str, &str)] = &[
    ("run", "container run"),
    ("create", "container create"),
    ("ps", "container ls"),
    ("container ps", "container ls"),
    ("container list", "container ls"),
    ("start", "container start"),
    ("stop", "container stop"),
    ("restart", "container restart"),
    ("kill", "container kill"),
    ("pause", "container pause"),
    ("unpause", "container unpause"),
    ("rm", "container rm"),
    ("container remove", "container rm"),
    ("rename", "container rename"),
    ("wait", "container wait"),
    ("logs", "container logs"),
    ("exec", "container exec"),
    ("attach", "container attach"),
    ("top", "container top"),
    ("stats", "container stats"),
    ("port", "container port"),
    ("cp", "container cp"),
    ("diff", "container diff"),
    ("commit", "container commit"),
    ("pull", "image pull"),
    ("images", "image ls"),
    ("image list", "image ls"),
    ("history", "image history"),
    ("tag", "image tag"),
    ("rmi", "image rm"),
    ("image remove", "image rm"),
    ("info", "system info"),
    ("context list", "context ls"),
    ("context remove", "context rm"),
    ("push", "image push"),
    ("save", "image save"),
    ("load", "image load"),
    ("volume list", "volume ls"),
    ("volume remove", "volume rm"),
    ("network list", "network ls"),
    ("network remove", "network rm"),
    ("build", "image build"),
    ("builder build", "image build"),
    ("buildx build", "image build"),
];

pub const GROUPS: &[&str] = &[
    "container",
    "image",
    "system",
    "volume",
    "network",
    "builder",
    "context",
    "buildx",
];

pub fn spec(path: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.path == path)
}

fn flags_of(spec: &Spec) -> Vec<Flag> {
    spec.flags.iter().map(|f| flag(f)).collect()
}

/// Every command word a student can type first after `docker` (for completion).
pub fn top_level_words() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = ALIASES
        .iter()
        .filter(|(a, _)| !a.contains(' '))
        .map(|(a, _)| *a)
        .collect();
    v.extend(GROUPS);
    v.extend(SPECS.iter().filter(|s| !s.path.contains(' ')).map(|s| s.path));
    v.sort();
    v.dedup();
    v
}

/// Sub-commands of a group (for completion and group help).
pub fn group_words(group: &str) -> Vec<&'static str> {
    let prefix = format!("{group} ");
    let mut v: Vec<&'static str> = SPECS
        .iter()
        .filter_map(|s| s.path.strip_prefix(prefix.as_str()))
        .chain(ALIASES.iter().filter_map(|(a, _)| a.strip_prefix(prefix.as_str())))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Flags of the command named by `words` (`["run"]`, `["container","ls"]`), for completion.
pub fn flags_for(words: &[&str]) -> Vec<String> {
    let key = words.join(" ");
    let path = ALIASES
        .iter()
        .find(|(a, _)| *a == key)
        .map(|(_, p)| *p)
        .unwrap_or(key.as_str());
    match spec(path) {
        Some(s) => flags_of(s)
            .into_iter()
            .flat_map(|f| {
                let mut v = vec![format!("--{}", f.long)];
                if let Some(c) = f.short {
                    v.push(format!("-{c}"));
                }
                v
            })
            .collect(),
        None => Vec::new(),
    }
}

const ROOT_FLAGS: &[&str] = &[
    "config=",
    "c|context=",
    "D|debug",
    "H|host=",
    "l|log-level=",
    "tls",
    "tlscacert=",
    "tlscert=",
    "tlskey=",
    "tlsverify",
    "v|version",
];

/// Runs `docker ARGV...` (argv without the word `docker`).
pub fn run(world: &mut World, argv: &[String], stdin: Option<&str>, answer: Option<&str>, io: &mut Io) -> (i32, Next) {
    run_with(world, argv, stdin, answer, false, io)
}

/// [`run`] knowing whether stdout is redirected away from the terminal.
pub fn run_with(
    world: &mut World,
    argv: &[String],
    stdin: Option<&str>,
    answer: Option<&str>,
    world_redirect: bool,
    io: &mut Io,
) -> (i32, Next) {
    let result = run_inner(world, argv, stdin, answer, world_redirect, io);
    // `—-name` (a long dash pasted from a document) is not an option to docker.
    if result.0 != 0
        && let Some(a) = argv.iter().find(|a| a.starts_with('—') || a.starts_with('–'))
    {
        io.explain(Explain::new("long-dash").arg("text", a.clone()));
    }
    result
}

fn run_inner(
    world: &mut World,
    argv: &[String],
    stdin: Option<&str>,
    answer: Option<&str>,
    world_redirect: bool,
    io: &mut Io,
) -> (i32, Next) {
    let root_flags: Vec<Flag> = ROOT_FLAGS.iter().map(|f| flag(f)).collect();
    let root = match args::parse(argv, &root_flags, false) {
        Ok(p) => p,
        Err(e) => {
            io.errln(format!(
                "{e}\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"
            ));
            io.explain(Explain::new("docker-flag-before-command").arg("flag", e.flag()));
            return (125, Next::Done);
        }
    };
    if root.has("version") {
        io.outln("Docker version 28.5.2, build ecc6942");
        return (0, Next::Done);
    }
    let rest = &root.args;
    if rest.is_empty() {
        io.out(system::root_help());
        return (0, Next::Done);
    }
    // Resolve the command path.
    let first = rest[0].as_str();
    let (path, consumed, shown): (String, usize, String) = if GROUPS.contains(&first) {
        let Some(sub) = rest.get(1).filter(|s| !s.starts_with('-')) else {
            if rest.get(1).is_some_and(|s| s == "--help" || s == "-h") || rest.len() == 1 {
                io.out(system::group_help(first));
                return (0, Next::Done);
            }
            io.out(system::group_help(first));
            return (0, Next::Done);
        };
        let key = format!("{first} {sub}");
        let path = ALIASES
            .iter()
            .find(|(a, _)| *a == key)
            .map(|(_, p)| p.to_string())
            .unwrap_or(key.clone());
        if spec(&path).is_none() && !extension_command(&path) {
            io.errln(format!(
                "docker: unknown command: docker {key}\n\nUsage:  docker {first} COMMAND\n\nRun 'docker {first} --help' for more information"
            ));
            io.explain(Explain::new("docker-unknown-command").arg("command", key));
            return (1, Next::Done);
        }
        let shown = spec(&path).map(|s| s.path.to_string()).unwrap_or(path.clone());
        (path, 2, shown)
    } else {
        let path = ALIASES
            .iter()
            .find(|(a, _)| *a == first)
            .map(|(_, p)| p.to_string())
            .unwrap_or(first.to_string());
        if spec(&path).is_none() && !extension_command(&path) {
            io.errln(format!(
                "docker: unknown command: docker {first}\n\nRun 'docker --help' for more information"
            ));
            let mut e = Explain::new("docker-unknown-command").arg("command", first);
            if let Some(s) = suggest(first) {
                e = e.arg("suggestion", s);
            }
            io.explain(e);
            return (1, Next::Done);
        }
        (path, 1, first.to_string())
    };
    let cmd_argv = &rest[consumed..];
    let endpoint = match root.value("context").filter(|c| *c != "default") {
        Some(c) => match world.contexts.get(c) {
            Some((_, ep)) => ep.clone(),
            None => {
                io.errln(format!("context \"{c}\" does not exist"));
                return (1, Next::Done);
            }
        },
        None => world.endpoint(root.value("host")),
    };
    if extension_command(&path) {
        return extension(world, &path, cmd_argv, &endpoint, io);
    }
    let spec = spec(&path).expect("checked above");
    let shown_path = format!("docker {shown}");
    let parsed = match args::parse(cmd_argv, &flags_of(spec), spec.interspersed) {
        Ok(p) => p,
        Err(e) => {
            io.errln(format!(
                "{e}\n\nUsage:  {shown_path} {}\n\nRun '{shown_path} --help' for more information",
                spec.usage
            ));
            io.explain(
                Explain::new("docker-unknown-flag")
                    .arg("flag", e.flag())
                    .arg("command", shown_path.clone()),
            );
            return (125, Next::Done);
        }
    };
    if parsed.help {
        io.out(system::command_help(&shown_path, spec));
        return (0, Next::Done);
    }
    if let Some(msg) = arg_count_error(spec, parsed.args.len(), &shown_path) {
        io.errln(msg);
        io.explain(
            Explain::new("docker-missing-argument")
                .arg("command", shown_path.clone())
                .arg("usage", spec.usage),
        );
        return (1, Next::Done);
    }
    // The daemon must be reachable (except for client-only commands).
    let client_only = matches!(path.as_str(), "login" | "logout") || path.starts_with("context ");
    if !client_only && !world.daemons.contains_key(&endpoint) {
        let shown_ep = endpoint.trim_start_matches("tcp://");
        if path == "version" {
            io.out(system::client_version());
        }
        io.errln(format!(
            "Cannot connect to the Docker daemon at {}. Is the docker daemon running?",
            if endpoint.starts_with("tcp://") {
                format!("tcp://{shown_ep}")
            } else {
                endpoint.clone()
            }
        ));
        io.explain(Explain::new("docker-daemon-unreachable").arg("endpoint", endpoint.clone()));
        return (1, Next::Done);
    }
    let mut ctx = Ctx {
        world,
        endpoint,
        io,
        stdin,
        answer,
        stdout_redirected: world_redirect,
    };
    dispatch(&mut ctx, &path, &shown_path, parsed, argv)
}

/// Commands with a grammar of their own, parsed by their module: `docker compose …`.
fn extension_command(path: &str) -> bool {
    path == "compose" || path.starts_with("compose ")
}

fn extension(world: &mut World, path: &str, argv: &[String], endpoint: &str, io: &mut Io) -> (i32, Next) {
    // `docker compose up -d`: everything after `compose` belongs to compose.
    let mut args: Vec<String> = path.split(' ').skip(1).map(str::to_string).collect();
    args.extend(argv.iter().cloned());
    if !world.daemons.contains_key(endpoint) {
        io.errln(format!(
            "Cannot connect to the Docker daemon at {endpoint}. Is the docker daemon running?"
        ));
        return (1, Next::Done);
    }
    crate::compose::run(world, endpoint, &args, io)
}

fn arg_count_error(spec: &Spec, n: usize, shown: &str) -> Option<String> {
    let tail = format!(
        "\n\nUsage:  {shown} {}\n\nSee '{shown} --help' for more information",
        spec.usage
    );
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    match (spec.min, spec.max) {
        (0, Some(0)) if n > 0 => Some(format!("docker: '{shown}' accepts no arguments{tail}")),
        (min, Some(max)) if min == max && n != min => {
            Some(format!("docker: '{shown}' requires {min} {}{tail}", plural(min)))
        }
        (min, _) if n < min => Some(format!(
            "docker: '{shown}' requires at least {min} {}{tail}",
            plural(min)
        )),
        (min, Some(max)) if n > max && min == 0 => Some(format!(
            "docker: '{shown}' requires at most {max} {}{tail}",
            plural(max)
        )),
        (min, Some(max)) if n > max => Some(format!(
            "docker: '{shown}' requires at least {min} and at most {max} {}{tail}",
            plural(max)
        )),
        _ => None,
    }
}

/// "did you mean" for a mistyped top-level command.
fn suggest(word: &str) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for w in top_level_words() {
        let d = edit_distance(word, w);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, w));
        }
    }
    best.map(|(_, w)| w.to_string())
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn dispatch(ctx: &mut Ctx<'_>, path: &str, shown: &str, p: Parsed, raw: &[String]) -> (i32, Next) {
    match path {
        "container run" => containers::run(ctx, &p, false),
        "container create" => containers::run(ctx, &p, true),
        "container ls" => (containers::ps(ctx, &p), Next::Done),
        "container start" => containers::start(ctx, &p),
        "container stop" => (containers::stop(ctx, &p, false), Next::Done),
        "container restart" => (containers::stop(ctx, &p, true), Next::Done),
        "container kill" => (containers::kill(ctx, &p), Next::Done),
        "container pause" => (containers::pause(ctx, &p, true), Next::Done),
        "container unpause" => (containers::pause(ctx, &p, false), Next::Done),
        "container rm" => (containers::rm(ctx, &p), Next::Done),
        "container rename" => (containers::rename(ctx, &p), Next::Done),
        "container wait" => (containers::wait(ctx, &p), Next::Done),
        "container logs" => (containers::logs(ctx, &p), Next::Done),
        "container exec" => containers::exec(ctx, &p),
        "container attach" => containers::attach(ctx, &p),
        "container top" => (containers::top(ctx, &p), Next::Done),
        "container stats" => (containers::stats(ctx, &p), Next::Done),
        "container inspect" => (system::inspect(ctx, &p, Some("container")), Next::Done),
        "container port" => (containers::port(ctx, &p), Next::Done),
        "container prune" => containers::prune(ctx, &p, raw),
        "container cp" => (containers::cp(ctx, &p), Next::Done),
        "container diff" => (containers::diff(ctx, &p), Next::Done),
        "container commit" => (containers::commit(ctx, &p), Next::Done),
        "image pull" => (pull::pull_cmd(ctx, &p), Next::Done),
        "image ls" => (images::ls(ctx, &p, shown), Next::Done),
        "image inspect" => (system::inspect(ctx, &p, Some("image")), Next::Done),
        "image history" => (images::history(ctx, &p), Next::Done),
        "image tag" => (images::tag(ctx, &p), Next::Done),
        "image rm" => (images::rmi(ctx, &p), Next::Done),
        "image prune" => images::prune(ctx, &p, raw),
        "volume create" => (objects::volume_create(ctx, &p), Next::Done),
        "volume ls" => (objects::volume_ls(ctx, &p), Next::Done),
        "volume inspect" => (system::inspect(ctx, &p, Some("volume")), Next::Done),
        "volume rm" => (objects::volume_rm(ctx, &p), Next::Done),
        "volume prune" => objects::volume_prune(ctx, &p, raw),
        "network create" => (objects::network_create(ctx, &p), Next::Done),
        "network ls" => (objects::network_ls(ctx, &p), Next::Done),
        "network inspect" => (system::inspect(ctx, &p, Some("network")), Next::Done),
        "network rm" => (objects::network_rm(ctx, &p), Next::Done),
        "network prune" => objects::network_prune(ctx, &p, raw),
        "network connect" => (objects::network_connect(ctx, &p, true), Next::Done),
        "network disconnect" => (objects::network_connect(ctx, &p, false), Next::Done),
        "image push" => (transfer::push(ctx, &p), Next::Done),
        "image save" => {
            let terminal = !ctx.stdout_redirected;
            (transfer::save(ctx, &p, terminal), Next::Done)
        }
        "image load" => (transfer::load(ctx, &p), Next::Done),
        "context ls" => (context::ls(ctx, &p), Next::Done),
        "context create" => (context::create(ctx, &p), Next::Done),
        "context use" => (context::use_ctx(ctx, &p), Next::Done),
        "context show" => (context::show(ctx), Next::Done),
        "context inspect" => (context::inspect(ctx, &p), Next::Done),
        "context rm" => (context::rm(ctx, &p), Next::Done),
        "image build" => (crate::build::build_cmd(ctx, &p), Next::Done),
        "system prune" => system::prune(ctx, &p, raw),
        "system df" => (system::df(ctx, &p), Next::Done),
        "system info" => (system::info(ctx), Next::Done),
        "version" => (system::version(ctx), Next::Done),
        "inspect" => (system::inspect(ctx, &p, p.value("type")), Next::Done),
        "login" => system::login(ctx, &p, raw),
        "logout" => (system::logout(ctx, &p), Next::Done),
        _ => (1, Next::Done),
    }
}
