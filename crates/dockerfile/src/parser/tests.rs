use super::*;

fn hd(name: &str, content: &str, expand: bool, chomp: bool, fd: u64) -> Heredoc {
    Heredoc {
        name: name.to_string(),
        file_descriptor: fd,
        expand,
        chomp,
        content: content.to_string(),
    }
}

// Port of BuildKit's TestParseExtractsHeredoc.
#[test]
fn extracts_heredocs() {
    let src = "
FROM alpine:3.6

ENV NAME=me

RUN ls

USER <<INVALID
INVALID

RUN <<EMPTY
EMPTY

RUN 3<<EMPTY2
EMPTY2

RUN \"<<NOHEREDOC\"

RUN <<INDENT
\tfoo
\tbar
INDENT

RUN <<-UNINDENT
\tbaz
\tquux
UNINDENT

RUN <<-UNINDENT2
\tbaz
\tquux
\tUNINDENT2

RUN <<-EXPAND
\texpand $NAME
EXPAND

RUN <<-'NOEXPAND'
\tdon't expand $NAME
NOEXPAND

RUN <<COPY
echo hello world
echo foo bar
COPY

RUN <<COMMENT
# internal comment
echo hello world
echo foo bar # trailing comment
COMMENT

RUN --mount=type=cache,target=/foo <<MOUNT
echo hello
MOUNT

COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2

COPY <<X <<Y /dest
Y
X
X
Y
\t";
    let expected: Vec<Vec<Heredoc>> = vec![
        vec![],                                 // ENV
        vec![],                                 // RUN ls
        vec![],                                 // USER <<INVALID
        vec![],                                 // INVALID
        vec![hd("EMPTY", "", true, false, 0)],  // RUN <<EMPTY
        vec![hd("EMPTY2", "", true, false, 3)], // RUN 3<<EMPTY2
        vec![],                                 // RUN "<<NOHEREDOC"
        vec![hd("INDENT", "\tfoo\n\tbar\n", true, false, 0)],
        vec![hd("UNINDENT", "\tbaz\n\tquux\n", true, true, 0)],
        vec![hd("UNINDENT2", "\tbaz\n\tquux\n", true, true, 0)],
        vec![hd("EXPAND", "\texpand $NAME\n", true, true, 0)],
        vec![hd("NOEXPAND", "\tdon't expand $NAME\n", false, true, 0)],
        vec![hd("COPY", "echo hello world\necho foo bar\n", true, false, 0)],
        vec![hd(
            "COMMENT",
            "# internal comment\necho hello world\necho foo bar # trailing comment\n",
            true,
            false,
            0,
        )],
        vec![hd("MOUNT", "echo hello\n", true, false, 0)],
        vec![
            hd("FILE1", "content 1\n", true, false, 0),
            hd("FILE2", "content 2\n", true, false, 0),
        ],
        vec![hd("X", "Y\n", true, false, 0), hd("Y", "X\n", true, false, 0)],
    ];
    let ast = parse(src).unwrap();
    assert_eq!(ast.children.len(), expected.len() + 1);
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(&ast.children[i + 1].heredocs, want, "child {}", i + 1);
    }
    // Line ranges include the heredoc bodies.
    let copy = &ast.children[16];
    assert_eq!(copy.value, "COPY");
    assert_eq!(copy.lines, LineRange::new(57, 61));
}

// Port of BuildKit's TestParseJSONHeredoc.
#[test]
fn json_form_has_no_heredocs() {
    let ast = parse("FROM alpine:3.6\nRUN [\"whoami\"]\nRUN [\"<<EOF\"]\nRUN [\"<<'EOF'\"]\n").unwrap();
    for child in &ast.children[1..] {
        assert!(child.heredocs.is_empty());
    }
    assert_eq!(ast.children.len(), 4);
}

// Port of BuildKit's TestHeredocChomp.
#[test]
fn heredoc_chomp() {
    assert_eq!(chomp_heredoc_content("\thello\n\tworld\n"), "hello\nworld\n");
    assert_eq!(chomp_heredoc_content("\t\ta\n b\n\tc"), "a\n b\nc");
}

