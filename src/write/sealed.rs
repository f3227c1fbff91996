//! Summary files hashed as they are written, and the flat files of a
//! rerun, which are often the committed ones byte for byte: those are
//! linked to the committed file and keep its seal rather than being
//! written and hashed again.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::atomic::create_exclusive;
use super::manifest;
use super::report::FileSeal;

/// A writer that hashes and counts what passes through it.
pub(crate) struct Sealed<W: Write> {
    pub(crate) inner: W,
    pub(crate) hash: Sha256,
    pub(crate) bytes: u64,
}

impl<W: Write> Write for Sealed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A new file at `path`, hashed as it is written.
pub(crate) fn sealed(path: &Path) -> std::io::Result<Sealed<BufWriter<File>>> {
    Ok(Sealed {
        inner: BufWriter::new(create_exclusive(path)?),
        hash: Sha256::new(),
        bytes: 0,
    })
}

/// The seal of everything written through `s`.
pub(crate) fn seal<W: Write>(name: &str, mut s: Sealed<W>) -> std::io::Result<FileSeal> {
    s.flush()?;
    Ok(FileSeal {
        name: name.into(),
        sha256: manifest::hex(&s.hash.finalize()),
        bytes: s.bytes,
    })
}

/// A committed summary file checked against its seal (by its stamp or its
/// hash) this run.
#[derive(Clone)]
pub(crate) struct Kept {
    pub(crate) path: PathBuf,
    pub(crate) seal: FileSeal,
}

impl Kept {
    /// Links the committed file at `to`, when it is still a regular file
    /// of its sealed size; `None`, with nothing left at `to`, otherwise (a
    /// link would take a planted symbolic link along, not its target).
    pub(crate) fn link_at(&self, to: &Path) -> Option<FileSeal> {
        let regular = |p: &Path| {
            std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file() && m.len() == self.seal.bytes)
        };
        if !regular(&self.path) || std::fs::hard_link(&self.path, to).is_err() {
            return None;
        }
        if regular(to) {
            return Some(self.seal.clone());
        }
        let _ = std::fs::remove_file(to);
        None
    }
}

/// A flat file of the pending set. While every byte appended is the
/// committed file's at the same offset, nothing is written; a file that
/// ends as the committed one whole is linked to it and keeps its seal.
/// At the first difference the bytes so far are copied from the committed
/// file and the rest written, all hashed on the way, as a new file is.
pub(crate) struct Flat {
    name: &'static str,
    path: PathBuf,
    kept: Option<(Kept, File)>,
    pos: u64,
    out: Option<Sealed<BufWriter<File>>>,
}

impl Flat {
    /// A flat file at `path`, which may turn out to be `kept`.
    pub(crate) fn new(
        name: &'static str,
        path: PathBuf,
        kept: Option<Kept>,
    ) -> std::io::Result<Self> {
        let kept = kept.and_then(|k| File::open(&k.path).ok().map(|f| (k, f)));
        let out = match kept {
            Some(_) => None,
            None => Some(sealed(&path)?),
        };
        Ok(Flat {
            name,
            path,
            kept,
            pos: 0,
            out,
        })
    }

    /// Where the next bytes go.
    pub(crate) fn offset(&self) -> u64 {
        self.pos
    }

    /// Appends the `len` bytes at `from` of `src`, the committed file
    /// itself: read only when they are not where they are going.
    pub(crate) fn append_copied(&mut self, src: &File, from: u64, len: u64) -> std::io::Result<()> {
        if self.out.is_none() && from == self.pos && self.fits(len) {
            self.pos += len;
            return Ok(());
        }
        let mut buf = vec![0; usize::try_from(len).map_err(std::io::Error::other)?];
        read_at(src, &mut buf, from)?;
        self.append(&buf)
    }

    fn fits(&self, len: u64) -> bool {
        self.kept.as_ref().is_some_and(|(k, _)| {
            self.pos
                .checked_add(len)
                .is_some_and(|end| end <= k.seal.bytes)
        })
    }

    /// Appends `buf`.
    pub(crate) fn append(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let len = buf.len() as u64;
        if self.out.is_none() {
            let same = self.fits(len)
                && self
                    .kept
                    .as_ref()
                    .is_some_and(|(_, f)| same_bytes(f, self.pos, buf));
            if same {
                self.pos += len;
                return Ok(());
            }
            self.write_out()?;
        }
        match self.out.as_mut() {
            Some(out) => out.write_all(buf)?,
            None => return Err(std::io::Error::other("flat file not open")),
        }
        self.pos += len;
        Ok(())
    }

