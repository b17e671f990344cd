//! Recursive-descent parser for the supported subset, producing CPython 3.11
//! style SyntaxError messages and rejecting unsupported syntax explicitly.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::ast::*;
use crate::lexer::{StrLit, SyntaxErr, SyntaxKind, Tok, Token, tokenize, unescape};

/// Maximum height of an expression tree.
const MAX_EXPR_DEPTH: u16 = 150;
/// Maximum nesting of parser recursion (parentheses, blocks, unary chains).
const MAX_NEST: u32 = 90;
/// Bytes of machine stack the parser may use (deep nesting becomes a SyntaxError).
const PARSER_STACK: usize = 192 * 1024;

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

pub fn unsupported(what: &str) -> String {
    format!("{what} is not supported by the Dockyard Python simulator")
}

/// Parse a module (file, `-c` string or one REPL input).
pub fn parse_module(src: &str) -> Result<Vec<Stmt>, SyntaxErr> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        nest: 0,
        func: 0,
        loops: 0,
        line_offset: 0,
        col_offset: 0,
        base: crate::interp::stack_addr(),
    };
    let mut body = Vec::new();
    loop {
        match p.peek() {
            Tok::Eof => break,
            Tok::Newline => {
                p.pos += 1;
            }
            _ => p.statement(&mut body)?,
        }
    }
    Ok(body)
}

/// Parse a standalone expression (used for f-string replacement fields).
fn parse_sub_expression(src: &str, line: u32, col: u32) -> Result<Expr, SyntaxErr> {
    let shift = |mut e: SyntaxErr| {
        if e.line == 1 {
            e.col += col;
            e.end_col += col;
        }
        e.line += line - 1;
        e
    };
    let toks = tokenize(&format!("({src})")).map_err(shift)?;
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        nest: 0,
        func: 0,
        loops: 0,
        line_offset: line - 1,
        col_offset: col,
        base: crate::interp::stack_addr(),
    };
    let e = p.expression().map_err(|e| {
        let mut e = e;
        e.msg = format!("f-string: {}", e.msg);
        e
    })?;
    if !matches!(p.peek(), Tok::Newline | Tok::Eof) {
        let t = p.tok().clone();
        return Err(SyntaxErr::new("f-string: invalid syntax", t.line, t.col, t.end_col));
    }
    Ok(e)
}

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    nest: u32,
    func: u32,
    loops: u32,
    line_offset: u32,
    col_offset: u32,
    base: usize,
}

type PResult<T> = Result<T, SyntaxErr>;
/// (positional params, *args, keyword-only params, **kwargs)
type Params = (Vec<Param>, Option<Arc<str>>, Vec<Param>, Option<Arc<str>>);

fn mk(kind: ExprKind, span: Span, depth: u16) -> PResult<Expr> {
    if depth > MAX_EXPR_DEPTH {
        return Err(SyntaxErr::new(
            "expression too deeply nested for the Dockyard Python simulator",
            span.line,
            span.col,
            span.col + 1,
        ));
    }
    Ok(Expr { kind, span, depth })
}

fn dmax<'e>(it: impl IntoIterator<Item = &'e Expr>) -> u16 {
    it.into_iter().map(|e| e.depth).max().unwrap_or(0) + 1
}

fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Const(Const::None) => "None",
        ExprKind::Const(Const::Bool(true)) => "True",
        ExprKind::Const(Const::Bool(false)) => "False",
        ExprKind::Const(Const::Ellipsis) => "ellipsis",
        ExprKind::Const(_) | ExprKind::FString(_) => "literal",
        ExprKind::Call(..) => "function call",
        ExprKind::Bin(..) | ExprKind::Unary(..) => "expression",
        ExprKind::BoolOp(..) => "expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::IfExp(..) => "conditional expression",
        ExprKind::Dict(..) => "dict literal",
        ExprKind::Set(..) => "set display",
        ExprKind::Comp(CompKind::List, ..) => "list comprehension",
        ExprKind::Comp(CompKind::Set, ..) => "set comprehension",
        ExprKind::Comp(CompKind::Gen, ..) => "generator expression",
        ExprKind::DictComp(..) => "dict comprehension",
        ExprKind::Lambda(..) => "lambda",
        _ => "expression",
    }
}

