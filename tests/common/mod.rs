//! What the integration tests that run the binary over fixtures share:
//! the repository root, scratch folders, a run, the folder checker, and
//! the real readers (Python packages) that CI must have.

// Each test crate uses its own part of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An empty folder of this test process.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("scr-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `scr-ingest run INPUT --out OUT EXTRA…`.
pub fn run(input: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// A run that must succeed.
pub fn run_ok(input: &Path, out: &Path) {
    let o = run(input, out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `validate --folder OUT` says the folder is consistent.
pub fn assert_consistent(out: &Path) {
    let v = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .args(["validate", "--folder"])
        .arg(out)
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

/// Whether the Python package `module` can be imported; in CI (`CI` set)
/// it must be, as `.ci/run` installs it.
pub fn python_has(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI: the {module} Python package is missing (.ci/run installs it)"
    );
    if !ok {
        eprintln!("skipped: no {module} Python package (pip install {module})");
    }
    ok
}
