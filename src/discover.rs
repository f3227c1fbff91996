//! Discover: the input files under a folder, in a deterministic order, and
//! every other entry met on the way, each with the reason it is skipped.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::read::format_from_name;

mod select;

pub use select::{Exclude, Selection, parse_list};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Path to open.
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated, for reports and
    /// output names; lossless and distinct per file (see [`name_of`]).
    pub rel: String,
}

/// An entry that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Path relative to the input root, as for [`Input::rel`].
    pub path: String,
    /// Stable reason code: `unreadable_folder`, `path_too_long`,
    /// `dangling_link`, `special_file`, `unsupported_type`,
    /// `web_page_assets`, `ignored`, `link_loop`, `output_folder`,
    /// `unreadable`, `excluded` (`--exclude`), `outside_input` (a
    /// `--files-from` path not under the input folder).
    pub reason: String,
    /// Details for the data officer.
    pub detail: String,
}

/// What discovery found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Files to read, sorted by relative path.
    pub inputs: Vec<Input>,
    /// Everything else met, sorted by relative path.
    pub skipped: Vec<Skipped>,
}

/// A folder holding a file of this name is skipped with everything below
/// it, as `CACHEDIR.TAG` marks caches: for sources, drafts or archives kept
/// beside the documents to read.
pub const IGNORE_MARKER: &str = ".scr-ingest-ignore";

/// The state folder that marks an scr-ingest output folder.
const OUTPUT_MARKER: &str = ".scr-ingest";

/// Longest path the kernel accepts (Linux `PATH_MAX`, with its NUL).
const PATH_MAX: usize = 4096;

/// A file name as text, lossless and injective: `%` becomes `%25` and each
/// byte that is not UTF-8 becomes `%XX`, so two files whose names differ
/// only in undecodable bytes never share an output or a report line.
pub fn name_of(name: &OsStr) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        name.as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = name.to_string_lossy().into_owned().into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every `.pdf`, `.html`/`.htm`, `.txt`, `.docx` and `.odt` under `root` (or `root` itself
/// when it is a file), sorted by relative path.
pub fn discover(root: &Path) -> std::io::Result<Vec<Input>> {
    discover_all(root).map(|d| d.inputs)
}

/// Inputs and skipped entries under `root`. Hidden files and folders are
/// passed over silently (they are the system's, not the officer's);
/// folders marked with [`IGNORE_MARKER`] are listed once as `ignored`;
/// symbolic links are followed once, so loops end.
pub fn discover_all(root: &Path) -> std::io::Result<Discovery> {
    discover_selected(root, &Selection::default())
}

/// Inputs and skipped entries under `root` as [`discover_all`] finds them,
/// narrowed by `sel`: the listed paths instead of the whole folder, and
/// without what the exclusions match (listed as `excluded`).
pub fn discover_selected(root: &Path, sel: &Selection) -> std::io::Result<Discovery> {
    if let Some(list) = &sel.files_from {
        return select::listed(root, list, &sel.exclude);
    }
    let meta = std::fs::metadata(root)?;
    let mut d = Discovery::default();
    if meta.is_file() {
        let rel = root
            .file_name()
            .map(name_of)
            .unwrap_or_else(|| root.display().to_string());
        d.inputs.push(Input {
            path: root.to_path_buf(),
            rel,
        });
        return Ok(d);
    }
    // The root itself must be listable: that failure is the caller's.
    std::fs::read_dir(root)?;
    let mut seen = HashSet::new();
    walk(root, "", &mut seen, &mut d, &sel.exclude);
    d.inputs.sort_by(|a, b| a.rel.cmp(&b.rel));
    d.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(d)
}

fn skip(d: &mut Discovery, rel: &str, reason: &str, detail: impl Into<String>) {
    d.skipped.push(Skipped {
        path: if rel.is_empty() {
            ".".into()
        } else {
            rel.into()
        },
        reason: reason.into(),
        detail: detail.into(),
    });
}

fn too_long(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ENAMETOOLONG)
}

