//! The `scr-ingest` command line: flags to a config, stages wired, exit code.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use scr_ingest::batch::{self, Config};
use scr_ingest::discover::{Exclude, Selection, parse_list};
use scr_ingest::error::ErrorKind;
use scr_ingest::read::{self, ReadOptions};
use scr_ingest::worker::{self, WorkerLimits};
use scr_ingest::write::report::RunStatus;
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

mod cli;

use cli::flags::{Cli, Command, OutputFlags, ReadFlags};
use cli::printer::{Mode, Printer, printable};

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
            ..ReadOptions::default()
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

/// `--jobs`: none or 0 is every core; more than [`JOBS_PER_CORE`] times
/// the cores is brought down to that.
fn bounded_jobs(asked: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores.saturating_mul(JOBS_PER_CORE);
    match asked {
        None | Some(0) => cores,
        Some(n) if n > cap => {
            say!(
                "scr-ingest: --jobs {n} is more than {JOBS_PER_CORE} per core ({cores} cores); using {cap}"
            );
            cap
        }
        Some(n) => n,
    }
}

/// Whether an error is a closed standard output (`extract … | head`):
/// the reader has all it wants, so the command ends quietly.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
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
            files_from,
            exclude,
            in_process,
            force,
            keep_stale,
            replace,
            output,
            read,
        } => {
            let workers = if in_process {
                None
            } else {
                let exe =
                    std::env::current_exe().context("cannot locate this executable for workers")?;
                let limits = WorkerLimits {
                    timeout: Duration::from_secs(timeout),
                    memory_bytes: mib("--max-memory-mib", max_memory_mib)?,
                };
                Some((exe, limits))
            };
            let select = Selection {
                files_from: files_from.as_deref().map(read_list).transpose()?,
                exclude: Exclude::new(&exclude).map_err(anyhow::Error::msg)?,
            };
            let fallback = if select.files_from.is_some() {
                "."
            } else {
                "fixtures"
            };
            let config = Config {
                input: input.unwrap_or_else(|| PathBuf::from(fallback)),
                select,
                out,
                jobs: bounded_jobs(jobs),
                read: read.options()?,
                workers,
                force,
                keep_stale,
                replace,
                interrupt: interrupt_flag()?,
            };
            run(config, &output)
        }
        Command::Completions { shell } => {
            let mut cmd = public_command();
            let mut stdout = std::io::stdout().lock();
            clap_complete::generate(shell, &mut cmd, "scr-ingest", &mut stdout);
            stdout.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command } => man(command.as_deref()),
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
                    // A file that cannot be read at all is an input error,
                    // as for `text` and `run`.
                    Ok(ExitCode::from(if e.kind == ErrorKind::Io { 2 } else { 1 }))
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

fn run(cfg: Config, flags: &OutputFlags) -> anyhow::Result<ExitCode> {
    let mode = if flags.json {
        Mode::Json
    } else if flags.quiet {
        Mode::Quiet
    } else if flags.verbose {
        Mode::Verbose
    } else {
        Mode::Normal
    };
    let printer = Printer::new(mode, std::io::stderr().is_terminal());
    let report = match batch::run(&cfg, &|e| printer.on(e)) {
        Ok(r) => r,
        Err(e) => {
            printer.fatal(&e.to_string(), e.exit_code());
            return Ok(ExitCode::from(e.exit_code()));
        }
    };
    printer.finish();
    let code = if report.status == RunStatus::Interrupted {
        130
    } else if report.totals.failed > 0 {
        1
    } else {
        0
    };
    let run_json = cfg.out.join("run.json").display().to_string();
    printer.summary(&report, &run_json, code);
    Ok(ExitCode::from(code))
}

/// Largest `--files-from` list: a million paths of 4 KiB would be 4 GiB;
/// a list larger than this is a mistake (a PDF given by mistake).
const LIST_MAX_BYTES: u64 = 256 << 20;

/// The paths of a `--files-from` list, from a file or `-` (stdin).
fn read_list(from: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    let shown = from.display();
    let read = if from.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(LIST_MAX_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(from).and_then(|f| f.take(LIST_MAX_BYTES + 1).read_to_end(&mut bytes))
    };
    read.with_context(|| format!("cannot read --files-from {shown}"))?;
    if bytes.len() as u64 > LIST_MAX_BYTES {
        anyhow::bail!(
            "--files-from {shown}: larger than {} MiB",
            LIST_MAX_BYTES >> 20
        );
    }
    Ok(parse_list(&bytes))
}

/// The command line as users see it: the internal `worker` command is
/// left out of completions and manual pages (clap's generators offer
/// hidden commands too).
fn public_command() -> clap::Command {
    let full = Cli::command();
    let mut public = clap::Command::new("scr-ingest")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    if let Some(about) = full.get_about() {
        public = public.about(about.clone());
    }
    if let Some(after) = full.get_after_help() {
        public = public.after_help(after.clone());
    }
    public
}

/// The manual page of scr-ingest, or of one of its commands.
fn man(command: Option<&str>) -> anyhow::Result<ExitCode> {
    let top = public_command();
    let page = match command {
        None => top,
        Some(name) => {
            let Some(sub) = top
                .get_subcommands()
                .find(|c| c.get_name() == name && !c.is_hide_set())
            else {
                let names: Vec<&str> = top
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set())
                    .map(|c| c.get_name())
                    .collect();
                anyhow::bail!("man: no command {name:?}; one of {}", names.join(", "));
            };
            // The page of `run` is named scr-ingest-run, as git's are.
            sub.clone().name(format!("scr-ingest-{name}"))
        }
    };
    let mut stdout = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut stdout)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
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
    let mut unreadable = 0;
    for f in files {
        let name = f.display().to_string();
        let check = match std::fs::read(f) {
            Ok(bytes) => validate::check_file(&name, &bytes),
            Err(e) => {
                say!("{}", printable(&format!("{name}: cannot be read: {e}")));
                unreadable += 1;
                continue;
            }
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
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
