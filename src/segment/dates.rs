//! Dates as printed ("15 May 2020", "May 2020", "15/05/2020") to ISO forms.

use regex::Regex;
use std::sync::LazyLock;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names, full or abbreviated, as one capture group.
const MONTH: &str = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?{MONTH}\.?,?\s+((?:19|20)\d\d)\b"
    ))
    .expect("date pattern")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s*((?:19|20)\d\d)\b"
    ))
    .expect("date pattern")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b").expect("date pattern")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)\b").expect("year pattern"));

fn month_number(name: &str) -> Option<u32> {
    let key: String = name.to_ascii_lowercase().chars().take(3).collect();
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

fn valid_day(day: u32, month: u32) -> bool {
    let max = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=max).contains(&day)
}

/// The first date in `s` as `YYYY-MM-DD` or `YYYY-MM` (UK day-first order
/// for numeric dates).
pub fn find_date(s: &str) -> Option<String> {
    find_date_at(s).map(|(_, iso)| iso)
}

/// [`find_date`] with the byte offset where the date is printed.
pub fn find_date_at(s: &str) -> Option<(usize, String)> {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |pos: usize, iso: String| {
        if best.as_ref().is_none_or(|(p, _)| pos < *p) {
            best = Some((pos, iso));
        }
    };
    for c in DAY_MONTH_YEAR.captures_iter(s) {
        let Some(month) = month_number(&c[2]) else {
            continue;
        };
        let pos = c.get(0).map_or(0, |m| m.start());
        match c.get(1).and_then(|d| d.as_str().parse::<u32>().ok()) {
            Some(day) if valid_day(day, month) => {
                consider(pos, format!("{}-{month:02}-{day:02}", &c[3]))
            }
            _ => consider(pos, format!("{}-{month:02}", &c[3])),
        }
    }
    for c in MONTH_DAY_YEAR.captures_iter(s) {
        let (Some(month), Ok(day)) = (month_number(&c[1]), c[2].parse::<u32>()) else {
            continue;
        };
        if valid_day(day, month) {
            let pos = c.get(0).map_or(0, |m| m.start());
            consider(pos, format!("{}-{month:02}-{day:02}", &c[3]));
        }
    }
    for c in NUMERIC.captures_iter(s) {
        let (Ok(day), Ok(month)) = (c[1].parse::<u32>(), c[2].parse::<u32>()) else {
            continue;
        };
        if (1..=12).contains(&month) && valid_day(day, month) {
            let pos = c.get(0).map_or(0, |m| m.start());
            consider(pos, format!("{}-{month:02}-{day:02}", &c[3]));
        }
    }
    best
}

/// Whether `s` is nothing but a date ("May 2020", "15 May 2020").
pub fn is_bare_date(s: &str) -> bool {
    let t = s.trim();
    t.len() <= 24
        && find_date(t).is_some()
        && t.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || ",./".contains(c))
}

/// The first plausible four-digit year in `s`.
pub fn find_year(s: &str) -> Option<String> {
    YEAR.captures(s).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_month_year() {
        assert_eq!(
            find_date("(published 15 May 2020)").as_deref(),
            Some("2020-05-15")
        );
        assert_eq!(find_date("3rd March 2021").as_deref(), Some("2021-03-03"));
    }

    #[test]
    fn month_year() {
        assert_eq!(find_date("May 2020").as_deref(), Some("2020-05"));
        assert_eq!(find_date("September, 2019").as_deref(), Some("2019-09"));
    }

    #[test]
    fn numeric_is_day_first() {
        assert_eq!(find_date("on 05/11/2019").as_deref(), Some("2019-11-05"));
        assert_eq!(find_date("31/02/2019"), None);
    }

    #[test]
    fn american_order() {
        assert_eq!(find_date("May 15, 2020").as_deref(), Some("2020-05-15"));
    }

    #[test]
    fn earliest_wins_and_words_are_not_months() {
        assert_eq!(
            find_date("Maybe 2020 then June 2021").as_deref(),
            Some("2021-06")
        );
        assert_eq!(
            find_date("In October 2018 and May 2020").as_deref(),
            Some("2018-10")
        );
    }

    #[test]
    fn bare_dates() {
        assert!(is_bare_date("May 2020"));
        assert!(!is_bare_date("Published in May 2020 by us"));
    }
}
