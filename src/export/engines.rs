//! What another engine needs to open an export in one step: `spark/init.sql` (typed
//! temporary views over every dataset and dimension, then every canned view, for Spark
//! SQL 3.5 and 4.x) and `trino/create.sql` (external tables over the same folders with a
//! Hive connector, then the canned views). The canned views are the files of `queries/`
//! as written: portable SQL (see `catalog::canned`).

use std::path::Path;

use crate::catalog::{canned_views, sql_str};
use crate::model::{ALL, Dataset, Ty};

/// The partition columns of a dataset's folders, in order.
pub fn partition_columns(ds: &Dataset) -> &'static [&'static str] {
    if ds.by_subject { &["county", "year", "subject"] } else { &["county", "year"] }
}

/// The type of a partition column: `year` a number, `county` and `subject` codes (text,
/// never guessed as numbers).
pub fn partition_type(column: &str) -> Ty {
    if column == "year" { Ty::Int } else { Ty::Text }
}

/// Every column an engine sees of a dataset, with its type: the declared columns and
/// their pages (in the files), then the partition columns (in the folder names).
pub fn columns(ds: &Dataset) -> Vec<(&'static str, Ty)> {
    let mut cols: Vec<(&'static str, Ty)> = ds.columns.iter().map(|c| (c.0, c.1)).collect();
    cols.extend(ds.page_columns().map(|(_, p)| (p, Ty::Int)));
    cols.extend(partition_columns(ds).iter().map(|&c| (c, partition_type(c))));
    cols
}

/// DuckDB over an export's folders, as another engine sees them: every dataset with its
/// partition columns typed as `spark/init.sql` types them, the dimension tables found in
/// the export, then the canned views.
pub fn duckdb_over(export: &Path) -> Result<duckdb::Connection, duckdb::Error> {
    let conn = duckdb::Connection::open_in_memory()?;
    for ds in ALL.iter() {
        let parts = partition_columns(ds);
        let dir = export.join(ds.name);
        let sql = if dir.join("empty.parquet").exists() {
            format!("SELECT * FROM read_parquet({})", sql_str(&dir.join("empty.parquet").to_string_lossy()))
        } else {
            let glob = dir.join(vec!["*"; parts.len()].join("/")).join("*.parquet");
            let types: Vec<String> = parts.iter().map(|p| format!("'{p}': {}", partition_type(p).sql())).collect();
            format!(
                "SELECT * FROM read_parquet({}, hive_partitioning = true, hive_types = {{{}}})",
                sql_str(&glob.to_string_lossy()),
                types.join(", ")
            )
        };
        conn.execute_batch(&format!("CREATE VIEW {} AS {sql}", ds.name))?;
    }
    let mut dims: Vec<String> = std::fs::read_dir(export)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    dims.retain(|d| d.starts_with("dim_"));
    for d in dims {
        let f = export.join(&d).join(format!("{d}.parquet"));
        conn.execute_batch(&format!(
            "CREATE VIEW {d} AS SELECT * FROM read_parquet({})",
            sql_str(&f.to_string_lossy())
        ))?;
    }
    conn.execute_batch("CREATE VIEW lei_names AS SELECT lei_code, lei_name FROM dim_lei")?;
    for v in canned_views() {
        conn.execute_batch(&format!("CREATE VIEW {} AS {}", v.name, v.duckdb_body()))?;
    }
    Ok(conn)
}

fn spark_type(t: Ty) -> &'static str {
    match t {
        Ty::Text => "STRING",
        Ty::Int => "INT",
        Ty::BigInt => "BIGINT",
        Ty::Amount => "DECIMAL(18,6)",
        Ty::Timestamp => "TIMESTAMP",
    }
}

fn trino_type(t: Ty) -> &'static str {
    match t {
        Ty::Text => "varchar",
        Ty::Int => "integer",
        Ty::BigInt => "bigint",
        Ty::Amount => "decimal(18,6)",
        Ty::Timestamp => "timestamp(6) with time zone",
    }
}

/// A DuckDB type name (as `DESCRIBE` gives it) in Trino's words.
fn trino_type_of(duck: &str) -> String {
    match duck {
        "VARCHAR" => "varchar".into(),
        "INTEGER" => "integer".into(),
        "BIGINT" => "bigint".into(),
        "BOOLEAN" => "boolean".into(),
        "DOUBLE" => "double".into(),
        "TIMESTAMP WITH TIME ZONE" => "timestamp(6) with time zone".into(),
        other => other.to_lowercase(),
    }
}

/// A canned view's body without its whole-line comments (a statement file is split at
/// `;` ends of lines, and a comment could end with one).
fn body(sql: &str) -> String {
    sql.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n")
}

