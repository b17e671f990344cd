//! The message catalogue is complete: every explanation id the engine emits exists in
//! every language with the arguments the engine passes, and the languages agree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dockyard_i18n::{Lang, explain, text};
use fluent_syntax::ast;

/// A message's variables (from its value and attributes) and attribute names.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    vars: BTreeSet<String>,
    attributes: BTreeSet<String>,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every message of `lang`: all `.ftl` files of its folder, as the loader reads them.
fn catalogue(lang: Lang) -> BTreeMap<String, Shape> {
    let dir = manifest_dir().join("locales").join(lang.code());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .ftl files in {}", dir.display());
    let mut out = BTreeMap::new();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}: syntax errors: {errors:?}", path.display()),
        };
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut shape = Shape::default();
                    if let Some(v) = &m.value {
                        pattern_vars(v, &mut shape.vars);
                    }
                    for a in &m.attributes {
                        shape.attributes.insert(a.id.name.to_string());
                        pattern_vars(&a.value, &mut shape.vars);
                    }
                    let dup = out.insert(m.id.name.to_string(), shape);
                    assert!(
                        dup.is_none(),
                        "{}: {} is defined twice in {lang}",
                        path.display(),
                        m.id.name
                    );
                }
                ast::Entry::Junk { content } => {
                    panic!("{}: cannot parse {content:?}", path.display())
                }
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        _ => {}
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every explanation the engine can emit, with the names of the arguments it passes.
///
/// Found by reading the engine's sources: each `Explain::new(ID)` and the `.arg("name", ..)`
/// calls after it, up to the next `.explain(` or `Explain::new(` (which also catches
/// `let mut e = Explain::new(..); if .. { e = e.arg(..) } io.explain(e)`). ID is a string
/// literal, a variable bound to literals (`let id = if .. { "a" } else { "b" };`), or
/// `&format!("build-{}", e.kind())` over the Dockerfile parser's error kinds.
fn engine_explanations() -> BTreeMap<String, BTreeSet<String>> {
    let src = manifest_dir().join("../engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut at = 0;
        while let Some(found) = text[at..].find("Explain::new(") {
            let start = at + found + "Explain::new(".len();
            at = start;
            let rest = &text[start..];
            let line = text[..start].lines().count();
            let where_ = format!("{}:{line}", file.display());
            let ids = explanation_ids(&text[..start], rest, &where_);
            let end = [rest.find(".explain("), rest.find("Explain::new(")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(rest.len());
            let mut args = BTreeSet::new();
            let mut seg = &rest[..end];
            while let Some(a) = seg.find(".arg(\"") {
                seg = &seg[a + ".arg(\"".len()..];
                args.insert(seg[..seg.find('"').unwrap()].to_string());
            }
            for id in ids {
                out.entry(id).or_default().extend(args.iter().cloned());
            }
        }
    }
    out
}

/// The ids an `Explain::new(` call can produce; `before` is the file up to the call.
fn explanation_ids(before: &str, call: &str, where_: &str) -> Vec<String> {
    let arg = &call[..call.find(')').unwrap_or(call.len())];
    if let Some(lit) = arg.strip_prefix('"') {
        return vec![lit[..lit.find('"').unwrap()].to_string()];
    }
    if let Some((prefix, value)) = arg.strip_prefix("&format!(\"").and_then(|f| f.split_once("{}\", "))
        && value.ends_with(".kind(")
    {
        return dockerfile_error_kinds()
            .into_iter()
            .map(|k| format!("{prefix}{k}"))
            .collect();
    }
    let is_ident = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let binding = [format!("let {arg} = "), format!("let mut {arg} = ")]
        .iter()
        .filter_map(|b| before.rfind(b.as_str()).map(|i| i + b.len()))
        .max()
        .filter(|_| is_ident);
    let Some(from) = binding else {
        panic!("{where_}: cannot tell which explanation ids `Explain::new({arg})` produces; use a string literal")
    };
    let statement = &before[from..from + before[from..].find(";\n").unwrap_or(before.len() - from)];
    let ids = block_results(statement);
    assert!(!ids.is_empty(), "{where_}: `{arg}` is not bound to string literals");
    ids
}

/// String literals that are whole blocks, like `{ "x" }`: the values an if/else or match yields.
fn block_results(code: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let inner = rest.trim_start();
        if let Some(lit) = inner.strip_prefix('"')
            && let Some(close) = lit.find('"')
            && lit[close + 1..].trim_start().starts_with('}')
        {
            ids.push(lit[..close].to_string());
        }
    }
    ids
}

