//! Golden tests: every fixture through the library, compared whole with
//! `tests/expected/<fixture>.json`, and every output validated.
//!
//! To accept a change in the output, run `SCR_BLESS=1 cargo test --test
//! golden` and review the diff of `tests/expected/` before committing.

use std::path::{Path, PathBuf};

use scr_ingest::discover::discover;
use scr_ingest::pipeline::process_file;
use scr_ingest::read::ReadOptions;
use scr_ingest::validate::violations;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// First place where two JSON values differ, as a pointer with both sides.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(&format!("{path}/{k}"), va, vb) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let (va, vb) = (
                    x.get(i).unwrap_or(&Value::Null),
                    y.get(i).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(&format!("{path}/{i}"), va, vb) {
                    return Some(d);
                }
            }
            None
        }
        _ if a == b => None,
        _ => Some(format!("{path}: got {a}, expected {b}")),
    }
}

fn fixtures() -> Vec<scr_ingest::discover::Input> {
    // fixtures/src/ carries the ignore marker, so only rendered documents.
    discover(&root().join("fixtures")).expect("fixtures folder")
}

#[test]
fn every_fixture_matches_its_golden_json() {
    let bless = std::env::var_os("SCR_BLESS").is_some();
    let inputs = fixtures();
    assert!(
        inputs.len() >= 5,
        "expected the fixture documents, found {}",
        inputs.len()
    );
    let mut failures = Vec::new();
    for input in &inputs {
        let doc = match process_file(&input.path, &input.rel, &ReadOptions::default()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: failed: {e}", input.rel));
                continue;
            }
        };
        let got = serde_json::to_value(&doc).expect("serialises");
        let expected_path: PathBuf = root()
            .join("tests/expected")
            .join(format!("{}.json", input.rel));
        if bless {
            std::fs::create_dir_all(expected_path.parent().unwrap_or(Path::new("."))).unwrap();
            let mut text = serde_json::to_string_pretty(&got).unwrap();
            text.push('\n');
            std::fs::write(&expected_path, text).unwrap();
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!(
                "{}: no {}; run with SCR_BLESS=1",
                input.rel,
                expected_path.display()
            ));
            continue;
        };
        let expected: Value = serde_json::from_str(&text).expect("golden JSON parses");
        if let Some(d) = first_difference("", &got, &expected) {
            failures.push(format!("{}: {d}", input.rel));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fixture_output_validates_against_the_schema() {
    for input in fixtures() {
        let doc = process_file(&input.path, &input.rel, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", input.rel));
        let v = violations(&serde_json::to_value(&doc).unwrap());
        assert!(v.is_empty(), "{}: {v:?}", input.rel);
    }
}

#[test]
fn golden_files_themselves_validate() {
    let mut stack = vec![root().join("tests/expected")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                let errs = violations(&v);
                assert!(errs.is_empty(), "{}: {errs:?}", p.display());
            }
        }
    }
}
