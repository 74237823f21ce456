#!/usr/bin/env bash
# Generates a NikNotes-shaped SQLite file with the app's real schema (taken from the sample file) and the sample's
# proportions: per user ~3 trips and ~5 audit rows, per trip ~2 travelers and ~25 packing items.
# usage: generate-niknotes-sqlite.sh OUT.db PACKING_ITEMS     (e.g. 3000000)
set -euo pipefail
out=$1
items=${2:-3000000}
here=$(cd "$(dirname "$0")" && pwd)
sample="$here/../test/resources/sample-niknotes.db"
trips=$(( (items + 24) / 25 ))
users=$(( (trips + 2) / 3 ))
rm -f "$out" "$out-wal" "$out-shm"
sqlite3 "$sample" .schema | sqlite3 "$out"
sqlite3 "$out" <<SQL
pragma journal_mode = off;
pragma synchronous = off;
begin;
with recursive s(i) as (select 1 union all select i + 1 from s where i < $users)
insert into users select printf('u%08d-4063-49bc-a5b0-0a2d35d14880', i), 'user' || i, 'user' || i || '@example.org',
  'pbkdf2:sha256:600000\$' || hex(randomblob(8)), datetime(1600000000 + i * 60, 'unixepoch') || '.' || printf('%06d', i % 1000000),
  null, case when i % 4 = 0 then 'google' end, case when i % 4 = 0 then 'g' || i end, null from s;
with recursive s(i) as (select 1 union all select i + 1 from s where i < $trips)
insert into trips select printf('t%08d-4063-49bc-a5b0-0a2d35d14880', i), printf('u%08d-4063-49bc-a5b0-0a2d35d14880', 1 + (i - 1) / 3),
  'Dublin, Ireland ' || (i % 500), '2025-01-01', '2025-01-14', 1 + i % 14,
  case i % 5 when 0 then 'BUSINESS' when 1 then 'LEISURE' when 2 then 'ADVENTURE' when 3 then 'BACKPACKING' else 'LUXURY' end,
  case i % 5 when 0 then 'FLIGHT' when 1 then 'ROAD_TRIP' when 2 then 'TRAIN' when 3 then 'CRUISE' else 'OTHER' end,
  '["hiking", "museums"]', case when i % 3 = 0 then 'Book train seats in advance' end, 'Cold, -5°C with snow ❄️', i % 20 = 0,
  null, datetime(1600000000 + i * 20, 'unixepoch') || '.236205', datetime(1600100000 + i * 20, 'unixepoch') || '.829582' from s;
with recursive s(i) as (select 1 union all select i + 1 from s where i < $trips * 2)
insert into travelers select printf('v%08d-4063-49bc-a5b0-0a2d35d14880', i), printf('t%08d-4063-49bc-a5b0-0a2d35d14880', 1 + (i - 1) / 2),
  'Traveler ' || i, case i % 4 when 0 then 'adult' when 1 then 'child' when 2 then 'infant' else 'pet' end, i % 80,
  '[]', '{"seat": "window"}', datetime(1600000000 + i * 10, 'unixepoch') || '.505125' from s;
with recursive s(i) as (select 1 union all select i + 1 from s where i < $items)
insert into packing_items select printf('p%08d-cdb5-4088-b54e-64f4f5ee8c72', i), printf('t%08d-4063-49bc-a5b0-0a2d35d14880', 1 + (i - 1) / 25),
  'Portable speaker ' || (i % 300),
  case i % 9 when 0 then 'CLOTHING' when 1 then 'TOILETRIES' when 2 then 'ELECTRONICS' when 3 then 'DOCUMENTS' when 4 then 'MEDICAL'
    when 5 then 'ENTERTAINMENT' when 6 then 'GEAR' when 7 then 'FOOD' else 'OTHER' end,
  1 + i % 6, i % 2, i % 7 = 0, case when i % 10 = 0 then 'Pack in carry-on' end, i % 5 = 0,
  case i % 3 when 0 then null else i % 2 end, i % 25,
  datetime(1600000000 + i, 'unixepoch') || '.' || printf('%06d', i % 1000000),
  case when i % 2 = 0 then datetime(1600050000 + i, 'unixepoch') || '.015626' end from s;
with recursive s(i) as (select 1 union all select i + 1 from s where i < $users * 5)
insert into audit_logs select i, datetime(1600000000 + i * 30, 'unixepoch') || '.486878', 'trip_updated', 'data_modification', 'info',
  printf('u%08d-4063-49bc-a5b0-0a2d35d14880', 1 + (i - 1) / 5), 'user' || (1 + (i - 1) / 5), '66.218.53.206',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36',
  'PUT', '/trips/' || i, 'Updated trip', 'trip', 't' || i, '{"duration": [6, 12]}', null, 1, null, hex(randomblob(16)) from s;
commit;
SQL
echo "$out: users $users, trips $trips, travelers $((trips * 2)), packing_items $items, audit_logs $((users * 5))"
