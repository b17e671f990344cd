//! `repr`/`str` of values, CPython's float repr, the format mini-language
//! (f-strings, `format`, `str.format`) and printf-style `%` formatting.

use std::sync::Arc;

use crate::host::PyHost;
use crate::interp::{Interp, MAX_STR, R};
use crate::value::*;

pub fn addr(id: ObjId) -> String {
    format!("0x7f{:010x}", 0x3a_c0de_0000u64 + (id as u64) * 0x40)
}

/// CPython's `repr(float)`: shortest round-trip digits, scientific notation
/// outside 1e-4 <= |x| < 1e16.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let s = format!("{:e}", f);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let e = exp as usize;
            if digits.len() > e + 1 {
                out.push_str(&digits[..e + 1]);
                out.push('.');
                out.push_str(&digits[e + 1..]);
            } else {
                out.push_str(&digits);
                for _ in digits.len()..e + 1 {
                    out.push('0');
                }
                out.push_str(".0");
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs()));
    }
    out
}

pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (0x80..0xa0).contains(&(c as u32)) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

pub fn bytes_repr(b: &[u8]) -> String {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(q as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(q as char);
    out
}

pub fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

fn module_repr(i: &Interp, m: &Module) -> String {
    match &m.file {
        Some(f) => format!("<module '{}' from '{}'>", m.name, f),
        None => {
            if matches!(&*m.name, "os" | "os.path" | "posixpath") {
                format!("<module '{}' (frozen)>", m.name)
            } else {
                let _ = i;
                format!("<module '{}' (built-in)>", m.name)
            }
        }
    }
}

pub fn repr(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<String> {
    Ok(match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(n) => n.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Range(a, b, c) => {
            if *c == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {c})")
            }
        }
        Value::Type(t) => format!("<class '{}'>", t.name()),
        Value::Builtin(n) => match *n {
            "NotImplemented" => "NotImplemented".into(),
            "exit" => "Use exit() or Ctrl-D (i.e. EOF) to exit".into(),
            "quit" => "Use quit() or Ctrl-D (i.e. EOF) to exit".into(),
            "help" => "Type help() for interactive help, or help(object) for help about object.".into(),
            "license" => "Type license() to see the full license text".into(),
            "credits" => "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n    for supporting Python development.  See www.python.org for more information.".into(),
            "copyright" => "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.".into(),
            "slice" => "<class 'slice'>".into(),
            n => format!("<built-in function {}>", n.rsplit('.').next().unwrap_or(n)),
        },
        Value::Tuple(t) => {
            if t.is_empty() {
                return Ok("()".into());
            }
            if matches!(t.first(), Some(Value::Builtin("slice"))) && t.len() == 4 {
                let parts: Vec<String> =
                    t[1..].iter().map(|x| repr(i, x, h)).collect::<R<Vec<_>>>()?;
                return Ok(format!("slice({})", parts.join(", ")));
            }
            if i.repr_stack.len() > 200 || i.stack_exhausted() {
                return Err(i.exc("RecursionError", "maximum recursion depth exceeded while getting the repr of an object"));
            }
            i.repr_stack.push(u32::MAX);
            let r = (|| {
                let mut parts = Vec::with_capacity(t.len());
                for x in t.iter() {
                    parts.push(repr(i, x, h)?);
                    check_len(i, &parts)?;
                }
                Ok(if parts.len() == 1 { format!("({},)", parts[0]) } else { format!("({})", parts.join(", ")) })
            })();
            i.repr_stack.pop();
            r?
        }
        Value::Obj(id) => repr_obj(i, *id, v, h)?,
    })
}

fn check_len(i: &mut Interp, parts: &[String]) -> R<()> {
    if parts.iter().map(|p| p.len() + 2).sum::<usize>() > MAX_STR {
        return Err(i.exc("MemoryError", ""));
    }
    Ok(())
}

