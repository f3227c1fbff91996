//! Write: documents, flat item records and the run report, atomically;
//! the output folder as a transaction (lock, generations, manifest).

pub mod atomic;
pub mod build;
pub mod check;
pub mod dirfd;
pub(crate) mod facts;
pub mod generation;
pub(crate) mod html;
pub mod items;
pub mod lock;
pub mod manifest;
pub mod report;
pub(crate) mod sealed;
pub(crate) mod set_stamps;
pub(crate) mod stamp;
pub mod tables;
pub(crate) mod workbook;

use std::path::{Path, PathBuf};

pub use atomic::atomic_write;

/// Where the JSON of input `rel` goes under `out`: `out/<rel>.json`.
pub fn document_path(out: &Path, rel: &str) -> PathBuf {
    out.join(document_rel(rel))
}

/// The longest file name most filesystems take (`NAME_MAX`), in bytes.
pub const NAME_MAX: usize = 255;

/// The document of input `rel`, relative to the output folder,
/// `/`-separated: `<rel>.json`, never leaving the folder and never inside
/// its hidden state folder. A name the filesystem would refuse (over
/// [`NAME_MAX`] bytes once `.json` is added) is shortened: a prefix of it,
/// `~`, 16 hex digits of the SHA-256 of the whole name, and the input's
/// extension, so two long names never meet and the document still looks
/// like one; the manifest and `run.json` record the mapping.
pub fn document_rel(rel: &str) -> String {
    let parts: Vec<&str> = rel
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let n = parts.len();
    let mut out: Vec<String> = Vec::with_capacity(n.max(1));
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == n {
            out.push(fit(&format!("{p}.json"), ".json"));
        } else {
            out.push(fit(p, ""));
        }
    }
    if out.is_empty() {
        out.push("document.json".into());
    }
    out.join("/")
}

/// `name` itself when it fits in [`NAME_MAX`] bytes, else a shortened
/// name ending in the extension before `tail` and `tail`.
fn fit(name: &str, tail: &str) -> String {
    if name.len() <= NAME_MAX {
        return name.to_string();
    }
    let body = name.strip_suffix(tail).unwrap_or(name);
    // The input's extension is kept so the document is still recognised as
    // one (`<name>.pdf.json`); an implausibly long "extension" is not.
    let ext = body
        .rfind('.')
        .map(|i| &body[i..])
        .filter(|e| e.len() <= 16)
        .unwrap_or("");
    let digest = &manifest::sha256_hex(name.as_bytes())[..16];
    let budget = NAME_MAX - 1 - digest.len() - ext.len() - tail.len();
    let stem = &body[..body.len() - ext.len()];
    let mut cut = budget.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{digest}{ext}{tail}", &stem[..cut])
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

/// Whether the file `rel` under `out` is a document this tool wrote there:
/// JSON with the contract's `schema_version` and a `source.path` whose
/// document is `rel`. Files that merely share the naming, and copies of a
/// document under another name (an officer's edited copy), are not.
pub fn is_our_document(out: &Path, rel: &str) -> bool {
    document_source(out, rel).is_some_and(|p| document_rel(&p) == rel)
}

/// The `source.path` of the file `rel` under `out` when it reads as a
/// document (JSON with the contract's `schema_version` and `source.path`),
/// wherever it sits.
pub fn document_source(out: &Path, rel: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        schema_version: String,
        source: ProbeSource,
    }
    #[derive(serde::Deserialize)]
    struct ProbeSource {
        path: String,
    }
    if link_on_the_way(out, rel).is_some() {
        return None;
    }
    std::fs::read(out.join(rel))
        .ok()
        .and_then(|b| serde_json::from_slice::<Probe>(&b).ok())
        .filter(|p| !p.schema_version.is_empty())
        .map(|p| p.source.path)
}

/// The first folder on the way from `out` to `rel` (`rel` itself
/// excluded) that is a symbolic link, or is not a folder at all. A link
/// there would take a write or a removal outside the output folder.
pub fn link_on_the_way(out: &Path, rel: &str) -> Option<PathBuf> {
    let mut at = out.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for p in &parts[..parts.len().saturating_sub(1)] {
        at.push(p);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Some(at),
            Ok(m) if !m.is_dir() => return Some(at),
            Ok(_) => {}
            // Not there yet: created as a real folder when written.
            Err(_) => return None,
        }
    }
    None
}

/// Whether `dir` is an output folder of its own (it holds a state folder):
/// its documents belong to its own manifest, never to ours.
pub fn is_output_folder(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(generation::STATE_DIR)).is_ok()
}

/// Every document in the output folder (relative, `/`-separated).
pub fn documents_under(out: &Path) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    documents_in(out, "", &mut found);
    found
}

/// Every file under `dir` that looks like one of our documents, relative
/// to `out`, not entering the state folder, hidden folders, links, or
/// another output folder nested inside this one.
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
            if !is_output_folder(&e.path()) {
                documents_in(&e.path(), &rel, found);
            }
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

    #[test]
    fn long_names_are_shortened_apart_and_keep_their_extension() {
        let a = format!("dir/{}.pdf", "é".repeat(130));
        let b = format!("dir/{}b.pdf", "é".repeat(130));
        let (da, db) = (document_rel(&a), document_rel(&b));
        assert_ne!(da, db);
        for d in [&da, &db] {
            let name = d.rsplit('/').next().unwrap();
            assert!(name.len() <= NAME_MAX, "{}", name.len());
            assert!(name.ends_with(".pdf.json") && looks_like_document(name));
        }
        assert_eq!(document_rel("short.txt"), "short.txt.json");
        let exact = "x".repeat(NAME_MAX - 9) + ".txt";
        assert_eq!(document_rel(&exact), format!("{exact}.json"));
        assert_ne!(
            document_rel(&(exact.clone() + "x")),
            exact.clone() + "x.json"
        );
    }
}
