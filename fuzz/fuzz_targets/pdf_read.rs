//! Fuzz target: arbitrary bytes through the PDF reader, then, when it
//! reads them, through segmentation. Any panic, overflow or abort is a bug:
//! the reader must turn every bad input into an `Err`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scr_ingest::read::{self, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let grammar = scr_ingest::segment::grammar::Grammar::built_in();
    if let Ok(out) = read::pdf::read(data, &ReadOptions::default()) {
        let _ = scr_ingest::segment::segment(&out.blocks, None, &grammar);
        let _ = scr_ingest::segment::segment(&out.blocks, out.title.as_deref(), &grammar);
    }
});
