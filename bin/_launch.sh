# Shared by the bin/ launchers; sourced, never run. Builds a module's runnable artifacts on first
# use (or when a source file is newer than the build), then exec's the JVM so the PID a user sees
# is the program's own.
#
#   launch MODULE_DIR MAIN_CLASS [--spark] -- ARGS...
#
# Environment:
#   DSUITE_JAVA_OPTS   extra JVM flags (e.g. -Xmx2g)
#   DSUITE_LOG_DIR     where this process's log file goes (default: $DSUITE_HOME/state/logs)
#   DSUITE_LOG_LEVEL   root log level (default INFO)
#   DSUITE_NO_BUILD=1  never build: use the artifacts as they are; fail if they are missing
set -euo pipefail

DSUITE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DSUITE_HOME

# Spark 4 on JDK 17 (shared/TOOLCHAIN.md); used only where Spark runs.
DSUITE_SPARK_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
)

dsuite_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Prints the module's main jar (not the shaded or sources jars), or nothing.
dsuite_jar() {
  local target="$DSUITE_HOME/$1/target"
  local jar
  for jar in "$target"/*.jar; do
    case "$jar" in
      *-sources.jar | *-javadoc.jar | *-submit.jar | *-tests.jar) ;;
      *) [ -f "$jar" ] && { echo "$jar"; return 0; } ;;
    esac
  done
  return 0
}

# True when the module must be (re)built: artifacts missing, or any main source or POM newer.
dsuite_stale() {
  local module="$1" stamp="$DSUITE_HOME/$1/target/lib/.built"
  [ -n "$(dsuite_jar "$module")" ] || return 0
  [ "${DSUITE_NO_BUILD:-0}" = 1 ] && return 1
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$DSUITE_HOME" -path "$DSUITE_HOME/state" -prune -o \
      \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$stamp" -print -quit)" ]
}

dsuite_build() {
  local module="$1"
  [ "${DSUITE_NO_BUILD:-0}" = 1 ] && dsuite_die "$module is not built and DSUITE_NO_BUILD=1"
  command -v mvn >/dev/null || dsuite_die "Maven (mvn) is needed to build $module"
  echo "building $module (first use or sources changed; this takes a minute) ..." >&2
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/dsuite-build.XXXXXX")"
  # copy-dependencies never deletes: start from an empty lib/ so no stale jar version lingers.
  rm -rf "$DSUITE_HOME/$module/target/lib"
  (cd "$DSUITE_HOME" && exec mvn -q -B -DskipTests package -pl "$module" -am) >"$log" 2>&1 &
  local pid=$! secs=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    secs=$((secs + 1))
    [ $((secs % 15)) -eq 0 ] && echo "  ... still building $module (${secs} s)" >&2
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    dsuite_die "building $module failed; full log: $log"
  fi
  rm -f "$log"
  mkdir -p "$DSUITE_HOME/$module/target/lib"
  touch "$DSUITE_HOME/$module/target/lib/.built"
}

launch() {
  local module="$1" main="$2"
  shift 2
  local spark=0
  if [ "${1:-}" = --spark ]; then
    spark=1
    shift
  fi
  [ "${1:-}" = -- ] && shift

  if dsuite_stale "$module"; then
    dsuite_build "$module"
  fi
  local jar
  jar="$(dsuite_jar "$module")"
  [ -n "$jar" ] || dsuite_die "no jar in $module/target after the build"

  local java="java"
  [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

  local flags=(
    "-Ddsuite.home=$DSUITE_HOME"
    "-Ddsuite.log.dir=${DSUITE_LOG_DIR:-$DSUITE_HOME/state/logs}"
    "-Ddsuite.log.name=$(basename "$0")"
    "-Ddsuite.log.level=${DSUITE_LOG_LEVEL:-INFO}"
  )
  [ "$spark" = 1 ] && flags+=("${DSUITE_SPARK_OPENS[@]}")
  # shellcheck disable=SC2206 # word splitting of user JVM options is intended
  local user_opts=(${DSUITE_JAVA_OPTS:-})

  exec "$java" "${flags[@]}" "${user_opts[@]}" -cp "$jar:$DSUITE_HOME/$module/target/lib/*" "$main" "$@"
}
