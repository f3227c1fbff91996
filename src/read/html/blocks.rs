//! The block walker: a DOM subtree to [`Block`]s in document order, with
//! whitespace collapsed as a browser would, lists numbered and nested, and
//! table cells placed on a grid.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::Node;
use scraper::node::Element;

use super::chrome::{self, Place, Verdict};
use super::content::{self, PageInfo};
use crate::block::RUN_IN_MAX;
use crate::layout::{Block, Link, Role};

/// Deeper than this the walker stops recursing and takes the remaining
/// text flat, so hostile nesting cannot overflow the stack.
const MAX_DEPTH: usize = 256;

/// Columns tracked for rowspans; wider tables are not real documents.
const MAX_COLS: usize = 1000;

/// Rowspan cap from the HTML standard.
const MAX_ROWSPAN: u32 = 65534;

/// Elements that start a new block (a line in a leaf block).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "main",
    "p",
    "section",
    "search",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "table",
];

/// The block being built when text arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Leaf {
    /// Not inside a leaf: block elements start new blocks.
    #[default]
    None,
    /// Inside a heading: everything is the heading's text.
    Heading,
    /// Inside a list item: nested lists and data tables still break out.
    Item,
    /// Inside a table cell: everything is the cell's text.
    Cell,
    /// Collecting a link title.
    Inline,
}

/// What the walker knows about the path from the root to a node.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    leaf: Leaf,
    pre: bool,
    bold: bool,
    in_content: bool,
    in_link: bool,
    depth: usize,
}

/// Inline text being gathered for one block.
#[derive(Debug, Default)]
struct Run {
    text: String,
    pending_space: bool,
    links: Vec<Link>,
    bold_chars: usize,
    chars: usize,
    role: Option<Role>,
    /// The block opened in bold and no plain text has followed yet.
    bold_lead: bool,
}

impl Run {
    /// Appends text, collapsing HTML whitespace runs to one space unless
    /// `pre`. A no-break space is treated as a plain space: downstream
    /// rules match "published 3 March" whatever the CMS typed.
    fn push_text(&mut self, s: &str, pre: bool, bold: bool) {
        for c in s.chars() {
            match c {
                '\u{AD}' | '\u{200B}' | '\u{FEFF}' => {}
                '\r' if pre => {}
                '\n' if pre => self.hard_break(),
                ' ' | '\t' | '\n' | '\r' | '\u{C}' | '\u{A0}' if !pre => self.pending_space = true,
                _ => {
                    if self.chars == 0 {
                        self.bold_lead = bold;
                    } else if self.bold_lead
                        && !bold
                        && (c.is_alphanumeric() || matches!(c, '“' | '"' | '‘'))
                    {
                        // A short bold run-in ("<b>Learning</b> agencies
                        // should…") is a label: it gets a line of its own,
                        // as in a printed layout, so that the label grammar
                        // reads it the same from every reader.
                        self.bold_lead = false;
                        if self.chars <= RUN_IN_MAX && !self.text.ends_with('\n') {
                            self.text.push('\n');
                            self.pending_space = false;
                        }
                    }
                    if self.pending_space && !self.text.is_empty() && !self.text.ends_with('\n') {
                        self.text.push(' ');
                    }
                    self.pending_space = false;
                    self.text.push(if c == '\u{A0}' { ' ' } else { c });
                    self.chars += 1;
                    if bold {
                        self.bold_chars += 1;
                    }
                }
            }
        }
    }

    /// A `<br>`: always a new line, even an empty one.
    fn hard_break(&mut self) {
        self.text.push('\n');
        self.pending_space = false;
    }

    /// A block boundary inside a leaf block: a new line unless at one.
    fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.pending_space = false;
    }

    /// A blank line, once, between two paragraphs of one cell.
    fn paragraph_break(&mut self) {
        if !self.text.is_empty() {
            while !self.text.ends_with("\n\n") {
                self.text.push('\n');
            }
        }
        self.pending_space = false;
    }

    /// A space that appears only if more text follows.
    fn soft_space(&mut self) {
        self.pending_space = true;
    }
}

/// Walks a subtree into blocks.
pub struct Walker<'p> {
    page: &'p PageInfo,
    blocks: Vec<Block>,
    run: Run,
    list_depth: u8,
    tables: u32,
    carried_links: Vec<Link>,
}

impl<'p> Walker<'p> {
    /// A walker over a page described by `page`.
    pub fn new(page: &'p PageInfo) -> Self {
        Walker {
            page,
            blocks: Vec::new(),
            run: Run::default(),
            list_depth: 0,
            tables: 0,
            carried_links: Vec::new(),
        }
    }

