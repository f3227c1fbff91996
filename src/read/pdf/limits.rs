//! Decompression limits, checked before interpretation.
//!
//! hayro-syntax has no hook to cap decoding, so a stream is measured here
//! first, by decoders that count their output instead of keeping it. Only
//! streams whose worst case could break a limit are measured: each filter
//! grows its input by at most a known factor (deflate 1032:1, LZW about
//! 3641:1, run-length 64:1), so a stream's raw length bounds what it can
//! decode to. Streams are measured largest bound first until the bounds of
//! the rest fit under the limits, which for ordinary documents is at once.
//! Images are skipped: text extraction never decodes them.

use crate::error::{Error, ErrorKind, Result};
use hayro_syntax::Filter;
use hayro_syntax::Pdf;
use hayro_syntax::object::dict::keys::{DECODE_PARMS, EARLY_CHANGE, IMAGE, SUBTYPE};
use hayro_syntax::object::{Array, Dict, Name, Object, Stream};
use std::borrow::Cow;
use std::io::Read;

/// Fails with [`ErrorKind::LimitExceeded`] when the document has more than
/// `max_objects` objects, or one stream decodes past `max_stream` bytes or
/// all of them together past `max_total`.
pub fn check(pdf: &Pdf, max_stream: u64, max_total: u64, max_objects: u64) -> Result<()> {
    let mut objects = 0u64;
    let mut streams: Vec<(u64, Stream<'_>)> = Vec::new();
    for obj in pdf.objects() {
        objects += 1;
        if objects > max_objects {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!("limit exceeded: more than {max_objects} objects"),
            ));
        }
        if let Object::Stream(s) = obj
            && !is_image(&s)
            && let Some(bound) = decoded_bound(s.raw_data().len(), &s.filters())
        {
            streams.push((bound, s));
        }
    }
    streams.sort_by_key(|(bound, _)| std::cmp::Reverse(*bound));
    let mut rest: u64 = streams.iter().fold(0, |a, (b, _)| a.saturating_add(*b));
    let mut total = 0u64;
    for (bound, stream) in &streams {
        // Sorted by bound: once this one fits, so does every later one.
        if *bound <= max_stream && total.saturating_add(rest) <= max_total {
            break;
        }
        rest -= bound;
        let cap = max_stream
            .min(max_total.saturating_sub(total))
            .saturating_add(1);
        let n = decoded_len(stream, cap);
        total = total.saturating_add(n);
        if n > max_stream || total > max_total {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                "decompression limit exceeded",
            ));
        }
    }
    Ok(())
}

fn is_image(s: &Stream<'_>) -> bool {
    s.dict()
        .get::<Name<'_>>(SUBTYPE)
        .is_some_and(|n| n.as_ref() == IMAGE)
}

/// Most bytes a filter can turn one input byte into.
fn growth(filter: Filter) -> Option<u64> {
    match filter {
        Filter::FlateDecode => Some(1032),
        // 12-bit codes, each at most a 4096-byte string: 4096 × 8 / 9.
        Filter::LzwDecode => Some(3641),
        Filter::RunLengthDecode => Some(64),
        // "z" stands for four zero bytes.
        Filter::Ascii85Decode => Some(4),
        Filter::AsciiHexDecode | Filter::Crypt => Some(1),
        // Image codecs: only ever run for images, which are not decoded.
        Filter::DctDecode | Filter::JpxDecode | Filter::Jbig2Decode | Filter::CcittFaxDecode => {
            None
        }
    }
}

/// Upper bound of what `raw` bytes decode to through `filters`, or `None`
/// when the chain holds an image codec (never decoded here).
pub fn decoded_bound(raw: usize, filters: &[Filter]) -> Option<u64> {
    filters.iter().try_fold(raw as u64, |n, f| {
        // A few bytes of slack per stage for headers and end markers.
        Some(n.saturating_mul(growth(*f)?).saturating_add(1024))
    })
}

