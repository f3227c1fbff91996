//! Listings of reviews: one entry per review, its heading naming the date,
//! the area and the child, then a description and labelled paragraphs
//! ("Background:", "Learning:", "Recommendations:", "Keywords:").

use super::{Family, Score};
use crate::model::{DocumentType, Item, Review};
use crate::segment::Segmented;
use crate::segment::dates::{find_date, find_year};
use crate::segment::front::commissioned_year;
use crate::segment::grammar::{Entry, FieldKind};
use crate::segment::outline::Outline;
use crate::segment::split::{keywords, points};

use super::briefing::document_links;

/// A page listing several reviews, one entry each.
pub struct Listing;

/// Where each entry starts, and its heading split.
fn entries(o: &Outline) -> Vec<(usize, Entry)> {
    o.texts
        .iter()
        .zip(&o.joined)
        .enumerate()
        .filter(|(_, (p, t))| p.list.is_none() && t.len() <= 160)
        .filter_map(|(i, (_, t))| o.g.entry(t).map(|e| (i, e)))
        .collect()
}

impl Family for Listing {
    fn kind(&self) -> DocumentType {
        DocumentType::Listing
    }

    fn score(&self, o: &Outline) -> Option<Score> {
        let entries = entries(o);
        if entries.is_empty() {
            return None;
        }
        let fields = o
            .fields
            .iter()
            .filter(|f| f.at >= entries[0].0 && f.kind != FieldKind::Ignore)
            .count();
        let value = match entries.len() {
            1 => 0.3 + 0.05 * fields.min(4) as f32,
            n => 0.6 + 0.05 * n.min(4) as f32 + 0.02 * fields.min(5) as f32,
        };
        Some(Score::new(
            value,
            format!(
                "{} entry headings with date, area and child; {fields} labelled paragraphs",
                entries.len()
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let mut s = Segmented::new(DocumentType::Listing);
        let entries = entries(o);
        s.title = o
            .headings
            .iter()
            .find(|h| entries.first().is_none_or(|(at, _)| h.at < *at))
            .map(|h| h.text.clone())
            .or_else(|| o.title());
        // The page's own date: "Page last updated: …", "Published: …".
        s.published = o
            .joined
            .iter()
            .filter(|t| t.len() <= 120)
            .filter(|t| {
                let l = t.to_lowercase();
                l.contains("last updated") || l.starts_with("published") || l.starts_with("updated")
            })
            .find_map(|t| find_date(t));
        for (k, (start, entry)) in entries.iter().enumerate() {
            let end = entries.get(k + 1).map_or(o.texts.len(), |(at, _)| *at);
            s.reviews.push(review(o, entry, start + 1, end));
        }
        s
    }
}

/// One entry's review from the paragraphs `from..to` after its heading.
fn review(o: &Outline, entry: &Entry, from: usize, to: usize) -> Review {
    let mut r = Review {
        subject: entry.subject.clone(),
        area: entry.area.clone(),
        published: find_date(&entry.date).or_else(|| find_year(&entry.date)),
        ..Review::default()
    };
    let mut current: Option<FieldKind> = None;
    let mut background: Vec<String> = Vec::new();
    for i in from..to {
        let (p, text) = (&o.texts[i], &o.joined[i]);
        if let Some(f) = o.fields.iter().find(|f| f.at == i) {
            current = Some(f.kind);
            if !f.text.is_empty() {
                take(&mut r, &mut background, f.kind, &f.text, false);
                // A keyword line is whole; what follows it (the link to the
                // report, the page's footer) is not more keywords.
                if f.kind == FieldKind::Keywords {
                    current = None;
                }
            }
            continue;
        }
        if p.heading.is_some() {
            current = None;
            continue;
        }
        match current {
            None if r.summary.is_none() && p.list.is_none() => r.summary = Some(text.clone()),
            None => {}
            Some(kind) => take(&mut r, &mut background, kind, text, p.list.is_some()),
        }
    }
    if r.summary.is_none() && !background.is_empty() {
        r.summary = Some(background.join("\n\n"));
    }
    let region: String = o.joined[from.min(to)..to].join(" ");
    r.review_type = o.g.review_type(&region).map(str::to_string);
    r.commissioned = o.joined[from.min(to)..to]
        .iter()
        .find_map(|t| commissioned_year(t));
    r.links = document_links(o.texts[from.min(to)..to].iter().flat_map(|p| &p.links));
    r
}

/// Files a labelled paragraph's text (or a list item under its label) in
/// the review.
fn take(r: &mut Review, background: &mut Vec<String>, kind: FieldKind, text: &str, listed: bool) {
    let items = |text: &str| -> Vec<Item> {
        let parts = if listed {
            vec![text.to_string()]
        } else {
            points(text)
        };
        parts
            .into_iter()
            .map(|t| Item {
                text: t,
                ..Item::default()
            })
            .collect()
    };
    match kind {
        FieldKind::Background => background.push(text.to_string()),
        FieldKind::Lesson => r.lessons.extend(items(text)),
        FieldKind::Recommendation => r.recommendations.extend(items(text)),
        FieldKind::Finding => r.findings.extend(items(text)),
        FieldKind::Keywords => r.keywords.extend(keywords(text)),
        FieldKind::Ignore => {}
    }
}
