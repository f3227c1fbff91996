//! Layout: the shared currency between readers and the segmenter.
//!
//! PDF readers emit positioned [`Glyph`]s and ruling [`Rule`]s per page; the
//! layout heuristics turn them into [`Block`]s. HTML and text readers emit
//! blocks directly. The segmenter only ever sees blocks.

use compact_str::CompactString;

pub use crate::block::{BBox, Block, Link, Role};

pub mod assemble;
pub mod bidi;
pub mod furniture;
pub mod gutters;
pub mod ligatures;
pub mod lines;
pub mod navigation;
pub mod order;
pub mod paragraphs;
pub(crate) mod parallel;
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
