//! Importable modules: the simulated standard library subset (os, os.path,
//! sys, time, json, random, math, string, typing, datetime, http.server,
//! socketserver), Flask when installed, and the user's own `.py` files.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::builtins::{abspath, new_native_class, normpath};
use crate::host::PyHost;
use crate::interp::{Interp, Kw, R};
use crate::value::*;

/// Standard-library modules that exist in CPython but are not simulated.
const STDLIB_UNSIMULATED: &[&str] = &[
    "abc",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "atexit",
    "base64",
    "binascii",
    "bisect",
    "calendar",
    "cgi",
    "codecs",
    "collections",
    "concurrent",
    "configparser",
    "contextlib",
    "copy",
    "csv",
    "ctypes",
    "dataclasses",
    "decimal",
    "difflib",
    "email",
    "enum",
    "errno",
    "fnmatch",
    "fractions",
    "functools",
    "gc",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "imaplib",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "locale",
    "logging",
    "lzma",
    "mimetypes",
    "multiprocessing",
    "operator",
    "optparse",
    "pathlib",
    "pickle",
    "platform",
    "pprint",
    "queue",
    "re",
    "secrets",
    "select",
    "selectors",
    "shlex",
    "shutil",
    "signal",
    "smtplib",
    "socket",
    "sqlite3",
    "ssl",
    "stat",
    "statistics",
    "struct",
    "subprocess",
    "tarfile",
    "tempfile",
    "textwrap",
    "threading",
    "timeit",
    "tkinter",
    "traceback",
    "types",
    "unittest",
    "urllib",
    "uuid",
    "venv",
    "warnings",
    "weakref",
    "wsgiref",
    "xml",
    "zipfile",
    "zlib",
    "zoneinfo",
    "pip",
    "setuptools",
    "http.client",
    "http.cookies",
    "urllib.request",
    "urllib.parse",
    "collections.abc",
    "concurrent.futures",
    "xml.etree",
];

pub fn lib_dir(i: &Interp) -> String {
    let mm: Vec<&str> = i.cfg.version.split('.').take(2).collect();
    format!("/usr/local/lib/python{}", mm.join("."))
}

pub fn module_file(i: &Interp, name: &str) -> String {
    if let Some(id) = i.modules.get(name)
        && let Obj::Module(m) = i.obj(*id)
        && let Some(f) = &m.file
    {
        return f.to_string();
    }
    match name {
        "sys" | "time" | "math" => "unknown location".into(),
        "os" | "json" | "random" | "string" | "typing" | "datetime" | "socketserver" => {
            if name == "json" {
                format!("{}/json/__init__.py", lib_dir(i))
            } else {
                format!("{}/{name}.py", lib_dir(i))
            }
        }
        "http.server" => format!("{}/http/server.py", lib_dir(i)),
        _ => "unknown location".into(),
    }
}

fn new_module(i: &mut Interp, name: &str, file: Option<String>) -> R<(ObjId, ObjId)> {
    let env = i.new_env(None)?;
    i.env_set(env, "__name__", Value::str(name));
    if let Some(f) = &file {
        i.env_set(env, "__file__", Value::str(f));
    }
    let m = i.alloc(Obj::Module(Module {
        name: Arc::from(name),
        env,
        file: file.map(|f| Arc::from(f.as_str())),
    }))?;
    i.modules.insert(name.to_string(), m);
    Ok((m, env))
}

fn set_fns(i: &mut Interp, env: ObjId, fns: &[&'static str]) {
    for f in fns {
        let short = f.rsplit('.').next().unwrap_or(f);
        i.env_set(env, short, Value::Builtin(f));
    }
}

fn installed(i: &Interp, pkg: &str) -> bool {
    i.cfg
        .packages
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(pkg) || n.replace('_', "-").eq_ignore_ascii_case(pkg))
}

pub fn package_version(i: &Interp, pkg: &str, default: &str) -> String {
    i.cfg
        .packages
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(pkg))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| default.to_string())
}

