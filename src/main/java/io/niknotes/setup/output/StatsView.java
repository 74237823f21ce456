package io.niknotes.setup.output;

import io.niknotes.setup.outcome.Finding;
import io.niknotes.setup.outcome.Status;
import io.niknotes.setup.stats.Format;
import io.niknotes.setup.stats.PgReport;
import io.niknotes.setup.stats.PoolReport;
import io.niknotes.setup.stats.RedisReport;
import io.niknotes.setup.stats.StatsReport;
import io.niknotes.setup.stats.Thresholds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The statistics report for people: compact tables, thresholds in green/amber/red, findings with their fix. */
public final class StatsView {
    private StatsView() {
    }

    public static void text(Console console, StatsReport report) {
        lines(console, report).forEach(console::result);
    }

    /** The short form (a few lines), as {@code init} ends with. */
    public static void summary(Console console, StatsReport report) {
        summaryLines(console, report).forEach(console::result);
    }

    public static List<String> summaryLines(Console console, StatsReport report) {
        return summary(console, report, false);
    }

    /**
     * The figures {@code init} ends with. Right after provisioning they inform: a figure beyond its threshold is named,
     * never marked as a failure of the run (what really failed is a step, above them).
     */
    public static List<String> informationLines(Console console, StatsReport report) {
        return summary(console, report, true);
    }

    private static List<String> summary(Console console, StatsReport report, boolean information) {
        List<String> out = new ArrayList<>();
        PgReport pg = report.postgres();
        PgReport.Server s = pg.server();
        PgReport.CacheHit c = pg.cacheHit();
        out.add(console.bold("PostgreSQL " + s.version()) + " · " + s.database() + " " + Format.bytes(s.databaseBytes()) + " · "
                + pg.totalConnections() + "/" + s.maxConnections() + " connections · cache hit heap "
                + ratio(console, c.heapRatio(), c.heapHit() + c.heapRead(), Thresholds.BUFFER_HIT_MIN_BLOCKS, Thresholds.BUFFER_HIT_GREEN, Thresholds.BUFFER_HIT_AMBER)
                + ", index " + ratio(console, c.indexRatio(), c.indexHit() + c.indexRead(), Thresholds.BUFFER_HIT_MIN_BLOCKS, Thresholds.BUFFER_HIT_GREEN, Thresholds.BUFFER_HIT_AMBER)
                + " · statistics " + Format.duration(pg.statsAge(report.collectedAt())) + " old");
        long indexed = pg.hotQueries().stream().filter(q -> q.error() == null && q.seqScans().isEmpty()).count();
        PoolReport.Pool pool = report.pooler() == null ? null : report.pooler().pool();
        if (pool != null) {
            out.add("  PgBouncer pool: " + pool.clientsActive() + " clients active, " + paintWaiting(console, pool) + " · "
                    + pool.serversActive() + " server connections active, " + pool.serversIdle() + " idle");
        }
        if (!pg.hotQueries().isEmpty()) out.add("  hot queries: " + indexed + " of " + pg.hotQueries().size() + " use an index");
        RedisReport r = report.redis();
        if (r != null) {
            out.add(console.bold("Redis " + r.version()) + " · hit rate " + redisHit(console, r) + " · " + Format.count(r.dbKeys())
                    + " keys · used " + Format.bytes(r.usedMemory()) + " of " + (r.maxmemory() == 0 ? "unlimited" : Format.bytes(r.maxmemory())));
        } else if (report.redisError() != null) {
            out.add(console.bold("Redis") + " " + console.paint(Status.WARN, "unavailable") + ": " + report.redisError());
        }
        out.add(information ? informationVerdict(console, report) : verdict(console, report));
        return out;
    }

    private static String informationVerdict(Console console, StatsReport report) {
        List<String> beyond = report.findings().stream().filter(f -> f.status() == Status.FAIL || f.status() == Status.WARN)
                .map(f -> f.found()).toList();
        return console.mark(Status.INFO) + " " + (beyond.isEmpty() ? "every judged figure within its threshold"
                : beyond.size() + " figure(s) beyond their threshold, for information: " + String.join("; ", beyond)
                + " — `niknotes-setup stats` explains each with its fix");
    }

