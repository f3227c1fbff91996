//! What a run reads when told more than a folder: a list of paths
//! (`--files-from`) instead of the whole folder, and globs that leave
//! entries out (`--exclude`).

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::{Discovery, IGNORE_MARKER, OUTPUT_MARKER, name_of, skip, visit, walk};

/// How discovery is narrowed.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Paths to read instead of walking the input folder, each relative
    /// to the working folder (or absolute) and inside the input folder.
    pub files_from: Option<Vec<PathBuf>>,
    /// Entries left out.
    pub exclude: Exclude,
}

/// `--exclude` globs. A glob without `/` matches an entry's name at any
/// depth (`*.docx`, `drafts`); one with `/` matches its whole path
/// relative to the input folder, where `*` stays inside one folder and
/// `**` crosses folders (`2019/*.pdf`, `archive/**/old-*`). A folder that
/// matches is left out with everything below it.
#[derive(Debug, Clone)]
pub struct Exclude {
    names: GlobSet,
    name_globs: Vec<String>,
    paths: GlobSet,
    path_globs: Vec<String>,
}

impl Default for Exclude {
    fn default() -> Self {
        Exclude {
            names: GlobSet::empty(),
            name_globs: Vec::new(),
            paths: GlobSet::empty(),
            path_globs: Vec::new(),
        }
    }
}

impl Exclude {
    /// The globs compiled; an invalid one is named with why.
    pub fn new(globs: &[String]) -> Result<Self, String> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        let mut ex = Exclude::default();
        for given in globs {
            let pattern = given.trim_end_matches('/');
            let pattern = pattern
                .strip_prefix("./")
                .or_else(|| pattern.strip_prefix('/'))
                .unwrap_or(pattern);
            if pattern.is_empty() {
                return Err(format!(
                    "--exclude {given:?}: an empty glob matches nothing"
                ));
            }
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| format!("--exclude {given}: {e}"))?;
            if pattern.contains('/') {
                paths.add(glob);
                ex.path_globs.push(given.clone());
            } else {
                names.add(glob);
                ex.name_globs.push(given.clone());
            }
        }
        let built = |b: GlobSetBuilder| b.build().map_err(|e| format!("--exclude: {e}"));
        ex.names = built(names)?;
        ex.paths = built(paths)?;
        Ok(ex)
    }

    /// The glob (as given) that leaves out the entry at `rel`, a
    /// `/`-separated path relative to the input folder.
    pub fn matching(&self, rel: &str) -> Option<&str> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let by_name = self
            .names
            .matches(name)
            .first()
            .map(|&i| &self.name_globs[i]);
        by_name
            .or_else(|| {
                self.paths
                    .matches(rel)
                    .first()
                    .map(|&i| &self.path_globs[i])
            })
            .map(String::as_str)
    }
}

/// The paths of a `--files-from` list: one per line (a `\r` before the
/// line end is dropped), or separated by NUL bytes when the list holds any
/// (as `find -print0` and `fd -0` write them, for names with line breaks).
/// Empty entries are passed over.
pub fn parse_list(bytes: &[u8]) -> Vec<PathBuf> {
    let nul = bytes.contains(&0);
    let sep = if nul { 0 } else { b'\n' };
    bytes
        .split(|&b| b == sep)
        .map(|l| {
            if nul {
                l
            } else {
                l.strip_suffix(b"\r").unwrap_or(l)
            }
        })
        .filter(|l| !l.is_empty())
        .map(path_of)
        .collect()
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// `path` with `.` and `..` resolved by name alone (links are not
/// followed), so a listed `docs/./a/../b.pdf` is named `docs/b.pdf`.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root stays at the root, as the kernel has it.
                if out.file_name().is_some() {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Inputs and skipped entries of a `--files-from` list: each path named
/// relative to `root` as a walk of `root` would name it, so the documents
/// and their reuse are the same as a run over the whole folder. A listed
/// folder is walked. A path outside `root` is skipped as `outside_input`;
/// one under a hidden, excluded, ignored or output folder is treated as
/// the walk would have treated that folder.
pub(super) fn listed(root: &Path, list: &[PathBuf], ex: &Exclude) -> std::io::Result<Discovery> {
    if !std::fs::metadata(root)?.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "with --files-from the input must be a folder: listed paths are named relative to it",
        ));
    }
    let cwd = std::env::current_dir()?;
    let base = lexical(&cwd.join(root));
    let mut d = Discovery::default();
    let mut seen = HashSet::new();
    let no_siblings = HashSet::new();
    for listed in list {
        let abs = lexical(&cwd.join(listed));
        let Ok(under) = abs.strip_prefix(&base) else {
            skip(
                &mut d,
                &name_of(listed.as_os_str()),
                "outside_input",
                format!("not under the input folder {}", root.display()),
            );
            continue;
        };
        let parts: Vec<String> = under.components().map(|c| name_of(c.as_os_str())).collect();
        // Hidden entries are the system's, listed or not (`find .` lists
        // `.git`).
        if parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        if parts.is_empty() {
            walk(root, "", &mut seen, &mut d, ex);
            continue;
        }
        if let Some((at, reason, detail)) = blocked(&base, &parts, ex) {
            skip(&mut d, &at, reason, detail);
            continue;
        }
        visit(&abs, &parts.join("/"), &no_siblings, &mut seen, &mut d, ex);
    }
    d.inputs.sort_by(|a, b| a.rel.cmp(&b.rel));
    d.inputs.dedup_by(|a, b| a.rel == b.rel);
    d.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    d.skipped.dedup_by(|a, b| a.path == b.path);
    Ok(d)
}

