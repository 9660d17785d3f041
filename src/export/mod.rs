//! Export for BI tools and other engines: the fact datasets (filtered by county/year if
//! asked) as Hive-partitioned Parquet — `county=…/year=…/`, and `subject_facts` by 类 too
//! (`…/subject=…/`) — (zstd, DECIMAL amounts, codes as VARCHAR, microsecond UTC
//! timestamps), dimension tables (units, counties, functional and economic subject
//! codes, one folder each), the canned views materialised, a data dictionary beside the
//! data and in each file's key-value metadata, `spark/init.sql` and `trino/create.sql`
//! (`engines.rs`), and optionally one `.duckdb` file with the same tables and the canned
//! views. Written aside and renamed into place: a reader of the folder never sees half an
//! export. `--merge` adds a store's counties to an existing export (`merge.rs`).

mod engines;
mod merge;

pub use engines::{duckdb_over, partition_columns, partition_type};

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::catalog::canned_views;
use crate::columnar::{column_meanings, declared};
use crate::model::ALL;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} exists (pass --force to replace it)")]
    Exists(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("DuckDB: {0}")]
    Duck(#[from] duckdb::Error),
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error(
        "{dir}: county {county} is already in the export (in {dataset}); --merge adds counties, it does not replace them"
    )]
    CountyExists { dir: PathBuf, county: String, dataset: String },
    #[error("--merge cannot be combined with --{0}")]
    MergeWith(&'static str),
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub county: Option<String>,
    pub year: Option<i32>,
    pub duckdb: bool,
    pub force: bool,
    /// Add this store's counties to the export at `out`, which must not hold them yet.
    pub merge: bool,
}

use crate::catalog::sql_str as q;