    public static List<String> lines(Console console, StatsReport report) {
        List<String> out = new ArrayList<>();
        PgReport pg = report.postgres();
        PgReport.Server s = pg.server();
        Instant now = report.collectedAt();
        out.add(console.bold("PostgreSQL " + s.version()) + " · " + s.database() + " " + Format.bytes(s.databaseBytes())
                + " · up " + Format.duration(Duration.between(s.startedAt(), now)) + " · as " + s.user()
                + (s.superuser() ? " (superuser)" : s.readAllStats() ? " (pg_read_all_stats)" : " (no superuser)"));
        out.add("  statistics cover " + Format.duration(pg.statsAge(now)) + " (since " + pg.statsSource()
                + (pg.statsSince() == null ? "" : ", " + Format.moment(pg.statsSince(), now)) + ")");
        out.add("");
        connections(console, pg, out);
        pooler(console, report.pooler(), out);
        PgReport.CacheHit c = pg.cacheHit();
        out.add(console.bold("Buffer cache") + "  heap " + ratio(console, c.heapRatio(), c.heapHit() + c.heapRead(),
                Thresholds.BUFFER_HIT_MIN_BLOCKS, Thresholds.BUFFER_HIT_GREEN, Thresholds.BUFFER_HIT_AMBER)
                + "  index " + ratio(console, c.indexRatio(), c.indexHit() + c.indexRead(), Thresholds.BUFFER_HIT_MIN_BLOCKS,
                Thresholds.BUFFER_HIT_GREEN, Thresholds.BUFFER_HIT_AMBER));
        out.add("");
        tables(console, pg, now, out);
        indexes(console, pg, out);
        hotQueries(console, pg, out);
        slowQueries(console, pg, out);
        danger(console, pg, out);
        redis(console, report, out);
        findings(console, report, out);
        if (!report.notes().isEmpty()) {
            out.add(console.bold("Notes"));
            report.notes().forEach(n -> out.add("  " + console.paint(Status.INFO, console.mark(Status.INFO)) + " " + n));
            out.add("");
        }
        out.add(verdict(console, report));
        return out;
    }

    private static void connections(Console console, PgReport pg, List<String> out) {
        PgReport.Server s = pg.server();
        int usable = Math.max(1, s.maxConnections() - s.reservedConnections());
        Status st = Thresholds.below((double) pg.totalConnections() / usable, Thresholds.CONNECTIONS_AMBER, Thresholds.CONNECTIONS_RED);
        Status app = Thresholds.below((double) pg.appConnections() / Thresholds.APP_POOL, 0.8, 1.0);
        out.add(console.bold("Connections") + "  " + console.paint(st, pg.totalConnections() + " of " + usable + " usable")
                + " (max_connections " + s.maxConnections() + ") · " + Thresholds.APP_NAME + " "
                + console.paint(app, pg.appConnections() + " of " + Thresholds.APP_POOL)
                + " · long-running " + pg.longRunning().size() + " · idle in transaction " + pg.idleInTransaction().size());
        TextTable t = new TextTable("state", "application_name", ">count");
        for (PgReport.ConnectionGroup g : pg.connections()) {
            t.row(g.state() == null ? "(hidden)" : g.state(), g.applicationName().isEmpty() ? "-" : g.applicationName(), g.count());
        }
        out.addAll(t.render(console, "  "));
        out.add("");
    }

