//! The documents and reviews tables: one row per input and one per
//! review, built from the run's file lines, as JSONL and CSV.

use std::collections::BTreeMap;

use serde::Serialize;

use super::items::{LIST_SEPARATOR, csv_table};
use super::report::{FileReport, Status};

/// One input: what it is, what became of it, what it holds. Whether a
/// run reused its document is the run's business (`run.json`), so the
/// table of a folder is the same after a rerun.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    /// Input path relative to the input folder.
    pub path: String,
    /// The document, relative to the output folder (written inputs).
    pub output: Option<String>,
    /// SHA-256 of the input's bytes.
    pub sha256: Option<String>,
    /// Input size.
    pub bytes: Option<u64>,
    /// `pdf`, `html`, `text`.
    pub format: Option<String>,
    /// The family that read it.
    pub document_type: Option<String>,
    /// How sure the family was.
    pub confidence: Option<f64>,
    /// `ok`, `warning`, `failed`.
    pub status: &'static str,
    /// Why it failed (a stable code).
    pub code: Option<String>,
    /// Why it failed, or its warnings, in words.
    pub reason: Option<String>,
    /// Warnings.
    pub warnings: usize,
    /// Their codes, each once.
    pub warning_codes: Vec<String>,
    /// Title.
    pub title: Option<String>,
    /// Partnership as printed.
    pub partnership: Option<String>,
    /// Area, one spelling per area.
    pub area: Option<String>,
    /// The document's date.
    pub published: Option<String>,
    /// Pages.
    pub pages: Option<u32>,
    /// Reviews it covers.
    pub reviews: usize,
    /// Their keys.
    pub review_keys: Vec<String>,
    /// Items it holds (0 for a duplicate: its twin's are the ones in the
    /// tables).
    pub items: usize,
    /// An earlier input with the same bytes.
    pub duplicate_of: Option<String>,
}

/// One review, however many documents name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    /// `area/subject`, as items' `review_key`.
    pub review_key: String,
    /// The child, or empty for a review known by no child.
    pub subject: String,
    /// The title of a review known by no child.
    pub title: Option<String>,
    /// Prefix of finding and lesson ids.
    pub code: Option<String>,
    /// The review type's code (`SCR`, `LCSPR`, …).
    pub review_type: Option<String>,
    /// The review type as printed.
    pub review_type_printed: Option<String>,
    /// Area, one spelling per area.
    pub area: Option<String>,
    /// Partnership as printed by the first document naming it.
    pub partnership: Option<String>,
    /// Publication date (the first document giving one).
    pub published: Option<String>,
    /// Year of publication, for grouping.
    pub year: Option<u32>,
    /// Year commissioned.
    pub commissioned: Option<String>,
    /// The documents naming it, in input order.
    pub documents: Vec<String>,
    /// Items about it in all those documents.
    pub items: usize,
    /// Findings.
    pub findings: usize,
    /// Lessons.
    pub lessons: usize,
    /// Recommendations.
    pub recommendations: usize,
    /// Actions.
    pub actions: usize,
    /// Measures.
    pub measures: usize,
}

/// The documents table, in input order.
pub fn documents(files: &[FileReport]) -> Vec<DocumentRow> {
    files
        .iter()
        .map(|f| {
            let mut codes: Vec<String> = f.warnings.iter().map(|w| w.code.clone()).collect();
            codes.sort();
            codes.dedup();
            let c = &f.counts;
            let items = c.items();
            DocumentRow {
                path: f.path.clone(),
                output: f.output.clone(),
                sha256: f.facts.sha256.clone(),
                bytes: f.facts.bytes,
                format: f.facts.format.clone(),
                document_type: f.document_type.clone(),
                confidence: f.facts.confidence,
                status: match f.status {
                    Status::Ok => "ok",
                    Status::Warning => "warning",
                    Status::Failed => "failed",
                },
                code: f.code.clone(),
                reason: f.reason.clone(),
                warnings: f.warnings.len(),
                warning_codes: codes,
                title: f.facts.title.clone(),
                partnership: f.facts.partnership.clone(),
                area: f.facts.area.clone(),
                published: f.facts.published.clone(),
                pages: f.facts.pages,
                reviews: f.facts.reviews.len(),
                review_keys: f.facts.reviews.iter().map(|r| r.key.clone()).collect(),
                items: if f.facts.duplicate_of.is_some() {
                    0
                } else {
                    items
                },
                duplicate_of: f.facts.duplicate_of.clone(),
            }
        })
        .collect()
}

