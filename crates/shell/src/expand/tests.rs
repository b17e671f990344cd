//! Expansion tests against a mock environment, checked against what bash prints.

use crate::test_util::*;
use crate::*;

fn env() -> MockEnv {
    MockEnv::new()
}

fn no_split(src: &str, env: &mut MockEnv) -> String {
    let word = one_command(&format!("echo {src}")).words.pop().unwrap();
    expand_word_no_split(&word, env).unwrap()
}

#[test]
fn command_substitution_is_split_into_arguments() {
    let mut env = env();
    assert_eq!(
        argv("docker rm -f $(docker ps -aq)", &mut env),
        ["docker", "rm", "-f", "3f2a", "9b1c"]
    );
    assert_eq!(env.substituted, ["docker ps -aq"]);
    // Quoted: one argument, trailing newlines removed, inner ones kept.
    assert_eq!(argv("echo \"$(docker ps -aq)\"", &mut env), ["echo", "3f2a\n9b1c"]);
    assert_eq!(argv("echo `docker ps -aq`", &mut env), ["echo", "3f2a", "9b1c"]);
    // An empty substitution gives no argument.
    assert_eq!(argv("docker rm $(true)", &mut env), ["docker", "rm"]);
    assert_eq!(argv("echo $(echo $(echo deep))", &mut env), ["echo", "deep"]);
}

#[test]
fn mount_and_env_flags() {
    let mut env = env();
    assert_eq!(
        argv(
            r#"docker run -e "A=hello world" --mount type=bind,src="$(pwd)",dst=/app img"#,
            &mut env
        ),
        [
            "docker",
            "run",
            "-e",
            "A=hello world",
            "--mount",
            "type=bind,src=/home/student/app,dst=/app",
            "img"
        ]
    );
    assert_eq!(
        argv("docker run -v $(pwd):/app -e USER=$USER img", &mut env),
        [
            "docker",
            "run",
            "-v",
            "/home/student/app:/app",
            "-e",
            "USER=student",
            "img"
        ]
    );
}

#[test]
fn empty_and_unset_values() {
    let mut env = env();
    assert_eq!(argv("echo $UNSET $EMPTY", &mut env), ["echo"]);
    assert_eq!(argv("echo \"$UNSET\" '' \"\"", &mut env), ["echo", "", "", ""]);
    assert_eq!(argv("echo a$UNSET \"\"$EMPTY", &mut env), ["echo", "a", ""]);
}

#[test]
fn field_splitting_on_ifs() {
    let mut env = env();
    assert_eq!(
        argv("printf $SPACED \"$SPACED\"", &mut env),
        ["printf", "a", "b", "  a  b "]
    );
    let mut env = MockEnv::new().with("IFS", ":").with("X", "a::b:");
    assert_eq!(argv("echo $X", &mut env), ["echo", "a", "", "b"]);
    let mut env = MockEnv::new().with("IFS", " :").with("X", " :a : b ");
    assert_eq!(argv("echo $X", &mut env), ["echo", "", "a", "b"]);
    let mut env = MockEnv::new().with("IFS", "").with("X", "a b");
    assert_eq!(argv("echo $X", &mut env), ["echo", "a b"]);
    // Literal text is never split, even when it holds IFS characters.
    let mut env = MockEnv::new().with("IFS", "o");
    assert_eq!(argv("echo foo", &mut env), ["echo", "foo"]);
    // Joined to literal text, split expansions extend the neighbouring fields.
    let mut env = MockEnv::new().with("X", "1 2");
    assert_eq!(argv("echo a$X\"b c\"", &mut env), ["echo", "a1", "2b c"]);
}

