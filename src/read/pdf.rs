//! PDF reader (placeholder until the glyph backend lands).

use super::{ReadOptions, ReadOutput};
use crate::error::{Error, ErrorKind, Result};

/// Reads a PDF into blocks.
pub fn read(_bytes: &[u8], _opts: &ReadOptions) -> Result<ReadOutput> {
    Err(Error::new(
        ErrorKind::Malformed,
        "PDF reading not built yet",
    ))
}
