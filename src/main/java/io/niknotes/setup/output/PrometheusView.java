package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.stats.PgReport;
import io.niknotes.setup.stats.PoolReport;
import io.niknotes.setup.stats.RedisReport;
import io.niknotes.setup.stats.StatsReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The statistics in Prometheus' text exposition format (version 0.0.4), for a textfile collector or a scrape proxy. */
public final class PrometheusView {
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    private record Metric(String help, String type, List<String> samples) {
    }

    private PrometheusView() {
    }

    public static String render(StatsReport report) {
        PrometheusView v = new PrometheusView();
        v.postgres(report.postgres(), report);
        if (report.pooler() != null) v.pooler(report.pooler());
        RedisReport r = report.redis();
        v.add("niknotes_redis_up", "1 when Redis answered", "gauge", Map.of(), r == null ? 0 : 1);
        if (r != null) v.redis(r);
        for (Status s : List.of(Status.OK, Status.INFO, Status.WARN, Status.FAIL)) {
            v.add("niknotes_stats_findings", "findings by status (ok = green, warn = amber, fail = red)", "gauge",
                    Map.of("status", s.toString()), report.count(s));
        }
        StringBuilder b = new StringBuilder();
        v.metrics.forEach((name, m) -> {
            b.append("# HELP ").append(name).append(' ').append(m.help()).append('\n');
            b.append("# TYPE ").append(name).append(' ').append(m.type()).append('\n');
            m.samples().forEach(s -> b.append(s).append('\n'));
        });
        return b.toString();
    }

    /** PgBouncer's own figures for the app's pool, when its admin console was read. */
    private void pooler(PoolReport pooler) {
        add("niknotes_pgbouncer_console_up", "1 when PgBouncer's admin console was read", "gauge", Map.of(), pooler.read() ? 1 : 0);
        PoolReport.Pool p = pooler.pool();
        if (p != null) {
            add("niknotes_pgbouncer_clients", "client connections of the app's pool by state", "gauge", Map.of("state", "active"), p.clientsActive());
            add("niknotes_pgbouncer_clients", "client connections of the app's pool by state", "gauge", Map.of("state", "waiting"), p.clientsWaiting());
            add("niknotes_pgbouncer_servers", "server connections of the app's pool by state", "gauge", Map.of("state", "active"), p.serversActive());
            add("niknotes_pgbouncer_servers", "server connections of the app's pool by state", "gauge", Map.of("state", "idle"), p.serversIdle());
            add("niknotes_pgbouncer_servers", "server connections of the app's pool by state", "gauge", Map.of("state", "used"), p.serversUsed());
            add("niknotes_pgbouncer_max_wait_seconds", "how long the oldest waiting client has waited", "gauge", Map.of(), p.maxWaitSeconds());
        }
        PoolReport.Traffic t = pooler.traffic();
        if (t != null) {
            String help = "average over PgBouncer's last stats_period";
            add("niknotes_pgbouncer_avg_seconds", help, "gauge", Map.of("of", "transaction"), t.avgTransactionMicros() / 1e6);
            add("niknotes_pgbouncer_avg_seconds", help, "gauge", Map.of("of", "query"), t.avgQueryMicros() / 1e6);
            add("niknotes_pgbouncer_avg_seconds", help, "gauge", Map.of("of", "wait"), t.avgWaitMicros() / 1e6);
        }
    }