pub fn import(i: &mut Interp, name: &str, h: &mut dyn PyHost) -> R<Value> {
    if let Some(m) = i.modules.get(name) {
        return Ok(Value::Obj(*m));
    }
    let lib = lib_dir(i);
    let m = match name {
        "os" => {
            let (m, env) = new_module(i, "os", None)?;
            set_fns(
                i,
                env,
                &[
                    "os.getenv",
                    "os.getcwd",
                    "os.listdir",
                    "os.getpid",
                    "os.cpu_count",
                    "os.urandom",
                    "os.makedirs",
                    "os.mkdir",
                    "os.remove",
                    "os.unlink",
                    "os.system",
                    "os.chdir",
                    "os.putenv",
                    "os.rename",
                ],
            );
            i.env_set(env, "name", Value::str("posix"));
            i.env_set(env, "sep", Value::str("/"));
            i.env_set(env, "linesep", Value::str("\n"));
            i.env_set(env, "pathsep", Value::str(":"));
            i.env_set(env, "curdir", Value::str("."));
            let mut d = Dict::new();
            for (k, v) in h.environ() {
                d.insert(HKey::Str(Arc::from(k.as_str())), Value::str(&k), Value::str(&v));
            }
            let environ = i.new_dict(d)?;
            i.env_set(env, "environ", environ);
            let p = import(i, "os.path", h)?;
            i.env_set(env, "path", p);
            m
        }
        "os.path" | "posixpath" => {
            let (m, env) = new_module(i, "posixpath", Some(format!("{lib}/posixpath.py")))?;
            set_fns(
                i,
                env,
                &[
                    "os.path.join",
                    "os.path.exists",
                    "os.path.isfile",
                    "os.path.isdir",
                    "os.path.basename",
                    "os.path.dirname",
                    "os.path.abspath",
                    "os.path.splitext",
                    "os.path.split",
                    "os.path.getsize",
                    "os.path.expanduser",
                    "os.path.normpath",
                    "os.path.isabs",
                    "os.path.realpath",
                ],
            );
            i.env_set(env, "sep", Value::str("/"));
            i.modules.insert("os.path".into(), m);
            i.modules.insert("posixpath".into(), m);
            m
        }
        "sys" => {
            let (m, env) = new_module(i, "sys", None)?;
            set_fns(
                i,
                env,
                &[
                    "sys.exit",
                    "sys.getrecursionlimit",
                    "sys.setrecursionlimit",
                    "sys.getsizeof",
                    "sys.intern",
                ],
            );
            let argv: Vec<Value> = i.cfg.argv.iter().map(|a| Value::str(a)).collect();
            let argv = i.new_list(argv)?;
            i.env_set(env, "argv", argv);
            let sv = i.cfg.sys_version.clone();
            i.env_set(env, "version", Value::str(&sv));
            let parts: Vec<Value> = i
                .cfg
                .version
                .split('.')
                .map(|p| Value::Int(p.parse().unwrap_or(0)))
                .collect();
            let mut vi = parts;
            vi.resize(3, Value::Int(0));
            vi.push(Value::str("final"));
            vi.push(Value::Int(0));
            i.env_set(env, "version_info", Value::tuple(vi));
            i.env_set(env, "platform", Value::str("linux"));
            i.env_set(env, "executable", Value::str("/usr/local/bin/python"));
            i.env_set(env, "byteorder", Value::str("little"));
            i.env_set(env, "maxsize", Value::Int(i64::MAX as i128));
            let path = vec![
                Value::str(&i.cfg.script_dir.clone()),
                Value::str(&format!("{lib}.zip").replace("lib/python3.", "lib/python3")),
                Value::str(&lib),
                Value::str(&format!("{lib}/lib-dynload")),
                Value::str(&format!("{lib}/site-packages")),
            ];
            let path = i.new_list(path)?;
            i.env_set(env, "path", path);
            for (n, s) in [("stdout", 1u8), ("stderr", 2), ("stdin", 3)] {
                let f = FileObj {
                    path: Arc::from(format!("<{n}>").as_str()),
                    name: Value::str(&format!("<{n}>")),
                    readable: s == 3,
                    writable: s != 3,
                    binary: false,
                    data: Vec::new(),
                    pos: 0,
                    pending: Vec::new(),
                    closed: false,
                    stream: s,
                    owner: None,
                };
                let id = i.alloc(Obj::File(f))?;
                i.env_set(env, n, Value::Obj(id));
                i.env_set(env, &format!("__{n}__"), Value::Obj(id));
            }
            m
        }
        "time" => {
            let (m, env) = new_module(i, "time", None)?;
            set_fns(
                i,
                env,
                &[
                    "time.sleep",
                    "time.time",
                    "time.monotonic",
                    "time.perf_counter",
                    "time.strftime",
                    "time.ctime",
                    "time.time_ns",
                    "time.process_time",
                ],
            );
            m
        }
        "json" => {
            let (m, env) = new_module(i, "json", Some(format!("{lib}/json/__init__.py")))?;
            set_fns(i, env, &["json.dumps", "json.loads", "json.dump", "json.load"]);
            let ve = i.exc_class("ValueError");
            let c = new_native_class(
                i,
                "JSONDecodeError",
                "json.decoder",
                vec![ve],
                NativeClass::Exception("JSONDecodeError"),
            );
            i.classes.insert("JSONDecodeError", c);
            i.env_set(env, "JSONDecodeError", Value::Obj(c));
            m
        }
        "random" => {
            let (m, env) = new_module(i, "random", Some(format!("{lib}/random.py")))?;
            set_fns(
                i,
                env,
                &[
                    "random.random",
                    "random.randint",
                    "random.choice",
                    "random.shuffle",
                    "random.uniform",
                    "random.randrange",
                    "random.seed",
                    "random.sample",
                    "random.choices",
                ],
            );
            m
        }
        "math" => {
            let (m, env) = new_module(i, "math", None)?;
            set_fns(
                i,
                env,
                &[
                    "math.sqrt",
                    "math.floor",
                    "math.ceil",
                    "math.pow",
                    "math.fabs",
                    "math.log",
                    "math.log10",
                    "math.log2",
                    "math.exp",
                    "math.sin",
                    "math.cos",
                    "math.tan",
                    "math.factorial",
                    "math.gcd",
                    "math.isclose",
                    "math.trunc",
                    "math.hypot",
                    "math.isnan",
                    "math.isinf",
                    "math.radians",
                    "math.degrees",
                    "math.atan2",
                    "math.atan",
                    "math.asin",
                    "math.acos",
                ],
            );
            i.env_set(env, "pi", Value::Float(std::f64::consts::PI));
            i.env_set(env, "e", Value::Float(std::f64::consts::E));
            i.env_set(env, "tau", Value::Float(std::f64::consts::TAU));
            i.env_set(env, "inf", Value::Float(f64::INFINITY));
            i.env_set(env, "nan", Value::Float(f64::NAN));
            m
        }
        "string" => {
            let (m, env) = new_module(i, "string", Some(format!("{lib}/string.py")))?;
            let lower = "abcdefghijklmnopqrstuvwxyz";
            let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            i.env_set(env, "ascii_lowercase", Value::str(lower));
            i.env_set(env, "ascii_uppercase", Value::str(upper));
            i.env_set(env, "ascii_letters", Value::str(&format!("{lower}{upper}")));
            i.env_set(env, "digits", Value::str("0123456789"));
            i.env_set(env, "hexdigits", Value::str("0123456789abcdefABCDEF"));
            i.env_set(env, "punctuation", Value::str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
            i.env_set(env, "whitespace", Value::str(" \t\n\r\x0b\x0c"));
            m
        }
        "typing" => {
            let (m, env) = new_module(i, "typing", Some(format!("{lib}/typing.py")))?;
            for (n, t) in [
                ("List", TypeKind::List),
                ("Dict", TypeKind::Dict),
                ("Tuple", TypeKind::Tuple),
                ("Set", TypeKind::Set),
                ("Any", TypeKind::Object),
                ("Optional", TypeKind::Object),
                ("Union", TypeKind::Object),
                ("Callable", TypeKind::Object),
                ("Iterable", TypeKind::Object),
                ("Sequence", TypeKind::Object),
                ("Mapping", TypeKind::Object),
            ] {
                i.env_set(env, n, Value::Type(t));
            }
            m
        }
        "datetime" => {
            let (m, env) = new_module(i, "datetime", Some(format!("{lib}/datetime.py")))?;
            for (n, nc) in [
                ("datetime", NativeClass::Datetime),
                ("date", NativeClass::Date),
                ("timedelta", NativeClass::Timedelta),
            ] {
                let c = new_native_class(i, n, "datetime", vec![], nc);
                i.env_set(env, n, Value::Obj(c));
                i.classes.insert(
                    match n {
                        "datetime" => "datetime.datetime",
                        "date" => "datetime.date",
                        _ => "datetime.timedelta",
                    },
                    c,
                );
            }
            m
        }
        "http" => {
            let (m, _env) = new_module(i, "http", Some(format!("{lib}/http/__init__.py")))?;
            m
        }
        "http.server" | "socketserver" => {
            if !i.modules.contains_key("http") {
                import(i, "http", h)?;
            }
            let hs = crate::http::install_module(i)?;

            if name == "http.server" { hs.0 } else { hs.1 }
        }
        "flask" => {
            if !installed(i, "flask") {
                return Err(not_found(i, name));
            }
            crate::flask::install_module(i)?
        }
        _ => {
            if let Some(m) = import_local(i, name, h)? {
                m
            } else {
                let top = name.split('.').next().unwrap_or(name);
                if STDLIB_UNSIMULATED.contains(&name) || STDLIB_UNSIMULATED.contains(&top) {
                    return Err(i.exc(
                        "ImportError",
                        format!("the standard module '{name}' is not simulated by Dockyard (simulated: os, os.path, sys, time, json, random, math, string, typing, datetime, http.server, socketserver)"),
                    ));
                }
                if installed(i, top) {
                    return Err(i.exc(
                        "ImportError",
                        format!("package '{top}' is installed, but Dockyard does not simulate it (simulated packages: flask)"),
                    ));
                }
                return Err(not_found(i, name));
            }
        }
    };
    if name == "http.server"
        && let Some(http) = i.modules.get("http").copied()
        && let Obj::Module(hm) = i.obj(http)
    {
        let env = hm.env;
        i.env_set(env, "server", Value::Obj(m));
    }
    Ok(Value::Obj(m))
}

fn not_found(i: &mut Interp, name: &str) -> crate::interp::Flow {
    let class = i.exc_class("ModuleNotFoundError");
    let v = i.make_exc(class, vec![Value::str(&format!("No module named '{name}'"))]);
    if let Value::Obj(id) = &v
        && let Some(Obj::Instance(inst)) = i.obj_mut(*id)
    {
        inst.attrs.insert(Arc::from("name"), Value::str(name));
    }
    i.raise_value(v)
}

/// Import `name` from the script's directory (`name.py` or `name/__init__.py`).
fn import_local(i: &mut Interp, name: &str, h: &mut dyn PyHost) -> R<Option<ObjId>> {
    let rel = name.replace('.', "/");
    let base = i.cfg.script_dir.clone();
    let candidates = [format!("{base}/{rel}.py"), format!("{base}/{rel}/__init__.py")];
    for path in candidates {
        let path = normpath(&path);
        let Ok(data) = h.read_file(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&data).to_string();
        let (m, env) = new_module(i, name, Some(path.clone()))?;
        let source = Source::new(&path, &text, true);
        let body = match crate::parser::parse_module(&text) {
            Ok(b) => b,
            Err(e) => {
                i.modules.remove(name);
                return Err(crate::traceback::syntax_exception(i, &e, &source));
            }
        };
        i.call_depth += 1;
        let r = i.run_module(&body, env, source, h);
        i.call_depth -= 1;
        if let Err(e) = r {
            i.modules.remove(name);
            return Err(e);
        }
        return Ok(Some(m));
    }
    Ok(None)
}

fn arg(args: &[Value], n: usize) -> Value {
    args.get(n).cloned().unwrap_or(Value::None)
}

fn kwarg(kw: &Kw, name: &str) -> Option<Value> {
    kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

fn num(i: &mut Interp, v: &Value, fname: &str) -> R<f64> {
    match v {
        Value::Int(n) => Ok(*n as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Float(f) => Ok(*f),
        _ => {
            let tn = i.type_name(v);
            let _ = fname;
            Err(i.exc("TypeError", format!("must be real number, not {tn}")))
        }
    }
}

fn str_of(i: &mut Interp, v: &Value, what: &str) -> R<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        _ => {
            let tn = i.type_name(v);
            Err(i.exc(
                "TypeError",
                format!("{what}: expected str, bytes or os.PathLike object, not {tn}"),
            ))
        }
    }
}

fn rand_f64(h: &mut dyn PyHost) -> f64 {
    (h.random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn rand_below(h: &mut dyn PyHost, n: u128) -> u128 {
    if n == 0 {
        return 0;
    }
    let x = ((h.random_u64() as u128) << 64) | h.random_u64() as u128;
    x % n
}

fn environ_dict(i: &mut Interp, h: &mut dyn PyHost) -> R<Value> {
    let os = import(i, "os", h)?;
    i.getattr(&os, "environ", h)
}

pub fn call_module_fn(i: &mut Interp, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    match name {
        // ----- os -----
        "os.getenv" => {
            let key = arg(&args, 0);
            let Value::Str(k) = &key else {
                let tn = i.type_name(&key);
                return Err(i.exc("TypeError", format!("str expected, not {tn}")));
            };
            let env = environ_dict(i, h)?;
            let default = args.get(1).cloned().or(kwarg(&kw, "default")).unwrap_or(Value::None);
            if let Value::Obj(id) = env
                && let Obj::Dict(d) = i.obj(id)
                && let Some(v) = d.get(&HKey::Str(k.clone()))
            {
                return Ok(v.clone());
            }
            Ok(default)
        }
        "os.putenv" => Ok(Value::None),
        "os.getcwd" => Ok(Value::str(&h.cwd())),
        "os.chdir" => Err(i.exc(
            "NotImplementedError",
            "os.chdir() is not supported by the Dockyard Python simulator",
        )),
        "os.listdir" => {
            let p = match args.first() {
                Some(v) => str_of(i, v, "listdir")?,
                None => ".".into(),
            };
            let abs = abspath(h, &p);
            match h.list_dir(&abs) {
                Ok(entries) => {
                    let v = entries.into_iter().map(|e| Value::str(&e.name)).collect();
                    i.new_list(v)
                }
                Err(e) => Err(i.os_error(e, &p)),
            }
        }
        "os.getpid" => Ok(Value::Int(1)),
        "os.cpu_count" => Ok(Value::Int(2)),
        "os.urandom" => {
            let n = match arg(&args, 0) {
                Value::Int(n) if (0..=1 << 20).contains(&n) => n as usize,
                _ => return Err(i.exc("ValueError", "negative argument not allowed")),
            };
            let mut v = Vec::with_capacity(n);
            while v.len() < n {
                v.extend_from_slice(&h.random_u64().to_le_bytes());
            }
            v.truncate(n);
            Ok(Value::Bytes(Arc::from(v)))
        }
        "os.makedirs" | "os.mkdir" | "os.remove" | "os.unlink" | "os.system" | "os.rename" => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
        // ----- os.path -----
        "os.path.join" => {
            let mut out = String::new();
            for a in &args {
                let s = str_of(i, a, "join")?;
                if s.starts_with('/') {
                    out = s;
                } else if out.is_empty() || out.ends_with('/') {
                    out.push_str(&s);
                } else {
                    out.push('/');
                    out.push_str(&s);
                }
            }
            Ok(Value::str(&out))
        }
        "os.path.exists" | "os.path.isfile" | "os.path.isdir" | "os.path.getsize" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            let abs = abspath(h, &p);
            let file = h.read_file(&abs);
            let is_file = file.is_ok();
            let is_dir = !is_file && h.list_dir(&abs).is_ok();
            match name {
                "os.path.exists" => Ok(Value::Bool(is_file || is_dir)),
                "os.path.isfile" => Ok(Value::Bool(is_file)),
                "os.path.isdir" => Ok(Value::Bool(is_dir)),
                _ => match file {
                    Ok(d) => Ok(Value::Int(d.len() as i128)),
                    Err(e) => Err(i.os_error(e, &p)),
                },
            }
        }
        "os.path.basename" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
        }
        "os.path.dirname" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            Ok(Value::str(match p.rfind('/') {
                Some(0) => "/",
                Some(k) => p[..k].trim_end_matches('/'),
                None => "",
            }))
        }
        "os.path.split" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            let (a, b) = match p.rfind('/') {
                Some(k) => (
                    if k == 0 { "/".to_string() } else { p[..k].to_string() },
                    p[k + 1..].to_string(),
                ),
                None => (String::new(), p.clone()),
            };
            Ok(Value::tuple(vec![Value::str(&a), Value::str(&b)]))
        }
        "os.path.abspath" | "os.path.realpath" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            Ok(Value::str(&abspath(h, &p)))
        }
        "os.path.normpath" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            if p.starts_with('/') {
                Ok(Value::str(&normpath(&p)))
            } else {
                let n = normpath(&format!("/{p}"));
                let r = n.trim_start_matches('/');
                Ok(Value::str(if r.is_empty() { "." } else { r }))
            }
        }
        "os.path.isabs" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            Ok(Value::Bool(p.starts_with('/')))
        }
        "os.path.splitext" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            let base_start = p.rfind('/').map(|k| k + 1).unwrap_or(0);
            let base = &p[base_start..];
            let dot = base.rfind('.').filter(|&k| base[..k].chars().any(|c| c != '.'));
            Ok(match dot {
                Some(k) => Value::tuple(vec![Value::str(&p[..base_start + k]), Value::str(&base[k..])]),
                None => Value::tuple(vec![Value::str(&p), Value::str("")]),
            })
        }
        "os.path.expanduser" => {
            let p = str_of(i, &arg(&args, 0), name)?;
            if let Some(rest) = p.strip_prefix('~') {
                let home = h.getenv("HOME").unwrap_or_else(|| "/root".into());
                return Ok(Value::str(&format!("{home}{rest}")));
            }
            Ok(Value::str(&p))
        }
        // ----- sys -----
        "sys.exit" => {
            let code = arg(&args, 0);
            let class = i.exc_class("SystemExit");
            let v = i.make_exc(
                class,
                if matches!(code, Value::None) {
                    vec![]
                } else {
                    vec![code]
                },
            );
            Err(i.raise_value(v))
        }
        "sys.getrecursionlimit" => Ok(Value::Int(crate::interp::CALL_LIMIT as i128)),
        "sys.setrecursionlimit" => Ok(Value::None),
        "sys.getsizeof" => Ok(Value::Int(64)),
        "sys.intern" => Ok(arg(&args, 0)),
        // ----- time -----
        "time.sleep" => {
            let s = num(i, &arg(&args, 0), "sleep")?;
            if s < 0.0 {
                return Err(i.exc("ValueError", "sleep length must be non-negative"));
            }
            h.sleep(s);
            i.slept += s;
            if i.slept > i.cfg.max_sleep {
                return Err(crate::interp::Flow::Fatal(crate::interp::Fatal::Sleep));
            }
            i.step()?;
            Ok(Value::None)
        }
        "time.time" | "time.monotonic" | "time.perf_counter" | "time.process_time" => Ok(Value::Float(h.now_unix())),
        "time.time_ns" => Ok(Value::Int((h.now_unix() * 1e9) as i128)),
        "time.ctime" => {
            let t = match args.first() {
                Some(v) if !matches!(v, Value::None) => num(i, v, "ctime")?,
                _ => h.now_unix(),
            };
            Ok(Value::str(&strftime("%a %b %e %H:%M:%S %Y", t as i64, 0)))
        }
        "time.strftime" => {
            let f = str_of(i, &arg(&args, 0), "strftime")?;
            Ok(Value::str(&strftime(&f, h.now_unix() as i64, 0)))
        }
        // ----- json -----
        "json.dumps" | "json.dump" => {
            let v = arg(&args, 0);
            let indent = match kwarg(&kw, "indent") {
                Some(Value::Int(n)) => Some(" ".repeat(n.clamp(0, 64) as usize)),
                Some(Value::Str(s)) => Some(s.to_string()),
                _ => None,
            };
            let sort = match kwarg(&kw, "sort_keys") {
                Some(v) => i.truthy(&v, h)?,
                None => false,
            };
            let ascii = match kwarg(&kw, "ensure_ascii") {
                Some(v) => i.truthy(&v, h)?,
                None => true,
            };
            let (isep, ksep) = match kwarg(&kw, "separators") {
                Some(Value::Tuple(t)) if t.len() == 2 => {
                    let a = i.str_of(&t[0], h)?;
                    let b = i.str_of(&t[1], h)?;
                    (a, b)
                }
                _ => (if indent.is_some() { ",".into() } else { ", ".into() }, ": ".into()),
            };
            let opts = JsonOpts {
                indent,
                sort,
                ascii,
                isep,
                ksep,
            };
            let mut out = String::new();
            json_dump(i, &v, &opts, 0, &mut out, h)?;
            if name == "json.dump" {
                let f = arg(&args, 1);
                i.call_method(&f, "write", vec![Value::str(&out)], h)?;
                return Ok(Value::None);
            }
            Ok(Value::str(&out))
        }
        "json.loads" | "json.load" => {
            let text = if name == "json.load" {
                let f = arg(&args, 0);
                let r = i.call_method(&f, "read", vec![], h)?;
                match r {
                    Value::Str(s) => s.to_string(),
                    Value::Bytes(b) => String::from_utf8_lossy(&b).to_string(),
                    _ => String::new(),
                }
            } else {
                match arg(&args, 0) {
                    Value::Str(s) => s.to_string(),
                    Value::Bytes(b) => String::from_utf8_lossy(&b).to_string(),
                    other => {
                        let tn = i.type_name(&other);
                        return Err(i.exc(
                            "TypeError",
                            format!("the JSON object must be str, bytes or bytearray, not {tn}"),
                        ));
                    }
                }
            };
            let cs: Vec<char> = text.chars().collect();
            let mut p = JsonParser {
                cs: &cs,
                pos: 0,
                depth: 0,
            };
            p.ws();
            let v = p.value(i)?;
            p.ws();
            if p.pos < cs.len() {
                return Err(p.error(i, "Extra data"));
            }
            Ok(v)
        }
        // ----- random -----
        "random.random" => Ok(Value::Float(rand_f64(h))),
        "random.seed" => Ok(Value::None),
        "random.uniform" => {
            let a = num(i, &arg(&args, 0), "uniform")?;
            let b = num(i, &arg(&args, 1), "uniform")?;
            Ok(Value::Float(a + (b - a) * rand_f64(h)))
        }
        "random.randint" | "random.randrange" => {
            let ints: Vec<i128> = args
                .iter()
                .map(|v| match v {
                    Value::Int(n) => Some(*n),
                    Value::Bool(b) => Some(*b as i128),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| i.exc("TypeError", "'float' object cannot be interpreted as an integer"))?;
            let (a, b, step) = match (name, ints.as_slice()) {
                ("random.randint", [a, b]) => (*a, b.saturating_add(1), 1),
                ("random.randrange", [b]) => (0, *b, 1),
                ("random.randrange", [a, b]) => (*a, *b, 1),
                ("random.randrange", [a, b, c]) => (*a, *b, *c),
                _ => {
                    return Err(i.exc("TypeError", format!("{}() takes 2 positional arguments", &name[7..])));
                }
            };
            if step == 0 {
                return Err(i.exc("ValueError", "zero step for randrange()"));
            }
            let n = crate::builtins::range_len(a, b, step);
            if n <= 0 {
                return Err(i.exc("ValueError", format!("empty range for randrange() ({a}, {b}, {b})")));
            }
            Ok(Value::Int(
                a.saturating_add(step.saturating_mul(rand_below(h, n as u128) as i128)),
            ))
        }
        "random.choice" => {
            let items = i.collect(&arg(&args, 0), h)?;
            if items.is_empty() {
                return Err(i.exc("IndexError", "Cannot choose from an empty sequence"));
            }
            Ok(items[rand_below(h, items.len() as u128) as usize].clone())
        }
        "random.choices" => {
            let items = i.collect(&arg(&args, 0), h)?;
            let k = match kwarg(&kw, "k") {
                Some(Value::Int(k)) => k.clamp(0, 1 << 20) as usize,
                _ => 1,
            };
            if items.is_empty() {
                return Err(i.exc("IndexError", "Cannot choose from an empty sequence"));
            }
            let v = (0..k)
                .map(|_| items[rand_below(h, items.len() as u128) as usize].clone())
                .collect();
            i.new_list(v)
        }
        "random.sample" => {
            let mut items = i.collect(&arg(&args, 0), h)?;
            let k = match args.get(1).cloned().or(kwarg(&kw, "k")) {
                Some(Value::Int(k)) => k,
                _ => {
                    return Err(i.exc("TypeError", "sample() missing 1 required positional argument: 'k'"));
                }
            };
            if k < 0 || k as usize > items.len() {
                return Err(i.exc("ValueError", "Sample larger than population or is negative"));
            }
            let mut out = Vec::new();
            for _ in 0..k {
                let j = rand_below(h, items.len() as u128) as usize;
                out.push(items.remove(j));
            }
            i.new_list(out)
        }
        "random.shuffle" => {
            let l = arg(&args, 0);
            let Value::Obj(id) = l else {
                return Err(i.exc("TypeError", "shuffle() needs a list"));
            };
            let n = match i.obj(id) {
                Obj::List(v) => v.len(),
                _ => return Err(i.exc("TypeError", "shuffle() needs a list")),
            };
            let mut swaps = Vec::new();
            for k in (1..n).rev() {
                swaps.push((k, rand_below(h, k as u128 + 1) as usize));
            }
            if let Some(Obj::List(v)) = i.obj_mut(id) {
                for (a, b) in swaps {
                    v.swap(a, b);
                }
            }
            Ok(Value::None)
        }
        n if n.starts_with("flask.") => crate::flask::call_flask_fn(i, n, args, kw, h),
        // ----- math -----
        n if n.starts_with("math.") => math_fn(i, &n[5..], &args, h),
        _ => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
    }
}

