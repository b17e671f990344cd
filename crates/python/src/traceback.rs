//! CPython-style rendering of tracebacks (with 3.11 caret lines), exception
//! chaining, SyntaxError blocks and the simulator's own stop messages.

use std::sync::Arc;

use crate::host::PyHost;
use crate::interp::{Exc, Fatal, Flow, Interp, TbEntry};
use crate::lexer::{SyntaxErr, SyntaxKind};
use crate::value::*;

/// Qualified exception type name as the traceback prints it.
pub fn exc_type_name(i: &Interp, v: &Value) -> String {
    match i.class_of(v) {
        Some(c) => match i.obj(c) {
            Obj::Class(cl) => {
                if &*cl.module == "builtins" || &*cl.module == "__main__" {
                    cl.name.to_string()
                } else {
                    format!("{}.{}", cl.module, cl.name)
                }
            }
            _ => "Exception".into(),
        },
        None => "Exception".into(),
    }
}

fn caret_line(i: &Interp, line: &str, e: &TbEntry) -> Option<String> {
    if i.cfg.minor < 11 {
        return None;
    }
    let pos = &e.pos;
    if pos.anchor.0 == 3 || pos.span.line == 0 {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let stripped_chars = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = line.trim().chars().count();
    let start = pos.span.col as usize;
    let end = if pos.span.end_line == pos.span.line {
        pos.span.end_col as usize
    } else {
        stripped_chars + stripped_len
    };
    if start < stripped_chars || end <= start || end > chars.len() {
        return None;
    }
    let seg: Vec<char> = chars[start..end].to_vec();
    // anchors relative to the segment
    let anchors = match pos.anchor.0 {
        1 => {
            let left_end = (pos.anchor.1 as usize).saturating_sub(start);
            let right_start = (pos.anchor.2 as usize).saturating_sub(start);
            if left_end > seg.len() || right_start > seg.len() || right_start < left_end {
                None
            } else {
                let op: Vec<char> = seg[left_end..right_start].to_vec();
                let off = op.iter().take_while(|c| c.is_whitespace()).count();
                let mut la = left_end + off;
                let mut ra = la + 1;
                if off + 1 < op.len() && !op[off + 1].is_whitespace() {
                    ra += 1;
                }
                while la < seg.len() && (seg[la].is_whitespace() || seg[la] == ')' || seg[la] == '#') {
                    la += 1;
                    ra += 1;
                }
                Some((la, ra.min(seg.len())))
            }
        }
        2 => {
            let mut la = (pos.anchor.1 as usize).saturating_sub(start);
            let mut ra = (pos.anchor.2 as usize + 1).saturating_sub(start);
            while la < seg.len() && seg[la] != '[' {
                la += 1;
            }
            while ra < seg.len() && seg[ra] != ']' {
                ra += 1;
            }
            if ra < seg.len() {
                ra += 1;
            }
            if la >= seg.len() {
                None
            } else {
                Some((la, ra.min(seg.len())))
            }
        }
        _ => None,
    };
    let width = end - start;
    let show = width < stripped_len || anchors.is_some_and(|(l, r)| r > l);
    if !show {
        return None;
    }
    let mut out = String::from("    ");
    out.push_str(&" ".repeat(start - stripped_chars));
    match anchors {
        Some((l, r)) => {
            out.push_str(&"~".repeat(l));
            out.push_str(&"^".repeat(r - l));
            out.push_str(&"~".repeat(width.saturating_sub(r)));
        }
        None => out.push_str(&"^".repeat(width)),
    }
    Some(out)
}

pub fn format_entries(i: &Interp, tb: &[TbEntry]) -> String {
    let mut out = String::new();
    // tb is innermost first; print outermost first
    let mut last: Option<(Arc<str>, u32, Arc<str>)> = None;
    let mut repeat = 0;
    let flush_repeat = |out: &mut String, repeat: usize| {
        if repeat > 3 {
            let n = repeat - 3;
            out.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n == 1 { "" } else { "s" }
            ));
        }
    };
    for e in tb.iter().rev() {
        let key = (e.source.filename.clone(), e.pos.span.line, e.name.clone());
        if last.as_ref() == Some(&key) {
            repeat += 1;
            if repeat >= 3 {
                continue;
            }
        } else {
            flush_repeat(&mut out, repeat + 1);
            repeat = 0;
        }
        last = Some(key);
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.source.filename, e.pos.span.line, e.name
        ));
        if let Some(line) = e.source.line(e.pos.span.line) {
            let t = line.trim();
            if !t.is_empty() {
                out.push_str(&format!("    {t}\n"));
                if let Some(c) = caret_line(i, line, e) {
                    out.push_str(&c);
                    out.push('\n');
                }
            }
        }
    }
    flush_repeat(&mut out, repeat + 1);
    out
}