// Port of BuildKit's TestParseHeredocHelpers.
#[test]
fn heredoc_helpers() {
    for src in ["<<EOF", "<<'EOF'", "<<\"EOF\"", "<<-EOF", "<<-'EOF'", "<<-\"EOF\""] {
        let h = parse_heredoc(src).unwrap().unwrap();
        assert_eq!(h.name, "EOF", "{src}");
    }
    for src in ["<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""] {
        assert!(parse_heredoc(src).is_err(), "{src}");
    }
    for src in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF"] {
        assert_eq!(parse_heredoc(src).unwrap(), None, "{src}");
    }
    assert!(!parse_heredoc("<<'EOF'").unwrap().unwrap().expand);
    assert!(!parse_heredoc("<<E\"O\"F").unwrap().unwrap().expand);
    assert!(parse_heredoc("<<EOF").unwrap().unwrap().expand);
    assert_eq!(parse_heredoc("12<<EOF").unwrap().unwrap().file_descriptor, 12);
}

// Port of BuildKit's TestHeredocsFromLine.
#[test]
fn heredocs_from_lines() {
    let cases: [(&str, &[&str]); 7] = [
        ("RUN <<EOF", &["EOF"]),
        ("RUN <<-EOF", &["EOF"]),
        ("RUN <<'EOF'", &["EOF"]),
        ("RUN 4<<EOF", &["EOF"]),
        ("RUN <<EOF <<EOF2", &["EOF", "EOF2"]),
        ("RUN '<<EOF'", &[]),
        ("RUN \"<<EOF\"", &[]),
    ];
    for (line, names) in cases {
        let docs = heredoc::heredocs_from_line(line).unwrap();
        let got: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(got, names, "{line}");
    }
}

#[test]
fn unterminated_heredoc() {
    let err = parse("FROM a\nRUN <<EOF\necho hi\n").unwrap_err();
    assert_eq!(err.to_string(), "unterminated heredoc");
    assert_eq!(err.kind(), "unterminated-heredoc");
    assert_eq!(err.lines(), Some(LineRange::new(2, 3)));
}

#[test]
fn onbuild_heredoc_and_dump() {
    let ast = parse("FROM a\nONBUILD RUN <<EOF\nhello\nEOF\n").unwrap();
    let ob = &ast.children[1];
    assert_eq!(ob.heredocs.len(), 1);
    assert_eq!(ob.heredocs[0].content, "hello\n");
    assert_eq!(ob.dump(), "onbuild (run \"<<EOF\")");
    assert_eq!(ob.arg_strings(), vec!["RUN", "<<EOF"]);
    assert_eq!(ob.lines, LineRange::new(2, 4));
}

#[test]
fn directives_are_recognised() {
    let ast = parse("# syntax=docker/dockerfile:1\n# check=skip=all\n#escape=`\nFROM a\nRUN a `\n  b\n").unwrap();
    assert_eq!(ast.escape_token, '`');
    assert_eq!(ast.directive("syntax"), Some("docker/dockerfile:1"));
    assert_eq!(ast.directive("check"), Some("skip=all"));
    assert_eq!(ast.directives[2].line, 3);
    assert_eq!(ast.dump(), "(from \"a\")\n(run \"a   b\")");
    // A directive after anything else is just a comment.
    let ast = parse("FROM a\n# escape=`\nRUN a \\\n b\n").unwrap();
    assert_eq!(ast.escape_token, '\\');
    assert!(ast.directives.is_empty());
    // Upper case keys, white space around `=`, leading white space.
    let ast = parse("  # ESCAPE = `\nFROM a\n").unwrap();
    assert_eq!(ast.escape_token, '`');
    // A blank line ends the directive block.
    let ast = parse("\n# escape=`\nFROM a\n").unwrap();
    assert_eq!(ast.escape_token, '\\');
    // Unknown directive ends the block.
    let ast = parse("# foo=bar\n# escape=`\nFROM a\n").unwrap();
    assert_eq!(ast.escape_token, '\\');
}

#[test]
fn directive_errors() {
    let err = parse("# escape=x\nFROM a\n").unwrap_err();
    assert_eq!(err.to_string(), "invalid escape token 'x' does not match ` or \\");
    assert_eq!(err.kind(), "invalid-escape-token");
    let err = parse("# escape=`\n# escape=\\\nFROM a\n").unwrap_err();
    assert_eq!(err.to_string(), "only one escape parser directive can be used");
    // BuildKit reports the line before the duplicate (its counter is not yet incremented).
    assert_eq!(err.lines(), Some(LineRange::line(1)));
}