    /** PgBouncer's own figures for the app's pool (its admin console), when DATABASE_URL goes through a pooler. */
    private static void pooler(Console console, PoolReport pooler, List<String> out) {
        if (pooler == null) return;
        if (!pooler.read()) {
            out.add(console.bold("Pooler") + "  " + pooler.address() + " · its own figures not read (see Notes)");
            out.add("");
            return;
        }
        PoolReport.Pool p = pooler.pool();
        out.add(console.bold("Pooler") + "  " + pooler.address() + " · " + (pooler.version() == null ? "PgBouncer" : pooler.version())
                + (p == null ? "" : " · pool " + p.database() + "/" + p.user() + ", " + p.mode() + " mode"));
        if (p == null) {
            out.add("  no pool for this database and user in SHOW POOLS");
        } else {
            out.add("  clients " + p.clientsActive() + " active (this report's one of them), " + paintWaiting(console, p)
                    + " · server connections " + p.serversActive() + " active, " + p.serversIdle() + " idle, " + p.serversUsed() + " used");
        }
        PoolReport.Traffic t = pooler.traffic();
        if (t != null) {
            out.add("  last stats_period: average transaction " + Format.micros(t.avgTransactionMicros()) + ", query "
                    + Format.micros(t.avgQueryMicros()) + ", wait for a server " + console.paint(Thresholds.below(t.avgWaitMicros() / 1000.0,
                    Thresholds.POOL_WAIT_AMBER_MS, Double.MAX_VALUE), Format.micros(t.avgWaitMicros())) + " · since start "
                    + Format.count(t.transactions()) + " transactions, " + Format.count(t.queries()) + " queries");
        }
        out.add("");
    }

    private static String paintWaiting(Console console, PoolReport.Pool p) {
        return console.paint(p.clientsWaiting() > 0 ? Status.WARN : Status.OK, p.clientsWaiting() + " waiting")
                + " (max wait " + String.format(Locale.ROOT, "%.3f s", p.maxWaitSeconds()) + ")";
    }

    private static void tables(Console console, PgReport pg, Instant now, List<String> out) {
        out.add(console.bold("Tables"));
        TextTable t = new TextTable("table", ">rows", ">table", ">indexes", ">toast", ">seq scans", ">idx scans", ">idx ratio",
                ">dead", "vacuumed", "analyzed");
        for (PgReport.Table tb : pg.tables()) {
            Double r = tb.indexScanRatio();
            TextTable.Cell ratio;
            if (r == null) {
                ratio = TextTable.painted("-", Status.INFO);
            } else if (tb.idxScan() == 0) {
                ratio = TextTable.painted("seq only", judged(tb) ? Status.FAIL : Status.INFO);
            } else {
                ratio = TextTable.painted(Format.percent(r), judged(tb)
                        ? Thresholds.atLeast(r, Thresholds.INDEX_RATIO_GREEN, Thresholds.INDEX_RATIO_AMBER) : Status.INFO);
            }
            Double dead = tb.deadRatio();
            Status deadSt = dead != null && dead > Thresholds.DEAD_TUPLES_RATIO && tb.deadTuples() >= Thresholds.DEAD_TUPLES_MIN ? Status.WARN : null;
            t.row(tb.name(), (tb.rowsExact() ? "" : "~") + Format.count(tb.rows()), Format.bytes(tb.tableBytes()),
                    Format.bytes(tb.indexBytes()), Format.bytes(tb.toastBytes()), Format.count(tb.seqScan()), Format.count(tb.idxScan()),
                    ratio, new TextTable.Cell(Format.count(tb.deadTuples()), deadSt),
                    ago(latest(tb.lastVacuum(), tb.lastAutovacuum()), now), ago(latest(tb.lastAnalyze(), tb.lastAutoanalyze()), now));
        }
        if (t.isEmpty()) out.add("  no user tables");
        else out.addAll(t.render(console, "  "));
        out.add(console.dim("  ~ = estimate (--exact counts); idx ratio judged on tables of " + Format.count(Thresholds.INDEX_RATIO_MIN_ROWS)
                + "+ rows and " + Thresholds.INDEX_RATIO_MIN_SCANS + "+ scans"));
        out.add("");
    }

    private static boolean judged(PgReport.Table t) {
        return t.rows() >= Thresholds.INDEX_RATIO_MIN_ROWS && t.seqScan() + t.idxScan() >= Thresholds.INDEX_RATIO_MIN_SCANS;
    }

