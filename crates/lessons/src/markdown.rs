//! The prose of a lesson in one language (`en.md`, `ru.md`): a title, an introduction,
//! and one section per step with progressive hints, state-aware hints and the
//! explanation shown after success.
//!
//! ```text
//! +++                                  (translations only: what they were made from)
//! translation_of = "en"
//! [source_hashes]
//! title = "3a9f0c12be47"
//! intro = "..."
//! "step.run" = "..."
//! +++
//! # Title                              the lesson's title (exactly one H1)
//! Introduction...
//! ## step run: Start a web server      a step: `## step <id>: <title>`
//! What to do...                        the step's text; quiz options are list items `- a) ...`
//! ### hint                             progressive hints, shown one more per `hint`
//! ### hint stopped                     a state-aware hint, chosen by a rule in lesson.toml
//! ### done                             the explanation shown once the step is done
//! ```
//!
//! Level-3 headings inside a step are reserved for these three; authors use level 4 and
//! below for their own structure. Headings are found with a CommonMark parser, so a `#`
//! inside a code block is just text.
//!
//! Staleness: every section has a hash (the first 12 hex digits of the SHA-256 of its
//! normalised source). A translation records, per section, the hash of the source text
//! it was translated from; when the source changes, the recorded hash no longer matches.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, line_of};

/// A piece of Markdown with the line it starts on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepText {
    pub id: String,
    pub title: String,
    /// Line of the `## step` heading.
    pub line: usize,
    /// What the student reads while on the step.
    pub body: Block,
    /// Progressive hints, in order (each `Block::line` is its heading's line, as for
    /// `keyed_hints` and `done`).
    pub hints: Vec<Block>,
    /// State-aware hints by key.
    pub keyed_hints: BTreeMap<String, Block>,
    /// The explanation shown after success.
    pub done: Option<Block>,
    /// Quiz options found in the body: (`a`, text).
    pub options: Vec<(String, String)>,
}

/// A translation's record of what it was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translation {
    pub of: String,
    /// Section key → hash of the source section the translation was made from.
    pub hashes: BTreeMap<String, String>,
    pub line: usize,
}

/// A unit of translation: `title`, `intro` or `step.<id>`, with its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub hash: String,
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub file: String,
    pub translation: Option<Translation>,
    pub title: Option<Block>,
    pub intro: Block,
    pub steps: Vec<StepText>,
    pub sections: Vec<Section>,
}

impl Doc {
    pub fn step(&self, id: &str) -> Option<&StepText> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }
}

