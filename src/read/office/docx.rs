//! Word (`.docx`, Office Open XML) front end: styles and numbering
//! definitions, then `word/document.xml` walked into paragraphs and tables.
//!
//! Read: body text with tracked changes as if accepted, headings from
//! paragraph styles (Title, Heading 1–6, or an outline level), list items
//! from numbering with their computed numbers, tables, bold, size,
//! and hyperlinks. Not read: headers and footers
//! (running furniture), footnotes and endnotes, comments, text boxes and
//! shapes, and field instructions (a field's displayed result is read).

use std::collections::HashMap;

use super::heading_by_name;
use super::numbering::{Counters, Format, level_text};
use super::package::Package;
use super::tree::{Cell, Kind, Node, OpenTable, Para, Row};
use super::xml::{El, Ev, on, walk};
use crate::error::{Error, ErrorKind, Result};

/// One level of a numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
}

/// `word/numbering.xml`: abstract definitions and the numbering instances
/// paragraphs point at, with the counters of the lists read so far.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    counters: HashMap<String, Counters>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Self> {
        let mut n = Numbering::default();
        let mut abs: Option<String> = None;
        let mut num: Option<String> = None;
        let mut lvl: Option<(usize, Level, String)> = None;
        let mut override_lvl: Option<usize> = None;
        walk(xml, "word/numbering.xml", |ev| {
            match ev {
                Ev::Start(el) => match el.name.as_str() {
                    "abstractNum" => abs = el.attr("abstractNumId").map(str::to_string),
                    "num" => num = el.attr("numId").map(str::to_string),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (&num, el.attr("val")) {
                            n.nums
                                .entry(id.clone())
                                .or_insert_with(|| (String::new(), HashMap::new()))
                                .0 = a.to_string();
                        }
                    }
                    "lvlOverride" => override_lvl = el.attr("ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some(id), Some(l), Some(v)) = (
                            &num,
                            override_lvl,
                            el.attr("val").and_then(|v| v.parse().ok()),
                        ) {
                            n.nums
                                .entry(id.clone())
                                .or_insert_with(|| (String::new(), HashMap::new()))
                                .1
                                .insert(l, v);
                        }
                    }
                    "lvl" if abs.is_some() && num.is_none() => {
                        let i = el.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let level = Level {
                            start: 1,
                            format: Format::Decimal { zero_pad: 0 },
                            text: String::new(),
                        };
                        lvl = Some((i, level, "decimal".into()));
                    }
                    "start" => {
                        if let (Some((_, l, _)), Some(v)) =
                            (&mut lvl, el.attr("val").and_then(|v| v.parse().ok()))
                        {
                            l.start = v;
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, _, f)), Some(v)) = (&mut lvl, el.attr("val")) {
                            *f = v.to_string();
                        }
                    }
                    "lvlText" => {
                        if let (Some((_, l, _)), Some(v)) = (&mut lvl, el.attr("val")) {
                            l.text = v.to_string();
                        }
                    }
                    _ => {}
                },
                Ev::End(name) => match name {
                    "abstractNum" => abs = None,
                    "num" => num = None,
                    "lvlOverride" => override_lvl = None,
                    "lvl" => {
                        if let (Some(a), Some((i, mut l, f))) = (&abs, lvl.take()) {
                            l.format = Format::from_word(&f, &l.text);
                            n.abstracts.entry(a.clone()).or_default().insert(i, l);
                        }
                    }
                    _ => {}
                },
                Ev::Text(_) => {}
            }
            Ok(())
        })?;
        Ok(n)
    }

    /// Counts a paragraph numbered `num_id` at level `ilvl`: its kind as a
    /// list item, `None` when the numbering prints nothing.
    fn item(&mut self, num_id: &str, ilvl: usize) -> Option<Kind> {
        let (abs, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs);
        let level = |i: usize| {
            levels.and_then(|l| l.get(&i)).cloned().unwrap_or(Level {
                start: 1,
                format: Format::Bullet("•".into()),
                text: String::new(),
            })
        };
        let this = level(ilvl);
        if this.format == Format::None {
            return None;
        }
        // Instances of one definition share their counters unless an
        // instance restarts them, as Word numbers them.
        let key = if overrides.is_empty() {
            format!("a{abs}")
        } else {
            format!("n{num_id}")
        };
        let start_of = |i: usize| overrides.get(&i).copied().unwrap_or(level(i).start);
        let counters = self.counters.entry(key).or_default();
        let n = counters.next(ilvl, start_of(ilvl));
        let counters = counters.clone();
        let (number, marker) = if this.format.counts() {
            let printed = |i: usize| level(i).format.print(counters.current(i, start_of(i)));
            let marker = if this.text.is_empty() {
                format!("{}.", this.format.print(n))
            } else {
                level_text(&this.text, printed)
            };
            (Some(n), marker)
        } else {
            (None, this.format.print(n))
        };
        Some(Kind::Item {
            level: u8::try_from(ilvl).unwrap_or(u8::MAX),
            number,
            marker,
        })
    }
}

