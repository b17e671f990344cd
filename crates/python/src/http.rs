//! `http.server` / `socketserver`: request handler classes, HTTPServer, the
//! byte-exact SimpleHTTPRequestHandler (directory listing, files, errors)
//! and access-log lines as CPython 3.11 writes them.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::builtins::{abspath, new_native_class};
use crate::host::PyHost;
use crate::interp::{Flow, Interp, Kw, R};
use crate::value::*;

/// An HTTP request delivered to a simulated server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// Request target as sent, e.g. `/files/?q=1`.
    pub path: String,
    /// `HTTP/1.1` (curl, wget) or `HTTP/1.0`.
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Client IP as seen by the server (e.g. `172.17.0.1` through a published port).
    pub client_addr: String,
    pub client_port: u16,
}

impl HttpRequest {
    /// A simple `GET` as curl would send it.
    pub fn get(path: &str, client: &str) -> Self {
        HttpRequest {
            method: "GET".into(),
            path: path.into(),
            version: "HTTP/1.1".into(),
            headers: vec![
                ("Host".into(), "localhost".into()),
                ("User-Agent".into(), "curl/8.4.0".into()),
                ("Accept".into(), "*/*".into()),
            ],
            body: Vec::new(),
            client_addr: client.into(),
            client_port: 54321,
        }
    }
}

/// The server's answer. `status == 0` means the handler wrote no valid status
/// line; `body` then holds the raw bytes written to the socket (empty: curl's
/// "Empty reply from server").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub version: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The response as it goes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        if self.status == 0 {
            return self.body.clone();
        }
        let mut out = format!("{} {} {}\r\n", self.version, self.status, self.reason).into_bytes();
        for (k, v) in &self.headers {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parse raw bytes written by a handler.
    pub fn parse(raw: &[u8]) -> HttpResponse {
        let raw_resp = || HttpResponse {
            version: String::new(),
            status: 0,
            reason: String::new(),
            headers: vec![],
            body: raw.to_vec(),
        };
        if !raw.starts_with(b"HTTP/") {
            return raw_resp();
        }
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            return raw_resp();
        };
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or("").to_string();
        let Some(status) = parts.next().and_then(|s| s.parse::<u16>().ok()) else {
            return raw_resp();
        };
        let reason = parts.next().unwrap_or("").to_string();
        let headers = lines
            .filter_map(|l| {
                l.split_once(':')
                    .map(|(k, v)| (k.to_string(), v.trim_start().to_string()))
            })
            .collect();
        HttpResponse {
            version,
            status,
            reason,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }
}

/// What `HTTPServer(...)` / `TCPServer(...)` was created with.
#[derive(Clone, Debug)]
pub struct ServerSpec {
    pub host: String,
    pub port: u16,
    pub handler: Value,
    /// `--directory` of `python -m http.server`.
    pub directory: Option<String>,
}

impl ServerSpec {
    pub fn children(&self, out: &mut Vec<Value>) {
        out.push(self.handler.clone());
    }
}

/// Per-request state of a handler instance.
#[derive(Clone, Debug, Default)]
pub struct HandlerState {
    pub out: Vec<u8>,
    pub headers_buffer: Option<Vec<u8>>,
    pub body: Vec<u8>,
    pub rpos: usize,
}

impl HandlerState {
    pub fn children(&self, _out: &mut [Value]) {}
}

pub fn status_text(code: u16) -> (&'static str, &'static str) {
    match code {
        100 => ("Continue", "Request received, please continue"),
        101 => ("Switching Protocols", "Switching to new protocol; obey Upgrade header"),
        200 => ("OK", "Request fulfilled, document follows"),
        201 => ("Created", "Document created, URL follows"),
        202 => ("Accepted", "Request accepted, processing continues off-line"),
        204 => ("No Content", "Request fulfilled, nothing follows"),
        206 => ("Partial Content", "Partial content follows"),
        301 => ("Moved Permanently", "Object moved permanently -- see URI list"),
        302 => ("Found", "Object moved temporarily -- see URI list"),
        303 => ("See Other", "Object moved -- see Method and URL list"),
        304 => ("Not Modified", "Document has not changed since given time"),
        307 => ("Temporary Redirect", "Object moved temporarily -- see URI list"),
        308 => ("Permanent Redirect", "Object moved permanently -- see URI list"),
        400 => ("Bad Request", "Bad request syntax or unsupported method"),
        401 => ("Unauthorized", "No permission -- see authorization schemes"),
        403 => ("Forbidden", "Request forbidden -- authorization will not succeed"),
        404 => ("Not Found", "Nothing matches the given URI"),
        405 => ("Method Not Allowed", "Specified method is invalid for this resource"),
        408 => ("Request Timeout", "Request timed out; try again later"),
        409 => ("Conflict", "Request conflict"),
        410 => ("Gone", "URI no longer exists and has been permanently removed"),
        413 => ("Request Entity Too Large", "Entity is too large"),
        415 => ("Unsupported Media Type", "Entity body in unsupported format"),
        418 => ("I'm a Teapot", "Server refuses to brew coffee because it is a teapot."),
        422 => ("Unprocessable Entity", ""),
        429 => (
            "Too Many Requests",
            "The user has sent too many requests in a given amount of time (\"rate limiting\")",
        ),
        500 => ("Internal Server Error", "Server got itself in trouble"),
        501 => ("Not Implemented", "Server does not support this operation"),
        502 => ("Bad Gateway", "Invalid responses from another server/proxy."),
        503 => (
            "Service Unavailable",
            "The server cannot process the request due to a high load",
        ),
        504 => (
            "Gateway Timeout",
            "The gateway server did not receive a timely response",
        ),
        _ => ("", ""),
    }
}

