//! Web briefings: one review per briefing on the page, each with its
//! published date, story, numbered lessons and links.

use regex::Regex;
use std::sync::LazyLock;

use super::{Family, Score};
use crate::model::{DocumentType, Item, Link, Review};
use crate::segment::Segmented;
use crate::segment::dates::find_date;
use crate::segment::front::{clean_subject, commissioned_year, subject_from_title};
use crate::segment::grammar::Grammar;
use crate::segment::numbered::read_points;
use crate::segment::outline::Outline;
use crate::segment::pieces::TextPiece;
use crate::segment::text::{ends_sentence, join_lines};

/// A web briefing: one or several reviews on a page, each with its date,
/// story, numbered lessons and links.
pub struct WebBriefing;

impl Family for WebBriefing {
    fn kind(&self) -> DocumentType {
        DocumentType::Briefing
    }

    fn score(&self, o: &Outline) -> Option<Score> {
        let anchors: Vec<Anchor> = o.texts.iter().filter_map(|p| anchor(o.g, p)).collect();
        let lessons_from = anchors
            .iter()
            .filter(|a| matches!(a, Anchor::Lessons(_)))
            .count();
        let dated = anchors
            .iter()
            .filter(|a| matches!(a, Anchor::Published(..)))
            .count();
        if lessons_from + dated == 0 {
            return None;
        }
        let value = 0.55 + 0.15 * lessons_from.min(2) as f32 + 0.05 * dated.min(2) as f32;
        Some(Score::new(
            value,
            format!(
                "{lessons_from} \"lessons to be learned from\" headings, {dated} dated review headings"
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let mut s = Segmented::new(DocumentType::Briefing);
        s.reviews = segment(o.g, &o.texts);
        s.title = o
            .texts
            .iter()
            .zip(&o.joined)
            .find(|(p, _)| p.heading == Some(1))
            .map(|(_, t)| t.clone())
            .or_else(|| o.joined.first().cloned());
        if s.reviews.len() == 1 {
            s.published = s.reviews[0].published.clone();
        }
        s
    }
}

static LESSONS_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:key\s+)?(?:lessons?\s+(?:(?:to\s+be\s+|we\s+have\s+)?(?:learn(?:ed|t)|identified)\s+)?|learning(?:\s+points)?\s+(?:to\s+be\s+|we\s+have\s+)?(?:learn(?:ed|t)|identified)\s+)from\s+(?:the\s+)?(?P<subject>.+?)\s*[:.]?$")
        .expect("lessons pattern")
});
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<subject>.{1,60}?)\s*[(\[]\s*published:?\s*(?:on\s+)?(?P<date>[^)\]]+)[)\]]",
    )
    .expect("published pattern")
});
static STORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?P<subject>.{1,40}?)['’]s\s+story|the\s+story|(?:case\s+)?summary|background(?:\s+to\s+the\s+case)?)\s*:?$")
        .expect("story pattern")
});

/// What marks a briefing.
#[derive(Debug, Clone, PartialEq)]
enum Anchor {
    /// "Lessons to be learned from X".
    Lessons(String),
    /// "X (published 15 May 2020)".
    Published(String, Option<String>),
    /// "Learning from Serious Case Review X" as a heading or short line.
    Title(String),
}

impl Anchor {
    fn subject(&self) -> &str {
        match self {
            Anchor::Lessons(s) | Anchor::Published(s, _) | Anchor::Title(s) => s,
        }
    }
}

fn anchor(g: &Grammar, piece: &TextPiece) -> Option<Anchor> {
    // Joining keeps every visible character but one hyphen per line, so a
    // piece with more than that is too long to be an anchor: skip the join.
    let visible: usize = piece
        .lines
        .iter()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if visible > 160 + piece.lines.len() {
        return None;
    }
    let text = join_lines(&piece.lines);
    if text.len() > 160 {
        return None;
    }
    if let Some(c) = LESSONS_FROM.captures(&text) {
        // "Lessons learned from the Serious Case Review regarding Tom": the
        // review's type, from the grammar, and the joining word go.
        let named = &c["subject"];
        let subject = subject_from_title(g, named).or_else(|| clean_subject(named));
        return subject.map(Anchor::Lessons);
    }
    if let Some(c) = PUBLISHED.captures(&text) {
        let subject = clean_subject(&c["subject"])?;
        return Some(Anchor::Published(subject, find_date(&c["date"])));
    }
    if piece.heading.is_some() && g.review_type(&text).is_some() {
        // Document names ("Serious Case Review: Overview Report") are links,
        // not children.
        return subject_from_title(g, &text)
            .filter(|s| {
                let l = s.to_lowercase();
                !["report", "response", "briefing", "summary", "learning"]
                    .iter()
                    .any(|w| l.contains(w))
            })
            .map(Anchor::Title);
    }
    None
}

fn same_subject(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_lowercase().trim_start_matches("child ").to_string();
    norm(a) == norm(b)
}

/// Splits the page into reviews at the first anchor of each new subject.
pub fn segment(g: &Grammar, pieces: &[TextPiece]) -> Vec<Review> {
    let anchors: Vec<(usize, Anchor)> = pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| anchor(g, p).map(|a| (i, a)))
        .collect();
    let mut starts: Vec<(usize, String)> = Vec::new();
    for (i, a) in &anchors {
        if !starts.iter().any(|(_, s)| same_subject(s, a.subject())) {
            starts.push((*i, a.subject().to_string()));
        }
    }
    let mut reviews = Vec::new();
    for (k, (start, subject)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(pieces.len(), |(s, _)| *s);
        let region = &pieces[*start..end];
        let region_anchors: Vec<&(usize, Anchor)> = anchors
            .iter()
            .filter(|(i, _)| (*start..end).contains(i))
            .collect();
        reviews.push(review(g, subject, region, *start, &region_anchors));
    }
    reviews
}

