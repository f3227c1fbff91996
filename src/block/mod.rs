//! The block contract: the one shape every reader hands to the segmenter.
//!
//! A block is one paragraph, heading, list item or table cell, whatever
//! the source format. Readers differ in what they can tell (a PDF has
//! positions and font sizes, HTML has tags, plain text has neither), but a
//! field means the same from each of them: list markers are never left in
//! `text` (they are in the role), and a blank line never sits inside a
//! block ([`normalise`] enforces both for every reader).

use serde::Serialize;

pub mod markers;
mod normalise;

pub use normalise::normalise;

/// Longest bold lead of a paragraph read as a run-in label ("**Learning**
/// agencies should…"), in characters. Every reader that sees weights gives
/// such a label a line of its own, as a printed layout does, so that the
/// label grammar reads it the same whatever the format.
pub const RUN_IN_MAX: usize = 48;

/// Bounding box of a block, page space, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BBox {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

/// What a block is, as far as the reader could tell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Role {
    /// Running prose.
    Paragraph,
    /// A heading; `level` 1 is the most important.
    Heading {
        /// 1..=6.
        level: u8,
    },
    /// An item of a list. `level` 0 is the outermost list; `number` is the
    /// printed ordinal of an ordered list item.
    ListItem {
        /// Nesting depth, 0 = outermost.
        level: u8,
        /// Printed ordinal of an ordered list, if any.
        number: Option<u32>,
    },
    /// One cell of a table. Cells of one table share `table`; `rowspan`
    /// greater than 1 means the cell covers the rows below it too.
    Cell {
        /// Table index within the document.
        table: u32,
        /// 0-based row.
        row: u32,
        /// 0-based column.
        col: u32,
        /// Rows covered.
        rowspan: u32,
        /// Header row (e.g. `<th>` or a header repeated on each page).
        header: bool,
    },
}

/// A link found in a block (HTML anchors; PDF link annotations if any).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The anchor text.
    pub title: String,
    /// The target, as written.
    pub href: String,
}

/// One unit of text: a paragraph, heading, list item or table cell.
///
/// `text` keeps the visual line breaks of the source as `\n` so that rules
/// which depend on line starts (numbered points, labels, bullets) can see
/// them; joining wrapped lines is the segmenter's job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Text with `\n` between visual lines.
    pub text: String,
    /// 1-based page, when the source has pages.
    pub page: Option<u32>,
    /// Position on the page, when known.
    pub bbox: Option<BBox>,
    /// Dominant font size in points, 0 when unknown.
    pub font_size: f32,
    /// Whether most of the text is bold.
    pub bold: bool,
    /// Structural role.
    pub role: Role,
    /// Links inside the block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

impl Block {
    /// A plain paragraph with no position, as text readers produce.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            text: text.into(),
            page: None,
            bbox: None,
            font_size: 0.0,
            bold: false,
            role: Role::Paragraph,
            links: Vec::new(),
        }
    }

    /// The table a cell block belongs to; `None` for other blocks.
    pub fn table_index(&self) -> Option<u32> {
        match self.role {
            Role::Cell { table, .. } => Some(table),
            _ => None,
        }
    }

    /// The same block with another role.
    pub fn with_role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}
