package io.niknotes.setup.stats;

/**
 * The connection pooler between the app and PostgreSQL, and PgBouncer's own figures for the app's pool when its admin
 * console could be read. In {@link StatsReport} only when DATABASE_URL goes through a pooler.
 *
 * @param address     the pooler's host:port
 * @param version     what the console answers to SHOW VERSION, or null
 * @param pool        SHOW POOLS for the app's database and user, or null (not read, or no such pool)
 * @param traffic     SHOW STATS for the app's database, or null
 * @param unavailable why the console was not read (one line with the fix), or null when it was
 */
public record PoolReport(String address, String version, Pool pool, Traffic traffic, String unavailable) {
    public boolean read() {
        return unavailable == null;
    }

    /**
     * One pool (database and user) as SHOW POOLS tells it. This report's own connection is one of the active clients.
     *
     * @param clientsActive  clients paired with a server connection or free to run a transaction ({@code cl_active})
     * @param clientsWaiting clients that sent a query and wait for a server connection ({@code cl_waiting})
     * @param serversActive  server connections running a client's transaction ({@code sv_active})
     * @param serversIdle    server connections ready for the next transaction ({@code sv_idle})
     * @param serversUsed    server connections idle longer than server_check_delay, checked before reuse ({@code sv_used})
     * @param maxWaitSeconds how long the oldest waiting client has waited ({@code maxwait} + {@code maxwait_us})
     */
    public record Pool(String database, String user, String mode, int clientsActive, int clientsWaiting, int serversActive,
                       int serversIdle, int serversUsed, double maxWaitSeconds) {
    }

    /**
     * SHOW STATS for one database: totals since PgBouncer started, and averages over its last {@code stats_period}
     * (60 s by default) in microseconds, as PgBouncer computes them.
     */
    public record Traffic(String database, long transactions, long queries, long avgTransactionMicros, long avgQueryMicros,
                          long avgWaitMicros) {
    }
}
