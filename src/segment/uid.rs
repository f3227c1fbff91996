//! Stable item identifiers, independent of file names and renderings.

/// Lower-case ASCII slug: letters and digits, other runs become `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '.' && out.chars().last().is_some_and(|p| p.is_ascii_digit()) {
            out.push('.');
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches(['-', '.']).to_string()
}

/// The area a partnership serves ("Cumbria Safeguarding Children
/// Partnership", "Cumbria LSCB" → "cumbria"), so that uids survive the
/// renaming of boards into partnerships.
pub fn area(partnership: Option<&str>) -> String {
    let Some(p) = partnership else {
        return "unknown".to_string();
    };
    let cut = [
        "Local Safeguarding",
        "Safeguarding",
        "LSCB",
        "LSCP",
        "SCB",
        "SCP",
        "Children",
    ]
    .iter()
    .filter_map(|k| p.find(k))
    .min()
    .unwrap_or(p.len());
    let s = slug(&p[..cut]);
    if s.is_empty() { slug(p) } else { s }
}

/// `area/subject/kind/key`.
pub fn uid(area: &str, subject: &str, kind: &str, key: &str) -> String {
    format!("{area}/{}/{kind}/{}", slug(subject), slug(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_survives_renaming() {
        assert_eq!(
            area(Some("Cumbria Safeguarding Children Partnership")),
            "cumbria"
        );
        assert_eq!(area(Some("Cumbria LSCB")), "cumbria");
        assert_eq!(
            area(Some("Kings Weston Local Safeguarding Children Board")),
            "kings-weston"
        );
        assert_eq!(area(None), "unknown");
    }

    #[test]
    fn uid_shape() {
        assert_eq!(
            uid("cumbria", "Child KT", "lesson", "KT1.2"),
            "cumbria/child-kt/lesson/kt1.2"
        );
        assert_eq!(slug("G 3.1"), "g-3.1");
    }
}
