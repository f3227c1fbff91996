//! Stamps of the committed set's sealed files, so that a rerun need not
//! read and hash the files it keeps to check their seals: git's index for
//! the summary set. Taken after each commit and kept in the state folder
//! beside the generations (`.scr-ingest/stamps.json`), naming the
//! generation and the seals they were taken for.
//!
//! They are a cache, not part of the committed set: written after the
//! commit (and after the prune, whose removal of an older generation moves
//! the change time of the files a newer one links), never relied on for
//! anything the seals themselves do not say, and dropped whenever they do
//! not match: a missing, unreadable or other generation's file, a file
//! whose stamp moved in any field, or one whose times are not strictly
//! before the clock read when the stamps were taken (the racy case) is
//! checked by its hash as before.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::temp_path;
use super::report::FileSeal;
use super::stamp::{Stamp, clock_after};

/// The file in the state folder.
pub(crate) const STAMPS: &str = "stamps.json";

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SetStamps {
    /// The generation folder's name.
    generation: String,
    /// The file system's clock, read after every file's times and before
    /// the stamps were taken.
    clock: (i64, i64),
    files: Vec<Stamped>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Stamped {
    name: String,
    sha256: String,
    bytes: u64,
    stamp: Stamp,
}

fn regular_stamp(path: &Path) -> Option<Stamp> {
    std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| Stamp::of(&m))
}

impl SetStamps {
    /// The stamps taken for generation folder `dir`, if any.
    pub(crate) fn load(dir: &Path) -> Option<Self> {
        let state = dir.parent()?;
        let name = dir.file_name()?.to_str()?;
        let path = state.join(STAMPS);
        std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file())?;
        let s: SetStamps = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        (s.generation == name).then_some(s)
    }

    /// Whether file `seal.name` of `dir` is, by its stamp alone, the file
    /// `seal` describes.
    pub(crate) fn vouch(&self, dir: &Path, seal: &FileSeal) -> bool {
        self.files.iter().any(|f| {
            f.name == seal.name
                && f.sha256 == seal.sha256
                && f.bytes == seal.bytes
                && f.stamp.settled_before(self.clock)
                && regular_stamp(&dir.join(&f.name)).is_some_and(|now| now == f.stamp)
        })
    }
}

/// Takes the stamps of generation folder `dir`'s files `seals` describe
/// and keeps them in the state folder; on any failure the stamps of an
/// earlier generation are removed instead, so they can only go unused.
pub(crate) fn record(dir: &Path, seals: &[FileSeal]) {
    let Some(state) = dir.parent() else { return };
    let path = state.join(STAMPS);
    let written = (|| {
        let generation = dir.file_name()?.to_str()?.to_string();
        let first: Vec<(&FileSeal, Stamp)> = seals
            .iter()
            .filter_map(|s| Some((s, regular_stamp(&dir.join(&s.name))?)))
            .collect();
        let latest = first.iter().map(|(_, s)| s.latest()).max()?;
        let clock = clock_after(state, latest)?;
        // Taken again after the clock: a file that moved meanwhile is left
        // out.
        let files: Vec<Stamped> = first
            .into_iter()
            .filter(|(s, stamp)| {
                stamp.size() == s.bytes && regular_stamp(&dir.join(&s.name)).as_ref() == Some(stamp)
            })
            .map(|(s, stamp)| Stamped {
                name: s.name.clone(),
                sha256: s.sha256.clone(),
                bytes: s.bytes,
                stamp,
            })
            .collect();
        let bytes = serde_json::to_vec(&SetStamps {
            generation,
            clock,
            files,
        })
        .ok()?;
        let tmp = temp_path(&path);
        let done = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, &path));
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done.ok()
    })();
    if written.is_none() {
        let _ = std::fs::remove_file(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_in_place_is_not_vouched_for() {
        let state = std::env::temp_dir().join(format!("scr-set-stamps-{}", std::process::id()));
        let dir = state.join("gen-00000001");
        let _ = std::fs::remove_dir_all(&state);
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = b"{\"a\":1}\n";
        std::fs::write(dir.join("items.jsonl"), bytes).unwrap();
        let seal = FileSeal {
            name: "items.jsonl".into(),
            sha256: super::super::manifest::sha256_hex(bytes),
            bytes: bytes.len() as u64,
        };
        record(&dir, std::slice::from_ref(&seal));
        let s = SetStamps::load(&dir).unwrap();
        assert!(s.vouch(&dir, &seal));
        // Another generation's stamps are not these.
        std::fs::create_dir_all(state.join("gen-00000002")).unwrap();
        assert!(SetStamps::load(&state.join("gen-00000002")).is_none());
        // Same size, new bytes.
        std::fs::write(dir.join("items.jsonl"), b"{\"a\":2}\n").unwrap();
        assert!(!s.vouch(&dir, &seal));
        let _ = std::fs::remove_dir_all(&state);
    }
}
