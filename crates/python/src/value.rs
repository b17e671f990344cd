//! Runtime values: immutable scalars inline, mutable objects in an arena
//! (`Heap`) addressed by index, so cloning the interpreter is a deep snapshot.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ast::FuncDef;

pub type ObjId = u32;

/// Builtin (non-class) types, usable as callables and in `isinstance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKind {
    Int,
    Float,
    Str,
    Bool,
    List,
    Tuple,
    Dict,
    Set,
    Bytes,
    NoneType,
    Object,
    Type,
    Range,
    Function,
    BuiltinFunction,
}

impl TypeKind {
    pub fn name(self) -> &'static str {
        match self {
            TypeKind::Int => "int",
            TypeKind::Float => "float",
            TypeKind::Str => "str",
            TypeKind::Bool => "bool",
            TypeKind::List => "list",
            TypeKind::Tuple => "tuple",
            TypeKind::Dict => "dict",
            TypeKind::Set => "set",
            TypeKind::Bytes => "bytes",
            TypeKind::NoneType => "NoneType",
            TypeKind::Object => "object",
            TypeKind::Type => "type",
            TypeKind::Range => "range",
            TypeKind::Function => "function",
            TypeKind::BuiltinFunction => "builtin_function_or_method",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<TupleData>),
    Range(i128, i128, i128),
    Ellipsis,
    Type(TypeKind),
    /// A builtin function, by qualified name (e.g. `print`, `os.getenv`).
    Builtin(&'static str),
    Obj(ObjId),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(TupleData(items)))
    }
}

/// Items of a tuple. Dropping deeply nested tuples is iterative (no stack
/// overflow on `t = (t,)` repeated many times).
#[derive(Debug, Default)]
pub struct TupleData(Vec<Value>);

impl std::ops::Deref for TupleData {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        &self.0
    }
}

impl Drop for TupleData {
    fn drop(&mut self) {
        let mut stack: Vec<Vec<Value>> = vec![std::mem::take(&mut self.0)];
        while let Some(items) = stack.pop() {
            for v in items {
                if let Value::Tuple(t) = v
                    && let Ok(mut inner) = Arc::try_unwrap(t)
                {
                    stack.push(std::mem::take(&mut inner.0));
                }
            }
        }
    }
}

/// Key used to index dicts and sets (Python equality classes of hashables).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HKey {
    None,
    Int(i128),
    Float(u64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Vec<HKey>),
    Range(i128, i128, i128),
    Ellipsis,
    Type(TypeKind),
    Builtin(&'static str),
    Id(ObjId),
}

/// Insertion-ordered hash map keyed by [`HKey`].
#[derive(Clone, Debug, Default)]
pub struct Dict {
    entries: Vec<Option<(Value, Value)>>,
    index: BTreeMap<HKey, usize>,
}

impl Dict {
    pub fn new() -> Self {
        Dict::default()
    }
    pub fn len(&self) -> usize {
        self.index.len()
    }
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
    pub fn get(&self, k: &HKey) -> Option<&Value> {
        self.index
            .get(k)
            .and_then(|&i| self.entries[i].as_ref())
            .map(|(_, v)| v)
    }
    pub fn contains(&self, k: &HKey) -> bool {
        self.index.contains_key(k)
    }
    pub fn insert(&mut self, hk: HKey, key: Value, val: Value) {
        if let Some(&i) = self.index.get(&hk)
            && let Some(e) = self.entries[i].as_mut()
        {
            e.1 = val;
            return;
        }
        self.entries.push(Some((key, val)));
        self.index.insert(hk, self.entries.len() - 1);
    }
    pub fn remove(&mut self, k: &HKey) -> Option<(Value, Value)> {
        let i = self.index.remove(k)?;
        let r = self.entries[i].take();
        if self.entries.len() > 32 && self.index.len() * 2 < self.entries.len() {
            self.compact();
        }
        r
    }
    fn compact(&mut self) {
        let old = std::mem::take(&mut self.entries);
        let mut pos: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, e) in old.into_iter().enumerate() {
            if let Some(e) = e {
                pos.insert(i, self.entries.len());
                self.entries.push(Some(e));
            }
        }
        for v in self.index.values_mut() {
            if let Some(n) = pos.get(v) {
                *v = *n;
            }
        }
    }
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().filter_map(|e| e.as_ref().map(|(k, v)| (k, v)))
    }
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }
    /// Entry at a raw slot index (for iteration that tolerates removal).
    pub fn slot(&self, i: usize) -> Option<Option<&(Value, Value)>> {
        self.entries.get(i).map(|e| e.as_ref())
    }
    /// Keys in the order CPython iterates a set: small non-negative ints
    /// come out ascending (their hash is their value); otherwise insertion order.
    pub fn set_order(&self) -> Vec<Value> {
        let keys = self.keys();
        let small_ints = keys
            .iter()
            .all(|k| matches!(k, Value::Int(n) if (0..1 << 16).contains(n)) || matches!(k, Value::Bool(_)));
        if small_ints {
            let mut ks = keys;
            ks.sort_by_key(|k| match k {
                Value::Int(n) => *n,
                Value::Bool(b) => *b as i128,
                _ => 0,
            });
            return ks;
        }
        keys
    }

    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        while let Some(e) = self.entries.pop() {
            if let Some((k, v)) = e {
                self.index.retain(|_, i| *i != self.entries.len());
                return Some((k, v));
            }
        }
        None
    }
}

