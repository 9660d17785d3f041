//! The document model: what a disclosure says, as typed facts with provenance.

pub mod amount;
pub mod county;
pub mod facts;
pub mod finding;
pub mod narrative;
pub mod subject;
pub mod table_role;

pub use amount::MoneyUnit;
pub use facts::*;
pub use finding::{Finding, Severity, Side};
pub use table_role::TableRole;
