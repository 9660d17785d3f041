//! The document model: what a disclosure says, as typed facts with provenance, and
//! beside each fact type the dataset it is stored as.

#[macro_use]
pub mod dataset;
pub mod amount;
pub mod county;
pub mod document;
pub mod facts;
pub mod finding;
pub mod narrative;
pub mod subject;
pub mod table_role;
pub mod totals;

pub use amount::MoneyUnit;
pub use dataset::{Cell, Dataset, Record, TOTAL_SUBJECT, Ty};
pub use document::{DOCUMENTS, DocRecord};
pub use facts::*;
pub use finding::{FINDINGS, Finding, Severity, Side};
pub use table_role::TableRole;
pub use totals::{DOC_TOTALS, DocTotals, TotalOf};

/// Every dataset, catalog first.
pub const ALL: [Dataset; 21] = [
    DOCUMENTS,
    TABLES,
    SUBJECT_FACTS,
    SUMMARY_FACTS,
    DOC_TOTALS,
    BASIC_DETAIL,
    SANGONG,
    narrative::JIGUAN,
    narrative::PROCUREMENT,
    narrative::ASSETS,
    narrative::SANGONG_TEXT,
    narrative::YOY,
    narrative::EXECUTION,
    narrative::STRUCTURE,
    narrative::PERF_OVERVIEW,
    narrative::PERF_PROJECTS,
    narrative::PERF_EVALS,
    narrative::PERF_INDICATORS,
    narrative::UNPARSED,
    FINDINGS,
    narrative::MEMBERS,
];
