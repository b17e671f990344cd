//! The interpreter: lists, pipelines, redirections, expansion, builtins, errors, per shell.

mod common;

use common::Session;
use dockyard_coreutils::testing::TestSystem;
use dockyard_coreutils::{Flavor, Io, Mode, ShellState, run, run_argv};

#[test]
fn pipelines_feed_stdout_to_stdin() {
    let mut s = Session::host();
    s.sys
        .file("/home/student/app.log", "GET /\nPOST /api\nGET /health\nGET /\n");
    assert_eq!(s.sh("cat app.log | grep GET | wc -l"), "3\n");
    assert_eq!(
        s.sh("grep GET app.log | sort | uniq -c"),
        "      2 GET /\n      1 GET /health\n"
    );
    assert_eq!(s.sh("cat app.log | head -n 2 | tail -n 1"), "POST /api\n");
    // stderr of an early part passes through; stdout of the last part goes to the terminal.
    let o = s.run("cat nope app.log | wc -l");
    assert_eq!(o.err, "cat: nope: No such file or directory\n");
    assert_eq!(o.out, "4\n");
    // The status is the last command's; `!` negates it.
    assert_eq!(s.run("false | true").status, 0);
    assert_eq!(s.run("true | false").status, 1);
    assert_eq!(s.run("! grep -q POST app.log").status, 1);
}

#[test]
fn redirections_write_and_read_files() {
    let mut s = Session::host();
    assert_eq!(s.sh("echo one > f.txt; echo two >> f.txt; cat f.txt"), "one\ntwo\n");
    assert_eq!(s.sh("echo new > f.txt; cat < f.txt"), "new\n");
    // stderr to a file, to stdout, both to a file, and to /dev/null.
    assert_eq!(
        s.sh("ls nope 2> err.txt; cat err.txt"),
        "ls: cannot access 'nope': No such file or directory\n"
    );
    assert_eq!(
        s.sh("ls nope f.txt > both.txt 2>&1; cat both.txt"),
        "ls: cannot access 'nope': No such file or directory\nf.txt\n"
    );
    assert_eq!(s.sh("ls nope &> all.txt; wc -l < all.txt"), "1\n");
    assert_eq!(s.sh("ls nope 2>/dev/null; echo $?"), "2\n");
    // Order matters: `2>&1 >f` sends stderr to the terminal.
    let o = s.run("ls nope 2>&1 > out.txt");
    assert_eq!(o.out, "ls: cannot access 'nope': No such file or directory\n");
    assert_eq!(s.sys.text("/home/student/out.txt").unwrap(), "");
    // A redirection that cannot be opened stops the command.
    let o = s.run("echo hi > nodir/x");
    assert_eq!(o.err, "bash: nodir/x: No such file or directory\n");
    assert_eq!(o.status, 1);
    assert_eq!(s.sh("cat < missing"), "bash: missing: No such file or directory\n");
    // `> file` alone creates an empty file.
    s.sh("> empty.txt");
    assert_eq!(s.sys.text("/home/student/empty.txt").unwrap(), "");
}

#[test]
fn heredocs_write_files() {
    let mut s = Session::host();
    s.sh("export NAME=web");
    let o = s.run("cat > Dockerfile <<EOF\nFROM python:3.11-slim\nENV APP=$NAME\nCOPY . /app\nEOF");
    assert_eq!(o.status, 0);
    assert_eq!(o.all, "");
    assert_eq!(
        s.sys.text("/home/student/Dockerfile").unwrap(),
        "FROM python:3.11-slim\nENV APP=web\nCOPY . /app\n"
    );
    // A quoted delimiter keeps `$` literal; `<<-` strips leading tabs.
    s.sh("cat > run.sh <<'EOF'\necho $HOME\nEOF");
    assert_eq!(s.sys.text("/home/student/run.sh").unwrap(), "echo $HOME\n");
    assert_eq!(s.sh("cat <<-END\n\tindented\n\tEND"), "indented\n");
    assert_eq!(s.sh("tr a-z A-Z <<< hello"), "HELLO\n");
}

