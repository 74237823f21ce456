package io.niknotes.setup.stats;

import java.time.Duration;

/**
 * What a statistics run should do.
 *
 * @param exact        count rows with {@code count(*)} instead of the planner's estimate
 * @param analyze      run the hot queries with {@code EXPLAIN ANALYZE} (they are read-only SELECTs)
 * @param top          how many slow queries to list from pg_stat_statements
 * @param minStatsAge  how old the statistics must be before an index with few scans is called unused
 * @param requireRedis Redis problems are failures rather than warnings
 * @param longRunning  an active query older than this is reported
 * @param idleInTransaction a session idle in a transaction for longer than this is reported
 */
public record StatsOptions(boolean exact, boolean analyze, int top, Duration minStatsAge, boolean requireRedis,
                           Duration longRunning, Duration idleInTransaction) {
    public static final int DEFAULT_TOP = 10;

    public static StatsOptions defaults() {
        return new StatsOptions(false, false, DEFAULT_TOP, Thresholds.UNUSED_INDEX_MIN_STATS_AGE, false,
                Thresholds.LONG_RUNNING, Thresholds.IDLE_IN_TRANSACTION);
    }

    public StatsOptions withSessionThresholds(Duration newLongRunning, Duration newIdleInTransaction) {
        return new StatsOptions(exact, analyze, top, minStatsAge, requireRedis, newLongRunning, newIdleInTransaction);
    }
}
