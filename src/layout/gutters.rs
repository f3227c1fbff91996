//! Column gutters narrower than the gap that splits a line on its own.
//! Three-column pages (the Federal Register, newsletters, seven-minute
//! briefings) leave about one em between columns, and where two columns'
//! baselines coincide their lines would run together. A gutter shows as a
//! vertical strip that no line's text crosses, with many lines ending just
//! left of it and many starting at its right edge.

use super::lines::Line;

/// Fewest line segments on a page for gutters to be looked for.
const MIN_BASELINES: usize = 10;
/// Fewest lines that must end before, and start after, a strip.
const MIN_SUPPORT: u32 = 5;
/// Narrowest strip taken for a gutter, in ems of the body size.
const MIN_WIDTH_EM: f32 = 0.5;
/// Narrowest column, in ems, on either side of a gutter.
const COLUMN_EM: f32 = 8.0;
/// Widest page handled, in points; hostile coordinates are clamped to it.
const MAX_WIDTH: f32 = 5000.0;

/// An x-range no text crosses, with columns of text on both sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strip {
    /// Left edge (end of the left column's text).
    pub x0: f32,
    /// Right edge (start of the right column's text).
    pub x1: f32,
}

/// The gutters of a page, from its line segments.
pub fn find_strips(lines: &[Line]) -> Vec<Strip> {
    if lines.len() < MIN_BASELINES {
        return Vec::new();
    }
    let right = lines
        .iter()
        .map(|l| l.x1)
        .fold(0.0f32, f32::max)
        .clamp(0.0, MAX_WIDTH);
    let bins = right.ceil() as usize + 2;
    // Coverage is summed from a difference array: each word adds one at
    // its start and takes it back after its end.
    let mut delta = vec![0i64; bins + 1];
    let mut starts = vec![0u32; bins];
    let mut ends = vec![0u32; bins];
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    let mid = sizes.len() / 2;
    let em = sizes.select_nth_unstable_by(mid, f32::total_cmp).1.max(1.0);
    let bin = |x: f32| (x.clamp(0.0, MAX_WIDTH) as usize).min(bins - 1);
    for line in lines {
        for w in &line.words {
            let (i, j) = (bin(w.x0), bin(w.x1));
            delta[i] += 1;
            delta[j + 1] -= 1;
            // Only text that runs for some ems on that side counts: a
            // list's numbers or a form's labels make aligned gaps too.
            if line.x1 - w.x0 >= COLUMN_EM * em {
                starts[i] += 1;
            }
            if w.x1 - line.x0 >= COLUMN_EM * em {
                ends[j] += 1;
            }
        }
    }
    let mut covered = vec![0u32; bins];
    let mut running = 0i64;
    for (c, d) in covered.iter_mut().zip(&delta) {
        running += d;
        *c = running.max(0) as u32;
    }
    let reach = (2.0 * em).ceil() as usize;
    // A title or a line spanning the columns may cross a gutter: a strip
    // may be crossed by one line in fifty.
    let crossing = (lines.len() / 50).max(1) as u32;
    let mut strips = Vec::new();
    let mut x = 0;
    while x < bins {
        if covered[x] > crossing {
            x += 1;
            continue;
        }
        let a = x;
        while x < bins && covered[x] <= crossing {
            x += 1;
        }
        let b = x;
        // Page margins are not gutters: text must lie on both sides.
        if a == 0 || b >= bins || ((b - a) as f32) < MIN_WIDTH_EM * em {
            continue;
        }
        let before: u32 = ends[a.saturating_sub(reach)..a].iter().sum();
        let after: u32 = starts[b..(b + 2).min(bins)].iter().sum();
        if before >= MIN_SUPPORT && after >= MIN_SUPPORT {
            strips.push(Strip {
                x0: a as f32,
                x1: b as f32,
            });
        }
    }
    strips
}

/// Whether the gap from `left` (its right edge) to `right` (its left edge)
/// holds one of `strips`.
pub fn crosses(strips: &[Strip], left: f32, right: f32) -> bool {
    strips
        .iter()
        .any(|s| left <= s.x0 + 1.0 && right >= s.x1 - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Glyph;
    use crate::layout::words::split_words;
    use crate::layout::words::tests::run;

    const LEFT: [&str; 6] = [
        "the review found that",
        "agencies did not share",
        "what they knew about",
        "the risks to the child",
        "and no one asked her",
        "about life at home",
    ];

    /// `n` lines of two columns with a gap of `gap` points between them.
    fn two_columns(n: usize, gap: f32) -> Vec<Vec<Glyph>> {
        (0..n)
            .map(|i| {
                let y = 100.0 + 12.0 * i as f32;
                let left = LEFT[i % LEFT.len()];
                let mut g = run(left, 50.0, y, 0.0);
                let start = 50.0 + 22.0 * 5.0 + gap;
                g.extend(run(LEFT[(i + 3) % LEFT.len()], start, y, 0.0));
                g
            })
            .collect()
    }

    /// Each visual line as one segment, gaps and all, as a line running
    /// across a gutter is before it is split.
    fn refs(lines: &[Vec<Glyph>]) -> Vec<Line> {
        lines
            .iter()
            .filter_map(|l| {
                let glyphs: Vec<&Glyph> = l.iter().collect();
                Line::from_words(split_words(&glyphs))
            })
            .collect()
    }

    #[test]
    fn narrow_gutter_between_columns_found() {
        let lines = two_columns(12, 9.0);
        let strips = find_strips(&refs(&lines));
        assert_eq!(strips.len(), 1, "{strips:?}");
        assert!(crosses(&strips, 160.0, 169.0));
        assert!(!crosses(&strips, 60.0, 63.0));
    }

    #[test]
    fn single_column_text_has_no_gutter() {
        let lines: Vec<Vec<Glyph>> = (0..12)
            .map(|i| run(LEFT[i % LEFT.len()], 50.0, 100.0 + 12.0 * i as f32, 0.0))
            .collect();
        assert!(find_strips(&refs(&lines)).is_empty());
    }

    #[test]
    fn numbered_list_is_not_two_columns() {
        let lines: Vec<Vec<Glyph>> = (0..12)
            .map(|i| {
                let y = 100.0 + 12.0 * i as f32;
                let mut g = run(&format!("{}.", i % 9 + 1), 50.0, y, 0.0);
                g.extend(run(LEFT[i % LEFT.len()], 70.0, y, 0.0));
                g
            })
            .collect();
        assert!(find_strips(&refs(&lines)).is_empty());
    }

    #[test]
    fn few_lines_are_not_enough() {
        let lines = two_columns(4, 9.0);
        assert!(find_strips(&refs(&lines)).is_empty());
    }
}
