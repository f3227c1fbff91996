//! The label grammar as data: label spellings, review types, partnership
//! acronyms, subject forms, listing headings and boilerplate phrases.
//!
//! The rows live in the TOML files beside this module, compiled into the
//! binary; `--grammar FILE` adds rows at run time. Every row carries
//! `examples` it must read and `not` cases it must leave alone: the tests
//! run the built-in rows, and [`Grammar::with_extra`] runs an added file's
//! rows before accepting it, so a mistyped pattern is reported at once
//! instead of silently reading nothing.

mod compile;
mod query;
mod rows;

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

pub use compile::GrammarError;
pub use query::Entry;

/// The built-in rows.
const BUILT_IN: [(&str, &str); 3] = [
    ("labels.toml", include_str!("labels.toml")),
    ("identity.toml", include_str!("identity.toml")),
    ("boilerplate.toml", include_str!("boilerplate.toml")),
];

/// Kind of a structural label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// What a labelled paragraph ("Learning: …") holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// The story or background of the review.
    Background,
    /// Learning.
    Lesson,
    /// Recommendations.
    Recommendation,
    /// Findings or key issues.
    Finding,
    /// A list of keywords.
    Keywords,
    /// A label whose text is not extracted (model, author).
    Ignore,
}

/// What a boilerplate phrase says about a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseKind {
    /// E-mail bulletin furniture.
    Mailing,
    /// News page furniture.
    News,
    /// Words announcing a review's publication.
    Announce,
    /// Words naming one of a review's documents rather than the review
    /// ("Executive Summary", "Press Statement", "7 Minute Briefing").
    Document,
    /// Site furniture: cookie banners, footers, skip links.
    Site,
    /// Words saying a review was done or published ("published",
    /// "completed", "commissioned a").
    Reported,
    /// Words saying what a review examined or found ("examines", "has
    /// found that", "review into"): a paragraph with them tells a review's
    /// story; they also say a review was done.
    Describes,
    /// Words of events in a child's story ("died", "was born"): a date
    /// after them is not a publication date.
    Event,
    /// Words of a paragraph about the publisher, the page or an event of
    /// its own ("is a statutory partnership", "please select the links
    /// below"): such a paragraph never tells a review's story.
    Standing,
    /// Words right before a date that make it a deadline ("by November
    /// 2018", "no later than May"): not a publication date.
    Deadline,
    /// Words opening a line that points to a document or a resource
    /// ("Read the learning briefing …", "Use these slides …"): with a
    /// document word in the line it is a link to follow, not an item.
    Resource,
    /// Words of a review report's cover ("Overview Report", "Executive
    /// Summary", "Independent reviewer"): with numbered paragraphs or a
    /// contents page, the document is the review's own report.
    ReportCover,
    /// Words of a heading over the child's story ("Summary of the case",
    /// "The child's story", "Background"): its first paragraph is the
    /// review's summary.
    StoryHeading,
    /// Words of a partnership's or board's kind after its area's name
    /// ("Safeguarding", "Children", "Local"): the area is the words before
    /// the first of them ("Cumbria LSCB" and "Cumbria Safeguarding
    /// Children Partnership" are both Cumbria's).
    Body,
    /// Words a listing prints in place of an area it does not name
    /// ("Anonymous", "Not named"): no area.
    NoArea,
}

/// How an item label's number is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// A code and number ("G1.1", "CH3"): an id.
    Id,
    /// A plain number.
    Number,
}

/// A compiled item label rule.
#[derive(Debug)]
pub struct ItemRule {
    /// Which label.
    pub kind: LabelKind,
    /// Id or number.
    pub numbering: Numbering,
    /// The whole-line pattern.
    pub re: Regex,
}

/// A boilerplate phrase, lower case, with its searcher: set up once with
/// the grammar, not on every line asked about (`str::find` builds one per
/// call).
#[derive(Debug)]
pub struct Phrase {
    pub kind: PhraseKind,
    finder: memchr::memmem::Finder<'static>,
}

impl Phrase {
    pub(crate) fn new(kind: PhraseKind, text: &str) -> Self {
        let lower = text.to_lowercase();
        Phrase {
            kind,
            finder: memchr::memmem::Finder::new(lower.as_bytes()).into_owned(),
        }
    }

    /// The phrase, lower case (its bytes came from a `str`).
    pub fn text(&self) -> &str {
        std::str::from_utf8(self.finder.needle()).unwrap_or_default()
    }

    /// The phrase's length in bytes.
    pub(crate) fn byte_len(&self) -> usize {
        self.finder.needle().len()
    }

    /// Where the phrase first occurs in `lower`.
    pub(crate) fn find_in(&self, lower: &[u8]) -> Option<usize> {
        self.finder.find(lower)
    }
}

/// The compiled grammar.
#[derive(Debug)]
pub struct Grammar {
    /// Item labels with ids or numbers.
    pub items: Vec<ItemRule>,
    /// Bare headings opening unnumbered items, by their spelling in lower
    /// case with single spaces: a heading is one look-up, however many
    /// rows there are.
    pub headings: std::collections::HashMap<String, LabelKind>,
    /// Response section labels.
    pub sections: Vec<(LabelKind, Regex)>,

