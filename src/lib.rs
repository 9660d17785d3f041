//! juesuan (决算): Chinese departments' published final accounts (部门决算公开) turned into
//! exact, typed facts in a Hive-partitioned Parquet store, queried with DuckDB.
//!
//! The pipeline, one module per stage, each importing only the stages below it:
//! [`source`] (read, decode, normalise) → [`segment`] (tables and self-description) →
//! [`table`] and [`narrative`] (the parsers) → [`validate`] (勾稽 checks) → [`columnar`]
//! (Arrow batches) → [`store`] (partitions, atomic commit, catalog) → [`catalog`] (DuckDB
//! views) → [`repl`], [`report`], [`export`]. [`model`] — what a disclosure says, and
//! beside each fact type the dataset it is stored as — is the ground floor under all of
//! them and imports nothing of the crate. [`ingest`] drives the
//! pipeline; [`generate`] renders documents from figures for the demo corpus and tests.

pub mod catalog;
pub mod columnar;
pub mod diag;
pub mod export;
pub mod fuzz;
pub mod generate;
pub mod ingest;
pub mod model;
pub mod narrative;
pub mod output;
pub mod par;
pub mod parse;
pub mod repl;
pub mod report;
pub mod rng;
pub mod segment;
pub mod source;
pub mod store;
pub mod table;
pub mod validate;
