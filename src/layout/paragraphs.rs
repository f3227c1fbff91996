//! Lines of one flow to blocks: paragraphs, headings and list items.

use super::lines::Line;
use super::{BBox, Block, Role};
use crate::block::markers::{Marker, next_number};

/// A line's pitch above this multiple of the usual pitch starts a block.
const GAP_FACTOR: f32 = 1.3;

/// If `text` opens a list item, its ordinal (if numbered): `Some(None)` for
/// a bullet, `Some(Some(n))` for "1." / "2)" / "(3)".
pub fn list_marker(text: &str) -> Option<Option<u32>> {
    match crate::block::markers::marker(text)?.0 {
        Marker::Bullet => Some(None),
        Marker::Number(n) => Some(Some(n)),
    }
}

/// The usual baseline-to-baseline distance for lines of `size`, from
/// neighbouring lines in `lines`; 1.2 em when nothing can be measured.
pub fn usual_pitch(lines: &[Line], size: f32) -> f32 {
    let mut pitches: Vec<f32> = lines
        .windows(2)
        .filter(|w| (w[0].size - size).abs() < 0.6 && (w[1].size - size).abs() < 0.6)
        .map(|w| w[1].y - w[0].y)
        .filter(|p| *p > 0.5 * size && *p < 2.5 * size)
        .collect();
    if pitches.is_empty() {
        return 1.2 * size;
    }
    pitches.sort_by(f32::total_cmp);
    // The lower quartile, not the median: where most paragraphs are one or
    // two lines long, most neighbouring lines are paragraph gaps, and the
    // median was the gap itself.
    pitches[pitches.len() / 4]
}

/// Extra space above a line, beyond the usual pitch, that marks a new
/// paragraph: inside a paragraph the leading is exact, and paragraph
/// spacing as small as 3 pt is meant to be seen.
fn extra_gap(size: f32) -> f32 {
    (0.2 * size).max(1.5)
}

/// Whether `prev` ends its paragraph by falling short of the measure: it
/// ends a sentence and the first word of `next` would have fitted in the
/// room left before `right`, the measure's right edge. Line breaking fills
/// every line of a paragraph but its last, so such room is left only where
/// the paragraph ended (or the author broke the line).
pub fn short_last_line(prev: &Line, next: &Line, right: f32) -> bool {
    let Some(word) = next.words.first() else {
        return false;
    };
    let room = right - prev.x1;
    ends_sentence(prev) && room > (word.x1 - word.x0) + 0.6 * next.size.max(1.0)
}

/// Whether a line's last word ends a sentence.
fn ends_sentence(line: &Line) -> bool {
    line.words.last().is_some_and(|last| {
        last.text
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with(['.', '!', '?', ':'])
    })
}

/// The right edges to which a flow's text of each size is justified: the
/// edge most of its lines reach within [`JUSTIFIED_SLACK`] (ragged text
/// reaches its widest line's edge only now and then).
fn justified_edges(lines: &[Line]) -> Vec<(i32, f32)> {
    let mut edges: Vec<(i32, f32, usize, usize)> = Vec::new();
    for l in lines {
        let key = (l.size * 2.0).round() as i32;
        match edges.iter_mut().find(|e| e.0 == key) {
            Some(e) => e.1 = e.1.max(l.x1),
            None => edges.push((key, l.x1, 0, 0)),
        }
    }
    for l in lines {
        let key = (l.size * 2.0).round() as i32;
        if let Some(e) = edges.iter_mut().find(|e| e.0 == key) {
            e.3 += 1;
            if l.x1 >= e.1 - JUSTIFIED_SLACK {
                e.2 += 1;
            }
        }
    }
    edges
        .into_iter()
        .filter(|&(_, _, near, all)| near >= 3 && near * 2 >= all)
        .map(|(key, edge, _, _)| (key, edge))
        .collect()
}

/// How far (points) short of the edge a justified line may end.
const JUSTIFIED_SLACK: f32 = 0.3;

/// Whether `prev`, in text justified to `edge`, is the last line of its
/// paragraph: it ends a sentence short of the edge, where justification
/// would have stretched it had the paragraph gone on.
pub fn justified_last_line(prev: &Line, edge: f32) -> bool {
    ends_sentence(prev) && prev.x1 < edge - (0.3 * prev.size).max(1.5)
}

