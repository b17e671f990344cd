//! The YAML layer of compose: serde-saphyr reads the text into a small tree of
//! nodes that remember their line and column, and syntax errors are reworded the
//! way Compose's YAML library (go-yaml v3) words them, `yaml: line N: <problem>`.
//!
//! Everything about YAML is in this file, so replacing the parser touches nothing
//! else: the loader only sees [`Node`] and [`YamlError`].

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML value with its position (1-based line and column of the node).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order; duplicate keys are reported by [`parse`].
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn new(value: Value, line: u32, col: u32) -> Node {
        Node { value, line, col }
    }

    /// The text of a scalar as YAML wrote it (numbers and booleans included).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(go_float(*f)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.key_text() == key).map(|(_, v)| v)
    }

    /// A mapping key as a string (YAML allows any scalar as a key).
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            _ => self.scalar_text().unwrap_or_default(),
        }
    }

    /// The JSON-schema type name compose's validator reports for this node.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
}

/// Go's `%v` of a float64 as YAML decoding gives it (`1.5`, `100`, `1e+21`).
pub fn go_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn node(s: Spanned<Value>) -> Node {
    let line = u32::try_from(s.referenced.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(s.referenced.column()).unwrap_or(u32::MAX);
    Node {
        value: s.value,
        line,
        col,
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(i64::try_from(u).map(Value::Int).unwrap_or(Value::Float(u as f64)))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(i64::try_from(i).map(Value::Int).unwrap_or(Value::Float(i as f64)))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(i64::try_from(u).map(Value::Int).unwrap_or(Value::Float(u as f64)))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(b).into_owned()))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(s) = a.next_element::<Spanned<Value>>()? {
            items.push(node(s));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = a.next_key::<Spanned<Value>>()? {
            let v = a.next_value::<Spanned<Value>>()?;
            entries.push((node(k), node(v)));
        }
        Ok(Value::Map(entries))
    }
}

/// A YAML problem as Compose prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// `yaml: line 19: could not find expected ':'` (possibly several lines).
    pub message: String,
    /// go-yaml's words for the problem (`could not find expected ':'`).
    pub problem: String,
    /// Where the problem really is (1-based), for the teaching note.
    pub line: u32,
}

/// The deepest nesting accepted (go-yaml allows far more; no compose file needs it).
pub const MAX_DEPTH: usize = 24;

/// Parses one YAML document into a [`Node`] tree. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut o = serde_saphyr::Options::default();
    // go-yaml v3 (YAML 1.2 core schema): only true/false are booleans.
    o.strict_booleans = true;
    o.with_snippet = false;
    // Duplicates reach the visitor so the message can be go-yaml's.
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // Deserialising recurses once per level; keep well inside a WebAssembly stack.
    // Real compose files nest a handful of levels.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = budget.flow_nesting_limit.min(MAX_DEPTH);
    o.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<Spanned<Value>>(text, o) {
        Ok(s) => {
            let root = node(s);
            let mut dups = Vec::new();
            find_duplicates(&root, &mut dups);
            if let Some((line, msg)) = dups.first() {
                let all: Vec<String> = dups.iter().map(|(_, m)| format!("  {m}")).collect();
                return Err(YamlError {
                    message: format!("yaml: unmarshal errors:\n{}", all.join("\n")),
                    problem: msg.clone(),
                    line: *line,
                });
            }
            Ok(root)
        }
        Err(e) => Err(translate(text, &e)),
    }
}

fn find_duplicates(n: &Node, out: &mut Vec<(u32, String)>) {
    match &n.value {
        Value::Map(m) => {
            for (i, (k, v)) in m.iter().enumerate() {
                if let Some((first, _)) = m[..i].iter().find(|(pk, _)| pk.value == k.value) {
                    out.push((
                        k.line,
                        format!(
                            "line {}: mapping key {} already defined at line {}",
                            k.line,
                            go_quote(&k.key_text()),
                            first.line
                        ),
                    ));
                }
                find_duplicates(v, out);
            }
        }
        Value::Seq(s) => s.iter().for_each(|x| find_duplicates(x, out)),
        _ => {}
    }
}

