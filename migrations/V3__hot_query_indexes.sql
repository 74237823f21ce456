-- Indexes the hot queries of APP.md need and the app's models do not declare. Built like V2: concurrently,
-- outside a transaction (V3__hot_query_indexes.sql.conf), IF NOT EXISTS, with a bounded lock wait.
SET lock_timeout = '30s';

-- trips of a user, newest first: WHERE user_id = ? ORDER BY created_at DESC.
-- ix_trips_user_id finds the rows but leaves a sort; this one returns them in order (and serves LIMIT n).
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trip_user_created ON trips (user_id, created_at DESC);

-- items of a trip in display order: WHERE trip_id = ? ORDER BY display_order, created_at.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_item_trip_order ON packing_items (trip_id, display_order, created_at);

-- packing history: items joined to trips WHERE trips.user_id = ? AND actually_used IS NOT NULL.
-- Trips come from idx_trip_user_created; this partial index holds only the reviewed items, per trip.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_item_trip_reviewed ON packing_items (trip_id) WHERE actually_used IS NOT NULL;
