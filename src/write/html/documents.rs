//! Each document with its facts, its reviews and its items, the items
//! read back from `items.jsonl` one line at a time, each with where it
//! came from: its page (a link into the source), the review and theme
//! heading it sits under, and the items before and after it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Lines, Write};

use serde::Deserialize;

use super::text::{clip, esc};
use super::{ITEMS_PER_DOCUMENT, ITEMS_PER_PAGE, Page, source_href};
use crate::write::report::{FileReport, Status};
use crate::write::tables::DocumentRow;

/// Characters of a neighbouring item shown as context.
const NEIGHBOUR_CHARS: usize = 160;

/// Characters of an item's own text shown; longer ones are cut (the whole
/// text is in `items.jsonl`).
const TEXT_CHARS: usize = 4_000;

/// The fields of an `items.jsonl` record the page shows.
#[derive(Debug, Deserialize)]
struct Line {
    uid: String,
    kind: String,
    document: String,
    #[serde(default)]
    subject: String,
    theme_number: Option<u32>,
    theme_title: Option<String>,
    id: Option<String>,
    number: Option<u32>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    points: Vec<String>,
    page: Option<u32>,
    review_key: Option<String>,
}

/// `items.jsonl` as a stream, walked alongside the documents: both are in
/// input order, so each document's records are the next ones.
struct Stream<'a> {
    lines: Option<Lines<BufReader<File>>>,
    next: Option<Line>,
    order: HashMap<&'a str, usize>,
}

impl<'a> Stream<'a> {
    fn open(page: &Page<'a>) -> Self {
        let order = page
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let lines = File::open(page.items)
            .ok()
            .map(|f| BufReader::new(f).lines());
        Stream {
            lines,
            next: None,
            order,
        }
    }

    fn peek(&mut self) -> Option<&Line> {
        while self.next.is_none() {
            let line = self.lines.as_mut()?.next()?;
            // A line that does not read is passed over: the page shows
            // what it can, `validate --folder` names the line.
            self.next = line
                .ok()
                .and_then(|l| serde_json::from_str::<Line>(&l).ok());
        }
        self.next.as_ref()
    }

    /// The next record of document `i` (`path`); records of documents
    /// before it, or of none in the list (inputs not reached), are passed.
    fn next_of(&mut self, i: usize, path: &str) -> Option<Line> {
        loop {
            self.peek()?;
            let document = self.next.as_ref()?.document.as_str();
            if document == path {
                return self.next.take();
            }
            let later = self.order.get(document).is_some_and(|&j| j > i);
            if later {
                return None;
            }
            self.next = None;
        }
    }
}

/// Every document, in input order.
pub(super) fn write<W: Write>(w: &mut W, page: &Page<'_>) -> io::Result<()> {
    writeln!(
        w,
        "<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"note\">Each item shows its page and, under <em>Where it came from</em>, the review and theme heading it was read under and the items listed just before and after it; the page link opens the source (PDFs at that page). At most {ITEMS_PER_DOCUMENT} items are shown per document and {ITEMS_PER_PAGE} on the page; <code>items.jsonl</code> holds them all.</p>"
    )?;
    let mut stream = Stream::open(page);
    let mut budget = ITEMS_PER_PAGE;
    for (i, (f, d)) in page.files.iter().zip(page.documents).enumerate() {
        let cap = ITEMS_PER_DOCUMENT.min(budget);
        // One past the cap, so the last shown item has its neighbour.
        let mut shown: Vec<Line> = Vec::new();
        let mut total = 0usize;
        // Once the page is full, the table's count says how many items a
        // document has: the rest of items.jsonl is not read at all.
        if budget == 0 {
            document(w, page, i, f, d, &shown, d.items, 0)?;
            continue;
        }
        while let Some(line) = stream.next_of(i, &f.path) {
            total += 1;
            if shown.len() <= cap {
                shown.push(line);
            }
        }
        let visible = total.min(cap);
        budget -= visible;
        document(w, page, i, f, d, &shown, total, visible)?;
    }
    writeln!(w, "</section>")
}