/// Whether `path` is a link into the state folder beside it, as the
/// summary set's links at the top of an output folder are.
fn is_summary_link(path: &Path) -> bool {
    std::fs::read_link(path).is_ok_and(|t| t.starts_with(OUTPUT_MARKER))
}

fn walk(dir: &Path, prefix: &str, seen: &mut HashSet<PathBuf>, d: &mut Discovery, ex: &Exclude) {
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) if too_long(&e) => return skip(d, prefix, "path_too_long", e.to_string()),
        Err(e) => return skip(d, prefix, "unreadable_folder", e.to_string()),
    };
    if !seen.insert(canonical) {
        return skip(d, prefix, "link_loop", "folder already read through a link");
    }
    if dir.join(IGNORE_MARKER).exists() {
        return skip(d, prefix, "ignored", format!("holds {IGNORE_MARKER}"));
    }
    // An output folder inside the input (`run . --out out`) holds our own
    // documents, not inputs.
    if !prefix.is_empty() && dir.join(OUTPUT_MARKER).is_dir() {
        return skip(d, prefix, "output_folder", "an scr-ingest output folder");
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return skip(d, prefix, "unreadable_folder", e.to_string()),
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    let names: HashSet<String> = entries
        .iter()
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .collect();
    // In an output folder (the input itself, as with `--out .`), the links
    // of the summary set (`report.html -> .scr-ingest/current/…`) are
    // this tool's output, not inputs, and are passed over like hidden files.
    let output_here = names.contains(OUTPUT_MARKER);
    for entry in entries {
        let os_name = entry.file_name();
        if os_name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        if output_here && is_summary_link(&entry.path()) {
            continue;
        }
        let name = name_of(&os_name);
        let path = entry.path();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if let Some(glob) = ex.matching(&rel) {
            skip(d, &rel, "excluded", format!("matches --exclude {glob}"));
            continue;
        }
        visit(&path, &rel, &names, seen, d, ex);
    }
}

