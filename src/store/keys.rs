//! The catalog keys ingest needs to tell new, unchanged and replaced documents: read in
//! parallel from four columns of `documents`, without a lock.

use super::*;

/// A stored document as ingest sees it: content (its `doc_id` is the hash's first 16
/// hex digits), unit-year key, and the parser that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub content_hash: String,
    pub county: String,
    pub year: i32,
    pub unit_name: String,
    pub parser_version: String,
}

/// Every stored document's key, read in parallel from four columns of the catalog
/// (the cost grows with the store, so it is kept small). Takes no lock: readers see
/// committed partitions only.
pub fn read_keys(root: &Path) -> Result<Vec<DocKey>, StoreError> {
    check_layout(root)?;
    let dir = root.join(crate::model::DOCUMENTS.name);
    let files = list_parquet(&dir)?;
    let read_one = |path: &PathBuf| -> Result<Vec<DocKey>, StoreError> {
        let Some(county) = county_of(path.strip_prefix(&dir).unwrap_or(path)) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for b in read_columns(path, &["content_hash", "unit_name", "year", "parser_version"])? {
            let b = b.map_err(|e| read_err(path, e))?;
            let col = |n: &str| b.column_by_name(n).expect("projected column").as_string::<i32>().clone();
            let (hash, unit, parser) = (col("content_hash"), col("unit_name"), col("parser_version"));
            let year = b.column_by_name("year").expect("projected column").as_primitive::<Int32Type>().clone();
            for i in 0..b.num_rows() {
                out.push(DocKey {
                    content_hash: hash.value(i).into(),
                    county: county.clone(),
                    year: year.value(i),
                    unit_name: unit.value(i).into(),
                    parser_version: parser.value(i).into(),
                });
            }
        }
        Ok(out)
    };
    let parts = crate::par::par_map(&files, read_one);
    let mut out = Vec::new();
    for p in parts {
        out.extend(p.map_err(|what| StoreError::Internal(format!("reading the catalog panicked: {what}")))??);
    }
    Ok(out)
}
