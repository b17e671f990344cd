//! The check language: declarative predicates over the sandbox's state, written in
//! `lesson.toml` as inline tables (`{ container = { name = "web", running = true } }`).
//!
//! A check never looks at the text of the command the student typed: it reads the
//! state (containers, images, volumes, networks, registries, host files, what the host's
//! `curl` gets back) and, for steps about reading output, the last command's output and
//! exit code. So `docker ps -a` and `docker container ls --all` satisfy the same checks.
//!
//! A leaf with several fields asks for one object that has all of them: `container =
//! { name = "web", running = true }` means "a container named web, and it is running".
//! A field left out is not looked at. Image references are compared the way Docker
//! resolves them (`nginx`, `nginx:latest` and `docker.io/library/nginx:latest` are one
//! image); a reference without a tag matches any tag of that repository.
//!
//! Evaluation lives in [`crate::eval`].

use std::fmt::Write as _;

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Every one of these holds.
    All(Vec<Check>),
    /// At least one of these holds.
    Any(Vec<Check>),
    /// This does not hold (`not = { container = { name = "web" } }`: no container web).
    Not(Box<Check>),
    Container(ContainerCheck),
    Port(PortCheck),
    Image(ImageCheck),
    Volume(VolumeCheck),
    Network(NetworkCheck),
    Registry(RegistryCheck),
    Login(LoginCheck),
    Http(HttpCheck),
    File(FileCheck),
    LastCommand(LastCommandCheck),
    Quiz(QuizCheck),
}

/// A container exists with all of these properties.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ContainerCheck {
    pub name: Option<String>,
    /// The image it was created from (`nginx`, `nginx:1.27`, `localhost:5000/app`).
    pub image: Option<String>,
    pub running: Option<bool>,
    /// `created`, `running`, `paused`, `restarting`, `exited`, `dead`.
    pub status: Option<String>,
    pub exit_code: Option<i32>,
    /// An environment variable: `KEY=value`, or `KEY` for "set to anything".
    pub env: Option<String>,
    /// Connected to this network.
    pub network: Option<String>,
    /// Mounts this named volume.
    pub volume: Option<String>,
    /// Has something mounted at this path inside.
    pub mount: Option<String>,
    /// Restart policy: `no`, `always`, `on-failure`, `unless-stopped`.
    pub restart: Option<String>,
    /// Started with `--rm`.
    pub auto_remove: Option<bool>,
    /// Started with both `-i` and `-t`.
    pub interactive: Option<bool>,
    /// Its command line (entrypoint + command) contains this text.
    pub command_contains: Option<String>,
}

/// A published port: `host` on the host reaches `container_port` of a container.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PortCheck {
    pub container: Option<String>,
    pub host: Option<u16>,
    pub container_port: Option<u16>,
    /// `tcp` (the default) or `udp`.
    pub proto: Option<String>,
}

/// An image exists locally with all of these properties.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ImageCheck {
    /// A reference it is tagged with (`app:1`, `python`).
    pub tag: Option<String>,
    /// One of its layers' history lines (`docker history --no-trunc`) contains this text.
    pub layer_created_by_contains: Option<String>,
    /// Its config sets this environment variable (`KEY=value` or `KEY`).
    pub env: Option<String>,
    pub workdir: Option<String>,
    /// Its config exposes this port (`5000` or `5000/tcp`).
    pub exposes: Option<String>,
    /// Its default command (entrypoint + cmd, joined by spaces) contains this text.
    pub cmd_contains: Option<String>,
    pub user: Option<String>,
}

/// A volume exists (and holds a file).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct VolumeCheck {
    pub name: Option<String>,
    /// A path inside the volume, e.g. `/notes.txt`.
    pub has_file: Option<String>,
    /// With `has_file`: that file contains this text.
    pub file_contains: Option<String>,
}

/// A network exists.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NetworkCheck {
    pub name: Option<String>,
    /// `bridge`, `host`, `null`, ...
    pub driver: Option<String>,
    /// This container is connected to it.
    pub container: Option<String>,
}

/// A registry holds an image: `localhost:5000/python:3.11.5-alpine`, or a Docker Hub
/// repository such as `student/app:1` that was pushed.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegistryCheck {
    pub image: String,
}

/// The client is logged in to a registry.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LoginCheck {
    /// `docker.io` (the default) or `host:port`.
    pub registry: Option<String>,
    pub user: Option<String>,
}

/// What `curl URL` on the host gets back.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HttpCheck {
    /// `http://localhost:8080/path`.
    pub url: String,
    /// The HTTP status (any answer counts when left out).
    pub status: Option<u16>,
    /// The body contains this text.
    pub contains: Option<String>,
}

/// A file in the host workspace. Relative paths are relative to the lesson's workdir.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileCheck {
    pub path: String,
    /// `false` for "this file must not exist" (default `true`).
    pub exists: Option<bool>,
    pub contains: Option<String>,
}

/// The output and exit code of the last line the student ran.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LastCommandCheck {
    pub exit_code: Option<i32>,
    pub stdout_contains: Option<String>,
    pub stderr_contains: Option<String>,
    /// stdout or stderr contains this text.
    pub output_contains: Option<String>,
}

/// The student answered this step's question (`answer b` at the prompt) with `answer`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct QuizCheck {
    pub answer: String,
}

