//! Text decoding: bytes of a page or text file to a `String`, whatever the
//! charset, without ever failing.
//!
//! Order of evidence: a byte-order mark, then the charset the document
//! declares, then "is it valid UTF-8?", then statistical detection. Council
//! web pages are mostly UTF-8, but old CMS pages and Word "Save as text"
//! files are windows-1252 often enough that guessing matters.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many leading bytes are searched for a charset declaration. The HTML
/// standard says 1024; saved pages put comments and long `<base>`/`<link>`
/// lines first, so we look a little further.
const PRESCAN_BYTES: usize = 4096;

/// Bytes fed to the detector: enough for a confident guess, bounded so a
/// huge file costs no more than a large one.
const DETECT_BYTES: usize = 1 << 20;

/// The outcome of decoding: the text, the encoding used, and whether any
/// byte had to become U+FFFD.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Decoded text, BOM removed.
    pub text: String,
    /// Encoding actually used.
    pub encoding: &'static Encoding,
    /// True when undecodable bytes were replaced.
    pub had_errors: bool,
}

/// Decodes bytes: BOM, then `declared` charset, then UTF-8, then detection.
/// Never fails; undecodable bytes become U+FFFD.
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> String {
    decode(bytes, declared).text
}

/// [`decode_text`] with the evidence kept, so readers can warn.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let encoding = choose_encoding(bytes, declared);
    let (text, had_errors) = match Encoding::for_bom(bytes) {
        Some((bom_encoding, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            bom_encoding.decode_without_bom_handling(rest)
        }
        None => encoding.decode_without_bom_handling(bytes),
    };
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
    }
}

/// Picks the encoding of `bytes`; see the module docs for the order.
pub fn choose_encoding(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = declared.and_then(encoding_for_declared_label) {
        // Pages declared as a single-byte charset but served as UTF-8 are a
        // common CMS mistake (a template says iso-8859-1, the database
        // emits UTF-8). Real windows-1252 text practically never forms
        // valid multi-byte UTF-8 sequences, so that shape wins.
        if encoding.is_single_byte() && utf8_shape(bytes) == Utf8Shape::Multibyte {
            return UTF_8;
        }
        // A declared UTF-8 page full of invalid bytes and without a single
        // real UTF-8 sequence is a legacy page with a wrong template.
        if encoding == UTF_8 && utf8_shape(bytes) == Utf8Shape::Invalid {
            return detect(bytes);
        }
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    match utf8_shape(bytes) {
        Utf8Shape::Ascii | Utf8Shape::Multibyte | Utf8Shape::MostlyUtf8 => UTF_8,
        Utf8Shape::Invalid => detect(bytes),
    }
}

/// The encoding a declared label names, with the HTML standard's
/// adjustments: a declaration found by an ASCII prescan cannot really be
/// UTF-16, and `x-user-defined` means windows-1252.
pub fn encoding_for_declared_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    let encoding = Encoding::for_label(label.as_bytes())?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    if encoding.name() == "x-user-defined" {
        return Some(WINDOWS_1252);
    }
    if encoding.name() == "replacement" {
        // Labels like iso-2022-kr map to "replacement", which would turn the
        // whole page into one U+FFFD: better to guess.
        return None;
    }
    Some(encoding)
}

/// What the bytes look like as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8Shape {
    /// Only ASCII bytes.
    Ascii,
    /// Valid UTF-8 with at least one multi-byte sequence.
    Multibyte,
    /// Mostly valid multi-byte UTF-8 with a few broken bytes (a damaged
    /// UTF-8 file rather than a legacy one).
    MostlyUtf8,
    /// Invalid UTF-8 without enough real sequences to say it is UTF-8.
    Invalid,
}

/// Classifies `bytes` as UTF-8 by counting valid multi-byte sequences
/// against invalid bytes.
pub fn utf8_shape(bytes: &[u8]) -> Utf8Shape {
    if bytes.is_ascii() {
        return Utf8Shape::Ascii;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Utf8Shape::Multibyte;
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    // A stray byte in a long UTF-8 document should not flip the whole page
    // to windows-1252 (which would garble every other accented letter).
    if valid_multibyte >= 4 && invalid * 4 <= valid_multibyte {
        Utf8Shape::MostlyUtf8
    } else {
        Utf8Shape::Invalid
    }
}

/// UTF-16 text saved without a BOM shows as every other byte zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(PRESCAN_BYTES) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // Latin text in UTF-16 has a zero in (almost) every high byte and
    // almost never in the low byte.
    if odd_zero * 10 >= pairs * 9 && even_zero * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 && odd_zero * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Statistical guess for undeclared legacy bytes. The `uk` hint nudges
/// ties towards windows-1252, what English councils' old pages use.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    detector.guess(Some(b"uk"), Utf8Detection::Deny)
}

