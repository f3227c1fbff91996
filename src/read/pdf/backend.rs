//! The hayro glyph device: positioned Unicode glyphs and rulings of one page.

use super::font_facts::{Coded, FontFacts, FontFactsCache};
use super::font_tables::FontTables;
use crate::layout::ligatures::normalise_glyph_text;
use crate::layout::{Dir, Glyph, Rule};
use compact_str::CompactString;
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::{BfString, WritingMode};
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};

/// Thickest stroke or fill still taken for a ruling rather than a shape.
const MAX_RULE_THICKNESS: f64 = 3.0;
/// Shortest segment kept as a ruling; shorter ones are glyph-like decoration.
const MIN_RULE_LENGTH: f64 = 4.0;
/// Sides (points) of a filled dot or square read as a list bullet: browsers
/// paint `list-style: disc` and `square` as shapes, not glyphs.
const BULLET_SIDE: std::ops::RangeInclusive<f64> = 1.5..=7.0;

/// Collects what layout needs from one page.
#[derive(Default)]
pub struct Collector {
    /// Glyphs in paint order, page space, origin top-left.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical rulings.
    pub rules: Vec<Rule>,
    /// Images painted (to tell a scan from an empty page).
    pub images: u32,
    /// Glyphs for which no Unicode could be found.
    pub unmapped: u32,
    last_fill: Option<Point>,
    /// Index of the first glyph of the last filled run, so that a stroke
    /// painted over it (synthetic bold) can mark it bold.
    last_fill_start: usize,
    /// Each font's facts (bold, text and advance of each code), by font
    /// identity: the lookups (encoding, glyph name, Adobe Glyph List,
    /// widths) were a third of the interpreter's time when done for every
    /// glyph. Handed from page to page so each font is read once.
    pub font_facts: FontFactsCache,
    /// The facts of the current run when its font has no identity (Type 3):
    /// kept for that run only.
    run_facts: FontFacts,
    /// Embedded fonts' own tables, for glyphs the PDF gives no Unicode;
    /// handed from page to page so each font is read once.
    pub tables: FontTables,
    /// Glyphs this page may still add before the document's limit.
    pub budget: u64,
    /// Set when the budget ran out; later glyphs were not kept.
    pub over_budget: bool,
    /// Runs in fonts that name no weight (Type 1 programs): the glyph
    /// range and the run's stroke weight, for [`Collector::mark_heavy_runs`].
    stems: Vec<(usize, usize, f32)>,
    /// The current run's letter weights and the codes weighed.
    stem_ratios: Vec<f32>,
    stem_codes: Vec<u32>,
    /// Stroke weight of each glyph outline measured so far, by font and
    /// one-byte code: handed from page to page so each outline is drawn
    /// once.
    pub stem_cache: StemCache,
}

/// Stroke weights by font key and one-byte code. The font of the last run
/// is kept out of the map: runs of one font follow one another, and most
/// need no hashing.
#[derive(Debug, Default)]
pub struct StemCache {
    fonts: std::collections::HashMap<u128, Box<[f32]>>,
    last: Option<(u128, Box<[f32]>)>,
}

impl StemCache {
    /// The weights of font `key`, taken out until [`StemCache::put`].
    fn take(&mut self, key: u128) -> Box<[f32]> {
        match self.last.take() {
            Some((k, slots)) if k == key => slots,
            other => {
                if let Some((k, slots)) = other {
                    self.fonts.insert(k, slots);
                }
                self.fonts.remove(&key).unwrap_or_else(|| {
                    let mut slots = vec![f32::NAN; CODES + 2];
                    slots[MEASURED] = 0.0;
                    slots.into_boxed_slice()
                })
            }
        }
    }

    fn put(&mut self, key: u128, slots: Box<[f32]>) {
        if let Some((k, old)) = self.last.replace((key, slots)) {
            self.fonts.insert(k, old);
        }
    }
}

