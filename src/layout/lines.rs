//! Glyphs of a page to visual line segments: baseline clustering, then
//! splitting a baseline at wide gaps (column gutters, tab stops).

use super::gutters::{Strip, crosses, find_strips};
use super::words::{Word, median, split_words};
use super::{Dir, Glyph, bidi};
use crate::block::RUN_IN_MAX;

/// Baselines closer than this (ems) are one line; superscripts stay in.
const SAME_BASELINE_EM: f32 = 0.4;

/// A horizontal gap wider than this (ems) splits a line into segments, so
/// that two columns sharing a baseline come apart. Word spaces in even the
/// loosest justified text stay under it.
pub const SEGMENT_GAP_EM: f32 = 1.5;
/// A narrower gap still splits a line where it holds a column gutter found
/// down the page (`gutters::find_strips`); wider than any word space.
pub const GUTTER_GAP_EM: f32 = 0.7;

/// One visual line (or a segment of it), words left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Words, left to right.
    pub words: Vec<Word>,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Dominant font size.
    pub size: f32,
    /// Whether most characters are bold.
    pub bold: bool,
}

impl Line {
    /// Builds a line from words sorted left to right.
    pub fn from_words(words: Vec<Word>) -> Option<Line> {
        let first = words.first()?;
        let x0 = first.x0;
        let x1 = words.iter().map(|w| w.x1).fold(f32::NEG_INFINITY, f32::max);
        let y = median(words.iter().map(|w| w.y));
        let size = dominant_size(&words);
        let chars: usize = words.iter().map(|w| w.text.chars().count()).sum();
        let bold_chars: usize = words
            .iter()
            .filter(|w| w.bold)
            .map(|w| w.text.chars().count())
            .sum();
        Some(Line {
            x0,
            x1,
            y,
            size,
            bold: bold_chars * 2 > chars,
            words,
        })
    }

    /// Words joined by single spaces, in reading order (a line written
    /// right to left reads from the right).
    pub fn text(&self) -> String {
        let len = self.words.iter().map(|w| w.text.len() + 1).sum();
        let mut s = String::with_capacity(len);
        let mut push = |w: &Word| {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&w.text);
        };
        if self.words.iter().all(|w| w.text.is_ascii()) {
            self.words.iter().for_each(push);
        } else {
            let texts: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
            for k in bidi::reading_order(&texts) {
                push(&self.words[k]);
            }
        }
        s
    }

    /// How many words open the line in bold before plain text goes on:
    /// a run-in label ("Learning Safer sleep advice…" with "Learning" in
    /// bold). Zero when the line is all bold or all plain, or the bold
    /// opening is longer than a label.
    pub fn run_in_words(&self) -> usize {
        let n = self.words.iter().take_while(|w| w.bold).count();
        let chars: usize = self.words[..n]
            .iter()
            .map(|w| w.text.chars().count() + 1)
            .sum();
        let goes_on = self.words.get(n).is_some_and(|w| {
            w.text
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '“' | '"' | '‘'))
        });
        // Right-to-left lines are read in another order; leave them whole.
        let rtl = self.words.iter().any(|w| w.text.chars().any(bidi::is_rtl));
        if n == 0 || !goes_on || chars > RUN_IN_MAX || rtl {
            0
        } else {
            n
        }
    }

    /// The start of `text()`: its first two words, which is all that a
    /// list marker ("•", "12.", "(3)") and the word after it need. Asked of
    /// every line while grouping paragraphs, where the whole text would be
    /// built only to be thrown away.
    pub fn head(&self) -> String {
        if self.words.iter().take(2).any(|w| !w.text.is_ascii()) {
            return self.text();
        }
        match &self.words[..] {
            [] => String::new(),
            [one] => one.text.to_string(),
            [a, b, ..] => {
                let mut head = String::with_capacity(a.text.len() + 1 + b.text.len());
                head.push_str(&a.text);
                head.push(' ');
                head.push_str(&b.text);
                head
            }
        }
    }

    /// Approximate top of the line (ascender).
    pub fn top(&self) -> f32 {
        self.y - self.size * 0.8
    }

    /// Approximate bottom of the line (descender).
    pub fn bottom(&self) -> f32 {
        self.y + self.size * 0.25
    }

    /// Appends `other` (same baseline, to the right) to this line.
    pub fn absorb(&mut self, other: Line) {
        self.x1 = self.x1.max(other.x1);
        self.x0 = self.x0.min(other.x0);
        self.words.extend(other.words);
        self.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
}

