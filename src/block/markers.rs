//! The list-marker grammar, the only one: which line openings are bullets
//! or printed ordinals. Layout uses it to give a block the list role, the
//! normaliser to strip the marker into that role, and the segmenter to find
//! bullets and numbered points inside hard-wrapped text.

/// What opens a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A bullet, dash or tick.
    Bullet,
    /// A printed ordinal: "3.", "12)", "(4)".
    Number(u32),
}

/// Characters that are bullets wherever they stand. The private-use code
/// points are the Symbol and Wingdings bullets that PDFs without a
/// ToUnicode map leave behind.
const BULLETS: &[char] = &[
    '•', '●', '▪', '■', '◦', '○', '□', '➢', '➤', '►', '▶', '▸', '✓', '✔', '‣', '⁃', '·', '∙',
    '\u{f0b7}', '\u{f0a7}', '\u{f0d8}', '\u{f076}', '\u{f0fc}', '\u{f06e}',
];

/// Characters that open a list item only when a space follows ("- item",
/// "o item"), since they also start ordinary words and numbers.
const LOOSE_BULLETS: &[char] = &['-', '–', '—', '*', 'o'];

/// The marker opening `line` and the text after it; `None` when the line
/// opens with none, or when nothing follows the marker.
///
/// An ordinal has one to three digits, optionally in parentheses, then `.`
/// or `)` and white space, and the text must not go on with a digit: "2020.
/// Year", "1.2 million" and "3.5" are prose, not list items.
pub fn marker(line: &str) -> Option<(Marker, &str)> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    let after = &t[first.len_utf8()..];
    if BULLETS.contains(&first) {
        return non_empty(after).map(|r| (Marker::Bullet, r));
    }
    if LOOSE_BULLETS.contains(&first) && after.starts_with([' ', '\t', '\u{a0}']) {
        return non_empty(after).map(|r| (Marker::Bullet, r));
    }
    let (open, body) = match t.strip_prefix('(') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let after = &body[digits..];
    let after = if open {
        after.strip_prefix(')')?
    } else {
        after.strip_prefix(['.', ')'])?
    };
    // "(4)Text" is unambiguous; "3.Text" is too often a section number or
    // a decimal, so the open forms need white space.
    if !open && !after.starts_with([' ', '\t', '\u{a0}']) {
        return None;
    }
    let rest = non_empty(after)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((Marker::Number(body[..digits].parse().ok()?), rest))
}

fn non_empty(s: &str) -> Option<&str> {
    let r = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    (!r.is_empty()).then_some(r)
}

/// The text after a bullet opening `line`.
pub fn bullet(line: &str) -> Option<&str> {
    match marker(line)? {
        (Marker::Bullet, rest) => Some(rest),
        _ => None,
    }
}

/// The ordinal and text of a line opening with a printed number.
pub fn number(line: &str) -> Option<(u32, &str)> {
    match marker(line)? {
        (Marker::Number(n), rest) => Some((n, rest)),
        _ => None,
    }
}

/// The text after point `expected` opening `line`, where a list that has
/// printed point `expected - 1` expects it: in the marker grammar ("10. It
/// is"), or glued to its text as LibreOffice prints a two-digit number
/// whose tab has no room left ("10.It is").
///
/// Alone, "3.The" is too often a section number or a sentence run into
/// the next; only the sequence makes it a marker, so the first point never
/// opens glued, and the text must open with a capital that starts a word
/// ("3.5", "10.2023", "2.e.g." and "4.U.K." stay prose).
pub(crate) fn next_number(line: &str, expected: u32) -> Option<&str> {
    if let Some((n, rest)) = number(line) {
        return (n == expected).then_some(rest);
    }
    if expected < 2 {
        return None;
    }
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || t[..digits].parse::<u32>().ok()? != expected {
        return None;
    }
    let rest = t[digits..].strip_prefix(['.', ')'])?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    (first.is_uppercase() && (second.is_lowercase() || second == ' ' || second == '’'))
        .then(|| rest.trim_end())
}

/// Whether `line` opens with the number `n` in any printed form a reader
/// may have failed to take for a marker: "10.", "10)" glued or spaced, or
/// "10 " before a capital. Used only to tell that a list went on after
/// its last item read, never to read one.
pub(crate) fn mentions_number(line: &str, n: u32) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix('(').unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || t[..digits].parse::<u32>().ok() != Some(n) {
        return false;
    }
    let rest = &t[digits..];
    match rest.strip_prefix(['.', ')']) {
        Some(after) => after
            .trim_start_matches([' ', '\t', '\u{a0}'])
            .starts_with(|c: char| c.is_alphabetic() || c == '“' || c == '"' || c == '‘'),
        None => rest
            .strip_prefix([' ', '\t', '\u{a0}'])
            .is_some_and(|after| after.starts_with(char::is_uppercase)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets() {
        for line in [
            "• Police",
            "▶ Police",
            "►Police",
            "- Police",
            "– Police",
            "o Police",
            "\u{f0b7} Police",
        ] {
            assert_eq!(bullet(line), Some("Police"), "{line}");
        }
        for line in ["on-going work", "-3 degrees", "•", "- ", "opportunity"] {
            assert_eq!(bullet(line), None, "{line}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number("1. The learning"), Some((1, "The learning")));
        assert_eq!(number("12) Item"), Some((12, "Item")));
        assert_eq!(number("(4) Item"), Some((4, "Item")));
        assert_eq!(number("(4)Item "), Some((4, "Item")));
        for line in [
            "2020. Year",
            "1.2 million",
            "3.5",
            "4 children",
            "1.",
            "(4. x",
            "1234. x",
            "3.Text",
            "١. Arabic digit",
        ] {
            assert_eq!(number(line), None, "{line}");
        }
    }
    #[test]
    fn a_number_glued_to_its_text_opens_the_point_the_list_expects() {
        assert_eq!(
            next_number("10.It is not enough", 10),
            Some("It is not enough")
        );
        assert_eq!(next_number("3.The panel", 3), Some("The panel"));
        assert_eq!(next_number("11) Spaced", 11), Some("Spaced"));
        assert_eq!(next_number("4.A child", 4), Some("A child"));
        assert_eq!(
            next_number("2. Spaced as usual", 2),
            Some("Spaced as usual")
        );
        for (line, n) in [
            ("10.It is", 11),
            ("1.The first point", 1),
            ("3.5 per cent", 3),
            ("10.2023 was", 10),
            ("2.e.g. this", 2),
            ("4.U.K. law", 4),
            ("2019.The board", 2019),
            ("3.the panel", 3),
            ("3.", 3),
            ("12 Text", 12),
        ] {
            assert_eq!(next_number(line, n), None, "{line}");
        }
    }

    #[test]
    fn a_list_going_on_in_any_printed_form() {
        for line in [
            "10.It is",
            "10. It is",
            "10) It",
            "(10) It",
            "10 It is",
            "10.“Quoted",
        ] {
            assert!(mentions_number(line, 10), "{line}");
        }
        for line in [
            "10.5 per cent",
            "10.2023",
            "10 children were seen",
            "100. Other",
            "1. Other",
            "10",
            "In 10. cases",
        ] {
            assert!(!mentions_number(line, 10), "{line}");
        }
    }
}