    /// Walks `node` itself (not only its children). `in_content` says the
    /// node is inside a content landmark.
    pub fn walk_root(&mut self, node: NodeRef<'_, Node>, in_content: bool) {
        let ctx = Ctx {
            in_content,
            ..Ctx::default()
        };
        self.walk(node, ctx);
        self.flush();
    }

    /// The blocks so far; links left without a block join the last one.
    pub fn finish(mut self) -> Vec<Block> {
        self.flush();
        if let Some(last) = self.blocks.last_mut() {
            last.links.append(&mut self.carried_links);
        }
        self.blocks
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        if ctx.depth > MAX_DEPTH {
            self.flat_text(node, ctx);
            return;
        }
        match node.value() {
            Node::Text(t) => self.run.push_text(t, ctx.pre, ctx.bold),
            Node::Element(el) => self.element(node, el, ctx),
            _ => {}
        }
    }

    fn walk_children(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        for child in node.children() {
            self.walk(child, ctx);
        }
    }

    /// Text of a too-deep subtree, without recursion.
    fn flat_text(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        let mut skipping = 0usize;
        for edge in node.traverse() {
            match edge {
                Edge::Open(n) => match n.value() {
                    Node::Element(_) if skipping > 0 => skipping += 1,
                    Node::Element(el)
                        if chrome::verdict(el, self.place(n, el, ctx)) == Verdict::Drop =>
                    {
                        skipping = 1;
                    }
                    Node::Element(el) if el.name() == "br" => self.run.hard_break(),
                    Node::Element(el) if BLOCK_TAGS.contains(&el.name()) => self.run.soft_space(),
                    Node::Text(t) if skipping == 0 => self.run.push_text(t, ctx.pre, ctx.bold),
                    _ => {}
                },
                Edge::Close(n) => {
                    if skipping > 0 && n.value().is_element() {
                        skipping -= 1;
                    }
                }
            }
        }
    }

