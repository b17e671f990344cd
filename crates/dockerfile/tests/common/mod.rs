//! Shared helpers for the integration tests: locating BuildKit's conformance data.

#![allow(dead_code)]

use std::path::PathBuf;

/// The `conformance` directory of the shared folder.
///
/// `DOCKYARD_SHARED` may point at the shared folder (containing `conformance/`) or at the
/// conformance folder itself; otherwise `../../../shared/conformance` relative to this crate.
/// Panics when it cannot be found: the conformance tests must never pass silently.
pub fn conformance_dir() -> PathBuf {
    let candidates: Vec<PathBuf> = match std::env::var_os("DOCKYARD_SHARED") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            vec![dir.join("conformance"), dir]
        }
        None => vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")],
    };
    for c in &candidates {
        if c.join("buildkit").is_dir() {
            return c.clone();
        }
    }
    panic!(
        "BuildKit conformance data not found (looked in {candidates:?}); \
         set DOCKYARD_SHARED to the shared folder"
    );
}

/// `(case name, Dockerfile source, expected dump)` for `parser/testfiles/*`, sorted by name.
pub fn parser_cases() -> Vec<(String, String, String)> {
    let dir = conformance_dir().join("buildkit/parser/testfiles");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(path.join("Dockerfile")).unwrap_or_else(|e| panic!("{name}/Dockerfile: {e}"));
        let result = std::fs::read_to_string(path.join("result")).unwrap_or_else(|e| panic!("{name}/result: {e}"));
        cases.push((name, src, result));
    }
    cases.sort();
    assert!(!cases.is_empty(), "no parser test cases in {}", dir.display());
    cases
}

/// `(case name, Dockerfile source)` for `parser/testfiles-negative/*`, sorted by name.
pub fn negative_cases() -> Vec<(String, String)> {
    let dir = conformance_dir().join("buildkit/parser/testfiles-negative");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(path.join("Dockerfile")).unwrap_or_else(|e| panic!("{name}/Dockerfile: {e}"));
        cases.push((name, src));
    }
    cases.sort();
    assert!(!cases.is_empty(), "no negative test cases in {}", dir.display());
    cases
}
