//! `report.html`: the run as one self-contained page (inline CSS, no
//! script, no network), to look at what a run found and where each item
//! came from. It is opened as `OUT/report.html`, so every link in it is
//! relative to the output folder, not to the generation folder it lives
//! in.

mod chart;
mod documents;
mod glance;
mod hints;
mod text;

use std::io::{self, Write};
use std::path::Path;

use crate::discover::Skipped;

use super::report::{FileReport, RunStatus, Totals};
use super::tables::{DocumentRow, ReviewRow};

/// The id of the page's main element: what tells `report.html` apart
/// from any other HTML file (`validate` looks for it).
pub const MARKER: &str = "scr-ingest-report";

/// The page's own format version, on the marker element.
pub const PAGE_VERSION: &str = "1";

/// Items shown per document; the rest are counted and left to
/// `items.jsonl`, so the page stays openable for any run.
pub const ITEMS_PER_DOCUMENT: usize = 200;

/// Items shown over the whole page; documents after that show counts only.
pub const ITEMS_PER_PAGE: usize = 5_000;

/// Everything the page is made from.
pub struct Page<'a> {
    /// How the run ended.
    pub status: RunStatus,
    /// The generation the page belongs to.
    pub generation: u64,
    /// Per input, in input order.
    pub files: &'a [FileReport],
    /// Entries not read.
    pub skipped: &'a [Skipped],
    /// What the run found outside any one input.
    pub notices: &'a [String],
    /// Totals of the run.
    pub totals: &'a Totals,
    /// The documents table.
    pub documents: &'a [DocumentRow],
    /// The reviews table.
    pub reviews: &'a [ReviewRow],
    /// The generation's `items.jsonl`, read back one line at a time.
    pub items: &'a Path,
    /// The input folder as a URL prefix relative to the output folder
    /// (`../in/`), when there is one.
    pub sources: Option<String>,
}

/// The input folder (or the folder of a single input file) as a link
/// prefix relative to the output folder `out`; `None` when either cannot
/// be resolved.
pub fn sources_from(input: &Path, out: &Path) -> Option<String> {
    let input = input.canonicalize().ok()?;
    let root = if input.is_file() {
        input.parent()?.to_path_buf()
    } else {
        input
    };
    text::relative(&out.canonicalize().ok()?, &root)
}

/// Writes the page.
pub fn write<W: Write>(w: &mut W, page: &Page<'_>) -> io::Result<()> {
    w.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
          <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
          <title>scr-ingest run report</title>\n<style>\n",
    )?;
    w.write_all(include_str!("style.css").as_bytes())?;
    write!(
        w,
        "</style>\n</head>\n<body>\n<main id=\"{MARKER}\" data-page-version=\"{PAGE_VERSION}\" data-generation=\"{}\">\n",
        page.generation
    )?;
    writeln!(w, "<h1>Run report</h1>")?;
    writeln!(
        w,
        "<nav class=\"toc\"><a href=\"#glance\">At a glance</a> <a href=\"#problems\">Failed and skipped</a> <a href=\"#reviews\">Reviews by area and year</a> <a href=\"#documents\">Documents</a></nav>"
    )?;
    glance::write(w, page)?;
    glance::problems(w, page)?;
    chart::write(w, page.reviews)?;
    documents::write(w, page)?;
    writeln!(
        w,
        "<footer><p>Written with the summary set of generation {} (run.json, items.jsonl, documents.csv, reviews.csv beside this page). Links to sources are relative to the output folder: open this page as <code>OUT/report.html</code>.</p></footer>",
        page.generation
    )?;
    w.write_all(b"</main>\n</body>\n</html>\n")
}

/// The link to input `rel` (at page `at` of a PDF), relative to the
/// output folder, escaped for an attribute.
fn source_href(page: &Page<'_>, rel: &str, at: Option<u32>) -> Option<String> {
    let base = page.sources.as_deref()?;
    let mut href = text::url_path(&format!("{base}{rel}"));
    if let Some(n) = at.filter(|_| rel.to_ascii_lowercase().ends_with(".pdf")) {
        href.push_str(&format!("#page={n}"));
    }
    Some(text::esc(&href).into_owned())
}

/// Whether `bytes` are a whole report page: its marker element, and the
/// end of the document (a cut file lacks it).
pub fn is_report(bytes: &[u8]) -> Result<(), String> {
    let s = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    if !s.starts_with("<!DOCTYPE html>") {
        return Err("not an HTML document (no <!DOCTYPE html> at the start)".into());
    }
    if !s.contains(&format!("<main id=\"{MARKER}\"")) {
        return Err(format!(
            "not an scr-ingest report: no element with id {MARKER}"
        ));
    }
    if !s.trim_end().ends_with("</html>") {
        return Err("cut short: it does not end with </html>".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
