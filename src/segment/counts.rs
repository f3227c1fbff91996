//! Counts that drop: each numbered list of items read against the numbers
//! the text prints, so that points a reader lost show as a warning rather
//! than as a shorter list with status `ok`.

use super::pieces::TextPiece;
use crate::block::markers::mentions_number;
use crate::model::{Item, ItemKind, Review, Warning};

/// The warning code.
const CODE: &str = "numbering_gap";

/// How many paragraphs past the last number found the next is looked for:
/// a page's running header, footer or a pull quote may stand between two
/// points, a closing section does not go on for longer.
const LOOK_AHEAD: usize = 3;

/// How much of an item's text finds the paragraph it starts in.
const PREFIX_CHARS: usize = 40;

/// The numbers missing between the lowest and the highest of `numbers`,
/// as runs (`(3, 3)` for "3", `(5, 7)` for "5–7"). Numbers before the
/// lowest are not missing: a list may go on from an earlier one. A run
/// longer than the list itself is no gap but a stray number (a report's
/// paragraph 63 read among recommendations 1–8), which this does not name.
pub(crate) fn missing(numbers: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .windows(2)
        .filter(|w| w[1] > w[0] + 1)
        .map(|w| (w[0] + 1, w[1] - 1))
        .filter(|(a, b)| ((b - a + 1) as usize) <= numbers.len())
        .collect()
}

/// What the text prints after a list's last item: the numbers it goes on
/// with where no item was read for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unread {
    /// The first number printed but not read.
    pub(crate) from: u32,
    /// The last.
    pub(crate) to: u32,
    /// Numbers the text skips on the way ("5" after "3": 4).
    pub(crate) skipped: Vec<u32>,
    /// Page of the first.
    pub(crate) page: Option<u32>,
}

/// The numbers after `last` that the paragraphs `after` go on printing,
/// in order, where no item was read for them. One number may be skipped
/// at a time (a list misnumbered 1, 2, 3, 5 stops being read at 3). The
/// search ends at a heading, or [`LOOK_AHEAD`] paragraphs past the last
/// number found.
pub(crate) fn unread_after(after: &[TextPiece], last: u32) -> Option<Unread> {
    // A number this large is no list's (and must not overflow).
    let mut expected = last.checked_add(1).filter(|n| *n < u32::MAX / 2)?;
    let mut skipped = Vec::new();
    let mut page = None;
    let mut first = None;
    let mut since = 0;
    let found = |piece: &TextPiece, n: u32| {
        matches!(piece.list, Some((_, Some(m))) if m == n)
            || piece.lines.iter().any(|l| mentions_number(l, n))
    };
    for piece in after {
        if piece.heading.is_some() || since > LOOK_AHEAD {
            break;
        }
        since += 1;
        // A paragraph of hard-wrapped points holds several numbers.
        loop {
            let n = if found(piece, expected) {
                expected
            } else if found(piece, expected + 1) {
                skipped.push(expected);
                expected + 1
            } else {
                break;
            };
            page = page.or(piece.page);
            first = first.or(Some(n));
            expected = n + 1;
            since = 0;
        }
    }
    Some(Unread {
        from: first?,
        to: expected - 1,
        skipped,
        page,
    })
}

