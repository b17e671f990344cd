//! Builtin functions, exception hierarchy, methods of builtin types
//! (str, bytes, list, dict, set, files) and subscription.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::host::PyHost;
use crate::interp::{Interp, Kw, MAX_SEQ, MAX_STR, R};
use crate::ops;
use crate::value::*;

const EXCEPTIONS: [(&str, &str); 43] = [
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ConnectionError", "OSError"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("Warning", "Exception"),
    ("SystemError", "Exception"),
    ("ConnectionRefusedError", "ConnectionError"),
];

const FUNCS: [&str; 57] = [
    "print",
    "input",
    "len",
    "repr",
    "abs",
    "round",
    "min",
    "max",
    "sum",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "isinstance",
    "issubclass",
    "ord",
    "chr",
    "hex",
    "bin",
    "oct",
    "any",
    "all",
    "open",
    "exit",
    "quit",
    "hasattr",
    "getattr",
    "setattr",
    "delattr",
    "id",
    "hash",
    "divmod",
    "pow",
    "format",
    "iter",
    "next",
    "callable",
    "staticmethod",
    "classmethod",
    "property",
    "vars",
    "dir",
    "globals",
    "locals",
    "slice",
    "ascii",
    "eval",
    "exec",
    "compile",
    "bytearray",
    "memoryview",
    "complex",
    "breakpoint",
    "__import__",
    "frozenset",
];

pub fn install(i: &mut Interp) {
    let b = i.builtins;
    for f in FUNCS {
        i.env_set(b, f, Value::Builtin(f));
    }
    for n in ["help", "copyright", "credits", "license"] {
        i.env_set(b, n, Value::Builtin(n));
    }
    i.env_set(b, "super", Value::Builtin("super"));
    for (name, t) in [
        ("int", TypeKind::Int),
        ("float", TypeKind::Float),
        ("str", TypeKind::Str),
        ("bool", TypeKind::Bool),
        ("list", TypeKind::List),
        ("tuple", TypeKind::Tuple),
        ("dict", TypeKind::Dict),
        ("set", TypeKind::Set),
        ("bytes", TypeKind::Bytes),
        ("object", TypeKind::Object),
        ("type", TypeKind::Type),
        ("range", TypeKind::Range),
    ] {
        i.env_set(b, name, Value::Type(t));
    }
    i.env_set(b, "NotImplemented", Value::Builtin("NotImplemented"));
    i.env_set(b, "Ellipsis", Value::Ellipsis);
    for (name, base) in EXCEPTIONS {
        let bases: Vec<ObjId> = if base.is_empty() { vec![] } else { vec![i.classes[base]] };
        let id = new_native_class(i, name, "builtins", bases, NativeClass::Exception(name));
        i.classes.insert(name, id);
        i.env_set(b, name, Value::Obj(id));
    }
    for alias in ["IOError", "EnvironmentError"] {
        let id = i.classes["OSError"];
        i.env_set(b, alias, Value::Obj(id));
    }
    let id = i.classes["IndentationError"];
    let tab = new_native_class(i, "TabError", "builtins", vec![id], NativeClass::Exception("TabError"));
    i.classes.insert("TabError", tab);
    i.env_set(b, "TabError", Value::Obj(tab));
}

pub fn new_native_class(i: &mut Interp, name: &str, module: &str, bases: Vec<ObjId>, native: NativeClass) -> ObjId {
    let mut mro = Vec::new();
    for bsc in &bases {
        if let Obj::Class(c) = i.obj(*bsc) {
            for m in &c.mro {
                if !mro.contains(m) {
                    mro.push(*m);
                }
            }
        }
    }
    let id = i
        .alloc(Obj::Class(Class {
            name: Arc::from(name),
            module: Arc::from(module),
            bases,
            mro: Vec::new(),
            attrs: BTreeMap::new(),
            native: Some(native),
        }))
        .unwrap_or(0);
    mro.insert(0, id);
    if let Some(Obj::Class(c)) = i.obj_mut(id) {
        c.mro = mro;
    }
    id
}

/// CPython-like "Did you mean" suggestion (Levenshtein with case-cheap edits).
pub fn best_suggestion(name: &str, cands: &[Arc<str>]) -> Option<String> {
    fn dist(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).map(|x| x * 2).collect();
        for (x, ca) in a.iter().enumerate() {
            let mut cur = vec![(x + 1) * 2; b.len() + 1];
            for (y, cb) in b.iter().enumerate() {
                let sub = if ca == cb {
                    0
                } else if ca.eq_ignore_ascii_case(cb) {
                    1
                } else {
                    2
                };
                cur[y + 1] = (prev[y] + sub).min(prev[y + 1] + 2).min(cur[y] + 2);
            }
            prev = cur;
        }
        prev[b.len()]
    }
    if name.len() > 40 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in cands {
        if &**c == name || c.starts_with("__") {
            continue;
        }
        let max = (name.len() + c.len() + 3) * 2 / 6;
        let d = dist(name, c);
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

pub fn range_len(a: i128, b: i128, c: i128) -> i128 {
    let n = if c > 0 && a < b {
        (b.abs_diff(a) - 1) / c.unsigned_abs() + 1
    } else if c < 0 && a > b {
        (a.abs_diff(b) - 1) / c.unsigned_abs() + 1
    } else {
        0
    };
    n.min(i128::MAX as u128) as i128
}

fn int_arg(i: &mut Interp, v: &Value, what: &str) -> R<i128> {
    match v {
        Value::Int(n) => Ok(*n),
        Value::Bool(b) => Ok(*b as i128),
        _ => {
            let tn = i.type_name(v);
            Err(i.exc(
                "TypeError",
                format!("'{tn}' object cannot be interpreted as an integer{what}"),
            ))
        }
    }
}

fn arg_count(i: &mut Interp, name: &str, args: &[Value], min: usize, max: usize) -> R<()> {
    if args.len() < min || args.len() > max {
        let msg = if min == max {
            if min == 1 {
                format!("{name}() takes exactly one argument ({} given)", args.len())
            } else {
                format!("{name} expected {min} arguments, got {}", args.len())
            }
        } else if args.len() < min {
            format!(
                "{name} expected at least {min} argument{}, got {}",
                if min == 1 { "" } else { "s" },
                args.len()
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {}",
                if max == 1 { "" } else { "s" },
                args.len()
            )
        };
        return Err(i.exc("TypeError", msg));
    }
    Ok(())
}

fn kwarg(kw: &Kw, name: &str) -> Option<Value> {
    kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

/// Normalize a path against the process cwd.
pub fn abspath(h: &dyn PyHost, p: &str) -> String {
    let joined = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{}/{}", h.cwd().trim_end_matches('/'), p)
    };
    normpath(&joined)
}

pub fn normpath(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn sort_values(i: &mut Interp, items: &mut Vec<Value>, key: Option<Value>, reverse: bool, h: &mut dyn PyHost) -> R<()> {
    let keys: Vec<Value> = match &key {
        Some(k) if !matches!(k, Value::None) => {
            let mut ks = Vec::with_capacity(items.len());
            for x in items.iter() {
                ks.push(i.call(k.clone(), vec![x.clone()], Vec::new(), h)?);
            }
            ks
        }
        _ => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    // fallible stable merge sort on indices
    let mut buf = idx.clone();
    let mut width = 1;
    let n = idx.len();
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut l, mut r, mut o) = (start, mid, start);
            while l < mid && r < end {
                i.step()?;
                let ord = ops::order(i, &keys[idx[r]], &keys[idx[l]], "<", h)?;
                let take_right = if reverse {
                    ord == std::cmp::Ordering::Greater
                } else {
                    ord == std::cmp::Ordering::Less
                };
                if take_right {
                    buf[o] = idx[r];
                    r += 1;
                } else {
                    buf[o] = idx[l];
                    l += 1;
                }
                o += 1;
            }
            while l < mid {
                buf[o] = idx[l];
                l += 1;
                o += 1;
            }
            while r < end {
                buf[o] = idx[r];
                r += 1;
                o += 1;
            }
            start += 2 * width;
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    let old = std::mem::take(items);
    *items = idx.into_iter().map(|k| old[k].clone()).collect();
    Ok(())
}

fn minmax(i: &mut Interp, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let key = kwarg(&kw, "key");
    let default = kwarg(&kw, "default");
    let items = if args.len() == 1 {
        i.collect(&args[0], h)?
    } else if args.is_empty() {
        return Err(i.exc("TypeError", format!("{name} expected at least 1 argument, got 0")));
    } else {
        args
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(i.exc("ValueError", format!("{name}() arg is an empty sequence"))),
        };
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) if !matches!(k, Value::None) => i.call(k.clone(), vec![best.clone()], Vec::new(), h)?,
        _ => best.clone(),
    };
    for x in items.into_iter().skip(1) {
        let kx = match &key {
            Some(k) if !matches!(k, Value::None) => i.call(k.clone(), vec![x.clone()], Vec::new(), h)?,
            _ => x.clone(),
        };
        let ord = ops::order(i, &kx, &best_key, if name == "min" { "<" } else { ">" }, h)?;
        let better = if name == "min" {
            ord == std::cmp::Ordering::Less
        } else {
            ord == std::cmp::Ordering::Greater
        };
        if better {
            best = x;
            best_key = kx;
        }
    }
    Ok(best)
}

pub fn type_of(i: &Interp, v: &Value) -> Value {
    match v {
        Value::None => Value::Type(TypeKind::NoneType),
        Value::Bool(_) => Value::Type(TypeKind::Bool),
        Value::Int(_) => Value::Type(TypeKind::Int),
        Value::Float(_) => Value::Type(TypeKind::Float),
        Value::Str(_) => Value::Type(TypeKind::Str),
        Value::Bytes(_) => Value::Type(TypeKind::Bytes),
        Value::Tuple(_) => Value::Type(TypeKind::Tuple),
        Value::Range(..) => Value::Type(TypeKind::Range),
        Value::Type(_) => Value::Type(TypeKind::Type),
        Value::Builtin(_) => Value::Type(TypeKind::BuiltinFunction),
        Value::Obj(id) => match i.obj(*id) {
            Obj::List(_) => Value::Type(TypeKind::List),
            Obj::Dict(_) => Value::Type(TypeKind::Dict),
            Obj::Set(_) => Value::Type(TypeKind::Set),
            Obj::Instance(inst) => Value::Obj(inst.class),
            Obj::Class(_) => Value::Type(TypeKind::Type),
            Obj::Func(_) => Value::Type(TypeKind::Function),
            _ => Value::Type(TypeKind::Object),
        },
        _ => Value::Type(TypeKind::Object),
    }
}

