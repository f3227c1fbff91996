//! Site chrome: which elements of a council page are navigation, banners,
//! helper text and the like rather than the document, decided per element
//! from its tag and attributes.
//!
//! The rules lean towards keeping text: collapsed accordion panels are
//! hidden in the source but are the content, so "hidden" only means chrome
//! when the element does not look like a panel.

use scraper::node::Element;

/// What to do with an element before looking at its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Part of the document.
    Keep,
    /// Site chrome or helper text: drop it with its children.
    Drop,
}

/// Where the element sits, as far as chrome rules care.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place {
    /// Inside `article`, `main`, `section`, `[role=main]` or the content root.
    pub in_content: bool,
    /// The element contains the page's main content; generic class-based
    /// rules never drop it (e.g. `<div class="cookie-ok">` around all).
    pub protected: bool,
    /// The element's id is the target of some `aria-controls` on the page.
    pub controlled: bool,
}

/// Tags that never hold document text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed",
    "canvas", "select", "textarea", "input", "option", "datalist", "dialog", "map", "audio",
    "video", "link", "meta", "base", "title",
];

/// Tags that are chrome wherever they are (the brief's list).
const CHROME_TAGS: &[&str] = &["nav", "aside"];

/// ARIA landmark roles of site chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "complementary",
    "menubar",
    "menu",
    "dialog",
    "alertdialog",
    "toolbar",
];

/// Class tokens (exact, lowercase) of text meant only for screen readers.
const VISUALLY_HIDDEN: &[&str] = &[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "screenreader",
    "element-invisible",
    "off-screen",
    "offscreen",
    "show-for-sr",
    "a11y-hidden",
    "hidden-text",
    "hide-text",
    "assistive-text",
];

/// Class tokens (exact, lowercase) of content hidden until some script
/// shows it: treated like the `hidden` attribute.
const HIDDEN_STATE: &[&str] = &["hidden", "hide", "d-none", "is-hidden", "js-hidden"];

/// Substrings of id/class/aria-label that mark chrome wherever they occur.
const CHROME_HINTS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "onetrust",
    "cybot",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "skip-to",
    "skipnav",
    "skip-nav",
    "back-to-top",
    "backtotop",
    "addthis",
    "sharethis",
    "social-share",
    "share-links",
    "share-this",
    "sharing-links",
    "accordion__section-toggle",
    "accordion-nav__controls",
    "accordion__controls",
    "show-all-sections",
];

/// Exact id/class tokens of site-wide header and footer bands that do not
/// use the `header`/`footer` tags.
const CHROME_TOKENS: &[&str] = &[
    "site-header",
    "global-header",
    "masthead",
    "site-footer",
    "global-footer",
    "page-footer",
    "footer",
    "ccc",
    "cc-banner",
    "cc-window",
];

/// Substrings of id/class that say "this is a collapsible panel", so its
/// hidden state is a script's doing and the text is content.
const PANEL_HINTS: &[&str] = &[
    "accordion",
    "panel",
    "collapse",
    "collapsible",
    "expand",
    "reveal",
    "showhide",
    "show-hide",
    "toggle",
    "tab-content",
    "tabpanel",
    "tab-pane",
    "details",
    "drawer",
    "fold",
];

/// Phrases that links carry for screen readers ("opens in a new window").
const LINK_HELPER_PHRASES: &[&str] = &[
    "this external link will open in a new window",
    "this link will open in a new window",
    "this link opens in a new window",
    "link opens in a new window",
    "opens in a new window",
    "opens in new window",
    "open in a new window",
    "opens in a new tab",
    "opens in new tab",
    "external link",
    "external website",
    "link is external",
];

/// Decides whether `el` is chrome. Tag rules are absolute; class and
/// hidden-state rules yield to `place.protected`.
pub fn verdict(el: &Element, place: Place) -> Verdict {
    let tag = el.name();
    if NEVER_TEXT.contains(&tag) {
        return Verdict::Drop;
    }
    if place.protected {
        return Verdict::Keep;
    }
    if CHROME_TAGS.contains(&tag) {
        return Verdict::Drop;
    }
    let role = attr_lower(el, "role");
    if role.as_deref().is_some_and(|r| CHROME_ROLES.contains(&r)) {
        return Verdict::Drop;
    }
    // Header and footer bands of the site; a header inside an article
    // carries the page title and a footer there its date.
    if (tag == "header" || tag == "footer") && !place.in_content {
        return Verdict::Drop;
    }
    if tag == "form" {
        return Verdict::Drop;
    }
    let tokens = class_and_id_tokens(el);
    let label = attr_lower(el, "aria-label").unwrap_or_default();
    if tokens
        .iter()
        .any(|t| CHROME_HINTS.iter().any(|h| t.contains(h)))
        || CHROME_HINTS.iter().any(|h| label.contains(h))
        || label.contains("breadcrumb")
    {
        return Verdict::Drop;
    }
    if tokens.iter().any(|t| CHROME_TOKENS.contains(&t.as_str())) && !place.in_content {
        return Verdict::Drop;
    }
    if tokens.iter().any(|t| is_visually_hidden_token(t)) {
        return Verdict::Drop;
    }
    if is_hidden(el, &tokens) && !looks_like_panel(el, &tokens, role.as_deref(), place) {
        return Verdict::Drop;
    }
    Verdict::Keep
}

