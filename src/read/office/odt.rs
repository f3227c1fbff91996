//! OpenDocument text (`.odt`) front end: paragraph, text and list styles
//! from `styles.xml` and `content.xml`, then the body of `content.xml`
//! walked into paragraphs and tables.
//!
//! Read: `text:h` headings by outline level (and the Title style), lists
//! with their computed numbers, tables, bold, size, links, tracked
//! changes as if accepted (deleted text sits apart in
//! `text:tracked-changes`). Not read: notes, annotations (comments), frames and text boxes, and the
//! headers and footers of master pages.

use std::collections::HashMap;

use super::numbering::{Counters, Format};
use super::package::Package;
use super::tree::{Cell, Kind, Node, OpenTable, Para, Row};
use super::xml::{El, Ev, walk};
use crate::error::{Error, ErrorKind, Result};

/// What a paragraph or text style says, before its parent is consulted.
#[derive(Debug, Default, Clone)]
struct Style {
    display: String,
    parent: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    size: Option<f32>,
}

/// One level of a list style.
#[derive(Debug, Clone)]
struct Level {
    format: Format,
    start: u32,
    prefix: String,
    suffix: String,
}

#[derive(Debug, Default)]
struct Styles {
    by_name: HashMap<String, Style>,
    lists: HashMap<String, HashMap<usize, Level>>,
}

const MAX_CHAIN: usize = 16;

impl Styles {
    /// Adds the styles of one part (`styles.xml`, then `content.xml`'s
    /// automatic styles).
    fn add(&mut self, xml: &str, part: &str) -> Result<()> {
        let mut style: Option<(String, Style)> = None;
        let mut list: Option<String> = None;
        walk(xml, part, |ev| {
            match ev {
                Ev::Start(el) => match el.name.as_str() {
                    "style"
                        if el
                            .attr("family")
                            .is_some_and(|f| f == "paragraph" || f == "text") =>
                    {
                        let name = el.attr("name").unwrap_or("").to_string();
                        style = Some((
                            name.clone(),
                            Style {
                                display: el.attr("display-name").unwrap_or(&name).to_string(),
                                parent: el.attr("parent-style-name").map(str::to_string),
                                outline: el
                                    .attr("default-outline-level")
                                    .and_then(|v| v.parse().ok()),
                                ..Style::default()
                            },
                        ));
                    }
                    "text-properties" => {
                        if let Some((_, s)) = &mut style {
                            if let Some(w) = el.attr("font-weight") {
                                s.bold = Some(is_bold(w));
                            }
                            if let Some(sz) = el.attr("font-size").and_then(points) {
                                s.size = Some(sz);
                            }
                        }
                    }
                    "list-style" => list = el.attr("name").map(str::to_string),
                    "list-level-style-number"
                    | "list-level-style-bullet"
                    | "list-level-style-image" => {
                        if let Some(l) = &list {
                            let level: usize =
                                el.attr("level").and_then(|v| v.parse().ok()).unwrap_or(1);
                            let format = match el.name.as_str() {
                                "list-level-style-number" => {
                                    Format::from_odf(el.attr("num-format").unwrap_or(""))
                                }
                                "list-level-style-bullet" => Format::from_word(
                                    "bullet",
                                    el.attr("bullet-char").unwrap_or("•"),
                                ),
                                _ => Format::Bullet("•".into()),
                            };
                            let counting = format.counts();
                            self.lists.entry(l.clone()).or_default().insert(
                                level.saturating_sub(1),
                                Level {
                                    format,
                                    start: el
                                        .attr("start-value")
                                        .and_then(|v| v.parse().ok())
                                        .unwrap_or(1),
                                    prefix: if counting {
                                        el.attr("num-prefix").unwrap_or("").to_string()
                                    } else {
                                        String::new()
                                    },
                                    suffix: if counting {
                                        el.attr("num-suffix").unwrap_or("").to_string()
                                    } else {
                                        String::new()
                                    },
                                },
                            );
                        }
                    }
                    _ => {}
                },
                Ev::End(name) => match name {
                    "style" => {
                        if let Some((n, s)) = style.take() {
                            self.by_name.insert(n, s);
                        }
                    }
                    "list-style" => list = None,
                    _ => {}
                },
                Ev::Text(_) => {}
            }
            Ok(())
        })
    }

    fn find<T>(&self, name: Option<&str>, f: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut name = name?.to_string();
        for _ in 0..MAX_CHAIN {
            let style = self.by_name.get(&name)?;
            if let Some(v) = f(style) {
                return Some(v);
            }
            name = style.parent.clone()?;
        }
        None
    }

    fn level(&self, list: Option<&str>, level: usize) -> Level {
        list.and_then(|l| self.lists.get(l))
            .and_then(|l| l.get(&level))
            .cloned()
            .unwrap_or(Level {
                format: Format::Bullet("•".into()),
                start: 1,
                prefix: String::new(),
                suffix: String::new(),
            })
    }
}

fn is_bold(weight: &str) -> bool {
    weight == "bold" || weight.parse::<u32>().is_ok_and(|w| w >= 600)
}