#[test]
fn command_substitution() {
    let mut s = Session::host();
    s.sys.file("/home/student/ids", "a1\nb2\n");
    assert_eq!(s.sh("echo \"files: $(ls)\""), "files: ids\n");
    assert_eq!(s.sh("echo $(echo a $(echo b $(echo c)))"), "a b c\n");
    // Unquoted results are split into words; trailing newlines are dropped.
    assert_eq!(s.sh("printf '[%s]' $(cat ids); echo"), "[a1][b2]\n");
    assert_eq!(s.sh("echo `echo backticks`"), "backticks\n");
    // `$?` after an assignment with a substitution is the substitution's status.
    assert_eq!(s.sh("x=$(false); echo $?"), "1\n");
    // A substitution runs in a subshell: cd and exit stay inside.
    assert_eq!(s.sh("echo $(cd /tmp; pwd); pwd"), "/tmp\n/home/student\n");
    assert_eq!(s.sh("echo $(exit 3; echo no) $?"), "3\n");
    assert_eq!(s.st.exited(), None);
    // Its stderr reaches the terminal.
    let o = s.run("x=$(cat nope)");
    assert_eq!(o.err, "cat: nope: No such file or directory\n");
}

#[test]
fn and_or_short_circuit_with_status() {
    let mut s = Session::host();
    assert_eq!(s.sh("true && echo yes || echo no"), "yes\n");
    assert_eq!(s.sh("false && echo yes || echo no"), "no\n");
    assert_eq!(
        s.sh("ls /nope && echo listed"),
        "ls: cannot access '/nope': No such file or directory\n"
    );
    assert_eq!(
        s.sh("ls /nope; echo $?"),
        "ls: cannot access '/nope': No such file or directory\n2\n"
    );
    assert_eq!(s.sh("false || false || echo $?"), "1\n");
    let o = s.run("grep -q x /nope || exit 5; echo unreachable");
    assert_eq!(o.status, 5);
    assert_eq!(s.st.exited(), Some(5));
}

#[test]
fn cd_and_pwd() {
    let mut s = Session::host();
    s.sys.file("/srv/app/main.py", "");
    assert_eq!(s.sh("pwd; cd /srv/app; pwd"), "/home/student\n/srv/app\n");
    assert_eq!(s.sys.cwd, "/srv/app");
    assert_eq!(s.sh("cd ..; pwd; cd -"), "/srv\n/srv/app\n");
    assert_eq!(s.sh("cd; pwd"), "/home/student\n");
    assert_eq!(s.sh("echo $OLDPWD $PWD"), "/srv/app /home/student\n");
    assert_eq!(
        s.sh("cd /srv/app/main.py"),
        "bash: cd: /srv/app/main.py: Not a directory\n"
    );
    assert_eq!(s.sh("cd a b"), "bash: cd: too many arguments\n");
    let mut a = Session::alpine();
    assert_eq!(a.sh("cd /etc && pwd"), "/etc\n");
    let o = a.run("cd /nope");
    assert_eq!(o.err, "sh: cd: can't cd to /nope: No such file or directory\n");
    assert_eq!(o.status, 2);
    let mut d = Session::debian_sh();
    assert_eq!(d.sh("cd /nope"), "sh: 1: cd: can't cd to /nope\n");
}

