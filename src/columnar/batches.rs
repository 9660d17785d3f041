//! The batches of parsed documents, dataset by dataset, in the groups a commit spreads
//! over the cores.

use super::*;

/// Catalog rows.
pub fn documents_batch(docs: &[&DocRecord]) -> RecordBatch {
    let mut rows = Rows::new(&DOCUMENTS, docs.len());
    for d in docs {
        if PANIC_FOR_UNIT.get().is_some_and(|u| *u == d.unit_name) {
            panic!("test hook: rows of {} panic", d.unit_name);
        }
        rows.push(
            Doc { id: &d.doc_id, year: d.year, pages: &[] },
            &[
                d.doc_id.as_str().into(),
                d.content_hash.as_str().into(),
                d.source_path.as_str().into(),
                d.encoding.as_str().into(),
                d.unit_name.as_str().into(),
                d.unit_base.as_str().into(),
                d.scope.as_str().into(),
                d.county_name.as_str().into(),
                d.city.as_str().into(),
                d.province.as_str().into(),
                d.parser_version.as_str().into(),
                d.tables.into(),
                Cell::BigInt(Some(d.rows)),
                d.warnings.into(),
                Cell::BigInt(Some(d.bytes)),
                Cell::Timestamp(Some(d.ingested_at)),
            ],
        );
    }
    rows.finish()
}

/// Table registry rows of several documents.
pub fn tables_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&TABLES, docs.iter().map(|(_, f)| f.tables.len()).sum());
    for (d, f) in docs {
        for t in &f.tables {
            rows.push(
                *d,
                &[
                    d.id.into(),
                    t.role.id().into(),
                    t.role.title().into(),
                    t.title.as_str().into(),
                    (!t.number_label.is_empty()).then_some(t.number_label.as_str()).into(),
                    t.unit.label().into(),
                    t.line_start.into(),
                    t.line_end.into(),
                    t.status.label().into(),
                    t.empty_statement.as_deref().into(),
                    t.note.as_deref().into(),
                    t.rows.into(),
                ],
            );
        }
    }
    rows.finish()
}

/// Subject cells: the 合计 rows of every document first, then the 类/款/项 rows, the
/// order in which the store writes them (see `store::clustered`).
pub fn subject_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SUBJECT_FACTS, docs.iter().map(|(_, f)| f.subject.len()).sum());
    for totals in [true, false] {
        subject_rows(&mut rows, docs, totals);
    }
    rows.finish()
}

pub(super) fn subject_rows(rows: &mut Rows, docs: &[(Doc, &Facts)], totals: bool) {
    for (d, f) in docs {
        for x in f.subject.iter().filter(|x| x.code.is_none() == totals) {
            let code = x.code.as_ref();
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.role.id().into(),
                    x.row_kind.label().into(),
                    code.map(|c| c.as_str()).into(),
                    code.map(|c| c.level().number() as i32).into(),
                    code.and_then(|c| c.parent_str()).into(),
                    (&*x.name).into(),
                    x.measure.into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
}

pub fn summary_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SUMMARY_FACTS, docs.iter().map(|(_, f)| f.summary.len()).sum());
    for (d, f) in docs {
        for x in &f.summary {
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.role.id().into(),
                    x.side.into(),
                    x.row_no.map(|n| n as i32).into(),
                    (&*x.item).into(),
                    x.parent_item.as_deref().into(),
                    x.subject_code.into(),
                    x.measure.into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
}

pub fn detail_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&BASIC_DETAIL, docs.iter().map(|(_, f)| f.detail.len()).sum());
    for (d, f) in docs {
        for x in &f.detail {
            let code = x.code.as_deref();
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.block.into(),
                    x.row_kind.label().into(),
                    code.into(),
                    code.map(|c| if c.len() == 3 { 1 } else { 2 }).into(),
                    code.filter(|c| c.len() == 5).map(|c| &c[..3]).into(),
                    x.name.as_str().into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
}

pub fn sangong_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SANGONG, docs.iter().map(|(_, f)| f.sangong.len()).sum());
    for (d, f) in docs {
        for x in &f.sangong {
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.stage.into(),
                    x.total.into(),
                    x.outbound.into(),
                    x.vehicle_subtotal.into(),
                    x.vehicle_purchase.into(),
                    x.vehicle_operation.into(),
                    x.reception.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
}

/// How many groups [`group_batches`] splits the datasets into.
pub const GROUPS: usize = 4;

/// What building and writing each group costs, relative to the others, per document
/// (measured on generated documents: the subject cells 0.18 ms, the 情况说明 and 绩效
/// datasets 0.15, the summary cells 0.08, the catalog and the small tables 0.03). A
/// commit hands out the costliest task first, so that the cores finish together even
/// when it holds one county only (with three groups, one core idled for a third of such
/// a commit).
pub const GROUP_COST: [usize; GROUPS] = [18, 8, 3, 15];

/// Every dataset's rows of one document alone (the fuzzer, and a commit looking for the
/// document whose rows panicked).
pub fn document_batches(record: &DocRecord, facts: &Facts) -> Vec<(Dataset, RecordBatch)> {
    let doc = Doc { id: &record.doc_id, year: record.year, pages: &facts.pages };
    (0..GROUPS).flat_map(|g| group_batches(g, &[record], &[(doc, facts)])).collect()
}

/// The batches of one group of datasets for a set of documents (the catalog among
/// them): the subject cells (half of all rows), the summary cells, the catalog with the
/// small tables, the 情况说明 and 绩效 datasets; so that a commit spreads one county's
/// datasets over the cores.
pub fn group_batches(group: usize, records: &[&DocRecord], docs: &[(Doc, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    match group {
        0 => vec![(SUBJECT_FACTS, subject_batch(docs))],
        1 => vec![(SUMMARY_FACTS, summary_batch(docs)), (DOC_TOTALS, doc_totals_batch(docs))],
        2 => vec![
            (DOCUMENTS, documents_batch(records)),
            (TABLES, tables_batch(docs)),
            (BASIC_DETAIL, detail_batch(docs)),
            (SANGONG, sangong_batch(docs)),
        ],
        _ => narrative::batches(docs),
    }
}