pub fn isinstance(i: &mut Interp, v: &Value, t: &Value) -> R<bool> {
    if i.stack_exhausted() {
        return Err(i.exc(
            "RecursionError",
            "maximum recursion depth exceeded in __instancecheck__",
        ));
    }
    match t {
        Value::Tuple(ts) => {
            for x in ts.iter() {
                if isinstance(i, v, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Type(TypeKind::Object) => Ok(true),
        Value::Type(TypeKind::Int) => Ok(matches!(v, Value::Int(_) | Value::Bool(_))),
        Value::Type(TypeKind::Type) => {
            Ok(matches!(v, Value::Type(_)) || matches!(v, Value::Obj(id) if matches!(i.obj(*id), Obj::Class(_))))
        }
        Value::Type(k) => Ok(matches!(type_of(i, v), Value::Type(k2) if k2 == *k)),
        Value::Obj(cid) if matches!(i.obj(*cid), Obj::Class(_)) => {
            Ok(i.class_of(v).is_some_and(|c| i.is_subclass(c, *cid)))
        }
        _ => Err(i.exc(
            "TypeError",
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn print_value(i: &mut Interp, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = None;
    let mut flush = false;
    for (k, v) in kw {
        match &*k {
            "sep" => {
                sep = match v {
                    Value::None => " ".into(),
                    Value::Str(s) => s.to_string(),
                    other => {
                        let tn = i.type_name(&other);
                        return Err(i.exc("TypeError", format!("sep must be None or a string, not {tn}")));
                    }
                }
            }
            "end" => {
                end = match v {
                    Value::None => "\n".into(),
                    Value::Str(s) => s.to_string(),
                    other => {
                        let tn = i.type_name(&other);
                        return Err(i.exc("TypeError", format!("end must be None or a string, not {tn}")));
                    }
                }
            }
            "file" => file = Some(v),
            "flush" => flush = i.truthy(&v, h)?,
            other => {
                return Err(i.exc(
                    "TypeError",
                    format!("'{other}' is an invalid keyword argument for print()"),
                ));
            }
        }
    }
    let mut s = String::new();
    for (n, a) in args.iter().enumerate() {
        if n > 0 {
            s.push_str(&sep);
        }
        s.push_str(&i.str_of(a, h)?);
        if s.len() > MAX_STR {
            return Err(i.exc("MemoryError", ""));
        }
    }
    s.push_str(&end);
    match file {
        None | Some(Value::None) => {
            i.write_stdout(&s);
            if flush {
                i.out.flush();
            }
        }
        Some(f) => {
            i.call_method(&f, "write", vec![Value::Str(Arc::from(s))], h)?;
            if flush {
                i.call_method(&f, "flush", vec![], h)?;
            }
        }
    }
    Ok(Value::None)
}

pub fn read_input_line(i: &mut Interp, h: &mut dyn PyHost) -> R<Option<String>> {
    i.out.flush();
    if let Some(l) = i.input_queue.pop_front() {
        return Ok(Some(l));
    }
    match h.stdin_line() {
        Some(l) => Ok(Some(l)),
        None if i.input_suspend => Err(crate::interp::Flow::NeedInput),
        None => Ok(None),
    }
}

#[inline(never)]
pub fn call_builtin(i: &mut Interp, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    if name.contains('.') {
        return crate::modules::call_module_fn(i, name, args, kw, h);
    }
    match name {
        "print" => print_value(i, args, kw, h),
        "input" => {
            arg_count(i, "input", &args, 0, 1)?;
            if let Some(p) = args.first() {
                let s = i.str_of(p, h)?;
                i.write_stdout(&s);
            }
            match read_input_line(i, h)? {
                Some(l) => Ok(Value::Str(Arc::from(l))),
                None => Err(i.exc("EOFError", "EOF when reading a line")),
            }
        }
        "len" => {
            arg_count(i, "len", &args, 1, 1)?;
            let n = length(i, &args[0], h)?;
            Ok(Value::Int(n as i128))
        }
        "repr" => {
            arg_count(i, "repr", &args, 1, 1)?;
            Ok(Value::Str(Arc::from(i.repr(&args[0], h)?)))
        }
        "abs" => {
            arg_count(i, "abs", &args, 1, 1)?;
            match &args[0] {
                Value::Int(n) => n.checked_abs().map(Value::Int).ok_or_else(|| i.overflow()),
                Value::Bool(b) => Ok(Value::Int(*b as i128)),
                Value::Float(f) => Ok(Value::Float(f.abs())),
                v => {
                    if let Some(cls) = i.class_of(v)
                        && i.find_class_attr(cls, "__abs__").is_some()
                    {
                        return i.call_method(v, "__abs__", vec![], h);
                    }
                    let tn = i.type_name(v);
                    Err(i.exc("TypeError", format!("bad operand type for abs(): '{tn}'")))
                }
            }
        }
        "round" => {
            arg_count(i, "round", &args, 1, 2)?;
            let nd = match args.get(1).or(kwarg(&kw, "ndigits").as_ref()) {
                None | Some(Value::None) => None,
                Some(v) => Some(int_arg(i, v, "")?),
            };
            match (&args[0], nd) {
                (Value::Int(n), None) => Ok(Value::Int(*n)),
                (Value::Bool(b), None) => Ok(Value::Int(*b as i128)),
                (Value::Int(n), Some(d)) => {
                    if d >= 0 {
                        return Ok(Value::Int(*n));
                    }
                    let p = 10i128.checked_pow((-d).min(38) as u32).unwrap_or(i128::MAX);
                    let q = ops::floor_div_i(*n, p);
                    let r = n - q * p;
                    let q = if r > p - r || (r == p - r && q % 2 != 0) {
                        q + 1
                    } else {
                        q
                    };
                    Ok(Value::Int(q.saturating_mul(p)))
                }
                (Value::Float(f), None) => {
                    if !f.is_finite() {
                        let m = if f.is_nan() {
                            "cannot convert float NaN to integer"
                        } else {
                            "cannot convert float infinity to integer"
                        };
                        return Err(i.exc(if f.is_nan() { "ValueError" } else { "OverflowError" }, m));
                    }
                    Ok(Value::Int(f.round_ties_even() as i128))
                }
                (Value::Float(f), Some(d)) => {
                    if !f.is_finite() {
                        return Ok(Value::Float(*f));
                    }
                    if d > 300 {
                        return Ok(Value::Float(*f));
                    }
                    if d >= 0 {
                        let s = format!("{:.*}", d as usize, f);
                        Ok(Value::Float(s.parse().unwrap_or(*f)))
                    } else {
                        let p = 10f64.powi((-d).min(308) as i32);
                        Ok(Value::Float((f / p).round_ties_even() * p))
                    }
                }
                (v, _) => {
                    let tn = i.type_name(v);
                    Err(i.exc("TypeError", format!("type {tn} doesn't define __round__ method")))
                }
            }
        }
        "min" | "max" => minmax(i, name, args, kw, h),
        "sum" => {
            arg_count(i, "sum", &args, 1, 2)?;
            let mut acc = args.get(1).cloned().or(kwarg(&kw, "start")).unwrap_or(Value::Int(0));
            if matches!(acc, Value::Str(_)) {
                return Err(i.exc("TypeError", "sum() can't sum strings [use ''.join(seq) instead]"));
            }
            let items = i.collect(&args[0], h)?;
            for x in items {
                acc = i.binop(crate::ast::BinOp::Add, &acc, &x, h)?;
            }
            Ok(acc)
        }
        "sorted" => {
            arg_count(i, "sorted", &args, 1, 1)?;
            let mut items = i.collect(&args[0], h)?;
            let rev = match kwarg(&kw, "reverse") {
                Some(v) => i.truthy(&v, h)?,
                None => false,
            };
            sort_values(i, &mut items, kwarg(&kw, "key"), rev, h)?;
            i.new_list(items)
        }
        "reversed" => {
            arg_count(i, "reversed", &args, 1, 1)?;
            if let Value::Obj(id) = &args[0]
                && matches!(i.obj(*id), Obj::Dict(_) | Obj::Set(_))
                && !matches!(i.obj(*id), Obj::Dict(_))
            {
                let tn = i.type_name(&args[0]);
                return Err(i.exc("TypeError", format!("'{tn}' object is not reversible")));
            }
            let mut items = i.collect(&args[0], h)?;
            items.reverse();
            Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Items(items, 0)))?))
        }
        "enumerate" => {
            arg_count(i, "enumerate", &args, 1, 2)?;
            let start = match args.get(1).cloned().or(kwarg(&kw, "start")) {
                Some(v) => int_arg(i, &v, "")?,
                None => 0,
            };
            let it = i.iter(&args[0], h)?;
            Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Enumerate(it, start)))?))
        }
        "zip" => {
            let mut its = Vec::new();
            for a in &args {
                its.push(i.iter(a, h)?);
            }
            if its.is_empty() {
                return Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Items(vec![], 0)))?));
            }
            Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Zip(its)))?))
        }
        "map" => {
            if args.len() < 2 {
                return Err(i.exc("TypeError", "map() must have at least two arguments."));
            }
            let mut its = Vec::new();
            for a in &args[1..] {
                its.push(i.iter(a, h)?);
            }
            Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Map(args[0].clone(), its)))?))
        }
        "filter" => {
            arg_count(i, "filter", &args, 2, 2)?;
            let it = i.iter(&args[1], h)?;
            Ok(Value::Obj(i.alloc(Obj::Iter(IterKind::Filter(args[0].clone(), it)))?))
        }
        "isinstance" => {
            arg_count(i, "isinstance", &args, 2, 2)?;
            Ok(Value::Bool(isinstance(i, &args[0], &args[1])?))
        }
        "issubclass" => {
            arg_count(i, "issubclass", &args, 2, 2)?;
            match (&args[0], &args[1]) {
                (Value::Obj(a), Value::Obj(b)) => Ok(Value::Bool(i.is_subclass(*a, *b))),
                (Value::Type(a), Value::Type(b)) => Ok(Value::Bool(
                    a == b || *b == TypeKind::Object || (*a == TypeKind::Bool && *b == TypeKind::Int),
                )),
                (_, Value::Type(TypeKind::Object)) => Ok(Value::Bool(true)),
                _ => Ok(Value::Bool(false)),
            }
        }
        "ord" => {
            arg_count(i, "ord", &args, 1, 1)?;
            match &args[0] {
                Value::Str(s) if s.chars().count() == 1 => {
                    Ok(Value::Int(s.chars().next().map(|c| c as i128).unwrap_or(0)))
                }
                Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i128)),
                Value::Str(s) => {
                    let n = s.chars().count();
                    Err(i.exc(
                        "TypeError",
                        format!("ord() expected a character, but string of length {n} found"),
                    ))
                }
                v => {
                    let tn = i.type_name(v);
                    Err(i.exc(
                        "TypeError",
                        format!("ord() expected string of length 1, but {tn} found"),
                    ))
                }
            }
        }
        "chr" => {
            arg_count(i, "chr", &args, 1, 1)?;
            let n = int_arg(i, &args[0], "")?;
            match u32::try_from(n).ok().and_then(char::from_u32) {
                Some(c) => Ok(Value::str(&c.to_string())),
                None => Err(i.exc("ValueError", "chr() arg not in range(0x110000)")),
            }
        }
        "hex" | "bin" | "oct" => {
            arg_count(i, name, &args, 1, 1)?;
            let n = int_arg(i, &args[0], "")?;
            let (p, body) = match name {
                "hex" => ("0x", format!("{:x}", n.unsigned_abs())),
                "bin" => ("0b", format!("{:b}", n.unsigned_abs())),
                _ => ("0o", format!("{:o}", n.unsigned_abs())),
            };
            Ok(Value::str(&format!("{}{p}{body}", if n < 0 { "-" } else { "" })))
        }
        "any" | "all" => {
            arg_count(i, name, &args, 1, 1)?;
            let it = i.iter(&args[0], h)?;
            while let Some(x) = i.next(it, h)? {
                let t = i.truthy(&x, h)?;
                if name == "any" && t {
                    return Ok(Value::Bool(true));
                }
                if name == "all" && !t {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(name == "all"))
        }
        "open" => open_file(i, args, kw, h),
        "exit" | "quit" => {
            let code = args.first().cloned().or(kwarg(&kw, "code")).unwrap_or(Value::None);
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
        "help" => {
            if args.is_empty() {
                i.write_stdout("The interactive help system is not available in the Dockyard Python simulator.\n");
            } else {
                let r = i.repr(&args[0], h)?;
                i.write_stdout(&format!(
                    "Help on {r}: documentation is not available in the Dockyard Python simulator.\n"
                ));
            }
            Ok(Value::None)
        }
        "hasattr" => {
            arg_count(i, "hasattr", &args, 2, 2)?;
            let Value::Str(n) = &args[1] else {
                return Err(i.exc("TypeError", "attribute name must be string"));
            };
            match i.getattr(&args[0], n, h) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(crate::interp::Flow::Exc(e)) if i.exc_matches(&e.value, "AttributeError") => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }
        "getattr" => {
            arg_count(i, "getattr", &args, 2, 3)?;
            let Value::Str(n) = &args[1] else {
                return Err(i.exc("TypeError", "attribute name must be string"));
            };
            match i.getattr(&args[0], n, h) {
                Ok(v) => Ok(v),
                Err(crate::interp::Flow::Exc(e)) if args.len() == 3 && i.exc_matches(&e.value, "AttributeError") => {
                    Ok(args[2].clone())
                }
                Err(e) => Err(e),
            }
        }
        "setattr" => {
            arg_count(i, "setattr", &args, 3, 3)?;
            let Value::Str(n) = &args[1] else {
                return Err(i.exc("TypeError", "attribute name must be string"));
            };
            i.setattr(&args[0], n, args[2].clone(), h)?;
            Ok(Value::None)
        }
        "delattr" => {
            arg_count(i, "delattr", &args, 2, 2)?;
            let Value::Str(n) = &args[1] else {
                return Err(i.exc("TypeError", "attribute name must be string"));
            };
            if let Value::Obj(id) = &args[0]
                && let Some(Obj::Instance(inst)) = i.obj_mut(*id)
                && inst.attrs.remove(&**n).is_some()
            {
                return Ok(Value::None);
            }
            let tn = i.type_name(&args[0]);
            Err(i.exc("AttributeError", format!("'{tn}' object has no attribute '{n}'")))
        }
        "id" => {
            arg_count(i, "id", &args, 1, 1)?;
            Ok(Value::Int(match &args[0] {
                Value::Obj(id) => 0x7f3a_c0de_0000 + (*id as i128) * 0x40,
                Value::None => 0x9a_0c80,
                Value::Int(n) => 0x9a_e000 + (*n & 0xffff) * 32,
                v => 0x7f3b_0000_0000 + (hash_value(i, v)? & 0xffff_ffff) * 16,
            }))
        }
        "hash" => {
            arg_count(i, "hash", &args, 1, 1)?;
            Ok(Value::Int(hash_value(i, &args[0])?))
        }
        "divmod" => {
            arg_count(i, "divmod", &args, 2, 2)?;
            let q = i.binop(crate::ast::BinOp::FloorDiv, &args[0], &args[1], h)?;
            let r = i.binop(crate::ast::BinOp::Mod, &args[0], &args[1], h)?;
            Ok(Value::tuple(vec![q, r]))
        }
        "pow" => {
            arg_count(i, "pow", &args, 2, 3)?;
            if let (Some(Value::Int(m)), Value::Int(b), Value::Int(e)) = (args.get(2), &args[0], &args[1]) {
                if *m == 0 {
                    return Err(i.exc("ValueError", "pow() 3rd argument cannot be 0"));
                }
                if *e < 0 {
                    return Err(i.exc("ValueError", "base is not invertible for the given modulus"));
                }
                let (mut r, mut b, mut e, m) = (1i128, b.rem_euclid(*m), *e, *m);
                while e > 0 {
                    if e & 1 == 1 {
                        r = r.checked_mul(b).map(|x| x.rem_euclid(m)).ok_or_else(|| i.overflow())?;
                    }
                    b = b.checked_mul(b).map(|x| x.rem_euclid(m)).ok_or_else(|| i.overflow())?;
                    e >>= 1;
                }
                return Ok(Value::Int(r));
            }
            i.binop(crate::ast::BinOp::Pow, &args[0], &args[1], h)
        }
        "format" => {
            arg_count(i, "format", &args, 1, 2)?;
            let spec = match args.get(1) {
                Some(Value::Str(s)) => s.to_string(),
                Some(_) => return Err(i.exc("TypeError", "format() argument 2 must be str")),
                None => String::new(),
            };
            Ok(Value::Str(Arc::from(crate::format::format_value(
                i, &args[0], &spec, h,
            )?)))
        }
        "iter" => {
            arg_count(i, "iter", &args, 1, 1)?;
            Ok(Value::Obj(i.iter(&args[0], h)?))
        }
        "next" => {
            arg_count(i, "next", &args, 1, 2)?;
            let it = match &args[0] {
                Value::Obj(id) if matches!(i.obj(*id), Obj::Iter(_)) => *id,
                v => {
                    if let Some(cls) = i.class_of(v)
                        && i.find_class_attr(cls, "__next__").is_some()
                    {
                        return i.call_method(v, "__next__", vec![], h);
                    }
                    let tn = i.type_name(v);
                    return Err(i.exc("TypeError", format!("'{tn}' object is not an iterator")));
                }
            };
            match i.next(it, h)? {
                Some(v) => Ok(v),
                None => match args.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(i.exc("StopIteration", "")),
                },
            }
        }
        "callable" => {
            arg_count(i, "callable", &args, 1, 1)?;
            let c = match &args[0] {
                Value::Builtin(_) | Value::Type(_) => true,
                Value::Obj(id) => match i.obj(*id) {
                    Obj::Func(_) | Obj::Class(_) | Obj::Method(..) | Obj::BuiltinMethod(..) => true,
                    Obj::Instance(inst) => i.find_class_attr(inst.class, "__call__").is_some(),
                    _ => false,
                },
                _ => false,
            };
            Ok(Value::Bool(c))
        }
        "staticmethod" | "classmethod" => {
            arg_count(i, name, &args, 1, 1)?;
            let f = args[0].clone();
            let o = if name == "staticmethod" {
                Obj::StaticMethod(f)
            } else {
                Obj::ClassMethod(f)
            };
            Ok(Value::Obj(i.alloc(o)?))
        }
        "property" => {
            arg_count(i, "property", &args, 1, 2)?;
            Ok(Value::Obj(
                i.alloc(Obj::Property(args[0].clone(), args.get(1).cloned()))?,
            ))
        }
        "vars" => {
            arg_count(i, "vars", &args, 1, 1)?;
            i.getattr(&args[0], "__dict__", h)
        }
        "dir" => {
            let mut names: Vec<Arc<str>> = Vec::new();
            match args.first() {
                None => {
                    let f = i.frame();
                    if let Obj::Env(e) = i.obj(f.locals) {
                        names.extend(e.vars.keys().cloned());
                    }
                }
                Some(Value::Obj(id)) => match i.obj(*id) {
                    Obj::Module(m) => {
                        if let Obj::Env(e) = i.obj(m.env) {
                            names.extend(e.vars.keys().cloned());
                        }
                    }
                    Obj::Instance(inst) => {
                        names.extend(inst.attrs.keys().cloned());
                        if let Obj::Class(c) = i.obj(inst.class) {
                            for m in &c.mro {
                                if let Obj::Class(mc) = i.obj(*m) {
                                    names.extend(mc.attrs.keys().cloned());
                                }
                            }
                        }
                    }
                    Obj::Class(c) => {
                        for m in &c.mro {
                            if let Obj::Class(mc) = i.obj(*m) {
                                names.extend(mc.attrs.keys().cloned());
                            }
                        }
                    }
                    _ => {}
                },
                Some(_) => {}
            }
            names.sort();
            names.dedup();
            let vals = names.into_iter().map(Value::Str).collect();
            i.new_list(vals)
        }
        "globals" | "locals" => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
        "super" => Err(i.exc("RuntimeError", "super(): no arguments")),
        "slice" => {
            arg_count(i, "slice", &args, 1, 3)?;
            let (a, b, c) = match args.len() {
                1 => (Value::None, args[0].clone(), Value::None),
                2 => (args[0].clone(), args[1].clone(), Value::None),
                _ => (args[0].clone(), args[1].clone(), args[2].clone()),
            };
            Ok(Value::tuple(vec![Value::Builtin("slice"), a, b, c]))
        }
        "object.__init__" => Ok(Value::None),
        "eval" | "exec" => {
            let src = match args.first() {
                Some(Value::Str(s)) => s.to_string(),
                Some(Value::Bytes(b)) => String::from_utf8_lossy(b).to_string(),
                _ => {
                    return Err(i.exc(
                        "TypeError",
                        format!("{name}() arg 1 must be a string, bytes or code object"),
                    ));
                }
            };
            if args.len() > 1 || !kw.is_empty() {
                return Err(i.exc(
                    "NotImplementedError",
                    format!("{name}() with globals/locals is not supported by the Dockyard Python simulator"),
                ));
            }
            let text = if name == "eval" {
                src.trim().to_string()
            } else {
                src.clone()
            };
            let body = match crate::parser::parse_module(&text) {
                Ok(b) => b,
                Err(e) => {
                    let source = Source::new("<string>", &text, true);
                    return Err(crate::traceback::syntax_exception(i, &e, &source));
                }
            };
            if name == "exec" {
                i.exec_block(&body, h)?;
                return Ok(Value::None);
            }
            match body.as_slice() {
                [
                    crate::ast::Stmt {
                        kind: crate::ast::StmtKind::Expr(e),
                        ..
                    },
                ] => i.eval(e, h),
                _ => {
                    let e = crate::lexer::SyntaxErr::new("invalid syntax", 1, 0, 1);
                    let source = Source::new("<string>", &text, true);
                    Err(crate::traceback::syntax_exception(i, &e, &source))
                }
            }
        }
        "__import__" => {
            let Some(Value::Str(m)) = args.first() else {
                return Err(i.exc("TypeError", "__import__() argument 1 must be str"));
            };
            let m = m.to_string();
            crate::modules::import(i, &m, h)
        }
        "compile" | "bytearray" | "memoryview" | "complex" | "breakpoint" | "frozenset" => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
        "ascii" => {
            arg_count(i, "ascii", &args, 1, 1)?;
            let r = i.repr(&args[0], h)?;
            Ok(Value::Str(Arc::from(crate::format::ascii_escape(&r))))
        }
        "copyright" | "credits" => {
            let r = i.repr(
                &Value::Builtin(if name == "copyright" { "copyright" } else { "credits" }),
                h,
            )?;
            i.write_stdout(&format!("{r}\n"));
            Ok(Value::None)
        }
        "license" => {
            i.write_stdout("See https://www.python.org/psf/license/\n");
            Ok(Value::None)
        }
        _ => Err(i.exc(
            "NotImplementedError",
            format!("{name}() is not supported by the Dockyard Python simulator"),
        )),
    }
}