#[test]
fn parameter_operators() {
    let mut env = env();
    assert_eq!(
        argv("echo ${UNSET:-def} ${EMPTY:-def} ${EMPTY-def} ${USER:-def}", &mut env),
        ["echo", "def", "def", "student"]
    );
    assert_eq!(
        argv("echo ${USER:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}", &mut env),
        ["echo", "alt", "alt"]
    );
    assert_eq!(argv("echo ${#USER} ${#UNSET} ${#}", &mut env), ["echo", "7", "0", "1"]);
    assert_eq!(argv("echo ${NEW:=made} $NEW", &mut env), ["echo", "made", "made"]);
    assert_eq!(env.vars.get("NEW").map(String::as_str), Some("made"));
    assert_eq!(
        argv(
            "echo ${FILE%.*} ${FILE%%.*} ${FILE#*.} ${FILE##*.} ${FILE%.zip}",
            &mut env
        ),
        ["echo", "a.tar", "a", "tar.gz", "gz", "a.tar.gz"]
    );
    // A quoted pattern is literal.
    let mut env = MockEnv::new().with("P", "*x*");
    assert_eq!(argv("echo \"${P#\"*\"}\" \"${P#*}\"", &mut env), ["echo", "x*", "*x*"]);
    // Unquoted, the word of `${x:-word}` is split; quoted parts of it are not.
    let mut env = self::env();
    assert_eq!(argv("echo ${U:-a b}", &mut env), ["echo", "a", "b"]);
    assert_eq!(argv("echo \"${U:-a b}\"", &mut env), ["echo", "a b"]);
    assert_eq!(argv("echo ${U:-\"a b\"} c", &mut env), ["echo", "a b", "c"]);
    assert_eq!(argv("echo ${U:-a\\ b}", &mut env), ["echo", "a b"]);
    assert_eq!(argv("echo \"${U:-'q'}\"", &mut env), ["echo", "'q'"]);
    assert_eq!(argv("echo \"${U:-\\}}\"", &mut env), ["echo", "}"]);
    assert_eq!(
        argv("echo ${U:-${EMPTY:-$(pwd)}}", &mut env),
        ["echo", "/home/student/app"]
    );
}

#[test]
fn special_parameters() {
    let mut env = env();
    env.status = 125;
    assert_eq!(
        argv("echo $? $$ $0 $1 ${1} $10 $#", &mut env),
        ["echo", "125", "4242", "bash", "first", "first", "first0", "1"]
    );
}

#[test]
fn parameter_errors_use_bash_wording() {
    let mut env = env();
    let fail = |src: &str, env: &mut MockEnv| {
        let cmd = one_command(src);
        expand_words(&cmd.words, env).unwrap_err()
    };
    let e = fail("echo ${UNSET:?}", &mut env);
    assert_eq!(e.to_string(), "bash: UNSET: parameter null or not set");
    assert_eq!(e.kind(), "parameter_unset");
    assert_eq!(
        fail("echo ${UNSET?}", &mut env).to_string(),
        "bash: UNSET: parameter not set"
    );
    assert_eq!(
        fail("echo ${EMPTY:?set it first}", &mut env).to_string(),
        "bash: EMPTY: set it first"
    );
    assert!(argv("echo ${EMPTY?}", &mut env) == ["echo"]);
    let e = fail("echo ${2:=x}", &mut env);
    assert_eq!(e.to_string(), "bash: $2: cannot assign in this way");
    assert_eq!(e.kind(), "cannot_assign");
    // Set parameters are fine even when they cannot be assigned.
    assert_eq!(argv("echo ${?:=1}", &mut env), ["echo", "0"]);
}

#[test]
fn tilde_expansion() {
    let mut env = env();
    assert_eq!(
        argv("ls ~ ~/app \"~\" '~' \\~ ~root a~ --x=~/y", &mut env),
        [
            "ls",
            "/home/student",
            "/home/student/app",
            "~",
            "~",
            "~",
            "~root",
            "a~",
            "--x=~/y"
        ]
    );
    assert_eq!(argv("echo a=~/y", &mut env), ["echo", "a=/home/student/y"]);
    let cmd = one_command("P=~/bin:~/x");
    assert_eq!(
        expand_word_no_split(&cmd.assignments[0].value, &mut env).unwrap(),
        "/home/student/bin:/home/student/x"
    );
    assert_eq!(argv("echo ${U:-~/d}", &mut env), ["echo", "/home/student/d"]);
}

