//! Navigation beside a page's text: the column of short links a web page
//! printed from a browser keeps at its side ("Home", "Case reviews",
//! "Contact us"). The HTML reader leaves navigation out; on a printed page
//! it would be read as the first paragraph, or give the document its
//! title.

use super::lines::Line;
use super::paragraphs::list_marker;

/// Fewest entries a navigation column has.
const MIN_ENTRIES: usize = 5;
/// Most words in one entry.
const ENTRY_WORDS: usize = 5;
/// Fewest lines of running text (this many words or more) beside it.
const PROSE_LINES: usize = 3;
const PROSE_WORDS: usize = 8;

/// The flows of a page without those that are navigation: at least
/// [`MIN_ENTRIES`] lines, each an entry of a few words that ends no
/// sentence, in a column at the left or right edge of the page's text no
/// wider than a third of it, beside (not above or below) a flow of
/// running text.
pub fn drop_navigation(flows: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    if flows.len() < 2 {
        return flows;
    }
    let span = |f: &[Line]| {
        let x0 = f.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
        let x1 = f.iter().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
        (x0, x1)
    };
    let left = flows
        .iter()
        .map(|f| span(f).0)
        .fold(f32::INFINITY, f32::min);
    let right = flows
        .iter()
        .map(|f| span(f).1)
        .fold(f32::NEG_INFINITY, f32::max);
    let width = right - left;
    let prose =
        |f: &[Line]| f.iter().filter(|l| l.words.len() >= PROSE_WORDS).count() >= PROSE_LINES;
    let nav: Vec<bool> = flows
        .iter()
        .map(|f| {
            let (x0, x1) = span(f);
            let outermost = x0 <= left + 0.5 || x1 >= right - 0.5;
            f.len() >= MIN_ENTRIES
                && outermost
                && x1 - x0 <= width / 3.0
                && f.iter().all(is_entry)
                && flows.iter().any(|o| {
                    let (o0, o1) = span(o);
                    prose(o) && (o0 >= x1 || o1 <= x0)
                })
        })
        .collect();
    flows
        .into_iter()
        .zip(nav)
        .filter(|(_, nav)| !nav)
        .map(|(f, _)| f)
        .collect()
}

/// A navigation entry: a few words, no sentence ended or continued, no
/// list marker (a bulleted column of names beside the text is content: a
/// box of agencies on a seven-minute briefing).
fn is_entry(line: &Line) -> bool {
    let text = line.text();
    let text = text.trim();
    line.words.len() <= ENTRY_WORDS
        && !text.is_empty()
        && !text.ends_with(['.', ',', ';', ':'])
        && list_marker(&line.head()).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::build_lines;
    use crate::layout::words::tests::run;

    fn flow(rows: &[&str], x: f32) -> Vec<Line> {
        let glyphs: Vec<_> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, r)| run(r, x, 100.0 + 14.0 * i as f32, 0.0))
            .collect();
        build_lines(&glyphs)
    }

    const MAIN: &[&str] = &[
        "Theo lived with his mother and her partner in a flat",
        "that the family had moved into a few months before. The",
        "nursery noticed that he was often tired and recorded it.",
    ];

    #[test]
    fn column_of_links_beside_text_is_navigation() {
        let nav = flow(
            &[
                "Home",
                "Worried about a child?",
                "Case reviews",
                "Training",
                "Contact us",
            ],
            0.0,
        );
        let main = flow(MAIN, 200.0);
        let kept = drop_navigation(vec![nav, main]);
        assert_eq!(kept.len(), 1);
        assert!(kept[0][0].text().starts_with("Theo"));
    }

    #[test]
    fn a_list_of_sentences_or_a_short_column_is_kept() {
        let agencies = flow(
            &["Police.", "Health.", "Schools.", "Housing.", "Social care."],
            0.0,
        );
        let few = flow(&["Home", "Contact us"], 0.0);
        let main = flow(MAIN, 200.0);
        assert_eq!(drop_navigation(vec![agencies, main.clone()]).len(), 2);
        assert_eq!(drop_navigation(vec![few, main.clone()]).len(), 2);
        let bulleted = flow(
            &[
                "• Police",
                "• Health",
                "• Schools",
                "• Housing",
                "• Social care",
            ],
            0.0,
        );
        assert_eq!(drop_navigation(vec![bulleted, main]).len(), 2);
    }

    #[test]
    fn short_lines_with_no_text_beside_them_are_kept() {
        let list = flow(
            &["Home", "Case reviews", "Training", "Learning", "Contact us"],
            0.0,
        );
        assert_eq!(drop_navigation(vec![list.clone()]).len(), 1);
        let below = flow(MAIN, 0.0);
        assert_eq!(drop_navigation(vec![list, below]).len(), 2);
    }
}
