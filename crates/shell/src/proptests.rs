//! Property tests over arbitrary input: nothing panics, printing round-trips, `quote` is
//! exact, and plain words split like the `shell-words` crate splits them.

use proptest::prelude::*;

use crate::test_util::*;
use crate::*;

/// Pieces that make strings look like shell input, so that generated lines reach deep into
/// the parser instead of stopping at the first odd character.
const TOKENS: &[&str] = &[
    "echo", "docker", "a", "b", "x1", " ", " ", "\t", "\n", "'", "\"", "\\", "$", "$(", "${", "}", ")", "(", "`", "|",
    "||", "&&", "&", ";", ";;", ">", ">>", "<", "<<", "<<-", "<<<", "EOF", "'EOF'", "2>&1", ">&", "#", "~", "~/", "*",
    "?", "[", "]", "=", "A=", ":-", ":=", ":+", ":?", "#", "%%", ":", "{", "!", "$'", "\\n", "\\x4", "if", "fi", "é",
    "ж", "$?", "$1", "$HOME", "${#X}", "$(pwd)", "-", "/", ".",
];

fn shellish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|v| v.concat())
}

/// Command lines built from realistic word pieces and operators: mostly valid, so that the
/// printing round trip gets exercised on many different trees.
fn structured() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "a",
        "docker",
        "-p",
        "8080:80",
        "'x y'",
        "\"a $HOME b\"",
        "$USER",
        "${X:-d e}",
        "${#HOME}",
        "${F%.*}",
        "*",
        "?.txt",
        "[ab]",
        "~",
        "~/app",
        "\\ ",
        "\\$",
        "$'\\t'",
        "\"$(echo hi)\"",
        "$(docker ps -q)",
        "`echo b`",
        "é",
        "\"\"",
        "''",
        "=",
        "x=",
        "{",
        "}",
        "#",
        "!",
        "$?",
        "\"${U:-'q'}\"",
        "${U:-\"a b\"}",
        "$(cat <<E\nin\nE\n)",
    ];
    const REDIRECTS: &[&str] = &["", "", "", " > out", " 2>&1", " >> log", " < in", " &>all"];
    const SEPARATORS: &[&str] = &[" ; ", " && ", " || ", " | ", " & ", "\n", " |& "];
    let word = prop::collection::vec(prop::sample::select(PIECES), 1..4).prop_map(|v| v.concat());
    let command = (prop::collection::vec(word, 1..5), prop::sample::select(REDIRECTS))
        .prop_map(|(words, redirect)| format!("{}{redirect}", words.join(" ")));
    let command = prop_oneof![
        4 => command.clone(),
        1 => command.clone().prop_map(|c| format!("( {c} )")),
        1 => command.prop_map(|c| format!("{{ {c}; }} > f")),
    ];
    (
        prop::collection::vec(command, 1..4),
        prop::collection::vec(prop::sample::select(SEPARATORS), 3),
    )
        .prop_map(|(commands, seps)| {
            let mut line = String::new();
            for (i, c) in commands.iter().enumerate() {
                if i > 0 {
                    line.push_str(seps[i - 1]);
                }
                line.push_str(c);
            }
            line
        })
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), shellish(), structured()]
}

/// The arguments of every simple command, expanded (or the error text).
fn expand_all(script: &Script) -> Vec<Result<Vec<String>, String>> {
    let mut env = MockEnv::new();
    simple_commands(script)
        .iter()
        .map(|cmd| expand_words(&cmd.words, &mut env).map_err(|e| e.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_never_panics(src in any_input()) {
        let interactive = parse(&src);
        let at_eof = parse_eof(&src);
        prop_assert!(!matches!(at_eof, Err(ParseError::Incomplete(_))));
        prop_assert_eq!(needs_more_input(&src), matches!(interactive, Err(ParseError::Incomplete(_))));
        if let Ok(script) = &interactive {
            // Complete input means the same whether or not more could come.
            prop_assert_eq!(&at_eof.as_ref().map(|p| &p.script).ok(), &Some(script));
            let _ = expand_all(script);
        }
        if let Err(e) = &interactive {
            let _ = (e.to_string(), e.kind().as_str(), e.offset());
        }
    }

    #[test]
    fn cursor_context_never_panics(src in any_input(), cut in any::<prop::sample::Index>()) {
        let pos = cut.index(src.len() + 2);
        let ctx = cursor_context(&src, pos);
        prop_assert!(ctx.start <= pos.min(src.len()));
        for boundary in (0..=src.len()).filter(|&i| src.is_char_boundary(i)) {
            let ctx = cursor_context(&src, boundary);
            prop_assert!(ctx.start <= boundary);
        }
    }

    #[test]
    fn printed_source_parses_back_to_the_same_meaning(src in prop_oneof![shellish(), structured()]) {
        if let Ok(script) = parse_eof(&src).map(|p| p.script) {
            let printed = script.to_source();
            let reparsed = match parse_eof(&printed) {
                Ok(p) => p.script,
                Err(e) => return Err(TestCaseError::fail(format!(
                    "{src:?} printed as {printed:?} fails to parse: {e}"
                ))),
            };
            prop_assert_eq!(reparsed.to_source(), printed.clone(), "{:?}", src);
            prop_assert_eq!(expand_all(&reparsed), expand_all(&script), "{:?} -> {:?}", src, printed);
        }
    }

    #[test]
    fn quote_gives_back_the_string(s in any::<String>()) {
        let q = quote(&s);
        let mut env = MockEnv::new();
        // As an argument and as the command name.
        for line in [format!("echo {q}"), q.clone()] {
            let script = parse(&line);
            prop_assert!(script.is_ok(), "{:?} -> {:?}: {:?}", s, line, script);
            let cmds = simple_commands(&script.unwrap_or_default());
            prop_assert_eq!(cmds.len(), 1);
            prop_assert!(cmds[0].assignments.is_empty());
            let args = expand_words(&cmds[0].words, &mut env);
            let want: Vec<&str> = if line == q { vec![&s] } else { vec!["echo", &s] };
            prop_assert_eq!(args, Ok(want.iter().map(|w| w.to_string()).collect::<Vec<_>>()));
        }
        prop_assert_eq!(Word::literal(s.clone()).to_source().is_empty(), false);
    }

    #[test]
    fn plain_words_split_like_shell_words(
        line in prop::collection::vec(
            prop::sample::select(&[
                "a", "b", "x", "0", "9", "-", ".", "/", ":", ",", "@", "%", "+", "é", "ж",
                " ", " ", "\t", "'", "'", "\"", "\"", "\\", "#",
            ][..]),
            0..30,
        ).prop_map(|v| v.concat())
    ) {
        let theirs = shell_words::split(&line);
        let ours = parse_eof(&line);
        match (theirs, ours) {
            (Err(_), Err(e)) => prop_assert_eq!(e.kind(), ParseErrorKind::UnexpectedEof),
            (Ok(words), Ok(parsed)) => {
                let cmds = simple_commands(&parsed.script);
                prop_assert!(cmds.len() <= 1);
                let ours = match cmds.first() {
                    Some(cmd) => expand_words(&cmd.words, &mut MockEnv::new()).unwrap_or_default(),
                    None => Vec::new(),
                };
                prop_assert_eq!(ours, words, "{:?}", line);
            }
            (theirs, ours) => prop_assert!(false, "{:?}: shell-words {:?}, ours {:?}", line, theirs, ours),
        }
    }
}
