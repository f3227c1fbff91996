//! The label grammar of case-review documents, as one table of patterns.
//!
//! Real documents glue labels to ids ("FindingCH6"), split ids with spaces
//! ("Lesson G 3.1") and change the partnership acronym between sections
//! ("CSCP Context / …", "LSCB Context / …"), so every pattern tolerates
//! those variations.

pub use super::grammar::LabelKind;
use super::grammar::{Grammar, Numbering};

/// A label found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Which label.
    pub kind: LabelKind,
    /// Normalised id ("G1.1", "CH6"), when the label carries one.
    pub id: Option<String>,
    /// Letters before the number ("G", "CH").
    pub code: Option<String>,
    /// The number (theme or recommendation number; first number of an id).
    pub number: Option<u32>,
    /// Text on the same line after the label (a theme's title, or prose
    /// glued to the label).
    pub rest: String,
    /// A bare column or section heading ("Lessons", "Recommendations")
    /// with no id: each paragraph under it is an item of its own.
    pub bare: bool,
}

/// Parses a label at the start of `line`, if any.
pub fn parse(g: &Grammar, line: &str) -> Option<Label> {
    let line = line.trim();
    // A plain match runs on the lazy DFA; capture groups need the much
    // slower backtracker, so only lines that may hold a label pay for them.
    if line.len() > 400 {
        return None;
    }
    if !g.prefilter.is_match(line) {
        return bare_heading(g, line);
    }
    for rule in &g.items {
        if !rule.re.is_match(line) {
            continue;
        }
        let Some(c) = rule.re.captures(line) else {
            continue;
        };
        let rest = c
            .name("rest")
            .map(|m| m.as_str().trim().to_string())
            .unwrap_or_default();
        let code = c.name("code").map(|m| m.as_str().to_string());
        let digits = c.name("id").map(|m| {
            m.as_str()
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>()
        });
        let number = c
            .name("num")
            .or(c.name("id"))
            .and_then(|m| m.as_str().split('.').next()?.trim().parse().ok());
        let id = match rule.numbering {
            Numbering::Id => digits.map(|d| format!("{}{}", code.as_deref().unwrap_or(""), d)),
            Numbering::Number => None,
        };
        if matches!(rule.kind, LabelKind::Finding | LabelKind::Lesson) && !plausible_item(&rest) {
            continue;
        }
        return Some(Label {
            kind: rule.kind,
            id,
            code,
            number,
            rest,
            bare: false,
        });
    }
    for (kind, re) in &g.sections {
        if re.is_match(line) {
            return Some(Label {
                kind: *kind,
                id: None,
                code: None,
                number: None,
                rest: String::new(),
                bare: false,
            });
        }
    }
    bare_heading(g, line)
}

/// A bare heading ("Lessons", "Key findings:"): each paragraph under it is
/// an item of its kind.
fn bare_heading(g: &Grammar, line: &str) -> Option<Label> {
    g.heading(line).map(|kind| Label {
        kind,
        id: None,
        code: None,
        number: None,
        rest: String::new(),
        bare: true,
    })
}

/// Text glued to a finding or lesson label must look like the start of a
/// sentence; "Learning 2 days later, …" style prose is not a label.
fn plausible_item(rest: &str) -> bool {
    rest.is_empty()
        || rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '“' || c == '"' || c == '‘')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> std::sync::Arc<Grammar> {
        Grammar::built_in()
    }

    fn parse(line: &str) -> Option<Label> {
        super::parse(&g(), line)
    }

    fn id(line: &str) -> Option<String> {
        parse(line).and_then(|l| l.id)
    }

    #[test]
    fn prefilter_keeps_every_label_form() {
        for line in [
            "THEME 1: Predisposing Risks",
            "FindingG1 text",
            "Lesson G 3.1 text",
            "Learning point 2",
            "Recommendation 4",
            "CSCP Context / Actions already taken/ CSCP Action",
            "LSCB Actions already taken",
            "CLSCB actions",
            "How will we know",
            "How we will disseminate the learning",
            "Key findings",
        ] {
            assert!(g().prefilter.is_match(line), "{line}");
        }
        assert!(!g().prefilter.is_match("The partnership met in May."));
    }

    #[test]
    fn theme_with_title() {
        let l = parse("THEME 1: Predisposing Risks").unwrap();
        assert_eq!(l.kind, LabelKind::Theme);
        assert_eq!(l.number, Some(1));
        assert_eq!(l.rest, "Predisposing Risks");
        assert_eq!(parse("Theme 3 – Step down").unwrap().rest, "Step down");
    }

    #[test]
    fn ids_are_normalised() {
        assert_eq!(id("Finding G1"), Some("G1".into()));
        assert_eq!(id("FindingCH6"), Some("CH6".into()));
        assert_eq!(id("Lesson G 3.1"), Some("G3.1".into()));
        assert_eq!(id("LessonR2.1"), Some("R2.1".into()));
        assert_eq!(id("Lesson G1 . 2"), Some("G1.2".into()));
    }

    #[test]
    fn recommendation_number() {
        let l = parse("Recommendation 4").unwrap();
        assert_eq!((l.kind, l.number), (LabelKind::Recommendation, Some(4)));
        let l = parse("Recommendation 12: The board should").unwrap();
        assert_eq!(l.rest, "The board should");
    }

    #[test]
    fn action_labels_with_any_acronym() {
        for s in [
            "CSCP Context / Actions already taken/ CSCP Action",
            "LSCB Context / Actions already taken/LSCB Action",
            "Context / Actions already taken / Partnership Action",
            "WSCP Action",
            "Actions taken",
        ] {
            assert_eq!(parse(s).map(|l| l.kind), Some(LabelKind::Actions), "{s}");
        }
    }

    #[test]
    fn measures_and_dissemination_do_not_collide() {
        assert_eq!(parse("How will we know").unwrap().kind, LabelKind::Measures);
        assert_eq!(
            parse("How we will disseminate and evidence the learning")
                .unwrap()
                .kind,
            LabelKind::Dissemination
        );
    }

    #[test]
    fn bare_headings() {
        let l = parse("Lessons learned").unwrap();
        assert!(l.bare && l.kind == LabelKind::Lesson && l.id.is_none());
        assert_eq!(
            parse("Recommendations:").unwrap().kind,
            LabelKind::Recommendation
        );
        assert!(!parse("Recommendation 2").unwrap().bare);
    }

    #[test]
    fn prose_is_not_a_label() {
        assert!(parse("The finding was shared").is_none());
        assert!(parse("Learning 2 days later, the team").is_none());
        assert!(parse("Recommendations were made").is_none());
        assert!(parse("How will we know if children are safer when the plan ends and the family moves away from the area").is_none());
    }
}
