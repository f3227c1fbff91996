//! Decompression limits against hostile streams. The PDFs are built here:
//! a bomb is by nature a crafted file, and building it keeps multi-megabyte
//! payloads out of the repository.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use scr_ingest::error::ErrorKind;
use scr_ingest::read::ReadOptions;
use scr_ingest::read::pdf::read;
use std::io::Write;
use std::time::{Duration, Instant};

/// A one-page PDF whose content stream is `data` with `/Filter filters`.
fn pdf_with_content(data: &[u8], filters: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        {
            let filter = if filters.is_empty() {
                String::new()
            } else {
                format!(" /Filter {filters}")
            };
            let mut s = format!("<< /Length {}{filter} >>\nstream\n", data.len()).into_bytes();
            s.extend_from_slice(data);
            s.extend_from_slice(b"\nendstream");
            s
        },
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).ok();
    e.finish().unwrap_or_default()
}

/// A valid content stream that inflates to `mib` MiB: text, then spaces.
fn bomb_content(mib: usize) -> Vec<u8> {
    let mut plain = b"BT /F1 12 Tf 72 720 Td (Hello bomb) Tj ET\n".to_vec();
    plain.resize(mib << 20, b' ');
    plain
}

fn assert_fast_limit(pdf: &[u8]) {
    let start = Instant::now();
    let err = read(pdf, &ReadOptions::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{}", err.message);
    assert_eq!(err.message, "decompression limit exceeded");
    // Milliseconds in a release build; generous for unoptimised test builds.
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn flate_content_bomb_fails_fast() {
    assert_fast_limit(&pdf_with_content(
        &deflate(&bomb_content(100)),
        "/FlateDecode",
    ));
}

#[test]
fn bomb_hidden_behind_ascii85_fails_fast() {
    // The old check looked at the first filter only; a bomb wrapped in
    // ASCII85 slipped past it.
    let packed = deflate(&bomb_content(100));
    let mut a85 = Vec::new();
    for chunk in packed.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        let mut v = u32::from_be_bytes(b);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (v % 85) as u8 + b'!';
            v /= 85;
        }
        a85.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    a85.extend_from_slice(b"~>");
    assert_fast_limit(&pdf_with_content(&a85, "[/ASCII85Decode /FlateDecode]"));
}

#[test]
fn run_length_over_the_stream_limit_fails() {
    // 128 copies per two bytes: 2 MiB of input decode to 128 MiB.
    let mut rl = Vec::new();
    for _ in 0..(1 << 20) {
        rl.extend_from_slice(&[129, b' ']);
    }
    rl.push(128);
    assert_fast_limit(&pdf_with_content(&rl, "/RunLengthDecode"));
}

#[test]
fn ordinary_stream_under_the_limit_reads() {
    let plain = b"BT /F1 12 Tf 72 720 Td (Hello reader) Tj ET\n";
    let out = read(
        &pdf_with_content(&deflate(plain), "/FlateDecode"),
        &ReadOptions::default(),
    )
    .expect("an ordinary page reads");
    let text: String = out.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(text.contains("Hello reader"), "{text}");
}

#[test]
fn limit_is_an_option() {
    let pdf = pdf_with_content(&deflate(&bomb_content(2)), "/FlateDecode");
    let with_limit = |mib: u64| ReadOptions {
        max_stream_bytes: mib << 20,
        ..Default::default()
    };
    let err = read(&pdf, &with_limit(1)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    let out = read(&pdf, &with_limit(4)).expect("within the raised limit");
    assert!(out.blocks.iter().any(|b| b.text.contains("Hello bomb")));
}

#[test]
fn glyph_limit_fails_a_page_that_paints_too_much() {
    let content = "BT /F1 12 Tf 72 720 Td (0123456789) Tj ET\n".repeat(200);
    let pdf = pdf_with_content(content.as_bytes(), "");
    let opts = |max_glyphs| ReadOptions {
        max_glyphs,
        ..Default::default()
    };
    let err = read(&pdf, &opts(1000)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(err.message, "limit exceeded: more than 1000 glyphs");
    assert!(read(&pdf, &opts(2000)).is_ok());
}

#[test]
fn object_limit_fails_the_file() {
    let pdf = pdf_with_content(b"BT /F1 12 Tf 72 720 Td (x) Tj ET", "");
    let opts = |max_objects| ReadOptions {
        max_objects,
        ..Default::default()
    };
    let err = read(&pdf, &opts(3)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(err.message, "limit exceeded: more than 3 objects");
    assert!(read(&pdf, &opts(5)).is_ok());
}
