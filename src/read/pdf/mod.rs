//! PDF reader: bytes to pages of glyphs (hayro backend) to layout blocks.

mod backend;
mod font_facts;
mod font_tables;
mod limits;

use super::{ReadOptions, ReadOutput};
use crate::error::{Error, ErrorKind, Result};
use crate::layout::assemble::{blocks_of_cuts, cut, page_text};
use crate::layout::parallel::map_while_made;
use crate::layout::{Glyph, Page, Rule};
use crate::model::Warning;
use backend::Collector;
use hayro_interpret::kurbo::{Affine, Rect};
use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use hayro_syntax::{DecryptionError, LoadPdfError, Pdf};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Document-level facts from the trailer's Info dictionary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    /// Pages in the document (before any `max_pages` cut).
    pub pages: u32,
    /// `/Title`.
    pub title: Option<String>,
    /// `/Producer`.
    pub producer: Option<String>,
    /// Pages with painted images (to tell scans from blank pages).
    pub image_pages: u32,
    /// Non-fatal problems met while extracting.
    pub warnings: Vec<Warning>,
}

/// Whether the file lacks the `%%EOF` marker that ends every complete PDF
/// (a download cut short); the parser still recovers what it can.
fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Reads a PDF into blocks in reading order.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutput> {
    // Each page is cut into lines on another thread while the next pages
    // are interpreted; what joins pages is done after, in page order.
    let mut has_text = false;
    let (extracted, cuts) = map_while_made(
        opts.page_threads,
        |give| {
            guarded(|| {
                extract_unguarded(bytes, opts, &mut |page: Page| {
                    has_text = has_text || page.glyphs.iter().any(|g| !g.is_blank());
                    give(page)
                })
            })?
        },
        cut,
    );
    let info = extracted?;
    let mut warnings = info.warnings.clone();
    if is_truncated(bytes) {
        warnings.push(Warning {
            code: "truncated".into(),
            message: "file is truncated (no %%EOF at the end); text recovered from the objects that remain".into(),
            page: None,
        });
    }
    let blocks = if has_text {
        let cuts = cuts
            .into_iter()
            .collect::<std::thread::Result<Vec<_>>>()
            .map_err(crashed)?;
        guarded(|| blocks_of_cuts(opts.page_threads, cuts))?
    } else {
        if info.image_pages > 0 {
            warnings.push(Warning {
                code: "no_text_layer".into(),
                message: "no text layer; OCR needed".into(),
                page: None,
            });
        }
        Vec::new()
    };
    Ok(ReadOutput {
        pages: Some(info.pages),
        title: info.title,
        producer: info.producer,
        blocks,
        warnings,
    })
}

/// Page text in reading order, one line per text line, pages separated by
/// form feeds, like `pdftotext`. Nothing is removed.
pub fn plain_text(bytes: &[u8], opts: &ReadOptions) -> Result<String> {
    let (_, pages) = extract_pages(bytes, opts)?;
    guarded(|| {
        let mut out = String::new();
        for page in pages {
            out.push_str(&page_text(page));
            out.push('\x0c');
        }
        out
    })
}

/// Opens the PDF and collects every page's glyphs and rulings, origin
/// top-left. Panics inside the backend become [`ErrorKind::Malformed`].
pub fn extract_pages(bytes: &[u8], opts: &ReadOptions) -> Result<(DocInfo, Vec<Page>)> {
    let mut pages = Vec::new();
    let info = guarded(|| extract_unguarded(bytes, opts, &mut |p| pages.push(p)))??;
    Ok((info, pages))
}

fn guarded<T>(f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(crashed)
}

fn crashed(panic: Box<dyn std::any::Any + Send>) -> Error {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    Error::new(
        ErrorKind::Malformed,
        format!("malformed: PDF parser crashed ({what})"),
    )
}

