//! Column gutters narrower than the gap that splits a line on its own.
//! Three-column pages (the Federal Register, newsletters, seven-minute
//! briefings) leave about one em between columns, and where two columns'
//! baselines coincide their lines would run together. A gutter shows as a
//! vertical strip that no line's text crosses, with many lines ending just
//! left of it and many starting at its right edge.

use super::Glyph;

/// Fewest baselines on a page for gutters to be looked for.
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

/// The gutters of a page, from its glyphs grouped by baseline.
pub fn find_strips(baselines: &[Vec<&Glyph>]) -> Vec<Strip> {
    if baselines.len() < MIN_BASELINES {
        return Vec::new();
    }
    let right = baselines
        .iter()
        .flatten()
        .map(|g| g.x + g.width)
        .fold(0.0f32, f32::max)
        .clamp(0.0, MAX_WIDTH);
    let bins = right.ceil() as usize + 2;
    let mut covered = vec![0u32; bins];
    let mut starts = vec![0u32; bins];
    let mut ends = vec![0u32; bins];
    let mut sizes: Vec<f32> = baselines.iter().flatten().map(|g| g.size).collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let bin = |x: f32| (x.clamp(0.0, MAX_WIDTH) as usize).min(bins - 1);
    for line in baselines {
        let mut spans: Vec<(f32, f32)> = line
            .iter()
            .filter(|g| !g.is_blank())
            .map(|g| (g.x, g.x + g.width))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Glyphs closer than a point belong to one run of ink.
        let mut merged: Vec<(f32, f32)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1.0 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let (Some(first), Some(last)) = (merged.first(), merged.last()) else {
            continue;
        };
        let (line_x0, line_x1) = (first.0, last.1);
        for &(a, b) in &merged {
            let (i, j) = (bin(a), bin(b));
            for c in &mut covered[i..=j] {
                *c += 1;
            }
            // Only text that runs for some ems on that side counts: a
            // list's numbers or a form's labels make aligned gaps too.
            if line_x1 - a >= COLUMN_EM * em {
                starts[i] += 1;
            }
            if b - line_x0 >= COLUMN_EM * em {
                ends[j] += 1;
            }
        }
    }
    let reach = (2.0 * em).ceil() as usize;
    // A title or a rule-spanning line may cross a gutter: a strip may be
    // crossed by a line in fifty.
    let crossing = (baselines.len() / 50).max(1) as u32;
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

    fn refs(lines: &[Vec<Glyph>]) -> Vec<Vec<&Glyph>> {
        lines.iter().map(|l| l.iter().collect()).collect()
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
