//! Page furniture: running headers, footers and page numbers.

use super::lines::Line;

/// Share of the page height, at top and at bottom, where furniture lives.
const BAND: f32 = 0.12;

/// A line's text with digits folded, so "Page 3" and "Page 4" compare equal.
pub fn normalise(text: &str) -> String {
    let mut out = String::new();
    let mut last_digit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('#');
            }
            last_digit = true;
        } else {
            last_digit = false;
            if !c.is_whitespace() {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Whether `text` is nothing but a page number: "3", "Page 3", "Page 3 of
/// 9", "3 of 9", "3/9", "- 3 -", "iv".
pub fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '|' | ' '));
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("page").map(str::trim).unwrap_or(&lower);
    let mut parts = rest
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty());
    let first = parts.next();
    let number = |p: &str| p.chars().all(|c| c.is_ascii_digit()) && p.len() <= 4;
    let roman = |p: &str| !p.is_empty() && p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c));
    match first {
        Some(p) if number(p) || (roman(p) && rest == p) => {}
        _ => return false,
    }
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => true,
        (Some(n), None, _) if number(n) => rest.contains('/'),
        (Some("of"), Some(n), None) => number(n),
        _ => false,
    }
}

/// For each page's lines, which are furniture: lines in the top or bottom
/// band that repeat (digits folded) on most pages, and lone page numbers
/// there.
pub fn find_furniture(pages: &[(&[Line], f32)]) -> Vec<Vec<bool>> {
    let in_band = |l: &Line, h: f32| l.bottom() < h * BAND || l.top() > h * (1.0 - BAND);
    let mut counts: std::collections::HashMap<(bool, String), usize> = Default::default();
    for (lines, h) in pages {
        let mut seen = std::collections::HashSet::new();
        for l in lines.iter().filter(|l| in_band(l, *h)) {
            let key = (l.y < h / 2.0, normalise(&l.text()));
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    let n = pages.len();
    let repeats = |c: usize| n >= 2 && c >= 2 && c * 2 > n;
    pages
        .iter()
        .map(|(lines, h)| {
            lines
                .iter()
                .map(|l| {
                    if !in_band(l, *h) {
                        return false;
                    }
                    let text = l.text();
                    let key = (l.y < h / 2.0, normalise(&text));
                    is_page_number(&text) || counts.get(&key).is_some_and(|&c| repeats(c))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::build_lines;
    use crate::layout::words::tests::run;

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "Page 3",
            "Page 3 of 9",
            "- 3 -",
            "3 of 9",
            "3/9",
            "iv",
            "— 12 —",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["3 children", "Page layout", "2020 review", "vivid", "1 2"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn repeated_header_and_numbers_removed() {
        let mut pages = Vec::new();
        for p in 0..3 {
            let mut g = run("Cumbria SCR response", 0.0, 20.0, 0.0);
            g.extend(run(&format!("Body text {p}"), 0.0, 300.0, 0.0));
            g.extend(run(&format!("{}", p + 1), 0.0, 780.0, 0.0));
            pages.push(build_lines(&g));
        }
        let input: Vec<(&[Line], f32)> = pages.iter().map(|l| (l.as_slice(), 800.0)).collect();
        let marks = find_furniture(&input);
        for m in marks {
            assert_eq!(m, [true, false, true]);
        }
    }

    #[test]
    fn single_page_keeps_top_line() {
        let lines = build_lines(&run("Serious Case Review", 0.0, 20.0, 0.0));
        let marks = find_furniture(&[(lines.as_slice(), 800.0)]);
        assert_eq!(marks, [[false]]);
    }
}
