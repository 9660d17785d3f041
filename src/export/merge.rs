//! `export --merge`: a store's export added to an existing one, so that stores ingested on
//! different machines (different counties or provinces) become one dataset. The counties
//! must be new to the export (a county in both is an error naming it, before anything is
//! written). The merged export is assembled beside the old one — its files hard-linked,
//! never copied or rewritten in place — and swapped in by two renames, so a reader sees
//! the old export or the new one. Every canned view keeps to one county (ranks, shares and
//! comparisons within a county-year, last year of the same unit), so the merged views are
//! the two exports' rows together.

use std::path::{Path, PathBuf};

use duckdb::Connection;

use super::{ExportError, io};
use crate::catalog::sql_str as q;
use crate::model::ALL;

/// The `county=…` folders directly under `dir`.
fn counties(dir: &Path) -> Result<Vec<String>, ExportError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for e in std::fs::read_dir(dir).map_err(io(dir))? {
        let name = e.map_err(io(dir))?.file_name().to_string_lossy().into_owned();
        if name.starts_with("county=") {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

/// `from` recreated at `to` with every file hard-linked.
fn link_tree(from: &Path, to: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for e in std::fs::read_dir(from).map_err(io(from))? {
        let e = e.map_err(io(from))?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().map_err(io(&src))?.is_dir() {
            link_tree(&src, &dst)?;
        } else {
            std::fs::hard_link(&src, &dst).map_err(io(&dst))?;
        }
    }
    Ok(())
}

/// The one Parquet file of a dimension or view (`dim_units/dim_units.parquet`,
/// `views/units.parquet`) rewritten as the rows of both exports: written to a new file and
/// renamed over the link, so the old export's file is never touched.
fn combine(conn: &Connection, old: &Path, new: &Path, sql: &str) -> Result<(), ExportError> {
    let fresh = old.with_extension("parquet.new");
    let sql = sql.replace("{old}", &q(&old.to_string_lossy())).replace("{new}", &q(&new.to_string_lossy()));
    conn.execute_batch(&format!("COPY ({sql}) TO {} (FORMAT parquet, COMPRESSION zstd)", q(&fresh.to_string_lossy())))?;
    std::fs::rename(&fresh, old).map_err(io(old))
}

/// Add the export at `new` (written just now, same layout) to the export at `out`.
pub fn merge_into(conn: &Connection, new: &Path, out: &Path) -> Result<(), ExportError> {
    // Refuse before writing anything.
    for ds in ALL {
        let theirs = counties(&out.join(ds.name))?;
        if let Some(c) = counties(&new.join(ds.name))?.into_iter().find(|c| theirs.contains(c)) {
            return Err(ExportError::CountyExists {
                dir: out.to_path_buf(),
                county: c.trim_start_matches("county=").to_string(),
                dataset: ds.name.to_string(),
            });
        }
    }
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stage: PathBuf = parent.join(format!(".{name}.merge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&stage);
    link_tree(out, &stage)?;
    for ds in ALL {
        let (here, add) = (stage.join(ds.name), new.join(ds.name));
        let added = counties(&add)?;
        if added.is_empty() {
            continue;
        }
        // An export with no rows of a dataset holds one empty file instead of partitions.
        let _ = std::fs::remove_file(here.join("empty.parquet"));
        std::fs::create_dir_all(&here).map_err(io(&here))?;
        for c in added {
            std::fs::rename(add.join(&c), here.join(&c)).map_err(io(&here))?;
        }
    }
    // Dimensions: units are per document (disjoint); subject and economic codes are
    // shared (the first export's row kept); the county list and the 类 names are the same.
    for (dim, sql) in [
        ("dim_units", "SELECT * FROM read_parquet({old}) UNION ALL SELECT * FROM read_parquet({new})"),
        (
            "dim_subjects",
            "SELECT * FROM read_parquet({old}) UNION ALL SELECT * FROM read_parquet({new}) \
             WHERE subject_code NOT IN (SELECT subject_code FROM read_parquet({old})) ORDER BY subject_code",
        ),
        (
            "dim_econ",
            "SELECT * FROM read_parquet({old}) UNION ALL SELECT * FROM read_parquet({new}) \
             WHERE econ_code NOT IN (SELECT econ_code FROM read_parquet({old})) ORDER BY econ_code",
        ),
    ] {
        let file = format!("{dim}.parquet");
        combine(conn, &stage.join(dim).join(&file), &new.join(dim).join(&file), sql)?;
    }
    // The views' rows: a view of reference data (no county) is the same in both.
    for v in crate::catalog::canned_views() {
        let file = format!("{}.parquet", v.name);
        let (old, add) = (stage.join("views").join(&file), new.join("views").join(&file));
        let has_county: bool = conn.query_row(
            &format!(
                "SELECT count(*) > 0 FROM (DESCRIBE SELECT * FROM read_parquet({})) WHERE column_name = 'county'",
                q(&old.to_string_lossy())
            ),
            [],
            |r| r.get(0),
        )?;
        let sql = if has_county {
            "SELECT * FROM read_parquet({old}) UNION ALL SELECT * FROM read_parquet({new})"
        } else {
            "SELECT * FROM read_parquet({old})"
        };
        combine(conn, &old, &add, sql)?;
    }
    // Swap: the old export aside, the merged one in, the old one's links away.
    let aside = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(out, &aside).map_err(io(out))?;
    std::fs::rename(&stage, out).map_err(io(out))?;
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}