/// `spark/init.sql` for an export at `root` with these dimension tables.
pub fn spark_init(root: &Path, dims: &[&str]) -> String {
    let mut s = String::from(
        "-- juesuan export for Spark SQL (3.5 and 4.x): every dataset as a typed view, the\n\
         -- dimension tables, then the canned views of `juesuan repl`.\n\
         --   spark-sql -i EXPORT/spark/init.sql\n\
         --   pyspark: [spark.sql(s) for s in open('EXPORT/spark/init.sql').read().split(';\\n') if s.strip()]\n\
         -- The export's location when it was written: change this line if it moves (hdfs://, s3a://).\n",
    );
    s.push_str(&format!("SET juesuan.export={};\n", root.display()));
    s.push_str(
        "-- Partition folders hold codes (county=371521) and years: never guess them as numbers.\n\
         SET spark.sql.sources.partitionColumnTypeInference.enabled=false;\n",
    );
    for ds in ALL {
        let cols: Vec<String> =
            columns(&ds).iter().map(|(n, t)| format!("CAST({n} AS {}) AS {n}", spark_type(*t))).collect();
        s.push_str(&format!(
            "CREATE OR REPLACE TEMPORARY VIEW {} AS SELECT {} FROM parquet.`${{juesuan.export}}/{}`;\n",
            ds.name,
            cols.join(", "),
            ds.name
        ));
    }
    for d in dims {
        s.push_str(&format!(
            "CREATE OR REPLACE TEMPORARY VIEW {d} AS SELECT * FROM parquet.`${{juesuan.export}}/{d}`;\n"
        ));
    }
    s.push_str("CREATE OR REPLACE TEMPORARY VIEW lei_names AS SELECT lei_code, lei_name FROM dim_lei;\n");
    for v in canned_views() {
        s.push_str(&format!("CREATE OR REPLACE TEMPORARY VIEW {} AS\n{};\n", v.name, body(&v.body)));
    }
    s
}

/// `trino/create.sql`: a schema `juesuan` in a Hive-connector catalog `hive`, an external
/// table per dataset and dimension, the partitions registered, then the canned views.
pub fn trino_create(root: &Path, dims: &[(&str, Vec<(String, String)>)]) -> String {
    let loc = format!("file://{}", root.display());
    let mut s = format!(
        "-- juesuan export for Trino (or Presto) with a Hive-connector catalog named `hive`:\n\
         --   trino --file EXPORT/trino/create.sql\n\
         -- The export's location when it was written: change `{loc}` if it moves (s3://, hdfs://).\n\
         CREATE SCHEMA IF NOT EXISTS hive.juesuan;\n\
         USE hive.juesuan;\n"
    );
    for ds in ALL {
        let cols: Vec<String> = columns(&ds).iter().map(|(n, t)| format!("{n} {}", trino_type(*t))).collect();
        let parts: Vec<String> = partition_columns(&ds).iter().map(|c| format!("'{c}'")).collect();
        s.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {} ({}) WITH (format = 'PARQUET', external_location = '{loc}/{}', partitioned_by = ARRAY[{}]);\n",
            ds.name,
            cols.join(", "),
            ds.name,
            parts.join(", ")
        ));
        s.push_str(&format!("CALL hive.system.sync_partition_metadata('juesuan', '{}', 'FULL');\n", ds.name));
    }
    for (name, cols) in dims {
        let cols: Vec<String> = cols.iter().map(|(n, t)| format!("{n} {}", trino_type_of(t))).collect();
        s.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {name} ({}) WITH (format = 'PARQUET', external_location = '{loc}/{name}');\n",
            cols.join(", ")
        ));
    }
    s.push_str("CREATE OR REPLACE VIEW lei_names AS SELECT lei_code, lei_name FROM dim_lei;\n");
    for v in canned_views() {
        s.push_str(&format!("CREATE OR REPLACE VIEW {} AS\n{};\n", v.name, body(&v.body)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_facts_are_partitioned_by_county_year_and_subject_and_typed_so() {
        let sf = ALL.iter().find(|d| d.name == "subject_facts").unwrap();
        assert_eq!(partition_columns(sf), ["county", "year", "subject"]);
        let init = spark_init(Path::new("/x"), &["dim_lei"]);
        assert!(init.contains("CAST(county AS STRING) AS county, CAST(year AS INT) AS year, CAST(subject AS STRING) AS subject FROM parquet.`${juesuan.export}/subject_facts`"), "{init}");
        assert!(init.contains("CAST(amount AS DECIMAL(18,6)) AS amount"));
        // Every statement ends a line with `;` and no line of a view's body does.
        let statements: Vec<&str> = init.split(";\n").filter(|s| !s.trim().is_empty()).collect();
        assert_eq!(statements.len(), 2 + ALL.len() + 1 + 1 + canned_views().len());
    }
}
