use super::*;
use crate::write::report::{Counts, DocFacts, Status};
use crate::write::tables;

fn file(path: &str, status: Status) -> FileReport {
    FileReport {
        path: path.into(),
        status,
        code: (status == Status::Failed).then(|| "encrypted".into()),
        reason: (status == Status::Failed).then(|| "password required".into()),
        output: (status != Status::Failed).then(|| format!("{path}.json")),
        document_type: Some("briefing".into()),
        counts: Counts::default(),
        warnings: Vec::new(),
        ms: 1,
        reused: false,
        facts: DocFacts::default(),
    }
}

fn line(document: &str, n: usize, page: Option<u32>) -> String {
    serde_json::json!({
        "uid": format!("a/b/lesson/{n}"), "kind": "lesson", "document": document,
        "subject": "B", "theme_number": 1, "theme_title": "Heard <not> seen",
        "id": null, "number": n, "text": format!("Lesson {n} & <b>more</b>"),
        "points": [], "page": page, "review_key": "a/b"
    })
    .to_string()
}

fn render(files: &[FileReport], jsonl: &str, name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("scr-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let items = dir.join("items.jsonl");
    std::fs::write(&items, jsonl).unwrap();
    let documents = tables::documents(files);
    let reviews = tables::reviews(files);
    let totals = Totals::default();
    let page = Page {
        status: RunStatus::Complete,
        generation: 3,
        files,
        skipped: &[],
        notices: &[],
        totals: &totals,
        documents: &documents,
        reviews: &reviews,
        items: &items,
        sources: Some("../in put/".into()),
    };
    let mut out = Vec::new();
    write(&mut out, &page).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8(out).unwrap()
}

#[test]
fn items_go_to_their_document_with_page_links_and_neighbours() {
    let files = [
        file("x <1>.pdf", Status::Ok),
        file("locked.pdf", Status::Failed),
        file("y.html", Status::Ok),
    ];
    let jsonl = [
        line("x <1>.pdf", 1, Some(2)),
        line("gone.pdf", 9, None),
        line("x <1>.pdf", 2, Some(3)),
        "not json".into(),
        line("y.html", 3, None),
    ]
    .join("\n");
    let s = render(&files, &jsonl, "order");
    assert!(is_report(s.as_bytes()).is_ok());
    assert!(!s.contains("<b>more") && !s.contains("x <1>") && !s.contains("<not>"));
    assert!(
        s.contains("data-path=\"x &lt;1&gt;.pdf\" data-items=\"2\""),
        "{s}"
    );
    assert!(s.contains("data-path=\"y.html\" data-items=\"1\""));
    assert!(!s.contains("Lesson 9"));
    assert!(s.contains("href=\"../in%20put/x%20%3C1%3E.pdf#page=3\""));
    assert!(s.contains("href=\"../in%20put/y.html\""));
    // Item 1's neighbour after it is item 2, and the reverse.
    let first = &s[s.find("id=\"item-0-0\"").unwrap()..s.find("id=\"item-0-1\"").unwrap()];
    assert!(first.contains("<dt>after</dt>") && first.contains("Lesson 2"));
    assert!(first.contains("1. Heard &lt;not&gt; seen"));
    assert!(s.contains("--password"));
    assert!(!s.contains("<script"));
}

#[test]
fn a_document_over_the_cap_says_how_many_are_not_shown() {
    let files = [file("big.txt", Status::Ok)];
    let n = ITEMS_PER_DOCUMENT + 5;
    let jsonl: Vec<String> = (1..=n).map(|k| line("big.txt", k, None)).collect();
    let s = render(&files, &jsonl.join("\n"), "cap");
    assert_eq!(s.matches("<li class=\"item ").count(), ITEMS_PER_DOCUMENT);
    assert!(s.contains(&format!(
        "data-items=\"{n}\" data-shown=\"{ITEMS_PER_DOCUMENT}\""
    )));
    assert!(s.contains("5 more item(s) of this document are not shown"));
}

#[test]
fn only_a_whole_report_is_one() {
    let s = render(&[], "", "empty");
    assert!(is_report(s.as_bytes()).is_ok());
    let cut = &s[..s.len() - 20];
    assert!(is_report(cut.as_bytes()).unwrap_err().contains("cut short"));
    assert!(is_report(b"<!DOCTYPE html><html></html>").is_err());
}

#[test]
fn the_page_stops_showing_items_at_its_cap_and_says_so() {
    let per = ITEMS_PER_DOCUMENT;
    let docs = ITEMS_PER_PAGE / per + 2;
    // As in a run, each file's counts are the records it has.
    let files: Vec<FileReport> = (0..docs)
        .map(|d| {
            let mut f = file(&format!("d{d:03}.txt"), Status::Ok);
            f.counts.lessons = per;
            f
        })
        .collect();
    let mut jsonl = Vec::new();
    for f in &files {
        for k in 1..=per {
            jsonl.push(line(&f.path, k, None));
        }
    }
    let s = render(&files, &jsonl.join("\n"), "page-cap");
    assert_eq!(s.matches("<li class=\"item ").count(), ITEMS_PER_PAGE);
    let last = format!("d{:03}.txt", docs - 1);
    assert!(s.contains(&format!(
        "data-path=\"{last}\" data-items=\"{per}\" data-shown=\"0\""
    )));
    assert!(s.contains(&format!(
        "{per} more item(s) of this document are not shown"
    )));
}
