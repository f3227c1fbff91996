//! Plain-text reader: already-extracted text to paragraph blocks.

use super::ReadOutput;
use crate::error::Result;
use crate::layout::{Block, Role};

/// Splits decoded text into blocks at blank lines; line breaks inside a
/// paragraph are kept for the segmenter. Form feeds are page breaks.
pub fn read(bytes: &[u8]) -> Result<ReadOutput> {
    let text = crate::read::html::decode_text(bytes, None);
    Ok(ReadOutput {
        blocks: blocks_from_text(&text),
        ..ReadOutput::default()
    })
}

/// Paragraph blocks of `text`; pages counted by form feeds.
pub fn blocks_from_text(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let (mut table, mut row, mut in_table) = (0u32, 0u32, false);
    for (page_index, page) in text.split('\u{c}').enumerate() {
        let page_no = text.contains('\u{c}').then_some(page_index as u32 + 1);
        let mut lines: Vec<&str> = Vec::new();
        let flush = |lines: &mut Vec<&str>, blocks: &mut Vec<Block>| {
            if !lines.is_empty() {
                let mut b = Block::paragraph(lines.join("\n"));
                b.page = page_no;
                blocks.push(b);
                lines.clear();
            }
        };
        for line in page.lines() {
            let line = line.trim_end_matches([' ', '\r']);
            if is_table_row(line) {
                flush(&mut lines, &mut blocks);
                if !in_table {
                    table += 1;
                    row = 0;
                    in_table = true;
                } else {
                    row += 1;
                }
                for (col, cell) in line.split('\t').enumerate() {
                    let mut b = Block::paragraph(cell_text(cell)).with_role(Role::Cell {
                        table: table - 1,
                        row,
                        col: col as u32,
                        rowspan: 1,
                        header: false,
                    });
                    b.page = page_no;
                    blocks.push(b);
                }
                continue;
            }
            in_table = false;
            if line.trim().is_empty() {
                flush(&mut lines, &mut blocks);
            } else {
                lines.push(line);
            }
        }
        flush(&mut lines, &mut blocks);
    }
    blocks
}

/// Most columns a tab-separated line may have to be read as a table row.
/// Every cell is a block of its own; a line of 3 MB of tabs made 1.5
/// million blocks and cost over 1 GB. No printed table has this many
/// columns: such a line is prose with tabs in it.
const MAX_TABLE_COLUMNS: usize = 256;

/// Tab-separated lines are table rows, as text exported from documents
/// with tables prints them.
fn is_table_row(line: &str) -> bool {
    let tabs = line.bytes().filter(|&b| b == b'\t').count();
    (2..MAX_TABLE_COLUMNS).contains(&tabs)
}

/// A cell's text: `<p>` elements (as some extractors wrap cell paragraphs)
/// become paragraphs separated by blank lines; entities are decoded.
fn cell_text(cell: &str) -> String {
    let mut paras = Vec::new();
    let mut rest = cell.trim();
    while let Some(start) = rest.find("<p>") {
        let before = rest[..start].trim();
        if !before.is_empty() {
            paras.push(before.to_string());
        }
        let after = &rest[start + 3..];
        let end = after.find("</p>").unwrap_or(after.len());
        paras.push(after[..end].trim().to_string());
        rest = after.get(end + 4..).unwrap_or("");
    }
    if !rest.trim().is_empty() {
        paras.push(rest.trim().to_string());
    }
    paras
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_split_paragraphs_and_wraps_stay() {
        let b = blocks_from_text("A\nB\n\n\nC\r\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].text, "A\nB");
        assert_eq!(b[1].text, "C");
        assert_eq!(b[0].page, None);
    }

    #[test]
    fn tab_rows_are_table_cells() {
        let b = blocks_from_text("Intro\nA\tB\tC\n\t<p>x &amp; y</p> <p>z</p>\t\nAfter");
        let cells: Vec<_> = b
            .iter()
            .filter(|b| matches!(b.role, Role::Cell { .. }))
            .collect();
        assert_eq!(cells.len(), 6);
        assert_eq!(cells[4].text, "x & y\n\nz");
        assert_eq!(
            cells[4].role,
            Role::Cell {
                table: 0,
                row: 1,
                col: 1,
                rowspan: 1,
                header: false
            }
        );
        assert_eq!(b.last().unwrap().text, "After");
    }

    #[test]
    fn form_feed_is_a_page_break() {
        let b = blocks_from_text("one\u{c}two");
        assert_eq!(b[1].page, Some(2));
    }
}
