//! Pages of one document laid out on several threads.

use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, OnceLock};

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
/// items already handed out on other threads: the items of a document
/// are mapped while its later items are still being made. Returns what
/// `produce` returns and each item's result in the order handed out; a
/// panic in `f` is that item's `Err`, so that it cannot stand in for an
/// error `produce` returns. Until `MIN_PAGES` items have come, they are
/// only kept: a short document is mapped afterwards on this thread.
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
    let Some(pool) = pool() else {
        let mut out = Vec::new();
        let r = produce(&mut |item| out.push(guarded(item)));
        return (r, out);
    };
    let slots: Mutex<Vec<Option<std::thread::Result<U>>>> = Mutex::new(Vec::new());
    let mut waiting: Vec<T> = Vec::new();
    let mut handed = 0usize;
    let r = pool.in_place_scope(|scope| {
        let (slots, guarded) = (&slots, &guarded);
        let send = |at: usize, item: T| {
            scope.spawn(move |_| {
                let done = guarded(item);
                // The lock is only ever held to push or store a result: a
                // poisoned lock still holds the others' results.
                let mut all = slots.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(slot) = all.get_mut(at) {
                    *slot = Some(done);
                }
            })
        };
        produce(&mut |item| {
            slots.lock().unwrap_or_else(|e| e.into_inner()).push(None);
            if handed + waiting.len() + 1 < MIN_PAGES {
                waiting.push(item);
                return;
            }
            for early in waiting.drain(..) {
                send(handed, early);
                handed += 1;
            }
            send(handed, item);
            handed += 1;
        })
    });
    let mut out: Vec<std::thread::Result<U>> = slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .take(handed)
        .map(|slot| slot.unwrap_or_else(|| Err(Box::new("page not laid out"))))
        .collect();
    out.extend(waiting.into_iter().map(guarded));
    (r, out)
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
