//! Merging a partition's files into one without holding the partition in memory.
//!
//! Every file the store writes is clustered: rows ordered by part (the 合计 rows of a
//! subject-keyed dataset first, in row groups of their own), then by year, document
//! order kept among equal keys. Concatenating the files and clustering the whole, as
//! merging did before, needed the county's whole history in memory at once (about
//! 100 MiB for 17 years × 60 units, on each core, growing with the years). The inputs
//! being sorted, a k-way merge on (part, year) that takes equal keys from the inputs in
//! their order writes the same rows in the same order with one decoded batch per input
//! in memory. An input that turns out not to be clustered (a file some other tool wrote)
//! stops the merge, and the caller merges in memory as before.

use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

use arrow::array::{AsArray, Int32Array, RecordBatch, StringArray};
use arrow::compute::filter_record_batch;
use arrow::datatypes::Int32Type;
use parquet::arrow::ArrowWriter;

use super::{StoreError, keep_mask, write_err};
use crate::columnar::file_schema;
use crate::model::{Dataset, TOTAL_SUBJECT};

/// The batches of one input, in its order.
pub(super) type Batches<'a> = Box<dyn Iterator<Item = Result<RecordBatch, StoreError>> + 'a>;

/// A row's place in a clustered file: part (0 for 合计 rows and for datasets that are
/// not subject-keyed, 1 for the rest), then year.
type Key = (u8, i32);

/// Rows merged from `inputs` (in their order for equal keys), less the documents in
/// `remove` in every input but the last — the stored files' rows, not the new ones (a
/// document read again keeps its id: its old rows go, its new ones stay) — written to
/// `path`. `Some(rows)`: done (no file when no row is left); `None`: an input is not
/// clustered, and `path` is removed again.
pub(super) fn merge(
    path: &Path,
    ds: &Dataset,
    inputs: Vec<Batches<'_>>,
    remove: &HashSet<String>,
    stamp: &str,
) -> Result<Option<usize>, StoreError> {
    let none = HashSet::new();
    let last = inputs.len().saturating_sub(1);
    let mut cursors = Vec::with_capacity(inputs.len());
    for (i, rest) in inputs.into_iter().enumerate() {
        let mut c = Cursor { rest, batch: None, pos: 0, remove: if i == last { &none } else { remove } };
        c.fill(ds)?;
        cursors.push(c);
    }
    let mut out = Out { path, ds, stamp, writer: None, part: None, rows: 0 };
    // The smallest key among the inputs' next rows, then each input's run of it in turn.
    while let Some(key) = cursors.iter().filter_map(Cursor::key).min() {
        for c in cursors.iter_mut() {
            while c.key() == Some(key) {
                let run = c.run(key);
                out.write(key.0, &run)?;
                if !c.advance(run.num_rows(), ds)? {
                    drop(out.writer.take());
                    std::fs::remove_file(path).map_err(super::io(path))?;
                    return Ok(None);
                }
            }
        }
    }
    out.finish()
}

/// One input's position: its current batch (removed rows already filtered out) and
/// the next row in it.
struct Cursor<'a> {
    rest: Batches<'a>,
    batch: Option<Current>,
    pos: usize,
    /// The documents whose rows this input loses.
    remove: &'a HashSet<String>,
}

struct Current {
    rows: RecordBatch,
    years: Int32Array,
    subjects: Option<StringArray>,
}

impl Current {
    fn new(ds: &Dataset, rows: RecordBatch) -> Current {
        let years = rows.column_by_name("year").expect("year column").as_primitive::<Int32Type>().clone();
        let subjects =
            ds.by_subject.then(|| rows.column_by_name("subject").expect("subject column").as_string::<i32>().clone());
        Current { rows, years, subjects }
    }

    fn key(&self, i: usize) -> Key {
        let part = match &self.subjects {
            Some(s) if s.value(i) != TOTAL_SUBJECT => 1,
            _ => 0,
        };
        (part, self.years.value(i))
    }
}

impl Cursor<'_> {
    fn key(&self) -> Option<Key> {
        self.batch.as_ref().map(|b| b.key(self.pos))
    }

    /// The rows from the current one on that have `key`, within the current batch.
    fn run(&self, key: Key) -> RecordBatch {
        let b = self.batch.as_ref().expect("a current batch");
        let end = (self.pos..b.rows.num_rows()).find(|&i| b.key(i) != key).unwrap_or(b.rows.num_rows());
        b.rows.slice(self.pos, end - self.pos)
    }

    /// Past `n` rows; `false` when the input is found not to be clustered (the next
    /// row's key below the one just taken).
    fn advance(&mut self, n: usize, ds: &Dataset) -> Result<bool, StoreError> {
        let last = self.key();
        self.pos += n;
        if self.pos == self.batch.as_ref().map_or(0, |b| b.rows.num_rows()) {
            self.fill(ds)?;
        }
        Ok(match (last, self.key()) {
            (Some(last), Some(next)) => last <= next,
            _ => true,
        })
    }

    /// The next batch with rows left after removal, or none at the input's end.
    fn fill(&mut self, ds: &Dataset) -> Result<(), StoreError> {
        self.batch = None;
        self.pos = 0;
        for b in self.rest.by_ref() {
            let mut b = b?;
            if !self.remove.is_empty() {
                let keep = keep_mask(&b, self.remove);
                if keep.false_count() > 0 {
                    b = filter_record_batch(&b, &keep).expect("mask of the batch's length");
                }
            }
            if b.num_rows() > 0 {
                self.batch = Some(Current::new(ds, b));
                break;
            }
        }
        Ok(())
    }
}