/// What a walk from `base` down to the entry `parts` would have stopped
/// at first: an excluded entry, or a folder marked ignored or holding an
/// output folder's state. The place, its reason and detail.
fn blocked(base: &Path, parts: &[String], ex: &Exclude) -> Option<(String, &'static str, String)> {
    let mut dir = base.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        let rel = parts[..=i].join("/");
        if let Some(glob) = ex.matching(&rel) {
            return Some((rel, "excluded", format!("matches --exclude {glob}")));
        }
        if i + 1 == parts.len() {
            break;
        }
        dir.push(part);
        if dir.join(IGNORE_MARKER).exists() {
            return Some((rel, "ignored", format!("holds {IGNORE_MARKER}")));
        }
        if dir.join(OUTPUT_MARKER).is_dir() {
            return Some((rel, "output_folder", "an scr-ingest output folder".into()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(globs: &[&str]) -> Exclude {
        Exclude::new(&globs.iter().map(|g| g.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn a_glob_without_a_slash_matches_names_at_any_depth() {
        let e = ex(&["*.docx", "drafts"]);
        assert_eq!(e.matching("a.docx"), Some("*.docx"));
        assert_eq!(e.matching("2019/q1/a.docx"), Some("*.docx"));
        assert_eq!(e.matching("x/drafts"), Some("drafts"));
        assert_eq!(e.matching("drafts.pdf"), None);
        assert_eq!(e.matching("a.pdf"), None);
    }

    #[test]
    fn a_glob_with_a_slash_matches_the_relative_path() {
        let e = ex(&["2019/*.pdf", "/archive/**/old-*", "./top/"]);
        assert_eq!(e.matching("2019/a.pdf"), Some("2019/*.pdf"));
        // `*` stays inside one folder.
        assert_eq!(e.matching("2019/q1/a.pdf"), None);
        assert_eq!(e.matching("x/2019/a.pdf"), None);
        assert_eq!(
            e.matching("archive/a/b/old-1.pdf"),
            Some("/archive/**/old-*")
        );
        assert_eq!(e.matching("top"), Some("./top/"));
    }

    #[test]
    fn bad_and_empty_globs_are_refused_by_name() {
        let err = Exclude::new(&["a[".to_string()]).unwrap_err();
        assert!(err.contains("--exclude a["), "{err}");
        assert!(Exclude::new(&["/".to_string()]).is_err());
    }

    #[test]
    fn lists_split_on_lines_or_nul() {
        assert_eq!(
            parse_list(b"a.pdf\r\n\nb/c.txt\n"),
            [PathBuf::from("a.pdf"), PathBuf::from("b/c.txt")]
        );
        assert_eq!(
            parse_list(b"a\nb.pdf\0c.pdf\0"),
            [PathBuf::from("a\nb.pdf"), PathBuf::from("c.pdf")]
        );
        assert!(parse_list(b"").is_empty());
    }

    #[test]
    fn listed_paths_are_named_as_a_walk_names_them() {
        let dir = std::env::temp_dir().join(format!("scr-select-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let root = dir.join("in");
        for sub in ["a", "drafts", "kept", ".git"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        for f in [
            "a/x.pdf",
            "drafts/d.txt",
            "kept/k.txt",
            ".git/h.txt",
            "b.html",
        ] {
            std::fs::write(root.join(f), b"").unwrap();
        }
        std::fs::write(root.join("kept").join(IGNORE_MARKER), b"").unwrap();
        std::fs::write(dir.join("out.txt"), b"").unwrap();
        let list: Vec<PathBuf> = [
            "in/b.html",
            "in/a/../a/x.pdf",
            "in/b.html",
            "in/drafts/d.txt",
            "in/kept/k.txt",
            "in/.git/h.txt",
            "out.txt",
        ]
        .iter()
        .map(|p| dir.join(p))
        .collect();
        let d = listed(&root, &list, &ex(&["drafts"])).unwrap();
        let inputs: Vec<&str> = d.inputs.iter().map(|i| i.rel.as_str()).collect();
        assert_eq!(inputs, ["a/x.pdf", "b.html"]);
        let skipped: Vec<(&str, &str)> = d
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        let out = name_of(dir.join("out.txt").as_os_str());
        assert_eq!(
            skipped,
            [
                (out.as_str(), "outside_input"),
                ("drafts", "excluded"),
                ("kept", "ignored")
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn dots_resolve_by_name() {
        assert_eq!(
            lexical(Path::new("/w/docs/./a/../b.pdf")),
            PathBuf::from("/w/docs/b.pdf")
        );
        assert_eq!(lexical(Path::new("/../x")), PathBuf::from("/x"));
    }
}
