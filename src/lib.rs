//! juesuan (决算): Chinese departments' published final accounts (部门决算公开) turned into
//! exact, typed facts in a Hive-partitioned Parquet store, queried with DuckDB.
//!
//! The pipeline, one module per stage: [`source`] (read, decode, normalise) →
//! [`segment`] (tables and self-description) → [`table`] (header roles, rows, amounts) →
//! [`model`] (subject codes, facts) → [`columnar`] (Arrow batches) → [`store`]
//! (partitions, atomic commit, catalog) → [`catalog`] (DuckDB views). [`ingest`] drives
//! it; [`generate`] renders documents
//! from figures for the demo corpus and tests.

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
