//! Printing tests: `quote`, and source printed back from parsed lines.

use crate::test_util::*;
use crate::*;

#[test]
fn quote_leaves_plain_words_alone() {
    for s in [
        "docker",
        "--name=web",
        "python:3.11.5-alpine",
        "localhost:5000/python",
        "8080:80",
        "a,b@c%d+e",
        "имя_контейнера",
        "-it",
    ] {
        assert_eq!(quote(s), s);
    }
}

#[test]
fn quote_quotes_what_bash_would_read_differently() {
    let cases = [
        ("", "''"),
        ("hello world", "'hello world'"),
        ("it's", r"'it'\''s'"),
        ("$HOME", "'$HOME'"),
        ("*.txt", "'*.txt'"),
        ("~", "'~'"),
        ("#x", "'#x'"),
        ("a;b", "'a;b'"),
        ("A=1", "'A=1'"),
        ("PATH+=x", "'PATH+=x'"),
        ("{a,b}", "'{a,b}'"),
        ("!", "'!'"),
        ("if", "'if'"),
        ("line1\nline2", r"$'line1\nline2'"),
        ("tab\there", r"$'tab\there'"),
        ("bell\u{7}'\\", r"$'bell\x07\'\\'"),
        ("\u{85}", r"$'\u0085'"),
    ];
    for (s, want) in cases {
        assert_eq!(quote(s), want, "{s:?}");
    }
}

#[test]
fn quoted_words_parse_back() {
    let mut env = MockEnv::new();
    for s in [
        "",
        "a b",
        "it's",
        "$(rm -rf /)",
        "`x`",
        "a\nb",
        "\\",
        "\"",
        "'",
        "if",
        "{",
        "}",
    ] {
        let q = quote(s);
        assert_eq!(argv(&format!("echo {q}"), &mut env), ["echo", s], "{q}");
    }
}

#[track_caller]
fn assert_prints(src: &str, want: &str) {
    let script = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    assert_eq!(script.to_source(), want, "{src:?}");
    let again = parse(want).unwrap_or_else(|e| panic!("printed {want:?}: {e}"));
    assert_eq!(again, script, "{src:?} printed as {want:?} reads differently");
}

#[test]
fn printing_keeps_the_syntax() {
    assert_prints("docker  ps   -a", "docker ps -a");
    assert_prints(
        "docker build -t app . ;docker run app",
        "docker build -t app .; docker run app",
    );
    assert_prints("docker ps|grep web|wc -l", "docker ps | grep web | wc -l");
    assert_prints("echo \"x\">>f.txt&&cat f.txt", "echo \"x\" >> f.txt && cat f.txt");
    assert_prints("a || b && ! c", "a || b && ! c");
    assert_prints("sleep 1 & echo hi", "sleep 1 & echo hi");
    assert_prints("sleep 1&", "sleep 1 &");
    assert_prints("docker rm -f $(docker ps -aq)", "docker rm -f $(docker ps -aq)");
    // Backquotes print as `$(...)`, which means the same.
    let script = parse("echo `docker ps -q`").unwrap();
    assert_eq!(script.to_source(), "echo $(docker ps -q)");
    assert_prints(
        r#"docker run -e "A=hello world" --mount type=bind,src="$(pwd)",dst=/app img"#,
        r#"docker run -e "A=hello world" --mount type=bind,src="$(pwd)",dst=/app img"#,
    );
    assert_prints("A=1 B='x y' cmd 2>&1 >out", "A=1 B='x y' cmd 2>&1 > out");
    assert_prints("X=5", "X=5");
    assert_prints("cmd >&2 <in &>all 3>>log", "cmd >&2 < in &> all 3>> log");
    assert_prints("(cd app && ls) > out", "(cd app && ls) > out");
    assert_prints("{ echo a; echo b; } | wc -l", "{ echo a; echo b; } | wc -l");
    assert_prints(
        "echo $HOME ${HOME}x $1 ${10} $? \"$USER\"s",
        "echo $HOME ${HOME}x $1 ${10} $? \"$USER\"s",
    );
    assert_prints(
        "echo ${X:-a b} ${#X} ${F%%.*} ${X:=\"q\"} ${Y:?no}",
        "echo ${X:-a b} ${#X} ${F%%.*} ${X:=\"q\"} ${Y:?no}",
    );
    assert_prints("ls ~/app *.txt [ab]? \\*", "ls ~/app *.txt [ab]? \\*");
    assert_prints("echo a\\ b 'c d' $'e\\tf'", "echo a\\ b 'c d' $'e\\tf'");
    assert_prints("echo \"a\\$b\\\"c\"", "echo \"a\\$b\\\"c\"");
}

