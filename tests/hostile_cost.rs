//! Inputs whose cost is hostile are bounded by design, not only by the
//! timeout: deep HTML nesting, truncated pages, a text that mentions a PDF
//! header, a line of a million tabs.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

fn extract(name: &str, bytes: &[u8]) -> (Value, Duration) {
    let dir = std::env::temp_dir().join(format!("scr-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let t = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("extract")
        .arg(&file)
        .output()
        .unwrap();
    let took = t.elapsed();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (serde_json::from_slice(&o.stdout).unwrap(), took)
}

fn warning_codes(doc: &Value) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn hundred_thousand_nested_divs_read_fast_with_a_warning() {
    let n = 100_000;
    let page = format!(
        "<html><head><title>Deep</title></head><body><main><h1>Learning review</h1>{}<p>Deep text survives.</p>{}</main></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let (doc, took) = extract("deep.html", page.as_bytes());
    // Tens of seconds before flattening; about half a second in a debug build.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(warning_codes(&doc).contains(&"nesting_capped".to_string()));
    assert!(doc.to_string().contains("Deep text survives."));
}

#[test]
fn a_page_cut_short_is_warned_as_truncated() {
    let whole = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/briefings/b1-eastmoor-ruby.html"),
    )
    .unwrap();
    let (doc, _) = extract("whole.html", whole.as_bytes());
    assert!(!warning_codes(&doc).contains(&"truncated".to_string()));
    let mut cut = (whole.len() * 6) / 10;
    while !whole.is_char_boundary(cut) {
        cut -= 1;
    }
    let (doc, _) = extract("cut.html", &whole.as_bytes()[..cut]);
    assert!(
        warning_codes(&doc).contains(&"truncated".to_string()),
        "{doc}"
    );
}

#[test]
fn a_text_that_mentions_a_pdf_header_is_read_as_text() {
    let text =
        b"Notes kept beside the review\n\nThe scanned copy began %PDF-1.7 and was replaced.\n";
    let (doc, _) = extract("notes.txt", text);
    assert_eq!(doc["source"]["format"], "text");
    assert!(doc.to_string().contains("%PDF-1.7"));
}

/// Peak resident memory of `scr-ingest extract FILE`, in KiB, measured by
/// GNU time; `None` where it is not installed.
fn extract_peak_kib(file: &std::path::Path) -> Option<u64> {
    let o = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("extract")
        .arg(file)
        .output()
        .ok()?;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

#[test]
fn a_line_of_a_million_tabs_is_prose_not_a_table() {
    let dir = std::env::temp_dir().join(format!("scr-hostile-tabs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tabs.txt");
    let text = format!("Lesson 1\n{}\n", "x\t".repeat(1_500_000));
    std::fs::write(&file, text.as_bytes()).unwrap();
    let Some(kib) = extract_peak_kib(&file) else {
        eprintln!("skipped: /usr/bin/time is not installed");
        return;
    };
    // 1.08 GB before the column cap (one block per cell).
    assert!(kib < 300 * 1024, "peak {} MiB", kib / 1024);
    let (doc, _) = extract("tabs.txt", text.as_bytes());
    // The line is read as text (tabs as spaces), not dropped.
    assert!(doc.to_string().contains("x x x x"));
}

/// A long text naming its child thousands of times, with other children
/// and unnamed reviews between, is read in time linear in its mentions:
/// each mention's entry is measured once (it took 13 s in a release build
/// when every unnamed mention re-measured every named one's entry).
#[test]
fn a_text_naming_its_reviews_thousands_of_times_reads_fast() {
    let mut text = String::from("Serious Case Review: Child W\n\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Paragraph {i}. Child W was seen by the health visitor. A recent rapid review has found that the referral was late. Child Q{} was also known.\n\n",
            i % 50
        ));
    }
    let (doc, took) = extract("many-mentions.txt", text.as_bytes());
    assert_eq!(doc["reviews"].as_array().unwrap().len(), 51);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// Thousands of added grammar rows cost time in proportion to their
/// number: headings are looked up whole, review types searched in one
/// pass with room for their automaton. (Before: 2,000 heading rows took
/// 12 s to check and 2,000 review types 17 s.)
#[test]
fn thousands_of_added_grammar_rows_load_in_proportion() {
    let dir = std::env::temp_dir().join(format!("scr-hostile-grammar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = String::new();
    // Enough heading rows that one pattern per row (12 s for 2,000 in a
    // release build) would blow the bound even there.
    for i in 0..4_000 {
        rows.push_str(&format!(
            "[[heading]]\nkind = \"lesson\"\nspellings = [\"points to ponder number {i}\"]\nexamples = [\"Points to ponder number {i}:\"]\nnot = [\"Points were pondered\"]\n\n"
        ));
    }
    for i in 0..300 {
        rows.push_str(&format!(
            "[[review_type]]\ncode = \"Inquiry {i}\"\nphrases = [\"learning inquiry number{i}x\"]\nexamples = [\"a Learning Inquiry number{i}x\"]\nnot = [\"a child's inquiry\"]\n\n"
        ));
    }
    let grammar = dir.join("many.toml");
    std::fs::write(&grammar, rows).unwrap();
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<h1>Learning Inquiry number7x: Child W</h1><p>The partnership published the inquiry on 3 May 2023. \
         The child was eight months old when her father took her to hospital with a head injury.</p>\
         <h2>Points to ponder number 3999</h2><ul><li>Ask who else lives in the home.</li><li>See the baby awake.</li></ul>",
    )
    .unwrap();
    let t = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("extract")
        .arg("--grammar")
        .arg(&grammar)
        .arg(&page)
        .output()
        .unwrap();
    let took = t.elapsed();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["reviews"][0]["subject"], "Child W", "{doc}");
    assert_eq!(doc["reviews"][0]["review_type"], "Inquiry 7", "{doc}");
    assert_eq!(
        doc["reviews"][0]["lessons"].as_array().map(Vec::len),
        Some(2),
        "{doc}"
    );
    // Generous for a debug build on a busy machine; a release build takes
    // about a second.
    assert!(took < Duration::from_secs(30), "{took:?}");
}