impl Collector {
    // Inlined: called for every glyph of every page.
    #[inline(always)]
    fn push_glyph(
        &mut self,
        text: CompactString,
        origin: Point,
        advance: Vec2,
        up: Vec2,
        bold: bool,
        vertical: bool,
    ) {
        // `length`, not `hypot`: libm's overflow-safe hypot costs several
        // times a square root, twice per glyph, for magnitudes near 10.
        let size = length(up) as f32;
        let dir = direction(advance, up, vertical);
        // Down a vertical column the pen moves by the vertical advance, one
        // em for CJK fonts, not by the glyph's horizontal width.
        let width = if vertical && dir == Dir::Down {
            size
        } else {
            length(advance) as f32
        };
        if !size.is_finite() || !width.is_finite() || !origin.x.is_finite() || !origin.y.is_finite()
        {
            return;
        }
        if self.budget == 0 {
            self.over_budget = true;
            return;
        }
        self.budget -= 1;
        self.glyphs.push(Glyph {
            text,
            x: origin.x as f32,
            y: origin.y as f32,
            width,
            size,
            bold,
            dir,
        });
    }

    fn push_rule(&mut self, r: Rect) {
        let (w, h) = (r.width(), r.height());
        let thin_h = h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH;
        let thin_v = w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH;
        if (thin_h || thin_v) && r.x0.is_finite() && r.y0.is_finite() {
            self.rules.push(Rule {
                x0: r.x0 as f32,
                y0: r.y0 as f32,
                x1: r.x1 as f32,
                y1: r.y1 as f32,
            });
        }
    }

    /// Stroked paths: every axis-aligned straight segment is a candidate ruling.
    fn stroke_segments(&mut self, path: &BezPath, transform: Affine, line_width: f64) {
        let half = (line_width * transform.determinant().abs().sqrt() / 2.0).max(0.25);
        let mut start = Point::ZERO;
        let mut last = Point::ZERO;
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    start = p;
                    last = p;
                }
                PathEl::LineTo(p) => {
                    self.segment(transform * last, transform * p, half);
                    last = p;
                }
                PathEl::ClosePath => {
                    self.segment(transform * last, transform * start, half);
                    last = start;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = p,
            }
        }
    }

    fn segment(&mut self, a: Point, b: Point, half: f64) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if dy <= 0.5 && dx >= MIN_RULE_LENGTH {
            let y = (a.y + b.y) / 2.0;
            self.push_rule(Rect::new(a.x.min(b.x), y - half, a.x.max(b.x), y + half));
        } else if dx <= 0.5 && dy >= MIN_RULE_LENGTH {
            let x = (a.x + b.x) / 2.0;
            self.push_rule(Rect::new(x - half, a.y.min(b.y), x + half, a.y.max(b.y)));
        }
    }

    /// Filled paths: each closed sub-path that is a thin axis-aligned box.
    fn filled_boxes(&mut self, path: &BezPath, transform: Affine) {
        let mut sub = BezPath::new();
        let flush = |sub: &mut BezPath, this: &mut Self| {
            if sub.elements().len() >= 3 && is_axis_aligned(sub) {
                let bb = (transform * sub.clone()).bounding_box();
                this.push_rule(bb);
            }
            *sub = BezPath::new();
        };
        for el in path.elements() {
            if matches!(el, PathEl::MoveTo(_)) && !sub.elements().is_empty() {
                flush(&mut sub, self);
            }
            sub.push(*el);
        }
        flush(&mut sub, self);
    }
}

impl Collector {
    /// A small closed shape stroked: browsers draw a nested list's
    /// `circle` marker as a ring.
    fn stroked_bullet(&mut self, path: &BezPath, transform: Affine) {
        if path.elements().last() == Some(&PathEl::ClosePath) {
            self.bullet_shape(path, transform);
        }
    }