/// The reviews table, by key: each review once, its fields from the first
/// document that gives them, its items summed over the documents naming
/// it (duplicates of an input left out).
pub fn reviews(files: &[FileReport]) -> Vec<ReviewRow> {
    let mut by_key: BTreeMap<String, ReviewRow> = BTreeMap::new();
    for f in files {
        if f.status == Status::Failed || f.facts.duplicate_of.is_some() {
            continue;
        }
        for r in &f.facts.reviews {
            let row = by_key.entry(r.key.clone()).or_insert_with(|| ReviewRow {
                review_key: r.key.clone(),
                subject: r.subject.clone(),
                title: None,
                code: None,
                review_type: None,
                review_type_printed: None,
                area: None,
                partnership: None,
                published: None,
                year: None,
                commissioned: None,
                documents: Vec::new(),
                items: 0,
                findings: 0,
                lessons: 0,
                recommendations: 0,
                actions: 0,
                measures: 0,
            });
            let fill = |slot: &mut Option<String>, v: &Option<String>| {
                if slot.is_none() {
                    slot.clone_from(v);
                }
            };
            fill(&mut row.title, &r.title);
            fill(&mut row.code, &r.code);
            fill(&mut row.review_type, &r.review_type);
            fill(&mut row.review_type_printed, &r.review_type_printed);
            fill(&mut row.area, &r.area);
            fill(&mut row.partnership, &f.facts.partnership);
            fill(&mut row.published, &r.published);
            fill(&mut row.commissioned, &r.commissioned);
            if !row.documents.contains(&f.path) {
                row.documents.push(f.path.clone());
            }
            let c = &r.counts;
            row.findings += c.findings;
            row.lessons += c.lessons;
            row.recommendations += c.recommendations;
            row.actions += c.actions;
            row.measures += c.measures;
            row.items += c.items();
        }
    }
    let mut rows: Vec<ReviewRow> = by_key.into_values().collect();
    for r in &mut rows {
        r.year = r.published.as_deref().and_then(year);
    }
    rows
}

/// The year of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn year(date: &str) -> Option<u32> {
    date.get(..4)?.parse().ok()
}

/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: [&str; 21] = [
    "path",
    "output",
    "sha256",
    "bytes",
    "format",
    "document_type",
    "confidence",
    "status",
    "code",
    "reason",
    "warnings",
    "warning_codes",
    "title",
    "partnership",
    "area",
    "published",
    "pages",
    "reviews",
    "review_keys",
    "items",
    "duplicate_of",
];

/// Columns of `reviews.csv`.
pub const REVIEW_COLUMNS: [&str; 19] = [
    "review_key",
    "area",
    "subject",
    "title",
    "review_type",
    "review_type_printed",
    "published",
    "year",
    "commissioned",
    "code",
    "partnership",
    "documents",
    "items",
    "findings",
    "lessons",
    "recommendations",
    "actions",
    "measures",
    "document_count",
];