fn hash_value(i: &mut Interp, v: &Value) -> R<i128> {
    let k = i.hkey(v)?;
    Ok(match k {
        HKey::Int(n) => n,
        HKey::None => 0x9a0c8,
        other => {
            let s = format!("{other:?}");
            let mut hsh: u64 = 0xcbf2_9ce4_8422_2325;
            for b in s.bytes() {
                hsh ^= b as u64;
                hsh = hsh.wrapping_mul(0x100_0000_01b3);
            }
            (hsh >> 1) as i64 as i128
        }
    })
}

pub fn length(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<usize> {
    Ok(match v {
        Value::Str(s) => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().count()
            }
        }
        Value::Bytes(b) => b.len(),
        Value::Tuple(t) => t.len(),
        Value::Range(a, b, c) => range_len(*a, *b, *c) as usize,
        Value::Obj(id) => match i.obj(*id) {
            Obj::List(l) => l.len(),
            Obj::Dict(d) | Obj::Set(d) => d.len(),
            Obj::DictView(d, _) => match i.obj(*d) {
                Obj::Dict(dd) => dd.len(),
                _ => 0,
            },
            Obj::Instance(inst) if i.find_class_attr(inst.class, "__len__").is_some() => {
                let r = i.call_method(v, "__len__", vec![], h)?;
                return match r {
                    Value::Int(n) if n >= 0 => Ok(n as usize),
                    _ => Err(i.exc("TypeError", "'__len__' should return an integer >= 0")),
                };
            }
            _ => {
                let tn = i.type_name(v);
                return Err(i.exc("TypeError", format!("object of type '{tn}' has no len()")));
            }
        },
        _ => {
            let tn = i.type_name(v);
            return Err(i.exc("TypeError", format!("object of type '{tn}' has no len()")));
        }
    })
}

// ----- type constructors -----

pub fn parse_int(s: &str, base: u32) -> Option<i128> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (base, t) = if base == 0 || base == 16 || base == 8 || base == 2 {
        let low = t.to_ascii_lowercase();
        if (base == 0 || base == 16) && low.starts_with("0x") {
            (16, &t[2..])
        } else if (base == 0 || base == 8) && low.starts_with("0o") {
            (8, &t[2..])
        } else if (base == 0 || base == 2) && low.starts_with("0b") {
            (2, &t[2..])
        } else {
            (if base == 0 { 10 } else { base }, t)
        }
    } else {
        (base, t)
    };
    if t.is_empty() || t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != '_').collect();
    if !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = i128::from_str_radix(&digits, base).ok()?;
    Some(if neg { -v } else { v })
}

pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase().replace('_', "");
    match t.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
    {
        return None;
    }
    t.parse().ok()
}

#[inline(never)]
pub fn call_type(i: &mut Interp, t: TypeKind, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    match t {
        TypeKind::Int => {
            arg_count(i, "int", &args, 0, 2)?;
            let base = match args.get(1).cloned().or(kwarg(&kw, "base")) {
                Some(b) => Some(int_arg(i, &b, "")?),
                None => None,
            };
            let Some(v) = args.first() else {
                return Ok(Value::Int(0));
            };
            match (v, base) {
                (Value::Int(n), None) => Ok(Value::Int(*n)),
                (Value::Bool(b), None) => Ok(Value::Int(*b as i128)),
                (Value::Float(f), None) => {
                    if f.is_nan() {
                        return Err(i.exc("ValueError", "cannot convert float NaN to integer"));
                    }
                    if f.is_infinite() {
                        return Err(i.exc("OverflowError", "cannot convert float infinity to integer"));
                    }
                    if f.abs() >= 1.7e38 {
                        return Err(i.overflow());
                    }
                    Ok(Value::Int(f.trunc() as i128))
                }
                (Value::Str(s), b) => {
                    let base = b.unwrap_or(10);
                    if !(base == 0 || (2..=36).contains(&base)) {
                        return Err(i.exc("ValueError", "int() base must be >= 2 and <= 36, or 0"));
                    }
                    match parse_int(s, base as u32) {
                        Some(n) => Ok(Value::Int(n)),
                        None => {
                            let r = crate::format::str_repr(s);
                            Err(i.exc("ValueError", format!("invalid literal for int() with base {base}: {r}")))
                        }
                    }
                }
                (Value::Bytes(b), bs) => {
                    let s: String = b.iter().map(|c| *c as char).collect();
                    let base = bs.unwrap_or(10);
                    match parse_int(&s, base as u32) {
                        Some(n) => Ok(Value::Int(n)),
                        None => {
                            let r = crate::format::bytes_repr(b);
                            Err(i.exc("ValueError", format!("invalid literal for int() with base {base}: {r}")))
                        }
                    }
                }
                (v, None) => {
                    if let Some(cls) = i.class_of(v)
                        && i.find_class_attr(cls, "__int__").is_some()
                    {
                        return i.call_method(v, "__int__", vec![], h);
                    }
                    let tn = i.type_name(v);
                    Err(i.exc(
                        "TypeError",
                        format!("int() argument must be a string, a bytes-like object or a real number, not '{tn}'"),
                    ))
                }
                _ => Err(i.exc("TypeError", "int() can't convert non-string with explicit base")),
            }
        }
        TypeKind::Float => {
            arg_count(i, "float", &args, 0, 1)?;
            let Some(v) = args.first() else {
                return Ok(Value::Float(0.0));
            };
            match v {
                Value::Int(n) => Ok(Value::Float(*n as f64)),
                Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
                Value::Float(f) => Ok(Value::Float(*f)),
                Value::Str(s) => match parse_float(s) {
                    Some(f) => Ok(Value::Float(f)),
                    None => {
                        let r = crate::format::str_repr(s);
                        Err(i.exc("ValueError", format!("could not convert string to float: {r}")))
                    }
                },
                v => {
                    let tn = i.type_name(v);
                    Err(i.exc(
                        "TypeError",
                        format!("float() argument must be a string or a real number, not '{tn}'"),
                    ))
                }
            }
        }
        TypeKind::Str => {
            if args.is_empty() {
                return Ok(Value::str(""));
            }
            if let (Value::Bytes(b), Some(_)) = (&args[0], args.get(1).cloned().or(kwarg(&kw, "encoding"))) {
                return decode_bytes(i, b, args.get(2).cloned().or(kwarg(&kw, "errors")));
            }
            arg_count(i, "str", &args, 1, 3)?;
            Ok(Value::Str(Arc::from(i.str_of(&args[0], h)?)))
        }
        TypeKind::Bool => {
            arg_count(i, "bool", &args, 0, 1)?;
            match args.first() {
                Some(v) => Ok(Value::Bool(i.truthy(v, h)?)),
                None => Ok(Value::Bool(false)),
            }
        }
        TypeKind::List => {
            arg_count(i, "list", &args, 0, 1)?;
            let items = match args.first() {
                Some(v) => i.collect(v, h)?,
                None => vec![],
            };
            i.new_list(items)
        }
        TypeKind::Tuple => {
            arg_count(i, "tuple", &args, 0, 1)?;
            let items = match args.first() {
                Some(v) => i.collect(v, h)?,
                None => vec![],
            };
            Ok(Value::tuple(items))
        }
        TypeKind::Set => {
            arg_count(i, "set", &args, 0, 1)?;
            let items = match args.first() {
                Some(v) => i.collect(v, h)?,
                None => vec![],
            };
            let mut d = Dict::new();
            for x in items {
                let k = i.hkey(&x)?;
                d.insert(k, x, Value::None);
            }
            Ok(Value::Obj(i.alloc(Obj::Set(d))?))
        }
        TypeKind::Dict => {
            arg_count(i, "dict", &args, 0, 1)?;
            let mut d = Dict::new();
            if let Some(v) = args.first() {
                for (k, val) in mapping_items(i, v, h)? {
                    let hk = i.hkey(&k)?;
                    d.insert(hk, k, val);
                }
            }
            for (k, v) in kw {
                d.insert(HKey::Str(k.clone()), Value::Str(k), v);
            }
            i.grow(d.len() * 2)?;
            i.new_dict(d)
        }
        TypeKind::Bytes => {
            arg_count(i, "bytes", &args, 0, 3)?;
            match args.first() {
                None => Ok(Value::Bytes(Arc::from(Vec::new()))),
                Some(Value::Str(s)) => {
                    if args.len() < 2 && kwarg(&kw, "encoding").is_none() {
                        return Err(i.exc("TypeError", "string argument without an encoding"));
                    }
                    Ok(Value::Bytes(Arc::from(s.as_bytes())))
                }
                Some(Value::Int(n)) => {
                    if *n < 0 {
                        return Err(i.exc("ValueError", "negative count"));
                    }
                    if *n as usize > MAX_STR {
                        return Err(i.exc("MemoryError", ""));
                    }
                    Ok(Value::Bytes(Arc::from(vec![0u8; *n as usize])))
                }
                Some(Value::Bytes(b)) => Ok(Value::Bytes(b.clone())),
                Some(v) => {
                    let items = i.collect(v, h)?;
                    let mut out = Vec::with_capacity(items.len());
                    for x in items {
                        match x {
                            Value::Int(n) if (0..256).contains(&n) => out.push(n as u8),
                            Value::Int(_) => {
                                return Err(i.exc("ValueError", "bytes must be in range(0, 256)"));
                            }
                            other => {
                                let tn = i.type_name(&other);
                                return Err(i.exc(
                                    "TypeError",
                                    format!("'{tn}' object cannot be interpreted as an integer"),
                                ));
                            }
                        }
                    }
                    Ok(Value::Bytes(Arc::from(out)))
                }
            }
        }
        TypeKind::Range => {
            arg_count(i, "range", &args, 1, 3)?;
            let mut n = Vec::new();
            for a in &args {
                n.push(int_arg(i, a, "")?);
            }
            let (a, b, c) = match n.len() {
                1 => (0, n[0], 1),
                2 => (n[0], n[1], 1),
                _ => (n[0], n[1], n[2]),
            };
            if c == 0 {
                return Err(i.exc("ValueError", "range() arg 3 must not be zero"));
            }
            Ok(Value::Range(a, b, c))
        }
        TypeKind::Type => {
            if args.len() == 1 {
                return Ok(type_of(i, &args[0]));
            }
            Err(i.exc(
                "NotImplementedError",
                "type() with 3 arguments is not supported by the Dockyard Python simulator",
            ))
        }
        TypeKind::Object => {
            let cls = i.exc_class("Exception");
            let _ = cls;
            Err(i.exc(
                "NotImplementedError",
                "object() instances are not supported by the Dockyard Python simulator",
            ))
        }
        TypeKind::NoneType => Ok(Value::None),
        TypeKind::Function | TypeKind::BuiltinFunction => {
            Err(i.exc("TypeError", format!("cannot create '{}' instances", t.name())))
        }
    }
}

