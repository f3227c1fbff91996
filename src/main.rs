//! The `scr-ingest` command line: flags to a config, stages wired, exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use scr_ingest::batch::{self, Config, Event};
use scr_ingest::read::{self, ReadOptions};
use scr_ingest::worker::{self, WorkerLimits};
use scr_ingest::write::report::{RunStatus, Status};
use scr_ingest::{layout, pipeline, validate};

/// A line on stderr. A closed or broken stderr (`2>&1 | head`) must not
/// panic in the middle of a run's transaction, so errors are ignored.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// A line on stdout; a reader that has gone (`| head`) ends nothing but
/// the output.
macro_rules! tell {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// Published child-safeguarding case reviews (PDF, HTML, text) to
/// schema-validated JSON.
#[derive(Parser, Debug)]
#[command(name = "scr-ingest", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Debug, Clone)]
struct ReadFlags {
    /// User password for encrypted PDFs.
    #[arg(long)]
    password: Option<String>,
    /// Largest decompressed stream, in MiB; bigger ones fail the file.
    #[arg(long, default_value_t = 64)]
    max_stream_mib: u64,
    /// Largest total of decompressed streams per document, in MiB.
    #[arg(long, default_value_t = 512)]
    max_total_mib: u64,
    /// Pages read per document; later ones are left out with a warning.
    #[arg(long, default_value_t = 5000)]
    max_pages: u32,
    /// Most indirect objects a PDF may have; more fails the file.
    #[arg(long, default_value_t = 5_000_000)]
    max_objects: u64,
    /// Most glyphs a document may paint; more fails the file.
    #[arg(long, default_value_t = 20_000_000)]
    max_glyphs: u64,
    /// A grammar file (TOML) whose rows are added to the built-in label
    /// grammar: spellings, review types, acronyms (repeatable).
    #[arg(long, value_name = "FILE")]
    grammar: Vec<PathBuf>,
}

impl ReadFlags {
    /// The reader options; grammar files are read and their rows checked
    /// here, so a bad row stops the run before any file is read.
    fn options(&self) -> anyhow::Result<ReadOptions> {
        let mut grammar = Vec::new();
        for path in &self.grammar {
            let text = grammar_text(path)?;
            // Each file on its own first, so an error names its file.
            scr_ingest::segment::grammar::Grammar::with_extra(std::slice::from_ref(&text))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "grammar file {} rejected (each row's examples must read as the row says): {e}",
                        path.display()
                    )
                })?;
            grammar.push(text);
        }
        // Added rows are checked before any file is read; the built-in
        // grammar is checked by the tests and compiled where first used
        // (a worker's parent never segments).
        if grammar.len() > 1 {
            scr_ingest::segment::grammar::Grammar::with_extra(&grammar)
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(
                    || "grammar rejected (each row's examples must read as the row says)",
                )?;
        }
        Ok(ReadOptions {
            password: self.password.clone(),
            max_stream_bytes: mib("--max-stream-mib", self.max_stream_mib)?,
            max_total_bytes: mib("--max-total-mib", self.max_total_mib)?,
            max_pages: self.max_pages,
            max_objects: self.max_objects,
            max_glyphs: self.max_glyphs,
            grammar,
        })
    }
}

/// Largest grammar file: the built-in grammar is about 20 KiB; a file
/// far beyond that is a mistake (`/dev/zero`, a PDF given by mistake), and
/// every worker compiles it for every file.
const GRAMMAR_MAX_BYTES: u64 = 1 << 20;

