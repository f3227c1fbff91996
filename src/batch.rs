//! Batch: every input of a folder through the pipeline, several at once,
//! each file isolated so that one bad file costs only itself, and the
//! output folder treated as a transaction (see `write::generation`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, UNIX_EPOCH};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::discover::{Discovery, Input, Selection, discover_selected};
use crate::error::{Error, ErrorKind};
use crate::model::{Document, SCHEMA_VERSION};
use crate::pipeline;
use crate::read::ReadOptions;
use crate::worker::{Lent, Pool, WorkerLimits};
use crate::write::atomic::{self, create_exclusive, remove_leftovers};
use crate::write::build::build_label;
use crate::write::dirfd;
use crate::write::generation::{self, MANIFEST, STATE_DIR};
use crate::write::items::{csv_fields, csv_head, records_with, write_jsonl};
use crate::write::lock::{self, LockError};
use crate::write::manifest::{self, Entry, MANIFEST_VERSION, Manifest, OutputOptions, Span};
use crate::write::report::{
    Counts, DocFacts, FileReport, FileSeal, REPORT_VERSION, RunReport, RunStatus, Status, Totals,
};
use crate::write::sealed::{Flat, Kept, Sealed, file_sha256, reader_sha256, seal, sealed};
use crate::write::set_stamps::{self, Seen, SetStamps, regular_stamp};
use crate::write::stamp::{Clock, Stamp};
use crate::write::tables;
use crate::write::{document_rel, document_source, documents_under, link_on_the_way};

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Input folder or file.
    pub input: PathBuf,
    /// What of the input is read (`--files-from`, `--exclude`).
    pub select: Selection,
    /// Output folder.
    pub out: PathBuf,
    /// Files processed at once.
    pub jobs: usize,
    /// Reader options.
    pub read: ReadOptions,
    /// Run each file in a worker process of this executable under these
    /// limits; `None` reads in this process (a panic is still contained,
    /// a stack overflow or hang is not).
    pub workers: Option<(PathBuf, WorkerLimits)>,
    /// Reprocess every input, current documents included.
    pub force: bool,
    /// Keep documents of failed, removed or renamed inputs (listed as
    /// stale) instead of removing them.
    pub keep_stale: bool,
    /// Run into a folder whose manifest names none of this run's inputs
    /// (another input's documents), removing its documents.
    pub replace: bool,
    /// Raised (by a signal handler) to stop the run: nothing more is
    /// started, running files are cancelled, what was done is committed.
    pub interrupt: Arc<AtomicBool>,
}

impl Config {
    /// The options that decide what a document looks like.
    pub fn output_options(&self) -> OutputOptions {
        OutputOptions::of(&self.read)
    }
}

/// Progress events for the front end.
#[derive(Debug)]
pub enum Event<'a> {
    /// Discovery finished: the inputs, in the order their reports are
    /// kept, and the entries skipped.
    Found(&'a Discovery),
    /// A file is starting.
    Started(&'a str),
    /// A file is done.
    Done(&'a FileReport),
    /// Something the run found outside any one file's outcome (a broken
    /// seal, a repaired folder), also kept in `run.json`'s `notices`.
    Notice(&'a str),
}

/// Why a run could not complete its transaction. Each names the path
/// and what to do; [`RunError::exit_code`] gives the documented code.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input could not be read.
    #[error("cannot read input {path}: {source}; check the path and its permissions")]
    Input {
        /// The input.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Something in the output folder the run will not go through.
    #[error("refusing {path}: {why}")]
    Refused {
        /// What was refused.
        path: PathBuf,
        /// Why, and what to do.
        why: String,
    },
    /// Another run holds the output folder.
    #[error(
        "another scr-ingest run is writing into {out} (it holds {lock}); wait for it to finish or choose another --out"
    )]
    Busy {
        /// Output folder.
        out: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// The output folder could not be written; the last committed summary
    /// set is untouched.
    #[error("cannot write {path}: {source}; {hint}")]
    Output {
        /// What could not be written.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
        /// What to do.
        hint: String,
    },
}

impl RunError {
    /// Exit code: 2 input, 3 output not written, 4 folder busy.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Input { .. } => 2,
            RunError::Output { .. } | RunError::Refused { .. } => 3,
            RunError::Busy { .. } => 4,
        }
    }

    fn output(path: &Path, source: std::io::Error) -> Self {
        let hint = match source.raw_os_error() {
            Some(libc::ENOSPC) | Some(libc::EDQUOT) => {
                "free space on that disk or choose another --out; the last complete run's summary is kept"
            }
            Some(libc::EACCES) | Some(libc::EPERM) | Some(libc::EROFS) => {
                "make the folder writable or choose another --out"
            }
            _ => {
                "check the output folder, or choose another --out; the last complete run's summary is kept"
            }
        };
        RunError::Output {
            path: path.to_path_buf(),
            source,
            hint: hint.into(),
        }
    }
}

/// Processes one file, turning a panic anywhere below into that file's
/// failure.
pub fn process_isolated(input: &Input, opts: &ReadOptions) -> Result<Document, Error> {
    match catch_unwind(AssertUnwindSafe(|| {
        pipeline::process_file(&input.path, &input.rel, opts)
    })) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(
                ErrorKind::Crashed,
                format!("internal error while reading: {what}"),
            ))
        }
    }
}

/// One input's outcome before the summary is built.
enum Slot {
    /// Written or reused. A document written by this run brings its flat
    /// records, rendered from it in memory (within [`HELD_RECORDS`]); for
    /// the others the summary copies or reads the document back.
    Done(FileReport, Box<Entry>, Option<Rendered>),
    /// Failed on its own.
    Failed(FileReport),
    /// Not started or cancelled by an interruption.
    NotReached,
    /// Its document could not be written: the run cannot commit.
    OutputFailed,
}

fn blank_report(input: &Input, ms: u64) -> FileReport {
    FileReport {
        path: input.rel.clone(),
        status: Status::Failed,
        code: None,
        reason: None,
        output: None,
        document_type: None,
        counts: Counts::default(),
        warnings: Vec::new(),
        ms,
        reused: false,
        facts: Default::default(),
    }
}

fn failed(input: &Input, e: Error, ms: u64) -> Slot {
    let mut r = blank_report(input, ms);
    r.code = Some(e.code().to_string());
    r.reason = Some(e.message);
    Slot::Failed(r)
}