fn decode_bytes(i: &mut Interp, b: &[u8], errors: Option<Value>) -> R<Value> {
    match std::str::from_utf8(b) {
        Ok(s) => Ok(Value::str(s)),
        Err(e) => {
            let lossy = matches!(&errors, Some(Value::Str(s)) if &**s == "replace" || &**s == "ignore");
            if lossy {
                let s = String::from_utf8_lossy(b);
                let s = if matches!(&errors, Some(Value::Str(x)) if &**x == "ignore") {
                    s.replace('\u{fffd}', "")
                } else {
                    s.to_string()
                };
                return Ok(Value::Str(Arc::from(s)));
            }
            let pos = e.valid_up_to();
            let byte = b.get(pos).copied().unwrap_or(0);
            let reason = if (0x80..0xc0).contains(&byte) {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            Err(i.exc(
                "UnicodeDecodeError",
                format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}"),
            ))
        }
    }
}

/// (key, value) pairs of a mapping or an iterable of pairs.
pub fn mapping_items(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> R<Vec<(Value, Value)>> {
    if let Value::Obj(id) = v
        && let Obj::Dict(d) = i.obj(*id)
    {
        return Ok(d.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    }
    let items = i.collect(v, h)?;
    let mut out = Vec::with_capacity(items.len());
    for (n, it) in items.into_iter().enumerate() {
        let pair = i.collect(&it, h).map_err(|_| {
            let tn = i.type_name(&it);
            i.exc(
                "TypeError",
                format!("cannot convert dictionary update sequence element #{n} to a sequence: '{tn}'"),
            )
        })?;
        if pair.len() != 2 {
            return Err(i.exc(
                "ValueError",
                format!(
                    "dictionary update sequence element #{n} has length {}; 2 is required",
                    pair.len()
                ),
            ));
        }
        let mut p = pair.into_iter();
        let (Some(k), Some(v)) = (p.next(), p.next()) else {
            continue;
        };
        out.push((k, v));
    }
    Ok(out)
}

pub fn dict_view_items(i: &mut Interp, d: ObjId, kind: u8) -> R<Vec<Value>> {
    let Obj::Dict(dd) = i.obj(d) else {
        return Ok(vec![]);
    };
    Ok(match kind {
        0 => dd.keys(),
        1 => dd.values(),
        _ => dd
            .iter()
            .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
            .collect(),
    })
}

// ----- subscription -----

fn norm_index(i: &mut Interp, idx: &Value, len: usize, what: &str) -> R<usize> {
    let n = match idx {
        Value::Int(n) => *n,
        Value::Bool(b) => *b as i128,
        other => {
            if let Some(cls) = i.class_of(other)
                && i.find_class_attr(cls, "__index__").is_some()
            {
                let _ = cls;
            }
            let tn = i.type_name(other);
            return Err(i.exc(
                "TypeError",
                format!("{what} indices must be integers or slices, not {tn}"),
            ));
        }
    };
    let k = if n < 0 { n + len as i128 } else { n };
    if k < 0 || k >= len as i128 {
        return Err(i.exc("IndexError", format!("{what} index out of range")));
    }
    Ok(k as usize)
}

fn slice_parts(v: &Value) -> Option<(Value, Value, Value)> {
    match v {
        Value::Tuple(t) if t.len() == 4 && matches!(t[0], Value::Builtin("slice")) => {
            Some((t[1].clone(), t[2].clone(), t[3].clone()))
        }
        _ => None,
    }
}

/// Python's `slice.indices(len)` then the selected positions.
fn slice_indices(i: &mut Interp, (a, b, c): (Value, Value, Value), len: usize) -> R<Vec<usize>> {
    let get = |i: &mut Interp, v: &Value| -> R<Option<i128>> {
        match v {
            Value::None => Ok(None),
            Value::Int(n) => Ok(Some(*n)),
            Value::Bool(b) => Ok(Some(*b as i128)),
            _ => Err(i.exc(
                "TypeError",
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let step = get(i, &c)?.unwrap_or(1);
    if step == 0 {
        return Err(i.exc("ValueError", "slice step cannot be zero"));
    }
    let len = len as i128;
    let clamp = |x: Option<i128>, def: i128, lo: i128, hi: i128| -> i128 {
        match x {
            None => def,
            Some(v) => {
                let v = if v < 0 { v + len } else { v };
                v.clamp(lo, hi)
            }
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(get(i, &a)?, 0, 0, len), clamp(get(i, &b)?, len, 0, len))
    } else {
        (
            clamp(get(i, &a)?, len - 1, -1, len - 1),
            clamp(get(i, &b)?, -1, -1, len - 1),
        )
    };
    let mut out = Vec::new();
    let mut k = start;
    while (step > 0 && k < stop) || (step < 0 && k > stop) {
        out.push(k as usize);
        k += step;
    }
    Ok(out)
}

#[inline(never)]
pub fn getitem(i: &mut Interp, o: &Value, idx: &Value, h: &mut dyn PyHost) -> R<Value> {
    match o {
        Value::Str(s) => {
            if let Some(sl) = slice_parts(idx) {
                if s.is_ascii() {
                    let ix = slice_indices(i, sl, s.len())?;
                    let b = s.as_bytes();
                    let out: String = ix.into_iter().map(|k| b[k] as char).collect();
                    return Ok(Value::Str(Arc::from(out)));
                }
                let cs: Vec<char> = s.chars().collect();
                let ix = slice_indices(i, sl, cs.len())?;
                return Ok(Value::Str(Arc::from(ix.into_iter().map(|k| cs[k]).collect::<String>())));
            }
            if s.is_ascii() {
                let k = norm_index(i, idx, s.len(), "string")?;
                return Ok(Value::str(&s[k..k + 1]));
            }
            let cs: Vec<char> = s.chars().collect();
            let k = norm_index(i, idx, cs.len(), "string")?;
            Ok(Value::str(&cs[k].to_string()))
        }
        Value::Bytes(b) => {
            if let Some(sl) = slice_parts(idx) {
                let ix = slice_indices(i, sl, b.len())?;
                return Ok(Value::Bytes(Arc::from(
                    ix.into_iter().map(|k| b[k]).collect::<Vec<u8>>(),
                )));
            }
            let k = norm_index(i, idx, b.len(), "index")?;
            Ok(Value::Int(b[k] as i128))
        }
        Value::Tuple(t) => {
            if let Some(sl) = slice_parts(idx) {
                let ix = slice_indices(i, sl, t.len())?;
                return Ok(Value::tuple(ix.into_iter().map(|k| t[k].clone()).collect()));
            }
            let k = norm_index(i, idx, t.len(), "tuple")?;
            Ok(t[k].clone())
        }
        Value::Range(a, b, c) => {
            let n = range_len(*a, *b, *c) as usize;
            if let Some(sl) = slice_parts(idx) {
                let ix = slice_indices(i, sl, n)?;
                let vals = ix.into_iter().map(|k| Value::Int(a + c * k as i128)).collect();
                return i.new_list(vals);
            }
            let k = norm_index(i, idx, n, "range object")?;
            Ok(Value::Int(a + c * k as i128))
        }
        Value::Obj(id) => {
            let id = *id;
            match i.obj(id) {
                Obj::List(l) => {
                    let len = l.len();
                    if let Some(sl) = slice_parts(idx) {
                        let ix = slice_indices(i, sl, len)?;
                        let vals: Vec<Value> = match i.obj(id) {
                            Obj::List(l) => ix.into_iter().map(|k| l[k].clone()).collect(),
                            _ => vec![],
                        };
                        i.grow(vals.len())?;
                        return i.new_list(vals);
                    }
                    let k = norm_index(i, idx, len, "list")?;
                    match i.obj(id) {
                        Obj::List(l) => Ok(l[k].clone()),
                        _ => Ok(Value::None),
                    }
                }
                Obj::Dict(_) => {
                    let k = i.hkey(idx)?;
                    if let Obj::Dict(d) = i.obj(id)
                        && let Some(v) = d.get(&k)
                    {
                        return Ok(v.clone());
                    }
                    Err(i.exc_value("KeyError", idx.clone()))
                }
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    if i.find_class_attr(cls, "__getitem__").is_some() {
                        return i.call_method(o, "__getitem__", vec![idx.clone()], h);
                    }
                    if let Some(v) = native_getitem(i, o, idx, h)? {
                        return Ok(v);
                    }
                    let tn = i.type_name(o);
                    Err(i.exc("TypeError", format!("'{tn}' object is not subscriptable")))
                }
                Obj::Class(_) => Ok(o.clone()),
                _ => {
                    let tn = i.type_name(o);
                    Err(i.exc("TypeError", format!("'{tn}' object is not subscriptable")))
                }
            }
        }
        Value::Type(_) => Ok(o.clone()),
        _ => {
            let tn = i.type_name(o);
            Err(i.exc("TypeError", format!("'{tn}' object is not subscriptable")))
        }
    }
}

#[inline(never)]
pub fn setitem(i: &mut Interp, o: &Value, idx: Value, v: Value, h: &mut dyn PyHost) -> R<()> {
    if let Value::Obj(id) = o {
        let id = *id;
        match i.obj(id) {
            Obj::List(l) => {
                let len = l.len();
                if let Some(sl) = slice_parts(&idx) {
                    let vals = i.collect(&v, h)?;
                    let step_one = matches!(sl.2, Value::None | Value::Int(1));
                    let ix = slice_indices(i, sl, len)?;
                    if step_one {
                        let start = ix.first().copied().unwrap_or(0);
                        let (s, e) = if ix.is_empty() {
                            let st = match &idx {
                                Value::Tuple(t) => match &t[1] {
                                    Value::Int(n) => {
                                        let n = if *n < 0 { (*n + len as i128).max(0) } else { *n };
                                        (n as usize).min(len)
                                    }
                                    _ => 0,
                                },
                                _ => 0,
                            };
                            (st, st)
                        } else {
                            (start, start + ix.len())
                        };
                        if len - (e - s) + vals.len() > MAX_SEQ {
                            return Err(i.exc("MemoryError", ""));
                        }
                        i.grow(vals.len())?;
                        if let Some(Obj::List(l)) = i.obj_mut(id) {
                            l.splice(s..e, vals);
                        }
                        return Ok(());
                    }
                    if ix.len() != vals.len() {
                        return Err(i.exc(
                            "ValueError",
                            format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                vals.len(),
                                ix.len()
                            ),
                        ));
                    }
                    if let Some(Obj::List(l)) = i.obj_mut(id) {
                        for (k, val) in ix.into_iter().zip(vals) {
                            l[k] = val;
                        }
                    }
                    return Ok(());
                }
                let k = norm_index(i, &idx, len, "list").map_err(|e| {
                    if let crate::interp::Flow::Exc(_) = &e
                        && matches!(idx, Value::Int(_))
                    {
                        return i.exc("IndexError", "list assignment index out of range");
                    }
                    e
                })?;
                if let Some(Obj::List(l)) = i.obj_mut(id) {
                    l[k] = v;
                }
                return Ok(());
            }
            Obj::Dict(_) => {
                let k = i.hkey(&idx)?;
                i.grow(2)?;
                if let Some(Obj::Dict(d)) = i.obj_mut(id) {
                    d.insert(k, idx, v);
                }
                return Ok(());
            }
            Obj::Instance(inst) => {
                let cls = inst.class;
                if i.find_class_attr(cls, "__setitem__").is_some() {
                    i.call_method(o, "__setitem__", vec![idx, v], h)?;
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    let tn = i.type_name(o);
    Err(i.exc("TypeError", format!("'{tn}' object does not support item assignment")))
}

pub fn delitem(i: &mut Interp, o: &Value, idx: &Value, h: &mut dyn PyHost) -> R<()> {
    if let Value::Obj(id) = o {
        let id = *id;
        match i.obj(id) {
            Obj::List(l) => {
                let len = l.len();
                if let Some(sl) = slice_parts(idx) {
                    let mut ix = slice_indices(i, sl, len)?;
                    ix.sort_unstable();
                    if let Some(Obj::List(l)) = i.obj_mut(id) {
                        for k in ix.into_iter().rev() {
                            l.remove(k);
                        }
                    }
                    return Ok(());
                }
                let k = norm_index(i, idx, len, "list").map_err(|e| {
                    if matches!(idx, Value::Int(_)) {
                        i.exc("IndexError", "list assignment index out of range")
                    } else {
                        e
                    }
                })?;
                if let Some(Obj::List(l)) = i.obj_mut(id) {
                    l.remove(k);
                }
                return Ok(());
            }
            Obj::Dict(_) => {
                let k = i.hkey(idx)?;
                let removed = match i.obj_mut(id) {
                    Some(Obj::Dict(d)) => d.remove(&k).is_some(),
                    _ => false,
                };
                if !removed {
                    return Err(i.exc_value("KeyError", idx.clone()));
                }
                return Ok(());
            }
            Obj::Instance(inst) => {
                let cls = inst.class;
                if i.find_class_attr(cls, "__delitem__").is_some() {
                    i.call_method(o, "__delitem__", vec![idx.clone()], h)?;
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    let tn = i.type_name(o);
    Err(i.exc("TypeError", format!("'{tn}' object does not support item deletion")))
}

// ----- files -----

fn open_file(i: &mut Interp, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let file = args.first().cloned().or(kwarg(&kw, "file"));
    let mode = args.get(1).cloned().or(kwarg(&kw, "mode")).unwrap_or(Value::str("r"));
    let Some(Value::Str(path)) = file else {
        return match file {
            None => Err(i.exc("TypeError", "open() missing required argument 'file' (pos 1)")),
            Some(v) => {
                let tn = i.type_name(&v);
                Err(i.exc(
                    "TypeError",
                    format!("expected str, bytes or os.PathLike object, not {tn}"),
                ))
            }
        };
    };
    let Value::Str(mode) = mode else {
        return Err(i.exc("TypeError", "open() argument 'mode' must be str"));
    };
    let valid = mode.chars().all(|c| "rwaxbt+".contains(c))
        && mode.chars().filter(|c| "rwax".contains(*c)).count() == 1
        && !(mode.contains('b') && mode.contains('t'));
    if !valid {
        return Err(i.exc("ValueError", format!("invalid mode: '{mode}'")));
    }
    let binary = mode.contains('b');
    let plus = mode.contains('+');
    let abs = abspath(h, &path);
    let mut fo = FileObj {
        path: Arc::from(abs.as_str()),
        name: Value::Str(path.clone()),
        readable: mode.contains('r') || plus,
        writable: !mode.contains('r') || plus,
        binary,
        data: Vec::new(),
        pos: 0,
        pending: Vec::new(),
        closed: false,
        stream: 0,
        owner: None,
    };
    if mode.contains('r') {
        match h.read_file(&abs) {
            Ok(d) => fo.data = d,
            Err(e) => return Err(i.os_error(e, &path)),
        }
    } else if mode.contains('w') || mode.contains('x') {
        if mode.contains('x') && h.read_file(&abs).is_ok() {
            return Err(i.os_error_exists(&path));
        }
        if let Err(e) = h.write_file(&abs, b"", false) {
            return Err(i.os_error(e, &path));
        }
    } else if let Err(e) = h.write_file(&abs, b"", true) {
        return Err(i.os_error(e, &path));
    }
    i.grow(fo.data.len() / 32)?;
    Ok(Value::Obj(i.alloc(Obj::File(fo))?))
}

impl Interp {
    fn os_error_exists(&mut self, path: &str) -> crate::interp::Flow {
        let class = self.exc_class("FileExistsError");
        let v = self.make_exc(class, vec![Value::Int(17), Value::str("File exists")]);
        if let Value::Obj(id) = &v
            && let Some(Obj::Instance(inst)) = self.obj_mut(*id)
        {
            inst.attrs.insert(Arc::from("filename"), Value::str(path));
        }
        self.raise_value(v)
    }
}

/// Flush a file's pending writes to the host.
pub fn flush_file(i: &mut Interp, id: ObjId, h: &mut dyn PyHost) -> R<()> {
    let (path, data, name) = match i.obj_mut(id) {
        Some(Obj::File(f)) if !f.pending.is_empty() && f.stream == 0 => {
            (f.path.clone(), std::mem::take(&mut f.pending), f.name.clone())
        }
        _ => return Ok(()),
    };
    if let Err(e) = h.write_file(&path, &data, true) {
        let n = match name {
            Value::Str(s) => s.to_string(),
            _ => path.to_string(),
        };
        return Err(i.os_error(e, &n));
    }
    Ok(())
}

/// Flush every open file (at interpreter exit, as CPython's finalizers do).
pub fn flush_all_files(i: &mut Interp, h: &mut dyn PyHost) {
    let ids: Vec<ObjId> = i
        .heap
        .iter()
        .enumerate()
        .filter_map(|(n, o)| match o {
            Obj::File(f) if !f.pending.is_empty() && f.stream == 0 => Some(n as ObjId),
            _ => None,
        })
        .collect();
    for id in ids {
        let _ = flush_file(i, id, h);
    }
}

fn text_of(i: &mut Interp, data: &[u8]) -> R<String> {
    match decode_bytes(i, data, None)? {
        Value::Str(s) => Ok(s.replace("\r\n", "\n")),
        _ => Ok(String::new()),
    }
}

pub fn file_lines(i: &mut Interp, id: ObjId) -> R<Vec<Value>> {
    let (data, binary, closed, stream) = match i.obj_mut(id) {
        Some(Obj::File(f)) => {
            let rest = f.data.get(f.pos..).unwrap_or(&[]).to_vec();
            f.pos = f.data.len();
            (rest, f.binary, f.closed, f.stream)
        }
        _ => return Ok(vec![]),
    };
    if closed {
        return Err(i.exc("ValueError", "I/O operation on closed file."));
    }
    if stream == 3 {
        return Ok(vec![]);
    }
    if binary {
        let mut out = Vec::new();
        let mut start = 0;
        for (k, b) in data.iter().enumerate() {
            if *b == b'\n' {
                out.push(Value::Bytes(Arc::from(&data[start..=k])));
                start = k + 1;
            }
        }
        if start < data.len() {
            out.push(Value::Bytes(Arc::from(&data[start..])));
        }
        return Ok(out);
    }
    let text = text_of(i, &data)?;
    Ok(text.split_inclusive('\n').map(Value::str).collect())
}

fn file_method(i: &mut Interp, id: ObjId, name: &str, args: Vec<Value>, h: &mut dyn PyHost) -> R<Option<Value>> {
    let Obj::File(f) = i.obj(id) else {
        return Ok(None);
    };
    let (stream, closed, binary, readable, writable, owner) =
        (f.stream, f.closed, f.binary, f.readable, f.writable, f.owner);
    let io_closed = |i: &mut Interp| i.exc("ValueError", "I/O operation on closed file.");
    match name {
        "__enter__" => {
            if closed {
                return Err(io_closed(i));
            }
            Ok(Some(Value::Obj(id)))
        }
        "__exit__" | "close" => {
            if stream == 0 {
                flush_file(i, id, h)?;
                if let Some(Obj::File(f)) = i.obj_mut(id) {
                    f.closed = true;
                }
            }
            Ok(Some(Value::None))
        }
        "flush" => {
            if closed {
                return Err(io_closed(i));
            }
            match stream {
                0 => flush_file(i, id, h)?,
                1 => i.out.flush(),
                _ => {}
            }
            Ok(Some(Value::None))
        }
        "write" | "writelines" => {
            if closed {
                return Err(io_closed(i));
            }
            let items = if name == "writelines" {
                arg_count(i, "writelines", &args, 1, 1)?;
                i.collect(&args[0], h)?
            } else {
                arg_count(i, "write", &args, 1, 1)?;
                args
            };
            let mut total = 0usize;
            for a in items {
                let bytes: Vec<u8> = match (&a, binary) {
                    (Value::Str(s), false) => {
                        total += s.chars().count();
                        s.as_bytes().to_vec()
                    }
                    (Value::Bytes(b), true) => {
                        total += b.len();
                        b.to_vec()
                    }
                    (v, false) => {
                        let tn = i.type_name(v);
                        return Err(i.exc("TypeError", format!("write() argument must be str, not {tn}")));
                    }
                    (v, true) => {
                        let tn = i.type_name(v);
                        return Err(i.exc("TypeError", format!("a bytes-like object is required, not '{tn}'")));
                    }
                };
                match stream {
                    1 => i.write_stdout(&String::from_utf8_lossy(&bytes)),
                    2 => i.write_stderr(&String::from_utf8_lossy(&bytes)),
                    4 => {
                        if let Some(o) = owner {
                            crate::http::wfile_write(i, o, &bytes)?;
                        }
                    }
                    0 => {
                        if !writable {
                            return Err(i.exc("io.UnsupportedOperation", "not writable"));
                        }
                        i.grow(bytes.len() / 32)?;
                        let big = match i.obj_mut(id) {
                            Some(Obj::File(f)) => {
                                f.pending.extend_from_slice(&bytes);
                                f.pending.len() >= 8192
                            }
                            _ => false,
                        };
                        if big {
                            flush_file(i, id, h)?;
                        }
                    }
                    _ => return Err(i.exc("OSError", "not writable")),
                }
            }
            Ok(Some(if name == "write" {
                Value::Int(total as i128)
            } else {
                Value::None
            }))
        }
        "read" | "readline" | "readlines" => {
            if closed {
                return Err(io_closed(i));
            }
            if stream == 3 {
                return Ok(Some(match name {
                    "readline" => match read_input_line(i, h)? {
                        Some(l) => Value::str(&format!("{l}\n")),
                        None => Value::str(""),
                    },
                    "readlines" => {
                        let mut v = Vec::new();
                        while let Some(l) = read_input_line(i, h)? {
                            v.push(Value::str(&format!("{l}\n")));
                            i.step()?;
                        }
                        i.new_list(v)?
                    }
                    _ => {
                        let mut s = String::new();
                        while let Some(l) = read_input_line(i, h)? {
                            s.push_str(&l);
                            s.push('\n');
                            i.step()?;
                        }
                        Value::Str(Arc::from(s))
                    }
                }));
            }
            if stream == 5 {
                let n = match args.first() {
                    Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                    _ => None,
                };
                let data = match owner {
                    Some(o) => crate::http::rfile_read(i, o, n),
                    None => Vec::new(),
                };
                return Ok(Some(Value::Bytes(Arc::from(data))));
            }
            if !readable {
                return Err(i.exc("io.UnsupportedOperation", "not readable"));
            }
            if name == "readlines" {
                let lines = file_lines(i, id)?;
                return Ok(Some(i.new_list(lines)?));
            }
            let n = match args.first() {
                Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            let (chunk, binary) = match i.obj_mut(id) {
                Some(Obj::File(f)) => {
                    let rest = f.data.get(f.pos..).unwrap_or(&[]);
                    let take = if name == "readline" {
                        let nl = rest
                            .iter()
                            .position(|b| *b == b'\n')
                            .map(|p| p + 1)
                            .unwrap_or(rest.len());
                        n.map(|n| n.min(nl)).unwrap_or(nl)
                    } else if binary {
                        n.unwrap_or(rest.len()).min(rest.len())
                    } else {
                        match n {
                            None => rest.len(),
                            Some(n) => {
                                // n characters of UTF-8 text
                                let s = String::from_utf8_lossy(rest);
                                s.char_indices()
                                    .nth(n)
                                    .map(|(b, _)| b)
                                    .unwrap_or(rest.len())
                                    .min(rest.len())
                            }
                        }
                    };
                    let c = rest[..take].to_vec();
                    f.pos += take;
                    (c, f.binary)
                }
                _ => return Ok(None),
            };
            if binary {
                return Ok(Some(Value::Bytes(Arc::from(chunk))));
            }
            Ok(Some(Value::Str(Arc::from(text_of(i, &chunk)?))))
        }
        "seek" => {
            let p = match args.first() {
                Some(Value::Int(n)) if *n >= 0 => *n as usize,
                _ => 0,
            };
            if let Some(Obj::File(f)) = i.obj_mut(id) {
                f.pos = p.min(f.data.len());
            }
            Ok(Some(Value::Int(p as i128)))
        }
        "tell" => Ok(Some(Value::Int(match i.obj(id) {
            Obj::File(f) => f.pos as i128,
            _ => 0,
        }))),
        "fileno" => Ok(Some(Value::Int(match stream {
            1 => 1,
            2 => 2,
            3 => 0,
            _ => 3,
        }))),
        "isatty" => Ok(Some(Value::Bool(false))),
        "readable" => Ok(Some(Value::Bool(readable))),
        "writable" => Ok(Some(Value::Bool(writable))),
        _ => Ok(None),
    }
}

// ----- methods of builtin types -----

const STR_METHODS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "splitlines",
    "join",
    "format",
    "encode",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "isdigit",
    "isnumeric",
    "isdecimal",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "istitle",
    "title",
    "capitalize",
    "swapcase",
    "casefold",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
    "expandtabs",
    "isidentifier",
    "format_map",
    "isascii",
];
const BYTES_METHODS: &[&str] = &[
    "decode",
    "hex",
    "startswith",
    "endswith",
    "strip",
    "split",
    "replace",
    "find",
    "upper",
    "lower",
    "count",
    "join",
    "lstrip",
    "rstrip",
    "isdigit",
    "isalpha",
];
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy", "clear",
];
const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "copy",
    "clear",
];
const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "clear",
    "copy",
    "union",
    "intersection",
    "difference",
    "update",
    "issubset",
    "issuperset",
    "isdisjoint",
    "symmetric_difference",
];
const FILE_METHODS: &[&str] = &[
    "read",
    "readline",
    "readlines",
    "write",
    "writelines",
    "close",
    "flush",
    "__enter__",
    "__exit__",
    "seek",
    "tell",
    "fileno",
    "isatty",
    "readable",
    "writable",
];

pub fn has_method(i: &Interp, v: &Value, name: &str) -> bool {
    match v {
        Value::Str(_) => STR_METHODS.contains(&name),
        Value::Bytes(_) => BYTES_METHODS.contains(&name),
        Value::Tuple(_) => matches!(name, "index" | "count"),
        Value::Int(_) | Value::Bool(_) => matches!(name, "bit_length" | "to_bytes" | "conjugate"),
        Value::Float(_) => matches!(name, "is_integer" | "conjugate"),
        Value::Range(..) => matches!(name, "index" | "count"),
        Value::Type(t) => match t {
            TypeKind::Str => STR_METHODS.contains(&name),
            TypeKind::Dict => DICT_METHODS.contains(&name) || name == "fromkeys",
            TypeKind::List => LIST_METHODS.contains(&name),
            TypeKind::Int => name == "from_bytes",
            TypeKind::Bytes => BYTES_METHODS.contains(&name) || name == "fromhex",
            TypeKind::Set => SET_METHODS.contains(&name),
            _ => false,
        },
        Value::Obj(id) => match i.obj(*id) {
            Obj::List(_) => LIST_METHODS.contains(&name),
            Obj::Dict(_) => DICT_METHODS.contains(&name),
            Obj::Set(_) => SET_METHODS.contains(&name),
            Obj::File(_) => FILE_METHODS.contains(&name),
            Obj::Iter(_) => name == "__next__" || name == "__iter__",
            _ => false,
        },
        _ => false,
    }
}

/// Non-method attributes of builtin values.
pub fn builtin_attr(i: &mut Interp, v: &Value, name: &str, _h: &mut dyn PyHost) -> R<Option<Value>> {
    Ok(match (v, name) {
        (Value::Range(a, _, _), "start") => Some(Value::Int(*a)),
        (Value::Range(_, b, _), "stop") => Some(Value::Int(*b)),
        (Value::Range(_, _, c), "step") => Some(Value::Int(*c)),
        (Value::Int(n), "real" | "numerator") => Some(Value::Int(*n)),
        (Value::Int(_), "imag") => Some(Value::Int(0)),
        (Value::Int(_), "denominator") => Some(Value::Int(1)),
        (Value::Float(f), "real") => Some(Value::Float(*f)),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        (Value::Type(t), "__name__" | "__qualname__") => Some(Value::str(t.name())),
        (Value::Builtin(n), "__name__") => Some(Value::str(n.rsplit('.').next().unwrap_or(n))),
        (Value::Obj(id), _) => match i.obj(*id) {
            Obj::File(f) => match name {
                "closed" => Some(Value::Bool(f.closed)),
                "name" => Some(f.name.clone()),
                "mode" => {
                    let m = if f.writable && f.readable {
                        "r+"
                    } else if f.writable {
                        "w"
                    } else {
                        "r"
                    };
                    Some(Value::str(&format!("{m}{}", if f.binary { "b" } else { "" })))
                }
                "encoding" if !f.binary => Some(Value::str("UTF-8")),
                "buffer" if f.stream == 1 || f.stream == 2 => Some(v.clone()),
                _ => None,
            },
            Obj::Method(recv, f) => match name {
                "__self__" => Some(recv.clone()),
                "__func__" => Some(f.clone()),
                "__name__" => {
                    let f = f.clone();
                    match f {
                        Value::Obj(fid) => match i.obj(fid) {
                            Obj::Func(func) => Some(Value::Str(func.def.name.clone())),
                            _ => None,
                        },
                        _ => None,
                    }
                }
                _ => None,
            },
            Obj::BuiltinMethod(_, n) if name == "__name__" => Some(Value::Str(n.clone())),
            _ => None,
        },
        _ => None,
    })
}

fn strip_chars(s: &str, chars: Option<&Value>, left: bool, right: bool) -> String {
    let set: Option<Vec<char>> = match chars {
        Some(Value::Str(c)) => Some(c.chars().collect()),
        _ => None,
    };
    let pred = |c: char| match &set {
        Some(cs) => cs.contains(&c),
        None => c.is_whitespace(),
    };
    let mut r = s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    r.to_string()
}

fn str_arg(i: &mut Interp, v: Option<&Value>, meth: &str) -> R<Arc<str>> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => {
            let tn = i.type_name(other);
            Err(i.exc(
                "TypeError",
                format!("{meth} arg must be None or str, not {tn}")
                    .replace("arg must be None or str", "argument must be str"),
            ))
        }
        None => Err(i.exc("TypeError", format!("{meth}() takes at least 1 argument (0 given)"))),
    }
}

fn split_ws(s: &str, maxsplit: i128) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i128 >= maxsplit {
            out.push(rest.to_string());
            return out;
        }
        match rest.find(char::is_whitespace) {
            Some(p) => {
                out.push(rest[..p].to_string());
                rest = rest[p..].trim_start();
            }
            None => {
                out.push(rest.to_string());
                break;
            }
        }
    }
    out
}

fn str_method(i: &mut Interp, s: &Arc<str>, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let sv = |x: String| Value::Str(Arc::from(x));
    Ok(match name {
        "upper" => sv(s.to_uppercase()),
        "lower" | "casefold" => sv(s.to_lowercase()),
        "strip" => sv(strip_chars(s, args.first(), true, true)),
        "lstrip" => sv(strip_chars(s, args.first(), true, false)),
        "rstrip" => sv(strip_chars(s, args.first(), false, true)),
        "split" | "rsplit" => {
            let sep = args.first().cloned().or(kwarg(&kw, "sep")).unwrap_or(Value::None);
            let maxsplit = match args.get(1).cloned().or(kwarg(&kw, "maxsplit")) {
                Some(v) => int_arg(i, &v, "")?,
                None => -1,
            };
            let parts: Vec<String> = match sep {
                Value::None => {
                    if name == "rsplit" && maxsplit >= 0 {
                        let rev: String = s.chars().rev().collect();
                        let mut p: Vec<String> = split_ws(&rev, maxsplit)
                            .into_iter()
                            .map(|x| x.chars().rev().collect())
                            .collect();
                        p.reverse();
                        p
                    } else {
                        split_ws(s, maxsplit)
                    }
                }
                Value::Str(sep) => {
                    if sep.is_empty() {
                        return Err(i.exc("ValueError", "empty separator"));
                    }
                    if maxsplit < 0 {
                        s.split(&*sep).map(String::from).collect()
                    } else if name == "rsplit" {
                        let mut p: Vec<String> = s.rsplitn(maxsplit as usize + 1, &*sep).map(String::from).collect();
                        p.reverse();
                        p
                    } else {
                        s.splitn(maxsplit as usize + 1, &*sep).map(String::from).collect()
                    }
                }
                other => {
                    let tn = i.type_name(&other);
                    return Err(i.exc("TypeError", format!("must be str or None, not {tn}")));
                }
            };
            let vals = parts.into_iter().map(sv).collect();
            return i.new_list(vals);
        }
        "splitlines" => {
            let keep = match args.first().cloned().or(kwarg(&kw, "keepends")) {
                Some(v) => i.truthy(&v, h)?,
                None => false,
            };
            let mut out = Vec::new();
            let mut cur = String::new();
            let cs: Vec<char> = s.chars().collect();
            let mut k = 0;
            while k < cs.len() {
                let c = cs[k];
                if c == '\n' || c == '\r' {
                    let mut end = c.to_string();
                    if c == '\r' && cs.get(k + 1) == Some(&'\n') {
                        end.push('\n');
                        k += 1;
                    }
                    if keep {
                        cur.push_str(&end);
                    }
                    out.push(sv(std::mem::take(&mut cur)));
                } else {
                    cur.push(c);
                }
                k += 1;
            }
            if !cur.is_empty() {
                out.push(sv(cur));
            }
            return i.new_list(out);
        }
        "join" => {
            arg_count(i, "str.join", &args, 1, 1)?;
            let items = i.collect(&args[0], h)?;
            let mut out = String::new();
            for (n, x) in items.iter().enumerate() {
                if n > 0 {
                    out.push_str(s);
                }
                match x {
                    Value::Str(p) => out.push_str(p),
                    other => {
                        let tn = i.type_name(other);
                        return Err(i.exc(
                            "TypeError",
                            format!("sequence item {n}: expected str instance, {tn} found"),
                        ));
                    }
                }
                if out.len() > MAX_STR {
                    return Err(i.exc("MemoryError", ""));
                }
            }
            sv(out)
        }
        "format" => sv(crate::format::str_format(i, s, &args, &kw, h)?),
        "format_map" => {
            arg_count(i, "format_map", &args, 1, 1)?;
            let pairs = mapping_items(i, &args[0], h)?;
            let kw: Kw = pairs
                .into_iter()
                .filter_map(|(k, v)| if let Value::Str(k) = k { Some((k, v)) } else { None })
                .collect();
            sv(crate::format::str_format(i, s, &[], &kw, h)?)
        }
        "encode" => Value::Bytes(Arc::from(s.as_bytes())),
        "replace" => {
            arg_count(i, "replace", &args, 2, 3)?;
            let old = str_arg(i, args.first(), "replace")?;
            let new = str_arg(i, args.get(1), "replace")?;
            let count = match args.get(2) {
                Some(v) => int_arg(i, v, "")?,
                None => -1,
            };
            let est = if old.is_empty() {
                s.len() * (new.len() + 1)
            } else {
                s.len() / old.len().max(1) * new.len() + s.len()
            };
            if est > MAX_STR * 2 {
                return Err(i.exc("MemoryError", ""));
            }
            let r = if count < 0 {
                s.replace(&*old, &new)
            } else {
                s.replacen(&*old, &new, count as usize)
            };
            if r.len() > MAX_STR {
                return Err(i.exc("MemoryError", ""));
            }
            sv(r)
        }
        "startswith" | "endswith" => {
            arg_count(i, name, &args, 1, 3)?;
            let cands: Vec<Value> = match &args[0] {
                Value::Tuple(t) => t.to_vec(),
                v => vec![v.clone()],
            };
            let start = match args.get(1) {
                Some(Value::Int(n)) => Some(*n),
                _ => None,
            };
            let sub: String = match start {
                Some(n) => {
                    let cs: Vec<char> = s.chars().collect();
                    let n = if n < 0 { (n + cs.len() as i128).max(0) } else { n } as usize;
                    cs.get(n.min(cs.len())..)
                        .map(|x| x.iter().collect())
                        .unwrap_or_default()
                }
                None => s.to_string(),
            };
            for c in cands {
                match c {
                    Value::Str(p) => {
                        let hit = if name == "startswith" {
                            sub.starts_with(&*p)
                        } else {
                            sub.ends_with(&*p)
                        };
                        if hit {
                            return Ok(Value::Bool(true));
                        }
                    }
                    other => {
                        let tn = i.type_name(&other);
                        return Err(i.exc(
                            "TypeError",
                            format!("{name} first arg must be str or a tuple of str, not {tn}"),
                        ));
                    }
                }
            }
            Value::Bool(false)
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            arg_count(i, name, &args, 1, 3)?;
            let sub = match &args[0] {
                Value::Str(x) => x.clone(),
                other => {
                    let tn = i.type_name(other);
                    return Err(i.exc("TypeError", format!("must be str, not {tn}")));
                }
            };
            if name == "count" {
                if sub.is_empty() {
                    return Ok(Value::Int(s.chars().count() as i128 + 1));
                }
                return Ok(Value::Int(s.matches(&*sub).count() as i128));
            }
            let pos = if name.starts_with('r') {
                s.rfind(&*sub)
            } else {
                s.find(&*sub)
            };
            match pos {
                Some(b) => Value::Int(s[..b].chars().count() as i128),
                None => {
                    if name.contains("index") {
                        return Err(i.exc("ValueError", "substring not found"));
                    }
                    Value::Int(-1)
                }
            }
        }
        "isdigit" | "isnumeric" | "isdecimal" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_numeric())),
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isascii" => Value::Bool(s.is_ascii()),
        "isupper" => Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)),
        "islower" => Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase)),
        "isidentifier" => Value::Bool(
            s.chars().next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && s.chars().all(|c| c == '_' || c.is_alphanumeric()),
        ),
        "istitle" | "title" => {
            let mut out = String::new();
            let mut prev_alpha = false;
            for c in s.chars() {
                if c.is_alphabetic() {
                    if prev_alpha {
                        out.extend(c.to_lowercase());
                    } else {
                        out.extend(c.to_uppercase());
                    }
                    prev_alpha = true;
                } else {
                    out.push(c);
                    prev_alpha = false;
                }
            }
            if name == "istitle" {
                Value::Bool(out == **s && s.chars().any(char::is_alphabetic))
            } else {
                sv(out)
            }
        }
        "capitalize" => {
            let mut cs = s.chars();
            let out = match cs.next() {
                Some(f) => f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect(),
                None => String::new(),
            };
            sv(out)
        }
        "swapcase" => sv(s
            .chars()
            .flat_map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<Vec<_>>()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect()),
        "center" | "ljust" | "rjust" | "zfill" => {
            let width = match args.first() {
                Some(v) => int_arg(i, v, "")?,
                None => {
                    return Err(i.exc("TypeError", format!("{name}() takes at least 1 argument (0 given)")));
                }
            };
            if width > MAX_STR as i128 {
                return Err(i.exc("MemoryError", ""));
            }
            let fill = match args.get(1) {
                Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
                Some(_) => {
                    return Err(i.exc("TypeError", "The fill character must be exactly one character long"));
                }
                None => ' ',
            };
            let len = s.chars().count() as i128;
            if width <= len {
                return Ok(Value::Str(s.clone()));
            }
            let n = (width - len) as usize;
            let f = |k: usize| fill.to_string().repeat(k);
            sv(match name {
                "ljust" => format!("{s}{}", f(n)),
                "rjust" => format!("{}{s}", f(n)),
                "zfill" => {
                    let (sign, rest) = match s.chars().next() {
                        Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                        _ => (String::new(), &s[..]),
                    };
                    format!("{sign}{}{rest}", "0".repeat(n))
                }
                _ => {
                    let left = n / 2 + (n & width as usize & 1);
                    format!("{}{s}{}", f(left), f(n - left))
                }
            })
        }
        "partition" | "rpartition" => {
            let sep = str_arg(i, args.first(), name)?;
            if sep.is_empty() {
                return Err(i.exc("ValueError", "empty separator"));
            }
            let pos = if name == "partition" {
                s.find(&*sep)
            } else {
                s.rfind(&*sep)
            };
            match pos {
                Some(p) => Value::tuple(vec![
                    sv(s[..p].into()),
                    Value::Str(sep.clone()),
                    sv(s[p + sep.len()..].into()),
                ]),
                None => {
                    if name == "partition" {
                        Value::tuple(vec![Value::Str(s.clone()), Value::str(""), Value::str("")])
                    } else {
                        Value::tuple(vec![Value::str(""), Value::str(""), Value::Str(s.clone())])
                    }
                }
            }
        }
        "removeprefix" => {
            let p = str_arg(i, args.first(), name)?;
            sv(s.strip_prefix(&*p).unwrap_or(s).to_string())
        }
        "removesuffix" => {
            let p = str_arg(i, args.first(), name)?;
            sv(s.strip_suffix(&*p).unwrap_or(s).to_string())
        }
        "expandtabs" => sv(s.replace('\t', "        ")),
        _ => {
            return Err(i.exc("AttributeError", format!("'str' object has no attribute '{name}'")));
        }
    })
}

