//! The `python` executable's command line.
mod common;
use common::*;
use dockyard_python::*;

fn py(args: &[&str]) -> PyOutcome {
    let mut h = host();
    run_python(&argv(args), &RunOptions::default(), &mut h)
}

#[test]
fn version_flags() {
    let o = py(&["python", "--version"]);
    assert_eq!((o.stdout.as_str(), o.exit_code()), ("Python 3.11.5\n", Some(0)));
    assert_eq!(py(&["python3", "-V"]).stdout, "Python 3.11.5\n");
    assert_eq!(
        py(&["python", "-VV"]).stdout,
        "Python 3.11.5 (main, Aug 26 2023, 00:26:34) [GCC 12.2.1 20220924]\n"
    );
    let mut h = host();
    let opts = RunOptions {
        version: "3.7.2".into(),
        ..Default::default()
    };
    assert_eq!(
        run_python(&argv(&["python", "--version"]), &opts, &mut h).stdout,
        "Python 3.7.2\n"
    );
}

#[test]
fn dash_c() {
    let o = py(&["python", "-c", "import sys; print(sys.argv, 6*7)", "a"]);
    assert_eq!(o.stdout, "['-c', 'a'] 42\n");
    let o = py(&["python", "-c", "print(x)"]);
    assert_eq!(
        o.stderr,
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nNameError: name 'x' is not defined\n"
    );
    assert_eq!(o.exit_code(), Some(1));
    let o = py(&["python", "-c"]);
    assert_eq!(
        o.stderr,
        "Argument expected for the -c option\nusage: python [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n"
    );
    assert_eq!(o.exit_code(), Some(2));
}

#[test]
fn bad_options_and_missing_files() {
    let o = py(&["python", "--foo"]);
    assert_eq!(
        o.stderr,
        "unknown option --foo\nusage: python [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n"
    );
    assert_eq!(o.exit_code(), Some(2));
    let o = py(&["python", "-z"]);
    assert!(o.stderr.starts_with("Unknown option: -z\nusage: python"));
    let o = py(&["python", "x.py"]);
    assert_eq!(
        o.stderr,
        "python: can't open file '/app/x.py': [Errno 2] No such file or directory\n"
    );
    assert_eq!(o.exit_code(), Some(2));
    let o = py(&["python", "-m", "nosuchmod"]);
    assert_eq!(
        (o.stderr.as_str(), o.exit_code()),
        ("python: No module named nosuchmod\n", Some(1))
    );
}

#[test]
fn bare_python_without_tty_reads_stdin() {
    let o = py(&["python"]);
    assert_eq!((o.stdout.as_str(), o.stderr.as_str(), o.exit_code()), ("", "", Some(0)));
    let mut h = host();
    h.stdin = vec!["print('piped')".into(), "print(1+1)".into()];
    let o = run_python(&argv(&["python"]), &RunOptions::default(), &mut h);
    assert_eq!(o.stdout, "piped\n2\n");
}

#[test]
fn buffering_orders_output_like_cpython() {
    // Without a tty the traceback (stderr) appears before buffered prints.
    let (o_non_tty, c) = {
        let mut h = host();
        h.files.insert(
            "/app/x.py".into(),
            b"print('before')\nraise SystemError('x')\n".to_vec(),
        );
        let o = run_python(&argv(&["python", "x.py"]), &RunOptions::default(), &mut h);
        (o.combined(), o.exit_code())
    };
    assert_eq!(c, Some(1));
    assert!(o_non_tty.starts_with("Traceback"), "{o_non_tty}");
    assert!(o_non_tty.ends_with("SystemError: x\nbefore\n"), "{o_non_tty}");
    let mut h = host();
    h.files.insert(
        "/app/x.py".into(),
        b"print('before')\nraise SystemError('x')\n".to_vec(),
    );
    let o = run_python(
        &argv(&["python", "x.py"]),
        &RunOptions {
            tty: true,
            ..Default::default()
        },
        &mut h,
    );
    assert!(o.combined().starts_with("before\nTraceback"));
}

#[test]
fn interactive_python_starts_repl() {
    let mut h = host();
    let o = run_python(
        &argv(&["python"]),
        &RunOptions {
            tty: true,
            interactive: true,
            ..Default::default()
        },
        &mut h,
    );
    assert_eq!(
        o.stdout,
        "Python 3.11.5 (main, Aug 26 2023, 00:26:34) [GCC 12.2.1 20220924] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n"
    );
    assert!(matches!(o.end, PyEnd::Repl(_)));
}

#[test]
fn interactive_script_waits_for_input_without_repeating_effects() {
    let mut h = host();
    h.files.insert(
        "/app/game.py".into(),
        b"import random\nprint('guess game')\nn = random.randint(1, 100)\nopen('/app/log.txt', 'a').write('started\\n')\ng = int(input('Guess: '))\nh = input('Again: ')\nprint('target', n, 'guess', g, h)\n".to_vec(),
    );
    let opts = RunOptions {
        tty: true,
        interactive: true,
        ..Default::default()
    };
    let o = run_python(&argv(&["python", "game.py"]), &opts, &mut h);
    assert_eq!(o.stdout, "guess game\nGuess: ");
    let PyEnd::WaitingForInput(p) = o.end else {
        panic!("{:?}", o.end)
    };
    let o = p.feed("42", &mut h);
    assert_eq!(o.stdout, "Again: ");
    let PyEnd::WaitingForInput(p) = o.end else { panic!() };
    let o = p.feed("yes", &mut h);
    assert!(o.stdout.starts_with("target "), "{}", o.stdout);
    assert!(o.stdout.ends_with(" guess 42 yes\n"), "{}", o.stdout);
    assert_eq!(o.exit_code(), Some(0));
    assert_eq!(h.files["/app/log.txt"], b"started\n");
    // the same program fed through stdin in one go draws the same number
    let mut h3 = host();
    h3.files.insert("/app/game.py".into(), h.files["/app/game.py"].clone());
    h3.stdin = vec!["42".into(), "yes".into()];
    let o3 = run_python(&argv(&["python", "game.py"]), &RunOptions::default(), &mut h3);
    assert_eq!(o3.stdout, format!("guess game\nGuess: Again: {}", o.stdout));
}