/// Fills the report's document fields from `doc`.
fn describe(report: &mut FileReport, doc: &Document) {
    report.document_type = serde_json::to_value(doc.document_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    report.counts = Counts::of(doc);
    report.status = if doc.warnings.is_empty() {
        Status::Ok
    } else {
        Status::Warning
    };
    report.reason = (!doc.warnings.is_empty()).then(|| {
        let msgs: Vec<&str> = doc.warnings.iter().map(|w| w.message.as_str()).collect();
        msgs.join("; ")
    });
    report.code = None;
    report.warnings = doc.warnings.clone();
    report.facts = crate::write::facts::of(doc);
}

struct Shared<'a> {
    cfg: &'a Config,
    /// `cfg.read`, with page threads only where each file has a core spare.
    read: ReadOptions,
    previous: &'a Manifest,
    fingerprint: String,
    workers: Option<Pool>,
    output_error: Mutex<Option<RunError>>,
    stop: AtomicBool,
    notices: Mutex<Vec<String>>,
    /// The last committed run's report lines, when its set is intact: a
    /// reused file is reported with its warnings as they were.
    before: Option<&'a std::collections::HashMap<String, FileReport>>,
    /// Bytes of flat records held in memory for the summary.
    held: AtomicUsize,
    /// The stamps taken after the last commit.
    stamps: Option<&'a SetStamps>,
    /// The file system's clock, and its reading before any input was
    /// stamped.
    clock: Option<&'a Clock>,
    clock_start: Option<(i64, i64)>,
    /// Stamps standing for inputs' and documents' hashes, for the next run.
    seen: Mutex<BTreeMap<String, Seen>>,
}