/// Whether `prev` was broken before the measure was full, whatever it
/// ends with: the first word of `next` would have fitted in the room left
/// before `right`, the right edge of the widest line beside it. Asked in a
/// table cell, where a short line is a paragraph or a line break ("Police
/// Public Protection Unit" / "Quality Assurance Subgroup"); the cell's own
/// edge is no measure for this, as generators pad its sides unequally.
/// A line ending in a hyphen is not asked: its word's rest may be short.
pub fn broke_early(prev: &Line, next: &Line, right: f32) -> bool {
    let (Some(last), Some(word)) = (prev.words.last(), next.words.first()) else {
        return false;
    };
    let room = right - prev.x1;
    !last.text.ends_with(['-', '\u{2010}', '\u{00AD}'])
        && room > (word.x1 - word.x0) + 0.6 * next.size.max(1.0)
}

/// Whether `next` opens a paragraph by a first-line indent: it starts
/// between one and four ems right of `prev`, which is not a list item's
/// marker line (whose wrapped lines hang right of the marker), and runs
/// to the measure's right edge like a filled line (a centred title's
/// second line does not).
pub fn indented_start(first: &Line, prev: &Line, next: &Line, right: f32) -> bool {
    let em = next.size.max(1.0);
    let step = next.x0 - prev.x0;
    let filled = right - next.x1 < 1.5 * em;
    (0.8 * em..4.0 * em).contains(&step)
        && filled
        && !numbered(first)
        && (prev.x0 - first.x0).abs() < 0.5 * em
}

/// Whether `next` comes back left of the hang of a numbered paragraph
/// whose last line `prev` ends a sentence: the wrapped lines of "4.12 …"
/// all hang under its text, so a line left of them (the next paragraph's
/// first-line indent, or its margin) is no line of it.
fn returns_from_hang(first: &Line, prev: &Line, next: &Line) -> bool {
    let em = next.size.max(1.0);
    numbered(first)
        && prev.x0 - first.x0 >= 0.8 * em
        && prev.x0 - next.x0 >= 0.8 * em
        && ends_sentence(prev)
}

/// Whether a line opens with a list marker or a report's paragraph number
/// ("4.12", "19.1.1"): its wrapped lines hang under its text.
fn numbered(line: &Line) -> bool {
    list_marker(&line.head()).is_some()
        || line.words.len() > 1
            && line
                .words
                .first()
                .is_some_and(|w| is_paragraph_number(&w.text))
}

