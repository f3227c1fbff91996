//! Read: bytes of one input file to layout blocks, whatever its format.

pub mod html;
pub mod office;
pub mod pdf;
pub mod text;

use crate::error::{Error, ErrorKind, Result};
use crate::layout::Block;
use crate::model::{Format, Warning};

/// Knobs for readers; defaults are limits real documents never meet.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReadOptions {
    /// User password for encrypted PDFs.
    pub password: Option<String>,
    /// Maximum decompressed bytes of one stream.
    pub max_stream_bytes: u64,
    /// Maximum decompressed bytes of the whole document.
    pub max_total_bytes: u64,
    /// Maximum number of pages read; later pages are left out with a warning.
    pub max_pages: u32,
    /// Maximum number of indirect objects in a PDF.
    pub max_objects: u64,
    /// Maximum number of glyphs painted in one document; each costs memory
    /// until layout, so a content stream that repeats a string millions of
    /// times fails the file instead of the machine.
    pub max_glyphs: u64,
    /// Texts of grammar files (`--grammar FILE`) whose rows are added to
    /// the built-in label grammar.
    #[serde(default)]
    pub grammar: Vec<String>,
    /// Whether a large document's pages may be laid out on threads beside
    /// the one reading it. Never changes what is read; a run turns it off
    /// where it already reads a file on every core.
    #[serde(default = "page_threads_unless_told")]
    pub page_threads: bool,
}

fn page_threads_unless_told() -> bool {
    true
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            password: None,
            max_stream_bytes: 64 << 20,
            max_total_bytes: 512 << 20,
            max_pages: 5000,
            max_objects: 5_000_000,
            max_glyphs: 20_000_000,
            grammar: Vec::new(),
            page_threads: true,
        }
    }
}

/// What a reader hands on to segmentation.
#[derive(Debug, Clone, Default)]
pub struct ReadOutput {
    /// Page count when the format has pages.
    pub pages: Option<u32>,
    /// Title from metadata (`/Title`, `<title>`).
    pub title: Option<String>,
    /// Producing application (`/Producer`, `<meta name=generator>`).
    pub producer: Option<String>,
    /// The text as blocks in reading order.
    pub blocks: Vec<Block>,
    /// Non-fatal problems met while reading.
    pub warnings: Vec<Warning>,
}

/// Whether the bytes begin as a PDF does (`%PDF-` after nothing but
/// whitespace or a byte-order mark). A text or page that merely mentions
/// `%PDF-` further on is not a PDF.
pub fn starts_as_pdf(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !(b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF))
        .unwrap_or(bytes.len());
    bytes[start..].starts_with(b"%PDF-")
}

/// The format the file's bytes say it is, independent of its name.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if starts_as_pdf(head) {
        return Some(Format::Pdf);
    }
    if let Some(office) = office::sniff(bytes) {
        return Some(office);
    }
    let lower: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || find(&lower, b"<html").is_some()
        || find(&lower, b"<head").is_some()
        || find(&lower, b"<body").is_some()
    {
        return Some(Format::Html);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The format a file name claims.
pub fn format_from_name(path: &std::path::Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(Format::Pdf),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        "docx" => Some(Format::Docx),
        "odt" => Some(Format::Odt),
        _ => None,
    }
}

/// Reads `bytes` that claim to be `claimed` (from the file name).
///
/// A file whose bytes contradict its name fails with [`ErrorKind::WrongFormat`]
/// rather than being guessed at: data officers want to know that `x.pdf` is
/// really a web page.
pub fn read(bytes: &[u8], claimed: Format, opts: &ReadOptions) -> Result<ReadOutput> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::Empty, "empty file"));
    }
    let sniffed = sniff(bytes);
    // PDF readers accept junk before the header within the first KiB.
    let pdf_header = find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some();
    match (claimed, sniffed) {
        (Format::Pdf, _) if pdf_header => pdf::read(bytes, opts),
        (Format::Pdf, Some(other)) if other != Format::Pdf => Err(Error::new(
            ErrorKind::WrongFormat,
            format!("not a PDF: the file is {}", other.describe()),
        )),
        (Format::Pdf, _) => Err(Error::new(
            ErrorKind::WrongFormat,
            "not a PDF: no %PDF- header in the first 1024 bytes",
        )),
        (Format::Html, Some(Format::Pdf)) | (Format::Text, Some(Format::Pdf)) => Err(Error::new(
            ErrorKind::WrongFormat,
            format!("the file is a PDF, not {}", claimed.describe()),
        )),
        (Format::Html | Format::Text, Some(other @ (Format::Docx | Format::Odt))) => {
            Err(Error::new(
                ErrorKind::WrongFormat,
                format!(
                    "the file is {}, not {}",
                    other.describe(),
                    claimed.describe()
                ),
            ))
        }
        (Format::Docx | Format::Odt, Some(other @ (Format::Pdf | Format::Html))) => {
            Err(Error::new(
                ErrorKind::WrongFormat,
                format!(
                    "not {}: the file is {}",
                    claimed.describe(),
                    other.describe()
                ),
            ))
        }
        (Format::Html, _) => html::read(bytes),
        (Format::Text, _) => text::read(bytes),
        (Format::Docx, _) => office::read_docx(bytes, opts),
        (Format::Odt, _) => office::read_odt(bytes, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_mentioning_pdf_is_text_and_a_real_pdf_is_not() {
        let text = b"Notes on the review\n\nThe file header %PDF-1.4 was quoted here.\n";
        assert_eq!(sniff(text), None);
        let out = read(text, Format::Text, &ReadOptions::default()).unwrap();
        assert!(out.blocks.iter().any(|b| b.text.contains("%PDF-1.4")));
        let pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n";
        assert_eq!(sniff(pdf), Some(Format::Pdf));
        let err = read(pdf, Format::Text, &ReadOptions::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::WrongFormat);
    }
}
