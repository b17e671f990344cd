//! BuildKit conformance: the parser testfiles (dump must equal `result`), the negative
//! testfiles (must fail), and the shell lexer tables `envVarTest` and `wordsTest`.
//!
//! No case is skipped. The data is read from the shared folder (see `common::conformance_dir`);
//! if it is missing the tests fail.

mod common;

use dockyard_dockerfile::parser;
use dockyard_dockerfile::shell::{self, Lex};

#[test]
fn parser_testfiles_dump_matches_buildkit() {
    let cases = common::parser_cases();
    let mut failures = Vec::new();
    for (name, src, want) in &cases {
        match parser::parse(src) {
            Ok(ast) => {
                let got = ast.dump() + "\n";
                if &got != want {
                    failures.push(format!("{name}: dump differs\n--- want\n{want}--- got\n{got}"));
                }
            }
            Err(e) => failures.push(format!("{name}: parse failed: {e}")),
        }
    }
    println!(
        "parser testfiles: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // BuildKit HEAD has 33 cases; a much smaller number means the data was not found correctly.
    assert!(cases.len() >= 30, "only {} parser cases found", cases.len());
}

#[test]
fn parser_negative_testfiles_fail() {
    let cases = common::negative_cases();
    let mut failures = Vec::new();
    for (name, src) in &cases {
        match parser::parse(src) {
            Ok(ast) => failures.push(format!("{name}: parsed, dump:\n{}", ast.dump())),
            Err(e) => println!("  {name}: {e}"),
        }
    }
    println!(
        "negative testfiles: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 4, "only {} negative cases found", cases.len());
}

/// The negative cases fail with BuildKit's messages.
#[test]
fn parser_negative_messages() {
    let cases = common::negative_cases();
    let expected = [
        ("empty_dockerfile", "file with no instructions"),
        ("env_no_value", "ENV must have two arguments"),
        ("only_comments", "file with no instructions"),
        (
            "shykes-nested-json",
            "when using JSON array syntax, arrays must be comprised of strings only",
        ),
    ];
    for (name, msg) in expected {
        let (_, src) = cases
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("negative case {name} missing"));
        let err = parser::parse(src).expect_err(name);
        assert_eq!(err.to_string(), msg, "{name}");
    }
}

fn read_table(name: &str) -> String {
    let path = common::conformance_dir().join("buildkit/shell").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Port of BuildKit's `TestShellParser4EnvVars`: `platform | input | expected`, where platform
/// is A (all), U (unix) or W (windows) and `error` means the expansion must fail. We are a
/// Unix builder, so A and U rows run; W rows are Windows-only behaviour (case-insensitive
/// variable names) and are counted separately, not run.
#[test]
fn shell_env_var_table() {
    let text = read_table("envVarTest");
    let env = shell::envs_from_slice(&["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="]);
    let lex = Lex::new('\\');
    let (mut passed, mut windows_only) = (0, 0);
    let mut failures = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(parts.len(), 3, "line {}: {line:?}", i + 1);
        let (platform, input, expected) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
        match platform {
            "A" | "U" => {}
            "W" => {
                windows_only += 1;
                continue;
            }
            other => panic!("line {}: bad platform {other:?}", i + 1),
        }
        let got = lex.process_word(input, &env);
        let ok = match (&got, expected) {
            (Err(_), "error") => true,
            (Ok(v), e) => e != "error" && v == e,
            (Err(_), _) => false,
        };
        if ok {
            passed += 1;
        } else {
            failures.push(format!("line {}: {input:?} => {got:?}, want {expected:?}", i + 1));
        }
    }
    println!(
        "envVarTest: {passed} passed, {} failed ({windows_only} Windows-only rows not run)",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed > 200, "only {passed} envVarTest rows ran");
}

/// Port of BuildKit's `TestShellParser4Words`: `input | word1,word2`, with `ENV k=v` lines
/// adding variables; an error result is written as the single word `error`.
#[test]
fn shell_words_table() {
    let text = read_table("wordsTest");
    let lex = Lex::new('\\');
    let mut envs: Vec<String> = Vec::new();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("ENV ") {
            envs.push(rest.trim_start_matches(' ').to_string());
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(parts.len(), 2, "line {}: {line:?}", i + 1);
        let input = parts[0].trim();
        let expected: Vec<&str> = parts[1].trim_start_matches(' ').split(',').collect();
        let env = shell::envs_from_slice(&envs);
        let got = lex
            .process_words(input, &env)
            .unwrap_or_else(|_| vec!["error".to_string()]);
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!("line {}: {input:?} => {got:?}, want {expected:?}", i + 1));
        }
    }
    println!("wordsTest: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed > 20, "only {passed} wordsTest rows ran");
}