impl<'a> Parser<'a> {
    fn tok(&self) -> &'a Token {
        let i = self.pos.min(self.toks.len().saturating_sub(1));
        &self.toks[i]
    }
    fn peek(&self) -> &'a Tok {
        &self.tok().tok
    }
    fn peek_at(&self, n: usize) -> &'a Tok {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        &self.toks[i].tok
    }
    fn span(&self) -> Span {
        let t = self.tok();
        Span {
            line: t.line + self.line_offset,
            col: t.col + self.col_off(t.line),
            end_line: t.end_line + self.line_offset,
            end_col: t.end_col + self.col_off(t.end_line),
        }
    }
    fn col_off(&self, line: u32) -> u32 {
        if line == 1 && self.col_offset > 0 {
            self.col_offset.saturating_sub(1)
        } else {
            0
        }
    }
    fn prev_span(&self) -> Span {
        let t = &self.toks[self.pos.saturating_sub(1).min(self.toks.len() - 1)];
        Span {
            line: t.line + self.line_offset,
            col: t.col + self.col_off(t.line),
            end_line: t.end_line + self.line_offset,
            end_col: t.end_col + self.col_off(t.end_line),
        }
    }
    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if &**n == kw)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn err_here(&self, msg: impl Into<String>) -> SyntaxErr {
        let s = self.span();
        let mut e = SyntaxErr::new(
            msg,
            s.line,
            s.col,
            if s.end_line == s.line { s.end_col } else { s.col + 1 },
        );
        if matches!(self.peek(), Tok::Eof) {
            e.incomplete = true;
        }
        e
    }
    fn invalid(&self) -> SyntaxErr {
        if matches!(self.peek(), Tok::Indent) {
            let s = self.span();
            let mut e = SyntaxErr::new("unexpected indent", s.line, s.col, s.col + 1);
            e.kind = SyntaxKind::Indentation;
            return e;
        }
        self.err_here("invalid syntax")
    }
    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else if op == ":" {
            Err(self.err_here("expected ':'"))
        } else {
            Err(self.invalid())
        }
    }
    fn enter(&mut self) -> PResult<()> {
        self.nest += 1;
        if self.nest > MAX_NEST || self.base.saturating_sub(crate::interp::stack_addr()) > PARSER_STACK {
            return Err(self.err_here("too many nested parentheses"));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.nest -= 1;
    }
    fn name(&mut self) -> PResult<Arc<str>> {
        match self.peek() {
            Tok::Name(n) if !is_keyword(n) => {
                self.pos += 1;
                Ok(n.clone())
            }
            _ => Err(self.invalid()),
        }
    }

    // ----- statements -----

    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        if let Tok::Indent = self.peek() {
            return Err(self.invalid());
        }
        if let Tok::Name(n) = self.peek() {
            match &**n {
                "if" => return self.if_stmt(out),
                "while" => return self.while_stmt(out),
                "for" => return self.for_stmt(out),
                "def" => return self.def_stmt(out, Vec::new(), start),
                "class" => return self.class_stmt(out, Vec::new(), start),
                "try" => return self.try_stmt(out),
                "with" => return self.with_stmt(out),
                "async" => return Err(self.err_here(unsupported("'async'"))),
                _ => {}
            }
        }
        if self.is_op("@") {
            let mut decos = Vec::new();
            while self.eat_op("@") {
                decos.push(self.named_expression()?);
                if !matches!(self.peek(), Tok::Newline) {
                    return Err(self.invalid());
                }
                self.pos += 1;
            }
            let s = self.span();
            if self.is_kw("def") {
                return self.def_stmt(out, decos, s);
            }
            if self.is_kw("class") {
                return self.class_stmt(out, decos, s);
            }
            return Err(self.invalid());
        }
        self.simple_stmts(out)
    }

    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple_stmt()?;
            out.push(s);
            if self.eat_op(";") {
                if matches!(self.peek(), Tok::Newline | Tok::Eof) {
                    break;
                }
                continue;
            }
            break;
        }
        match self.peek() {
            Tok::Newline => {
                self.pos += 1;
                Ok(())
            }
            Tok::Eof => Ok(()),
            _ => Err(self.invalid()),
        }
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.span();
        let kw = match self.peek() {
            Tok::Name(n) => Some(n.clone()),
            _ => None,
        };
        let kind = match kw.as_deref() {
            Some("pass") => {
                self.pos += 1;
                StmtKind::Pass
            }
            Some("break") => {
                if self.loops == 0 {
                    return Err(self.err_here("'break' outside loop"));
                }
                self.pos += 1;
                StmtKind::Break
            }
            Some("continue") => {
                if self.loops == 0 {
                    return Err(self.err_here("'continue' not properly in loop"));
                }
                self.pos += 1;
                StmtKind::Continue
            }
            Some("return") => {
                if self.func == 0 {
                    let s = self.span();
                    self.pos += 1;
                    let e = if self.at_stmt_end() {
                        s
                    } else {
                        s.to(self.star_expressions()?.span)
                    };
                    return Err(SyntaxErr::new("'return' outside function", e.line, e.col, e.end_col));
                }
                self.pos += 1;
                if self.at_stmt_end() {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.star_expressions()?))
                }
            }
            Some("raise") => {
                self.pos += 1;
                if self.at_stmt_end() {
                    StmtKind::Raise(None, None)
                } else {
                    let e = self.expression()?;
                    let cause = if self.eat_kw("from") {
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    StmtKind::Raise(Some(e), cause)
                }
            }
            Some("global") | Some("nonlocal") => {
                self.pos += 1;
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                if kw.as_deref() == Some("global") {
                    StmtKind::Global(names)
                } else {
                    if self.func == 0 {
                        return Err(SyntaxErr::new(
                            "nonlocal declaration not allowed at module level",
                            start.line,
                            start.col,
                            start.end_col,
                        ));
                    }
                    StmtKind::Nonlocal(names)
                }
            }
            Some("del") => {
                self.pos += 1;
                let mut targets = vec![self.bitor()?];
                while self.eat_op(",") {
                    if self.at_stmt_end() {
                        break;
                    }
                    targets.push(self.bitor()?);
                }
                for t in &targets {
                    self.check_target(t, "delete")?;
                }
                StmtKind::Del(targets)
            }
            Some("assert") => {
                self.pos += 1;
                let t = self.expression()?;
                let m = if self.eat_op(",") {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert(t, m)
            }
            Some("import") => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    let name = self.dotted_name()?;
                    let alias = if self.eat_kw("as") { Some(self.name()?) } else { None };
                    items.push((name, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(items)
            }
            Some("from") => {
                self.pos += 1;
                let mut level = 0;
                loop {
                    if self.eat_op(".") {
                        level += 1;
                    } else if self.eat_op("...") {
                        level += 3;
                    } else {
                        break;
                    }
                }
                let module = if level > 0 && self.is_kw("import") {
                    String::new()
                } else {
                    self.dotted_name()?
                };
                if !self.eat_kw("import") {
                    return Err(self.invalid());
                }
                let mut names = Vec::new();
                if self.eat_op("*") {
                    // names empty == star
                } else {
                    let paren = self.eat_op("(");
                    loop {
                        let n = self.name()?;
                        let alias = if self.eat_kw("as") { Some(self.name()?) } else { None };
                        names.push((n, alias));
                        if !self.eat_op(",") {
                            break;
                        }
                        if paren && self.is_op(")") {
                            break;
                        }
                    }
                    if paren {
                        self.expect_op(")")?;
                    }
                }
                StmtKind::ImportFrom(module, names, level)
            }
            Some("yield") => return Err(self.err_here(unsupported("'yield' (generators)"))),
            Some("match")
                if matches!(
                    self.peek_at(1),
                    Tok::Name(_) | Tok::Str(_) | Tok::Int(_) | Tok::Op("(") | Tok::Op("[") | Tok::Op("{")
                ) && self.line_ends_with_colon() =>
            {
                return Err(self.err_here(unsupported("the 'match' statement")));
            }
            Some("await") => return Err(self.err_here(unsupported("'await'"))),
            Some("print") | Some("exec")
                if matches!(
                    self.peek_at(1),
                    Tok::Name(_) | Tok::Str(_) | Tok::Int(_) | Tok::Float(_)
                ) && !matches!(self.peek_at(1), Tok::Name(n) if is_keyword(n) && !matches!(&**n, "None"|"True"|"False"|"not"|"lambda")) =>
            {
                let name = kw.unwrap_or_else(|| Arc::from("print"));
                let mut end = start;
                let save = self.pos;
                self.pos += 1;
                if let Ok(e) = self.star_expressions() {
                    end = e.span;
                }
                self.pos = save;
                return Err(SyntaxErr::new(
                    format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
                    start.line,
                    start.col,
                    if end.end_line == start.line {
                        end.end_col
                    } else {
                        start.end_col
                    },
                ));
            }
            _ => return self.expr_or_assign(start),
        };
        Ok(Stmt {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    /// Does the current logical line end with `:` (a block header)?
    fn line_ends_with_colon(&self) -> bool {
        let mut k = self.pos;
        while k + 1 < self.toks.len() && !matches!(self.toks[k + 1].tok, Tok::Newline | Tok::Eof) {
            k += 1;
        }
        matches!(self.toks[k].tok, Tok::Op(":"))
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";")
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut s = self.name()?.to_string();
        while self.eat_op(".") {
            s.push('.');
            s.push_str(&self.name()?);
        }
        Ok(s)
    }

    fn expr_or_assign(&mut self, start: Span) -> PResult<Stmt> {
        let first = self.star_expressions()?;
        if self.is_op(":") {
            // annotated assignment
            self.pos += 1;
            self.check_target(&first, "assign to")?;
            if !matches!(
                first.kind,
                ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)
            ) {
                return Err(SyntaxErr::new(
                    "only single target (not tuple) can be annotated",
                    first.span.line,
                    first.span.col,
                    first.span.end_col,
                ));
            }
            let _ann = self.expression()?;
            let value = if self.eat_op("=") {
                Some(self.star_expressions()?)
            } else {
                None
            };
            return Ok(Stmt {
                kind: StmtKind::AnnAssign(first, value),
                span: start.to(self.prev_span()),
            });
        }
        if let Tok::Op(op) = self.peek() {
            let aug = match *op {
                "+=" => Some(BinOp::Add),
                "-=" => Some(BinOp::Sub),
                "*=" => Some(BinOp::Mul),
                "/=" => Some(BinOp::Div),
                "//=" => Some(BinOp::FloorDiv),
                "%=" => Some(BinOp::Mod),
                "**=" => Some(BinOp::Pow),
                "<<=" => Some(BinOp::LShift),
                ">>=" => Some(BinOp::RShift),
                "&=" => Some(BinOp::BitAnd),
                "|=" => Some(BinOp::BitOr),
                "^=" => Some(BinOp::BitXor),
                "@=" => Some(BinOp::MatMul),
                _ => None,
            };
            if let Some(aug) = aug {
                if !matches!(
                    first.kind,
                    ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)
                ) {
                    let what = describe(&first);
                    return Err(SyntaxErr::new(
                        format!("'{what}' is an illegal expression for augmented assignment"),
                        first.span.line,
                        first.span.col,
                        first.span.end_col,
                    ));
                }
                self.pos += 1;
                let value = self.star_expressions()?;
                return Ok(Stmt {
                    kind: StmtKind::AugAssign(first, aug, value),
                    span: start.to(self.prev_span()),
                });
            }
        }
        if self.is_op("=") {
            let mut targets = vec![first];
            let mut value;
            loop {
                self.pos += 1;
                if self.is_kw("yield") {
                    return Err(self.err_here(unsupported("'yield' (generators)")));
                }
                value = self.star_expressions()?;
                if self.is_op("=") {
                    targets.push(value);
                    continue;
                }
                break;
            }
            for t in &targets {
                self.check_target(t, "assign to")?;
            }
            return Ok(Stmt {
                kind: StmtKind::Assign(targets, value),
                span: start.to(self.prev_span()),
            });
        }
        if !self.at_stmt_end() {
            // Two expressions in a row: CPython says "invalid syntax" at the second one.
            return Err(self.invalid());
        }
        Ok(Stmt {
            span: start.to(first.span),
            kind: StmtKind::Expr(first),
        })
    }

    fn check_target(&self, e: &Expr, verb: &str) -> PResult<()> {
        match &e.kind {
            ExprKind::Name(n) => {
                if is_keyword(n) {
                    return Err(SyntaxErr::new(
                        "invalid syntax",
                        e.span.line,
                        e.span.col,
                        e.span.end_col,
                    ));
                }
                Ok(())
            }
            ExprKind::Attr(..) | ExprKind::Subscript(..) => Ok(()),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let mut stars = 0;
                for i in items {
                    if let ExprKind::Starred(inner) = &i.kind {
                        stars += 1;
                        self.check_target(inner, verb)?;
                    } else {
                        self.check_target(i, verb)?;
                    }
                }
                if stars > 1 {
                    return Err(SyntaxErr::new(
                        "multiple starred expressions in assignment",
                        e.span.line,
                        e.span.col,
                        e.span.end_col,
                    ));
                }
                Ok(())
            }
            _ => {
                let what = describe(e);
                let msg = if verb == "assign to" {
                    format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
                } else {
                    format!("cannot {verb} {what}")
                };
                Err(SyntaxErr::new(msg, e.span.line, e.span.col, e.span.end_col))
            }
        }
    }

    fn block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        self.expect_op(":")?;
        let mut body = Vec::new();
        if !matches!(self.peek(), Tok::Newline) {
            self.simple_stmts(&mut body)?;
            return Ok(body);
        }
        self.pos += 1;
        if !matches!(self.peek(), Tok::Indent) {
            let s = self.span();
            let mut e = SyntaxErr::new(
                format!("expected an indented block after {what} on line {line}"),
                s.line,
                s.col,
                s.col + 1,
            );
            e.kind = SyntaxKind::Indentation;
            if matches!(self.peek(), Tok::Eof) {
                e.incomplete = true;
            }
            return Err(e);
        }
        self.pos += 1;
        self.enter()?;
        loop {
            match self.peek() {
                Tok::Dedent => {
                    self.pos += 1;
                    break;
                }
                Tok::Eof => break,
                Tok::Newline => self.pos += 1,
                _ => self.statement(&mut body)?,
            }
        }
        self.leave();
        Ok(body)
    }

    fn test_expr(&mut self) -> PResult<Expr> {
        let e = self.named_expression()?;
        if self.is_op("=") {
            let s = self.span();
            let save = self.pos;
            self.pos += 1;
            let end = self.expression().map(|r| r.span).unwrap_or(s);
            self.pos = save;
            return Err(SyntaxErr::new(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                e.span.line,
                e.span.col,
                if end.end_line == e.span.line {
                    end.end_col
                } else {
                    e.span.end_col
                },
            ));
        }
        Ok(e)
    }

    fn if_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        self.pos += 1;
        let test = self.test_expr()?;
        let body = self.block("'if' statement", start.line)?;
        let orelse = self.else_part()?;
        out.push(Stmt {
            kind: StmtKind::If(test, body, orelse),
            span: start,
        });
        Ok(())
    }

    fn else_part(&mut self) -> PResult<Vec<Stmt>> {
        let s = self.span();
        if self.eat_kw("elif") {
            let test = self.test_expr()?;
            let body = self.block("'elif' statement", s.line)?;
            let orelse = self.else_part()?;
            return Ok(vec![Stmt {
                kind: StmtKind::If(test, body, orelse),
                span: s,
            }]);
        }
        if self.eat_kw("else") {
            return self.block("'else' statement", s.line);
        }
        Ok(Vec::new())
    }

    fn while_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        self.pos += 1;
        let test = self.test_expr()?;
        self.loops += 1;
        let body = self.block("'while' statement", start.line);
        self.loops -= 1;
        let body = body?;
        let s = self.span();
        let orelse = if self.eat_kw("else") {
            self.block("'else' statement", s.line)?
        } else {
            Vec::new()
        };
        out.push(Stmt {
            kind: StmtKind::While(test, body, orelse),
            span: start,
        });
        Ok(())
    }

    fn for_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        self.pos += 1;
        let target = self.target_list()?;
        if !self.eat_kw("in") {
            return Err(self.invalid());
        }
        let iter = self.star_expressions()?;
        self.loops += 1;
        let body = self.block("'for' statement", start.line);
        self.loops -= 1;
        let body = body?;
        let s = self.span();
        let orelse = if self.eat_kw("else") {
            self.block("'else' statement", s.line)?
        } else {
            Vec::new()
        };
        out.push(Stmt {
            kind: StmtKind::For(target, iter, body, orelse),
            span: start,
        });
        Ok(())
    }

    /// Targets of `for` and comprehensions: `a`, `a, b`, `(a, b)`.
    fn target_list(&mut self) -> PResult<Expr> {
        let first = self.star_or_bitor()?;
        let t = if self.is_op(",") {
            let mut items = vec![first];
            while self.eat_op(",") {
                if self.is_kw("in") {
                    break;
                }
                items.push(self.star_or_bitor()?);
            }
            let span = items[0].span.to(items[items.len() - 1].span);
            let d = dmax(&items);
            mk(ExprKind::Tuple(items), span, d)?
        } else {
            first
        };
        self.check_target(&t, "assign to")?;
        Ok(t)
    }

    fn star_or_bitor(&mut self) -> PResult<Expr> {
        let s = self.span();
        if self.eat_op("*") {
            let e = self.bitor()?;
            let d = e.depth + 1;
            return mk(ExprKind::Starred(Box::new(e.clone())), s.to(e.span), d);
        }
        self.bitor()
    }

    fn params(&mut self, close: &str) -> PResult<Params> {
        let mut params = Vec::new();
        let mut vararg = None;
        let mut kwonly = Vec::new();
        let mut kwarg = None;
        let mut star_seen = false;
        let mut seen: BTreeSet<Arc<str>> = BTreeSet::new();
        while !self.is_op(close) {
            if self.eat_op("**") {
                kwarg = Some(self.name()?);
            } else if self.eat_op("*") {
                star_seen = true;
                if !self.is_op(",") && !self.is_op(close) {
                    vararg = Some(self.name()?);
                }
            } else if self.eat_op("/") {
                // positional-only marker: accepted, treated as normal params
            } else {
                let ns = self.span();
                let name = self.name()?;
                if !seen.insert(name.clone()) {
                    return Err(SyntaxErr::new(
                        format!("duplicate argument '{name}' in function definition"),
                        ns.line,
                        ns.col,
                        ns.end_col,
                    ));
                }
                if close == ")" && self.eat_op(":") {
                    let _ann = self.expression()?;
                }
                let default = if self.eat_op("=") {
                    Some(self.expression()?)
                } else {
                    None
                };
                if !star_seen && default.is_none() && params.iter().any(|p: &Param| p.default.is_some()) {
                    return Err(SyntaxErr::new(
                        "non-default argument follows default argument",
                        ns.line,
                        ns.col,
                        ns.end_col,
                    ));
                }
                if star_seen {
                    kwonly.push(Param { name, default });
                } else {
                    params.push(Param { name, default });
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok((params, vararg, kwonly, kwarg))
    }

    fn def_stmt(&mut self, out: &mut Vec<Stmt>, decos: Vec<Expr>, start: Span) -> PResult<()> {
        let def_line = self.span().line;
        self.pos += 1;
        let name = self.name()?;
        self.expect_op("(")?;
        let (params, vararg, kwonly, kwarg) = self.params(")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            let _ret = self.expression()?;
        }
        let saved_loops = self.loops;
        self.loops = 0;
        self.func += 1;
        let body = self.block("function definition", def_line);
        self.func -= 1;
        self.loops = saved_loops;
        let body = body?;
        let fd = build_funcdef(name, params, vararg, kwonly, kwarg, body, start);
        out.push(Stmt {
            kind: StmtKind::FuncDef(Arc::new(fd), decos),
            span: start,
        });
        Ok(())
    }

    fn class_stmt(&mut self, out: &mut Vec<Stmt>, decos: Vec<Expr>, start: Span) -> PResult<()> {
        let line = self.span().line;
        self.pos += 1;
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.is_op(")") {
                if let (Tok::Name(_), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                    return Err(self.err_here(unsupported("class keyword arguments (metaclass=...)")));
                }
                bases.push(self.expression()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        let saved_loops = self.loops;
        let saved_func = self.func;
        self.loops = 0;
        self.func = 0;
        let body = self.block("class definition", line);
        self.loops = saved_loops;
        self.func = saved_func;
        let body = body?;
        out.push(Stmt {
            kind: StmtKind::ClassDef(Arc::new(ClassDef { name, bases, body }), decos),
            span: start,
        });
        Ok(())
    }

    fn try_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        self.pos += 1;
        let body = self.block("'try' statement", start.line)?;
        let mut handlers = Vec::new();
        loop {
            let s = self.span();
            if !self.is_kw("except") {
                break;
            }
            self.pos += 1;
            if self.is_op("*") {
                return Err(self.err_here(unsupported("'except*'")));
            }
            let (typ, name) = if self.is_op(":") {
                (None, None)
            } else {
                let t = self.expression()?;
                let t = if self.is_op(",") {
                    let mut items = vec![t];
                    while self.eat_op(",") {
                        if self.is_op(":") || self.is_kw("as") {
                            break;
                        }
                        items.push(self.expression()?);
                    }
                    return Err(SyntaxErr::new(
                        "multiple exception types must be parenthesized",
                        items[0].span.line,
                        items[0].span.col,
                        items[items.len() - 1].span.end_col,
                    ));
                } else {
                    t
                };
                let n = if self.eat_kw("as") { Some(self.name()?) } else { None };
                (Some(t), n)
            };
            let hb = self.block("'except' statement", s.line)?;
            handlers.push(Handler { typ, name, body: hb });
        }
        let s = self.span();
        let orelse = if !handlers.is_empty() && self.eat_kw("else") {
            self.block("'else' statement", s.line)?
        } else {
            Vec::new()
        };
        let s = self.span();
        let finalbody = if self.eat_kw("finally") {
            self.block("'finally' statement", s.line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return Err(self.err_here("expected 'except' or 'finally' block"));
        }
        out.push(Stmt {
            kind: StmtKind::Try(body, handlers, orelse, finalbody),
            span: start,
        });
        Ok(())
    }

    fn with_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let start = self.span();
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            let e = self.expression()?;
            let target = if self.eat_kw("as") {
                let t = self.star_or_bitor()?;
                self.check_target(&t, "assign to")?;
                Some(t)
            } else {
                None
            };
            items.push((e, target));
            if !self.eat_op(",") {
                break;
            }
        }
        let body = self.block("'with' statement", start.line)?;
        out.push(Stmt {
            kind: StmtKind::With(items, body),
            span: start,
        });
        Ok(())
    }

    // ----- expressions -----

    /// Comma-separated expressions forming a tuple when there is a comma.
    fn star_expressions(&mut self) -> PResult<Expr> {
        let first = self.star_expression()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_stmt_end() || self.is_op("=") || self.is_op(")") || self.is_op(":") {
                break;
            }
            items.push(self.star_expression()?);
        }
        let span = items[0].span.to(self.prev_span());
        let d = dmax(&items);
        mk(ExprKind::Tuple(items), span, d)
    }

    fn star_expression(&mut self) -> PResult<Expr> {
        let s = self.span();
        if self.eat_op("*") {
            let e = self.bitor()?;
            let d = e.depth + 1;
            let span = s.to(e.span);
            return mk(ExprKind::Starred(Box::new(e)), span, d);
        }
        self.named_expression()
    }

    fn named_expression(&mut self) -> PResult<Expr> {
        let e = self.expression()?;
        if self.is_op(":=") {
            return Err(self.err_here(unsupported("the walrus operator ':='")));
        }
        Ok(e)
    }

    pub fn expression(&mut self) -> PResult<Expr> {
        if self.base.saturating_sub(crate::interp::stack_addr()) > PARSER_STACK {
            return Err(self.err_here("too many nested parentheses"));
        }
        if self.is_kw("lambda") {
            return self.lambda();
        }
        if self.is_kw("yield") {
            return Err(self.err_here(unsupported("'yield' (generators)")));
        }
        if self.is_kw("await") {
            return Err(self.err_here(unsupported("'await'")));
        }
        let body = self.disjunction()?;
        if self.is_kw("if") {
            let save = self.pos;
            self.pos += 1;
            let test = self.disjunction()?;
            if !self.eat_kw("else") {
                if matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(")") || self.is_op(",") {
                    self.pos = save;
                    let s = self.span();
                    return Err(SyntaxErr::new(
                        "expected 'else' after 'if' expression",
                        body.span.line,
                        body.span.col,
                        if s.line == body.span.line {
                            self.prev_span().end_col.max(body.span.end_col)
                        } else {
                            body.span.end_col
                        },
                    ));
                }
                return Err(self.invalid());
            }
            self.enter()?;
            let orelse = self.expression();
            self.leave();
            let orelse = orelse?;
            let span = body.span.to(orelse.span);
            let d = dmax([&body, &test, &orelse]);
            return mk(
                ExprKind::IfExp(Box::new(test), Box::new(body), Box::new(orelse)),
                span,
                d,
            );
        }
        Ok(body)
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let start = self.span();
        self.pos += 1;
        let (params, vararg, kwonly, kwarg) = self.params(":")?;
        self.expect_op(":")?;
        self.enter()?;
        let saved = (self.func, self.loops);
        self.func = 1;
        self.loops = 0;
        let body = self.expression();
        (self.func, self.loops) = saved;
        self.leave();
        let body = body?;
        let span = start.to(body.span);
        let d = body.depth + 1;
        let ret = Stmt {
            span: body.span,
            kind: StmtKind::Return(Some(body)),
        };
        let fd = build_funcdef(Arc::from("<lambda>"), params, vararg, kwonly, kwarg, vec![ret], span);
        mk(ExprKind::Lambda(Arc::new(fd)), span, d)
    }

    fn disjunction(&mut self) -> PResult<Expr> {
        let mut left = self.conjunction()?;
        while self.eat_kw("or") {
            let right = self.conjunction()?;
            let span = left.span.to(right.span);
            let d = dmax([&left, &right]);
            left = mk(ExprKind::BoolOp(false, Box::new(left), Box::new(right)), span, d)?;
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let mut left = self.inversion()?;
        while self.eat_kw("and") {
            let right = self.inversion()?;
            let span = left.span.to(right.span);
            let d = dmax([&left, &right]);
            left = mk(ExprKind::BoolOp(true, Box::new(left), Box::new(right)), span, d)?;
        }
        Ok(left)
    }

    fn inversion(&mut self) -> PResult<Expr> {
        let s = self.span();
        if self.eat_kw("not") {
            self.enter()?;
            let e = self.inversion();
            self.leave();
            let e = e?;
            let span = s.to(e.span);
            let d = e.depth + 1;
            return mk(ExprKind::Unary(UnOp::Not, Box::new(e)), span, d);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.bitor()?;
        let mut ops = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::Ne,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Name(n) if &**n == "in" => CmpOp::In,
                Tok::Name(n) if &**n == "is" => {
                    if matches!(self.peek_at(1), Tok::Name(m) if &**m == "not") {
                        self.pos += 1;
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Name(n) if &**n == "not" && matches!(self.peek_at(1), Tok::Name(m) if &**m == "in") => {
                    self.pos += 1;
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.pos += 1;
            let right = self.bitor()?;
            ops.push((op, right));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let span = left.span.to(ops[ops.len() - 1].1.span);
        let d = dmax(std::iter::once(&left).chain(ops.iter().map(|(_, e)| e)));
        mk(ExprKind::Compare(Box::new(left), ops), span, d)
    }

    fn binary_level(&mut self, level: u8) -> PResult<Expr> {
        if level == 6 {
            return self.factor();
        }
        let mut left = self.binary_level(level + 1)?;
        loop {
            let op = match (level, self.peek()) {
                (0, Tok::Op("|")) => BinOp::BitOr,
                (1, Tok::Op("^")) => BinOp::BitXor,
                (2, Tok::Op("&")) => BinOp::BitAnd,
                (3, Tok::Op("<<")) => BinOp::LShift,
                (3, Tok::Op(">>")) => BinOp::RShift,
                (4, Tok::Op("+")) => BinOp::Add,
                (4, Tok::Op("-")) => BinOp::Sub,
                (5, Tok::Op("*")) => BinOp::Mul,
                (5, Tok::Op("/")) => BinOp::Div,
                (5, Tok::Op("//")) => BinOp::FloorDiv,
                (5, Tok::Op("%")) => BinOp::Mod,
                (5, Tok::Op("@")) => BinOp::MatMul,
                _ => break,
            };
            self.pos += 1;
            let right = self.binary_level(level + 1)?;
            let span = left.span.to(right.span);
            let d = dmax([&left, &right]);
            left = mk(ExprKind::Bin(op, Box::new(left), Box::new(right)), span, d)?;
        }
        Ok(left)
    }

    fn bitor(&mut self) -> PResult<Expr> {
        self.binary_level(0)
    }

    fn factor(&mut self) -> PResult<Expr> {
        let s = self.span();
        let op = match self.peek() {
            Tok::Op("-") => Some(UnOp::Neg),
            Tok::Op("+") => Some(UnOp::Pos),
            Tok::Op("~") => Some(UnOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            self.enter()?;
            let e = self.factor();
            self.leave();
            let e = e?;
            let span = s.to(e.span);
            let d = e.depth + 1;
            return mk(ExprKind::Unary(op, Box::new(e)), span, d);
        }
        self.power()
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.primary()?;
        if self.eat_op("**") {
            self.enter()?;
            let exp = self.factor();
            self.leave();
            let exp = exp?;
            let span = base.span.to(exp.span);
            let d = dmax([&base, &exp]);
            return mk(ExprKind::Bin(BinOp::Pow, Box::new(base), Box::new(exp)), span, d);
        }
        Ok(base)
    }

    fn primary(&mut self) -> PResult<Expr> {
        if self.is_kw("await") {
            return Err(self.err_here(unsupported("'await'")));
        }
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let name = match self.peek() {
                    Tok::Name(n) => {
                        self.pos += 1;
                        n.clone()
                    }
                    _ => return Err(self.invalid()),
                };
                let span = e.span.to(self.prev_span());
                let d = e.depth + 1;
                e = mk(ExprKind::Attr(Box::new(e), name), span, d)?;
            } else if self.is_op("(") {
                self.pos += 1;
                self.enter()?;
                let args = self.call_args();
                self.leave();
                let args = args?;
                let span = e.span.to(self.prev_span());
                let d = args
                    .iter()
                    .map(|a| match a {
                        Arg::Pos(x) | Arg::Star(x) | Arg::Kw(_, x) | Arg::StarStar(x) => x.depth,
                    })
                    .max()
                    .unwrap_or(0)
                    .max(e.depth)
                    + 1;
                e = mk(ExprKind::Call(Box::new(e), args), span, d)?;
            } else if self.is_op("[") {
                self.pos += 1;
                self.enter()?;
                let idx = self.subscript();
                self.leave();
                let idx = idx?;
                self.expect_op("]")?;
                let span = e.span.to(self.prev_span());
                let d = dmax([&e, &idx]);
                e = mk(ExprKind::Subscript(Box::new(e), Box::new(idx)), span, d)?;
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn subscript(&mut self) -> PResult<Expr> {
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice_item()?);
        }
        let span = items[0].span.to(self.prev_span());
        let d = dmax(&items);
        mk(ExprKind::Tuple(items), span, d)
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let s = self.span();
        let lower = if self.is_op(":") {
            None
        } else {
            Some(self.named_expression()?)
        };
        if !self.is_op(":") {
            return lower.ok_or_else(|| self.invalid());
        }
        self.pos += 1;
        let upper = if self.is_op(":") || self.is_op("]") || self.is_op(",") {
            None
        } else {
            Some(self.expression()?)
        };
        let step = if self.eat_op(":") {
            if self.is_op("]") || self.is_op(",") {
                None
            } else {
                Some(self.expression()?)
            }
        } else {
            None
        };
        let d = [&lower, &upper, &step]
            .iter()
            .filter_map(|x| x.as_ref())
            .map(|x| x.depth)
            .max()
            .unwrap_or(0)
            + 1;
        let span = s.to(self.prev_span());
        mk(
            ExprKind::Slice(lower.map(Box::new), upper.map(Box::new), step.map(Box::new)),
            span,
            d,
        )
    }

    fn call_args(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        let mut kw_seen = false;
        while !self.is_op(")") {
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.expression()?));
                kw_seen = true;
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expression()?));
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                if is_keyword(n) {
                    return Err(self.invalid());
                }
                let n = n.clone();
                self.pos += 2;
                args.push(Arg::Kw(n, self.expression()?));
                kw_seen = true;
            } else {
                let e = self.named_expression()?;
                if self.is_kw("for") {
                    let comp = self.comprehension(e, CompKind::Gen)?;
                    args.push(Arg::Pos(comp));
                    if !self.is_op(")") {
                        return Err(self.err_here("Generator expression must be parenthesized"));
                    }
                    break;
                }
                if self.is_op("=") {
                    return Err(SyntaxErr::new(
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                        e.span.line,
                        e.span.col,
                        self.span().end_col,
                    ));
                }
                if kw_seen {
                    return Err(SyntaxErr::new(
                        "positional argument follows keyword argument",
                        e.span.line,
                        e.span.col,
                        e.span.end_col,
                    ));
                }
                self.check_comma(&e)?;
                args.push(Arg::Pos(e));
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if !self.eat_op(")") {
            return Err(self.invalid());
        }
        Ok(args)
    }

    /// Two expressions next to each other inside brackets: suggest a comma.
    fn check_comma(&self, prev: &Expr) -> PResult<()> {
        if matches!(self.peek(), Tok::Str(_) | Tok::Int(_) | Tok::Float(_))
            || matches!(self.peek(), Tok::Name(n) if !is_keyword(n) || matches!(&**n, "None" | "True" | "False"))
        {
            let s = self.span();
            if s.line == prev.span.end_line {
                return Err(SyntaxErr::new(
                    "invalid syntax. Perhaps you forgot a comma?",
                    prev.span.line,
                    prev.span.col,
                    if prev.span.line == s.line {
                        s.end_col
                    } else {
                        prev.span.end_col
                    },
                ));
            }
        }
        Ok(())
    }

    fn comprehension(&mut self, elt: Expr, kind: CompKind) -> PResult<Expr> {
        let start = elt.span;
        let gens = self.comp_fors()?;
        let span = start.to(self.prev_span());
        let d = elt
            .depth
            .max(gens.iter().map(|g| g.iter.depth.max(g.target.depth)).max().unwrap_or(0))
            + 1;
        mk(ExprKind::Comp(kind, Box::new(elt), Arc::new(gens)), span, d)
    }

    fn comp_fors(&mut self) -> PResult<Vec<Comp>> {
        let mut gens = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(self.invalid());
            }
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.disjunction()?);
            }
            gens.push(Comp { target, iter, ifs });
        }
        if self.is_kw("async") {
            return Err(self.err_here(unsupported("'async for'")));
        }
        Ok(gens)
    }

    fn atom(&mut self) -> PResult<Expr> {
        let s = self.span();
        let t = self.peek().clone();
        match t {
            Tok::Name(n) => {
                self.pos += 1;
                let c = match &*n {
                    "None" => Some(Const::None),
                    "True" => Some(Const::Bool(true)),
                    "False" => Some(Const::Bool(false)),
                    _ => None,
                };
                if let Some(c) = c {
                    return mk(ExprKind::Const(c), s, 1);
                }
                if is_keyword(&n) {
                    self.pos -= 1;
                    if &*n == "lambda" {
                        return self.lambda();
                    }
                    return Err(self.invalid());
                }
                mk(ExprKind::Name(n), s, 1)
            }
            Tok::Int(v) => {
                self.pos += 1;
                mk(ExprKind::Const(Const::Int(v)), s, 1)
            }
            Tok::Float(v) => {
                self.pos += 1;
                mk(ExprKind::Const(Const::Float(v)), s, 1)
            }
            Tok::Str(_) => self.strings(),
            Tok::Op("...") => {
                self.pos += 1;
                mk(ExprKind::Const(Const::Ellipsis), s, 1)
            }
            Tok::Op("(") => {
                self.pos += 1;
                self.enter()?;
                let r = self.paren_body(s);
                self.leave();
                r
            }
            Tok::Op("[") => {
                self.pos += 1;
                self.enter()?;
                let r = self.list_body(s);
                self.leave();
                r
            }
            Tok::Op("{") => {
                self.pos += 1;
                self.enter()?;
                let r = self.brace_body(s);
                self.leave();
                r
            }
            Tok::Indent => Err(self.invalid()),
            Tok::Newline | Tok::Eof => {
                let mut e = self.err_here("invalid syntax");
                if matches!(t, Tok::Eof) {
                    e.incomplete = true;
                }
                Err(e)
            }
            _ => Err(self.invalid()),
        }
    }

    fn paren_body(&mut self, s: Span) -> PResult<Expr> {
        if self.eat_op(")") {
            return mk(ExprKind::Tuple(Vec::new()), s.to(self.prev_span()), 1);
        }
        if self.is_kw("yield") {
            return Err(self.err_here(unsupported("'yield' (generators)")));
        }
        let first = self.star_expression()?;
        if self.is_kw("for") {
            let c = self.comprehension(first, CompKind::Gen)?;
            self.expect_op(")")?;
            let mut c = c;
            c.span = s.to(self.prev_span());
            return Ok(c);
        }
        if self.eat_op(")") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(SyntaxErr::new(
                    "cannot use starred expression here",
                    first.span.line,
                    first.span.col,
                    first.span.end_col,
                ));
            }
            // Parenthesized expression keeps the inner span (as CPython does).
            return Ok(first);
        }
        if !self.is_op(",") {
            self.check_comma(&first)?;
            return Err(self.invalid());
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            let e = self.star_expression()?;
            items.push(e);
        }
        if !self.is_op(")")
            && let Some(last) = items.last()
        {
            self.check_comma(last)?;
        }
        self.expect_op(")")?;
        let d = dmax(&items);
        mk(ExprKind::Tuple(items), s.to(self.prev_span()), d)
    }

    fn list_body(&mut self, s: Span) -> PResult<Expr> {
        if self.eat_op("]") {
            return mk(ExprKind::List(Vec::new()), s.to(self.prev_span()), 1);
        }
        let first = self.star_expression()?;
        if self.is_kw("for") {
            let c = self.comprehension(first, CompKind::List)?;
            self.expect_op("]")?;
            let mut c = c;
            c.span = s.to(self.prev_span());
            return Ok(c);
        }
        let mut items = vec![first];
        loop {
            if self.eat_op("]") {
                break;
            }
            if !self.eat_op(",") {
                if let Some(last) = items.last() {
                    self.check_comma(last)?;
                }
                return Err(self.invalid());
            }
            if self.eat_op("]") {
                break;
            }
            items.push(self.star_expression()?);
        }
        let d = dmax(&items);
        mk(ExprKind::List(items), s.to(self.prev_span()), d)
    }

    fn brace_body(&mut self, s: Span) -> PResult<Expr> {
        if self.eat_op("}") {
            return mk(ExprKind::Dict(Vec::new()), s.to(self.prev_span()), 1);
        }
        if self.eat_op("**") {
            let v = self.bitor()?;
            return self.dict_rest(s, vec![(None, v)]);
        }
        let first = self.star_expression()?;
        if self.eat_op(":") {
            let v = self.expression()?;
            if self.is_kw("for") {
                let gens = self.comp_fors()?;
                self.expect_op("}")?;
                let d = first.depth.max(v.depth) + 1;
                return mk(
                    ExprKind::DictComp(Box::new(first), Box::new(v), Arc::new(gens)),
                    s.to(self.prev_span()),
                    d,
                );
            }
            return self.dict_rest(s, vec![(Some(first), v)]);
        }
        if self.is_kw("for") {
            let c = self.comprehension(first, CompKind::Set)?;
            self.expect_op("}")?;
            let mut c = c;
            c.span = s.to(self.prev_span());
            return Ok(c);
        }
        let mut items = vec![first];
        loop {
            if self.eat_op("}") {
                break;
            }
            if !self.eat_op(",") {
                return Err(self.invalid());
            }
            if self.eat_op("}") {
                break;
            }
            items.push(self.star_expression()?);
        }
        let d = dmax(&items);
        mk(ExprKind::Set(items), s.to(self.prev_span()), d)
    }

    fn dict_rest(&mut self, s: Span, mut items: Vec<(Option<Expr>, Expr)>) -> PResult<Expr> {
        loop {
            if self.eat_op("}") {
                break;
            }
            if !self.eat_op(",") {
                return Err(self.invalid());
            }
            if self.eat_op("}") {
                break;
            }
            if self.eat_op("**") {
                items.push((None, self.bitor()?));
                continue;
            }
            let k = self.expression()?;
            if !self.eat_op(":") {
                return Err(self.err_here("':' expected after dictionary key"));
            }
            let v = self.expression()?;
            items.push((Some(k), v));
        }
        let d = items
            .iter()
            .map(|(k, v)| k.as_ref().map(|k| k.depth).unwrap_or(0).max(v.depth))
            .max()
            .unwrap_or(0)
            + 1;
        mk(ExprKind::Dict(items), s.to(self.prev_span()), d)
    }

    fn strings(&mut self) -> PResult<Expr> {
        let s = self.span();
        let mut parts: Vec<FPart> = Vec::new();
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_str = false;
        let mut any_f = false;
        while let Tok::Str(lit) = self.peek() {
            let ts = self.span();
            self.pos += 1;
            match lit {
                StrLit::Str(v) => {
                    any_str = true;
                    parts.push(FPart::Lit(v.clone()));
                }
                StrLit::Bytes(b) => bytes.get_or_insert_with(Vec::new).extend_from_slice(b),
                StrLit::FStr {
                    body,
                    raw,
                    body_line,
                    body_col,
                } => {
                    any_str = true;
                    any_f = true;
                    let line = body_line + self.line_offset;
                    let col = body_col + if *body_line == 1 { self.col_off(1) } else { 0 };
                    let fp = parse_fstring(body, *raw, line, col, ts)?;
                    parts.extend(fp);
                }
            }
            if bytes.is_some() && any_str {
                return Err(SyntaxErr::new(
                    "cannot mix bytes and nonbytes literals",
                    s.line,
                    s.col,
                    ts.end_col,
                ));
            }
        }
        let span = s.to(self.prev_span());
        if let Some(b) = bytes {
            return mk(ExprKind::Const(Const::Bytes(Arc::from(b))), span, 1);
        }
        if !any_f {
            let mut out = String::new();
            for p in parts {
                if let FPart::Lit(l) = p {
                    out.push_str(&l);
                }
            }
            return mk(ExprKind::Const(Const::Str(Arc::from(out))), span, 1);
        }
        let d = parts
            .iter()
            .map(|p| match p {
                FPart::Expr { expr, .. } => expr.depth,
                FPart::Lit(_) => 0,
            })
            .max()
            .unwrap_or(0)
            + 1;
        mk(ExprKind::FString(parts), span, d)
    }
}