fn opt<T: ToString>(o: &Option<T>) -> String {
    o.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn document_fields(d: &DocumentRow) -> Vec<String> {
    vec![
        d.path.clone(),
        opt(&d.output),
        opt(&d.sha256),
        opt(&d.bytes),
        opt(&d.format),
        opt(&d.document_type),
        d.confidence.map(|c| format!("{c:.2}")).unwrap_or_default(),
        d.status.to_string(),
        opt(&d.code),
        opt(&d.reason),
        d.warnings.to_string(),
        d.warning_codes.join(LIST_SEPARATOR),
        opt(&d.title),
        opt(&d.partnership),
        opt(&d.area),
        opt(&d.published),
        opt(&d.pages),
        d.reviews.to_string(),
        d.review_keys.join(LIST_SEPARATOR),
        d.items.to_string(),
        opt(&d.duplicate_of),
    ]
}

fn review_fields(r: &ReviewRow) -> Vec<String> {
    vec![
        r.review_key.clone(),
        opt(&r.area),
        r.subject.clone(),
        opt(&r.title),
        opt(&r.review_type),
        opt(&r.review_type_printed),
        opt(&r.published),
        opt(&r.year),
        opt(&r.commissioned),
        opt(&r.code),
        opt(&r.partnership),
        r.documents.join(LIST_SEPARATOR),
        r.items.to_string(),
        r.findings.to_string(),
        r.lessons.to_string(),
        r.recommendations.to_string(),
        r.actions.to_string(),
        r.measures.to_string(),
        r.documents.len().to_string(),
    ]
}

/// JSONL bytes of `rows`.
pub fn jsonl<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in rows {
        if serde_json::to_writer(&mut out, r).is_ok() {
            out.push(b'\n');
        }
    }
    out
}

/// `documents.csv` bytes.
pub fn documents_csv(rows: &[DocumentRow]) -> Vec<u8> {
    csv_table(&DOCUMENT_COLUMNS, rows.iter().map(document_fields))
}

/// `reviews.csv` bytes.
pub fn reviews_csv(rows: &[ReviewRow]) -> Vec<u8> {
    csv_table(&REVIEW_COLUMNS, rows.iter().map(review_fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::report::{Counts, DocFacts, ReviewFacts};

    fn file(path: &str, partnership: &str, keys: &[(&str, Option<&str>, usize)]) -> FileReport {
        FileReport {
            path: path.into(),
            status: Status::Ok,
            code: None,
            reason: None,
            output: Some(format!("{path}.json")),
            document_type: Some("briefing".into()),
            counts: Counts::default(),
            warnings: Vec::new(),
            ms: 1,
            reused: false,
            facts: DocFacts {
                partnership: Some(partnership.into()),
                reviews: keys
                    .iter()
                    .map(|(k, published, lessons)| ReviewFacts {
                        key: (*k).into(),
                        subject: "Child W".into(),
                        published: published.map(str::to_string),
                        counts: Counts {
                            lessons: *lessons,
                            ..Counts::default()
                        },
                        ..ReviewFacts::default()
                    })
                    .collect(),
                ..DocFacts::default()
            },
        }
    }

    #[test]
    fn a_review_named_by_two_documents_is_one_row() {
        let mut dup = file("c.html", "Fenford LSCB", &[("fenford/child-w", None, 3)]);
        dup.facts.duplicate_of = Some("a.pdf".into());
        let files = [
            file("a.pdf", "Fenford LSCB", &[("fenford/child-w", None, 3)]),
            file(
                "b.html",
                "Fenford Safeguarding Children Partnership",
                &[("fenford/child-w", Some("2023-05"), 2)],
            ),
            dup,
        ];
        let rows = reviews(&files);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].documents, ["a.pdf", "b.html"]);
        assert_eq!(rows[0].lessons, 5);
        assert_eq!(rows[0].items, 5);
        assert_eq!(rows[0].published.as_deref(), Some("2023-05"));
        assert_eq!(rows[0].year, Some(2023));
        assert_eq!(rows[0].partnership.as_deref(), Some("Fenford LSCB"));
        let docs = documents(&files);
        assert_eq!(docs[2].duplicate_of.as_deref(), Some("a.pdf"));
        assert_eq!(docs[2].items, 0);
        let csv = String::from_utf8(reviews_csv(&rows)).unwrap();
        assert!(csv.contains("a.pdf | b.html"), "{csv}");
        assert_eq!(csv.lines().count(), 2);
    }
}
