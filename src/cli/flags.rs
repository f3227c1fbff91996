//! The command line's definition: every subcommand and flag once, with
//! its help, examples and exit codes; help, man page and completions are
//! all generated from here.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit codes of `run`, as its help and the README give them.
const RUN_EXIT: &str = "\
Exit codes:
  0    every input was written (or reused)
  1    some inputs failed; the others are written and the summary set is committed
  2    usage error (a bad flag or value), or the input cannot be read
  3    the output folder could not be written: nothing is committed
  4    another run is writing into the same output folder
  130  interrupted (SIGINT, SIGTERM): what was done is committed; run again to resume";

/// Exit codes of the commands that read one file.
const FILE_EXIT: &str = "\
Exit codes:
  0    the file was read
  1    the file could not be turned into a document (encrypted, damaged, not what
       its name says, over a limit): the message names why
  2    usage error (a bad flag or value), or the file cannot be read";

const TOP_HELP: &str = "\
Examples:
  scr-ingest run reviews/ --out out/     every document under reviews/ into out/
  scr-ingest extract report.pdf          one document's JSON on stdout
  scr-ingest run --help                  the flags of one command, with examples

Exit codes (the same for every command):
  0    success
  1    some inputs failed (run), a file could not be read as a document
       (extract, text) or is not valid (validate)
  2    usage error, or the input cannot be read
  3    the output folder could not be written (run)
  4    another run is writing into the same output folder (run)
  130  interrupted (run)";

const RUN_HELP: &str = "\
Examples:
  scr-ingest run reviews/ --out out/
      every .pdf, .html/.htm, .txt, .docx and .odt under reviews/ into out/;
      the tables for questions beside the documents; a rerun reuses
      the documents of unchanged inputs
  scr-ingest run reviews/ --exclude 'drafts' --exclude '2019/*.pdf'
      without the folders named drafts and the PDFs directly under 2019/
  fd -e pdf . reviews/2024 | scr-ingest run reviews/ --files-from -
      only the listed files (named relative to reviews/, as a full run names them)
  scr-ingest run reviews/ --json | jq -c 'select(.event == \"done\")'
      one JSON event per line on stdout (started, done, notice, skipped, summary)
  scr-ingest run reviews/ -q && echo all written
      nothing but errors on the terminal

";

const EXTRACT_HELP: &str = "\
Examples:
  scr-ingest extract report.pdf > report.json
  scr-ingest extract --password secret locked.pdf | jq '.reviews[].lessons'

";

const TEXT_HELP: &str = "\
Examples:
  scr-ingest text report.pdf | less            blocks with page, position, style, role
  scr-ingest text --plain report.pdf > a.txt   page text, comparable with pdftotext

";

const VALIDATE_HELP: &str = "\
Examples:
  scr-ingest validate out/report.pdf.json
  scr-ingest validate out/run.json out/items.jsonl out/reviews.csv
  scr-ingest validate --folder out/

Each file is checked against the schema of its kind, told from its content
(a document, run.json, manifest.json, a line of items.jsonl, documents.jsonl
or reviews.jsonl, a --json progress event) or, for the CSV tables, their
header and the width of every row.

Exit codes:
  0    every file is valid (with --folder: the folder is consistent)
  1    a file is not valid or not JSON (each problem on its line)
  2    usage error, or a file cannot be read";

const SCHEMA_HELP: &str = "\
Examples:
  scr-ingest schema > scr-document.schema.json
  scr-ingest schema run          # run.json
  scr-ingest schema item         # a line of items.jsonl
  scr-ingest schema review-row   # a line of reviews.jsonl

Exit codes:
  0    the schema was printed
  2    usage error";

const COMPLETIONS_HELP: &str = "\
Examples:
  scr-ingest completions bash > ~/.local/share/bash-completion/completions/scr-ingest
  scr-ingest completions zsh > ~/.zfunc/_scr-ingest
  scr-ingest completions fish > ~/.config/fish/completions/scr-ingest.fish

Exit codes:
  0    the script was printed
  2    usage error (an unknown shell)";

const MAN_HELP: &str = "\
Examples:
  scr-ingest man > scr-ingest.1 && man ./scr-ingest.1
  scr-ingest man run | man -l -

Exit codes:
  0    the page was printed
  2    usage error (an unknown command)";

/// Published child-safeguarding case reviews (PDF, HTML, text) to
/// schema-validated JSON.
#[derive(Parser, Debug)]
#[command(
    name = "scr-ingest",
    version,
    about,
    arg_required_else_help = true,
    after_help = TOP_HELP
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub(crate) struct ReadFlags {
    /// User password for encrypted PDFs (files that open without one are
    /// still read).
    #[arg(long)]
    pub(crate) password: Option<String>,
    /// Largest decompressed stream, in MiB; bigger ones fail the file.
    #[arg(long, default_value_t = 64, value_name = "MIB",
          value_parser = at_least_one::<u64>, allow_negative_numbers = true)]
    pub(crate) max_stream_mib: u64,
    /// Largest total of decompressed streams per document, in MiB.
    #[arg(long, default_value_t = 512, value_name = "MIB",
          value_parser = at_least_one::<u64>, allow_negative_numbers = true)]
    pub(crate) max_total_mib: u64,
    /// Pages read per document; later ones are left out with a warning.
    #[arg(long, default_value_t = 5000, value_name = "N",
          value_parser = at_least_one::<u32>, allow_negative_numbers = true)]
    pub(crate) max_pages: u32,
    /// Most indirect objects a PDF may have; more fails the file.
    #[arg(long, default_value_t = 5_000_000, value_name = "N",
          value_parser = at_least_one::<u64>, allow_negative_numbers = true)]
    pub(crate) max_objects: u64,
    /// Most glyphs a document may paint; more fails the file.
    #[arg(long, default_value_t = 20_000_000, value_name = "N",
          value_parser = at_least_one::<u64>, allow_negative_numbers = true)]
    pub(crate) max_glyphs: u64,
    /// A grammar file (TOML) whose rows are added to the built-in label
    /// grammar: spellings, review types, acronyms (repeatable).
    #[arg(long, value_name = "FILE")]
    pub(crate) grammar: Vec<PathBuf>,
}

