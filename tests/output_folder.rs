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
    // One byte more, so that the second is not a duplicate of the first
    // (whose items the tables would not repeat).
    let mut other = std::fs::read(root().join(SOURCES[0])).unwrap();
    other.push(b'\n');
    std::fs::write(input.join(b), other).unwrap();
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
    std::fs::write(input.join("notes.xlsx"), b"PK").unwrap();
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
        reason("notes.xlsx").as_deref(),
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

fn manifest(out: &Path) -> Value {
    let gen_dir = out.join(".scr-ingest/current");
    serde_json::from_slice(&std::fs::read(gen_dir.join("manifest.json")).unwrap()).unwrap()
}

fn validate(out: &Path) -> (i32, String) {
    let o = bin()
        .args(["validate", "--folder"])
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn reused(out: &Path) -> u64 {
    report(out)["totals"]["reused"].as_u64().unwrap()
}

#[test]
fn another_build_reprocesses_and_validate_says_so() {
    let input = scratch("build-in");
    let out = scratch("build-out");
    let bins = scratch("build-bin");
    inputs(&input, 3);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(reused(&out), 3, "the same build reuses");
    let build = report(&out)["build"].as_str().unwrap().to_string();
    assert!(build.starts_with(env!("CARGO_PKG_VERSION")) && build.len() > 10);

    // The same version, another binary: as after installing a newer build.
    let other = bins.join("scr-ingest");
    let mut bytes = std::fs::read(env!("CARGO_BIN_EXE_scr-ingest")).unwrap();
    bytes.extend_from_slice(b"\0another build");
    std::fs::write(&other, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let o = Command::new(&other)
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(reused(&out), 0, "another build reused documents");
    let other_build = report(&out)["build"].as_str().unwrap().to_string();
    assert_ne!(other_build, build);
    for (_, e) in manifest(&out)["inputs"].as_object().unwrap() {
        assert_eq!(e["build"], other_build.as_str());
    }
    // The first build's checker: consistent, and says whose they are.
    let (code, text) = validate(&out);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("another build") && text.contains(&other_build),
        "{text}"
    );
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(reused(&out), 0, "the first build reused the other's");
    let (code, text) = validate(&out);
    assert!(code == 0 && !text.contains("another build"), "{text}");
    // The copy of the binary is large (a debug build: about 200 MB).
    let _ = std::fs::remove_dir_all(&bins);
}

#[test]
fn truncated_and_cut_reads_are_never_reused() {
    // The cut-read hook is compiled into debug builds only.
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("partial-in");
    let out = scratch("partial-out");
    let marker = scratch("partial-marker").join("cut-done");
    let html = std::fs::read(root().join(SOURCES[1])).unwrap();
    // A download cut short in the middle of an element.
    let cut = html.len() * 2 / 3;
    let mut part = html[..cut].to_vec();
    part.extend_from_slice(b"<p>Lesson one is");
    std::fs::write(input.join("cut.html"), &part).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("whole.txt")).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("fault-cut-read.txt")).unwrap();
    let go = || {
        bin()
            .env("SCR_INGEST_INJECT_FAULTS", "1")
            .env("SCR_INGEST_CUT_MARKER", &marker)
            .arg("run")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let o = go();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("fault-cut-read.txt: changed while it was read"),
        "{}",
        stderr(&o)
    );
    let m = manifest(&out);
    assert_eq!(m["inputs"]["cut.html"]["partial"], true, "{m}");
    assert_eq!(m["inputs"]["fault-cut-read.txt"]["partial"], true, "{m}");
    assert!(m["inputs"]["whole.txt"].get("partial").is_none());
    // The manifest vouches for the bytes that were parsed, not the file
    // the parent looked at before it was cut.
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("fault-cut-read.txt.json")).unwrap())
            .unwrap();
    assert_eq!(
        m["inputs"]["fault-cut-read.txt"]["sha256"],
        doc["source"]["sha256"]
    );
    assert_consistent(&out);
    for _ in 0..2 {
        let o = go();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let r = report(&out);
        let by: std::collections::HashMap<&str, bool> = r["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap(), f["reused"].as_bool().unwrap()))
            .collect();
        assert!(by["whole.txt"], "{r}");
        assert!(!by["cut.html"], "a truncated document was reused: {r}");
        assert_consistent(&out);
    }
    // Read whole (as it now is) by the second run, it is reused by the third.
    assert!(
        report(&out)["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "fault-cut-read.txt" && f["reused"] == true)
    );
}

#[test]
fn damaged_seals_are_named_and_what_they_cover_is_read_again() {
    let input = scratch("seal-in");
    let out = scratch("seal-out");
    inputs(&input, 4);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let gen_dir = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();

    // One digit of one record offset changed in the manifest.
    let path = gen_dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\"csv_offset\": ").unwrap() + "\"csv_offset\": ".len();
    let digit = text.as_bytes()[at];
    let mut damaged = text.clone().into_bytes();
    damaged[at] = if digit == b'9' { b'8' } else { digit + 1 };
    std::fs::write(&path, damaged).unwrap();
    let (code, said) = validate(&out);
    assert!(code == 1 && said.contains("manifest.json"), "{said}");
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("manifest.json: does not match the seal"),
        "{}",
        stderr(&o)
    );
    assert_eq!(reused(&out), 0, "a damaged manifest was trusted");
    assert!(
        report(&out)["notices"][0]
            .as_str()
            .unwrap()
            .contains("manifest.json")
    );
    for line in std::fs::read_to_string(out.join("items.jsonl"))
        .unwrap()
        .lines()
    {
        serde_json::from_str::<Value>(line).expect("every record parses");
    }
    assert_consistent(&out);

    // Damaged flat files: the documents (their own seals hold) are reused,
    // the records rendered from them, not copied.
    let gen_dir = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();
    let good = std::fs::read(out.join("items.jsonl")).unwrap();
    let mut bad = good.clone();
    bad[10] ^= 0x20;
    std::fs::write(gen_dir.join("items.jsonl"), &bad).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("items.jsonl: does not match the seal"));
    assert_eq!(reused(&out), 4);
    assert!(std::fs::read(out.join("items.jsonl")).unwrap() == good);
    assert_consistent(&out);

    // A document edited behind the manifest's back is named and read again.
    let doc = out.join("doc001.html.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&doc).unwrap()).unwrap();
    v["title"] = Value::from("edited by hand");
    std::fs::write(&doc, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("doc001.html.json: does not match the manifest's seal"),
        "{}",
        stderr(&o)
    );
    assert_eq!(reused(&out), 3);
    assert_ne!(
        serde_json::from_slice::<Value>(&std::fs::read(&doc).unwrap()).unwrap()["title"],
        "edited by hand"
    );
    assert_consistent(&out);
}

