//! Loading a course: a set of `(path, bytes)` pairs (paths relative to the course folder,
//! `/`-separated) becomes [`Lesson`]s, and every static problem becomes a
//! [`Diagnostic`]. The caller reads the files (the CLI from disk, the web page from the
//! bundled course), so this module does no I/O and builds for wasm32.
//!
//! What is checked here, without running anything: file syntax, ids and folder names,
//! order and prerequisites, that every language has the title, every step, its hints
//! and its explanation, that state-aware hints and quiz answers line up with
//! `lesson.toml`, and that translations are not older than their source. Running the
//! reference solutions is [`crate::validate`]'s job.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, line_of};
use crate::manifest::{self, FORMAT_VERSION, Manifest, Step};
use crate::markdown::{self, Doc};

/// The languages every lesson is written in.
pub const LANGUAGES: [&str; 2] = ["en", "ru"];

#[derive(Clone, Debug)]
pub struct Lesson {
    /// The folder name, `NN-id`.
    pub dir: String,
    pub manifest: Manifest,
    /// The text of `lesson.toml`, to turn spans into line numbers.
    pub manifest_text: String,
    /// Language → prose.
    pub docs: BTreeMap<String, Doc>,
    /// The starting workspace: path below `files/` → contents.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Lesson {
    pub fn id(&self) -> &str {
        self.manifest.id.get_ref()
    }

    pub fn order(&self) -> u32 {
        *self.manifest.order.get_ref()
    }

    pub fn steps(&self) -> &[Step] {
        &self.manifest.steps
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.manifest.steps.iter().position(|s| s.id.get_ref() == id)
    }

    /// The prose in `lang`, else in the source language.
    pub fn doc(&self, lang: &str) -> &Doc {
        self.docs
            .get(lang)
            .or_else(|| self.docs.get(self.manifest.source_language.get_ref().as_str()))
            .or_else(|| self.docs.values().next())
            .expect("a loaded lesson has at least its source language")
    }

    pub fn title(&self, lang: &str) -> &str {
        self.doc(lang)
            .title
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or(self.id())
    }

    /// `NN-id/lesson.toml`, for diagnostics.
    pub fn manifest_file(&self) -> String {
        format!("{}/lesson.toml", self.dir)
    }

    /// The line of a byte offset in `lesson.toml`.
    pub fn line(&self, offset: usize) -> usize {
        line_of(&self.manifest_text, offset)
    }

