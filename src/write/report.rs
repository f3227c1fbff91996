//! The run report, `run.json`: every input with its status and reason.

use serde::{Deserialize, Serialize};

use crate::discover::Skipped;
use crate::model::{Document, ItemKind, Warning, walk_items};

/// Report format version; 2 added the transaction fields (`status`,
/// `generation`, `summary_files`, `skipped`, `stale`, `removed`,
/// `not_reached`, `reused`); 2.1 added `build` and `notices`, and each
/// file's `output` is relative to the output folder; 2.2 added each
/// written file's facts (hash, size, title, area, reviews, `duplicate_of`).
pub const REPORT_VERSION: &str = "2.2.0";

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Every input was dealt with.
    Complete,
    /// Stopped by a signal; `files` holds what was done, `not_reached`
    /// the rest, which the next run picks up.
    Interrupted,
}

/// A summary file the report vouches for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSeal {
    /// File name inside the generation.
    pub name: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

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
            ..Counts::default()
        };
        for r in &doc.reviews {
            c.themes += r.themes.len();
            c.dissemination += r.dissemination.len();
        }
        walk_items(&doc.reviews, &doc.lessons, |place, _| match place.kind {
            ItemKind::Finding => c.findings += 1,
            ItemKind::Lesson => c.lessons += 1,
            ItemKind::Recommendation => c.recommendations += 1,
            ItemKind::Action => c.actions += 1,
            ItemKind::Measure => c.measures += 1,
        });
        c
    }

    /// Items of every kind, dissemination rows included: the records
    /// they make in `items.jsonl`.
    pub fn items(&self) -> usize {
        self.findings
            + self.lessons
            + self.recommendations
            + self.actions
            + self.measures
            + self.dissemination
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
    /// Where the JSON was written, relative to the output folder (so it
    /// survives a move of the folder).
    pub output: Option<String>,
    /// Document family.
    pub document_type: Option<String>,
    /// Items per kind.
    pub counts: Counts,
    /// Warnings of the document.
    pub warnings: Vec<Warning>,
    /// Wall time spent on the file.
    pub ms: u64,
    /// The document of an earlier run was still current and kept.
    #[serde(default)]
    pub reused: bool,
    /// What the document says of itself and its reviews, for the tables
    /// (since 2.2).
    #[serde(flatten)]
    pub facts: DocFacts,
}

/// What a written document says of itself: the documents table's row and
/// its reviews, kept in `run.json` so a rerun that reuses the document
/// has them without reading it again (since 2.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFacts {
    /// SHA-256 of the input's bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The input's size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// `pdf`, `html` or `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// How sure the family was, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The document's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The partnership as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership: Option<String>,
    /// The area the partnership serves, one spelling per area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The document's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Pages (PDFs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// The reviews the document covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<ReviewFacts>,
    /// An earlier input of this run with the same bytes: this one's items
    /// are not repeated in the tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// One review as a document gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFacts {
    /// `area/subject`: the same review in every document that names it.
    pub key: String,
    /// The area, one spelling per area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The child, or empty.
    pub subject: String,
    /// The title of a review known by no child.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Prefix of finding and lesson ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The review type's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_type: Option<String>,
    /// The review type as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_type_printed: Option<String>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Year commissioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioned: Option<String>,
    /// Items of this review in the document, per kind.
    pub counts: Counts,
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
    /// Of the written, kept from an earlier run unchanged.
    #[serde(default)]
    pub reused: usize,
    /// Entries met by discovery and not read (see `skipped`).
    #[serde(default)]
    pub skipped: usize,
    /// Inputs an interrupted run did not reach.
    #[serde(default)]
    pub not_reached: usize,
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
    /// The build identity (version and a digest of the executable); only
    /// the same build reuses this run's documents.
    #[serde(default)]
    pub build: String,
    /// Input folder as given.
    pub input: String,
    /// Output folder as given.
    pub output: String,
    /// Complete or interrupted.
    pub status: RunStatus,
    /// The generation this report belongs to (`.scr-ingest/gen-N`).
    pub generation: u64,
    /// The other files of the summary set, with their hashes: a reader
    /// that finds them equal knows it holds one run's set.
    pub summary_files: Vec<FileSeal>,
    /// Per input, in discovery order.
    pub files: Vec<FileReport>,
    /// Entries that are not read, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Documents of inputs that failed, vanished or were renamed, kept
    /// because of `--keep-stale` or an interruption (output paths).
    pub stale: Vec<String>,
    /// Such documents removed by this run (output paths).
    pub removed: Vec<String>,
    /// Inputs an interrupted run did not reach.
    pub not_reached: Vec<String>,
    /// What the run found and did about it outside any one input: a seal
    /// that did not match, a copied folder repaired, documents kept that
    /// another output folder or the inputs own.
    #[serde(default)]
    pub notices: Vec<String>,
    /// Totals.
    pub totals: Totals,
}