/// The hash recorded for a section: 12 hex digits of the SHA-256 of its normalised text
/// (line endings, trailing spaces and surrounding blank lines do not count).
pub fn section_hash(text: &str) -> String {
    let normalised = normalise(text);
    let digest = Sha256::digest(normalised.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

struct Heading {
    level: HeadingLevel,
    text: String,
    start: usize,
    end: usize,
}

/// Splits off a `+++` TOML front matter: (its text and offset, the offset where the rest starts).
fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let rest = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n"))?;
    let start = text.len() - rest.len();
    let mut pos = start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&text[start..pos], start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fn parse_translation(file: &str, text: &str, fm: &str, offset: usize) -> Result<Translation, Diagnostic> {
    let line0 = line_of(text, offset);
    let table: toml::Table = toml::from_str(fm).map_err(|e| {
        let line = e.span().map(|s| line_of(fm, s.start) + line0 - 1).unwrap_or(line0);
        Diagnostic::new(file, line, format!("front matter: {}", e.message().trim_end()))
    })?;
    let mut t = Translation {
        line: line0,
        ..Translation::default()
    };
    for (k, v) in table {
        match (k.as_str(), v) {
            ("translation_of", toml::Value::String(s)) => t.of = s,
            ("source_hashes", toml::Value::Table(tab)) => flatten("", &tab, &mut t.hashes).map_err(|key| {
                Diagnostic::new(
                    file,
                    line0,
                    format!("front matter: source_hashes.{key} must be a string of 12 hex digits"),
                )
            })?,
            (other, _) => {
                return Err(Diagnostic::new(
                    file,
                    line0,
                    format!("front matter: unexpected key `{other}` (expected `translation_of` and `[source_hashes]`)"),
                ));
            }
        }
    }
    if t.of.is_empty() {
        return Err(Diagnostic::new(
            file,
            line0,
            "front matter: `translation_of = \"<language>\"` is missing",
        ));
    }
    Ok(t)
}

/// `step.run = "..."` written without quotes is a nested table in TOML: accept both.
fn flatten(prefix: &str, tab: &toml::Table, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    for (k, v) in tab {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(key),
        }
    }
    Ok(())
}

fn headings(body: &str) -> Vec<Heading> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = Vec::new();
    let mut current: Option<Heading> = None;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level,
                    text: String::new(),
                    start: range.start,
                    end: range.end,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = current.take() {
                    out.push(h);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of a list item's first line if it is a quiz option `a) ...`.
fn quiz_option(item: &str) -> Option<(String, String)> {
    let first = item.lines().next()?.trim_start();
    let rest = first
        .strip_prefix("- ")
        .or_else(|| first.strip_prefix("* "))
        .or_else(|| first.strip_prefix("+ "))
        .or_else(|| {
            let digits = first.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                first[digits..]
                    .strip_prefix(". ")
                    .or_else(|| first[digits..].strip_prefix(") "))
            } else {
                None
            }
        })?
        .trim_start();
    let mut chars = rest.char_indices();
    let (_, key) = chars.next()?;
    let (i, paren) = chars.next()?;
    if !(key.is_ascii_lowercase() || key.is_ascii_digit()) || paren != ')' {
        return None;
    }
    let text = rest[i + 1..].trim().to_string();
    let more: Vec<&str> = item.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect();
    let text = if more.is_empty() {
        text
    } else {
        format!("{text} {}", more.join(" "))
    };
    Some((key.to_string(), text))
}

fn quiz_options(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth == 1
                    && let Some(o) = quiz_option(&body[range])
                {
                    out.push(o);
                }
            }
            Event::End(TagEnd::Item) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// `step run: Start a web server` → (`run`, `Start a web server`).
fn step_heading(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("step ")?;
    let (id, title) = rest.split_once(':')?;
    let id = id.trim();
    if id.is_empty() || id.contains(char::is_whitespace) {
        return None;
    }
    Some((id.to_string(), title.trim().to_string()))
}

fn block(text: &str, from: usize, to: usize) -> Block {
    let raw = &text[from..to];
    let trimmed_start = raw.len() - raw.trim_start_matches(['\n', '\r']).len();
    Block {
        text: raw.trim().to_string(),
        line: line_of(text, from + trimmed_start),
    }
}

/// Parses the Markdown of one language. `file` names it in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Doc, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut doc = Doc {
        file: file.to_string(),
        ..Doc::default()
    };
    let mut body_start = 0;
    if text.starts_with("+++") {
        match split_front_matter(text) {
            Some((fm, offset, end)) => {
                body_start = end;
                match parse_translation(file, text, fm, offset) {
                    Ok(t) => doc.translation = Some(t),
                    Err(e) => errors.push(e),
                }
            }
            None => {
                return Err(vec![Diagnostic::new(
                    file,
                    1,
                    "front matter opened with `+++` is never closed",
                )]);
            }
        }
    }
    let body = &text[body_start..];
    let heads: Vec<Heading> = headings(body)
        .into_iter()
        .map(|h| Heading {
            start: h.start + body_start,
            end: h.end + body_start,
            ..h
        })
        .filter(|h| h.level <= HeadingLevel::H3)
        .collect();
    let next_start = |i: usize| heads.get(i + 1).map(|h| h.start).unwrap_or(text.len());

    // Where each step's section ends, for its hash: at the next H1/H2.
    let mut seen_h2 = false;
    for (i, h) in heads.iter().enumerate() {
        let line = line_of(text, h.start);
        let end = next_start(i);
        match h.level {
            HeadingLevel::H1 => {
                if doc.title.is_some() {
                    errors.push(Diagnostic::new(
                        file,
                        line,
                        "a second `# ` title: a lesson has one title; use `## step ...` for steps",
                    ));
                } else if seen_h2 {
                    errors.push(Diagnostic::new(file, line, "the `# ` title must come before the steps"));
                } else {
                    if !text[body_start..h.start].trim().is_empty() {
                        errors.push(Diagnostic::new(
                            file,
                            line_of(text, body_start),
                            "text before the `# ` title",
                        ));
                    }
                    let title = h.text.trim().to_string();
                    if title.is_empty() {
                        errors.push(Diagnostic::new(file, line, "the title is empty"));
                    }
                    doc.title = Some(Block { text: title, line });
                    doc.intro = block(text, h.end, end);
                }
            }
            HeadingLevel::H2 => {
                seen_h2 = true;
                let Some((id, title)) = step_heading(h.text.trim()) else {
                    errors.push(Diagnostic::new(
                        file,
                        line,
                        format!(
                            "`## {}` is not a step heading: write `## step <id>: <title>`",
                            h.text.trim()
                        ),
                    ));
                    continue;
                };
                if title.is_empty() {
                    errors.push(Diagnostic::new(
                        file,
                        line,
                        format!("step `{id}` has no title after the colon"),
                    ));
                }
                if doc.step(&id).is_some() {
                    errors.push(Diagnostic::new(file, line, format!("step `{id}` appears twice")));
                }
                doc.steps.push(StepText {
                    id,
                    title,
                    line,
                    body: block(text, h.end, end),
                    ..StepText::default()
                });
            }
            _ => {
                let Some(step) = doc.steps.last_mut() else {
                    errors.push(Diagnostic::new(
                        file,
                        line,
                        format!("`### {}` outside a step", h.text.trim()),
                    ));
                    continue;
                };
                let words: Vec<&str> = h.text.split_whitespace().collect();
                // Hints and explanations are located by their heading.
                let content = Block {
                    line,
                    ..block(text, h.end, end)
                };
                match words.as_slice() {
                    ["hint"] => step.hints.push(content),
                    ["hint", key] => {
                        if step.keyed_hints.insert(key.to_string(), content).is_some() {
                            errors.push(Diagnostic::new(file, line, format!("`### hint {key}` appears twice in step `{}`", step.id)));
                        }
                    }
                    ["done"] if step.done.is_some() => {
                        errors.push(Diagnostic::new(file, line, format!("step `{}` has two `### done` sections", step.id)));
                    }
                    ["done"] => step.done = Some(content),
                    _ => errors.push(Diagnostic::new(
                        file,
                        line,
                        format!(
                            "`### {}`: level-3 headings in a step are `### hint`, `### hint <key>` or `### done` (use `####` for your own)",
                            h.text.trim()
                        ),
                    )),
                }
            }
        }
    }
    for step in &mut doc.steps {
        step.options = quiz_options(&step.body.text);
    }

    // Sections for translation records.
    if let Some(t) = &doc.title {
        doc.sections.push(Section {
            key: "title".into(),
            hash: section_hash(&t.text),
            line: t.line,
        });
        doc.sections.push(Section {
            key: "intro".into(),
            hash: section_hash(&doc.intro.text),
            line: doc.intro.line,
        });
    }
    let h2: Vec<&Heading> = heads.iter().filter(|h| h.level <= HeadingLevel::H2).collect();
    for (i, h) in h2.iter().enumerate() {
        let Some((id, _)) = step_heading(h.text.trim()) else {
            continue;
        };
        let end = h2.get(i + 1).map(|n| n.start).unwrap_or(text.len());
        doc.sections.push(Section {
            key: format!("step.{id}"),
            hash: section_hash(&text[h.start..end]),
            line: line_of(text, h.start),
        });
    }
    if doc.title.is_none() && errors.is_empty() {
        errors.push(Diagnostic::new(file, 1, "no `# ` title"));
    }
    if errors.is_empty() { Ok(doc) } else { Err(errors) }
}

