//! The stored datasets (declared beside their facts in `model`) as Arrow: their schemas,
//! and the batches built from parsed documents with one generic loop. Amounts are
//! DECIMAL(18,6) in 万元 (exact; 元 sources need 6 places). The partition column
//! `county` lives in the directory names; the clustering columns `year` (every dataset)
//! and `subject` (the 类 of subject-keyed rows) are stored as the files' last columns,
//! which are sorted by them (see `store`).
//! `schema/datasets.toml` declares the same columns for people; a test keeps both equal.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use rust_decimal::Decimal;

use crate::model::{Dataset, Ty};

pub const AMOUNT_PRECISION: u8 = 18;
pub const AMOUNT_SCALE: i8 = 6;

/// A column type as Arrow stores it.
pub fn arrow_type(ty: Ty) -> DataType {
    match ty {
        Ty::Text => DataType::Utf8,
        Ty::Int => DataType::Int32,
        Ty::BigInt => DataType::Int64,
        Ty::Amount => DataType::Decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
        Ty::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
    }
}

/// The Arrow schema of a dataset's stored files ([`Dataset::file_columns`]).
pub fn file_schema(ds: &Dataset) -> SchemaRef {
    Arc::new(Schema::new(ds.file_columns().map(|(n, t, null)| Field::new(n, arrow_type(t), null)).collect::<Vec<_>>()))
}

mod batches;
pub mod derived;
mod rows;
pub mod stored;

pub use batches::*;
pub use rows::Rows;

/// `schema/datasets.toml`, parsed once: the declared columns with their labels and
/// meanings (for `.describe`, the export dictionary, and the test that keeps it equal to
/// the code).
pub fn declared() -> &'static toml::Table {
    static T: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
    T.get_or_init(|| include_str!("../../schema/datasets.toml").parse().expect("schema/datasets.toml parses"))
}

/// (column, "label：meaning") of a dataset, partition columns included.
pub fn column_meanings(name: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = declared()
        .get(name)
        .and_then(|t| t.get("columns"))
        .and_then(|c| c.as_array())
        .map(|cols| {
            cols.iter()
                .filter_map(|c| {
                    let n = c.get("name")?.as_str()?;
                    let label = c.get("label").and_then(|l| l.as_str()).unwrap_or("");
                    let meaning = c.get("meaning").and_then(|l| l.as_str()).unwrap_or("");
                    Some((n.to_string(), format!("{label}：{meaning}")))
                })
                .collect()
        })
        .unwrap_or_default();
    v.push(("county".into(), "县区代码（分区）".into()));
    v.push(("year".into(), "年度（分区）".into()));
    v.push(("subject".into(), "类编码或 total（分区）".into()));
    v
}

/// Decimal → i128 at scale 6. `None` when it has more than 6 places (never rounded) or
/// more than 18 digits (never wrapped); [`crate::model::amount::exact`] has refused such
/// figures before they became facts.
pub fn decimal_to_i128(d: Decimal) -> Option<i128> {
    let scale = AMOUNT_SCALE as u32;
    // Amounts arrive with 2 places (万元) or 6 (from 元): scale them up directly; only
    // more places (trailing zeros, or a value that truly needs them) need normalising.
    let d = if d.scale() > scale { d.normalize() } else { d };
    if d.scale() > scale {
        return None;
    }
    // Powers of ten from a table: `i128::pow` multiplied in a loop for every amount.
    const POW10: [i128; AMOUNT_SCALE as usize + 1] = {
        let mut p = [1i128; AMOUNT_SCALE as usize + 1];
        let mut i = 1;
        while i < p.len() {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let v = d.mantissa().checked_mul(POW10[(scale - d.scale()) as usize])?;
    (v.abs() < 10i128.pow(crate::model::amount::PRECISION)).then_some(v)
}

/// i128 at scale 6 → Decimal.
pub fn i128_to_decimal(v: i128) -> Decimal {
    Decimal::from_i128_with_scale(v, AMOUNT_SCALE as u32)
}

/// One document's rows as the batch builders see them: its id, year (stored with every
/// row; see [`file_schema`]) and the page of each source line (a PDF's; empty
/// for text), from which every line column gets its page.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub id: &'a str,
    pub year: i32,
    pub pages: &'a [u32],
}

/// A test hook: building the rows of the document of this unit panics, as a bug would
/// (set only by the hidden `juesuan ingest --debug-panic-rows UNIT`).
pub static PANIC_FOR_UNIT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn every_dataset_is_written_by_exactly_one_commit_group() {
        let mut names: Vec<&str> = (0..GROUPS).flat_map(|g| group_batches(g, &[])).map(|(ds, _)| ds.name).collect();
        names.sort_unstable();
        let mut all: Vec<&str> = crate::model::ALL.iter().map(|d| d.name).collect();
        all.sort_unstable();
        assert_eq!(names, all);
    }

    #[test]
    fn decimals_round_trip_exactly_at_scale_six() {
        let d = Decimal::from_str("1809.96").unwrap();
        assert_eq!(decimal_to_i128(d), Some(1_809_960_000));
        assert_eq!(i128_to_decimal(1_809_960_000), d);
        assert_eq!(decimal_to_i128(Decimal::from_str("0.0000001").unwrap()), None);
        assert_eq!(decimal_to_i128(Decimal::from_str("0.12345600").unwrap()), Some(123_456));
        assert_eq!(decimal_to_i128(Decimal::from_str("-12.5").unwrap()), Some(-12_500_000));
    }

    proptest::proptest! {
        #[test]
        /// Within DECIMAL(18,6) a figure round-trips exactly; past it there is no value
        /// at all (never one wrapped around).
        fn decimals_at_every_scale_up_to_six_round_trip(m in proptest::num::i64::ANY, scale in 0u32..=6) {
            let d = Decimal::new(m, scale);
            if d.abs() < Decimal::from(1_000_000_000_000i64) {
                let v = decimal_to_i128(d).expect("fits at scale six");
                proptest::prop_assert_eq!(i128_to_decimal(v), d);
                proptest::prop_assert_eq!(v, m as i128 * 10i128.pow(6 - scale));
            } else {
                proptest::prop_assert_eq!(decimal_to_i128(d), None);
            }
        }
    }

    #[test]
    fn declared_schema_file_matches_code() {
        let declared = declared();
        for ds in crate::model::ALL {
            let t = declared[ds.name].as_table().unwrap_or_else(|| panic!("{} not declared", ds.name));
            let cols = t["columns"].as_array().unwrap();
            let names: Vec<&str> = cols.iter().map(|c| c["name"].as_str().unwrap()).collect();
            let types: Vec<&str> = cols.iter().map(|c| c["type"].as_str().unwrap()).collect();
            assert_eq!(names, ds.columns.iter().map(|c| c.0).collect::<Vec<_>>(), "{}", ds.name);
            assert_eq!(types, ds.columns.iter().map(|c| c.1.sql()).collect::<Vec<_>>(), "{}", ds.name);
            assert_eq!(t["by_subject"].as_bool().unwrap(), ds.by_subject, "{}", ds.name);
        }
    }
}
