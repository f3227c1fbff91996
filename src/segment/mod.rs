//! Segment: layout blocks to the document model, by the label grammar of
//! each document family.

mod counts;
pub mod dates;
pub mod family;
pub mod front;
pub mod grammar;
pub mod identity;
pub mod item;
pub mod labels;
pub mod numbered;
pub mod outline;
pub mod pieces;
pub(crate) mod reviews;
pub mod split;
pub mod table;
pub mod text;
pub mod uid;

use std::collections::HashMap;

use crate::block::Block;
use crate::model::{
    Candidate, Classification, DocumentType, Item, ItemKind, Review, Warning, walk_items_mut,
};
use grammar::Grammar;
use outline::Outline;

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
    /// Which family read it, how sure, and why.
    pub classification: Option<Classification>,
}

impl Segmented {
    /// An empty result of one family.
    pub fn new(document_type: DocumentType) -> Self {
        Segmented {
            document_type,
            partnership: None,
            published: None,
            title: None,
            reviews: Vec::new(),
            lessons: Vec::new(),
            paragraphs: Vec::new(),
            warnings: Vec::new(),
            classification: None,
        }
    }
}

/// Segments the blocks of one document. `title_hint` is the metadata
/// title, used when the text names no partnership or child.
///
/// Every family scores the outline; the best wins if it explains enough of
/// it and the text speaks of case reviews at all. Otherwise the document is
/// `unknown`, keeps its paragraphs and yields no items: a guideline's
/// numbered references are not lessons.
pub fn segment(blocks: &[Block], title_hint: Option<&str>, g: &Grammar) -> Segmented {
    let _words = text::Vocabulary::set(blocks.iter().map(|b| b.text.as_str()));
    let o = Outline::new(g, blocks, title_hint);
    // A text that names no review is not one, whatever its shape: the
    // families need not be asked.
    let ranked = if o.review_mentions == 0 {
        Vec::new()
    } else {
        family::ranked(&o)
    };
    let candidates: Vec<Candidate> = ranked
        .iter()
        .take(3)
        .map(|(f, sc)| Candidate {
            family: f.kind(),
            score: round2(sc.value),
        })
        .collect();
    let best = ranked
        .first()
        .filter(|(_, sc)| sc.value >= family::THRESHOLD && o.review_mentions > 0);
    // Which reviews the text names is decided from what it says, whatever
    // its layout; a family then reads the items its shape holds.
    let found = reviews::find(&o);
    let mut s = match best {
        Some((f, sc)) => {
            let mut s = f.segment(&o);
            s.classification = Some(Classification {
                family: f.kind(),
                confidence: round2(sc.value),
                evidence: sc.evidence.clone(),
                candidates,
            });
            s
        }
        None => {
            if found.is_empty() {
                unknown(
                    &o,
                    ranked.first().map(|(f, sc)| (f.kind(), sc)),
                    candidates,
                    false,
                )
            } else {
                named_reviews(
                    &o,
                    found.clone(),
                    ranked.first().map(|(f, _)| f.kind()),
                    candidates,
                )
            }
        }
    };
    if s.partnership.is_none() {
        s.partnership = o
            .joined
            .iter()
            .find_map(|t| front::find_partnership(g, t))
            .or_else(|| title_hint.and_then(|t| front::find_partnership(g, t)));
    }
    name_subjects(&mut s, &o);
    date_reviews(&mut s, &o);
    if best.is_some() {
        let family = std::mem::take(&mut s.reviews);
        s.reviews = reviews::merge(o.g, s.document_type, family, found);
        // A shape read with no review left in it (a page on what reviews
        // are) is no review document.
        if s.reviews.is_empty() && s.lessons.is_empty() {
            let candidates = s
                .classification
                .take()
                .map(|c| c.candidates)
                .unwrap_or_default();
            return unknown(&o, None, candidates, true);
        }
    }
    check(&mut s);
    let text = counts::Text {
        pieces: &o.texts,
        joined: &o.joined,
    };
    let gaps = counts::check(&s.reviews, &s.lessons, &text);
    s.warnings.extend(gaps);
    s
}

