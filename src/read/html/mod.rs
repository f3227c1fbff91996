//! HTML reader: a council web page to blocks of its main content, without
//! the site's chrome.

mod blocks;
mod chrome;
mod content;
mod encoding;
mod shape;

use scraper::Html;

use super::ReadOutput;
use crate::error::Result;
use crate::model::Warning;

pub use encoding::{declared_charset, decode_text};

/// Reads an HTML page into blocks: decode, parse, find the content, walk it.
pub fn read(bytes: &[u8]) -> Result<ReadOutput> {
    let declared = encoding::declared_charset(bytes);
    let decoded = encoding::decode(bytes, declared.as_deref());
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(Warning::new(
            "decoding",
            format!(
                "some bytes are not valid {} and were replaced with U+FFFD",
                decoded.encoding.name()
            ),
        ));
    }
    let flat = shape::flatten_deep(&decoded.text);
    if flat.is_some() {
        warnings.push(Warning::new(
            "nesting_capped",
            format!(
                "elements nested more than {} deep were flattened (their text is kept)",
                shape::MAX_DEPTH
            ),
        ));
    }
    if shape::looks_truncated(&decoded.text) {
        warnings.push(Warning::new(
            "truncated",
            "the page ends without </html> in the middle of an element: truncated (a download cut short?)",
        ));
    }
    let doc = Html::parse_document(flat.as_deref().unwrap_or(&decoded.text));
    let blocks = page_blocks(&doc);
    if blocks.is_empty() {
        warnings.push(Warning::new("no_text", "the page has no readable text"));
    }
    Ok(ReadOutput {
        pages: None,
        title: page_title(&doc),
        producer: generator(&doc),
        blocks,
        warnings,
    })
}

/// Blocks of the page's main content. If the chrome rules removed
/// everything (a page wrapped in something that looks like a banner), the
/// page is walked again with only scripts and styles removed: some text
/// beats none.
pub fn page_blocks(doc: &Html) -> Vec<crate::layout::Block> {
    let root = content::find_root(doc);
    let mut info = content::page_info(doc, root);
    let blocks = walk_page(doc, root, &info);
    if !blocks.is_empty() {
        return blocks;
    }
    info.lenient = true;
    walk_page(doc, root, &info)
}

fn walk_page(
    doc: &Html,
    root: content::Root<'_>,
    info: &content::PageInfo,
) -> Vec<crate::layout::Block> {
    let mut walker = blocks::Walker::new(info);
    if let Some(h1) = content::orphan_title(doc, root) {
        walker.walk_root(h1, true);
    }
    walker.walk_root(root.node, root.landmark);
    walker.finish()
}

