//! Hand-written readers of the small pieces the 情况说明 patterns are made of — a literal,
//! an optional literal, a number, an amount with its unit, a percentage — for the
//! sentences read without a regex. Positions are byte offsets into a width-folded
//! stream, so digits are ASCII.

/// Position after `s` when `h` has it at `i`.
pub fn lit(h: &str, i: usize, s: &str) -> Option<usize> {
    h.get(i..)?.starts_with(s).then_some(i + s.len())
}

/// Position after `s` when `h` has it at `i`, else `i`.
pub fn opt(h: &str, i: usize, s: &str) -> usize {
    lit(h, i, s).unwrap_or(i)
}

/// The first of `words` that `h` has at `i`: the position after it, and the word.
pub fn one_of<'w>(h: &str, i: usize, words: &[&'w str]) -> Option<(usize, &'w str)> {
    words.iter().find_map(|w| lit(h, i, w).map(|e| (e, *w)))
}

/// End of the run of ASCII digits at `i` (`i` when there is none).
pub fn digits_end(h: &str, i: usize) -> usize {
    i + h.as_bytes().get(i..).map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count())
}

/// `(?:\.[0-9]+)?` at `i`: its end (`i` when no digit follows the point).
fn fraction_end(h: &str, i: usize) -> usize {
    let f = lit(h, i, ".").map_or(i, |j| digits_end(h, j));
    if f > i + 1 { f } else { i }
}

/// `[0-9]+(?:\.[0-9]+)?` at `i`: its end.
pub fn decimal_end(h: &str, i: usize) -> Option<usize> {
    let d = digits_end(h, i);
    (d > i).then(|| fraction_end(h, d))
}

/// `NUM(万元|元)` at `i` (see `extract::NUM`): its end, the number and the unit.
pub fn money_at(h: &str, i: usize) -> Option<(usize, (&str, &str))> {
    let unit = |e: usize| {
        let (n, u) = (&h[i..e], &h[e..]);
        if u.starts_with("万元") {
            Some((e + "万元".len(), (n, "万元")))
        } else if u.starts_with("元") {
            Some((e + "元".len(), (n, "元")))
        } else {
            None
        }
    };
    // Grouped thousands first (`1,234.5`), as the pattern's first alternative.
    let d = digits_end(h, i);
    let b = h.as_bytes();
    if (1..=3).contains(&(d - i)) && b.get(d) == Some(&b',') {
        let mut j = d;
        while b.get(j) == Some(&b',') && digits_end(h, j + 1) >= j + 4 {
            j += 4;
        }
        if j > d
            && let Some(m) = unit(fraction_end(h, j))
        {
            return Some(m);
        }
    }
    unit(decimal_end(h, i)?)
}

/// `([0-9]+(?:\.[0-9]+)?)%` at `i`: its end and the number.
pub fn pct_at(h: &str, i: usize) -> Option<(usize, &str)> {
    let e = decimal_end(h, i)?;
    lit(h, e, "%").map(|k| (k, &h[i..e]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_amounts_and_percentages() {
        assert_eq!(decimal_end("12.5万", 0), Some(4));
        assert_eq!(decimal_end("12.万", 0), Some(2));
        assert_eq!(decimal_end("万", 0), None);
        assert_eq!(money_at("1,809.96万元,", 0), Some((14, ("1,809.96", "万元"))));
        assert_eq!(money_at("1234元", 0), Some((7, ("1234", "元"))));
        assert_eq!(money_at("1,2345万元", 0), None);
        assert_eq!(pct_at("48.29%", 0), Some((6, "48.29")));
        assert_eq!(pct_at("48.%", 0), None);
    }
}