/// The last line(s): `TypeName: message` (SyntaxError gets its caret block).
pub fn exception_only(i: &mut Interp, v: &Value, h: &mut dyn PyHost) -> String {
    let name = exc_type_name(i, v);
    if i.exc_matches(v, "SyntaxError")
        && let Value::Obj(id) = v
        && let Obj::Instance(inst) = i.obj(*id)
        && let (Some(Value::Str(file)), Some(Value::Int(line))) = (inst.attrs.get("filename"), inst.attrs.get("lineno"))
    {
        let text = match inst.attrs.get("text") {
            Some(Value::Str(t)) => t.to_string(),
            _ => String::new(),
        };
        let off = match inst.attrs.get("offset") {
            Some(Value::Int(o)) => *o as u32,
            _ => 1,
        };
        let end = match inst.attrs.get("end_offset") {
            Some(Value::Int(o)) => *o as u32,
            _ => off + 1,
        };
        let msg = match inst.attrs.get("msg") {
            Some(Value::Str(m)) => m.to_string(),
            _ => String::new(),
        };
        return syntax_block(&file.clone(), *line as u32, &text, off, end, &name, &msg);
    }
    let msg = crate::format::exc_str(i, v, h).unwrap_or_default();
    if msg.is_empty() {
        format!("{name}\n")
    } else {
        format!("{name}: {msg}\n")
    }
}

/// Full `Traceback (most recent call last): ...` text including chained exceptions.
pub fn format_exception(i: &mut Interp, e: &Exc, h: &mut dyn PyHost) -> String {
    let mut out = String::new();
    format_chain(i, e, h, &mut out, 0);
    out
}

fn format_chain(i: &mut Interp, e: &Exc, h: &mut dyn PyHost, out: &mut String, depth: u32) {
    if depth < 20 {
        if let Some(c) = &e.cause {
            format_chain(i, c, h, out, depth + 1);
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        } else if let (Some(c), false) = (&e.context, e.suppress_context)
            && !matches!((&c.value, &e.value), (Value::Obj(a), Value::Obj(b)) if a == b)
        {
            format_chain(i, c, h, out, depth + 1);
            out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    if !e.tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&format_entries(i, &e.tb));
    }
    out.push_str(&exception_only(i, &e.value, h));
}

fn syntax_block(file: &str, line: u32, text: &str, offset: u32, end_offset: u32, name: &str, msg: &str) -> String {
    let mut out = format!("  File \"{file}\", line {line}\n");
    let first = text.split('\n').next().unwrap_or("");
    if !first.trim().is_empty() {
        let lead = first.chars().take_while(|c| c.is_whitespace()).count() as u32;
        let t = first.trim();
        out.push_str(&format!("    {t}\n"));
        let len = t.chars().count() as u32;
        let col = offset.saturating_sub(1).saturating_sub(lead).min(len);
        let end = end_offset
            .saturating_sub(1)
            .saturating_sub(lead)
            .clamp(col + 1, len.max(col + 1));
        out.push_str(&format!(
            "    {}{}\n",
            " ".repeat(col as usize),
            "^".repeat((end - col) as usize)
        ));
    }
    out.push_str(&format!("{name}: {msg}\n"));
    out
}

fn kind_name(k: SyntaxKind) -> &'static str {
    match k {
        SyntaxKind::Syntax => "SyntaxError",
        SyntaxKind::Indentation => "IndentationError",
    }
}

/// Render a parse error as CPython prints it for a script (no Traceback header).
pub fn format_syntax_error(e: &SyntaxErr, filename: &str, src: &str) -> String {
    let line_text = src
        .split('\n')
        .nth(e.line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim_end_matches('\r');
    syntax_block(
        filename,
        e.line,
        line_text,
        e.col + 1,
        e.end_col + 1,
        kind_name(e.kind),
        &e.msg,
    )
}

/// A SyntaxError exception object (for errors found while importing a module).
pub fn syntax_exception(i: &mut Interp, e: &SyntaxErr, source: &Source) -> Flow {
    let class = i.exc_class(kind_name(e.kind));
    let v = i.make_exc(class, vec![Value::str(&e.msg)]);
    let text = source
        .lines
        .get(e.line.saturating_sub(1) as usize)
        .cloned()
        .unwrap_or_default();
    if let Value::Obj(id) = &v
        && let Some(Obj::Instance(inst)) = i.obj_mut(*id)
    {
        inst.attrs.insert(Arc::from("msg"), Value::str(&e.msg));
        inst.attrs
            .insert(Arc::from("filename"), Value::Str(source.filename.clone()));
        inst.attrs.insert(Arc::from("lineno"), Value::Int(e.line as i128));
        inst.attrs.insert(Arc::from("offset"), Value::Int(e.col as i128 + 1));
        inst.attrs
            .insert(Arc::from("end_offset"), Value::Int(e.end_col as i128 + 1));
        inst.attrs.insert(Arc::from("text"), Value::str(&text));
    }
    i.raise_value(v)
}

/// Message printed when the simulator itself stops a program.
pub fn fatal_message(f: Fatal, budget: u64, max_sleep: f64) -> String {
    match f {
        Fatal::Budget => format!(
            "dockyard: the simulated Python process was stopped after {budget} steps (an endless loop?). Real Python would keep running.\n"
        ),
        Fatal::Output => {
            "dockyard: the simulated Python process was stopped: it wrote more output than the simulator keeps.\n"
                .into()
        }
        Fatal::Sleep => format!(
            "dockyard: the simulated Python process was stopped after sleeping {max_sleep} simulated seconds. Real Python would keep running.\n"
        ),
    }
}
