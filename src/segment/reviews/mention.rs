//! Where a text names a review: a child, a reference or a title, in a
//! label (a heading, a card, a link) or in a sentence.

use regex::Regex;
use std::sync::LazyLock;

use crate::segment::grammar::{Grammar, PhraseKind};

/// A review as one place names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    /// The child or reference as printed; empty for a review named by its
    /// title only (a thematic review).
    pub subject: String,
    /// The title of an unnamed review, as printed.
    pub title: Option<String>,
    /// The review-type phrase printed with it, if any.
    pub printed_type: Option<String>,
    /// The review's reference printed beside the child ("Ada (NDS21)").
    pub code: Option<String>,
}

/// Separators of a label's parts: "Jacob – Report – March 2020",
/// "REF2020-01: A title", "Child Q (Executive Summary)".
const PARTS: &[char] = &['–', '—', ':', '|', '(', ')', '“', '”', '"'];

/// A line of more parts than this is a menu or a footer, not a title.
const MENU_PARTS: usize = 3;

/// Words that put a child after them in a review's title ("… in relation
/// to Firstname Surname").
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // The shared joining words, but in a label only the unambiguous ones:
    // "of", "on" and "for" join topics as often ("Review of practice").
    Regex::new(r"(?i)(?-u:\b)(?:in\s+relation\s+to|in\s+respect\s+of|regarding|concerning|about|into\s+the\s+death\s+of)\s+")
        .expect("after pattern")
});

/// The review a short label names: a heading, a card's title or a link
/// ("SCR Child Q – Executive Summary", "Jonah – Report – May 2021").
/// Review types, document words and dates are taken off each part; a part
/// left holding only a subject names the review. A first name alone is
/// read only where the label also printed a review type or a document
/// word (`typed`), or `confirmed` says the text around it names it again.
pub(crate) fn in_label(
    g: &Grammar,
    label: &str,
    confirmed: &dyn Fn(&str) -> bool,
) -> Option<Named> {
    // A question ("Why are children called Child A?") names no review.
    if label.trim_end().ends_with('?') {
        return None;
    }
    let label = file_name_words(label);
    let printed_type = g
        .any_review_type
        .find(&label)
        .map(|m| m.as_str().to_string());
    if printed_type
        .as_deref()
        .and_then(|t| g.review_type(t))
        .is_some_and(|code| g.is_adult_type(code))
    {
        return None;
    }
    // A label about reviews in general ("Learning from Serious Case
    // Reviews") names none.
    let plural = g
        .any_review_type
        .find_iter(&label)
        .any(|m| is_plural(m.as_str()));
    let (_, typed) = g.strip_phrases(PhraseKind::Document, &label);
    let typed = typed && !plural;
    let mut parts: Vec<String> = label
        .split(PARTS)
        .flat_map(|p| p.split(" - "))
        .map(|p| strip_part(g, p))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        parts.push(String::new());
    }
    // A menu or a breadcrumb trail names pages, not reviews: the review
    // it leads to is named on the page itself.
    if label.split(['|', '›', '»']).count() > MENU_PARTS
        || label.contains(" › ")
        || label.contains(" » ")
    {
        return None;
    }
    // A code name or reference is the child before any first name: in
    // "May 2021 – Northdale – Child Q" the place is not the child.
    parts.sort_by_key(|p| rank(g, p));
    for part in &parts {
        // A label about reviews in general ("Our Serious Case Reviews")
        // names a child only by a code name or reference.
        if plural && !strong(g, part) {
            continue;
        }
        let by_form = if typed {
            g.is_titled_subject(part)
        } else {
            g.is_subject(part)
        };
        if by_form
            && !g.acronyms.iter().any(|a| a == part)
            && (typed || strong(g, part) || confirmed(part))
        {
            // A reference in another part is the review's code.
            let code = parts
                .iter()
                .find(|p| *p != part && rank(g, p) == 2 && g.is_subject(p))
                .cloned();
            return Some(Named {
                subject: part.clone(),
                title: None,
                printed_type,
                code,
            });
        }
    }
    if let Some(subject) = code_names(g, &label) {
        return Some(Named {
            subject,
            title: None,
            printed_type,
            code: None,
        });
    }
    if typed && let Some(m) = AFTER.find(&label) {
        let rest = strip_part(g, &label[m.end()..]);
        if g.is_titled_subject(&rest) {
            return Some(Named {
                subject: rest,
                title: None,
                printed_type,
                code: None,
            });
        }
    }
    thematic_title(g, &label).map(|title| Named {
        subject: String::new(),
        title: Some(title),
        printed_type,
        code: None,
    })
}