fn bytes_method(i: &mut Interp, b: &Arc<[u8]>, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let bv = |x: Vec<u8>| Value::Bytes(Arc::from(x));
    let barg = |i: &mut Interp, v: Option<&Value>| -> R<Arc<[u8]>> {
        match v {
            Some(Value::Bytes(x)) => Ok(x.clone()),
            Some(other) => {
                let tn = i.type_name(other);
                Err(i.exc("TypeError", format!("a bytes-like object is required, not '{tn}'")))
            }
            None => Err(i.exc("TypeError", "expected an argument")),
        }
    };
    Ok(match name {
        "decode" => return decode_bytes(i, b, args.get(1).cloned().or(kwarg(&kw, "errors"))),
        "hex" => Value::str(&b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        "startswith" | "endswith" => {
            let p = barg(i, args.first())?;
            Value::Bool(if name == "startswith" {
                b.starts_with(&p)
            } else {
                b.ends_with(&p)
            })
        }
        "strip" | "lstrip" | "rstrip" => {
            let mut s: &[u8] = b;
            if name != "rstrip" {
                while let Some((f, r)) = s.split_first() {
                    if f.is_ascii_whitespace() {
                        s = r
                    } else {
                        break;
                    }
                }
            }
            if name != "lstrip" {
                while let Some((l, r)) = s.split_last() {
                    if l.is_ascii_whitespace() {
                        s = r
                    } else {
                        break;
                    }
                }
            }
            bv(s.to_vec())
        }
        "upper" => bv(b.to_ascii_uppercase()),
        "lower" => bv(b.to_ascii_lowercase()),
        "isdigit" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit)),
        "isalpha" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_alphabetic)),
        "split" | "replace" | "find" | "count" | "join" => {
            // operate via latin-1 strings (byte-preserving)
            let to_s = |x: &[u8]| x.iter().map(|c| *c as char).collect::<String>();
            let from_s = |x: &str| x.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>();
            let s: Arc<str> = Arc::from(to_s(b));
            let conv = |i: &mut Interp, v: &Value| -> R<Value> {
                match v {
                    Value::Bytes(x) => Ok(Value::str(&to_s(x))),
                    Value::None => Ok(Value::None),
                    Value::Int(n) => Ok(Value::Int(*n)),
                    other => {
                        let tn = i.type_name(other);
                        Err(i.exc("TypeError", format!("a bytes-like object is required, not '{tn}'")))
                    }
                }
            };
            let mut a2 = Vec::new();
            if name == "join" {
                let items = i.collect(args.first().unwrap_or(&Value::None), h)?;
                let mut conv_items = Vec::new();
                for x in &items {
                    conv_items.push(conv(i, x)?);
                }
                a2.push(i.new_list(conv_items)?);
            } else {
                for a in &args {
                    a2.push(conv(i, a)?);
                }
            }
            let r = str_method(i, &s, name, a2, kw, h)?;
            match r {
                Value::Str(x) => bv(from_s(&x)),
                Value::Obj(id) => {
                    let items = match i.obj(id) {
                        Obj::List(l) => l.clone(),
                        _ => vec![],
                    };
                    let conv_back: Vec<Value> = items
                        .into_iter()
                        .map(|x| match x {
                            Value::Str(p) => bv(from_s(&p)),
                            o => o,
                        })
                        .collect();
                    i.new_list(conv_back)?
                }
                other => other,
            }
        }
        _ => {
            return Err(i.exc("AttributeError", format!("'bytes' object has no attribute '{name}'")));
        }
    })
}

