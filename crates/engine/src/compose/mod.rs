//! `docker compose` (Compose v2.40): projects from `compose.yaml`/`docker-compose.yml`
//! in the workspace, run against the simulated daemon.
//!
//! The pieces: `yaml` reads text into a positioned tree (serde-saphyr), `schema`
//! checks its shape with compose's wording, `load` finds files, interpolates and
//! turns the tree into the typed `model::Project`; `ops` creates and starts what
//! the project describes; `progress` draws compose's `[+] Running` display;
//! `config` prints the normalised file. This file parses the command line and
//! runs the commands.
//!
//! The simulator cannot block: attached `up` prints what the containers have
//! written so far and returns (they keep running, as after detaching), and
//! `logs -f` prints the logs and returns; both add a teaching note saying so.

pub mod config;
pub mod load;
pub mod model;
pub mod ops;
pub mod progress;
pub mod schema;
pub mod yaml;

use std::collections::BTreeMap;

use crate::docker::args::{self, Flag, Parsed};
use crate::docker::{Attach, Ctx, Next};
use crate::io::{Explain, Io, Stream};
use crate::model::Status as CStatus;
use crate::world::World;
use load::{LoadError, LoadOptions};
use model::Project;
use ops::{Failure, L_PROJECT, L_SERVICE};
use progress::{Progress, Status};

pub use load::{LoadError as Diagnostic, parse_text as parse};

const MS: i64 = 1_000_000;

const GLOBAL_FLAGS: &[&str] = &[
    "f|file=",
    "p|project-name=",
    "project-directory=",
    "env-file=",
    "profile=",
    "progress=",
    "ansi=",
    "compatibility",
    "dry-run",
    "parallel=",
    "all-resources",
    "version",
];

/// One `docker compose` sub-command: usage line, description, flags.
struct Cmd {
    name: &'static str,
    usage: &'static str,
    short: &'static str,
    flags: &'static [&'static str],
    /// Stop flag parsing at the first argument (`exec web ls -la`).
    interspersed: bool,
}

const CMDS: &[Cmd] = &[
    Cmd {
        name: "up",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Create and start containers",
        flags: &[
            "d|detach",
            "build",
            "no-build",
            "force-recreate",
            "no-recreate",
            "no-deps",
            "remove-orphans",
            "wait",
            "wait-timeout=",
            "pull=",
            "quiet-pull",
            "no-start",
            "no-color",
            "no-log-prefix",
            "timestamps",
            "abort-on-container-exit",
            "exit-code-from=",
            "attach=",
            "no-attach=",
            "y|yes",
            "menu",
            "watch",
            "t|timeout=",
            "scale=",
            "always-recreate-deps",
            "V|renew-anon-volumes",
            "attach-dependencies",
            "abort-on-container-failure",
        ],
        interspersed: true,
    },
    Cmd {
        name: "down",
        usage: "[OPTIONS] [SERVICES]",
        short: "Stop and remove containers, networks",
        flags: &["v|volumes", "rmi=", "remove-orphans", "t|timeout="],
        interspersed: true,
    },
    Cmd {
        name: "ps",
        usage: "[OPTIONS] [SERVICE...]",
        short: "List containers",
        flags: &[
            "a|all", "q|quiet", "services", "format=", "filter=", "status=", "no-trunc", "orphans",
        ],
        interspersed: true,
    },
    Cmd {
        name: "logs",
        usage: "[OPTIONS] [SERVICE...]",
        short: "View output from containers",
        flags: &[
            "f|follow",
            "t|timestamps",
            "n|tail=",
            "no-color",
            "no-log-prefix",
            "since=",
            "until=",
            "index=",
        ],
        interspersed: true,
    },
    Cmd {
        name: "exec",
        usage: "[OPTIONS] SERVICE COMMAND [ARGS...]",
        short: "Execute a command in a running container",
        flags: &[
            "d|detach",
            "T|no-TTY",
            "e|env=",
            "w|workdir=",
            "u|user=",
            "index=",
            "privileged",
            "i|interactive",
            "t|tty",
        ],
        interspersed: false,
    },
    Cmd {
        name: "build",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Build or rebuild services",
        flags: &[
            "no-cache",
            "pull",
            "q|quiet",
            "build-arg=",
            "push",
            "with-dependencies",
            "builder=",
            "check",
            "m|memory=",
            "ssh=",
            "print",
        ],
        interspersed: true,
    },
    Cmd {
        name: "pull",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Pull service images",
        flags: &[
            "q|quiet",
            "ignore-buildable",
            "ignore-pull-failures",
            "include-deps",
            "policy=",
        ],
        interspersed: true,
    },
    Cmd {
        name: "stop",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Stop services",
        flags: &["t|timeout="],
        interspersed: true,
    },
    Cmd {
        name: "start",
        usage: "[SERVICE...]",
        short: "Start services",
        flags: &["wait", "wait-timeout="],
        interspersed: true,
    },
    Cmd {
        name: "restart",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Restart service containers",
        flags: &["t|timeout=", "no-deps"],
        interspersed: true,
    },
    Cmd {
        name: "config",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Parse, resolve and render compose file in canonical format",
        flags: &[
            "q|quiet",
            "services",
            "volumes",
            "networks",
            "images",
            "profiles",
            "format=",
            "o|output=",
            "no-interpolate",
            "no-normalize",
            "no-path-resolution",
            "resolve-image-digests",
            "hash=",
            "environment",
            "variables",
            "no-consistency",
            "lock-image-digests",
        ],
        interspersed: true,
    },
    Cmd {
        name: "images",
        usage: "[OPTIONS] [SERVICE...]",
        short: "List images used by the created containers",
        flags: &["q|quiet", "format="],
        interspersed: true,
    },
    Cmd {
        name: "version",
        usage: "[OPTIONS]",
        short: "Show the Docker Compose version information",
        flags: &["f|format=", "short"],
        interspersed: true,
    },
    Cmd {
        name: "ls",
        usage: "[OPTIONS]",
        short: "List running compose projects",
        flags: &["a|all", "q|quiet", "format=", "filter="],
        interspersed: true,
    },
    Cmd {
        name: "run",
        usage: "[OPTIONS] SERVICE [COMMAND] [ARGS...]",
        short: "Run a one-off command on a service",
        flags: &[
            "d|detach",
            "rm",
            "name=",
            "e|env=",
            "entrypoint=",
            "p|publish=",
            "P|service-ports",
            "T|no-TTY",
            "u|user=",
            "w|workdir=",
            "no-deps",
            "build",
            "i|interactive",
            "t|tty",
            "l|label=",
            "quiet-pull",
            "remove-orphans",
            "use-aliases",
            "pull=",
        ],
        interspersed: false,
    },
    Cmd {
        name: "kill",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Force stop service containers",
        flags: &["s|signal=", "remove-orphans"],
        interspersed: true,
    },
    Cmd {
        name: "create",
        usage: "[OPTIONS] [SERVICE...]",
        short: "Creates containers for a service",
        flags: &[
            "build",
            "no-build",
            "force-recreate",
            "no-recreate",
            "pull=",
            "remove-orphans",
            "quiet-pull",
            "y|yes",
            "scale=",
        ],
        interspersed: true,
    },
];

/// Real compose commands the simulator does not implement.
const NOT_SIMULATED: &[&str] = &[
    "attach", "bridge", "commit", "cp", "events", "export", "kill", "pause", "port", "publish", "push", "rm", "run",
    "scale", "stats", "top", "unpause", "volumes", "wait", "watch",
];

fn root_help() -> String {
    let mut s = String::from(
        "\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nOptions:\n      --all-resources              Include all resources, even those not used by services\n      --ansi string                Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\") (default \"auto\")\n      --compatibility              Run compose in backward compatibility mode\n      --dry-run                    Execute command in dry run mode\n      --env-file stringArray       Specify an alternate environment file\n  -f, --file stringArray           Compose configuration files\n      --parallel int               Control max parallelism, -1 for unlimited (default -1)\n      --profile stringArray        Specify a profile to enable\n      --progress string            Set type of progress output (auto, tty, plain, json, quiet)\n      --project-directory string   Specify an alternate working directory\n                                   (default: the path of the, first specified, Compose file)\n  -p, --project-name string        Project name\n\nCommands:\n",
    );
    let mut all: Vec<(&str, &str)> = CMDS.iter().map(|c| (c.name, c.short)).collect();
    for (n, d) in [
        (
            "attach",
            "Attach local standard input, output, and error streams to a service's running container",
        ),
        ("bridge", "Convert compose files into another model"),
        ("commit", "Create a new image from a service container's changes"),
        (
            "cp",
            "Copy files/folders between a service container and the local filesystem",
        ),
        ("events", "Receive real time events from containers"),
        ("export", "Export a service container's filesystem as a tar archive"),
        ("pause", "Pause services"),
        ("port", "Print the public port for a port binding"),
        ("publish", "Publish compose application"),
        ("push", "Push service images"),
        ("rm", "Removes stopped service containers"),
        ("scale", "Scale services"),
        (
            "stats",
            "Display a live stream of container(s) resource usage statistics",
        ),
        ("top", "Display the running processes"),
        ("unpause", "Unpause services"),
        ("volumes", "List volumes"),
        ("wait", "Block until containers of all (or specified) services stop."),
        (
            "watch",
            "Watch build context for service and rebuild/refresh containers when files are updated",
        ),
    ] {
        all.push((n, d));
    }
    all.sort();
    for (n, d) in all {
        s.push_str(&format!("  {n:<11} {d}\n"));
    }
    s.push_str("\nRun 'docker compose COMMAND --help' for more information on a command.\n");
    s
}

