//! A small Flask: `Flask(__name__)`, `@app.route`, `request`, `jsonify`,
//! `abort`, `app.run()` / `flask run`, Werkzeug's banner, access log lines
//! and error pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::builtins::new_native_class;
use crate::host::PyHost;
use crate::http::{HttpRequest, HttpResponse};
use crate::interp::{Flow, Interp, Kw, R};
use crate::value::*;

#[derive(Clone, Debug)]
pub enum Seg {
    Static(String),
    Var(String, String),
}

#[derive(Clone, Debug)]
pub struct Route {
    pub rule: String,
    pub segs: Vec<Seg>,
    pub trailing: bool,
    pub methods: Vec<String>,
    pub func: Value,
    pub endpoint: String,
}

#[derive(Clone, Debug, Default)]
pub struct FlaskState {
    pub name: String,
    pub routes: Vec<Route>,
    pub host: String,
    pub port: u16,
    pub debug: bool,
}

impl FlaskState {
    pub fn children(&self, out: &mut Vec<Value>) {
        out.extend(self.routes.iter().map(|r| r.func.clone()));
    }
}

/// A `flask.Response` (from `jsonify` / `make_response`).
#[derive(Clone, Debug)]
pub struct FlaskResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The request being handled (read by `flask.request`).
#[derive(Clone, Debug)]
pub struct ReqData {
    pub req: HttpRequest,
    pub view_args: Vec<(String, Value)>,
}

pub fn install_module(i: &mut Interp) -> R<ObjId> {
    if let Some(m) = i.modules.get("flask") {
        return Ok(*m);
    }
    let env = i.new_env(None)?;
    i.env_set(env, "__name__", Value::str("flask"));
    let flask = new_native_class(i, "Flask", "flask.app", vec![], NativeClass::Flask);
    let reqc = new_native_class(i, "Request", "flask.wrappers", vec![], NativeClass::FlaskRequest);
    let respc = new_native_class(i, "Response", "flask.wrappers", vec![], NativeClass::FlaskResponse);
    let exc = i.exc_class("Exception");
    let httpexc = new_native_class(
        i,
        "HTTPException",
        "werkzeug.exceptions",
        vec![exc],
        NativeClass::Exception("HTTPException"),
    );
    i.classes.insert("HTTPException", httpexc);
    i.classes.insert("flask.Response", respc);
    let request = i.alloc(Obj::Instance(Instance {
        class: reqc,
        attrs: BTreeMap::new(),
        native: NativeData::None,
    }))?;
    i.env_set(env, "Flask", Value::Obj(flask));
    i.env_set(env, "Response", Value::Obj(respc));
    i.env_set(env, "request", Value::Obj(request));
    for f in [
        "flask.jsonify",
        "flask.abort",
        "flask.make_response",
        "flask.redirect",
        "flask.render_template_string",
        "flask.render_template",
        "flask.url_for",
    ] {
        i.env_set(env, &f[6..], Value::Builtin(f));
    }
    let lib = crate::modules::lib_dir(i);
    let m = i.alloc(Obj::Module(Module {
        name: Arc::from("flask"),
        env,
        file: Some(Arc::from(format!("{lib}/site-packages/flask/__init__.py").as_str())),
    }))?;
    i.modules.insert("flask".into(), m);
    Ok(m)
}

pub fn app_has_method(name: &str) -> bool {
    matches!(
        name,
        "route" | "get" | "post" | "put" | "delete" | "patch" | "run" | "add_url_rule" | "errorhandler"
    )
}

pub fn app_new(i: &mut Interp, args: &[Value], kw: &Kw) -> R<NativeData> {
    let name = match args
        .first()
        .cloned()
        .or_else(|| kw.iter().find(|(k, _)| &**k == "import_name").map(|(_, v)| v.clone()))
    {
        Some(Value::Str(s)) => s.to_string(),
        _ => {
            return Err(i.exc(
                "TypeError",
                "Flask.__init__() missing 1 required positional argument: 'import_name'",
            ));
        }
    };
    Ok(NativeData::Flask(Box::new(FlaskState {
        name,
        routes: Vec::new(),
        host: "127.0.0.1".into(),
        port: 5000,
        debug: false,
    })))
}

