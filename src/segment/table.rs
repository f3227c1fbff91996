//! Tables: grouping cells, recognising the dissemination table and reading
//! its rows, and reading other tables column by column.

use std::collections::BTreeMap;

use super::text::{ends_sentence, join_lines};
use crate::layout::{Block, Role};
use crate::model::DisseminationRow;

/// One cell with its grid position.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    /// The block.
    pub block: &'a Block,
    /// Row.
    pub row: u32,
    /// Column.
    pub col: u32,
    /// Rows covered.
    pub rowspan: u32,
    /// Header cell.
    pub header: bool,
}

/// The cells of each table, keyed by table index, in row-major order.
pub fn tables(blocks: &[Block]) -> BTreeMap<u32, Vec<Cell<'_>>> {
    let mut out: BTreeMap<u32, Vec<Cell<'_>>> = BTreeMap::new();
    for block in blocks {
        if let Role::Cell {
            table,
            row,
            col,
            rowspan,
            header,
        } = block.role
        {
            out.entry(table).or_default().push(Cell {
                block,
                row,
                col,
                rowspan: rowspan.max(1),
                header,
            });
        }
    }
    for cells in out.values_mut() {
        cells.sort_by_key(|c| (c.row, c.col));
    }
    out
}

/// Which field of a dissemination row a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// "Dissemination of the Learning".
    Learning,
    /// "Specific Actions".
    Actions,
    /// "Subgroup(s) or single agency", "Owner", "Lead".
    Owners,
    /// "Deadline", "Timescale".
    Deadline,
    /// "Expected Impact and how it will be tested".
    Impact,
}

/// The field a header cell names, if any.
pub fn field_of_header(text: &str) -> Option<Field> {
    let l = text.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|k| l.contains(k));
    if has(&["impact", "outcome", "tested", "evidence", "measure"]) {
        Some(Field::Impact)
    } else if has(&["deadline", "timescale", "date", "by when", "when"]) {
        Some(Field::Deadline)
    } else if has(&[
        "subgroup",
        "sub-group",
        "agency",
        "owner",
        "lead",
        "responsib",
        "who",
    ]) {
        Some(Field::Owners)
    } else if has(&["action"]) {
        Some(Field::Actions)
    } else if has(&["learning", "dissemination", "lesson"]) {
        Some(Field::Learning)
    } else {
        None
    }
}

/// The header row of a table: the cells of its first row.
fn header_cells<'a>(cells: &[Cell<'a>]) -> Vec<Cell<'a>> {
    let first = cells.iter().map(|c| c.row).min().unwrap_or(0);
    cells.iter().filter(|c| c.row == first).copied().collect()
}

