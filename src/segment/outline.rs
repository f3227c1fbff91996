//! The outline of one document, built once: what every family reads.
//!
//! Sections come from headings (HTML tags; in PDFs size and weight, as
//! layout judged them), lists from list items, labelled paragraphs from the
//! grammar's fields (`Label: text`, or a label alone on its line such as a
//! bold run-in), tables from cells, and the links. The two streams the
//! older rules were written against are kept too: paragraphs with list and
//! heading hints, and the label stream of response documents.

use std::collections::BTreeMap;

use super::grammar::{FieldKind, Grammar};
use super::pieces::{Piece, TextPiece, pieces, text_pieces};
use super::table::{self, Cell};
use super::text::{ends_sentence, join_lines};
use crate::block::{Block, Link, Role};

/// A labelled paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Index into [`Outline::texts`].
    pub at: usize,
    /// What it holds.
    pub kind: FieldKind,
    /// Its text without the label; empty when the label stands alone and
    /// its text follows in the next paragraphs.
    pub text: String,
}

/// A heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Index into [`Outline::texts`].
    pub at: usize,
    /// 1 is the most important.
    pub level: u8,
    /// Its text, lines joined.
    pub text: String,
}

/// The outline of one document.
pub struct Outline<'a> {
    /// The grammar it was read with.
    pub g: &'a Grammar,
    /// The blocks, normalised.
    pub blocks: &'a [Block],
    /// The metadata title, if any.
    pub title_hint: Option<&'a str>,
    /// Paragraphs in reading order with list and heading hints.
    pub texts: Vec<TextPiece>,
    /// Each paragraph's lines joined.
    pub joined: Vec<String>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// Labelled paragraphs, in order.
    pub fields: Vec<Field>,
    /// Tables by index, cells in row-major order.
    pub tables: BTreeMap<u32, Vec<Cell<'a>>>,
    /// Tables that are dissemination plans (read as rows, not as text).
    pub data_tables: Vec<u32>,
    /// The label stream: blocks in reading order with data tables taken
    /// out and other tables read column by column.
    pub labels: Vec<Piece>,
    /// Every link.
    pub links: Vec<Link>,
    /// Review-type phrases in the whole text.
    pub review_mentions: usize,
    /// Words in the whole text.
    pub words: usize,
}

impl<'a> Outline<'a> {
    /// Builds the outline.
    pub fn new(g: &'a Grammar, blocks: &'a [Block], title_hint: Option<&'a str>) -> Self {
        let texts = split_at_fields(g, text_pieces(blocks));
        let joined: Vec<String> = texts.iter().map(|p| join_lines(&p.lines)).collect();
        let headings = texts
            .iter()
            .zip(&joined)
            .enumerate()
            .filter_map(|(at, (p, t))| {
                p.heading.map(|level| Heading {
                    at,
                    level,
                    text: t.clone(),
                })
            })
            .collect();
        let fields = texts
            .iter()
            .enumerate()
            .filter_map(|(at, p)| field(g, at, p))
            .collect();
        let tables = table::tables(blocks);
        let data_tables = tables
            .iter()
            .filter(|(_, cells)| table::dissemination_columns(cells).is_some())
            .map(|(t, _)| *t)
            .collect::<Vec<_>>();
        let labels = pieces(g, stream(blocks, &tables, &data_tables));
        let links = blocks
            .iter()
            .flat_map(|b| b.links.iter().cloned())
            .collect();
        let review_mentions = joined.iter().map(|t| g.count_review_phrases(t)).sum();
        let words = joined.iter().map(|t| t.split_whitespace().count()).sum();
        Outline {
            g,
            blocks,
            title_hint,
            texts,
            joined,
            headings,
            fields,
            tables,
            data_tables,
            labels,
            links,
            review_mentions,
            words,
        }
    }

    /// The document's title: its first top-level heading, else its first
    /// heading, else its first paragraph.
    pub fn title(&self) -> Option<String> {
        let top = self.headings.iter().map(|h| h.level).min();
        self.headings
            .iter()
            .find(|h| Some(h.level) == top && h.at < 12)
            .or(self.headings.first())
            .map(|h| h.text.clone())
            .or_else(|| self.joined.first().cloned())
    }
}