    /// Labelled paragraphs: the label with text after it.
    pub fields: Vec<(FieldKind, Regex)>,
    /// Labelled paragraphs: the label alone on its line.
    pub field_alone: Vec<(FieldKind, Regex)>,
    /// Review types: code and pattern.
    pub review_types: Vec<String>,
    /// The review types' patterns in the order of `review_types`, searched
    /// in one pass.
    pub review_type_set: regex::RegexSet,
    /// Partnership acronyms.
    pub acronyms: Vec<String>,
    /// An area's name before one of the acronyms.
    pub board: Regex,
    /// Subject forms.
    pub subjects: Vec<Regex>,
    /// Subject forms read only in a review's own title ("Serious Case
    /// Review: Firstname Surname"), where nothing else could be meant.
    pub titled_subjects: Vec<Regex>,
    /// Subject forms that are a review's own reference ("FSB 04/2022").
    pub references: Vec<Regex>,
    /// Codes of review types that review adults, not children.
    pub adult_types: Vec<String>,
    /// Words that are never a child's name (lower case).
    pub not_subject: HashSet<String>,
    /// A code name anywhere in a line ("Child Z", "Baby M", "Children A,
    /// B and C"), from the `code_name` rows.
    pub code_name: Regex,
    /// The words that open a code name ("Child", "Baby").
    pub code_name_words: Vec<String>,
    /// Listing entry headings.
    pub entries: Vec<Regex>,
    /// Boilerplate phrases.
    pub phrases: Vec<Phrase>,
    /// Matches any line that could open a label, heading or section: one
    /// automaton instead of each rule in turn on every line.
    pub prefilter: Regex,
    /// Matches any line that could open a labelled paragraph.
    pub field_prefilter: Regex,
    /// Finds any review-type phrase.
    pub any_review_type: Regex,
}

/// Ordinary prose no row may read as a review (see `check_added`).
const SENTINEL: &str = include_str!("sentinel.txt");

static BUILT: LazyLock<Arc<Grammar>> = LazyLock::new(|| {
    // The built-in rows are constants checked by the tests, like the
    // patterns of any static regex.
    Arc::new(Grammar::from_sources(&sources(&[])).expect("built-in grammar"))
});

/// Grammars with extra rows, by their text, so that a batch compiles each
/// once.
type Cache = Vec<(Vec<String>, Arc<Grammar>)>;
static EXTENDED: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Vec::new()));

fn sources(extra: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (i, t) in extra.iter().enumerate() {
        out.push((format!("--grammar file {}", i + 1), t.clone()));
    }
    out
}

impl Grammar {
    /// The built-in grammar.
    pub fn built_in() -> Arc<Grammar> {
        BUILT.clone()
    }

    /// The built-in grammar with the rows of `extra` (TOML texts) added.
    /// Added rows come before the built-in ones of their table, so that a
    /// data officer's spelling wins where both would match; every added
    /// row's examples are checked first.
    pub fn with_extra(extra: &[String]) -> Result<Arc<Grammar>, GrammarError> {
        if extra.is_empty() {
            return Ok(Self::built_in());
        }
        if let Ok(cache) = EXTENDED.lock()
            && let Some((_, g)) = cache.iter().find(|(k, _)| k.as_slice() == extra)
        {
            return Ok(g.clone());
        }
        let g = Arc::new(Grammar::from_sources(&sources(extra))?);
        let added = &sources(extra)[BUILT_IN.len()..];
        g.check_rows(added)?;
        g.check_added(added)?;
        if let Ok(mut cache) = EXTENDED.lock() {
            cache.push((extra.to_vec(), g.clone()));
        }
        Ok(g)
    }

    fn from_sources(sources: &[(String, String)]) -> Result<Grammar, GrammarError> {
        let mut all = rows::Rows::default();
        // Later files (the data officer's) go first within each table.
        for (name, text) in sources.iter().rev() {
            all.extend(rows::Rows::parse(name, text)?);
        }
        compile::compile(&all)
    }

    /// Checks every row's examples and counter-examples in `sources`
    /// against this grammar.
    pub fn check_rows(&self, sources: &[(String, String)]) -> Result<(), GrammarError> {
        for (name, text) in sources {
            let rows = rows::Rows::parse(name, text)?;
            compile::check(self, &rows, name)?;
        }
        Ok(())
    }

    /// Refuses added rows that would make ordinary prose a review: a row
    /// without examples, or a grammar that reads a line of the sentinel
    /// text (`sentinel.txt`: lines that name no review, child or label) as
    /// a review type, a subject, a heading of items or a labelled item.
    pub(crate) fn check_added(&self, sources: &[(String, String)]) -> Result<(), GrammarError> {
        for (name, text) in sources {
            if let Some(table) = rows::Rows::parse(name, text)?.first_without_examples() {
                return Err(compile::err(format!(
                    "{name}: a [[{table}]] row has no examples: every row shows what it reads"
                )));
            }
        }
        // Measured against the built-in rows: an added row may not read
        // what they leave alone (the built-in subject forms take any
        // capitalised word, and lean on the text around it).
        let base = Self::built_in();
        for line in SENTINEL
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let reads = |g: &Grammar| {
                if g.any_review_type.is_match(line) {
                    Some("a review type")
                } else if g.is_subject(line) || g.code_name.is_match(line) {
                    Some("a child's name")
                } else if g.item_section(line).is_some()
                    || crate::segment::labels::parse(g, line).is_some()
                {
                    Some("a label of items")
                } else if g.field(line).is_some() {
                    Some("a labelled paragraph")
                } else {
                    None
                }
            };
            if let Some(what) = reads(self).filter(|_| reads(&base).is_none()) {
                let files: Vec<&str> = sources.iter().map(|(n, _)| n.as_str()).collect();
                return Err(compile::err(format!(
                    "{}: a row reads ordinary prose as {what}: {line:?}; rows must name what only reviews print",
                    files.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The rows compiled in, as (file name, text): for tests and for
    /// `scr-ingest grammar`.
    pub fn built_in_sources() -> Vec<(String, String)> {
        sources(&[])
    }
}

#[cfg(test)]
mod tests;
