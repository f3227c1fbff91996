//! scr-ingest: published child-safeguarding case reviews to schema-validated JSON.
//!
//! Stages, data flowing one way:
//! `discover → read (pdf | html | text) → layout → segment → model → validate → write`.

#![forbid(unsafe_code)]

pub mod batch;
pub mod block;
pub mod discover;
pub mod error;
pub mod layout;
pub mod model;
pub mod pipeline;
pub mod read;
pub mod segment;
pub mod validate;
pub mod worker;
pub mod write;
