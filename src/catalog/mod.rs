//! DuckDB over the store: one view per dataset, reading the Hive-partitioned Parquet
//! files with the partition column typed as text (`county=371521` stays a code); the
//! reference view `lei_names`; then one view per canned query in `queries/` (compiled
//! into the binary), each described by its header. The store is only read here; writes
//! go through `ingest`.

mod canned;

use std::path::Path;

use duckdb::Connection;

use crate::model::subject::LEI_NAMES;
use crate::model::{ALL, Dataset};
pub use canned::{CannedView, canned_views};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("DuckDB: {0}")]
    Duck(#[from] duckdb::Error),
    #[error("{0}: no store here (run `juesuan ingest` first, or pass --store)")]
    NoStore(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("canned view `{name}` ({file}): {source}")]
    View { name: String, file: String, source: duckdb::Error },
}

/// A SQL string literal (paths and names built into DDL, never user parameters).
pub fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// When DuckDB binds a view: when it is created (the SQL is checked and the columns are
/// known, for completion and `.describe`), or when a query first uses it (a one-shot
/// query then binds only what it reads; binding every canned view opened each dataset's
/// files about 80 times, 0.2 s at 100,000 documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    OnCreate,
    OnUse,
}

fn create_view(conn: &Connection, name: &str, body: &str, binding: Binding) -> Result<(), duckdb::Error> {
    let with = if binding == Binding::OnUse { " WITH (defer_binding = true)" } else { "" };
    conn.execute_batch(&format!("CREATE OR REPLACE VIEW {name}{with} AS {body}"))
}

/// The query of one dataset's view: the declared columns, then `county` (from the
/// directory), `year` and `subject` (from the files). A fixed-depth pattern
/// (`county=…/file`) lists the store without recursing; DuckDB expands it each time the
/// view is bound, so a session always sees the files an ingest has just committed.
pub fn view_sql(root: &Path, ds: &Dataset) -> String {
    let dir = root.join(ds.name);
    let mut cols: Vec<&str> = ds.columns.iter().map(|c| c.0).collect();
    cols.extend(ds.page_columns().map(|(_, p)| p));
    cols.extend(["county", "year"]);
    if ds.by_subject {
        cols.push("subject");
    }
    if !crate::store::has_parquet(&dir) {
        let typed: Vec<String> = ds
            .file_columns()
            .map(|(n, t, _)| (n, t.sql()))
            .chain([("county", "VARCHAR")])
            .map(|(n, t)| format!("NULL::{t} AS {n}"))
            .collect();
        return format!("SELECT {} FROM (SELECT {}) WHERE false", cols.join(", "), typed.join(", "));
    }
    let glob = dir.join("*").join("*.parquet");
    format!(
        "SELECT {} FROM read_parquet({}, hive_partitioning = true, hive_types = {{'county': VARCHAR}})",
        cols.join(", "),
        sql_str(&glob.to_string_lossy())
    )
}

/// Reference data compiled into the tool: `lei_names` (类 code → standard name of the
/// functional classification), for views that group by 类 across documents whose
/// printed names differ.
pub fn reference_sql() -> String {
    let rows: Vec<String> =
        LEI_NAMES.iter().map(|(code, name)| format!("({}, {})", sql_str(code), sql_str(name))).collect();
    format!("SELECT * FROM (VALUES {}) AS t(lei_code, lei_name)", rows.join(", "))
}

/// An in-memory DuckDB with a view per dataset of the store at `root` and the canned
/// views. Nothing is written to the store.
pub fn open(root: &Path) -> Result<Connection, CatalogError> {
    open_with(root, Binding::OnUse)
}

/// An in-memory DuckDB over the store with every view bound when created, so that its
/// columns are known at once (the REPL's completion and `.describe`).
pub fn open_bound(root: &Path) -> Result<Connection, CatalogError> {
    open_with(root, Binding::OnCreate)
}

