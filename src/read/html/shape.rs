//! The page's shape before parsing: nesting too deep to parse cheaply is
//! flattened, and a page cut off in the middle is recognised.

/// Elements nested deeper than this are flattened: their tags are dropped
/// and their text kept. Real pages nest a few dozen deep; the HTML tree
/// builder's cost grows with the square of the depth (100,000 nested
/// `<div>`s take tens of seconds).
pub const MAX_DEPTH: usize = 256;

/// How far from the top an end tag's element is searched for; a page that
/// misnests worse than this is left to the parser's own recovery.
const MATCH_WINDOW: usize = 64;

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

enum Tag {
    Start {
        name: String,
        end: usize,
        self_closing: bool,
    },
    End {
        name: String,
        end: usize,
    },
    Other {
        end: usize,
    },
    Cut,
}

fn tag_at(text: &str, at: usize) -> Tag {
    let rest = &text[at..];
    if rest.starts_with("<!--") {
        return match rest.find("-->") {
            Some(i) => Tag::Other { end: at + i + 3 },
            None => Tag::Cut,
        };
    }
    let Some(close) = rest.find('>') else {
        return Tag::Cut;
    };
    let inner = &rest[1..close];
    let end = at + close + 1;
    if let Some(name) = inner.strip_prefix('/') {
        return Tag::End {
            name: tag_name(name),
            end,
        };
    }
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Tag::Other { end };
    }
    Tag::Start {
        name: tag_name(inner),
        end,
        self_closing: inner.ends_with('/'),
    }
}

/// Where `</name` starts at or after `from`, matched without regard to
/// case; costs the length of the raw text only.
fn find_end_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(off) = text[at..].find("</") {
        let start = at + off;
        let after = &text.as_bytes()[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

fn tag_name(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The page with elements deeper than [`MAX_DEPTH`] flattened, or `None`
/// when it nests no deeper (almost every page: then nothing is copied).
pub fn flatten_deep(text: &str) -> Option<String> {
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        match tag_at(text, at) {
            Tag::Start {
                name,
                end,
                self_closing,
            } => {
                if name == "script" || name == "style" {
                    // Raw text: no tags inside.
                    i = find_end_tag(text, end, &name).unwrap_or(text.len());
                    continue;
                }
                if !self_closing && !VOID.contains(&name.as_str()) {
                    let drop = stack.len() >= MAX_DEPTH;
                    if drop {
                        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                        o.push_str(&text[copied..at]);
                        copied = end;
                    }
                    stack.push((name, drop));
                }
                i = end;
            }
            Tag::End { name, end } => {
                let from = stack.len().saturating_sub(MATCH_WINDOW);
                if let Some(pos) = stack[from..].iter().rposition(|(n, _)| *n == name) {
                    let dropped = stack[from + pos].1;
                    stack.truncate(from + pos);
                    if dropped {
                        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                        o.push_str(&text[copied..at]);
                        copied = end;
                    }
                }
                i = end;
            }
            Tag::Other { end } => i = end,
            Tag::Cut => break,
        }
    }
    out.map(|mut o| {
        o.push_str(&text[copied..]);
        o
    })
}

/// Whether a whole page (one that opens `<html>` or `<body>`) ends without
/// `</html>` in the middle of things: inside a tag, in text after the last
/// tag, or right after an element's start tag. A page that merely leaves
/// out the optional `</body></html>` after a closed element is not cut.
pub fn looks_truncated(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.contains("</html") || !(lower.contains("<html") || lower.contains("<body")) {
        return false;
    }
    let tail = lower.trim_end();
    let (Some(lt), gt) = (tail.rfind('<'), tail.rfind('>')) else {
        return false;
    };
    if gt.is_none_or(|g| g < lt) {
        return true;
    }
    let gt = gt.unwrap_or(0);
    if !tail[gt + 1..].trim().is_empty() {
        return true;
    }
    match tag_at(tail, lt) {
        Tag::Start {
            name, self_closing, ..
        } => !self_closing && !VOID.contains(&name.as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_not_copied() {
        assert!(flatten_deep("<html><body><div><p>x</p></div></body></html>").is_none());
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let n = 10_000;
        let page = format!(
            "<body>{}deep text{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let flat = flatten_deep(&page).expect("flattened");
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH - 1);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH - 1);
        assert!(flat.contains("deep text"));
    }

    #[test]
    fn script_text_is_skipped_whatever_its_case() {
        let page = format!(
            "<body>{}<SCRIPT>if (a<b) {{ x = '<div>' }}</Script>text</body>",
            "<div>".repeat(MAX_DEPTH + 5)
        );
        let flat = flatten_deep(&page).expect("flattened");
        assert!(flat.contains("x = '<div>'"));
        assert_eq!(find_end_tag("a</STYLE>", 0, "style"), Some(1));
        assert_eq!(find_end_tag("a</sty", 0, "style"), None);
    }

    #[test]
    fn truncation_is_recognised() {
        assert!(looks_truncated("<html><body><p>Lesson one is"));
        assert!(looks_truncated("<html><body><p>Lesson one</p><p cla"));
        assert!(looks_truncated("<html><body><ul><li>"));
        assert!(!looks_truncated("<html><body><p>Whole</p></body></html>\n"));
        assert!(!looks_truncated("<html><body><p>Whole</p>"));
        assert!(!looks_truncated("<p>a fragment"));
    }
}
