//! The binary's own parts: the flag definitions and the run's printer.

pub(crate) mod flags;
pub(crate) mod printer;
