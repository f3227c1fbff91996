//! The label grammar of case-review documents, as one table of patterns.
//!
//! Real documents glue labels to ids ("FindingCH6"), split ids with spaces
//! ("Lesson G 3.1") and change the partnership acronym between sections
//! ("CSCP Context / …", "LSCB Context / …"), so every pattern tolerates
//! those variations.

use regex::Regex;
use std::sync::LazyLock;

/// Kind of a structural label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// "THEME 1: Predisposing Risks".
    Theme,
    /// "Finding G1".
    Finding,
    /// "Lesson G1.1".
    Lesson,
    /// "Recommendation 4".
    Recommendation,
    /// "CSCP Context / Actions already taken/ CSCP Action".
    Actions,
    /// "How will we know".
    Measures,
    /// "How we will disseminate and evidence the learning".
    Dissemination,
}

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

struct Rule {
    kind: LabelKind,
    re: Regex,
}

/// The grammar. Order matters only where patterns could overlap
/// (measures before dissemination is safe: their wording differs).
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let r = |kind, pat: &str| Rule {
        kind,
        re: Regex::new(pat).expect("label pattern"),
    };
    vec![
        r(
            LabelKind::Theme,
            r"^(?i:theme)\s*(?P<num>\d{1,2})\s*[:.\-–—]?\s*(?P<rest>.*)$",
        ),
        r(
            LabelKind::Finding,
            r"^(?i:finding)s?\s*(?P<code>[A-Z]{1,4})?\s*(?P<id>\d{1,3}(?:\s*\.\s*\d{1,3})?)\b\s*[:.\-–—]?\s*(?P<rest>.*)$",
        ),
        r(
            LabelKind::Lesson,
            r"^(?i:lesson|learning(?:\s+point)?)s?\s*(?P<code>[A-Z]{1,4})?\s*(?P<id>\d{1,3}(?:\s*\.\s*\d{1,3})?)\b\s*[:.\-–—]?\s*(?P<rest>.*)$",
        ),
        r(
            LabelKind::Recommendation,
            r"^(?i:recommendation)s?\s*(?:(?i:no\.?)\s*)?(?P<num>\d{1,3})\b\s*[:.\-–—]?\s*(?P<rest>.*)$",
        ),
        r(
            LabelKind::Actions,
            r"^(?:[A-Z][A-Za-z]{1,9}\s*)?(?i:context)\s*(?:/|and|&)\s*(?i:actions?)\b.*$",
        ),
        r(
            LabelKind::Actions,
            r"^(?:[A-Z][A-Za-z]{1,9}\s*)?(?i:actions?\s+already\s+taken)\b.*$",
        ),
        r(
            LabelKind::Actions,
            r"^(?:[A-Z]{2,8}\s+)?(?i:actions?)(?:\s+(?i:taken|agreed|planned))?\s*:?$",
        ),
        r(
            LabelKind::Measures,
            r"^(?i:how\s+(?:will\s+we|we\s+will|do\s+we)\s+know)\b.{0,40}$",
        ),
        r(
            LabelKind::Dissemination,
            r"^(?i:how\s+(?:we\s+will|will\s+we)\s+disseminate)\b.*$",
        ),
    ]
});

/// Parses a label at the start of `line`, if any.
pub fn parse(line: &str) -> Option<Label> {
    let line = line.trim();
    if !may_hold_label(line) {
        return None;
    }
    for rule in RULES.iter() {
        // A plain match runs on the lazy DFA; capture groups need the much
        // slower backtracker, so only lines that match pay for them.
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
        let id = digits.map(|d| format!("{}{}", code.as_deref().unwrap_or(""), d));
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
    bare_heading(line)
}

/// Every label opens, within its first few words, with one of these
/// keywords (the longest prefix a rule allows before one is an acronym of
/// ten letters). Most lines hold none, and this test is far cheaper than
/// trying each rule's pattern on them.
fn may_hold_label(line: &str) -> bool {
    const KEYWORDS: [&str; 8] = [
        "theme",
        "finding",
        "lesson",
        "learning",
        "recommendation",
        "context",
        "action",
        "how",
    ];
    let mut head = [0u8; 24];
    let n = line.len().min(head.len());
    head[..n].copy_from_slice(&line.as_bytes()[..n]);
    head.make_ascii_lowercase();
    let head = &head[..n];
    KEYWORDS
        .iter()
        .any(|k| head.windows(k.len()).any(|w| w == k.as_bytes()))
}

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:key\s+)?(findings?|lessons?(?:\s+(?:learned|learnt|identified))?|learning|recommendations?))\s*:?$")
        .expect("bare heading pattern")
});

/// "Findings", "Lessons", "Recommendations" alone: the column headings of
/// a theme laid out as a table, or section headings.
fn bare_heading(line: &str) -> Option<Label> {
    let c = BARE.captures(line)?;
    let word = c.get(1)?.as_str().to_lowercase();
    let kind = if word.starts_with("finding") {
        LabelKind::Finding
    } else if word.starts_with("recommendation") {
        LabelKind::Recommendation
    } else {
        LabelKind::Lesson
    };
    Some(Label {
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

    fn id(line: &str) -> Option<String> {
        parse(line).and_then(|l| l.id)
    }

    #[test]
    fn keyword_prefilter_keeps_every_label_form() {
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
            assert!(may_hold_label(line), "{line}");
        }
        assert!(!may_hold_label("The partnership met in May."));
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
