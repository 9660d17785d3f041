//! The document model: what a disclosure says, as typed facts with provenance.

pub mod amount;
pub mod county;
pub mod facts;
pub mod subject;
pub mod table_role;

pub use facts::*;
pub use table_role::TableRole;
