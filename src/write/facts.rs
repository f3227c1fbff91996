//! What a document says of itself and of its reviews, for the documents
//! and reviews tables: one walk of its items.

use crate::model::{Document, ItemKind, walk_items};
use crate::segment::grammar::Grammar;
use crate::segment::{review_keys, uid};

use super::report::{Counts, DocFacts, ReviewFacts};

/// The facts of `doc` (its input's size and hash are the manifest's and
/// are filled in by the run).
pub fn of(doc: &Document) -> DocFacts {
    let g = Grammar::built_in();
    let doc_area = doc
        .partnership
        .as_deref()
        .and_then(|p| uid::area_name(&g, p))
        .map(|a| spelled(&a));
    let keys = review_keys(
        doc.partnership.as_deref(),
        doc.title.as_deref(),
        doc.published.as_deref(),
        &doc.reviews,
    );
    let mut counts: Vec<Counts> = doc
        .reviews
        .iter()
        .map(|r| Counts {
            reviews: 1,
            themes: r.themes.len(),
            dissemination: r.dissemination.len(),
            ..Counts::default()
        })
        .collect();
    walk_items(&doc.reviews, &doc.lessons, |place, _| {
        let Some(c) = place.review.and_then(|i| counts.get_mut(i)) else {
            return;
        };
        match place.kind {
            ItemKind::Finding => c.findings += 1,
            ItemKind::Lesson => c.lessons += 1,
            ItemKind::Recommendation => c.recommendations += 1,
            ItemKind::Action => c.actions += 1,
            ItemKind::Measure => c.measures += 1,
        }
    });
    let reviews = doc
        .reviews
        .iter()
        .zip(keys)
        .zip(counts)
        .map(|((r, k), counts)| ReviewFacts {
            key: k.key(),
            area: match r.area.as_deref() {
                Some(a) => uid::area_name(&g, a).map(|a| spelled(&a)),
                None => doc_area.clone(),
            },
            subject: r.subject.clone(),
            title: r.title.clone(),
            code: r.code.clone(),
            review_type: r.review_type.clone(),
            review_type_printed: r.review_type_printed.clone(),
            published: r.published.clone(),
            commissioned: r.commissioned.clone(),
            counts,
        })
        .collect();
    DocFacts {
        sha256: Some(doc.source.sha256.clone()),
        bytes: None,
        format: serde_json::to_value(doc.source.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
        confidence: doc.classification.as_ref().map(|c| c.confidence),
        title: doc.title.clone(),
        partnership: doc.partnership.clone(),
        area: doc_area,
        published: doc.published.clone(),
        pages: doc.source.pages,
        reviews,
        duplicate_of: None,
    }
}

/// One spelling per area: a name printed in capitals ("FENFORD") is
/// written as the others are ("Fenford").
fn spelled(area: &str) -> String {
    if area.chars().any(char::is_lowercase) {
        return area.to_string();
    }
    area.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_string() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use crate::read::ReadOptions;

    #[test]
    fn a_board_and_its_partnership_are_one_area() {
        assert_eq!(spelled("FENFORD"), "Fenford");
        assert_eq!(spelled("Upper Fenford"), "Upper Fenford");
        let page = |by: &str| {
            format!(
                "<h1>Serious Case Review – Child W</h1>\
                 <p>The {by} published this review on 2 May 2023. \
                 Child W was nine months old when she was taken to hospital with a broken arm.</p>\
                 <h2>Key learning</h2><ul><li>Ask who else lives in the home.</li>\
                 <li>Record who the adults are.</li></ul>"
            )
        };
        let read = |by: &str| {
            crate::pipeline::process_bytes(
                page(by).as_bytes(),
                "w.html",
                Format::Html,
                &ReadOptions::default(),
            )
            .unwrap()
        };
        let a = of(&read("Fenford LSCB"));
        let b = of(&read("Fenford Safeguarding Children Partnership"));
        assert_eq!(a.area.as_deref(), Some("Fenford"), "{a:?}");
        assert_eq!(b.area, a.area);
        assert_eq!(a.reviews.len(), 1, "{a:?}");
        assert_eq!(a.reviews[0].key, "fenford/child-w");
        assert_eq!(a.reviews[0].key, b.reviews[0].key);
        assert_eq!(a.reviews[0].counts.lessons, 2);
        assert_eq!(a.reviews[0].published.as_deref(), Some("2023-05-02"));
    }
}
