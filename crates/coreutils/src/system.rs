//! What the shell and the utilities need from the world around them: the [`System`] trait
//! (files, environment, clock, processes, network, outside commands) and the [`Io`] they write.

use dockyard_vfs::Vfs;

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Output as a terminal shows it: ordered chunks of stdout and stderr (adjacent chunks of the
/// same stream are merged).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Io {
    pub chunks: Vec<(Stream, String)>,
}

impl Io {
    pub fn new() -> Io {
        Io::default()
    }
    pub fn out(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stdout, s.as_ref());
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stderr, s.as_ref());
    }
    /// A line on stdout (newline added).
    pub fn outln(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stdout, s.as_ref());
        self.push(Stream::Stdout, "\n");
    }
    /// A line on stderr (newline added).
    pub fn errln(&mut self, s: impl AsRef<str>) {
        self.push(Stream::Stderr, s.as_ref());
        self.push(Stream::Stderr, "\n");
    }
    pub fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((st, text)) if *st == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }
    /// Everything written to stdout.
    pub fn stdout(&self) -> String {
        self.collect(Stream::Stdout)
    }
    /// Everything written to stderr.
    pub fn stderr(&self) -> String {
        self.collect(Stream::Stderr)
    }
    /// Both streams in terminal order.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
    /// Appends another `Io`'s chunks in order.
    pub fn append(&mut self, other: Io) {
        for (s, t) in other.chunks {
            self.push(s, &t);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
    fn collect(&self, s: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(st, _)| *st == s)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// One running process, as `ps` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    pub pid: u32,
    pub ppid: u32,
    pub user: String,
    /// The full command line (`python -m http.server 8888`).
    pub command: String,
    /// CPU time used, in seconds.
    pub cpu_secs: u64,
    /// Start time, ns since the epoch.
    pub start: i64,
    /// The controlling terminal (`pts/0`), if any.
    pub tty: Option<String>,
    /// Process state as `ps aux` shows it (`Ss`, `R+`, `S`).
    pub stat: String,
    pub vsz_kb: u64,
    pub rss_kb: u64,
}

impl Default for ProcessInfo {
    fn default() -> ProcessInfo {
        ProcessInfo {
            pid: 1,
            ppid: 0,
            user: "root".into(),
            command: String::new(),
            cpu_secs: 0,
            start: 0,
            tty: None,
            stat: "S".into(),
            vsz_kb: 0,
            rss_kb: 0,
        }
    }
}

/// An HTTP request as `curl`/`wget` send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// The host as written in the URL (`localhost`, `web`, `127.0.0.1`).
    pub host: String,
    pub port: u16,
    /// Path and query, starting with `/`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// The answer of a simulated server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// `HTTP/1.0` (Python's http.server) or `HTTP/1.1` (nginx, Flask behind Werkzeug 3).
    pub version: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// A `200 OK` HTTP/1.1 response with a body and a matching Content-Length.
    pub fn ok(body: impl Into<String>) -> HttpResponse {
        let body = body.into();
        HttpResponse {
            version: "HTTP/1.1".into(),
            status: 200,
            reason: "OK".into(),
            headers: vec![("Content-Length".into(), body.len().to_string())],
            body,
        }
    }
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a connection failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    /// Nothing listens on that port.
    ConnectionRefused,
    /// The name is unknown (no such container on this network, typo).
    CouldNotResolve,
    /// Packets go nowhere.
    Timeout,
    /// No route to the host (another network).
    NoRoute,
}

/// The world the shell runs in: a file system, the environment, the current directory, a
/// clock, processes, the network and the commands the caller implements (docker, python, ...).
///
/// Environment variables here are the *exported* ones; plain shell variables live in
/// [`crate::ShellState`].
pub trait System: Vfs {
    /// Exported environment, in order.
    fn env(&self) -> Vec<(String, String)>;
    fn get_env(&self, k: &str) -> Option<String>;
    /// Sets (and exports) a variable.
    fn set_env(&mut self, k: &str, v: &str);
    fn unset_env(&mut self, k: &str);
    /// The current directory (absolute, normalised).
    fn cwd(&self) -> String;
    fn set_cwd(&mut self, dir: &str);
    fn hostname(&self) -> String;
    /// uid and user name (`0`, `root` in containers).
    fn user(&self) -> (u32, String);
    /// Nanoseconds since the epoch (virtual time).
    fn now(&self) -> i64;
    /// Running processes, for `ps` (`ps` adds itself).
    fn processes(&self) -> Vec<ProcessInfo>;
    /// Resolves a host name to an IPv4 address (`localhost` → `127.0.0.1`).
    fn lookup_host(&self, host: &str) -> Result<String, NetError>;
    fn http(&mut self, req: &HttpRequest) -> Result<HttpResponse, NetError>;
    /// Whether `host` answers pings; its address.
    fn ping(&mut self, host: &str) -> Result<String, NetError> {
        self.lookup_host(host)
    }
    /// Advances virtual time.
    fn sleep(&mut self, secs: f64);
    /// Runs a command the caller provides (docker, python, pip, apk, nginx, ...), writing its
    /// output to `io`; `None` when the caller does not know the command. Asked before the
    /// built-in utilities, so the caller may also replace one.
    fn external(&mut self, argv: &[String], stdin: &str, io: &mut Io) -> Option<i32>;
    /// Like [`System::external`], also told whether stdout is the terminal (`docker save`
    /// refuses to write a tar to a terminal). Defaults to `external`.
    fn external_tty(&mut self, argv: &[String], stdin: &str, io: &mut Io, _stdout_is_tty: bool) -> Option<i32> {
        self.external(argv, stdin, io)
    }
    /// Whether a built-in utility (`ls`, `curl`, `ping`, ...) is installed here; slim images
    /// lack `curl`, `ping` and `ps`. Shell builtins are always there.
    fn has_utility(&self, _name: &str) -> bool {
        true
    }
    /// Modification time of a path (ns since the epoch) for `ls -l`, if known; else `now()`.
    fn mtime(&self, _path: &str) -> Option<i64> {
        None
    }
    fn clear_screen(&mut self);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_keeps_order_and_merges() {
        let mut io = Io::new();
        io.out("a");
        io.out("b");
        io.errln("oops");
        io.outln("c");
        io.push(Stream::Stdout, "");
        assert_eq!(io.chunks.len(), 3);
        assert_eq!(
            (io.stdout(), io.stderr(), io.combined()),
            ("abc\n".into(), "oops\n".into(), "aboops\nc\n".into())
        );
        let mut other = Io::new();
        other.out("d");
        io.append(other);
        assert_eq!(io.chunks.len(), 3);
        assert!(!io.is_empty());
        let r = HttpResponse::ok("hi");
        assert_eq!(r.header("content-length"), Some("2"));
    }
}