/// `12pt` as points; percentages and other units are left unknown.
fn points(v: &str) -> Option<f32> {
    v.strip_suffix("pt")?
        .parse::<f32>()
        .ok()
        .filter(|p| p.is_finite() && *p > 0.0)
}

/// Elements whose content is not read: notes, comments, frames (text
/// boxes, images), the deleted text of tracked changes, and declarations.
const SKIPPED: &[&str] = &[
    "note",
    "annotation",
    "frame",
    "tracked-changes",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "forms",
];

/// An open list: its style and whether its items continue a list before.
#[derive(Debug)]
struct OpenList {
    style: Option<String>,
    /// Paragraphs already read in the current item (its first is the item,
    /// the rest continue it).
    item_started: bool,
}

struct Walker<'a> {
    styles: &'a Styles,
    out: Vec<Node>,
    tables: Vec<OpenTable>,
    lists: Vec<OpenList>,
    counters: HashMap<String, Counters>,
    para: Option<Para>,
    para_style: Option<String>,
    spans: Vec<Option<String>>,
    path: Vec<String>,
    skip_below: Option<usize>,
}

impl Walker<'_> {
    fn start(&mut self, el: &El) {
        match el.name.as_str() {
            "h" | "p" => {
                let style = el.attr("style-name").map(str::to_string);
                let continues_item = self.lists.last().is_some_and(|l| l.item_started);
                if continues_item && let Some(p) = &mut self.para {
                    // A list item's later paragraphs stay in its block, as
                    // the HTML reader keeps an item's `<p>`s together.
                    p.line_break();
                    self.para_style = style;
                    return;
                }
                self.finish_para();
                let kind = if el.name == "h" {
                    let level: u8 = el
                        .attr("outline-level")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    Kind::Heading(level.clamp(1, 6))
                } else if let Some(item) = self.item() {
                    item
                } else if let Some(level) = self.styles.find(style.as_deref(), |s| {
                    super::heading_by_name(&s.display)
                        .or(s.outline.filter(|o| *o > 0).map(|o| o.min(6)))
                }) {
                    // A heading written as a paragraph in a heading style,
                    // as LibreOffice saves a web page's `<h1>`.
                    Kind::Heading(level)
                } else {
                    Kind::Paragraph
                };
                self.para = Some(Para::new(kind));
                self.para_style = style;
            }
            "span" => self.spans.push(el.attr("style-name").map(str::to_string)),
            "a" => {
                if let (Some(p), Some(href)) = (&mut self.para, el.attr("href")) {
                    p.start_link(href.to_string());
                }
            }
            "s" => {
                let n = el
                    .attr("c")
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(100);
                self.text(&" ".repeat(n));
            }
            "tab" => self.text(" "),
            "line-break" => {
                if let Some(p) = &mut self.para {
                    p.line_break();
                }
            }
            "list" => {
                self.finish_para();
                let inherited = self.lists.last().and_then(|l| l.style.clone());
                let style = el.attr("style-name").map(str::to_string).or(inherited);
                let continues = el.attr("continue-numbering") == Some("true")
                    || el.attr("continue-list").is_some();
                if self.lists.is_empty() && !continues {
                    self.counters.remove(style.as_deref().unwrap_or(""));
                }
                if let Some(outer) = self.lists.last_mut() {
                    outer.item_started = false;
                }
                self.lists.push(OpenList {
                    style,
                    item_started: false,
                });
            }
            "list-item" | "list-header" => {
                self.finish_para();
                let level = self.lists.len().saturating_sub(1);
                if let (Some(l), Some(v)) = (
                    self.lists.last(),
                    el.attr("start-value").and_then(|v| v.parse().ok()),
                ) {
                    let key = l.style.clone().unwrap_or_default();
                    self.counters.entry(key).or_default().restart(level, v);
                }
                if let Some(l) = self.lists.last_mut() {
                    l.item_started = false;
                }
                if el.name == "list-header"
                    && let Some(l) = self.lists.last_mut()
                {
                    // A header is an unnumbered paragraph of the list.
                    l.item_started = true;
                    self.para = Some(Para::new(Kind::Paragraph));
                }
            }
            "table" => {
                self.finish_para();
                self.tables.push(OpenTable::default());
            }
            "table-header-rows" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_header = true;
                }
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Row {
                        header: t.in_header,
                        cells: Vec::new(),
                    });
                    t.next_col = 0;
                }
            }
            "table-cell" => {
                self.finish_para();
                if let Some(t) = self.tables.last_mut() {
                    let span = |name| {
                        el.attr(name)
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(1)
                            .clamp(1, super::MAX_COLS)
                    };
                    t.cell = Some(Cell {
                        col: t.next_col,
                        colspan: span("number-columns-spanned"),
                        rowspan: span("number-rows-spanned"),
                        ..Cell::default()
                    });
                }
            }
            "covered-table-cell" => {
                if let Some(t) = self.tables.last_mut() {
                    t.next_col = t.next_col.saturating_add(1);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "h" | "p" => {
                if let Some(l) = self.lists.last_mut() {
                    l.item_started = true;
                } else {
                    self.finish_para();
                }
            }
            "span" => {
                self.spans.pop();
            }
            "a" => {
                if let Some(p) = &mut self.para {
                    p.end_link();
                }
            }
            "list-item" | "list-header" => {
                self.finish_para();
                if let Some(l) = self.lists.last_mut() {
                    l.item_started = false;
                }
            }
            "list" => {
                self.finish_para();
                self.lists.pop();
            }
            "table-header-rows" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_header = false;
                }
            }
            "table-cell" => {
                self.finish_para();
                if let Some(t) = self.tables.last_mut() {
                    t.end_cell();
                }
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.end_row();
                }
            }
            "table" => {
                self.finish_para();
                if let Some(t) = self.tables.pop() {
                    self.push(Node::Table(t.table));
                }
            }
            _ => {}
        }
    }

    /// The kind of the first paragraph of a list item: counted in its list.
    fn item(&mut self) -> Option<Kind> {
        let list = self.lists.last()?;
        if list.item_started {
            return None;
        }
        let level = self.lists.len() - 1;
        let style = list.style.clone();
        let def = self.styles.level(style.as_deref(), level);
        let counters = self
            .counters
            .entry(style.clone().unwrap_or_default())
            .or_default();
        let n = counters.next(level, def.start);
        let (number, marker) = if def.format.counts() {
            (
                Some(n),
                format!("{}{}{}", def.prefix, def.format.print(n), def.suffix),
            )
        } else {
            (None, def.format.print(n))
        };
        Some(Kind::Item {
            level: u8::try_from(level).unwrap_or(u8::MAX),
            number,
            marker,
        })
    }

    fn text(&mut self, s: &str) {
        let bold = self.style_value(|st| st.bold);
        let size = self.style_value(|st| st.size);
        if let Some(p) = &mut self.para {
            p.push(s, bold.unwrap_or(false), size.unwrap_or(0.0));
        }
    }

    /// A text property from the innermost span that sets it, else from
    /// the paragraph's style.
    fn style_value<T>(&self, f: impl Fn(&Style) -> Option<T>) -> Option<T> {
        self.spans
            .iter()
            .rev()
            .find_map(|sp| self.styles.find(sp.as_deref(), &f))
            .or_else(|| self.styles.find(self.para_style.as_deref(), &f))
    }

    fn finish_para(&mut self) {
        if let Some(p) = self.para.take() {
            self.push(Node::Para(p));
        }
    }

    fn push(&mut self, node: Node) {
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => cell.content.push(node),
            None => self.out.push(node),
        }
    }
}

