//! Reports: declarative definitions in `reports/*.toml` (compiled in) — title,
//! parameters with defaults, sections of SQL over the canned views, a chart each —
//! rendered to one self-contained HTML file (inline SVG charts), XLSX (a sheet per
//! section), Markdown or CSV. Parameters are bound, never spliced into SQL. The same
//! store and parameters give byte-identical output.

mod html;
mod svg;
mod xlsx;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use duckdb::Connection;
use duckdb::types::Value;
use serde::Deserialize;

use crate::output::{self, ResultSet};

pub const FILES: &[(&str, &str)] = &[
    ("county_comparison.toml", include_str!("../../reports/county_comparison.toml")),
    ("unit_profile.toml", include_str!("../../reports/unit_profile.toml")),
    ("findings_summary.toml", include_str!("../../reports/findings_summary.toml")),
];

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no report named `{0}` (see `juesuan report list`)")]
    Unknown(String),
    #[error("report {file}: {message}")]
    Definition { file: String, message: String },
    #[error("parameter `{0}` is required")]
    MissingParam(String),
    #[error("parameter `{name}`: {message}")]
    BadParam { name: String, message: String },
    #[error("unknown parameter `{0}`")]
    UnknownParam(String),
    #[error("section “{section}”: {source}")]
    Query { section: String, source: duckdb::Error },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("xlsx: {0}")]
    Xlsx(String),
    #[error(transparent)]
    Duck(#[from] duckdb::Error),
}

