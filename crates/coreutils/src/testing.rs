//! An in-memory [`System`] for tests and fuzzing: a file tree, an environment, a fixed
//! clock, fake servers and fake outside commands.

use std::collections::BTreeMap;

use dockyard_vfs::{FsError, Node, Tree, Vfs, normalize};

use crate::{HttpRequest, HttpResponse, Io, NetError, ProcessInfo, System};

/// 2025-11-22 15:45:00 UTC.
pub const T0: i64 = 1_763_826_300 * 1_000_000_000;

/// A small, fully in-memory world.
#[derive(Clone, Debug)]
pub struct TestSystem {
    pub fs: Tree,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub hostname: String,
    pub uid: u32,
    pub user: String,
    pub now: i64,
    pub procs: Vec<ProcessInfo>,
    /// name → address (`localhost` is always `127.0.0.1`).
    pub hosts: BTreeMap<String, String>,
    /// (host, port) → the response of the server listening there.
    pub servers: BTreeMap<(String, u16), HttpResponse>,
    /// Hosts that resolve but drop packets.
    pub unreachable: Vec<String>,
    /// Outside commands: name → what they print on stdout (status 0).
    pub externals: BTreeMap<String, String>,
    /// argv of every outside command run.
    pub calls: Vec<Vec<String>>,
    /// Requests the fake servers received.
    pub requests: Vec<HttpRequest>,
    /// When set, only these utilities are installed.
    pub installed: Option<Vec<String>>,
    pub cleared: u32,
}

impl TestSystem {
    /// A Debian-like host: `/home/student` as home and cwd, a few files.
    pub fn new() -> TestSystem {
        let mut fs = Tree::new();
        fs.put("/home/student", Node::dir());
        fs.put(
            "/tmp",
            Node::Dir {
                mode: 0o1777,
                opaque: false,
            },
        );
        fs.put("/etc/hostname", Node::file("dockyard\n"));
        fs.put("/etc/resolv.conf", Node::file("nameserver 127.0.0.53\n"));
        TestSystem {
            fs,
            env: vec![
                ("HOME".into(), "/home/student".into()),
                (
                    "PATH".into(),
                    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
                ),
                ("PWD".into(), "/home/student".into()),
                ("USER".into(), "student".into()),
                ("LANG".into(), "C.UTF-8".into()),
            ],
            cwd: "/home/student".into(),
            hostname: "dockyard".into(),
            uid: 1000,
            user: "student".into(),
            now: T0,
            procs: vec![ProcessInfo {
                pid: 1,
                ppid: 0,
                user: "root".into(),
                command: "/sbin/init".into(),
                start: T0 - 3_600_000_000_000,
                ..ProcessInfo::default()
            }],
            hosts: BTreeMap::new(),
            servers: BTreeMap::new(),
            unreachable: Vec::new(),
            externals: BTreeMap::new(),
            calls: Vec::new(),
            requests: Vec::new(),
            installed: None,
            cleared: 0,
        }
    }

    /// A container: root in `/`, `/.dockerenv`, hostname like Docker's.
    pub fn container() -> TestSystem {
        let mut s = TestSystem::new();
        s.fs.put("/.dockerenv", Node::file(""));
        s.fs.put(
            "/root",
            Node::Dir {
                mode: 0o700,
                opaque: false,
            },
        );
        s.fs.put("/etc/resolv.conf", Node::file("nameserver 127.0.0.11\n"));
        s.env = vec![
            (
                "PATH".into(),
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
            ),
            ("HOSTNAME".into(), "8dcddea20192".into()),
            ("HOME".into(), "/root".into()),
        ];
        s.cwd = "/".into();
        s.hostname = "8dcddea20192".into();
        s.uid = 0;
        s.user = "root".into();
        s.procs = vec![ProcessInfo {
            pid: 1,
            user: "root".into(),
            command: "python -m http.server 8888".into(),
            start: T0 - 60_000_000_000,
            ..ProcessInfo::default()
        }];
        s
    }