/// Which part of a label names the child first: a code name, then a
/// name, then a reference ("Review: Ada (NDS21)" is Ada's).
fn rank(g: &Grammar, part: &str) -> u8 {
    if g.code_name.find(part).is_some_and(|m| m.start() == 0) {
        0
    } else if part.chars().any(|c| c.is_ascii_digit()) {
        2
    } else {
        1
    }
}

/// Whether a review-type phrase names reviews, not one review.
pub(crate) fn is_plural(phrase: &str) -> bool {
    let l = phrase.to_lowercase();
    l.ends_with('s') && !l.ends_with("ss")
}

/// A subject that names a child whatever surrounds it: a code name or a
/// reference, not a word that could be a topic.
fn strong(g: &Grammar, s: &str) -> bool {
    rank(g, s) != 1
        || s.split_whitespace()
            .next()
            .is_some_and(|w| g.code_name_words.iter().any(|c| c == w))
}

/// A part of a label with review types, document words, dates and stray
/// punctuation taken off.
fn strip_part(g: &Grammar, part: &str) -> String {
    let (rest, _) = g.strip_phrases(PhraseKind::Document, part);
    let rest = strip_dates(&rest);
    let rest = rest
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // A reference closing a title ("Board publishes review FSB 04/2022",
    // "XYZ FSB 04-2022"): the reference is the review's name.
    trailing_reference(g, &rest).unwrap_or(rest)
}

/// Whether `s` is a review's own reference, as the grammar's `reference`
/// subject rows write it ("FSB 04/2022").
pub(crate) fn is_reference(g: &Grammar, s: &str) -> bool {
    let s = s.trim();
    g.references.iter().any(|re| re.is_match(s)) && g.is_subject(s)
}

/// The reference that closes a label after other words: its last word or
/// its last two ("FSB 04/2022").
fn trailing_reference(g: &Grammar, s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    [2, 1].into_iter().find_map(|n| {
        let tail = words
            .get(words.len().checked_sub(n)?..)
            .filter(|_| words.len() > n)?;
        let tail = tail.join(" ");
        is_reference(g, &tail).then_some(tail)
    })
}

static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?,?\s+)?(?:19|20)\d\d(?-u:\b)")
        .expect("date words pattern")
});