fn list_method(i: &mut Interp, id: ObjId, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    let len = match i.obj(id) {
        Obj::List(l) => l.len(),
        _ => 0,
    };
    fn lm_(i: &mut Interp, id: ObjId) -> Option<&mut Vec<Value>> {
        match i.obj_mut(id) {
            Some(Obj::List(l)) => Some(l),
            _ => None,
        }
    }

    match name {
        "append" => {
            arg_count(i, "list.append", &args, 1, 1)?;
            if len >= crate::interp::MAX_SEQ {
                return Err(i.exc("MemoryError", ""));
            }
            i.grow(1)?;
            if let Some(l) = lm_(i, id) {
                l.extend(args);
            }
            Ok(Value::None)
        }
        "extend" => {
            arg_count(i, "list.extend", &args, 1, 1)?;
            let items = i.collect(&args[0], h)?;
            if len + items.len() > MAX_SEQ {
                return Err(i.exc("MemoryError", ""));
            }
            i.grow(items.len())?;
            if let Some(l) = lm_(i, id) {
                l.extend(items);
            }
            Ok(Value::None)
        }
        "insert" => {
            arg_count(i, "insert", &args, 2, 2)?;
            let k = int_arg(i, &args[0], "")?;
            let k = if k < 0 {
                (k + len as i128).max(0)
            } else {
                k.min(len as i128)
            } as usize;
            if len >= MAX_SEQ {
                return Err(i.exc("MemoryError", ""));
            }
            i.grow(1)?;
            let v = args[1].clone();
            if let Some(l) = lm_(i, id) {
                l.insert(k, v);
            }
            Ok(Value::None)
        }
        "pop" => {
            arg_count(i, "pop", &args, 0, 1)?;
            if len == 0 {
                return Err(i.exc("IndexError", "pop from empty list"));
            }
            let k = match args.first() {
                Some(v) => {
                    let k = int_arg(i, v, "")?;
                    let k = if k < 0 { k + len as i128 } else { k };
                    if k < 0 || k >= len as i128 {
                        return Err(i.exc("IndexError", "pop index out of range"));
                    }
                    k as usize
                }
                None => len - 1,
            };
            Ok(lm_(i, id).map(|l| l.remove(k)).unwrap_or(Value::None))
        }
        "remove" | "index" | "count" => {
            arg_count(i, name, &args, 1, 3)?;
            let items = match i.obj(id) {
                Obj::List(l) => l.clone(),
                _ => vec![],
            };
            let mut count = 0;
            for (k, x) in items.iter().enumerate() {
                if ops::eq(i, x, &args[0], h, 0)? {
                    match name {
                        "remove" => {
                            if let Some(l) = lm_(i, id)
                                && k < l.len()
                            {
                                l.remove(k);
                            }
                            return Ok(Value::None);
                        }
                        "index" => return Ok(Value::Int(k as i128)),
                        _ => count += 1,
                    }
                }
            }
            match name {
                "remove" => Err(i.exc("ValueError", "list.remove(x): x not in list")),
                "index" => {
                    let r = i.repr(&args[0], h)?;
                    Err(i.exc("ValueError", format!("{r} is not in list")))
                }
                _ => Ok(Value::Int(count)),
            }
        }
        "sort" => {
            no_kw_except(i, "sort", &kw, &["key", "reverse"])?;
            if !args.is_empty() {
                return Err(i.exc("TypeError", "sort() takes no positional arguments"));
            }
            let mut items = match i.obj(id) {
                Obj::List(l) => l.clone(),
                _ => vec![],
            };
            let rev = match kwarg(&kw, "reverse") {
                Some(v) => i.truthy(&v, h)?,
                None => false,
            };
            sort_values(i, &mut items, kwarg(&kw, "key"), rev, h)?;
            if let Some(l) = lm_(i, id) {
                *l = items;
            }
            Ok(Value::None)
        }
        "reverse" => {
            if let Some(l) = lm_(i, id) {
                l.reverse();
            }
            Ok(Value::None)
        }
        "copy" => {
            let items = match i.obj(id) {
                Obj::List(l) => l.clone(),
                _ => vec![],
            };
            i.grow(items.len())?;
            i.new_list(items)
        }
        "clear" => {
            if let Some(l) = lm_(i, id) {
                l.clear();
            }
            Ok(Value::None)
        }
        _ => Err(i.exc("AttributeError", format!("'list' object has no attribute '{name}'"))),
    }
}

