//! The zip package of a Word or OpenDocument file: named parts, each read
//! under the decompression limits of [`ReadOptions`].
//!
//! A part's declared size can lie, so a part is decompressed through a
//! counting cap rather than trusted: `max_stream_bytes` bounds one part and
//! `max_total_bytes` every part read from one file together, as they bound
//! a PDF's streams.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::error::{Error, ErrorKind, Result};
use crate::read::ReadOptions;

/// The zip local-file-header signature every package starts with.
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// An open package.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    max_part: u64,
    budget: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip archive; a damaged central directory is
    /// [`ErrorKind::Malformed`].
    pub fn open(bytes: &'a [u8], opts: &ReadOptions) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Error::new(ErrorKind::Malformed, format!("damaged zip archive: {e}")))?;
        Ok(Package {
            zip,
            max_part: opts.max_stream_bytes,
            budget: opts.max_total_bytes,
        })
    }

    /// Whether the archive holds a part of this name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The part's bytes, `None` when the archive has no such part.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| {
            Error::new(
                ErrorKind::Malformed,
                format!("damaged zip part {name}: {e}"),
            )
        };
        let cap = self.max_part.min(self.budget);
        let too_big = || {
            Error::new(
                ErrorKind::LimitExceeded,
                format!("decompression limit exceeded: {name} unpacks to more than {cap} bytes"),
            )
        };
        let file = self.zip.by_index(index).map_err(|e| damaged(&e))?;
        if file.size() > cap {
            return Err(too_big());
        }
        let mut buf = Vec::new();
        file.take(cap.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| damaged(&e))?;
        let got = u64::try_from(buf.len()).unwrap_or(u64::MAX);
        if got > cap {
            return Err(too_big());
        }
        self.budget -= got;
        Ok(Some(buf))
    }

    /// The part as text (UTF-8, or UTF-16 with a byte-order mark, as XML
    /// allows), `None` when absent.
    pub fn text(&mut self, name: &str) -> Result<Option<String>> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
            if !had_errors {
                return Ok(Some(text.into_owned()));
            }
        } else if let Ok(text) = String::from_utf8(bytes) {
            return Ok(Some(text));
        }
        Err(Error::new(
            ErrorKind::Malformed,
            format!("{name} is not UTF-8 or UTF-16 text"),
        ))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip of `parts`, deflated.
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, o).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_bomb_is_cut_at_the_limit() {
        let zeros = vec![b' '; 4 << 20];
        let bytes = zip_of(&[("big.xml", &zeros)]);
        assert!(bytes.len() < 64 << 10, "compresses well: {}", bytes.len());
        let opts = ReadOptions {
            max_stream_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        let mut p = Package::open(&bytes, &opts).unwrap();
        assert_eq!(
            p.bytes("big.xml").unwrap_err().kind,
            ErrorKind::LimitExceeded
        );
        let opts = ReadOptions {
            max_total_bytes: 6 << 20,
            ..ReadOptions::default()
        };
        let two = zip_of(&[("a.xml", &zeros), ("b.xml", &zeros)]);
        let mut p = Package::open(&two, &opts).unwrap();
        assert!(p.bytes("a.xml").unwrap().is_some());
        assert_eq!(p.bytes("b.xml").unwrap_err().kind, ErrorKind::LimitExceeded);
        assert!(p.bytes("c.xml").unwrap().is_none());
    }

    #[test]
    fn not_a_zip_is_malformed() {
        let err = Package::open(b"PK\x03\x04 and then nothing", &ReadOptions::default())
            .err()
            .unwrap();
        assert_eq!(err.kind, ErrorKind::Malformed);
    }
}