/// A grammar file's text: a regular file (a device or a pipe could be read
/// for ever) of at most [`GRAMMAR_MAX_BYTES`].
fn grammar_text(path: &std::path::Path) -> anyhow::Result<String> {
    use std::io::Read;
    let shown = path.display();
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read grammar file {shown}"))?;
    if !meta.is_file() {
        anyhow::bail!("grammar file {shown}: not a regular file");
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(GRAMMAR_MAX_BYTES + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read grammar file {shown}"))?;
    if text.len() as u64 > GRAMMAR_MAX_BYTES {
        anyhow::bail!(
            "grammar file {shown}: larger than {} KiB",
            GRAMMAR_MAX_BYTES >> 10
        );
    }
    Ok(text)
}

/// `n` MiB in bytes; a value whose bytes do not fit is refused, since a
/// shift would wrap it to a small number or zero (a limit silently off).
fn mib(flag: &str, n: u64) -> anyhow::Result<u64> {
    n.checked_mul(1 << 20)
        .ok_or_else(|| anyhow::anyhow!("{flag} {n} is too large: at most {} MiB", u64::MAX >> 20))
}

/// Most files at once per core: workers spend their time reading and
/// parsing, so more threads than this only cost start-up time and memory
/// (thousands of threads took minutes to create and delayed Ctrl-C).
const JOBS_PER_CORE: usize = 4;

/// `--jobs`, kept between 1 and [`JOBS_PER_CORE`] times the cores.
fn bounded_jobs(asked: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores.saturating_mul(JOBS_PER_CORE);
    match asked {
        None => cores,
        Some(0) => 1,
        Some(n) if n > cap => {
            say!(
                "scr-ingest: --jobs {n} is more than {JOBS_PER_CORE} per core ({cores} cores); using {cap}"
            );
            cap
        }
        Some(n) => n,
    }
}

/// Text from documents and file names as the terminal should get it:
/// control characters (escape sequences could recolour, retitle or clear
/// the terminal, or hide lines) are shown escaped.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    // Bidirectional overrides and isolates reorder what follows them on
    // the line, so a name could show as another.
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether an error is a closed standard output (`extract … | head`):
/// the reader has all it wants, so the command ends quietly.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Process every .pdf, .html/.htm and .txt under INPUT into OUT:
    /// one JSON per input, items.jsonl, items.csv and run.json.
    Run {
        /// Folder (or single file) to read.
        #[arg(default_value = "fixtures")]
        input: PathBuf,
        /// Folder to write into; existing files are replaced one by one.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Files processed at once (default: number of CPUs).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Seconds one file may take before its worker is killed.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Memory limit of each worker process, in MiB (0 = none).
        #[arg(long, default_value_t = 2048)]
        max_memory_mib: u64,
        /// Read files in this process instead of worker processes (faster
        /// start, but a stack overflow or hang in one file stops the run).
        #[arg(long)]
        in_process: bool,
        /// Reprocess every input, even those whose document is current.
        #[arg(long)]
        force: bool,
        /// Keep documents of inputs that failed, vanished or were renamed
        /// (listed as stale in run.json) instead of removing them.
        #[arg(long)]
        keep_stale: bool,
        /// Run into a folder that holds another input's documents (none of
        /// this input's files is in its manifest), removing them.
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        read: ReadFlags,
    },
    /// Print one document's JSON on stdout.
    Extract {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        read: ReadFlags,
    },
    /// Print the text layer as the segmenter sees it: blocks with page,
    /// position and style.
    Text {
        /// The file.
        file: PathBuf,
        /// Page text in reading order, one line per text line, pages
        /// separated by form feeds (comparable with pdftotext).
        #[arg(long)]
        plain: bool,
        #[command(flatten)]
        read: ReadFlags,
    },
    /// Check JSON files against the schema; each error with its JSON
    /// pointer. With --folder, check that an output folder's documents,
    /// manifest and summary set agree.
    Validate {
        /// Output files: documents, run.json, manifest.json, and the
        /// JSONL and CSV tables; each is checked against its own schema.
        #[arg(required_unless_present = "folder")]
        files: Vec<PathBuf>,
        /// An output folder to check as a whole.
        #[arg(long)]
        folder: Option<PathBuf>,
    },
    /// Print the JSON schema of an output file (default: the document).
    Schema {
        /// document, run, manifest, item, document-row or review-row.
        #[arg(default_value = "document")]
        name: String,
    },
    /// Serve files to a parent `run` over stdin/stdout (internal).
    #[command(hide = true)]
    Worker {
        /// Address-space limit in bytes (0 = none).
        #[arg(long, default_value_t = 0)]
        max_memory_bytes: u64,
        /// Exit as soon as this process (the parent run) is gone.
        #[arg(long)]
        parent: Option<u32>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run {
        input: PathBuf::from("fixtures"),
        out: PathBuf::from("out"),
        jobs: None,
        timeout: 60,
        max_memory_mib: 2048,
        in_process: false,
        force: false,
        keep_stale: false,
        replace: false,
        read: ReadFlags {
            password: None,
            max_stream_mib: 64,
            max_total_mib: 512,
            max_pages: 5000,
            max_objects: 5_000_000,
            max_glyphs: 20_000_000,
            grammar: Vec::new(),
        },
    });
    match dispatch(command) {
        Ok(code) => code,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Multi-line messages (a TOML error's excerpt) keep their lines.
            let text = format!("{e:#}");
            let lines: Vec<_> = text.split('\n').map(printable).collect();
            say!("scr-ingest: {}", lines.join("\n"));
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Run {
            input,
            out,
            jobs,
            timeout,
            max_memory_mib,
            in_process,
            force,
            keep_stale,
            replace,
            read,
        } => {
            let workers = if in_process {
                None
            } else {
                let exe =
                    std::env::current_exe().context("cannot locate this executable for workers")?;
                let limits = WorkerLimits {
                    timeout: Duration::from_secs(timeout.max(1)),
                    memory_bytes: mib("--max-memory-mib", max_memory_mib)?,
                };
                Some((exe, limits))
            };
            run(Config {
                input,
                out,
                jobs: bounded_jobs(jobs),
                read: read.options()?,
                workers,
                force,
                keep_stale,
                replace,
                interrupt: interrupt_flag()?,
            })
        }
        Command::Worker {
            max_memory_bytes,
            parent,
        } => {
            worker::serve(max_memory_bytes, parent)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { file, read } => {
            let rel = file.display().to_string();
            match pipeline::process_file(&file, &rel, &read.options()?) {
                Ok(doc) => {
                    let mut stdout = std::io::stdout().lock();
                    serde_json::to_writer_pretty(&mut stdout, &doc)
                        .map_err(std::io::Error::from)?;
                    writeln!(stdout)?;
                    stdout.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    say!(
                        "{}: {} ({})",
                        printable(&file.display().to_string()),
                        printable(&e.to_string()),
                        e.code()
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Text { file, plain, read } => text(&file, plain, &read.options()?),
        Command::Validate { files, folder } => match folder {
            Some(dir) => validate_folder(&dir),
            None => validate_files(&files),
        },
        Command::Schema { name } => match validate::Kind::named(&name) {
            Some(kind) => {
                print!("{}", kind.schema());
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let names: Vec<&str> = validate::Kind::ALL.iter().map(|k| k.name()).collect();
                say!(
                    "error: no schema named {name:?}; one of: {}",
                    names.join(", ")
                );
                Ok(ExitCode::from(2))
            }
        },
    }
}

fn run(cfg: Config) -> anyhow::Result<ExitCode> {
    let tty = std::io::stderr().is_terminal();
    let bar = ProgressBar::hidden();
    if tty {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {elapsed_precise} (eta {eta})  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
    }
    let on = |e: Event<'_>| match e {
        Event::Found(n) => bar.set_length(n as u64),
        Event::Notice(text) => {
            let line = format!("notice: {}", printable(text));
            if tty {
                bar.println(line);
            } else {
                say!("{line}");
            }
        }
        Event::Started(rel) => {
            if tty {
                bar.set_message(rel.to_string());
            }
        }
        Event::Done(r) => {
            let path = printable(&r.path);
            let line = match r.status {
                Status::Ok if r.reused => format!("reused   {path}"),
                Status::Ok => format!("ok       {path}"),
                Status::Warning => {
                    format!(
                        "warning  {path}: {}",
                        printable(r.reason.as_deref().unwrap_or(""))
                    )
                }
                Status::Failed => format!(
                    "FAILED   {path}: {}",
                    printable(r.reason.as_deref().unwrap_or("unknown error"))
                ),
            };
            if tty {
                if r.status != Status::Ok {
                    bar.println(line);
                }
                bar.inc(1);
            } else {
                say!("{line}");
            }
        }
    };
    let report = match batch::run(&cfg, &on) {
        Ok(r) => r,
        Err(e) => {
            bar.finish_and_clear();
            say!("scr-ingest: {}", printable(&e.to_string()));
            return Ok(ExitCode::from(e.exit_code()));
        }
    };
    bar.finish_and_clear();
    let t = &report.totals;
    let groups = report.groups();
    say!(
        "{} files: {} ok ({} reused), {} with warnings, {} failed; {} items; {:.1}s → {}{}",
        t.files,
        t.ok,
        t.reused,
        t.warning,
        t.failed,
        t.items,
        t.ms as f64 / 1000.0,
        cfg.out.join("run.json").display(),
        if groups.is_empty() {
            String::new()
        } else {
            format!("\n{}", printable(&groups.join("; ")))
        }
    );
    if report.status == RunStatus::Interrupted {
        say!(
            "interrupted: {} files done and committed, {} not reached; run again to resume",
            t.files,
            t.not_reached
        );
        return Ok(ExitCode::from(130));
    }
    Ok(if t.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A flag raised by SIGINT or SIGTERM: the run stops dispatching and
/// commits what it has. A second signal while the first is being handled
/// ends the process at once.
fn interrupt_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&flag))
            .context("cannot install the signal handler")?;
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("cannot install the signal handler")?;
    }
    Ok(flag)
}

fn validate_folder(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let problems = scr_ingest::write::check::check_folder(dir);
    for p in &problems {
        tell!("{}", printable(p));
    }
    if problems.is_empty() {
        for n in scr_ingest::write::check::notes(dir) {
            tell!("{}", printable(&n));
        }
        tell!("{}: consistent", printable(&dir.display().to_string()));
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

fn text(file: &PathBuf, plain: bool, opts: &ReadOptions) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let claimed = read::format_from_name(file)
        .or_else(|| read::sniff(&bytes))
        .unwrap_or(scr_ingest::model::Format::Text);
    let mut stdout = std::io::stdout().lock();
    if plain && claimed == scr_ingest::model::Format::Pdf {
        match read::pdf::plain_text(&bytes, opts) {
            Ok(t) => stdout.write_all(t.as_bytes())?,
            Err(e) => {
                say!("{}", printable(&format!("{}: {e}", file.display())));
                return Ok(ExitCode::from(1));
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let out = match read::read(&bytes, claimed, opts) {
        Ok(o) => o,
        Err(e) => {
            say!("{}", printable(&format!("{}: {e}", file.display())));
            return Ok(ExitCode::from(1));
        }
    };
    for w in &out.warnings {
        say!("warning: {}", printable(&w.message));
    }
    for b in &scr_ingest::block::normalise(out.blocks.clone()) {
        if plain {
            writeln!(stdout, "{}\n", b.text)?;
        } else {
            writeln!(stdout, "{}", describe(b))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(b: &layout::Block) -> String {
    let page = b.page.map_or("-".into(), |p| format!("p{p}"));
    let pos = b.bbox.map_or(String::new(), |r| {
        format!(
            " [{:.0},{:.0} {:.0}x{:.0}]",
            r.x0,
            r.y0,
            r.x1 - r.x0,
            r.y1 - r.y0
        )
    });
    let role = match &b.role {
        layout::Role::Paragraph => "para".to_string(),
        layout::Role::Heading { level } => format!("h{level}"),
        layout::Role::ListItem { level, number } => {
            format!(
                "li{level}{}",
                number.map_or(String::new(), |n| format!("#{n}"))
            )
        }
        layout::Role::Cell {
            table,
            row,
            col,
            rowspan,
            header,
        } => format!(
            "cell t{table} r{row} c{col}{}{}",
            if *rowspan > 1 {
                format!(" span{rowspan}")
            } else {
                String::new()
            },
            if *header { " hdr" } else { "" }
        ),
    };
    let style = format!(" {:.1}pt{}", b.font_size, if b.bold { " bold" } else { "" });
    let text = b.text.replace('\n', "⏎");
    format!("{page}{pos}{style} {role} | {}", printable(&text))
}

fn validate_files(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut bad = 0;
    for f in files {
        let name = f.display().to_string();
        let check = match std::fs::read(f) {
            Ok(bytes) => validate::check_file(&name, &bytes),
            Err(e) => validate::FileCheck {
                what: "unreadable".into(),
                problems: vec![e.to_string()],
            },
        };
        if check.problems.is_empty() {
            tell!("{}: valid ({})", printable(&name), check.what);
        } else {
            bad += 1;
            for e in check.problems {
                tell!("{}", printable(&format!("{name}: {e}")));
            }
        }
    }
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
