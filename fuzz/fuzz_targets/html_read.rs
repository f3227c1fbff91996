//! Fuzz target: arbitrary bytes through the HTML reader (encoding
//! detection, parsing, block building), then segmentation; and the whole
//! pipeline, whose document must never fail schema validation (that would
//! be a segmenter bug reported to users as a failed file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_ingest::error::ErrorKind;
use scr_ingest::model::Format;
use scr_ingest::read::{self, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let grammar = scr_ingest::segment::grammar::Grammar::built_in();
    if let Ok(out) = read::html::read(data) {
        let _ = scr_ingest::segment::segment(&out.blocks, None, &grammar);
        let _ = scr_ingest::segment::segment(&out.blocks, out.title.as_deref(), &grammar);
    }
    if let Err(e) =
        scr_ingest::pipeline::process_bytes(data, "fuzz.html", Format::Html, &ReadOptions::default())
    {
        assert!(e.kind != ErrorKind::Invalid, "schema violation: {e}");
    }
});
