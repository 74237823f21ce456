package io.niknotes.setup.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's activity counters as they stood when the tool finished its own work ({@code init}, a copy), kept in
 * the tool's schema {@code niknotes_setup}. Every index build, foreign-key validation, checksum and ANALYZE of a copy
 * reads the tables sequentially: {@code stats} subtracts this baseline so that it judges the app's activity since
 * then, not the tool's. Prints nothing.
 *
 * @param takenAt when the counters were read
 * @param takenBy the command whose work ended there ("init", "migrate-from-sqlite")
 */
public record Baseline(Instant takenAt, String takenBy, Map<String, TableCounters> tables, Map<IndexName, Long> indexScans) {
    static final String SCHEMA = "niknotes_setup";
    /** How the statistics window names a baseline as its start: "init finished". */
    public static final String FINISHED = " finished";
    /** Tables up to this many rows (planner's estimate) are counted exactly when the baseline is taken. */
    static final long EXACT_COUNT_MAX_ROWS = 1_000_000;
    /** How long taking a baseline waits for the tool's other sessions to end (their counters reach the server as they end). */
    static final long SETTLE_MILLIS = 5_000;

    public Baseline {
        tables = Map.copyOf(tables);
        indexScans = Map.copyOf(indexScans);
    }

    /** One table's counters; {@code exactRows} is its count(*) at the time, or null for a large table. */
    public record TableCounters(long seqScan, long idxScan, long heapHit, long heapRead, long idxHit, long idxRead,
                                long inserted, long updated, long deleted, Long exactRows) {
    }

    /** An index by its table (as {@code stats} names it: schema-qualified outside public) and its own name. */
    public record IndexName(String table, String index) {
    }


