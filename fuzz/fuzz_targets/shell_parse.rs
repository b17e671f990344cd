//! Feeds arbitrary bytes to the host shell's parser and everything built on it: parsing in
//! both modes, completion contexts, printing back (which must re-parse to the same source),
//! expansion against a small fake environment, and `quote` (which must give back its input).
#![no_main]

use dockyard_shell::{
    Env, Script, cursor_context, expand_word_no_split, expand_words, glob_paths,
    needs_more_input, parse, parse_eof, quote,
};
use libfuzzer_sys::fuzz_target;

struct FakeEnv;

impl Env for FakeEnv {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/student".into()),
            "X" => Some(" a  b:*.txt ".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }
    fn set_var(&mut self, _name: &str, _value: String) {}
    fn last_status(&self) -> i32 {
        1
    }
    fn command_subst(&mut self, _script: &Script) -> String {
        "out put\n\n".into()
    }
    fn glob(&self, pattern: &str) -> Vec<String> {
        glob_paths(pattern, &mut |dir| match dir {
            "" => Some(vec!["a.txt".into(), "b.py".into(), ".env".into(), "src".into()]),
            "src" => Some(vec!["main.py".into()]),
            _ => None,
        })
    }
    fn home(&self) -> String {
        "/home/student".into()
    }
}

fn expand_all(script: &Script) {
    for item in &script.items {
        let and_or = &item.and_or;
        for pipeline in std::iter::once(&and_or.first).chain(and_or.rest.iter().map(|(_, p)| p)) {
            for command in &pipeline.commands {
                if let dockyard_shell::Command::Simple(cmd) = command {
                    let _ = expand_words(&cmd.words, &mut FakeEnv);
                    for a in &cmd.assignments {
                        let _ = expand_word_no_split(&a.value, &mut FakeEnv);
                    }
                    for r in &cmd.redirects {
                        if let Some(w) = r.op.target() {
                            let _ = expand_word_no_split(w, &mut FakeEnv);
                        }
                    }
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let src = src.as_ref();

    let _ = needs_more_input(src);
    match parse(src) {
        Ok(script) => {
            let printed = script.to_source();
            let again = parse_eof(&printed)
                .unwrap_or_else(|e| panic!("{src:?} printed as {printed:?}: {e}"));
            assert_eq!(again.script.to_source(), printed, "{src:?}");
            expand_all(&script);
        }
        Err(e) => {
            let _ = (e.to_string(), e.kind(), e.offset());
        }
    }
    if let Ok(parsed) = parse_eof(src) {
        expand_all(&parsed.script);
        for w in &parsed.warnings {
            let _ = w.to_string();
        }
    }
    for pos in [0, src.len() / 3, src.len() / 2, src.len()] {
        let _ = cursor_context(src, pos);
    }

    let quoted = quote(src);
    let script = parse(&format!("echo {quoted}")).expect("quoted input parses");
    let words = match &script.items[0].and_or.first.commands[0] {
        dockyard_shell::Command::Simple(cmd) => cmd.words.clone(),
        other => panic!("{other:?}"),
    };
    let args = expand_words(&words, &mut FakeEnv).expect("quoted input expands");
    assert_eq!(args, ["echo", src]);
});
