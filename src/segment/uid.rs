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
    // The area is the words before the body's kind: before "Local",
    // "Safeguarding" or "Children", or before an acronym as a whole word
    // ("Fenford CSCP" is Fenford's, whatever the letters).
    let words: Vec<&str> = p.split_whitespace().collect();
    let cut = words
        .iter()
        .position(|w| {
            matches!(
                *w,
                "Local" | "Safeguarding" | "Children" | "Children's" | "Children’s"
            ) || (w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
        })
        .unwrap_or(words.len());
    let s = slug(&words[..cut].join(" "));
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
        assert_eq!(area(Some("Fenford CSCP")), "fenford");
        assert_eq!(area(Some("Upper Fenford SCP")), "upper-fenford");
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
