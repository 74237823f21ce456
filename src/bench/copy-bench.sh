#!/usr/bin/env bash
# Benchmark: migrate-from-sqlite and init vs pgloader vs the sequential floor (`psql \copy`, then the keys, indexes
# and foreign keys one after the other), on the same NikNotes-shaped file and server.
# Prints seconds, rows/s and peak RSS (medians of RUNS runs) and the ratios. Figures, not pass/fail.
# STEPS="load full init floor pgloader" (the default) chooses the rows.
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres src/bench/copy-bench.sh [PACKING_ITEMS] [RUNS]
#
# Needs: sqlite3, psql, /usr/bin/time, java 17, target/niknotes-setup.jar (mvn package), pgloader (optional).
# The PG user must be able to create databases (the script creates and drops bench_* databases).
# BASELINE_JAR=path/to/other.jar also times that jar's load-only and whole-copy runs in each round, alternating which
# goes first (before/after comparisons).
# JAVA_OPTS: the JVM options of our runs (default: the installed launcher's).
set -euo pipefail
items=${1:-3000000}
runs=${2:-3}
jobs=${JOBS:-2}
# the JVM options of the launcher that install.sh writes (C1 only and the serial GC: less CPU spent compiling, a
# smaller footprint); JAVA_OPTS=-Xmx256m measures a plain `java -jar` instead
java_opts=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m}
# and, like the launcher, each jar's class-data-sharing archive, made as install.sh makes it (NO_CDS=1: without)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/niknotes-copy-bench}
jar="$root/target/niknotes-setup.jar"
psql=${PSQL:-psql}
pgurl="postgresql://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
mkdir -p "$work"
cds() { # cds JAR → the JVM options that use JAR's archive (built once per jar, as install.sh does), or nothing
  [ -n "${NO_CDS:-}" ] && return
  local jsa; jsa="$work/cds-$(sha256sum "$1" | cut -c1-16).jsa"
  [ -f "$jsa" ] || java $java_opts -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -cp "$1" io.niknotes.setup.cli.CdsTraining \
      check --connect-timeout 1 --database-url postgresql://cds@127.0.0.1:1/cds --redis-url redis://127.0.0.1:1/0 >/dev/null 2>&1 || true
  [ -f "$jsa" ] && echo "-XX:SharedArchiveFile=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
}
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

# the floor's keys and indexes: the migrated schema's post-data (5 primary keys, 2 unique, 32 indexes, 3 foreign keys),
# taken once from a database migrated like init migrates (V1, V2, V3)
post_sql="$work/floor-post-data.sql"
fresh bench_ref "$root"/migrations/V*__*.sql
pg_dump -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" --section=post-data -d bench_ref \
    | grep -v '^SET \|^SELECT pg_catalog.set_config' | perl -0pe 's/ALTER TABLE ONLY public\.alembic_version\n[^;]*;\n//g' > "$post_sql"
migrated=("$root"/migrations/V*__*.sql)

