//! Parquet files of the store: how a partition's rows are clustered into row groups
//! (year order; the 合计 rows of subject-keyed datasets in groups of their own), written
//! with one set of properties, listed, and read whole or by column.

use super::*;

/// The row groups of a file: rows in year order; for subject-keyed rows the 合计 rows
/// (`subject = 'total'`, what totals views read) in groups of their own first, so that
/// row-group statistics let a reader take them, or skip them, without the 类 rows.
pub(super) fn clustered(ds: &Dataset, batch: &RecordBatch) -> Vec<RecordBatch> {
    if !ds.by_subject {
        return vec![sorted_by_year(batch)];
    }
    let subject = batch.column_by_name("subject").expect("subject column").as_string::<i32>();
    let is_total = |i: usize| subject.value(i) == crate::model::TOTAL_SUBJECT;
    let n = batch.num_rows();
    // New rows come totals first (`columnar::batch` of a dataset by 类): cut, without copying.
    let cut = (0..n).find(|&i| !is_total(i)).unwrap_or(n);
    let parts = if (cut..n).all(|i| !is_total(i)) {
        vec![batch.slice(0, cut), batch.slice(cut, n - cut)]
    } else {
        let total: BooleanArray = (0..n).map(|i| Some(is_total(i))).collect();
        let rest = arrow::compute::not(&total).expect("boolean array");
        [total, rest].iter().map(|mask| filter_record_batch(batch, mask).expect("mask of the batch's length")).collect()
    };
    parts.into_iter().filter(|b| b.num_rows() > 0).map(|b| sorted_by_year(&b)).collect()
}

/// Rows in year order, document order kept within a year (a stable sort); most
/// batches are in order already and are returned as they are.
pub(super) fn sorted_by_year(batch: &RecordBatch) -> RecordBatch {
    let years = batch.column_by_name("year").expect("year column").as_primitive::<Int32Type>();
    if years.values().windows(2).all(|w| w[0] <= w[1]) {
        return batch.clone();
    }
    let mut idx: Vec<u32> = (0..batch.num_rows() as u32).collect();
    idx.sort_by_key(|&i| years.value(i as usize));
    take_record_batch(batch, &UInt32Array::from(idx)).expect("indices in range")
}

pub(super) fn read_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Read { path: path.to_path_buf(), message: e.to_string() }
}

pub(super) fn write_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// `<dataset>/county=<c>`.
pub fn partition_dir(ds: &Dataset, county: &str) -> PathBuf {
    PathBuf::from(ds.name).join(partition::dir("county", county))
}

pub(super) fn keep_mask(batch: &RecordBatch, remove: &HashSet<String>) -> BooleanArray {
    let ids = batch.column_by_name("doc_id").expect("doc_id column").as_string::<i32>();
    ids.iter().map(|id| Some(!id.is_some_and(|id| remove.contains(id)))).collect()
}

/// Whether any Parquet file lies under a directory; stops at the first (a store of
/// 100k documents has tens of thousands of files, and view creation only needs one).
pub fn has_parquet(dir: &Path) -> bool {
    let Ok(rd) = fs::read_dir(dir) else { return false };
    rd.flatten().any(|e| {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            has_parquet(&p)
        } else {
            p.extension().is_some_and(|x| x == "parquet")
        }
    })
}

/// Parquet files under a directory, recursively, sorted.
pub fn list_parquet(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut out = Vec::new();
    fn walk(d: &Path, out: &mut Vec<PathBuf>) -> Result<(), StoreError> {
        let rd = match fs::read_dir(d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io(d)(e)),
        };
        for entry in rd {
            let entry = entry.map_err(io(d))?;
            let p = entry.path();
            if entry.file_type().map_err(io(&p))?.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "parquet") {
                out.push(p);
            }
        }
        Ok(())
    }
    walk(dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// A whole file in memory: the Parquet reader then needs no system call per column chunk
/// (store files are a few hundred kilobytes).
pub(super) fn file_bytes(path: &Path) -> Result<bytes::Bytes, StoreError> {
    fs::read(path).map(bytes::Bytes::from).map_err(io(path))
}

/// A file's rows batch by batch, for merging without the whole file decoded at once.
pub(super) fn read_batches(path: &Path) -> Result<merge::Batches<'static>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?)
        .and_then(|b| b.with_batch_size(8192).build())
        .map_err(|e| read_err(path, e))?;
    let path = path.to_path_buf();
    Ok(Box::new(reader.map(move |b| b.map_err(|e| read_err(&path, e)))))
}

