//! Property tests: parsing never panics (arbitrary text and mutated real Dockerfiles) and the
//! dump of the BuildKit testfiles is stable under changes that must not matter.

mod common;

use std::sync::OnceLock;

use dockyard_dockerfile::shell::{self, Lex};
use dockyard_dockerfile::{LineRange, parser, source_snippet};
use proptest::prelude::*;

fn testfiles() -> &'static [(String, String, String)] {
    static CASES: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    CASES.get_or_init(common::parser_cases)
}

/// Runs everything a caller might do with any input; none of it may panic.
fn exercise(src: &str) {
    if let Ok(ast) = parser::parse(src) {
        let dump = ast.dump();
        assert!(!dump.is_empty());
        for node in &ast.children {
            let _ = node.arg_strings();
            let _ = dockyard_dockerfile::parse_instruction(node);
        }
    }
    match dockyard_dockerfile::parse(src) {
        Ok(df) => {
            for stage in &df.stages {
                for ins in &stage.instructions {
                    let lines = ins.lines();
                    assert!(lines.start >= 1 && lines.start <= lines.end);
                    let _ = source_snippet(src, lines);
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
            let _ = e.kind();
            if let Some(lines) = e.lines() {
                let _ = source_snippet(src, lines);
            }
        }
    }
}

/// Text built from the characters that matter to the parser.
fn dockerfile_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("FROM ".to_string()),
        Just("RUN ".to_string()),
        Just("COPY ".to_string()),
        Just("ONBUILD ".to_string()),
        Just("HEALTHCHECK ".to_string()),
        Just("ENV ".to_string()),
        Just("ARG ".to_string()),
        Just("<<".to_string()),
        Just("<<-".to_string()),
        Just("EOF".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\\\n".to_string()),
        Just("`".to_string()),
        Just("# escape=`\n".to_string()),
        Just("#".to_string()),
        Just("--".to_string()),
        Just("--mount=".to_string()),
        Just("=".to_string()),
        Just("[\"".to_string()),
        Just("\"]".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("$".to_string()),
        Just("${".to_string()),
        Just("}".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{85}".to_string()),
        Just("元".to_string()),
        Just("\u{feff}".to_string()),
        "[a-z0-9/.:,]{0,6}",
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippet = prop_oneof![
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("<<EOF\n".to_string()),
        Just("$".to_string()),
        Just("${X:-".to_string()),
        Just("}".to_string()),
        Just("#".to_string()),
        Just("--x=".to_string()),
        Just("`".to_string()),
        Just("\u{a0}".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop_oneof![
        (any::<usize>(), snippet.clone()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), snippet).prop_map(|(i, s)| Mutation::Replace(i, s)),
    ]
}

fn apply(src: &str, muts: &[Mutation]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for m in muts {
        let len = chars.len();
        match m {
            Mutation::Insert(i, s) => {
                let at = i % (len + 1);
                chars.splice(at..at, s.chars());
            }
            Mutation::Delete(i, n) => {
                if len > 0 {
                    let at = i % len;
                    let end = (at + n).min(len);
                    chars.drain(at..end);
                }
            }
            Mutation::Replace(i, s) => {
                if len > 0 {
                    let at = i % len;
                    chars.splice(at..at + 1, s.chars());
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(src in any::<String>()) {
        exercise(&src);
    }

    #[test]
    fn dockerfile_like_text_never_panics(src in dockerfile_like()) {
        exercise(&src);
    }

    #[test]
    fn mutated_testfiles_never_panic(idx in any::<usize>(), muts in prop::collection::vec(mutation(), 1..12)) {
        let cases = testfiles();
        let (_, src, _) = &cases[idx % cases.len()];
        exercise(&apply(src, &muts));
    }

    #[test]
    fn shell_expansion_never_panics(word in any::<String>(), pattern_word in dockerfile_like()) {
        let env = shell::envs_from_slice(&["A=abc", "B=", "PATHV=/usr/local/bin:/usr/bin"]);
        for escape in ['\\', '`'] {
            let mut lex = Lex::new(escape);
            let _ = lex.process(&word, &env);
            let _ = lex.process(&pattern_word, &env);
            lex.raw_quotes = true;
            lex.raw_escapes = true;
            lex.skip_unset_env = true;
            let _ = lex.process(&word, &env);
        }
        for tpl in ["${PATHV#", "${PATHV%%", "${PATHV//", "${A/", "${A:-"] {
            let _ = shell::process_word(&format!("{tpl}{pattern_word}}}"), &env);
        }
    }

    #[test]
    fn instruction_flag_values_never_panic(value in any::<String>(), flag in prop_oneof![
        Just("interval"), Just("timeout"), Just("start-period"), Just("retries")
    ]) {
        let value = value.replace(['\n', '\r'], " ");
        let src = format!("FROM a\nHEALTHCHECK --{flag}={value} CMD x\n");
        exercise(&src);
        let src = format!("FROM a\nRUN --mount={value} --network={value} x\n");
        exercise(&src);
        if let Ok(df) = dockyard_dockerfile::parse(&src)
            && let dockyard_dockerfile::Instruction::Run(run) = &df.stages[0].instructions[0]
        {
            let mut expand = |s: &str| shell::process_word(s, &shell::EmptyEnv);
            let _ = run.parse_mounts(&mut expand);
        }
        for v in value.split(',') {
            let mut identity = |s: &str| Ok(s.to_string());
            let _ = dockyard_dockerfile::instructions::Mount::parse(v, Some(&mut identity));
        }
    }

    #[test]
    fn snippets_never_panic(src in any::<String>(), start in 0usize..50, len in 0usize..5) {
        let _ = source_snippet(&src, LineRange::new(start, start + len));
    }

    #[test]
    fn testfile_dump_is_stable(idx in any::<usize>(), crlf in any::<bool>(), extra in prop::collection::vec(prop_oneof![Just("\n"), Just("# trailing comment\n"), Just("   \n")], 0..4)) {
        let cases = testfiles();
        let (name, src, want) = &cases[idx % cases.len()];
        let first = parser::parse(src).unwrap().dump();
        prop_assert_eq!(&(first.clone() + "\n"), want);
        // Parsing again gives the same dump.
        prop_assert_eq!(&parser::parse(src).unwrap().dump(), &first);
        // Line endings and trailing blank or comment lines do not change the instructions.
        let mut variant = if crlf { src.replace('\n', "\r\n") } else { src.clone() };
        variant.push('\n');
        for e in &extra {
            variant.push_str(e);
        }
        let again = parser::parse(&variant).unwrap().dump();
        prop_assert_eq!(&again, &first, "{}", name);
    }
}
