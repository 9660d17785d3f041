//! Amount cells: exact decimals from the many ways a published table writes a number.
//!
//! `1,809.96`, `１,８０９.９６`, `（12.50）` (negative), `-`/`—`/`－` (no value), blank
//! (no value). Blank is `None`, never zero; `0.00` is zero.

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::model::MoneyUnit;
use crate::source::has_digit;
use crate::source::squash;

/// Recognise `金额单位：万元`, `单位：元`, `单位: 万元` anywhere in a line.
pub fn unit_from_line(text: &str) -> Option<MoneyUnit> {
    let t = squash(text);
    let pos = t.find("单位:")?;
    let rest = &t[pos + "单位:".len()..];
    [("亿元", MoneyUnit::Yiyuan), ("万元", MoneyUnit::Wanyuan), ("千元", MoneyUnit::Qianyuan), ("元", MoneyUnit::Yuan)]
        .into_iter()
        .find(|(l, _)| rest.starts_with(l))
        .map(|(_, u)| u)
}

/// A cell that should have held an amount but did not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an amount")]
pub struct AmountError(pub String);

/// Parse an amount cell. `Ok(None)` for blank or a dash.
pub fn parse_amount(cell: &str) -> Result<Option<Decimal>, AmountError> {
    // Fast path: plain ASCII digits with thousands separators (nearly every cell).
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') && t.as_bytes()[0].is_ascii_digit() {
        if let Some(v) = plain_digits(t) {
            return Ok(Some(v));
        }
        let v = if t.contains(',') { Decimal::from_str(&t.replace(',', "")) } else { Decimal::from_str(t) };
        return v.map(Some).map_err(|_| AmountError(cell.to_string()));
    }
    // Names and labels (most cells that are not plain numbers) have no digit at all:
    // they are a dash, or not an amount.
    if !has_digit(t) {
        let mut rest = t.chars().filter(|c| !c.is_whitespace()).peekable();
        return if rest.peek().is_some() && rest.all(|c| is_dash_char(c) || c == '／') {
            Ok(None)
        } else {
            Err(AmountError(cell.to_string()))
        };
    }
    let t = squash(cell);
    if t.is_empty() || is_dash(&t) {
        return Ok(None);
    }
    let (neg, body) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (true, inner)
    } else {
        (false, &*t)
    };
    let body: String = body.chars().filter(|&c| c != ',' && c != '，').collect();
    let body = body.replace('。', ".");
    let ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
        && body.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(AmountError(cell.to_string()));
    }
    let v = Decimal::from_str(&body).map_err(|_| AmountError(cell.to_string()))?;
    Ok(Some(if neg { -v } else { v }))
}

/// `1,809.96` read straight into mantissa and scale (no string copy, no general
/// parser); `None` leaves anything unusual — a second point, a trailing point, more
/// than 18 digits — to `Decimal::from_str`.
fn plain_digits(t: &str) -> Option<Decimal> {
    let (mut m, mut digits, mut scale, mut point) = (0u64, 0u32, 0u32, false);
    for b in t.bytes() {
        match b {
            // Past 18 digits the general parser decides (and `m` would overflow).
            b'0'..=b'9' if digits == 18 => return None,
            b'0'..=b'9' => {
                m = m * 10 + u64::from(b - b'0');
                digits += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            b',' if !point => {}
            _ => return None,
        }
    }
    (digits <= 18 && (!point || scale > 0)).then(|| Decimal::from_i128_with_scale(i128::from(m), scale))
}

fn is_dash(t: &str) -> bool {
    !t.is_empty() && t.chars().all(is_dash_char)
}

fn is_dash_char(c: char) -> bool {
    matches!(c, '-' | '—' | '－' | '–' | '/' | '─' | '―')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amt(s: &str) -> Option<Decimal> {
        parse_amount(s).unwrap()
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// 23 digits once overflowed the fast path (a panic with overflow checks, a wrapped
    /// value without); the general parser reads them exactly.
    #[test]
    fn more_digits_than_the_fast_path_holds_are_read_exactly() {
        assert_eq!(amt("99999999999999999999999.00"), Some(d("99999999999999999999999.00")));
        assert_eq!(amt("1234567890123456789"), Some(d("1234567890123456789")));
    }

    #[test]
    fn thousands_separators_and_full_width() {
        assert_eq!(amt("1,809.96"), Some(d("1809.96")));
        assert_eq!(amt("１,８０９.９６"), Some(d("1809.96")));
    }

    #[test]
    fn plain_digits_agree_with_the_general_parser() {
        for t in ["0", "0.00", "1,809.96", "6562.78", "12", "1,234,567.891", "000.10", "999999999999999999", "1.5"] {
            let general = Decimal::from_str(&t.replace(',', "")).unwrap();
            let fast = plain_digits(t).unwrap();
            assert_eq!((fast, fast.scale()), (general, general.scale()), "{t}");
        }
        for t in ["1.2.3", "12.", "1.2,3", "1234567890123456789"] {
            assert_eq!(plain_digits(t), None, "{t}");
        }
    }

    #[test]
    fn parentheses_are_negative() {
        assert_eq!(amt("（12.50）"), Some(d("-12.50")));
        assert_eq!(amt("(3)"), Some(d("-3")));
    }

    #[test]
    fn blank_and_dashes_are_null_but_zero_is_zero() {
        assert_eq!(amt(""), None);
        assert_eq!(amt(" "), None);
        for dash in ["-", "—", "－", "--"] {
            assert_eq!(amt(dash), None, "{dash}");
        }
        assert_eq!(amt("0.00"), Some(Decimal::ZERO));
    }

    #[test]
    fn words_are_not_amounts() {
        assert!(parse_amount("合计").is_err());
        assert!(parse_amount("12万元").is_err());
        assert!(parse_amount("- x").is_err());
        assert_eq!(parse_amount("／"), Ok(None));
        assert_eq!(parse_amount(" － － "), Ok(None));
    }

    #[test]
    fn units_are_recognised_and_converted_exactly() {
        assert_eq!(unit_from_line("金额单位：万元"), Some(MoneyUnit::Wanyuan));
        assert_eq!(unit_from_line(" 单位：元"), Some(MoneyUnit::Yuan));
        assert_eq!(unit_from_line("部门：某局"), None);
        assert_eq!(MoneyUnit::Yuan.to_wanyuan(d("18099600.00")), d("1809.96"));
        assert_eq!(MoneyUnit::Yuan.to_wanyuan(d("1.23")), d("0.000123"));
    }
}