#[allow(clippy::too_many_arguments)]
fn document<W: Write>(
    w: &mut W,
    page: &Page<'_>,
    i: usize,
    f: &FileReport,
    d: &DocumentRow,
    lines: &[Line],
    total: usize,
    visible: usize,
) -> io::Result<()> {
    writeln!(
        w,
        "<section class=\"doc status-{0}\" id=\"doc-{i}\" data-path=\"{1}\" data-items=\"{total}\" data-shown=\"{visible}\">",
        d.status,
        esc(&f.path)
    )?;
    writeln!(
        w,
        "<h3><span class=\"badge {0}\">{0}</span> <span class=\"path\">{1}</span></h3>",
        d.status,
        esc(&f.path)
    )?;
    let mut links = Vec::new();
    if let Some(href) = source_href(page, &f.path, None) {
        links.push(format!("<a href=\"{href}\">source</a>"));
    }
    if let Some(out) = &f.output {
        links.push(format!(
            "<a href=\"{}\">document JSON</a>",
            esc(&super::text::url_path(out))
        ));
    }
    if !links.is_empty() {
        writeln!(w, "<p class=\"links\">{}</p>", links.join(" · "))?;
    }
    writeln!(w, "<dl class=\"facts\">")?;
    let reviews = d.reviews.to_string();
    let confidence = d.confidence.map(|c| format!("{c:.2}"));
    let pages = d.pages.map(|p| p.to_string());
    for (term, value) in [
        ("family", d.document_type.as_deref()),
        ("title", d.title.as_deref()),
        ("area", d.area.as_deref()),
        ("partnership", d.partnership.as_deref()),
        ("date", d.published.as_deref()),
        ("pages", pages.as_deref()),
        ("confidence", confidence.as_deref()),
        (
            "reviews",
            Some(reviews.as_str()).filter(|_| f.status != Status::Failed),
        ),
        ("why", d.reason.as_deref()),
        ("same bytes as", d.duplicate_of.as_deref()),
    ] {
        if let Some(v) = value {
            writeln!(w, "<dt>{term}</dt><dd>{}</dd>", esc(v))?;
        }
    }
    if f.reused {
        writeln!(w, "<dt>reused</dt><dd>unchanged since an earlier run</dd>")?;
    }
    writeln!(w, "</dl>")?;
    if f.status == Status::Failed {
        let code = f.code.as_deref().unwrap_or("");
        writeln!(
            w,
            "<p class=\"todo\">{}</p>\n</section>",
            esc(super::hints::failed(code))
        )?;
        return Ok(());
    }
    if !f.facts.reviews.is_empty() {
        writeln!(
            w,
            "<div class=\"scroll\"><table class=\"doc-reviews\"><thead><tr><th>review</th><th>type</th><th>published</th><th class=\"num\">items</th></tr></thead><tbody>"
        )?;
        for r in &f.facts.reviews {
            let c = &r.counts;
            let items = c.items();
            let name = match (r.subject.is_empty(), &r.title) {
                (false, _) => r.subject.as_str(),
                (true, Some(t)) => t.as_str(),
                (true, None) => r.key.as_str(),
            };
            writeln!(
                w,
                "<tr><td>{} <code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{items}</td></tr>",
                esc(name),
                esc(&r.key),
                esc(r.review_type_printed.as_deref().unwrap_or("")),
                esc(r.published.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(w, "</tbody></table></div>")?;
    }
    if let Some(first) = &d.duplicate_of {
        writeln!(
            w,
            "<p>Its items are listed under {}, which has the same bytes.</p>\n</section>",
            esc(first)
        )?;
        return Ok(());
    }
    if total == 0 {
        return writeln!(w, "<p class=\"none\">No items.</p>\n</section>");
    }
    let open = if visible <= 12 { " open" } else { "" };
    writeln!(
        w,
        "<details class=\"items\"{open}><summary>{total} item(s){}</summary>\n<ol class=\"items\">",
        if visible < total {
            format!(", {visible} shown")
        } else {
            String::new()
        }
    )?;
    for k in 0..visible {
        item(w, page, i, k, lines)?;
    }
    writeln!(w, "</ol>")?;
    if visible < total {
        writeln!(
            w,
            "<p class=\"cut\">{} more item(s) of this document are not shown (the page shows at most {ITEMS_PER_DOCUMENT} per document and {ITEMS_PER_PAGE} in all); items.jsonl and items.csv hold them all.</p>",
            total - visible
        )?;
    }
    writeln!(w, "</details>\n</section>")
}

fn label(l: &Line) -> String {
    let mut s = l.kind.clone();
    match (&l.id, l.number) {
        (Some(id), _) => s.push_str(&format!(" {id}")),
        (None, Some(n)) => s.push_str(&format!(" {n}")),
        (None, None) => {}
    }
    s
}

fn item<W: Write>(
    w: &mut W,
    page: &Page<'_>,
    doc: usize,
    k: usize,
    lines: &[Line],
) -> io::Result<()> {
    let Some(l) = lines.get(k) else {
        return Ok(());
    };
    writeln!(
        w,
        "<li class=\"item kind-{0}\" id=\"item-{doc}-{k}\" data-uid=\"{1}\"><p class=\"head\"><span class=\"kind\">{2}</span>{3}</p>",
        esc(&l.kind),
        esc(&l.uid),
        esc(&label(l)),
        l.page
            .map(|p| format!(" <span class=\"page\">page {p}</span>"))
            .unwrap_or_default()
    )?;
    writeln!(
        w,
        "<p class=\"text\">{}</p>",
        esc(&clip(&l.text, TEXT_CHARS))
    )?;
    if !l.points.is_empty() {
        write!(w, "<ul class=\"points\">")?;
        for p in &l.points {
            write!(w, "<li>{}</li>", esc(&clip(p, TEXT_CHARS)))?;
        }
        writeln!(w, "</ul>")?;
    }
    writeln!(
        w,
        "<details class=\"where\"><summary>Where it came from</summary><dl>"
    )?;
    let at = match (l.page, source_href(page, &l.document, l.page)) {
        (Some(p), Some(href)) => format!("<a href=\"{href}\">{}, page {p}</a>", esc(&l.document)),
        (None, Some(href)) => format!("<a href=\"{href}\">{}</a>", esc(&l.document)),
        (Some(p), None) => format!("{}, page {p}", esc(&l.document)),
        (None, None) => esc(&l.document).into_owned(),
    };
    writeln!(w, "<dt>source</dt><dd>{at}</dd>")?;
    if let Some(key) = &l.review_key {
        let who = if l.subject.is_empty() {
            key
        } else {
            &l.subject
        };
        writeln!(
            w,
            "<dt>review</dt><dd>{} <code>{}</code></dd>",
            esc(who),
            esc(key)
        )?;
    } else {
        writeln!(w, "<dt>review</dt><dd>the document's own learning</dd>")?;
    }
    if let Some(t) = &l.theme_title {
        let n = l.theme_number.map(|n| format!("{n}. ")).unwrap_or_default();
        writeln!(w, "<dt>under</dt><dd class=\"heading\">{n}{}</dd>", esc(t))?;
    }
    let around = [("before", k.checked_sub(1)), ("after", Some(k + 1))];
    for (which, at) in around {
        if let Some(n) = at.and_then(|j| lines.get(j)) {
            writeln!(
                w,
                "<dt>{which}</dt><dd><span class=\"kind\">{}</span> {}</dd>",
                esc(&label(n)),
                esc(&clip(&n.text, NEIGHBOUR_CHARS))
            )?;
        }
    }
    writeln!(w, "</dl></details></li>")
}
