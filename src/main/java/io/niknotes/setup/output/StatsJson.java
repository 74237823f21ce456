package io.niknotes.setup.output;

import io.niknotes.setup.stats.PgReport;
import io.niknotes.setup.stats.RedisReport;
import io.niknotes.setup.stats.StatsReport;
import io.niknotes.setup.stats.Thresholds;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code stats --json} document. Its shape is documented in the README; a field is never removed or renamed
 * without raising {@link #SCHEMA}. Unknown values are null, not missing.
 */
public final class StatsJson {
    public static final String SCHEMA = "niknotes-setup.stats/1";

    private StatsJson() {
    }

    public static Map<String, Object> document(StatsReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("collected_at", report.collectedAt().toString());
        doc.put("status", report.overall().toString());
        doc.put("exit_code", report.exitCode().code());
        doc.put("postgres", postgres(report.postgres(), report.collectedAt()));
        doc.put("redis", redis(report));
        doc.put("findings", FindingsView.json(report.findings()));
        doc.put("notes", report.notes());
        return doc;
    }

    private static Map<String, Object> postgres(PgReport pg, Instant now) {
        PgReport.Server s = pg.server();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("version_num", s.versionNum());
        m.put("database", s.database());
        m.put("database_bytes", s.databaseBytes());
        m.put("uptime_seconds", Duration.between(s.startedAt(), now).toSeconds());
        m.put("user", s.user());
        m.put("superuser", s.superuser());
        m.put("stats", map("since", str(pg.statsSince()), "source", pg.statsSource(), "age_seconds", pg.statsAge(now).toSeconds()));
        int usable = Math.max(1, s.maxConnections() - s.reservedConnections());
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("total", pg.totalConnections());
        conn.put("usable", usable);
        conn.put("max_connections", s.maxConnections());
        conn.put("reserved", s.reservedConnections());
        conn.put("app", map("application_name", Thresholds.APP_NAME, "count", pg.appConnections(), "pool", Thresholds.APP_POOL));
        conn.put("hidden", pg.hiddenConnections());
        conn.put("by_state", pg.connections().stream().map(g -> map("state", g.state(), "application_name", g.applicationName(),
                "count", g.count())).toList());
        conn.put("long_running", sessions(pg.longRunning()));
        conn.put("idle_in_transaction", sessions(pg.idleInTransaction()));
        m.put("connections", conn);
        PgReport.CacheHit c = pg.cacheHit();
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("heap_ratio", c.heapRatio());
        cache.put("index_ratio", c.indexRatio());
        cache.put("heap_blocks_hit", c.heapHit());
        cache.put("heap_blocks_read", c.heapRead());
        cache.put("index_blocks_hit", c.indexHit());
        cache.put("index_blocks_read", c.indexRead());
        m.put("cache_hit", cache);
        m.put("tables", pg.tables().stream().map(StatsJson::table).toList());
        m.put("indexes", pg.indexes().stream().map(StatsJson::index).toList());
        m.put("hot_queries", pg.hotQueries().stream().map(q -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", q.name());
            h.put("description", q.description());
            h.put("indexes", q.indexes());
            h.put("seq_scans", q.seqScans());
            h.put("cost", q.cost());
            h.put("actual_ms", q.actualMs());
            h.put("error", q.error());
            return h;
        }).toList());
        PgReport.SlowQueries slow = pg.slowQueries();
        m.put("slow_queries", map("available", slow.available(), "note", slow.note(), "threshold_ms", Thresholds.SLOW_QUERY_MS,
                "top", slow.top().stream().map(q -> map("query", q.query(), "calls", q.calls(), "mean_ms", q.meanMs(),
                        "total_ms", q.totalMs(), "rows", q.rows())).toList()));
        m.put("sequences", pg.sequences().stream().map(q -> map("name", q.name(), "last_value", q.lastValue(),
                "max_value", q.maxValue(), "used_ratio", q.usedRatio())).toList());
        PgReport.Wraparound w = pg.wraparound();
        m.put("wraparound", w == null ? null : map("database", w.database(), "xid_age", w.xidAge(), "remaining", w.remaining()));
        return m;
    }

    private static Map<String, Object> table(PgReport.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("rows", t.rows());
        m.put("rows_exact", t.rowsExact());
        m.put("table_bytes", t.tableBytes());
        m.put("index_bytes", t.indexBytes());
        m.put("toast_bytes", t.toastBytes());
        m.put("seq_scans", t.seqScan());
        m.put("index_scans", t.idxScan());
        m.put("index_scan_ratio", t.indexScanRatio());
        m.put("live_tuples", t.liveTuples());
        m.put("dead_tuples", t.deadTuples());
        m.put("last_vacuum", str(t.lastVacuum()));
        m.put("last_autovacuum", str(t.lastAutovacuum()));
        m.put("last_analyze", str(t.lastAnalyze()));
        m.put("last_autoanalyze", str(t.lastAutoanalyze()));
        return m;
    }

    private static Map<String, Object> index(PgReport.Index i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("table", i.table());
        m.put("scans", i.scans());
        m.put("bytes", i.bytes());
        m.put("unique", i.unique());
        m.put("primary", i.primary());
        m.put("valid", i.valid());
        m.put("partial", i.partial());
        m.put("covered_by", i.coveredBy());
        m.put("last_scan", str(i.lastScan()));
        m.put("definition", i.definition());
        return m;
    }

    private static List<Map<String, Object>> sessions(List<PgReport.Session> sessions) {
        return sessions.stream().map(s -> map("pid", s.pid(), "user", s.user(), "application_name", s.applicationName(),
                "state", s.state(), "seconds", s.duration().toSeconds(), "query", s.query())).toList();
    }

    private static Map<String, Object> redis(StatsReport report) {
        RedisReport r = report.redis();
        if (r == null) return report.redisError() == null ? null : map("available", false, "error", report.redisError());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", true);
        m.put("target", r.target());
        m.put("version", r.version());
        m.put("mode", r.mode());
        m.put("uptime_seconds", r.uptimeSeconds());
        m.put("connected_clients", r.connectedClients());
        m.put("used_memory_bytes", r.usedMemory());
        m.put("maxmemory_bytes", r.maxmemory());
        m.put("maxmemory_policy", r.policy());
        m.put("keyspace_hits", r.keyspaceHits());
        m.put("keyspace_misses", r.keyspaceMisses());
        m.put("hit_rate", r.hitRate());
        m.put("evicted_keys", r.evictedKeys());
        m.put("expired_keys", r.expiredKeys());
        m.put("db_keys", r.dbKeys());
        m.put("latency_ms", map("p50", r.latencyP50Ms(), "p99", r.latencyP99Ms()));
        m.put("prefixes", r.prefixes().stream().map(p -> {
            Map<String, Object> b = new LinkedHashMap<>();
            RedisReport.Prefix.BUCKETS.forEach(k -> b.put(k, p.buckets().getOrDefault(k, 0L)));
            return map("prefix", p.prefix(), "keys", p.keys(), "without_ttl", p.withoutTtl(),
                    "ttl_seconds", map("min", p.minTtl(), "median", p.medianTtl(), "max", p.maxTtl()), "ttl_buckets", b);
        }).toList());
        return m;
    }

    /** An ordered map from alternating keys and values (values may be null, unlike Map.of). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
