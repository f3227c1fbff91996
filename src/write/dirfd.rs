//! Documents written and removed without following a link anywhere inside
//! the output folder: each folder on the way is opened relative to the one
//! before with `O_NOFOLLOW`, and the file is created, renamed and removed
//! through its folder's descriptor. Checking the path first and then
//! writing through it would leave a moment in which a folder swapped for a
//! link (`out/sub -> ../victim`) takes the write outside. (The crate has
//! no unsafe code, so there is no `openat`: the descriptor is reached as
//! `/proc/self/fd/N`, which resolves to the open folder itself.)

use std::path::Path;

/// Whether `e` says a folder on the way is a link or not a folder.
pub fn is_not_a_folder(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Writes `bytes` to the document `rel` (`/`-separated, relative to `out`)
/// through an exclusive temporary file and a rename, creating the folders
/// on the way as real folders; fails with `ELOOP` or `ENOTDIR` where one
/// of them is a link or a file.
pub fn write_document(out: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    imp::write_document(out, rel, |f| f.write_all(bytes))
}

/// As [`write_document`], the content written by `fill` into the
/// temporary file: a large document is serialised straight to disk
/// instead of into memory first.
pub fn write_document_with<T>(
    out: &Path,
    rel: &str,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    imp::write_document(out, rel, fill)
}

/// Removes the document `rel` under `out`, never through a link.
pub fn remove_document(out: &Path, rel: &str) -> std::io::Result<()> {
    imp::remove_document(out, rel)
}

#[cfg(unix)]
mod imp {
    use std::fs::{File, OpenOptions};
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::{Path, PathBuf};

    use super::super::atomic::{create_exclusive, temp_name};

    /// The folder holding `rel` and the file's own name. Each folder on
    /// the way is opened with `O_NOFOLLOW` through the descriptor of the
    /// one before (`/proc/self/fd/N/<name>` resolves through the open
    /// folder itself, not through the path it was opened by, so a folder
    /// swapped for a link after it was opened changes nothing). `out`
    /// itself is the user's choice and may be a link.
    fn parent_of<'a>(out: &Path, rel: &'a str, create: bool) -> std::io::Result<(Folder, &'a str)> {
        let mut dir = Folder::open(out, false)?;
        let mut parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        let name = parts.pop().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "an empty document name")
        })?;
        for p in parts {
            if create {
                match std::fs::create_dir(dir.child(p)) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                    _ => {}
                }
            }
            dir = Folder::open(&dir.child(p), true)?;
        }
        Ok((dir, name))
    }

    /// An open folder, and how to name a file inside it.
    struct Folder {
        file: File,
        /// Without `/proc` the descriptor cannot name children; then the
        /// path is used, checked for links before each use.
        path: PathBuf,
        by_fd: bool,
    }

    impl Folder {
        fn open(path: &Path, nofollow: bool) -> std::io::Result<Folder> {
            let mut o = OpenOptions::new();
            o.read(true)
                .custom_flags(libc::O_DIRECTORY | if nofollow { libc::O_NOFOLLOW } else { 0 });
            let file = o.open(path)?;
            let by_fd = Path::new("/proc/self/fd").is_dir();
            Ok(Folder {
                file,
                path: path.to_path_buf(),
                by_fd,
            })
        }

        fn child(&self, name: &str) -> PathBuf {
            if self.by_fd {
                PathBuf::from(format!("/proc/self/fd/{}", self.file.as_raw_fd())).join(name)
            } else {
                self.path.join(name)
            }
        }
    }

    pub fn write_document<T>(
        out: &Path,
        rel: &str,
        fill: impl FnOnce(&mut File) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        let (dir, name) = parent_of(out, rel, true)?;
        let tmp = dir.child(&temp_name(name));
        let result = create_exclusive(&tmp).and_then(|mut f| {
            let value = fill(&mut f)?;
            f.sync_all()?;
            std::fs::rename(&tmp, dir.child(name))?;
            Ok(value)
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    pub fn remove_document(out: &Path, rel: &str) -> std::io::Result<()> {
        let (dir, name) = parent_of(out, rel, false)?;
        std::fs::remove_file(dir.child(name))
    }
}

#[cfg(not(unix))]
mod imp {
    use std::path::Path;

    pub fn write_document<T>(
        out: &Path,
        rel: &str,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        let target = out.join(rel);
        let tmp = super::super::atomic::temp_path(&target);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let result = super::super::atomic::create_exclusive(&tmp).and_then(|mut f| {
            let value = fill(&mut f)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &target)?;
            Ok(value)
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    pub fn remove_document(out: &Path, rel: &str) -> std::io::Result<()> {
        std::fs::remove_file(out.join(rel))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn writes_inside_and_refuses_a_link_on_the_way() {
        let base = std::env::temp_dir().join(format!("scr-dirfd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (out, victim) = (base.join("out"), base.join("victim"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&victim).unwrap();
        write_document(&out, "a/b/c.txt.json", b"one").unwrap();
        write_document(&out, "a/b/c.txt.json", b"two").unwrap();
        assert_eq!(std::fs::read(out.join("a/b/c.txt.json")).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(out.join("a/b")).unwrap().count(), 1);
        std::os::unix::fs::symlink(&victim, out.join("sub")).unwrap();
        let e = write_document(&out, "sub/x.txt.json", b"x").unwrap_err();
        assert!(is_not_a_folder(&e), "{e}");
        std::fs::write(victim.join("x.txt.json"), b"keep").unwrap();
        assert!(remove_document(&out, "sub/x.txt.json").is_err());
        assert_eq!(std::fs::read(victim.join("x.txt.json")).unwrap(), b"keep");
        remove_document(&out, "a/b/c.txt.json").unwrap();
        assert!(!out.join("a/b/c.txt.json").exists());
        let _ = std::fs::remove_dir_all(&base);
    }
}
