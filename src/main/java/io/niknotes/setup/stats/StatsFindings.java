package io.niknotes.setup.stats;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Judges the figures against {@link Thresholds}: what is fine, what to look at, what to fix, and how. */
public final class StatsFindings {
    static final String PG = "postgres";
    static final String REDIS = "redis";
    static final String POOLER = "pooler";

    private final StatsOptions options;
    private final Instant now;

    public StatsFindings(StatsOptions options, Instant now) {
        this.options = options;
        this.now = now;
    }

    public List<Finding> postgres(PgReport pg) {
        List<Finding> out = new ArrayList<>();
        Duration age = pg.statsAge(now);
        out.add(Finding.info(PG, "stats-age", "statistics cover " + Format.duration(age) + " (since " + pg.statsSource()
                + (pg.statsSince() == null ? "" : ", " + Format.moment(pg.statsSince(), now)) + ")"));
        connections(pg, out);
        for (PgReport.Session s : pg.longRunning()) {
            out.add(Finding.warn(PG, "long-running", "pid " + s.pid() + " (" + who(s) + ") active for " + Format.duration(s.duration())
                    + ": " + s.query(), "a query running longer than " + Format.duration(options.longRunning()),
                    "EXPLAIN it; if it is stuck, SELECT pg_cancel_backend(" + s.pid() + ")"));
        }
        for (PgReport.Session s : pg.idleInTransaction()) {
            out.add(Finding.warn(PG, "idle-in-transaction", "pid " + s.pid() + " (" + who(s) + ") idle in transaction for "
                    + Format.duration(s.duration()), "a client opened a transaction and stopped: it holds locks and blocks vacuum",
                    "fix the client (commit or roll back); end it with SELECT pg_terminate_backend(" + s.pid()
                            + "); set idle_in_transaction_session_timeout"));
        }
        cache(out, "cache-hit.heap", "heap", pg.cacheHit().heapRatio(), pg.cacheHit().heapHit() + pg.cacheHit().heapRead());
        cache(out, "cache-hit.index", "index", pg.cacheHit().indexRatio(), pg.cacheHit().indexHit() + pg.cacheHit().indexRead());
        for (PgReport.Table t : pg.tables()) tableFindings(t, out);
        indexFindings(pg, age, out);
        Map<String, PgReport.Table> tables = pg.tables().stream().collect(Collectors.toMap(PgReport.Table::name, Function.identity()));
        for (PgReport.HotQuery q : pg.hotQueries()) out.add(hotQuery(q, tables));
        slowQueries(pg.slowQueries(), out);
        for (PgReport.Sequence s : pg.sequences()) {
            Double used = s.usedRatio();
            if (used == null) continue;
            Status st = Thresholds.below(used, Thresholds.SEQUENCE_AMBER, Thresholds.SEQUENCE_RED);
            if (st != Status.OK) {
                out.add(new Finding(PG, "sequence." + s.name(), st, "sequence " + s.name() + " has used " + Format.percent(used)
                        + " of its range (" + s.lastValue() + " of " + s.maxValue() + ")", "inserts fail once it reaches its maximum",
                        "ALTER SEQUENCE " + s.name() + " AS bigint and widen the column to bigint", ExitCode.OK));
            }
        }
        if (pg.wraparound() != null) {
            PgReport.Wraparound w = pg.wraparound();
            Status st = Thresholds.below(w.xidAge(), Thresholds.XID_AGE_AMBER, Thresholds.XID_AGE_RED);
            String found = "oldest transaction-ID age " + Format.count(w.xidAge()) + " in " + w.database() + " ("
                    + Format.count(w.remaining()) + " left before wraparound)";
            out.add(st == Status.OK ? Finding.ok(PG, "wraparound", found) : new Finding(PG, "wraparound", st, found,
                    "autovacuum is not freezing old rows: PostgreSQL stops accepting writes near 2^31",
                    "run VACUUM (FREEZE) in " + w.database() + "; look for long transactions or stale replication slots blocking it",
                    ExitCode.OK));
        }
        return out;
    }

