//! Binary operators, comparisons and equality with CPython's semantics and
//! error messages (floor division/modulo signs, str/list repetition, ...).

use std::cmp::Ordering;
use std::sync::Arc;

use crate::ast::{BinOp, CmpOp};
use crate::host::PyHost;
use crate::interp::{Interp, MAX_SEQ, MAX_STR, R};
use crate::value::*;

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn int(v: &Value) -> Option<i128> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i128),
        _ => None,
    }
}

fn dunder(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
    }
}

pub fn floor_div_i(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) { q - 1 } else { q }
}

pub fn mod_i(a: i128, b: i128) -> i128 {
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) { r + b } else { r }
}

pub fn mod_f(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) { r + b } else { r }
}

fn repeat_count(i: &mut Interp, n: i128, unit: usize) -> R<usize> {
    if n <= 0 {
        return Ok(0);
    }
    if unit > 0 && (n as u128).saturating_mul(unit as u128) > MAX_STR.max(MAX_SEQ) as u128 {
        return Err(i.exc("MemoryError", ""));
    }
    Ok(n as usize)
}

#[inline(never)]
pub fn binop(i: &mut Interp, op: BinOp, a: &Value, b: &Value, h: &mut dyn PyHost) -> R<Value> {
    // ints (and bools)
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::Div => {
                if y == 0 {
                    return Err(i.exc("ZeroDivisionError", "division by zero"));
                }
                return Ok(Value::Float(x as f64 / y as f64));
            }
            BinOp::FloorDiv => {
                if y == 0 {
                    return Err(i.exc("ZeroDivisionError", "integer division or modulo by zero"));
                }
                if x == i128::MIN && y == -1 {
                    None
                } else {
                    Some(floor_div_i(x, y))
                }
            }
            BinOp::Mod => {
                if y == 0 {
                    let m = if i.cfg.minor >= 11 {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return Err(i.exc("ZeroDivisionError", m));
                }
                if y == -1 { Some(0) } else { Some(mod_i(x, y)) }
            }
            BinOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return Err(i.exc("ZeroDivisionError", "0.0 cannot be raised to a negative power"));
                    }
                    return Ok(Value::Float((x as f64).powf(y as f64)));
                }
                if y > u32::MAX as i128 {
                    if x.abs() <= 1 {
                        Some(if x == -1 && y % 2 == 1 { -1 } else { x })
                    } else {
                        None
                    }
                } else {
                    x.checked_pow(y as u32)
                }
            }
            BinOp::LShift => {
                if y < 0 {
                    return Err(i.exc("ValueError", "negative shift count"));
                }
                if x == 0 {
                    Some(0)
                } else if y >= 127 {
                    None
                } else {
                    x.checked_mul(1i128 << y)
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Err(i.exc("ValueError", "negative shift count"));
                }
                Some(if y >= 127 { if x < 0 { -1 } else { 0 } } else { x >> y })
            }
            BinOp::BitAnd => {
                if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
                    return Ok(Value::Bool(*p & *q));
                }
                Some(x & y)
            }
            BinOp::BitOr => {
                if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
                    return Ok(Value::Bool(*p | *q));
                }
                Some(x | y)
            }
            BinOp::BitXor => {
                if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
                    return Ok(Value::Bool(*p ^ *q));
                }
                Some(x ^ y)
            }
            BinOp::MatMul => return Err(unsupported(i, op, a, b)),
        };
        return r.map(Value::Int).ok_or_else(|| i.overflow());
    }
    // floats
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => {
                if y == 0.0 {
                    return Err(i.exc("ZeroDivisionError", "float division by zero"));
                }
                x / y
            }
            BinOp::FloorDiv => {
                if y == 0.0 {
                    return Err(i.exc("ZeroDivisionError", "float floor division by zero"));
                }
                (x / y).floor()
            }
            BinOp::Mod => {
                if y == 0.0 {
                    return Err(i.exc("ZeroDivisionError", "float modulo"));
                }
                mod_f(x, y)
            }
            BinOp::Pow => {
                if x == 0.0 && y < 0.0 {
                    return Err(i.exc("ZeroDivisionError", "0.0 cannot be raised to a negative power"));
                }
                let r = x.powf(y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(i.exc("OverflowError", "(34, 'Numerical result out of range')"));
                }
                r
            }
            _ => return Err(unsupported(i, op, a, b)),
        };
        return Ok(Value::Float(r));
    }
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            if x.len() + y.len() > MAX_STR {
                return Err(i.exc("MemoryError", ""));
            }
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            return Ok(Value::Str(Arc::from(s)));
        }
        (BinOp::Add, Value::Bytes(x), Value::Bytes(y)) => {
            if x.len() + y.len() > MAX_STR {
                return Err(i.exc("MemoryError", ""));
            }
            let mut v = x.to_vec();
            v.extend_from_slice(y);
            return Ok(Value::Bytes(Arc::from(v)));
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            if x.len() + y.len() > MAX_SEQ {
                return Err(i.exc("MemoryError", ""));
            }
            let mut v = x.to_vec();
            v.extend(y.iter().cloned());
            return Ok(Value::tuple(v));
        }
        (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s)) if int(n).is_some() => {
            let c = repeat_count(i, int(n).unwrap_or(0), s.len())?;
            return Ok(Value::Str(Arc::from(s.repeat(c))));
        }
        (BinOp::Mul, Value::Bytes(s), n) | (BinOp::Mul, n, Value::Bytes(s)) if int(n).is_some() => {
            let c = repeat_count(i, int(n).unwrap_or(0), s.len())?;
            return Ok(Value::Bytes(Arc::from(s.repeat(c))));
        }
        (BinOp::Mul, Value::Tuple(s), n) | (BinOp::Mul, n, Value::Tuple(s)) if int(n).is_some() => {
            let c = repeat_count(i, int(n).unwrap_or(0), s.len())?;
            let mut v = Vec::with_capacity(s.len() * c);
            for _ in 0..c {
                v.extend(s.iter().cloned());
            }
            return Ok(Value::tuple(v));
        }
        (BinOp::Mod, Value::Str(s), args) => {
            let r = crate::format::percent_format(i, s, args, h)?;
            return Ok(Value::Str(Arc::from(r)));
        }
        (BinOp::Mod, Value::Bytes(s), args) => {
            let st: String = s.iter().map(|b| *b as char).collect();
            let r = crate::format::percent_format(i, &st, args, h)?;
            return Ok(Value::Bytes(Arc::from(
                r.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>(),
            )));
        }
        _ => {}
    }
    if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
        match (i.obj(*x), i.obj(*y), op) {
            (Obj::List(l1), Obj::List(l2), BinOp::Add) => {
                if l1.len() + l2.len() > MAX_SEQ {
                    return Err(i.exc("MemoryError", ""));
                }
                let mut v = l1.clone();
                v.extend(l2.iter().cloned());
                i.grow(v.len())?;
                return i.new_list(v);
            }
            (Obj::Set(s1), Obj::Set(s2), BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) => {
                let mut out = Dict::new();
                match op {
                    BinOp::BitOr => {
                        for (k, _) in s1.iter().chain(s2.iter()) {
                            let hk = hkey_of(k);
                            out.insert(hk, k.clone(), Value::None);
                        }
                    }
                    BinOp::BitAnd => {
                        for (k, _) in s1.iter() {
                            let hk = hkey_of(k);
                            if s2.contains(&hk) {
                                out.insert(hk, k.clone(), Value::None);
                            }
                        }
                    }
                    BinOp::Sub => {
                        for (k, _) in s1.iter() {
                            let hk = hkey_of(k);
                            if !s2.contains(&hk) {
                                out.insert(hk, k.clone(), Value::None);
                            }
                        }
                    }
                    _ => {
                        for (k, _) in s1.iter() {
                            let hk = hkey_of(k);
                            if !s2.contains(&hk) {
                                out.insert(hk, k.clone(), Value::None);
                            }
                        }
                        for (k, _) in s2.iter() {
                            let hk = hkey_of(k);
                            if !s1.contains(&hk) {
                                out.insert(hk, k.clone(), Value::None);
                            }
                        }
                    }
                }
                i.grow(out.len())?;
                return Ok(Value::Obj(i.alloc(Obj::Set(out))?));
            }
            (Obj::Dict(d1), Obj::Dict(d2), BinOp::BitOr) => {
                let mut out = d1.clone();
                for (k, v) in d2.iter() {
                    out.insert(hkey_of(k), k.clone(), v.clone());
                }
                i.grow(out.len() * 2)?;
                return i.new_dict(out);
            }
            _ => {}
        }
    }
    // list repetition
    if let (BinOp::Mul, Value::Obj(x), n) | (BinOp::Mul, n, Value::Obj(x)) = (op, a, b)
        && let (Obj::List(l), Some(n)) = (i.obj(*x), int(n))
    {
        let l = l.clone();
        let c = repeat_count(i, n, l.len())?;
        let mut v = Vec::with_capacity(l.len() * c);
        for _ in 0..c {
            v.extend(l.iter().cloned());
        }
        i.grow(v.len())?;
        return i.new_list(v);
    }
    if let Some(v) = crate::modules::datetime_binop(i, op, a, b)? {
        return Ok(v);
    }
    // user classes
    let (fwd, rev) = dunder(op);
    if let Some(cls) = i.class_of(a)
        && i.find_class_attr(cls, fwd).is_some()
    {
        let r = i.call_method(a, fwd, vec![b.clone()], h)?;
        if !is_not_implemented(&r) {
            return Ok(r);
        }
    }
    if let Some(cls) = i.class_of(b)
        && i.find_class_attr(cls, rev).is_some()
    {
        let r = i.call_method(b, rev, vec![a.clone()], h)?;
        if !is_not_implemented(&r) {
            return Ok(r);
        }
    }
    Err(unsupported(i, op, a, b))
}

fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Builtin("NotImplemented"))
}

/// Hash key of a value already stored in a dict/set (always hashable).
pub fn hkey_of(v: &Value) -> HKey {
    match v {
        Value::None => HKey::None,
        Value::Bool(b) => HKey::Int(*b as i128),
        Value::Int(i) => HKey::Int(*i),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e38 {
                HKey::Int(*f as i128)
            } else {
                HKey::Float(f.to_bits())
            }
        }
        Value::Str(s) => HKey::Str(s.clone()),
        Value::Bytes(b) => HKey::Bytes(b.clone()),
        Value::Tuple(t) => HKey::Tuple(t.iter().map(hkey_of).collect()),
        Value::Range(a, b, c) => HKey::Range(*a, *b, *c),
        Value::Ellipsis => HKey::Ellipsis,
        Value::Type(t) => HKey::Type(*t),
        Value::Builtin(n) => HKey::Builtin(n),
        Value::Obj(id) => HKey::Id(*id),
    }
}

fn unsupported(i: &mut Interp, op: BinOp, a: &Value, b: &Value) -> crate::interp::Flow {
    let (ta, tb) = (i.type_name(a), i.type_name(b));
    match (op, a) {
        (BinOp::Add, Value::Str(_)) => {
            return i.exc("TypeError", format!("can only concatenate str (not \"{tb}\") to str"));
        }
        (BinOp::Add, Value::Tuple(_)) => {
            return i.exc(
                "TypeError",
                format!("can only concatenate tuple (not \"{tb}\") to tuple"),
            );
        }
        (BinOp::Add, Value::Obj(id)) if matches!(i.obj(*id), Obj::List(_)) => {
            return i.exc("TypeError", format!("can only concatenate list (not \"{tb}\") to list"));
        }
        (BinOp::Mul, _) if matches!(a, Value::Str(_)) || matches!(b, Value::Str(_)) => {
            let other = if matches!(a, Value::Str(_)) { &tb } else { &ta };
            if other != "str" {
                return i.exc(
                    "TypeError",
                    format!("can't multiply sequence by non-int of type '{other}'"),
                );
            }
        }
        _ => {}
    }
    let sym = if op == BinOp::Pow { "** or pow()" } else { op.symbol() };
    i.exc(
        "TypeError",
        format!("unsupported operand type(s) for {sym}: '{ta}' and '{tb}'"),
    )
}

