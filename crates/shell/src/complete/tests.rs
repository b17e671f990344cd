//! Completion context tests on partial lines, as a completer sees them at each Tab.

use crate::*;

fn at_end(line: &str) -> CursorContext {
    cursor_context(line, line.len())
}

#[track_caller]
fn check(line: &str, words: &[&str], partial: &str, start: usize, kind: CompletionKind) {
    let ctx = at_end(line);
    assert_eq!(ctx.words, words, "{line:?}: {ctx:?}");
    assert_eq!(ctx.partial, partial, "{line:?}: {ctx:?}");
    assert_eq!(ctx.start, start, "{line:?}: {ctx:?}");
    assert_eq!(ctx.kind, kind, "{line:?}: {ctx:?}");
}

#[test]
fn command_name_and_arguments() {
    check("", &[], "", 0, CompletionKind::Command);
    check("dock", &[], "dock", 0, CompletionKind::Command);
    check("docker ru", &["docker"], "ru", 7, CompletionKind::Argument);
    check("docker run ", &["docker", "run"], "", 11, CompletionKind::Argument);
    check(
        "docker run -d --na",
        &["docker", "run", "-d"],
        "--na",
        14,
        CompletionKind::Argument,
    );
    check("  docker   ps  -", &["docker", "ps"], "-", 15, CompletionKind::Argument);
    check(
        "docker stop имя_",
        &["docker", "stop"],
        "имя_",
        12,
        CompletionKind::Argument,
    );
}

#[test]
fn the_cursor_may_be_inside_the_line() {
    let line = "docker run nginx";
    let ctx = cursor_context(line, 9);
    assert_eq!(ctx.words, ["docker"]);
    assert_eq!(ctx.partial, "ru");
    assert_eq!(ctx.start, 7);
    // Past the end, or inside a character, is clamped.
    assert_eq!(cursor_context(line, 100).partial, "nginx");
    let ctx = cursor_context("эхо", 1);
    assert_eq!(ctx.partial, "");
    assert_eq!(cursor_context("эхо", 2).partial, "э");
}

