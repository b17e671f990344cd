//! `run` never panics and always finishes, on any input, in every flavour.

use dockyard_coreutils::testing::TestSystem;
use dockyard_coreutils::{Flavor, Io, Mode, ShellState, run};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "ls",
    "ls -la",
    "cat",
    "echo",
    "echo -e",
    "printf",
    "grep",
    "grep -E",
    "wc -l",
    "head -n",
    "tail -n",
    "sort -n",
    "uniq -c",
    "cut -d: -f1",
    "tr a-z A-Z",
    "tee",
    "mkdir -p",
    "rm -rf",
    "cp -r",
    "mv",
    "ln -s",
    "chmod",
    "find",
    "du -sh",
    "df -h",
    "ps aux",
    "ps",
    "env",
    "printenv",
    "export",
    "unset",
    "cd",
    "pwd",
    "exit",
    "sh -c",
    "bash -c",
    "alias",
    "type",
    "command -v",
    "xargs",
    "seq",
    "date",
    "sleep",
    "wget -qO-",
    "curl -s",
    "ping -c 1",
    "nslookup",
    "test",
    "[",
    "]",
    "read",
    "set --",
    "shift",
    "source",
    ".",
    "eval",
    "exec",
    "true",
    "false",
    "which",
    "id",
    "uname -a",
    "|",
    "||",
    "&&",
    ";",
    "&",
    ">",
    ">>",
    "<",
    "2>&1",
    "&>",
    "<<EOF",
    "EOF",
    "<<<",
    "$(",
    ")",
    "`",
    "(",
    "{",
    "}",
    "\"",
    "'",
    "$X",
    "${X:-d}",
    "$?",
    "$#",
    "$@",
    "*",
    "?",
    "[a-z]",
    "~",
    "\\",
    "\n",
    "x",
    "/tmp",
    "/data",
    "a.txt",
    "-",
    "--",
    "0",
    "1",
    "99999",
    "-1",
    "localhost:8080",
    "web",
    "%s",
    "%d",
    "\\n",
    "X=1",
    "a=$(ls)",
];

fn flavor() -> impl Strategy<Value = Flavor> {
    prop_oneof![Just(Flavor::Bash), Just(Flavor::Dash), Just(Flavor::Busybox)]
}

fn check(text: &str, flavor: Flavor, interactive: bool) {
    let mut sys = if flavor == Flavor::Bash {
        TestSystem::new()
    } else {
        TestSystem::container()
    };
    sys.file("/data/a.txt", "one\ntwo\n");
    sys.serve("localhost", 8080, "ok\n");
    let mode = if interactive { Mode::Interactive } else { Mode::Command };
    let mut st = ShellState::with_mode(flavor.shell_name(), mode);
    let mut io = Io::new();
    let _ = run(text, &mut sys, &mut st, flavor, &mut io);
    // A second line in the same session must work too.
    let _ = run("echo $?; ls", &mut sys, &mut st, flavor, &mut io);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn token_soup(tokens in prop::collection::vec(prop::sample::select(WORDS), 0..24), f in flavor(), i in any::<bool>()) {
        let text = tokens.join(" ");
        check(&text, f, i);
    }

    #[test]
    fn arbitrary_text(text in "[ -~\\n\\t]{0,120}", f in flavor(), i in any::<bool>()) {
        check(&text, f, i);
    }
}
