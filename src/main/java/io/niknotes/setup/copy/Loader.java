package io.niknotes.setup.copy;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.SetupException;
import io.niknotes.setup.postgres.PostgresConnector;
import io.niknotes.setup.postgres.UnfinishedCopy;
import io.niknotes.setup.sqlite.Snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The writing half: refuses non-empty targets, records the run, drops secondary indexes and foreign keys
 * (remembered in the state table), loads each table in its own transaction on its own connection (several in
 * parallel), then recreates what was dropped, runs ANALYZE, moves sequences past the largest id and verifies.
 */
final class Loader {
    private final PostgresConnector connector;
    private final Snapshot source;
    private final CopyRequest request;
    private final CopyListener listener;
    private final Integrity integrity;
    private final Interruption interruption;
    /** How long a stopped run spends putting back what it took away before it lists what is still missing. */
    private static final long PUT_BACK_MILLIS = 4000;

    Loader(PostgresConnector connector, Snapshot source, CopyRequest request, CopyListener listener, Integrity integrity,
           Interruption interruption) {
        this.integrity = integrity;
        this.interruption = interruption;
        this.connector = connector;
        this.source = source;
        this.request = request;
        this.listener = listener;
    }

    /** A table's load: what to do with it and, when an interrupted run already committed it, what it did. */
    private record Task(TablePlan plan, CopyState.LoadedTable done, boolean mayReplace) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private boolean resumed;
    private boolean alreadyDone;
    private String fingerprint;
    /** How this run's rows are hashed for the verification (asked of the server before anything is dropped). */
    private RowHash.Scheme scheme;