/// Column → field for a dissemination table, or `None` when the table is
/// something else. Needs the learning column plus two of the others.
pub fn dissemination_columns(cells: &[Cell<'_>]) -> Option<BTreeMap<u32, Field>> {
    let mut map = BTreeMap::new();
    for c in header_cells(cells) {
        if let Some(f) = field_of_header(&c.block.text)
            && !map.values().any(|v| *v == f)
        {
            map.insert(c.col, f);
        }
    }
    let has_learning = map.values().any(|f| *f == Field::Learning);
    (has_learning && map.len() >= 3).then_some(map)
}

/// Paragraphs of a cell: blank lines separate them; wrapped lines join.
pub fn cell_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| join_lines(&p.lines().collect::<Vec<_>>()))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether `row` only repeats the header (tables broken across pages
/// repeat it on each page).
fn is_header_row(row: &[Cell<'_>], header: &[String]) -> bool {
    row.iter().all(|c| c.header)
        || (!row.is_empty()
            && row.iter().all(|c| {
                let t = join_lines(&c.block.text.lines().collect::<Vec<_>>());
                t.is_empty() || header.contains(&t)
            }))
}

/// Whether `next` continues `prev` across a page break: every non-empty
/// cell of `next` starts in lower case or follows an unfinished cell.
fn continues(prev: &[Cell<'_>], next: &[Cell<'_>]) -> bool {
    let new_page = match (prev.first(), next.first()) {
        (Some(p), Some(n)) => n.block.page > p.block.page,
        _ => false,
    };
    if !new_page {
        return false;
    }
    let mut any = false;
    for cell in next {
        let text = cell.block.text.trim();
        if text.is_empty() {
            continue;
        }
        any = true;
        let lower = text.chars().next().is_some_and(|c| c.is_lowercase());
        let unfinished = prev
            .iter()
            .find(|p| p.col == cell.col)
            .is_some_and(|p| !p.block.text.trim().is_empty() && !ends_sentence(&p.block.text));
        if !(lower || unfinished) {
            return false;
        }
    }
    any
}

/// Rows of a dissemination table, header rows dropped, rows split by a
/// page break joined again.
pub fn dissemination_rows(
    cells: &[Cell<'_>],
    columns: &BTreeMap<u32, Field>,
) -> Vec<DisseminationRow> {
    let header: Vec<String> = header_cells(cells)
        .iter()
        .map(|c| join_lines(&c.block.text.lines().collect::<Vec<_>>()))
        .collect();
    let mut rows: Vec<Vec<Cell<'_>>> = Vec::new();
    let mut by_row: BTreeMap<u32, Vec<Cell<'_>>> = BTreeMap::new();
    for c in cells {
        by_row.entry(c.row).or_default().push(*c);
    }
    for (_, row) in by_row {
        if is_header_row(&row, &header) {
            continue;
        }
        match rows.last_mut() {
            Some(prev) if continues(prev, &row) => {
                for cell in row {
                    if cell.block.text.trim().is_empty() {
                        continue;
                    }
                    prev.push(cell);
                }
            }
            _ => rows.push(row),
        }
    }
    rows.iter().map(|r| row_of(r, columns)).collect()
}

fn row_of(cells: &[Cell<'_>], columns: &BTreeMap<u32, Field>) -> DisseminationRow {
    let mut row = DisseminationRow::default();
    // Cells of one column in this row (several when a page break split it).
    let mut texts: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for c in cells {
        texts.entry(c.col).or_default().push(&c.block.text);
    }
    for (col, parts) in texts {
        let Some(field) = columns.get(&col) else {
            continue;
        };
        let paragraphs = joined_paragraphs(&parts);
        match field {
            Field::Learning => {
                row.learning = (!paragraphs.is_empty()).then(|| paragraphs.join(" "))
            }
            Field::Actions => row.actions = paragraphs,
            Field::Owners => row.owners = paragraphs,
            Field::Deadline => {
                row.deadline = (!paragraphs.is_empty()).then(|| paragraphs.join(" "))
            }
            Field::Impact => row.impact = paragraphs,
        }
    }
    row
}

/// Paragraphs of cell parts where the first paragraph of a later part
/// continues the last of the earlier one (a cell split by a page break).
fn joined_paragraphs(parts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let mut ps = cell_paragraphs(part).into_iter();
        if i > 0
            && let (Some(last), Some(first)) = (out.last_mut(), ps.next())
        {
            *last = join_lines(&[last.as_str(), first.as_str()]);
        }
        out.extend(ps);
    }
    out
}

/// Blocks of a non-data table in column-major order, so that a theme laid
/// out as side-by-side columns (Finding | Lessons | Recommendations | …)
/// reads like running text.
///
/// A table whose first column is a run of short labels beside their text
/// (Finding G1 | …, Lesson G1.1 | …) is read row by row instead: there
/// each label belongs to the cell beside it.
pub fn column_major<'a>(cells: &[Cell<'a>]) -> Vec<&'a Block> {
    let mut sorted = cells.to_vec();
    if labelled_rows(cells) {
        sorted.sort_by_key(|c| (c.row, c.col));
    } else {
        sorted.sort_by_key(|c| (c.col, c.row));
    }
    sorted.into_iter().map(|c| c.block).collect()
}

/// Most words a row label holds ("Recommendation 12", "How will we know",
/// "CSCP Context / Actions already taken / CSCP Action").
const LABEL_WORDS: usize = 12;

