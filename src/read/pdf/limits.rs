//! Decompression limits, checked before interpretation.
//!
//! hayro-syntax has no hook to cap decoding, so every Flate stream is
//! inflated once here into a counting sink that stops at the limit; a
//! decompression bomb then fails fast instead of exhausting memory.

use crate::error::{Error, ErrorKind, Result};
use hayro_syntax::Filter;
use hayro_syntax::Pdf;
use hayro_syntax::object::Object;
use std::io::Read;

/// Fails with [`ErrorKind::LimitExceeded`] when one Flate stream inflates
/// past `max_stream` bytes or all of them together past `max_total`.
pub fn check(pdf: &Pdf, max_stream: u64, max_total: u64) -> Result<()> {
    let mut total = 0u64;
    for obj in pdf.objects() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if !matches!(stream.filters().first(), Some(Filter::FlateDecode)) {
            continue;
        }
        let raw = stream.raw_data();
        let cap = max_stream
            .min(max_total.saturating_sub(total))
            .saturating_add(1);
        let n = inflated_len(&raw, cap);
        total += n;
        if n > max_stream || total > max_total {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                "decompression limit exceeded",
            ));
        }
    }
    Ok(())
}

/// Bytes `raw` inflates to, counting no further than `cap`. Corrupt data
/// counts what came out before the damage.
pub fn inflated_len(raw: &[u8], cap: u64) -> u64 {
    let mut buf = [0u8; 64 * 1024];
    // Streams without a zlib header occur; those are raw deflate.
    let zlib = raw.len() >= 2 && ((u16::from(raw[0]) << 8) | u16::from(raw[1])) % 31 == 0;
    if zlib {
        count(&mut flate2::read::ZlibDecoder::new(raw), &mut buf, cap)
    } else {
        count(&mut flate2::read::DeflateDecoder::new(raw), &mut buf, cap)
    }
}

fn count(r: &mut impl Read, buf: &mut [u8], cap: u64) -> u64 {
    let mut total = 0u64;
    while total < cap {
        match r.read(buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n as u64,
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    #[test]
    fn counts_and_stops_at_cap() {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 4 << 20];
        e.write_all(&zeros).ok();
        let packed = e.finish().unwrap_or_default();
        assert_eq!(inflated_len(&packed, u64::MAX), 4 << 20);
        assert!(inflated_len(&packed, 1000) < 200_000);
    }
}