    private static void indexes(Console console, PgReport pg, List<String> out) {
        out.add(console.bold("Indexes"));
        TextTable t = new TextTable("index", "table", ">scans", ">size", "note");
        for (PgReport.Index i : pg.indexes()) {
            List<String> notes = new ArrayList<>();
            Status st = null;
            if (!i.valid()) {
                notes.add("INVALID");
                st = Status.FAIL;
            }
            if (i.primary()) notes.add("primary key");
            else if (i.unique()) notes.add("unique");
            if (i.coveredBy() != null) notes.add("covered by " + i.coveredBy());
            if (!i.enforcing() && i.scans() < Thresholds.UNUSED_INDEX_MAX_SCANS) notes.add("few scans");
            t.row(i.name(), i.table(), Format.count(i.scans()), Format.bytes(i.bytes()), new TextTable.Cell(String.join(", ", notes), st));
        }
        if (t.isEmpty()) out.add("  no indexes");
        else out.addAll(t.render(console, "  "));
        out.add("");
    }

    private static void hotQueries(Console console, PgReport pg, List<String> out) {
        if (pg.hotQueries().isEmpty()) return;
        out.add(console.bold("Hot queries") + console.dim(" (EXPLAIN with sample values)"));
        TextTable t = new TextTable("query", "plan", ">cost", ">ms");
        for (PgReport.HotQuery q : pg.hotQueries()) {
            TextTable.Cell plan;
            if (q.error() != null) {
                plan = TextTable.painted("error: " + q.error(), Status.WARN);
            } else if (q.seqScans().isEmpty()) {
                plan = TextTable.painted(String.join(", ", q.indexes()), Status.OK);
            } else {
                plan = TextTable.painted("sequential scan on " + String.join(", ", q.seqScans())
                        + (q.indexes().isEmpty() ? "" : " + " + String.join(", ", q.indexes())), Status.WARN);
            }
            t.row(q.name(), plan, String.format(Locale.ROOT, "%.1f", q.cost()),
                    q.actualMs() == null ? "-" : String.format(Locale.ROOT, "%.2f", q.actualMs()));
        }
        out.addAll(t.render(console, "  "));
        out.add("");
    }

    private static void slowQueries(Console console, PgReport pg, List<String> out) {
        PgReport.SlowQueries slow = pg.slowQueries();
        out.add(console.bold("Slow queries") + console.dim(" (pg_stat_statements, top by mean time)"));
        if (!slow.available()) {
            out.add("  " + slow.note());
        } else if (slow.top().isEmpty()) {
            out.add("  no statements recorded yet");
        } else {
            TextTable t = new TextTable(">mean ms", ">calls", ">total ms", "query");
            for (PgReport.Statement s : slow.top()) {
                t.row(TextTable.painted(String.format(Locale.ROOT, "%.1f", s.meanMs()), s.meanMs() > Thresholds.SLOW_QUERY_MS ? Status.FAIL : Status.OK),
                        Format.count(s.calls()), String.format(Locale.ROOT, "%.0f", s.totalMs()), s.query());
            }
            out.addAll(t.render(console, "  "));
        }
        out.add("");
    }

    private static void danger(Console console, PgReport pg, List<String> out) {
        out.add(console.bold("Danger checks"));
        if (pg.wraparound() != null) {
            PgReport.Wraparound w = pg.wraparound();
            Status st = Thresholds.below(w.xidAge(), Thresholds.XID_AGE_AMBER, Thresholds.XID_AGE_RED);
            out.add("  transaction-ID age " + console.paint(st, Format.count(w.xidAge())) + " in " + w.database() + " ("
                    + Format.count(w.remaining()) + " left before wraparound)");
        }
        TextTable t = new TextTable("sequence", ">last value", ">max value", ">used");
        for (PgReport.Sequence s : pg.sequences()) {
            Double used = s.usedRatio();
            t.row(s.name(), s.lastValue() != null ? Format.count(s.lastValue()) : s.neverUsed() ? "never used" : "hidden",
                    Format.count(s.maxValue()),
                    s.neverUsed() ? TextTable.painted("0.0%", Status.OK) : used == null ? TextTable.painted("hidden", Status.INFO)
                            : TextTable.painted(Format.percent(used), Thresholds.below(used, Thresholds.SEQUENCE_AMBER, Thresholds.SEQUENCE_RED)));
        }
        if (!t.isEmpty()) out.addAll(t.render(console, "  "));
        out.add("");
    }