impl Shared<'_> {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.cfg.interrupt.load(Ordering::Relaxed)
    }

    fn fail_output(&self, path: &Path, e: std::io::Error) -> Slot {
        self.stop.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.output_error.lock() {
            slot.get_or_insert_with(|| RunError::output(path, e));
        }
        Slot::OutputFailed
    }

    /// Keeps a document's records for the summary while the records kept
    /// stay within [`HELD_RECORDS`]; past that, the summary reads the
    /// document back, so memory does not grow with the number of items.
    fn hold(&self, r: Option<Rendered>) -> Option<Rendered> {
        let r = r?;
        let size = r.jsonl.len() + r.csv.len();
        let before = self.held.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) <= HELD_RECORDS {
            Some(r)
        } else {
            self.held.fetch_sub(size, Ordering::Relaxed);
            None
        }
    }

    /// Whether `stamp`, taken before the file's bytes were hashed this
    /// run, stands for that hash: a later write must move it.
    fn settled(&self, stamp: &Stamp) -> bool {
        match (self.clock, self.clock_start) {
            (Some(c), Some(t)) => c.settled(stamp, t),
            _ => false,
        }
    }

    fn see(&self, rel: &str, seen: Seen) {
        if let Ok(mut m) = self.seen.lock() {
            m.insert(rel.to_string(), seen);
        }
    }

    fn notice(&self, text: String, on: &(dyn Fn(Event<'_>) + Sync)) {
        on(Event::Notice(&text));
        if let Ok(mut v) = self.notices.lock() {
            v.push(text);
        }
    }

    /// Whether the previous entry of `input` could stand for it if its bytes
    /// are unchanged: only then is the input hashed before it is read.
    fn may_reuse(&self, input: &Input, out_rel: &str) -> bool {
        !self.cfg.force
            && self.previous.inputs.get(&input.rel).is_some_and(|old| {
                old.output == out_rel && old.current(&old.sha256, &self.fingerprint)
            })
    }

    /// The previous entry of `input` when its document can stand for the
    /// input as `entry` describes it now: same input bytes, same build,
    /// schema and options, and the document on disk still has the hash the
    /// manifest recorded (one changed or replaced behind the manifest's
    /// back is read again, and said so). With it, the document's stamp
    /// when it stands for the document's hash.
    fn reusable(
        &self,
        input: &Input,
        entry: &Entry,
        target: &Path,
        on: &(dyn Fn(Event<'_>) + Sync),
    ) -> Option<(&Entry, Option<Stamp>)> {
        if self.cfg.force {
            return None;
        }
        let old = self.previous.inputs.get(&input.rel)?;
        if !old.current(&entry.sha256, &self.fingerprint) || old.output != entry.output {
            return None;
        }
        // Stamped before it is hashed, so a write after the hash moves it.
        let now = regular_stamp(target);
        let vouched = now.as_ref().is_some_and(|now| {
            self.stamps
                .is_some_and(|s| s.vouch_document(&input.rel, &old.output, &old.output_sha256, now))
        });
        if vouched {
            return Some((old, now));
        }
        if file_sha256(target).is_some_and(|h| h == old.output_sha256) {
            return Some((old, now.filter(|s| self.settled(s))));
        }
        self.notice(
            format!(
                "{}: does not match the manifest's seal (changed or missing); {} is read again",
                entry.output, input.rel
            ),
            on,
        );
        None
    }

    /// A failed file's slot, told to the front end.
    fn done(&self, slot: Slot, on: &(dyn Fn(Event<'_>) + Sync)) -> Slot {
        if let Slot::Failed(r) = &slot {
            on(Event::Done(r));
        }
        slot
    }

    /// One file, start to end. `place` is its worker's place, taken
    /// before the file was: see [`Pool`].
    fn one(&self, input: &Input, place: Option<Lent<'_>>, on: &(dyn Fn(Event<'_>) + Sync)) -> Slot {
        if self.stopped() {
            return Slot::NotReached;
        }
        on(Event::Started(&input.rel));
        let t = Instant::now();
        let ms = |t: Instant| t.elapsed().as_millis() as u64;
        let out_rel = document_rel(&input.rel);
        // The parent reads and hashes an input only when an earlier
        // document may stand for it; otherwise the worker's hash of the
        // bytes it parsed is the only one. Hashed in pieces: the parent
        // never holds a whole input (a 200 MB file would cost it 200 MB
        // for a hash).
        let may_reuse = self.may_reuse(input, &out_rel);
        // An input whose stamp is the one the last run took for the hash
        // the manifest holds is not read at all.
        let (sha256, meta) = match std::fs::File::open(&input.path).and_then(|f| {
            let m = f.metadata()?;
            let known = self
                .previous
                .inputs
                .get(&input.rel)
                .map(|old| old.sha256.as_str())
                .filter(|h| {
                    self.stamps
                        .is_some_and(|s| s.vouch_input(&input.rel, h, &Stamp::of(&m)))
                });
            let h = match (may_reuse, known) {
                (false, _) => None,
                (true, Some(h)) => Some(h.to_string()),
                (true, None) => Some(reader_sha256(f)?),
            };
            Ok((h, m))
        }) {
            Ok(x) => x,
            Err(e) => {
                return self.done(
                    failed(
                        input,
                        Error::new(ErrorKind::Io, format!("cannot read: {e}")),
                        ms(t),
                    ),
                    on,
                );
            }
        };
        let target = self.cfg.out.join(&out_rel);
        let fail_here = |why: String, t: Instant| {
            self.done(failed(input, Error::new(ErrorKind::Io, why), ms(t)), on)
        };
        // One bad place in the output folder costs only this file.
        if let Some(at) = link_on_the_way(&self.cfg.out, &out_rel) {
            return fail_here(
                format!(
                    "cannot write {out_rel}: {} is a symbolic link or not a folder; links inside the output folder are never followed",
                    at.display()
                ),
                t,
            );
        }
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return fail_here(
                format!(
                    "cannot write {out_rel}: a folder of that name is in the output folder; move it away"
                ),
                t,
            );
        }
        let stamp = Stamp::of(&meta);
        let mut entry = Entry {
            sha256: sha256.clone().unwrap_or_default(),
            size: meta.len(),
            mtime: meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs() as i64),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            build: build_label(),
            partial: false,
            schema_version: SCHEMA_VERSION.into(),
            options: self.fingerprint.clone(),
            output: out_rel.clone(),
            output_sha256: String::new(),
            records: None,
        };
        let mut report = blank_report(input, 0);
        report.output = Some(out_rel.clone());
        let reusable = sha256
            .is_some()
            .then(|| self.reusable(input, &entry, &target, on))
            .flatten();
        if let Some((old, document)) = reusable {
            self.see(
                &input.rel,
                Seen {
                    sha256: entry.sha256.clone(),
                    input: self.settled(&stamp).then(|| stamp.clone()),
                    output: out_rel.clone(),
                    output_sha256: old.output_sha256.clone(),
                    document,
                    racy: false,
                },
            );
            entry.output_sha256 = old.output_sha256.clone();
            entry.records = old.records.clone();
            report.reused = true;
            report.status = Status::Ok;
            report.ms = ms(t);
            if let Some(line) = self.before.and_then(|b| b.get(&input.rel)) {
                report = FileReport {
                    ms: report.ms,
                    reused: true,
                    output: report.output,
                    ..line.clone()
                };
            }
            on(Event::Done(&report));
            return Slot::Done(report, Box::new(entry), None);
        }
        let result = match place {
            Some(place) => place.process(input, &self.read, &self.cfg.interrupt),
            None => process_isolated(input, &self.read),
        };
        let doc = match result {
            Ok(doc) => doc,
            Err(e) if e.kind == ErrorKind::Cancelled => return Slot::NotReached,
            Err(e) => return self.done(failed(input, e, ms(t)), on),
        };
        // The worker hashed the bytes it parsed, and the entry vouches for
        // those. If they are not the bytes the parent hashed, or the file's
        // stamp moved while it was read, the file changed under the read:
        // the document is kept, never reused.
        let changed = match &sha256 {
            Some(h) => *h != doc.source.sha256,
            None => Stamp::now(&input.path).is_none_or(|now| now != stamp),
        };
        entry.sha256 = doc.source.sha256.clone();
        if changed {
            entry.partial = true;
            self.notice(
                format!(
                    "{}: changed while it was read; its document is kept for now and the next run reads it again",
                    input.rel
                ),
                on,
            );
        }
        if doc.warnings.iter().any(|w| w.code == "truncated") {
            entry.partial = true;
        }
        // Serialised straight into the file, hashed on the way: a large
        // document is not held a second time as bytes.
        // Stamped while still a temporary file no one else knows, with
        // the clock read past its times: a write once it is in place
        // moves its stamp.
        let written = dirfd::write_document_with(&self.cfg.out, &out_rel, |f| {
            let hash = {
                let mut s = Sealed {
                    inner: BufWriter::with_capacity(1 << 16, &mut *f),
                    hash: Sha256::new(),
                    bytes: 0,
                };
                serde_json::to_writer_pretty(&mut s, &doc).map_err(std::io::Error::from)?;
                s.flush()?;
                s.hash
            };
            // One written within the clock's granularity of that reading
            // is hashed once more when the stamps are recorded rather than
            // waited for here.
            let stamp = f.metadata().ok().map(|m| Stamp::of(&m));
            let racy = !stamp.as_ref().is_some_and(|st| {
                self.clock
                    .is_some_and(|c| c.now().is_some_and(|t| c.settled(st, t)))
            });
            Ok((manifest::hex(&hash.finalize()), stamp, racy))
        });
        let (output_sha256, document, racy) = match written {
            Ok(x) => x,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                let e = Error::new(ErrorKind::Invalid, format!("cannot serialise: {e}"));
                return self.done(failed(input, e, ms(t)), on);
            }
            Err(e) => {
                if whole_folder_fault(&e) {
                    return self.fail_output(&target, e);
                }
                if dirfd::is_not_a_folder(&e) {
                    return fail_here(
                        format!(
                            "cannot write {out_rel}: a folder on the way is a symbolic link or not a folder ({e}); links inside the output folder are never followed"
                        ),
                        t,
                    );
                }
                return fail_here(format!("cannot write {out_rel}: {e}"), t);
            }
        };
        entry.output_sha256 = output_sha256;
        self.see(
            &input.rel,
            Seen {
                sha256: entry.sha256.clone(),
                input: (!changed && self.settled(&stamp)).then(|| stamp.clone()),
                output: out_rel.clone(),
                output_sha256: entry.output_sha256.clone(),
                document,
                racy,
            },
        );
        describe(&mut report, &doc);
        let rendered = self.hold(render_records(&doc, &report.facts).ok());
        report.ms = ms(t);
        on(Event::Done(&report));
        Slot::Done(report, Box::new(entry), rendered)
    }
}

/// Whether a write error is the folder's (no space, read-only, failing
/// disk: no later file would fare better, so the run stops and keeps the
/// last committed set) rather than this one name's (too long, a folder or
/// file in the way), which fails only its file.
fn whole_folder_fault(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EROFS) | Some(libc::EIO)
    ) || e.raw_os_error().is_none()
}

