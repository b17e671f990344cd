//! Suspension at `input()` in interactive sessions: the program is re-run
//! from a snapshot with the typed lines queued, and a host wrapper replays
//! recorded effects (writes, sleeps, clock, randomness) so nothing happens twice.

use std::cell::{Cell, RefCell};

use crate::host::{DirEntry, FsError, PyHost};

/// Results of effectful host calls made by earlier runs of the same code.
#[derive(Clone, Debug, Default)]
pub(crate) struct HostLog {
    writes: Vec<Result<(), FsError>>,
    sleeps: usize,
    randoms: Vec<u64>,
    nows: Vec<f64>,
}

/// A host that answers from the log first, then records new calls.
pub(crate) struct ReplayHost<'a> {
    inner: &'a mut dyn PyHost,
    log: RefCell<&'a mut HostLog>,
    w: usize,
    s: usize,
    r: usize,
    n: Cell<usize>,
}

impl<'a> ReplayHost<'a> {
    pub(crate) fn new(inner: &'a mut dyn PyHost, log: &'a mut HostLog) -> Self {
        ReplayHost {
            inner,
            log: RefCell::new(log),
            w: 0,
            s: 0,
            r: 0,
            n: Cell::new(0),
        }
    }
}

impl PyHost for ReplayHost<'_> {
    fn getenv(&self, key: &str) -> Option<String> {
        self.inner.getenv(key)
    }
    fn environ(&self) -> Vec<(String, String)> {
        self.inner.environ()
    }
    fn read_file(&self, path: &str) -> Result<Vec<u8>, FsError> {
        self.inner.read_file(path)
    }
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let k = self.w;
        self.w += 1;
        if let Some(r) = self.log.get_mut().writes.get(k) {
            return *r;
        }
        let r = self.inner.write_file(path, data, append);
        self.log.get_mut().writes.push(r);
        r
    }
    fn list_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        self.inner.list_dir(path)
    }
    fn cwd(&self) -> String {
        self.inner.cwd()
    }
    fn now_unix(&self) -> f64 {
        let k = self.n.get();
        self.n.set(k + 1);
        if let Some(t) = self.log.borrow().nows.get(k) {
            return *t;
        }
        let t = self.inner.now_unix();
        self.log.borrow_mut().nows.push(t);
        t
    }
    fn stdin_line(&mut self) -> Option<String> {
        self.inner.stdin_line()
    }
    fn sleep(&mut self, secs: f64) {
        let k = self.s;
        self.s += 1;
        if k < self.log.get_mut().sleeps {
            return;
        }
        self.inner.sleep(secs);
        self.log.get_mut().sleeps += 1;
    }
    fn random_u64(&mut self) -> u64 {
        let k = self.r;
        self.r += 1;
        if let Some(v) = self.log.get_mut().randoms.get(k) {
            return *v;
        }
        let v = self.inner.random_u64();
        self.log.get_mut().randoms.push(v);
        v
    }
    fn mtime(&self, path: &str) -> Option<f64> {
        self.inner.mtime(path)
    }
}