    /// A small filled disc or square, or a small ring, alone in its path,
    /// stands for a bullet: it becomes a "•" glyph on the baseline of the text beside it
    /// so that list items keep their marker whichever way it was painted.
    fn bullet_shape(&mut self, path: &BezPath, transform: Affine) {
        let subpaths = path
            .elements()
            .iter()
            .filter(|e| matches!(e, PathEl::MoveTo(_)))
            .count();
        if subpaths != 1 {
            return;
        }
        let bb = (transform * path.clone()).bounding_box();
        let (w, h) = (bb.width(), bb.height());
        if !BULLET_SIDE.contains(&w) || !BULLET_SIDE.contains(&h) || w > 1.5 * h || h > 1.5 * w {
            return;
        }
        if let Some(size) = bullet_size(w) {
            // A bullet sits about a third of an em above the baseline.
            let baseline = bb.y1 + 0.15 * size as f64;
            self.push_glyph(
                CompactString::const_new("•"),
                Point::new(bb.x0, baseline),
                Vec2::new(w, 0.0),
                Vec2::new(0.0, -(size as f64)),
                false,
                false,
            );
        }
    }
}

/// Letters measured for a run's stroke weight (Type 1 fonts carry no
/// weight, so "Times-Bold" is told from "Times-Roman" by its strokes: the
/// median of outline area over outline length, half a stroke's thickness).
const STEM_LETTERS: usize = 5;

/// One-byte codes: a font's weights are kept by code, then the count of
/// letters measured and the font's settled weight.
const CODES: usize = 256;
const MEASURED: usize = CODES;
const SETTLED: usize = CODES + 1;
/// Letters of a font measured before its weight is taken as settled: one
/// design's stems differ little from letter to letter, and each outline
/// costs more than reading many glyphs.
const FONT_LETTERS: f32 = 12.0;

/// The stroke weight of letter `code` in a font's `slots`: measured once,
/// or, once the font has enough letters measured, the font's median.
fn letter_weight(slots: &mut [f32], code: usize, measure: impl FnOnce() -> f32) -> f32 {
    if !slots[code].is_nan() {
        return slots[code];
    }
    if !slots[SETTLED].is_nan() {
        return slots[SETTLED];
    }
    let r = measure();
    slots[code] = r;
    if r > 0.0 {
        slots[MEASURED] += 1.0;
        if slots[MEASURED] >= FONT_LETTERS {
            let mut known: Vec<f32> = slots[..CODES]
                .iter()
                .copied()
                .filter(|w| *w > 0.0)
                .collect();
            known.sort_by(f32::total_cmp);
            slots[SETTLED] = known[known.len() / 2];
        }
    }
    r
}

/// A key for the font of a glyph, so that one table of stroke weights
/// serves all its glyphs. hayro names a glyph's outline by font program
/// and glyph together (`GlyphIdentifier`), hashing the program's content
/// hash first: that first 128-bit value is the font's key. Without one
/// the whole identifier is the key, which is as correct, only cached per
/// glyph.
fn font_key(id: &hayro_interpret::font::GlyphIdentifier) -> u128 {
    use std::hash::{Hash, Hasher};
    struct First(Option<u128>);
    impl Hasher for First {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, _: &[u8]) {}
        fn write_u128(&mut self, v: u128) {
            self.0.get_or_insert(v);
        }
    }
    let mut first = First(None);
    id.hash(&mut first);
    first.0.unwrap_or_else(|| id.cache_key())
}
/// A run whose strokes are this much heavier than the page's usual text is
/// bold: a bold cut's stems are about half as thick again.
const HEAVY: f32 = 1.3;