#[test]
fn command_not_found_per_shell() {
    let mut s = Session::host();
    let o = s.run("dokcer ps");
    assert_eq!((o.err.as_str(), o.status), ("bash: dokcer: command not found\n", 127));
    assert_eq!(s.sh("./nope.sh"), "bash: ./nope.sh: No such file or directory\n");
    let mut a = Session::alpine();
    assert_eq!(a.run("bash").err, "sh: bash: not found\n");
    // dash numbers the lines it has read, at the prompt too.
    let mut d = Session::debian_sh();
    assert_eq!(d.sh("true"), "");
    assert_eq!(d.sh("foo"), "sh: 2: foo: not found\n");
    // `/bin/sh -c` as a shell-form CMD runs it.
    let mut c = Session::command(Flavor::Dash);
    let o = c.run("echo start\nfoo --bar");
    assert_eq!(o.all, "start\n/bin/sh: 2: foo: not found\n");
    assert_eq!(o.status, 127);
    let mut b = Session::command(Flavor::Bash);
    assert_eq!(b.sh("nope"), "bash: line 1: nope: command not found\n");
    // A utility the image lacks is not found either.
    let mut slim = Session::debian_bash();
    slim.sys.installed = Some(vec!["ls".into(), "cat".into()]);
    assert_eq!(slim.sh("curl localhost"), "bash: curl: command not found\n");
    assert_eq!(slim.sh("ls /root"), "");
}

#[test]
fn exit_ends_the_script() {
    let mut c = Session::command(Flavor::Busybox);
    let o = c.run("echo before\nexit 3\necho after");
    assert_eq!(o.all, "before\n");
    assert_eq!(o.status, 3);
    assert_eq!(c.st.exited(), Some(3));
    // In a subshell, exit only leaves the subshell.
    let mut s = Session::host();
    assert_eq!(s.sh("(exit 4); echo $?"), "4\n");
    assert_eq!(s.st.exited(), None);
    // Interactive bash says "exit"; a bad number is an error and exits with 2.
    assert_eq!(s.sh("exit 1 2"), "exit\nbash: exit: too many arguments\n");
    assert_eq!(s.st.exited(), None);
    let o = s.run("exit abc");
    assert_eq!(o.err, "exit\nbash: exit: abc: numeric argument required\n");
    assert_eq!((o.status, s.st.exited()), (2, Some(2)));
    let mut a = Session::alpine();
    assert_eq!(a.sh("exit"), "");
    assert_eq!(a.st.exited(), Some(0));
    // A group, an alias or a sourced file run in the shell itself: exit there ends it.
    let mut g = Session::alpine();
    assert_eq!(g.sh("{ echo bye; exit 2; }; echo after"), "bye\n");
    assert_eq!(g.st.exited(), Some(2));
    let mut f = Session::alpine();
    f.sys.file("/leave.sh", "exit 6\n");
    f.sh(". /leave.sh");
    assert_eq!(f.st.exited(), Some(6));
}

#[test]
fn scripts_and_nested_shells() {
    let mut s = Session::host();
    s.sys.file(
        "/home/student/hello.sh",
        "#!/bin/sh\necho \"hello $1\"\nnosuch\nexit 7\n",
    );
    assert_eq!(s.sh("./hello.sh"), "bash: ./hello.sh: Permission denied\n");
    s.sh("chmod +x hello.sh");
    let o = s.run("./hello.sh you");
    assert_eq!(o.all, "hello you\n./hello.sh: 3: nosuch: not found\n");
    assert_eq!(o.status, 7);
    assert_eq!(s.st.exited(), None);
    assert_eq!(s.sh("sh -c 'echo $0 $1' name arg"), "name arg\n");
    assert_eq!(s.sh("bash -c 'nope'"), "bash: line 1: nope: command not found\n");
    assert_eq!(s.sh("echo 'echo from stdin' | sh"), "from stdin\n");
    assert_eq!(s.sh("sh missing.sh"), "sh: 0: cannot open missing.sh: No such file\n");
    // A child shell cannot change the parent's directory or variables.
    assert_eq!(s.sh("sh -c 'cd /tmp; X=1'; pwd; echo \"[$X]\""), "/home/student\n[]\n");
    s.sys.file("/home/student/vars.sh", "GREETING=hi\n");
    assert_eq!(s.sh(". ./vars.sh; echo $GREETING"), "hi\n");
    assert_eq!(s.sh("source nope.sh"), "bash: nope.sh: No such file or directory\n");
    // Other interpreters go to the caller.
    s.sys.externals.insert("python3".into(), "py!\n".into());
    s.sys
        .file("/home/student/app.py", "#!/usr/bin/env python3\nprint('py!')\n");
    s.sh("chmod 755 app.py");
    assert_eq!(s.sh("./app.py x"), "py!\n");
    assert_eq!(
        s.sys.calls.last().unwrap(),
        &vec!["python3".to_string(), "./app.py".into(), "x".into()]
    );
}

