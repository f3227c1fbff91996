//! Right-to-left scripts. PDF paints glyphs where they go, so Arabic and
//! Hebrew arrive in visual order, left to right on the page; text wants
//! logical order. Words of right-to-left letters are turned round, and a
//! line written mostly right to left lists its words from the right, with
//! runs of left-to-right words (English, numbers) kept in their own order.
//! This is the visual-to-logical half of the bidirectional algorithm that
//! a single line needs, not the whole of it.

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their presentation forms). Arabic-Indic digits
/// are not: numbers run left to right inside Arabic text too.
pub fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && !is_mark(c)
        && !matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Combining marks of those scripts (vowel points, harakat): they belong
/// after their base letter.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

fn is_ltr(c: char) -> bool {
    c.is_alphabetic() && !is_rtl(c) && !is_mark(c)
}

/// The logical text of a word painted right to left, or `None` when the
/// word is not one (no right-to-left letter, or any left-to-right letter).
pub fn logical_word(visual: &str) -> Option<String> {
    if visual.is_ascii() || !visual.chars().any(is_rtl) || visual.chars().any(is_ltr) {
        return None;
    }
    let mut out: Vec<char> = visual.chars().rev().collect();
    // Reversed, a mark painted just right of its letter lands before it.
    let mut i = 0;
    while i + 1 < out.len() {
        if is_mark(out[i]) && !is_mark(out[i + 1]) {
            out.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    Some(out.into_iter().collect())
}

/// Indices of `words` (left to right on the page) in reading order.
pub fn reading_order<S: AsRef<str>>(words: &[S]) -> Vec<usize> {
    let rtl = |w: &S| w.as_ref().chars().any(is_rtl);
    let ltr = |w: &S| w.as_ref().chars().any(is_ltr);
    let n_rtl = words.iter().filter(|w| rtl(w)).count();
    let n_ltr = words.iter().filter(|w| ltr(w) && !rtl(w)).count();
    let mut order: Vec<usize> = (0..words.len()).collect();
    if n_rtl == 0 || n_rtl < n_ltr {
        return order;
    }
    order.reverse();
    // Runs of words without right-to-left letters read left to right.
    let mut i = 0;
    while i < order.len() {
        if rtl(&words[order[i]]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < order.len() && !rtl(&words[order[i]]) {
            i += 1;
        }
        order[start..i].reverse();
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_word_turned_round() {
        // "שלום" painted left to right is "םולש".
        assert_eq!(logical_word("םולש").as_deref(), Some("שלום"));
        assert_eq!(logical_word("review"), None);
        assert_eq!(logical_word("abcש"), None);
        // Arabic-Indic digits are painted in reading order already.
        assert_eq!(logical_word("\u{0661}\u{0662}\u{0663}"), None);
    }

    #[test]
    fn marks_follow_their_letter() {
        // Visual: mark after letter, left to right: "ב" + dagesh then "א".
        let visual = "\u{05D1}\u{05BC}\u{05D0}";
        assert_eq!(
            logical_word(visual).as_deref(),
            Some("\u{05D0}\u{05D1}\u{05BC}")
        );
    }

    #[test]
    fn right_to_left_line_reads_from_the_right() {
        let words = ["ג", "ב", "א"];
        assert_eq!(reading_order(&words), [2, 1, 0]);
        // English inside keeps its own order.
        let mixed = ["ג", "two", "one", "א"];
        let order = reading_order(&mixed);
        let read: Vec<&str> = order.iter().map(|&i| mixed[i]).collect();
        assert_eq!(read, ["א", "two", "one", "ג"]);
    }

    #[test]
    fn left_to_right_line_untouched() {
        assert_eq!(reading_order(&["one", "ש", "two"]), [0, 1, 2]);
    }
}
