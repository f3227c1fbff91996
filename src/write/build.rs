//! Which build wrote a document. Every build of a version calls itself the
//! same (`0.1.0`), so the version alone would let a newer build reuse the
//! documents an older one extracted, and fixes would never reach an
//! existing folder. The identity adds a digest of the running executable:
//! any other binary, however it was built, reprocesses.

use std::io::Read;
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

/// SHA-256 of the executable this process runs. `/proc/self/exe` names
/// the very file even when the path it was started by has since been
/// replaced (an upgrade mid-run); elsewhere the path is the best there is.
fn executable_sha256() -> Option<String> {
    let mut file = std::fs::File::open("/proc/self/exe")
        .or_else(|_| std::env::current_exe().and_then(std::fs::File::open))
        .ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(hex(&h.finalize()))
}
