"""Spark local over a juesuan export: session start, spark/init.sql, then each canned
view counted (the first run and the median of the next RUNS). Prints one JSON object
per line. usage: spark_views_bench.py EXPORT_DIR RUNS VIEW...
"""
import json
import pathlib
import statistics
import sys
import time

# The shared session setup lives beside the Spark test.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "python"))

t0 = time.perf_counter()
from juesuan_spark import run_init, session  # noqa: E402 - the import is part of the start-up

root, runs, views = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
spark = session(spark_driver_memory="12g")
print(json.dumps({"what": "session", "seconds": time.perf_counter() - t0, "version": spark.version}), flush=True)
t = time.perf_counter()
run_init(spark, root)
print(json.dumps({"what": "init", "seconds": time.perf_counter() - t}), flush=True)
for v in views:
    times, rows = [], None
    for _ in range(runs + 1):
        t = time.perf_counter()
        rows = spark.sql(f"SELECT count(*) FROM {v}").collect()[0][0]
        times.append(time.perf_counter() - t)
    print(json.dumps({"what": v, "first": times[0], "median": statistics.median(times[1:]), "rows": rows}), flush=True)
spark.stop()
