//! The output folder as a transaction, tested with real processes and real
//! signals: kills at random points, kills between summary files, two runs
//! at once, changed inputs, a full disk, a parent killed under its worker,
//! odd names, planted links, formula cells. After every fault the folder
//! is checked with `scr-ingest validate --folder`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scr-out-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SOURCES: [&str; 4] = [
    "fixtures/text/t1-westbridge-child-kt.txt",
    "fixtures/briefings/b1-eastmoor-ruby.html",
    "fixtures/briefings/b2-harrowfield-reviews.html",
    "fixtures/briefings/b3-thornbury-jayden.html",
];

/// `n` small inputs cycling through the fixtures' text and HTML documents.
fn inputs(dir: &Path, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let src = root().join(SOURCES[i % SOURCES.len()]);
            let ext = src.extension().unwrap().to_str().unwrap().to_string();
            let name = format!("doc{i:03}.{ext}");
            std::fs::copy(&src, dir.join(&name)).unwrap();
            name
        })
        .collect()
}

fn run(input: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn spawn(input: &Path, out: &Path, extra: &[&str]) -> Child {
    bin()
        .env("SCR_INGEST_INJECT_FAULTS", "1")
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap()
}

/// The checker must find the folder consistent.
fn assert_consistent(out: &Path) {
    let o = bin()
        .args(["validate", "--folder"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "folder {} inconsistent:\n{}",
        out.display(),
        String::from_utf8_lossy(&o.stdout)
    );
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

/// Waits for a line containing `needle` on the child's stderr; the rest
/// of stderr is collected by the returned thread.
fn wait_for_line(child: &mut Child, needle: &str) -> std::thread::JoinHandle<String> {
    let err = child.stderr.take().unwrap();
    let mut lines = BufReader::new(err).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let hit = line.contains(needle);
        seen.push(line);
        if hit {
            // Keep reading, so the child's stderr stays open.
            return std::thread::spawn(move || {
                lines.map_while(Result::ok).collect::<Vec<_>>().join("\n")
            });
        }
    }
    panic!("never saw {needle:?}: {seen:?}");
}

/// What a reader of OUT/run.json, items.jsonl and items.csv sees must be
/// one run's set: run.json's seals match the files beside it.
fn assert_one_set(out: &Path) {
    let r = report(out);
    for seal in r["summary_files"].as_array().unwrap() {
        let name = seal["name"].as_str().unwrap();
        if name == "manifest.json" {
            continue;
        }
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(
            bytes.len() as u64,
            seal["bytes"].as_u64().unwrap(),
            "{name} mixed"
        );
    }
    let items = std::fs::read_to_string(out.join("items.jsonl")).unwrap();
    assert_eq!(
        items.lines().count() as u64,
        r["totals"]["items"].as_u64().unwrap()
    );
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".scr-tmp") {
            found.push(e.path());
        } else if e.file_type().unwrap().is_dir() {
            found.extend(temp_files(&e.path()));
        }
    }
    found
}

#[test]
fn changed_inputs_leave_no_stale_document_and_unchanged_ones_are_reused() {
    let input = scratch("changed-in");
    let out = scratch("changed-out");
    let names = inputs(&input, 4);
    std::fs::write(out.join("keep.json"), b"{}").unwrap();
    // Named like a document but not one of ours: never removed.
    std::fs::write(
        out.join("theirs.pdf.json"),
        b"{\"made_by\": \"someone else\"}",
    )
    .unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_consistent(&out);

    let first_items = std::fs::read(out.join("items.jsonl")).unwrap();
    let first_csv = std::fs::read(out.join("items.csv")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(report(&out)["totals"]["reused"], 4);
    // Records copied for reused documents equal those rendered afresh.
    assert!(std::fs::read(out.join("items.jsonl")).unwrap() == first_items);
    assert!(std::fs::read(out.join("items.csv")).unwrap() == first_csv);
    assert_consistent(&out);

    // One removed, one renamed, one now failing.
    std::fs::remove_file(input.join(&names[0])).unwrap();
    std::fs::rename(input.join(&names[1]), input.join("renamed.html")).unwrap();
    std::fs::write(input.join(&names[2]), b"").unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = report(&out);
    assert_eq!(r["totals"]["reused"], 1, "{r}");
    for gone in &names[..3] {
        assert!(!out.join(format!("{gone}.json")).exists(), "{gone} stale");
    }
    assert!(out.join("renamed.html.json").exists());
    assert!(out.join(format!("{}.json", names[3])).exists());
    assert_eq!(r["removed"].as_array().unwrap().len(), 3, "{r}");
    assert!(
        out.join("keep.json").exists(),
        "a file not ours was removed"
    );
    assert_consistent(&out);

    // --keep-stale keeps a failed input's document and lists it.
    std::fs::copy(root().join(SOURCES[0]), input.join(&names[2])).unwrap();
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    std::fs::write(input.join(&names[2]), b"").unwrap();
    let o = run(&input, &out, &["--keep-stale"]);
    assert_eq!(o.status.code(), Some(1));
    let stale = format!("{}.json", names[2]);
    assert!(out.join(&stale).exists());
    assert_eq!(report(&out)["stale"][0], stale.as_str());
    assert_consistent(&out);

    let o = run(&input, &out, &["--force"]);
    assert_eq!(report(&out)["totals"]["reused"], 0, "{}", stderr(&o));
    assert_consistent(&out);
}

#[test]
fn kill_at_random_points_then_rerun() {
    let input = scratch("kill-in");
    let out = scratch("kill-out");
    inputs(&input, 12);
    let seed = Instant::now().elapsed().as_nanos() as u64
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
    let mut x = seed | 1;
    for round in 0..5 {
        // xorshift: random kill points, the seed printed to reproduce.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let wait = Duration::from_millis(x % 900);
        let mut child = spawn(&input, &out, &["--jobs", "2", "--force"]);
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        if out.join("run.json").exists() {
            assert_one_set(&out);
        }
        eprintln!("seed {seed}: round {round} killed after {wait:?}");
    }
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "seed {seed}: {}", stderr(&o));
    assert!(
        temp_files(&out).is_empty(),
        "seed {seed}: {:?}",
        temp_files(&out)
    );
    assert_consistent(&out);
    assert_eq!(report(&out)["totals"]["files"], 12);
}

