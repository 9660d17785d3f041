//! Typed columns of batches read back from the store, by name: what the conversions of
//! older stores read (their files may lack columns added since, so nothing is read by
//! position). A missing or mistyped column is an error, never a panic.

use arrow::array::{ArrayRef, AsArray, Decimal128Array, Int32Array, RecordBatch, StringArray};
use arrow::datatypes::{Decimal128Type, Int32Type};
use arrow::error::ArrowError;

pub fn column(b: &RecordBatch, name: &str) -> Result<ArrayRef, ArrowError> {
    b.column_by_name(name).cloned().ok_or_else(|| ArrowError::SchemaError(format!("no column {name}")))
}

pub fn text(b: &RecordBatch, name: &str) -> Result<StringArray, ArrowError> {
    column(b, name)?.as_string_opt::<i32>().cloned().ok_or_else(|| mistyped(name, "text"))
}

pub fn amounts(b: &RecordBatch, name: &str) -> Result<Decimal128Array, ArrowError> {
    column(b, name)?.as_primitive_opt::<Decimal128Type>().cloned().ok_or_else(|| mistyped(name, "DECIMAL"))
}

pub fn ints(b: &RecordBatch, name: &str) -> Result<Int32Array, ArrowError> {
    column(b, name)?.as_primitive_opt::<Int32Type>().cloned().ok_or_else(|| mistyped(name, "INTEGER"))
}

fn mistyped(name: &str, ty: &str) -> ArrowError {
    ArrowError::SchemaError(format!("{name} is not {ty}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn batch() -> RecordBatch {
        RecordBatch::try_from_iter([("n", Arc::new(Int32Array::from(vec![1, 2])) as ArrayRef)]).unwrap()
    }

    #[test]
    fn a_missing_or_mistyped_column_is_an_error() {
        assert_eq!(ints(&batch(), "n").unwrap().value(1), 2);
        assert!(text(&batch(), "n").unwrap_err().to_string().contains("n is not text"));
        assert!(amounts(&batch(), "x").unwrap_err().to_string().contains("no column x"));
    }
}
