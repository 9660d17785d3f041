#!/usr/bin/env python3
"""Do two juesuan stores hold the same rows? For a change meant to make ingest faster
without changing what it extracts: ingest the same documents with the binary before and
after into two stores, then `python3 benches/compare_stores.py STORE_A STORE_B`.

Every dataset is compared as a multiset (EXCEPT ALL both ways), `ingested_at` left out.
Prints one line per dataset (rows, only in A, only in B) and EQUAL or DIFF; exits 1 on
DIFF. Needs the `duckdb` Python package (`pip install duckdb`).
"""
import glob
import os
import sys

import duckdb


def main(a: str, b: str) -> int:
    con = duckdb.connect()
    bad = 0
    for d in sorted(os.listdir(a)):
        fa = glob.glob(f"{a}/{d}/*/*.parquet")
        if not os.path.isdir(os.path.join(a, d)) or not fa:
            continue
        fb = glob.glob(f"{b}/{d}/*/*.parquet")
        if not fb:
            print(d, "missing in", b)
            bad += 1
            continue
        ra = f"read_parquet({fa!r}, hive_partitioning = true)"
        rb = f"read_parquet({fb!r}, hive_partitioning = true)"
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {ra}").fetchall() if r[0] != "ingested_at"]
        cl = ", ".join(f'"{c}"' for c in cols)
        only_a = con.execute(f"SELECT count(*) FROM (SELECT {cl} FROM {ra} EXCEPT ALL SELECT {cl} FROM {rb})").fetchone()[0]
        only_b = con.execute(f"SELECT count(*) FROM (SELECT {cl} FROM {rb} EXCEPT ALL SELECT {cl} FROM {ra})").fetchone()[0]
        rows = con.execute(f"SELECT count(*) FROM {ra}").fetchone()[0]
        print(d, rows, only_a, only_b)
        bad += only_a + only_b
    print("DIFF" if bad else "EQUAL")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