fn review(
    g: &Grammar,
    subject: &str,
    region: &[TextPiece],
    offset: usize,
    anchors: &[&(usize, Anchor)],
) -> Review {
    let mut r = Review {
        subject: subject.to_string(),
        ..Review::default()
    };
    for (_, a) in anchors {
        if let Anchor::Published(_, Some(date)) = a {
            r.published.get_or_insert_with(|| date.clone());
        }
    }
    let texts: Vec<String> = region.iter().map(|p| join_lines(&p.lines)).collect();
    r.commissioned = texts.iter().find_map(|t| commissioned_year(t));
    r.review_type = texts
        .iter()
        .filter(|t| t.len() < 400)
        .find_map(|t| g.review_type(t))
        .map(str::to_string);
    r.summary = story(g, region);
    for (i, _) in anchors
        .iter()
        .filter(|(_, a)| matches!(a, Anchor::Lessons(_)))
    {
        r.lessons = lessons(&region[i - offset + 1..]);
        if !r.lessons.is_empty() {
            break;
        }
    }
    r.links = document_links(region.iter().flat_map(|p| &p.links));
    r
}

/// The links among `links` that lead to a review's documents.
pub fn document_links<'a>(links: impl Iterator<Item = &'a crate::block::Link>) -> Vec<Link> {
    links
        .filter(|l| is_document_link(&l.href, &l.title))
        .map(|l| Link {
            title: l.title.clone(),
            href: l.href.clone(),
        })
        .collect()
}

/// Numbered lessons; an unnumbered list counts its items from 1.
fn lessons(after: &[TextPiece]) -> Vec<Item> {
    let (items, _) = read_points(after, 1);
    if !items.is_empty() {
        return items;
    }
    let mut out: Vec<Item> = Vec::new();
    for p in after {
        match p.list {
            Some((0, _)) => out.push(Item {
                text: join_lines(&p.lines),
                ..Item::default()
            }),
            Some(_) => {
                if let Some(last) = out.last_mut() {
                    last.points.push(join_lines(&p.lines));
                }
            }
            None if out.is_empty() => continue,
            None => break,
        }
    }
    out
}

/// Paragraphs under "X's Story" up to the next heading or heading-like line.
pub(crate) fn story(g: &Grammar, region: &[TextPiece]) -> Option<String> {
    let start = region
        .iter()
        .position(|p| STORY.is_match(&join_lines(&p.lines)))?;
    let mut paras = Vec::new();
    for p in &region[start + 1..] {
        let t = join_lines(&p.lines);
        let heading_like = p.heading.is_some() || (t.len() <= 80 && !ends_sentence(&t));
        if heading_like || anchor(g, p).is_some() || p.list.is_some() {
            break;
        }
        paras.push(t);
    }
    (!paras.is_empty()).then(|| paras.join("\n\n"))
}

/// Links to a review's documents: PDFs, or anchors naming a report.
pub fn is_document_link(href: &str, title: &str) -> bool {
    let h = href.to_lowercase();
    let path = h.split(['?', '#']).next().unwrap_or("");
    let t = title.to_lowercase();
    path.ends_with(".pdf")
        || path.ends_with(".docx")
        || ["report", "response", "review", "briefing"]
            .iter()
            .any(|w| t.contains(w))
            && !h.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> TextPiece {
        TextPiece {
            lines: vec![text.to_string()],
            ..TextPiece::default()
        }
    }
    fn li(text: &str, level: u8, n: Option<u32>) -> TextPiece {
        TextPiece {
            list: Some((level, n)),
            ..p(text)
        }
    }

    #[test]
    fn two_briefings_on_one_page() {
        let mut link = p("Read the report");
        link.links = vec![crate::block::Link {
            title: "Tom SCR report".into(),
            href: "/docs/tom.pdf".into(),
        }];
        let pieces = vec![
            p("Learning from Serious Case Review Tom"),
            p("Tom (published 3 March 2021)"),
            p("The Fenmoor LSCB commissioned a Serious Case Review (SCR) regarding Tom in 2019."),
            p("Tom's Story"),
            p("Tom lived with his father."),
            p("Lessons to be learned from Tom"),
            li("First lesson.", 0, Some(1)),
            li("a sub point", 1, None),
            li("Second lesson.", 0, Some(2)),
            link,
            p("Child B (published 1 June 2022)"),
            p("Lessons to be learned from Child B"),
            li("Only lesson.", 0, Some(1)),
        ];
        let g = Grammar::built_in();
        assert!(pieces.iter().any(|p| anchor(&g, p).is_some()));
        let rs = segment(&g, &pieces);
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].subject, "Tom");
        assert_eq!(rs[0].published.as_deref(), Some("2021-03-03"));
        assert_eq!(rs[0].commissioned.as_deref(), Some("2019"));
        assert_eq!(rs[0].review_type.as_deref(), Some("SCR"));
        assert_eq!(rs[0].summary.as_deref(), Some("Tom lived with his father."));
        assert_eq!(rs[0].lessons.len(), 2);
        assert_eq!(rs[0].lessons[0].points, ["a sub point"]);
        assert_eq!(rs[0].links.len(), 1);
        assert_eq!(rs[1].subject, "Child B");
        assert_eq!(rs[1].lessons[0].number, Some(1));
    }
}
