//! Layout: the shared currency between readers and the segmenter.
//!
//! PDF readers emit positioned [`Glyph`]s and ruling [`Rule`]s per page; the
//! layout heuristics turn them into [`Block`]s. HTML and text readers emit
//! blocks directly. The segmenter only ever sees blocks.

use compact_str::CompactString;
use serde::Serialize;

pub mod assemble;
pub mod bidi;
pub mod furniture;
pub mod gutters;
pub mod ligatures;
pub mod lines;
pub mod order;
pub mod paragraphs;
pub mod rotate;
pub mod tables;
pub mod words;

/// One glyph as painted on a page, in page space with the origin at the
/// top-left corner and y growing downwards (points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Unicode text of the glyph (usually one char; ligatures already
    /// expanded). Inline up to 24 bytes: a page holds thousands of glyphs,
    /// and one heap allocation each was a fifth of the reading time.
    pub text: CompactString,
    /// Left edge of the glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance width.
    pub width: f32,
    /// Effective font size (text matrix and CTM applied).
    pub size: f32,
    /// Whether the font looks bold (name or weight).
    pub bold: bool,
    /// Which way the text runs.
    pub dir: Dir,
}

impl Glyph {
    /// Whether the glyph paints only white space. Asked of every glyph
    /// several times, so the common case (one visible ASCII character) is
    /// answered from the first byte.
    pub fn is_blank(&self) -> bool {
        match self.text.as_bytes().first() {
            None => true,
            Some(&b) if b > b' ' && b < 0x80 => false,
            Some(_) => self.text.trim().is_empty(),
        }
    }
}

/// Which way a glyph's text runs on the page, in reading direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dir {
    /// Left to right, upright: ordinary text.
    Right,
    /// Top to bottom: text turned a quarter clockwise, or vertical CJK.
    Down,
    /// Right to left, upside down.
    Left,
    /// Bottom to top: text turned a quarter anticlockwise.
    Up,
    /// Any other angle (diagonal watermarks); not read.
    Skew,
}

/// A straight ruling (table border) drawn on a page: a stroked line or a thin
/// filled rectangle. Coordinates are page space, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

/// Everything painted on one PDF page that layout cares about.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical rulings.
    pub rules: Vec<Rule>,
}

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