fn state<'a>(i: &'a mut Interp, app: &Value) -> Option<&'a mut FlaskState> {
    match app {
        Value::Obj(id) => match i.obj_mut(*id) {
            Some(Obj::Instance(inst)) => match &mut inst.native {
                NativeData::Flask(s) => Some(s),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn parse_rule(rule: &str) -> (Vec<Seg>, bool) {
    let trailing = rule.len() > 1 && rule.ends_with('/');
    let segs = rule
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('<') && s.ends_with('>') {
                let inner = &s[1..s.len() - 1];
                match inner.split_once(':') {
                    Some((conv, name)) => Seg::Var(name.to_string(), conv.to_string()),
                    None => Seg::Var(inner.to_string(), "string".into()),
                }
            } else {
                Seg::Static(s.to_string())
            }
        })
        .collect();
    (segs, trailing)
}

pub fn app_attr(i: &mut Interp, v: &Value, name: &str) -> R<Option<Value>> {
    let Some(s) = state(i, v) else {
        return Ok(None);
    };
    Ok(match name {
        "name" | "import_name" => Some(Value::str(&s.name.clone())),
        "debug" => Some(Value::Bool(s.debug)),
        "config" => {
            let d = Dict::new();
            Some(i.new_dict(d)?)
        }
        _ => None,
    })
}

fn kwarg(kw: &Kw, name: &str) -> Option<Value> {
    kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

pub fn app_method(i: &mut Interp, recv: &Value, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    match name {
        "route" | "get" | "post" | "put" | "delete" | "patch" | "add_url_rule" => {
            let rule = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => {
                    return Err(i.exc(
                        "TypeError",
                        format!("{name}() missing 1 required positional argument: 'rule'"),
                    ));
                }
            };
            if !rule.starts_with('/') {
                return Err(i.exc("ValueError", "urls must start with a leading slash"));
            }
            let methods: Vec<Value> = if name == "route" || name == "add_url_rule" {
                match kwarg(&kw, "methods") {
                    Some(m) => i.collect(&m, h)?,
                    None => vec![Value::str("GET")],
                }
            } else {
                vec![Value::str(&name.to_uppercase())]
            };
            let spec = Value::tuple(vec![recv.clone(), Value::str(&rule), Value::tuple(methods)]);
            if name == "add_url_rule" {
                let view = kwarg(&kw, "view_func")
                    .or_else(|| args.get(2).cloned())
                    .unwrap_or(Value::None);
                return register(i, spec, view, h);
            }
            Ok(Value::Obj(
                i.alloc(Obj::Method(spec, Value::Builtin("flask._register")))?,
            ))
        }
        "errorhandler" => Err(i.exc(
            "NotImplementedError",
            "app.errorhandler() is not supported by the Dockyard Python simulator",
        )),
        "run" => {
            let host = match args.first().cloned().or(kwarg(&kw, "host")) {
                Some(Value::Str(s)) => s.to_string(),
                _ => "127.0.0.1".into(),
            };
            let port = match args.get(1).cloned().or(kwarg(&kw, "port")) {
                Some(Value::Int(p)) if (0..=65535).contains(&p) => p as u16,
                Some(Value::Str(s)) => s.parse().unwrap_or(5000),
                Some(Value::None) | None => 5000,
                Some(_) => return Err(i.exc("OverflowError", "bind(): port must be 0-65535.")),
            };
            let debug = match args.get(2).cloned().or(kwarg(&kw, "debug")) {
                Some(v) => i.truthy(&v, h)?,
                None => h
                    .getenv("FLASK_DEBUG")
                    .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
            };
            let app_name = match state(i, recv) {
                Some(s) => s.name.clone(),
                None => "app".into(),
            };
            // Flask shows the script's file stem for an app created in __main__.
            let shown = if app_name == "__main__" {
                match &i.cfg.main_file {
                    Some(f) => f.rsplit('/').next().unwrap_or(f).trim_end_matches(".py").to_string(),
                    None => "__main__".into(),
                }
            } else {
                app_name
            };
            start(i, recv, &host, port, debug, Some(&shown), h)
        }
        _ => Err(i.exc("AttributeError", format!("'Flask' object has no attribute '{name}'"))),
    }
}

/// Print Flask/Werkzeug's startup banner and start serving.
pub fn start(
    i: &mut Interp,
    app: &Value,
    host: &str,
    port: u16,
    debug: bool,
    shown: Option<&str>,
    h: &mut dyn PyHost,
) -> R<Value> {
    let host = match host {
        "" | "0.0.0.0" => "0.0.0.0".to_string(),
        "localhost" => "127.0.0.1".to_string(),
        other => other.to_string(),
    };
    if let Some(s) = state(i, app) {
        s.host = host.clone();
        s.port = port;
        s.debug = debug;
    }
    let flask_version = crate::modules::package_version(i, "flask", "3.0.0");
    if flask_version.starts_with("1.") || flask_version.starts_with("0.") {
        return start_flask1(i, app, &host, port, debug, shown, h);
    }
    if let Some(n) = shown {
        i.write_stdout(&format!(" * Serving Flask app '{n}'\n"));
    }
    i.write_stdout(&format!(" * Debug mode: {}\n", if debug { "on" } else { "off" }));
    i.out.flush();
    let mut msg = String::from(
        "\x1b[31m\x1b[1mWARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.\x1b[0m\n",
    );
    if host == "0.0.0.0" {
        msg.push_str(" * Running on all addresses (0.0.0.0)\n");
        msg.push_str(&format!(" * Running on http://127.0.0.1:{port}\n"));
        msg.push_str(&format!(" * Running on http://{}:{port}\n", i.cfg.container_ip));
    } else {
        msg.push_str(&format!(" * Running on http://{host}:{port}\n"));
    }
    msg.push_str("\x1b[33mPress CTRL+C to quit\x1b[0m\n");
    if debug {
        let pin = h.random_u64() % 1_000_000_000;
        msg.push_str(" * Restarting with stat\n * Debugger is active!\n");
        msg.push_str(&format!(
            " * Debugger PIN: {:03}-{:03}-{:03}\n",
            pin / 1_000_000,
            pin / 1000 % 1000,
            pin % 1000
        ));
    }
    i.write_stderr(&msg);
    match app {
        Value::Obj(id) => Err(crate::interp::serve_flow(*id)),
        _ => Ok(Value::None),
    }
}

/// Flask 1.x / Werkzeug 0.x-1.x banner (e.g. `flask==1.1.1` from the course).
fn start_flask1(
    i: &mut Interp,
    app: &Value,
    host: &str,
    port: u16,
    debug: bool,
    shown: Option<&str>,
    h: &mut dyn PyHost,
) -> R<Value> {
    let env = h.getenv("FLASK_ENV").unwrap_or_else(|| "production".into());
    let tty = i.cfg.tty;
    if let Some(n) = shown {
        let lazy = if i.cfg.argv.first().is_some_and(|a| a.ends_with("flask")) {
            ""
        } else {
            " (lazy loading)"
        };
        i.write_stdout(&format!(" * Serving Flask app \"{n}\"{lazy}\n"));
    }
    i.write_stdout(&format!(" * Environment: {env}\n"));
    if env == "production" {
        let (red, dim, end) = if tty {
            ("\x1b[31m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        i.write_stdout(&format!(
            "{red}   WARNING: This is a development server. Do not use it in a production deployment.{end}\n"
        ));
        i.write_stdout(&format!("{dim}   Use a production WSGI server instead.{end}\n"));
    }
    i.write_stdout(&format!(" * Debug mode: {}\n", if debug { "on" } else { "off" }));
    i.out.flush();
    let mut msg = format!(" * Running on http://{host}:{port}/ (Press CTRL+C to quit)\n");
    if debug {
        let pin = h.random_u64() % 1_000_000_000;
        msg.push_str(" * Restarting with stat\n * Debugger is active!\n");
        msg.push_str(&format!(
            " * Debugger PIN: {:03}-{:03}-{:03}\n",
            pin / 1_000_000,
            pin / 1000 % 1000,
            pin % 1000
        ));
    }
    i.write_stderr(&msg);
    match app {
        Value::Obj(id) => Err(crate::interp::serve_flow(*id)),
        _ => Ok(Value::None),
    }
}

pub fn register(i: &mut Interp, spec: Value, func: Value, _h: &mut dyn PyHost) -> R<Value> {
    let Value::Tuple(t) = &spec else {
        return Ok(func);
    };
    let (app, rule, methods) = (t[0].clone(), t[1].clone(), t[2].clone());
    let Value::Str(rule) = rule else {
        return Ok(func);
    };
    let methods: Vec<String> = match methods {
        Value::Tuple(m) => m
            .iter()
            .filter_map(|v| {
                if let Value::Str(s) = v {
                    Some(s.to_uppercase())
                } else {
                    None
                }
            })
            .collect(),
        _ => vec!["GET".into()],
    };
    let endpoint = match &func {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Func(f) => f.def.name.to_string(),
            _ => "view".into(),
        },
        _ => "view".into(),
    };
    let (segs, trailing) = parse_rule(&rule);
    if let Some(s) = state(i, &app) {
        if let Some(existing) = s.routes.iter().find(|r| r.endpoint == endpoint && r.rule != *rule) {
            let msg = format!(
                "View function mapping is overwriting an existing endpoint function: {}",
                existing.endpoint
            );
            return Err(i.exc("AssertionError", msg));
        }
        s.routes.push(Route {
            rule: rule.to_string(),
            segs,
            trailing,
            methods,
            func: func.clone(),
            endpoint,
        });
    }
    Ok(func)
}