fn open(bytes: &[u8], opts: &ReadOptions) -> Result<Pdf> {
    let password = opts.password.as_deref().unwrap_or("");
    let opened = Pdf::new_with_password(bytes.to_vec(), password);
    // One --password serves a whole run: a file that opens with the empty
    // user password (encrypted only to restrict printing or copying) must
    // not fail because another file's password was given.
    let opened = match opened {
        Err(LoadPdfError::Decryption(DecryptionError::PasswordProtected))
            if !password.is_empty() =>
        {
            Pdf::new_with_password(bytes.to_vec(), "")
        }
        other => other,
    };
    opened.map_err(|e| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => {
            password_error(!password.is_empty())
        }
        LoadPdfError::Decryption(DecryptionError::UnsupportedAlgorithm) => Error::new(
            ErrorKind::Malformed,
            "encrypted: unsupported encryption algorithm",
        ),
        LoadPdfError::Decryption(_) => Error::new(
            ErrorKind::Malformed,
            "malformed: broken encryption dictionary",
        ),
        LoadPdfError::Invalid => Error::new(
            ErrorKind::Malformed,
            "malformed: no cross-reference table or page tree could be read",
        ),
    })
}

/// The failure of an encrypted file that did not open. hayro answers the
/// same for no password and a wrong one; whether one was given tells them
/// apart.
fn password_error(given: bool) -> Error {
    if given {
        Error::new(ErrorKind::PasswordRequired, "encrypted: wrong password")
    } else {
        Error::new(ErrorKind::PasswordRequired, "encrypted: password required")
    }
}

/// Hands each page to `give` as soon as it is read.
fn extract_unguarded(
    bytes: &[u8],
    opts: &ReadOptions,
    give: &mut dyn FnMut(Page),
) -> Result<DocInfo> {
    let pdf = open(bytes, opts)?;
    limits::check(
        &pdf,
        opts.max_stream_bytes,
        opts.max_total_bytes,
        opts.max_objects,
    )?;
    let meta = pdf.metadata();
    let all = pdf.pages();
    if all.is_empty() {
        return Err(Error::new(
            ErrorKind::Malformed,
            "malformed: no pages could be read",
        ));
    }
    let mut info = DocInfo {
        pages: all.len() as u32,
        title: meta.title.as_deref().and_then(decode_text_string),
        producer: meta.producer.as_deref().and_then(decode_text_string),
        ..DocInfo::default()
    };
    if all.len() > opts.max_pages as usize {
        info.warnings.push(Warning {
            code: "pages_truncated".into(),
            message: format!(
                "only the first {} of {} pages read",
                opts.max_pages,
                all.len()
            ),
            page: None,
        });
    }
    // The device reads geometry and text, never colour: no paint is
    // assembled for each draw (vendor/hayro-interpret/PATCHED.md).
    let settings = InterpreterSettings {
        paint: false,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut unmapped = 0u32;
    let mut glyphs = 0u64;
    let mut tables = font_tables::FontTables::default();
    let mut stem_cache = backend::StemCache::default();
    let mut font_facts = font_facts::FontFactsCache::default();
    let mut last_page_glyphs = 0;
    for (i, page) in all.iter().take(opts.max_pages as usize).enumerate() {
        let (width, height) = page.render_dimensions();
        let initial = Affine::new(page.initial_transform(true).as_coeffs());
        let mut ctx = Context::new(
            initial,
            Rect::new(0.0, 0.0, width as f64, height as f64),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut device = Collector::default();
        // Pages of one document hold about as many glyphs each: growing
        // the list from nothing copied it a dozen times a page. Capped, so
        // that one huge page does not set aside as much for every page
        // after it.
        device.glyphs.reserve(last_page_glyphs.min(RESERVED_GLYPHS));
        device.tables = std::mem::take(&mut tables);
        device.stem_cache = std::mem::take(&mut stem_cache);
        device.font_facts = std::mem::take(&mut font_facts);
        device.budget = opts.max_glyphs.saturating_sub(glyphs);
        let painted = catch_unwind(AssertUnwindSafe(|| {
            interpret_page(page, &mut ctx, &mut device);
        }));
        if device.over_budget {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!("limit exceeded: more than {} glyphs", opts.max_glyphs),
            ));
        }
        device.mark_heavy_runs();
        glyphs += device.glyphs.len() as u64;
        last_page_glyphs = device.glyphs.len();
        if painted.is_err() {
            info.warnings.push(Warning {
                code: "page_unreadable".into(),
                message: "the PDF parser crashed on this page; its text may be missing".into(),
                page: Some(i as u32 + 1),
            });
        }
        if device.images > 0 {
            info.image_pages += 1;
        }
        unmapped += device.unmapped;
        tables = std::mem::take(&mut device.tables);
        stem_cache = std::mem::take(&mut device.stem_cache);
        font_facts = std::mem::take(&mut device.font_facts);
        give(Page {
            number: i as u32 + 1,
            width,
            height,
            glyphs: clip_glyphs(device.glyphs, width, height),
            rules: clip_rules(device.rules, width, height),
        });
    }
    if unmapped > 0 {
        info.warnings.push(Warning {
            code: "unmapped_glyphs".into(),
            message: format!("{unmapped} glyphs had no Unicode mapping"),
            page: None,
        });
    }
    Ok(info)
}

