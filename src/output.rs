//! Query results and their renderings: an aligned grid for people (Chinese counted two
//! columns wide, amounts right-aligned with thousands separators and 2 decimals), and
//! CSV, TSV, JSON, NDJSON, Markdown and Parquet for machines. Machine formats keep every
//! decimal exactly (trailing zeros past the second place dropped).

use std::io::{self, Write};
use std::str::FromStr;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Decimal128Type, SchemaRef};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use duckdb::Connection;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Ndjson,
    Markdown,
    Parquet,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        <Format as clap::ValueEnum>::from_str(s, true)
    }
}

/// The rows of one statement.
pub struct ResultSet {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl ResultSet {
    pub fn rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }
}

/// Run one statement and collect its rows.
pub fn run(conn: &Connection, sql: &str) -> Result<ResultSet, duckdb::Error> {
    let mut stmt = conn.prepare(sql)?;
    let arrow = stmt.query_arrow([])?;
    let schema = arrow.get_schema();
    let batches: Vec<RecordBatch> = arrow.collect();
    Ok(ResultSet { schema, batches })
}

/// Split a script into statements at `;` outside quotes and comments.
pub fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    cur.push(c);
                }
                '-' if chars.peek() == Some(&'-') => {
                    for c2 in chars.by_ref() {
                        if c2 == '\n' {
                            cur.push('\n');
                            break;
                        }
                    }
                }
                ';' => {
                    if !cur.trim().is_empty() {
                        out.push(cur.trim().to_string());
                    }
                    cur.clear();
                }
                _ => cur.push(c),
            },
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn decimal_text(v: i128, scale: i8) -> String {
    let d = Decimal::from_i128_with_scale(v, scale.max(0) as u32);
    let mut s = d.normalize().to_string();
    if !s.contains('.') {
        s.push_str(".00");
    } else if s.split('.').nth(1).is_some_and(|f| f.len() < 2) {
        s.push('0');
    }
    s
}

/// `1234567.5` → `1,234,567.50`.
pub fn grouped(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut out = String::with_capacity(s.len() + 4);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}

/// Text of every cell, `None` for NULL; decimals for people or for machines.
pub fn cells(rs: &ResultSet, for_people: bool, limit: usize) -> Vec<Vec<Option<String>>> {
    let opts = FormatOptions::default();
    let mut rows = Vec::new();
    for b in &rs.batches {
        let fmts: Vec<Option<ArrayFormatter>> =
            b.columns().iter().map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).ok()).collect();
        for i in 0..b.num_rows() {
            if rows.len() >= limit {
                return rows;
            }
            let row = b
                .columns()
                .iter()
                .zip(&fmts)
                .map(|(col, f)| {
                    if col.is_null(i) {
                        return None;
                    }
                    if let DataType::Decimal128(_, scale) = col.data_type() {
                        let v = col.as_primitive::<Decimal128Type>().value(i);
                        return Some(if for_people {
                            grouped(Decimal::from_i128_with_scale(v, (*scale).max(0) as u32))
                        } else {
                            decimal_text(v, *scale)
                        });
                    }
                    Some(f.as_ref().map(|f| f.value(i).to_string()).unwrap_or_default())
                })
                .collect();
            rows.push(row);
        }
    }
    rows
}

pub fn is_numeric(t: &DataType) -> bool {
    t.is_numeric() || matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..))
}