    private void connections(PgReport pg, List<Finding> out) {
        PgReport.Server s = pg.server();
        int usable = Math.max(1, s.maxConnections() - s.reservedConnections());
        int total = pg.totalConnections();
        int app = pg.appConnections();
        Status st = Thresholds.below((double) total / usable, Thresholds.CONNECTIONS_AMBER, Thresholds.CONNECTIONS_RED);
        Status appSt = Thresholds.below((double) app / Thresholds.APP_POOL, 0.8, 1.0);
        String found = total + " of " + usable + " usable connections (max_connections " + s.maxConnections() + ", "
                + s.reservedConnections() + " reserved); " + Thresholds.APP_NAME + " " + app + " of its pool's " + Thresholds.APP_POOL;
        Status worst = st.compareTo(appSt) >= 0 ? st : appSt;
        out.add(worst == Status.OK ? Finding.ok(PG, "connections", found) : new Finding(PG, "connections", worst, found,
                appSt != Status.OK ? "the app's pool (20 + 40 overflow) is nearly exhausted: requests wait for a connection"
                        : "the server is running out of connections", "look for idle sessions below; raise max_connections or put PgBouncer in front",
                ExitCode.OK));
        if (usable < Thresholds.APP_POOL + 5) {
            out.add(Finding.warn(PG, "connections.headroom", "max_connections " + s.maxConnections() + " leaves " + usable
                    + " usable connections", "the app's pool alone may open " + Thresholds.APP_POOL,
                    "set max_connections = 100 (the app's compose file) and restart PostgreSQL"));
        }
    }

    /** PgBouncer's pool: clients that wait for a server connection are requests that wait. */
    public Finding pool(PoolReport pooler) {
        PoolReport.Pool p = pooler.pool();
        long avgWait = pooler.traffic() == null ? 0 : pooler.traffic().avgWaitMicros();
        String found = "PgBouncer pool " + p.database() + "/" + p.user() + ": " + p.clientsActive() + " clients active, "
                + p.clientsWaiting() + " waiting (longest " + String.format(Locale.ROOT, "%.3f s", p.maxWaitSeconds()) + "), "
                + p.serversActive() + " server connections active, " + p.serversIdle() + " idle; average wait " + Format.micros(avgWait);
        if (p.clientsWaiting() == 0 && avgWait / 1000.0 < Thresholds.POOL_WAIT_AMBER_MS) return Finding.ok(POOLER, "pool", found);
        return Finding.warn(POOLER, "pool", found, "every server connection of the pool is busy: the app's requests wait for one",
                "raise default_pool_size (or the database's pool_size) in pgbouncer.ini if the server has connections to spare "
                        + "(max_connections); else look for long or idle-in-transaction sessions holding server connections");
    }

    private static void cache(List<Finding> out, String check, String kind, Double ratio, long blocks) {
        if (ratio == null || blocks < Thresholds.BUFFER_HIT_MIN_BLOCKS) {
            out.add(Finding.info(PG, check, kind + " buffer-cache hit " + (ratio == null ? "n/a" : Format.percent(ratio))
                    + " (not judged: " + Format.count(blocks) + " blocks read so far, fewer than " + Format.count(Thresholds.BUFFER_HIT_MIN_BLOCKS) + ")"));
            return;
        }
        Status st = Thresholds.atLeast(ratio, Thresholds.BUFFER_HIT_GREEN, Thresholds.BUFFER_HIT_AMBER);
        String found = kind + " buffer-cache hit " + Format.percent(ratio) + " over " + Format.count(blocks) + " blocks";
        out.add(st == Status.OK ? Finding.ok(PG, check, found) : new Finding(PG, check, st, found,
                "the working set does not fit in shared_buffers", "raise shared_buffers (256MB in the app's compose file) or the server's memory",
                ExitCode.OK));
    }

    private static void tableFindings(PgReport.Table t, List<Finding> out) {
        Double ratio = t.indexScanRatio();
        long scans = t.seqScan() + t.idxScan();
        if (ratio != null && t.rows() >= Thresholds.INDEX_RATIO_MIN_ROWS && scans >= Thresholds.INDEX_RATIO_MIN_SCANS) {
            Status st = Thresholds.atLeast(ratio, Thresholds.INDEX_RATIO_GREEN, Thresholds.INDEX_RATIO_AMBER);
            if (st != Status.OK) {
                out.add(new Finding(PG, "index-usage." + t.name(), st, "table " + t.name() + ": " + Format.percent(ratio) + " of "
                        + Format.count(scans) + " scans use an index (" + Format.count(t.rows()) + " rows, "
                        + Format.count(t.seqScan()) + " sequential scans)", "queries filter on columns without an index",
                        "see which hot query reads " + t.name() + " sequentially; add an index for its filter",
                        ExitCode.OK));
            }
        }
        Double dead = t.deadRatio();
        if (dead != null && dead > Thresholds.DEAD_TUPLES_RATIO && t.deadTuples() >= Thresholds.DEAD_TUPLES_MIN) {
            out.add(Finding.warn(PG, "dead-tuples." + t.name(), "table " + t.name() + ": " + Format.count(t.deadTuples())
                    + " dead rows (" + Format.percent(dead) + ")", "autovacuum has not caught up (or a long transaction holds it back)",
                    "VACUUM (ANALYZE) " + t.name() + "; check the idle-in-transaction sessions"));
        }
    }

