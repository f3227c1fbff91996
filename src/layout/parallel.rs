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

/// `items` mapped by `f`, in their order. A panic in `f` reaches the
/// caller as it would without threads.
pub(crate) fn map_pages<T, U, F>(items: Vec<T>, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync + Send,
{
    match pool() {
        Some(pool) if items.len() >= MIN_PAGES => {
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
/// keeps up (making an item costs several times mapping it).
pub(crate) fn map_while_made<T, U, R, F>(
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
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
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
        let out = map_pages((0..100).collect(), |i: u32| i * 2);
        assert_eq!(out, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn items_made_one_by_one_keep_their_order() {
        for n in [0u32, 3, 7, 8, 9, 200] {
            let (r, out) = map_while_made(
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
            map_pages((0..20).collect(), |i: u32| {
                assert!(i != 13, "page 13");
                i
            })
        });
        assert!(r.is_err());
    }
}
