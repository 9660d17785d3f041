//! Tab completion and multi-line input for the REPL: SQL keywords, view and column
//! names, and the values users type most (unit and county names, subject codes) inside
//! quotes. A statement is complete at a `;` outside quotes; a line starting with `.` is
//! a meta command.

use std::borrow::Cow;

use duckdb::Connection;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "BY",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "JOIN",
    "LEFT",
    "RIGHT",
    "INNER",
    "OUTER",
    "FULL",
    "ON",
    "USING",
    "AS",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS",
    "NULL",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "DISTINCT",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "ROUND",
    "COALESCE",
    "WITH",
    "UNION",
    "ALL",
    "DESC",
    "ASC",
    "FILTER",
    "OVER",
    "PARTITION",
    "QUALIFY",
    "DESCRIBE",
    "SUMMARIZE",
    "PIVOT",
    "EXPLAIN",
    "ANALYZE",
    "CAST",
    "DECIMAL",
    "VARCHAR",
    "INTEGER",
    "TRUE",
    "FALSE",
    "EXCLUDE",
];

/// Completion candidates, loaded once from the catalog.
#[derive(Debug, Default, Clone)]
pub struct Words {
    pub names: Vec<String>,
    pub values: Vec<String>,
}

impl Words {
    /// Views, their columns, and frequent values of the store.
    pub fn load(conn: &Connection) -> Words {
        let list = |sql: &str| -> Vec<String> {
            conn.prepare(sql)
                .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>())
                .unwrap_or_default()
        };
        let mut names = list("SELECT DISTINCT table_name FROM information_schema.tables");
        names.extend(list("SELECT DISTINCT column_name FROM information_schema.columns"));
        names.extend(KEYWORDS.iter().map(|k| k.to_string()));
        names.sort();
        names.dedup();
        let mut values = list(
            "SELECT DISTINCT v FROM (SELECT unit_name AS v FROM documents UNION ALL SELECT unit_base FROM documents \
             UNION ALL SELECT county_name FROM documents UNION ALL SELECT county FROM documents)",
        );
        values.extend(list("SELECT DISTINCT subject_code FROM subject_facts WHERE subject_code IS NOT NULL"));
        values.sort();
        values.dedup();
        Words { names, values }
    }

    /// Candidates for the word ending at `pos`: (start of the word, replacements).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        // Inside a string literal: complete values, closing the quote.
        let quotes = before.matches('\'').count();
        if quotes % 2 == 1 {
            let start = before.rfind('\'').map(|i| i + 1).unwrap_or(pos);
            let prefix = &before[start..];
            let v = self.values.iter().filter(|v| v.starts_with(prefix)).map(|v| format!("{v}'")).collect();
            return (start, v);
        }
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let prefix = &before[start..];
        if prefix.is_empty() {
            return (pos, Vec::new());
        }
        let upper = prefix.to_uppercase();
        let mut v: Vec<String> = self
            .names
            .iter()
            .filter(|n| n.to_uppercase().starts_with(&upper))
            .map(|n| {
                if KEYWORDS.contains(&n.as_str()) && prefix.chars().all(|c| c.is_lowercase() || !c.is_alphabetic()) {
                    n.to_lowercase()
                } else {
                    n.clone()
                }
            })
            .collect();
        v.extend(self.values.iter().filter(|x| x.starts_with(prefix)).map(|x| format!("'{x}'")));
        v.dedup();
        (start, v)
    }
}

/// True when the input is a whole statement or meta command.
pub fn is_complete(input: &str) -> bool {
    let t = input.trim();
    if t.is_empty() || t.starts_with('.') {
        return true;
    }
    let mut in_quote: Option<char> = None;
    let mut last_significant = ' ';
    for line in t.lines() {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match in_quote {
                Some(q) if c == q => in_quote = None,
                Some(_) => {}
                None if c == '\'' || c == '"' => in_quote = Some(c),
                None if c == '-' && chars.peek() == Some(&'-') => break,
                None => {
                    if !c.is_whitespace() {
                        last_significant = c;
                    }
                }
            }
        }
    }
    in_quote.is_none() && last_significant == ';'
}

/// The rustyline helper.
pub struct ReplHelper {
    pub words: Words,
}

impl Completer for ReplHelper {
    type Candidate = Pair;
    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, v) = self.words.complete(line, pos);
        Ok((start, v.into_iter().map(|s| Pair { display: s.clone(), replacement: s }).collect()))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(&'s self, prompt: &'p str, _default: bool) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) { ValidationResult::Valid(None) } else { ValidationResult::Incomplete })
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness() {
        assert!(is_complete("select 1;"));
        assert!(!is_complete("select\n  1"));
        assert!(!is_complete("select ';"));
        assert!(is_complete("select ';';"));
        assert!(is_complete(".help"));
        assert!(!is_complete("select 1 -- ;"));
    }

    #[test]
    fn candidates() {
        let w = Words { names: vec!["sangong".into(), "SELECT".into()], values: vec!["阳谷县".into()] };
        assert_eq!(w.complete("sel", 3), (0, vec!["select".to_string()]));
        assert_eq!(w.complete("from sa", 7), (5, vec!["sangong".to_string()]));
        let line = "where county_name = '阳";
        assert_eq!(w.complete(line, line.len()), (line.len() - "阳".len(), vec!["阳谷县'".to_string()]));
    }
}
