//! The tree-walking evaluator: scopes, statements, expressions, calls,
//! attributes, operators, iteration, exceptions and resource limits.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ast::*;
use crate::host::PyHost;
use crate::value::*;

pub type R<T> = Result<T, Flow>;
pub type Kw = Vec<(Arc<str>, Value)>;

/// Rust-recursion units (expressions, statements, calls) allowed at once.
pub const REC_LIMIT: u32 = 20_000;
/// Bytes of machine stack the evaluator may use below its entry point before
/// raising RecursionError (keeps deep recursion safe on 1 MiB wasm stacks).
pub const STACK_BUDGET: usize = 448 * 1024;

#[inline(never)]
pub(crate) fn stack_addr() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}
/// Python-level recursion limit (as `sys.getrecursionlimit()`).
pub const CALL_LIMIT: u32 = 1000;
/// Longest str/bytes (bytes) and list (items) the simulator will build.
pub const MAX_STR: usize = 4 << 20;
pub const MAX_SEQ: usize = 1 << 20;
/// Total live "cells" (roughly values) before MemoryError.
pub const MAX_CELLS: usize = 6 << 20;

/// Where an exception was raised inside one frame.
#[derive(Clone, Debug)]
pub struct Pos {
    pub span: Span,
    /// (kind, a, b): 1 = binary operator anchors (left end, right start),
    /// 2 = subscript anchors (value end, slice end); 0 = plain range;
    /// 3 = statement level (no carets).
    pub anchor: (u8, u32, u32),
}

#[derive(Clone, Debug)]
pub struct TbEntry {
    pub source: Arc<Source>,
    pub name: Arc<str>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct Exc {
    pub value: Value,
    /// Innermost frame first.
    pub tb: Vec<TbEntry>,
    pub pos: Option<Pos>,
    pub context: Option<Box<Exc>>,
    pub cause: Option<Box<Exc>>,
    pub suppress_context: bool,
}

/// Why the simulator stopped a program on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fatal {
    Budget,
    Output,
    Sleep,
}

/// Non-local control flow.
#[derive(Clone, Debug)]
pub enum Flow {
    Exc(Box<Exc>),
    Return(Value),
    Break,
    Continue,
    Fatal(Fatal),
    /// A server started (`serve_forever`, `app.run`): unwinds everything,
    /// collecting a traceback (`value` is the server object).
    Serve(Box<Exc>),
    /// `input()` in an interactive session with no typed line yet (REPL only).
    NeedInput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufMode {
    Unbuffered,
    Line,
    Block,
}

/// Ordered process output, modelling CPython's stdout buffering.
#[derive(Clone, Debug)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub pending: String,
    pub mode: BufMode,
    pub total: usize,
    pub limit: usize,
    /// Bytes written so far (before suppression).
    pub emitted: usize,
    /// Bytes still to drop (see `unsuppressed`).
    pub suppress: usize,
}

impl Output {
    pub fn new(mode: BufMode, limit: usize) -> Self {
        Output {
            chunks: Vec::new(),
            pending: String::new(),
            mode,
            total: 0,
            limit,
            emitted: 0,
            suppress: 0,
        }
    }
    fn push(&mut self, s: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((ls, lt)) if *ls == s => lt.push_str(text),
            _ => self.chunks.push((s, text.to_string())),
        }
    }
    pub fn stdout(&mut self, text: &str) {
        let Some(text) = self.unsuppressed(text) else {
            return;
        };
        let text = text.as_str();
        self.total += text.len();
        match self.mode {
            BufMode::Unbuffered => self.push(Stream::Stdout, text),
            BufMode::Line => {
                self.pending.push_str(text);
                if let Some(i) = self.pending.rfind('\n') {
                    let rest = self.pending.split_off(i + 1);
                    let out = std::mem::replace(&mut self.pending, rest);
                    self.push(Stream::Stdout, &out);
                }
            }
            BufMode::Block => {
                self.pending.push_str(text);
                if self.pending.len() >= 8192 {
                    self.flush();
                }
            }
        }
    }
    pub fn stderr(&mut self, text: &str) {
        let Some(text) = self.unsuppressed(text) else {
            return;
        };
        let text = text.as_str();
        self.total += text.len();
        self.push(Stream::Stderr, text);
    }
    /// Drop the first `suppress` bytes written (output already shown before
    /// a REPL input replay).
    fn unsuppressed(&mut self, text: &str) -> Option<String> {
        self.emitted += text.len();
        if self.suppress == 0 {
            return Some(text.to_string());
        }
        if text.len() <= self.suppress {
            self.suppress -= text.len();
            return None;
        }
        let mut cut = self.suppress;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        self.suppress = 0;
        Some(text[cut..].to_string())
    }

    pub fn flush(&mut self) {
        let p = std::mem::take(&mut self.pending);
        self.push(Stream::Stdout, &p);
    }
    pub fn take(&mut self) -> Vec<(Stream, String)> {
        std::mem::take(&mut self.chunks)
    }
    pub fn over_limit(&self) -> bool {
        self.total > self.limit
    }
}

/// Static configuration of one simulated process.
#[derive(Clone, Debug)]
pub struct Config {
    pub version: String,
    pub minor: u32,
    pub sys_version: String,
    pub packages: Vec<(String, String)>,
    pub budget: u64,
    pub max_sleep: f64,
    pub argv: Vec<String>,
    pub container_ip: String,
    pub script_dir: String,
    pub main_file: Option<String>,
    /// stdout is a terminal (click strips colours otherwise).
    pub tty: bool,
    /// stdin is a terminal: `input()` waits for a typed line.
    pub interactive: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Comp,
}

#[derive(Clone, Debug)]
pub struct Frame {
    pub kind: ScopeKind,
    pub locals: ObjId,
    pub globals: ObjId,
    pub def: Option<Arc<FuncDef>>,
    pub source: Arc<Source>,
    pub name: Arc<str>,
    pub class: Option<ObjId>,
    pub first_arg: Option<Value>,
}

#[derive(Clone)]
pub struct Interp {
    pub heap: Vec<Obj>,
    free: Vec<ObjId>,
    pub cells: usize,
    pub builtins: ObjId,
    pub modules: BTreeMap<String, ObjId>,
    pub classes: BTreeMap<&'static str, ObjId>,
    pub cfg: Config,
    pub out: Output,
    pub steps: u64,
    pub slept: f64,
    rdepth: u32,
    pub call_depth: u32,
    pub frames: Vec<Frame>,
    pub handling: Vec<Exc>,
    pub roots: Vec<Value>,
    pub main_env: ObjId,
    pub serving: Option<ObjId>,
    /// The Flask request being handled.
    pub flask_req: Option<crate::flask::ReqData>,
    /// Echo expression statements (interactive mode).
    pub echo: bool,
    /// Lines typed in answer to `input()` in the REPL (replayed).
    pub input_queue: std::collections::VecDeque<String>,
    /// Suspend (Flow::NeedInput) instead of EOF when stdin has no line.
    pub input_suspend: bool,
    /// Nesting of `repr` calls (cycle detection).
    pub repr_stack: Vec<ObjId>,
    /// Stack address at the entry point (see [`STACK_BUDGET`]).
    stack_base: usize,
    /// Collect garbage when `cells` exceeds this (module-level safe points).
    gc_threshold: usize,
    /// Module scope used if code runs without a frame.
    top_frame: Frame,
}

impl Interp {
    pub fn new(cfg: Config, out: Output) -> Interp {
        let mut i = Interp {
            heap: Vec::new(),
            free: Vec::new(),
            cells: 0,
            builtins: 0,
            modules: BTreeMap::new(),
            classes: BTreeMap::new(),
            cfg,
            out,
            steps: 0,
            slept: 0.0,
            rdepth: 0,
            call_depth: 0,
            frames: Vec::new(),
            handling: Vec::new(),
            roots: Vec::new(),
            main_env: 0,
            serving: None,
            flask_req: None,
            echo: false,
            input_queue: Default::default(),
            input_suspend: false,
            repr_stack: Vec::new(),
            stack_base: 0,
            gc_threshold: 200_000,
            top_frame: Frame {
                kind: ScopeKind::Module,
                locals: 0,
                globals: 0,
                def: None,
                source: Source::new("<unknown>", "", false),
                name: Arc::from("<module>"),
                class: None,
                first_arg: None,
            },
        };
        i.builtins = i.alloc_raw(Obj::Env(Env {
            vars: BTreeMap::new(),
            parent: None,
        }));
        crate::builtins::install(&mut i);
        i.main_env = i.alloc_raw(Obj::Env(Env {
            vars: BTreeMap::new(),
            parent: None,
        }));
        i
    }

    // ----- heap -----

    fn alloc_raw(&mut self, o: Obj) -> ObjId {
        self.cells += o.cells();
        if let Some(id) = self.free.pop() {
            self.heap[id as usize] = o;
            id
        } else {
            self.heap.push(o);
            (self.heap.len() - 1) as ObjId
        }
    }

    pub fn alloc(&mut self, o: Obj) -> R<ObjId> {
        if self.cells + o.cells() > MAX_CELLS {
            return Err(self.exc("MemoryError", ""));
        }
        Ok(self.alloc_raw(o))
    }

    pub fn grow(&mut self, n: usize) -> R<()> {
        self.cells += n;
        if self.cells > MAX_CELLS {
            return Err(self.exc("MemoryError", ""));
        }
        Ok(())
    }

    pub fn obj(&self, id: ObjId) -> &Obj {
        self.heap.get(id as usize).unwrap_or(&Obj::Free)
    }

    pub fn obj_mut(&mut self, id: ObjId) -> Option<&mut Obj> {
        self.heap.get_mut(id as usize)
    }

    pub fn new_list(&mut self, v: Vec<Value>) -> R<Value> {
        if v.len() > MAX_SEQ {
            return Err(self.exc("MemoryError", ""));
        }
        Ok(Value::Obj(self.alloc(Obj::List(v))?))
    }

    pub fn new_dict(&mut self, d: Dict) -> R<Value> {
        Ok(Value::Obj(self.alloc(Obj::Dict(d))?))
    }

    pub fn new_env(&mut self, parent: Option<ObjId>) -> R<ObjId> {
        self.alloc(Obj::Env(Env {
            vars: BTreeMap::new(),
            parent,
        }))
    }

    pub fn env_get(&self, env: ObjId, name: &str) -> Option<Value> {
        match self.obj(env) {
            Obj::Env(e) => e.vars.get(name).cloned(),
            _ => None,
        }
    }

    pub fn env_set(&mut self, env: ObjId, name: &str, v: Value) {
        if let Some(Obj::Env(e)) = self.obj_mut(env) {
            if let Some(slot) = e.vars.get_mut(name) {
                *slot = v;
            } else {
                e.vars.insert(Arc::from(name), v);
            }
        }
    }

    /// Mark-and-sweep from the given roots plus the interpreter's own roots.
    /// Only call at safe points (no Rust-held temporaries besides `roots`).
    pub fn collect_garbage(&mut self, extra: &[Value]) {
        let mut marked = vec![false; self.heap.len()];
        let mut stack: Vec<Value> = extra.to_vec();
        stack.push(Value::Obj(self.builtins));
        stack.push(Value::Obj(self.main_env));
        stack.extend(self.modules.values().map(|m| Value::Obj(*m)));
        stack.extend(self.classes.values().map(|m| Value::Obj(*m)));
        stack.extend(self.roots.iter().cloned());
        if let Some(s) = self.serving {
            stack.push(Value::Obj(s));
        }
        for f in &self.frames {
            stack.push(Value::Obj(f.locals));
            stack.push(Value::Obj(f.globals));
            if let Some(c) = f.class {
                stack.push(Value::Obj(c));
            }
            if let Some(v) = &f.first_arg {
                stack.push(v.clone());
            }
        }
        for h in &self.handling {
            exc_values(h, &mut stack);
        }
        let mut kids = Vec::new();
        while let Some(v) = stack.pop() {
            match v {
                Value::Obj(id) => {
                    let i = id as usize;
                    if i >= marked.len() || marked[i] {
                        continue;
                    }
                    marked[i] = true;
                    kids.clear();
                    self.heap[i].children(&mut kids);
                    stack.append(&mut kids);
                }
                Value::Tuple(items) => stack.extend(items.iter().cloned()),
                _ => {}
            }
        }
        let mut cells = 0;
        for (i, m) in marked.iter().enumerate() {
            if *m {
                cells += self.heap[i].cells();
            } else if !matches!(self.heap[i], Obj::Free) {
                self.heap[i] = Obj::Free;
                self.free.push(i as ObjId);
            }
        }
        self.cells = cells;
    }