/// Changes one letter or digit of the second half of `path` in place and
/// sets its modification time back, as `touch -d` does: size, modification
/// time, device and inode are as before; only the change time, which no
/// user program can set back, tells.
fn edit_in_place_keeping_size_and_mtime(path: &Path) {
    use std::os::unix::fs::{FileExt, MetadataExt};
    let m = std::fs::metadata(path).unwrap();
    let was = std::fs::read(path).unwrap();
    let at = was
        .iter()
        .enumerate()
        .skip(was.len() / 2)
        .find(|(_, c)| c.is_ascii_alphanumeric())
        .unwrap()
        .0;
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let swapped = if was[at] == b'1' { b'2' } else { b'1' };
    f.write_all_at(&[swapped], at as u64).unwrap();
    drop(f);
    let when = format!("@{}.{:09}", m.mtime(), m.mtime_nsec());
    let touched = Command::new("touch")
        .args(["-m", "-d", &when])
        .arg(path)
        .status()
        .unwrap();
    assert!(touched.success());
    let now = std::fs::metadata(path).unwrap();
    let stamp = |m: &std::fs::Metadata| (m.len(), m.mtime(), m.mtime_nsec(), m.dev(), m.ino());
    assert_eq!(stamp(&now), stamp(&m));
    assert_ne!(std::fs::read(path).unwrap(), was);
}