/// Whether a table is two columns of label | text over several rows.
fn labelled_rows(cells: &[Cell<'_>]) -> bool {
    let cols = cells.iter().map(|c| c.col).max().map_or(0, |m| m + 1);
    let rows: std::collections::BTreeSet<u32> = cells.iter().map(|c| c.row).collect();
    cols == 2
        && rows.len() >= 2
        && cells.iter().filter(|c| c.col == 0).all(|c| {
            let t = c.block.text.trim();
            !t.contains("\n\n") && t.split_whitespace().count() <= LABEL_WORDS
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, row: u32, col: u32, rowspan: u32, page: u32) -> Block {
        let mut b = Block::paragraph(text).with_role(Role::Cell {
            table: 0,
            row,
            col,
            rowspan,
            header: false,
        });
        b.page = Some(page);
        b
    }

    fn header(row: u32, page: u32) -> Vec<Block> {
        [
            "Dissemination of the Learning",
            "Specific Actions",
            "Subgroup(s) or single agency",
            "Deadline",
            "Expected Impact and how it will be tested",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| cell(t, row, i as u32, 1, page))
        .collect()
    }

    #[test]
    fn merged_first_cell_gives_null_learning_and_repeated_header_is_dropped() {
        let mut blocks = header(0, 1);
        blocks.push(cell("Share the lessons", 1, 0, 2, 1));
        blocks.push(cell("Review training.\n\nUpdate policies.", 1, 1, 1, 1));
        blocks.push(cell("Learning Subgroup", 1, 2, 1, 1));
        blocks.push(cell("Update the website.", 2, 1, 1, 1));
        blocks.extend(header(3, 2));
        blocks.push(cell("Run a conference", 4, 1, 1, 2));
        let t = tables(&blocks);
        let cells = &t[&0];
        let cols = dissemination_columns(cells).expect("dissemination table");
        let rows = dissemination_rows(cells, &cols);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].learning.as_deref(), Some("Share the lessons"));
        assert_eq!(rows[0].actions, ["Review training.", "Update policies."]);
        assert_eq!(rows[0].owners, ["Learning Subgroup"]);
        assert_eq!(rows[1].learning, None);
        assert_eq!(rows[2].actions, ["Run a conference"]);
    }

    #[test]
    fn cell_split_by_page_break_is_one_cell() {
        let mut blocks = header(0, 1);
        blocks.push(cell("Share the lessons", 1, 0, 1, 1));
        blocks.push(cell("Training materials will be", 1, 1, 1, 1));
        blocks.extend(header(2, 2));
        blocks.push(cell("reviewed by the group.", 3, 1, 1, 2));
        let t = tables(&blocks);
        let cols = dissemination_columns(&t[&0]).unwrap();
        let rows = dissemination_rows(&t[&0], &cols);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].actions,
            ["Training materials will be reviewed by the group."]
        );
    }

    #[test]
    fn label_beside_text_is_read_row_by_row() {
        let blocks = vec![
            cell("Finding K1", 0, 0, 1, 1),
            cell("Agencies did not share what they knew.", 0, 1, 1, 1),
            cell("Lesson K1.1", 1, 0, 1, 1),
            cell("History needs to be analysed.", 1, 1, 1, 1),
        ];
        let t = tables(&blocks);
        let order: Vec<&str> = column_major(&t[&0])
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(order[0], "Finding K1");
        assert_eq!(order[1], "Agencies did not share what they knew.");
        assert_eq!(order[2], "Lesson K1.1");
    }

    #[test]
    fn side_by_side_theme_columns_are_read_column_by_column() {
        let long = "Neither parent had a positive childhood and agencies did not assess what \
                    risk these experiences posed to the child at any point.";
        let blocks = vec![
            cell("Finding", 0, 0, 1, 1),
            cell("Lessons", 0, 1, 1, 1),
            cell(long, 1, 0, 1, 1),
            cell("History needs to be analysed.", 1, 1, 1, 1),
        ];
        let t = tables(&blocks);
        let order: Vec<&str> = column_major(&t[&0])
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            order,
            ["Finding", long, "Lessons", "History needs to be analysed."]
        );
    }

    #[test]
    fn other_tables_are_not_dissemination() {
        let blocks = vec![cell("Finding", 0, 0, 1, 1), cell("Lessons", 0, 1, 1, 1)];
        assert!(dissemination_columns(&tables(&blocks)[&0]).is_none());
    }
}