    // ----- exceptions -----

    pub fn exc_class(&self, name: &str) -> ObjId {
        self.classes
            .get(name)
            .copied()
            .or_else(|| self.classes.get("Exception").copied())
            .unwrap_or(0)
    }

    pub fn make_exc(&mut self, class: ObjId, args: Vec<Value>) -> Value {
        let mut attrs = BTreeMap::new();
        attrs.insert(Arc::from("args"), Value::tuple(args));
        let id = self.alloc_raw(Obj::Instance(Instance {
            class,
            attrs,
            native: NativeData::None,
        }));
        Value::Obj(id)
    }

    #[cold]
    #[inline(never)]
    pub fn exc(&mut self, kind: &str, msg: impl Into<String>) -> Flow {
        let msg = msg.into();
        let class = self.exc_class(kind);
        let args = if msg.is_empty() { vec![] } else { vec![Value::str(&msg)] };
        let v = self.make_exc(class, args);
        self.raise_value(v)
    }

    pub fn exc_value(&mut self, kind: &str, arg: Value) -> Flow {
        let class = self.exc_class(kind);
        let v = self.make_exc(class, vec![arg]);
        self.raise_value(v)
    }

    pub fn raise_value(&mut self, v: Value) -> Flow {
        let context = self.handling.last().cloned().map(Box::new);
        Flow::Exc(Box::new(Exc {
            value: v,
            tb: Vec::new(),
            pos: None,
            context,
            cause: None,
            suppress_context: false,
        }))
    }

    pub fn os_error(&mut self, e: crate::host::FsError, path: &str) -> Flow {
        use crate::host::FsError::*;
        let (kind, errno, msg) = match e {
            NotFound => ("FileNotFoundError", 2, "No such file or directory"),
            IsADirectory => ("IsADirectoryError", 21, "Is a directory"),
            NotADirectory => ("NotADirectoryError", 20, "Not a directory"),
            PermissionDenied => ("PermissionError", 13, "Permission denied"),
            ReadOnly => ("OSError", 30, "Read-only file system"),
        };
        let class = self.exc_class(kind);
        let v = self.make_exc(class, vec![Value::Int(errno), Value::str(msg)]);
        if let Value::Obj(id) = &v
            && let Some(Obj::Instance(inst)) = self.obj_mut(*id)
        {
            inst.attrs.insert(Arc::from("errno"), Value::Int(errno));
            inst.attrs.insert(Arc::from("strerror"), Value::str(msg));
            inst.attrs.insert(Arc::from("filename"), Value::str(path));
        }
        self.raise_value(v)
    }

    /// Is `v` an instance of the exception class named `kind` (or a subclass)?
    pub fn exc_matches(&self, v: &Value, kind: &str) -> bool {
        let target = self.exc_class(kind);
        match v {
            Value::Obj(id) => match self.obj(*id) {
                Obj::Instance(inst) => self.is_subclass(inst.class, target),
                _ => false,
            },
            _ => false,
        }
    }

    pub fn is_subclass(&self, c: ObjId, target: ObjId) -> bool {
        match self.obj(c) {
            Obj::Class(cl) => cl.mro.contains(&target),
            _ => false,
        }
    }

    pub fn class_of(&self, v: &Value) -> Option<ObjId> {
        match v {
            Value::Obj(id) => match self.obj(*id) {
                Obj::Instance(i) => Some(i.class),
                _ => None,
            },
            _ => None,
        }
    }

    // ----- budget & recursion -----