/// The font size covering most characters. Most lines have one size; the
/// pairwise count is only needed when they differ.
fn dominant_size(words: &[Word]) -> f32 {
    let Some(first) = words.first() else {
        return 0.0;
    };
    if words.iter().all(|w| w.size == first.size) {
        return first.size;
    }
    let chars: Vec<usize> = words.iter().map(|w| w.text.chars().count()).collect();
    let mut best = (0.0f32, 0usize);
    for w in words {
        let n: usize = words
            .iter()
            .zip(&chars)
            .filter(|(o, _)| (o.size - w.size).abs() < 0.5)
            .map(|(_, c)| c)
            .sum();
        if n > best.1 {
            best = (w.size, n);
        }
    }
    best.0
}

/// Upright glyphs to line segments, top to bottom then left to right.
/// Glyphs running any other way (rotated margins, vertical labels) are left
/// out; `rotate::frames` turns those into upright glyphs of their own.
pub fn build_lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut upright: Vec<&Glyph> = glyphs.iter().filter(|g| g.dir == Dir::Right).collect();
    upright.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut baselines: Vec<Vec<&Glyph>> = Vec::new();
    let mut cluster: Vec<&Glyph> = Vec::new();
    let mut base = 0.0f32;
    let mut base_size = 0.0f32;
    for g in upright {
        let tolerance = SAME_BASELINE_EM * base_size.max(g.size).max(1.0);
        if !cluster.is_empty() && (g.y - base).abs() > tolerance {
            // Copied out at its size: the one list keeps its room for the
            // next line, instead of every line growing its own.
            baselines.push(cluster.to_vec());
            cluster.clear();
        }
        if cluster.is_empty() {
            base = g.y;
            base_size = g.size;
        } else if !g.is_blank() && g.size > base_size {
            base_size = g.size;
        }
        cluster.push(g);
    }
    if !cluster.is_empty() {
        baselines.push(cluster);
    }
    let baselines = join_raised_marks(baselines);
    let mut lines = Vec::new();
    for mut baseline in baselines {
        emit_baseline(&mut baseline, &mut lines);
    }
    let strips = find_strips(&lines);
    if strips.is_empty() {
        return lines;
    }
    lines
        .into_iter()
        .flat_map(|l| split_at_strips(l, &strips))
        .collect()
}

/// A mark set raised and smaller ("over time.⁴⁶") further above its
/// line than the baseline tolerance (groff raises `\**` by 0.4 em of the
/// larger size): a baseline of its own would cut the paragraph in two
/// around a line holding only the number.
const RAISED_MAX_EM: f32 = 0.75;
/// At most this many glyphs make a raised mark.
const RAISED_MAX_GLYPHS: usize = 4;
/// A raised mark is at most this share of its line's size.
const RAISED_SIZE_SHARE: f32 = 0.85;

/// Baselines with each raised mark moved into the line below it, which is
/// the line it belongs to.
fn join_raised_marks(baselines: Vec<Vec<&Glyph>>) -> Vec<Vec<&Glyph>> {
    let mut out: Vec<Vec<&Glyph>> = Vec::with_capacity(baselines.len());
    let mut pending: Option<Vec<&Glyph>> = None;
    for mut b in baselines {
        if let Some(mark) = pending.take() {
            if is_raised_mark(&mark, &b) {
                b.extend(mark);
            } else {
                out.push(mark);
            }
        }
        if is_mark_shaped(&b) {
            pending = Some(b);
        } else {
            out.push(b);
        }
    }
    out.extend(pending);
    out
}

/// A few digits or note symbols and nothing else.
fn is_mark_shaped(b: &[&Glyph]) -> bool {
    // Asked of every baseline: no list of its ink is made.
    let mut ink = 0;
    for g in b.iter().filter(|g| !g.is_blank()) {
        ink += 1;
        let mark = g
            .text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | '†' | '‡' | '§'));
        if ink > RAISED_MAX_GLYPHS || !mark {
            return false;
        }
    }
    ink > 0
}

/// Whether a mark-shaped baseline sits raised over `line`: smaller, a
/// little above it, and within its width.
fn is_raised_mark(mark: &[&Glyph], line: &[&Glyph]) -> bool {
    let ink = |b: &[&Glyph]| -> Vec<(f32, f32, f32, f32)> {
        b.iter()
            .filter(|g| !g.is_blank())
            .map(|g| (g.x, g.x + g.width, g.y, g.size))
            .collect()
    };
    let (m, l) = (ink(mark), ink(line));
    if m.is_empty() || l.is_empty() {
        return false;
    }
    let size = l.iter().map(|g| g.3).fold(0.0f32, f32::max);
    let mark_size = m.iter().map(|g| g.3).fold(0.0f32, f32::max);
    let rise = median(l.iter().map(|g| g.2)) - median(m.iter().map(|g| g.2));
    let left = l.iter().map(|g| g.0).fold(f32::INFINITY, f32::min);
    let right = l.iter().map(|g| g.1).fold(f32::NEG_INFINITY, f32::max);
    mark_size <= RAISED_SIZE_SHARE * size
        && rise > 0.0
        && rise <= RAISED_MAX_EM * size
        && m.iter().all(|g| g.0 >= left - size && g.1 <= right + size)
}