/// An in-memory DuckDB over the store with the views `sql` needs: those it names and the
/// canned views they use. DuckDB parses every view it is given, and the canned ones are
/// long: a one-shot query over one dataset then starts in about 50 ms instead of 70.
/// A statement that names no view, or that lists the catalog (`SHOW`, `DESCRIBE`,
/// `duckdb_views()`, `information_schema`), gets every view.
pub fn open_for(root: &Path, sql: &str) -> Result<Connection, CatalogError> {
    let wanted = views_named(sql);
    open_filtered(root, Binding::OnUse, &|name| wanted.as_ref().is_none_or(|w| w.contains(name)))
}

/// The views a statement needs (by name, case-insensitively, with the canned views they
/// use), or `None` for every view. Names are matched as substrings, so a view is
/// sometimes created that the statement does not use, never the other way round.
fn views_named(sql: &str) -> Option<std::collections::HashSet<&'static str>> {
    let sql = sql.to_ascii_lowercase();
    if ["show", "describe", "duckdb_", "information_schema", "pragma"].iter().any(|k| sql.contains(k)) {
        return None;
    }
    let canned = canned_views();
    let names: Vec<&'static str> =
        ALL.iter().map(|d| d.name).chain(["lei_names"]).chain(canned.iter().map(|v| v.name.as_str())).collect();
    let mut wanted: std::collections::HashSet<&'static str> =
        names.iter().copied().filter(|n| sql.contains(n)).collect();
    if wanted.is_empty() {
        return None;
    }
    // A canned view needs what its body names (datasets, earlier canned views), and so on.
    let mut todo: Vec<&'static str> = wanted.iter().copied().collect();
    while let Some(name) = todo.pop() {
        let Some(v) = canned.iter().find(|v| v.name == name) else { continue };
        let body = v.body.to_ascii_lowercase();
        for &n in &names {
            if body.contains(n) && wanted.insert(n) {
                todo.push(n);
            }
        }
    }
    Some(wanted)
}

fn open_with(root: &Path, binding: Binding) -> Result<Connection, CatalogError> {
    open_filtered(root, binding, &|_| true)
}

fn open_filtered(root: &Path, binding: Binding, wanted: &dyn Fn(&str) -> bool) -> Result<Connection, CatalogError> {
    if !root.is_dir() {
        return Err(CatalogError::NoStore(root.display().to_string()));
    }
    crate::store::check_layout(root)?;
    let conn = Connection::open_in_memory()?;
    for ds in ALL.iter().filter(|d| wanted(d.name)) {
        create_view(&conn, ds.name, &view_sql(root, ds), binding)?;
    }
    if wanted("lei_names") {
        create_view(&conn, "lei_names", &reference_sql(), binding)?;
    }
    for v in canned_views().iter().filter(|v| wanted(&v.name)) {
        create_view(&conn, &v.name, &v.duckdb_body(), binding).map_err(|source| CatalogError::View {
            name: v.name.clone(),
            file: v.file.to_string(),
            source,
        })?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(sql: &str) -> Option<Vec<&'static str>> {
        views_named(sql).map(|w| {
            let mut v: Vec<&'static str> = w.into_iter().collect();
            v.sort();
            v
        })
    }

    #[test]
    fn a_canned_view_brings_the_views_it_reads() {
        let v = named("select * from FINDINGS where year = 2024").unwrap();
        for needed in [
            "findings",
            "units",
            "documents",
            "composition_text",
            "coverage",
            "yoy_text",
            "doc_totals",
            "check_findings",
            "subject_facts",
            "summary_facts",
            "basic_detail",
        ] {
            assert!(v.contains(&needed), "{needed} missing from {v:?}");
        }
        for not_needed in ["sangong", "sangong_table", "jiguan_text", "budget_execution", "signals", "lei_names"] {
            assert!(!v.contains(&not_needed), "{not_needed} in {v:?}");
        }
    }

    #[test]
    fn a_dataset_alone_is_all_a_query_of_it_gets() {
        assert_eq!(named("SELECT count(*) FROM subject_facts WHERE county = '371521'").unwrap(), ["subject_facts"]);
    }

    #[test]
    fn no_view_named_or_the_catalog_listed_means_every_view() {
        for sql in ["SELECT 1", "SHOW TABLES", "describe sangong", "SELECT * FROM duckdb_views()", "PRAGMA show_tables"]
        {
            assert_eq!(named(sql), None, "{sql}");
        }
    }
}