#[test]
fn continuation_edge_cases() {
    let ast = parse("FROM a\nRUN echo \\\n# comment\n\n  next\n").unwrap();
    assert_eq!(ast.children[1].dump(), "run \"echo   next\"");
    assert_eq!(ast.children[1].lines, LineRange::new(2, 5));
    assert_eq!(ast.warnings.len(), 1);
    assert_eq!(
        ast.warnings[0].short,
        "Empty continuation line found in: RUN echo   next"
    );
    // An escaped escape at the end is not a continuation.
    let ast = parse("FROM a\nENV A b\\\\\nENV B c\n").unwrap();
    assert_eq!(ast.children.len(), 3);
    // CRLF line endings.
    let ast = parse("FROM a\r\nRUN a \\\r\n b\r\n").unwrap();
    assert_eq!(ast.dump(), "(from \"a\")\n(run \"a  b\")");
    // Continuation at end of file.
    let ast = parse("FROM a\nRUN a \\").unwrap();
    assert_eq!(ast.children[1].dump(), "run \"a\"");
}

#[test]
fn comments_before_instructions() {
    let ast = parse("# syntax=x\n# first\n#second\nFROM a\n\n# stage\nARG B\n").unwrap();
    assert_eq!(ast.children[0].prev_comment, vec!["first", "second"]);
    assert_eq!(ast.children[1].prev_comment, vec!["stage"]);
}

#[test]
fn bom_and_case() {
    let ast = parse("\u{feff}from a\nRuN x\n").unwrap();
    assert_eq!(ast.children[0].value, "from");
    assert_eq!(ast.dump(), "(from \"a\")\n(run \"x\")");
}

#[test]
fn no_instructions() {
    for src in ["", "\n\n", "# just a comment\n", "   \n\t\n"] {
        let err = parse(src).unwrap_err();
        assert_eq!(err.to_string(), "file with no instructions", "{src:?}");
        assert_eq!(err.kind(), "no-instructions");
    }
    assert_eq!(parse("# a\n# b\n\n").unwrap_err().lines(), Some(LineRange::line(3)));
}

#[test]
fn unknown_instruction_parses_with_empty_argument() {
    let ast = parse("FOO bar baz\n").unwrap();
    assert_eq!(ast.dump(), "(foo \"\")");
}

#[test]
fn json_and_shell_forms() {
    let ast =
        parse("CMD [\"a\", \"b\"]\nCMD a b\nENTRYPOINT []\nCMD [\"a\", 1\nVOLUME [\"/a\"] \nVOLUME /a /b\n").unwrap();
    assert!(ast.children[0].json);
    assert!(!ast.children[1].json);
    assert_eq!(
        ast.dump(),
        "(cmd \"a\" \"b\")\n(cmd \"a b\")\n(entrypoint)\n(cmd \"[\\\"a\\\", 1\")\n(volume \"/a\")\n(volume \"/a\" \"/b\")"
    );
    let err = parse("CMD [\"a\", 1]\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
    assert_eq!(err.lines(), Some(LineRange::line(1)));
}

#[test]
fn env_forms() {
    let ast = parse("ENV a b c\nENV a=b c=\"d e\"\nLABEL x=\n").unwrap();
    assert_eq!(
        ast.dump(),
        "(env \"a\" \"b c\" \"\")\n(env \"a\" \"b\" \"=\" \"c\" \"\\\"d e\\\"\" \"=\")\n(label \"x\" \"\" \"=\")"
    );
    let err = parse("ENV a=b c\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Syntax error - can't find = in \"c\". Must be of the form: name=value"
    );
    let err = parse("FROM a\nLABEL single\n").unwrap_err();
    assert_eq!(err.to_string(), "LABEL must have two arguments");
    assert_eq!(err.lines(), Some(LineRange::line(2)));
}

#[test]
fn long_lines_are_rejected_like_bufio_scanner() {
    let ok = format!("FROM a\nRUN {}\n", "x".repeat(MAX_LINE - 5));
    assert!(parse(&ok).is_ok());
    let too_long = format!("FROM a\nRUN {}\n", "x".repeat(MAX_LINE - 4));
    let err = parse(&too_long).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dockerfile line greater than max allowed size of 65535"
    );
    let only_long = "x".repeat(MAX_LINE);
    assert_eq!(parse(&only_long).unwrap_err().kind(), "no-instructions");
}

