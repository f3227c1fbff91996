//! Ruled tables: grids from rulings, cells with row spans, and tables that
//! continue across pages.

use super::lines::build_lines;
use super::paragraphs::group_blocks_to;
use super::{BBox, Block, Glyph, Page, Role, Rule};

/// Rulings this close (points) are the same line; also merges double borders.
const SNAP: f32 = 3.0;
/// Gap (points) bridged when joining collinear ruling pieces.
const JOIN: f32 = 2.0;

/// A straight ruling: `pos` across, `from..to` along.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seg {
    pos: f32,
    from: f32,
    to: f32,
}

/// One cell of a grid, in grid coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// 0-based row in the grid.
    pub row: usize,
    /// 0-based column.
    pub col: usize,
    /// Rows covered.
    pub rowspan: usize,
    /// Columns covered.
    pub colspan: usize,
    /// Area on the page.
    pub bbox: BBox,
}

/// A ruled table found on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f32>,
    /// Cells in row-major order.
    pub cells: Vec<GridCell>,
    /// The last row has no ruling below it: the column sides run on to the
    /// page edge, and the row continues on the next page.
    pub open_bottom: bool,
}

impl Grid {
    /// The cell containing point (x, y), if any.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        self.cells
            .iter()
            .position(|c| x >= c.bbox.x0 && x <= c.bbox.x1 && y >= c.bbox.y0 && y <= c.bbox.y1)
    }
}

/// Collinear pieces joined: Chromium draws each cell edge separately.
fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Seg> = Vec::new();
    for s in segs {
        if let Some(last) = out.iter_mut().rev().take(8).find(|o| {
            (o.pos - s.pos).abs() <= SNAP && s.from <= o.to + JOIN && s.to >= o.from - JOIN
        }) {
            last.from = last.from.min(s.from);
            last.to = last.to.max(s.to);
            continue;
        }
        out.push(s);
    }
    out
}

fn split_rules(rules: &[Rule]) -> (Vec<Seg>, Vec<Seg>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in rules {
        let (w, ht) = (r.x1 - r.x0, r.y1 - r.y0);
        if w >= ht {
            h.push(Seg {
                pos: (r.y0 + r.y1) / 2.0,
                from: r.x0,
                to: r.x1,
            });
        } else {
            v.push(Seg {
                pos: (r.x0 + r.x1) / 2.0,
                from: r.y0,
                to: r.y1,
            });
        }
    }
    (merge(h), merge(v))
}

fn crosses(h: &Seg, v: &Seg) -> bool {
    v.pos >= h.from - JOIN && v.pos <= h.to + JOIN && h.pos >= v.from - JOIN && h.pos <= v.to + JOIN
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    parent[i] = r;
    r
}

/// Positions clustered within [`SNAP`], averaged.
fn snap(mut xs: Vec<f32>) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    let mut out: Vec<Vec<f32>> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some(c) if x - c[c.len() - 1] <= SNAP => c.push(x),
            _ => out.push(vec![x]),
        }
    }
    out.iter()
        .map(|c| c.iter().sum::<f32>() / c.len() as f32)
        .collect()
}

/// Whether some ruling at `pos` covers the middle of `lo..hi`.
fn covered(segs: &[&Seg], pos: f32, lo: f32, hi: f32) -> bool {
    let margin = (hi - lo) * 0.3;
    segs.iter()
        .any(|s| (s.pos - pos).abs() <= SNAP && s.from <= lo + margin && s.to >= hi - margin)
}

/// Ruled tables among a page's rulings: connected sets of horizontal and
/// vertical rulings that make at least two cells.
pub fn find_grids(rules: &[Rule]) -> Vec<Grid> {
    let (h, v) = split_rules(rules);
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if crosses(hs, vs) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<&Seg>, Vec<&Seg>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < h.len() {
            entry.0.push(&h[i]);
        } else {
            entry.1.push(&v[i - h.len()]);
        }
    }
    let mut grids: Vec<Grid> = groups
        .into_values()
        // One ruling across is enough where the column sides run on past
        // it: the rest of the row is on the page before or after.
        .filter(|(hs, vs)| !hs.is_empty() && vs.len() >= 2)
        .flat_map(|(hs, vs)| bands(&hs, &vs))
        .collect();
    grids.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    grids
}