fn math_fn(i: &mut Interp, f: &str, args: &[Value], h: &mut dyn PyHost) -> R<Value> {
    let x = match args.first() {
        Some(v) => num(i, v, f)?,
        None => {
            return Err(i.exc("TypeError", format!("math.{f}() takes at least one argument (0 given)")));
        }
    };
    let domain = |i: &mut Interp| i.exc("ValueError", "math domain error");
    let r = match f {
        "sqrt" => {
            if x < 0.0 {
                return Err(domain(i));
            }
            x.sqrt()
        }
        "floor" | "ceil" | "trunc" => {
            if let Some(Value::Int(n)) = args.first() {
                return Ok(Value::Int(*n));
            }
            if !x.is_finite() {
                return Err(i.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            let v = match f {
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                _ => x.trunc(),
            };
            return Ok(Value::Int(v as i128));
        }
        "pow" => x.powf(num(i, &arg(args, 1), f)?),
        "fabs" => x.abs(),
        "log" => {
            if x <= 0.0 {
                return Err(domain(i));
            }
            match args.get(1) {
                Some(b) => x.ln() / num(i, b, f)?.ln(),
                None => x.ln(),
            }
        }
        "log10" | "log2" => {
            if x <= 0.0 {
                return Err(domain(i));
            }
            if f == "log10" { x.log10() } else { x.log2() }
        }
        "exp" => x.exp(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "atan" => x.atan(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "atan2" => x.atan2(num(i, &arg(args, 1), f)?),
        "hypot" => x.hypot(num(i, &arg(args, 1), f)?),
        "radians" => x.to_radians(),
        "degrees" => x.to_degrees(),
        "isnan" => return Ok(Value::Bool(x.is_nan())),
        "isinf" => return Ok(Value::Bool(x.is_infinite())),
        "isclose" => {
            let y = num(i, &arg(args, 1), f)?;
            return Ok(Value::Bool((x - y).abs() <= 1e-9 * x.abs().max(y.abs())));
        }
        "factorial" => {
            let Some(Value::Int(n)) = args.first() else {
                return Err(i.exc("TypeError", "'float' object cannot be interpreted as an integer"));
            };
            if *n < 0 {
                return Err(i.exc("ValueError", "factorial() not defined for negative values"));
            }
            let mut acc: i128 = 1;
            for k in 2..=*n {
                acc = acc.checked_mul(k).ok_or_else(|| i.overflow())?;
            }
            return Ok(Value::Int(acc));
        }
        "gcd" => {
            let (Some(Value::Int(a)), Some(Value::Int(b))) = (args.first(), args.get(1)) else {
                return Err(i.exc("TypeError", "gcd() needs integers"));
            };
            let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
            while b != 0 {
                (a, b) = (b, a % b);
            }
            return Ok(Value::Int(a.min(i128::MAX as u128) as i128));
        }
        _ => {
            return Err(i.exc("AttributeError", format!("module 'math' has no attribute '{f}'")));
        }
    };
    let _ = h;
    Ok(Value::Float(r))
}

// ----- json -----

struct JsonOpts {
    indent: Option<String>,
    sort: bool,
    ascii: bool,
    isep: String,
    ksep: String,
}

fn json_str(s: &str, ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_dump(i: &mut Interp, v: &Value, o: &JsonOpts, level: usize, out: &mut String, h: &mut dyn PyHost) -> R<()> {
    if level > 100 || i.stack_exhausted() {
        return Err(i.exc(
            "RecursionError",
            "maximum recursion depth exceeded while encoding a JSON object",
        ));
    }
    if out.len() > crate::interp::MAX_STR {
        return Err(i.exc("MemoryError", ""));
    }
    let nl = |out: &mut String, lvl: usize| {
        if let Some(ind) = &o.indent {
            out.push('\n');
            for _ in 0..lvl {
                out.push_str(ind);
            }
        }
    };
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Float(f) => {
            if f.is_nan() {
                out.push_str("NaN")
            } else if f.is_infinite() {
                out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" })
            } else {
                out.push_str(&crate::format::float_repr(*f))
            }
        }
        Value::Str(s) => json_str(s, o.ascii, out),
        Value::Tuple(_) => {
            let items = i.collect(v, h)?;
            json_seq(i, &items, o, level, out, h)?;
        }
        Value::Obj(id) => match i.obj(*id).clone() {
            Obj::List(items) => json_seq(i, &items, o, level, out, h)?,
            Obj::Dict(d) => {
                if d.is_empty() {
                    out.push_str("{}");
                    return Ok(());
                }
                let mut pairs: Vec<(String, Value)> = Vec::new();
                for (k, val) in d.iter() {
                    let ks = match k {
                        Value::Str(s) => s.to_string(),
                        Value::Int(n) => n.to_string(),
                        Value::Float(f) => crate::format::float_repr(*f),
                        Value::Bool(b) => (if *b { "true" } else { "false" }).into(),
                        Value::None => "null".into(),
                        other => {
                            let tn = i.type_name(other);
                            return Err(i.exc(
                                "TypeError",
                                format!("keys must be str, int, float, bool or None, not {tn}"),
                            ));
                        }
                    };
                    pairs.push((ks, val.clone()));
                }
                if o.sort {
                    pairs.sort_by(|a, b| a.0.cmp(&b.0));
                }
                out.push('{');
                for (n, (k, val)) in pairs.iter().enumerate() {
                    if n > 0 {
                        out.push_str(&o.isep);
                    }
                    nl(out, level + 1);
                    json_str(k, o.ascii, out);
                    out.push_str(&o.ksep);
                    json_dump(i, val, o, level + 1, out, h)?;
                }
                nl(out, level);
                out.push('}');
            }
            _ => return Err(not_serializable(i, v)),
        },
        _ => return Err(not_serializable(i, v)),
    }
    Ok(())
}

fn not_serializable(i: &mut Interp, v: &Value) -> crate::interp::Flow {
    let tn = i.type_name(v);
    i.exc("TypeError", format!("Object of type {tn} is not JSON serializable"))
}

fn json_seq(
    i: &mut Interp,
    items: &[Value],
    o: &JsonOpts,
    level: usize,
    out: &mut String,
    h: &mut dyn PyHost,
) -> R<()> {
    if items.is_empty() {
        out.push_str("[]");
        return Ok(());
    }
    out.push('[');
    for (n, x) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(&o.isep);
        }
        if let Some(ind) = &o.indent {
            out.push('\n');
            for _ in 0..=level {
                out.push_str(ind);
            }
        }
        json_dump(i, x, o, level + 1, out, h)?;
    }
    if let Some(ind) = &o.indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str(ind);
        }
    }
    out.push(']');
    Ok(())
}