pub fn eq(i: &mut Interp, a: &Value, b: &Value, h: &mut dyn PyHost, depth: u32) -> R<bool> {
    if depth > 200 || i.stack_exhausted() {
        return Err(i.exc("RecursionError", "maximum recursion depth exceeded in comparison"));
    }
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return Ok(x == y);
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(x == y);
    }
    Ok(match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !eq(i, p, q, h, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Range(a1, b1, c1), Value::Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        (Value::Obj(x), Value::Obj(y)) => {
            if x == y {
                return Ok(true);
            }
            match (i.obj(*x), i.obj(*y)) {
                (Obj::List(l1), Obj::List(l2)) => {
                    if l1.len() != l2.len() {
                        return Ok(false);
                    }
                    let (l1, l2) = (l1.clone(), l2.clone());
                    for (p, q) in l1.iter().zip(l2.iter()) {
                        if !eq(i, p, q, h, depth + 1)? {
                            return Ok(false);
                        }
                    }
                    true
                }
                (Obj::Dict(d1), Obj::Dict(d2)) => {
                    if d1.len() != d2.len() {
                        return Ok(false);
                    }
                    let pairs: Vec<(Value, Value)> = d1.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    let d2 = d2.clone();
                    for (k, v) in pairs {
                        match d2.get(&hkey_of(&k)) {
                            Some(v2) => {
                                let v2 = v2.clone();
                                if !eq(i, &v, &v2, h, depth + 1)? {
                                    return Ok(false);
                                }
                            }
                            None => return Ok(false),
                        }
                    }
                    true
                }
                (Obj::Set(s1), Obj::Set(s2)) => {
                    s1.len() == s2.len() && s1.iter().all(|(k, _)| s2.contains(&hkey_of(k)))
                }
                (Obj::Instance(_), _) | (_, Obj::Instance(_)) => return user_eq(i, a, b, h),
                _ => false,
            }
        }
        (Value::Obj(_), _) | (_, Value::Obj(_)) => return user_eq(i, a, b, h),
        _ => false,
    })
}

