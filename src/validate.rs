//! Validate: every output file against its schema. Documents are checked
//! before they are written; `scr-ingest validate` checks any file of an
//! output folder, telling which kind it is from its content.

use std::sync::LazyLock;

use serde_json::Value;

/// The document contract, embedded so that the binary validates without
/// the repository.
pub const SCHEMA_JSON: &str = include_str!("../schemas/scr-document.schema.json");

/// Each kind of output file with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A document, `<input>.json`.
    Document,
    /// `run.json`.
    RunReport,
    /// `manifest.json`.
    Manifest,
    /// A line of `items.jsonl`.
    Item,
    /// A line of `documents.jsonl`.
    DocumentRow,
    /// A line of `reviews.jsonl`.
    ReviewRow,
    /// A line of `run --json`'s progress events.
    Event,
    /// `.scr-ingest/stamps.json`, the stamps a rerun trusts in place of
    /// hashes.
    Stamps,
}

impl Kind {
    /// Every kind, in the order `schema --list` shows them.
    pub const ALL: [Kind; 8] = [
        Kind::Document,
        Kind::RunReport,
        Kind::Manifest,
        Kind::Item,
        Kind::DocumentRow,
        Kind::ReviewRow,
        Kind::Event,
        Kind::Stamps,
    ];

    /// The name `scr-ingest schema NAME` takes.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::RunReport => "run",
            Kind::Manifest => "manifest",
            Kind::Item => "item",
            Kind::DocumentRow => "document-row",
            Kind::ReviewRow => "review-row",
            Kind::Event => "event",
            Kind::Stamps => "stamps",
        }
    }

    /// What a person calls it.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Document => "a document",
            Kind::RunReport => "a run report (run.json)",
            Kind::Manifest => "a manifest (manifest.json)",
            Kind::Item => "item records (items.jsonl)",
            Kind::DocumentRow => "the documents table (documents.jsonl)",
            Kind::ReviewRow => "the reviews table (reviews.jsonl)",
            Kind::Event => "progress events (run --json)",
            Kind::Stamps => "the stamps cache (.scr-ingest/stamps.json)",
        }
    }

    /// The schema's text.
    pub fn schema(self) -> &'static str {
        match self {
            Kind::Document => SCHEMA_JSON,
            Kind::RunReport => include_str!("../schemas/scr-run.schema.json"),
            Kind::Manifest => include_str!("../schemas/scr-manifest.schema.json"),
            Kind::Item => include_str!("../schemas/scr-item.schema.json"),
            Kind::DocumentRow => include_str!("../schemas/scr-document-row.schema.json"),
            Kind::ReviewRow => include_str!("../schemas/scr-review-row.schema.json"),
            Kind::Event => include_str!("../schemas/scr-events.schema.json"),
            Kind::Stamps => include_str!("../schemas/scr-stamps.schema.json"),
        }
    }

    /// The kind named `name`.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind a JSON value is, by the fields only it has.
    pub fn of(v: &Value) -> Option<Kind> {
        let has = |k: &str| v.get(k).is_some();
        Some(if has("schema_version") && has("source") {
            Kind::Document
        } else if has("report_version") {
            Kind::RunReport
        } else if has("generation") && has("files") && !has("status") {
            Kind::Stamps
        } else if has("manifest_version") {
            Kind::Manifest
        } else if has("uid") && has("kind") {
            Kind::Item
        } else if has("path") && has("status") && has("review_keys") {
            Kind::DocumentRow
        } else if has("review_key") && has("documents") {
            Kind::ReviewRow
        } else if has("event") {
            Kind::Event
        } else {
            return None;
        })
    }

    fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

type Compiled = Result<jsonschema::Validator, String>;

static VALIDATORS: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|k| {
            let schema: Value = serde_json::from_str(k.schema()).map_err(|e| e.to_string())?;
            jsonschema::validator_for(&schema).map_err(|e| e.to_string())
        })
        .collect()
});

/// One schema violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the instance.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// All violations of `instance` against the document contract (empty
/// when valid).
pub fn violations(instance: &Value) -> Vec<Violation> {
    violations_of(Kind::Document, instance)
}