/// `<title>` text, whitespace collapsed.
fn page_title(doc: &Html) -> Option<String> {
    let title = doc.tree.root().descendants().find(|n| {
        n.value().as_element().is_some_and(|e| e.name() == "title")
            && n.ancestors().all(|a| {
                a.value()
                    .as_element()
                    .is_none_or(|e| e.name() != "svg" && e.name() != "body")
            })
    })?;
    let text: String = title
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// `<meta name="generator" content="...">`.
fn generator(doc: &Html) -> Option<String> {
    doc.tree
        .root()
        .descendants()
        .filter_map(|n| n.value().as_element())
        .filter(|e| e.name() == "meta")
        .find(|e| {
            e.attr("name")
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("generator"))
        })
        .and_then(|e| e.attr("content"))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Block, Role};

    fn blocks(html: &str) -> Vec<Block> {
        read(html.as_bytes()).expect("html reads").blocks
    }

    fn texts(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|b| b.text).collect()
    }

    fn all_text(bs: &[Block]) -> String {
        bs.iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn item(level: u8, number: Option<u32>) -> Role {
        Role::ListItem { level, number }
    }

    #[test]
    fn chrome_is_removed() {
        let html = r##"<html><head><title>T</title><style>.x{}</style></head><body>
            <a class="skip" href="#main">Skip to main content</a>
            <div id="cookie-banner"><p>We use cookies on this site</p><button>Accept all</button></div>
            <header class="site-header"><a href="/">Home</a><form><input name=q><button>Search</button></form></header>
            <nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li>Reviews</li></ol></nav>
            <main id="main"><h1>Learning from a review</h1><p>Body text.</p>
              <script>var tracking = 1;</script><noscript>Enable JS</noscript></main>
            <aside><h2>Related pages</h2></aside>
            <footer><ul><li><a href="/contact">Contact us</a></li><li>Cookies</li></ul></footer>
            </body></html>"##;
        assert_eq!(texts(html), ["Learning from a review", "Body text."]);
    }

    #[test]
    fn body_is_used_without_main_and_chrome_still_goes() {
        let html = r#"<body><div class="breadcrumbs">Home &gt; Reviews</div>
            <h1>Review</h1><p>Text</p><div class="site-footer">Disclaimer</div></body>"#;
        assert_eq!(texts(html), ["Review", "Text"]);
    }

    #[test]
    fn hidden_helper_text_is_removed_from_text_and_link_titles() {
        let html = r#"<main><p><a href="/docs/review.pdf">Overview report
            <span class="visually-hidden">this external link will open in a new window</span></a></p>
            <p>Kept <span hidden>gone</span><span aria-hidden="true">x</span>
            <span style="display: none">gone</span>here</p></main>"#;
        let bs = blocks(html);
        assert_eq!(bs[0].text, "Overview report");
        assert_eq!(bs[0].links.len(), 1);
        assert_eq!(bs[0].links[0].title, "Overview report");
        assert_eq!(bs[0].links[0].href, "/docs/review.pdf");
        assert_eq!(bs[1].text, "Kept here");
    }

    #[test]
    fn unmarked_new_window_span_in_link_is_dropped() {
        let html = r#"<main><p><a href="a.pdf">Report <span class="ext">(opens in a new window)</span></a></p></main>"#;
        let bs = blocks(html);
        assert_eq!(bs[0].links[0].title, "Report");
        assert_eq!(bs[0].text, "Report");
    }

    #[test]
    fn nested_lists_have_levels_and_numbers() {
        let html = r#"<main><ol>
            <li>First</li>
            <li>Second has points:<ul><li>alpha</li><li>beta <ol><li>deep</li></ol></li></ul></li>
            <li>Third</li></ol></main>"#;
        let bs = blocks(html);
        let got: Vec<(&str, Role)> = bs
            .iter()
            .map(|b| (b.text.as_str(), b.role.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("First", item(0, Some(1))),
                ("Second has points:", item(0, Some(2))),
                ("alpha", item(1, None)),
                ("beta", item(1, None)),
                ("deep", item(2, Some(1))),
                ("Third", item(0, Some(3))),
            ]
        );
    }

    #[test]
    fn ol_start_value_and_reversed() {
        let html = r#"<main><ol start="4"><li>d</li><li value="10">j</li><li>k</li></ol>
            <ol reversed><li>c</li><li>b</li><li>a</li></ol></main>"#;
        let numbers: Vec<Option<u32>> = blocks(html)
            .iter()
            .map(|b| match b.role {
                Role::ListItem { number, .. } => number,
                _ => None,
            })
            .collect();
        assert_eq!(
            numbers,
            [Some(4), Some(10), Some(11), Some(3), Some(2), Some(1)]
        );
    }

    #[test]
    fn list_item_paragraphs_stay_in_one_block() {
        let html = "<main><ul><li><p>One</p><p>Two</p></li></ul></main>";
        assert_eq!(texts(html), ["One\nTwo"]);
    }

    #[test]
    fn tables_honour_rowspan_colspan_and_headers() {
        let html = r#"<main><table>
            <thead><tr><th>Learning</th><th>Action</th><th>Owner</th></tr></thead>
            <tbody>
              <tr><td rowspan="2">L1</td><td>A1</td><td>Police</td></tr>
              <tr><td>A2</td><td></td></tr>
              <tr><td colspan="2">Both</td><td>Health<br>Education</td></tr>
            </tbody></table></main>"#;
        let cells: Vec<(String, u32, u32, u32, bool)> = blocks(html)
            .into_iter()
            .map(|b| match b.role {
                Role::Cell {
                    row,
                    col,
                    rowspan,
                    header,
                    table,
                } => {
                    assert_eq!(table, 0);
                    (b.text, row, col, rowspan, header)
                }
                other => panic!("not a cell: {other:?}"),
            })
            .collect();
        let want = [
            ("Learning", 0, 0, 1, true),
            ("Action", 0, 1, 1, true),
            ("Owner", 0, 2, 1, true),
            ("L1", 1, 0, 2, false),
            ("A1", 1, 1, 1, false),
            ("Police", 1, 2, 1, false),
            ("A2", 2, 1, 1, false),
            ("", 2, 2, 1, false),
            ("Both", 3, 0, 1, false),
            ("Health\nEducation", 3, 2, 1, false),
        ];
        let want: Vec<(String, u32, u32, u32, bool)> = want
            .iter()
            .map(|(t, r, c, s, h)| (t.to_string(), *r, *c, *s, *h))
            .collect();
        assert_eq!(cells, want);
    }

    #[test]
    fn cell_lists_keep_markers() {
        let html = "<main><table><tr><th>A</th><th>B</th></tr><tr><td>x</td>\
                    <td><ul><li>one</li><li>two</li></ul></td></tr></table></main>";
        let bs = blocks(html);
        assert_eq!(bs[3].text, "• one\n• two");
    }

    #[test]
    fn layout_tables_are_walked_as_containers() {
        let html = "<body><table><tr><td><h1>Title</h1><p>Para</p></td></tr></table></body>";
        let bs = blocks(html);
        assert_eq!(bs[0].role, Role::Heading { level: 1 });
        assert_eq!(bs[1].role, Role::Paragraph);
    }

    #[test]
    fn windows_1252_declared_by_http_equiv() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\
            <title>Mum\x92s story</title></head><body><p>\x93Curly\x94 \x96 quotes</p></body></html>"
            .to_vec();
        page.extend_from_slice(b"\n");
        let out = read(&page).expect("reads");
        assert_eq!(out.title.as_deref(), Some("Mum\u{2019}s story"));
        assert_eq!(out.blocks[0].text, "\u{201C}Curly\u{201D} \u{2013} quotes");
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn undeclared_windows_1252_is_detected() {
        let page = b"<html><body><h1>Jack\x92s story</h1><p>The health visitor\x92s notes said \
            \x93no concerns\x94 although the family\x92s GP had referred twice \x96 in 2017 and 2018.</p>\
            </body></html>";
        let bs = read(page).expect("reads").blocks;
        assert_eq!(bs[0].text, "Jack\u{2019}s story");
        assert!(bs[1].text.contains("\u{201C}no concerns\u{201D}"));
    }

    #[test]
    fn bom_decides_encoding() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=windows-1252><p>Zoë</p>".as_bytes());
        assert_eq!(read(&page).expect("reads").blocks[0].text, "Zoë");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>Zoë</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(read(&utf16).expect("reads").blocks[0].text, "Zoë");
    }

    #[test]
    fn replacement_characters_warn() {
        let out = read(b"<meta charset=utf-8><p>caf\xC3\xA9 \xC3\xA9 \xC3\xA9 \xC3\xA9 \xFF</p>")
            .expect("reads");
        assert!(out.warnings.iter().any(|w| w.code == "decoding"));
    }

    #[test]
    fn br_is_a_line_break_and_double_br_a_paragraph() {
        let html = "<main><p>Line one<br>  line two<br><br>Next para</p></main>";
        assert_eq!(texts(html), ["Line one\nline two", "Next para"]);
        assert_eq!(texts("<main><h2>A<br>B</h2></main>"), ["A\nB"]);
    }

    #[test]
    fn sections_give_headings_in_order() {
        let html = "<main><h1>Page</h1><h2>Story</h2><p>s</p><h2>Lessons</h2><ol><li>l</li></ol>\
                    <h3>Sub</h3><div role=heading aria-level=4>Aria</div></main>";
        let heads: Vec<(String, u8)> = blocks(html)
            .into_iter()
            .filter_map(|b| match b.role {
                Role::Heading { level } => Some((b.text, level)),
                _ => None,
            })
            .collect();
        let want: Vec<(String, u8)> = [
            ("Page", 1),
            ("Story", 2),
            ("Lessons", 2),
            ("Sub", 3),
            ("Aria", 4),
        ]
        .iter()
        .map(|(t, l)| (t.to_string(), *l))
        .collect();
        assert_eq!(heads, want);
    }

    #[test]
    fn accordion_panels_are_kept() {
        let html = r#"<main><h1>Briefings</h1>
            <div class="accordion">
              <h2><button aria-expanded="false" aria-controls="p1">Review of Ada</button></h2>
              <div id="p1" hidden><p>Ada's story.</p></div>
              <button class="accordion-trigger" aria-expanded="false" aria-controls="p2">Review of Ben<span aria-hidden="true">+</span></button>
              <div id="p2" aria-hidden="true" style="display:none"><p>Ben's story.</p></div>
              <div class="panel-collapse collapse" hidden><p>Uncontrolled panel.</p></div>
            </div>
            <details><summary>Review of Cal</summary><p>Cal's story.</p></details>
            <div class="modal" aria-hidden="true"><p>Not content</p></div></main>"#;
        let bs = blocks(html);
        let got: Vec<(&str, &Role)> = bs.iter().map(|b| (b.text.as_str(), &b.role)).collect();
        assert_eq!(
            got,
            [
                ("Briefings", &Role::Heading { level: 1 }),
                ("Review of Ada", &Role::Heading { level: 2 }),
                ("Ada's story.", &Role::Paragraph),
                ("Review of Ben", &Role::Heading { level: 2 }),
                ("Ben's story.", &Role::Paragraph),
                ("Uncontrolled panel.", &Role::Paragraph),
                ("Review of Cal", &Role::Heading { level: 2 }),
                ("Cal's story.", &Role::Paragraph),
            ]
        );
    }

    #[test]
    fn article_header_keeps_the_title() {
        let html = "<body><header><nav>Menu</nav></header><article><header><h1>Title</h1></header>\
                    <p>x</p><footer>Page updated 2021</footer></article><footer>Site</footer></body>";
        assert_eq!(texts(html), ["Title", "x", "Page updated 2021"]);
    }

    #[test]
    fn title_outside_main_is_not_lost() {
        let html = "<body><header><nav>Menu</nav></header><div class=band><h1>Page title</h1></div>\
                    <main><p>Body</p></main></body>";
        assert_eq!(texts(html), ["Page title", "Body"]);
    }

    #[test]
    fn aspnet_form_wrapper_is_not_chrome() {
        let html = "<body><form id=aspnetForm><div id=search><form><input></form></div>\
                    <h1>Title</h1><p>a</p></form></body>";
        assert_eq!(texts(html), ["Title", "a"]);
    }

    #[test]
    fn title_and_generator() {
        let out = read(b"<html><head><title> A\n  page </title><meta name=\"Generator\" content=\"Drupal 9\"></head><body><p>x</p></body></html>")
            .expect("reads");
        assert_eq!(out.title.as_deref(), Some("A page"));
        assert_eq!(out.producer.as_deref(), Some("Drupal 9"));
    }

    #[test]
    fn saved_page_with_base_and_inline_css() {
        let html = "<!-- saved from url=(0042)https://www.example.gov.uk/reviews/ada -->\n\
            <!DOCTYPE html><html><head><base href=\"https://www.example.gov.uk/\">\
            <style>body{font:1em sans-serif}.visually-hidden{position:absolute}</style></head>\
            <body><main><h1>Ada</h1><p><a href=\"files/ada.pdf\">Report</a></p></main></body></html>";
        let bs = blocks(html);
        assert_eq!(bs[0].text, "Ada");
        assert_eq!(bs[1].links[0].href, "files/ada.pdf");
    }

    #[test]
    fn card_link_attaches_to_its_heading() {
        let html = r#"<main><a href="/r/1"><h3>Review one</h3><p>Summary</p></a></main>"#;
        let bs = blocks(html);
        assert_eq!(bs[0].links[0].title, "Review one Summary");
        assert_eq!(bs[0].links[0].href, "/r/1");
    }

    #[test]
    fn pre_keeps_its_lines() {
        assert_eq!(texts("<main><pre>a   b\n  c</pre></main>"), ["a   b\n  c"]);
    }

    #[test]
    fn never_panics_on_junk() {
        let junk: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let _ = read(&junk);
        let _ = read(b"");
        let _ = read(b"<table><tr><td rowspan=99999999 colspan=99999>x</td></tr></table>");
        let _ = read(b"<ol start=-5><li value=99999999999>x</li></ol>");
        let _ = read(b"<a href=x><a href=y></a></a><li><li><table><li>");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 1500;
        let html = format!(
            "<main>{}text{}</main>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let bs = blocks(&html);
        assert!(all_text(&bs).contains("text"));
    }

    #[test]
    fn everything_hidden_falls_back_to_lenient() {
        let html = "<body><div aria-hidden=true><p>Only text</p></div></body>";
        assert_eq!(texts(html), ["Only text"]);
    }
}
