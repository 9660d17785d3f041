# Shared build environment for developers and CI: sourced by .ci/run and by
# anyone building by hand, so that both reuse one DuckDB build.
# The only place besides src/cli/env.rs that names environment variables.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/juesuan/target}"
export CCACHE_DIR="${CCACHE_DIR:-/var/cache/juesuan/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
if command -v ccache >/dev/null 2>&1; then
  export CC="ccache cc" CXX="ccache c++"
fi
mkdir -p "$CARGO_TARGET_DIR" "$CCACHE_DIR"
