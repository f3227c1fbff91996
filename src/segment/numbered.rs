//! Numbered learning points ("1. …", "2) …") from list items or from
//! hard-wrapped lines, as briefing pages and papers print them.

use super::item::ItemBuilder;
use super::pieces::TextPiece;
use super::text::ends_sentence;
use crate::model::Item;

/// The number and text of a line that starts a numbered point: "3. Text",
/// "12) Text", "(4) Text" (the one marker grammar of [`crate::block::markers`]).
pub fn numbered_line(line: &str) -> Option<(u32, &str)> {
    crate::block::markers::number(line)
}

/// Whether the piece opens with point `expected`.
fn opens(piece: &TextPiece, expected: u32) -> Option<u32> {
    if let Some((0, Some(n))) = piece.list {
        return (n == expected).then_some(n);
    }
    if piece.list.is_some() || piece.heading.is_some() {
        return None;
    }
    opens_line(piece.lines.first()?, expected).then_some(expected)
}

/// Whether `line` opens point `expected`, its number spaced from its text
/// or, after the first point, glued to it ("10.It is").
fn opens_line(line: &str, expected: u32) -> bool {
    next_point(line, expected).is_some()
}

fn next_point(line: &str, expected: u32) -> Option<&str> {
    crate::block::markers::next_number(line, expected)
}

/// Reads numbered points starting at `pieces[0]`, which must open point
/// `first`. Points must follow in sequence; a line "2019 the board…" or a
/// number out of sequence is prose. Returns the items and how many pieces
/// they used.
pub fn read_points(pieces: &[TextPiece], first: u32) -> (Vec<Item>, usize) {
    let mut items: Vec<Item> = Vec::new();
    let mut current: Option<(u32, ItemBuilder)> = None;
    let mut used = 0;
    let mut expected = first;
    // Points read from a web page's list items end where the list ends. On
    // a printed page, layout may cut an item at its hanging indent or a
    // page break, so there an item, like a point read from lines, continues
    // into a paragraph that carries on its sentence.
    let mut from_list = false;
    for (i, piece) in pieces.iter().enumerate() {
        // A point may start on any line of the piece when lines are hard
        // wrapped without paragraph gaps.
        let mut chunk = TextPiece {
            lines: Vec::new(),
            ..piece.clone()
        };
        let mut consumed_piece = true;
        let first_piece_opens =
            i == 0 && piece.list.is_none() && piece.lines.iter().any(|l| opens_line(l, expected));
        if opens(piece, expected).is_none() && !first_piece_opens {
            let continues = match &current {
                Some((_, b)) => {
                    piece.heading.is_none()
                        && (matches!(piece.list, Some((l, _)) if l > 0)
                            || (piece.list.is_none()
                                && (!from_list || piece.page.is_some())
                                && b.started
                                && !last_line_ended(pieces, i)))
                }
                None => false,
            };
            if !continues {
                break;
            }
        }
        if let Some((0, Some(n))) = piece.list {
            finish(&mut current, &mut items);
            let mut b = ItemBuilder::new(piece.page);
            b.push(&TextPiece {
                list: None,
                ..piece.clone()
            });
            current = Some((n, b));
            expected = n + 1;
            used = i + 1;
            from_list = true;
            continue;
        }
        let width = piece
            .lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        let mut ended = false;
        for (li, line) in piece.lines.iter().enumerate() {
            if ended {
                break;
            }
            let later_opens = pieces[i + 1..].iter().take(3).any(|p| {
                opens(p, expected).is_some() || p.lines.iter().any(|l| opens_line(l, expected))
            });
            if current.is_some()
                && !later_opens
                && paragraph_ends(&piece.lines, li, width, expected)
            {
                // The last point stops at its paragraph's short final line;
                // what follows is closing prose, not part of the point.
                chunk.lines.push(line.clone());
                ended = true;
                continue;
            }
            match next_point(line, expected) {
                Some(rest) if piece.list.is_none() => {
                    let n = expected;
                    if !chunk.lines.is_empty() {
                        if let Some((_, b)) = current.as_mut() {
                            b.push(&chunk);
                        }
                        chunk.lines.clear();
                    }
                    finish(&mut current, &mut items);
                    current = Some((n, ItemBuilder::new(piece.page)));
                    from_list = false;
                    chunk.list = None;
                    chunk.lines.push(rest.to_string());
                    expected = n + 1;
                }
                _ => chunk.lines.push(line.clone()),
            }
        }
        if let Some((_, b)) = current.as_mut() {
            if !chunk.lines.is_empty() {
                b.push(&chunk);
            }
        } else {
            consumed_piece = false;
        }
        if consumed_piece {
            used = i + 1;
        }
        if ended {
            break;
        }
    }
    finish(&mut current, &mut items);
    (items, used)
}

/// Whether line `li` closes the last point's paragraph: it ends a sentence,
/// is clearly shorter than the wrapped lines, more lines follow, and none
/// of them opens the next point.
fn paragraph_ends(lines: &[String], li: usize, width: usize, expected: u32) -> bool {
    let line = &lines[li];
    li + 1 < lines.len()
        && width >= 40
        && line.trim_end().ends_with(['.', '!', '?'])
        && line.chars().count() * 10 < width * 7
        && !opens_line(line, expected)
        && !lines[li + 1..].iter().any(|l| opens_line(l, expected))
}

