"""Read a juesuan export with the readers BI users use (pyarrow, polars, pandas) and
check types and totals against the figures the tool itself computed (argv).

usage: bi_readers.py EXPORT_DIR EXPECTED_EXPENDITURE_TOTAL EXPECTED_DOCUMENTS
"""
import json
import pathlib
import sys
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds

root = pathlib.Path(sys.argv[1])
expected_total = Decimal(sys.argv[2])
expected_docs = int(sys.argv[3])

# Partition columns are codes and years: read them as text and integer.
hive = ds.partitioning(pa.schema([("county", pa.string()), ("year", pa.int32())]), flavor="hive")
# subject_facts is laid out by 类 too.
hive_subject = ds.partitioning(
    pa.schema([("county", pa.string()), ("year", pa.int32()), ("subject", pa.string())]), flavor="hive"
)

# pyarrow
facts = ds.dataset(root / "subject_facts", format="parquet", partitioning=hive_subject).to_table()
assert facts.schema.field("amount").type == pa.decimal128(18, 6), facts.schema.field("amount").type
assert facts.schema.field("subject_code").type == pa.string()
assert facts.schema.field("county").type == pa.string()
for f in facts.schema:
    assert not pa.types.is_floating(f.type), f"float column {f.name}"
    assert not pa.types.is_unsigned_integer(f.type), f"unsigned column {f.name}"
mask = pa.compute.and_(
    pa.compute.and_(pa.compute.equal(facts["table_role"], "expenditure"), pa.compute.equal(facts["row_kind"], "total")),
    pa.compute.equal(facts["measure"], "本年支出合计"),
)
total = pa.compute.sum(facts.filter(mask)["amount"]).as_py()
assert total == expected_total, (total, expected_total)
docs = ds.dataset(root / "documents", format="parquet", partitioning=hive).to_table()
assert docs.num_rows == expected_docs, docs.num_rows
ts = docs.schema.field("ingested_at").type
assert ts.unit == "us" and ts.tz is not None, ts

# polars
lf = pl.scan_parquet(str(root / "subject_facts" / "**" / "*.parquet"), hive_partitioning=True,
                     hive_schema={"county": pl.String, "year": pl.Int32, "subject": pl.String})
df = lf.filter((pl.col("table_role") == "expenditure") & (pl.col("row_kind") == "total")
               & (pl.col("measure") == "本年支出合计")).collect()
assert df.schema["amount"] == pl.Decimal(18, 6), df.schema["amount"]
assert df.schema["county"] == pl.String
assert Decimal(str(df["amount"].sum())) == expected_total, df["amount"].sum()

# pandas
units = pd.read_parquet(root / "dim_units")
assert len(units) == expected_docs
assert units["county"].map(type).eq(str).all()
sangong = pd.read_parquet(root / "views" / "sangong.parquet")
assert isinstance(sangong["actual_total"].dropna().iloc[0], Decimal)

# The dictionary, beside the data and inside the files.
d = json.loads((root / "dictionary.json").read_text(encoding="utf-8"))
assert "subject_facts" in d and any(c["name"] == "amount" for c in d["subject_facts"]["columns"])
meta = pa.parquet.read_schema(next((root / "subject_facts").rglob("*.parquet"))).metadata
assert b"juesuan.dictionary" in meta, meta.keys()
print("ok", total, len(units))
