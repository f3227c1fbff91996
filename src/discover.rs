//! Discover: the input files under a folder, in a deterministic order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::read::format_from_name;

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Path to open.
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated, for reports and
    /// output names.
    pub rel: String,
}

/// A folder holding a file of this name is skipped with everything below
/// it, as `CACHEDIR.TAG` marks caches: for sources, drafts or archives kept
/// beside the documents to read.
pub const IGNORE_MARKER: &str = ".scr-ingest-ignore";

/// Every `.pdf`, `.html`/`.htm` and `.txt` under `root` (or `root` itself
/// when it is a file), sorted by relative path. Hidden files and folders
/// and folders marked with [`IGNORE_MARKER`] are skipped; symbolic links
/// are followed once, so loops end.
pub fn discover(root: &Path) -> std::io::Result<Vec<Input>> {
    let meta = std::fs::metadata(root)?;
    if meta.is_file() {
        let rel = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string());
        return Ok(vec![Input {
            path: root.to_path_buf(),
            rel,
        }]);
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    walk(root, "", &mut seen, &mut out);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, seen: &mut HashSet<PathBuf>, out: &mut Vec<Input>) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canonical) || dir.join(IGNORE_MARKER).exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        // metadata() follows links: a link to a folder is walked (once).
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, &rel, seen, out);
        } else if meta.is_file() && format_from_name(&path).is_some() {
            out.push(Input { path, rel });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sorted_skips_hidden_and_survives_link_loops() {
        let dir = std::env::temp_dir().join(format!("scr-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/.hidden")).unwrap();
        std::fs::write(dir.join("b/x.PDF"), b"").unwrap();
        std::fs::write(dir.join("a.html"), b"").unwrap();
        std::fs::write(dir.join("notes.doc"), b"").unwrap();
        std::fs::write(dir.join("b/.hidden/y.pdf"), b"").unwrap();
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/source.html"), b"").unwrap();
        std::fs::write(dir.join("src").join(IGNORE_MARKER), b"").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&dir, dir.join("b/loop")).unwrap();
        let found: Vec<String> = discover(&dir).unwrap().into_iter().map(|i| i.rel).collect();
        assert_eq!(found, ["a.html", "b/x.PDF"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