/// The grids of one connected set of rulings: one, or several where
/// tables sit one on another with no gap (a theme table's last row and a
/// dissemination table under it share a ruling and the outer sides), told
/// apart where the columns change at a ruling across and either both sides
/// run on for rows with their columns (a shared side may run through), or
/// no inner side crosses and neither side's columns are a subset of the
/// other's. A row merging columns, or a grouped header over its columns,
/// stays in its table.
fn bands(hs: &[&Seg], vs: &[&Seg]) -> Vec<Grid> {
    let Some(grid) = grid_of(hs, vs) else {
        return Vec::new();
    };
    let cuts = band_cuts(&grid, vs);
    if cuts.is_empty() {
        return vec![grid];
    }
    let mut bounds = vec![f32::NEG_INFINITY];
    bounds.extend(cuts);
    bounds.push(f32::INFINITY);
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        let band_h: Vec<&Seg> = hs
            .iter()
            .filter(|s| s.pos >= lo - SNAP && s.pos <= hi + SNAP)
            .copied()
            .collect();
        let band_v: Vec<Seg> = vs
            .iter()
            .filter(|s| s.to > lo + SNAP && s.from < hi - SNAP)
            .map(|s| Seg {
                pos: s.pos,
                from: s.from.max(lo),
                to: s.to.min(hi),
            })
            .collect();
        let band_v: Vec<&Seg> = band_v.iter().collect();
        if !band_h.is_empty() && band_v.len() >= 2 {
            out.extend(grid_of(&band_h, &band_v));
        }
    }
    out
}

/// The ys at which [`bands`] cuts a grid.
fn band_cuts(grid: &Grid, vs: &[&Seg]) -> Vec<f32> {
    let nc = grid.xs.len().saturating_sub(1);
    let inner = |i: usize| -> Vec<usize> {
        (1..nc)
            .filter(|&k| covered(vs, grid.xs[k], grid.ys[i], grid.ys[i + 1]))
            .collect()
    };
    let subset = |a: &[usize], b: &[usize]| a.iter().all(|k| b.contains(k));
    let nr = grid.ys.len().saturating_sub(1);
    let sets: Vec<Vec<usize>> = (0..nr).map(inner).collect();
    // Rows with the columns of row `i` in a run from it, up or down.
    let run = |i: usize, up: bool| {
        let mut n = 1;
        let mut k = i;
        while let Some(j) = if up {
            k.checked_sub(1)
        } else {
            (k + 1 < nr).then_some(k + 1)
        } {
            if sets[j] != sets[i] {
                break;
            }
            n += 1;
            k = j;
        }
        n
    };
    let mut cuts = Vec::new();
    for i in 1..nr {
        let (above, below) = (&sets[i - 1], &sets[i]);
        if above == below || above.is_empty() || below.is_empty() {
            continue;
        }
        let y = grid.ys[i];
        let crossed = vs.iter().any(|v| {
            v.from < y - SNAP
                && v.to > y + SNAP
                && grid.xs[1..nc].iter().any(|x| (x - v.pos).abs() <= SNAP)
        });
        // Nested columns are one table (a grouped header over its
        // columns, a row merging some) unless each side holds rows.
        let nested = subset(above, below) || subset(below, above);
        let rows_each_side = run(i - 1, true) >= 2 && run(i, false) >= 2;
        if (!crossed && !nested) || rows_each_side {
            cuts.push(y);
        }
    }
    cuts
}

/// How far (points) column sides must run past the outer rulings across
/// for the table to be open there.
const OPEN_RUN: f32 = 2.0 * SNAP;

/// Where at least two column sides run on above the first ruling across
/// (`ys[0]`) or below the last: the top and bottom of a row cut by a page
/// break, which has no ruling at the cut.
fn open_edges(vs: &[&Seg], ys: &[f32]) -> (Option<f32>, Option<f32>) {
    let (Some(&first), Some(&last)) = (ys.first(), ys.last()) else {
        return (None, None);
    };
    let above: Vec<f32> = vs
        .iter()
        .filter(|v| v.from < first - OPEN_RUN)
        .map(|v| v.from)
        .collect();
    let below: Vec<f32> = vs
        .iter()
        .filter(|v| v.to > last + OPEN_RUN)
        .map(|v| v.to)
        .collect();
    let top = (above.len() >= 2).then(|| above.iter().copied().fold(f32::INFINITY, f32::min));
    let bottom =
        (below.len() >= 2).then(|| below.iter().copied().fold(f32::NEG_INFINITY, f32::max));
    (top, bottom)
}