/// Go's `%#v`/`%q` of a string.
pub fn go_quote(s: &str) -> String {
    let mut o = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\x{:02x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Rewords a serde-saphyr error the way go-yaml v3 reports it. go-yaml prints the
/// line of the *context* of a parser error (the start of the block being parsed,
/// counted from 0) and the line of a scanner error (counted from 1).
fn translate(text: &str, e: &serde_saphyr::Error) -> YamlError {
    let (line, col) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    let raw = e.to_string();
    let suffix = format!(" at line {line}, column {col}");
    let msg = raw.strip_suffix(&suffix).unwrap_or(&raw).to_string();
    let (reported, problem) = if msg.contains("simple key expected ':'") || msg.contains("could not find expected ':'")
    {
        (line, "could not find expected ':'".to_string())
    } else if msg.contains("did not find expected key") {
        (
            block_start_line0(text, line, col),
            "did not find expected key".to_string(),
        )
    } else if msg.contains("did not find expected '-' indicator") {
        (
            block_start_line0(text, line, col),
            "did not find expected '-' indicator".to_string(),
        )
    } else if msg.contains("mapping values are not allowed") {
        (line, "mapping values are not allowed in this context".to_string())
    } else if msg.contains("tabs disallowed") || msg.contains("cannot start any token") {
        (line, "found character that cannot start any token".to_string())
    } else if msg.contains("unclosed quote") || msg.contains("unexpected end of stream") {
        (line, "found unexpected end of stream".to_string())
    } else if msg.contains("budget breached") || msg.contains("recursion limit exceeded") {
        (line, format!("exceeded max depth of {MAX_DEPTH}"))
    } else if msg.contains("multiple YAML documents") {
        (0, "expected a single document in the stream".to_string())
    } else {
        let m = msg
            .rsplit_once(", ")
            .filter(|(a, _)| a.starts_with("while "))
            .map(|(_, b)| b.to_string())
            .unwrap_or(msg.clone());
        (line, m)
    };
    let message = if reported > 0 {
        format!("yaml: line {reported}: {problem}")
    } else {
        format!("yaml: {problem}")
    };
    YamlError {
        message,
        problem,
        line: line.max(1),
    }
}

fn indent_of(l: &str) -> usize {
    l.chars().take_while(|c| *c == ' ').count()
}

fn is_content(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// go-yaml's context line for "did not find expected key": the 0-based line where
/// the block collection that was being read began (the first entry of the block
/// that encloses the offending column).
fn block_start_line0(text: &str, line: u32, col: u32) -> u32 {
    let lines: Vec<&str> = text.lines().collect();
    let bad = (line as usize).saturating_sub(1);
    let bad_col = (col as usize).saturating_sub(1);
    // The enclosing block: the nearest earlier content line indented less than the bad one.
    let mut i = bad.min(lines.len());
    let mut enclosing: Option<usize> = None;
    while i > 0 {
        i -= 1;
        if is_content(lines[i]) && indent_of(lines[i]) < bad_col {
            enclosing = Some(indent_of(lines[i]));
            break;
        }
    }
    let Some(ind) = enclosing else {
        return line.saturating_sub(1);
    };
    // Walk back over that block (lines indented at least as much) to its first line.
    let mut start = i;
    while start > 0 {
        let prev = start - 1;
        if !is_content(lines[prev]) {
            start = prev;
            continue;
        }
        if indent_of(lines[prev]) >= ind {
            start = prev;
        } else {
            break;
        }
    }
    while start < i && !is_content(lines[start]) {
        start += 1;
    }
    start as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_positions() {
        let n = parse("services:\n  web:\n    image: nginx\n").unwrap();
        let web = n.get("services").and_then(|s| s.get("web")).unwrap();
        let img = web.get("image").unwrap();
        assert_eq!(img.value, Value::Str("nginx".into()));
        assert_eq!((img.line, img.col), (3, 12));
    }

    #[test]
    fn yes_is_a_string() {
        let n = parse("a: yes\nb: true\n").unwrap();
        assert_eq!(n.get("a").unwrap().value, Value::Str("yes".into()));
        assert_eq!(n.get("b").unwrap().value, Value::Bool(true));
    }

    #[test]
    fn go_yaml_messages() {
        let e = parse("services:\n  db:\n    image: postgres\n    [\n      \"postgres\",\n    ]\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 4: could not find expected ':'");
        let e = parse("services:\n  web:\n    image: nginx\n   ports:\n      - \"80:80\"\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 1: did not find expected key");
        let e = parse("services:\n  web:\n\timage: nginx\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 3: found character that cannot start any token");
        let deep = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "yaml: line 1: exceeded max depth of 24"
        );
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(
            e.message,
            "yaml: unmarshal errors:\n  line 2: mapping key \"a\" already defined at line 1"
        );
    }
}