/// A list number or paragraph number set apart from its text by a tab or
/// a hanging indent ("1." then the text 2.5 em on, as Chromium sets an
/// ordered list) stays on the text's line up to this gap (ems): cut off,
/// the numbers read as a column of their own.
const MARKER_GAP_EM: f32 = 3.0;

/// Whether glyphs so far make one list marker or paragraph number: "•",
/// "3.", "3a.", "(3)", "12)", "4.12", "5.2.3.".
fn is_marker_word(seg: &[&Glyph]) -> bool {
    let mut w = String::new();
    for g in seg {
        w.push_str(&g.text);
    }
    let w = w.trim();
    if w.chars().any(char::is_whitespace) {
        return false;
    }
    // Not a dash: a table prints one for an empty cell.
    if matches!(w, "•" | "◦" | "▪" | "‣" | "●" | "○" | "■") {
        return true;
    }
    let body = w
        .strip_prefix('(')
        .map_or(w, |b| b.strip_suffix(')').unwrap_or(b));
    let body = body.strip_suffix(['.', ')']).unwrap_or(body);
    let parts: Vec<&str> = body.split('.').collect();
    let number = |p: &str| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [one] => {
            let digits = one.trim_end_matches(|c: char| c.is_ascii_lowercase());
            one.len() - digits.len() <= 1 && number(digits) && w != body
        }
        [first, rest @ ..] if rest.len() <= 3 => {
            number(first) && rest.iter().all(|p| p.len() <= 2 && number(p))
        }
        _ => false,
    }
}

/// A line cut where a gap between its words holds a column gutter.
fn split_at_strips(line: Line, strips: &[Strip]) -> Vec<Line> {
    let cut = |a: &Word, b: &Word| {
        b.x0 - a.x1 > GUTTER_GAP_EM * b.size.max(1.0) && crosses(strips, a.x1, b.x0)
    };
    if !line.words.windows(2).any(|w| cut(&w[0], &w[1])) {
        return vec![line];
    }
    let mut out = Vec::new();
    let mut part: Vec<Word> = Vec::new();
    for w in line.words {
        if part.last().is_some_and(|p| cut(p, &w)) {
            out.extend(Line::from_words(std::mem::take(&mut part)));
        }
        part.push(w);
    }
    out.extend(Line::from_words(part));
    out
}

/// Glyphs of one baseline: sort, drop overprinted duplicates, split at wide
/// gaps, make words.
fn emit_baseline(cluster: &mut [&Glyph], lines: &mut Vec<Line>) {
    cluster.sort_by(|a, b| a.x.total_cmp(&b.x));
    let deduped = drop_overprint(cluster);
    let mut seg: Vec<&Glyph> = Vec::with_capacity(deduped.len());
    let mut right = f32::NEG_INFINITY;
    for g in deduped {
        let blank = g.is_blank();
        let gap = g.x - right;
        if !seg.is_empty()
            && !blank
            && gap > SEGMENT_GAP_EM * g.size.max(1.0)
            && (gap > MARKER_GAP_EM * g.size.max(1.0) || !is_marker_word(&seg))
        {
            push_segment(&seg, lines);
            seg.clear();
        }
        if !blank {
            right = right.max(g.x + g.width);
        }
        if !(seg.is_empty() && blank) {
            seg.push(g);
        }
    }
    push_segment(&seg, lines);
}

fn push_segment(seg: &[&Glyph], lines: &mut Vec<Line>) {
    if let Some(line) = Line::from_words(split_words(seg)) {
        lines.push(line);
    }
}