#[derive(Debug, Clone, Deserialize)]
pub struct ParamDef {
    pub name: String,
    pub label: String,
    /// `county` (code or name), `integer`, `text`.
    #[serde(rename = "type")]
    pub kind: String,
    pub default: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Chart {
    /// `bar` (ranked), `share` (percentages 0–100), `yoy` (by year).
    pub kind: String,
    pub label: String,
    pub value: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SectionDef {
    pub title: String,
    pub note: String,
    pub sql: String,
    pub chart: Option<Chart>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReportDef {
    pub name: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub params: Vec<ParamDef>,
    pub sections: Vec<SectionDef>,
}

/// Every report definition.
pub fn definitions() -> Result<Vec<ReportDef>, ReportError> {
    FILES
        .iter()
        .map(|(f, t)| {
            toml::from_str(t).map_err(|e| ReportError::Definition { file: f.to_string(), message: e.to_string() })
        })
        .collect()
}

pub fn find(name: &str) -> Result<ReportDef, ReportError> {
    definitions()?.into_iter().find(|d| d.name == name).ok_or_else(|| ReportError::Unknown(name.to_string()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Xlsx,
    Md,
    Csv,
}

impl ReportFormat {
    pub fn ext(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Md => "md",
            ReportFormat::Csv => "csv",
        }
    }
}

/// A resolved parameter: its label, the value shown to readers, the value bound.
#[derive(Debug, Clone)]
pub struct Bound {
    pub label: String,
    pub shown: String,
    pub value: Value,
}

/// A rendered section.
pub struct Section {
    pub def: SectionDef,
    pub rows: ResultSet,
}

pub struct Rendered {
    pub def: ReportDef,
    pub params: Vec<(String, Bound)>,
    pub sections: Vec<Section>,
}

/// Resolve the parameters (defaults, `latest` year, county by code or name).
pub fn bind(
    conn: &Connection,
    def: &ReportDef,
    given: &BTreeMap<String, String>,
) -> Result<Vec<(String, Bound)>, ReportError> {
    for k in given.keys() {
        if !def.params.iter().any(|p| p.name == *k) {
            return Err(ReportError::UnknownParam(k.clone()));
        }
    }
    let mut out: Vec<(String, Bound)> = Vec::new();
    for p in &def.params {
        let raw = given.get(&p.name).cloned().or_else(|| p.default.clone());
        let bad = |m: String| ReportError::BadParam { name: p.name.clone(), message: m };
        let b = match p.kind.as_str() {
            "county" => {
                let spec = match raw {
                    Some(s) => s,
                    None => {
                        let only: Vec<String> = conn
                            .prepare("SELECT DISTINCT county FROM documents")?
                            .query_map([], |r| r.get(0))?
                            .collect::<Result<_, _>>()?;
                        match only.as_slice() {
                            [one] => one.clone(),
                            _ => return Err(ReportError::MissingParam(p.name.clone())),
                        }
                    }
                };
                let c = crate::model::county::lookup(&spec).map_err(|e| bad(e.to_string()))?;
                Bound {
                    label: p.label.clone(),
                    shown: format!("{}（{}）", c.full_name(), c.code),
                    value: Value::Text(c.code.clone()),
                }
            }
            "integer" => {
                let v: i64 = match raw.as_deref() {
                    Some("latest") => {
                        let county = out.iter().find(|(n, _)| n == "county").map(|(_, b)| b.value.clone());
                        let y: Option<i64> = match county {
                            Some(c) => {
                                conn.query_row("SELECT max(year) FROM documents WHERE county = ?", [c], |r| r.get(0))?
                            }
                            None => conn.query_row("SELECT max(year) FROM documents", [], |r| r.get(0))?,
                        };
                        y.ok_or_else(|| bad("no documents for the chosen county".into()))?
                    }
                    Some(s) => s.parse().map_err(|_| bad(format!("`{s}` is not a number")))?,
                    None => return Err(ReportError::MissingParam(p.name.clone())),
                };
                Bound { label: p.label.clone(), shown: v.to_string(), value: Value::BigInt(v) }
            }
            _ => {
                let v = raw.ok_or_else(|| ReportError::MissingParam(p.name.clone()))?;
                Bound { label: p.label.clone(), shown: v.clone(), value: Value::Text(v) }
            }
        };
        out.push((p.name.clone(), b));
    }
    Ok(out)
}

/// `$name` → `?` with the bound values in order of appearance.
pub fn positional(sql: &str, params: &[(String, Bound)]) -> Result<(String, Vec<Value>), ReportError> {
    let mut out = String::with_capacity(sql.len());
    let mut values = Vec::new();
    let mut rest = sql;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        let name = &after[..end];
        let (_, b) =
            params.iter().find(|(n, _)| n == name).ok_or_else(|| ReportError::UnknownParam(name.to_string()))?;
        out.push('?');
        values.push(b.value.clone());
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok((out, values))
}

/// Run every section of a report.
pub fn render(conn: &Connection, def: &ReportDef, given: &BTreeMap<String, String>) -> Result<Rendered, ReportError> {
    let params = bind(conn, def, given)?;
    let mut sections = Vec::new();
    for s in &def.sections {
        let (sql, values) = positional(&s.sql, &params)?;
        let q = |e| ReportError::Query { section: s.title.clone(), source: e };
        let mut stmt = conn.prepare(&sql).map_err(q)?;
        let arrow = stmt.query_arrow(duckdb::params_from_iter(values.iter())).map_err(q)?;
        let schema = arrow.get_schema();
        let batches = arrow.collect();
        sections.push(Section { def: s.clone(), rows: ResultSet { schema, batches } });
    }
    Ok(Rendered { def: def.clone(), params, sections })
}

/// Write `bytes` to `path` atomically: a reader sees the old file or the new, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let io = |e| ReportError::Io { path: path.to_path_buf(), source: e };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("report"),
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Render into files under `out`; returns the paths written.
pub fn write(r: &Rendered, format: ReportFormat, out: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let base = r.def.name.clone();
    match format {
        ReportFormat::Html => {
            let p = out.join(format!("{base}.html"));
            write_atomic(&p, html::page(r).as_bytes())?;
            Ok(vec![p])
        }
        ReportFormat::Xlsx => {
            let p = out.join(format!("{base}.xlsx"));
            write_atomic(&p, &xlsx::workbook(r)?)?;
            Ok(vec![p])
        }
        ReportFormat::Md => {
            let p = out.join(format!("{base}.md"));
            write_atomic(&p, markdown(r).as_bytes())?;
            Ok(vec![p])
        }
        ReportFormat::Csv => {
            let mut v = Vec::new();
            for (i, s) in r.sections.iter().enumerate() {
                let p = out.join(format!("{base}-{:02}.csv", i + 1));
                let mut buf = Vec::new();
                output::render(&s.rows, output::Format::Csv, None, &mut buf)
                    .map_err(|e| ReportError::Io { path: p.clone(), source: e })?;
                write_atomic(&p, &buf)?;
                v.push(p);
            }
            Ok(v)
        }
    }
}

/// Parameters as readers see them: `县区：山东省聊城市阳谷县（371521）；年度：2024`.
pub fn params_line(r: &Rendered) -> String {
    r.params.iter().map(|(_, b)| format!("{}：{}", b.label, b.shown)).collect::<Vec<_>>().join("；")
}

fn markdown(r: &Rendered) -> String {
    let mut s = format!("# {}\n\n{}\n\n{}\n\n金额单位：万元。\n", r.def.title, params_line(r), r.def.description);
    for sec in &r.sections {
        s.push_str(&format!("\n## {}\n\n{}\n\n", sec.def.title, sec.def.note));
        let mut buf = Vec::new();
        let _ = output::render(&sec.rows, output::Format::Markdown, None, &mut buf);
        let text = String::from_utf8_lossy(&buf);
        // The row count line is for terminals; a report states it in Chinese.
        let body: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        if body.len() <= 2 {
            s.push_str("（无数据）\n");
        } else {
            s.push_str(&body.join("\n"));
            s.push_str(&format!("\n\n共 {} 行。\n", sec.rows.rows()));
        }
    }
    s
}

/// Column index by name.
pub fn column(rs: &ResultSet, name: &str) -> Option<usize> {
    rs.schema.fields().iter().position(|f| f.name() == name)
}