/// The `kind()` ids of the Dockerfile parser's errors (`=> "kind"` arms of its `fn kind`s).
fn dockerfile_error_kinds() -> Vec<String> {
    let text = std::fs::read_to_string(manifest_dir().join("../dockerfile/src/error.rs")).unwrap();
    let mut kinds = Vec::new();
    for body in text.split("pub fn kind(&self) -> &'static str {").skip(1) {
        let body = &body[..body.find("\n    }\n").unwrap_or(body.len())];
        for arm in body.split("=> \"").skip(1) {
            kinds.push(arm[..arm.find('"').unwrap()].to_string());
        }
    }
    assert!(
        kinds.len() > 10,
        "found only {kinds:?} in crates/dockerfile/src/error.rs"
    );
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn languages_have_the_same_messages_and_arguments() {
    let en = catalogue(Lang::En);
    let ru = catalogue(Lang::Ru);
    let mut problems = Vec::new();
    for (id, shape) in &en {
        match ru.get(id) {
            None => problems.push(format!("{id}: missing in ru")),
            Some(r) if r != shape => problems.push(format!("{id}: en uses {shape:?}, ru uses {r:?}")),
            _ => {}
        }
    }
    for id in ru.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("{id}: missing in en"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_engine_explanation_is_translated_with_its_arguments() {
    let engine = engine_explanations();
    assert!(
        engine.len() >= 10,
        "found only {} explanation ids in crates/engine/src",
        engine.len()
    );
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let cat = catalogue(lang);
        for (id, args) in &engine {
            let Some(shape) = cat.get(id) else {
                problems.push(format!("{lang}: {id} is missing (the engine passes {args:?})"));
                continue;
            };
            // A message may leave an argument out (Docker already printed it), never use one
            // the engine does not pass.
            for v in shape.vars.difference(args) {
                problems.push(format!(
                    "{lang}: {id} uses ${v}, which the engine does not pass (it passes {args:?})"
                ));
            }
            for a in shape.attributes.difference(args) {
                problems.push(format!(
                    "{lang}: {id}.{a} is an attribute for an argument the engine never passes"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_renders_in_every_language() {
    for lang in Lang::ALL {
        for (id, shape) in catalogue(lang) {
            let args: Vec<(String, String)> = shape.vars.iter().map(|v| (v.clone(), format!("<{v}>"))).collect();
            let s = explain(lang, &id, &args);
            assert!(!s.trim().is_empty(), "{lang}: {id} is empty");
            for v in &shape.vars {
                assert!(s.contains(&format!("<{v}>")), "{lang}: {id} lost ${v}: {s}");
            }
            assert!(
                !s.contains(['\u{2068}', '\u{2069}']),
                "{lang}: {id} has isolation marks: {s:?}"
            );
            assert!(!s.contains("Unknown localization"), "{lang}: {id}: {s}");
        }
    }
}

#[test]
fn russian_text_is_russian() {
    for (id, shape) in catalogue(Lang::En) {
        // A message that is only arguments and punctuation (`dockyard: { $path }: { $error }`)
        // reads the same in every language.
        let blank: Vec<(&str, String)> = shape.vars.iter().map(|v| (v.as_str(), String::new())).collect();
        let words = text(Lang::En, &id, &blank).replace("dockyard", "");
        if !words.chars().any(char::is_alphabetic) {
            continue;
        }
        let args: Vec<(&str, String)> = shape.vars.iter().map(|v| (v.as_str(), "x".to_string())).collect();
        let (e, r) = (text(Lang::En, &id, &args), text(Lang::Ru, &id, &args));
        assert_ne!(e, r, "{id} is not translated");
        assert!(r.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё')), "{id}: {r}");
    }
}