#[test]
fn variables_and_assignments() {
    let mut s = Session::host();
    assert_eq!(s.sh("X=1; echo $X; echo ${X:-default} ${Y:-default}"), "1\n1 default\n");
    // A plain variable is not exported; `A=b cmd` exports it to cmd only.
    assert_eq!(s.sh("X=1; printenv X; echo $?"), "1\n");
    assert_eq!(s.sh("GREETING=hi printenv GREETING; echo \"[$GREETING]\""), "hi\n[]\n");
    assert_eq!(s.sh("export X; printenv X"), "1\n");
    assert_eq!(s.sh("unset X; echo \"[$X]\""), "[]\n");
    assert_eq!(
        s.sh("export PORT=8080 DEBUG=1; env | grep -E '^(PORT|DEBUG)='"),
        "PORT=8080\nDEBUG=1\n"
    );
    assert_eq!(s.sh("export -p | grep PORT"), "declare -x PORT=\"8080\"\n");
    assert_eq!(s.sh("export 1x=2"), "bash: export: `1x=2': not a valid identifier\n");
    assert_eq!(s.sh("PATH2=$PATH:/opt; echo ${#PATH2}"), "65\n");
    let mut a = Session::alpine();
    assert_eq!(a.sh("export 1x=2"), "sh: export: 1x: bad variable name\n");
    assert_eq!(a.sh("export LATER; LATER=5; env | grep LATER"), "LATER=5\n");
    assert_eq!(a.sh("export -p | grep HOME"), "export HOME='/root'\n");
    // Positional parameters.
    assert_eq!(s.sh("set -- a b c; echo $# $2; shift; echo $1 $@"), "3 b\nb b c\n");
}

#[test]
fn globbing() {
    let mut s = Session::host();
    for f in ["a.txt", "b.txt", "c.py", ".hidden.txt"] {
        s.sys.file(&format!("/home/student/{f}"), "x\n");
    }
    assert_eq!(s.sh("echo *.txt"), "a.txt b.txt\n");
    assert_eq!(s.sh("echo *.md"), "*.md\n");
    assert_eq!(s.sh("echo '*.txt' \"*\""), "*.txt *\n");
    assert_eq!(s.sh("ls ?.py"), "c.py\n");
    assert_eq!(s.sh("cat *.txt | wc -l"), "2\n");
}

#[test]
fn echo_per_shell() {
    let mut s = Session::host();
    assert_eq!(s.sh("echo -n a; echo b"), "ab\n");
    assert_eq!(s.sh("echo 'a\\tb'; echo -e 'a\\tb'"), "a\\tb\na\tb\n");
    assert_eq!(s.sh("echo -x -n"), "-x -n\n");
    let mut d = Session::debian_sh();
    assert_eq!(d.sh("echo -e 'a\\tb'"), "-e a\tb\n");
    let mut a = Session::alpine();
    assert_eq!(a.sh("echo -e 'a\\nb\\c' ignored"), "a\nb");
}

