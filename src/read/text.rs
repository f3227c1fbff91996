//! Plain-text reader: already-extracted text to paragraph blocks.

use super::ReadOutput;
use crate::error::Result;
use crate::layout::Block;

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
    for (page_index, page) in text.split('\u{c}').enumerate() {
        let page_no = text.contains('\u{c}').then_some(page_index as u32 + 1);
        let mut lines: Vec<&str> = Vec::new();
        let mut flush = |lines: &mut Vec<&str>| {
            if !lines.is_empty() {
                let mut b = Block::paragraph(lines.join("\n"));
                b.page = page_no;
                blocks.push(b);
                lines.clear();
            }
        };
        for line in page.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() {
                flush(&mut lines);
            } else {
                lines.push(line);
            }
        }
        flush(&mut lines);
    }
    blocks
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
    fn form_feed_is_a_page_break() {
        let b = blocks_from_text("one\u{c}two");
        assert_eq!(b[1].page, Some(2));
    }
}
