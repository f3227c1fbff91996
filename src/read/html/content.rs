//! Finding the content of a page: the element holding the document, the
//! elements chrome rules must not remove, and the ids of collapsible panels.

use std::collections::HashSet;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::chrome::{self, Place, Verdict};

/// Ids, by priority, that CMS templates give the content wrapper.
const CONTENT_IDS: &[&str] = &["main-content", "maincontent", "content", "main"];

/// Facts about a parsed page that the block walker consults.
#[derive(Debug, Default)]
pub struct PageInfo {
    /// Nodes that contain the main content; never dropped as chrome.
    pub protected: HashSet<NodeId>,
    /// Element ids named by `aria-controls`/`data-target`: collapsible panels.
    pub panels: HashSet<String>,
    /// When set, every chrome rule except "never text" tags is off: the
    /// fallback for pages whose whole text looked like chrome.
    pub lenient: bool,
}

/// The chosen content root.
#[derive(Debug, Clone, Copy)]
pub struct Root<'a> {
    /// The element to walk.
    pub node: NodeRef<'a, Node>,
    /// Whether the root is itself a content landmark (`main`, `article`,
    /// `[role=main]`), so headers and footers inside it are content.
    pub landmark: bool,
    /// Whether no better root than `<body>` was found.
    pub is_body: bool,
}

/// Prefers `<main>`, `[role=main]`, the usual content ids, a single
/// `<article>`; otherwise the body. Candidates without text are passed over
/// (empty `<main>` placeholders exist).
pub fn find_root(doc: &Html) -> Root<'_> {
    let mut main = None;
    let mut role_main = None;
    let mut by_id: [Option<NodeRef<'_, Node>>; 4] = [None; 4];
    let mut articles = Vec::new();
    let mut body = None;
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let usable = || has_text(node);
        match el.name() {
            "body" if body.is_none() => body = Some(node),
            "main" if main.is_none() && usable() => main = Some(node),
            "article" => articles.push(node),
            _ => {}
        }
        if role_main.is_none()
            && chrome::attr_lower(el, "role").as_deref() == Some("main")
            && usable()
        {
            role_main = Some(node);
        }
        if let Some(id) = el.id() {
            let id = id.to_ascii_lowercase();
            if let Some(i) = CONTENT_IDS.iter().position(|c| *c == id)
                && by_id[i].is_none()
                && usable()
            {
                by_id[i] = Some(node);
            }
        }
    }
    let single_article = match articles.as_slice() {
        [one] if has_text(*one) => Some(*one),
        _ => None,
    };
    if let Some(node) = main.or(role_main) {
        return Root {
            node,
            landmark: true,
            is_body: false,
        };
    }
    if let Some(node) = by_id.iter().flatten().next() {
        return Root {
            node: *node,
            landmark: false,
            is_body: false,
        };
    }
    if let Some(node) = single_article {
        return Root {
            node,
            landmark: true,
            is_body: false,
        };
    }
    Root {
        node: body.unwrap_or_else(|| doc.tree.root()),
        landmark: false,
        is_body: true,
    }
}

/// Whether any text other than scripts and styles sits under `node`.
pub fn has_text(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|n| {
        n.value().as_text().is_some_and(|t| !t.trim().is_empty())
            && n.parent()
                .and_then(|p| p.value().as_element().map(|e| e.name()))
                .is_none_or(|name| !matches!(name, "script" | "style" | "noscript" | "template"))
    })
}

