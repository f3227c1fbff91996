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
