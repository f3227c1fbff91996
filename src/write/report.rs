//! The run report, `run.json`: every input with its status and reason.

use serde::{Deserialize, Serialize};

use crate::model::{Document, Warning};

/// Outcome of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written, no warnings.
    Ok,
    /// Written, with warnings.
    Warning,
    /// Not written.
    Failed,
}

/// Items found in a document, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Reviews.
    pub reviews: usize,
    /// Themes.
    pub themes: usize,
    /// Findings.
    pub findings: usize,
    /// Lessons (themed, review-level and document-level).
    pub lessons: usize,
    /// Recommendations.
    pub recommendations: usize,
    /// Actions.
    pub actions: usize,
    /// Measures.
    pub measures: usize,
    /// Dissemination rows.
    pub dissemination: usize,
}

impl Counts {
    /// Counts of `doc`.
    pub fn of(doc: &Document) -> Self {
        let mut c = Counts {
            reviews: doc.reviews.len(),
            lessons: doc.lessons.len(),
            ..Counts::default()
        };
        for r in &doc.reviews {
            c.themes += r.themes.len();
            c.lessons += r.lessons.len();
            c.recommendations += r.recommendations.len();
            c.dissemination += r.dissemination.len();
            for t in &r.themes {
                c.findings += t.findings.len();
                c.lessons += t.lessons.len();
                c.recommendations += t.recommendations.len();
                c.actions += t.actions.len();
                c.measures += t.measures.len();
            }
        }
        c
    }

    /// Adds `other` into `self`.
    pub fn add(&mut self, o: &Counts) {
        self.reviews += o.reviews;
        self.themes += o.themes;
        self.findings += o.findings;
        self.lessons += o.lessons;
        self.recommendations += o.recommendations;
        self.actions += o.actions;
        self.measures += o.measures;
        self.dissemination += o.dissemination;
    }
}

/// One input's line in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Input path relative to the input folder.
    pub path: String,
    /// Outcome.
    pub status: Status,
    /// Error code when failed (`encrypted`, `malformed`, `timeout`, ...).
    pub code: Option<String>,
    /// Why it failed, or the warnings summarised.
    pub reason: Option<String>,
    /// Where the JSON was written.
    pub output: Option<String>,
    /// Document family.
    pub document_type: Option<String>,
    /// Items per kind.
    pub counts: Counts,
    /// Warnings of the document.
    pub warnings: Vec<Warning>,
    /// Wall time spent on the file.
    pub ms: u64,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Inputs seen.
    pub files: usize,
    /// Written without warnings.
    pub ok: usize,
    /// Written with warnings.
    pub warning: usize,
    /// Not written.
    pub failed: usize,
    /// Items per kind over all documents.
    pub counts: Counts,
    /// Flat records written to items.jsonl / items.csv.
    pub items: usize,
    /// Wall time of the run.
    pub ms: u64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// Report format version.
    pub report_version: String,
    /// Tool version.
    pub tool_version: String,
    /// Input folder as given.
    pub input: String,
    /// Output folder as given.
    pub output: String,
    /// Per input, in discovery order.
    pub files: Vec<FileReport>,
    /// Totals.
    pub totals: Totals,
}
