-- The performance indexes the app's SQLAlchemy models declare (index=True → ix_<table>_<column>, and the
-- models' __table_args__ Index(...) entries), with the names the app uses, so that a database the app created
-- itself and one prepared by niknotes-setup end up with the same indexes.
--
-- Built CONCURRENTLY so that a live app keeps writing while they build; this file runs outside a transaction
-- (V2__model_indexes.sql.conf: executeInTransaction=false). IF NOT EXISTS makes a re-run, or a database the app
-- created with some of these already in place, a no-op. A failed concurrent build leaves an INVALID index that
-- IF NOT EXISTS would then skip: `niknotes-setup migrate` reports such indexes and `migrate repair-indexes`
-- rebuilds them. lock_timeout bounds the wait for the table's SHARE UPDATE EXCLUSIVE lock and for older
-- transactions, so a long-running transaction makes the build fail (and get reported) rather than hang.
SET lock_timeout = '30s';

-- users -----------------------------------------------------------------------------------------------------
-- OAuth login: find the user by (provider, id) on every OAuth callback.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_oauth ON users (oauth_provider, oauth_id);
-- the model's oauth_id index=True (lookups by the provider's id alone, e.g. account linking).
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_oauth_id ON users (oauth_id);

-- trips -----------------------------------------------------------------------------------------------------
-- trips of a user (every page load of the trip list); also serves the FK's ON DELETE CASCADE from users.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_user_id ON trips (user_id);
-- search by destination (prefix/equality) and, below, by destination and start date.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_destination ON trips (destination);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trip_destination_date ON trips (destination, start_date);
-- upcoming trips / search by start date alone.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_start_date ON trips (start_date);
-- filters of the trip list by travel style.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_travel_style ON trips (travel_style);
-- the template picker: WHERE is_template.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_is_template ON trips (is_template);
-- recent trips across users (admin views), newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_trips_created_at ON trips (created_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trip_created_desc ON trips (created_at DESC);

-- travelers -------------------------------------------------------------------------------------------------
-- one trip with its travelers (selectin load: WHERE trip_id IN (…)); also the FK's ON DELETE CASCADE.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_travelers_trip_id ON travelers (trip_id);

-- packing_items ---------------------------------------------------------------------------------------------
-- one trip with its items (selectin load: WHERE trip_id IN (…)); also the FK's ON DELETE CASCADE.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_packing_items_trip_id ON packing_items (trip_id);
-- items by category within a trip.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_item_trip_category ON packing_items (trip_id, category);
-- packing progress: WHERE trip_id = ? AND is_packed.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_item_trip_packed ON packing_items (trip_id, is_packed);
-- the models' single-column flags (index=True): category, packed and essential filters across trips.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_packing_items_category ON packing_items (category);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_packing_items_is_packed ON packing_items (is_packed);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_packing_items_is_essential ON packing_items (is_essential);

-- audit_logs ------------------------------------------------------------------------------------------------
-- the audit views: newest first, and per user / event / category / resource over time.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_timestamp ON audit_logs ("timestamp");
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_timestamp_desc ON audit_logs ("timestamp" DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_user_timestamp ON audit_logs (user_id, "timestamp");
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_event_timestamp ON audit_logs (event_type, "timestamp");
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_category_timestamp ON audit_logs (event_category, "timestamp");
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_resource ON audit_logs (resource_type, resource_id);
-- the models' single-column indexes (index=True) used by the audit filters.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_event_type ON audit_logs (event_type);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_event_category ON audit_logs (event_category);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_severity ON audit_logs (severity);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_user_id ON audit_logs (user_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_username ON audit_logs (username);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_audit_logs_success ON audit_logs (success);
