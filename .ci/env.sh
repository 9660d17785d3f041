# Shared build environment for developers and CI: sourced by .ci/run and by anyone
# building by hand, so that both reuse one DuckDB build (about 30 minutes cold on 2 cores).
# Build settings only: the program itself reads its environment in src/cli/mod.rs alone.
#
# Where the target directory and the compiler cache go, first that applies:
#   1. CARGO_TARGET_DIR / CCACHE_DIR as already set by the caller;
#   2. /var/cache/juesuan/… where that is writable (CI and shared build machines);
#   3. ${XDG_CACHE_HOME:-$HOME/.cache}/juesuan/… for any other user (no root needed).
_juesuan_cache=/var/cache/juesuan
if ! { mkdir -p "$_juesuan_cache" 2>/dev/null && [ -w "$_juesuan_cache" ]; }; then
  _juesuan_cache="${XDG_CACHE_HOME:-$HOME/.cache}/juesuan"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$_juesuan_cache/target}"
export CCACHE_DIR="${CCACHE_DIR:-$_juesuan_cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
# The tests' Python (pyarrow, polars, pandas, openpyxl, pyspark, sqlglot), a venv that
# .ci/run makes: the tests use it when it is there, else `python3`.
export JUESUAN_PYVENV="${JUESUAN_PYVENV:-$_juesuan_cache/pyvenv}"
if [ -x "$JUESUAN_PYVENV/bin/python" ]; then
  export JUESUAN_TEST_PYTHON="$JUESUAN_PYVENV/bin/python"
fi
# A second venv with Spark 4 (ANSI SQL by default), on which the Spark test runs too.
if [ -x "$JUESUAN_PYVENV-spark4/bin/python" ]; then
  export JUESUAN_TEST_PYTHON_SPARK4="$JUESUAN_PYVENV-spark4/bin/python"
fi
unset _juesuan_cache
if command -v ccache >/dev/null 2>&1; then
  export CC="ccache cc" CXX="ccache c++"
fi
mkdir -p "$CARGO_TARGET_DIR" "$CCACHE_DIR"
