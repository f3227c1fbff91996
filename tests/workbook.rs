//! `items.xlsx` read back by a real reader (openpyxl, which `.ci/run`
//! installs): the same rows as the JSONL tables, dates as dates, the
//! header frozen and filtered, a formula-like text kept as text.

use std::path::Path;
use std::process::Command;

mod common;
use common::{assert_consistent, python_has, root, run_ok, scratch};

const CHECK: &str = r#"
import json, sys, collections, datetime, openpyxl
out = sys.argv[1]
wb = openpyxl.load_workbook(out + "/items.xlsx")
def jsonl(name):
    return [json.loads(l) for l in open(out + "/" + name, encoding="utf-8") if l.strip()]
def rows(ws):
    head = [c.value for c in ws[1]]
    return head, [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
report = {"sheets": wb.sheetnames, "problems": []}
p = report["problems"]
items = jsonl("items.jsonl")
by_kind = collections.defaultdict(list)
for i in items:
    by_kind[i["kind"]].append(i)
sheets = {"finding": "Findings", "lesson": "Lessons", "recommendation": "Recommendations",
          "action": "Actions", "measure": "Measures", "dissemination": "Dissemination"}
for kind, name in sheets.items():
    head, got = rows(wb[name])
    want = by_kind.get(kind, [])
    if [g["uid"] for g in got] != [w["uid"] for w in want]:
        p.append(f"{name}: uids differ from items.jsonl")
    for g, w in zip(got, want):
        if (g["text"] or "") != w["text"]:
            p.append(f"{name} {w['uid']}: text {g['text']!r} != {w['text']!r}")
        pub = w.get("published")
        if pub and len(pub) == 10 and not isinstance(g["published"], datetime.datetime):
            p.append(f"{name} {w['uid']}: published {g['published']!r} is not a date")
        if pub and len(pub) < 10 and g["published"] != pub:
            p.append(f"{name} {w['uid']}: published {g['published']!r} != {pub!r}")
for name, file, key in [("Documents", "documents.jsonl", "path"), ("Reviews", "reviews.jsonl", "review_key")]:
    head, got = rows(wb[name])
    if [g[key] for g in got] != [w[key] for w in jsonl(file)]:
        p.append(f"{name}: rows differ from {file}")
for ws in wb.worksheets:
    if ws.freeze_panes != "A2":
        p.append(f"{ws.title}: header not frozen")
    if not ws.auto_filter.ref:
        p.append(f"{ws.title}: no filter")
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                p.append(f"{ws.title} {c.coordinate}: a formula")
report["items"] = len(items)
report["documents"] = [g["path"] for g in rows(wb["Documents"])[1]]
print(json.dumps(report))
"#;

#[test]
fn the_workbook_reads_back_with_the_rows_of_the_tables() {
    if !python_has("openpyxl") {
        return;
    }
    let t = scratch("xlsx");
    let input = t.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let f = root().join("fixtures");
    for rel in [
        "responses/r2-westbridge-child-kt.groff.pdf",
        "briefings/b1-eastmoor-ruby.html",
        "listings/l1-safer-childhoods-library.html",
    ] {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(f.join(rel), input.join(name)).unwrap();
    }
    // A name a spreadsheet would run as a formula stays text.
    std::fs::copy(
        f.join("briefings/b1-eastmoor-ruby.html"),
        input.join("=HYPERLINK(1).html"),
    )
    .unwrap();
    let out = t.join("out");
    run_ok(&input, &out);
    let r = Command::new("python3")
        .args(["-c", CHECK])
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert!(report["items"].as_u64().unwrap() > 20, "{report}");
    assert_eq!(report["sheets"][0], "Documents");
    assert!(
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "=HYPERLINK(1).html"),
        "{report}"
    );
    let _ = std::fs::remove_dir_all(&t);
}

/// A rerun over unchanged inputs copies the last workbook (same bytes);
/// a workbook damaged behind the run's back is made again, never copied.
#[test]
fn a_rerun_keeps_the_workbook_and_remakes_a_damaged_one() {
    let t = scratch("xlsx-rerun");
    let input = t.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        root().join("fixtures/briefings/b1-eastmoor-ruby.html"),
        input.join("b1.html"),
    )
    .unwrap();
    let out = t.join("out");
    let run = || {
        run_ok(&input, &out);
        std::fs::read(out.join("items.xlsx")).unwrap()
    };
    let first = run();
    assert_eq!(run(), first, "a rerun copies the workbook");
    // Damage the committed workbook: the next run must not copy it.
    let current = std::fs::canonicalize(out.join(".scr-ingest/current")).unwrap();
    std::fs::write(current.join("items.xlsx"), b"PK\x03\x04 damaged").unwrap();
    let remade = run();
    // Made again (its creation time is the run's, so not the same bytes):
    // a whole workbook, never the damaged one.
    assert!(remade.starts_with(b"PK\x03\x04") && remade.len() > 1000);
    assert_ne!(remade, b"PK\x03\x04 damaged");
    assert_consistent(&out);
    let _ = std::fs::remove_dir_all(&t);
}
