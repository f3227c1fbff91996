//! Rows to patterns, and the check of each row's examples.

use std::collections::HashSet;

use regex::Regex;

use super::rows::Rows;
use super::{FieldKind, Grammar, ItemRule, LabelKind, Numbering, Phrase, PhraseKind};

/// A grammar file that cannot be used, with the row and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError(pub String);

impl std::fmt::Display for GrammarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GrammarError {}

pub(crate) fn err(msg: impl Into<String>) -> GrammarError {
    GrammarError(msg.into())
}

fn regex(p: &str) -> Result<Regex, GrammarError> {
    // An alternation of thousands of added rows makes a large automaton:
    // with room for its states the lazy DFA builds each once, instead of
    // clearing its cache over and over and falling back to the slow
    // simulation on every line.
    regex::RegexBuilder::new(p)
        .dfa_size_limit(DFA_CACHE)
        .build()
        .map_err(|e| {
            // A pattern built from thousands of rows is no use in a message.
            let shown: String = p.chars().take(120).collect();
            let more = if shown.len() < p.len() { "…" } else { "" };
            let why = e.to_string();
            let why = why.lines().last().unwrap_or("");
            err(format!("pattern {shown:?}{more}: {why}"))
        })
}

/// Spellings as one alternation, longest first so that "learning point"
/// is tried before "learning"; a space matches any white space.
fn alternation(spellings: &[String]) -> String {
    let mut s: Vec<&String> = spellings.iter().collect();
    s.sort_by_key(|x| std::cmp::Reverse(x.len()));
    s.iter()
        .map(|w| {
            w.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn label_kind(s: &str) -> Result<LabelKind, GrammarError> {
    Ok(match s {
        "theme" => LabelKind::Theme,
        "finding" => LabelKind::Finding,
        "lesson" => LabelKind::Lesson,
        "recommendation" => LabelKind::Recommendation,
        "actions" => LabelKind::Actions,
        "measures" => LabelKind::Measures,
        "dissemination" => LabelKind::Dissemination,
        other => return Err(err(format!("unknown label kind {other:?}"))),
    })
}

fn field_kind(s: &str) -> Result<FieldKind, GrammarError> {
    Ok(match s {
        "background" | "summary" => FieldKind::Background,
        "lesson" => FieldKind::Lesson,
        "recommendation" => FieldKind::Recommendation,
        "finding" => FieldKind::Finding,
        "keywords" => FieldKind::Keywords,
        "ignore" => FieldKind::Ignore,
        other => return Err(err(format!("unknown field kind {other:?}"))),
    })
}

fn phrase_kind(s: &str) -> Result<PhraseKind, GrammarError> {
    Ok(match s {
        "mailing" => PhraseKind::Mailing,
        "news" => PhraseKind::News,
        "announce" => PhraseKind::Announce,
        "document" => PhraseKind::Document,
        "site" => PhraseKind::Site,
        "reported" => PhraseKind::Reported,
        "describes" => PhraseKind::Describes,
        "event" => PhraseKind::Event,
        "standing" => PhraseKind::Standing,
        "deadline" => PhraseKind::Deadline,
        "resource" => PhraseKind::Resource,
        "report_cover" => PhraseKind::ReportCover,
        "story_heading" => PhraseKind::StoryHeading,
        "body" => PhraseKind::Body,
        "no_area" => PhraseKind::NoArea,
        other => return Err(err(format!("unknown phrase kind {other:?}"))),
    })
}

/// Room for a grammar pattern's lazy DFA states, per thread; taken only
/// as states are made.
const DFA_CACHE: usize = 64 << 20;

/// Compiles the rows, in order.
pub fn compile(rows: &Rows) -> Result<Grammar, GrammarError> {
    let mut items = Vec::new();
    let mut openers: Vec<String> = Vec::new();
    for r in &rows.item {
        let kind = label_kind(&r.kind)?;
        let words = alternation(&r.spellings);
        let (numbering, body) = match r.numbering.as_str() {
            "id" => (
                Numbering::Id,
                r"(?P<code>[A-Z]{1,4})?\s*(?P<id>\d{1,3}(?:\s*\.\s*\d{1,3})?)",
            ),
            "number" => (Numbering::Number, r"(?P<num>\d{1,3})"),
            other => return Err(err(format!("unknown numbering {other:?}"))),
        };
        let re = regex(&format!(
            r"^(?i:{words})s?\s*{body}(?-u:\b)\s*[:.\-–—]?\s*(?P<rest>.*)$"
        ))?;
        openers.push(words);
        items.push(ItemRule {
            kind,
            numbering,
            re,
        });
    }
    // Headings are looked up whole, not searched for: thousands of added
    // rows cost one hash each, not one pattern each.
    let mut headings = std::collections::HashMap::new();
    for r in &rows.heading {
        let kind = label_kind(&r.kind)?;
        for spelling in &r.spellings {
            headings
                .entry(super::query::heading_key(spelling))
                .or_insert(kind);
        }
    }
    let mut sections = Vec::new();
    for r in &rows.section {
        let kind = label_kind(r.kind.as_deref().unwrap_or(""))?;
        sections.push((kind, regex(&r.pattern)?));
    }
    let mut fields = Vec::new();
    let mut field_alone = Vec::new();
    let mut field_words: Vec<String> = Vec::new();
    for r in &rows.field {
        let kind = field_kind(&r.kind)?;
        let words = alternation(&r.spellings);
        fields.push((
            kind,
            regex(&format!(r"^(?i:{words})\s*[:–—]\s*(?P<rest>\S.*)$"))?,
        ));
        field_alone.push((kind, regex(&format!(r"^(?i:{words})\s*:?$"))?));
        field_words.push(words);
    }
    let mut review_types = Vec::new();
    let mut all_phrases = Vec::new();
    let mut review_type_patterns: Vec<String> = Vec::new();
    for r in &rows.review_type {
        let mut alt = format!("(?i:{})", alternation(&r.phrases));
        for a in &r.acronyms {
            alt.push('|');
            alt.push_str(&regex::escape(a));
        }
        review_types.push(r.code.clone());
        review_type_patterns.push(format!(r"(?-u:\b)(?:{alt})(?-u:\b)"));
        all_phrases.push(alt);
    }
    let acronyms: Vec<String> = rows
        .acronym
        .iter()
        .flat_map(|r| r.acronyms.iter().cloned())
        .collect();
    let board = if acronyms.is_empty() {
        regex(r"[^\s\S]")?
    } else {
        let alt: Vec<String> = acronyms.iter().map(|a| regex::escape(a)).collect();
        regex(&format!(
            r"\b((?:[A-Z][a-z]+\s+){{1,3}}(?:{}))\b",
            alt.join("|")
        ))?
    };
    let mut subjects = Vec::new();
    let mut titled_subjects = Vec::new();
    let mut references = Vec::new();
    for r in &rows.subject {
        match r.kind.as_deref() {
            None => subjects.push(regex(&r.pattern)?),
            Some("titled") => titled_subjects.push(regex(&r.pattern)?),
            // A review's reference names it like a child's name does.
            Some("reference") => {
                subjects.push(regex(&r.pattern)?);
                references.push(regex(&r.pattern)?);
            }
            Some(other) => return Err(err(format!("unknown subject kind {other:?}"))),
        }
    }
    let adult_types = rows
        .review_type
        .iter()
        .filter(|r| r.adult)
        .map(|r| r.code.clone())
        .collect();
    let not_subject: HashSet<String> = rows
        .not_subject
        .iter()
        .flat_map(|r| r.words.iter().map(|w| w.to_lowercase()))
        .collect();
    let code_words: Vec<String> = rows
        .code_name
        .iter()
        .flat_map(|r| r.words.iter().map(|w| regex::escape(w)))
        .collect();
    // The letters of a code name are one to three capitals and up to two
    // digits, or two codes joined by a slash ("X1/X2"); several are joined
    // by commas, "and" or "&".
    let code = r"[A-Z]{1,3}\d{0,2}(?:/[A-Z]{1,3}\d{0,2})?";
    let code_name = if code_words.is_empty() {
        regex(r"[^\s\S]")?
    } else {
        regex(&format!(
            r"(?-u:\b)(?:{})\s+{code}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){code}(?-u:\b))*(?-u:\b)",
            code_words.join("|")
        ))?
    };
    let entries = rows
        .entry
        .iter()
        .map(|r| regex(&r.pattern))
        .collect::<Result<_, _>>()?;
    let mut phrases = Vec::new();
    for r in &rows.phrase {
        let kind = phrase_kind(&r.kind)?;
        phrases.extend(r.phrases.iter().map(|p| Phrase::new(kind, p)));
    }
    // Any line a label rule could read; section rows are whole-line
    // patterns of their own, so the prefilter holds them whole.
    let mut pre: Vec<String> = Vec::new();
    if !openers.is_empty() {
        pre.push(format!(r"^\s*(?i:{})", openers.join("|")));
    }
    pre.extend(rows.section.iter().map(|r| format!("(?:{})", r.pattern)));
    let prefilter = pre.join("|");
    let never = r"[^\s\S]";
    Ok(Grammar {
        items,
        headings,
        sections,
        fields,
        field_alone,
        review_types,
        review_type_set: regex::RegexSetBuilder::new(&review_type_patterns)
            .dfa_size_limit(DFA_CACHE)
            .build()
            .map_err(|e| {
                err(format!(
                    "review types: {}",
                    e.to_string().lines().last().unwrap_or("")
                ))
            })?,
        acronyms,
        board,
        subjects,
        titled_subjects,
        references,
        adult_types,
        not_subject,
        code_name,
        code_name_words: rows
            .code_name
            .iter()
            .flat_map(|r| r.words.iter().cloned())
            .collect(),
        entries,
        phrases,
        prefilter: regex(if pre.is_empty() { never } else { &prefilter })?,
        field_prefilter: regex(&if field_words.is_empty() {
            never.to_string()
        } else {
            format!(r"^(?i:{})", field_words.join("|"))
        })?,
        any_review_type: regex(&if all_phrases.is_empty() {
            never.to_string()
        } else {
            format!(r"(?-u:\b)(?:{})(?-u:\b)", all_phrases.join("|"))
        })?,
    })
}

/// Runs each row's examples and counter-examples through `g`.
pub fn check(g: &Grammar, rows: &Rows, file: &str) -> Result<(), GrammarError> {
    let fail = |table: &str, case: &str, what: &str| {
        Err(err(format!("{file}: [[{table}]] {what}: {case:?}")))
    };
    let label_kind_of =
        |line: &str| crate::segment::labels::parse(g, line).map(|l| (l.kind, l.bare));
    for r in &rows.item {
        let k = label_kind(&r.kind)?;
        for e in &r.examples {
            if label_kind_of(e) != Some((k, false)) {
                return fail(
                    "item",
                    e,
                    &format!("example is not read as a {} label", r.kind),
                );
            }
        }
        for n in &r.not {
            if label_kind_of(n) == Some((k, false)) {
                return fail(
                    "item",
                    n,
                    &format!("counter-example is read as a {} label", r.kind),
                );
            }
        }
    }
    for r in &rows.heading {
        let k = label_kind(&r.kind)?;
        for e in &r.examples {
            if label_kind_of(e) != Some((k, true)) {
                return fail(
                    "heading",
                    e,
                    &format!("example is not read as a {} heading", r.kind),
                );
            }
        }
        for n in &r.not {
            if label_kind_of(n) == Some((k, true)) {
                return fail(
                    "heading",
                    n,
                    &format!("counter-example is read as a {} heading", r.kind),
                );
            }
        }
    }
    for r in &rows.section {
        let k = label_kind(r.kind.as_deref().unwrap_or(""))?;
        for e in &r.examples {
            if label_kind_of(e).map(|x| x.0) != Some(k) {
                return fail("section", e, "example is not read as this section");
            }
        }
        for n in &r.not {
            if label_kind_of(n).map(|x| x.0) == Some(k) {
                return fail("section", n, "counter-example is read as this section");
            }
        }
    }
    for r in &rows.field {
        let k = field_kind(&r.kind)?;
        for e in &r.examples {
            if g.field(e).map(|f| f.0) != Some(k) {
                return fail(
                    "field",
                    e,
                    &format!("example is not read as a {} field", r.kind),
                );
            }
        }
        for n in &r.not {
            if g.field(n).map(|f| f.0) == Some(k) {
                return fail(
                    "field",
                    n,
                    &format!("counter-example is read as a {} field", r.kind),
                );
            }
        }
    }
    for r in &rows.review_type {
        for e in &r.examples {
            if g.review_type(e) != Some(r.code.as_str()) {
                return fail(
                    "review_type",
                    e,
                    &format!("example is not read as {}", r.code),
                );
            }
        }
        for n in &r.not {
            if g.review_type(n) == Some(r.code.as_str()) {
                return fail(
                    "review_type",
                    n,
                    &format!("counter-example is read as {}", r.code),
                );
            }
        }
    }
    for r in &rows.acronym {
        for e in &r.examples {
            if crate::segment::front::find_partnership(g, e).is_none() {
                return fail("acronym", e, "example names no partnership");
            }
        }
        for n in &r.not {
            if crate::segment::front::find_partnership(g, n).is_some() {
                return fail("acronym", n, "counter-example names a partnership");
            }
        }
    }
    for r in &rows.subject {
        let titled = r.kind.as_deref() == Some("titled");
        let reads = |s: &str| {
            if titled {
                g.is_titled_subject(s)
            } else {
                g.is_subject(s)
            }
        };
        for e in &r.examples {
            if !reads(e) {
                return fail("subject", e, "example is not read as a subject");
            }
        }
        for n in &r.not {
            if reads(n) {
                return fail("subject", n, "counter-example is read as a subject");
            }
        }
    }
    for r in &rows.not_subject {
        for e in &r.examples {
            if g.is_subject(e) {
                return fail("not_subject", e, "example is still read as a subject");
            }
        }
        for n in &r.not {
            if !g.is_subject(n) {
                return fail("not_subject", n, "counter-example is not read as a subject");
            }
        }
    }
    for r in &rows.code_name {
        for e in &r.examples {
            if g.code_name.find(e).is_none_or(|m| m.as_str() != e.as_str()) {
                return fail("code_name", e, "example is not read whole as a code name");
            }
        }
        for n in &r.not {
            if g.code_name.is_match(n) {
                return fail("code_name", n, "counter-example holds a code name");
            }
        }
    }
    for r in &rows.entry {
        for e in &r.examples {
            if g.entry(e).is_none() {
                return fail("entry", e, "example is not read as a listing entry");
            }
        }
        for n in &r.not {
            if g.entry(n).is_some() {
                return fail("entry", n, "counter-example is read as a listing entry");
            }
        }
    }
    for r in &rows.phrase {
        let k = phrase_kind(&r.kind)?;
        // A deadline's words are read where a text ends, before its date.
        let has = |t: &str| {
            if k == PhraseKind::Deadline {
                g.ends_with_phrase(k, t)
            } else if k == PhraseKind::Resource {
                g.is_resource_line(t)
            } else if k == PhraseKind::NoArea {
                crate::segment::uid::area_name(g, t).is_none()
            } else if k == PhraseKind::Body {
                crate::segment::uid::area_name(g, t).is_some_and(|a| a != t)
            } else {
                g.has_phrase(k, t)
            }
        };
        for e in &r.examples {
            if !has(e) {
                return fail("phrase", e, "example holds none of the phrases");
            }
        }
        for n in &r.not {
            if has(n) {
                return fail("phrase", n, "counter-example holds one of the phrases");
            }
        }
    }
    Ok(())
}