/// All violations of `instance` against the schema of `kind`.
pub fn violations_of(kind: Kind, instance: &Value) -> Vec<Violation> {
    match VALIDATORS.get(kind.index()) {
        Some(Ok(v)) => v
            .iter_errors(instance)
            .map(|e| Violation {
                pointer: e.instance_path().as_str().to_string(),
                message: e.to_string(),
            })
            .collect(),
        Some(Err(e)) => vec![Violation {
            pointer: String::new(),
            message: format!("the embedded {} schema does not compile: {e}", kind.name()),
        }],
        None => Vec::new(),
    }
}

/// What a file was found to be, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// What the file is, in words ("a run report (run.json)").
    pub what: String,
    /// Problems, each naming its line or pointer; empty when valid.
    pub problems: Vec<String>,
}

/// Checks one output file, whatever it is: a JSON document, run report or
/// manifest; a JSONL table (every line against its row schema); one of
/// the CSV tables (its header and the width of every row); or the run's
/// page (`report.html`: its marker element, and whole).
pub fn check_file(name: &str, bytes: &[u8]) -> FileCheck {
    if name.ends_with(".csv") {
        return check_csv(bytes);
    }
    if name.ends_with(".xlsx") {
        // A workbook is a zip; its rows are the tables', checked there.
        return FileCheck {
            what: "the workbook (items.xlsx)".into(),
            problems: if bytes.starts_with(b"PK\x03\x04") {
                Vec::new()
            } else {
                vec!["not a workbook: no zip header".into()]
            },
        };
    }
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return check_jsonl(bytes);
    }
    if name.ends_with(".html") {
        return FileCheck {
            what: "the run's page (report.html)".into(),
            problems: crate::write::html::is_report(bytes)
                .err()
                .into_iter()
                .collect(),
        };
    }
    match serde_json::from_slice::<Value>(bytes) {
        Err(e) => FileCheck {
            what: "not JSON".into(),
            problems: vec![format!("not JSON: {e}")],
        },
        Ok(v) => match Kind::of(&v) {
            None => FileCheck {
                what: "JSON of no known kind".into(),
                problems: vec![
                    "not an scr-ingest output: no schema_version, report_version or manifest_version"
                        .into(),
                ],
            },
            Some(kind) => FileCheck {
                what: kind.describe().into(),
                problems: violations_of(kind, &v)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            },
        },
    }
}

fn check_jsonl(bytes: &[u8]) -> FileCheck {
    let mut kind: Option<Kind> = None;
    let mut problems = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let v = match serde_json::from_slice::<Value>(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("line {n}: not JSON: {e}"));
                continue;
            }
        };
        let Some(k) = Kind::of(&v) else {
            problems.push(format!("line {n}: a record of no known kind"));
            continue;
        };
        match kind {
            Some(first) if first != k => {
                problems.push(format!(
                    "line {n}: {} among {}",
                    k.describe(),
                    first.describe()
                ));
                continue;
            }
            _ => kind = Some(k),
        }
        problems.extend(
            violations_of(k, &v)
                .iter()
                .map(|e| format!("line {n}: {e}")),
        );
    }
    FileCheck {
        what: kind.map_or("an empty JSONL file", Kind::describe).into(),
        problems,
    }
}

