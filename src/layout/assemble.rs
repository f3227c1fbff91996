//! Pages of glyphs to document blocks: tables, furniture, columns, blocks.

use super::furniture::find_furniture;
use super::lines::{Line, build_lines};
use super::navigation::drop_navigation;
use super::order::reading_order;
use super::paragraphs::{group_blocks, list_marker};
use super::parallel::map_pages;
use super::rotate::frames;
use super::tables::{PageCells, TableSet, cut_page, find_grids, finished};
use super::{Block, Dir, Page, Role};

/// The running-text font size: the size carrying most characters.
pub fn body_size(pages: &[Page]) -> f32 {
    body_size_of(&pages.iter().collect::<Vec<_>>())
}

fn body_size_of(pages: &[&Page]) -> f32 {
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

/// A page's lines and cells, found without regard to other pages.
pub(crate) struct Cut {
    page: Page,
    turned: Vec<Page>,
    lines: Vec<Line>,
    cells: Option<PageCells>,
}

pub(crate) fn cut(page: Page) -> Cut {
    let mut f = frames(page).into_iter();
    let page = f.next().unwrap_or_default();
    let turned = f.collect();
    let grids = find_grids(&page.rules);
    let (lines, cells) = if grids.is_empty() {
        // Most pages have no ruled table: no glyph needs sorting out.
        (build_lines(&page.glyphs), None)
    } else {
        let (free, cells) = cut_page(&page, grids);
        (build_lines(&free), Some(cells))
    };
    Cut {
        page,
        turned,
        lines,
        cells,
    }
}

/// A page's blocks before its tables are numbered and before it is joined
/// to the page before: all that depends on this page alone.
struct Read {
    blocks: Vec<Block>,
    cells: Option<PageCells>,
    /// Text above the page's first table.
    text_before: bool,
    /// Text below the page's last table.
    text_after: bool,
    first_line: Option<Line>,
    /// The last line of the page's text and its measure.
    last_line: Option<(Line, f32)>,
    turned_blocks: Vec<Block>,
    turned: bool,
}

fn read_page(cut: Cut, marks: Vec<bool>, body: f32) -> Read {
    let Cut {
        page,
        turned,
        lines,
        cells,
    } = cut;
    let kept: Vec<Line> = lines
        .into_iter()
        .zip(marks)
        .filter(|(_, furniture)| !furniture)
        .map(|(l, _)| l)
        .collect();
    let (text_before, text_after) = match &cells {
        Some(cells) => {
            let top = cells.top().unwrap_or(f32::INFINITY);
            let bottom = cells.bottom().unwrap_or(f32::INFINITY);
            (
                kept.iter().any(|l| l.y < top),
                kept.iter().any(|l| l.y - l.size > bottom),
            )
        }
        None => (false, true),
    };
    let flows = drop_navigation(reading_order(kept));
    let blocks = flows
        .iter()
        .flat_map(|flow| group_blocks(flow, page.number, body))
        .collect();
    let first_line = flows.first().and_then(|f| f.first()).cloned();
    let last_line = flows
        .last()
        .and_then(|f| f.last().map(|l| (l.clone(), measure(f, l.size))));
    let turned_blocks = turned
        .iter()
        .flat_map(|frame| {
            let lines = reading_order(build_lines(&frame.glyphs));
            lines
                .iter()
                .flat_map(|f| group_blocks(f, page.number, body))
                .collect::<Vec<_>>()
        })
        .collect();
    Read {
        blocks,
        cells,
        text_before,
        text_after,
        first_line,
        last_line,
        turned_blocks,
        turned: !turned.is_empty(),
    }
}

/// All blocks of a document in reading order. Each page is read in the
/// frame of its main text direction; text running other ways on it (a
/// label up the margin) follows the page's blocks. Pages are read on
/// several threads; what runs across pages (body size, running heads and
/// feet, table numbers, a paragraph or cell going on over a page break)
/// is decided in page order, so that the result is the same as on one.
pub fn document_blocks(pages: Vec<Page>) -> Vec<Block> {
    blocks_of_cuts(true, map_pages(true, pages, cut))
}

/// [`document_blocks`] of pages already [`cut`], in page order, on more
/// than one thread where `threads` allows.
pub(crate) fn blocks_of_cuts(threads: bool, cuts: Vec<Cut>) -> Vec<Block> {
    let main: Vec<&Page> = cuts.iter().map(|c| &c.page).collect();
    let body = body_size_of(&main);
    let input: Vec<(&[Line], f32)> = cuts
        .iter()
        .map(|c| (c.lines.as_slice(), c.page.height))
        .collect();
    let furniture = find_furniture(&input);
    let reads = map_pages(
        threads,
        cuts.into_iter().zip(furniture).collect(),
        |(c, m)| read_page(c, m, body),
    );
    let mut tables = TableSet::default();
    let mut blocks = Vec::new();
    // The last line of the previous page's text and its measure, for a
    // paragraph running on to the next page.
    let mut tail: Option<(Line, f32)> = None;
    // Text after the previous page's last table: a table at the top of
    // this page is a new one, not that one continued.
    let mut text_after_table = true;
    for read in reads {
        let cells = match read.cells {
            Some(cells) => {
                let blocks = tables.number(cells, text_after_table || read.text_before);
                text_after_table = read.text_after;
                blocks
            }
            None => {
                text_after_table = true;
                Vec::new()
            }
        };
        let mut page_blocks = read.blocks;
        let ends_in_text = cells.is_empty() || !page_blocks.is_empty();
        insert_cells(&mut page_blocks, cells);
        if let (Some(prev), Some(first)) = (&tail, &read.first_line)
            && let (Some(before), Some(after)) = (blocks.last_mut(), page_blocks.first())
            && continues_over_page(before, &prev.0, prev.1, after, first)
        {
            let after = page_blocks.remove(0);
            let rest = without_repeated_line(&before.text, &after.text);
            if !rest.is_empty() {
                before.text.push('\n');
                before.text.push_str(rest);
            }
        }
        tail = read.last_line.filter(|_| {
            ends_in_text
                && page_blocks
                    .last()
                    .is_some_and(|b| b.table_index().is_none())
        });
        blocks.extend(page_blocks);
        if read.turned {
            tail = None;
        }
        blocks.extend(read.turned_blocks);
    }
    tables.mark_repeated_headers(&mut blocks);
    join_continued_cells(blocks)
}

/// A cell cut by a page break (its row goes on in the next page's first
/// body row) is one block again: the part on the later page is appended
/// to the first, as the same paragraph when the first part stops
/// mid-sentence, else as a new one. The block keeps its first page.
fn join_continued_cells(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut seen: std::collections::HashMap<(u32, u32, u32), usize> = Default::default();
    for b in blocks {
        let Role::Cell {
            table, row, col, ..
        } = b.role
        else {
            out.push(b);
            continue;
        };
        if let Some(&at) = seen.get(&(table, row, col))
            && let Some(first) = out.get_mut(at)
            && first.page < b.page
        {
            let rest = without_repeated_line(&first.text, &b.text);
            if !rest.is_empty() {
                let sep = if finished(&first.text) { "\n\n" } else { "\n" };
                first.text.push_str(sep);
                first.text.push_str(rest);
            }
            continue;
        }
        seen.insert((table, row, col), out.len());
        out.push(b);
    }
    out
}

/// `next` without its first line where that line repeats the last line of
/// `before`: wkhtmltopdf paints the line a page break cuts through on both
/// pages, short lines too ("delay."); one line honestly written twice on
/// either side of a page break is rarer than that.
fn without_repeated_line<'a>(before: &str, next: &'a str) -> &'a str {
    let last = before.lines().last().map(str::trim).unwrap_or_default();
    let (head, tail) = next.split_once('\n').unwrap_or((next, ""));
    if !last.is_empty() && head.trim() == last {
        tail.trim_start_matches('\n')
    } else {
        next
    }
}

