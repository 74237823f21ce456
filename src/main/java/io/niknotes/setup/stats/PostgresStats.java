package io.niknotes.setup.stats;

import io.niknotes.setup.SetupException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads PostgreSQL's statistics views with whatever privileges the connection has. What a view hides from this
 * role is reported as a note and the rest carries on. Read-only; prints nothing.
 */
public final class PostgresStats {
    private static final Pattern PASSWORD_LITERAL = Pattern.compile("(?i)(password\\s+)'(?:[^']|'')*'");
    private static final int QUERY_TEXT = 120;

    private final Connection conn;
    private final StatsOptions options;
    private final List<String> notes;

    /** @param notes receives what could not be seen, in words */
    public PostgresStats(Connection conn, StatsOptions options, List<String> notes) {
        this.conn = conn;
        this.options = options;
        this.notes = notes;
    }

    /**
     * Reads everything in one read-only transaction. Its own reads (the planner's probes of indexes while explaining,
     * --exact counts, --analyze) are added to the baseline afterwards, so that they are never taken for the app's.
     */
    public PgReport collect() throws SQLException {
        conn.setReadOnly(true);
        conn.setAutoCommit(false);
        PgReport report;
        Baseline.OwnWork own;
        try {
            report = read();
            own = Baseline.ownWork(conn);
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
        if (report.statsSource() != null && report.statsSource().endsWith(Baseline.FINISHED)) {
            conn.setReadOnly(false);
            try {
                Baseline.add(conn, own);
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                notes.add("this report's own reads could not be added to the baseline (" + SetupException.firstLine(e.getMessage())
                        + "): the next report counts them as the app's");
            }
        }
        return report;
    }

    private PgReport read() throws SQLException {
        try (Statement st = conn.createStatement()) {
            // a size function waits for a table's lock (an ALTER TABLE in progress): give up rather than hang
            st.execute("set lock_timeout = '10s'");
            st.execute("set statement_timeout = '120s'");
        }
        PgReport.Server server = server();
        Baseline stored = baseline();
        Window window = statsWindow(server, stored);
        // the tool's own work (a copy's index builds, checks, ANALYZE) ends where the baseline was taken: only what
        // came after is the app's. A reset of the statistics after the baseline makes it meaningless.
        Baseline baseline = stored != null && window.since() != null && window.since().equals(stored.takenAt()) ? stored : null;
        List<PgReport.ConnectionGroup> groups = connections();
        int hidden = groups.stream().filter(g -> g.state() == null).mapToInt(PgReport.ConnectionGroup::count).sum();
        if (hidden > 0) {
            notes.add(hidden + " session(s) of other roles are hidden from " + server.user() + " in pg_stat_activity"
                    + " (their state and query); grant pg_read_all_stats to " + server.user() + " to see them");
        }
        List<PgReport.Table> tables = tables(baseline);
        List<PgReport.Index> indexes = Indexes.markCovered(indexes(server.versionNum(), baseline));
        boolean schema = tables.stream().anyMatch(t -> t.name().equals("trips"));
        List<PgReport.HotQuery> hot;
        if (schema) {
            hot = new HotQueries(conn, options.analyze()).explainAll();
        } else {
            hot = List.of();
            notes.add("the NikNotes tables are not in " + server.database() + ": hot queries not explained (run `niknotes-setup init`)");
        }
        return new PgReport(server, window.since(), window.source(), groups, hidden,
                sessions("state = 'active'", "query_start", options.longRunning()),
                sessions("state like 'idle in transaction%'", "state_change", options.idleInTransaction()),
                tables, indexes, cacheHit(baseline), hot, slowQueries(server), sequences(), wraparound(), schema);
    }

    private PgReport.Server server() throws SQLException {
        String sql = "select current_setting('server_version'), current_setting('server_version_num')::int,"
                + " pg_postmaster_start_time(), current_database(), pg_database_size(current_database()),"
                + " current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int,"
                + " current_user, (select rolsuper from pg_roles where rolname = current_user),"
                + " pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new PgReport.Server(rs.getString(1), rs.getInt(2), instant(rs.getTimestamp(3)), rs.getString(4),
                    rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9), rs.getBoolean(10));
        }
    }

    /** When the statistics window began, and what says so. */
    private record Window(Instant since, String source) {
    }

    /**
     * The start of the statistics window: the latest of what is known to bound it — the database's stats_reset, the
     * database's creation (its directory's PG_VERSION file, readable by superusers only) and the schema's installation
     * (the first migration in flyway_schema_history): counters cannot be older than the tables they count; and the end of
     * the tool's own work (the {@link Baseline} taken by init or a copy), whose counters are subtracted. When none
     * is known, the server's start (an approximation: PostgreSQL keeps statistics over a clean restart).
     */
    private Window statsWindow(PgReport.Server server, Baseline baseline) {
        Window best = null;
        for (Window w : List.of(
                baseline == null ? new Window(null, null) : new Window(baseline.takenAt(), baseline.takenBy() + Baseline.FINISHED),
                window("stats_reset", "select stats_reset from pg_stat_database where datname = current_database()"),
                server.superuser() ? window("database created", "select (pg_stat_file('base/' || oid || '/PG_VERSION')).modification"
                        + " from pg_database where datname = current_database()") : new Window(null, null),
                window("schema installed", "select min(installed_on) from flyway_schema_history where success"))) {
            if (w.since() != null && (best == null || w.since().isAfter(best.since()))) best = w;
        }
        return best != null ? best : new Window(server.startedAt(), "server start");
    }

    private Window window(String source, String sql) {
        try {
            Instant t = savepoint(() -> {
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    return rs.next() ? instant(rs.getTimestamp(1)) : null;
                }
            });
            return new Window(t, source);
        } catch (SQLException e) {
            return new Window(null, source); // not allowed, or no such table: this bound is unknown
        }
    }

    private List<PgReport.ConnectionGroup> connections() throws SQLException {
        // sessions of other roles show neither backend_type nor state to an unprivileged role; a database name
        // tells them from background workers
        String sql = "select state, coalesce(application_name, ''), count(*) from pg_stat_activity"
                + " where backend_type = 'client backend' or (backend_type is null and datname is not null)"
                + " group by 1, 2 order by 3 desc, 2, 1";
        List<PgReport.ConnectionGroup> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(new PgReport.ConnectionGroup(rs.getString(1), rs.getString(2), rs.getInt(3)));
        }
        return out;
    }

    private List<PgReport.Session> sessions(String condition, String since, Duration longerThan) throws SQLException {
        String sql = "select pid, usename, coalesce(application_name, ''), state, extract(epoch from now() - " + since + "), query"
                + " from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid() and " + condition
                + " and now() - " + since + " > make_interval(secs => ?) order by 5 desc limit 20";
        List<PgReport.Session> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setDouble(1, longerThan.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PgReport.Session(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Duration.ofMillis((long) (rs.getDouble(5) * 1000)), shortQuery(rs.getString(6))));
                }
            }
        }
        return out;
    }

    /** The baseline the tool stored when its own work ended, or null (none, or not readable by this role). */
    private Baseline baseline() {
        try {
            return savepoint(() -> Baseline.read(conn));
        } catch (SQLException e) {
            notes.add("the baseline of the tool's own work cannot be read (" + SetupException.firstLine(e.getMessage())
                    + "): figures include the scans of the copy and its index builds");
            return null;
        }
    }

    /** current minus baseline, or current when the counter was reset since (it went down). */
    private static long since(long current, long base) {
        return current >= base ? current - base : current;
    }

    private List<PgReport.Table> tables(Baseline baseline) throws SQLException {
        String sql = "select s.relid, " + AppRelations.NAME + ","
                + " c.reltuples::bigint, s.n_live_tup, s.n_dead_tup, s.seq_scan, coalesce(s.idx_scan, 0),"
                + " pg_table_size(c.oid) - coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0),"
                + " pg_indexes_size(c.oid), coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0),"
                + " s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze, s.schemaname, s.relname,"
                + " s.n_tup_ins, s.n_tup_del"
                + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid where " + AppRelations.ONLY_APP + " order by 2";
        List<PgReport.Table> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(2);
                long estimate = rs.getLong(3) >= 0 ? rs.getLong(3) : rs.getLong(4); // -1: never analyzed
                Baseline.TableCounters base = baseline == null ? null : baseline.tables().get(name);
                Long exact = options.exact() ? exactCount(rs.getString(15), rs.getString(16)) : null;
                if (exact == null && base != null && base.exactRows() != null && rs.getLong(17) == base.inserted()
                        && rs.getLong(18) == base.deleted()) {
                    exact = base.exactRows(); // counted when the baseline was taken, and no row inserted or deleted since
                }
                long seqScan = base == null ? rs.getLong(6) : since(rs.getLong(6), base.seqScan());
                long idxScan = base == null ? rs.getLong(7) : since(rs.getLong(7), base.idxScan());
                out.add(new PgReport.Table(name, exact != null ? exact : estimate, exact != null,
                        rs.getLong(8), rs.getLong(9), rs.getLong(10), seqScan, idxScan, rs.getLong(4),
                        rs.getLong(5), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
                        instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14))));
            }
        }
        return out;
    }

    private Long exactCount(String schema, String table) throws SQLException {
        String quoted = quote(schema) + "." + quote(table);
        try {
            return savepoint(() -> {
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + quoted)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } catch (SQLException e) {
            notes.add("cannot count " + quoted + " exactly (" + SetupException.firstLine(e.getMessage()) + "): its estimate is shown");
            return null;
        }
    }

    private List<PgReport.Index> indexes(int versionNum, Baseline baseline) throws SQLException {
        String lastScan = versionNum >= 160000 ? "s.last_idx_scan" : "null::timestamptz";
        String sql = "select " + AppRelations.NAME + ", s.indexrelname,"
                + " s.idx_scan, pg_relation_size(s.indexrelid), i.indisunique, i.indisprimary,"
                + " exists (select 1 from pg_constraint k where k.conindid = i.indexrelid), i.indisvalid,"
                + " i.indpred is not null, i.indexprs is not null, i.indkey::text, am.amname, pg_get_indexdef(i.indexrelid), " + lastScan
                + " from pg_stat_user_indexes s join pg_index i on i.indexrelid = s.indexrelid"
                + " join pg_class ic on ic.oid = s.indexrelid join pg_am am on am.oid = ic.relam where " + AppRelations.ONLY_APP
                + " order by 1, 2";
        List<PgReport.Index> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Integer> columns = rs.getBoolean(10) ? List.of()
                        : Arrays.stream(rs.getString(11).trim().split("\\s+")).map(Integer::valueOf).toList();
                Long base = baseline == null ? null : baseline.indexScans().get(new Baseline.IndexName(rs.getString(1), rs.getString(2)));
                long scans = base == null ? rs.getLong(3) : since(rs.getLong(3), base);
                out.add(new PgReport.Index(rs.getString(1), rs.getString(2), scans, rs.getLong(4), rs.getBoolean(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), columns, rs.getString(12),
                        rs.getString(13), instant(rs.getTimestamp(14)), null));
            }
        }
        return out;
    }

    private PgReport.CacheHit cacheHit(Baseline baseline) throws SQLException {
        String sql = "select " + AppRelations.NAME + ", coalesce(s.heap_blks_hit, 0),"
                + " coalesce(s.heap_blks_read, 0), coalesce(s.idx_blks_hit, 0), coalesce(s.idx_blks_read, 0) from pg_statio_user_tables s where "
                + AppRelations.ONLY_APP;
        long[] sum = new long[4];
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Baseline.TableCounters b = baseline == null ? null : baseline.tables().get(rs.getString(1));
                long[] base = b == null ? new long[4] : new long[] {b.heapHit(), b.heapRead(), b.idxHit(), b.idxRead()};
                for (int i = 0; i < 4; i++) sum[i] += since(rs.getLong(2 + i), base[i]);
            }
        }
        return new PgReport.CacheHit(sum[0], sum[1], sum[2], sum[3]);
    }

    private PgReport.SlowQueries slowQueries(PgReport.Server server) throws SQLException {
        boolean installed;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("select 1 from pg_extension where extname = 'pg_stat_statements'")) {
            installed = rs.next();
        }
        if (!installed) {
            return new PgReport.SlowQueries(false, "pg_stat_statements is not installed in " + server.database()
                    + ": add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart PostgreSQL, then run"
                    + " CREATE EXTENSION pg_stat_statements; in " + server.database() + " as a superuser", List.of());
        }
        String mean = server.versionNum() >= 130000 ? "mean_exec_time" : "mean_time";
        String total = server.versionNum() >= 130000 ? "total_exec_time" : "total_time";
        String sql = "select query, calls, " + mean + ", " + total + ", rows from pg_stat_statements"
                + " where dbid = (select oid from pg_database where datname = current_database()) order by 3 desc limit ?";
        try {
            List<PgReport.Statement> top = savepoint(() -> {
                List<PgReport.Statement> out = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement(sql)) {
                    ps.setInt(1, options.top());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new PgReport.Statement(shortQuery(rs.getString(1)), rs.getLong(2), rs.getDouble(3),
                                    rs.getDouble(4), rs.getLong(5)));
                        }
                    }
                }
                return out;
            });
            boolean hidden = top.stream().anyMatch(s -> s.query() != null && s.query().contains("insufficient privilege"));
            String note = hidden ? "the text of other roles' statements is hidden from " + server.user()
                    + " (grant pg_read_all_stats to see it)" : null;
            if (note != null) notes.add(note);
            return new PgReport.SlowQueries(true, note, top);
        } catch (SQLException e) {
            String note = "pg_stat_statements is installed but cannot be read: " + SetupException.firstLine(e.getMessage())
                    + (String.valueOf(e.getMessage()).contains("shared_preload_libraries")
                    ? " (add it to shared_preload_libraries in postgresql.conf and restart PostgreSQL)" : "");
            return new PgReport.SlowQueries(false, note, List.of());
        }
    }

    private List<PgReport.Sequence> sequences() throws SQLException {
        String sql = "select case when schemaname = 'public' then '' else schemaname || '.' end || sequencename,"
                + " last_value, max_value, min_value, has_sequence_privilege(format('%I.%I', schemaname, sequencename), 'SELECT,USAGE')"
                + " from pg_sequences where schemaname not in ('pg_catalog', 'information_schema') order by 1";
        List<PgReport.Sequence> out = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long last = rs.getLong(2);
                Long lastValue = rs.wasNull() ? null : last;
                if (!rs.getBoolean(5)) hidden.add(rs.getString(1));
                out.add(new PgReport.Sequence(rs.getString(1), lastValue, rs.getLong(3), rs.getLong(4), rs.getBoolean(5)));
            }
        }
        if (!hidden.isEmpty()) notes.add("sequence values hidden by privileges: " + String.join(", ", hidden));
        return out;
    }

    private PgReport.Wraparound wraparound() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "select datname, age(datfrozenxid) from pg_database where datallowconn order by 2 desc limit 1")) {
            return rs.next() ? new PgReport.Wraparound(rs.getString(1), rs.getLong(2)) : null;
        }
    }

    /** Runs a query that may fail (privileges, a missing library) without aborting the surrounding transaction. */
    private <T> T savepoint(SqlCall<T> call) throws SQLException {
        if (conn.getAutoCommit()) return call.run();
        var sp = conn.setSavepoint();
        try {
            T t = call.run();
            conn.releaseSavepoint(sp);
            return t;
        } catch (SQLException e) {
            conn.rollback(sp);
            throw e;
        }
    }

    @FunctionalInterface
    interface SqlCall<T> {
        T run() throws SQLException;
    }

    static String shortQuery(String query) {
        if (query == null) return null;
        String q = PASSWORD_LITERAL.matcher(query).replaceAll("$1'***'").replaceAll("\\s+", " ").strip();
        return q.length() <= QUERY_TEXT ? q : q.substring(0, QUERY_TEXT - 1) + "…";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