/// The charset an HTML page declares in its first bytes: `<meta charset>`,
/// `<meta http-equiv="Content-Type" content="...; charset=...">`, or an XML
/// declaration's `encoding`.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>").unwrap_or(lower.len());
        if let Some(label) = attribute_value(&lower[..end], b"encoding") {
            return Some(label);
        }
    }
    let mut from = 0;
    while let Some(start) = find(&lower[from..], b"<meta").map(|i| i + from) {
        let end = lower[start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(lower.len(), |i| start + i);
        if let Some(label) = attribute_value(&lower[start..end], b"charset") {
            return Some(label);
        }
        from = end.max(start + 1);
    }
    None
}

/// The value after `name` `=` in a tag, quoted or not. Works for both the
/// `charset="x"` attribute and the `charset=x` inside a `content` value.
fn attribute_value(tag: &[u8], name: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find(&tag[from..], name).map(|i| i + from) {
        let mut i = at + name.len();
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while tag
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let value: Vec<u8> = tag[i..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !b"\"';>/".contains(b))
                .copied()
                .collect();
            if !value.is_empty() {
                return Some(String::from_utf8_lossy(&value).into_owned());
            }
        }
        from = at + name.len();
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9", None), "café");
    }

    #[test]
    fn utf16_boms_win_over_declarations() {
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        let be = [0xFE, 0xFF, 0, b'h', 0, b'i'];
        assert_eq!(decode_text(&le, Some("windows-1252")), "hi");
        assert_eq!(decode_text(&be, None), "hi");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "Lessons learned"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_text(&bytes, None), "Lessons learned");
    }

    #[test]
    fn declared_windows_1252_decodes_curly_quotes() {
        let bytes = b"\x93Mum\x92s partner\x94 \x96 2019";
        assert_eq!(
            decode_text(bytes, Some("windows-1252")),
            "\u{201C}Mum\u{2019}s partner\u{201D} \u{2013} 2019"
        );
    }

    #[test]
    fn iso_8859_1_means_windows_1252() {
        assert_eq!(decode_text(b"Mum\x92s", Some("ISO-8859-1")), "Mum\u{2019}s");
    }

    #[test]
    fn undeclared_windows_1252_is_detected() {
        let bytes = b"The child\x92s story: \x93we didn\x92t know\x94 said the health visitor. \
                      Professionals\x92 curiosity was limited \x96 caf\xe9 meetings.";
        let text = decode_text(bytes, None);
        assert!(text.contains("child\u{2019}s"), "{text}");
        assert!(text.contains("caf\u{e9}"), "{text}");
        assert!(!text.contains('\u{FFFD}'));
    }

    #[test]
    fn valid_utf8_without_declaration_is_utf8() {
        assert_eq!(decode_text("Zoë’s story".as_bytes(), None), "Zoë’s story");
    }

    #[test]
    fn utf8_mislabelled_as_latin1_is_read_as_utf8() {
        assert_eq!(decode_text("Zoë’s".as_bytes(), Some("iso-8859-1")), "Zoë’s");
    }

    #[test]
    fn utf8_with_one_stray_byte_stays_utf8() {
        let mut bytes = "é è ê ë ’ “ ” – ".as_bytes().to_vec();
        bytes.push(0xFF);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.had_errors);
        assert!(d.text.starts_with("é è"));
    }

    #[test]
    fn declared_utf8_on_legacy_bytes_is_overridden() {
        let d = decode(
            b"Mum\x92s partner \x93Dad\x94 and the child\x92s nan",
            Some("utf-8"),
        );
        assert!(!d.had_errors);
        assert!(d.text.contains("Mum\u{2019}s"));
    }

    #[test]
    fn unknown_label_falls_through() {
        assert_eq!(
            decode_text("ok é".as_bytes(), Some("no-such-charset")),
            "ok é"
        );
    }

    #[test]
    fn never_fails_on_junk() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let _ = decode_text(&junk, None);
        let _ = decode_text(&junk, Some("utf-8"));
        let _ = decode_text(&[], None);
        let _ = decode_text(&[0xFF], None);
    }

    #[test]
    fn meta_charset_is_found() {
        let page = b"<!DOCTYPE html><html><head><meta charset=\"Windows-1252\"></head>";
        assert_eq!(declared_charset(page).as_deref(), Some("windows-1252"));
    }

    #[test]
    fn http_equiv_charset_is_found() {
        let page = b"<html><head><META HTTP-EQUIV=\"Content-Type\" \
                     CONTENT=\"text/html; charset=iso-8859-1\"><title>x</title>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn unquoted_and_spaced_charset_is_found() {
        let page = b"<meta content='text/html;charset = utf-8' http-equiv=content-type>";
        assert_eq!(declared_charset(page).as_deref(), Some("utf-8"));
        assert_eq!(
            declared_charset(b"<meta charset=utf-8>").as_deref(),
            Some("utf-8")
        );
    }

    #[test]
    fn xml_declaration_encoding_is_found() {
        let page = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn meta_without_charset_is_skipped() {
        let page = b"<meta name=\"viewport\" content=\"width=device-width\"><meta charset=utf-8>";
        assert_eq!(declared_charset(page).as_deref(), Some("utf-8"));
        assert_eq!(declared_charset(b"<p>no meta here</p>"), None);
    }

    #[test]
    fn utf16_declaration_means_utf8() {
        assert_eq!(encoding_for_declared_label("utf-16"), Some(UTF_8));
    }
}