/// Source text of a module or input, for traceback lines.
#[derive(Debug)]
pub struct Source {
    pub filename: Arc<str>,
    pub lines: Vec<String>,
    /// `<stdin>` and `<string>` do not show source lines in tracebacks.
    pub show: bool,
}

impl Source {
    pub fn new(filename: &str, text: &str, show: bool) -> Arc<Source> {
        Arc::new(Source {
            filename: Arc::from(filename),
            lines: text.split('\n').map(|l| l.trim_end_matches('\r').to_string()).collect(),
            show,
        })
    }
    pub fn line(&self, n: u32) -> Option<&str> {
        if !self.show || n == 0 {
            return None;
        }
        self.lines.get(n as usize - 1).map(|s| s.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Func {
    pub def: Arc<FuncDef>,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<Option<Value>>,
    pub globals: ObjId,
    pub closure: Option<ObjId>,
    pub source: Arc<Source>,
    pub module: Arc<str>,
    pub qualname: Arc<str>,
    /// Class whose body defined this function (for zero-argument `super()`).
    pub class: Option<ObjId>,
}

/// Classes provided by the simulator's library modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NativeClass {
    /// A builtin exception class, by name.
    Exception(&'static str),
    BaseHandler,
    SimpleHandler,
    HttpServer,
    Flask,
    FlaskRequest,
    FlaskResponse,
    Datetime,
    Date,
    Timedelta,
}

#[derive(Clone, Debug)]
pub struct Class {
    pub name: Arc<str>,
    pub module: Arc<str>,
    pub bases: Vec<ObjId>,
    pub mro: Vec<ObjId>,
    pub attrs: BTreeMap<Arc<str>, Value>,
    pub native: Option<NativeClass>,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub class: ObjId,
    pub attrs: BTreeMap<Arc<str>, Value>,
    pub native: NativeData,
}

/// Hidden state of instances of native classes.
#[derive(Clone, Debug, Default)]
pub enum NativeData {
    #[default]
    None,
    Handler(Box<crate::http::HandlerState>),
    Server(Box<crate::http::ServerSpec>),
    Flask(Box<crate::flask::FlaskState>),
    Response(Box<crate::flask::FlaskResponse>),
    Datetime(i64, u32),
    Timedelta(f64),
}

#[derive(Clone, Debug)]
pub struct Env {
    pub vars: BTreeMap<Arc<str>, Value>,
    pub parent: Option<ObjId>,
}

#[derive(Clone, Debug)]
pub struct Module {
    pub name: Arc<str>,
    pub env: ObjId,
    /// Where the module "lives" (for repr): `None` for built-in modules.
    pub file: Option<Arc<str>>,
}

#[derive(Clone, Debug)]
pub enum IterKind {
    /// Index-based iteration over a live list/tuple/str/bytes.
    Seq(Value, usize),
    Range(i128, i128, i128),
    /// Precomputed items.
    Items(Vec<Value>, usize),
    DictKeys(ObjId, usize, usize),
    Enumerate(ObjId, i128),
    Zip(Vec<ObjId>),
    Map(Value, Vec<ObjId>),
    Filter(Value, ObjId),
}

#[derive(Clone, Debug)]
pub struct FileObj {
    pub path: Arc<str>,
    pub name: Value,
    pub readable: bool,
    pub writable: bool,
    pub binary: bool,
    pub data: Vec<u8>,
    pub pos: usize,
    pub pending: Vec<u8>,
    pub closed: bool,
    /// Special streams: 0 none, 1 stdout, 2 stderr, 3 stdin, 4 handler wfile, 5 handler rfile.
    pub stream: u8,
    /// For handler streams: the handler instance.
    pub owner: Option<ObjId>,
}

#[derive(Clone, Debug)]
pub enum Obj {
    Free,
    List(Vec<Value>),
    Dict(Dict),
    Set(Dict),
    Env(Env),
    Func(Func),
    Class(Class),
    Instance(Instance),
    Module(Module),
    /// A bound user method.
    Method(Value, Value),
    /// A bound method of a builtin type or native class (`"x".upper`).
    BuiltinMethod(Value, Arc<str>),
    StaticMethod(Value),
    ClassMethod(Value),
    Property(Value, Option<Value>),
    Iter(IterKind),
    File(FileObj),
    /// `super()` proxy: (class after which to look, instance).
    Super(ObjId, Value),
    /// dict views: kind 0 keys, 1 values, 2 items.
    DictView(ObjId, u8),
}

impl Obj {
    /// Values directly referenced by this object (for the collector).
    pub fn children(&self, out: &mut Vec<Value>) {
        match self {
            Obj::Free => {}
            Obj::List(v) => out.extend(v.iter().cloned()),
            Obj::Dict(d) | Obj::Set(d) => {
                for (k, v) in d.iter() {
                    out.push(k.clone());
                    out.push(v.clone());
                }
            }
            Obj::Env(e) => {
                out.extend(e.vars.values().cloned());
                if let Some(p) = e.parent {
                    out.push(Value::Obj(p));
                }
            }
            Obj::Func(f) => {
                out.extend(f.defaults.iter().cloned());
                out.extend(f.kwdefaults.iter().flatten().cloned());
                out.push(Value::Obj(f.globals));
                if let Some(c) = f.closure {
                    out.push(Value::Obj(c));
                }
                if let Some(c) = f.class {
                    out.push(Value::Obj(c));
                }
            }
            Obj::Class(c) => {
                out.extend(c.bases.iter().map(|b| Value::Obj(*b)));
                out.extend(c.attrs.values().cloned());
            }
            Obj::Instance(i) => {
                out.push(Value::Obj(i.class));
                out.extend(i.attrs.values().cloned());
                match &i.native {
                    NativeData::Handler(h) => h.children(out),
                    NativeData::Server(s) => s.children(out),
                    NativeData::Flask(f) => f.children(out),
                    _ => {}
                }
            }
            Obj::Module(m) => out.push(Value::Obj(m.env)),
            Obj::Method(a, b) => {
                out.push(a.clone());
                out.push(b.clone());
            }
            Obj::BuiltinMethod(a, _) | Obj::StaticMethod(a) | Obj::ClassMethod(a) => out.push(a.clone()),
            Obj::Property(a, b) => {
                out.push(a.clone());
                if let Some(b) = b {
                    out.push(b.clone());
                }
            }
            Obj::Iter(k) => match k {
                IterKind::Seq(v, _) => out.push(v.clone()),
                IterKind::Items(v, _) => out.extend(v.iter().cloned()),
                IterKind::DictKeys(d, _, _) => out.push(Value::Obj(*d)),
                IterKind::Enumerate(i, _) => out.push(Value::Obj(*i)),
                IterKind::Zip(v) => out.extend(v.iter().map(|i| Value::Obj(*i))),
                IterKind::Map(f, v) => {
                    out.push(f.clone());
                    out.extend(v.iter().map(|i| Value::Obj(*i)));
                }
                IterKind::Filter(f, i) => {
                    out.push(f.clone());
                    out.push(Value::Obj(*i));
                }
                IterKind::Range(..) => {}
            },
            Obj::File(f) => {
                out.push(f.name.clone());
                if let Some(o) = f.owner {
                    out.push(Value::Obj(o));
                }
            }
            Obj::Super(c, v) => {
                out.push(Value::Obj(*c));
                out.push(v.clone());
            }
            Obj::DictView(d, _) => out.push(Value::Obj(*d)),
        }
    }

    /// Rough size in "cells" (for the memory limit).
    pub fn cells(&self) -> usize {
        match self {
            Obj::List(v) => v.len() + 1,
            Obj::Dict(d) | Obj::Set(d) => 2 * d.len() + 1,
            Obj::Env(e) => e.vars.len() + 1,
            Obj::Iter(IterKind::Items(v, _)) => v.len() + 1,
            Obj::File(f) => (f.data.len() + f.pending.len()) / 32 + 1,
            _ => 2,
        }
    }
}
