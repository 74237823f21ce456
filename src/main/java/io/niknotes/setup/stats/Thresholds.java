package io.niknotes.setup.stats;

import io.niknotes.setup.outcome.Status;

import java.time.Duration;

/**
 * Every threshold the statistics report colours by (green = {@link Status#OK}, amber = {@link Status#WARN},
 * red = {@link Status#FAIL}). The README's stats section documents the same numbers.
 */
public final class Thresholds {
    /** Buffer-cache hit ratio (heap and index): green at or above, amber at or above, red below. */
    public static final double BUFFER_HIT_GREEN = 0.99;
    public static final double BUFFER_HIT_AMBER = 0.90;
    /** Ratios over fewer blocks than this are shown but not judged (a fresh database reads everything from disk). */
    public static final long BUFFER_HIT_MIN_BLOCKS = 10_000;

    /** Share of a table's scans that use an index. */
    public static final double INDEX_RATIO_GREEN = 0.95;
    public static final double INDEX_RATIO_AMBER = 0.80;
    /** Tables with fewer rows are read sequentially on purpose: cheaper than an index. */
    public static final long INDEX_RATIO_MIN_ROWS = 1_000;
    /** Tables scanned fewer times than this are not judged. */
    public static final long INDEX_RATIO_MIN_SCANS = 100;

    /** Client connections against max_connections (minus the superuser reserve). */
    public static final double CONNECTIONS_AMBER = 0.70;
    public static final double CONNECTIONS_RED = 0.90;
    /** The app's SQLAlchemy pool: pool_size 20 + max_overflow 40. */
    public static final int APP_POOL = 60;
    public static final String APP_NAME = "niknotes_app";

    /** PgBouncer's pool: clients waited this long on average for a server connection over its last stats_period. */
    public static final double POOL_WAIT_AMBER_MS = 100;

    public static final Duration LONG_RUNNING = Duration.ofMinutes(5);
    public static final Duration IDLE_IN_TRANSACTION = Duration.ofMinutes(1);

    /** Dead tuples: flagged above this share of the table and this count. */
    public static final double DEAD_TUPLES_RATIO = 0.20;
    public static final long DEAD_TUPLES_MIN = 1_000;

    /** An index (not unique, not backing a constraint) with fewer scans than this is "unused"... */
    public static final long UNUSED_INDEX_MAX_SCANS = 50;
    /** ...but only once the statistics are this old... */
    public static final Duration UNUSED_INDEX_MIN_STATS_AGE = Duration.ofDays(7);
    /** ...and the database has served at least this many index scans in total (the app has really run). */
    public static final long UNUSED_INDEX_MIN_DB_SCANS = 1_000;

    /** pg_stat_statements: mean execution time above which a statement is flagged. */
    public static final double SLOW_QUERY_MS = 200;

    /** Sequences: share of the range used. */
    public static final double SEQUENCE_AMBER = 0.75;
    public static final double SEQUENCE_RED = 0.90;

    /** Transaction-ID age (age(datfrozenxid)); wraparound stops writes at about 2^31. */
    public static final long XID_WRAPAROUND = 2_147_483_648L;
    public static final long XID_AGE_AMBER = 1_000_000_000L;
    public static final long XID_AGE_RED = 1_600_000_000L;

    /** Redis hit rate = keyspace_hits / (hits + misses), judged from this many lookups on. */
    public static final double REDIS_HIT_GREEN = 0.80;
    public static final double REDIS_HIT_AMBER = 0.50;
    public static final long REDIS_HIT_MIN_LOOKUPS = 100;
    /** used_memory against maxmemory. */
    public static final double REDIS_MEMORY_AMBER = 0.90;
    /** PING round trip, 99th percentile, milliseconds. */
    public static final double REDIS_LATENCY_AMBER_MS = 10;
    public static final double REDIS_LATENCY_RED_MS = 50;

    private Thresholds() {
    }

    /** For figures where more is better (hit ratios). */
    public static Status atLeast(double value, double green, double amber) {
        return value >= green ? Status.OK : value >= amber ? Status.WARN : Status.FAIL;
    }

    /** For figures where less is better (usage, age). */
    public static Status below(double value, double amber, double red) {
        return value >= red ? Status.FAIL : value >= amber ? Status.WARN : Status.OK;
    }
}