/// A decimal paragraph number: "4.12", "19.1.1", "3.2." (not a year, not
/// a bare figure).
fn is_paragraph_number(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    let parts: Vec<&str> = w.split('.').collect();
    (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `next` opens the point after the one `first` opens, its number
/// glued to its text ("9. Supervision …" then "10.It is …", as LibreOffice
/// prints a number too wide for its tab): only the sequence tells such a
/// line from prose ("10.2023", "3.The" ending a sentence).
fn continues_numbering(first: &str, next: &str) -> bool {
    let digits = first
        .trim_start()
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let Some(n) = first.trim_start()[..digits].parse::<u32>().ok() else {
        return false;
    };
    next_number(first, n).is_some()
        && n.checked_add(1)
            .is_some_and(|m| next_number(next, m).is_some())
}

/// Whether `next` carries on the sentence `prev` leaves open, across a
/// wider line gap than the usual pitch (a generator's loose leading in a
/// definition or a table cell): it starts in lower case at the same
/// margin, in the same type, under a full line that ends no sentence.
fn runs_on(prev: &Line, next: &Line, dy: f32, pitch: f32) -> bool {
    let em = next.size.max(1.0);
    dy <= 1.8 * pitch
        && (next.x0 - prev.x0).abs() < 0.5 * em
        && (next.size - prev.size).abs() < 0.5
        && next.bold == prev.bold
        && !ends_sentence(prev)
        // Clauses set one per line ("died;", "or was injured,") are a
        // list's lines, each its own.
        && !prev
            .words
            .last()
            .is_some_and(|w| w.text.ends_with([',', ';']))
        && next
            .words
            .first()
            .is_some_and(|w| w.text.starts_with(char::is_lowercase))
}

/// Whether `next` starts a new block after `prev` (the last line of the
/// block `first` opened).
///
/// `right` is the right edge of the measure the lines are set to.
pub fn starts_block(first: &Line, prev: &Line, next: &Line, pitch: f32, right: f32) -> bool {
    let dy = next.y - prev.y;
    if dy <= 0.0 || dy > GAP_FACTOR * pitch + 0.5 && !runs_on(prev, next, dy, pitch) {
        return true;
    }
    if dy > pitch + extra_gap(next.size)
        && (next.size - prev.size).abs() < 0.5
        && !runs_on(prev, next, dy, pitch)
    {
        return true;
    }
    if short_last_line(prev, next, right)
        || indented_start(first, prev, next, right)
        || returns_from_hang(first, prev, next)
    {
        return true;
    }
    let size_change = (next.size - prev.size).abs() > 0.12 * prev.size.max(next.size);
    if size_change || next.bold != prev.bold {
        return true;
    }
    let (first_head, next_head) = (first.head(), next.head());
    if list_marker(&next_head).is_some() || continues_numbering(&first_head, &next_head) {
        return true;
    }
    // A report's next numbered paragraph ("4.3 The GP …") after a
    // finished sentence.
    if ends_sentence(prev)
        && next.words.len() > 1
        && next
            .words
            .first()
            .is_some_and(|w| is_paragraph_number(&w.text))
    {
        return true;
    }
    // A list item's wrapped lines hang under its text; a line back at the
    // bullet's margin is the next paragraph. (A report's numbered
    // paragraph may wrap either way.)
    if list_marker(&first_head).is_some()
        && let Some(text_x) = first.words.get(1).map(|w| w.x0)
        && next.x0 < text_x - 0.5 * next.size
        && next.x0 <= first.x0 + 0.5 * next.size
    {
        return true;
    }
    false
}

/// The right edge reached by a flow's lines of each size starting at each
/// margin, in buckets of half a point of size and a quarter em of margin,
/// so that a block's measure is looked up, not searched for.
struct Measures(std::collections::HashMap<(i32, i32), f32>);

impl Measures {
    fn key(size: f32, x0: f32) -> (i32, i32) {
        let size = size.max(1.0);
        (
            (size * 2.0).round() as i32,
            (x0 / (0.25 * size)).round() as i32,
        )
    }

    fn of(lines: &[Line]) -> Self {
        let mut map = std::collections::HashMap::new();
        for l in lines {
            let e = map
                .entry(Self::key(l.size, l.x0))
                .or_insert(f32::NEG_INFINITY);
            *e = l.x1.max(*e);
        }
        Measures(map)
    }

    /// The right edge of lines like `line` (same size, margin within
    /// about half an em).
    fn right(&self, line: &Line) -> f32 {
        let (s, x) = Self::key(line.size, line.x0);
        (x - 2..=x + 2)
            .filter_map(|k| self.0.get(&(s, k)))
            .fold(f32::NEG_INFINITY, |a, b| a.max(*b))
    }
}

/// Groups one flow of lines into blocks. `body_size` is the document's
/// running-text size, used to tell headings.
pub fn group_blocks(lines: &[Line], page: u32, body_size: f32) -> Vec<Block> {
    group_blocks_to(lines, page, body_size, f32::NEG_INFINITY)
}

/// [`group_blocks`] for lines set to a measure known to reach at least
/// `right` (a table cell's inner edge), however short its lines: in a cell
/// of one-line paragraphs no line shows the measure.
pub fn group_blocks_to(lines: &[Line], page: u32, body_size: f32, right: f32) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    // The pitch depends only on the size; measuring it scans the whole flow.
    let mut pitches: Vec<(f32, f32)> = Vec::new();
    let measures = Measures::of(lines);
    let justified = justified_edges(lines);
    for i in 1..=lines.len() {
        let split = i == lines.len() || {
            let size = lines[i].size;
            let pitch = match pitches.iter().find(|(s, _)| *s == size) {
                Some(&(_, p)) => p,
                None => {
                    let p = usual_pitch(lines, size);
                    pitches.push((size, p));
                    p
                }
            };
            // The measure: the right edge of the flow's lines of this size
            // that start at this block's margin (a run of one-line
            // paragraphs never shows it on its own lines), or the widest
            // of this block's lines and the next.
            let widest = lines[start..=i]
                .iter()
                .map(|l| l.x1)
                .fold(measures.right(&lines[start]), f32::max);
            starts_block(
                &lines[start],
                &lines[i - 1],
                &lines[i],
                pitch,
                widest.max(right),
            ) || (right.is_finite() && broke_early(&lines[i - 1], &lines[i], widest))
                || justified
                    .iter()
                    .find(|(key, _)| *key == (lines[i - 1].size * 2.0).round() as i32)
                    .is_some_and(|&(_, edge)| justified_last_line(&lines[i - 1], edge))
        };
        if split {
            blocks.push(make_block(&lines[start..i], page, body_size));
            start = i;
        }
    }
    nest_lists(&mut blocks);
    blocks
}

/// Nesting levels of list items from their indents: an item whose marker
/// stands right of the item before it (by half an em or more) opens a
/// list inside that one; one back at an outer marker's indent returns to
/// that list. Text other than list items ends the lists.
fn nest_lists(blocks: &mut [Block]) {
    let mut indents: Vec<f32> = Vec::new();
    for b in blocks.iter_mut() {
        let Role::ListItem { level, .. } = &mut b.role else {
            indents.clear();
            continue;
        };
        let Some(x) = b.bbox.map(|bb| bb.x0) else {
            continue;
        };
        let em = 0.5 * b.font_size.max(1.0);
        while indents.last().is_some_and(|&top| x < top - em) {
            indents.pop();
        }
        if indents.last().is_none_or(|&top| x > top + em) {
            indents.push(x);
        }
        *level = u8::try_from(indents.len().saturating_sub(1)).unwrap_or(u8::MAX);
    }
}

/// One block from its lines, with a role guessed from size, weight and
/// markers.
pub fn make_block(lines: &[Line], page: u32, body_size: f32) -> Block {
    let mut text = lines.iter().map(Line::text).collect::<Vec<_>>().join("\n");
    let chars = |l: &Line| {
        l.words
            .iter()
            .map(|w| w.text.chars().count())
            .sum::<usize>()
    };
    let total: usize = lines.iter().map(chars).sum();
    let bold_chars: usize = lines.iter().filter(|l| l.bold).map(chars).sum();
    let bold = total > 0 && bold_chars * 2 > total;
    let size = lines.iter().map(|l| l.size).fold(0.0, f32::max);
    let bbox = BBox {
        x0: lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min),
        y0: lines.iter().map(|l| l.top()).fold(f32::INFINITY, f32::min),
        x1: lines.iter().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max),
        y1: lines
            .iter()
            .map(|l| l.bottom())
            .fold(f32::NEG_INFINITY, f32::max),
    };
    let role = role_of(&text, lines.len(), size, bold, body_size);
    if role == Role::Paragraph {
        text = split_run_in(lines, text);
    }
    Block {
        text,
        page: Some(page),
        bbox: Some(bbox),
        font_size: size,
        bold,
        role,
        links: Vec::new(),
    }
}

