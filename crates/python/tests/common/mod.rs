#![allow(dead_code)]
use dockyard_python::*;

pub fn host() -> MemHost {
    let mut h = MemHost::new();
    h.cwd = "/app".into();
    h.dirs.push("/app".into());
    h.env.push(("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()));
    h.env.push(("HOME".into(), "/root".into()));
    h
}

pub fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// Run `src` as /app/x.py; returns (stdout, stderr, exit code).
pub fn run_with(src: &str, h: &mut MemHost, opts: &RunOptions) -> (String, String, i32) {
    h.files.insert("/app/x.py".into(), src.as_bytes().to_vec());
    let o = run_python(&argv(&["python", "x.py"]), opts, h);
    let code = o.exit_code().unwrap_or(-1);
    (o.stdout, o.stderr, code)
}

pub fn run(src: &str) -> (String, String, i32) {
    let mut h = host();
    run_with(src, &mut h, &RunOptions::default())
}

/// stdout of a program that must succeed.
pub fn out(src: &str) -> String {
    let (o, e, c) = run(src);
    assert_eq!(c, 0, "exit code; stderr:\n{e}\nstdout:\n{o}");
    assert_eq!(e, "", "stderr");
    o
}

/// stderr of a program that must fail with exit code 1.
pub fn err(src: &str) -> String {
    let (_o, e, c) = run(src);
    assert_eq!(c, 1, "exit code; stderr:\n{e}");
    e
}