/// `translation` with its front matter rewritten to record the current hashes of
/// `source` (written in `source_lang`): what `dockyard lessons stamp` does once a
/// translator has brought a translation up to date.
pub fn stamp(source: &Doc, source_lang: &str, translation: &str) -> String {
    let rest = match split_front_matter(translation) {
        Some((_, _, end)) if translation.starts_with("+++") => &translation[end..],
        _ => translation,
    };
    let mut out = format!("+++\ntranslation_of = \"{source_lang}\"\n\n[source_hashes]\n");
    for s in &source.sections {
        out.push_str(&format!("\"{}\" = \"{}\"\n", s.key, s.hash));
    }
    out.push_str("+++\n");
    if !rest.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "# Detached containers

Servers run in the background.

## step run: Start nginx in the background

Run `nginx` detached, named `web`.

#### An aside

```sh
# not a heading
```

### hint

Use `-d`.

### hint

`docker run -d --name web nginx`

### hint stopped

It exists but is stopped: `docker start web`.

### done

Detached!

## step quiz: A question

Which is true?

- a) Containers are VMs
- b) Containers share the host kernel
  (on Linux)

### done

Yes.
";

    #[test]
    fn sections_are_found() {
        let d = parse("l/en.md", EN).unwrap();
        assert_eq!(d.title.as_ref().unwrap().text, "Detached containers");
        assert_eq!(d.intro.text, "Servers run in the background.");
        assert_eq!(d.intro.line, 3);
        assert_eq!(d.steps.len(), 2);
        let run = &d.steps[0];
        assert_eq!(
            (run.id.as_str(), run.title.as_str(), run.line),
            ("run", "Start nginx in the background", 5)
        );
        assert!(run.body.text.contains("# not a heading"));
        assert!(run.body.text.contains("#### An aside"));
        assert_eq!(run.hints.len(), 2);
        assert_eq!(run.hints[1].text, "`docker run -d --name web nginx`");
        assert_eq!(
            run.keyed_hints["stopped"].text,
            "It exists but is stopped: `docker start web`."
        );
        assert_eq!(run.done.as_ref().unwrap().text, "Detached!");
        assert!(run.options.is_empty());
        let q = &d.steps[1];
        assert_eq!(
            q.options,
            vec![
                ("a".into(), "Containers are VMs".into()),
                ("b".into(), "Containers share the host kernel (on Linux)".into())
            ]
        );
        let keys: Vec<&str> = d.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, vec!["title", "intro", "step.run", "step.quiz"]);
        assert!(d.translation.is_none());
    }

    #[test]
    fn hashes_ignore_whitespace_noise_but_not_words() {
        let a = parse("en.md", EN).unwrap();
        let b = parse("en.md", &EN.replace("Use `-d`.", "Use `-d`.   \r")).unwrap();
        assert_eq!(a.sections, b.sections);
        let c = parse("en.md", &EN.replace("Use `-d`.", "Use `--detach`.")).unwrap();
        assert_eq!(a.section("step.run").unwrap().line, 5);
        assert_ne!(a.section("step.run").unwrap().hash, c.section("step.run").unwrap().hash);
        assert_eq!(a.section("step.quiz"), c.section("step.quiz"));
        assert_eq!(a.section("step.run").unwrap().hash.len(), 12);
    }

    #[test]
    fn stamping_records_the_source_and_parses_back() {
        let en = parse("en.md", EN).unwrap();
        let ru = "# Контейнеры в фоне\n\nТекст.\n";
        let stamped = stamp(&en, "en", ru);
        assert!(stamped.starts_with("+++\ntranslation_of = \"en\"\n"), "{stamped}");
        let doc = parse("ru.md", &stamped).unwrap();
        let t = doc.translation.unwrap();
        assert_eq!(t.of, "en");
        assert_eq!(t.hashes["step.run"], en.section("step.run").unwrap().hash);
        assert_eq!(doc.title.unwrap().line, 11);
        // Stamping again replaces the old record instead of stacking a second one.
        let again = stamp(&en, "en", &stamped);
        assert_eq!(again, stamped);
    }

    #[test]
    fn unquoted_dotted_keys_are_accepted() {
        let text = "+++\ntranslation_of = \"en\"\n[source_hashes]\ntitle = \"x\"\nstep.run = \"abc\"\n+++\n# T\n";
        let t = parse("ru.md", text).unwrap().translation.unwrap();
        assert_eq!(t.hashes["step.run"], "abc");
    }

    fn errors(text: &str) -> Vec<String> {
        parse("l/en.md", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn malformed_documents_name_the_line() {
        assert_eq!(
            errors("# T\n\n## Run nginx\n"),
            vec!["l/en.md:3: `## Run nginx` is not a step heading: write `## step <id>: <title>`"]
        );
        assert_eq!(
            errors("# T\n### hint\nx\n"),
            vec!["l/en.md:2: `### hint` outside a step"]
        );
        assert_eq!(
            errors("# T\n## step a: A\n### tip\n"),
            vec![
                "l/en.md:3: `### tip`: level-3 headings in a step are `### hint`, `### hint <key>` or `### done` (use `####` for your own)"
            ]
        );
        assert_eq!(
            errors("# T\n## step a: A\n## step a: B\n"),
            vec!["l/en.md:3: step `a` appears twice"]
        );
        assert_eq!(
            errors("# T\n## step a:\n"),
            vec!["l/en.md:2: step `a` has no title after the colon"]
        );
        assert_eq!(errors("Intro\n"), vec!["l/en.md:1: no `# ` title"]);
        assert_eq!(
            errors("# T\n# U\n"),
            vec!["l/en.md:2: a second `# ` title: a lesson has one title; use `## step ...` for steps"]
        );
        assert_eq!(
            errors("+++\ntranslation_of = \"en\"\n# T\n"),
            vec!["l/en.md:1: front matter opened with `+++` is never closed"]
        );
        assert_eq!(
            errors("+++\ntranslation_of = \"en\"\nsource = 1\n+++\n# T\n"),
            vec!["l/en.md:2: front matter: unexpected key `source` (expected `translation_of` and `[source_hashes]`)"]
        );
        assert_eq!(
            errors("+++\ntranslation_of = \n+++\n# T\n")[0]
                .split(':')
                .take(2)
                .collect::<Vec<_>>(),
            vec!["l/en.md", "2"]
        );
    }
}
