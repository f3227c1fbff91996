//! The document model: what every run emits, one-to-one with
//! `schemas/scr-document.schema.json`.

use serde::{Deserialize, Serialize};

/// Version of the JSON contract carried by every document.
pub const SCHEMA_VERSION: &str = "1.3.0";

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PDF.
    Pdf,
    /// HTML page.
    Html,
    /// Already-extracted plain text.
    Text,
    /// Word document (Office Open XML), since 1.3.
    Docx,
    /// OpenDocument text, since 1.3.
    Odt,
}

impl Format {
    /// Human words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Pdf => "a PDF",
            Format::Html => "an HTML page",
            Format::Text => "plain text",
            Format::Docx => "a Word document (.docx)",
            Format::Odt => "an OpenDocument text (.odt)",
        }
    }
}

/// Which family of case-review document this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// A partnership's response to one review.
    Response,
    /// A web briefing on one or more reviews.
    Briefing,
    /// A briefing paper with numbered learning points.
    BriefingPaper,
    /// A listing of reviews, one entry each.
    Listing,
    /// A learning brief or seven-minute briefing on one review.
    LearningBrief,
    /// A news post or e-mail bulletin announcing reviews.
    News,
    /// A review's own report or executive summary (since 1.2).
    Report,
    /// None of the known shapes: not read as a case-review document.
    Unknown,
}

impl DocumentType {
    /// The name as written in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            DocumentType::Response => "response",
            DocumentType::Briefing => "briefing",
            DocumentType::BriefingPaper => "briefing_paper",
            DocumentType::Listing => "listing",
            DocumentType::LearningBrief => "learning_brief",
            DocumentType::News => "news",
            DocumentType::Report => "report",
            DocumentType::Unknown => "unknown",
        }
    }
}

/// Which family read a document, how sure it was, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The family that won (`unknown` when none explained the document).
    pub family: DocumentType,
    /// Its score, 0 to 1.
    pub confidence: f64,
    /// The evidence, in a few words.
    pub evidence: String,
    /// The best-scoring families, best first.
    pub candidates: Vec<Candidate>,
}

/// One family's score for a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The family.
    pub family: DocumentType,
    /// Its score, 0 to 1.
    pub score: f64,
}

/// One emitted document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Contract version, [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Where it came from.
    pub source: Source,
    /// Family.
    pub document_type: DocumentType,
    /// Partnership (or board) that published it.
    pub partnership: Option<String>,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Title as printed.
    pub title: Option<String>,
    /// Reviews covered.
    pub reviews: Vec<Review>,
    /// Learning of the document as a whole.
    pub lessons: Vec<Item>,
    /// Text not attributed to any item, for documents of unknown shape.
    pub paragraphs: Vec<String>,
    /// Problems worth a look.
    pub warnings: Vec<Warning>,
    /// Which family read it and why (since 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
}

/// Provenance of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the input folder (or as given).
    pub path: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Input format.
    pub format: Format,
    /// Page count, PDFs only.
    pub pages: Option<u32>,
    /// Metadata title.
    pub title: Option<String>,
    /// Producing application.
    pub producer: Option<String>,
}

/// One case review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Review {
    /// The child as the document names them.
    pub subject: String,
    /// Prefix of finding and lesson ids.
    pub code: Option<String>,
    /// The area as a listing entry prints it (since 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// `SCR`, `LCSPR`, `SILP`, ...
    pub review_type: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Year the review was commissioned or begun.
    pub commissioned: Option<String>,
    /// The child's story.
    pub summary: Option<String>,
    /// Agencies whose work was reviewed.
    pub agencies: Vec<String>,
    /// Themes in order.
    pub themes: Vec<Theme>,
    /// Findings not under a theme (a listing's key issues; since 1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Item>,
    /// Lessons not under a theme.
    pub lessons: Vec<Item>,
    /// Recommendations not under a theme.
    pub recommendations: Vec<Item>,
    /// Dissemination plan rows.
    pub dissemination: Vec<DisseminationRow>,
    /// Links to the review's documents.
    pub links: Vec<Link>,
    /// Keywords the document gives the review (since 1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The review type as printed; `review_type` is its code (since 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_type_printed: Option<String>,
    /// The title of a review known by no child (since 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A theme of a response document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Theme {
    /// Printed number.
    pub number: Option<u32>,
    /// Title after the number.
    pub title: String,
    /// Findings.
    pub findings: Vec<Item>,
    /// Lessons.
    pub lessons: Vec<Item>,
    /// Recommendations.
    pub recommendations: Vec<Item>,
    /// Partnership actions.
    pub actions: Vec<Item>,
    /// How success will be known.
    pub measures: Vec<Item>,
}

