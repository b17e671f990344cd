//! A running simulated server (http.server or Flask): answers requests and
//! reports the process output (logs) it produces.

use crate::host::PyHost;
use crate::http::{HttpRequest, HttpResponse};
use crate::interp::{Interp, Stream};
use crate::value::{NativeData, Obj, ObjId};
use crate::{OutputChunk, PyOutput};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerKind {
    /// `http.server` / `socketserver` (also `python -m http.server`).
    HttpServer,
    /// A Flask app (`app.run()` or `flask run`).
    Flask,
}

/// A simulated process blocked in `serve_forever()` / `app.run()`.
///
/// Clone it to snapshot the process (the whole interpreter state is owned).
#[derive(Clone)]
pub struct Server {
    pub(crate) interp: Interp,
    pub(crate) obj: ObjId,
    kind: ServerKind,
    addr: String,
    port: u16,
    /// `python -m http.server` (its Ctrl-C path prints a message, exit 0).
    module_mode: bool,
    traceback_prefix: String,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("kind", &self.kind)
            .field("addr", &self.addr)
            .field("port", &self.port)
            .finish()
    }
}

impl Server {
    pub(crate) fn new(interp: Interp, obj: ObjId, module_mode: bool, traceback_prefix: String) -> Option<Server> {
        let (kind, addr, port) = match interp.obj(obj) {
            Obj::Instance(inst) => match &inst.native {
                NativeData::Server(s) => (ServerKind::HttpServer, s.host.clone(), s.port),
                NativeData::Flask(f) => (ServerKind::Flask, f.host.clone(), f.port),
                _ => return None,
            },
            _ => return None,
        };
        let mut interp = interp;
        interp.serving = Some(obj);
        interp.frames.clear();
        interp.collect_garbage(&[]);
        Some(Server {
            interp,
            obj,
            kind,
            addr,
            port,
            module_mode,
            traceback_prefix,
        })
    }

    pub fn kind(&self) -> ServerKind {
        self.kind
    }

    /// Address the socket is bound to: `0.0.0.0`, `::`, `127.0.0.1`, ...
    pub fn address(&self) -> &str {
        &self.addr
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// False when bound to loopback only (e.g. Flask's default 127.0.0.1):
    /// then a published port (`-p 5000:5000`) cannot reach it, as in Docker.
    pub fn reachable_from_outside(&self) -> bool {
        !(self.addr.starts_with("127.") || self.addr == "::1" || self.addr == "localhost")
    }

    /// Answer one HTTP request. Access log lines and anything the handler
    /// prints are collected; fetch them with [`Server::take_output`].
    pub fn handle(&mut self, req: &HttpRequest, host: &mut dyn PyHost) -> HttpResponse {
        let i = &mut self.interp;
        i.reset_stack_base();
        i.steps = 0;
        i.slept = 0.0;
        let resp = match self.kind {
            ServerKind::HttpServer => crate::http::handle_request(i, self.obj, req, host),
            ServerKind::Flask => crate::flask::handle_request(i, self.obj, req, host),
        };
        i.frames.clear();
        i.roots.clear();
        i.handling.clear();
        if i.cells > 100_000 {
            i.collect_garbage(&[]);
        }
        resp
    }

    /// Output that became visible since the last call (stdout only once
    /// flushed: with a non-tty stdout and no `PYTHONUNBUFFERED`, `print`
    /// output stays in Python's 8 KiB buffer).
    pub fn take_output(&mut self) -> PyOutput {
        PyOutput::from_chunks(self.interp.out.take())
    }

    /// Text printed but still sitting in the stdout buffer (lost if the
    /// process is killed, as with `docker stop` on PID 1).
    pub fn pending_stdout(&self) -> &str {
        &self.interp.out.pending
    }

    /// Ctrl-C (SIGINT): returns the final output and exit code.
    pub fn interrupt(mut self) -> (PyOutput, i32) {
        let code = match self.kind {
            ServerKind::Flask => 0,
            ServerKind::HttpServer if self.module_mode => {
                self.interp.write_stdout("\nKeyboard interrupt received, exiting.\n");
                0
            }
            ServerKind::HttpServer => {
                let lib = crate::modules::lib_dir(&self.interp);
                let carets = self.interp.cfg.minor >= 11;
                let mut tb = String::from("Traceback (most recent call last):\n");
                tb.push_str(&self.traceback_prefix);
                tb.push_str(&format!("  File \"{lib}/socketserver.py\", line 233, in serve_forever\n    ready = selector.select(poll_interval)\n"));
                if carets {
                    tb.push_str(&format!("            {}\n", "^".repeat(30)));
                }
                tb.push_str(&format!("  File \"{lib}/selectors.py\", line 415, in select\n    fd_event_list = self._selector.poll(timeout, max_ev)\n"));
                if carets {
                    tb.push_str(&format!("                    {}\n", "^".repeat(36)));
                }
                tb.push_str("KeyboardInterrupt\n");
                self.interp.write_stderr(&tb);
                130
            }
        };
        self.interp.out.flush();
        (PyOutput::from_chunks(self.interp.out.take()), code)
    }

    /// Ordered output chunks (stdout/stderr) since the last take.
    pub fn take_chunks(&mut self) -> Vec<OutputChunk> {
        self.interp
            .out
            .take()
            .into_iter()
            .map(|(s, t)| OutputChunk {
                stderr: s == Stream::Stderr,
                text: t,
            })
            .collect()
    }
}
