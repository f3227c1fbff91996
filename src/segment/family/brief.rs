//! Learning briefs and seven-minute briefings: one review on a page or
//! two, in numbered sections or boxes, its learning labelled "Learning
//! point 1", or listed under "Key learning".

use super::{Family, Score};
use crate::model::{DocumentType, Item, Review};
use crate::segment::Segmented;
use crate::segment::dates::find_date;
use crate::segment::front::{commissioned_year, find_partnership};
use crate::segment::grammar::{FieldKind, LabelKind};
use crate::segment::identity::subject_of_title;
use crate::segment::item::ItemBuilder;
use crate::segment::labels;
use crate::segment::outline::Outline;
use crate::segment::pieces::TextPiece;
use crate::segment::text::{ends_sentence, join_lines};

/// A learning brief or seven-minute briefing on one review.
pub struct LearningBrief;

/// What a paragraph opens, for this family: an item label with a number,
/// or a section that lists items of one kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Item(LabelKind, Option<u32>),
    Section(LabelKind),
    Other,
    Text,
}

/// A heading or short line without its section number ("4. Key learning",
/// "4 Key learning").
fn section_title(text: &str) -> &str {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[digits..];
    // Designed briefings often lose the space between a box's number and
    // its title ("4Key learning").
    let glued = rest.starts_with(|c: char| c.is_uppercase());
    if (1..=2).contains(&digits) && (glued || rest.starts_with(['.', ')', ':', ' '])) {
        return rest.trim_start_matches(['.', ')', ':']).trim_start();
    }
    t
}

pub(crate) fn opens_section(o: &Outline, i: usize) -> Option<LabelKind> {
    match opens(o, i) {
        Open::Section(k) => Some(k),
        _ => None,
    }
}

fn opens(o: &Outline, i: usize) -> Open {
    let p = &o.texts[i];
    let first = p.lines.first().map(String::as_str).unwrap_or("");
    if let Some(l) = labels::parse(o.g, first) {
        return match l.kind {
            LabelKind::Lesson | LabelKind::Recommendation | LabelKind::Finding if !l.bare => {
                Open::Item(l.kind, l.number)
            }
            LabelKind::Lesson | LabelKind::Recommendation | LabelKind::Finding => {
                Open::Section(l.kind)
            }
            LabelKind::Theme if l.bare => Open::Section(l.kind),
            _ => Open::Other,
        };
    }
    let short = o.joined[i].len() <= 80;
    if p.heading.is_some() || short {
        let title = section_title(&o.joined[i]);
        if let Some(l) = labels::parse(o.g, title).filter(|l| l.bare) {
            return Open::Section(l.kind);
        }
        if let Some((kind, rest)) = o.g.field(title)
            && rest.is_empty()
        {
            return match kind {
                FieldKind::Lesson => Open::Section(LabelKind::Lesson),
                FieldKind::Recommendation => Open::Section(LabelKind::Recommendation),
                FieldKind::Finding => Open::Section(LabelKind::Finding),
                _ => Open::Other,
            };
        }
        if p.heading.is_some() {
            return Open::Other;
        }
    }
    Open::Text
}

/// A short phrase that does not end a sentence: a heading printed as text.
fn is_title(s: &str) -> bool {
    s.chars().count() <= 80 && !ends_sentence(s)
}

/// Items found: lessons, recommendations, findings.
#[derive(Default)]
struct Found {
    lessons: Vec<Item>,
    recommendations: Vec<Item>,
    findings: Vec<Item>,
    labelled: usize,
}

fn read(o: &Outline) -> Found {
    let mut f = Found::default();
    let mut cur: Option<(LabelKind, Option<u32>, ItemBuilder)> = None;
    let mut section: Option<LabelKind> = None;
    let mut title: Option<String> = None;
    let mut awaiting_title = false;
    let mut listed = false;
    let close = |cur: &mut Option<(LabelKind, Option<u32>, ItemBuilder)>,
                 f: &mut Found,
                 title: &mut Option<String>| {
        if let Some((kind, n, b)) = cur.take()
            && !b.is_empty()
        {
            let mut item = b.finish(None, n);
            item.title = title.take();
            match kind {
                LabelKind::Lesson => f.lessons.push(item),
                LabelKind::Recommendation => f.recommendations.push(item),
                LabelKind::Finding => f.findings.push(item),
                _ => {}
            }
        }
    };
    for i in 0..o.texts.len() {
        let p = &o.texts[i];
        let open = opens(o, i);
        if awaiting_title && matches!(open, Open::Other | Open::Text) && is_title(&o.joined[i]) {
            // "Learning point 2" alone, then its title as a heading or a
            // short line.
            awaiting_title = false;
            title = Some(o.joined[i].clone());
            continue;
        }
        if !matches!(open, Open::Item(..)) {
            awaiting_title = false;
        }
        match open {
            Open::Item(kind, n) => {
                close(&mut cur, &mut f, &mut title);
                section = None;
                f.labelled += 1;
                let mut b = ItemBuilder::new(p.page);
                // Text after the label on its line is the item's own only
                // when it reads as prose; a short phrase is the point's
                // title ("Learning point 1: Seeing the whole family").
                let rest = labels::parse(o.g, &p.lines[0])
                    .map(|l| l.rest)
                    .unwrap_or_default();
                // In a heading, everything after the label is the title
                // ("Learning point 2⏎Closing a plan…").
                let rest = if p.heading.is_some() {
                    join_lines(&[&[rest], &p.lines[1..]].concat())
                } else {
                    rest
                };
                let titled = !rest.is_empty() && (p.heading.is_some() || is_title(&rest));
                let lines: Vec<String> = Some(rest.clone())
                    .filter(|r| !r.is_empty() && !titled)
                    .into_iter()
                    .chain(p.lines[1..].iter().filter(|_| p.heading.is_none()).cloned())
                    .collect();
                if !lines.is_empty() {
                    b.push(&TextPiece { lines, ..p.clone() });
                }
                title = if titled { Some(rest) } else { None };
                awaiting_title = title.is_none() && p.lines.len() == 1;
                cur = Some((kind, n, b));
            }
            Open::Section(kind) => {
                close(&mut cur, &mut f, &mut title);
                section = Some(kind);
                listed = false;
            }
            Open::Other => {
                close(&mut cur, &mut f, &mut title);
                section = None;
            }
            Open::Text => {
                if let Some((_, _, b)) = cur.as_mut() {
                    b.push(p);
                } else if let Some(kind) = section {
                    // A paragraph after the section's list is the end of it
                    // (a caption, a box of its own), not one more item.
                    if listed && p.list.is_none() {
                        section = None;
                        continue;
                    }
                    listed |= p.list.is_some();
                    // Under a section heading each paragraph or list item
                    // is one item; a nested item is a point of the last.
                    if p.list.is_some_and(|(l, _)| l > 0)
                        && let Some(last) = last_of(&mut f, kind)
                    {
                        last.points.push(join_lines(&p.lines));
                        continue;
                    }
                    let mut b = ItemBuilder::new(p.page);
                    b.push(&TextPiece {
                        list: None,
                        ..p.clone()
                    });
                    let n = p.list.and_then(|(_, n)| n);
                    cur = Some((kind, n, b));
                    close(&mut cur, &mut f, &mut title);
                }
            }
        }
    }
    close(&mut cur, &mut f, &mut title);
    f
}

