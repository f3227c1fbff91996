//! Glyphs of one visual line segment to words.

use super::{Glyph, bidi};
use compact_str::CompactString;

/// Gap between glyphs, in ems of the font size, above which a word ends.
/// Word spaces are 0.2–0.33 em even in tight justified text; kerning and
/// tracking stay under 0.1 em. A list label set in a fixed box ("10.Link",
/// ConTeXt) leaves only 0.11 em: 0.14 joined those, 0.1 (poppler's and
/// pdfminer's break too) splits no word more across the wild corpus.
pub const WORD_GAP_EM: f32 = 0.1;

/// A word: glyphs with no space or wide gap between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text; inline up to 24 bytes, as nearly every word is.
    pub text: CompactString,
    /// Left edge.
    pub x0: f32,
    /// Right edge (end of the last advance).
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Largest font size among its glyphs.
    pub size: f32,
    /// Whether most of its characters are bold.
    pub bold: bool,
}

/// Whether the gap from `prev` to `next` (both on one line, `next` to the
/// right) is wide enough to be a word break.
pub fn is_word_gap(prev: &Glyph, next: &Glyph) -> bool {
    let gap = next.x - (prev.x + prev.width);
    let size = prev.size.max(next.size).max(1.0);
    gap > WORD_GAP_EM * size
}

/// A gap (ems) always taken for a word space, however the line is set.
pub const SURE_WORD_GAP_EM: f32 = 0.2;
/// A narrower gap is a word space only when it is at least this share of
/// the line's usual gap: justified lines stretch every space alike, while
/// a generator that places pieces of one word apart (groff's kerned
/// "dev elopment") leaves a gap far below the stretched spaces.
const LINE_GAP_SHARE: f32 = 0.6;

