//! The rows of a grammar file, as written.

use serde::Deserialize;

use super::compile::GrammarError;

/// One file's rows, table by table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rows {
    #[serde(default)]
    pub item: Vec<ItemRow>,
    #[serde(default)]
    pub heading: Vec<SpellingRow>,
    #[serde(default)]
    pub section: Vec<PatternRow>,
    #[serde(default)]
    pub field: Vec<SpellingRow>,
    #[serde(default)]
    pub review_type: Vec<ReviewTypeRow>,
    #[serde(default)]
    pub acronym: Vec<AcronymRow>,
    #[serde(default)]
    pub subject: Vec<PatternRow>,
    #[serde(default)]
    pub not_subject: Vec<WordsRow>,
    #[serde(default)]
    pub code_name: Vec<WordsRow>,
    #[serde(default)]
    pub entry: Vec<PatternRow>,
    #[serde(default)]
    pub phrase: Vec<PhraseRow>,
}

/// An item label: its kind, numbering and spellings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRow {
    pub kind: String,
    pub numbering: String,
    pub spellings: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// A kind and its spellings (headings, fields).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingRow {
    pub kind: String,
    pub spellings: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// A pattern (sections, subjects, entries); `kind` where the table has
/// kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRow {
    #[serde(default)]
    pub kind: Option<String>,
    pub pattern: String,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// A review type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTypeRow {
    pub code: String,
    pub phrases: Vec<String>,
    /// A review of adults (a domestic homicide review), not of a child.
    #[serde(default)]
    pub adult: bool,
    /// Acronyms read in capitals only ("CPR" names a review; "cpr" is
    /// first aid).
    #[serde(default)]
    pub acronyms: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// Partnership acronyms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcronymRow {
    pub acronyms: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// A list of words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsRow {
    pub words: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

/// Boilerplate phrases of one kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseRow {
    pub kind: String,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

impl Rows {
    /// The table of the first row that carries no examples.
    pub fn first_without_examples(&self) -> Option<&'static str> {
        let empty = |e: &Vec<String>| e.is_empty();
        if self.item.iter().any(|r| empty(&r.examples)) {
            return Some("item");
        }
        if self.heading.iter().any(|r| empty(&r.examples)) {
            return Some("heading");
        }
        if self.section.iter().any(|r| empty(&r.examples)) {
            return Some("section");
        }
        if self.field.iter().any(|r| empty(&r.examples)) {
            return Some("field");
        }
        if self.review_type.iter().any(|r| empty(&r.examples)) {
            return Some("review_type");
        }
        if self.acronym.iter().any(|r| empty(&r.examples)) {
            return Some("acronym");
        }
        if self.subject.iter().any(|r| empty(&r.examples)) {
            return Some("subject");
        }
        if self.not_subject.iter().any(|r| empty(&r.examples)) {
            return Some("not_subject");
        }
        if self.code_name.iter().any(|r| empty(&r.examples)) {
            return Some("code_name");
        }
        if self.entry.iter().any(|r| empty(&r.examples)) {
            return Some("entry");
        }
        if self.phrase.iter().any(|r| empty(&r.examples)) {
            return Some("phrase");
        }
        None
    }

    /// Parses one file.
    pub fn parse(name: &str, text: &str) -> Result<Rows, GrammarError> {
        toml::from_str(text).map_err(|e| GrammarError(format!("{name}: {e}")))
    }

    /// Appends another file's rows after these.
    pub fn extend(&mut self, other: Rows) {
        self.item.extend(other.item);
        self.heading.extend(other.heading);
        self.section.extend(other.section);
        self.field.extend(other.field);
        self.review_type.extend(other.review_type);
        self.acronym.extend(other.acronym);
        self.subject.extend(other.subject);
        self.not_subject.extend(other.not_subject);
        self.code_name.extend(other.code_name);
        self.entry.extend(other.entry);
        self.phrase.extend(other.phrase);
    }
}
