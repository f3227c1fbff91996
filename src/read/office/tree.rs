//! What both front ends build: paragraphs and tables as the document
//! nests them, turned into blocks once a table is whole (a cell merged
//! from above is only known when the rows below it are read).

use crate::block::RUN_IN_MAX;
use crate::layout::{Block, Link, Role};

/// What a paragraph is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Running text.
    Paragraph,
    /// A heading, level 1..=6.
    Heading(u8),
    /// A list item: nesting level, the ordinal when the list counts, and
    /// the marker as printed ("3.", "•") for text that keeps it (cells).
    Item {
        level: u8,
        number: Option<u32>,
        marker: String,
    },
}

/// One paragraph as it is read: text with the weight and size of each
/// character counted, and its links.
#[derive(Debug)]
pub(crate) struct Para {
    pub kind: Kind,
    text: String,
    chars: usize,
    bold_chars: usize,
    sizes: Vec<(f32, usize)>,
    links: Vec<Link>,
    open_link: Option<(String, usize)>,
    /// The paragraph opened in bold and no plain word has followed yet.
    bold_lead: bool,
}

impl Para {
    pub fn new(kind: Kind) -> Self {
        Para {
            kind,
            text: String::new(),
            chars: 0,
            bold_chars: 0,
            sizes: Vec::new(),
            links: Vec::new(),
            open_link: None,
            bold_lead: false,
        }
    }

    /// Appends a run of text. A short bold lead followed by plain words
    /// ("**Learning** agencies should…") is a run-in label: it gets a line
    /// of its own, as the HTML reader gives it.
    pub fn push(&mut self, s: &str, bold: bool, size: f32) {
        let mut rest = s;
        if let Some((at, _)) = s.char_indices().find(|(_, c)| !c.is_whitespace()) {
            if self.chars == 0 {
                self.bold_lead = bold;
            } else if self.bold_lead && !bold {
                // Punctuation after the label ("Learning:") stays with it.
                if let Some((word, _)) = s[at..]
                    .char_indices()
                    .find(|(_, c)| c.is_alphanumeric() || matches!(c, '“' | '"' | '‘'))
                {
                    let (label_tail, words) = s.split_at(at + word);
                    self.text.push_str(label_tail);
                    let lead =
                        self.chars + label_tail.chars().filter(|c| !c.is_whitespace()).count();
                    if lead <= RUN_IN_MAX && !self.text.trim_end_matches(' ').ends_with('\n') {
                        self.text.push('\n');
                    }
                    self.bold_lead = false;
                    rest = words;
                }
            }
        }
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        self.text.push_str(rest);
        self.chars += n;
        if bold {
            self.bold_chars += n;
        }
        if size > 0.0 && n > 0 {
            match self.sizes.iter_mut().find(|(s, _)| *s == size) {
                Some((_, c)) => *c += n,
                None => self.sizes.push((size, n)),
            }
        }
    }

    /// Text appended since the paragraph began, as it stands.
    #[cfg(test)]
    pub fn raw_text(&self) -> &str {
        &self.text
    }

    /// A line break inside the paragraph.
    pub fn line_break(&mut self) {
        self.text.push('\n');
    }

    /// Puts `s` before the text (a heading's computed number).
    pub fn prefix(&mut self, s: &str) {
        self.text.insert_str(0, s);
    }

    pub fn start_link(&mut self, href: String) {
        self.end_link();
        self.open_link = Some((href, self.text.len()));
    }

    pub fn end_link(&mut self) {
        if let Some((href, from)) = self.open_link.take() {
            let title = clean(self.text.get(from..).unwrap_or(""));
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            if !title.is_empty() && !href.is_empty() {
                self.links.push(Link { title, href });
            }
        }
    }

    fn bold(&self) -> bool {
        self.chars > 0 && self.bold_chars * 2 > self.chars
    }

    fn size(&self) -> f32 {
        self.sizes
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or(0.0, |(s, _)| *s)
    }

    fn into_block(mut self) -> Option<Block> {
        self.end_link();
        let text = clean(&self.text);
        if text.is_empty() {
            return None;
        }
        let role = match &self.kind {
            Kind::Paragraph => Role::Paragraph,
            Kind::Heading(level) => Role::Heading { level: *level },
            Kind::Item { level, number, .. } => Role::ListItem {
                level: *level,
                number: *number,
            },
        };
        Some(Block {
            font_size: self.size(),
            bold: self.bold(),
            role,
            links: std::mem::take(&mut self.links),
            ..Block::paragraph(text)
        })
    }
}

/// One cell: where it sits on the table's grid and what it holds.
#[derive(Debug, Default)]
pub(crate) struct Cell {
    pub col: u32,
    pub colspan: u32,
    /// Rows covered, when the format says so (ODT); Word marks the cells
    /// below instead ([`Cell::merged_up`]).
    pub rowspan: u32,
    /// The cell continues the one above it (Word's `vMerge`).
    pub merged_up: bool,
    pub content: Vec<Node>,
}