#[test]
fn pathname_expansion() {
    let mut env = env();
    assert_eq!(
        argv("rm *.txt", &mut env),
        ["rm", "notes.txt", "requirements.txt", "todo.txt"]
    );
    assert_eq!(argv("ls src/*.py", &mut env), ["ls", "src/main.py", "src/util.py"]);
    assert_eq!(argv("ls [nt]o*.txt", &mut env), ["ls", "notes.txt", "todo.txt"]);
    assert_eq!(argv("ls ?pp.py", &mut env), ["ls", "app.py"]);
    // No match: the word stays as written, quotes removed.
    assert_eq!(argv("rm *.go \"x\"*.go", &mut env), ["rm", "*.go", "x*.go"]);
    // Quoted or escaped pattern characters do not glob.
    assert_eq!(
        argv("echo '*.txt' \"*.txt\" \\*.txt", &mut env),
        ["echo", "*.txt", "*.txt", "*.txt"]
    );
    // A partly quoted pattern matches the quoted part literally.
    assert_eq!(argv("echo \"todo\"*", &mut env), ["echo", "todo.txt"]);
    // Unquoted expansions glob, quoted ones do not (bash).
    assert_eq!(
        argv("echo $STAR \"$STAR\"", &mut env),
        ["echo", "notes.txt", "requirements.txt", "todo.txt", "*.txt"]
    );
    // Hidden files need an explicit dot.
    assert_eq!(argv("echo .e*", &mut env), ["echo", ".env"]);
    assert!(!argv("echo *", &mut env).contains(&".env".to_string()));
    // Assignments and no-split expansion never glob.
    let cmd = one_command("A=*.txt");
    assert_eq!(
        expand_word_no_split(&cmd.assignments[0].value, &mut env).unwrap(),
        "*.txt"
    );
}

#[test]
fn quoting_forms() {
    let mut env = env();
    assert_eq!(
        argv(r#"echo '$HOME' "$HOME" \$HOME $'a\tb' "a\"b" 'a'"b"$'c'"#, &mut env),
        ["echo", "$HOME", "/home/student", "$HOME", "a\tb", "a\"b", "abc"]
    );
}

#[test]
fn no_split_expansion_for_targets_and_assignments() {
    let mut env = env();
    assert_eq!(no_split("\"$(pwd)\"/out.txt", &mut env), "/home/student/app/out.txt");
    assert_eq!(no_split("$SPACED", &mut env), "  a  b ");
    assert_eq!(no_split("$HOME/logs/*.log", &mut env), "/home/student/logs/*.log");
    let cmd = one_command("echo hi > $HOME/out.txt");
    let target = cmd.redirects[0].op.target().unwrap();
    assert_eq!(expand_word_no_split(target, &mut env).unwrap(), "/home/student/out.txt");
}

#[test]
fn heredoc_bodies_expand_like_double_quotes() {
    let mut env = env();
    let cmd = one_command("cat <<EOF\nuser=$USER home=\\$HOME \"q\" 's' $(echo sub) `echo bt` * ${U:-d e}\nEOF");
    let RedirectOp::HereDoc(h) = &cmd.redirects[0].op else {
        panic!()
    };
    assert_eq!(
        expand_word_no_split(&h.body, &mut env).unwrap(),
        "user=student home=$HOME \"q\" 's' sub bt * d e\n"
    );
    let cmd = one_command("cat <<'EOF'\nuser=$USER\nEOF");
    let RedirectOp::HereDoc(h) = &cmd.redirects[0].op else {
        panic!()
    };
    assert_eq!(expand_word_no_split(&h.body, &mut env).unwrap(), "user=$USER\n");
}

#[test]
fn patterns_for_case_and_trimming() {
    let mut env = MockEnv::new().with("P", "*.py");
    let pat = |src: &str, env: &mut MockEnv| {
        let word = one_command(&format!("echo {src}")).words.pop().unwrap();
        expand_pattern(&word, env).unwrap()
    };
    assert_eq!(pat("*.txt", &mut env), "*.txt");
    assert_eq!(pat("\"*\".txt", &mut env), "\\*.txt");
    assert_eq!(pat("$P", &mut env), "*.py");
    assert_eq!(pat("\"$P\"", &mut env), "\\*.py");
    assert_eq!(pat("[ab]\\?", &mut env), "[ab]\\?");
    assert!(fnmatch(&pat("web-*", &mut env), "web-1"));
}
