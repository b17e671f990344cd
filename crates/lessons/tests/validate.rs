//! `lessons check` on a small course built in memory: a good lesson passes, and each kind
//! of mistake is reported with its file, line and reason.

use dockyard_lessons::markdown;
use dockyard_lessons::validate::check_files;

const TOML: &str = r#"format = 1
id = "demo"
order = 1
source_language = "en"

[[steps]]
id = "run"
check = { container = { name = "web", running = true } }
solution = ["docker run -d --name web nginx"]

[[steps.hints]]
when = { container = { name = "web", running = false } }
key = "stopped"

[[steps]]
id = "quiz"
check = { quiz = { answer = "b" } }
solution = ["answer b"]
"#;

const EN: &str = "# Demo

Intro.

## step run: Run nginx

Run it in the background, named web.

### hint

Use docker run.

### hint stopped

Start it.

### done

Done.

## step quiz: A question

Which?

- a) One
- b) Two

### hint

Think.

### done

Yes.
";

const RU: &str = "# Демо

Введение.

## step run: Запустите nginx

Запустите его в фоне с именем web.

### hint

Используйте docker run.

### hint stopped

Запустите его.

### done

Готово.

## step quiz: Вопрос

Какой?

- a) Один
- b) Два

### hint

Подумайте.

### done

Да.
";

/// The demo lesson with `edit` applied to (file name, text) before the translation is
/// stamped from the English text.
fn course(edit: impl Fn(&str, String) -> String) -> Vec<(String, Vec<u8>)> {
    let toml = edit("lesson.toml", TOML.to_string());
    let en = edit("en.md", EN.to_string());
    let ru = edit("ru.md", RU.to_string());
    let ru = match markdown::parse("en.md", &en) {
        Ok(doc) => markdown::stamp(&doc, "en", &ru),
        Err(_) => ru,
    };
    vec![
        ("01-demo/lesson.toml".into(), toml.into_bytes()),
        ("01-demo/en.md".into(), en.into_bytes()),
        ("01-demo/ru.md".into(), ru.into_bytes()),
        ("01-demo/files/notes.txt".into(), b"hello\n".to_vec()),
    ]
}

fn problems(files: Vec<(String, Vec<u8>)>) -> Vec<String> {
    check_files(files).1.iter().map(ToString::to_string).collect()
}

fn replace(file: &'static str, from: &'static str, to: &'static str) -> impl Fn(&str, String) -> String {
    move |name, text| {
        if name == file { text.replacen(from, to, 1) } else { text }
    }
}

#[test]
fn a_good_lesson_passes() {
    assert_eq!(problems(course(|_, t| t)), Vec::<String>::new());
}

#[test]
fn an_unknown_check_names_file_and_line() {
    let p = problems(course(replace(
        "lesson.toml",
        "check = { container",
        "check = { kontainer",
    )));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "01-demo/lesson.toml:8: unknown check `kontainer`, expected one of `all`, `any`, `not`, `container`, `port`"
        ),
        "{p:?}"
    );
}

#[test]
fn an_unknown_key_names_file_and_line() {
    let p = problems(course(replace(
        "lesson.toml",
        "key = \"stopped\"",
        "key = \"stopped\"\nprogressive = true",
    )));
    assert_eq!(
        p,
        vec!["01-demo/lesson.toml:14: unknown field `progressive`, expected `when` or `key`"]
    );
}

#[test]
fn a_missing_step_title_or_hint_is_reported_per_language() {
    let p = problems(course(replace("ru.md", "## step quiz: Вопрос", "## step quiz:")));
    assert_eq!(p, vec!["01-demo/ru.md:31: step `quiz` has no title after the colon"]);

    let p = problems(course(|name, t| {
        if name == "ru.md" {
            t[..t.find("## step quiz").unwrap()].to_string()
        } else {
            t
        }
    }));
    assert_eq!(
        p,
        vec!["01-demo/ru.md: no `## step quiz: ...` section (the step is at 01-demo/lesson.toml:16)"]
    );

    let p = problems(course(replace("en.md", "### hint\n\nThink.\n\n", "")));
    assert_eq!(p, vec!["01-demo/en.md:21: step `quiz` has no `### hint`"]);

    let p = problems(course(replace("en.md", "### done\n\nYes.\n", "")));
    assert_eq!(p, vec!["01-demo/en.md:21: step `quiz` has no `### done` explanation"]);

    let p = problems(course(replace("ru.md", "# Демо\n", "")));
    assert_eq!(p, vec!["01-demo/ru.md:1: no `# ` title"]);
}

#[test]
fn hint_rules_and_hint_texts_must_match() {
    let p = problems(course(replace("ru.md", "### hint stopped", "### hint stoped")));
    // ru.md starts with 10 lines of translation record, so its lines are 10 further on.
    assert_eq!(
        p,
        vec![
            "01-demo/ru.md:15: step `run` has no `### hint stopped` (the rule is at 01-demo/lesson.toml:13)",
            "01-demo/ru.md:23: `### hint stoped` is never shown: no rule in 01-demo/lesson.toml has key = \"stoped\"",
        ]
    );
}

