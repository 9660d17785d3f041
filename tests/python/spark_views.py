"""Open a juesuan export in Spark through its spark/init.sql, run every canned view, and
compare each view's rows, as multisets with decimals exact, with the rows juesuan's
DuckDB wrote beside them (views/NAME.parquet).

usage: spark_views.py EXPORT_DIR NUMBER_OF_CANNED_VIEWS
Prints one line per view and exits 1 on any difference.
"""
import collections
import datetime
import decimal
import pathlib
import sys

import pyarrow.parquet as pq

from juesuan_spark import run_init, session

root = pathlib.Path(sys.argv[1])
spark = session(spark_sql_shuffle_partitions="4")
print("spark", spark.version)
run_init(spark, root)

# Codes stay text, years integers: the partition folders are not guessed as numbers.
schema = {f.name: f.dataType.simpleString() for f in spark.table("subject_facts").schema}
assert schema["county"] == "string" and schema["year"] == "int" and schema["subject"] == "string", schema
assert schema["amount"] == "decimal(18,6)", schema


def norm(v):
    if isinstance(v, decimal.Decimal):
        return ("d", v.normalize() if v != 0 else decimal.Decimal(0))
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, int):
        return ("i", v)
    if isinstance(v, float):
        raise AssertionError(f"a float in a view: {v!r}")
    if isinstance(v, (datetime.datetime, datetime.date)):
        return ("t", v.isoformat())
    return ("s", v)


failed = False
views = sorted(p.stem for p in (root / "views").glob("*.parquet"))
assert len(views) == int(sys.argv[2]), views
for name in views:
    expected = pq.read_table(root / "views" / f"{name}.parquet")
    frame = spark.sql(f"SELECT * FROM {name}")
    if frame.columns != expected.column_names:
        print(f"{name}: columns differ: spark {frame.columns} duckdb {expected.column_names}")
        failed = True
        continue
    got = collections.Counter(tuple(norm(x) for x in row) for row in frame.collect())
    want = collections.Counter(tuple(norm(r[c]) for c in expected.column_names) for r in expected.to_pylist())
    if got != want:
        failed = True
        print(f"{name}: rows differ ({sum(got.values())} on spark, {sum(want.values())} from juesuan)")
        for row in list((got - want).elements())[:3]:
            print("  only on spark:", row)
        for row in list((want - got).elements())[:3]:
            print("  only in juesuan:", row)
    else:
        print(f"{name}: {sum(got.values())} rows equal")
spark.stop()
sys.exit(1 if failed else 0)