    pub fn requires(&self) -> Vec<&str> {
        self.manifest.requires.iter().map(|r| r.get_ref().as_str()).collect()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Course {
    /// In course order.
    pub lessons: Vec<Lesson>,
}

impl Course {
    pub fn lesson(&self, key: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id() == key || l.dir == key).or_else(|| {
            // `3` or `03` picks by position in the course.
            key.parse::<u32>()
                .ok()
                .and_then(|n| self.lessons.iter().find(|l| l.order() == n))
        })
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.lessons.iter().position(|l| l.id() == id)
    }

    pub fn step_count(&self) -> usize {
        self.lessons.iter().map(|l| l.steps().len()).sum()
    }

    /// Loads every lesson it can; a lesson whose `lesson.toml` or Markdown does not
    /// parse is left out, and every problem found is returned alongside.
    pub fn load(files: Vec<(String, Vec<u8>)>) -> (Course, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut folders: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
        for (path, data) in files {
            let path = path.trim_start_matches("./").to_string();
            if path.split('/').any(|part| part.starts_with('.')) {
                continue;
            }
            match path.split_once('/') {
                Some((dir, rest)) => folders
                    .entry(dir.to_string())
                    .or_default()
                    .push((rest.to_string(), data)),
                None if path.eq_ignore_ascii_case("README.md") => {}
                None => diags.push(Diagnostic::new(
                    path,
                    0,
                    "unexpected file: a course folder holds lesson folders and README.md",
                )),
            }
        }
        let mut lessons = Vec::new();
        for (dir, files) in folders {
            match load_lesson(&dir, files, &mut diags) {
                Some(l) => lessons.push(l),
                None => continue,
            }
        }
        lessons.sort_by_key(|l| (l.order(), l.dir.clone()));
        let course = Course { lessons };
        course.check_links(&mut diags);
        diags.sort();
        diags.dedup();
        (course, diags)
    }

    /// Order numbers and prerequisites across lessons.
    fn check_links(&self, diags: &mut Vec<Diagnostic>) {
        let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for l in &self.lessons {
            let file = l.manifest_file();
            if let Some(other) = seen.insert(l.order(), &l.dir) {
                diags.push(Diagnostic::new(
                    &file,
                    l.line(l.manifest.order.span().start),
                    format!("order {} is also used by {other}", l.order()),
                ));
            }
            if let Some(other) = ids.insert(l.id(), &l.dir) {
                diags.push(Diagnostic::new(
                    &file,
                    l.line(l.manifest.id.span().start),
                    format!("id `{}` is also used by {other}", l.id()),
                ));
            }
        }
        for l in &self.lessons {
            for r in &l.manifest.requires {
                let line = l.line(r.span().start);
                match self.lessons.iter().find(|o| o.id() == r.get_ref()) {
                    None => diags.push(Diagnostic::new(
                        l.manifest_file(),
                        line,
                        format!("requires `{}`, which is not a lesson of this course", r.get_ref()),
                    )),
                    Some(o) if o.order() >= l.order() => diags.push(Diagnostic::new(
                        l.manifest_file(),
                        line,
                        format!(
                            "requires `{}`, which comes later in the course (order {} ≥ {})",
                            r.get_ref(),
                            o.order(),
                            l.order()
                        ),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
}

fn load_lesson(dir: &str, files: Vec<(String, Vec<u8>)>, diags: &mut Vec<Diagnostic>) -> Option<Lesson> {
    let mut manifest_text = None;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut workspace = Vec::new();
    for (rest, data) in files {
        let path = format!("{dir}/{rest}");
        if let Some(inner) = rest.strip_prefix("files/") {
            if !inner.is_empty() {
                workspace.push((inner.to_string(), data));
            }
            continue;
        }
        let Ok(text) = String::from_utf8(data) else {
            diags.push(Diagnostic::new(path, 0, "not UTF-8 text"));
            continue;
        };
        if rest == "lesson.toml" {
            manifest_text = Some(text);
        } else if let Some(lang) = rest.strip_suffix(".md").filter(|l| LANGUAGES.contains(l)) {
            texts.insert(lang.to_string(), text);
        } else {
            diags.push(Diagnostic::new(
                path,
                0,
                "unexpected file: a lesson folder holds lesson.toml, en.md, ru.md and files/",
            ));
        }
    }
    let file = format!("{dir}/lesson.toml");
    let Some(manifest_text) = manifest_text else {
        diags.push(Diagnostic::new(
            file,
            0,
            "missing: every lesson folder has a lesson.toml",
        ));
        return None;
    };
    let manifest = match manifest::parse(&file, &manifest_text) {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut docs = BTreeMap::new();
    let mut broken = false;
    for lang in LANGUAGES {
        let path = format!("{dir}/{lang}.md");
        match texts.get(lang) {
            None => {
                diags.push(Diagnostic::new(
                    path,
                    0,
                    format!("missing: every lesson is written in {}", LANGUAGES.join(" and ")),
                ));
                broken = true;
            }
            Some(text) => match markdown::parse(&path, text) {
                Ok(d) => {
                    docs.insert(lang.to_string(), d);
                }
                Err(es) => {
                    diags.extend(es);
                    broken = true;
                }
            },
        }
    }
    let lesson = Lesson {
        dir: dir.to_string(),
        manifest,
        manifest_text,
        docs,
        files: workspace,
    };
    check_manifest(&lesson, diags);
    if broken {
        return None;
    }
    check_docs(&lesson, diags);
    Some(lesson)
}

/// What `lesson.toml` says on its own.
fn check_manifest(l: &Lesson, diags: &mut Vec<Diagnostic>) {
    let file = l.manifest_file();
    let m = &l.manifest;
    let at = |span: std::ops::Range<usize>| l.line(span.start);
    if *m.format.get_ref() != FORMAT_VERSION {
        diags.push(Diagnostic::new(
            &file,
            at(m.format.span()),
            format!(
                "format {} is not supported: this version of Dockyard reads format {FORMAT_VERSION}",
                m.format.get_ref()
            ),
        ));
    }
    if !manifest::valid_id(m.id.get_ref()) {
        diags.push(Diagnostic::new(
            &file,
            at(m.id.span()),
            format!("id `{}`: use lowercase letters, digits and dashes", m.id.get_ref()),
        ));
    }
    let expected = format!("{:02}-{}", m.order.get_ref(), m.id.get_ref());
    if l.dir != expected {
        diags.push(Diagnostic::new(
            &file,
            at(m.id.span()),
            format!("the folder is `{}` but order and id make it `{expected}`", l.dir),
        ));
    }
    if !LANGUAGES.contains(&m.source_language.get_ref().as_str()) {
        diags.push(Diagnostic::new(
            &file,
            at(m.source_language.span()),
            format!(
                "source_language `{}`: expected one of {}",
                m.source_language.get_ref(),
                LANGUAGES.join(", ")
            ),
        ));
    }
    if m.steps.is_empty() {
        diags.push(Diagnostic::new(&file, 0, "a lesson needs at least one `[[steps]]`"));
    }
    let mut ids = BTreeSet::new();
    for s in &m.steps {
        let id = s.id.get_ref();
        if !manifest::valid_id(id) {
            diags.push(Diagnostic::new(
                &file,
                at(s.id.span()),
                format!("step id `{id}`: use lowercase letters, digits and dashes"),
            ));
        }
        if !ids.insert(id.as_str()) {
            diags.push(Diagnostic::new(
                &file,
                at(s.id.span()),
                format!("step id `{id}` is used twice"),
            ));
        }
        if s.solution.is_empty() {
            diags.push(Diagnostic::new(
                &file,
                at(s.id.span()),
                format!("step `{id}` has an empty solution"),
            ));
        }
        let mut keys = BTreeSet::new();
        for h in &s.hints {
            if !keys.insert(h.key.get_ref().as_str()) {
                diags.push(Diagnostic::new(
                    &file,
                    at(h.key.span()),
                    format!("hint key `{}` is used twice in step `{id}`", h.key.get_ref()),
                ));
            }
        }
    }
}

/// The prose against `lesson.toml`, and translations against their source.
fn check_docs(l: &Lesson, diags: &mut Vec<Diagnostic>) {
    let file = l.manifest_file();
    let steps = l.steps();
    for (lang, doc) in &l.docs {
        let ids: Vec<&str> = doc.steps.iter().map(|s| s.id.as_str()).collect();
        for s in steps {
            let id = s.id.get_ref().as_str();
            let Some(text) = doc.step(id) else {
                diags.push(Diagnostic::new(
                    &doc.file,
                    0,
                    format!(
                        "no `## step {id}: ...` section (the step is at {file}:{})",
                        l.line(s.id.span().start)
                    ),
                ));
                continue;
            };
            if text.hints.is_empty() {
                diags.push(Diagnostic::new(
                    &doc.file,
                    text.line,
                    format!("step `{id}` has no `### hint`"),
                ));
            }
            if text.done.is_none() {
                diags.push(Diagnostic::new(
                    &doc.file,
                    text.line,
                    format!("step `{id}` has no `### done` explanation"),
                ));
            }
            if text.body.text.is_empty() {
                diags.push(Diagnostic::new(
                    &doc.file,
                    text.line,
                    format!("step `{id}` has no text saying what to do"),
                ));
            }
            for rule in &s.hints {
                let key = rule.key.get_ref();
                if !text.keyed_hints.contains_key(key) {
                    diags.push(Diagnostic::new(
                        &doc.file,
                        text.line,
                        format!(
                            "step `{id}` has no `### hint {key}` (the rule is at {file}:{})",
                            l.line(rule.key.span().start)
                        ),
                    ));
                }
            }
            for (key, block) in &text.keyed_hints {
                if !s.hints.iter().any(|r| r.key.get_ref() == key) {
                    diags.push(Diagnostic::new(
                        &doc.file,
                        block.line,
                        format!("`### hint {key}` is never shown: no rule in {file} has key = \"{key}\""),
                    ));
                }
            }
            let answers = s.check.get_ref().quiz_answers();
            let mut hint_answers = Vec::new();
            for r in &s.hints {
                hint_answers.extend(r.when.quiz_answers());
            }
            for a in answers.iter().chain(hint_answers.iter()) {
                if !text.options.iter().any(|(k, _)| k == a) {
                    diags.push(Diagnostic::new(
                        &doc.file,
                        text.line,
                        format!("step `{id}` checks the quiz answer `{a}`, but its text has no option `- {a}) ...`"),
                    ));
                }
            }
            if !answers.is_empty() && text.options.len() < 2 {
                diags.push(Diagnostic::new(
                    &doc.file,
                    text.line,
                    format!("step `{id}` is a quiz but lists fewer than two options (`- a) ...`)"),
                ));
            }
        }
        for t in &doc.steps {
            if l.step_index(&t.id).is_none() {
                diags.push(Diagnostic::new(
                    &doc.file,
                    t.line,
                    format!("step `{}` is not in {file}", t.id),
                ));
            }
        }
        let manifest_order: Vec<&str> = steps
            .iter()
            .map(|s| s.id.get_ref().as_str())
            .filter(|id| ids.contains(id))
            .collect();
        let doc_order: Vec<&str> = ids.iter().copied().filter(|id| l.step_index(id).is_some()).collect();
        if manifest_order != doc_order {
            diags.push(Diagnostic::new(
                &doc.file,
                0,
                format!(
                    "steps are in the order {} but {file} has {}",
                    doc_order.join(", "),
                    manifest_order.join(", ")
                ),
            ));
        }
        let _ = lang;
    }
    // Quiz options agree between languages.
    let mut langs = l.docs.iter();
    if let Some((first_lang, first)) = langs.next() {
        for (lang, doc) in langs {
            for t in &doc.steps {
                let Some(f) = first.step(&t.id) else { continue };
                let a: Vec<&str> = f.options.iter().map(|(k, _)| k.as_str()).collect();
                let b: Vec<&str> = t.options.iter().map(|(k, _)| k.as_str()).collect();
                if a != b
                    && l.step_index(&t.id)
                        .is_some_and(|i| !steps[i].check.get_ref().quiz_answers().is_empty())
                {
                    diags.push(Diagnostic::new(
                        &doc.file,
                        t.line,
                        format!("step `{}` offers options {} but {first_lang}.md offers {} ({lang} and {first_lang} must agree)", t.id, b.join(","), a.join(",")),
                    ));
                }
            }
        }
    }
    check_translations(l, diags);
}

/// Each translation records the hash of every source section it was made from; a hash
/// that differs from the source's current one marks the translated section as stale.
fn check_translations(l: &Lesson, diags: &mut Vec<Diagnostic>) {
    let source_lang = l.manifest.source_language.get_ref().as_str();
    let Some(source) = l.docs.get(source_lang) else {
        return;
    };
    if source.translation.is_some() {
        diags.push(Diagnostic::new(
            &source.file,
            1,
            format!("{source_lang}.md is the source language (lesson.toml) but has a translation record"),
        ));
    }
    for (lang, doc) in &l.docs {
        if lang == source_lang {
            continue;
        }
        let Some(t) = &doc.translation else {
            diags.push(Diagnostic::new(
                &doc.file,
                1,
                format!("no record of what this translation was made from: after translating {source_lang}.md run `dockyard lessons stamp {}`", l.dir),
            ));
            continue;
        };
        if t.of != source_lang {
            diags.push(Diagnostic::new(
                &doc.file,
                t.line,
                format!(
                    "translation_of = \"{}\" but lesson.toml says the source language is {source_lang}",
                    t.of
                ),
            ));
            continue;
        }
        for s in &source.sections {
            let line = doc.section(&s.key).map(|x| x.line).unwrap_or(t.line);
            match t.hashes.get(&s.key) {
                None => diags.push(Diagnostic::new(&doc.file, line, format!("section `{}` has no record of the {source_lang}.md text it translates", s.key))),
                Some(h) if *h != s.hash => diags.push(Diagnostic::new(
                    &doc.file,
                    line,
                    format!(
                        "section `{}` is older than {}:{}: it was translated from version {h}, the source is now {}; update the translation, then run `dockyard lessons stamp {}`",
                        s.key, source.file, s.line, s.hash, l.dir
                    ),
                )),
                Some(_) => {}
            }
        }
        for key in t.hashes.keys() {
            if source.section(key).is_none() {
                diags.push(Diagnostic::new(
                    &doc.file,
                    t.line,
                    format!("the record names section `{key}`, which {source_lang}.md does not have"),
                ));
            }
        }
    }
}
