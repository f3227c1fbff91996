//! List counters: the printed number of a list item, computed from its
//! list's definition (start value, format, level text) and the items
//! before it, as a word processor numbers them.

/// How one level of a list prints its counter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Format {
    /// A bullet: no number.
    Bullet(String),
    /// Nothing printed (a list level used only for its indent).
    None,
    /// 1, 2, 3 (with `zero_pad` digits: Word's `decimalZero`).
    Decimal {
        zero_pad: usize,
    },
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
}

impl Format {
    /// Word's `w:numFmt` values.
    pub fn from_word(fmt: &str, bullet_text: &str) -> Format {
        match fmt {
            "bullet" => Format::Bullet(bullet_marker(bullet_text)),
            "none" => Format::None,
            "decimalZero" => Format::Decimal { zero_pad: 2 },
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            // Every other counting format (ordinal, cardinalText, …) still
            // counts; it is printed as a number.
            _ => Format::Decimal { zero_pad: 0 },
        }
    }

    /// OpenDocument's `style:num-format` values.
    pub fn from_odf(fmt: &str) -> Format {
        match fmt {
            "" => Format::None,
            "a" => Format::LowerLetter,
            "A" => Format::UpperLetter,
            "i" => Format::LowerRoman,
            "I" => Format::UpperRoman,
            _ => Format::Decimal { zero_pad: 0 },
        }
    }

    /// Whether an item of this level has an ordinal.
    pub fn counts(&self) -> bool {
        !matches!(self, Format::Bullet(_) | Format::None)
    }

    /// `n` as this format prints it.
    pub fn print(&self, n: u32) -> String {
        match self {
            Format::Bullet(b) => b.clone(),
            Format::None => String::new(),
            Format::Decimal { zero_pad } => format!("{n:0zero_pad$}"),
            Format::LowerLetter => letters(n),
            Format::UpperLetter => letters(n).to_uppercase(),
            Format::LowerRoman => roman(n),
            Format::UpperRoman => roman(n).to_uppercase(),
        }
    }
}

/// Symbol-font bullets are private-use code points; what they print is a
/// bullet all the same.
fn bullet_marker(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() || t.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) {
        "•".to_string()
    } else {
        t.to_string()
    }
}

/// a, b, … z, aa, bb (Word repeats the letter past z).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let k = (n - 1) % 26;
    let times = usize::try_from((n - 1) / 26 + 1).unwrap_or(1).min(8);
    let c = char::from(b'a' + u8::try_from(k).unwrap_or(0));
    c.to_string().repeat(times)
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Levels a list can have (Word has 9, OpenDocument 10).
pub(crate) const LEVELS: usize = 10;

/// One list's running counters, one per level.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counters {
    at: [Option<u32>; LEVELS],
}

impl Counters {
    /// Counts an item at `level` whose level starts at `start`, and
    /// returns its ordinal. Deeper levels start again after it, as they
    /// do in print.
    pub fn next(&mut self, level: usize, start: u32) -> u32 {
        let level = level.min(LEVELS - 1);
        let n = self.at[level].map_or(start, |c| c.saturating_add(1));
        self.at[level] = Some(n);
        for deeper in &mut self.at[level + 1..] {
            *deeper = None;
        }
        n
    }

    /// Sets the ordinal of the next item at `level` (an override such as
    /// ODF's `text:start-value` on an item).
    pub fn restart(&mut self, level: usize, value: u32) {
        let level = level.min(LEVELS - 1);
        self.at[level] = Some(value.saturating_sub(1));
    }

    /// The current ordinal of `level`, or `start` when nothing was counted.
    pub fn current(&self, level: usize, start: u32) -> u32 {
        self.at.get(level).copied().flatten().unwrap_or(start)
    }
}

/// Word's level text ("%1.", "%1.%2)") with each `%N` replaced by the
/// counter of level N printed in that level's format.
pub(crate) fn level_text(template: &str, printed: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%'
            && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            && d >= 1
        {
            chars.next();
            out.push_str(&printed(d as usize - 1));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_restart_deeper_levels() {
        let mut c = Counters::default();
        assert_eq!(c.next(0, 1), 1);
        assert_eq!(c.next(1, 1), 1);
        assert_eq!(c.next(1, 1), 2);
        assert_eq!(c.next(0, 1), 2);
        assert_eq!(c.next(1, 1), 1);
        let mut d = Counters::default();
        assert_eq!(d.next(0, 4), 4);
        d.restart(0, 10);
        assert_eq!(d.next(0, 4), 10);
        assert_eq!(d.next(0, 4), 11);
    }

    #[test]
    fn formats_print_as_word_does() {
        assert_eq!(Format::from_word("decimal", "%1.").print(12), "12");
        assert_eq!(Format::from_word("decimalZero", "%1.").print(3), "03");
        assert_eq!(Format::LowerLetter.print(28), "bb");
        assert_eq!(Format::UpperRoman.print(14), "XIV");
        assert_eq!(Format::from_word("bullet", "\u{F0B7}").print(1), "•");
        assert_eq!(Format::from_word("bullet", "–").print(1), "–");
        assert!(!Format::from_odf("").counts());
    }

    #[test]
    fn level_text_fills_in_each_level() {
        let printed = |l: usize| ["3", "b"][l.min(1)].to_string();
        assert_eq!(level_text("%1.", printed), "3.");
        assert_eq!(level_text("%1.%2)", printed), "3.b)");
        assert_eq!(level_text("100%", printed), "100%");
    }
}
