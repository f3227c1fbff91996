//! Response documents: front matter, themes with findings, lessons,
//! recommendations, actions and measures, and the dissemination table.

use super::{Family, Score};
use crate::model::{DisseminationRow, DocumentType, Item, Review, Theme};
use crate::segment::Segmented;
use crate::segment::dates::{find_date, is_bare_date};
use crate::segment::front::{commissioned_year, find_partnership, subject_from_title};
use crate::segment::grammar::Grammar;
use crate::segment::item::{ItemBuilder, items_per_paragraph};
use crate::segment::labels::{Label, LabelKind};
use crate::segment::outline::Outline;
use crate::segment::pieces::{Piece, TextPiece};
use crate::segment::table;
use crate::segment::text::{join_lines, strip_bullet};

/// A partnership's response to one review: themes with findings, lessons
/// and recommendations, the partnership's actions and measures, and a
/// dissemination table.
pub struct Response;

impl Family for Response {
    fn kind(&self) -> DocumentType {
        DocumentType::Response
    }

    /// Themes and labelled findings are this family's own; lessons and
    /// recommendations with ids are shared with learning briefs, so they
    /// count only beside them or beside the theme sections (actions,
    /// measures, dissemination).
    fn score(&self, o: &Outline) -> Option<Score> {
        let (mut themes, mut findings, mut items, mut sections) = (0, 0, 0, 0);
        for p in &o.labels {
            if let Piece::Label { label, .. } = p {
                match label.kind {
                    LabelKind::Theme if !label.bare => themes += 1,
                    LabelKind::Finding if !label.bare => findings += 1,
                    LabelKind::Lesson | LabelKind::Recommendation if !label.bare => items += 1,
                    LabelKind::Actions | LabelKind::Measures | LabelKind::Dissemination => {
                        sections += 1
                    }
                    _ => {}
                }
            }
        }
        let own = themes + findings + sections + o.data_tables.len();
        if own == 0 {
            return None;
        }
        let strong = (themes >= 1 && findings + items >= 1) || findings >= 2 || sections >= 2;
        let mut value = if strong {
            0.6 + 0.04 * (own + items) as f32
        } else {
            0.2 + 0.05 * (own + items) as f32
        };
        // Labelled findings and recommendations alone are a report's as
        // much as a response's: a response has themes, actions or a plan.
        if themes == 0 && sections == 0 && o.data_tables.is_empty() {
            value = value.min(0.55);
        }
        Some(Score::new(
            value,
            format!(
                "{themes} themes, {findings} findings, {items} lessons and recommendations with ids, {sections} action or measure sections"
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let r = segment(o);
        let mut s = Segmented::new(DocumentType::Response);
        s.partnership = r.partnership;
        s.published = r.published;
        s.title = r.title;
        s.reviews.push(r.review);
        s
    }
}

/// What a response document yields before uids are assigned.
#[derive(Debug, Default)]
pub struct ResponseParts {
    /// Partnership named in the front matter.
    pub partnership: Option<String>,
    /// Date printed in the front matter.
    pub published: Option<String>,
    /// Title line.
    pub title: Option<String>,
    /// The one review.
    pub review: Review,
}

/// Where the state machine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Front,
    Item(LabelKind),
    Actions,
    Measures,
    Dissemination,
}

/// Segments a response document.
pub fn segment(o: &Outline) -> ResponseParts {
    let mut dissemination: Vec<DisseminationRow> = Vec::new();
    for t in &o.data_tables {
        if let Some(cells) = o.tables.get(t)
            && let Some(cols) = table::dissemination_columns(cells)
        {
            dissemination.extend(table::dissemination_rows(cells, &cols));
        }
    }
    let mut m = Machine::default();
    for p in &o.labels {
        m.feed(p);
    }
    m.close_item();
    let mut r = front_matter(o.g, &m.front);
    r.review.themes = m.themes;
    r.review.lessons = m.loose_lessons;
    r.review.recommendations = m.loose_recommendations;
    r.review.dissemination = dissemination;
    r.review.code = common_code(&r.review);
    r
}

#[derive(Default)]
struct Machine {
    front: Vec<TextPiece>,
    themes: Vec<Theme>,
    loose_lessons: Vec<Item>,
    loose_recommendations: Vec<Item>,
    section: Option<Section>,
    item: Option<(Label, ItemBuilder)>,
    /// A theme label printed without its title on the same line waits for
    /// the next short paragraph.
    awaiting_title: bool,
    /// Under a bare heading ("Lessons"): every paragraph is an item.
    bare: Option<(LabelKind, Option<u32>)>,
}

impl Machine {
    fn feed(&mut self, p: &Piece) {
        match p {
            Piece::Label { label, page } => self.label(label, *page),
            Piece::Text(t) => self.text(t),
        }
    }

    fn label(&mut self, label: &Label, page: Option<u32>) {
        self.close_item();
        self.bare = None;
        self.awaiting_title = false;
        match label.kind {
            // "Key themes" over a list is a heading, not a theme of its own.
            LabelKind::Theme if label.bare => {}
            LabelKind::Theme => {
                self.themes.push(Theme {
                    number: label.number,
                    title: label.rest.clone(),
                    ..Theme::default()
                });
                self.awaiting_title = label.rest.is_empty();
                self.section = None;
            }
            LabelKind::Finding | LabelKind::Lesson | LabelKind::Recommendation if label.bare => {
                self.bare = Some((label.kind, page));
                self.section = Some(Section::Item(label.kind));
            }
            LabelKind::Finding | LabelKind::Lesson | LabelKind::Recommendation => {
                let mut l = label.clone();
                l.rest.clear();
                self.item = Some((l, ItemBuilder::new(page)));
                self.section = Some(Section::Item(label.kind));
            }
            LabelKind::Actions => self.section = Some(Section::Actions),
            LabelKind::Measures => self.section = Some(Section::Measures),
            LabelKind::Dissemination => self.section = Some(Section::Dissemination),
        }
    }

    fn text(&mut self, t: &TextPiece) {
        if self.awaiting_title {
            self.awaiting_title = false;
            if let Some(theme) = self.themes.last_mut() {
                let title = join_lines(&t.lines);
                if title.len() <= 120 {
                    theme.title = title;
                    return;
                }
            }
        }
        match self.section.unwrap_or(Section::Front) {
            Section::Front => {
                if self.themes.is_empty() {
                    self.front.push(t.clone());
                }
            }
            Section::Item(kind) => {
                if let Some((_, b)) = self.item.as_mut() {
                    b.push(t);
                } else if self.bare.is_some() {
                    let label = Label {
                        kind,
                        id: None,
                        code: None,
                        number: None,
                        rest: String::new(),
                        bare: true,
                    };
                    let mut b = ItemBuilder::new(t.page);
                    b.push(t);
                    self.item = Some((label, b));
                    self.close_item();
                }
            }
            Section::Actions => {
                let items = items_per_paragraph(std::slice::from_ref(t));
                self.theme().actions.extend(items);
            }
            Section::Measures => {
                let items = items_per_paragraph(std::slice::from_ref(t));
                self.theme().measures.extend(items);
            }
            Section::Dissemination => {}
        }
    }

    /// The current theme; documents without theme labels get one untitled
    /// theme so that findings still have a home.
    fn theme(&mut self) -> &mut Theme {
        if self.themes.is_empty() {
            self.themes.push(Theme::default());
        }
        let last = self.themes.len() - 1;
        &mut self.themes[last]
    }

    fn close_item(&mut self) {
        let Some((label, builder)) = self.item.take() else {
            return;
        };
        if builder.is_empty() {
            return;
        }
        let item = match label.kind {
            LabelKind::Recommendation => builder.finish(None, label.number),
            _ => builder.finish(label.id.clone(), None),
        };
        let no_theme = self.themes.is_empty();
        match label.kind {
            LabelKind::Finding => self.theme().findings.push(item),
            LabelKind::Lesson if no_theme => self.loose_lessons.push(item),
            LabelKind::Lesson => self.theme().lessons.push(item),
            LabelKind::Recommendation if no_theme => self.loose_recommendations.push(item),
            LabelKind::Recommendation => self.theme().recommendations.push(item),
            _ => {}
        }
    }
}

/// Date, title, partnership, commissioned year and agencies from the
/// paragraphs before the first theme.
fn front_matter(g: &Grammar, front: &[TextPiece]) -> ResponseParts {
    let mut r = ResponseParts::default();
    let paras: Vec<String> = front.iter().map(|p| join_lines(&p.lines)).collect();
    r.published = paras
        .iter()
        .find(|p| is_bare_date(p))
        .and_then(|p| find_date(p));
    if let Some((title, subject)) = paras
        .iter()
        .filter(|p| p.len() <= 160)
        .find_map(|p| subject_from_title(g, p).map(|s| (p.clone(), s)))
    {
        r.review.review_type = g.review_type(&title).map(str::to_string);
        r.title = Some(title);
        r.review.subject = subject;
    }
    r.partnership = paras
        .iter()
        .find(|p| p.to_lowercase().starts_with("response from"))
        .and_then(|p| find_partnership(g, p))
        .or_else(|| paras.iter().find_map(|p| find_partnership(g, p)));
    r.review.commissioned = paras.iter().find_map(|p| commissioned_year(p));
    if r.review.review_type.is_none() {
        r.review.review_type = paras
            .iter()
            .find_map(|p| g.review_type(p))
            .map(str::to_string);
    }
    r.review.agencies = agencies(front);
    r
}

/// The bulleted list that follows a sentence naming "agencies".
fn agencies(front: &[TextPiece]) -> Vec<String> {
    let Some(start) = front
        .iter()
        .position(|p| join_lines(&p.lines).to_lowercase().contains("agencies"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &front[start..] {
        let mut in_list = false;
        for (i, line) in p.lines.iter().enumerate() {
            if p.list.is_some() && i == 0 {
                out.push(line.clone());
                in_list = true;
            } else if let Some(rest) = strip_bullet(line) {
                out.push(rest.to_string());
                in_list = true;
            } else if in_list && let Some(last) = out.last_mut() {
                *last = join_lines(&[last.as_str(), line.as_str()]);
            }
        }
        if !in_list && !out.is_empty() {
            break;
        }
    }
    out
}

/// The id prefix most findings and lessons share.
fn common_code(review: &Review) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let ids = review
        .themes
        .iter()
        .flat_map(|t| t.findings.iter().chain(&t.lessons))
        .chain(&review.lessons)
        .filter_map(|i| i.id.as_deref());
    for id in ids {
        let code: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if code.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((code, 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::blocks_from_text;

    fn segment_text(text: &str) -> ResponseParts {
        let g = Grammar::built_in();
        let blocks = crate::block::normalise(blocks_from_text(text));
        segment(&Outline::new(&g, &blocks, None))
    }

    const DOC: &str = "March 2021\n\nSerious Case Review in relation to Amber\n\nResponse from Eastmoor Safeguarding Children Partnership (ESCP)\n\nIn June 2019, Eastmoor LSCB began a Serious Case Review. The review looked at these agencies:\n\n- Police\n- School nurse\n\nMore text.\n\nTHEME 1: Early Help\n\nFinding A1\n\nFirst para of\nthe finding.\n\nSecond para.\n\nLesson A1.1\n\nA lesson.\n\nLessonA1.2 Glued lesson with:\n• one\n• two\n\nRecommendation 3\n\nThird.\n\nRecommendation 1\n\nFirst.\n\nESCP Context / Actions already taken/ ESCP Action\n\nDo a thing\n\nDo another\n\nHow will we know\n\nAudit shows it\n\nTHEME 2\n\nSecond Theme\n\nFinding A2\n\nText.\n\nLesson A 2.1\n\nSpaced.\n";

    #[test]
    fn response_structure() {
        let r = segment_text(DOC);
        assert_eq!(r.published.as_deref(), Some("2021-03"));
        assert_eq!(
            r.partnership.as_deref(),
            Some("Eastmoor Safeguarding Children Partnership")
        );
        assert_eq!(r.review.subject, "Amber");
        assert_eq!(r.review.commissioned.as_deref(), Some("2019"));
        assert_eq!(r.review.agencies, ["Police", "School nurse"]);
        assert_eq!(r.review.code.as_deref(), Some("A"));
        let t = &r.review.themes;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].title, "Early Help");
        assert_eq!(
            t[0].findings[0].text,
            "First para of the finding. Second para."
        );
        let ids: Vec<_> = t[0].lessons.iter().map(|l| l.id.clone().unwrap()).collect();
        assert_eq!(ids, ["A1.1", "A1.2"]);
        assert_eq!(t[0].lessons[1].text, "Glued lesson with:");
        assert_eq!(t[0].lessons[1].points, ["one", "two"]);
        let nums: Vec<_> = t[0]
            .recommendations
            .iter()
            .map(|r| r.number.unwrap())
            .collect();
        assert_eq!(nums, [3, 1]);
        assert_eq!(t[0].actions.len(), 2);
        assert_eq!(t[0].measures[0].text, "Audit shows it");
        assert_eq!(t[1].title, "Second Theme");
        assert_eq!(t[1].lessons[0].id.as_deref(), Some("A2.1"));
    }
}
