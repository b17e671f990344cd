//! Property tests: arbitrary input never panics, loops stop, results are deterministic.
mod common;
use common::*;
use dockyard_python::*;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "x",
    "y",
    "f",
    "print",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "1",
    "0",
    "2.5",
    "'s'",
    "\"t\"",
    "f'{x}'",
    "b'b'",
    "None",
    "True",
    "if",
    "else",
    "elif",
    "for",
    "in",
    "while",
    "def",
    "return",
    "class",
    "try",
    "except",
    "finally",
    "raise",
    "import",
    "os",
    "sys",
    "json",
    "from",
    "lambda",
    "not",
    "and",
    "or",
    "\n",
    "\n    ",
    "\n        ",
    " ",
    "pass",
    "break",
    "continue",
    "len",
    "range",
    "str",
    "int",
    "list",
    "dict",
    "with",
    "open",
    "as",
    "global",
    "del",
    "assert",
    "yield",
    "@",
    "**",
    "*",
    "<",
    ">",
    "!=",
    "is",
    ";",
    "#",
    "\\",
    "'''",
    "self",
    "__init__",
    "super",
    "x.append",
    "sorted",
    "input",
    "exit",
    "http.server",
    "HTTPServer",
    "serve_forever",
];

fn program() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat()),
        ".{0,120}",
    ]
}

fn opts() -> RunOptions {
    RunOptions {
        step_budget: 20_000,
        max_output: 64 << 10,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn run_never_panics(src in program()) {
        let mut h = host();
        h.stdin = vec!["input line".into()];
        let o = run_python(&argv(&["python", "-c", &src]), &opts(), &mut h);
        if let PyEnd::Server(mut s) = o.end {
            let _ = s.handle(&HttpRequest::get("/", "172.17.0.1"), &mut h);
        }
    }

    #[test]
    fn repl_never_panics(lines in proptest::collection::vec(program(), 0..8)) {
        let mut h = host();
        let (mut repl, _) = start_repl(&opts(), &mut h);
        for l in &lines {
            for part in l.split('\n') {
                let o = repl.feed(part, &mut h);
                if o.exited.is_some() {
                    return Ok(());
                }
            }
        }
        let _ = repl.eof(&mut h);
    }

    #[test]
    fn deterministic(src in program()) {
        let run = || {
            let mut h = host();
            let o = run_python(&argv(&["python", "-c", &src]), &opts(), &mut h);
            let c = o.exit_code();
            (o.stdout, o.stderr, c)
        };
        prop_assert_eq!(run(), run());
    }
}

#[test]
fn pathological_inputs_do_not_crash() {
    let cases = [
        format!("x = {}1{}\n", "(".repeat(150), ")".repeat(150)),
        format!("x = {}1\n", "-".repeat(10_000)),
        format!("x = {}\n", "1 + ".repeat(20_000) + "1"),
        format!(
            "{}pass\n",
            (0..120)
                .map(|i| format!("{}if 1:\n", "    ".repeat(i)))
                .collect::<String>()
        ),
        "a = []\nfor i in range(100000):\n    a = [a]\nprint(a)\n".to_string(),
        "d = {}\nfor i in range(100000):\n    d = {'k': d}\nimport json\nprint(json.dumps(d))\n"
            .to_string(),
        "s = 'x'\nwhile True:\n    s = s + s\n".to_string(),
        "l = [0] * 10**9\n".to_string(),
        "print('x' * 10**12)\n".to_string(),
        "def f():\n    return f()\nf()\n".to_string(),
        "class A:\n    def __repr__(self):\n        return repr(self)\nprint(A())\n".to_string(),
        "x = 10**10**10\n".to_string(),
        "while True:\n    print('spam')\n".to_string(),
        "import time\nwhile True:\n    time.sleep(60)\n".to_string(),
        "a = []\na.append(a)\nprint(a == a, str(a))\n".to_string(),
        "print(f'{1:{2}{3}}')\n".to_string(),
        "x = [1, 2, 3]\nfor i in x:\n    x.append(i)\n".to_string(),
        "t = ()\nfor i in range(200000):\n    t = (t,)\nprint(len(t))\nd = {}\n".to_string(),
        "t = ()\nfor i in range(300):\n    t = (t,)\nd = {t: 1}\nprint(t == t, t < t)\n".to_string(),
        "for i in range(2**127 - 3, 2**127 - 1, 5):\n    print(i)\nprint(len(range(-2**126, 2**126)), 3 in range(-2**126, 2**126, 7))\n".to_string(),
        "import math, random\nm = -(2**126) * 2\nprint(math.gcd(m, 0), round(10**37 + 5 * 10**36, -37), random.randint(0, 2**127 - 1) >= 0)\n".to_string(),
    ];
    for (n, src) in cases.iter().enumerate() {
        eprintln!("case {n}");
        let mut h = host();
        let o = run_python(
            &argv(&["python", "-c", src]),
            &RunOptions {
                step_budget: 200_000,
                ..Default::default()
            },
            &mut h,
        );
        assert!(o.exit_code().is_some(), "{src}");
    }
}
