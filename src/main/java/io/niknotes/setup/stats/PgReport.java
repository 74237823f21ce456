package io.niknotes.setup.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What PostgreSQL told us, as figures. Null means "not known" (hidden by privileges, or not applicable).
 *
 * @param statsSince  start of the statistics window (see {@code PostgresStats#statsWindow})
 * @param statsSource where {@code statsSince} came from: "stats_reset", "database created", "schema installed", "server start"
 */
public record PgReport(Server server, Instant statsSince, String statsSource, List<ConnectionGroup> connections,
                       int hiddenConnections, List<Session> longRunning, List<Session> idleInTransaction,
                       List<Table> tables, List<Index> indexes, CacheHit cacheHit, List<HotQuery> hotQueries,
                       SlowQueries slowQueries, List<Sequence> sequences, Wraparound wraparound, boolean schemaPresent) {
    public PgReport {
        connections = List.copyOf(connections);
        longRunning = List.copyOf(longRunning);
        idleInTransaction = List.copyOf(idleInTransaction);
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
        hotQueries = List.copyOf(hotQueries);
        sequences = List.copyOf(sequences);
    }

    public Duration statsAge(Instant now) {
        return statsSince == null ? Duration.ZERO : Duration.between(statsSince, now);
    }

    public int totalConnections() {
        return connections.stream().mapToInt(ConnectionGroup::count).sum();
    }

    public int appConnections() {
        return connections.stream().filter(c -> Thresholds.APP_NAME.equals(c.applicationName())).mapToInt(ConnectionGroup::count).sum();
    }

    public long totalIndexScans() {
        return tables.stream().mapToLong(Table::idxScan).sum();
    }

    public record Server(String version, int versionNum, Instant startedAt, String database, long databaseBytes,
                         int maxConnections, int reservedConnections, String user, boolean superuser,
                         boolean readAllStats) {
    }

    /** Client connections to the whole server with one state and application_name (state null = hidden). */
    public record ConnectionGroup(String state, String applicationName, int count) {
    }

    public record Session(int pid, String user, String applicationName, String state, Duration duration, String query) {
    }

    /**
     * @param rows      the exact count with --exact, else the planner's estimate (reltuples, or n_live_tup before the first ANALYZE)
     * @param rowsExact whether {@code rows} is exact
     */
    public record Table(String name, long rows, boolean rowsExact, long tableBytes, long indexBytes, long toastBytes,
                        long seqScan, long idxScan, long liveTuples, long deadTuples, Instant lastVacuum,
                        Instant lastAutovacuum, Instant lastAnalyze, Instant lastAutoanalyze) {
        /** idx_scan / (seq_scan + idx_scan), or null when the table was never scanned. */
        public Double indexScanRatio() {
            long all = seqScan + idxScan;
            return all == 0 ? null : (double) idxScan / all;
        }

        public Double deadRatio() {
            long all = liveTuples + deadTuples;
            return all == 0 ? null : (double) deadTuples / all;
        }
    }

    /**
     * @param columns   the indexed column numbers (pg_index.indkey), empty for expression indexes
     * @param lastScan  PostgreSQL 16+: when it was last used, else null
     * @param coveredBy another index on the same table whose leading columns include all of this one's, or null
     */
    public record Index(String table, String name, long scans, long bytes, boolean unique, boolean primary,
                        boolean backsConstraint, boolean valid, boolean partial, List<Integer> columns,
                        String method, String definition, Instant lastScan, String coveredBy) {
        public Index withCoveredBy(String other) {
            return new Index(table, name, scans, bytes, unique, primary, backsConstraint, valid, partial, columns, method,
                    definition, lastScan, other);
        }

        /** Enforces something (primary key, unique, a constraint): never "unused". */
        public boolean enforcing() {
            return unique || primary || backsConstraint;
        }
    }

    /** Buffer-cache hits and reads from pg_statio_user_tables. */
    public record CacheHit(long heapHit, long heapRead, long indexHit, long indexRead) {
        public Double heapRatio() {
            return heapHit + heapRead == 0 ? null : (double) heapHit / (heapHit + heapRead);
        }

        public Double indexRatio() {
            return indexHit + indexRead == 0 ? null : (double) indexHit / (indexHit + indexRead);
        }
    }

    /**
     * One of the app's hot queries, explained.
     *
     * @param indexes   the indexes the plan uses, in plan order
     * @param seqScans  the tables it reads sequentially
     * @param actualMs  with --analyze, the execution time; else null
     * @param error     why it could not be explained, or null
     */
    public record HotQuery(String name, String description, String sql, List<String> indexes, List<String> seqScans,
                           double cost, Double actualMs, String error) {
        public HotQuery {
            indexes = List.copyOf(indexes);
            seqScans = List.copyOf(seqScans);
        }
    }

    /** pg_stat_statements, when installed and readable; {@code note} says why not otherwise. */
    public record SlowQueries(boolean available, String note, List<Statement> top) {
        public SlowQueries {
            top = List.copyOf(top);
        }
    }

    public record Statement(String query, long calls, double meanMs, double totalMs, long rows) {
    }

    /**
     * @param lastValue null when never used or hidden by privileges
     * @param readable  false when privileges hide the sequence's value from this role
     */
    public record Sequence(String name, Long lastValue, long maxValue, long minValue, boolean readable) {
        public Sequence(String name, Long lastValue, long maxValue, long minValue) {
            this(name, lastValue, maxValue, minValue, true);
        }

        public Double usedRatio() {
            if (lastValue == null) return null;
            double range = (double) maxValue - minValue;
            return range <= 0 ? null : ((double) lastValue - minValue) / range;
        }

        /** Readable and never called: nothing of its range is used yet. */
        public boolean neverUsed() {
            return readable && lastValue == null;
        }
    }

    /** The oldest database's transaction-ID age. */
    public record Wraparound(String database, long xidAge) {
        public long remaining() {
            return Thresholds.XID_WRAPAROUND - xidAge;
        }
    }
}
