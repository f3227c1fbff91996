//! The hand-written answer key: `fixtures/FACTS.json`, written from the
//! fixture sources, checked against what the library extracts. Unlike the
//! golden files it was not produced by the tool, so it catches a lesson
//! lost, merged, split, mis-numbered or put under the wrong theme even when
//! the golden file was accepted with the mistake in it.

use std::path::PathBuf;

use scr_ingest::model::{Document, Item};
use scr_ingest::pipeline::process_file;
use scr_ingest::read::ReadOptions;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every item of the document with the key the answer key uses for it:
/// its id, "recommendation N" or "lesson N".
fn keyed_items(doc: &Document) -> Vec<(String, &Item)> {
    let mut out = Vec::new();
    let key = |kind: &str, i: &Item| match (&i.id, i.number) {
        (Some(id), _) => id.clone(),
        (None, Some(n)) => format!("{kind} {n}"),
        _ => String::new(),
    };
    for r in &doc.reviews {
        for t in &r.themes {
            for i in t.findings.iter().chain(&t.lessons) {
                out.push((key("lesson", i), i));
            }
            for i in &t.recommendations {
                out.push((key("recommendation", i), i));
            }
        }
        for i in &r.lessons {
            out.push((key("lesson", i), i));
            // Pages with several briefings key lessons by child too.
            out.push((format!("{} / {}", r.subject, key("lesson", i)), i));
        }
        for i in &r.recommendations {
            out.push((key("recommendation", i), i));
        }
    }
    for i in &doc.lessons {
        out.push((key("lesson", i), i));
    }
    out
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn check_review(got: &scr_ingest::model::Review, exp: &Value, at: &str, errs: &mut Vec<String>) {
    let mut eq = |what: &str, g: String, e: String| {
        if g != e {
            errs.push(format!("{at}{what}: got {g:?}, expected {e:?}"));
        }
    };
    // A review the text names by no child (a thematic review) has the
    // empty subject; the answer key writes it as null.
    let subject = match &exp["subject"] {
        Value::Null => String::new(),
        v => as_text(v),
    };
    eq("subject", got.subject.clone(), subject);
    if !exp["code"].is_null() {
        eq(
            "code",
            got.code.clone().unwrap_or_default(),
            as_text(&exp["code"]),
        );
    }
    if !exp["commissioned"].is_null() {
        eq(
            "commissioned",
            got.commissioned.clone().unwrap_or_default(),
            as_text(&exp["commissioned"]),
        );
    }
    if let Some(a) = exp["agencies"].as_array() {
        let e: Vec<String> = a.iter().map(as_text).collect();
        eq("agencies", format!("{:?}", got.agencies), format!("{e:?}"));
    }
    if let Some(themes) = exp["themes"].as_array()
        && themes.iter().all(Value::is_string)
    {
        // A news post's key themes: their titles.
        let titles: Vec<String> = got.themes.iter().map(|t| t.title.clone()).collect();
        let e: Vec<String> = themes.iter().map(as_text).collect();
        eq("themes", format!("{titles:?}"), format!("{e:?}"));
    } else if let Some(themes) = exp["themes"].as_array() {
        eq(
            "themes",
            got.themes.len().to_string(),
            themes.len().to_string(),
        );
        for (k, (t, e)) in got.themes.iter().zip(themes).enumerate() {
            let ids = |items: &[Item]| {
                format!(
                    "{:?}",
                    items
                        .iter()
                        .map(|i| i.id.clone().unwrap_or_default())
                        .collect::<Vec<_>>()
                )
            };
            let eids = |v: &Value| {
                format!(
                    "{:?}",
                    v.as_array()
                        .map(|a| a.iter().map(as_text).collect::<Vec<_>>())
                        .unwrap_or_default()
                )
            };
            eq(
                &format!("theme {k} number"),
                format!("{:?}", t.number),
                format!("{:?}", e["number"].as_u64().map(|n| n as u32)),
            );
            eq(
                &format!("theme {k} title"),
                t.title.clone(),
                as_text(&e["title"]),
            );
            eq(
                &format!("theme {k} findings"),
                ids(&t.findings),
                eids(&e["findings"]),
            );
            eq(
                &format!("theme {k} lessons"),
                ids(&t.lessons),
                eids(&e["lessons"]),
            );
            let nums: Vec<String> = t
                .recommendations
                .iter()
                .map(|r| r.number.map_or("?".into(), |n| n.to_string()))
                .collect();
            eq(
                &format!("theme {k} recommendations"),
                format!("{nums:?}"),
                eids(&e["recommendations"]),
            );
            eq(
                &format!("theme {k} actions"),
                t.actions.len().to_string(),
                as_text(&e["actions"]),
            );
            eq(
                &format!("theme {k} measures"),
                t.measures.len().to_string(),
                as_text(&e["measures"]),
            );
        }
    }
    // Reviews of the newer families list their items' texts, the older
    // ones their printed numbers.
    let by_text = |v: &Value| {
        v.as_array().is_some_and(|a| {
            a.iter()
                .any(|x| x.as_str().is_some_and(|t| t.contains(' ')))
        })
    };
    for (what, items) in [
        ("lessons", &got.lessons),
        ("recommendations", &got.recommendations),
        ("findings", &got.findings),
    ] {
        let Some(list) = exp[what].as_array() else {
            continue;
        };
        let e: Vec<String> = list.iter().map(as_text).collect();
        let g: Vec<String> = if by_text(&exp[what]) {
            items.iter().map(|i| i.text.clone()).collect()
        } else {
            items
                .iter()
                .map(|l| l.number.map_or("?".into(), |n| n.to_string()))
                .collect()
        };
        eq(what, format!("{g:?}"), format!("{e:?}"));
    }
    if let Some(k) = exp["keywords"].as_array() {
        let e: Vec<String> = k.iter().map(as_text).collect();
        eq("keywords", format!("{:?}", got.keywords), format!("{e:?}"));
    }
    if let Some(a) = exp["area"].as_str() {
        eq("area", got.area.clone().unwrap_or_default(), a.to_string());
    }
    if exp["dissemination"].is_object() {
        let d = &exp["dissemination"];
        eq(
            "dissemination rows",
            got.dissemination.len().to_string(),
            as_text(&d["rows"]),
        );
        let nulls = got
            .dissemination
            .iter()
            .filter(|r| r.learning.is_none())
            .count();
        eq(
            "dissemination null learning",
            nulls.to_string(),
            as_text(&d["rows_with_null_learning"]),
        );
    }
    if let Some(n) = exp["links"].as_u64() {
        eq("links", got.links.len().to_string(), n.to_string());
    }
    if let Some(p) = exp["published"].as_str() {
        eq(
            "published",
            got.published.clone().unwrap_or_default(),
            p.to_string(),
        );
    }
}

fn check(doc: &Document, exp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut eq = |what: &str, g: String, e: String| {
        if g != e {
            errs.push(format!("{what}: got {g:?}, expected {e:?}"));
        }
    };
    let dt = serde_json::to_value(doc.document_type).unwrap();
    eq(
        "document_type",
        as_text(&dt),
        as_text(&exp["document_type"]),
    );
    if !exp["partnership"].is_null() {
        eq(
            "partnership",
            doc.partnership.clone().unwrap_or_default(),
            as_text(&exp["partnership"]),
        );
    }
    if !exp["published"].is_null() {
        eq(
            "published",
            doc.published.clone().unwrap_or_default(),
            as_text(&exp["published"]),
        );
    }
    if let Some(n) = exp["items"].as_u64() {
        // Documents that are not case reviews: nothing may be extracted.
        let count = doc.lessons.len()
            + doc
                .reviews
                .iter()
                .map(|r| {
                    r.lessons.len()
                        + r.recommendations.len()
                        + r.findings.len()
                        + r.themes
                            .iter()
                            .map(|t| {
                                t.findings.len()
                                    + t.lessons.len()
                                    + t.recommendations.len()
                                    + t.actions.len()
                                    + t.measures.len()
                            })
                            .sum::<usize>()
                })
                .sum::<usize>();
        eq("items", count.to_string(), n.to_string());
        if n == 0 && !doc.warnings.iter().any(|w| w.code == "not_a_case_review") {
            errs.push("warning not_a_case_review missing".to_string());
        }
    }
    if let Some(gaps) = exp["numbering_gaps"].as_array() {
        // What the text numbers against what was read: the gaps named, no
        // more (an empty list: every numbered point was read).
        let got: Vec<String> = doc
            .warnings
            .iter()
            .filter(|w| w.code == "numbering_gap")
            .map(|w| w.message.clone())
            .collect();
        let e: Vec<String> = gaps.iter().map(as_text).collect();
        if got != e {
            errs.push(format!("numbering gaps: got {got:?}, expected {e:?}"));
        }
    }
    if let Some(reviews) = exp["reviews"].as_array() {
        if doc.reviews.len() != reviews.len() {
            errs.push(format!(
                "reviews: got {}, expected {}",
                doc.reviews.len(),
                reviews.len()
            ));
        }
        for (k, (r, e)) in doc.reviews.iter().zip(reviews).enumerate() {
            check_review(r, e, &format!("review {k} "), &mut errs);
        }
    }
    if let Some(lessons) = exp["lessons"].as_array() {
        let nums: Vec<String> = doc
            .lessons
            .iter()
            .map(|l| l.number.map_or("?".into(), |n| n.to_string()))
            .collect();
        let e: Vec<String> = lessons.iter().map(as_text).collect();
        if format!("{nums:?}") != format!("{e:?}") {
            errs.push(format!("lessons: got {nums:?}, expected {e:?}"));
        }
    }
    let items = keyed_items(doc);
    if let Some(texts) = exp["texts"].as_object() {
        for (key, want) in texts {
            let Some((_, item)) = items.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) else {
                errs.push(format!("text {key}: item not found"));
                continue;
            };
            let want_text = want
                .get("text")
                .map(as_text)
                .unwrap_or_else(|| as_text(want));
            if item.text != want_text {
                errs.push(format!(
                    "text {key}:\n   got {:?}\n  want {:?}",
                    item.text, want_text
                ));
            }
            if let Some(points) = want.get("points").and_then(Value::as_array) {
                let p: Vec<String> = points.iter().map(as_text).collect();
                if item.points != p {
                    errs.push(format!(
                        "points {key}:\n   got {:?}\n  want {p:?}",
                        item.points
                    ));
                }
            }
        }
    }
    errs
}