/// Outline area over outline length, the length taken along the control
/// polygon: exact arc lengths cost more than the rest of reading a page,
/// and only a ratio between faces of one design is wanted.
fn stroke_ratio(path: &BezPath) -> f32 {
    let mut length = 0.0;
    let (mut start, mut last) = (Point::ZERO, Point::ZERO);
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => {
                start = p;
                last = p;
            }
            PathEl::LineTo(p) => {
                length += (p - last).hypot();
                last = p;
            }
            PathEl::QuadTo(a, p) => {
                length += (a - last).hypot() + (p - a).hypot();
                last = p;
            }
            PathEl::CurveTo(a, b, p) => {
                length += (a - last).hypot() + (b - a).hypot() + (p - b).hypot();
                last = p;
            }
            PathEl::ClosePath => {
                length += (start - last).hypot();
                last = start;
            }
        }
    }
    if length > 0.0 {
        (path.area().abs() / length) as f32
    } else {
        0.0
    }
}

/// Which of several runs' stroke weights are bold: those heavier by
/// [`HEAVY`] than the weight carrying most glyphs.
pub fn heavy_runs(runs: &[(usize, f32)]) -> Vec<bool> {
    let mut by_weight: Vec<(f32, usize)> = runs.iter().map(|&(n, w)| (w, n)).collect();
    by_weight.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = by_weight.iter().map(|p| p.1).sum();
    let mut acc = 0;
    // The glyph-weighted median weight: the page's running text.
    let usual = by_weight
        .iter()
        .find(|(_, n)| {
            acc += n;
            acc * 2 >= total
        })
        .map_or(0.0, |p| p.0);
    runs.iter()
        .map(|&(_, w)| usual > 0.0 && w >= HEAVY * usual)
        .collect()
}

impl Collector {
    /// Marks bold the runs, in fonts that name no weight, whose strokes
    /// are heavier than the page's usual text.
    pub fn mark_heavy_runs(&mut self) {
        let runs: Vec<(usize, f32)> = self.stems.iter().map(|&(a, b, w)| (b - a, w)).collect();
        for (&(a, b, _), heavy) in self.stems.iter().zip(heavy_runs(&runs)) {
            if heavy {
                for g in self.glyphs.get_mut(a..b).into_iter().flatten() {
                    g.bold = true;
                }
            }
        }
        self.stems.clear();
    }
}

/// The font size a painted bullet of width `side` goes with: browsers draw
/// a disc about a third of an em across.
fn bullet_size(side: f64) -> Option<f32> {
    let size = (side / 0.35) as f32;
    (size.is_finite() && size > 0.0).then_some(size)
}

impl Collector {
    /// Text and advance of `code`: `ToUnicode`, encoding and glyph names
    /// (hayro), then the embedded font's own tables, then the last resort.
    fn look_up(&mut self, g: &hayro_interpret::font::Glyph<'_>, code: u32) -> Coded {
        let advance = match g {
            hayro_interpret::font::Glyph::Outline(o) => o.advance_width(),
            hayro_interpret::font::Glyph::Type3(t3) => t3.advance_width(),
        }
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(500.0) as f64;
        let (text, mapped) = match g.as_unicode() {
            Some(BfString::Char(c)) => (normalise_glyph_text(c.encode_utf8(&mut [0; 4])), true),
            Some(BfString::String(s)) => (normalise_glyph_text(&s), true),
            None => match self.font_table_char(g) {
                Some(c) => (normalise_glyph_text(c.encode_utf8(&mut [0; 4])), true),
                None => (normalise_glyph_text(fallback_text(code)), false),
            },
        };
        Coded {
            text,
            mapped,
            advance,
        }
    }

    fn font_table_char(&mut self, g: &hayro_interpret::font::Glyph<'_>) -> Option<char> {
        let hayro_interpret::font::Glyph::Outline(o) = g else {
            return None;
        };
        self.tables.unicode(&o.font_data()?, o.glyph_id().to_u32())
    }
}

fn length(v: Vec2) -> f64 {
    (v.x * v.x + v.y * v.y).sqrt()
}