fn no_kw_except(i: &mut Interp, fname: &str, kw: &Kw, allowed: &[&str]) -> R<()> {
    for (k, _) in kw {
        if !allowed.contains(&&**k) {
            return Err(i.exc(
                "TypeError",
                format!("{fname}() got an unexpected keyword argument '{k}'"),
            ));
        }
    }
    Ok(())
}

fn dict_method(i: &mut Interp, id: ObjId, name: &str, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
    fn dm_(i: &mut Interp, id: ObjId) -> Option<&mut Dict> {
        match i.obj_mut(id) {
            Some(Obj::Dict(d)) => Some(d),
            _ => None,
        }
    }
    match name {
        "get" => {
            arg_count(i, "get", &args, 1, 2)?;
            let k = i.hkey(&args[0])?;
            let v = match i.obj(id) {
                Obj::Dict(d) => d.get(&k).cloned(),
                _ => None,
            };
            Ok(v.unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)))
        }
        "keys" => Ok(Value::Obj(i.alloc(Obj::DictView(id, 0))?)),
        "values" => Ok(Value::Obj(i.alloc(Obj::DictView(id, 1))?)),
        "items" => Ok(Value::Obj(i.alloc(Obj::DictView(id, 2))?)),
        "pop" => {
            arg_count(i, "pop", &args, 1, 2)?;
            let k = i.hkey(&args[0])?;
            match dm_(i, id).and_then(|d| d.remove(&k)) {
                Some((_, v)) => Ok(v),
                None => match args.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(i.exc_value("KeyError", args[0].clone())),
                },
            }
        }
        "popitem" => match dm_(i, id).and_then(|d| d.pop_last()) {
            Some((k, v)) => Ok(Value::tuple(vec![k, v])),
            None => Err(i.exc("KeyError", "popitem(): dictionary is empty")),
        },
        "setdefault" => {
            arg_count(i, "setdefault", &args, 1, 2)?;
            let k = i.hkey(&args[0])?;
            let existing = match i.obj(id) {
                Obj::Dict(d) => d.get(&k).cloned(),
                _ => None,
            };
            if let Some(v) = existing {
                return Ok(v);
            }
            let v = args.get(1).cloned().unwrap_or(Value::None);
            i.grow(2)?;
            if let Some(d) = dm_(i, id) {
                d.insert(k, args[0].clone(), v.clone());
            }
            Ok(v)
        }
        "update" => {
            arg_count(i, "update", &args, 0, 1)?;
            let mut pairs = match args.first() {
                Some(v) => mapping_items(i, v, h)?,
                None => vec![],
            };
            pairs.extend(kw.into_iter().map(|(k, v)| (Value::Str(k), v)));
            let mut keyed = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                keyed.push((i.hkey(&k)?, k, v));
            }
            i.grow(keyed.len() * 2)?;
            if let Some(d) = dm_(i, id) {
                for (hk, k, v) in keyed {
                    d.insert(hk, k, v);
                }
            }
            Ok(Value::None)
        }
        "copy" => {
            let d = match i.obj(id) {
                Obj::Dict(d) => d.clone(),
                _ => Dict::new(),
            };
            i.grow(d.len() * 2)?;
            i.new_dict(d)
        }
        "clear" => {
            if let Some(d) = dm_(i, id) {
                d.clear();
            }
            Ok(Value::None)
        }
        _ => Err(i.exc("AttributeError", format!("'dict' object has no attribute '{name}'"))),
    }
}

