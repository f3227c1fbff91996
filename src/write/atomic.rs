//! Files written whole or not at all: a temporary file under an
//! unpredictable name, created exclusively and never through a link, then
//! renamed over the target.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Every temporary name ends with this, so a later run can tell the
/// leftovers of a killed run from anything else in the folder.
pub const TEMP_SUFFIX: &str = ".scr-tmp";

/// A name nobody can guess ahead of time: a link planted at a predictable
/// temporary name in a shared folder would otherwise redirect the write.
fn unguessable() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    let a = h.finish();
    let mut h = RandomState::new().build_hasher();
    h.write_u64(a);
    format!("{a:016x}{:016x}", h.finish())
}

/// A temporary path beside `path`, hidden, ending in [`TEMP_SUFFIX`].
pub fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dir.join(temp_name(&name))
}

/// A temporary name for a file to be renamed to `name`: hidden, ending in
/// [`TEMP_SUFFIX`], at most 106 bytes whatever the length of `name`
/// (the first 64 bytes of it, cut at a character boundary: 64 characters
/// of a non-Latin name would be up to 256 bytes, over `NAME_MAX`).
pub fn temp_name(name: &str) -> String {
    let mut cut = name.len().min(64);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.{}{TEMP_SUFFIX}", &name[..cut], unguessable())
}

/// Creates `path` for writing; fails if anything, a link included, is
/// already there.
pub fn create_exclusive(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    o.open(path)
}

/// Writes `bytes` to `path` through an exclusive temporary file and a
/// rename, so a reader sees the old file or the new one, never half.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = create_exclusive(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes every leftover temporary file under `dir` (not following
/// links, not entering another output folder nested in it, whose
/// temporary files may be a live run's); only safe while holding the
/// folder's lock. Returns how many.
pub fn remove_leftovers(dir: &Path) -> usize {
    let mut n = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in entries.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name();
        let is_temp = name.to_string_lossy().ends_with(TEMP_SUFFIX);
        if ft.is_dir() {
            if is_temp {
                if std::fs::remove_dir_all(e.path()).is_ok() {
                    n += 1;
                }
            } else if !super::is_output_folder(&e.path()) {
                n += remove_leftovers(&e.path());
            }
        } else if is_temp && std::fs::remove_file(e.path()).is_ok() {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("scr-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn replaces_and_leaves_nothing_behind() {
        let dir = scratch("replace");
        let f = dir.join("a/b.json");
        atomic_write(&f, b"one").unwrap();
        atomic_write(&f, b"two").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.join("a")).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn temp_names_differ_and_exclusive_create_refuses_links() {
        let dir = scratch("links");
        let target = dir.join("x.json");
        assert_ne!(temp_path(&target), temp_path(&target));
        assert!(temp_name(&"é".repeat(200)).len() <= 106);
        let victim = dir.join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let planted = dir.join("planted");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        assert!(create_exclusive(&planted).is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        std::fs::write(dir.join(format!(".x{TEMP_SUFFIX}")), b"").unwrap();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join(format!("sub/.y{TEMP_SUFFIX}")), b"").unwrap();
        assert_eq!(remove_leftovers(&dir), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
