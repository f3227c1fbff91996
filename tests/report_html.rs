//! `report.html` in a real browser: a run over real fixtures (with a file
//! that fails, one that is skipped and one whose name is markup), then
//! headless Chromium loads `OUT/report.html` from a file:// URL; its DOM
//! must show every input with the run's counts and no script, its links
//! must reach real files, and its screenshot must show content.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{root, scratch};

fn chromium() -> Option<PathBuf> {
    let candidate = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("chromium"));
    let found = Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI: chromium is missing (.ci/run installs it)"
    );
    if !found {
        eprintln!("skipped: no chromium (apt-get install chromium, or set CHROMIUM)");
    }
    found.then_some(candidate)
}

/// Chromium, headless, with a fresh profile and nothing that calls out.
fn browse(chromium: &Path, profile: &Path, args: &[&str], url: &str) -> Output {
    let o = Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        o.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// An odd input name: markup, an ampersand, a space and a `#`.
const ODD: &str = "sub/a <b> & #c.html";

fn run_fixtures(tmp: &Path) -> PathBuf {
    let input = tmp.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    let f = root().join("fixtures");
    for rel in [
        "responses/r1-eastmoor-ruby.chromium.pdf",
        "briefings/b1-eastmoor-ruby.html",
        "listings/l1-safer-childhoods-library.html",
        "text/t1-westbridge-child-kt.txt",
        // Read with a warning: not a case review.
        "reviews/rn1-millbeck-what-is-a-case-review.chromium.pdf",
    ] {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(f.join(rel), input.join(name)).unwrap();
    }
    std::fs::copy(
        f.join("briefings/b3-thornbury-jayden.html"),
        input.join(ODD),
    )
    .unwrap();
    // Fails (no bytes) and is skipped (not a type that is read).
    std::fs::write(input.join("empty.pdf"), b"").unwrap();
    std::fs::write(input.join("chart.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out = tmp.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    // Exit 1: a file failed; the run commits.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// `s` with `%XX` decoded.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let (b'%', Some(v)) = (b[i], hex) {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The text of the element with id `id` in `dom`.
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &dom[at + id.len() + 6..];
    &rest[..rest.find('<').unwrap()]
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn report_html_shows_every_document_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = scratch("dom");
    let out = run_fixtures(&tmp);
    common::assert_consistent(&out);
    let v = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("validate")
        .arg(out.join("report.html"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&v.stdout);
    assert!(
        v.status.success() && said.contains("valid (the run's page"),
        "{said}"
    );
    let run: Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let url = format!("file://{}", out.join("report.html").display());

    let o = browse(&chromium, &tmp.join("profile-dom"), &["--dump-dom"], &url);
    let dom = String::from_utf8(o.stdout).unwrap();
    assert!(dom.contains("id=\"scr-ingest-report\""), "{dom}");
    assert!(!dom.to_ascii_lowercase().contains("<script"));

    // The run's counts.
    let t = &run["totals"];
    for (id, key) in [
        ("count-files", "files"),
        ("count-ok", "ok"),
        ("count-warning", "warning"),
        ("count-failed", "failed"),
        ("count-skipped", "skipped"),
        ("count-items", "items"),
    ] {
        assert_eq!(text_of(&dom, id), t[key].to_string(), "{id}");
    }
    assert_eq!(t["failed"], 1);
    assert_eq!(t["skipped"], 1);

    // Every input, with as many items as the documents table gives it.
    let files = run["files"].as_array().unwrap();
    assert_eq!(files.len(), 7);
    assert_eq!(dom.matches("<section class=\"doc ").count(), files.len());
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    let mut items = 0;
    for row in docs
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
    {
        let path = row["path"].as_str().unwrap();
        let n = row["items"].as_u64().unwrap();
        let tag = format!("data-path=\"{}\" data-items=\"{n}\"", esc(path));
        assert!(dom.contains(&tag), "{tag}");
        items += n;
    }
    assert!(items > 50);
    assert_eq!(dom.matches("<li class=\"item ").count() as u64, items);
    assert_eq!(t["items"].as_u64(), Some(items));

    // Warnings grouped by code, with their files.
    assert_eq!(t["warning"], 1);
    let group = &dom[dom.find("data-code=\"not_a_case_review\"").unwrap()..];
    let group = &group[..group.find("</details>").unwrap()];
    assert!(group.contains("1 warning(s) in 1 file(s)"), "{group}");
    assert!(group.contains("rn1-millbeck-what-is-a-case-review.chromium.pdf"));

    // The odd name is text, never markup.
    assert!(dom.contains(&esc(ODD)), "{ODD}");
    assert!(!dom.contains("<b> &"));

    // The failed file with its reason and the next step; the skipped one.
    let failed = &dom[dom.find("data-path=\"empty.pdf\"><td").unwrap()..];
    let failed = &failed[..failed.find("</tr>").unwrap()];
    assert!(failed.contains("empty file"), "{failed}");
    assert!(failed.contains("download it again"), "{failed}");
    let skipped = &dom[dom
        .find("<tr class=\"skipped\" data-path=\"chart.png\">")
        .unwrap()..];
    let skipped = &skipped[..skipped.find("</tr>").unwrap()];
    assert!(skipped.contains("unsupported_type"), "{skipped}");
    assert!(skipped.contains("save or print it as PDF"), "{skipped}");

    // The chart and its table.
    assert!(dom.contains("id=\"area-year-chart\""));
    assert!(
        dom.contains("<td>Eastmoor</td><td>2021</td>"),
        "Eastmoor 2021"
    );

    // Every relative link reaches a real file from OUT, and PDF items
    // link to their page.
    let mut links = 0;
    for part in dom.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if href.starts_with('#') {
            continue;
        }
        let href = href.replace("&amp;", "&");
        let path = href.split('#').next().unwrap();
        let target = out.join(percent_decode(path));
        assert!(target.is_file(), "{href}: {} missing", target.display());
        links += 1;
    }
    assert!(links > items as usize, "{links} links");
    assert!(dom.contains("../in/r1-eastmoor-ruby.chromium.pdf#page=2"));
    assert!(dom.contains("../in/sub/a%20%3Cb%3E%20%26%20%23c.html\""));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn report_html_screenshot_shows_content() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = scratch("shot");
    let out = run_fixtures(&tmp);
    let png = tmp.join("report.png");
    let url = format!("file://{}", out.join("report.html").display());
    browse(
        &chromium,
        &tmp.join("profile-shot"),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,2000",
            "--hide-scrollbars",
        ],
        &url,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let (w, h) = (info.width as usize, info.height as usize);
    assert_eq!((w, h), (1200, 2000));
    let px = |x: usize, y: usize| {
        let i = (y * w + x) * channels;
        (buf[i], buf[i + 1], buf[i + 2])
    };
    let mut colours = std::collections::HashSet::new();
    let mut dark_top = 0;
    let mut red = 0;
    for y in 0..h {
        for x in 0..w {
            let (r, g, b) = px(x, y);
            colours.insert((r, g, b));
            let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
            if y < h / 4 && luma < 80 {
                dark_top += 1;
            }
            // The failed tile's number and the failed row's edge.
            if r > 150 && g < 70 && b < 70 {
                red += 1;
            }
        }
    }
    assert!(colours.len() >= 16, "{} colours: blank?", colours.len());
    assert!(
        dark_top > 2_000,
        "{dark_top} dark pixels in the top quarter"
    );
    assert!(red > 50, "{red} red pixels: no failed file shown");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A clean run of every fixture: the page opens in Chromium and shows
/// every document the run read, each with the item count of the tables.
#[test]
fn report_html_of_all_fixtures_shows_every_document() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = scratch("all");
    let out = tmp.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scr-ingest"))
        .arg("run")
        .arg(root().join("fixtures"))
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let url = format!("file://{}", out.join("report.html").display());
    let dom = String::from_utf8(
        browse(&chromium, &tmp.join("profile-all"), &["--dump-dom"], &url).stdout,
    )
    .unwrap();
    let documents = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    let rows: Vec<Value> = documents
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() > 50, "{} documents", rows.len());
    for r in &rows {
        let path = esc(r["path"].as_str().unwrap());
        let items = r["items"].as_u64().unwrap();
        assert!(
            dom.contains(&format!("data-path=\"{path}\" data-items=\"{items}\"")),
            "{path} with {items} items is not on the page"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
