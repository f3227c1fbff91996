//! Stamps of the committed set's files, so that a rerun need not read and
//! hash what it keeps to check its seals: git's index for the output
//! folder. Kept in the state folder beside the generations
//! (`.scr-ingest/stamps.json`), naming the generation they were taken for
//! and, for each file, the hash its stamp stands for: the summary files'
//! seals (from `run.json`), and each input's hash and its document's
//! (from the manifest).
//!
//! They are a cache, not part of the committed set: written after the
//! commit (and after the prune, whose removal of an older generation
//! moves the change time of the files a newer one links), relied on only
//! where they name the very hash the set vouches for, and dropped
//! whenever they do not match. A stamp is only ever recorded when a write
//! after it must move it: taken before the bytes were hashed, or of a file
//! no one else could yet write, with both its times strictly before a
//! reading of the file system's clock taken after it was stamped and
//! before anyone else could write it (the "racy" case of git's index,
//! where a file written within the clock's granularity of its stamp could
//! change again with the same times, is left unrecorded and hashed next
//! time). Any stamp that differs in one field (size, modification or
//! change time, device, inode) means the hash is checked as before.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::temp_path;
use super::report::FileSeal;
use super::sealed::file_sha256;
use super::stamp::{Clock, Stamp};

/// The file in the state folder.
pub(crate) const STAMPS: &str = "stamps.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct SetStamps {
    /// The generation folder's name.
    generation: String,
    files: Vec<Stamped>,
    #[serde(default)]
    inputs: BTreeMap<String, Seen>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Stamped {
    name: String,
    sha256: String,
    bytes: u64,
    stamp: Stamp,
}

/// What a run learnt of one input and its document: stamps standing for
/// their hashes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Seen {
    /// The input's hash and the stamp standing for it.
    pub(crate) sha256: String,
    pub(crate) input: Option<Stamp>,
    /// The document, its hash and the stamp standing for it.
    pub(crate) output: String,
    pub(crate) output_sha256: String,
    pub(crate) document: Option<Stamp>,
    /// The document's stamp was taken within the clock's granularity of
    /// its last write: it is hashed again before the stamp is kept.
    #[serde(skip)]
    pub(crate) racy: bool,
}

pub(crate) fn regular_stamp(path: &Path) -> Option<Stamp> {
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
                && regular_stamp(&dir.join(&f.name)).is_some_and(|now| now == f.stamp)
        })
    }

    /// Whether input `rel`, stamped `now`, has the bytes hashed `sha256`.
    pub(crate) fn vouch_input(&self, rel: &str, sha256: &str, now: &Stamp) -> bool {
        self.inputs
            .get(rel)
            .is_some_and(|s| s.sha256 == sha256 && s.input.as_ref() == Some(now))
    }

    /// Whether input `rel`'s document `output`, stamped `now`, has the
    /// bytes hashed `sha256`.
    pub(crate) fn vouch_document(
        &self,
        rel: &str,
        output: &str,
        sha256: &str,
        now: &Stamp,
    ) -> bool {
        self.inputs.get(rel).is_some_and(|s| {
            s.output == output && s.output_sha256 == sha256 && s.document.as_ref() == Some(now)
        })
    }
}

/// The stamps of a pending generation's files `seals` describe, taken
/// while no one else knows the folder, those before a clock reading after
/// them:
/// what [`record`] compares the committed files with.
pub(crate) fn before_commit(
    clock: &Clock,
    path: impl Fn(&str) -> std::path::PathBuf,
    seals: &[FileSeal],
) -> Vec<(String, Stamp)> {
    let stamps: Vec<(String, Stamp)> = seals
        .iter()
        .filter_map(|s| {
            let st = regular_stamp(&path(&s.name)).filter(|st| st.size() == s.bytes)?;
            Some((s.name.clone(), st))
        })
        .collect();
    // Not waited for: a file written within the clock's granularity of
    // now (the manifest, written last) is left unstamped and hashed by the
    // next run, which costs less than the wait.
    match clock.now() {
        Some(c) => stamps
            .into_iter()
            .filter(|(_, s)| clock.settled(s, c))
            .collect(),
        None => Vec::new(),
    }
}