fn grid_of(hs: &[&Seg], vs: &[&Seg]) -> Option<Grid> {
    let mut xs: Vec<f32> = vs.iter().map(|s| s.pos).collect();
    xs.extend(hs.iter().map(|s| s.from));
    xs.extend(hs.iter().map(|s| s.to));
    let xs = snap(xs);
    let left = hs.iter().map(|s| s.from).fold(f32::INFINITY, f32::min);
    let right = hs.iter().map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
    let xs: Vec<f32> = xs
        .into_iter()
        .filter(|x| *x >= left - SNAP && *x <= right + SNAP)
        .collect();
    let mut ys = snap(hs.iter().map(|s| s.pos).collect());
    // Column sides running past the last ruling across (or starting above
    // the first) close a row the page break left open.
    let (top, bottom) = open_edges(vs, &ys);
    if let Some(t) = top {
        ys.insert(0, t);
    }
    if let Some(b) = bottom {
        ys.push(b);
    }
    let (nc, nr) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if nc == 0 || nr == 0 {
        return None;
    }
    // A column edge inside the grid exists where a vertical ruling (or the
    // grid's outer edge) covers the row; a row edge likewise.
    let v_edge = |k: usize, i: usize| k == 0 || k == nc || covered(vs, xs[k], ys[i], ys[i + 1]);
    let h_edge = |k: usize, j: usize| k == 0 || k == nr || covered(hs, ys[k], xs[j], xs[j + 1]);
    let mut taken = vec![vec![false; nc]; nr];
    let mut cells = Vec::new();
    for i in 0..nr {
        for j in 0..nc {
            if taken[i][j] {
                continue;
            }
            let mut colspan = 1;
            while j + colspan < nc && !v_edge(j + colspan, i) && !taken[i][j + colspan] {
                colspan += 1;
            }
            let mut rowspan = 1;
            while i + rowspan < nr && (j..j + colspan).all(|c| !h_edge(i + rowspan, c)) {
                rowspan += 1;
            }
            for row in taken.iter_mut().skip(i).take(rowspan) {
                for t in row.iter_mut().skip(j).take(colspan) {
                    *t = true;
                }
            }
            cells.push(GridCell {
                row: i,
                col: j,
                rowspan,
                colspan,
                bbox: BBox {
                    x0: xs[j],
                    y0: ys[i],
                    x1: xs[j + colspan],
                    y1: ys[i + rowspan],
                },
            });
        }
    }
    if cells.len() < 2 {
        return None;
    }
    Some(Grid {
        xs,
        ys,
        cells,
        open_bottom: bottom.is_some(),
    })
}