/// Create the `http.server` and `socketserver` modules (returns both ids).
pub fn install_module(i: &mut Interp) -> R<(ObjId, ObjId)> {
    if let (Some(a), Some(b)) = (i.modules.get("http.server"), i.modules.get("socketserver")) {
        return Ok((*a, *b));
    }
    let lib = crate::modules::lib_dir(i);
    let ss_env = i.new_env(None)?;
    i.env_set(ss_env, "__name__", Value::str("socketserver"));
    let tcp = new_native_class(i, "TCPServer", "socketserver", vec![], NativeClass::HttpServer);
    let ttcp = new_native_class(
        i,
        "ThreadingTCPServer",
        "socketserver",
        vec![tcp],
        NativeClass::HttpServer,
    );
    i.env_set(ss_env, "TCPServer", Value::Obj(tcp));
    i.env_set(ss_env, "ThreadingTCPServer", Value::Obj(ttcp));
    let ss = i.alloc(Obj::Module(Module {
        name: Arc::from("socketserver"),
        env: ss_env,
        file: Some(Arc::from(format!("{lib}/socketserver.py").as_str())),
    }))?;
    i.modules.insert("socketserver".into(), ss);

    let hs_env = i.new_env(None)?;
    i.env_set(hs_env, "__name__", Value::str("http.server"));
    let httpserver = new_native_class(i, "HTTPServer", "http.server", vec![tcp], NativeClass::HttpServer);
    let threading = new_native_class(
        i,
        "ThreadingHTTPServer",
        "http.server",
        vec![httpserver],
        NativeClass::HttpServer,
    );
    let base = new_native_class(
        i,
        "BaseHTTPRequestHandler",
        "http.server",
        vec![],
        NativeClass::BaseHandler,
    );
    let simple = new_native_class(
        i,
        "SimpleHTTPRequestHandler",
        "http.server",
        vec![base],
        NativeClass::SimpleHandler,
    );
    if let Some(Obj::Class(c)) = i.obj_mut(base) {
        c.attrs.insert(Arc::from("protocol_version"), Value::str("HTTP/1.0"));
        c.attrs.insert(Arc::from("server_version"), Value::str("BaseHTTP/0.6"));
        c.attrs
            .insert(Arc::from("error_content_type"), Value::str("text/html;charset=utf-8"));
    }
    if let Some(Obj::Class(c)) = i.obj_mut(simple) {
        c.attrs
            .insert(Arc::from("server_version"), Value::str("SimpleHTTP/0.6"));
    }
    for (n, c) in [
        ("HTTPServer", httpserver),
        ("ThreadingHTTPServer", threading),
        ("BaseHTTPRequestHandler", base),
        ("SimpleHTTPRequestHandler", simple),
    ] {
        i.env_set(hs_env, n, Value::Obj(c));
    }
    i.classes.insert("http.server.SimpleHTTPRequestHandler", simple);
    i.classes.insert("http.server.HTTPServer", httpserver);
    i.classes.insert("http.server.ThreadingHTTPServer", threading);
    let hs = i.alloc(Obj::Module(Module {
        name: Arc::from("http.server"),
        env: hs_env,
        file: Some(Arc::from(format!("{lib}/http/server.py").as_str())),
    }))?;
    i.modules.insert("http.server".into(), hs);
    Ok((hs, ss))
}

pub fn server_has_method(name: &str) -> bool {
    matches!(
        name,
        "serve_forever" | "handle_request" | "server_close" | "shutdown" | "__enter__" | "__exit__" | "fileno"
    )
}

