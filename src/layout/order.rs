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
pub fn find_gutter(lines: &[Line]) -> Option<Gutter> {
    let n = lines.len();
    if n < 6 {
        return None;
    }
    let min_side = ((n as f32 * MIN_COLUMN_SHARE).ceil() as usize).max(3);
    // Candidate gutter edges are line ends; a gutter starts after some line
    // ends and stops where the next column starts.
    let mut ends: Vec<f32> = lines.iter().map(|l| l.x1).collect();
    ends.sort_by(f32::total_cmp);
    ends.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let mut best: Option<(f32, Gutter)> = None;
    for &x in &ends {
        let probe = x + 0.5;
        let left = lines.iter().filter(|l| l.x1 <= probe).count();
        let crossing: Vec<&Line> = lines
            .iter()
            .filter(|l| l.x0 < probe && l.x1 > probe)
            .collect();
        let right_lines: Vec<&Line> = lines.iter().filter(|l| l.x0 >= probe).collect();
        if left < min_side || right_lines.len() < min_side || crossing.len() * 3 > n {
            continue;
        }
        let next_start = right_lines
            .iter()
            .map(|l| l.x0)
            .fold(f32::INFINITY, f32::min);
        let width = next_start - x;
        if width < MIN_GUTTER {
            continue;
        }
        // The gap itself must be nearly empty: measured only at its left
        // edge, the end of one short line in the middle column of three
        // passed for a gutter as wide as that column.
        let across = lines
            .iter()
            .filter(|l| l.x0 < next_start - 0.5 && l.x1 > probe)
            .count();
        if across as f32 > MAX_ACROSS_SHARE * n as f32 {
            continue;
        }
        let lefts: Vec<&Line> = lines.iter().filter(|l| l.x1 <= probe).collect();
        if !side_by_side(&lefts, &right_lines) {
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

/// Whether two groups of lines overlap vertically for most of the shorter
/// group's extent (columns), rather than one sitting above the other.
fn side_by_side(a: &[&Line], b: &[&Line]) -> bool {
    let span = |ls: &[&Line]| {
        let top = ls.iter().map(|l| l.top()).fold(f32::INFINITY, f32::min);
        let bottom = ls
            .iter()
            .map(|l| l.bottom())
            .fold(f32::NEG_INFINITY, f32::max);
        (top, bottom)
    };
    let (at, ab) = span(a);
    let (bt, bb) = span(b);
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
fn merge_same_baseline(lines: Vec<Line>) -> Vec<Line> {
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
    fn tab_separated_segments_rejoin() {
        let mut g = run("Date", 0.0, 10.0, 0.0);
        g.extend(run("May 2020", 100.0, 10.0, 0.0));
        let flows = reading_order(build_lines(&g));
        assert_eq!(texts(&flows), ["Date May 2020"]);
    }
}