    /// Writes a file (parents created).
    pub fn file(&mut self, path: &str, text: &str) {
        self.fs.put(path, Node::file(text));
    }

    /// A server answering every request on host:port with `body`.
    pub fn serve(&mut self, host: &str, port: u16, body: &str) {
        self.servers.insert((host.to_string(), port), HttpResponse::ok(body));
    }

    /// Text of a file, if any.
    pub fn text(&self, path: &str) -> Option<String> {
        self.read_string(path).ok()
    }
}

impl Default for TestSystem {
    fn default() -> Self {
        TestSystem::new()
    }
}

impl Vfs for TestSystem {
    fn lstat(&self, p: &str) -> Option<Node> {
        self.fs.lstat(p)
    }
    fn list(&self, p: &str) -> Result<Vec<(String, Node)>, FsError> {
        self.fs.list(p)
    }
    fn write_node(&mut self, p: &str, node: Node) -> Result<(), FsError> {
        self.fs.write_node(p, node)
    }
    fn remove_path(&mut self, p: &str) -> Result<(), FsError> {
        self.fs.remove_path(p)
    }
}

impl System for TestSystem {
    fn env(&self) -> Vec<(String, String)> {
        self.env.clone()
    }
    fn get_env(&self, k: &str) -> Option<String> {
        self.env.iter().find(|(ek, _)| ek == k).map(|(_, v)| v.clone())
    }
    fn set_env(&mut self, k: &str, v: &str) {
        match self.env.iter_mut().find(|(ek, _)| ek == k) {
            Some(e) => e.1 = v.to_string(),
            None => self.env.push((k.to_string(), v.to_string())),
        }
    }
    fn unset_env(&mut self, k: &str) {
        self.env.retain(|(ek, _)| ek != k);
    }
    fn cwd(&self) -> String {
        self.cwd.clone()
    }
    fn set_cwd(&mut self, dir: &str) {
        self.cwd = normalize("/", dir);
    }
    fn hostname(&self) -> String {
        self.hostname.clone()
    }
    fn user(&self) -> (u32, String) {
        (self.uid, self.user.clone())
    }
    fn now(&self) -> i64 {
        self.now
    }
    fn processes(&self) -> Vec<ProcessInfo> {
        self.procs.clone()
    }
    fn lookup_host(&self, host: &str) -> Result<String, NetError> {
        if host == "localhost" {
            return Ok("127.0.0.1".into());
        }
        if host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok()) {
            return Ok(host.to_string());
        }
        if host == self.hostname {
            return Ok("172.17.0.2".into());
        }
        self.hosts.get(host).cloned().ok_or(NetError::CouldNotResolve)
    }
    fn http(&mut self, req: &HttpRequest) -> Result<HttpResponse, NetError> {
        self.requests.push(req.clone());
        if self.unreachable.contains(&req.host) {
            return Err(NetError::Timeout);
        }
        self.lookup_host(&req.host)?;
        self.servers
            .get(&(req.host.clone(), req.port))
            .cloned()
            .ok_or(NetError::ConnectionRefused)
    }
    fn ping(&mut self, host: &str) -> Result<String, NetError> {
        let ip = self.lookup_host(host)?;
        if self.unreachable.iter().any(|h| h == host) {
            return Err(NetError::Timeout);
        }
        Ok(ip)
    }
    fn sleep(&mut self, secs: f64) {
        self.now = self.now.saturating_add((secs * 1e9) as i64);
    }
    fn external(&mut self, argv: &[String], _stdin: &str, io: &mut Io) -> Option<i32> {
        let out = self.externals.get(&argv[0])?.clone();
        self.calls.push(argv.to_vec());
        io.out(out);
        Some(0)
    }
    fn has_utility(&self, name: &str) -> bool {
        self.installed.as_ref().is_none_or(|v| v.iter().any(|x| x == name))
    }
    fn clear_screen(&mut self) {
        self.cleared += 1;
    }
}
