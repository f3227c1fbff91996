//! Unicode from an embedded font's own tables, for glyphs that the PDF maps
//! nowhere (no `ToUnicode`, no usable encoding): a subset TrueType font shown
//! through `Identity-H` usually still carries its Unicode `cmap`, which read
//! backwards gives each glyph its character.

use hayro_interpret::font::OutlineFontData;
use skrifa::{FontRef, MetadataProvider};
use std::collections::HashMap;

/// Glyph id to character, per font program, built on first use.
#[derive(Default)]
pub struct FontTables {
    by_font: HashMap<u128, Option<HashMap<u32, char>>>,
}

impl FontTables {
    /// The character glyph `gid` of the font program draws, if its tables say.
    pub fn unicode(&mut self, font: &OutlineFontData, gid: u32) -> Option<char> {
        self.by_font
            .entry(font.cache_key)
            .or_insert_with(|| reverse_cmap((*font.data).as_ref()))
            .as_ref()?
            .get(&gid)
            .copied()
    }
}

/// The font's Unicode `cmap` read backwards. Where several characters share
/// a glyph, the lowest code point wins (Latin "A" over Greek "Α"). `None`
/// for programs that are not OpenType (bare CFF, Type 1).
pub fn reverse_cmap(bytes: &[u8]) -> Option<HashMap<u32, char>> {
    let font = FontRef::new(bytes).ok()?;
    let mut map: HashMap<u32, char> = HashMap::new();
    for (cp, gid) in font.charmap().mappings() {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if c.is_control() {
            continue;
        }
        map.entry(gid.to_u32())
            .and_modify(|e| *e = (*e).min(c))
            .or_insert(c);
    }
    (!map.is_empty()).then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_fonts_have_no_tables() {
        assert_eq!(reverse_cmap(b""), None);
        assert_eq!(reverse_cmap(b"%!PS-AdobeFont-1.0"), None);
    }
}
