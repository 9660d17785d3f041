//! How bad a problem is, and a 勾稽 finding: the rule, both sides with the lines they were
//! read from, the formula in words, the values and their difference. The checks that make
//! findings are in `crate::validate`; the problems of reading a document are
//! `crate::diag` diagnostics, with the same severities.

use std::fmt;

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A rounding difference, a remark: nothing is wrong.
    Info,
    Warning,
    /// Part of the document is lost (a table missing or unreadable) but the rest is
    /// kept: printed as an error, yet it does not fail the document.
    Gap,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Gap | Severity::Error => "error",
        }
    }
}

/// One side of a finding: where the value was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Table role id, or `text` / `perf` / `document`.
    pub place: &'static str,
    pub line: u32,
    pub value: Option<Decimal>,
    /// For a sum: the lines of every term (the first is `line`).
    pub terms: Vec<u32>,
}

impl Side {
    /// Every line this side was read from.
    pub fn lines(&self) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.line).chain(self.terms.iter().copied())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The formula in words, with the subject it was applied to.
    pub formula: String,
    pub left: Side,
    pub right: Side,
    pub diff: Option<Decimal>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_else(|| "空".into());
        write!(f, "{}[{}]: {}", self.severity.label(), self.rule, self.formula)?;
        match self.diff {
            Some(d) => write!(f, ": {} ≠ {} (差 {})", v(self.left.value), v(self.right.value), d.normalize()),
            None => Ok(()),
        }
    }
}

dataset! {
    /// The 勾稽 findings within each document, as `check` reports them.
    FINDINGS = "check_findings" for &'a Finding, rows |_, f| f.findings.iter(), cells |x, _| [
        ("rule", Text, false) => x.rule.into(),
        ("severity", Text, false) => x.severity.label().into(),
        ("formula", Text, false) => (&x.formula).into(),
        ("left_place", Text, false) => x.left.place.into(),
        ("left_line", Int, false) => x.left.line.into(),
        ("left_value", Amount, true) => x.left.value.into(),
        ("right_place", Text, false) => x.right.place.into(),
        ("right_line", Int, false) => x.right.line.into(),
        ("right_value", Amount, true) => x.right.value.into(),
        ("diff", Amount, true) => x.diff.into(),
    ]
}
