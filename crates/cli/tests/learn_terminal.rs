//! The course in a real pseudo-terminal, in Russian: the menu, a lesson's prompt with
//! lesson and step, a completed step, a mistake with its explanation, a hint, an undo,
//! a confirmation, and `quit` saving the progress.

#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

#[test]
fn menu_lesson_and_quit() {
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-terminal");
    let _ = std::fs::remove_dir_all(&data);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockyard"));
    cmd.env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", &data)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "ru_RU.UTF-8");
    let mut p = Session::spawn(cmd).expect("dockyard starts in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(30)));

    // The menu speaks the locale's language.
    p.expect("Dockyard — Docker на практике").unwrap();
    p.expect("Номер урока (Enter — 1, q — выход): ").unwrap();
    p.send_line("3").unwrap();
    p.expect("Урок 3: Контейнеры в фоне").unwrap();
    p.expect("Шаг 1 из 5: Запустите сервер в фоне").unwrap();
    p.expect("[detached 1/5] $ ").unwrap();

    p.send_line("docker run -d --name web nginx").unwrap();
    p.expect("✔ Шаг 1 из 5 выполнен: Запустите сервер в фоне").unwrap();
    p.expect("[detached 2/5] $ ").unwrap();

    // A beginner's mistake: Docker's own message, then the explanation in Russian.
    p.send_line("docker --rm ps").unwrap();
    p.expect("unknown flag: --rm").unwrap();
    p.expect("Параметры пишутся после команды").unwrap();
    p.expect("[detached 2/5] $ ").unwrap();

    p.send_line("hint").unwrap();
    p.expect("Подсказка 1 из 2:").unwrap();
    p.expect("[detached 2/5] $ ").unwrap();

    // Undo takes the last command back (here: a container started by mistake).
    p.send_line("docker run -d --name oops alpine sleep 100").unwrap();
    p.expect("[detached 2/5] $ ").unwrap();
    p.send_line("undo").unwrap();
    p.expect("Отменено: последняя команда взята назад.").unwrap();
    p.send_line("docker ps -a --format '{{.Names}}'").unwrap();
    p.expect("web").unwrap();
    p.expect("[detached").unwrap();

    p.send_line("reset").unwrap();
    p.expect("Начать урок заново?").unwrap();
    p.send_line("n").unwrap();
    p.expect("Ничего не изменилось.").unwrap();

    p.send_line("lang en").unwrap();
    p.expect("Step 2 of 5: See it running").unwrap();
    p.send_line("quit").unwrap();
    p.expect("Progress saved. See you!").unwrap();
    assert_eq!(
        p.get_process().wait().unwrap(),
        WaitStatus::Exited(p.get_process().pid(), 0)
    );

    let progress = std::fs::read_to_string(data.join("dockyard/progress.toml")).unwrap();
    assert!(progress.contains("language = \"en\""), "{progress}");
    assert!(
        progress.contains("[lessons.detached]\nstep = \"list\"\nsolved = [\"run-detached\"]"),
        "{progress}"
    );
}