/// A rerun over an unchanged folder trusts the committed flat files, the
/// inputs and the documents by their stamps (taken by the last run) and
/// reads none of them; the flat files are linked into the new set. A file
/// edited in place, keeping its size, with its modification time set back
/// (`touch -d`), still differs in change time: it is hashed, and named and
/// rebuilt or read again exactly as a damaged or changed one is.
#[test]
fn files_edited_in_place_with_their_time_set_back_are_still_caught() {
    use std::os::unix::fs::MetadataExt;
    let input = scratch("inplace-in");
    let out = scratch("inplace-out");
    inputs(&input, 4);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let good: Vec<Vec<u8>> = ["items.jsonl", "items.csv"]
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    let ino = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
    let before = ino("items.jsonl");
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(
        ino("items.jsonl"),
        before,
        "an unchanged rerun keeps the file"
    );
    assert_eq!(reused(&out), 4);
    assert_consistent(&out);

    for (name, said) in [
        ("items.jsonl", "records are rebuilt from the documents"),
        ("items.csv", "records are rebuilt from the documents"),
        (
            "manifest.json",
            "nothing of the last run is reused, every input is read again",
        ),
    ] {
        let gen_dir = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();
        edit_in_place_keeping_size_and_mtime(&gen_dir.join(name));
        let o = run(&input, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text =
            format!("{name}: does not match the seal in run.json (damaged or edited); {said}");
        assert!(stderr(&o).contains(&text), "{name}: {}", stderr(&o));
        assert!(
            report(&out)["notices"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().contains(&text))
        );
        for (i, n) in ["items.jsonl", "items.csv"].iter().enumerate() {
            assert!(
                std::fs::read(out.join(n)).unwrap() == good[i],
                "{name}: {n} not rebuilt"
            );
        }
        assert_consistent(&out);
        // The rebuilt set is trusted again by its stamps on the next run.
        let o = run(&input, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(!stderr(&o).contains("does not match"), "{}", stderr(&o));
        assert_eq!(reused(&out), 4);
    }

    // The workbook: not linked into the next set.
    let gen_dir = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();
    let path = gen_dir.join("items.xlsx");
    let was = ino("items.xlsx");
    edit_in_place_keeping_size_and_mtime(&path);
    let damaged = std::fs::read(&path).unwrap();
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let now = std::fs::read(out.join("items.xlsx")).unwrap();
    assert!(
        now != damaged && now.len() > 1000,
        "the edited workbook was kept"
    );
    assert_ne!(ino("items.xlsx"), was);
    assert_consistent(&out);

    // A document: named and read again.
    edit_in_place_keeping_size_and_mtime(&out.join("doc002.html.json"));
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("doc002.html.json: does not match the manifest's seal"),
        "{}",
        stderr(&o)
    );
    assert_eq!(reused(&out), 3);
    assert!(std::fs::read(out.join("items.jsonl")).unwrap() == good[0]);
    assert_consistent(&out);

    // An input: read again, its document not reused.
    edit_in_place_keeping_size_and_mtime(&input.join("doc001.html"));
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(reused(&out), 3);
    let line = report(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "doc001.html")
        .cloned()
        .unwrap();
    assert_eq!(line["reused"], false, "{line}");
    assert_consistent(&out);
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(reused(&out), 4);
}

#[test]
fn documents_that_are_not_ours_are_never_removed() {
    // An earlier output folder inside this one keeps its documents.
    let a = scratch("neighbour-a");
    let b = scratch("neighbour-b");
    let out = scratch("neighbour-out");
    inputs(&a, 2);
    std::fs::copy(root().join(SOURCES[0]), b.join("other.txt")).unwrap();
    let archive = out.join("archive-2023");
    assert_eq!(run(&a, &archive, &[]).status.code(), Some(0));
    let o = run(&b, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(archive.join("doc000.txt.json").exists());
    assert!(archive.join("doc001.html.json").exists());
    assert!(report(&out)["removed"].as_array().unwrap().is_empty());
    assert_consistent(&archive);
    assert_consistent(&out);

    // An officer's edited copy of a document is left alone when the
    // document itself goes.
    let copy = out.join("other-edited.txt.json");
    std::fs::copy(out.join("other.txt.json"), &copy).unwrap();
    std::fs::copy(root().join(SOURCES[2]), b.join("second.html")).unwrap();
    assert_eq!(run(&b, &out, &[]).status.code(), Some(0));
    std::fs::remove_file(b.join("other.txt")).unwrap();
    let o = run(&b, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.join("other.txt.json").exists());
    assert!(copy.exists(), "an edited copy was removed");
    assert!(
        stderr(&o).contains("other-edited.txt.json: kept, a copy of other.txt.json"),
        "{}",
        stderr(&o)
    );
    assert_consistent(&out);

    // Output folder = input folder: a document no manifest of ours names
    // (written there by some other output folder's run) is kept, listed.
    let both = scratch("neighbour-same");
    std::fs::copy(root().join(SOURCES[0]), both.join("mine.txt")).unwrap();
    std::fs::copy(
        archive.join("doc000.txt.json"),
        both.join("doc000.txt.json"),
    )
    .unwrap();
    let o = run(&both, &both, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        both.join("doc000.txt.json").exists(),
        "a neighbour's document was removed"
    );
    assert!(both.join("mine.txt.json").exists());
    assert_eq!(report(&both)["stale"][0], "doc000.txt.json");
    assert_consistent(&both);

    // `--out .` with the input elsewhere: the working folder is shared.
    let here = scratch("neighbour-here");
    std::fs::copy(
        archive.join("doc001.html.json"),
        here.join("doc001.html.json"),
    )
    .unwrap();
    let o = bin()
        .current_dir(&here)
        .arg("run")
        .arg(&b)
        .args(["--out", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        here.join("doc001.html.json").exists(),
        "a document in . was removed"
    );
    assert!(here.join("second.html.json").exists());
    assert_consistent(&here);
}

#[test]
fn a_bad_name_fails_only_its_file_and_the_run_commits() {
    let input = scratch("names-in");
    let out = scratch("names-out");
    inputs(&input, 2);
    // A 255-byte input name: its document's name would be 260 bytes.
    let long = format!("{}.txt", "a".repeat(251));
    std::fs::copy(root().join(SOURCES[0]), input.join(&long)).unwrap();
    let long2 = format!("{}b.txt", "a".repeat(250));
    std::fs::copy(root().join(SOURCES[0]), input.join(&long2)).unwrap();
    // 61 four-byte characters: the document's name fits (253 bytes), and
    // its temporary name must count bytes, not characters, to fit too.
    let long3 = format!("{}.txt", "\u{1f600}".repeat(61));
    std::fs::copy(root().join(SOURCES[0]), input.join(&long3)).unwrap();
    // A folder where a document goes.
    std::fs::copy(root().join(SOURCES[0]), input.join("x.txt")).unwrap();
    std::fs::create_dir_all(out.join("x.txt.json/inside")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("FAILED   x.txt: cannot write x.txt.json"),
        "{}",
        stderr(&o)
    );
    let r = report(&out);
    assert_eq!(r["totals"]["failed"], 1, "{r}");
    assert_eq!(r["totals"]["ok"], 5, "{r}");
    let m = manifest(&out);
    let mut seen = std::collections::BTreeSet::new();
    for name in [&long, &long2, &long3] {
        let doc = m["inputs"][name.as_str()]["output"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(doc.len() <= 255 && doc.ends_with(".txt.json"), "{doc}");
        assert!(out.join(&doc).is_file());
        let line = r["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name.as_str())
            .unwrap();
        assert_eq!(line["output"], doc.as_str());
        seen.insert(doc);
    }
    assert_eq!(seen.len(), 3, "two long names met");
    assert!(out.join("x.txt.json/inside").is_dir());
    assert_consistent(&out);
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(reused(&out), 5);
    assert_consistent(&out);
}

#[test]
fn a_folder_copied_without_links_is_repaired_by_the_next_run() {
    let input = scratch("copied-in");
    let out = scratch("copied-out");
    let copy = scratch("copied-copy").join("out");
    inputs(&input, 3);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let ok = Command::new("cp")
        .arg("-rL")
        .arg(&out)
        .arg(&copy)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    assert!(copy.join(".scr-ingest/current").is_dir());
    assert!(!copy.join("run.json").is_symlink());
    let (code, said) = validate(&copy);
    assert!(code == 1 && said.contains("next run repairs it"), "{said}");
    let o = run(&input, &copy, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("repaired"), "{}", stderr(&o));
    assert_eq!(
        reused(&copy),
        3,
        "the copy's documents, checked, are reused"
    );
    assert!(copy.join(".scr-ingest/current").is_symlink());
    for name in ["run.json", "items.jsonl", "items.csv"] {
        assert!(copy.join(name).is_symlink(), "{name}");
    }
    assert_consistent(&copy);
    assert_consistent(&out);
}

#[test]
fn links_inside_the_output_folder_are_never_followed() {
    let input = scratch("follow-in");
    let out = scratch("follow-out");
    let victim = scratch("follow-victim");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("sub/x.txt")).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("y.txt")).unwrap();
    std::fs::write(victim.join("x.txt.json"), b"keep").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("sub")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read(victim.join("x.txt.json")).unwrap(), b"keep");
    assert!(out.join("y.txt.json").is_file(), "the run did not commit");
    assert_consistent(&out);

    // A link at the state folder: refused, the folder it points at intact.
    let out2 = scratch("follow-state");
    let elsewhere = scratch("follow-elsewhere");
    std::fs::create_dir_all(elsewhere.join("gen-00000001")).unwrap();
    std::fs::create_dir_all(elsewhere.join("gen-00000002")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out2.join(".scr-ingest")).unwrap();
    let o = run(&input, &out2, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(elsewhere.join("gen-00000001").is_dir());
    assert!(elsewhere.join("gen-00000002").is_dir());
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 2);
    assert!(!out2.join("y.txt.json").exists());

    // A link at the lock's name: refused, nothing created where it points.
    let out3 = scratch("follow-lock");
    std::fs::create_dir_all(out3.join(".scr-ingest")).unwrap();
    let target = elsewhere.join("not-a-lock");
    std::os::unix::fs::symlink(&target, out3.join(".scr-ingest/lock")).unwrap();
    let o = run(&input, &out3, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("lock"), "{}", stderr(&o));
    assert!(!target.exists(), "the lock was taken through a link");
}

#[test]
fn recorded_paths_survive_a_move_of_the_folder() {
    let input = scratch("move-in");
    let out = scratch("move-out");
    let moved = scratch("move-moved").join("renamed");
    inputs(&input, 3);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    std::fs::rename(&out, &moved).unwrap();
    assert_consistent(&moved);
    let o = run(&input, &moved, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(reused(&moved), 3);
    for f in report(&moved)["files"].as_array().unwrap() {
        let rel = f["output"].as_str().unwrap();
        assert!(!Path::new(rel).is_absolute(), "{rel}");
        assert!(moved.join(rel).is_file(), "{rel}");
    }
    for (_, e) in manifest(&moved)["inputs"].as_object().unwrap() {
        assert!(moved.join(e["output"].as_str().unwrap()).is_file());
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The README's guarantee to readers, under runs committing one after
/// another: a reader that resolves `.scr-ingest/current` once and reads
/// the set from that folder always holds one run's set; a reader of
/// `OUT/run.json` then `OUT/items.jsonl` through the links may straddle two
/// commits, and run.json's seals always tell it so.
#[test]
fn readers_that_resolve_current_once_never_see_a_mix() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let input = scratch("readers-in");
    let out = scratch("readers-out");
    inputs(&input, 6);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let out = out.clone();
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let (mut reads, mut mixed, mut vanished) = (0u64, 0u64, 0u64);
            let (mut straddled, mut accepted_mix) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                let state = out.join(".scr-ingest");
                let Ok(target) = std::fs::read_link(state.join("current")) else {
                    continue;
                };
                let dir = state.join(target);
                let files: Result<Vec<Vec<u8>>, _> = ["run.json", "items.jsonl", "items.csv"]
                    .iter()
                    .map(|n| std::fs::read(dir.join(n)))
                    .collect();
                let Ok(files) = files else {
                    vanished += 1;
                    continue;
                };
                reads += 1;
                let r: Value = serde_json::from_slice(&files[0]).unwrap();
                for (i, name) in [(1, "items.jsonl"), (2, "items.csv")] {
                    let seal = r["summary_files"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|s| s["name"] == name)
                        .unwrap();
                    if seal["sha256"] != sha256_hex(&files[i]).as_str() {
                        mixed += 1;
                    }
                }
                // Through the top-level links, one file after the other.
                let (Ok(a), Ok(b)) = (
                    std::fs::read(out.join("run.json")),
                    std::fs::read(out.join("items.jsonl")),
                ) else {
                    continue;
                };
                let r: Value = serde_json::from_slice(&a).unwrap();
                let sealed = r["summary_files"][0]["sha256"] == sha256_hex(&b).as_str();
                let lines = b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count();
                if !sealed {
                    straddled += 1;
                } else if lines as u64 != r["totals"]["items"].as_u64().unwrap() {
                    accepted_mix += 1;
                }
            }
            (reads, mixed, vanished, straddled, accepted_mix)
        })
    };
    // Each commit's set differs from the one before: a file comes and goes.
    let extra = input.join("extra.txt");
    for i in 0..6 {
        if i % 2 == 0 {
            std::fs::copy(root().join(SOURCES[0]), &extra).unwrap();
        } else {
            std::fs::remove_file(&extra).unwrap();
        }
        let o = run(&input, &out, &["--force"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    stop.store(true, Ordering::Relaxed);
    let (reads, mixed, vanished, straddled, accepted_mix) = reader.join().unwrap();
    eprintln!(
        "{reads} reads of one resolution: {mixed} mixed, {vanished} vanished; through the links: {straddled} straddled (all told by the seals)"
    );
    assert!(reads > 20, "too few reads to mean anything: {reads}");
    assert_eq!(mixed, 0, "a reader of one resolution saw a mix");
    assert_eq!(accepted_mix, 0, "a seal vouched for a mix");
    assert_consistent(&out);
}

#[test]
fn options_are_bounded() {
    let input = scratch("bounds-in");
    let out = scratch("bounds-out");
    inputs(&input, 2);
    let t = Instant::now();
    let o = run(&input, &out, &["--jobs", "100000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--jobs 100000 is more than"),
        "{}",
        stderr(&o)
    );
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
    for flag in ["--max-stream-mib", "--max-total-mib", "--max-memory-mib"] {
        let o = run(&input, &out, &[flag, "18446744073709551615"]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(flag) && stderr(&o).contains("too large"),
            "{flag}: {}",
            stderr(&o)
        );
    }
    // Still the last good set.
    assert_consistent(&out);
}

#[test]
fn a_closed_stdout_or_stderr_ends_quietly() {
    let pdf = "fixtures/briefs/s1-tennham-baby-n.chromium.pdf";
    for (cmd, file) in [("extract", SOURCES[1]), ("extract", pdf), ("text", pdf)] {
        let mut child = bin()
            .arg(cmd)
            .arg(root().join(file))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // As `| head -c 0` would: the reader is gone before anything is written.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{cmd} {file}: {err}");
        assert_eq!(o.status.code(), Some(0), "{cmd} {file}: {err}");
        assert!(err.is_empty(), "{err}");
    }
    // A run whose stderr reader is gone (`run … 2>&1 | head`) still
    // commits: a progress line must not panic mid-transaction.
    let input = scratch("closed-in");
    let out = scratch("closed-out");
    inputs(&input, 3);
    let mut child = bin()
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(report(&out)["totals"]["ok"], 3);
    assert_consistent(&out);
}

#[test]
fn control_characters_reach_the_terminal_escaped() {
    let input = scratch("ctl-in");
    let out = scratch("ctl-out");
    // A name that would retitle the terminal and ring its bell; empty, so it
    // fails and is named on stderr with its reason.
    std::fs::write(input.join("evil\u{1b}]0;owned\u{7}.txt"), b"").unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("fine\u{9b}31m.txt")).unwrap();
    std::fs::copy(root().join(SOURCES[0]), input.join("report\u{202e}fdp.txt")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    assert!(err.contains("evil\\u{1b}]0;owned\\u{7}.txt"), "{err}");
    assert!(err.contains("fine\\u{9b}31m.txt"), "{err}");
    assert!(err.contains("report\\u{202e}fdp.txt"), "{err}");
    assert!(!err.contains('\u{202e}'), "{err}");
    // The documents and run.json keep the exact names.
    assert!(out.join("fine\u{9b}31m.txt.json").is_file());
    assert_consistent(&out);
}

#[test]
fn another_inputs_documents_are_not_removed_without_replace() {
    let a = scratch("replace-a");
    let b = scratch("replace-b");
    let out = scratch("replace-out");
    inputs(&a, 3);
    std::fs::copy(root().join(SOURCES[0]), b.join("other.txt")).unwrap();
    assert_eq!(run(&a, &out, &[]).status.code(), Some(0));
    let o = run(&b, &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("--replace"), "{}", stderr(&o));
    assert!(out.join("doc000.txt.json").exists());
    assert!(!out.join("other.txt.json").exists());
    assert_consistent(&out);
    let o = run(&b, &out, &["--replace"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("3 document(s) of inputs that failed, vanished or were renamed are removed"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("doc000.txt.json").exists());
    assert_eq!(report(&out)["removed"].as_array().unwrap().len(), 3);
    assert_consistent(&out);
}

/// An interrupted rerun keeps the records of the documents it did not
/// reach but that are still current: items.jsonl does not lose them.
#[test]
fn an_interrupted_rerun_keeps_the_records_of_documents_it_did_not_reach() {
    if !cfg!(debug_assertions) {
        return;
    }
    let input = scratch("resume-in");
    let out = scratch("resume-out");
    inputs(&input, 2);
    // Another page than doc001's: a byte copy would be its duplicate,
    // whose items the tables do not repeat.
    std::fs::copy(root().join(SOURCES[2]), input.join("zz-late.html")).unwrap();
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let late = |out: &Path| {
        std::fs::read_to_string(out.join("items.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| serde_json::from_str::<Value>(l).unwrap()["document"] == "zz-late.html")
            .count()
    };
    let before = late(&out);
    assert!(before > 0);
    // Sorted, fault-hang.txt comes before zz-late.html: the run hangs there.
    std::fs::copy(root().join(SOURCES[0]), input.join("fault-hang.txt")).unwrap();
    let mut child = spawn(&input, &out, &["--jobs", "1", "--timeout", "60", "--force"]);
    let rest = wait_for_line(&mut child, "doc001");
    std::thread::sleep(Duration::from_millis(300));
    signal(child.id(), "TERM");
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let rest = rest.join().unwrap();
    let r = report(&out);
    assert_eq!(r["status"], "interrupted", "{rest}");
    assert!(
        r["not_reached"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "zz-late.html"),
        "{r}"
    );
    assert_eq!(
        late(&out),
        before,
        "the records of a current document were dropped"
    );
    assert_consistent(&out);
    std::fs::remove_file(input.join("fault-hang.txt")).unwrap();
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(late(&out), before);
    assert_consistent(&out);
}

#[test]
fn grammar_files_are_bounded_and_errors_name_them() {
    let dir = scratch("grammar");
    let doc = root().join(SOURCES[0]);
    let bad = dir.join("bad-rows.toml");
    std::fs::write(&bad, "this is [ not toml").unwrap();
    let big = dir.join("big.toml");
    std::fs::write(&big, vec![b'#'; 2 << 20]).unwrap();
    let cases: [(&Path, &str); 3] = [
        (Path::new("/dev/zero"), "/dev/zero: not a regular file"),
        (&big, "big.toml: larger than"),
        (&bad, "bad-rows.toml rejected"),
    ];
    for (file, says) in cases {
        let t = Instant::now();
        let o = bin()
            .arg("extract")
            .arg("--grammar")
            .arg(file)
            .arg(&doc)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    }
}

#[test]
fn the_checker_names_a_missing_seal_and_a_linked_state_folder() {
    let input = scratch("checker-in");
    let out = scratch("checker-out");
    inputs(&input, 2);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    // run.json rewritten without the manifest's seal: every seal left
    // matches, and still the set is not vouched for.
    let gen_dir = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();
    let mut r = report(&out);
    r["summary_files"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["name"] != "manifest.json");
    std::fs::write(
        gen_dir.join("run.json"),
        serde_json::to_vec_pretty(&r).unwrap(),
    )
    .unwrap();
    let (code, said) = validate(&out);
    assert!(
        code == 1 && said.contains("manifest.json: run.json holds no seal"),
        "{said}"
    );
    // The next run does not trust the unsealed manifest.
    let o = run(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(reused(&out), 0);
    assert_consistent(&out);

    let linked = scratch("checker-linked");
    std::os::unix::fs::symlink(out.join(".scr-ingest"), linked.join(".scr-ingest")).unwrap();
    let (code, said) = validate(&linked);
    assert!(code == 1 && said.contains("a symbolic link"), "{said}");
}

/// A numbered list read short of what the text numbers makes the file's
/// status `warning` in run.json, with the gap named (issue 16, item 7).
#[test]
fn a_count_that_drops_is_a_warning_in_the_run_report() {
    let dir = scratch("numbering-gap");
    let (input, out) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir_all(&input).unwrap();
    for (src, name) in [
        ("fixtures/text/t2-fernleigh-child-e.txt", "gap.txt"),
        (
            "fixtures/papers/p2-alderbrook-two-reviews.html",
            "full.html",
        ),
    ] {
        std::fs::copy(root().join(src), input.join(name)).unwrap();
    }
    let o = run(&input, &out, &["--jobs", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&out);
    let file = |name: &str| {
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in run.json"))
    };
    let gap = file("gap.txt");
    assert_eq!(gap["status"], "warning", "{gap}");
    assert_eq!(gap["warnings"][0]["code"], "numbering_gap", "{gap}");
    assert!(
        gap["reason"]
            .as_str()
            .is_some_and(|s| s.contains("numbered 1–3, then 5–7 not read")),
        "{gap}"
    );
    assert_eq!(file("full.html")["status"], "ok");
    assert_consistent(&out);
}

#[test]
fn a_stamps_file_out_of_its_schema_is_named_by_the_folder_check() {
    let input = scratch("stamps-schema-in");
    let out = scratch("stamps-schema-out");
    inputs(&input, 2);
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    let stamps = out.join(".scr-ingest/stamps.json");
    assert!(stamps.exists(), "a run keeps its stamps");
    assert_consistent(&out);

    // Valid JSON of the right kind, but its generation not a name.
    let mut v: Value = serde_json::from_slice(&std::fs::read(&stamps).unwrap()).unwrap();
    v["generation"] = serde_json::json!(5);
    std::fs::write(&stamps, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = bin()
        .args(["validate", "--folder"])
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{said}");
    assert!(said.contains("stamps.json"), "{said}");

    // The next run does not trust it: it rereads and writes stamps anew.
    assert_eq!(run(&input, &out, &[]).status.code(), Some(0));
    assert_consistent(&out);
}
