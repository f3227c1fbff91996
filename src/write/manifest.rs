//! The manifest: per input, what it was (hash, size, mtime) and what
//! produced its document (tool, schema, options), so a rerun can tell
//! which documents are still current.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::build::build_id;
use crate::model::SCHEMA_VERSION;
use crate::read::ReadOptions;

/// Manifest format version; 1.1 added `build` and `partial`.
pub const MANIFEST_VERSION: &str = "1.1.0";

/// Every option that can change a document. The fingerprint is computed
/// from this struct alone, so an option that affects output is one more
/// field here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputOptions {
    /// `--max-stream-mib`, bytes.
    pub max_stream_bytes: u64,
    /// `--max-total-mib`, bytes.
    pub max_total_bytes: u64,
    /// `--max-pages`.
    pub max_pages: u32,
    /// `--max-objects`.
    pub max_objects: u64,
    /// `--max-glyphs`.
    pub max_glyphs: u64,
    /// Whether a password was given; the password itself is never stored.
    pub password: bool,
    /// SHA-256 of each `--grammar` file's text: added rows change what is
    /// read.
    #[serde(default)]
    pub grammar: Vec<String>,
}

impl OutputOptions {
    /// The output-affecting part of the reader options.
    pub fn of(read: &ReadOptions) -> Self {
        OutputOptions {
            max_stream_bytes: read.max_stream_bytes,
            max_total_bytes: read.max_total_bytes,
            max_pages: read.max_pages,
            max_objects: read.max_objects,
            max_glyphs: read.max_glyphs,
            password: read.password.is_some(),
            grammar: read
                .grammar
                .iter()
                .map(|t| hex(&Sha256::digest(t.as_bytes())))
                .collect(),
        }
    }

    /// A short stable digest of the options with the tool and schema
    /// versions: equal fingerprints mean the same inputs give the same
    /// documents.
    pub fn fingerprint(&self) -> String {
        let body = serde_json::to_vec(&(env!("CARGO_PKG_VERSION"), SCHEMA_VERSION, self))
            .unwrap_or_default();
        hex(&Sha256::digest(&body))[..16].to_string()
    }
}

/// One input's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the input's bytes.
    pub sha256: String,
    /// Input size in bytes.
    pub size: u64,
    /// Input modification time, seconds since the epoch.
    pub mtime: i64,
    /// Tool version that wrote the document.
    pub tool_version: String,
    /// [`build_label`](super::build::build_label) of the build that wrote the document: only the very
    /// same build reuses it. Absent in older manifests, which are never
    /// reused.
    #[serde(default)]
    pub build: String,
    /// The document was read from an input that was incomplete (the
    /// `truncated` warning) or changed while it was read: it is recorded,
    /// but the next run reads the input again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Schema version of the document.
    pub schema_version: String,
    /// [`OutputOptions::fingerprint`] of the run that wrote it.
    pub options: String,
    /// The document, relative to the output folder.
    pub output: String,
    /// SHA-256 of the document's bytes, so a document changed or replaced
    /// behind the manifest's back is noticed.
    pub output_sha256: String,
    /// Where the document's flat records sit in this generation's
    /// `items.jsonl` and `items.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Span>,
}

/// A document's records inside the flat files: a rerun that reuses the
/// document copies these bytes instead of parsing the document again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset in `items.jsonl`.
    pub jsonl_offset: u64,
    /// Byte length in `items.jsonl`.
    pub jsonl_len: u64,
    /// Byte offset in `items.csv`.
    pub csv_offset: u64,
    /// Byte length in `items.csv`.
    pub csv_len: u64,
    /// Records.
    pub items: usize,
}

impl Entry {
    /// Whether this entry's document can stand for an input with `sha256`
    /// under options `fingerprint`.
    pub fn current(&self, sha256: &str, fingerprint: &str) -> bool {
        !self.partial
            && build_id().is_some_and(|b| b == self.build)
            && self.sha256 == sha256
            && self.options == fingerprint
            && self.tool_version == env!("CARGO_PKG_VERSION")
            && self.schema_version == SCHEMA_VERSION
    }
}

/// The whole manifest, keyed by input path (as in `run.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_VERSION`].
    pub manifest_version: String,
    /// The options of the run that wrote it.
    pub options: Option<OutputOptions>,
    /// [`build_label`](super::build::build_label) of the run that wrote it.
    #[serde(default)]
    pub build: String,
    /// Per input.
    pub inputs: BTreeMap<String, Entry>,
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of `bytes` in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_follows_every_option() {
        let a = OutputOptions::of(&ReadOptions::default());
        let mut b = a.clone();
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.max_pages -= 1;
        assert_ne!(a.fingerprint(), b.fingerprint());
        let with_pw = OutputOptions::of(&ReadOptions {
            password: Some("secret".into()),
            ..ReadOptions::default()
        });
        assert_ne!(a.fingerprint(), with_pw.fingerprint());
        assert!(!serde_json::to_string(&with_pw).unwrap().contains("secret"));
    }
}