/// Hidden by attribute, inline style or a "hidden" class.
pub fn is_hidden(el: &Element, tokens: &[String]) -> bool {
    el.attr("hidden").is_some()
        || attr_lower(el, "aria-hidden").as_deref() == Some("true")
        || el.attr("style").is_some_and(style_hides)
        || tokens.iter().any(|t| HIDDEN_STATE.contains(&t.as_str()))
}

/// An inline style that hides the element (`display:none`,
/// `visibility:hidden`), whatever the spacing and case.
pub fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// A collapsed accordion, tab or show/hide panel: hidden in the source
/// only until a reader clicks.
fn looks_like_panel(el: &Element, tokens: &[String], role: Option<&str>, place: Place) -> bool {
    place.controlled
        || matches!(role, Some("tabpanel" | "region"))
        || el.name() == "details"
        || tokens
            .iter()
            .any(|t| PANEL_HINTS.iter().any(|h| t.contains(h)))
}

/// Class token of screen-reader-only text; suffix match catches prefixed
/// design systems (`govuk-visually-hidden`, `nhsuk-u-visually-hidden`).
pub fn is_visually_hidden_token(token: &str) -> bool {
    VISUALLY_HIDDEN.contains(&token)
        || token.ends_with("visually-hidden")
        || token.ends_with("visuallyhidden")
        || token.ends_with("sr-only")
        || token.ends_with("screen-reader-text")
}

/// Whether a link's piece of text is only a screen-reader helper such as
/// "(this external link will open in a new window)".
pub fn is_link_helper_text(text: &str) -> bool {
    let norm: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    !norm.is_empty()
        && (LINK_HELPER_PHRASES.contains(&norm.as_str())
            || (norm.len() <= 60 && (norm.contains("new window") || norm.contains("new tab"))))
}

/// Whether an anchor is a "Skip to main content" link.
pub fn is_skip_link(href: Option<&str>, text: &str) -> bool {
    let text = text.trim().to_lowercase();
    href.is_some_and(|h| h.trim_start().starts_with('#'))
        && (text.starts_with("skip to")
            || text.starts_with("skip navigation")
            || text.starts_with("skip main navigation")
            || text.starts_with("jump to main"))
}

/// A `<button>` (or `role=button`/toggle anchor) that opens an accordion
/// section, whose text is therefore a section heading.
pub fn is_accordion_trigger(el: &Element) -> bool {
    let tag = el.name();
    let role = attr_lower(el, "role");
    let toggle = attr_lower(el, "data-toggle")
        .or_else(|| attr_lower(el, "data-bs-toggle"))
        .is_some_and(|t| t == "collapse");
    let expandable = el.attr("aria-expanded").is_some() || el.attr("aria-controls").is_some();
    let tokens = class_and_id_tokens(el);
    let accordion_class = tokens.iter().any(|t| {
        (t.contains("accordion") || t.contains("collapsible") || t.contains("collaps"))
            && [
                "title", "heading", "header", "trigger", "toggle", "button", "btn", "label",
            ]
            .iter()
            .any(|k| t.contains(k))
    });
    match tag {
        "button" => expandable || toggle || accordion_class,
        "a" => toggle || (expandable && accordion_class),
        _ => role.as_deref() == Some("button") && (expandable || accordion_class),
    }
}

/// Lowercased value of an attribute.
pub fn attr_lower(el: &Element, name: &str) -> Option<String> {
    el.attr(name).map(|v| v.trim().to_lowercase())
}