struct JsonParser<'a> {
    cs: &'a [char],
    pos: usize,
    depth: u32,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.pos < self.cs.len() && matches!(self.cs[self.pos], ' ' | '\t' | '\n' | '\r') {
            self.pos += 1;
        }
    }
    fn error(&self, i: &mut Interp, msg: &str) -> crate::interp::Flow {
        let before = &self.cs[..self.pos.min(self.cs.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let col = self.pos - before.iter().rposition(|c| *c == '\n').map(|p| p + 1).unwrap_or(0) + 1;
        let class = i.exc_class("JSONDecodeError");
        let v = i.make_exc(
            class,
            vec![Value::str(&format!(
                "{msg}: line {line} column {col} (char {})",
                self.pos
            ))],
        );
        i.raise_value(v)
    }
    fn value(&mut self, i: &mut Interp) -> R<Value> {
        self.depth += 1;
        if self.depth > 200 || i.stack_exhausted() {
            return Err(i.exc(
                "RecursionError",
                "maximum recursion depth exceeded while decoding a JSON document",
            ));
        }
        let r = self.value_inner(i);
        self.depth -= 1;
        r
    }
    fn value_inner(&mut self, i: &mut Interp) -> R<Value> {
        let Some(&c) = self.cs.get(self.pos) else {
            return Err(self.error(i, "Expecting value"));
        };
        match c {
            '{' => {
                self.pos += 1;
                let mut d = Dict::new();
                self.ws();
                if self.cs.get(self.pos) == Some(&'}') {
                    self.pos += 1;
                    return i.new_dict(d);
                }
                loop {
                    self.ws();
                    if self.cs.get(self.pos) != Some(&'"') {
                        return Err(self.error(i, "Expecting property name enclosed in double quotes"));
                    }
                    let k = self.string(i)?;
                    self.ws();
                    if self.cs.get(self.pos) != Some(&':') {
                        return Err(self.error(i, "Expecting ':' delimiter"));
                    }
                    self.pos += 1;
                    self.ws();
                    let v = self.value(i)?;
                    d.insert(HKey::Str(Arc::from(k.as_str())), Value::str(&k), v);
                    self.ws();
                    match self.cs.get(self.pos) {
                        Some(',') => self.pos += 1,
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(self.error(i, "Expecting ',' delimiter")),
                    }
                }
                i.grow(d.len() * 2)?;
                i.new_dict(d)
            }
            '[' => {
                self.pos += 1;
                let mut v = Vec::new();
                self.ws();
                if self.cs.get(self.pos) == Some(&']') {
                    self.pos += 1;
                    return i.new_list(v);
                }
                loop {
                    self.ws();
                    v.push(self.value(i)?);
                    self.ws();
                    match self.cs.get(self.pos) {
                        Some(',') => self.pos += 1,
                        Some(']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(self.error(i, "Expecting ',' delimiter")),
                    }
                }
                i.grow(v.len())?;
                i.new_list(v)
            }
            '"' => Ok(Value::str(&self.string(i)?)),
            't' if self.lit("true") => Ok(Value::Bool(true)),
            'f' if self.lit("false") => Ok(Value::Bool(false)),
            'n' if self.lit("null") => Ok(Value::None),
            'N' if self.lit("NaN") => Ok(Value::Float(f64::NAN)),
            'I' if self.lit("Infinity") => Ok(Value::Float(f64::INFINITY)),
            '-' | '0'..='9' => {
                let st = self.pos;
                if c == '-' {
                    self.pos += 1;
                    if self.lit("Infinity") {
                        return Ok(Value::Float(f64::NEG_INFINITY));
                    }
                }
                let mut float = false;
                while let Some(&d) = self.cs.get(self.pos) {
                    if d.is_ascii_digit() {
                        self.pos += 1;
                    } else if matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                        float = true;
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let s: String = self.cs[st..self.pos].iter().collect();
                if float {
                    s.parse::<f64>()
                        .map(Value::Float)
                        .map_err(|_| self.error(i, "Expecting value"))
                } else {
                    s.parse::<i128>()
                        .map(Value::Int)
                        .map_err(|_| self.error(i, "Expecting value"))
                }
            }
            _ => Err(self.error(i, "Expecting value")),
        }
    }
    fn lit(&mut self, w: &str) -> bool {
        let n = w.chars().count();
        if self.cs.len() >= self.pos + n && self.cs[self.pos..self.pos + n].iter().copied().eq(w.chars()) {
            self.pos += n;
            true
        } else {
            false
        }
    }
    fn string(&mut self, i: &mut Interp) -> R<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(&c) = self.cs.get(self.pos) else {
                self.pos = start;
                return Err(self.error(i, "Unterminated string starting at"));
            };
            self.pos += 1;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(&e) = self.cs.get(self.pos) else {
                        return Err(self.error(i, "Unterminated string starting at"));
                    };
                    self.pos += 1;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\x08'),
                        'f' => out.push('\x0c'),
                        'u' => {
                            let hex: String = self.cs.iter().skip(self.pos).take(4).collect();
                            self.pos += 4;
                            let n =
                                u32::from_str_radix(&hex, 16).map_err(|_| self.error(i, "Invalid \\uXXXX escape"))?;
                            out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }
}

// ----- datetime -----

pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAYS_LONG: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Broken-down UTC time: (year, month, day, hour, min, sec, weekday Mon=0, yday).
pub fn broken_down(secs: i64) -> (i64, u32, u32, u32, u32, u32, usize, u32) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let wd = (days + 3).rem_euclid(7) as usize;
    let yday = (days - days_from_civil(y, 1, 1) + 1) as u32;
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
        wd,
        yday,
    )
}

pub fn strftime(fmt: &str, secs: i64, micros: u32) -> String {
    let (y, mo, d, hh, mi, ss, wd, yday) = broken_down(secs);
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y % 100)),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('e') => out.push_str(&format!("{d:2}")),
            Some('H') => out.push_str(&format!("{hh:02}")),
            Some('I') => out.push_str(&format!("{:02}", if hh % 12 == 0 { 12 } else { hh % 12 })),
            Some('p') => out.push_str(if hh < 12 { "AM" } else { "PM" }),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{ss:02}")),
            Some('f') => out.push_str(&format!("{micros:06}")),
            Some('b') | Some('h') => out.push_str(MONTHS[(mo - 1) as usize % 12]),
            Some('B') => out.push_str(MONTHS_LONG[(mo - 1) as usize % 12]),
            Some('a') => out.push_str(DAYS[wd]),
            Some('A') => out.push_str(DAYS_LONG[wd]),
            Some('w') => out.push_str(&((wd + 1) % 7).to_string()),
            Some('j') => out.push_str(&format!("{yday:03}")),
            Some('Z') => out.push_str(""),
            Some('z') => out.push_str(""),
            Some('c') => out.push_str(&strftime("%a %b %e %H:%M:%S %Y", secs, micros)),
            Some('x') => out.push_str(&strftime("%m/%d/%y", secs, micros)),
            Some('X') => out.push_str(&strftime("%H:%M:%S", secs, micros)),
            Some('F') => out.push_str(&strftime("%Y-%m-%d", secs, micros)),
            Some('T') => out.push_str(&strftime("%H:%M:%S", secs, micros)),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    out
}