    private void indexFindings(PgReport pg, Duration age, List<Finding> out) {
        long dbScans = pg.totalIndexScans();
        boolean judge = age.compareTo(options.minStatsAge()) >= 0 && dbScans >= Thresholds.UNUSED_INDEX_MIN_DB_SCANS;
        boolean gatedAny = false;
        for (PgReport.Index i : pg.indexes()) {
            if (!i.valid()) {
                out.add(Finding.fail(PG, "invalid-index." + i.name(), "index " + i.name() + " on " + i.table() + " is INVALID",
                        "a CREATE INDEX CONCURRENTLY failed: the index is maintained on every write but never used",
                        "DROP INDEX CONCURRENTLY " + i.name() + "; then create it again (niknotes-setup migrate)", ExitCode.FAILED));
                continue;
            }
            boolean unused = !i.enforcing() && i.scans() < Thresholds.UNUSED_INDEX_MAX_SCANS;
            if (unused && !judge) gatedAny = true;
            if (unused && judge) {
                out.add(Finding.warn(PG, "unused-index." + i.name(), "index " + i.name() + ": " + Format.count(i.scans())
                        + " scans in " + Format.duration(age) + " (" + Format.bytes(i.bytes()) + ")"
                        + (i.coveredBy() == null ? "" : ", covered by " + i.coveredBy()) + " — consider dropping",
                        "no query uses it, yet every write to " + i.table() + " updates it",
                        "DROP INDEX CONCURRENTLY " + i.name() + "; (check rare jobs such as monthly reports first)"));
            } else if (i.coveredBy() != null) {
                out.add(Finding.info(PG, "covered-index." + i.name(), "index " + i.name() + " on " + i.table() + " is covered by "
                        + i.coveredBy() + " (same leading columns); dropping it would save " + Format.bytes(i.bytes())
                        + " and write work"));
            }
        }
        if (gatedAny) {
            List<String> unmet = new ArrayList<>();
            if (age.compareTo(options.minStatsAge()) < 0) {
                unmet.add("the statistics cover " + Format.duration(age) + ", fewer than " + Format.duration(options.minStatsAge()));
            }
            if (dbScans < Thresholds.UNUSED_INDEX_MIN_DB_SCANS) {
                unmet.add("the database has served " + Format.count(dbScans) + " index scans, fewer than "
                        + Format.count(Thresholds.UNUSED_INDEX_MIN_DB_SCANS));
            }
            out.add(Finding.info(PG, "unused-index", "indexes with few scans not judged yet: " + String.join(" and ", unmet)));
        }
    }

    private static Finding hotQuery(PgReport.HotQuery q, Map<String, PgReport.Table> tables) {
        String check = "hot-query." + q.name();
        String timing = q.actualMs() == null ? "" : String.format(Locale.ROOT, " (%.2f ms)", q.actualMs());
        if (q.error() != null) {
            return Finding.warn(PG, check, q.description() + ": cannot explain: " + q.error(), "the schema differs from the app's",
                    "run `niknotes-setup migrate`");
        }
        if (q.seqScans().isEmpty()) {
            return Finding.ok(PG, check, q.description() + ": uses " + String.join(", ", q.indexes()) + timing);
        }
        boolean allSmall = q.seqScans().stream().allMatch(name -> {
            PgReport.Table t = tables.get(name);
            return t == null || t.rows() < Thresholds.INDEX_RATIO_MIN_ROWS;
        });
        String scans = q.seqScans().stream().map(name -> {
            PgReport.Table t = tables.get(name);
            return t == null ? name : name + " (" + Format.count(t.rows()) + " rows, " + Format.bytes(t.tableBytes()) + ")";
        }).collect(Collectors.joining(", "));
        String uses = q.indexes().isEmpty() ? "" : "; uses " + String.join(", ", q.indexes());
        if (allSmall) {
            return Finding.info(PG, check, q.description() + ": sequential scan on " + scans + uses + timing
                    + " — expected on a table this small (under " + Format.count(Thresholds.INDEX_RATIO_MIN_ROWS) + " rows)");
        }
        return Finding.warn(PG, check, q.description() + ": sequential scan on " + scans + uses + timing,
                "no usable index for: " + q.sql(), "run `niknotes-setup migrate` to create the app's indexes; then ANALYZE");
    }

