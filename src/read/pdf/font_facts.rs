//! What a font says, worked out once per font: whether its name or weight
//! says bold, and each character code's text and advance. Done per glyph
//! run instead, these were a third of the glyph device's time: runs are
//! short (a word, a piece of a `TJ` array), so the same few codes of the
//! same font were looked up again and again, and the font's name was
//! fetched, copied and lower-cased for every run.

use compact_str::CompactString;
use hayro_font::FontIdentity;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// What one character code of a font stands for.
pub(crate) struct Coded {
    pub(crate) text: CompactString,
    /// Whether the text came from a mapping rather than the last resort.
    pub(crate) mapped: bool,
    /// Advance in glyph units (1000 to the em).
    pub(crate) advance: f64,
}

/// One-byte codes are most codes met: they are found by index, not hashing.
const BYTE_CODES: usize = 256;

/// The facts of one font.
pub(crate) struct FontFacts {
    /// The font's PostScript name or weight says bold.
    pub(crate) named_bold: bool,
    /// For fonts that name no weight (Type 1 programs), the key under which
    /// their stroke weights are kept.
    pub(crate) stem_key: Option<u128>,
    coded: Vec<Coded>,
    /// Index + 1 into `coded` of each one-byte code, 0 when not yet met.
    byte_slot: Box<[u32; BYTE_CODES]>,
    /// Index into `coded` of each wider code (CID fonts).
    wide: HashMap<u32, u32, BuildHasherDefault<CodeHasher>>,
    /// The codes met, in order, to forget them again cheaply.
    codes: Vec<u32>,
}

impl FontFacts {
    pub(crate) fn new(named_bold: bool, stem_key: Option<u128>) -> Self {
        FontFacts {
            named_bold,
            stem_key,
            coded: Vec::new(),
            byte_slot: Box::new([0; BYTE_CODES]),
            wide: HashMap::default(),
            codes: Vec::new(),
        }
    }

    /// What `code` stands for, when it was met before.
    #[inline]
    pub(crate) fn get(&self, code: u32) -> Option<&Coded> {
        let i = match self.byte_slot.get(code as usize) {
            Some(&slot) => slot.checked_sub(1)?,
            None => *self.wide.get(&code)?,
        };
        self.coded.get(i as usize)
    }

    /// Records what `code` stands for and returns it.
    pub(crate) fn insert(&mut self, code: u32, coded: Coded) -> &Coded {
        let i = self.coded.len();
        // A font has at most 2^32 codes: the index always fits.
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match self.byte_slot.get_mut(code as usize) {
            Some(slot) => *slot = index.saturating_add(1),
            None => {
                self.wide.insert(code, index);
            }
        }
        self.codes.push(code);
        self.coded.push(coded);
        &self.coded[i]
    }

    /// Forgets every code and takes new font facts: a glyph run of a font
    /// without an identity (Type 3) starts from nothing.
    pub(crate) fn reset(&mut self, named_bold: bool, stem_key: Option<u128>) {
        for code in self.codes.drain(..) {
            if let Some(slot) = self.byte_slot.get_mut(code as usize) {
                *slot = 0;
            }
        }
        self.wide.clear();
        self.coded.clear();
        self.named_bold = named_bold;
        self.stem_key = stem_key;
    }
}

impl Default for FontFacts {
    fn default() -> Self {
        FontFacts::new(false, None)
    }
}

/// Character codes are small integers: a multiplication spreads them well
/// enough, at a fraction of SipHash's cost.
#[derive(Default)]
pub(crate) struct CodeHasher(u64);

impl Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Fonts met beyond which the cache starts again: a hostile file can make
/// a new fallback font for every text operator, and each identity keeps
/// its font alive.
const MAX_FONTS: usize = 4096;

/// The facts of every font met in a document, by font identity. The font
/// of the last run is kept out of the map: runs of one font follow one
/// another, and most need no hashing.
#[derive(Default)]
pub(crate) struct FontFactsCache {
    fonts: HashMap<FontIdentity, FontFacts>,
    last: Option<(FontIdentity, FontFacts)>,
}

impl FontFactsCache {
    /// The facts of font `id`, taken out until [`FontFactsCache::put`].
    pub(crate) fn take(&mut self, id: &FontIdentity) -> Option<FontFacts> {
        match self.last.take() {
            Some((k, facts)) if k == *id => Some(facts),
            other => {
                if let Some((k, facts)) = other {
                    self.fonts.insert(k, facts);
                }
                self.fonts.remove(id)
            }
        }
    }

    pub(crate) fn put(&mut self, id: FontIdentity, facts: FontFacts) {
        if let Some((k, old)) = self.last.replace((id, facts)) {
            if self.fonts.len() >= MAX_FONTS {
                self.fonts.clear();
            }
            self.fonts.insert(k, old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(t: &str) -> Coded {
        Coded {
            text: t.into(),
            mapped: true,
            advance: 500.0,
        }
    }

    #[test]
    fn codes_are_found_again_and_forgotten_on_reset() {
        let mut f = FontFacts::new(true, None);
        f.insert(0x41, coded("A"));
        f.insert(0x4e2d, coded("中"));
        assert_eq!(f.get(0x41).map(|c| c.text.as_str()), Some("A"));
        assert_eq!(f.get(0x4e2d).map(|c| c.text.as_str()), Some("中"));
        assert!(f.get(0x42).is_none());
        f.reset(false, Some(7));
        assert!(f.get(0x41).is_none() && f.get(0x4e2d).is_none());
        assert!(!f.named_bold);
        assert_eq!(f.stem_key, Some(7));
    }
}
