//! Tracebacks and SyntaxErrors as CPython 3.11 prints them.
mod common;
use common::*;
use dockyard_python::*;

#[test]
fn nested_traceback_with_suggestion() {
    let e = err("def greet(name):\n    return \"Hello \" + nme\n\nprint(greet(\"x\"))\n");
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 4, in <module>\n    print(greet(\"x\"))\n          ^^^^^^^^^^\n  File \"/app/x.py\", line 2, in greet\n    return \"Hello \" + nme\n                      ^^^\nNameError: name 'nme' is not defined. Did you mean: 'name'?\n"
    );
}

#[test]
fn binary_op_and_subscript_carets() {
    assert_eq!(
        err("x = 10\ny = 0\nprint(x / y)\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 3, in <module>\n    print(x / y)\n          ~~^~~\nZeroDivisionError: division by zero\n"
    );
    assert_eq!(
        err("1/0\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in <module>\n    1/0\n    ~^~\nZeroDivisionError: division by zero\n"
    );
    assert_eq!(
        err("d = {}\nd['k']\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 2, in <module>\n    d['k']\n    ~^^^^^\nKeyError: 'k'\n"
    );
    assert_eq!(
        err("'a' + 1\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in <module>\n    'a' + 1\n    ~~~~^~~\nTypeError: can only concatenate str (not \"int\") to str\n"
    );
}

#[test]
fn whole_line_has_no_carets() {
    assert_eq!(
        err("raise ValueError(\"bad\")\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in <module>\n    raise ValueError(\"bad\")\nValueError: bad\n"
    );
    assert_eq!(
        err("foo()\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in <module>\n    foo()\n    ^^^\nNameError: name 'foo' is not defined\n"
    );
    assert_eq!(
        err("x = None\nx.foo\n"),
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 2, in <module>\n    x.foo\nAttributeError: 'NoneType' object has no attribute 'foo'\n"
    );
}

#[test]
fn exception_chaining() {
    let e = err("try:\n    {}['a']\nexcept KeyError:\n    raise ValueError('v')\n");
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 2, in <module>\n    {}['a']\n    ~~^^^^^\nKeyError: 'a'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"/app/x.py\", line 4, in <module>\n    raise ValueError('v')\nValueError: v\n"
    );
}

#[test]
fn syntax_errors() {
    assert_eq!(
        err("print(\"hi\"\n"),
        "  File \"/app/x.py\", line 1\n    print(\"hi\"\n         ^\nSyntaxError: '(' was never closed\n"
    );
    assert_eq!(
        err("print \"hello\"\n"),
        "  File \"/app/x.py\", line 1\n    print \"hello\"\n    ^^^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"
    );
    assert_eq!(
        err("if x == 1\n    pass\n"),
        "  File \"/app/x.py\", line 1\n    if x == 1\n             ^\nSyntaxError: expected ':'\n"
    );
    assert_eq!(
        err("x = = 1\n"),
        "  File \"/app/x.py\", line 1\n    x = = 1\n        ^\nSyntaxError: invalid syntax\n"
    );
    assert_eq!(
        err("print('hi)\n"),
        "  File \"/app/x.py\", line 1\n    print('hi)\n          ^\nSyntaxError: unterminated string literal (detected at line 1)\n"
    );
    assert!(
        err("def f():\nreturn 1\n")
            .ends_with("IndentationError: expected an indented block after function definition on line 1\n")
    );
    assert!(err("x = 1\n  y = 2\n").ends_with("IndentationError: unexpected indent\n"));
}

#[test]
fn unsupported_syntax_is_reported_not_misrun() {
    let e = err("def gen():\n    yield 1\n");
    assert!(
        e.contains("SyntaxError: 'yield' (generators) is not supported by the Dockyard Python simulator"),
        "{e}"
    );
    let e = err("async def f():\n    pass\n");
    assert!(e.contains("is not supported by the Dockyard Python simulator"), "{e}");
    let e = err("if (n := 3) > 2:\n    pass\n");
    assert!(e.contains("walrus"), "{e}");
}

#[test]
fn runtime_type_errors() {
    let e = err("def f(a, b):\n    pass\nf(1)\n");
    assert!(
        e.ends_with("TypeError: f() missing 1 required positional argument: 'b'\n"),
        "{e}"
    );
    let e = err("len(5)\n");
    assert!(e.ends_with("TypeError: object of type 'int' has no len()\n"), "{e}");
    let e = err("[1][5]\n");
    assert!(e.ends_with("IndexError: list index out of range\n"), "{e}");
    let e = err("import requests\n");
    assert!(e.ends_with("ModuleNotFoundError: No module named 'requests'\n"), "{e}");
    let e = err("def f():\n    x += 1\nf()\n");
    assert!(
        e.ends_with("UnboundLocalError: cannot access local variable 'x' where it is not associated with a value\n"),
        "{e}"
    );
}

#[test]
fn recursion_is_bounded() {
    let e = err("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert!(
        e.ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{}",
        &e[e.len().saturating_sub(300)..]
    );
    assert!(e.contains("[Previous line repeated"), "{}", &e[..600.min(e.len())]);
}

#[test]
fn endless_loop_stops_with_clear_error() {
    let mut h = host();
    h.files.insert("/app/x.py".into(), b"while True:\n    pass\n".to_vec());
    let opts = RunOptions {
        step_budget: 50_000,
        ..Default::default()
    };
    let o = run_python(&argv(&["python", "x.py"]), &opts, &mut h);
    assert_eq!(o.exit_code(), Some(1));
    assert_eq!(o.stopped, Some(StopReason::Budget));
    assert!(o.stderr.contains("stopped after 50000 steps"), "{}", o.stderr);
}

#[test]
fn system_exit_codes() {
    let (o, e, c) = run("import sys\nprint('a')\nsys.exit(3)\n");
    assert_eq!((o.as_str(), e.as_str(), c), ("a\n", "", 3));
    let (_, e, c) = run("import sys\nsys.exit('bye')\n");
    assert_eq!((e.as_str(), c), ("bye\n", 1));
    let (_, e, c) = run("exit()\n");
    assert_eq!((e.as_str(), c), ("", 0));
}

#[test]
fn version_310_has_no_carets() {
    let mut h = host();
    let opts = RunOptions {
        version: "3.10.12".into(),
        ..Default::default()
    };
    let (_, e, _) = run_with("print(foo)\n", &mut h, &opts);
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in <module>\n    print(foo)\nNameError: name 'foo' is not defined\n"
    );
}

#[test]
fn match_statement_is_reported_as_unsupported() {
    let e = err("match command:\n    case 'go':\n        pass\n");
    assert!(
        e.ends_with("SyntaxError: the 'match' statement is not supported by the Dockyard Python simulator\n"),
        "{e}"
    );
    assert_eq!(out("match = 3\nprint(match)\n"), "3\n");
}
