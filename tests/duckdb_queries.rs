//! The README's questions, each one DuckDB query over the tables of a run
//! (tests/queries/*.sql), run by a real DuckDB (the Python package `.ci/run`
//! installs) over a run of real fixtures, with the answers the fixtures
//! give.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{assert_consistent, python_has, root, run_ok, scratch};

/// The rows of query `name` over the output folder `out`, as JSON objects.
fn query(out: &Path, name: &str) -> Vec<Value> {
    let sql = root().join("tests/queries").join(name);
    let script = r#"
import duckdb, json, sys
con = duckdb.connect()
rel = con.sql(open(sys.argv[1]).read())
cols = rel.columns
print(json.dumps([dict(zip(cols, r)) for r in rel.fetchall()], default=str))
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&sql)
        .current_dir(out)
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&o.stdout).expect("rows")
}

/// A folder of real fixtures: one review read from five documents (a
/// response in two renderings, a briefing as a page and as a PDF, and a
/// byte copy of the page), another response, and a listing of four
/// reviews.
fn run_fixtures(tmp: &Path) -> PathBuf {
    let input = tmp.join("in");
    std::fs::create_dir_all(input.join("copy")).unwrap();
    let f = root().join("fixtures");
    for rel in [
        "responses/r1-eastmoor-ruby.chromium.pdf",
        "responses/r1-eastmoor-ruby.libreoffice.pdf",
        "responses/r2-westbridge-child-kt.groff.pdf",
        "briefings/b1-eastmoor-ruby.html",
        "briefings/b1-eastmoor-ruby.browser-print.pdf",
        "listings/l1-safer-childhoods-library.html",
    ] {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(f.join(rel), input.join(name)).unwrap();
    }
    std::fs::copy(
        f.join("briefings/b1-eastmoor-ruby.html"),
        input.join("copy/b1-again.html"),
    )
    .unwrap();
    let out = tmp.join("out");
    run_ok(&input, &out);
    out
}

fn s<'a>(row: &'a Value, k: &str) -> &'a str {
    row[k].as_str().unwrap_or("")
}

#[test]
fn the_readme_questions_are_one_query_each() {
    if !python_has("duckdb") {
        return;
    }
    let t = scratch("duckdb-q");
    let out = run_fixtures(&t);

    // 1. Reviews per area per year: Ruby is one review, though five
    //    documents name it.
    let per_year = query(&out, "1-reviews-per-area-and-year.sql");
    let count = |area: &str, year: i64| {
        per_year
            .iter()
            .find(|r| s(r, "area") == area && r["year"].as_i64() == Some(year))
            .and_then(|r| r["reviews"].as_i64())
    };
    assert_eq!(count("Eastmoor", 2021), Some(1), "{per_year:?}");
    assert_eq!(count("Westbridge", 2022), Some(1), "{per_year:?}");
    let total: i64 = per_year.iter().filter_map(|r| r["reviews"].as_i64()).sum();
    assert_eq!(total, 6, "two responses' reviews and the listing's four");

    // 2. Recommendations on information sharing: only recommendations,
    //    each with its area and document.
    let sharing = query(&out, "2-recommendations-on-information-sharing.sql");
    assert!(
        sharing
            .iter()
            .any(|r| s(r, "area") == "Westbridge" && s(r, "text").contains("share")),
        "{sharing:?}"
    );
    assert!(sharing.iter().all(|r| !s(r, "document").is_empty()));

    // 3. What the reviews keep finding: themes with the reviews raising
    //    them.
    let themes = query(&out, "3-what-reviews-keep-finding.sql");
    assert!(themes.len() >= 4, "{themes:?}");
    assert!(themes.iter().all(|r| r["reviews"].as_i64() >= Some(1)));
    // Westbridge's theme, read from one response: one review, its finding
    // and its recommendation.
    let birth = themes
        .iter()
        .find(|r| s(r, "theme") == "sharing information around the birth")
        .expect("the Westbridge theme");
    assert_eq!(birth["reviews"], 1, "{birth}");
    assert!(birth["findings"].as_i64() >= Some(1), "{birth}");
    assert!(birth["recommendations"].as_i64() >= Some(1), "{birth}");

    // 4. Documents by family and status: all seven inputs, and the items
    //    they hold are the lines of items.jsonl (the copy adds none).
    let families = query(&out, "4-documents-by-family-and-status.sql");
    let docs: i64 = families
        .iter()
        .filter_map(|r| r["documents"].as_i64())
        .sum();
    assert_eq!(docs, 7, "{families:?}");
    let items: i64 = families
        .iter()
        .filter_map(|r| s(r, "items").parse::<i64>().ok().or(r["items"].as_i64()))
        .sum();
    let lines = std::fs::read_to_string(out.join("items.jsonl"))
        .unwrap()
        .lines()
        .count() as i64;
    assert_eq!(items, lines);

    // 5. The learning of each review, from every document that holds it,
    //    the byte copy left out.
    let learning = query(&out, "5-learning-of-each-review.sql");
    let ruby = learning
        .iter()
        .find(|r| s(r, "subject") == "Ruby")
        .expect("Ruby's lessons");
    let from = s(ruby, "from_documents");
    assert_eq!(from.split(" | ").count(), 4, "{from}");
    assert!(!from.contains("b1-again"), "{from}");
    let _ = std::fs::remove_dir_all(&t);
}

#[test]
fn a_copy_of_an_input_is_listed_as_a_duplicate_with_no_items() {
    let t = scratch("duckdb-dup");
    let out = run_fixtures(&t);
    let rows: Vec<Value> = std::fs::read_to_string(out.join("documents.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let copy = rows
        .iter()
        .find(|r| s(r, "path") == "copy/b1-again.html")
        .unwrap();
    assert_eq!(s(copy, "duplicate_of"), "b1-eastmoor-ruby.html");
    assert_eq!(copy["items"], 0);
    let items = std::fs::read_to_string(out.join("items.jsonl")).unwrap();
    assert!(!items.contains("b1-again"));
    // Every summary file validates against its schema, and the folder
    // checks.
    let v = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("validate")
        .args(
            [
                "run.json",
                "items.jsonl",
                "items.csv",
                "documents.jsonl",
                "documents.csv",
                "reviews.jsonl",
                "reviews.csv",
            ]
            .map(|n| out.join(n)),
        )
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    assert_consistent(&out);
    let _ = std::fs::remove_dir_all(&t);
}
