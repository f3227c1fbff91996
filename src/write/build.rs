//! Which build wrote a document. Every build of a version calls itself the
//! same (`0.1.0`), so the version alone would let a newer build reuse the
//! documents an older one extracted, and fixes would never reach an
//! existing folder. The identity adds a digest of the running build (its
//! sources and its executable's size and ends): any other build, or the
//! binary changed, reprocesses.

use std::io::{Read, Seek, SeekFrom};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::manifest::hex;

/// The identity of the running build, `<version>+<16 hex digits>`, or
/// `None` when the executable cannot be read: then nothing is reused,
/// since no document can be shown to be this build's.
pub fn build_id() -> Option<&'static str> {
    static ID: OnceLock<Option<String>> = OnceLock::new();
    ID.get_or_init(|| {
        let digest = executable_sha256()?;
        Some(format!("{}+{}", env!("CARGO_PKG_VERSION"), &digest[..16]))
    })
    .as_deref()
}

/// What the manifest records for this build: its identity, or the version
/// marked as unknown (which no run treats as its own).
pub fn build_label() -> String {
    build_id().map_or_else(
        || format!("{}+unknown", env!("CARGO_PKG_VERSION")),
        str::to_string,
    )
}

/// How much of each end of the executable the identity reads.
const ENDS: u64 = 64 * 1024;

/// A digest of the build: the sources it was compiled from (embedded at
/// compile time), the executable's size and its first and last 64 KiB.
/// Another source tree, or the same binary changed or extended, gives
/// another digest; reading the whole 20 MB executable took 0.1 s of CPU
/// on every run. `/proc/self/exe` names the very file even when the path
/// it was started by has since been replaced (an upgrade mid-run);
/// elsewhere the path is the best there is.
fn executable_sha256() -> Option<String> {
    let mut file = std::fs::File::open("/proc/self/exe")
        .or_else(|_| std::env::current_exe().and_then(std::fs::File::open))
        .ok()?;
    let size = file.metadata().ok()?.len();
    let mut h = Sha256::new();
    h.update(env!("SCR_SOURCE_DIGEST").as_bytes());
    h.update(size.to_le_bytes());
    let mut head = Vec::new();
    (&mut file).take(ENDS).read_to_end(&mut head).ok()?;
    h.update(&head);
    if size > ENDS {
        file.seek(SeekFrom::Start(size - ENDS)).ok()?;
        let mut tail = Vec::new();
        file.take(ENDS).read_to_end(&mut tail).ok()?;
        h.update(&tail);
    }
    Some(hex(&h.finalize()))
}
