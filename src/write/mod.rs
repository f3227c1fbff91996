//! Write: documents, flat item records and the run report, atomically.

pub mod items;
pub mod report;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so an interrupted run never leaves half a file.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where the JSON of input `rel` goes under `out`: `out/<rel>.json`.
pub fn document_path(out: &Path, rel: &str) -> PathBuf {
    let mut p = out.to_path_buf();
    for part in rel.split('/') {
        if part == ".." || part.is_empty() {
            continue;
        }
        p.push(part);
    }
    let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".json");
    p.set_file_name(name);
    p
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
    fn atomic_write_replaces() {
        let dir = std::env::temp_dir().join(format!("scr-write-{}", std::process::id()));
        let f = dir.join("a/b.json");
        atomic_write(&f, b"one").unwrap();
        atomic_write(&f, b"two").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.join("a")).unwrap().count();
        assert_eq!(leftovers, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
