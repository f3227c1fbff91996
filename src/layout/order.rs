//! Reading order of line segments: columns read one after the other, lines
//! spanning the gutter (titles, footers) read where they stand.

use super::lines::Line;

/// Narrowest gutter (points) taken for a column gap.
const MIN_GUTTER: f32 = 6.0;
/// Each column must hold at least this share of the region's lines.
const MIN_COLUMN_SHARE: f32 = 0.2;
/// Most lines, as a share of the region's, that may cross a gutter
/// (headings and figures spanning the columns).
const MAX_ACROSS_SHARE: f32 = 0.2;
/// Deepest column nesting followed (three-column pages need two).
const MAX_DEPTH: u32 = 3;

/// A vertical gap between columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gutter {
    /// Left edge of the gap.
    pub x0: f32,
    /// Right edge of the gap.
    pub x1: f32,
}

/// Finds the widest column gutter among `lines`, if the lines form columns:
/// an x-range no line crosses except a few spanning ones, with enough lines
/// on each side and the two sides side by side vertically.
///
/// Every candidate edge is judged from lines sorted by their ends and by
/// their starts, with prefix and suffix extents, so a page of scattered
/// glyphs costs n log n rather than a pass over all lines per candidate.
pub fn find_gutter(lines: &[Line]) -> Option<Gutter> {
    let n = lines.len();
    if n < 6 {
        return None;
    }
    let min_side = ((n as f32 * MIN_COLUMN_SHARE).ceil() as usize).max(3);
    // Lines by right edge, with the vertical extent of every prefix: the
    // lines left of a probe are a prefix of this order.
    let mut by_end: Vec<&Line> = lines.iter().collect();
    by_end.sort_by(|a, b| a.x1.total_cmp(&b.x1));
    let ends: Vec<f32> = by_end.iter().map(|l| l.x1).collect();
    let prefix = extents(by_end.iter().copied());
    // Lines by left edge, with the extent of every suffix: the lines right
    // of a probe are a suffix of this order.
    let mut by_start: Vec<&Line> = lines.iter().collect();
    by_start.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let starts: Vec<f32> = by_start.iter().map(|l| l.x0).collect();
    let mut suffix = extents(by_start.iter().rev().copied());
    suffix.reverse();
    // Candidate gutter edges are line ends; a gutter starts after some line
    // ends and stops where the next column starts.
    let mut candidates = ends.clone();
    candidates.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let mut best: Option<(f32, Gutter)> = None;
    for &x in &candidates {
        let probe = x + 0.5;
        let left = ends.partition_point(|&e| e <= probe);
        let first_right = starts.partition_point(|&s| s < probe);
        let right = n - first_right;
        let crossing = n.saturating_sub(left + right);
        if left < min_side || right < min_side || crossing * 3 > n {
            continue;
        }
        let next_start = starts[first_right];
        let width = next_start - x;
        if width < MIN_GUTTER {
            continue;
        }
        // The gap itself must be nearly empty: measured only at its left
        // edge, the end of one short line in the middle column of three
        // passed for a gutter as wide as that column. Every line ending
        // left of the probe starts left of the gap's far side, so those
        // starting there and not ending left of the probe are the ones
        // across it.
        let across = starts
            .partition_point(|&s| s < next_start - 0.5)
            .saturating_sub(left);
        if across as f32 > MAX_ACROSS_SHARE * n as f32 {
            continue;
        }
        if !side_by_side(prefix[left - 1], suffix[first_right]) {
            continue;
        }
        if best.is_none_or(|(w, _)| width > w) {
            best = Some((
                width,
                Gutter {
                    x0: x,
                    x1: next_start,
                },
            ));
        }
    }
    best.map(|(_, g)| g)
}

/// Running vertical extent (top, bottom) of the lines taken in order.
fn extents<'a>(lines: impl Iterator<Item = &'a Line>) -> Vec<(f32, f32)> {
    let mut span = (f32::INFINITY, f32::NEG_INFINITY);
    lines
        .map(|l| {
            span = (span.0.min(l.top()), span.1.max(l.bottom()));
            span
        })
        .collect()
}

/// Whether two groups of lines, given by their vertical extents, overlap
/// for most of the shorter group's extent (columns), rather than one
/// sitting above the other.
fn side_by_side((at, ab): (f32, f32), (bt, bb): (f32, f32)) -> bool {
    let overlap = ab.min(bb) - at.max(bt);
    let shorter = (ab - at).min(bb - bt);
    shorter > 0.0 && overlap >= 0.5 * shorter
}

/// Orders line segments into flows: each flow is read top to bottom, and
/// flows one after another. Columns become separate flows; a line that
/// spans the gutter closes the columns above it.
pub fn reading_order(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let mut flows = Vec::new();
    order_region(lines, 0, &mut flows);
    flows.retain(|f| !f.is_empty());
    flows
}

