//! `compact`: every partition merged into one file, and a store of an older layout
//! converted in the same transaction (layout 1's county-year directories; `doc_totals`,
//! the table cells of `execution_text` and the `page` columns derived from stored rows).

use super::*;

/// Count of files per partition directory, for `status` and compaction checks.
pub fn files_per_partition(root: &Path) -> Result<BTreeMap<PathBuf, usize>, StoreError> {
    let mut m: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for ds in ALL {
        for p in list_parquet(&root.join(ds.name))? {
            let dir = p.parent().unwrap_or(root).strip_prefix(root).unwrap_or(Path::new("")).to_path_buf();
            *m.entry(dir).or_default() += 1;
        }
    }
    Ok(m)
}

/// What `compact` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compacted {
    /// Partitions rewritten as one file.
    pub merged: usize,
    /// The older layout the store was converted from, if it was.
    pub converted_from: Option<u32>,
}

/// Merge every partition holding more than one file (appends of several ingests, or
/// files written by other tools) into one, atomically. An older store is converted in
/// the same transaction: in layout 1 (a directory per county-year, and per 类 below it)
/// each file's rows get the `year` and `subject` of its directories and join their
/// county's partition; `doc_totals` and the `table_actual`/`table_line` columns of
/// `execution_text` (missing from layouts 1 and 2) are derived from the stored catalog,
/// summary and subject rows.
pub fn compact(root: &Path, wait: bool, pause: Option<Duration>, stamp: &str) -> Result<Compacted, StoreError> {
    refuse_newer(root)?;
    let mut store = Store::open_any_layout(root, wait, stamp)?;
    store.pause = pause;
    let from = layout(root).filter(|&n| n < CURRENT_LAYOUT);
    let txn = Txn::begin(&store.root, store.pause)?;
    let mut out = Compacted { converted_from: from, ..Compacted::default() };
    // What layout 3 added is written anew, county by county; everything else is merged.
    let derived = [model::DOC_TOTALS.name, model::narrative::EXECUTION.name];
    let derive = from.is_some_and(|n| n < 3);
    if derive {
        out.merged += derive_layout_3(&store, &txn, from == Some(1))?;
    }
    for ds in ALL {
        if derive && derived.contains(&ds.name) {
            continue;
        }
        for (dir, files) in files_by_county(&store.root.join(ds.name))? {
            let in_place = files.iter().all(|f| f.parent() == Some(dir.as_path()));
            // An older layout's files are all rewritten (with the columns added since).
            if files.len() < 2 && in_place && from.is_none() {
                continue;
            }
            let rel_dir = dir.strip_prefix(&store.root).expect("under root").to_path_buf();
            // The merged file first: a reader during the apply sees rows twice at worst,
            // never none.
            if in_place && from.is_none() {
                store.merge_into(&txn, &ds, &rel_dir, &files, Vec::new(), &HashSet::new())?;
            } else {
                let mut parts = Vec::new();
                for f in &files {
                    let in_dir = f.parent() == Some(dir.as_path());
                    for b in read_file(f)? {
                        parts.push(if in_dir { with_added_columns(&ds, f, b)? } else { with_clustering(&ds, f, b)? });
                    }
                }
                let all = concat_batches(&file_schema(&ds), &parts).map_err(|e| read_err(&dir, e))?;
                store.stage(&txn, &ds, &rel_dir, &all)?;
            }
            for f in &files {
                txn.push(Op::Delete { target: f.strip_prefix(&store.root).expect("under root").to_path_buf() });
            }
            out.merged += 1;
        }
    }
    if from.is_some() {
        let staged = txn.stage_path();
        fs::write(&staged, marker_text()).map_err(io(&staged))?;
        txn.push(Op::Put { staged, target: PathBuf::from(MARKER) });
    }
    txn.commit()?;
    Ok(out)
}

/// A dataset's files by the county directory they lie under (in layout 1, below it).
pub(super) fn files_by_county(base: &Path) -> Result<BTreeMap<PathBuf, Vec<PathBuf>>, StoreError> {
    let mut by_county: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for p in list_parquet(base)? {
        let rel = p.strip_prefix(base).expect("listed under the dataset");
        let county = rel.components().next().map(|c| base.join(c)).unwrap_or_else(|| base.to_path_buf());
        by_county.entry(county).or_default().push(p);
    }
    Ok(by_county)
}

/// [`files_by_county`] for a conversion, which writes each county's partition anew: a
/// file outside any `county=` directory is an error (before anything is written).
pub(super) fn county_partitions(base: &Path) -> Result<BTreeMap<PathBuf, Vec<PathBuf>>, StoreError> {
    let by_county = files_by_county(base)?;
    for (dir, files) in &by_county {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if partition::value_of(name, "county").is_none() {
            return Err(read_err(&files[0], "not under a county=… directory; move it out of the store, then compact"));
        }
    }
    Ok(by_county)
}