declare -A results
steps=${STEPS:-load full init floor pgloader}
want() { [[ " $steps " == *" $1 "* ]]; }
ours_load() { # ours_load KEY JAR
  fresh "bench_$1" "$root/migrations/V1__niknotes_schema.sql"
  results[$1]+="$(measure "$work/$1.log" java $java_opts $(cds "$2") -jar "$2" migrate-from-sqlite "$file" --no-verify --jobs "$jobs" -q \
      --database-url "$pgurl/bench_$1")|"
}
ours_full() { # ours_full KEY JAR: into the migrated schema, its 32 indexes and 3 foreign keys dropped and rebuilt, verified
  fresh "bench_$1" "${migrated[@]}"
  results[$1]+="$(measure "$work/$1.log" java $java_opts $(cds "$2") -jar "$2" migrate-from-sqlite "$file" --jobs "$jobs" -q \
      --database-url "$pgurl/bench_$1")|"
}
ours_init() { # the whole job from nothing: role, database, migrations, copy, verification, .env
  $psql -q -X -d postgres -c "drop database if exists bench_init" -c "drop role if exists bench_app" -c checkpoint >/dev/null
  rm -rf "$work/init-cwd" && mkdir -p "$work/init-cwd"
  results[ours_init]+="$(cd "$work/init-cwd" && measure "$work/ours_init.log" java $java_opts $(cds "$jar") -jar "$jar" init --from-sqlite "$file" --yes -q \
      --database-url "postgresql://bench_app@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/bench_init" --admin-url "$pgurl/postgres")|"
}
for r in $(seq 1 "$runs"); do
  # the first load of a round runs slower (seen: 6-17 s against 5 s): alternate which jar goes first, so neither pays it alone
  if want load; then
    if [ -z "${BASELINE_JAR:-}" ]; then ours_load ours_load "$jar"
    elif [ $((r % 2)) -eq 1 ]; then ours_load ours_load "$jar"; ours_load base_load "$BASELINE_JAR"
    else ours_load base_load "$BASELINE_JAR"; ours_load ours_load "$jar"
    fi
  fi
  if want full; then
    if [ -z "${BASELINE_JAR:-}" ]; then ours_full ours_full "$jar"
    elif [ $((r % 2)) -eq 1 ]; then ours_full ours_full "$jar"; ours_full base_full "$BASELINE_JAR"
    else ours_full base_full "$BASELINE_JAR"; ours_full ours_full "$jar"
    fi
  fi
  want init && ours_init
  copy_cmds=()
  for t in $tables; do copy_cmds+=(-c "\\copy $t from '$work/$t-$items.csv' with (format csv)"); done
  if want floor; then
    fresh bench_floor "$floor_sql"
    results[floor_load]+="$(measure "$work/floor.log" $psql -q -X -d bench_floor "${copy_cmds[@]}")|"
    # the sequential floor of the whole job: the same \copy, then every key, index and foreign key, one after the other
    fresh bench_floor "$floor_sql"
    results[floor]+="$(measure "$work/floor-full.log" $psql -q -X -v ON_ERROR_STOP=1 -d bench_floor "${copy_cmds[@]}" \
        -c "set maintenance_work_mem = '256MB'" -f "$post_sql")|"
  fi
  if want pgloader && command -v pgloader >/dev/null; then
    fresh bench_pgloader
    results[pgloader]+="$(measure "$work/pgloader.log" pgloader --quiet --with "workers = $((jobs * 2))" --with "concurrency = 1" \
        "sqlite://$file" "$pgurl/bench_pgloader")|"
  fi
done

python3 - "$rows" "$items" "$runs" "$(declare -p results)" <<'PY'
import re, statistics, sys
rows, items, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
res = dict(re.findall(r'\[(\w+)\]="([^"]*)"', sys.argv[4]))
names = {"base_load": "BASELINE_JAR, load only (--no-verify)", "ours_load": "niknotes-setup, load only (--no-verify)",
         "base_full": "BASELINE_JAR, whole copy (as below)",
         "ours_full": "niknotes-setup, whole copy: load + 32 indexes + 3 FKs + ANALYZE + verify",
         "ours_init": "niknotes-setup init: role, database, migrations, whole copy, .env",
         "pgloader": "pgloader (creates schema, indexes, FKs)", "floor_load": "floor, load only: psql \\copy, CSV → index-less tables",
         "floor": "floor, whole job: the same \\copy, then keys, indexes, FKs"}
med = {}
for k in names:
    if k not in res: continue
    pairs = [p.split() for p in res[k].split("|") if p.strip()]
    secs = [float(a) for a, b in pairs if a != "nan"]
    rss = [int(b) for a, b in pairs if b != "nan"]
    if not secs: print(f"{names[k]}: failed"); continue
    med[k] = (statistics.median(secs), max(rss) / 1024, secs)
print(f"{rows:,} rows ({items:,} packing_items), median of {runs} run(s)")
print(f"{'':72} {'seconds':>8} {'rows/s':>10} {'peak RSS':>9}  every run (s)")
for k, (s, m, runs_s) in med.items():
    print(f"{names[k]:72} {s:8.2f} {rows / s:10,.0f} {m:7.0f}MB  {' '.join(f'{x:.2f}' for x in runs_s)}")
def ratio(a, b, text):
    if a in med and b in med: print(f"{text}: {med[a][0] / med[b][0]:.2f}x")
ratio("pgloader", "ours_full", "pgloader / whole copy (faster by)")
ratio("pgloader", "ours_init", "pgloader / init + copy (faster by)")
ratio("ours_full", "floor", "whole copy / floor, whole job")
ratio("ours_load", "floor_load", "load only / floor, load only")
ratio("ours_load", "base_load", "load only / BASELINE_JAR's")
ratio("ours_full", "base_full", "whole copy / BASELINE_JAR's")
PY
