//! Paragraphs of one item to its `text` and `points`.

use super::pieces::TextPiece;
use super::text::{join_lines, strip_bullet};
use crate::model::Item;

/// Collects the paragraphs of one item. Bulleted lines and list items go to
/// `points` (a wrapped bullet continues until the paragraph ends); the
/// other paragraphs are joined by single spaces into `text`.
#[derive(Debug, Default)]
pub struct ItemBuilder {
    paragraphs: Vec<String>,
    points: Vec<Vec<String>>,
    /// Page of the first line.
    pub page: Option<u32>,
    /// Set when the item has any content.
    pub started: bool,
}

impl ItemBuilder {
    /// A builder for an item starting on `page`.
    pub fn new(page: Option<u32>) -> Self {
        ItemBuilder {
            page,
            ..Self::default()
        }
    }

    /// Adds one paragraph.
    pub fn push(&mut self, piece: &TextPiece) {
        if self.page.is_none() {
            self.page = piece.page;
        }
        self.started = true;
        if piece.list.is_some() {
            self.points.push(piece.lines.clone());
            return;
        }
        let mut text_lines: Vec<String> = Vec::new();
        let mut in_point = false;
        for line in &piece.lines {
            if let Some(rest) = strip_bullet(line) {
                self.points.push(vec![rest.to_string()]);
                in_point = true;
            } else if in_point {
                if let Some(p) = self.points.last_mut() {
                    p.push(line.clone());
                }
            } else {
                text_lines.push(line.clone());
            }
        }
        if !text_lines.is_empty() {
            self.paragraphs.push(join_lines(&text_lines));
        }
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty() && self.points.is_empty()
    }

    /// The finished item (uid is assigned later, once context is known).
    pub fn finish(self, id: Option<String>, number: Option<u32>) -> Item {
        Item {
            id,
            number,
            text: self.paragraphs.join(" "),
            points: self.points.iter().map(|p| join_lines(p)).collect(),
            page: self.page,
            uid: String::new(),
            title: None,
        }
    }
}

/// One item per paragraph (actions and measures are printed that way);
/// bulleted lines are items of their own too.
pub fn items_per_paragraph(pieces: &[TextPiece]) -> Vec<Item> {
    let mut out = Vec::new();
    for piece in pieces {
        let mut current: Vec<String> = Vec::new();
        let flush = |current: &mut Vec<String>, out: &mut Vec<Item>| {
            if !current.is_empty() {
                out.push(Item {
                    text: join_lines(current),
                    page: piece.page,
                    ..Item::default()
                });
                current.clear();
            }
        };
        for line in &piece.lines {
            if let Some(rest) = strip_bullet(line) {
                flush(&mut current, &mut out);
                current.push(rest.to_string());
            } else {
                current.push(line.clone());
            }
        }
        flush(&mut current, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(lines: &[&str]) -> TextPiece {
        TextPiece {
            lines: lines.iter().map(|s| s.to_string()).collect(),
            ..TextPiece::default()
        }
    }

    #[test]
    fn bullets_become_points_and_wraps_join() {
        let mut b = ItemBuilder::new(Some(2));
        b.push(&piece(&["Practitioners should", "consider:"]));
        b.push(&piece(&["• the history of", "  each adult", "• the plan"]));
        b.push(&piece(&["Then review."]));
        let item = b.finish(Some("G1.1".into()), None);
        assert_eq!(item.text, "Practitioners should consider: Then review.");
        assert_eq!(item.points, ["the history of each adult", "the plan"]);
        assert_eq!(item.page, Some(2));
    }

    #[test]
    fn list_items_are_points() {
        let mut b = ItemBuilder::new(None);
        b.push(&piece(&["Intro"]));
        let mut li = piece(&["a point"]);
        li.list = Some((0, None));
        b.push(&li);
        let item = b.finish(None, Some(1));
        assert_eq!(item.points, ["a point"]);
    }

    #[test]
    fn one_item_per_paragraph() {
        let items =
            items_per_paragraph(&[piece(&["One", "wrapped"]), piece(&["- Two", "- Three"])]);
        let texts: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["One wrapped", "Two", "Three"]);
    }
}