/// Most glyphs a page's list is made ready for before its first glyph
/// (about 3 MiB); a page with more grows it.
const RESERVED_GLYPHS: usize = 1 << 16;

/// Glyphs painted wholly outside the page are not printed: a page cut down
/// from a taller one (an imposed voucher, a cropped slide) keeps its old
/// text off the page, and poppler drops it the same way.
fn clip_glyphs(mut glyphs: Vec<Glyph>, width: f32, height: f32) -> Vec<Glyph> {
    glyphs.retain(|g| {
        let (top, bottom) = (g.y - g.size, g.y + 0.25 * g.size);
        g.x + g.width >= 0.0 && g.x <= width && bottom >= 0.0 && top <= height
    });
    glyphs
}

/// Rulings outside the page (bleed, hidden artboards) are dropped.
fn clip_rules(rules: Vec<Rule>, width: f32, height: f32) -> Vec<Rule> {
    rules
        .into_iter()
        .filter(|r| r.x1 >= 0.0 && r.y1 >= 0.0 && r.x0 <= width && r.y0 <= height)
        .collect()
}

/// A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else
/// PDFDocEncoding (Latin-1 with typographic marks in 0x80–0x9F).
pub fn decode_text_string(raw: &[u8]) -> Option<String> {
    let s = if let Some(rest) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = raw.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        raw.iter().map(|&b| pdfdoc_char(b)).collect()
    };
    let s = s.replace('\0', "");
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn pdfdoc_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Dir;

    #[test]
    fn text_strings_decode() {
        assert_eq!(decode_text_string(b"Review").as_deref(), Some("Review"));
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0, b'H', 0, b'i']).as_deref(),
            Some("Hi")
        );
        assert_eq!(
            decode_text_string(&[0x8D, b'x', 0x8E]).as_deref(),
            Some("“x”")
        );
        assert_eq!(decode_text_string(b"  "), None);
    }

    #[test]
    fn glyphs_off_the_page_are_dropped() {
        let at = |x: f32, y: f32| Glyph {
            text: "a".into(),
            x,
            y,
            width: 5.0,
            size: 10.0,
            bold: false,
            dir: Dir::Right,
        };
        let kept = clip_glyphs(
            vec![
                at(10.0, 100.0),
                at(10.0, -40.0),
                at(700.0, 100.0),
                at(10.0, 2.0),
            ],
            600.0,
            400.0,
        );
        let ys: Vec<f32> = kept.iter().map(|g| g.y).collect();
        assert_eq!(ys, [100.0, 2.0]);
    }

    #[test]
    fn garbage_is_malformed_not_panic() {
        let err = read(b"%PDF-1.7\ngarbage", &ReadOptions::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
    }
}
