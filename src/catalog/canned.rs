//! Canned views: `queries/*.sql`, compiled in. Each file opens with a header the tool
//! reads — `-- name:`, `-- title:` (中文), `-- description:`, `-- unit:`, and one
//! `-- column: name | meaning` per explained column — followed by a SELECT.

use std::sync::OnceLock;

/// Files in creation order (a view may use the ones before it).
pub const FILES: &[(&str, &str)] = &[
    ("units.sql", include_str!("../../queries/units.sql")),
    ("sangong.sql", include_str!("../../queries/sangong.sql")),
    ("jiguan_yunxing.sql", include_str!("../../queries/jiguan_yunxing.sql")),
    ("procurement_shares.sql", include_str!("../../queries/procurement_shares.sql")),
    ("unit_totals.sql", include_str!("../../queries/unit_totals.sql")),
    ("subject_spending.sql", include_str!("../../queries/subject_spending.sql")),
    ("budget_execution.sql", include_str!("../../queries/budget_execution.sql")),
    ("coverage.sql", include_str!("../../queries/coverage.sql")),
    ("findings_across.sql", include_str!("../../queries/findings_across.sql")),
    ("findings.sql", include_str!("../../queries/findings.sql")),
    ("rule_runs.sql", include_str!("../../queries/rule_runs.sql")),
    ("signal_thresholds.sql", include_str!("../../queries/signal_thresholds.sql")),
    ("signals.sql", include_str!("../../queries/signals.sql")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct CannedView {
    pub file: &'static str,
    pub name: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    /// (column, meaning) for the columns the header explains.
    pub columns: Vec<(String, String)>,
    pub body: String,
}

/// Parse a canned query file. `None` when the header lacks a name.
pub fn parse(file: &'static str, text: &str) -> Option<CannedView> {
    let mut v = CannedView {
        file,
        name: String::new(),
        title: String::new(),
        description: String::new(),
        unit: String::new(),
        columns: Vec::new(),
        body: String::new(),
    };
    let mut body = Vec::new();
    let mut in_header = true;
    for line in text.lines() {
        let header = in_header.then(|| line.strip_prefix("--")).flatten();
        let Some(h) = header else {
            in_header = false;
            body.push(line);
            continue;
        };
        let h = h.trim();
        let (key, value) = h.split_once(':').map(|(k, v)| (k.trim(), v.trim())).unwrap_or((h, ""));
        match key {
            "name" => v.name = value.to_string(),
            "title" => v.title = value.to_string(),
            "description" => v.description = value.to_string(),
            "unit" => v.unit = value.to_string(),
            "column" => {
                if let Some((c, m)) = value.split_once('|') {
                    v.columns.push((c.trim().to_string(), m.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    v.body = body.join("\n").trim().trim_end_matches(';').to_string();
    (!v.name.is_empty()).then_some(v)
}

/// What a canned view's body may say only to DuckDB: `/* duckdb: WORD */`, a comment to
/// every other engine, the keyword itself in DuckDB. One hint is used — `MATERIALIZED`
/// on two CTEs of `findings_across`, which DuckDB would otherwise inline into a plan ten
/// times the rows — and it changes the plan, never the rows.
const DUCKDB_HINT: &str = "/* duckdb: ";

impl CannedView {
    /// The body as DuckDB runs it: each `/* duckdb: WORD */` hint made the keyword.
    pub fn duckdb_body(&self) -> String {
        let mut out = String::with_capacity(self.body.len());
        let mut rest = self.body.as_str();
        while let Some(i) = rest.find(DUCKDB_HINT) {
            out.push_str(&rest[..i]);
            let after = &rest[i + DUCKDB_HINT.len()..];
            match after.find(" */") {
                Some(j) => {
                    out.push_str(&after[..j]);
                    rest = &after[j + 3..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Every canned view, parsed once.
pub fn canned_views() -> &'static [CannedView] {
    static V: OnceLock<Vec<CannedView>> = OnceLock::new();
    V.get_or_init(|| FILES.iter().filter_map(|(f, t)| parse(f, t)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canned views are written in the SQL that DuckDB, Spark SQL and Trino all take
    /// (issue 23): none of the DuckDB dialect the views once used, and DuckDB's one hint
    /// only as a comment. (`tests/python/spark_views.py` parses them for the three
    /// dialects and runs them on Spark.)
    #[test]
    fn the_canned_views_say_nothing_only_duckdb_understands() {
        let banned = [
            ("::", "a `::` cast (CAST(x AS T))"),
            (" EXCLUDE", "`* EXCLUDE` (list the columns)"),
            ("QUALIFY", "QUALIFY (a subquery on row_number())"),
            ("FILTER (", "an aggregate FILTER (CASE inside the aggregate)"),
            ("UNNEST", "unnest"),
            ("[", "a list literal"),
            ("GROUP BY ALL", "GROUP BY ALL"),
            ("LATERAL", "LATERAL"),
            ("UBIGINT", "UBIGINT"),
            ("HUGEINT", "HUGEINT"),
            ("ANY_VALUE", "any_value (Trino: arbitrary)"),
            ("ARG_M", "arg_min / arg_max"),
            ("STRUCT_PACK", "a struct"),
            ("{", "a struct literal"),
            ("STRING_AGG", "string_agg"),
        ];
        for v in canned_views() {
            let code: String = v
                .body
                .lines()
                .map(|l| l.split("--").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&format!("{DUCKDB_HINT}MATERIALIZED */"), "");
            let upper = code.to_uppercase();
            for (bad, what) in banned {
                assert!(!upper.contains(bad), "{}: {what}", v.file);
            }
            assert!(!upper.contains("MATERIALIZED"), "{}: MATERIALIZED outside its hint", v.file);
            assert!(!upper.contains("/* DUCKDB:"), "{}: a DuckDB hint other than MATERIALIZED", v.file);
        }
    }

    #[test]
    fn a_duckdb_hint_is_a_keyword_in_duckdb_and_a_comment_elsewhere() {
        let v = canned_views().iter().find(|v| v.name == "findings_across").unwrap();
        assert!(v.body.contains("u AS /* duckdb: MATERIALIZED */ ("));
        let d = v.duckdb_body();
        assert!(d.contains("u AS MATERIALIZED (") && d.contains("stated AS MATERIALIZED (") && !d.contains("/*"));
    }

    #[test]
    fn every_query_file_is_compiled_in_and_has_a_header() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "add new queries/*.sql files to FILES");
        assert_eq!(canned_views().len(), FILES.len(), "every file has a `-- name:` header");
        for v in canned_views() {
            assert!(!v.title.is_empty() && !v.description.is_empty() && !v.unit.is_empty(), "{}", v.file);
            assert_eq!(format!("{}.sql", v.name), v.file);
            assert!(
                v.body.to_uppercase().starts_with("SELECT") || v.body.to_uppercase().starts_with("WITH"),
                "{}",
                v.file
            );
        }
    }
}
