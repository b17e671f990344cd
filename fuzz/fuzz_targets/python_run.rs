//! Fuzz the simulated Python: arbitrary bytes as a program (`python -c`), as
//! REPL input, or as a served script answering one request. Must never panic.
#![no_main]

use dockyard_python::{HttpRequest, MemHost, PyEnd, RunOptions, run_python, start_repl};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let src = String::from_utf8_lossy(rest).to_string();
    let mut h = MemHost::new();
    h.cwd = "/app".into();
    h.files.insert("/app/data.txt".into(), b"one\ntwo\n".to_vec());
    h.stdin = vec!["typed".into()];
    let opts = RunOptions {
        step_budget: 20_000,
        max_output: 64 << 10,
        packages: vec![("flask".into(), "3.0.0".into())],
        tty: mode & 4 != 0,
        interactive: mode & 8 != 0,
        ..Default::default()
    };
    match mode % 3 {
        0 => {
            let argv: Vec<String> = vec!["python".into(), "-c".into(), src];
            let mut o = run_python(&argv, &opts, &mut h);
            for answer in ["1", "two"] {
                match o.end {
                    PyEnd::WaitingForInput(p) => o = p.feed(answer, &mut h),
                    _ => break,
                }
            }
            match o.end {
                PyEnd::Server(mut s) => {
                    let _ = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
                    let _ = s.handle(&HttpRequest::get("/x/../y?q=1", "172.17.0.1"), &mut h);
                    let _ = s.take_output();
                }
                PyEnd::WaitingForInput(p) => {
                    let _ = p.eof(&mut h);
                }
                _ => {}
            }
        }
        1 => {
            let (mut repl, _) = start_repl(&opts, &mut h);
            for line in src.split('\n') {
                if repl.feed(line, &mut h).exited.is_some() {
                    return;
                }
            }
            let _ = repl.eof(&mut h);
        }
        _ => {
            h.files.insert("/app/main.py".into(), src.into_bytes());
            let argv: Vec<String> = vec!["python".into(), "main.py".into(), "arg".into()];
            let o = run_python(&argv, &opts, &mut h);
            if let PyEnd::Server(mut s) = o.end {
                let _ = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
            }
        }
    }
});
