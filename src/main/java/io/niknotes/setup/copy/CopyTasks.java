package io.niknotes.setup.copy;

import io.niknotes.setup.postgres.PostgresConnector;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The copy's work once it is planned, as steps that start as soon as what they wait for is done, on the run's jobs:
 * every table's load (the largest first); as soon as a table is committed, its indexes and its verification; a
 * foreign key once both its tables are loaded and their indexes built (it locks both tables against index builds);
 * the sequences once nothing more is built on the table (a table loaded now was analyzed inside its load's
 * transaction; one kept from an interrupted run is analyzed then). So the small tables' indexes are built while
 * the big one still loads, and the big one's indexes, verification and foreign key share the jobs at the end.
 * Each index and foreign key is forgotten in the state table as it is built: an interrupted run leaves the list of
 * what is still missing, as before.
 */
final class CopyTasks {
    /** A table to load, or one already loaded (an interrupted run's, the run waited for) whose result is at hand. */
    record Load(TablePlan plan, LoadWork work) {
    }

    /** A table's load; {@code alone} tells, when asked, whether nothing else runs beside it (its key builds may then use the server's parallel workers). */
    @FunctionalInterface
    interface LoadWork {
        TableResult load(BooleanSupplier alone) throws Exception;
    }

    /** What the steps did: each table's result (with its verification), how many indexes and keys were built, and what failed. */
    record Done(List<TableResult> results, int rebuilt, List<String> errors) {
    }

    private enum Kind { LOAD, INDEX, FOREIGN_KEY, VERIFY, ANALYZE }

    /** Loads before anything else; then the work of the bigger table first; within a table in the order of {@link Kind}. */
    private record Rank(boolean load, long rows, Kind kind) implements Comparable<Rank> {
        @Override
        public int compareTo(Rank o) {
            if (load != o.load) return load ? -1 : 1;
            if (rows != o.rows) return Long.compare(o.rows, rows);
            return kind.compareTo(o.kind);
        }
    }

    private final PostgresConnector connector;
    private final CopyRequest request;
    private final Interruption interruption;
    private final CopyListener listener;
    private final AfterLoad after;

    CopyTasks(PostgresConnector connector, CopyRequest request, Interruption interruption, CopyListener listener) {
        this.connector = connector;
        this.request = request;
        this.interruption = interruption;
        this.listener = listener;
        this.after = new AfterLoad(interruption);
    }

