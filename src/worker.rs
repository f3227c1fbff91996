//! Worker processes: each file is read in a child process of the same
//! binary, so that a crash, stack overflow, abort or hang inside a
//! dependency costs only that file. `catch_unwind` alone cannot contain a
//! stack overflow or an abort, and a thread that hangs cannot be stopped.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::batch::process_isolated;
use crate::discover::Input;
use crate::error::{Error, ErrorKind};
use crate::model::Document;
use crate::read::ReadOptions;

/// One job sent to a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    /// The path's raw bytes: a file name need not be UTF-8.
    path: Vec<u8>,
    rel: String,
    opts: ReadOptions,
}

/// A worker's answer.
#[derive(Debug, Serialize, Deserialize)]
enum Response {
    Ok(Box<Document>),
    Err { code: String, message: String },
}

/// Answers up to this size are read off the pipe whole and parsed after
/// the worker's place is given back: the worker goes on to its next file
/// while the parent parses. Larger ones are parsed as they are read, so a
/// huge document is never held as text beside its parsed form (a 200 MB
/// line cost the parent four times that).
const WHOLE_ANSWER: usize = 4 << 20;

/// An answer as the reader thread hands it on.
#[derive(Debug)]
enum Answer {
    /// One whole answer line, not yet parsed.
    Line(Vec<u8>),
    /// An answer longer than [`WHOLE_ANSWER`], parsed as it came.
    Parsed(Response),
}

impl Answer {
    fn parse(self) -> Result<Response, String> {
        match self {
            Answer::Line(bytes) => {
                serde_json::from_slice(&bytes).map_err(|e| format!("garbled worker answer: {e}"))
            }
            Answer::Parsed(r) => Ok(r),
        }
    }
}

/// The worker's answers on `reader`, one per line, each sent to `tx` until
/// the stream ends, cannot be read, or `tx`'s receiver is gone. A line cut
/// off by the end of the stream is garbled; after a garbled answer the
/// stream cannot be trusted, so it is reported once and reading stops (the
/// worker is then seen as gone and replaced).
/// `whole` is [`WHOLE_ANSWER`] but in tests.
fn read_answers(mut reader: impl BufRead, whole: usize, tx: &Sender<Result<Answer, String>>) {
    loop {
        let mut line = Vec::new();
        let answer = match (&mut reader)
            .take(whole as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return,
            // The newline left by an answer parsed as it came.
            Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(_) if line.ends_with(b"\n") => Ok(Answer::Line(line)),
            Ok(n) if n < whole => Err("garbled worker answer: cut off".to_string()),
            Ok(_) => {
                let rest = std::io::Cursor::new(line).chain(&mut reader);
                match serde_json::Deserializer::from_reader(rest)
                    .into_iter::<Response>()
                    .next()
                {
                    Some(Ok(r)) => Ok(Answer::Parsed(r)),
                    Some(Err(e)) => Err(format!("garbled worker answer: {e}")),
                    None => Err("garbled worker answer: cut off".to_string()),
                }
            }
            Err(e) => Err(format!("worker answer unreadable: {e}")),
        };
        let stop = answer.is_err();
        if tx.send(answer).is_err() || stop {
            return;
        }
    }
}

/// Limits each worker runs under.
#[derive(Debug, Clone)]
pub struct WorkerLimits {
    /// Time for one file before its worker is killed.
    pub timeout: Duration,
    /// Address-space limit of a worker, bytes (0 = none).
    pub memory_bytes: u64,
}