fn strip_dates(s: &str) -> String {
    // A reference holds its year ("FSB 04-2022"): a date joined to other
    // characters by a dash or slash is part of it.
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in DATE_WORDS.find_iter(s) {
        let joined =
            s[..m.start()].ends_with(['-', '/', '–']) || s[m.end()..].starts_with(['-', '/', '–']);
        if joined {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push(' ');
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// A link's file name as words: "Child_Q_Overview_Report.pdf" → "Child Q
/// Overview Report".
fn file_name_words(label: &str) -> String {
    let t = label.trim().trim_end_matches(['(', ' ']);
    let t = t
        .strip_suffix(".pdf")
        .or_else(|| t.strip_suffix(".docx"))
        .unwrap_or(t);
    t.replace('_', " ")
}

/// Whether a label is a file name (its dates are upload dates, not
/// publication dates).
pub(crate) fn is_file_name(label: &str) -> bool {
    let t = label.trim().trim_end_matches(['(', ' ']).to_lowercase();
    t.ends_with(".pdf") || t.ends_with(".docx") || t.contains('_')
}

/// Code names in a label, several joined as one ("Child Q and Child R" in
/// one document's title is one review of two children).
fn code_names(g: &Grammar, label: &str) -> Option<String> {
    let found: Vec<_> = g.code_name.find_iter(label).collect();
    let first = found.first()?;
    let mut end = first.end();
    for m in &found[1..] {
        let between = label[end..m.start()].trim();
        if !matches!(between, "and" | "&" | ",") {
            break;
        }
        end = m.end();
    }
    let s = label[first.start()..end].to_string();
    // "Child Q and Child R" is no subject form, but each half is.
    let ok = g.is_subject(&s) || (end > first.end() && g.is_subject(first.as_str()));
    ok.then_some(s)
}

/// The title of an unnamed review a label names: a thematic or national
/// review, singular ("Thematic review of …", "Thematic Review 2021"), not
/// a page about reviews in general.
fn thematic_title(g: &Grammar, label: &str) -> Option<String> {
    let m = g.any_review_type.find(label)?;
    // "Rapid review: injuries to an infant" — a review's type, then its
    // title after a colon or dash — is as much a title as a thematic one.
    let titled = m.start() == 0
        && label[m.end()..]
            .trim_start()
            .starts_with([':', '–', '—', '-'])
        && !is_plural(m.as_str());
    if g.review_type(m.as_str()) != Some("Thematic Review") && !titled {
        return None;
    }
    let plural = g
        .any_review_type
        .find_iter(label)
        .any(|m| is_plural(m.as_str()));
    let l = label.to_lowercase();
    let question = ["what ", "when ", "how ", "why ", "who ", "learning from"]
        .iter()
        .any(|q| l.starts_with(q));
    (!plural && !question && label.split_whitespace().count() <= 16)
        .then(|| label.trim().to_string())
}

/// Words a sentence puts before a review it speaks of as one review: "this
/// review", "a recent rapid review", "its thematic review", "our second
/// national review".
static SPECIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:this|a\s+recent|the\s+recent|its|their|our(?:\s+(?:first|second|third|fourth|fifth|latest|new|recent))?|published|publishes|the\s+(?:first|second|third|latest|new))\s+$")
        .expect("specific pattern")
});

/// Words that make a sentence speak of reviews in general, not of one.
static GENERAL: LazyLock<Regex> = LazyLock::new(|| {
    // Modal verbs in lower case: "May" is a month.
    Regex::new(r"(?-u:\b)(?:should|must|may|might|will|would|can|could|(?i:is\s+held|are\s+held|aims?\s+to))(?-u:\b)")
        .expect("general pattern")
});

/// "published the phase two report into …", "publishes its review of …".
static PUBLISHED_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:published|publishes)\s+(?:the|its|their|our|a)\s+(?:[\w-]+\s+){0,3}?(?:report|review)\s+(?:into|on|of|about)(?-u:\b)")
        .expect("published report pattern")
});