pub fn server_new(i: &mut Interp, args: &[Value], _h: &mut dyn PyHost) -> R<NativeData> {
    let addr = args.first().cloned().unwrap_or(Value::None);
    let handler = args.get(1).cloned().unwrap_or(Value::None);
    let Value::Tuple(t) = &addr else {
        return Err(i.exc(
            "TypeError",
            "AF_INET address must be tuple, not ".to_string() + &i.type_name(&addr),
        ));
    };
    if t.len() != 2 {
        return Err(i.exc("TypeError", "AF_INET address must be a pair (host, port)"));
    }
    let host = match &t[0] {
        Value::Str(s) => s.to_string(),
        other => {
            let tn = i.type_name(other);
            return Err(i.exc("TypeError", format!("str, bytes or bytearray expected, not {tn}")));
        }
    };
    let port = match &t[1] {
        Value::Int(p) if (0..=65535).contains(p) => *p as u16,
        Value::Int(_) => return Err(i.exc("OverflowError", "bind(): port must be 0-65535.")),
        other => {
            let tn = i.type_name(other);
            return Err(i.exc(
                "TypeError",
                format!("'{tn}' object cannot be interpreted as an integer"),
            ));
        }
    };
    let host = match host.as_str() {
        "" => "0.0.0.0".to_string(),
        "localhost" => "127.0.0.1".to_string(),
        h if h.parse::<std::net::Ipv4Addr>().is_ok() => h.to_string(),
        h => {
            if h == i.cfg.container_ip {
                h.to_string()
            } else {
                return Err(i.exc("OSError", "[Errno 99] Address not available"));
            }
        }
    };
    if !matches!(host.as_str(), "0.0.0.0" | "127.0.0.1") && host != i.cfg.container_ip && !host.starts_with("127.") {
        return Err(i.exc("OSError", "[Errno 99] Address not available"));
    }
    Ok(NativeData::Server(Box::new(ServerSpec {
        host,
        port,
        handler,
        directory: None,
    })))
}

