//! What an amount may be, said once: every figure juesuan stores — a table cell, a figure
//! of a sentence, a percentage, a score — is a DECIMAL(18,6): exact, at most six decimal
//! places (0.01 元 is 0.000001 万元), and below 10¹² in size. A figure finer or larger than
//! that is an error at its place in the document, never rounded, never wrapped, never a
//! silent NULL.

use rust_decimal::Decimal;

/// Decimal places of every stored figure.
pub const SCALE: u32 = 6;
/// Digits of every stored figure (DECIMAL(18,6)): 12 before the point.
pub const PRECISION: u32 = 18;

/// Why a figure cannot be stored exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("{0} has more than 6 decimal places (finer than 0.01 元 in 万元): not stored rounded")]
    TooPrecise(Decimal),
    #[error("{0} is out of range: a stored figure is below 10^12 (DECIMAL(18,6))")]
    OutOfRange(Decimal),
}

/// The figure as stored, or why it cannot be: the one check every amount, percentage
/// and score passes before it becomes a fact.
pub fn exact(v: Decimal) -> Result<Decimal, AmountError> {
    let n = if v.scale() > SCALE { v.normalize() } else { v };
    if n.scale() > SCALE {
        return Err(AmountError::TooPrecise(v));
    }
    // |v| < 10^12, that is |mantissa| < 10^(12 + scale).
    let limit = 10i128.pow(PRECISION - SCALE + n.scale());
    if n.mantissa().abs() >= limit {
        return Err(AmountError::OutOfRange(v));
    }
    Ok(v)
}

/// The currency unit a table states; amounts are stored in 万元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    Yuan,
    Qianyuan,
    Wanyuan,
    Yiyuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Qianyuan => "千元",
            MoneyUnit::Wanyuan => "万元",
            MoneyUnit::Yiyuan => "亿元",
        }
    }

    /// Convert an amount in this unit to 万元, exactly.
    pub fn to_wanyuan(self, v: Decimal) -> Decimal {
        match self {
            MoneyUnit::Yuan => v / Decimal::from(10_000),
            MoneyUnit::Qianyuan => v / Decimal::from(10),
            MoneyUnit::Wanyuan => v,
            MoneyUnit::Yiyuan => v * Decimal::from(10_000),
        }
    }

    /// The coarser of two units (whose rounding dominates a comparison).
    pub fn max_unit(self, other: MoneyUnit) -> MoneyUnit {
        if self.to_wanyuan(Decimal::ONE) >= other.to_wanyuan(Decimal::ONE) { self } else { other }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn exact_figures_pass_unchanged() {
        for s in ["0", "0.00", "2946.25", "-12.50", "42.381234", "999999999999.999999", "-999999999999.999999"] {
            assert_eq!(exact(d(s)), Ok(d(s)), "{s}");
        }
        // Trailing zeros beyond six places are not precision.
        assert_eq!(exact(d("1.50000000")), Ok(d("1.50000000")));
    }

    /// `423,812.345 元` is 42.3812345 万元: a sub-fen amount once panicked the run.
    #[test]
    fn a_sub_fen_amount_is_too_precise() {
        assert_eq!(exact(d("42.3812345")), Err(AmountError::TooPrecise(d("42.3812345"))));
    }

    /// `99999999999999999999999.00` was once stored wrapped around as 7,886,392,056,513.35.
    #[test]
    fn a_figure_past_decimal_18_6_is_out_of_range() {
        for s in ["1000000000000", "99999999999999999999999.00", "-1000000000000.5", "99999999999999999999.99"] {
            assert_eq!(exact(d(s)), Err(AmountError::OutOfRange(d(s))), "{s}");
        }
    }

    proptest::proptest! {
        /// Whatever the figure, `exact` accepts it exactly when it survives the trip to
        /// DECIMAL(18,6) and back unchanged.
        #[test]
        fn exact_is_what_decimal_18_6_holds(m in proptest::num::i64::ANY, scale in 0u32..=10) {
            let v = Decimal::new(m, scale);
            let fits = v.normalize().scale() <= SCALE && v.abs() < Decimal::from(1_000_000_000_000i64);
            proptest::prop_assert_eq!(exact(v).is_ok(), fits);
        }
    }
}