/// Whether an element holds document prose (a top-level heading or a few
/// paragraphs) rather than form controls: ASP.NET sites wrap the whole
/// page in one `<form>`, which must not be dropped as a search box.
pub fn has_prose(node: NodeRef<'_, Node>) -> bool {
    let mut paragraphs = 0;
    for n in node.descendants().skip(1) {
        match n.value().as_element().map(|e| e.name()) {
            Some("h1" | "h2" | "main" | "article") => return true,
            Some("p") => {
                paragraphs += 1;
                if paragraphs >= 3 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Facts for the walker: protected ancestors of the root and of content
/// landmarks, and the panel ids.
pub fn page_info(doc: &Html, root: Root<'_>) -> PageInfo {
    let mut info = PageInfo::default();
    protect_ancestors(&mut info.protected, root.node);
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let landmark = matches!(el.name(), "main" | "article")
            || chrome::attr_lower(el, "role").as_deref() == Some("main");
        if landmark {
            protect_ancestors(&mut info.protected, node);
        }
        for attr in ["aria-controls", "data-target", "data-bs-target"] {
            if let Some(v) = el.attr(attr) {
                for id in v.split_ascii_whitespace() {
                    info.panels.insert(id.trim_start_matches('#').to_string());
                }
            }
        }
        if el.name() == "a"
            && chrome::is_accordion_trigger(el)
            && let Some(href) = el.attr("href")
            && let Some(id) = href.trim().strip_prefix('#')
        {
            info.panels.insert(id.to_string());
        }
    }
    info
}

/// Marks `node` and its ancestors; stops at the first already marked, so
/// marking every landmark costs linear time in total.
fn protect_ancestors(set: &mut HashSet<NodeId>, node: NodeRef<'_, Node>) {
    let mut current = Some(node);
    while let Some(n) = current {
        if !set.insert(n.id()) {
            break;
        }
        current = n.parent();
    }
}

/// The page title `<h1>` when it sits outside the chosen root (a "page
/// header" band above `<main>`), so the title is not lost.
pub fn orphan_title<'a>(doc: &'a Html, root: Root<'a>) -> Option<NodeRef<'a, Node>> {
    if root.is_body || root.node.descendants().any(|n| is_tag(n, "h1")) {
        return None;
    }
    doc.tree
        .root()
        .descendants()
        .filter(|n| is_tag(*n, "h1"))
        .find(|h1| {
            h1.ancestors().all(|a| match a.value().as_element() {
                Some(el) if el.name() == "header" => is_title_band(a),
                Some(el) => chrome::verdict(el, Place::default()) == Verdict::Keep,
                None => true,
            })
        })
}

/// A `<header>` outside any article that holds the page's `<h1>` and no
/// navigation or search: a title band, not the site header.
pub fn is_title_band(header: NodeRef<'_, Node>) -> bool {
    let mut has_h1 = false;
    for n in header.descendants().skip(1) {
        let Some(el) = n.value().as_element() else {
            continue;
        };
        match el.name() {
            "h1" => has_h1 = true,
            "nav" | "form" | "input" | "button" => return false,
            _ => {
                if matches!(
                    chrome::attr_lower(el, "role").as_deref(),
                    Some("navigation" | "search" | "banner")
                ) {
                    return false;
                }
            }
        }
    }
    has_h1
}

fn is_tag(node: NodeRef<'_, Node>, tag: &str) -> bool {
    node.value().as_element().is_some_and(|e| e.name() == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_name(html: &str) -> String {
        let doc = Html::parse_document(html);
        let root = find_root(&doc);
        let el = root.node.value().as_element().expect("element root");
        format!("{}#{}", el.name(), el.id().unwrap_or(""))
    }

    #[test]
    fn main_wins_over_content_id_and_article() {
        let html = "<body><div id=content><main><p>x</p></main></div><article>y</article></body>";
        assert_eq!(root_name(html), "main#");
    }

    #[test]
    fn empty_main_is_passed_over() {
        let html = "<body><main> </main><div id=content><p>x</p></div></body>";
        assert_eq!(root_name(html), "div#content");
    }

    #[test]
    fn several_articles_mean_body() {
        let html = "<body><article>a</article><article>b</article></body>";
        assert_eq!(root_name(html), "body#");
        assert_eq!(root_name("<body><article>a</article></body>"), "article#");
    }

    #[test]
    fn title_band_header_is_not_site_header() {
        let doc = Html::parse_document(
            "<body><header id=a><h1>Title</h1></header><header id=b><h1>Logo</h1><nav>n</nav></header></body>",
        );
        let bands: Vec<bool> = doc
            .tree
            .root()
            .descendants()
            .filter(|n| is_tag(*n, "header"))
            .map(is_title_band)
            .collect();
        assert_eq!(bands, [true, false]);
    }

    #[test]
    fn panels_come_from_aria_controls_and_toggle_hrefs() {
        let doc = Html::parse_document(
            "<main><button aria-controls=\"p1 p2\">A</button><a data-toggle=collapse href=#p3>B</a></main>",
        );
        let info = page_info(&doc, find_root(&doc));
        for id in ["p1", "p2", "p3"] {
            assert!(info.panels.contains(id), "{id}");
        }
    }
}
