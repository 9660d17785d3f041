//! 勾稽 checks: the accounting identities within and between the tables, between the text
//! and the tables, within the 绩效 appendix, and at document level. Each rule has a stable
//! id (documented in the README); a finding carries both sides with their lines, the
//! formula in words, the two values and the difference. A difference no larger than the
//! rounding tolerance — 0.01 of the table's printed unit per summed term (the published
//! note: 金额单位转换时可能存在尾数误差) — is `info`, not an error.

mod between;
mod document;
mod perf;
mod statements;
mod text;
mod within;

use rust_decimal::Decimal;

use crate::model::MoneyUnit;
use crate::model::{DocMeta, Facts, TableRole};
pub use crate::model::{Finding, Severity, Side};

/// Collects findings; decides error versus rounding.
#[derive(Default)]
pub struct Findings {
    pub items: Vec<Finding>,
}

impl Findings {
    /// `left = right` within `tol`: equal passes, within tolerance is info, else error.
    /// The formula is built only when something is found (most identities hold).
    pub fn equal(
        &mut self,
        rule: &'static str,
        formula: impl FnOnce() -> String,
        left: Side,
        right: Side,
        tol: Decimal,
    ) {
        let Some(diff) = difference(left.value, right.value) else { return };
        let severity = if diff.abs() <= tol { Severity::Info } else { Severity::Error };
        self.items.push(Finding { rule, severity, formula: formula(), left, right, diff: Some(diff) });
    }

    /// A fact that is wrong on its own (negative amount, unit slip, wrong direction…): the
    /// formula says what is wrong; the sides say where.
    pub fn flag(&mut self, rule: &'static str, severity: Severity, formula: String, left: Side, right: Side) {
        self.items.push(Finding { rule, severity, formula, left, right, diff: None });
    }
}

/// Rounding tolerance for a sum of `terms` amounts printed in `unit`.
pub fn tolerance(unit: MoneyUnit, terms: usize) -> Decimal {
    // 0.01 of the unit per term, scaled once (no conversion at all for 万元): every
    // identity computes one, holding or not.
    unit.to_wanyuan(Decimal::new(terms.max(1) as i64, 2))
}

/// What [`Findings::equal`] compares: `left − right` (blank counted as 0), `None` when
/// both are blank or the difference is zero, i.e. when the identity holds. For the
/// hottest identities, which check this before building their sides.
pub fn difference(left: Option<Decimal>, right: Option<Decimal>) -> Option<Decimal> {
    if left.is_none() && right.is_none() {
        return None;
    }
    let diff = left.unwrap_or_default() - right.unwrap_or_default();
    (!diff.is_zero()).then_some(diff)
}

pub fn side(place: &'static str, line: u32, value: Option<Decimal>) -> Side {
    Side { place, line, value, terms: Vec::new() }
}

/// The sum of several lines' amounts (blank counted as 0).
pub fn sum_side(place: &'static str, terms: &[(Option<Decimal>, u32)]) -> Side {
    let line = terms.first().map(|t| t.1).unwrap_or(0);
    Side { place, line, value: sum(terms.iter().map(|t| t.0)), terms: terms.iter().map(|t| t.1).collect() }
}

/// Terms that hold a value: the rounding tolerance grows with them, not with blanks.
pub fn present(values: impl IntoIterator<Item = Option<Decimal>>) -> usize {
    values.into_iter().filter(Option::is_some).count()
}

/// Σ of optional amounts, blank counted as 0; `None` when all are blank.
pub fn sum(values: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.into_iter().fold(None, |acc, v| match (acc, v) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    })
}

/// The unit a table was printed in (万元 when absent).
pub fn unit_of(facts: &Facts, role: TableRole) -> MoneyUnit {
    facts.table(role).map(|t| t.unit).unwrap_or(MoneyUnit::Wanyuan)
}

/// Every check on one document.
pub fn check(meta: Option<&DocMeta>, facts: &Facts, lines: &[crate::source::Line]) -> Vec<Finding> {
    let mut f = Findings::default();
    let idx = within::Index::new(facts);
    within::run(facts, &idx, &mut f);
    between::run(facts, &idx, &mut f);
    text::run(facts, &idx, &mut f);
    statements::run(meta.map(|m| m.year), facts, &mut f);
    perf::run(facts, &mut f);
    document::run(meta, facts, lines, &mut f);
    // A check that needed a table the document lacks, or whose layout could not be read,
    // could not run: its comparison with nothing is no finding (D-TABLE-* says why).
    let gone: Vec<&str> = facts
        .missing_tables
        .iter()
        .map(|(r, _)| r.id())
        .chain(facts.tables.iter().filter(|t| t.status == crate::model::TableStatus::Unreadable).map(|t| t.role.id()))
        .collect();
    if !gone.is_empty() {
        f.items.retain(|x| {
            x.rule.starts_with("D-TABLE") || !(gone.contains(&x.left.place) || gone.contains(&x.right.place))
        });
    }
    f.items.sort_by_key(|x| (x.left.line, x.rule));
    f.items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Option<Decimal> {
        Some(Decimal::new(v, 2))
    }

    #[test]
    fn an_identity_holds_when_both_sides_are_blank_or_equal_blank_counting_as_zero() {
        assert_eq!(difference(None, None), None);
        assert_eq!(difference(d(0), None), None);
        assert_eq!(difference(d(150), d(150)), None);
        assert_eq!(difference(d(150), None), d(150));
        assert_eq!(difference(None, d(1)), d(-1));
    }

    #[test]
    fn tolerance_is_a_hundredth_of_the_unit_per_term_in_wanyuan() {
        assert_eq!(tolerance(MoneyUnit::Wanyuan, 0), Decimal::new(1, 2));
        assert_eq!(tolerance(MoneyUnit::Wanyuan, 3), Decimal::new(3, 2));
        assert_eq!(tolerance(MoneyUnit::Yuan, 2), Decimal::new(2, 6));
        assert_eq!(tolerance(MoneyUnit::Yiyuan, 1), Decimal::from(100));
    }
}