fn repr_obj(i: &mut Interp, id: ObjId, v: &Value, h: &mut dyn PyHost) -> R<String> {
    let container = matches!(i.obj(id), Obj::List(_) | Obj::Dict(_) | Obj::Set(_) | Obj::DictView(..));
    if container {
        if i.repr_stack.contains(&id) {
            return Ok(match i.obj(id) {
                Obj::List(_) => "[...]".into(),
                _ => "{...}".into(),
            });
        }
        if i.repr_stack.len() > 200 || i.stack_exhausted() {
            return Err(i.exc(
                "RecursionError",
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        i.repr_stack.push(id);
        let r = repr_container(i, id, h);
        i.repr_stack.pop();
        return r;
    }
    Ok(match i.obj(id) {
        Obj::Func(f) => format!("<function {} at {}>", f.qualname, addr(id)),
        Obj::Class(c) => {
            if &*c.module == "builtins" {
                format!("<class '{}'>", c.name)
            } else {
                format!("<class '{}.{}'>", c.module, c.name)
            }
        }
        Obj::Module(m) => module_repr(i, m),
        Obj::Method(recv, f) => {
            let (recv, f) = (recv.clone(), f.clone());
            let fname = match &f {
                Value::Obj(fid) => match i.obj(*fid) {
                    Obj::Func(func) => func.qualname.to_string(),
                    _ => "?".into(),
                },
                _ => "?".into(),
            };
            let r = repr(i, &recv, h)?;
            format!("<bound method {fname} of {r}>")
        }
        Obj::BuiltinMethod(recv, name) => {
            let (recv, name) = (recv.clone(), name.clone());
            let tn = i.type_name(&recv);
            match &recv {
                Value::Obj(rid) if matches!(i.obj(*rid), Obj::Instance(_)) => {
                    let r = repr(i, &recv, h)?;
                    format!("<bound method {tn}.{name} of {r}>")
                }
                _ => format!("<built-in method {name} of {tn} object at {}>", addr(id)),
            }
        }
        Obj::Instance(inst) => {
            let cls = inst.class;
            let native = inst.native.clone();
            if let Some((Value::Obj(f), _)) = i.find_class_attr(cls, "__repr__")
                && matches!(i.obj(f), Obj::Func(_))
            {
                let r = i.call_method(v, "__repr__", vec![], h)?;
                return match r {
                    Value::Str(s) => Ok(s.to_string()),
                    other => {
                        let tn = i.type_name(&other);
                        Err(i.exc("TypeError", format!("__repr__ returned non-string (type {tn})")))
                    }
                };
            }
            if let Some(s) = crate::builtins::native_repr(i, v, &native, h)? {
                return Ok(s);
            }
            let base = i.exc_class("BaseException");
            if i.is_subclass(cls, base) {
                let args = match i.obj(id) {
                    Obj::Instance(inst) => inst.attrs.get("args").cloned(),
                    _ => None,
                };
                let name = i.class_name(cls);
                let inner = match args {
                    Some(Value::Tuple(t)) if t.len() == 1 => repr(i, &t[0], h)?,
                    Some(a @ Value::Tuple(_)) => {
                        let r = repr(i, &a, h)?;
                        r.trim_start_matches('(')
                            .trim_end_matches(')')
                            .trim_end_matches(',')
                            .to_string()
                    }
                    _ => String::new(),
                };
                return Ok(format!("{name}({inner})"));
            }
            let (module, name) = match i.obj(cls) {
                Obj::Class(c) => (c.module.clone(), c.name.clone()),
                _ => (Arc::from("__main__"), Arc::from("object")),
            };
            format!("<{module}.{name} object at {}>", addr(id))
        }
        Obj::StaticMethod(_) => format!("<staticmethod object at {}>", addr(id)),
        Obj::ClassMethod(_) => format!("<classmethod object at {}>", addr(id)),
        Obj::Property(..) => format!("<property object at {}>", addr(id)),
        Obj::File(f) => {
            if f.stream == 1 {
                "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>".into()
            } else if f.stream == 2 {
                "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>".into()
            } else if f.stream == 3 {
                "<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>".into()
            } else {
                let name = f.name.clone();
                let mode = if f.writable && f.readable {
                    "r+"
                } else if f.writable {
                    "w"
                } else {
                    "r"
                };
                let mode = format!("{mode}{}", if f.binary { "b" } else { "" });
                let binary = f.binary;
                let writable = f.writable;
                let n = repr(i, &name, h)?;
                if binary {
                    format!("<_io.Buffered{} name={n}>", if writable { "Writer" } else { "Reader" })
                } else {
                    format!("<_io.TextIOWrapper name={n} mode='{mode}' encoding='UTF-8'>")
                }
            }
        }
        Obj::Super(..) => format!("<super object at {}>", addr(id)),
        Obj::Iter(_) => {
            let tn = i.type_name(v);
            format!("<{tn} object at {}>", addr(id))
        }
        _ => format!("<object at {}>", addr(id)),
    })
}

fn repr_container(i: &mut Interp, id: ObjId, h: &mut dyn PyHost) -> R<String> {
    match i.obj(id).clone() {
        Obj::List(l) => {
            let mut parts = Vec::with_capacity(l.len());
            for x in &l {
                parts.push(repr(i, x, h)?);
                check_len(i, &parts)?;
            }
            Ok(format!("[{}]", parts.join(", ")))
        }
        Obj::Dict(d) => {
            let mut parts = Vec::with_capacity(d.len());
            for (k, v) in d.iter() {
                let kr = repr(i, k, h)?;
                let vr = repr(i, v, h)?;
                parts.push(format!("{kr}: {vr}"));
                check_len(i, &parts)?;
            }
            Ok(format!("{{{}}}", parts.join(", ")))
        }
        Obj::Set(d) => {
            if d.is_empty() {
                return Ok("set()".into());
            }
            let mut parts = Vec::with_capacity(d.len());
            for k in d.set_order() {
                parts.push(repr(i, &k, h)?);
                check_len(i, &parts)?;
            }
            Ok(format!("{{{}}}", parts.join(", ")))
        }
        Obj::DictView(d, k) => {
            let items = crate::builtins::dict_view_items(i, d, k)?;
            let mut parts = Vec::with_capacity(items.len());
            for x in &items {
                parts.push(repr(i, x, h)?);
                check_len(i, &parts)?;
            }
            let name = ["dict_keys", "dict_values", "dict_items"][(k as usize).min(2)];
            Ok(format!("{name}([{}])", parts.join(", ")))
        }
        _ => Ok("?".into()),
    }
}

/// `str(v)`.
pub fn to_str(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Obj(id) => {
            let id = *id;
            if let Obj::Instance(inst) = i.obj(id) {
                let cls = inst.class;
                let native = inst.native.clone();
                if let Some((Value::Obj(f), _)) = i.find_class_attr(cls, "__str__")
                    && matches!(i.obj(f), Obj::Func(_))
                {
                    let r = i.call_method(v, "__str__", vec![], h)?;
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        other => {
                            let tn = i.type_name(&other);
                            Err(i.exc("TypeError", format!("__str__ returned non-string (type {tn})")))
                        }
                    };
                }
                if let Some(s) = crate::builtins::native_str(i, v, &native, h)? {
                    return Ok(s);
                }
                let base = i.exc_class("BaseException");
                if i.is_subclass(cls, base) {
                    return exc_str(i, v, h);
                }
            }
            repr(i, v, h)
        }
        _ => repr(i, v, h),
    }
}

/// `str(exception)` following CPython's rules (KeyError reprs its key,
/// OSError shows `[Errno N] msg: 'file'`).
pub fn exc_str(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<String> {
    let Value::Obj(id) = v else {
        return Ok(String::new());
    };
    let (args, filename, cls) = match i.obj(*id) {
        Obj::Instance(inst) => (
            inst.attrs.get("args").cloned(),
            inst.attrs.get("filename").cloned(),
            inst.class,
        ),
        _ => return Ok(String::new()),
    };
    let key_error = i.exc_class("KeyError");
    let os_error = i.exc_class("OSError");
    let args: Vec<Value> = match args {
        Some(Value::Tuple(t)) => t.to_vec(),
        Some(other) => vec![other],
        None => vec![],
    };
    if i.is_subclass(cls, os_error) && args.len() >= 2 {
        let msg = to_str(i, &args[1], h)?;
        let errno = to_str(i, &args[0], h)?;
        return Ok(match filename {
            Some(f) if !matches!(f, Value::None) => {
                format!("[Errno {errno}] {msg}: {}", repr(i, &f, h)?)
            }
            _ => format!("[Errno {errno}] {msg}"),
        });
    }
    match args.len() {
        0 => Ok(String::new()),
        1 => {
            if i.is_subclass(cls, key_error) {
                repr(i, &args[0], h)
            } else {
                to_str(i, &args[0], h)
            }
        }
        _ => repr(i, &Value::tuple(args), h),
    }
}

// ----- format mini-language -----

#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let cs: Vec<char> = s.chars().collect();
    let mut sp = Spec::default();
    let mut i = 0;
    if cs.len() >= 2 && matches!(cs[1], '<' | '>' | '^' | '=') {
        sp.fill = Some(cs[0]);
        sp.align = Some(cs[1]);
        i = 2;
    } else if !cs.is_empty() && matches!(cs[0], '<' | '>' | '^' | '=') {
        sp.align = Some(cs[0]);
        i = 1;
    }
    if i < cs.len() && matches!(cs[i], '+' | '-' | ' ') {
        sp.sign = Some(cs[i]);
        i += 1;
    }
    if i < cs.len() && cs[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < cs.len() && cs[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let st = i;
    while i < cs.len() && cs[i].is_ascii_digit() {
        i += 1;
    }
    if i > st {
        sp.width = cs[st..i].iter().collect::<String>().parse().ok()?;
        if sp.width > 10_000 {
            return None;
        }
    }
    if i < cs.len() && matches!(cs[i], ',' | '_') {
        sp.grouping = Some(cs[i]);
        i += 1;
    }
    if i < cs.len() && cs[i] == '.' {
        i += 1;
        let st = i;
        while i < cs.len() && cs[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return None;
        }
        let p: usize = cs[st..i].iter().collect::<String>().parse().ok()?;
        if p > 1000 {
            return None;
        }
        sp.precision = Some(p);
    }
    if i < cs.len() {
        sp.ty = Some(cs[i]);
        i += 1;
    }
    if i != cs.len() {
        return None;
    }
    Some(sp)
}

fn group(int_part: &str, sep: char, every: usize) -> String {
    let digits: Vec<char> = int_part.chars().collect();
    let mut out = String::new();
    for (n, c) in digits.iter().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn pad(body: String, sign: &str, sp: &Spec, default_align: char) -> String {
    let len = body.chars().count() + sign.chars().count();
    if sp.width <= len {
        return format!("{sign}{body}");
    }
    let fill = sp.fill.unwrap_or(if sp.zero && sp.align.is_none() { '0' } else { ' ' });
    let align = sp
        .align
        .unwrap_or(if sp.zero && sp.fill.is_none() && default_align == '>' {
            '='
        } else {
            default_align
        });
    let n = sp.width - len;
    let f = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{sign}{body}{}", f(n)),
        '^' => format!("{}{sign}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => format!("{sign}{}{body}", f(n)),
        _ => format!("{}{sign}{body}", f(n)),
    }
}

/// Python-style exponent formatting of `x` with `prec` digits after the point.
pub fn fmt_exp(x: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let r = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { r.to_uppercase() } else { r }
}

fn fmt_general(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    if x.is_nan() || x.is_infinite() {
        let s = float_repr(x);
        return if upper { s.to_uppercase() } else { s };
    }
    let p = prec.max(1);
    if x == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, x)
        } else if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format!("{:.*e}", p - 1, x);
    let exp: i32 = e.split_once('e').map(|(_, e)| e.parse().unwrap_or(0)).unwrap_or(0);
    let mut s = if exp >= -4 && exp < p as i32 {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, x)
    } else {
        fmt_exp(x, p - 1, upper)
    };
    if !alt {
        if let Some(epos) = s.find(['e', 'E']) {
            let (m, rest) = s.split_at(epos);
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            s = format!("{m}{rest}");
        } else if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
    }
    s
}

fn format_float(x: f64, sp: &Spec) -> Option<String> {
    let neg = x.is_sign_negative();
    let ax = x.abs();
    let mut body = match sp.ty {
        Some('f') | Some('F') => {
            if ax.is_finite() {
                format!("{:.*}", sp.precision.unwrap_or(6), ax)
            } else {
                float_repr(ax)
            }
        }
        Some('e') | Some('E') => {
            if ax.is_finite() {
                fmt_exp(ax, sp.precision.unwrap_or(6), sp.ty == Some('E'))
            } else {
                float_repr(ax)
            }
        }
        Some('g') | Some('G') | Some('n') => fmt_general(ax, sp.precision.unwrap_or(6), sp.alt, sp.ty == Some('G')),
        Some('%') => {
            if ax.is_finite() {
                format!("{:.*}%", sp.precision.unwrap_or(6), ax * 100.0)
            } else {
                format!("{}%", float_repr(ax))
            }
        }
        None => match sp.precision {
            Some(p) => {
                let s = fmt_general(ax, p, sp.alt, false);
                if s.contains(['.', 'e', 'n', 'i']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
            None => float_repr(ax),
        },
        _ => return None,
    };
    if matches!(sp.ty, Some('F') | Some('E') | Some('G')) {
        body = body.to_uppercase();
    }
    if let Some(g) = sp.grouping {
        let (ip, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
            Some(k) => body.split_at(k),
            None => (body.as_str(), ""),
        };
        body = format!("{}{}", group(ip, g, 3), rest);
    }
    let sign = if neg {
        "-"
    } else {
        match sp.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    Some(pad(body, sign, sp, '>'))
}

fn format_int(n: i128, sp: &Spec) -> Option<String> {
    let an = n.unsigned_abs();
    let (mut body, prefix) = match sp.ty {
        None | Some('d') | Some('n') => (an.to_string(), ""),
        Some('x') => (format!("{an:x}"), "0x"),
        Some('X') => (format!("{an:X}"), "0X"),
        Some('o') => (format!("{an:o}"), "0o"),
        Some('b') => (format!("{an:b}"), "0b"),
        Some('c') => {
            let c = char::from_u32(n as u32)?;
            return Some(pad(c.to_string(), "", sp, '<'));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(n as f64, sp),
        _ => return None,
    };
    if let Some(g) = sp.grouping {
        let every = if matches!(sp.ty, Some('x' | 'X' | 'o' | 'b')) {
            4
        } else {
            3
        };
        body = group(&body, g, every);
    }
    let sign = if n < 0 {
        "-"
    } else {
        match sp.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let sign = if sp.alt {
        format!("{sign}{prefix}")
    } else {
        sign.to_string()
    };
    Some(pad(body, &sign, sp, '>'))
}

/// `format(value, spec)`.
pub fn format_value(i: &mut Interp, v: &Value, spec: &str, h: &mut dyn PyHost) -> R<String> {
    if let Some(cls) = i.class_of(v) {
        if i.find_class_attr(cls, "__format__").is_some() {
            let r = i.call_method(v, "__format__", vec![Value::str(spec)], h)?;
            return i.str_of(&r, h);
        }
        if let Some(s) = crate::builtins::native_format(i, v, spec, h)? {
            return Ok(s);
        }
    }
    if spec.is_empty() {
        return i.str_of(v, h);
    }
    let bad = |i: &mut Interp, v: &Value| {
        let tn = i.type_name(v);
        if matches!(v, Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Bool(_)) {
            i.exc(
                "ValueError",
                format!("Invalid format specifier '{spec}' for object of type '{tn}'"),
            )
        } else {
            i.exc(
                "TypeError",
                format!("unsupported format string passed to {tn}.__format__"),
            )
        }
    };
    let Some(sp) = parse_spec(spec) else {
        return Err(bad(i, v));
    };
    let r = match v {
        Value::Int(n) => format_int(*n, &sp),
        Value::Bool(b) => {
            if sp.ty.is_none() {
                Some(pad(if *b { "True".into() } else { "False".into() }, "", &sp, '<'))
            } else {
                format_int(*b as i128, &sp)
            }
        }
        Value::Float(f) => {
            if matches!(sp.ty, Some('d' | 'x' | 'X' | 'o' | 'b' | 'c')) {
                let tn = "float";
                return Err(i.exc(
                    "ValueError",
                    format!(
                        "Unknown format code '{}' for object of type '{tn}'",
                        sp.ty.unwrap_or('d')
                    ),
                ));
            }
            format_float(*f, &sp)
        }
        Value::Str(s) => {
            if !matches!(sp.ty, None | Some('s')) {
                return Err(i.exc(
                    "ValueError",
                    format!(
                        "Unknown format code '{}' for object of type 'str'",
                        sp.ty.unwrap_or('s')
                    ),
                ));
            }
            let body: String = match sp.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            Some(pad(body, "", &sp, '<'))
        }
        _ => None,
    };
    match r {
        Some(s) => Ok(s),
        None => Err(bad(i, v)),
    }
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(
    i: &mut Interp,
    fmt: &str,
    args: &[Value],
    kw: &[(Arc<str>, Value)],
    h: &mut dyn PyHost,
) -> R<String> {
    let cs: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    let mut auto = 0usize;
    while k < cs.len() {
        let c = cs[k];
        if c == '{' {
            if cs.get(k + 1) == Some(&'{') {
                out.push('{');
                k += 2;
                continue;
            }
            let mut depth = 1;
            let mut j = k + 1;
            while j < cs.len() {
                if cs[j] == '{' {
                    depth += 1;
                } else if cs[j] == '}' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            if j >= cs.len() {
                return Err(i.exc("ValueError", "expected '}' before end of string"));
            }
            let field: String = cs[k + 1..j].iter().collect();
            k = j + 1;
            let (name_conv, spec) = match field.find(':') {
                Some(p) => (field[..p].to_string(), field[p + 1..].to_string()),
                None => (field.clone(), String::new()),
            };
            let (name, conv) = match name_conv.find('!') {
                Some(p) => (name_conv[..p].to_string(), name_conv[p + 1..].chars().next()),
                None => (name_conv.clone(), None),
            };
            // nested fields in the spec
            let spec = if spec.contains('{') {
                str_format(i, &spec, args, kw, h)?
            } else {
                spec
            };
            let (base, rest) = match name.find(['.', '[']) {
                Some(p) => (name[..p].to_string(), name[p..].to_string()),
                None => (name.clone(), String::new()),
            };
            let mut v = if base.is_empty() {
                let v = args.get(auto).cloned();
                auto += 1;
                match v {
                    Some(v) => v,
                    None => {
                        return Err(i.exc(
                            "IndexError",
                            format!("Replacement index {} out of range for positional args tuple", auto - 1),
                        ));
                    }
                }
            } else if let Ok(n) = base.parse::<usize>() {
                match args.get(n).cloned() {
                    Some(v) => v,
                    None => {
                        return Err(i.exc(
                            "IndexError",
                            format!("Replacement index {n} out of range for positional args tuple"),
                        ));
                    }
                }
            } else {
                match kw.iter().find(|(kk, _)| **kk == *base) {
                    Some((_, v)) => v.clone(),
                    None => return Err(i.exc_value("KeyError", Value::str(&base))),
                }
            };
            // attribute / index access
            let mut r = rest.as_str();
            while !r.is_empty() {
                if let Some(stripped) = r.strip_prefix('.') {
                    let end = stripped.find(['.', '[']).unwrap_or(stripped.len());
                    v = i.getattr(&v, &stripped[..end], h)?;
                    r = &stripped[end..];
                } else if let Some(stripped) = r.strip_prefix('[') {
                    let end = stripped.find(']').unwrap_or(stripped.len());
                    let key = &stripped[..end];
                    let kv = match key.parse::<i128>() {
                        Ok(n) => Value::Int(n),
                        Err(_) => Value::str(key),
                    };
                    v = i.getitem(&v, &kv, h)?;
                    r = stripped.get(end + 1..).unwrap_or("");
                } else {
                    break;
                }
            }
            let v = match conv {
                Some('r') => Value::Str(Arc::from(i.repr(&v, h)?)),
                Some('s') => Value::Str(Arc::from(i.str_of(&v, h)?)),
                Some('a') => {
                    let r = i.repr(&v, h)?;
                    Value::Str(Arc::from(ascii_escape(&r)))
                }
                _ => v,
            };
            out.push_str(&format_value(i, &v, &spec, h)?);
        } else if c == '}' {
            if cs.get(k + 1) == Some(&'}') {
                out.push('}');
                k += 2;
                continue;
            }
            return Err(i.exc("ValueError", "Single '}' encountered in format string"));
        } else {
            out.push(c);
            k += 1;
        }
        if out.len() > MAX_STR {
            return Err(i.exc("MemoryError", ""));
        }
    }
    Ok(out)
}

/// printf-style `fmt % args`.
pub fn percent_format(i: &mut Interp, fmt: &str, args: &Value, h: &mut dyn PyHost) -> R<String> {
    let is_map = matches!(args, Value::Obj(id) if matches!(i.obj(*id), Obj::Dict(_)));
    let list: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        _ => vec![args.clone()],
    };
    let cs: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    let mut next = 0;
    while k < cs.len() {
        let c = cs[k];
        if c != '%' {
            out.push(c);
            k += 1;
            continue;
        }
        k += 1;
        let mut key = None;
        if cs.get(k) == Some(&'(') {
            let end = cs[k..].iter().position(|c| *c == ')').map(|p| p + k);
            let Some(end) = end else {
                return Err(i.exc("ValueError", "incomplete format key"));
            };
            key = Some(cs[k + 1..end].iter().collect::<String>());
            k = end + 1;
        }
        let mut flags = String::new();
        while k < cs.len() && matches!(cs[k], '-' | '+' | ' ' | '#' | '0') {
            flags.push(cs[k]);
            k += 1;
        }
        let mut width = String::new();
        while k < cs.len() && (cs[k].is_ascii_digit() || cs[k] == '*') {
            width.push(cs[k]);
            k += 1;
        }
        let mut prec = None;
        if cs.get(k) == Some(&'.') {
            k += 1;
            let mut p = String::new();
            while k < cs.len() && cs[k].is_ascii_digit() {
                p.push(cs[k]);
                k += 1;
            }
            prec = Some(p);
        }
        let Some(&conv) = cs.get(k) else {
            return Err(i.exc("ValueError", "incomplete format"));
        };
        k += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match &key {
            Some(name) => {
                if !is_map {
                    return Err(i.exc("TypeError", "format requires a mapping"));
                }
                i.getitem(args, &Value::str(name), h)?
            }
            None => {
                let v = list.get(next).cloned();
                next += 1;
                match v {
                    Some(v) => v,
                    None => {
                        return Err(i.exc("TypeError", "not enough arguments for format string"));
                    }
                }
            }
        };
        let mut spec = String::new();
        let left = flags.contains('-');
        if left {
            spec.push('<');
        }
        if flags.contains('+') {
            spec.push('+');
        } else if flags.contains(' ') {
            spec.push(' ');
        }
        if flags.contains('0') && !left {
            spec.push('0');
        }
        spec.push_str(&width);
        if let Some(p) = &prec {
            spec.push('.');
            spec.push_str(if p.is_empty() { "0" } else { p });
        }
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = if conv == 's' { i.str_of(&v, h)? } else { i.repr(&v, h)? };
                format_value(i, &Value::str(&s), &spec.replace('0', ""), h)?
            }
            'd' | 'i' | 'u' => {
                let n = match &v {
                    Value::Float(f) => Value::Int(f.trunc() as i128),
                    Value::Int(_) | Value::Bool(_) => v.clone(),
                    _ => {
                        let tn = i.type_name(&v);
                        return Err(i.exc(
                            "TypeError",
                            format!("%{conv} format: a real number is required, not {tn}"),
                        ));
                    }
                };
                let spec = if prec.is_some() {
                    spec.split('.').next().unwrap_or("").to_string()
                } else {
                    spec
                };
                format_value(i, &n, &spec, h)?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' | 'c' => {
                let mut s2 = spec.clone();
                if flags.contains('#') {
                    s2.insert(0, '#');
                }
                if matches!(conv, 'f' | 'F' | 'e' | 'E' | 'g' | 'G') && prec.is_none() {
                    s2.push_str(".6");
                }
                s2.push(conv);
                let v = match (&v, conv) {
                    (Value::Float(f), 'x' | 'X' | 'o' | 'c') => Value::Int(*f as i128),
                    (Value::Int(_) | Value::Bool(_) | Value::Float(_), _) => v.clone(),
                    (Value::Str(s), 'c') if s.chars().count() == 1 => {
                        Value::Int(s.chars().next().map(|c| c as i128).unwrap_or(0))
                    }
                    _ => {
                        let tn = i.type_name(&v);
                        return Err(i.exc("TypeError", format!("must be real number, not {tn}")));
                    }
                };
                format_value(i, &v, &s2, h)?
            }
            other => {
                return Err(i.exc(
                    "ValueError",
                    format!(
                        "unsupported format character '{other}' (0x{:x}) at index {}",
                        other as u32,
                        k - 1
                    ),
                ));
            }
        };
        out.push_str(&piece);
        if out.len() > MAX_STR {
            return Err(i.exc("MemoryError", ""));
        }
    }
    if key_less(&list, next, is_map) {
        return Err(i.exc("TypeError", "not all arguments converted during string formatting"));
    }
    Ok(out)
}

fn key_less(list: &[Value], used: usize, is_map: bool) -> bool {
    !is_map && used < list.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats() {
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(123456789012345.0), "123456789012345.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(float_repr(1.5e300), "1.5e+300");
    }

    #[test]
    fn strings() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(bytes_repr(b"hi\x00"), "b'hi\\x00'");
    }

    #[test]
    fn specs() {
        let sp = parse_spec(".2f").unwrap();
        assert_eq!(format_float(1.23456, &sp).unwrap(), "1.23");
        let sp = parse_spec(">8,d").unwrap();
        assert_eq!(format_int(1234567, &sp).unwrap(), "1,234,567");
        let sp = parse_spec("05d").unwrap();
        assert_eq!(format_int(-42, &sp).unwrap(), "-0042");
        let sp = parse_spec("g").unwrap();
        assert_eq!(format_float(1234567.0, &sp).unwrap(), "1.23457e+06");
        assert_eq!(format_float(0.5, &sp).unwrap(), "0.5");
        let sp = parse_spec(".1%").unwrap();
        assert_eq!(format_float(0.256, &sp).unwrap(), "25.6%");
        let sp = parse_spec("^9").unwrap();
        assert_eq!(format_int(7, &sp).unwrap(), "    7    ");
    }
}
