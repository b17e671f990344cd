//! Parser tests: lines students type (many from the course notes), errors with bash's text,
//! and incomplete input.

use crate::test_util::*;
use crate::*;

fn script(src: &str) -> Script {
    parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"))
}

fn heredocs(cmd: &SimpleCommand) -> Vec<HereDoc> {
    cmd.redirects
        .iter()
        .filter_map(|r| match &r.op {
            RedirectOp::HereDoc(h) => Some(h.clone()),
            _ => None,
        })
        .collect()
}

fn pipelines(s: &Script) -> Vec<&Pipeline> {
    s.items
        .iter()
        .flat_map(|i| std::iter::once(&i.and_or.first).chain(i.and_or.rest.iter().map(|(_, p)| p)))
        .collect()
}

// ----- simple commands and words -----

#[test]
fn plain_docker_commands() {
    assert_eq!(
        static_words("docker run --name test -d python:3.11.5-alpine python -m http.server 8888"),
        [
            "docker",
            "run",
            "--name",
            "test",
            "-d",
            "python:3.11.5-alpine",
            "python",
            "-m",
            "http.server",
            "8888"
        ]
    );
    assert_eq!(
        static_words("docker run -p 5000:80 -v /vagrant:/vagrant -e FILE=/vagrant/Vagrantfile img"),
        [
            "docker",
            "run",
            "-p",
            "5000:80",
            "-v",
            "/vagrant:/vagrant",
            "-e",
            "FILE=/vagrant/Vagrantfile",
            "img"
        ]
    );
    assert_eq!(static_words("  docker   ps\t-a  "), ["docker", "ps", "-a"]);
    assert_eq!(
        static_words("docker stop имя_контейнера"),
        ["docker", "stop", "имя_контейнера"]
    );
}

#[test]
fn empty_and_blank_input_is_an_empty_script() {
    for src in ["", "   ", "\n\n", "# just a comment", "  # comment\n\n"] {
        assert!(script(src).is_empty(), "{src:?}");
    }
}