/// Which way text runs, from a glyph's advance and up vectors in page space
/// (y grows downwards). A glyph counts as running one way when its advance
/// is within about 6° of that axis and its up vector is turned with it;
/// mirrored or slanted text is `Skew`. Vertical writing mode runs down with
/// upright glyphs.
pub fn direction(advance: Vec2, up: Vec2, vertical: bool) -> Dir {
    let along = |major: f64, minor: f64| major > 0.0 && minor.abs() <= major * 0.1;
    if vertical && along(-up.y, up.x) {
        return Dir::Down;
    }
    if along(advance.x, advance.y) && along(-up.y, up.x * 0.33) {
        Dir::Right
    } else if along(advance.y, advance.x) && along(up.x, up.y * 0.33) {
        Dir::Down
    } else if along(-advance.x, advance.y) && along(up.y, up.x * 0.33) {
        Dir::Left
    } else if along(-advance.y, advance.x) && along(-up.x, up.y * 0.33) {
        Dir::Up
    } else {
        Dir::Skew
    }
}

fn is_axis_aligned(path: &BezPath) -> bool {
    let mut last: Option<Point> = None;
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => last = Some(p),
            PathEl::LineTo(p) => {
                if let Some(l) = last
                    && (l.x - p.x).abs() > 0.01
                    && (l.y - p.y).abs() > 0.01
                {
                    return false;
                }
                last = Some(p);
            }
            PathEl::ClosePath => {}
            _ => return false,
        }
    }
    true
}

/// A font's facts as far as they are known before any code is looked up.
fn font_facts_of(o: &hayro_interpret::font::OutlineGlyph) -> FontFacts {
    match o.font_data() {
        Some(d) => FontFacts::new(looks_bold(d.postscript_name.as_deref(), d.weight), None),
        None => FontFacts::new(false, Some(font_key(&o.identifier()))),
    }
}