/// Appends one document's rendered records to the flat files and says
/// where they stand (the manifest's span, for copying them next time).
fn append_records(
    (jsonl, jsonl_path): (&mut Flat, &Path),
    (csv, csv_path): (&mut Flat, &Path),
    r: &Rendered,
    earlier: Option<&Earlier>,
) -> Result<Span, RunError> {
    let (jsonl_len, csv_len) = match &r.from {
        Some(f) => (f.jsonl_len, f.csv_len),
        None => (r.jsonl.len() as u64, r.csv.len() as u64),
    };
    let span = Span {
        jsonl_offset: jsonl.offset(),
        jsonl_len,
        csv_offset: csv.offset(),
        csv_len,
        items: r.items,
    };
    let (j, c) = match (&r.from, earlier) {
        (Some(f), Some(e)) => (
            jsonl.append_copied(&e.jsonl, f.jsonl_offset, f.jsonl_len),
            csv.append_copied(&e.csv, f.csv_offset, f.csv_len),
        ),
        (Some(_), None) => (
            Err(std::io::Error::other("records copied from no earlier set")),
            Ok(()),
        ),
        (None, _) => (jsonl.append(&r.jsonl), csv.append(&r.csv)),
    };
    j.map_err(|e| RunError::output(jsonl_path, e))?;
    c.map_err(|e| RunError::output(csv_path, e))?;
    Ok(span)
}

/// What a run may take from the committed set: the manifest and the
/// flat files, each only when it matches the seal `run.json` holds for it.
struct Trusted {
    manifest: Manifest,
    stamps: Option<SetStamps>,
    earlier: Option<Earlier>,
    notices: Vec<String>,
}

/// Checks the committed set's seals before anything in it is trusted. A
/// manifest that does not match its seal is not used at all (every input
/// is read again: its offsets and hashes could say anything); flat files
/// that do not match are not copied from (records are rendered from the
/// documents, whose own hashes are checked). Each mismatch is named.
fn trusted_set(out: &Path) -> Trusted {
    let mut t = Trusted {
        manifest: Manifest::default(),
        stamps: None,
        earlier: None,
        notices: Vec::new(),
    };
    let Some(dir) = generation::current(out) else {
        return t;
    };
    let shown = |name: &str| {
        let g = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        format!("{STATE_DIR}/{}/{name}", g.unwrap_or_default())
    };
    let report: RunReport = match std::fs::read(dir.join("run.json"))
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => {
            t.notices.push(format!(
                "{}: unreadable ({e}); nothing of the last run is reused",
                shown("run.json")
            ));
            return t;
        }
    };
    let seal_of = |name: &str| report.summary_files.iter().find(|s| s.name == name);
    // A file whose stamp is the one taken after its commit is the file
    // sealed, unread; any other is hashed.
    let stamps = SetStamps::load(&dir);
    let vouched = |name: &str| {
        seal_of(name).is_some_and(|seal| stamps.as_ref().is_some_and(|s| s.vouch(&dir, seal)))
    };
    // Hashed and parsed from the same bytes, so what is checked is what is
    // used.
    match (std::fs::read(dir.join(MANIFEST)), seal_of(MANIFEST)) {
        (Ok(b), Some(seal))
            if b.len() as u64 == seal.bytes
                && (vouched(MANIFEST) || manifest::sha256_hex(&b) == seal.sha256) =>
        {
            match serde_json::from_slice(&b) {
                Ok(m) => t.manifest = m,
                Err(e) => t.notices.push(format!(
                    "{}: unreadable ({e}); every input is read again",
                    shown(MANIFEST)
                )),
            }
        }
        _ => t.notices.push(format!(
            "{}: does not match the seal in run.json (damaged or edited); nothing of the last run is reused, every input is read again",
            shown(MANIFEST)
        )),
    }
    let sealed_ok = |name: &str| {
        vouched(name)
            || seal_of(name).is_some_and(|seal| {
                std::fs::metadata(dir.join(name)).is_ok_and(|m| m.len() == seal.bytes)
                    && file_sha256(&dir.join(name)).is_some_and(|h| h == seal.sha256)
            })
    };
    let (a, b) = rayon::join(|| sealed_ok("items.jsonl"), || sealed_ok("items.csv"));
    for (ok, name) in [(a, "items.jsonl"), (b, "items.csv")] {
        if !ok {
            t.notices.push(format!(
                "{}: does not match the seal in run.json (damaged or edited); records are rebuilt from the documents",
                shown(name)
            ));
        }
    }
    if a && b && !t.manifest.inputs.is_empty() {
        t.earlier = (|| {
            let kept = |name: &str| {
                Some(Kept {
                    path: dir.join(name),
                    seal: seal_of(name)?.clone(),
                })
            };
            Some(Earlier {
                jsonl: std::fs::File::open(dir.join("items.jsonl")).ok()?,
                csv: std::fs::File::open(dir.join("items.csv")).ok()?,
                kept_jsonl: kept("items.jsonl")?,
                kept_csv: kept("items.csv")?,
                reports: report
                    .files
                    .iter()
                    .filter(|f| f.status != Status::Failed)
                    .map(|f| (f.path.clone(), f.clone()))
                    .collect(),
                workbook: workbook_key(&report.build, &report.summary_files).and_then(|key| {
                    Some(EarlierWorkbook {
                        key,
                        path: dir.join("items.xlsx"),
                        seal: seal_of("items.xlsx")?.clone(),
                        vouched: vouched("items.xlsx"),
                    })
                }),
            })
        })();
    }
    t.stamps = stamps;
    t
}