/// A file's rows, only the named columns decoded.
pub(super) fn read_columns(path: &Path, names: &[&str]) -> Result<ParquetRecordBatchReader, StoreError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?).map_err(|e| read_err(path, e))?;
    let schema = builder.parquet_schema();
    let wanted: Vec<usize> = (0..schema.num_columns()).filter(|&i| names.contains(&schema.column(i).name())).collect();
    let mask = parquet::arrow::ProjectionMask::leaves(schema, wanted);
    builder.with_projection(mask).build().map_err(|e| read_err(path, e))
}

/// Whether a file has rows of any of the documents, reading only its `doc_id` column.
pub(super) fn holds_any(path: &Path, docs: &HashSet<String>) -> Result<bool, StoreError> {
    for b in read_columns(path, &["doc_id"])? {
        let b = b.map_err(|e| read_err(path, e))?;
        if keep_mask(&b, docs).false_count() > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn read_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?)
        .and_then(|b| b.build())
        .map_err(|e| read_err(path, e))?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| read_err(path, e))
}

/// Write a file; each batch starts a new row group (and larger ones are split).
pub(super) fn write_file(path: &Path, ds: &Dataset, groups: &[RecordBatch], stamp: &str) -> Result<(), StoreError> {
    fault::step(fault::Step::Write, path)?;
    let mut w = open_writer(path, ds, stamp)?;
    for batch in groups {
        w.write(batch).map_err(|e| write_err(path, e))?;
        w.flush().map_err(|e| write_err(path, e))?;
    }
    // Durability is ensured once per transaction (Txn::commit syncs the file system
    // before the plan appears), not once per file.
    w.into_inner().map_err(|e| write_err(path, e))?;
    fault::step(fault::Step::Write, path)
}

/// A new store file's writer: the properties every store file is written with.
pub(super) fn open_writer(path: &Path, ds: &Dataset, stamp: &str) -> Result<ArrowWriter<File>, StoreError> {
    let mut props = WriterProperties::builder();
    // Amounts and source lines are nearly all distinct within a county's file: a
    // dictionary of them hashed every value for nothing, and plain values compress
    // better under zstd (ingest −2.1 % instructions, store −6.4 %, the views measured
    // the same at 102,000 documents; benches/RESULTS.md).
    for (name, ty, _) in ds.file_columns() {
        if ty == crate::model::Ty::Amount || name == "line" {
            props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
        }
    }
    let props = props
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        // Row-group min/max only of the clustering columns, which DuckDB prunes with
        // (`year`, and `subject` in subject_facts); every other column of a county's
        // file mixes all its documents, roles and measures, so their statistics never
        // skipped a row group, and computing them was 5 % of ingest instructions (no
        // view measured slower without them at 102,000 documents). No page index,
        // which DuckDB does not read and which costs bytes in every column chunk.
        .set_statistics_enabled(EnabledStatistics::None)
        .set_column_statistics_enabled(ColumnPath::from("year"), EnabledStatistics::Chunk)
        .set_column_statistics_enabled(ColumnPath::from("subject"), EnabledStatistics::Chunk)
        .set_offset_index_disabled(true)
        .set_key_value_metadata(Some(vec![
            parquet::file::metadata::KeyValue::new("juesuan.dataset".into(), ds.name.to_string()),
            // Who wrote the rows (the parser's version, which the caller says).
            parquet::file::metadata::KeyValue::new("juesuan.parser_version".into(), stamp.to_string()),
        ]))
        .build();
    let file = File::create(path).map_err(io(path))?;
    // The Parquet types say all (DECIMAL, UTF8, INT32/64, UTC timestamps), so the Arrow
    // schema copy (about a kilobyte per file) is left out.
    let opts =
        parquet::arrow::arrow_writer::ArrowWriterOptions::new().with_properties(props).with_skip_arrow_metadata(true);
    ArrowWriter::try_new_with_options(file, file_schema(ds), opts).map_err(|e| write_err(path, e))
}

/// County of a file from its `county=…` directory.
pub(super) fn county_of(rel: &Path) -> Option<String> {
    rel.iter().filter_map(|c| c.to_str()).find_map(|c| partition::value_of(c, "county")).map(partition::decode)
}