pub fn call_flask_fn(i: &mut Interp, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    match name {
        "flask._register" => {
            let spec = args.first().cloned().unwrap_or(Value::None);
            let f = args.get(1).cloned().unwrap_or(Value::None);
            register(i, spec, f, h)
        }
        "flask.jsonify" => {
            let v = if !kw.is_empty() {
                let mut d = Dict::new();
                for (k, v) in kw {
                    d.insert(HKey::Str(k.clone()), Value::Str(k), v);
                }
                i.new_dict(d)?
            } else if args.len() == 1 {
                args[0].clone()
            } else {
                i.new_list(args)?
            };
            let body = json_body(i, &v, h)?;
            response_value(i, 200, vec![("Content-Type".into(), "application/json".into())], body)
        }
        "flask.make_response" => {
            let v = args.first().cloned().unwrap_or(Value::str(""));
            let r = to_response(i, v, h)?;
            let mut r = r;
            if let Some(Value::Int(s)) = args.get(1) {
                r.status = *s as u16;
            }
            response_value(i, r.status, r.headers, r.body)
        }
        "flask.redirect" => {
            let loc = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => "/".into(),
            };
            let code = match args.get(1).cloned().or(kwarg(&kw, "code")) {
                Some(Value::Int(c)) => c as u16,
                _ => 302,
            };
            let esc = crate::http::html_escape(&loc);
            let body = format!(
                "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{esc}\">{esc}</a>. If not, click the link.\n"
            );
            response_value(
                i,
                code,
                vec![
                    ("Content-Type".into(), "text/html; charset=utf-8".into()),
                    ("Location".into(), loc),
                ],
                body.into_bytes(),
            )
        }
        "flask.abort" => {
            let code = match args.first() {
                Some(Value::Int(c)) => *c,
                _ => 500,
            };
            let class = i.exc_class("HTTPException");
            let desc = args.get(1).cloned().unwrap_or(Value::None);
            let v = i.make_exc(class, vec![Value::Int(code), desc]);
            Err(i.raise_value(v))
        }
        "flask.render_template_string" => {
            let t = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            if t.contains("{%") {
                return Err(i.exc(
                    "NotImplementedError",
                    "Jinja2 statements ({% ... %}) are not supported by the Dockyard Python simulator",
                ));
            }
            // {{ name }} substitution only
            let mut out = String::new();
            let mut rest = t.as_str();
            while let Some(p) = rest.find("{{") {
                out.push_str(&rest[..p]);
                let Some(e) = rest[p..].find("}}") else { break };
                let key = rest[p + 2..p + e].trim();
                if let Some((_, v)) = kw.iter().find(|(k, _)| &**k == key) {
                    let s = i.str_of(v, h)?;
                    out.push_str(
                        &crate::http::html_escape(&s)
                            .replace('"', "&#34;")
                            .replace('\'', "&#39;"),
                    );
                }
                rest = &rest[p + e + 2..];
            }
            out.push_str(rest);
            Ok(Value::str(&out))
        }
        "flask.render_template" => Err(i.exc(
            "NotImplementedError",
            "render_template() (Jinja2 template files) is not supported by the Dockyard Python simulator",
        )),
        "flask.url_for" => match args.first() {
            Some(Value::Str(ep)) => Ok(Value::str(&format!("/{}", if &**ep == "index" { "" } else { ep }))),
            _ => Ok(Value::str("/")),
        },
        _ => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
    }
}

