package io.niknotes.setup.output;

import io.niknotes.setup.stats.PgReport;
import io.niknotes.setup.stats.PoolReport;
import io.niknotes.setup.stats.RedisReport;
import io.niknotes.setup.stats.StatsReport;
import io.niknotes.setup.stats.Thresholds;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code stats --json} document, built from these records. Its shape is documented in the README; a field is
 * never removed or renamed without raising {@link #SCHEMA}. Unknown values are null, not missing.
 */
public final class StatsJson {
    public static final String SCHEMA = "niknotes-setup.stats/1";

    private StatsJson() {
    }

    /** @param redis a {@link Redis}, a {@link RedisUnavailable}, or null when Redis was left out */
    /** @param pooler null when DATABASE_URL goes straight to PostgreSQL */
    public record Document(String schema, String collectedAt, String status, int exitCode, Postgres postgres, Pooler pooler, Object redis,
                           List<FindingsView.Item> findings, List<String> notes) {
    }

    public record Postgres(String version, int versionNum, String database, long databaseBytes, long uptimeSeconds, String user,
                           boolean superuser, StatsAge stats, Connections connections, CacheHit cacheHit, List<Table> tables,
                           List<Index> indexes, List<HotQuery> hotQueries, SlowQueries slowQueries, List<Sequence> sequences,
                           Wraparound wraparound) {
    }

    /**
     * The pooler DATABASE_URL goes through; its figures are PgBouncer's own (SHOW POOLS, SHOW STATS), null when the
     * admin console could not be read ({@code unavailable} says why) or has no pool for the app's database and user.
     */
    public record Pooler(String address, boolean consoleRead, String unavailable, String version, Pool pool, PoolStats stats) {
    }

    public record Pool(String database, String user, String poolMode, int clientsActive, int clientsWaiting, int serversActive,
                       int serversIdle, int serversUsed, double maxWaitSeconds) {
    }

    /** Averages over PgBouncer's last stats_period, in milliseconds; totals since it started. */
    public record PoolStats(double avgTransactionMs, double avgQueryMs, double avgWaitMs, long transactions, long queries) {
    }

    public record StatsAge(String since, String source, long ageSeconds) {
    }

    public record Connections(int total, int usable, int maxConnections, int reserved, AppConnections app, int hidden,
                              List<StateCount> byState, List<Session> longRunning, List<Session> idleInTransaction) {
    }

    public record AppConnections(String applicationName, int count, int pool) {
    }

    public record StateCount(String state, String applicationName, int count) {
    }

    public record Session(int pid, String user, String applicationName, String state, long seconds, String query) {
    }

    public record CacheHit(Double heapRatio, Double indexRatio, long heapBlocksHit, long heapBlocksRead, long indexBlocksHit,
                           long indexBlocksRead) {
    }

    public record Table(String name, long rows, boolean rowsExact, long tableBytes, long indexBytes, long toastBytes, long seqScans,
                        long indexScans, Double indexScanRatio, long liveTuples, long deadTuples, String lastVacuum,
                        String lastAutovacuum, String lastAnalyze, String lastAutoanalyze) {
    }

    public record Index(String name, String table, long scans, long bytes, boolean unique, boolean primary, boolean valid,
                        boolean partial, String coveredBy, String lastScan, String definition) {
    }

    public record HotQuery(String name, String description, List<String> indexes, List<String> seqScans, double cost,
                           Double actualMs, String error) {
    }

    public record SlowQueries(boolean available, String note, double thresholdMs, List<SlowQuery> top) {
    }

    public record SlowQuery(String query, long calls, double meanMs, double totalMs, long rows) {
    }

    public record Sequence(String name, Long lastValue, long maxValue, Double usedRatio) {
    }

    public record Wraparound(String database, long xidAge, long remaining) {
    }

    /** Redis could not be read: why. */
    public record RedisUnavailable(boolean available, String error) {
    }

    public record Redis(boolean available, String target, String version, String mode, long uptimeSeconds, long connectedClients,
                        long usedMemoryBytes, long maxmemoryBytes, String maxmemoryPolicy, long keyspaceHits, long keyspaceMisses,
                        Double hitRate, long evictedKeys, long expiredKeys, long dbKeys, Latency latencyMs, List<Prefix> prefixes) {
    }

    public record Latency(double p50, double p99) {
    }

    /** {@code ttl_buckets} in the fixed order of {@link RedisReport.Prefix#BUCKETS}. */
    public record Prefix(String prefix, long keys, long withoutTtl, Ttl ttlSeconds, Map<String, Long> ttlBuckets) {
    }

    public record Ttl(Long min, Long median, Long max) {
    }

    public static Document document(StatsReport report) {
        return new Document(SCHEMA, report.collectedAt().toString(), report.overall().toString(), report.exitCode().code(),
                postgres(report.postgres(), report.collectedAt()), pooler(report.pooler()), redis(report), FindingsView.json(report.findings()), report.notes());
    }

    private static Postgres postgres(PgReport pg, Instant now) {
        PgReport.Server s = pg.server();
        int usable = Math.max(1, s.maxConnections() - s.reservedConnections());
        Connections connections = new Connections(pg.totalConnections(), usable, s.maxConnections(), s.reservedConnections(),
                new AppConnections(Thresholds.APP_NAME, pg.appConnections(), Thresholds.APP_POOL), pg.hiddenConnections(),
                pg.connections().stream().map(g -> new StateCount(g.state(), g.applicationName(), g.count())).toList(),
                sessions(pg.longRunning()), sessions(pg.idleInTransaction()));
        PgReport.CacheHit c = pg.cacheHit();
        PgReport.SlowQueries slow = pg.slowQueries();
        PgReport.Wraparound w = pg.wraparound();
        return new Postgres(s.version(), s.versionNum(), s.database(), s.databaseBytes(), Duration.between(s.startedAt(), now).toSeconds(),
                s.user(), s.superuser(), new StatsAge(str(pg.statsSince()), pg.statsSource(), pg.statsAge(now).toSeconds()), connections,
                new CacheHit(c.heapRatio(), c.indexRatio(), c.heapHit(), c.heapRead(), c.indexHit(), c.indexRead()),
                pg.tables().stream().map(StatsJson::table).toList(),
                pg.indexes().stream().map(i -> new Index(i.name(), i.table(), i.scans(), i.bytes(), i.unique(), i.primary(), i.valid(),
                        i.partial(), i.coveredBy(), str(i.lastScan()), i.definition())).toList(),
                pg.hotQueries().stream().map(q -> new HotQuery(q.name(), q.description(), q.indexes(), q.seqScans(), q.cost(), q.actualMs(),
                        q.error())).toList(),
                new SlowQueries(slow.available(), slow.note(), Thresholds.SLOW_QUERY_MS, slow.top().stream()
                        .map(q -> new SlowQuery(q.query(), q.calls(), q.meanMs(), q.totalMs(), q.rows())).toList()),
                pg.sequences().stream().map(q -> new Sequence(q.name(), q.lastValue(), q.maxValue(), q.usedRatio())).toList(),
                w == null ? null : new Wraparound(w.database(), w.xidAge(), w.remaining()));
    }

    private static Pooler pooler(PoolReport p) {
        if (p == null) return null;
        PoolReport.Pool pool = p.pool();
        PoolReport.Traffic t = p.traffic();
        return new Pooler(p.address(), p.read(), p.unavailable(), p.version(), pool == null ? null
                : new Pool(pool.database(), pool.user(), pool.mode(), pool.clientsActive(), pool.clientsWaiting(), pool.serversActive(),
                pool.serversIdle(), pool.serversUsed(), pool.maxWaitSeconds()),
                t == null ? null : new PoolStats(t.avgTransactionMicros() / 1000.0, t.avgQueryMicros() / 1000.0, t.avgWaitMicros() / 1000.0,
                        t.transactions(), t.queries()));
    }

    private static Table table(PgReport.Table t) {
        return new Table(t.name(), t.rows(), t.rowsExact(), t.tableBytes(), t.indexBytes(), t.toastBytes(), t.seqScan(), t.idxScan(),
                t.indexScanRatio(), t.liveTuples(), t.deadTuples(), str(t.lastVacuum()), str(t.lastAutovacuum()), str(t.lastAnalyze()),
                str(t.lastAutoanalyze()));
    }

    private static List<Session> sessions(List<PgReport.Session> sessions) {
        return sessions.stream().map(s -> new Session(s.pid(), s.user(), s.applicationName(), s.state(), s.duration().toSeconds(),
                s.query())).toList();
    }

    private static Object redis(StatsReport report) {
        RedisReport r = report.redis();
        if (r == null) return report.redisError() == null ? null : new RedisUnavailable(false, report.redisError());
        return new Redis(true, r.target(), r.version(), r.mode(), r.uptimeSeconds(), r.connectedClients(), r.usedMemory(), r.maxmemory(),
                r.policy(), r.keyspaceHits(), r.keyspaceMisses(), r.hitRate(), r.evictedKeys(), r.expiredKeys(), r.dbKeys(),
                new Latency(r.latencyP50Ms(), r.latencyP99Ms()), r.prefixes().stream().map(p -> {
                    Map<String, Long> buckets = new LinkedHashMap<>();
                    RedisReport.Prefix.BUCKETS.forEach(k -> buckets.put(k, p.buckets().getOrDefault(k, 0L)));
                    return new Prefix(p.prefix(), p.keys(), p.withoutTtl(), new Ttl(p.minTtl(), p.medianTtl(), p.maxTtl()), buckets);
                }).toList());
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