/// One finding, lesson, recommendation, action or measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Item {
    /// Normalised id (`G1.1`, `CH6`).
    pub id: Option<String>,
    /// Printed number.
    pub number: Option<u32>,
    /// Prose as printed, wrapped lines joined, without label or bullets.
    pub text: String,
    /// Bulleted points inside the item.
    pub points: Vec<String>,
    /// 1-based page where the item starts.
    pub page: Option<u32>,
    /// Stable identifier across runs and renderings.
    pub uid: String,
    /// The item's own heading, where the document gives one ("Learning
    /// point 2" then "Closing a plan needs evidence"; since 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// One row of a dissemination table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DisseminationRow {
    /// The learning; null when merged with the row above.
    pub learning: Option<String>,
    /// Specific actions.
    pub actions: Vec<String>,
    /// Owners (subgroups or agencies).
    pub owners: Vec<String>,
    /// Deadline as printed.
    pub deadline: Option<String>,
    /// Expected impact and how it will be tested.
    pub impact: Vec<String>,
}

/// A link to a related document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Anchor text.
    pub title: String,
    /// Target.
    pub href: String,
}

/// A non-fatal problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable code (`no_text_layer`, `unknown_shape`, ...).
    pub code: String,
    /// Explanation.
    pub message: String,
    /// Page concerned.
    pub page: Option<u32>,
}

impl Warning {
    /// A warning with no page.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
            page: None,
        }
    }
}

/// What an item of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A finding.
    Finding,
    /// A lesson.
    Lesson,
    /// A recommendation.
    Recommendation,
    /// A partnership action.
    Action,
    /// A success measure ("How will we know").
    Measure,
}

impl ItemKind {
    /// The name used in uids and flat records.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Finding => "finding",
            ItemKind::Lesson => "lesson",
            ItemKind::Recommendation => "recommendation",
            ItemKind::Action => "action",
            ItemKind::Measure => "measure",
        }
    }
}

/// Where an item sits in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of its review; `None` for the document's own lessons.
    pub review: Option<usize>,
    /// Index of its theme within the review, and the theme's number.
    pub theme: Option<(usize, Option<u32>)>,
    /// What it is.
    pub kind: ItemKind,
    /// 0-based position in its list.
    pub index: usize,
}

/// The lists of one theme, by kind, in the order they are read.
fn theme_lists(t: &Theme) -> [(ItemKind, &Vec<Item>); 5] {
    [
        (ItemKind::Finding, &t.findings),
        (ItemKind::Lesson, &t.lessons),
        (ItemKind::Recommendation, &t.recommendations),
        (ItemKind::Action, &t.actions),
        (ItemKind::Measure, &t.measures),
    ]
}

/// Visits every item of the tree once, in document order: each review's
/// themes (findings, lessons, recommendations, actions, measures), then the
/// review's own findings, lessons and recommendations, then the document's
/// lessons. Uids, flat records and counts all come from this one walk, so
/// they cannot disagree.
pub fn walk_items<'a>(
    reviews: &'a [Review],
    lessons: &'a [Item],
    mut f: impl FnMut(Place, &'a Item),
) {
    for (ri, r) in reviews.iter().enumerate() {
        for (ti, t) in r.themes.iter().enumerate() {
            for (kind, list) in theme_lists(t) {
                for (index, item) in list.iter().enumerate() {
                    let place = Place {
                        review: Some(ri),
                        theme: Some((ti, t.number)),
                        kind,
                        index,
                    };
                    f(place, item);
                }
            }
        }
        for (kind, list) in [
            (ItemKind::Finding, &r.findings),
            (ItemKind::Lesson, &r.lessons),
            (ItemKind::Recommendation, &r.recommendations),
        ] {
            for (index, item) in list.iter().enumerate() {
                let place = Place {
                    review: Some(ri),
                    theme: None,
                    kind,
                    index,
                };
                f(place, item);
            }
        }
    }
    for (index, item) in lessons.iter().enumerate() {
        let place = Place {
            review: None,
            theme: None,
            kind: ItemKind::Lesson,
            index,
        };
        f(place, item);
    }
}

/// [`walk_items`], with each item open to change; the same order.
pub fn walk_items_mut(
    reviews: &mut [Review],
    lessons: &mut [Item],
    mut f: impl FnMut(Place, &mut Item),
) {
    for (ri, r) in reviews.iter_mut().enumerate() {
        for (ti, t) in r.themes.iter_mut().enumerate() {
            let number = t.number;
            for (kind, list) in [
                (ItemKind::Finding, &mut t.findings),
                (ItemKind::Lesson, &mut t.lessons),
                (ItemKind::Recommendation, &mut t.recommendations),
                (ItemKind::Action, &mut t.actions),
                (ItemKind::Measure, &mut t.measures),
            ] {
                for (index, item) in list.iter_mut().enumerate() {
                    let place = Place {
                        review: Some(ri),
                        theme: Some((ti, number)),
                        kind,
                        index,
                    };
                    f(place, item);
                }
            }
        }
        for (kind, list) in [
            (ItemKind::Finding, &mut r.findings),
            (ItemKind::Lesson, &mut r.lessons),
            (ItemKind::Recommendation, &mut r.recommendations),
        ] {
            for (index, item) in list.iter_mut().enumerate() {
                let place = Place {
                    review: Some(ri),
                    theme: None,
                    kind,
                    index,
                };
                f(place, item);
            }
        }
    }
    for (index, item) in lessons.iter_mut().enumerate() {
        let place = Place {
            review: None,
            theme: None,
            kind: ItemKind::Lesson,
            index,
        };
        f(place, item);
    }
}