impl RunReport {
    /// The end summary's groups, largest first: “3 need a password”,
    /// “2 need OCR”, “4 skipped: unsupported type”.
    pub fn groups(&self) -> Vec<String> {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for f in &self.files {
            match f.status {
                Status::Failed => {
                    let wrong = f
                        .reason
                        .as_deref()
                        .is_some_and(|r| r.contains("wrong password"));
                    let what = match f.code.as_deref().unwrap_or("") {
                        "encrypted" if wrong => "have a wrong password".to_string(),
                        "encrypted" => "need a password".to_string(),
                        "timeout" => "timed out".into(),
                        "crashed" => "crashed the reader".into(),
                        "wrong_format" => "are not what their name says".into(),
                        "empty" => "are empty".into(),
                        "malformed" => "are damaged".into(),
                        "limit_exceeded" => "are over a limit".into(),
                        "undecodable" => "cannot be decoded".into(),
                        "io" => "cannot be read".into(),
                        "invalid" => "failed validation".into(),
                        other => format!("failed: {other}"),
                    };
                    *counts.entry(what).or_default() += 1;
                }
                _ => {
                    let mut codes: Vec<&str> = f.warnings.iter().map(|w| w.code.as_str()).collect();
                    codes.sort_unstable();
                    codes.dedup();
                    for code in codes {
                        let what = match code {
                            "no_text_layer" => "need OCR".to_string(),
                            "truncated" => "are truncated".into(),
                            other => format!("warned {}", other.replace('_', " ")),
                        };
                        *counts.entry(what).or_default() += 1;
                    }
                }
            }
        }
        for s in &self.skipped {
            *counts
                .entry(format!("skipped: {}", s.reason.replace('_', " ")))
                .or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter()
            .map(|(what, n)| match (n, what.split_once(' ')) {
                (1, Some(("need", rest))) => format!("1 needs {rest}"),
                (1, Some(("are", rest))) => format!("1 is {rest}"),
                (1, Some(("have", rest))) => format!("1 has {rest}"),
                _ => format!("{n} {what}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(path: &str, status: Status, code: Option<&str>, warning: Option<&str>) -> FileReport {
        FileReport {
            path: path.into(),
            status,
            code: code.map(str::to_string),
            reason: None,
            output: None,
            document_type: None,
            counts: Counts::default(),
            warnings: warning
                .map(|w| vec![Warning::new(w, "x")])
                .unwrap_or_default(),
            ms: 0,
            reused: false,
            facts: DocFacts::default(),
        }
    }

    #[test]
    fn groups_count_failures_warnings_and_skips() {
        let report = RunReport {
            report_version: REPORT_VERSION.into(),
            tool_version: "0".into(),
            build: String::new(),
            input: "in".into(),
            output: "out".into(),
            status: RunStatus::Complete,
            generation: 1,
            summary_files: Vec::new(),
            files: vec![
                line("a.pdf", Status::Failed, Some("encrypted"), None),
                line("b.pdf", Status::Failed, Some("encrypted"), None),
                FileReport {
                    reason: Some("encrypted: wrong password".into()),
                    ..line("w.pdf", Status::Failed, Some("encrypted"), None)
                },
                line("c.pdf", Status::Warning, None, Some("no_text_layer")),
                line("d.pdf", Status::Ok, None, None),
            ],
            skipped: vec![Skipped {
                path: "x.xlsx".into(),
                reason: "unsupported_type".into(),
                detail: String::new(),
            }],
            stale: Vec::new(),
            removed: Vec::new(),
            not_reached: Vec::new(),
            notices: Vec::new(),
            totals: Totals::default(),
        };
        assert_eq!(
            report.groups(),
            [
                "2 need a password",
                "1 has a wrong password",
                "1 needs OCR",
                "1 skipped: unsupported type"
            ]
        );
    }
}
