"""Parse every canned view (queries/*.sql) as DuckDB, Spark and Trino SQL with sqlglot,
and the export's trino/create.sql as Trino: the views are written in SQL the three
engines share (Trino has no server here, so it is checked statically).

usage: sql_dialects.py QUERIES_DIR [TRINO_CREATE_SQL]
"""
import pathlib
import sys

import sqlglot
from sqlglot.errors import ErrorLevel

failed = False
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.sql")):
    sql = path.read_text()
    for dialect in ("duckdb", "spark", "trino"):
        try:
            trees = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
            assert len(trees) == 1 and trees[0] is not None, f"{len(trees)} statements"
        except Exception as e:  # noqa: BLE001 - any parse failure is the finding
            failed = True
            print(f"{path.name} as {dialect}: {str(e).splitlines()[0]}")
    print(f"{path.name}: parsed as duckdb, spark and trino")
if len(sys.argv) > 2:
    text = pathlib.Path(sys.argv[2]).read_text()
    statements = [s for s in text.split(";\n") if s.strip()]
    for s in statements:
        try:
            sqlglot.parse_one(s, read="trino", error_level=ErrorLevel.RAISE)
        except Exception as e:  # noqa: BLE001
            failed = True
            print(f"trino/create.sql: {str(e).splitlines()[0]}: {s.strip()[:80]}")
    print(f"trino/create.sql: {len(statements)} statements parsed as trino")
sys.exit(1 if failed else 0)