fn spec_of(i: &Interp, v: &Value) -> Option<ServerSpec> {
    match v {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => match &inst.native {
                NativeData::Server(s) => Some((**s).clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

pub fn server_attr(i: &mut Interp, v: &Value, name: &str) -> R<Option<Value>> {
    let Some(s) = spec_of(i, v) else {
        return Ok(None);
    };
    Ok(match name {
        "server_address" => Some(Value::tuple(vec![Value::str(&s.host), Value::Int(s.port as i128)])),
        "server_port" => Some(Value::Int(s.port as i128)),
        "server_name" => Some(Value::str(&s.host)),
        "RequestHandlerClass" => Some(s.handler.clone()),
        _ => None,
    })
}

pub fn server_method(
    i: &mut Interp,
    recv: &Value,
    name: &str,
    _args: Vec<Value>,
    _kw: Kw,
    _h: &mut dyn PyHost,
) -> R<Value> {
    match name {
        "serve_forever" => {
            let Value::Obj(id) = recv else { return Ok(Value::None) };
            let Some(spec) = spec_of(i, recv) else {
                return Ok(Value::None);
            };
            let ok = match &spec.handler {
                Value::Obj(c) => crate::builtins::native_class_of(i, *c)
                    .is_some_and(|n| matches!(n, NativeClass::BaseHandler | NativeClass::SimpleHandler)),
                _ => false,
            };
            if !ok {
                return Err(i.exc(
                    "NotImplementedError",
                    "only http.server request handlers (subclasses of BaseHTTPRequestHandler) are simulated by Dockyard",
                ));
            }
            Err(crate::interp::serve_flow(*id))
        }
        "handle_request" => Err(i.exc(
            "NotImplementedError",
            "handle_request() is not supported by the Dockyard Python simulator; use serve_forever()",
        )),
        "__enter__" => Ok(recv.clone()),
        "fileno" => Ok(Value::Int(3)),
        _ => Ok(Value::None),
    }
}

pub fn handler_has_method(nc: NativeClass, name: &str) -> bool {
    let base = matches!(
        name,
        "send_response"
            | "send_response_only"
            | "send_header"
            | "end_headers"
            | "flush_headers"
            | "send_error"
            | "log_message"
            | "log_request"
            | "log_error"
            | "address_string"
            | "date_time_string"
            | "log_date_time_string"
            | "version_string"
    );
    base || (nc == NativeClass::SimpleHandler
        && matches!(
            name,
            "do_GET" | "do_HEAD" | "translate_path" | "guess_type" | "list_directory"
        ))
}

pub fn handler_attr(i: &mut Interp, v: &Value, name: &str) -> R<Option<Value>> {
    let _ = (i, v, name);
    Ok(None)
}

fn state_mut<'a>(i: &'a mut Interp, v: &Value) -> Option<&'a mut HandlerState> {
    match v {
        Value::Obj(id) => match i.obj_mut(*id) {
            Some(Obj::Instance(inst)) => match &mut inst.native {
                NativeData::Handler(s) => Some(s),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

pub fn wfile_write(i: &mut Interp, owner: ObjId, data: &[u8]) -> R<()> {
    i.grow(data.len() / 32)?;
    if let Some(s) = state_mut(i, &Value::Obj(owner)) {
        if s.out.len() + data.len() > crate::interp::MAX_STR {
            return Err(i.exc("MemoryError", ""));
        }
        s.out.extend_from_slice(data);
    }
    Ok(())
}

pub fn rfile_read(i: &mut Interp, owner: ObjId, n: Option<usize>) -> Vec<u8> {
    match state_mut(i, &Value::Obj(owner)) {
        Some(s) => {
            let rest = s.body.get(s.rpos..).unwrap_or(&[]);
            let take = n.unwrap_or(rest.len()).min(rest.len());
            let out = rest[..take].to_vec();
            s.rpos += take;
            out
        }
        None => Vec::new(),
    }
}

fn attr_str(i: &mut Interp, v: &Value, name: &str, h: &mut dyn PyHost) -> R<String> {
    let a = i.getattr(v, name, h)?;
    i.str_of(&a, h)
}

fn log_date_time(secs: f64) -> String {
    crate::modules::strftime("%d/%b/%Y %H:%M:%S", secs.floor() as i64, 0)
}

pub fn handler_method(
    i: &mut Interp,
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    _kw: Kw,
    h: &mut dyn PyHost,
) -> R<Value> {
    match name {
        "send_response" => {
            let code = args.first().cloned().unwrap_or(Value::Int(200));
            i.call_method(recv, "log_request", vec![code.clone()], h)?;
            let mut a = vec![code];
            a.extend(args.into_iter().skip(1));
            handler_method(i, recv, "send_response_only", a, Vec::new(), h)?;
            let vs = i.call_method(recv, "version_string", vec![], h)?;
            let ds = i.call_method(recv, "date_time_string", vec![], h)?;
            handler_method(i, recv, "send_header", vec![Value::str("Server"), vs], Vec::new(), h)?;
            handler_method(i, recv, "send_header", vec![Value::str("Date"), ds], Vec::new(), h)?;
            Ok(Value::None)
        }
        "send_response_only" => {
            let code = match args.first() {
                Some(Value::Int(c)) => *c,
                Some(other) => {
                    let tn = i.type_name(other);
                    return Err(i.exc("TypeError", format!("%d format: a real number is required, not {tn}")));
                }
                None => {
                    return Err(i.exc(
                        "TypeError",
                        "send_response_only() missing 1 required positional argument: 'code'",
                    ));
                }
            };
            let msg = match args.get(1) {
                Some(Value::None) | None => status_text(code.clamp(0, 999) as u16).0.to_string(),
                Some(v) => i.str_of(v, h)?,
            };
            let proto = attr_str(i, recv, "protocol_version", h)?;
            let line = format!("{proto} {code} {msg}\r\n");
            if let Some(s) = state_mut(i, recv) {
                s.headers_buffer
                    .get_or_insert_with(Vec::new)
                    .extend_from_slice(&latin1(&line));
            }
            Ok(Value::None)
        }
        "send_header" => {
            if args.len() != 2 {
                return Err(i.exc(
                    "TypeError",
                    format!(
                        "send_header() takes 3 positional arguments but {} were given",
                        args.len() + 1
                    ),
                ));
            }
            let k = i.str_of(&args[0], h)?;
            let v = i.str_of(&args[1], h)?;
            let line = format!("{k}: {v}\r\n");
            if let Some(s) = state_mut(i, recv) {
                s.headers_buffer
                    .get_or_insert_with(Vec::new)
                    .extend_from_slice(&latin1(&line));
            }
            Ok(Value::None)
        }
        "end_headers" | "flush_headers" => {
            let cls = i
                .class_of(recv)
                .map(|c| i.class_name(c))
                .unwrap_or_else(|| Arc::from("handler"));
            let missing = match state_mut(i, recv) {
                Some(s) if name == "end_headers" => match s.headers_buffer.as_mut() {
                    Some(b) => {
                        b.extend_from_slice(b"\r\n");
                        false
                    }
                    None => true,
                },
                _ => false,
            };
            if missing {
                return Err(i.exc(
                    "AttributeError",
                    format!("'{cls}' object has no attribute '_headers_buffer'"),
                ));
            }
            if let Some(s) = state_mut(i, recv)
                && let Some(b) = s.headers_buffer.take()
            {
                s.out.extend_from_slice(&b);
                s.headers_buffer = Some(Vec::new());
            }
            Ok(Value::None)
        }
        "send_error" => {
            let code = match args.first() {
                Some(Value::Int(c)) => *c,
                _ => {
                    return Err(i.exc(
                        "TypeError",
                        "send_error() missing 1 required positional argument: 'code'",
                    ));
                }
            };
            let (short, long) = status_text(code.clamp(0, 999) as u16);
            let (short, long) = if short.is_empty() {
                ("???", "???")
            } else {
                (short, long)
            };
            let message = match args.get(1) {
                Some(Value::None) | None => short.to_string(),
                Some(v) => i.str_of(v, h)?,
            };
            let explain = match args.get(2) {
                Some(Value::None) | None => long.to_string(),
                Some(v) => i.str_of(v, h)?,
            };
            i.call_method(
                recv,
                "log_error",
                vec![
                    Value::str("code %d, message %s"),
                    Value::Int(code),
                    Value::str(&message),
                ],
                h,
            )?;
            handler_method(
                i,
                recv,
                "send_response",
                vec![Value::Int(code), Value::str(&message)],
                Vec::new(),
                h,
            )?;
            handler_method(
                i,
                recv,
                "send_header",
                vec![Value::str("Connection"), Value::str("close")],
                Vec::new(),
                h,
            )?;
            let mut body = None;
            if code >= 200 && !matches!(code, 204 | 205 | 304) {
                let content = format!(
                    "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: {code}</p>\n        <p>Message: {}.</p>\n        <p>Error code explanation: {code} - {}.</p>\n    </body>\n</html>\n",
                    html_escape(&message),
                    html_escape(&explain)
                );
                let ct = attr_str(i, recv, "error_content_type", h)?;
                handler_method(
                    i,
                    recv,
                    "send_header",
                    vec![Value::str("Content-Type"), Value::str(&ct)],
                    Vec::new(),
                    h,
                )?;
                handler_method(
                    i,
                    recv,
                    "send_header",
                    vec![Value::str("Content-Length"), Value::str(&content.len().to_string())],
                    Vec::new(),
                    h,
                )?;
                body = Some(content);
            }
            handler_method(i, recv, "end_headers", vec![], Vec::new(), h)?;
            let command = attr_str(i, recv, "command", h)?;
            if let (Some(b), false) = (body, command == "HEAD")
                && let Some(s) = state_mut(i, recv)
            {
                s.out.extend_from_slice(b.as_bytes());
            }
            Ok(Value::None)
        }
        "log_request" => {
            let code = match args.first() {
                Some(v) => i.str_of(v, h)?,
                None => "-".into(),
            };
            let size = match args.get(1) {
                Some(v) => i.str_of(v, h)?,
                None => "-".into(),
            };
            let rl = attr_str(i, recv, "requestline", h)?;
            i.call_method(
                recv,
                "log_message",
                vec![
                    Value::str("\"%s\" %s %s"),
                    Value::str(&rl),
                    Value::str(&code),
                    Value::str(&size),
                ],
                h,
            )?;
            Ok(Value::None)
        }
        "log_error" => {
            i.call_method(recv, "log_message", args, h)?;
            Ok(Value::None)
        }
        "log_message" => {
            let Some((fmt, rest)) = args.split_first() else {
                return Err(i.exc(
                    "TypeError",
                    "log_message() missing 1 required positional argument: 'format'",
                ));
            };
            let fmt = i.str_of(fmt, h)?;
            let msg = crate::format::percent_format(i, &fmt, &Value::tuple(rest.to_vec()), h)?;
            let addr = i.call_method(recv, "address_string", vec![], h)?;
            let addr = i.str_of(&addr, h)?;
            let when = i.call_method(recv, "log_date_time_string", vec![], h)?;
            let when = i.str_of(&when, h)?;
            let msg: String = msg
                .chars()
                .map(|c| {
                    if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) {
                        format!("\\x{:02x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            i.write_stderr(&format!("{addr} - - [{when}] {msg}\n"));
            Ok(Value::None)
        }
        "address_string" => {
            let ca = i.getattr(recv, "client_address", h)?;
            match ca {
                Value::Tuple(t) if !t.is_empty() => Ok(t[0].clone()),
                other => Ok(other),
            }
        }
        "date_time_string" => {
            let t = match args.first() {
                Some(Value::Int(n)) => *n as f64,
                Some(Value::Float(f)) => *f,
                _ => h.now_unix(),
            };
            Ok(Value::str(&crate::modules::http_date(t.floor() as i64)))
        }
        "log_date_time_string" => Ok(Value::str(&log_date_time(h.now_unix()))),
        "version_string" => {
            let sv = attr_str(i, recv, "server_version", h)?;
            Ok(Value::str(&format!("{sv} Python/{}", i.cfg.version)))
        }
        "do_GET" | "do_HEAD" => {
            simple_send_head(i, recv, name == "do_HEAD", h)?;
            Ok(Value::None)
        }
        "translate_path" => {
            let p = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => "/".into(),
            };
            let dir = attr_str(i, recv, "directory", h)?;
            Ok(Value::str(&translate_path(&p, &dir)))
        }
        "guess_type" => {
            let p = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            Ok(Value::str(guess_type(&p)))
        }
        "list_directory" => {
            let p = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => "/".into(),
            };
            list_directory(i, recv, &p, false, h)?;
            Ok(Value::None)
        }
        _ => Err(i.exc(
            "AttributeError",
            format!("'BaseHTTPRequestHandler' object has no attribute '{name}'"),
        )),
    }
}

fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| if (c as u32) < 256 { c as u32 as u8 } else { b'?' })
        .collect()
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'%'
            && k + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[k + 1..k + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            k += 3;
            continue;
        }
        out.push(b[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

fn quote(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn translate_path(path: &str, directory: &str) -> String {
    let path = path.split('?').next().unwrap_or("");
    let path = path.split('#').next().unwrap_or("");
    let trailing = path.trim_end().ends_with('/');
    let path = unquote(path);
    let norm = crate::builtins::normpath(&format!("/{path}"));
    let mut out = directory.trim_end_matches('/').to_string();
    if out.is_empty() {
        out.push('/');
    }
    for w in norm.split('/').filter(|w| !w.is_empty()) {
        if w == "." || w == ".." {
            continue;
        }
        if !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(w);
    }
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

pub fn guess_type(path: &str) -> &'static str {
    let base = path.rsplit('/').next().unwrap_or("");
    let ext = match base.rfind('.') {
        Some(k) if k > 0 => base[k..].to_ascii_lowercase(),
        _ => return "application/octet-stream",
    };
    match ext.as_str() {
        ".html" | ".htm" => "text/html",
        ".txt" | ".text" | ".log" | ".conf" | ".cfg" => "text/plain",
        ".py" => "text/x-python",
        ".json" => "application/json",
        ".css" => "text/css",
        ".js" | ".mjs" => "text/javascript",
        ".xml" => "text/xml",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".png" => "image/png",
        ".jpg" | ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        ".ico" => "image/vnd.microsoft.icon",
        ".pdf" => "application/pdf",
        ".sh" => "application/x-sh",
        ".tar" => "application/x-tar",
        ".zip" => "application/zip",
        ".gz" => "application/gzip",
        ".bz2" => "application/x-bzip2",
        ".xz" => "application/x-xz",
        ".yaml" | ".yml" => "application/yaml",
        ".wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn send_headers(i: &mut Interp, recv: &Value, code: i128, headers: &[(&str, String)], h: &mut dyn PyHost) -> R<()> {
    handler_method(i, recv, "send_response", vec![Value::Int(code)], Vec::new(), h)?;
    for (k, v) in headers {
        handler_method(
            i,
            recv,
            "send_header",
            vec![Value::str(k), Value::str(v)],
            Vec::new(),
            h,
        )?;
    }
    handler_method(i, recv, "end_headers", vec![], Vec::new(), h)?;
    Ok(())
}

fn write_body(i: &mut Interp, recv: &Value, body: &[u8]) {
    if let Some(s) = state_mut(i, recv) {
        s.out.extend_from_slice(body);
    }
}

fn simple_send_head(i: &mut Interp, recv: &Value, head: bool, h: &mut dyn PyHost) -> R<()> {
    let raw_path = attr_str(i, recv, "path", h)?;
    let dir = attr_str(i, recv, "directory", h)?;
    let mut path = translate_path(&raw_path, &dir);
    let is_dir = h
        .list_dir(path.trim_end_matches('/').to_string().as_str().max("/"))
        .is_ok()
        && h.read_file(path.trim_end_matches('/')).is_err();
    if is_dir {
        let url_path = raw_path.split(['?', '#']).next().unwrap_or("");
        if !url_path.ends_with('/') {
            let rest = &raw_path[url_path.len()..];
            let location = format!("{url_path}/{rest}");
            send_headers(
                i,
                recv,
                301,
                &[("Location", location), ("Content-Length", "0".into())],
                h,
            )?;
            return Ok(());
        }
        let base = path.trim_end_matches('/').to_string();
        let mut found = None;
        for index in ["index.html", "index.htm"] {
            let p = format!("{}/{index}", if base.is_empty() { "" } else { &base });
            if h.read_file(&p).is_ok() {
                found = Some(p);
                break;
            }
        }
        match found {
            Some(p) => path = p,
            None => return list_directory(i, recv, &path, head, h),
        }
    }
    let ctype = guess_type(&path);
    if path.ends_with('/') {
        handler_method(
            i,
            recv,
            "send_error",
            vec![Value::Int(404), Value::str("File not found")],
            Vec::new(),
            h,
        )?;
        return Ok(());
    }
    let data = match h.read_file(&path) {
        Ok(d) => d,
        Err(_) => {
            handler_method(
                i,
                recv,
                "send_error",
                vec![Value::Int(404), Value::str("File not found")],
                Vec::new(),
                h,
            )?;
            return Ok(());
        }
    };
    let mut headers = vec![
        ("Content-type", ctype.to_string()),
        ("Content-Length", data.len().to_string()),
    ];
    if let Some(mt) = h.mtime(&path) {
        headers.push(("Last-Modified", crate::modules::http_date(mt.floor() as i64)));
    }
    send_headers(i, recv, 200, &headers, h)?;
    if !head {
        write_body(i, recv, &data);
    }
    Ok(())
}

fn list_directory(i: &mut Interp, recv: &Value, path: &str, head: bool, h: &mut dyn PyHost) -> R<()> {
    let dir = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let mut entries = match h.list_dir(dir) {
        Ok(e) => e,
        Err(_) => {
            handler_method(
                i,
                recv,
                "send_error",
                vec![Value::Int(404), Value::str("No permission to list directory")],
                Vec::new(),
                h,
            )?;
            return Ok(());
        }
    };
    entries.sort_by_key(|e| e.name.to_lowercase());
    let raw_path = attr_str(i, recv, "path", h)?;
    let displaypath = html_escape(&unquote(&raw_path));
    let title = format!("Directory listing for {displaypath}");
    let mut r: Vec<String> = vec![
        "<!DOCTYPE HTML>".into(),
        "<html lang=\"en\">".into(),
        "<head>".into(),
        "<meta charset=\"utf-8\">".into(),
        format!("<title>{title}</title>\n</head>"),
        format!("<body>\n<h1>{title}</h1>"),
        "<hr>\n<ul>".into(),
    ];
    for e in &entries {
        let mut displayname = e.name.clone();
        let mut linkname = e.name.clone();
        if e.is_dir {
            displayname = format!("{}/", e.name);
            linkname = format!("{}/", e.name);
        }
        if e.is_symlink {
            displayname = format!("{}@", e.name);
        }
        r.push(format!(
            "<li><a href=\"{}\">{}</a></li>",
            quote(&linkname),
            html_escape(&displayname)
        ));
    }
    r.push("</ul>\n<hr>\n</body>\n</html>\n".into());
    let encoded = r.join("\n");
    send_headers(
        i,
        recv,
        200,
        &[
            ("Content-type", "text/html; charset=utf-8".into()),
            ("Content-Length", encoded.len().to_string()),
        ],
        h,
    )?;
    if !head {
        write_body(i, recv, encoded.as_bytes());
    }
    Ok(())
}

/// Frames CPython 3.11 prints above the handler's own frames when a request
/// handler raises (`socketserver.BaseServer.handle_error`).
fn internal_frames(lib: &str) -> String {
    format!(
        "  File \"{lib}/socketserver.py\", line 317, in _handle_request_noblock\n    self.process_request(request, client_address)\n  File \"{lib}/socketserver.py\", line 348, in process_request\n    self.finish_request(request, client_address)\n  File \"{lib}/socketserver.py\", line 361, in finish_request\n    self.RequestHandlerClass(request, client_address, self)\n  File \"{lib}/socketserver.py\", line 755, in __init__\n    self.handle()\n  File \"{lib}/http/server.py\", line 432, in handle\n    self.handle_one_request()\n  File \"{lib}/http/server.py\", line 420, in handle_one_request\n    method()\n"
    )
}

/// Run one request through an `http.server` handler class.
pub fn handle_request(i: &mut Interp, server: ObjId, req: &HttpRequest, h: &mut dyn PyHost) -> HttpResponse {
    let Some(spec) = spec_of(i, &Value::Obj(server)) else {
        return HttpResponse::parse(b"");
    };
    let Value::Obj(cls) = spec.handler.clone() else {
        return HttpResponse::parse(b"");
    };
    let state = HandlerState {
        body: req.body.clone(),
        ..Default::default()
    };
    let Ok(inst) = i.alloc(Obj::Instance(Instance {
        class: cls,
        attrs: BTreeMap::new(),
        native: NativeData::Handler(Box::new(state)),
    })) else {
        return HttpResponse::parse(b"");
    };
    let instv = Value::Obj(inst);
    i.roots.push(instv.clone());
    let mut headers = Dict::new();
    for (k, v) in &req.headers {
        headers.insert(HKey::Str(Arc::from(k.as_str())), Value::str(k), Value::str(v));
    }
    let mk_file = |stream: u8| FileObj {
        path: Arc::from("<socket>"),
        name: Value::Int(4),
        readable: stream == 5,
        writable: stream == 4,
        binary: true,
        data: Vec::new(),
        pos: 0,
        pending: Vec::new(),
        closed: false,
        stream,
        owner: Some(inst),
    };
    let r: R<()> = (|| {
        let hd = i.new_dict(headers)?;
        let wfile = Value::Obj(i.alloc(Obj::File(mk_file(4)))?);
        let rfile = Value::Obj(i.alloc(Obj::File(mk_file(5)))?);
        let directory = spec.directory.clone().unwrap_or_else(|| h.cwd());
        let requestline = format!("{} {} {}", req.method, req.path, req.version);
        if let Some(Obj::Instance(ins)) = i.obj_mut(inst) {
            let a = &mut ins.attrs;
            a.insert(Arc::from("command"), Value::str(&req.method));
            a.insert(Arc::from("path"), Value::str(&req.path));
            a.insert(Arc::from("request_version"), Value::str(&req.version));
            a.insert(Arc::from("requestline"), Value::str(&requestline));
            a.insert(
                Arc::from("raw_requestline"),
                Value::Bytes(Arc::from(format!("{requestline}\r\n").as_bytes())),
            );
            a.insert(Arc::from("headers"), hd);
            a.insert(
                Arc::from("client_address"),
                Value::tuple(vec![Value::str(&req.client_addr), Value::Int(req.client_port as i128)]),
            );
            a.insert(Arc::from("server"), Value::Obj(server));
            a.insert(Arc::from("wfile"), wfile);
            a.insert(Arc::from("rfile"), rfile);
            a.insert(Arc::from("close_connection"), Value::Bool(true));
            a.insert(Arc::from("directory"), Value::str(&directory));
        }
        let _ = abspath;
        let mname = format!("do_{}", req.method);
        match i.getattr(&instv, &mname, h) {
            Ok(m) => {
                i.call(m, vec![], Vec::new(), h)?;
            }
            Err(Flow::Exc(e)) if i.exc_matches(&e.value, "AttributeError") => {
                let msg = format!("Unsupported method ('{}')", req.method);
                i.call_method(&instv, "send_error", vec![Value::Int(501), Value::str(&msg)], h)?;
            }
            Err(e) => return Err(e),
        }
        Ok(())
    })();
    i.roots.pop();
    match r {
        Ok(()) => {}
        Err(Flow::Exc(e)) => {
            let ca = format!("('{}', {})", req.client_addr, req.client_port);
            let lib = crate::modules::lib_dir(i);
            let mut tb = crate::traceback::format_exception(i, &e, h);
            tb = tb.replacen(
                "Traceback (most recent call last):\n",
                &format!("Traceback (most recent call last):\n{}", internal_frames(&lib)),
                1,
            );
            let dashes = "-".repeat(40);
            i.write_stderr(&format!(
                "{dashes}\nException occurred during processing of request from {ca}\n{tb}{dashes}\n"
            ));
        }
        Err(Flow::Fatal(f)) => {
            i.write_stderr(&crate::traceback::fatal_message(f, i.cfg.budget, i.cfg.max_sleep));
        }
        Err(Flow::Serve(_)) => {
            i.write_stderr("RuntimeError: serve_forever() called while already serving (not supported by the Dockyard Python simulator)\n");
        }
        Err(_) => {}
    }
    let out = match state_mut(i, &instv) {
        Some(s) => std::mem::take(&mut s.out),
        None => Vec::new(),
    };
    HttpResponse::parse(&out)
}
