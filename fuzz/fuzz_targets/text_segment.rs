//! Fuzz target: arbitrary bytes through the plain-text reader (encoding
//! detection, paragraphs, tab-separated tables, form-feed pages), then the
//! segmenter's label grammar, numbering, tables and uids; and the whole
//! pipeline, whose document must never fail schema validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_ingest::error::ErrorKind;
use scr_ingest::model::Format;
use scr_ingest::read::{self, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let grammar = scr_ingest::segment::grammar::Grammar::built_in();
    if let Ok(out) = read::text::read(data) {
        let _ = scr_ingest::segment::segment(&out.blocks, None, &grammar);
    }
    if let Err(e) =
        scr_ingest::pipeline::process_bytes(data, "fuzz.txt", Format::Text, &ReadOptions::default())
    {
        assert!(e.kind != ErrorKind::Invalid, "schema violation: {e}");
    }
});