#[test]
fn printing_heredocs_puts_bodies_after_the_line() {
    assert_prints(
        "cat > app.py <<EOF\nprint(\"hi $USER\")\nEOF\n",
        "cat > app.py <<EOF\nprint(\"hi $USER\")\nEOF\n",
    );
    assert_prints(
        "cat <<'EOF' | grep x; echo done\n$not expanded\nEOF",
        "cat <<'EOF' | grep x\n$not expanded\nEOF\necho done",
    );
    assert_prints("cat <<-X >f\n\tindented\n\tX", "cat <<-X > f\nindented\nX\n");
    assert_prints(
        "X=$(cat <<EOF\ninner\nEOF\n) && echo $X",
        "X=$(cat <<EOF\ninner\nEOF\n) && echo $X",
    );
    assert_prints("{ cat <<A; }\na\nA\n", "{ cat <<A\na\nA\n}");
    assert_prints("cat <<EOF &\nbg\nEOF\n", "cat <<EOF &\nbg\nEOF\n");
    // A delimiter starting with `-` is not the `<<-` operator.
    assert_prints("cat << -x\nbody\n-x\n", "cat << -x\nbody\n-x\n");
}

#[test]
fn groups_end_correctly() {
    assert_prints("{ sleep 1 & }", "{ sleep 1 & }");
    assert_prints("{ a; b & }", "{ a; b & }");
    assert_prints("( a & )", "(a &)");
}

#[test]
fn printing_escapes_words_that_would_change_meaning() {
    // Hand-built words with characters the parser would read as syntax.
    let cmd = SimpleCommand {
        assignments: vec![],
        words: vec![
            Word::literal("A=1"),
            Word::literal("if"),
            Word::literal("a b;c"),
            Word::literal("*"),
            Word::literal("~"),
            Word::literal("#x"),
            Word::literal(""),
            Word::literal("line\nbreak"),
        ],
        redirects: vec![],
    };
    let printed = Command::Simple(cmd.clone()).to_source();
    assert_eq!(printed, r"A\=1 if a\ b\;c \* \~ \#x '' line$'\n'break");
    let mut env = MockEnv::new();
    let reparsed = one_command(&printed);
    assert!(reparsed.assignments.is_empty());
    assert_eq!(
        expand_words(&reparsed.words, &mut env).unwrap(),
        ["A=1", "if", "a b;c", "*", "~", "#x", "", "line\nbreak"]
    );
    // A reserved word as the command name.
    let cmd = SimpleCommand {
        words: vec![Word::literal("if"), Word::literal("x")],
        ..SimpleCommand::default()
    };
    assert_eq!(Command::Simple(cmd).to_source(), r"\if x");
}

#[test]
fn word_display() {
    let cmd = one_command("echo \"$(pwd)\"/x");
    assert_eq!(cmd.words[1].to_string(), "\"$(pwd)\"/x");
    assert_eq!(Word::literal("a b").to_source(), r"a\ b");
}

#[track_caller]
fn assert_fixpoint(src: &str) -> String {
    let script = parse_eof(src).unwrap_or_else(|e| panic!("{src:?}: {e}")).script;
    let printed = script.to_source();
    let again = parse_eof(&printed)
        .unwrap_or_else(|e| panic!("{src:?} printed as {printed:?}: {e}"))
        .script;
    assert_eq!(again.to_source(), printed, "{src:?}");
    printed
}

#[test]
fn heredoc_delimiters_are_renamed_when_a_printed_line_would_end_the_body() {
    // The inner document (inside backquotes in the body) ends at the end of its text; when
    // printed, its body line `E` would close the outer document early.
    let printed = assert_fixpoint("cat <<E\n`cat <<Y\nE`\nE\n");
    assert_eq!(printed, "cat <<E_\n$(cat <<Y\nE\nY\n)\nE_\n");
    // Found by the fuzzer.
    let crash = String::from_utf8_lossy(b"\x00\x09\x15\x3c\x3c\x2d\x88\x0a\xf5\xa6\x20\x0a\x3c\x60\x3f\x26\x3f\x01\x00\x00\x00\x00\x00\x00\x01\x01\x00\x3c\x3c\x2d\x78\xff\x7e\x0a\xa2\x60\x60\x60\x60\x60\x60\x3c\x88\x60\x2d\xcd\x21\x3b\x0a\xf5\x0a\xef\xbf\x00\xd8\xa6\xc2\x3c\x88\x5a\x2d\xa4\x83\xc0\x70\xcd\xcd\x21\xb0\x3b\xd8\x00\xb0");
    assert_fixpoint(&crash);
}
