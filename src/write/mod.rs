//! Write: documents, flat item records and the run report, atomically;
//! the output folder as a transaction (lock, generations, manifest).

pub mod atomic;
pub mod check;
pub mod generation;
pub mod items;
pub mod lock;
pub mod manifest;
pub mod report;

use std::path::{Path, PathBuf};

pub use atomic::atomic_write;

/// Where the JSON of input `rel` goes under `out`: `out/<rel>.json`.
pub fn document_path(out: &Path, rel: &str) -> PathBuf {
    out.join(document_rel(rel))
}

/// The document of input `rel`, relative to the output folder,
/// `/`-separated: `<rel>.json`, never leaving the folder and never inside
/// its hidden state folder.
pub fn document_rel(rel: &str) -> String {
    let parts: Vec<&str> = rel
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let mut s = parts.join("/");
    if s.is_empty() {
        s.push_str("document");
    }
    s.push_str(".json");
    s
}

/// Whether a file name under the output folder looks like one of our
/// documents (`<name>.<input extension>.json`); other files there are the
/// officer's and are left alone.
pub fn looks_like_document(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".json") else {
        return false;
    };
    [".pdf", ".html", ".htm", ".xhtml", ".txt", ".text"]
        .iter()
        .any(|e| stem.ends_with(e))
}

/// Whether the file at `path` is a document this tool wrote: JSON with
/// the contract's `schema_version` and `source.path`. Files that merely
/// share the naming are the officer's and are never removed.
pub fn is_our_document(path: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        schema_version: String,
        source: ProbeSource,
    }
    #[derive(serde::Deserialize)]
    struct ProbeSource {
        path: String,
    }
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Probe>(&b).ok())
        .is_some_and(|p| !p.schema_version.is_empty() && !p.source.path.is_empty())
}

/// Every document in the output folder (relative, `/`-separated).
pub fn documents_under(out: &Path) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    documents_in(out, "", &mut found);
    found
}

/// Every file under `dir` that looks like one of our documents, relative
/// to `out`, not entering the state folder or hidden folders.
fn documents_in(dir: &Path, prefix: &str, found: &mut std::collections::BTreeSet<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            documents_in(&e.path(), &rel, found);
        } else if ft.is_file() && looks_like_document(&name) {
            found.insert(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_path_keeps_extension_and_stays_inside() {
        let p = document_path(Path::new("out"), "responses/x.pdf");
        assert_eq!(p, Path::new("out/responses/x.pdf.json"));
        let p = document_path(Path::new("out"), "../x.html");
        assert_eq!(p, Path::new("out/x.html.json"));
    }
}