/// Takes the stamps of committed generation folder `dir`'s files, the
/// ones `seals` describe, where they are still the files `before` stamped
/// before the commit, and of the documents and inputs `seen` describes,
/// and keeps them in the state folder of output folder `out`. On any
/// failure the stamps of an earlier generation are removed instead, so
/// they can only go unused.
pub(crate) fn record(
    out: &Path,
    dir: &Path,
    clock: Option<&Clock>,
    seals: &[FileSeal],
    before: &[(String, Stamp)],
    seen: BTreeMap<String, Seen>,
) {
    let Some(state) = dir.parent() else { return };
    let path = state.join(STAMPS);
    let written = (|| {
        let clock = clock?;
        let generation = dir.file_name()?.to_str()?.to_string();
        let files: Vec<Stamped> = seals
            .iter()
            .filter_map(|s| {
                let (_, pre) = before.iter().find(|(n, _)| *n == s.name)?;
                let now = regular_stamp(&dir.join(&s.name))?;
                (now.same_file(pre) && now.size() == s.bytes).then(|| Stamped {
                    name: s.name.clone(),
                    sha256: s.sha256.clone(),
                    bytes: s.bytes,
                    stamp: now,
                })
            })
            .collect();
        let mut inputs = seen;
        for s in inputs.values_mut() {
            s.document = s.document.take().and_then(|pre| {
                let now = regular_stamp(&out.join(&s.output))?;
                now.same_file(&pre).then_some(now)
            });
        }
        let documents = inputs.values().filter_map(|s| s.document.as_ref());
        let latest = files
            .iter()
            .map(|f| &f.stamp)
            .chain(documents)
            .map(Stamp::latest)
            .max();
        let (files, inputs) = match latest {
            None => (files, inputs),
            Some(latest) => {
                let c = clock.after(latest)?;
                // Taken again after the clock: a file that moved meanwhile
                // is left out.
                let files = files
                    .into_iter()
                    .filter(|f| {
                        clock.settled(&f.stamp, c)
                            && regular_stamp(&dir.join(&f.name)).as_ref() == Some(&f.stamp)
                    })
                    .collect();
                let mut inputs = inputs;
                for s in inputs.values_mut() {
                    let path = out.join(&s.output);
                    s.document = s.document.take().filter(|d| {
                        clock.settled(d, c)
                            && regular_stamp(&path).as_ref() == Some(d)
                            && (!s.racy || file_sha256(&path).is_some_and(|h| h == s.output_sha256))
                    });
                }
                (files, inputs)
            }
        };
        let inputs: BTreeMap<String, Seen> = inputs
            .into_iter()
            .filter(|(_, s)| s.input.is_some() || s.document.is_some())
            .collect();
        let bytes = serde_json::to_vec(&SetStamps {
            generation,
            files,
            inputs,
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
        let clock = Clock::open(&state).unwrap();
        let bytes = b"{\"a\":1}\n";
        std::fs::write(dir.join("items.jsonl"), bytes).unwrap();
        let seal = FileSeal {
            name: "items.jsonl".into(),
            sha256: super::super::manifest::sha256_hex(bytes),
            bytes: bytes.len() as u64,
        };
        let seals = std::slice::from_ref(&seal);
        let before = before_commit(&clock, |n| dir.join(n), seals);
        assert_eq!(before.len(), 1);
        record(&state, &dir, Some(&clock), seals, &before, BTreeMap::new());
        let s = SetStamps::load(&dir).unwrap();
        assert!(s.vouch(&dir, &seal));
        // Another generation's stamps are not these.
        std::fs::create_dir_all(state.join("gen-00000002")).unwrap();
        assert!(SetStamps::load(&state.join("gen-00000002")).is_none());
        // Same size, new bytes.
        std::fs::write(dir.join("items.jsonl"), b"{\"a\":2}\n").unwrap();
        assert!(!s.vouch(&dir, &seal));
        drop(clock);
        let _ = std::fs::remove_dir_all(&state);
    }

    /// A file whose times are not before the clock (here: set ahead of it,
    /// as a write within the clock's granularity of the stamp would leave
    /// them equal) is never vouched for by its stamp: it could change
    /// again without moving it.
    #[test]
    fn a_racy_file_is_left_unstamped() {
        let state = std::env::temp_dir().join(format!("scr-racy-stamps-{}", std::process::id()));
        let dir = state.join("gen-00000001");
        let _ = std::fs::remove_dir_all(&state);
        std::fs::create_dir_all(&dir).unwrap();
        let clock = Clock::open(&state).unwrap();
        let bytes = b"{\"a\":1}\n";
        let path = dir.join("items.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let ahead = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(ahead)
            .unwrap();
        let seal = FileSeal {
            name: "items.jsonl".into(),
            sha256: super::super::manifest::sha256_hex(bytes),
            bytes: bytes.len() as u64,
        };
        let seals = std::slice::from_ref(&seal);
        assert!(before_commit(&clock, |n| dir.join(n), seals).is_empty());
        // Even with a stamp from before the commit, the record waits for
        // the clock only so long, and keeps nothing it did not pass.
        let pre = vec![("items.jsonl".to_string(), regular_stamp(&path).unwrap())];
        record(&state, &dir, Some(&clock), seals, &pre, BTreeMap::new());
        assert!(SetStamps::load(&dir).is_none_or(|s| !s.vouch(&dir, &seal)));
        drop(clock);
        let _ = std::fs::remove_dir_all(&state);
    }
}