#[test]
fn quotes_make_one_word() {
    assert_eq!(
        static_words(r#"docker run -e "A=hello world" -e 'B=it''s' img"#),
        ["docker", "run", "-e", "A=hello world", "-e", "B=its", "img"]
    );
    assert_eq!(static_words(r#"echo "a"'b'c"#), ["echo", "abc"]);
    assert_eq!(static_words(r#"echo "" ''"#), ["echo", "", ""]);
    let words = one_command(r#"echo "" $E a'b' c"#).words;
    let quoted: Vec<bool> = words.iter().map(Word::has_quotes).collect();
    assert_eq!(quoted, [false, true, false, true, false]);
    assert_eq!(
        static_words(r#"docker ps --format '{{.Names}} {{.Status}}'"#),
        ["docker", "ps", "--format", "{{.Names}} {{.Status}}"]
    );
}

#[test]
fn backslash_escapes_follow_bash() {
    assert_eq!(
        static_words(r"echo a\ b \$HOME \\ \'"),
        ["echo", "a b", "$HOME", "\\", "'"]
    );
    // In double quotes only $ ` " \ and newline are escaped.
    assert_eq!(static_words(r#"echo "\a\$\"\\" "x\`y""#), ["echo", r#"\a$"\"#, "x`y"]);
    // Line continuation, between and inside words and inside double quotes.
    assert_eq!(
        static_words("docker run \\\n  -d \\\n  nginx"),
        ["docker", "run", "-d", "nginx"]
    );
    assert_eq!(static_words("echo ab\\\ncd \"x\\\ny\""), ["echo", "abcd", "xy"]);
    // Single quotes keep everything, newlines included.
    assert_eq!(static_words("echo 'a\\nb\nc'"), ["echo", "a\\nb\nc"]);
}

#[test]
fn ansi_c_quoting() {
    assert_eq!(
        static_words(r"echo $'a\tb\n' $'\x41\u0431\e' $'it\'s' $'\101\cA'"),
        ["echo", "a\tb\n", "A\u{431}\u{1b}", "it's", "A\u{1}"]
    );
    // Bytes of UTF-8 written one by one decode to the character.
    assert_eq!(static_words(r"echo $'\xd0\xb0'"), ["echo", "а"]);
    assert_eq!(static_words(r#"echo $"a b""#), ["echo", "a b"]);
}

#[test]
fn comments_start_only_at_a_word_start() {
    assert_eq!(static_words("docker ps # list containers"), ["docker", "ps"]);
    assert_eq!(static_words("echo a#b #c"), ["echo", "a#b"]);
    assert_eq!(
        static_words("echo '#not' \"#not\" \\#not"),
        ["echo", "#not", "#not", "#not"]
    );
    let s = script("docker images # list\ndocker ps");
    assert_eq!(s.items.len(), 2);
}

#[test]
fn assignments_before_the_command_and_alone() {
    let cmd = one_command("DOCKER_HOST=tcp://10.0.0.1:2375 A= docker ps");
    assert_eq!(cmd.assignments.len(), 2);
    assert_eq!(cmd.assignments[0].name, "DOCKER_HOST");
    assert_eq!(cmd.assignments[0].value, Word::literal("tcp://10.0.0.1:2375"));
    assert_eq!(cmd.assignments[1].name, "A");
    assert_eq!(cmd.assignments[1].value, Word::default());
    assert_eq!(cmd.words.len(), 2);

    let cmd = one_command("X=5");
    assert!(cmd.words.is_empty());
    assert_eq!(cmd.assignments[0].value, Word::literal("5"));

    let cmd = one_command("PATH+=:/opt/bin");
    assert!(cmd.assignments[0].append);
    assert_eq!(cmd.assignments[0].name, "PATH");

    let cmd = one_command(r#"MSG="hello world" N=$(docker ps -q)"#);
    assert_eq!(cmd.assignments.len(), 2);
    assert!(matches!(
        cmd.assignments[1].value.parts.as_slice(),
        [WordPart::CommandSubst { .. }]
    ));
}

#[test]
fn export_arguments_are_words_not_assignments() {
    let cmd = one_command("export DOCKER_HOST=tcp://10.0.0.1:2375");
    assert!(cmd.assignments.is_empty());
    assert_eq!(
        static_words("export DOCKER_HOST=tcp://10.0.0.1:2375"),
        ["export", "DOCKER_HOST=tcp://10.0.0.1:2375"]
    );
}

#[test]
fn words_that_only_look_like_assignments() {
    // Quoted or escaped names, invalid names, and `=` after the command name.
    for src in [r#""A"=1"#, r"A\=1", "1A=2", "-e=x", "a-b=c"] {
        let cmd = one_command(src);
        assert!(cmd.assignments.is_empty(), "{src}");
        assert_eq!(cmd.words.len(), 1, "{src}");
    }
    let cmd = one_command("A=1 B=2 cmd C=3");
    assert_eq!(cmd.assignments.len(), 2);
    assert_eq!(cmd.words.len(), 2);
}

#[test]
fn parameters() {
    let cmd = one_command(r#"echo $HOME ${USER} "$HOME/app" $? $$ $0 $1 ${10} $10 $# $@ $* $! $-"#);
    let w = &cmd.words;
    assert_eq!(w[1].parts, [var("HOME")]);
    assert_eq!(w[2].parts, [var("USER")]);
    assert_eq!(w[3].parts, [WordPart::DoubleQuoted(vec![var("HOME"), lit("/app")])]);
    let special = |c| {
        WordPart::Param(ParamExpansion {
            param: Param::Special(SpecialParam::from_char(c).unwrap()),
            op: ParamOp::Get,
        })
    };
    let positional = |n| {
        WordPart::Param(ParamExpansion {
            param: Param::Positional(n),
            op: ParamOp::Get,
        })
    };
    assert_eq!(w[4].parts, [special('?')]);
    assert_eq!(w[5].parts, [special('$')]);
    assert_eq!(w[6].parts, [positional(0)]);
    assert_eq!(w[7].parts, [positional(1)]);
    assert_eq!(w[8].parts, [positional(10)]);
    assert_eq!(w[9].parts, [positional(1), lit("0")]);
    assert_eq!(w[10].parts, [special('#')]);
    assert_eq!(w[11].parts, [special('@')]);
    assert_eq!(w[12].parts, [special('*')]);
    assert_eq!(w[13].parts, [special('!')]);
    assert_eq!(w[14].parts, [special('-')]);
}

#[test]
fn a_dollar_that_starts_nothing_is_literal() {
    assert_eq!(
        static_words(r#"echo $ $/ a$ "$" "a$""#),
        ["echo", "$", "$/", "a$", "$", "a$"]
    );
}

#[test]
fn parameter_operators() {
    let cmd = one_command(
        "echo ${X:-def} ${X-d} ${X:=v} ${X:+alt} ${X?} ${X:?no X} ${#X} ${#} ${F%.*} ${F%%.*} ${F#*.} ${F##*.}",
    );
    let ops: Vec<&ParamOp> = cmd.words[1..]
        .iter()
        .map(|w| match w.parts.as_slice() {
            [WordPart::Param(pe)] => &pe.op,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ops[0],
        &ParamOp::Default {
            colon: true,
            word: Word::literal("def")
        }
    );
    assert!(matches!(ops[1], ParamOp::Default { colon: false, .. }));
    assert!(matches!(ops[2], ParamOp::Assign { colon: true, .. }));
    assert!(matches!(ops[3], ParamOp::Alternative { colon: true, .. }));
    assert!(matches!(ops[4], ParamOp::Error { colon: false, word } if word.parts.is_empty()));
    assert_eq!(
        ops[5],
        &ParamOp::Error {
            colon: true,
            word: Word::literal("no X")
        }
    );
    assert_eq!(ops[6], &ParamOp::Length);
    assert_eq!(ops[7], &ParamOp::Get); // `${#}` is `$#`
    assert_eq!(
        ops[8],
        &ParamOp::RemoveSuffix {
            longest: false,
            pattern: Word {
                parts: vec![lit("."), WordPart::Glob("*".into())]
            }
        }
    );
    assert!(matches!(ops[9], ParamOp::RemoveSuffix { longest: true, .. }));
    assert!(matches!(ops[10], ParamOp::RemovePrefix { longest: false, .. }));
    assert!(matches!(ops[11], ParamOp::RemovePrefix { longest: true, .. }));
}

#[test]
fn nested_parameter_words() {
    let cmd = one_command(r#"echo "${A:-${B:-$(pwd)}}" ${X:-"a b"} ${X:-a\ b} "${X:-'q'}""#);
    assert_eq!(cmd.words.len(), 5);
    // Inside double quotes, single quotes in the word are ordinary characters.
    let [WordPart::DoubleQuoted(inner)] = cmd.words[4].parts.as_slice() else {
        panic!("{:?}", cmd.words[4]);
    };
    assert!(matches!(&inner[0], WordPart::Param(ParamExpansion {
        op: ParamOp::Default { word, .. }, ..
    }) if *word == Word::literal("'q'")));
}

#[test]
fn command_substitution() {
    let cmd = one_command("docker rm -f $(docker ps -aq)");
    let [
        WordPart::CommandSubst {
            script: inner,
            backtick: false,
        },
    ] = cmd.words[3].parts.as_slice()
    else {
        panic!("{:?}", cmd.words[3]);
    };
    assert_eq!(simple_commands(inner)[0].words.len(), 3);

    let cmd = one_command("echo `docker ps -q` \"`whoami`\" $(echo $(echo deep)) $( )");
    assert!(matches!(
        cmd.words[1].parts.as_slice(),
        [WordPart::CommandSubst { backtick: true, .. }]
    ));
    assert_eq!(cmd.words.len(), 5);
    // Escaped backquotes nest.
    let cmd = one_command(r"echo `echo \`echo hi\``");
    let [WordPart::CommandSubst { script: outer, .. }] = cmd.words[1].parts.as_slice() else {
        panic!()
    };
    assert!(matches!(
        simple_commands(outer)[0].words[1].parts.as_slice(),
        [WordPart::CommandSubst { backtick: true, .. }]
    ));
    // A substitution may span lines and hold a whole list.
    let cmd = one_command("docker rm $(\n  docker ps -aq --filter status=exited;\n  echo x\n)");
    let [WordPart::CommandSubst { script: inner, .. }] = cmd.words[2].parts.as_slice() else {
        panic!()
    };
    assert_eq!(inner.items.len(), 2);
}

#[test]
fn mount_with_quoted_substitution_is_one_word() {
    let cmd = one_command(r#"docker run -e "A=hello world" --mount type=bind,src="$(pwd)",dst=/app img"#);
    assert_eq!(cmd.words.len(), 7);
    let mount = &cmd.words[5];
    assert_eq!(mount.parts.len(), 3);
    assert_eq!(mount.parts[0], lit("type=bind,src="));
    assert!(matches!(&mount.parts[1], WordPart::DoubleQuoted(inner)
        if matches!(inner.as_slice(), [WordPart::CommandSubst { .. }])));
    assert_eq!(mount.parts[2], lit(",dst=/app"));
}

#[test]
fn tilde_prefixes() {
    let tilde = |u: &str| WordPart::Tilde(u.to_string());
    let w = one_command("cd ~").words;
    assert_eq!(w[1].parts, [tilde("")]);
    let w = one_command("ls ~/app ~root/x ~root a~ ~\"/x\" '~' \\~ --opt=~/z").words;
    assert_eq!(w[1].parts, [tilde(""), lit("/app")]);
    assert_eq!(w[2].parts, [tilde("root"), lit("/x")]);
    assert_eq!(w[3].parts, [tilde("root")]);
    assert_eq!(w[4].parts, [lit("a~")]);
    assert_eq!(w[5].parts[0], lit("~"));
    assert_eq!(w[6].parts, [WordPart::SingleQuoted("~".into())]);
    assert_eq!(w[7].parts, [lit("~")]);
    assert_eq!(w[8].parts, [lit("--opt=~/z")]);
    // After `=` and `:` in an assignment, and in an argument that looks like one (as bash).
    let cmd = one_command("P=~/bin:~/x echo a=~/y");
    assert_eq!(
        cmd.assignments[0].value.parts,
        [tilde(""), lit("/bin:"), tilde(""), lit("/x")]
    );
    assert_eq!(cmd.words[1].parts, [lit("a="), tilde(""), lit("/y")]);
}

#[test]
fn globs_are_marked() {
    let glob = |s: &str| WordPart::Glob(s.to_string());
    let w = one_command(r"rm *.txt file?.log [abc]* [!0-9]x \*.py '*' a[b [[:digit:]]").words;
    assert_eq!(w[1].parts, [glob("*"), lit(".txt")]);
    assert_eq!(w[2].parts, [lit("file"), glob("?"), lit(".log")]);
    assert_eq!(w[3].parts, [glob("[abc]"), glob("*")]);
    assert_eq!(w[4].parts, [glob("[!0-9]"), lit("x")]);
    assert_eq!(w[5].parts, [lit("*.py")]);
    assert!(!w[5].has_glob() && !w[6].has_glob());
    assert_eq!(w[7].parts, [lit("a[b")]);
    assert_eq!(w[8].parts, [glob("[[:digit:]]")]);
    assert!(w[1].has_glob());
}

// ----- lists, pipelines, redirections -----

#[test]
fn lists_and_and_or() {
    let s = script("docker build -t app . ; docker run app");
    assert_eq!(s.items.len(), 2);
    assert!(!s.items[0].background);

    let s = script(r#"echo "x" >> f.txt && cat f.txt || echo failed"#);
    assert_eq!(s.items.len(), 1);
    let and_or = &s.items[0].and_or;
    assert_eq!(
        and_or.rest.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        [Connector::And, Connector::Or]
    );
    let cmds = simple_commands(&s);
    assert_eq!(
        cmds[0].redirects,
        [Redirect {
            fd: None,
            op: RedirectOp::Append(Word::literal("f.txt"))
        }]
    );

    let s = script("docker pull redis\ndocker run -d redis\n\n");
    assert_eq!(s.items.len(), 2);
    // `&&` and `||` may be followed by newlines.
    let s = script("docker build -t app . &&\n\n  docker run app");
    assert_eq!(s.items[0].and_or.rest.len(), 1);
}

#[test]
fn background_is_recorded() {
    let s = script("docker logs -f web & sleep 1; echo done &");
    assert_eq!(s.items.len(), 3);
    assert!(s.items[0].background);
    assert!(!s.items[1].background);
    assert!(s.items[2].background);
    let s = script("a && b &");
    assert_eq!(s.items.len(), 1);
    assert!(s.items[0].background);
}

#[test]
fn pipelines_of_commands() {
    let s = script("docker ps | grep web | wc -l");
    let p = pipelines(&s);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].commands.len(), 3);
    assert!(!p[0].negated);

    let s = script("docker ps -a |\n  grep Exited");
    assert_eq!(pipelines(&s)[0].commands.len(), 2);

    let s = script("! docker ps | grep web");
    assert!(pipelines(&s)[0].negated);

    // `|&` is `2>&1 |`.
    let s = script("docker build . |& tail -3");
    let cmds = simple_commands(&s);
    assert_eq!(
        cmds[0].redirects,
        [Redirect {
            fd: Some(2),
            op: RedirectOp::DupOut(Word::literal("1"))
        }]
    );

    // A bare `!` is accepted, as bash does.
    let s = script("!");
    assert!(pipelines(&s)[0].negated);
}

#[test]
fn redirections() {
    let cmd = one_command("cmd >out 2>err 2>>log 2>&1 >&2 &>all &>>all2 <in 3>three >|clob <>rw <&0 >&- >& both");
    let expect = [
        (None, RedirectOp::Out(Word::literal("out"))),
        (Some(2), RedirectOp::Out(Word::literal("err"))),
        (Some(2), RedirectOp::Append(Word::literal("log"))),
        (Some(2), RedirectOp::DupOut(Word::literal("1"))),
        (None, RedirectOp::DupOut(Word::literal("2"))),
        (None, RedirectOp::OutErr(Word::literal("all"))),
        (None, RedirectOp::AppendOutErr(Word::literal("all2"))),
        (None, RedirectOp::In(Word::literal("in"))),
        (Some(3), RedirectOp::Out(Word::literal("three"))),
        (None, RedirectOp::Clobber(Word::literal("clob"))),
        (None, RedirectOp::ReadWrite(Word::literal("rw"))),
        (None, RedirectOp::DupIn(Word::literal("0"))),
        (None, RedirectOp::DupOut(Word::literal("-"))),
        // `>& word` with a non-number is `&> word`.
        (None, RedirectOp::OutErr(Word::literal("both"))),
    ];
    let got: Vec<_> = cmd.redirects.iter().map(|r| (r.fd, r.op.clone())).collect();
    assert_eq!(got, expect);
    assert_eq!(cmd.words.len(), 1);
    assert_eq!(cmd.redirects[3].effective_fd(), 2);
    assert_eq!(cmd.redirects[4].effective_fd(), 1);
    assert_eq!(cmd.redirects[7].effective_fd(), 0);

    // A number not touching the operator is an argument; redirections go anywhere.
    let cmd = one_command("echo 2 >x hello");
    assert_eq!(cmd.words.len(), 3);
    let cmd = one_command("> empty.txt");
    assert!(cmd.words.is_empty());
    assert_eq!(cmd.redirects.len(), 1);
    let cmd = one_command("grep web <<< \"$(docker ps)\"");
    assert!(matches!(cmd.redirects[0].op, RedirectOp::HereString(_)));
    let cmd = one_command("echo hi > \"my file.txt\"");
    assert_eq!(
        cmd.redirects[0].op.target().and_then(Word::as_literal).as_deref(),
        Some("my file.txt")
    );
}

#[test]
fn heredoc_with_expansion() {
    let src = "cat > app.py <<EOF\nimport os\nprint(\"hi $USER\", os.getenv('X'))\nEOF\n";
    let cmd = one_command(src);
    assert_eq!(cmd.redirects[0].op, RedirectOp::Out(Word::literal("app.py")));
    let [h] = heredocs(&cmd).try_into().unwrap();
    assert_eq!(h.delimiter, "EOF");
    assert!(!h.quoted && !h.strip_tabs);
    assert_eq!(
        h.body.parts,
        [lit("import os\nprint(\"hi "), var("USER"), lit("\", os.getenv('X'))\n")]
    );
}

#[test]
fn heredoc_bodies_follow_the_line_in_order() {
    let src = "cat <<A > a.txt; cat <<-B >b.txt\nline a\nA\n\tline b\n\t\tB\necho after";
    let s = script(src);
    assert_eq!(s.items.len(), 3);
    let cmds = simple_commands(&s);
    assert_eq!(heredocs(&cmds[0])[0].body, Word::literal("line a\n"));
    let b = &heredocs(&cmds[1])[0];
    assert!(b.strip_tabs);
    assert_eq!(b.body, Word::literal("line b\n"));
    assert_eq!(cmds[2].words.len(), 2);

    // The delimiter line without a final newline ends the document too.
    let cmd = one_command("cat <<EOF\nx\nEOF");
    assert_eq!(heredocs(&cmd)[0].body, Word::literal("x\n"));
    // An empty body.
    let cmd = one_command("cat <<EOF\nEOF\n");
    assert_eq!(heredocs(&cmd)[0].body, Word::default());
}

#[test]
fn quoted_heredoc_delimiters_disable_expansion() {
    for src in [
        "cat <<'EOF' > run.sh\necho $HOME `x` \\$y\nEOF",
        "cat <<\"EOF\" > run.sh\necho $HOME `x` \\$y\nEOF",
        "cat <<\\EOF > run.sh\necho $HOME `x` \\$y\nEOF",
        "cat <<E'O'F > run.sh\necho $HOME `x` \\$y\nEOF",
    ] {
        let cmd = one_command(src);
        let h = &heredocs(&cmd)[0];
        assert!(h.quoted, "{src}");
        assert_eq!(h.delimiter, "EOF", "{src}");
        assert_eq!(h.body, Word::literal("echo $HOME `x` \\$y\n"), "{src}");
    }
    let cmd = one_command("cat <<-'END'\n\tFROM python\n\tEND");
    assert_eq!(heredocs(&cmd)[0].body, Word::literal("FROM python\n"));
}

#[test]
fn heredoc_body_escapes_and_substitutions() {
    let cmd = one_command("cat <<EOF\n\\$HOME \\\\ \\a \"q\" 's' `echo bt` $(echo cs)\nEOF");
    let parts = &heredocs(&cmd)[0].body.parts;
    assert_eq!(parts[0], lit("$HOME \\ \\a \"q\" 's' "));
    assert!(matches!(parts[1], WordPart::CommandSubst { backtick: true, .. }));
    assert_eq!(parts[2], lit(" "));
    assert!(matches!(parts[3], WordPart::CommandSubst { backtick: false, .. }));
    assert_eq!(parts[4], lit("\n"));
}

#[test]
fn heredoc_in_pipelines_and_substitutions() {
    let s = script("cat <<EOF | grep web\nweb 1\ndb 2\nEOF\n");
    let cmds = simple_commands(&s);
    assert_eq!(cmds.len(), 2);
    assert_eq!(heredocs(&cmds[0])[0].body, Word::literal("web 1\ndb 2\n"));

    // The body starts after the newline that follows `&&`.
    let s = script("cat <<EOF &&\nhello\nEOF\necho done");
    let cmds = simple_commands(&s);
    assert_eq!(cmds.len(), 2);
    assert_eq!(heredocs(&cmds[0])[0].body, Word::literal("hello\n"));

    let cmd = one_command("X=$(cat <<EOF\ninside\nEOF\n)");
    let [WordPart::CommandSubst { script: inner, .. }] = cmd.assignments[0].value.parts.as_slice() else {
        panic!()
    };
    assert_eq!(heredocs(&simple_commands(inner)[0])[0].body, Word::literal("inside\n"));

    // Heredocs in a group get their bodies after the group's line.
    let s = script("{ cat <<A; cat <<B; } > both\na\nA\nb\nB\n");
    let cmds = simple_commands(&s);
    assert_eq!(heredocs(&cmds[0])[0].body, Word::literal("a\n"));
    assert_eq!(heredocs(&cmds[1])[0].body, Word::literal("b\n"));
}

#[test]
fn subshells_and_groups() {
    let s = script("(cd app && docker build -t app .) > build.log");
    let Command::Subshell { body, redirects } = &pipelines(&s)[0].commands[0] else {
        panic!()
    };
    assert_eq!(body.items[0].and_or.rest.len(), 1);
    assert_eq!(redirects.len(), 1);

    let s = script("{ echo a; echo b; } 2>&1 | wc -l");
    let p = pipelines(&s);
    assert_eq!(p[0].commands.len(), 2);
    let Command::Group { body, redirects } = &p[0].commands[0] else {
        panic!()
    };
    assert_eq!(body.items.len(), 2);
    assert_eq!(redirects.len(), 1);

    let s = script("{\n echo a\n echo b\n}");
    assert!(matches!(&pipelines(&s)[0].commands[0], Command::Group { body, .. } if body.items.len() == 2));
    // `}` and `{` are ordinary words elsewhere.
    assert_eq!(static_words("echo } { a}"), ["echo", "}", "{", "a}"]);
    let s = script("( (echo nested) )");
    assert!(matches!(&pipelines(&s)[0].commands[0], Command::Subshell { .. }));
}

// ----- errors -----

#[track_caller]
fn assert_syntax_error(src: &str, token: &str) {
    let e = err(src);
    assert_eq!(e.kind(), ParseErrorKind::UnexpectedToken, "{src:?}: {e:?}");
    assert_eq!(
        e.to_string(),
        format!("bash: syntax error near unexpected token `{token}'"),
        "{src:?}"
    );
}

#[test]
fn syntax_errors_use_bash_wording() {
    assert_syntax_error(";", ";");
    assert_syntax_error("docker ps ; ;", ";");
    assert_syntax_error("echo a ;;", ";;");
    assert_syntax_error(";;", ";;");
    assert_syntax_error("| grep web", "|");
    assert_syntax_error("docker ps | | wc", "|");
    assert_syntax_error("&& ls", "&&");
    assert_syntax_error("echo a && ; ls", ";");
    assert_syntax_error("echo >", "newline");
    assert_syntax_error("echo > ;", ";");
    assert_syntax_error("cat <<", "newline");
    assert_syntax_error("docker logs web 2>", "newline");
    assert_syntax_error("echo > \n", "newline");
    assert_syntax_error("( )", ")");
    assert_syntax_error("{ }", "}");
    assert_syntax_error("echo hi )", ")");
    assert_syntax_error(")", ")");
    assert_syntax_error("fi", "fi");
    assert_syntax_error("then", "then");
    assert_syntax_error("done", "done");
    assert_syntax_error("echo (hi)", "hi");
    assert_syntax_error("echo a (b)", "(");
    assert_syntax_error("{echo a; }", "}");
    assert_syntax_error("(echo a) b", "b");
    assert_syntax_error("echo a & ;", ";");
    assert_syntax_error("echo >>>x", ">");
}

#[test]
fn errors_carry_an_offset() {
    assert_eq!(err("docker ps ; ;").offset(), Some(12));
    assert_eq!(err("echo ${x y}").offset(), Some(5));
}

#[test]
fn unsupported_constructs_are_named() {
    let cases: &[(&str, Unsupported)] = &[
        ("if true; then echo; fi", Unsupported::Keyword("if".into())),
        ("for i in 1 2; do echo $i; done", Unsupported::Keyword("for".into())),
        ("while true; do :; done", Unsupported::Keyword("while".into())),
        ("case $x in a) ;; esac", Unsupported::Keyword("case".into())),
        ("[[ -f x ]]", Unsupported::Keyword("[[".into())),
        ("docker ps && time docker build .", Unsupported::Keyword("time".into())),
        ("f() { echo; }", Unsupported::FunctionDefinition),
        ("function f { echo; }", Unsupported::FunctionDefinition),
        ("echo $((1 + 2))", Unsupported::ArithmeticExpansion),
        ("((x++))", Unsupported::ArithmeticCommand),
        ("diff <(ls a) <(ls b)", Unsupported::ProcessSubstitution),
        ("a=(1 2 3)", Unsupported::ArrayAssignment),
        ("echo ${x/a/b}", Unsupported::ParamForm("${x/a/b}".into())),
        ("echo ${x:1:2}", Unsupported::ParamForm("${x:1:2}".into())),
        ("echo ${x^^}", Unsupported::ParamForm("${x^^}".into())),
        ("echo ${!x}", Unsupported::ParamForm("${!x}".into())),
        ("echo ${x[0]}", Unsupported::ParamForm("${x[0]}".into())),
    ];
    for (src, feature) in cases {
        let e = err(src);
        assert_eq!(e.kind(), ParseErrorKind::Unsupported, "{src}: {e:?}");
        let ParseError::Unsupported { feature: got, .. } = &e else {
            unreachable!()
        };
        assert_eq!(got, feature, "{src}");
        assert!(e.to_string().starts_with("dockyard: "), "{e}");
    }
    assert_eq!(
        err("if true; then echo; fi").to_string(),
        "dockyard: `if' compound commands are not supported by this shell"
    );
    assert_eq!(Unsupported::ArithmeticExpansion.id(), "arithmetic_expansion");
    // Keywords are keywords only where a command starts.
    assert_eq!(static_words("echo if for while"), ["echo", "if", "for", "while"]);
}

#[test]
fn bad_substitutions() {
    for (src, text) in [("echo ${}", "${}"), ("echo ${x y}", "${x y}"), ("echo ${x:}", "${x:}")] {
        let e = err(src);
        assert_eq!(e.kind(), ParseErrorKind::BadSubstitution, "{src}");
        assert_eq!(e.to_string(), format!("bash: {text}: bad substitution"));
    }
}

#[test]
fn error_kind_ids_are_stable() {
    assert_eq!(ParseErrorKind::Incomplete.as_str(), "incomplete");
    assert_eq!(err(";").kind().as_str(), "unexpected_token");
    assert_eq!(err("echo ${}").kind().as_str(), "bad_substitution");
    assert_eq!(err("if x").kind().as_str(), "unsupported");
    assert_eq!(err("echo 'x").kind().as_str(), "incomplete");
    assert_eq!(parse_eof("echo 'x").unwrap_err().kind().as_str(), "unexpected_eof");
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}x{}", "$(".repeat(200), ")".repeat(200));
    assert_eq!(err(&deep).kind(), ParseErrorKind::TooDeep);
    let deep = format!("echo {}x{}", "\"${x:-".repeat(200), "}\"".repeat(200));
    assert_eq!(err(&deep).kind(), ParseErrorKind::TooDeep);
    let deep = format!("{} echo {}", "( ".repeat(200), " )".repeat(200));
    assert_eq!(err(&deep).kind(), ParseErrorKind::TooDeep);
    let ok = format!("echo {}x{}", "$(echo ".repeat(10), ")".repeat(10));
    assert!(parse(&ok).is_ok());
}

// ----- incomplete input -----

#[track_caller]
fn assert_incomplete(src: &str, what: Incomplete) {
    assert_eq!(parse(src), Err(ParseError::Incomplete(what)), "{src:?}");
    assert!(needs_more_input(src), "{src:?}");
}

#[test]
fn incomplete_input_asks_for_more() {
    assert_incomplete("echo 'abc", Incomplete::SingleQuote);
    assert_incomplete("echo \"abc", Incomplete::DoubleQuote);
    assert_incomplete("echo \"abc\\", Incomplete::DoubleQuote);
    assert_incomplete("echo $'abc", Incomplete::AnsiCQuote);
    assert_incomplete("echo `docker ps", Incomplete::Backtick);
    assert_incomplete("docker rm $(docker ps -aq", Incomplete::CommandSubst);
    assert_incomplete("docker rm \"$(docker ps -aq", Incomplete::CommandSubst);
    assert_incomplete("echo ${HOME", Incomplete::ParamBrace);
    assert_incomplete("echo ${HOME:-x", Incomplete::ParamBrace);
    assert_incomplete("(cd app", Incomplete::Subshell);
    assert_incomplete("{ echo a;", Incomplete::Group);
    assert_incomplete("{ echo a }", Incomplete::Group);
    assert_incomplete(
        "cat > Dockerfile <<EOF",
        Incomplete::HereDoc {
            delimiter: "EOF".into(),
        },
    );
    assert_incomplete(
        "cat > Dockerfile <<EOF\nFROM python\n",
        Incomplete::HereDoc {
            delimiter: "EOF".into(),
        },
    );
    assert_incomplete(
        "cat <<-'END'\n\tx\n\tEN",
        Incomplete::HereDoc {
            delimiter: "END".into(),
        },
    );
    assert_incomplete("docker run \\", Incomplete::Backslash);
    assert_incomplete("docker ps |", Incomplete::Pipe);
    assert_incomplete("docker ps |\n", Incomplete::Pipe);
    assert_incomplete("docker ps | # comment\n", Incomplete::Pipe);
    assert_incomplete("docker build . &&", Incomplete::And);
    assert_incomplete("docker build . && \n\n", Incomplete::And);
    assert_incomplete("docker start web ||", Incomplete::Or);
}

#[test]
fn complete_input_does_not_ask_for_more() {
    for src in [
        "docker ps",
        "docker ps &",
        "docker ps;",
        "echo 'a\nb'",
        "docker ps |\ngrep web",
        "cat <<EOF\nx\nEOF\n",
        "echo \\\\",
        "echo a # open ' quote in a comment",
        "echo $",
    ] {
        assert!(!needs_more_input(src), "{src:?}");
        assert!(parse(src).is_ok(), "{src:?}");
    }
    // Errors are not incomplete input.
    assert!(!needs_more_input("docker ps ; ;"));
}

#[test]
fn lines_typed_one_by_one_complete_the_command() {
    let mut buffer = String::new();
    let lines = ["cat > app.py <<EOF", "print('hi')", "EOF"];
    for (i, line) in lines.iter().enumerate() {
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(line);
        assert_eq!(needs_more_input(&buffer), i + 1 < lines.len(), "{buffer:?}");
    }
    let cmd = one_command(&buffer);
    assert_eq!(heredocs(&cmd)[0].body, Word::literal("print('hi')\n"));
}

#[test]
fn end_of_input_errors() {
    let eof = |src: &str| parse_eof(src).unwrap_err().to_string();
    assert_eq!(
        eof("echo \"foo"),
        "bash: unexpected EOF while looking for matching `\"'"
    );
    assert_eq!(eof("echo 'foo"), "bash: unexpected EOF while looking for matching `''");
    assert_eq!(eof("echo $(ls"), "bash: unexpected EOF while looking for matching `)'");
    assert_eq!(eof("echo ${x"), "bash: unexpected EOF while looking for matching `}'");
    assert_eq!(eof("echo `ls"), "bash: unexpected EOF while looking for matching ``'");
    assert_eq!(eof("docker ps |"), "bash: syntax error: unexpected end of file");
    assert_eq!(eof("(echo"), "bash: syntax error: unexpected end of file");
    assert_eq!(eof("a &&"), "bash: syntax error: unexpected end of file");
    // The interactive error displays the same text.
    assert_eq!(
        err("docker ps |").to_string(),
        "bash: syntax error: unexpected end of file"
    );
}

#[test]
fn end_of_input_accepts_what_bash_accepts() {
    let parsed = parse_eof("cat <<EOF\nhi").unwrap();
    let cmd = simple_commands(&parsed.script)[0].clone();
    assert_eq!(heredocs(&cmd)[0].body, Word::literal("hi"));
    assert_eq!(
        parsed.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        ["bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"]
    );
    let parsed = parse_eof("echo a\ncat <<X").unwrap();
    assert_eq!(
        parsed.warnings,
        [ParseWarning::HereDocAtEof {
            delimiter: "X".into(),
            line: 2
        }]
    );
    let parsed = parse_eof("echo a\\").unwrap();
    let cmd = simple_commands(&parsed.script)[0].clone();
    assert_eq!(cmd.words[1], Word::literal("a\\"));
    let parsed = parse_eof("echo $(cat <<EOF)").unwrap();
    assert_eq!(parsed.warnings, [ParseWarning::HereDocInSubst { count: 1 }]);
    assert_eq!(
        parsed.warnings[0].to_string(),
        "bash: warning: command substitution: 1 unterminated here-document"
    );
    // Interactive parsing keeps asking for the body instead.
    assert_eq!(
        err("cat <<EOF").to_string(),
        "bash: here-document not terminated (wanted `EOF')"
    );
    // No line can end these documents: refused rather than swallowing the rest.
    for src in ["cat <<'a\nb'\nx", "cat <<-\"\tX\"\n\tX"] {
        let e = parse_eof(src).unwrap_err();
        assert_eq!(e.kind(), ParseErrorKind::Unsupported, "{src:?}");
    }
}

#[test]
fn seed_lines_all_parse() {
    // Every shell line from the course notes.
    let lines = [
        "docker pull python",
        "docker run -it python",
        "docker ps -a",
        "docker build .",
        "docker run -p 5000:80 0e0c44d8c8e1",
        "docker start -a контейнер",
        "docker rmi образ образ2",
        "docker --rm run контейнер",
        "docker build -t myImageName .",
        "docker run --name MyPostgres -e POSTGRES_PASSWORD=mysecretpassword -p 8090:8080 -d postgres",
        "docker exec test wget -qO- localhost:8888",
        "docker exec -it test /bin/sh",
        "curl localhost:8888",
        "docker tag python:3.11.5-alpine localhost:5000/python:3.11.5-alpine",
        "docker save python:3.11.5-alpine -o python.tar",
        "docker load -i python.tar",
        "export DOCKER_HOST=localhost:2375",
        "docker container kill $(docker ps -q) ",
        "docker container rm $(docker ps -a -q)",
        "docker image rm $(docker images -a -q) ",
        "docker system prune -a --volumes",
        "docker volume create —-name my_volume",
        "docker container run --mount source=my_volume, target=/container/path/for/volume my_image",
        "docker run --mount type=volume,source=volume_name,destination=/path/in/container,readonly my_image",
        "docker run -d -v my-volume:/path/to/volume -p 8080:80 my-image ",
        "docker run -e DB_HOST=remote-hostname-or-ip -e DB_PORT=1234 my-flask-app ",
        "pip install --upgrade pip && \\\n    pip install --no-cache-dir -r requirements.txt",
    ];
    for line in lines {
        let s = parse(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        assert!(!s.is_empty());
    }
}