/// How `run` reports as it goes.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct OutputFlags {
    /// Print nothing but errors: failed files and what stops the run.
    #[arg(long, short, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// A line per file even on a terminal, each skipped entry and each
    /// removed document by name.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    /// Progress as JSON events on stdout, one per line (see the README's
    /// "Progress events"); stderr keeps only errors.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Process every .pdf, .html/.htm, .txt, .docx and .odt under INPUT
    /// into OUT: one JSON per input, the items, documents and reviews
    /// tables (JSONL and CSV), items.xlsx and run.json.
    #[command(after_help = format!("{RUN_HELP}{RUN_EXIT}"))]
    Run {
        /// Folder (or single file) to read [default: fixtures; with
        /// --files-from, the current folder].
        input: Option<PathBuf>,
        /// Folder to write into; existing files are replaced one by one.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Files processed at once (default and 0: number of CPUs).
        #[arg(long, short, value_name = "N",
              value_parser = at_least_zero::<usize>, allow_negative_numbers = true)]
        jobs: Option<usize>,
        /// Seconds one file may take before its worker is killed.
        #[arg(long, default_value_t = 60, value_name = "SECONDS",
              value_parser = at_least_one::<u64>, allow_negative_numbers = true)]
        timeout: u64,
        /// Memory limit of each worker process, in MiB (0 = none).
        #[arg(long, default_value_t = 2048, value_name = "MIB",
              value_parser = at_least_zero::<u64>, allow_negative_numbers = true)]
        max_memory_mib: u64,
        /// Read the paths in FILE (`-`: standard input) instead of walking
        /// INPUT: one per line, or NUL-separated; relative to the current
        /// folder and inside INPUT.
        #[arg(long, value_name = "FILE")]
        files_from: Option<PathBuf>,
        /// Leave out entries matching GLOB (repeatable): without `/` it
        /// matches names at any depth, with `/` the path relative to INPUT;
        /// a matching folder is left out whole. Listed in run.json as
        /// skipped, reason `excluded`.
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
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
        output: OutputFlags,
        #[command(flatten)]
        read: ReadFlags,
    },
    /// Print one document's JSON on stdout.
    #[command(after_help = format!("{EXTRACT_HELP}{FILE_EXIT}"))]
    Extract {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        read: ReadFlags,
    },
    /// Print the text layer as the segmenter sees it: blocks with page,
    /// position and style.
    #[command(after_help = format!("{TEXT_HELP}{FILE_EXIT}"))]
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
    #[command(after_help = VALIDATE_HELP)]
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
    #[command(after_help = SCHEMA_HELP)]
    Schema {
        /// document, run, manifest, item, document-row or review-row.
        #[arg(default_value = "document")]
        name: String,
    },
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), of scr-ingest or of one command.
    #[command(after_help = MAN_HELP)]
    Man {
        /// The command whose page to print (default: scr-ingest itself).
        command: Option<String>,
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

/// A whole number of at least 1: a limit of 0 would fail every file, and
/// used to become 1 without a word.
fn at_least_one<T: TryFrom<u64>>(s: &str) -> Result<T, String> {
    match whole(s)? {
        n if n < 1 => Err(format!(
            "{n} is refused: must be at least 1 (this limit cannot be switched off)"
        )),
        n => T::try_from(n as u64).map_err(|_| format!("{n} is too large")),
    }
}

/// A whole number of at least 0 (where 0 means "all" or "none", as the
/// flag's help says).
fn at_least_zero<T: TryFrom<u64>>(s: &str) -> Result<T, String> {
    match whole(s)? {
        n if n < 0 => Err(format!("{n} is refused: must be 0 or more")),
        n => T::try_from(n as u64).map_err(|_| format!("{n} is too large")),
    }
}

/// A signed whole number, so that a negative one is refused as such
/// rather than as "not a number".
fn whole(s: &str) -> Result<i128, String> {
    s.trim()
        .parse::<i128>()
        .map_err(|_| format!("{s:?} is not a whole number"))
        .and_then(|n| {
            if n > u64::MAX as i128 {
                Err(format!("{n} is too large"))
            } else {
                Ok(n)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_limits_are_refused() {
        assert!(at_least_one::<u64>("0").unwrap_err().contains("at least 1"));
        assert!(at_least_one::<u64>("-3").unwrap_err().contains("-3"));
        assert_eq!(at_least_one::<u32>("7"), Ok(7));
        assert!(
            at_least_one::<u32>("5000000000")
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(at_least_zero::<usize>("0"), Ok(0));
        assert!(
            at_least_zero::<usize>("-1")
                .unwrap_err()
                .contains("0 or more")
        );
        assert!(
            at_least_zero::<u64>("x")
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn the_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
