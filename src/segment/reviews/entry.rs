//! What the text around a review's name says of it: when it was
//! published, and the paragraph that tells its story.

use regex::Regex;
use std::sync::LazyLock;

use crate::segment::dates::{find_date, find_date_at, find_year, is_bare_date};
use crate::segment::grammar::{Grammar, PhraseKind};

/// Words of a publication: the date nearest them is the review's.
static PUBLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:published|publishes|publication|publish)(?-u:\b)")
        .expect("publish pattern")
});

/// A publication said to be today or undated ("published today"): no date
/// can be read from the sentence.
static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:published\s+today|today\s+published|today\s+publishe?s|has\s+today\s+published)(?-u:\b)")
        .expect("today pattern")
});

/// How far a date may stand from the word "published" and still be the
/// publication's ("In May 2024, the partnership published …": 40
/// characters; a date 100 characters on is an event of the story).
const NEAR: usize = 80;

/// The sentences of a paragraph.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && b.get(i + 1) == Some(&b' ')
            && text[i + 2..]
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || n == '“' || n == '"')
        {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The publication date a sentence gives: the date nearest to a word of
/// publishing, within [`NEAR`] characters.
pub(crate) fn published_in_sentence(g: &Grammar, sentence: &str) -> Option<String> {
    if TODAY.is_match(sentence) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for m in PUBLISH.find_iter(sentence) {
        // The review's printed type ("… published its Local Child
        // Safeguarding Practice Review about V on 11 January") is one word
        // of the distance, however long it is spelled.
        let types: usize = g
            .any_review_type
            .find_iter(&sentence[m.end()..])
            .take_while(|t| t.start() < NEAR)
            .map(|t| t.len())
            .sum();
        for (from, to) in [
            (m.end(), (m.end() + NEAR + types).min(sentence.len())),
            (m.start().saturating_sub(NEAR), m.start()),
        ] {
            let (from, to) = (
                sentence.floor_char_boundary(from),
                sentence.floor_char_boundary(to),
            );
            let window = &sentence[from..to];
            let Some((pos, d)) = find_date_at(window) else {
                continue;
            };
            let at = from + pos;
            // "… published the review of a child who died in May 2019": a
            // date with an event of the story between it and the word is
            // the event's.
            let (lo, hi) = if at > m.start() {
                (m.end(), at)
            } else {
                (at, m.start())
            };
            let between = &sentence
                [sentence.floor_char_boundary(lo.min(hi))..sentence.floor_char_boundary(hi)];
            if g.has_phrase(PhraseKind::Event, between) {
                continue;
            }
            // "… to be addressed by November 2018": a deadline.
            if g.ends_with_phrase(
                PhraseKind::Deadline,
                &sentence[..sentence.floor_char_boundary(at)],
            ) {
                continue;
            }
            // A date after the word ("published it on 3 May") is the
            // publication's before one in front of it ("commissioned in May
            // 2018 and published …"): it counts as nearer.
            let distance = if at > m.start() {
                at - m.start()
            } else {
                NEAR + (m.start() - at)
            };
            if best.as_ref().is_none_or(|(b, _)| distance < *b) {
                best = Some((distance, d));
            }
        }
    }
    best.map(|(_, d)| d)
}

/// Whether a sentence says the review is published today: the page's own
/// date is then the review's.
pub(crate) fn published_today(sentence: &str) -> bool {
    TODAY.is_match(sentence)
}

/// Whether a paragraph is a date line: a date alone, or after a label
/// ("Date of publication: 3 May 2016", "Published: May 2021").
pub(crate) fn is_date_line(text: &str) -> bool {
    let t = text.trim();
    is_bare_date(t)
        || (t.split_whitespace().count() <= 8
            && find_date(t).is_some()
            && PUBLISH.is_match(t)
            && !t.ends_with('.'))
}

/// The date a review's own label prints ("Jonah – Report – March 2021";
/// "Thematic Review 2019"), unless the label is a file name.
pub(crate) fn published_in_label(g: &Grammar, label: &str, typed: bool) -> Option<String> {
    if super::mention::is_file_name(label) {
        return None;
    }
    // A reference's numbers ("FSB 03/2022") date nothing: its words, one
    // or two, are left out.
    let words: Vec<&str> = label.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let pair = words.get(i..i + 2).map(|w| w.join(" "));
        if pair.is_some_and(|p| super::mention::is_reference(g, &p)) {
            i += 2;
        } else {
            if !super::mention::is_reference(g, words[i]) {
                kept.push(words[i]);
            }
            i += 1;
        }
    }
    let label = kept.join(" ");
    // A number before the year ("CPR 08 2020") is a reference's: the year
    // numbers the review, it does not date it.
    let year = || {
        let words: Vec<&str> = label.split_whitespace().collect();
        words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == 0 || !words[i - 1].bytes().all(|b| b.is_ascii_digit()))
            .find_map(|(_, w)| find_year(w))
    };
    find_date(&label).or_else(|| typed.then(year).flatten())
}

/// The date a paragraph of an entry gives: a publication sentence, a date
/// standing alone (a card's date line) or after a label of publication
/// ("Published: 4 May 2021").
pub(crate) fn published_in_paragraph(g: &Grammar, text: &str) -> Option<String> {
    if is_bare_date(text) {
        return find_date(text);
    }
    sentences(text)
        .into_iter()
        .find_map(|s| published_in_sentence(g, s))
}

/// Whether a text reads as a sentence: a full stop after a few words.
pub(crate) fn is_sentence(text: &str) -> bool {
    let t = text.trim();
    t.ends_with('.') && t.split_whitespace().count() > 4
}

