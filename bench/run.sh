#!/usr/bin/env bash
# End-to-end benchmark: pouch vs restic vs borg on generated Wombat-shaped data (see bench/README.md).
# Usage: bench/run.sh [--no-build] [--size 1G|10G] [--mix mixed|sst-heavy|vlog-heavy|wal-heavy|all]
#                     [--tools pouch,restic,borg] [--heap 256m] [--profile] [--work DIR] [--rounds N] [--keep]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

build=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then build=0; else args+=("$a"); fi
done

java_major() { # feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

newest_java() { # the newest JDK >= 21 on this machine (pouch's launcher prefers the newest too)
  local best="" best_version=0 c v
  for c in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java /usr/local/lib/jvm/*/bin/java \
           /opt/java/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v="$(java_major "$c")"; v="${v%%.*}"
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best="$c"; best_version="$v"; fi
  done
  [ -n "$best" ] && printf '%s\n' "$best"
}

java_bin="$(newest_java || true)"
if [ -z "$java_bin" ]; then
  echo "bench: no JDK >= 21 found (set JAVA_HOME or install one)" >&2
  exit 1
fi

# Tools: installed from the system packages when missing; a tool that cannot be installed is skipped by the harness.
missing=()
command -v restic >/dev/null 2>&1 || missing+=(restic)
command -v borg >/dev/null 2>&1 || missing+=(borgbackup)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2 \
      || echo "bench: could not install ${missing[*]}; those tools will be skipped" >&2
  else
    (sudo -n apt-get update -qq && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") \
      >&2 || echo "bench: could not install ${missing[*]}; those tools will be skipped" >&2
  fi
fi

if [ "$build" -eq 1 ]; then
  echo "bench: building pouch.jar and benchmarks.jar" >&2
  ./mvnw -B -q -pl bench -am package -DskipTests >&2
fi

exec "$java_bin" -Xmx2g -cp bench/target/benchmarks.jar dev.pouch.bench.harness.Harness \
  --java "$java_bin" --pouch-jar agent/target/pouch.jar "${args[@]}"
