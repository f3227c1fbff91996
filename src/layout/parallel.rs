//! Pages of one document laid out on several threads.

use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};
use std::thread::ScopedJoinHandle;

/// Below this many pages the threads' start-up and hand-over cost more
/// than a second core gains (a page is laid out in well under a
/// millisecond).
const MIN_PAGES: usize = 8;

/// Whether `files` files read at once, one per thread, leave a document
/// room for threads of its own: only with a core spare for each file.
/// With a file per core the page threads only contend for the cores and
/// their caches (`run --jobs 2` on two cores took 7 % longer with them).
pub(crate) fn spare_core_per_file(files: usize) -> bool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    spare_core_per_file_of(cores, files)
}

fn spare_core_per_file_of(cores: usize, files: usize) -> bool {
    cores >= files.max(1).saturating_mul(2)
}

/// The pool pages are laid out on, or none where a second thread could
/// not be started (one core, or thread creation refused, e.g. under a
/// worker's address-space limit): then pages are laid out one by one.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 {
            return None;
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("layout-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// `items` mapped by `f`, in their order, on the page pool where `threads`
/// allows. A panic in `f` reaches the caller as it would without threads.
pub(crate) fn map_pages<T, U, F>(threads: bool, items: Vec<T>, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync + Send,
{
    match pool() {
        Some(pool) if threads && items.len() >= MIN_PAGES => {
            pool.install(|| items.into_par_iter().map(&f).collect())
        }
        _ => items.into_iter().map(f).collect(),
    }
}

/// Runs `produce`, which hands out items one by one, while `f` maps the
/// items already handed out on one other thread: the items of a document
/// are mapped while its later items are still being made. Returns what
/// `produce` returns and each item's result in the order handed out; a
/// panic in `f` is that item's `Err`, so that it cannot stand in for an
/// error `produce` returns. Until `MIN_PAGES` items have come, they are
/// only kept: a short document is mapped afterwards on this thread. One
/// thread that blocks on a channel, not a pool: a pool's idle threads
/// spin between pages, which cost a fifth more CPU time, and one thread
/// keeps up (making an item costs several times mapping it). Without
/// `threads`, every item is mapped afterwards on this thread.
pub(crate) fn map_while_made<T, U, R, F>(
    threads: bool,
    produce: impl FnOnce(&mut dyn FnMut(T)) -> R,
    f: F,
) -> (R, Vec<std::thread::Result<U>>)
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    let guarded = |item: T| catch_unwind(AssertUnwindSafe(|| f(item)));
    let guarded = &guarded;
    let two = threads && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    std::thread::scope(|scope| {
        let mut waiting: Vec<T> = Vec::new();
        // Mapped here: the other thread could not be started.
        let mut here: Vec<std::thread::Result<U>> = Vec::new();
        let mut there: Option<(Sender<T>, ScopedJoinHandle<'_, Vec<_>>)> = None;
        let mut sent = 0usize;
        let mut tried = !two;
        let r = produce(&mut |item| {
            if !tried && waiting.len() + 1 < MIN_PAGES {
                waiting.push(item);
                return;
            }
            if !tried {
                tried = true;
                let (tx, rx) = channel::<T>();
                let spawned = std::thread::Builder::new()
                    .name("layout".into())
                    .spawn_scoped(scope, move || rx.into_iter().map(guarded).collect());
                if let Ok(handle) = spawned {
                    there = Some((tx, handle));
                }
            }
            match &there {
                Some((tx, _)) => {
                    for early in waiting.drain(..).chain(std::iter::once(item)) {
                        // The receiver lives until the sender is dropped.
                        let _ = tx.send(early);
                        sent += 1;
                    }
                }
                None => {
                    here.extend(waiting.drain(..).map(guarded));
                    here.push(guarded(item));
                }
            }
        });
        if let Some((tx, handle)) = there {
            drop(tx);
            let mut got = handle.join().unwrap_or_default();
            got.resize_with(sent, || Err(Box::new("page not laid out")));
            here = got;
        }
        here.extend(waiting.into_iter().map(guarded));
        (r, here)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_kept() {
        for threads in [true, false] {
            let out = map_pages(threads, (0..100).collect(), |i: u32| i * 2);
            assert_eq!(out, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn items_made_one_by_one_keep_their_order() {
        for (n, threads) in [0u32, 3, 7, 8, 9, 200]
            .into_iter()
            .flat_map(|n| [(n, true), (n, false)])
        {
            let (r, out) = map_while_made(
                threads,
                |give| {
                    (0..n).for_each(give);
                    "made"
                },
                |i: u32| {
                    assert!(i != 5 || n != 9, "item 5");
                    i * 3
                },
            );
            assert_eq!(r, "made");
            assert_eq!(out.len(), n as usize);
            for (i, got) in out.into_iter().enumerate() {
                match got {
                    Ok(v) => assert_eq!(v, i as u32 * 3),
                    Err(_) => assert!(n == 9 && i == 5),
                }
            }
        }
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            map_pages(true, (0..20).collect(), |i: u32| {
                assert!(i != 13, "page 13");
                i
            })
        });
        assert!(r.is_err());
    }

    /// The threads each item of a long run was mapped on, for `threads`.
    fn mapped_on(threads: bool) -> Vec<std::thread::ThreadId> {
        let ((), out) = map_while_made(
            threads,
            |give| (0..3 * MIN_PAGES).for_each(give),
            |_| std::thread::current().id(),
        );
        let mut ids: Vec<_> = out.into_iter().map(Result::unwrap).collect();
        ids.extend(map_pages(threads, (0..3 * MIN_PAGES).collect(), |_| {
            std::thread::current().id()
        }));
        ids
    }

    #[test]
    fn without_threads_every_item_is_mapped_on_the_callers_thread() {
        let here = std::thread::current().id();
        assert!(mapped_on(false).iter().all(|&id| id == here));
        if std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2) {
            assert!(mapped_on(true).iter().any(|&id| id != here));
        }
    }

    #[test]
    fn a_file_per_core_leaves_no_room_for_page_threads() {
        assert!(spare_core_per_file_of(2, 1));
        assert!(!spare_core_per_file_of(2, 2));
        assert!(!spare_core_per_file_of(1, 1));
        assert!(spare_core_per_file_of(8, 4));
        assert!(!spare_core_per_file_of(8, 5));
        assert!(spare_core_per_file_of(2, 0));
    }
}
