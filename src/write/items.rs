//! Flat item records (one per finding, lesson, recommendation, action,
//! measure or dissemination row) for `items.jsonl` and `items.csv`.

use serde::Serialize;

use crate::model::{Document, DocumentType, Item, walk_items};
use crate::segment::uid;

use super::report::DocFacts;

/// One flat record with its document, review and theme context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Stable item id.
    pub uid: String,
    /// finding | lesson | recommendation | action | measure | dissemination.
    pub kind: &'static str,
    /// Source path.
    pub document: String,
    /// Document family.
    pub document_type: DocumentType,
    /// Partnership.
    pub partnership: Option<String>,
    /// The review's child, empty for document-level learning.
    pub subject: String,
    /// Review type.
    pub review_type: Option<String>,
    /// Theme number.
    pub theme_number: Option<u32>,
    /// Theme title.
    pub theme_title: Option<String>,
    /// Printed id.
    pub id: Option<String>,
    /// Printed number.
    pub number: Option<u32>,
    /// The prose (for dissemination rows: the learning, carried down
    /// merged rows).
    pub text: String,
    /// Bulleted points (for dissemination rows: the actions).
    pub points: Vec<String>,
    /// Owners (dissemination rows).
    pub owners: Vec<String>,
    /// Deadline (dissemination rows).
    pub deadline: Option<String>,
    /// Expected impact (dissemination rows).
    pub impact: Vec<String>,
    /// Page.
    pub page: Option<u32>,
    /// The review's key (`area/subject`), the same in every document
    /// that names the review; `None` for a document's own learning.
    pub review_key: Option<String>,
    /// The area, one spelling per area.
    pub area: Option<String>,
    /// The review's publication date, else the document's.
    pub published: Option<String>,
    /// The document's title.
    pub document_title: Option<String>,
    /// The document's date.
    pub document_published: Option<String>,
}

/// All records of a document in document order.
pub fn records(doc: &Document) -> Vec<Record> {
    records_with(doc, &super::facts::of(doc))
}

/// The records of `doc`, whose facts (review keys and areas) the run has
/// already taken for its report line.
pub(crate) fn records_with(doc: &Document, facts: &DocFacts) -> Vec<Record> {
    let base = Record {
        uid: String::new(),
        kind: "",
        document: doc.source.path.clone(),
        document_type: doc.document_type,
        partnership: doc.partnership.clone(),
        subject: String::new(),
        review_type: None,
        theme_number: None,
        theme_title: None,
        id: None,
        number: None,
        text: String::new(),
        points: Vec::new(),
        owners: Vec::new(),
        deadline: None,
        impact: Vec::new(),
        page: None,
        review_key: None,
        area: facts.area.clone(),
        published: doc.published.clone(),
        document_title: doc.title.clone(),
        document_published: doc.published.clone(),
    };
    let of = |ctx: &Record, kind: &'static str, item: &Item| Record {
        uid: item.uid.clone(),
        kind,
        id: item.id.clone(),
        number: item.number,
        text: item.text.clone(),
        points: item.points.clone(),
        page: item.page,
        ..ctx.clone()
    };
    let mut out = Vec::new();
    let review_ctx: Vec<Record> = doc
        .reviews
        .iter()
        .zip(&facts.reviews)
        .map(|(r, f)| Record {
            subject: r.subject.clone(),
            review_type: r.review_type.clone(),
            review_key: Some(f.key.clone()),
            area: f.area.clone(),
            published: r.published.clone().or_else(|| doc.published.clone()),
            ..base.clone()
        })
        .collect();
    // The items of each review in the walk's order, then its dissemination
    // rows, as the document reads.
    let mut by_review: Vec<Vec<Record>> = vec![Vec::new(); doc.reviews.len()];
    let mut document_level = Vec::new();
    walk_items(&doc.reviews, &doc.lessons, |place, item| {
        let Some(ri) = place.review else {
            document_level.push(of(&base, place.kind.name(), item));
            return;
        };
        let ctx = match place.theme {
            Some((ti, _)) => {
                let t = &doc.reviews[ri].themes[ti];
                Record {
                    theme_number: t.number,
                    theme_title: Some(t.title.clone()),
                    ..review_ctx[ri].clone()
                }
            }
            None => review_ctx[ri].clone(),
        };
        by_review[ri].push(of(&ctx, place.kind.name(), item));
    });
    for ((r, ctx), items) in doc.reviews.iter().zip(&review_ctx).zip(by_review) {
        out.extend(items);
        let mut learning = String::new();
        for (n, row) in r.dissemination.iter().enumerate() {
            if let Some(l) = &row.learning {
                learning = l.clone();
            }
            // The review key is `area/subject-slug`, as every uid begins.
            let key = ctx.review_key.as_deref().unwrap_or("unknown/review");
            out.push(Record {
                uid: format!(
                    "{key}/dissemination/{}",
                    uid::slug(&format!("row{}", n + 1))
                ),
                kind: "dissemination",
                text: learning.clone(),
                points: row.actions.clone(),
                owners: row.owners.clone(),
                deadline: row.deadline.clone(),
                impact: row.impact.clone(),
                ..ctx.clone()
            });
        }
    }
    out.extend(document_level);
    out
}

