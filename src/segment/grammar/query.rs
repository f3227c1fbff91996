//! What the grammar says of a line or a phrase.

use regex::Captures;

use super::{FieldKind, Grammar, LabelKind, Phrase, PhraseKind};

/// A listing entry's heading, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The date as printed.
    pub date: String,
    /// The area as printed ("Northdale", or "Anonymous"), `None` when left
    /// out.
    pub area: Option<String>,
    /// The child.
    pub subject: String,
}

impl Grammar {
    /// A labelled paragraph's label and the text after it ("Learning:
    /// agencies should…" → lesson, "agencies should…"); a label alone on its
    /// line gives empty text.
    pub fn field(&self, line: &str) -> Option<(FieldKind, String)> {
        let line = line.trim();
        if line.len() > 400 {
            return self.field(&line[..line.floor_char_boundary(400)]);
        }
        if !self.field_prefilter.is_match(line) {
            return None;
        }
        for (kind, re) in &self.fields {
            if let Some(c) = re.captures(line) {
                return Some((*kind, c.name("rest").map_or("", |m| m.as_str()).to_string()));
            }
        }
        for (kind, re) in &self.field_alone {
            if re.is_match(line) {
                return Some((*kind, String::new()));
            }
        }
        None
    }

    /// The review type a phrase names, as its short code.
    pub fn review_type(&self, s: &str) -> Option<&str> {
        if !self.any_review_type.is_match(s) {
            return None;
        }
        // The first row that matches, as when each was tried in turn.
        let first = self.review_type_set.matches(s).into_iter().next()?;
        self.review_types.get(first).map(String::as_str)
    }

    /// How many review-type phrases `s` holds.
    pub fn count_review_phrases(&self, s: &str) -> usize {
        self.any_review_type.find_iter(s).count()
    }

    /// Whether `s` is how a child is named: one of the subject forms, and
    /// none of its words a word that never names a child.
    pub fn is_subject(&self, s: &str) -> bool {
        let s = s.trim();
        if s.is_empty() || s.len() > 80 {
            return false;
        }
        // A code name's first word alone ("Children", "Family") names no
        // one.
        if self.code_name_words.iter().any(|w| w == s) {
            return false;
        }
        !self.has_banned_word(s) && self.subjects.iter().any(|re| re.is_match(s))
    }

    /// Whether `s` names a child in a review's own title: any subject form,
    /// or a form read only there (a first name and surname).
    pub fn is_titled_subject(&self, s: &str) -> bool {
        let s = s.trim();
        self.is_subject(s)
            || (s.len() <= 80
                && !self.has_banned_word(s)
                && self.titled_subjects.iter().any(|re| re.is_match(s)))
    }