    private static void redis(Console console, StatsReport report, List<String> out) {
        RedisReport r = report.redis();
        if (r == null) {
            if (report.redisError() != null) {
                out.add(console.bold("Redis") + "  " + console.paint(Status.WARN, "unavailable") + ": " + report.redisError());
                out.add("");
            }
            return;
        }
        Double mem = r.memoryRatio();
        out.add(console.bold("Redis " + r.version()) + " (" + r.mode() + ") · " + r.target() + " · up "
                + Format.duration(Duration.ofSeconds(r.uptimeSeconds())) + " · " + Format.plural(r.connectedClients(), "client", "clients"));
        out.add("  hit rate " + redisHit(console, r) + " (" + Format.count(r.keyspaceHits()) + " hits, "
                + Format.count(r.keyspaceMisses()) + " misses) · memory "
                + console.paint(mem == null ? Status.WARN : Thresholds.below(mem, Thresholds.REDIS_MEMORY_AMBER, 2.0),
                Format.bytes(r.usedMemory()) + " of " + (r.maxmemory() == 0 ? "unlimited" : Format.bytes(r.maxmemory())))
                + " (" + r.policy() + ") · evicted " + Format.count(r.evictedKeys()) + " · expired " + Format.count(r.expiredKeys()));
        out.add("  latency " + console.paint(Thresholds.below(r.latencyP99Ms(), Thresholds.REDIS_LATENCY_AMBER_MS, Thresholds.REDIS_LATENCY_RED_MS),
                String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", r.latencyP50Ms(), r.latencyP99Ms())) + " · " + Format.count(r.dbKeys())
                + " keys in this database");
        List<String> headers = new ArrayList<>(List.of("prefix", ">keys", ">no TTL", ">min TTL", ">median", ">max TTL"));
        RedisReport.Prefix.BUCKETS.forEach(b -> headers.add(">" + b));
        TextTable t = new TextTable(headers.toArray(String[]::new));
        for (RedisReport.Prefix p : r.prefixes()) {
            List<Object> row = new ArrayList<>(List.of(p.prefix() + "*", Format.count(p.keys()),
                    new TextTable.Cell(Format.count(p.withoutTtl()), p.withoutTtl() > 0 ? Status.WARN : null),
                    ttl(p.minTtl()), ttl(p.medianTtl()), ttl(p.maxTtl())));
            RedisReport.Prefix.BUCKETS.forEach(b -> row.add(Format.count(p.buckets().getOrDefault(b, 0L))));
            t.row(row.toArray());
        }
        out.addAll(t.render(console, "  "));
        out.add("");
    }

    private static void findings(Console console, StatsReport report, List<String> out) {
        // the statistics' age heads the report already
        List<Finding> shown = report.findings().stream().filter(f -> f.status() != Status.OK && !f.check().equals("stats-age")).toList();
        if (shown.isEmpty()) return;
        out.add(console.bold("Findings"));
        for (Finding f : shown) {
            out.add("  " + console.paint(f.status(), console.mark(f.status())) + " " + f.found());
            if (f.fix() != null) out.add("      " + console.dim("fix: ") + f.fix());
        }
        out.add("");
    }

    private static String verdict(Console console, StatsReport report) {
        Status overall = report.overall();
        return console.paint(overall, console.mark(overall)) + " " + report.count(Status.FAIL) + " red, "
                + report.count(Status.WARN) + " amber, " + report.count(Status.OK) + " green, " + report.count(Status.INFO) + " notes";
    }

    private static String ratio(Console console, Double ratio, long samples, long min, double green, double amber) {
        if (ratio == null) return console.dim("n/a");
        String text = Format.percent(ratio);
        return samples < min ? console.dim(text) : console.paint(Thresholds.atLeast(ratio, green, amber), text);
    }

    private static String redisHit(Console console, RedisReport r) {
        return ratio(console, r.hitRate(), r.keyspaceHits() + r.keyspaceMisses(), Thresholds.REDIS_HIT_MIN_LOOKUPS,
                Thresholds.REDIS_HIT_GREEN, Thresholds.REDIS_HIT_AMBER);
    }

    private static String ttl(Long seconds) {
        return seconds == null ? "-" : Format.duration(Duration.ofSeconds(seconds));
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    private static String ago(Instant t, Instant now) {
        return t == null ? "never" : Format.duration(Duration.between(t, now)) + " ago";
    }
}