    /// The file's seal, the committed one's when it is that file.
    pub(crate) fn finish(mut self) -> std::io::Result<FileSeal> {
        if self.out.is_none() {
            let linked = self
                .kept
                .as_ref()
                .filter(|(k, _)| k.seal.bytes == self.pos)
                .and_then(|(k, _)| k.link_at(&self.path));
            if let Some(s) = linked {
                return Ok(FileSeal {
                    name: self.name.into(),
                    ..s
                });
            }
            self.write_out()?;
        }
        match self.out {
            Some(out) => seal(self.name, out),
            None => Err(std::io::Error::other("flat file not open")),
        }
    }

    /// Starts the new file with the committed file's bytes so far.
    fn write_out(&mut self) -> std::io::Result<()> {
        let mut out = sealed(&self.path)?;
        if let Some((_, f)) = self.kept.take() {
            let copied = std::io::copy(&mut Read::by_ref(&mut &f).take(self.pos), &mut out)?;
            if copied != self.pos {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the committed flat file shrank during the run",
                ));
            }
        }
        self.out = Some(out);
        Ok(())
    }
}

/// SHA-256 of a file, read in pieces so memory stays small.
pub(crate) fn file_sha256(path: &Path) -> Option<String> {
    std::fs::File::open(path).and_then(reader_sha256).ok()
}

/// SHA-256 of everything `r` yields, read in pieces.
pub(crate) fn reader_sha256(mut r: impl std::io::Read) -> std::io::Result<String> {
    let mut h = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(manifest::hex(&h.finalize()))
}

/// Whether `f` holds `buf` at `at`.
fn same_bytes(f: &File, at: u64, buf: &[u8]) -> bool {
    let mut have = vec![0; buf.len()];
    read_at(f, &mut have, at).is_ok() && have == buf
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, at)
}

#[cfg(not(unix))]
fn read_at(_f: &File, _buf: &mut [u8], _at: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("scr-sealed-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn kept(dir: &Path, bytes: &[u8]) -> Kept {
        let path = dir.join("old");
        std::fs::write(&path, bytes).unwrap();
        Kept {
            path,
            seal: FileSeal {
                name: "items.jsonl".into(),
                sha256: manifest::sha256_hex(bytes),
                bytes: bytes.len() as u64,
            },
        }
    }

    #[test]
    fn the_same_bytes_link_the_committed_file() {
        let dir = scratch("same");
        let k = kept(&dir, b"head\none\ntwo\n");
        let old_seal = k.seal.clone();
        let src = File::open(&k.path).unwrap();
        let mut f = Flat::new("items.jsonl", dir.join("new"), Some(k)).unwrap();
        f.append(b"head\n").unwrap();
        f.append_copied(&src, 5, 4).unwrap();
        f.append_copied(&src, 9, 4).unwrap();
        assert_eq!(f.finish().unwrap(), old_seal);
        assert_eq!(std::fs::read(dir.join("new")).unwrap(), b"head\none\ntwo\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_difference_writes_a_new_file_with_its_own_seal() {
        let dir = scratch("differ");
        for (parts, want) in [
            (
                &[
                    (&b"head\n"[..], None),
                    (b"one\n", Some(5)),
                    (b"six\n", None),
                ][..],
                &b"head\none\nsix\n"[..],
            ),
            (
                &[(&b"head\n"[..], None), (b"two\n", Some(9))][..],
                b"head\ntwo\n",
            ),
            (
                &[(&b"head\n"[..], None), (b"one\n", Some(5))][..],
                b"head\none\n",
            ),
            (
                &[
                    (&b"head\n"[..], None),
                    (b"one\n", Some(5)),
                    (b"two\n", Some(9)),
                    (b"six\n", None),
                ][..],
                b"head\none\ntwo\nsix\n",
            ),
        ] {
            let _ = std::fs::remove_file(dir.join("new"));
            let k = kept(&dir, b"head\none\ntwo\n");
            let src = File::open(&k.path).unwrap();
            let mut f = Flat::new("items.jsonl", dir.join("new"), Some(k)).unwrap();
            for (b, from) in parts {
                match from {
                    Some(at) => f.append_copied(&src, *at, b.len() as u64).unwrap(),
                    None => f.append(b).unwrap(),
                }
            }
            let s = f.finish().unwrap();
            assert_eq!(std::fs::read(dir.join("new")).unwrap(), want);
            assert_eq!(s.sha256, manifest::sha256_hex(want));
            assert_eq!(s.bytes, want.len() as u64);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
