//! The lesson tools end to end: `dockyard lessons check|list|stamp`, `dockyard learn
//! --script`, progress on disk (`progress export|import`, a damaged file kept aside), and
//! `--lessons DIR` with an instructor's own course.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh directory under the target dir for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("learn-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `dockyard ARGS` with `stdin`, English, no colour, and `data` as the data directory.
fn dockyard(args: &[&str], stdin: &str, data: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockyard"))
        .args(args)
        .current_dir(repo())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("XDG_DATA_HOME", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dockyard binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const FIRST_RUN: &str = "\
# The reference solution of lesson 2, typed as the student.
docker pull hello-world
docker run hello-world
docker ps -a
docker run -it python
exit()
";

#[test]
fn lessons_check_passes_on_the_course() {
    let data = scratch("check");
    let o = dockyard(&["lessons", "check", "lessons"], "", &data);
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(text.trim_end().ends_with("languages: all OK."), "{text}");
    assert!(text.lines().count() == 1, "only the summary: {text}");
}

#[test]
fn lessons_check_names_file_line_and_reason() {
    let data = scratch("check-broken-data");
    let course = scratch("check-broken");
    copy_dir(
        &repo().join("lessons/01-containers-vs-vms"),
        &course.join("01-containers-vs-vms"),
    );
    let lesson = course.join("01-containers-vs-vms");
    let toml = lesson.join("lesson.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("solution = [\"answer c\"]", "solution = [\"answer a\"]");
    std::fs::write(&toml, text).unwrap();
    let en = lesson.join("en.md");
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("Which sentence describes", "Which of these describes");
    std::fs::write(&en, text).unwrap();
    let dir = course.display().to_string();
    let o = dockyard(&["lessons", "check", &dir], "", &data);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(&format!("{dir}/01-containers-vs-vms/lesson.toml:22: step `image`: the reference solution does not satisfy the check: quiz-wrong (answer=a)")),
        "{text}"
    );
    assert!(
        lines[1].starts_with(&format!("{dir}/01-containers-vs-vms/ru.md:"))
            && lines[1].contains("section `step.image` is older than 01-containers-vs-vms/en.md:"),
        "{text}"
    );
    assert_eq!(lines[2], "2 problems in 1 lessons, 4 steps, 2 languages.");

    // Stamping records the translation as up to date; the solution problem remains.
    let o = dockyard(&["lessons", "stamp", &lesson.display().to_string()], "", &data);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("section step.image was out of date"), "{}", out(&o));
    let o = dockyard(&["lessons", "check", &dir], "", &data);
    assert!(
        out(&o)
            .trim_end()
            .ends_with("1 problem in 1 lessons, 4 steps, 2 languages."),
        "{}",
        out(&o)
    );
}

#[test]
fn a_script_that_completes_the_lesson_exits_0_and_records_progress() {
    let data = scratch("script-ok");
    let o = dockyard(&["learn", "first-run", "--script", "-"], FIRST_RUN, &data);
    let text = out(&o);
    assert!(o.status.success(), "{text}{}", err(&o));
    for n in 1..=4 {
        assert!(text.contains(&format!("✔ Step {n} of 4 done: ")), "step {n}: {text}");
    }
    assert!(
        text.contains("[first-run 4/4] >>> exit()"),
        "the prompt shows lesson and step: {text}"
    );
    assert!(
        text.trim_end().ends_with("Lesson completed: 4 of 4 steps solved."),
        "{text}"
    );
    let progress = std::fs::read_to_string(data.join("dockyard/progress.toml")).unwrap();
    assert!(
        progress.contains("[lessons.first-run]") && progress.contains("finished = true"),
        "{progress}"
    );
    let o = dockyard(&["lessons", "list"], "", &data);
    let list = out(&o);
    assert!(
        list.lines().any(|l| l.starts_with("✔  2  Your first container")),
        "{list}"
    );
}

#[test]
fn a_script_that_stops_short_exits_1() {
    let data = scratch("script-short");
    let o = dockyard(
        &["learn", "2", "--script", "-"],
        "docker pull hello-world\ndocker ps\ncheck\n",
        &data,
    );
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.contains("Not yet:\n  • No container matches: container image=hello-world status=exited exit_code=0"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("Lesson not completed: stopped at step 2 of 4 (run)."),
        "{text}"
    );
    // Skipping and looking at the solution finish the lesson but do not count as solved.
    let o = dockyard(
        &["learn", "2", "--script", "-"],
        "skip\nsolution\ny\ndocker run hello-world\nskip\nskip\n",
        &data,
    );
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("The solution:\n    docker run hello-world"), "{text}");
    assert!(
        text.contains("✔ Step 2 of 4 done, after looking at the solution (not counted as solved)"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("Lesson finished, but not every step was solved: 0 of 4."),
        "{text}"
    );
}

#[test]
fn tool_commands_in_a_script() {
    let data = scratch("tools");
    let script = "hint\nhint\nhint\nanswer a\nlang ru\nanswer b\nstate\nundo\nredo\nquit\nanswer c\n";
    let o = dockyard(&["learn", "containers-vs-vms", "--script", "-"], script, &data);
    let text = out(&o);
    // The first question has one progressive hint; asking again repeats it.
    assert_eq!(text.matches("Hint 1 of 1:").count(), 3, "{text}");
    assert!(text.contains("That was the last hint"), "{text}");
    assert!(
        text.contains("✗ “a” is not right.")
            && text.contains("Booting a kernel of its own is what a virtual machine does."),
        "{text}"
    );
    assert!(
        text.contains("Язык: ru.") && text.contains("✔ Шаг 1 из 4 выполнен: Что общего у контейнеров?"),
        "{text}"
    );
    assert!(text.contains("Образы\n  (нет)"), "{text}");
    assert!(text.contains("Отменено") && text.contains("Возвращено."), "{text}");
    // `quit` ends the script: the line after it is not typed.
    assert!(!text.contains("answer c"), "{text}");
    let progress = std::fs::read_to_string(data.join("dockyard/progress.toml")).unwrap();
    assert!(progress.contains("language = \"ru\""), "{progress}");
}

#[test]
fn progress_export_import_and_a_damaged_file() {
    let data = scratch("progress");
    let o = dockyard(&["learn", "first-run", "--script", "-"], FIRST_RUN, &data);
    assert!(o.status.success());
    let export = data.join("exported.toml");
    let o = dockyard(&["progress", "export", &export.display().to_string()], "", &data);
    assert!(o.status.success(), "{}", err(&o));
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(exported.contains("[lessons.first-run]"), "{exported}");

    // The file gets damaged: it is kept aside with a warning, and progress starts afresh.
    let file = data.join("dockyard/progress.toml");
    std::fs::write(&file, "format = 1\n[lessons.first-run\nsolved = [").unwrap();
    let o = dockyard(&["lessons", "list"], "", &data);
    assert!(o.status.success());
    let warning = err(&o);
    assert!(
        warning.contains("was damaged") && warning.contains("progress.toml.damaged-"),
        "{warning}"
    );
    assert!(!out(&o).lines().any(|l| l.starts_with("✔  2")), "{}", out(&o));
    let aside: Vec<String> = std::fs::read_dir(data.join("dockyard"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("progress.toml.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(data.join("dockyard").join(&aside[0])).unwrap(),
        "format = 1\n[lessons.first-run\nsolved = ["
    );

    // Importing the export brings the progress back.
    let o = dockyard(&["progress", "import", &export.display().to_string()], "", &data);
    assert!(o.status.success(), "{}", err(&o));
    let o = dockyard(&["lessons", "list"], "", &data);
    assert!(out(&o).lines().any(|l| l.starts_with("✔  2")), "{}", out(&o));

    // A file that is not progress is refused, naming the line.
    let bad = data.join("bad.toml");
    std::fs::write(&bad, "format = 1\n[lessons.x]\nsolvd = []\n").unwrap();
    let o = dockyard(&["progress", "import", &bad.display().to_string()], "", &data);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("line 3: unknown field `solvd`"), "{}", err(&o));
}

#[test]
fn an_instructors_own_course() {
    let data = scratch("own-data");
    let course = scratch("own-course");
    let readme = std::fs::read_to_string(repo().join("lessons/README.md")).unwrap();
    for (name, body) in fenced_files(&readme) {
        let path = course.join("05-publish").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    let dir = course.display().to_string();
    let o = dockyard(&["lessons", "check", &dir], "", &data);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(out(&o).trim_end(), "1 lessons, 3 steps, 2 languages: all OK.");
    let script = "docker run -d --name site -p 8080:80 nginx\ncurl localhost:8080\ndocker cp index.html site:/usr/share/nginx/html/index.html\n";
    let o = dockyard(&["--lessons", &dir, "learn", "publish", "--script", "-"], script, &data);
    assert!(o.status.success(), "{}", out(&o));
    let o = dockyard(&["lessons", "list", "--lessons", &dir], "", &data);
    assert!(out(&o).starts_with("✔  5  Publishing a port"), "{}", out(&o));
}

#[test]
fn help_speaks_the_language() {
    let data = scratch("help");
    let o = dockyard(&["learn", "--help", "--lang", "ru"], "", &data);
    let text = out(&o);
    assert!(text.contains("Пройти урок") && text.contains("--script"), "{text}");
    let o = dockyard(&["lessons", "--help"], "", &data);
    assert!(out(&o).contains("Work with the course"), "{}", out(&o));
}

#[test]
fn an_unknown_lesson_is_an_error() {
    let data = scratch("unknown");
    let o = dockyard(&["learn", "no-such-lesson", "--script", "-"], "", &data);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("There is no lesson “no-such-lesson”"), "{}", err(&o));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The README's complete example: fenced blocks marked `title=PATH`.
fn fenced_files(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let fence: String = line.chars().take_while(|c| *c == '`').collect();
        let Some((_, name)) = line.get(fence.len()..).and_then(|r| r.split_once(" title=")) else {
            continue;
        };
        if fence.len() < 3 {
            continue;
        }
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == fence {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((name.trim().to_string(), body));
    }
    out
}
