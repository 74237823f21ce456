package io.niknotes.setup.copy;

import io.niknotes.setup.SetupException;
import io.niknotes.setup.postgres.PostgresConnector;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The writing half: refuses non-empty targets, records the run, drops secondary indexes and foreign keys
 * (remembered in the state table), loads each table in its own transaction on its own connection (several in
 * parallel), then recreates what was dropped, runs ANALYZE, moves sequences past the largest id and verifies.
 */
final class Loader {
    private final PostgresConnector connector;
    private final SourceSnapshot source;
    private final CopyRequest request;
    private final CopyListener listener;

    Loader(PostgresConnector connector, SourceSnapshot source, CopyRequest request, CopyListener listener) {
        this.connector = connector;
        this.source = source;
        this.request = request;
        this.listener = listener;
    }

    static long targetRows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from (select 1 from " + Sql.ident(table) + " limit 1000000000) t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select exists (select 1 from " + Sql.ident(table) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A table's load: what to do with it and, when an interrupted run already committed it, what it did. */
    private record Task(TablePlan plan, CopyState.LoadedTable done, boolean mayReplace) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private boolean resumed;
    private String fingerprint;

    /**
     * Before anything is read in depth: finds an interrupted run to resume and refuses non-empty tables that are
     * not ours to replace. Writes nothing.
     */
    void prepare(Connection admin, SqliteCopy.Plan plan) throws SQLException {
        if (CopyState.exists(admin)) CopyState.create(admin); // brings state tables of an older version up to date
        CopyState.Run unfinished = CopyState.unfinishedRun(admin);
        Map<String, CopyState.LoadedTable> committed = CopyState.loadedTables(admin);
        fingerprint = source.fingerprint();
        resumed = unfinished != null;
        List<String> refused = new ArrayList<>();
        for (TablePlan t : plan.tables()) {
            CopyState.LoadedTable prior = resumed ? committed.get(t.name()) : null;
            if (prior != null && prior.fingerprint().equals(fingerprint) && (prior.checksummed() || !request.verify())
                    && TargetMode.valueOf(unfinished.mode().toUpperCase(java.util.Locale.ROOT)) == request.mode()) {
                tasks.add(new Task(t, prior, false));
                continue;
            }
            if (hasRows(admin, t.name())) {
                if (prior != null && request.mode() == TargetMode.APPEND) {
                    throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "an interrupted --append run loaded " + t.name()
                            + " from a file that has changed since; its rows cannot be told apart from the earlier ones",
                            "restore the database from a backup, or re-run with --truncate to replace every table's rows");
                }
                if (prior == null && request.mode() == TargetMode.EMPTY_ONLY) refused.add(t.name() + " (" + targetRows(admin, t.name()) + " rows)");
            }
            tasks.add(new Task(t, null, prior != null || request.mode() == TargetMode.TRUNCATE));
        }
        if (!refused.isEmpty()) {
            throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "the target already holds data: " + SqliteCopy.names(refused)
                    + "; nothing was written", "re-run with --truncate to replace those rows by the SQLite data, or --append to add to them");
        }
    }

    CopyReport load(Connection admin, SqliteCopy.Plan plan, Map<String, List<TablePlan.OrphanFilter>> filters,
                    Map<String, List<List<String>>> referenced, List<Problem> problems, long start) throws SQLException {
        CopyState.create(admin);
        if (!resumed) CopyState.startRun(admin, source.file().toString(), fingerprint, request.mode());
        List<String> names = plan.tables().stream().map(TablePlan::name).toList();
        listener.phase("dropping secondary indexes and foreign keys for the load");
        CopyState.drop(admin, TargetCatalog.secondaryObjects(admin, names));

        ExecutorService pool = Executors.newFixedThreadPool(request.jobs(), r -> {
            Thread th = new Thread(r, "copy-worker");
            th.setDaemon(true);
            return th;
        });
        List<TableResult> results = new ArrayList<>();
        String failure = null;
        int rebuilt = 0;
        java.util.Set<String> kept = new java.util.HashSet<>();
        tasks.forEach(t -> {
            if (t.done() != null) kept.add(t.plan().name());
        });
        try (RejectLog rejects = new RejectLog(request.rejectFile(), resumed, kept)) {
            listener.phase("loading " + tasks.size() + " table(s) with " + request.jobs() + " job(s)");
            List<Future<TableResult>> futures = new ArrayList<>();
            tasks.sort(Comparator.comparingLong((Task t) -> -t.plan().rows()));
            for (Task task : tasks) {
                futures.add(pool.submit(() -> task.done() != null ? resumedResult(task)
                        : loadTable(task.plan(), task.mayReplace(), filters.getOrDefault(task.plan().name(), List.of()),
                        referenced.getOrDefault(task.plan().name(), List.of()), rejects, fingerprint)));
            }
            try {
                for (Future<TableResult> f : futures) results.add(get(f));
            } catch (RuntimeException e) {
                pool.shutdownNow();
                restoreAfterFailure(admin);
                throw e;
            }
            for (TableResult r : results) {
                if (r.status() == TableResult.Status.FAILED) failure = "loading " + r.table() + " failed: " + r.detail();
            }
            listener.phase("building indexes and foreign keys");
            rebuilt = rebuild(admin, pool);
            if (failure == null) {
                listener.phase("analyzing tables and moving sequences");
                // every table, resumed ones too (an interrupted run may have stopped before this step)
                for (TablePlan t : plan.tables()) analyzeAndSequences(admin, t);
                if (request.verify()) {
                    listener.phase("verifying counts and checksums");
                    results = verify(pool, results, tasks);
                }
                boolean ok = results.stream().allMatch(r -> r.verification() == null || r.verification().matches());
                if (ok) CopyState.finishRun(admin);
            }
            List<Problem> all = new ArrayList<>(problems.stream().filter(p -> p.kind() != Problem.Kind.ORPHAN).toList());
            all.addAll(loadProblems);
            List<String> notes = new ArrayList<>(plan.notes());
            notes.addAll(loadNotes);
            return SqliteCopy.report(request, resumed, plan.skipped(), results, all, rejects.fileIfUsed(), rebuilt, start, failure, notes);
        } finally {
            pool.shutdownNow();
        }
    }

    /** After a failure that stops the run: put back what was dropped, if possible (a later run retries otherwise). */
    private void restoreAfterFailure(Connection admin) {
        try {
            for (DroppedObject o : CopyState.dropped(admin)) {
                try {
                    CopyState.recreate(admin, o);
                } catch (SQLException ignored) {
                    // stays recorded in the state table; the next run recreates it
                }
            }
        } catch (SQLException ignored) {
            // the next run recreates what is recorded
        }
    }

    private final List<Problem> loadProblems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> loadNotes = java.util.Collections.synchronizedList(new ArrayList<>());

    private static TableResult get(Future<TableResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(io.niknotes.setup.ExitCode.INTERRUPTED, "interrupted while loading", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SetupException s) throw s;
            throw new IllegalStateException(e.getCause());
        }
    }

    private TableResult resumedResult(Task task) {
        CopyState.LoadedTable d = task.done();
        TableResult r = new TableResult(task.plan().name(), TableResult.Status.RESUMED, d.read(), d.loaded(), d.rejected(), d.fixed(),
                d.seconds(), null, "loaded by the interrupted run");
        listener.tableFinished(r);
        return r;
    }

    private TableResult loadTable(TablePlan t, boolean mayReplace, List<TablePlan.OrphanFilter> filters, List<List<String>> refs, RejectLog rejects,
                                  String fingerprint) {
        long start = System.nanoTime();
        listener.tableStarted(t.name(), t.rows());
        try (Connection c = connector.open(request.target())) {
            SqliteCopy.Session.prepare(c);
            c.setAutoCommit(false);
            try {
                long rowsBefore = 0;
                long sumBefore = 0;
                boolean freeze = false;
                try (Statement st = c.createStatement()) {
                    if (request.mode() == TargetMode.APPEND) {
                        st.execute("lock table " + Sql.ident(t.name()) + " in share row exclusive mode");
                        long[] before = checksum(c, t);
                        rowsBefore = before[0];
                        sumBefore = before[1];
                    } else {
                        if (!mayReplace) {
                            // checked empty before; check again under the lock: rows written since are never truncated
                            st.execute("lock table " + Sql.ident(t.name()) + " in access exclusive mode");
                            if (hasRows(c, t.name())) throw new SQLException(t.name() + " received rows during the copy; nothing was replaced");
                        }
                        // empty, ours from an interrupted run, or --truncate: replaced atomically with the load (and COPY FREEZE)
                        st.execute("truncate table " + Sql.ident(t.name()));
                        freeze = true;
                    }
                }
                List<TableKeys.Key> keys = freeze ? TableKeys.dropForLoad(c, t.name()) : List.of();
                TableScan scan = new TableScan(source, t, request.fixText(), filters, refs, rejects, listener);
                TableScan.Outcome o;
                try (CopyStream copy = new CopyStream(c.unwrap(PGConnection.class).getCopyAPI(), t.name(), t.columns(), freeze)) {
                    o = scan.run(copy::row, request.verify());
                    long copied = copy.finish();
                    if (copied != o.loaded()) {
                        throw new SQLException("PostgreSQL loaded " + copied + " rows of " + t.name() + ", " + o.loaded() + " were sent");
                    }
                }
                TableKeys.restore(c, keys);
                double seconds = (System.nanoTime() - start) / 1e9;
                CopyState.tableLoaded(c, t.name(), new CopyState.LoadedTable(o.read(), o.loaded(), o.rejected(), o.fixed(), o.checksum(),
                        rowsBefore, sumBefore, seconds, fingerprint, request.verify()));
                c.commit();
                loadProblems.addAll(o.problems());
                loadNotes.addAll(o.notes());
                TableResult r = new TableResult(t.name(), TableResult.Status.COPIED, o.read(), o.loaded(), o.rejected(), o.fixed(), seconds,
                        null, null);
                listener.tableFinished(r);
                return r;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                if (e instanceof SetupException s) throw s;
                TableResult r = new TableResult(t.name(), TableResult.Status.FAILED, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9, null,
                        failureDetail(t.name(), e));
                listener.tableFinished(r);
                return r;
            }
        } catch (SQLException e) {
            throw PostgresConnector.classify(e, request.target(), "DATABASE_URL");
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the server rolls back anyway
        }
    }

    /**
     * Why a table's load failed, on one line. A duplicate key (found when {@link TableKeys} builds the primary key or a
     * unique index after the COPY, or by the key itself on --append) names the key and the duplicated value from the
     * server's detail.
     */
    private static String failureDetail(String table, Exception e) {
        String message = firstLine(e.getMessage());
        if (e instanceof PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String detail = m.getDetail() != null ? m.getDetail() : "the server did not say which value"; // hidden without SELECT rights
            return table + " holds a duplicate value of its key " + m.getConstraint() + ": " + detail
                    + " Nothing of " + table + " was loaded; remove the duplicate rows from the SQLite file and run again";
        }
        return message;
    }

    private static String firstLine(String s) {
        return s == null ? "unknown error" : SetupException.firstLine(s);
    }

    /** Recreates every dropped index (in parallel) then every foreign key; returns how many were built. */
    private int rebuild(Connection admin, ExecutorService pool) throws SQLException {
        List<DroppedObject> dropped = CopyState.dropped(admin);
        int built = 0;
        List<Future<Void>> indexes = new ArrayList<>();
        for (DroppedObject o : dropped) {
            if (o.kind() != DroppedObject.Kind.INDEX) continue;
            indexes.add(pool.submit((Callable<Void>) () -> {
                try (Connection c = connector.open(request.target())) {
                    SqliteCopy.Session.prepare(c);
                    CopyState.recreate(c, o);
                }
                return null;
            }));
        }
        List<String> errors = new ArrayList<>();
        for (Future<Void> f : indexes) {
            try {
                f.get();
                built++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException(io.niknotes.setup.ExitCode.INTERRUPTED, "interrupted while building indexes", null, e);
            } catch (ExecutionException e) {
                errors.add(firstLine(e.getCause().getMessage()));
            }
        }
        for (DroppedObject o : dropped) {
            if (o.kind() != DroppedObject.Kind.FOREIGN_KEY) continue;
            try {
                CopyState.recreate(admin, o);
                built++;
            } catch (SQLException e) {
                errors.add(o.table() + "." + o.name() + ": " + firstLine(e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "the data is loaded but " + errors.size()
                    + " index(es)/foreign key(s) could not be recreated: " + String.join("; ", errors),
                    "fix the cause, then run migrate-from-sqlite again: it recreates what is recorded in " + CopyState.SCHEMA + ".dropped");
        }
        return built;
    }

    private static void analyzeAndSequences(Connection admin, TablePlan t) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("analyze " + Sql.ident(t.name()));
        }
        for (TargetTable.Column c : t.target().columns()) {
            if (!c.serial()) continue;
            String sql = "select setval(pg_get_serial_sequence(?, ?), coalesce(max(" + Sql.ident(c.name()) + "), 0) + 1, false) from "
                    + Sql.ident(t.name());
            try (PreparedStatement ps = admin.prepareStatement(sql)) {
                ps.setString(1, Sql.ident(t.name()));
                ps.setString(2, c.name());
                ps.execute();
            }
        }
    }

    private List<TableResult> verify(ExecutorService pool, List<TableResult> results, List<Task> tasks) throws SQLException {
        List<Future<TableResult>> futures = new ArrayList<>();
        for (TableResult r : results) {
            if (r.status() != TableResult.Status.COPIED && r.status() != TableResult.Status.RESUMED) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(r));
                continue;
            }
            TablePlan t = tasks.stream().map(Task::plan).filter(p -> p.name().equals(r.table())).findFirst().orElseThrow();
            futures.add(pool.submit(() -> {
                try (Connection c = connector.open(request.target())) {
                    SqliteCopy.Session.prepare(c);
                    CopyState.LoadedTable state = CopyState.loadedTables(c).get(t.name());
                    long[] actual = checksum(c, t);
                    long expectedRows = state.rowsBefore() + state.loaded();
                    long expectedSum = state.checksumBefore() + state.checksum();
                    return r.withVerification(new TableResult.Verification(expectedRows, actual[0], RowHash.hex(expectedSum),
                            RowHash.hex(actual[1]), t.notChecksummed()));
                }
            }));
        }
        List<TableResult> verified = new ArrayList<>();
        for (Future<TableResult> f : futures) verified.add(get(f));
        return verified;
    }

    /** PostgreSQL's row count and content checksum of a table over the plan's checksummed columns. */
    static long[] checksum(Connection c, TablePlan t) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RowHash.sql(t.name(), t.checksummed()))) {
            rs.next();
            BigDecimal sum = rs.getBigDecimal(2);
            return new long[]{rs.getLong(1), sum.toBigInteger().longValue()};
        }
    }
}
