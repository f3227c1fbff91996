//! lopdf's own text extraction, with the command line of `scr-ingest text
//! --plain FILE`, so that `bench/fidelity --bin` can measure it against
//! poppler beside ours. It is why the PDF backend is hayro; see the README.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.last().filter(|_| args.len() > 1) else {
        eprintln!("usage: lopdf_text [text --plain] FILE");
        std::process::exit(2);
    };
    let doc = match lopdf::Document::load(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut out = String::new();
    for number in doc.get_pages().keys() {
        // A page it cannot read gives no text; the others still count.
        out.push_str(&doc.extract_text(&[*number]).unwrap_or_default());
        out.push('\x0c');
    }
    print!("{out}");
}