/// One row of a table.
#[derive(Debug, Default)]
pub(crate) struct Row {
    pub header: bool,
    pub cells: Vec<Cell>,
}

/// A table as read.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

/// A table being read, with its current row and cell: both formats
/// close cells and rows the same way.
#[derive(Debug, Default)]
pub(crate) struct OpenTable {
    pub table: Table,
    pub row: Option<Row>,
    /// The grid column the next cell starts at.
    pub next_col: u32,
    pub cell: Option<Cell>,
    /// Inside the rows that repeat as a header (ODT's header rows).
    pub in_header: bool,
}

impl OpenTable {
    /// Closes the open cell into its row; the next starts past its span.
    pub fn end_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            self.next_col = self.next_col.saturating_add(cell.colspan);
            if let Some(r) = &mut self.row {
                r.cells.push(cell);
            }
        }
    }

    /// Closes the open row into the table.
    pub fn end_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.table.rows.push(row);
        }
    }
}

/// A paragraph or a table.
#[derive(Debug)]
pub(crate) enum Node {
    Para(Para),
    Table(Table),
}

/// Collapses spaces on each line, drops soft hyphens and empty lines at
/// the ends; a no-break space is a space, as in the HTML reader.
pub(crate) fn clean(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            l.replace('\u{AD}', "")
                .split(|c: char| c.is_whitespace())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// The blocks of a document's nodes, tables numbered from 0.
pub(crate) fn blocks(nodes: Vec<Node>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut tables = 0u32;
    emit(nodes, &mut out, &mut tables);
    out
}

fn emit(nodes: Vec<Node>, out: &mut Vec<Block>, tables: &mut u32) {
    for node in nodes {
        match node {
            Node::Para(p) => out.extend(p.into_block()),
            Node::Table(t) if is_layout(&t) => {
                for row in t.rows {
                    for cell in row.cells {
                        emit(cell.content, out, tables);
                    }
                }
            }
            Node::Table(t) => {
                data_table(t, *tables, out);
                *tables = tables.saturating_add(1);
            }
        }
    }
}

/// A table used to lay a page out rather than to hold data, walked as a
/// container as the HTML reader walks one: a single column, or headings
/// or other tables inside.
fn is_layout(t: &Table) -> bool {
    let widest = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    widest <= 1
        || t.rows.iter().flat_map(|r| &r.cells).any(|c| {
            c.content.iter().any(|n| match n {
                Node::Table(_) => true,
                Node::Para(p) => matches!(p.kind, Kind::Heading(_)),
            })
        })
}

fn data_table(t: Table, table: u32, out: &mut Vec<Block>) {
    // Rowspans first: a merged cell's origin is the last cell that began
    // in its column.
    let mut spans: Vec<Vec<u32>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.rowspan.max(1)).collect())
        .collect();
    let mut origin: Vec<(u32, usize, usize)> = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        for (k, cell) in row.cells.iter().enumerate() {
            if cell.merged_up {
                if let Some(&(_, or, ok)) = origin.iter().find(|(c, _, _)| *c == cell.col) {
                    spans[or][ok] = spans[or][ok].saturating_add(1);
                }
            } else {
                origin.retain(|(c, _, _)| *c != cell.col);
                origin.push((cell.col, r, k));
            }
        }
    }
    for (r, row) in t.rows.into_iter().enumerate() {
        let header = row.header;
        for (k, cell) in row.cells.into_iter().enumerate() {
            if cell.merged_up {
                continue;
            }
            let mut parts = Vec::new();
            let (mut chars, mut bold_chars) = (0usize, 0usize);
            let mut links = Vec::new();
            let size = dominant_size(&cell.content);
            flatten(
                cell.content,
                &mut parts,
                &mut chars,
                &mut bold_chars,
                &mut links,
            );
            let mut b = Block::paragraph(parts.join("\n\n")).with_role(Role::Cell {
                table,
                row: u32::try_from(r).unwrap_or(u32::MAX),
                col: cell.col,
                rowspan: spans[r][k],
                header,
            });
            b.bold = header || (chars > 0 && bold_chars * 2 > chars);
            b.font_size = size;
            b.links = links;
            out.push(b);
        }
    }
}

/// The size most of a cell's characters are set in.
fn dominant_size(nodes: &[Node]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for n in nodes {
        if let Node::Para(p) = n {
            for &(size, count) in &p.sizes {
                match sizes.iter_mut().find(|(s, _)| *s == size) {
                    Some((_, c)) => *c += count,
                    None => sizes.push((size, count)),
                }
            }
        }
    }
    sizes
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(0.0, |(s, _)| *s)
}

