//! Segment: layout blocks to the document model, by the label grammar of
//! each document family.

pub mod briefing;
pub mod dates;
pub mod front;
pub mod item;
pub mod labels;
pub mod numbered;
pub mod pieces;
pub mod response;
pub mod table;
pub mod text;
pub mod uid;

use crate::layout::Block;
use crate::model::{DocumentType, Item, Review, Warning};
use labels::LabelKind;
use pieces::{Piece, TextPiece, text_pieces};
use text::join_lines;

/// What segmentation found, before provenance is attached.
#[derive(Debug, Clone)]
pub struct Segmented {
    /// Family.
    pub document_type: DocumentType,
    /// Partnership.
    pub partnership: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Title as printed.
    pub title: Option<String>,
    /// Reviews.
    pub reviews: Vec<Review>,
    /// Document-level learning.
    pub lessons: Vec<Item>,
    /// Paragraphs of a document of unknown shape.
    pub paragraphs: Vec<String>,
    /// Problems.
    pub warnings: Vec<Warning>,
}

/// How strongly the blocks look like each family.
fn classify(blocks: &[Block], texts: &[TextPiece]) -> DocumentType {
    let labels: Vec<LabelKind> = pieces::pieces(blocks)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Label { label, .. } if !label.bare => Some(label.kind),
            Piece::Label { .. } => None,
            Piece::Text(_) => None,
        })
        .collect();
    let count = |k: LabelKind| labels.iter().filter(|l| **l == k).count();
    let items = count(LabelKind::Finding) + count(LabelKind::Lesson);
    if count(LabelKind::Theme) >= 1 && items >= 1 || items >= 3 {
        return DocumentType::Response;
    }
    if briefing::looks_like_briefing(texts) {
        return DocumentType::Briefing;
    }
    if numbered::longest_run(texts).is_some_and(|(_, items, _)| items.len() >= 3) {
        return DocumentType::BriefingPaper;
    }
    DocumentType::Unknown
}

/// Segments the blocks of one document. `title_hint` is the metadata
/// title, used when the text names no partnership.
pub fn segment(blocks: &[Block], title_hint: Option<&str>) -> Segmented {
    let texts = text_pieces(blocks);
    let document_type = classify(blocks, &texts);
    let mut s = Segmented {
        document_type,
        partnership: None,
        published: None,
        title: None,
        reviews: Vec::new(),
        lessons: Vec::new(),
        paragraphs: Vec::new(),
        warnings: Vec::new(),
    };
    let all_text = || texts.iter().map(|p| join_lines(&p.lines));
    match document_type {
        DocumentType::Response => {
            let r = response::segment(blocks);
            s.partnership = r.partnership;
            s.published = r.published;
            s.title = r.title;
            s.reviews.push(r.review);
        }
        DocumentType::Briefing => {
            s.reviews = briefing::segment(&texts);
            s.title = texts
                .iter()
                .find(|p| p.heading == Some(1))
                .or(texts.first())
                .map(|p| join_lines(&p.lines));
            if s.reviews.len() == 1 {
                s.published = s.reviews[0].published.clone();
            }
        }
        DocumentType::BriefingPaper => {
            if let Some((start, items, _)) = numbered::longest_run(&texts) {
                s.lessons = items;
                let intro: Vec<String> = texts[..start]
                    .iter()
                    .map(|p| join_lines(&p.lines))
                    .collect();
                s.title = intro.first().cloned();
                s.published = intro.iter().find_map(|t| dates::find_date(t));
            }
        }
        DocumentType::Unknown => {
            s.paragraphs = all_text().collect();
            s.title = s.paragraphs.first().cloned();
            s.warnings.push(Warning::new(
                "unknown_shape",
                "no themes, findings, lessons or numbered learning points found: not a case-review document?",
            ));
        }
    }
    if s.partnership.is_none() {
        s.partnership = all_text()
            .find_map(|t| front::find_partnership(&t))
            .or_else(|| title_hint.and_then(front::find_partnership));
    }
    check(&mut s);
    s
}

/// Warnings a data officer should see: structure that reads as incomplete.
fn check(s: &mut Segmented) {
    for r in &s.reviews {
        if r.subject.is_empty() && s.document_type == DocumentType::Response {
            s.warnings.push(Warning::new(
                "no_subject",
                "the review's child could not be named from the title",
            ));
        }
        for t in &r.themes {
            if t.findings.is_empty() && t.lessons.is_empty() && t.recommendations.is_empty() {
                s.warnings.push(Warning::new(
                    "empty_theme",
                    format!(
                        "theme {} has no findings, lessons or recommendations",
                        t.number.map_or("?".into(), |n| n.to_string())
                    ),
                ));
            }
        }
        if s.document_type == DocumentType::Briefing && r.lessons.is_empty() {
            s.warnings.push(Warning::new(
                "no_lessons",
                format!("no numbered lessons found for {}", r.subject),
            ));
        }
    }
    if s.document_type == DocumentType::Briefing && s.reviews.is_empty() {
        s.warnings
            .push(Warning::new("no_reviews", "no briefing found on the page"));
    }
}

/// Gives every item its stable uid: `area/subject/kind/key`.
pub fn assign_uids(
    partnership: Option<&str>,
    title: Option<&str>,
    reviews: &mut [Review],
    lessons: &mut [Item],
) {
    let area = uid::area(partnership);
    let key = |item: &Item, ordinal: usize| {
        item.id
            .clone()
            .or(item.number.map(|n| n.to_string()))
            .unwrap_or_else(|| format!("n{ordinal}"))
    };
    for r in reviews.iter_mut() {
        let subject = if r.subject.is_empty() {
            "review"
        } else {
            r.subject.as_str()
        };
        for (ti, t) in r.themes.iter_mut().enumerate() {
            let tkey = t
                .number
                .map_or(format!("t{}", ti + 1), |n| format!("theme{n}"));
            for (kind, list) in [
                ("finding", &mut t.findings),
                ("lesson", &mut t.lessons),
                ("recommendation", &mut t.recommendations),
            ] {
                for (i, item) in list.iter_mut().enumerate() {
                    item.uid = uid::uid(&area, subject, kind, &key(item, i + 1));
                }
            }
            for (kind, list) in [("action", &mut t.actions), ("measure", &mut t.measures)] {
                for (i, item) in list.iter_mut().enumerate() {
                    item.uid = uid::uid(&area, subject, kind, &format!("{tkey}-{}", i + 1));
                }
            }
        }
        for (kind, list) in [
            ("lesson", &mut r.lessons),
            ("recommendation", &mut r.recommendations),
        ] {
            for (i, item) in list.iter_mut().enumerate() {
                item.uid = uid::uid(&area, subject, kind, &key(item, i + 1));
            }
        }
    }
    let doc_subject = title.unwrap_or("document");
    for (i, item) in lessons.iter_mut().enumerate() {
        item.uid = uid::uid(&area, doc_subject, "lesson", &key(item, i + 1));
    }
}