/// HTTP date (`Date:` header): `Tue, 19 Sep 2023 21:59:56 GMT`.
pub fn http_date(secs: i64) -> String {
    strftime("%a, %d %b %Y %H:%M:%S GMT", secs, 0)
}

pub fn datetime_has_method(nc: NativeClass, name: &str) -> bool {
    match nc {
        NativeClass::Datetime => matches!(
            name,
            "now"
                | "utcnow"
                | "today"
                | "fromtimestamp"
                | "strftime"
                | "isoformat"
                | "date"
                | "timestamp"
                | "weekday"
                | "replace"
                | "time"
        ),
        NativeClass::Date => matches!(name, "today" | "strftime" | "isoformat" | "weekday" | "fromtimestamp"),
        _ => matches!(name, "total_seconds"),
    }
}

fn dt_value(i: &mut Interp, nc: NativeClass, secs: i64, micros: u32) -> R<Value> {
    let key = if nc == NativeClass::Date {
        "datetime.date"
    } else {
        "datetime.datetime"
    };
    let cls = i.classes.get(key).copied().unwrap_or(0);
    let secs = if nc == NativeClass::Date {
        secs.div_euclid(86400) * 86400
    } else {
        secs
    };
    Ok(Value::Obj(i.alloc(Obj::Instance(Instance {
        class: cls,
        attrs: BTreeMap::new(),
        native: NativeData::Datetime(secs, micros),
    }))?))
}

