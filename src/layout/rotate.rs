//! Text that runs down, up or right to left (a landscape table printed on a
//! portrait page, a label up the margin, vertical Japanese) turned into a
//! frame where it runs left to right, so that one set of line, column and
//! table rules reads every direction.

use super::{Dir, Glyph, Page, Rule};

/// Where page point `(x, y)` lies in the frame of `dir` on a page of
/// `width` × `height`: text of `dir` runs along +x there, and successive
/// lines follow along +y.
pub fn to_frame(dir: Dir, x: f32, y: f32, width: f32, height: f32) -> (f32, f32) {
    match dir {
        Dir::Right | Dir::Skew => (x, y),
        // Turned clockwise (or vertical CJK): lines follow right to left.
        Dir::Down => (y, width - x),
        Dir::Left => (width - x, height - y),
        // Turned anticlockwise: lines follow left to right.
        Dir::Up => (height - y, x),
    }
}

/// The page's size as seen from the frame of `dir`.
fn frame_size(dir: Dir, width: f32, height: f32) -> (f32, f32) {
    match dir {
        Dir::Down | Dir::Up => (height, width),
        _ => (width, height),
    }
}

/// The page split by text direction, each part turned upright: the
/// direction with most glyphs first (it keeps the rulings, so a rotated
/// table stays a table), then the others. Diagonal text is left out.
pub fn frames(page: Page) -> Vec<Page> {
    let mut dirs: Vec<(Dir, usize)> = Vec::new();
    for g in &page.glyphs {
        if g.dir == Dir::Skew {
            continue;
        }
        match dirs.iter_mut().find(|(d, _)| *d == g.dir) {
            Some((_, n)) => *n += 1,
            None => dirs.push((g.dir, 1)),
        }
    }
    // Most glyphs first; ties go to upright text.
    dirs.sort_by_key(|&(d, n)| (std::cmp::Reverse(n), d));
    if dirs.is_empty() {
        return vec![Page {
            glyphs: Vec::new(),
            ..page
        }];
    }
    if dirs == [(Dir::Right, page.glyphs.len())] {
        return vec![page];
    }
    dirs.iter()
        .enumerate()
        .map(|(i, &(dir, _))| turn(&page, dir, i == 0))
        .collect()
}

/// The glyphs of `dir` (and, for the main frame, the rulings) in its frame.
fn turn(page: &Page, dir: Dir, with_rules: bool) -> Page {
    let (w, h) = (page.width, page.height);
    let glyphs = page
        .glyphs
        .iter()
        .filter(|g| g.dir == dir)
        .map(|g| {
            let (x, y) = to_frame(dir, g.x, g.y, w, h);
            Glyph {
                x,
                y,
                dir: Dir::Right,
                ..g.clone()
            }
        })
        .collect();
    let rules = if with_rules {
        page.rules.iter().map(|r| turn_rule(r, dir, w, h)).collect()
    } else {
        Vec::new()
    };
    let (width, height) = frame_size(dir, w, h);
    Page {
        number: page.number,
        width,
        height,
        glyphs,
        rules,
    }
}

fn turn_rule(r: &Rule, dir: Dir, w: f32, h: f32) -> Rule {
    let (ax, ay) = to_frame(dir, r.x0, r.y0, w, h);
    let (bx, by) = to_frame(dir, r.x1, r.y1, w, h);
    Rule {
        x0: ax.min(bx),
        y0: ay.min(by),
        x1: ax.max(bx),
        y1: ay.max(by),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::assemble::page_text;

    /// Glyphs of `text` starting at (x, y), advancing 5 pt each way `dir`.
    fn run(text: &str, x: f32, y: f32, dir: Dir) -> Vec<Glyph> {
        let (dx, dy) = match dir {
            Dir::Right | Dir::Skew => (5.0, 0.0),
            Dir::Down => (0.0, 5.0),
            Dir::Left => (-5.0, 0.0),
            Dir::Up => (0.0, -5.0),
        };
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x + dx * i as f32,
                y: y + dy * i as f32,
                width: 5.0,
                size: 10.0,
                bold: false,
                dir,
            })
            .collect()
    }

    fn page(glyphs: Vec<Glyph>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: Vec::new(),
        }
    }

    #[test]
    fn text_turned_anticlockwise_reads_in_order() {
        // Two lines running up the page; the second to the right of the first.
        let mut g = run("first", 100.0, 700.0, Dir::Up);
        g.extend(run("second", 115.0, 700.0, Dir::Up));
        assert_eq!(page_text(page(g)), "first\nsecond\n");
    }

    #[test]
    fn text_turned_clockwise_reads_right_column_first() {
        let mut g = run("first", 500.0, 100.0, Dir::Down);
        g.extend(run("second", 485.0, 100.0, Dir::Down));
        assert_eq!(page_text(page(g)), "first\nsecond\n");
    }

    #[test]
    fn upside_down_text_reads() {
        let mut g = run("first", 500.0, 100.0, Dir::Left);
        g.extend(run("second", 500.0, 85.0, Dir::Left));
        assert_eq!(page_text(page(g)), "first\nsecond\n");
    }

    #[test]
    fn main_direction_first_and_keeps_rules() {
        let mut g = run("margin", 20.0, 700.0, Dir::Up);
        g.extend(run("body text here", 100.0, 100.0, Dir::Down));
        let mut p = page(g);
        p.rules.push(Rule {
            x0: 90.0,
            y0: 50.0,
            x1: 91.0,
            y1: 400.0,
        });
        let f = frames(p);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].glyphs.len(), 14);
        assert_eq!(f[0].rules.len(), 1);
        assert!(f[1].rules.is_empty());
        assert_eq!((f[0].width, f[0].height), (800.0, 600.0));
        // The vertical ruling is horizontal in the turned frame.
        let r = f[0].rules[0];
        assert!(r.x1 - r.x0 > 300.0 && r.y1 - r.y0 <= 1.0);
    }

    #[test]
    fn upright_page_is_one_frame() {
        let f = frames(page(run("plain", 10.0, 10.0, Dir::Right)));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].glyphs.len(), 5);
        let diagonal = frames(page(run("draft", 10.0, 10.0, Dir::Skew)));
        assert!(diagonal[0].glyphs.is_empty());
    }
}