    fn has_banned_word(&self, s: &str) -> bool {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| self.not_subject.contains(&w.to_lowercase()))
    }

    /// Whether a review type's code is one of the reviews of adults.
    pub fn is_adult_type(&self, code: &str) -> bool {
        self.adult_types.iter().any(|c| c == code)
    }

    /// `s` without the review-type phrases and the phrases of `kind`, each
    /// taken out as whole words, any case; what is left, spaces squeezed.
    pub fn strip_phrases(&self, kind: PhraseKind, s: &str) -> (String, bool) {
        let mut out = self.any_review_type.replace_all(s, " ").into_owned();
        let mut stripped = out != s;
        let mut words: Vec<&Phrase> = self.phrases.iter().filter(|p| p.kind == kind).collect();
        // Longer phrases first, so "final report" goes before "report".
        words.sort_by_key(|p| std::cmp::Reverse(p.byte_len()));
        // Lower-cased once, and again only after a phrase is taken out.
        let mut lower = out.to_lowercase();
        for p in words {
            while let Some(at) = find_word(&out, &lower, p) {
                out.replace_range(at..at + p.byte_len(), " ");
                lower = out.to_lowercase();
                stripped = true;
            }
        }
        (
            out.split_whitespace().collect::<Vec<_>>().join(" "),
            stripped,
        )
    }

    /// The kind of items a bare heading opens ("Lessons", "Key findings:",
    /// "Learning from the review").
    pub fn heading(&self, line: &str) -> Option<LabelKind> {
        let h = line.trim();
        if h.is_empty() || h.len() > 120 {
            return None;
        }
        let key = heading_key(h);
        let key = key.trim_end_matches(':').trim_end();
        self.headings.get(key).copied().or_else(|| {
            // The pattern's own last words, checked first: most lines end
            // otherwise, and the search would scan each to its end.
            if !["review", "reviews", "case"]
                .iter()
                .any(|w| key.ends_with(w))
            {
                return None;
            }
            let bare = OF_THE_REVIEW.replace(key, "");
            self.headings.get(bare.as_ref()).copied()
        })
    }

    /// The kind of items a heading opens in any document ("Key findings",
    /// "Learning point", "Key learning and practice improvements": a bare
    /// heading, also with a second subject after "and").
    pub fn item_section(&self, heading: &str) -> Option<LabelKind> {
        self.heading(heading).or_else(|| {
            let h = heading.trim().trim_end_matches(':').trim_end();
            let c = AND_MORE.captures(h)?;
            let tail = c.get(2)?.as_str();
            (tail.chars().count() <= 40 && !tail.contains(['.', ':']))
                .then(|| self.heading(c.get(1)?.as_str()))
                .flatten()
        })
    }

    /// A listing entry's heading ("March 2016 – Northdale – Child XY").
    pub fn entry(&self, line: &str) -> Option<Entry> {
        let line = line.trim();
        if line.len() > 160 {
            return None;
        }
        self.entries.iter().find_map(|re| {
            let c = re.captures(line)?;
            let get = |c: &Captures, n: &str| c.name(n).map(|m| m.as_str().trim().to_string());
            let subject = get(&c, "subject")?;
            if !self.is_subject(&subject) {
                return None;
            }
            let area = get(&c, "area").filter(|a| !a.is_empty());
            Some(Entry {
                date: get(&c, "date")?,
                area,
                subject,
            })
        })
    }

    /// Whether `s` ends with a phrase of `kind` as whole words, any case,
    /// brackets and spaces after it aside ("… addressed (by ").
    pub fn ends_with_phrase(&self, kind: PhraseKind, s: &str) -> bool {
        let l = s
            .trim_end_matches(|c: char| c.is_whitespace() || c == '(')
            .to_lowercase();
        self.phrases.iter().any(|p| {
            p.kind == kind
                && l.strip_suffix(p.text())
                    .is_some_and(|head| !head.ends_with(|c: char| c.is_alphanumeric()))
        })
    }

    /// Whether a line points to one of a review's documents or resources
    /// rather than teaching: it opens with a resource phrase and names a
    /// document ("Read the learning briefing for …", "Use these slides").
    pub fn is_resource_line(&self, s: &str) -> bool {
        let l = s.trim_start().to_lowercase();
        self.phrases.iter().any(|p| {
            p.kind == PhraseKind::Resource
                && l.strip_prefix(p.text())
                    .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
        }) && self.has_phrase(PhraseKind::Document, s)
    }

    /// Whether `s` is, whole, one phrase of `kind` (any case).
    pub fn is_phrase(&self, kind: PhraseKind, s: &str) -> bool {
        let l = s.trim().to_lowercase();
        self.phrases.iter().any(|p| p.kind == kind && p.text() == l)
    }

    /// Whether `s` holds a boilerplate phrase of `kind`.
    pub fn has_phrase(&self, kind: PhraseKind, s: &str) -> bool {
        self.has_phrase_lower(kind, &s.to_lowercase())
    }

    /// Whether `s` holds a boilerplate phrase of any of `kinds`: lower-cased
    /// once for all of them.
    pub fn has_phrase_of(&self, kinds: &[PhraseKind], s: &str) -> bool {
        let lower = s.to_lowercase();
        kinds.iter().any(|k| self.has_phrase_lower(*k, &lower))
    }

    /// [`Grammar::has_phrase`] of a string already lower-cased.
    pub fn has_phrase_lower(&self, kind: PhraseKind, lower: &str) -> bool {
        self.phrases
            .iter()
            .any(|p| p.kind == kind && p.find_in(lower.as_bytes()).is_some())
    }
}

/// A heading's spelling as looked up: lower case, single spaces.
pub(crate) fn heading_key(s: &str) -> String {
    // Asked of most lines of a document: ASCII, the usual case, in one
    // pass without the word list.
    // (A vertical tab is white space to `split_whitespace` only.)
    if s.is_ascii() && !s.contains('\x0B') {
        let mut key = String::with_capacity(s.len());
        for w in s.split_ascii_whitespace() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return key;
    }
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// "… from the review", "… of this case" after a heading's words.
static OF_THE_REVIEW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r" (?:from|of) (?:the|this|these) (?:reviews?|case)$")
        .expect("of-the-review pattern")
});

/// A heading with a second subject after "and" ("Key learning and
/// practice improvements"): the first part and the rest.
static AND_MORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^(.+?)\s+(?:and|&)\s+(.+)$").expect("and-more pattern")
});

/// Where `phrase` (lower case) occurs in `s` as whole words, any case;
/// `lower` is `s` lower-cased.
fn find_word(s: &str, lower: &str, phrase: &Phrase) -> Option<usize> {
    // Lower-casing can change byte lengths outside ASCII; only then is the
    // search given up, as no phrase of the grammar needs it.
    if lower.len() != s.len() {
        return None;
    }
    let bytes = lower.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let mut from = 0;
    while let Some(i) = phrase.find_in(&bytes[from..]) {
        let at = from + i;
        let end = at + phrase.byte_len();
        if (at == 0 || !word(at - 1)) && !word(end) {
            return Some(at);
        }
        from = at + 1;
        while !lower.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}