/// One entry met by discovery, named `rel`: read, walked (a folder) or
/// skipped with its reason. `siblings` are the lower-cased names beside it
/// (a saved page's `X_files` folder is known by its `X.html`).
fn visit(
    path: &Path,
    rel: &str,
    siblings: &HashSet<String>,
    seen: &mut HashSet<PathBuf>,
    d: &mut Discovery,
    ex: &Exclude,
) {
    if path.as_os_str().len() >= PATH_MAX {
        return skip(
            d,
            rel,
            "path_too_long",
            format!("longer than {PATH_MAX} bytes"),
        );
    }
    // metadata() follows links: a link to a folder is walked (once).
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if too_long(&e) => return skip(d, rel, "path_too_long", e.to_string()),
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
            if is_link && e.kind() == std::io::ErrorKind::NotFound {
                let to = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return skip(d, rel, "dangling_link", format!("link to missing {to}"));
            }
            return skip(d, rel, "unreadable", e.to_string());
        }
    };
    if meta.is_dir() {
        let name = rel.rsplit('/').next().unwrap_or_default().to_lowercase();
        let page = name.strip_suffix("_files").filter(|stem| {
            ["html", "htm", "xhtml"]
                .iter()
                .any(|ext| siblings.contains(&format!("{stem}.{ext}")))
        });
        if page.is_some() {
            skip(
                d,
                rel,
                "web_page_assets",
                "images and scripts of a saved web page",
            );
        } else {
            walk(path, rel, seen, d, ex);
        }
    } else if !meta.is_file() {
        skip(
            d,
            rel,
            "special_file",
            "not a regular file (FIFO, socket or device)",
        );
    } else if format_from_name(path).is_some() {
        d.inputs.push(Input {
            path: path.to_path_buf(),
            rel: rel.to_string(),
        });
    } else {
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| "no extension".into());
        skip(
            d,
            rel,
            "unsupported_type",
            format!("{ext}: not .pdf, .html, .htm, .txt, .docx or .odt"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("scr-discover-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn finds_sorted_skips_hidden_and_survives_link_loops() {
        let dir = scratch("loops");
        std::fs::create_dir_all(dir.join("b/.hidden")).unwrap();
        std::fs::write(dir.join("b/x.PDF"), b"").unwrap();
        std::fs::write(dir.join("a.html"), b"").unwrap();
        std::fs::write(dir.join("notes.doc"), b"").unwrap();
        std::fs::write(dir.join("brief.DOCX"), b"").unwrap();
        std::fs::write(dir.join("b/response.odt"), b"").unwrap();
        std::fs::write(dir.join("b/.hidden/y.pdf"), b"").unwrap();
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/source.html"), b"").unwrap();
        std::fs::write(dir.join("src").join(IGNORE_MARKER), b"").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&dir, dir.join("b/loop")).unwrap();
        let found: Vec<String> = discover(&dir).unwrap().into_iter().map(|i| i.rel).collect();
        assert_eq!(found, ["a.html", "b/response.odt", "b/x.PDF", "brief.DOCX"]);
        let skipped: Vec<(String, String)> = discover_all(&dir)
            .unwrap()
            .skipped
            .into_iter()
            .map(|s| (s.path, s.reason))
            .collect();
        let want = [
            ("b/loop", "link_loop"),
            ("notes.doc", "unsupported_type"),
            ("src", "ignored"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(skipped, want);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folders_summary_links_are_not_inputs() {
        let dir = scratch("summary-links");
        std::fs::create_dir_all(dir.join(".scr-ingest/current")).unwrap();
        std::fs::write(dir.join(".scr-ingest/current/report.html"), b"<p>").unwrap();
        std::os::unix::fs::symlink(".scr-ingest/current/report.html", dir.join("report.html"))
            .unwrap();
        std::fs::write(dir.join("page.html"), b"<p>").unwrap();
        std::os::unix::fs::symlink("page.html", dir.join("alias.html")).unwrap();
        let d = discover_all(&dir).unwrap();
        let found: Vec<&str> = d.inputs.iter().map(|i| i.rel.as_str()).collect();
        assert_eq!(found, ["alias.html", "page.html"]);
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn saved_page_assets_dangling_links_and_fifos_are_named() {
        let dir = scratch("named");
        std::fs::write(dir.join("page.html"), b"").unwrap();
        std::fs::create_dir_all(dir.join("page_files")).unwrap();
        std::fs::write(dir.join("page_files/inner.html"), b"").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("gone.pdf"), dir.join("link.pdf")).unwrap();
            let ok = std::process::Command::new("mkfifo")
                .arg(dir.join("pipe.txt"))
                .status()
                .is_ok_and(|s| s.success());
            let d = discover_all(&dir).unwrap();
            let reason = |p: &str| {
                d.skipped
                    .iter()
                    .find(|s| s.path == p)
                    .map(|s| s.reason.clone())
            };
            assert_eq!(reason("page_files").as_deref(), Some("web_page_assets"));
            assert_eq!(reason("link.pdf").as_deref(), Some("dangling_link"));
            if ok {
                assert_eq!(reason("pipe.txt").as_deref(), Some("special_file"));
            }
            assert_eq!(d.inputs.len(), 1);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn names_are_lossless_and_distinct() {
        assert_eq!(name_of(OsStr::new("a b.pdf")), "a b.pdf");
        assert_eq!(name_of(OsStr::new("100%.pdf")), "100%25.pdf");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let a = name_of(OsStr::from_bytes(b"caf\xe9.txt"));
            let b = name_of(OsStr::from_bytes(b"caf\xe8.txt"));
            assert_eq!(a, "caf%E9.txt");
            assert_ne!(a, b);
            assert_ne!(a, name_of(OsStr::new("caf%E9.txt")));
        }
    }
}