fn parse_fstring(body: &str, raw: bool, line: u32, col: u32, tok: Span) -> PResult<Vec<FPart>> {
    let cs: Vec<char> = body.chars().collect();
    let mut i = 0;
    parse_fparts(&cs, &mut i, raw, line, col, tok, 0, false)
}

#[allow(clippy::too_many_arguments)]
fn parse_fparts(
    cs: &[char],
    i: &mut usize,
    raw: bool,
    line: u32,
    col: u32,
    tok: Span,
    nesting: u32,
    in_spec: bool,
) -> PResult<Vec<FPart>> {
    let err = |m: &str| {
        SyntaxErr::new(
            format!("f-string: {m}"),
            tok.line,
            tok.col,
            tok.end_col.max(tok.col + 1),
        )
    };
    let mut parts = Vec::new();
    let mut lit = String::new();
    let flush = |lit: &mut String, parts: &mut Vec<FPart>| -> PResult<()> {
        if !lit.is_empty() {
            let v = if raw {
                std::mem::take(lit)
            } else {
                unescape(&std::mem::take(lit), false).map_err(|m| SyntaxErr::new(m, tok.line, tok.col, tok.end_col))?
            };
            parts.push(FPart::Lit(v));
        }
        Ok(())
    };
    while *i < cs.len() {
        let c = cs[*i];
        if in_spec && c == '}' {
            break;
        }
        if c == '{' {
            if !in_spec && cs.get(*i + 1) == Some(&'{') {
                lit.push('{');
                *i += 2;
                continue;
            }
            flush(&mut lit, &mut parts)?;
            if nesting >= 2 {
                return Err(err("expressions nested too deeply"));
            }
            *i += 1;
            let start = *i;
            // find the end of the expression
            let mut depth = 0i32;
            let mut quote: Option<char> = None;
            while *i < cs.len() {
                let ch = cs[*i];
                if let Some(q) = quote {
                    if ch == q {
                        quote = None;
                    }
                    *i += 1;
                    continue;
                }
                match ch {
                    '\'' | '"' => quote = Some(ch),
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth > 0 => depth -= 1,
                    '}' | ':' if depth == 0 => break,
                    '!' if depth == 0 && cs.get(*i + 1) != Some(&'=') => break,
                    '=' if depth == 0
                        && cs.get(*i + 1) != Some(&'=')
                        && *i > start
                        && !matches!(cs[*i - 1], '=' | '!' | '<' | '>') =>
                    {
                        break;
                    }
                    '\\' => return Err(err("expression part cannot include a backslash")),
                    '#' => return Err(err("expression part cannot include '#'")),
                    _ => {}
                }
                *i += 1;
            }
            if *i >= cs.len() {
                return Err(err("expecting '}'"));
            }
            let src: String = cs[start..*i].iter().collect();
            if src.trim().is_empty() {
                return Err(err("empty expression not allowed"));
            }
            let mut debug = None;
            if cs[*i] == '=' {
                *i += 1;
                debug = Some(format!("{src}="));
            }
            let expr = parse_sub_expression(&src, line, col + start as u32)?;
            let mut conv = None;
            if *i < cs.len() && cs[*i] == '!' {
                let c = cs.get(*i + 1).copied();
                match c {
                    Some(c @ ('r' | 's' | 'a')) => conv = Some(c),
                    _ => {
                        return Err(err("invalid conversion character: expected 's', 'r', or 'a'"));
                    }
                }
                *i += 2;
            }
            let mut spec = None;
            if *i < cs.len() && cs[*i] == ':' {
                *i += 1;
                spec = Some(parse_fparts(cs, i, raw, line, col, tok, nesting + 1, true)?);
            }
            if *i >= cs.len() || cs[*i] != '}' {
                return Err(err("expecting '}'"));
            }
            *i += 1;
            if debug.is_some() && conv.is_none() && spec.is_none() {
                conv = Some('r');
            }
            parts.push(FPart::Expr {
                expr: Box::new(expr),
                conv,
                spec,
                debug,
            });
            continue;
        }
        if c == '}' {
            if cs.get(*i + 1) == Some(&'}') {
                lit.push('}');
                *i += 2;
                continue;
            }
            return Err(err("single '}' is not allowed"));
        }
        if c == '\\' && !raw && *i + 1 < cs.len() {
            lit.push(c);
            lit.push(cs[*i + 1]);
            *i += 2;
            continue;
        }
        lit.push(c);
        *i += 1;
    }
    flush(&mut lit, &mut parts)?;
    Ok(parts)
}