/// Bytes `stream` decodes to, counting no further than `cap`.
fn decoded_len(stream: &Stream<'_>, cap: u64) -> u64 {
    let filters = stream.filters();
    let params = decode_params(stream.dict(), filters.len());
    let mut data: Cow<'_, [u8]> = stream.raw_data();
    for (i, filter) in filters.iter().enumerate() {
        if i + 1 == filters.len() {
            return count(*filter, &data, params[i].early_change, cap);
        }
        // Earlier stages are materialised; each is bounded by `cap` times
        // what the remaining stages could still shrink it by (hex: 2).
        data = match decode_stage(*filter, &data, cap.saturating_mul(2)) {
            Some(d) => Cow::Owned(d),
            // A stage we cannot run ourselves: assume the worst.
            None => {
                return decoded_bound(data.len(), &filters[i..])
                    .unwrap_or(0)
                    .min(cap);
            }
        };
    }
    data.len() as u64
}

#[derive(Clone, Copy)]
struct Params {
    early_change: bool,
}

fn decode_params(dict: &Dict<'_>, n: usize) -> Vec<Params> {
    let one = |d: Option<Dict<'_>>| Params {
        early_change: d.and_then(|d| d.get::<i32>(EARLY_CHANGE)).unwrap_or(1) != 0,
    };
    let mut out = match dict.get::<Object<'_>>(DECODE_PARMS) {
        Some(Object::Array(a)) => params_array(&a).into_iter().map(one).collect(),
        Some(Object::Dict(d)) => vec![one(Some(d))],
        _ => Vec::new(),
    };
    out.resize(n, one(None));
    out
}

fn params_array<'a>(a: &Array<'a>) -> Vec<Option<Dict<'a>>> {
    a.iter::<Object<'_>>()
        .map(|o| match o {
            Object::Dict(d) => Some(d),
            _ => None,
        })
        .collect()
}

fn count(filter: Filter, data: &[u8], early_change: bool, cap: u64) -> u64 {
    match filter {
        Filter::FlateDecode => inflated_len(data, cap),
        Filter::LzwDecode => lzw_len(data, early_change, cap),
        Filter::RunLengthDecode => run_length_len(data, cap),
        other => decode_stage(other, data, cap)
            .map(|d| d.len() as u64)
            .unwrap_or(0),
    }
}

/// Runs one non-final stage, keeping at most `cap` bytes.
fn decode_stage(filter: Filter, data: &[u8], cap: u64) -> Option<Vec<u8>> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    match filter {
        Filter::Crypt => Some(data.to_vec()),
        Filter::AsciiHexDecode => Some(ascii_hex(data)),
        Filter::Ascii85Decode => Some(ascii85(data, cap)),
        Filter::FlateDecode => {
            let mut out = Vec::new();
            let r: &mut dyn Read = if has_zlib_header(data) {
                &mut flate2::read::ZlibDecoder::new(data)
            } else {
                &mut flate2::read::DeflateDecoder::new(data)
            };
            r.take(cap as u64).read_to_end(&mut out).ok();
            Some(out)
        }
        _ => None,
    }
}

fn has_zlib_header(raw: &[u8]) -> bool {
    raw.len() >= 2 && ((u16::from(raw[0]) << 8) | u16::from(raw[1])) % 31 == 0
}

/// Bytes `raw` inflates to, counting no further than `cap`. Corrupt data
/// counts what came out before the damage.
pub fn inflated_len(raw: &[u8], cap: u64) -> u64 {
    let mut buf = [0u8; 64 * 1024];
    // Streams without a zlib header occur; those are raw deflate.
    if has_zlib_header(raw) {
        count_read(&mut flate2::read::ZlibDecoder::new(raw), &mut buf, cap)
    } else {
        count_read(&mut flate2::read::DeflateDecoder::new(raw), &mut buf, cap)
    }
}

fn count_read(r: &mut impl Read, buf: &mut [u8], cap: u64) -> u64 {
    let mut total = 0u64;
    while total < cap {
        match r.read(buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n as u64,
        }
    }
    total
}

