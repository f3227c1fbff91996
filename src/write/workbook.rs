//! `items.xlsx`: the tables as one workbook for people who live in
//! spreadsheets. One sheet per table (documents, reviews, and the items of
//! each kind), the header frozen and filtered, long text wrapped, full
//! dates as dates, every text cell a string (never a formula, whatever it
//! begins with).

use std::io::BufRead;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::items::{CSV_HEADER, LIST_SEPARATOR};
use super::tables::{DOCUMENT_COLUMNS, DocumentRow, REVIEW_COLUMNS, ReviewRow};

/// The item sheets, by the `kind` their rows have.
pub const ITEM_SHEETS: [(&str, &str); 6] = [
    ("finding", "Findings"),
    ("lesson", "Lessons"),
    ("recommendation", "Recommendations"),
    ("action", "Actions"),
    ("measure", "Measures"),
    ("dissemination", "Dissemination"),
];

/// Columns that hold dates (`YYYY-MM-DD` becomes a date cell; a year or a
/// month alone stays text, as a spreadsheet date cannot say "2021").
const DATE_COLUMNS: [&str; 2] = ["published", "document_published"];

/// Columns of prose, wide and wrapped.
const TEXT_COLUMNS: [&str; 6] = [
    "text",
    "points",
    "reason",
    "title",
    "document_title",
    "impact",
];

struct Formats {
    header: Format,
    wrap: Format,
    date: Format,
}

/// The workbook's bytes: documents and reviews from memory, items read
/// from `items_jsonl` line by line (the item sheets keep only the row
/// being written in memory).
pub fn workbook(
    items_jsonl: &Path,
    documents: &[DocumentRow],
    reviews: &[ReviewRow],
) -> Result<Vec<u8>, String> {
    build(items_jsonl, documents, reviews).map_err(|e| e.to_string())
}

fn build(
    items_jsonl: &Path,
    documents: &[DocumentRow],
    reviews: &[ReviewRow],
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let f = Formats {
        header: Format::new().set_bold(),
        wrap: Format::new().set_text_wrap(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    let mut wb = Workbook::new();
    // The fastest deflate: the default level took a third of a rerun of
    // 1,000 documents for a file a fifth smaller.
    wb.set_zip_compression_level(1);
    let sheet = wb.add_worksheet().set_name("Documents")?;
    let n = write_rows(
        sheet,
        &f,
        &DOCUMENT_COLUMNS,
        documents.iter().map(to_value),
        0,
    )?;
    finish(sheet, &DOCUMENT_COLUMNS, n)?;
    let sheet = wb.add_worksheet().set_name("Reviews")?;
    let n = write_rows(
        sheet,
        &f,
        &REVIEW_COLUMNS,
        reviews.iter().map(review_value),
        0,
    )?;
    finish(sheet, &REVIEW_COLUMNS, n)?;
    // Item sheets stream: each keeps its rows on disk as they are written.
    let first = 2;
    for (_, name) in ITEM_SHEETS {
        let s = wb.add_worksheet_with_constant_memory()?.set_name(name)?;
        header(s, &f, &CSV_HEADER)?;
    }
    let mut rows = [0u32; ITEM_SHEETS.len()];
    let file = std::fs::File::open(items_jsonl)?;
    for line in std::io::BufReader::with_capacity(1 << 16, file).lines() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
        let Some(i) = ITEM_SHEETS.iter().position(|(k, _)| *k == kind) else {
            continue;
        };
        rows[i] += 1;
        let s = wb.worksheet_from_index(first + i)?;
        write_row(s, &f, &CSV_HEADER, &v, rows[i])?;
    }
    for (i, n) in rows.iter().enumerate() {
        finish(wb.worksheet_from_index(first + i)?, &CSV_HEADER, *n)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn to_value<T: serde::Serialize>(row: &T) -> Value {
    serde_json::to_value(row).unwrap_or(Value::Null)
}

/// A review row with the document count the CSV has.
fn review_value(r: &ReviewRow) -> Value {
    let mut v = to_value(r);
    if let Some(o) = v.as_object_mut() {
        o.insert("document_count".into(), Value::from(r.documents.len()));
    }
    v
}

fn header(s: &mut Worksheet, f: &Formats, columns: &[&str]) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        let c = c as u16;
        s.write_string_with_format(0, c, *name, &f.header)?;
        let width = if TEXT_COLUMNS.contains(name) {
            60
        } else if DATE_COLUMNS.contains(name) {
            12
        } else {
            18
        };
        s.set_column_width(c, width)?;
    }
    Ok(())
}

fn write_rows(
    s: &mut Worksheet,
    f: &Formats,
    columns: &[&str],
    rows: impl Iterator<Item = Value>,
    mut n: u32,
) -> Result<u32, XlsxError> {
    header(s, f, columns)?;
    for v in rows {
        n += 1;
        write_row(s, f, columns, &v, n)?;
    }
    Ok(n)
}

fn write_row(
    s: &mut Worksheet,
    f: &Formats,
    columns: &[&str],
    v: &Value,
    row: u32,
) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        let c = c as u16;
        match v.get(*name).unwrap_or(&Value::Null) {
            Value::Null => {}
            Value::Bool(b) => {
                s.write_boolean(row, c, *b)?;
            }
            Value::Number(x) => {
                s.write_number(row, c, x.as_f64().unwrap_or(0.0))?;
            }
            Value::String(t) => match full_date(t).filter(|_| DATE_COLUMNS.contains(name)) {
                Some(d) => {
                    s.write_datetime_with_format(row, c, &d, &f.date)?;
                }
                None if TEXT_COLUMNS.contains(name) => {
                    s.write_string_with_format(row, c, t, &f.wrap)?;
                }
                None => {
                    s.write_string(row, c, t)?;
                }
            },
            Value::Array(list) => {
                let parts: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                if !parts.is_empty() {
                    s.write_string_with_format(row, c, parts.join(LIST_SEPARATOR), &f.wrap)?;
                }
            }
            Value::Object(_) => {}
        }
    }
    Ok(())
}

/// Frozen header, a filter over every row.
fn finish(s: &mut Worksheet, columns: &[&str], rows: u32) -> Result<(), XlsxError> {
    s.set_freeze_panes(1, 0)?;
    let last = columns.len().saturating_sub(1) as u16;
    s.autofilter(0, 0, rows, last)?;
    Ok(())
}

/// `YYYY-MM-DD` as a date; anything less stays text.
fn full_date(t: &str) -> Option<ExcelDateTime> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = t.get(..4)?.parse().ok()?;
    let m = t.get(5..7)?.parse().ok()?;
    let d = t.get(8..)?.parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_dates_are_dates() {
        assert!(full_date("2023-05-02").is_some());
        assert!(full_date("2023-05").is_none());
        assert!(full_date("2023").is_none());
        assert!(full_date("2023-13-40").is_none());
        assert!(full_date("=1+1").is_none());
    }

    #[test]
    fn a_workbook_is_a_zip_with_a_sheet_per_table() {
        let dir = std::env::temp_dir().join(format!("scr-xlsx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let items = dir.join("items.jsonl");
        std::fs::write(
            &items,
            "{\"uid\":\"a/b/lesson/1\",\"kind\":\"lesson\",\"text\":\"=HYPERLINK(\\\"x\\\")\",\"published\":\"2023-05-02\",\"points\":[\"p\",\"q\"]}\n",
        )
        .unwrap();
        let bytes = workbook(&items, &[], &[]).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
