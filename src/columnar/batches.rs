//! The batches of parsed documents, dataset by dataset, in the groups a commit spreads
//! over the cores. Each dataset's shape and rows are said beside its facts in `model`;
//! here is only which group builds it.

use arrow::array::RecordBatch;

use super::PANIC_FOR_UNIT;
use super::rows::batch;
use crate::model::narrative::{
    AssetCount, Execution, Jiguan, Member, PerfEval, PerfIndicator, PerfOverview, PerfProject, Procurement,
    SangongText, Share, Unparsed, Yoy,
};
use crate::model::{
    Dataset, DetailFact, DocRecord, DocTotals, Facts, Finding, SangongRow, SubjectFact, SummaryFact, TableInfo,
};

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
    (0..GROUPS).flat_map(|g| group_batches(g, &[(record, facts)])).collect()
}

/// The batches of one group of datasets for a set of documents: the subject cells
/// (half of all rows), the summary cells with the totals, the catalog with the small
/// tables, the 情况说明 and 绩效 datasets; so that a commit spreads one county's
/// datasets over the cores.
pub fn group_batches(group: usize, docs: &[(&DocRecord, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    match group {
        0 => vec![batch::<&SubjectFact>(docs)],
        1 => vec![batch::<&SummaryFact>(docs), batch::<DocTotals>(docs)],
        2 => {
            if let Some((d, _)) = docs.iter().find(|(d, _)| PANIC_FOR_UNIT.get().is_some_and(|u| *u == d.unit_name)) {
                panic!("test hook: rows of {} panic", d.unit_name);
            }
            vec![
                batch::<&DocRecord>(docs),
                batch::<&TableInfo>(docs),
                batch::<&DetailFact>(docs),
                batch::<&SangongRow>(docs),
            ]
        }
        _ => vec![
            batch::<&Jiguan>(docs),
            batch::<&Procurement>(docs),
            batch::<AssetCount>(docs),
            batch::<&SangongText>(docs),
            batch::<&Yoy>(docs),
            batch::<&Execution>(docs),
            batch::<&Share>(docs),
            batch::<&PerfOverview>(docs),
            batch::<&PerfProject>(docs),
            batch::<&PerfEval>(docs),
            batch::<&PerfIndicator>(docs),
            batch::<&Unparsed>(docs),
            batch::<&Finding>(docs),
            batch::<&Member>(docs),
        ],
    }
}