/// Fake bold and shadows paint the same glyph twice at almost the same spot.
pub fn drop_overprint<'a>(sorted: &[&'a Glyph]) -> Vec<&'a Glyph> {
    let mut out: Vec<&Glyph> = Vec::with_capacity(sorted.len());
    for g in sorted {
        // Positions first: comparing two floats is cheaper than two strings.
        let (dx, dy) = (0.2 * g.width.max(1.0), 0.2 * g.size.max(1.0));
        let dup = out[out.len().saturating_sub(4)..]
            .iter()
            .any(|o| (o.x - g.x).abs() < dx && (o.y - g.y).abs() < dy && o.text == g.text);
        if !dup {
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::words::tests::run;

    fn sized(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut g = run(text, x, y, 0.0);
        for c in &mut g {
            c.size = size;
        }
        g
    }

    #[test]
    fn a_raised_footnote_mark_joins_the_line_below_it() {
        let mut g = run("alpha beta", 0.0, 10.0, 0.0);
        g.extend(run("harm.", 0.0, 22.0, 0.0));
        // Set 6.3 pt, 4 pt above a 10 pt line: past the baseline tolerance.
        g.extend(sized("60", 25.0, 18.0, 6.3));
        g.extend(run("It", 45.0, 22.0, 0.0));
        let lines = build_lines(&g);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["alpha beta", "harm.60 It"]);
    }

    #[test]
    fn a_small_number_of_its_own_stays_a_line() {
        // Same size as the text, or far above it, or words: not a mark.
        let mut g = run("12", 0.0, 10.0, 0.0);
        g.extend(run("Text", 0.0, 22.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
        let mut g = sized("3", 0.0, 10.0, 6.0);
        g.extend(run("Text", 0.0, 22.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
        let mut g = sized("note", 0.0, 16.0, 6.0);
        g.extend(run("Text", 0.0, 22.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
    }

    #[test]
    fn a_list_number_set_apart_stays_on_its_line() {
        // "1." then its text 2.5 em on, as Chromium sets an ordered list.
        let mut g = run("1.", 0.0, 10.0, 0.0);
        g.extend(run("Text", 35.0, 10.0, 0.0));
        let lines = build_lines(&g);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["1. Text"]);
        let mut g = run("4.12", 0.0, 10.0, 0.0);
        g.extend(run("Text", 45.0, 10.0, 0.0));
        assert_eq!(build_lines(&g).len(), 1);
    }

    #[test]
    fn a_number_far_from_its_neighbour_or_a_word_is_a_column() {
        let mut g = run("1.", 0.0, 10.0, 0.0);
        g.extend(run("Text", 60.0, 10.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
        let mut g = run("2020", 0.0, 10.0, 0.0);
        g.extend(run("Text", 40.0, 10.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
        let mut g = run("Total", 0.0, 10.0, 0.0);
        g.extend(run("12", 45.0, 10.0, 0.0));
        assert_eq!(build_lines(&g).len(), 2);
    }

    #[test]
    fn marker_words() {
        let yes = ["•", "3.", "3a.", "(3)", "12)", "4.12", "5.2.3."];
        let no = ["2020", "12", "Total", "3.5kg", "1.2345", "a.", "1234.", "–"];
        let word = |w: &str| run(w, 0.0, 0.0, 0.0);
        for w in yes {
            let g = word(w);
            let refs: Vec<&Glyph> = g.iter().collect();
            assert!(is_marker_word(&refs), "{w}");
        }
        for w in no {
            let g = word(w);
            let refs: Vec<&Glyph> = g.iter().collect();
            assert!(!is_marker_word(&refs), "{w}");
        }
    }

    #[test]
    fn two_baselines_two_lines() {
        let mut g = run("second", 0.0, 30.0, 0.0);
        g.extend(run("first", 0.0, 10.0, 0.0));
        let lines = build_lines(&g);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["first", "second"]);
    }

    #[test]
    fn slightly_shifted_glyphs_stay_on_line() {
        let mut g = run("ab", 0.0, 10.0, 0.0);
        g.extend(run("c", 10.0, 11.5, 0.0));
        let lines = build_lines(&g);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "abc");
    }

    #[test]
    fn wide_gap_splits_segments() {
        let mut g = run("left", 0.0, 10.0, 0.0);
        g.extend(run("right", 60.0, 10.0, 0.0));
        let lines = build_lines(&g);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn overprinted_glyphs_dropped() {
        let mut g = run("ab", 0.0, 10.0, 0.0);
        g.extend(run("ab", 0.3, 10.0, 0.0));
        assert_eq!(build_lines(&g)[0].text(), "ab");
    }

    #[test]
    fn lines_across_a_narrow_gutter_are_split() {
        // Two columns one em apart on shared baselines: too narrow for the
        // gap alone to split them, but the gutter runs down the page.
        const TEXTS: [&str; 4] = [
            "the review found that",
            "agencies did not share",
            "what they knew of the",
            "risks and no one asked",
        ];
        let mut g = Vec::new();
        for i in 0..12 {
            let y = 100.0 + 12.0 * i as f32;
            g.extend(run(TEXTS[i % 4], 0.0, y, 0.0));
            g.extend(run(TEXTS[(i + 1) % 4], 120.0, y, 0.0));
        }
        let lines = build_lines(&g);
        assert_eq!(lines.len(), 24);
        assert!(lines.iter().all(|l| l.x1 <= 115.0 || l.x0 >= 120.0));
    }

    #[test]
    fn rotated_glyphs_left_out() {
        let mut g = run("ab", 0.0, 10.0, 0.0);
        g[1].dir = Dir::Up;
        assert_eq!(build_lines(&g)[0].text(), "a");
    }
}
