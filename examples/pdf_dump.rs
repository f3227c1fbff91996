//! Dumps a PDF's plain text (`text`) or blocks (`blocks`) for inspection.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdf_dump text|blocks|rules|glyphs FILE [PASSWORD]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let opts = scr_ingest::read::ReadOptions {
        password: args.get(3).cloned(),
        ..Default::default()
    };
    if mode == "glyphs" {
        if let Ok((_, pages)) = scr_ingest::read::pdf::extract_pages(&bytes, &opts) {
            for p in pages {
                for g in p.glyphs {
                    println!(
                        "p{} {:?} x={:.2} y={:.2} w={:.2} size={:.2} {:?}",
                        p.number, g.text, g.x, g.y, g.width, g.size, g.dir
                    );
                }
            }
        }
        return;
    }
    if mode == "rules" {
        if let Ok((_, pages)) = scr_ingest::read::pdf::extract_pages(&bytes, &opts) {
            for p in pages {
                println!(
                    "page {} {}x{} glyphs={} rules={}",
                    p.number,
                    p.width,
                    p.height,
                    p.glyphs.len(),
                    p.rules.len()
                );
                for r in p.rules.iter().take(40) {
                    println!("  {:.1} {:.1} {:.1} {:.1}", r.x0, r.y0, r.x1, r.y1);
                }
            }
        }
        return;
    }
    let result = if mode == "text" {
        scr_ingest::read::pdf::plain_text(&bytes, &opts)
    } else {
        scr_ingest::read::pdf::read(&bytes, &opts).map(|out| {
            let mut s = format!(
                "title={:?} producer={:?} pages={:?} warnings={:?}\n",
                out.title, out.producer, out.pages, out.warnings
            );
            for b in out.blocks {
                s.push_str(&format!(
                    "--- p{:?} {:?} size={} bold={}\n{}\n",
                    b.page, b.role, b.font_size, b.bold, b.text
                ));
            }
            s
        })
    };
    match result {
        Ok(s) => print!("{s}"),
        Err(e) => {
            eprintln!("ERROR {}: {}", e.code(), e);
            std::process::exit(1);
        }
    }
}