/// A sentence that speaks of one unnamed review as published or done
/// ("A recent rapid review has found …", "The Panel published its
/// thematic review titled …"): its review-type phrase as printed.
pub(crate) fn unnamed_in_sentence(g: &Grammar, sentence: &str) -> Option<String> {
    // Cheapest tests first: most sentences name no review type at all.
    if !g.any_review_type.is_match(sentence)
        || GENERAL.is_match(sentence)
        || g.code_name.is_match(sentence)
        || !g.has_phrase_of(&[PhraseKind::Reported, PhraseKind::Describes], sentence)
    {
        return None;
    }
    // "The Panel has published its report into …": a publication of one
    // review's report, where the sentence names a review type at all.
    if PUBLISHED_REPORT.is_match(sentence)
        && let Some(m) = g.any_review_type.find(sentence)
    {
        return Some(m.as_str().to_string());
    }
    for m in g.any_review_type.find_iter(sentence) {
        let phrase = m.as_str();
        if is_plural(phrase) {
            continue;
        }
        if g.review_type(phrase).is_some_and(|c| g.is_adult_type(c)) {
            continue;
        }
        // The phrase names the Panel, not a review ("… Review Panel").
        if sentence[m.end()..]
            .trim_start()
            .to_lowercase()
            .starts_with("panel")
        {
            continue;
        }
        // The phrase qualifies many documents ("practice review reports
        // and briefings"): reviews in general.
        if before_plural_document(g, &sentence[m.end()..]) {
            continue;
        }
        let before = &sentence[..m.start()];
        // Adjectives may stand between the determiner and the phrase ("its
        // latest national review", "the first local review").
        // The words saying it was done stand near it: in "we published our
        // second review and started work on our third thematic review" the
        // third is not yet done.
        let near = &sentence[sentence.floor_char_boundary(m.start().saturating_sub(REPORTED_REACH))
            ..sentence.floor_char_boundary(m.end() + REPORTED_REACH)];
        if (SPECIFIC.is_match(before) || SPECIFIC.is_match(trim_adjectives(before)))
            && g.has_phrase_of(&[PhraseKind::Reported, PhraseKind::Describes], near)
        {
            return Some(phrase.to_string());
        }
    }
    None
}

/// Whether `rest` opens with a document word in the plural ("reports",
/// "briefings").
fn before_plural_document(g: &Grammar, rest: &str) -> bool {
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    word.len() > 2
        && word
            .strip_suffix('s')
            .is_some_and(|w| g.is_phrase(PhraseKind::Document, w))
}

/// How far from a review's type the words saying it was done may stand.
const REPORTED_REACH: usize = 60;

fn trim_adjectives(before: &str) -> &str {
    let mut t = before;
    for _ in 0..2 {
        let trimmed = t.trim_end();
        let Some(i) = trimmed.rfind(' ') else {
            break;
        };
        let last = &trimmed[i + 1..];
        if matches!(
            last.to_lowercase().as_str(),
            "local"
                | "national"
                | "new"
                | "latest"
                | "recent"
                | "historic"
                | "independent"
                | "extended"
                | "concise"
        ) {
            t = &trimmed[..i + 1];
        } else {
            break;
        }
    }
    t
}

/// The topic of a review a sentence speaks of: the first words after
/// "review into", "review of" or "report into" ("review into sudden infant
/// deaths" → "sudden infant deaths"), enough to tell two reviews of a
/// page apart and to know one spoken of twice.
pub(crate) fn topic(sentence: &str) -> Option<String> {
    static INTO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:review|report)\s+(?:into|of|on|about)\s+(?:the\s+)?")
            .expect("topic pattern")
    });
    let m = INTO.find(sentence)?;
    let words: Vec<String> = sentence[m.end()..]
        .split_whitespace()
        .take_while(|w| !w.starts_with('('))
        .take(3)
        .map(|w| w.trim_end_matches([',', '.', ';', ':']).to_lowercase())
        .collect();
    (words.len() >= 2).then(|| words.join(" "))
}

/// A title in quotation marks right after words announcing a publication
/// ("… published “A Title” exploring …").
pub(crate) fn quoted_title_published(g: &Grammar, sentence: &str) -> Option<String> {
    if !sentence.contains("itled") && !sentence.contains("ublish") && !sentence.contains("alled") {
        return None;
    }
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)(?-u:\b)(?:published|publishes|titled|entitled|called)\s+(?:(?:its|their|the|a)\s+)?[“"‘']([^”"’']{3,120})[”"’']"#)
            .expect("quoted title pattern")
    });
    let title = QUOTED.captures(sentence)?.get(1)?.as_str().trim();
    // A body named in quotes ("a committee to be called “the Case Review
    // Panel”") is no review's title.
    let names_panel = g.any_review_type.find_iter(title).any(|m| {
        title[m.end()..]
            .trim_start()
            .to_lowercase()
            .starts_with("panel")
    });
    (!names_panel).then(|| title.to_string())
}