/// The mimetype an OpenDocument text package names itself by.
pub(crate) const TEXT_MIMETYPES: &[&str] = &[
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
];

/// The body of an OpenDocument text package as nodes.
pub(crate) fn nodes(pkg: &mut Package<'_>) -> Result<Vec<Node>> {
    let Some(content) = pkg.text("content.xml")? else {
        return Err(Error::new(
            ErrorKind::Malformed,
            "damaged OpenDocument text: no content.xml",
        ));
    };
    let mut styles = Styles::default();
    if let Some(x) = pkg.text("styles.xml")? {
        styles.add(&x, "styles.xml")?;
    }
    styles.add(&content, "content.xml")?;
    let mut w = Walker {
        styles: &styles,
        out: Vec::new(),
        tables: Vec::new(),
        lists: Vec::new(),
        counters: HashMap::new(),
        para: None,
        para_style: None,
        spans: Vec::new(),
        path: Vec::new(),
        skip_below: None,
    };
    let mut in_body = false;
    walk(&content, "content.xml", |ev| {
        match ev {
            Ev::Start(el) => {
                let depth = w.path.len();
                if el.name == "text" && w.path.last().is_some_and(|p| p == "body") {
                    in_body = true;
                }
                if w.skip_below.is_none() && SKIPPED.contains(&el.name.as_str()) {
                    w.skip_below = Some(depth);
                }
                if in_body && w.skip_below.is_none() {
                    w.start(el);
                }
                w.path.push(el.name.clone());
            }
            Ev::End(name) => {
                w.path.pop();
                let depth = w.path.len();
                if w.skip_below == Some(depth) {
                    w.skip_below = None;
                } else if in_body && w.skip_below.is_none() {
                    w.end(name);
                }
            }
            Ev::Text(t) => {
                if in_body && w.skip_below.is_none() {
                    w.text(t);
                }
            }
        }
        Ok(())
    })?;
    w.finish_para();
    while let Some(t) = w.tables.pop() {
        w.push(Node::Table(t.table));
    }
    Ok(w.out)
}

/// `dc:title` and `meta:generator` of `meta.xml`.
pub(crate) fn metadata(pkg: &mut Package<'_>) -> Result<(Option<String>, Option<String>)> {
    let Some(meta) = pkg.text("meta.xml")? else {
        return Ok((None, None));
    };
    Ok((
        super::element_text(&meta, "meta.xml", "title")?,
        super::element_text(&meta, "meta.xml", "generator")?,
    ))
}
