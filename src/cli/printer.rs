//! What `run` tells as it goes: a progress bar and lines on a terminal,
//! lines in input order otherwise, or JSON events on stdout (`--json`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use scr_ingest::batch::Event;
use scr_ingest::discover::Skipped;
use scr_ingest::write::report::{FileReport, RunReport, RunStatus, Status};

/// How much is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Failed files and what stops the run.
    Quiet,
    /// Warnings and failures (every file when not on a terminal), notices
    /// and the summary.
    Normal,
    /// Every file, skipped entry and removed document by name.
    Verbose,
    /// JSON events on stdout; errors on stderr.
    Json,
}

/// Most names a summary line lists before it points at `run.json`.
const NAMES_LISTED: usize = 10;

/// The front end of a run: told each [`Event`], then the report.
pub(crate) struct Printer {
    mode: Mode,
    tty: bool,
    bar: ProgressBar,
    order: Mutex<Order>,
}

/// Lines held back until every line before them in input order is out,
/// so a log reads in the order of the files (workers finish out of order).
#[derive(Default)]
struct Order {
    index: HashMap<String, usize>,
    next: usize,
    held: BTreeMap<usize, Option<String>>,
}

impl Printer {
    pub(crate) fn new(mode: Mode, tty: bool) -> Self {
        let bar = ProgressBar::hidden();
        if tty && matches!(mode, Mode::Normal | Mode::Verbose) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {elapsed_precise} (eta {eta})  {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Printer {
            mode,
            tty,
            bar,
            order: Mutex::new(Order::default()),
        }
    }

    /// A line on stderr, above the bar when there is one.
    fn line(&self, text: String) {
        if self.bar.is_hidden() {
            say!("{text}");
        } else {
            self.bar.println(text);
        }
    }

    /// Takes one event of the run.
    pub(crate) fn on(&self, e: Event<'_>) {
        match e {
            Event::Found(d) => {
                self.bar.set_length(d.inputs.len() as u64);
                if let Ok(mut o) = self.order.lock() {
                    o.index = d
                        .inputs
                        .iter()
                        .enumerate()
                        .map(|(i, input)| (input.rel.clone(), i))
                        .collect();
                }
                match self.mode {
                    Mode::Json => {
                        event(
                            json!({"event": "found", "inputs": d.inputs.len(), "skipped": d.skipped.len()}),
                        );
                        for s in &d.skipped {
                            event(
                                json!({"event": "skipped", "path": s.path, "reason": s.reason, "detail": s.detail}),
                            );
                        }
                    }
                    Mode::Verbose => {
                        for s in &d.skipped {
                            self.line(skipped_line(s));
                        }
                    }
                    Mode::Quiet | Mode::Normal => {}
                }
            }
            Event::Notice(text) => match self.mode {
                Mode::Json => event(json!({"event": "notice", "message": text})),
                Mode::Quiet => {}
                Mode::Normal | Mode::Verbose => {
                    self.line(format!("notice: {}", printable(text)));
                }
            },
            Event::Started(rel) => match self.mode {
                Mode::Json => {
                    event(json!({"event": "started", "path": rel, "index": self.index_of(rel)}))
                }
                _ => self.bar.set_message(printable(rel).into_owned()),
            },
            Event::Done(r) => self.done(r),
        }
    }

    fn index_of(&self, rel: &str) -> Option<usize> {
        self.order
            .lock()
            .ok()
            .and_then(|o| o.index.get(rel).copied())
    }

    fn done(&self, r: &FileReport) {
        if self.mode == Mode::Json {
            event(done_event(r, self.index_of(r.path.as_str())));
            return;
        }
        let shown = match self.mode {
            Mode::Quiet => r.status == Status::Failed,
            Mode::Normal => !self.tty || r.status != Status::Ok,
            Mode::Verbose | Mode::Json => true,
        };
        let line = shown.then(|| file_line(r));
        if self.tty {
            if let Some(line) = line {
                self.line(line);
            }
            self.bar.inc(1);
            return;
        }
        // Printed while the order is held: lines made ready by two files
        // finishing at once would otherwise go out in either order.
        let mut order = self.order.lock();
        let ready = match order.as_mut() {
            Ok(o) => match o.index.get(&r.path).copied() {
                Some(i) => {
                    o.held.insert(i, line);
                    let mut ready = Vec::new();
                    loop {
                        let next = o.next;
                        match o.held.remove(&next) {
                            Some(l) => {
                                ready.extend(l);
                                o.next += 1;
                            }
                            None => break,
                        }
                    }
                    ready
                }
                None => line.into_iter().collect(),
            },
            Err(_) => line.into_iter().collect(),
        };
        for l in ready {
            self.line(l);
        }
        drop(order);
    }

    /// Lines still held (of files after one that was never reached) go
    /// out in order; the bar goes.
    pub(crate) fn finish(&self) {
        if let Ok(mut o) = self.order.lock() {
            let held = std::mem::take(&mut o.held);
            for l in held.into_values().flatten() {
                self.line(l);
            }
        }
        self.bar.finish_and_clear();
    }

    /// The end of a run: the summary (line or event).
    pub(crate) fn summary(&self, report: &RunReport, run_json: &str, code: u8) {
        let reused_warned: Vec<&FileReport> = report
            .files
            .iter()
            .filter(|f| f.reused && f.status == Status::Warning)
            .collect();
        if self.mode == Mode::Json {
            event(json!({
                "event": "summary",
                "status": report.status,
                "exit_code": code,
                "run_json": run_json,
                "totals": report.totals,
                "groups": report.groups(),
                "reused_with_warnings": reused_warned.iter().map(|f| &f.path).collect::<Vec<_>>(),
                "removed": report.removed,
                "stale": report.stale,
                "not_reached": report.not_reached,
            }));
            return;
        }
        if self.mode != Mode::Quiet {
            self.told(report, &reused_warned, run_json);
        }
        if report.status == RunStatus::Interrupted {
            say!(
                "interrupted: {} files done and committed, {} not reached; run again to resume",
                report.totals.files,
                report.totals.not_reached
            );
        }
    }

    /// The summary line, reused files' warnings, and the groups of what
    /// went wrong or was passed over.
    fn told(&self, report: &RunReport, reused_warned: &[&FileReport], run_json: &str) {
        if self.mode == Mode::Verbose {
            for p in &report.removed {
                say!("removed  {}", printable(p));
            }
            for p in &report.stale {
                say!("stale    {}", printable(p));
            }
        }
        let t = &report.totals;
        let reused = if t.reused > 0 {
            format!(" ({} reused)", t.reused)
        } else {
            String::new()
        };
        say!(
            "{} files: {} ok, {} with warnings, {} failed{reused}; {} items; {:.1}s → {}",
            t.files,
            t.ok,
            t.warning,
            t.failed,
            t.items,
            t.ms as f64 / 1000.0,
            printable(run_json),
        );
        // A reused file's warnings were told by the run that wrote it; a
        // rerun names them again, or they would pass unseen.
        if !reused_warned.is_empty() {
            let limit = if self.mode == Mode::Verbose {
                usize::MAX
            } else {
                NAMES_LISTED
            };
            say!(
                "{} reused with warnings (from the run that wrote them): {}",
                reused_warned.len(),
                listed(
                    reused_warned.iter().map(|f| {
                        let mut codes: Vec<&str> =
                            f.warnings.iter().map(|w| w.code.as_str()).collect();
                        codes.sort_unstable();
                        codes.dedup();
                        format!("{} ({})", f.path, codes.join(", "))
                    }),
                    limit
                )
            );
        }
        let mut groups = report.groups();
        if !report.removed.is_empty() {
            groups.push(format!("{} document(s) removed", report.removed.len()));
        }
        if !groups.is_empty() {
            say!("{}", printable(&groups.join("; ")));
        }
    }

    /// A run that could not complete its transaction.
    pub(crate) fn fatal(&self, message: &str, code: u8) {
        self.finish();
        if self.mode == Mode::Json {
            event(json!({"event": "error", "message": message, "exit_code": code}));
        }
        say!("scr-ingest: {}", printable(message));
    }
}

/// Up to `limit` names joined, then how many more (all are in run.json).
fn listed(names: impl Iterator<Item = String>, limit: usize) -> String {
    let names: Vec<String> = names.collect();
    let mut text = names
        .iter()
        .take(limit)
        .map(|n| printable(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > limit {
        text.push_str(&format!(" and {} more (run.json)", names.len() - limit));
    }
    text
}

/// One file's line.
fn file_line(r: &FileReport) -> String {
    let path = printable(&r.path);
    let reason =
        |fallback: &'static str| printable(r.reason.as_deref().unwrap_or(fallback)).into_owned();
    match r.status {
        Status::Ok if r.reused => format!("reused   {path}"),
        Status::Ok => format!("ok       {path}"),
        Status::Warning if r.reused => format!("warning  {path} (reused): {}", reason("")),
        Status::Warning => format!("warning  {path}: {}", reason("")),
        Status::Failed => format!("FAILED   {path}: {}", reason("unknown error")),
    }
}

fn skipped_line(s: &Skipped) -> String {
    format!(
        "skipped  {}: {} ({})",
        printable(&s.path),
        s.reason.replace('_', " "),
        printable(&s.detail)
    )
}

/// A file's `done` event.
fn done_event(r: &FileReport, index: Option<usize>) -> Value {
    json!({
        "event": "done",
        "path": r.path,
        "index": index,
        "status": r.status,
        "reused": r.reused,
        "code": r.code,
        "reason": r.reason,
        "document_type": r.document_type,
        "counts": r.counts,
        "warnings": r.warnings,
        "output": r.output,
        "ms": r.ms,
    })
}

/// One event, one line on stdout. A reader that has gone (`| head`)
/// ends nothing but the events.
fn event(v: Value) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &v);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

/// Text from documents and file names as the terminal should get it:
/// control characters (escape sequences could recolour, retitle or clear
/// the terminal, or hide lines) are shown escaped.
pub(crate) fn printable(s: &str) -> std::borrow::Cow<'_, str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_point_at_the_report() {
        let names = (0..12).map(|i| format!("f{i}"));
        let text = listed(names, 3);
        assert_eq!(text, "f0, f1, f2 and 9 more (run.json)");
        assert_eq!(
            listed(["a\x1b[2J".to_string()].into_iter(), 3),
            "a\\u{1b}[2J"
        );
    }
}
