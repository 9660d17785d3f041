"""Spark local over a juesuan export: session start, spark/init.sql, then each canned
view counted (the first run and the median of the next RUNS). Prints one JSON object
per line. usage: spark_views_bench.py EXPORT_DIR RUNS VIEW...
"""
import json
import pathlib
import tempfile
import statistics
import sys
import time

t0 = time.perf_counter()
from pyspark.sql import SparkSession  # noqa: E402 - the import is part of the start-up

root, runs, views = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    # Nothing written beside the caller (Spark makes spark-warehouse/ in the working directory).
    .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="juesuan-spark-"))
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.driver.memory", "12g")
    .config("spark.sql.session.timeZone", "UTC")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
print(json.dumps({"what": "session", "seconds": time.perf_counter() - t0, "version": spark.version}), flush=True)
t = time.perf_counter()
for statement in (root / "spark" / "init.sql").read_text().split(";\n"):
    if statement.strip():
        spark.sql(statement)
print(json.dumps({"what": "init", "seconds": time.perf_counter() - t}), flush=True)
for v in views:
    times, rows = [], None
    for _ in range(runs + 1):
        t = time.perf_counter()
        rows = spark.sql(f"SELECT count(*) FROM {v}").collect()[0][0]
        times.append(time.perf_counter() - t)
    print(json.dumps({"what": v, "first": times[0], "median": statistics.median(times[1:]), "rows": rows}), flush=True)
spark.stop()