#[test]
fn quotes_are_removed_and_reported() {
    let ctx = at_end(r#"docker run -e "A=hello wor"#);
    assert_eq!(ctx.words, ["docker", "run", "-e"]);
    assert_eq!(ctx.partial, "A=hello wor");
    assert_eq!(ctx.start, 14);
    assert_eq!(ctx.quote, Some(QuoteKind::Double));

    let ctx = at_end("docker logs 'my con");
    assert_eq!(ctx.partial, "my con");
    assert_eq!(ctx.quote, Some(QuoteKind::Single));

    let ctx = at_end(r#"docker exec "my web" l"#);
    assert_eq!(ctx.words, ["docker", "exec", "my web"]);
    assert_eq!(ctx.partial, "l");
    assert_eq!(ctx.quote, None);

    let ctx = at_end(r"docker rm my\ co");
    assert_eq!(ctx.partial, "my co");
    assert_eq!(ctx.start, 10);

    let ctx = at_end("echo $'a\\tb");
    assert_eq!(ctx.quote, Some(QuoteKind::AnsiC));
    assert_eq!(ctx.partial, "a\tb");
}

#[test]
fn only_the_current_command_counts() {
    check("docker ps | grep w", &["grep"], "w", 17, CompletionKind::Argument);
    check(
        "docker ps -a && docker rm ",
        &["docker", "rm"],
        "",
        26,
        CompletionKind::Argument,
    );
    check(
        "docker build .; docker r",
        &["docker"],
        "r",
        23,
        CompletionKind::Argument,
    );
    check("sleep 1 & dock", &[], "dock", 10, CompletionKind::Command);
    check("(cd app && docker b", &["docker"], "b", 18, CompletionKind::Argument);
    check("echo a\ndocker im", &["docker"], "im", 14, CompletionKind::Argument);
}

#[test]
fn inside_command_substitution() {
    check(
        "docker rm -f $(docker ps -",
        &["docker", "ps"],
        "-",
        25,
        CompletionKind::Argument,
    );
    check("docker rm $(", &[], "", 12, CompletionKind::Command);
    check("echo `docker p", &["docker"], "p", 13, CompletionKind::Argument);
    check(
        "echo \"$(docker ps -",
        &["docker", "ps"],
        "-",
        18,
        CompletionKind::Argument,
    );
    // After the substitution closes, its text is part of the outer word.
    let ctx = at_end("docker rm $(docker ps -q) we");
    assert_eq!(ctx.words, ["docker", "rm", "$(docker ps -q)"]);
    assert_eq!(ctx.partial, "we");
    let ctx = at_end(r#"docker run -v "$(pwd)":/a"#);
    assert_eq!(ctx.partial, "$(pwd):/a");
    assert_eq!(ctx.quote, None);
}

#[test]
fn assignments_and_redirections_are_left_out() {
    check("DOCKER_HOST=x docker p", &["docker"], "p", 21, CompletionKind::Argument);
    check("A=fo", &[], "A=fo", 0, CompletionKind::Assignment);
    check(
        "docker logs web > lo",
        &["docker", "logs", "web"],
        "lo",
        18,
        CompletionKind::RedirectTarget,
    );
    check(
        "docker logs web 2>",
        &["docker", "logs", "web"],
        "",
        18,
        CompletionKind::RedirectTarget,
    );
    check("cat < ", &["cat"], "", 6, CompletionKind::RedirectTarget);
    check("docker logs web 2>&1 | gr", &[], "gr", 23, CompletionKind::Command);
    check("cat > out.txt doc", &["cat"], "doc", 14, CompletionKind::Argument);
    check(
        "echo x &>> lo",
        &["echo", "x"],
        "lo",
        11,
        CompletionKind::RedirectTarget,
    );
    // `export A=b`: an argument, not an assignment.
    check("export A=", &["export"], "A=", 7, CompletionKind::Argument);
}

#[test]
fn variables() {
    check("echo $DOC", &["echo"], "DOC", 6, CompletionKind::Variable);
    check("echo ${DOCKER_H", &["echo"], "DOCKER_H", 7, CompletionKind::Variable);
    check("echo \"$HO", &["echo"], "HO", 7, CompletionKind::Variable);
    check("echo $", &["echo"], "", 6, CompletionKind::Variable);
    // A finished variable is just text of the word.
    let ctx = at_end("echo $HOME/ap");
    assert_eq!(ctx.partial, "$HOME/ap");
    assert_eq!(ctx.kind, CompletionKind::Argument);
}

#[test]
fn nothing_to_complete_in_comments_and_heredocs() {
    check("docker ps # list co", &[], "", 19, CompletionKind::Nothing);
    assert_eq!(at_end("cat <<EOF\nFROM pyt").kind, CompletionKind::Nothing);
    assert_eq!(at_end("cat <<").kind, CompletionKind::Nothing);
    // After the body, completion works again.
    check(
        "cat <<EOF\nx\nEOF\ndocker p",
        &["docker"],
        "p",
        23,
        CompletionKind::Argument,
    );
    check("cat <<-EOF\n\tx\n\tEOF\nls", &[], "ls", 19, CompletionKind::Command);
    check(
        "docker ps # c\ndocker i",
        &["docker"],
        "i",
        21,
        CompletionKind::Argument,
    );
}

#[test]
fn invalid_lines_still_give_a_context() {
    for line in [
        ")",
        ") docker p",
        "; ;",
        "echo )) (",
        "`",
        "$(",
        "${",
        "'",
        "\"",
        "\\",
        "<<",
        "a |& b",
    ] {
        let _ = at_end(line);
    }
    check(") docker p", &["docker"], "p", 9, CompletionKind::Argument);
}
