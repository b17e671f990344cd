//! Script mode end to end: the built `dockyard` binary reads lines and prints a transcript.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `dockyard ARGS` with `stdin` piped in and a neutral environment.
fn dockyard(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockyard"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dockyard binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// A fresh directory under the target dir for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SESSION: &str = "\
# A comment line is skipped.
docker run --name first alpine echo hello
docker ps -a
docker --rm run alpine
docker rm first
";

#[test]
fn the_same_seed_gives_the_same_transcript() {
    let a = dockyard(&["sandbox", "--script", "-", "--seed", "7"], SESSION);
    let b = dockyard(&["sandbox", "--script", "-", "--seed", "7"], SESSION);
    assert!(a.status.success(), "{a:?}");
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "two runs with --seed 7 differ");
    let text = stdout(&a);
    assert!(
        text.starts_with("$ docker run --name first alpine echo hello\n"),
        "{text}"
    );
    assert!(text.contains("hello\n"), "{text}");
    assert!(!text.contains("A comment line"), "comments are not run: {text}");
    assert!(text.contains("$ docker ps -a\n"), "{text}");
}

#[test]
fn piped_stdin_without_script_is_a_transcript_too() {
    let out = dockyard(&["sandbox", "--seed", "1"], "docker --rm run alpine\n");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("$ docker --rm run alpine\n"), "{text}");
    assert!(text.contains("unknown flag: --rm"), "Docker's own message: {text}");
    assert!(text.contains("💡 "), "an explanation follows: {text}");
}

#[test]
fn json_has_one_object_per_line() {
    let out = dockyard(
        &["sandbox", "--script", "-", "--format", "json", "--seed", "3"],
        SESSION,
    );
    assert!(out.status.success());
    let text = stdout(&out);
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let lines: Vec<&str> = records.iter().map(|r| r["line"].as_str().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "docker run --name first alpine echo hello",
            "docker ps -a",
            "docker --rm run alpine",
            "docker rm first"
        ]
    );
    assert_eq!(records[0]["stdout"], "hello\n");
    assert_eq!(records[0]["exit_code"], 0);
    let mistake = &records[2];
    assert_eq!(mistake["exit_code"], 125);
    assert!(mistake["stderr"].as_str().unwrap().contains("unknown flag: --rm"));
    let explain = mistake["explain"].as_array().unwrap();
    assert!(
        !explain.is_empty() && explain[0].as_str().unwrap().contains("docker run --rm"),
        "{mistake}"
    );
    assert!(
        records
            .iter()
            .all(|r| r["explain"].is_array() && r["stdout"].is_string() && r["stderr"].is_string())
    );
}

#[test]
fn lang_ru_explains_in_russian() {
    let ru = stdout(&dockyard(
        &["sandbox", "--lang", "ru", "--seed", "1"],
        "docker --rm run alpine\n",
    ));
    let en = stdout(&dockyard(
        &["sandbox", "--lang", "en", "--seed", "1"],
        "docker --rm run alpine\n",
    ));
    let hint = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("💡 "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(hint(&ru).contains("Параметры пишутся после команды"), "{ru}");
    assert!(hint(&en).contains("Options belong after the command"), "{en}");
    // Docker's own message stays English in both.
    assert!(ru.contains("unknown flag: --rm"), "{ru}");
}

#[test]
fn the_locale_picks_the_language_when_lang_is_not_given() {
    let out = Command::new(env!("CARGO_BIN_EXE_dockyard"))
        .args(["sandbox", "--script", "-"])
        .env("LC_ALL", "ru_RU.UTF-8")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(b"docker --rm run alpine\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(stdout(&out).contains("Параметры пишутся"), "{}", stdout(&out));
}

#[test]
fn a_missing_script_exits_2_with_a_message() {
    let out = dockyard(&["sandbox", "--script", "/nonexistent/dir/lesson.sh"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read the script /nonexistent/dir/lesson.sh"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_script_file_runs_to_the_end_whatever_the_commands_return() {
    let dir = scratch("script-file");
    let path = dir.join("s.txt");
    std::fs::write(&path, "docker rm nosuch\ndocker nosuchcommand\necho done\n").unwrap();
    let out = dockyard(&["sandbox", "--script", path.to_str().unwrap(), "--seed", "1"], "");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("No such container: nosuch"), "{text}");
    assert!(text.ends_with("$ echo done\ndone\n"), "{text}");
}

#[test]
fn multi_line_input_is_joined() {
    let out = dockyard(
        &["sandbox", "--seed", "1"],
        "echo \"one\n# not a comment: inside quotes\ntwo\"\necho after\n",
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("$ echo \"one\n> # not a comment: inside quotes\n> two\"\none\n# not a comment"),
        "{text}"
    );
    assert!(text.contains("$ echo after\nafter\n"), "{text}");
}

#[test]
fn control_keys_are_spelt_as_lines() {
    let script = "docker run -it --name box alpine sh\nhostname\n^P^Q\ndocker ps --format '{{.Names}} {{.Status}}'\n";
    let text = stdout(&dockyard(&["sandbox", "--seed", "1"], script));
    assert!(text.contains("/ # read escape sequence\n"), "{text}");
    assert!(text.contains("box Up"), "detached, still running: {text}");
}

#[test]
fn a_workspace_directory_is_copied_in() {
    let dir = scratch("workspace").join("myapp");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\n").unwrap();
    std::fs::write(dir.join("src/app.py"), "print('hi')\n").unwrap();
    let out = dockyard(
        &["sandbox", "--seed", "1", "--workspace", dir.to_str().unwrap()],
        "pwd\nls\ncat Dockerfile\ncat src/app.py\n",
    );
    let text = stdout(&out);
    assert!(text.contains("$ pwd\n/home/student/myapp\n"), "{text}");
    assert!(text.contains("Dockerfile") && text.contains("src"), "{text}");
    assert!(
        text.contains("FROM alpine\n") && text.contains("print('hi')\n"),
        "{text}"
    );
}

#[test]
fn help_and_version() {
    let help = dockyard(&["--help"], "");
    assert!(help.status.success());
    assert!(stdout(&help).contains("sandbox"));
    let ru = dockyard(&["sandbox", "--help", "--lang", "ru"], "");
    assert!(stdout(&ru).contains("Выполнить строки из FILE"), "{}", stdout(&ru));
    let v = dockyard(&["--version"], "");
    assert_eq!(stdout(&v).trim(), format!("dockyard {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_question_is_answered_on_the_same_line() {
    let script = "docker run alpine true\ndocker container prune\ny\ndocker container prune\n\n";
    let text = stdout(&dockyard(&["sandbox", "--seed", "1"], script));
    assert!(
        text.contains("Are you sure you want to continue? [y/N] y\nDeleted Containers:\n"),
        "{text}"
    );
    // A blank line is an answer too (the default, no), not a skipped line.
    assert!(text.ends_with("Are you sure you want to continue? [y/N] \n"), "{text}");
}

#[test]
fn blank_lines_reach_an_attached_program() {
    let script = "docker run -it python:3.12 python\nfor i in range(2):\n    print(i)\n\n^D\n";
    let text = stdout(&dockyard(&["sandbox", "--seed", "1"], script));
    assert!(
        text.contains(">>> for i in range(2):\n...     print(i)\n... \n0\n1\n>>> "),
        "{text}"
    );
}

#[test]
fn exit_on_the_host_ends_the_script() {
    let out = dockyard(&["sandbox", "--seed", "1"], "echo before\nexit\necho after\n");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("$ exit\n") && !text.contains("after"), "{text}");
}