#[test]
fn deep_onbuild_nesting_does_not_recurse_forever() {
    // Continuation lines make a logical line far longer than one physical line may be.
    let src = format!("{}RUN x\n", "ONBUILD \\\n".repeat(10_000));
    let ast = parse(&src).unwrap();
    let dump = ast.dump();
    assert!(dump.starts_with("(onbuild (onbuild"));
    assert_eq!(ast.children[0].arg_strings()[0], "ONBUILD");
}

#[test]
fn directive_regex_edge_cases() {
    assert_eq!(match_directive("escape=`"), Some(("escape", "`")));
    assert_eq!(match_directive("escape =  ` \t"), Some(("escape", "`")));
    assert_eq!(match_directive("escape=   "), Some(("escape", " ")));
    assert_eq!(match_directive("escape="), None);
    assert_eq!(match_directive("1escape=x"), None);
    assert_eq!(match_directive("esc ape=x"), None);
    assert_eq!(match_directive("syntax=a b"), Some(("syntax", "a b")));
}

// Port of BuildKit's TestParseWords.
#[test]
fn parse_words_like_buildkit() {
    let cases: [(&str, &[&str]); 8] = [
        ("foo", &["foo"]),
        ("foo bar", &["foo", "bar"]),
        ("foo\\ bar", &["foo\\ bar"]),
        ("foo=bar", &["foo=bar"]),
        ("foo bar 'abc xyz'", &["foo", "bar", "'abc xyz'"]),
        ("foo bar \"abc xyz\"", &["foo", "bar", "\"abc xyz\""]),
        ("àöû", &["àöû"]),
        ("föo bàr \"âbc xÿz\"", &["föo", "bàr", "\"âbc xÿz\""]),
    ];
    for (input, want) in cases {
        let ast = parse(&format!("ARG {input}\n")).unwrap();
        assert_eq!(ast.children[0].arg_strings(), want, "{input}");
    }
}

// Port of BuildKit's TestParseWarnsOnEmptyContinutationLine.
#[test]
fn warns_on_empty_continuation_lines() {
    let src = "
FROM alpine:3.6

RUN something \\

    following \\

    more

RUN another \\

    thing
RUN non-indented \\
# this is a comment
   after-comment

RUN indented \\
    # this is an indented comment
    comment
\t";
    let ast = parse(src).unwrap();
    assert_eq!(ast.warnings.len(), 2);
    assert!(ast.warnings[0].short.contains("Empty continuation line found in"));
    assert!(ast.warnings[0].short.contains("RUN something     following     more"));
    assert!(ast.warnings[1].short.contains("RUN another     thing"));
    assert_eq!(ast.warnings[0].line, 8);
    assert_eq!(ast.children[3].dump(), "run \"non-indented    after-comment\"");
    assert_eq!(ast.children[4].dump(), "run \"indented     comment\"");
}

// Port of BuildKit's TestParseReturnsScannerErrors.
#[test]
fn returns_scanner_errors() {
    let label = "a".repeat(MAX_LINE);
    let src = format!("\n\t\tFROM image\n\t\tLABEL test={label}\n");
    let err = parse(&src).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dockerfile line greater than max allowed size of 65535"
    );
    assert_eq!(err.kind(), "line-too-long");
}

// In the spirit of BuildKit's TestParseIncludesLineNumbers.
#[test]
fn includes_line_numbers() {
    let src = "# comment\n\n# another\n\nFROM busybox\n\n# x\n\n\n\nRUN echo \\\n  hi\n\n\n\n\nRUN <<EOF\nline 1\nline 2\nEOF\n";
    let ast = parse(src).unwrap();
    let got: Vec<LineRange> = ast.children.iter().map(|c| c.lines).collect();
    assert_eq!(
        got,
        vec![LineRange::line(5), LineRange::new(11, 12), LineRange::new(17, 20)]
    );
}