/// What a style says, before its `basedOn` parent is consulted.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    size: Option<f32>,
    num: Option<(String, usize)>,
}

/// `word/styles.xml`.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_size: Option<f32>,
    default_para: Option<String>,
}

/// Longest `basedOn` chain followed; Word itself refuses cycles but a
/// hostile file need not.
const MAX_CHAIN: usize = 16;

impl Styles {
    fn parse(xml: &str) -> Result<Self> {
        let mut s = Styles::default();
        let mut path: Vec<String> = Vec::new();
        let mut current: Option<(String, Style, bool)> = None;
        walk(xml, "word/styles.xml", |ev| {
            match ev {
                Ev::Start(el) => {
                    let parent = path.last().map(String::as_str).unwrap_or("");
                    let in_defaults = path.iter().any(|p| p == "rPrDefault");
                    match el.name.as_str() {
                        "style" => {
                            let id = el.attr("styleId").unwrap_or("").to_string();
                            let default =
                                el.attr("default").is_some_and(|v| v == "1" || v == "true")
                                    && el.attr("type") == Some("paragraph");
                            current = Some((id, Style::default(), default));
                        }
                        "sz" if in_defaults => s.default_size = half_points(el),
                        _ => {
                            if let Some((_, style, _)) = &mut current {
                                style_property(style, el, parent);
                            }
                        }
                    }
                    path.push(el.name.clone());
                }
                Ev::End(name) => {
                    path.pop();
                    if name == "style"
                        && let Some((id, style, default)) = current.take()
                    {
                        if default {
                            s.default_para = Some(id.clone());
                        }
                        s.by_id.insert(id, style);
                    }
                }
                Ev::Text(_) => {}
            }
            Ok(())
        })?;
        Ok(s)
    }

    /// The first value `f` finds walking from style `id` up its parents.
    fn find<T>(&self, id: Option<&str>, f: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id?.to_string();
        for _ in 0..MAX_CHAIN {
            let style = self.by_id.get(&id)?;
            if let Some(v) = f(style) {
                return Some(v);
            }
            id = style.based_on.clone()?;
        }
        None
    }

    /// A paragraph style's heading level: its name ("heading 2", "Title")
    /// or its outline level, its own before its parent's.
    fn heading(&self, id: Option<&str>) -> Option<u8> {
        self.find(id, |s| {
            heading_by_name(&s.name).or(s.outline.and_then(outline_level))
        })
    }
}

/// `w:outlineLvl` 0..=8 is a heading level 1..=9 (6 at most here); 9 is
/// body text.
fn outline_level(v: u8) -> Option<u8> {
    (v < 9).then(|| (v + 1).min(6))
}

