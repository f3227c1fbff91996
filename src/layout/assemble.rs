//! Pages of glyphs to document blocks: tables, furniture, columns, blocks.

use super::furniture::find_furniture;
use super::lines::{Line, build_lines};
use super::order::reading_order;
use super::paragraphs::group_blocks;
use super::rotate::frames;
use super::tables::{TableSet, find_grids};
use super::{Block, Dir, Page};

/// The running-text font size: the size carrying most characters.
pub fn body_size(pages: &[Page]) -> f32 {
    // Counted in half points up to 200 pt; larger type is never body text.
    let mut counts = vec![0usize; 401];
    for g in pages.iter().flat_map(|p| &p.glyphs) {
        if g.dir == Dir::Right && !g.is_blank() {
            let slot = (g.size * 2.0).round();
            if (0.0..=400.0).contains(&slot) {
                counts[slot as usize] += 1;
            }
        }
    }
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .max_by_key(|(size, n)| (**n, *size))
        .map(|(s, _)| s as f32 / 2.0)
        .unwrap_or(0.0)
}

/// Text of one page as `pdftotext` lays it out: one line per visual line,
/// columns one after the other, text of each direction after that of the
/// main one. Nothing is removed.
pub fn page_text(page: Page) -> String {
    let mut out = String::new();
    for frame in frames(page) {
        for line in reading_order(build_lines(&frame.glyphs)).iter().flatten() {
            out.push_str(&line.text());
            out.push('\n');
        }
    }
    out
}

/// All blocks of a document in reading order. Each page is read in the
/// frame of its main text direction; text running other ways on it (a
/// label up the margin) follows the page's blocks.
pub fn document_blocks(pages: Vec<Page>) -> Vec<Block> {
    let mut extra: Vec<Vec<Page>> = Vec::with_capacity(pages.len());
    let pages: Vec<Page> = pages
        .into_iter()
        .map(|p| {
            let mut f = frames(p).into_iter();
            let main = f.next().unwrap_or_default();
            extra.push(f.collect());
            main
        })
        .collect();
    let pages = pages.as_slice();
    let body = body_size(pages);
    let mut tables = TableSet::default();
    let mut per_page: Vec<(Vec<Line>, Vec<Block>)> = Vec::with_capacity(pages.len());
    for page in pages {
        let grids = find_grids(&page.rules);
        if grids.is_empty() {
            // Most pages have no ruled table: no glyph needs sorting out.
            per_page.push((build_lines(&page.glyphs), Vec::new()));
            continue;
        }
        let (free, cells) = tables.take_page(page, &grids);
        per_page.push((build_lines(&free), cells));
    }
    let input: Vec<(&[Line], f32)> = per_page
        .iter()
        .zip(pages)
        .map(|((lines, _), p)| (lines.as_slice(), p.height))
        .collect();
    let furniture = find_furniture(&input);
    let mut blocks = Vec::new();
    let rows = per_page.into_iter().zip(furniture).zip(pages).zip(extra);
    for ((((lines, cells), marks), page), turned) in rows {
        let kept: Vec<Line> = lines
            .into_iter()
            .zip(marks)
            .filter(|(_, furniture)| !furniture)
            .map(|(l, _)| l)
            .collect();
        let mut page_blocks: Vec<Block> = reading_order(kept)
            .iter()
            .flat_map(|flow| group_blocks(flow, page.number, body))
            .collect();
        insert_cells(&mut page_blocks, cells);
        blocks.extend(page_blocks);
        for frame in turned {
            let lines = reading_order(build_lines(&frame.glyphs));
            blocks.extend(
                lines
                    .iter()
                    .flat_map(|f| group_blocks(f, page.number, body)),
            );
        }
    }
    tables.mark_repeated_headers(&mut blocks);
    blocks
}

/// Puts each table's cells (already in row-major order) before the first
/// block that starts below the table's top.
fn insert_cells(blocks: &mut Vec<Block>, cells: Vec<Block>) {
    let mut groups: Vec<Vec<Block>> = Vec::new();
    for cell in cells {
        let same = groups
            .last()
            .is_some_and(|g| g[0].table_index() == cell.table_index());
        if same {
            if let Some(g) = groups.last_mut() {
                g.push(cell);
            }
        } else {
            groups.push(vec![cell]);
        }
    }
    for group in groups.into_iter().rev() {
        let top = group
            .iter()
            .filter_map(|b| b.bbox)
            .map(|b| b.y0)
            .fold(f32::INFINITY, f32::min);
        let at = blocks
            .iter()
            .position(|b| b.table_index().is_none() && b.bbox.is_some_and(|bb| bb.y0 > top))
            .unwrap_or(blocks.len());
        blocks.splice(at..at, group);
    }
}