/// Bytes an LZW stream decodes to, counting no further than `cap`. Only the
/// length of each table entry is tracked: an entry is one byte longer than
/// the entry it extends, so no string is ever built.
pub fn lzw_len(data: &[u8], early_change: bool, cap: u64) -> u64 {
    const CLEAR: usize = 256;
    const EOD: usize = 257;
    let mut lens: Vec<u32> = Vec::with_capacity(4096);
    let reset = |lens: &mut Vec<u32>| {
        lens.clear();
        lens.extend(std::iter::repeat_n(1, 258));
    };
    reset(&mut lens);
    let (mut acc, mut nbits, mut width) = (0u32, 0u32, 9u32);
    let mut prev: Option<u32> = None;
    let mut total = 0u64;
    for &byte in data {
        acc = (acc << 8) | u32::from(byte);
        nbits += 8;
        while nbits >= width {
            let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as usize;
            nbits -= width;
            acc &= (1 << nbits) - 1;
            match code {
                CLEAR => {
                    reset(&mut lens);
                    prev = None;
                    width = 9;
                    continue;
                }
                EOD => return total,
                _ => {}
            }
            let len = match (lens.get(code), prev) {
                (Some(&l), Some(p)) => {
                    lens.push(p + 1);
                    l
                }
                (Some(&l), None) => l,
                // The code being defined right now: previous string plus
                // its own first byte.
                (None, Some(p)) if code == lens.len() => {
                    lens.push(p + 1);
                    p + 1
                }
                _ => return total,
            };
            total += u64::from(len);
            if total >= cap {
                return total;
            }
            prev = Some(len);
            let next = lens.len() + usize::from(early_change);
            width = match next {
                ..512 => 9,
                512..1024 => 10,
                1024..2048 => 11,
                _ => 12,
            };
            if lens.len() >= 4096 {
                // A full table without a clear code: stop growing it.
                lens.truncate(4095);
            }
        }
    }
    total
}

/// Bytes a RunLength stream decodes to, counting no further than `cap`.
pub fn run_length_len(data: &[u8], cap: u64) -> u64 {
    let mut total = 0u64;
    let mut i = 0;
    while i < data.len() && total < cap {
        let n = data[i];
        match n {
            128 => break,
            0..=127 => {
                total += u64::from(n) + 1;
                i += usize::from(n) + 2;
            }
            _ => {
                total += 257 - u64::from(n);
                i += 2;
            }
        }
    }
    total
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|c| (c[0] << 4) | c.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8], cap: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group = [0u32; 5];
    let mut n = 0;
    for &b in data {
        if out.len() >= cap {
            break;
        }
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = u32::from(b - b'!');
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        group[n..].fill(84);
        let v = group
            .iter()
            .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
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
        assert!(decoded_bound(packed.len(), &[Filter::FlateDecode]).unwrap() >= 4 << 20);
    }

    /// Packs 9-bit LZW codes, most significant bit first.
    fn pack9(codes: &[u16]) -> Vec<u8> {
        let (mut acc, mut n, mut out) = (0u32, 0, Vec::new());
        for &c in codes {
            acc = (acc << 9) | u32::from(c);
            n += 9;
            while n >= 8 {
                out.push((acc >> (n - 8)) as u8);
                n -= 8;
                acc &= (1 << n) - 1;
            }
        }
        if n > 0 {
            out.push((acc << (8 - n)) as u8);
        }
        out
    }

    #[test]
    fn lzw_lengths_follow_the_table() {
        // The classic example of the PDF reference: 45 45 45 45 45 65 45 45 45 66.
        let codes = [256, 45, 258, 258, 65, 259, 66, 257];
        assert_eq!(lzw_len(&pack9(&codes), true, u64::MAX), 10);
        assert_eq!(lzw_len(&pack9(&codes), true, 3), 3);
        assert_eq!(lzw_len(&[], true, 100), 0);
    }

    #[test]
    fn run_length_counts_literals_and_repeats() {
        // 3 literal bytes, then 'x' repeated 257 - 250 = 7 times, then EOD.
        assert_eq!(
            run_length_len(&[2, b'a', b'b', b'c', 250, b'x', 128], 1000),
            10
        );
        assert_eq!(run_length_len(&[129, 0, 129, 0], 1000), 256);
    }

    #[test]
    fn ascii_stages_decode() {
        assert_eq!(ascii_hex(b"48 69 7>"), b"Hip");
        assert_eq!(ascii85(b"87cURDZ~>", 100), b"Hello");
        assert_eq!(ascii85(b"z~>", 100), [0; 4]);
    }

    #[test]
    fn image_codecs_have_no_bound() {
        assert_eq!(decoded_bound(10, &[Filter::DctDecode]), None);
        assert_eq!(decoded_bound(10, &[]), Some(10));
    }
}
