#!/usr/bin/env bash
# Benchmark: migrate-from-sqlite vs pgloader vs the `psql \copy` floor, on the same NikNotes-shaped file and server.
# Prints seconds, rows/s and peak RSS (medians of RUNS runs) and the ratios. Figures, not pass/fail.
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres src/bench/copy-bench.sh [PACKING_ITEMS] [RUNS]
#
# Needs: sqlite3, psql, /usr/bin/time, java 17, target/niknotes-setup.jar (mvn package), pgloader (optional).
# The PG user must be able to create databases (the script creates and drops bench_* databases).
# BASELINE_JAR=path/to/other.jar also times that jar's load-only run in each round (before/after comparisons).
# JAVA_OPTS: the JVM options of our runs (default: the installed launcher's).
set -euo pipefail
items=${1:-3000000}
runs=${2:-3}
jobs=${JOBS:-2}
# the JVM options of the launcher that install.sh writes (C1 only and the serial GC: less CPU spent compiling, a
# smaller footprint); JAVA_OPTS=-Xmx256m measures a plain `java -jar` instead
java_opts=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/niknotes-copy-bench}
jar="$root/target/niknotes-setup.jar"
psql=${PSQL:-psql}
pgurl="postgresql://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
mkdir -p "$work"
file="$work/niknotes-$items.db"
[ -f "$file" ] || "$here/generate-niknotes-sqlite.sh" "$file" "$items"
tables="users trips travelers packing_items audit_logs"
rows=0
for t in $tables; do rows=$((rows + $(sqlite3 "$file" "select count(*) from $t"))); done
# the floor's CSV files, exported once (export time not counted)
for t in $tables; do [ -f "$work/$t-$items.csv" ] || sqlite3 -csv "$file" "select * from $t" > "$work/$t-$items.csv"; done

fresh() { # fresh DB [schema files...]; then a checkpoint, so no run pays for the previous run's dirty pages
  local db=$1; shift
  $psql -q -X -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  for f in "$@"; do $psql -q -X -d "$db" -v ON_ERROR_STOP=1 -f "$f" >/dev/null; done
  $psql -q -X -d postgres -c checkpoint >/dev/null
}
measure() { # measure LOG cmd... → "seconds rss_kb"
  local log=$1; shift
  /usr/bin/time -f '%e %M' -o "$log.time" "$@" > "$log" 2>&1 || { echo "FAILED: $*" >&2; tail -5 "$log" >&2; echo "nan nan"; return; }
  cat "$log.time"
}
floor_sql="$work/floor-schema.sql"
# the same column types, no keys, no indexes
sed -e '/CONSTRAINT .*_pkey PRIMARY KEY/d' -e '/FOREIGN KEY/d' -e '/CREATE UNIQUE INDEX/d' -e '/INSERT INTO alembic_version/d' \
    "$root/migrations/V1__niknotes_schema.sql" | perl -0pe 's/,(\s*\n\);)/$1/g' > "$floor_sql"

declare -A results
ours_load() {
  fresh bench_ours "$root/migrations/V1__niknotes_schema.sql"
  results[ours_load]+="$(measure "$work/ours-load.log" java $java_opts -jar "$jar" migrate-from-sqlite "$file" --no-verify --jobs "$jobs" -q \
      --database-url "$pgurl/bench_ours")|"
}
base_load() {
  fresh bench_base "$root/migrations/V1__niknotes_schema.sql"
  results[base_load]+="$(measure "$work/base-load.log" java $java_opts -jar "$BASELINE_JAR" migrate-from-sqlite "$file" --no-verify \
      --jobs "$jobs" -q --database-url "$pgurl/bench_base")|"
}
for r in $(seq 1 "$runs"); do
  # the first load of a round runs slower (seen: 6-17 s against 5 s): alternate which jar goes first, so neither pays it alone
  if [ -z "${BASELINE_JAR:-}" ]; then ours_load
  elif [ $((r % 2)) -eq 1 ]; then ours_load; base_load
  else base_load; ours_load
  fi
  fresh bench_full "$root/migrations/V1__niknotes_schema.sql" "$here/app-indexes.sql"
  results[ours_full]+="$(measure "$work/ours-full.log" java $java_opts -jar "$jar" migrate-from-sqlite "$file" --jobs "$jobs" -q \
      --database-url "$pgurl/bench_full")|"
  fresh bench_floor "$floor_sql"
  copy_cmds=()
  for t in $tables; do copy_cmds+=(-c "\\copy $t from '$work/$t-$items.csv' with (format csv)"); done
  results[floor]+="$(measure "$work/floor.log" $psql -q -X -d bench_floor "${copy_cmds[@]}")|"
  # the same \copy into the real schema without its foreign keys: what keeping primary keys and unique indexes costs
  fresh bench_keys "$root/migrations/V1__niknotes_schema.sql"
  $psql -q -X -d bench_keys -c "alter table trips drop constraint trips_user_id_fkey" -c "alter table travelers drop constraint travelers_trip_id_fkey" \
      -c "alter table packing_items drop constraint packing_items_trip_id_fkey" -c "truncate alembic_version" >/dev/null
  results[keys]+="$(measure "$work/keys.log" $psql -q -X -d bench_keys "${copy_cmds[@]}")|"
  if command -v pgloader >/dev/null; then
    fresh bench_pgloader
    results[pgloader]+="$(measure "$work/pgloader.log" pgloader --quiet --with "workers = $((jobs * 2))" --with "concurrency = 1" \
        "sqlite://$file" "$pgurl/bench_pgloader")|"
  fi
done

python3 - "$rows" "$items" "$runs" "$(declare -p results)" <<'PY'
import re, statistics, sys
rows, items, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
res = dict(re.findall(r'\[(\w+)\]="([^"]*)"', sys.argv[4]))
names = {"base_load": "BASELINE_JAR, load only (--no-verify)", "ours_load": "niknotes-setup, load only (--no-verify)", "ours_full": "niknotes-setup, load + 29 indexes + verify",
         "pgloader": "pgloader (creates schema + indexes)", "floor": "psql \\copy, CSV → index-less tables",
         "keys": "psql \\copy, CSV → tables with PK/unique keys"}
med = {}
for k in ["base_load", "ours_load", "ours_full", "pgloader", "floor", "keys"]:
    if k not in res: continue
    pairs = [p.split() for p in res[k].split("|") if p.strip()]
    secs = [float(a) for a, b in pairs if a != "nan"]
    rss = [int(b) for a, b in pairs if b != "nan"]
    if not secs: print(f"{names[k]}: failed"); continue
    med[k] = (statistics.median(secs), max(rss) / 1024, secs)
print(f"{rows:,} rows ({items:,} packing_items), median of {runs} run(s)")
print(f"{'':46} {'seconds':>8} {'rows/s':>10} {'peak RSS':>9} {'vs floor':>9}  every run (s)")
for k, (s, m, runs_s) in med.items():
    ratio = s / med["floor"][0] if "floor" in med else float("nan")
    print(f"{names[k]:46} {s:8.1f} {rows / s:10,.0f} {m:7.0f}MB {ratio:8.2f}x  {' '.join(f'{x:.1f}' for x in runs_s)}")
if "pgloader" in med:
    for k in ["ours_load", "ours_full"]:
        if k in med: print(f"pgloader / {names[k]}: {med['pgloader'][0] / med[k][0]:.2f}x faster")
PY
