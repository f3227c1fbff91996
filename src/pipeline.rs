//! Pipeline: one file's bytes through read, segment, model and validate.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Document, Format, SCHEMA_VERSION, Source};
use crate::read::{self, ReadOptions};
use crate::segment;
use crate::segment::grammar::Grammar;
use crate::validate;

/// Turns one file's bytes into a validated document.
///
/// `rel` is the path reported in the document (relative to the input
/// folder); `claimed` is the format the file name claims.
pub fn process_bytes(
    bytes: &[u8],
    rel: &str,
    claimed: Format,
    opts: &ReadOptions,
) -> Result<Document> {
    let read = read::read(bytes, claimed, opts)?;
    let format = read::sniff(bytes).unwrap_or(claimed);
    let grammar = Grammar::with_extra(&opts.grammar)
        .map_err(|e| Error::new(ErrorKind::Invalid, format!("grammar: {e}")))?;
    let blocks = crate::block::normalise(read.blocks);
    let seg = segment::segment(&blocks, read.title.as_deref(), &grammar);
    let mut doc = Document {
        schema_version: SCHEMA_VERSION.to_string(),
        source: Source {
            path: rel.to_string(),
            sha256: hex(&Sha256::digest(bytes)),
            format,
            pages: read.pages,
            title: read.title,
            producer: read.producer,
        },
        document_type: seg.document_type,
        partnership: seg.partnership,
        published: seg.published,
        title: seg.title,
        reviews: seg.reviews,
        lessons: seg.lessons,
        paragraphs: seg.paragraphs,
        warnings: read.warnings,
        classification: seg.classification,
    };
    doc.warnings.extend(seg.warnings);
    let dup = segment::assign_uids(
        doc.partnership.as_deref(),
        doc.title.as_deref(),
        doc.published.as_deref(),
        &mut doc.reviews,
        &mut doc.lessons,
    );
    doc.warnings.extend(dup);
    check(&doc)?;
    Ok(doc)
}

/// Reads `path` and processes it; `rel` as for [`process_bytes`].
pub fn process_file(path: &Path, rel: &str, opts: &ReadOptions) -> Result<Document> {
    let claimed = read::format_from_name(path).ok_or_else(|| {
        Error::new(
            ErrorKind::WrongFormat,
            "not a .pdf, .html, .htm, .txt, .docx or .odt file",
        )
    })?;
    let bytes =
        std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io, format!("cannot read: {e}")))?;
    process_bytes(&bytes, rel, claimed, opts)
}

/// Validates a document against the contract.
pub fn check(doc: &Document) -> Result<()> {
    let value =
        serde_json::to_value(doc).map_err(|e| Error::new(ErrorKind::Invalid, e.to_string()))?;
    let v = validate::violations(&value);
    if v.is_empty() {
        Ok(())
    } else {
        let list: Vec<String> = v.iter().take(5).map(|x| x.to_string()).collect();
        Err(Error::new(
            ErrorKind::Invalid,
            format!(
                "output does not validate against the schema: {}",
                list.join("; ")
            ),
        ))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