    fn place(&self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) -> Place {
        let in_content = ctx.in_content || (el.name() == "header" && content::is_title_band(node));
        Place {
            in_content,
            protected: self.page.lenient
                || self.page.protected.contains(&node.id())
                || (el.name() == "form" && content::has_prose(node)),
            controlled: el.id().is_some_and(|id| self.page.panels.contains(id)),
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        if chrome::verdict(el, self.place(node, el, ctx)) == Verdict::Drop {
            return;
        }
        let tag = el.name();
        let role = chrome::attr_lower(el, "role");
        let mut inner = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        if matches!(tag, "article" | "main") || role.as_deref() == Some("main") {
            inner.in_content = true;
        }
        if ctx.in_link && tag != "a" && is_link_helper(node) {
            return;
        }
        if let Some(level) = heading_level(tag) {
            return self.heading(node, level, inner);
        }
        match tag {
            "br" => self.run.hard_break(),
            "a" if chrome::is_accordion_trigger(el) => {
                self.heading(node, trigger_level(node, el), inner)
            }
            "a" => self.anchor(node, el, inner),
            "summary" => self.heading(node, trigger_level(node, el), inner),
            "button" if chrome::is_accordion_trigger(el) => {
                self.heading(node, trigger_level(node, el), inner)
            }
            // Other buttons are controls ("Accept cookies", "Search").
            "button" => {}
            "ul" | "ol" | "menu" | "dir" => self.list(node, el, inner),
            "li" => self.orphan_item(node, inner),
            "table" => self.table(node, el, inner),
            "pre" | "listing" | "xmp" | "plaintext" => self.block(node, Ctx { pre: true, ..inner }),
            "b" | "strong" => self.walk_children(
                node,
                Ctx {
                    bold: true,
                    ..inner
                },
            ),
            _ if role.as_deref() == Some("heading") => {
                let level = el
                    .attr("aria-level")
                    .and_then(|l| l.trim().parse::<u8>().ok())
                    .map_or(2, |l| l.clamp(1, 6));
                self.heading(node, level, inner)
            }
            _ if chrome::is_accordion_trigger(el) => {
                self.heading(node, trigger_level(node, el), inner)
            }
            _ if BLOCK_TAGS.contains(&tag) => self.block(node, inner),
            _ => self.walk_children(node, inner),
        }
    }

    /// A block container: its own blocks outside leaves, its own lines
    /// inside them.
    fn block(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        if ctx.leaf == Leaf::None {
            self.flush();
            self.walk_children(node, ctx);
            self.flush();
        } else if ctx.leaf == Leaf::Cell {
            // Paragraphs in a cell stay paragraphs (a blank line between
            // them), as the PDF layout gives them: several actions in one
            // cell are several actions.
            self.run.paragraph_break();
            self.walk_children(node, ctx);
            self.run.paragraph_break();
        } else {
            self.run.line_break();
            self.walk_children(node, ctx);
            self.run.line_break();
        }
    }

    fn heading(&mut self, node: NodeRef<'_, Node>, level: u8, ctx: Ctx) {
        if ctx.leaf != Leaf::None {
            return self.block(node, ctx);
        }
        self.flush();
        self.run.role = Some(Role::Heading { level });
        self.walk_children(
            node,
            Ctx {
                leaf: Leaf::Heading,
                ..ctx
            },
        );
        self.flush();
    }

    fn anchor(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        let inner = Ctx {
            in_link: true,
            ..ctx
        };
        if let Some(href) = el.attr("href") {
            let title = self.link_title(node, el, inner);
            if chrome::is_skip_link(Some(href), &title) {
                return;
            }
            if ctx.leaf != Leaf::Inline && !title.is_empty() {
                self.run.links.push(Link {
                    title,
                    href: href.trim().to_string(),
                });
            }
        }
        self.walk_children(node, inner);
    }

    /// Visible text of an anchor, by walking it with the same rules into a
    /// throwaway run; falls back to `aria-label`, `title` and image `alt`
    /// for icon links.
    fn link_title(&self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) -> String {
        let mut sub = Walker::new(self.page);
        sub.walk_children(
            node,
            Ctx {
                leaf: Leaf::Inline,
                ..ctx
            },
        );
        let mut title = collapse_spaces(&sub.run.text);
        if title.is_empty() {
            title = [el.attr("aria-label"), el.attr("title")]
                .into_iter()
                .flatten()
                .chain(node.descendants().filter_map(|n| {
                    n.value()
                        .as_element()
                        .filter(|e| e.name() == "img")
                        .and_then(|e| e.attr("alt"))
                }))
                .map(collapse_spaces)
                .find(|t| !t.is_empty())
                .unwrap_or_default();
        }
        strip_helper_suffix(&title).to_string()
    }

    fn list(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        match ctx.leaf {
            Leaf::None | Leaf::Item => self.block_list(node, el, ctx),
            Leaf::Heading | Leaf::Cell | Leaf::Inline => self.inline_list(node, el, ctx),
        }
    }

    /// A list outside headings and cells: one `ListItem` block per item,
    /// nested lists one level deeper, after their parent item. Text of an
    /// item that follows its nested list becomes a `Paragraph`: moving it
    /// into the parent item would reorder the page.
    fn block_list(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        self.flush();
        let level = self.list_depth;
        let mut numbers = Numbering::new(node, el);
        self.list_depth = self.list_depth.saturating_add(1);
        let item_ctx = Ctx {
            leaf: Leaf::Item,
            ..ctx
        };
        let outer_ctx = Ctx {
            leaf: Leaf::None,
            ..ctx
        };
        for child in node.children() {
            match child.value().as_element() {
                Some(li) if li.name() == "li" => {
                    if chrome::verdict(li, self.place(child, li, ctx)) == Verdict::Drop {
                        continue;
                    }
                    let number = numbers.next(li);
                    self.flush();
                    self.run.role = Some(Role::ListItem { level, number });
                    self.walk_children(
                        child,
                        Ctx {
                            depth: ctx.depth + 1,
                            ..item_ctx
                        },
                    );
                    self.flush();
                }
                _ => self.walk(child, outer_ctx),
            }
        }
        self.list_depth = level;
        self.flush();
    }

    /// A list inside a heading or cell: one line per item with its marker,
    /// so the cell keeps its bullets for the segmenter.
    fn inline_list(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        let mut numbers = Numbering::new(node, el);
        self.run.line_break();
        for child in node.children() {
            match child.value().as_element() {
                Some(li) if li.name() == "li" => {
                    if chrome::verdict(li, self.place(child, li, ctx)) == Verdict::Drop {
                        continue;
                    }
                    self.run.line_break();
                    let marker = numbers
                        .next(li)
                        .map_or("•".to_string(), |n| format!("{n}."));
                    self.run.push_text(&marker, false, false);
                    self.run.soft_space();
                    self.walk_children(
                        child,
                        Ctx {
                            depth: ctx.depth + 1,
                            ..ctx
                        },
                    );
                    self.run.line_break();
                }
                _ => self.walk(child, ctx),
            }
        }
        self.run.line_break();
    }

    /// An `<li>` outside any list (the parser allows it).
    fn orphan_item(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        if ctx.leaf != Leaf::None {
            return self.block(node, ctx);
        }
        self.flush();
        self.run.role = Some(Role::ListItem {
            level: self.list_depth,
            number: None,
        });
        self.walk_children(
            node,
            Ctx {
                leaf: Leaf::Item,
                ..ctx
            },
        );
        self.flush();
    }

    fn table(&mut self, node: NodeRef<'_, Node>, el: &Element, ctx: Ctx) {
        let data = !is_layout_table(node, el);
        match ctx.leaf {
            Leaf::None | Leaf::Item if data => self.data_table(node, ctx),
            _ => self.block(node, ctx),
        }
    }

    /// A data table: one `Cell` block per cell, empty cells included (a
    /// blank deadline is information), placed on the grid that rowspan and
    /// colspan make.
    fn data_table(&mut self, node: NodeRef<'_, Node>, ctx: Ctx) {
        self.flush();
        let table = self.tables;
        self.tables = self.tables.saturating_add(1);
        let outer = Ctx {
            leaf: Leaf::None,
            ..ctx
        };
        for child in node.children() {
            if let Some(el) = child.value().as_element()
                && el.name() == "caption"
            {
                self.element(child, el, outer);
            }
        }
        let rows = table_rows(node);
        let mut grid = Grid::default();
        for (r, (tr, in_head)) in rows.iter().enumerate() {
            let row = u32::try_from(r).unwrap_or(u32::MAX);
            let remaining = u32::try_from(rows.len() - r).unwrap_or(u32::MAX);
            for cell in tr.children() {
                let Some(el) = cell.value().as_element() else {
                    continue;
                };
                if !matches!(el.name(), "td" | "th")
                    || chrome::verdict(el, self.place(cell, el, ctx)) == Verdict::Drop
                {
                    continue;
                }
                let rowspan = span(el.attr("rowspan"), MAX_ROWSPAN, remaining);
                let colspan = span(el.attr("colspan"), MAX_COLS as u32, 1);
                let col = grid.place(rowspan, colspan);
                let header = el.name() == "th" || *in_head;
                self.flush();
                self.run.role = Some(Role::Cell {
                    table,
                    row,
                    col,
                    rowspan,
                    header,
                });
                self.walk_children(
                    cell,
                    Ctx {
                        leaf: Leaf::Cell,
                        bold: ctx.bold || header,
                        depth: ctx.depth + 2,
                        ..ctx
                    },
                );
                self.flush_keeping_empty();
            }
            grid.next_row();
        }
    }

    /// Ends the current run as a block (several for paragraphs broken by
    /// blank lines); an empty run passes its links to the next block.
    fn flush(&mut self) {
        self.flush_inner(false);
    }

    fn flush_keeping_empty(&mut self) {
        self.flush_inner(true);
    }

    fn flush_inner(&mut self, keep_empty: bool) {
        let run = std::mem::take(&mut self.run);
        let role = run.role.unwrap_or(Role::Paragraph);
        let text = run.text.trim_matches(|c| c == '\n' || c == ' ');
        let mut links = run.links;
        if text.is_empty() && !keep_empty {
            self.carried_links.append(&mut links);
            return;
        }
        let mut all_links = std::mem::take(&mut self.carried_links);
        all_links.append(&mut links);
        let bold = run.chars > 0 && run.bold_chars * 2 > run.chars;
        let pieces = match role {
            Role::Paragraph => split_paragraphs(text),
            Role::Cell { .. } => vec![one_blank_line(text)],
            _ => vec![drop_blank_lines(text)],
        };
        let first = self.blocks.len();
        for piece in pieces {
            let mut b = Block::paragraph(piece).with_role(role.clone());
            b.bold = bold;
            self.blocks.push(b);
        }
        for link in all_links {
            let target = self.blocks[first..]
                .iter()
                .position(|b| b.text.contains(&link.title))
                .unwrap_or(0);
            if let Some(b) = self.blocks.get_mut(first + target) {
                b.links.push(link);
            }
        }
    }
}

/// Ordinals of an ordered list: `start`, `reversed`, and `value` on items.
struct Numbering {
    ordered: bool,
    next: i64,
    step: i64,
}

impl Numbering {
    fn new(node: NodeRef<'_, Node>, el: &Element) -> Self {
        let ordered = el.name() == "ol";
        let reversed = el.attr("reversed").is_some();
        let count = node
            .children()
            .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "li"))
            .count();
        let default_start = if reversed {
            i64::try_from(count).unwrap_or(i64::MAX)
        } else {
            1
        };
        Numbering {
            ordered,
            next: parse_int(el.attr("start")).unwrap_or(default_start),
            step: if reversed { -1 } else { 1 },
        }
    }

    /// The ordinal of `li`, honouring its `value`; `None` for bullets and
    /// for ordinals a `u32` cannot hold.
    fn next(&mut self, li: &Element) -> Option<u32> {
        if !self.ordered {
            return None;
        }
        if let Some(v) = parse_int(li.attr("value")) {
            self.next = v;
        }
        let n = self.next;
        self.next = self.next.saturating_add(self.step);
        u32::try_from(n).ok()
    }
}