#[test]
fn aliases_type_and_command() {
    let mut s = Session::host();
    assert_eq!(s.sh("alias ll='ls -l'; alias ll"), "alias ll='ls -l'\n");
    s.sys.file("/home/student/x", "hello");
    assert_eq!(s.sh("ll x"), "-rw-r--r-- 1 student student 5 Nov 22 15:45 x\n");
    // An alias is not expanded inside itself.
    assert_eq!(s.sh("alias ls='ls -1'; ls"), "x\n");
    assert_eq!(s.sh("alias gone"), "bash: alias: gone: not found\n");
    assert_eq!(
        s.sh("unalias ls; type ls cd ll"),
        "ls is /usr/bin/ls\ncd is a shell builtin\nll is aliased to `ls -l'\n"
    );
    assert_eq!(s.run("type nosuch").err, "bash: type: nosuch: not found\n");
    assert_eq!(s.sh("command -v cd ls nosuch; echo $?"), "cd\n/usr/bin/ls\n1\n");
    assert_eq!(s.sh("which ls sh"), "/usr/bin/ls\n/usr/bin/sh\n");
    let mut a = Session::alpine();
    assert_eq!(
        a.sh("type ls export"),
        "ls is /bin/ls\nexport is a special shell builtin\n"
    );
    assert_eq!(a.sh("alias l='ls -a'; alias"), "l='ls -a'\n");
}

#[test]
fn alias_bombs_and_deep_nesting_stop() {
    let mut s = Session::host();
    let mut defs = String::new();
    for i in 0..30 {
        defs.push_str(&format!("alias a{i}='a{} ; a{}'\n", i + 1, i + 1));
    }
    s.sh(&defs);
    let o = s.run("a0");
    assert!(
        o.err.contains("dockyard: too much work for one command line; stopped"),
        "{}",
        o.err
    );
    let deep = format!("{}echo hi{}", "$(echo ".repeat(20), ")".repeat(20));
    assert_eq!(s.sh(&format!("echo {deep}")), "echo hi\n");
}

#[test]
fn syntax_errors_per_shell() {
    let mut s = Session::host();
    let o = s.run("echo (");
    assert_eq!(o.err, "bash: syntax error near unexpected token `newline'\n");
    assert_eq!(o.status, 2);
    assert_eq!(
        s.sh("echo \"open"),
        "bash: unexpected EOF while looking for matching `\"'\n"
    );
    assert!(s.sh("if true; then echo; fi").contains("not supported"));
    let mut a = Session::alpine();
    assert_eq!(a.sh("echo a |"), "sh: syntax error: unexpected end of file\n");
    let mut d = Session::debian_sh();
    assert_eq!(d.sh("echo 'x"), "sh: 1: Syntax error: Unterminated quoted string\n");
    // A syntax error stops a script; the lines before it ran.
    let mut c = Session::command(Flavor::Bash);
    let o = c.run("echo one\necho )\necho three");
    assert_eq!(o.out, "one\n");
    assert_eq!(
        o.err,
        "bash: -c: line 2: syntax error near unexpected token `)'\nbash: -c: line 2: `echo )'\n"
    );
    assert_eq!(o.status, 2);
}

#[test]
fn subshells_groups_and_background() {
    let mut s = Session::host();
    assert_eq!(
        s.sh("(cd /tmp; X=1; pwd); pwd; echo \"[$X]\""),
        "/tmp\n/home/student\n[]\n"
    );
    assert_eq!(s.sh("{ echo a; echo b; } | wc -l"), "2\n");
    assert_eq!(s.sh("{ X=2; }; echo $X"), "2\n");
    let o = s.run("echo bg &");
    assert_eq!(o.err, "[1] 2\n");
    assert_eq!(o.out, "bg\n");
    assert_eq!(s.sh("echo $!"), "2\n");
}

#[test]
fn read_test_and_printf() {
    let mut s = Session::host();
    assert_eq!(s.sh("echo 'a b c' | { read x y; echo \"$y-$x\"; }"), "b c-a\n");
    s.sys.file("/home/student/f", "x");
    assert_eq!(
        s.sh("[ -f f ] && echo file; [ -d f ] || echo notdir; test -z '' && echo empty"),
        "file\nnotdir\nempty\n"
    );
    assert_eq!(s.sh("[ 3 -gt 2 ] && [ abc = abc ] && [ ! -e nope ] && echo ok"), "ok\n");
    assert_eq!(s.sh("[ x = y"), "bash: [: missing `]'\n");
    assert_eq!(
        s.sh("[ a -lt 2 ]; echo $?"),
        "bash: [: a: integer expression expected\n2\n"
    );
    assert_eq!(s.sh("printf '%-5s|%3d|%s\\n' ab 7"), "ab   |  7|\n");
    assert_eq!(s.sh("printf '%d\\n' abc"), "0\nbash: printf: abc: invalid number\n");
}