fn half_points(el: &El) -> Option<f32> {
    el.attr("val")
        .and_then(|v| v.parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(|v| v / 2.0)
}

/// A property element of a style (`w:b` in `w:rPr`, `w:outlineLvl` in
/// `w:pPr`, …).
fn style_property(style: &mut Style, el: &El, parent: &str) {
    match (el.name.as_str(), parent) {
        ("name", _) => style.name = el.attr("val").unwrap_or("").to_string(),
        ("basedOn", _) => style.based_on = el.attr("val").map(str::to_string),
        ("outlineLvl", "pPr") => style.outline = el.attr("val").and_then(|v| v.parse().ok()),
        ("b", "rPr") => style.bold = Some(on(el)),
        ("sz", "rPr") => style.size = half_points(el),
        ("numId", "numPr") => {
            let ilvl = style.num.as_ref().map_or(0, |n| n.1);
            style.num = el.attr("val").map(|v| (v.to_string(), ilvl));
        }
        ("ilvl", "numPr") => {
            let ilvl = el.attr("val").and_then(|v| v.parse().ok()).unwrap_or(0);
            match &mut style.num {
                Some(n) => n.1 = ilvl,
                None => style.num = Some((String::new(), ilvl)),
            }
        }
        _ => {}
    }
}

/// Relationship ids of the main part to their targets (hyperlinks).
fn relationships(xml: &str, part: &str) -> Result<HashMap<String, (String, String)>> {
    let mut out = HashMap::new();
    walk(xml, part, |ev| {
        if let Ev::Start(el) = ev
            && el.name == "Relationship"
            && let (Some(id), Some(target)) = (el.attr("Id"), el.attr("Target"))
        {
            let kind = el.attr("Type").unwrap_or("");
            let kind = kind.rsplit('/').next().unwrap_or("").to_string();
            out.insert(id.to_string(), (kind, target.to_string()));
        }
        Ok(())
    })?;
    Ok(out)
}

/// Elements whose content is not read as body text: deleted text, text
/// boxes and drawings, field instructions, notes' and comments' marks,
/// section and paragraph-mark properties, and alternate renderings.
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "txbxContent",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
    "instrText",
    "delInstrText",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "sectPr",
    "fldData",
];

/// Paragraph properties gathered from `w:pPr`.
#[derive(Debug, Default)]
struct ParaProps {
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline: Option<u8>,
    decided: bool,
}

/// Run properties gathered from `w:rPr`.
#[derive(Debug, Default)]
struct RunProps {
    style: Option<String>,
    bold: Option<bool>,
    size: Option<f32>,
    hidden: bool,
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a mut Numbering,
    rels: &'a HashMap<String, (String, String)>,
    out: Vec<Node>,
    tables: Vec<OpenTable>,
    para: Option<Para>,
    ppr: ParaProps,
    run: RunProps,
    path: Vec<String>,
    skip_below: Option<usize>,
}

