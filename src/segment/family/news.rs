//! News posts and e-mail bulletins announcing the publication of reviews:
//! a date, the child and the review named in a sentence, bulleted key
//! themes or learning, links.

use super::{Family, Score};
use crate::model::{DocumentType, Item, Review, Theme};
use crate::segment::Segmented;
use crate::segment::front::{commissioned_year, find_partnership};
use crate::segment::grammar::{LabelKind, PhraseKind};
use crate::segment::identity::subject_in_sentence;
use crate::segment::item::items_per_paragraph;
use crate::segment::outline::Outline;

use super::brief::opens_section;
use super::briefing::document_links;

/// The lessons and themes of one announced review in paragraphs
/// `from..to`: the list under a "Key learning" or "Key themes" label (or
/// the one paragraph after it, where a printed page lost the bullets);
/// without such a label, the first list after the announcement. A list
/// further on (training dates, other news) is not the review's.
fn read_region(o: &Outline, from: usize, to: usize, r: &mut Review) {
    let labelled = (from..to).any(|i| opens_section(o, i).is_some());
    let mut section: Option<LabelKind> = if labelled {
        None
    } else {
        Some(LabelKind::Lesson)
    };
    let mut taken = 0;
    for i in from..to {
        let p = &o.texts[i];
        if let Some(kind) = opens_section(o, i) {
            section = Some(kind);
            taken = 0;
            continue;
        }
        let Some(kind) = section else {
            continue;
        };
        if o.g.is_resource_line(&o.joined[i]) {
            continue;
        }
        let items = match p.list {
            Some((0, n)) => vec![Item {
                text: o.joined[i].clone(),
                number: n,
                page: p.page,
                ..Item::default()
            }],
            Some(_) => {
                if let Some(last) = r.lessons.last_mut() {
                    last.points.push(o.joined[i].clone());
                }
                continue;
            }
            None if taken == 0 && labelled && p.heading.is_none() => {
                items_per_paragraph(std::slice::from_ref(p))
            }
            // Before the first list: a lead-in line; after it: the end.
            None if taken == 0 && !labelled && p.heading.is_none() => continue,
            None => {
                section = None;
                continue;
            }
        };
        taken += items.len();
        match kind {
            LabelKind::Theme => r.themes.extend(items.into_iter().map(|i| Theme {
                title: i.text,
                ..Theme::default()
            })),
            LabelKind::Recommendation => r.recommendations.extend(items),
            LabelKind::Finding => r.findings.extend(items),
            _ => r.lessons.extend(items),
        }
        if p.list.is_none() {
            section = None;
        }
    }
}

/// A news post or e-mail bulletin on one or two reviews.
pub struct News;

/// The paragraphs that announce a review, with the child they name.
fn announcements(o: &Outline) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, t) in o.joined.iter().enumerate() {
        if o.texts[i].list.is_some() || o.g.review_type(t).is_none() {
            continue;
        }
        if let Some(subject) = subject_in_sentence(o.g, t)
            && !out.iter().any(|(_, s)| same(s, &subject))
        {
            out.push((i, subject));
        }
    }
    out
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Where the footer of an e-mail or news page starts: the first paragraph
/// of mailing or sharing furniture after the content.
fn footer(o: &Outline, after: usize) -> usize {
    (after..o.joined.len())
        .find(|&i| {
            let t = &o.joined[i];
            t.len() < 300
                && o.g
                    .has_phrase_of(&[PhraseKind::Mailing, PhraseKind::News], t)
        })
        .unwrap_or(o.joined.len())
}

impl Family for News {
    fn kind(&self) -> DocumentType {
        DocumentType::News
    }

    fn score(&self, o: &Outline) -> Option<Score> {
        let found = announcements(o);
        if found.is_empty() {
            return None;
        }
        // Each text lower-cased once for the three kinds of phrase.
        let lower: Vec<String> = o.joined.iter().map(|t| t.to_lowercase()).collect();
        let announce = lower
            .iter()
            .any(|t| o.g.has_phrase_lower(PhraseKind::Announce, t));
        let mailing = lower
            .iter()
            .filter(|t| o.g.has_phrase_lower(PhraseKind::Mailing, t))
            .count();
        let news = lower
            .iter()
            .filter(|t| o.g.has_phrase_lower(PhraseKind::News, t))
            .count();
        let lists = o.texts.iter().filter(|p| p.list.is_some()).count();
        let mut value: f32 = 0.2;
        if announce {
            value += 0.25;
        }
        if mailing + news > 0 {
            value += 0.1;
        }
        // A bulletin's or news page's furniture and an announcement of a
        // review together are this family's mark.
        if announce && mailing + news > 0 {
            value += 0.15;
        }
        if lists > 0 {
            value += 0.05;
        }
        Some(Score::new(
            value,
            format!(
                "{} reviews announced{}{}",
                found.len(),
                if mailing > 0 {
                    "; e-mail bulletin furniture"
                } else {
                    ""
                },
                if news > 0 {
                    "; news page furniture"
                } else {
                    ""
                }
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let mut s = Segmented::new(DocumentType::News);
        let found = announcements(o);
        s.title = o.title();
        // The post's own date line, not a date of the story it tells.
        s.published = crate::segment::reviews::page_date(o);
        let end = footer(o, found.last().map_or(0, |(i, _)| *i));
        for (k, (start, subject)) in found.iter().enumerate() {
            let stop = found
                .get(k + 1)
                .map_or(end, |(i, _)| *i)
                .min(end)
                .max(*start + 1);
            let mut r = Review {
                subject: subject.clone(),
                review_type: o.g.review_type(&o.joined[*start]).map(str::to_string),
                // The announcement tells the story when it is prose; a
                // heading announcing the review does not.
                summary: (*start..stop)
                    .filter(|&i| o.texts[i].heading.is_none())
                    .find_map(|i| {
                        crate::segment::reviews::entry::story(o.g, &o.joined[i], subject)
                    }),
                // A date in the announcement is its publication's only
                // where the text says so: not a death's, not a deadline's.
                published: crate::segment::reviews::entry::published_in_paragraph(
                    o.g,
                    &o.joined[*start],
                ),
                commissioned: o.joined[*start..stop]
                    .iter()
                    .find_map(|t| commissioned_year(t)),
                ..Review::default()
            };
            read_region(o, *start + 1, stop, &mut r);
            for i in start + 1..stop {
                let p = &o.texts[i];
                r.links.extend(document_links(p.links.iter()));
            }
            s.reviews.push(r);
        }
        s.partnership = o.joined.iter().find_map(|t| find_partnership(o.g, t));
        s
    }
}