fn td_value(i: &mut Interp, secs: f64) -> R<Value> {
    let cls = i.classes.get("datetime.timedelta").copied().unwrap_or(0);
    Ok(Value::Obj(i.alloc(Obj::Instance(Instance {
        class: cls,
        attrs: BTreeMap::new(),
        native: NativeData::Timedelta(secs),
    }))?))
}

pub fn datetime_new(i: &mut Interp, nc: NativeClass, args: &[Value], kw: &Kw) -> R<NativeData> {
    let ints: Vec<i64> = args
        .iter()
        .filter_map(|v| if let Value::Int(n) = v { Some(*n as i64) } else { None })
        .collect();
    match nc {
        NativeClass::Timedelta => {
            let mut secs = 0.0;
            let names = [
                "days",
                "seconds",
                "microseconds",
                "milliseconds",
                "minutes",
                "hours",
                "weeks",
            ];
            let mult = [86400.0, 1.0, 1e-6, 1e-3, 60.0, 3600.0, 604800.0];
            for (k, a) in args.iter().enumerate().take(7) {
                secs += num(i, a, "timedelta")? * mult[k];
            }
            for (k, v) in kw {
                match names.iter().position(|n| *n == &**k) {
                    Some(p) => secs += num(i, v, "timedelta")? * mult[p],
                    None => {
                        return Err(i.exc(
                            "TypeError",
                            format!("timedelta() got an unexpected keyword argument '{k}'"),
                        ));
                    }
                }
            }
            Ok(NativeData::Timedelta(secs))
        }
        _ => {
            if ints.len() < 3 || ints.len() != args.len() {
                return Err(i.exc("TypeError", "function missing required argument 'day' (pos 3)"));
            }
            let (y, m, d) = (ints[0], ints[1], ints[2]);
            if !(1..=12).contains(&m) {
                return Err(i.exc("ValueError", "month must be in 1..12"));
            }
            if !(1..=31).contains(&d) || !(1..=9999).contains(&y) {
                return Err(i.exc("ValueError", "day is out of range for month"));
            }
            let days = days_from_civil(y, m as u32, d as u32);
            let hh = ints.get(3).copied().unwrap_or(0).clamp(0, 23);
            let mi = ints.get(4).copied().unwrap_or(0).clamp(0, 59);
            let ss = ints.get(5).copied().unwrap_or(0).clamp(0, 59);
            let us = ints.get(6).copied().unwrap_or(0).clamp(0, 999_999) as u32;
            Ok(NativeData::Datetime(days * 86400 + hh * 3600 + mi * 60 + ss, us))
        }
    }
}

