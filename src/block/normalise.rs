//! One meaning for every reader's blocks.

use super::markers::{Marker, marker, next_number};
use super::{Block, Role};

/// Splits blocks at blank lines (one paragraph per block) and moves a list
/// item's printed marker from its text into its role. Readers may leave
/// either behind: PDF layout keeps the "1." or "•" it recognised the item
/// by, and text and HTML readers keep blank lines inside paragraphs.
pub fn normalise(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if block.text.contains("\n\n") && !matches!(block.role, Role::Cell { .. }) {
            // Cells keep their paragraphs together: a cell is one unit of
            // its table, and the table reader splits it itself.
            let mut first = true;
            for part in block.text.split("\n\n") {
                let part = part.trim_matches('\n');
                if part.trim().is_empty() {
                    continue;
                }
                let mut b = Block {
                    text: part.to_string(),
                    links: if first {
                        block.links.clone()
                    } else {
                        Vec::new()
                    },
                    ..block.clone()
                };
                if !first && matches!(b.role, Role::ListItem { .. }) {
                    // The paragraphs after the first of a list item are its
                    // continuation, not new items.
                    b.role = Role::Paragraph;
                }
                first = false;
                out.push(strip_marker(b));
            }
        } else {
            out.push(strip_marker(block));
        }
    }
    for i in 1..out.len() {
        if let Some((role, offset)) = glued_item(&out[i - 1].role, &out[i]) {
            out[i].text.replace_range(..offset, "");
            out[i].role = role;
        }
    }
    out
}

fn strip_marker(mut block: Block) -> Block {
    let Role::ListItem { level, number } = block.role else {
        return block;
    };
    let first = block.text.lines().next().unwrap_or("");
    let Some((m, rest)) = marker(first) else {
        return block;
    };
    let offset =
        block.text.len() - block.text.trim_start().len() + (first.trim_start().len() - rest.len());
    block.text.replace_range(..offset, "");
    block.role = Role::ListItem {
        level,
        number: match m {
            Marker::Number(n) => Some(n),
            Marker::Bullet => number,
        },
    };
    block
}

/// The list-item role of a paragraph that opens with the point the list
/// item before it leads to expect, its number glued to its text ("9. …"
/// then "10.It is …"), and where its text starts: a reader that took the
/// glued number for prose left it a paragraph.
fn glued_item(prev: &Role, block: &Block) -> Option<(Role, usize)> {
    let (
        Role::ListItem {
            level,
            number: Some(n),
        },
        Role::Paragraph,
    ) = (prev, &block.role)
    else {
        return None;
    };
    let first = block.text.lines().next()?;
    let next = n.checked_add(1)?;
    let rest = next_number(first, next)?;
    // The text is a suffix of the trimmed line.
    let offset = first.trim_end().len().checked_sub(rest.len())?;
    Some((
        Role::ListItem {
            level: *level,
            number: Some(next),
        },
        offset,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn li(text: &str) -> Block {
        Block::paragraph(text).with_role(Role::ListItem {
            level: 0,
            number: None,
        })
    }

    #[test]
    fn markers_go_into_the_role() {
        let b = normalise(vec![li("▶ Police\nand probation"), li("2. Second point")]);
        assert_eq!(b[0].text, "Police\nand probation");
        assert_eq!(
            b[0].role,
            Role::ListItem {
                level: 0,
                number: None
            }
        );
        assert_eq!(b[1].text, "Second point");
        assert_eq!(
            b[1].role,
            Role::ListItem {
                level: 0,
                number: Some(2)
            }
        );
    }

    #[test]
    fn one_paragraph_per_block() {
        let b = normalise(vec![Block::paragraph("First.\n\nSecond\nline.")]);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First.", "Second\nline."]);
    }

    #[test]
    fn paragraphs_in_a_cell_stay_in_it() {
        let cell = Block::paragraph("a\n\nb").with_role(Role::Cell {
            table: 0,
            row: 0,
            col: 0,
            rowspan: 1,
            header: false,
        });
        assert_eq!(normalise(vec![cell]).len(), 1);
    }

    #[test]
    fn a_number_glued_to_its_text_continues_the_list() {
        let mut nine = li("9. Ninth point");
        nine.page = Some(1);
        let b = normalise(vec![
            nine,
            Block::paragraph("10.It is the tenth\nand wraps."),
            Block::paragraph("11.Another glued point."),
            Block::paragraph("12.5 per cent is prose."),
        ]);
        assert_eq!(b[1].text, "It is the tenth\nand wraps.");
        assert_eq!(
            b[1].role,
            Role::ListItem {
                level: 0,
                number: Some(10)
            }
        );
        assert_eq!(b[2].text, "Another glued point.");
        assert_eq!(b[3].role, Role::Paragraph);
        assert_eq!(b[3].text, "12.5 per cent is prose.");
    }

    #[test]
    fn a_glued_number_the_list_does_not_expect_is_prose() {
        let b = normalise(vec![
            li("2. Second point"),
            Block::paragraph("4.The fourth?"),
            Block::paragraph("3.The third after prose."),
        ]);
        assert_eq!(b[1].role, Role::Paragraph);
        assert_eq!(b[2].role, Role::Paragraph);
        let alone = normalise(vec![Block::paragraph("3.The panel met.")]);
        assert_eq!(alone[0].role, Role::Paragraph);
    }
}
