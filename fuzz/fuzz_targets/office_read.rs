//! Fuzz target: arbitrary bytes through the Word readers (zip package,
//! XML parts, styles, numbering, tables) as `.docx` and as `.odt`, then the
//! whole pipeline, whose document must never fail schema validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_ingest::error::ErrorKind;
use scr_ingest::model::Format;
use scr_ingest::read::ReadOptions;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions::default();
    for (name, format) in [("fuzz.docx", Format::Docx), ("fuzz.odt", Format::Odt)] {
        if let Err(e) = scr_ingest::pipeline::process_bytes(data, name, format, &opts) {
            assert!(e.kind != ErrorKind::Invalid, "schema violation: {e}");
        }
    }
});