fn user_eq(i: &mut Interp, a: &Value, b: &Value, h: &mut dyn PyHost) -> R<bool> {
    for (x, y) in [(a, b), (b, a)] {
        if let Some(cls) = i.class_of(x)
            && let Some((Value::Obj(f), _)) = i.find_class_attr(cls, "__eq__")
            && matches!(i.obj(f), Obj::Func(_))
        {
            let r = i.call_method(x, "__eq__", vec![y.clone()], h)?;
            if !is_not_implemented(&r) {
                return i.truthy(&r, h);
            }
        }
    }
    Ok(matches!((a, b), (Value::Obj(x), Value::Obj(y)) if x == y))
}

/// Ordering for `<`, sorting, min/max. Errors like CPython when unordered.
pub fn order(i: &mut Interp, a: &Value, b: &Value, op: &str, h: &mut dyn PyHost) -> R<Ordering> {
    if i.stack_exhausted() {
        return Err(i.exc("RecursionError", "maximum recursion depth exceeded in comparison"));
    }
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return Ok(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => return Ok(x.cmp(y)),
        (Value::Bytes(x), Value::Bytes(y)) => return Ok(x.cmp(y)),
        (Value::Tuple(x), Value::Tuple(y)) => return seq_order(i, x, y, op, h),
        (Value::Obj(x), Value::Obj(y)) => {
            if let (Obj::List(l1), Obj::List(l2)) = (i.obj(*x), i.obj(*y)) {
                let (l1, l2) = (l1.clone(), l2.clone());
                return seq_order(i, &l1, &l2, op, h);
            }
        }
        _ => {}
    }
    // user-defined __lt__
    if let Some(cls) = i.class_of(a)
        && i.find_class_attr(cls, "__lt__").is_some()
    {
        let lt = i.call_method(a, "__lt__", vec![b.clone()], h)?;
        if i.truthy(&lt, h)? {
            return Ok(Ordering::Less);
        }
        let gt = if i.find_class_attr(cls, "__gt__").is_some() {
            let r = i.call_method(a, "__gt__", vec![b.clone()], h)?;
            i.truthy(&r, h)?
        } else {
            let r = i.call_method(b, "__lt__", vec![a.clone()], h)?;
            i.truthy(&r, h)?
        };
        return Ok(if gt { Ordering::Greater } else { Ordering::Equal });
    }
    let (ta, tb) = (i.type_name(a), i.type_name(b));
    Err(i.exc(
        "TypeError",
        format!("'{op}' not supported between instances of '{ta}' and '{tb}'"),
    ))
}

fn seq_order(i: &mut Interp, x: &[Value], y: &[Value], op: &str, h: &mut dyn PyHost) -> R<Ordering> {
    for (p, q) in x.iter().zip(y.iter()) {
        if !eq(i, p, q, h, 0)? {
            return order(i, p, q, op, h);
        }
    }
    Ok(x.len().cmp(&y.len()))
}