    /**
     * Reads the counters now and stores them as the baseline, replacing any earlier one. The tool's own scans in this
     * transaction (exact row counts) are added in, so they are not later taken for the app's.
     *
     * @param conn   a connection as the app's role (it owns the tables and may create the tool's schema)
     * @param takenBy the command whose work just ended
     */
    public static Baseline record(Connection conn, String takenBy, String applicationName) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            awaitOtherSessions(conn, applicationName);
            try (Statement st = conn.createStatement()) {
                // every scan of our own counts below must be one sequential scan in this backend, seen by pg_stat_xact_*
                st.execute("set local max_parallel_workers_per_gather = 0");
                st.execute("set local enable_indexscan = off");
                st.execute("set local enable_indexonlyscan = off");
                st.execute("set local enable_bitmapscan = off");
                st.execute("select pg_stat_clear_snapshot()");
            }
            Map<String, Long> exact = exactCounts(conn);
            Map<String, TableCounters> tables = new HashMap<>();
            String sql = "select " + AppRelations.NAME + ", s.seq_scan + x.seq_scan, coalesce(s.idx_scan, 0) + coalesce(x.idx_scan, 0),"
                    + " coalesce(io.heap_blks_hit, 0) + pg_stat_get_xact_blocks_hit(s.relid),"
                    + " coalesce(io.heap_blks_read, 0) + pg_stat_get_xact_blocks_fetched(s.relid) - pg_stat_get_xact_blocks_hit(s.relid),"
                    + " coalesce(io.idx_blks_hit, 0), coalesce(io.idx_blks_read, 0), s.n_tup_ins, s.n_tup_upd, s.n_tup_del"
                    + " from pg_stat_user_tables s join pg_stat_xact_user_tables x on x.relid = s.relid"
                    + " left join pg_statio_user_tables io on io.relid = s.relid where " + AppRelations.ONLY_APP;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    tables.put(name, new TableCounters(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), exact.get(name)));
                }
            }
            Map<IndexName, Long> indexes = new HashMap<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select " + AppRelations.NAME + ", s.indexrelname, s.idx_scan"
                    + " from pg_stat_user_indexes s where " + AppRelations.ONLY_APP)) {
                while (rs.next()) indexes.put(new IndexName(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
            Instant now;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select now()")) {
                rs.next();
                now = rs.getTimestamp(1).toInstant();
            }
            Baseline b = new Baseline(now, takenBy, tables, indexes);
            store(conn, b);
            conn.commit();
            return b;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /** The stored baseline, or null when there is none or this role may not read it. */
    public static Baseline read(Connection conn) throws SQLException {
        String header = "select taken_at, taken_by from " + SCHEMA + ".stats_baseline_run";
        if (!readable(conn)) return null;
        Instant takenAt;
        String takenBy;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(header)) {
            if (!rs.next()) return null;
            takenAt = rs.getTimestamp(1).toInstant();
            takenBy = rs.getString(2);
        }
        Map<String, TableCounters> tables = new HashMap<>();
        Map<IndexName, Long> indexes = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select table_name, index_name, seq_scan, idx_scan,"
                + " heap_blks_hit, heap_blks_read, idx_blks_hit, idx_blks_read, n_tup_ins, n_tup_upd, n_tup_del, exact_rows from "
                + SCHEMA + ".stats_baseline")) {
            while (rs.next()) {
                if (rs.getString(2) != null) {
                    indexes.put(new IndexName(rs.getString(1), rs.getString(2)), rs.getLong(4));
                } else {
                    long exactRows = rs.getLong(12);
                    tables.put(rs.getString(1), new TableCounters(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.wasNull() ? null : exactRows));
                }
            }
        }
        return new Baseline(takenAt, takenBy, tables, indexes);
    }

    /**
     * The scans and block reads this transaction made itself, not yet in the shared counters (pg_stat_xact_*).
     *
     * @param tables per table: seq_scan, idx_scan, heap hits, heap reads
     */
    public record OwnWork(Map<String, long[]> tables, Map<IndexName, Long> indexScans) {
    }

    /** Reads this transaction's own work; call it last, inside the transaction that did the work. */
    public static OwnWork ownWork(Connection conn) throws SQLException {
        Map<String, long[]> tables = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select " + AppRelations.NAME + ", s.seq_scan,"
                + " coalesce(s.idx_scan, 0), pg_stat_get_xact_blocks_hit(s.relid),"
                + " pg_stat_get_xact_blocks_fetched(s.relid) - pg_stat_get_xact_blocks_hit(s.relid)"
                + " from pg_stat_xact_user_tables s where " + AppRelations.ONLY_APP)) {
            while (rs.next()) {
                long[] v = {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                if (v[0] + v[1] + v[2] + v[3] > 0) tables.put(rs.getString(1), v);
            }
        }
        Map<IndexName, Long> indexes = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select " + AppRelations.NAME + ", s.indexrelname,"
                + " pg_stat_get_xact_numscans(s.indexrelid) from pg_stat_user_indexes s where " + AppRelations.ONLY_APP
                + " and pg_stat_get_xact_numscans(s.indexrelid) > 0")) {
            while (rs.next()) indexes.put(new IndexName(rs.getString(1), rs.getString(2)), rs.getLong(3));
        }
        return new OwnWork(tables, indexes);
    }

    /** Moves the baseline past {@code own}: the tool's reads after the baseline are not the app's either. */
    public static void add(Connection conn, OwnWork own) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("update " + SCHEMA + ".stats_baseline set seq_scan = seq_scan + ?,"
                + " idx_scan = idx_scan + ?, heap_blks_hit = heap_blks_hit + ?, heap_blks_read = heap_blks_read + ?"
                + " where table_name = ? and index_name is null")) {
            for (var e : own.tables().entrySet()) {
                for (int i = 0; i < 4; i++) ps.setLong(i + 1, e.getValue()[i]);
                ps.setString(5, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = conn.prepareStatement("update " + SCHEMA + ".stats_baseline set idx_scan = idx_scan + ?"
                + " where table_name = ? and index_name = ?")) {
            for (var e : own.indexScans().entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey().table());
                ps.setString(3, e.getKey().index());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static boolean readable(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select to_regclass('" + SCHEMA
                + ".stats_baseline_run') is not null and has_table_privilege('" + SCHEMA + ".stats_baseline_run', 'SELECT')"
                + " and has_table_privilege('" + SCHEMA + ".stats_baseline', 'SELECT')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * The copy's loaders and the migrations closed their sessions just before; a session's counters reach the shared
     * statistics as it ends. Waits (a few seconds at most) until no other session of this tool is left in the database.
     */
    private static void awaitOtherSessions(Connection conn, String applicationName) throws SQLException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        String sql = "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
                + " and application_name = ?";
        while (true) {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, applicationName);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0 || System.nanoTime() > deadline) return;
                }
            }
            conn.commit(); // a new transaction sees a fresh pg_stat_activity
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Map<String, Long> exactCounts(Connection conn) throws SQLException {
        List<String[]> small = new java.util.ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("select " + AppRelations.NAME + ", quote_ident(s.schemaname) || '.' || quote_ident(s.relname)"
                + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid where " + AppRelations.ONLY_APP
                + " and greatest(c.reltuples, s.n_live_tup) <= ? and has_table_privilege(s.relid, 'SELECT')")) {
            ps.setLong(1, EXACT_COUNT_MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) small.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        Map<String, Long> out = new HashMap<>();
        for (String[] t : small) {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + t[1])) {
                rs.next();
                out.put(t[0], rs.getLong(1));
            }
        }
        return out;
    }

    private static void store(Connection conn, Baseline b) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("create schema if not exists " + SCHEMA);
            st.execute("create table if not exists " + SCHEMA + ".stats_baseline_run (id int primary key check (id = 1),"
                    + " taken_at timestamptz not null, taken_by text not null)");
            st.execute("create table if not exists " + SCHEMA + ".stats_baseline (table_name text not null, index_name text,"
                    + " seq_scan bigint not null, idx_scan bigint not null, heap_blks_hit bigint not null, heap_blks_read bigint not null,"
                    + " idx_blks_hit bigint not null, idx_blks_read bigint not null, n_tup_ins bigint not null, n_tup_upd bigint not null,"
                    + " n_tup_del bigint not null, exact_rows bigint)");
            st.execute("delete from " + SCHEMA + ".stats_baseline");
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into " + SCHEMA + ".stats_baseline_run values (1, ?, ?)"
                + " on conflict (id) do update set taken_at = excluded.taken_at, taken_by = excluded.taken_by")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(b.takenAt()));
            ps.setString(2, b.takenBy());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into " + SCHEMA + ".stats_baseline values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (var e : b.tables().entrySet()) {
                TableCounters t = e.getValue();
                ps.setString(1, e.getKey());
                ps.setString(2, null);
                long[] v = {t.seqScan(), t.idxScan(), t.heapHit(), t.heapRead(), t.idxHit(), t.idxRead(), t.inserted(), t.updated(), t.deleted()};
                for (int i = 0; i < v.length; i++) ps.setLong(3 + i, v[i]);
                ps.setObject(12, t.exactRows(), java.sql.Types.BIGINT);
                ps.addBatch();
            }
            for (var e : b.indexScans().entrySet()) {
                ps.setString(1, e.getKey().table());
                ps.setString(2, e.getKey().index());
                ps.setLong(3, 0);
                ps.setLong(4, e.getValue());
                for (int i = 5; i <= 11; i++) ps.setLong(i, 0);
                ps.setObject(12, null, java.sql.Types.BIGINT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
