//! The folder checker behind `scr-ingest validate --folder`: do the
//! documents, the manifest and the committed summary set agree?

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::atomic::TEMP_SUFFIX;
use super::documents_under;
use super::generation::{self, MANIFEST, STATE_DIR, SUMMARY_FILES};
use super::manifest::{Manifest, sha256_hex};
use super::report::{RunReport, Status};
use crate::validate;

/// Every disagreement found in the output folder `out`; empty when the
/// folder is consistent. Meant for a folder no run is writing into.
pub fn check_folder(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if std::fs::symlink_metadata(out.join(STATE_DIR)).is_ok_and(|m| m.file_type().is_symlink()) {
        return vec![format!(
            "{}: a symbolic link; an output folder's state is never followed through a link",
            out.join(STATE_DIR).display()
        )];
    }
    let Some(gen_dir) = generation::current(out) else {
        return vec![generation::missing_current(out)];
    };
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let report: RunReport = match read(&gen_dir.join("run.json"))
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("run.json: {e}")))
    {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    for name in std::iter::once(MANIFEST).chain(SUMMARY_FILES.into_iter().skip(1)) {
        if !report.summary_files.iter().any(|s| s.name == name) {
            problems.push(format!("{name}: run.json holds no seal for it"));
        }
    }
    for seal in &report.summary_files {
        match read(&gen_dir.join(&seal.name)) {
            Ok(b) if sha256_hex(&b) == seal.sha256 && b.len() as u64 == seal.bytes => {
                // Sealed is not enough: each file keeps its schema.
                let check = crate::validate::check_file(&seal.name, &b);
                problems.extend(
                    check
                        .problems
                        .into_iter()
                        .take(20)
                        .map(|p| format!("{}: {p}", seal.name)),
                );
            }
            Ok(_) => problems.push(format!("{}: does not match run.json's seal", seal.name)),
            Err(e) => problems.push(e),
        }
    }
    // The stamps cache keeps its schema too; a missing one is no fault
    // (a rerun then hashes everything).
    let stamps = out.join(STATE_DIR).join(super::set_stamps::STAMPS);
    if let Ok(b) = std::fs::read(&stamps) {
        let check = crate::validate::check_file(super::set_stamps::STAMPS, &b);
        problems.extend(
            check
                .problems
                .into_iter()
                .take(20)
                .map(|p| format!("{}: {p}", stamps.display())),
        );
    }
    // What a reader of OUT/run.json and its siblings sees is this set.
    for name in SUMMARY_FILES {
        match (read(&out.join(name)), read(&gen_dir.join(name))) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => problems.push(format!("{name}: not the committed generation's")),
            (Err(e), _) | (_, Err(e)) => problems.push(e),
        }
    }
    let manifest: Manifest = match read(&gen_dir.join(MANIFEST))
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("{MANIFEST}: {e}")))
    {
        Ok(m) => m,
        Err(e) => {
            problems.push(e);
            return problems;
        }
    };
    let written: BTreeMap<&str, Status> = report
        .files
        .iter()
        .filter(|f| f.status != Status::Failed)
        .map(|f| (f.path.as_str(), f.status))
        .collect();
    let not_reached: BTreeSet<&str> = report.not_reached.iter().map(String::as_str).collect();
    for f in &report.files {
        let listed = manifest.inputs.contains_key(&f.path);
        if f.status == Status::Failed && listed {
            problems.push(format!("{}: failed but in the manifest", f.path));
        }
        if f.status != Status::Failed && !listed {
            problems.push(format!("{}: written but not in the manifest", f.path));
        }
    }
    for (input, entry) in &manifest.inputs {
        if !written.contains_key(input.as_str()) && !not_reached.contains(input.as_str()) {
            problems.push(format!("{input}: in the manifest but not in run.json"));
        }
        let doc = out.join(&entry.output);
        match read(&doc) {
            Ok(b) if sha256_hex(&b) != entry.output_sha256 => {
                problems.push(format!(
                    "{}: changed since the manifest vouched for it",
                    entry.output
                ));
            }
            Ok(b) => match serde_json::from_slice::<serde_json::Value>(&b) {
                Ok(v) => {
                    if let Some(first) = validate::violations(&v).first() {
                        problems.push(format!("{}: {first}", entry.output));
                    }
                    if v["source"]["path"].as_str() != Some(input.as_str()) {
                        problems.push(format!("{}: not the document of {input}", entry.output));
                    }
                }
                Err(e) => problems.push(format!("{}: not JSON: {e}", entry.output)),
            },
            Err(e) => problems.push(e),
        }
    }
    let vouched: BTreeSet<&str> = manifest
        .inputs
        .values()
        .map(|e| e.output.as_str())
        .collect();
    let stale: BTreeSet<&str> = report.stale.iter().map(String::as_str).collect();
    for doc in documents_under(out) {
        if !vouched.contains(doc.as_str())
            && !stale.contains(doc.as_str())
            && super::is_our_document(out, &doc)
        {
            problems.push(format!(
                "{doc}: a document no input vouches for and not listed as stale"
            ));
        }
    }
    for doc in &report.removed {
        if out.join(doc).exists() {
            problems.push(format!("{doc}: listed as removed but still there"));
        }
    }
    // Flat records: one line per item of the written documents, no other.
    match read(&gen_dir.join("items.jsonl")) {
        Ok(b) => {
            let mut n = 0;
            for (i, line) in b
                .split(|&c| c == b'\n')
                .filter(|l| !l.is_empty())
                .enumerate()
            {
                n += 1;
                match serde_json::from_slice::<serde_json::Value>(line) {
                    Ok(v) => {
                        let d = v["document"].as_str().unwrap_or("");
                        let kept = not_reached.contains(d) && manifest.inputs.contains_key(d);
                        if !written.contains_key(d) && !kept {
                            problems.push(format!(
                                "items.jsonl line {}: document {d} not written by this run",
                                i + 1
                            ));
                        }
                    }
                    Err(e) => problems.push(format!("items.jsonl line {}: {e}", i + 1)),
                }
            }
            for (input, entry) in &manifest.inputs {
                let Some(span) = &entry.records else { continue };
                let range = usize::try_from(span.jsonl_offset).ok().and_then(|a| {
                    let end = a.checked_add(usize::try_from(span.jsonl_len).ok()?)?;
                    Some(a..end)
                });
                let lines: Vec<&[u8]> = range
                    .and_then(|r| b.get(r))
                    .map(|s| s.split(|&c| c == b'\n').filter(|l| !l.is_empty()).collect())
                    .unwrap_or_default();
                let own = lines.iter().all(|l| {
                    serde_json::from_slice::<serde_json::Value>(l)
                        .is_ok_and(|v| v["document"].as_str() == Some(input.as_str()))
                });
                if lines.len() != span.items || !own {
                    problems.push(format!(
                        "{input}: its records are not where the manifest says"
                    ));
                }
            }
            if n != report.totals.items {
                problems.push(format!(
                    "items.jsonl: {n} records, run.json says {}",
                    report.totals.items
                ));
            }
        }
        Err(e) => problems.push(e),
    }
    temp_files(out, &mut problems);
    problems
}

fn temp_files(dir: &Path, problems: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if e.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
            problems.push(format!(
                "{}: temporary file left behind",
                e.path().display()
            ));
        } else if e.file_type().is_ok_and(|t| t.is_dir()) && !super::is_output_folder(&e.path()) {
            temp_files(&e.path(), problems);
        }
    }
}

/// What is true of a consistent folder but worth knowing: documents
/// another build wrote (the next run reads their inputs again).
pub fn notes(out: &Path) -> Vec<String> {
    let Some(gen_dir) = generation::current(out) else {
        return Vec::new();
    };
    let Some(manifest) = std::fs::read(gen_dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
    else {
        return Vec::new();
    };
    let this = super::build::build_label();
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for e in manifest.inputs.values() {
        if e.build != this {
            let b = if e.build.is_empty() {
                "an older build"
            } else {
                e.build.as_str()
            };
            *others.entry(b).or_default() += 1;
        }
    }
    others
        .into_iter()
        .map(|(b, n)| {
            format!(
                "note: {n} document(s) are from another build ({b}; this is {this}); the next run reads their inputs again"
            )
        })
        .collect()
}