fn set_method(i: &mut Interp, id: ObjId, name: &str, args: Vec<Value>, h: &mut dyn PyHost) -> R<Value> {
    fn sm_(i: &mut Interp, id: ObjId) -> Option<&mut Dict> {
        match i.obj_mut(id) {
            Some(Obj::Set(d)) => Some(d),
            _ => None,
        }
    }
    match name {
        "add" => {
            arg_count(i, "set.add", &args, 1, 1)?;
            let k = i.hkey(&args[0])?;
            i.grow(1)?;
            if let Some(d) = sm_(i, id) {
                d.insert(k, args[0].clone(), Value::None);
            }
            Ok(Value::None)
        }
        "remove" | "discard" => {
            arg_count(i, name, &args, 1, 1)?;
            let k = i.hkey(&args[0])?;
            let removed = sm_(i, id).and_then(|d| d.remove(&k)).is_some();
            if !removed && name == "remove" {
                return Err(i.exc_value("KeyError", args[0].clone()));
            }
            Ok(Value::None)
        }
        "pop" => match sm_(i, id).and_then(|d| d.pop_last()) {
            Some((k, _)) => Ok(k),
            None => Err(i.exc("KeyError", "pop from an empty set")),
        },
        "clear" => {
            if let Some(d) = sm_(i, id) {
                d.clear();
            }
            Ok(Value::None)
        }
        "copy" => {
            let d = match i.obj(id) {
                Obj::Set(d) => d.clone(),
                _ => Dict::new(),
            };
            Ok(Value::Obj(i.alloc(Obj::Set(d))?))
        }
        "update" => {
            for a in &args {
                let items = i.collect(a, h)?;
                let mut keyed = Vec::new();
                for x in items {
                    keyed.push((i.hkey(&x)?, x));
                }
                i.grow(keyed.len())?;
                if let Some(d) = sm_(i, id) {
                    for (k, x) in keyed {
                        d.insert(k, x, Value::None);
                    }
                }
            }
            Ok(Value::None)
        }
        "union" | "intersection" | "difference" | "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint" => {
            arg_count(i, name, &args, 1, 1)?;
            let items = i.collect(&args[0], h)?;
            let mut other = Dict::new();
            for x in items {
                let k = i.hkey(&x)?;
                other.insert(k, x, Value::None);
            }
            let other_v = Value::Obj(i.alloc(Obj::Set(other))?);
            let me = Value::Obj(id);
            let op = match name {
                "union" => crate::ast::BinOp::BitOr,
                "intersection" => crate::ast::BinOp::BitAnd,
                "difference" => crate::ast::BinOp::Sub,
                "symmetric_difference" => crate::ast::BinOp::BitXor,
                "issubset" => {
                    return Ok(Value::Bool(i.compare(crate::ast::CmpOp::Le, &me, &other_v, h)?));
                }
                "issuperset" => {
                    return Ok(Value::Bool(i.compare(crate::ast::CmpOp::Ge, &me, &other_v, h)?));
                }
                _ => {
                    let inter = i.binop(crate::ast::BinOp::BitAnd, &me, &other_v, h)?;
                    return Ok(Value::Bool(!i.truthy(&inter, h)?));
                }
            };
            i.binop(op, &me, &other_v, h)
        }
        _ => Err(i.exc("AttributeError", format!("'set' object has no attribute '{name}'"))),
    }
}

/// Call method `name` on a builtin-typed receiver (or a native instance).
#[inline(never)]
pub fn call_method_value(
    i: &mut Interp,
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    kw: Kw,
    h: &mut dyn PyHost,
) -> R<Value> {
    match recv {
        Value::Str(s) => str_method(i, s, name, args, kw, h),
        Value::Bytes(b) => bytes_method(i, b, name, args, kw, h),
        Value::Tuple(t) => {
            let l = i.new_list(t.to_vec())?;
            let Value::Obj(id) = l else {
                return Ok(Value::None);
            };
            list_method(i, id, name, args, kw, h)
        }
        Value::Range(..) => {
            let items = i.collect(recv, h)?;
            let l = i.new_list(items)?;
            let Value::Obj(id) = l else {
                return Ok(Value::None);
            };
            list_method(i, id, name, args, kw, h)
        }
        Value::Int(n) => match name {
            "bit_length" => Ok(Value::Int(128 - n.unsigned_abs().leading_zeros() as i128)),
            "conjugate" => Ok(Value::Int(*n)),
            _ => Err(i.exc("AttributeError", format!("'int' object has no attribute '{name}'"))),
        },
        Value::Bool(b) => call_method_value(i, &Value::Int(*b as i128), name, args, kw, h),
        Value::Float(f) => match name {
            "is_integer" => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
            _ => Ok(Value::Float(*f)),
        },
        Value::Type(t) => {
            // unbound method use: str.upper("x"), dict.fromkeys(...)
            if *t == TypeKind::Dict && name == "fromkeys" {
                arg_count(i, "fromkeys", &args, 1, 2)?;
                let keys = i.collect(&args[0], h)?;
                let v = args.get(1).cloned().unwrap_or(Value::None);
                let mut d = Dict::new();
                for k in keys {
                    let hk = i.hkey(&k)?;
                    d.insert(hk, k, v.clone());
                }
                return i.new_dict(d);
            }
            let Some((first, rest)) = args.split_first() else {
                return Err(i.exc(
                    "TypeError",
                    format!("unbound method {}.{name}() needs an argument", t.name()),
                ));
            };
            call_method_value(i, first, name, rest.to_vec(), kw, h)
        }
        Value::Obj(id) => {
            let id = *id;
            match i.obj(id) {
                Obj::List(_) => list_method(i, id, name, args, kw, h),
                Obj::Dict(_) => dict_method(i, id, name, args, kw, h),
                Obj::Set(_) => set_method(i, id, name, args, h),
                Obj::File(_) => match file_method(i, id, name, args, h)? {
                    Some(v) => Ok(v),
                    None => Err(i.exc(
                        "AttributeError",
                        format!("'_io.TextIOWrapper' object has no attribute '{name}'"),
                    )),
                },
                Obj::Iter(_) => match name {
                    "__next__" => match i.next(id, h)? {
                        Some(v) => Ok(v),
                        None => Err(i.exc("StopIteration", "")),
                    },
                    _ => Ok(recv.clone()),
                },
                Obj::Property(g, _) if name == "setter" => {
                    let g = g.clone();
                    let s = args.first().cloned();
                    Ok(Value::Obj(i.alloc(Obj::Property(g, s))?))
                }
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    match native_class_of(i, cls) {
                        Some(nc) => native_method(i, nc, recv, name, args, kw, h),
                        None => Err(i.exc("AttributeError", format!("object has no attribute '{name}'"))),
                    }
                }
                Obj::Class(c) => {
                    // unbound native method called on the class: Base.method(self, ...)
                    let native = c.native;
                    match (native, args.split_first()) {
                        (Some(nc @ (NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta)), _) => {
                            native_method(i, nc, recv, name, args, kw, h)
                        }
                        (Some(nc), Some((first, rest))) => native_method(i, nc, first, name, rest.to_vec(), kw, h),
                        _ => Err(i.exc("TypeError", format!("{name}() needs an instance"))),
                    }
                }
                _ => Err(i.exc("AttributeError", format!("object has no attribute '{name}'"))),
            }
        }
        _ => {
            let tn = i.type_name(recv);
            Err(i.exc("AttributeError", format!("'{tn}' object has no attribute '{name}'")))
        }
    }
}

pub fn native_class_of(i: &Interp, cls: ObjId) -> Option<NativeClass> {
    let Obj::Class(c) = i.obj(cls) else {
        return None;
    };
    c.mro.iter().find_map(|m| match i.obj(*m) {
        Obj::Class(mc) => mc.native,
        _ => None,
    })
}

// ----- native classes (library objects) -----

pub fn native_has_method(nc: NativeClass, name: &str) -> bool {
    match nc {
        NativeClass::Exception(_) => matches!(name, "with_traceback" | "add_note"),
        NativeClass::BaseHandler | NativeClass::SimpleHandler => crate::http::handler_has_method(nc, name),
        NativeClass::HttpServer => crate::http::server_has_method(name),
        NativeClass::Flask => crate::flask::app_has_method(name),
        NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta => {
            crate::modules::datetime_has_method(nc, name)
        }
        NativeClass::FlaskRequest => matches!(name, "get_json" | "get_data"),
        NativeClass::FlaskResponse => false,
    }
}

fn native_method(
    i: &mut Interp,
    nc: NativeClass,
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    kw: Kw,
    h: &mut dyn PyHost,
) -> R<Value> {
    match nc {
        NativeClass::Exception(_) => Ok(recv.clone()),
        NativeClass::BaseHandler | NativeClass::SimpleHandler => {
            crate::http::handler_method(i, recv, name, args, kw, h)
        }
        NativeClass::HttpServer => crate::http::server_method(i, recv, name, args, kw, h),
        NativeClass::Flask => crate::flask::app_method(i, recv, name, args, kw, h),
        NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta => {
            crate::modules::datetime_method(i, nc, recv, name, args, kw, h)
        }
        NativeClass::FlaskRequest => Ok(crate::flask::request_attr(i, name, h)?.unwrap_or(Value::None)),
        NativeClass::FlaskResponse => Ok(Value::None),
    }
}

pub fn native_new(
    i: &mut Interp,
    nc: NativeClass,
    _cls: ObjId,
    args: &[Value],
    kw: &Kw,
    h: &mut dyn PyHost,
) -> R<NativeData> {
    match nc {
        NativeClass::HttpServer => crate::http::server_new(i, args, h),
        NativeClass::Flask => crate::flask::app_new(i, args, kw),
        NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta => {
            crate::modules::datetime_new(i, nc, args, kw)
        }
        _ => Ok(NativeData::None),
    }
}

pub fn native_init(
    i: &mut Interp,
    nc: NativeClass,
    inst: &Value,
    args: Vec<Value>,
    _kw: Kw,
    _h: &mut dyn PyHost,
) -> R<()> {
    if let NativeClass::BaseHandler | NativeClass::SimpleHandler = nc
        && !args.is_empty()
    {
        return Err(i.exc(
            "NotImplementedError",
            "creating request handlers directly is not supported by the Dockyard Python simulator",
        ));
    }
    let _ = inst;
    Ok(())
}

pub fn native_attr(i: &mut Interp, v: &Value, name: &str, h: &mut dyn PyHost) -> R<Option<Value>> {
    let Some(cls) = i.class_of(v) else {
        return Ok(None);
    };
    match native_class_of(i, cls) {
        Some(NativeClass::BaseHandler | NativeClass::SimpleHandler) => crate::http::handler_attr(i, v, name),
        Some(NativeClass::HttpServer) => crate::http::server_attr(i, v, name),
        Some(NativeClass::Flask) => crate::flask::app_attr(i, v, name),
        Some(nc @ (NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta)) => {
            crate::modules::datetime_attr(i, nc, v, name, h)
        }
        Some(NativeClass::FlaskRequest) => crate::flask::request_attr(i, name, h),
        Some(NativeClass::FlaskResponse) => crate::flask::response_attr(i, v, name),
        _ => Ok(None),
    }
}

fn native_getitem(i: &mut Interp, o: &Value, idx: &Value, h: &mut dyn PyHost) -> R<Option<Value>> {
    let _ = (i, o, idx, h);
    Ok(None)
}

pub fn native_repr(i: &mut Interp, v: &Value, nd: &NativeData, h: &mut dyn PyHost) -> R<Option<String>> {
    match nd {
        NativeData::Datetime(..) | NativeData::Timedelta(_) => crate::modules::datetime_repr(i, v, nd, h, true),
        _ => Ok(None),
    }
}

pub fn native_str(i: &mut Interp, v: &Value, nd: &NativeData, h: &mut dyn PyHost) -> R<Option<String>> {
    match nd {
        NativeData::Datetime(..) | NativeData::Timedelta(_) => crate::modules::datetime_repr(i, v, nd, h, false),
        _ => Ok(None),
    }
}

pub fn native_format(i: &mut Interp, v: &Value, spec: &str, h: &mut dyn PyHost) -> R<Option<String>> {
    let nd = match v {
        Value::Obj(id) => match i.obj(*id) {
            Obj::Instance(inst) => inst.native.clone(),
            _ => NativeData::None,
        },
        _ => NativeData::None,
    };
    match nd {
        NativeData::Datetime(..) if !spec.is_empty() => {
            let r = crate::modules::datetime_method(
                i,
                NativeClass::Datetime,
                v,
                "strftime",
                vec![Value::str(spec)],
                Vec::new(),
                h,
            )?;
            Ok(Some(i.str_of(&r, h)?))
        }
        _ => Ok(None),
    }
}
