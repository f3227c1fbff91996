//! Every built-in row's examples and counter-examples.

use super::Grammar;

#[test]
fn built_in_rows_read_their_examples() {
    let g = Grammar::built_in();
    if let Err(e) = g.check_rows(&Grammar::built_in_sources()) {
        panic!("{e}");
    }
}

#[test]
fn an_added_row_takes_effect_and_wins() {
    let extra = r#"
[[item]]
kind = "lesson"
numbering = "id"
spellings = ["practice point"]
examples = ["Practice point 3: Share the plan"]
not = ["Practice makes perfect"]
"#;
    let g = Grammar::with_extra(&[extra.to_string()]).unwrap_or_else(|e| panic!("{e}"));
    let l = crate::segment::labels::parse(&g, "Practice point 3: Share the plan")
        .map(|l| (l.kind, l.id));
    assert_eq!(l, Some((super::LabelKind::Lesson, Some("3".to_string()))));
    assert!(
        crate::segment::labels::parse(&Grammar::built_in(), "Practice point 3: Share the plan")
            .is_none()
    );
}

#[test]
fn an_added_row_whose_example_fails_is_refused() {
    let extra = r#"
[[item]]
kind = "lesson"
numbering = "id"
spellings = ["practice point"]
examples = ["Practise point 3"]
"#;
    let e = Grammar::with_extra(&[extra.to_string()])
        .err()
        .map(|e| e.to_string());
    assert!(
        e.as_deref().is_some_and(|e| e.contains("Practise point 3")),
        "{e:?}"
    );
}

#[test]
fn a_misspelt_table_is_refused() {
    let e = Grammar::with_extra(&["[[lable]]\nkind = \"lesson\"\n".to_string()]).err();
    assert!(e.is_some());
}

#[test]
fn an_added_row_without_examples_is_refused() {
    let extra = r#"
[[review_type]]
code = "Learning Inquiry"
phrases = ["child learning inquiry"]
"#;
    let e = Grammar::with_extra(&[extra.to_string()])
        .err()
        .map(|e| e.to_string());
    assert!(
        e.as_deref().is_some_and(|e| e.contains("no examples")),
        "{e:?}"
    );
}

#[test]
fn an_added_row_that_reads_ordinary_prose_is_refused() {
    // "the" is in every text: as a review type it would make any document
    // a review.
    let extra = r#"
[[review_type]]
code = "Everything"
phrases = ["the"]
examples = ["the board"]
"#;
    let e = Grammar::with_extra(&[extra.to_string()])
        .err()
        .map(|e| e.to_string());
    assert!(
        e.as_deref().is_some_and(|e| e.contains("ordinary prose")),
        "{e:?}"
    );
    // A subject form that takes any words at all.
    let extra = r#"
[[subject]]
pattern = '^[A-Za-z ]{2,40}$'
examples = ["Ada"]
"#;
    let e = Grammar::with_extra(&[extra.to_string()])
        .err()
        .map(|e| e.to_string());
    assert!(
        e.as_deref().is_some_and(|e| e.contains("ordinary prose")),
        "{e:?}"
    );
}

#[test]
fn the_sentinel_holds_lines_the_built_in_rows_leave_alone() {
    // Each table has a line of the sentinel that the built-in rows do not
    // read, or the check could never refuse a row of it.
    let g = Grammar::built_in();
    let lines: Vec<&str> = super::SENTINEL
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(lines.iter().any(|l| !g.any_review_type.is_match(l)));
    assert!(lines.iter().any(|l| !g.is_subject(l)));
    assert!(lines.iter().any(|l| g.item_section(l).is_none()));
}

#[test]
fn heading_keys_are_the_same_on_the_ascii_path() {
    let slow = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for s in [
        "  Key   FINDINGS: ",
        "Recommendations\tand\r\nActions",
        "Lessons\x0Blearned",
        "\x0C Finding 1 \x0C",
        "",
        "   ",
        "Résumé of Findings",
        "ΣΟΦΊΑ ΣΑΣ",
    ] {
        assert_eq!(super::query::heading_key(s), slow(s), "{s:?}");
    }
}
