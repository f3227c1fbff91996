//! The summary set (`run.json`, `items.jsonl`, `items.csv`, the tables,
//! `report.html`, the manifest) is committed as one: each run writes a
//! new generation folder under
//! `OUT/.scr-ingest/`, and one rename of the `current` link switches
//! readers from the old set to the new. `OUT/run.json` and its siblings
//! are fixed links through `current`, so the paths readers know stay.
//! A run that dies before the rename leaves the previous set current.

use std::path::{Path, PathBuf};

use super::atomic::{TEMP_SUFFIX, temp_path};

/// The tool's own folder inside the output folder.
pub const STATE_DIR: &str = ".scr-ingest";
/// The link naming the committed generation.
pub const CURRENT: &str = "current";
/// The files of a summary set that readers find at the top of `OUT`.
pub const SUMMARY_FILES: [&str; 9] = [
    "run.json",
    "items.jsonl",
    "items.csv",
    "items.xlsx",
    "documents.jsonl",
    "documents.csv",
    "reviews.jsonl",
    "reviews.csv",
    "report.html",
];
/// The manifest, inside each generation.
pub const MANIFEST: &str = "manifest.json";

const PREFIX: &str = "gen-";

/// A generation being written; nothing a reader sees until
/// [`Pending::commit`].
#[derive(Debug)]
pub struct Pending {
    dir: PathBuf,
    state: PathBuf,
    number: u64,
}

fn number_of(name: &str) -> Option<u64> {
    name.strip_prefix(PREFIX)?.parse().ok()
}

fn gen_name(n: u64) -> String {
    format!("{PREFIX}{n:08}")
}

/// The folder of the committed generation, if any.
pub fn current(out: &Path) -> Option<PathBuf> {
    let state = out.join(STATE_DIR);
    let target = std::fs::read_link(state.join(CURRENT)).ok()?;
    let name = target.file_name()?.to_str()?;
    number_of(name)?;
    let dir = state.join(name);
    // A generation planted as a link would have us read, and later prune,
    // someone else's folder.
    std::fs::symlink_metadata(&dir)
        .is_ok_and(|m| m.is_dir())
        .then_some(dir)
}

/// Repairs an output folder copied without links (`cp -rL`, Python's
/// `copytree`, a zip, a sync client): `current` became a folder holding
/// the committed set. It becomes a generation again and `current` a link
/// to it, so the set's seals can be checked and the run go on; the
/// summary files at the top, regular files now, are made links again at
/// the commit. Only safe while holding the folder's lock. Says what it
/// did.
pub fn repair_copied(out: &Path) -> std::io::Result<Option<String>> {
    let state = out.join(STATE_DIR);
    let link = state.join(CURRENT);
    let Ok(meta) = std::fs::symlink_metadata(&link) else {
        return Ok(None);
    };
    if meta.file_type().is_symlink() {
        return Ok(None);
    }
    let shown = format!("{STATE_DIR}/{CURRENT}");
    if !meta.is_dir() {
        std::fs::remove_file(&link)?;
        return Ok(Some(format!(
            "{shown}: a file, not a link (the folder was copied?); removed"
        )));
    }
    let name = gen_name(generations(&state).last().copied().unwrap_or(0) + 1);
    std::fs::rename(&link, state.join(&name))?;
    let tmp = temp_path(&link);
    symlink(Path::new(&name), &tmp)?;
    if let Err(e) = std::fs::rename(&tmp, &link) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(&state)?;
    Ok(Some(format!(
        "{shown}: a folder, not a link (the output folder was copied without its links?); repaired: kept as {name} and linked as current"
    )))
}

/// Why `out`'s committed set cannot be found, for the checker.
pub fn missing_current(out: &Path) -> String {
    let link = out.join(STATE_DIR).join(CURRENT);
    match std::fs::symlink_metadata(&link) {
        Ok(m) if m.is_dir() => format!(
            "{}: a folder, not a link (copied without links?); the next run repairs it",
            link.display()
        ),
        Ok(_) => format!(
            "{}: does not name a generation folder of {STATE_DIR}",
            link.display()
        ),
        Err(_) => format!(
            "{}: no committed run (missing {STATE_DIR}/{CURRENT})",
            out.display()
        ),
    }
}