/// CSV columns, in the order a person reads a row: where and when, what
/// it is, the text, then where it came from and the keys to join on. The
/// JSONL records carry the same fields by name.
pub const CSV_HEADER: [&str; 22] = [
    "area",
    "subject",
    "review_type",
    "published",
    "kind",
    "id",
    "number",
    "theme_number",
    "theme_title",
    "text",
    "points",
    "owners",
    "deadline",
    "impact",
    "page",
    "document",
    "document_title",
    "document_published",
    "document_type",
    "partnership",
    "review_key",
    "uid",
];

/// A cell a spreadsheet would run as a formula (leading `=`, `+`, `-`,
/// `@`, tab or carriage return) gets a leading single quote, as the OWASP
/// guidance on CSV injection recommends; the spreadsheet then shows it as
/// text. `items.jsonl` keeps the exact text.
pub fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The separator of a list in one CSV cell (points, owners, impact).
pub const LIST_SEPARATOR: &str = " | ";

/// A record as CSV fields; lists joined with [`LIST_SEPARATOR`],
/// formula-like cells neutralised.
pub fn csv_fields(r: &Record) -> [String; 22] {
    raw_fields(r).map(neutralise)
}

fn raw_fields(r: &Record) -> [String; 22] {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let num = |o: Option<u32>| o.map(|n| n.to_string()).unwrap_or_default();
    [
        opt(&r.area),
        r.subject.clone(),
        opt(&r.review_type),
        opt(&r.published),
        r.kind.to_string(),
        opt(&r.id),
        num(r.number),
        num(r.theme_number),
        opt(&r.theme_title),
        r.text.clone(),
        r.points.join(LIST_SEPARATOR),
        r.owners.join(LIST_SEPARATOR),
        opt(&r.deadline),
        r.impact.join(LIST_SEPARATOR),
        num(r.page),
        r.document.clone(),
        opt(&r.document_title),
        opt(&r.document_published),
        r.document_type.name().to_string(),
        opt(&r.partnership),
        opt(&r.review_key),
        r.uid.clone(),
    ]
}

/// Appends one `items.jsonl` line.
pub fn write_jsonl<W: std::io::Write>(w: &mut W, r: &Record) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, r)?;
    w.write_all(b"\n")
}

/// A CSV table's bytes: UTF-8 with a byte-order mark so spreadsheet
/// programs show curly quotes and dashes, RFC 4180 quoting, CRLF line
/// ends, every cell neutralised. `items.csv` and the other tables alike.
pub(crate) fn csv_table<R, C>(header: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut buf = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        let _ = w.write_record(header);
        for r in rows {
            let _ = w.write_record(r.into_iter().map(neutralise));
        }
        let _ = w.flush();
    }
    buf
}