fn round2(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

/// A document no family explains: its paragraphs, no items, and why.
fn unknown(
    o: &Outline,
    best: Option<(DocumentType, &family::Score)>,
    candidates: Vec<Candidate>,
    publishes_none: bool,
) -> Segmented {
    let mut s = Segmented::new(DocumentType::Unknown);
    s.paragraphs = o.joined.clone();
    s.title = o.title();
    let why = match best {
        _ if publishes_none => {
            "the text speaks of case reviews but names, dates or describes none it publishes".to_string()
        }
        _ if o.review_mentions == 0 => {
            "the text names no case review (no serious case review, practice review, SCR, LCSPR or the like)".to_string()
        }
        Some((kind, sc)) => format!(
            "no family explains it well enough: best {} at {:.2} ({})",
            kind.name(),
            sc.value,
            sc.evidence
        ),
        None => "no themes, findings, lessons, listing entries or numbered learning points found".to_string(),
    };
    s.warnings.push(Warning::new(
        "not_a_case_review",
        format!("not read as a case-review document: {why}; no items extracted"),
    ));
    s.classification = Some(Classification {
        family: DocumentType::Unknown,
        confidence: 0.0,
        evidence: why,
        candidates,
    });
    s
}

/// A document no family explains that names reviews: the reviews, with
/// what the text says of each, and no items a family would read.
fn named_reviews(
    o: &Outline,
    found: Vec<Review>,
    nearest: Option<DocumentType>,
    candidates: Vec<Candidate>,
) -> Segmented {
    // A page naming several reviews that no family reads is a listing of
    // them; one naming one review is read as the family nearest its shape.
    let kind = if found.len() > 1 {
        DocumentType::Listing
    } else {
        nearest.unwrap_or(DocumentType::News)
    };
    let mut s = Segmented::new(kind);
    s.title = o.title();
    let evidence = format!(
        "{} review{} named in the text; no family explains its layout",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    s.reviews = found;
    s.classification = Some(Classification {
        family: kind,
        confidence: 0.0,
        evidence,
        candidates,
    });
    s
}

/// A review with no subject takes the child the document's title names
/// ("Learning from Serious Case Reviews – Child Z").
fn name_subjects(s: &mut Segmented, o: &Outline) {
    let titles: Vec<String> = s
        .title
        .iter()
        .cloned()
        .chain(o.title_hint.map(str::to_string))
        .chain(o.headings.iter().take(3).map(|h| h.text.clone()))
        .collect();
    let from_title = titles
        .iter()
        .find_map(|t| identity::subject_of_title(o.g, t));
    let lone = s.reviews.len() == 1;
    for r in s.reviews.iter_mut() {
        if r.subject.is_empty()
            && lone
            && let Some(subject) = &from_title
        {
            r.subject = subject.clone();
        }
        if r.code.is_none() {
            r.code = identity::code_of(o.g, &r.subject);
        }
    }
}

/// A document about one review dates it: a response's month is its
/// review's publication month.
fn date_reviews(s: &mut Segmented, o: &Outline) {
    // A news post dates the reviews it says it publishes today; a review it
    // relays or recalls keeps the date its text gives, or none.
    let today = || {
        o.joined.iter().any(|t| {
            reviews::entry::sentences(t)
                .into_iter()
                .any(reviews::entry::published_today)
        })
    };
    if s.document_type == DocumentType::News && today() {
        for r in s.reviews.iter_mut().filter(|r| r.published.is_none()) {
            r.published = s.published.clone();
        }
    }
    if s.reviews.len() == 1
        && s.reviews[0].published.is_none()
        && matches!(
            s.document_type,
            DocumentType::Response | DocumentType::LearningBrief | DocumentType::Report
        )
    {
        s.reviews[0].published = s.published.clone();
    }
}

/// Warnings a data officer should see: structure that reads as incomplete.
fn check(s: &mut Segmented) {
    for r in &s.reviews {
        if r.subject.is_empty() {
            s.warnings.push(Warning::new(
                "no_subject",
                "the review's child could not be named from the title or the text; its items' uids are keyed by the document's title and date instead",
            ));
        }
        // A response's theme holds its items; a news post's key themes are
        // titles only.
        for t in r
            .themes
            .iter()
            .filter(|_| s.document_type == DocumentType::Response)
        {
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

/// What identifies a review across documents: its area (as a slug) and
/// its subject (the child, or for a review known by no child, the
/// document's title and date). `area/slug(subject)` is the review key, and
/// the head of its items' uids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewKey {
    /// The area's slug, `unknown` when the text names none.
    pub area: String,
    /// The subject the uids are keyed by.
    pub subject: String,
}

impl ReviewKey {
    /// `area/subject-slug`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.area, uid::slug(&self.subject))
    }
}

fn unnamed_key(title: Option<&str>, published: Option<&str>) -> String {
    format!(
        "untitled-{}-{}",
        title.map_or("document".to_string(), uid::slug),
        published.unwrap_or("undated")
    )
}

/// The key of each review of a document. A listing entry that prints its
/// own area is that area's review, whoever publishes the listing.
pub fn review_keys(
    partnership: Option<&str>,
    title: Option<&str>,
    published: Option<&str>,
    reviews: &[Review],
) -> Vec<ReviewKey> {
    let area = uid::area(partnership);
    let g = crate::segment::grammar::Grammar::built_in();
    reviews
        .iter()
        .map(|r| ReviewKey {
            // An entry that prints an area keys its review by it; one that
            // withholds it ("Anonymous") is no area's, not the publisher's.
            area: match r.area.as_deref() {
                Some(a) => {
                    uid::area_name(&g, a).map_or_else(|| "unknown".into(), |a| uid::slug(&a))
                }
                None => area.clone(),
            },
            subject: if r.subject.is_empty() {
                unnamed_key(title, published)
            } else {
                r.subject.clone()
            },
        })
        .collect()
}

/// Gives every item its stable uid, `area/subject/kind/key`, and returns a
/// warning for each uid the document printed twice.
///
/// A review without a subject is keyed by the document's title and date,
/// so that two unnamed reviews of two documents never share uids. Items
/// numbered per theme ("Recommendation 1" under each theme) would collide:
/// the second and later get the theme's key, and a warning says so.
pub fn assign_uids(
    partnership: Option<&str>,
    title: Option<&str>,
    published: Option<&str>,
    reviews: &mut [Review],
    lessons: &mut [Item],
) -> Vec<Warning> {
    let area = uid::area(partnership);
    let keys = review_keys(partnership, title, published, reviews);
    let unnamed = unnamed_key(title, published);
    let key = |item: &Item, ordinal: usize| {
        item.id
            .clone()
            .or(item.number.map(|n| n.to_string()))
            .unwrap_or_else(|| format!("n{ordinal}"))
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    let mut give = |item: &mut Item, uid: String, qualifier: &str| {
        let n = seen.entry(uid.clone()).or_insert(0);
        *n += 1;
        item.uid = if *n == 1 {
            uid
        } else {
            warnings.push(Warning::new(
                "duplicate_uid",
                format!("{uid} is printed more than once; this one is {uid}@{qualifier}"),
            ));
            format!("{uid}@{qualifier}")
        };
    };
    let doc_subject = title.map_or(unnamed, str::to_string);
    walk_items_mut(reviews, lessons, |place, item| {
        let subject = place
            .review
            .map_or(doc_subject.as_str(), |r| keys[r].subject.as_str());
        let kind = place.kind.name();
        let ordinal = place.index + 1;
        let area = place
            .review
            .map_or(area.as_str(), |r| keys[r].area.as_str());
        match place.theme {
            Some((ti, number)) => {
                let tkey = number.map_or(format!("t{}", ti + 1), |n| format!("theme{n}"));
                // Actions and measures carry no printed number: their place
                // in the theme is their key.
                if matches!(place.kind, ItemKind::Action | ItemKind::Measure) {
                    let u = uid::uid(area, subject, kind, &format!("{tkey}-{ordinal}"));
                    give(item, u, &format!("{ordinal}"));
                } else {
                    let u = uid::uid(area, subject, kind, &key(item, ordinal));
                    give(item, u, &format!("{tkey}-{ordinal}"));
                }
            }
            None => {
                let u = uid::uid(area, subject, kind, &key(item, ordinal));
                give(item, u, &format!("n{ordinal}"));
            }
        }
    });
    warnings
}
