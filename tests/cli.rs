//! The command line as a user meets it: help with examples and exit codes,
//! the same exit codes across commands, limits refused by name, `--json`
//! events against their schema, `--files-from` and `--exclude`, quiet and
//! verbose output, completions and manual pages. Every test runs the real
//! binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_scr-ingest");

/// The public commands (the internal `worker` is not one).
const COMMANDS: [&str; 7] = [
    "run",
    "extract",
    "text",
    "validate",
    "schema",
    "completions",
    "man",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scr-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn scr(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder of three inputs (a review, a scan that warns, an empty PDF
/// that fails), a Word file and a draft.
fn inputs(dir: &Path) {
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::create_dir_all(dir.join("scans")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(root().join(from), dir.join(to)).unwrap();
    };
    copy("fixtures/text/t1-westbridge-child-kt.txt", "a-review.txt");
    copy("tests/data/bad/scanned.pdf", "scans/scanned.pdf");
    copy("tests/data/bad/empty.pdf", "empty.pdf");
    copy(
        "fixtures/briefings/b3-thornbury-jayden.html",
        "drafts/draft.html",
    );
    std::fs::write(dir.join("response.xlsx"), b"PK not read").unwrap();
}

fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap()
}

fn paths(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_command_has_examples_and_exit_codes_in_its_help() {
    for cmd in COMMANDS {
        let o = scr(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let help = text(&o.stdout);
        assert!(help.contains("Examples:"), "{cmd} --help: {help}");
        assert!(help.contains("Exit codes:"), "{cmd} --help: {help}");
        assert!(help.contains(&format!("scr-ingest {cmd}")), "{cmd}: {help}");
    }
    let top = text(&scr(&["--help"]).stdout);
    assert!(
        top.contains("Exit codes (the same for every command)"),
        "{top}"
    );
}

#[test]
fn bare_scr_ingest_shows_help_and_exits_2() {
    let dir = scratch("bare");
    // Outside the repository, where `fixtures/` is not.
    let o = Command::new(BIN).current_dir(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let help = text(&o.stderr);
    assert!(
        help.contains("Usage:") && help.contains("extract"),
        "{help}"
    );
    assert!(!dir.join("out").exists(), "a bare call ran a batch");
}

#[test]
fn a_file_that_cannot_be_read_exits_2_in_every_command() {
    let missing = "no-such-file.pdf";
    for cmd in ["extract", "text"] {
        let o = scr(&[cmd, missing]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(missing));
    }
    let out = scratch("missing-out");
    let o = scr(&["run", missing, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    // A file read but not a document is 1, in every command.
    let empty = root().join("tests/data/bad/empty.pdf");
    for cmd in ["extract", "text"] {
        let o = scr(&[cmd, empty.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", text(&o.stderr));
    }
}

#[test]
fn zero_and_negative_limits_are_refused_by_name() {
    let input = root().join("fixtures/text/t1-westbridge-child-kt.txt");
    let out = scratch("limits-out");
    let base = [
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    for flag in [
        "--timeout",
        "--max-pages",
        "--max-stream-mib",
        "--max-total-mib",
        "--max-objects",
        "--max-glyphs",
    ] {
        for value in ["0", "-1"] {
            let o = scr(&[&base[..], &[flag, value]].concat());
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{flag} {value}: {err}");
            assert!(err.contains(flag) && err.contains("at least 1"), "{err}");
        }
    }
    for flag in ["--jobs", "--max-memory-mib"] {
        let o = scr(&[&base[..], &[flag, "-2"]].concat());
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(flag));
    }
    // --jobs 0: every core, and the run goes.
    let o = scr(&[&base[..], &["--jobs", "0"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(report(&out)["totals"]["ok"], 1);
}

fn events(o: &Output) -> Vec<Value> {
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn check_against_schema(events: &[Value]) {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("schemas/scr-events.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for e in events {
        let errors: Vec<String> = validator.iter_errors(e).map(|x| x.to_string()).collect();
        assert!(errors.is_empty(), "{e}: {errors:?}");
    }
}

#[test]
fn json_events_are_ndjson_that_validate_against_their_schema() {
    let input = scratch("json-in");
    let out = scratch("json-out");
    inputs(&input);
    let args = [
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--exclude",
        "drafts",
    ];
    let o = scr(&args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).is_empty(), "stderr: {}", text(&o.stderr));
    let first = events(&o);
    check_against_schema(&first);
    let kinds: Vec<&str> = first.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"found"));
    assert_eq!(kinds.last(), Some(&"summary"));
    let of = |kind: &str| -> Vec<&Value> { first.iter().filter(|e| e["event"] == kind).collect() };
    let mut done: Vec<(String, String)> = of("done")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    done.sort();
    assert_eq!(
        done,
        [
            ("a-review.txt".to_string(), "ok".to_string()),
            ("empty.pdf".into(), "failed".into()),
            ("scans/scanned.pdf".into(), "warning".into()),
        ]
    );
    assert_eq!(of("started").len(), 3);
    let skipped: Vec<(&str, &str)> = of("skipped")
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("drafts", "excluded"),
            ("response.xlsx", "unsupported_type")
        ]
    );
    let summary = first.last().unwrap();
    assert_eq!(summary["exit_code"], 1);
    assert_eq!(summary["totals"], report(&out)["totals"]);
    // The events say what run.json says.
    let review = of("done")
        .into_iter()
        .find(|e| e["path"] == "a-review.txt")
        .unwrap();
    assert!(review["counts"]["lessons"].as_u64().unwrap() > 0);
    assert_eq!(review["document_type"], "response");

    // A rerun: reused files carry the warnings of the run that wrote them.
    let o = scr(&args);
    let again = events(&o);
    check_against_schema(&again);
    let scan = again
        .iter()
        .find(|e| e["event"] == "done" && e["path"] == "scans/scanned.pdf")
        .unwrap();
    assert_eq!(scan["reused"], true);
    assert_eq!(scan["status"], "warning");
    assert!(
        scan["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "no_text_layer"),
        "{scan}"
    );
    assert_eq!(
        again.last().unwrap()["reused_with_warnings"],
        serde_json::json!(["scans/scanned.pdf"])
    );

    // A run that cannot commit ends with an error event.
    let o = scr(&[
        "run",
        "/no/such/input",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let failed = events(&o);
    check_against_schema(&failed);
    assert_eq!(failed.last().unwrap()["event"], "error");
}

#[test]
fn lines_come_in_input_order_and_the_summary_names_what_was_passed_over() {
    let input = scratch("order-in");
    let out = scratch("order-out");
    inputs(&input);
    // More inputs than workers, so workers finish out of order.
    for i in 0..6 {
        std::fs::copy(
            root().join("fixtures/text/t1-westbridge-child-kt.txt"),
            input.join(format!("copy-{i}.txt")),
        )
        .unwrap();
    }
    let args = [
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let o = scr(&[&args[..], &["--jobs", "3"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let said = text(&o.stderr);
    let files: Vec<&str> = said
        .lines()
        .filter(|l| {
            ["ok ", "warning ", "FAILED ", "reused "]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(|l| l.split_whitespace().nth(1).unwrap().trim_end_matches(':'))
        .collect();
    let want = paths(&report(&out), "files");
    assert_eq!(files, want, "{said}");
    assert!(said.contains("1 skipped: unsupported type"), "{said}");

    // A rerun repeats the warnings of reused files in its summary.
    let o = scr(&args);
    let said = text(&o.stderr);
    assert!(
        said.contains("1 reused with warnings")
            && said.contains("scans/scanned.pdf (no_text_layer"),
        "{said}"
    );
    assert!(
        said.contains("warning  scans/scanned.pdf (reused)"),
        "{said}"
    );

    // -v names each skipped entry and each removed document.
    std::fs::remove_file(input.join("copy-5.txt")).unwrap();
    let o = scr(&[&args[..], &["-v"]].concat());
    let said = text(&o.stderr);
    assert!(
        said.contains("skipped  response.xlsx: unsupported type"),
        "{said}"
    );
    assert!(said.contains("removed  copy-5.txt.json"), "{said}");
    assert!(said.contains("1 document(s) removed"), "{said}");

    // -q: nothing but the failure.
    let o = scr(&[&args[..], &["-q", "--force"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.starts_with("FAILED   empty.pdf"), "{said}");
}

#[test]
fn files_from_reads_the_listed_paths_named_as_a_whole_run_names_them() {
    let work = scratch("list");
    let input = work.join("reviews");
    std::fs::create_dir_all(&input).unwrap();
    inputs(&input);
    std::fs::write(work.join("elsewhere.txt"), b"not under the input").unwrap();
    let out = work.join("out");
    let list = "reviews/scans/scanned.pdf\n./reviews/a-review.txt\r\nreviews/drafts/../a-review.txt\n\nelsewhere.txt\nreviews/drafts/draft.html\n";
    std::fs::write(work.join("list.txt"), list).unwrap();
    let o = Command::new(BIN)
        .current_dir(&work)
        .args([
            "run",
            "reviews",
            "--out",
            "out",
            "--files-from",
            "list.txt",
            "--exclude",
            "drafts/*.html",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let r = report(&out);
    assert_eq!(paths(&r, "files"), ["a-review.txt", "scans/scanned.pdf"]);
    let skipped: Vec<(String, String)> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("drafts/draft.html".to_string(), "excluded".to_string()),
            ("elsewhere.txt".into(), "outside_input".into()),
        ]
    );
    assert!(out.join("scans/scanned.pdf.json").exists());

    // From stdin, NUL-separated; the documents are those of a whole run,
    // so they are reused.
    let mut child = Command::new(BIN)
        .current_dir(&work)
        .args(["run", "reviews", "--out", "out", "--files-from", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"reviews/a-review.txt\0reviews/empty.pdf\0")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let r = report(&out);
    assert_eq!(paths(&r, "files"), ["a-review.txt", "empty.pdf"]);
    assert_eq!(r["totals"]["reused"], 1);
}

#[test]
fn a_wrong_password_is_named_as_such() {
    let locked = root().join("tests/data/bad/encrypted-password.pdf");
    let locked = locked.to_str().unwrap();
    let o = scr(&["extract", locked]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("encrypted: password required"));
    let o = scr(&["extract", "--password", "not-it", locked]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("encrypted: wrong password"),
        "{}",
        text(&o.stderr)
    );
    let out = scratch("password-out");
    let o = scr(&[
        "run",
        locked,
        "--out",
        out.to_str().unwrap(),
        "--password",
        "not-it",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        report(&out)["files"][0]["reason"],
        "encrypted: wrong password"
    );
    assert!(
        text(&o.stderr).contains("1 has a wrong password"),
        "{}",
        text(&o.stderr)
    );
    // A password given for other files does not stop one that opens
    // without any.
    let open = root().join("tests/data/bad/encrypted-empty.pdf");
    let o = scr(&["extract", "--password", "not-it", open.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn completions_and_manual_pages_come_from_the_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = scr(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = text(&o.stdout);
        for cmd in COMMANDS {
            assert!(script.contains(cmd), "{shell} completion lacks {cmd}");
        }
        assert!(script.contains("files-from"), "{shell}");
        assert!(
            !script.contains("max-memory-bytes"),
            "{shell} offers the worker"
        );
    }
    let o = scr(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = text(&o.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH scr-ingest 1"),
        "{page}"
    );
    for cmd in COMMANDS {
        assert!(
            page.contains(&format!("scr\\-ingest\\-{cmd}(1)")),
            "man lacks {cmd}"
        );
    }
    let o = scr(&["man", "run"]);
    assert_eq!(o.status.code(), Some(0));
    let page = text(&o.stdout);
    assert!(page.contains(".TH scr-ingest-run 1"), "{page}");
    assert!(page.contains("\\-\\-files\\-from") && page.contains("Exit codes"));
    assert_eq!(scr(&["man", "worker"]).status.code(), Some(2));
    assert_eq!(scr(&["completions", "tcsh"]).status.code(), Some(2));
}
