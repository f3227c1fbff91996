//! Review reports and executive summaries: a cover that names the review,
//! often a contents page, decimal paragraph numbers ("4.12"), findings with
//! a title and paragraphs ("Finding 3: Assessments …"), learning points as
//! bullets, recommendations numbered 1, 2, 3a.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Family, Score};
use crate::model::{DocumentType, Item, Review};
use crate::segment::Segmented;
use crate::segment::front::find_partnership;
use crate::segment::grammar::{LabelKind, PhraseKind};
use crate::segment::labels;
use crate::segment::outline::Outline;
use crate::segment::text::ends_sentence;

/// The review report family.
pub struct Report;

/// How far into a document its cover and contents page reach.
const COVER: usize = 40;

/// A contents line: words, then dot leaders or a gap, then a page number
/// ("4. Findings ........ 12", "Appendix 1   31").
static CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.{1,100}?\s*[.·…_]{3,}\s*\d{1,3}|(?:\d{1,2}(?:\.\d{1,2})*\.?|Appendix\s+\w{1,3}:?|Part\s+\w{1,3}:?)\s+\D.{0,100}?\s+\d{1,3})$")
        .expect("contents pattern")
});

/// A footnote mark after a word's punctuation ("over time.46 The …").
static FOOTNOTE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{L}[.,;:!?’”\)])\d{1,3}(\s|$)").expect("footnote mark pattern")
});

/// A number with a letter ("4a"), for a label the grammar reads by number.
static LETTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([a-z])\b").expect("lettered pattern"));

/// A heading's section number ("4.", "4.2", "B.", "IV.").
static HEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+")
        .expect("heading number pattern")
});

/// A recommendation's printed number, with a letter where the report
/// divides one ("3a", "3(b)", "12.").
static REC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:\s*\(?([a-z])\))?([a-z])?[.):]?\s+(\S.*)$")
        .expect("rec number pattern")
});

impl Family for Report {
    fn kind(&self) -> DocumentType {
        DocumentType::Report
    }

