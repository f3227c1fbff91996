//! Text hygiene shared by all segmenters: joining wrapped lines, hyphens,
//! ligatures, bullets and whitespace.

/// Expands the Unicode ligatures U+FB00–FB06 that PDF fonts emit.
pub fn expand_ligatures(s: &str) -> String {
    if !s.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            _ => out.push(c),
        }
    }
    out
}

/// Collapses runs of whitespace (including no-break spaces) to one space.
pub fn squash(s: &str) -> String {
    // Most lines are already squashed: plain ASCII, single spaces inside.
    let b = s.as_bytes();
    if s.is_ascii()
        && b.first().is_some_and(|c| !c.is_ascii_whitespace())
        && b.last().is_some_and(|c| !c.is_ascii_whitespace())
        && !b.windows(2).any(|w| w[0] == b' ' && w[1] == b' ')
        && !b.iter().any(|&c| c.is_ascii_whitespace() && c != b' ')
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A report's decimal paragraph number before a capital ("4.2 The …",
/// "19.1.1 When …").
static PARAGRAPH_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+").expect("paragraph number pattern")
});

/// The decimal paragraph number a paragraph opens with, if any.
pub fn paragraph_number(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let m = PARAGRAPH_NUMBER.find(t)?;
    t[m.end()..]
        .starts_with(|c: char| c.is_uppercase() || c == '“' || c == '"')
        .then(|| m.as_str().trim())
}

/// A paragraph without its decimal paragraph number.
pub fn without_paragraph_number(text: &str) -> &str {
    let t = text.trim_start();
    match paragraph_number(t) {
        Some(_) => PARAGRAPH_NUMBER.find(t).map_or(t, |m| &t[m.end()..]),
        None => text,
    }
}

/// Joins wrapped lines with single spaces, rejoining a word hyphenated at a
/// line end unless the hyphen belongs to the word.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = squash(line.as_ref());
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(&line);
        } else if let Some(stem) = out.strip_suffix('-') {
            if stem.ends_with(' ') {
                // A spaced dash, not a hyphen.
                out.push(' ');
            } else if hyphen_is_soft(stem, &line) {
                out.truncate(stem.len());
            }
            out.push_str(&line);
        } else {
            out.push(' ');
            out.push_str(&line);
        }
    }
    expand_ligatures(&out)
}

/// Prefixes that form hyphenated compounds in safeguarding prose; a line
/// break after them keeps the hyphen ("multi-agency", "self-harm").
const COMPOUND_PREFIXES: &[&str] = &[
    "multi", "self", "inter", "co", "non", "pre", "post", "re", "sub", "cross", "well", "long",
    "short", "on", "off", "step", "ex", "anti", "pro", "semi", "half", "high", "low", "full",
    "part", "child", "family", "agency", "face", "follow", "decision", "risk", "age", "one", "two",
    "three", "first", "second", "third", "year", "month", "week", "day", "out", "in", "up",
    "under", "over", "mid", "young", "father", "mother", "step-", "grand", "de",
];

/// Whether the hyphen at the end of `stem` was inserted by line wrapping.
///
/// A hyphen is kept when the word before it is a known compound prefix
/// (unless the document writes the joined word whole elsewhere: see
/// [`Vocabulary`]), when the next line starts with a capital or digit ("Anglo-Saxon",
/// "COVID-19"), or when the next line does not start with a letter.
pub fn hyphen_is_soft(stem: &str, next: &str) -> bool {
    let word = last_word(stem);
    let Some(first) = next.chars().next() else {
        return false;
    };
    if word.is_empty() || !first.is_lowercase() {
        return false;
    }
    let lower = word.to_lowercase();
    if !COMPOUND_PREFIXES.contains(&lower.as_str()) {
        return true;
    }
    // After a prefix the document decides: "re-" / "view" is "review"
    // where the document writes "review" whole elsewhere.
    let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    VOCABULARY.with(|v| {
        v.borrow()
            .as_ref()
            .is_some_and(|words| words.contains(&(lower + &tail.to_lowercase())))
    })
}