/// Write a result in a format. `max_rows` cuts grids (with a note), not machine formats.
pub fn render(rs: &ResultSet, format: Format, max_rows: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let names: Vec<String> = rs.schema.fields().iter().map(|f| f.name().clone()).collect();
    let total = rs.rows();
    match format {
        Format::Table | Format::Markdown => {
            let limit = max_rows.unwrap_or(usize::MAX);
            let rows = cells(rs, true, limit);
            if format == Format::Markdown {
                writeln!(out, "| {} |", names.iter().map(|n| md(n)).collect::<Vec<_>>().join(" | "))?;
                let aligns: Vec<&str> =
                    rs.schema.fields().iter().map(|f| if is_numeric(f.data_type()) { "---:" } else { "---" }).collect();
                writeln!(out, "|{}|", aligns.join("|"))?;
                for r in &rows {
                    let v: Vec<String> = r.iter().map(|c| md(c.as_deref().unwrap_or(""))).collect();
                    writeln!(out, "| {} |", v.join(" | "))?;
                }
            } else {
                let mut t = Table::new();
                t.load_style(UTF8_FULL_CONDENSED);
                t.set_header(names.clone());
                for r in &rows {
                    t.add_row(r.iter().map(|c| c.clone().unwrap_or_else(|| "NULL".into())).collect::<Vec<_>>());
                }
                for (j, f) in rs.schema.fields().iter().enumerate() {
                    if is_numeric(f.data_type())
                        && let Some(c) = t.column_mut(j)
                    {
                        c.set_cell_alignment(CellAlignment::Right);
                    }
                }
                writeln!(out, "{t}")?;
            }
            if rows.len() < total {
                writeln!(out, "{total} rows (showing {})", rows.len())?;
            } else {
                writeln!(out, "{total} {}", if total == 1 { "row" } else { "rows" })?;
            }
        }
        Format::Csv | Format::Tsv => {
            let sep = if format == Format::Csv { ',' } else { '\t' };
            let quote = |s: &str| {
                if format == Format::Csv && s.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else if format == Format::Tsv {
                    s.replace(['\t', '\n'], " ")
                } else {
                    s.to_string()
                }
            };
            writeln!(out, "{}", names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(&sep.to_string()))?;
            for r in cells(rs, false, usize::MAX) {
                let v: Vec<String> = r.iter().map(|c| quote(c.as_deref().unwrap_or(""))).collect();
                writeln!(out, "{}", v.join(&sep.to_string()))?;
            }
        }
        Format::Json | Format::Ndjson => {
            let rows = cells(rs, false, usize::MAX);
            let objs: Vec<String> = rows
                .iter()
                .map(|r| {
                    let fields: Vec<String> = r
                        .iter()
                        .zip(rs.schema.fields())
                        .map(|(c, f)| {
                            let key = serde_json::to_string(f.name()).expect("string serialises");
                            let val = match c {
                                None => "null".to_string(),
                                Some(v) if is_numeric(f.data_type()) => v.clone(),
                                Some(v) if *f.data_type() == DataType::Boolean => v.clone(),
                                Some(v) => serde_json::to_string(v).expect("string serialises"),
                            };
                            format!("{key}:{val}")
                        })
                        .collect();
                    format!("{{{}}}", fields.join(","))
                })
                .collect();
            if format == Format::Json {
                writeln!(out, "[{}]", objs.join(",\n"))?;
            } else {
                for o in objs {
                    writeln!(out, "{o}")?;
                }
            }
        }
        Format::Parquet => {
            let mut buf = Vec::new();
            let mut w = parquet::arrow::ArrowWriter::try_new(&mut buf, rs.schema.clone(), None)
                .map_err(|e| io::Error::other(e.to_string()))?;
            for b in &rs.batches {
                w.write(b).map_err(|e| io::Error::other(e.to_string()))?;
            }
            w.close().map_err(|e| io::Error::other(e.to_string()))?;
            out.write_all(&buf)?;
        }
    }
    Ok(())
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_outside_quotes_and_comments() {
        let v = split_statements("select ';' as a; -- c; x\nselect 2;;");
        assert_eq!(v, vec!["select ';' as a", "select 2"]);
    }

    #[test]
    fn grouped_amounts() {
        assert_eq!(grouped(Decimal::from_str("6562.78").unwrap()), "6,562.78");
        assert_eq!(grouped(Decimal::from_str("-1234567.5").unwrap()), "-1,234,567.50");
        assert_eq!(decimal_text(6_562_780_000, 6), "6562.78");
        assert_eq!(decimal_text(123, 6), "0.000123");
        assert_eq!(decimal_text(5, 0), "5.00");
    }
}