/// The story a paragraph tells of the review of `subject`, fit to be its
/// summary: prose of some length with a run-in label ("Child H SCR – …")
/// and a report's paragraph number taken off. None for site or e-mail
/// furniture, a quotation, a lead into what follows ("… select the links
/// below:"), a paragraph about the publisher or its own events, or one
/// that speaks of no child, event or finding (how reviews are done).
pub(crate) fn story(g: &Grammar, text: &str, subject: &str) -> Option<String> {
    let mut t = text.trim();
    t = crate::segment::text::without_paragraph_number(t);
    t = without_run_in_label(g, t, subject);
    let words = t.split_whitespace().count();
    let fit = words >= 12
        && !t.ends_with(':')
        && !g.has_phrase_of(
            &[PhraseKind::Mailing, PhraseKind::Site, PhraseKind::Standing],
            t,
        )
        && !t.starts_with(|c: char| c.is_lowercase())
        // Someone's words in quotation marks are a statement, not the story.
        && !t.starts_with(['"', '“', '‘', '\''])
        // A story speaks of the child, of what happened or of what the
        // review did; a paragraph on how reviews work in general does not.
        && ((!subject.is_empty() && t.contains(subject))
            || g.has_phrase_of(&[PhraseKind::Event, PhraseKind::Describes], t));
    fit.then(|| t.to_string())
}

/// A paragraph opening with the review's name and type as a run-in label
/// ("Child H SCR – The board …", "Child H SCR The board …"), without it.
fn without_run_in_label<'a>(g: &Grammar, text: &'a str, subject: &str) -> &'a str {
    let Some(rest) = (!subject.is_empty())
        .then(|| text.strip_prefix(subject))
        .flatten()
    else {
        return text;
    };
    let rest = rest.trim_start();
    let after_type = match g.any_review_type.find(rest) {
        Some(m) if m.start() == 0 => &rest[m.end()..],
        _ => return text,
    };
    let body = after_type
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '–' | '—' | '-' | ':'));
    if body.len() < after_type.len() && body.starts_with(char::is_uppercase) {
        body
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> std::sync::Arc<Grammar> {
        Grammar::built_in()
    }

    fn published_in_sentence(s: &str) -> Option<String> {
        super::published_in_sentence(&g(), s)
    }

    #[test]
    fn publication_dates_are_near_the_word() {
        assert_eq!(
            published_in_sentence("The partnership published SCR Jonah on 7 March, 2022.")
                .as_deref(),
            Some("2022-03-07")
        );
        assert_eq!(
            published_in_sentence("In May 2024, the Panel published its thematic review.")
                .as_deref(),
            Some("2024-05")
        );
        assert_eq!(
            published_in_sentence("Published today, this review looks at a baby who was hurt at home over many weeks in June 2021.").as_deref(),
            None
        );
        assert_eq!(published_in_sentence("The child died in April 2014."), None);
        assert_eq!(
            published_in_sentence(
                "The partnership has published the recommendations, to be met by November 2018."
            ),
            None
        );
        assert_eq!(
            published_in_sentence("The partnership published its Local Child Safeguarding Practice Review about Young Person V on 11 January 2024.").as_deref(),
            Some("2024-01-11")
        );
        assert_eq!(
            published_in_sentence(
                "The board commissioned the review in May 2018 and published it on 22 October 2019."
            )
            .as_deref(),
            Some("2019-10-22")
        );
        assert_eq!(
            published_in_sentence(
                "The board published its review of a girl who died in a placement in May 2013."
            ),
            None
        );
    }

    #[test]
    fn labels_and_date_lines() {
        assert_eq!(
            published_in_label(&g(), "Jonah – Report – March 2021", true).as_deref(),
            Some("2021-03")
        );
        assert_eq!(
            published_in_label(&g(), "Thematic Review 2019", true).as_deref(),
            Some("2019")
        );
        assert_eq!(
            published_in_label(&g(), "Child_Q_Report_May_2021.pdf", true),
            None
        );
        assert_eq!(published_in_label(&g(), "Briefing SCR 04 2019", true), None);
        assert_eq!(
            published_in_paragraph(&g(), "14 June 2023").as_deref(),
            Some("2023-06-14")
        );
    }

    #[test]
    fn a_story_is_prose_about_the_review_not_about_the_page() {
        let story = |t: &str, subject: &str| super::story(&g(), t, subject);
        let told = "The baby was seven weeks old when his mother took him to the doctor with a swollen arm.";
        assert_eq!(story(told, "Baby K").as_deref(), Some(told));
        // A run-in label and a report's paragraph number are taken off.
        assert_eq!(
            story(&format!("Baby K SCR – {told}"), "Baby K").as_deref(),
            Some(told)
        );
        assert_eq!(story(&format!("3.2 {told}"), "").as_deref(), Some(told));
        // The child's name opening the story is not a label.
        let named =
            "Baby K was seven weeks old when his mother took him to the doctor with a swollen arm.";
        assert_eq!(story(named, "Baby K").as_deref(), Some(named));
        for not in [
            "To read the reports and the briefings of our reviews, please select the links below:",
            "The full report of the review of Baby K was published in May and it can be read here:",
            "The Fenford Safeguarding Partnership is a statutory partnership of the council, the police and the health board.",
            "Over 60 practitioners attended the launch at the town hall and talked about the learning.",
            "“We are deeply sorry for what happened to this little boy and we will learn from it,” said the chair.",
            "The process for a practice review brings together senior managers of all the agencies that worked with the family.",
            "The full report of the review is published alongside this response, with the action plan.",
            "Short line.",
        ] {
            assert_eq!(story(not, "Baby K"), None, "{not}");
        }
    }

    #[test]
    fn sentences_split_at_full_stops() {
        assert_eq!(
            sentences("One here. Two there. 3 x."),
            ["One here.", "Two there. 3 x."]
        );
    }
}