/// A paragraph opening with a bold run-in label ("**Learning** Safer sleep
/// advice…") with the label on a line of its own, as the HTML reader gives
/// it, so the label grammar reads it alone. Headings are left whole: their
/// weight is the block's, not a label's.
fn split_run_in(lines: &[Line], text: String) -> String {
    let Some(first) = lines.first() else {
        return text;
    };
    let n = first.run_in_words();
    if n == 0 {
        return text;
    }
    let label = first.words[..n]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    match text.strip_prefix(label.as_str()) {
        Some(rest) if rest.starts_with(' ') => format!("{label}\n{}", rest.trim_start()),
        _ => text,
    }
}

/// Heading when short and larger or bold; list item when it opens with a
/// bullet or number; else paragraph.
pub fn role_of(text: &str, n_lines: usize, size: f32, bold: bool, body_size: f32) -> Role {
    let short = n_lines <= 3 && text.chars().count() <= 150;
    let ends_sentence = text.trim_end().ends_with(['.', ',', ';']);
    // A numbered line in larger type is a section heading ("4.
    // Recommendations" over a report's section), not a list item.
    let heading_size = short && !ends_sentence && body_size > 0.0 && size >= 1.15 * body_size;
    if let Some(number) = list_marker(text)
        && !heading_size
    {
        return Role::ListItem { level: 0, number };
    }
    if short && !ends_sentence && body_size > 0.0 {
        if size >= 1.45 * body_size {
            return Role::Heading { level: 1 };
        }
        if size >= 1.15 * body_size {
            return Role::Heading { level: 2 };
        }
        if bold && size >= 0.95 * body_size {
            return Role::Heading { level: 3 };
        }
    }
    Role::Paragraph
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, bold: bool) -> crate::layout::words::Word {
        crate::layout::words::Word {
            text: text.into(),
            x0,
            x1: x0 + 6.0 * text.len() as f32,
            y: 100.0,
            size: 10.0,
            bold,
        }
    }

    #[test]
    fn a_bold_run_in_label_gets_its_own_line() {
        let line = Line::from_words(vec![
            word("Learning", 0.0, true),
            word("Safer", 60.0, false),
            word("sleep", 100.0, false),
        ])
        .unwrap();
        assert_eq!(line.run_in_words(), 1);
        let b = make_block(&[line], 1, 10.0);
        assert_eq!(b.text, "Learning\nSafer sleep");
        // All bold (a heading) or all plain: left whole.
        let bold =
            Line::from_words(vec![word("Key", 0.0, true), word("learning", 30.0, true)]).unwrap();
        assert_eq!(bold.run_in_words(), 0);
        let plain =
            Line::from_words(vec![word("Key", 0.0, false), word("learning", 30.0, false)]).unwrap();
        assert_eq!(plain.run_in_words(), 0);
    }
    use crate::layout::Glyph;
    use crate::layout::lines::build_lines;
    use crate::layout::words::tests::run;

    fn page(rows: &[(&str, f32, f32, bool)]) -> Vec<Line> {
        let mut g: Vec<Glyph> = Vec::new();
        for (text, x, y, bold) in rows {
            g.extend(run(text, *x, *y, 0.0).into_iter().map(|mut gl| {
                gl.bold = *bold;
                gl
            }));
        }
        build_lines(&g)
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn vertical_gap_splits_paragraphs() {
        let lines = page(&[
            ("first line of one", 0.0, 100.0, false),
            ("second line of one", 0.0, 112.0, false),
            ("paragraph two", 0.0, 140.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(
            texts(&b),
            ["first line of one\nsecond line of one", "paragraph two"]
        );
    }

    #[test]
    fn bold_heading_is_own_block() {
        let lines = page(&[
            ("THEME 1: Predisposing Risks", 0.0, 100.0, true),
            ("Neither parent had a positive", 0.0, 112.0, false),
            ("childhood.", 0.0, 124.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].role, Role::Heading { level: 3 });
        assert!(b[0].bold);
    }

    #[test]
    fn bullets_start_items_and_hang() {
        let lines = page(&[
            ("• Police", 0.0, 100.0, false),
            ("• Health Visiting Service and", 0.0, 112.0, false),
            ("Strengthening Families", 10.0, 124.0, false),
            ("Back at the margin", 0.0, 136.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(
            texts(&b),
            [
                "• Police",
                "• Health Visiting Service and\nStrengthening Families",
                "Back at the margin"
            ]
        );
        assert_eq!(
            b[0].role,
            Role::ListItem {
                level: 0,
                number: None
            }
        );
    }

    #[test]
    fn short_line_ending_a_sentence_ends_its_paragraph() {
        // No space between paragraphs: the first ends on a short line that
        // the next paragraph's first word would have fitted on.
        let lines = page(&[
            (
                "agencies did not share what they knew about",
                0.0,
                100.0,
                false,
            ),
            ("the risks.", 0.0, 112.0, false),
            (
                "Practitioners need support to ask about the",
                0.0,
                124.0,
                false,
            ),
            ("history of the adults in the household.", 0.0, 136.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[1].text.starts_with("Practitioners"));
    }

    #[test]
    fn justified_text_ends_a_paragraph_short_of_its_edge() {
        // Full lines end at one edge; the paragraph's last line ends a
        // sentence four letters short, too little room for "Agencies".
        let rows = [
            "aaaa bbbb cccc dddd eeee ffff gggg hhhh",
            "iiii jjjj kkkk llll mmmm nnnn oooo pppp",
            "qqqq rrrr ssss tttt uuuu vvvv wwww.",
            "Agencies did not share what they knew a",
            "bout the risks at the point of referral",
        ];
        let rows: Vec<(&str, f32, f32, bool)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (*r, 0.0, 100.0 + 12.0 * i as f32, false))
            .collect();
        let lines = page(&rows);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[1].text.starts_with("Agencies"));
        // Ragged text with the same lines but no common edge: one block.
        let ragged = page(&[
            ("aaaa bbbb cccc dddd eeee ffff gggg hhhh", 0.0, 100.0, false),
            ("iiii jjjj kkkk llll mmmm nnnn oooo", 0.0, 112.0, false),
            ("qqqq rrrr ssss tttt uuuu vvvv wwww.", 0.0, 124.0, false),
            ("Agencies did not share what they knew", 0.0, 136.0, false),
            ("about the risks at the point of", 0.0, 148.0, false),
        ]);
        assert_eq!(group_blocks(&ragged, 1, 10.0).len(), 1);
    }

    #[test]
    fn list_levels_follow_the_indent() {
        let lines = page(&[
            (
                "1. Bring together what each agency knows:",
                0.0,
                100.0,
                false,
            ),
            ("• previous referrals;", 20.0, 112.0, false),
            ("• school attendance, in particular:", 20.0, 124.0, false),
            ("• absence on Mondays;", 40.0, 136.0, false),
            ("• health information.", 20.0, 148.0, false),
            ("2. Check the voice of the child.", 0.0, 160.0, false),
        ]);
        let levels: Vec<u8> = group_blocks(&lines, 1, 10.0)
            .iter()
            .map(|b| match b.role {
                Role::ListItem { level, .. } => level,
                _ => 99,
            })
            .collect();
        assert_eq!(levels, [0, 1, 1, 2, 1, 0]);
    }

    #[test]
    fn one_line_paragraphs_are_told_apart_by_the_flow_measure() {
        // Two short one-line paragraphs: only the long paragraph above
        // shows how far a line can run.
        let lines = page(&[
            (
                "a first paragraph that runs over the full measure and",
                0.0,
                100.0,
                false,
            ),
            ("ends.", 0.0, 112.0, false),
            (
                "Audits will show that plans are reviewed.",
                0.0,
                124.0,
                false,
            ),
            (
                "Case reviews will show that history is recorded.",
                0.0,
                136.0,
                false,
            ),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 3, "{:?}", texts(&b));
    }

    #[test]
    fn full_line_ending_a_sentence_continues() {
        // The sentence ends at the right edge: the next word did not fit.
        let lines = page(&[
            (
                "agencies did not share what they knew abc.",
                0.0,
                100.0,
                false,
            ),
            (
                "Practitioners need support to ask about the",
                0.0,
                112.0,
                false,
            ),
            ("history.", 0.0, 124.0, false),
        ]);
        assert_eq!(group_blocks(&lines, 1, 10.0).len(), 1);
    }

    #[test]
    fn a_line_back_from_a_numbered_paragraphs_hang_starts_a_paragraph() {
        // "4.12" hangs its lines 3 em in; the next paragraph's indent is
        // 1.5 em, and every line runs to the measure.
        let lines = page(&[
            (
                "4.12 Agencies did not share what they knew about the",
                0.0,
                100.0,
                false,
            ),
            (
                "risks to the child and her brother and his sister.",
                30.0,
                112.0,
                false,
            ),
            (
                "Recommendation 2: The ICB should ask about every",
                15.0,
                124.0,
                false,
            ),
            ("adult in the household.", 0.0, 136.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[1].text.starts_with("Recommendation 2"));
        // Without the number, the same lines come back to the margin.
        let mut plain = lines.clone();
        plain.remove(0);
        assert_eq!(group_blocks(&plain, 1, 10.0).len(), 1, "{plain:?}");
    }

    #[test]
    fn first_line_indent_starts_a_paragraph() {
        let lines = page(&[
            (
                "agencies did not share what they knew about",
                0.0,
                100.0,
                false,
            ),
            (
                "the risks to the child and to her brother",
                0.0,
                112.0,
                false,
            ),
            (
                "  Practitioners need support to ask about",
                0.0,
                124.0,
                false,
            ),
            ("history of the adults in the household.", 0.0, 136.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[1].text.starts_with("Practitioners"));
    }

    #[test]
    fn small_paragraph_spacing_is_seen() {
        // Pitch 12, paragraphs 3 points apart.
        let lines = page(&[
            (
                "one line of the first paragraph that runs on",
                0.0,
                100.0,
                false,
            ),
            ("and on to a second line of the same one", 0.0, 112.0, false),
            (
                "A second paragraph three points below it",
                0.0,
                127.0,
                false,
            ),
            (
                "which also runs over two lines of the page",
                0.0,
                139.0,
                false,
            ),
        ]);
        assert_eq!(group_blocks(&lines, 1, 10.0).len(), 2);
    }

    #[test]
    fn numbered_items() {
        assert_eq!(list_marker("1. The learning"), Some(Some(1)));
        assert_eq!(list_marker("(12) Item"), Some(Some(12)));
        assert_eq!(list_marker("• x"), Some(None));
        assert_eq!(list_marker("2020. Year"), None);
        assert_eq!(list_marker("1.1 Sub"), None);
        assert_eq!(list_marker("one"), None);
        assert_eq!(list_marker("-based"), None);
    }

    #[test]
    fn a_numbered_paragraph_hangs_under_its_text() {
        let lines = page(&[
            (
                "4.2 The mother told the health visitor in the spring",
                0.0,
                100.0,
                false,
            ),
            (
                "that she could not manage and asked for help with",
                20.0,
                112.0,
                false,
            ),
            ("the baby's feeds.", 20.0, 124.0, false),
            (
                "4.3 The GP saw the baby twice in the summer.",
                0.0,
                136.0,
                false,
            ),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[0].text.ends_with("feeds."));
        assert!(is_paragraph_number("19.1.1") && is_paragraph_number("3.2."));
        assert!(
            !is_paragraph_number("2020")
                && !is_paragraph_number("1.")
                && !is_paragraph_number("1.250")
        );
    }

    #[test]
    fn a_sentence_left_open_runs_on_across_loose_leading() {
        // Pitch 12 between most lines; one sentence set 18 apart.
        let lines = page(&[
            (
                "a first paragraph set at the usual pitch",
                0.0,
                100.0,
                false,
            ),
            ("that runs on over a second line here.", 0.0, 112.0, false),
            (
                "Asking whether there are lessons to be learned about the",
                0.0,
                136.0,
                false,
            ),
            ("way agencies work together.", 0.0, 154.0, false),
            ("Another paragraph after a gap.", 0.0, 178.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(b.len(), 3, "{:?}", texts(&b));
        assert!(b[1].text.ends_with("together."));
    }

    #[test]
    fn numbered_item_starts_block() {
        let lines = page(&[
            ("1. First point", 0.0, 100.0, false),
            ("2. Second point", 0.0, 112.0, false),
        ]);
        assert_eq!(group_blocks(&lines, 1, 10.0).len(), 2);
    }

    #[test]
    fn a_point_glued_to_its_number_starts_a_block_after_the_point_before() {
        let lines = page(&[
            ("9. Ninth point of the list", 0.0, 100.0, false),
            ("10.It is the tenth point", 0.0, 112.0, false),
            ("11.The eleventh point", 0.0, 124.0, false),
            ("12.5 per cent of them", 0.0, 136.0, false),
        ]);
        let b = group_blocks(&lines, 1, 10.0);
        assert_eq!(
            texts(&b),
            [
                "9. Ninth point of the list",
                "10.It is the tenth point",
                "11.The eleventh point\n12.5 per cent of them"
            ]
        );
        assert!(!continues_numbering("In 2019.", "2020.The"));
    }
}
