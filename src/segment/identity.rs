//! Review identity: the child a title or sentence names.

use regex::Regex;
use std::sync::LazyLock;

use super::front::subject_from_title;
use super::grammar::Grammar;

/// Words that introduce the child after a review's name ("… review into
/// the death of …").
static INTRODUCES_CHILD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s+(?:{})\s+(?:(?:the\s+)?(?:death|circumstances|experiences?|care)\s+of\s+)?",
        super::front::NAMES_CHILD
    ))
    .expect("introduces child pattern")
});

/// Where each naming of a review ends in `text`: a review type of the
/// grammar, or the word "review".
fn review_ends(g: &Grammar, text: &str) -> Vec<usize> {
    static REVIEW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)review(?-u:\b)").expect("review pattern"));
    let mut ends: Vec<usize> = g
        .any_review_type
        .find_iter(text)
        .chain(REVIEW.find_iter(text))
        .map(|m| m.end())
        .collect();
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// The child a document's title names: the title as a review title
/// ("Serious Case Review in relation to George"), else a part of it between
/// dashes or after a colon ("Learning from Serious Case Reviews – Child Z"),
/// else a code name anywhere in it.
pub fn subject_of_title(g: &Grammar, title: &str) -> Option<String> {
    if let Some(s) = subject_from_title(g, title).filter(|s| g.is_subject(s)) {
        return Some(s);
    }
    for part in title.split(['–', '—', ':', '|']).chain(title.split(" - ")) {
        let part = part.trim().trim_end_matches(['.', ',']);
        if g.is_subject(part) {
            return Some(part.to_string());
        }
    }
    g.code_name
        .find(title)
        .map(|m| m.as_str().to_string())
        .filter(|s| g.is_subject(s))
}

/// The child a sentence names: a code name, or the one to three capitalised
/// words after "review into" or "review concerning".
pub fn subject_in_sentence(g: &Grammar, text: &str) -> Option<String> {
    if let Some(m) = g.code_name.find(text).filter(|m| g.is_subject(m.as_str())) {
        return Some(m.as_str().to_string());
    }
    for end in review_ends(g, text) {
        let Some(m) = INTRODUCES_CHILD.find(&text[end..]) else {
            continue;
        };
        let rest = &text[end + m.end()..];
        let mut words: Vec<&str> = Vec::new();
        for w in rest.split_whitespace() {
            let w = w.trim_end_matches([',', '.', ';', ':', ')', '’', '\'']);
            let joiner = matches!(w, "and" | "&");
            let name = w.chars().next().is_some_and(char::is_uppercase);
            if !(name || joiner && !words.is_empty()) || words.len() >= 5 {
                break;
            }
            words.push(w);
            if rest
                .split_whitespace()
                .nth(words.len() - 1)
                .is_some_and(|raw| raw.ends_with([',', '.', ';', ':']))
            {
                break;
            }
        }
        while words.last().is_some_and(|w| matches!(*w, "and" | "&")) {
            words.pop();
        }
        let candidate = words.join(" ");
        let candidate = candidate.trim_end_matches("’s").trim_end_matches("'s");
        if g.is_subject(candidate) {
            return Some(candidate.to_string());
        }
    }
    None
}

/// The letters of a code-name subject ("Child QR" → "QR", "Baby N" → "N"),
/// which are often the prefix of the review's item ids too.
pub fn code_of(g: &Grammar, subject: &str) -> Option<String> {
    // The letters after one of the grammar's code-name words ("Child",
    // "Young Person").
    let rest = g
        .code_name_words
        .iter()
        .filter_map(|w| subject.strip_prefix(w.as_str()))
        .find(|r| r.starts_with(' '))?
        .trim();
    (!rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> std::sync::Arc<Grammar> {
        Grammar::built_in()
    }

    #[test]
    fn subjects_of_titles() {
        assert_eq!(
            subject_of_title(&g(), "Learning from Serious Case Reviews – Child Z").as_deref(),
            Some("Child Z")
        );
        assert_eq!(
            subject_of_title(&g(), "Serious Case Review in relation to Amber").as_deref(),
            Some("Amber")
        );
        assert_eq!(
            subject_of_title(&g(), "Seven Minute Briefing: Baby M").as_deref(),
            Some("Baby M")
        );
        assert_eq!(subject_of_title(&g(), "Annual Report 2021–22"), None);
    }

    #[test]
    fn codes_of_subjects() {
        assert_eq!(code_of(&g(), "Child QR").as_deref(), Some("QR"));
        assert_eq!(code_of(&g(), "Baby N").as_deref(), Some("N"));
        assert_eq!(code_of(&g(), "Ruby"), None);
        assert_eq!(code_of(&g(), "Young Person V").as_deref(), Some("V"));
        assert_eq!(code_of(&g(), "Family T").as_deref(), Some("T"));
        assert_eq!(code_of(&g(), "Children A, B and C"), None);
    }

    #[test]
    fn subjects_in_sentences() {
        assert_eq!(
            subject_in_sentence(&g(), "The partnership has published a Local Child Safeguarding Practice Review into the death of Ellie and Sam, who lived").as_deref(),
            Some("Ellie and Sam")
        );
        assert_eq!(
            subject_in_sentence(&g(), "A review about Child T was published today.").as_deref(),
            Some("Child T")
        );
        assert_eq!(
            subject_in_sentence(
                &g(),
                "A review of the Safeguarding Partnership arrangements"
            ),
            None
        );
    }
}