/// An integer attribute as browsers read it: leading whitespace and sign,
/// digits, anything after ignored.
fn parse_int(v: Option<&str>) -> Option<i64> {
    let v = v?.trim_start();
    let (sign, digits) = match v.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, v.strip_prefix('+').unwrap_or(v)),
    };
    let digits: String = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .take(18)
        .collect();
    digits.parse::<i64>().ok().map(|n| sign * n)
}

/// A rowspan/colspan: at least 1, at most `max`; 0 (rowspan only) means
/// "to the end of the table", given as `zero`.
fn span(v: Option<&str>, max: u32, zero: u32) -> u32 {
    match parse_int(v) {
        Some(0) => zero.clamp(1, max),
        Some(n) if n > 0 => u32::try_from(n).unwrap_or(max).min(max),
        _ => 1,
    }
}

/// Occupancy of table columns by cells spanning down from earlier rows.
#[derive(Debug, Default)]
struct Grid {
    /// Rows still covered, per column, counting the current row.
    busy: Vec<u32>,
    /// Next free column of the current row.
    col: usize,
}

impl Grid {
    /// Places a cell in the current row: its column.
    fn place(&mut self, rowspan: u32, colspan: u32) -> u32 {
        while self.busy.get(self.col).is_some_and(|b| *b > 0) {
            self.col += 1;
        }
        let col = self.col;
        let end = col.saturating_add(colspan as usize);
        let tracked_end = end.min(MAX_COLS);
        if self.busy.len() < tracked_end {
            self.busy.resize(tracked_end, 0);
        }
        for b in self.busy.iter_mut().take(tracked_end).skip(col) {
            *b = (*b).max(rowspan);
        }
        self.col = end;
        u32::try_from(col).unwrap_or(u32::MAX)
    }