/// Whether a PostScript font name or weight says bold.
pub fn looks_bold(name: Option<&str>, weight: Option<u32>) -> bool {
    if weight.is_some_and(|w| w >= 600) {
        return true;
    }
    let Some(name) = name else { return false };
    let lower = name.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|k| lower.contains(k))
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        match draw_mode {
            DrawMode::Fill(_) => {
                self.filled_boxes(path, props.transform);
                self.bullet_shape(path, props.transform);
            }
            DrawMode::Stroke(s) => {
                self.stroke_segments(path, props.transform, s.line_width as f64);
                self.stroked_bullet(path, props.transform);
            }
            DrawMode::FillAndStroke(_, s) => {
                self.filled_boxes(path, props.transform);
                self.stroke_segments(path, props.transform, s.line_width as f64);
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Fill-and-stroke text arrives twice (fill, then stroke); keep one.
        let first = run
            .glyphs()
            .first()
            .map(|g| props.transform * g.transform() * Point::ZERO);
        if matches!(mode, DrawMode::Stroke(_)) && first.is_some() && first == self.last_fill {
            // The same glyphs filled and then stroked over: a bold face
            // made by thickening a regular one.
            let start = self.last_fill_start.min(self.glyphs.len());
            for g in &mut self.glyphs[start..] {
                g.bold = true;
            }
            return;
        }
        self.last_fill_start = self.glyphs.len();
        self.last_fill = if matches!(mode, DrawMode::Stroke(_)) {
            None
        } else {
            first
        };
        // A font's facts are worked out when it is first met. Fonts that
        // give no name (Type 1 programs) are weighed by their strokes
        // instead: a few of the run's letters, each outline measured once
        // per document.
        let (id, mut facts) = match run.glyphs().first().map(|g| &**g) {
            Some(hayro_interpret::font::Glyph::Outline(o)) => {
                let id = o.font_identity();
                let facts = self
                    .font_facts
                    .take(&id)
                    .unwrap_or_else(|| font_facts_of(o));
                (Some(id), facts)
            }
            _ => {
                let mut facts = std::mem::take(&mut self.run_facts);
                facts.reset(false, None);
                (None, facts)
            }
        };
        // Fill-and-stroke text mode is how synthetic bold is painted.
        let bold = facts.named_bold || matches!(mode, DrawMode::FillAndStroke(..));
        // The font's weights by one-byte code, taken out of the cache for
        // the run and put back after it.
        let mut weights = facts.stem_key.filter(|_| !bold).map(|key| {
            let slots = self.stem_cache.take(key);
            (key, slots)
        });
        // Scratch lists kept from run to run: an allocation per run was a
        // tenth of the device's time.
        let mut ratios = std::mem::take(&mut self.stem_ratios);
        let mut weighed = std::mem::take(&mut self.stem_codes);
        ratios.clear();
        weighed.clear();
        let run_start = self.glyphs.len();
        let vertical = run.writing_mode() == WritingMode::Vertical;
        for g in run.glyphs() {
            let code = g.char_code();
            let known = match facts.get(code) {
                Some(k) => k,
                None => {
                    let coded = self.look_up(g, code);
                    facts.insert(code, coded)
                }
            };
            let Coded {
                ref text,
                mapped,
                advance: advance_units,
            } = *known;
            let text = text.clone();
            // Read off the matrix: x' = a·x + c·y + e, y' = b·x + d·y + f.
            let [a, b, c, d, e, f] = (props.transform * g.transform()).as_coeffs();
            let origin = Point::new(e, f);
            let advance = Vec2::new(a * advance_units, b * advance_units);
            let up = Vec2::new(c * 1000.0, d * 1000.0);
            if !mapped {
                self.unmapped += 1;
            }
            if text.is_empty() {
                continue;
            }
            if let Some((_, slots)) = weights.as_mut()
                && ratios.len() < STEM_LETTERS
                && (code as usize) < CODES
                && !weighed.contains(&code)
                && text.chars().next().is_some_and(char::is_alphabetic)
                && let hayro_interpret::font::Glyph::Outline(o) = &**g
            {
                weighed.push(code);
                let r = letter_weight(slots, code as usize, || stroke_ratio(&o.outline()));
                if r > 0.0 {
                    ratios.push(r);
                }
            }
            self.push_glyph(text, origin, advance, up, bold, vertical);
        }
        match id {
            Some(id) => self.font_facts.put(id, facts),
            None => self.run_facts = facts,
        }
        if let Some((key, slots)) = weights {
            self.stem_cache.put(key, slots);
        }
        if !ratios.is_empty() && self.glyphs.len() > run_start {
            ratios.sort_by(f32::total_cmp);
            let stem = ratios[ratios.len() / 2];
            self.stems.push((run_start, self.glyphs.len(), stem));
        }
        self.stem_ratios = ratios;
        self.stem_codes = weighed;
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// Last resort for a glyph with no Unicode: printable ASCII codes are taken
/// at face value (simple fonts without encodings mostly use ASCII), control
/// codes give nothing (no standard encoding names a glyph there, and poppler
/// prints none), anything else becomes U+FFFD so word positions survive.
fn fallback_text(code: u32) -> &'static str {
    const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    match code {
        0x20..0x7f => {
            let i = (code - 0x20) as usize;
            &ASCII[i..i + 1]
        }
        ..0x20 => "",
        _ => "\u{FFFD}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_weight_settles_after_enough_letters() {
        let mut slots = vec![f32::NAN; CODES + 2];
        slots[MEASURED] = 0.0;
        let mut drawn = 0;
        for code in 0..20 {
            letter_weight(&mut slots, code, || {
                drawn += 1;
                30.0 + code as f32 % 3.0
            });
        }
        assert_eq!(drawn, FONT_LETTERS as usize);
        assert_eq!(letter_weight(&mut slots, 40, || unreachable!()), 31.0);
        // A letter measured before is its own weight.
        assert_eq!(letter_weight(&mut slots, 2, || unreachable!()), 32.0);
    }

    #[test]
    fn bold_from_name_or_weight() {
        assert!(looks_bold(Some("ABCDEF+Arial-BoldMT"), None));
        assert!(looks_bold(Some("Lato-Black"), None));
        assert!(looks_bold(None, Some(700)));
        assert!(!looks_bold(Some("TimesNewRomanPSMT"), Some(400)));
        assert!(!looks_bold(None, None));
    }

    #[test]
    fn directions_from_vectors() {
        let v = Vec2::new;
        // Page space, y down: upright text advances +x with up -y.
        assert_eq!(direction(v(5.0, 0.0), v(0.0, -10.0), false), Dir::Right);
        assert_eq!(direction(v(0.0, 5.0), v(10.0, 0.0), false), Dir::Down);
        assert_eq!(direction(v(-5.0, 0.0), v(0.0, 10.0), false), Dir::Left);
        assert_eq!(direction(v(0.0, -5.0), v(-10.0, 0.0), false), Dir::Up);
        assert_eq!(direction(v(3.5, -3.5), v(-7.0, -7.0), false), Dir::Skew);
        // Mirrored: advance right, up pointing down the page.
        assert_eq!(direction(v(5.0, 0.0), v(0.0, 10.0), false), Dir::Skew);
        // Vertical writing mode: upright glyphs stacked down the page.
        assert_eq!(direction(v(5.0, 0.0), v(0.0, -10.0), true), Dir::Down);
    }

    #[test]
    fn fallback_keeps_ascii() {
        assert_eq!(fallback_text(0x41), "A");
        assert_eq!(fallback_text(3), "");
        assert_eq!(fallback_text(0x2030), "\u{FFFD}");
    }

    #[test]
    fn heavier_strokes_than_the_page_text_are_bold() {
        // Body runs at weight 30 (most glyphs), a heading at 46.
        let runs = [(200, 30.0), (12, 46.0), (150, 31.0), (3, 33.0)];
        assert_eq!(heavy_runs(&runs), [false, true, false, false]);
        // A page all in one weight has nothing bold.
        assert_eq!(heavy_runs(&[(5, 45.0), (7, 46.0)]), [false, false]);
    }

    #[test]
    fn small_filled_disc_becomes_a_bullet() {
        let mut c = Collector {
            budget: 10,
            ..Collector::default()
        };
        let disc = hayro_interpret::kurbo::Circle::new((100.0, 200.0), 1.8).to_path(0.1);
        c.bullet_shape(&disc, Affine::IDENTITY);
        assert_eq!(c.glyphs.len(), 1);
        assert_eq!(c.glyphs[0].text, "•");
        assert_eq!(c.glyphs[0].dir, Dir::Right);
        assert!(c.glyphs[0].y > 201.8, "baseline below the dot");
        // A nested list's ring, stroked, too.
        let ring = hayro_interpret::kurbo::Circle::new((100.0, 300.0), 2.5).to_path(0.1);
        let before = c.glyphs.len();
        c.stroked_bullet(&ring, Affine::IDENTITY);
        assert_eq!(c.glyphs.len(), before + 1, "a stroked ring is a bullet");
        // A cell background or a logo is no bullet.
        let big = Rect::new(0.0, 0.0, 40.0, 20.0).to_path(0.1);
        c.bullet_shape(&big, Affine::IDENTITY);
        let bar = Rect::new(0.0, 0.0, 6.0, 1.0).to_path(0.1);
        c.bullet_shape(&bar, Affine::IDENTITY);
        assert_eq!(c.glyphs.len(), 2);
    }

    #[test]
    fn thin_rects_become_rules() {
        let mut c = Collector::default();
        c.push_rule(Rect::new(10.0, 10.0, 200.0, 10.5));
        c.push_rule(Rect::new(10.0, 10.0, 10.5, 100.0));
        c.push_rule(Rect::new(10.0, 10.0, 100.0, 100.0));
        assert_eq!(c.rules.len(), 2);
    }
}