/// The CSV tables: what each is called and its columns.
fn csv_tables() -> [(&'static str, &'static [&'static str]); 3] {
    [
        ("items.csv", &crate::write::items::CSV_HEADER),
        ("documents.csv", &crate::write::tables::DOCUMENT_COLUMNS),
        ("reviews.csv", &crate::write::tables::REVIEW_COLUMNS),
    ]
}

fn check_csv(bytes: &[u8]) -> FileCheck {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut rows = r.records();
    let header: Vec<String> = match rows.next() {
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
        Some(Err(e)) => {
            return FileCheck {
                what: "CSV".into(),
                problems: vec![format!("line 1: {e}")],
            };
        }
        None => {
            return FileCheck {
                what: "CSV".into(),
                problems: vec!["empty: no header".into()],
            };
        }
    };
    let Some((name, columns)) = csv_tables()
        .into_iter()
        .find(|(_, cols)| header.iter().map(String::as_str).eq(cols.iter().copied()))
    else {
        return FileCheck {
            what: "CSV".into(),
            problems: vec![
                "line 1: not the header of items.csv, documents.csv or reviews.csv".into(),
            ],
        };
    };
    let mut problems = Vec::new();
    for (i, row) in rows.enumerate() {
        match row {
            Ok(row) if row.len() == columns.len() => {}
            Ok(row) => problems.push(format!(
                "record {}: {} fields, the header has {}",
                i + 2,
                row.len(),
                columns.len()
            )),
            Err(e) => problems.push(format!("record {}: {e}", i + 2)),
        }
    }
    FileCheck {
        what: format!("the {name} table"),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamps_file_is_told_and_checked() {
        let stamp = serde_json::json!({
            "len": 12, "mtime": [1_700_000_000, 5], "ctime": [1_700_000_000, 5],
            "dev": 2049, "ino": 77
        });
        let good = serde_json::json!({
            "generation": "gen-00000003",
            "files": [{"name": "items.jsonl", "sha256": "ab".repeat(32), "bytes": 12, "stamp": stamp}],
            "inputs": {"a.pdf": {
                "sha256": "cd".repeat(32), "input": stamp, "output": "a.pdf.json",
                "output_sha256": "ef".repeat(32), "document": null
            }}
        });
        assert_eq!(Kind::of(&good), Some(Kind::Stamps));
        assert!(violations_of(Kind::Stamps, &good).is_empty());
        let mut bad = good.clone();
        bad["files"][0]["stamp"]["mtime"] = serde_json::json!([1_700_000_000, 2_000_000_000]);
        assert!(!violations_of(Kind::Stamps, &bad).is_empty());
    }

    #[test]
    fn every_schema_compiles() {
        for (k, v) in Kind::ALL.iter().zip(VALIDATORS.iter()) {
            assert!(v.is_ok(), "{}: {v:?}", k.name());
        }
        let v = violations(&serde_json::json!({"schema_version": "1.0.0"}));
        assert!(!v.is_empty());
        assert!(v.iter().any(|x| x.message.contains("source")));
    }

    #[test]
    fn pointer_names_the_bad_field() {
        let mut doc: Value = serde_json::json!({
            "schema_version": "1.0.0",
            "source": {"path": "a.pdf", "sha256": "0".repeat(64), "format": "pdf", "pages": 1, "title": null, "producer": null},
            "document_type": "unknown", "partnership": null, "published": "2020-13",
            "title": null, "reviews": [], "lessons": [], "paragraphs": [], "warnings": []
        });
        let v = violations(&doc);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].pointer, "/published");
        doc["published"] = Value::Null;
        assert!(violations(&doc).is_empty());
    }

    #[test]
    fn files_are_told_apart_and_lines_named() {
        let run = check_file("run.json", br#"{"report_version": "2.2.0"}"#);
        assert_eq!(run.what, "a run report (run.json)");
        assert!(!run.problems.is_empty());
        let jl = check_file(
            "reviews.jsonl",
            b"{\"review_key\": \"a/b\", \"documents\": []}\n",
        );
        assert_eq!(jl.what, Kind::ReviewRow.describe());
        assert!(
            jl.problems.iter().all(|p| p.starts_with("line 1: ")),
            "{jl:?}"
        );
        assert!(!jl.problems.is_empty());
        let head = crate::write::tables::REVIEW_COLUMNS.join(",");
        let good = check_file("x.csv", format!("{head}\r\n").as_bytes());
        assert_eq!(good.what, "the reviews.csv table");
        assert!(good.problems.is_empty());
        let short = check_file("x.csv", format!("{head}\r\na,b\r\n").as_bytes());
        assert_eq!(short.problems.len(), 1, "{short:?}");
        assert!(!check_file("x.json", b"{}").problems.is_empty());
    }
}
