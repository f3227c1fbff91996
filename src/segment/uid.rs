//! Stable item identifiers, independent of file names and renderings.

use crate::segment::grammar::{Grammar, PhraseKind};

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

/// The area a partnership serves, as a slug ("Cumbria Safeguarding
/// Children Partnership", "Cumbria LSCB" → "cumbria"), so that uids survive
/// the renaming of boards into partnerships; `unknown` when the text names
/// none.
pub fn area(partnership: Option<&str>) -> String {
    partnership
        .and_then(|p| area_name(&Grammar::built_in(), p))
        .map_or_else(|| "unknown".to_string(), |a| slug(&a))
}

/// The area's name as the partnership prints it: the words before its
/// kind (a `body` phrase of the grammar, or an acronym as a whole word:
/// "Fenford CSCP" is Fenford's, whatever the letters), without a leading
/// "The". `None` when no words come before the kind ("Local Safeguarding
/// Children Board").
pub fn area_name(g: &Grammar, partnership: &str) -> Option<String> {
    if g.is_phrase(PhraseKind::NoArea, partnership) {
        return None;
    }
    let words: Vec<&str> = partnership.split_whitespace().collect();
    let is_kind = |w: &str| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        g.is_phrase(PhraseKind::Body, &bare.to_lowercase())
            || (bare.len() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase()))
    };
    let cut = words.iter().position(|w| is_kind(w)).unwrap_or(words.len());
    let mut name = &words[..cut];
    if name.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        name = &name[1..];
    }
    // An area ends in a name, never in "and" or "of".
    while name
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
    {
        name = &name[..name.len() - 1];
    }
    let name = name.join(" ");
    (!name.is_empty() && !g.is_phrase(PhraseKind::NoArea, &name)).then_some(name)
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
        assert_eq!(area(Some("Local Safeguarding Children Board")), "unknown");
        let g = Grammar::built_in();
        assert_eq!(
            area_name(&g, "The Ormsby and Fleet Safeguarding Partnership").as_deref(),
            Some("Ormsby and Fleet")
        );
        assert_eq!(area_name(&g, "Fenford LSCB").as_deref(), Some("Fenford"));
        assert_eq!(area_name(&g, "Anonymous"), None);
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