/// What a flag does, as `--help` says it.
fn flag_help(cmd: &str, long: &str) -> &'static str {
    match (cmd, long) {
        (_, "dry-run") => "Execute command in dry run mode",
        ("up", "detach") => "Detached mode: Run containers in the background",
        ("up" | "create", "build") => "Build images before starting containers",
        ("up" | "create", "no-build") => "Don't build an image, even if it's policy",
        ("up" | "create", "force-recreate") => {
            "Recreate containers even if their configuration and image haven't changed"
        }
        ("up" | "create", "no-recreate") => {
            "If containers already exist, don't recreate them. Incompatible with --force-recreate."
        }
        ("up", "no-deps") => "Don't start linked services",
        ("up" | "create", "remove-orphans") => "Remove containers for services not defined in the Compose file",
        ("up", "wait") => "Wait for services to be running|healthy. Implies detached mode.",
        ("up", "wait-timeout") => "Maximum duration in seconds to wait for the project to be running|healthy",
        ("up" | "create", "pull") => "Pull image before running (\"always\"|\"missing\"|\"never\")",
        ("up" | "create", "quiet-pull") => "Pull without printing progress information",
        ("up", "no-start") => "Don't start the services after creating them",
        ("up", "no-color") | ("logs", "no-color") => "Produce monochrome output",
        ("up", "no-log-prefix") | ("logs", "no-log-prefix") => "Don't print prefix in logs",
        ("up", "timestamps") | ("logs", "timestamps") => "Show timestamps",
        ("up", "abort-on-container-exit") => "Stops all containers if any container was stopped. Incompatible with -d",
        ("up", "abort-on-container-failure") => {
            "Stops all containers if any container exited with failure. Incompatible with -d"
        }
        ("up", "exit-code-from") => {
            "Return the exit code of the selected service container. Implies --abort-on-container-exit"
        }
        ("up", "attach") => "Restrict attaching to the specified services. Incompatible with --attach-dependencies.",
        ("up", "attach-dependencies") => "Automatically attach to log output of dependent services",
        ("up", "no-attach") => "Do not attach (stream logs) to the specified services",
        ("up" | "create", "yes") => "Assume \"yes\" as answer to all prompts and run non-interactively",
        ("up", "menu") => "Enable interactive shortcuts when running attached",
        ("up", "watch") => "Watch source code and rebuild/refresh containers when files are updated.",
        ("up" | "down" | "stop" | "restart", "timeout") => "Specify a shutdown timeout in seconds",
        ("up" | "create", "scale") => {
            "Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present."
        }
        ("up", "always-recreate-deps") => "Recreate dependent containers. Incompatible with --no-recreate.",
        ("up", "renew-anon-volumes") => {
            "Recreate anonymous volumes instead of retrieving data from the previous containers"
        }
        ("down", "volumes") => {
            "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers"
        }
        ("down", "rmi") => {
            "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"
        }
        ("down", "remove-orphans") => "Remove containers for services not defined in the Compose file",
        ("ps", "all") => "Show all stopped containers (including those created by the run command)",
        ("ps" | "images" | "ls", "quiet") => "Only display IDs",
        ("ps", "services") => "Display services",
        ("ps" | "images" | "ls" | "config", "format") => "Format the output. Values: [table | json]",
        ("ps", "filter") => "Filter services by a property (supported filters: status)",
        ("ps", "status") => {
            "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]"
        }
        ("ps", "no-trunc") => "Don't truncate output",
        ("ps", "orphans") => "Include orphaned services (not declared by project)",
        ("logs", "follow") => "Follow log output",
        ("logs", "tail") => "Number of lines to show from the end of the logs for each container",
        ("logs", "since") => {
            "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"
        }
        ("logs", "until") => {
            "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"
        }
        ("logs" | "exec", "index") => "index of the container if service has multiple replicas",
        ("exec", "detach") => "Detached mode: Run command in the background",
        ("exec", "no-TTY") => "Disable pseudo-TTY allocation. By default 'docker compose exec' allocates a TTY.",
        ("exec", "env") => "Set environment variables",
        ("exec", "workdir") => "Path to workdir directory for this command",
        ("exec", "user") => "Run the command as this user",
        ("exec", "privileged") => "Give extended privileges to the process",
        ("exec", "interactive") => "Keep STDIN open even if not attached",
        ("exec", "tty") => "Allocate a pseudo-TTY",
        ("build", "no-cache") => "Do not use cache when building the image",
        ("build", "pull") => "Always attempt to pull a newer version of the image",
        ("build" | "pull", "quiet") => "Don't print anything to STDOUT",
        ("build", "build-arg") => "Set build-time variables for services",
        ("build", "push") => "Push service images",
        ("build", "with-dependencies") => "Also build dependencies (transitively)",
        ("build", "builder") => "Set builder to use",
        ("build", "check") => "Check build configuration",
        ("build", "memory") => "Set memory limit for the build container. Not supported by BuildKit.",
        ("build", "ssh") => {
            "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)"
        }
        ("build", "print") => "Print equivalent bake file",
        ("pull", "ignore-buildable") => "Ignore images that can be built",
        ("pull", "ignore-pull-failures") => "Pull what it can and ignores images with pull failures",
        ("pull", "include-deps") => "Also pull services declared as dependencies",
        ("pull", "policy") => "Apply pull policy (\"missing\"|\"always\")",
        ("start", "wait") => "Wait for services to be running|healthy. Implies detached mode.",
        ("start", "wait-timeout") => "Maximum duration in seconds to wait for the project to be running|healthy",
        ("restart", "no-deps") => "Don't restart dependent services",
        ("config", "quiet") => "Only validate the configuration, don't print anything",
        ("config", "services") => "Print the service names, one per line.",
        ("config", "volumes") => "Print the volume names, one per line.",
        ("config", "networks") => "Print the network names, one per line.",
        ("config", "images") => "Print the image names, one per line.",
        ("config", "profiles") => "Print the profile names, one per line.",
        ("config", "output") => "Save to file (default to stdout)",
        ("config", "no-interpolate") => "Don't interpolate environment variables",
        ("config", "no-normalize") => "Don't normalize compose model",
        ("config", "no-path-resolution") => "Don't resolve file paths",
        ("config", "resolve-image-digests") => "Pin image tags to digests",
        ("config", "hash") => "Print the service config hash, one per line.",
        ("config", "environment") => "Print environment used for interpolation.",
        ("config", "variables") => "Print model variables and default values.",
        ("config", "no-consistency") => "Don't check model consistency - warning: may produce invalid Compose output",
        ("config", "lock-image-digests") => "Produces an override file with image digests",
        ("run", "detach") => "Run container in background and print container ID",
        ("run", "rm") => "Automatically remove the container when it exits",
        ("run", "name") => "Assign a name to the container",
        ("run", "env") => "Set environment variables",
        ("run", "entrypoint") => "Override the entrypoint of the image",
        ("run", "publish") => "Publish a container's port(s) to the host",
        ("run", "service-ports") => "Run command with all service's ports enabled and mapped to the host",
        ("run", "no-TTY") => "Disable pseudo-TTY allocation (default: auto-detected)",
        ("run", "user") => "Run as specified username or uid",
        ("run", "workdir") => "Working directory inside the container",
        ("run", "no-deps") => "Don't start linked services",
        ("run", "build") => "Build image before starting container",
        ("run", "interactive") => "Keep STDIN open even if not attached",
        ("run", "tty") => "Allocate a pseudo-TTY",
        ("run", "label") => "Add or override a label",
        ("run", "quiet-pull") => "Pull without printing progress information",
        ("run", "remove-orphans") | ("kill", "remove-orphans") => {
            "Remove containers for services not defined in the Compose file"
        }
        ("run", "use-aliases") => "Use the service's network useAliases in the network(s) the container connects to",
        ("run", "pull") => "Pull image before running (\"always\"|\"missing\"|\"never\")",
        ("kill", "signal") => "SIGNAL to send to the container",
        ("version", "format") => "Format the output. Values: [pretty | json]. (Default: pretty)",
        ("version", "short") => "Shows only Compose's version number",
        ("ls", "all") => "Show all stopped Compose projects",
        ("ls", "filter") => "Filter output based on conditions provided",
        _ => "",
    }
}

