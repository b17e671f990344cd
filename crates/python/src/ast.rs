//! Syntax tree of the supported Python subset, with source spans on every
//! expression and statement (used for tracebacks with carets).

use std::collections::BTreeSet;
use std::sync::Arc;

/// 1-based lines, 0-based character columns, end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Span {
    pub fn to(self, other: Span) -> Span {
        Span {
            line: self.line,
            col: self.col,
            end_line: other.end_line,
            end_col: other.end_col,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Height of this subtree (bounded by the parser).
    pub depth: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::MatMul => "@",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Const {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Ellipsis,
}

#[derive(Clone, Debug)]
pub enum FPart {
    Lit(String),
    Expr {
        expr: Box<Expr>,
        conv: Option<char>,
        spec: Option<Vec<FPart>>,
        debug: Option<String>,
    },
}

#[derive(Clone, Debug)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(Arc<str>, Expr),
    StarStar(Expr),
}

#[derive(Clone, Debug)]
pub struct Comp {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Gen,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Const(Const),
    FString(Vec<FPart>),
    Name(Arc<str>),
    Attr(Box<Expr>, Arc<str>),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Call(Box<Expr>, Vec<Arg>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    /// `and` when true, `or` when false.
    BoolOp(bool, Box<Expr>, Box<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `None` key means `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    Comp(CompKind, Box<Expr>, Arc<Vec<Comp>>),
    DictComp(Box<Expr>, Box<Expr>, Arc<Vec<Comp>>),
    Lambda(Arc<FuncDef>),
    Starred(Box<Expr>),
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: Arc<str>,
    pub default: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct FuncDef {
    pub name: Arc<str>,
    pub params: Vec<Param>,
    pub vararg: Option<Arc<str>>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Arc<str>>,
    pub body: Vec<Stmt>,
    pub span: Span,
    /// Names bound in the body (locals), excluding `global`/`nonlocal` ones.
    pub locals: BTreeSet<Arc<str>>,
    pub globals: BTreeSet<Arc<str>>,
    pub nonlocals: BTreeSet<Arc<str>>,
}

#[derive(Clone, Debug)]
pub struct Handler {
    pub typ: Option<Expr>,
    pub name: Option<Arc<str>>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: Arc<str>,
    pub bases: Vec<Expr>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    AnnAssign(Expr, Option<Expr>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>, Vec<Stmt>),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    FuncDef(Arc<FuncDef>, Vec<Expr>),
    ClassDef(Arc<ClassDef>, Vec<Expr>),
    /// `import a.b as c`: (dotted name, alias)
    Import(Vec<(String, Option<Arc<str>>)>),
    /// `from m import a as b` (names empty means `*`), with relative level.
    ImportFrom(String, Vec<(Arc<str>, Option<Arc<str>>)>, u32),
    Try(Vec<Stmt>, Vec<Handler>, Vec<Stmt>, Vec<Stmt>),
    Raise(Option<Expr>, Option<Expr>),
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>),
    Global(Vec<Arc<str>>),
    Nonlocal(Vec<Arc<str>>),
    Del(Vec<Expr>),
    Assert(Expr, Option<Expr>),
}
