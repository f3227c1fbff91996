//! An XML part as a flat stream of events, its nesting bounded.
//!
//! The readers keep their own small stacks, so depth costs no recursion;
//! the bound is there because no real document nests elements hundreds
//! deep, and a part that does is hostile or broken.

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, ErrorKind, Result};

/// Deepest element nesting accepted. Word's own documents stay under 30
/// (a table in a table in a text box); LibreOffice's under 40.
pub(crate) const MAX_DEPTH: usize = 256;

/// An element's local name (prefix dropped) and its attributes, also by
/// local name.
#[derive(Debug)]
pub(crate) struct El {
    pub name: String,
    attrs: Vec<(String, String)>,
}

impl El {
    /// The value of the attribute whose local name is `local`.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

/// One event of a part.
pub(crate) enum Ev<'e> {
    /// An element opens (an empty element opens and closes at once).
    Start(&'e El),
    /// An element closes: its local name.
    End(&'e str),
    /// Character data, entities resolved.
    Text(&'e str),
}

fn malformed(part: &str, at: u64, what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("damaged XML in {part} at byte {at}: {what}"),
    )
}

fn local(name: &str) -> String {
    match name.rfind(':') {
        Some(i) => name[i + 1..].to_string(),
        None => name.to_string(),
    }
}

fn element(s: &BytesStart<'_>, part: &str, at: u64) -> Result<El> {
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| malformed(part, at, e))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| malformed(part, at, e))?;
        attrs.push((local(a.key.as_ref()), value.into_owned()));
    }
    Ok(El {
        name: local(s.name().as_ref()),
        attrs,
    })
}

/// Calls `f` with every event of `xml` in document order. Fails with
/// [`ErrorKind::Malformed`] on broken XML (mismatched or unclosed tags)
/// and with [`ErrorKind::LimitExceeded`] past [`MAX_DEPTH`].
pub(crate) fn walk(xml: &str, part: &str, mut f: impl FnMut(Ev<'_>) -> Result<()>) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| malformed(part, at, e))?;
        match event {
            Event::Eof => break,
            Event::Start(s) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::new(
                        ErrorKind::LimitExceeded,
                        format!("limit exceeded: {part} nests elements more than {MAX_DEPTH} deep"),
                    ));
                }
                f(Ev::Start(&element(&s, part, at)?))?;
            }
            Event::Empty(s) => {
                let el = element(&s, part, at)?;
                f(Ev::Start(&el))?;
                f(Ev::End(&el.name))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                f(Ev::End(&local(e.name().as_ref())))?;
            }
            Event::Text(t) => f(Ev::Text(&t.xml_content(XmlVersion::Implicit1_0)))?,
            Event::CData(t) => f(Ev::Text(&t))?,
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().map_err(|e| malformed(part, at, e))?,
                };
                if let Some(c) = c {
                    f(Ev::Text(c.encode_utf8(&mut [0; 4])))?;
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err(malformed(
            part,
            reader.buffer_position(),
            "the part ends inside an element (truncated?)",
        ));
    }
    Ok(())
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
pub(crate) fn on(el: &El) -> bool {
    !matches!(el.attr("val"), Some("0" | "false" | "off" | "none"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(xml: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        walk(xml, "t.xml", |e| {
            match e {
                Ev::Start(el) => out.push(format!("<{}", el.name)),
                Ev::End(n) => out.push(format!(">{n}")),
                Ev::Text(t) => out.push(t.to_string()),
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn prefixes_are_dropped_and_entities_resolved() {
        let got = names(r#"<w:p a:x="1"><w:t>a &amp; b&#x2019;</w:t><w:br/></w:p>"#).unwrap();
        assert_eq!(got.concat(), "<p<ta & b’>t<br>br>p");
    }

    #[test]
    fn declared_entities_are_not_expanded() {
        // A "billion laughs" declaration: its references stay unexpanded
        // (and are dropped), so they cost nothing.
        let xml = r#"<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><p>x&b;y</p>"#;
        assert_eq!(names(xml).unwrap().concat(), "<pxy>p");
    }

    #[test]
    fn broken_and_deep_xml_are_named_errors() {
        let err = names("<a><b></a>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
        let err = names("<a><b>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
        let deep = format!(
            "{}x{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(names(&deep).unwrap_err().kind, ErrorKind::LimitExceeded);
        let ok = format!("{}x{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(names(&ok).is_ok());
    }
}