#[test]
fn kill_between_summary_files_never_shows_a_mix() {
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("mix-in");
    let out = scratch("mix-out");
    inputs(&input, 3);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let before: Vec<Vec<u8>> = ["run.json", "items.jsonl", "items.csv"]
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    // Change an input so the new set differs from the old.
    std::fs::copy(root().join(SOURCES[3]), input.join("doc000.txt")).unwrap();
    let mut child = bin()
        .env("SCR_INGEST_INJECT_FAULTS", "1")
        .env("SCR_INGEST_PAUSE_COMMIT", "5000")
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_line(&mut child, "pausing between summary files");
    child.kill().unwrap();
    child.wait().unwrap();
    let after: Vec<Vec<u8>> = ["run.json", "items.jsonl", "items.csv"]
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    assert!(before == after, "a half-committed set is visible");
    assert_one_set(&out);
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_consistent(&out);
}

#[test]
fn second_run_is_refused_and_sigterm_commits_what_was_done() {
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("busy-in");
    let out = scratch("busy-out");
    inputs(&input, 3);
    std::fs::copy(root().join(SOURCES[0]), input.join("fault-hang.txt")).unwrap();
    let mut first = spawn(&input, &out, &["--jobs", "1", "--timeout", "60"]);
    // The three good files come before fault-hang.txt in sorted order.
    let rest = wait_for_line(&mut first, "doc002");
    let t = Instant::now();
    let second = run(&input, &out, &[]);
    assert_eq!(second.status.code(), Some(4), "{}", stderr(&second));
    assert!(t.elapsed() < Duration::from_secs(5), "second run waited");
    let msg = stderr(&second);
    assert!(
        msg.contains("another scr-ingest run") && msg.contains(out.to_str().unwrap()),
        "{msg}"
    );

    signal(first.id(), "TERM");
    let status = first.wait().unwrap();
    let rest = rest.join().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("interrupted: 3 files done"), "{rest}");
    let r = report(&out);
    assert_eq!(r["status"], "interrupted");
    assert_eq!(r["totals"]["files"], 3, "{r}");
    assert_eq!(r["not_reached"][0], "fault-hang.txt");
    assert_consistent(&out);

    // The next run resumes: what was done is reused.
    std::fs::remove_file(input.join("fault-hang.txt")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(report(&out)["totals"]["reused"], 3);
    assert_consistent(&out);
}

/// A worker that dies while idle, between files, is replaced: the next,
/// innocent file is not reported as crashed.
#[test]
fn idle_worker_death_is_not_the_next_files_fault() {
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("idle-in");
    let out = scratch("idle-out");
    for name in ["a-good.txt", "fault-idle-death.txt", "z-good.txt"] {
        std::fs::copy(root().join(SOURCES[0]), input.join(name)).unwrap();
    }
    let o = bin()
        .env("SCR_INGEST_INJECT_FAULTS", "1")
        .args(["run", "--jobs", "1", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&out);
    for f in r["files"].as_array().unwrap() {
        assert_eq!(f["status"], "ok", "{f}");
    }
    assert_consistent(&out);
}

/// Ctrl-C at a terminal is SIGINT: handled as SIGTERM is.
#[test]
fn sigint_commits_an_interrupted_set() {
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("int-in");
    let out = scratch("int-out");
    inputs(&input, 1);
    std::fs::copy(root().join(SOURCES[0]), input.join("fault-hang.txt")).unwrap();
    let mut child = spawn(&input, &out, &["--jobs", "1", "--timeout", "60"]);
    let rest = wait_for_line(&mut child, "doc000");
    std::thread::sleep(Duration::from_millis(200));
    signal(child.id(), "INT");
    let t = Instant::now();
    let status = child.wait().unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "a running file held the run"
    );
    let rest = rest.join().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("run again to resume"), "{rest}");
    assert_eq!(report(&out)["status"], "interrupted");
    assert_consistent(&out);
}