    private static void slowQueries(PgReport.SlowQueries slow, List<Finding> out) {
        if (!slow.available()) {
            out.add(Finding.info(PG, "pg_stat_statements", slow.note()));
            return;
        }
        long flagged = 0;
        for (PgReport.Statement s : slow.top()) {
            if (s.meanMs() <= Thresholds.SLOW_QUERY_MS) continue;
            flagged++;
            out.add(Finding.warn(PG, "slow-query", String.format(Locale.ROOT, "mean %.0f ms over %s calls: %s", s.meanMs(),
                    Format.count(s.calls()), s.query()), "slower than " + (int) Thresholds.SLOW_QUERY_MS + " ms on average",
                    "EXPLAIN (ANALYZE, BUFFERS) it and add the index its filter needs"));
        }
        if (flagged == 0) {
            out.add(Finding.ok(PG, "slow-query", "no statement averages over " + (int) Thresholds.SLOW_QUERY_MS + " ms (top "
                    + slow.top().size() + " by mean time read)"));
        }
    }

    public List<Finding> redis(RedisReport r) {
        List<Finding> out = new ArrayList<>();
        long lookups = r.keyspaceHits() + r.keyspaceMisses();
        Double hit = r.hitRate();
        if (hit == null || lookups < Thresholds.REDIS_HIT_MIN_LOOKUPS) {
            out.add(Finding.info(REDIS, "hit-rate", "hit rate " + (hit == null ? "n/a" : Format.percent(hit)) + " (not judged: "
                    + Format.count(lookups) + " lookups, fewer than " + Thresholds.REDIS_HIT_MIN_LOOKUPS + ")"));
        } else {
            Status st = Thresholds.atLeast(hit, Thresholds.REDIS_HIT_GREEN, Thresholds.REDIS_HIT_AMBER);
            String found = "hit rate " + Format.percent(hit) + " (" + Format.count(r.keyspaceHits()) + " hits, "
                    + Format.count(r.keyspaceMisses()) + " misses)";
            out.add(st == Status.OK ? Finding.ok(REDIS, "hit-rate", found) : new Finding(REDIS, "hit-rate", st, found,
                    r.evictedKeys() > 0 ? "keys are evicted before they are read again" : "most lookups find nothing cached",
                    r.evictedKeys() > 0 ? "raise maxmemory" : "check that the app writes to the same Redis database it reads",
                    ExitCode.OK));
        }
        Double mem = r.memoryRatio();
        String memFound = "used " + Format.bytes(r.usedMemory()) + " of " + (r.maxmemory() == 0 ? "unlimited" : Format.bytes(r.maxmemory()))
                + ", policy " + r.policy() + (r.evictedKeys() > 0 ? ", " + Format.count(r.evictedKeys()) + " keys evicted" : "");
        if (mem == null) {
            out.add(Finding.warn(REDIS, "memory", memFound, "a pure cache without a memory limit grows until the machine runs out",
                    "set maxmemory 256mb and maxmemory-policy allkeys-lru (the app's compose file)"));
        } else if (mem >= Thresholds.REDIS_MEMORY_AMBER && r.policy().equals("noeviction")) {
            out.add(Finding.fail(REDIS, "memory", memFound, "full with noeviction: the app's cache writes fail",
                    "CONFIG SET maxmemory-policy allkeys-lru (and in redis.conf)", ExitCode.FAILED));
        } else if (mem >= Thresholds.REDIS_MEMORY_AMBER) {
            out.add(Finding.warn(REDIS, "memory", memFound, "the cache is full and evicts", "raise maxmemory if the hit rate suffers"));
        } else {
            out.add(Finding.ok(REDIS, "memory", memFound));
        }
        Status lat = Thresholds.below(r.latencyP99Ms(), Thresholds.REDIS_LATENCY_AMBER_MS, Thresholds.REDIS_LATENCY_RED_MS);
        String latFound = String.format(Locale.ROOT, "PING p50 %.2f ms, p99 %.2f ms", r.latencyP50Ms(), r.latencyP99Ms());
        out.add(lat == Status.OK ? Finding.ok(REDIS, "latency", latFound) : new Finding(REDIS, "latency", lat, latFound,
                "a slow cache costs more than it saves", "run Redis close to the app (same host or network)", ExitCode.OK));
        for (RedisReport.Prefix p : r.prefixes()) {
            if (p.withoutTtl() > 0) {
                out.add(Finding.warn(REDIS, "ttl." + p.prefix(), Format.count(p.withoutTtl()) + " " + p.prefix() + "* keys never expire",
                        "the app sets a TTL on every key it writes", "inspect them (redis-cli --scan --pattern '" + p.prefix() + "*')"
                                + " and delete the stale ones"));
            }
        }
        return out;
    }

    private static String who(PgReport.Session s) {
        return s.user() + (s.applicationName().isEmpty() ? "" : ", " + s.applicationName());
    }
}