    /**
     * Runs the loads, builds {@code dropped}, verifies (when asked) and, with {@code analyze}, runs ANALYZE and moves the
     * sequences; throws what must stop the run.
     */
    Done run(List<Load> loads, List<DroppedObject> dropped, int jobs, boolean analyze) throws Exception {
        Pipeline<Rank> pipeline = new Pipeline<>();
        Map<String, TableResult> results = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, Long> rows = new HashMap<>();
        Map<String, Pipeline.Step<Rank>> loaded = new HashMap<>();
        Map<String, List<Pipeline.Step<Rank>>> builds = new HashMap<>(); // per table: what must end before ANALYZE
        AtomicInteger loadsLeft = new AtomicInteger(loads.size());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger rebuilt = new AtomicInteger();
        Connection[] connections = new Connection[jobs];
        for (Load l : loads) {
            String table = l.plan().name();
            rows.put(table, l.plan().rows());
            results.put(table, null); // the report keeps the order of the loads
            loaded.put(table, pipeline.add("load " + table, new Rank(true, l.plan().rows(), Kind.LOAD), worker -> {
                interruption.check();
                results.put(table, l.work().load(pipeline::alone));
                if (loadsLeft.decrementAndGet() == 0 && !dropped.isEmpty()) listener.phase("building indexes and foreign keys"
                        + (request.verify() ? ", verifying" : ""));
            }, List.of()));
        }
        Map<String, List<Pipeline.Step<Rank>>> indexes = new HashMap<>();
        for (DroppedObject o : dropped) {
            if (o.kind() != DroppedObject.Kind.INDEX) continue;
            Pipeline.Step<Rank> s = pipeline.add("index " + o.name(), new Rank(false, rows.getOrDefault(o.table(), 0L), Kind.INDEX),
                    worker -> build(session(connections, worker), o, errors, rebuilt, pipeline.alone()), listOf(loaded.get(o.table())));
            indexes.computeIfAbsent(o.table(), k -> new ArrayList<>()).add(s);
            builds.computeIfAbsent(o.table(), k -> new ArrayList<>()).add(s);
        }
        // foreign keys lock both tables: after their indexes, one at a time per table, the one ready soonest (smaller child) first
        List<DroppedObject> keys = dropped.stream().filter(o -> o.kind() == DroppedObject.Kind.FOREIGN_KEY)
                .sorted(java.util.Comparator.comparingLong((DroppedObject o) -> rows.getOrDefault(o.table(), 0L))).toList();
        Map<String, Pipeline.Step<Rank>> lastKeyOn = new HashMap<>();
        for (DroppedObject o : keys) {
            List<String> tables = o.referencedTable() == null ? List.of(o.table()) : List.of(o.table(), o.referencedTable());
            List<Pipeline.Step<Rank>> before = new ArrayList<>();
            for (String t : tables) {
                before.add(loaded.get(t));
                before.addAll(indexes.getOrDefault(t, List.of()));
                before.add(lastKeyOn.get(t));
            }
            Pipeline.Step<Rank> s = pipeline.add("foreign key " + o.name(), new Rank(false, rows.getOrDefault(o.table(), 0L), Kind.FOREIGN_KEY),
                    worker -> build(session(connections, worker), o, errors, rebuilt, false), before);
            for (String t : tables) {
                lastKeyOn.put(t, s);
                builds.computeIfAbsent(t, k -> new ArrayList<>()).add(s);
            }
        }
        for (Load l : loads) {
            String table = l.plan().name();
            long size = l.plan().rows();
            if (request.verify()) {
                pipeline.add("verify " + table, new Rank(false, size, Kind.VERIFY), worker -> {
                    TableResult r = results.get(table);
                    if (complete(r)) results.put(table, after.verify(session(connections, worker), l.plan(), r));
                }, List.of(loaded.get(table)));
            }
            if (!analyze) continue;
            List<Pipeline.Step<Rank>> before = new ArrayList<>(builds.getOrDefault(table, List.of()));
            before.add(loaded.get(table));
            pipeline.add("analyze " + table, new Rank(false, size, Kind.ANALYZE), worker -> {
                TableResult r = results.get(table);
                // a table loaded by this run was analyzed in its load's transaction; one kept from an interrupted run is analyzed here
                if (complete(r)) after.analyzeAndSequences(session(connections, worker), l.plan(), r.status() == TableResult.Status.RESUMED);
            }, before);
        }
        try {
            pipeline.run(jobs);
        } finally {
            for (Connection c : connections) {
                if (c != null) close(c);
            }
        }
        return new Done(new ArrayList<>(results.values()), rebuilt.get(), List.copyOf(errors));
    }

    /**
     * Builds one index or foreign key; a failure is listed (the data stays loaded), a stop is thrown.
     *
     * @param alone whether an index build runs with nothing beside it (see {@link Session#parallelBuilds})
     */
    private void build(Connection c, DroppedObject o, List<String> errors, AtomicInteger rebuilt, boolean alone) throws SQLException {
        try (Interruption.Watch w = interruption.watch(c)) {
            if (o.kind() == DroppedObject.Kind.INDEX) Session.parallelBuilds(c, request.jobs(), alone);
            CopyState.recreate(c, o);
            rebuilt.incrementAndGet();
        } catch (SQLException e) {
            if (interruption.stopped()) throw e;
            errors.add(o.table() + "." + o.name() + ": " + Jobs.firstLine(e.getMessage()));
        }
    }

    /** The job's own connection, opened on its first step and kept for its next ones. */
    private Connection session(Connection[] connections, int worker) throws SQLException {
        interruption.check();
        if (connections[worker] == null) {
            Connection c = connector.open(request.target());
            Session.prepare(c);
            connections[worker] = c;
        }
        return connections[worker];
    }

    private static boolean complete(TableResult r) {
        return r != null && (r.status() == TableResult.Status.COPIED || r.status() == TableResult.Status.RESUMED);
    }

    private static List<Pipeline.Step<Rank>> listOf(Pipeline.Step<Rank> step) {
        return step == null ? List.of() : List.of(step);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the server ends the session anyway
        }
    }
}