/// Stage, for every county, the data layout 3 added, from its stored rows (the files as
/// they were before this transaction): `doc_totals` from the catalog, summary and
/// subject rows, replacing whatever `doc_totals` files there were; `execution_text`
/// again with its table cells from the subject rows, read once for both. Returns the
/// partitions written.
pub(super) fn derive_layout_3(store: &Store, txn: &Txn, layout_one: bool) -> Result<usize, StoreError> {
    let root = &store.root;
    let (exec_ds, totals_ds) = (model::narrative::EXECUTION, model::DOC_TOTALS);
    let sources = [model::DOCUMENTS, model::SUMMARY_FACTS, model::SUBJECT_FACTS, exec_ds];
    let files: Vec<BTreeMap<PathBuf, Vec<PathBuf>>> =
        sources.iter().map(|ds| county_partitions(&root.join(ds.name))).collect::<Result<_, _>>()?;
    let counties: std::collections::BTreeSet<std::ffi::OsString> = [&files[0], &files[3]]
        .into_iter()
        .flat_map(|m| m.keys().filter_map(|d| d.file_name().map(|n| n.to_os_string())))
        .collect();
    let mut written = 0;
    for county in counties {
        let of_county = |k: usize| files[k].get(&root.join(sources[k].name).join(&county)).cloned().unwrap_or_default();
        let [documents, summary, subject, exec] =
            [0, 1, 2, 3].map(|k| read_old(root, &sources[k], &of_county(k), layout_one));
        let subject = subject?;
        let dir = PathBuf::from(totals_ds.name).join(&county);
        let totals = columnar::derived::doc_totals_of_stored(&documents?, &summary?, &subject)
            .map_err(|e| read_err(&root.join(&dir), e))?;
        if totals.num_rows() > 0 {
            written += store.stage(txn, &totals_ds, &dir, &totals)?;
        }
        let exec_files = of_county(3);
        if !exec_files.is_empty() {
            let dir = PathBuf::from(exec_ds.name).join(&county);
            let rows =
                columnar::derived::execution_with_table(&exec?, &subject).map_err(|e| read_err(&root.join(&dir), e))?;
            if rows.num_rows() > 0 {
                written += store.stage(txn, &exec_ds, &dir, &rows)?;
            }
            for f in exec_files {
                txn.push(Op::Delete { target: f.strip_prefix(root).expect("under root").to_path_buf() });
            }
        }
    }
    for f in list_parquet(&root.join(totals_ds.name))? {
        txn.push(Op::Delete { target: f.strip_prefix(root).expect("under root").to_path_buf() });
    }
    Ok(written)
}

/// The rows of an older store's files of one partition, in this layout's columns (see
/// [`with_clustering`] for layout 1; columns added since are NULL until derived).
pub(super) fn read_old(
    root: &Path,
    ds: &Dataset,
    files: &[PathBuf],
    layout_one: bool,
) -> Result<RecordBatch, StoreError> {
    let mut parts = Vec::new();
    for f in files {
        for b in read_file(f)? {
            parts.push(if layout_one { with_clustering(ds, f, b)? } else { with_added_columns(ds, f, b)? });
        }
    }
    concat_batches(&file_schema(ds), &parts).map_err(|e| read_err(root, e))
}

/// A file's rows with the columns added since it was written (NULL).
pub(super) fn with_added_columns(ds: &Dataset, path: &Path, batch: RecordBatch) -> Result<RecordBatch, StoreError> {
    let cols = ds.file_columns().map(|(name, ty, _)| old_column(&batch, path, name, ty)).collect::<Result<_, _>>()?;
    RecordBatch::try_new(file_schema(ds), cols).map_err(|e| read_err(path, e))
}

/// Whether a layout after the file's added the column, so that an older store's file
/// lacks it and it is NULL there: layout 3 the table cell of `execution_text` (which
/// conversion then derives), layout 4 the page of every line column (the documents were
/// all read as text), layout 5 the budgets reserved for 中小/小微企业 (no reader took them).
pub(super) fn added_later(name: &str) -> bool {
    matches!(name, "table_actual" | "table_line" | "page" | "sme_reserved_budget" | "small_micro_reserved_budget")
        || name.ends_with("_page")
}

/// A column of an older file: as stored, NULL if a later layout added it, else an error.
pub(super) fn old_column(
    batch: &RecordBatch,
    path: &Path,
    name: &str,
    ty: model::Ty,
) -> Result<arrow::array::ArrayRef, StoreError> {
    match batch.column_by_name(name) {
        Some(c) => Ok(c.clone()),
        None if added_later(name) => Ok(arrow::array::new_null_array(&columnar::arrow_type(ty), batch.num_rows())),
        None => Err(read_err(path, format!("no column {name}"))),
    }
}

/// A layout-1 file's rows with the `year` (and `subject`) its directories named.
pub(super) fn with_clustering(ds: &Dataset, path: &Path, batch: RecordBatch) -> Result<RecordBatch, StoreError> {
    let dir_value = |key: &str| {
        path.iter().filter_map(|c| c.to_str()).find_map(|c| partition::value_of(c, key)).map(partition::decode)
    };
    let year: i32 = dir_value("year")
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| read_err(path, "no year=… directory above a layout-1 file"))?;
    let n = batch.num_rows();
    let mut cols: Vec<arrow::array::ArrayRef> =
        ds.columns.iter().map(|&(name, ty, _)| old_column(&batch, path, name, ty)).collect::<Result<_, _>>()?;
    for _ in ds.page_columns() {
        cols.push(arrow::array::new_null_array(&columnar::arrow_type(model::Ty::Int), n));
    }
    if ds.by_subject {
        let subject = dir_value("subject").ok_or_else(|| read_err(path, "no subject=… directory"))?;
        cols.push(std::sync::Arc::new(arrow::array::StringArray::from(vec![subject; n])));
    }
    cols.push(std::sync::Arc::new(arrow::array::Int32Array::from(vec![year; n])));
    RecordBatch::try_new(file_schema(ds), cols).map_err(|e| read_err(path, e))
}