/// The merged file, opened at its first row; a new row group where the part changes,
/// as [`super::write_file`] starts one for each part.
struct Out<'a> {
    stamp: &'a str,
    path: &'a Path,
    ds: &'a Dataset,
    writer: Option<ArrowWriter<File>>,
    part: Option<u8>,
    rows: usize,
}

impl Out<'_> {
    fn write(&mut self, part: u8, rows: &RecordBatch) -> Result<(), StoreError> {
        let w = match &mut self.writer {
            Some(w) => w,
            None => self.writer.insert(super::open_writer(self.path, self.ds, self.stamp)?),
        };
        if self.part.is_some_and(|p| p != part) {
            w.flush().map_err(|e| write_err(self.path, e))?;
        }
        self.part = Some(part);
        // Files read back may carry a schema differing in metadata only.
        let rows =
            RecordBatch::try_new(file_schema(self.ds), rows.columns().to_vec()).map_err(|e| write_err(self.path, e))?;
        w.write(&rows).map_err(|e| write_err(self.path, e))?;
        self.rows += rows.num_rows();
        Ok(())
    }

    fn finish(self) -> Result<Option<usize>, StoreError> {
        if let Some(w) = self.writer {
            w.into_inner().map_err(|e| write_err(self.path, e))?;
        }
        Ok(Some(self.rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ty;
    use arrow::array::{ArrayRef, Int32Array, StringArray};
    use arrow::compute::concat_batches;
    use proptest::prelude::*;
    use std::sync::Arc;

    const DS: Dataset =
        Dataset { name: "t", by_subject: true, columns: &[("doc_id", Ty::Text, false), ("n", Ty::Int, false)] };

    /// A row read back: doc, line, subject, year.
    type Row = (String, i32, String, i32);

    /// A batch of rows (doc, line, subject, year), in the file schema of [`DS`].
    fn batch(rows: &[(&str, i32, &str, i32)]) -> RecordBatch {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(rows.iter().map(|r| r.0).collect::<Vec<_>>())),
            Arc::new(Int32Array::from(rows.iter().map(|r| r.1).collect::<Vec<_>>())),
            Arc::new(StringArray::from(rows.iter().map(|r| r.2).collect::<Vec<_>>())),
            Arc::new(Int32Array::from(rows.iter().map(|r| r.3).collect::<Vec<_>>())),
        ];
        RecordBatch::try_new(file_schema(&DS), cols).unwrap()
    }

    fn rows_of(batches: &[RecordBatch]) -> Vec<Row> {
        let mut out = Vec::new();
        for b in batches {
            let s = |j: usize| b.column(j).as_string::<i32>().clone();
            let n = |j: usize| b.column(j).as_primitive::<Int32Type>().clone();
            let (doc, line, subject, year) = (s(0), n(1), s(2), n(3));
            for i in 0..b.num_rows() {
                out.push((doc.value(i).into(), line.value(i), subject.value(i).into(), year.value(i)));
            }
        }
        out
    }

    /// The files as inputs, then no new rows (the last input, which keeps every row).
    fn inputs(files: &[Vec<RecordBatch>]) -> Vec<Batches<'_>> {
        let mut v: Vec<Batches<'_>> =
            files.iter().map(|f| Box::new(f.iter().cloned().map(Ok)) as Batches<'_>).collect();
        v.push(Box::new(std::iter::empty()));
        v
    }

    /// Merge clustered inputs; the merged file's rows and row groups.
    fn merged(files: &[Vec<RecordBatch>], remove: &HashSet<String>) -> Option<(Vec<Row>, usize)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.parquet");
        let n = merge(&path, &DS, inputs(files), remove, "test").unwrap()?;
        if n == 0 {
            assert!(!path.exists(), "no file for no rows");
            return Some((Vec::new(), 0));
        }
        let groups = parquet::file::reader::FileReader::metadata(
            &parquet::file::serialized_reader::SerializedFileReader::new(File::open(&path).unwrap()).unwrap(),
        )
        .num_row_groups();
        Some((rows_of(&super::super::read_file(&path).unwrap()), groups))
    }

    /// What merging in memory gives: the inputs concatenated, less `remove`, clustered.
    fn in_memory(files: &[Vec<RecordBatch>], remove: &HashSet<String>) -> Vec<Row> {
        let all: Vec<RecordBatch> = files.iter().flatten().cloned().collect();
        let all = concat_batches(&file_schema(&DS), &all).unwrap();
        let all = filter_record_batch(&all, &keep_mask(&all, remove)).unwrap();
        rows_of(&super::super::clustered(&DS, &all))
    }

    #[test]
    fn a_document_read_again_keeps_its_new_rows_under_its_old_id() {
        // The stored file holds document `a`; the new rows are `a` again (the same bytes
        // read by a newer parser): its old rows go, its new ones stay.
        let stored = [batch(&[("a", 1, "total", 2024), ("b", 2, "total", 2024)])];
        let new = [batch(&[("a", 7, "total", 2024)])];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.parquet");
        let ins: Vec<Batches<'_>> =
            vec![Box::new(stored.iter().cloned().map(Ok)), Box::new(new.iter().cloned().map(Ok))];
        let n = merge(&path, &DS, ins, &["a".to_string()].into(), "test").unwrap();
        assert_eq!(n, Some(2));
        let lines: Vec<(String, i32)> =
            rows_of(&super::super::read_file(&path).unwrap()).iter().map(|r| (r.0.clone(), r.1)).collect();
        assert_eq!(lines, [("b".to_string(), 2), ("a".to_string(), 7)]);
    }

    #[test]
    fn files_merge_in_part_then_year_order_keeping_file_order_among_equal_keys() {
        let a = vec![batch(&[("a", 1, "total", 2022), ("a", 2, "201", 2022), ("a", 3, "205", 2023)])];
        let b = vec![batch(&[("b", 1, "total", 2021), ("b", 2, "total", 2022)]), batch(&[("b", 3, "201", 2022)])];
        let (rows, groups) = merged(&[a.clone(), b.clone()], &HashSet::new()).unwrap();
        let lines: Vec<(String, i32)> = rows.iter().map(|r| (r.0.clone(), r.1)).collect();
        let want = [("b", 1), ("a", 1), ("b", 2), ("a", 2), ("b", 3), ("a", 3)];
        assert_eq!(lines, want.map(|(d, l)| (d.to_string(), l)));
        assert_eq!(groups, 2, "合计 rows in a row group of their own");
        assert_eq!(rows, in_memory(&[a, b], &HashSet::new()));
    }

    #[test]
    fn removing_every_row_writes_no_file() {
        let a = vec![batch(&[("a", 1, "total", 2022)])];
        let remove: HashSet<String> = ["a".to_string()].into();
        assert_eq!(merged(&[a], &remove), Some((Vec::new(), 0)));
    }

    #[test]
    fn an_input_out_of_order_stops_the_merge_and_leaves_no_file() {
        let a = vec![batch(&[("a", 1, "201", 2023), ("a", 2, "201", 2022)])];
        assert_eq!(merged(&[a], &HashSet::new()), None);
        let b = vec![batch(&[("b", 1, "201", 2022)]), batch(&[("b", 2, "total", 2022)])];
        assert_eq!(merged(&[b], &HashSet::new()), None, "a 合计 row after the 类 rows");
    }

    fn clustered_file() -> impl Strategy<Value = Vec<RecordBatch>> {
        (prop::collection::vec((0..3u8, any::<bool>(), 2020..2024i32), 0..30), 1..4usize).prop_map(|(rows, pieces)| {
            let rows: Vec<Row> = rows
                .iter()
                .enumerate()
                .map(|(i, &(doc, total, year))| {
                    (format!("d{doc}"), i as i32, if total { "total".into() } else { "201".into() }, year)
                })
                .collect();
            let refs: Vec<(&str, i32, &str, i32)> =
                rows.iter().map(|r| (r.0.as_str(), r.1, r.2.as_str(), r.3)).collect();
            let all = concat_batches(&file_schema(&DS), &super::super::clustered(&DS, &batch(&refs))).unwrap();
            // A file's batches as a reader hands them out: cut anywhere.
            let step = all.num_rows().div_ceil(pieces).max(1);
            (0..all.num_rows()).step_by(step).map(|s| all.slice(s, step.min(all.num_rows() - s))).collect()
        })
    }

    proptest! {
        #[test]
        fn merging_clustered_files_equals_concatenating_and_clustering_them(
            files in prop::collection::vec(clustered_file(), 1..5),
            remove in prop::collection::hash_set("d[0-2]", 0..2),
        ) {
            let (rows, _) = merged(&files, &remove).expect("clustered inputs merge");
            prop_assert_eq!(rows, in_memory(&files, &remove));
        }
    }
}