    private void postgres(PgReport pg, StatsReport report) {
        PgReport.Server s = pg.server();
        add("niknotes_pg_up", "1 when PostgreSQL answered", "gauge", Map.of(), 1);
        add("niknotes_pg_server_version_num", "server_version_num", "gauge", Map.of(), s.versionNum());
        add("niknotes_pg_uptime_seconds", "seconds since the server started", "gauge", Map.of(),
                java.time.Duration.between(s.startedAt(), report.collectedAt()).toSeconds());
        add("niknotes_pg_database_size_bytes", "size of the app's database", "gauge", Map.of("database", s.database()), s.databaseBytes());
        add("niknotes_pg_stats_age_seconds", "age of the statistics (since stats_reset, database creation or server start)",
                "gauge", Map.of(), pg.statsAge(report.collectedAt()).toSeconds());
        add("niknotes_pg_max_connections", "max_connections", "gauge", Map.of(), s.maxConnections());
        for (PgReport.ConnectionGroup g : pg.connections()) {
            add("niknotes_pg_connections", "client connections by state and application_name", "gauge",
                    labels("state", g.state() == null ? "hidden" : g.state(), "application_name", g.applicationName()), g.count());
        }
        add("niknotes_pg_long_running_sessions", "sessions active longer than the threshold", "gauge", Map.of(), pg.longRunning().size());
        add("niknotes_pg_idle_in_transaction_sessions", "sessions idle in transaction longer than the threshold", "gauge", Map.of(),
                pg.idleInTransaction().size());
        PgReport.CacheHit c = pg.cacheHit();
        if (c.heapRatio() != null) add("niknotes_pg_cache_hit_ratio", "buffer-cache hit ratio", "gauge", Map.of("kind", "heap"), c.heapRatio());
        if (c.indexRatio() != null) add("niknotes_pg_cache_hit_ratio", "buffer-cache hit ratio", "gauge", Map.of("kind", "index"), c.indexRatio());
        for (PgReport.Table t : pg.tables()) {
            Map<String, String> l = Map.of("table", t.name());
            add("niknotes_pg_table_rows", "rows (estimate unless --exact)", "gauge", l, t.rows());
            add("niknotes_pg_table_size_bytes", "table, index and TOAST sizes", "gauge", labels("table", t.name(), "part", "table"), t.tableBytes());
            add("niknotes_pg_table_size_bytes", "table, index and TOAST sizes", "gauge", labels("table", t.name(), "part", "indexes"), t.indexBytes());
            add("niknotes_pg_table_size_bytes", "table, index and TOAST sizes", "gauge", labels("table", t.name(), "part", "toast"), t.toastBytes());
            add("niknotes_pg_table_seq_scans_total", "sequential scans", "counter", l, t.seqScan());
            add("niknotes_pg_table_index_scans_total", "index scans", "counter", l, t.idxScan());
            if (t.indexScanRatio() != null) add("niknotes_pg_table_index_scan_ratio", "idx_scan / (seq_scan + idx_scan)", "gauge", l, t.indexScanRatio());
            add("niknotes_pg_table_dead_tuples", "dead rows awaiting vacuum", "gauge", l, t.deadTuples());
        }
        for (PgReport.Index i : pg.indexes()) {
            Map<String, String> l = labels("table", i.table(), "index", i.name());
            add("niknotes_pg_index_scans_total", "scans of each index", "counter", l, i.scans());
            add("niknotes_pg_index_size_bytes", "size of each index", "gauge", l, i.bytes());
            add("niknotes_pg_index_valid", "0 for an INVALID index", "gauge", l, i.valid() ? 1 : 0);
        }
        for (PgReport.HotQuery q : pg.hotQueries()) {
            add("niknotes_pg_hot_query_uses_index", "1 when the hot query's plan has no sequential scan", "gauge",
                    Map.of("query", q.name()), q.error() == null && q.seqScans().isEmpty() ? 1 : 0);
        }
        for (PgReport.Statement st : pg.slowQueries().top()) {
            // the query text is not a label (unbounded cardinality); the slowest mean is enough to alert on
            add("niknotes_pg_slowest_statement_mean_seconds", "mean time of the slowest statement in pg_stat_statements", "gauge",
                    Map.of(), st.meanMs() / 1000);
            break;
        }
        for (PgReport.Sequence q : pg.sequences()) {
            if (q.usedRatio() != null) add("niknotes_pg_sequence_used_ratio", "share of the sequence's range used", "gauge",
                    Map.of("sequence", q.name()), q.usedRatio());
        }
        if (pg.wraparound() != null) {
            add("niknotes_pg_xid_age", "oldest age(datfrozenxid); wraparound at 2^31", "gauge",
                    Map.of("database", pg.wraparound().database()), pg.wraparound().xidAge());
        }
    }

    private void redis(RedisReport r) {
        add("niknotes_redis_uptime_seconds", "seconds since Redis started", "gauge", Map.of(), r.uptimeSeconds());
        add("niknotes_redis_connected_clients", "connected clients", "gauge", Map.of(), r.connectedClients());
        add("niknotes_redis_used_memory_bytes", "used_memory", "gauge", Map.of(), r.usedMemory());
        add("niknotes_redis_maxmemory_bytes", "maxmemory (0 = unlimited)", "gauge", Map.of(), r.maxmemory());
        add("niknotes_redis_keyspace_hits_total", "keyspace hits", "counter", Map.of(), r.keyspaceHits());
        add("niknotes_redis_keyspace_misses_total", "keyspace misses", "counter", Map.of(), r.keyspaceMisses());
        if (r.hitRate() != null) add("niknotes_redis_hit_ratio", "keyspace_hits / (hits + misses)", "gauge", Map.of(), r.hitRate());
        add("niknotes_redis_evicted_keys_total", "keys evicted for memory", "counter", Map.of(), r.evictedKeys());
        add("niknotes_redis_expired_keys_total", "keys expired", "counter", Map.of(), r.expiredKeys());
        add("niknotes_redis_db_keys", "keys in the app's database", "gauge", Map.of(), r.dbKeys());
        for (RedisReport.Prefix p : r.prefixes()) {
            add("niknotes_redis_prefix_keys", "keys per app prefix (SCAN)", "gauge", Map.of("prefix", p.prefix()), p.keys());
            add("niknotes_redis_prefix_keys_without_ttl", "keys per app prefix that never expire", "gauge", Map.of("prefix", p.prefix()), p.withoutTtl());
        }
        add("niknotes_redis_latency_seconds", "PING round trip", "gauge", Map.of("quantile", "0.5"), r.latencyP50Ms() / 1000);
        add("niknotes_redis_latency_seconds", "PING round trip", "gauge", Map.of("quantile", "0.99"), r.latencyP99Ms() / 1000);
    }

    private void add(String name, String help, String type, Map<String, String> labels, double value) {
        StringBuilder s = new StringBuilder(name);
        if (!labels.isEmpty()) {
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=\"" + escape(v) + "\""));
            s.append('{').append(String.join(",", parts)).append('}');
        }
        s.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value));
        metrics.computeIfAbsent(name, n -> new Metric(help, type, new ArrayList<>())).samples().add(s.toString());
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
