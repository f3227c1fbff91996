//! Glyph text clean-up: ligatures, private-use bullets, invisible characters.

use compact_str::CompactString;

/// The text a glyph should contribute: ligatures U+FB00–FB06 expanded,
/// private-use bullet glyphs (Symbol/Wingdings) mapped to "•", no-break
/// spaces to spaces, and control or zero-width characters dropped.
pub fn normalise_glyph_text(text: &str) -> CompactString {
    let mut out = CompactString::default();
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c if is_pua_bullet(c) => out.push('•'),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{3000}' => out.push(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            // A soft hyphen is painted, so it is a hyphen on the page.
            '\u{00AD}' => out.push('-'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Private-use code points that Symbol and Wingdings fonts use for bullets.
fn is_pua_bullet(c: char) -> bool {
    matches!(
        c,
        '\u{F0B7}'
            | '\u{F0A7}'
            | '\u{F0A8}'
            | '\u{F06C}'
            | '\u{F06E}'
            | '\u{F071}'
            | '\u{F076}'
            | '\u{F0D8}'
            | '\u{F0E0}'
            | '\u{F0FC}'
            | '\u{F0B2}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_expand() {
        assert_eq!(normalise_glyph_text("\u{FB01}"), "fi");
        assert_eq!(normalise_glyph_text("e\u{FB03}cient"), "efficient");
        assert_eq!(normalise_glyph_text("\u{FB06}"), "st");
    }

    #[test]
    fn pua_bullets_become_bullets() {
        assert_eq!(normalise_glyph_text("\u{F0B7}"), "•");
        assert_eq!(normalise_glyph_text("\u{F0A7}"), "•");
    }

    #[test]
    fn invisible_characters_dropped() {
        assert_eq!(normalise_glyph_text("\u{0}"), "");
        assert_eq!(normalise_glyph_text("a\u{200B}"), "a");
        assert_eq!(normalise_glyph_text("\u{A0}"), " ");
        assert_eq!(normalise_glyph_text("\u{AD}"), "-");
    }
}
