//! Paragraphs that list several points in one sentence.

/// The points of a paragraph that lists them separated by semicolons
/// ("a; b; and c."): each without its separator, the joining "and" or the
/// paragraph's closing full stop; a paragraph with no semicolon is one
/// point, as printed.
pub fn points(text: &str) -> Vec<String> {
    let parts: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return vec![text.trim().to_string()];
    }
    let last = parts.len() - 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // The paragraph's closing full stop closes the list, not its
            // last point.
            let p = if i == last {
                p.trim_end_matches('.')
            } else {
                p
            };
            let p = p
                .strip_prefix("and ")
                .or_else(|| p.strip_prefix("or "))
                .unwrap_or(p);
            p.trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Keywords separated by commas or semicolons, without a closing full stop.
pub fn keywords(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(|k| k.trim().trim_end_matches('.').trim())
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_lists() {
        assert_eq!(
            points("share plans early; record the child’s words; and check the history."),
            [
                "share plans early",
                "record the child’s words",
                "check the history"
            ]
        );
        assert_eq!(points("One point only."), ["One point only."]);
    }

    #[test]
    fn keyword_lists() {
        assert_eq!(
            keywords("neglect, housing; school attendance."),
            ["neglect", "housing", "school attendance"]
        );
    }
}