fn dt_of(i: &Interp, v: &Value) -> Option<(i64, u32)> {
    match v {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => match inst.native {
                NativeData::Datetime(s, u) => Some((s, u)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn td_of(i: &Interp, v: &Value) -> Option<f64> {
    match v {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => match inst.native {
                NativeData::Timedelta(s) => Some(s),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

pub fn datetime_method(
    i: &mut Interp,
    nc: NativeClass,
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    _kw: Kw,
    h: &mut dyn PyHost,
) -> R<Value> {
    let is_class = matches!(recv, Value::Obj(id) if matches!(i.obj(*id), Obj::Class(_)));
    if is_class || dt_of(i, recv).is_none() && td_of(i, recv).is_none() {
        return match name {
            "now" | "today" | "utcnow" => {
                let t = h.now_unix();
                let secs = t.floor() as i64;
                let us = ((t - t.floor()) * 1e6) as u32;
                dt_value(i, nc, secs, if nc == NativeClass::Date { 0 } else { us })
            }
            "fromtimestamp" => {
                let t = num(i, &arg(&args, 0), "fromtimestamp")?;
                dt_value(i, nc, t.floor() as i64, ((t - t.floor()) * 1e6) as u32)
            }
            _ => Err(i.exc("TypeError", format!("descriptor '{name}' needs an instance"))),
        };
    }
    if let Some(td) = td_of(i, recv) {
        return Ok(Value::Float(td));
    }
    let (secs, us) = dt_of(i, recv).unwrap_or((0, 0));
    match name {
        "strftime" => {
            let f = match arg(&args, 0) {
                Value::Str(s) => s.to_string(),
                _ => return Err(i.exc("TypeError", "strftime() argument 1 must be str")),
            };
            Ok(Value::str(&strftime(&f, secs, us)))
        }
        "isoformat" => {
            let s = if nc == NativeClass::Date {
                strftime("%Y-%m-%d", secs, us)
            } else if us == 0 {
                strftime("%Y-%m-%dT%H:%M:%S", secs, us)
            } else {
                strftime("%Y-%m-%dT%H:%M:%S.%f", secs, us)
            };
            Ok(Value::str(&s))
        }
        "date" => dt_value(i, NativeClass::Date, secs, 0),
        "timestamp" => Ok(Value::Float(secs as f64 + us as f64 / 1e6)),
        "weekday" => Ok(Value::Int(broken_down(secs).6 as i128)),
        _ => Ok(recv.clone()),
    }
}

pub fn datetime_attr(i: &mut Interp, nc: NativeClass, v: &Value, name: &str, _h: &mut dyn PyHost) -> R<Option<Value>> {
    if let Some(td) = td_of(i, v) {
        return Ok(match name {
            "days" => Some(Value::Int(td.div_euclid(86400.0) as i128)),
            "seconds" => Some(Value::Int(td.rem_euclid(86400.0).floor() as i128)),
            "microseconds" => Some(Value::Int(((td - td.floor()) * 1e6).round() as i128)),
            _ => None,
        });
    }
    let Some((secs, us)) = dt_of(i, v) else {
        return Ok(None);
    };
    let (y, m, d, hh, mi, ss, _, _) = broken_down(secs);
    let _ = nc;
    Ok(match name {
        "year" => Some(Value::Int(y as i128)),
        "month" => Some(Value::Int(m as i128)),
        "day" => Some(Value::Int(d as i128)),
        "hour" => Some(Value::Int(hh as i128)),
        "minute" => Some(Value::Int(mi as i128)),
        "second" => Some(Value::Int(ss as i128)),
        "microsecond" => Some(Value::Int(us as i128)),
        _ => None,
    })
}

pub fn datetime_repr(i: &mut Interp, v: &Value, nd: &NativeData, _h: &mut dyn PyHost, repr: bool) -> R<Option<String>> {
    let is_date = i
        .class_of(v)
        .is_some_and(|c| i.classes.get("datetime.date") == Some(&c));
    Ok(match nd {
        NativeData::Datetime(secs, us) => {
            let (y, m, d, hh, mi, ss, _, _) = broken_down(*secs);
            Some(if is_date {
                if repr {
                    format!("datetime.date({y}, {m}, {d})")
                } else {
                    format!("{y:04}-{m:02}-{d:02}")
                }
            } else if repr {
                let mut parts = vec![
                    y.to_string(),
                    m.to_string(),
                    d.to_string(),
                    hh.to_string(),
                    mi.to_string(),
                ];
                if ss != 0 || *us != 0 {
                    parts.push(ss.to_string());
                }
                if *us != 0 {
                    parts.push(us.to_string());
                }
                format!("datetime.datetime({})", parts.join(", "))
            } else if *us == 0 {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mi:02}:{ss:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mi:02}:{ss:02}.{us:06}")
            })
        }
        NativeData::Timedelta(s) => {
            let days = s.div_euclid(86400.0) as i64;
            let rem = s.rem_euclid(86400.0);
            let us = ((rem - rem.floor()) * 1e6).round() as i64;
            let rem = rem.floor() as i64;
            Some(if repr {
                let mut parts = Vec::new();
                if days != 0 {
                    parts.push(format!("days={days}"));
                }
                if rem != 0 {
                    parts.push(format!("seconds={rem}"));
                }
                if us != 0 {
                    parts.push(format!("microseconds={us}"));
                }
                if parts.is_empty() {
                    parts.push("0".into());
                }
                format!("datetime.timedelta({})", parts.join(", "))
            } else {
                let hms = format!("{}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
                let hms = if us != 0 { format!("{hms}.{us:06}") } else { hms };
                if days != 0 {
                    format!("{days} day{}, {hms}", if days.abs() == 1 { "" } else { "s" })
                } else {
                    hms
                }
            })
        }
        _ => None,
    })
}

/// datetime arithmetic used by the binary operator fallback.
pub fn datetime_binop(i: &mut Interp, op: crate::ast::BinOp, a: &Value, b: &Value) -> R<Option<Value>> {
    use crate::ast::BinOp;
    match (op, dt_of(i, a), dt_of(i, b), td_of(i, a), td_of(i, b)) {
        (BinOp::Sub, Some((s1, u1)), Some((s2, u2)), _, _) => {
            let d = (s1 - s2) as f64 + (u1 as f64 - u2 as f64) / 1e6;
            Ok(Some(td_value(i, d)?))
        }
        (BinOp::Add | BinOp::Sub, Some((s, u)), None, None, Some(td)) => {
            let t = s as f64 + u as f64 / 1e6 + if op == BinOp::Add { td } else { -td };
            let nc = if i
                .class_of(a)
                .is_some_and(|c| i.classes.get("datetime.date") == Some(&c))
            {
                NativeClass::Date
            } else {
                NativeClass::Datetime
            };
            Ok(Some(dt_value(
                i,
                nc,
                t.floor() as i64,
                ((t - t.floor()) * 1e6).round() as u32 % 1_000_000,
            )?))
        }
        (BinOp::Add | BinOp::Sub, None, None, Some(x), Some(y)) => {
            Ok(Some(td_value(i, if op == BinOp::Add { x + y } else { x - y })?))
        }
        _ => Ok(None),
    }
}
