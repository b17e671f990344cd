//! Parses arbitrary bytes as a Dockerfile and runs everything a caller might do with the
//! result: dump, typed instructions, error text and source snippets, variable expansion.
#![no_main]

use dockyard_dockerfile::shell::{self, Lex};
use dockyard_dockerfile::{parse, parse_instruction, parser, source_snippet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let src = src.as_ref();

    if let Ok(ast) = parser::parse(src) {
        let _ = ast.dump();
        for node in &ast.children {
            let _ = node.arg_strings();
            let _ = parse_instruction(node);
        }
    }
    match parse(src) {
        Ok(df) => {
            for stage in &df.stages {
                for ins in &stage.instructions {
                    let _ = source_snippet(src, ins.lines());
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
            if let Some(lines) = e.lines() {
                let _ = source_snippet(src, lines);
            }
        }
    }

    // The shell lexer on the first line, with both escape tokens and a small environment.
    let word = src.lines().next().unwrap_or("");
    let env = shell::envs_from_slice(&["A=abc", "B=", "P=/usr/local/bin"]);
    for escape in ['\\', '`'] {
        let _ = Lex::new(escape).process(word, &env);
    }
});