fn order_region(mut lines: Vec<Line>, depth: u32, flows: &mut Vec<Vec<Line>>) {
    let gutter = if depth < MAX_DEPTH {
        find_gutter(&lines)
    } else {
        None
    };
    let Some(g) = gutter else {
        lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
        flows.push(merge_same_baseline(lines));
        return;
    };
    let mid = (g.x0 + g.x1) / 2.0;
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut left = Vec::new();
    let mut right = Vec::new();
    for line in lines {
        let spans = line.x0 < mid && line.x1 > mid;
        if spans {
            close_band(&mut left, &mut right, depth, flows);
            flows.push(vec![line]);
        } else if line.x1 <= mid {
            left.push(line);
        } else {
            right.push(line);
        }
    }
    close_band(&mut left, &mut right, depth, flows);
}

fn close_band(left: &mut Vec<Line>, right: &mut Vec<Line>, depth: u32, flows: &mut Vec<Vec<Line>>) {
    if !left.is_empty() {
        order_region(std::mem::take(left), depth + 1, flows);
    }
    if !right.is_empty() {
        order_region(std::mem::take(right), depth + 1, flows);
    }
}

/// Segments of one visual line left in one flow (tab stops, loose
/// justification) become one line again.
pub fn merge_same_baseline(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(last) = out.last_mut()
            && (last.y - line.y).abs() < 0.25 * last.size.max(line.size).max(1.0)
        {
            last.absorb(line);
            continue;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::build_lines;
    use crate::layout::words::tests::run;

    fn texts(flows: &[Vec<Line>]) -> Vec<String> {
        flows.iter().flatten().map(Line::text).collect()
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut g = run("Title spanning both columns here", 0.0, 10.0, 0.0);
        for i in 0..5 {
            let y = 30.0 + i as f32 * 12.0;
            g.extend(run(&format!("left{i}"), 0.0, y, 0.0));
            g.extend(run(&format!("right{i}"), 120.0, y, 0.0));
        }
        let flows = reading_order(build_lines(&g));
        let t = texts(&flows);
        assert_eq!(t[0], "Title spanning both columns here");
        assert_eq!(&t[1..6], ["left0", "left1", "left2", "left3", "left4"]);
        assert_eq!(t[6], "right0");
    }

    #[test]
    fn three_columns_with_a_short_middle_line() {
        // Column one at 0, two at 120, three at 240; one short line in the
        // middle column once passed for the left edge of a gutter as wide
        // as that column.
        let mut g = Vec::new();
        for i in 0..6 {
            let y = 30.0 + i as f32 * 12.0;
            g.extend(run(&format!("one{i} aaaaaaaaaa"), 0.0, y, 0.0));
            let middle = if i == 2 {
                "two2".to_string()
            } else {
                format!("two{i} bbbbbbbbbb")
            };
            g.extend(run(&middle, 120.0, y, 0.0));
            g.extend(run(&format!("three{i} cccccccc"), 240.0, y, 0.0));
        }
        let t = texts(&reading_order(build_lines(&g)));
        let firsts: Vec<&str> = t
            .iter()
            .map(|l| l.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(
            firsts,
            [
                "one0", "one1", "one2", "one3", "one4", "one5", "two0", "two1", "two2", "two3",
                "two4", "two5", "three0", "three1", "three2", "three3", "three4", "three5"
            ]
        );
    }

    #[test]
    fn single_column_keeps_top_to_bottom() {
        let mut g = Vec::new();
        for i in 0..8 {
            g.extend(run(
                &format!("line {i} of text"),
                0.0,
                10.0 + i as f32 * 12.0,
                0.0,
            ));
        }
        let flows = reading_order(build_lines(&g));
        assert_eq!(flows.len(), 1);
        assert_eq!(flows[0].len(), 8);
    }

    #[test]
    fn scattered_glyphs_are_ordered_in_bounded_time() {
        // 25,000 one-letter lines scattered over a wide page: a candidate
        // edge per line, which once cost a pass over every line each.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f32 / (1u64 << 31) as f32
        };
        let mut g = Vec::new();
        for _ in 0..25_000 {
            let (x, y) = (next() * 14_000.0, next() * 14_000.0);
            g.extend(run("a", x, y, 0.0));
        }
        let lines = build_lines(&g);
        let started = std::time::Instant::now();
        let flows = reading_order(lines);
        let took = started.elapsed();
        assert!(flows.iter().map(Vec::len).sum::<usize>() > 1000);
        // Quadratic took seconds in release builds; this is an unoptimised
        // test build on a shared machine, so the bound is loose.
        assert!(took.as_secs_f32() < 3.0, "took {took:?}");
    }

    #[test]
    fn tab_separated_segments_rejoin() {
        let mut g = run("Date", 0.0, 10.0, 0.0);
        g.extend(run("May 2020", 100.0, 10.0, 0.0));
        let flows = reading_order(build_lines(&g));
        assert_eq!(texts(&flows), ["Date May 2020"]);
    }
}
