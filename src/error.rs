//! Typed errors at the library boundary: one kind per reason a file fails.

use std::fmt;

/// Why a file could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io,
    /// The bytes are not of the format the file claims (e.g. HTML named `.pdf`).
    WrongFormat,
    /// The file is empty.
    Empty,
    /// The PDF needs a user password that was not given (or was wrong).
    PasswordRequired,
    /// The file is damaged beyond recovery (truncated, broken xref, ...).
    Malformed,
    /// A safety limit was hit (decompressed bytes, nesting, objects, time).
    LimitExceeded,
    /// The text could not be decoded.
    Undecodable,
    /// The file took longer than its time budget.
    Timeout,
    /// The worker processing the file crashed or panicked.
    Crashed,
    /// The document did not validate against the schema.
    Invalid,
    /// The run was interrupted while the file was being read.
    Cancelled,
}

/// A per-file failure with a human-readable reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Machine-readable reason.
    pub kind: ErrorKind,
    /// What happened, for the data officer.
    pub message: String,
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// Short stable code for reports (`encrypted`, `malformed`, ...).
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Io => "io",
            ErrorKind::WrongFormat => "wrong_format",
            ErrorKind::Empty => "empty",
            ErrorKind::PasswordRequired => "encrypted",
            ErrorKind::Malformed => "malformed",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::Undecodable => "undecodable",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Crashed => "crashed",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Library result.
pub type Result<T> = std::result::Result<T, Error>;