impl Walker<'_> {
    fn start(&mut self, el: &El) {
        let parent = self.path.last().map(String::as_str).unwrap_or("");
        let in_ppr = parent == "pPr";
        match el.name.as_str() {
            "p" => {
                self.finish_para();
                self.para = Some(Para::new(Kind::Paragraph));
                self.ppr = ParaProps::default();
            }
            "pStyle" if in_ppr => self.ppr.style = el.attr("val").map(str::to_string),
            "outlineLvl" if in_ppr => {
                self.ppr.outline = el.attr("val").and_then(|v| v.parse().ok())
            }
            "numId" if parent == "numPr" => self.ppr.num_id = el.attr("val").map(str::to_string),
            "ilvl" if parent == "numPr" => {
                self.ppr.ilvl = el.attr("val").and_then(|v| v.parse().ok())
            }
            "r" => self.run = RunProps::default(),
            "rStyle" if parent == "rPr" => self.run.style = el.attr("val").map(str::to_string),
            "b" if parent == "rPr" => self.run.bold = Some(on(el)),
            "sz" if parent == "rPr" => self.run.size = half_points(el),
            "vanish" | "webHidden" if parent == "rPr" => self.run.hidden = on(el),
            "tab" if parent == "r" => self.text(" "),
            "noBreakHyphen" => self.text("-"),
            // A page or column break ends no line of text: a Word file
            // has no pages until it is laid out.
            "br" | "cr" if parent == "r" && el.attr("type").is_none_or(|t| t == "textWrapping") => {
                if let Some(p) = &mut self.para {
                    p.line_break();
                }
            }
            "hyperlink" => {
                let href = match (el.attr("id"), el.attr("anchor")) {
                    (Some(id), _) => self.rels.get(id).map(|(_, t)| t.clone()),
                    (None, Some(a)) => Some(format!("#{a}")),
                    _ => None,
                };
                if let (Some(p), Some(href)) = (&mut self.para, href) {
                    p.start_link(href);
                }
            }
            "tbl" => {
                self.finish_para();
                self.tables.push(OpenTable::default());
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Row::default());
                    t.next_col = 0;
                }
            }
            "tblHeader" => {
                if let Some(Some(r)) = self.tables.last_mut().map(|t| &mut t.row) {
                    r.header = on(el);
                }
            }
            "gridBefore" => {
                if let Some(t) = self.tables.last_mut() {
                    t.next_col = t.next_col.saturating_add(count(el));
                }
            }
            "tc" => {
                self.finish_para();
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Cell {
                        col: t.next_col,
                        colspan: 1,
                        rowspan: 1,
                        ..Cell::default()
                    });
                }
            }
            "gridSpan" => {
                if let Some(Some(c)) = self.tables.last_mut().map(|t| &mut t.cell) {
                    c.colspan = count(el).max(1);
                }
            }
            "vMerge" => {
                if let Some(Some(c)) = self.tables.last_mut().map(|t| &mut t.cell) {
                    c.merged_up = el.attr("val") != Some("restart");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "pPr" => self.decide(),
            "p" => self.finish_para(),
            "hyperlink" => {
                if let Some(p) = &mut self.para {
                    p.end_link();
                }
            }
            "tc" => {
                self.finish_para();
                if let Some(t) = self.tables.last_mut() {
                    t.end_cell();
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.end_row();
                }
            }
            "tbl" => {
                self.finish_para();
                if let Some(t) = self.tables.pop() {
                    self.push(Node::Table(t.table));
                }
            }
            _ => {}
        }
    }

    /// Settles what the open paragraph is, once its properties are known
    /// (or its first run shows there were none).
    fn decide(&mut self) {
        if self.ppr.decided {
            return;
        }
        self.ppr.decided = true;
        let style = self.ppr.style.clone().or(self.styles.default_para.clone());
        let style = style.as_deref();
        let heading = self
            .ppr
            .outline
            .and_then(outline_level)
            .or_else(|| self.styles.heading(style));
        let num = match (&self.ppr.num_id, self.ppr.ilvl) {
            (Some(id), ilvl) => Some((id.clone(), ilvl.unwrap_or(0))),
            (None, ilvl) => self
                .styles
                .find(style, |s| s.num.clone().filter(|(id, _)| !id.is_empty()))
                .map(|(id, l)| (id, ilvl.unwrap_or(l))),
        };
        let item = num
            .filter(|(id, _)| id != "0")
            .and_then(|(id, ilvl)| self.numbering.item(&id, ilvl));
        let Some(p) = &mut self.para else {
            return;
        };
        p.kind = match (heading, item) {
            (Some(level), Some(Kind::Item { marker, .. })) => {
                // A numbered heading ("2. Background") keeps its number
                // in its text, as it is printed.
                if !marker.is_empty() {
                    p.prefix(&format!("{marker} "));
                }
                Kind::Heading(level)
            }
            (Some(level), _) => Kind::Heading(level),
            (None, Some(item)) => item,
            (None, None) => Kind::Paragraph,
        };
    }

    fn text(&mut self, s: &str) {
        if self.run.hidden {
            return;
        }
        self.decide();
        let para_style = self.ppr.style.clone().or(self.styles.default_para.clone());
        let bold = self.run.bold.or_else(|| {
            self.styles
                .find(self.run.style.as_deref(), |st| st.bold)
                .or_else(|| self.styles.find(para_style.as_deref(), |st| st.bold))
        });
        let size = self
            .run
            .size
            .or_else(|| self.styles.find(self.run.style.as_deref(), |st| st.size))
            .or_else(|| self.styles.find(para_style.as_deref(), |st| st.size))
            .or(self.styles.default_size);
        if let Some(p) = &mut self.para {
            p.push(s, bold.unwrap_or(false), size.unwrap_or(0.0));
        }
    }

    fn finish_para(&mut self) {
        if self.para.is_some() {
            self.decide();
        }
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

fn count(el: &El) -> u32 {
    el.attr("val")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .min(crate::read::office::MAX_COLS)
}

/// Where the main document part is: the package's `officeDocument`
/// relationship, or Word's usual name.
fn main_part(pkg: &mut Package<'_>) -> Result<String> {
    if let Some(rels) = pkg.text("_rels/.rels")? {
        let rels = relationships(&rels, "_rels/.rels")?;
        if let Some((_, target)) = rels.values().find(|(k, _)| k == "officeDocument") {
            return Ok(target.trim_start_matches('/').to_string());
        }
    }
    Ok("word/document.xml".into())
}

/// The folder of a part (`word/` for `word/document.xml`).
fn folder(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// The body of a Word package as nodes.
pub(crate) fn nodes(pkg: &mut Package<'_>) -> Result<Vec<Node>> {
    let main = main_part(pkg)?;
    if !main.ends_with("document.xml") && !main.ends_with("document2.xml") {
        return Err(Error::new(
            ErrorKind::WrongFormat,
            format!("not a Word document: its main part is {main}"),
        ));
    }
    let Some(body) = pkg.text(&main)? else {
        return Err(Error::new(
            ErrorKind::Malformed,
            format!("damaged Word document: no {main}"),
        ));
    };
    let dir = folder(&main).to_string();
    let rels_name = format!("{dir}_rels/{}.rels", &main[dir.len()..]);
    let rels = match pkg.text(&rels_name)? {
        Some(x) => relationships(&x, &rels_name)?,
        None => HashMap::new(),
    };
    let part_of = |kind: &str, default: &str| {
        rels.values()
            .find(|(k, _)| k == kind)
            .map(|(_, t)| format!("{dir}{}", t.trim_start_matches('/')))
            .unwrap_or_else(|| format!("{dir}{default}"))
    };
    let styles = match pkg.text(&part_of("styles", "styles.xml"))? {
        Some(x) => Styles::parse(&x)?,
        None => Styles::default(),
    };
    let mut numbering = match pkg.text(&part_of("numbering", "numbering.xml"))? {
        Some(x) => Numbering::parse(&x)?,
        None => Numbering::default(),
    };
    let mut w = Walker {
        styles: &styles,
        numbering: &mut numbering,
        rels: &rels,
        out: Vec::new(),
        tables: Vec::new(),
        para: None,
        ppr: ParaProps::default(),
        run: RunProps::default(),
        path: Vec::new(),
        skip_below: None,
    };
    let mut in_body = false;
    walk(&body, &main, |ev| {
        match ev {
            Ev::Start(el) => {
                let depth = w.path.len();
                if el.name == "body" {
                    in_body = true;
                }
                if w.skip_below.is_none()
                    && (SKIPPED.contains(&el.name.as_str())
                        || (el.name == "rPr" && w.path.last().is_some_and(|p| p == "pPr")))
                {
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
                if w.skip_below.is_none() && w.path.last().is_some_and(|p| p == "t") {
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

/// `dc:title` of `docProps/core.xml` and the application of
/// `docProps/app.xml`.
pub(crate) fn metadata(pkg: &mut Package<'_>) -> Result<(Option<String>, Option<String>)> {
    let title = match pkg.text("docProps/core.xml")? {
        Some(x) => super::element_text(&x, "docProps/core.xml", "title")?,
        None => None,
    };
    let producer = match pkg.text("docProps/app.xml")? {
        Some(x) => super::element_text(&x, "docProps/app.xml", "Application")?,
        None => None,
    };
    Ok((title, producer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_names_and_outline_levels_give_headings() {
        assert_eq!(heading_by_name("heading 2"), Some(2));
        assert_eq!(heading_by_name("Heading 9"), Some(6));
        assert_eq!(heading_by_name("Title"), Some(1));
        assert_eq!(heading_by_name("Heading"), None);
        assert_eq!(heading_by_name("Body Text"), None);
        assert_eq!(outline_level(0), Some(1));
        assert_eq!(outline_level(9), None);
    }

    #[test]
    fn based_on_cycles_end() {
        let xml = r#"<w:styles xmlns:w="w"><w:style w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
            <w:style w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style></w:styles>"#;
        let s = Styles::parse(xml).unwrap();
        assert_eq!(s.heading(Some("A")), None);
        assert_eq!(s.find(Some("A"), |st| st.bold), None);
    }
}
