//! What is known of a file without reading it: its size, modification and
//! change times and identity, as git's index keeps them.
//!
//! For inputs: a worker hashes the bytes it parses, and that hash is the
//! one the manifest records; the parent reads and hashes an input itself
//! only when an earlier document may stand for it. Otherwise a file
//! written to while a worker read it is told by its stamp: taken before
//! the worker starts and again after it answers, the two differ.
//!
//! For the committed summary files, a stamp taken after the commit stands
//! for the hash check of the next run (see `write::set_stamps`).

use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Size, modification and change times (seconds, nanoseconds), device and
/// inode of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    mtime: (i64, i64),
    /// An in-place rewrite that keeps size and modification time (`touch
    /// -d` after an edit) still moves the change time, which no user
    /// program can set back; a file put in the place of another has
    /// another inode.
    ctime: (i64, i64),
    dev: u64,
    ino: u64,
}

impl Stamp {
    #[cfg(unix)]
    pub(crate) fn of(m: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            dev: m.dev(),
            ino: m.ino(),
        }
    }

    /// Without change times and inodes a stamp is size and modification
    /// time only, and never vouches for a summary file (see
    /// [`Stamp::settled_before`]).
    #[cfg(not(unix))]
    pub(crate) fn of(m: &Metadata) -> Self {
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| {
                (d.as_secs() as i64, i64::from(d.subsec_nanos()))
            });
        Stamp {
            len: m.len(),
            mtime,
            ctime: (0, 0),
            dev: 0,
            ino: 0,
        }
    }

    /// The stamp of the file at `path` now, `None` when it cannot be read.
    pub(crate) fn now(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }

    /// The file's size.
    pub(crate) fn size(&self) -> u64 {
        self.len
    }

    /// Whether `other` is this file with the same bytes, its change time
    /// aside (a rename or another link moves that).
    pub(crate) fn same_file(&self, other: &Stamp) -> bool {
        (self.len, self.mtime, self.dev, self.ino) == (other.len, other.mtime, other.dev, other.ino)
    }

    /// The later of the file's two times.
    pub(crate) fn latest(&self) -> (i64, i64) {
        self.mtime.max(self.ctime)
    }

    /// Whether both of the file's times are strictly before `clock`, a time
    /// of the file system's own clock read before this stamp was taken. Only
    /// then does an unchanged stamp prove an unchanged file: a write after
    /// the stamp gets a time at or after `clock`, so it moves the stamp.
    /// A file written within the clock's granularity of the stamp (the
    /// "racy" case of git's index) could change again with the same times,
    /// and is hashed instead.
    pub(crate) fn settled_before(&self, clock: (i64, i64)) -> bool {
        cfg!(unix) && self.latest() < clock
    }
}

/// The file system's clock as it stamps files in a folder: the
/// modification time of a scratch file there, written when asked. Kept
/// open for a run; removed when dropped (a killed run's is a temporary
/// file the next run removes).
pub(crate) struct Clock {
    file: Mutex<File>,
    path: PathBuf,
    dev: u64,
}

impl Clock {
    pub(crate) fn open(dir: &Path) -> Option<Self> {
        let path = super::atomic::temp_path(&dir.join("clock"));
        let file = super::atomic::create_exclusive(&path).ok()?;
        let dev = Stamp::of(&file.metadata().ok()?).dev;
        Some(Clock {
            file: Mutex::new(file),
            path,
            dev,
        })
    }

    /// The clock now, as a write now would be stamped.
    #[cfg(unix)]
    pub(crate) fn now(&self) -> Option<(i64, i64)> {
        use std::os::unix::fs::FileExt;
        let f = self.file.lock().ok()?;
        // Asking for a file's times first makes the next write's time a
        // fine-grained one on file systems with multigrain timestamps.
        f.metadata().ok()?;
        f.write_all_at(b".", 0).ok()?;
        Some(Stamp::of(&f.metadata().ok()?).mtime)
    }

    /// Without change times and inodes stamps vouch for nothing.
    #[cfg(not(unix))]
    pub(crate) fn now(&self) -> Option<(i64, i64)> {
        None
    }

    /// The clock once it is past `after`, waiting a few milliseconds at
    /// most; `None` if it cannot be read or does not pass in time.
    pub(crate) fn after(&self, after: (i64, i64)) -> Option<(i64, i64)> {
        for _ in 0..50 {
            match self.now()? {
                t if t > after => return Some(t),
                _ => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
        None
    }

    /// Whether `stamp` is of a file this clock stamps, with both its times
    /// before `clock`, a reading of it.
    pub(crate) fn settled(&self, stamp: &Stamp, clock: (i64, i64)) -> bool {
        stamp.dev == self.dev && stamp.settled_before(clock)
    }
}

impl Drop for Clock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
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

    #[test]
    fn the_clock_passes_a_file_just_written() {
        let dir = std::env::temp_dir().join(format!("scr-clock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.txt");
        std::fs::write(&f, b"a").unwrap();
        let s = Stamp::now(&f).unwrap();
        let c = Clock::open(&dir).unwrap();
        let clock = c.after(s.latest()).unwrap();
        assert!(c.settled(&s, clock));
        assert!(!c.settled(&s, s.latest()));
        drop(c);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