/// Fault injection for the isolation tests, compiled into debug builds
/// only and armed only by `SCR_INGEST_INJECT_FAULTS=1`: a file named
/// `fault-abort…`, `fault-overflow…` or `fault-hang…` makes the worker
/// abort, overflow its stack or hang, as a broken dependency would (and
/// `fault-idle-death…`, see [`idle_death_armed`]; `fault-cut-read…` is
/// cut short after the parent looked at it, see `SCR_INGEST_CUT_MARKER`).
fn inject_fault(path: &Path) {
    if !cfg!(debug_assertions) || std::env::var_os("SCR_INGEST_INJECT_FAULTS").is_none() {
        return;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("fault-abort") {
        std::process::abort();
    } else if name.starts_with("fault-overflow") {
        fn deeper(n: u64) -> u64 {
            // Never true: the stack runs out long before.
            if n == u64::MAX {
                return 0;
            }
            let frame = std::hint::black_box([n; 256]);
            deeper(n + 1).wrapping_add(frame[0])
        }
        std::hint::black_box(deeper(0));
    } else if name.starts_with("fault-cut-read") {
        // A file rewritten in place while the run reads it: after the
        // parent looked at it, it is cut to its first half, once (the marker
        // file records that it was done).
        if let Some(marker) = std::env::var_os("SCR_INGEST_CUT_MARKER")
            && std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(marker)
                .is_ok()
            && let Ok(b) = std::fs::read(path)
        {
            let _ = std::fs::write(path, &b[..b.len() / 2]);
        }
    } else if name.starts_with("fault-hang") {
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

#[cfg(unix)]
fn path_to_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn path_to_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

/// A worker must not outlive its parent: a worker busy on a hostile file
/// would otherwise run on at full speed with nobody to read its answer.
/// Its parent's death shows as a change of parent (the orphan is handed to
/// init or a subreaper); the check is cheap enough to run ten times a
/// second.
fn watch_parent(parent: u32) {
    #[cfg(unix)]
    std::thread::spawn(move || {
        loop {
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(3);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    #[cfg(not(unix))]
    let _ = parent;
}

/// Part of the fault hook: a file named `fault-idle-death…` is answered
/// normally, then the worker exits, as one killed between files would.
fn idle_death_armed(request_line: &str) -> bool {
    cfg!(debug_assertions)
        && std::env::var_os("SCR_INGEST_INJECT_FAULTS").is_some()
        && serde_json::from_str::<Request>(request_line).is_ok_and(|r| {
            path_from_bytes(r.path)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fault-idle-death"))
        })
}

/// The worker's side: answers one request per stdin line until stdin
/// closes. Panic messages are kept off stderr; the panic becomes the
/// file's error. With `parent`, the worker exits as soon as that process
/// is gone.
pub fn serve(memory_bytes: u64, parent: Option<u32>) -> std::io::Result<()> {
    if let Some(p) = parent {
        watch_parent(p);
    }
    std::panic::set_hook(Box::new(|_| {}));
    if memory_bytes > 0 {
        // Best effort: where the limit cannot be set the worker still runs.
        let _ = rlimit::setrlimit(rlimit::Resource::AS, memory_bytes, memory_bytes);
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let response = match serde_json::from_str::<Request>(&line) {
            Ok(req) => {
                let path = path_from_bytes(req.path);
                inject_fault(&path);
                let input = Input { path, rel: req.rel };
                match process_isolated(&input, &req.opts) {
                    Ok(doc) => Response::Ok(Box::new(doc)),
                    Err(e) => Response::Err {
                        code: e.code().to_string(),
                        message: e.message,
                    },
                }
            }
            Err(e) => Response::Err {
                code: "crashed".into(),
                message: format!("bad request to worker: {e}"),
            },
        };
        let mut out = serde_json::to_vec(&response).unwrap_or_default();
        out.push(b'\n');
        stdout.write_all(&out)?;
        stdout.flush()?;
        if idle_death_armed(&line) {
            std::process::exit(0);
        }
    }
    Ok(())
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    /// The worker's answers, as [`read_answers`] reads them.
    answers: Receiver<Result<Answer, String>>,
}

impl Worker {
    fn spawn(exe: &Path, limits: &WorkerLimits) -> std::io::Result<Worker> {
        let mut cmd = Command::new(exe);
        cmd.arg("worker")
            .arg("--max-memory-bytes")
            .arg(limits.memory_bytes.to_string())
            .arg("--parent")
            .arg(std::process::id().to_string());
        // Its own process group: Ctrl-C at a terminal reaches the parent
        // only, which decides whether to let a file finish.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(std::io::Error::other("worker pipes missing"));
        };
        let (tx, answers) = channel();
        std::thread::spawn(move || {
            read_answers(BufReader::with_capacity(1 << 16, stdout), WHOLE_ANSWER, &tx);
        });
        Ok(Worker {
            child,
            stdin,
            answers,
        })
    }

    fn kill(mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => describe_exit(status),
            Err(e) => e.to_string(),
        }
    }
}

#[cfg(unix)]
fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "worker aborted (signal 6: stack overflow, failed allocation over the memory limit, or an abort in a dependency)".into(),
        Some(9) => "worker killed (signal 9)".into(),
        Some(11) => "worker crashed (signal 11: segmentation fault)".into(),
        Some(s) => format!("worker killed by signal {s}"),
        None => format!("worker exited with {status}"),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: std::process::ExitStatus) -> String {
    format!("worker exited with {status}")
}

/// A pool of at most `size` worker processes; idle workers are reused,
/// dead or overdue ones are killed and replaced on the next request.
///
/// A file needs one of the pool's places ([`Pool::lend`]) and gives it
/// back as soon as its worker has answered: more threads than workers can
/// then share the pool, and while one thread writes its document (hashed
/// and synced) another already has the worker on the next file, so the
/// parent's share of a file runs beside the workers instead of between
/// their files.
pub struct Pool {
    exe: PathBuf,
    limits: WorkerLimits,
    idle: Mutex<Vec<Worker>>,
    /// Workers not lent to a file.
    free: Mutex<usize>,
    freed: Condvar,
}

/// A worker's place, lent for one file and given back when dropped.
pub(crate) struct Lent<'a>(&'a Pool);

impl Lent<'_> {
    /// Processes one file in a worker of this place's pool, giving the
    /// place back as soon as the worker has answered. When `cancel` is
    /// raised while the file is running, the worker is killed and the file
    /// fails as [`ErrorKind::Cancelled`].
    pub(crate) fn process(
        self,
        input: &Input,
        opts: &ReadOptions,
        cancel: &AtomicBool,
    ) -> Result<Document, Error> {
        let req = Request {
            path: path_to_bytes(&input.path),
            rel: input.rel.clone(),
            opts: opts.clone(),
        };
        let mut line =
            serde_json::to_vec(&req).map_err(|e| Error::new(ErrorKind::Crashed, e.to_string()))?;
        line.push(b'\n');
        // A worker taken from the pool may have died while idle, between
        // files (killed from outside, or in a race with this request):
        // that death is not this file's fault, so the file is tried once
        // more on a fresh worker before it is called crashed.
        let mut fresh = false;
        let (worker, answer) = loop {
            let (worker, reused) = self.0.send(&line, !fresh)?;
            match self.0.wait(worker, cancel) {
                Ok(x) => break x,
                Err(e) if reused && e.kind == ErrorKind::Crashed => fresh = true,
                Err(e) => return Err(e),
            }
        };
        match answer {
            Ok(answer) => {
                if let Ok(mut idle) = self.0.idle.lock() {
                    idle.push(worker);
                }
                drop(self);
                // A line that does not parse is this file's failure; the
                // lines after it are still told apart, so the worker stays.
                match answer.parse() {
                    Ok(Response::Ok(doc)) => Ok(*doc),
                    Ok(Response::Err { code, message }) => Err(Error::new(kind_of(&code), message)),
                    Err(garbled) => Err(Error::new(ErrorKind::Crashed, garbled)),
                }
            }
            // Its answers can no longer be told apart: it is not reused.
            Err(garbled) => {
                worker.kill();
                Err(Error::new(ErrorKind::Crashed, garbled))
            }
        }
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Ok(mut free) = self.0.free.lock() {
            *free += 1;
        }
        self.0.freed.notify_one();
    }
}

impl Pool {
    /// A pool that starts up to `size` `exe worker` processes on demand.
    pub fn new(exe: PathBuf, limits: WorkerLimits, size: usize) -> Self {
        Pool {
            exe,
            limits,
            idle: Mutex::new(Vec::new()),
            free: Mutex::new(size.max(1)),
            freed: Condvar::new(),
        }
    }

    /// Waits for a worker's place, unless `cancel` is raised first.
    pub(crate) fn lend(&self, cancel: &AtomicBool) -> Result<Lent<'_>, Error> {
        let poisoned = || Error::new(ErrorKind::Crashed, "worker pool poisoned");
        let mut free = self.free.lock().map_err(|_| poisoned())?;
        while *free == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::new(
                    ErrorKind::Cancelled,
                    "cancelled: run interrupted",
                ));
            }
            free = self
                .freed
                .wait_timeout(free, Duration::from_millis(100))
                .map_err(|_| poisoned())?
                .0;
        }
        *free -= 1;
        Ok(Lent(self))
    }

    /// The worker's answer line, within the time limit, unless `cancel` is
    /// raised first.
    fn wait(
        &self,
        worker: Worker,
        cancel: &AtomicBool,
    ) -> Result<(Worker, Result<Answer, String>), Error> {
        let started = Instant::now();
        loop {
            let left = self.limits.timeout.saturating_sub(started.elapsed());
            match worker
                .answers
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(answer) => return Ok((worker, answer)),
                Err(RecvTimeoutError::Timeout) if cancel.load(Ordering::Relaxed) => {
                    worker.kill();
                    return Err(Error::new(
                        ErrorKind::Cancelled,
                        "cancelled: run interrupted",
                    ));
                }
                Err(RecvTimeoutError::Timeout) if left.is_zero() => {
                    worker.kill();
                    return Err(Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "timeout: no result after {} s",
                            self.limits.timeout.as_secs()
                        ),
                    ));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    let why = worker.kill();
                    return Err(Error::new(ErrorKind::Crashed, format!("crashed: {why}")));
                }
            }
        }
    }

    /// Hands `line` to a live worker. An idle worker may have died between
    /// files (killed from outside, out of memory); that death is not the
    /// next file's fault, so it goes to a fresh worker instead. Whether the
    /// worker came from the pool is returned with it.
    fn send(&self, line: &[u8], reuse: bool) -> Result<(Worker, bool), Error> {
        let reused = if reuse {
            self.idle.lock().ok().and_then(|mut v| v.pop())
        } else {
            None
        };
        if let Some(mut w) = reused {
            let alive = matches!(w.child.try_wait(), Ok(None));
            if alive
                && w.stdin
                    .write_all(line)
                    .and_then(|_| w.stdin.flush())
                    .is_ok()
            {
                return Ok((w, true));
            }
            w.kill();
        }
        let mut w = Worker::spawn(&self.exe, &self.limits)
            .map_err(|e| Error::new(ErrorKind::Crashed, format!("cannot start a worker: {e}")))?;
        if w.stdin
            .write_all(line)
            .and_then(|_| w.stdin.flush())
            .is_err()
        {
            let why = w.kill();
            return Err(Error::new(ErrorKind::Crashed, format!("crashed: {why}")));
        }
        Ok((w, false))
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for w in idle.drain(..) {
                // Closing stdin ends the worker's loop; kill covers a stuck one.
                drop(w.stdin);
                let mut child = w.child;
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

fn kind_of(code: &str) -> ErrorKind {
    match code {
        "io" => ErrorKind::Io,
        "wrong_format" => ErrorKind::WrongFormat,
        "empty" => ErrorKind::Empty,
        "encrypted" => ErrorKind::PasswordRequired,
        "malformed" => ErrorKind::Malformed,
        "limit_exceeded" => ErrorKind::LimitExceeded,
        "undecodable" => ErrorKind::Undecodable,
        "invalid" => ErrorKind::Invalid,
        "timeout" => ErrorKind::Timeout,
        "cancelled" => ErrorKind::Cancelled,
        _ => ErrorKind::Crashed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cancel flags: never raised, and raised from the start.
    static QUIET: AtomicBool = AtomicBool::new(false);
    static RAISED: AtomicBool = AtomicBool::new(true);

    fn pool(size: usize) -> Pool {
        let limits = WorkerLimits {
            timeout: Duration::from_secs(1),
            memory_bytes: 0,
        };
        Pool::new(PathBuf::from("no-such-worker"), limits, size)
    }

    /// What asking for one more place gives when none may be free: an
    /// interruption ends the wait.
    fn one_more(pool: &Pool) -> Option<ErrorKind> {
        pool.lend(&RAISED).err().map(|e| e.kind)
    }

    #[test]
    fn a_place_is_lent_to_one_file_at_a_time_and_given_back_on_drop() {
        let pool = pool(1);
        let first = pool.lend(&QUIET).unwrap();
        assert_eq!(one_more(&pool), Some(ErrorKind::Cancelled));
        drop(first);
        assert_eq!(one_more(&pool), None);
    }

    #[test]
    fn a_thread_waiting_for_a_place_gets_it_when_it_is_given_back() {
        let pool = pool(1);
        let first = pool.lend(&QUIET).unwrap();
        let got = std::thread::scope(|s| {
            let waiter = s.spawn(|| pool.lend(&QUIET).is_ok());
            std::thread::sleep(Duration::from_millis(50));
            assert!(!waiter.is_finished(), "a second place was lent");
            drop(first);
            waiter.join().unwrap()
        });
        assert!(got);
    }

    #[test]
    fn a_pool_of_two_lends_two_places() {
        let pool = pool(2);
        let _a = pool.lend(&QUIET).unwrap();
        let _b = pool.lend(&QUIET).unwrap();
        assert_eq!(one_more(&pool), Some(ErrorKind::Cancelled));
    }

    /// The answers [`read_answers`] hands on for `stream`, read with
    /// `whole` as the size read whole: `Some(true)` for a line, `Some(false)`
    /// for an answer parsed as it came, `None` for an error, with the
    /// error-or-message text of each.
    fn answers(stream: &str, whole: usize) -> Vec<(Option<bool>, String)> {
        let (tx, rx) = channel();
        read_answers(stream.as_bytes(), whole, &tx);
        drop(tx);
        rx.into_iter()
            .map(|a| match a {
                Ok(a) => {
                    let line = matches!(a, Answer::Line(_));
                    match a.parse() {
                        Ok(Response::Err { message, .. }) => (Some(line), message),
                        Ok(Response::Ok(_)) => (Some(line), "document".into()),
                        Err(e) => (Some(line), e),
                    }
                }
                Err(e) => (None, e),
            })
            .collect()
    }

    fn err_line(message: &str) -> String {
        let r = Response::Err {
            code: "invalid".into(),
            message: message.into(),
        };
        let mut s = serde_json::to_string(&r).unwrap();
        s.push('\n');
        s
    }

    #[test]
    fn short_answers_are_read_whole_and_long_ones_parsed_as_they_come() {
        let long = "x".repeat(200);
        let stream = [err_line("one"), err_line(&long), err_line("three")].concat();
        let got = answers(&stream, 100);
        let want = [
            (Some(true), "one"),
            (Some(false), long.as_str()),
            (Some(true), "three"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((g, gm), (w, wm)) in got.iter().zip(want) {
            assert_eq!((*g, gm.as_str()), (w, wm));
        }
    }

    #[test]
    fn an_answer_cut_off_ends_the_stream_as_garbled() {
        let cut = err_line("two");
        let stream = format!("{}{}", err_line("one"), &cut[..cut.len() / 2]);
        let got = answers(&stream, 100);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], (Some(true), "one".to_string()));
        assert_eq!(got[1].0, None);
        assert!(got[1].1.contains("cut off"), "{}", got[1].1);
        // The same when the cut answer is one parsed as it came.
        let long = err_line(&"y".repeat(300));
        let got = answers(&long[..250], 100);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, None);
    }

    #[test]
    fn a_whole_line_that_does_not_parse_fails_that_answer_only() {
        let stream = format!("{{\"Ok\":12}}\n{}", err_line("next"));
        let got = answers(&stream, 100);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, Some(true));
        assert!(
            got[0].1.starts_with("garbled worker answer"),
            "{}",
            got[0].1
        );
        assert_eq!(got[1], (Some(true), "next".to_string()));
    }
}
