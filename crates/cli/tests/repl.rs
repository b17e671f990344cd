//! The interactive sandbox in a real pseudo-terminal: type, read the screen, quit with
//! Ctrl-D. Every wait is bounded by the session's expect timeout.

#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{ControlCode, Expect, Session};

fn spawn(args: &[&str], name: &str) -> expectrl::session::OsSession {
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&data);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockyard"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", &data)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    let mut session = Session::spawn(cmd).expect("dockyard starts in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

#[test]
fn russian_session_with_a_mistake_and_ctrl_d() {
    let mut p = spawn(&["sandbox", "--seed", "1", "--lang", "ru"], "repl-ru");
    p.expect("Песочница Dockyard").unwrap();
    p.expect("dockyard $ ").unwrap();

    p.send_line("docker run --rm alpine echo hi").unwrap();
    p.expect("hi\r\n").unwrap();
    p.expect("dockyard $ ").unwrap();

    p.send_line("docker --rm run alpine").unwrap();
    p.expect("unknown flag: --rm").unwrap();
    p.expect("💡 Параметры пишутся после команды").unwrap();
    p.expect("dockyard $ ").unwrap();

    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect("До встречи!").unwrap();
    assert_eq!(
        p.get_process().wait().unwrap(),
        WaitStatus::Exited(p.get_process().pid(), 0)
    );
}

#[test]
fn attach_and_detach_with_ctrl_p_ctrl_q() {
    let mut p = spawn(&["sandbox", "--seed", "2", "--lang", "en"], "repl-detach");
    p.expect("dockyard $ ").unwrap();
    p.send_line("docker run -it --name box alpine sh").unwrap();
    p.expect("dockyard / # ").unwrap();
    p.send_line("hostname").unwrap();
    p.expect("dockyard / # ").unwrap();
    // Ctrl-P then Ctrl-Q: Docker's detach keys.
    p.send(ControlCode::DataLinkEscape).unwrap();
    p.send(ControlCode::DeviceControl1).unwrap();
    p.expect("read escape sequence").unwrap();
    p.expect("dockyard $ ").unwrap();
    p.send_line("docker ps --format '{{.Names}}: {{.Status}}'").unwrap();
    p.expect("box: Up").unwrap();
    p.expect("dockyard $ ").unwrap();
    // Back in, then Ctrl-D ends the container's shell, and a second Ctrl-D the REPL.
    p.send_line("docker attach box").unwrap();
    p.expect("dockyard / # ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect("exit").unwrap();
    p.expect("dockyard $ ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect("Bye!").unwrap();
}