pub fn contains(i: &mut Interp, container: &Value, item: &Value, h: &mut dyn PyHost) -> R<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.contains(&**sub)),
            _ => {
                let tn = i.type_name(item);
                Err(i.exc(
                    "TypeError",
                    format!("'in <string>' requires string as left operand, not {tn}"),
                ))
            }
        },
        Value::Bytes(b) => match item {
            Value::Bytes(sub) => Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..])),
            Value::Int(n) => Ok(b.contains(&(*n as u8))),
            _ => Err(i.exc("TypeError", "a bytes-like object is required")),
        },
        Value::Range(a, b, c) => match int(item) {
            Some(n) => {
                let inr = if *c > 0 { n >= *a && n < *b } else { n <= *a && n > *b };
                Ok(inr && n.abs_diff(*a) % c.unsigned_abs() == 0)
            }
            None => Ok(false),
        },
        Value::Obj(id) => match i.obj(*id) {
            Obj::Dict(d) | Obj::Set(d) => {
                let _ = d;
                let k = i.hkey(item)?;
                match i.obj(*id) {
                    Obj::Dict(d) | Obj::Set(d) => Ok(d.contains(&k)),
                    _ => Ok(false),
                }
            }
            Obj::DictView(d, 0) => {
                let d = *d;
                contains(i, &Value::Obj(d), item, h)
            }
            Obj::Instance(inst) if i.find_class_attr(inst.class, "__contains__").is_some() => {
                let r = i.call_method(container, "__contains__", vec![item.clone()], h)?;
                i.truthy(&r, h)
            }
            _ => {
                let items = i.collect(container, h)?;
                for x in items {
                    if eq(i, &x, item, h, 0)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        },
        Value::Tuple(t) => {
            let t = t.clone();
            for x in t.iter() {
                if eq(i, x, item, h, 0)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let tn = i.type_name(container);
            Err(i.exc("TypeError", format!("argument of type '{tn}' is not iterable")))
        }
    }
}

#[inline(never)]
pub fn compare(i: &mut Interp, op: CmpOp, a: &Value, b: &Value, h: &mut dyn PyHost) -> R<bool> {
    match op {
        CmpOp::Eq => eq(i, a, b, h, 0),
        CmpOp::Ne => {
            if let Some(cls) = i.class_of(a)
                && i.find_class_attr(cls, "__ne__").is_some()
            {
                let r = i.call_method(a, "__ne__", vec![b.clone()], h)?;
                return i.truthy(&r, h);
            }
            Ok(!eq(i, a, b, h, 0)?)
        }
        CmpOp::Is | CmpOp::IsNot => {
            let same = match (a, b) {
                (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Obj(x), Value::Obj(y)) => x == y,
                (Value::Type(x), Value::Type(y)) => x == y,
                (Value::Builtin(x), Value::Builtin(y)) => x == y,
                (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
                (Value::Str(x), Value::Str(y)) => Arc::ptr_eq(x, y) || (x == y && x.len() <= 1),
                (Value::Tuple(x), Value::Tuple(y)) => Arc::ptr_eq(x, y),
                _ => false,
            };
            Ok(if op == CmpOp::Is { same } else { !same })
        }
        CmpOp::In => contains(i, b, a, h),
        CmpOp::NotIn => Ok(!contains(i, b, a, h)?),
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
            // sets: subset relations
            if let (Value::Obj(x), Value::Obj(y)) = (a, b)
                && let (Obj::Set(s1), Obj::Set(s2)) = (i.obj(*x), i.obj(*y))
            {
                let sub = s1.iter().all(|(k, _)| s2.contains(&hkey_of(k)));
                let sup = s2.iter().all(|(k, _)| s1.contains(&hkey_of(k)));
                return Ok(match op {
                    CmpOp::Lt => sub && s1.len() < s2.len(),
                    CmpOp::Le => sub,
                    CmpOp::Gt => sup && s1.len() > s2.len(),
                    _ => sup,
                });
            }
            if let Some(cls) = i.class_of(a) {
                let name = match op {
                    CmpOp::Lt => "__lt__",
                    CmpOp::Le => "__le__",
                    CmpOp::Gt => "__gt__",
                    _ => "__ge__",
                };
                if i.find_class_attr(cls, name).is_some() {
                    let r = i.call_method(a, name, vec![b.clone()], h)?;
                    return i.truthy(&r, h);
                }
            }
            if let (Some(x), Some(y)) = (num(a), num(b))
                && (x.is_nan() || y.is_nan())
            {
                return Ok(false);
            }
            let o = order(i, a, b, op.symbol(), h)?;
            Ok(match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            })
        }
    }
}
