//! What the parent knows of an input without reading it. A worker hashes
//! the bytes it parses, and that hash is the one the manifest records; the
//! parent reads and hashes an input itself only when an earlier document
//! may stand for it. Otherwise a file written to while a worker read it is
//! told by its stamp: taken before the worker starts and again after it
//! answers, the two differ.

use std::fs::Metadata;
use std::time::SystemTime;

/// Size, modification and change times and file identity of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Change time (seconds, nanoseconds), device and inode: an in-place
    /// rewrite that keeps size and modification time still changes these.
    #[cfg(unix)]
    identity: (i64, i64, u64, u64),
}

impl Stamp {
    pub(crate) fn of(m: &Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            identity: (m.ctime(), m.ctime_nsec(), m.dev(), m.ino()),
        }
    }

    /// The stamp of the file at `path` now, `None` when it cannot be read.
    pub(crate) fn now(path: &std::path::Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_changes_the_stamp() {
        let dir = std::env::temp_dir().join(format!("scr-stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("in.txt");
        std::fs::write(&f, b"one two three").unwrap();
        let before = Stamp::now(&f).unwrap();
        assert_eq!(Stamp::now(&f), Some(before.clone()));
        std::fs::write(&f, b"one two").unwrap();
        assert_ne!(Stamp::now(&f), Some(before));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