#[allow(clippy::too_many_arguments)]
fn build_funcdef(
    name: Arc<str>,
    params: Vec<Param>,
    vararg: Option<Arc<str>>,
    kwonly: Vec<Param>,
    kwarg: Option<Arc<str>>,
    body: Vec<Stmt>,
    span: Span,
) -> FuncDef {
    let mut locals = BTreeSet::new();
    let mut globals = BTreeSet::new();
    let mut nonlocals = BTreeSet::new();
    for p in params.iter().chain(kwonly.iter()) {
        locals.insert(p.name.clone());
    }
    if let Some(v) = &vararg {
        locals.insert(v.clone());
    }
    if let Some(v) = &kwarg {
        locals.insert(v.clone());
    }
    collect_block(&body, &mut locals, &mut globals, &mut nonlocals);
    for g in globals.iter().chain(nonlocals.iter()) {
        locals.remove(g);
    }
    FuncDef {
        name,
        params,
        vararg,
        kwonly,
        kwarg,
        body,
        span,
        locals,
        globals,
        nonlocals,
    }
}

fn collect_target(e: &Expr, out: &mut BTreeSet<Arc<str>>) {
    match &e.kind {
        ExprKind::Name(n) => {
            out.insert(n.clone());
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for i in items {
                collect_target(i, out);
            }
        }
        ExprKind::Starred(inner) => collect_target(inner, out),
        _ => {}
    }
}