#[test]
fn external_commands_come_from_the_caller() {
    let mut s = Session::host();
    s.sys.externals.insert("docker".into(), "CONTAINER ID   IMAGE\n".into());
    assert_eq!(s.sh("docker ps | head -n 1"), "CONTAINER ID   IMAGE\n");
    assert_eq!(s.sys.calls, vec![vec!["docker".to_string(), "ps".into()]]);
    s.sh("X=5 docker run --name \"my app\" -e A=$HOME img");
    assert_eq!(
        s.sys.calls[1],
        ["docker", "run", "--name", "my app", "-e", "A=/home/student", "img"]
            .map(String::from)
            .to_vec()
    );
    // `docker rm $(docker ps -aq)`
    s.sys.externals.insert("ids".into(), "abc\ndef\n".into());
    s.sh("docker rm $(ids)");
    assert_eq!(
        s.sys.calls.last().unwrap(),
        &["docker", "rm", "abc", "def"].map(String::from).to_vec()
    );
}

#[test]
fn env_xargs_exec() {
    let mut s = Session::host();
    assert_eq!(s.sh("env -i A=1 B=2"), "A=1\nB=2\n");
    assert_eq!(s.sh("env FOO=bar printenv FOO; printenv FOO"), "bar\n");
    assert_eq!(s.sh("env nosuch"), "env: ‘nosuch’: No such file or directory\n");
    assert_eq!(s.sh("printf 'a\\nb\\nc\\n' | xargs echo got"), "got a b c\n");
    assert_eq!(s.sh("printf 'a b c' | xargs -n 2 echo"), "a b\nc\n");
    assert_eq!(s.sh("echo one | xargs -I{} echo [{}]"), "[one]\n");
    s.sh("touch x1 x2");
    assert_eq!(s.sh("ls | xargs rm; ls | wc -l"), "0\n");
    let mut a = Session::alpine();
    assert_eq!(
        a.sh("env nosuch"),
        "env: can't execute 'nosuch': No such file or directory\n"
    );
    let o = a.run("exec ls /root; echo after");
    assert_eq!((o.all.as_str(), a.st.exited()), ("", Some(0)));
}

#[test]
fn run_argv_runs_without_parsing() {
    let mut sys = TestSystem::container();
    let mut st = ShellState::with_mode("sh", Mode::Command);
    let mut io = Io::new();
    let argv: Vec<String> = ["echo", "$HOME", "*"].map(String::from).to_vec();
    let status = run_argv(&argv, "", &mut sys, &mut st, Flavor::Busybox, &mut io);
    assert_eq!((status, io.stdout().as_str()), (0, "$HOME *\n"));
    let mut io = Io::new();
    let argv: Vec<String> = ["nosuch"].map(String::from).to_vec();
    assert_eq!(run_argv(&argv, "", &mut sys, &mut st, Flavor::Busybox, &mut io), 127);
}

#[test]
fn output_keeps_terminal_order() {
    let mut s = Session::host();
    let mut io = Io::new();
    run(
        "echo one; ls nope; echo two",
        &mut s.sys,
        &mut s.st,
        Flavor::Bash,
        &mut io,
    );
    let streams: Vec<_> = io.chunks.iter().map(|(st, _)| *st).collect();
    use dockyard_coreutils::Stream::*;
    assert_eq!(streams, vec![Stdout, Stderr, Stdout]);
    assert_eq!(
        io.combined(),
        "one\nls: cannot access 'nope': No such file or directory\ntwo\n"
    );
}
