//! The JSON contract across versions, and grammar rows added at run time.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn golden_documents() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("tests/expected")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                out.push((p.display().to_string(), v));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Whether a document was read from a format every 1.x consumer knows;
/// 1.3 adds `docx` and `odt`.
fn format_before_1_3(doc: &Value) -> bool {
    matches!(
        doc["source"]["format"].as_str(),
        Some("pdf" | "html" | "text")
    )
}

fn archived(version: &str) -> jsonschema::Validator {
    let path = root().join(format!(
        "schemas/archive/scr-document-{version}.schema.json"
    ));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A consumer written against 1.0 reads a later document of a family and
/// a format it knows: the properties later versions add are optional and
/// the objects are open.
#[test]
fn a_1_0_validator_accepts_later_documents_of_1_0_families() {
    let v1_0 = archived("1.0.0");
    let known = ["response", "briefing", "briefing_paper", "unknown"];
    let mut checked = 0;
    for (path, doc) in golden_documents() {
        assert_eq!(doc["schema_version"], "1.3.0", "{path}");
        if !known.contains(&doc["document_type"].as_str().unwrap_or("")) || !format_before_1_3(&doc)
        {
            continue;
        }
        let errors: Vec<String> = v1_0.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} documents checked");
}

/// A consumer written against 1.1 reads every later document of a format
/// it knows: 1.2 only adds optional properties of reviews.
#[test]
fn a_1_1_validator_accepts_later_documents_of_1_1_formats() {
    let v1_1 = archived("1.1.0");
    let mut with_new = 0;
    let docs = golden_documents();
    for (path, doc) in docs.iter().filter(|(_, d)| format_before_1_3(d)) {
        let errors: Vec<String> = v1_1.iter_errors(doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        let reviews = doc["reviews"].as_array().cloned().unwrap_or_default();
        if reviews
            .iter()
            .any(|r| r.get("review_type_printed").is_some() || r.get("title").is_some())
        {
            with_new += 1;
        }
    }
    assert!(
        with_new >= 10,
        "only {with_new} documents carry the 1.2 fields"
    );
}

/// A consumer written against 1.2 reads every 1.3 document of the formats
/// it knows; a Word document differs from what 1.2 allows only in the value
/// of `source.format`, the one thing 1.3 adds.
#[test]
fn a_1_2_validator_accepts_1_3_documents_but_for_the_new_formats() {
    let v1_2 = archived("1.2.0");
    let mut word = 0;
    for (path, doc) in golden_documents() {
        let errors: Vec<String> = v1_2
            .iter_errors(&doc)
            .map(|e| format!("{} {e}", e.instance_path()))
            .collect();
        if format_before_1_3(&doc) {
            assert!(errors.is_empty(), "{path}: {errors:?}");
        } else {
            word += 1;
            assert_eq!(errors.len(), 1, "{path}: {errors:?}");
            assert!(
                errors[0].starts_with("/source/format "),
                "{path}: {errors:?}"
            );
            let mut as_pdf = doc.clone();
            as_pdf["source"]["format"] = "pdf".into();
            assert!(v1_2.is_valid(&as_pdf), "{path}");
        }
    }
    assert!(word >= 6, "only {word} Word documents among the goldens");
}

/// Every property a document carries is described by the schema, so the
/// open objects do not let an undocumented field slip out.
#[test]
fn every_emitted_property_is_documented() {
    let schema: Value = serde_json::from_str(scr_ingest::validate::SCHEMA_JSON).unwrap();
    fn props<'a>(schema: &'a Value, node: &'a Value) -> Option<&'a serde_json::Map<String, Value>> {
        let node = match node.get("$ref").and_then(Value::as_str) {
            Some(r) => &schema["$defs"][r.trim_start_matches("#/$defs/")],
            None => node,
        };
        node.get("properties").and_then(Value::as_object)
    }
    fn walk(schema: &Value, node: &Value, doc: &Value, at: &str, errs: &mut Vec<String>) {
        match doc {
            Value::Object(map) => {
                let Some(p) = props(schema, node) else {
                    return;
                };
                for (k, v) in map {
                    match p.get(k) {
                        None => errs.push(format!("{at}/{k}")),
                        Some(sub) => walk(schema, sub, v, &format!("{at}/{k}"), errs),
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = node.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        walk(schema, item, v, &format!("{at}/{i}"), errs);
                    }
                }
            }
            _ => {}
        }
    }
    for (path, doc) in golden_documents() {
        let mut errs = Vec::new();
        walk(&schema, &schema, &doc, "", &mut errs);
        assert!(errs.is_empty(), "{path}: undocumented {errs:?}");
    }
}

/// A data officer's grammar row takes effect without a rebuild: a lesson
/// label spelled "Practice point" is read only when the row is added.
#[test]
fn a_grammar_file_teaches_a_new_label_spelling() {
    let dir = std::env::temp_dir().join(format!("scr-grammar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("brief.txt");
    std::fs::write(
        &doc,
        "Seven Minute Briefing: Child Q\n\nA Local Child Safeguarding Practice Review was commissioned in 2022.\n\nPractice point 1: Agencies should share the plan with the family.\n\nPractice point 2: Schools should be invited to every strategy discussion.\n",
    )
    .unwrap();
    let rows = dir.join("grammar.toml");
    std::fs::write(
        &rows,
        "[[item]]\nkind = \"lesson\"\nnumbering = \"id\"\nspellings = [\"practice point\"]\nexamples = [\"Practice point 3: Share the plan\"]\nnot = [\"Practice makes perfect\"]\n",
    )
    .unwrap();
    let extract = |extra: &[&std::path::Path]| -> Value {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_scr-ingest"));
        cmd.arg("extract").arg(&doc);
        for g in extra {
            cmd.arg("--grammar").arg(g);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let lessons = |v: &Value| -> Vec<String> {
        v["reviews"][0]["lessons"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|l| l["text"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let without = extract(&[]);
    assert!(lessons(&without).is_empty(), "{without}");
    let with = extract(&[&rows]);
    assert_eq!(
        lessons(&with),
        [
            "Agencies should share the plan with the family.",
            "Schools should be invited to every strategy discussion."
        ]
    );
    assert_eq!(with["reviews"][0]["subject"], "Child Q");

    // A row whose own example does not read is refused before any file is.
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[[item]]\nkind = \"lesson\"\nnumbering = \"id\"\nspellings = [\"practice point\"]\nexamples = [\"Practise point 3\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("extract")
        .arg(&doc)
        .arg("--grammar")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Practise point 3"));

    // A row without examples, and a row that would read ordinary prose as
    // a review, are refused the same way, naming the file.
    for (name, row, says) in [
        (
            "bare.toml",
            "[[review_type]]\ncode = \"Inquiry\"\nphrases = [\"learning inquiry\"]\n",
            "no examples",
        ),
        (
            "broad.toml",
            "[[review_type]]\ncode = \"Everything\"\nphrases = [\"the\"]\nexamples = [\"the board\"]\n",
            "ordinary prose",
        ),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, row).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
            .arg("extract")
            .arg(&doc)
            .arg("--grammar")
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says) && err.contains(name), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
