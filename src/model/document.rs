//! A document's catalog entry (`documents`): where it came from, whose and which year's
//! accounts it is, how it was read.

/// A document's catalog entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRecord {
    pub doc_id: String,
    pub content_hash: String,
    pub source_path: String,
    pub encoding: String,
    pub unit_name: String,
    pub unit_base: String,
    pub scope: String,
    pub county_code: String,
    pub county_name: String,
    pub city: String,
    pub province: String,
    pub year: i32,
    pub parser_version: String,
    pub tables: i32,
    pub rows: i64,
    pub warnings: i32,
    pub bytes: i64,
    /// Microseconds since the epoch, UTC.
    pub ingested_at: i64,
}

dataset! {
    /// One row per document: the catalog.
    DOCUMENTS = "documents" for &'a DocRecord, rows |d, _| std::iter::once(d), cells |d, _| [
        ("content_hash", Text, false) => (&d.content_hash).into(),
        ("source_path", Text, false) => (&d.source_path).into(),
        ("encoding", Text, false) => (&d.encoding).into(),
        ("unit_name", Text, false) => (&d.unit_name).into(),
        ("unit_base", Text, false) => (&d.unit_base).into(),
        ("scope", Text, false) => (&d.scope).into(),
        ("county_name", Text, false) => (&d.county_name).into(),
        ("city", Text, false) => (&d.city).into(),
        ("province", Text, false) => (&d.province).into(),
        ("parser_version", Text, false) => (&d.parser_version).into(),
        ("tables", Int, false) => d.tables.into(),
        ("rows", BigInt, false) => d.rows.into(),
        ("warnings", Int, false) => d.warnings.into(),
        ("bytes", BigInt, false) => d.bytes.into(),
        ("ingested_at", Timestamp, false) => super::Cell::Timestamp(Some(d.ingested_at)),
    ]
}