/// A cell's paragraphs as text, list items with their printed markers
/// (a cell is one block, so the role cannot carry them).
fn flatten(
    nodes: Vec<Node>,
    parts: &mut Vec<String>,
    chars: &mut usize,
    bold_chars: &mut usize,
    links: &mut Vec<Link>,
) {
    for node in nodes {
        match node {
            Node::Para(mut p) => {
                p.end_link();
                *chars += p.chars;
                *bold_chars += p.bold_chars;
                links.append(&mut p.links);
                let text = clean(&p.text);
                if text.is_empty() {
                    continue;
                }
                match &p.kind {
                    Kind::Item { level, marker, .. } if !marker.is_empty() => {
                        let indent = "  ".repeat(usize::from(*level));
                        parts.push(format!("{indent}{marker} {text}"));
                    }
                    _ => parts.push(text),
                }
            }
            Node::Table(t) => {
                for row in t.rows {
                    for cell in row.cells {
                        flatten(cell.content, parts, chars, bold_chars, links);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(kind: Kind, text: &str, bold: bool) -> Node {
        let mut p = Para::new(kind);
        p.push(text, bold, 11.0);
        Node::Para(p)
    }

    fn cell(col: u32, text: &str, merged_up: bool) -> Cell {
        Cell {
            col,
            colspan: 1,
            rowspan: 1,
            merged_up,
            content: vec![para(Kind::Paragraph, text, false)],
        }
    }

    #[test]
    fn a_short_bold_lead_is_a_run_in_label() {
        let text = |runs: &[(&str, bool)]| {
            let mut p = Para::new(Kind::Paragraph);
            for (t, b) in runs {
                p.push(t, *b, 0.0);
            }
            clean(p.raw_text())
        };
        assert_eq!(
            text(&[("Learning", true), (" Safer sleep advice", false)]),
            "Learning\nSafer sleep advice"
        );
        assert_eq!(
            text(&[("Learning", true), (": Safer", false)]),
            "Learning:\nSafer"
        );
        assert_eq!(
            text(&[("Learning", true), (":", false), (" Safer", false)]),
            "Learning:\nSafer"
        );
        assert_eq!(
            text(&[("Plain", false), (" bold", true), (" plain", false)]),
            "Plain bold plain"
        );
        let long = "A bold opening sentence much longer than any label would be";
        assert_eq!(
            text(&[(long, true), (" then", false)]),
            format!("{long} then")
        );
    }

    #[test]
    fn text_is_cleaned_like_html() {
        assert_eq!(clean("  a\u{a0} b\t c \n\n d\u{ad}e  "), "a b c\n\nde");
    }

    #[test]
    fn merged_cells_become_rowspans_and_header_rows_are_bold() {
        let t = Table {
            rows: vec![
                Row {
                    header: true,
                    cells: vec![cell(0, "Learning", false), cell(1, "Action", false)],
                },
                Row {
                    header: false,
                    cells: vec![cell(0, "L1", false), cell(1, "A1", false)],
                },
                Row {
                    header: false,
                    cells: vec![cell(0, "", true), cell(1, "A2", false)],
                },
            ],
        };
        let got: Vec<(String, Role, bool)> = blocks(vec![Node::Table(t)])
            .into_iter()
            .map(|b| (b.text, b.role, b.bold))
            .collect();
        let c = |row, col, rowspan, header| Role::Cell {
            table: 0,
            row,
            col,
            rowspan,
            header,
        };
        assert_eq!(
            got,
            [
                ("Learning".into(), c(0, 0, 1, true), true),
                ("Action".into(), c(0, 1, 1, true), true),
                ("L1".into(), c(1, 0, 2, false), false),
                ("A1".into(), c(1, 1, 1, false), false),
                ("A2".into(), c(2, 1, 1, false), false),
            ]
        );
    }

    #[test]
    fn one_column_tables_are_containers() {
        let t = Table {
            rows: vec![Row {
                header: false,
                cells: vec![Cell {
                    content: vec![
                        para(Kind::Heading(2), "Key learning", true),
                        para(Kind::Paragraph, "Text", false),
                    ],
                    ..Cell::default()
                }],
            }],
        };
        let got: Vec<Role> = blocks(vec![Node::Table(t)])
            .into_iter()
            .map(|b| b.role)
            .collect();
        assert_eq!(got, [Role::Heading { level: 2 }, Role::Paragraph]);
    }

    #[test]
    fn cell_items_keep_their_markers() {
        let item = |n: u32| Kind::Item {
            level: 0,
            number: Some(n),
            marker: format!("{n}."),
        };
        let t = Table {
            rows: vec![Row {
                header: false,
                cells: vec![
                    cell(0, "Actions", false),
                    Cell {
                        col: 1,
                        content: vec![para(item(1), "one", false), para(item(2), "two", false)],
                        ..Cell::default()
                    },
                ],
            }],
        };
        let bs = blocks(vec![Node::Table(t)]);
        assert_eq!(bs[1].text, "1. one\n\n2. two");
        assert_eq!(bs[1].font_size, 11.0);
    }
}
