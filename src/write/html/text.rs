//! Escaping for the page: text from documents and file names goes into
//! HTML only through these, and paths into links only as percent-encoded
//! relative URLs.

use std::borrow::Cow;
use std::path::{Component, Path};

/// `s` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe as
/// element text and as a quoted attribute value.
pub(crate) fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A `/`-separated relative path as a URL path: every byte but the
/// unreserved ones and `/` percent-encoded, so `#`, `?`, `%`, spaces and
/// non-ASCII names stay part of the path.
pub(crate) fn url_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path from folder `from` to `to`, both absolute and without `.` or
/// `..`, as `/`-separated parts (`../in/`), ending in `/` unless empty;
/// `None` when a part is not UTF-8 or the two share no root.
pub(crate) fn relative(from: &Path, to: &Path) -> Option<String> {
    let parts = |p: &Path| -> Option<Vec<String>> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| match c {
                Component::Normal(s) => s.to_str().map(str::to_string),
                Component::RootDir => Some("/".into()),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (parts(from)?, parts(to)?);
    if a.first() != b.first() {
        return None;
    }
    let same = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for _ in same..a.len() {
        out.push_str("../");
    }
    for p in &b[same..] {
        out.push_str(p);
        out.push('/');
    }
    Some(out)
}

/// At most `max` characters of `s`, cut at a character boundary, with
/// `…` when cut.
pub(crate) fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((at, _)) => Cow::Owned(format!("{}…", s[..at].trim_end())),
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(matches!(esc("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn paths_become_links_that_keep_every_character() {
        assert_eq!(url_path("a b/#1?.pdf"), "a%20b/%231%3F.pdf");
        assert_eq!(url_path("é.html"), "%C3%A9.html");
        assert_eq!(url_path("x\"y"), "x%22y");
    }

    #[test]
    fn relative_walks_up_then_down() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/t/out", "/t/in").as_deref(), Some("../in/"));
        assert_eq!(r("/t/out", "/t/out").as_deref(), Some(""));
        assert_eq!(r("/t/in/out", "/t/in").as_deref(), Some("../"));
        assert_eq!(r("/t", "/t/in/sub").as_deref(), Some("in/sub/"));
        assert_eq!(r("t/out", "/t/in"), None);
    }

    #[test]
    fn clip_cuts_on_characters() {
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(clip("ab", 2), "ab");
    }
}
