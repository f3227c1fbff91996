//! HTML reader (placeholder until the scraper reader lands).

use super::ReadOutput;
use crate::error::Result;

/// Reads an HTML page into blocks.
pub fn read(bytes: &[u8]) -> Result<ReadOutput> {
    super::text::read(bytes)
}

/// Decodes bytes: BOM, then `declared` charset, then UTF-8, then detection.
pub fn decode_text(bytes: &[u8], _declared: Option<&str>) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
