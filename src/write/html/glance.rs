//! The run at a glance (statuses, families, items by kind, warnings
//! grouped by code) and the files that failed or were skipped, each with
//! what to do.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::text::esc;
use super::{Page, hints, source_href};
use crate::model::Warning;
use crate::write::report::{RunStatus, Status};

/// Number tiles, family and kind tables, warnings by code.
pub(super) fn write<W: Write>(w: &mut W, page: &Page<'_>) -> io::Result<()> {
    let t = page.totals;
    writeln!(w, "<section id=\"glance\">\n<h2>At a glance</h2>")?;
    let status = match page.status {
        RunStatus::Complete => "complete: every input was dealt with".to_string(),
        RunStatus::Interrupted => format!(
            "interrupted: {} input(s) not reached, picked up by the next run",
            t.not_reached
        ),
    };
    writeln!(
        w,
        "<p class=\"status\">Run <strong id=\"run-status\">{}</strong>, generation {}.</p>",
        esc(&status),
        page.generation
    )?;
    writeln!(w, "<ul class=\"tiles\">")?;
    for (id, label, n) in [
        ("files", "files", t.files),
        ("ok", "ok", t.ok),
        ("warning", "with warnings", t.warning),
        ("failed", "failed", t.failed),
        ("skipped", "skipped", t.skipped),
        ("reused", "reused", t.reused),
        ("not-reached", "not reached", t.not_reached),
        ("reviews", "reviews", page.reviews.len()),
        ("items", "items", t.items),
    ] {
        writeln!(
            w,
            "<li class=\"tile tile-{id}\"><span class=\"n\" id=\"count-{id}\">{n}</span> {label}</li>"
        )?;
    }
    writeln!(w, "</ul>")?;

    let mut families: BTreeMap<&str, usize> = BTreeMap::new();
    for f in page.files.iter().filter(|f| f.status != Status::Failed) {
        *families
            .entry(f.document_type.as_deref().unwrap_or("unknown"))
            .or_default() += 1;
    }
    writeln!(w, "<div class=\"pair\">")?;
    writeln!(
        w,
        "<table id=\"families\"><caption>Documents by family</caption><thead><tr><th>family</th><th class=\"num\">documents</th></tr></thead><tbody>"
    )?;
    for (family, n) in &families {
        writeln!(
            w,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            esc(family)
        )?;
    }
    writeln!(w, "</tbody></table>")?;
    let c = &t.counts;
    writeln!(
        w,
        "<table id=\"kinds\"><caption>Items by kind</caption><thead><tr><th>kind</th><th class=\"num\">items</th></tr></thead><tbody>"
    )?;
    for (kind, n) in [
        ("findings", c.findings),
        ("lessons", c.lessons),
        ("recommendations", c.recommendations),
        ("actions", c.actions),
        ("measures", c.measures),
        ("dissemination rows", c.dissemination),
        ("themes", c.themes),
    ] {
        writeln!(
            w,
            "<tr data-kind=\"{kind}\"><td>{kind}</td><td class=\"num\">{n}</td></tr>"
        )?;
    }
    writeln!(w, "</tbody></table>\n</div>")?;
    warnings(w, page)?;
    if !page.notices.is_empty() {
        writeln!(w, "<h3>Notices</h3>\n<ul class=\"notices\">")?;
        for n in page.notices {
            writeln!(w, "<li>{}</li>", esc(n))?;
        }
        writeln!(w, "</ul>")?;
    }
    writeln!(w, "</section>")
}

/// Warnings grouped by code, each group folding open to its files.
fn warnings<W: Write>(w: &mut W, page: &Page<'_>) -> io::Result<()> {
    let mut by_code: BTreeMap<&str, Vec<(&str, &Warning)>> = BTreeMap::new();
    for f in page.files {
        for x in &f.warnings {
            by_code
                .entry(x.code.as_str())
                .or_default()
                .push((f.path.as_str(), x));
        }
    }
    writeln!(w, "<h3>Warnings by code</h3>")?;
    if by_code.is_empty() {
        return writeln!(w, "<p id=\"no-warnings\">No warnings.</p>");
    }
    writeln!(w, "<div id=\"warnings\">")?;
    for (code, list) in &by_code {
        let mut files: Vec<&str> = list.iter().map(|(p, _)| *p).collect();
        files.dedup();
        writeln!(
            w,
            "<details class=\"warning-group\" data-code=\"{0}\"><summary><code>{0}</code>: {1} warning(s) in {2} file(s)</summary>",
            esc(code),
            list.len(),
            files.len()
        )?;
        if let Some(step) = hints::warning(code) {
            writeln!(w, "<p class=\"todo\">{}</p>", esc(step))?;
        }
        writeln!(w, "<ul>")?;
        for (path, x) in list {
            let at = x.page.map(|p| format!(" (page {p})")).unwrap_or_default();
            writeln!(
                w,
                "<li><span class=\"path\">{}</span>{at}: {}</li>",
                esc(path),
                esc(&x.message)
            )?;
        }
        writeln!(w, "</ul></details>")?;
    }
    writeln!(w, "</div>")
}

/// Failed and skipped files with their reasons and the next step.
pub(super) fn problems<W: Write>(w: &mut W, page: &Page<'_>) -> io::Result<()> {
    writeln!(w, "<section id=\"problems\">\n<h2>Failed and skipped</h2>")?;
    let failed: Vec<_> = page
        .files
        .iter()
        .filter(|f| f.status == Status::Failed)
        .collect();
    if failed.is_empty() && page.skipped.is_empty() {
        writeln!(w, "<p>Every input was read.</p>")?;
    }
    if !failed.is_empty() {
        writeln!(
            w,
            "<div class=\"scroll\"><table id=\"failed\"><caption>Failed: no document written</caption><thead><tr><th>file</th><th>why</th><th>what to do</th></tr></thead><tbody>"
        )?;
        for f in failed {
            let code = f.code.as_deref().unwrap_or("");
            let name = match source_href(page, &f.path, None) {
                Some(href) => format!("<a href=\"{href}\">{}</a>", esc(&f.path)),
                None => esc(&f.path).into_owned(),
            };
            writeln!(
                w,
                "<tr class=\"failed\" data-path=\"{}\"><td class=\"path\">{name}</td><td><code>{}</code> {}</td><td class=\"todo\">{}</td></tr>",
                esc(&f.path),
                esc(code),
                esc(f.reason.as_deref().unwrap_or("")),
                esc(hints::failed(code))
            )?;
        }
        writeln!(w, "</tbody></table></div>")?;
    }
    if !page.skipped.is_empty() {
        writeln!(
            w,
            "<div class=\"scroll\"><table id=\"skipped\"><caption>Skipped: not read</caption><thead><tr><th>entry</th><th>why</th><th>what to do</th></tr></thead><tbody>"
        )?;
        for s in page.skipped {
            writeln!(
                w,
                "<tr class=\"skipped\" data-path=\"{0}\"><td class=\"path\">{0}</td><td><code>{1}</code> {2}</td><td class=\"todo\">{3}</td></tr>",
                esc(&s.path),
                esc(&s.reason),
                esc(&s.detail),
                esc(hints::skipped(&s.reason))
            )?;
        }
        writeln!(w, "</tbody></table></div>")?;
    }
    writeln!(w, "</section>")
}