/// A cell's text: its paragraphs, told apart as in running text, separated
/// by a blank line, lines within one by a line break.
///
/// The cell's text is set to its inner width: the cell less, on the
/// right, the padding its text keeps on the left.
fn cell_text(lines: &[super::lines::Line], page: u32, cell: &BBox) -> String {
    // Justified text in a narrow cell stretches spaces past the gap that
    // splits a line into segments; in one cell they are one line again.
    let mut lines = lines.to_vec();
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let lines = super::order::merge_same_baseline(lines);
    let left = lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
    let padding = (left - cell.x0).max(0.0);
    group_blocks_to(&lines, page, 0.0, cell.x1 - padding)
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Most words in a cell read as one label ("Recommendation 12",
/// "CSCP Context / Actions already taken / CSCP Action").
const LABEL_WORDS: usize = 12;

/// Whether a cell's text is a single short paragraph: a label.
fn is_label(text: &str) -> bool {
    !text.contains("\n\n") && text.split_whitespace().count() <= LABEL_WORDS
}

/// A label wrapped over several lines as one line: lines joined by a
/// space, a word hyphenated at a line end ("Im-" / "pact") rejoined.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let lower_next = line.chars().next().is_some_and(char::is_lowercase);
        if out.ends_with('-') && lower_next && !out.ends_with(" -") {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// A table still open at the end of a page, which the next page may continue.
#[derive(Debug, Clone)]
struct Open {
    index: u32,
    xs: Vec<f32>,
    next_row: u32,
    page: u32,
    first_row: Vec<String>,
    /// The page's last row was cut by the page break.
    open_bottom: bool,
    /// The cells of the page's last row: column, text, bold.
    last_row: Vec<(usize, String, bool)>,
}

/// Whether a paragraph's text ends where a paragraph may end.
pub(super) fn finished(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', ')'])
}

/// Whether the first body row of a continued table (`next`: column, text)
/// goes on with the last row of the page before, when the break left
/// both closed by rulings (LibreOffice rules each part of a cut row): some
/// cell opens in lower case (a sentence cut by the break; the other cells
/// may have broken between paragraphs), or each cell goes on with a cell
/// above of running prose (no bold label, no name or date of a few words)
/// that stopped mid-sentence.
fn row_goes_on(prev: &[(usize, String, bool)], next: &[(usize, &str)]) -> bool {
    const PROSE_WORDS: usize = 8;
    let cells: Vec<(usize, &str)> = next
        .iter()
        .map(|(c, t)| (*c, t.trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if cells
        .iter()
        .any(|(_, t)| t.chars().next().is_some_and(char::is_lowercase))
    {
        return true;
    }
    let goes_on = |col: usize| {
        prev.iter()
            .find(|(c, _, _)| *c == col)
            .is_some_and(|(_, t, bold)| {
                !bold && t.split_whitespace().count() >= PROSE_WORDS && !finished(t)
            })
    };
    !cells.is_empty() && cells.iter().all(|(col, _)| goes_on(*col))
}

/// Numbers tables across a document and turns grids into cell blocks.
#[derive(Debug, Default)]
pub struct TableSet {
    next_index: u32,
    open: Option<Open>,
    repeated: std::collections::HashSet<u32>,
}

fn same_columns(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= SNAP)
}

/// A cell's text, whether all of it is bold, and its largest font size.
type CellText = (String, bool, f32);

/// A page's grids with the text of each cell.
#[derive(Debug, Clone, Default)]
pub struct PageCells {
    page: u32,
    grids: Vec<(Grid, Vec<CellText>)>,
}

impl PageCells {
    /// The top of the page's first table.
    pub fn top(&self) -> Option<f32> {
        self.grids.first().and_then(|(g, _)| g.ys.first().copied())
    }

    /// The bottom of the page's last table.
    pub fn bottom(&self) -> Option<f32> {
        self.grids.last().and_then(|(g, _)| g.ys.last().copied())
    }
}

/// Splits a page's glyphs into those outside tables and the text of each
/// table cell.
pub fn cut_page(page: &Page, grids: Vec<Grid>) -> (Vec<Glyph>, PageCells) {
    let mut free = Vec::new();
    let mut buckets: Vec<Vec<Vec<Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    for glyph in &page.glyphs {
        let cx = glyph.x + glyph.width / 2.0;
        let cy = glyph.y - glyph.size * 0.3;
        let hit = grids
            .iter()
            .enumerate()
            .find_map(|(gi, g)| g.cell_at(cx, cy).map(|ci| (gi, ci)));
        match hit {
            Some((gi, ci)) => buckets[gi][ci].push(glyph.clone()),
            None => free.push(glyph.clone()),
        }
    }
    let grids = grids
        .into_iter()
        .zip(buckets)
        .map(|(grid, bucket)| {
            let texts = bucket
                .iter()
                .zip(&grid.cells)
                .map(|(glyphs, cell)| {
                    let lines = build_lines(glyphs);
                    let text = cell_text(&lines, page.number, &cell.bbox);
                    let bold = !lines.is_empty() && lines.iter().all(|l| l.bold);
                    let size = lines.iter().map(|l| l.size).fold(0.0, f32::max);
                    (text, bold, size)
                })
                .collect();
            (grid, texts)
        })
        .collect();
    (
        free,
        PageCells {
            page: page.number,
            grids,
        },
    )
}

impl TableSet {
    /// Numbers a page's tables and turns their cells into blocks (in
    /// row-major order, one table after another). The page's first table
    /// continues the last one of the page before when its columns match
    /// and `interrupted` is false: no text (running headers and footers
    /// aside) lies between them.
    pub fn number(&mut self, cells: PageCells, interrupted: bool) -> Vec<Block> {
        let page_number = cells.page;
        let mut blocks = Vec::new();
        for (gi, (grid, texts)) in cells.grids.into_iter().enumerate() {
            let grid = &grid;
            let first_row: Vec<String> = grid
                .cells
                .iter()
                .zip(&texts)
                .filter(|(c, _)| c.row == 0)
                .map(|(_, t)| t.0.clone())
                .collect();
            let continues = self.open.as_ref().filter(|o| {
                gi == 0
                    && !interrupted
                    && o.page + 1 == page_number
                    && same_columns(&o.xs, &grid.xs)
            });
            let (index, offset, repeated, joins) = match continues {
                Some(o) => {
                    let repeated = o.first_row == first_row;
                    let body = usize::from(repeated);
                    let next: Vec<(usize, &str)> = grid
                        .cells
                        .iter()
                        .zip(&texts)
                        .filter(|(c, _)| c.row == body)
                        .map(|(c, t)| (c.col, t.0.as_str()))
                        .collect();
                    let joins =
                        o.next_row > 0 && (o.open_bottom || row_goes_on(&o.last_row, &next));
                    (o.index, o.next_row, repeated, joins)
                }
                None => {
                    let index = self.next_index;
                    self.next_index += 1;
                    (index, 0, false, false)
                }
            };
            // A header row repeated on this page is dropped; the row cut by
            // the last page break goes on in this page's first body row.
            let skip = u32::from(repeated);
            let row_of = |r: usize| (r as u32 + offset).saturating_sub(skip + u32::from(joins));
            if repeated {
                self.repeated.insert(index);
            }
            let bold_first = grid
                .cells
                .iter()
                .zip(&texts)
                .filter(|(c, t)| c.row == 0 && !t.0.is_empty())
                .all(|(_, t)| t.1);
            let header_row0 = repeated || (offset == 0 && bold_first);
            let nrows = grid.ys.len().saturating_sub(1) as u32;
            let last_row: Vec<(usize, String, bool)> = grid
                .cells
                .iter()
                .zip(&texts)
                .filter(|(c, _)| c.row + c.rowspan == nrows as usize)
                .map(|(c, t)| (c.col, t.0.clone(), t.1))
                .collect();
            for (cell, (text, bold, size)) in grid.cells.iter().zip(texts) {
                if text.is_empty() || (repeated && cell.row == 0) {
                    continue;
                }
                let header = cell.row == 0 && header_row0;
                // A header cell, or a bold cell of a few words beside its
                // text, holds one label however narrow its column.
                let text = if header || (bold && is_label(&text)) {
                    one_line(&text)
                } else {
                    text
                };
                blocks.push(Block {
                    text,
                    page: Some(page_number),
                    bbox: Some(cell.bbox),
                    font_size: size,
                    bold,
                    role: Role::Cell {
                        table: index,
                        row: row_of(cell.row),
                        col: cell.col as u32,
                        rowspan: cell.rowspan as u32,
                        header,
                    },
                    links: Vec::new(),
                });
            }
            let first = match (&self.open, continues.is_some()) {
                (Some(o), true) => o.first_row.clone(),
                _ => first_row,
            };
            self.open = Some(Open {
                index,
                xs: grid.xs.clone(),
                next_row: row_of(nrows as usize),
                page: page_number,
                first_row: first,
                open_bottom: grid.open_bottom,
                last_row,
            });
        }
        blocks
    }

    /// A header row repeated on later pages marks the first one a header too.
    pub fn mark_repeated_headers(&self, blocks: &mut [Block]) {
        for b in blocks {
            if let Role::Cell {
                table,
                row: 0,
                header,
                ..
            } = &mut b.role
                && self.repeated.contains(table)
            {
                *header = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Dir;

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y - 0.25,
            x1,
            y1: y + 0.25,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x - 0.25,
            y0,
            x1: x + 0.25,
            y1,
        }
    }

    /// A 3-row, 2-column grid whose first column's rows 1 and 2 are merged.
    fn merged_grid() -> Vec<Rule> {
        vec![
            h(100.0, 50.0, 250.0),
            h(120.0, 50.0, 250.0),
            h(140.0, 150.0, 250.0),
            h(160.0, 50.0, 250.0),
            v(50.0, 100.0, 160.0),
            v(150.0, 100.0, 160.0),
            v(250.0, 100.0, 160.0),
        ]
    }

    #[test]
    fn grid_with_rowspan() {
        let grids = find_grids(&merged_grid());
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.xs.len(), 3);
        assert_eq!(g.ys.len(), 4);
        let spans: Vec<(usize, usize, usize)> =
            g.cells.iter().map(|c| (c.row, c.col, c.rowspan)).collect();
        assert_eq!(
            spans,
            [(0, 0, 1), (0, 1, 1), (1, 0, 2), (1, 1, 1), (2, 1, 1)]
        );
    }

    #[test]
    fn tables_stacked_without_a_gap_are_two() {
        // Two columns split at x=150 on top; three split at 120 and 200
        // under it; the outer sides run through both.
        let rules = vec![
            h(100.0, 50.0, 250.0),
            h(140.0, 50.0, 250.0),
            h(180.0, 50.0, 250.0),
            h(220.0, 50.0, 250.0),
            v(50.0, 100.0, 220.0),
            v(250.0, 100.0, 220.0),
            v(150.0, 100.0, 140.0),
            v(120.0, 140.0, 220.0),
            v(200.0, 140.0, 220.0),
        ];
        let grids = find_grids(&rules);
        assert_eq!(grids.len(), 2, "{grids:?}");
        assert_eq!(grids[0].xs.len(), 3);
        assert_eq!(grids[0].cells.len(), 2);
        assert_eq!(grids[1].xs.len(), 4);
        assert_eq!(grids[1].cells.len(), 6);
    }

    #[test]
    fn stacked_tables_sharing_a_column_side_are_two() {
        // Label | text rows on top; five columns under them, the first
        // side shared.
        let mut rules = vec![v(50.0, 100.0, 260.0), v(250.0, 100.0, 260.0)];
        rules.extend(
            [
                100.0, 120.0, 140.0, 160.0, 180.0, 200.0, 220.0, 240.0, 260.0,
            ]
            .map(|y| h(y, 50.0, 250.0)),
        );
        rules.push(v(100.0, 100.0, 260.0));
        rules.extend([140.0, 180.0, 220.0].map(|x| v(x, 160.0, 260.0)));
        let grids = find_grids(&rules);
        assert_eq!(grids.len(), 2, "{grids:?}");
        assert_eq!(grids[0].cells.len(), 6);
        assert_eq!(grids[1].cells.len(), 25);
    }

    #[test]
    fn grouped_header_stays_in_its_table() {
        // "Actions" over two sub-columns: one header row of two columns
        // over rows of three.
        let mut rules = vec![
            v(50.0, 100.0, 200.0),
            v(250.0, 100.0, 200.0),
            v(120.0, 100.0, 200.0),
        ];
        rules.extend([100.0, 120.0, 140.0, 160.0, 180.0, 200.0].map(|y| h(y, 50.0, 250.0)));
        rules.push(v(185.0, 120.0, 200.0));
        let grids = find_grids(&rules);
        assert_eq!(grids.len(), 1);
    }

    #[test]
    fn a_row_spanning_columns_stays_in_its_table() {
        // A title row across both columns above a two-column body.
        let rules = vec![
            h(100.0, 50.0, 250.0),
            h(120.0, 50.0, 250.0),
            h(140.0, 50.0, 250.0),
            v(50.0, 100.0, 140.0),
            v(250.0, 100.0, 140.0),
            v(150.0, 120.0, 140.0),
        ];
        let grids = find_grids(&rules);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].cells.len(), 3);
    }

    #[test]
    fn closed_row_goes_on_only_mid_sentence() {
        let prev = vec![
            (0, "How will we know".to_string(), true),
            (
                1,
                "Quarterly reports will show that information is shared at the point of".into(),
                false,
            ),
        ];
        assert!(row_goes_on(&prev, &[(0, ""), (1, "need.")]));
        // A new label row is a new row, though the label above has no stop.
        assert!(!row_goes_on(
            &prev,
            &[(0, "Finding R4"), (1, "Workers were")]
        ));
        // Short cells (names, dates) have no stop to miss.
        let short = vec![(0, "Police".to_string(), false), (1, "Audit".into(), false)];
        assert!(!row_goes_on(&short, &[(0, "Police"), (1, "Train")]));
        assert!(!row_goes_on(&prev, &[(0, ""), (1, "")]));
        // One column cut mid-sentence, the others between paragraphs.
        assert!(row_goes_on(
            &prev,
            &[(0, "Finding C4"), (1, "the point of need.")]
        ));
    }

    #[test]
    fn interrupted_table_is_not_continued() {
        let rules = merged_grid();
        let mut set = TableSet::default();
        let mut tables = Vec::new();
        for (number, interrupted) in [(1, false), (2, true), (3, false)] {
            let glyphs = text_at("Police", 55.0, 135.0, false);
            let page = Page {
                number,
                width: 600.0,
                height: 800.0,
                glyphs,
                rules: rules.clone(),
            };
            let (_, cells) = cut_page(&page, find_grids(&rules));
            tables.extend(
                set.number(cells, interrupted)
                    .iter()
                    .map(|b| b.table_index()),
            );
        }
        // Page 2 has a heading above its table: a new table, which page 3
        // continues.
        assert_eq!(tables, [Some(0), Some(1), Some(1)]);
    }

    #[test]
    fn pieces_of_one_border_join() {
        let rules = vec![
            h(100.0, 50.0, 150.0),
            h(100.0, 150.0, 250.0),
            h(120.0, 50.0, 250.0),
            v(50.0, 100.0, 120.0),
            v(150.0, 100.0, 120.0),
            v(250.0, 100.0, 120.0),
        ];
        assert_eq!(find_grids(&rules)[0].cells.len(), 2);
    }

    #[test]
    fn a_lone_box_or_lines_are_no_table() {
        let boxed = vec![
            h(100.0, 50.0, 250.0),
            h(120.0, 50.0, 250.0),
            v(50.0, 100.0, 120.0),
            v(250.0, 100.0, 120.0),
        ];
        assert!(find_grids(&boxed).is_empty());
        assert!(find_grids(&[h(100.0, 0.0, 500.0), h(300.0, 0.0, 500.0)]).is_empty());
    }

    fn text_at(s: &str, x: f32, y: f32, bold: bool) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x + 5.0 * i as f32,
                y,
                width: 5.0,
                size: 10.0,
                bold,
                dir: Dir::Right,
            })
            .collect()
    }

    #[test]
    fn table_continues_across_pages_with_repeated_header() {
        let rules = merged_grid();
        let grids = find_grids(&rules);
        let mut set = TableSet::default();
        let mut blocks = Vec::new();
        for number in 1..=2 {
            let mut glyphs = text_at("Agency", 55.0, 115.0, false);
            glyphs.extend(text_at("Action", 155.0, 115.0, false));
            glyphs.extend(text_at("Police", 55.0, 135.0, false));
            glyphs.extend(text_at("Train", 155.0, 135.0, false));
            glyphs.extend(text_at("Audit", 155.0, 155.0, false));
            glyphs.extend(text_at("Outside", 55.0, 300.0, false));
            let page = Page {
                number,
                width: 600.0,
                height: 800.0,
                glyphs,
                rules: rules.clone(),
            };
            let (free, cells) = cut_page(&page, grids.clone());
            let cells = set.number(cells, false);
            assert_eq!(free.len(), "Outside".len());
            blocks.extend(cells);
        }
        set.mark_repeated_headers(&mut blocks);
        let roles: Vec<(u32, u32, u32, u32, bool)> = blocks
            .iter()
            .map(|b| match b.role {
                Role::Cell {
                    table,
                    row,
                    col,
                    rowspan,
                    header,
                } => (table, row, col, rowspan, header),
                _ => panic!("not a cell"),
            })
            .collect();
        // The header repeated on page 2 is dropped; its body rows follow
        // page 1's.
        assert_eq!(roles.len(), 8);
        assert_eq!(roles[0], (0, 0, 0, 1, true));
        assert_eq!(roles[2], (0, 1, 0, 2, false));
        assert_eq!(roles[5], (0, 3, 0, 2, false));
        assert_eq!(blocks[2].text, "Police");
        assert_eq!(blocks[5].text, "Police");
    }

    #[test]
    fn row_cut_by_a_page_break_is_one_row() {
        // Page 1: a header row, then a body row whose sides run to the
        // foot of the page with no ruling under it.
        let first = vec![
            h(100.0, 50.0, 250.0),
            h(120.0, 50.0, 250.0),
            v(50.0, 100.0, 700.0),
            v(150.0, 100.0, 700.0),
            v(250.0, 100.0, 700.0),
        ];
        // Page 2: the rest of that row, open at the top, then one more row.
        let second = vec![
            h(90.0, 50.0, 250.0),
            h(130.0, 50.0, 250.0),
            v(50.0, 40.0, 130.0),
            v(150.0, 40.0, 130.0),
            v(250.0, 40.0, 130.0),
        ];
        let grids = find_grids(&first);
        assert_eq!(grids.len(), 1);
        assert!(grids[0].open_bottom);
        assert_eq!(grids[0].ys.len(), 3, "{:?}", grids[0].ys);
        let mut set = TableSet::default();
        let mut glyphs = text_at("Learning", 55.0, 115.0, true);
        glyphs.extend(text_at("Actions", 155.0, 115.0, true));
        glyphs.extend(text_at("Share", 55.0, 600.0, false));
        glyphs.extend(text_at("Train", 155.0, 600.0, false));
        let page = |number, glyphs, rules: &Vec<Rule>| Page {
            number,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: rules.clone(),
        };
        let (free, cells) = cut_page(&page(1, glyphs, &first), grids);
        let mut blocks = set.number(cells, false);
        assert!(free.is_empty(), "body text left outside the table");
        let mut glyphs = text_at("widely", 55.0, 60.0, false);
        glyphs.extend(text_at("staff", 155.0, 60.0, false));
        glyphs.extend(text_at("Audit", 155.0, 110.0, false));
        let grids = find_grids(&second);
        assert!(!grids[0].open_bottom);
        let (_, cells) = cut_page(&page(2, glyphs, &second), grids);
        let more = set.number(cells, false);
        blocks.extend(more);
        let rows: Vec<(&str, u32)> = blocks
            .iter()
            .map(|b| match b.role {
                Role::Cell { row, .. } => (b.text.as_str(), row),
                _ => panic!("not a cell"),
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Learning", 0),
                ("Actions", 0),
                ("Share", 1),
                ("Train", 1),
                ("widely", 1),
                ("staff", 1),
                ("Audit", 2)
            ]
        );
    }

    #[test]
    fn wrapped_header_label_is_one_line() {
        assert_eq!(
            one_line("CSCP Context / Actions already\ntaken / CSCP Action"),
            "CSCP Context / Actions already taken / CSCP Action"
        );
        assert_eq!(
            one_line("Expected Im-\npact and how it\nwill be tested"),
            "Expected Impact and how it will be tested"
        );
        assert_eq!(
            one_line("Subgroup(s) or\n\nsingle agency"),
            "Subgroup(s) or single agency"
        );
    }

    #[test]
    fn cell_paragraphs_are_kept_apart() {
        let mut glyphs = text_at("First paragraph of the cell,", 55.0, 140.0, false);
        glyphs.extend(text_at("on two lines.", 55.0, 152.0, false));
        glyphs.extend(text_at("Second one, set apart.", 55.0, 170.0, false));
        let lines = build_lines(&glyphs);
        let cell = BBox {
            x0: 50.0,
            y0: 120.0,
            x1: 210.0,
            y1: 200.0,
        };
        assert_eq!(
            cell_text(&lines, 1, &cell),
            "First paragraph of the cell,\non two lines.\n\nSecond one, set apart."
        );
    }

    #[test]
    fn names_on_lines_of_their_own_in_a_cell_are_apart() {
        // A narrow cell as wide as "Police Public": "Quality" would have
        // fitted after "Unit", so the owner ended there.
        let mut glyphs = Vec::new();
        for (i, line) in [
            "Police Public",
            "Protection",
            "Unit",
            "Quality",
            "Assurance",
            "Subgroup",
        ]
        .iter()
        .enumerate()
        {
            glyphs.extend(text_at(line, 55.0, 140.0 + 12.0 * i as f32, false));
        }
        let lines = build_lines(&glyphs);
        let cell = BBox {
            x0: 50.0,
            y0: 120.0,
            x1: 125.0,
            y1: 220.0,
        };
        assert_eq!(
            cell_text(&lines, 1, &cell),
            "Police Public\nProtection\nUnit\n\nQuality\nAssurance\nSubgroup"
        );
    }

    #[test]
    fn one_line_paragraphs_in_a_cell_are_told_apart_by_its_width() {
        // No space between them, none fills the cell: each ends a
        // sentence with room for the next one's first word.
        let mut glyphs = text_at("Audits show plans are reviewed.", 55.0, 140.0, false);
        glyphs.extend(text_at(
            "Surveys will show that staff are heard.",
            55.0,
            152.0,
            false,
        ));
        glyphs.extend(text_at(
            "Records will show that all the risks are",
            55.0,
            164.0,
            false,
        ));
        glyphs.extend(text_at("escalated.", 55.0, 176.0, false));
        let lines = build_lines(&glyphs);
        let cell = BBox {
            x0: 50.0,
            y0: 120.0,
            x1: 305.0,
            y1: 200.0,
        };
        assert_eq!(
            cell_text(&lines, 1, &cell),
            "Audits show plans are reviewed.\n\nSurveys will show that staff are heard.\n\nRecords will show that all the risks are\nescalated."
        );
    }
}
