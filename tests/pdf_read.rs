//! PDF reading on PDFs made by real generators (see tests/data/pdf/make.sh).

use scr_ingest::error::ErrorKind;
use scr_ingest::layout::{Block, Role};
use scr_ingest::read::ReadOptions;
use scr_ingest::read::pdf::{plain_text, read};

fn load(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (table, row, col, rowspan, header) of a cell block.
type CellPos = (u32, u32, u32, u32, bool);

fn cell(b: &Block) -> Option<CellPos> {
    match b.role {
        Role::Cell {
            table,
            row,
            col,
            rowspan,
            header,
        } => Some((table, row, col, rowspan, header)),
        _ => None,
    }
}

/// One table across pages, its header marked once (the copies repeated on
/// later pages are dropped), merged first-column cell emitted once with its
/// row span.
fn check_table(name: &str) {
    let out = read(&load(name), &ReadOptions::default()).expect("readable");
    let cells: Vec<(&Block, CellPos)> = out
        .blocks
        .iter()
        .filter_map(|b| cell(b).map(|c| (b, c)))
        .collect();
    assert!(cells.iter().all(|(_, c)| c.0 == 0), "{name}: one table");
    let pages: std::collections::BTreeSet<u32> = cells.iter().filter_map(|(b, _)| b.page).collect();
    assert!(pages.len() >= 2, "{name}: table spans pages");
    let headers: Vec<u32> = cells
        .iter()
        .filter(|(b, c)| c.4 && b.text == "Agency")
        .map(|(_, c)| c.1)
        .collect();
    assert_eq!(headers.len(), 1, "{name}: header once");
    let repeats = cells.iter().filter(|(b, _)| b.text == "Agency").count();
    assert_eq!(repeats, 1, "{name}: repeated header rows dropped");
    assert_eq!(headers[0], 0);
    let merged: Vec<_> = cells
        .iter()
        .filter(|(b, _)| b.text.starts_with("Police and"))
        .collect();
    assert_eq!(merged.len(), 1, "{name}: merged cell once");
    assert_eq!(merged[0].1.3, 3, "{name}: rowspan");
    assert_eq!(merged[0].1.2, 0);
    let rows: Vec<u32> = cells.iter().map(|(_, c)| c.1).collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{name}: row-major");
    let last_action = cells.iter().find(|(b, _)| b.text.contains("Action 45:"));
    assert!(last_action.is_some(), "{name}: last row present");
    // Paragraphs around the table stay paragraphs, in order.
    let first_cell = out
        .blocks
        .iter()
        .position(|b| cell(b).is_some())
        .unwrap_or(0);
    assert!(
        out.blocks[..first_cell]
            .iter()
            .any(|b| b.text.contains("main points of learning"))
    );
    let tail = out
        .blocks
        .last()
        .map(|b| b.text.clone())
        .unwrap_or_default();
    assert!(
        tail.contains("long term work"),
        "{name}: closing paragraph last, got {tail:?}"
    );
}

#[test]
fn chromium_table_across_pages() {
    check_table("table-chromium.pdf");
}

#[test]
fn libreoffice_table_across_pages() {
    check_table("table-libreoffice.pdf");
}

#[test]
fn metadata_and_plain_text() {
    let bytes = load("table-chromium.pdf");
    let out = read(&bytes, &ReadOptions::default()).expect("readable");
    assert_eq!(out.title.as_deref(), Some("Response to George"));
    assert!(out.producer.is_some());
    assert_eq!(out.pages, Some(2));
    let text = plain_text(&bytes, &ReadOptions::default()).expect("text");
    assert_eq!(text.matches('\x0c').count(), 2);
    assert!(text.starts_with("Serious Case Review in relation to George\n"));
}

#[test]
fn truncated_pdf_is_malformed() {
    let bytes = load("table-chromium.pdf");
    let err = read(&bytes[..600], &ReadOptions::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Malformed);
}

#[test]
fn tiny_stream_limit_trips() {
    let opts = ReadOptions {
        max_stream_bytes: 100,
        ..Default::default()
    };
    let err = read(&load("table-chromium.pdf"), &opts).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(err.message, "decompression limit exceeded");
}

/// A landscape dissemination table turned a quarter anticlockwise on a
/// portrait page (Ghostscript): read in its own frame, so the rulings still
/// make a table and every cell keeps its text.
#[test]
fn table_turned_on_the_page_is_still_a_table() {
    let out = read(&load("rotated.pdf"), &ReadOptions::default()).expect("readable");
    let cells: Vec<(CellPos, &str)> = out
        .blocks
        .iter()
        .filter_map(|b| Some((cell(b)?, b.text.as_str())))
        .collect();
    assert_eq!(cells.len(), 12, "{cells:?}");
    // The header row is set in Helvetica-Bold.
    assert_eq!(cells[0], ((0, 0, 0, 1, true), "Learning"));
    assert_eq!(cells[4].1, "Briefings for all front-line staff");
    assert_eq!(cells[11], ((0, 3, 2, 1, false), "Business manager"));
    assert_eq!(out.blocks[0].text, "How we will disseminate the learning");
    assert!(matches!(out.blocks[0].role, Role::Heading { .. }));
}

#[test]
fn margin_label_follows_the_page_text() {
    let text = plain_text(&load("rotated.pdf"), &ReadOptions::default()).expect("text");
    let page2 = text.split('\x0c').nth(1).expect("two pages");
    assert_eq!(
        page2,
        "The partnership will review progress against each action every quarter.\n\
         Agencies report to the board on the difference the learning has made.\n\
         Draft for consultation\n"
    );
}

/// Two columns set by groff (`.2C`) with text flowing from the foot of the
/// left column to the head of the right: read column by column, so the
/// numbered paragraphs come out in order (pdftotext interleaves them).
#[test]
fn two_columns_read_in_order() {
    let text = plain_text(&load("two-column.pdf"), &ReadOptions::default()).expect("text");
    let opened: Vec<u32> = text
        .split("Point ")
        .skip(1)
        .filter_map(|rest| {
            let (n, after) = rest.split_once(' ')?;
            after.starts_with("opens").then(|| n.parse().ok())?
        })
        .collect();
    assert_eq!(opened, (1..=24).collect::<Vec<u32>>(), "{text}");
    // Both columns share the first page.
    let first_page = text.split('\x0c').next().unwrap_or("");
    assert!(first_page.contains("Point 1 opens") && first_page.contains("Point 12 opens"));
}