/// A paragraph opening with a field label: "Learning: text" on its first
/// line, or the label alone on its first line (a bold run-in, or a label
/// printed above its text).
fn field(g: &Grammar, at: usize, p: &TextPiece) -> Option<Field> {
    if p.list.is_some() {
        return None;
    }
    let first = p.lines.first()?;
    let (kind, rest) = g.field(first)?;
    let text = if kind == FieldKind::Keywords {
        keyword_lines(&rest, &p.lines[1..])
    } else if p.lines.len() > 1 {
        let tail = join_lines(&p.lines[1..]);
        if rest.is_empty() {
            tail
        } else {
            join_lines(&[rest, tail])
        }
    } else {
        rest
    };
    Some(Field { at, kind, text })
}

/// A keyword list: its first line, and the next ones only while the list
/// visibly goes on; what follows in the block (a link to the report,
/// a page footer) is not a keyword.
fn keyword_lines(rest: &str, more: &[String]) -> String {
    let mut lines: Vec<&str> = Vec::new();
    if !rest.is_empty() {
        lines.push(rest);
    }
    for l in more {
        // A line ending with a separator goes on, and so does a keyword
        // wrapped mid-phrase (the next line starts in lower case).
        let goes_on = lines.last().is_none_or(|last| {
            last.trim_end().ends_with([',', ';']) || l.starts_with(char::is_lowercase)
        });
        if !goes_on {
            break;
        }
        lines.push(l);
    }
    join_lines(&lines)
}

/// Splits a paragraph where a line opens a labelled paragraph ("Learning:
/// …") after a finished sentence: printed pages often set an entry's
/// labelled paragraphs with no gap between them, so layout gives one block.
fn split_at_fields(g: &Grammar, texts: Vec<TextPiece>) -> Vec<TextPiece> {
    let mut out = Vec::with_capacity(texts.len());
    for p in texts {
        if p.list.is_some() || p.heading.is_some() || p.lines.len() < 2 {
            out.push(p);
            continue;
        }
        let mut cur = TextPiece {
            lines: Vec::new(),
            ..p.clone()
        };
        for (i, line) in p.lines.iter().enumerate() {
            let opens = i > 0
                && ends_sentence(&p.lines[i - 1])
                && g.field(line).is_some_and(|(_, rest)| !rest.is_empty());
            if opens && !cur.lines.is_empty() {
                let next = TextPiece {
                    lines: Vec::new(),
                    links: Vec::new(),
                    ..cur.clone()
                };
                out.push(std::mem::replace(&mut cur, next));
            }
            cur.lines.push(line.clone());
        }
        out.push(cur);
    }
    out
}

/// Blocks in reading order with data tables taken out and other tables
/// (side-by-side theme columns) read column by column.
fn stream<'a>(
    blocks: &'a [Block],
    tables: &BTreeMap<u32, Vec<Cell<'a>>>,
    data_tables: &[u32],
) -> Vec<&'a Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut done: Vec<u32> = Vec::new();
    for b in blocks {
        match b.role {
            Role::Cell { table: t, .. } => {
                if data_tables.contains(&t) || done.contains(&t) {
                    continue;
                }
                done.push(t);
                if let Some(cells) = tables.get(&t) {
                    out.extend(table::column_major(cells));
                }
            }
            _ => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_paragraphs_set_without_a_gap_are_split() {
        let g = Grammar::built_in();
        let blocks = vec![Block::paragraph(
            "Background: The child lived with\nher father.\nLearning: share plans early; record the\nchild’s words.\nKeywords: neglect, housing",
        )];
        let o = Outline::new(&g, &blocks, None);
        let kinds: Vec<FieldKind> = o.fields.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FieldKind::Background,
                FieldKind::Lesson,
                FieldKind::Keywords
            ]
        );
        assert_eq!(
            o.fields[1].text,
            "share plans early; record the child’s words."
        );
    }
}