/// A list's numbered items with their plain numbers (`3`, or an id that
/// is the number with a letter, `3a`); an unnumbered item among them (a
/// sentence introducing the list) is passed over. Lists keyed by codes
/// ("R1.2", "CH6") are numbered per code and not compared.
fn plain_numbers(items: &[Item]) -> Option<Vec<(&Item, u32)>> {
    if items.iter().any(|i| {
        i.id.as_ref()
            .is_some_and(|id| !id.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        return None;
    }
    Some(items.iter().filter_map(|i| Some((i, i.number?))).collect())
}

fn span(a: u32, b: u32) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

/// "lessons" or "lessons (Child M)".
fn what(kind: ItemKind, subject: Option<&str>) -> String {
    match subject.filter(|s| !s.is_empty()) {
        Some(s) => format!("{}s ({s})", kind.name()),
        None => format!("{}s", kind.name()),
    }
}

fn missing_warnings(what: &str, numbered: &[(&Item, u32)], out: &mut Vec<Warning>) {
    let numbers: Vec<u32> = numbered.iter().map(|(_, n)| *n).collect();
    for (a, b) in missing(&numbers) {
        let page = numbered
            .iter()
            .find(|(_, n)| *n > b)
            .and_then(|(i, _)| i.page);
        let noun = if a == b { "number" } else { "numbers" };
        out.push(Warning {
            page,
            ..Warning::new(CODE, format!("{what}: {noun} {} missing", span(a, b)))
        });
    }
}

/// The text a document's lists are read against: its paragraphs, and each
/// one's lines joined (as the outline holds them).
pub(crate) struct Text<'a> {
    pub(crate) pieces: &'a [TextPiece],
    pub(crate) joined: &'a [String],
}

/// The index of the paragraph item `item` starts in.
fn paragraph_of(text: &Text, item: &Item) -> Option<usize> {
    let prefix: String = item.text.chars().take(PREFIX_CHARS).collect();
    if prefix.chars().count() < 12 {
        return None;
    }
    text.joined.iter().position(|j| j.contains(&prefix))
}

/// Warnings for one list read in sequence: numbers skipped, and numbers the
/// text goes on printing after its last item.
fn list_warnings(what: &str, items: &[Item], text: &Text, out: &mut Vec<Warning>) {
    let Some(numbered) = plain_numbers(items).filter(|n| n.len() >= 2) else {
        return;
    };
    missing_warnings(what, &numbered, out);
    // The list's last item must be its highest number for the text after
    // it to go on from that number.
    let (Some(last), Some(max)) = (items.last(), numbered.iter().map(|(_, n)| *n).max()) else {
        return;
    };
    let Some(n) = last.number.filter(|n| *n == max) else {
        return;
    };
    let Some(after) = paragraph_of(text, last).and_then(|at| text.pieces.get(at..)) else {
        return;
    };
    if let Some(u) = unread_after(after, n) {
        let first = numbered.iter().map(|(_, n)| *n).min().unwrap_or(1);
        let skipped = match &u.skipped[..] {
            [] => String::new(),
            [one] => format!(" (number {one} missing)"),
            many => format!(
                " (numbers {} missing)",
                many.iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(Warning {
            page: u.page,
            ..Warning::new(
                CODE,
                format!(
                    "{what}: numbered {}, then {} not read{skipped}",
                    span(first, n),
                    span(u.from, u.to)
                ),
            )
        });
    }
}

/// Every numbered list of the document against the numbers its text
/// prints. A theme's items are numbered across the themes of their review,
/// so themes are compared as one list, for gaps only.
pub(crate) fn check(reviews: &[Review], lessons: &[Item], text: &Text) -> Vec<Warning> {
    let mut out = Vec::new();
    list_warnings(&what(ItemKind::Lesson, None), lessons, text, &mut out);
    for r in reviews {
        let subject = Some(r.subject.as_str());
        for (kind, list) in [
            (ItemKind::Finding, &r.findings),
            (ItemKind::Lesson, &r.lessons),
            (ItemKind::Recommendation, &r.recommendations),
        ] {
            list_warnings(&what(kind, subject), list, text, &mut out);
        }
        for kind in [
            ItemKind::Finding,
            ItemKind::Lesson,
            ItemKind::Recommendation,
        ] {
            let items: Vec<Item> = r
                .themes
                .iter()
                .flat_map(|t| match kind {
                    ItemKind::Finding => &t.findings,
                    ItemKind::Lesson => &t.lessons,
                    _ => &t.recommendations,
                })
                .cloned()
                .collect();
            if let Some(numbered) = plain_numbers(&items) {
                missing_warnings(&what(kind, subject), &numbered, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::text::join_lines;

    fn check(reviews: &[Review], lessons: &[Item], pieces: &[TextPiece]) -> Vec<Warning> {
        let joined: Vec<String> = pieces.iter().map(|p| join_lines(&p.lines)).collect();
        super::check(
            reviews,
            lessons,
            &Text {
                pieces,
                joined: &joined,
            },
        )
    }

    fn para(text: &str) -> TextPiece {
        TextPiece {
            lines: text.lines().map(str::to_string).collect(),
            page: Some(2),
            ..TextPiece::default()
        }
    }

    fn item(n: u32, text: &str) -> Item {
        Item {
            number: Some(n),
            text: text.to_string(),
            ..Item::default()
        }
    }

    #[test]
    fn gaps_between_the_lowest_and_highest() {
        assert_eq!(missing(&[1, 2, 4]), [(3, 3)]);
        assert_eq!(missing(&[3, 1, 2, 4, 5, 6]), []);
        assert_eq!(missing(&[1, 2, 6, 7]), [(3, 5)]);
        assert_eq!(missing(&[5, 6, 7]), []);
        assert_eq!(missing(&[1, 1, 2]), []);
        assert_eq!(missing(&[1, 2, 63, 3, 4, 5, 6, 7, 8]), []);
    }

    #[test]
    fn numbers_the_text_goes_on_printing() {
        let after = [
            para("Ninth point of the paper."),
            para("10 It is the tenth,\nwrapped."),
            para("Page 2 of 3"),
            para("11.Eleventh glued.\n12. Twelfth spaced."),
            para("The partnership will report in 2023."),
        ];
        assert_eq!(
            unread_after(&after, 9),
            Some(Unread {
                from: 10,
                to: 12,
                skipped: vec![],
                page: Some(2)
            })
        );
        assert_eq!(unread_after(&after[4..], 12), None);
        let heading = TextPiece {
            heading: Some(2),
            ..para("10. Conclusions")
        };
        assert_eq!(unread_after(&[para("Ninth."), heading], 9), None);
        let far = [
            para("Ninth."),
            para("a"),
            para("b"),
            para("c"),
            para("d"),
            para("10. Late"),
        ];
        assert_eq!(unread_after(&far, 9), None);
        assert_eq!(
            unread_after(&[para("Ninth."), para("10.5 per cent")], 9),
            None
        );
    }

    #[test]
    fn a_list_that_stops_short_of_its_numbers_is_named() {
        let texts = [
            para("1. The first lesson is about seeing the child alone."),
            para("2. The second lesson is about records that follow a family."),
            para("3 The third lesson lost its full stop after the number."),
        ];
        let lessons = [
            item(1, "The first lesson is about seeing the child alone."),
            item(
                2,
                "The second lesson is about records that follow a family.",
            ),
        ];
        let w = check(&[], &lessons, &texts);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "numbering_gap");
        assert_eq!(w[0].message, "lessons: numbered 1–2, then 3 not read");
        assert_eq!(w[0].page, Some(2));
    }

    #[test]
    fn a_list_misnumbered_past_its_last_item_read() {
        let texts = [
            para("3. The third lesson is about seeing the child alone."),
            para("5. The fifth, numbered by its author after the third."),
            para("6. The sixth."),
        ];
        let lessons = [
            item(1, "One."),
            item(2, "Two."),
            item(3, "The third lesson is about seeing the child alone."),
        ];
        let w = check(&[], &lessons, &texts);
        assert_eq!(
            w[0].message,
            "lessons: numbered 1–3, then 5–6 not read (number 4 missing)"
        );
        let two_skipped = [para("Third."), para("6. Sixth")];
        assert_eq!(unread_after(&two_skipped, 3), None);
    }

    #[test]
    fn a_skipped_number_is_named_with_its_review() {
        let r = Review {
            subject: "Child M".into(),
            lessons: vec![
                item(1, "First lesson."),
                item(2, "Second lesson."),
                item(4, "Fourth lesson."),
            ],
            ..Review::default()
        };
        let w = check(&[r], &[], &[]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].message, "lessons (Child M): number 3 missing");
    }

    #[test]
    fn an_unnumbered_sentence_before_the_list_is_passed_over() {
        let recommendations = vec![
            Item {
                text: "The review makes these recommendations.".into(),
                ..Item::default()
            },
            item(4, "Four."),
            item(6, "Six."),
        ];
        let r = Review {
            recommendations,
            ..Review::default()
        };
        let w = check(&[r], &[], &[]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].message, "recommendations: number 5 missing");
    }

    #[test]
    fn lists_keyed_by_codes_and_full_lists_are_quiet() {
        let mut coded = item(1, "A finding keyed by its code.");
        coded.id = Some("R1.1".into());
        let mut other = item(3, "Another finding keyed by its code.");
        other.id = Some("R3.1".into());
        assert!(check(&[], &[coded, other], &[]).is_empty());
        let mut letter = item(3, "A report's recommendation 3a.");
        letter.id = Some("3a".into());
        let lessons = [item(1, "One."), item(2, "Two."), letter, item(4, "Four.")];
        assert!(check(&[], &lessons, &[]).is_empty());
    }
}