/// Subjects a sentence names: every code name apart ("the cases of Child
/// Q and Child R" are two reviews), a name after a review type ("Serious
/// Case Review Jonah on 3 May"), and a child after "review into".
pub(crate) fn in_sentence(g: &Grammar, sentence: &str) -> Vec<String> {
    // A sentence about reviews in general ("A review is usually known by a
    // letter, such as Child A") or a question names no review.
    if EXAMPLE.is_match(sentence) || sentence.trim_end().ends_with('?') {
        return Vec::new();
    }
    let mut out: Vec<String> = plural_names(g, sentence);
    out.extend(
        g.code_name
            .find_iter(sentence)
            .map(|m| m.as_str().to_string())
            .filter(|s| g.is_subject(s)),
    );
    out.dedup();
    for m in g.any_review_type.find_iter(sentence) {
        if is_plural(m.as_str())
            || g.review_type(m.as_str())
                .is_some_and(|c| g.is_adult_type(c))
        {
            continue;
        }
        if let Some(name) = name_after(g, &sentence[m.end()..])
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    if out.is_empty()
        && sentence
            .as_bytes()
            .windows(6)
            .any(|w| w.eq_ignore_ascii_case(b"review"))
        && let Some(s) = crate::segment::identity::subject_in_sentence(g, sentence)
    {
        out.push(s);
    }
    out
}

/// Words of a sentence that speaks of reviews in general or gives an
/// example.
static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:such\s+as|for\s+example|for\s+instance|e\.g\.|usually|normally|generally)(?-u:\b)")
        .expect("example pattern")
});

/// Children named together after "reviews of" ("the reviews of Ada and
/// Noor"): one review each.
fn plural_names(g: &Grammar, sentence: &str) -> Vec<String> {
    static REVIEWS_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)reviews\s+(?:of|into|about|concerning|for)\s+")
            .expect("reviews of pattern")
    });
    let mut out = Vec::new();
    for m in REVIEWS_OF.find_iter(sentence) {
        let rest = &sentence[m.end()..];
        let mut names = Vec::new();
        // Names alternate with their separators: "Ada, Noor and Sam".
        let mut want_name = true;
        let mut dangling = false;
        for w in rest.split_whitespace() {
            let bare = w.trim_end_matches([',', '.', ';', ':']);
            if matches!(bare, "and" | "&") && (!want_name || dangling) {
                want_name = true;
                dangling = true;
                continue;
            }
            if !want_name {
                break;
            }
            if !g.is_subject(bare) || g.code_name_words.iter().any(|c| c == bare) {
                break;
            }
            names.push(bare.to_string());
            dangling = false;
            want_name = w.ends_with(',');
            if w.ends_with(['.', ';', ':']) {
                break;
            }
        }
        if dangling {
            // The list ended on "and": it was not a list of names.
            names.clear();
        }
        if names.len() > 1 {
            out.extend(names);
        }
    }
    out
}

/// A first name right after a review type, unless the words after it go on
/// as a title ("CSPR Jonah on 7 May" names Jonah; "CSPR Peer on Peer Abuse"
/// names a topic).
fn name_after(g: &Grammar, rest: &str) -> Option<String> {
    let rest = rest.trim_start().trim_start_matches(['“', '"', '‘', '\'']);
    let mut words = rest.split_whitespace();
    let first = words.next()?;
    let name = first.trim_end_matches(['”', '"', '’', '\'', ',', '.', ';', ':']);
    if name.is_empty() || !g.is_subject(name) || g.code_name.is_match(name) {
        return None;
    }
    // "Review Jonah" and not "Review Panel", "Review Reports".
    if name.len() < 3 || name.chars().skip(1).any(|c| c.is_uppercase()) {
        return None;
    }
    let ended = first.len() != name.len();
    if !ended {
        let next = words.next().unwrap_or("");
        let after = words.next().unwrap_or("");
        let connector = matches!(
            next,
            "on" | "of" | "in" | "for" | "and" | "&" | "the" | "to"
        );
        let titled = after.chars().next().is_some_and(char::is_uppercase)
            && crate::segment::dates::find_date(&format!("{after} 2000")).is_none();
        if next.chars().next().is_some_and(char::is_uppercase) || connector && titled {
            return None;
        }
    }
    Some(name.to_string())
}