/// The run of letters that ends `s`.
fn last_word(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

thread_local! {
    static VOCABULARY: std::cell::RefCell<Option<std::collections::HashSet<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// The words of the document being segmented, for [`hyphen_is_soft`]:
/// set while the guard lives, the previous set restored when it drops
/// (also when segmenting panics).
pub struct Vocabulary(Option<std::collections::HashSet<String>>);

impl Vocabulary {
    /// The words of `texts` that a line-end hyphen after a prefix could
    /// make ("re-" / "view": "review"), where `texts` write them whole.
    /// Only such words are looked for: most documents have none to ask.
    pub fn set<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> Vocabulary {
        let mut wanted = std::collections::HashSet::new();
        for t in texts.clone() {
            for (at, _) in t.match_indices("-\n") {
                let stem = last_word(&t[..at]).to_lowercase();
                let tail: String = t[at + 2..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                if COMPOUND_PREFIXES.contains(&stem.as_str())
                    && tail.chars().next().is_some_and(char::is_lowercase)
                {
                    wanted.insert(stem + &tail);
                }
            }
        }
        let mut words = std::collections::HashSet::new();
        // One search for all the wanted words, as written or capitalised.
        let mut alternatives: Vec<String> = Vec::new();
        for w in &wanted {
            alternatives.push(regex::escape(w));
            let mut c = w.chars();
            if let Some(first) = c.next() {
                alternatives.push(regex::escape(
                    &(first.to_uppercase().collect::<String>() + c.as_str()),
                ));
            }
        }
        let pattern = format!(r"(?-u:\b)(?:{})(?-u:\b)", alternatives.join("|"));
        if !wanted.is_empty()
            && let Ok(re) = regex::Regex::new(&pattern)
        {
            for t in texts {
                for m in re.find_iter(t) {
                    words.insert(m.as_str().to_lowercase());
                }
            }
        }
        Vocabulary(VOCABULARY.with(|v| v.replace(Some(words))))
    }
}

impl Drop for Vocabulary {
    fn drop(&mut self) {
        let previous = self.0.take();
        VOCABULARY.with(|v| *v.borrow_mut() = previous);
    }
}

/// If `line` starts with a bullet marker, the text after it.
pub fn strip_bullet(line: &str) -> Option<&str> {
    crate::block::markers::bullet(line)
}

/// Whether a string ends a sentence.
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | ')' | ':' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_hyphen_follows_the_document() {
        let lines = ["the serious case re-", "view and a multi-", "agency plan"];
        assert_eq!(
            join_lines(&lines),
            "the serious case re-view and a multi-agency plan"
        );
        let texts = [
            "the serious case re-\nview and a multi-\nagency plan",
            "This review found",
        ];
        let _words = Vocabulary::set(texts.into_iter());
        assert_eq!(
            join_lines(&lines),
            "the serious case review and a multi-agency plan"
        );
        drop(_words);
        assert_eq!(
            join_lines(&lines),
            "the serious case re-view and a multi-agency plan"
        );
    }

    #[test]
    fn joins_wrapped_lines_with_one_space() {
        assert_eq!(join_lines(&["a  b", " c "]), "a b c");
    }

    #[test]
    fn rejoins_soft_hyphen_keeps_compounds() {
        assert_eq!(join_lines(&["consid-", "eration"]), "consideration");
        assert_eq!(join_lines(&["multi-", "agency work"]), "multi-agency work");
        assert_eq!(join_lines(&["self-", "harm"]), "self-harm");
        assert_eq!(join_lines(&["COVID-", "19"]), "COVID-19");
        assert_eq!(join_lines(&["a dash -", "then"]), "a dash - then");
    }

    #[test]
    fn expands_ligatures() {
        assert_eq!(expand_ligatures("signiﬁcant oﬃce"), "significant office");
    }

    #[test]
    fn bullets() {
        assert_eq!(strip_bullet("• one"), Some("one"));
        assert_eq!(strip_bullet("- two"), Some("two"));
        assert_eq!(strip_bullet("o three"), Some("three"));
        assert_eq!(strip_bullet("on-going"), None);
        assert_eq!(strip_bullet("-3 degrees"), None);
        assert_eq!(strip_bullet("\u{f0b7} pua"), Some("pua"));
    }

    #[test]
    fn squash_handles_nbsp() {
        assert_eq!(squash(" a\u{a0}\u{a0}b\t"), "a b");
    }
}