impl Check {
    /// Every leaf of the tree, in order.
    pub fn leaves(&self) -> Vec<&Check> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Check>) {
        match self {
            Check::All(v) | Check::Any(v) => v.iter().for_each(|c| c.collect_leaves(out)),
            Check::Not(c) => c.collect_leaves(out),
            leaf => out.push(leaf),
        }
    }

    /// The quiz answers this check mentions.
    pub fn quiz_answers(&self) -> Vec<&str> {
        self.leaves()
            .into_iter()
            .filter_map(|c| match c {
                Check::Quiz(q) => Some(q.answer.as_str()),
                _ => None,
            })
            .collect()
    }

    /// A compact, language-neutral spelling of the check, as written in TOML
    /// (`container name=web running=true`): used inside the student's messages.
    pub fn spec(&self) -> String {
        match self {
            Check::All(v) => format!("all({})", v.iter().map(Check::spec).collect::<Vec<_>>().join("; ")),
            Check::Any(v) => format!("any({})", v.iter().map(Check::spec).collect::<Vec<_>>().join("; ")),
            Check::Not(c) => format!("not({})", c.spec()),
            Check::Container(c) => fields(
                "container",
                &[
                    ("name", c.name.clone()),
                    ("image", c.image.clone()),
                    ("running", c.running.map(|b| b.to_string())),
                    ("status", c.status.clone()),
                    ("exit_code", c.exit_code.map(|n| n.to_string())),
                    ("env", c.env.clone()),
                    ("network", c.network.clone()),
                    ("volume", c.volume.clone()),
                    ("mount", c.mount.clone()),
                    ("restart", c.restart.clone()),
                    ("auto_remove", c.auto_remove.map(|b| b.to_string())),
                    ("interactive", c.interactive.map(|b| b.to_string())),
                    ("command_contains", c.command_contains.clone()),
                ],
            ),
            Check::Port(p) => fields(
                "port",
                &[
                    ("container", p.container.clone()),
                    ("host", p.host.map(|n| n.to_string())),
                    ("container_port", p.container_port.map(|n| n.to_string())),
                    ("proto", p.proto.clone()),
                ],
            ),
            Check::Image(i) => fields(
                "image",
                &[
                    ("tag", i.tag.clone()),
                    ("layer_created_by_contains", i.layer_created_by_contains.clone()),
                    ("env", i.env.clone()),
                    ("workdir", i.workdir.clone()),
                    ("exposes", i.exposes.clone()),
                    ("cmd_contains", i.cmd_contains.clone()),
                    ("user", i.user.clone()),
                ],
            ),
            Check::Volume(v) => fields(
                "volume",
                &[
                    ("name", v.name.clone()),
                    ("has_file", v.has_file.clone()),
                    ("file_contains", v.file_contains.clone()),
                ],
            ),
            Check::Network(n) => fields(
                "network",
                &[
                    ("name", n.name.clone()),
                    ("driver", n.driver.clone()),
                    ("container", n.container.clone()),
                ],
            ),
            Check::Registry(r) => fields("registry", &[("image", Some(r.image.clone()))]),
            Check::Login(l) => fields("login", &[("registry", l.registry.clone()), ("user", l.user.clone())]),
            Check::Http(h) => fields(
                "http",
                &[
                    ("url", Some(h.url.clone())),
                    ("status", h.status.map(|n| n.to_string())),
                    ("contains", h.contains.clone()),
                ],
            ),
            Check::File(f) => fields(
                "file",
                &[
                    ("path", Some(f.path.clone())),
                    ("exists", f.exists.map(|b| b.to_string())),
                    ("contains", f.contains.clone()),
                ],
            ),
            Check::LastCommand(l) => fields(
                "last_command",
                &[
                    ("exit_code", l.exit_code.map(|n| n.to_string())),
                    ("stdout_contains", l.stdout_contains.clone()),
                    ("stderr_contains", l.stderr_contains.clone()),
                    ("output_contains", l.output_contains.clone()),
                ],
            ),
            Check::Quiz(q) => fields("quiz", &[("answer", Some(q.answer.clone()))]),
        }
    }
}

fn fields(kind: &str, pairs: &[(&str, Option<String>)]) -> String {
    let mut s = kind.to_string();
    for (k, v) in pairs {
        if let Some(v) = v {
            if v.contains(' ') || v.is_empty() {
                let _ = write!(s, " {k}={v:?}");
            } else {
                let _ = write!(s, " {k}={v}");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Check {
        #[derive(Deserialize)]
        struct W {
            check: Check,
        }
        toml::from_str::<W>(&format!("check = {s}")).unwrap().check
    }

    #[test]
    fn combinators_nest() {
        let c = parse(
            r#"{ all = [ { container = { name = "web", running = true } }, { not = { image = { tag = "x" } } }, { any = [ { quiz = { answer = "b" } } ] } ] }"#,
        );
        assert_eq!(c.leaves().len(), 3);
        assert_eq!(c.quiz_answers(), vec!["b"]);
        assert_eq!(
            c.spec(),
            "all(container name=web running=true; not(image tag=x); any(quiz answer=b))"
        );
    }

    #[test]
    fn specs_quote_values_with_spaces() {
        let c = parse(r#"{ last_command = { stdout_contains = "Hello from Docker!" } }"#);
        assert_eq!(c.spec(), "last_command stdout_contains=\"Hello from Docker!\"");
    }
}