/// Lowercased class tokens and the id, for hint matching.
pub fn class_and_id_tokens(el: &Element) -> Vec<String> {
    let mut tokens: Vec<String> = el
        .attr("class")
        .unwrap_or_default()
        .split_ascii_whitespace()
        .map(str::to_lowercase)
        .collect();
    if let Some(id) = el.attr("id") {
        tokens.push(id.trim().to_lowercase());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    /// The verdict on the first element matching `css` in `html`.
    fn judge(html: &str, css: &str, place: Place) -> Verdict {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(css).expect("test selector");
        let el = doc.select(&sel).next().expect("element present");
        verdict(el.value(), place)
    }

    #[test]
    fn script_style_and_nav_are_chrome() {
        for (html, css) in [
            ("<script>x</script>", "script"),
            ("<style>p{}</style>", "style"),
            ("<nav>Home</nav>", "nav"),
            ("<aside>Related</aside>", "aside"),
            ("<div role=navigation>x</div>", "div"),
        ] {
            assert_eq!(judge(html, css, Place::default()), Verdict::Drop, "{html}");
        }
    }

    #[test]
    fn site_header_goes_but_article_header_stays() {
        let html = "<header>Site</header>";
        assert_eq!(judge(html, "header", Place::default()), Verdict::Drop);
        let inside = Place {
            in_content: true,
            ..Place::default()
        };
        assert_eq!(judge(html, "header", inside), Verdict::Keep);
    }

    #[test]
    fn cookie_banner_by_class_id_or_label() {
        for html in [
            "<div class=\"cookie-banner\">We use cookies</div>",
            "<div id=\"CybotCookiebotDialog\">x</div>",
            "<div aria-label=\"Cookie consent\">x</div>",
            "<div id=\"ccc\">x</div>",
        ] {
            assert_eq!(
                judge(html, "div", Place::default()),
                Verdict::Drop,
                "{html}"
            );
        }
    }

    #[test]
    fn protected_elements_survive_class_rules() {
        let place = Place {
            protected: true,
            ..Place::default()
        };
        let html = "<div class=\"cookies-accepted\" aria-hidden=\"true\">all</div>";
        assert_eq!(judge(html, "div", place), Verdict::Keep);
    }

    #[test]
    fn visually_hidden_classes_are_helper_text() {
        for class in [
            "govuk-visually-hidden",
            "sr-only",
            "element-invisible",
            "screen-reader-text",
        ] {
            let html = format!("<span class=\"x {class}\">helper</span>");
            assert_eq!(
                judge(&html, "span", Place::default()),
                Verdict::Drop,
                "{class}"
            );
        }
        assert_eq!(
            judge(
                "<span class=\"visually-hidden-focusable\">x</span>",
                "span",
                Place::default()
            ),
            Verdict::Keep
        );
    }

    #[test]
    fn hidden_non_panels_go_hidden_panels_stay() {
        for html in [
            "<div hidden>x</div>",
            "<div aria-hidden=\"true\">x</div>",
            "<div style=\"DISPLAY: none\">x</div>",
            "<div class=\"hidden\">x</div>",
        ] {
            assert_eq!(
                judge(html, "div", Place::default()),
                Verdict::Drop,
                "{html}"
            );
        }
        for html in [
            "<div class=\"accordion-body\" hidden>x</div>",
            "<div class=\"panel-collapse collapse\" aria-hidden=\"true\">x</div>",
            "<div role=\"region\" style=\"display:none\">x</div>",
            "<div class=\"js-reveal hidden\">x</div>",
        ] {
            assert_eq!(
                judge(html, "div", Place::default()),
                Verdict::Keep,
                "{html}"
            );
        }
        let controlled = Place {
            controlled: true,
            ..Place::default()
        };
        assert_eq!(
            judge("<div id=p1 hidden>x</div>", "div", controlled),
            Verdict::Keep
        );
    }

    #[test]
    fn style_hides_ignores_spacing_and_case() {
        assert!(style_hides("color:red; Display : NONE"));
        assert!(style_hides("visibility: hidden"));
        assert!(!style_hides("display:block"));
    }

    #[test]
    fn link_helper_phrases() {
        assert!(is_link_helper_text(
            "this external link will open in a new window"
        ));
        assert!(is_link_helper_text(" (opens in a new window) "));
        assert!(is_link_helper_text("Opens in new tab"));
        assert!(!is_link_helper_text("Overview report (PDF, 1MB)"));
        assert!(!is_link_helper_text(""));
    }

    #[test]
    fn skip_links() {
        assert!(is_skip_link(Some("#main-content"), "Skip to main content"));
        assert!(!is_skip_link(Some("/skip"), "Skip to main content"));
        assert!(!is_skip_link(Some("#lessons"), "Lessons"));
    }

    #[test]
    fn accordion_triggers() {
        let doc = Html::parse_fragment(
            "<button aria-expanded=false>A</button><button type=submit>Search</button>\
             <a data-toggle=collapse href=#c>B</a><div role=button aria-controls=x>C</div>",
        );
        let sel = Selector::parse("button, a, div").expect("test selector");
        let got: Vec<bool> = doc
            .select(&sel)
            .map(|e| is_accordion_trigger(e.value()))
            .collect();
        assert_eq!(got, [true, false, true, true]);
    }
}