fn generations(state: &Path) -> Vec<u64> {
    let mut v: Vec<u64> = std::fs::read_dir(state)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| number_of(&e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    v.sort_unstable();
    v
}

/// Starts a new generation after every existing one.
pub fn begin(out: &Path) -> std::io::Result<Pending> {
    let state = out.join(STATE_DIR);
    std::fs::create_dir_all(&state)?;
    let number = generations(&state).last().copied().unwrap_or(0) + 1;
    let dir = temp_path(&state.join(gen_name(number)));
    std::fs::create_dir(&dir)?;
    Ok(Pending { dir, state, number })
}

impl Pending {
    /// Where to write file `name` of this generation.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// This generation's number.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Makes this generation the current one: its files are flushed, the
    /// folder renamed into place and `current` switched by one rename.
    pub fn commit(self) -> std::io::Result<PathBuf> {
        for e in std::fs::read_dir(&self.dir)?.flatten() {
            std::fs::File::open(e.path())?.sync_all()?;
        }
        sync_dir(&self.dir)?;
        let name = gen_name(self.number);
        let final_dir = self.state.join(&name);
        std::fs::rename(&self.dir, &final_dir)?;
        let link = self.state.join(CURRENT);
        let tmp = temp_path(&link);
        symlink(Path::new(&name), &tmp)?;
        if let Err(e) = std::fs::rename(&tmp, &link) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        sync_dir(&self.state)?;
        Ok(final_dir)
    }

    /// Drops an uncommitted generation.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Makes `OUT/run.json` and its siblings links through `current`,
/// replacing regular files left by older versions.
pub fn ensure_links(out: &Path) -> std::io::Result<()> {
    for name in SUMMARY_FILES {
        let want = Path::new(STATE_DIR).join(CURRENT).join(name);
        let at = out.join(name);
        if std::fs::read_link(&at).ok().as_deref() == Some(want.as_path()) {
            continue;
        }
        let tmp = temp_path(&at);
        symlink(&want, &tmp)?;
        if let Err(e) = std::fs::rename(&tmp, &at) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    Ok(())
}

/// Removes every generation but the current one and the one before it (a
/// reader that resolved `current` just before the switch still finds its
/// files), and uncommitted ones of dead runs.
pub fn prune(out: &Path) {
    let state = out.join(STATE_DIR);
    let Some(cur) = current(out)
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .and_then(|n| number_of(&n))
    else {
        return;
    };
    let older: Vec<u64> = generations(&state)
        .into_iter()
        .filter(|&n| n != cur)
        .collect();
    let keep_previous = older.iter().copied().filter(|&n| n < cur).max();
    for n in older {
        if Some(n) != keep_previous {
            let _ = std::fs::remove_dir_all(state.join(gen_name(n)));
        }
    }
    if let Ok(rd) = std::fs::read_dir(&state) {
        for e in rd.flatten() {
            if e.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // Directory fsync makes the renames durable; where a platform refuses
    // to open a folder for it, the rename is still atomic.
    match std::fs::File::open(dir) {
        Ok(f) => f.sync_all().or(Ok(())),
        Err(_) => Ok(()),
    }
}

#[cfg(unix)]
fn symlink(target: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _at: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "output folders need symbolic links (Unix)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_switches_the_whole_set_and_prune_keeps_two() {
        let out = std::env::temp_dir().join(format!("scr-gen-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        for run in 1..=3 {
            let g = begin(&out).unwrap();
            for name in SUMMARY_FILES {
                std::fs::write(g.path(name), format!("{run}")).unwrap();
            }
            g.commit().unwrap();
            ensure_links(&out).unwrap();
            for name in SUMMARY_FILES {
                assert_eq!(
                    std::fs::read_to_string(out.join(name)).unwrap(),
                    format!("{run}")
                );
            }
        }
        let g = begin(&out).unwrap();
        std::fs::write(g.path("run.json"), "uncommitted").unwrap();
        drop(g);
        assert_eq!(std::fs::read_to_string(out.join("run.json")).unwrap(), "3");
        prune(&out);
        let left: Vec<u64> = generations(&out.join(STATE_DIR));
        assert_eq!(left, [2, 3]);
        let _ = std::fs::remove_dir_all(&out);
    }
}