fn collect_block(
    body: &[Stmt],
    locals: &mut BTreeSet<Arc<str>>,
    globals: &mut BTreeSet<Arc<str>>,
    nonlocals: &mut BTreeSet<Arc<str>>,
) {
    for s in body {
        match &s.kind {
            StmtKind::Assign(targets, _) => {
                for t in targets {
                    collect_target(t, locals);
                }
            }
            StmtKind::AugAssign(t, _, _) | StmtKind::AnnAssign(t, _) => collect_target(t, locals),
            StmtKind::For(t, _, b, o) => {
                collect_target(t, locals);
                collect_block(b, locals, globals, nonlocals);
                collect_block(o, locals, globals, nonlocals);
            }
            StmtKind::If(_, b, o) | StmtKind::While(_, b, o) => {
                collect_block(b, locals, globals, nonlocals);
                collect_block(o, locals, globals, nonlocals);
            }
            StmtKind::FuncDef(fd, _) => {
                locals.insert(fd.name.clone());
            }
            StmtKind::ClassDef(cd, _) => {
                locals.insert(cd.name.clone());
            }
            StmtKind::Import(items) => {
                for (name, alias) in items {
                    let n = alias
                        .clone()
                        .unwrap_or_else(|| Arc::from(name.split('.').next().unwrap_or("")));
                    locals.insert(n);
                }
            }
            StmtKind::ImportFrom(_, names, _) => {
                for (n, a) in names {
                    locals.insert(a.clone().unwrap_or_else(|| n.clone()));
                }
            }
            StmtKind::Try(b, hs, o, f) => {
                collect_block(b, locals, globals, nonlocals);
                for h in hs {
                    if let Some(n) = &h.name {
                        locals.insert(n.clone());
                    }
                    collect_block(&h.body, locals, globals, nonlocals);
                }
                collect_block(o, locals, globals, nonlocals);
                collect_block(f, locals, globals, nonlocals);
            }
            StmtKind::With(items, b) => {
                for (_, t) in items {
                    if let Some(t) = t {
                        collect_target(t, locals);
                    }
                }
                collect_block(b, locals, globals, nonlocals);
            }
            StmtKind::Global(ns) => globals.extend(ns.iter().cloned()),
            StmtKind::Nonlocal(ns) => nonlocals.extend(ns.iter().cloned()),
            StmtKind::Del(ts) => {
                for t in ts {
                    collect_target(t, locals);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seed_server() {
        let src = "from http.server import HTTPServer, BaseHTTPRequestHandler\nfrom os import getenv\n\nclass Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n        self.end_headers()\n        file = getenv(\"FILE\", \"none\")\n        self.wfile.write(f\"file: {file}\\n\".encode())\n        if file != \"none\":\n            self.wfile.write(open(file, \"rb\").read())\n\nHTTPServer(('', 8888), Handler).serve_forever()\n";
        let m = parse_module(src).unwrap();
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn syntax_errors() {
        let e = parse_module("if x\n  pass\n").unwrap_err();
        assert_eq!(e.msg, "expected ':'");
        let e = parse_module("print \"hi\"\n").unwrap_err();
        assert_eq!(
            e.msg,
            "Missing parentheses in call to 'print'. Did you mean print(...)?"
        );
        assert_eq!((e.col, e.end_col), (0, 10));
        let e = parse_module("x = = 1\n").unwrap_err();
        assert_eq!((e.msg.as_str(), e.col), ("invalid syntax", 4));
        let e = parse_module("def f():\nreturn 1\n").unwrap_err();
        assert_eq!(e.msg, "expected an indented block after function definition on line 1");
        let e = parse_module("x = 1\n  y = 2\n").unwrap_err();
        assert_eq!(e.msg, "unexpected indent");
        let e = parse_module("return 5\n").unwrap_err();
        assert_eq!(e.msg, "'return' outside function");
        let e = parse_module("f(1 2)\n").unwrap_err();
        assert_eq!(e.msg, "invalid syntax. Perhaps you forgot a comma?");
        let e = parse_module("def f(x):\n    yield x\n").unwrap_err();
        assert!(e.msg.contains("not supported"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("x = {}1{}\n", "(".repeat(300), ")".repeat(300));
        assert!(parse_module(&src).is_err());
        let src = format!("x = {}1\n", "1+".repeat(5000));
        assert!(parse_module(&src).is_err());
        let src = format!("x = {}1\n", "-".repeat(5000));
        assert!(parse_module(&src).is_err());
    }

    #[test]
    fn fstrings() {
        let m = parse_module("x = f'{a:.2f} and {b!r} {{lit}}'\n").unwrap();
        let StmtKind::Assign(_, e) = &m[0].kind else { panic!() };
        let ExprKind::FString(parts) = &e.kind else { panic!() };
        assert_eq!(parts.len(), 4);
    }
}