fn json_body(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<Vec<u8>> {
    let json = crate::modules::import(i, "json", h)?;
    let dumps = i.getattr(&json, "dumps", h)?;
    let kw: Kw = vec![
        (Arc::from("sort_keys"), Value::Bool(true)),
        (
            Arc::from("separators"),
            Value::tuple(vec![Value::str(","), Value::str(":")]),
        ),
    ];
    let s = i.call(dumps, vec![v.clone()], kw, h)?;
    let s = i.str_of(&s, h)?;
    Ok(format!("{s}\n").into_bytes())
}

fn response_value(i: &mut Interp, status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> R<Value> {
    let cls = i.classes.get("flask.Response").copied().unwrap_or(0);
    Ok(Value::Obj(i.alloc(Obj::Instance(Instance {
        class: cls,
        attrs: BTreeMap::new(),
        native: NativeData::Response(Box::new(FlaskResponse { status, headers, body })),
    }))?))
}

fn to_response(i: &mut Interp, v: Value, h: &mut dyn PyHost) -> R<FlaskResponse> {
    let html = || vec![("Content-Type".to_string(), "text/html; charset=utf-8".to_string())];
    match &v {
        Value::Str(s) => Ok(FlaskResponse {
            status: 200,
            headers: html(),
            body: s.as_bytes().to_vec(),
        }),
        Value::Bytes(b) => Ok(FlaskResponse {
            status: 200,
            headers: html(),
            body: b.to_vec(),
        }),
        Value::Tuple(t) if !t.is_empty() => {
            let mut r = to_response(i, t[0].clone(), h)?;
            for extra in t.iter().skip(1) {
                match extra {
                    Value::Int(s) => r.status = *s as u16,
                    Value::Obj(id) if matches!(i.obj(*id), Obj::Dict(_)) => {
                        for (k, val) in crate::builtins::mapping_items(i, extra, h)? {
                            let k = i.str_of(&k, h)?;
                            let val = i.str_of(&val, h)?;
                            r.headers.retain(|(hk, _)| !hk.eq_ignore_ascii_case(&k));
                            r.headers.push((k, val));
                        }
                    }
                    _ => {}
                }
            }
            Ok(r)
        }
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => match &inst.native {
                NativeData::Response(r) => Ok((**r).clone()),
                _ => Err(invalid_view(i, &v)),
            },
            Obj::Dict(_) | Obj::List(_) => {
                let body = json_body(i, &v, h)?;
                Ok(FlaskResponse {
                    status: 200,
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    body,
                })
            }
            _ => Err(invalid_view(i, &v)),
        },
        _ => Err(invalid_view(i, &v)),
    }
}

fn invalid_view(i: &mut Interp, v: &Value) -> Flow {
    let tn = i.type_name(v);
    i.exc(
        "TypeError",
        format!("The view function did not return a valid response. The return type must be a string, dict, list, tuple with headers or status, Response instance, or WSGI callable, but it was a {tn}."),
    )
}

pub fn request_attr(i: &mut Interp, name: &str, h: &mut dyn PyHost) -> R<Option<Value>> {
    let Some(rd) = i.flask_req.clone() else {
        return Err(i.exc(
            "RuntimeError",
            "Working outside of request context.\n\nThis typically means that you attempted to use functionality that needed\nan active HTTP request. Consult the documentation on testing for\ninformation about how to avoid this problem.",
        ));
    };
    let req = &rd.req;
    let (path, query) = match req.path.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (req.path.clone(), String::new()),
    };
    let ctype = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let dict_of = |i: &mut Interp, pairs: Vec<(String, String)>| -> R<Value> {
        let mut d = Dict::new();
        for (k, v) in pairs {
            if !d.contains(&HKey::Str(Arc::from(k.as_str()))) {
                d.insert(HKey::Str(Arc::from(k.as_str())), Value::str(&k), Value::str(&v));
            }
        }
        i.new_dict(d)
    };
    Ok(Some(match name {
        "method" => Value::str(&req.method),
        "path" => Value::str(&path),
        "full_path" => Value::str(&format!("{path}?{query}")),
        "url" => Value::str(&format!("http://{}{}", host_of(req), req.path)),
        "base_url" => Value::str(&format!("http://{}{}", host_of(req), path)),
        "host" => Value::str(&host_of(req)),
        "remote_addr" => Value::str(&req.client_addr),
        "query_string" => Value::Bytes(Arc::from(query.as_bytes())),
        "args" => dict_of(i, parse_qs(&query))?,
        "form" => {
            let pairs = if ctype.starts_with("application/x-www-form-urlencoded") {
                parse_qs(&String::from_utf8_lossy(&req.body))
            } else {
                vec![]
            };
            dict_of(i, pairs)?
        }
        "values" => {
            let mut pairs = parse_qs(&query);
            if ctype.starts_with("application/x-www-form-urlencoded") {
                pairs.extend(parse_qs(&String::from_utf8_lossy(&req.body)));
            }
            dict_of(i, pairs)?
        }
        "headers" => dict_of(i, req.headers.clone())?,
        "data" | "get_data" => Value::Bytes(Arc::from(req.body.clone())),
        "is_json" => Value::Bool(ctype.starts_with("application/json")),
        "json" | "get_json" => {
            if !ctype.starts_with("application/json") {
                let class = i.exc_class("HTTPException");
                let v = i.make_exc(class, vec![Value::Int(415), Value::None]);
                return Err(i.raise_value(v));
            }
            let json = crate::modules::import(i, "json", h)?;
            let loads = i.getattr(&json, "loads", h)?;
            match i.call(
                loads,
                vec![Value::str(&String::from_utf8_lossy(&req.body))],
                Vec::new(),
                h,
            ) {
                Ok(v) => v,
                Err(_) => {
                    let class = i.exc_class("HTTPException");
                    let v = i.make_exc(class, vec![Value::Int(400), Value::None]);
                    return Err(i.raise_value(v));
                }
            }
        }
        "view_args" => {
            let mut d = Dict::new();
            for (k, v) in &rd.view_args {
                d.insert(HKey::Str(Arc::from(k.as_str())), Value::str(k), v.clone());
            }
            i.new_dict(d)?
        }
        _ => return Ok(None),
    }))
}

