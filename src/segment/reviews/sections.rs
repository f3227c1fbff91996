//! Sections as the general item reader: a heading the grammar maps to a
//! kind ("Key findings", "Learning point", "Recommendations") makes the
//! paragraphs, bullets or numbered points under it items of that kind,
//! whatever the family.

use crate::model::Item;
use crate::segment::grammar::{LabelKind, PhraseKind};
use crate::segment::outline::Outline;

/// The items under one heading.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Index of the heading in the outline's paragraphs.
    pub at: usize,
    /// Finding, lesson or recommendation.
    pub kind: LabelKind,
    /// Its items, in order.
    pub items: Vec<Item>,
}

/// Every section of items in the document.
pub(crate) fn sections(o: &Outline) -> Vec<Section> {
    let mut out = Vec::new();
    for (i, p) in o.texts.iter().enumerate() {
        // A heading, or a paragraph that labels the list after it ("Key
        // learning from the review of Child Q:"), read as the lowest
        // heading.
        let text = o.joined[i].trim();
        let lead = o.texts.get(i + 1).is_some_and(|n| n.list.is_some())
            && p.list.is_none()
            && text.ends_with(':');
        let level = match p.heading {
            Some(l) => l,
            None if lead => u8::MAX,
            None => continue,
        };
        let label = if lead && p.heading.is_none() {
            text.split(" from ").next().unwrap_or(text)
        } else {
            text
        };
        // "The review made two recommendations:" — the kind is in its last
        // words.
        let kind = o.g.item_section(label).or_else(|| {
            let words: Vec<&str> = label.trim_end_matches(':').split_whitespace().collect();
            (lead && p.heading.is_none())
                .then(|| {
                    (1..=3.min(words.len()))
                        .find_map(|n| o.g.item_section(&words[words.len() - n..].join(" ")))
                })
                .flatten()
        });
        let Some(kind) = kind.filter(|k| {
            matches!(
                k,
                LabelKind::Finding | LabelKind::Lesson | LabelKind::Recommendation
            )
        }) else {
            continue;
        };
        let items = items_under(o, i, level);
        if !items.is_empty() {
            out.push(Section { at: i, kind, items });
        }
    }
    out
}

/// The items after heading `at` of `level`: each paragraph or list item,
/// until a heading as important, another section, or a sub-heading whose
/// text is not a list (a sub-heading over bullets is a topic of the
/// section; over prose it is a section of its own, such as "How to use
/// this learning").
fn items_under(o: &Outline, at: usize, level: u8) -> Vec<Item> {
    let lead = o.texts[at].heading.is_none();
    let mut items: Vec<Item> = Vec::new();
    let mut first_level: Option<u8> = None;
    for j in at + 1..o.texts.len() {
        let p = &o.texts[j];
        let text = o.joined[j].trim();
        // A paragraph's list ends where the list does.
        if lead && p.list.is_none() {
            break;
        }
        if let Some(l) = p.heading {
            let bullets_follow = o.texts.get(j + 1).is_some_and(|n| n.list.is_some());
            if l <= level || o.g.item_section(text).is_some() || !bullets_follow {
                break;
            }
            continue;
        }
        if text.is_empty()
            || o.g
                .has_phrase_of(&[PhraseKind::Site, PhraseKind::Mailing], text)
            || o.g.is_resource_line(text)
        {
            continue;
        }
        // A list nested in an item is its points.
        let level_of = |q: &crate::segment::pieces::TextPiece| q.list.map(|(l, _)| l);
        if let (Some(l), Some(last)) = (level_of(p), items.last_mut())
            && first_level.is_some_and(|f| l > f)
        {
            let last: &mut Item = last;
            last.points.push(text.to_string());
            continue;
        }
        if first_level.is_none() {
            first_level = level_of(p);
        }
        items.push(Item {
            number: p.list.and_then(|(_, n)| n),
            text: text.to_string(),
            page: p.page,
            ..Item::default()
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{Block, Role};
    use crate::segment::grammar::Grammar;

    fn heading(t: &str, level: u8) -> Block {
        Block::paragraph(t).with_role(Role::Heading { level })
    }

    fn bullet(t: &str) -> Block {
        Block::paragraph(t).with_role(Role::ListItem {
            level: 0,
            number: None,
        })
    }

    fn read(blocks: &[Block]) -> Vec<Section> {
        let g = Grammar::built_in();
        let o = Outline::new(&g, blocks, None);
        sections(&o)
    }

    #[test]
    fn bullets_under_topics_of_a_learning_heading_are_lessons() {
        let blocks = vec![
            heading("Key learning and practice improvements", 2),
            heading("Working with fathers:", 3),
            bullet("Invite fathers to every review meeting."),
            bullet("Record who lives in the home."),
            heading("Early help:", 3),
            bullet("Agree one lead practitioner."),
            heading("Contact us", 2),
            Block::paragraph("Call the front door on weekdays."),
        ];
        let s = read(&blocks);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].kind, LabelKind::Lesson);
        let texts: Vec<&str> = s[0].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Invite fathers to every review meeting.",
                "Record who lives in the home.",
                "Agree one lead practitioner."
            ]
        );
    }

    #[test]
    fn a_prose_sub_heading_ends_the_section() {
        let blocks = vec![
            heading("Learning point", 2),
            Block::paragraph("Practitioners should check who else lives in the home."),
            heading("How to use this in practice", 3),
            Block::paragraph("Read the local guidance on home visits."),
            heading("Learning point", 2),
            Block::paragraph("Plans should name one lead professional."),
        ];
        let s = read(&blocks);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].items.len(), 1);
        assert_eq!(
            s[1].items[0].text,
            "Plans should name one lead professional."
        );
    }

    #[test]
    fn a_paragraph_over_a_list_names_its_kind_in_its_last_words() {
        let blocks = vec![
            Block::paragraph("The review made three recommendations:"),
            bullet("Audit strategy meetings."),
            bullet("Publish guidance on home visits."),
            Block::paragraph("Booking is open for the spring conference."),
        ];
        let s = read(&blocks);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].kind, LabelKind::Recommendation);
        assert_eq!(s[0].items.len(), 2);
    }

    #[test]
    fn a_heading_that_names_no_kind_opens_no_section() {
        let blocks = vec![
            heading("About the partnership", 2),
            bullet("We meet monthly."),
        ];
        assert!(read(&blocks).is_empty());
    }
}
