//! Batch: every input of a folder through the pipeline, several at once,
//! each file isolated so that one bad file costs only itself.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::discover::{Input, discover};
use crate::error::{Error, ErrorKind};
use crate::model::Document;
use crate::pipeline;
use crate::read::ReadOptions;
use crate::worker::{Pool, WorkerLimits};
use crate::write::items::{Record, records, to_csv, to_jsonl};
use crate::write::report::{Counts, FileReport, RunReport, Status, Totals};
use crate::write::{atomic_write, document_path};

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Input folder or file.
    pub input: PathBuf,
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
}

/// Progress events for the front end.
#[derive(Debug)]
pub enum Event<'a> {
    /// Discovery finished with this many inputs.
    Found(usize),
    /// A file is starting.
    Started(&'a str),
    /// A file is done.
    Done(&'a FileReport),
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

/// Writes one document and builds its report line.
fn finish(
    input: &Input,
    out: &Path,
    result: Result<Document, Error>,
    ms: u64,
) -> (FileReport, Vec<Record>) {
    let mut report = FileReport {
        path: input.rel.clone(),
        status: Status::Failed,
        code: None,
        reason: None,
        output: None,
        document_type: None,
        counts: Counts::default(),
        warnings: Vec::new(),
        ms,
    };
    let doc = match result {
        Ok(doc) => doc,
        Err(e) => {
            report.code = Some(e.code().to_string());
            report.reason = Some(e.message);
            return (report, Vec::new());
        }
    };
    let target = document_path(out, &input.rel);
    let bytes = match serde_json::to_vec_pretty(&doc) {
        Ok(b) => b,
        Err(e) => {
            report.code = Some("io".into());
            report.reason = Some(format!("cannot serialise: {e}"));
            return (report, Vec::new());
        }
    };
    if let Err(e) = atomic_write(&target, &bytes) {
        report.code = Some("io".into());
        report.reason = Some(format!("cannot write {}: {e}", target.display()));
        return (report, Vec::new());
    }
    report.output = Some(target.display().to_string());
    report.document_type = serde_json::to_value(doc.document_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    report.counts = Counts::of(&doc);
    report.status = if doc.warnings.is_empty() {
        Status::Ok
    } else {
        Status::Warning
    };
    if !doc.warnings.is_empty() {
        let msgs: Vec<&str> = doc.warnings.iter().map(|w| w.message.as_str()).collect();
        report.reason = Some(msgs.join("; "));
    }
    report.warnings = doc.warnings.clone();
    (report, records(&doc))
}

/// Runs the batch: discovers, processes in parallel, writes each document as
/// soon as it is done, then the item files and the report.
pub fn run(cfg: &Config, on: &(dyn Fn(Event<'_>) + Sync)) -> anyhow::Result<RunReport> {
    let started = Instant::now();
    let inputs = discover(&cfg.input)
        .map_err(|e| anyhow::anyhow!("cannot read input {}: {e}", cfg.input.display()))?;
    on(Event::Found(inputs.len()));
    std::fs::create_dir_all(&cfg.out)?;
    let done: Mutex<()> = Mutex::new(());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs.max(1))
        .build()?;
    let workers = cfg
        .workers
        .as_ref()
        .map(|(exe, limits)| Pool::new(exe.clone(), limits.clone()));
    let results: Vec<(FileReport, Vec<Record>)> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                on(Event::Started(&input.rel));
                let t = Instant::now();
                let result = match &workers {
                    Some(w) => w.process(input, &cfg.read),
                    None => process_isolated(input, &cfg.read),
                };
                let (report, recs) =
                    finish(input, &cfg.out, result, t.elapsed().as_millis() as u64);
                let _guard = done.lock();
                on(Event::Done(&report));
                (report, recs)
            })
            .collect()
    });
    drop(workers);
    let mut totals = Totals {
        files: results.len(),
        ..Totals::default()
    };
    let mut all_records = Vec::new();
    let mut files = Vec::with_capacity(results.len());
    for (report, recs) in results {
        match report.status {
            Status::Ok => totals.ok += 1,
            Status::Warning => totals.warning += 1,
            Status::Failed => totals.failed += 1,
        }
        totals.counts.add(&report.counts);
        all_records.extend(recs);
        files.push(report);
    }
    totals.items = all_records.len();
    atomic_write(&cfg.out.join("items.jsonl"), &to_jsonl(&all_records))?;
    atomic_write(&cfg.out.join("items.csv"), &to_csv(&all_records))?;
    totals.ms = started.elapsed().as_millis() as u64;
    let report = RunReport {
        report_version: "1.0.0".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        input: cfg.input.display().to_string(),
        output: cfg.out.display().to_string(),
        files,
        totals,
    };
    atomic_write(
        &cfg.out.join("run.json"),
        &serde_json::to_vec_pretty(&report)?,
    )?;
    Ok(report)
}