/// Whether the piece before `i` ended its sentence, so that an unnumbered
/// paragraph after it is not the same point continued over a page.
fn last_line_ended(pieces: &[TextPiece], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let next_lower = pieces[i]
        .lines
        .first()
        .and_then(|l| l.chars().next())
        .is_some_and(|c| c.is_lowercase());
    let prev_ended = pieces[i - 1].lines.last().is_none_or(|l| ends_sentence(l));
    prev_ended && !next_lower
}

fn finish(current: &mut Option<(u32, ItemBuilder)>, items: &mut Vec<Item>) {
    if let Some((n, b)) = current.take() {
        items.push(b.finish(None, Some(n)));
    }
}

/// The longest run of numbered points starting at 1 anywhere in `pieces`,
/// with the index of its first piece.
pub fn longest_run(pieces: &[TextPiece]) -> Option<(usize, Vec<Item>, usize)> {
    let mut best: Option<(usize, Vec<Item>, usize)> = None;
    for start in 0..pieces.len() {
        if !starts_one(&pieces[start]) {
            continue;
        }
        let (items, used) = read_points(&pieces[start..], 1);
        if items.len() > best.as_ref().map_or(0, |b| b.1.len()) {
            best = Some((start, items, used));
        }
    }
    best
}

fn starts_one(piece: &TextPiece) -> bool {
    if let Some((0, Some(1))) = piece.list {
        return true;
    }
    piece.list.is_none()
        && piece
            .lines
            .iter()
            .any(|l| numbered_line(l).is_some_and(|(n, _)| n == 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str) -> TextPiece {
        TextPiece {
            lines: text.lines().map(str::to_string).collect(),
            ..TextPiece::default()
        }
    }

    #[test]
    fn hard_wrapped_points_in_one_block() {
        let p = piece(
            "Intro line:\n1. First point\nwraps here.\n2. Second point\n2019 was the year\nit ended.\n3. Third.",
        );
        let (start, items, _) = longest_run(&[p]).unwrap();
        assert_eq!(start, 0);
        let texts: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "First point wraps here.",
                "Second point 2019 was the year it ended.",
                "Third."
            ]
        );
        assert_eq!(items[2].number, Some(3));
    }

    #[test]
    fn closing_prose_after_the_last_point_is_not_part_of_it() {
        let p = piece(
            "1. A point that wraps over a line that is long enough to set\nthe width of the block.\n2. The last point wraps over a line that is long enough\nand ends here.\nA closing paragraph follows in the same block of text\nwithout a gap.",
        );
        let (_, items, _) = longest_run(&[p]).unwrap();
        assert_eq!(
            items[1].text,
            "The last point wraps over a line that is long enough and ends here."
        );
    }

    #[test]
    fn numbered_line_forms() {
        assert_eq!(
            numbered_line("3. Share the plan"),
            Some((3, "Share the plan"))
        );
        assert_eq!(numbered_line("  12) Text "), Some((12, "Text")));
        assert_eq!(numbered_line("(4)Text"), Some((4, "Text")));
        assert_eq!(numbered_line("1.5 million"), None);
        assert_eq!(numbered_line("2019. The board"), None);
        assert_eq!(numbered_line("7."), None);
        assert_eq!(numbered_line("7 Text"), None);
        assert_eq!(numbered_line("Text 1."), None);
        assert_eq!(numbered_line("١. Arabic digit"), None);
    }

    #[test]
    fn short_lines_inside_a_point_do_not_end_the_run() {
        let a = piece(
            "1. A point with a list that wraps over a long enough line to set width:\nfirst item;\nsecond item.\nthird item follows",
        );
        let b = piece("2. The next point.");
        let (items, _) = read_points(&[a, b], 1);
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn list_items_with_nested_points() {
        let mut a = piece("First");
        a.list = Some((0, Some(1)));
        let mut sub = piece("sub point");
        sub.list = Some((1, None));
        let mut b = piece("Second");
        b.list = Some((0, Some(2)));
        let after = piece("Dissemination of Learning");
        let (items, used) = read_points(&[a, sub, b, after], 1);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].points, ["sub point"]);
        assert_eq!(used, 3);
    }

    #[test]
    fn point_continues_over_a_page_break() {
        let (items, used) = read_points(
            &[
                piece("1. Starts here and"),
                piece("ends on the next page."),
                piece("Closing remarks."),
            ],
            1,
        );
        assert_eq!(items[0].text, "Starts here and ends on the next page.");
        assert_eq!(used, 2);
    }

    #[test]
    fn points_glued_to_their_numbers_after_the_ninth() {
        let lines: Vec<String> = (1..=9)
            .map(|n| format!("{n}. Point {n} of the paper."))
            .chain((10..=12).map(|n| format!("{n}.It is point {n}.")))
            .collect();
        let (_, items, _) = longest_run(&[piece(&lines.join("\n"))]).unwrap();
        assert_eq!(items.len(), 12);
        assert_eq!(items[9].text, "It is point 10.");
        assert_eq!(items[11].number, Some(12));
    }

    #[test]
    fn a_glued_number_out_of_sequence_is_prose() {
        let p =
            piece("1. First point ends in 2019.\n2. Second point.\n4.The board met.\n3.5 per cent");
        let (items, _) = read_points(&[p], 1);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].text, "Second point. 4.The board met. 3.5 per cent");
    }
}