/// The gaps between neighbouring glyphs wider than [`WORD_GAP_EM`], in
/// ems: the candidates for word spaces on a line.
fn candidate_gaps<'a>(glyphs: &'a [&'a Glyph]) -> impl Iterator<Item = f32> + Clone + 'a {
    glyphs
        .windows(2)
        .filter(|w| !w[0].is_blank() && !w[1].is_blank())
        .filter_map(|w| {
            let gap = w[1].x - (w[0].x + w[0].width);
            let size = w[0].size.max(w[1].size).max(1.0);
            (gap > WORD_GAP_EM * size).then_some(gap / size)
        })
}

/// Whether a gap of `ems` is a word space on a line whose candidate gaps
/// have the median `usual`.
pub fn is_space_on_line(ems: f32, usual: f32) -> bool {
    ems > WORD_GAP_EM && (ems > SURE_WORD_GAP_EM || ems >= LINE_GAP_SHARE * usual)
}

/// Splits glyphs already sorted left to right into words. Space glyphs only
/// break words; many generators emit none, so gaps count too, measured
/// against the line's own spacing.
pub fn split_words(glyphs: &[&Glyph]) -> Vec<Word> {
    // Counted without a heap buffer: asked of every line of every page.
    let usual = if candidate_gaps(glyphs).any(|g| g <= SURE_WORD_GAP_EM) {
        median(candidate_gaps(glyphs))
    } else {
        0.0
    };
    // Room for words of about five glyphs: most lines then grow the list
    // once or never.
    let mut words = Vec::with_capacity(glyphs.len() / 5 + 1);
    let mut cur: Vec<&Glyph> = Vec::with_capacity(glyphs.len().min(64));
    let mut text = String::new();
    // A space glyph breaks a word only where it leaves a gap: Ghostscript
    // positions pieces of one word with a space glyph whose advance the
    // word spacing (Tw) cancels ("Par tnership" painted as "Partnership").
    let mut blank = false;
    for g in glyphs {
        if g.is_blank() {
            blank = true;
            continue;
        }
        if let Some(prev) = cur.last() {
            let ems = (g.x - (prev.x + prev.width)) / prev.size.max(g.size).max(1.0);
            let space = if blank {
                ems > WORD_GAP_EM
            } else {
                is_word_gap(prev, g) && is_space_on_line(ems, usual)
            };
            if space {
                flush(&mut cur, &mut text, &mut words);
            }
        }
        blank = false;
        cur.push(g);
    }
    flush(&mut cur, &mut text, &mut words);
    words
}

/// Makes a word of `cur`, spelling it in `text` (a buffer kept across words).
fn flush(cur: &mut Vec<&Glyph>, text: &mut String, words: &mut Vec<Word>) {
    if cur.is_empty() {
        return;
    }
    // One pass over the glyphs: a document has hundreds of thousands of words.
    text.clear();
    let (mut x0, mut x1, mut size) = (f32::INFINITY, f32::NEG_INFINITY, 0f32);
    let mut bold_glyphs = 0;
    let mut same_y = true;
    for g in cur.iter() {
        // Most glyphs are one visible ASCII letter, which needs no trim.
        match g.text.as_bytes() {
            &[b] if b.is_ascii_graphic() => text.push(char::from(b)),
            _ => text.push_str(g.text.trim()),
        }
        x0 = x0.min(g.x);
        x1 = x1.max(g.x + g.width);
        size = size.max(g.size);
        bold_glyphs += usize::from(g.bold);
        same_y &= g.y == cur[0].y;
    }
    let bold = bold_glyphs * 2 > cur.len();
    let y = if same_y {
        cur[0].y
    } else {
        median(cur.iter().map(|g| g.y))
    };
    let text = match bidi::logical_word(text) {
        Some(logical) => CompactString::from(logical),
        None => CompactString::new(text.as_str()),
    };
    if !text.is_empty() {
        words.push(Word {
            text,
            x0,
            x1,
            y,
            size,
            bold,
        });
    }
    cur.clear();
}

/// The median of a few values (the upper one of an even count), without a
/// heap allocation for the usual word or line of up to 32.
pub fn median(values: impl Iterator<Item = f32> + Clone) -> f32 {
    let mut small = [0f32; 32];
    let n = values.clone().count();
    let mut large;
    let buf: &mut [f32] = if n <= small.len() {
        for (slot, v) in small.iter_mut().zip(values) {
            *slot = v;
        }
        &mut small[..n]
    } else {
        large = values.collect::<Vec<f32>>();
        &mut large
    };
    if buf.is_empty() {
        return 0.0;
    }
    let mid = buf.len() / 2;
    *buf.select_nth_unstable_by(mid, f32::total_cmp).1
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::Dir;

    #[test]
    fn narrow_gap_inside_a_loosely_justified_line_joins() {
        // Spaces stretched to 0.5 em; "dev" and "elopment" 0.15 em apart.
        let mut g = Vec::new();
        let mut x = 0.0;
        for (piece, gap_after) in [
            ("the", 5.0),
            ("dev", 1.5),
            ("elopment", 5.0),
            ("of", 5.0),
            ("the", 5.0),
            ("child", 0.0),
        ] {
            g.extend(run(piece, x, 100.0, 0.0));
            x += piece.len() as f32 * 5.0 + gap_after;
        }
        let refs: Vec<&Glyph> = g.iter().collect();
        let words: Vec<String> = split_words(&refs)
            .iter()
            .map(|w| w.text.to_string())
            .collect();
        assert_eq!(words, ["the", "development", "of", "the", "child"]);
    }

    #[test]
    fn space_glyph_cancelled_by_word_spacing_joins() {
        // "Par" + space + "tnership", the space's advance taken back: the
        // pieces touch.
        let mut g = run("Par", 0.0, 100.0, 0.0);
        g.extend(run(" ", 15.0, 100.0, 0.0));
        g.extend(run("tnership", 15.2, 100.0, 0.0));
        g.extend(run(" ", 55.2, 100.0, 0.0));
        g.extend(run("Police", 58.0, 100.0, 0.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let words: Vec<String> = split_words(&refs)
            .iter()
            .map(|w| w.text.to_string())
            .collect();
        assert_eq!(words, ["Partnership", "Police"]);
    }

    #[test]
    fn tight_spaces_stay_spaces() {
        // Every space 0.15 em: the line's own spacing, so all are breaks.
        assert!(is_space_on_line(0.15, 0.15));
        assert!(!is_space_on_line(0.15, 0.5));
        assert!(is_space_on_line(0.25, 0.6));
        assert!(!is_space_on_line(0.05, 0.05));
    }

    #[test]
    fn median_of_few_and_many() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0].into_iter()), 4.0);
        assert_eq!(median(std::iter::empty()), 0.0);
        let many: Vec<f32> = (0..101).rev().map(|i| i as f32).collect();
        assert_eq!(median(many.into_iter()), 50.0);
    }

    /// Glyphs for `text` at `x`, 10 pt, each char 5 pt wide, `gap` extra
    /// points between characters.
    pub fn run(text: &str, x: f32, y: f32, gap: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x + i as f32 * (5.0 + gap),
                y,
                width: 5.0,
                size: 10.0,
                bold: false,
                dir: Dir::Right,
            })
            .collect()
    }

    fn texts(glyphs: &[Glyph]) -> Vec<String> {
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        split_words(&refs)
            .into_iter()
            .map(|w| w.text.to_string())
            .collect()
    }

    #[test]
    fn space_glyphs_split() {
        assert_eq!(texts(&run("ab cd", 0.0, 10.0, 0.0)), ["ab", "cd"]);
    }

    #[test]
    fn gaps_split_without_space_glyphs() {
        let mut g = run("ab", 0.0, 10.0, 0.0);
        g.extend(run("cd", 13.0, 10.0, 0.0));
        assert_eq!(texts(&g), ["ab", "cd"]);
    }

    #[test]
    fn tight_kerning_keeps_word() {
        assert_eq!(texts(&run("word", 0.0, 10.0, -0.4)), ["word"]);
        assert_eq!(texts(&run("word", 0.0, 10.0, 0.8)), ["word"]);
    }

    #[test]
    fn hyphens_kept() {
        assert_eq!(texts(&run("co-op", 0.0, 10.0, 0.0)), ["co-op"]);
    }
}