    fn next_row(&mut self) {
        for b in &mut self.busy {
            *b = b.saturating_sub(1);
        }
        self.col = 0;
    }
}

/// Rows of a table in document order, with whether each is in `<thead>`;
/// rows of nested tables are not included.
fn table_rows<'a>(table: NodeRef<'a, Node>) -> Vec<(NodeRef<'a, Node>, bool)> {
    let mut rows = Vec::new();
    for child in table.children() {
        match child.value().as_element().map(|e| e.name()) {
            Some("tr") => rows.push((child, false)),
            Some(section @ ("thead" | "tbody" | "tfoot")) => {
                for tr in child.children() {
                    if tr.value().as_element().is_some_and(|e| e.name() == "tr") {
                        rows.push((tr, section == "thead"));
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

/// Old council pages lay whole pages out with tables. A table is layout
/// when it says so, nests tables or headings, or has one column; a table
/// with header cells or a caption is data.
fn is_layout_table(node: NodeRef<'_, Node>, el: &Element) -> bool {
    if matches!(
        chrome::attr_lower(el, "role").as_deref(),
        Some("presentation" | "none")
    ) {
        return true;
    }
    let mut has_header = false;
    for n in node.descendants().skip(1) {
        match n.value().as_element().map(|e| e.name()) {
            Some("table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6") => return true,
            Some("th" | "thead" | "caption") => has_header = true,
            _ => {}
        }
    }
    if has_header {
        return false;
    }
    let widest = table_rows(node)
        .iter()
        .map(|(tr, _)| {
            tr.children()
                .filter(|c| {
                    c.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "td" | "th"))
                })
                .count()
        })
        .max()
        .unwrap_or(0);
    widest <= 1
}

/// Level of a heading tag.
fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Level of an accordion title (`summary`, trigger button): the heading
/// inside it, else `aria-level`, else 2 (sections under the page title).
fn trigger_level(node: NodeRef<'_, Node>, el: &Element) -> u8 {
    node.descendants()
        .skip(1)
        .find_map(|n| n.value().as_element().and_then(|e| heading_level(e.name())))
        .or_else(|| {
            el.attr("aria-level")
                .and_then(|l| l.trim().parse::<u8>().ok())
                .map(|l| l.clamp(1, 6))
        })
        .unwrap_or(2)
}

/// Whether an element inside a link holds only "opens in a new window"
/// helper text (hidden or not, it is not part of the title).
fn is_link_helper(node: NodeRef<'_, Node>) -> bool {
    let mut text = String::new();
    for n in node.descendants() {
        if let Some(t) = n.value().as_text() {
            text.push_str(t);
            if text.len() > 80 {
                return false;
            }
        }
    }
    chrome::is_link_helper_text(&text)
}

/// Removes a helper phrase glued to the end of a title by a CMS that does
/// not mark it up ("Overview reportthis external link will open...").
fn strip_helper_suffix(title: &str) -> &str {
    const SUFFIXES: &[&str] = &[
        "this external link will open in a new window",
        "(opens in a new window)",
        "opens in a new window",
        "(opens in new window)",
        "(opens in a new tab)",
        "(external link)",
    ];
    let lower = title.to_lowercase();
    for s in SUFFIXES {
        if lower.ends_with(s) && lower.len() > s.len() {
            let cut = title.len().saturating_sub(s.len());
            if let Some(head) = title.get(..cut) {
                return head.trim_end();
            }
        }
    }
    title
}

/// Text on one line with single spaces.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits paragraph text at blank lines (`<br><br>`), as the text reader
/// splits at blank lines.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Lines of a heading, item or cell without empty ones.
/// A cell's text with its paragraphs separated by one blank line and no
/// blank line elsewhere.
fn one_blank_line(text: &str) -> String {
    text.split("\n\n")
        .map(drop_blank_lines)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn drop_blank_lines(text: &str) -> String {
    text.split('\n')
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_nbsp_is_a_space() {
        let mut r = Run::default();
        r.push_text("  published\u{A0}\u{A0}3 \n March  ", false, false);
        r.push_text("2021", false, false);
        assert_eq!(r.text, "published 3 March 2021");
    }

    #[test]
    fn pre_keeps_spacing() {
        let mut r = Run::default();
        r.push_text("a  b\r\n  c", true, false);
        assert_eq!(r.text, "a  b\n  c");
    }

    #[test]
    fn breaks_do_not_leave_edge_spaces() {
        let mut r = Run::default();
        r.push_text("one ", false, false);
        r.hard_break();
        r.push_text(" two", false, false);
        r.line_break();
        r.line_break();
        assert_eq!(r.text, "one\ntwo\n");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(split_paragraphs("a\nb\n\n\nc"), ["a\nb", "c"]);
        assert_eq!(drop_blank_lines("a\n\nb"), "a\nb");
    }

    #[test]
    fn integer_attributes_parse_like_browsers() {
        assert_eq!(parse_int(Some(" 4")), Some(4));
        assert_eq!(parse_int(Some("-2")), Some(-2));
        assert_eq!(parse_int(Some("7th")), Some(7));
        assert_eq!(parse_int(Some("x")), None);
        assert_eq!(
            parse_int(Some("99999999999999999999999")),
            Some(999_999_999_999_999_999)
        );
    }

    #[test]
    fn spans_are_clamped() {
        assert_eq!(span(None, 10, 3), 1);
        assert_eq!(span(Some("0"), 10, 3), 3);
        assert_eq!(span(Some("50"), 10, 3), 10);
        assert_eq!(span(Some("-1"), 10, 3), 1);
    }

    #[test]
    fn grid_skips_columns_covered_from_above() {
        let mut g = Grid::default();
        assert_eq!(g.place(2, 1), 0);
        assert_eq!(g.place(1, 2), 1);
        g.next_row();
        assert_eq!(g.place(1, 1), 1);
        assert_eq!(g.place(1, 1), 2);
        g.next_row();
        assert_eq!(g.place(1, 1), 0);
    }

    #[test]
    fn helper_suffix_is_stripped() {
        assert_eq!(
            strip_helper_suffix("Overview reportthis external link will open in a new window"),
            "Overview report"
        );
        assert_eq!(strip_helper_suffix("Overview report"), "Overview report");
    }
}