/// One key per review however it is printed: "Child Q and Child R",
/// "Children Q and R" and "Child R & Q" share one; a reference's
/// separators and leading zeros do not count.
pub(crate) fn key(g: &Grammar, subject: &str) -> String {
    let s = subject
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let codes: Vec<_> = g.code_name.find_iter(subject).collect();
    if !codes.is_empty() {
        let mut letters: Vec<String> = Vec::new();
        for m in &codes {
            for w in m.as_str().split([' ', ',', '&']) {
                if !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/')
                {
                    letters.push(w.to_string());
                }
            }
        }
        letters.sort();
        letters.dedup();
        if !letters.is_empty() {
            return format!("code:{}", letters.join(","));
        }
    }
    let compact: String = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_start_matches('0'))
        .collect::<Vec<_>>()
        .join("");
    compact
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> std::sync::Arc<Grammar> {
        Grammar::built_in()
    }

    fn label(s: &str) -> Option<String> {
        in_label(&g(), s, &|_| false).map(|n| n.subject)
    }

    #[test]
    fn labels_name_children_references_and_titles() {
        assert_eq!(
            label("Jonah – NDSCP Report – March 2020").as_deref(),
            Some("Jonah")
        );
        assert_eq!(
            label("SCR Child Q : Executive Summary").as_deref(),
            Some("Child Q")
        );
        assert_eq!(
            label("Child Q1/Q2 Serious Case Review").as_deref(),
            Some("Child Q1/Q2")
        );
        assert_eq!(
            label("NDSCP2019-20-03: Safe sleep for every baby").as_deref(),
            Some("NDSCP2019-20-03")
        );
        assert_eq!(
            label("CPR FSB 04-2022 Final Report").as_deref(),
            Some("FSB 04-2022")
        );
        assert_eq!(
            label("Northdale SCR Child Q and Child R").as_deref(),
            Some("Child Q and Child R")
        );
        assert_eq!(
            label("Serious Case Review: Jonah Smithfield").as_deref(),
            Some("Jonah Smithfield")
        );
        assert_eq!(
            label("Statement on serious case review Child W").as_deref(),
            Some("Child W")
        );
        assert_eq!(label("Family K").as_deref(), Some("Family K"));
        assert_eq!(
            label("Learning from the Serious Case Review about Ada").as_deref(),
            Some("Ada")
        );
    }

    #[test]
    fn labels_that_name_no_child() {
        assert_eq!(label("Safer Sleep for Babies"), None);
        assert_eq!(label("Neglect: Learning from Serious Case Reviews"), None);
        assert_eq!(label("Background"), None);
        // A first name alone needs a review type, a document word, or the
        // text around it.
        assert_eq!(label("Jonah"), None);
        assert_eq!(
            in_label(&g(), "Jonah", &|_| true)
                .map(|n| n.subject)
                .as_deref(),
            Some("Jonah")
        );
        // Reviews of adults are not child reviews.
        assert_eq!(label("DHR Maud Executive Summary"), None);
        assert_eq!(label("Home › Reviews › Published reviews › Child W"), None);
        assert_eq!(label("APR FSB 02-2021 Report"), None);
    }

    #[test]
    fn thematic_labels_are_unnamed_reviews() {
        let n = in_label(
            &g(),
            "Thematic Review of Missing Teenagers Dec 2021",
            &|_| false,
        )
        .unwrap();
        assert_eq!(n.subject, "");
        assert!(n.title.is_some());
        assert!(
            in_label(
                &g(),
                "Northdale Thematic Review of SCRs and Case Reviews",
                &|_| false
            )
            .is_none()
        );
        assert!(in_label(&g(), "What is a thematic review?", &|_| false).is_none());
        let n = in_label(&g(), "Rapid review: a baby hurt at home", &|_| false).unwrap();
        assert_eq!(
            n.title.as_deref(),
            Some("Rapid review: a baby hurt at home")
        );
        assert!(in_label(&g(), "Why are reviews called “Child A”?", &|_| false).is_none());
        assert_eq!(
            label("Practice Review: Ada (NDS21)").as_deref(),
            Some("Ada")
        );
    }

    #[test]
    fn sentences_name_each_child() {
        assert_eq!(
            in_sentence(
                &g(),
                "The board published the reviews of Ada and Noor, two girls."
            ),
            ["Ada", "Noor"]
        );
        assert!(
            in_sentence(
                &g(),
                "A review is usually known by a letter, such as Child A."
            )
            .is_empty()
        );
        assert!(
            in_sentence(
                &g(),
                "It draws on case reviews of Northern Fenland since 2003."
            )
            .is_empty()
        );
        let s = in_sentence(
            &g(),
            "The day drew on the learning from the cases of Child Q and Child W.",
        );
        assert_eq!(s, ["Child Q", "Child W"]);
        assert_eq!(
            in_sentence(&g(), "The board published SCR Jonah on 3 May, 2021."),
            ["Jonah"]
        );
        assert!(
            in_sentence(
                &g(),
                "The board published CSPR Safe on Safe Sleep on 3 May, 2021."
            )
            .is_empty()
        );
        assert_eq!(
            in_sentence(&g(), "Children Q and R SCR The report was published."),
            ["Children Q and R"]
        );
    }

    #[test]
    fn unnamed_reviews_in_sentences() {
        assert!(unnamed_in_sentence(&g(), "The Child Safeguarding Practice Review Panel has published the phase one report into safeguarding in care homes.").is_some());
        assert!(
            unnamed_in_sentence(
                &g(),
                "A recent Rapid Review in Northdale has found that bruising is missed."
            )
            .is_some()
        );
        assert!(
            unnamed_in_sentence(
                &g(),
                "In May 2024 the Panel published its thematic review on water safety."
            )
            .is_some()
        );
        assert!(
            unnamed_in_sentence(
                &g(),
                "A rapid review should be held within 15 working days."
            )
            .is_none()
        );
        assert!(
            unnamed_in_sentence(
                &g(),
                "The National Child Safeguarding Practice Review Panel met."
            )
            .is_none()
        );
        assert_eq!(
            quoted_title_published(&g(), "the Panel published “Out of sight” exploring").as_deref(),
            Some("Out of sight")
        );
        assert!(
            unnamed_in_sentence(
                &g(),
                "To read our recently published practice review reports and briefings, follow the links."
            )
            .is_none()
        );
        assert_eq!(
            quoted_title_published(
                &g(),
                "The board set up a group called “the Serious Case Review Panel”."
            ),
            None
        );
    }

    #[test]
    fn topics_know_one_review_spoken_of_twice() {
        assert_eq!(
            topic("We have published our second review into sudden infant deaths at home.")
                .as_deref(),
            Some("sudden infant deaths")
        );
        assert_eq!(
            topic("We have published our second review into sudden infant deaths at home."),
            topic(
                "Last week our second national review into Sudden Infant Deaths (SID) was published."
            )
        );
        assert_eq!(topic("The review found gaps."), None);
    }

    #[test]
    fn keys_join_spellings_of_one_review() {
        assert_eq!(
            key(&g(), "Child Q and Child R"),
            key(&g(), "Children Q and R")
        );
        assert_eq!(key(&g(), "FSB 04-2022"), key(&g(), "FSB 04/2022"));
        assert_ne!(key(&g(), "Child Q"), key(&g(), "Child R"));
    }
}