#[test]
fn quiz_answers_must_be_options() {
    let p = problems(course(replace("lesson.toml", "answer = \"b\"", "answer = \"c\"")));
    assert!(
        p.contains(
            &"01-demo/en.md:21: step `quiz` checks the quiz answer `c`, but its text has no option `- c) ...`"
                .to_string()
        ),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|d| d
                .starts_with("01-demo/lesson.toml:17: step `quiz`: the reference solution does not satisfy the check")),
        "{p:?}"
    );
}

#[test]
fn a_check_that_holds_before_its_solution_is_reported() {
    let p = problems(course(|name, t| {
        if name == "lesson.toml" {
            format!("{t}\n[setup]\ncommands = [\"docker run -d --name web nginx\"]\n")
        } else {
            t
        }
    }));
    assert_eq!(
        p,
        vec![
            "01-demo/lesson.toml:8: step `run`: the check already holds before its solution runs (after the earlier steps' solutions)"
        ]
    );
}

#[test]
fn a_solution_that_does_not_satisfy_its_check_is_reported() {
    let p = problems(course(replace(
        "lesson.toml",
        "docker run -d --name web nginx",
        "docker create --name web nginx",
    )));
    assert_eq!(
        p,
        vec![
            "01-demo/lesson.toml:8: step `run`: the reference solution does not satisfy the check: container-not-running (name=web)"
        ]
    );
}

#[test]
fn an_unsupported_solution_line_is_reported() {
    let p = problems(course(replace(
        "lesson.toml",
        "[\"docker run -d --name web nginx\"]",
        "[\"docker frobnicate\", \"docker run -d --name web nginx\"]",
    )));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("01-demo/lesson.toml:9: step `run`: the simulator does not support `docker frobnicate`: "),
        "{p:?}"
    );
}

#[test]
fn a_stale_translation_is_reported_with_both_places() {
    // The translation was stamped from the old text; then the English step changed.
    let mut files = course(|_, t| t);
    let en = String::from_utf8(files[1].1.clone())
        .unwrap()
        .replace("Use docker run.", "Use `docker run -d`.");
    files[1].1 = en.into_bytes();
    let p = problems(files);
    assert_eq!(p.len(), 1, "{p:?}");
    let (head, tail) = p[0].split_once(" it was translated from version ").unwrap();
    // The translated section is at line 15 of ru.md (after 10 lines of translation record).
    assert_eq!(
        head,
        "01-demo/ru.md:15: section `step.run` is older than 01-demo/en.md:5:"
    );
    assert!(
        tail.ends_with("update the translation, then run `dockyard lessons stamp 01-demo`"),
        "{tail}"
    );
}

#[test]
fn a_translation_without_a_record_is_reported() {
    let files: Vec<(String, Vec<u8>)> = course(|_, t| t)
        .into_iter()
        .map(|(p, d)| {
            if p.ends_with("ru.md") {
                (p, RU.as_bytes().to_vec())
            } else {
                (p, d)
            }
        })
        .collect();
    assert_eq!(
        problems(files),
        vec![
            "01-demo/ru.md:1: no record of what this translation was made from: after translating en.md run `dockyard lessons stamp 01-demo`"
        ]
    );
}

#[test]
fn folders_orders_and_prerequisites() {
    let mut files = course(|_, t| t);
    for f in &mut files {
        f.0 = f.0.replace("01-demo", "1-demo");
    }
    assert_eq!(
        problems(files),
        vec!["1-demo/lesson.toml:2: the folder is `1-demo` but order and id make it `01-demo`"]
    );

    let p = problems(course(replace(
        "lesson.toml",
        "order = 1\n",
        "order = 1\nrequires = [\"basics\"]\n",
    )));
    assert_eq!(
        p,
        vec!["01-demo/lesson.toml:4: requires `basics`, which is not a lesson of this course"]
    );

    let mut files = course(|_, t| t);
    files.push(("01-demo/notes.md".into(), b"x".to_vec()));
    files.retain(|(p, _)| !p.ends_with("ru.md"));
    assert_eq!(
        problems(files),
        vec![
            "01-demo/notes.md: unexpected file: a lesson folder holds lesson.toml, en.md, ru.md and files/",
            "01-demo/ru.md: missing: every lesson is written in en and ru",
        ]
    );
}

#[test]
fn a_wrong_format_version_is_reported() {
    let p = problems(course(replace("lesson.toml", "format = 1", "format = 2")));
    assert_eq!(
        p,
        vec!["01-demo/lesson.toml:1: format 2 is not supported: this version of Dockyard reads format 1"]
    );
}