    pub fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.cfg.budget {
            return Err(Flow::Fatal(Fatal::Budget));
        }
        if self.out.over_limit() {
            return Err(Flow::Fatal(Fatal::Output));
        }
        Ok(())
    }

    #[inline]
    fn enter(&mut self) -> R<()> {
        self.rdepth += 1;
        if self.rdepth > REC_LIMIT || self.stack_exhausted() {
            return Err(self.recursion_error());
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn recursion_error(&mut self) -> Flow {
        self.rdepth -= 1;
        self.exc("RecursionError", "maximum recursion depth exceeded")
    }

    /// Mark the current stack position as the evaluator's entry point.
    pub fn reset_stack_base(&mut self) {
        self.stack_base = stack_addr();
        self.rdepth = 0;
    }

    /// True when the evaluator used more than [`STACK_BUDGET`] bytes of stack.
    pub fn stack_exhausted(&mut self) -> bool {
        let a = stack_addr();
        if self.stack_base == 0 || a > self.stack_base {
            self.stack_base = a;
        }
        self.stack_base - a > STACK_BUDGET
    }

    // ----- output -----

    pub fn write_stdout(&mut self, s: &str) {
        self.out.stdout(s);
    }

    pub fn write_stderr(&mut self, s: &str) {
        self.out.stderr(s);
    }

    // ----- frames & names -----

    pub fn frame(&self) -> &Frame {
        // frames is never empty while code runs; fall back to module scope
        self.frames.last().unwrap_or(&self.top_frame)
    }

    pub fn lookup(&mut self, name: &str) -> R<Value> {
        let f = self.frame();
        let (kind, locals, globals) = (f.kind, f.locals, f.globals);
        match kind {
            ScopeKind::Module => {}
            ScopeKind::Function => {
                let def = f.def.clone();
                if let Some(def) = def {
                    if def.globals.contains(name) {
                        return self.lookup_global(globals, name);
                    }
                    if def.locals.contains(name) {
                        if let Some(v) = self.env_get(locals, name) {
                            return Ok(v);
                        }
                        let msg = if self.cfg.minor >= 11 {
                            format!("cannot access local variable '{name}' where it is not associated with a value")
                        } else {
                            format!("local variable '{name}' referenced before assignment")
                        };
                        return Err(self.exc("UnboundLocalError", msg));
                    }
                }
                let mut e = match self.obj(locals) {
                    Obj::Env(env) => env.parent,
                    _ => None,
                };
                while let Some(id) = e {
                    if let Some(v) = self.env_get(id, name) {
                        return Ok(v);
                    }
                    e = match self.obj(id) {
                        Obj::Env(env) => env.parent,
                        _ => None,
                    };
                }
                return self.lookup_global(globals, name);
            }
            ScopeKind::Class | ScopeKind::Comp => {
                let mut e = Some(locals);
                while let Some(id) = e {
                    if let Some(v) = self.env_get(id, name) {
                        return Ok(v);
                    }
                    e = match self.obj(id) {
                        Obj::Env(env) => env.parent,
                        _ => None,
                    };
                }
            }
        }
        self.lookup_global(globals, name)
    }

    #[inline(never)]
    fn lookup_global(&mut self, globals: ObjId, name: &str) -> R<Value> {
        if let Some(v) = self.env_get(globals, name) {
            return Ok(v);
        }
        if let Some(v) = self.env_get(self.builtins, name) {
            return Ok(v);
        }
        let mut msg = format!("name '{name}' is not defined");
        if self.cfg.minor >= 10
            && let Some(s) = self.suggest_name(name)
        {
            msg.push_str(&format!(". Did you mean: '{s}'?"));
        }
        let class = self.exc_class("NameError");
        let v = self.make_exc(class, vec![Value::str(&msg)]);
        if let Value::Obj(id) = &v
            && let Some(Obj::Instance(inst)) = self.obj_mut(*id)
        {
            inst.attrs.insert(Arc::from("name"), Value::str(name));
        }
        Err(self.raise_value(v))
    }

    #[inline(never)]
    fn suggest_name(&self, name: &str) -> Option<String> {
        let mut cands: Vec<Arc<str>> = Vec::new();
        let f = self.frame();
        for env in [f.locals, f.globals, self.builtins] {
            if let Obj::Env(e) = self.obj(env) {
                cands.extend(e.vars.keys().cloned());
            }
        }
        crate::builtins::best_suggestion(name, &cands)
    }

    pub fn store(&mut self, name: &str, v: Value) -> R<()> {
        let f = self.frame();
        let (kind, locals, globals) = (f.kind, f.locals, f.globals);
        if kind == ScopeKind::Function
            && let Some(def) = f.def.clone()
        {
            if def.globals.contains(name) {
                self.env_set(globals, name, v);
                return Ok(());
            }
            if def.nonlocals.contains(name) {
                let mut e = match self.obj(locals) {
                    Obj::Env(env) => env.parent,
                    _ => None,
                };
                while let Some(id) = e {
                    if self.env_get(id, name).is_some() {
                        self.env_set(id, name, v);
                        return Ok(());
                    }
                    e = match self.obj(id) {
                        Obj::Env(env) => env.parent,
                        _ => None,
                    };
                }
                return Err(self.exc("SyntaxError", format!("no binding for nonlocal '{name}' found")));
            }
        }
        self.env_set(locals, name, v);
        Ok(())
    }

    fn delete_name(&mut self, name: &str) -> R<()> {
        let f = self.frame();
        let (locals, globals, is_global) = (
            f.locals,
            f.globals,
            f.def.as_ref().is_some_and(|d| d.globals.contains(name)),
        );
        let env = if is_global { globals } else { locals };
        let removed = match self.obj_mut(env) {
            Some(Obj::Env(e)) => e.vars.remove(name).is_some(),
            _ => false,
        };
        if !removed {
            return Err(self.exc("NameError", format!("name '{name}' is not defined")));
        }
        Ok(())
    }

    // ----- statements -----

    #[inline(never)]
    pub fn exec_block(&mut self, body: &[Stmt], h: &mut dyn PyHost) -> R<()> {
        for s in body {
            self.exec_stmt(s, h)?;
        }
        Ok(())
    }

    /// Execute module-level statements, collecting garbage between them when
    /// the heap has grown (safe: only module scope is active).
    pub fn exec_module_body(&mut self, body: &[Stmt], h: &mut dyn PyHost) -> R<()> {
        for s in body {
            self.exec_stmt(s, h)?;
            self.maybe_gc();
        }
        Ok(())
    }

    /// Collect garbage if the heap grew, but only at a safe point: between
    /// statements of module-level code (no Rust-held temporaries exist there
    /// except those registered in `roots`/`handling`).
    fn maybe_gc(&mut self) {
        if self.cells > self.gc_threshold
            && self.frames.len() == 1
            && self.call_depth == 0
            && self.frames[0].kind == ScopeKind::Module
        {
            self.collect_garbage(&[]);
            self.gc_threshold = (self.cells * 2).max(200_000);
        }
    }

    fn exec_stmt(&mut self, s: &Stmt, h: &mut dyn PyHost) -> R<()> {
        self.step()?;
        self.enter()?;
        let r = self.exec_stmt_inner(s, h);
        self.rdepth -= 1;
        match r {
            Ok(()) => Ok(()),
            Err(f) => Err(stmt_err(f, s)),
        }
    }

    fn exec_stmt_inner(&mut self, s: &Stmt, h: &mut dyn PyHost) -> R<()> {
        match &s.kind {
            StmtKind::Expr(e) => {
                let v = self.eval(e, h)?;
                if self.echo && self.frames.len() == 1 {
                    self.echo_value(v, h)?;
                }
                Ok(())
            }
            StmtKind::Assign(targets, value) => self.exec_assign(targets, value, h),
            StmtKind::If(test, body, orelse) => {
                let t = self.eval(test, h)?;
                if self.truthy(&t, h)? {
                    self.exec_block(body, h)
                } else {
                    self.exec_block(orelse, h)
                }
            }
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e, h)?,
                    None => Value::None,
                };
                Err(Flow::Return(v))
            }
            StmtKind::For(target, iter, body, orelse) => self.exec_for(target, iter, body, orelse, h),
            StmtKind::While(test, body, orelse) => self.exec_while(test, body, orelse, h),
            StmtKind::Try(body, handlers, orelse, finalbody) => self.exec_try(body, handlers, orelse, finalbody, h),
            StmtKind::Break => Err(Flow::Break),
            StmtKind::Continue => Err(Flow::Continue),
            StmtKind::Pass => Ok(()),
            _ => self.exec_stmt_rare(s, h),
        }
    }

    #[inline(never)]
    fn echo_value(&mut self, v: Value, h: &mut dyn PyHost) -> R<()> {
        if !matches!(v, Value::None) {
            let r = self.repr(&v, h)?;
            self.write_stdout(&format!("{r}\n"));
            let b = self.builtins;
            self.env_set(b, "_", v);
        }
        Ok(())
    }

    #[inline(never)]
    fn exec_assign(&mut self, targets: &[Expr], value: &Expr, h: &mut dyn PyHost) -> R<()> {
        let v = self.eval(value, h)?;
        for t in targets {
            self.assign(t, v.clone(), h)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn exec_while(&mut self, test: &Expr, body: &[Stmt], orelse: &[Stmt], h: &mut dyn PyHost) -> R<()> {
        loop {
            let t = self.eval(test, h)?;
            if !self.truthy(&t, h)? {
                return self.exec_block(orelse, h);
            }
            match self.exec_block(body, h) {
                Ok(()) | Err(Flow::Continue) => {}
                Err(Flow::Break) => return Ok(()),
                Err(e) => return Err(e),
            }
            self.step()?;
            self.maybe_gc();
        }
    }

    #[inline(never)]
    fn exec_stmt_rare(&mut self, s: &Stmt, h: &mut dyn PyHost) -> R<()> {
        match &s.kind {
            StmtKind::Expr(e) => {
                let v = self.eval(e, h)?;
                if self.echo && self.frames.len() == 1 && !matches!(v, Value::None) {
                    let r = self.repr(&v, h)?;
                    self.write_stdout(&format!("{r}\n"));
                    let b = self.builtins;
                    self.env_set(b, "_", v);
                }
                Ok(())
            }
            StmtKind::Assign(targets, value) => {
                let v = self.eval(value, h)?;
                for t in targets {
                    self.assign(t, v.clone(), h)?;
                }
                Ok(())
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(target, *op, value, h),
            StmtKind::AnnAssign(target, value) => {
                if let Some(value) = value {
                    let v = self.eval(value, h)?;
                    self.assign(target, v, h)?;
                }
                Ok(())
            }
            StmtKind::If(test, body, orelse) => {
                let t = self.eval(test, h)?;
                if self.truthy(&t, h)? {
                    self.exec_block(body, h)
                } else {
                    self.exec_block(orelse, h)
                }
            }
            StmtKind::While(test, body, orelse) => loop {
                let t = self.eval(test, h)?;
                if !self.truthy(&t, h)? {
                    return self.exec_block(orelse, h);
                }
                match self.exec_block(body, h) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(()),
                    Err(e) => return Err(e),
                }
                self.step()?;
            },
            StmtKind::For(target, iter, body, orelse) => self.exec_for(target, iter, body, orelse, h),
            StmtKind::Break => Err(Flow::Break),
            StmtKind::Continue => Err(Flow::Continue),
            StmtKind::Pass => Ok(()),
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e, h)?,
                    None => Value::None,
                };
                Err(Flow::Return(v))
            }
            StmtKind::FuncDef(def, decos) => {
                let f = self.make_function(def.clone(), h)?;
                let f = self.apply_decorators(decos, f, h)?;
                self.store(&def.name, f)
            }
            StmtKind::ClassDef(cd, decos) => {
                let c = self.make_class(cd, h)?;
                let c = self.apply_decorators(decos, c, h)?;
                self.store(&cd.name, c)
            }
            StmtKind::Import(items) => {
                for (name, alias) in items {
                    let m = crate::modules::import(self, name, h)?;
                    match alias {
                        Some(a) => {
                            self.store(a, m)?;
                        }
                        None => {
                            let top = name.split('.').next().unwrap_or(name);
                            let tm = crate::modules::import(self, top, h)?;
                            self.store(top, tm)?;
                        }
                    }
                }
                Ok(())
            }
            StmtKind::ImportFrom(module, names, level) => {
                if *level > 0 {
                    return Err(self.exc("ImportError", "attempted relative import with no known parent package"));
                }
                let m = crate::modules::import(self, module, h)?;
                if names.is_empty() {
                    let env = match &m {
                        Value::Obj(id) => match self.obj(*id) {
                            Obj::Module(md) => Some(md.env),
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(env) = env {
                        let vars: Vec<(Arc<str>, Value)> = match self.obj(env) {
                            Obj::Env(e) => e
                                .vars
                                .iter()
                                .filter(|(k, _)| !k.starts_with('_'))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                            _ => Vec::new(),
                        };
                        for (k, v) in vars {
                            self.store(&k, v)?;
                        }
                    }
                    return Ok(());
                }
                for (n, alias) in names {
                    let v = match self.getattr(&m, n, h) {
                        Ok(v) => v,
                        Err(Flow::Exc(e)) if self.exc_matches(&e.value, "AttributeError") => {
                            // maybe a submodule
                            match crate::modules::import(self, &format!("{module}.{n}"), h) {
                                Ok(v) => v,
                                Err(_) => {
                                    let file = crate::modules::module_file(self, module);
                                    return Err(self.exc(
                                        "ImportError",
                                        format!("cannot import name '{n}' from '{module}' ({file})"),
                                    ));
                                }
                            }
                        }
                        Err(e) => return Err(e),
                    };
                    self.store(alias.as_deref().unwrap_or(n), v)?;
                }
                Ok(())
            }
            StmtKind::Try(body, handlers, orelse, finalbody) => self.exec_try(body, handlers, orelse, finalbody, h),
            StmtKind::Raise(exc, cause) => self.exec_raise(exc.as_ref(), cause.as_ref(), h),
            StmtKind::With(items, body) => self.exec_with(items, body, h),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete(t, h)?;
                }
                Ok(())
            }
            StmtKind::Assert(test, msg) => {
                let t = self.eval(test, h)?;
                if !self.truthy(&t, h)? {
                    let class = self.exc_class("AssertionError");
                    let args = match msg {
                        Some(m) => vec![self.eval(m, h)?],
                        None => vec![],
                    };
                    let v = self.make_exc(class, args);
                    return Err(self.raise_value(v));
                }
                Ok(())
            }
        }
    }

    fn apply_decorators(&mut self, decos: &[Expr], mut v: Value, h: &mut dyn PyHost) -> R<Value> {
        let mut fs = Vec::new();
        for d in decos {
            fs.push(self.eval(d, h)?);
        }
        for f in fs.into_iter().rev() {
            v = self.call(f, vec![v], Vec::new(), h)?;
        }
        Ok(v)
    }

    #[inline(never)]
    fn exec_for(&mut self, target: &Expr, iter: &Expr, body: &[Stmt], orelse: &[Stmt], h: &mut dyn PyHost) -> R<()> {
        let it = self.eval(iter, h)?;
        // Fast paths for range and list.
        if let Value::Range(start, stop, step) = it {
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                self.assign(target, Value::Int(i), h)?;
                match self.exec_block(body, h) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(()),
                    Err(e) => return Err(e),
                }
                self.step()?;
                self.maybe_gc();
                i = match i.checked_add(step) {
                    Some(n) => n,
                    None => break,
                };
            }
            return self.exec_block(orelse, h);
        }
        let iter_id = match self.iter(&it, h) {
            Ok(i) => i,
            Err(Flow::Exc(mut e)) => {
                if e.pos.is_none() {
                    e.pos = Some(self.pos_of(iter));
                }
                return Err(Flow::Exc(e));
            }
            Err(e) => return Err(e),
        };
        self.roots.push(Value::Obj(iter_id));
        let r = (|| {
            while let Some(v) = self.next(iter_id, h)? {
                self.assign(target, v, h)?;
                match self.exec_block(body, h) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(true),
                    Err(e) => return Err(e),
                }
                self.step()?;
                self.maybe_gc();
            }
            Ok(false)
        })();
        self.roots.pop();
        if r? {
            return Ok(());
        }
        self.exec_block(orelse, h)
    }

    #[inline(never)]
    fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        h: &mut dyn PyHost,
    ) -> R<()> {
        let mut result = self.exec_block(body, h);
        if result.is_ok() {
            result = self.exec_block(orelse, h);
        } else if let Err(Flow::Exc(e)) = result {
            let mut handled = None;
            for hd in handlers {
                let matches = match &hd.typ {
                    None => true,
                    Some(t) => {
                        let tv = match self.eval(t, h) {
                            Ok(v) => v,
                            Err(err) => {
                                handled = Some(Err(err));
                                break;
                            }
                        };
                        match self.exception_matches(&e.value, &tv) {
                            Ok(m) => m,
                            Err(err) => {
                                handled = Some(Err(err));
                                break;
                            }
                        }
                    }
                };
                if matches {
                    let e = self.caught(e.clone());
                    if let Some(n) = &hd.name
                        && let Err(err) = self.store(n, e.value.clone())
                    {
                        handled = Some(Err(err));
                        break;
                    }
                    self.handling.push((*e).clone());
                    let r = self.exec_block(&hd.body, h);
                    self.handling.pop();
                    if let Some(n) = &hd.name {
                        let _ = self.delete_name(n);
                    }
                    handled = Some(r);
                    break;
                }
            }
            result = match handled {
                Some(r) => r,
                None => Err(Flow::Exc(e)),
            };
        }
        if finalbody.is_empty() {
            return result;
        }
        match result {
            Err(Flow::Serve(_)) | Err(Flow::Fatal(_)) | Err(Flow::NeedInput) => result,
            Err(Flow::Exc(e)) => {
                self.handling.push(*self.caught(e.clone()));
                let r = self.exec_block(finalbody, h);
                self.handling.pop();
                r?;
                Err(Flow::Exc(e))
            }
            other => {
                self.exec_block(finalbody, h)?;
                other
            }
        }
    }

    /// An exception caught in the current frame: record this frame in its
    /// traceback (as CPython's `__traceback__` holds it).
    fn caught(&self, mut e: Box<Exc>) -> Box<Exc> {
        if let (Some(pos), Some(f)) = (e.pos.take(), self.frames.last()) {
            e.tb.push(TbEntry {
                source: f.source.clone(),
                name: f.name.clone(),
                pos,
            });
        }
        e
    }

    pub fn exception_matches(&mut self, exc: &Value, typ: &Value) -> R<bool> {
        if self.stack_exhausted() {
            return Err(self.exc("RecursionError", "maximum recursion depth exceeded"));
        }
        match typ {
            Value::Tuple(items) => {
                for t in items.iter() {
                    if self.exception_matches(exc, t)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Obj(id) if matches!(self.obj(*id), Obj::Class(_)) => {
                Ok(self.class_of(exc).is_some_and(|c| self.is_subclass(c, *id)))
            }
            _ => Err(self.exc(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    #[inline(never)]
    fn exec_raise(&mut self, exc: Option<&Expr>, cause: Option<&Expr>, h: &mut dyn PyHost) -> R<()> {
        let Some(exc) = exc else {
            return match self.handling.last() {
                Some(e) => {
                    let mut e = Box::new(e.clone());
                    e.pos = e.tb.pop().map(|t| t.pos);
                    Err(Flow::Exc(e))
                }
                None => Err(self.exc("RuntimeError", "No active exception to reraise")),
            };
        };
        let v = self.eval(exc, h)?;
        let v = self.make_exception(v, h)?;
        let mut flow = self.raise_value(v);
        if let Some(c) = cause {
            let cv = self.eval(c, h)?;
            if let Flow::Exc(e) = &mut flow {
                e.suppress_context = true;
                if !matches!(cv, Value::None) {
                    let cv = self.make_exception(cv, h)?;
                    e.cause = Some(Box::new(Exc {
                        value: cv,
                        tb: Vec::new(),
                        pos: None,
                        context: None,
                        cause: None,
                        suppress_context: false,
                    }));
                }
            }
        }
        Err(flow)
    }

    /// `raise X` accepts a class (instantiated with no args) or an instance.
    fn make_exception(&mut self, v: Value, h: &mut dyn PyHost) -> R<Value> {
        let base = self.exc_class("BaseException");
        if let Value::Obj(id) = &v {
            match self.obj(*id) {
                Obj::Class(_) if self.is_subclass(*id, base) => {
                    return self.call(v.clone(), vec![], vec![], h);
                }
                Obj::Instance(i) if self.is_subclass(i.class, base) => return Ok(v),
                _ => {}
            }
        }
        Err(self.exc("TypeError", "exceptions must derive from BaseException"))
    }

    #[inline(never)]
    fn exec_with(&mut self, items: &[(Expr, Option<Expr>)], body: &[Stmt], h: &mut dyn PyHost) -> R<()> {
        let Some(((ctx_e, target), rest)) = items.split_first() else {
            return self.exec_block(body, h);
        };
        let ctx = self.eval(ctx_e, h)?;
        let entered = self.call_method(&ctx, "__enter__", vec![], h)?;
        self.roots.push(ctx.clone());
        let mut r = match target {
            Some(t) => self.assign(t, entered, h),
            None => Ok(()),
        };
        if r.is_ok() {
            r = self.exec_with(rest, body, h);
        }
        self.roots.pop();
        match r {
            Err(Flow::Exc(e)) => {
                let tv = match self.class_of(&e.value) {
                    Some(c) => Value::Obj(c),
                    None => Value::None,
                };
                self.handling.push((*e).clone());
                let sup = self.call_method(&ctx, "__exit__", vec![tv, e.value.clone(), Value::None], h);
                self.handling.pop();
                if self.truthy(&sup?, h)? {
                    Ok(())
                } else {
                    Err(Flow::Exc(e))
                }
            }
            Err(f @ (Flow::Serve(_) | Flow::Fatal(_) | Flow::NeedInput)) => Err(f),
            other => {
                self.call_method(&ctx, "__exit__", vec![Value::None, Value::None, Value::None], h)?;
                other
            }
        }
    }

    pub fn call_method(&mut self, obj: &Value, name: &str, args: Vec<Value>, h: &mut dyn PyHost) -> R<Value> {
        let m = self.getattr(obj, name, h)?;
        self.call(m, args, Vec::new(), h)
    }

    // ----- assignment -----

    #[inline(never)]
    pub fn assign(&mut self, t: &Expr, v: Value, h: &mut dyn PyHost) -> R<()> {
        match &t.kind {
            ExprKind::Name(n) => self.store(n, v),
            ExprKind::Attr(obj, name) => {
                let o = self.eval(obj, h)?;
                self.setattr(&o, name, v, h)
            }
            ExprKind::Subscript(obj, idx) => {
                let o = self.eval(obj, h)?;
                let i = self.eval(idx, h)?;
                self.setitem(&o, i, v, h)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let vals = self.collect(&v, h)?;
                let star = items.iter().position(|e| matches!(e.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        if vals.len() < items.len() {
                            return Err(self.exc(
                                "ValueError",
                                format!(
                                    "not enough values to unpack (expected {}, got {})",
                                    items.len(),
                                    vals.len()
                                ),
                            ));
                        }
                        if vals.len() > items.len() {
                            return Err(self.exc(
                                "ValueError",
                                format!("too many values to unpack (expected {})", items.len()),
                            ));
                        }
                        for (t, v) in items.iter().zip(vals) {
                            self.assign(t, v, h)?;
                        }
                    }
                    Some(si) => {
                        let after = items.len() - si - 1;
                        if vals.len() < items.len() - 1 {
                            return Err(self.exc(
                                "ValueError",
                                format!(
                                    "not enough values to unpack (expected at least {}, got {})",
                                    items.len() - 1,
                                    vals.len()
                                ),
                            ));
                        }
                        let mut vals = vals;
                        let tail = vals.split_off(vals.len() - after);
                        let mid = vals.split_off(si);
                        for (t, v) in items[..si].iter().zip(vals) {
                            self.assign(t, v, h)?;
                        }
                        let l = self.new_list(mid)?;
                        if let ExprKind::Starred(inner) = &items[si].kind {
                            self.assign(inner, l, h)?;
                        }
                        for (t, v) in items[si + 1..].iter().zip(tail) {
                            self.assign(t, v, h)?;
                        }
                    }
                }
                Ok(())
            }
            ExprKind::Starred(inner) => self.assign(inner, v, h),
            _ => Err(self.exc("SyntaxError", "cannot assign to expression")),
        }
    }

    #[inline(never)]
    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr, h: &mut dyn PyHost) -> R<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                let cur = self.eval(target, h)?;
                let rhs = self.eval(value, h)?;
                let nv = self
                    .inplace(op, cur, rhs, h)
                    .map_err(|e| self.claim(e, target.span.to(value.span), (0, 0, 0)))?;
                self.store(n, nv)
            }
            ExprKind::Attr(obj, name) => {
                let o = self.eval(obj, h)?;
                let cur = self.getattr(&o, name, h)?;
                let rhs = self.eval(value, h)?;
                let nv = self.inplace(op, cur, rhs, h)?;
                self.setattr(&o, name, nv, h)
            }
            ExprKind::Subscript(obj, idx) => {
                let o = self.eval(obj, h)?;
                let i = self.eval(idx, h)?;
                let cur = self.getitem(&o, &i, h)?;
                let rhs = self.eval(value, h)?;
                let nv = self.inplace(op, cur, rhs, h)?;
                self.setitem(&o, i, nv, h)
            }
            _ => Err(self.exc("SyntaxError", "illegal expression for augmented assignment")),
        }
    }

    fn inplace(&mut self, op: BinOp, cur: Value, rhs: Value, h: &mut dyn PyHost) -> R<Value> {
        // Lists are mutated in place for += (so aliases see the change).
        if op == BinOp::Add
            && let Value::Obj(id) = &cur
            && matches!(self.obj(*id), Obj::List(_))
        {
            let items = self.collect(&rhs, h)?;
            self.grow(items.len())?;
            if let Some(Obj::List(l)) = self.obj_mut(*id) {
                if l.len() + items.len() > MAX_SEQ {
                    return Err(self.exc("MemoryError", ""));
                }
                l.extend(items);
            }
            return Ok(cur);
        }
        self.binop(op, &cur, &rhs, h)
    }

    fn claim(&self, f: Flow, span: Span, anchor: (u8, u32, u32)) -> Flow {
        match f {
            Flow::Exc(mut e) if e.pos.is_none() => {
                e.pos = Some(Pos { span, anchor });
                Flow::Exc(e)
            }
            f => f,
        }
    }

    #[inline(never)]
    fn delete(&mut self, t: &Expr, h: &mut dyn PyHost) -> R<()> {
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Subscript(obj, idx) => {
                let o = self.eval(obj, h)?;
                let i = self.eval(idx, h)?;
                crate::builtins::delitem(self, &o, &i, h)
            }
            ExprKind::Attr(obj, name) => {
                let o = self.eval(obj, h)?;
                let removed = match &o {
                    Value::Obj(id) => match self.obj_mut(*id) {
                        Some(Obj::Instance(i)) => i.attrs.remove(&**name).is_some(),
                        Some(Obj::Class(c)) => c.attrs.remove(&**name).is_some(),
                        _ => false,
                    },
                    _ => false,
                };
                if !removed {
                    let tn = self.type_name(&o);
                    return Err(self.exc("AttributeError", format!("'{tn}' object has no attribute '{name}'")));
                }
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete(i, h)?;
                }
                Ok(())
            }
            _ => Err(self.exc("SyntaxError", "cannot delete expression")),
        }
    }

    // ----- functions & classes -----

    #[inline(never)]
    fn make_function(&mut self, def: Arc<FuncDef>, h: &mut dyn PyHost) -> R<Value> {
        let mut defaults = Vec::new();
        for p in &def.params {
            if let Some(d) = &p.default {
                defaults.push(self.eval(d, h)?);
            }
        }
        let mut kwdefaults = Vec::new();
        for p in &def.kwonly {
            kwdefaults.push(match &p.default {
                Some(d) => Some(self.eval(d, h)?),
                None => None,
            });
        }
        let f = self.frame();
        let closure = match f.kind {
            ScopeKind::Module => None,
            ScopeKind::Function | ScopeKind::Comp => Some(f.locals),
            ScopeKind::Class => match self.obj(f.locals) {
                Obj::Env(e) => e.parent,
                _ => None,
            },
        };
        let module = match self.env_get(f.globals, "__name__") {
            Some(Value::Str(s)) => s,
            _ => Arc::from("__main__"),
        };
        let qualname: Arc<str> = match f.kind {
            ScopeKind::Class => Arc::from(format!("{}.{}", f.name, def.name)),
            ScopeKind::Function => Arc::from(format!("{}.<locals>.{}", f.name, def.name)),
            _ => def.name.clone(),
        };
        let func = Func {
            def,
            defaults,
            kwdefaults,
            globals: f.globals,
            closure,
            source: f.source.clone(),
            module,
            qualname,
            class: None,
        };
        Ok(Value::Obj(self.alloc(Obj::Func(func))?))
    }

    #[inline(never)]
    fn make_class(&mut self, cd: &ClassDef, h: &mut dyn PyHost) -> R<Value> {
        let mut bases = Vec::new();
        for b in &cd.bases {
            let bv = self.eval(b, h)?;
            match bv {
                Value::Obj(id) if matches!(self.obj(id), Obj::Class(_)) => bases.push(id),
                Value::Type(TypeKind::Object) => {}
                Value::Type(t) => {
                    return Err(self.exc(
                        "TypeError",
                        format!(
                            "subclassing the builtin type '{}' is not supported by the Dockyard Python simulator",
                            t.name()
                        ),
                    ));
                }
                _ => return Err(self.exc("TypeError", "bases must be types")),
            }
        }
        let f = self.frame();
        let parent = match f.kind {
            ScopeKind::Function | ScopeKind::Comp => Some(f.locals),
            _ => None,
        };
        let (globals, source) = (f.globals, f.source.clone());
        let module = match self.env_get(globals, "__name__") {
            Some(Value::Str(s)) => s,
            _ => Arc::from("__main__"),
        };
        let env = self.new_env(parent)?;
        self.env_set(env, "__module__", Value::Str(module.clone()));
        self.env_set(env, "__qualname__", Value::Str(cd.name.clone()));
        self.frames.push(Frame {
            kind: ScopeKind::Class,
            locals: env,
            globals,
            def: None,
            source,
            name: cd.name.clone(),
            class: None,
            first_arg: None,
        });
        self.call_depth += 1;
        let r = self.exec_block(&cd.body, h);
        self.call_depth -= 1;
        self.frames.pop();
        r?;
        let attrs = match self.obj(env) {
            Obj::Env(e) => e.vars.clone(),
            _ => BTreeMap::new(),
        };
        let mut mro = Vec::new();
        for b in &bases {
            if let Obj::Class(bc) = self.obj(*b) {
                for m in &bc.mro {
                    if !mro.contains(m) {
                        mro.push(*m);
                    }
                }
            }
        }
        let native = bases.iter().find_map(|b| match self.obj(*b) {
            Obj::Class(c) => c.native,
            _ => None,
        });
        let id = self.alloc(Obj::Class(Class {
            name: cd.name.clone(),
            module,
            bases,
            mro: Vec::new(),
            attrs: attrs.clone(),
            native,
        }))?;
        mro.insert(0, id);
        if let Some(Obj::Class(c)) = self.obj_mut(id) {
            c.mro = mro;
        }
        // methods remember their class (for super())
        for v in attrs.values() {
            let fid = match v {
                Value::Obj(f) => match self.obj(*f) {
                    Obj::Func(_) => Some(*f),
                    Obj::StaticMethod(Value::Obj(g))
                    | Obj::ClassMethod(Value::Obj(g))
                    | Obj::Property(Value::Obj(g), _) => Some(*g),
                    _ => None,
                },
                _ => None,
            };
            if let Some(fid) = fid
                && let Some(Obj::Func(func)) = self.obj_mut(fid)
            {
                func.class = Some(id);
            }
        }
        Ok(Value::Obj(id))
    }

    pub fn call(&mut self, f: Value, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
        match &f {
            Value::Builtin(name) => crate::builtins::call_builtin(self, name, args, kw, h),
            Value::Type(t) => crate::builtins::call_type(self, *t, args, kw, h),
            Value::Obj(id) => {
                let id = *id;
                match self.obj(id) {
                    Obj::Func(_) => self.call_function(id, args, kw, h),
                    Obj::Class(_) => self.instantiate(id, args, kw, h),
                    Obj::Method(recv, func) => {
                        let (recv, func) = (recv.clone(), func.clone());
                        let mut a = Vec::with_capacity(args.len() + 1);
                        a.push(recv);
                        a.extend(args);
                        self.call(func, a, kw, h)
                    }
                    Obj::BuiltinMethod(recv, name) => {
                        let (recv, name) = (recv.clone(), name.clone());
                        crate::builtins::call_method_value(self, &recv, &name, args, kw, h)
                    }
                    Obj::StaticMethod(inner) => {
                        let inner = inner.clone();
                        self.call(inner, args, kw, h)
                    }
                    Obj::Instance(_) => {
                        let m = self.getattr(&f, "__call__", h).map_err(|_| {
                            let tn = self.type_name(&f);
                            self.exc("TypeError", format!("'{tn}' object is not callable"))
                        })?;
                        self.call(m, args, kw, h)
                    }
                    _ => {
                        let tn = self.type_name(&f);
                        Err(self.exc("TypeError", format!("'{tn}' object is not callable")))
                    }
                }
            }
            _ => {
                let tn = self.type_name(&f);
                Err(self.exc("TypeError", format!("'{tn}' object is not callable")))
            }
        }
    }

    #[inline(never)]
    fn instantiate(&mut self, cls: ObjId, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
        let (native, name) = match self.obj(cls) {
            Obj::Class(c) => (c.native, c.name.clone()),
            _ => (None, Arc::from("?")),
        };
        let native_data = match native {
            Some(nc) => crate::builtins::native_new(self, nc, cls, &args, &kw, h)?,
            None => NativeData::None,
        };
        if let (Some(NativeClass::Datetime | NativeClass::Date | NativeClass::Timedelta), NativeData::None) =
            (native, &native_data)
        {
            return Err(self.exc("TypeError", format!("cannot create '{name}' instances")));
        }
        let mut attrs = BTreeMap::new();
        if let Some(NativeClass::Exception(_)) = native {
            attrs.insert(Arc::from("args"), Value::tuple(args.clone()));
        }
        let inst = Value::Obj(self.alloc(Obj::Instance(Instance {
            class: cls,
            attrs,
            native: native_data,
        }))?);
        let init = self.find_class_attr(cls, "__init__");
        match init {
            Some((Value::Obj(fid), _)) if matches!(self.obj(fid), Obj::Func(_)) => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(inst.clone());
                a.extend(args);
                let r = self.call_function(fid, a, kw, h)?;
                if !matches!(r, Value::None) {
                    let tn = self.type_name(&r);
                    return Err(self.exc("TypeError", format!("__init__() should return None, not '{tn}'")));
                }
            }
            _ => {
                if native.is_none() && (!args.is_empty() || !kw.is_empty()) {
                    return Err(self.exc("TypeError", format!("{name}() takes no arguments")));
                }
                if let Some(nc) = native {
                    crate::builtins::native_init(self, nc, &inst, args, kw, h)?;
                }
            }
        }
        Ok(inst)
    }

    pub fn call_function(&mut self, fid: ObjId, args: Vec<Value>, kw: Kw, h: &mut dyn PyHost) -> R<Value> {
        let Obj::Func(func) = self.obj(fid) else {
            return Err(self.exc("TypeError", "not a function"));
        };
        let func = func.clone();
        self.step()?;
        if self.call_depth >= CALL_LIMIT {
            return Err(self.exc("RecursionError", "maximum recursion depth exceeded"));
        }
        let env = self.new_env(func.closure)?;
        self.bind_args(&func, env, args, kw)?;
        let def = func.def.clone();
        let first_arg = def.params.first().and_then(|p| self.env_get(env, &p.name));
        self.frames.push(Frame {
            kind: ScopeKind::Function,
            locals: env,
            globals: func.globals,
            def: Some(def.clone()),
            source: func.source.clone(),
            name: def.name.clone(),
            class: func.class,
            first_arg,
        });
        self.call_depth += 1;
        let r = self.enter().and_then(|_| {
            let r = self.exec_block(&def.body, h);
            self.rdepth -= 1;
            r
        });
        self.call_depth -= 1;
        let frame = self.frames.pop();
        match r {
            Ok(()) => Ok(Value::None),
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Exc(mut e)) => {
                if let Some(fr) = frame {
                    let pos = e.pos.take().unwrap_or(Pos {
                        span: def.span,
                        anchor: (3, 0, 0),
                    });
                    e.tb.push(TbEntry {
                        source: fr.source,
                        name: fr.name,
                        pos,
                    });
                }
                Err(Flow::Exc(e))
            }
            Err(Flow::Serve(mut e)) => {
                if let Some(fr) = frame {
                    let pos = e.pos.take().unwrap_or(Pos {
                        span: def.span,
                        anchor: (3, 0, 0),
                    });
                    e.tb.push(TbEntry {
                        source: fr.source,
                        name: fr.name,
                        pos,
                    });
                }
                Err(Flow::Serve(e))
            }
            Err(Flow::Break) | Err(Flow::Continue) => Ok(Value::None),
            Err(other) => Err(other),
        }
    }

    #[inline(never)]
    fn bind_args(&mut self, func: &Func, env: ObjId, args: Vec<Value>, kw: Kw) -> R<()> {
        let def = &func.def;
        let fname = if self.cfg.minor >= 10 {
            func.qualname.to_string()
        } else {
            def.name.to_string()
        };
        let np = def.params.len();
        let nargs = args.len();
        let mut slots: Vec<Option<Value>> = vec![None; np];
        let mut extra = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            if i < np {
                slots[i] = Some(a);
            } else {
                extra.push(a);
            }
        }
        if !extra.is_empty() && def.vararg.is_none() {
            let required = def.params.iter().filter(|p| p.default.is_none()).count();
            let takes = if required == np {
                format!("{np} positional argument{}", if np == 1 { "" } else { "s" })
            } else {
                format!("from {required} to {np} positional arguments")
            };
            let given = if nargs == 1 {
                "1 was given".to_string()
            } else {
                format!("{nargs} were given")
            };
            return Err(self.exc("TypeError", format!("{fname}() takes {takes} but {given}")));
        }
        let mut kwdict = Dict::new();
        let mut kwonly: Vec<Option<Value>> = vec![None; def.kwonly.len()];
        for (k, v) in kw {
            if let Some(i) = def.params.iter().position(|p| p.name == k) {
                if slots[i].is_some() {
                    return Err(self.exc("TypeError", format!("{fname}() got multiple values for argument '{k}'")));
                }
                slots[i] = Some(v);
            } else if let Some(i) = def.kwonly.iter().position(|p| p.name == k) {
                kwonly[i] = Some(v);
            } else if def.kwarg.is_some() {
                kwdict.insert(HKey::Str(k.clone()), Value::Str(k), v);
            } else {
                return Err(self.exc(
                    "TypeError",
                    format!("{fname}() got an unexpected keyword argument '{k}'"),
                ));
            }
        }
        let first_default = np - func.defaults.len();
        let mut missing = Vec::new();
        for (i, p) in def.params.iter().enumerate() {
            let v = match slots[i].take() {
                Some(v) => v,
                None if i >= first_default => func.defaults[i - first_default].clone(),
                None => {
                    missing.push(format!("'{}'", p.name));
                    continue;
                }
            };
            self.env_set(env, &p.name, v);
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].clone(),
                2 => format!("{} and {}", missing[0], missing[1]),
                _ => {
                    let (last, init) = missing.split_last().unwrap_or((&missing[0], &[]));
                    format!("{}, and {}", init.join(", "), last)
                }
            };
            let n = missing.len();
            return Err(self.exc(
                "TypeError",
                format!(
                    "{fname}() missing {n} required positional argument{}: {list}",
                    if n == 1 { "" } else { "s" }
                ),
            ));
        }
        for (i, p) in def.kwonly.iter().enumerate() {
            let v = match kwonly[i].take().or_else(|| func.kwdefaults.get(i).cloned().flatten()) {
                Some(v) => v,
                None => {
                    return Err(self.exc(
                        "TypeError",
                        format!("{fname}() missing 1 required keyword-only argument: '{}'", p.name),
                    ));
                }
            };
            self.env_set(env, &p.name, v);
        }
        if let Some(va) = &def.vararg {
            self.env_set(env, va, Value::tuple(extra));
        }
        if let Some(ka) = &def.kwarg {
            let d = self.new_dict(kwdict)?;
            self.env_set(env, ka, d);
        }
        Ok(())
    }

    // ----- attributes -----

    pub fn find_class_attr(&self, cls: ObjId, name: &str) -> Option<(Value, ObjId)> {
        let Obj::Class(c) = self.obj(cls) else {
            return None;
        };
        for m in &c.mro {
            if let Obj::Class(mc) = self.obj(*m)
                && let Some(v) = mc.attrs.get(name)
            {
                return Some((v.clone(), *m));
            }
        }
        None
    }

    fn native_of_mro(&self, cls: ObjId, name: &str) -> bool {
        let Obj::Class(c) = self.obj(cls) else {
            return false;
        };
        c.mro.iter().any(|m| match self.obj(*m) {
            Obj::Class(mc) => mc.native.is_some_and(|n| crate::builtins::native_has_method(n, name)),
            _ => false,
        })
    }

    fn bind(&mut self, attr: Value, inst: &Value, cls: ObjId, h: &mut dyn PyHost) -> R<Value> {
        if let Value::Obj(id) = &attr {
            match self.obj(*id) {
                Obj::Func(_) => {
                    return Ok(Value::Obj(self.alloc(Obj::Method(inst.clone(), attr))?));
                }
                Obj::StaticMethod(f) => return Ok(f.clone()),
                Obj::ClassMethod(f) => {
                    let f = f.clone();
                    return Ok(Value::Obj(self.alloc(Obj::Method(Value::Obj(cls), f))?));
                }
                Obj::Property(getter, _) => {
                    let g = getter.clone();
                    return self.call(g, vec![inst.clone()], Vec::new(), h);
                }
                _ => {}
            }
        }
        Ok(attr)
    }

    #[inline(never)]
    pub fn getattr(&mut self, v: &Value, name: &str, h: &mut dyn PyHost) -> R<Value> {
        if let Value::Obj(id) = v {
            let id = *id;
            match self.obj(id) {
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    if let Some(a) = inst.attrs.get(name) {
                        let a = a.clone();
                        // properties win over instance attributes
                        if let Some((cv, _)) = self.find_class_attr(cls, name)
                            && let Value::Obj(pid) = &cv
                            && matches!(self.obj(*pid), Obj::Property(..))
                        {
                            return self.bind(cv, v, cls, h);
                        }
                        return Ok(a);
                    }
                    if name == "__class__" {
                        return Ok(Value::Obj(cls));
                    }
                    if name == "__dict__" {
                        let attrs: Vec<(Arc<str>, Value)> = match self.obj(id) {
                            Obj::Instance(i) => i.attrs.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                            _ => Vec::new(),
                        };
                        let mut d = Dict::new();
                        for (k, val) in attrs {
                            d.insert(HKey::Str(k.clone()), Value::Str(k), val);
                        }
                        return self.new_dict(d);
                    }
                    if let Some((a, _)) = self.find_class_attr(cls, name) {
                        return self.bind(a, v, cls, h);
                    }
                    if self.native_of_mro(cls, name) {
                        return Ok(Value::Obj(self.alloc(Obj::BuiltinMethod(v.clone(), Arc::from(name)))?));
                    }
                    if let Some(val) = crate::builtins::native_attr(self, v, name, h)? {
                        return Ok(val);
                    }
                    if let Some((ga, _)) = self.find_class_attr(cls, "__getattr__") {
                        let m = self.bind(ga, v, cls, h)?;
                        return self.call(m, vec![Value::str(name)], Vec::new(), h);
                    }
                    let cname = self.class_name(cls);
                    return Err(self.attr_error(format!("'{cname}' object has no attribute '{name}'"), v, name));
                }
                Obj::Class(c) => {
                    let cname = c.name.clone();
                    match name {
                        "__name__" | "__qualname__" => return Ok(Value::Str(cname)),
                        "__module__" => return Ok(Value::Str(c.module.clone())),
                        "__bases__" => {
                            let b: Vec<Value> = c.bases.iter().map(|b| Value::Obj(*b)).collect();
                            return Ok(Value::tuple(b));
                        }
                        _ => {}
                    }
                    if let Some((a, _)) = self.find_class_attr(id, name) {
                        if let Value::Obj(aid) = &a {
                            match self.obj(*aid) {
                                Obj::StaticMethod(f) => return Ok(f.clone()),
                                Obj::ClassMethod(f) => {
                                    let f = f.clone();
                                    return Ok(Value::Obj(self.alloc(Obj::Method(v.clone(), f))?));
                                }
                                _ => {}
                            }
                        }
                        return Ok(a);
                    }
                    if self.native_of_mro(id, name) {
                        return Ok(Value::Obj(self.alloc(Obj::BuiltinMethod(v.clone(), Arc::from(name)))?));
                    }
                    return Err(self.attr_error(format!("type object '{cname}' has no attribute '{name}'"), v, name));
                }
                Obj::Module(m) => {
                    let (env, mname) = (m.env, m.name.clone());
                    if let Some(val) = self.env_get(env, name) {
                        return Ok(val);
                    }
                    if name == "__name__" {
                        return Ok(Value::Str(mname));
                    }
                    // submodules such as os.path
                    if let Ok(sub) = crate::modules::import(self, &format!("{mname}.{name}"), h) {
                        return Ok(sub);
                    }
                    return Err(self.attr_error(format!("module '{mname}' has no attribute '{name}'"), v, name));
                }
                Obj::Super(cls, inst) => {
                    let (cls, inst) = (*cls, inst.clone());
                    let icls = match &inst {
                        Value::Obj(i) => match self.obj(*i) {
                            Obj::Instance(ii) => ii.class,
                            Obj::Class(_) => *i,
                            _ => cls,
                        },
                        _ => cls,
                    };
                    let mro = match self.obj(icls) {
                        Obj::Class(c) => c.mro.clone(),
                        _ => Vec::new(),
                    };
                    let start = mro.iter().position(|m| *m == cls).map(|p| p + 1).unwrap_or(mro.len());
                    for m in &mro[start..] {
                        let (found, native) = match self.obj(*m) {
                            Obj::Class(mc) => (mc.attrs.get(name).cloned(), mc.native),
                            _ => (None, None),
                        };
                        if let Some(a) = found {
                            return self.bind(a, &inst, icls, h);
                        }
                        if native.is_some_and(|n| crate::builtins::native_has_method(n, name)) {
                            return Ok(Value::Obj(
                                self.alloc(Obj::BuiltinMethod(inst.clone(), Arc::from(name)))?,
                            ));
                        }
                    }
                    if name == "__init__" {
                        return Ok(Value::Builtin("object.__init__"));
                    }
                    return Err(self.exc("AttributeError", format!("'super' object has no attribute '{name}'")));
                }
                Obj::Func(f) => {
                    match name {
                        "__name__" => return Ok(Value::Str(f.def.name.clone())),
                        "__qualname__" => return Ok(Value::Str(f.qualname.clone())),
                        "__module__" => return Ok(Value::Str(f.module.clone())),
                        "__doc__" => return Ok(Value::None),
                        _ => {}
                    }
                    return Err(self.attr_error(format!("'function' object has no attribute '{name}'"), v, name));
                }
                Obj::Property(..) if name == "setter" => {
                    return Ok(Value::Obj(
                        self.alloc(Obj::BuiltinMethod(v.clone(), Arc::from("setter")))?,
                    ));
                }
                _ => {}
            }
        }
        if let Some(val) = crate::builtins::builtin_attr(self, v, name, h)? {
            return Ok(val);
        }
        if crate::builtins::has_method(self, v, name) {
            return Ok(Value::Obj(self.alloc(Obj::BuiltinMethod(v.clone(), Arc::from(name)))?));
        }
        let tn = self.type_name(v);
        Err(self.attr_error(format!("'{tn}' object has no attribute '{name}'"), v, name))
    }

    fn attr_error(&mut self, msg: String, _obj: &Value, _name: &str) -> Flow {
        self.exc("AttributeError", msg)
    }

    #[inline(never)]
    pub fn setattr(&mut self, o: &Value, name: &str, v: Value, h: &mut dyn PyHost) -> R<()> {
        if let Value::Obj(id) = o {
            let id = *id;
            match self.obj(id) {
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    if let Some((Value::Obj(pid), _)) = self.find_class_attr(cls, name)
                        && let Obj::Property(_, setter) = self.obj(pid)
                    {
                        return match setter.clone() {
                            Some(s) => self.call(s, vec![o.clone(), v], Vec::new(), h).map(|_| ()),
                            None => Err(self.exc(
                                "AttributeError",
                                format!("property '{name}' of '{}' object has no setter", self.class_name(cls)),
                            )),
                        };
                    }
                    if let Some(Obj::Instance(inst)) = self.obj_mut(id) {
                        inst.attrs.insert(Arc::from(name), v);
                    }
                    return Ok(());
                }
                Obj::Class(_) => {
                    if let Some(Obj::Class(c)) = self.obj_mut(id) {
                        c.attrs.insert(Arc::from(name), v);
                    }
                    return Ok(());
                }
                Obj::Module(m) => {
                    let env = m.env;
                    self.env_set(env, name, v);
                    return Ok(());
                }
                _ => {}
            }
        }
        let tn = self.type_name(o);
        Err(self.exc("AttributeError", format!("'{tn}' object has no attribute '{name}'")))
    }

    pub fn class_name(&self, cls: ObjId) -> Arc<str> {
        match self.obj(cls) {
            Obj::Class(c) => c.name.clone(),
            _ => Arc::from("object"),
        }
    }

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Bytes(_) => "bytes".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Range(..) => "range".into(),
            Value::Ellipsis => "ellipsis".into(),
            Value::Type(_) => "type".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Obj(id) => match self.obj(*id) {
                Obj::List(_) => "list".into(),
                Obj::Dict(_) => "dict".into(),
                Obj::Set(_) => "set".into(),
                Obj::Func(_) => "function".into(),
                Obj::Class(_) => "type".into(),
                Obj::Instance(i) => self.class_name(i.class).to_string(),
                Obj::Module(_) => "module".into(),
                Obj::Method(..) => "method".into(),
                Obj::BuiltinMethod(..) => "builtin_function_or_method".into(),
                Obj::StaticMethod(_) => "staticmethod".into(),
                Obj::ClassMethod(_) => "classmethod".into(),
                Obj::Property(..) => "property".into(),
                Obj::Iter(k) => match k {
                    IterKind::Seq(v, _) => match v {
                        Value::Str(_) => "str_ascii_iterator".into(),
                        Value::Tuple(_) => "tuple_iterator".into(),
                        Value::Bytes(_) => "bytes_iterator".into(),
                        _ => "list_iterator".into(),
                    },
                    IterKind::Range(..) => "range_iterator".into(),
                    IterKind::Items(..) => "iterator".into(),
                    IterKind::DictKeys(..) => "dict_keyiterator".into(),
                    IterKind::Enumerate(..) => "enumerate".into(),
                    IterKind::Zip(_) => "zip".into(),
                    IterKind::Map(..) => "map".into(),
                    IterKind::Filter(..) => "filter".into(),
                },
                Obj::File(f) => {
                    if f.binary {
                        if f.writable {
                            "_io.BufferedWriter".into()
                        } else {
                            "_io.BufferedReader".into()
                        }
                    } else {
                        "_io.TextIOWrapper".into()
                    }
                }
                Obj::Super(..) => "super".into(),
                Obj::DictView(_, k) => ["dict_keys", "dict_values", "dict_items"][(*k as usize).min(2)].into(),
                Obj::Env(_) | Obj::Free => "object".into(),
            },
        }
    }

    // ----- expressions -----

    pub fn pos_of(&self, e: &Expr) -> Pos {
        let anchor = match &e.kind {
            ExprKind::Bin(_, l, r) => (1, l.span.end_col, r.span.col),
            ExprKind::Subscript(v, i) => (2, v.span.end_col, i.span.end_col),
            _ => (0, 0, 0),
        };
        let anchor = match &e.kind {
            ExprKind::Bin(_, l, r) if l.span.end_line != e.span.line || r.span.line != e.span.line => (0, 0, 0),
            ExprKind::Subscript(v, i) if v.span.end_line != e.span.line || i.span.end_line != e.span.line => (0, 0, 0),
            _ => anchor,
        };
        Pos { span: e.span, anchor }
    }

    pub fn eval(&mut self, e: &Expr, h: &mut dyn PyHost) -> R<Value> {
        self.enter()?;
        let r = self.eval_inner(e, h);
        self.rdepth -= 1;
        match r {
            Ok(v) => Ok(v),
            Err(f) => Err(self.eval_err(f, e)),
        }
    }

    #[cold]
    #[inline(never)]
    fn eval_err(&self, f: Flow, e: &Expr) -> Flow {
        claim_flow(f, self.pos_of(e))
    }

    fn eval_inner(&mut self, e: &Expr, h: &mut dyn PyHost) -> R<Value> {
        match &e.kind {
            ExprKind::Const(c) => Ok(match c {
                Const::None => Value::None,
                Const::Bool(b) => Value::Bool(*b),
                Const::Int(i) => Value::Int(*i),
                Const::Float(f) => Value::Float(*f),
                Const::Str(s) => Value::Str(s.clone()),
                Const::Bytes(b) => Value::Bytes(b.clone()),
                Const::Ellipsis => Value::Ellipsis,
            }),
            ExprKind::Name(n) => self.lookup(n),
            ExprKind::Call(func, args) => self.eval_call(func, args, h),
            _ => self.eval_other(e, h),
        }
    }

    #[inline(never)]
    fn eval_other(&mut self, e: &Expr, h: &mut dyn PyHost) -> R<Value> {
        match &e.kind {
            ExprKind::Attr(obj, name) => self.eval_attr(obj, name, h),
            ExprKind::Subscript(obj, idx) => self.eval_subscript(obj, idx, h),
            ExprKind::Bin(op, l, r) => self.eval_bin(*op, l, r, h),
            ExprKind::Compare(first, rest) => self.eval_compare(first, rest, h),
            ExprKind::BoolOp(is_and, l, r) => self.eval_boolop(*is_and, l, r, h),
            _ => self.eval_rare(e, h),
        }
    }

    #[inline(never)]
    fn eval_attr(&mut self, obj: &Expr, name: &str, h: &mut dyn PyHost) -> R<Value> {
        let o = self.eval(obj, h)?;
        self.getattr(&o, name, h)
    }

    #[inline(never)]
    fn eval_subscript(&mut self, obj: &Expr, idx: &Expr, h: &mut dyn PyHost) -> R<Value> {
        let o = self.eval(obj, h)?;
        let i = self.eval(idx, h)?;
        self.getitem(&o, &i, h)
    }

    #[inline(never)]
    fn eval_bin(&mut self, op: BinOp, l: &Expr, r: &Expr, h: &mut dyn PyHost) -> R<Value> {
        let a = self.eval(l, h)?;
        let b = self.eval(r, h)?;
        self.binop(op, &a, &b, h)
    }

    #[inline(never)]
    fn eval_compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], h: &mut dyn PyHost) -> R<Value> {
        let mut left = self.eval(first, h)?;
        for (op, re) in rest {
            let right = self.eval(re, h)?;
            if !self.compare(*op, &left, &right, h)? {
                return Ok(Value::Bool(false));
            }
            left = right;
        }
        Ok(Value::Bool(true))
    }

    #[inline(never)]
    fn eval_boolop(&mut self, is_and: bool, l: &Expr, r: &Expr, h: &mut dyn PyHost) -> R<Value> {
        let a = self.eval(l, h)?;
        let t = self.truthy(&a, h)?;
        if is_and != t { Ok(a) } else { self.eval(r, h) }
    }

    #[inline(never)]
    fn eval_rare(&mut self, e: &Expr, h: &mut dyn PyHost) -> R<Value> {
        match &e.kind {
            ExprKind::FString(parts) => {
                let s = self.fstring(parts, h)?;
                Ok(Value::Str(Arc::from(s)))
            }
            ExprKind::Slice(a, b, c) => {
                let mut part = |x: &Option<Box<Expr>>, me: &mut Self| -> R<Value> {
                    match x {
                        Some(x) => me.eval(x, h),
                        None => Ok(Value::None),
                    }
                };
                let a = part(a, self)?;
                let b = part(b, self)?;
                let c = part(c, self)?;
                Ok(Value::tuple(vec![Value::Builtin("slice"), a, b, c]))
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(x, h)?;
                self.unary(*op, &v, h)
            }
            ExprKind::IfExp(test, body, orelse) => {
                let t = self.eval(test, h)?;
                if self.truthy(&t, h)? {
                    self.eval(body, h)
                } else {
                    self.eval(orelse, h)
                }
            }
            ExprKind::List(items) => {
                let v = self.eval_items(items, h)?;
                self.new_list(v)
            }
            ExprKind::Tuple(items) => {
                let v = self.eval_items(items, h)?;
                Ok(Value::tuple(v))
            }
            ExprKind::Set(items) => {
                let v = self.eval_items(items, h)?;
                let mut d = Dict::new();
                for x in v {
                    let k = self.hkey(&x)?;
                    d.insert(k, x, Value::None);
                }
                Ok(Value::Obj(self.alloc(Obj::Set(d))?))
            }
            ExprKind::Dict(items) => self.eval_dict(items, h),
            ExprKind::Comp(kind, elt, gens) => self.eval_comp(*kind, elt, None, gens, h),
            ExprKind::DictComp(k, v, gens) => self.eval_comp(CompKind::List, k, Some(v), gens, h),
            ExprKind::Lambda(def) => self.make_function(def.clone(), h),
            ExprKind::Starred(_) => Err(self.exc("SyntaxError", "can't use starred expression here")),
            _ => Err(self.exc("SystemError", "unexpected expression")),
        }
    }

    #[inline(never)]
    fn eval_dict(&mut self, items: &[(Option<Expr>, Expr)], h: &mut dyn PyHost) -> R<Value> {
        let mut d = Dict::new();
        for (k, v) in items {
            match k {
                Some(k) => {
                    let kv = self.eval(k, h)?;
                    let vv = self.eval(v, h)?;
                    let hk = self.hkey(&kv)?;
                    d.insert(hk, kv, vv);
                }
                None => {
                    let m = self.eval(v, h)?;
                    let pairs = crate::builtins::mapping_items(self, &m, h)?;
                    for (kv, vv) in pairs {
                        let hk = self.hkey(&kv)?;
                        d.insert(hk, kv, vv);
                    }
                }
            }
        }
        self.grow(d.len() * 2)?;
        self.new_dict(d)
    }

    fn eval_items(&mut self, items: &[Expr], h: &mut dyn PyHost) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            if let ExprKind::Starred(inner) = &it.kind {
                let v = self.eval(inner, h)?;
                let vals = self.collect(&v, h)?;
                out.extend(vals);
            } else {
                out.push(self.eval(it, h)?);
            }
        }
        Ok(out)
    }

    #[inline(never)]
    fn fstring(&mut self, parts: &[FPart], h: &mut dyn PyHost) -> R<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                FPart::Lit(s) => out.push_str(s),
                FPart::Expr {
                    expr,
                    conv,
                    spec,
                    debug,
                } => {
                    let v = self.eval(expr, h)?;
                    if let Some(d) = debug {
                        out.push_str(d);
                    }
                    let v = match conv {
                        Some('r') => Value::Str(Arc::from(self.repr(&v, h)?)),
                        Some('s') => Value::Str(Arc::from(self.str_of(&v, h)?)),
                        Some('a') => {
                            let r = self.repr(&v, h)?;
                            Value::Str(Arc::from(crate::format::ascii_escape(&r)))
                        }
                        _ => v,
                    };
                    let spec = match spec {
                        Some(sp) => self.fstring(sp, h)?,
                        None => String::new(),
                    };
                    let s = crate::format::format_value(self, &v, &spec, h)?;
                    out.push_str(&s);
                }
            }
            if out.len() > MAX_STR {
                return Err(self.exc("MemoryError", ""));
            }
        }
        Ok(out)
    }

    #[inline(never)]
    fn eval_call(&mut self, func: &Expr, args: &[Arg], h: &mut dyn PyHost) -> R<Value> {
        if args.is_empty()
            && let ExprKind::Name(n) = &func.kind
            && &**n == "super"
        {
            return self.make_super();
        }
        let f = self.eval(func, h)?;
        let (pos, kw) = self.eval_args(args, h)?;
        self.call(f, pos, kw, h)
    }

    #[inline(never)]
    fn make_super(&mut self) -> R<Value> {
        let f = self.frame();
        let (cls, first) = (f.class, f.first_arg.clone());
        if let (Some(cls), Some(first)) = (cls, first)
            && self.env_get(f.locals, "super").is_none()
            && self.env_get(f.globals, "super").is_none()
        {
            return Ok(Value::Obj(self.alloc(Obj::Super(cls, first))?));
        }
        Err(self.exc("RuntimeError", "super(): no arguments"))
    }

    #[inline(never)]
    fn eval_args(&mut self, args: &[Arg], h: &mut dyn PyHost) -> R<(Vec<Value>, Kw)> {
        let mut pos = Vec::with_capacity(args.len());
        let mut kw: Kw = Vec::new();
        for a in args {
            match a {
                Arg::Pos(e) => pos.push(self.eval(e, h)?),
                Arg::Star(e) => {
                    let v = self.eval(e, h)?;
                    let vals = self.collect(&v, h)?;
                    pos.extend(vals);
                }
                Arg::Kw(k, e) => {
                    let v = self.eval(e, h)?;
                    kw.push((k.clone(), v));
                }
                Arg::StarStar(e) => {
                    let m = self.eval(e, h)?;
                    for (k, v) in crate::builtins::mapping_items(self, &m, h)? {
                        match k {
                            Value::Str(s) => kw.push((s, v)),
                            _ => return Err(self.exc("TypeError", "keywords must be strings")),
                        }
                    }
                }
            }
        }
        Ok((pos, kw))
    }

    #[inline(never)]
    fn eval_comp(
        &mut self,
        kind: CompKind,
        elt: &Expr,
        val: Option<&Expr>,
        gens: &[Comp],
        h: &mut dyn PyHost,
    ) -> R<Value> {
        let f = self.frame();
        let parent = match f.kind {
            ScopeKind::Module => None,
            _ => Some(f.locals),
        };
        let (globals, source, name) = (f.globals, f.source.clone(), f.name.clone());
        let (class, first_arg) = (f.class, f.first_arg.clone());
        // first iterable is evaluated in the enclosing scope
        let first_iter = self.eval(&gens[0].iter, h)?;
        let env = self.new_env(parent)?;
        self.frames.push(Frame {
            kind: ScopeKind::Comp,
            locals: env,
            globals,
            def: None,
            source,
            name,
            class,
            first_arg,
        });
        let mut out = Vec::new();
        let mut dict = Dict::new();
        let r = self.comp_loop(gens, 0, Some(first_iter), elt, val, &mut out, &mut dict, h);
        self.frames.pop();
        r?;
        if val.is_some() {
            return self.new_dict(dict);
        }
        match kind {
            CompKind::List => self.new_list(out),
            CompKind::Gen => {
                if out.len() > MAX_SEQ {
                    return Err(self.exc("MemoryError", ""));
                }
                Ok(Value::Obj(self.alloc(Obj::Iter(IterKind::Items(out, 0)))?))
            }
            CompKind::Set => {
                let mut d = Dict::new();
                for x in out {
                    let k = self.hkey(&x)?;
                    d.insert(k, x, Value::None);
                }
                Ok(Value::Obj(self.alloc(Obj::Set(d))?))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn comp_loop(
        &mut self,
        gens: &[Comp],
        i: usize,
        first: Option<Value>,
        elt: &Expr,
        val: Option<&Expr>,
        out: &mut Vec<Value>,
        dict: &mut Dict,
        h: &mut dyn PyHost,
    ) -> R<()> {
        let Some(g) = gens.get(i) else {
            let v = self.eval(elt, h)?;
            if let Some(ve) = val {
                let vv = self.eval(ve, h)?;
                let k = self.hkey(&v)?;
                dict.insert(k, v, vv);
            } else {
                out.push(v);
            }
            if out.len() + dict.len() > MAX_SEQ {
                return Err(self.exc("MemoryError", ""));
            }
            return self.grow(1);
        };
        let it = match first {
            Some(v) => v,
            None => self.eval(&g.iter, h)?,
        };
        let iter_id = self.iter(&it, h)?;
        self.roots.push(Value::Obj(iter_id));
        let r = (|| {
            'outer: while let Some(v) = self.next(iter_id, h)? {
                self.step()?;
                self.assign(&g.target, v, h)?;
                for cond in &g.ifs {
                    let c = self.eval(cond, h)?;
                    if !self.truthy(&c, h)? {
                        continue 'outer;
                    }
                }
                self.comp_loop(gens, i + 1, None, elt, val, out, dict, h)?;
            }
            Ok(())
        })();
        self.roots.pop();
        r
    }

    // ----- iteration -----

    #[inline(never)]
    pub fn iter(&mut self, v: &Value, h: &mut dyn PyHost) -> R<ObjId> {
        let kind = match v {
            Value::Str(_) | Value::Bytes(_) | Value::Tuple(_) => IterKind::Seq(v.clone(), 0),
            Value::Range(a, b, c) => IterKind::Range(*a, *b, *c),
            Value::Obj(id) => match self.obj(*id) {
                Obj::List(_) => IterKind::Seq(v.clone(), 0),
                Obj::Dict(d) => IterKind::DictKeys(*id, 0, d.len()),
                Obj::Set(d) => IterKind::Items(d.set_order(), 0),
                Obj::DictView(d, k) => {
                    let (d, k) = (*d, *k);
                    let items = crate::builtins::dict_view_items(self, d, k)?;
                    IterKind::Items(items, 0)
                }
                Obj::Iter(_) => return Ok(*id),
                Obj::File(_) => {
                    let lines = crate::builtins::file_lines(self, *id)?;
                    IterKind::Items(lines, 0)
                }
                Obj::Instance(inst) => {
                    let cls = inst.class;
                    if self.find_class_attr(cls, "__iter__").is_some() {
                        let it = self.call_method(v, "__iter__", vec![], h)?;
                        if let Value::Obj(iid) = &it
                            && matches!(self.obj(*iid), Obj::Iter(_))
                        {
                            return Ok(*iid);
                        }
                        let items = self.collect_protocol(&it, h)?;
                        IterKind::Items(items, 0)
                    } else if self.find_class_attr(cls, "__getitem__").is_some() {
                        let mut items = Vec::new();
                        let mut i = 0;
                        loop {
                            match self.call_method(v, "__getitem__", vec![Value::Int(i)], h) {
                                Ok(x) => items.push(x),
                                Err(Flow::Exc(e)) if self.exc_matches(&e.value, "IndexError") => {
                                    break;
                                }
                                Err(e) => return Err(e),
                            }
                            i += 1;
                            self.step()?;
                        }
                        IterKind::Items(items, 0)
                    } else {
                        let tn = self.type_name(v);
                        return Err(self.exc("TypeError", format!("'{tn}' object is not iterable")));
                    }
                }
                _ => {
                    let tn = self.type_name(v);
                    return Err(self.exc("TypeError", format!("'{tn}' object is not iterable")));
                }
            },
            _ => {
                let tn = self.type_name(v);
                return Err(self.exc("TypeError", format!("'{tn}' object is not iterable")));
            }
        };
        self.alloc(Obj::Iter(kind))
    }

    /// Iterate a user iterator object using `__next__` until StopIteration.
    fn collect_protocol(&mut self, it: &Value, h: &mut dyn PyHost) -> R<Vec<Value>> {
        let mut out = Vec::new();
        loop {
            match self.call_method(it, "__next__", vec![], h) {
                Ok(v) => out.push(v),
                Err(Flow::Exc(e)) if self.exc_matches(&e.value, "StopIteration") => break,
                Err(e) => return Err(e),
            }
            self.step()?;
            if out.len() > MAX_SEQ {
                return Err(self.exc("MemoryError", ""));
            }
        }
        Ok(out)
    }

    #[inline(never)]
    pub fn next(&mut self, it: ObjId, h: &mut dyn PyHost) -> R<Option<Value>> {
        let Obj::Iter(kind) = self.obj(it) else {
            return Ok(None);
        };
        let kind = kind.clone();
        let (val, new_kind) = match kind {
            IterKind::Seq(seq, i) => {
                let item = match &seq {
                    Value::Tuple(t) => t.get(i).cloned(),
                    Value::Bytes(b) => b.get(i).map(|x| Value::Int(*x as i128)),
                    Value::Str(s) => {
                        // i is a byte offset for strings
                        s[i.min(s.len())..].chars().next().map(|c| {
                            let mut buf = [0u8; 4];
                            Value::str(c.encode_utf8(&mut buf))
                        })
                    }
                    Value::Obj(id) => match self.obj(*id) {
                        Obj::List(l) => l.get(i).cloned(),
                        _ => None,
                    },
                    _ => None,
                };
                let ni = match (&seq, &item) {
                    (Value::Str(_), Some(Value::Str(c))) => i + c.len(),
                    _ => i + 1,
                };
                (item, Some(IterKind::Seq(seq, ni)))
            }
            IterKind::Range(a, b, c) => {
                if (c > 0 && a < b) || (c < 0 && a > b) {
                    let next = a.checked_add(c).unwrap_or(b);
                    (Some(Value::Int(a)), Some(IterKind::Range(next, b, c)))
                } else {
                    (None, None)
                }
            }
            IterKind::Items(items, i) => {
                let v = items.get(i).cloned();
                if let Some(Obj::Iter(IterKind::Items(_, idx))) = self.obj_mut(it) {
                    *idx = i + 1;
                }
                return Ok(v);
            }
            IterKind::DictKeys(d, mut i, len) => {
                let (cur_len, item) = match self.obj(d) {
                    Obj::Dict(dd) => {
                        let mut item = None;
                        while let Some(slot) = dd.slot(i) {
                            i += 1;
                            if let Some((k, _)) = slot {
                                item = Some(k.clone());
                                break;
                            }
                        }
                        (dd.len(), item)
                    }
                    _ => (0, None),
                };
                if cur_len != len {
                    return Err(self.exc("RuntimeError", "dictionary changed size during iteration"));
                }
                (item, Some(IterKind::DictKeys(d, i, len)))
            }
            IterKind::Enumerate(inner, n) => {
                let v = self.next(inner, h)?;
                (
                    v.map(|v| Value::tuple(vec![Value::Int(n), v])),
                    Some(IterKind::Enumerate(inner, n + 1)),
                )
            }
            IterKind::Zip(inners) => {
                let mut vals = Vec::new();
                for i in &inners {
                    match self.next(*i, h)? {
                        Some(v) => vals.push(v),
                        None => return Ok(None),
                    }
                }
                (Some(Value::tuple(vals)), None)
            }
            IterKind::Map(f, inners) => {
                let mut vals = Vec::new();
                for i in &inners {
                    match self.next(*i, h)? {
                        Some(v) => vals.push(v),
                        None => return Ok(None),
                    }
                }
                (Some(self.call(f, vals, Vec::new(), h)?), None)
            }
            IterKind::Filter(f, inner) => loop {
                let Some(v) = self.next(inner, h)? else {
                    return Ok(None);
                };
                let keep = if matches!(f, Value::None) {
                    self.truthy(&v, h)?
                } else {
                    let r = self.call(f.clone(), vec![v.clone()], Vec::new(), h)?;
                    self.truthy(&r, h)?
                };
                if keep {
                    break (Some(v), None);
                }
                self.step()?;
            },
        };
        if let Some(nk) = new_kind
            && let Some(Obj::Iter(k)) = self.obj_mut(it)
        {
            *k = nk;
        }
        Ok(val)
    }

    /// Materialize an iterable into a Vec (bounded).
    #[inline(never)]
    pub fn collect(&mut self, v: &Value, h: &mut dyn PyHost) -> R<Vec<Value>> {
        match v {
            Value::Tuple(t) => return Ok(t.to_vec()),
            Value::Obj(id) => {
                if let Obj::List(l) = self.obj(*id) {
                    return Ok(l.clone());
                }
            }
            Value::Range(a, b, c) => {
                let n = crate::builtins::range_len(*a, *b, *c);
                if n > MAX_SEQ as i128 {
                    return Err(self.exc("MemoryError", ""));
                }
                self.grow(n as usize)?;
                let mut out = Vec::with_capacity(n as usize);
                let mut i = *a;
                for _ in 0..n {
                    out.push(Value::Int(i));
                    i += c;
                }
                return Ok(out);
            }
            _ => {}
        }
        let it = self.iter(v, h)?;
        self.roots.push(Value::Obj(it));
        let mut out = Vec::new();
        let r = (|| {
            while let Some(x) = self.next(it, h)? {
                out.push(x);
                if out.len() > MAX_SEQ {
                    return Err(self.exc("MemoryError", ""));
                }
                if out.len() % 1024 == 0 {
                    self.step()?;
                }
            }
            Ok(())
        })();
        self.roots.pop();
        r?;
        self.grow(out.len())?;
        Ok(out)
    }

    // ----- items -----

    pub fn getitem(&mut self, o: &Value, i: &Value, h: &mut dyn PyHost) -> R<Value> {
        crate::builtins::getitem(self, o, i, h)
    }

    pub fn setitem(&mut self, o: &Value, i: Value, v: Value, h: &mut dyn PyHost) -> R<()> {
        crate::builtins::setitem(self, o, i, v, h)
    }

    pub fn hkey(&mut self, v: &Value) -> R<HKey> {
        self.hkey_at(v, 0)
    }

    fn hkey_at(&mut self, v: &Value, depth: u32) -> R<HKey> {
        if depth > 100 {
            return Err(self.exc(
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        Ok(match v {
            Value::None => HKey::None,
            Value::Bool(b) => HKey::Int(*b as i128),
            Value::Int(i) => HKey::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e38 {
                    HKey::Int(*f as i128)
                } else if f.is_nan() {
                    HKey::Float(f64::NAN.to_bits())
                } else {
                    HKey::Float(f.to_bits())
                }
            }
            Value::Str(s) => HKey::Str(s.clone()),
            Value::Bytes(b) => HKey::Bytes(b.clone()),
            Value::Tuple(t) => {
                let mut ks = Vec::with_capacity(t.len());
                for x in t.iter() {
                    ks.push(self.hkey_at(x, depth + 1)?);
                }
                HKey::Tuple(ks)
            }
            Value::Range(a, b, c) => HKey::Range(*a, *b, *c),
            Value::Ellipsis => HKey::Ellipsis,
            Value::Type(t) => HKey::Type(*t),
            Value::Builtin(n) => HKey::Builtin(n),
            Value::Obj(id) => match self.obj(*id) {
                Obj::List(_) | Obj::Dict(_) | Obj::Set(_) | Obj::DictView(..) => {
                    let tn = self.type_name(v);
                    return Err(self.exc("TypeError", format!("unhashable type: '{tn}'")));
                }
                _ => HKey::Id(*id),
            },
        })
    }

    // ----- truthiness, repr, str -----

    pub fn truthy(&mut self, v: &Value, h: &mut dyn PyHost) -> R<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Range(a, b, c) => crate::builtins::range_len(*a, *b, *c) > 0,
            Value::Obj(id) => match self.obj(*id) {
                Obj::List(l) => !l.is_empty(),
                Obj::Dict(d) | Obj::Set(d) => !d.is_empty(),
                Obj::Instance(i) => {
                    let cls = i.class;
                    if self.find_class_attr(cls, "__bool__").is_some() {
                        let r = self.call_method(v, "__bool__", vec![], h)?;
                        return Ok(matches!(r, Value::Bool(true)));
                    }
                    if self.find_class_attr(cls, "__len__").is_some() {
                        let r = self.call_method(v, "__len__", vec![], h)?;
                        return Ok(!matches!(r, Value::Int(0)));
                    }
                    true
                }
                _ => true,
            },
            _ => true,
        })
    }

    pub fn repr(&mut self, v: &Value, h: &mut dyn PyHost) -> R<String> {
        crate::format::repr(self, v, h)
    }

    pub fn str_of(&mut self, v: &Value, h: &mut dyn PyHost) -> R<String> {
        crate::format::to_str(self, v, h)
    }

    // ----- operators -----

    pub fn unary(&mut self, op: UnOp, v: &Value, h: &mut dyn PyHost) -> R<Value> {
        match (op, v) {
            (UnOp::Not, _) => Ok(Value::Bool(!self.truthy(v, h)?)),
            (UnOp::Neg, Value::Int(i)) => i.checked_neg().map(Value::Int).ok_or_else(|| self.overflow()),
            (UnOp::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i128))),
            (UnOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
            (UnOp::Pos, Value::Int(_) | Value::Float(_)) => Ok(v.clone()),
            (UnOp::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i128)),
            (UnOp::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
            (UnOp::Invert, Value::Bool(b)) => Ok(Value::Int(!(*b as i128))),
            _ => {
                let name = match op {
                    UnOp::Neg => "__neg__",
                    UnOp::Pos => "__pos__",
                    _ => "__invert__",
                };
                if let Some(cls) = self.class_of(v)
                    && self.find_class_attr(cls, name).is_some()
                {
                    return self.call_method(v, name, vec![], h);
                }
                let sym = match op {
                    UnOp::Neg => "-",
                    UnOp::Pos => "+",
                    _ => "~",
                };
                let tn = self.type_name(v);
                Err(self.exc("TypeError", format!("bad operand type for unary {sym}: '{tn}'")))
            }
        }
    }

    pub fn overflow(&mut self) -> Flow {
        self.exc(
            "OverflowError",
            "integer result too large for the Dockyard Python simulator (limit 2**127)",
        )
    }

    pub fn binop(&mut self, op: BinOp, a: &Value, b: &Value, h: &mut dyn PyHost) -> R<Value> {
        crate::ops::binop(self, op, a, b, h)
    }

    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value, h: &mut dyn PyHost) -> R<bool> {
        crate::ops::compare(self, op, a, b, h)
    }

    /// Run a whole module body as `<module>` (script, `-c`, REPL input).
    pub fn run_module(&mut self, body: &[Stmt], env: ObjId, source: Arc<Source>, h: &mut dyn PyHost) -> R<()> {
        if self.frames.is_empty() {
            self.reset_stack_base();
        }
        self.frames.push(Frame {
            kind: ScopeKind::Module,
            locals: env,
            globals: env,
            def: None,
            source: source.clone(),
            name: Arc::from("<module>"),
            class: None,
            first_arg: None,
        });
        let depth = self.frames.len();
        let r = if depth == 1 {
            self.exec_module_body(body, h)
        } else {
            self.exec_block(body, h)
        };
        self.frames.pop();
        match r {
            Err(Flow::Exc(mut e)) => {
                let pos = e.pos.take().unwrap_or(Pos {
                    span: Span::default(),
                    anchor: (3, 0, 0),
                });
                e.tb.push(TbEntry {
                    source,
                    name: Arc::from("<module>"),
                    pos,
                });
                Err(Flow::Exc(e))
            }
            Err(Flow::Serve(mut e)) => {
                let pos = e.pos.take().unwrap_or(Pos {
                    span: Span::default(),
                    anchor: (3, 0, 0),
                });
                e.tb.push(TbEntry {
                    source,
                    name: Arc::from("<module>"),
                    pos,
                });
                Err(Flow::Serve(e))
            }
            Err(Flow::Break) | Err(Flow::Continue) | Err(Flow::Return(_)) => Ok(()),
            other => other,
        }
    }
}

#[cold]
#[inline(never)]
fn stmt_err(f: Flow, s: &Stmt) -> Flow {
    claim_flow(
        f,
        Pos {
            span: s.span,
            anchor: (3, 0, 0),
        },
    )
}

/// Attach a position to an exception (or server start) that has none yet.
pub fn claim_flow(f: Flow, pos: Pos) -> Flow {
    match f {
        Flow::Exc(mut e) if e.pos.is_none() => {
            e.pos = Some(pos);
            Flow::Exc(e)
        }
        Flow::Serve(mut e) if e.pos.is_none() => {
            e.pos = Some(pos);
            Flow::Serve(e)
        }
        f => f,
    }
}

/// A `Flow::Serve` for the server object `id`.
pub fn serve_flow(id: ObjId) -> Flow {
    Flow::Serve(Box::new(Exc {
        value: Value::Obj(id),
        tb: Vec::new(),
        pos: None,
        context: None,
        cause: None,
        suppress_context: false,
    }))
}

fn exc_values(e: &Exc, out: &mut Vec<Value>) {
    out.push(e.value.clone());
    if let Some(c) = &e.context {
        exc_values(c, out);
    }
    if let Some(c) = &e.cause {
        exc_values(c, out);
    }
}