#[test]
fn fixtures_match_the_answer_key() {
    let facts: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/FACTS.json")).expect("fixtures/FACTS.json"),
    )
    .expect("FACTS.json parses");
    let facts = facts.as_object().expect("object keyed by fixture path");
    assert!(facts.len() >= 8, "answer key too small");
    let mut report = Vec::new();
    for (rel, exp) in facts {
        let path = root().join("fixtures").join(rel);
        match process_file(&path, rel, &ReadOptions::default()) {
            Ok(doc) => {
                for e in check(&doc, exp) {
                    report.push(format!("{rel}: {e}"));
                }
            }
            Err(e) => report.push(format!("{rel}: failed: {e}")),
        }
    }
    // The known gaps are a ratchet: a new difference fails (a regression),
    // and so does a gap that was fixed but is still listed, so the list
    // only ever shrinks. `SCR_BLESS=1` rewrites it; review its diff.
    let got: Vec<String> = report
        .iter()
        .map(|r| r.lines().next().unwrap_or("").to_string())
        .collect();
    let known_path = root().join("tests/expected/facts-known-gaps.txt");
    if std::env::var_os("SCR_BLESS").is_some() {
        let mut text = got.join("\n");
        text.push('\n');
        std::fs::write(&known_path, text).unwrap();
        return;
    }
    let known_text = std::fs::read_to_string(&known_path).unwrap_or_default();
    let known: Vec<&str> = known_text.lines().filter(|l| !l.is_empty()).collect();
    let new: Vec<&String> = report
        .iter()
        .filter(|r| !known.contains(&r.lines().next().unwrap_or("")))
        .collect();
    let fixed: Vec<&&str> = known
        .iter()
        .filter(|k| !got.iter().any(|g| g == *k))
        .collect();
    assert!(
        new.is_empty(),
        "{} new differences from the answer key:\n{}",
        new.len(),
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        fixed.is_empty(),
        "fixed, remove from {}:\n{}",
        known_path.display(),
        fixed.iter().map(|s| **s).collect::<Vec<_>>().join("\n")
    );
}
