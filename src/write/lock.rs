//! One run per output folder: an advisory lock on a file inside it, held
//! for the whole run and released by the kernel when the process dies, so
//! a killed run never leaves the folder locked.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The held lock; dropping it releases the folder.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
    /// The lock file.
    pub path: PathBuf,
}

/// Why the folder could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it.
    Busy(PathBuf),
    /// The lock file could not be opened.
    Io(PathBuf, std::io::Error),
}

/// Takes the lock at `path` without waiting.
pub fn lock(path: &Path) -> Result<FolderLock, LockError> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    // A link planted at the lock's name would have the run create or
    // open someone else's file.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NOFOLLOW);
    let file = o
        .open(path)
        .map_err(|e| LockError::Io(path.to_path_buf(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(FolderLock {
            _file: file,
            path: path.to_path_buf(),
        }),
        Err(TryLockError::WouldBlock) => Err(LockError::Busy(path.to_path_buf())),
        Err(TryLockError::Error(e)) => Err(LockError::Io(path.to_path_buf(), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let p = std::env::temp_dir().join(format!("scr-lock-{}", std::process::id()));
        let first = lock(&p).unwrap();
        assert!(matches!(lock(&p), Err(LockError::Busy(_))));
        drop(first);
        assert!(lock(&p).is_ok());
        let _ = std::fs::remove_file(&p);
    }
}
