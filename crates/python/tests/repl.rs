//! Interactive sessions.
mod common;
use common::*;
use dockyard_python::*;

/// Type `lines` into a fresh REPL; returns the terminal transcript.
fn session(lines: &[&str]) -> (String, Option<i32>) {
    let mut h = host();
    let (mut repl, banner) = start_repl(
        &RunOptions {
            tty: true,
            interactive: true,
            ..Default::default()
        },
        &mut h,
    );
    let mut t = banner;
    t.push_str(repl.prompt());
    let mut exited = None;
    for l in lines {
        t.push_str(l);
        t.push('\n');
        let o = repl.feed(l, &mut h);
        t.push_str(&o.output);
        if o.exited.is_some() {
            exited = o.exited;
            break;
        }
        t.push_str(&o.prompt);
    }
    (t, exited)
}

#[test]
fn seed_transcript() {
    let (t, code) = session(&["import os", "os.name", "exit()"]);
    assert_eq!(
        t,
        "Python 3.11.5 (main, Aug 26 2023, 00:26:34) [GCC 12.2.1 20220924] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n>>> import os\n>>> os.name\n'posix'\n>>> exit()\n"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn blocks_errors_and_echo() {
    let (t, _) = session(&[
        "1+1",
        "x = [1, 2]",
        "x",
        "for i in x:",
        "    print(i)",
        "",
        "foo",
        "def f(a):",
        "    return a * 2",
        "",
        "f(21); None",
        "x = = 1",
        "exit",
        "'it''s'",
    ]);
    insta::assert_snapshot!(t);
}

#[test]
fn sys_exit_code_and_eof() {
    let (_, code) = session(&["import sys", "sys.exit(4)"]);
    assert_eq!(code, Some(4));
    let mut h = host();
    let (mut repl, _) = start_repl(&RunOptions::default(), &mut h);
    let o = repl.eof(&mut h);
    assert_eq!((o.output.as_str(), o.exited), ("\n", Some(0)));
    let o = repl.interrupt();
    assert_eq!(
        (o.output.as_str(), o.prompt.as_str()),
        ("\nKeyboardInterrupt\n", ">>> ")
    );
}

#[test]
fn unclosed_bracket_continues() {
    let (t, _) = session(&["print(1,", "2)", "'''a", "b'''"]);
    assert!(
        t.ends_with(">>> print(1,\n... 2)\n1 2\n>>> '''a\n... b'''\n'a\\nb'\n>>> "),
        "{t}"
    );
}

#[test]
fn input_waits_for_the_next_line() {
    let mut h = host();
    let (mut repl, _) = start_repl(
        &RunOptions {
            tty: true,
            interactive: true,
            ..Default::default()
        },
        &mut h,
    );
    let o = repl.feed("print('start'); name = input('Name: '); print('Hi', name)", &mut h);
    assert_eq!((o.output.as_str(), o.prompt.as_str()), ("start\nName: ", ""));
    let o = repl.feed("Ada", &mut h);
    assert_eq!((o.output.as_str(), o.prompt.as_str()), ("Hi Ada\n", ">>> "));
    let o = repl.feed("n = 0", &mut h);
    assert_eq!(o.output, "");
    let o = repl.feed("for i in range(2):", &mut h);
    assert_eq!(o.prompt, "... ");
    repl.feed("    n += int(input(f'#{i}? '))", &mut h);
    let o = repl.feed("", &mut h);
    assert_eq!(o.output, "#0? ");
    let o = repl.feed("5", &mut h);
    assert_eq!(o.output, "#1? ");
    let o = repl.feed("7", &mut h);
    assert_eq!(o.output, "");
    assert_eq!(repl.global_repr("n", &mut h).as_deref(), Some("12"));
    repl.feed("input()", &mut h);
    let o = repl.eof(&mut h);
    assert!(
        o.output.ends_with("EOFError: EOF when reading a line\n"),
        "{}",
        o.output
    );
}