    fn score(&self, o: &Outline) -> Option<Score> {
        let g = o.g;
        let cover = o
            .joined
            .iter()
            .take(COVER)
            .any(|t| t.len() < 160 && g.has_phrase(PhraseKind::ReportCover, t));
        // Every document is scored: the rest is read only under a cover.
        if !cover {
            return None;
        }
        let prose: Vec<&String> = o
            .texts
            .iter()
            .zip(&o.joined)
            .filter(|(p, t)| p.heading.is_none() && t.len() > 60)
            .map(|(_, t)| t)
            .collect();
        let numbered = prose
            .iter()
            .filter(|t| crate::segment::text::paragraph_number(t).is_some())
            .count();
        let share = if prose.is_empty() {
            0.0
        } else {
            numbered as f32 / prose.len() as f32
        };
        let contents = contents(o).len();
        let (findings, recs) = labelled(o);
        // The document calls itself a report on a line of its own
        // ("Executive Summary", "Overview Report").
        let titled = o
            .texts
            .iter()
            .take(COVER)
            .flat_map(|p| p.lines.iter())
            .any(|l| g.is_phrase(PhraseKind::ReportCover, l));
        let sections = o
            .headings
            .iter()
            .filter(|h| g.item_section(section_words(&h.text)).is_some())
            .count();
        if share < 0.25 && contents < 3 && findings + recs == 0 && sections == 0 {
            return None;
        }
        let mut value = if titled { 0.45 } else { 0.3 };
        if share >= 0.25 {
            value += 0.25;
        }
        if contents >= 3 {
            value += 0.15;
        }
        if findings + recs > 0 || sections > 0 {
            value += 0.2;
        }
        if o.words > 2_500 {
            value += 0.1;
        }
        // The cover's own name for the document ("Executive Summary") and
        // its labels ("Finding 2", "Recommendation 4") agree: an
        // executive summary, unnumbered and with no contents page, is
        // still a report and not a learning brief that happens to have a
        // cover.
        if titled && findings + recs > 0 {
            value += 0.15;
        }
        Some(Score::new(
            value,
            format!(
                "report cover{}; {numbered} of {} paragraphs numbered; {contents} contents lines; {findings} findings and {recs} recommendations labelled",
                if titled { " titled as a report" } else { "" },
                prose.len()
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let g = o.g;
        let mut s = Segmented::new(DocumentType::Report);
        s.title = o.title();
        let skip = contents(o);
        s.published = cover_date(o, &skip);
        let mut r = Review {
            review_type: o
                .joined
                .iter()
                .take(COVER)
                .find_map(|t| g.review_type(t))
                .map(str::to_string),
            ..Review::default()
        };
        read_items(o, &skip, &mut r);
        r.summary = story(o, &skip);
        s.partnership = o
            .joined
            .iter()
            .take(COVER)
            .find_map(|t| find_partnership(g, t));
        s.reviews.push(r);
        s
    }
}

/// A heading's words without its section number.
fn section_words(heading: &str) -> &str {
    let h = heading.trim();
    HEADING_NUMBER.find(h).map_or(h, |m| &h[m.end()..])
}

/// The child's story: the first paragraph under a heading the grammar
/// names a story ("Summary of the case", "The child's story").
fn story(o: &Outline, skip: &HashSet<usize>) -> Option<String> {
    let at = o.headings.iter().find(|h| {
        !skip.contains(&h.at)
            && section_words(&h.text).split_whitespace().count() <= 6
            && o.g
                .has_phrase(PhraseKind::StoryHeading, section_words(&h.text))
    })?;
    (at.at + 1..o.joined.len())
        .take_while(|&i| o.texts[i].heading.is_none())
        .find(|&i| o.texts[i].list.is_none() && o.joined[i].split_whitespace().count() >= 8)
        .map(|i| {
            crate::segment::text::without_paragraph_number(&o.joined[i])
                .trim()
                .to_string()
        })
}

/// The paragraphs of the contents page: lines ending in a page number,
/// in a run of three or more near the start (a map of the sections, never
/// items).
fn contents(o: &Outline) -> HashSet<usize> {
    let limit = (o.joined.len() / 4).max(COVER).min(o.joined.len());
    let line = |t: &str| {
        let t = t.trim();
        t.split_whitespace().count() <= 16 && CONTENTS_LINE.is_match(t)
    };
    // A contents page set as one block is a contents line per line.
    let is_line = |i: usize| {
        let lines = &o.texts[i].lines;
        if lines.len() >= 3 {
            lines.iter().all(|l| line(l))
        } else {
            line(&o.joined[i])
        }
    };
    let mut out = HashSet::new();
    let mut run: Vec<usize> = Vec::new();
    for i in 0..limit {
        if is_line(i) {
            run.push(i);
        } else if o.texts[i].heading.is_some() && run.is_empty() {
            continue;
        } else {
            if run.len() >= 3 {
                out.extend(run.iter().copied());
            }
            run.clear();
        }
    }
    if run.len() >= 3 {
        out.extend(run);
    }
    out
}

/// The publication date the cover gives: a date line before the contents
/// page or the first numbered section (never the chronology's first date).
fn cover_date(o: &Outline, contents: &HashSet<usize>) -> Option<String> {
    let end = contents
        .iter()
        .min()
        .copied()
        .unwrap_or(COVER)
        .min(COVER)
        .min(o.joined.len());
    let lines = || {
        (0..end)
            .flat_map(|i| o.texts[i].lines.iter())
            .map(String::as_str)
            .filter(|t| t.split_whitespace().count() <= 12)
    };
    // "Published: …" before any other date of the cover ("Report
    // completed: …").
    lines()
        .filter(|t| t.to_lowercase().contains("publi"))
        .find_map(crate::segment::dates::find_date)
        .or_else(|| lines().find_map(crate::segment::dates::find_date))
}

/// Findings and recommendations with labels ("Finding 2", "Recommendation
/// 4"), for the score.
fn labelled(o: &Outline) -> (usize, usize) {
    let mut f = 0;
    let mut r = 0;
    for t in &o.joined {
        let t = crate::segment::text::without_paragraph_number(t);
        match labels::parse(o.g, t) {
            Some(l) if l.kind == LabelKind::Finding && !l.bare => f += 1,
            Some(l) if l.kind == LabelKind::Recommendation && !l.bare => r += 1,
            _ => {}
        }
    }
    (f, r)
}

/// One item being read: its kind, and the item so far.
type Open = Option<(LabelKind, Item)>;

/// Reads the report's items: labelled findings and recommendations with
/// their paragraphs, and the paragraphs or bullets under a heading the
/// grammar maps to findings, lessons or recommendations, each section
/// ending at the next heading as important as its own.
fn read_items(o: &Outline, skip: &HashSet<usize>, r: &mut Review) {
    let g = o.g;
    let mut section: Option<(LabelKind, u8)> = None;
    let mut open: Open = None;
    // The open item came from a label: paragraphs are its own up to the
    // next label or heading.
    let mut by_label = false;
    // A section whose items are labelled ("Finding 1: …"): a paragraph
    // before its first label is its introduction.
    let mut labelled_section = false;
    // A section whose items are a list: its paragraphs introduce the list
    // or go on with an item, they are no items of their own.
    let mut listed_section = false;
    // A section of numbered recommendations ("1. The ICB should …"): a
    // paragraph before the first number is its introduction.
    let mut numbered_section = false;
    for (i, p) in o.texts.iter().enumerate() {
        if skip.contains(&i) {
            continue;
        }
        let text = crate::segment::text::without_paragraph_number(&o.joined[i]).trim();
        if text.is_empty() || g.has_phrase_of(&[PhraseKind::Site, PhraseKind::Mailing], text) {
            continue;
        }
        if let Some((kind, item)) = labelled_item(o, text, p.page) {
            close(&mut open, r);
            open = Some((kind, item));
            by_label = true;
            continue;
        }
        if let Some(level) = p.heading {
            close(&mut open, r);
            by_label = false;
            match g.item_section(section_words(text)) {
                Some(kind) => {
                    section = Some((kind, level));
                    labelled_section = has_labels(o, i, level);
                    listed_section = has_list(o, i, level);
                    numbered_section =
                        kind == LabelKind::Recommendation && has_rec_numbers(o, i, level);
                }
                None if section.is_some_and(|(_, l)| level <= l) => section = None,
                None => {}
            }
            continue;
        }
        let Some((kind, _)) = section else {
            // A labelled item's paragraphs run to the next label or heading.
            if let Some((_, item)) = open.as_mut() {
                append(item, text);
            }
            continue;
        };
        if kind == LabelKind::Theme || (labelled_section && open.is_none()) {
            continue;
        }
        if numbered_section && open.is_none() && p.list.is_none() && !REC_NUMBER.is_match(text) {
            continue;
        }
        if listed_section && p.list.is_none() && !REC_NUMBER.is_match(text) {
            if let Some((_, item)) = open.as_mut() {
                append(item, text);
            }
            continue;
        }
        if by_label && p.list.is_none() {
            if let Some((_, item)) = open.as_mut() {
                append(item, text);
            }
            continue;
        }
        let starts = p.list.is_some_and(|(level, _)| level == 0)
            || (kind == LabelKind::Recommendation && REC_NUMBER.is_match(text))
            || open.is_none()
            || p.list.is_none() && open.as_ref().is_some_and(|(_, it)| ends_sentence(&it.text));
        if p.list.is_some_and(|(level, _)| level > 0)
            && let Some((_, item)) = open.as_mut()
        {
            item.points.push(text.to_string());
            continue;
        }
        if starts {
            close(&mut open, r);
            by_label = false;
            open = Some((
                kind,
                numbered_item(kind, text, p.list.and_then(|(_, n)| n), p.page),
            ));
        } else if let Some((_, item)) = open.as_mut() {
            append(item, text);
        }
    }
    close(&mut open, r);
}

/// Whether the section under heading `at` of `level` is a list.
fn has_list(o: &Outline, at: usize, level: u8) -> bool {
    (at + 1..o.texts.len())
        .take_while(|&j| o.texts[j].heading.is_none_or(|l| l > level))
        .any(|j| o.texts[j].list.is_some_and(|(l, _)| l == 0))
}

/// Whether the section under heading `at` of `level` holds paragraphs
/// that open with a recommendation's number ("1. The ICB …", "3a …").
fn has_rec_numbers(o: &Outline, at: usize, level: u8) -> bool {
    (at + 1..o.texts.len())
        .take_while(|&j| o.texts[j].heading.is_none_or(|l| l > level))
        .any(|j| {
            let t = crate::segment::text::without_paragraph_number(&o.joined[j]);
            REC_NUMBER.is_match(t.trim())
        })
}

/// Whether the section under heading `at` of `level` holds item labels.
fn has_labels(o: &Outline, at: usize, level: u8) -> bool {
    (at + 1..o.texts.len())
        .take_while(|&j| o.texts[j].heading.is_none_or(|l| l > level))
        .any(|j| {
            let t = crate::segment::text::without_paragraph_number(&o.joined[j]);
            labelled_item(o, t.trim(), None).is_some()
        })
}

/// An item opened by a label ("Finding 3: Assessments did not …",
/// "Recommendation 2"): a short rest is its title, a sentence its text.
fn labelled_item(o: &Outline, text: &str, page: Option<u32>) -> Option<(LabelKind, Item)> {
    // "Recommendation 4a": the grammar reads the number, the letter is
    // kept in the id.
    let (l, letter) = match labels::parse(o.g, text) {
        Some(l) => (l, None),
        None => {
            let c = LETTERED.captures(text)?;
            if c.get(0)?.start() > 40 {
                return None;
            }
            let plain = LETTERED.replace(text, "$1");
            (labels::parse(o.g, &plain)?, Some(c[2].to_string()))
        }
    };
    if l.bare
        || !matches!(
            l.kind,
            LabelKind::Finding | LabelKind::Recommendation | LabelKind::Lesson
        )
    {
        return None;
    }
    let rest = l.rest.trim().to_string();
    let title = !rest.is_empty() && rest.split_whitespace().count() <= 15 && !ends_sentence(&rest);
    let id =
        l.id.or_else(|| l.number.map(|n| n.to_string()))
            .map(|id| id + letter.as_deref().unwrap_or(""));
    Some((
        l.kind,
        Item {
            id,
            number: l.number,
            title: title.then(|| rest.clone()),
            text: if title { String::new() } else { rest },
            page,
            ..Item::default()
        },
    ))
}

/// An item of a section: a recommendation keeps its printed number and
/// letter ("3a"); other items their list number.
fn numbered_item(kind: LabelKind, text: &str, list_number: Option<u32>, page: Option<u32>) -> Item {
    if kind == LabelKind::Recommendation
        && let Some(c) = REC_NUMBER.captures(text)
    {
        let number: Option<u32> = c[1].parse().ok();
        let letter = c.get(2).or(c.get(3)).map(|m| m.as_str()).unwrap_or("");
        return Item {
            id: number.map(|n| format!("{n}{letter}")),
            number,
            text: c[4].trim().to_string(),
            page,
            ..Item::default()
        };
    }
    Item {
        id: list_number.map(|n| n.to_string()),
        number: list_number,
        text: text.to_string(),
        page,
        ..Item::default()
    }
}

/// An item's text without footnote marks.
fn clean(text: &str) -> String {
    FOOTNOTE_MARK.replace_all(text, "$1$2").into_owned()
}

fn append(item: &mut Item, text: &str) {
    if item.text.is_empty() {
        item.text = text.to_string();
    } else {
        item.text.push(' ');
        item.text.push_str(text);
    }
}

/// Puts a finished item in its list; one with neither title nor text is
/// no item.
fn close(open: &mut Open, r: &mut Review) {
    let Some((kind, item)) = open.take() else {
        return;
    };
    if item.text.is_empty() && item.title.is_none() {
        return;
    }
    let mut item = item;
    item.text = clean(&item.text);
    match kind {
        LabelKind::Finding => r.findings.push(item),
        LabelKind::Recommendation => r.recommendations.push(item),
        _ => r.lessons.push(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{Block, Role};
    use crate::segment::grammar::Grammar;

    fn block(text: &str, role: Role) -> Block {
        Block::paragraph(text).with_role(role)
    }

    fn report() -> Vec<Block> {
        let para = |t: &str| block(t, Role::Paragraph);
        let h = |t: &str| block(t, Role::Heading { level: 2 });
        vec![
            block(
                "Fenbridge Safeguarding Children Partnership",
                Role::Paragraph,
            ),
            block(
                "Local Child Safeguarding Practice Review: Child T",
                Role::Heading { level: 1 },
            ),
            para("Overview Report"),
            para("Published 14 March 2024"),
            h("Contents"),
            para("1. Introduction ........ 3"),
            para("2. The child's story ........ 4"),
            para("3. Findings ........ 9"),
            para("4. Recommendations ........ 14"),
            h("1. Introduction"),
            para(
                "1.1 This review was commissioned after Child T, aged four, was taken to hospital with injuries in January 2022.",
            ),
            para("1.2 The review looked at the work of all agencies between 2020 and 2022."),
            h("3. Findings"),
            para("Finding 1: Assessments did not include the father"),
            para("3.1 Assessments by children's social care spoke to the mother only."),
            para("3.2 The father's history was known to the police but not shared."),
            para("Finding 2: Missed health appointments were not followed up"),
            para("3.3 Four appointments were missed and no one asked why."),
            h("4. Recommendations"),
            para("4.1 The review makes these recommendations to the partnership."),
            para("1. The partnership should ask every agency to record who lives in the home."),
            para(
                "2. The ICB should audit the follow-up of missed appointments for children under five.",
            ),
            para("3a. Children's social care should include fathers in every assessment."),
            para(
                "3b. The police should share domestic abuse history with the assessing social worker.",
            ),
            h("Appendix 1: Terms of reference"),
            para("1. To examine the work of agencies with the family."),
        ]
    }

    #[test]
    fn a_report_gives_findings_with_titles_and_lettered_recommendations() {
        let g = Grammar::built_in();
        let blocks = report();
        let o = Outline::new(&g, &blocks, None);
        let sc = Report.score(&o).expect("a report");
        assert!(sc.value >= 0.35, "{sc:?}");
        let s = Report.segment(&o);
        assert_eq!(s.published.as_deref(), Some("2024-03-14"));
        let r = &s.reviews[0];
        let titles: Vec<Option<&str>> = r.findings.iter().map(|f| f.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Assessments did not include the father"),
                Some("Missed health appointments were not followed up")
            ]
        );
        assert_eq!(
            r.findings[0].text,
            "Assessments by children's social care spoke to the mother only. The father's history was known to the police but not shared."
        );
        let ids: Vec<Option<&str>> = r.recommendations.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("2"), Some("3a"), Some("3b")]);
        assert_eq!(r.recommendations[2].number, Some(3));
        assert!(
            r.recommendations[3]
                .text
                .ends_with("assessing social worker.")
        );
    }

    #[test]
    fn an_executive_summary_titled_and_labelled_outscores_a_brief() {
        let g = Grammar::built_in();
        let para = |t: &str| block(t, Role::Paragraph);
        let mut blocks = vec![
            block("Serious Case Review: Child T", Role::Heading { level: 1 }),
            para("Executive Summary"),
            para("Published 14 March 2024"),
            block(
                "Finding 1: Assessments did not include the father",
                Role::Heading { level: 3 },
            ),
            para("Assessments by children's social care spoke to the mother only."),
            block("Recommendation 1", Role::Heading { level: 3 }),
            para("The partnership should ask every agency to record who lives in the home."),
        ];
        let o = Outline::new(&g, &blocks, None);
        let report = Report.score(&o).expect("a report").value;
        let brief = super::super::brief::LearningBrief
            .score(&o)
            .map_or(0.0, |s| s.value);
        assert!(report > brief, "report {report}, brief {brief}");
        // Without the labels the cover's name is all the evidence.
        blocks[3] = block("Assessments", Role::Heading { level: 3 });
        blocks[5] = block("Next steps", Role::Heading { level: 3 });
        let o = Outline::new(&g, &blocks, None);
        let unlabelled = Report.score(&o).map_or(0.0, |s| s.value);
        assert!(report - unlabelled > 0.3, "{report} {unlabelled}");
    }

    #[test]
    fn contents_lines_are_a_map_not_items() {
        let g = Grammar::built_in();
        let blocks = report();
        let o = Outline::new(&g, &blocks, None);
        assert_eq!(contents(&o).len(), 4);
    }
}