/// The right edge of the measure of a flow's lines of `size`.
fn measure(flow: &[Line], size: f32) -> f32 {
    flow.iter()
        .filter(|l| (l.size - size).abs() < 0.5)
        .map(|l| l.x1)
        .fold(f32::NEG_INFINITY, f32::max)
}

/// Whether the first block of a page, opening with line `first`, goes on
/// with the paragraph `before` that ended the previous page with `last`
/// (set to the measure `right`): both running text of one size and weight
/// at one margin, the next page's line no list item, and the first word
/// of the next page would not have fitted on the last line, so that line
/// was broken for want of room, not because its paragraph ended.
pub fn continues_over_page(
    before: &Block,
    last: &Line,
    right: f32,
    after: &Block,
    first: &Line,
) -> bool {
    let em = first.size.max(1.0);
    let prose = |b: &Block| b.role == Role::Paragraph;
    let same_face = (last.size - first.size).abs() < 0.5 && last.bold == first.bold;
    let same_margin = before
        .bbox
        .zip(after.bbox)
        .is_some_and(|(a, b)| (a.x0 - b.x0).abs() < 0.5 * em);
    let word = first.words.first().map_or(0.0, |w| w.x1 - w.x0);
    let would_fit = right - last.x1 > word + 0.6 * em;
    prose(before)
        && prose(after)
        && same_face
        && same_margin
        && !would_fit
        && list_marker(&first.head()).is_none()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Glyph;
    use crate::layout::words::tests::run;

    /// Pages of text lines at `x` = 50, pitch 12, 5 points a character.
    fn page(number: u32, rows: &[&str]) -> Page {
        let glyphs: Vec<Glyph> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, t)| run(t, 50.0, 100.0 + 12.0 * i as f32, 0.0))
            .collect();
        Page {
            number,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: Vec::new(),
        }
    }

    fn cell(text: &str, page: u32, row: u32) -> Block {
        let mut b = Block::paragraph(text).with_role(Role::Cell {
            table: 0,
            row,
            col: 1,
            rowspan: 1,
            header: false,
        });
        b.page = Some(page);
        b
    }

    #[test]
    fn line_painted_on_both_sides_of_a_page_break_is_read_once() {
        let before =
            "Practitioners did not consider the views of\nthe school even when the concerns were";
        assert_eq!(
            without_repeated_line(
                before,
                "the school even when the concerns were\npersistent."
            ),
            "persistent."
        );
        assert_eq!(without_repeated_line(before, "persistent."), "persistent.");
        assert_eq!(without_repeated_line("", "persistent."), "persistent.");
        assert_eq!(
            without_repeated_line("Police\nHealth", "Health\nSchools"),
            "Schools"
        );
    }

    #[test]
    fn cell_cut_by_a_page_break_is_one_block() {
        let blocks = join_continued_cells(vec![
            cell("One action.\n\nAnother that runs", 1, 1),
            cell("on to the next page.", 2, 1),
            cell("Next row.", 2, 2),
        ]);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0].text,
            "One action.\n\nAnother that runs\non to the next page."
        );
        assert_eq!(blocks[0].page, Some(1));
        let split_between = join_continued_cells(vec![cell("One.", 1, 1), cell("Two.", 2, 1)]);
        assert_eq!(split_between[0].text, "One.\n\nTwo.");
    }

    #[test]
    fn paragraph_running_over_a_page_is_one_block() {
        let blocks = document_blocks(vec![
            page(
                1,
                &[
                    "the first page ends in the middle of a",
                    "sentence that goes on and on to the",
                ],
            ),
            page(2, &["on the next page and ends there.", "x"]),
        ]);
        assert!(blocks[0].text.contains("to the\non the next"), "{blocks:?}");
    }

    #[test]
    fn full_last_line_ending_a_sentence_runs_on() {
        let blocks = document_blocks(vec![
            page(
                1,
                &[
                    "one paragraph of two lines, the first",
                    "full and the last full too, it ends.",
                ],
            ),
            page(2, &["More of it on the next page, which", "then ends."]),
        ]);
        assert!(blocks[0].text.contains("ends.\nMore of it"), "{blocks:?}");
    }

    #[test]
    fn short_last_line_ends_the_paragraph_at_the_page_end() {
        let blocks = document_blocks(vec![
            page(
                1,
                &["a paragraph that ends on page one with", "a short line."],
            ),
            page(2, &["Another paragraph starts on page two."]),
        ]);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
    }
}