fn command_help(c: &Cmd) -> String {
    let mut s = format!(
        "\nUsage:  docker compose {} {}\n\n{}\n\nOptions:\n",
        c.name, c.usage, c.short
    );
    // (flag column, long name) sorted by long name, as pflag prints them.
    let mut rows: Vec<(String, &str)> = c
        .flags
        .iter()
        .chain(std::iter::once(&"dry-run"))
        .map(|spec| {
            let (body, value) = match spec.strip_suffix('=') {
                Some(b) => (b, " string"),
                None => (*spec, ""),
            };
            match body.split_once('|') {
                Some((sh, l)) => (format!("  -{sh}, --{l}{value}"), l),
                None => (format!("      --{body}{value}"), body),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.1.cmp(b.1));
    let width = rows.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
    for (f, long) in rows {
        let text = flag_help(c.name, long);
        s.push_str(format!("{f:<width$}   {text}").trim_end());
        s.push('\n');
    }
    s
}

/// Global options that shape loading and display.
struct Global {
    load: LoadOptions,
    progress: String,
}

fn all_flags(cmd: &Cmd) -> Vec<Flag> {
    cmd.flags
        .iter()
        .chain(GLOBAL_FLAGS.iter())
        .map(|f| args::flag(f))
        .collect()
}

/// Runs `docker compose ARGS…` (args after the word `compose`).
pub fn run(world: &mut World, endpoint: &str, args: &[String], io: &mut Io) -> (i32, Next) {
    let gflags: Vec<Flag> = GLOBAL_FLAGS.iter().map(|f| args::flag(f)).collect();
    let g = match args::parse(args, &gflags, false) {
        Ok(g) => g,
        Err(e) => {
            io.errln(format!(
                "{e}\n\nUsage:  docker compose [OPTIONS] COMMAND\n\nRun 'docker compose --help' for more information"
            ));
            io.explain(
                Explain::new("docker-unknown-flag")
                    .arg("flag", e.to_string())
                    .arg("command", "docker compose"),
            );
            return (1, Next::Done);
        }
    };
    if g.has("version") {
        io.outln(format!("Docker Compose version v{}", load::COMPOSE_VERSION));
        return (0, Next::Done);
    }
    let Some(sub) = g.args.first().cloned() else {
        io.out(root_help());
        return (0, Next::Done);
    };
    let rest = &g.args[1..];
    let Some(cmd) = CMDS.iter().find(|c| c.name == sub) else {
        if NOT_SIMULATED.contains(&sub.as_str()) {
            io.errln(format!(
                "docker compose {sub}: this command is not available in the simulator"
            ));
            io.explain(Explain::new("compose-not-simulated").arg("command", sub.clone()));
            return (1, Next::Done);
        }
        io.errln(format!("unknown docker command: \"compose {sub}\""));
        io.explain(Explain::new("compose-unknown-command").arg("command", sub.clone()));
        return (1, Next::Done);
    };
    let mut p = match args::parse(rest, &all_flags(cmd), cmd.interspersed) {
        Ok(p) => p,
        Err(e) => {
            io.errln(format!(
                "{e}\n\nUsage:  docker compose {} {}\n\nRun 'docker compose {} --help' for more information",
                cmd.name, cmd.usage, cmd.name
            ));
            io.explain(
                Explain::new("docker-unknown-flag")
                    .arg("flag", e.to_string())
                    .arg("command", format!("docker compose {}", cmd.name)),
            );
            return (1, Next::Done);
        }
    };
    if p.help {
        io.out(command_help(cmd));
        return (0, Next::Done);
    }
    // Global flags may come before or after the sub-command.
    let mut flags = g.flags.clone();
    flags.append(&mut p.flags);
    p.flags = flags;
    let global = Global {
        load: LoadOptions {
            files: p.values("file").into_iter().map(str::to_string).collect(),
            project_name: p.value("project-name").map(str::to_string),
            project_dir: p.value("project-directory").map(str::to_string),
            env_file: p.value("env-file").map(str::to_string),
            profiles: p.values("profile").into_iter().map(str::to_string).collect(),
        },
        progress: p.value("progress").unwrap_or("auto").to_string(),
    };
    let mut ctx = Ctx {
        world,
        endpoint: endpoint.to_string(),
        io,
        stdin: None,
        answer: None,
        stdout_redirected: false,
    };
    match cmd.name {
        "up" => up(&mut ctx, &global, &p, true),
        "create" => up(&mut ctx, &global, &p, false),
        "down" => (down(&mut ctx, &global, &p), Next::Done),
        "ps" => (ps(&mut ctx, &global, &p), Next::Done),
        "logs" => (logs(&mut ctx, &global, &p), Next::Done),
        "exec" => exec(&mut ctx, &global, &p),
        "build" => (build(&mut ctx, &global, &p), Next::Done),
        "pull" => (pull(&mut ctx, &global, &p), Next::Done),
        "stop" => (stop(&mut ctx, &global, &p), Next::Done),
        "start" => (start(&mut ctx, &global, &p), Next::Done),
        "restart" => (restart(&mut ctx, &global, &p), Next::Done),
        "config" => (config_cmd(&mut ctx, &global, &p), Next::Done),
        "images" => (images(&mut ctx, &global, &p), Next::Done),
        "version" => {
            if p.has("short") {
                ctx.io.outln(load::COMPOSE_VERSION);
            } else {
                ctx.io
                    .outln(format!("Docker Compose version v{}", load::COMPOSE_VERSION));
            }
            (0, Next::Done)
        }
        "ls" => (ls(&mut ctx, &p), Next::Done),
        "run" => run_cmd(&mut ctx, &global, &p),
        "kill" => (kill(&mut ctx, &global, &p), Next::Done),
        _ => (1, Next::Done),
    }
}

// ------------------------------------------------------------------ helpers

fn print_warnings(ctx: &mut Ctx<'_>, warnings: &[String]) {
    for w in warnings {
        ctx.io.errln(w);
    }
}

fn report_load_error(ctx: &mut Ctx<'_>, e: LoadError) -> i32 {
    print_warnings(ctx, &e.warnings);
    ctx.io.errln(&e.message);
    ctx.io.explain(e.explain);
    1
}

/// Loads the project, printing its warnings (and the error, returning Err(exit code)).
fn project(ctx: &mut Ctx<'_>, g: &Global) -> Result<Project, i32> {
    match load::load(ctx.world, &g.load) {
        Ok(p) => {
            print_warnings(ctx, &p.warnings);
            if p.obsolete_version
                && let Some(f) = p.files.first()
            {
                ctx.io
                    .explain(Explain::new("compose-version-obsolete").arg("file", f.clone()));
            }
            Ok(p)
        }
        Err(e) => Err(report_load_error(ctx, e)),
    }
}

/// A project known only by name (`down -p x` without a file): no services.
fn project_or_name(ctx: &mut Ctx<'_>, g: &Global) -> Result<Project, i32> {
    match load::load(ctx.world, &g.load) {
        Ok(p) => {
            print_warnings(ctx, &p.warnings);
            Ok(p)
        }
        Err(e) if e.explain.id == "compose-no-file" && g.load.project_name.is_some() => Ok(Project {
            name: g.load.project_name.clone().unwrap_or_default(),
            ..Default::default()
        }),
        Err(e) => Err(report_load_error(ctx, e)),
    }
}

fn check_services(ctx: &mut Ctx<'_>, p: &Project, names: &[String]) -> Result<(), i32> {
    for n in names {
        if p.service(n).is_none() {
            ctx.io.errln(format!("no such service: {n}"));
            let services = p.services.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ");
            let note = Explain::new("compose-no-such-service")
                .arg("service", n.clone())
                .arg("services", services);
            ctx.io.explain(note);
            return Err(1);
        }
    }
    Ok(())
}

fn show(ctx: &mut Ctx<'_>, g: &Global, pr: &Progress) {
    match g.progress.as_str() {
        "quiet" => {}
        "plain" | "json" => ctx.io.err(pr.render_plain()),
        _ => ctx.io.err(pr.render()),
    }
}

fn fail(ctx: &mut Ctx<'_>, g: &Global, pr: &Progress, f: Failure) -> i32 {
    show(ctx, g, pr);
    if !f.message.is_empty() {
        ctx.io.errln(&f.message);
    }
    if let Some(e) = f.explain {
        ctx.io.explain(e);
    }
    1
}

fn warn_orphans(ctx: &mut Ctx<'_>, names: &[String]) {
    ctx.io.errln(format!(
        "WARN[0000] Found orphan containers ([{}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.",
        names.join(" ")
    ));
    ctx.io
        .explain(Explain::new("compose-orphans").arg("containers", names.join(", ")));
}

fn cname(ctx: &Ctx<'_>, cid: &str) -> String {
    ctx.d().container_by_id(cid).map(|c| c.name.clone()).unwrap_or_default()
}

fn service_of(ctx: &Ctx<'_>, cid: &str) -> String {
    ctx.d()
        .container_by_id(cid)
        .and_then(|c| c.labels.get(L_SERVICE).cloned())
        .unwrap_or_default()
}

// ------------------------------------------------------------------ up / create

fn up(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed, start: bool) -> (i32, Next) {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return (c, Next::Done),
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return (c, Next::Done);
    }
    let targets = if p.has("no-deps") {
        p.args.clone()
    } else {
        ops::with_dependencies(&proj, &p.args)
    };
    let plain = matches!(g.progress.as_str(), "plain" | "json");
    let force_build = p.has("build");
    if p.has("no-build") {
        for s in proj
            .services
            .iter()
            .filter(|s| targets.contains(&s.name) && s.image.is_none())
        {
            if ctx.d().image_id_for(&proj.image_of(s)).is_none() {
                ctx.io.errln(format!(
                    "Error response from daemon: No such image: {}",
                    proj.image_of(s)
                ));
                return (1, Next::Done);
            }
        }
    }
    let images = match ops::ensure_images(ctx, &proj, &targets, force_build, plain) {
        Ok(m) => m,
        Err(f) => {
            if !f.message.is_empty() {
                ctx.io.errln(&f.message);
            }
            if let Some(e) = f.explain {
                ctx.io.explain(e);
            }
            return (1, Next::Done);
        }
    };
    // Containers of this project whose service left the file.
    let known: Vec<String> = proj.services.iter().map(|s| s.name.clone()).collect();
    let orphans: Vec<String> = ops::project_containers(ctx, &proj.name, &[])
        .into_iter()
        .filter(|id| !known.contains(&service_of(ctx, id)))
        .collect();
    if !orphans.is_empty() {
        if p.has("remove-orphans") {
            for id in &orphans {
                ops::remove_container(ctx, id, false);
            }
        } else {
            let names: Vec<String> = orphans.iter().map(|id| cname(ctx, id)).collect();
            warn_orphans(ctx, &names);
        }
    }
    let t0 = ctx.world.now;
    let mut pr = Progress::new("Running");
    let nets = ops::networks_used(&proj, &targets);
    if let Err(f) = ops::ensure_networks(ctx, &proj, &nets, &mut pr) {
        return (fail(ctx, g, &pr, f), Next::Done);
    }
    let vols = ops::volumes_used(&proj, &targets);
    if let Err(f) = ops::ensure_volumes(ctx, &proj, &vols, &mut pr) {
        return (fail(ctx, g, &pr, f), Next::Done);
    }
    // Converge: create what is missing, recreate what changed.
    let order: Vec<model::Service> = proj
        .dependency_order()
        .into_iter()
        .filter(|s| targets.contains(&s.name))
        .cloned()
        .collect();
    let mut started_ids: Vec<(String, String)> = Vec::new();
    for s in &order {
        let Some(image_id) = images.get(&s.name).cloned() else {
            let f = Failure::new(
                format!("Error response from daemon: No such image: {}", proj.image_of(s)),
                None,
            );
            return (fail(ctx, g, &pr, f), Next::Done);
        };
        let hash = ops::config_hash(s, &image_id);
        let existing = ops::service_container(ctx, &proj.name, &s.name);
        let ev = format!("Container {}", ops::container_name(&proj, s));
        let cid = match existing {
            None => {
                let now = ctx.world.now;
                pr.event(&ev, Status::Working, "Creating", now);
                ops::advance(ctx, 100 * MS);
                match ops::create_container(ctx, &proj, s, &image_id) {
                    Ok(id) => {
                        let now = ctx.world.now;
                        pr.event(&ev, Status::Done, "Created", now);
                        id
                    }
                    Err(f) => {
                        let now = ctx.world.now;
                        pr.event(&ev, Status::Error, "Error", now);
                        return (fail(ctx, g, &pr, f), Next::Done);
                    }
                }
            }
            Some(old) => {
                let same = ctx
                    .d()
                    .container_by_id(&old)
                    .is_some_and(|c| c.labels.get(ops::L_HASH) == Some(&hash));
                if same && !p.has("force-recreate") || p.has("no-recreate") {
                    // Compose reports what it found: a running container stays, a stopped one
                    // counts as created (the start phase starts it).
                    let now = ctx.world.now;
                    let ev_old = format!("Container {}", cname(ctx, &old));
                    if ops::is_running(ctx, &old) {
                        pr.event(&ev_old, Status::Done, "Running", now);
                    } else {
                        pr.event(&ev_old, Status::Done, "Created", now);
                    }
                    old
                } else {
                    let ev_old = format!("Container {}", cname(ctx, &old));
                    let now = ctx.world.now;
                    pr.event(&ev_old, Status::Working, "Recreate", now);
                    if ops::is_running(ctx, &old) {
                        ops::stop_container(ctx, &old, None);
                    }
                    ops::remove_container(ctx, &old, false);
                    ops::advance(ctx, 100 * MS);
                    match ops::create_container(ctx, &proj, s, &image_id) {
                        Ok(id) => {
                            let now = ctx.world.now;
                            pr.event(&ev_old, Status::Done, "Recreated", now);
                            id
                        }
                        Err(f) => {
                            let now = ctx.world.now;
                            pr.event(&ev_old, Status::Error, "Error", now);
                            return (fail(ctx, g, &pr, f), Next::Done);
                        }
                    }
                }
            }
        };
        started_ids.push((s.name.clone(), cid));
    }
    if !start || p.has("no-start") {
        show(ctx, g, &pr);
        return (0, Next::Done);
    }
    let attached = !p.has("detach");
    if attached {
        // Attached: the display shows the creation; then compose attaches and starts.
        show(ctx, g, &pr);
        let mut names: Vec<String> = started_ids
            .iter()
            .filter_map(|(_, id)| ctx.d().container_by_id(id).map(|c| ops::short_name(&proj.name, c)))
            .collect();
        names.sort();
        ctx.io.outln(format!("Attaching to {}", names.join(", ")));
        let t_attach = ctx.world.now;
        let mut silent = Progress::new("Running");
        let mut failure: Option<Failure> = None;
        for (svc, cid) in &started_ids {
            let Some(s) = proj.service(svc) else { continue };
            if let Err(f) = ops::wait_dependencies(ctx, &proj, s, &mut silent) {
                failure = Some(f);
                break;
            }
            if ops::is_running(ctx, cid) {
                continue;
            }
            ops::advance(ctx, 300 * MS);
            if let Err(f) = ops::start_container(ctx, cid) {
                failure = Some(f);
                break;
            }
        }
        let ids: Vec<String> = started_ids.iter().map(|(_, id)| id.clone()).collect();
        print_logs(ctx, &proj.name, &ids, t_attach, true, false, None);
        if let Some(f) = failure {
            if !f.message.is_empty() {
                ctx.io.errln(&f.message);
            }
            if let Some(e) = f.explain {
                ctx.io.explain(e);
            }
            return (1, Next::Done);
        }
        let still: Vec<String> = ids.iter().filter(|id| ops::is_running(ctx, id)).cloned().collect();
        if !still.is_empty() {
            ctx.io
                .explain(Explain::new("compose-up-attached").arg("project", proj.name.clone()));
        }
        return (0, Next::Done);
    }
    // Detached: start in dependency order, waiting on conditions, all in one display.
    for (svc, cid) in &started_ids {
        let ev = format!("Container {}", cname(ctx, cid));
        let Some(s) = proj.service(svc) else { continue };
        if let Err(f) = ops::wait_dependencies(ctx, &proj, s, &mut pr) {
            return (fail(ctx, g, &pr, f), Next::Done);
        }
        if ops::is_running(ctx, cid) {
            continue;
        }
        let now = ctx.world.now;
        pr.event(&ev, Status::Working, "Starting", now);
        ops::advance(ctx, 300 * MS);
        match ops::start_container(ctx, cid) {
            Ok(()) => {
                let now = ctx.world.now;
                pr.event(&ev, Status::Done, "Started", now);
            }
            Err(f) => {
                let now = ctx.world.now;
                pr.event(&ev, Status::Error, "Error", now);
                return (fail(ctx, g, &pr, f), Next::Done);
            }
        }
    }
    if p.has("wait") {
        for (_, cid) in &started_ids {
            let ev = format!("Container {}", cname(ctx, cid));
            let now = ctx.world.now;
            pr.event(&ev, Status::Working, "Waiting", now);
            let mut polls = 0;
            loop {
                let (running, health, has_check, code) = match ctx.d().container_by_id(cid) {
                    Some(c) => (
                        c.is_running(),
                        c.state.health,
                        c.state.health.is_some(),
                        c.state.exit_code,
                    ),
                    None => (false, None, false, 0),
                };
                let now = ctx.world.now;
                if !running {
                    pr.event(&ev, Status::Error, "Error", now);
                    let f = Failure::new(format!("container {} exited ({code})", cname(ctx, cid)), None);
                    return (fail(ctx, g, &pr, f), Next::Done);
                }
                if !has_check || health == Some(crate::model::Health::Healthy) {
                    pr.event(&ev, Status::Done, "Healthy", now);
                    break;
                }
                if health == Some(crate::model::Health::Unhealthy) {
                    pr.event(&ev, Status::Error, "Error", now);
                    let f = Failure::new(format!("container {} is unhealthy", cname(ctx, cid)), None);
                    return (fail(ctx, g, &pr, f), Next::Done);
                }
                polls += 1;
                if polls > 7200 {
                    break;
                }
                ops::advance(ctx, 500 * MS);
            }
        }
    }
    let _ = t0;
    show(ctx, g, &pr);
    (0, Next::Done)
}

/// Prints the containers' log lines written since `since`, prefixed like compose
/// (`web-1  | …`), merged by time, with `exited with code` lines.
fn print_logs(
    ctx: &mut Ctx<'_>,
    project: &str,
    ids: &[String],
    since: crate::time::Time,
    exits: bool,
    timestamps: bool,
    tail: Option<usize>,
) {
    print_logs_opts(ctx, project, ids, since, exits, timestamps, tail, true)
}

#[allow(clippy::too_many_arguments)]
fn print_logs_opts(
    ctx: &mut Ctx<'_>,
    project: &str,
    ids: &[String],
    since: crate::time::Time,
    exits: bool,
    timestamps: bool,
    tail: Option<usize>,
    prefix: bool,
) {
    // `up` registers every attached container before output starts; `logs` registers a
    // container with its first line, so the prefix column can widen as lines arrive.
    let mut width = if exits {
        ids.iter()
            .filter_map(|id| ctx.d().container_by_id(id))
            .map(|c| ops::short_name(project, c).len())
            .max()
            .unwrap_or(0)
            + 1
    } else {
        0
    };
    // (time, container order, line order, stream, container name, text or None for the exit line)
    let mut entries: Vec<(i64, usize, usize, Stream, String, Option<String>)> = Vec::new();
    for (ci, id) in ids.iter().enumerate() {
        let Some(c) = ctx.d().container_by_id(id) else { continue };
        let name = ops::short_name(project, c);
        let lines: Vec<&crate::model::LogLine> = c.logs.iter().filter(|l| l.time >= since).collect();
        let skip = tail.map(|n| lines.len().saturating_sub(n)).unwrap_or(0);
        for (li, l) in lines.iter().enumerate().skip(skip) {
            let text = l.text.strip_suffix('\n').unwrap_or(&l.text);
            let ts = if timestamps {
                format!("{} ", crate::time::rfc3339_nano(l.time))
            } else {
                String::new()
            };
            entries.push((
                l.time,
                ci,
                li,
                l.stream.clone(),
                name.clone(),
                Some(format!("{ts}{text}")),
            ));
        }
        if exits
            && c.state.status == CStatus::Exited
            && let Some(t) = c.state.finished_at
            && t >= since
        {
            entries.push((t, ci, usize::MAX, Stream::Stdout, name.clone(), None));
        }
    }
    entries.sort_by_key(|a| (a.0, a.1, a.2));
    let codes: BTreeMap<String, i32> = ids
        .iter()
        .filter_map(|id| ctx.d().container_by_id(id))
        .map(|c| (ops::short_name(project, c), c.state.exit_code))
        .collect();
    for (_, _, _, stream, name, text) in entries {
        match text {
            Some(t) => {
                width = width.max(name.len() + 1);
                let line = if prefix {
                    format!("{name:<width$} | {t}\n")
                } else {
                    format!("{t}\n")
                };
                ctx.io.push(stream, &line);
            }
            None => {
                let code = codes.get(&name).copied().unwrap_or(0);
                ctx.io.push(stream, &format!("{name} exited with code {code}\n"));
            }
        }
    }
}

// ------------------------------------------------------------------ down / stop / start / restart

fn down(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let timeout = p.value("timeout").and_then(|t| t.parse::<i64>().ok());
    let mut pr = Progress::new("Running");
    let known: Vec<String> = proj.services.iter().map(|s| s.name.clone()).collect();
    let mut ids = ops::project_containers_with(ctx, &proj.name, &p.args, true);
    if !p.has("remove-orphans") && !known.is_empty() {
        let orphans: Vec<String> = ids
            .iter()
            .filter(|id| !known.contains(&service_of(ctx, id)))
            .map(|id| cname(ctx, id))
            .collect();
        if !orphans.is_empty() {
            warn_orphans(ctx, &orphans);
        }
        ids.retain(|id| known.contains(&service_of(ctx, id)));
    }
    let ids = ops::stop_order(ctx, &proj, &ids);
    let mut images: Vec<(String, String)> = Vec::new();
    for id in &ids {
        let ev = format!("Container {}", cname(ctx, id));
        if let Some(c) = ctx.d().container_by_id(id) {
            images.push((c.image_ref.clone(), c.image_id.clone()));
        }
        let t = ctx.world.now;
        if ops::is_running(ctx, id) {
            pr.event(&ev, Status::Working, "Stopping", t);
            ops::stop_container(ctx, id, timeout);
            let t = ctx.world.now;
            pr.event(&ev, Status::Done, "Stopped", t);
        }
        let t = ctx.world.now;
        pr.event(&ev, Status::Working, "Removing", t);
        ops::remove_container(ctx, id, p.has("volumes"));
        ops::advance(ctx, 100 * MS);
        let t = ctx.world.now;
        pr.event(&ev, Status::Done, "Removed", t);
    }
    if p.args.is_empty() {
        // Networks of the project that nothing uses any more.
        let nets: Vec<String> = ctx
            .d()
            .networks
            .iter()
            .filter(|n| n.labels.get(L_PROJECT).is_some_and(|x| *x == proj.name))
            .map(|n| n.name.clone())
            .collect();
        for n in nets {
            let ev = format!("Network {n}");
            let t = ctx.world.now;
            pr.event(&ev, Status::Working, "Removing", t);
            // Only running containers hold an endpoint (stopped ones do not block removal).
            let in_use = ctx
                .d()
                .containers
                .iter()
                .any(|c| c.is_running() && c.networks.contains_key(&n));
            if in_use {
                pr.event(&ev, Status::Warning, "Resource is still in use", t);
                continue;
            }
            ctx.daemon().networks.retain(|x| x.name != n);
            ops::advance(ctx, 200 * MS);
            let t = ctx.world.now;
            pr.event(&ev, Status::Done, "Removed", t);
        }
        if let Some(mode) = p.value("rmi") {
            if !matches!(mode, "all" | "local") {
                ctx.io.errln(format!("invalid value for --rmi: {mode}"));
                return 1;
            }
            let mut refs: Vec<String> = Vec::new();
            for s in &proj.services {
                let r = proj.image_of(s);
                if mode == "all" || s.image.is_none() {
                    refs.push(r);
                }
            }
            for (r, _) in &images {
                if mode == "all" && !refs.contains(r) {
                    refs.push(r.clone());
                }
            }
            for r in refs {
                let Some(id) = ctx.d().image_id_for(&r) else { continue };
                if ctx.d().containers.iter().any(|c| c.image_id == id) {
                    continue;
                }
                let ev = format!("Image {r}");
                let t = ctx.world.now;
                pr.event(&ev, Status::Working, "Removing", t);
                let full = crate::reference::Reference::parse(&r)
                    .map(|x| x.with_default_tag().full())
                    .unwrap_or(r.clone());
                let d = ctx.daemon();
                d.tags.remove(&full);
                if d.tags.values().all(|v| *v != id) {
                    d.images.remove(&id);
                    d.gc_layers();
                }
                let t = ctx.world.now;
                pr.event(&ev, Status::Done, "Removed", t);
            }
        }
        if p.has("volumes") {
            for v in proj.volumes.iter().filter(|v| !v.external) {
                if !ctx.d().volumes.contains_key(&v.name) {
                    continue;
                }
                let in_use = ctx
                    .d()
                    .containers
                    .iter()
                    .any(|c| c.mounts.iter().any(|m| m.source == v.name));
                let ev = format!("Volume {}", v.name);
                let t = ctx.world.now;
                pr.event(&ev, Status::Working, "Removing", t);
                if in_use {
                    pr.event(&ev, Status::Error, "Error", t);
                    show(ctx, g, &pr);
                    ctx.io.errln(format!(
                        "Error response from daemon: remove {}: volume is in use",
                        v.name
                    ));
                    return 1;
                }
                ctx.daemon().volumes.remove(&v.name);
                let t = ctx.world.now;
                pr.event(&ev, Status::Done, "Removed", t);
            }
        }
    }
    if pr.is_empty() {
        ctx.io.errln(format!(
            "WARN[0000] No resource found to remove for project {}.",
            yaml::go_quote(&proj.name)
        ));
        return 0;
    }
    show(ctx, g, &pr);
    0
}

fn stop(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let timeout = p.value("timeout").and_then(|t| t.parse::<i64>().ok());
    let ids = ops::project_containers(ctx, &proj.name, &p.args);
    let ids: Vec<String> = ops::stop_order(ctx, &proj, &ids)
        .into_iter()
        .filter(|id| ops::is_running(ctx, id))
        .collect();
    let mut pr = Progress::new("Stopping");
    for id in &ids {
        let ev = format!("Container {}", cname(ctx, id));
        let t = ctx.world.now;
        pr.event(&ev, Status::Working, "Stopping", t);
        ops::stop_container(ctx, id, timeout);
        let t = ctx.world.now;
        pr.event(&ev, Status::Done, "Stopped", t);
    }
    show(ctx, g, &pr);
    0
}

fn start(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let wanted: Vec<String> = if p.args.is_empty() {
        proj.services.iter().map(|s| s.name.clone()).collect()
    } else {
        p.args.clone()
    };
    let mut pr = Progress::new("Running");
    for s in proj.dependency_order() {
        if !wanted.contains(&s.name) {
            continue;
        }
        let Some(cid) = ops::service_container(ctx, &proj.name, &s.name) else {
            show(ctx, g, &pr);
            ctx.io
                .errln(format!("service {} has no container to start", yaml::go_quote(&s.name)));
            ctx.io
                .explain(Explain::new("compose-nothing-to-start").arg("service", s.name.clone()));
            return 1;
        };
        if ops::is_running(ctx, &cid) {
            continue;
        }
        if let Err(f) = ops::wait_dependencies(ctx, &proj, s, &mut pr) {
            return fail(ctx, g, &pr, f);
        }
        let ev = format!("Container {}", cname(ctx, &cid));
        let t = ctx.world.now;
        pr.event(&ev, Status::Working, "Starting", t);
        if let Err(code) = start_with_event(ctx, g, &mut pr, &ev, &cid) {
            return code;
        }
    }
    show(ctx, g, &pr);
    0
}

/// Starts a container after the usual pause, recording `Started` (or `Error` and failing).
fn start_with_event(ctx: &mut Ctx<'_>, g: &Global, pr: &mut Progress, ev: &str, cid: &str) -> Result<(), i32> {
    ops::advance(ctx, 300 * MS);
    match ops::start_container(ctx, cid) {
        Ok(()) => {
            let t = ctx.world.now;
            pr.event(ev, Status::Done, "Started", t);
            Ok(())
        }
        Err(f) => {
            let t = ctx.world.now;
            pr.event(ev, Status::Error, "Error", t);
            Err(fail(ctx, g, pr, f))
        }
    }
}

fn restart(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let timeout = p.value("timeout").and_then(|t| t.parse::<i64>().ok());
    let wanted: Vec<String> = if p.args.is_empty() {
        proj.services.iter().map(|s| s.name.clone()).collect()
    } else {
        p.args.clone()
    };
    let mut pr = Progress::new("Restarting");
    for s in proj.dependency_order() {
        if !wanted.contains(&s.name) {
            continue;
        }
        let Some(cid) = ops::service_container(ctx, &proj.name, &s.name) else {
            continue;
        };
        let ev = format!("Container {}", cname(ctx, &cid));
        let t = ctx.world.now;
        pr.event(&ev, Status::Working, "Restarting", t);
        if ops::is_running(ctx, &cid) {
            ops::stop_container(ctx, &cid, timeout);
        }
        if let Err(code) = start_with_event(ctx, g, &mut pr, &ev, &cid) {
            return code;
        }
    }
    show(ctx, g, &pr);
    0
}

// ------------------------------------------------------------------ ps / logs / images / ls

fn ps(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if p.has("services") {
        let mut names: Vec<String> = proj.services.iter().map(|s| s.name.clone()).collect();
        if !p.args.is_empty() {
            names.retain(|n| p.args.contains(n));
        }
        for n in names {
            ctx.io.outln(n);
        }
        return 0;
    }
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let now = ctx.world.now;
    let all = p.has("all");
    let status_filter: Vec<String> = p
        .values("status")
        .into_iter()
        .map(str::to_string)
        .chain(
            p.values("filter")
                .into_iter()
                .filter_map(|f| f.strip_prefix("status=").map(str::to_string)),
        )
        .collect();
    let ids = ops::project_containers_with(ctx, &proj.name, &p.args, true);
    let d = ctx.d();
    let mut list: Vec<&crate::model::Container> = ids
        .iter()
        .filter_map(|id| d.container_by_id(id))
        .filter(|c| all || !status_filter.is_empty() || c.is_running())
        .collect();
    if !status_filter.is_empty() {
        list.retain(|c| status_filter.iter().any(|s| s == c.state.status.as_str()));
    }
    list.sort_by(|a, b| a.name.cmp(&b.name));
    if p.has("quiet") {
        let trunc = !p.has("no-trunc");
        let out: String = list
            .iter()
            .map(|c| format!("{}\n", if trunc { c.short_id() } else { c.id.as_str() }))
            .collect();
        ctx.io.out(out);
        return 0;
    }
    let trunc = !p.has("no-trunc");
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                crate::docker::format::image_cell(d, c),
                crate::docker::format::command_cell(c, trunc),
                c.labels.get(L_SERVICE).cloned().unwrap_or_default(),
                crate::docker::format::ago(now, c.created),
                crate::docker::format::status(c, now),
                if c.is_running() {
                    crate::docker::format::ports_column(&c.config.exposed_ports, &c.ports)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let table = crate::tabwriter::table(
        &["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"],
        &rows,
    );
    ctx.io.out(table);
    0
}

fn logs(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let mut ids = ops::project_containers(ctx, &proj.name, &p.args);
    ids.sort_by_key(|id| cname(ctx, id));
    let tail = p
        .value("tail")
        .and_then(|t| if t == "all" { None } else { t.parse::<usize>().ok() });
    print_logs_opts(
        ctx,
        &proj.name,
        &ids,
        i64::MIN,
        false,
        p.has("timestamps"),
        tail,
        !p.has("no-log-prefix"),
    );
    if p.has("follow") {
        ctx.io
            .explain(Explain::new("compose-logs-follow").arg("project", proj.name.clone()));
    }
    0
}

fn images(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let now = ctx.world.now;
    let ids = ops::project_containers(ctx, &proj.name, &p.args);
    let d = ctx.d();
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut quiet: Vec<String> = Vec::new();
    for id in &ids {
        let Some(c) = d.container_by_id(id) else { continue };
        let Some(img) = d.images.get(&c.image_id) else { continue };
        let (repo, tag) = match crate::reference::Reference::parse(&c.image_ref) {
            Ok(r) if d.image_id_for(&c.image_ref).as_deref() == Some(c.image_id.as_str()) => {
                (r.familiar_repository(), r.tag_or_latest().to_string())
            }
            _ => ("<none>".to_string(), "<none>".to_string()),
        };
        let short = crate::docker::format::short(&img.id).to_string();
        if !quiet.contains(&short) {
            quiet.push(short.clone());
        }
        rows.insert(
            c.name.clone(),
            vec![
                c.name.clone(),
                repo,
                tag,
                format!("{}/{}", img.os, img.architecture),
                short,
                crate::units::size3(d.image_size(img)),
                crate::docker::format::ago(now, img.created),
            ],
        );
    }
    if p.has("quiet") {
        for q in quiet {
            ctx.io.outln(q);
        }
        return 0;
    }
    let rows: Vec<Vec<String>> = rows.into_values().collect();
    let t = crate::tabwriter::table(
        &[
            "CONTAINER",
            "REPOSITORY",
            "TAG",
            "PLATFORM",
            "IMAGE ID",
            "SIZE",
            "CREATED",
        ],
        &rows,
    );
    ctx.io.out(t);
    0
}

fn ls(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let mut projects: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    for c in &ctx.d().containers {
        let Some(name) = c.labels.get(L_PROJECT) else { continue };
        let e = projects.entry(name.clone()).or_insert_with(|| {
            (
                Vec::new(),
                c.labels
                    .get("com.docker.compose.project.config_files")
                    .cloned()
                    .unwrap_or_default(),
            )
        });
        e.0.push(c.state.status.as_str().to_string());
    }
    let mut rows = Vec::new();
    for (name, (states, files)) in projects {
        let running = states.iter().filter(|s| *s == "running").count();
        if running == 0 && !p.has("all") {
            continue;
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for s in &states {
            *counts.entry(s.clone()).or_default() += 1;
        }
        let status = counts
            .iter()
            .map(|(s, n)| format!("{s}({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        if p.has("quiet") {
            ctx.io.outln(&name);
            continue;
        }
        rows.push(vec![name, status, files]);
    }
    if !p.has("quiet") {
        let t = crate::tabwriter::table(&["NAME", "STATUS", "CONFIG FILES"], &rows);
        ctx.io.out(t);
    }
    0
}

// ------------------------------------------------------------------ exec / build / pull / config

fn exec(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> (i32, Next) {
    if p.args.len() < 2 {
        ctx.io
            .errln(format!("requires at least 2 arg(s), only received {}", p.args.len()));
        ctx.io.explain(
            Explain::new("docker-missing-argument")
                .arg("command", "docker compose exec")
                .arg("usage", "SERVICE COMMAND [ARGS...]"),
        );
        return (1, Next::Done);
    }
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return (c, Next::Done),
    };
    let svc = p.args[0].clone();
    if !proj.services.is_empty() && proj.service(&svc).is_none() {
        ctx.io.errln(format!("service {} is not running", yaml::go_quote(&svc)));
        let services = proj
            .services
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let note = Explain::new("compose-no-such-service")
            .arg("service", svc.clone())
            .arg("services", services);
        ctx.io.explain(note);
        return (1, Next::Done);
    }
    let cid = ops::service_container(ctx, &proj.name, &svc).filter(|id| ops::is_running(ctx, id));
    let Some(cid) = cid else {
        ctx.io.errln(format!("service {} is not running", yaml::go_quote(&svc)));
        ctx.io.explain(
            Explain::new("compose-service-not-running")
                .arg("service", svc.clone())
                .arg("project", proj.name.clone()),
        );
        return (1, Next::Done);
    };
    let argv: Vec<String> = p.args[1..].to_vec();
    let tty = !p.has("no-TTY") && p.bool_explicit("tty").unwrap_or(true);
    let opts = crate::programs::ExecOpts {
        interactive: p.bool_explicit("interactive").unwrap_or(true),
        tty,
        detach: p.has("detach"),
        env: p.values("env").into_iter().map(str::to_string).collect(),
        workdir: p.value("workdir").map(str::to_string),
        user: p.value("user").map(str::to_string),
    };
    let ep = ctx.endpoint.clone();
    match crate::programs::exec(ctx.world, &ep, &cid, &argv, &opts) {
        crate::programs::ExecResult::Done { io, code } => {
            if tty {
                ctx.io.out(io.combined());
            } else {
                ctx.io.append(io);
            }
            if code == 127 && ctx.io.combined().contains("executable file not found") {
                ctx.io
                    .explain(Explain::new("exec-binary-missing").arg("command", argv[0].clone()));
            }
            (code, Next::Done)
        }
        crate::programs::ExecResult::Session { io, pid } => {
            ctx.io.out(io.combined());
            (
                0,
                Next::Attach(Attach {
                    endpoint: ep,
                    container: cid,
                    exec_pid: Some(pid),
                    stdin: opts.interactive,
                    tty,
                    remove_on_exit: false,
                }),
            )
        }
    }
}

fn build(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let mut pr = Progress::new("Building");
    for s in &proj.services {
        if !p.args.is_empty() && !p.args.contains(&s.name) || s.build.is_none() {
            continue;
        }
        match ops::build_image(ctx, &proj, s, p.has("no-cache")) {
            Ok(_) => {
                let t = ctx.world.now;
                pr.event(&s.name, Status::Done, "Built", t);
            }
            Err(f) => {
                if !f.message.is_empty() {
                    ctx.io.errln(&f.message);
                }
                return 1;
            }
        }
    }
    if !pr.is_empty() && !p.has("quiet") {
        show(ctx, g, &pr);
    }
    0
}

fn pull(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let mut pr = Progress::new("Pulling");
    let mut result = 0;
    let mut failure: Option<Failure> = None;
    for s in &proj.services {
        if !p.args.is_empty() && !p.args.contains(&s.name) {
            continue;
        }
        let now = ctx.world.now;
        let Some(image) = &s.image else {
            pr.event_text(&s.name, None, Status::Done, "Skipped - No image to be pulled", now);
            continue;
        };
        let policy = p.value("policy").or(s.pull_policy.as_deref()).unwrap_or("missing");
        if matches!(policy, "never" | "build") {
            pr.event_text(&s.name, None, Status::Done, "Skipped", now);
            continue;
        }
        if s.build.is_some() && p.has("ignore-buildable") {
            pr.event_text(&s.name, None, Status::Done, "Skipped - Image can be built", now);
            continue;
        }
        let tagged_not_latest =
            crate::reference::Reference::parse(image).is_ok_and(|r| r.tag.as_deref().is_some_and(|t| t != "latest"));
        if matches!(policy, "missing" | "if_not_present")
            && tagged_not_latest
            && ctx.d().image_id_for(image).is_some()
            && p.value("policy").is_some()
        {
            pr.event_text(
                &s.name,
                None,
                Status::Done,
                "Skipped - Image is already present locally",
                now,
            );
            continue;
        }
        if let Err(f) = ops::pull_image(ctx, &mut pr, &s.name, image) {
            if s.build.is_some() || p.has("ignore-pull-failures") {
                let now = ctx.world.now;
                pr.event_text(&s.name, None, Status::Warning, "Warning", now);
            } else {
                result = 1;
                failure = Some(f);
                break;
            }
        }
    }
    if !p.has("quiet") {
        show(ctx, g, &pr);
    }
    if let Some(f) = failure {
        ctx.io.errln(&f.message);
        if let Some(e) = f.explain {
            ctx.io.explain(e);
        }
    }
    result
}

fn config_cmd(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if p.has("quiet") {
        return 0;
    }
    if p.has("services") {
        for s in &proj.services {
            ctx.io.outln(&s.name);
        }
        return 0;
    }
    if p.has("volumes") {
        for v in &proj.volumes {
            ctx.io.outln(&v.key);
        }
        return 0;
    }
    if p.has("networks") {
        for n in &proj.networks {
            ctx.io.outln(&n.key);
        }
        return 0;
    }
    if p.has("images") {
        for s in &proj.services {
            ctx.io.outln(proj.image_of(s));
        }
        return 0;
    }
    let text = if p.value("format") == Some("json") {
        config::render_json(&proj)
    } else {
        config::render_yaml(&proj)
    };
    match p.value("output") {
        Some(f) => {
            let path = crate::fs::normalize(&ctx.world.host.cwd, f);
            if crate::fs::Vfs::write(&mut ctx.world.host.fs, &path, text.as_bytes(), false).is_err() {
                ctx.io.errln(format!("open {path}: no such file or directory"));
                return 1;
            }
        }
        None => ctx.io.out(text),
    }
    0
}

// ------------------------------------------------------------------ run / kill

/// `docker compose run`: a one-off container of a service (dependencies started
/// first), attached with a TTY unless `-d`/`-T`.
fn run_cmd(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> (i32, Next) {
    let Some(svc_name) = p.args.first().cloned() else {
        ctx.io.errln("requires at least 1 arg(s), only received 0");
        ctx.io.explain(
            Explain::new("docker-missing-argument")
                .arg("command", "docker compose run")
                .arg("usage", "SERVICE [COMMAND] [ARGS...]"),
        );
        return (1, Next::Done);
    };
    let proj = match project(ctx, g) {
        Ok(x) => x,
        Err(c) => return (c, Next::Done),
    };
    if let Err(c) = check_services(ctx, &proj, std::slice::from_ref(&svc_name)) {
        return (c, Next::Done);
    }
    let Some(base) = proj.service(&svc_name).cloned() else {
        return (1, Next::Done);
    };
    let plain = matches!(g.progress.as_str(), "plain" | "json");
    let deps: Vec<String> = if p.has("no-deps") {
        Vec::new()
    } else {
        ops::with_dependencies(&proj, std::slice::from_ref(&svc_name))
            .into_iter()
            .filter(|n| *n != svc_name)
            .collect()
    };
    let mut wanted = deps.clone();
    wanted.push(svc_name.clone());
    let images = match ops::ensure_images(ctx, &proj, &wanted, p.has("build"), plain) {
        Ok(m) => m,
        Err(f) => {
            if !f.message.is_empty() {
                ctx.io.errln(&f.message);
            }
            if let Some(e) = f.explain {
                ctx.io.explain(e);
            }
            return (1, Next::Done);
        }
    };
    // Networks, volumes and the dependencies, as `up -d` would bring them.
    let mut pr = Progress::new("Running");
    let nets = ops::networks_used(&proj, &wanted);
    let vols = ops::volumes_used(&proj, &wanted);
    if let Err(f) =
        ops::ensure_networks(ctx, &proj, &nets, &mut pr).and_then(|_| ops::ensure_volumes(ctx, &proj, &vols, &mut pr))
    {
        return (fail(ctx, g, &pr, f), Next::Done);
    }
    for s in proj.dependency_order() {
        if !deps.contains(&s.name) {
            continue;
        }
        let Some(image_id) = images.get(&s.name).cloned() else {
            continue;
        };
        let cid = match ops::service_container(ctx, &proj.name, &s.name) {
            Some(c) => c,
            None => {
                let ev = format!("Container {}", ops::container_name(&proj, s));
                let now = ctx.world.now;
                pr.event(&ev, Status::Working, "Creating", now);
                ops::advance(ctx, 100 * MS);
                match ops::create_container(ctx, &proj, s, &image_id) {
                    Ok(id) => {
                        let now = ctx.world.now;
                        pr.event(&ev, Status::Done, "Created", now);
                        id
                    }
                    Err(f) => {
                        let now = ctx.world.now;
                        pr.event(&ev, Status::Error, "Error", now);
                        return (fail(ctx, g, &pr, f), Next::Done);
                    }
                }
            }
        };
        if let Err(f) = ops::wait_dependencies(ctx, &proj, s, &mut pr) {
            return (fail(ctx, g, &pr, f), Next::Done);
        }
        if ops::is_running(ctx, &cid) {
            continue;
        }
        let ev = format!("Container {}", cname(ctx, &cid));
        let now = ctx.world.now;
        pr.event(&ev, Status::Working, "Starting", now);
        ops::advance(ctx, 300 * MS);
        if let Err(f) = ops::start_container(ctx, &cid) {
            let now = ctx.world.now;
            pr.event(&ev, Status::Error, "Error", now);
            return (fail(ctx, g, &pr, f), Next::Done);
        }
        let now = ctx.world.now;
        pr.event(&ev, Status::Done, "Started", now);
    }
    if let Err(f) = ops::wait_dependencies(ctx, &proj, &base, &mut pr) {
        return (fail(ctx, g, &pr, f), Next::Done);
    }
    if !pr.is_empty() {
        show(ctx, g, &pr);
    }
    // The one-off container: the service with the command line's overrides.
    let mut s = base.clone();
    if p.args.len() > 1 {
        s.command = Some(p.args[1..].to_vec());
    }
    if let Some(e) = p.value("entrypoint") {
        s.entrypoint = Some(load::shell_split(e));
        if p.args.len() <= 1 {
            s.command = None;
        }
    }
    if !p.has("service-ports") {
        s.ports = Vec::new();
    }
    for spec in p.values("publish") {
        match crate::docker::containers::parse_publish(spec) {
            Ok(r) => s.ports.extend(r),
            Err(e) => {
                ctx.io.errln(e);
                return (1, Next::Done);
            }
        }
    }
    for e in p.values("env") {
        let (k, v) = match e.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (e.to_string(), ctx.world.host.get_env(e).unwrap_or("").to_string()),
        };
        s.environment.retain(|(n, _)| *n != k);
        s.environment.push((k, v));
    }
    for l in p.values("label") {
        let (k, v) = l.split_once('=').unwrap_or((l, ""));
        s.labels.push((k.to_string(), v.to_string()));
    }
    if let Some(u) = p.value("user") {
        s.user = Some(u.to_string());
    }
    if let Some(w) = p.value("workdir") {
        s.working_dir = Some(w.to_string());
    }
    let detach = p.has("detach");
    let tty = !detach && !p.has("no-TTY") && p.bool_explicit("tty").unwrap_or(true);
    s.tty = tty;
    s.stdin_open = !detach && p.bool_explicit("interactive").unwrap_or(true);
    s.container_name = None;
    let name = match p.value("name") {
        Some(n) => n.to_string(),
        None => format!("{}-{}-run-{}", proj.name, s.name, &ctx.world.rng.hex_id()[..12]),
    };
    let Some(image_id) = images.get(&s.name).cloned() else {
        ctx.io.errln(format!(
            "Error response from daemon: No such image: {}",
            proj.image_of(&s)
        ));
        return (1, Next::Done);
    };
    let cid = match ops::create_container_as(ctx, &proj, &s, &image_id, Some(&name)) {
        Ok(id) => id,
        Err(f) => return (fail(ctx, g, &Progress::new("Running"), f), Next::Done),
    };
    if p.has("rm")
        && let Some(c) = ctx.daemon().container_by_id_mut(&cid)
    {
        c.auto_remove = true;
    }
    let ep = ctx.endpoint.clone();
    let mut out = Io::default();
    if let Some(c) = ctx.daemon().container_by_id_mut(&cid) {
        c.state.manually_stopped = false;
    }
    if let Err(e) = crate::lifecycle::start(ctx.world, &ep, &cid, &mut out, s.stdin_open) {
        let msg = match e {
            crate::lifecycle::StartError::Exec { message, .. } => format!(
                "Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {message}: unknown"
            ),
            crate::lifecycle::StartError::PortAllocated { ip, port, .. } => {
                format!("Error response from daemon: Bind for {ip}:{port} failed: port is already allocated")
            }
            crate::lifecycle::StartError::NotFound => format!("Error response from daemon: No such container: {name}"),
        };
        ctx.io.errln(msg);
        return (1, Next::Done);
    }
    if detach {
        ctx.io.outln(&name);
        return (0, Next::Done);
    }
    if tty {
        ctx.io.out(out.combined());
    } else {
        ctx.io.append(out);
    }
    match ctx.d().container_by_id(&cid) {
        Some(c) if c.is_running() => {
            let stdin = c.open_stdin;
            (
                0,
                Next::Attach(Attach {
                    endpoint: ep,
                    container: cid,
                    exec_pid: None,
                    stdin,
                    tty,
                    remove_on_exit: p.has("rm"),
                }),
            )
        }
        Some(c) => (c.state.exit_code, Next::Done),
        None => {
            let code = match &ctx.world.last_removed {
                Some((id, code)) if *id == cid => *code,
                _ => 0,
            };
            (code, Next::Done)
        }
    }
}

fn kill(ctx: &mut Ctx<'_>, g: &Global, p: &Parsed) -> i32 {
    let proj = match project_or_name(ctx, g) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Err(c) = check_services(ctx, &proj, &p.args) {
        return c;
    }
    let sig = crate::lifecycle::normalize_signal(p.value("signal").unwrap_or("SIGKILL"));
    let ids = ops::project_containers(ctx, &proj.name, &p.args);
    let ids: Vec<String> = ops::stop_order(ctx, &proj, &ids)
        .into_iter()
        .filter(|id| ops::is_running(ctx, id))
        .collect();
    if ids.is_empty() {
        ctx.io.errln("no container to kill");
        return 1;
    }
    let mut pr = Progress::new("Running");
    let ep = ctx.endpoint.clone();
    for id in &ids {
        let ev = format!("Container {}", cname(ctx, id));
        let t = ctx.world.now;
        pr.event(&ev, Status::Working, "Killing", t);
        let dies = if sig == "SIGKILL" {
            Some(137)
        } else {
            crate::lifecycle::signal(ctx.world, &ep, id, &sig)
        };
        if let Some(code) = dies {
            crate::lifecycle::exited(ctx.world, &ep, id, code, true);
        }
        ops::advance(ctx, 100 * MS);
        let t = ctx.world.now;
        pr.event(&ev, Status::Done, "Killed", t);
    }
    show(ctx, g, &pr);
    0
}
