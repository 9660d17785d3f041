//! DuckDB over the store: one view per dataset, reading the Hive-partitioned Parquet
//! files with partition columns typed as text (`county=371521` stays a code) and year as
//! an integer; then one view per canned query in `queries/` (compiled into the binary),
//! each described by its header. The store is only read here; writes go through `ingest`.

mod canned;

use std::path::Path;

use duckdb::Connection;

use crate::columnar::{ALL, Dataset};
pub use canned::{CannedView, canned_views};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("DuckDB: {0}")]
    Duck(#[from] duckdb::Error),
    #[error("{0}: no store here (run `juesuan ingest` first, or pass --store)")]
    NoStore(String),
    #[error("canned view `{name}` ({file}): {source}")]
    View { name: String, file: String, source: duckdb::Error },
}

/// A SQL string literal (paths and names built into DDL, never user parameters).
pub fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The SQL of one dataset's view.
pub fn view_sql(root: &Path, ds: &Dataset) -> String {
    let dir = root.join(ds.name);
    let has_files = crate::store::has_parquet(&dir);
    if !has_files {
        let mut cols: Vec<String> = ds.columns.iter().map(|(n, t, _)| format!("NULL::{} AS {n}", t.sql())).collect();
        cols.push("NULL::VARCHAR AS county".into());
        cols.push("NULL::INTEGER AS year".into());
        if ds.by_subject {
            cols.push("NULL::VARCHAR AS subject".into());
        }
        return format!("CREATE OR REPLACE VIEW {} AS SELECT {} WHERE false", ds.name, cols.join(", "));
    }
    // A fixed-depth pattern (county=…/year=…[/subject=…]/file) lists the store about
    // twice as fast as a recursive `**`, on every query.
    let mut glob = dir.join("*").join("*");
    if ds.by_subject {
        glob = glob.join("*");
    }
    let glob = glob.join("*.parquet");
    let types = if ds.by_subject {
        "{'county': VARCHAR, 'year': INTEGER, 'subject': VARCHAR}"
    } else {
        "{'county': VARCHAR, 'year': INTEGER}"
    };
    format!(
        "CREATE OR REPLACE VIEW {} AS SELECT * FROM read_parquet({}, hive_partitioning = true, hive_types = {types})",
        ds.name,
        sql_str(&glob.to_string_lossy())
    )
}

/// An in-memory DuckDB with a view per dataset of the store at `root` and the canned
/// views. Nothing is written to the store.
pub fn open(root: &Path) -> Result<Connection, CatalogError> {
    if !root.is_dir() {
        return Err(CatalogError::NoStore(root.display().to_string()));
    }
    let conn = Connection::open_in_memory()?;
    for ds in ALL {
        conn.execute_batch(&view_sql(root, &ds))?;
    }
    for v in canned_views() {
        conn.execute_batch(&format!("CREATE OR REPLACE VIEW {} AS {}", v.name, v.body))
            .map_err(|source| CatalogError::View { name: v.name.clone(), file: v.file.to_string(), source })?;
    }
    Ok(conn)
}
