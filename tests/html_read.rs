//! The HTML reader on realistic council pages under `tests/data/html/`
//! (invented councils and children, shaped like real briefing pages).

use scr_ingest::layout::{Block, Role};
use scr_ingest::model::Format;
use scr_ingest::read::html;
use scr_ingest::read::{ReadOptions, ReadOutput};

fn read_page(name: &str) -> ReadOutput {
    let path = format!("{}/tests/data/html/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    scr_ingest::read::read(&bytes, Format::Html, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Headings as (level, text).
fn headings(blocks: &[Block]) -> Vec<(u8, &str)> {
    blocks
        .iter()
        .filter_map(|b| match b.role {
            Role::Heading { level } => Some((level, b.text.as_str())),
            _ => None,
        })
        .collect()
}

/// List items as (level, number, text).
fn items(blocks: &[Block]) -> Vec<(u8, Option<u32>, &str)> {
    blocks
        .iter()
        .filter_map(|b| match b.role {
            Role::ListItem { level, number } => Some((level, number, b.text.as_str())),
            _ => None,
        })
        .collect()
}

/// Links as (title, href), in order.
fn links(blocks: &[Block]) -> Vec<(&str, &str)> {
    blocks
        .iter()
        .flat_map(|b| &b.links)
        .map(|l| (l.title.as_str(), l.href.as_str()))
        .collect()
}

/// Fails if any block contains a piece of site chrome.
fn assert_no_chrome(blocks: &[Block], chrome: &[&str]) {
    for b in blocks {
        for c in chrome {
            assert!(!b.text.contains(c), "chrome {c:?} in block {:?}", b.text);
        }
        for l in &b.links {
            assert!(!l.title.contains("new window"), "helper text in link {l:?}");
        }
    }
}

#[test]
fn single_briefing_page() {
    let out = read_page("briefing-single.html");
    assert_eq!(
        out.title.as_deref(),
        Some("Learning from Serious Case Review Ruby | Eastmoor Safeguarding Children Partnership")
    );
    assert_eq!(
        out.producer.as_deref(),
        Some("Drupal 9 (https://www.drupal.org)")
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let b = &out.blocks;
    assert_eq!(
        headings(b),
        [
            (1, "Learning from Serious Case Review Ruby"),
            (2, "Ruby’s story"),
            (2, "Lessons to be learned from Ruby"),
            (2, "Dissemination of Learning"),
        ]
    );
    assert_eq!(b[1].text, "Ruby (published 3 March 2021)");
    assert!(b[1].bold);
    assert!(
        b[2].text
            .starts_with("Eastmoor Safeguarding Children Partnership commissioned")
    );
    let story = b
        .iter()
        .find(|x| x.text.starts_with("Health visitors"))
        .expect("story paragraph");
    assert!(
        story.text.contains("“low and alone”.\nRuby now lives"),
        "{}",
        story.text
    );

    let got = items(b);
    let shape: Vec<(u8, Option<u32>)> = got.iter().map(|(l, n, _)| (*l, *n)).collect();
    assert_eq!(
        shape,
        [
            (0, Some(1)),
            (0, Some(2)),
            (0, Some(3)),
            (1, None),
            (1, None),
            (1, None),
            (0, Some(4)),
            (0, Some(5)),
        ]
    );
    assert_eq!(
        got[2].2,
        "Agencies should share what they know when a parent’s circumstances change, including:"
    );
    assert_eq!(got[3].2, "a new partner moving into the household;");

    assert_eq!(
        links(b),
        [
            (
                "Ruby – SCR overview report (PDF, 812KB)",
                "/sites/default/files/2021-03/scr-ruby-overview-report.pdf"
            ),
            (
                "Partnership response to the Ruby report",
                "/sites/default/files/2021-03/esscp-response-ruby.pdf"
            ),
        ]
    );
    assert_no_chrome(
        b,
        &[
            "cookies",
            "Skip to",
            "Search",
            "Children and families",
            "Home",
            "Breadcrumb",
            "Related pages",
            "Contact us",
            "Disclaimer",
            "this external link",
            "Eastmoor Borough Council",
        ],
    );
}

#[test]
fn accordion_page_with_several_briefings() {
    let out = read_page("briefings-accordion.html");
    assert_eq!(out.producer.as_deref(), Some("Jadu Continuum CMS"));
    let b = &out.blocks;
    assert_eq!(
        headings(b),
        [
            (1, "Case review briefings"),
            (2, "Learning from Serious Case Review Kai"),
            (3, "Kai’s story"),
            (3, "Lessons to be learned from Kai"),
            (2, "Learning from Serious Case Review Isla"),
            (3, "Isla’s story"),
            (3, "Lessons to be learned from Isla"),
            (2, "Older reviews"),
            (4, "Learning from Serious Case Review Theo"),
            (2, "How briefings are written"),
        ]
    );
    // Collapsed panels (hidden="until-found", aria-hidden + display:none)
    // are content.
    for text in [
        "Kai (published 3 March 2021)",
        "Isla (published 21 September 2020)",
        "Theo (published 12 June 2019)",
        "Each briefing is agreed by the partnership’s case review group.",
    ] {
        assert!(b.iter().any(|x| x.text == text), "missing {text:?}");
    }
    let shape: Vec<(u8, Option<u32>)> = items(b).iter().map(|(l, n, _)| (*l, *n)).collect();
    assert_eq!(
        shape,
        [
            (0, Some(1)),
            (0, Some(2)),
            (0, Some(3)),
            (1, None),
            (1, None),
            (0, Some(1)),
            (0, Some(2)),
            (0, Some(1)),
        ]
    );
    assert_eq!(
        links(b),
        [
            (
                "Kai SCR report (PDF)",
                "https://www.northvale.gov.uk/downloads/file/4101/scr-kai-report.pdf"
            ),
            (
                "Isla SCR report (PDF)",
                "https://www.northvale.gov.uk/downloads/file/3877/scr-isla-report.pdf"
            ),
        ]
    );
    assert_no_chrome(
        b,
        &[
            "cookies",
            "I'm fine",
            "Skip to",
            "Bins",
            "Council tax",
            "Safeguarding\n",
            "Show",
            "Contact us",
            "feedback",
            "this external link",
        ],
    );
}

#[test]
fn windows_1252_page_declared_as_latin1() {
    let out = read_page("briefing-windows-1252.html");
    assert_eq!(
        out.title.as_deref(),
        Some("Westbridge LSCB - Serious Case Review ‘Leo’")
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let b = &out.blocks;
    assert_eq!(
        headings(b),
        [
            (1, "Learning from Serious Case Review ‘Leo’"),
            (2, "Leo’s story"),
            (2, "Lessons to be learned from Leo"),
            (2, "Reports"),
        ]
    );
    assert!(
        b.iter()
            .any(|x| x.text.contains("“dropped him on the sofa” – an account"))
    );
    let numbers: Vec<Option<u32>> = items(b).iter().map(|(_, n, _)| *n).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    assert_eq!(
        links(b),
        [
            ("Leo – Overview Report", "/docs/Leo_SCR_Overview.pdf"),
            (
                "LSCB response to the Leo review",
                "/docs/LSCB_Response_Leo.pdf"
            ),
        ]
    );
    assert_no_chrome(
        b,
        &[
            "cookies",
            "You are here",
            "Training",
            "Contact us",
            "Westbridge LSCB\n",
            "©",
            "\u{FFFD}",
        ],
    );
}

#[test]
fn same_page_undeclared_is_detected() {
    let path = format!(
        "{}/tests/data/html/briefing-windows-1252.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("fixture");
    // The same windows-1252 bytes without the declaration.
    let stripped: Vec<u8> = {
        let marker = b"; charset=iso-8859-1";
        let at = bytes
            .windows(marker.len())
            .position(|w| w == marker)
            .expect("declaration present");
        [&bytes[..at], &bytes[at + marker.len()..]].concat()
    };
    assert!(html::declared_charset(&stripped).is_none());
    let out = html::read(&stripped).expect("reads");
    assert!(out.blocks.iter().any(|x| x.text == "Leo’s story"));
}

#[test]
fn paragraphs_in_a_table_cell_stay_apart_and_a_bold_run_in_gets_its_own_line() {
    let page = "<html><body><main>\
        <table><tr><th>Learning</th><th>Actions</th></tr>\
        <tr><td><p>Share plans early.</p></td><td><p>Audit the plans.</p><p>Train the teams.</p></td></tr></table>\
        <p><strong>Learning</strong> Agencies should share plans early.</p>\
        </main></body></html>";
    let out = html::read(page.as_bytes()).unwrap();
    let cells: Vec<&str> = out
        .blocks
        .iter()
        .filter(|b| matches!(b.role, Role::Cell { .. }))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(cells[3], "Audit the plans.\n\nTrain the teams.");
    let para = out
        .blocks
        .iter()
        .find(|b| b.role == Role::Paragraph && b.text.starts_with("Learning"))
        .unwrap();
    assert_eq!(para.text, "Learning\nAgencies should share plans early.");
}