fn host_of(req: &HttpRequest) -> String {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "localhost".into())
}

fn parse_qs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_unquote(k), form_unquote(v))
        })
        .collect()
}

fn form_unquote(s: &str) -> String {
    let s = s.replace('+', " ");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'%'
            && k + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[k + 1..k + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
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

fn match_route(route: &Route, path: &str) -> Option<(Vec<(String, Value)>, bool)> {
    let trailing = path.len() > 1 && path.ends_with('/');
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut vars = Vec::new();
    let mut k = 0;
    for (n, seg) in route.segs.iter().enumerate() {
        match seg {
            Seg::Static(s) => {
                if parts.get(k) != Some(&s.as_str()) {
                    return None;
                }
                k += 1;
            }
            Seg::Var(name, conv) => {
                if conv == "path" {
                    let rest_segs = route.segs.len() - n - 1;
                    if parts.len() < k + 1 + rest_segs {
                        return None;
                    }
                    let end = parts.len() - rest_segs;
                    vars.push((name.clone(), Value::str(&parts[k..end].join("/"))));
                    k = end;
                    continue;
                }
                let p = parts.get(k)?;
                let v = match conv.as_str() {
                    "int" => Value::Int(
                        p.parse::<i128>()
                            .ok()
                            .filter(|_| p.chars().all(|c| c.is_ascii_digit()))?,
                    ),
                    "float" => Value::Float(p.parse::<f64>().ok().filter(|_| p.contains('.'))?),
                    _ => Value::str(&form_unquote(p)),
                };
                vars.push((name.clone(), v));
                k += 1;
            }
        }
    }
    if k != parts.len() {
        return None;
    }
    // (vars, needs_redirect)
    if route.trailing && !trailing {
        return Some((vars, true));
    }
    if !route.trailing && trailing {
        return None;
    }
    Some((vars, false))
}

fn error_page(code: u16) -> (String, Vec<u8>) {
    let (name, desc) = match code {
        400 => (
            "Bad Request",
            "The browser (or proxy) sent a request that this server could not understand.",
        ),
        401 => (
            "Unauthorized",
            "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#x27;t understand how to supply the credentials required.",
        ),
        403 => (
            "Forbidden",
            "You don&#x27;t have the permission to access the requested resource. It is either read-protected or not readable by the server.",
        ),
        404 => (
            "Not Found",
            "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        ),
        405 => ("Method Not Allowed", "The method is not allowed for the requested URL."),
        415 => (
            "Unsupported Media Type",
            "The server does not support the media type transmitted in the request.",
        ),
        _ => (
            "Internal Server Error",
            "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
        ),
    };
    let code = if name == "Internal Server Error" { 500 } else { code };
    let body =
        format!("<!doctype html>\n<html lang=en>\n<title>{code} {name}</title>\n<h1>{name}</h1>\n<p>{desc}</p>\n");
    (name.to_string(), body.into_bytes())
}

fn access_log(i: &mut Interp, req: &HttpRequest, code: u16, h: &mut dyn PyHost) {
    let msg = format!("{} {} {}", req.method, req.path, req.version);
    let quoted = format!("\"{msg}\"");
    let c = code.to_string();
    let styled = if c.starts_with('1') {
        format!("\x1b[1m{quoted}\x1b[0m")
    } else if code == 200 {
        quoted
    } else if code == 304 {
        format!("\x1b[36m{quoted}\x1b[0m")
    } else if c.starts_with('3') {
        format!("\x1b[32m{quoted}\x1b[0m")
    } else if code == 404 {
        format!("\x1b[33m{quoted}\x1b[0m")
    } else if c.starts_with('4') {
        format!("\x1b[31m\x1b[1m{quoted}\x1b[0m")
    } else {
        format!("\x1b[35m\x1b[1m{quoted}\x1b[0m")
    };
    let when = crate::modules::strftime("%d/%b/%Y %H:%M:%S", h.now_unix().floor() as i64, 0);
    i.write_stderr(&format!("{} - - [{when}] {styled} {c} -\n", req.client_addr));
}

/// Dispatch one request to a Flask app.
pub fn handle_request(i: &mut Interp, app: ObjId, req: &HttpRequest, h: &mut dyn PyHost) -> HttpResponse {
    let appv = Value::Obj(app);
    let routes = state(i, &appv).map(|s| s.routes.clone()).unwrap_or_default();
    let path = req.path.split('?').next().unwrap_or("/").to_string();
    let mut found = None;
    let mut allowed: Vec<String> = Vec::new();
    let mut redirect = false;
    for r in &routes {
        if let Some((vars, redir)) = match_route(r, &path) {
            let mut methods = r.methods.clone();
            if methods.iter().any(|m| m == "GET") && !methods.iter().any(|m| m == "HEAD") {
                methods.push("HEAD".into());
            }
            methods.push("OPTIONS".into());
            if methods.contains(&req.method) {
                if redir {
                    redirect = true;
                    break;
                }
                found = Some((r.clone(), vars));
                break;
            }
            allowed.extend(methods);
        }
    }
    let version = crate::modules::package_version(i, "werkzeug", "3.0.1");
    let server = format!("Werkzeug/{version} Python/{}", i.cfg.version);
    let date = crate::modules::http_date(h.now_unix().floor() as i64);
    let mut resp = if redirect {
        let loc = format!("http://{}{}/", host_of(req), path);
        let esc = crate::http::html_escape(&loc);
        FlaskResponse {
            status: 308,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into()), ("Location".into(), loc.clone())],
            body: format!("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{esc}\">{esc}</a>. If not, click the link.\n").into_bytes(),
        }
    } else if let Some((route, vars)) = found {
        i.flask_req = Some(ReqData {
            req: req.clone(),
            view_args: vars.clone(),
        });
        let kw: Kw = vars.into_iter().map(|(k, v)| (Arc::from(k.as_str()), v)).collect();
        let r = i.call(route.func.clone(), vec![], kw, h).and_then(|v| {
            if matches!(v, Value::None) {
                return Err(i.exc(
                    "TypeError",
                    format!("The view function for '{}' did not return a valid response. The function either returned None or ended without a return statement.", route.endpoint),
                ));
            }
            to_response(i, v, h)
        });
        i.flask_req = None;
        match r {
            Ok(r) => r,
            Err(Flow::Exc(e)) if i.exc_matches(&e.value, "HTTPException") => {
                let code = match &e.value {
                    Value::Obj(id) => match i.obj(*id) {
                        Obj::Instance(inst) => match inst.attrs.get("args") {
                            Some(Value::Tuple(t)) => match t.first() {
                                Some(Value::Int(c)) => *c as u16,
                                _ => 500,
                            },
                            _ => 500,
                        },
                        _ => 500,
                    },
                    _ => 500,
                };
                let (_, body) = error_page(code);
                FlaskResponse {
                    status: code,
                    headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                    body,
                }
            }
            Err(Flow::Exc(e)) => {
                let when = crate::modules::strftime("%Y-%m-%d %H:%M:%S", h.now_unix().floor() as i64, 0);
                let ms = ((h.now_unix().fract()) * 1000.0) as u32;
                let tb = crate::traceback::format_exception(i, &e, h);
                i.write_stderr(&format!(
                    "[{when},{ms:03}] ERROR in app: Exception on {path} [{}]\n{tb}",
                    req.method
                ));
                let (_, body) = error_page(500);
                FlaskResponse {
                    status: 500,
                    headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                    body,
                }
            }
            Err(Flow::Fatal(f)) => {
                i.write_stderr(&crate::traceback::fatal_message(f, i.cfg.budget, i.cfg.max_sleep));
                let (_, body) = error_page(500);
                FlaskResponse {
                    status: 500,
                    headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                    body,
                }
            }
            Err(_) => {
                let (_, body) = error_page(500);
                FlaskResponse {
                    status: 500,
                    headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                    body,
                }
            }
        }
    } else if !allowed.is_empty() {
        allowed.sort();
        allowed.dedup();
        let (_, body) = error_page(405);
        FlaskResponse {
            status: 405,
            headers: vec![
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Allow".into(), allowed.join(", ")),
            ],
            body,
        }
    } else {
        let (_, body) = error_page(404);
        FlaskResponse {
            status: 404,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body,
        }
    };
    access_log(i, req, resp.status, h);
    let mut headers = vec![("Server".to_string(), server), ("Date".to_string(), date)];
    if !resp
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        resp.headers
            .push(("Content-Length".into(), resp.body.len().to_string()));
    }
    // Content-Type first, then Content-Length, then the rest (as Werkzeug orders them)
    let mut ordered: Vec<(String, String)> = Vec::new();
    for key in ["content-type", "content-length"] {
        if let Some(p) = resp.headers.iter().position(|(k, _)| k.eq_ignore_ascii_case(key)) {
            ordered.push(resp.headers.remove(p));
        }
    }
    ordered.extend(resp.headers);
    headers.extend(ordered);
    headers.push(("Connection".into(), "close".into()));
    let (reason, _) = crate::http::status_text(resp.status);
    let reason = if reason.is_empty() { "UNKNOWN" } else { reason };
    let body = if req.method == "HEAD" { Vec::new() } else { resp.body };
    HttpResponse {
        version: "HTTP/1.1".into(),
        status: resp.status,
        reason: reason.to_uppercase(),
        headers,
        body,
    }
}

pub fn response_attr(i: &mut Interp, v: &Value, name: &str) -> R<Option<Value>> {
    let Value::Obj(id) = v else { return Ok(None) };
    let r = match i.obj(*id) {
        Obj::Instance(inst) => match &inst.native {
            NativeData::Response(r) => (**r).clone(),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(match name {
        "status_code" => Some(Value::Int(r.status as i128)),
        "data" => Some(Value::Bytes(Arc::from(r.body))),
        "status" => {
            let (reason, _) = crate::http::status_text(r.status);
            Some(Value::str(&format!("{} {}", r.status, reason.to_uppercase())))
        }
        _ => None,
    })
}