/// Whether the output folder is shared with other files: the working
/// folder (`--out .`), or overlapping the input (equal to it or inside it,
/// or the input inside it). Then files named like documents may be
/// anyone's, and only the documents the manifest names are removed.
fn overlapping(input: &Path, out: &Path) -> bool {
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    if out.as_os_str() == "." || here.is_ok_and(|h| out.canonicalize().is_ok_and(|o| o == h)) {
        return true;
    }
    let dir = if input.is_dir() {
        input
    } else {
        input.parent().unwrap_or(Path::new("."))
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    match (dir.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a.starts_with(&b) || b.starts_with(&a),
        // Unknown: the careful answer.
        _ => true,
    }
}

/// Runs the batch as one transaction on the output folder: lock, check,
/// discover, process (reusing current documents), then commit the
/// summary set and remove stale documents.
pub fn run(cfg: &Config, on: &(dyn Fn(Event<'_>) + Sync)) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let out = &cfg.out;
    let state = out.join(STATE_DIR);
    refuse_link(&state)?;
    std::fs::create_dir_all(&state).map_err(|e| RunError::output(&state, e))?;
    refuse_link(&state)?;
    let _lock = lock::lock(&state.join("lock")).map_err(|e| match e {
        LockError::Busy(lock) => RunError::Busy {
            out: out.clone(),
            lock,
        },
        LockError::Io(p, e) => RunError::output(&p, e),
    })?;
    // Writable before any work, not after an hour of it.
    let probe = atomic::temp_path(&state.join("probe"));
    let probed =
        create_exclusive(&probe).and_then(|mut f| f.write_all(b"probe").and_then(|_| f.sync_all()));
    let _ = std::fs::remove_file(&probe);
    probed.map_err(|e| RunError::output(out, e))?;
    // Holding the lock, every temporary file is a dead run's.
    remove_leftovers(out);
    let mut notices = Vec::new();
    if let Some(n) = generation::repair_copied(out).map_err(|e| RunError::output(&state, e))? {
        notices.push(n);
    }
    generation::prune(out);
    // The build identity is taken once, before any file's clock starts.
    let _ = crate::write::build::build_id();
    let trusted = trusted_set(out);
    // Read before any input is stamped.
    let clock = Clock::open(&state);
    let clock_start = clock.as_ref().and_then(|c| c.now());
    notices.extend(trusted.notices);
    for n in &notices {
        on(Event::Notice(n));
    }
    let previous = trusted.manifest;
    let discovery = discover_selected(&cfg.input, &cfg.select).map_err(|e| RunError::Input {
        path: cfg.input.clone(),
        source: e,
    })?;
    // A folder of another input's documents is not emptied by mistake: a
    // run whose inputs the manifest does not know at all asks first.
    if !cfg.replace
        && !previous.inputs.is_empty()
        && !discovery
            .inputs
            .iter()
            .any(|i| previous.inputs.contains_key(&i.rel))
    {
        return Err(RunError::Refused {
            path: out.clone(),
            why: format!(
                "it holds the documents of {} input(s) of another input folder and none of {}'s; run with --replace to replace them, or choose another --out",
                previous.inputs.len(),
                cfg.input.display()
            ),
        });
    }
    on(Event::Found(&discovery));
    // With workers, one thread more than workers: see [`Pool`].
    let threads = cfg.jobs.max(1) + usize::from(cfg.workers.is_some());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::output(out, std::io::Error::other(e)))?;
    let shared = Shared {
        cfg,
        read: ReadOptions {
            page_threads: cfg.read.page_threads
                && crate::layout::parallel::spare_core_per_file(cfg.jobs),
            ..cfg.read.clone()
        },
        previous: &previous,
        fingerprint: cfg.output_options().fingerprint(),
        workers: cfg
            .workers
            .as_ref()
            .map(|(exe, limits)| Pool::new(exe.clone(), limits.clone(), cfg.jobs)),
        output_error: Mutex::new(None),
        stop: AtomicBool::new(false),
        notices: Mutex::new(notices),
        before: trusted.earlier.as_ref().map(|e| &e.reports),
        held: AtomicUsize::new(0),
        stamps: trusted.stamps.as_ref(),
        clock: clock.as_ref(),
        clock_start,
        seen: Mutex::new(BTreeMap::new()),
    };
    let slots = dispatch(&shared, &discovery.inputs, threads, on);
    let Shared {
        workers,
        output_error,
        notices,
        seen,
        ..
    } = shared;
    let notices = notices.into_inner().unwrap_or_default();
    let seen = seen.into_inner().unwrap_or_default();
    drop(workers);
    if let Some(e) = output_error.into_inner().ok().flatten() {
        return Err(e);
    }
    let interrupted = cfg.interrupt.load(Ordering::Relaxed);
    let earlier = trusted.earlier;
    pool.install(|| {
        commit(
            cfg,
            &previous,
            earlier.as_ref(),
            notices,
            discovery,
            slots,
            interrupted,
            started,
            on,
            (clock.as_ref(), seen),
        )
    })
}

/// Every input through [`Shared::one`] on `threads` threads, started in
/// the order found: a thread takes a worker's place first and then the
/// next input, so the worker always has the earliest file left, progress
/// lines come in order, and a hung file holds back no file found before
/// it. Plain threads, not the pool's: a pool thread waiting for a
/// document's pages would take up another file meanwhile and hold both.
fn dispatch(
    shared: &Shared<'_>,
    inputs: &[Input],
    threads: usize,
    on: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<Slot> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Slot>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let place = match &shared.workers {
                Some(w) => match w.lend(&shared.cfg.interrupt) {
                    Ok(place) => Some(Ok(place)),
                    // Interrupted while waiting: the rest is not reached.
                    Err(e) if e.kind == ErrorKind::Cancelled => return,
                    Err(e) => Some(Err(e)),
                },
                None => None,
            };
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else {
                return;
            };
            let slot = match place {
                // The pool itself is broken: the file fails, named.
                Some(Err(e)) => shared.done(failed(input, e, 0), on),
                Some(Ok(place)) => shared.one(input, Some(place), on),
                None => shared.one(input, None, on),
            };
            if let Ok(mut s) = slots[i].lock() {
                *s = Some(slot);
            }
        }
    };
    std::thread::scope(|scope| {
        let work = &work;
        let spawned: Vec<_> = (1..threads.min(inputs.len()).max(1))
            .filter_map(|n| {
                std::thread::Builder::new()
                    .name(format!("file-{n}"))
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // This thread is one of them: a thread that could not be started
        // costs speed, never a file.
        work();
        for t in spawned {
            // A panic is a bug: it ends the run as it would on one thread.
            if let Err(p) = t.join() {
                std::panic::resume_unwind(p);
            }
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().ok().flatten().unwrap_or(Slot::NotReached))
        .collect()
}

/// A state folder that is a link would have the run write, prune and
/// remove inside whatever it points at.
fn refuse_link(state: &Path) -> Result<(), RunError> {
    if std::fs::symlink_metadata(state).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(RunError::Refused {
            path: state.to_path_buf(),
            why: "it is a symbolic link, and links inside an output folder are never followed; remove the link (or choose another --out)".into(),
        });
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn commit(
    cfg: &Config,
    previous: &Manifest,
    earlier: Option<&Earlier>,
    notices: Vec<String>,
    discovery: crate::discover::Discovery,
    slots: Vec<Slot>,
    interrupted: bool,
    started: Instant,
    on: &(dyn Fn(Event<'_>) + Sync),
    (clock, seen): (Option<&Clock>, BTreeMap<String, Seen>),
) -> Result<RunReport, RunError> {
    let out = &cfg.out;
    let pending = generation::begin(out).map_err(|e| RunError::output(&out.join(STATE_DIR), e))?;
    let result = build_set(
        cfg,
        previous,
        earlier,
        notices,
        on,
        discovery,
        slots,
        interrupted,
        started,
        &pending,
        seen,
    );
    let (report, remove, seen) = match result {
        Ok(x) => x,
        Err(e) => {
            pending.abandon();
            return Err(e);
        }
    };
    let before = clock
        .map(|c| set_stamps::before_commit(c, |n| pending.path(n), &report.summary_files))
        .unwrap_or_default();
    let state = out.join(STATE_DIR);
    let committed = pending.commit().map_err(|e| RunError::output(&state, e))?;
    generation::ensure_links(out).map_err(|e| RunError::output(out, e))?;
    for rel in remove {
        // Through folder descriptors: a link put in place of a folder since
        // the sweep must not take the removal outside.
        let _ = dirfd::remove_document(out, &rel);
    }
    generation::prune(out);
    // Last: the prune moves the change time of files the new set links.
    set_stamps::record(out, &committed, clock, &report.summary_files, &before, seen);
    Ok(report)
}

/// Documents larger than this are parsed from the file as it is read.
const LARGE_DOCUMENT: u64 = 8 << 20;

/// Bytes of flat records a run holds in memory for its summary files; the
/// records of documents written past it are read back from the documents.
const HELD_RECORDS: usize = 32 << 20;

/// Documents parsed at once while the flat files are rebuilt.
const RENDER_CHUNK: usize = 64;

/// A document's records, or why its document could not be read back.
type Rendering = Result<Rendered, String>;

/// One document's flat records, rendered.
struct Rendered {
    jsonl: Vec<u8>,
    csv: Vec<u8>,
    items: usize,
    /// Where in the committed `items.jsonl` and `items.csv` they are, when
    /// they are copied from there; then they are read only if the new
    /// files differ from the committed ones (and `jsonl` and `csv` are
    /// empty).
    from: Option<Span>,
}

/// The last committed set, when its flat files match their seals: a
/// reused document's records are copied from there.
struct Earlier {
    jsonl: std::fs::File,
    csv: std::fs::File,
    /// The same files, which the new ones may turn out to be.
    kept_jsonl: Kept,
    kept_csv: Kept,
    reports: std::collections::HashMap<String, FileReport>,
    /// The last set's workbook, with what it was made from.
    workbook: Option<EarlierWorkbook>,
}

/// A committed workbook and the key of what made it: the build and the
/// seals of the three tables it shows.
struct EarlierWorkbook {
    key: String,
    path: PathBuf,
    seal: FileSeal,
    /// Its stamp vouched for it at the start of the run.
    vouched: bool,
}

/// What a workbook is made from: this build and the tables' seals. Two
/// sets with one key have the same workbook, byte for byte.
fn workbook_key(build: &str, seals: &[FileSeal]) -> Option<String> {
    let mut key = build.to_string();
    for name in ["items.jsonl", "documents.jsonl", "reviews.jsonl"] {
        let s = seals.iter().find(|s| s.name == name)?;
        key.push_str(&format!("|{name}:{}:{}", s.sha256, s.bytes));
    }
    Some(key)
}

impl Earlier {
    /// Copies the last workbook to `to` when it was made from the same
    /// tables by this build, streamed and checked against its seal on the
    /// way (making it again costs a rerun more than all the rest of its
    /// work); `None`, with nothing left at `to`, when it cannot be.
    fn copy_workbook(&self, key: &str, to: &Path) -> Option<FileSeal> {
        let w = self.workbook.as_ref().filter(|w| w.key == key)?;
        if w.vouched {
            let kept = Kept {
                path: w.path.clone(),
                seal: w.seal.clone(),
            };
            if let Some(s) = kept.link_at(to) {
                return Some(s);
            }
        }
        let copy = || -> std::io::Result<FileSeal> {
            let mut out = sealed(to)?;
            std::io::copy(&mut std::fs::File::open(&w.path)?, &mut out)?;
            seal("items.xlsx", out)
        };
        match copy() {
            Ok(s) if s.sha256 == w.seal.sha256 && s.bytes == w.seal.bytes => Some(s),
            _ => {
                let _ = std::fs::remove_file(to);
                None
            }
        }
    }
}

impl Earlier {
    /// The records of a reused document, copied, with its earlier report
    /// line; `None` when they cannot be (then the document is read).
    #[cfg(unix)]
    fn copy(&self, report: &mut FileReport, entry: &Entry) -> Option<Rendering> {
        if !report.reused {
            return None;
        }
        let span = entry.records.as_ref()?;
        let before = self.reports.get(&report.path)?;
        // A report line of an older version holds no facts for the tables:
        // the document is read again for them.
        before.facts.sha256.as_ref()?;
        // Spans are checked against the files' sealed sizes (which they
        // had when checked) before anything is allocated for them.
        let within = |k: &Kept, offset: u64, len: u64| {
            offset
                .checked_add(len)
                .is_some_and(|end| end <= k.seal.bytes)
        };
        if !within(&self.kept_jsonl, span.jsonl_offset, span.jsonl_len)
            || !within(&self.kept_csv, span.csv_offset, span.csv_len)
        {
            return None;
        }
        *report = FileReport {
            ms: report.ms,
            reused: true,
            output: Some(entry.output.clone()),
            ..before.clone()
        };
        // Not read here: most of an unchanged rerun's records are where
        // they were, and then never read at all (see `Flat`).
        Some(Ok(Rendered {
            jsonl: Vec::new(),
            csv: Vec::new(),
            items: span.items,
            from: Some(span.clone()),
        }))
    }
}

/// Without positioned reads the records are rendered from the document.
#[cfg(not(unix))]
impl Earlier {
    fn copy(&self, _report: &mut FileReport, _entry: &Entry) -> Option<Rendering> {
        None
    }
}

/// Reads the document of `entry` back, fills `report` from it and renders
/// its flat records.
fn render(out: &Path, report: &mut FileReport, entry: &Entry) -> Result<Rendered, String> {
    let path = out.join(&entry.output);
    let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    // A large document is parsed as it is read rather than held whole as
    // bytes beside its parsed form; a small one is parsed faster whole.
    let doc = if size > LARGE_DOCUMENT {
        serde_json::from_reader::<_, Document>(std::io::BufReader::with_capacity(1 << 16, file))
            .map_err(|e| e.to_string())?
    } else {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        serde_json::from_slice::<Document>(&bytes).map_err(|e| e.to_string())?
    };
    describe(report, &doc);
    render_records(&doc, &report.facts)
}

/// A document's flat records.
fn render_records(doc: &Document, facts: &DocFacts) -> Result<Rendered, String> {
    let mut r = Rendered {
        jsonl: Vec::new(),
        csv: Vec::new(),
        items: 0,
        from: None,
    };
    {
        let mut c = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut r.csv);
        for rec in records_with(doc, facts) {
            write_jsonl(&mut r.jsonl, &rec).map_err(|e| e.to_string())?;
            c.write_record(csv_fields(&rec))
                .map_err(|e| e.to_string())?;
            r.items += 1;
        }
        c.flush().map_err(|e| e.to_string())?;
    }
    Ok(r)
}

/// A pending set written: its report, the documents to remove once it is
/// committed, and the stamps standing for its manifest's hashes.
type Built = (RunReport, Vec<String>, BTreeMap<String, Seen>);

#[allow(clippy::too_many_arguments)]
fn build_set(
    cfg: &Config,
    previous: &Manifest,
    earlier: Option<&Earlier>,
    mut notices: Vec<String>,
    on: &(dyn Fn(Event<'_>) + Sync),
    discovery: crate::discover::Discovery,
    slots: Vec<Slot>,
    interrupted: bool,
    started: Instant,
    pending: &generation::Pending,
    seen: BTreeMap<String, Seen>,
) -> Result<Built, RunError> {
    let out = &cfg.out;
    let jsonl_path = pending.path("items.jsonl");
    let csv_path = pending.path("items.csv");
    let kept = |f: fn(&Earlier) -> &Kept| earlier.map(|e| f(e).clone());
    let mut jsonl = Flat::new("items.jsonl", jsonl_path.clone(), kept(|e| &e.kept_jsonl))
        .map_err(|e| RunError::output(&jsonl_path, e))?;
    let mut csv = Flat::new("items.csv", csv_path.clone(), kept(|e| &e.kept_csv))
        .map_err(|e| RunError::output(&csv_path, e))?;
    csv.append(&csv_head())
        .map_err(|e| RunError::output(&csv_path, e))?;
    let mut totals = Totals::default();
    let mut files = Vec::new();
    let mut not_reached = Vec::new();
    let mut manifest = Manifest {
        manifest_version: MANIFEST_VERSION.into(),
        build: build_label(),
        options: Some(cfg.output_options()),
        inputs: BTreeMap::new(),
    };
    // Flat records come with the documents this run wrote (up to
    // HELD_RECORDS), are copied from the last set for reused ones, and are
    // otherwise rebuilt from the documents on disk, a bounded chunk at a
    // time: parsed and rendered in parallel, written in input order, so
    // memory does not grow with the number of items.
    let mut first_of: HashMap<String, String> = HashMap::new();
    let mut pairs = discovery.inputs.iter().zip(slots);
    loop {
        let chunk: Vec<(&Input, Slot)> = pairs.by_ref().take(RENDER_CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let rendered: Vec<(&Input, Slot, Option<Rendering>)> = chunk
            .into_par_iter()
            .map(|(input, mut slot)| {
                let r = match &mut slot {
                    Slot::Done(_, _, held @ Some(_)) => held.take().map(Ok),
                    Slot::Done(report, entry, None) => {
                        let copied = earlier.and_then(|e| e.copy(report, entry));
                        Some(copied.unwrap_or_else(|| render(out, report, entry)))
                    }
                    // An input an interrupted run did not reach keeps its
                    // earlier document, if that still has its recorded
                    // hash; its records stay in the flat files, so an
                    // interrupted rerun does not drop them.
                    Slot::NotReached | Slot::OutputFailed => {
                        previous.inputs.get(&input.rel).and_then(|old| {
                            let doc = out.join(&old.output);
                            let sound = old.output == document_rel(&input.rel)
                                && link_on_the_way(out, &old.output).is_none()
                                && file_sha256(&doc).is_some_and(|h| h == old.output_sha256);
                            sound.then(|| render(out, &mut blank_report(input, 0), old))
                        })
                    }
                    Slot::Failed(_) => None,
                };
                (input, slot, r)
            })
            .collect();
        for (input, slot, r) in rendered {
            match (slot, r) {
                (Slot::Done(mut report, entry, _), Some(Err(e))) => {
                    report.status = Status::Failed;
                    report.code = Some("io".into());
                    report.reason = Some(format!("document {} unreadable: {e}", entry.output));
                    totals.failed += 1;
                    files.push(report);
                }
                (Slot::Done(mut report, mut entry, _), Some(Ok(r))) => {
                    report.facts.bytes = Some(entry.size);
                    report.facts.sha256 = Some(entry.sha256.clone());
                    // The second of two inputs with the same bytes is
                    // listed, and points to the first; its items are not
                    // repeated.
                    report.facts.duplicate_of = first_of
                        .get(entry.sha256.as_str())
                        .filter(|first| **first != input.rel)
                        .cloned();
                    if report.facts.duplicate_of.is_none() {
                        first_of.insert(entry.sha256.clone(), input.rel.clone());
                        entry.records = Some(append_records(
                            (&mut jsonl, &jsonl_path),
                            (&mut csv, &csv_path),
                            &r,
                            earlier,
                        )?);
                        totals.items += r.items;
                        totals.counts.add(&report.counts);
                    } else {
                        entry.records = None;
                    }
                    match report.status {
                        Status::Warning => totals.warning += 1,
                        _ => totals.ok += 1,
                    }
                    totals.reused += usize::from(report.reused);
                    manifest.inputs.insert(input.rel.clone(), *entry);
                    files.push(report);
                }
                (Slot::Failed(report), _) => {
                    totals.failed += 1;
                    files.push(report);
                }
                (Slot::NotReached | Slot::OutputFailed, Some(Ok(r))) => {
                    // Its earlier document stays vouched for, with its
                    // records where they now are, so the next run resumes
                    // instead of redoing it.
                    if let Some(old) = previous.inputs.get(&input.rel) {
                        let mut entry = old.clone();
                        entry.records = Some(append_records(
                            (&mut jsonl, &jsonl_path),
                            (&mut csv, &csv_path),
                            &r,
                            earlier,
                        )?);
                        totals.items += r.items;
                        manifest.inputs.insert(input.rel.clone(), entry);
                    }
                    not_reached.push(input.rel.clone());
                }
                (Slot::NotReached | Slot::OutputFailed | Slot::Done(..), _) => {
                    not_reached.push(input.rel.clone());
                }
            }
        }
    }
    totals.files = files.len();
    totals.not_reached = not_reached.len();
    totals.skipped = discovery.skipped.len();
    let mut seals = vec![
        jsonl
            .finish()
            .map_err(|e| RunError::output(&jsonl_path, e))?,
    ];
    seals.push(csv.finish().map_err(|e| RunError::output(&csv_path, e))?);
    let documents = tables::documents(&files);
    let reviews = tables::reviews(&files);
    for (name, bytes) in [
        ("documents.jsonl", tables::jsonl(&documents)),
        ("documents.csv", tables::documents_csv(&documents)),
        ("reviews.jsonl", tables::jsonl(&reviews)),
        ("reviews.csv", tables::reviews_csv(&reviews)),
    ] {
        write_new(&pending.path(name), &bytes)?;
        seals.push(FileSeal {
            name: name.into(),
            sha256: manifest::sha256_hex(&bytes),
            bytes: bytes.len() as u64,
        });
    }
    // The workbook and the page are made side by side where the run has
    // two threads: each reads the items file on its own and they share
    // nothing else.
    let xlsx_path = pending.path("items.xlsx");
    let report_path = pending.path("report.html");
    let (xlsx_seal, page_seal) = rayon::join(
        || -> Result<FileSeal, RunError> {
            // The workbook reads the items back from this generation's
            // file, so they are never all in memory.
            let copied = workbook_key(&build_label(), &seals)
                .and_then(|key| earlier.and_then(|e| e.copy_workbook(&key, &xlsx_path)));
            match copied {
                Some(seal) => Ok(seal),
                None => {
                    let xlsx = crate::write::workbook::workbook(&jsonl_path, &documents, &reviews)
                        .map_err(|e| RunError::output(&xlsx_path, std::io::Error::other(e)))?;
                    write_new(&xlsx_path, &xlsx)?;
                    Ok(FileSeal {
                        name: "items.xlsx".into(),
                        sha256: manifest::sha256_hex(&xlsx),
                        bytes: xlsx.len() as u64,
                    })
                }
            }
        },
        || -> Result<FileSeal, RunError> {
            let mut page = sealed(&report_path).map_err(|e| RunError::output(&report_path, e))?;
            crate::write::html::write(
                &mut page,
                &crate::write::html::Page {
                    status: if interrupted {
                        RunStatus::Interrupted
                    } else {
                        RunStatus::Complete
                    },
                    generation: pending.number(),
                    files: &files,
                    skipped: &discovery.skipped,
                    notices: &notices,
                    totals: &totals,
                    documents: &documents,
                    reviews: &reviews,
                    items: &jsonl_path,
                    sources: crate::write::html::sources_from(&cfg.input, out),
                },
            )
            .map_err(|e| RunError::output(&report_path, e))?;
            seal("report.html", page).map_err(|e| RunError::output(&report_path, e))
        },
    );
    seals.push(xlsx_seal?);
    seals.push(page_seal?);

    // Documents no input vouches for: of failed, removed or renamed inputs.
    let vouched: BTreeSet<&str> = manifest
        .inputs
        .values()
        .map(|e| e.output.as_str())
        .collect();
    // Ours are those an earlier manifest named and, for documents a killed
    // run wrote before any manifest named them, those that read as one.
    let named: BTreeSet<&str> = previous
        .inputs
        .values()
        .map(|e| e.output.as_str())
        .collect();
    let overlap = overlapping(&cfg.input, out);
    let mut orphans = Vec::new();
    let mut unclaimed = Vec::new();
    // Copies of a document under another name (an officer's edited copy):
    // never removed, and named when the document they copy goes.
    let mut copies: Vec<(String, String)> = Vec::new();
    for c in documents_under(out) {
        if vouched.contains(c.as_str()) {
            continue;
        }
        if named.contains(c.as_str()) {
            orphans.push(c);
            continue;
        }
        match document_source(out, &c) {
            Some(src) if document_rel(&src) == c => {
                if overlap {
                    unclaimed.push(c);
                } else {
                    orphans.push(c);
                }
            }
            Some(src) => copies.push((c, document_rel(&src))),
            None => {}
        }
    }
    if !unclaimed.is_empty() {
        let text = format!(
            "{} document(s) that no manifest of this folder names are kept (the output folder overlaps the input), listed as stale",
            unclaimed.len()
        );
        on(Event::Notice(&text));
        notices.push(text);
    }
    let keep = cfg.keep_stale || interrupted;
    let (mut stale, removed) = if keep {
        (orphans, Vec::new())
    } else {
        (Vec::new(), orphans)
    };
    for (copy, of) in &copies {
        if removed.contains(of) {
            let text =
                format!("{copy}: kept, a copy of {of} (which is removed) under another name");
            on(Event::Notice(&text));
            notices.push(text);
        }
    }
    if !removed.is_empty() {
        let text = format!(
            "{} document(s) of inputs that failed, vanished or were renamed are removed (run.json's removed; --keep-stale keeps them)",
            removed.len()
        );
        on(Event::Notice(&text));
        notices.push(text);
    }
    stale.extend(unclaimed);
    stale.sort();

    // The stamps stand for the hashes this manifest holds, no others.
    let mut seen = seen;
    seen.retain(|rel, s| {
        manifest.inputs.get(rel).is_some_and(|e| {
            e.sha256 == s.sha256 && e.output == s.output && e.output_sha256 == s.output_sha256
        })
    });
    pause_between_summary_files();
    let manifest_path = pending.path(MANIFEST);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| RunError::output(&manifest_path, e.into()))?;
    write_new(&manifest_path, &manifest_bytes)?;
    seals.push(FileSeal {
        name: MANIFEST.into(),
        sha256: manifest::sha256_hex(&manifest_bytes),
        bytes: manifest_bytes.len() as u64,
    });
    totals.ms = started.elapsed().as_millis() as u64;
    let report = RunReport {
        report_version: REPORT_VERSION.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        build: build_label(),
        input: cfg.input.display().to_string(),
        output: out.display().to_string(),
        status: if interrupted {
            RunStatus::Interrupted
        } else {
            RunStatus::Complete
        },
        generation: pending.number(),
        summary_files: seals,
        files,
        skipped: discovery.skipped,
        stale,
        removed: removed.clone(),
        not_reached,
        notices,
        totals,
    };
    // run.json last: it vouches for the files before it.
    let run_path = pending.path("run.json");
    let bytes =
        serde_json::to_vec_pretty(&report).map_err(|e| RunError::output(&run_path, e.into()))?;
    write_new(&run_path, &bytes)?;
    Ok((report, removed, seen))
}

/// Fault hook for the transaction tests, compiled into debug builds only
/// and armed like the worker's (`SCR_INGEST_INJECT_FAULTS=1`): with
/// `SCR_INGEST_PAUSE_COMMIT=MS` the run says so on stderr and waits MS
/// milliseconds between its summary files, so a test can kill it there.
fn pause_between_summary_files() {
    if !cfg!(debug_assertions) || std::env::var_os("SCR_INGEST_INJECT_FAULTS").is_none() {
        return;
    }
    if let Some(ms) = std::env::var("SCR_INGEST_PAUSE_COMMIT")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("pausing between summary files");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes a summary file of the pending generation. Not synced here: the
/// commit syncs every file of the generation before it is renamed into
/// place, so a sync here was the same file synced twice.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    create_exclusive(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| RunError::output(path, e))
}