fn last_of(f: &mut Found, kind: LabelKind) -> Option<&mut Item> {
    match kind {
        LabelKind::Lesson => f.lessons.last_mut(),
        LabelKind::Recommendation => f.recommendations.last_mut(),
        LabelKind::Finding => f.findings.last_mut(),
        _ => None,
    }
}

impl Family for LearningBrief {
    fn kind(&self) -> DocumentType {
        DocumentType::LearningBrief
    }

    fn score(&self, o: &Outline) -> Option<Score> {
        let title = o.title()?;
        let subject = subject_of_title(o.g, &title);
        let found = read(o);
        let items = found.lessons.len() + found.recommendations.len();
        if items == 0 {
            return None;
        }
        let seven = {
            let l = title.to_lowercase();
            l.contains("seven minute")
                || l.contains("7 minute")
                || l.contains("7-minute")
                || l.contains("seven-minute")
        };
        let brief = title.to_lowercase().contains("brief")
            || seven
            || title.to_lowercase().contains("learning");
        let mut value = 0.25 + 0.05 * items.min(6) as f32;
        if subject.is_some() {
            value += 0.2;
        }
        if brief {
            value += 0.15;
        }
        if found.labelled > 0 {
            value += 0.1;
        }
        if o.review_mentions == 0 {
            value -= 0.3;
        }
        Some(Score::new(
            value,
            format!(
                "title {}{}; {} lessons and recommendations ({} labelled)",
                subject
                    .as_deref()
                    .map_or("names no child".to_string(), |s| format!("names {s}")),
                if seven {
                    ", a seven-minute briefing"
                } else {
                    ""
                },
                items,
                found.labelled
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let mut s = Segmented::new(DocumentType::LearningBrief);
        let title = o.title();
        let found = read(o);
        let mut r = Review {
            subject: title
                .as_deref()
                .and_then(|t| subject_of_title(o.g, t))
                .unwrap_or_default(),
            lessons: found.lessons,
            recommendations: found.recommendations,
            findings: found.findings,
            ..Review::default()
        };
        let head: Vec<&String> = o.joined.iter().take(40).collect();
        r.review_type = head
            .iter()
            .find_map(|t| o.g.review_type(t))
            .map(str::to_string);
        r.commissioned = head.iter().find_map(|t| commissioned_year(t));
        r.summary = background(o);
        s.published = o.joined.iter().take(8).find_map(|t| {
            let l = t.to_lowercase();
            (l.contains("published") || t.len() <= 30)
                .then(|| find_date(t))
                .flatten()
        });
        s.partnership = o.joined.iter().find_map(|t| find_partnership(o.g, t));
        s.title = title;
        s.reviews.push(r);
        s
    }
}

/// The paragraphs under a background field or section.
fn background(o: &Outline) -> Option<String> {
    let at = o.fields.iter().find(|f| f.kind == FieldKind::Background)?;
    if !at.text.is_empty() {
        return Some(at.text.clone());
    }
    let mut out = Vec::new();
    for i in at.at + 1..o.texts.len() {
        if o.texts[i].heading.is_some()
            || o.fields.iter().any(|f| f.at == i)
            || opens(o, i) != Open::Text
        {
            break;
        }
        out.push(o.joined[i].clone());
    }
    (!out.is_empty()).then(|| out.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_are_dropped() {
        assert_eq!(section_title("4. Key learning"), "Key learning");
        assert_eq!(section_title("4 Key learning"), "Key learning");
        assert_eq!(section_title("4Key learning"), "Key learning");
        assert_eq!(section_title("2019 review"), "2019 review");
    }
}
