//! Document families as units: each scores how much of a document's
//! outline it explains, and the best one segments it.
//!
//! A family owns its rules: a new spelling for one family's labels is a
//! grammar row, and a change to one family's scoring cannot change how the
//! others read a document, only which one wins.

pub mod brief;
pub mod briefing;
pub mod listing;
pub mod news;
pub mod paper;
pub mod report;
pub mod response;

use super::Segmented;
use super::outline::Outline;
use crate::model::DocumentType;

/// How well a family explains a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// 0 (explains nothing) to 1 (explains it all).
    pub value: f32,
    /// The evidence, in a few words ("3 themes, 12 labelled items").
    pub evidence: String,
}

impl Score {
    /// A score clamped to 0..=1.
    pub fn new(value: f32, evidence: impl Into<String>) -> Self {
        Score {
            value: value.clamp(0.0, 1.0),
            evidence: evidence.into(),
        }
    }
}

/// One family of case-review documents.
pub trait Family: Sync {
    /// The `document_type` it emits.
    fn kind(&self) -> DocumentType;
    /// How much of the outline it explains; `None` when it finds none of
    /// its shape at all.
    fn score(&self, o: &Outline) -> Option<Score>;
    /// The document as this family reads it.
    fn segment(&self, o: &Outline) -> Segmented;
}

/// Every family, in the order that breaks ties: the more specific first.
pub static FAMILIES: [&dyn Family; 7] = [
    &report::Report,
    &response::Response,
    &listing::Listing,
    &briefing::WebBriefing,
    &brief::LearningBrief,
    &news::News,
    &paper::BriefingPaper,
];

/// Below this, no family explains the document.
pub const THRESHOLD: f32 = 0.35;

/// The families' scores, best first (ties in [`FAMILIES`] order).
pub fn ranked(o: &Outline) -> Vec<(&'static dyn Family, Score)> {
    let mut out: Vec<(&'static dyn Family, Score)> = FAMILIES
        .iter()
        .filter_map(|f| f.score(o).map(|s| (*f, s)))
        .collect();
    // A stable sort keeps the tie order.
    out.sort_by(|a, b| b.1.value.total_cmp(&a.1.value));
    out
}