/// The start of `items.csv`: byte-order mark and header.
pub fn csv_head() -> Vec<u8> {
    csv_table(&CSV_HEADER, std::iter::empty::<[String; 22]>())
}

/// `items.jsonl` bytes.
pub fn to_jsonl(records: &[Record]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        if let Ok(line) = serde_json::to_vec(r) {
            out.extend(line);
            out.push(b'\n');
        }
    }
    out
}

/// `items.csv` bytes.
pub fn to_csv(records: &[Record]) -> Vec<u8> {
    csv_table(&CSV_HEADER, records.iter().map(raw_fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_bom_and_quotes() {
        let r = Record {
            uid: "a/b/lesson/1".into(),
            kind: "lesson",
            document: "x.html".into(),
            document_type: DocumentType::Briefing,
            partnership: None,
            subject: "B".into(),
            review_type: None,
            theme_number: None,
            theme_title: None,
            id: None,
            number: Some(1),
            text: "He said “no”, then \"yes\"".into(),
            points: vec!["p1".into(), "p2".into()],
            owners: vec![],
            deadline: None,
            impact: vec![],
            page: None,
            review_key: None,
            area: None,
            published: None,
            document_title: None,
            document_published: None,
        };
        let bytes = to_csv(std::slice::from_ref(&r));
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let s = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(s.contains("\"He said “no”, then \"\"yes\"\"\""));
        assert!(s.contains("p1 | p2"));
        let jl = String::from_utf8(to_jsonl(&[r])).unwrap();
        assert_eq!(jl.lines().count(), 1);
    }

    /// Every item with a uid reaches the JSONL, the CSV and the counts: a
    /// review's own findings as much as its themes' items and the
    /// document's lessons.
    #[test]
    fn every_item_with_a_uid_is_in_every_table_and_count() {
        use crate::model::Format;
        use crate::read::ReadOptions;
        use crate::write::report::Counts;
        let page = "<h1>Local Child Safeguarding Practice Review – Child W</h1>\
            <p>The Fenford Safeguarding Children Partnership published this review on 2 May 2023. \
            Child W was nine months old when she was taken to hospital with a broken arm.</p>\
            <h2>Key findings</h2><ul><li>Bruises on a baby who cannot crawl were not questioned.</li>\
            <li>Health visitors did not know of the police call-outs.</li></ul>\
            <h2>Key learning</h2><ul><li>Ask who else lives in the home.</li></ul>\
            <h2>Recommendations</h2><ul><li>The partnership should audit strategy meetings.</li></ul>";
        let doc = crate::pipeline::process_bytes(
            page.as_bytes(),
            "w.html",
            Format::Html,
            &ReadOptions::default(),
        )
        .unwrap();
        let mut uids = Vec::new();
        walk_items(&doc.reviews, &doc.lessons, |_, item| {
            uids.push(item.uid.clone())
        });
        assert_eq!(uids.len(), 4, "{doc:?}");
        assert!(uids.iter().all(|u| !u.is_empty()));
        let recs = records(&doc);
        let in_records: Vec<&str> = recs.iter().map(|r| r.uid.as_str()).collect();
        assert_eq!(in_records, uids);
        let csv = String::from_utf8(to_csv(&recs)).unwrap();
        assert!(uids.iter().all(|u| csv.contains(u.as_str())));
        let jsonl = String::from_utf8(to_jsonl(&recs)).unwrap();
        assert_eq!(jsonl.lines().count(), uids.len());
        let c = Counts::of(&doc);
        assert_eq!(
            c.findings + c.lessons + c.recommendations + c.actions + c.measures,
            uids.len()
        );
        assert_eq!(c.findings, 2);
    }

    #[test]
    fn formula_cells_are_neutralised_in_csv_only() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad.to_string()), format!("'{bad}"));
        }
        assert_eq!(neutralise("Plain text".into()), "Plain text");
        assert_eq!(neutralise(String::new()), "");
    }
}