    /**
     * Before anything is read in depth: finds an interrupted run to resume and refuses non-empty tables that are
     * not ours to replace. Writes nothing.
     */
    void prepare(Connection admin, Plan plan, boolean waited) throws SQLException {
        if (CopyState.exists(admin)) CopyState.create(admin); // brings state tables of an older version up to date
        CopyState.Run unfinished = CopyState.unfinishedRun(admin);
        Map<String, CopyState.LoadedTable> committed = CopyState.loadedTables(admin);
        fingerprint = source.fingerprint();
        scheme = RowHash.Scheme.forServer(admin);
        resumed = unfinished != null;
        if (waited && !resumed && doneWhileWaiting(CopyState.finishedRun(admin), committed, plan)) return;
        List<String> refused = new ArrayList<>();
        for (TablePlan t : plan.tables()) {
            CopyState.LoadedTable prior = resumed ? committed.get(t.name()) : null;
            if (prior != null && prior.fingerprint().equals(fingerprint) && (prior.checksummed() || !request.verify())
                    && TargetMode.valueOf(unfinished.mode().toUpperCase(java.util.Locale.ROOT)) == request.mode()) {
                tasks.add(new Task(t, prior, false));
                continue;
            }
            if (TargetCatalog.hasRows(admin, t.name())) {
                if (prior != null && request.mode() == TargetMode.APPEND) {
                    throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "an interrupted --append run loaded " + t.name()
                            + " from a file that has changed since; its rows cannot be told apart from the earlier ones",
                            "restore the database from a backup, or re-run with --truncate to replace every table's rows");
                }
                if (prior == null && request.mode() == TargetMode.EMPTY_ONLY) refused.add(t.name() + " (" + TargetCatalog.rows(admin, t.name()) + " rows)");
            }
            tasks.add(new Task(t, null, prior != null || request.mode() == TargetMode.TRUNCATE));
        }
        if (!refused.isEmpty()) {
            throw new SetupException(io.niknotes.setup.ExitCode.FAILED, "the target already holds data: " + names(refused)
                    + "; nothing was written", "re-run with --truncate to replace those rows by the SQLite data, or --append to add to them");
        }
    }

    /**
     * Whether the copy this run waited for was this same copy (same file, unchanged, same mode, every table): then
     * there is nothing left to write, only to verify.
     */
    private boolean doneWhileWaiting(CopyState.Run finished, Map<String, CopyState.LoadedTable> committed, Plan plan) {
        if (finished == null || !finished.fingerprint().equals(fingerprint) || !finished.source().equals(source.file().toString())
                || !finished.mode().equalsIgnoreCase(request.mode().name())) {
            return false;
        }
        for (TablePlan t : plan.tables()) {
            CopyState.LoadedTable prior = committed.get(t.name());
            if (prior == null || !prior.fingerprint().equals(fingerprint)) return false;
        }
        plan.tables().forEach(t -> tasks.add(new Task(t, committed.get(t.name()), false)));
        alreadyDone = true;
        return true;
    }

    /** The copy a concurrent run finished while this one waited: each table verified again, nothing written. */
    private CopyReport verifyOnly(Plan plan, List<Problem> problems, long start) throws SQLException {
        List<CopyTasks.Load> loads = new ArrayList<>();
        for (Task t : tasks) {
            CopyState.LoadedTable d = t.done();
            TableResult r = new TableResult(t.plan().name(), TableResult.Status.RESUMED, d.read(), d.loaded(), d.rejected(), d.fixed(),
                    d.seconds(), null, "copied by the run this one waited for");
            loads.add(new CopyTasks.Load(t.plan(), alone -> r));
        }
        if (request.verify()) listener.phase("verifying counts and checksums");
        // the run waited for analyzed the tables and moved their sequences: this one writes nothing
        List<TableResult> results = steps(loads, List.of(), false).results();
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add("another copy of the same file into this database finished while this one waited; nothing was written again");
        return CopyReport.of(request, false, plan.skipped(), results,
                problems.stream().filter(p -> p.kind() != Problem.Kind.ORPHAN).toList(), null, 0, start, null, notes);
    }

    /** Runs the copy's steps; what stops them comes out as it was thrown (a SetupException, an SQLException). */
    private CopyTasks.Done steps(List<CopyTasks.Load> loads, List<DroppedObject> dropped, boolean analyze) throws SQLException {
        try {
            return new CopyTasks(connector, request, interruption, listener).run(loads, dropped, request.jobs(), analyze);
        } catch (RuntimeException | SQLException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(ExitCode.INTERRUPTED, "interrupted while copying", null, e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    CopyReport load(Connection admin, Plan plan, Map<String, List<TablePlan.OrphanFilter>> filters,
                    Map<String, List<List<String>>> referenced, List<Problem> problems, long start) throws SQLException {
        if (alreadyDone) return verifyOnly(plan, problems, start);
        try (Interruption.Watch w = interruption.watch(admin)) {
            return loadAll(admin, plan, filters, referenced, problems, start);
        } catch (RuntimeException | SQLException e) {
            if (!interruption.stopped()) throw e;
            throw stopped(admin, plan);
        }
    }

    private CopyReport loadAll(Connection admin, Plan plan, Map<String, List<TablePlan.OrphanFilter>> filters,
                               Map<String, List<List<String>>> referenced, List<Problem> problems, long start) throws SQLException {
        CopyState.create(admin);
        if (!resumed) CopyState.startRun(admin, source.file().toString(), fingerprint, request.mode());
        // the tables an interrupted run committed are kept, with the indexes already built again; only the others load
        Set<String> kept = tasks.stream().filter(t -> t.done() != null).map(t -> t.plan().name()).collect(Collectors.toSet());
        List<String> loading = plan.tables().stream().map(TablePlan::name).filter(name -> !kept.contains(name)).toList();
        listener.phase("dropping secondary indexes and foreign keys for the load");
        CopyState.drop(admin, TargetCatalog.secondaryObjects(admin, loading));
        try (RejectLog rejects = new RejectLog(request.rejectFile(), resumed, kept)) {
            TableLoad loads = new TableLoad(connector, source, request, listener, rejects, fingerprint, integrity, interruption, scheme);
            listener.phase("loading " + tasks.size() + " table(s) with " + request.jobs() + " job(s); indexes and checks as each is done");
            tasks.sort(Comparator.comparingLong((Task t) -> -t.plan().rows()));
            List<CopyTasks.Load> work = new ArrayList<>();
            for (Task task : tasks) {
                work.add(new CopyTasks.Load(task.plan(), alone -> task.done() != null ? resumedResult(task)
                        : loads.load(task.plan(), task.mayReplace(), filters.getOrDefault(task.plan().name(), List.of()),
                        referenced.getOrDefault(task.plan().name(), List.of()), alone)));
            }
            CopyTasks.Done done;
            try {
                done = steps(work, CopyState.dropped(admin), true);
            } catch (RuntimeException | SQLException e) {
                if (interruption.stopped()) throw e;
                restoreAfterFailure(admin);
                if (!resumed) CopyState.forgetRunWithoutTables(admin); // nothing of this run committed: no unfinished copy to report
                if (e instanceof RuntimeException r) throw damageSaid(admin, r);
                throw e;
            }
            List<TableResult> results = done.results();
            String failure = null;
            for (TableResult r : results) {
                if (r.status() == TableResult.Status.FAILED) failure = "loading " + r.table() + " failed: " + r.detail();
            }
            if (!done.errors().isEmpty()) {
                throw new SetupException(ExitCode.FAILED, "the data is loaded but " + done.errors().size()
                        + " index(es)/foreign key(s) could not be recreated: " + String.join("; ", done.errors()),
                        "fix the cause, then run migrate-from-sqlite again: it recreates what is recorded in " + CopyState.SCHEMA + ".dropped");
            }
            boolean ok = results.stream().allMatch(r -> r.verification() == null || r.verification().matches());
            if (failure == null && ok) CopyState.finishRun(admin);
            List<Problem> all = new ArrayList<>(problems.stream().filter(p -> p.kind() != Problem.Kind.ORPHAN).toList());
            all.addAll(loads.problems);
            List<String> notes = new ArrayList<>(plan.notes());
            notes.addAll(loads.notes);
            return CopyReport.of(request, resumed, plan.skipped(), results, all, rejects.fileIfUsed(), done.rebuilt(), start, failure, notes);
        }
    }

    /**
     * After a stop: the running tables have rolled back; put back the dropped indexes and foreign keys and move the
     * sequences of the tables loaded so far, for a few seconds at most, then say what is still missing and how to finish.
     */
    private SetupException stopped(Connection admin, Plan plan) {
        Thread.interrupted();
        String signal = interruption.code() == ExitCode.TERMINATED ? "SIGTERM" : "SIGINT";
        listener.notice("stopping (" + signal + "): what was running rolls back; putting back the indexes, foreign keys and sequences …");
        String left;
        String fix = UnfinishedCopy.FIX;
        try (Statement st = admin.createStatement()) {
            if (!admin.getAutoCommit()) admin.rollback();
            st.execute("set statement_timeout = " + PUT_BACK_MILLIS);
            long deadline = System.nanoTime() + PUT_BACK_MILLIS * 1_000_000L;
            for (DroppedObject o : CopyState.dropped(admin)) {
                if (System.nanoTime() > deadline) break;
                try {
                    CopyState.recreate(admin, o);
                } catch (SQLException stillMissing) {
                    // listed below; the next run builds it
                }
            }
            Set<String> loaded = CopyState.loadedTables(admin).keySet();
            for (TablePlan t : plan.tables()) {
                if (loaded.contains(t.name())) AfterLoad.moveSequences(admin, t);
            }
            st.execute("set statement_timeout = 0");
            UnfinishedCopy u = UnfinishedCopy.read(admin);
            if (u != null) fix = u.fix();
            left = u == null ? "nothing is missing"
                    : u.indexes().isEmpty() && u.foreignKeys().isEmpty() && u.sequences().isEmpty()
                    ? "every index, foreign key and sequence is back (tables not loaded yet are empty, the copy is not verified)"
                    : "still missing: " + u.summary();
        } catch (SQLException e) {
            left = "what is still missing could not be read (" + Jobs.firstLine(e.getMessage()) + "): `niknotes-setup check` lists it";
        }
        return new SetupException(interruption.code(), "stopped by " + signal + ": what was running rolled back, the tables loaded"
                + " before are kept; " + left, fix);
    }

    /** A damaged source stops the run: the message says what of it was committed (normally nothing: commits wait for the check). */
    private RuntimeException damageSaid(Connection admin, RuntimeException e) throws SQLException {
        if (!(e instanceof SetupException s) || s.exitCode() != ExitCode.SOURCE_INVALID) return e;
        List<String> committed = new ArrayList<>(CopyState.loadedTables(admin).keySet());
        return new SetupException(ExitCode.SOURCE_INVALID, s.getMessage() + (committed.isEmpty() ? "; nothing of it was committed"
                : "; tables committed from it (run again with --truncate once the file is repaired): " + names(committed)), s.fix(), s);
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

    private TableResult resumedResult(Task task) {
        CopyState.LoadedTable d = task.done();
        TableResult r = new TableResult(task.plan().name(), TableResult.Status.RESUMED, d.read(), d.loaded(), d.rejected(), d.fixed(),
                d.seconds(), null, "loaded by the interrupted run");
        listener.tableFinished(r);
        return r;
    }


    private static String names(List<String> list) {
        StringJoiner j = new StringJoiner(", ");
        list.forEach(j::add);
        return j.toString();
    }
}
