//! Blocks to a flat stream of labels and text pieces, the common input of
//! the segmenters.

use super::grammar::Grammar;
use super::labels::{self, Label};
use super::text::ends_sentence;
use crate::block::{Block, Link, Role};

/// A unit of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A structural label ("Lesson G1.1").
    Label {
        /// What it says.
        label: Label,
        /// Page it is on.
        page: Option<u32>,
    },
    /// A paragraph's lines.
    Text(TextPiece),
}

/// A paragraph with the hints the segmenters use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextPiece {
    /// Visual lines.
    pub lines: Vec<String>,
    /// Page the paragraph starts on.
    pub page: Option<u32>,
    /// List nesting level and printed number, for list items.
    pub list: Option<(u8, Option<u32>)>,
    /// Heading level, for headings.
    pub heading: Option<u8>,
    /// Links of the block the paragraph came from (first paragraph only).
    pub links: Vec<Link>,
}

/// Splits blocks into pieces: a label found at the start of a block, or
/// alone on a line, or glued to prose after a finished sentence, starts a
/// new piece.
pub fn pieces<'a>(g: &Grammar, blocks: impl IntoIterator<Item = &'a Block>) -> Vec<Piece> {
    let mut out = Vec::new();
    for block in blocks {
        push_block(g, block, &mut out);
    }
    out
}

/// Appends the pieces of one block.
pub fn push_block(g: &Grammar, block: &Block, out: &mut Vec<Piece>) {
    let (list, heading) = roles(block);
    let mut cur = TextPiece {
        page: block.page,
        list,
        heading,
        links: block.links.clone(),
        ..TextPiece::default()
    };
    let flush = |cur: &mut TextPiece, out: &mut Vec<Piece>| {
        if !cur.lines.is_empty() {
            let lines = std::mem::take(&mut cur.lines);
            let links = std::mem::take(&mut cur.links);
            out.push(Piece::Text(TextPiece {
                lines,
                links,
                ..cur.clone()
            }));
        }
    };
    let mut prev: Option<&str> = None;
    for line in block.text.split('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            // A blank line inside a block separates paragraphs.
            flush(&mut cur, out);
            prev = None;
            continue;
        }
        if let Some(label) = labels::parse(g, trimmed).filter(|l| label_allowed(l, prev)) {
            flush(&mut cur, out);
            let rest = label.rest.clone();
            let keeps_rest = label.kind != labels::LabelKind::Theme;
            out.push(Piece::Label {
                label,
                page: block.page,
            });
            // Items written after the label belong to a fresh paragraph,
            // not to the list or heading the label sat in.
            cur.list = None;
            cur.heading = None;
            if keeps_rest && !rest.is_empty() {
                cur.lines.push(rest);
            }
        } else {
            cur.lines.push(trimmed.to_string());
        }
        prev = Some(trimmed);
    }
    flush(&mut cur, out);
}

/// List and heading hints of a block. A list item whose text still starts
/// with its printed marker (PDF layout keeps "1." and "•") is read as text,
/// so that the line rules for numbers and bullets apply to it and to the
/// wrapped lines that follow in other blocks.
fn roles(block: &Block) -> (Option<(u8, Option<u32>)>, Option<u8>) {
    match &block.role {
        Role::ListItem { level, number } => {
            let first = block.text.lines().next().unwrap_or("");
            let marked = super::text::strip_bullet(first).is_some()
                || super::numbered::numbered_line(first).is_some();
            if marked {
                (None, None)
            } else {
                (Some((*level, *number)), None)
            }
        }
        Role::Heading { level } => (None, Some(*level)),
        _ => (None, None),
    }
}

/// Blocks as paragraphs only, for documents without labels (briefings,
/// papers): a blank line inside a block still separates paragraphs.
pub fn text_pieces<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Vec<TextPiece> {
    let mut out = Vec::new();
    for block in blocks {
        let mut first = true;
        for para in block.text.split("\n\n") {
            let lines: Vec<String> = para
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if lines.is_empty() {
                continue;
            }
            let (list, heading) = roles(block);
            out.push(TextPiece {
                lines,
                page: block.page,
                list: if first { list } else { None },
                heading,
                links: if first {
                    block.links.clone()
                } else {
                    Vec::new()
                },
            });
            first = false;
        }
    }
    out
}

/// A label at a block start is always a label; further down a block it
/// must stand alone on its line or follow a finished sentence, so that
/// prose wrapped to start with "Recommendation 4" is not cut.
fn label_allowed(label: &Label, prev: Option<&str>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            label.rest.is_empty()
                || (label.id.is_some() || label.number.is_some()) && ends_sentence(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::labels::LabelKind;

    fn kinds(ps: &[Piece]) -> Vec<String> {
        ps.iter()
            .map(|p| match p {
                Piece::Label { label, .. } => format!("{:?}", label.kind),
                Piece::Text(t) => t.lines.join("|"),
            })
            .collect()
    }

    #[test]
    fn label_glued_to_text_starts_item() {
        let ps = pieces(
            &Grammar::built_in(),
            &[Block::paragraph(
                "Lesson G1.1 Information held\nabout parents",
            )],
        );
        assert_eq!(kinds(&ps), ["Lesson", "Information held|about parents"]);
    }

    #[test]
    fn label_alone_inside_block_splits_it() {
        let ps = pieces(
            &Grammar::built_in(),
            &[Block::paragraph(
                "end of a finding.\nLesson G1.2\nAny new information",
            )],
        );
        assert_eq!(
            kinds(&ps),
            ["end of a finding.", "Lesson", "Any new information"]
        );
    }

    #[test]
    fn wrapped_prose_is_not_a_label() {
        let ps = pieces(
            &Grammar::built_in(),
            &[Block::paragraph(
                "as set out in\nRecommendation 4 the board will",
            )],
        );
        assert_eq!(ps.len(), 1);
    }

    #[test]
    fn theme_title_stays_in_label() {
        let ps = pieces(
            &Grammar::built_in(),
            &[Block::paragraph("THEME 2: Self-Report")],
        );
        match &ps[0] {
            Piece::Label { label, .. } => {
                assert_eq!(label.kind, LabelKind::Theme);
                assert_eq!(label.rest, "Self-Report");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ps.len(), 1);
    }
}