/// A dimension table: name, SQL, (column, meaning).
type Dimension = (&'static str, String, Vec<(&'static str, &'static str)>);

fn dimensions(filter: &str) -> Vec<Dimension> {
    vec![
        (
            "dim_units",
            format!("SELECT * FROM units WHERE {filter}"),
            vec![
                ("doc_id", "文档编号"),
                ("unit_name", "单位名称（含范围标记）"),
                ("unit_base", "单位"),
                ("scope", "范围"),
                ("counted", "是否计入县区合计"),
            ],
        ),
        (
            "dim_counties",
            "SELECT code AS county, name AS county_name, city, province FROM counties".to_string(),
            vec![("county", "县区代码（6位）"), ("county_name", "县区"), ("city", "市"), ("province", "省")],
        ),
        (
            "dim_subjects",
            format!(
                "SELECT subject_code, any_value(subject_level) AS subject_level, any_value(parent_code) AS parent_code, mode(subject_name) AS subject_name \
                 FROM subject_facts WHERE subject_code IS NOT NULL AND {filter} GROUP BY subject_code ORDER BY subject_code"
            ),
            vec![
                ("subject_code", "功能分类科目编码"),
                ("subject_level", "级次 1类 2款 3项"),
                ("parent_code", "上级科目"),
                ("subject_name", "科目名称（最常见写法）"),
            ],
        ),
        (
            "dim_econ",
            format!(
                "SELECT econ_code, any_value(econ_level) AS econ_level, any_value(parent_code) AS parent_code, mode(econ_name) AS econ_name, any_value(block) AS block \
                 FROM basic_detail WHERE econ_code IS NOT NULL AND {filter} GROUP BY econ_code ORDER BY econ_code"
            ),
            vec![
                ("econ_code", "经济分类科目编码"),
                ("econ_level", "级次"),
                ("parent_code", "上级科目"),
                ("econ_name", "科目名称"),
                ("block", "人员经费/公用经费"),
            ],
        ),
        (
            "dim_lei",
            "SELECT lei_code, lei_name FROM lei_names ORDER BY lei_code".to_string(),
            vec![("lei_code", "功能分类类编码"), ("lei_name", "类的标准名称（政府收支分类科目）")],
        ),
    ]
}

/// Export the store at `root` into `out`.
pub fn export(root: &Path, out: &Path, opts: &ExportOptions) -> Result<Vec<String>, ExportError> {
    if opts.merge && opts.duckdb {
        return Err(ExportError::MergeWith("duckdb"));
    }
    if opts.merge && opts.force {
        return Err(ExportError::MergeWith("force"));
    }
    let merging = opts.merge && out.exists();
    if out.exists() && !opts.force && !merging {
        return Err(ExportError::Exists(out.to_path_buf()));
    }
    let conn = crate::catalog::open(root)?;
    // One consistent store for the whole export (a commit waits for it to finish).
    let _hold = crate::store::txn::read_guard(root);
    // The county reference list as a table.
    conn.execute_batch("CREATE TEMP TABLE counties (code VARCHAR, name VARCHAR, city VARCHAR, province VARCHAR)")?;
    {
        let mut app = conn.appender("counties")?;
        for c in crate::model::county::all() {
            app.append_row([c.code.as_str(), c.name.as_str(), c.city.as_str(), c.province.as_str()])?;
        }
    }
    let mut filter = vec!["true".to_string()];
    if let Some(c) = &opts.county {
        let code = crate::model::county::lookup(c).map(|x| x.code.clone()).unwrap_or_else(|_| c.clone());
        filter.push(format!("county = {}", q(&code)));
    }
    if let Some(y) = opts.year {
        filter.push(format!("year = {y}"));
    }
    let filter = filter.join(" AND ");
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;

    let mut dictionary = serde_json::Map::new();
    let mut written = Vec::new();
    let mut dim_types: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for ds in ALL {
        let meanings = column_meanings(ds.name);
        let about =
            declared().get(ds.name).and_then(|t| t.get("about")).and_then(|a| a.as_str()).unwrap_or("").to_string();
        let cols: Vec<serde_json::Value> = ds
            .columns
            .iter()
            .map(|(n, t, _)| (n.to_string(), t.sql().to_string()))
            .chain(partition_columns(&ds).iter().map(|&c| (c.to_string(), partition_type(c).sql().to_string())))
            .map(|(n, t)| {
                let m = meanings.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()).unwrap_or_default();
                json!({"name": n, "type": t, "meaning": m})
            })
            .collect();
        let entry = json!({"about": about, "partitioned_by": partition_columns(&ds), "columns": cols});
        let kv = format!(
            "KV_METADATA {{'juesuan.dataset': {}, 'juesuan.dictionary': {}}}",
            q(ds.name),
            q(&entry.to_string())
        );
        dictionary.insert(ds.name.to_string(), entry);
        let select = format!("SELECT * FROM {}", ds.name);
        let partition_by = partition_columns(&ds).join(", ");
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM ({select}) WHERE {filter}"), [], |r| r.get(0))?;
        let dir = tmp.join(ds.name);
        if n == 0 {
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            conn.execute_batch(&format!(
                "COPY ({select} WHERE false) TO {} (FORMAT parquet, COMPRESSION zstd, {kv})",
                q(&dir.join("empty.parquet").to_string_lossy())
            ))?;
        } else {
            conn.execute_batch(&format!(
                "COPY ({select} WHERE {filter}) TO {} (FORMAT parquet, PARTITION_BY ({partition_by}), COMPRESSION zstd, ROW_GROUP_SIZE 122880, {kv})",
                q(&dir.to_string_lossy())
            ))?;
        }
        written.push(ds.name.to_string());
    }
    for (name, sql, meanings) in dimensions(&filter) {
        let entry = json!({"about": "dimension", "columns": meanings.iter().map(|(n, m)| json!({"name": n, "meaning": m})).collect::<Vec<_>>()});
        let kv =
            format!("KV_METADATA {{'juesuan.dataset': {}, 'juesuan.dictionary': {}}}", q(name), q(&entry.to_string()));
        dictionary.insert(name.to_string(), entry);
        // A folder per table, as an engine's external table wants it.
        let dir = tmp.join(name);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        conn.execute_batch(&format!(
            "COPY ({sql}) TO {} (FORMAT parquet, COMPRESSION zstd, {kv})",
            q(&dir.join(format!("{name}.parquet")).to_string_lossy())
        ))?;
        dim_types.push((name, duck_columns(&conn, &format!("SELECT * FROM ({sql}) LIMIT 0"))?));
        written.push(name.to_string());
    }
    let view_dir = tmp.join("views");
    std::fs::create_dir_all(&view_dir).map_err(io(&view_dir))?;
    for v in canned_views() {
        let entry = json!({"about": format!("{}：{}（单位：{}）", v.title, v.description, v.unit),
            "columns": v.columns.iter().map(|(n, m)| json!({"name": n, "meaning": m})).collect::<Vec<_>>()});
        let kv = format!(
            "KV_METADATA {{'juesuan.dataset': {}, 'juesuan.dictionary': {}}}",
            q(&v.name),
            q(&entry.to_string())
        );
        dictionary.insert(format!("views/{}", v.name), entry);
        // A view of reference data (`signal_thresholds`) has no county or year to filter by.
        let columns = duck_columns(&conn, &format!("SELECT * FROM {} LIMIT 0", v.name))?;
        let by_place = columns.iter().any(|c| c.0 == "county") && columns.iter().any(|c| c.0 == "year");
        let view_filter = if by_place { filter.as_str() } else { "true" };
        conn.execute_batch(&format!(
            "COPY (SELECT * FROM {} WHERE {view_filter}) TO {} (FORMAT parquet, COMPRESSION zstd, {kv})",
            v.name,
            q(&view_dir.join(format!("{}.parquet", v.name)).to_string_lossy())
        ))?;
    }
    // Another engine's catalog over the export, where it will stand.
    let at = std::path::absolute(parent).map_err(io(parent))?.join(name);
    let dims: Vec<&str> = dim_types.iter().map(|d| d.0).collect();
    for (sub, file, text) in [
        ("spark", "init.sql", engines::spark_init(&at, &dims)),
        ("trino", "create.sql", engines::trino_create(&at, &dim_types)),
    ] {
        let dir = tmp.join(sub);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        std::fs::write(dir.join(file), text).map_err(io(&dir))?;
    }
    let dict_json = serde_json::to_string_pretty(&serde_json::Value::Object(dictionary.clone())).expect("json");
    std::fs::write(tmp.join("dictionary.json"), dict_json).map_err(io(&tmp))?;
    std::fs::write(tmp.join("dictionary.md"), dictionary_md(&dictionary)).map_err(io(&tmp))?;
    if opts.duckdb {
        let db = tmp.join("juesuan.duckdb");
        conn.execute_batch(&format!("ATTACH {} AS bi", q(&db.to_string_lossy())))?;
        for ds in ALL {
            conn.execute_batch(&format!("CREATE TABLE bi.{0} AS SELECT * FROM {0} WHERE {filter}", ds.name))?;
        }
        for (name, sql, _) in dimensions(&filter) {
            conn.execute_batch(&format!("CREATE TABLE bi.{name} AS {sql}"))?;
        }
        // The reference data the canned views join, under the name they use.
        conn.execute_batch("CREATE VIEW bi.lei_names AS SELECT * FROM bi.dim_lei")?;
        conn.execute_batch("USE bi")?;
        for v in canned_views() {
            conn.execute_batch(&format!("CREATE VIEW {} AS {}", v.name, v.duckdb_body()))?;
        }
        conn.execute_batch("USE memory; DETACH bi")?;
    }
    // Into place: the old export (if replacing) goes aside first, then away.
    if merging {
        merge::merge_into(&conn, &tmp, out)?;
        let _ = std::fs::remove_dir_all(&tmp);
    } else if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old).map_err(io(out))?;
        std::fs::rename(&tmp, out).map_err(io(out))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, out).map_err(io(out))?;
    }
    Ok(written)
}

/// An I/O error at `p`, for `map_err`.
fn io(p: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io { path: p.to_path_buf(), source }
}

/// The columns a query gives, with their DuckDB types.
fn duck_columns(conn: &duckdb::Connection, sql: &str) -> Result<Vec<(String, String)>, duckdb::Error> {
    let mut stmt = conn.prepare(&format!("DESCRIBE {sql}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.collect()
}

fn dictionary_md(d: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut s = String::from(
        "# 数据字典 juesuan export\n\n金额为 DECIMAL(18,6)，单位万元；编码为 VARCHAR；分区列 county（县区代码）、year（年度）。\n",
    );
    for (name, e) in d {
        s.push_str(&format!(
            "\n## {name}\n\n{}\n\n| 列 | 类型 | 含义 |\n|---|---|---|\n",
            e["about"].as_str().unwrap_or("")
        ));
        for c in e["columns"].as_array().into_iter().flatten() {
            s.push_str(&format!(
                "| {} | {} | {} |\n",
                c["name"].as_str().unwrap_or(""),
                c.get("type").and_then(|t| t.as_str()).unwrap_or(""),
                c["meaning"].as_str().unwrap_or("").replace('|', "\\|")
            ));
        }
    }
    s
}
