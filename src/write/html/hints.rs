//! What a data officer can do about a file that failed, was skipped or
//! was read with a warning, by its stable code.

/// The next step for a file that failed with `code`.
pub(crate) fn failed(code: &str) -> &'static str {
    match code {
        "encrypted" => {
            "Run again with --password PASSWORD (the document's user password), or ask the publisher for an unprotected copy."
        }
        "empty" => "The file has no bytes: download it again.",
        "wrong_format" => {
            "The content is not what the file name says (a web page saved as .pdf, say): rename it to its real type, or download it again."
        }
        "malformed" => {
            "The file is damaged or cut short: download it again, or open it and print it to a new PDF."
        }
        "limit_exceeded" => {
            "The file goes over a reading limit (--max-stream-mib, --max-total-mib, --max-objects, --max-glyphs): raise that limit if the file is trusted."
        }
        "timeout" => {
            "Reading took longer than --timeout: run again with a longer --timeout, or on this file alone."
        }
        "crashed" => {
            "The reader stopped on this file: run it alone (scr-ingest extract FILE) and report it with the file."
        }
        "undecodable" => {
            "The text cannot be decoded (an unknown character set or font encoding): save it again as UTF-8 or print it to a new PDF."
        }
        "io" => {
            "The file or its document could not be read or written: check its permissions and the disk, then run again."
        }
        "invalid" => {
            "The document did not pass its schema: run this file alone (scr-ingest extract FILE) and report it with the file."
        }
        "cancelled" => "The run was stopped before this file was finished: run again.",
        _ => "Run this file alone (scr-ingest extract FILE) to see the full error.",
    }
}

/// The next step for an entry skipped for `reason`.
pub(crate) fn skipped(reason: &str) -> &'static str {
    match reason {
        "unsupported_type" => {
            "Not a type that is read (its detail names the types): save or print it as PDF, HTML or text to include it."
        }
        "dangling_link" => "The link points to a file that is gone: fix or remove the link.",
        "unreadable" | "unreadable_folder" => {
            "Check its permissions (the run's user must be able to read it)."
        }
        "path_too_long" => "Move or rename it so its path is shorter.",
        "special_file" => "Not a regular file: copy its content into a file to include it.",
        "web_page_assets" => "The images and scripts of a saved page: nothing to do.",
        "ignored" => "The folder holds the ignore marker: remove the marker to include it.",
        "link_loop" => "A link leads back into a folder already read: nothing to do.",
        "output_folder" => "Another scr-ingest output folder: nothing to do.",
        _ => "See its detail.",
    }
}

/// The next step for a document with warning `code`, if there is one.
pub(crate) fn warning(code: &str) -> Option<&'static str> {
    Some(match code {
        "no_text_layer" | "no_text" => {
            "The pages are images: run OCR on the PDF (e.g. ocrmypdf IN.pdf OUT.pdf) and give the result as input."
        }
        "pages_truncated" | "truncated" => {
            "Pages past --max-pages were left out: raise --max-pages to read them."
        }
        "unmapped_glyphs" => {
            "Some characters could not be mapped to text: check the extracted text against the PDF."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_failure_names_its_step() {
        assert!(failed("encrypted").contains("--password"));
        assert!(warning("no_text_layer").unwrap().contains("OCR"));
        assert!(skipped("unsupported_type").contains("PDF"));
        assert!(warning("no_reviews").is_none());
        let codes = [
            "io",
            "wrong_format",
            "empty",
            "encrypted",
            "malformed",
            "limit_exceeded",
            "undecodable",
            "timeout",
            "crashed",
            "invalid",
            "cancelled",
        ];
        for c in codes {
            assert_ne!(failed(c), failed("something else"), "{c}");
        }
    }
}
