//! Front-matter facts: partnership, review type, subject, commissioned year.

use regex::Regex;
use std::sync::LazyLock;

use super::grammar::Grammar;

static PARTNERSHIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:[A-Z][A-Za-z'’&\-]+\s+(?:and\s+|&\s+|upon\s+|on\s+)?){1,5}(?:Local\s+)?Safeguarding\s+(?:Children\s+|Children's\s+|Childrens\s+|Children’s\s+)?(?:and\s+Adults\s+)?(?:Partnership|Board|Partnerships|Arrangements))\b",
    )
    .expect("partnership pattern")
});

/// Words that put a review's child after them ("… in relation to Amber"),
/// shared by every rule that reads a child after a review's name.
pub(crate) const NAMES_CHILD: &str =
    r"in\s+relation\s+to|in\s+respect\s+of|regarding|concerning|about|into|for|of|on";

/// What may stand between a review's type and its child in a title: an
/// acronym in brackets, then a joining phrase or a dash or colon.
static AFTER_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:\([A-Za-z]{{2,8}}\)\s*)?(?:(?i:{NAMES_CHILD})\b|:|–|—|-)?\s*"
    ))
    .expect("after type pattern")
});

static COMMISSIONED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:commission(?:ed)?|began|begun|initiated|started|undertook|agreed\s+to\s+(?:undertake|conduct))(?-u:\b)")
        .expect("commissioned pattern")
});

/// A partnership or board name in `s`, full ("Cumbria Safeguarding Children
/// Partnership") or as area and an acronym of the grammar ("Cambridgeshire
/// LSCB").
pub fn find_partnership(g: &Grammar, s: &str) -> Option<String> {
    find_full_partnership(s).or_else(|| {
        // Most text holds none of the acronyms, and the literal test is far
        // cheaper than the pattern.
        if !g.acronyms.iter().any(|a| s.contains(a.as_str())) {
            return None;
        }
        let m = g.board.captures(s)?;
        let name = m.get(1)?.as_str();
        Some(strip_openers(name).to_string())
    })
}

fn strip_openers(name: &str) -> &str {
    [
        "The ",
        "Response from ",
        "From ",
        "By ",
        "In ",
        "During ",
        "Our ",
        "A ",
    ]
    .iter()
    .fold(name.trim(), |n, p| n.strip_prefix(p).unwrap_or(n))
}

/// A partnership or board name in `s`, as printed ("Cumbria Safeguarding
/// Children Partnership").
fn find_full_partnership(s: &str) -> Option<String> {
    // The pattern needs the word "Safeguarding"; checking for it first keeps
    // the pattern off the great majority of paragraphs.
    if !s.contains("Safeguarding") {
        return None;
    }
    let m = PARTNERSHIP.captures(s)?;
    // Sentence openers glued in front of the name are not part of it.
    Some(strip_openers(m.get(1)?.as_str()).to_string())
}

/// The child a title names ("Serious Case Review in relation to George"):
/// what follows the title's review type (a phrase of the grammar, or the
/// words "case review").
pub fn subject_from_title(g: &Grammar, s: &str) -> Option<String> {
    let s = s.trim();
    let end = g.any_review_type.find(s).map(|m| m.end()).or_else(|| {
        let l = s.to_lowercase();
        l.find("case review").map(|i| i + "case review".len())
    })?;
    let rest = s.get(end..)?;
    let skip = AFTER_TYPE.find(rest).map_or(0, |m| m.end());
    clean_subject(&rest[skip..])
}

/// Tidies a subject phrase: drops trailing punctuation, possessives and
/// dates, and rejects phrases too long to be a name.
pub fn clean_subject(s: &str) -> Option<String> {
    let mut t = s.trim();
    if let Some(i) = t.find(" (") {
        t = &t[..i];
    }
    t = t.trim_end_matches(|c: char| ".,:;’'".contains(c) || c.is_whitespace());
    for suffix in ["’s", "'s"] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x;
        }
    }
    let words = t.split_whitespace().count();
    let starts_upper = t.chars().next().is_some_and(|c| c.is_uppercase());
    (words > 0 && words <= 5 && starts_upper).then(|| t.to_string())
}