fn children_of(pid: u32) -> Vec<u32> {
    let mut kids = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
            continue;
        };
        // Fields after the parenthesised name: state, ppid, ...
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|f| f.parse::<u32>().ok()) == Some(pid) {
            kids.push(p);
        }
    }
    kids
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| r.split_whitespace().next() != Some("Z"))
        })
        .unwrap_or(false)
}

#[test]
fn worker_dies_within_a_second_of_its_parent() {
    if !cfg!(debug_assertions) || !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: needs a debug build and /proc");
        return;
    }
    let input = scratch("orphan-in");
    let out = scratch("orphan-out");
    std::fs::copy(root().join(SOURCES[0]), input.join("fault-hang.txt")).unwrap();
    let mut parent = spawn(&input, &out, &["--jobs", "1", "--timeout", "120"]);
    let t = Instant::now();
    let worker = loop {
        if let Some(&w) = children_of(parent.id()).first() {
            break w;
        }
        assert!(t.elapsed() < Duration::from_secs(10), "no worker started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Let the worker take the file, then kill the parent outright.
    std::thread::sleep(Duration::from_millis(300));
    parent.kill().unwrap();
    parent.wait().unwrap();
    let t = Instant::now();
    while alive(worker) && t.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = t.elapsed();
    assert!(!alive(worker), "worker {worker} outlived its parent");
    assert!(took < Duration::from_secs(1), "worker took {took:?} to go");
}

#[test]
fn non_utf8_names_are_read_and_kept_apart_in_both_modes() {
    use std::os::unix::ffi::OsStrExt;
    let input = scratch("names-in");
    let a = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let b = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
    if std::fs::copy(root().join(SOURCES[0]), input.join(a)).is_err() {
        eprintln!("skipped: this filesystem refuses non-UTF-8 names");
        return;
    }
    std::fs::copy(root().join(SOURCES[0]), input.join(b)).unwrap();
    for mode in [&[][..], &["--in-process"][..]] {
        let out = scratch("names-out");
        let o = run(&input, &out, mode);
        assert_eq!(o.status.code(), Some(0), "{mode:?}: {}", stderr(&o));
        assert!(out.join("caf%E9.txt.json").exists());
        assert!(out.join("caf%E8.txt.json").exists());
        let items = std::fs::read_to_string(out.join("items.jsonl")).unwrap();
        let docs: std::collections::BTreeSet<String> = items
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["document"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(docs.len(), 2, "{mode:?}: {docs:?}");
        assert_consistent(&out);
    }
}

#[test]
fn dangling_links_and_unreadable_folders_are_listed_as_skipped() {
    let input = scratch("skip-in");
    let out = scratch("skip-out");
    inputs(&input, 1);
    std::os::unix::fs::symlink(input.join("gone.pdf"), input.join("dangling.pdf")).unwrap();
    std::fs::write(input.join("notes.docx"), b"PK").unwrap();
    // A path longer than PATH_MAX, built one relative step at a time.
    let long = "d".repeat(200);
    let built = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cd '{}' && for i in $(seq 22); do mkdir {long} && cd {long} || exit 1; done && echo text > deep.txt",
            input.display()
        ))
        .status()
        .is_ok_and(|s| s.success());
    std::fs::create_dir(input.join("locked")).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("locked/inner.txt")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(input.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder whatever its mode; run as an unprivileged user
    // where that is possible, so the folder is really unreadable.
    let root_user = std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false);
    let o = if root_user {
        let setpriv = Command::new("setpriv").arg("--version").output();
        if setpriv.is_err() {
            eprintln!("skipped the unreadable folder: running as root without setpriv");
            return;
        }
        for d in [&input, &out] {
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_scr-ingest"))
            .arg("run")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    } else {
        run(&input, &out, &[])
    };
    std::fs::set_permissions(input.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&out);
    let reason = |p: &str| {
        r["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"] == p)
            .map(|s| s["reason"].as_str().unwrap().to_string())
    };
    assert_eq!(
        reason("dangling.pdf").as_deref(),
        Some("dangling_link"),
        "{r}"
    );
    assert_eq!(
        reason("notes.docx").as_deref(),
        Some("unsupported_type"),
        "{r}"
    );
    assert_eq!(
        reason("locked").as_deref(),
        Some("unreadable_folder"),
        "{r}"
    );
    if built {
        let too_long = r["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["reason"] == "path_too_long");
        assert!(too_long, "{r}");
    } else {
        eprintln!("path_too_long not checked: could not build a path over PATH_MAX here");
    }
    assert!(
        stderr(&o).contains("skipped: unsupported type"),
        "{}",
        stderr(&o)
    );
    assert_consistent(&out);
}

#[test]
fn planted_links_are_never_followed() {
    let input = scratch("plant-in");
    let out = scratch("plant-out");
    let victim_dir = scratch("plant-victim");
    let names = inputs(&input, 1);
    let victim = victim_dir.join("precious");
    std::fs::write(&victim, b"keep me").unwrap();
    // At a temporary-looking name and at the document's own name.
    let planted_tmp = out.join(format!(".{}.json.1234.scr-tmp", names[0]));
    std::os::unix::fs::symlink(&victim, &planted_tmp).unwrap();
    let planted_doc = out.join(format!("{}.json", names[0]));
    std::os::unix::fs::symlink(&victim, &planted_doc).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert!(!planted_tmp.exists() && std::fs::symlink_metadata(&planted_tmp).is_err());
    assert!(
        !std::fs::symlink_metadata(&planted_doc)
            .unwrap()
            .is_symlink()
    );
    assert_consistent(&out);
}

#[test]
fn formula_cells_are_neutralised_in_csv_and_exact_in_jsonl() {
    let input = scratch("formula-in");
    let out = scratch("formula-out");
    std::fs::copy(root().join(SOURCES[0]), input.join("=HYPERLINK(1).txt")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("items.csv")).unwrap();
    assert!(
        csv.contains(",'=HYPERLINK(1).txt,"),
        "{}",
        &csv[..300.min(csv.len())]
    );
    assert!(!csv.contains(",=HYPERLINK"));
    let jsonl = std::fs::read_to_string(out.join("items.jsonl")).unwrap();
    assert!(jsonl.contains("\"document\":\"=HYPERLINK(1).txt\""));
    assert_consistent(&out);
}

#[test]
fn read_only_output_is_refused_before_any_work() {
    let input = scratch("ro-in");
    inputs(&input, 1);
    let o = run(&input, Path::new("/proc/scr-ingest-out"), &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let msg = stderr(&o);
    assert!(
        msg.contains("/proc/scr-ingest-out") && msg.contains("--out"),
        "{msg}"
    );
}

/// A full disk under a folder holding a good run: exit 3, the good set
/// kept. Needs a small tmpfs (root, and a kernel that allows the mount).
#[test]
fn disk_full_keeps_the_last_good_set() {
    let mnt = scratch("full-mnt");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root and mount rights)");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let input = scratch("full-in");
        inputs(&input, 3);
        let out = mnt.join("out");
        let o = run(&input, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let good: Vec<Vec<u8>> = ["run.json", "items.jsonl", "items.csv"]
            .iter()
            .map(|n| std::fs::read(out.join(n)).unwrap())
            .collect();
        // Fill the disk to the last byte.
        let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
        let _ = std::io::Write::write_all(&mut filler, &[0u8]);
        drop(filler);
        let o = run(&input, &out, &["--force"]);
        assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
        let msg = stderr(&o);
        assert!(
            msg.contains(out.to_str().unwrap()) && msg.contains("space"),
            "{msg}"
        );
        let now: Vec<Vec<u8>> = ["run.json", "items.jsonl", "items.csv"]
            .iter()
            .map(|n| std::fs::read(out.join(n)).unwrap())
            .collect();
        assert!(good == now, "the last good summary set was replaced");
        assert_consistent(&out);

        // Room for the writability check but not for the documents: the
        // run fails while writing them, and still keeps the good set.
        let filler = std::fs::OpenOptions::new()
            .write(true)
            .open(mnt.join("filler"))
            .unwrap();
        let len = filler.metadata().unwrap().len();
        filler.set_len(len.saturating_sub(8192)).unwrap();
        drop(filler);
        let o = run(&input, &out, &["--force"]);
        assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
        assert!(stderr(&o).contains("space"), "{}", stderr(&o));
        let now: Vec<Vec<u8>> = ["run.json", "items.jsonl", "items.csv"]
            .iter()
            .map(|n| std::fs::read(out.join(n)).unwrap())
            .collect();
        assert!(good == now, "the last good summary set was replaced");
        std::fs::remove_file(mnt.join("filler")).unwrap();
        assert_consistent(&out);
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
