//! Bad input never stops the batch: a folder mixing good documents with
//! broken ones writes every good one, names every bad one with its reason,
//! and exits 1.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scr-bad-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn file_entry<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} missing from run.json"))
}

fn run_batch(input: &Path, out: &Path, extra: &[&str]) -> (i32, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    (
        output.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn mixed_folder_writes_good_files_and_names_bad_ones() {
    let input = scratch("in");
    let out = scratch("out");
    copy_dir(&root().join("tests/data/bad"), &input);
    std::fs::copy(
        root().join("fixtures/text/t1-westbridge-child-kt.txt"),
        input.join("good.txt"),
    )
    .unwrap();
    // Cut so short that no page survives: a failure, not a recovery.
    let bytes = std::fs::read(root().join("tests/data/bad/truncated.pdf")).unwrap();
    std::fs::write(input.join("cut.pdf"), &bytes[..300]).unwrap();
    // A file from an earlier run must survive: outputs are replaced one by one.
    std::fs::write(out.join("keep.json"), b"{}").unwrap();

    for extra in [&[][..], &["--in-process"][..]] {
        let (code, report, stderr) = run_batch(&input, &out, extra);
        assert_eq!(code, 1, "{stderr}");
        let status = |p: &str| {
            file_entry(&report, p)["status"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let reason = |p: &str| {
            file_entry(&report, p)["reason"]
                .as_str()
                .unwrap_or("")
                .to_string()
        };

        assert_eq!(status("good.txt"), "ok");
        assert!(out.join("good.txt.json").exists());
        // A truncated file is recovered as far as its objects allow, and
        // says so.
        assert_eq!(status("truncated.pdf"), "warning");
        assert!(reason("truncated.pdf").contains("truncated"));
        assert_eq!(status("encrypted-password.pdf"), "failed");
        assert_eq!(
            reason("encrypted-password.pdf"),
            "encrypted: password required"
        );
        assert_ne!(
            status("encrypted-empty.pdf"),
            "failed",
            "{}",
            reason("encrypted-empty.pdf")
        );
        assert_eq!(status("empty.pdf"), "failed");
        assert_eq!(reason("empty.pdf"), "empty file");
        assert_eq!(status("webpage.pdf"), "failed");
        assert!(
            reason("webpage.pdf").starts_with("not a PDF"),
            "{}",
            reason("webpage.pdf")
        );
        assert_eq!(status("scanned.pdf"), "warning");
        assert!(reason("scanned.pdf").contains("no text layer; OCR needed"));
        assert!(out.join("scanned.pdf.json").exists());
        assert_eq!(status("cut.pdf"), "failed");
        for bad in [
            "cut.pdf",
            "encrypted-password.pdf",
            "empty.pdf",
            "webpage.pdf",
        ] {
            assert!(!out.join(format!("{bad}.json")).exists(), "{bad} written");
            assert!(stderr.contains(bad), "stderr does not name {bad}: {stderr}");
        }
        assert!(out.join("keep.json").exists());
        assert!(out.join("items.jsonl").exists() && out.join("items.csv").exists());
    }
}

#[test]
fn password_opens_an_encrypted_file() {
    let out = scratch("pw");
    let file = root().join("tests/data/bad/encrypted-password.pdf");
    let (code, report, stderr) = run_batch(&file, &out, &["--password", "user"]);
    assert_eq!(code, 0, "{stderr} {report}");
}

#[test]
fn unrelated_document_is_written_as_unknown_with_a_warning() {
    let out = scratch("unrelated");
    let file = root().join("tests/data/bad/unrelated.pdf");
    let (code, report, _) = run_batch(&file, &out, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["files"][0]["status"], "warning");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("unrelated.pdf.json")).unwrap()).unwrap();
    assert_eq!(doc["document_type"], "unknown");
    assert!(!doc["paragraphs"].as_array().unwrap().is_empty());
}

#[test]
fn usage_error_exits_2() {
    let status = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("--no-such-flag")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[test]
fn missing_input_folder_is_a_usage_error() {
    let out = scratch("missing");
    let status = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .args(["run", "/nonexistent/folder", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

/// A worker that aborts, overflows its stack or hangs costs only the file
/// it was reading: the worker is replaced and every other file is written.
/// The faults are injected by a debug-build hook (`worker::inject_fault`),
/// standing in for a dependency that crashes.
#[test]
fn crashing_or_hanging_worker_costs_only_its_file() {
    // The hook exists in debug builds only; `cargo test --release` has no
    // way to make a worker fail on demand.
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("faults-in");
    let out = scratch("faults-out");
    let good = root().join("fixtures/text/t1-westbridge-child-kt.txt");
    for name in [
        "a-good.txt",
        "fault-abort.txt",
        "fault-hang.txt",
        "fault-overflow.txt",
        "z-good.txt",
    ] {
        std::fs::copy(&good, input.join(name)).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .env("SCR_INGEST_INJECT_FAULTS", "1")
        .args(["run", "--jobs", "1", "--timeout", "3", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    for good in ["a-good.txt", "z-good.txt"] {
        assert_eq!(file_entry(&report, good)["status"], "ok", "{good}");
        assert!(out.join(format!("{good}.json")).exists(), "{good}");
    }
    let abort = file_entry(&report, "fault-abort.txt");
    assert_eq!(abort["status"], "failed");
    assert!(
        abort["reason"].as_str().unwrap().contains("signal 6"),
        "{abort}"
    );
    let overflow = file_entry(&report, "fault-overflow.txt");
    assert_eq!(overflow["status"], "failed");
    assert!(
        overflow["reason"].as_str().unwrap().contains("signal"),
        "{overflow}"
    );
    let hang = file_entry(&report, "fault-hang.txt");
    assert_eq!(hang["status"], "failed");
    assert_eq!(hang["code"], "timeout", "{hang}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fault-abort.txt"), "{stderr}");
}