/// The year a sentence says the review was commissioned or begun.
pub fn commissioned_year(s: &str) -> Option<String> {
    let verb = COMMISSIONED.find(s)?;
    let l = s.to_lowercase();
    if !(l.contains("review") || l.contains("scr")) {
        return None;
    }
    // Within the sentence that holds the verb, the year nearest to it that
    // is not the date of something else ("after a death in 2020", "this
    // leaflet was published in 2022").
    let start = s[..verb.start()]
        .rfind(['.', '!', '?'])
        .map_or(0, |i| i + 1);
    let end = s[verb.end()..]
        .find(". ")
        .map_or(s.len(), |i| verb.end() + i + 1);
    let sentence = &s[start..end];
    let at = verb.start() - start;
    YEAR_IN
        .find_iter(sentence)
        .filter(|m| !dates_something_else(&sentence[..m.start()]))
        .min_by_key(|m| {
            if m.start() >= at {
                m.start() - at
            } else {
                // A year after the verb is how the sentence usually goes;
                // one before it ("In October 2018, the LSCB began") counts
                // too, at a small penalty.
                at - m.start() + 8
            }
        })
        .map(|m| m.as_str().to_string())
}

static YEAR_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").expect("year pattern"));

/// Whether the words just before a year say it dates another event.
fn dates_something_else(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(40)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let last_clause = tail.rsplit([',', ';', '(']).next().unwrap_or("");
    [
        "death",
        "died",
        "incident",
        "injur",
        "harm",
        "born",
        "birth",
        "after",
        "following",
        "published",
        "publication",
        "printed",
        "updated",
    ]
    .iter()
    .any(|w| last_clause.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> std::sync::Arc<Grammar> {
        Grammar::built_in()
    }

    #[test]
    fn partnership_names() {
        assert_eq!(
            find_partnership(
                &g(),
                "Response from Northvale Safeguarding Children Partnership (NSCP)"
            )
            .as_deref(),
            Some("Northvale Safeguarding Children Partnership")
        );
        assert_eq!(
            find_partnership(&g(), "the Brimsdale Local Safeguarding Children Board").as_deref(),
            Some("Brimsdale Local Safeguarding Children Board")
        );
        assert_eq!(
            find_partnership(&g(), "Kings Weston and Dale Safeguarding Partnership").as_deref(),
            Some("Kings Weston and Dale Safeguarding Partnership")
        );
    }

    #[test]
    fn acronym_boards() {
        assert_eq!(
            find_partnership(&g(), "commissioned by the Fenford LSCB in 2012").as_deref(),
            Some("Fenford LSCB")
        );
    }

    #[test]
    fn subjects_from_titles() {
        assert_eq!(
            subject_from_title(&g(), "Serious Case Review in relation to Amber").as_deref(),
            Some("Amber")
        );
        assert_eq!(
            subject_from_title(&g(), "Local Child Safeguarding Practice Review: Child KT")
                .as_deref(),
            Some("Child KT")
        );
        assert_eq!(
            subject_from_title(&g(), "Learning from Serious Case Review Tom").as_deref(),
            Some("Tom")
        );
        assert_eq!(
            subject_from_title(
                &g(),
                "The review considered how the agencies worked with the family over many years"
            ),
            None
        );
    }

    #[test]
    fn review_types() {
        assert_eq!(g().review_type("a Serious Case Review (SCR)"), Some("SCR"));
        assert_eq!(
            g().review_type("Local Child Safeguarding Practice Review"),
            Some("LCSPR")
        );
    }

    #[test]
    fn commissioned() {
        assert_eq!(
            commissioned_year("In October 2018, the LSCB began a Serious Case Review").as_deref(),
            Some("2018")
        );
        assert_eq!(
            commissioned_year(
                "The board commissioned a Serious Case Review regarding Tom in 2017."
            )
            .as_deref(),
            Some("2017")
        );
        assert_eq!(commissioned_year("The review was published in 2020"), None);
        assert_eq!(
            commissioned_year("The partnership commissioned the review in 2021 after an incident in December 2020.").as_deref(),
            Some("2021")
        );
        assert_eq!(
            commissioned_year("The review was commissioned after the death of a baby in 2019.")
                .as_deref(),
            None
        );
        assert_eq!(
            commissioned_year("This leaflet was published in 2022. It sets out the learning.")
                .as_deref(),
            None
        );
    }
}
